//! The organization drawn as a tree (SVG): root, OUs and accounts with their
//! SCPs and RCPs. Drag an OU or account onto another node to move it; drag a
//! policy from the library onto a node to attach it. Every action also has a
//! keyboard path: arrow keys move, Enter selects, and the actions panel below
//! the tree offers the same operations as buttons and pickers.

use crate::hooks::{confirm, input_value, prompt, use_app};
use crate::state::Action;
use crate::state::edit::{AttachPoint, DocEdit};
use crate::state::targets::{OrgPath, PolicyTarget, Selection};
use iam_core::model::names::{FULL_AWS_ACCESS, RCP_FULL_AWS_ACCESS};
use iam_wire::scenario::{OrgNodeDoc, OrgPolicyKind, ScenarioDoc};
use wasm_bindgen::JsCast;
use yew::prelude::*;

const ROW: f64 = 30.0;
const INDENT: f64 = 18.0;

#[derive(Clone, Debug, PartialEq)]
enum RowKind {
    Root,
    Ou,
    Account(usize),
}

#[derive(Clone, Debug, PartialEq)]
struct Row {
    kind: RowKind,
    /// The node's path (for accounts: the node that holds them).
    path: OrgPath,
    depth: usize,
    parent_row: Option<usize>,
    name: String,
    scps: Vec<String>,
    rcps: Vec<String>,
    management: bool,
}

fn rows(doc: &ScenarioDoc) -> Vec<Row> {
    let mut out = Vec::new();
    let Some(org) = &doc.organization else { return out };
    fn walk(
        doc: &ScenarioDoc,
        n: &OrgNodeDoc,
        path: OrgPath,
        depth: usize,
        parent: Option<usize>,
        mgmt: &str,
        out: &mut Vec<Row>,
    ) {
        let me = out.len();
        out.push(Row {
            kind: if path.is_empty() { RowKind::Root } else { RowKind::Ou },
            path: path.clone(),
            depth,
            parent_row: parent,
            name: n.name.clone(),
            scps: n.scps.clone().unwrap_or_else(|| vec![FULL_AWS_ACCESS.into()]),
            rcps: n.rcps.clone(),
            management: false,
        });
        for name in &n.accounts {
            let idx = doc.accounts.iter().position(|a| a.name == *name || a.id == *name);
            let acct = idx.and_then(|i| doc.accounts.get(i));
            out.push(Row {
                kind: RowKind::Account(idx.unwrap_or(usize::MAX)),
                path: path.clone(),
                depth: depth + 1,
                parent_row: Some(me),
                name: acct.map_or_else(|| format!("{name} (missing)"), |a| format!("{} · {}", a.name, a.id)),
                scps: acct.and_then(|a| a.scps.clone()).unwrap_or_else(|| vec![FULL_AWS_ACCESS.into()]),
                rcps: acct.map(|a| a.rcps.clone()).unwrap_or_default(),
                management: acct.is_some_and(|a| a.name == mgmt || a.id == mgmt),
            });
        }
        for (i, c) in n.children.iter().enumerate() {
            let mut p = path.clone();
            p.push(i);
            walk(doc, c, p, depth + 1, Some(me), mgmt, out);
        }
    }
    walk(doc, &org.root, Vec::new(), 0, None, &org.management_account, &mut out);
    out
}

#[derive(Clone, Debug, PartialEq)]
enum Drag {
    Row(usize),
    Policy { kind: OrgPolicyKind, name: String },
}

fn row_label(r: &Row) -> String {
    match r.kind {
        RowKind::Root => format!("Root {}", r.name),
        RowKind::Ou => format!("OU {}", r.name),
        RowKind::Account(_) => format!("Account {}{}", r.name, if r.management { " (management)" } else { "" }),
    }
}

/// The edit for dropping `drag` on row `target`, if it makes sense.
fn drop_edit(rows: &[Row], drag: &Drag, target: usize) -> Option<DocEdit> {
    let t = rows.get(target)?;
    match drag {
        Drag::Row(src) => {
            let s = rows.get(*src)?;
            if *src == target || matches!(t.kind, RowKind::Account(_)) {
                return None;
            }
            match s.kind {
                RowKind::Account(a) => Some(DocEdit::MoveAccount { account: a, parent: t.path.clone() }),
                RowKind::Ou => Some(DocEdit::MoveOu { path: s.path.clone(), new_parent: t.path.clone() }),
                RowKind::Root => None,
            }
        }
        Drag::Policy { kind, name } => Some(DocEdit::Attach { at: attach_point(t), kind: *kind, policy: name.clone() }),
    }
}

