//! The app state and the one reducer that changes it. Pure: tested natively by
//! replaying actions.

pub mod edit;
pub mod gallery;
pub mod ids;
pub mod keys;
pub mod refs;
pub mod route;
pub mod starter;
pub mod targets;

use edit::{Applied, DocEdit};
use iam_wire::scenario::ScenarioDoc;
use ids::{DocIds, IdGen};
use route::{Route, Section};
use std::rc::Rc;
use targets::{PolicyTarget, Selection};
use yew::Reducible;

/// How many edits can be undone.
const HISTORY: usize = 200;

/// The request being decided in the request panel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestState {
    /// `account/user/NAME`, `account/role/NAME`, `account/root`, an ARN, `anonymous`.
    pub principal: String,
    pub action: String,
    pub resource: String,
    /// Context keys and values (a value with commas inside `[...]` is a list).
    pub context: Vec<(String, String)>,
    /// Set after "switch role": who switched, shown next to the role session.
    pub switched_from: Option<String>,
}

/// Which analysis view is open next to the editor.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum View {
    #[default]
    Decision,
    WhoCan,
    WhatCan,
    Matrix,
    Workshop,
}

/// A document in the undo history, with what was selected and open on it.
#[derive(Clone, Debug, PartialEq)]
struct Snapshot {
    doc: Rc<ScenarioDoc>,
    ids: Rc<DocIds>,
    selection: Selection,
    open_policy: Option<PolicyTarget>,
}

#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    /// Bumped on every change of `doc`; analyses are memoised on it.
    pub revision: u64,
    /// Shared so that cloning the state (every action) copies pointers, not documents.
    pub doc: Rc<ScenarioDoc>,
    /// Stable ids of `doc`'s items, which the selection and open policy follow.
    ids: Rc<DocIds>,
    id_gen: IdGen,
    undo: Vec<Snapshot>,
    redo: Vec<Snapshot>,
    pub selection: Selection,
    /// The policy open in the editor.
    pub open_policy: Option<PolicyTarget>,
    /// A byte range of the open policy to highlight (a statement picked in an explanation).
    pub highlight: Option<(u32, u32)>,
    pub request: RequestState,
    pub view: View,
    /// The open section of the app (IAM, Reports, …); with `view`, the address bar's route.
    pub section: Section,
    /// The last edit that could not be applied, for a message.
    pub notice: Option<String>,
    /// What autosave must tell the person (kept until resolved, unlike `notice`).
    pub persist: Option<crate::persist::PersistAlert>,
    /// Bumped on every change of `request`.
    pub request_revision: u64,
    /// The policy the previous edit typed into (consecutive typing is one undo step).
    last_text_target: Option<PolicyTarget>,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    Edit(DocEdit),
    Undo,
    Redo,
    /// Replace the whole scenario (gallery, import, share link); undoable.
    Load(ScenarioDoc),
    /// `Load`, with this request (another tab's saved work).
    LoadWithRequest(ScenarioDoc, RequestState),
    Select(Selection),
    OpenPolicy(Option<PolicyTarget>),
    /// Open a policy and highlight a range of it (a statement from an explanation).
    ShowStatement {
        target: PolicyTarget,
        start: u32,
        end: u32,
    },
    SetPrincipal(String),
    SetAction(String),
    SetResource(String),
    SetContext(Vec<(String, String)>),
    /// A whole request at once (an exercise's).
    SetRequest(RequestState),
    /// Act as a session of `role` (a principal reference), switched from `from`.
    SwitchRole {
        from: String,
        role: String,
    },
    /// Back to the principal who switched.
    SwitchBack,
    /// Open a results view (in the IAM section).
    SetView(View),
    /// Go to a route (navigation, the back button, a link).
    Navigate(Route),
    Notice(Option<String>),
    /// Autosave's alert (or none: resolved).
    Persist(Option<crate::persist::PersistAlert>),
    /// Start over from another state (the autosave, once read from IndexedDB); not undoable.
    Restore(Box<AppState>),
}

