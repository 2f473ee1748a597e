//! Reading condition values as numbers, dates and IP ranges.

use std::net::IpAddr;

/// A number as IAM's `Numeric*` operators read it (integers and decimals).
pub fn parse_number(s: &str) -> Option<f64> {
    let t = s.trim();
    let body = t.strip_prefix('-').or_else(|| t.strip_prefix('+')).unwrap_or(t);
    let valid = !body.is_empty()
        && body.chars().all(|c| c.is_ascii_digit() || c == '.')
        && body.chars().filter(|&c| c == '.').count() <= 1
        && body.chars().any(|c| c.is_ascii_digit());
    if !valid {
        return None;
    }
    t.parse::<f64>().ok()
}

/// A date as milliseconds since the Unix epoch. Accepts ISO 8601 as AWS writes
/// it (`2020-01-31`, `2020-01-31T12:00Z`, `2020-01-31T12:00:00.123Z`,
/// `…+01:00`, `…-0500`, lower-case `t`/`z`) and epoch seconds (`1580472000`).
pub fn parse_date(s: &str) -> Option<i64> {
    let s = s.trim();
    if !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()) {
        return s.parse::<i64>().ok()?.checked_mul(1000);
    }
    let b = s.as_bytes();
    let year = digits(b, 0, 4)?;
    if b.get(4) != Some(&b'-') || b.get(7) != Some(&b'-') {
        return None;
    }
    let month = digits(b, 5, 2)?;
    let day = digits(b, 8, 2)?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    let mut ms = days_from_civil(year, month, day) * 86_400_000;
    let mut i = 10;
    if i == b.len() {
        return Some(ms);
    }
    if !matches!(b.get(i), Some(b'T' | b't')) {
        return None;
    }
    let hour = digits(b, i + 1, 2)?;
    if b.get(i + 3) != Some(&b':') {
        return None;
    }
    let minute = digits(b, i + 4, 2)?;
    i += 6;
    let mut second = 0;
    let mut millis = 0;
    if b.get(i) == Some(&b':') {
        second = digits(b, i + 1, 2)?;
        i += 3;
        if b.get(i) == Some(&b'.') {
            let start = i + 1;
            let mut end = start;
            while b.get(end).is_some_and(u8::is_ascii_digit) {
                end += 1;
            }
            if end == start {
                return None;
            }
            // Milliseconds from the first three fraction digits.
            let frac = s.get(start..end.min(start + 3))?;
            let scale = 10_i64.pow(u32::try_from(3 - frac.len()).ok()?);
            millis = frac.parse::<i64>().ok()? * scale;
            i = end;
        }
    }
    if hour > 24 || minute > 59 || second > 60 || (hour == 24 && (minute > 0 || second > 0)) {
        return None;
    }
    ms += ((hour * 60 + minute) * 60 + second) * 1000 + millis;
    match b.get(i) {
        None => Some(ms),
        Some(b'Z' | b'z') if i + 1 == b.len() => Some(ms),
        Some(&sign @ (b'+' | b'-')) => {
            let oh = digits(b, i + 1, 2)?;
            let om = match (b.get(i + 3), b.len() - i) {
                (Some(b':'), 6) => digits(b, i + 4, 2)?,
                (_, 5) => digits(b, i + 3, 2)?,
                (None, 3) => 0,
                _ => return None,
            };
            // An offset is at most 23:59 (ISO 8601 / RFC 3339 `time-numoffset`).
            if oh > 23 || om > 59 {
                return None;
            }
            let offset = (oh * 60 + om) * 60_000;
            Some(if sign == b'+' { ms - offset } else { ms + offset })
        }
        _ => None,
    }
}

fn digits(b: &[u8], start: usize, n: usize) -> Option<i64> {
    let slice = b.get(start..start + n)?;
    slice.iter().try_fold(0i64, |acc, &c| c.is_ascii_digit().then(|| acc * 10 + i64::from(c - b'0')))
}

fn is_leap(y: i64) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

