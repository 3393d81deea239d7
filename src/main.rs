//! The wasm module's entry point does nothing by itself: the loader
//! (`webhook-console-loader.v1.js`) initialises the module once and calls the exported
//! `mount` for each console, on the standalone page and in a host's page alike.

// The exports live in the library (`webhook_console::embed`); this keeps them linked in.
pub use webhook_console::embed::{ConsoleHandle, live_mounts, mount};

fn main() {}
