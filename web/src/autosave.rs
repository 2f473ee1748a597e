//! Autosave: no edit is lost without a word.
//!
//! - Each change is saved after a pause (and when the page goes away): to
//!   localStorage, or, when the entry is over `LOCAL_LIMIT` or localStorage is
//!   full, deflated to IndexedDB. If both fail, `PersistAlert::NotSaved` stays
//!   on screen (with Export) until a save succeeds; the work stays in memory.
//! - Tabs: `META_KEY` holds a revision and the id of the tab that saved it. A
//!   tab saves only over the revision it read or wrote; when another tab saved
//!   since, the tab asks (`PersistAlert::OtherTab`: load theirs, keep mine).
//!   A tab without unsaved edits that hears (the `storage` event) that another
//!   tab saved shows that work, with a message; Undo brings back what it had.
//! - A corrupt autosave is kept aside (`BROKEN_KEY`) and offered for download
//!   before the app starts fresh; if it cannot be kept aside, saving waits.
//!
//! One app per page: the saver is a thread-local that the hook (`use_autosave`)
//! and the notice's buttons (`keep_mine`, `load_theirs`, `release`) share.

use crate::idb;
use crate::persist::{
    BROKEN_KEY, LOCAL_LIMIT, META_KEY, Meta, PersistAlert, Place, STORAGE_KEY, decode_saved, encode_saved, pack,
    read_local, refusal_words, size_words, storage, unpack,
};
use crate::startup::startup;
use crate::state::gallery::default_scenario;
use crate::state::{Action, AppState, RequestState};
use gloo::events::EventListener;
use gloo::timers::callback::Timeout;
use iam_wire::scenario::ScenarioDoc;
use std::cell::RefCell;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

type Work = (Rc<ScenarioDoc>, RequestState);

#[derive(Default)]
struct Saver {
    /// This tab's id in `Meta::tab`.
    tab: String,
    /// The revision this tab last read or wrote.
    base_rev: u64,
    /// The work to save at the next pause.
    pending: Option<Work>,
    /// Saving waits: for the person's choice, for the autosave in IndexedDB
    /// to be read, or for good when it cannot be.
    held: bool,
    /// An IndexedDB write is under way (saves wait for it, to keep order).
    in_flight: bool,
    /// The autosave is in IndexedDB and still to be read: the page's
    /// fragment and the entry's key.
    to_read: Option<(String, String)>,
    /// A hash of the text the storage holds as far as this tab knows.
    known: Option<u64>,
    /// `PersistAlert::NotSaved` is shown.
    failing: bool,
    /// The other tab's work, just loaded: saving exactly this only records
    /// that it is what the storage holds.
    adopted: Option<Work>,
    dispatch: Option<UseReducerDispatcher<AppState>>,
}

thread_local! {
    static SAVER: RefCell<Saver> = RefCell::new(Saver::default());
}

fn with<R>(f: impl FnOnce(&mut Saver) -> R) -> R {
    SAVER.with(|s| f(&mut s.borrow_mut()))
}

/// Dispatches outside the saver's borrow.
fn tell(action: Action) {
    if let Some(d) = with(|s| s.dispatch.clone()) {
        d.dispatch(action);
    }
}

fn hash(text: &str) -> u64 {
    let mut h = DefaultHasher::new();
    text.hash(&mut h);
    h.finish()
}

fn read_meta() -> Option<Meta> {
    Meta::parse(read_local(META_KEY).as_deref())
}

/// Removes a loaded share link from the address bar, or a reload would load
/// it again over later edits.
fn drop_fragment() {
    let Some(w) = web_sys::window() else { return };
    if let Ok(h) = w.history() {
        let loc = w.location();
        let url = format!("{}{}", loc.pathname().unwrap_or_default(), loc.search().unwrap_or_default());
        let _ = h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&url));
    }
}

/// The state to open with: the saved text (if any) and the share link, with a
/// corrupt save kept aside.
fn begin(stored: Option<&str>, fragment: &str) -> AppState {
    let start = startup(stored, fragment);
    if start.drop_fragment {
        drop_fragment();
    }
    let mut state = start.state;
    match (start.broken, stored) {
        (Some(error), Some(text)) => {
            let kept = storage().is_some_and(|st| st.set_item(BROKEN_KEY, text).is_ok());
            // Not kept aside: the next save would overwrite the only copy.
            with(|s| s.held |= !kept);
            state.persist = Some(PersistAlert::Corrupt { error, text: Rc::from(text), kept });
        }
        // What is stored is this state: no need to save it again.
        _ if !start.drop_fragment && stored.is_some() => {
            let text = encode_saved(&state.doc, &state.request);
            with(|s| s.known = Some(hash(&text)));
        }
        _ => {}
    }
    state
}

