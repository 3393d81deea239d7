//! The two ways Go quotes a string in its error messages.

/// `strconv.Quote` over raw bytes (invalid UTF-8 becomes `\xNN`).
pub fn strconv_quote(s: &[u8]) -> String {
    todo!("{s:?}")
}

/// The `time` package's own `quote`: non-ASCII and control bytes become `\xNN`.
pub fn time_quote(s: &str) -> String {
    todo!("{s}")
}
