//! Droplit's only URL rule, a JavaScript regular expression, decided as V8 decides it, in
//! linear time, plus whether V8 would take pathologically long to say no.
//!
//! # The language of the pattern, proved
//!
//! [`PATTERN`] has no flags, so in JavaScript `.` is any UTF-16 code unit except the four
//! line terminators U+000A, U+000D, U+2028 and U+2029 (U+0085 and the other Unicode breaks
//! are ordinary units), a lone surrogate is one unit and an astral character two, `^` only
//! matches at 0 and `$` only at the end. Claim: for a string of units `s` of length `n`,
//! `new RegExp(PATTERN).test(s)` is true if and only if
//!
//! 1. no unit of `s` is a line terminator, and
//! 2. some unit `s[i]` with `1 <= i <= n - 2` is `.` (a dot with a unit on each side).
//!
//! *Only if.* A match runs from 0 to `n`, so every unit of `s` is consumed by an atom, and
//! every atom consumes either a unit matched by `.` or one of the literals `h t p s : / .`,
//! none of which is a line terminator: (1) holds. Every match has the sequence
//! `.+ \. .+?`: the `\.` consumes a dot at some `i`; the `.+` before it consumes at least
//! one unit ending at `i - 1`, so `i >= 1` whatever the optional scheme and the optional
//! `(?:.+\.)` consumed before it (they only move `i` to the right); the `.+?` after it
//! consumes at least one unit starting at `i + 1`, so `i + 1 <= n - 1`: (2) holds.
//!
//! *If.* Take the scheme and `(?:.+\.)` empty, `.+` = `s[0..i]`, `\.` = `s[i]`,
//! `.+?` = `s[i+1..n]`, `(?:\/.+)*` repeated zero times and `$` at `n`. By (1) every unit
//! given to a `.` is one it accepts, so this is a match, and a backtracking matcher that
//! answers `false` has tried every way to match, this one included.
//!
//! Since `.` also matches `/`, `:` and `.`, the scheme, the optional group and the path
//! repetition add nothing to the language; they only add ways to fail slowly (below). The
//! scheme in particular gives no special treatment to `https://`: `https://.` fails (its
//! only dot is its last unit) and `https://.a` matches (`.+` takes `https://`).
//!
//! For a Rust string (UTF-8), the line terminators are exactly the chars `\n`, `\r`,
//! U+2028 and U+2029 (no half of a surrogate pair can equal them), and because the dot is
//! one unit and one byte, "a unit on each side" is "a byte on each side".
//!
//! # Would the server hang?
//!
//! V8 decides this pattern by backtracking, and on inputs that do not match it can try
//! exponentially many splits of the path (`https://a.b/x/x/.../x\n`: twice as long per
//! segment) or cubically many of the dots (`a.a.a....\n`). [`check_url`] says whether Node
//! would take over [`HANG_THRESHOLD_MS`] to answer, from [`super::backtrack`]'s exact count
//! of V8's work.

use super::backtrack::{self, V8Work};

/// The pattern exactly as Droplit's Node server declares it (the source of the
/// JavaScript regular expression, no flags).
pub const PATTERN: &str = r"^(?:https?:\/\/)?(?:.+\.)?.+\..+?(?:\/.+)*$";

/// Over this, Node's answer counts as a hang (the vectors' `slow_in_node` threshold).
pub const HANG_THRESHOLD_MS: u64 = 50;

/// The sentence that starts the admin's message when an input would hang the server.
pub const HANG_MESSAGE_PREFIX: &str =
    "This URL would make Droplit's server hang instead of answering: ";

/// What Droplit's server makes of one `url`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UrlVerdict {
    /// `new RegExp(PATTERN).test(url)`.
    pub matches: bool,
    /// Node would spend more than [`HANG_THRESHOLD_MS`] deciding (never when it matches).
    pub hangs_node: bool,
}

/// JavaScript's line terminators: the units its `.` refuses.
pub const fn is_line_terminator(unit: u32) -> bool {
    matches!(unit, 0x0A | 0x0D | 0x2028 | 0x2029)
}

/// JavaScript's verdict on a Rust string (see the module's proof).
pub fn matches(url: &str) -> bool {
    let bytes = url.as_bytes();
    bytes.len() >= 3 && bytes[1..bytes.len() - 1].contains(&b'.') && !has_line_terminator(url)
}

fn has_line_terminator(s: &str) -> bool {
    let b = s.as_bytes();
    // U+2028 and U+2029 are E2 80 A8 and E2 80 A9; most inputs have no E2 byte at all.
    b.contains(&b'\n')
        || b.contains(&b'\r')
        || (b.contains(&0xE2)
            && b.windows(3)
                .any(|w| w[0] == 0xE2 && w[1] == 0x80 && matches!(w[2], 0xA8 | 0xA9)))
}