/// The autosaved work (else the coffee shop) with any share link on top. When
/// the autosave is in IndexedDB, which is read asynchronously, the coffee shop
/// shows until `use_autosave` has read it.
pub fn initial_state() -> AppState {
    let hash = web_sys::window().and_then(|w| w.location().hash().ok()).unwrap_or_default();
    // A route (`#/reports`) is where to go (the app applies it), not a share link.
    let hash = if crate::state::route::Route::is_route(&hash) { String::new() } else { hash };
    let meta = read_meta();
    let tab = format!("{:x}", (js_sys::Math::random() * 281_474_976_710_656.0) as u64);
    with(|s| {
        s.tab = tab;
        s.base_rev = meta.as_ref().map_or(0, |m| m.rev);
    });
    if let Some(m) = meta.filter(|m| m.place == Place::IndexedDb) {
        with(|s| {
            s.held = true;
            s.to_read = Some((hash, m.idb_key()));
        });
        let mut state = AppState::new(default_scenario());
        state.notice = Some("Opening your saved work…".into());
        return state;
    }
    begin(read_local(STORAGE_KEY).as_deref(), &hash)
}

/// Reads the autosave from IndexedDB, if that is where it is.
fn read_indexeddb() {
    let Some((fragment, key)) = with(|s| s.to_read.take()) else { return };
    wasm_bindgen_futures::spawn_local(async move {
        let state = match idb::get(&key).await.map(|b| b.map(|b| unpack(&b))) {
            Ok(Some(Ok(text))) => {
                with(|s| s.held = false);
                begin(Some(&text), &fragment)
            }
            Ok(None) => {
                with(|s| s.held = false);
                begin(None, &fragment)
            }
            // Left untouched, and this tab does not save over it.
            Ok(Some(Err(e))) => unreachable_state(&fragment, format!("it cannot be unpacked: {e}")),
            Err(e) => unreachable_state(&fragment, e.to_string()),
        };
        tell(Action::Restore(Box::new(state)));
    });
}

fn unreachable_state(fragment: &str, why: String) -> AppState {
    let mut state = begin(None, fragment);
    state.persist = Some(PersistAlert::Unreachable(why));
    state
}

/// Writes the meta entry; if that fails, removes it (an entry without meta is
/// read from localStorage, never a stale place).
fn write_meta(meta: &Meta) -> Result<(), String> {
    let st = storage().ok_or("this page has no localStorage")?;
    st.set_item(META_KEY, &meta.encode()).map_err(|e| {
        let _ = st.remove_item(META_KEY);
        refusal_words(&e)
    })
}

/// After a save: its outcome shown (or a failure's alert cleared).
fn finish(rev: u64, text_hash: u64, outcome: Result<(), String>) {
    match outcome {
        Ok(()) => {
            let was_failing = with(|s| {
                s.base_rev = rev;
                s.known = Some(text_hash);
                std::mem::take(&mut s.failing)
            });
            if was_failing {
                tell(Action::Persist(None));
            }
        }
        Err(reason) => {
            with(|s| s.failing = true);
            tell(Action::Persist(Some(PersistAlert::NotSaved(reason))));
        }
    }
}

/// Saves the pending work, unless saving waits.
fn flush() {
    let Some(((doc, req), tab, base, known, adopted)) = with(|s| {
        if s.held || s.in_flight {
            return None;
        }
        Some((s.pending.take()?, s.tab.clone(), s.base_rev, s.known, s.adopted.take()))
    }) else {
        return;
    };
    let meta = read_meta();
    let text = encode_saved(&doc, &req);
    let text_hash = hash(&text);
    if adopted.is_some_and(|(d, r)| *d == *doc && r == req) {
        with(|s| s.known = Some(text_hash));
        return;
    }
    if crate::persist::changed_elsewhere(meta.as_ref(), base, &tab) {
        with(|s| {
            s.held = true;
            s.pending = Some((doc, req));
        });
        tell(Action::Persist(Some(PersistAlert::OtherTab)));
        return;
    }
    if known == Some(text_hash) {
        return;
    }
    let rev = meta.as_ref().map_or(base, |m| m.rev.max(base)) + 1;
    let mut local_refusal = None;
    if text.len() <= LOCAL_LIMIT {
        match storage().map(|st| st.set_item(STORAGE_KEY, &text)) {
            Some(Ok(())) => {
                // The entry is saved; without its meta (removed if it could not
                // be written) a reload still reads it, only tabs are not compared.
                let _ = write_meta(&Meta { rev, tab, place: Place::Local });
                // An earlier, larger revision in IndexedDB is no longer needed.
                if let Some(old) = meta.filter(|m| m.place == Place::IndexedDb) {
                    wasm_bindgen_futures::spawn_local(async move { drop(idb::delete(&old.idb_key()).await) });
                }
                return finish(rev, text_hash, Ok(()));
            }
            Some(Err(e)) => local_refusal = Some(refusal_words(&e)),
            None => local_refusal = Some("this page has no localStorage".into()),
        }
    }
    // IndexedDB: each revision under its own key, so that writing never
    // destroys the saved work; the meta entry is the commit.
    let previous = meta.clone().filter(|m| m.place == Place::IndexedDb);
    let next = Meta { rev, tab, place: Place::IndexedDb };
    with(|s| s.in_flight = true);
    wasm_bindgen_futures::spawn_local(async move {
        let outcome = match idb::put(&next.idb_key(), &pack(&text)).await {
            // Another tab saved while this one wrote: its work stays; ask.
            Ok(()) if read_meta() != meta => {
                let _ = idb::delete(&next.idb_key()).await;
                with(|s| {
                    s.in_flight = false;
                    s.held = true;
                    s.pending = Some((doc, req));
                });
                tell(Action::Persist(Some(PersistAlert::OtherTab)));
                return;
            }
            Ok(()) => {
                // The entry is in IndexedDB now: free localStorage's copy.
                if let Some(st) = storage() {
                    let _ = st.remove_item(STORAGE_KEY);
                }
                let committed = write_meta(&next);
                if let (Ok(()), Some(old)) = (&committed, previous) {
                    let _ = idb::delete(&old.idb_key()).await;
                }
                committed
            }
            Err(e) => Err(match local_refusal {
                Some(local) => format!("{local}, and {e}"),
                None => format!("the scenario is {} and {e}", size_words(text.len())),
            }),
        };
        with(|s| s.in_flight = false);
        finish(rev, text_hash, outcome);
        // What changed meanwhile.
        flush();
    });
}

