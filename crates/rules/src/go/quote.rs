//! The two ways Go quotes a string in its error messages.

use super::print_table::PRINT_RANGES;

const LOWERHEX: &[u8; 16] = b"0123456789abcdef";

/// Go's `strconv.IsPrint`.
pub fn is_print(r: char) -> bool {
    let r = r as u32;
    if r <= 0xFF {
        return (0x20..=0x7E).contains(&r) || ((0xA1..=0xFF).contains(&r) && r != 0xAD);
    }
    let i = PRINT_RANGES.partition_point(|&(_, hi)| hi < r);
    i < PRINT_RANGES.len() && PRINT_RANGES[i].0 <= r
}

fn push_hex_byte(out: &mut String, b: u8) {
    out.push_str("\\x");
    out.push(LOWERHEX[(b >> 4) as usize] as char);
    out.push(LOWERHEX[(b & 0xF) as usize] as char);
}

/// `strconv.Quote` over raw bytes: Go strings may hold invalid UTF-8 (a `%`-escape
/// cut in the middle of a character), and each invalid byte becomes `\xNN`.
pub fn strconv_quote(s: &[u8]) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for chunk in s.utf8_chunks() {
        for c in chunk.valid().chars() {
            push_escaped_char(&mut out, c);
        }
        for &b in chunk.invalid() {
            push_hex_byte(&mut out, b);
        }
    }
    out.push('"');
    out
}

fn push_escaped_char(out: &mut String, c: char) {
    if c == '"' || c == '\\' {
        out.push('\\');
        out.push(c);
        return;
    }
    if is_print(c) {
        out.push(c);
        return;
    }
    match c {
        '\u{7}' => out.push_str("\\a"),
        '\u{8}' => out.push_str("\\b"),
        '\u{c}' => out.push_str("\\f"),
        '\n' => out.push_str("\\n"),
        '\r' => out.push_str("\\r"),
        '\t' => out.push_str("\\t"),
        '\u{b}' => out.push_str("\\v"),
        c if (c as u32) < 0x20 || c as u32 == 0x7F => push_hex_byte(out, c as u8),
        c if (c as u32) < 0x10000 => out.push_str(&format!("\\u{:04x}", c as u32)),
        c => out.push_str(&format!("\\U{:08x}", c as u32)),
    }
}

/// The `time` package's own `quote`: every byte of a non-ASCII or control character
/// becomes `\xNN`; `"` and `\` are backslashed.
pub fn time_quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    let mut buf = [0u8; 4];
    for c in s.chars() {
        if c as u32 >= 0x80 || (c as u32) < 0x20 {
            for &b in c.encode_utf8(&mut buf).as_bytes() {
                push_hex_byte(&mut out, b);
            }
        } else {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quotes_like_strconv() {
        assert_eq!(strconv_quote(b"a\"b\\c"), r#""a\"b\\c""#);
        assert_eq!(
            strconv_quote("\u{a0}x\u{feff}\u{2028}".as_bytes()),
            r#""\u00a0x\ufeff\u2028""#
        );
        assert_eq!(strconv_quote(b"\x00\x7f\x0c\t"), r#""\x00\x7f\f\t""#);
        assert_eq!(strconv_quote(b"%\xe2\x9c"), r#""%\xe2\x9c""#);
        assert_eq!(strconv_quote("é✓😀".as_bytes()), "\"é✓😀\"");
        assert_eq!(strconv_quote("\u{E0001}".as_bytes()), r#""\U000e0001""#);
    }

    #[test]
    fn quotes_like_time() {
        assert_eq!(time_quote("1µs\t\"x\""), r#""1\xc2\xb5s\x09\"x\"""#);
        assert_eq!(time_quote("\u{fffd}"), r#""\xef\xbf\xbd""#);
    }
}
