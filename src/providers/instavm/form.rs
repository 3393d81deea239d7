//! The endpoint form as data: what the admin typed, judged by the rules as InstaVM's
//! server would judge the request it becomes, and the body sent for it. Plain Rust, so
//! the form's whole logic is unit-tested natively; `views::endpoint_form` only wires it
//! to signals.
//!
//! What is judged is what would be sent, as pydantic reads JSON: the URL and description
//! as strings, each pattern as a string, and the integer fields as the text typed (a
//! string, which pydantic's lax mode parses: `" 010 "` is 10, `"1e1"` is refused). What is
//! sent is the rules' normalised value (the integer 10), never the text.

use webhook_rules::Problem;
use webhook_rules::instavm::errors;
use webhook_rules::instavm::json::{PyStr, Value};
use webhook_rules::instavm::validate::{self, EndpointUpdate, NewEndpoint};
use webhook_rules::instavm::wire::Endpoint;

use crate::providers::instavm::client::EndpointBody;

pub const URL: &str = "url";
pub const DESCRIPTION: &str = "description";
pub const EVENT_PATTERNS: &str = "event_patterns";
pub const TIMEOUT_SECONDS: &str = "timeout_seconds";
pub const MAX_RETRIES: &str = "max_retries";

/// The form's fields as typed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Typed {
    pub url: String,
    pub description: String,
    pub patterns: Vec<String>,
    /// As typed; empty means "not given" on create (the server's default applies).
    pub timeout_seconds: String,
    pub max_retries: String,
}

impl Typed {
    /// An endpoint's values, as the edit form starts.
    pub fn of(endpoint: &Endpoint) -> Self {
        Typed {
            url: endpoint.url.clone(),
            description: endpoint.description.clone().unwrap_or_default(),
            patterns: endpoint.subscribed_event_patterns.clone(),
            timeout_seconds: endpoint.timeout_seconds.to_string(),
            max_retries: endpoint.max_retries.to_string(),
        }
    }
}

/// The key of a pattern's input, as the rules name its location: `event_patterns[2]`.
pub fn pattern_key(index: usize) -> String {
    format!("{EVENT_PATTERNS}[{index}]")
}

/// The create request for `typed`, as JSON the way pydantic reads it. Empty optional
/// fields are left out (the server's defaults apply), the URL never: an empty URL is a
/// string the server takes.
/// inferred: an empty integer field means "not given" on create (the default), but on
/// edit it is judged as the text "" (an error): an update has no default to fall back to.
pub fn create_value(typed: &Typed) -> Value {
    let mut fields = vec![(URL, Value::str(&typed.url))];
    if !typed.description.is_empty() {
        fields.push((DESCRIPTION, Value::str(&typed.description)));
    }
    if !typed.patterns.is_empty() {
        fields.push((EVENT_PATTERNS, patterns_value(&typed.patterns)));
    }
    for (key, text) in [
        (TIMEOUT_SECONDS, &typed.timeout_seconds),
        (MAX_RETRIES, &typed.max_retries),
    ] {
        if !text.is_empty() {
            fields.push((key, Value::str(text)));
        }
    }
    dict(fields)
}

/// The update request for `typed` against `original`: only what changed. A description
/// emptied is sent as `""`.
/// inferred: not `null`, which an update reads as "not given" (the sandbox keeps the old
/// description then); `""` clears it for certain.
/// An integer field changed when its text means another integer than the stored one
/// (`"010"` for 10 is no change); text that means no integer is a change, so that its
/// error shows.
pub fn update_value(typed: &Typed, original: &Endpoint) -> Value {
    let mut fields = Vec::new();
    if typed.url != original.url {
        fields.push((URL, Value::str(&typed.url)));
    }
    if typed.description != original.description.as_deref().unwrap_or_default() {
        fields.push((DESCRIPTION, Value::str(&typed.description)));
    }
    if typed.patterns != original.subscribed_event_patterns {
        fields.push((EVENT_PATTERNS, patterns_value(&typed.patterns)));
    }
    for (key, text, stored) in [
        (
            TIMEOUT_SECONDS,
            &typed.timeout_seconds,
            original.timeout_seconds,
        ),
        (MAX_RETRIES, &typed.max_retries, original.max_retries),
    ] {
        if lax_int(key, text) != Some(stored) {
            fields.push((key, Value::str(text)));
        }
    }
    dict(fields)
}