impl AppState {
    pub fn new(doc: ScenarioDoc) -> Self {
        let mut id_gen = IdGen::default();
        let ids = Rc::new(DocIds::new(&doc, &mut id_gen));
        let doc = Rc::new(doc);
        let request = default_request(&doc);
        let open_policy = first_policy(&doc);
        Self {
            revision: 0,
            doc,
            ids,
            id_gen,
            undo: Vec::new(),
            redo: Vec::new(),
            selection: Selection::None,
            open_policy,
            highlight: None,
            request,
            view: View::Decision,
            section: Section::Iam,
            notice: None,
            persist: None,
            request_revision: 0,
            last_text_target: None,
        }
    }

    /// Where the app is, for the address bar.
    pub fn route(&self) -> Route {
        Route { section: self.section, view: if self.section == Section::Iam { self.view } else { View::Decision } }
    }

    /// The same state showing `notice`.
    pub fn with_notice(mut self, notice: Option<String>) -> Self {
        self.notice = notice;
        self
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            doc: self.doc.clone(),
            ids: self.ids.clone(),
            selection: self.selection.clone(),
            open_policy: self.open_policy.clone(),
        }
    }

    /// The current document and its ids.
    fn version(&self) -> keys::Version<'_> {
        keys::Version { doc: &self.doc, ids: &self.ids }
    }

    fn commit(&mut self, next: ScenarioDoc, ids: DocIds) {
        let prev = self.snapshot();
        self.doc = Rc::new(next);
        self.ids = Rc::new(ids);
        self.undo.push(prev);
        if self.undo.len() > HISTORY {
            self.undo.remove(0);
        }
        self.redo.clear();
        self.revision += 1;
    }

    /// The pure transition function.
    pub fn apply(&self, action: Action) -> Self {
        let mut s = self.clone();
        s.notice = None;
        match action {
            Action::Edit(edit) => match edit.apply(&s.doc) {
                Ok(Applied { doc: next, note }) => s.edited(&edit, next, note),
                Err(e) => s.notice = Some(e.to_string()),
            },
            Action::Undo => {
                if let Some(prev) = s.undo.pop() {
                    s.redo.push(s.snapshot());
                    s.restore(prev);
                }
            }
            Action::Redo => {
                if let Some(next) = s.redo.pop() {
                    s.undo.push(s.snapshot());
                    s.restore(next);
                }
            }
            Action::Load(doc) => {
                let ids = DocIds::new(&doc, &mut s.id_gen);
                s.commit(doc, ids);
                s.request = default_request(&s.doc);
                s.request_revision += 1;
                s.selection = Selection::None;
                s.open_policy = first_policy(&s.doc);
                s.last_text_target = None;
                s.highlight = None;
            }
            Action::LoadWithRequest(doc, request) => {
                s = s.apply(Action::Load(doc));
                s.request = request;
            }
            Action::Select(sel) => s.selection = sel,
            Action::OpenPolicy(t) => {
                s.open_policy = t;
                s.highlight = None;
                s.last_text_target = None;
            }
            Action::ShowStatement { target, start, end } => {
                s.open_policy = Some(target);
                s.highlight = Some((start, end));
                s.last_text_target = None;
            }
            Action::SetPrincipal(p) => {
                s.request.principal = p;
                s.request.switched_from = None;
                s.request_revision += 1;
            }
            Action::SetAction(a) => {
                s.request.action = a;
                s.request_revision += 1;
            }
            Action::SetResource(r) => {
                s.request.resource = r;
                s.request_revision += 1;
            }
            Action::SetRequest(r) => {
                s.request = r;
                s.request_revision += 1;
            }
            Action::SetContext(c) => {
                s.request.context = c;
                s.request_revision += 1;
            }
            Action::SwitchRole { from, role } => {
                s.request.principal = role;
                s.request.switched_from = Some(from);
                s.request_revision += 1;
            }
            Action::SwitchBack => {
                if let Some(from) = s.request.switched_from.take() {
                    s.request.principal = from;
                    s.request_revision += 1;
                }
            }
            Action::SetView(v) => {
                s.view = v;
                s.section = Section::Iam;
            }
            Action::Navigate(r) => {
                s.section = r.section;
                if r.section == Section::Iam {
                    s.view = r.view;
                }
            }
            Action::Notice(n) => s.notice = n,
            Action::Persist(p) => s.persist = p,
            Action::Restore(next) => {
                let mut next = *next;
                // New revisions, so that every analysis memoised on them is redone.
                next.revision += s.revision + 1;
                next.request_revision += s.request_revision + 1;
                next.persist = next.persist.or(s.persist);
                return next;
            }
        }
        s
    }

    /// A successful edit: commit it, keep pointers on their items, open what it created.
    fn edited(&mut self, edit: &DocEdit, next: ScenarioDoc, note: Option<String>) {
        // Typing in an editor is one edit per keystroke; merge consecutive
        // text edits of the same policy into one undo step.
        let merge =
            matches!((edit, &self.last_text_target), (DocEdit::SetPolicyText { target: a, .. }, Some(b)) if a == b);
        let (old, old_ids) = (self.doc.clone(), self.ids.clone());
        if merge {
            self.doc = Rc::new(next);
            self.revision += 1;
        } else {
            let mut ids = (*self.ids).clone();
            ids.after(edit, &next, &mut self.id_gen);
            self.commit(next, ids);
        }
        self.highlight = None;
        self.notice = note;
        if let DocEdit::SetPolicyText { target, .. } = edit {
            self.last_text_target = Some(target.clone());
            return; // text changes move nothing
        }
        self.last_text_target = None;
        self.moved_from(keys::Version { doc: &old, ids: &old_ids });
        if let Some(t) = created_policy(edit, &self.doc) {
            self.open_policy = Some(t);
        }
        if let Some(sel) = created_entity(edit, &self.doc) {
            self.selection = sel;
        }
        if let DocEdit::RenameAccount { account, name } = edit
            && let Some(a) = old.accounts.get(*account)
        {
            self.rename_in_request(&a.name, name);
        }
    }

    /// Undo or redo: back to a document from the history. What is selected
    /// and open stays if it is there too, else it is what was when the
    /// snapshot was taken (undoing a load reopens your own policy).
    fn restore(&mut self, snap: Snapshot) {
        let old_doc = std::mem::replace(&mut self.doc, snap.doc);
        let old_ids = std::mem::replace(&mut self.ids, snap.ids);
        self.revision += 1;
        self.last_text_target = None;
        self.highlight = None;
        let (old, new) = (keys::Version { doc: &old_doc, ids: &old_ids }, self.version());
        let selection = keys::find_selection(&self.selection, old, new)
            .filter(|s| *s != Selection::None)
            .or_else(|| keys::find_selection(&snap.selection, new, new))
            .unwrap_or_else(|| keys::follow_selection(&self.selection, old, new));
        let open_policy = self
            .open_policy
            .as_ref()
            .and_then(|t| keys::follow_policy(t, old, new))
            .or_else(|| snap.open_policy.filter(|t| t.get(new.doc).is_some()));
        (self.selection, self.open_policy) = (selection, open_policy);
    }

    /// An edit changed the document from `old`: find the selection and the open policy again.
    fn moved_from(&mut self, old: keys::Version) {
        let new = self.version();
        let selection = keys::follow_selection(&self.selection, old, new);
        let open = self.open_policy.as_ref().and_then(|t| keys::follow_policy(t, old, new));
        self.selection = selection;
        if open != self.open_policy {
            self.highlight = None;
        }
        self.open_policy = open;
    }

    /// The request follows an account rename.
    fn rename_in_request(&mut self, old: &str, new: &str) {
        let r = &mut self.request;
        let mut changed = false;
        for p in std::iter::once(&mut r.principal).chain(r.switched_from.as_mut()) {
            if let Some(n) = refs::renamed(p, old, new) {
                *p = n;
                changed = true;
            }
        }
        if changed {
            self.request_revision += 1;
        }
    }
}

