//! V8's work on [`PATTERN`](super::url::PATTERN), counted exactly and in linear time,
//! without backtracking.
//!
//! # The program V8 runs
//!
//! Read from `node --print-regexp-bytecode` (Node 20, V8 11.3; the native code is built
//! from the same graph and counts the same backtracks). Positions are UTF-16 units; `n` is
//! the length and `e` the index of the first line terminator (`n` when there is none).
//!
//! - The pattern is anchored: only position 0 is tried, and when `n < 3` it fails at once.
//! - The scheme is tried first: when `n >= 10` and the input starts with `https://` (or
//!   `http://`), and the unit after it is not a line terminator, V8 runs the rest with the
//!   optional group, then without it, from after the scheme. Then, in every case, the same
//!   two from position 0.
//! - Every `.+` is a *greedy loop*: after its first unit it runs to `e`, then steps back
//!   one unit at a time, retrying what follows at each position, down to its first unit.
//!   Before retrying, an inline *quick check* peeks at the next units (a `.+` followed by
//!   `\.` needs a dot there and a unit other than a line terminator after it); when that
//!   fails, V8 steps back without a backtrack.
//! - `.+?` takes one unit, tries the rest, then takes one more, up to `e`.
//! - `(?:\/.+)*` tries one more repetition (a `/`, a unit, then a greedy loop) before
//!   trying to stop, and stops only at `n`.
//! - A *backtrack* is one pop of the backtrack stack: what
//!   `--regexp-backtracks-before-fallback` counts, and what the differential test holds
//!   this model to, exactly, against V8's own counter.
//!
//! # The counts, when nothing matches (`e < n`)
//!
//! Write `Star(c)` for the backtracks of `(?:\/.+)*$` tried at `c`, `B(c)` for `.+?`
//! whose first unit ends before `c`, `A(a)` for the loop of `.+\.` whose first unit ends
//! before `a`, and `G(g)` for the loop of `(?:.+\.)`:
//!
//! ```text
//! Star(c) = 2 + Σ_{q=c+2..=e} Star(q)        if s[c] = '/' and c + 1 < e
//!         = 1                                 otherwise
//! B(c)    = Star(c) + B(c+1)  (c < e),        B(e) = Star(e) + 1
//! A(a)    = 1 + Σ_{q=a..=e, s[q] = '.', q+1 < e} B(q+2)
//! G(g)    = 1 + Σ_{q=g..=e, s[q] = '.', q+1 < e, q+3 < n} A(q+2)
//! total   = [G(k+1) + A(k+1)]  (scheme of length k, as above)
//!         + G(1) + A(1) + 1    (or 1 when s[0] is a line terminator)
//! ```
//!
//! `Star` doubles with every `/x` before the line terminator, hence the exponential
//! growth; `A` and `G` nest two sums over the dots, hence the cubic growth on `a.a.a...`.
//! Each sum is a suffix sum, so one pass from `e` down to 0 computes them all.
//!
//! # When the input has no line terminator (`e = n`)
//!
//! `$` is then reachable: `Star(c)` succeeds at once wherever it would repeat (a `/` with a
//! unit after it) and at `n`, so the first `B` that V8 enters succeeds after at most
//! `n` steps, and `A` and `G` fail at most a few times before entering one. The search
//! stops at the first match, and the count is linear in `n`.
//!
//! # From work to time
//!
//! Node's time is not proportional to the backtracks alone: a try of the repetition's
//! `.+` costs about twice a step of `.+?`. [`V8Work::estimated_ms`] weighs the kinds of
//! work with costs fitted on 61 inputs of nine shapes (Node 20.20, regular expression
//! already compiled to native code, 2-core AMD EPYC): every estimate within 0.55 to 1.2
//! times the measured time.

/// The classes of units the pattern tells apart after the scheme.
const OTHER: u8 = 0;
const DOT: u8 = 1;
const SLASH: u8 = 2;
const TERMINATOR: u8 = 3;

/// Picoseconds per unit of work (see the module's "From work to time").
const STAR_TRY_PS: u64 = 5_400;
const LAZY_STEP_PS: u64 = 2_500;
const SCAN_PS: u64 = 1_000;

/// What V8 does deciding one input, counted by kind; saturating (the exponential cases
/// overflow `u64` from about 60 path segments).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct V8Work {
    /// Pops of the backtrack stack: V8's own count.
    pub backtracks: u64,
    /// Positions tried by the `.+` of `(?:\/.+)*`.
    pub star_tries: u64,
    /// Units taken one at a time by `.+?`.
    pub lazy_steps: u64,
    /// Positions stepped through by the loops of `(?:.+\.)` and `.+\.`.
    pub scans: u64,
    /// Whether the pattern matched (the search then stopped).
    pub matched: bool,
}

