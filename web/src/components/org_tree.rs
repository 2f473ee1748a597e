//! The organization drawn as a tree (SVG): root, OUs and accounts with their
//! SCPs and RCPs. Drag an OU or account onto another node to move it; drag a
//! policy from the library onto a node to attach it. Every action also has a
//! keyboard path: arrow keys move, Enter selects, and the actions panel below
//! the tree offers the same operations as buttons and pickers.

mod node_actions;
mod standalone_accounts;

use crate::components::ask::{Ask, AskField, apply_edit};
use crate::hooks::{AppContext, confirm, use_app};
use crate::org_rows::{Drag, Row, RowKind, drop_edit, rows};
use crate::state::Action;
use crate::state::edit::DocEdit;
use crate::state::targets::PolicyTarget;
use iam_wire::scenario::OrgPolicyKind;
use node_actions::NodeActions;
use standalone_accounts::StandaloneAccounts;
use wasm_bindgen::JsCast;
use yew::prelude::*;

const ROW: f64 = 30.0;
const INDENT: f64 = 18.0;
/// The narrowest the tree gets (the column's minimum, a phone): rows are fitted to it.
const FIT_WIDTH: f64 = 300.0;

/// `s` cut to `n` characters with an ellipsis.
fn ellipsis(s: &str, n: usize) -> String {
    if s.chars().count() <= n { s.to_string() } else { s.chars().take(n.saturating_sub(1)).collect::<String>() + "…" }
}

/// The name and the policy chips of a row, shortened to fit `FIT_WIDTH` from `x`
/// (approximate glyph widths: 7.2 px at 13 px, 6.2 px at 11 px).
fn fit_row(x: f64, name: &str, badge: bool, chips: &str) -> (String, String) {
    let room = (FIT_WIDTH - x - 16.0 - if badge { 80.0 } else { 0.0 }).max(40.0);
    let name_chars = (room / 7.2) as usize;
    let name = ellipsis(name, name_chars.max(6));
    let left = room - name.chars().count() as f64 * 7.2 - 8.0;
    let chips = if chips.is_empty() || left < 30.0 { String::new() } else { ellipsis(chips, (left / 6.2) as usize) };
    (name, chips)
}

