//! Replaying every failed delivery of a filter: what was found, what became of each
//! replay, and the report at the end. Plain Rust, so the bookkeeping is unit-tested
//! natively; `views::deliveries` runs the requests.

use webhook_rules::instavm::wire::{Delivery, DeliveryPage};

use crate::error::ApiError;
use crate::ids::IdSet;

/// The status of a delivery that failed.
/// inferred: InstaVM documents no values; the sandbox's are `pending`, `succeeded`, `failed`.
pub const FAILED: &str = "failed";

/// The failed deliveries of the pages walked so far, each once (a delivery may show on
/// two pages when new ones arrive while walking).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Found {
    pub deliveries: Vec<Delivery>,
    seen: IdSet,
}

impl Found {
    /// Adds a page's failed deliveries; gives the next page's cursor.
    pub fn add(&mut self, page: DeliveryPage) -> Option<String> {
        for d in page.items {
            if d.status == FAILED && self.seen.insert(d.id.clone()) {
                self.deliveries.push(d);
            }
        }
        page.next_cursor
    }
}

/// What became of one replay that did not go through.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Miss {
    /// The API refused it, or never answered (then it may have been replayed anyway).
    Error(ApiError),
    /// Replayed, but the new delivery failed too, for this reason (when the API says).
    FailedAgain(Option<String>),
    /// A replay of it was already under way (one started from its row).
    AlreadyReplaying,
}

/// The end of a bulk replay.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Report {
    /// How many failed deliveries the filter had.
    pub total: usize,
    /// Replays that went through, and whose new delivery did not fail.
    pub replayed: usize,
    /// Each delivery that was not replayed, or failed again, with why.
    pub missed: Vec<(Delivery, Miss)>,
    /// Left unreplayed: the admin cancelled (or left the view), or the walk stopped.
    pub cancelled: usize,
    /// The admin cancelled (or left the view) before the end.
    pub interrupted: bool,
    /// Why the walk stopped early: the pages could not be read, or the key was refused.
    pub stopped: Option<ApiError>,
}

impl Report {
    pub fn new(total: usize) -> Self {
        Report {
            total,
            ..Default::default()
        }
    }

    /// Records one replay's answer.
    /// inferred: a replay whose new delivery failed too is reported with the failures (it
    /// went through, but the receiver still did not get the event).
    pub fn record(&mut self, original: &Delivery, answer: Result<Option<Delivery>, ApiError>) {
        match answer {
            Ok(Some(new)) if new.status == FAILED => self
                .missed
                .push((original.clone(), Miss::FailedAgain(new.last_error))),
            Ok(_) => self.replayed += 1,
            Err(e) => self.missed.push((original.clone(), Miss::Error(e))),
        }
    }

    pub fn skip(&mut self, original: &Delivery) {
        self.missed.push((original.clone(), Miss::AlreadyReplaying));
    }

    /// Nothing went wrong: every failed delivery was replayed and went through.
    pub fn all_went_through(&self) -> bool {
        self.missed.is_empty() && self.cancelled == 0 && !self.interrupted && self.stopped.is_none()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn delivery(id: &str, status: &str) -> Delivery {
        Delivery {
            id: id.into(),
            status: status.into(),
            event_type: "vm.started".into(),
            ..Default::default()
        }
    }

    #[test]
    fn finds_each_failed_delivery_once_across_pages() {
        let mut found = Found::default();
        let next = found.add(DeliveryPage {
            items: vec![delivery("a", "failed"), delivery("b", "succeeded")],
            next_cursor: Some("c1".into()),
        });
        assert_eq!(next.as_deref(), Some("c1"));
        let next = found.add(DeliveryPage {
            items: vec![delivery("a", "failed"), delivery("c", "failed")],
            next_cursor: None,
        });
        assert_eq!(next, None);
        let ids: Vec<&str> = found.deliveries.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a", "c"]);
    }

    #[test]
    fn a_replay_that_fails_again_is_reported_with_its_reason() {
        let original = delivery("a", "failed");
        let mut report = Report::new(3);
        report.record(&original, Ok(Some(delivery("a2", "succeeded"))));
        let mut again = delivery("a3", "failed");
        again.last_error = Some("could not resolve host: x.invalid".into());
        report.record(&original, Ok(Some(again)));
        report.record(
            &original,
            Err(ApiError::Conflict(vec![webhook_rules::Problem::new(
                "",
                "detail",
                "Endpoint is disabled",
            )])),
        );
        assert_eq!(report.replayed, 1);
        assert_eq!(report.missed.len(), 2);
        assert_eq!(
            report.missed[0].1,
            Miss::FailedAgain(Some("could not resolve host: x.invalid".into()))
        );
        assert!(matches!(
            report.missed[1].1,
            Miss::Error(ApiError::Conflict(_))
        ));
        assert!(!report.all_went_through());
    }

    #[test]
    fn an_answer_without_a_delivery_counts_as_replayed() {
        let mut report = Report::new(1);
        report.record(&delivery("a", "failed"), Ok(None));
        assert_eq!(report.replayed, 1);
        assert!(report.all_went_through());
    }
}
