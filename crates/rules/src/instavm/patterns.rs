//! Event types and the patterns an endpoint subscribes with (`event_patterns`).
//!
//! The server takes any list of strings (pydantic checks only that they are strings), so
//! nothing here blocks a request: the console uses it to suggest event types and to show
//! which ones a pattern covers, and the sandbox to pick the endpoints of an event.

/// The event types the documentation names.
pub const DOCUMENTED_EVENT_TYPES: &[&str] =
    &["vm.terminated", "execution.completed", "webhook.test"];

/// Every event type the console offers, documented ones included.
/// inferred: the documentation names three and gives `vm.*` and `snapshot.*` as patterns;
/// the rest completes the life cycles of VMs, snapshots and executions in the same
/// `<resource>.<past participle>` style.
pub const EVENT_TYPES: &[&str] = &[
    "vm.created",
    "vm.started",
    "vm.stopped",
    "vm.terminated",
    "vm.failed",
    "snapshot.created",
    "snapshot.restored",
    "snapshot.deleted",
    "snapshot.failed",
    "execution.started",
    "execution.completed",
    "execution.failed",
    "webhook.test",
];

/// Patterns the documentation shows.
pub const EXAMPLE_PATTERNS: &[&str] = &["vm.*", "snapshot.*", "execution.completed"];

/// Whether `pattern` selects `event_type`.
///
/// inferred: as Python's `fnmatch.fnmatchcase` (CPython 3.11's `fnmatch.translate`), the
/// natural choice of a Python server for patterns like `vm.*`: `*` matches any run of
/// characters, dots included; `?` one character; `[seq]` one character of a set (ranges
/// `a-z`; `]` first is literal), `[!seq]` one character outside it; a `[` without a closing
/// `]` is literal; case matters. Reading the pattern takes time linear in its length,
/// matching O(pattern × event type) at worst, never exponentially.
pub fn matches(pattern: &str, event_type: &str) -> bool {
    Pattern::new(pattern).matches(event_type)
}

/// A pattern read once, to test against many event types.
#[derive(Clone, Debug, PartialEq)]
pub struct Pattern(Vec<Token>);

impl Pattern {
    pub fn new(pattern: &str) -> Pattern {
        Pattern(compile(pattern))
    }

    /// The classic wildcard walk: every step but `*` takes one character, so on a mismatch
    /// only the last `*` needs to take one more.
    pub fn matches(&self, event_type: &str) -> bool {
        let tokens = &self.0;
        let text: Vec<char> = event_type.chars().collect();
        let (mut t, mut s) = (0, 0);
        // The last `*` seen, and where in the text it currently stops.
        let mut star: Option<(usize, usize)> = None;
        while s < text.len() {
            match tokens.get(t) {
                Some(Token::Star) => {
                    star = Some((t, s));
                    t += 1;
                }
                Some(token) if token.accepts(text[s]) => {
                    t += 1;
                    s += 1;
                }
                _ => match star {
                    Some((star_t, star_s)) => {
                        t = star_t + 1;
                        s = star_s + 1;
                        star = Some((star_t, star_s + 1));
                    }
                    None => return false,
                },
            }
        }
        tokens[t..].iter().all(|token| matches!(token, Token::Star))
    }
}

/// One step of a pattern; every step but `Star` matches exactly one character.
#[derive(Clone, Debug, PartialEq)]
enum Token {
    Star,
    Char(char),
    AnyChar,
    /// A `[...]` set, as `(low, high)` ranges (a literal `c` is `(c, c)`).
    Set {
        negated: bool,
        ranges: Vec<(char, char)>,
    },
}

impl Token {
    fn accepts(&self, c: char) -> bool {
        match self {
            Token::Star | Token::AnyChar => true,
            Token::Char(literal) => *literal == c,
            Token::Set { negated, ranges } => {
                ranges.iter().any(|(lo, hi)| (*lo..=*hi).contains(&c)) != *negated
            }
        }
    }
}

