//! Every user-facing string of SlashID's console, in one place, ready for translation:
//! plain constants for fixed text, functions for text with values in it; the words all
//! consoles share come from `crate::text`, re-exported here so a view needs one table.
//! Validation messages are not here: they come from the rules crate, word for word as
//! the server says them. (Family labels of trigger names also come from the rules crate.)

pub use crate::text::*;

use webhook_rules::slashid::consistency::Level;
use webhook_rules::slashid::triggers::TriggerType;

use crate::error::ApiError;
use crate::format::{DurationUnit, split_duration};

/// How SlashID is named in error sentences.
pub const API: ApiName = ApiName {
    name: "SlashID",
    credentials: "the API key or organization ID",
};

/// One sentence for a person about a failed call.
pub fn error_text(e: &ApiError) -> String {
    api_error(e, API)
}

// Navigation and shell.
pub const NAV_WEBHOOKS: &str = "Webhooks";
pub const NAV_KEYS: &str = "Verification keys";
pub const NAV_VERIFY: &str = "Verify a delivery";
pub const NAV_TEST_EVENTS: &str = "Test events";
pub const NAV_SETTINGS: &str = "Consistency";
pub const ORG_LABEL: &str = "Organization";

// Connect.
pub const CONNECT_TITLE: &str = "Connect to your organization";
pub const CONNECT_INTRO: &str = "The API key is kept in this tab's memory only: it is never stored, put in the address bar or logged. Closing or reloading the page forgets it.";
pub const FIELD_BASE_URL: &str = "API base URL";
pub const BASE_URL_HINT: &str = "Where the SlashID API is, such as https://api.slashid.com. Leave as is when the console is served by the API.";
pub const FIELD_ORG_ID: &str = "Organization ID";
pub const ORG_ID_REQUIRED: &str = "Enter the organization ID.";
pub const FIELD_API_KEY: &str = "API key";
pub const API_KEY_HINT: &str =
    "An API key of the organization, sent as the SlashID-API-Key header.";
pub const API_KEY_REQUIRED: &str = "Enter an API key.";
pub const SHOW_KEY: &str = "Show API key";
pub const HIDE_KEY: &str = "Hide API key";
pub const CONNECT: &str = "Connect";
pub const AUTH_TITLE: &str = "Check your API key and organization";
pub const AUTH_BODY: &str = "SlashID refused the request: the API key is wrong, expired, or belongs to another organization than the ID you entered.";

// Embedding (messages for the host's page and its admins).

// List.
pub const WEBHOOKS_TITLE: &str = "Webhooks";
pub const CREATE_WEBHOOK: &str = "Create webhook";
pub const LIST_FAILED: &str = "The webhooks could not be loaded.";
pub const LOADING_WEBHOOKS: &str = "Loading webhooks…";
pub const SEARCH_LABEL: &str = "Search webhooks";
pub const SEARCH_PLACEHOLDER: &str = "Name, URL or description";
pub const LIST_CAPTION: &str = "Webhooks of the organization";
pub const COL_NAME: &str = "Name";
pub const COL_TARGET_URL: &str = "Target URL";
pub const COL_TIMEOUT: &str = "Timeout";
pub const COL_TRIGGERS: &str = "Triggers";
pub const TRIGGERS_UNKNOWN: &str = "Not counted: open the webhook to see its triggers.";
pub const COUNTING_TRIGGERS: &str = "Counting…";
pub const EMPTY_TITLE: &str = "No webhooks yet";
pub const EMPTY_WHAT: &str = "A webhook is an HTTPS address of yours that SlashID calls when something happens in your organization: a person signs up, a token is minted, a role changes. Each call is a signed JWT you can verify.";
pub const EMPTY_HOW: &str = "Create a webhook with the URL to call, then add the triggers (events or synchronous hooks) it should receive.";

pub fn showing(shown: usize, matching: usize, total: usize) -> String {
    count_of(shown, matching, total, "webhook", "webhooks")
}