/// Another tab saved (the `storage` event on `META_KEY`).
fn on_storage(e: &web_sys::StorageEvent) {
    if e.key().as_deref() != Some(META_KEY) {
        return;
    }
    let Some(meta) = Meta::parse(e.new_value().as_deref()) else { return };
    let (tab, base, dirty, reading) =
        with(|s| (s.tab.clone(), s.base_rev, s.pending.is_some() || s.in_flight || s.held, s.to_read.is_some()));
    if reading || !crate::persist::changed_elsewhere(Some(&meta), base, &tab) {
        return;
    }
    if dirty {
        with(|s| s.held = true);
        tell(Action::Persist(Some(PersistAlert::OtherTab)));
    } else {
        load_theirs();
    }
}

/// The person chose the other tab's work (or this tab had no unsaved edits):
/// it is loaded like any scenario, so Undo brings back what this tab had.
pub fn load_theirs() {
    let Some(meta) = read_meta() else { return };
    wasm_bindgen_futures::spawn_local(async move {
        let text = match meta.place {
            Place::Local => read_local(STORAGE_KEY),
            Place::IndexedDb => idb::get(&meta.idb_key()).await.ok().flatten().and_then(|b| unpack(&b).ok()),
        };
        let Some(Ok((doc, req))) = text.as_deref().map(decode_saved) else {
            tell(Action::Notice(Some("The work saved in the other tab could not be read; yours is kept here.".into())));
            return;
        };
        let request = req.map_or_else(|| crate::state::default_request(&doc), RequestState::from);
        let had_alert = with(|s| {
            s.base_rev = meta.rev;
            s.adopted = Some((Rc::new(doc.clone()), request.clone()));
            s.pending = None;
            std::mem::replace(&mut s.held, false)
        });
        tell(Action::LoadWithRequest(doc, request));
        if had_alert {
            tell(Action::Persist(None));
        }
        tell(Action::Notice(Some(
            "This tab now shows the work saved in another tab. Undo brings back what was here.".into(),
        )));
    });
}

/// The person chose this tab's work: it is saved over the other tab's.
pub fn keep_mine(doc: Rc<ScenarioDoc>, request: RequestState) {
    let rev = read_meta().map(|m| m.rev);
    with(|s| {
        s.base_rev = rev.unwrap_or(s.base_rev);
        s.held = false;
        s.known = None;
        s.pending = Some((doc, request));
    });
    tell(Action::Persist(None));
    flush();
}

/// The corrupt save was downloaded or dismissed: saving may go on.
pub fn release() {
    with(|s| s.held = false);
    flush();
}

/// Saves the work after each pause in editing, and when the page goes away.
#[hook]
pub fn use_autosave(state: &UseReducerHandle<AppState>) {
    let timer = use_mut_ref(|| None::<Timeout>);
    {
        let dispatcher = state.dispatcher();
        use_effect_with((), move |_| {
            with(|s| s.dispatch = Some(dispatcher));
            read_indexeddb();
            let window = web_sys::window();
            let pagehide = window.as_ref().map(|w| EventListener::new(w, "pagehide", |_| flush()));
            let other_tab = window.as_ref().map(|w| {
                EventListener::new(w, "storage", |e| {
                    if let Some(e) = e.dyn_ref::<web_sys::StorageEvent>() {
                        on_storage(e);
                    }
                })
            });
            // Leaving with work that is not saved: the browser asks first.
            let options = gloo::events::EventListenerOptions::enable_prevent_default();
            let leaving = window.as_ref().map(|w| {
                EventListener::new_with_options(w, "beforeunload", options, |e| {
                    if with(|s| s.failing || (s.held && s.pending.is_some())) {
                        e.prevent_default();
                    }
                })
            });
            move || drop((pagehide, other_tab, leaving))
        });
    }
    let work = (state.doc.clone(), state.request.clone());
    use_effect_with((state.revision, state.request_revision), move |_| {
        with(|s| s.pending = Some(work));
        // Replacing the timer cancels the previous one: one save per pause.
        *timer.borrow_mut() = Some(Timeout::new(300, flush));
    });
}
