//! Which trigger counts the list fetches, and when: only for the rows on screen, at most
//! [`MAX_IN_FLIGHT`] requests at once, each webhook once (the counts are cached in
//! `AppState::trigger_counts` and invalidated when triggers change). The API has no
//! counts: one `GET .../triggers` per webhook.

use std::collections::VecDeque;

use crate::ids::IdSet;

pub const MAX_IN_FLIGHT: usize = 4;

#[derive(Debug, Default)]
pub struct CountQueue {
    /// Shown, not counted, not being fetched: in display order.
    wanted: VecDeque<String>,
    in_flight: IdSet,
    /// Failed once: not asked again until [`CountQueue::retry_failed`].
    failed: IdSet,
}

impl CountQueue {
    /// The rows shown now. Rows no longer shown leave the queue (a request already sent
    /// finishes). Returns the ids to fetch now.
    pub fn show(&mut self, visible: &[String], known: impl Fn(&str) -> bool) -> Vec<String> {
        self.wanted = visible
            .iter()
            .filter(|id| {
                !known(id)
                    && !self.in_flight.contains(id.as_str())
                    && !self.failed.contains(id.as_str())
            })
            .cloned()
            .collect();
        self.start()
    }

    /// A fetch ended (`ok == false`: it failed). Returns the ids to fetch now.
    pub fn finished(&mut self, id: &str, ok: bool) -> Vec<String> {
        self.in_flight.remove(id);
        if !ok {
            self.failed.insert(id.to_owned());
        }
        self.start()
    }

    pub fn retry_failed(&mut self) {
        self.failed.clear();
    }

    /// Ids waiting or being fetched (shown with a placeholder).
    pub fn pending(&self) -> IdSet {
        self.wanted
            .iter()
            .chain(self.in_flight.iter())
            .cloned()
            .collect()
    }

    fn start(&mut self) -> Vec<String> {
        let mut now = Vec::new();
        while self.in_flight.len() < MAX_IN_FLIGHT {
            let Some(id) = self.wanted.pop_front() else {
                break;
            };
            self.in_flight.insert(id.clone());
            now.push(id);
        }
        now
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids(n: usize) -> Vec<String> {
        (0..n).map(|i| format!("w{i}")).collect()
    }

    #[test]
    fn fetches_four_at_a_time_in_display_order() {
        let mut q = CountQueue::default();
        let shown = ids(10);
        assert_eq!(q.show(&shown, |_| false), ids(4));
        assert_eq!(q.pending().len(), 10);
        // Showing the same rows again starts nothing new.
        assert!(q.show(&shown, |_| false).is_empty());
        assert_eq!(q.finished("w1", true), vec!["w4".to_owned()]);
    }

    #[test]
    fn skips_known_and_failed_and_rows_scrolled_away() {
        let mut q = CountQueue::default();
        let started = q.show(&ids(3), |id| id == "w1");
        assert_eq!(started, vec!["w0".to_owned(), "w2".to_owned()]);
        assert!(q.finished("w0", false).is_empty());
        assert!(
            q.show(&ids(3), |id| id == "w1").is_empty(),
            "w0 failed: not again"
        );
        q.retry_failed();
        assert_eq!(q.show(&ids(3), |id| id == "w1"), vec!["w0".to_owned()]);

        let mut q = CountQueue::default();
        q.show(&ids(8), |_| false);
        // Now only w6 and w7 are shown: w4 and w5 are no longer wanted.
        assert!(q.show(&ids(8)[6..], |_| false).is_empty());
        assert_eq!(q.finished("w0", true), vec!["w6".to_owned()]);
        assert_eq!(q.finished("w1", true), vec!["w7".to_owned()]);
        assert!(q.finished("w2", true).is_empty());
    }
}
