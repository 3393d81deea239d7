//! Every user-facing string of InstaVM's console, in one place, ready for translation:
//! plain constants for fixed text, functions for text with values in it; the words all
//! consoles share come from `crate::text`, re-exported here so a view needs one table.
//! Validation messages are not here: they are pydantic's, from the rules crate, word for
//! word as the server says them; so are the signature checks' messages (the SDK's).

pub use crate::text::*;

use webhook_rules::instavm::signature::{SignatureFailure, TOLERANCE_SECONDS};
use webhook_rules::instavm::wire::{Delivery, VerifyResult};

use crate::browser::webcrypto::CryptoError;
use crate::error::ApiError;
use crate::providers::instavm::replay::{Miss, Report};
use crate::providers::instavm::views::verify_delivery::Step;

/// How InstaVM is named in error sentences.
pub const API: ApiName = ApiName {
    name: "InstaVM",
    credentials: "the API key",
};

/// One sentence for a person about a failed call.
pub fn error_text(e: &ApiError) -> String {
    api_error(e, API)
}

// Navigation and shell.
pub const NAV_ENDPOINTS: &str = "Endpoints";
pub const NAV_DELIVERIES: &str = "Deliveries";
pub const NAV_VERIFY: &str = "Verify a delivery";
pub const CONNECTED_TO: &str = "Connected to";

/// The API's host, as the header shows who the console talks to (the key is never
/// shown): `https://api.instavm.io` → `api.instavm.io`.
pub fn api_host(base_url: &str) -> String {
    let rest = base_url
        .split_once("://")
        .map_or(base_url, |(_, rest)| rest);
    rest.split('/').next().unwrap_or_default().to_owned()
}

// Connect.
pub const CONNECT_TITLE: &str = "Connect to InstaVM";
pub const CONNECT_INTRO: &str = "The API key is kept in this tab's memory only: it is never stored, put in the address bar or logged. Closing or reloading the page forgets it.";
pub const FIELD_BASE_URL: &str = "API base URL";
pub const BASE_URL_HINT: &str = "Where the InstaVM API is, such as https://api.instavm.io. Leave as is when the console is served by the API.";
pub const FIELD_API_KEY: &str = "API key";
pub const API_KEY_HINT: &str = "Your InstaVM API key, sent as the X-API-Key header.";
pub const API_KEY_REQUIRED: &str = "Enter an API key.";
pub const SHOW_KEY: &str = "Show API key";
pub const HIDE_KEY: &str = "Hide API key";
pub const CONNECT: &str = "Connect";
pub const AUTH_TITLE: &str = "Check your API key";
pub const AUTH_BODY: &str =
    "InstaVM refused the request: the API key is wrong, expired or revoked.";

// List.
pub const ENDPOINTS_TITLE: &str = "Webhook endpoints";
pub const CREATE_ENDPOINT: &str = "Create endpoint";
pub const LIST_FAILED: &str = "The endpoints could not be loaded.";
pub const LOADING_ENDPOINTS: &str = "Loading endpoints…";
pub const SEARCH_LABEL: &str = "Search endpoints";
pub const SEARCH_PLACEHOLDER: &str = "URL, description or event pattern";
pub const LIST_CAPTION: &str = "Your webhook endpoints";
pub const COL_URL: &str = "URL";
pub const COL_STATUS: &str = "Status";
pub const COL_ENABLED: &str = "Enabled";
pub const COL_FAILURES: &str = "Consecutive failures";
pub const COL_LAST_DELIVERY: &str = "Last delivery";
pub const COL_LAST_ERROR: &str = "Last error";
pub const NEVER_DELIVERED: &str = "Never";
pub const NO_ERROR: &str = "None";
pub const EMPTY_TITLE: &str = "No endpoints yet";
pub const EMPTY_WHAT: &str = "A webhook endpoint is an HTTPS address of yours that InstaVM calls when something happens to your VMs, snapshots and executions. Each call is signed with the endpoint's secret, so your receiver can check it came from InstaVM.";
pub const EMPTY_HOW: &str = "Create an endpoint with the URL to call and the event patterns it should receive. Its signing secret is shown once, right after it is created.";

pub fn showing(shown: usize, matching: usize, total: usize) -> String {
    count_of(shown, matching, total, "endpoint", "endpoints")
}

