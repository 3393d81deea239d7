//! JSON as InstaVM's server reads it: Python's `json.loads` (CPython 3.11's C scanner), called
//! by Starlette's `Request.json()` on the raw body bytes, inside FastAPI's request handling.
//!
//! What differs from serde_json, and matters to a verdict: `NaN`, `Infinity` and `-Infinity`
//! are numbers; integers have any size (up to 4300 digits); duplicate keys keep the first
//! key's position and the last value; the bytes may be UTF-8 (with or without a BOM),
//! UTF-16 or UTF-32, as `json.detect_encoding` guesses; strings may hold lone surrogates
//! (from `\ud800` escapes, or raw, since bytes are decoded with `surrogatepass`); errors
//! carry Python's message and a position counted in code points.
//!
//! inferred: the server runs CPython 3.11, as the oracle that recorded the vectors does (3.13
//! words a trailing comma differently: "Illegal trailing comma before end of object").

use std::borrow::Cow;
use std::collections::BTreeMap;

use super::errors::{Loc, ValidationError};

/// A JSON value as Python holds it after `json.loads`.
///
/// `PartialEq` is Rust's: `Float(NaN)` equals nothing, as in Python.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Value {
    #[default]
    Null,
    Bool(bool),
    Int(i64),
    /// An integer outside `i64`, as its decimal text: an optional `-`, then digits without
    /// leading zeros. Never holds a value that fits `Int`.
    BigInt(Box<str>),
    Float(f64),
    Str(PyStr),
    List(Vec<Value>),
    /// A Python dict: each key at the position of its first occurrence, with its last value.
    Dict(Vec<(PyStr, Value)>),
}

impl Value {
    /// The value of `key` in a dict (`None` for a missing key or a value that is no dict).
    pub fn get(&self, key: &str) -> Option<&Value> {
        match self {
            Value::Dict(entries) => entries
                .iter()
                .find(|(k, _)| k.0 == key.as_bytes())
                .map(|(_, v)| v),
            _ => None,
        }
    }

    /// A Python string, as Rust text.
    pub fn str(text: &str) -> Value {
        Value::Str(PyStr::from(text))
    }
}

/// A Python `str`: a sequence of code points, lone surrogates included, which Rust's
/// `String` cannot hold. Stored as UTF-8 generalised to encode a surrogate code point as
/// its own three bytes (`ED A0..BF xx`), so that text without surrogates is plain UTF-8 and
/// two strings are equal exactly when Python says so (a surrogate pair decoded from two
/// raw three-byte sequences stays two code points, as in Python).
#[derive(Clone, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct PyStr(Vec<u8>);

impl PyStr {
    /// The text, unless it holds a lone surrogate.
    pub fn as_str(&self) -> Option<&str> {
        std::str::from_utf8(&self.0).ok()
    }

    /// The text with each lone surrogate replaced by U+FFFD.
    pub fn to_string_lossy(&self) -> Cow<'_, str> {
        match self.as_str() {
            Some(text) => Cow::Borrowed(text),
            None => Cow::Owned(self.code_points().map(char_or_replacement).collect()),
        }
    }

    /// Its bytes: UTF-8, each lone surrogate as its own three bytes (what Python's
    /// `encode("utf-8", "surrogatepass")` gives).
    pub fn as_bytes(&self) -> &[u8] {
        &self.0
    }

    /// Whether Python would fail to encode it as UTF-8.
    pub fn has_surrogates(&self) -> bool {
        self.as_str().is_none()
    }

    /// Every code point, surrogates included.
    pub fn code_points(&self) -> impl Iterator<Item = u32> + '_ {
        let bytes = &self.0;
        let mut i = 0;
        std::iter::from_fn(move || {
            let b = *bytes.get(i)?;
            let (len, init) = match b {
                0x00..=0x7F => (1, b as u32),
                0xC0..=0xDF => (2, (b & 0x1F) as u32),
                0xE0..=0xEF => (3, (b & 0x0F) as u32),
                _ => (4, (b & 0x07) as u32),
            };
            let cp = bytes[i + 1..i + len]
                .iter()
                .fold(init, |acc, c| (acc << 6) | (c & 0x3F) as u32);
            i += len;
            Some(cp)
        })
    }

    fn push(&mut self, cp: u32) {
        push_code_point(&mut self.0, cp);
    }
}

impl From<&str> for PyStr {
    fn from(text: &str) -> Self {
        PyStr(text.as_bytes().to_vec())
    }
}

impl From<String> for PyStr {
    fn from(text: String) -> Self {
        PyStr(text.into_bytes())
    }
}

impl std::fmt::Debug for PyStr {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.as_str() {
            Some(text) => write!(f, "{text:?}"), // debug-only
            None => {
                f.write_str("\"")?;
                for cp in self.code_points() {
                    match char::from_u32(cp) {
                        Some(c) => write!(f, "{}", c.escape_debug())?,
                        None => write!(f, "\\u{{{cp:x}}}")?,
                    }
                }
                f.write_str("\"")
            }
        }
    }
}

fn char_or_replacement(cp: u32) -> char {
    char::from_u32(cp).unwrap_or('\u{FFFD}')
}

