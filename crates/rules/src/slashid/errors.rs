//! SlashID's error body, both ways: the sandbox writes every problem as one envelope
//! error `"field: message"` (`wire::Envelope::error`), the console reads each back onto
//! its field.

use crate::Problem;

/// The text the server puts in an envelope error: `field: message`.
pub fn wire_message(problem: &Problem) -> String {
    if problem.field.is_empty() {
        problem.message.clone()
    } else {
        format!("{}: {}", problem.field, problem.message)
    }
}

/// Splits a server error message back into `(field, message)`, so the console can show
/// it next to its field. Messages that do not start with a known field path give `None`.
pub fn split_wire_message(msg: &str) -> Option<(&str, &str)> {
    let (field, rest) = msg.split_once(": ")?;
    is_field_path(field).then_some((field, rest))
}

/// A server message as a problem: on its field when it names one, else on the request.
pub fn problem_of(message: &str) -> Problem {
    match split_wire_message(message) {
        Some((field, message)) => Problem::new(field, "server", message),
        None => Problem::new("", "server", message),
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
        let wire = wire_message(&p);
        assert_eq!(
            split_wire_message(&wire),
            Some(("custom_headers[\"X-Key\"][0]", "contains a line break"))
        );
        assert_eq!(problem_of(&wire).field, p.field);
    }

    #[test]
    fn split_ignores_messages_without_a_known_field() {
        assert_eq!(split_wire_message("invalid json: oops"), None);
        assert_eq!(split_wire_message("no colon here"), None);
        assert_eq!(
            split_wire_message("[1].count: must be at least 1"),
            Some(("[1].count", "must be at least 1"))
        );
        assert_eq!(problem_of("invalid json: oops").field, "");
    }
}
