//! The sandbox's own bounds on what a SlashID request may store (`common::limits`), as
//! problems in the rules' words: `400` envelope errors naming the field.

use webhook_rules::Problem;
use webhook_rules::slashid::headers::field_of_name;
use webhook_rules::slashid::wire::{Headers, TestEventSpec};

use crate::common::limits::slashid::{
    ANALYTICS_CORRELATION_ID_MAX_BYTES, HEADER_NAME_MAX_BYTES, HEADER_VALUES_MAX,
    TARGET_URL_MAX_BYTES,
};

fn too_long(field: impl Into<String>, max: usize, unit: &str) -> Problem {
    Problem::new(field, "too_long", format!("must be at most {max} {unit}"))
}

/// A webhook's fields the rules do not bound.
pub fn webhook(target_url: Option<&str>, headers: Option<&Headers>) -> Vec<Problem> {
    let mut problems = Vec::new();
    if target_url.is_some_and(|u| u.len() > TARGET_URL_MAX_BYTES) {
        problems.push(too_long("target_url", TARGET_URL_MAX_BYTES, "bytes"));
    }
    for (name, values) in headers.into_iter().flatten() {
        if name.len() > HEADER_NAME_MAX_BYTES {
            // The name itself is not quoted: it is as long as the limit says.
            problems.push(too_long(
                "custom_headers",
                HEADER_NAME_MAX_BYTES,
                "bytes in a header name",
            ));
        } else if values.len() > HEADER_VALUES_MAX {
            problems.push(Problem::new(
                field_of_name(name),
                "too_many",
                format!("at most {HEADER_VALUES_MAX} values are allowed"),
            ));
        }
    }
    problems
}

/// Test events: the correlation id, copied into every delivery.
pub fn test_events(specs: &[TestEventSpec]) -> Vec<Problem> {
    specs
        .iter()
        .enumerate()
        .filter(|(_, s)| {
            s.analytics_correlation_id
                .as_ref()
                .is_some_and(|id| id.len() > ANALYTICS_CORRELATION_ID_MAX_BYTES)
        })
        .map(|(i, _)| {
            too_long(
                format!("[{i}].analytics_correlation_id"),
                ANALYTICS_CORRELATION_ID_MAX_BYTES,
                "bytes",
            )
        })
        .collect()
}
