//! `time.ParseDuration` and `time.Duration.String`.

/// Parses like Go's `time.ParseDuration`: the same language, the same overflow
/// behaviour, and on failure the same error text (`time: invalid duration "1x"`).
pub fn parse_duration(s: &str) -> Result<i64, String> {
    todo!("{s}")
}

/// Formats like Go's `time.Duration.String()`: `1m30s`, `500ms`, `1.5µs`, `0s`.
pub fn format_duration(nanos: i64) -> String {
    todo!("{nanos}")
}
