//! The one shape every rule reports a problem in.

use serde::{Deserialize, Serialize};

/// One problem with one field of a request.
///
/// `field` is a path such as `target_url`, `custom_headers["X-Key"][0]` or `[2].count`;
/// `code` is a stable machine-readable reason (`parse_error`, `too_large`, ...);
/// `message` is the sentence shown to a person, next to the field in the console and in
/// the server's 400 response.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub field: String,
    pub code: String,
    pub message: String,
}

impl Problem {
    pub fn new(field: impl Into<String>, code: &str, message: impl Into<String>) -> Self {
        Self {
            field: field.into(),
            code: code.to_owned(),
            message: message.into(),
        }
    }

    /// The text the server puts in an envelope error: `field: message`.
    pub fn wire_message(&self) -> String {
        if self.field.is_empty() {
            self.message.clone()
        } else {
            format!("{}: {}", self.field, self.message)
        }
    }

    /// Splits a server error message back into `(field, message)`, so the console can show
    /// it next to its field. Messages that do not start with a known field path give `None`.
    pub fn split_wire_message(msg: &str) -> Option<(&str, &str)> {
        let (field, rest) = msg.split_once(": ")?;
        is_field_path(field).then_some((field, rest))
    }
}

const FIELD_ROOTS: &[&str] = &[
    "name",
    "description",
    "target_url",
    "timeout",
    "custom_headers",
    "trigger_type",
    "trigger_name",
    "event_name",
    "count",
    "analytics_correlation_id",
    "SlashID-Required-Consistency",
    "SlashID-Required-Consistency-Timeout",
];

fn is_field_path(path: &str) -> bool {
    // `[3].count` → `count`; `custom_headers["X"][0]` → `custom_headers`.
    let path = match path.strip_prefix('[') {
        Some(rest) => match rest.split_once("].") {
            Some((index, tail)) if index.bytes().all(|b| b.is_ascii_digit()) => tail,
            _ => return false,
        },
        None => path,
    };
    let root = path.split('[').next().unwrap_or(path);
    FIELD_ROOTS.contains(&root)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wire_message_round_trips_through_split() {
        let p = Problem::new(
            "custom_headers[\"X-Key\"][0]",
            "invalid_value",
            "contains a line break",
        );
        let wire = p.wire_message();
        assert_eq!(
            Problem::split_wire_message(&wire),
            Some(("custom_headers[\"X-Key\"][0]", "contains a line break"))
        );
    }

    #[test]
    fn split_ignores_messages_without_a_known_field() {
        assert_eq!(Problem::split_wire_message("invalid json: oops"), None);
        assert_eq!(Problem::split_wire_message("no colon here"), None);
        assert_eq!(
            Problem::split_wire_message("[1].count: must be at least 1"),
            Some(("[1].count", "must be at least 1"))
        );
    }
}
