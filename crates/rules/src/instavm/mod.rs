//! InstaVM webhook endpoints (`../shared/api/README.md`, section 2): a FastAPI + pydantic
//! server, so every verdict here is pydantic's (lax mode), with pydantic's `type` and
//! `msg` and FastAPI's `loc`.
//!
//! The four doors every API module has: `wire`, `paths`, `errors`, `validate`; and
//! `json` (request bodies as Python reads them), `patterns` (event types and subscription
//! patterns), `signature` (delivery signatures, as the official SDK checks them).

pub mod errors;
pub mod json;
pub mod paths;
pub mod patterns;
pub mod signature;
pub mod validate;
pub mod wire;
