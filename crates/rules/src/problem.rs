//! The one shape every rule reports a problem in.

use serde::{Deserialize, Serialize};

/// One problem with one field of a request.
///
/// `field` is a path in the request, in the API's own notation (SlashID's
/// `custom_headers["X-Key"][0]`, InstaVM's `event_patterns[2]`, Droplit's `url`);
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
}

/// The code of the problem that stands for the problems not reported (see [`Capped`]).
pub const MORE: &str = "more";

/// The problems of a list (a header set, test events), at most `max` of them: past that
/// each is only counted, and one last problem on the list says how many more there are. A
/// problem is built (its field path, its message) only when it is kept, so that a list of
/// 80,000 bad items costs a count, not 80,000 sentences.
pub struct Capped {
    problems: Vec<Problem>,
    max: usize,
    more: usize,
}

impl Capped {
    pub fn new(max: usize) -> Self {
        Self {
            problems: Vec::new(),
            max,
            more: 0,
        }
    }

    pub fn push(&mut self, problem: impl FnOnce() -> Problem) {
        if self.problems.len() < self.max {
            self.problems.push(problem());
        } else {
            self.more += 1;
        }
    }

    /// Every problem pushed, kept or not.
    pub fn count(&self) -> usize {
        self.problems.len() + self.more
    }

    /// The problems kept, then `and N more problems` on `field` when some were not.
    pub fn finish(mut self, field: &str) -> Vec<Problem> {
        if self.more > 0 {
            let s = if self.more == 1 { "" } else { "s" };
            self.problems.push(Problem::new(
                field,
                MORE,
                format!("and {} more problem{s}", self.more),
            ));
        }
        self.problems
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_first_problems_and_counts_the_rest() {
        let mut capped = Capped::new(2);
        let mut built = 0;
        for i in 0..5 {
            capped.push(|| {
                built += 1;
                Problem::new(format!("[{i}]"), "bad", "is bad")
            });
        }
        assert_eq!(capped.count(), 5);
        let problems = capped.finish("list");
        assert_eq!(built, 2);
        let fields: Vec<_> = problems.iter().map(|p| p.field.as_str()).collect();
        assert_eq!(fields, ["[0]", "[1]", "list"]);
        assert_eq!(problems[2].message, "and 3 more problems");
        assert_eq!(problems[2].code, MORE);
        let mut one = Capped::new(0);
        one.push(|| unreachable!());
        assert_eq!(one.finish("")[0].message, "and 1 more problem");
        assert!(Capped::new(3).finish("x").is_empty());
    }
}
