//! What the app opens with: the autosaved work (else the coffee shop) and, on
//! top, a share link from the address bar, loaded like any scenario so that
//! Undo brings the autosaved work back.

use crate::persist::{LOCAL_LIMIT, SavedRequest, decode_saved, decode_share_sized, size_words};
use crate::state::gallery::default_scenario;
use crate::state::{Action, AppState};

pub struct Startup {
    pub state: AppState,
    /// The fragment was a share link that is now loaded: remove it from the
    /// address bar, or a reload would load it again over later edits.
    pub drop_fragment: bool,
    /// The autosave could not be read (why): the caller keeps it aside and
    /// offers it for download before anything overwrites it.
    pub broken: Option<String>,
    /// The shared scenario's inflated size, when a share link was opened.
    pub shared_bytes: Option<usize>,
}

fn with_request(mut s: AppState, req: Option<SavedRequest>) -> AppState {
    if let Some(r) = req {
        s.request = r.into();
        s.request_revision += 1;
    }
    s
}

/// `saved`: the autosave entry, if any; `fragment`: `location.hash`.
pub fn startup(saved: Option<&str>, fragment: &str) -> Startup {
    let mut notes: Vec<String> = Vec::new();
    let mut broken = None;
    let own = match saved.map(decode_saved) {
        Some(Ok((doc, req))) => Some(with_request(AppState::new(doc), req)),
        Some(Err(e)) => {
            broken = Some(e.to_string());
            None
        }
        None => None,
    };
    let had_work = own.is_some();
    let mut state = own.unwrap_or_else(|| AppState::new(default_scenario()));
    let mut drop_fragment = false;
    let mut shared_bytes = None;
    if !fragment.trim_start_matches('#').is_empty() {
        match decode_share_sized(fragment) {
            Ok((doc, req, size)) => {
                shared_bytes = Some(size);
                if doc != *state.doc {
                    state = state.apply(Action::Load(doc));
                }
                state = with_request(state, req);
                drop_fragment = true;
                notes.insert(
                    0,
                    if had_work && state.can_undo() {
                        "Opened the shared scenario. Undo brings back the work you had here.".into()
                    } else {
                        "Opened the shared scenario.".into()
                    },
                );
                if size > LOCAL_LIMIT {
                    notes.insert(
                        1,
                        format!(
                            "It is large ({}): it is autosaved compressed in IndexedDB, and a message says so here if that fails.",
                            size_words(size)
                        ),
                    );
                }
            }
            Err(e) => notes.insert(0, format!("The share link could not be opened: {e}")),
        }
    }
    state.notice = (!notes.is_empty()).then(|| notes.join(" "));
    Startup { state, drop_fragment, broken, shared_bytes }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::persist::{encode_saved, encode_share};
    use crate::state::edit::DocEdit;
    use crate::state::gallery;

    #[test]
    fn a_share_link_opens_over_the_autosave_and_undo_brings_the_work_back() {
        let mine =
            AppState::new(default_scenario()).apply(Action::Edit(DocEdit::AddUser { account: 1, name: "mine".into() }));
        let saved = encode_saved(&mine.doc, &mine.request);
        let theirs = gallery::load("privilege-escalation-trap.json").unwrap();
        let mut their_request = crate::state::default_request(&theirs);
        their_request.switched_from = Some("someone".into());
        let link = format!("#{}", encode_share(&theirs, &their_request));

        let s = startup(Some(&saved), &link);
        assert!(s.drop_fragment);
        assert_eq!(*s.state.doc, theirs.normalized());
        assert_eq!(s.state.request, their_request);
        assert!(s.state.notice.as_deref().unwrap().contains("Undo brings back"));
        let undone = s.state.apply(Action::Undo);
        assert_eq!(*undone.doc, mine.doc.normalized());
    }

    #[test]
    fn without_a_link_the_autosave_opens_and_a_bad_link_is_a_message() {
        let mine = AppState::new(default_scenario())
            .apply(Action::SwitchRole { from: "finance/user/carla".into(), role: "finance/role/Inventory".into() });
        let saved = encode_saved(&mine.doc, &mine.request);
        let s = startup(Some(&saved), "");
        assert!(!s.drop_fragment);
        assert_eq!(s.state.request, mine.request, "the switched-role banner survives a reload");
        assert!(!s.state.can_undo());
        let bad = startup(Some(&saved), "#v1/!!!");
        assert!(!bad.drop_fragment);
        assert!(bad.state.notice.unwrap().starts_with("The share link could not be opened"));
        assert_eq!(bad.state.doc, s.state.doc);
    }

    #[test]
    fn a_corrupt_autosave_is_reported_for_keeping_aside_and_the_app_starts_fresh() {
        let s = startup(Some(r#"{"format": 1, "scenario": {"version": 1, "name": 5}}"#), "");
        assert!(s.broken.unwrap().starts_with("the saved scenario is invalid"));
        assert_eq!(*s.state.doc, default_scenario());
        assert!(startup(Some("{"), "").broken.is_some());
        assert!(startup(None, "").broken.is_none());
    }
}