/// `fnmatch.translate`, step by step, into tokens instead of a regular expression.
fn compile(pattern: &str) -> Vec<Token> {
    let p: Vec<char> = pattern.chars().collect();
    let n = p.len();
    // `close[k]`: the first `]` at or after `k` (`n` if none). Python scans for it anew at
    // every `[`, which is quadratic on a pattern of many unclosed `[`.
    let mut close = vec![n; n + 1];
    for k in (0..n).rev() {
        close[k] = if p[k] == ']' { k } else { close[k + 1] };
    }
    let mut tokens = Vec::new();
    let mut i = 0;
    while i < n {
        let c = p[i];
        i += 1;
        match c {
            '*' => {
                if tokens.last() != Some(&Token::Star) {
                    tokens.push(Token::Star);
                }
            }
            '?' => tokens.push(Token::AnyChar),
            '[' => {
                let mut j = i;
                if j < n && p[j] == '!' {
                    j += 1;
                }
                if j < n && p[j] == ']' {
                    j += 1;
                }
                j = close[j];
                if j >= n {
                    tokens.push(Token::Char('['));
                    continue;
                }
                tokens.push(set(&p, i, j));
                i = j + 1;
            }
            other => tokens.push(Token::Char(other)),
        }
    }
    tokens
}

/// The set between `[` (before `start`) and `]` (at `end`). Python builds a regex class
/// from "chunks" split at the hyphens that make ranges, first dropping empty ranges
/// (`z-a`); each hyphen between two chunks is a range from the last character of one to
/// the first of the next, every other character is literal.
fn set(p: &[char], start: usize, end: usize) -> Token {
    let stuff = &p[start..end];
    let chunks: Vec<Vec<char>> = if !stuff.contains(&'-') {
        vec![stuff.to_vec()]
    } else {
        let mut chunks: Vec<Vec<char>> = Vec::new();
        let mut i = start;
        let mut k = if p[i] == '!' { i + 2 } else { i + 1 };
        while let Some(dash) = (k < end)
            .then(|| p[k..end].iter().position(|c| *c == '-'))
            .flatten()
        {
            let dash = k + dash;
            chunks.push(p[i..dash].to_vec());
            i = dash + 1;
            k = dash + 3;
        }
        let last = &p[i..end];
        match chunks.last_mut() {
            Some(previous) if last.is_empty() => previous.push('-'),
            _ => chunks.push(last.to_vec()),
        }
        // Python goes from the last chunk down, and where a range is empty makes one chunk
        // of two (`chunks[k-1][:-1] + chunks[k][1:]`, then `del chunks[k]`): quadratic on
        // `[aaz-aaz-...]`, copying the growing chunk at every merge. The chunk being merged
        // into only grows at its front, so it is kept reversed: each character moves once.
        let mut merged: Vec<Vec<char>> = Vec::with_capacity(chunks.len());
        let mut current: Vec<char> = Vec::new();
        for (n, chunk) in chunks.iter().rev().enumerate() {
            if n > 0
                && let (Some(low), Some(high)) = (chunk.last(), current.last())
                && low > high
            {
                current.pop();
                current.extend(chunk[..chunk.len() - 1].iter().rev());
            } else {
                if n > 0 {
                    merged.push(current.drain(..).rev().collect());
                }
                current.extend(chunk.iter().rev());
            }
        }
        merged.push(current.into_iter().rev().collect());
        merged.reverse();
        merged
    };
    let flat: Vec<char> = chunks.concat();
    let negated = flat.first() == Some(&'!');
    let mut ranges = Vec::new();
    for (k, chunk) in chunks.iter().enumerate() {
        let skip = usize::from(k == 0 && negated);
        ranges.extend(chunk.iter().skip(skip).map(|c| (*c, *c)));
        if k > 0
            && let (Some(&low), Some(&high)) = (chunks[k - 1].last(), chunk.first())
        {
            ranges.push((low, high));
        }
    }
    if negated && ranges.is_empty() {
        // `[!]`-like: Python matches any character.
        return Token::AnyChar;
    }
    // An empty set (all of it dropped as empty ranges) matches nothing.
    Token::Set { negated, ranges }
}

