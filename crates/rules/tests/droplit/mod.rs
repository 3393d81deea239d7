//! Shared by the tests that hold Droplit's URL rule to Node: the recorded vectors, read
//! as JavaScript strings (UTF-16 units, lone surrogates kept).

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};

pub const URL_VECTORS: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/vectors/droplit-url.jsonl"
);

/// One line of `droplit-url.jsonl`.
pub struct UrlVector {
    pub line: usize,
    pub id: String,
    pub units: Vec<u16>,
    pub matches: bool,
    pub slow_in_node: bool,
}

impl UrlVector {
    /// The input as a Rust string: lone surrogates become U+FFFD, as the sandbox reads
    /// them (`wire::read_body`).
    pub fn text(&self) -> String {
        String::from_utf16_lossy(&self.units)
    }
}

#[derive(Deserialize)]
struct Line {
    id: String,
    input: JsString,
    matches: bool,
    slow_in_node: bool,
}

/// A JSON string as `JSON.parse` makes it: UTF-16 units, lone surrogates included.
/// `serde_json` hands a string it is asked for as bytes over without checking its escapes,
/// as WTF-8.
pub struct JsString(pub Vec<u16>);

impl<'de> Deserialize<'de> for JsString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct Wtf8;
        impl Visitor<'_> for Wtf8 {
            type Value = JsString;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_bytes<E: de::Error>(self, b: &[u8]) -> Result<JsString, E> {
                wtf8_to_utf16(b)
                    .map(JsString)
                    .ok_or_else(|| E::custom("not WTF-8"))
            }
        }
        d.deserialize_bytes(Wtf8)
    }
}

/// Generalized UTF-8 (surrogate code points allowed) to UTF-16.
fn wtf8_to_utf16(b: &[u8]) -> Option<Vec<u16>> {
    let mut out = Vec::with_capacity(b.len());
    let mut i = 0;
    while i < b.len() {
        let (len, first) = match b[i] {
            0x00..=0x7F => (1, u32::from(b[i])),
            0xC0..=0xDF => (2, u32::from(b[i] & 0x1F)),
            0xE0..=0xEF => (3, u32::from(b[i] & 0x0F)),
            0xF0..=0xF7 => (4, u32::from(b[i] & 0x07)),
            _ => return None,
        };
        let tail = b.get(i + 1..i + len)?;
        let cp = tail.iter().try_fold(first, |cp, &c| {
            (c & 0xC0 == 0x80).then(|| cp << 6 | u32::from(c & 0x3F))
        })?;
        if cp < 0x1_0000 {
            out.push(cp as u16);
        } else {
            let c = cp - 0x1_0000;
            out.push(0xD800 | (c >> 10) as u16);
            out.push(0xDC00 | (c & 0x3FF) as u16);
        }
        i += len;
    }
    Some(out)
}

/// Every line of the vectors; a line that does not parse fails the test.
pub fn read_url_vectors() -> Vec<UrlVector> {
    let text = std::fs::read_to_string(URL_VECTORS)
        .unwrap_or_else(|e| panic!("reading {URL_VECTORS}: {e}"));
    let vectors: Vec<UrlVector> = text
        .lines()
        .enumerate()
        .map(|(i, raw)| {
            let l: Line = serde_json::from_str(raw)
                .unwrap_or_else(|e| panic!("{URL_VECTORS}:{}: {e}: {raw}", i + 1));
            UrlVector {
                line: i + 1,
                id: l.id,
                units: l.input.0,
                matches: l.matches,
                slow_in_node: l.slow_in_node,
            }
        })
        .collect();
    assert!(
        vectors.len() >= 200,
        "{URL_VECTORS}: only {} cases",
        vectors.len()
    );
    vectors
}
