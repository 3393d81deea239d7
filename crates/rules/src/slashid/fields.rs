//! `name` and `description`.

use crate::Problem;

/// inferred: the API documents no length limits; 255 characters keeps names readable in lists.
pub const NAME_MAX_CHARS: usize = 255;
/// inferred: no documented limit; 2,000 characters is ample for a note.
pub const DESCRIPTION_MAX_CHARS: usize = 2_000;

/// `name` is required ("does not need to be unique").
/// inferred: a name of only white space counts as missing.
pub fn check_name(name: Option<&str>) -> Option<Problem> {
    match name {
        None => Some(Problem::new("name", "required", "a name is required")),
        Some(n) if n.trim().is_empty() => {
            Some(Problem::new("name", "required", "a name is required"))
        }
        Some(n) if n.chars().count() > NAME_MAX_CHARS => Some(Problem::new(
            "name",
            "too_long",
            format!("must be at most {NAME_MAX_CHARS} characters"),
        )),
        Some(_) => None,
    }
}

pub fn check_description(description: &str) -> Option<Problem> {
    (description.chars().count() > DESCRIPTION_MAX_CHARS).then(|| {
        Problem::new(
            "description",
            "too_long",
            format!("must be at most {DESCRIPTION_MAX_CHARS} characters"),
        )
    })
}
