//! The menu of the selected organization node: every tree operation
//! (add, rename, delete, move, attach, detach) without a pointer.

use super::{Refocus, delete_row};
use crate::hooks::{input_value, prompt, use_app};
use crate::org_rows::{RCP_FULL_AWS_ACCESS, Row, RowKind, attachable, destinations};
use crate::state::edit::DocEdit;
use iam_wire::scenario::OrgPolicyKind;
use yew::prelude::*;

#[derive(Properties)]
pub struct NodeActionsProps {
    pub rows: Vec<Row>,
    pub selected: Option<usize>,
    /// Shared with the tree: the row to focus after a delete.
    pub refocus: Refocus,
}

impl PartialEq for NodeActionsProps {
    fn eq(&self, o: &Self) -> bool {
        self.rows == o.rows && self.selected == o.selected && std::rc::Rc::ptr_eq(&self.refocus, &o.refocus)
    }
}

/// The menu of the selected node: every tree operation without a pointer.
#[function_component(NodeActions)]
pub fn node_actions(props: &NodeActionsProps) -> Html {
    let app = use_app();
    let Some(r) = props.selected.and_then(|i| props.rows.get(i)) else {
        return html! { <p class="muted small">{ "Select a node (click, or arrow keys and Enter) for its actions." }</p> };
    };
    let doc = &app.state.doc;
    let at = r.attach_point();
    let is_account = r.is_account();
    let destinations = destinations(&props.rows, r);
    let on_move = {
        let app = app.clone();
        let r = r.clone();
        let destinations = destinations.clone();
        Callback::from(move |e: Event| {
            let v = input_value(&e);
            let Some((path, _)) = v.parse::<usize>().ok().and_then(|i| destinations.get(i)) else { return };
            if let Some(edit) = r.move_to(path.clone()) {
                app.edit(edit);
            }
        })
    };
    // A picker of the policies of `kind` not attached yet.
    let attach_field = |kind: OrgPolicyKind, label: &str| {
        let app = app.clone();
        let at = at.clone();
        let onchange = Callback::from(move |e: Event| {
            let name = input_value(&e);
            if !name.is_empty() {
                app.edit(DocEdit::Attach { at: at.clone(), kind, policy: name });
            }
        });
        html! {
            <label class="field">
                <span>{ format!("Attach {label}") }</span>
                <select {onchange}>
                    <option value="" selected=true>{ "Choose…" }</option>
                    { for attachable(doc, r, kind).iter().map(|n| html! { <option value={n.clone()}>{ n }</option> }) }
                </select>
            </label>
        }
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
            RowKind::Account(Some(a)) => {
                let current = app.state.doc.accounts.get(a).map(|x| x.name.clone()).unwrap_or_default();
                if let Some(name) = prompt("New name of the account", &current) {
                    app.edit(DocEdit::RenameAccount { account: a, name });
                }
            }
            RowKind::Root | RowKind::Account(None) => {}
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
        <div class="node-actions" role="group" aria-label={format!("Actions for {}", r.label())}>
            <h3 class="mini-title">{ r.label() }</h3>
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
                { attach_field(OrgPolicyKind::Scp, "SCP") }
                { attach_field(OrgPolicyKind::Rcp, "RCP") }
            </div>
        </div>
    }
}
