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
//! Write `Star(c)` for the backtracks of `(?:\/.+)*$` tried at `c`; `B(c)` for those of
//! `.+?` that has taken the units up to `c` (it tries `Star(c)`, then takes one more);
//! `A(a)` for the loop of `.+\.` whose `.+` has taken its first unit, up to `a`; `G(g)`
//! for the loop of `(?:.+\.)` likewise:
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
//! Each sum is a suffix sum, so one pass from `e` down computes them all, taking a run of
//! units that are neither dots nor slashes at once. Every partial sum is part of the
//! total, so when the question is "over a budget?" the pass stops as soon as one is: on
//! the inputs that hang V8, after a few dozen slashes or a few hundred dots.
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
//! times the measured time. (A server's first call of the pattern runs in V8's bytecode
//! interpreter, about five times slower; a server validating webhooks has long compiled
//! it, so that is not counted.)

/// The classes of units the pattern tells apart after the scheme.
const OTHER: u8 = 0;
const DOT: u8 = 1;
const SLASH: u8 = 2;
const TERMINATOR: u8 = 3;

/// Picoseconds per unit of work (see the module's "From work to time"): a position tried
/// by the `.+` of `(?:\/.+)*`, a unit taken by `.+?`, a position stepped through by the
/// loops of `(?:.+\.)` and `.+\.`.
const STAR_TRY_PS: u64 = 5_400;
const LAZY_STEP_PS: u64 = 2_500;
const SCAN_PS: u64 = 1_000;

/// What V8 does deciding one input. Saturating: the exponential cases overflow `u64` from
/// about 60 path segments.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct V8Work {
    /// Pops of the backtrack stack: V8's own count.
    pub backtracks: u64,
    /// The work weighed by kind: Node's time on the reference machine, in picoseconds.
    pub cost_ps: u64,
    /// Whether the pattern matched (the search then stopped).
    pub matched: bool,
}

// `inline(always)`: these run a few times per unit, and the tests time unoptimized builds.
impl V8Work {
    #[inline(always)]
    const fn new(backtracks: u64, cost_ps: u64) -> Self {
        Self {
            backtracks,
            cost_ps,
            matched: false,
        }
    }

    #[inline(always)]
    const fn backtracks(n: u64) -> Self {
        Self::new(n, 0)
    }

    /// `n` backtracks and `scans` positions of a `.+` loop.
    #[inline(always)]
    const fn scans(n: u64, scans: usize) -> Self {
        Self::new(n, scans as u64 * SCAN_PS)
    }

    #[inline(always)]
    fn plus(self, o: Self) -> Self {
        Self {
            backtracks: self.backtracks.saturating_add(o.backtracks),
            cost_ps: self.cost_ps.saturating_add(o.cost_ps),
            matched: self.matched || o.matched,
        }
    }

    /// Node's time for this work on the reference machine, in milliseconds.
    pub fn estimated_ms(&self) -> u64 {
        self.cost_ps / 1_000_000_000
    }
}

/// V8's work on a Rust string.
pub fn work(s: &str) -> V8Work {
    work_within(s, u64::MAX)
}

/// V8's work on UTF-16 code units.
pub fn work_utf16(units: &[u16]) -> V8Work {
    work_within_utf16(units, u64::MAX)
}

/// [`work`], exact while its cost stays within `budget_ps`; beyond, a lower bound that is
/// over the budget (the count stops as soon as it knows).
pub fn work_within(s: &str, budget_ps: u64) -> V8Work {
    let b = s.as_bytes();
    let mut classes = Vec::with_capacity(b.len());
    for (i, &byte) in b.iter().enumerate() {
        // One class per UTF-16 unit: a char of 1 to 3 bytes is one unit, of 4 bytes two.
        let class = match byte {
            b'.' => DOT,
            b'/' => SLASH,
            b'\n' | b'\r' => TERMINATOR,
            // U+2028 and U+2029.
            0xE2 if b[i + 1] == 0x80 && matches!(b[i + 2], 0xA8 | 0xA9) => TERMINATOR,
            0x80..=0xBF => continue,
            0xF0..=0xF7 => {
                classes.push(OTHER);
                OTHER
            }
            _ => OTHER,
        };
        classes.push(class);
    }
    count(
        &classes,
        scheme_len(|i| b.get(i).map(|&x| u16::from(x))),
        budget_ps,
    )
}

