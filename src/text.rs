//! The words every provider's console shares: the shell, the widgets, and how an API
//! error reads. Each provider's own words (`providers/<api>/words.rs`) re-export these
//! beside its own, so a view needs one table. Validation messages are not here: they come
//! from the rules crate, word for word as the server says them.

use crate::error::{ApiError, NotSent};

pub const APP_NAME: &str = "Webhook Console";

// Shell.
pub const NAV_LABEL: &str = "Console sections";
pub const CHANGE_CONNECTION: &str = "Change connection";
pub const DISMISS: &str = "Dismiss";
pub const BACK_TO_CONNECTION: &str = "Back to the connection form";

// Widgets.
/// The toggle of a long message shown on three lines.
pub const SHOW_ALL: &str = "Show all";
pub const SHOW_LESS: &str = "Show less";
pub const RETRY: &str = "Retry";
pub const CANCEL: &str = "Cancel";
pub const SHOW: &str = "Show";
pub const HIDE: &str = "Hide";

/// The name of a button acting on one value among several: `Show value of X-Key`,
/// `Copy kid 7f3a`.
pub fn reveal_label(word: &str, of: &str) -> String {
    join(&[word, " ", of])
}
pub const WORKING: &str = "Working…";
pub const REFRESH: &str = "Refresh";
pub const REFRESHING: &str = "Refreshing…";
pub const REFRESH_LIST: &str = "Refresh the list";

// The review before a save, and a change made meanwhile by someone else (`ui::review`).
pub const REVIEW_FIELD: &str = "Field";
/// A value that is not there (added, or removed).
pub const REVIEW_NONE: &str = "(none)";
pub const REVIEW_EMPTY: &str = "(empty)";
pub const REVIEW_TITLE: &str = "Review your changes";
pub const REVIEW_INTRO: &str = "Saving makes these changes. Secret values show as hints. Back returns to the form with everything you typed.";
pub const REVIEW_NOW: &str = "Stored now";
pub const REVIEW_AFTER: &str = "After saving";
pub const REVIEW_CONFIRM: &str = "Confirm and save";
pub const REVIEW_BACK: &str = "Back to the form";
pub const REVIEW_NEW_TITLE: &str = "Review before creating";
pub const REVIEW_NEW_INTRO: &str = "Creating stores these values. Secret values show as hints. Back returns to the form with everything you typed.";
pub const REVIEW_VALUE: &str = "Value";
pub const REVIEW_CREATE: &str = "Confirm and create";
pub const CONFLICT_TITLE: &str = "Changed by someone else";
pub const CONFLICT_INTRO: &str = "Since you opened the form, someone changed these fields. Reload takes the stored version of these fields: your edits to them are replaced, your other edits are kept, and you review again. Overwrite saves your version of every field you changed, replacing theirs.";
pub const CONFLICT_OPENED: &str = "When you opened the form";
pub const CONFLICT_RELOAD: &str = "Reload these fields";
pub const CONFLICT_OVERWRITE: &str = "Overwrite with my version";
pub const CONFLICT_RELOADED: &str = "The fields changed meanwhile now show the stored version; your other edits are kept. Save again to review them.";
/// A list's count: `3 webhooks`, `Showing 50 of 120 webhooks`, `Showing 2 of 2
/// matching, 9 in all`; with no match, only how many there are (the list says no match).
pub fn count_of(shown: usize, matching: usize, total: usize, one: &str, many: &str) -> String {
    let n = |n: usize| join(&[&n.to_string(), " ", if n == 1 { one } else { many }]);
    if matching == total || matching == 0 {
        if shown == total || matching == 0 {
            let mut text = n(total);
            if matching == 0 && total > 0 {
                text.push_str(" in all");
            }
            text
        } else {
            join(&["Showing ", &shown.to_string(), " of ", &n(total)])
        }
    } else {
        join(&[
            "Showing ",
            &shown.to_string(),
            " of ",
            &matching.to_string(),
            " matching, ",
            &total.to_string(),
            " in all",
        ])
    }
}

// The API base URL of a connect form (`browser::dom::base_url`).
pub const BASE_URL_NOT_A_URL: &str =
    "Enter a whole URL, such as https://api.example.com, or leave the field empty.";
pub const BASE_URL_NOT_HTTP: &str =
    "The URL must start with https:// (or http:// for a local API).";
