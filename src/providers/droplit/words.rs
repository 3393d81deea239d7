//! Every user-facing string of Droplit's console, in one place, ready for translation:
//! plain constants for fixed text, functions for text with values in it; the words all
//! consoles share come from `crate::text`, re-exported here so a view needs one table.
//! Validation messages are the server's own, from the rules crate, word for word; where
//! they alone do not say what to change (`invalid id`, the URL pattern), a sentence
//! follows them.

pub use crate::text::*;

use webhook_rules::Problem;
use webhook_rules::droplit::errors::{code, wire_message};
use webhook_rules::droplit::url::explain_mismatch;
use webhook_rules::droplit::validate::MAX_ID_LEN;
use webhook_rules::droplit::wire::Webhook;

use crate::browser::webcrypto::CryptoError;
use crate::error::ApiError;
use crate::providers::droplit::errors::{Gone, gone};
use crate::providers::droplit::signature::{HEX_LEN, HeaderProblem, InputProblem};

/// How Droplit is named in error sentences.
pub const API: ApiName = ApiName {
    name: "Droplit",
    credentials: "the token",
};

/// One sentence for a person about a failed call. Droplit's plain-text 404s say what is
/// gone; the rest reads as in every console.
pub fn error_text(e: &ApiError) -> String {
    match (gone(e), e) {
        (Some(Gone::Webhook), _) => WEBHOOK_GONE.to_owned(),
        (Some(Gone::Ecosystem), ApiError::NotFound(text)) => ecosystem_gone(text),
        (None, ApiError::NotFound(text)) if !text.is_empty() => {
            format!("Droplit has nothing at this address (HTTP 404: “{text}”).")
        }
        _ => api_error(e, API),
    }
}

pub fn ecosystem_refused(problem: &str) -> String {
    format!("Droplit refused the ecosystem ID: {problem}")
}

pub fn ecosystem_gone(server_text: &str) -> String {
    format!("This ecosystem no longer exists (Droplit: “{server_text}”). Check the ecosystem ID.")
}

/// A problem next to its field: the server's words (for a URL that would hang the
/// server, those Droplit answers if it ever does), then what to change when they do
/// not say. `value` is the field's text now.
pub fn problem_text(p: &Problem, value: &str) -> String {
    crate::text::sentence(&problem_words(p, value))
}

fn problem_words(p: &Problem, value: &str) -> String {
    let words = wire_message(p);
    let then = match (p.code.as_str(), p.field.as_str()) {
        (code::REQUIRED, "url") => Some("enter the address Droplit should call."),
        (code::REQUIRED, "ecosystemId") => Some("enter the ecosystem ID."),
        (code::INVALID_ID, _) => {
            return format!(
                "{words}: an ID is 1 to {MAX_ID_LEN} letters, digits, hyphens (-) or underscores (_)."
            );
        }
        (code::PATTERN | code::HANGS_SERVER, _) => {
            return match explain_mismatch(value) {
                Some(why) => format!("{words} — {why}."),
                None => words,
            };
        }
        _ => None,
    };
    match then {
        Some(then) => format!("{words}: {then}"),
        None => words,
    }
}

/// The name a webhook goes by in headings, buttons and notices: its description, or its
/// URL when it has none (Droplit's webhooks have no name).
pub fn webhook_label(w: &Webhook) -> String {
    match w.description.as_deref().map(str::trim) {
        Some(d) if !d.is_empty() => d.to_owned(),
        _ => w.url.clone(),
    }
}

// Navigation and shell.
pub const NAV_WEBHOOKS: &str = "Webhooks";
pub const NAV_VERIFY: &str = "Verify a delivery";
pub const ECOSYSTEM_LABEL: &str = "Ecosystem";

// Connect.
pub const CONNECT_TITLE: &str = "Connect to your ecosystem";
pub const CONNECT_INTRO: &str = "The token is kept in this tab's memory only: it is never stored, put in the address bar or logged. Closing or reloading the page forgets it.";
pub const FIELD_BASE_URL: &str = "API base URL";
pub const BASE_URL_HINT: &str = "Where the Droplit API is, such as https://ioe.droplit.io. Leave as is when the console is served by the API.";
pub const FIELD_ECOSYSTEM: &str = "Ecosystem ID";
pub const ECOSYSTEM_HINT: &str = "The ecosystem whose webhooks you manage.";
pub const FIELD_TOKEN: &str = "Token";
pub const TOKEN_HINT: &str =
    "An account or server token, sent in the authorization header as it is (without “Bearer”).";