/// The create body, or every problem the server would report, on its field.
pub fn judge_create(typed: &Typed) -> Result<EndpointBody, Vec<Problem>> {
    let value = create_value(typed);
    let new = validate::validate_create(&value).map_err(|e| errors::problems(&e))?;
    Ok(create_body(&value, new))
}

/// The update body (empty when nothing changed), or every problem the server would
/// report, on its field.
pub fn judge_update(typed: &Typed, original: &Endpoint) -> Result<EndpointBody, Vec<Problem>> {
    let value = update_value(typed, original);
    let update = validate::validate_update(&value).map_err(|e| errors::problems(&e))?;
    Ok(update_body(update))
}

/// What a create sends: the normalised value of every field the request names.
fn create_body(value: &Value, new: NewEndpoint) -> EndpointBody {
    let named = |key: &str| value.get(key).is_some();
    EndpointBody {
        url: Some(new.url),
        description: new.description,
        event_patterns: new.event_patterns,
        timeout_seconds: named(TIMEOUT_SECONDS).then_some(new.timeout_seconds),
        max_retries: named(MAX_RETRIES).then_some(new.max_retries),
        enabled: None,
    }
}

/// The update's fields are `Some` exactly where the request named them (it never holds
/// a `null`).
fn update_body(update: EndpointUpdate) -> EndpointBody {
    EndpointBody {
        url: update.url,
        description: update.description,
        event_patterns: update.event_patterns,
        timeout_seconds: update.timeout_seconds,
        max_retries: update.max_retries,
        enabled: update.enabled,
    }
}

/// pydantic's integer for `text` in the field `key`, if it takes it (bounds included).
fn lax_int(key: &str, text: &str) -> Option<i64> {
    let update = validate::validate_update(&dict(vec![(key, Value::str(text))])).ok()?;
    match key {
        TIMEOUT_SECONDS => update.timeout_seconds,
        _ => update.max_retries,
    }
}

fn patterns_value(patterns: &[String]) -> Value {
    Value::List(patterns.iter().map(|p| Value::str(p)).collect())
}

fn dict(fields: Vec<(&str, Value)>) -> Value {
    Value::Dict(
        fields
            .into_iter()
            .map(|(k, v)| (PyStr::from(k), v))
            .collect(),
    )
}

/// A note under a field that blocks nothing: the server takes the value, but it will not
/// do what the admin likely wants.
pub fn url_warning(url: &str) -> Option<&'static str> {
    validate::url_warning(url)
}