#[cfg(test)]
mod tests {
    use super::matches;

    #[test]
    fn star_crosses_dots() {
        assert!(matches("vm.*", "vm.terminated"));
        assert!(matches("vm.*", "vm."));
        assert!(matches("*", ""));
        assert!(matches("*.completed", "execution.completed"));
        assert!(matches("*", "a.b.c"));
        assert!(matches("vm*", "vm.terminated"));
        assert!(!matches("vm.*", "vmx.terminated"));
        assert!(!matches("vm.*", "snapshot.created"));
        assert!(matches("*.*.*", "a.b.c"));
        assert!(!matches("*.*.*", "a.b"));
    }

    #[test]
    fn exact_names_and_case() {
        assert!(matches("webhook.test", "webhook.test"));
        assert!(!matches("webhook.test", "webhook.tests"));
        assert!(!matches("VM.*", "vm.started"));
        assert!(!matches("", "vm.started"));
        assert!(matches("", ""));
    }

    #[test]
    fn question_mark_is_one_character() {
        assert!(matches("vm.?topped", "vm.stopped"));
        assert!(!matches("vm.?", "vm."));
        assert!(matches("??", "é."));
    }

    #[test]
    fn character_sets() {
        assert!(matches("vm.[st]*", "vm.started"));
        assert!(matches("vm.[st]*", "vm.terminated"));
        assert!(!matches("vm.[st]*", "vm.created"));
        assert!(matches("vm.[!st]*", "vm.created"));
        assert!(!matches("vm.[!st]*", "vm.stopped"));
        assert!(matches("[a-c].x", "b.x"));
        assert!(!matches("[a-c].x", "d.x"));
        assert!(matches("[]]", "]"));
        assert!(matches("[!]]", "a"));
        assert!(!matches("[!]]", "]"));
        assert!(matches("[a-]", "-"));
        assert!(matches("[-a]", "-"));
        assert!(matches("[a-c-e]", "-"));
        assert!(matches("[a-c-e]", "e"));
        assert!(!matches("[a-c-e]", "d"));
        assert!(matches("[\\]", "\\"));
        assert!(matches("[^a]", "^"));
        assert!(matches("[.]*", ".x"));
    }

    #[test]
    fn empty_and_reversed_ranges_follow_python() {
        // `z-a` is dropped: the class is empty and matches nothing.
        assert!(!matches("[z-a]", "z"));
        assert!(!matches("[z-a]", "-"));
        // Negated and empty: any character.
        assert!(matches("[!z-a]", "q"));
        // `[a--b]`: the empty range a..'-' is dropped, leaving `b`.
        assert!(matches("[a--b]", "b"));
        assert!(!matches("[a--b]", "-"));
        assert!(!matches("[a--b]", "a"));
        // `[z-a-c]`: `z-a` merges into `-c`, two literals.
        assert!(matches("[z-a-c]", "-"));
        assert!(matches("[z-a-c]", "c"));
        assert!(!matches("[z-a-c]", "b"));
    }

    #[test]
    fn unclosed_bracket_is_literal() {
        assert!(matches("vm.[", "vm.["));
        assert!(matches("[!", "[!"));
        assert!(!matches("vm.[", "vm.a"));
    }

    #[test]
    fn no_exponential_backtracking() {
        let text = "a".repeat(5000);
        let pattern = format!("{}b", "*a".repeat(200));
        let start = std::time::Instant::now();
        assert!(!matches(&pattern, &text));
        assert!(start.elapsed() < std::time::Duration::from_secs(2));
    }
}
