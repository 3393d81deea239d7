//! Every validation rule and wire type of Webhook Console.
//!
//! This crate is compiled into both the console (wasm) and the sandbox server, so that
//! both give the same verdict, with the same words, on the same input. A rule written
//! anywhere else is a bug.
//!
//! Layout: `go` holds faithful ports of the Go standard library pieces the SlashID server
//! validates with; each API has its own module (`slashid`; InstaVM and Droplit get
//! `instavm` and `droplit` beside it) holding its wire types and rules.

pub mod go;
pub mod problem;
pub mod slashid;

pub use problem::Problem;