fn attach_point(r: &Row) -> AttachPoint {
    match r.kind {
        RowKind::Account(_) => AttachPoint::Account(r.name.split(" · ").next().unwrap_or_default().to_string()),
        _ => AttachPoint::Node(r.path.clone()),
    }
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

    let selected_row = rows.iter().position(|r| match (&app.state.selection, &r.kind) {
        (Selection::OrgNode(p), RowKind::Root | RowKind::Ou) => *p == r.path,
        (Selection::Account(a), RowKind::Account(b)) => a == b,
        _ => false,
    });
    let select_row = {
        let app = app.clone();
        let rows = rows.clone();
        move |i: usize| {
            if let Some(r) = rows.get(i) {
                let sel = match r.kind {
                    RowKind::Account(a) => Selection::Account(a),
                    _ => Selection::OrgNode(r.path.clone()),
                };
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
            let class = classes!(
                "org-row",
                (selected_row == Some(i)).then_some("selected"),
                (dragging && *hover == Some(i)).then_some("drop-target"),
                matches!(r.kind, RowKind::Account(_)).then_some("account"),
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
                    aria-label={format!("{}{}", row_label(r), if chip_text.is_empty() { String::new() } else { format!(", policies {chip_text}") })}
                    data-org-row={i.to_string()} {onpointerdown} {onfocus}>
                    <rect class="row-bg" x="2" y="2" width="99%" height={(ROW - 4.0).to_string()} rx="6" />
                    <text class="row-icon" x={x.to_string()} y={(ROW / 2.0 + 5.0).to_string()}>{ icon }</text>
                    <text class="row-name" x={(x + 16.0).to_string()} y={(ROW / 2.0 + 5.0).to_string()}>
                        { &r.name }
                        if r.management { <tspan class="row-badge">{ "  management" }</tspan> }
                        <tspan class="row-chips" dx="8">{ chip_text.clone() }</tspan>
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
                        <button type="button" onclick={new_policy(&app, OrgPolicyKind::Scp)}>{ "New SCP" }</button>
                        <button type="button" onclick={new_policy(&app, OrgPolicyKind::Rcp)}>{ "New RCP" }</button>
                    </div>
                </div>
            </div>
            <NodeActions rows={rows.clone()} selected={selected_row} refocus={refocus.clone()} />
            <StandaloneAccounts />
        </section>
    }
}

fn new_policy(app: &crate::hooks::AppContext, kind: OrgPolicyKind) -> Callback<MouseEvent> {
    let app = app.clone();
    Callback::from(move |_| {
        let what = if kind == OrgPolicyKind::Scp { "SCP" } else { "RCP" };
        // The reducer opens the new policy if the name is accepted.
        if let Some(name) = prompt(&format!("Name of the new {what}"), "") {
            app.edit(DocEdit::AddOrgPolicy { name, kind });
        }
    })
}

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
fn delete_row(app: &crate::hooks::AppContext, r: &Row, refocus: &std::rc::Rc<std::cell::RefCell<Option<usize>>>) {
    let edit = match r.kind {
        RowKind::Ou if confirm(&format!("Delete OU {}? Its accounts and OUs move up.", r.name)) => {
            DocEdit::DeleteOu { path: r.path.clone() }
        }
        RowKind::Account(a) if confirm(&format!("Delete account {}?", r.name)) => DocEdit::DeleteAccount { account: a },
        _ => return,
    };
    // A refused delete (the management account) keeps focus where it is.
    if edit.apply(&app.state.doc).is_ok() {
        *refocus.borrow_mut() = r.parent_row;
    }
    app.edit(edit);
}

#[derive(Properties)]
struct NodeActionsProps {
    rows: Vec<Row>,
    selected: Option<usize>,
    /// Shared with the tree: the row to focus after a delete.
    refocus: std::rc::Rc<std::cell::RefCell<Option<usize>>>,
}

impl PartialEq for NodeActionsProps {
    fn eq(&self, o: &Self) -> bool {
        self.rows == o.rows && self.selected == o.selected && std::rc::Rc::ptr_eq(&self.refocus, &o.refocus)
    }
}

/// The menu of the selected node: every tree operation without a pointer.
#[function_component(NodeActions)]
fn node_actions(props: &NodeActionsProps) -> Html {
    let app = use_app();
    let Some(r) = props.selected.and_then(|i| props.rows.get(i)) else {
        return html! { <p class="muted small">{ "Select a node (click, or arrow keys and Enter) for its actions." }</p> };
    };
    let doc = &app.state.doc;
    let org = doc.organization.as_ref();
    let at = attach_point(r);
    let is_account = matches!(r.kind, RowKind::Account(_));
    let destinations: Vec<(OrgPath, String)> = props
        .rows
        .iter()
        .filter(|x| !matches!(x.kind, RowKind::Account(_)))
        .filter(|x| is_account || !x.path.starts_with(&r.path))
        .map(|x| (x.path.clone(), format!("{}{}", "  ".repeat(x.depth), x.name)))
        .collect();
    let on_move = {
        let app = app.clone();
        let r = r.clone();
        let destinations = destinations.clone();
        Callback::from(move |e: Event| {
            let v = input_value(&e);
            let Some((path, _)) = v.parse::<usize>().ok().and_then(|i| destinations.get(i)) else { return };
            match r.kind {
                RowKind::Account(a) => app.edit(DocEdit::MoveAccount { account: a, parent: path.clone() }),
                RowKind::Ou => app.edit(DocEdit::MoveOu { path: r.path.clone(), new_parent: path.clone() }),
                RowKind::Root => {}
            }
        })
    };
    let attach_options = |kind: OrgPolicyKind| -> Vec<String> {
        let mut names: Vec<String> = org
            .map(|o| o.policies.iter().filter(|p| p.kind == kind).map(|p| p.name.clone()).collect())
            .unwrap_or_default();
        if kind == OrgPolicyKind::Scp {
            names.insert(0, FULL_AWS_ACCESS.into());
        }
        let attached = if kind == OrgPolicyKind::Scp { &r.scps } else { &r.rcps };
        names.retain(|n| !attached.contains(n));
        names
    };
    let on_attach = |kind: OrgPolicyKind| {
        let app = app.clone();
        let at = at.clone();
        Callback::from(move |e: Event| {
            let name = input_value(&e);
            if !name.is_empty() {
                app.edit(DocEdit::Attach { at: at.clone(), kind, policy: name });
            }
        })
    };
    let add_ou = {
        let app = app.clone();
        let path = r.path.clone();
        Callback::from(move |_| {
            if let Some(name) = prompt("Name of the new OU", "") {
                app.edit(DocEdit::AddOu { parent: path.clone(), name });
            }
        })
    };
    let add_account = {
        let app = app.clone();
        let path = r.path.clone();
        Callback::from(move |_| {
            let (default_name, id) = crate::state::edit::new_account(&app.state.doc);
            if let Some(name) = prompt("Name of the new account", &default_name) {
                app.edit(DocEdit::AddAccount { name, id, parent: Some(path.clone()) });
            }
        })
    };
    let rename = {
        let app = app.clone();
        let r = r.clone();
        Callback::from(move |_| match r.kind {
            RowKind::Ou => {
                if let Some(name) = prompt("New name of the OU", &r.name) {
                    app.edit(DocEdit::RenameOu { path: r.path.clone(), name });
                }
            }
            RowKind::Account(a) => {
                let current = app.state.doc.accounts.get(a).map(|x| x.name.clone()).unwrap_or_default();
                if let Some(name) = prompt("New name of the account", &current) {
                    app.edit(DocEdit::RenameAccount { account: a, name });
                }
            }
            RowKind::Root => {}
        })
    };
    let delete = {
        let app = app.clone();
        let r = r.clone();
        let refocus = props.refocus.clone();
        Callback::from(move |_| delete_row(&app, &r, &refocus))
    };
    let detach = |kind: OrgPolicyKind, name: &str| {
        app.on_edit::<MouseEvent>(DocEdit::Detach { at: at.clone(), kind, policy: name.to_string() })
    };
    html! {
        <div class="node-actions" role="group" aria-label={format!("Actions for {}", row_label(r))}>
            <h3 class="mini-title">{ row_label(r) }</h3>
            <div class="row-actions">
                if !is_account {
                    <button type="button" onclick={add_ou}>{ "Add OU" }</button>
                    <button type="button" onclick={add_account}>{ "Add account" }</button>
                }
                if r.kind != RowKind::Root {
                    <button type="button" onclick={rename}>{ "Rename" }</button>
                    <button type="button" class="danger" onclick={delete}>{ "Delete" }</button>
                }
            </div>
            if r.kind != RowKind::Root {
                <label class="field">
                    <span>{ "Move to" }</span>
                    <select onchange={on_move}>
                        <option value="" selected=true>{ "Choose a destination…" }</option>
                        { for destinations.iter().enumerate().map(|(i, (_, label))| html! { <option value={i.to_string()}>{ label }</option> }) }
                    </select>
                </label>
            }
            <div class="attached">
                { for r.scps.iter().map(|n| html! {
                    <span class="chip scp"><span class="chip-kind">{ "SCP" }</span>{ n }
                        <button type="button" class="link" aria-label={format!("Detach SCP {n}")} onclick={detach(OrgPolicyKind::Scp, n)}>{ "×" }</button></span>
                }) }
                <span class="chip rcp fixed"><span class="chip-kind">{ "RCP" }</span>{ RCP_FULL_AWS_ACCESS }</span>
                { for r.rcps.iter().map(|n| html! {
                    <span class="chip rcp"><span class="chip-kind">{ "RCP" }</span>{ n }
                        <button type="button" class="link" aria-label={format!("Detach RCP {n}")} onclick={detach(OrgPolicyKind::Rcp, n)}>{ "×" }</button></span>
                }) }
            </div>
            <div class="two">
                <label class="field">
                    <span>{ "Attach SCP" }</span>
                    <select onchange={on_attach(OrgPolicyKind::Scp)}>
                        <option value="" selected=true>{ "Choose…" }</option>
                        { for attach_options(OrgPolicyKind::Scp).iter().map(|n| html! { <option value={n.clone()}>{ n }</option> }) }
                    </select>
                </label>
                <label class="field">
                    <span>{ "Attach RCP" }</span>
                    <select onchange={on_attach(OrgPolicyKind::Rcp)}>
                        <option value="" selected=true>{ "Choose…" }</option>
                        { for attach_options(OrgPolicyKind::Rcp).iter().map(|n| html! { <option value={n.clone()}>{ n }</option> }) }
                    </select>
                </label>
            </div>
        </div>
    }
}

/// Accounts of the scenario that are not in the organization.
#[function_component(StandaloneAccounts)]
fn standalone_accounts() -> Html {
    let app = use_app();
    let doc = &app.state.doc;
    let placed: Vec<String> =
        rows(doc).iter().filter(|r| matches!(r.kind, RowKind::Account(_))).map(|r| r.name.clone()).collect();
    let loose: Vec<(usize, &iam_wire::scenario::AccountDoc)> = doc
        .accounts
        .iter()
        .enumerate()
        .filter(|(_, a)| !placed.iter().any(|p| p.starts_with(&format!("{} · ", a.name))))
        .collect();
    if loose.is_empty() {
        return html! {};
    }
    html! {
        <div class="standalone">
            <h3 class="mini-title">{ "Outside the organization" }</h3>
            <ul class="plain">
                { for loose.into_iter().map(|(i, a)| html! {
                    <li><button type="button" class="link" onclick={app.on(Action::Select(Selection::Account(i)))}>{ format!("{} · {}", a.name, a.id) }</button>
                        if doc.organization.is_some() {
                            <button type="button" class="small" aria-label={format!("Move {} into the organization root", a.name)}
                                onclick={app.on_edit(DocEdit::MoveAccount { account: i, parent: Vec::new() })}>{ "Move into root" }</button>
                        }
                    </li>
                }) }
            </ul>
        </div>
    }
}
