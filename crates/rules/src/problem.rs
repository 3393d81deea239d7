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
