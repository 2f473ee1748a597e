//! The access matrix: principals × actions for the request's resource, as a
//! heatmap. Actions come from the scenario (its exercises and the request) or,
//! once the catalog is loaded, from a whole service, filtered by access level.
//! Large matrices are computed in a Web Worker so typing never stutters;
//! replies for anything but the newest request are dropped.

use super::decision_panel::verdict;
use crate::hooks::{input_value, use_app};
use crate::state::Action;
use crate::worker::{MatrixReply, MatrixRequest, compute, decision, request_id};
use iam_catalog::ManagedPolicies;
use iam_core::catalog::Catalog;
use iam_wire::scenario::AssertionDoc;
use std::rc::Rc;
use yew::prelude::*;

/// Above this many cells the worker computes the matrix.
const WORKER_THRESHOLD: usize = 400;

/// Where the shown matrix was computed, from its reply (not from the size alone).
fn where_computed(cells: usize, reply: Option<&MatrixReply>) -> &'static str {
    match reply {
        _ if cells <= WORKER_THRESHOLD => "",
        Some(r) if r.worker => ", computed in a Web Worker",
        Some(_) => ", computed on this page (the Web Worker could not start)",
        None => ", computing in a Web Worker…",
    }
}

/// The resource to decide `action` on: `*` when the action takes no resource;
/// else the request's resource if it is of a type the action accepts, else
/// the first of the scenario's `candidates` that is; else `*` (as the IAM
/// policy simulator decides an action without a resource: deciding
/// `ec2:RunInstances` on an S3 object would say nothing). Without the
/// catalog, the request's resource.
pub fn resource_for(action: &str, request: &str, candidates: &[String], catalog: Option<&dyn Catalog>) -> String {
    let Some((service, def)) = catalog.and_then(|c| c.action(action)) else { return request.to_string() };
    if def.resources.is_empty() {
        return "*".into();
    }
    let fits = |r: &str| service.resource_types_of(def).any(|t| t.fits(r));
    std::iter::once(request).chain(candidates.iter().map(String::as_str)).find(|r| fits(r)).unwrap_or("*").to_string()
}

/// The scenario's resources as request resources: each ARN, and an object of each bucket.
pub fn scenario_resources(doc: &iam_wire::scenario::ScenarioDoc) -> Vec<String> {
    let mut out = Vec::new();
    for a in &doc.accounts {
        for r in &a.resources {
            out.push(r.arn.clone());
            if r.arn.starts_with("arn:aws:s3:::") && !r.arn.contains('/') {
                out.push(format!("{}/example-object", r.arn));
            }
        }
        for r in &a.roles {
            out.push(format!("arn:aws:iam::{}:role{}{}", a.id, r.path, r.name));
        }
        for u in &a.users {
            out.push(format!("arn:aws:iam::{}:user{}{}", a.id, u.path, u.name));
        }
    }
    out
}