#[function_component(OrgTree)]
pub fn org_tree() -> Html {
    let app = use_app();
    let doc = &app.state.doc;
    let rows = rows(doc);
    let drag = use_state(|| None::<(Drag, f64, f64, bool)>);
    let hover = use_state(|| None::<usize>);
    let focus = use_state(|| 0usize);
    // A row to move keyboard focus to after the next render (the parent of a deleted row).
    let refocus = use_mut_ref(|| None::<usize>);
    let svg_ref = use_node_ref();
    // Rows come and go with edits: exactly one row stays tabbable.
    let focus_i = (*focus).min(rows.len().saturating_sub(1));
    {
        let (refocus, focus, svg_ref) = (refocus.clone(), focus.clone(), svg_ref.clone());
        use_effect(move || {
            if let Some(i) = refocus.borrow_mut().take() {
                focus.set(i);
                focus_row(&svg_ref, i);
            }
        });
    }

    let Some(org) = &doc.organization else {
        return html! {
            <section class="panel org" aria-labelledby="org-title">
                <h2 id="org-title" class="panel-title">{ "Organization" }</h2>
                <p class="muted">{ "These accounts are not in an AWS Organization." }</p>
                <button type="button" onclick={app.on_edit(DocEdit::CreateOrganization)}>{ "Create organization" }</button>
            </section>
        };
    };

    let selected_row = rows.iter().position(|r| r.is_selected(&app.state.selection));
    let select_row = {
        let app = app.clone();
        let rows = rows.clone();
        move |i: usize| {
            if let Some(sel) = rows.get(i).and_then(Row::selection) {
                app.dispatch(Action::Select(sel));
            }
        }
    };

    // Pointer drag and drop (rows and library chips), with a 5 px threshold so a click stays a click.
    let row_at = {
        let svg_ref = svg_ref.clone();
        let n = rows.len();
        move |client_y: f64| -> Option<usize> {
            let el = svg_ref.cast::<web_sys::Element>()?;
            let rect = el.get_bounding_client_rect();
            let y = client_y - rect.top();
            (y >= 0.0 && y < rect.height()).then(|| (y / ROW) as usize).filter(|i| *i < n)
        }
    };
    let start_drag = {
        let drag = drag.clone();
        move |d: Drag, e: &PointerEvent| {
            if let Some(t) = e.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) {
                let _ = t.set_pointer_capture(e.pointer_id());
            }
            drag.set(Some((d, e.client_x() as f64, e.client_y() as f64, false)));
        }
    };
    let on_move = {
        let drag = drag.clone();
        let hover = hover.clone();
        let row_at = row_at.clone();
        Callback::from(move |e: PointerEvent| {
            if let Some((d, x, y, moved)) = (*drag).clone() {
                let far = ((e.client_x() as f64 - x).powi(2) + (e.client_y() as f64 - y).powi(2)).sqrt() > 5.0;
                if far && !moved {
                    drag.set(Some((d, x, y, true)));
                }
                hover.set(row_at(e.client_y() as f64));
            }
        })
    };
    let on_up = {
        let drag = drag.clone();
        let hover = hover.clone();
        let app = app.clone();
        let rows = rows.clone();
        let select_row = select_row.clone();
        Callback::from(move |e: PointerEvent| {
            if let Some((d, _, _, moved)) = (*drag).clone() {
                let target = row_at(e.client_y() as f64);
                match (moved, target) {
                    (true, Some(t)) => match drop_edit(&rows, &d, t) {
                        Some(edit) => app.edit(edit),
                        None => app.dispatch(Action::Notice(Some("That cannot be dropped there.".into()))),
                    },
                    (false, _) => match d {
                        Drag::Row(i) => select_row(i),
                        Drag::Policy { .. } => {}
                    },
                    _ => {}
                }
            }
            drag.set(None);
            hover.set(None);
        })
    };

    let on_key = {
        let focus = focus.clone();
        let select_row = select_row.clone();
        let rows = rows.clone();
        let app = app.clone();
        let refocus = refocus.clone();
        let svg_ref = svg_ref.clone();
        Callback::from(move |e: KeyboardEvent| {
            let n = rows.len();
            let cur = focus_i;
            let next = match e.key().as_str() {
                "ArrowDown" => Some((cur + 1).min(n.saturating_sub(1))),
                "ArrowUp" => Some(cur.saturating_sub(1)),
                "Home" => Some(0),
                "End" => Some(n.saturating_sub(1)),
                "Enter" | " " => {
                    select_row(cur);
                    None
                }
                "Delete" => {
                    if let Some(r) = rows.get(cur) {
                        delete_row(&app, r, &refocus);
                    }
                    None
                }
                _ => return,
            };
            e.prevent_default();
            if let Some(i) = next {
                focus.set(i);
                focus_row(&svg_ref, i);
            }
        })
    };

    let dragging = drag.as_ref().is_some_and(|d| d.3);
    let height = (rows.len().max(1) as f64) * ROW + 4.0;
    let lines: Html = rows
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let p = r.parent_row?;
            let pr = rows.get(p)?;
            let x0 = 10.0 + pr.depth as f64 * INDENT + 6.0;
            let y0 = p as f64 * ROW + ROW / 2.0 + 8.0;
            let y1 = i as f64 * ROW + ROW / 2.0;
            let x1 = 10.0 + r.depth as f64 * INDENT;
            Some(html! { <path class="tree-line" d={format!("M{x0} {y0} V{y1} H{x1}")} /> })
        })
        .collect();
    let items: Html = rows
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let y = i as f64 * ROW;
            let x = 10.0 + r.depth as f64 * INDENT;
            let icon = match r.kind {
                RowKind::Root => "◆",
                RowKind::Ou => "▣",
                RowKind::Account(_) => "●",
            };
            let mut chips = Vec::new();
            for s in &r.scps {
                chips.push(("scp", s.clone()));
            }
            for s in &r.rcps {
                chips.push(("rcp", s.clone()));
            }
            let chip_text: String = chips.iter().map(|(_, n)| n.as_str()).collect::<Vec<_>>().join(" · ");
            let (shown_name, shown_chips) = fit_row(x, &r.title(), r.management, &chip_text);
            let full = format!("{}{}", r.label(), if chip_text.is_empty() { String::new() } else { format!(", policies {chip_text}") });
            let class = classes!(
                "org-row",
                (selected_row == Some(i)).then_some("selected"),
                (dragging && *hover == Some(i)).then_some("drop-target"),
                r.is_account().then_some("account"),
            );
            let onpointerdown = {
                let start_drag = start_drag.clone();
                Callback::from(move |e: PointerEvent| {
                    if e.button() == 0 {
                        start_drag(Drag::Row(i), &e);
                    }
                })
            };
            let onfocus = {
                let focus = focus.clone();
                Callback::from(move |_| focus.set(i))
            };
            html! {
                <g class={class} transform={format!("translate(0 {y})")} role="treeitem" tabindex={ if focus_i == i { "0" } else { "-1" } }
                    aria-level={(r.depth + 1).to_string()} aria-selected={(selected_row == Some(i)).to_string()}
                    data-org-row={i.to_string()} {onpointerdown} {onfocus}>
                    <title>{ full }</title>
                    <rect class="row-bg" x="2" y="2" width="99%" height={(ROW - 4.0).to_string()} rx="6" />
                    <text class="row-icon" x={x.to_string()} y={(ROW / 2.0 + 5.0).to_string()}>{ icon }</text>
                    <text class="row-name" x={(x + 16.0).to_string()} y={(ROW / 2.0 + 5.0).to_string()}>
                        { shown_name }
                        if r.management { <tspan class="row-badge">{ "  management" }</tspan> }
                        <tspan class="row-chips" dx="8">{ shown_chips }</tspan>
                    </text>
                </g>
            }
        })
        .collect();

    let library: Html = org
        .policies
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let kind = p.kind;
            let name = p.name.clone();
            let onpointerdown = {
                let start_drag = start_drag.clone();
                let name = name.clone();
                Callback::from(move |e: PointerEvent| start_drag(Drag::Policy { kind, name: name.clone() }, &e))
            };
            let label = if kind == OrgPolicyKind::Scp { "SCP" } else { "RCP" };
            html! {
                <li class={classes!("chip", label.to_ascii_lowercase())} {onpointerdown}>
                    <span class="chip-kind">{ label }</span>
                    <button type="button" class="link" aria-label={format!("Edit {label} {name}")}
                        onclick={app.on(Action::OpenPolicy(Some(PolicyTarget::Org { index: i })))}>{ name.clone() }</button>
                </li>
            }
        })
        .collect();

    html! {
        <section class="panel org" aria-labelledby="org-title">
            <h2 id="org-title" class="panel-title">{ "Organization" }<span class="muted">{ format!(" {}", org.id) }</span></h2>
            <div class="org-dnd" onpointermove={on_move} onpointerup={on_up.clone()} onpointercancel={on_up}>
                <svg ref={svg_ref} class={classes!("org-tree", dragging.then_some("dragging"))} role="tree" aria-label="Organization tree"
                    width="100%" height={height.to_string()} onkeydown={on_key}>
                    { lines }
                    { items }
                </svg>
                <div class="library">
                    <h3 class="mini-title">{ "Policies (drag onto a node)" }</h3>
                    <ul class="chips" aria-label="Organization policies">{ library }</ul>
                    <div class="row-actions">
                        { new_policy(&app, OrgPolicyKind::Scp) }
                        { new_policy(&app, OrgPolicyKind::Rcp) }
                    </div>
                </div>
            </div>
            <NodeActions rows={rows.clone()} selected={selected_row} refocus={refocus.clone()} />
            <StandaloneAccounts />
        </section>
    }
}

