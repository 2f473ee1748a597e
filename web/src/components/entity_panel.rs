//! The side panel for the selected user, group, role, resource or account:
//! memberships, attached policies (AWS managed ones searchable by name),
//! inline policies, boundary, MFA, and "act as".

use crate::components::ask::{Ask, AskField, apply_edit};
use crate::hooks::{AppContext, confirm, input_value, use_app};
use crate::state::Action;
use crate::state::edit::DocEdit;
use crate::state::targets::{Owner, PolicyTarget, Selection};
use iam_wire::scenario::{AccountDoc, InlinePolicyDoc, MfaDevice};
use yew::prelude::*;

fn mfa_select(app: &AppContext, value: MfaDevice, make: impl Fn(MfaDevice) -> DocEdit + 'static, label: &str) -> Html {
    let app = app.clone();
    let onchange = Callback::from(move |e: Event| {
        let m = match input_value(&e).as_str() {
            "virtual" => MfaDevice::Virtual,
            "hardware" => MfaDevice::Hardware,
            "passkey" => MfaDevice::Passkey,
            _ => MfaDevice::None,
        };
        app.edit(make(m));
    });
    let opt = |v: &str, t: &str, m: MfaDevice| html! { <option value={v.to_string()} selected={value == m}>{ t.to_string() }</option> };
    html! {
        <label class="field">
            <span>{ label.to_string() }</span>
            <select {onchange}>
                { opt("none", "No MFA device", MfaDevice::None) }
                { opt("virtual", "Virtual MFA app", MfaDevice::Virtual) }
                { opt("hardware", "Hardware key", MfaDevice::Hardware) }
                { opt("passkey", "Passkey", MfaDevice::Passkey) }
            </select>
        </label>
    }
}

fn inline_list(app: &AppContext, owner: &Owner, policies: &[InlinePolicyDoc]) -> Html {
    // The reducer opens the new policy; a refused name is said in the form.
    let add = {
        let owner = owner.clone();
        apply_edit(app, move |v: Vec<String>| DocEdit::AddInlinePolicy {
            owner: owner.clone(),
            name: v.into_iter().next().unwrap_or_default(),
        })
    };
    html! {
        <div class="sub">
            <h4>{ "Inline policies" }</h4>
            <ul class="plain">
                { for policies.iter().enumerate().map(|(i, p)| {
                    let target = PolicyTarget::Inline { owner: owner.clone(), index: i };
                    html! { <li>
                        <button type="button" class="link" aria-label={format!("Edit inline policy {}", p.name)} onclick={app.on(Action::OpenPolicy(Some(target.clone())))}>{ &p.name }</button>
                        <button type="button" class="small danger" aria-label={format!("Delete inline policy {}", p.name)} onclick={app.on_edit(DocEdit::DeletePolicy { target })}>{ "Delete" }</button>
                    </li> }
                }) }
            </ul>
            <Ask label="Add inline policy" fields={vec![AskField::new("Name of the new inline policy", "")]} submit={add} ok="Create" />
        </div>
    }
}

