//! Pages of a recorded-delivery list, newest first: a `limit` and an opaque `cursor`, the
//! position of the last item of the previous page.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;

use crate::common::limits::{DELIVERIES_PAGE_DEFAULT, DELIVERIES_PAGE_MAX};

/// The `limit` of a sandbox delivery list: `None` when the text is not an integer from 1
/// to `DELIVERIES_PAGE_MAX`.
pub fn limit(text: Option<&str>) -> Option<usize> {
    match text {
        None => Some(DELIVERIES_PAGE_DEFAULT),
        Some(t) => t
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=DELIVERIES_PAGE_MAX).contains(n)),
    }
}

/// An opaque cursor: the position of the last item of a page. The version prefix lets the
/// format change without old cursors being misread.
pub fn cursor(seq: i64) -> String {
    B64.encode(format!("d1:{seq}"))
}

/// The position a cursor stands for, or `None` when it is not one of ours.
pub fn parse_cursor(text: &str) -> Option<i64> {
    let bytes = B64.decode(text).ok()?;
    let seq = std::str::from_utf8(&bytes).ok()?.strip_prefix("d1:")?;
    seq.parse().ok().filter(|s: &i64| *s > 0)
}

/// Cuts `rows` (read with one row more than `limit`, newest first) to the page, and gives
/// the next page's cursor when there is one.
pub fn split<T>(mut rows: Vec<(i64, T)>, limit: usize) -> (Vec<T>, Option<String>) {
    let next = if rows.len() > limit {
        rows.truncate(limit);
        rows.last().map(|(seq, _)| cursor(*seq))
    } else {
        None
    };
    (rows.into_iter().map(|(_, item)| item).collect(), next)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_limits_within_bounds() {
        assert_eq!(limit(None), Some(DELIVERIES_PAGE_DEFAULT));
        assert_eq!(limit(Some("1")), Some(1));
        assert_eq!(limit(Some("100")), Some(100));
        for bad in ["0", "101", "-1", "x", "", "1e2", "99999999999999999999999"] {
            assert_eq!(limit(Some(bad)), None, "{bad:?}");
        }
    }

    #[test]
    fn reads_back_only_its_own_cursors() {
        assert_eq!(parse_cursor(&cursor(42)), Some(42));
        for bad in ["", "42", "ZDE6MA", "ZDE6LTE", "!!"] {
            assert_eq!(parse_cursor(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn splits_a_page_and_points_past_its_last_item() {
        let rows = vec![(9, 'a'), (7, 'b'), (4, 'c')];
        assert_eq!(split(rows.clone(), 2), (vec!['a', 'b'], Some(cursor(7))));
        assert_eq!(split(rows, 3), (vec!['a', 'b', 'c'], None));
    }
}
