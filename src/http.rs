//! The one HTTP transport of the console: a request out, an answer back (its status, its
//! headers, its text). It knows nothing of the embedding, the words or Leptos signals:
//! each provider's client adds its credentials and reads the answer.
//!
//! Nothing here logs: request headers hold keys.

use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::error::ApiError;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Get,
    Post,
    Patch,
    Put,
    Delete,
}

impl Method {
    pub fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Post => "POST",
            Method::Patch => "PATCH",
            Method::Put => "PUT",
            Method::Delete => "DELETE",
        }
    }
}

/// Any answer, 2xx or not.
pub struct Answer {
    pub status: u16,
    pub body: String,
    headers: web_sys::Headers,
}

impl Answer {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// A response header, when the answer has it (and CORS exposes it).
    pub fn header(&self, name: &str) -> Option<String> {
        self.headers.get(name).ok().flatten()
    }
}

/// The largest answer the console reads. inferred: 8 MiB, four times the list of 10,000
/// webhooks the benchmark loads; a larger one is refused (`ApiError::TooLarge`) rather
/// than parsed and drawn.
pub const MAX_ANSWER_BYTES: usize = 8 * 1024 * 1024;

/// How long a read waits for its whole answer. inferred: 30 s; a change that waits for
/// the server's own timeout (SlashID's consistency) gets that timeout plus this margin.
pub const READ_TIMEOUT_SECS: u32 = 30;

/// Sends one request; a JSON `body` gets its content type. It carries credentials, so:
/// never followed through a redirect (`redirect: "error"`), never cached
/// (`cache: "no-store"`), and given up after `timeout_secs` for the whole answer (an
/// answer that never ends is `ApiError::TimedOut`). Only a request without a whole
/// answer fails here: every status is an [`Answer`].
pub async fn send(
    method: Method,
    url: &str,
    headers: &[(&str, &str)],
    body: Option<&str>,
    timeout_secs: u32,
) -> Result<Answer, ApiError> {
    let net = |e: JsValue| {
        if e.dyn_ref::<web_sys::DomException>()
            .is_some_and(|d| d.name() == "TimeoutError")
        {
            ApiError::TimedOut(timeout_secs)
        } else {
            ApiError::Network(js_text(&e))
        }
    };
    let request_headers = web_sys::Headers::new().map_err(net)?;
    for (name, value) in headers {
        request_headers.set(name, value).map_err(net)?;
    }
    let init = web_sys::RequestInit::new();
    init.set_method(method.as_str());
    if let Some(body) = body {
        request_headers
            .set("Content-Type", "application/json")
            .map_err(net)?;
        init.set_body(&JsValue::from_str(body));
    }
    init.set_headers(&request_headers);
    init.set_redirect(web_sys::RequestRedirect::Error);
    init.set_cache(web_sys::RequestCache::NoStore);
    let deadline = web_sys::AbortSignal::timeout_with_u32(timeout_secs.saturating_mul(1000));
    init.set_signal(Some(&deadline));
    let request = web_sys::Request::new_with_str_and_init(url, &init).map_err(net)?;
    let window = web_sys::window().ok_or_else(|| ApiError::Network("no window".into()))?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_request(&request))
        .await
        .map_err(net)?
        .dyn_into()
        .map_err(|_| ApiError::Malformed("not a Response"))?;
    let headers = response.headers();
    let declared = headers
        .get("Content-Length")
        .ok()
        .flatten()
        .and_then(|n| n.trim().parse::<usize>().ok());
    if declared.is_some_and(|n| n > MAX_ANSWER_BYTES) {
        return Err(ApiError::TooLarge);
    }
    // A body cut off (the connection closed, the deadline passed) is no answer.
    let text = response.text().map_err(net)?;
    let body = JsFuture::from(text)
        .await
        .map_err(net)?
        .as_string()
        .unwrap_or_default();
    if body.len() > MAX_ANSWER_BYTES {
        return Err(ApiError::TooLarge);
    }
    Ok(Answer {
        status: response.status(),
        body,
        headers,
    })
}

/// Why a JSON answer could not be read, for `ApiError::Malformed`: the kind only, since
/// serde_json's error texts (and the float formatting they need) would cost the download
/// several KiB for a detail no one is shown.
pub fn json_error(e: &serde_json::Error) -> ApiError {
    use serde_json::error::Category;
    ApiError::Malformed(match e.classify() {
        Category::Io => "io",
        Category::Syntax => "syntax",
        Category::Data => "data",
        Category::Eof => "eof",
    })
}

/// Percent-encodes a path segment or query value (the browser's `encodeURIComponent`).
pub fn encode(s: &str) -> String {
    String::from(js_sys::encode_uri_component(s))
}

/// A JS exception's message, for `ApiError::Network` (never shown as is).
pub fn js_text(v: &JsValue) -> String {
    v.as_string()
        .or_else(|| {
            v.dyn_ref::<js_sys::Error>()
                .map(|e| String::from(e.message()))
        })
        .unwrap_or_else(|| "request failed".into())
}
