//! Faithful ports of the Go standard library (go1.19) pieces SlashID's server validates
//! with. They follow Go, not the WHATWG URL standard the browser uses: where the two
//! disagree the server's verdict is the one that counts. `tests/vectors` (verdicts made
//! by Go itself) and the Go differential test pin every function here.

pub mod duration;
pub mod ip;
mod print_table;
pub mod quote;
pub mod url;
