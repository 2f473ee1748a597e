//! Any text as an `iamplay simulate` input: an error or a result, never a panic.
#![no_main]

use iam_wire::simulate::Simulation;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(sim) = Simulation::from_json(text) {
        let _ = sim.output();
    }
});
