//! Any text as a scenario document: parse, migrate, resolve, query.
#![no_main]

use iam_core::Context;
use iam_wire::scenario::{parse_document, resolve};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(doc) = parse_document(text) else { return };
    let Ok(loaded) = resolve(&doc, &|_| None) else { return };
    let m = &loaded.model;
    for a in &loaded.assertions {
        let _ = m.check(&a.assertion);
    }
    let _ = m.who_can("s3:GetObject", "arn:aws:s3:::b/k", &Context::new());
});