/// Attached managed policies, with a search over customer managed and AWS managed names.
fn managed_list(
    app: &AppContext,
    owner: &Owner,
    account: &AccountDoc,
    attached: &[String],
    query: &UseStateHandle<String>,
) -> Html {
    let q = (**query).clone();
    let mut options: Vec<(String, String)> =
        account.policies.iter().map(|p| (p.name.clone(), format!("{} (customer managed)", p.name))).collect();
    if let Some(m) = &app.managed
        && q.len() >= 2
    {
        options.extend(m.search(&q, 12).into_iter().map(|p| (p.arn.clone(), format!("{} (AWS managed)", p.name))));
    }
    options.retain(|(r, label)| {
        !attached.contains(r) && (q.is_empty() || label.to_ascii_lowercase().contains(&q.to_ascii_lowercase()))
    });
    let oninput = {
        let query = query.clone();
        Callback::from(move |e: InputEvent| query.set(input_value(&e)))
    };
    html! {
        <div class="sub">
            <h4>{ "Attached managed policies" }</h4>
            <ul class="plain">
                { for attached.iter().map(|r| html! { <li>
                    <span class="mono">{ r.rsplit('/').next().unwrap_or(r) }</span>
                    <button type="button" class="small" aria-label={format!("Detach {r}")} onclick={app.on_edit(DocEdit::DetachManaged { owner: owner.clone(), reference: r.clone() })}>{ "Detach" }</button>
                </li> }) }
            </ul>
            <label class="field">
                <span>{ if app.managed.is_some() { "Attach a policy (type to search AWS managed policies)" } else { "Attach a policy (AWS managed policies are loading…)" } }</span>
                <input type="search" value={q.clone()} {oninput} placeholder="ReadOnly, S3, ..." />
            </label>
            <ul class="plain options" aria-label="Policies to attach">
                { for options.iter().take(12).map(|(r, label)| html! { <li>
                    <button type="button" class="small" aria-label={format!("Attach {label}")} onclick={app.on_edit(DocEdit::AttachManaged { owner: owner.clone(), reference: r.clone() })}>{ "Attach" }</button>
                    <span>{ label }</span>
                </li> }) }
            </ul>
        </div>
    }
}

fn boundary_field(app: &AppContext, owner: &Owner, account: &AccountDoc, current: &Option<String>) -> Html {
    let onchange = {
        let app = app.clone();
        let owner = owner.clone();
        Callback::from(move |e: Event| {
            let v = input_value(&e);
            app.edit(DocEdit::SetBoundary { owner: owner.clone(), reference: (!v.is_empty()).then_some(v) });
        })
    };
    let mut choices: Vec<String> = account.policies.iter().map(|p| p.name.clone()).collect();
    if let Some(c) = current
        && !choices.contains(c)
    {
        choices.push(c.clone());
    }
    html! {
        <label class="field">
            <span>{ "Permissions boundary" }</span>
            <select {onchange}>
                <option value="" selected={current.is_none()}>{ "None" }</option>
                { for choices.iter().map(|c| html! { <option value={c.clone()} selected={current.as_ref() == Some(c)}>{ c }</option> }) }
            </select>
        </label>
    }
}

