//! `POST /test-events`: a list of `{event_name, count, duplicates, analytics_correlation_id}`.

use crate::Problem;
use crate::slashid::triggers::TriggerType;
use crate::slashid::wire::TestEventSpec;

/// inferred: the API documents no per-item bound; a request larger than the rate limit's
/// burst (50 events) could never succeed, so it is refused with a clear reason.
pub const MAX_EVENTS_PER_REQUEST: i64 = 50;
/// Test events allowed per minute and in one burst, per organization (documented).
pub const RATE_PER_MINUTE: u32 = 10;
pub const BURST: u32 = 50;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TestEventRequest {
    pub event_name: &'static str,
    pub count: u32,
    pub duplicates: bool,
    pub analytics_correlation_id: String,
}

pub fn validate_test_events(
    specs: &[TestEventSpec],
) -> Result<Vec<TestEventRequest>, Vec<Problem>> {
    let mut problems = Vec::new();
    let mut out = Vec::with_capacity(specs.len());
    if specs.is_empty() {
        problems.push(Problem::new("", "empty", "ask for at least one test event"));
    }
    let mut total: i64 = 0;
    for (i, spec) in specs.iter().enumerate() {
        let name = TriggerType::Event.name(&spec.event_name).map(|n| n.name);
        if name.is_none() {
            problems.push(Problem::new(
                format!("[{i}].event_name"),
                if spec.event_name.is_empty() {
                    "required"
                } else {
                    "invalid"
                },
                if spec.event_name.is_empty() {
                    "an event name is required".to_owned()
                } else {
                    format!("\"{}\" is not a SlashID event name", spec.event_name)
                },
            ));
        }
        let count = spec.count.unwrap_or(1);
        if count < 1 {
            problems.push(Problem::new(
                format!("[{i}].count"),
                "too_small",
                "must be at least 1",
            ));
        } else if count > MAX_EVENTS_PER_REQUEST {
            problems.push(Problem::new(
                format!("[{i}].count"),
                "too_large",
                format!("must be at most {MAX_EVENTS_PER_REQUEST}, the rate limit's burst"),
            ));
        }
        total = total.saturating_add(count.max(0));
        if let Some(event_name) = name {
            out.push(TestEventRequest {
                event_name,
                count: count.clamp(0, MAX_EVENTS_PER_REQUEST) as u32,
                duplicates: spec.duplicates.unwrap_or(false),
                analytics_correlation_id: spec.analytics_correlation_id.clone().unwrap_or_default(),
            });
        }
    }
    if problems.is_empty() && total > MAX_EVENTS_PER_REQUEST {
        problems.push(Problem::new(
            "",
            "too_large",
            format!("at most {MAX_EVENTS_PER_REQUEST} test events can be asked for at once"),
        ));
    }
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}