/// The known event types `pattern` selects, in the rules' order.
pub fn matched_types(pattern: &str) -> Vec<&'static str> {
    webhook_rules::instavm::patterns::EVENT_TYPES
        .iter()
        .copied()
        .filter(|t| webhook_rules::instavm::patterns::matches(pattern, t))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn endpoint() -> Endpoint {
        Endpoint {
            id: "ep_1".into(),
            url: "https://hooks.example.com/instavm".into(),
            description: Some("Billing".into()),
            status: "active".into(),
            enabled: true,
            subscribed_event_patterns: vec!["vm.*".into()],
            signing_version: "v1".into(),
            timeout_seconds: 10,
            max_retries: 7,
            ..Default::default()
        }
    }

    fn typed(url: &str) -> Typed {
        Typed {
            url: url.into(),
            ..Default::default()
        }
    }

    #[test]
    fn create_sends_what_was_typed_with_integers_normalised() {
        let t = Typed {
            url: "https://hooks.example.com/a".into(),
            description: "Billing".into(),
            patterns: vec!["vm.*".into(), "execution.completed".into()],
            timeout_seconds: " 0_15 ".into(),
            max_retries: "3.000".into(),
        };
        let body = judge_create(&t).unwrap();
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"url":"https://hooks.example.com/a","description":"Billing","event_patterns":["vm.*","execution.completed"],"timeout_seconds":15,"max_retries":3}"#
        );
    }

    #[test]
    fn create_leaves_out_what_was_not_given() {
        let body = judge_create(&typed("https://hooks.example.com/a")).unwrap();
        assert_eq!(
            serde_json::to_string(&body).unwrap(),
            r#"{"url":"https://hooks.example.com/a"}"#
        );
    }

    #[test]
    fn an_empty_url_is_accepted_as_the_server_accepts_it_with_a_warning() {
        assert!(judge_create(&typed("")).is_ok());
        assert!(url_warning("").is_some());
        assert!(url_warning("https://hooks.example.com/a").is_none());
    }

    #[test]
    fn integers_are_judged_in_pydantics_words_on_their_field() {
        let t = Typed {
            timeout_seconds: "ten".into(),
            max_retries: "8".into(),
            ..typed("https://a.example.com")
        };
        let problems = judge_create(&t).unwrap_err();
        assert_eq!(problems.len(), 2);
        assert_eq!(problems[0].field, TIMEOUT_SECONDS);
        assert_eq!(
            problems[0].message,
            "Input should be a valid integer, unable to parse string as an integer"
        );
        assert_eq!(problems[1].field, MAX_RETRIES);
        assert_eq!(
            problems[1].message,
            "Input should be less than or equal to 7"
        );
        let t = Typed {
            timeout_seconds: "2.5".into(),
            ..typed("https://a.example.com")
        };
        assert_eq!(
            judge_create(&t).unwrap_err()[0].message,
            "Input should be a valid integer, unable to parse string as an integer"
        );
    }

    #[test]
    fn update_sends_only_what_changed() {
        let original = endpoint();
        let unchanged = Typed::of(&original);
        assert!(judge_update(&unchanged, &original).unwrap().is_empty());

        // "010" is 10: no change. A new pattern list is sent whole.
        let t = Typed {
            timeout_seconds: "010".into(),
            patterns: vec!["vm.*".into(), "snapshot.*".into()],
            ..unchanged.clone()
        };
        assert_eq!(
            serde_json::to_string(&judge_update(&t, &original).unwrap()).unwrap(),
            r#"{"event_patterns":["vm.*","snapshot.*"]}"#
        );

        let t = Typed {
            description: String::new(),
            max_retries: " 2 ".into(),
            ..unchanged
        };
        assert_eq!(
            serde_json::to_string(&judge_update(&t, &original).unwrap()).unwrap(),
            r#"{"description":"","max_retries":2}"#
        );
    }

    #[test]
    fn an_emptied_integer_on_edit_is_judged_as_the_empty_string() {
        let original = endpoint();
        let t = Typed {
            timeout_seconds: String::new(),
            ..Typed::of(&original)
        };
        let problems = judge_update(&t, &original).unwrap_err();
        assert_eq!(problems[0].field, TIMEOUT_SECONDS);
        assert_eq!(problems[0].code, "int_parsing");
    }

    #[test]
    fn pattern_keys_are_the_rules_locations() {
        assert_eq!(pattern_key(2), "event_patterns[2]");
    }

    #[test]
    fn previews_the_known_types_a_pattern_selects() {
        assert_eq!(
            matched_types("vm.*"),
            [
                "vm.created",
                "vm.started",
                "vm.stopped",
                "vm.terminated",
                "vm.failed"
            ]
        );
        assert_eq!(matched_types("*.completed"), ["execution.completed"]);
        assert!(matched_types("VM.*").is_empty());
        assert!(matched_types("").is_empty());
    }
}