#[function_component(Matrix)]
pub fn matrix() -> Html {
    let app = use_app();
    let service = use_state(String::new);
    let level = use_state(String::new);
    let extra = use_state(String::new);
    let reply = use_state(|| None::<MatrixReply>);
    // The newest request (replies to older ones are dropped) and the managed
    // policies it was made with, to compute it here if the worker fails.
    let latest = use_mut_ref(|| None::<(MatrixRequest, Option<Rc<ManagedPolicies>>)>);
    #[cfg(target_arch = "wasm32")]
    let worker = use_mut_ref(|| None::<crate::worker::runtime::MatrixWorker>);
    let worker_failed = use_mut_ref(|| false);
    // Leaving the tab stops the worker (each visit would otherwise add one).
    #[cfg(target_arch = "wasm32")]
    {
        let worker = worker.clone();
        use_effect_with((), move |_| move || drop(worker.borrow_mut().take()));
    }

    let doc = &app.state.doc;
    let principals: Vec<String> =
        app.doc.model().map(|m| m.principals().iter().map(|p| m.principal_label(p)).collect()).unwrap_or_default();
    let mut actions: Vec<String> = Vec::new();
    let mut push = |a: &str| {
        let a = a.trim();
        if a.contains(':') && !actions.iter().any(|x| x == a) {
            actions.push(a.to_string());
        }
    };
    push(&app.state.request.action);
    for a in &doc.assertions {
        match a {
            AssertionDoc::Can { action, .. }
            | AssertionDoc::NobodyOutsideOrg { action, .. }
            | AssertionDoc::Only { action, .. } => push(action),
        }
    }
    for a in extra.split(',') {
        push(a);
    }
    let catalog = app.catalog.clone();
    // The service list: the scenario's services, or every service of the catalog.
    let services: Vec<String> = match &catalog {
        Some(c) => c.services().iter().map(|s| s.prefix.to_string()).collect(),
        None => {
            let mut s: Vec<String> = actions.iter().filter_map(|a| a.split(':').next()).map(str::to_string).collect();
            s.sort();
            s.dedup();
            s
        }
    };
    let access_of = |a: &str| -> Option<iam_core::catalog::AccessLevel> {
        catalog.as_ref().and_then(|c| c.action(a)).map(|(_, d)| d.access)
    };
    if !service.is_empty() {
        match &catalog {
            // A chosen service brings all its actions (the access level narrows them).
            Some(c) => {
                actions = iam_core::catalog::expand(c.as_ref(), &format!("{}:*", *service))
                    .into_iter()
                    .map(|(s, a)| format!("{}:{}", s.prefix, a.name))
                    .collect()
            }
            None => actions.retain(|a| a.starts_with(&format!("{}:", *service))),
        }
    }
    if !level.is_empty() {
        actions.retain(|a| access_of(a).is_some_and(|l| l.as_str() == level.as_str()));
    }
    // Each action on a resource that fits it (the request's, else one of the scenario's, or `*`).
    let candidates = scenario_resources(doc);
    let request_resource = app.state.request.resource.trim().to_string();
    let resources: Vec<String> = actions
        .iter()
        .map(|a| resource_for(a, &request_resource, &candidates, catalog.as_deref().map(|c| c as &dyn Catalog)))
        .collect();
    let keyed: Vec<String> = actions.iter().chain(&resources).cloned().collect();
    let id = request_id(app.state.revision, app.state.request_revision, app.managed.is_some(), &keyed);
    let cells = principals.len() * actions.len();
    #[cfg_attr(not(target_arch = "wasm32"), allow(unused_variables, reason = "no workers natively"))]
    let in_worker = cells > WORKER_THRESHOLD && !*worker_failed.borrow();

    {
        let reply = reply.clone();
        let latest = latest.clone();
        let req = MatrixRequest {
            id,
            doc: (**doc).clone(),
            principals: principals.clone(),
            actions: actions.clone(),
            resources: resources.clone(),
            context: app.state.request.context.clone(),
        };
        let managed = app.managed.clone();
        #[cfg(target_arch = "wasm32")]
        let (worker, worker_failed) = (worker.clone(), worker_failed.clone());
        use_effect_with(id, move |_| {
            *latest.borrow_mut() = Some((req.clone(), managed.clone()));
            #[cfg(target_arch = "wasm32")]
            if in_worker {
                if worker.borrow().is_none() {
                    let on_reply = {
                        let (reply, latest) = (reply.clone(), latest.clone());
                        move |r: MatrixReply| {
                            if latest.borrow().as_ref().is_some_and(|(q, _)| q.id == r.id) {
                                reply.set(Some(r));
                            }
                        }
                    };
                    // A worker that cannot start: compute here from now on.
                    let on_error = {
                        let (reply, latest, worker_failed) = (reply.clone(), latest.clone(), worker_failed.clone());
                        move || {
                            *worker_failed.borrow_mut() = true;
                            if let Some((q, m)) = latest.borrow().as_ref() {
                                reply.set(Some(compute(q, m.as_deref())));
                            }
                        }
                    };
                    *worker.borrow_mut() = crate::worker::runtime::MatrixWorker::spawn(on_reply, on_error);
                }
                if let Some(w) = worker.borrow().as_ref() {
                    w.post(&req);
                    return;
                }
                *worker_failed.borrow_mut() = true;
            }
            reply.set(Some(compute(&req, managed.as_deref())));
        });
    }
    let on_service = {
        let service = service.clone();
        Callback::from(move |e: Event| service.set(input_value(&e)))
    };
    let on_level = {
        let level = level.clone();
        Callback::from(move |e: Event| level.set(input_value(&e)))
    };
    let on_extra = {
        let extra = extra.clone();
        Callback::from(move |e: Event| extra.set(input_value(&e)))
    };
    let current = reply.as_ref().filter(|r| r.id == id);
    let on_csv = {
        let app = app.clone();
        let cells: Option<Vec<String>> =
            current.map(|r| r.cells.iter().map(|c| verdict(Some(decision(*c))).1.to_string()).collect());
        let (principals, actions, resources) = (principals.clone(), actions.clone(), resources.clone());
        Callback::from(move |_| {
            let Some(cells) = &cells else { return };
            let mut rows = vec![
                std::iter::once("Principal \\ Action".to_string()).chain(actions.iter().cloned()).collect::<Vec<_>>(),
                std::iter::once("(on resource)".to_string()).chain(resources.iter().cloned()).collect(),
            ];
            for (pi, p) in principals.iter().enumerate() {
                let row = (0..actions.len()).map(|ai| cells.get(pi * actions.len() + ai).cloned().unwrap_or_default());
                rows.push(std::iter::once(p.clone()).chain(row).collect());
            }
            if let Err(e) = super::csv::download("access-matrix.csv", "text/csv", &super::csv::table(&rows)) {
                app.dispatch(Action::Notice(Some(format!("Export failed: {e}"))));
            }
        })
    };
    html! {
        <div class="matrix">
            <div class="two">
                <label class="field">
                    <span>{ "Service" }</span>
                    <select onchange={on_service}>
                        <option value="" selected={service.is_empty()}>{ "The scenario's actions" }</option>
                        { for services.iter().map(|s| html! { <option value={s.clone()} selected={*service == *s}>{ s }</option> }) }
                    </select>
                </label>
                <label class="field">
                    <span>{ "Access level" }</span>
                    <select onchange={on_level} disabled={catalog.is_none()}>
                        <option value="" selected={level.is_empty()}>{ "All levels" }</option>
                        { for iam_core::catalog::AccessLevel::ALL.iter().map(|l| html! { <option value={l.as_str()} selected={*level == l.as_str()}>{ l.as_str() }</option> }) }
                    </select>
                </label>
                <label class="field">
                    <span>{ "More actions (comma-separated)" }</span>
                    <input type="text" value={(*extra).clone()} onchange={on_extra} placeholder="s3:PutObject, kms:Decrypt" />
                </label>
            </div>
            <div class="matrix-head">
                <p class="small muted">{ format!("Each action on a resource of a type it accepts (the request's when it fits); {} cells{}", cells, where_computed(cells, current)) }</p>
                <button type="button" onclick={on_csv} disabled={current.is_none()}>{ "Export CSV" }</button>
            </div>
            if current.is_none() { <p class="muted" role="status">{ "Computing…" }</p> }
            if let Some(err) = current.and_then(|r| r.error.clone()) { <p class="request-error">{ err }</p> }
            <div class="matrix-scroll" tabindex="0" role="region" aria-label="Access matrix, scrollable">
                <table class="grid heat" aria-label="Access matrix">
                    <thead><tr><th scope="col">{ "Principal" }</th>{ for actions.iter().zip(&resources).map(|(a, r)| html! {
                        <th scope="col" class="mono" title={format!("{a} on {r}")}>{ a }<span class="on-resource">{ short_resource(r) }</span></th>
                    }) }</tr></thead>
                    <tbody>
                        { for principals.iter().enumerate().map(|(pi, p)| html! {
                            <tr>
                                <th scope="row"><button type="button" class="link" onclick={app.on(Action::SetPrincipal(p.clone()))}>{ p }</button></th>
                                { for actions.iter().zip(&resources).enumerate().map(|(ai, (a, r))| {
                                    let code = current.and_then(|r| r.cells.get(pi * actions.len() + ai).copied());
                                    let (class, text) = verdict(code.map(decision));
                                    let onclick = {
                                        let app = app.clone();
                                        let p = p.clone();
                                        let a = a.clone();
                                        let r = r.clone();
                                        Callback::from(move |_| {
                                            app.dispatch(Action::SetPrincipal(p.clone()));
                                            app.dispatch(Action::SetAction(a.clone()));
                                            app.dispatch(Action::SetResource(r.clone()));
                                            app.dispatch(Action::SetView(crate::state::View::Decision));
                                        })
                                    };
                                    html! { <td><button type="button" class={classes!("cell", class)} aria-label={format!("{p} {a}: {text}")} title={format!("{p} {a} on {r}: {text}")} {onclick}>{ text }</button></td> }
                                }) }
                            </tr>
                        }) }
                    </tbody>
                </table>
            </div>
        </div>
    }
}

