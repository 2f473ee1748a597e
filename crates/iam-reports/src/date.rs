//! Dates as the report counts them: epoch milliseconds, days, `YYYY-MM-DD`.

use iam_core::condition::parse_date;

pub const DAY_MS: i64 = 86_400_000;

/// `YYYY-MM-DD` (or any ISO 8601 date the engine reads) as epoch milliseconds.
pub fn parse(s: &str) -> Option<i64> {
    parse_date(s)
}

/// Whole days from `then` to `now` (negative when `then` is later).
pub fn days_between(then: i64, now: i64) -> i64 {
    (now - then).div_euclid(DAY_MS)
}

/// Epoch milliseconds as `YYYY-MM-DD` (UTC).
pub fn format(ms: i64) -> String {
    let (y, m, d) = civil_from_days(ms.div_euclid(DAY_MS));
    format!("{y:04}-{m:02}-{d:02}")
}

/// Howard Hinnant's `civil_from_days`.
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let y = yoe + era * 400;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let m = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    (if m <= 2 { y + 1 } else { y }, m, d)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, reason = "test code")]
    use super::*;

    #[test]
    fn round_trips() {
        for s in ["1970-01-01", "2000-02-29", "2026-12-02", "2024-03-01"] {
            assert_eq!(format(parse(s).unwrap()), s);
        }
        assert_eq!(days_between(parse("2026-01-01").unwrap(), parse("2026-04-01").unwrap()), 90);
    }
}