pub fn show_more(n: usize) -> String {
    format!("Show {n} more")
}

pub fn no_match(query: &str) -> String {
    format!("No webhook matches “{}”.", query.trim())
}

/// The list's timeout cell: the duration in words, or "Default" for `0s`.
pub fn timeout_cell(go: &str) -> String {
    match webhook_rules::slashid::timeout::check(go) {
        Ok(0) => "Default".to_owned(),
        Ok(nanos) => human_duration(nanos),
        Err(_) => go.to_owned(),
    }
}

// Form.
pub const CREATE_INTRO: &str = "SlashID will call the target URL with a signed JWT whenever one of the webhook's triggers fires.";
pub const EDIT_WEBHOOK: &str = "Edit webhook";
pub const FIELD_NAME: &str = "Name";
pub const NAME_HINT: &str = "For you: names need not be unique.";
pub const FIELD_TARGET_URL: &str = "Target URL";
pub const TARGET_URL_PLACEHOLDER: &str = "https://example.com/webhooks/slashid";
pub const TARGET_URL_HINT: &str = "HTTPS, a domain name (not localhost or an IP address), no query or fragment. Unique in the organization.";
pub const FIELD_DESCRIPTION: &str = "Description";
pub const FIELD_TIMEOUT: &str = "Timeout";
pub const FIELD_ID: &str = "ID";
pub const TIMEOUT_PLACEHOLDER: &str = "e.g. 5s or 1500ms";
pub const SAVE_CHANGES: &str = "Save changes";
pub const SAVING: &str = "Saving…";
pub const NOTHING_CHANGED: &str = "Nothing changed: there is nothing to save.";
pub const TIMEOUT_408: &str = "SlashID did not confirm the change in time. The change may still be applied: refresh in a moment before trying again, so as not to make it twice.";

pub fn edit_title(name: &str) -> String {
    format!("Edit “{name}”")
}

pub fn fix_problems(n: usize) -> String {
    if n == 1 {
        "1 field needs attention before the webhook can be saved.".to_owned()
    } else {
        format!("{n} fields need attention before the webhook can be saved.")
    }
}

pub fn webhook_created(name: &str) -> String {
    format!("Webhook “{name}” created. Add triggers so that it receives calls.")
}

pub fn webhook_saved(name: &str) -> String {
    format!("Webhook “{name}” saved.")
}

/// A rules message followed by the webhook it concerns: `… (“Billing” uses it)`. The
/// message itself stays word for word the rules' (and the server's).
pub fn used_by(message: &str, webhook: &str) -> String {
    format!("{message} (“{webhook}” uses it)")
}

/// The form's hint; the defaults are said once, below it, while the field is empty
/// (`timeout_means_default`).
pub fn timeout_help(max: i64) -> String {
    format!(
        "A duration such as 5s, 1.5s or 500ms, up to {}. Leave it empty for the defaults.",
        human_duration(max)
    )
}

pub fn timeout_means(nanos: i64) -> String {
    format!("= {}", human_duration(nanos))
}

pub fn timeout_means_default(sync_default: i64, event_default: i64) -> String {
    format!(
        "Defaults: {} for synchronous hooks, {} for events.",
        human_duration(sync_default),
        human_duration(event_default)
    )
}

/// The detail view's timeout, in words.
pub fn timeout_detail(go: &str) -> String {
    if go == "0s" {
        "Default (2 seconds for synchronous hooks, 10 seconds for events)".to_owned()
    } else {
        timeout_cell(go)
    }
}

/// `1_500_000_000` → "1.5 seconds".
pub fn human_duration(nanos: i64) -> String {
    let (n, unit) = split_duration(nanos);
    let one = n == "1";
    let word = match (unit, one) {
        (DurationUnit::Second, true) => "second",
        (DurationUnit::Second, false) => "seconds",
        (DurationUnit::Millisecond, true) => "millisecond",
        (DurationUnit::Millisecond, false) => "milliseconds",
        (DurationUnit::Microsecond, true) => "microsecond",
        (DurationUnit::Microsecond, false) => "microseconds",
        (DurationUnit::Nanosecond, true) => "nanosecond",
        (DurationUnit::Nanosecond, false) => "nanoseconds",
    };
    format!("{n} {word}")
}