pub fn show_more(n: usize) -> String {
    format!("Show {n} more")
}

pub fn no_match(query: &str) -> String {
    format!("No endpoint matches “{}”.", query.trim())
}

pub fn open_endpoint_label(url: &str) -> String {
    format!("Open the endpoint {}", url_or_empty(url))
}

/// An endpoint's URL, or words for an empty one (the server takes it).
pub fn url_or_empty(url: &str) -> String {
    if url.is_empty() {
        "(no URL)".to_owned()
    } else {
        url.to_owned()
    }
}

/// The status in words. inferred values: `active`, `failing`, `disabled`; another value
/// is shown as it is.
pub fn status_word(status: &str, enabled: bool) -> String {
    match (enabled, status) {
        (false, _) => "Disabled".to_owned(),
        (true, "active") => "Enabled".to_owned(),
        (true, "failing") => "Failing".to_owned(),
        (true, other) => other.to_owned(),
    }
}

pub fn enabled_word(enabled: bool) -> &'static str {
    if enabled { "Yes" } else { "No" }
}

pub fn enabled_sentence(enabled: bool) -> &'static str {
    if enabled {
        "Enabled: InstaVM delivers events to it."
    } else {
        "Disabled: InstaVM delivers nothing to it."
    }
}

/// The first `max` characters of a long text, with an ellipsis when cut.
pub fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_owned()
    } else {
        let mut out: String = text.chars().take(max).collect();
        out.push('…');
        out
    }
}

pub use crate::format::time_text;

// Form.
pub const CREATE_INTRO: &str = "InstaVM will call the URL with a signed JSON body whenever an event matches one of the endpoint's patterns.";
pub const EDIT_ENDPOINT: &str = "Edit endpoint";
pub const FIELD_URL: &str = "URL";
pub const URL_PLACEHOLDER: &str = "https://example.com/webhooks/instavm";
pub const URL_HINT: &str =
    "Where InstaVM sends deliveries: an HTTPS address your receiver listens on.";
/// Read before a warning by screen readers: a warning is not an error.
pub const NOTE: &str = "Warning:";
pub const FIELD_DESCRIPTION: &str = "Description";
pub const DESCRIPTION_HINT: &str = "For you: what the endpoint is for.";
pub const FIELD_TIMEOUT: &str = "Timeout (seconds)";
pub const FIELD_MAX_RETRIES: &str = "Maximum retries";
pub const TIMEOUT_PLACEHOLDER: &str = "10";
pub const RETRIES_PLACEHOLDER: &str = "7";
pub const TIMEOUT_HINT: &str = "How long InstaVM waits for your receiver's answer: a whole number of seconds from 3 to 60. Leave it empty for the default, 10 seconds.";
pub const TIMEOUT_HINT_EDIT: &str =
    "How long InstaVM waits for your receiver's answer: a whole number of seconds from 3 to 60.";
pub const RETRIES_HINT: &str = "How often InstaVM tries a failed delivery again: a whole number from 1 to 7. Leave it empty for the default, 7.";
pub const RETRIES_HINT_EDIT: &str =
    "How often InstaVM tries a failed delivery again: a whole number from 1 to 7.";
pub const FIELD_ID: &str = "ID";
pub const SAVE_CHANGES: &str = "Save changes";
pub const SAVING: &str = "Saving…";
pub const NOTHING_CHANGED: &str = "Nothing changed: there is nothing to save.";
pub const ENDPOINT_CREATED: &str =
    "Endpoint created. Its signing secret was shown once: only its hint is kept here.";
pub const ENDPOINT_SAVED: &str = "Endpoint saved.";

pub fn edit_title(url: &str) -> String {
    format!("Edit “{}”", url_or_empty(url))
}

pub fn fix_problems(n: usize) -> String {
    if n == 1 {
        "1 field needs attention before the endpoint can be saved.".to_owned()
    } else {
        format!("{n} fields need attention before the endpoint can be saved.")
    }
}

/// Problems of the whole request (no field), in the server's words.
pub fn rejected(messages: &[String]) -> String {
    format!("InstaVM rejected the request: {}.", messages.join("; "))
}

