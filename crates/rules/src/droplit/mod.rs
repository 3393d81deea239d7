//! Droplit webhooks (`../shared/api/README.md`, section 3): a Node server, whose URL rule
//! is a JavaScript regular expression.
//!
//! The four doors every API module has: `wire`, `paths`, `errors`, `validate`. `url`
//! decides the URL rule exactly as V8 does (a proof of its language, in linear time) and
//! says when V8 would hang instead of answering; `backtrack` counts V8's work for that.
//!
//! Where Droplit's documentation is silent, the choices follow what its Node server is
//! built from: its fork of the `validate` library (github.com/droplit/validate: `required`
//! is `!!value`, so `""`, `0`, `false` and `null` are missing; a type or pattern rule lets
//! `null` through; the first failed rule of a field is its one error; unknown body keys
//! are stripped) and Express's `body-parser` (JSON only for `application/json`, 100 KiB).

pub mod backtrack;
pub mod errors;
pub mod paths;
pub mod url;
pub mod validate;
pub mod wire;

pub use url::{PATTERN, UrlVerdict, check_url, check_url_utf16, matches, matches_utf16};
pub use validate::{
    NewWebhook, WebhookChanges, validate_create, validate_list_query, validate_no_query,
    validate_update, validate_webhook_id,
};
