//! Webhook Console: manage an organization's SlashID webhooks from the browser.
//!
//! Every validation rule comes from `webhook-rules`, the crate the sandbox server uses
//! too, so what the console accepts the server accepts, with the same words.

pub mod api;
pub mod app;
pub mod busy;
pub mod components;
pub mod dom;
pub mod embed;
pub mod format;
pub mod i18n;
pub mod state;

pub use app::App;
