//! The host's credentials for a mount's requests: an `apiKey` option, or an async
//! `getCredentials({ refresh })` that gives `{ headers }`, asked before each request and
//! once more after a 401/403.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use super::{MOUNTS, get};
use crate::error::{ApiError, NotSent};

/// Whether a 401 is worth one more try: only when the host can give fresh credentials.
pub fn can_refresh(mount: Option<u32>) -> bool {
    mount.is_some_and(|id| {
        MOUNTS.with(|m| {
            m.borrow()
                .get(&id)
                .is_some_and(|m| m.get_credentials.is_some())
        })
    })
}

/// How long the host's `getCredentials` may take. inferred: 10 s; a function that never
/// settles would otherwise hold the request (and the admin) forever.
pub const CREDENTIALS_TIMEOUT_MS: i32 = 10_000;

/// What the deadline rejects with.
const TIMED_OUT: &str = "webhook-console: getCredentials did not settle in time";

/// A promise that rejects with [`TIMED_OUT`] after [`CREDENTIALS_TIMEOUT_MS`].
fn deadline() -> js_sys::Promise {
    js_sys::Promise::new(&mut |_, reject| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_1(
                &reject,
                CREDENTIALS_TIMEOUT_MS,
                &JsValue::from_str(TIMED_OUT),
            );
        }
    })
}

/// What the host gave for a request of a mount.
#[derive(Clone, PartialEq, Eq)]
pub enum Credentials {
    /// Outside a mount (tests), or a mount with neither: the client's own connection.
    None,
    /// `apiKey`: the provider's client puts it in its own header.
    Key(String),
    /// What `getCredentials()` gave, as header name and value pairs.
    Headers(Vec<(String, String)>),
}

/// The credentials of a request of this mount: its `apiKey`, or what `getCredentials()`
/// gives (`refresh` tells it a 401 came back). A `getCredentials` that throws or rejects
/// means nothing is sent: `ApiError::NotSent`, never a network error (nothing reached the
/// API), and never its text (which could quote a token).
pub async fn credentials(mount: Option<u32>, refresh: bool) -> Result<Credentials, ApiError> {
    let Some(id) = mount else {
        return Ok(Credentials::None);
    };
    let (api_key, provider) = MOUNTS.with(|m| {
        m.borrow()
            .get(&id)
            .map(|m| (m.api_key.clone(), m.get_credentials.clone()))
            .unwrap_or_default()
    });
    if let Some(provider) = provider {
        let arg = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&arg, &"refresh".into(), &JsValue::from_bool(refresh));
        let failed = |e: JsValue| {
            ApiError::NotSent(if e.as_string().as_deref() == Some(TIMED_OUT) {
                NotSent::CredentialsTimedOut
            } else {
                NotSent::Credentials
            })
        };
        let value = provider.call1(&JsValue::NULL, &arg).map_err(failed)?;
        let raced = js_sys::Promise::race(&js_sys::Array::of2(
            &js_sys::Promise::resolve(&value),
            &deadline(),
        ));
        let value = JsFuture::from(raced).await.map_err(failed)?;
        // The host may have closed the console while its function ran: then nothing is
        // sent (the request would change data behind a console that is gone).
        if !is_open(id) {
            return Err(ApiError::NotSent(NotSent::Unmounted));
        }
        return Ok(Credentials::Headers(headers_of(&get(&value, "headers"))));
    }
    Ok(api_key.map_or(Credentials::None, Credentials::Key))
}

/// Whether the mount is still on the page (not unmounted, not closing).
fn is_open(id: u32) -> bool {
    MOUNTS.with(|m| {
        m.borrow()
            .get(&id)
            .is_some_and(|m| m.closing.is_none() && m.live.is_some())
    })
}

/// `{ name: value }` or a `Headers` object, as pairs.
fn headers_of(value: &JsValue) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(headers) = value.dyn_ref::<web_sys::Headers>() {
        if let Ok(Some(iter)) = js_sys::try_iter(headers) {
            for pair in iter.flatten() {
                let pair: js_sys::Array = pair.unchecked_into();
                if let (Some(k), Some(v)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                    out.push((k, v));
                }
            }
        }
    } else if value.is_object() {
        for entry in js_sys::Object::entries(value.unchecked_ref()).iter() {
            let pair: js_sys::Array = entry.unchecked_into();
            if let (Some(k), Some(v)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                out.push((k, v));
            }
        }
    }
    out
}
