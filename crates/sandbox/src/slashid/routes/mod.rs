//! The endpoints, one module per resource.

pub mod deliveries;
pub mod jwks;
pub mod test_events;
pub mod triggers;
pub mod webhooks;