// Event patterns.
pub const PATTERNS_LEGEND: &str = "Event patterns";
/// A pattern's row in the review of a save.
pub const REVIEW_PATTERN: &str = "Event pattern";
pub const PATTERNS_HELP: &str = "Which events the endpoint receives. A pattern is an event type (vm.terminated) or a wildcard: * matches any characters, dots included (vm.* is every VM event), ? one character, [abc] one of a set; case matters. How InstaVM matches is inferred (Python's fnmatch); the known event types each pattern selects are shown under it.";
/// inferred: an endpoint without patterns receives every event (the sandbox's reading; the
/// documentation says nothing).
pub const PATTERNS_NONE: &str = "No patterns: the endpoint receives every event.";
pub const PATTERN_ADD: &str = "Add pattern";
pub const PATTERN_PLACEHOLDER: &str = "e.g. vm.* or execution.completed";
pub const REMOVE: &str = "Remove";

pub fn pattern_label(n: usize) -> String {
    format!("Pattern {n}")
}

pub fn pattern_remove_label(n: usize) -> String {
    format!("Remove pattern {n}")
}

/// What a pattern selects among the known event types.
pub fn pattern_matches(pattern: &str, matched: &[&str]) -> String {
    if pattern.is_empty() {
        "An empty pattern matches no event type.".to_owned()
    } else if matched.is_empty() {
        "Matches none of the known event types.".to_owned()
    } else {
        format!("Matches {}.", matched.join(", "))
    }
}

// Detail.
pub const ENDPOINT: &str = "Endpoint";
pub const BACK_TO_LIST: &str = "← All endpoints";
pub const BACK_TO_ENDPOINT: &str = "← Back to the endpoint";
pub const LOADING_ENDPOINT: &str = "Loading the endpoint…";
pub const ENDPOINT_GONE: &str =
    "This endpoint no longer exists: it may have been deleted meanwhile.";
pub const NO_DESCRIPTION: &str = "No description";
pub const SIGNING_SECRET: &str = "Signing secret";
pub const NO_HINT: &str = "No hint";
pub const LAST_VERIFIED: &str = "Last verified";
pub const NEVER_VERIFIED: &str = "Never";
pub const CREATED: &str = "Created";
pub const UPDATED: &str = "Updated";
pub const EDIT: &str = "Edit";
pub const SEND_TEST: &str = "Send test event";
pub const VERIFY_ENDPOINT: &str = "Verify endpoint";
pub const ROTATE_SECRET: &str = "Rotate secret…";
pub const DISABLE: &str = "Disable…";
pub const ENABLE: &str = "Enable";
pub const DISABLED_NOTICE: &str =
    "This endpoint is disabled: InstaVM delivers nothing to it. Enable it to receive events again.";
pub const ENDPOINT_ENABLED: &str = "Endpoint enabled: InstaVM delivers events to it again.";
pub const ENDPOINT_DISABLED: &str =
    "Endpoint disabled: InstaVM delivers nothing to it until it is enabled again.";
pub const SECRET_ROTATED: &str =
    "Secret rotated. Update every receiver of this endpoint with the new secret.";
pub const DISABLE_BODY: &str = "InstaVM's delete disables the endpoint: it stops receiving events at once, but its settings and deliveries are kept, and you can enable it again.";
pub const DISABLE_CONFIRM: &str = "Disable endpoint";
pub const ROTATE_BODY: &str = "The current secret stops working at once: your receivers will reject every delivery until they are updated with the new secret, which is shown only once, right after the rotation.";
pub const ROTATE_CONFIRM: &str = "Rotate secret";

pub fn rotate_title(url: &str) -> String {
    format!("Rotate the signing secret of “{}”?", url_or_empty(url))
}

pub fn disable_title(url: &str) -> String {
    format!("Disable the endpoint “{}”?", url_or_empty(url))
}

/// Beside the hint: the secret itself is not kept anywhere the console can show it.
pub fn hint_only(signing_version: &str) -> String {
    format!("Only a hint: the secret was shown once, when it was made. Signing: {signing_version}.")
}

pub fn seconds(n: i64) -> String {
    if n == 1 {
        "1 second".to_owned()
    } else {
        format!("{n} seconds")
    }
}

/// After "Send test event".
pub fn test_sent(delivery: Option<&Delivery>) -> String {
    match delivery {
        None => "Test event sent: InstaVM queued a webhook.test delivery.".to_owned(),
        Some(d) if d.status == "failed" => match d.last_error.as_deref() {
            Some(e) if !e.is_empty() => format!("Test event sent, but the delivery failed: “{e}”."),
            _ => "Test event sent, but the delivery failed.".to_owned(),
        },
        Some(d) => format!("Test event sent: {}", delivery_outcome(&d.status)),
    }
}