fn push_code_point(out: &mut Vec<u8>, cp: u32) {
    match cp {
        0..=0x7F => out.push(cp as u8),
        0x80..=0x7FF => out.extend([0xC0 | (cp >> 6) as u8, 0x80 | (cp & 0x3F) as u8]),
        0x800..=0xFFFF => out.extend([
            0xE0 | (cp >> 12) as u8,
            0x80 | ((cp >> 6) & 0x3F) as u8,
            0x80 | (cp & 0x3F) as u8,
        ]),
        _ => out.extend([
            0xF0 | (cp >> 18) as u8,
            0x80 | ((cp >> 12) & 0x3F) as u8,
            0x80 | ((cp >> 6) & 0x3F) as u8,
            0x80 | (cp & 0x3F) as u8,
        ]),
    }
}

impl From<&serde_json::Value> for Value {
    fn from(value: &serde_json::Value) -> Self {
        match value {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => match (n.as_i64(), n.as_u64()) {
                (Some(i), _) => Value::Int(i),
                (None, Some(u)) => Value::BigInt(u.to_string().into()),
                _ => Value::Float(n.as_f64().unwrap_or(f64::NAN)),
            },
            serde_json::Value::String(s) => Value::str(s),
            serde_json::Value::Array(items) => Value::List(items.iter().map(Value::from).collect()),
            serde_json::Value::Object(map) => Value::Dict(
                map.iter()
                    .map(|(k, v)| (PyStr::from(k.as_str()), Value::from(v)))
                    .collect(),
            ),
        }
    }
}

// ---------------------------------------------------------------------------------------
// Reading a request body, as FastAPI does.

/// Why FastAPI did not get a JSON value out of a body sent as JSON.
#[derive(Clone, Debug, PartialEq)]
pub enum BodyError {
    /// A 422: an empty body (`missing` at `["body"]`) or `json.loads` raised
    /// `JSONDecodeError` (`json_invalid` at `["body", <char position>]`).
    Invalid(Box<ValidationError>),
    /// A 400 `{"detail":"There was an error parsing the body"}`: any other exception while
    /// reading (bytes that do not decode, an integer literal over 4300 digits, nesting past
    /// Python's recursion limit).
    Unparsable,
}

/// The body as FastAPI reads it for a JSON content type: `missing` when empty, else
/// `json.loads(raw)`.
pub fn parse(raw: &[u8]) -> Result<Value, BodyError> {
    if raw.is_empty() {
        return Err(BodyError::Invalid(Box::new(ValidationError::new(
            vec![Loc::body()],
            "missing",
            "Field required".into(),
            Value::Null,
        ))));
    }
    let text = decode(raw).ok_or(BodyError::Unparsable)?;
    loads(&text).map_err(|failure| match failure {
        Failure::Decode(error) => BodyError::Invalid(Box::new(error.validation_error())),
        Failure::Other => BodyError::Unparsable,
    })
}

/// inferred: nesting deeper than this many arrays and objects fails as Python's recursion
/// limit (1000 frames, less the server's own stack) makes `json.loads` fail. Measured under
/// FastAPI's TestClient: 950 to 963 levels pass, depending on the stack at the call; the real
/// server's figure depends on its stack too, so no body near it is a fair test.
pub const MAX_DEPTH: usize = 900;

/// Python's limit on the digits of an `int` read from text (`sys.get_int_max_str_digits()`).
pub const MAX_INT_DIGITS: usize = 4300;

/// `json.JSONDecodeError`: Python's message and the position, in code points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodeError {
    pub msg: &'static str,
    pub pos: usize,
    /// Line and column, as Python puts them in the exception's text.
    pub lineno: usize,
    pub colno: usize,
}

impl DecodeError {
    /// FastAPI's error for it.
    pub fn validation_error(&self) -> ValidationError {
        let mut ctx = serde_json::Map::new();
        ctx.insert("error".into(), self.msg.into());
        let mut error = ValidationError::new(
            vec![Loc::body(), Loc::Index(self.pos as i64)],
            "json_invalid",
            "JSON decode error".into(),
            Value::Dict(Vec::new()),
        );
        error.ctx = Some(ctx);
        error
    }

    /// `str(exc)`: `msg: line L column C (char P)`.
    pub fn text(&self) -> String {
        format!(
            "{}: line {} column {} (char {})",
            self.msg, self.lineno, self.colno, self.pos
        )
    }
}

/// Why `json.loads` raised.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Failure {
    Decode(DecodeError),
    /// `ValueError` (an integer over 4300 digits) or `RecursionError`: not a
    /// `JSONDecodeError`, so FastAPI answers 400 and the SDK lets it propagate.
    Other,
}