// Headers.
pub const HEADERS_LEGEND: &str = "Custom headers";
pub const HEADERS_HELP: &str = "Sent with every call to the target URL, such as a shared secret. Values are encrypted at rest and shown here only as hints.";
pub const HEADERS_NONE: &str = "No custom headers.";
pub const HEADERS_ADD: &str = "Add header";
pub const HEADER_NAME: &str = "Header name";
pub const HEADER_NAME_PLACEHOLDER: &str = "X-Webhook-Secret";
pub const HEADER_VALUE_PLACEHOLDER: &str = "Value";
pub const HEADER_ADD_VALUE: &str = "Add value";
pub const HEADER_REMOVE: &str = "Remove header";
pub const HEADER_VALUE_KEPT: &str = "kept as stored";
pub const HEADER_VALUE_REPLACE: &str = "Replace";
pub const HEADER_VALUE_REMOVE: &str = "Remove";
pub const HEADER_VALUE_KEEP_ORIGINAL: &str = "Keep stored value";
pub const HEADER_VALUE_WILL_BE_REMOVED: &str = "will be removed on save";
pub const UNDO: &str = "Undo";

pub fn header_values_label(name: &str) -> String {
    if name.is_empty() {
        "Values of the new header".to_owned()
    } else {
        format!("Values of {name}")
    }
}

/// A header in the review of a save: `Header X-Api-Key`.
pub fn header_field(name: &str) -> String {
    format!("Header {name}")
}

/// After [`CONFLICT_INTRO`]: what Overwrite does to headers.
pub const CONFLICT_HEADERS: &str =
    "If you changed a header, Overwrite saves the whole header set as your form shows it.";

pub fn header_value_label(name: &str) -> String {
    if name.is_empty() {
        "Header value".to_owned()
    } else {
        format!("Value of {name}")
    }
}

/// What a header value's Show/Hide button reveals: `value of X-Key`.
pub fn header_value_of(name: &str) -> String {
    if name.is_empty() {
        "header value".to_owned()
    } else {
        format!("value of {name}")
    }
}

pub fn header_remove_label(name: &str) -> String {
    if name.is_empty() {
        "Remove this header".to_owned()
    } else {
        format!("Remove header {name}")
    }
}

pub fn header_value_remove_label(name: &str) -> String {
    if name.is_empty() {
        "Remove this value".to_owned()
    } else {
        format!("Remove this value of {name}")
    }
}

// Detail.
pub const WEBHOOK: &str = "Webhook";
pub const BACK_TO_LIST: &str = "← All webhooks";
pub const BACK_TO_WEBHOOK: &str = "← Back to the webhook";
pub const LOADING_WEBHOOK: &str = "Loading the webhook…";
pub const WEBHOOK_GONE: &str = "This webhook no longer exists: it may have been deleted meanwhile.";
pub const NO_DESCRIPTION: &str = "No description";
pub const EDIT: &str = "Edit";
pub const DELETE: &str = "Delete";
pub const DELETE_WEBHOOK: &str = "Delete webhook";

pub fn delete_title(name: &str) -> String {
    format!("Delete the webhook “{name}”?")
}

pub fn delete_body(name: &str, triggers: Option<usize>) -> String {
    let what = match triggers {
        Some(0) => "It has no triggers.".to_owned(),
        Some(1) => "Its trigger is deleted with it.".to_owned(),
        Some(n) => format!("Its {n} triggers are deleted with it."),
        None => "Its triggers are deleted with it.".to_owned(),
    };
    format!("SlashID stops calling “{name}” at once. {what} This cannot be undone.")
}

pub fn webhook_deleted(name: &str) -> String {
    format!("Webhook “{name}” and its triggers were deleted.")
}

