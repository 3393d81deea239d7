//! SlashID Organization Webhooks: wire types and rules.
//!
//! The four doors every API module has: `wire`, `paths`, `errors`, `validate`. Each rule
//! lives in the module named for the field it checks; `validate` combines them per
//! request type and reports every problem at once.

pub mod conflicts;
pub mod consistency;
pub mod delivery;
pub mod errors;
pub mod fields;
pub mod headers;
pub mod paths;
pub mod target_url;
pub mod test_events;
pub mod timeout;
pub mod triggers;
pub mod validate;
pub mod wire;

pub use validate::{NewWebhook, PatchWebhook, validate_create, validate_patch, validate_trigger};
