//! Reading a value as a number, the way Gatus does (Go's `strconv.ParseInt(s, 0, 64)`,
//! `ParseFloat` and `time.ParseDuration`), so a value in a body compares as it would there.
//!
//! - Integers: an optional sign, then decimal digits, or `0x`/`0o`/`0b` and digits of that base;
//!   `_` may separate digits (`1_000`, `0b1111_0000`). Unlike Go, a leading zero does not mean
//!   octal: `010` is ten, as a person reading a JSON value or a form means it.
//! - Other numbers: decimal fractions and exponents (`0.5`, `1e3`), finite only.
//! - Durations, as milliseconds: Go's spelling (`1h30m`, `1.5s`, `300us`, `-2m`) and Lookout's
//!   own (`5days`, `2h 30m`, as everywhere else in Lookout).

/// An exact integer, when `s` is written as one.
pub(super) fn integer(s: &str) -> Option<i128> {
    let s = s.trim();
    let (negative, unsigned) = match s.as_bytes().first()? {
        b'-' => (true, &s[1..]),
        b'+' => (false, &s[1..]),
        _ => (false, s),
    };
    let lower = unsigned.get(..2).map(str::to_ascii_lowercase);
    let (radix, digits) = match lower.as_deref() {
        Some("0x") => (16, &unsigned[2..]),
        Some("0o") => (8, &unsigned[2..]),
        Some("0b") => (2, &unsigned[2..]),
        _ => (10, unsigned),
    };
    // Go allows one `_` between a base prefix and a digit, and between digits.
    let digits = if radix != 10 {
        digits.strip_prefix('_').unwrap_or(digits)
    } else {
        digits
    };
    if digits.is_empty()
        || digits.starts_with('_')
        || digits.ends_with('_')
        || digits.contains("__")
        || !digits.chars().all(|c| c == '_' || c.is_digit(radix))
    {
        return None;
    }
    let cleaned: String = digits.chars().filter(|&c| c != '_').collect();
    let n = i128::from_str_radix(&cleaned, radix).ok()?;
    Some(if negative { -n } else { n })
}

/// A number: an integer, a decimal, or a duration as milliseconds.
pub(super) fn number(s: &str) -> Option<f64> {
    let s = s.trim();
    if let Some(n) = integer(s) {
        return Some(n as f64);
    }
    if decimal_shape(s) {
        if let Ok(n) = s.parse::<f64>() {
            return n.is_finite().then_some(n);
        }
    }
    duration_ms(s)
}

/// Digits, at most one `.`, an optional exponent: Rust's `f64` parser also takes `inf` and
/// `NaN`, which are words here, not numbers.
fn decimal_shape(s: &str) -> bool {
    let body = s.strip_prefix(['+', '-']).unwrap_or(s);
    body.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && body.chars().any(|c| c.is_ascii_digit())
        && body
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'))
}

/// A duration in milliseconds (negative allowed, as Go's are), if `s` is one.
pub(super) fn duration_ms(s: &str) -> Option<f64> {
    let s = s.trim();
    go_duration_ms(s).or_else(|| {
        if !s.starts_with(|c: char| c.is_ascii_digit()) {
            return None;
        }
        let d = crate::i18n::read_duration(s).ok()?;
        Some(d.as_secs_f64() * 1000.0)
    })
}

/// Go's `time.ParseDuration`: a sign, then one or more number-unit pairs (`1h30m`, `1.5s`).
fn go_duration_ms(s: &str) -> Option<f64> {
    let (sign, mut rest) = match s.as_bytes().first()? {
        b'-' => (-1.0, &s[1..]),
        b'+' => (1.0, &s[1..]),
        _ => (1.0, s),
    };
    if rest.is_empty() {
        return None;
    }
    let mut total_ns = 0.0;
    while !rest.is_empty() {
        let num_len = rest
            .find(|c: char| !(c.is_ascii_digit() || c == '.'))
            .unwrap_or(rest.len());
        let (num, after) = rest.split_at(num_len);
        if num.is_empty() || num == "." || num.matches('.').count() > 1 {
            return None;
        }
        let value: f64 = num.parse().ok()?;
        let unit_len = after
            .find(|c: char| c.is_ascii_digit() || c == '.')
            .unwrap_or(after.len());
        let (unit, next) = after.split_at(unit_len);
        let ns_per_unit = match unit {
            "ns" => 1.0,
            "us" | "\u{b5}s" | "\u{3bc}s" => 1e3,
            "ms" => 1e6,
            "s" => 1e9,
            "m" => 60e9,
            "h" => 3600e9,
            _ => return None,
        };
        total_ns += value * ns_per_unit;
        rest = next;
    }
    let ms = sign * total_ns / 1e6;
    ms.is_finite().then_some(ms)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_in_every_base_gatus_reads() {
        for (s, n) in [
            ("15", 15),
            ("0xF", 15),
            ("0Xf", 15),
            ("0o17", 15),
            ("0b1111", 15),
            ("-0x10", -16),
            ("+7", 7),
            ("1_000", 1000),
            ("0x_ff", 255),
            ("0xC0ff33", 12_648_243),
            ("010", 10),
        ] {
            assert_eq!(integer(s), Some(n), "{s}");
        }
        for s in [
            "", "-", "0x", "0b2", "1__0", "_1", "1_", "1.0", "0x1p3", "１２",
        ] {
            assert_eq!(integer(s), None, "{s}");
        }
    }

    #[test]
    fn numbers_and_durations() {
        assert_eq!(number("0.5"), Some(0.5));
        assert_eq!(number("1e3"), Some(1000.0));
        assert_eq!(number("48h"), Some(48.0 * 3600.0 * 1000.0));
        assert_eq!(number("1h30m"), Some(90.0 * 60.0 * 1000.0));
        assert_eq!(number("1.5s"), Some(1500.0));
        assert_eq!(number("300us"), Some(0.3));
        assert_eq!(number("-2m"), Some(-120_000.0));
        assert_eq!(number("5days"), Some(5.0 * 86_400_000.0));
        for s in [
            "inf",
            "NaN",
            "infinity",
            "1e999",
            "UP",
            "1.2.3",
            "127.0.0.1",
            "5 apples",
        ] {
            assert_eq!(number(s), None, "{s}");
        }
    }
}