// Triggers.
pub const TRIGGERS_TITLE: &str = "Triggers";
pub const TRIGGERS_HELP: &str = "What makes SlashID call this webhook: events (asynchronous notifications) or synchronous hooks (SlashID waits for the answer).";
pub const LOADING_TRIGGERS: &str = "Loading triggers…";
pub const TRIGGERS_FAILED: &str = "The triggers could not be loaded.";
pub const NO_TRIGGERS: &str =
    "No triggers: this webhook is never called. Use “Add triggers” to choose what it receives.";
pub const ADD_TRIGGERS: &str = "Add triggers";
pub const CLOSE_PICKER: &str = "Close";
pub const REMOVE: &str = "Remove";
pub const REMOVE_TRIGGER: &str = "Remove trigger";
pub const REMOVE_TRIGGER_TITLE: &str = "Remove this trigger?";
pub const TRIGGER_TYPE: &str = "Trigger type";
pub const TRIGGER_SEARCH: &str = "Search trigger names";
pub const TRIGGER_SEARCH_PLACEHOLDER: &str = "e.g. Person or token";
pub const ALREADY_ADDED: &str = "added";
pub const ADDING: &str = "Adding…";

pub fn trigger_type_label(t: TriggerType) -> &'static str {
    match t {
        TriggerType::Event => "Event",
        TriggerType::SyncHook => "Synchronous hook",
    }
}

/// A trigger's type as the picker names it (`sync_hook` -> "Synchronous hook"); a type
/// this console does not know, as the API wrote it.
pub fn trigger_badge(wire: &str) -> String {
    TriggerType::parse(wire).map_or_else(|| wire.to_owned(), |t| trigger_type_label(t).to_owned())
}

pub fn no_trigger_match(q: &str) -> String {
    format!("No trigger name matches “{}”.", q.trim())
}

pub fn add_triggers(n: usize) -> String {
    match n {
        0 => "Add triggers".to_owned(),
        1 => "Add 1 trigger".to_owned(),
        n => format!("Add {n} triggers"),
    }
}

pub fn group_count(selected: usize, total: usize) -> String {
    if selected == 0 {
        format!("({total})")
    } else {
        format!("({selected} of {total} selected)")
    }
}

pub fn trigger_remove_label(name: &str) -> String {
    format!("Remove trigger {name}")
}

pub fn remove_trigger_body(trigger: &str, webhook: &str) -> String {
    format!("“{webhook}” will no longer be called for {trigger}.")
}

pub fn trigger_removed(name: &str) -> String {
    format!("Trigger {name} removed.")
}

/// The outcome of adding several triggers, one POST each. A trigger whose POST may or
/// may not have been applied (408, no answer, unreadable answer) is not called "not
/// added": the list of triggers is loaded again, and shows it if it was.
pub fn triggers_added(added: &[String], failed: &[(String, ApiError)]) -> String {
    let mut out = match added.len() {
        0 => String::new(),
        1 => format!("Added {}.", added[0]),
        n => format!("Added {n} triggers: {}.", added.join(", ")),
    };
    let mut push = |text: String| {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&text);
    };
    let (unsure, refused): (Vec<_>, Vec<_>) =
        failed.iter().partition(|(_, e)| e.may_have_applied());
    if !refused.is_empty() {
        let parts: Vec<String> = refused
            .iter()
            .map(|(name, e)| format!("{name} ({})", error_text(e)))
            .collect();
        push(format!("Not added: {}.", parts.join("; ")));
    }
    if !unsure.is_empty() {
        let names: Vec<&str> = unsure.iter().map(|(name, _)| name.as_str()).collect();
        push(format!(
            "Not confirmed: {}. SlashID may or may not have added them; the triggers below were loaded again, check them before adding again.",
            names.join(", ")
        ));
    }
    out
}

