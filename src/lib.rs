//! Webhook Console: manage webhooks on SlashID, InstaVM or Droplit from the browser.
//!
//! Every validation rule comes from `webhook-rules`, the crate the sandbox server uses
//! too, so what the console accepts the server accepts, with the same words.
//!
//! Modules, each importing only those listed before it (ARCHITECTURE.md draws it):
//! `error`, `format`, `diff`, `ids`, `text` → `http` → `host` → `browser` → `ui` → `shell` →
//! `providers::<api>` → `providers` (the `Provider` enum and the exported `mount`).

pub mod diff;
pub mod error;
pub mod format;
pub mod ids;
pub mod text;

pub mod http;

pub mod host;

pub mod browser;

pub mod ui;

pub mod shell;

pub mod providers;