/// [`work_within`] on UTF-16 code units.
pub fn work_within_utf16(units: &[u16], budget_ps: u64) -> V8Work {
    let classes: Vec<u8> = units
        .iter()
        .map(|&u| match u {
            0x2E => DOT,
            0x2F => SLASH,
            u if super::url::is_line_terminator(u32::from(u)) => TERMINATOR,
            _ => OTHER,
        })
        .collect();
    count(&classes, scheme_len(|i| units.get(i).copied()), budget_ps)
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

fn count(cls: &[u8], scheme: usize, budget_ps: u64) -> V8Work {
    let n = cls.len();
    if n < 3 {
        return V8Work::backtracks(1);
    }
    let scheme = if n >= 10 { scheme } else { 0 };
    match cls.iter().position(|&c| c == TERMINATOR) {
        Some(e) => count_failing(cls, e, scheme, budget_ps),
        None => count_terminator_free(cls, scheme),
    }
}

/// The recurrences of the module's documentation, as suffix sums over one pass from `e`
/// down to the first dot that `A` and `G` can use (to its left they only carry sums on),
/// keeping the two positions to the right that the sums refer to. A run of units that are
/// neither dots nor slashes adds the same to each sum at each unit, so it is taken at once.
///
/// Every partial sum is part of the total, so the pass stops as soon as one is over
/// `budget_ps`.
fn count_failing(cls: &[u8], e: usize, scheme: usize, budget_ps: u64) -> V8Work {
    let n = cls.len();
    let zero = V8Work::default();
    let after_scheme = if scheme > 0 && scheme < e {
        scheme + 1
    } else {
        0
    };
    let loop_end = |c: usize| V8Work::scans(1, e - c + 1);
    // `A(1)` and `G(1)` sum over the dots in 1..e-1; without one, only their loops remain.
    let Some(first_dot) = (1..e.saturating_sub(1)).find(|&q| cls[q] == DOT) else {
        let mut total = V8Work::backtracks(1);
        for start in [1, after_scheme] {
            if start > 0 && start <= e {
                total = total.plus(loop_end(start)).plus(loop_end(start));
            }
        }
        return total;
    };
    // Each run of others adds a backtrack and a lazy step to B and a backtrack to Σ Star.
    let step = V8Work::new(1, LAZY_STEP_PS);
    let (mut sum_star1, mut sum_star2) = (zero, zero); // Σ Star from c+1, from c+2
    let (mut b1, mut b2) = (zero, zero); // B(c+1), B(c+2)
    let (mut wa1, mut wa2) = (zero, zero); // A's sums from c+1, from c+2
    let mut wg1 = zero; // G's sum from c+1
    let mut g_a = [(zero, zero); 2]; // (G, A) at 1, and after the scheme
    let mut c = e;
    loop {
        let class = cls[c];
        if class == OTHER && c > first_dot {
            // The run c, c-1, ..., lo of others (c < e: e is the terminator).
            let lo = cls[first_dot + 1..c]
                .iter()
                .rposition(|&k| k != OTHER)
                .map_or(first_dot + 1, |i| first_dot + 2 + i);
            let r = (c - lo + 1) as u64;
            let times = |w: V8Work, k: u64| V8Work {
                backtracks: w.backtracks.saturating_mul(k),
                cost_ps: w.cost_ps.saturating_mul(k),
                matched: false,
            };
            (sum_star2, sum_star1) = (
                sum_star1.plus(V8Work::backtracks(r - 1)),
                sum_star1.plus(V8Work::backtracks(r)),
            );
            (b2, b1) = (b1.plus(times(step, r - 1)), b1.plus(times(step, r)));
            wa2 = wa1;
            if after_scheme >= lo && after_scheme <= c {
                g_a[1] = (
                    wg1.plus(loop_end(after_scheme)),
                    wa1.plus(loop_end(after_scheme)),
                );
            }
            c = lo;
        } else {
            let star = if class == SLASH && c + 1 < e {
                let tries = (e - c - 1) as u64;
                sum_star2.plus(V8Work::new(2, tries.saturating_mul(STAR_TRY_PS)))
            } else {
                V8Work::backtracks(1)
            };
            let sum_star = star.plus(sum_star1);
            let b = if c == e {
                star.plus(V8Work::backtracks(1))
            } else {
                star.plus(b1).plus(V8Work::new(0, LAZY_STEP_PS))
            };
            let dot = class == DOT && c + 1 < e;
            let wa = if dot { wa1.plus(b2) } else { wa1 };
            // A(c + 2), from A's sum at c + 2.
            let wg = if dot && c + 3 < n {
                wg1.plus(wa2).plus(V8Work::scans(1, e - c - 1))
            } else {
                wg1
            };
            if c == after_scheme {
                g_a[1] = (wg.plus(loop_end(c)), wa.plus(loop_end(c)));
            }
            (sum_star2, sum_star1) = (sum_star1, sum_star);
            (b2, b1) = (b1, b);
            (wa2, wa1) = (wa1, wa);
            wg1 = wg;
        }
        // Parts of the total: A(1) holds B(first_dot + 2) >= B(c), and A(1) + G(1) hold
        // the sums so far.
        let mut known = wa1.plus(wg1);
        if c >= first_dot + 2 && b1.cost_ps > known.cost_ps {
            known = b1;
        }
        if known.cost_ps > budget_ps {
            return known;
        }
        if c == first_dot {
            break;
        }
        c -= 1;
    }
    // To the left of the first dot the sums stay as they are.
    g_a[0] = (wg1.plus(loop_end(1)), wa1.plus(loop_end(1)));
    if after_scheme > 0 && after_scheme < first_dot {
        g_a[1] = (
            wg1.plus(loop_end(after_scheme)),
            wa1.plus(loop_end(after_scheme)),
        );
    }
    let mut total = V8Work::backtracks(1);
    if after_scheme > 0 {
        total = total.plus(g_a[1].0).plus(g_a[1].1);
    }
    total.plus(g_a[0].0).plus(g_a[0].1)
}

/// The search of the module's "no line terminator" section, which stops at the first
/// match.
fn count_terminator_free(cls: &[u8], scheme: usize) -> V8Work {
    let n = cls.len();
    // The last dot `A` can use (a unit after it): every `A` that enters `B` enters there.
    // Without one, no `A` matches and `G` has no dot to try: only the loops remain.
    let last_dot = cls[..n - 1].iter().rposition(|&k| k == DOT);
    let lazy = |c: usize| {
        // `.+?` grows until `(?:\/.+)*$` succeeds: at a `/` with a unit after it, or at n.
        let p = (c..n).find(|&p| cls[p] == SLASH && p + 1 < n).unwrap_or(n);
        let steps = (p - c) as u64;
        V8Work {
            backtracks: steps,
            cost_ps: steps * LAZY_STEP_PS,
            matched: true,
        }
    };
    let a = |a0: usize| match last_dot {
        Some(d) if d >= a0 => V8Work::scans(0, n - d + 1).plus(lazy(d + 2)),
        _ => V8Work::scans(1, n - a0 + 1),
    };
    let g = |g0: usize| {
        let mut work = V8Work::default();
        let candidates = if last_dot.is_some() { g0..n } else { n..n };
        for q in candidates.rev() {
            if cls[q] == DOT && q + 3 < n {
                let inner = a(q + 2);
                work = work.plus(inner);
                if inner.matched {
                    return work.plus(V8Work::scans(0, n - q + 1));
                }
            }
        }
        work.plus(V8Work::scans(1, n - g0 + 1))
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
        assert_eq!(w.cost_ps, u64::MAX);
    }
}
