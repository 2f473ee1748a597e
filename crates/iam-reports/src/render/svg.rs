//! Bar charts as inline SVG: passed, failed and not-available controls per group.

use std::fmt::Write;

/// One bar: a label and its counts (passed, failed, not available).
pub struct Bar {
    pub label: String,
    pub passed: usize,
    pub failed: usize,
    pub not_available: usize,
}

const PASSED: &str = "#2e7d32";
const FAILED: &str = "#c62828";
const NA: &str = "#9e9e9e";

fn esc(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;").replace('"', "&quot;")
}

/// A horizontal stacked bar chart, `title` for screen readers.
pub fn stacked_bars(title: &str, bars: &[Bar]) -> String {
    let label_w = 170;
    let bar_w = 320;
    let row_h = 26;
    let height = row_h * bars.len() + 30;
    let max = bars.iter().map(|b| b.passed + b.failed + b.not_available).max().unwrap_or(0).max(1);
    let mut s = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" role=\"img\" width=\"{w}\" height=\"{height}\" viewBox=\"0 0 {w} {height}\"><title>{t}</title>",
        w = label_w + bar_w + 60,
        t = esc(title)
    );
    for (i, b) in bars.iter().enumerate() {
        let y = i * row_h + 4;
        let _ = write!(s, "<text x=\"0\" y=\"{}\" font-size=\"12\">{}</text>", y + 14, esc(&b.label));
        let mut x = label_w;
        for (n, color) in [(b.passed, PASSED), (b.failed, FAILED), (b.not_available, NA)] {
            let w = n * bar_w / max;
            if w > 0 {
                let _ = write!(s, "<rect x=\"{x}\" y=\"{y}\" width=\"{w}\" height=\"18\" fill=\"{color}\"/>");
            }
            x += w;
        }
        let _ = write!(
            s,
            "<text x=\"{}\" y=\"{}\" font-size=\"11\">{} failed of {}</text>",
            x + 6,
            y + 14,
            b.failed,
            b.passed + b.failed + b.not_available
        );
    }
    let ly = height - 8;
    let mut lx = label_w;
    for (name, color) in [("passed", PASSED), ("failed", FAILED), ("not available", NA)] {
        let _ = write!(
            s,
            "<rect x=\"{lx}\" y=\"{}\" width=\"10\" height=\"10\" fill=\"{color}\"/><text x=\"{}\" y=\"{ly}\" font-size=\"11\">{name}</text>",
            ly - 9,
            lx + 14
        );
        lx += 95;
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_labels_and_scales_to_the_largest_bar() {
        let svg = stacked_bars(
            "t",
            &[
                Bar { label: "a<b".into(), passed: 2, failed: 2, not_available: 0 },
                Bar { label: "c".into(), passed: 1, failed: 0, not_available: 0 },
            ],
        );
        assert!(svg.contains("a&lt;b"));
        assert!(svg.contains("width=\"160\""), "{svg}");
        assert!(svg.contains("width=\"80\""), "{svg}");
    }
}