// Verification keys.
pub const KEYS_TITLE: &str = "Verification keys";
pub const KEYS_INTRO: &str = "Every delivery SlashID sends to a webhook is a JWT signed with one of these ES256 (P-256) keys. Your receiver verifies each delivery with them.";
pub const KEYS_URL: &str = "JWKS URL:";
pub const LOADING_KEYS: &str = "Loading the verification keys…";
pub const KEYS_FAILED: &str = "The verification keys could not be loaded.";
pub const COL_KID: &str = "Key ID (kid)";
pub const COL_ALG: &str = "Algorithm";
pub const COL_CURVE: &str = "Curve";
pub const COL_USE: &str = "Use";
pub const COL_ACTIONS: &str = "Actions";
pub const COPY_URL: &str = "Copy URL";
pub const COPY_KID: &str = "Copy kid";
pub const COPY_KEY: &str = "Copy key";
pub const COPY_JWKS: &str = "Copy the whole JWKS";
pub const COPY_FAILED: &str = "The browser did not allow copying: select the text instead.";
pub const WHAT_URL: &str = "JWKS URL";
pub const WHAT_KID: &str = "Key ID";
pub const WHAT_KEY: &str = "Key";
pub const WHAT_JWKS: &str = "JWKS";
pub const VERIFY_TITLE: &str = "How to verify a delivery";
pub const VERIFY_STEP_1: &str = "The request body is a JWT. Read the kid from its header and take the key with that kid from this JWKS (cache it; fetch again when a kid is unknown).";
pub const VERIFY_STEP_2: &str = "Verify the ES256 signature with that key, using your JWT library; reject anything else, including alg \"none\".";
pub const VERIFY_STEP_3: &str = "Check the claims: aud is your organization ID, exp is in the future, target_url is your receiver's URL.";
pub const VERIFY_STEP_4: &str = "Use jti to ignore a call you already handled; trigger_type, trigger_name and trigger_content say what happened.";

pub fn copied(what: &str) -> String {
    format!("{what} copied.")
}

// Verify a delivery.
pub const VERIFY_DELIVERY_TITLE: &str = "Verify a delivery";
pub const VERIFY_DELIVERY_INTRO: &str = "Paste the body of a delivery your receiver got (a JWT). The console checks its signature against the organization's verification keys, in this browser, and compares its claims with the organization: nothing you paste is sent anywhere.";
pub const VERIFY_INPUT_LABEL: &str = "Received body (JWT)";
pub const VERIFY_INPUT_HINT: &str = "Three base64url parts separated by dots, starting with eyJ.";
pub const VERIFY_BUTTON: &str = "Verify";
pub const VERIFYING: &str = "Verifying…";
pub const CLEAR: &str = "Clear";
pub const VERIFY_RESULT: &str = "Result";
pub const VERIFY_SUMMARY_OK: &str =
    "This delivery is genuine and meant for this organization: a receiver should accept it.";
pub const VERIFY_SUMMARY_BAD: &str = "A receiver should reject this call:";
pub const DECODED_HEADER: &str = "Header";
pub const DECODED_CLAIMS: &str = "Claims";
pub const CHECK_OK: &str = "Passed:";
pub const CHECK_BAD: &str = "Failed:";
pub const SIG_CHECKING: &str = "Checking the signature…";
pub const WEBHOOKS_NOT_COMPARED: &str =
    "The organization's webhooks could not be loaded: target_url and webhook_id were not compared.";

pub fn signature_valid(kid: &str) -> String {
    format!("Signature valid, made with the organization's key {kid}.")
}

pub fn signature_invalid(kid: &str) -> String {
    format!("Signature invalid for the key {kid}: the token was altered or signed by someone else.")
}

pub fn key_problem(p: &webhook_rules::slashid::delivery::KeyProblem) -> String {
    use webhook_rules::slashid::delivery::KeyProblem;
    match p {
        KeyProblem::NoKid => {
            "The header names no key (no kid): the signature cannot be checked.".to_owned()
        }
        KeyProblem::NoKeyWithKid(kid) => format!(
            "No key with this kid ({kid}) in the organization's verification keys: signed by another organization, or with a key that was rotated away."
        ),
        KeyProblem::NotP256(kid) => {
            format!("The key {kid} is not an EC P-256 key: it cannot check an ES256 signature.")
        }
    }
}

