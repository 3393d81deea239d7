//! How an API writes the answers that shared layers give in its name.

use axum::http::{Method, StatusCode};
use axum::response::Response;

/// One per API: the shape of an error, so an injected fault, an unknown route or a
/// refused body reads as that API's own error, never another API's.
pub trait Dialect: Send + Sync {
    /// An error with one message (`retry_after_secs` as `Retry-After`).
    fn error(&self, status: StatusCode, message: String, retry_after_secs: Option<u64>)
    -> Response;
    /// A path under the API's prefixes that names no route (Express names the method).
    fn not_found(&self, method: &Method, path: &str) -> Response;
    /// A route that exists, with a method it does not have.
    fn method_not_allowed(&self, method: &Method, path: &str) -> Response;
    /// A 200 whose body is cut short (`X-Sandbox-Fault: malformed`).
    fn truncated_body(&self) -> &'static str;
}
