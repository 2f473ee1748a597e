//! The scenario's accounts that are not in the organization, each with a
//! way to move it in.

use crate::hooks::use_app;
use crate::org_rows::{rows, standalone_accounts};
use crate::state::Action;
use crate::state::edit::DocEdit;
use crate::state::targets::Selection;
use yew::prelude::*;

/// Accounts of the scenario that are not in the organization.
#[function_component(StandaloneAccounts)]
pub fn standalone_accounts_list() -> Html {
    let app = use_app();
    let doc = &app.state.doc;
    let loose = standalone_accounts(doc, &rows(doc));
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