pub const TOKEN_REQUIRED: &str = "Enter a token.";
pub const TOKEN_FROM_HOST: &str = "The portal provides the token.";
pub const SHOW_TOKEN: &str = "Show token";
pub const HIDE_TOKEN: &str = "Hide token";
pub const CONNECT: &str = "Connect";
pub const AUTH_TITLE: &str = "Check your token";
pub const AUTH_BODY: &str = "Droplit refused the request: the token is wrong or expired, or it gives no access to this ecosystem.";

// List.
pub const WEBHOOKS_TITLE: &str = "Webhooks";
pub const CREATE_WEBHOOK: &str = "Create webhook";
pub const LIST_FAILED: &str = "The webhooks could not be loaded.";
pub const LOADING_WEBHOOKS: &str = "Loading webhooks…";
pub const SEARCH_LABEL: &str = "Search webhooks";
pub const SEARCH_PLACEHOLDER: &str = "URL, description or ID";
pub const LIST_CAPTION: &str = "Webhooks of the ecosystem";
pub const COL_STATUS: &str = "Status";
pub const COL_URL: &str = "URL";
pub const COL_DESCRIPTION: &str = "Description";
pub const COL_CREATED: &str = "Created";
pub const COL_ACTIONS: &str = "Actions";
pub const ENABLED: &str = "Enabled";
pub const DISABLED: &str = "Disabled";
pub const ENABLE: &str = "Enable";
pub const DISABLE: &str = "Disable";
pub const NO_DESCRIPTION: &str = "No description";
pub const EMPTY_TITLE: &str = "No webhooks yet";
pub const EMPTY_WHAT: &str = "A webhook is an address of yours that Droplit calls when something happens in this ecosystem. With a secret, each call is signed in its x-droplit-signature header, so that your receiver can tell it comes from Droplit.";
pub const EMPTY_HOW: &str = "Create a webhook with the URL to call and, preferably, a secret.";

pub fn status(disabled: bool) -> &'static str {
    if disabled { DISABLED } else { ENABLED }
}

pub fn showing(shown: usize, matching: usize, total: usize) -> String {
    count_of(shown, matching, total, "webhook", "webhooks")
}

pub fn show_more(n: usize) -> String {
    format!("Show {n} more")
}

pub fn no_match(query: &str) -> String {
    format!("No webhook matches “{}”.", query.trim())
}

/// The toggle's accessible name: what it does, to which webhook.
pub fn toggle_label(disabled: bool, label: &str) -> String {
    if disabled {
        format!("Enable the webhook “{label}”")
    } else {
        format!("Disable the webhook “{label}”")
    }
}

pub fn toggled(label: &str, disabled: bool) -> String {
    if disabled {
        format!("Webhook “{label}” disabled: Droplit no longer calls it.")
    } else {
        format!("Webhook “{label}” enabled: Droplit calls it again.")
    }
}

// Form.
pub const CREATE_INTRO: &str = "Droplit will call the URL when something happens in the ecosystem, and sign each call with the secret if you set one.";
pub const EDIT_WEBHOOK: &str = "Edit webhook";
pub const FIELD_URL: &str = "URL";
pub const URL_PLACEHOLDER: &str = "https://example.com/webhooks/droplit";
pub const URL_HINT: &str = "With http://, https:// or no scheme. It needs a dot with something on each side, as in example.com, and no line break.";
pub const FIELD_DESCRIPTION: &str = "Description";
pub const DESCRIPTION_HINT: &str = "For you: it names the webhook in this console.";
pub const FIELD_SECRET: &str = "Signing secret";
pub const SECRET_HINT_CREATE: &str = "Optional. Droplit signs every call with it, in the x-droplit-signature header. Leave empty for unsigned calls.";
pub const FIELD_NEW_SECRET: &str = "New signing secret";
/// The secret's "before" in the review of a save: Droplit never shows it.
pub const REVIEW_CURRENT_SECRET: &str = "The current secret (never shown)";
pub const REVIEW_NO_SECRET: &str = "None: deliveries are no longer signed";
pub const SECRET_HINT_EDIT: &str =
    "Leave empty to keep the current secret. What you type here replaces it when you save.";
pub const REMOVE_SECRET: &str = "Remove the secret: Droplit stops signing its deliveries";
pub const SHOW_SECRET: &str = "Show signing secret";
pub const HIDE_SECRET: &str = "Hide signing secret";
pub const SAVE_CHANGES: &str = "Save changes";
pub const SAVING: &str = "Saving…";
pub const NOTHING_CHANGED: &str = "Nothing changed: there is nothing to save.";
pub const WARNING: &str = "Warning:";

pub fn edit_title(label: &str) -> String {
    format!("Edit “{label}”")
}

pub fn fix_problems(n: usize) -> String {
    if n == 1 {
        "1 field needs attention before the webhook can be saved.".to_owned()
    } else {
        format!("{n} fields need attention before the webhook can be saved.")
    }
}

