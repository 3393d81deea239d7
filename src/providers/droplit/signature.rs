//! Checking a delivery's `x-droplit-signature`: the lower-case hex HMAC-SHA256 of the
//! exact body, keyed with the webhook's secret (`webhook_rules::droplit::paths::
//! SIGNATURE_HEADER`). What was pasted is read here (pure, tested natively); the MAC is
//! the browser's WebCrypto (`browser::webcrypto::hmac_sha256_hex`).
//!
//! This reading of the header belongs with the API's rules (`webhook_rules::droplit`, as
//! InstaVM's `signature`); it lives here until that module has it.

use webhook_rules::droplit::paths::SIGNATURE_HEADER;

/// Hex digits of an HMAC-SHA256 (32 bytes).
pub const HEX_LEN: usize = 64;

/// Why a pasted header value is not a signature at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HeaderProblem {
    /// Nothing pasted (a webhook without a secret sends no header).
    Missing,
    /// Not 64 characters long.
    WrongLength { len: usize },
    /// A character that is not a hex digit, at this 1-based position.
    NotHex { at: usize, found: char },
}

/// The 64 hex digits of a pasted header value, lower-cased. The admin may paste the whole
/// header line (`x-droplit-signature: …`, any case) and surrounding spaces; the value
/// itself is taken as it is.
/// inferred: hex case is ignored (Droplit writes lower case; `AB` and `ab` are one byte).
pub fn read_header(pasted: &str) -> Result<String, HeaderProblem> {
    let mut value = pasted.trim();
    if let Some(head) = value.get(..SIGNATURE_HEADER.len())
        && head.eq_ignore_ascii_case(SIGNATURE_HEADER)
        && let Some(rest) = value[SIGNATURE_HEADER.len()..]
            .trim_start()
            .strip_prefix(':')
    {
        value = rest.trim();
    }
    if value.is_empty() {
        return Err(HeaderProblem::Missing);
    }
    if let Some((i, found)) = value
        .chars()
        .enumerate()
        .find(|(_, c)| !c.is_ascii_hexdigit())
    {
        return Err(HeaderProblem::NotHex { at: i + 1, found });
    }
    if value.len() != HEX_LEN {
        return Err(HeaderProblem::WrongLength { len: value.len() });
    }
    Ok(value.to_ascii_lowercase())
}

/// What keeps a pasted delivery from being checked at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum InputProblem {
    Header(HeaderProblem),
    /// inferred: an empty body is refused; Droplit's calls always carry a JSON body, so
    /// an empty one was not pasted yet.
    NoBody,
    NoSecret,
}

/// The signature to compare with, once header, body and secret are all usable; every
/// problem at once otherwise. The secret is taken as it is (spaces are part of it).
pub fn check_inputs(header: &str, body: &str, secret: &str) -> Result<String, Vec<InputProblem>> {
    let mut problems = Vec::new();
    let signature = read_header(header)
        .map_err(|p| problems.push(InputProblem::Header(p)))
        .ok();
    if body.is_empty() {
        problems.push(InputProblem::NoBody);
    }
    if secret.is_empty() {
        problems.push(InputProblem::NoSecret);
    }
    match signature {
        Some(s) if problems.is_empty() => Ok(s),
        _ => Err(problems),
    }
}

/// Whether two lower-case hex digests are the same, looking at every digit whatever the
/// first difference (no early exit to time).
pub fn same_digest(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |acc, (x, y)| acc | (x ^ y))
            == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    const SIG: &str = "5d5d139563c95b5967b9bd9a8c9b233a9dedb45072794cd232dc1b74832607d0";

    #[test]
    fn reads_a_bare_value_or_the_whole_header_line() {
        assert_eq!(read_header(SIG).as_deref(), Ok(SIG));
        assert_eq!(read_header(&format!("  {SIG}\n")).as_deref(), Ok(SIG));
        let line = format!("X-Droplit-Signature: {}", SIG.to_ascii_uppercase());
        assert_eq!(read_header(&line).as_deref(), Ok(SIG));
        assert_eq!(
            read_header(&format!("x-droplit-signature:{SIG}")).as_deref(),
            Ok(SIG)
        );
    }

    #[test]
    fn says_the_header_is_missing() {
        assert_eq!(read_header(""), Err(HeaderProblem::Missing));
        assert_eq!(read_header(" \n "), Err(HeaderProblem::Missing));
        assert_eq!(
            read_header("x-droplit-signature:  "),
            Err(HeaderProblem::Missing)
        );
    }

    #[test]
    fn says_where_the_hex_is_malformed() {
        let bad = format!("{}g{}", &SIG[..10], &SIG[11..]);
        assert_eq!(
            read_header(&bad),
            Err(HeaderProblem::NotHex { at: 11, found: 'g' })
        );
        assert_eq!(
            read_header(&format!("sha256={SIG}")),
            Err(HeaderProblem::NotHex { at: 1, found: 's' })
        );
        assert_eq!(
            read_header(&SIG[..63]),
            Err(HeaderProblem::WrongLength { len: 63 })
        );
        assert_eq!(
            read_header(&format!("{SIG}00")),
            Err(HeaderProblem::WrongLength { len: 66 })
        );
    }

    #[test]
    fn lists_every_missing_input_at_once() {
        assert_eq!(
            check_inputs("", "", ""),
            Err(vec![
                InputProblem::Header(HeaderProblem::Missing),
                InputProblem::NoBody,
                InputProblem::NoSecret
            ])
        );
        assert_eq!(
            check_inputs(&SIG[..3], "{}", "s"),
            Err(vec![InputProblem::Header(HeaderProblem::WrongLength {
                len: 3
            })])
        );
        assert_eq!(check_inputs(SIG, "{}", " s ").as_deref(), Ok(SIG));
    }

    #[test]
    fn compares_digests_exactly() {
        assert!(same_digest(SIG, SIG));
        let other = format!("{}1", &SIG[..63]);
        assert!(!same_digest(SIG, &other));
        assert!(!same_digest(SIG, &SIG[..62]));
    }
}
