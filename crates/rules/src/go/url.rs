//! `net/url.Parse`, as in go1.19.
//!
//! Go and the WHATWG URL standard (the browser, the `url` crate) disagree on many inputs:
//! Go does no IPv4 shorthand or IDNA processing, takes `%`-escapes in hosts only for
//! non-ASCII bytes, rejects control characters instead of stripping them, and treats
//! `https:example.com` as opaque. The server's verdict is Go's, so this follows Go.

use super::quote::strconv_quote;

/// The parts of a URL as Go's `url.URL` holds them after `url.Parse`.
///
/// Go keeps unescaped bytes as they are, even when they are not UTF-8 (`%ff`); here such
/// bytes become U+FFFD. No rule looks at them: they can never spell `localhost` or an IP.
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
        split_host_port(&self.host).0
    }

    /// `u.Port()`.
    pub fn port(&self) -> &str {
        split_host_port(&self.host).1
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Path,
    Host,
    Zone,
    UserPassword,
    Fragment,
}

fn invalid_escape(s: &[u8]) -> String {
    format!("invalid URL escape {}", strconv_quote(s))
}

fn is_hex(c: u8) -> bool {
    c.is_ascii_hexdigit()
}

fn unhex(c: u8) -> u8 {
    match c {
        b'0'..=b'9' => c - b'0',
        b'a'..=b'f' => c - b'a' + 10,
        b'A'..=b'F' => c - b'A' + 10,
        _ => 0,
    }
}

/// Go's `shouldEscape`: whether `c` must be escaped in the given part of a URL.
fn should_escape(c: u8, mode: Mode) -> bool {
    if c.is_ascii_alphanumeric() {
        return false;
    }
    if mode == Mode::Host || mode == Mode::Zone {
        // Sub-delims, `:` for the port, `[` `]` for IPv6, and `<` `>` `"` which Go lets
        // through because it cannot %-encode ASCII in a host.
        if matches!(
            c,
            b'!' | b'$'
                | b'&'
                | b'\''
                | b'('
                | b')'
                | b'*'
                | b'+'
                | b','
                | b';'
                | b'='
                | b':'
                | b'['
                | b']'
                | b'<'
                | b'>'
                | b'"'
        ) {
            return false;
        }
    }
    match c {
        b'-' | b'_' | b'.' | b'~' => return false,
        b'$' | b'&' | b'+' | b',' | b'/' | b':' | b';' | b'=' | b'?' | b'@' => match mode {
            Mode::Path => return c == b'?',
            Mode::UserPassword => return matches!(c, b'@' | b'/' | b'?' | b':'),
            Mode::Fragment => return false,
            Mode::Host | Mode::Zone => {}
        },
        _ => {}
    }
    if mode == Mode::Fragment && matches!(c, b'!' | b'(' | b')' | b'*') {
        return false;
    }
    true
}

/// Go's `unescape`, for the modes `Parse` uses (never the query, which it keeps raw).
fn unescape(s: &[u8], mode: Mode) -> Result<Vec<u8>, String> {
    let mut n = 0;
    let mut i = 0;
    while i < s.len() {
        match s[i] {
            b'%' => {
                n += 1;
                if i + 2 >= s.len() || !is_hex(s[i + 1]) || !is_hex(s[i + 2]) {
                    let end = (i + 3).min(s.len());
                    return Err(invalid_escape(&s[i..end]));
                }
                // In a host, %-encoding may only stand for non-ASCII bytes, but %25 may
                // introduce an IPv6 zone (RFC 6874).
                if mode == Mode::Host && unhex(s[i + 1]) < 8 && &s[i..i + 3] != b"%25" {
                    return Err(invalid_escape(&s[i..i + 3]));
                }
                if mode == Mode::Zone {
                    let v = (unhex(s[i + 1]) << 4) | unhex(s[i + 2]);
                    if &s[i..i + 3] != b"%25" && v != b' ' && should_escape(v, Mode::Host) {
                        return Err(invalid_escape(&s[i..i + 3]));
                    }
                }
                i += 3;
            }
            c => {
                if (mode == Mode::Host || mode == Mode::Zone) && c < 0x80 && should_escape(c, mode)
                {
                    return Err(format!(
                        "invalid character {} in host name",
                        strconv_quote(&s[i..i + 1])
                    ));
                }
                i += 1;
            }
        }
    }
    if n == 0 {
        return Ok(s.to_vec());
    }
    let mut t = Vec::with_capacity(s.len() - 2 * n);
    let mut i = 0;
    while i < s.len() {
        match s[i] {
            b'%' => {
                t.push((unhex(s[i + 1]) << 4) | unhex(s[i + 2]));
                i += 2;
            }
            c => t.push(c),
        }
        i += 1;
    }
    Ok(t)
}

