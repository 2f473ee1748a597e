//! One account's principals and resources as cards (SVG), with memberships
//! and "can assume" relations drawn as edges. Click or Enter opens a card.

use crate::components::ask::{Ask, AskField, apply_edit};
use crate::hooks::use_app;
use crate::state::Action;
use crate::state::edit::DocEdit;
use crate::state::targets::{Owner, PolicyTarget, Selection};
use iam_core::model::PrincipalRef;
use iam_wire::scenario::{ScenarioDoc, customer_policy_ref};
use yew::prelude::*;

/// Two columns: users above roles on the left, groups above resources on the
/// right, so the graph reads at sidebar width without scaling text down.
const W: f64 = 360.0;
const CARD_W: f64 = 154.0;
const CARD_H: f64 = 40.0;
const GAP: f64 = 10.0;
const HEAD: f64 = 24.0;

/// The account the graph shows: the selected one, or the first with users.
pub fn current_account(doc: &ScenarioDoc, sel: &Selection) -> Option<usize> {
    let from_sel = match sel {
        Selection::Account(a) => Some(*a),
        Selection::Owner(Owner::User { account, .. } | Owner::Group { account, .. } | Owner::Role { account, .. }) => {
            Some(*account)
        }
        Selection::Resource { account, .. } => Some(*account),
        _ => None,
    };
    from_sel
        .filter(|a| *a < doc.accounts.len())
        .or_else(|| doc.accounts.iter().position(|a| !a.users.is_empty()))
        .or_else(|| (!doc.accounts.is_empty()).then_some(0))
}

/// Where customer managed policy `name` of account `a` is attached, by name
/// or ARN: (column, index, as a boundary).
fn attached_to(doc: &ScenarioDoc, a: usize, name: &str) -> Vec<(usize, usize, bool)> {
    let Some(acct) = doc.accounts.get(a) else { return Vec::new() };
    let is_it = |r: &str| customer_policy_ref(&doc.accounts, a, r) == Some((a, name));
    let mut out = Vec::new();
    let mut add = |col: usize, i: usize, managed: &[String], boundary: Option<&str>| {
        if managed.iter().any(|m| is_it(m)) {
            out.push((col, i, false));
        }
        if boundary.is_some_and(is_it) {
            out.push((col, i, true));
        }
    };
    for (i, u) in acct.users.iter().enumerate() {
        add(0, i, &u.managed_policies, u.permissions_boundary.as_deref());
    }
    for (i, g) in acct.groups.iter().enumerate() {
        add(1, i, &g.managed_policies, None);
    }
    for (i, r) in acct.roles.iter().enumerate() {
        add(2, i, &r.managed_policies, r.permissions_boundary.as_deref());
    }
    out
}