pub fn webhook_created(label: &str) -> String {
    format!("Webhook “{label}” created.")
}

pub fn webhook_saved(label: &str) -> String {
    format!("Webhook “{label}” saved.")
}

// Detail.
pub const WEBHOOK: &str = "Webhook";
pub const BACK_TO_LIST: &str = "← All webhooks";
pub const BACK_TO_WEBHOOK: &str = "← Back to the webhook";
pub const LOADING_WEBHOOK: &str = "Loading the webhook…";
pub const WEBHOOK_GONE: &str =
    "This webhook no longer exists: it may have been deleted meanwhile. The list was loaded again.";
pub const EDIT: &str = "Edit";
pub const DELETE: &str = "Delete";
pub const DELETE_WEBHOOK: &str = "Delete webhook";
pub const FIELD_STATUS: &str = "Status";
pub const FIELD_ID: &str = "ID";
pub const FIELD_CREATED: &str = "Created";
pub const SECRET_UNKNOWN: &str = "Not known to this console: Droplit does not send secrets back. To change it, set a new one with Edit.";
pub const SECRET_MASKED: &str = "Signing secret, as a hint";
pub const SECRET_SHOWN: &str = "Signing secret";
pub const SEND_TEST: &str = "Send a test call";
pub const SENDING_TEST: &str = "Sending…";
pub const ACTIONS: &str = "Actions";

pub fn delete_title(label: &str) -> String {
    format!("Delete the webhook “{label}”?")
}

pub fn delete_body(url: &str) -> String {
    format!("Droplit stops calling {url} at once. This cannot be undone.")
}

pub fn webhook_deleted(label: &str) -> String {
    format!("Webhook “{label}” deleted.")
}

pub fn test_sent(url: &str, recorded: bool) -> String {
    if recorded {
        format!("Droplit sent a test call to {url}. The sandbox recorded it below.")
    } else {
        format!("Droplit sent a test call to {url}.")
    }
}

/// A test call to a disabled webhook (409).
pub const TEST_DISABLED: &str = "This webhook is disabled: Droplit calls it for nothing, a test call included, until it is enabled again. Nothing was sent.";

/// A test call refused with a 404 that is not "webhook gone": the server has no such call.
pub const TEST_UNAVAILABLE: &str =
    "This Droplit server offers no test call (HTTP 404): nothing was sent.";

// Recorded deliveries (sandbox only).
pub const DELIVERIES_TITLE: &str = "Recorded deliveries";
pub const DELIVERIES_HELP: &str = "The sandbox makes no outbound calls: it records the calls Droplit would have made. Verify one to check its signature.";
pub const DELIVERIES_FAILED: &str = "The recorded deliveries could not be loaded.";
pub const NO_DELIVERIES: &str = "No deliveries recorded for this webhook yet: send a test call.";
pub const COL_DELIVERY: &str = "Delivery";
pub const COL_SIGNATURE: &str = "Signature";
pub const SIGNED: &str = "Signed";
pub const UNSIGNED: &str = "Not signed";
pub const VERIFY: &str = "Verify";

pub fn verify_delivery_label(id: &str) -> String {
    format!("Verify delivery {id}")
}

// Verify a delivery.
pub const VERIFY_TITLE: &str = "Verify a delivery";
pub const VERIFY_INTRO: &str = "Paste the x-droplit-signature header and the body of a delivery your receiver got, and the webhook's secret. The console computes the HMAC-SHA256 of the body with the secret in this browser: nothing you paste is sent anywhere, and all of it is forgotten when you leave this view.";
pub const FIELD_SIGNATURE: &str = "x-droplit-signature header";
pub const SIGNATURE_HINT: &str =
    "64 hexadecimal characters. The whole header line, with its name, works too.";
pub const FIELD_BODY: &str = "Body";
pub const BODY_HINT: &str =
    "Exactly as received: one changed space or line break changes the signature.";
pub const FIELD_VERIFY_SECRET: &str = "Signing secret";
pub const VERIFY_SECRET_HINT: &str = "The signing secret the webhook was given.";
pub const CHECK_SIGNATURE: &str = "Verify";
pub const CHECKING: &str = "Verifying…";
pub const CLEAR: &str = "Clear";
pub const NOT_CHECKED: &str = "Not checked:";
pub const SIGNATURE_VALID: &str =
    "The signature is valid: this body was signed with this secret. A receiver should accept it.";
pub const SIGNATURE_WRONG: &str = "The signature does not match: the body is not exactly what was signed (one character or line break is enough), or it was signed with another secret. A receiver should reject it.";