/// The end of a resource ARN, for a column header (`table/Inventory`, `*`).
fn short_resource(r: &str) -> String {
    let tail = r.rsplit(':').next().unwrap_or(r);
    let n = tail.chars().count();
    if n > 28 { format!("…{}", tail.chars().skip(n - 27).collect::<String>()) } else { tail.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::state::gallery::default_scenario;

    #[test]
    fn each_action_gets_a_resource_of_its_type() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../crates/iam-catalog/data/catalog.compact.json");
        let catalog = iam_catalog::IamCatalog::from_json(&std::fs::read_to_string(path).unwrap()).unwrap();
        let c: &dyn Catalog = &catalog;
        let doc = default_scenario();
        let candidates = scenario_resources(&doc);
        let object = "arn:aws:s3:::awsdoc-example-bucket/receipts/1.pdf";
        assert_eq!(resource_for("s3:GetObject", object, &candidates, Some(c)), object);
        assert_eq!(
            resource_for("dynamodb:UpdateItem", object, &candidates, Some(c)),
            "arn:aws:dynamodb:us-east-1:222233334444:table/Inventory"
        );
        assert_eq!(resource_for("ec2:DescribeInstances", object, &candidates, Some(c)), "*");
        // No scenario resource is an EC2 instance: `*`, not the request's S3 object.
        assert_eq!(resource_for("ec2:RunInstances", object, &candidates, Some(c)), "*");
        assert_eq!(resource_for("s3:ListBucket", object, &candidates, Some(c)), "arn:aws:s3:::awsdoc-example-bucket");
        assert_eq!(resource_for("s3:GetObject", object, &candidates, None), object);
        assert_eq!(short_resource("arn:aws:dynamodb:us-east-1:222233334444:table/Inventory"), "table/Inventory");
    }
}
