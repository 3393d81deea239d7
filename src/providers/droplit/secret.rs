//! A webhook's signing secret once the console holds it (an answer that echoes it, or what
//! the admin set in this tab): no `Debug` or `Display` shows it, and its hint gives away at
//! most its last four characters.

use std::fmt;

/// A signing secret. It reaches the screen only through [`Secret::reveal`], behind a
/// reveal toggle; never a notice, a host event, storage, the URL or a log.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(text: String) -> Self {
        Secret(text)
    }

    /// The secret itself, for the one place that shows it once the admin asked.
    pub fn reveal(&self) -> &str {
        &self.0
    }

    /// `••••••wxyz`: the console's one mask (`format::secret_hint`), at most the last four
    /// characters and never more than a quarter of the secret.
    pub fn hint(&self) -> String {
        crate::format::secret_hint(&self.0)
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hints_at_most_the_last_four_characters() {
        let s = Secret::new("whsec-0123456789-wxyz".into());
        assert_eq!(s.hint(), "••••••wxyz");
        assert!(!s.hint().contains("whsec"));
        assert_eq!(Secret::new("éééééééééééé€xyz".into()).hint(), "••••••€xyz");
        assert_eq!(
            Secret::new("ééééééééééé€xyz".into()).hint(),
            "••••••xyz",
            "3 of 15"
        );
        assert_eq!(Secret::new("abcdefgh".into()).hint(), "••••••gh");
        assert_eq!(Secret::new("abc".into()).hint(), "••••••");
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let s = Secret::new("s3cr3t-value-123".into());
        assert_eq!(format!("{s:?}"), "Secret(<redacted>)");
        assert_eq!(s.reveal(), "s3cr3t-value-123");
    }
}
