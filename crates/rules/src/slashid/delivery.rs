//! Verifying a webhook call ("a delivery") the way its receiver would: the request body is
//! a compact JWS (a JWT) signed with ES256 by one of the organization's keys
//! (`GET /organizations/webhooks/verification-jwks`), with the claims of
//! [`DeliveryClaims`](crate::slashid::wire::DeliveryClaims).
//!
//! Everything here is pure: [`parse`] splits and decodes a pasted token, [`select_key`]
//! picks its key from a JWKS, [`check_claims`] compares the claims with the organization.
//! The signature itself is checked by the caller (the console uses the browser's
//! WebCrypto over [`Parsed::signing_input`] and [`Parsed::signature`]). Results are
//! structured; the console words them.

use serde::{Deserialize, Serialize};

use crate::slashid::conflicts::same_target_url;
use crate::slashid::wire::{Jwk, Jwks, Webhook};

/// The only algorithm SlashID signs deliveries with.
pub const ALG: &str = "ES256";
/// An ES256 signature in a JWS is the raw `r || s`, 32 bytes each.
pub const SIGNATURE_LEN: usize = 64;

/// The `iss` of every delivery. inferred: SlashID's documentation names no issuer for
/// webhook calls; its API (and the base URL of its tokens) is `https://api.slashid.com`, so
/// that is what the sandbox signs with and what the verifier expects.
pub const ISSUER: &str = "https://api.slashid.com";

/// How far `iat` and `nbf` may lie in the future before a delivery is refused: the
/// admin's clock and SlashID's disagree a little. inferred: 60 s, the leeway common JWT
/// libraries suggest.
pub const CLOCK_LEEWAY_SECS: i64 = 60;

/// How often, at most, the verifier fetches the keys again because a delivery names a
/// `kid` the cached set lacks (the JWKS endpoint is rate-limited; a pasted token of another
/// organization must not make every check a request). inferred: 60 s.
pub const JWKS_REFETCH_SECS: i64 = 60;

/// Which of the three dot-separated parts of a compact JWS.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Part {
    Header,
    Claims,
    Signature,
}

/// Why a pasted text is not an ES256 JWS one can verify.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParseError {
    /// Nothing but whitespace.
    Empty,
    /// A compact JWS has exactly three parts separated by dots.
    NotThreeParts { parts: usize },
    /// A part is not base64url (`A-Z a-z 0-9 - _`, no padding). `at` counts characters
    /// from the start of the part, from 0.
    BadBase64 { part: Part, at: usize, found: char },
    /// A part's length cannot be base64url (one character too many or too few).
    TruncatedBase64 { part: Part },
    /// The header or the claims are not the JSON object they must be.
    BadJson { part: Part, problem: JsonProblem },
    /// The header's `alg` is not ES256 (`None`: the header has no `alg`).
    AlgNotEs256 { alg: Option<String> },
    /// An ES256 signature is 64 bytes.
    BadSignatureLength { len: usize },
}

/// What is wrong with a part's JSON, in the console's own words (not serde_json's: its
/// error texts, and the float formatting they need, would be shipped for this alone).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum JsonProblem {
    /// The bytes are not UTF-8 text.
    NotUtf8,
    /// Not JSON at all (or cut off) at this line and column, both from 1.
    Syntax { line: usize, column: usize },
    /// JSON, but not an object, or a field of the wrong type, at this line and column.
    Shape { line: usize, column: usize },
}

impl JsonProblem {
    fn of(e: &serde_json::Error) -> Self {
        let (line, column) = (e.line(), e.column());
        match e.classify() {
            serde_json::error::Category::Data => JsonProblem::Shape { line, column },
            _ => JsonProblem::Syntax { line, column },
        }
    }
}

/// The JOSE header of a delivery.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct JwsHeader {
    #[serde(default)]
    pub alg: Option<String>,
    #[serde(default)]
    pub kid: Option<String>,
    #[serde(default)]
    pub typ: Option<String>,
}