pub fn input_problem(p: &InputProblem) -> String {
    match p {
        InputProblem::Header(HeaderProblem::Missing) => "The x-droplit-signature header is missing: paste its value. Droplit sends it only for a webhook that has a secret.".to_owned(),
        InputProblem::Header(HeaderProblem::WrongLength { len }) => format!(
            "The signature is malformed: it has {len} characters, and an HMAC-SHA256 in hexadecimal has {HEX_LEN}."
        ),
        InputProblem::Header(HeaderProblem::NotHex { at, found }) => format!(
            "The signature is malformed: “{found}” at character {at} is not a hexadecimal digit (0–9, a–f)."
        ),
        InputProblem::NoBody => "The body is missing: paste the body of the call, which the signature is computed over.".to_owned(),
        InputProblem::NoSecret => "The signing secret is missing: enter the webhook's signing secret, which the signature is made with.".to_owned(),
    }
}

pub fn crypto_error(e: &CryptoError) -> String {
    match e {
        CryptoError::Unavailable => "This browser offers no WebCrypto here (only HTTPS pages and localhost have it), so the signature was not checked.".to_owned(),
        CryptoError::BadKey(m) => format!("The browser refused the secret as a key ({m}), so the signature was not checked."),
        CryptoError::Failed(m) => format!("The browser could not compute the signature ({m})."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use webhook_rules::droplit::errors::{pattern_message, webhook_not_found};
    use webhook_rules::droplit::validate::validate_create_form;
    use webhook_rules::droplit::wire::WebhookCreate;

    fn url_problem(url: &str) -> Problem {
        let form = WebhookCreate {
            ecosystem_id: "C1".into(),
            url: url.into(),
            ..Default::default()
        };
        validate_create_form(&form).unwrap_err().remove(0)
    }

    #[test]
    fn a_pattern_problem_gives_the_servers_words_then_what_to_change() {
        let text = problem_text(&url_problem("localhost"), "localhost");
        let server = crate::text::sentence(&pattern_message());
        assert!(text.starts_with(server.trim_end_matches('.')), "{text}");
        assert!(text.ends_with("as in example.com."), "{text}");
        let required = problem_text(&url_problem(""), "");
        assert_eq!(
            required,
            "Field is required: enter the address Droplit should call."
        );
    }

    #[test]
    fn a_hanging_url_reads_as_the_servers_pattern_message_next_to_its_field() {
        let url = format!("https://a.b{}\u{2028}", "/x".repeat(22));
        let p = url_problem(&url);
        assert_eq!(p.code, code::HANGS_SERVER);
        let text = problem_text(&p, &url);
        let server = crate::text::sentence(&pattern_message());
        assert!(text.starts_with(server.trim_end_matches('.')), "{text}");
        assert!(text.contains("line break"), "{text}");
        assert!(!text.contains("hang"), "the warning says that: {text}");
    }

    #[test]
    fn the_plain_text_404_reads_as_the_webhook_gone() {
        let e =
            crate::providers::droplit::errors::from_response(404, &webhook_not_found("W1"), None);
        assert!(error_text(&e).starts_with("This webhook no longer exists"));
        let route = ApiError::NotFound("Not Found".into());
        assert_eq!(
            error_text(&route),
            "Droplit has nothing at this address (HTTP 404: “Not Found”)."
        );
        let refused = ApiError::Unauthorized {
            status: 401,
            message: "Unauthorized".into(),
        };
        assert_eq!(
            error_text(&refused),
            "Droplit refused the token (HTTP 401)."
        );
    }

    #[test]
    fn a_webhook_is_named_by_its_description_or_its_url() {
        let mut w = Webhook {
            url: "https://a.b/h".into(),
            description: Some("  ".into()),
            ..Default::default()
        };
        assert_eq!(webhook_label(&w), "https://a.b/h");
        w.description = Some("Orders".into());
        assert_eq!(webhook_label(&w), "Orders");
        assert_eq!(
            toggle_label(false, "Orders"),
            "Disable the webhook “Orders”"
        );
        assert_eq!(toggle_label(true, "Orders"), "Enable the webhook “Orders”");
    }

    #[test]
    fn verifier_failures_say_exactly_what_failed() {
        let missing = input_problem(&InputProblem::Header(HeaderProblem::Missing));
        assert!(missing.contains("header is missing"), "{missing}");
        let short = input_problem(&InputProblem::Header(HeaderProblem::WrongLength {
            len: 12,
        }));
        assert!(
            short.contains("12 characters") && short.contains("64"),
            "{short}"
        );
        let hex = input_problem(&InputProblem::Header(HeaderProblem::NotHex {
            at: 3,
            found: 'z',
        }));
        assert!(hex.contains("“z” at character 3"), "{hex}");
    }
}
