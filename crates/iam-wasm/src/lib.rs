//! JavaScript API: the engine for documentation sites, workshop pages and
//! scripts. Inputs and outputs are JSON strings in the AWS CLI shapes.

use iam_wire::simulate::Simulation;
use wasm_bindgen::prelude::*;

/// `simulate(input)`: takes a `simulate-custom-policy --cli-input-json`
/// document and returns the AWS-shaped response. Throws an `Error` whose
/// message names the field path or the policy and line:column.
#[wasm_bindgen]
pub fn simulate(input: &str) -> Result<String, JsError> {
    let sim = Simulation::from_json(input).map_err(|e| JsError::new(&e.to_string()))?;
    serde_json::to_string(&sim.output()).map_err(|e| JsError::new(&e.to_string()))
}

/// `benchmark(input, iterations)`: decisions per second on the fast path,
/// timed with `Date.now()` (millisecond resolution: give enough iterations), for
/// the comparison script.
#[wasm_bindgen]
pub fn benchmark(input: &str, iterations: u32) -> Result<f64, JsError> {
    let sim = Simulation::from_json(input).map_err(|e| JsError::new(&e.to_string()))?;
    let pairs = sim.prepared();
    let start = js_sys::Date::now();
    let mut allowed = 0u32;
    for _ in 0..iterations {
        for p in &pairs {
            allowed = allowed.wrapping_add(u32::from(sim.decide(p) == iam_core::Decision::Allow));
        }
    }
    let ms = (js_sys::Date::now() - start).max(0.001);
    // Keep `allowed` observable so the loop cannot be optimised away.
    if allowed == u32::MAX {
        return Err(JsError::new("unreachable"));
    }
    Ok(f64::from(iterations) * pairs.len() as f64 / (ms / 1000.0))
}