pub fn keys_recent(kid: &str) -> String {
    format!(
        "No key with this kid ({kid}) in the verification keys, fetched again less than a minute ago. If a key was just rotated, verify again in a minute."
    )
}

pub fn keys_unavailable(e: &ApiError) -> String {
    format!(
        "The verification keys could not be loaded, so the signature was not checked. {}",
        error_text(e)
    )
}

pub fn crypto_error(e: &crate::browser::webcrypto::CryptoError) -> String {
    use crate::browser::webcrypto::CryptoError;
    match e {
        CryptoError::Unavailable => "This browser offers no WebCrypto here (only HTTPS pages and localhost have it), so the signature was not checked.".to_owned(),
        CryptoError::BadKey(m) => format!("The browser refused the verification key ({m}), so the signature was not checked."),
        CryptoError::Failed(m) => format!("The browser could not check the signature ({m})."),
    }
}

fn part_name(part: webhook_rules::slashid::delivery::Part) -> &'static str {
    use webhook_rules::slashid::delivery::Part;
    match part {
        Part::Header => "header (first part)",
        Part::Claims => "claims (second part)",
        Part::Signature => "signature (third part)",
    }
}

/// A character as the admin can find it: `“%”`, or `U+0009` for one that does not show
/// (no `escape_debug`: its tables of printable characters cost 4 KB of wasm).
fn shown_char(c: char) -> String {
    if c.is_ascii_graphic() {
        format!("“{c}”")
    } else {
        format!("U+{:04X}", c as u32)
    }
}

/// Why a pasted text cannot be verified at all.
pub fn parse_error(e: &webhook_rules::slashid::delivery::ParseError) -> String {
    use webhook_rules::slashid::delivery::{JsonProblem, ParseError, SIGNATURE_LEN};
    match e {
        ParseError::Empty => "Paste the body of a delivery first.".to_owned(),
        ParseError::NotThreeParts { parts } => {
            format!("Not a JWT: a JWT has three parts separated by dots, this text has {parts}.")
        }
        ParseError::BadBase64 { part, at, found } => format!(
            "Not a JWT: the {} is not base64url: {} at character {} is not allowed (only A–Z, a–z, 0–9, - and _).",
            part_name(*part),
            shown_char(*found),
            at + 1
        ),
        ParseError::TruncatedBase64 { part } => format!(
            "Not a JWT: the {} is not base64url: it is one character too long or too short (cut off when copied?).",
            part_name(*part)
        ),
        ParseError::BadJson { part, problem } => {
            let why = match problem {
                JsonProblem::NotUtf8 => "it is not UTF-8 text".to_owned(),
                JsonProblem::Syntax { line, column } => {
                    format!("it is not valid JSON at line {line}, column {column}")
                }
                JsonProblem::Shape { line, column } => format!(
                    "it is not an object, or a claim has the wrong type, at line {line}, column {column}"
                ),
            };
            format!(
                "Not a delivery: the {} is not the JSON object it must be: {why}.",
                part_name(*part)
            )
        }
        ParseError::AlgNotEs256 { alg: Some(alg) } => format!(
            "Not a SlashID delivery: it is signed with “{}”, and SlashID signs only with ES256. Never accept another algorithm.",
            alg
        ),
        ParseError::AlgNotEs256 { alg: None } => {
            "Not a SlashID delivery: its header names no algorithm (alg); SlashID signs with ES256."
                .to_owned()
        }
        ParseError::BadSignatureLength { len } => format!(
            "The signature is {len} bytes; an ES256 signature in a JWT is {SIGNATURE_LEN} bytes (r and s, not DER-encoded)."
        ),
    }
}

fn in_future(what: &str, at: i64) -> String {
    format!(
        "{what}{}, more than {} seconds ahead (the clock leeway): a receiver must reject it.",
        crate::format::sentence_time_unix(at),
        webhook_rules::slashid::delivery::CLOCK_LEEWAY_SECS
    )
}