#[function_component(EntityPanel)]
pub fn entity_panel() -> Html {
    let app = use_app();
    let query = use_state(String::new);
    // After a delete the button is gone: focus the panel (now its account), not the page.
    let panel = use_node_ref();
    let refocus: Refocus = use_mut_ref(|| false);
    {
        let (panel, refocus) = (panel.clone(), refocus.clone());
        use_effect(move || {
            if std::mem::take(&mut *refocus.borrow_mut())
                && let Some(el) = panel.cast::<web_sys::HtmlElement>()
            {
                let _ = el.focus();
            }
        });
    }
    // A new selection (a click, an add) brings its panel into view; not the first render.
    {
        let panel = panel.clone();
        let mounted = use_mut_ref(|| false);
        use_effect_with(app.state.selection.clone(), move |sel| {
            if std::mem::replace(&mut *mounted.borrow_mut(), true)
                && *sel != Selection::None
                && let Some(el) = panel.cast::<web_sys::Element>()
            {
                let opts = web_sys::ScrollIntoViewOptions::new();
                opts.set_block(web_sys::ScrollLogicalPosition::Nearest);
                el.scroll_into_view_with_scroll_into_view_options(&opts);
            }
        });
    }
    let doc = &app.state.doc;
    let body = match &app.state.selection {
        Selection::Owner(owner @ Owner::User { account, index }) => {
            let (Some(acct), Some(u)) =
                (doc.accounts.get(*account), doc.accounts.get(*account).and_then(|a| a.users.get(*index)))
            else {
                return html! {};
            };
            let reference = format!("{}/user/{}", acct.name, u.name);
            let (a, i) = (*account, *index);
            html! { <>
                <h2 class="panel-title">{ format!("User {}", u.name) }</h2>
                <p class="muted mono small">{ format!("arn:aws:iam::{}:user{}{}", acct.id, u.path, u.name) }</p>
                <button type="button" onclick={app.on(Action::SetPrincipal(reference))}>{ "Act as this user" }</button>
                <div class="sub">
                    <h4>{ "Groups" }</h4>
                    { for acct.groups.iter().map(|g| {
                        let member = u.groups.contains(&g.name);
                        let onchange = app.on_edit::<Event>(DocEdit::SetMembership { account: a, user: i, group: g.name.clone(), member: !member });
                        html! { <label class="check"><input type="checkbox" checked={member} {onchange} />{ format!(" member of {}", g.name) }</label> }
                    }) }
                    if acct.groups.is_empty() { <p class="muted small">{ "No groups in this account." }</p> }
                </div>
                { mfa_select(&app, u.mfa, move |m| DocEdit::SetUserMfa { account: a, user: i, mfa: m }, "MFA device") }
                { boundary_field(&app, owner, acct, &u.permissions_boundary) }
                { managed_list(&app, owner, acct, &u.managed_policies, &query) }
                { inline_list(&app, owner, &u.inline_policies) }
                if !u.tags.is_empty() {
                    <p class="small">{ "Tags: " }{ u.tags.iter().map(|(k, v)| format!("{k}={v}")).collect::<Vec<_>>().join(", ") }</p>
                }
                <button type="button" class="danger" onclick={delete_owner(&app, owner, &u.name, &refocus)}>{ "Delete user" }</button>
            </> }
        }
        Selection::Owner(owner @ Owner::Group { account, index }) => {
            let (Some(acct), Some(g)) =
                (doc.accounts.get(*account), doc.accounts.get(*account).and_then(|a| a.groups.get(*index)))
            else {
                return html! {};
            };
            html! { <>
                <h2 class="panel-title">{ format!("Group {}", g.name) }</h2>
                <p class="small">{ format!("Members: {}", acct.users.iter().filter(|u| u.groups.contains(&g.name)).map(|u| u.name.as_str()).collect::<Vec<_>>().join(", ")) }</p>
                { managed_list(&app, owner, acct, &g.managed_policies, &query) }
                { inline_list(&app, owner, &g.inline_policies) }
                <button type="button" class="danger" onclick={delete_owner(&app, owner, &g.name, &refocus)}>{ "Delete group" }</button>
            </> }
        }
        Selection::Owner(owner @ Owner::Role { account, index }) => {
            let (Some(acct), Some(r)) =
                (doc.accounts.get(*account), doc.accounts.get(*account).and_then(|a| a.roles.get(*index)))
            else {
                return html! {};
            };
            let reference = format!("{}/role/{}", acct.name, r.name);
            let trust = PolicyTarget::Trust { account: *account, role: *index };
            html! { <>
                <h2 class="panel-title">{ format!("Role {}", r.name) }</h2>
                if !r.description.is_empty() { <p class="small">{ &r.description }</p> }
                <p class="muted mono small">{ format!("arn:aws:iam::{}:role{}{}", acct.id, r.path, r.name) }</p>
                <div class="row-actions">
                    <button type="button" onclick={app.on(Action::OpenPolicy(Some(trust)))}>{ "Edit trust policy" }</button>
                    <button type="button" onclick={app.on(Action::SetPrincipal(reference))}>{ "Act as a session of this role" }</button>
                </div>
                { boundary_field(&app, owner, acct, &r.permissions_boundary) }
                { managed_list(&app, owner, acct, &r.managed_policies, &query) }
                { inline_list(&app, owner, &r.inline_policies) }
                <button type="button" class="danger" onclick={delete_owner(&app, owner, &r.name, &refocus)}>{ "Delete role" }</button>
            </> }
        }
        Selection::Resource { account, index } => {
            let Some(res) = doc.accounts.get(*account).and_then(|a| a.resources.get(*index)) else { return html! {} };
            let (account, index) = (*account, *index);
            let target = PolicyTarget::Resource { account, index };
            let arn = res.arn.clone();
            let delete = {
                let app = app.clone();
                let arn = arn.clone();
                let refocus = refocus.clone();
                Callback::from(move |_| {
                    if confirm(&format!("Delete resource {arn}?")) {
                        *refocus.borrow_mut() = true;
                        app.edit(DocEdit::DeleteResource { account, index });
                    }
                })
            };
            html! { <>
                <h2 class="panel-title">{ "Resource" }</h2>
                <p class="mono small">{ &res.arn }</p>
                <div class="row-actions">
                    if res.policy.is_some() {
                        <button type="button" onclick={app.on(Action::OpenPolicy(Some(target.clone())))}>{ "Edit resource policy" }</button>
                    } else {
                        <button type="button" onclick={app.on_edit(DocEdit::AddResourcePolicy { account, index })}>{ "Add a resource policy" }</button>
                    }
                    <button type="button" onclick={app.on(Action::SetResource(arn))}>{ "Use in the request" }</button>
                    if res.policy.is_some() {
                        <button type="button" onclick={app.on_edit(DocEdit::DeletePolicy { target })}>{ "Remove the policy" }</button>
                    }
                    <button type="button" class="danger" onclick={delete}>{ "Delete resource" }</button>
                </div>
            </> }
        }
        Selection::Account(a) => {
            let Some(acct) = doc.accounts.get(*a) else { return html! {} };
            let a = *a;
            let add_policy = apply_edit(&app, move |v: Vec<String>| DocEdit::AddManagedPolicy {
                account: a,
                name: v.into_iter().next().unwrap_or_default(),
            });
            html! { <>
                <h2 class="panel-title">{ format!("Account {}", acct.name) }</h2>
                <p class="small">{ format!("{} users · {} groups · {} roles · {} resources", acct.users.len(), acct.groups.len(), acct.roles.len(), acct.resources.len()) }</p>
                { mfa_select(&app, acct.root_user.mfa, move |m| DocEdit::SetRootMfa { account: a, mfa: m }, "Root user MFA") }
                <button type="button" onclick={app.on(Action::SetPrincipal(format!("{}/root", acct.name)))}>{ "Act as the root user" }</button>
                <div class="sub">
                    <h4>{ "Customer managed policies" }</h4>
                    <ul class="plain">
                        { for acct.policies.iter().enumerate().map(|(i, p)| html! { <li>
                            <button type="button" class="link" aria-label={format!("Edit managed policy {}", p.name)} onclick={app.on(Action::OpenPolicy(Some(PolicyTarget::CustomerManaged { account: a, index: i })))}>{ &p.name }</button>
                        </li> }) }
                    </ul>
                    <Ask label="New managed policy" fields={vec![AskField::new("Name of the new customer managed policy", "")]} submit={add_policy} ok="Create" />
                </div>
            </> }
        }
        _ => return html! {},
    };
    html! { <section ref={panel} class="panel entity" aria-label="Selected item" tabindex="-1">{ body }</section> }
}

/// Set by a delete: focus the panel after the next render.
type Refocus = std::rc::Rc<std::cell::RefCell<bool>>;

fn delete_owner(app: &AppContext, owner: &Owner, name: &str, refocus: &Refocus) -> Callback<MouseEvent> {
    let app = app.clone();
    let owner = owner.clone();
    let name = name.to_string();
    let refocus = refocus.clone();
    Callback::from(move |_| {
        // The reducer selects the account next (and removes exercises naming it, with a message).
        if confirm(&format!("Delete {name}?")) {
            *refocus.borrow_mut() = true;
            app.edit(DocEdit::DeleteOwner { owner: owner.clone() });
        }
    })
}
