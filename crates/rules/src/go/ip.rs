//! `net.ParseIP`.

/// Like Go's `net.ParseIP`: `Some` (16 bytes, IPv4 mapped) when `s` is an IP address.
pub fn parse_ip(s: &str) -> Option<[u8; 16]> {
    todo!("{s}")
}