/// "1 policy", "2 policies".
fn count(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// Columns: 0 users, 1 groups, 2 roles, 3 resources, 4 managed policies.
fn col_x(c: usize) -> f64 {
    if c.is_multiple_of(2) { 16.0 } else { W - CARD_W - 4.0 }
}

/// Layout of the four sections: where each starts vertically.
#[derive(Clone, Copy)]
struct Sections {
    top: f64,
    bottom: f64,
    /// Customer managed policies, under roles and resources.
    policies: f64,
}

impl Sections {
    fn new(users: usize, groups: usize, roles: usize, resources: usize) -> Self {
        let upper = users.max(groups).max(1) as f64;
        let lower = roles.max(resources).max(1) as f64;
        let bottom = HEAD + upper * (CARD_H + GAP) + HEAD + 6.0;
        Self { top: HEAD, bottom, policies: bottom + lower * (CARD_H + GAP) + HEAD + 6.0 }
    }

    /// Columns: 0 users, 1 groups, 2 roles, 3 resources, 4 managed policies.
    fn base(&self, col: usize) -> f64 {
        match col {
            0 | 1 => self.top,
            2 | 3 => self.bottom,
            _ => self.policies,
        }
    }

    fn y(&self, col: usize, i: usize) -> f64 {
        self.base(col) + i as f64 * (CARD_H + GAP)
    }

    fn title_y(&self, col: usize) -> f64 {
        self.base(col) - 8.0
    }
}

#[function_component(AccountGraph)]
pub fn account_graph() -> Html {
    let app = use_app();
    let doc = &app.state.doc;
    let Some(a) = current_account(doc, &app.state.selection) else {
        return html! {};
    };
    let Some(acct) = doc.accounts.get(a) else { return html! {} };
    let card_w = CARD_W;
    let sec = Sections::new(acct.users.len(), acct.groups.len(), acct.roles.len(), acct.resources.len());
    let height = if acct.policies.is_empty() {
        sec.policies - HEAD - 2.0
    } else {
        sec.policies + acct.policies.len() as f64 * (CARD_H + GAP) + 4.0
    };
    let card_y = |col: usize, i: usize| sec.y(col, i);

    let card = |col: usize, i: usize, kind: &str, name: &str, sub: String, sel: Selection, selected: bool| {
        let x = col_x(col);
        let y = card_y(col, i);
        // A policy card opens its editor; any other card opens its entity.
        let action = match &sel {
            Selection::Policy(t) => Action::OpenPolicy(Some(t.clone())),
            other => Action::Select(other.clone()),
        };
        let onclick = app.on::<MouseEvent>(action.clone());
        let onkeydown = {
            let app = app.clone();
            Callback::from(move |e: KeyboardEvent| {
                if e.key() == "Enter" || e.key() == " " {
                    e.prevent_default();
                    app.dispatch(action.clone());
                }
            })
        };
        // About 15 characters of the bold name fit a card; the title has it all.
        let short: String = if name.chars().count() > 15 {
            format!("{}…", name.chars().take(14).collect::<String>())
        } else {
            name.to_string()
        };
        html! {
            <g class={classes!("card", kind.to_string(), selected.then_some("selected"))} role="button" tabindex="0"
                aria-pressed={selected.to_string()} {onclick} {onkeydown}>
                <title>{ format!("{kind} {name}") }</title>
                <rect x={x.to_string()} y={y.to_string()} width={card_w.to_string()} height={CARD_H.to_string()} rx="8" />
                <text class="card-name" x={(x + 10.0).to_string()} y={(y + 17.0).to_string()}>{ short }</text>
                <text class="card-sub" x={(x + 10.0).to_string()} y={(y + 32.0).to_string()}>{ sub }</text>
            </g>
        }
    };
    let sel = &app.state.selection;
    let users: Html = acct
        .users
        .iter()
        .enumerate()
        .map(|(i, u)| {
            let n = u.inline_policies.len() + u.managed_policies.len();
            let mfa = if matches!(u.mfa, iam_wire::scenario::MfaDevice::None) { "no MFA" } else { "MFA" };
            let s = Selection::Owner(Owner::User { account: a, index: i });
            card(0, i, "user", &u.name, format!("{} · {mfa}", count(n, "policy", "policies")), s.clone(), *sel == s)
        })
        .collect();
    let groups: Html = acct
        .groups
        .iter()
        .enumerate()
        .map(|(i, g)| {
            let members = acct.users.iter().filter(|u| u.groups.contains(&g.name)).count();
            let s = Selection::Owner(Owner::Group { account: a, index: i });
            card(1, i, "group", &g.name, count(members, "member", "members"), s.clone(), *sel == s)
        })
        .collect();
    let roles: Html = acct
        .roles
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let s = Selection::Owner(Owner::Role { account: a, index: i });
            let sub = if r.service_linked {
                "service-linked".to_string()
            } else {
                count(r.inline_policies.len() + r.managed_policies.len(), "policy", "policies")
            };
            card(2, i, "role", &r.name, sub, s.clone(), *sel == s)
        })
        .collect();
    let resources: Html = acct
        .resources
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let s = Selection::Resource { account: a, index: i };
            let name = r.arn.rsplit([':', '/']).find(|x| !x.is_empty()).unwrap_or(&r.arn).to_string();
            let service = r.arn.split(':').nth(2).unwrap_or("?").to_string();
            let sub = format!("{service}{}", if r.policy.is_some() { " · policy" } else { "" });
            card(3, i, "resource", &name, sub, s.clone(), *sel == s)
        })
        .collect();

    let policies: Html = acct
        .policies
        .iter()
        .enumerate()
        .map(|(i, p)| {
            let target = PolicyTarget::CustomerManaged { account: a, index: i };
            let open = app.state.open_policy.as_ref() == Some(&target);
            let uses = attached_to(doc, a, &p.name).len();
            let sub = if uses == 0 { "not attached".to_string() } else { count(uses, "attachment", "attachments") };
            card(4, i, "policy", &p.name, sub, Selection::Policy(target), open)
        })
        .collect();

    // Edges: group memberships, and who can assume each role.
    let mut edges = Vec::new();
    for (ui, u) in acct.users.iter().enumerate() {
        for g in &u.groups {
            if let Some(gi) = acct.groups.iter().position(|x| x.name == *g) {
                let (x0, y0) = (col_x(0) + card_w, card_y(0, ui) + CARD_H / 2.0);
                let (x1, y1) = (col_x(1), card_y(1, gi) + CARD_H / 2.0);
                edges.push(html! { <path class="edge member" d={format!("M{x0} {y0} C{} {y0} {} {y1} {x1} {y1}", x0 + 30.0, x1 - 30.0)}><title>{ format!("{} is in {}", u.name, g) }</title></path> });
            }
        }
    }
    // Customer managed policies to what they are attached to (dotted: as a
    // boundary). Routed through the gap between the columns, each policy on
    // its own lane, so no edge crosses a card.
    let gap_mid = (col_x(0) + card_w + col_x(1)) / 2.0;
    for (pi, p) in acct.policies.iter().enumerate() {
        let (x0, y0) = (col_x(4) + card_w, sec.y(4, pi) + CARD_H / 2.0);
        let bend = gap_mid + ((pi % 5) as f64 - 2.0) * 4.0;
        for (col, i, boundary) in attached_to(doc, a, &p.name) {
            let x1 = if col_x(col) < gap_mid { col_x(col) + card_w } else { col_x(col) };
            let y1 = sec.y(col, i) + CARD_H / 2.0 + if boundary { 6.0 } else { 0.0 };
            let class = if boundary { "edge boundary" } else { "edge attached" };
            let what = if boundary { "permissions boundary of" } else { "attached to" };
            edges.push(html! { <path class={class} d={format!("M{x0} {y0} H{bend} V{y1} H{x1}")}><title>{ format!("{} is {what} this {}", p.name, match col { 0 => "user", 1 => "group", _ => "role" }) }</title></path> });
        }
    }
    for e in &app.doc.assume_edges {
        if e.account != a {
            continue;
        }
        // Into the role card's left edge, from a user above or another role.
        let (x1, y1) = (col_x(2), card_y(2, e.role) + CARD_H / 2.0);
        let (x0, y0) = match &e.from {
            PrincipalRef::User { account, index } if *account == a => (col_x(0), card_y(0, *index) + CARD_H / 2.0),
            PrincipalRef::RoleSession { account, index, .. } if *account == a => {
                (col_x(2) + card_w, card_y(2, *index) + CARD_H / 2.0)
            }
            _ => continue,
        };
        let d = if matches!(e.from, PrincipalRef::RoleSession { .. }) {
            format!("M{x0} {y0} C{} {y0} {} {y1} {} {y1}", x0 + 30.0, x0 + 30.0, x0)
        } else {
            // Down the left margin, clear of the cards in between.
            format!("M{x0} {y0} H6 V{y1} H{x1}")
        };
        edges.push(
            html! { <path class="edge assume" d={d} marker-end="url(#arrow)"><title>{ "can assume" }</title></path> },
        );
    }

    // The new entity is selected and its panel shown; a refused name is said in the form.
    let add = |what: &'static str| {
        let submit = apply_edit(&app, move |v: Vec<String>| {
            let v = v.into_iter().next().unwrap_or_default();
            match what {
                "user" => DocEdit::AddUser { account: a, name: v },
                "group" => DocEdit::AddGroup { account: a, name: v },
                "role" => DocEdit::AddRole { account: a, name: v },
                _ => DocEdit::AddResource { account: a, arn: v },
            }
        });
        let (field, initial) = match what {
            "resource" => ("ARN of the new resource", "arn:aws:s3:::my-bucket"),
            "user" => ("Name of the new user", ""),
            "group" => ("Name of the new group", ""),
            _ => ("Name of the new role", ""),
        };
        html! { <Ask label={format!("Add {what}")} fields={vec![AskField::new(field, initial)]} {submit} /> }
    };
    html! {
        <section class="panel account" aria-labelledby="account-title">
            <h2 id="account-title" class="panel-title">
                { format!("Account {}", acct.name) }<span class="muted">{ format!(" {}", acct.id) }</span>
            </h2>
            <div class="graph-scroll">
                <svg class="account-graph" viewBox={format!("0 0 {W} {height}")} width="100%" role="group" aria-label={format!("Principals and resources of {}", acct.name)}>
                    <defs>
                        <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="6" markerHeight="6" orient="auto-start-reverse">
                            <path d="M 0 0 L 10 5 L 0 10 z" />
                        </marker>
                    </defs>
                    { for ["Users", "Groups", "Roles", "Resources", "Managed policies"].iter().enumerate().filter(|(c, _)| *c < 4 || !acct.policies.is_empty()).map(|(c, t)| html! {
                        <text class="col-title" x={col_x(c).to_string()} y={sec.title_y(c).to_string()}>{ *t }</text>
                    }) }
                    { for edges }
                    { users }{ groups }{ roles }{ resources }{ policies }
                </svg>
            </div>
            <div class="row-actions">
                { add("user") }{ add("group") }{ add("role") }{ add("resource") }
            </div>
        </section>
    }
}
