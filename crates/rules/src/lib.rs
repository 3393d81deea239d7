//! Every validation rule and wire type of Webhook Console.
//!
//! This crate is compiled into both the console (wasm) and the sandbox server, so that
//! both give the same verdict, with the same words, on the same input. A rule written
//! anywhere else is a bug.
//!
//! Layout: one module per API, each behind its cargo feature and each with the same
//! four doors: `wire` (the JSON shapes), `paths` (routes and auth header names, used by
//! the console's client and the sandbox's router alike), `errors` (the API's error body,
//! written by the sandbox and read by the console) and `validate` (every rule on a
//! request). `go` holds faithful ports of the Go standard library pieces SlashID's
//! server validates with; `problem` is the one shape every rule reports in; `sandbox`
//! names what only the local sandbox adds.

pub mod problem;
pub mod sandbox;

#[cfg(feature = "slashid")]
pub mod go;
#[cfg(feature = "slashid")]
pub mod slashid;

#[cfg(feature = "instavm")]
pub mod instavm;

#[cfg(feature = "droplit")]
pub mod droplit;

pub use problem::Problem;
