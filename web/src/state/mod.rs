//! The app state and the one reducer that changes it. Pure: tested natively by
//! replaying actions.

pub mod edit;
pub mod gallery;
pub mod targets;

use edit::DocEdit;
use iam_wire::scenario::ScenarioDoc;
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

#[derive(Clone, Debug, PartialEq)]
pub struct AppState {
    /// Bumped on every change of `doc`; analyses are memoised on it.
    pub revision: u64,
    /// Shared so that cloning the state (every action) copies pointers, not documents.
    pub doc: Rc<ScenarioDoc>,
    undo: Vec<Rc<ScenarioDoc>>,
    redo: Vec<Rc<ScenarioDoc>>,
    pub selection: Selection,
    /// The policy open in the editor.
    pub open_policy: Option<PolicyTarget>,
    /// A byte range of the open policy to highlight (a statement picked in an explanation).
    pub highlight: Option<(u32, u32)>,
    pub request: RequestState,
    pub view: View,
    /// The last edit that could not be applied, for a message.
    pub notice: Option<String>,
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
    /// Act as a session of `role` (a principal reference), switched from `from`.
    SwitchRole {
        from: String,
        role: String,
    },
    /// Back to the principal who switched.
    SwitchBack,
    SetView(View),
    Notice(Option<String>),
}

impl AppState {
    pub fn new(doc: ScenarioDoc) -> Self {
        let doc = Rc::new(doc);
        let request = default_request(&doc);
        let open_policy = targets::all_policy_targets(&doc)
            .into_iter()
            .find(|t| matches!(t, PolicyTarget::Inline { .. }))
            .or_else(|| targets::all_policy_targets(&doc).into_iter().next());
        Self {
            revision: 0,
            doc,
            undo: Vec::new(),
            redo: Vec::new(),
            selection: Selection::None,
            open_policy,
            highlight: None,
            request,
            view: View::Decision,
            notice: None,
            request_revision: 0,
            last_text_target: None,
        }
    }

    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    fn commit(&mut self, next: ScenarioDoc) {
        let prev = std::mem::replace(&mut self.doc, Rc::new(next));
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
                Ok(next) => {
                    // Typing in an editor is one edit per keystroke; merge consecutive
                    // text edits of the same policy into one undo step.
                    let merge = matches!((&edit, &self.last_edit()), (DocEdit::SetPolicyText { target: a, .. }, Some(b)) if a == b);
                    if merge {
                        s.doc = Rc::new(next);
                        s.revision += 1;
                    } else {
                        s.commit(next);
                    }
                    s.set_last_edit(&edit);
                    s.highlight = None;
                }
                Err(msg) => s.notice = Some(msg),
            },
            Action::Undo => {
                if let Some(prev) = s.undo.pop() {
                    let cur = std::mem::replace(&mut s.doc, prev);
                    s.redo.push(cur);
                    s.revision += 1;
                    s.last_text_target = None;
                    s.fix_dangling();
                }
            }
            Action::Redo => {
                if let Some(next) = s.redo.pop() {
                    let cur = std::mem::replace(&mut s.doc, next);
                    s.undo.push(cur);
                    s.revision += 1;
                    s.last_text_target = None;
                    s.fix_dangling();
                }
            }
            Action::Load(doc) => {
                s.commit(doc);
                s.request = default_request(&s.doc);
                s.request_revision += 1;
                s.selection = Selection::None;
                s.open_policy = Self::new((*s.doc).clone()).open_policy;
                s.last_text_target = None;
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
            Action::SetView(v) => s.view = v,
            Action::Notice(n) => s.notice = n,
        }
        s
    }

    fn last_edit(&self) -> Option<PolicyTarget> {
        self.last_text_target.clone()
    }

    fn set_last_edit(&mut self, edit: &DocEdit) {
        self.last_text_target = match edit {
            DocEdit::SetPolicyText { target, .. } => Some(target.clone()),
            _ => None,
        };
    }

    /// After undo/redo the open policy may no longer exist.
    fn fix_dangling(&mut self) {
        if let Some(t) = &self.open_policy
            && t.get(&self.doc).is_none()
        {
            self.open_policy = None;
        }
    }
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
mod tests {
    use super::edit::{AttachPoint, DocEdit};
    use super::gallery::default_scenario;
    use super::targets::{Owner, PolicyTarget, node};
    use super::*;
    use iam_wire::scenario::OrgPolicyKind;

    fn start() -> AppState {
        AppState::new(default_scenario())
    }

    fn org(s: &AppState) -> &iam_wire::scenario::OrgNodeDoc {
        &s.doc.organization.as_ref().unwrap().root
    }

    #[test]
    fn build_an_ou_and_an_account_then_move_them() {
        let s =
            start().apply(Action::Edit(DocEdit::AddOu { parent: vec![], name: "Stores".into() })).apply(Action::Edit(
                DocEdit::AddAccount { name: "store-1".into(), id: "666677778888".into(), parent: Some(vec![1]) },
            ));
        assert_eq!(node(org(&s), &[1]).unwrap().name, "Stores");
        assert_eq!(node(org(&s), &[1]).unwrap().accounts, ["store-1"]);
        // Move the new OU under "HR and Legal" (index 0).
        let s = s.apply(Action::Edit(DocEdit::MoveOu { path: vec![1], new_parent: vec![0] }));
        assert_eq!(node(org(&s), &[0, 0]).unwrap().name, "Stores");
        // An OU cannot move into itself.
        let s2 = s.apply(Action::Edit(DocEdit::MoveOu { path: vec![0], new_parent: vec![0, 0] }));
        assert_eq!(s2.doc, s.doc);
        assert!(s2.notice.is_some());
        // Move an account from the root into the OU; it leaves its old place.
        let finance = s.doc.accounts.iter().position(|a| a.name == "finance").unwrap();
        let s = s.apply(Action::Edit(DocEdit::MoveAccount { account: finance, parent: vec![0, 0] }));
        assert!(!org(&s).accounts.contains(&"finance".to_string()));
        assert!(node(org(&s), &[0, 0]).unwrap().accounts.contains(&"finance".to_string()));
        // Deleting an OU moves its contents up.
        let s = s.apply(Action::Edit(DocEdit::DeleteOu { path: vec![0, 0] }));
        assert!(node(org(&s), &[0]).unwrap().accounts.contains(&"store-1".to_string()));
    }