/// JavaScript's verdict on a string of UTF-16 code units, lone surrogates included (what
/// Node's `JSON.parse` makes of `"\ud800"`).
pub fn matches_utf16(units: &[u16]) -> bool {
    if units.iter().any(|&u| is_line_terminator(u32::from(u))) {
        return false;
    }
    units.len() >= 3 && units[1..units.len() - 1].contains(&u16::from(b'.'))
}

/// The verdict and whether Node would hang on it.
pub fn check_url(url: &str) -> UrlVerdict {
    verdict(matches(url), |budget| backtrack::work_within(url, budget))
}

/// [`check_url`] on UTF-16 code units.
pub fn check_url_utf16(units: &[u16]) -> UrlVerdict {
    verdict(matches_utf16(units), |budget| {
        backtrack::work_within_utf16(units, budget)
    })
}

fn verdict(matches: bool, work: impl FnOnce(u64) -> V8Work) -> UrlVerdict {
    // A matching input is found after linear work (see `backtrack`): no need to count.
    let budget_ps = HANG_THRESHOLD_MS * 1_000_000_000;
    let hangs_node = !matches && work(budget_ps).cost_ps > budget_ps;
    UrlVerdict {
        matches,
        hangs_node,
    }
}

/// Why a URL does not match, in words, for the admin: the pattern's message alone
/// (`url did not match the pattern ^...$`) does not say what to change.
pub fn explain_mismatch(url: &str) -> Option<&'static str> {
    if matches(url) {
        None
    } else if has_line_terminator(url) {
        Some("it contains a line break, which the pattern never accepts")
    } else {
        Some("it needs a dot with something on each side of it, as in example.com")
    }
}

/// The admin's message for an input that would hang the server: where the line break is
/// (every hang of a URL under a few million characters needs one) and what to do.
pub fn hang_message(url: &str) -> String {
    match url.chars().position(|c| is_line_terminator(c as u32)) {
        Some(i) => format!(
            "{HANG_MESSAGE_PREFIX}it has a line break at character {}, which its URL \
             pattern only rejects after trying every way to split the text before it. \
             Remove the line break.",
            i + 1
        ),
        None => format!("{HANG_MESSAGE_PREFIX}it is too long for its URL pattern."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utf16(s: &str) -> Vec<u16> {
        s.encode_utf16().collect()
    }

    #[test]
    fn needs_a_dot_with_a_unit_on_each_side() {
        for ok in [
            "a.b",
            "https://.a",
            "...",
            "example.com.",
            "/a.b",
            "\u{1F30D}.\u{1F30D}",
        ] {
            assert!(matches(ok), "{ok:?}");
            assert!(matches_utf16(&utf16(ok)), "{ok:?}");
        }
        for bad in [
            "",
            "a",
            "a.",
            ".a",
            "https://.",
            "https://example",
            "http://",
            "/.",
        ] {
            assert!(!matches(bad), "{bad:?}");
            assert!(!matches_utf16(&utf16(bad)), "{bad:?}");
        }
    }

    #[test]
    fn rejects_the_four_javascript_line_terminators_only() {
        for lt in ['\n', '\r', '\u{2028}', '\u{2029}'] {
            assert!(!matches(&format!("https://a.b/{lt}")), "{lt:?}");
            assert!(!matches(&format!("{lt}a.b")), "{lt:?}");
        }
        for other in ['\u{85}', '\u{0B}', '\u{0C}', '\t', '\u{2027}', '\u{202A}'] {
            assert!(matches(&format!("https://a.b/{other}")), "{other:?}");
        }
    }

    #[test]
    fn counts_a_lone_surrogate_as_one_unit() {
        // "\udc00.\udc00": a dot between two lone surrogates, as Node reads the JSON.
        assert!(matches_utf16(&[0xDC00, u16::from(b'.'), 0xDC00]));
        assert!(!matches_utf16(&[0xD800, u16::from(b'.')]));
        assert!(matches_utf16(&[
            0xD800,
            u16::from(b'.'),
            0xD800,
            u16::from(b'x')
        ]));
    }

    #[test]
    fn predicts_the_hang_of_a_dotted_path_ending_in_a_line_break() {
        let slow = format!("https://a.b{}\n", "/x".repeat(22));
        assert_eq!(
            check_url(&slow),
            UrlVerdict {
                matches: false,
                hangs_node: true
            }
        );
        assert!(hang_message(&slow).starts_with(HANG_MESSAGE_PREFIX));
        assert!(hang_message(&slow).contains("character 56"));
        let fast = format!("https://a.b{}\n", "/x".repeat(12));
        assert!(!check_url(&fast).hangs_node);
        assert!(!check_url(&format!("https://a.b{}", "/x".repeat(40))).hangs_node);
    }

    #[test]
    fn explains_which_condition_failed() {
        assert_eq!(explain_mismatch("https://a.b"), None);
        assert!(explain_mismatch("a.b\n").unwrap().contains("line break"));
        assert!(explain_mismatch("localhost").unwrap().contains("dot"));
    }
}
