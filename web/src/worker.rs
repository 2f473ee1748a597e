//! Off-main-thread evaluation for large access matrices. The worker is this
//! same wasm module started in a module worker (`worker.js`), so nothing is
//! downloaded twice. A request's id hashes everything it depends on; replies
//! echo it, and the page drops replies to anything but its newest request.

use crate::analysis::{context_of, managed_or_pending};
use iam_catalog::ManagedPolicies;
use iam_core::Decision;
use iam_wire::scenario::{ScenarioDoc, resolve};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct MatrixRequest {
    pub id: u64,
    pub doc: ScenarioDoc,
    pub principals: Vec<String>,
    pub actions: Vec<String>,
    /// The resource each action is decided on (`resources[i]` for `actions[i]`).
    pub resources: Vec<String>,
    pub context: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MatrixReply {
    pub id: u64,
    /// Row-major principal × action (on its resource): 0 allow, 1 explicit deny, 2 implicit deny.
    pub cells: Vec<u8>,
    pub error: Option<String>,
    /// Computed by the worker (not on the page).
    #[serde(default)]
    pub worker: bool,
}

/// The id of a matrix request: changes with the scenario, the request, the
/// action set, and whether the AWS managed policies have arrived (until then
/// they are stand-ins, so the same inputs give a different answer).
pub fn request_id(revision: u64, request_revision: u64, managed_loaded: bool, actions: &[String]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ revision ^ (request_revision << 32) ^ u64::from(managed_loaded) << 63;
    for b in actions.iter().flat_map(|a| a.bytes().chain(std::iter::once(b','))) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// The reply to a message that is not a readable request: the error, with the
/// request's id when it has one, so the page shows it instead of waiting.
pub fn unreadable(text: &str, err: &serde_json::Error) -> MatrixReply {
    #[derive(Deserialize)]
    struct Id {
        id: u64,
    }
    let id = serde_json::from_str::<Id>(text).map_or(0, |x| x.id);
    MatrixReply {
        id,
        cells: Vec::new(),
        error: Some(format!("the worker could not read the request: {err}")),
        worker: true,
    }
}

pub fn code(d: Decision) -> u8 {
    match d {
        Decision::Allow => 0,
        Decision::ExplicitDeny => 1,
        Decision::ImplicitDeny => 2,
    }
}

pub fn decision(code: u8) -> Decision {
    match code {
        0 => Decision::Allow,
        1 => Decision::ExplicitDeny,
        _ => Decision::ImplicitDeny,
    }
}

/// The computation itself (shared by the worker and the small-matrix path).
pub fn compute(req: &MatrixRequest, managed: Option<&ManagedPolicies>) -> MatrixReply {
    // The same stand-ins as the rest of the page while the managed policies load.
    let lookup = |arn: &str| managed_or_pending(managed, arn);
    let loaded = match resolve(&req.doc, &lookup) {
        Ok(l) => l,
        Err(e) => {
            return MatrixReply {
                id: req.id,
                cells: Vec::new(),
                error: e.first().map(|x| x.to_string()),
                worker: false,
            };
        }
    };
    let m = &loaded.model;
    let ctx = context_of(&req.context);
    let principals: Vec<_> = req.principals.iter().filter_map(|p| m.resolve_principal(p).ok()).collect();
    let ctx = &ctx;
    let cells = principals
        .iter()
        .flat_map(|p| {
            req.actions.iter().zip(&req.resources).map(move |(a, r)| code(m.decide(p, a.trim(), r.trim(), ctx)))
        })
        .collect();
    MatrixReply { id: req.id, cells, error: None, worker: false }
}

#[cfg(target_arch = "wasm32")]
pub mod runtime {
    //! The worker side and the page side of the message protocol.
    //!
    //! Not gloo-worker: its bridge brings its own protocol (a `Loaded`
    //! handshake, bincode-encoded messages, its own loader script) in place of
    //! `web/worker.js`, which queues messages while the module loads and then
    //! replays them by calling `self.onmessage` itself. That replay needs the
    //! handler set as the `onmessage` property (so not gloo-events either),
    //! and the JSON messages keep `unreadable` able to answer a bad request
    //! with its id.
    use super::*;
    use std::cell::RefCell;
    use std::rc::Rc;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::prelude::*;

    /// True when running inside a dedicated worker.
    pub fn in_worker() -> bool {
        js_sys::global().dyn_into::<web_sys::DedicatedWorkerGlobalScope>().is_ok()
    }

    /// Worker entry: answer matrix requests. The AWS managed policies are
    /// fetched first; requests that arrive before they are in wait for them.
    pub fn serve() {
        let Ok(scope) = js_sys::global().dyn_into::<web_sys::DedicatedWorkerGlobalScope>() else { return };
        let managed: Rc<RefCell<Option<ManagedPolicies>>> = Rc::new(RefCell::new(None));
        let ready = Rc::new(RefCell::new(false));
        let waiting: Rc<RefCell<Vec<MatrixRequest>>> = Rc::new(RefCell::new(Vec::new()));
        let answer = {
            let scope = scope.clone();
            let managed = managed.clone();
            move |req: &MatrixRequest| {
                let reply = MatrixReply { worker: true, ..compute(req, managed.borrow().as_ref()) };
                let _ = scope.post_message(&JsValue::from_str(&serde_json::to_string(&reply).unwrap_or_default()));
            }
        };
        {
            let (managed, ready, waiting, answer) = (managed.clone(), ready.clone(), waiting.clone(), answer.clone());
            wasm_bindgen_futures::spawn_local(async move {
                if let Ok(m) = crate::data::fetch_managed_policies().await {
                    *managed.borrow_mut() = Some(m);
                }
                *ready.borrow_mut() = true;
                let queued: Vec<MatrixRequest> = std::mem::take(&mut *waiting.borrow_mut());
                // Only the newest request matters; the page drops the rest anyway.
                if let Some(last) = queued.last() {
                    answer(last);
                }
            });
        }
        let onmessage = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            let Some(text) = e.data().as_string() else { return };
            match serde_json::from_str::<MatrixRequest>(&text) {
                Ok(req) if *ready.borrow() => answer(&req),
                Ok(req) => waiting.borrow_mut().push(req),
                Err(err) => {
                    let reply = unreadable(&text, &err);
                    let _ = scope.post_message(&JsValue::from_str(&serde_json::to_string(&reply).unwrap_or_default()));
                }
            }
        });
        if let Ok(scope) = js_sys::global().dyn_into::<web_sys::DedicatedWorkerGlobalScope>() {
            scope.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        }
        onmessage.forget();
    }

    /// The page's handle on a running worker; dropping it stops the worker.
    pub struct MatrixWorker {
        worker: web_sys::Worker,
        _onmessage: Closure<dyn Fn(web_sys::MessageEvent)>,
        _onerror: Closure<dyn Fn(web_sys::Event)>,
    }

    impl MatrixWorker {
        /// Starts the worker; `on_error` runs if it cannot start or crashes.
        pub fn spawn(on_reply: impl Fn(MatrixReply) + 'static, on_error: impl Fn() + 'static) -> Option<Self> {
            let options = web_sys::WorkerOptions::new();
            options.set_type(web_sys::WorkerType::Module);
            let worker = web_sys::Worker::new_with_options("worker.js", &options).ok()?;
            let onmessage = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
                if let Some(reply) = e.data().as_string().and_then(|t| serde_json::from_str::<MatrixReply>(&t).ok()) {
                    on_reply(reply);
                }
            });
            let onerror = Closure::<dyn Fn(web_sys::Event)>::new(move |_: web_sys::Event| on_error());
            worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
            worker.set_onerror(Some(onerror.as_ref().unchecked_ref()));
            Some(Self { worker, _onmessage: onmessage, _onerror: onerror })
        }

        pub fn post(&self, req: &MatrixRequest) {
            if let Ok(text) = serde_json::to_string(req) {
                let _ = self.worker.post_message(&JsValue::from_str(&text));
            }
        }
    }

    impl Drop for MatrixWorker {
        fn drop(&mut self) {
            self.worker.set_onmessage(None);
            self.worker.set_onerror(None);
            self.worker.terminate();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::gallery::default_scenario;

    fn request() -> MatrixRequest {
        MatrixRequest {
            id: 7,
            doc: default_scenario(),
            principals: vec!["it/user/ivan".into(), "finance/user/ana".into()],
            actions: vec!["s3:GetObject".into()],
            resources: vec!["*".into()],
            context: Vec::new(),
        }
    }

    #[test]
    fn before_the_managed_policies_arrive_they_are_stand_ins_not_errors() {
        // ivan holds AdministratorAccess (AWS managed).
        let reply = compute(&request(), None);
        assert_eq!(reply.error, None);
        assert_eq!(reply.cells.len(), 2);
    }

    #[test]
    fn each_action_is_decided_on_its_own_resource() {
        let mut req = request();
        req.actions = vec!["s3:GetObject".into(), "dynamodb:UpdateItem".into()];
        req.resources = vec![
            "arn:aws:s3:::awsdoc-example-bucket/receipts/1.pdf".into(),
            "arn:aws:dynamodb:us-east-1:222233334444:table/Inventory".into(),
        ];
        req.principals = vec!["finance/role/Inventory".into()];
        let reply = compute(&req, None);
        assert_eq!(reply.cells, vec![2, 0], "the Inventory role updates its table, not receipts");
    }

    #[test]
    fn the_id_changes_when_the_managed_policies_arrive() {
        let actions = vec!["s3:GetObject".to_string()];
        assert_ne!(request_id(3, 1, false, &actions), request_id(3, 1, true, &actions));
        assert_ne!(request_id(3, 1, true, &actions), request_id(3, 1, true, &["s3:PutObject".to_string()]));
    }

    #[test]
    fn an_unreadable_request_is_answered_with_its_id() {
        let mut v = serde_json::to_value(request()).unwrap();
        v["principals"] = serde_json::json!(5);
        let text = v.to_string();
        let err = serde_json::from_str::<MatrixRequest>(&text).unwrap_err();
        let reply = unreadable(&text, &err);
        assert_eq!(reply.id, 7);
        assert!(reply.error.is_some());
    }
}
