//! The menu of the selected organization node: every tree operation
//! (add, rename, delete, move, attach, detach) without a pointer.

use super::{Refocus, delete_row};
use crate::components::ask::{Ask, AskField, apply_edit};
use crate::hooks::{input_value, use_app};
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
        let path = r.path.clone();
        apply_edit(&app, move |v: Vec<String>| DocEdit::AddOu {
            parent: path.clone(),
            name: v.into_iter().next().unwrap_or_default(),
        })
    };
    // A free name and ID are offered; both can be changed before the account is added.
    let (default_name, default_id) = crate::state::edit::new_account(&app.state.doc);
    let add_account = {
        let path = r.path.clone();
        apply_edit(&app, move |v: Vec<String>| {
            let mut v = v.into_iter();
            let (name, id) = (v.next().unwrap_or_default(), v.next().unwrap_or_default());
            DocEdit::AddAccount { name, id, parent: Some(path.clone()) }
        })
    };
    let rename = {
        let r2 = r.clone();
        apply_edit(&app, move |v: Vec<String>| {
            let name = v.into_iter().next().unwrap_or_default();
            match r2.kind {
                RowKind::Account(Some(a)) => DocEdit::RenameAccount { account: a, name },
                _ => DocEdit::RenameOu { path: r2.path.clone(), name },
            }
        })
    };
    let (rename_label, current_name) = match r.kind {
        RowKind::Account(Some(a)) => {
            ("New name of the account", app.state.doc.accounts.get(a).map(|x| x.name.clone()).unwrap_or_default())
        }
        _ => ("New name of the OU", r.name.clone()),
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
                    <Ask label="Add OU" fields={vec![AskField::new("Name of the new OU", "")]} submit={add_ou} />
                    <Ask label="Add account" fields={vec![AskField::new("Name of the new account", default_name), AskField::new("Account ID (12 digits)", default_id)]} submit={add_account} />
                }
                if r.kind != RowKind::Root {
                    <Ask label="Rename" fields={vec![AskField::new(rename_label, current_name)]} submit={rename} ok="Rename" />
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