fn days_in_month(y: i64, m: i64) -> i64 {
    match m {
        2 if is_leap(y) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// An IP range in CIDR form; a bare address is a /32 or /128.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct IpNet {
    addr: IpAddr,
    prefix: u8,
}

impl IpNet {
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let addr: IpAddr = addr.parse().ok()?;
        let max = if addr.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) if !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit()) => p.parse::<u8>().ok()?,
            Some(_) => return None,
            None => max,
        };
        (prefix <= max).then_some(Self { addr, prefix })
    }

    /// True if `ip` (an address, or a network whose address is taken) lies in this range.
    pub fn contains(&self, ip: &IpNet) -> bool {
        match (self.addr, ip.addr) {
            (IpAddr::V4(net), IpAddr::V4(a)) => {
                masked(u128::from(u32::from(net)), u128::from(u32::from(a)), self.prefix, 32)
            }
            (IpAddr::V6(net), IpAddr::V6(a)) => masked(u128::from(net), u128::from(a), self.prefix, 128),
            (IpAddr::V4(net), IpAddr::V6(a)) => match a.to_ipv4_mapped() {
                Some(v4) => masked(u128::from(u32::from(net)), u128::from(u32::from(v4)), self.prefix, 32),
                None => false,
            },
            (IpAddr::V6(_), IpAddr::V4(_)) => false,
        }
    }
}

fn masked(net: u128, addr: u128, prefix: u8, width: u32) -> bool {
    let host_bits = width - u32::from(prefix);
    if host_bits >= width {
        return true;
    }
    (net >> host_bits) == (addr >> host_bits)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers() {
        assert_eq!(parse_number("10"), Some(10.0));
        assert_eq!(parse_number("-1.5"), Some(-1.5));
        assert_eq!(parse_number("1e3"), None, "AWS numeric values are plain decimals");
        assert_eq!(parse_number("abc"), None);
        assert_eq!(parse_number(""), None);
    }

    #[test]
    fn dates_in_every_documented_form() {
        let base = parse_date("2020-01-31T12:00:00Z").unwrap();
        assert_eq!(base, 1_580_472_000_000);
        assert_eq!(parse_date("1580472000"), Some(base));
        assert_eq!(parse_date("2020-01-31T12:00Z"), Some(base));
        assert_eq!(parse_date("2020-01-31T12:00:00.000Z"), Some(base));
        assert_eq!(parse_date("2020-01-31T12:00:00.5Z"), Some(base + 500));
        assert_eq!(parse_date("2020-01-31T13:00:00+01:00"), Some(base));
        assert_eq!(parse_date("2020-01-31T07:00:00-0500"), Some(base));
        // COND-DATE: ISO 8601 offsets are at most 23:59.
        assert_eq!(parse_date("2020-01-31T12:00:00+99:99"), None);
        assert_eq!(parse_date("2020-01-31T12:00:00+24:00"), None);
        assert_eq!(parse_date("2020-01-31T12:00:00+12:60"), None);
        assert_eq!(parse_date("2020-02-01T11:59:00+23:59"), Some(base));
        assert_eq!(parse_date("2020-01-31"), Some(base - 12 * 3_600_000));
        assert_eq!(parse_date("2020-02-30"), None);
        assert_eq!(parse_date("2020-01-31T25:00:00Z"), None);
        assert_eq!(parse_date("yesterday"), None);
        assert_eq!(parse_date("1969-12-31T23:59:59Z"), Some(-1000));
        assert_eq!(parse_date("2024-02-29"), Some(19_782 * 86_400_000));
    }

    #[test]
    fn ip_ranges_v4_and_v6() {
        let net = IpNet::parse("203.0.113.0/24").unwrap();
        assert!(net.contains(&IpNet::parse("203.0.113.7").unwrap()));
        assert!(!net.contains(&IpNet::parse("203.0.114.7").unwrap()));
        assert!(IpNet::parse("0.0.0.0/0").unwrap().contains(&IpNet::parse("8.8.8.8").unwrap()));
        let v6 = IpNet::parse("2001:DB8:1234:5678::/64").unwrap();
        assert!(v6.contains(&IpNet::parse("2001:db8:1234:5678::1").unwrap()));
        assert!(!v6.contains(&IpNet::parse("2001:db8:1234:5679::1").unwrap()));
        assert!(!v6.contains(&IpNet::parse("203.0.113.7").unwrap()));
        assert!(net.contains(&IpNet::parse("::ffff:203.0.113.9").unwrap()));
        assert_eq!(IpNet::parse("10.0.0.0/33"), None);
        assert_eq!(IpNet::parse("10.0.0.0/"), None);
        assert_eq!(IpNet::parse("nope"), None);
    }
}