/// The claims [`check_claims`] reads: those of `wire::DeliveryClaims` but
/// `trigger_content`, each optional, so that a missing claim is a finding rather than an
/// undecodable token. (`trigger_content` is any JSON: the console shows it through the
/// decoded text, so no generic JSON value has to be built here.)
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Claims {
    #[serde(default)]
    pub aud: Option<String>,
    #[serde(default)]
    pub iss: Option<String>,
    #[serde(default)]
    pub exp: Option<i64>,
    #[serde(default)]
    pub iat: Option<i64>,
    /// Not a claim SlashID sends, but honoured when present, as a receiver's library does.
    #[serde(default)]
    pub nbf: Option<i64>,
    #[serde(default)]
    pub jti: Option<String>,
    #[serde(default)]
    pub sub: Option<String>,
    #[serde(default)]
    pub target_url: Option<String>,
    #[serde(default)]
    pub trigger_type: Option<String>,
    #[serde(default)]
    pub trigger_name: Option<String>,
    #[serde(default)]
    pub webhook_id: Option<String>,
}

/// A decoded delivery, ready for its signature check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parsed {
    pub header: JwsHeader,
    /// The header and the claims as the token carries them (UTF-8 text of the JSON).
    pub header_json: String,
    pub claims_json: String,
    pub claims: Claims,
    /// `base64url(header) "." base64url(claims)`: the bytes the signature covers.
    pub signing_input: String,
    /// Raw `r || s`, [`SIGNATURE_LEN`] bytes.
    pub signature: Vec<u8>,
}

/// Splits and decodes a pasted token. Whitespace anywhere is ignored (a JWT has none, and
/// a pasted body often ends in a line break or comes wrapped).
pub fn parse(input: &str) -> Result<Parsed, ParseError> {
    let token: String = input.chars().filter(|c| !c.is_ascii_whitespace()).collect();
    if token.is_empty() {
        return Err(ParseError::Empty);
    }
    let parts: Vec<&str> = token.split('.').collect();
    let [h, c, s] = parts[..] else {
        return Err(ParseError::NotThreeParts { parts: parts.len() });
    };
    let header_bytes = decode_part(h, Part::Header)?;
    let claims_bytes = decode_part(c, Part::Claims)?;
    let signature = decode_part(s, Part::Signature)?;

    let header_json = json_text(header_bytes, Part::Header)?;
    let header: JwsHeader =
        serde_json::from_str(&header_json).map_err(|e| ParseError::BadJson {
            part: Part::Header,
            problem: JsonProblem::of(&e),
        })?;
    if header.alg.as_deref() != Some(ALG) {
        return Err(ParseError::AlgNotEs256 { alg: header.alg });
    }
    let claims_json = json_text(claims_bytes, Part::Claims)?;
    let claims: Claims = serde_json::from_str(&claims_json).map_err(|e| ParseError::BadJson {
        part: Part::Claims,
        problem: JsonProblem::of(&e),
    })?;
    if signature.len() != SIGNATURE_LEN {
        return Err(ParseError::BadSignatureLength {
            len: signature.len(),
        });
    }
    Ok(Parsed {
        header,
        header_json,
        claims_json,
        claims,
        signing_input: format!("{h}.{c}"),
        signature,
    })
}

fn decode_part(text: &str, part: Part) -> Result<Vec<u8>, ParseError> {
    base64url_decode(text).map_err(|e| match e {
        Base64Error::BadChar { at, found } => ParseError::BadBase64 { part, at, found },
        Base64Error::Truncated => ParseError::TruncatedBase64 { part },
    })
}