/// One claim check, as a sentence.
pub fn finding(f: &webhook_rules::slashid::delivery::Finding) -> String {
    use crate::format::sentence_time_unix;
    use webhook_rules::slashid::delivery::Finding;
    match f {
        Finding::MissingClaim(c) => {
            format!("The claim {c} is missing: every SlashID delivery carries it.")
        }
        Finding::AudienceMatches { .. } => {
            "The audience (aud) is this organization's ID.".to_owned()
        }
        Finding::AudienceDiffers { aud, org_id } => format!(
            "The audience (aud) is “{}”, not this organization's ID ({org_id}): the call is meant for another organization.",
            aud
        ),
        Finding::TargetMatches { name, .. } => {
            format!("The target URL (target_url) is the URL of the webhook “{name}”.")
        }
        Finding::TargetUnknown { target_url } => {
            format!(
                "The target URL (target_url), {target_url}, is the URL of none of the organization's webhooks."
            )
        }
        Finding::WebhookIdMatches { name } => {
            format!("The webhook ID (webhook_id) is the ID of “{name}”.")
        }
        Finding::WebhookIdDiffers {
            claimed,
            expected,
            name,
        } => format!(
            "The webhook ID (webhook_id) is “{}”, but “{name}” (whose URL this is) has the ID {expected}.",
            claimed
        ),
        Finding::WebhookIdElsewhere { name, target_url } => {
            format!(
                "The webhook ID (webhook_id) is the ID of “{name}”, whose target URL is now {target_url}."
            )
        }
        Finding::WebhookIdUnknown { claimed } => {
            format!(
                "The webhook ID (webhook_id), {claimed}, is the ID of none of the organization's webhooks."
            )
        }
        Finding::NotExpired { exp } => {
            format!("Not expired: valid until {}.", sentence_time_unix(*exp))
        }
        Finding::Expired { exp } => format!(
            "Expired at {}: a receiver must reject it now (a recorded delivery expires a few minutes after it was made).",
            sentence_time_unix(*exp)
        ),
        Finding::IssuerDiffers { iss } => format!(
            "The issuer (iss) is “{}”, not SlashID ({}).",
            iss,
            webhook_rules::slashid::delivery::ISSUER
        ),
        Finding::IssuedInFuture { iat } => {
            in_future("Issued in the future: its issue time (iat) is ", *iat)
        }
        Finding::NotYetValid { nbf } => {
            in_future("Not valid yet: its start of validity (nbf) is ", *nbf)
        }
    }
}

// Recorded deliveries (sandbox only).
pub const DELIVERIES_TITLE: &str = "Recorded deliveries";
pub const DELIVERIES_HELP: &str = "The sandbox makes no outbound calls: it records the calls SlashID would have made, newest first. Verify one to see what your receiver would get.";
pub const DELIVERIES_FAILED: &str = "The recorded deliveries could not be loaded.";
pub const NO_DELIVERIES: &str =
    "No deliveries recorded yet: send a test event for one of this webhook's event triggers.";
pub const NO_DELIVERIES_ANY: &str =
    "No deliveries recorded yet: send a test event that one of your webhooks has as a trigger.";
pub const COL_TRIGGER: &str = "Trigger";
pub const COL_WEBHOOK: &str = "Webhook";

pub fn verify_delivery_label(trigger: &str, time: &str) -> String {
    format!(
        "Verify the {trigger} delivery of {}",
        crate::format::shown_time(time)
    )
}

/// An RFC 3339 time as `2025-01-02 03:04:05 UTC` (the sandbox records UTC); other text
/// as it is.
pub use crate::format::time_text as recorded_time;

pub fn show_more_deliveries(n: usize) -> String {
    format!("Show {n} more")
}