/// "New SCP" / "New RCP": the reducer opens the new policy if the name is accepted.
fn new_policy(app: &AppContext, kind: OrgPolicyKind) -> Html {
    let what = if kind == OrgPolicyKind::Scp { "SCP" } else { "RCP" };
    let submit = apply_edit(app, move |v: Vec<String>| DocEdit::AddOrgPolicy {
        name: v.into_iter().next().unwrap_or_default(),
        kind,
    });
    html! { <Ask label={format!("New {what}")} fields={vec![AskField::new(&format!("Name of the new {what}"), "")]} {submit} ok="Create" /> }
}

/// The row to move keyboard focus to after the next render, shared by the
/// tree and its node menu.
type Refocus = std::rc::Rc<std::cell::RefCell<Option<usize>>>;

/// Moves keyboard focus to row `i` of the tree.
fn focus_row(svg: &NodeRef, i: usize) {
    if let Some(el) = svg
        .cast::<web_sys::Element>()
        .and_then(|s| s.query_selector(&format!("[data-org-row='{i}']")).ok().flatten())
        .and_then(|el| el.dyn_into::<web_sys::SvgElement>().ok())
    {
        let _ = el.focus();
    }
}

/// Deletes an OU or account after asking; keyboard focus then goes to its
/// parent row (the reducer selects the parent), not to the page.
fn delete_row(app: &AppContext, r: &Row, refocus: &Refocus) {
    let edit = match r.kind {
        RowKind::Ou if confirm(&format!("Delete OU {}? Its accounts and OUs move up.", r.title())) => {
            DocEdit::DeleteOu { path: r.path.clone() }
        }
        RowKind::Account(Some(a)) if confirm(&format!("Delete account {}?", r.title())) => {
            DocEdit::DeleteAccount { account: a }
        }
        _ => return,
    };
    // A refused delete (the management account) keeps focus where it is.
    if edit.apply(&app.state.doc).is_ok() {
        *refocus.borrow_mut() = r.parent_row;
    }
    app.edit(edit);
}

#[cfg(test)]
mod fit_tests {
    use super::*;

    #[test]
    fn long_names_and_chips_end_in_an_ellipsis_short_ones_stay() {
        assert_eq!(fit_row(10.0, "finance", false, ""), ("finance".into(), String::new()));
        let (name, chips) = fit_row(46.0, "Sandbox", false, "DenyLeavingTheOrganization · DenyRootUser");
        assert_eq!(name, "Sandbox");
        assert!(chips.ends_with('…') && chips.starts_with("DenyLeaving"), "{chips}");
        let (name, _) = fit_row(64.0, &"x".repeat(80), true, "");
        assert!(name.ends_with('…') && name.chars().count() < 40);
    }
}