fn json_text(bytes: Vec<u8>, part: Part) -> Result<String, ParseError> {
    String::from_utf8(bytes).map_err(|_| ParseError::BadJson {
        part,
        problem: JsonProblem::NotUtf8,
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Base64Error {
    /// `at` counts characters, from 0.
    BadChar { at: usize, found: char },
    /// The length leaves a single 6-bit group, which encodes no byte.
    Truncated,
}

/// Base64url without padding (RFC 7515 §2). Unused low bits of the last character are
/// ignored, as most JOSE libraries do.
pub fn base64url_decode(text: &str) -> Result<Vec<u8>, Base64Error> {
    let mut out = Vec::with_capacity(text.len() / 4 * 3 + 2);
    let mut acc: u32 = 0;
    let mut bits = 0u32;
    for (at, ch) in text.chars().enumerate() {
        let v = match ch {
            'A'..='Z' => ch as u32 - 'A' as u32,
            'a'..='z' => ch as u32 - 'a' as u32 + 26,
            '0'..='9' => ch as u32 - '0' as u32 + 52,
            '-' => 62,
            '_' => 63,
            found => return Err(Base64Error::BadChar { at, found }),
        };
        acc = (acc << 6) | v;
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
            acc &= (1 << bits) - 1;
        }
    }
    if bits == 6 {
        return Err(Base64Error::Truncated);
    }
    Ok(out)
}

/// Why no key of the JWKS can check a delivery.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum KeyProblem {
    /// The header names no key.
    NoKid,
    /// The JWKS has no key with this kid (rotated away, or another organization's).
    NoKeyWithKid(String),
    /// The key with this kid is not an EC P-256 key with `x` and `y`.
    NotP256(String),
}

/// The key a delivery names in its header's `kid`.
pub fn select_key<'a>(jwks: &'a Jwks, kid: Option<&str>) -> Result<&'a Jwk, KeyProblem> {
    let kid = kid.ok_or(KeyProblem::NoKid)?;
    let key = jwks
        .keys
        .iter()
        .find(|k| k.kid == kid)
        .ok_or_else(|| KeyProblem::NoKeyWithKid(kid.to_owned()))?;
    if key.kty == "EC" && key.crv == "P-256" && !key.x.is_empty() && !key.y.is_empty() {
        Ok(key)
    } else {
        Err(KeyProblem::NotP256(kid.to_owned()))
    }
}

/// Where the keys for a delivery come from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum KeysSource {
    /// The cached set: it has the `kid` (or the token names none, which no set helps).
    Cache,
    /// Fetch the set: none is cached, or the cached one lacks the `kid` and the last fetch
    /// for that reason is older than [`JWKS_REFETCH_SECS`].
    Fetch,
    /// The cached set lacks the `kid`, but it was fetched again less than
    /// [`JWKS_REFETCH_SECS`] ago: the key is unknown for now.
    CacheRefetchedRecently,
}

/// Decides whether to fetch the keys again for a delivery naming `kid`; `last_fetch` is
/// when the verifier last fetched them (Unix seconds), `now` the time now.
pub fn keys_source(
    cached: Option<&Jwks>,
    kid: Option<&str>,
    last_fetch: Option<i64>,
    now: i64,
) -> KeysSource {
    let Some(keys) = cached else {
        return KeysSource::Fetch;
    };
    match kid {
        Some(kid) if !keys.keys.iter().any(|k| k.kid == kid) => match last_fetch {
            // A clock set back is not a reason to stop fetching for good.
            Some(at) if (0..JWKS_REFETCH_SECS).contains(&(now - at)) => {
                KeysSource::CacheRefetchedRecently
            }
            _ => KeysSource::Fetch,
        },
        _ => KeysSource::Cache,
    }
}

/// What the claims say about the delivery, each good or bad.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Finding {
    /// A claim every delivery carries is absent.
    MissingClaim(&'static str),
    AudienceMatches {
        aud: String,
    },
    /// `aud` is not the connected organization: a delivery for someone else.
    AudienceDiffers {
        aud: String,
        org_id: String,
    },
    /// `target_url` is the URL of this webhook of the organization.
    TargetMatches {
        webhook_id: String,
        name: String,
    },
    /// No webhook of the organization has `target_url` (now).
    TargetUnknown {
        target_url: String,
    },
    /// `webhook_id` is the id of the webhook `target_url` names.
    WebhookIdMatches {
        name: String,
    },
    /// `webhook_id` is not the id of the webhook `target_url` names.
    WebhookIdDiffers {
        claimed: String,
        expected: String,
        name: String,
    },
    /// `target_url` names no webhook, but `webhook_id` does: that webhook's URL is another
    /// one now (changed since the delivery?).
    WebhookIdElsewhere {
        name: String,
        target_url: String,
    },
    /// Neither `target_url` nor `webhook_id` names a webhook of the organization.
    WebhookIdUnknown {
        claimed: String,
    },
    NotExpired {
        exp: i64,
    },
    /// `exp` is not after `now`: a receiver must reject the call.
    Expired {
        exp: i64,
    },
    /// `iss` is not SlashID's [`ISSUER`]: someone else made the token.
    IssuerDiffers {
        iss: String,
    },
    /// `iat` is later than `now` plus [`CLOCK_LEEWAY_SECS`]: no real delivery is made in
    /// the future.
    IssuedInFuture {
        iat: i64,
    },
    /// `nbf` is later than `now` plus [`CLOCK_LEEWAY_SECS`]: not valid yet.
    NotYetValid {
        nbf: i64,
    },
}