/// `json.loads(bytes)`'s first step: the encoding `json.detect_encoding` guesses, decoded
/// with `surrogatepass`, as generalised UTF-8 (see [`PyStr`]). `None` where Python raises
/// `UnicodeDecodeError`.
fn decode(raw: &[u8]) -> Option<Cow<'_, [u8]>> {
    const UTF32_BOMS: [[u8; 4]; 2] = [[0, 0, 0xFE, 0xFF], [0xFF, 0xFE, 0, 0]];
    let utf16 = |bytes: &[u8], big: bool| decode_units(bytes, 2, big);
    let utf32 = |bytes: &[u8], big: bool| decode_units(bytes, 4, big);
    if raw.len() >= 4 && UTF32_BOMS.iter().any(|bom| raw.starts_with(bom)) {
        return utf32(&raw[4..], raw[0] == 0).map(Cow::Owned);
    }
    if raw.starts_with(&[0xFE, 0xFF]) || raw.starts_with(&[0xFF, 0xFE]) {
        return utf16(&raw[2..], raw[0] == 0xFE).map(Cow::Owned);
    }
    if let Some(rest) = raw.strip_prefix(&[0xEF, 0xBB, 0xBF]) {
        return valid_utf8_surrogatepass(rest).then_some(Cow::Borrowed(rest));
    }
    match raw {
        [0, b1, ..] if raw.len() >= 4 => {
            if *b1 != 0 {
                utf16(raw, true)
            } else {
                utf32(raw, true)
            }
        }
        [_, 0, b2, b3, ..] => {
            if *b2 != 0 || *b3 != 0 {
                utf16(raw, false)
            } else {
                utf32(raw, false)
            }
        }
        [0, _] => utf16(raw, true),
        [_, 0] => utf16(raw, false),
        _ => return valid_utf8_surrogatepass(raw).then_some(Cow::Borrowed(raw)),
    }
    .map(Cow::Owned)
}

/// UTF-16 (`width` 2) or UTF-32 (`width` 4) with `surrogatepass`: pairs join, lone
/// surrogates pass, a truncated unit or a code point past U+10FFFF fails.
fn decode_units(bytes: &[u8], width: usize, big: bool) -> Option<Vec<u8>> {
    if !bytes.len().is_multiple_of(width) {
        return None;
    }
    let units: Vec<u32> = bytes
        .chunks(width)
        .map(|unit| {
            let fold = |acc: u32, b: &u8| (acc << 8) | *b as u32;
            if big {
                unit.iter().fold(0, fold)
            } else {
                unit.iter().rev().fold(0, fold)
            }
        })
        .collect();
    let mut out = Vec::with_capacity(units.len());
    let mut i = 0;
    while i < units.len() {
        let mut cp = units[i];
        if cp > 0x10FFFF {
            return None;
        }
        if width == 2
            && (0xD800..0xDC00).contains(&cp)
            && let Some(low @ 0xDC00..=0xDFFF) = units.get(i + 1).copied()
        {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            i += 1;
        }
        push_code_point(&mut out, cp);
        i += 1;
    }
    Some(out)
}

/// UTF-8 as Python's decoder with `surrogatepass` accepts it: strict UTF-8, except that
/// the encoded surrogates `ED A0..BF xx` pass.
fn valid_utf8_surrogatepass(bytes: &[u8]) -> bool {
    let mut rest = bytes;
    loop {
        match std::str::from_utf8(rest) {
            Ok(_) => return true,
            Err(e) => {
                let at = e.valid_up_to();
                match rest[at..] {
                    [0xED, 0xA0..=0xBF, 0x80..=0xBF, ..] => rest = &rest[at + 3..],
                    _ => return false,
                }
            }
        }
    }
}

/// `json.loads(text)` on decoded text (generalised UTF-8).
pub(crate) fn loads(text: &[u8]) -> Result<Value, Failure> {
    Parser::<true> { t: text }.document()
}

/// `json.loads(str)` on text that came as a Python `str` (the SDK's `verify` decodes the
/// body itself, strictly), for its verdict only: a leading BOM is an error there.
pub(crate) fn check_str(text: &str) -> Result<(), Failure> {
    if text.starts_with('\u{FEFF}') {
        return Err(Failure::Decode(DecodeError {
            msg: "Unexpected UTF-8 BOM (decode using utf-8-sig)",
            pos: 0,
            lineno: 1,
            colno: 1,
        }));
    }
    Parser::<false> { t: text.as_bytes() }.document().map(drop)
}

/// A port of CPython 3.11's `_json.c` scanner (`scan_once_unicode` and friends), on bytes:
/// every byte it looks at is ASCII, and byte offsets become code-point positions only in
/// errors. With `VALUES` false it only decides, building no numbers nor dicts: the console
/// checks a delivery's body that way without the float parser and dict index in its wasm.
struct Parser<'a, const VALUES: bool> {
    t: &'a [u8],
}

type Scan = Result<(Value, usize), Failure>;

/// A container being read, with (for a dict) the key whose value comes next.
enum Open {
    List(Vec<Value>),
    Dict(Dict, PyStr),
}

/// A dict being built as `PyDict_SetItem` builds it: a repeated key replaces the value in
/// place (found through an index, not a quadratic search).
#[derive(Default)]
struct Dict {
    entries: Vec<(PyStr, Value)>,
    index: BTreeMap<PyStr, usize>,
}

