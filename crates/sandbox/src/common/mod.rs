//! What every API of the sandbox shares: flags, storage and the data key, body limits,
//! the clock, rate limiting, fault injection, static files, CORS, the request log and
//! the sandbox's mark. Nothing here knows an API's wire format: where a shared layer has
//! to answer (an injected fault, an unknown route), it asks the API's `Dialect`.

pub mod body;
pub mod clock;
pub mod config;
pub mod cors;
pub mod crypto;
pub mod db;
pub mod dialect;
pub mod faults;
pub mod limits;
pub mod log;
pub mod mark;
pub mod page;
pub mod rate_limit;
pub mod static_files;
pub mod work;
