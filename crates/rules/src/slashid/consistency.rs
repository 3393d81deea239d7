//! The `SlashID-Required-Consistency` and `SlashID-Required-Consistency-Timeout` headers
//! that every mutation accepts.

use crate::Problem;

pub const LEVEL_HEADER: &str = "SlashID-Required-Consistency";
pub const TIMEOUT_HEADER: &str = "SlashID-Required-Consistency-Timeout";
pub const DEFAULT_TIMEOUT_SECS: u32 = 30;
pub const MIN_TIMEOUT_SECS: u32 = 1;
pub const MAX_TIMEOUT_SECS: u32 = 120;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Level {
    #[default]
    LocalRegion,
    AllRegions,
}

impl Level {
    pub const ALL: [Level; 2] = [Level::LocalRegion, Level::AllRegions];

    pub fn as_str(self) -> &'static str {
        match self {
            Level::LocalRegion => "local_region",
            Level::AllRegions => "all_regions",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|l| l.as_str() == s)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Consistency {
    pub level: Level,
    pub timeout_secs: u32,
}

impl Default for Consistency {
    fn default() -> Self {
        Self {
            level: Level::LocalRegion,
            timeout_secs: DEFAULT_TIMEOUT_SECS,
        }
    }
}

/// Checks both headers as received (`None` when absent).
/// inferred: the timeout is read like Go's `strconv.Atoi` (optional sign, ASCII digits).
pub fn check(level: Option<&str>, timeout: Option<&str>) -> Result<Consistency, Vec<Problem>> {
    let mut problems = Vec::new();
    let level = match level {
        None => Level::default(),
        Some(s) => Level::parse(s).unwrap_or_else(|| {
            problems.push(Problem::new(
                LEVEL_HEADER,
                "invalid",
                "must be local_region or all_regions",
            ));
            Level::default()
        }),
    };
    let timeout_secs = match timeout {
        None => DEFAULT_TIMEOUT_SECS,
        Some(s) => match atoi(s) {
            Some(n) if (MIN_TIMEOUT_SECS as i64..=MAX_TIMEOUT_SECS as i64).contains(&n) => n as u32,
            _ => {
                problems.push(Problem::new(
                    TIMEOUT_HEADER,
                    "out_of_range",
                    format!("must be a whole number of seconds from {MIN_TIMEOUT_SECS} to {MAX_TIMEOUT_SECS}"),
                ));
                DEFAULT_TIMEOUT_SECS
            }
        },
    };
    if problems.is_empty() {
        Ok(Consistency {
            level,
            timeout_secs,
        })
    } else {
        Err(problems)
    }
}

fn atoi(s: &str) -> Option<i64> {
    let digits = s.strip_prefix(['+', '-']).unwrap_or(s);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_when_absent() {
        assert_eq!(check(None, None), Ok(Consistency::default()));
    }

    #[test]
    fn rejects_timeout_outside_range_and_unknown_level() {
        for bad in ["0", "121", "-1", "abc", "", "1.5", " 5"] {
            assert!(check(None, Some(bad)).is_err(), "{bad:?}");
        }
        assert_eq!(
            check(Some("all_regions"), Some("+120"))
                .unwrap()
                .timeout_secs,
            120
        );
        let problems = check(Some("everywhere"), Some("0")).unwrap_err();
        assert_eq!(problems.len(), 2);
    }
}