    #[test]
    fn moving_an_ou_before_its_destination_keeps_the_right_target() {
        let s = start()
            .apply(Action::Edit(DocEdit::AddOu { parent: vec![], name: "A".into() }))
            .apply(Action::Edit(DocEdit::AddOu { parent: vec![], name: "B".into() }));
        // Root children: [HR and Legal, A, B]; move A (1) into B (2, which becomes 1).
        let s = s.apply(Action::Edit(DocEdit::MoveOu { path: vec![1], new_parent: vec![2] }));
        assert_eq!(node(org(&s), &[1]).unwrap().name, "B");
        assert_eq!(node(org(&s), &[1, 0]).unwrap().name, "A");
    }

    #[test]
    fn attach_and_detach_scps() {
        let s = start()
            .apply(Action::Edit(DocEdit::AddOrgPolicy { name: "DenyS3".into(), kind: OrgPolicyKind::Scp }))
            .apply(Action::Edit(DocEdit::Attach {
                at: AttachPoint::Account("finance".into()),
                kind: OrgPolicyKind::Scp,
                policy: "DenyS3".into(),
            }));
        let finance = s.doc.accounts.iter().find(|a| a.name == "finance").unwrap();
        assert_eq!(finance.scps.as_deref(), Some(&["FullAWSAccess".to_string(), "DenyS3".to_string()][..]));
        let s = s.apply(Action::Edit(DocEdit::Detach {
            at: AttachPoint::Account("finance".into()),
            kind: OrgPolicyKind::Scp,
            policy: "DenyS3".into(),
        }));
        let finance = s.doc.accounts.iter().find(|a| a.name == "finance").unwrap();
        assert_eq!(finance.scps.as_deref(), Some(&["FullAWSAccess".to_string()][..]));
        let bad = s.apply(Action::Edit(DocEdit::Detach {
            at: AttachPoint::Node(vec![]),
            kind: OrgPolicyKind::Rcp,
            policy: "RCPFullAWSAccess".into(),
        }));
        assert!(bad.notice.unwrap().contains("cannot be detached"));
    }

    #[test]
    fn users_groups_and_policies() {
        let s = start();
        let a = s.doc.accounts.iter().position(|a| a.name == "finance").unwrap();
        let s = s.apply(Action::Edit(DocEdit::AddUser { account: a, name: "dora".into() }));
        let u = s.doc.accounts[a].users.len() - 1;
        let s = s.apply(Action::Edit(DocEdit::SetMembership {
            account: a,
            user: u,
            group: "Cashiers".into(),
            member: true,
        }));
        assert_eq!(s.doc.accounts[a].users[u].groups, ["Cashiers"]);
        let bad = s.apply(Action::Edit(DocEdit::AddUser { account: a, name: "bad name!".into() }));
        assert!(bad.notice.is_some());
        let owner = Owner::User { account: a, index: u };
        let s = s.apply(Action::Edit(DocEdit::AddInlinePolicy { owner: owner.clone(), name: "Mine".into() }));
        let target = PolicyTarget::Inline { owner, index: 0 };
        let s = s.apply(Action::Edit(DocEdit::SetPolicyText { target: target.clone(), text: "{ broken".into() }));
        assert_eq!(target.get(&s.doc).unwrap().text(), "{ broken", "text in progress is kept exactly");
    }

    #[test]
    fn typing_is_one_undo_step_and_redo_restores_it() {
        let s = start();
        let target = s.open_policy.clone().unwrap();
        let before = s.doc.clone();
        let mut s = s;
        for text in ["{", "{\"", "{\"V"] {
            s = s.apply(Action::Edit(DocEdit::SetPolicyText { target: target.clone(), text: text.into() }));
        }
        assert_eq!(s.revision, 3);
        let undone = s.apply(Action::Undo);
        assert_eq!(undone.doc, before);
        let redone = undone.apply(Action::Redo);
        assert_eq!(target.get(&redone.doc).unwrap().text(), "{\"V");
    }

    #[test]
    fn switch_role_and_back() {
        let s = start().apply(Action::SetPrincipal("finance/user/carla".into()));
        let s =
            s.apply(Action::SwitchRole { from: "finance/user/carla".into(), role: "finance/role/Inventory".into() });
        assert_eq!(s.request.principal, "finance/role/Inventory");
        let s = s.apply(Action::SwitchBack);
        assert_eq!(s.request.principal, "finance/user/carla");
        assert_eq!(s.request.switched_from, None);
    }

    #[test]
    fn load_replaces_the_scenario_and_is_undoable() {
        let s = start();
        let other = gallery::load("privilege-escalation-trap.json").unwrap();
        let loaded = s.apply(Action::Load(other.clone()));
        assert_eq!(*loaded.doc, other);
        assert_eq!(loaded.apply(Action::Undo).doc, s.doc);
    }

    #[test]
    fn every_gallery_scenario_parses() {
        for g in gallery::GALLERY {
            assert!(gallery::load(g.file).is_some(), "{}", g.file);
        }
    }
}
