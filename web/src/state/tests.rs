//! The reducer, tested natively by replaying actions as the UI dispatches them.

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
    let s = start().apply(Action::Edit(DocEdit::AddOu { parent: vec![], name: "Stores".into() })).apply(Action::Edit(
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
    let s =
        s.apply(Action::Edit(DocEdit::SetMembership { account: a, user: u, group: "Cashiers".into(), member: true }));
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
    let s = s.apply(Action::SwitchRole { from: "finance/user/carla".into(), role: "finance/role/Inventory".into() });
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

fn edit(s: &AppState, e: DocEdit) -> AppState {
    s.apply(Action::Edit(e))
}

fn account(s: &AppState, name: &str) -> usize {
    s.doc.accounts.iter().position(|a| a.name == name).unwrap()
}

/// The scenario still resolves (AWS managed policies stand in while loading).
fn loads(s: &AppState) {
    let a = crate::analysis::analyze_doc(&s.doc, None);
    assert!(a.errors().is_empty(), "{:?}", a.errors());
}

fn assertion_ids(s: &AppState) -> Vec<String> {
    use iam_wire::scenario::AssertionDoc;
    s.doc
        .assertions
        .iter()
        .map(|a| match a {
            AssertionDoc::Can { id, .. }
            | AssertionDoc::NobodyOutsideOrg { id, .. }
            | AssertionDoc::Only { id, .. } => id.clone(),
        })
        .collect()
}

#[test]
fn deleting_a_user_removes_the_exercises_naming_it_and_says_so() {
    let s = start();
    let f = account(&s, "finance");
    let s2 = edit(&s, DocEdit::DeleteOwner { owner: Owner::User { account: f, index: 0 } });
    let ids = assertion_ids(&s2);
    assert!(!ids.contains(&"cashiers-read-receipts".to_string()));
    assert!(!ids.contains(&"cashiers-cannot-delete-receipts".to_string()));
    let Some(iam_wire::scenario::AssertionDoc::Only { principals, .. }) =
        s2.doc.assertions.iter().find(|a| matches!(a, iam_wire::scenario::AssertionDoc::Only { .. }))
    else {
        panic!("the only-assertion stays")
    };
    assert!(!principals.contains(&"finance/user/ana".to_string()));
    let notice = s2.notice.clone().unwrap();
    assert!(notice.contains("Deleted user ana"), "{notice}");
    assert!(notice.contains("cashiers-read-receipts, cashiers-cannot-delete-receipts"), "{notice}");
    assert!(notice.contains("who-reads-receipts"), "{notice}");
    loads(&s2);
    // One undo step brings the user and the exercises back.
    assert_eq!(s2.apply(Action::Undo).doc, s.doc);
}

#[test]
fn renaming_an_account_rewrites_what_names_it() {
    let s =
        start().apply(Action::SwitchRole { from: "finance/user/carla".into(), role: "finance/role/Inventory".into() });
    let f = account(&s, "finance");
    let s = s.apply(Action::Select(Selection::Account(f)));
    let passing = |s: &AppState| {
        crate::analysis::analyze_doc(&s.doc, None).assertions.iter().map(|(_, o)| o.passed).collect::<Vec<_>>()
    };
    let before = passing(&s);
    let s = edit(&s, DocEdit::RenameAccount { account: f, name: "money".into() });
    assert_eq!(s.notice, None);
    loads(&s);
    assert_eq!(passing(&s), before, "every exercise still gives the same result");
    assert_eq!(s.request.principal, "money/role/Inventory");
    assert_eq!(s.request.switched_from.as_deref(), Some("money/user/carla"));
    assert_eq!(s.selection, Selection::Account(f));
    // Another account's ID is not a name: tree entries could not tell them apart.
    let bad = edit(&s, DocEdit::RenameAccount { account: f, name: "333344445555".into() });
    assert!(bad.notice.is_some());
}

#[test]
fn deleting_an_account_removes_its_exercises_and_references_to_its_policies() {
    let s = start();
    let it = account(&s, "it");
    let s = edit(
        &s,
        DocEdit::AttachManaged {
            owner: Owner::User { account: it, index: 0 },
            reference: "arn:aws:iam::222233334444:policy/SwitchToWorkstationRoles".into(),
        },
    );
    loads(&s);
    let s = edit(&s, DocEdit::DeleteAccount { account: account(&s, "finance") });
    assert!(s.notice.as_deref().unwrap().starts_with("Deleted account finance"));
    loads(&s);
    assert!(assertion_ids(&s).iter().all(|id| !id.starts_with("cashier")));
}

#[test]
fn deleting_a_customer_policy_detaches_it_from_other_accounts_too() {
    let s = start();
    let (it, f) = (account(&s, "it"), account(&s, "finance"));
    let owner = Owner::User { account: it, index: 0 };
    let s = edit(
        &s,
        DocEdit::AttachManaged {
            owner: owner.clone(),
            reference: "arn:aws:iam::222233334444:policy/SwitchToWorkstationRoles".into(),
        },
    );
    let index = s.doc.accounts[f].policies.iter().position(|p| p.name == "SwitchToWorkstationRoles").unwrap();
    let s = edit(&s, DocEdit::DeletePolicy { target: PolicyTarget::CustomerManaged { account: f, index } });
    assert_eq!(s.notice, None);
    assert_eq!(s.doc.accounts[it].users[0].managed_policies, ["arn:aws:iam::aws:policy/AdministratorAccess"]);
    assert!(s.doc.accounts[f].users.iter().all(|u| u.managed_policies.is_empty()));
    loads(&s);
}

#[test]
fn adding_a_resource_policy_opens_a_starter_for_its_service() {
    let s = start();
    let f = account(&s, "finance");
    let table = s.doc.accounts[f].resources.iter().position(|r| r.policy.is_none()).unwrap();
    let s = s.apply(Action::Select(Selection::Resource { account: f, index: table }));
    let s = edit(&s, DocEdit::AddResourcePolicy { account: f, index: table });
    let target = PolicyTarget::Resource { account: f, index: table };
    assert_eq!(s.open_policy, Some(target.clone()));
    assert!(target.get(&s.doc).unwrap().text().contains("dynamodb:GetItem"));
    loads(&s);
    let again = edit(&s, DocEdit::AddResourcePolicy { account: f, index: table });
    assert!(again.notice.is_some());
    // Removing it closes the editor rather than leaving an empty policy open.
    let s = edit(&s, DocEdit::DeletePolicy { target });
    assert_eq!(s.open_policy, None);
}

#[test]
fn a_failed_add_keeps_its_message_and_the_open_policy() {
    let s = start();
    let before = s.open_policy.clone();
    let owner = Owner::User { account: account(&s, "finance"), index: 0 };
    let bad = edit(&s, DocEdit::AddInlinePolicy { owner: owner.clone(), name: "bad name!".into() });
    assert!(bad.notice.as_deref().unwrap().contains("not a valid policy name"));
    assert_eq!(bad.open_policy, before);
    let dup = edit(&s, DocEdit::AddOrgPolicy { name: "ApprovedServicesOnly".into(), kind: OrgPolicyKind::Scp });
    assert!(dup.notice.is_some());
    assert_eq!(dup.open_policy, before);
    let good = edit(&s, DocEdit::AddInlinePolicy { owner: owner.clone(), name: "Mine".into() });
    assert_eq!(good.open_policy, Some(PolicyTarget::Inline { owner, index: 0 }));
    let scp = edit(&s, DocEdit::AddOrgPolicy { name: "New".into(), kind: OrgPolicyKind::Scp });
    assert_eq!(scp.open_policy.unwrap().label(&scp.doc).unwrap(), "org/scp/New");
}

#[test]
fn deleting_a_resource_selects_its_account_not_the_next_resource() {
    let s = start();
    let f = account(&s, "finance");
    let s = s.apply(Action::Select(Selection::Resource { account: f, index: 0 }));
    let s = edit(&s, DocEdit::DeleteResource { account: f, index: 0 });
    assert_eq!(s.selection, Selection::Account(f));
}

#[test]
fn a_moved_or_deleted_ou_keeps_the_selection_on_the_right_node() {
    let s = start().apply(Action::Edit(DocEdit::AddOu { parent: vec![], name: "A".into() }));
    // Root children: [HR and Legal, A]; select HR and move it into A.
    let s = s.apply(Action::Select(Selection::OrgNode(vec![0])));
    let s = edit(&s, DocEdit::MoveOu { path: vec![0], new_parent: vec![1] });
    let Selection::OrgNode(p) = &s.selection else { panic!("{:?}", s.selection) };
    assert_eq!(node(org(&s), p).unwrap().name, "HR and Legal");
    assert_eq!(*p, vec![0, 0]);
    // Undo puts it back, and the selection with it.
    let u = s.apply(Action::Undo);
    assert_eq!(u.selection, Selection::OrgNode(vec![0]));
    // Deleting the selected OU selects its parent.
    let s = edit(&s, DocEdit::DeleteOu { path: vec![0, 0] });
    assert_eq!(s.selection, Selection::OrgNode(vec![0]));
    assert_eq!(node(org(&s), &[0]).unwrap().name, "A");
}

#[test]
fn the_open_policy_never_slides_onto_another_entitys_policy() {
    let s = start();
    let f = account(&s, "finance");
    let pos = s.doc.accounts[f].users.iter().position(|u| u.name == "pos-terminal").unwrap();
    let upload = PolicyTarget::Inline { owner: Owner::User { account: f, index: pos }, index: 0 };
    let label = upload.label(&s.doc);
    let s = s.apply(Action::OpenPolicy(Some(upload)));
    // Deleting ana shifts the users: the editor follows pos-terminal's policy.
    let s = edit(&s, DocEdit::DeleteOwner { owner: Owner::User { account: f, index: 0 } });
    assert_eq!(s.open_policy.as_ref().unwrap().label(&s.doc), label);
    // Deleting pos-terminal closes it.
    let s = edit(&s, DocEdit::DeleteOwner { owner: Owner::User { account: f, index: pos - 1 } });
    assert_eq!(s.open_policy, None);
    // A trust policy follows its role when an earlier role goes.
    let s = s.apply(Action::OpenPolicy(Some(PolicyTarget::Trust { account: f, role: 1 })));
    let s = edit(&s, DocEdit::DeleteOwner { owner: Owner::Role { account: f, index: 0 } });
    assert_eq!(s.open_policy.as_ref().unwrap().label(&s.doc).unwrap(), "finance/role/Inventory/trust");
    // Deleting an earlier account keeps the selection on the same account.
    let s = s.apply(Action::Select(Selection::Account(account(&s, "hr"))));
    let s = edit(&s, DocEdit::DeleteAccount { account: account(&s, "it") });
    assert_eq!(s.selection, Selection::Account(account(&s, "hr")));
    // Undoing the creation of the open policy reopens the one open before.
    let before = s.open_policy.clone();
    let u = edit(&s, DocEdit::AddManagedPolicy { account: account(&s, "hr"), name: "P".into() });
    assert_ne!(u.open_policy, before);
    assert_eq!(u.apply(Action::Undo).open_policy, before);
}

#[test]
fn undoing_a_load_brings_back_what_was_selected_and_open() {
    let s = start();
    let f = account(&s, "finance");
    let s = s.apply(Action::Select(Selection::Owner(Owner::User { account: f, index: 0 })));
    let open = s.open_policy.clone();
    let loaded = s.apply(Action::Load(gallery::load("privilege-escalation-trap.json").unwrap()));
    let back = loaded.apply(Action::Undo);
    assert_eq!(back.open_policy, open);
    assert_eq!(back.selection, s.selection);
    // Redo returns to the loaded scenario's own.
    let again = back.apply(Action::Redo);
    assert_eq!(again.open_policy, loaded.open_policy);
}

#[test]
fn new_accounts_never_reuse_a_taken_name_or_id() {
    let mut s = start();
    for _ in 0..2 {
        let (name, id) = edit::new_account(&s.doc);
        s = edit(&s, DocEdit::AddAccount { name, id, parent: Some(vec![]) });
        assert_eq!(s.notice, None);
    }
    // Delete an earlier account: the count drops, the last generated ID stays taken.
    s = edit(&s, DocEdit::DeleteAccount { account: account(&s, "legal") });
    let (name, id) = edit::new_account(&s.doc);
    s = edit(&s, DocEdit::AddAccount { name, id, parent: Some(vec![]) });
    assert_eq!(s.notice, None);
    loads(&s);
}

#[test]
fn accounts_placed_by_id_move_and_delete_cleanly() {
    let mut doc = default_scenario();
    let o = doc.organization.as_mut().unwrap();
    o.management_account = "111122223333".into();
    for a in &mut o.root.accounts {
        if a == "finance" {
            *a = "222233334444".into();
        }
    }
    let s = AppState::new(doc);
    loads(&s);
    let f = account(&s, "finance");
    let moved = edit(&s, DocEdit::MoveAccount { account: f, parent: vec![0] });
    assert_eq!(moved.notice, None);
    loads(&moved);
    let mgmt = edit(&s, DocEdit::DeleteAccount { account: account(&s, "coffee-shop") });
    assert!(mgmt.notice.unwrap().contains("management account"));
    let deleted = edit(&s, DocEdit::DeleteAccount { account: f });
    loads(&deleted);
}

#[test]
fn undo_redo_and_load_drop_the_statement_highlight() {
    let s = edit(&start(), DocEdit::AddUser { account: 1, name: "dora".into() });
    let target = s.open_policy.clone().unwrap();
    let lit = s.apply(Action::ShowStatement { target, start: 0, end: 5 });
    assert_eq!(lit.apply(Action::Undo).highlight, None);
    assert_eq!(
        lit.apply(Action::Undo)
            .apply(Action::ShowStatement { target: lit.open_policy.clone().unwrap(), start: 0, end: 5 })
            .apply(Action::Redo)
            .highlight,
        None
    );
    assert_eq!(lit.apply(Action::Load(default_scenario())).highlight, None);
}

#[test]
fn the_selection_follows_its_item_by_id_through_rename_undo_redo_and_deletions() {
    let s = start();
    let names = |s: &AppState| s.doc.accounts.iter().map(|a| a.name.clone()).collect::<Vec<_>>();
    let hr = account(&s, "hr");
    assert!(hr > 0, "an earlier sibling to delete: {:?}", names(&s));
    let earlier = s.doc.accounts[hr - 1].name.clone();
    let s = s.apply(Action::Select(Selection::Account(hr)));
    let selected = |s: &AppState| match s.selection {
        Selection::Account(a) => s.doc.accounts[a].name.clone(),
        ref other => panic!("{other:?}"),
    };
    let renamed = edit(&s, DocEdit::RenameAccount { account: hr, name: "people".into() });
    assert_eq!(selected(&renamed), "people");
    let undone = renamed.apply(Action::Undo);
    assert_eq!(selected(&undone), "hr");
    let redone = undone.apply(Action::Redo);
    assert_eq!(selected(&redone), "people");
    let s = edit(&redone, DocEdit::DeleteAccount { account: account(&redone, &earlier) });
    assert!(s.notice.as_deref().is_none_or(|n| n.starts_with("Deleted")), "{:?}", s.notice);
    assert_eq!(selected(&s), "people");
    assert_eq!(s.selection, Selection::Account(hr - 1));
    // Undoing the deletion shifts it back.
    let back = s.apply(Action::Undo);
    assert_eq!(back.selection, Selection::Account(hr));
    assert_eq!(selected(&back), "people");
}

#[test]
fn a_principal_and_its_policy_follow_their_ids_when_earlier_siblings_come_and_go() {
    let s = start();
    let f = account(&s, "finance");
    let users = s.doc.accounts[f].users.len();
    assert!(users >= 2);
    let last = Owner::User { account: f, index: users - 1 };
    let name = s.doc.accounts[f].users[users - 1].name.clone();
    let s = s.apply(Action::Select(Selection::Owner(last.clone())));
    let s = edit(&s, DocEdit::AddInlinePolicy { owner: last.clone(), name: "Mine".into() });
    let open = s.open_policy.clone().unwrap();
    let label = open.label(&s.doc).unwrap();
    let selected = |s: &AppState| match &s.selection {
        Selection::Owner(Owner::User { account, index }) => s.doc.accounts[*account].users[*index].name.clone(),
        other => panic!("{other:?}"),
    };
    // Delete the first user: the selection and the editor move down with theirs.
    let s = edit(&s, DocEdit::DeleteOwner { owner: Owner::User { account: f, index: 0 } });
    assert_eq!(selected(&s), name);
    assert_eq!(s.open_policy.as_ref().unwrap().label(&s.doc).unwrap(), label);
    // A new user is appended and changes nothing; undo and redo keep both on the same items.
    let s = edit(&s, DocEdit::AddUser { account: f, name: "zed".into() });
    let u = s.apply(Action::Undo).apply(Action::Undo);
    assert_eq!(selected(&u), name);
    assert_eq!(u.selection, Selection::Owner(last));
    assert_eq!(u.open_policy.as_ref().unwrap().label(&u.doc).unwrap(), label);
    let r = u.apply(Action::Redo).apply(Action::Redo);
    assert_eq!(selected(&r), name);
    assert_eq!(r.open_policy.as_ref().unwrap().label(&r.doc).unwrap(), label);
    // Deleting an earlier inline policy of the same user keeps the editor on this one.
    let owner = match &r.selection {
        Selection::Owner(o) => o.clone(),
        other => panic!("{other:?}"),
    };
    let r = edit(&r, DocEdit::AddInlinePolicy { owner: owner.clone(), name: "Second".into() });
    let Some(PolicyTarget::Inline { index, .. }) = r.open_policy else { panic!("{:?}", r.open_policy) };
    assert!(index > 0);
    let second = r.open_policy.as_ref().unwrap().label(&r.doc).unwrap();
    let r = edit(&r, DocEdit::DeletePolicy { target: PolicyTarget::Inline { owner: owner.clone(), index: 0 } });
    assert_eq!(r.open_policy, Some(PolicyTarget::Inline { owner, index: index - 1 }));
    assert_eq!(r.open_policy.as_ref().unwrap().label(&r.doc).unwrap(), second);
}

#[test]
fn an_ou_whose_parent_is_deleted_stays_selected_where_it_moved() {
    let s = start().apply(Action::Edit(DocEdit::AddOu { parent: vec![], name: "A".into() }));
    let s = edit(&s, DocEdit::AddOu { parent: vec![1], name: "B".into() });
    let s = s.apply(Action::Select(Selection::OrgNode(vec![1, 0])));
    let s = edit(&s, DocEdit::RenameOu { path: vec![1, 0], name: "C".into() });
    assert_eq!(s.selection, Selection::OrgNode(vec![1, 0]));
    // Deleting an earlier sibling of its parent shifts it.
    let s = edit(&s, DocEdit::DeleteOu { path: vec![0] });
    assert_eq!(s.selection, Selection::OrgNode(vec![0, 0]));
    // Deleting its parent moves it up to the end of the root's children.
    let s = edit(&s, DocEdit::DeleteOu { path: vec![0] });
    let Selection::OrgNode(p) = &s.selection else { panic!("{:?}", s.selection) };
    assert_eq!(node(org(&s), p).unwrap().name, "C");
    let u = s.apply(Action::Undo).apply(Action::Undo).apply(Action::Undo);
    assert_eq!(u.selection, Selection::OrgNode(vec![1, 0]));
    assert_eq!(node(org(&u), &[1, 0]).unwrap().name, "B");
}

#[test]
fn autosave_alerts_outlast_other_actions_until_resolved() {
    use crate::persist::PersistAlert;
    let s = start().apply(Action::Persist(Some(PersistAlert::OtherTab)));
    let s = s.apply(Action::SetView(View::WhoCan)).apply(Action::Notice(Some("x".into())));
    assert_eq!(s.persist, Some(PersistAlert::OtherTab));
    assert_eq!(s.apply(Action::Persist(None)).persist, None);
}

#[test]
fn another_tabs_work_loads_with_its_request_and_undo_brings_this_tabs_back() {
    let mine = start().apply(Action::Edit(DocEdit::AddUser { account: 1, name: "mine".into() }));
    let theirs = gallery::load("privilege-escalation-trap.json").unwrap();
    let mut request = default_request(&theirs);
    request.action = "iam:PassRole".into();
    let s = mine.apply(Action::LoadWithRequest(theirs.clone(), request.clone()));
    assert_eq!(*s.doc, theirs);
    assert_eq!(s.request, request);
    assert!(s.request_revision > mine.request_revision);
    assert_eq!(s.apply(Action::Undo).doc, mine.doc);
}

#[test]
fn a_restored_state_gets_new_revisions_and_keeps_a_shown_alert() {
    use crate::persist::PersistAlert;
    let now = start()
        .apply(Action::Edit(DocEdit::AddUser { account: 1, name: "x".into() }))
        .apply(Action::Persist(Some(PersistAlert::NotSaved("full".into()))));
    let saved = AppState::new(gallery::load("privilege-escalation-trap.json").unwrap());
    let s = now.apply(Action::Restore(Box::new(saved.clone())));
    assert_eq!(s.doc, saved.doc);
    // Analyses are memoised on the revisions: both must move on.
    assert!(s.revision > now.revision && s.request_revision > now.request_revision);
    assert!(matches!(s.persist, Some(PersistAlert::NotSaved(_))));
    assert!(!s.can_undo());
}

#[test]
fn what_is_added_is_selected_so_its_panel_opens() {
    let s = start();
    let a = account(&s, "finance");
    let s = edit(&s, DocEdit::AddUser { account: a, name: "dora".into() });
    let users = s.doc.accounts[a].users.len();
    assert_eq!(s.selection, Selection::Owner(Owner::User { account: a, index: users - 1 }));
    let s = edit(&s, DocEdit::AddRole { account: a, name: "Auditor".into() });
    assert!(matches!(s.selection, Selection::Owner(Owner::Role { .. })));
    let s = edit(&s, DocEdit::AddResource { account: a, arn: "arn:aws:s3:::new-bucket".into() });
    assert_eq!(s.selection, Selection::Resource { account: a, index: s.doc.accounts[a].resources.len() - 1 });
    let (name, id) = crate::state::edit::new_account(&s.doc);
    let s = edit(&s, DocEdit::AddAccount { name, id, parent: Some(vec![]) });
    assert_eq!(s.selection, Selection::Account(s.doc.accounts.len() - 1));
    // A refused add leaves the selection alone.
    let refused = s.apply(Action::Edit(DocEdit::AddUser { account: a, name: "bad name!".into() }));
    assert_eq!(refused.selection, s.selection);
}

#[test]
fn navigation_keeps_the_iam_view_and_routes_round_trip() {
    use super::route::{Route, Section};
    let s = start().apply(Action::SetView(View::Matrix));
    assert_eq!(s.route().to_hash(), "#/iam/matrix");
    let s = s.apply(Action::Navigate(Route { section: Section::Reports, view: View::Decision }));
    assert_eq!(s.route().to_hash(), "#/reports");
    assert_eq!(s.view, View::Matrix, "the IAM view is kept while elsewhere");
    let s = s.apply(Action::Navigate(Route::parse("#/iam/matrix").unwrap()));
    assert_eq!((s.section, s.view), (Section::Iam, View::Matrix));
}