pub const BASE_URL_CREDENTIALS: &str =
    "Remove the name and password before the @: browsers do not send requests to such addresses.";
pub const BASE_URL_QUERY: &str =
    "Remove the part from the ? or the #: the console adds the API's paths to this address.";

// After a failed change.
/// After a change that got no answer, or an unreadable one (like a 408).
pub const UNCONFIRMED: &str = "the change may or may not have been applied. Refresh before sending it again, so as not to make it twice.";
pub const TYPED_KEPT: &str = "What you typed is kept.";
pub const NOTHING_LOST: &str = "Nothing you typed was lost: fix the problem and send again.";

/// A rule's message as a sentence of its own, beside a field: a capital first and a
/// full stop last (`must use HTTPS` -> `Must use HTTPS.`). Inside a longer sentence
/// ("SlashID rejected the request: ...") the message stays as the API words it.
pub fn sentence(message: &str) -> String {
    let mut text = String::with_capacity(message.len() + 1);
    let mut chars = message.chars();
    if let Some(first) = chars.next() {
        text.push(first.to_ascii_uppercase());
        text.push_str(chars.as_str());
    }
    if !text.ends_with(['.', '!', '?', '…']) && !text.is_empty() {
        text.push('.');
    }
    text
}

/// How one API is named in the sentences below.
#[derive(Clone, Copy, Debug)]
pub struct ApiName {
    /// `SlashID`, `InstaVM`, `Droplit`.
    pub name: &'static str,
    /// What a 401/403 refused: `the API key or organization ID`.
    pub credentials: &'static str,
}

/// The pieces one after the other: one small function for every sentence below, where
/// `format!` or `concat` would each add their own code to the download.
fn join(parts: &[&str]) -> String {
    let mut text = String::new();
    for part in parts {
        text.push_str(part);
    }
    text
}

