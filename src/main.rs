//! The wasm module's entry point does nothing by itself: the loader
//! (`webhook-console-loader.v1.js`) initialises the module once and calls the exported
//! `mount` for each console, on the standalone page and in a host's page alike.

// The exports live in the library; this keeps them linked in.
pub use webhook_console::host::{ConsoleHandle, live_mounts};
pub use webhook_console::providers::mount;

fn main() {}
