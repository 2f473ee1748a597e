//! Off-main-thread evaluation for large access matrices. The worker is this
//! same wasm module started in a module worker (`worker.js`), so nothing is
//! downloaded twice. Requests carry a revision; the page drops stale replies.

use crate::analysis::context_of;
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
    pub resources: Vec<String>,
    pub context: Vec<(String, String)>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MatrixReply {
    pub id: u64,
    /// Row-major principal × action × resource: 0 allow, 1 explicit deny, 2 implicit deny.
    pub cells: Vec<u8>,
    pub error: Option<String>,
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
    let lookup = |arn: &str| managed.and_then(|m| m.by_arn(arn)).map(|p| (p.name.clone(), p.document.clone()));
    let loaded = match resolve(&req.doc, &lookup) {
        Ok(l) => l,
        Err(e) => return MatrixReply { id: req.id, cells: Vec::new(), error: e.first().map(|x| x.to_string()) },
    };
    let m = &loaded.model;
    let ctx = context_of(&req.context);
    let principals: Vec<_> = req.principals.iter().filter_map(|p| m.resolve_principal(p).ok()).collect();
    let matrix = m.access_matrix(&principals, &req.actions, &req.resources, &ctx);
    MatrixReply { id: req.id, cells: matrix.cells.iter().map(|c| code(c.decision)).collect(), error: None }
}

#[cfg(target_arch = "wasm32")]
pub mod runtime {
    //! The worker side and the page side of the message protocol.
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
                let reply = compute(req, managed.borrow().as_ref());
                let _ = scope.post_message(&JsValue::from_str(&serde_json::to_string(&reply).unwrap_or_default()));
            }
        };
        {
            let (managed, ready, waiting, answer) = (managed.clone(), ready.clone(), waiting.clone(), answer.clone());
            let scope = scope.clone();
            wasm_bindgen_futures::spawn_local(async move {
                if let Some(m) = fetch_managed(&scope).await {
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
                    let reply = MatrixReply { id: 0, cells: Vec::new(), error: Some(err.to_string()) };
                    let _ = scope.post_message(&JsValue::from_str(&serde_json::to_string(&reply).unwrap_or_default()));
                }
            }
        });
        if let Ok(scope) = js_sys::global().dyn_into::<web_sys::DedicatedWorkerGlobalScope>() {
            scope.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        }
        onmessage.forget();
    }

    async fn fetch_managed(scope: &web_sys::DedicatedWorkerGlobalScope) -> Option<ManagedPolicies> {
        let resp =
            wasm_bindgen_futures::JsFuture::from(scope.fetch_with_str(crate::data::MANAGED_POLICIES_URL)).await.ok()?;
        let resp: web_sys::Response = resp.dyn_into().ok()?;
        let text = wasm_bindgen_futures::JsFuture::from(resp.text().ok()?).await.ok()?;
        ManagedPolicies::from_json(&text.as_string()?).ok()
    }

    /// Starts the worker from the page.
    pub fn spawn(on_reply: impl Fn(MatrixReply) + 'static) -> Option<web_sys::Worker> {
        let options = web_sys::WorkerOptions::new();
        options.set_type(web_sys::WorkerType::Module);
        let worker = web_sys::Worker::new_with_options("worker.js", &options).ok()?;
        let onmessage = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |e: web_sys::MessageEvent| {
            if let Some(reply) = e.data().as_string().and_then(|t| serde_json::from_str::<MatrixReply>(&t).ok()) {
                on_reply(reply);
            }
        });
        worker.set_onmessage(Some(onmessage.as_ref().unchecked_ref()));
        onmessage.forget();
        Some(worker)
    }

    pub fn post(worker: &web_sys::Worker, req: &MatrixRequest) {
        if let Ok(text) = serde_json::to_string(req) {
            let _ = worker.post_message(&JsValue::from_str(&text));
        }
    }
}