/// The policy to open first: the first inline policy, else the first policy.
fn first_policy(doc: &ScenarioDoc) -> Option<PolicyTarget> {
    let all = targets::all_policy_targets(doc);
    all.iter().find(|t| matches!(t, PolicyTarget::Inline { .. })).or(all.first()).cloned()
}

/// The entity an edit created, to select (its panel opens where the user looks).
fn created_entity(edit: &DocEdit, doc: &ScenarioDoc) -> Option<Selection> {
    use iam_core::model::OwnerKind;
    let last = |n: usize| n.checked_sub(1);
    let owner = |account: usize, kind: OwnerKind, count: fn(&iam_wire::scenario::AccountDoc) -> usize| {
        let a = doc.accounts.get(account)?;
        Some(Selection::Owner(targets::Owner::new(account, kind, last(count(a))?)))
    };
    match edit {
        DocEdit::AddUser { account, .. } => owner(*account, OwnerKind::User, |a| a.users.len()),
        DocEdit::AddGroup { account, .. } => owner(*account, OwnerKind::Group, |a| a.groups.len()),
        DocEdit::AddRole { account, .. } => owner(*account, OwnerKind::Role, |a| a.roles.len()),
        DocEdit::AddResource { account, .. } => {
            Some(Selection::Resource { account: *account, index: last(doc.accounts.get(*account)?.resources.len())? })
        }
        DocEdit::AddAccount { .. } => Some(Selection::Account(last(doc.accounts.len())?)),
        _ => None,
    }
}