impl V8Work {
    const fn backtracks(n: u64) -> Self {
        Self {
            backtracks: n,
            star_tries: 0,
            lazy_steps: 0,
            scans: 0,
            matched: false,
        }
    }

    const fn scans(backtracks: u64, scans: u64) -> Self {
        Self {
            backtracks,
            star_tries: 0,
            lazy_steps: 0,
            scans,
            matched: false,
        }
    }

    fn plus(self, o: Self) -> Self {
        Self {
            backtracks: self.backtracks.saturating_add(o.backtracks),
            star_tries: self.star_tries.saturating_add(o.star_tries),
            lazy_steps: self.lazy_steps.saturating_add(o.lazy_steps),
            scans: self.scans.saturating_add(o.scans),
            matched: self.matched || o.matched,
        }
    }

    /// Node's time for this work on the reference machine, in milliseconds.
    pub fn estimated_ms(&self) -> u64 {
        let ps = self
            .star_tries
            .saturating_mul(STAR_TRY_PS)
            .saturating_add(self.lazy_steps.saturating_mul(LAZY_STEP_PS))
            .saturating_add(self.scans.saturating_mul(SCAN_PS));
        ps / 1_000_000_000
    }
}

/// V8's work on a Rust string.
pub fn work(s: &str) -> V8Work {
    let mut classes = Vec::with_capacity(s.len());
    for c in s.chars() {
        let class = class_of(c as u32);
        classes.push(class);
        if c.len_utf16() == 2 {
            classes.push(OTHER);
        }
    }
    let b = s.as_bytes();
    count(&classes, scheme_len(|i| b.get(i).map(|&x| u16::from(x))))
}

/// V8's work on UTF-16 code units.
pub fn work_utf16(units: &[u16]) -> V8Work {
    let classes: Vec<u8> = units.iter().map(|&u| class_of(u32::from(u))).collect();
    count(&classes, scheme_len(|i| units.get(i).copied()))
}

fn class_of(unit: u32) -> u8 {
    match unit {
        0x2E => DOT,
        0x2F => SLASH,
        u if super::url::is_line_terminator(u) => TERMINATOR,
        _ => OTHER,
    }
}

/// 8 for `https://`, 7 for `http://`, else 0; `at(i)` is the `i`th unit (a byte of a
/// UTF-8 string will do: the prefixes are ASCII).
fn scheme_len(at: impl Fn(usize) -> Option<u16>) -> usize {
    let starts = |p: &[u8]| {
        p.iter()
            .enumerate()
            .all(|(i, &c)| at(i) == Some(u16::from(c)))
    };
    if starts(b"https://") {
        8
    } else if starts(b"http://") {
        7
    } else {
        0
    }
}

fn count(cls: &[u8], scheme: usize) -> V8Work {
    let n = cls.len();
    if n < 3 {
        return V8Work::backtracks(1);
    }
    let scheme = if n >= 10 { scheme } else { 0 };
    match cls.iter().position(|&c| c == TERMINATOR) {
        Some(e) => count_failing(cls, e, scheme),
        None => count_terminator_free(cls, scheme),
    }
}

/// The recurrences of the module's documentation, as suffix sums over one pass from `e`
/// down to 0, keeping the two positions to the right that they refer to.
fn count_failing(cls: &[u8], e: usize, scheme: usize) -> V8Work {
    let n = cls.len();
    let zero = V8Work::default();
    let (mut sum_star1, mut sum_star2) = (zero, zero); // Σ Star from c+1, from c+2
    let (mut b1, mut b2) = (zero, zero); // B(c+1), B(c+2)
    let (mut wa1, mut wa2) = (zero, zero); // A's sums from c+1, from c+2
    let mut wg1 = zero; // G's sum from c+1
    let mut at = [(zero, zero); 3]; // (G, A) at 1, scheme + 1 (8 or 9)
    let u = |x: usize| x as u64;
    for c in (0..=e).rev() {
        let star = if cls[c] == SLASH && c + 1 < e {
            sum_star2.plus(V8Work {
                star_tries: u(e - c - 1),
                ..V8Work::backtracks(2)
            })
        } else {
            V8Work::backtracks(1)
        };
        let sum_star = star.plus(sum_star1);
        let b = if c == e {
            star.plus(V8Work::backtracks(1))
        } else {
            star.plus(b1).plus(V8Work {
                lazy_steps: 1,
                ..zero
            })
        };
        let dot = cls[c] == DOT && c + 1 < e;
        let wa = if dot { wa1.plus(b2) } else { wa1 };
        let wg = if dot && c + 3 < n {
            // A(c + 2), from A's sum at c + 2.
            wg1.plus(wa2.plus(V8Work::scans(1, u(e - c - 1))))
        } else {
            wg1
        };
        let loop_end = V8Work::scans(1, u(e - c + 1));
        let slot = match c {
            1 => Some(0),
            8 if scheme == 7 => Some(1),
            9 if scheme == 8 => Some(1),
            _ => None,
        };
        if let Some(i) = slot {
            at[i] = (wg.plus(loop_end), wa.plus(loop_end));
        }
        (sum_star2, sum_star1) = (sum_star1, sum_star);
        (b2, b1) = (b1, b);
        (wa2, wa1) = (wa1, wa);
        wg1 = wg;
    }
    let mut total = zero;
    if scheme > 0 && scheme < e {
        total = total.plus(at[1].0).plus(at[1].1);
    }
    if e > 0 {
        total
            .plus(at[0].0)
            .plus(at[0].1)
            .plus(V8Work::backtracks(1))
    } else {
        total.plus(V8Work::backtracks(1))
    }
}

