#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing, reason = "scratch")]
fn main() {
    let c = iam_catalog::IamCatalog::bundled().unwrap();
    let args: Vec<String> = std::env::args().collect();
    let ty = iam_core::lint::PolicyType::parse(&args[1]).unwrap();
    let filter = args.get(3).cloned();
    for path in args[2].split(',') {
        let text = std::fs::read_to_string(path).unwrap();
        let idx = iam_core::LineIndex::new(&text);
        for d in iam_core::lint::lint(&text, ty, &c) {
            if filter.as_deref().is_some_and(|f| f != d.code) {
                continue;
            }
            println!(
                "{path}: {} [{}]",
                d.render(&idx),
                &text[d.span.start as usize..(d.span.end as usize).min(d.span.start as usize + 80)]
            );
        }
    }
}
