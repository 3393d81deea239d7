//! Rules that need the organization's stored webhooks: the server answers 409 for them,
//! the console checks them against its loaded list before sending.

use crate::Problem;
use crate::slashid::triggers::TriggerType;

/// inferred: the API says a target URL "can be registered at most once per organization"
/// without saying how URLs compare; they compare as the exact strings sent.
pub fn same_target_url(a: &str, b: &str) -> bool {
    a == b
}

pub fn duplicate_target_url() -> Problem {
    Problem::new(
        "target_url",
        "duplicate",
        "a webhook with this target URL already exists: target URLs are unique in an organization",
    )
}

pub fn duplicate_trigger(trigger_type: TriggerType, trigger_name: &str) -> Problem {
    Problem::new(
        "trigger_name",
        "duplicate",
        format!("the webhook already has the {trigger_type} trigger {trigger_name}"),
    )
}