impl Dict {
    fn insert(&mut self, key: PyStr, value: Value) {
        match self.index.get(&key) {
            Some(&at) => self.entries[at].1 = value,
            None => {
                self.index.insert(key.clone(), self.entries.len());
                self.entries.push((key, value));
            }
        }
    }
}

impl<const VALUES: bool> Parser<'_, VALUES> {
    fn document(&self) -> Result<Value, Failure> {
        let start = self.skip_ws(0);
        let (value, end) = self.scan(start)?;
        let end = self.skip_ws(end);
        if end != self.t.len() {
            return Err(self.error("Extra data", end));
        }
        Ok(value)
    }

    fn at(&self, i: usize) -> Option<u8> {
        self.t.get(i).copied()
    }

    fn skip_ws(&self, mut i: usize) -> usize {
        while matches!(self.at(i), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            i += 1;
        }
        i
    }

    fn error(&self, msg: &'static str, byte_pos: usize) -> Failure {
        let before = &self.t[..byte_pos.min(self.t.len())];
        let chars = |bytes: &[u8]| bytes.iter().filter(|b| (*b & 0xC0) != 0x80).count();
        let pos = chars(before);
        let last_newline = before.iter().rposition(|b| *b == b'\n');
        Failure::Decode(DecodeError {
            msg,
            pos,
            lineno: before.iter().filter(|b| **b == b'\n').count() + 1,
            colno: match last_newline {
                Some(nl) => chars(&before[nl + 1..]) + 1,
                None => pos + 1,
            },
        })
    }

    /// `StopIteration(i)`, which `raw_decode` turns into "Expecting value" at `i`.
    fn expecting_value(&self, i: usize) -> Failure {
        self.error("Expecting value", i)
    }

    /// One JSON term at `i`, containers included. Iterative, with the open containers on a
    /// heap stack: a deeply nested body cannot overflow the (small, in wasm) call stack.
    fn scan(&self, mut i: usize) -> Scan {
        let mut open: Vec<Open> = Vec::new();
        loop {
            let (mut value, mut next) = match self.at(i) {
                Some(bracket @ (b'{' | b'[')) => {
                    if open.len() >= MAX_DEPTH {
                        return Err(Failure::Other);
                    }
                    let j = self.skip_ws(i + 1);
                    if bracket == b'[' {
                        if self.at(j) == Some(b']') {
                            (Value::List(Vec::new()), j + 1)
                        } else {
                            open.push(Open::List(Vec::new()));
                            i = j;
                            continue;
                        }
                    } else if self.at(j) == Some(b'}') {
                        (Value::Dict(Vec::new()), j + 1)
                    } else {
                        let (key, after) = self.key(j)?;
                        open.push(Open::Dict(Dict::default(), key));
                        i = after;
                        continue;
                    }
                }
                _ => self.scalar(i)?,
            };
            // Put the value in its container; close every container that ends here.
            loop {
                let j = self.skip_ws(next);
                match open.last_mut() {
                    None => return Ok((value, next)),
                    Some(Open::List(items)) => {
                        items.push(value);
                        match self.at(j) {
                            Some(b']') => {
                                let Some(Open::List(items)) = open.pop() else {
                                    unreachable!()
                                };
                                (value, next) = (Value::List(items), j + 1);
                            }
                            Some(b',') => {
                                i = self.skip_ws(j + 1);
                                break;
                            }
                            _ => return Err(self.error("Expecting ',' delimiter", j)),
                        }
                    }
                    Some(Open::Dict(dict, key)) => {
                        if VALUES {
                            dict.insert(std::mem::take(key), value);
                        }
                        match self.at(j) {
                            Some(b'}') => {
                                let Some(Open::Dict(dict, _)) = open.pop() else {
                                    unreachable!()
                                };
                                (value, next) = (Value::Dict(dict.entries), j + 1);
                            }
                            Some(b',') => {
                                let (next_key, after) = self.key(self.skip_ws(j + 1))?;
                                *key = next_key;
                                i = after;
                                break;
                            }
                            _ => return Err(self.error("Expecting ',' delimiter", j)),
                        }
                    }
                }
            }
        }
    }

    /// A key, its `:` and the whitespace after: where the value starts.
    fn key(&self, i: usize) -> Result<(PyStr, usize), Failure> {
        if self.at(i) != Some(b'"') {
            return Err(self.error("Expecting property name enclosed in double quotes", i));
        }
        let (key, next) = self.string(i + 1)?;
        let colon = self.skip_ws(next);
        if self.at(colon) != Some(b':') {
            return Err(self.error("Expecting ':' delimiter", colon));
        }
        Ok((key, self.skip_ws(colon + 1)))
    }

    /// Anything but a container: a string, a constant, a number.
    fn scalar(&self, i: usize) -> Scan {
        let t = self.t;
        let rest = &t[i.min(t.len())..];
        let Some(&first) = rest.first() else {
            return Err(self.expecting_value(i));
        };
        let constant = |word: &str, value: Value| {
            rest.starts_with(word.as_bytes())
                .then(|| Ok((value, i + word.len())))
        };
        let found = match first {
            b'"' => return self.string(i + 1).map(|(s, end)| (Value::Str(s), end)),
            b'n' => constant("null", Value::Null),
            b't' => constant("true", Value::Bool(true)),
            b'f' => constant("false", Value::Bool(false)),
            b'N' => constant("NaN", Value::Float(f64::NAN)),
            b'I' => constant("Infinity", Value::Float(f64::INFINITY)),
            b'-' => constant("-Infinity", Value::Float(f64::NEG_INFINITY)),
            _ => None,
        };
        match found {
            Some(found) => found,
            None => self.number(i),
        }
    }

    fn number(&self, start: usize) -> Scan {
        let digit = |i: usize| self.at(i).is_some_and(|b| b.is_ascii_digit());
        let len = self.t.len();
        let mut i = start;
        if self.at(i) == Some(b'-') {
            i += 1;
        }
        match self.at(i) {
            Some(b'1'..=b'9') => {
                while digit(i) {
                    i += 1;
                }
            }
            Some(b'0') => i += 1,
            _ => return Err(self.expecting_value(start)),
        }
        let int_end = i;
        // `idx < end_idx`: a `.` or `e` needs a character after it.
        if i + 1 < len && self.at(i) == Some(b'.') && digit(i + 1) {
            i += 2;
            while digit(i) {
                i += 1;
            }
        }
        if i + 1 < len && matches!(self.at(i), Some(b'e' | b'E')) {
            let e_start = i;
            i += 1;
            if i + 1 < len && matches!(self.at(i), Some(b'-' | b'+')) {
                i += 1;
            }
            while digit(i) {
                i += 1;
            }
            if !digit(i - 1) {
                i = e_start;
            }
        }
        // Only ASCII from here on.
        let text = std::str::from_utf8(&self.t[start..i]).unwrap_or_default();
        let is_int = i == int_end;
        if is_int && text.trim_start_matches('-').len() > MAX_INT_DIGITS {
            return Err(Failure::Other);
        }
        if !VALUES {
            return Ok((Value::Null, i));
        }
        if !is_int {
            return Ok((Value::Float(text.parse().unwrap_or(f64::NAN)), i));
        }
        let value = match text.parse::<i64>() {
            Ok(int) => Value::Int(int),
            Err(_) => Value::BigInt(text.into()),
        };
        Ok((value, i))
    }

    /// `scanstring_unicode`: `begin` is the index after the opening quote.
    fn string(&self, begin: usize) -> Result<(PyStr, usize), Failure> {
        let t = self.t;
        let len = t.len();
        let quote = begin - 1;
        let mut out = PyStr::default();
        let mut end = begin;
        loop {
            let mut next = end;
            while next < len && t[next] != b'"' && t[next] != b'\\' {
                if t[next] <= 0x1F {
                    return Err(self.error("Invalid control character at", next));
                }
                next += 1;
            }
            if next == len {
                return Err(self.error("Unterminated string starting at", quote));
            }
            out.0.extend_from_slice(&t[end..next]);
            if t[next] == b'"' {
                return Ok((out, next + 1));
            }
            next += 1;
            let Some(&escape) = t.get(next) else {
                return Err(self.error("Unterminated string starting at", quote));
            };
            if escape != b'u' {
                let c = match escape {
                    b'"' | b'\\' | b'/' => escape,
                    b'b' => 0x08,
                    b'f' => 0x0C,
                    b'n' => b'\n',
                    b'r' => b'\r',
                    b't' => b'\t',
                    _ => return Err(self.error("Invalid \\escape", next - 1)),
                };
                out.0.push(c);
                end = next + 1;
                continue;
            }
            let u = next;
            end = u + 5;
            if end >= len {
                return Err(self.error("Invalid \\uXXXX escape", u));
            }
            let mut c = self.hex4(u)?;
            if (0xD800..0xDC00).contains(&c)
                && end + 6 < len
                && t[end] == b'\\'
                && t[end + 1] == b'u'
            {
                let c2 = self.hex4(end + 1)?;
                if (0xDC00..0xE000).contains(&c2) {
                    c = 0x10000 + (((c - 0xD800) << 10) | (c2 - 0xDC00));
                    end += 6;
                }
            }
            out.push(c);
        }
    }

    /// The four hex digits after the `u` at `u`.
    fn hex4(&self, u: usize) -> Result<u32, Failure> {
        self.t[u + 1..u + 5]
            .iter()
            .try_fold(0u32, |acc, b| match (*b as char).to_digit(16) {
                Some(d) => Ok((acc << 4) | d),
                None => Err(self.error("Invalid \\uXXXX escape", u)),
            })
    }
}