/// What became of a new delivery (a test or a replay) that did not fail.
fn delivery_outcome(status: &str) -> String {
    match status {
        "succeeded" => "the delivery succeeded.".to_owned(),
        "pending" => "the delivery is pending.".to_owned(),
        other => format!("the delivery's status is {other}."),
    }
}

/// After "Verify endpoint".
pub fn verify_result(result: &VerifyResult) -> String {
    if result.verified {
        "Verified: the endpoint answered InstaVM's challenge.".to_owned()
    } else {
        match result.error.as_deref() {
            Some(e) if !e.is_empty() => format!("Not verified: “{e}”."),
            _ => "Not verified: the endpoint did not answer InstaVM's challenge.".to_owned(),
        }
    }
}

/// A rotation without a readable answer: the new secret, if there is one, is lost.
pub fn rotate_unconfirmed(e: &ApiError) -> String {
    format!(
        "{} If the secret was rotated, its new value is lost and your receivers reject deliveries: rotate it again to see a new secret.",
        error_text(e)
    )
}

// The secret, once.
pub const SECRET_CREATED_TITLE: &str = "Store the endpoint's signing secret";
pub const SECRET_ROTATED_TITLE: &str = "Store the new signing secret";
pub const SHOW_SECRET: &str = "Show signing secret";
pub const HIDE_SECRET: &str = "Hide signing secret";
pub const COPY_SECRET: &str = "Copy signing secret";
pub const SECRET_COPY_HINT: &str =
    "Put it where your receiver reads it, such as a secret manager or an environment variable.";
pub const SECRET_COPIED: &str = "Secret copied.";
pub const COPY_FAILED: &str =
    "The browser did not allow copying: show the secret and select it instead.";
pub const SECRET_STORED_CHECK: &str = "I have stored the secret somewhere safe.";
pub const SECRET_DONE: &str = "I have stored it";

pub fn secret_once(url: &str, rotated: bool) -> String {
    let what = if rotated {
        "the new signing secret"
    } else {
        "the signing secret"
    };
    format!(
        "This is the only time InstaVM shows {what} of “{}”. Once this dialog is closed, the console shows only its hint.",
        url_or_empty(url)
    )
}

// Deliveries.
pub const DELIVERIES_TITLE: &str = "Deliveries";
pub const DELIVERIES_INTRO: &str = "Every event InstaVM sent to your endpoints, newest first. Replay a delivery to send its event again, signed anew with the endpoint's current secret.";
pub const DELIVERIES_FAILED: &str = "The deliveries could not be loaded.";
pub const LOADING_DELIVERIES: &str = "Loading deliveries…";
pub const NO_DELIVERIES: &str = "No delivery matches these filters.";
pub const FILTERS_LABEL: &str = "Filter deliveries";
pub const FILTER_ENDPOINT: &str = "Endpoint";
pub const FILTER_STATUS: &str = "Status";
pub const FILTER_EVENT_TYPE: &str = "Event type";
pub const FILTER_EVENT_HINT: &str = "An exact event type, such as vm.terminated; empty for any.";
pub const ANY_ENDPOINT: &str = "Any endpoint";
pub const ANY_STATUS: &str = "Any status";
pub const APPLY_FILTERS: &str = "Show deliveries";
pub const COL_EVENT_TYPE: &str = "Event type";
pub const COL_ENDPOINT: &str = "Endpoint";
pub const COL_ATTEMPTS: &str = "Attempts";
pub const COL_CREATED: &str = "Created";
pub const COL_OUTCOME: &str = "Outcome";
pub const COL_ACTIONS: &str = "Actions";
pub const A_REPLAY: &str = "(a replay)";
pub const REPLAY: &str = "Replay";
pub const REPLAYING: &str = "Replaying…";
pub const VERIFY: &str = "Verify";
pub const LOAD_MORE: &str = "Load more";
pub const LOADING_MORE: &str = "Loading…";