/// Go's `escape`, for the modes `Parse` needs to decide `RawPath` and `RawFragment`.
fn escape(s: &[u8], mode: Mode) -> Vec<u8> {
    const UPPERHEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut t = Vec::with_capacity(s.len());
    for &c in s {
        if should_escape(c, mode) {
            t.extend_from_slice(&[
                b'%',
                UPPERHEX[(c >> 4) as usize],
                UPPERHEX[(c & 15) as usize],
            ]);
        } else {
            t.push(c);
        }
    }
    t
}

fn lossy(bytes: Vec<u8>) -> String {
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

fn get_scheme(raw: &str) -> Result<(&str, &str), String> {
    for (i, c) in raw.bytes().enumerate() {
        match c {
            b'a'..=b'z' | b'A'..=b'Z' => {}
            b'0'..=b'9' | b'+' | b'-' | b'.' => {
                if i == 0 {
                    return Ok(("", raw));
                }
            }
            b':' => {
                if i == 0 {
                    return Err("missing protocol scheme".to_owned());
                }
                return Ok((&raw[..i], &raw[i + 1..]));
            }
            _ => return Ok(("", raw)),
        }
    }
    Ok(("", raw))
}

fn valid_optional_port(port: &str) -> bool {
    match port.as_bytes() {
        [] => true,
        [b':', digits @ ..] => digits.iter().all(u8::is_ascii_digit),
        _ => false,
    }
}

fn valid_userinfo(s: &str) -> bool {
    s.chars().all(|r| {
        r.is_ascii_alphanumeric()
            || matches!(
                r,
                '-' | '.'
                    | '_'
                    | ':'
                    | '~'
                    | '!'
                    | '$'
                    | '&'
                    | '\''
                    | '('
                    | ')'
                    | '*'
                    | '+'
                    | ','
                    | ';'
                    | '='
                    | '%'
                    | '@'
            )
    })
}

fn split_host_port(host_port: &str) -> (&str, &str) {
    let mut host = host_port;
    let mut port = "";
    if let Some(colon) = host.rfind(':')
        && valid_optional_port(&host[colon..])
    {
        port = &host[colon + 1..];
        host = &host[..colon];
    }
    if host.len() >= 2 && host.starts_with('[') && host.ends_with(']') {
        host = &host[1..host.len() - 1];
    }
    (host, port)
}

fn parse_host(host: &str) -> Result<String, String> {
    if host.starts_with('[') {
        let Some(i) = host.rfind(']') else {
            return Err("missing ']' in host".to_owned());
        };
        let colon_port = &host[i + 1..];
        if !valid_optional_port(colon_port) {
            return Err(format!(
                "invalid port {} after host",
                strconv_quote(colon_port.as_bytes())
            ));
        }
        // RFC 6874: %25 introduces a zone, which may use almost any %-encoding.
        if let Some(zone) = host[..i].find("%25") {
            let mut out = unescape(&host.as_bytes()[..zone], Mode::Host)?;
            out.extend(unescape(&host.as_bytes()[zone..i], Mode::Zone)?);
            out.extend(unescape(&host.as_bytes()[i..], Mode::Host)?);
            return Ok(lossy(out));
        }
    } else if let Some(i) = host.rfind(':') {
        let colon_port = &host[i..];
        if !valid_optional_port(colon_port) {
            return Err(format!(
                "invalid port {} after host",
                strconv_quote(colon_port.as_bytes())
            ));
        }
    }
    unescape(host.as_bytes(), Mode::Host).map(lossy)
}

fn parse_authority(authority: &str) -> Result<(Option<Userinfo>, String), String> {
    let at = authority.rfind('@');
    let host = parse_host(match at {
        Some(i) => &authority[i + 1..],
        None => authority,
    })?;
    let Some(i) = at else {
        return Ok((None, host));
    };
    let userinfo = &authority[..i];
    if !valid_userinfo(userinfo) {
        return Err("net/url: invalid userinfo".to_owned());
    }
    let user = match userinfo.split_once(':') {
        None => Userinfo {
            username: lossy(unescape(userinfo.as_bytes(), Mode::UserPassword)?),
            password: None,
        },
        Some((username, password)) => Userinfo {
            username: lossy(unescape(username.as_bytes(), Mode::UserPassword)?),
            password: Some(lossy(unescape(password.as_bytes(), Mode::UserPassword)?)),
        },
    };
    Ok((Some(user), host))
}

fn parse_without_fragment(raw: &str) -> Result<GoUrl, String> {
    if raw.bytes().any(|b| b < b' ' || b == 0x7f) {
        return Err("net/url: invalid control character in URL".to_owned());
    }
    let mut url = GoUrl::default();
    if raw == "*" {
        url.path = "*".to_owned();
        return Ok(url);
    }
    let (scheme, rest) = get_scheme(raw)?;
    url.scheme = scheme.to_ascii_lowercase();
    let mut rest = rest;
    if rest.ends_with('?') && rest.matches('?').count() == 1 {
        url.force_query = true;
        rest = &rest[..rest.len() - 1];
    } else if let Some((before, query)) = rest.split_once('?') {
        rest = before;
        url.raw_query = query.to_owned();
    }

    if !rest.starts_with('/') {
        if !url.scheme.is_empty() {
            // A rootless path (RFC 3986) is opaque: `https:example.com` has no host.
            url.opaque = rest.to_owned();
            return Ok(url);
        }
        let segment = rest.split('/').next().unwrap_or_default();
        if segment.contains(':') {
            return Err("first path segment in URL cannot contain colon".to_owned());
        }
    }

    if (!url.scheme.is_empty() || !rest.starts_with("///")) && rest.starts_with("//") {
        let mut authority = &rest[2..];
        rest = "";
        if let Some(i) = authority.find('/') {
            rest = &authority[i..];
            authority = &authority[..i];
        }
        let (user, host) = parse_authority(authority)?;
        url.user = user;
        url.host = host;
    }

    let path = unescape(rest.as_bytes(), Mode::Path)?;
    if escape(&path, Mode::Path) != rest.as_bytes() {
        url.raw_path = rest.to_owned();
    }
    url.path = lossy(path);
    Ok(url)
}

/// Parses like Go's `url.Parse`; on failure the error is Go's text, e.g.
/// `parse "https://exa^mple.com": invalid character "^" in host name`.
pub fn parse(raw: &str) -> Result<GoUrl, String> {
    let (u, frag) = raw.split_once('#').unwrap_or((raw, ""));
    let wrap = |url: &str, err: String| format!("parse {}: {err}", strconv_quote(url.as_bytes()));
    let mut url = parse_without_fragment(u).map_err(|e| wrap(u, e))?;
    if frag.is_empty() {
        return Ok(url);
    }
    let fragment = unescape(frag.as_bytes(), Mode::Fragment).map_err(|e| wrap(raw, e))?;
    if escape(&fragment, Mode::Fragment) != frag.as_bytes() {
        url.raw_fragment = frag.to_owned();
    }
    url.fragment = lossy(fragment);
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_like_go() {
        let u = parse("https://user:pw@Example.com:8443/a%20b?x=1#frag").unwrap();
        assert_eq!(u.scheme, "https");
        assert_eq!(u.host, "Example.com:8443");
        assert_eq!(u.hostname(), "Example.com");
        assert_eq!(u.port(), "8443");
        assert_eq!(u.path, "/a b");
        // Go keeps RawPath empty when its own escaping gives back the input.
        assert_eq!(u.raw_path, "");
        assert_eq!(u.raw_query, "x=1");
        assert_eq!(u.fragment, "frag");
        assert_eq!(u.user.unwrap().password.as_deref(), Some("pw"));
    }

    #[test]
    fn treats_rootless_as_opaque() {
        let u = parse("https:example.com").unwrap();
        assert_eq!(u.opaque, "example.com");
        assert!(u.host.is_empty());
    }

    #[test]
    fn reports_errors_in_go_words() {
        assert_eq!(
            parse("https://exa^mple.com").unwrap_err(),
            r#"parse "https://exa^mple.com": invalid character "^" in host name"#
        );
        assert_eq!(
            parse("https://[::1]:x").unwrap_err(),
            r#"parse "https://[::1]:x": invalid port ":x" after host"#
        );
        assert_eq!(
            parse("https://example.com/#%zz").unwrap_err(),
            r#"parse "https://example.com/#%zz": invalid URL escape "%zz""#
        );
    }
}
