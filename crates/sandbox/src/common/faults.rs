//! `X-Sandbox-Fault` (only with `--allow-faults`): make one request fail the way a real
//! network or server can, so the console's error handling can be tested. Errors are in
//! the shape of the API the path belongs to (its `Dialect`).
//!
//! | value      | effect |
//! |------------|--------|
//! | `500`      | 500 error |
//! | `408`      | 408 error |
//! | `429`      | 429 error with `Retry-After: 1` |
//! | `delay=MS` | waits MS milliseconds (at most 60 s), then handles the request normally |
//! | `malformed`| 200 whose body is truncated JSON |
//! | `close`    | the connection is dropped without any response |
//! | `redirect` | 307 to [`REDIRECT_TARGET`] (a client that follows it resends its headers there) |
//! | `stall`    | 200 with its headers and the first bytes of a body that never ends (the connection is dropped after [`STALL`]) |
//!
//! Any other value is a 400, so a typo in a test does not pass silently.

use std::time::Duration;

use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use crate::common::dialect::Dialect;

pub const HEADER: &str = "X-Sandbox-Fault";
pub const HEADER_LOWER: &str = "x-sandbox-fault";
const MAX_DELAY_MS: u64 = 60_000;
/// Where `X-Sandbox-Fault: redirect` sends the client: no route, so a request that gets
/// there is a 404 in the request log, where a test looks for it.
pub const REDIRECT_TARGET: &str = "/sandbox/redirected";
/// How long a `stall` answer hangs before the sandbox drops it (longer than any client's
/// read timeout; bounded so that a client that never gives up does not hold it forever).
pub const STALL: Duration = Duration::from_secs(120);

#[derive(Debug, PartialEq, Eq)]
enum Fault {
    Status(StatusCode),
    Delay(Duration),
    Malformed,
    Close,
    Redirect,
    Stall,
}

fn parse(value: &str) -> Option<Fault> {
    Some(match value.trim() {
        "500" => Fault::Status(StatusCode::INTERNAL_SERVER_ERROR),
        "408" => Fault::Status(StatusCode::REQUEST_TIMEOUT),
        "429" => Fault::Status(StatusCode::TOO_MANY_REQUESTS),
        "malformed" => Fault::Malformed,
        "close" => Fault::Close,
        "redirect" => Fault::Redirect,
        "stall" => Fault::Stall,
        other => {
            let ms: u64 = other.strip_prefix("delay=")?.parse().ok()?;
            Fault::Delay(Duration::from_millis(ms.min(MAX_DELAY_MS)))
        }
    })
}

pub async fn inject(req: Request, next: Next) -> Response {
    let Some(value) = req.headers().get(HEADER_LOWER) else {
        return next.run(req).await;
    };
    let fault = value.to_str().ok().and_then(parse);
    let dialect: &dyn Dialect = crate::dialect_for(req.uri().path());
    match fault {
        None => dialect.error(
            StatusCode::BAD_REQUEST,
            format!(
                "{HEADER}: must be 500, 408, 429, delay=MS, malformed, close, redirect or stall"
            ),
            None,
        ),
        Some(Fault::Delay(d)) => {
            tokio::time::sleep(d).await;
            next.run(req).await
        }
        Some(Fault::Status(StatusCode::TOO_MANY_REQUESTS)) => dialect.error(
            StatusCode::TOO_MANY_REQUESTS,
            format!("injected fault ({HEADER}: 429): retry in 1 s"),
            Some(1),
        ),
        Some(Fault::Status(status)) => dialect.error(
            status,
            format!("injected fault ({HEADER}: {})", status.as_u16()),
            None,
        ),
        Some(Fault::Malformed) => (
            StatusCode::OK,
            [(header::CONTENT_TYPE, "application/json")],
            dialect.truncated_body(),
        )
            .into_response(),
        Some(Fault::Close) => close_connection(),
        Some(Fault::Redirect) => (
            StatusCode::TEMPORARY_REDIRECT,
            [(header::LOCATION, REDIRECT_TARGET)],
        )
            .into_response(),
        Some(Fault::Stall) => stall(),
    }
}

/// A 200 whose headers and first bytes are sent, and whose body then never ends (until
/// [`STALL`], when the connection is dropped: the body is never complete).
fn stall() -> Response {
    use futures_util::StreamExt;
    let first = futures_util::stream::once(std::future::ready(Ok::<_, std::io::Error>(
        axum::body::Bytes::from_static(b"{\"result\":["),
    )));
    let never = futures_util::stream::once(async {
        tokio::time::sleep(STALL).await;
        Err(std::io::Error::other("X-Sandbox-Fault: stall"))
    });
    (
        StatusCode::OK,
        [(header::CONTENT_TYPE, "application/json")],
        axum::body::Body::from_stream(first.chain(never)),
    )
        .into_response()
}

/// A response whose body fails before its first byte. hyper buffers the status line and
/// headers until the first body chunk, so on the error it closes the socket having sent
/// nothing: the client sees the connection drop without a response. (Unwinding out of
/// the handler would do the same, but would abort a `panic = "abort"` build.)
fn close_connection() -> Response {
    let failing = futures_util::stream::once(std::future::ready(Err::<axum::body::Bytes, _>(
        std::io::Error::other("X-Sandbox-Fault: close"),
    )));
    let mut resp = Response::new(axum::body::Body::from_stream(failing));
    resp.extensions_mut().insert(Dropped);
    resp
}

/// Marks a response that will never reach the client, for the request log.
#[derive(Clone, Copy, Debug)]
pub struct Dropped;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_every_documented_value() {
        assert_eq!(
            parse("500"),
            Some(Fault::Status(StatusCode::INTERNAL_SERVER_ERROR))
        );
        assert_eq!(
            parse("delay=250"),
            Some(Fault::Delay(Duration::from_millis(250)))
        );
        assert_eq!(parse("close"), Some(Fault::Close));
        assert_eq!(parse("redirect"), Some(Fault::Redirect));
        assert_eq!(parse("stall"), Some(Fault::Stall));
        assert_eq!(parse("delay=x"), None);
        assert_eq!(parse("404"), None);
    }
}