/// One sentence for a person, about a call to `api` that failed.
pub fn api_error(e: &ApiError, api: ApiName) -> String {
    let name = api.name;
    match e {
        ApiError::Unauthorized { status, .. } => join(&[
            name,
            " refused ",
            api.credentials,
            " (HTTP ",
            &status.to_string(),
            ").",
        ]),
        ApiError::NotFound(_) => "Not found: it may have been deleted meanwhile.".to_owned(),
        ApiError::Validation(p) | ApiError::Conflict(p) => {
            let mut text = join(&[name, " rejected the request"]);
            if p.is_empty() {
                text.push('.');
            }
            for (i, problem) in p.iter().enumerate() {
                text.push_str(if i == 0 { ": " } else { "; " });
                text.push_str(&problem.message);
            }
            if !text.ends_with(['.', '!', '?', '…']) {
                text.push('.');
            }
            text
        }
        ApiError::Timeout408 => join(&[
            name,
            " did not confirm the change in time. The change may still be applied: refresh in a moment before trying again, so as not to make it twice.",
        ]),
        ApiError::RateLimited {
            retry_after: Some(1),
        } => "Too many requests: try again in 1 second.".to_owned(),
        ApiError::RateLimited {
            retry_after: Some(s),
        } => join(&[
            "Too many requests: try again in ",
            &s.to_string(),
            " seconds.",
        ]),
        ApiError::RateLimited { retry_after: None } => {
            "Too many requests: try again in a minute.".to_owned()
        }
        ApiError::Server { status, message } => {
            let status = status.to_string();
            if message.is_empty() {
                join(&[
                    name,
                    " had a problem (HTTP ",
                    &status,
                    "). Try again in a moment.",
                ])
            } else {
                join(&[
                    name,
                    " had a problem (HTTP ",
                    &status,
                    "): “",
                    message,
                    "”.",
                ])
            }
        }
        ApiError::Network(_) => join(&[
            name,
            " could not be reached: check the API base URL and your network.",
        ]),
        ApiError::TimedOut(secs) => join(&[
            name,
            " did not answer within ",
            &secs.to_string(),
            " seconds. Try again in a moment.",
        ]),
        ApiError::TooLarge => join(&[name, "'s answer was too large to read (over 8 MiB)."]),
        // The parser's own text ("EOF while parsing a string…") helps nobody here.
        ApiError::Malformed(_) => {
            "The server's answer could not be read. Try again in a moment.".to_owned()
        }
        ApiError::Unconfirmed(cause) => match **cause {
            ApiError::Malformed(_) => {
                join(&["The server's answer could not be read: ", UNCONFIRMED])
            }
            _ => join(&[
                "No answer came back from ",
                name,
                " (no connection, or it closed): ",
                UNCONFIRMED,
            ]),
        },
        ApiError::NotSent(NotSent::Credentials) => join(&[
            "Nothing was sent to ",
            name,
            ": the portal could not provide credentials. Try again, or reload the page.",
        ]),
        ApiError::NotSent(NotSent::CredentialsTimedOut) => join(&[
            "Nothing was sent to ",
            name,
            ": the portal did not provide credentials within 10 seconds. Try again, or reload the page.",
        ]),
        ApiError::NotSent(NotSent::Unmounted) => join(&[
            "Nothing was sent to ",
            name,
            ": the console was closed before the request left.",
        ]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const API: ApiName = ApiName {
        name: "SlashID",
        credentials: "the API key or organization ID",
    };

    #[test]
    fn counts_never_say_zero_of_zero() {
        let c = |s, m, t| count_of(s, m, t, "webhook", "webhooks");
        assert_eq!(c(1, 1, 1), "1 webhook");
        assert_eq!(c(3, 3, 3), "3 webhooks");
        assert_eq!(c(0, 0, 0), "0 webhooks");
        assert_eq!(c(50, 120, 120), "Showing 50 of 120 webhooks");
        assert_eq!(c(2, 2, 9), "Showing 2 of 2 matching, 9 in all");
        assert_eq!(c(0, 0, 1), "1 webhook in all", "no match: the list says so");
    }

    #[test]
    fn messages_beside_fields_are_sentences() {
        assert_eq!(
            sentence("must use HTTPS: start it with https://"),
            "Must use HTTPS: start it with https://."
        );
        assert_eq!(sentence("Enter a name."), "Enter a name.");
        assert_eq!(sentence("é is kept"), "é is kept.");
        assert_eq!(sentence(""), "");
    }

    #[test]
    fn retry_after_one_second_is_singular() {
        let one = ApiError::RateLimited {
            retry_after: Some(1),
        };
        let many = ApiError::RateLimited {
            retry_after: Some(12),
        };
        assert_eq!(
            api_error(&one, API),
            "Too many requests: try again in 1 second."
        );
        assert_eq!(
            api_error(&many, API),
            "Too many requests: try again in 12 seconds."
        );
    }

    #[test]
    fn unanswered_changes_say_they_may_have_been_applied_and_reads_do_not() {
        let garbled = ApiError::Malformed("eof");
        let read = api_error(&garbled, API);
        assert_eq!(
            read,
            "The server's answer could not be read. Try again in a moment."
        );
        let change = api_error(&garbled.of_change(), API);
        assert!(
            change.starts_with("The server's answer could not be read: "),
            "{change}"
        );
        assert!(
            change.contains("may or may not have been applied"),
            "{change}"
        );
        assert!(!change.contains("EOF"), "no parser text: {change}");
        let closed = api_error(
            &ApiError::Network("Failed to fetch".into()).of_change(),
            API,
        );
        assert!(closed.contains("No answer came back"), "{closed}");
        assert!(
            closed.contains("Refresh before sending it again"),
            "{closed}"
        );
        let offline = api_error(&ApiError::Network("Failed to fetch".into()), API);
        assert!(
            offline.starts_with("SlashID could not be reached"),
            "{offline}"
        );
        assert!(!offline.contains("may or may not"), "{offline}");
    }

    #[test]
    fn rejected_requests_list_every_problem() {
        let problems = vec![
            webhook_rules::Problem::new("a", "x", "first"),
            webhook_rules::Problem::new("b", "y", "second"),
        ];
        assert_eq!(
            api_error(&ApiError::Validation(problems), API),
            "SlashID rejected the request: first; second."
        );
        assert_eq!(
            api_error(&ApiError::Conflict(Vec::new()), API),
            "SlashID rejected the request."
        );
    }

    #[test]
    fn nothing_sent_says_so_and_never_may_have_applied() {
        for why in [
            NotSent::Credentials,
            NotSent::CredentialsTimedOut,
            NotSent::Unmounted,
        ] {
            let text = api_error(&ApiError::NotSent(why).of_change(), API);
            assert!(text.starts_with("Nothing was sent to SlashID"), "{text}");
            assert!(!text.contains("could not be reached"), "{text}");
            assert!(!text.contains("may or may not"), "{text}");
        }
    }
}
