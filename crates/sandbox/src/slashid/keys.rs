//! The organizations' ES256 keys: the JWKS and the JWTs deliveries are signed with.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use p256::ecdsa::signature::Signer;
use p256::ecdsa::{Signature, SigningKey};
use sha2::{Digest, Sha256};
use webhook_rules::slashid::wire::Jwk;

use crate::common::crypto::random_bytes;

pub fn new_signing_key() -> SigningKey {
    loop {
        // A random 32-byte string is a valid P-256 scalar but with negligible probability.
        if let Ok(key) = SigningKey::from_slice(&random_bytes::<32>()) {
            return key;
        }
    }
}

pub fn signing_key_bytes(key: &SigningKey) -> Vec<u8> {
    key.to_bytes().to_vec()
}

pub fn signing_key_from_bytes(bytes: &[u8]) -> Result<SigningKey, String> {
    SigningKey::from_slice(bytes).map_err(|_| "stored signing key is invalid".to_owned())
}

/// The public JWK of a signing key; `kid` is its RFC 7638 thumbprint, so it is stable
/// for as long as the key is.
pub fn public_jwk(key: &SigningKey) -> Jwk {
    let point = key.verifying_key().to_encoded_point(false);
    let x = B64.encode(point.x().expect("uncompressed point has x"));
    let y = B64.encode(point.y().expect("uncompressed point has y"));
    let thumbprint_input = format!(r#"{{"crv":"P-256","kty":"EC","x":"{x}","y":"{y}"}}"#);
    let kid = B64.encode(Sha256::digest(thumbprint_input.as_bytes()));
    Jwk {
        kty: "EC".to_owned(),
        crv: "P-256".to_owned(),
        x,
        y,
        kid,
        alg: "ES256".to_owned(),
        use_: "sig".to_owned(),
        key_ops: vec!["verify".to_owned()],
    }
}

/// A compact JWS (ES256) over `claims`.
pub fn sign_jwt(key: &SigningKey, kid: &str, claims: &impl serde::Serialize) -> String {
    let header = serde_json::json!({ "alg": "ES256", "typ": "JWT", "kid": kid });
    let signing_input = format!(
        "{}.{}",
        B64.encode(header.to_string()),
        B64.encode(serde_json::to_vec(claims).expect("claims serialize"))
    );
    let signature: Signature = key.sign(signing_input.as_bytes());
    format!("{signing_input}.{}", B64.encode(signature.to_bytes()))
}
