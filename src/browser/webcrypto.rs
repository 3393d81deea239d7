//! The browser's WebCrypto, for checking a delivery's signature in the page (SlashID's
//! ES256, InstaVM's and Droplit's HMAC-SHA256): no crypto crate in the bundle. WebCrypto
//! exists only in secure contexts (HTTPS pages and localhost).

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

/// Why a signature could not be checked at all (as opposed to "checked: invalid").
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CryptoError {
    /// No `crypto.subtle`: the page is not a secure context.
    Unavailable,
    /// The browser refused the key (e.g. `x`/`y` not a point on P-256).
    BadKey(String),
    Failed(String),
}

fn subtle() -> Result<web_sys::SubtleCrypto, CryptoError> {
    let crypto = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .ok_or(CryptoError::Unavailable)?;
    let subtle = crypto.subtle();
    if JsValue::from(subtle.clone()).is_undefined() {
        return Err(CryptoError::Unavailable);
    }
    Ok(subtle)
}

/// Checks an ES256 signature (raw `r || s`, as JWS carries it and WebCrypto expects) over
/// `data` with a P-256 public key given as a JWK's `x` and `y`.
pub async fn verify_es256(
    x: &str,
    y: &str,
    data: &[u8],
    signature: &[u8],
) -> Result<bool, CryptoError> {
    let subtle = subtle()?;
    let key_data = web_sys::JsonWebKey::new("EC");
    key_data.set_crv("P-256");
    key_data.set_x(x);
    key_data.set_y(y);
    let params = web_sys::EcKeyImportParams::new("ECDSA");
    params.set_named_curve("P-256");
    let usages = js_sys::Array::of1(&JsValue::from_str("verify"));
    let import = subtle
        .import_key_with_object("jwk", &key_data, &params, false, &usages)
        .map_err(|e| CryptoError::BadKey(js_text(&e)))?;
    let key: web_sys::CryptoKey = JsFuture::from(import)
        .await
        .map_err(|e| CryptoError::BadKey(js_text(&e)))?
        .unchecked_into();
    let algorithm = web_sys::EcdsaParams::new_with_str("ECDSA", "SHA-256");
    let verify = subtle
        .verify_with_object_and_u8_array_and_u8_array(&algorithm, &key, signature, data)
        .map_err(|e| CryptoError::Failed(js_text(&e)))?;
    let verdict = JsFuture::from(verify)
        .await
        .map_err(|e| CryptoError::Failed(js_text(&e)))?;
    Ok(verdict.as_bool() == Some(true))
}

/// The lower-case hex HMAC-SHA256 of `data` under `secret` (its UTF-8 bytes as the key),
/// as InstaVM's and Droplit's delivery signatures are made. The secret goes to WebCrypto
/// as a non-extractable key and is never part of an error.
pub async fn hmac_sha256_hex(secret: &str, data: &[u8]) -> Result<String, CryptoError> {
    let subtle = subtle()?;
    let algorithm = js_sys::Object::new();
    let set = |k: &str, v: &str| {
        js_sys::Reflect::set(&algorithm, &JsValue::from_str(k), &JsValue::from_str(v))
    };
    set("name", "HMAC").map_err(|e| CryptoError::Failed(js_text(&e)))?;
    set("hash", "SHA-256").map_err(|e| CryptoError::Failed(js_text(&e)))?;
    let key_data = js_sys::Uint8Array::from(secret.as_bytes());
    let usages = js_sys::Array::of1(&JsValue::from_str("sign"));
    let import = subtle
        .import_key_with_object("raw", &key_data, &algorithm, false, &usages)
        .map_err(|e| CryptoError::BadKey(js_text(&e)))?;
    let key: web_sys::CryptoKey = JsFuture::from(import)
        .await
        .map_err(|e| CryptoError::BadKey(js_text(&e)))?
        .unchecked_into();
    let sign = subtle
        .sign_with_str_and_u8_array("HMAC", &key, data)
        .map_err(|e| CryptoError::Failed(js_text(&e)))?;
    let mac = JsFuture::from(sign)
        .await
        .map_err(|e| CryptoError::Failed(js_text(&e)))?;
    let bytes = js_sys::Uint8Array::new(&mac).to_vec();
    Ok(hex(&bytes))
}

fn hex(bytes: &[u8]) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = String::with_capacity(bytes.len() * 2);
    for b in bytes {
        out.push(DIGITS[usize::from(b >> 4)] as char);
        out.push(DIGITS[usize::from(b & 15)] as char);
    }
    out
}

/// JSON text re-indented by the browser's `JSON` (two spaces); the text as it is when it
/// does not parse. For display only.
pub fn pretty_json(text: &str) -> String {
    js_sys::JSON::parse(text)
        .ok()
        .and_then(|v| {
            js_sys::JSON::stringify_with_replacer_and_space(&v, &JsValue::NULL, &JsValue::from(2))
                .ok()
        })
        .and_then(|s| s.as_string())
        .unwrap_or_else(|| text.to_owned())
}

fn js_text(v: &JsValue) -> String {
    v.dyn_ref::<js_sys::Error>()
        .map(|e| String::from(e.message()))
        .or_else(|| v.as_string())
        .unwrap_or_else(|| "unknown error".to_owned())
}
