//! `net/url.Parse`.

/// The parts of a URL as Go's `url.URL` holds them after `url.Parse`.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct GoUrl {
    pub scheme: String,
    pub opaque: String,
    pub user: Option<Userinfo>,
    pub host: String,
    pub path: String,
    pub raw_path: String,
    pub force_query: bool,
    pub raw_query: String,
    pub fragment: String,
    pub raw_fragment: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Userinfo {
    pub username: String,
    pub password: Option<String>,
}

impl GoUrl {
    /// `u.Hostname()`: the host without port or IPv6 brackets.
    pub fn hostname(&self) -> &str {
        todo!()
    }

    /// `u.Port()`.
    pub fn port(&self) -> &str {
        todo!()
    }
}

/// Parses like Go's `url.Parse`; on failure the error is Go's text, e.g.
/// `parse "https://exa^mple.com": invalid character "^" in host name`.
pub fn parse(raw: &str) -> Result<GoUrl, String> {
    todo!("{raw}")
}