// Test events.
pub const TEST_EVENTS_TITLE: &str = "Send test events";
pub const EVENT_NAME: &str = "Event";
pub const EVENT_COUNT: &str = "Count";
pub const COL_EVENT_ID: &str = "Event ID";
pub const COL_TIMESTAMP: &str = "Time";
pub const ADD_EVENT: &str = "Add another event";
pub const SEND_TEST_EVENTS: &str = "Send test events";
pub const SENDING: &str = "Sending…";

pub fn test_events_intro(per_minute: u32, burst: u32) -> String {
    format!(
        "SlashID generates the events and delivers them to the webhooks whose triggers match, marked as test events. Limit: {per_minute} events a minute, {burst} at once."
    )
}

pub fn test_events_sent(n: usize) -> String {
    if n == 1 {
        "1 test event sent.".to_owned()
    } else {
        format!("{n} test events sent.")
    }
}

// Consistency.
pub const SETTINGS_TITLE: &str = "Consistency";
pub const CONSISTENCY_INTRO: &str = "How far a change (create, edit, delete, triggers) must have spread before SlashID answers. If it has not in time, SlashID answers 408 and the change may still be applied later.";
pub const CONSISTENCY_LEVEL: &str = "Required consistency";
pub const CONSISTENCY_TIMEOUT: &str = "Consistency timeout (seconds)";
pub const SAVE_SETTINGS: &str = "Use these settings";
pub const SETTINGS_SAVED: &str = "Changes will now ask for this consistency.";

pub fn level_help(level: Level) -> &'static str {
    match level {
        Level::LocalRegion => "the region that handled the request (default, fastest)",
        Level::AllRegions => {
            "every region (slower; a change is visible everywhere when SlashID answers)"
        }
    }
}

pub fn consistency_timeout_hint(min: u32, max: u32, default: u32) -> String {
    format!("A whole number of seconds from {min} to {max}. The default is {default} seconds.")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trigger_types_are_badged_with_the_pickers_names() {
        assert_eq!(trigger_badge("event"), "Event");
        assert_eq!(trigger_badge("sync_hook"), "Synchronous hook");
        assert_eq!(trigger_badge("webhook_v2"), "webhook_v2");
    }

    #[test]
    fn human_durations_read_naturally() {
        assert_eq!(human_duration(1_500_000_000), "1.5 seconds");
        assert_eq!(human_duration(1_000_000_000), "1 second");
        assert_eq!(human_duration(20_000_000_000), "20 seconds");
        assert_eq!(human_duration(500_000_000), "500 milliseconds");
    }

    #[test]
    fn triggers_without_a_confirmation_are_not_called_not_added() {
        let text = triggers_added(
            &["PersonCreated_v1".into()],
            &[
                (
                    "PersonDeleted_v1".into(),
                    ApiError::Network("x".into()).of_change(),
                ),
                (
                    "TokenMinted_v1".into(),
                    ApiError::Server {
                        status: 500,
                        message: String::new(),
                    },
                ),
            ],
        );
        assert!(text.starts_with("Added PersonCreated_v1. Not added: TokenMinted_v1 (SlashID had a problem (HTTP 500)"), "{text}");
        assert!(text.contains("Not confirmed: PersonDeleted_v1."), "{text}");
    }

    #[test]
    fn recorded_times_read_as_utc() {
        assert_eq!(
            recorded_time("2025-01-02T03:04:05.123456Z"),
            "2025-01-02 03:04:05 UTC"
        );
        assert_eq!(
            recorded_time("2025-01-02T03:04:05Z"),
            "2025-01-02 03:04:05 UTC"
        );
        assert_eq!(recorded_time("yesterday"), "yesterday");
    }

    #[test]
    fn list_shows_default_for_zero_timeout() {
        assert_eq!(timeout_cell("0s"), "Default");
        assert_eq!(timeout_cell("1.5s"), "1.5 seconds");
        assert_eq!(timeout_cell("1500ms"), "1.5 seconds");
        assert_eq!(timeout_detail("20s"), "20 seconds");
        assert!(
            !timeout_help(20_000_000_000).contains("synchronous"),
            "defaults said once"
        );
    }
}
