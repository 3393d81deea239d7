//! Presentation helpers: how values are shown, never whether they are valid (that is the
//! rules crate's job).

/// A hint of a secret: its first two and last four characters, as `sk••••••abcd`.
/// Values shorter than 12 characters would give most of themselves away, so they are
/// shown fully masked.
pub fn secret_hint(value: &str) -> String {
    const MASK: &str = "••••••";
    let chars: Vec<char> = value.chars().collect();
    if chars.len() < 12 {
        return "••••••••".to_owned();
    }
    let head: String = chars[..2].iter().collect();
    let tail: String = chars[chars.len() - 4..].iter().collect();
    format!("{head}{MASK}{tail}")
}

/// `nanos` split into a whole part and a decimal fraction without trailing zeros, in
/// the largest unit that is at least 1: `(1_500_000_000)` → `("1.5", Unit::Second)`.
pub fn split_duration(nanos: i64) -> (String, DurationUnit) {
    let n = nanos.unsigned_abs();
    let (per, unit, width) = if n >= 1_000_000_000 {
        (1_000_000_000u64, DurationUnit::Second, 9)
    } else if n >= 1_000_000 {
        (1_000_000, DurationUnit::Millisecond, 6)
    } else if n >= 1_000 {
        (1_000, DurationUnit::Microsecond, 3)
    } else {
        (1, DurationUnit::Nanosecond, 0)
    };
    let whole = n / per;
    let frac = n % per;
    let sign = if nanos < 0 { "-" } else { "" };
    let text = if frac == 0 || width == 0 {
        format!("{sign}{whole}")
    } else {
        let f = format!("{frac:0width$}");
        format!("{sign}{whole}.{}", f.trim_end_matches('0'))
    };
    (text, unit)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DurationUnit {
    Second,
    Millisecond,
    Microsecond,
    Nanosecond,
}

/// A search as typed, lower-cased once: filtering 10,000 webhooks tests it 10,000 times.
pub struct Query(String);

impl Query {
    pub fn new(typed: &str) -> Self {
        Query(lowercase(typed.trim()))
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Case-insensitive "contains" over an already lower-cased haystack.
    pub fn matches(&self, haystack_lower: &str) -> bool {
        haystack_lower.contains(self.0.as_str())
    }
}

/// Unicode lower case, as `str::to_lowercase`. ASCII (nearly every name and URL) is
/// lowered in Rust; anything else by the browser's `String.prototype.toLowerCase` (the same
/// Unicode default case mapping), which keeps Rust's case-mapping tables out of the wasm.
pub fn lowercase(s: &str) -> String {
    if s.is_ascii() {
        return s.to_ascii_lowercase();
    }
    #[cfg(target_arch = "wasm32")]
    {
        String::from(js_sys::JsString::from(s).to_lower_case())
    }
    #[cfg(not(target_arch = "wasm32"))]
    {
        s.to_lowercase()
    }
}

/// Unix seconds as `2023-11-14 22:13:20 UTC` (proleptic Gregorian; no time crate needed).
pub fn utc_text(unix: i64) -> String {
    let days = unix.div_euclid(86_400);
    let secs = unix.rem_euclid(86_400);
    // Howard Hinnant's civil_from_days.
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}:{:02} UTC",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_is_trimmed_and_lowered_before_matching() {
        let q = Query::new("  WebHook 4 ");
        assert!(q.matches("my webhook 42\nhttps://x.example.com"));
        assert!(!q.matches("webhook 5"));
        assert!(Query::new("   ").is_empty());
    }

    #[test]
    fn formats_unix_times_in_utc() {
        assert_eq!(utc_text(0), "1970-01-01 00:00:00 UTC");
        assert_eq!(utc_text(1_700_000_000), "2023-11-14 22:13:20 UTC");
        assert_eq!(utc_text(951_782_400), "2000-02-29 00:00:00 UTC");
        assert_eq!(utc_text(-1), "1969-12-31 23:59:59 UTC");
        assert_eq!(utc_text(4_102_444_800), "2100-01-01 00:00:00 UTC");
    }

    #[test]
    fn hints_show_two_and_four() {
        assert_eq!(secret_hint("sk_live_0123456789abcd"), "sk••••••abcd");
        assert_eq!(secret_hint("short"), "••••••••");
        assert_eq!(secret_hint("ééééééééééééxyzw"), "éé••••••xyzw");
    }

    #[test]
    fn splits_durations() {
        assert_eq!(
            split_duration(1_500_000_000),
            ("1.5".into(), DurationUnit::Second)
        );
        assert_eq!(
            split_duration(20_000_000_000),
            ("20".into(), DurationUnit::Second)
        );
        assert_eq!(
            split_duration(500_000_000),
            ("500".into(), DurationUnit::Millisecond)
        );
        assert_eq!(
            split_duration(1_250),
            ("1.25".into(), DurationUnit::Microsecond)
        );
        assert_eq!(split_duration(7), ("7".into(), DurationUnit::Nanosecond));
    }
}