/// A delivery's status in words. inferred values: `pending`, `succeeded`, `failed`.
pub fn delivery_status(status: &str) -> String {
    match status {
        "pending" => "Pending".to_owned(),
        "succeeded" => "Succeeded".to_owned(),
        "failed" => "Failed".to_owned(),
        other => other.to_owned(),
    }
}

pub fn http_status(code: i64) -> String {
    format!("Answered HTTP {code}.")
}

pub fn deliveries_shown(n: usize, more: bool) -> String {
    let count = if n == 1 {
        "1 delivery".to_owned()
    } else {
        format!("{n} deliveries")
    };
    if more {
        format!("{count} loaded; there are more.")
    } else {
        format!("{count}: all loaded.")
    }
}

pub fn replay_label(event_type: &str, created: &str) -> String {
    format!(
        "Replay the {event_type} delivery of {}",
        crate::format::shown_time(created)
    )
}

pub fn verify_delivery_label(event_type: &str, created: &str) -> String {
    format!(
        "Verify the {event_type} delivery of {}",
        crate::format::shown_time(created)
    )
}

/// After one row's replay.
pub fn replayed_one(answer: &Result<Option<Delivery>, ApiError>) -> String {
    match answer {
        Ok(None) => "Replay queued.".to_owned(),
        Ok(Some(d)) if d.status == "failed" => match d.last_error.as_deref() {
            Some(e) if !e.is_empty() => format!("Replayed, but the delivery failed again: “{e}”."),
            _ => "Replayed, but the delivery failed again.".to_owned(),
        },
        Ok(Some(d)) => format!("Replayed: {}", delivery_outcome(&d.status)),
        Err(e) => format!("Not replayed. {}", error_text(e)),
    }
}

pub fn recorded_failed(e: &ApiError) -> String {
    format!(
        "The delivery's request could not be loaded. {}",
        error_text(e)
    )
}

// Bulk replay.
pub const BULK_TITLE: &str = "Replay failed deliveries";
pub const BULK_HELP: &str = "Sends again every failed delivery these filters select, on every page, one at a time. You can cancel at any moment; a replay under way then still finishes.";
pub const BULK_START: &str = "Replay every failed delivery";
pub const BULK_NOT_FAILED: &str =
    "These filters select no failed deliveries: choose “Any status” or “Failed” to replay them.";
pub const BULK_REPORT: &str = "Replay report";
pub const BULK_MISSED: &str = "Not replayed, or failed again:";

pub fn bulk_collecting(found: usize) -> String {
    match found {
        0 => "Looking for failed deliveries…".to_owned(),
        1 => "Looking for failed deliveries: 1 found so far…".to_owned(),
        n => format!("Looking for failed deliveries: {n} found so far…"),
    }
}

pub fn bulk_replaying(done: usize, total: usize) -> String {
    format!("Replaying {} of {total}…", done + 1)
}

pub fn bulk_waiting(secs: u32) -> String {
    if secs == 1 {
        "InstaVM asked to slow down: waiting 1 second…".to_owned()
    } else {
        format!("InstaVM asked to slow down: waiting {secs} seconds…")
    }
}

pub fn bulk_summary(r: &Report) -> String {
    let mut parts = Vec::new();
    parts.push(match (r.total, r.replayed) {
        (0, _) if r.stopped.is_none() && !r.interrupted => {
            "No failed delivery matches these filters: nothing to replay.".to_owned()
        }
        (total, n) if n == total => {
            if total == 1 {
                "The failed delivery was replayed.".to_owned()
            } else {
                format!("All {total} failed deliveries were replayed.")
            }
        }
        (total, n) => format!("Replayed {n} of {total} failed deliveries."),
    });
    if !r.missed.is_empty() {
        let n = r.missed.len();
        parts.push(if n == 1 {
            "1 was not replayed or failed again.".to_owned()
        } else {
            format!("{n} were not replayed or failed again.")
        });
    }
    if let Some(e) = &r.stopped {
        parts.push(format!("Stopped: {}", error_text(e)));
    }
    if r.interrupted {
        parts.push("Cancelled.".to_owned());
    }
    if r.cancelled > 0 {
        parts.push(if r.cancelled == 1 {
            "1 was left as it was.".to_owned()
        } else {
            format!("{} were left as they were.", r.cancelled)
        });
    }
    parts.join(" ")
}