impl Finding {
    /// `true` for what a receiver would accept.
    pub fn is_ok(&self) -> bool {
        matches!(
            self,
            Finding::AudienceMatches { .. }
                | Finding::TargetMatches { .. }
                | Finding::WebhookIdMatches { .. }
                | Finding::NotExpired { .. }
        )
    }
}

/// Checks the claims against the organization: `aud` against `org_id`, `target_url` and
/// `webhook_id` against its `webhooks`, `exp` against `now` (Unix seconds); and, where
/// present, `iss` against [`ISSUER`], `iat` and `nbf` against `now` with
/// [`CLOCK_LEEWAY_SECS`].
pub fn check_claims(claims: &Claims, org_id: &str, webhooks: &[Webhook], now: i64) -> Vec<Finding> {
    let mut findings = Vec::new();
    match &claims.aud {
        None => findings.push(Finding::MissingClaim("aud")),
        Some(aud) if aud == org_id => findings.push(Finding::AudienceMatches { aud: aud.clone() }),
        Some(aud) => findings.push(Finding::AudienceDiffers {
            aud: aud.clone(),
            org_id: org_id.to_owned(),
        }),
    }
    let by_url = claims.target_url.as_ref().and_then(|url| {
        webhooks
            .iter()
            .find(|w| same_target_url(&w.target_url, url))
    });
    match (&claims.target_url, by_url) {
        (None, _) => findings.push(Finding::MissingClaim("target_url")),
        (Some(_), Some(w)) => findings.push(Finding::TargetMatches {
            webhook_id: w.id.clone(),
            name: w.name.clone(),
        }),
        (Some(url), None) => findings.push(Finding::TargetUnknown {
            target_url: url.clone(),
        }),
    }
    match (&claims.webhook_id, by_url) {
        (None, _) => findings.push(Finding::MissingClaim("webhook_id")),
        (Some(id), Some(w)) if *id == w.id => {
            findings.push(Finding::WebhookIdMatches {
                name: w.name.clone(),
            });
        }
        (Some(id), Some(w)) => findings.push(Finding::WebhookIdDiffers {
            claimed: id.clone(),
            expected: w.id.clone(),
            name: w.name.clone(),
        }),
        (Some(id), None) => match webhooks.iter().find(|w| w.id == *id) {
            Some(w) => findings.push(Finding::WebhookIdElsewhere {
                name: w.name.clone(),
                target_url: w.target_url.clone(),
            }),
            None => findings.push(Finding::WebhookIdUnknown {
                claimed: id.clone(),
            }),
        },
    }
    match claims.exp {
        None => findings.push(Finding::MissingClaim("exp")),
        Some(exp) if exp > now => findings.push(Finding::NotExpired { exp }),
        Some(exp) => findings.push(Finding::Expired { exp }),
    }
    if let Some(iss) = claims.iss.as_ref().filter(|iss| *iss != ISSUER) {
        findings.push(Finding::IssuerDiffers { iss: iss.clone() });
    }
    let future = |t: Option<i64>| t.filter(|t| *t > now.saturating_add(CLOCK_LEEWAY_SECS));
    if let Some(iat) = future(claims.iat) {
        findings.push(Finding::IssuedInFuture { iat });
    }
    if let Some(nbf) = future(claims.nbf) {
        findings.push(Finding::NotYetValid { nbf });
    }
    findings
}

