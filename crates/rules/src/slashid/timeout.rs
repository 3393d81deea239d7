//! `timeout`: a Go `time.Duration` string, 0 <= d <= 20s; empty means the defaults.

use crate::Problem;
use crate::go::duration::{format_duration, parse_duration};

pub const FIELD: &str = "timeout";
const SECOND: i64 = 1_000_000_000;
/// "The timeout may not be more than 20 seconds."
pub const MAX_NANOS: i64 = 20 * SECOND;
/// Used when the timeout is `0s`: 2 s for synchronous hooks, 10 s for events.
pub const DEFAULT_SYNC_HOOK_NANOS: i64 = 2 * SECOND;
pub const DEFAULT_EVENT_NANOS: i64 = 10 * SECOND;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TimeoutError {
    /// `time.ParseDuration` failed; Go's exact error text.
    Parse {
        go_error: String,
    },
    Negative {
        nanos: i64,
    },
    TooLarge {
        nanos: i64,
    },
}

impl TimeoutError {
    /// The reason code, as `tests/vectors/slashid-timeout.jsonl` names it.
    pub fn reason(&self) -> &'static str {
        match self {
            TimeoutError::Parse { .. } => "parse_error",
            TimeoutError::Negative { .. } => "negative",
            TimeoutError::TooLarge { .. } => "too_large",
        }
    }

    pub fn go_error(&self) -> Option<&str> {
        match self {
            TimeoutError::Parse { go_error } => Some(go_error),
            _ => None,
        }
    }

    pub fn message(&self) -> String {
        match self {
            TimeoutError::Parse { go_error } => {
                format!("must be a duration such as \"10s\" or \"500ms\" ({go_error})")
            }
            TimeoutError::Negative { nanos } => {
                format!("cannot be negative (got {})", seconds(*nanos))
            }
            TimeoutError::TooLarge { nanos } => format!(
                "may not be more than {} (got {})",
                seconds(MAX_NANOS),
                seconds(*nanos)
            ),
        }
    }

    pub fn to_problem(&self) -> Problem {
        Problem::new(FIELD, self.reason(), self.message())
    }
}

/// `nanos` in seconds, as the documentation writes the limit ("20 seconds"), not as a Go
/// duration ("20s"): `1 second`, `1.5 seconds`, `-0.25 seconds`.
pub fn seconds(nanos: i64) -> String {
    let whole = (nanos / SECOND).unsigned_abs();
    let frac = (nanos % SECOND).unsigned_abs();
    let mut text = String::from(if nanos < 0 { "-" } else { "" });
    text.push_str(&whole.to_string());
    if frac != 0 {
        let digits = format!("{frac:09}");
        text.push('.');
        text.push_str(digits.trim_end_matches('0'));
    }
    text.push_str(if nanos == SECOND {
        " second"
    } else {
        " seconds"
    });
    text
}

/// The timeout in nanoseconds; `0` for the empty string, which means "use the defaults".
pub fn check(input: &str) -> Result<i64, TimeoutError> {
    if input.is_empty() {
        return Ok(0);
    }
    let nanos = parse_duration(input).map_err(|go_error| TimeoutError::Parse { go_error })?;
    if nanos < 0 {
        Err(TimeoutError::Negative { nanos })
    } else if nanos > MAX_NANOS {
        Err(TimeoutError::TooLarge { nanos })
    } else {
        Ok(nanos)
    }
}

/// How the server stores and returns a valid timeout: Go's `Duration.String()` form.
pub fn normalize(nanos: i64) -> String {
    format_duration(nanos)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn limits_read_in_seconds_not_go_durations() {
        assert_eq!(seconds(20 * SECOND), "20 seconds");
        assert_eq!(seconds(SECOND), "1 second");
        assert_eq!(seconds(1_500_000_000), "1.5 seconds");
        assert_eq!(seconds(-250_000_000), "-0.25 seconds");
        assert_eq!(
            check("30s").unwrap_err().message(),
            "may not be more than 20 seconds (got 30 seconds)"
        );
        assert_eq!(
            check("-5s").unwrap_err().message(),
            "cannot be negative (got -5 seconds)"
        );
    }
}