/// The search of the module's "no line terminator" section, which stops at the first
/// match.
fn count_terminator_free(cls: &[u8], scheme: usize) -> V8Work {
    let n = cls.len();
    let u = |x: usize| x as u64;
    // The last dot `A` can use (a unit after it): every `A` that enters `B` enters there.
    let last_dot = (0..n - 1).rev().find(|&q| cls[q] == DOT);
    let lazy = |c: usize| {
        // `.+?` grows until `(?:\/.+)*$` succeeds: at a `/` with a unit after it, or at n.
        let p = (c..n).find(|&p| cls[p] == SLASH && p + 1 < n).unwrap_or(n);
        V8Work {
            backtracks: u(p - c),
            lazy_steps: u(p - c),
            matched: true,
            ..V8Work::default()
        }
    };
    let a = |a0: usize| match last_dot {
        Some(d) if d >= a0 => V8Work::scans(0, u(n - d + 1)).plus(lazy(d + 2)),
        _ => V8Work::scans(1, u(n - a0 + 1)),
    };
    let g = |g0: usize| {
        let mut work = V8Work::default();
        for q in (g0..=n).rev() {
            if q < n && cls[q] == DOT && q + 3 < n {
                let inner = a(q + 2);
                work = work.plus(inner);
                if inner.matched {
                    return work.plus(V8Work::scans(0, u(n - q + 1)));
                }
            }
        }
        work.plus(V8Work::scans(1, u(n - g0 + 1)))
    };
    let mut total = V8Work::default();
    let starts: &[usize] = if scheme > 0 { &[scheme + 1, 1] } else { &[1] };
    for &start in starts {
        for part in [g(start), a(start)] {
            total = total.plus(part);
            if total.matched {
                return total;
            }
        }
    }
    total.plus(V8Work::backtracks(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts read from V8 11.3 itself (`--regexp-backtracks-before-fallback`; see
    /// `tests/node_differential.rs`).
    #[test]
    fn counts_what_v8_counts() {
        let path = |k: usize| format!("https://a.b{}\n", "/x".repeat(k));
        assert_eq!(work("a\n").backtracks, 1);
        assert_eq!(work("a.b\n").backtracks, 5);
        assert_eq!(work(&path(1)).backtracks, 19);
        assert_eq!(work(&path(12)).backtracks, 32_771);
        assert_eq!(work(&path(22)).backtracks, 33_554_435);
        assert_eq!(work(&format!("a.b{}\n", "/".repeat(20))).backtracks, 39_606);
        assert_eq!(
            work(&format!("{}\n", "a.".repeat(200))).backtracks,
            2_686_702
        );
        assert_eq!(
            work(&format!("{}\n", ".".repeat(200))).backtracks,
            1_313_601
        );
    }

    #[test]
    fn reads_strings_and_units_alike() {
        for s in [
            "https://a.b/x/\u{1F30D}/y\u{2028}",
            "http://\u{E9}.b/x\r",
            "a.b/c",
        ] {
            let units: Vec<u16> = s.encode_utf16().collect();
            assert_eq!(work(s), work_utf16(&units), "{s:?}");
        }
    }

    #[test]
    fn stops_at_the_first_match() {
        let w = work("https://a.b/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x/x");
        assert!(w.matched);
        assert!(w.backtracks < 10, "{w:?}");
        assert!(!work("localhost").matched);
    }

    #[test]
    fn saturates_instead_of_overflowing() {
        let w = work(&format!("https://a.b{}\n", "/x".repeat(100)));
        assert_eq!(w.backtracks, u64::MAX);
        assert!(w.estimated_ms() > 1_000_000);
    }
}