// ---------------------------------------------------------------------------------------
// Writing, as `json.dumps(value, ensure_ascii=False, separators=(",", ":"))` does.

/// Appends `value` as Python's `json.dumps` writes it in a FastAPI response: compact,
/// non-ASCII as is, floats as `repr` writes them.
///
/// inferred: two values FastAPI cannot write at all (it answers 500 instead, see
/// `validate`'s quirks) are written so that every JSON reader (serde_json rejects `NaN` and
/// `\ud800`) can read the answer: a non-finite float as the string Python's `str` gives it
/// (`"nan"`, `"inf"`, `"-inf"`, as the vectors record it), a lone surrogate as U+FFFD.
pub fn write(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Int(i) => out.push_str(&i.to_string()),
        Value::BigInt(text) => out.push_str(text),
        Value::Float(f) if !f.is_finite() => out.push_str(match (f.is_nan(), *f > 0.0) {
            (true, _) => "\"nan\"",
            (false, true) => "\"inf\"",
            (false, false) => "\"-inf\"",
        }),
        Value::Float(f) => write_float(out, *f),
        Value::Str(s) => write_str(out, &s.to_string_lossy()),
        Value::List(items) => {
            out.push('[');
            for (n, item) in items.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                write(out, item);
            }
            out.push(']');
        }
        Value::Dict(entries) => {
            out.push('{');
            for (n, (key, item)) in entries.iter().enumerate() {
                if n > 0 {
                    out.push(',');
                }
                write_str(out, &key.to_string_lossy());
                out.push(':');
                write(out, item);
            }
            out.push('}');
        }
    }
}