/// One line of the report: which delivery, and why.
pub fn miss_text(d: &Delivery, miss: &Miss) -> String {
    let which = format!(
        "{} of {} ({})",
        d.event_type,
        crate::format::shown_time(&d.created_at),
        d.id
    );
    let why = match miss {
        Miss::Error(e) => error_text(e),
        Miss::FailedAgain(Some(reason)) if !reason.is_empty() => {
            format!("replayed, but failed again: “{reason}”")
        }
        Miss::FailedAgain(_) => "replayed, but failed again.".to_owned(),
        Miss::AlreadyReplaying => "skipped: it was already being replayed.".to_owned(),
    };
    format!("{which}: {why}")
}

// Verify a delivery.
pub const VERIFY_TITLE: &str = "Verify a delivery";
pub const VERIFY_INTRO: &str = "Paste what your receiver got: the InstaVM-Signature header and the body, and the endpoint's signing secret. The console checks them in this browser as InstaVM's SDK does: nothing you paste is sent anywhere, and the secret is forgotten when you leave this page.";
pub const VERIFY_HEADER_LABEL: &str = "InstaVM-Signature header";
pub const VERIFY_HEADER_HINT: &str =
    "Its value, t=<time>,v1=<signature>; the header's name in front is fine.";
pub const VERIFY_BODY_LABEL: &str = "Body";
pub const VERIFY_BODY_HINT: &str =
    "The body exactly as received: one changed character changes the signature.";
pub const VERIFY_SECRET_LABEL: &str = "Signing secret";
pub const VERIFY_SECRET_HINT: &str =
    "The endpoint's secret (whsec_…), as shown when it was created or rotated. Never stored.";
pub const SECRET_REQUIRED: &str = "Enter the endpoint's signing secret.";
pub const VERIFYING: &str = "Verifying…";
pub const CLEAR: &str = "Clear";
pub const VERIFY_RESULT: &str = "Result";
pub const CHECK_OK: &str = "Passed:";
pub const CHECK_BAD: &str = "Failed:";
pub const CHECK_SKIPPED: &str = "Not checked:";

pub fn verify_accepted(event_type: Option<&str>) -> String {
    match event_type {
        Some(t) => {
            format!("This delivery is genuine: a receiver should accept it. Its event is {t}.")
        }
        None => "This delivery is genuine: a receiver should accept it.".to_owned(),
    }
}

pub fn verify_rejected(f: &SignatureFailure) -> String {
    format!(
        "A receiver should reject this delivery. The SDK says: “{}”.",
        f.message()
    )
}

/// A check that passed, or was not made after an earlier one failed.
pub fn step_text(step: Step) -> String {
    match step {
        Step::Header => "The InstaVM-Signature header has a t and a v1.".to_owned(),
        Step::Timestamp => format!("Its time is within {TOLERANCE_SECONDS} seconds of now."),
        Step::Signature => {
            "The signature is the HMAC-SHA256 of the time and body with this secret.".to_owned()
        }
        Step::Body => "The body is JSON.".to_owned(),
    }
}

/// The check that failed, in words, after the SDK's own message.
pub fn failure_text(f: &SignatureFailure) -> String {
    let why = match f {
        SignatureFailure::MissingHeader => {
            "No header: paste the value of the InstaVM-Signature header.".to_owned()
        }
        SignatureFailure::MalformedHeader => {
            "The header has no t=<time>: it is not an InstaVM signature.".to_owned()
        }
        SignatureFailure::MissingSignature => {
            "The header has no v1=<signature>: there is nothing to check.".to_owned()
        }
        SignatureFailure::InvalidTimestamp(_) => {
            "The header's t is not a whole number of seconds.".to_owned()
        }
        SignatureFailure::StaleTimestamp { skew, tolerance } => format!(
            "The delivery was signed {skew} seconds away from now, more than the {tolerance} seconds allowed: an old delivery, a replayed one, or a wrong clock."
        ),
        SignatureFailure::InvalidSignature => "The signature does not match: a wrong secret (rotated since?), or a header or body changed on the way.".to_owned(),
        SignatureFailure::InvalidPayload(_) => {
            "The signature matches, but the body is not JSON.".to_owned()
        }
    };
    format!("{why} ({})", f.message())
}