/// One call the sandbox recorded (`GET /sandbox/deliveries`, newest first). Sandbox only:
/// the real API has no such endpoint.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordedDelivery {
    pub id: String,
    pub webhook_id: String,
    #[serde(default)]
    pub target_url: String,
    #[serde(default)]
    pub trigger_name: String,
    /// RFC 3339.
    #[serde(default)]
    pub created_at: String,
    pub jwt: String,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::slashid::wire::DeliveryClaims;

    fn b64(bytes: &[u8]) -> String {
        const ALPHABET: &[u8; 64] =
            b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let n = chunk.len();
            let v = (u32::from(chunk[0]) << 16)
                | (u32::from(*chunk.get(1).unwrap_or(&0)) << 8)
                | u32::from(*chunk.get(2).unwrap_or(&0));
            for i in 0..=n {
                out.push(ALPHABET[((v >> (18 - 6 * i)) & 63) as usize] as char);
            }
        }
        out
    }

    fn token(header: &str, claims: &str, sig_len: usize) -> String {
        format!(
            "{}.{}.{}",
            b64(header.as_bytes()),
            b64(claims.as_bytes()),
            b64(&vec![7u8; sig_len])
        )
    }

    const HEADER: &str = r#"{"alg":"ES256","typ":"JWT","kid":"k1"}"#;

    fn sandbox_claims() -> DeliveryClaims {
        DeliveryClaims {
            aud: "org-1".into(),
            iss: "https://api.slashid.com".into(),
            exp: 1_700_000_300,
            iat: 1_700_000_000,
            jti: "j-1".into(),
            sub: "org-1".into(),
            target_url: "https://hooks.example.com/a".into(),
            trigger_type: "event".into(),
            trigger_name: "PersonCreated_v1".into(),
            trigger_content: serde_json::json!({"event_id": "e", "nested": [1, {"x": null}]}),
            webhook_id: "w1".into(),
        }
    }

    fn hook(id: &str, name: &str, url: &str) -> Webhook {
        Webhook {
            id: id.into(),
            name: name.into(),
            target_url: url.into(),
            ..Default::default()
        }
    }

    #[test]
    fn decodes_base64url() {
        assert_eq!(base64url_decode("").unwrap(), b"");
        assert_eq!(base64url_decode("Zg").unwrap(), b"f");
        assert_eq!(base64url_decode("Zm8").unwrap(), b"fo");
        assert_eq!(base64url_decode("Zm9v").unwrap(), b"foo");
        assert_eq!(base64url_decode("-_8").unwrap(), [0xfb, 0xff]);
        assert_eq!(base64url_decode("Zm9vY"), Err(Base64Error::Truncated));
        assert_eq!(
            base64url_decode("Zm+v"),
            Err(Base64Error::BadChar { at: 2, found: '+' })
        );
        assert_eq!(
            base64url_decode("Zg=="),
            Err(Base64Error::BadChar { at: 2, found: '=' })
        );
        assert_eq!(
            base64url_decode("Zé"),
            Err(Base64Error::BadChar { at: 1, found: 'é' })
        );
        let all: Vec<u8> = (0..=255).collect();
        for n in 0..all.len() {
            assert_eq!(base64url_decode(&b64(&all[..n])).unwrap(), &all[..n]);
        }
    }

    #[test]
    fn parses_a_sandbox_shaped_delivery() {
        let claims_json = serde_json::to_string(&sandbox_claims()).unwrap();
        let t = token(HEADER, &claims_json, 64);
        let p = parse(&format!("  {}\n", t)).unwrap();
        assert_eq!(p.header.alg.as_deref(), Some("ES256"));
        assert_eq!(p.header.kid.as_deref(), Some("k1"));
        assert_eq!(p.header_json, HEADER);
        assert_eq!(p.claims_json, claims_json);
        assert_eq!(p.signature, vec![7u8; 64]);
        let (h, c, _) = {
            let mut it = t.split('.');
            (it.next().unwrap(), it.next().unwrap(), it.next().unwrap())
        };
        assert_eq!(p.signing_input, format!("{h}.{c}"));
        // Every claim of the wire type is read.
        let w = sandbox_claims();
        assert_eq!(
            p.claims,
            Claims {
                aud: Some(w.aud),
                iss: Some(w.iss),
                exp: Some(w.exp),
                iat: Some(w.iat),
                nbf: None,
                jti: Some(w.jti),
                sub: Some(w.sub),
                target_url: Some(w.target_url),
                trigger_type: Some(w.trigger_type),
                trigger_name: Some(w.trigger_name),
                webhook_id: Some(w.webhook_id),
            }
        );
        // Wrapped over lines, as a pasted body may be.
        let wrapped: String = t
            .chars()
            .enumerate()
            .flat_map(|(i, c)| if i % 40 == 39 { vec![c, '\n'] } else { vec![c] })
            .collect();
        assert_eq!(parse(&wrapped).unwrap(), p);
    }

    #[test]
    fn says_what_is_wrong_with_garbage() {
        assert_eq!(parse(""), Err(ParseError::Empty));
        assert_eq!(parse(" \n\t"), Err(ParseError::Empty));
        assert_eq!(parse("hello"), Err(ParseError::NotThreeParts { parts: 1 }));
        assert_eq!(
            parse("a.b.c.d.e"),
            Err(ParseError::NotThreeParts { parts: 5 })
        );
        assert!(matches!(
            parse("eyJ!.e30.AA"),
            Err(ParseError::BadBase64 {
                part: Part::Header,
                at: 3,
                found: '!'
            })
        ));
        assert_eq!(
            parse(&format!("{}.e30.A", b64(HEADER.as_bytes()))),
            Err(ParseError::TruncatedBase64 {
                part: Part::Signature
            })
        );
        assert_eq!(
            parse(&token("{not json", "{}", 64)),
            Err(ParseError::BadJson {
                part: Part::Header,
                problem: JsonProblem::Syntax { line: 1, column: 2 },
            })
        );
        assert!(matches!(
            parse(&token("[1]", "{}", 64)),
            Err(ParseError::BadJson {
                part: Part::Header,
                ..
            })
        ));
        assert!(matches!(
            parse(&token(HEADER, "\"a string\"", 64)),
            Err(ParseError::BadJson {
                part: Part::Claims,
                ..
            })
        ));
        assert!(matches!(
            parse(&token(HEADER, r#"{"exp":"tomorrow"}"#, 64)),
            Err(ParseError::BadJson {
                part: Part::Claims,
                problem: JsonProblem::Shape { line: 1, .. },
            })
        ));
        let not_utf8 = format!("{}.{}.{}", b64(&[0xff, 0xfe]), b64(b"{}"), b64(&[0; 64]));
        assert!(matches!(
            parse(&not_utf8),
            Err(ParseError::BadJson {
                part: Part::Header,
                problem: JsonProblem::NotUtf8,
            })
        ));
        assert_eq!(
            parse(&token(r#"{"alg":"none"}"#, "{}", 0)),
            Err(ParseError::AlgNotEs256 {
                alg: Some("none".into())
            })
        );
        assert_eq!(
            parse(&token(r#"{"alg":"HS256","kid":"k1"}"#, "{}", 32)),
            Err(ParseError::AlgNotEs256 {
                alg: Some("HS256".into())
            })
        );
        assert_eq!(
            parse(&token(r#"{"typ":"JWT"}"#, "{}", 64)),
            Err(ParseError::AlgNotEs256 { alg: None })
        );
        // A DER-encoded ECDSA signature (what some libraries produce) is not raw r || s.
        assert_eq!(
            parse(&token(HEADER, "{}", 71)),
            Err(ParseError::BadSignatureLength { len: 71 })
        );
    }

    #[test]
    fn big_garbage_is_handled_quickly() {
        let big = "A".repeat(100_000);
        assert_eq!(parse(&big), Err(ParseError::NotThreeParts { parts: 1 }));
        let dots = ".".repeat(100_000);
        assert_eq!(
            parse(&dots),
            Err(ParseError::NotThreeParts { parts: 100_001 })
        );
        assert!(matches!(
            parse(&format!("{big}.{big}.{big}")),
            Err(ParseError::BadJson { .. })
        ));
    }

    #[test]
    fn selects_the_key_named_by_kid() {
        let key = |kid: &str, kty: &str, crv: &str| Jwk {
            kty: kty.into(),
            crv: crv.into(),
            x: "x".into(),
            y: "y".into(),
            kid: kid.into(),
            ..Default::default()
        };
        let jwks = Jwks {
            keys: vec![
                key("a", "EC", "P-256"),
                key("b", "EC", "P-384"),
                key("c", "RSA", ""),
            ],
        };
        assert_eq!(select_key(&jwks, Some("a")).unwrap().kid, "a");
        assert_eq!(select_key(&jwks, None), Err(KeyProblem::NoKid));
        assert_eq!(
            select_key(&jwks, Some("z")),
            Err(KeyProblem::NoKeyWithKid("z".into()))
        );
        assert_eq!(
            select_key(&jwks, Some("b")),
            Err(KeyProblem::NotP256("b".into()))
        );
        assert_eq!(
            select_key(&jwks, Some("c")),
            Err(KeyProblem::NotP256("c".into()))
        );
    }

    fn claims() -> Claims {
        let c = sandbox_claims();
        Claims {
            aud: Some(c.aud),
            exp: Some(c.exp),
            target_url: Some(c.target_url),
            webhook_id: Some(c.webhook_id),
            ..Default::default()
        }
    }

    #[test]
    fn a_good_delivery_has_only_good_findings() {
        let hooks = [
            hook("w0", "Other", "https://hooks.example.com/b"),
            hook("w1", "Billing", "https://hooks.example.com/a"),
        ];
        let f = check_claims(&claims(), "org-1", &hooks, 1_700_000_299);
        assert_eq!(
            f,
            vec![
                Finding::AudienceMatches {
                    aud: "org-1".into()
                },
                Finding::TargetMatches {
                    webhook_id: "w1".into(),
                    name: "Billing".into()
                },
                Finding::WebhookIdMatches {
                    name: "Billing".into()
                },
                Finding::NotExpired { exp: 1_700_000_300 },
            ]
        );
        assert!(f.iter().all(Finding::is_ok));
    }

    #[test]
    fn flags_each_claim_that_does_not_fit() {
        let hooks = [
            hook("w1", "Billing", "https://hooks.example.com/a"),
            hook("w2", "Audit", "https://hooks.example.com/z"),
        ];
        let mut c = claims();
        c.aud = Some("org-2".into());
        c.webhook_id = Some("w2".into());
        let f = check_claims(&c, "org-1", &hooks, 1_700_000_300);
        assert_eq!(
            f,
            vec![
                Finding::AudienceDiffers {
                    aud: "org-2".into(),
                    org_id: "org-1".into()
                },
                Finding::TargetMatches {
                    webhook_id: "w1".into(),
                    name: "Billing".into()
                },
                Finding::WebhookIdDiffers {
                    claimed: "w2".into(),
                    expected: "w1".into(),
                    name: "Billing".into()
                },
                // `exp` is the first second at which the token is no longer valid.
                Finding::Expired { exp: 1_700_000_300 },
            ]
        );
        assert_eq!(f.iter().filter(|f| f.is_ok()).count(), 1);

        c.target_url = Some("https://hooks.example.com/gone".into());
        let f = check_claims(&c, "org-1", &hooks, 0);
        assert!(f.contains(&Finding::TargetUnknown {
            target_url: "https://hooks.example.com/gone".into()
        }));
        assert!(f.contains(&Finding::WebhookIdElsewhere {
            name: "Audit".into(),
            target_url: "https://hooks.example.com/z".into()
        }));
        c.webhook_id = Some("w9".into());
        let f = check_claims(&c, "org-1", &hooks, 0);
        assert!(f.contains(&Finding::WebhookIdUnknown {
            claimed: "w9".into()
        }));

        let f = check_claims(&Claims::default(), "org-1", &hooks, 0);
        assert_eq!(
            f,
            ["aud", "target_url", "webhook_id", "exp"].map(Finding::MissingClaim)
        );
    }

    #[test]
    fn iss_iat_and_nbf_are_checked_where_present_with_the_leeway() {
        let now = 1_700_000_000;
        let with = |iss: Option<&str>, iat: Option<i64>, nbf: Option<i64>| {
            let c = Claims {
                iss: iss.map(str::to_owned),
                iat,
                nbf,
                ..claims()
            };
            // Only what follows exp: iss, iat, nbf.
            check_claims(&c, "org-1", &[], now).split_off(4)
        };
        assert_eq!(with(None, None, None), vec![]);
        assert_eq!(with(Some(ISSUER), Some(now), Some(now)), vec![]);
        assert_eq!(
            with(Some("https://evil.example.com"), None, None),
            vec![Finding::IssuerDiffers {
                iss: "https://evil.example.com".into()
            }]
        );
        // Not a prefix or a look-alike either.
        assert_eq!(
            with(Some("https://api.slashid.com/"), None, None),
            vec![Finding::IssuerDiffers {
                iss: "https://api.slashid.com/".into()
            }]
        );
        // Up to the leeway ahead is the clocks disagreeing; one second more is refused.
        let edge = now + CLOCK_LEEWAY_SECS;
        assert_eq!(with(None, Some(edge), Some(edge)), vec![]);
        assert_eq!(
            with(None, Some(edge + 1), None),
            vec![Finding::IssuedInFuture { iat: edge + 1 }]
        );
        assert_eq!(
            with(None, None, Some(edge + 1)),
            vec![Finding::NotYetValid { nbf: edge + 1 }]
        );
        assert!(!Finding::IssuerDiffers { iss: String::new() }.is_ok());
        assert!(!Finding::IssuedInFuture { iat: 0 }.is_ok());
        assert!(!Finding::NotYetValid { nbf: 0 }.is_ok());
        // Far past and far future do not overflow.
        assert_eq!(with(None, Some(i64::MIN), Some(i64::MIN)), vec![]);
        let late = Claims {
            nbf: Some(i64::MAX),
            iat: Some(i64::MAX),
            ..claims()
        };
        let f = check_claims(&late, "org-1", &[], i64::MAX - 1);
        assert!(
            !f.iter().any(|f| matches!(
                f,
                Finding::NotYetValid { .. } | Finding::IssuedInFuture { .. }
            )),
            "{f:?}"
        );
    }

    #[test]
    fn the_keys_are_fetched_again_for_an_unknown_kid_once_per_window() {
        let jwks = Jwks {
            keys: vec![Jwk {
                kid: "k1".into(),
                ..Default::default()
            }],
        };
        let now = 1_700_000_000;
        // Nothing cached: fetch, whatever the last fetch.
        assert_eq!(
            keys_source(None, Some("k1"), Some(now), now),
            KeysSource::Fetch
        );
        // The kid is known, or none is named: the cache, never a request.
        assert_eq!(
            keys_source(Some(&jwks), Some("k1"), None, now),
            KeysSource::Cache
        );
        assert_eq!(keys_source(Some(&jwks), None, None, now), KeysSource::Cache);
        // Unknown kid: fetch, unless the last fetch is younger than the window.
        assert_eq!(
            keys_source(Some(&jwks), Some("k2"), None, now),
            KeysSource::Fetch
        );
        assert_eq!(
            keys_source(Some(&jwks), Some("k2"), Some(now), now),
            KeysSource::CacheRefetchedRecently
        );
        assert_eq!(
            keys_source(
                Some(&jwks),
                Some("k3"),
                Some(now - JWKS_REFETCH_SECS + 1),
                now
            ),
            KeysSource::CacheRefetchedRecently
        );
        assert_eq!(
            keys_source(Some(&jwks), Some("k3"), Some(now - JWKS_REFETCH_SECS), now),
            KeysSource::Fetch
        );
        // A clock set back does not block fetching.
        assert_eq!(
            keys_source(Some(&jwks), Some("k2"), Some(now + 3600), now),
            KeysSource::Fetch
        );
    }

    #[test]
    fn reads_the_sandbox_delivery_list() {
        let body = r#"{"id":"d1","webhook_id":"w1","target_url":"https://h.example.com/","trigger_name":"PersonCreated_v1","created_at":"2025-01-01T00:00:00Z","jwt":"a.b.c","later":1}"#;
        let d: RecordedDelivery = serde_json::from_str(body).unwrap();
        assert_eq!(d.jwt, "a.b.c");
        assert_eq!(d.trigger_name, "PersonCreated_v1");
    }
}

/// The decoder against the `base64` crate (a dev-dependency only: the console ships the
/// short decoder above).
#[cfg(test)]
mod base64_parity {
    use base64::Engine;
    use base64::engine::DecodePaddingMode;
    use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, URL_SAFE_NO_PAD};
    use proptest::prelude::*;

    use super::base64url_decode;

    const LENIENT: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::URL_SAFE,
        GeneralPurposeConfig::new()
            .with_decode_allow_trailing_bits(true)
            .with_decode_padding_mode(DecodePaddingMode::RequireNone),
    );

    proptest! {
        #[test]
        fn round_trips(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
            prop_assert_eq!(base64url_decode(&URL_SAFE_NO_PAD.encode(&bytes)).unwrap(), bytes);
        }

        #[test]
        fn agrees_on_any_text(text in "[A-Za-z0-9_+/=.-]{0,40}") {
            prop_assert_eq!(base64url_decode(&text).ok(), LENIENT.decode(&text).ok());
        }
    }
}
