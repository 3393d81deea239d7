//! What the console asks of the browser itself: focus and the clipboard (`dom`), and
//! signatures checked by WebCrypto (`webcrypto`), which costs nothing in the download.

pub mod dom;
pub mod webcrypto;