/// The policy an edit created, to open in the editor.
fn created_policy(edit: &DocEdit, doc: &ScenarioDoc) -> Option<PolicyTarget> {
    let t = match edit {
        DocEdit::AddInlinePolicy { owner, .. } => {
            let index = targets::inline_count(doc, owner).checked_sub(1)?;
            PolicyTarget::Inline { owner: owner.clone(), index }
        }
        DocEdit::AddManagedPolicy { account, .. } => PolicyTarget::CustomerManaged {
            account: *account,
            index: doc.accounts.get(*account)?.policies.len().checked_sub(1)?,
        },
        DocEdit::AddOrgPolicy { .. } => {
            PolicyTarget::Org { index: doc.organization.as_ref()?.policies.len().checked_sub(1)? }
        }
        DocEdit::AddResourcePolicy { account, index } => PolicyTarget::Resource { account: *account, index: *index },
        _ => return None,
    };
    t.get(doc).map(|_| t)
}

/// A sensible first request: the first assertion's, or the first user.
pub fn default_request(doc: &ScenarioDoc) -> RequestState {
    use iam_wire::scenario::AssertionDoc;
    if let Some(AssertionDoc::Can { principal, action, resource, .. }) =
        doc.assertions.iter().find(|a| matches!(a, AssertionDoc::Can { .. }))
    {
        return RequestState {
            principal: principal.clone(),
            action: action.clone(),
            resource: resource.clone(),
            context: Vec::new(),
            switched_from: None,
        };
    }
    let principal = doc
        .accounts
        .iter()
        .find_map(|a| a.users.first().map(|u| format!("{}/user/{}", a.name, u.name)))
        .unwrap_or_else(|| "anonymous".into());
    RequestState {
        principal,
        action: "s3:GetObject".into(),
        resource: "*".into(),
        context: Vec::new(),
        switched_from: None,
    }
}

impl Reducible for AppState {
    type Action = Action;

    fn reduce(self: Rc<Self>, action: Action) -> Rc<Self> {
        Rc::new(self.apply(action))
    }
}

#[cfg(test)]
mod tests;
