//! `POST /test-events`: a list of `{event_name, count, duplicates, analytics_correlation_id}`.

use crate::Problem;
use crate::problem::Capped;
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

/// inferred: no documented limit; a correlation id is an id (a UUID is 36 bytes), and it
/// is copied into every event generated.
pub const MAX_CORRELATION_ID_BYTES: usize = 256;
/// inferred: at most this many problems of a request are reported, then one more,
/// `and N more problems`.
pub const MAX_PROBLEMS: usize = MAX_EVENTS_PER_REQUEST as usize;

pub fn validate_test_events(
    specs: &[TestEventSpec],
) -> Result<Vec<TestEventRequest>, Vec<Problem>> {
    let max = MAX_EVENTS_PER_REQUEST as usize;
    let mut problems = Capped::new(MAX_PROBLEMS);
    let mut out = Vec::with_capacity(specs.len().min(max));
    if specs.is_empty() {
        problems.push(|| Problem::new("", "empty", "ask for at least one test event"));
    }
    let too_many = || {
        Problem::new(
            "",
            "too_large",
            format!("at most {MAX_EVENTS_PER_REQUEST} test events can be asked for at once"),
        )
    };
    // inferred: past the limit the list is not read: each item asks for one event at least.
    if specs.len() > max {
        problems.push(too_many);
    }
    let mut total: i64 = 0;
    for (i, spec) in specs.iter().enumerate().take(max) {
        let name = TriggerType::Event.name(&spec.event_name).map(|n| n.name);
        if name.is_none() {
            problems.push(|| {
                if spec.event_name.is_empty() {
                    let message = "an event name is required";
                    Problem::new(format!("[{i}].event_name"), "required", message)
                } else {
                    let message = format!("\"{}\" is not a SlashID event name", spec.event_name);
                    Problem::new(format!("[{i}].event_name"), "invalid", message)
                }
            });
        }
        let count = spec.count.unwrap_or(1);
        if count < 1 {
            problems
                .push(|| Problem::new(format!("[{i}].count"), "too_small", "must be at least 1"));
        } else if count > MAX_EVENTS_PER_REQUEST {
            problems.push(|| {
                Problem::new(
                    format!("[{i}].count"),
                    "too_large",
                    format!("must be at most {MAX_EVENTS_PER_REQUEST}, the rate limit's burst"),
                )
            });
        }
        let correlation_id = spec.analytics_correlation_id.as_deref().unwrap_or_default();
        if correlation_id.len() > MAX_CORRELATION_ID_BYTES {
            problems.push(|| {
                Problem::new(
                    format!("[{i}].analytics_correlation_id"),
                    "too_long",
                    format!("must be at most {MAX_CORRELATION_ID_BYTES} bytes"),
                )
            });
        }
        total = total.saturating_add(count.max(0));
        if let Some(event_name) = name {
            out.push(TestEventRequest {
                event_name,
                count: count.clamp(0, MAX_EVENTS_PER_REQUEST) as u32,
                duplicates: spec.duplicates.unwrap_or(false),
                analytics_correlation_id: correlation_id.to_owned(),
            });
        }
    }
    if problems.count() == 0 && total > MAX_EVENTS_PER_REQUEST {
        problems.push(too_many);
    }
    let problems = problems.finish("");
    if problems.is_empty() {
        Ok(out)
    } else {
        Err(problems)
    }
}
