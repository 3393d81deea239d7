//! Presentation helpers: how values are shown, never whether they are valid (that is the
//! rules crate's job).

/// What every mask starts with, whatever the value's length.
const MASK: &str = "••••••";

/// A secret masked for the screen: dots, then at most its last four characters and never
/// more than a quarter of it (`••••••abcd` for 16 characters or more, `••••••gh` for 8,
/// only dots under 4). The one mask of every provider.
pub fn secret_hint(value: &str) -> String {
    let n = value.chars().count();
    let shown = (n / 4).min(4);
    masked("", value.chars().skip(n - shown))
}

/// A hint an API wrote itself (InstaVM's `whsec_…stuv`: the prefix every secret has, an
/// ellipsis, the last four), drawn as [`secret_hint`] draws one: the prefix, the dots, at
/// most the last four characters.
pub fn api_hint(hint: &str) -> String {
    let (prefix, tail) = hint.rsplit_once('…').unwrap_or(("", hint));
    let n = tail.chars().count();
    masked(prefix, tail.chars().skip(n.saturating_sub(4)))
}

fn masked(prefix: &str, tail: impl Iterator<Item = char>) -> String {
    let mut text = String::from(prefix);
    text.push_str(MASK);
    text.extend(tail);
    text
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

/// An RFC 3339 time as `2025-01-02 03:04:05 UTC` when it is UTC (the APIs' times are),
/// without its fraction of a second; other text as it is. Every provider's times, in
/// the `title` of the admin's local time (`ui::time`).
pub fn time_text(rfc3339: &str) -> String {
    let utc = rfc3339
        .strip_suffix('Z')
        .or_else(|| rfc3339.strip_suffix("+00:00"));
    match utc.and_then(|t| t.split_once('T')) {
        Some((date, time)) => {
            let time = time.split('.').next().unwrap_or(time);
            let mut text = String::from(date);
            text.push(' ');
            text.push_str(time);
            text.push_str(" UTC");
            text
        }
        None => rfc3339.to_owned(),
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

/// A time in the admin's own time zone, as `2 Jan 2025, 04:04:05 CET`, from milliseconds
/// since the epoch; `None` for one the browser cannot read (and outside a browser).
#[cfg(target_arch = "wasm32")]
pub fn local_of_ms(ms: f64) -> Option<String> {
    local_of_date(js_sys::Date::new(&wasm_bindgen::JsValue::from_f64(ms)))
}

/// [`local_of_ms`] for an RFC 3339 time.
#[cfg(target_arch = "wasm32")]
pub fn local_text(rfc3339: &str) -> Option<String> {
    local_of_date(js_sys::Date::new(&wasm_bindgen::JsValue::from_str(rfc3339)))
}

#[cfg(target_arch = "wasm32")]
fn local_of_date(date: js_sys::Date) -> Option<String> {
    if date.get_time().is_nan() {
        return None;
    }
    let options = js_sys::JSON::parse(
        r#"{"day":"numeric","month":"short","year":"numeric","hour":"2-digit","minute":"2-digit","second":"2-digit","hourCycle":"h23","timeZoneName":"short"}"#,
    )
    .ok()?;
    Some(date.to_locale_string("en-GB", &options).into())
}

#[cfg(not(target_arch = "wasm32"))]
pub fn local_of_ms(_: f64) -> Option<String> {
    None
}

#[cfg(not(target_arch = "wasm32"))]
pub fn local_text(_: &str) -> Option<String> {
    None
}

/// A time inside a sentence, where no `title` can carry UTC: the admin's own, then UTC in
/// brackets (`2 Jan 2025, 04:04:05 CET (2025-01-02 03:04:05 UTC)`); UTC alone when the
/// browser cannot say.
pub fn sentence_time(local: Option<String>, utc: String) -> String {
    match local {
        Some(local) => {
            let mut text = local;
            text.push_str(" (");
            text.push_str(&utc);
            text.push(')');
            text
        }
        None => utc,
    }
}

/// [`sentence_time`] of Unix seconds.
pub fn sentence_time_unix(unix: i64) -> String {
    sentence_time(local_of_ms(unix as f64 * 1000.0), utc_text(unix))
}

/// The time as a row shows it (`ui::time`'s text), for a button's accessible name.
pub fn shown_time(rfc3339: &str) -> String {
    local_text(rfc3339).unwrap_or_else(|| time_text(rfc3339))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sentence_gives_the_local_time_then_utc_in_brackets() {
        assert_eq!(
            sentence_time(
                Some("2 Jan 2025, 04:04:05 CET".into()),
                "2025-01-02 03:04:05 UTC".into()
            ),
            "2 Jan 2025, 04:04:05 CET (2025-01-02 03:04:05 UTC)"
        );
        assert_eq!(
            sentence_time(None, "2025-01-02 03:04:05 UTC".into()),
            "2025-01-02 03:04:05 UTC"
        );
        // Outside a browser there is no local time: UTC alone.
        assert_eq!(sentence_time_unix(1_700_000_000), "2023-11-14 22:13:20 UTC");
    }

    #[test]
    fn query_is_trimmed_and_lowered_before_matching() {
        let q = Query::new("  WebHook 4 ");
        assert!(q.matches("my webhook 42\nhttps://x.example.com"));
        assert!(!q.matches("webhook 5"));
        assert!(Query::new("   ").is_empty());
    }

    #[test]
    fn rfc3339_times_read_as_utc() {
        assert_eq!(
            time_text("2024-05-01T12:00:00.123456Z"),
            "2024-05-01 12:00:00 UTC"
        );
        assert_eq!(
            time_text("2024-05-01T12:00:00+00:00"),
            "2024-05-01 12:00:00 UTC"
        );
        assert_eq!(
            time_text("2024-05-01T14:00:00+02:00"),
            "2024-05-01T14:00:00+02:00"
        );
        assert_eq!(time_text("yesterday"), "yesterday");
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
    fn masks_show_at_most_the_last_four_and_a_quarter() {
        assert_eq!(secret_hint("sk_live_0123456789abcd"), "••••••abcd");
        assert_eq!(secret_hint("s3cr3t-value-123"), "••••••-123", "4 of 16");
        assert_eq!(secret_hint("abcdefgh"), "••••••gh", "2 of 8");
        assert_eq!(secret_hint("abcdefghijk"), "••••••jk", "2 of 11");
        assert_eq!(secret_hint("abc"), "••••••", "none of 3");
        assert_eq!(secret_hint(""), "••••••");
        assert_eq!(secret_hint("ééééééééééééxyzw"), "••••••xyzw");
        for value in [
            "a",
            "abcd",
            "abcdefghijklm",
            "0123456789abcdefghijklmnopqrstuvwxyz",
        ] {
            let n = value.chars().count();
            let shown = secret_hint(value).trim_start_matches('•').chars().count();
            assert!(shown <= 4 && shown * 4 <= n, "{value}: {shown}");
        }
    }

    #[test]
    fn api_hints_keep_their_prefix_and_at_most_four() {
        assert_eq!(api_hint("whsec_…stuv"), "whsec_••••••stuv");
        assert_eq!(api_hint("whsec_…0123456789"), "whsec_••••••6789");
        assert_eq!(api_hint("abcdefgh"), "••••••efgh");
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
