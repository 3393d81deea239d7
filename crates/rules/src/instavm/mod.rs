//! InstaVM webhook endpoints (`../shared/api/README.md`, section 2): a FastAPI + pydantic
//! server, so every verdict here is pydantic's (lax mode), with pydantic's `type` and
//! `msg` and FastAPI's `loc`.
//!
//! The four doors every API module has: `wire`, `paths`, `errors`, `validate`.

pub mod paths;
pub mod wire;