pub fn crypto_error(e: &CryptoError) -> String {
    match e {
        CryptoError::Unavailable => "This browser offers no WebCrypto here (only HTTPS pages and localhost have it), so the signature was not checked.".to_owned(),
        CryptoError::BadKey(m) => format!("The browser refused the secret as an HMAC key ({m}), so the signature was not checked."),
        CryptoError::Failed(m) => format!("The browser could not compute the signature ({m})."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use webhook_rules::instavm::validate::{
        MAX_RETRIES_DEFAULT, MAX_RETRIES_MAX, MAX_RETRIES_MIN, TIMEOUT_SECONDS_DEFAULT,
        TIMEOUT_SECONDS_MAX, TIMEOUT_SECONDS_MIN,
    };

    #[test]
    fn hints_say_the_rules_bounds_and_defaults() {
        let range = format!("from {TIMEOUT_SECONDS_MIN} to {TIMEOUT_SECONDS_MAX}");
        assert!(TIMEOUT_HINT.contains(&range), "{TIMEOUT_HINT}");
        assert!(TIMEOUT_HINT_EDIT.contains(&range));
        assert!(TIMEOUT_HINT.contains(&format!("default, {TIMEOUT_SECONDS_DEFAULT} seconds.")));
        assert_eq!(TIMEOUT_PLACEHOLDER, TIMEOUT_SECONDS_DEFAULT.to_string());
        let range = format!("from {MAX_RETRIES_MIN} to {MAX_RETRIES_MAX}");
        assert!(RETRIES_HINT.contains(&range), "{RETRIES_HINT}");
        assert!(RETRIES_HINT_EDIT.contains(&range));
        assert!(RETRIES_HINT.contains(&format!("default, {MAX_RETRIES_DEFAULT}.")));
        assert_eq!(RETRIES_PLACEHOLDER, MAX_RETRIES_DEFAULT.to_string());
    }

    #[test]
    fn the_header_shows_the_apis_host_never_the_key() {
        assert_eq!(api_host("https://api.instavm.io"), "api.instavm.io");
        assert_eq!(api_host("http://127.0.0.1:8080/x"), "127.0.0.1:8080");
    }

    #[test]
    fn pattern_previews_read_as_sentences() {
        assert_eq!(
            pattern_matches("vm.st*", &["vm.started", "vm.stopped"]),
            "Matches vm.started, vm.stopped."
        );
        assert_eq!(
            pattern_matches("billing.*", &[]),
            "Matches none of the known event types."
        );
        assert_eq!(
            pattern_matches("", &[]),
            "An empty pattern matches no event type."
        );
    }

    #[test]
    fn new_deliveries_read_as_sentences() {
        let d = |status: &str| Delivery {
            status: status.into(),
            ..Default::default()
        };
        assert_eq!(
            test_sent(Some(&d("succeeded"))),
            "Test event sent: the delivery succeeded."
        );
        assert_eq!(
            replayed_one(&Ok(Some(d("pending")))),
            "Replayed: the delivery is pending."
        );
        let mut failed = d("failed");
        failed.last_error = Some("could not resolve host: x.invalid".into());
        assert_eq!(
            replayed_one(&Ok(Some(failed))),
            "Replayed, but the delivery failed again: “could not resolve host: x.invalid”."
        );
    }

    #[test]
    fn a_bulk_report_says_what_happened() {
        let mut r = Report::new(3);
        r.replayed = 3;
        assert_eq!(bulk_summary(&r), "All 3 failed deliveries were replayed.");
        let mut r = Report::new(4);
        r.replayed = 1;
        r.missed.push((Delivery::default(), Miss::AlreadyReplaying));
        r.cancelled = 2;
        r.interrupted = true;
        assert_eq!(
            bulk_summary(&r),
            "Replayed 1 of 4 failed deliveries. 1 was not replayed or failed again. Cancelled. 2 were left as they were."
        );
        assert_eq!(
            bulk_summary(&Report::new(0)),
            "No failed delivery matches these filters: nothing to replay."
        );
    }

    #[test]
    fn signature_failures_say_the_sdks_words_too() {
        let text = failure_text(&SignatureFailure::StaleTimestamp {
            skew: "301".into(),
            tolerance: 300,
        });
        assert!(
            text.starts_with("The delivery was signed 301 seconds away"),
            "{text}"
        );
        assert!(
            text.ends_with("(Signature timestamp outside tolerance (301s > 300s))"),
            "{text}"
        );
    }
}