/// A JSON string as Python's `json.dumps(..., ensure_ascii=False)` escapes it: `"`, `\`,
/// the five short escapes, other controls as `\u00XX`, everything else as is.
pub fn write_str(out: &mut String, text: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    // Runs of characters written as they are go in whole: a 422 can hold a million inputs.
    let mut plain = 0;
    for (i, b) in text.bytes().enumerate() {
        let escape = match b {
            b'"' => "\\\"",
            b'\\' => "\\\\",
            b'\n' => "\\n",
            b'\r' => "\\r",
            b'\t' => "\\t",
            0x08 => "\\b",
            0x0C => "\\f",
            0..=0x1F => "\\u00",
            _ => continue,
        };
        out.push_str(&text[plain..i]);
        out.push_str(escape);
        if escape.len() == 4 {
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 0xF)] as char);
        }
        plain = i + 1;
    }
    out.push_str(&text[plain..]);
    out.push('"');
}

/// Python's `repr(float)` for a finite float: the shortest digits that read back the same
/// (serde_json's ryu finds the same ones, and is in the console already), in positional
/// notation when the decimal point falls within `-4 < point <= 16`, else as `d.ddde±XX`.
pub fn write_float(out: &mut String, x: f64) {
    let Some(number) = serde_json::Number::from_f64(x) else {
        return;
    };
    let text = number.to_string();
    let (mantissa, exp) = text.split_once(['e', 'E']).unwrap_or((&text, "0"));
    let mantissa = match mantissa.strip_prefix('-') {
        Some(m) => {
            out.push('-');
            m
        }
        None => mantissa,
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    // All the digits, and where the point falls among them.
    let mut digits: String = int.chars().chain(frac.chars()).collect();
    let mut point = int.len() as i32 + exp.parse::<i32>().unwrap_or(0);
    let leading = digits.len() - digits.trim_start_matches('0').len();
    if leading == digits.len() {
        out.push_str("0.0");
        return;
    }
    digits.drain(..leading);
    point -= leading as i32;
    digits.truncate(digits.trim_end_matches('0').len());
    let zeros = |out: &mut String, n: i32| out.extend((0..n).map(|_| '0'));
    if !(-4 < point && point <= 16) {
        let exp = point - 1;
        out.push_str(&digits[..1]);
        if digits.len() > 1 {
            out.push('.');
            out.push_str(&digits[1..]);
        }
        out.push_str(if exp < 0 { "e-" } else { "e+" });
        if exp.abs() < 10 {
            out.push('0');
        }
        out.push_str(&exp.abs().to_string());
    } else if point <= 0 {
        out.push_str("0.");
        zeros(out, -point);
        out.push_str(&digits);
    } else if (point as usize) < digits.len() {
        out.push_str(&digits[..point as usize]);
        out.push('.');
        out.push_str(&digits[point as usize..]);
    } else {
        out.push_str(&digits);
        zeros(out, point - digits.len() as i32);
        out.push_str(".0");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ok(raw: &str) -> Value {
        parse(raw.as_bytes()).unwrap_or_else(|e| panic!("{raw:?}: {e:?}"))
    }

    fn decode_error(raw: &[u8]) -> (String, i64) {
        match parse(raw) {
            Err(BodyError::Invalid(e)) => {
                let ctx = e.ctx.expect("json_invalid has a ctx");
                let Loc::Index(pos) = e.loc[1] else {
                    panic!("no position")
                };
                (ctx["error"].as_str().unwrap().to_owned(), pos)
            }
            other => panic!("{raw:?}: {other:?}"),
        }
    }

    fn repr(x: f64) -> String {
        let mut out = String::new();
        write_float(&mut out, x);
        out
    }

    #[test]
    fn duplicate_keys_keep_first_position_and_last_value() {
        let v = ok(r#"{"a": 1, "b": 2, "a": 3}"#);
        assert_eq!(
            v,
            Value::Dict(vec![
                (PyStr::from("a"), Value::Int(3)),
                (PyStr::from("b"), Value::Int(2)),
            ])
        );
    }

    #[test]
    fn reads_non_finite_constants() {
        let v = ok("[NaN, Infinity, -Infinity]");
        let Value::List(items) = v else { panic!() };
        assert!(matches!(items[0], Value::Float(f) if f.is_nan()));
        assert_eq!(items[1], Value::Float(f64::INFINITY));
        assert_eq!(items[2], Value::Float(f64::NEG_INFINITY));
    }

    #[test]
    fn integers_have_any_size_up_to_4300_digits() {
        assert_eq!(ok("-0"), Value::Int(0));
        assert_eq!(ok("9223372036854775807"), Value::Int(i64::MAX));
        assert_eq!(
            ok("9223372036854775808"),
            Value::BigInt("9223372036854775808".into())
        );
        assert_eq!(
            ok("-9223372036854775809"),
            Value::BigInt("-9223372036854775809".into())
        );
        let digits = "7".repeat(4300);
        assert_eq!(
            ok(&format!("-{digits}")),
            Value::BigInt(format!("-{digits}").into())
        );
        assert_eq!(
            parse(format!("{digits}7").as_bytes()),
            Err(BodyError::Unparsable)
        );
    }

    #[test]
    fn float_literals_overflow_to_infinity_as_python_float_does() {
        assert_eq!(ok("1e400"), Value::Float(f64::INFINITY));
        assert_eq!(ok("-1e400"), Value::Float(f64::NEG_INFINITY));
        assert_eq!(ok("1E2"), Value::Float(100.0));
    }

    #[test]
    fn strips_one_utf8_bom_only() {
        assert_eq!(ok("\u{FEFF}{}"), Value::Dict(vec![]));
        assert_eq!(
            decode_error("\u{FEFF}\u{FEFF}{}".as_bytes()),
            ("Expecting value".into(), 0)
        );
    }

    #[test]
    fn detects_utf16_and_utf32_like_python() {
        let utf16le: Vec<u8> = "{\"a\":\"é\"}"
            .encode_utf16()
            .flat_map(u16::to_le_bytes)
            .collect();
        let utf16be: Vec<u8> = "{\"a\":\"é\"}"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        let expected = Value::Dict(vec![(PyStr::from("a"), Value::str("é"))]);
        assert_eq!(parse(&utf16le), Ok(expected.clone()));
        assert_eq!(parse(&utf16be), Ok(expected.clone()));
        let mut with_bom = vec![0xFF, 0xFE];
        with_bom.extend(&utf16le);
        assert_eq!(parse(&with_bom), Ok(expected.clone()));
        let utf32le: Vec<u8> = "{\"a\":\"é\"}"
            .chars()
            .flat_map(|c| (c as u32).to_le_bytes())
            .collect();
        assert_eq!(parse(&utf32le), Ok(expected));
        // Two bytes with a zero: UTF-16 ("1").
        assert_eq!(parse(b"1\0"), Ok(Value::Int(1)));
        // An odd UTF-16 length does not decode: 400.
        assert_eq!(
            parse(&utf16le[..utf16le.len() - 1]),
            Err(BodyError::Unparsable)
        );
    }

    #[test]
    fn invalid_utf8_is_unparsable_but_encoded_surrogates_pass() {
        assert_eq!(parse(b"\"\xff\""), Err(BodyError::Unparsable));
        assert_eq!(parse(b"\"\xc0\xaf\""), Err(BodyError::Unparsable));
        let Value::Str(s) = ok_bytes(b"\"\xed\xa0\x80\"") else {
            panic!()
        };
        assert_eq!(s.code_points().collect::<Vec<_>>(), vec![0xD800]);
        assert!(s.has_surrogates());
        assert_eq!(s.to_string_lossy(), "\u{FFFD}");
    }

    fn ok_bytes(raw: &[u8]) -> Value {
        parse(raw).unwrap_or_else(|e| panic!("{raw:?}: {e:?}"))
    }

    #[test]
    fn escapes_join_surrogate_pairs_and_keep_lone_ones() {
        assert_eq!(ok(r#""\ud83c\udf0d""#), Value::str("🌍"));
        let Value::Str(s) = ok(r#""\ud800\u0041""#) else {
            panic!()
        };
        assert_eq!(s.code_points().collect::<Vec<_>>(), vec![0xD800, 0x41]);
        let Value::Str(s) = ok(r#""\udc00""#) else {
            panic!()
        };
        assert_eq!(s.code_points().collect::<Vec<_>>(), vec![0xDC00]);
    }

    #[test]
    fn errors_carry_pythons_message_and_code_point_position() {
        let cases: &[(&str, &str, i64)] = &[
            (" ", "Expecting value", 1),
            ("{", "Expecting property name enclosed in double quotes", 1),
            (
                r#"{"a":1,}"#,
                "Expecting property name enclosed in double quotes",
                7,
            ),
            ("[1,]", "Expecting value", 3),
            (r#"{"a" 1}"#, "Expecting ':' delimiter", 5),
            (r#"{"a":}"#, "Expecting value", 5),
            ("[1 2]", "Expecting ',' delimiter", 3),
            ("{} {}", "Extra data", 3),
            ("\"", "Unterminated string starting at", 0),
            ("\"a\u{1}\"", "Invalid control character at", 2),
            (r#""\x""#, "Invalid \\escape", 1),
            (r#""\u004"#, "Invalid \\uXXXX escape", 2),
            (r#""\u0041"#, "Invalid \\uXXXX escape", 2),
            (r#""\u00zz""#, "Invalid \\uXXXX escape", 2),
            (r#""\ud800\uzzzz""#, "Invalid \\uXXXX escape", 8),
            ("1.", "Extra data", 1),
            ("1e+", "Extra data", 1),
            ("01", "Extra data", 1),
            ("-", "Expecting value", 0),
            ("-Inf", "Expecting value", 0),
            ("nul", "Expecting value", 0),
            ("\"é\" x", "Extra data", 4),
        ];
        for (raw, msg, pos) in cases {
            assert_eq!(
                decode_error(raw.as_bytes()),
                (msg.to_string(), *pos),
                "{raw:?}"
            );
        }
    }

    #[test]
    fn checking_only_gives_the_same_verdicts() {
        let long_int = "1".repeat(MAX_INT_DIGITS + 1);
        for text in [
            "{}",
            "[1.5e3, NaN, {\"a\": 1, \"a\": 2}]",
            "[1,]",
            "\"\\ud800\"",
            &long_int,
            "{\"a\" 1}",
        ] {
            let full = loads(text.as_bytes()).map(drop);
            assert_eq!(check_str(text), full, "{text}");
        }
        assert!(matches!(check_str("\u{FEFF}{}"), Err(Failure::Decode(_))));
    }

    #[test]
    fn line_and_column_count_like_python() {
        let Err(Failure::Decode(e)) = loads(b"{\n  \"a\": x}") else {
            panic!()
        };
        assert_eq!((e.pos, e.lineno, e.colno), (9, 2, 8));
        assert_eq!(e.text(), "Expecting value: line 2 column 8 (char 9)");
    }

    #[test]
    fn nesting_past_the_limit_is_unparsable_not_a_crash() {
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 1), "]".repeat(MAX_DEPTH + 1));
        assert_eq!(parse(deep.as_bytes()), Err(BodyError::Unparsable));
        let fine = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(parse(fine.as_bytes()).is_ok());
        let huge = "[".repeat(1_000_000);
        assert_eq!(parse(huge.as_bytes()), Err(BodyError::Unparsable));
    }

    #[test]
    fn empty_body_is_missing() {
        let Err(BodyError::Invalid(e)) = parse(b"") else {
            panic!()
        };
        assert_eq!(
            (e.kind.as_str(), e.loc.clone()),
            ("missing", vec![Loc::body()])
        );
    }

    #[test]
    fn floats_are_written_as_python_repr() {
        let cases: &[(f64, &str)] = &[
            (1.5, "1.5"),
            (10.0, "10.0"),
            (-0.0, "-0.0"),
            (1e16, "1e+16"),
            (1234567890123456.0, "1234567890123456.0"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (5e-324, "5e-324"),
            (9.2e18, "9.2e+18"),
            (1.7976931348623157e308, "1.7976931348623157e+308"),
            (1e20, "1e+20"),
            (-2.5e-7, "-2.5e-07"),
            (123.456, "123.456"),
            (0.1, "0.1"),
        ];
        for (x, text) in cases {
            assert_eq!(repr(*x), *text);
        }
    }

    #[test]
    fn floats_keep_the_shortest_digits_that_read_back() {
        let mut bits: u64 = 0x0123_4567_89AB_CDEF;
        for _ in 0..20_000 {
            bits = bits
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let x = f64::from_bits(bits);
            if !x.is_finite() {
                continue;
            }
            let text = repr(x);
            assert_eq!(text.parse::<f64>().ok(), Some(x), "{text}");
            let shortest = format!("{x:e}");
            let count = |s: &str| {
                s.split(['e', 'E'])
                    .next()
                    .unwrap()
                    .bytes()
                    .filter(u8::is_ascii_digit)
                    .count()
            };
            let ours = text
                .split(['e', 'E'])
                .next()
                .unwrap()
                .trim_start_matches(['-', '0', '.']);
            let ours = ours
                .trim_end_matches(['0', '.'])
                .bytes()
                .filter(u8::is_ascii_digit)
                .count();
            assert_eq!(ours, count(&shortest).max(1), "{text} vs {shortest}");
        }
    }

    #[test]
    fn strings_are_escaped_as_python_writes_them() {
        let mut out = String::new();
        write_str(&mut out, "a\"\\\n\u{1}\u{7f}é\u{2028}");
        assert_eq!(out, "\"a\\\"\\\\\\n\\u0001\u{7f}é\u{2028}\"");
    }

    #[test]
    fn serde_values_convert_with_big_unsigned_ints() {
        let v: serde_json::Value =
            serde_json::from_str(r#"{"b":[18446744073709551615,-1,1.5]}"#).unwrap();
        assert_eq!(
            Value::from(&v),
            Value::Dict(vec![(
                PyStr::from("b"),
                Value::List(vec![
                    Value::BigInt("18446744073709551615".into()),
                    Value::Int(-1),
                    Value::Float(1.5)
                ])
            )])
        );
    }
}
