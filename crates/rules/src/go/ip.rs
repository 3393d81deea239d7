//! `net.ParseIP`, as in go1.19: dotted-decimal IPv4 only (no shorthands, no hex, no octal,
//! no leading zeros) and RFC 4291 IPv6 without zones.

const IPV4LEN: usize = 4;
const IPV6LEN: usize = 16;
/// Go's `big`: the bound past which dtoi/xtoi give up.
const BIG: u32 = 0xFF_FFFF;

/// Like Go's `net.ParseIP`: `Some` (16 bytes, IPv4 mapped) when `s` is an IP address.
pub fn parse_ip(s: &str) -> Option<[u8; 16]> {
    let s = s.as_bytes();
    for &c in s {
        match c {
            b'.' => return parse_ipv4(s),
            b':' => return parse_ipv6(s),
            _ => {}
        }
    }
    None
}

fn dtoi(s: &[u8]) -> Option<(u32, usize)> {
    let mut n: u32 = 0;
    let mut i = 0;
    while i < s.len() && s[i].is_ascii_digit() {
        n = n * 10 + u32::from(s[i] - b'0');
        if n >= BIG {
            return None;
        }
        i += 1;
    }
    (i > 0).then_some((n, i))
}

fn xtoi(s: &[u8]) -> Option<(u32, usize)> {
    let mut n: u32 = 0;
    let mut i = 0;
    while i < s.len() {
        let d = match s[i] {
            c @ b'0'..=b'9' => c - b'0',
            c @ b'a'..=b'f' => c - b'a' + 10,
            c @ b'A'..=b'F' => c - b'A' + 10,
            _ => break,
        };
        n = n * 16 + u32::from(d);
        if n >= BIG {
            return None;
        }
        i += 1;
    }
    (i > 0).then_some((n, i))
}

fn parse_ipv4(mut s: &[u8]) -> Option<[u8; 16]> {
    let mut p = [0u8; IPV4LEN];
    for (i, byte) in p.iter_mut().enumerate() {
        if s.is_empty() {
            return None;
        }
        if i > 0 {
            if s[0] != b'.' {
                return None;
            }
            s = &s[1..];
        }
        let (n, c) = dtoi(s)?;
        if n > 0xFF {
            return None;
        }
        // Go rejects non-zero components with leading zeroes.
        if c > 1 && s[0] == b'0' {
            return None;
        }
        s = &s[c..];
        *byte = n as u8;
    }
    if !s.is_empty() {
        return None;
    }
    let mut ip = [0u8; 16];
    ip[10] = 0xff;
    ip[11] = 0xff;
    ip[12..].copy_from_slice(&p);
    Some(ip)
}

fn parse_ipv6(mut s: &[u8]) -> Option<[u8; 16]> {
    let mut ip = [0u8; IPV6LEN];
    let mut ellipsis: Option<usize> = None;

    if s.len() >= 2 && s[0] == b':' && s[1] == b':' {
        ellipsis = Some(0);
        s = &s[2..];
        if s.is_empty() {
            return Some(ip);
        }
    }

    let mut i = 0;
    while i < IPV6LEN {
        let (n, c) = xtoi(s)?;
        if n > 0xFFFF {
            return None;
        }

        // Followed by a dot: perhaps a trailing IPv4.
        if c < s.len() && s[c] == b'.' {
            if ellipsis.is_none() && i != IPV6LEN - IPV4LEN {
                return None;
            }
            if i + IPV4LEN > IPV6LEN {
                return None;
            }
            let ip4 = parse_ipv4(s)?;
            ip[i..i + 4].copy_from_slice(&ip4[12..16]);
            s = &[];
            i += IPV4LEN;
            break;
        }

        ip[i] = (n >> 8) as u8;
        ip[i + 1] = n as u8;
        i += 2;

        s = &s[c..];
        if s.is_empty() {
            break;
        }
        if s[0] != b':' || s.len() == 1 {
            return None;
        }
        s = &s[1..];

        if s[0] == b':' {
            if ellipsis.is_some() {
                return None;
            }
            ellipsis = Some(i);
            s = &s[1..];
            if s.is_empty() {
                break;
            }
        }
    }

    if !s.is_empty() {
        return None;
    }

    if i < IPV6LEN {
        let e = ellipsis?;
        let n = IPV6LEN - i;
        for j in (e..i).rev() {
            ip[j + n] = ip[j];
        }
        for b in &mut ip[e..e + n] {
            *b = 0;
        }
    } else if ellipsis.is_some() {
        // An ellipsis must stand for at least one zero group.
        return None;
    }
    Some(ip)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_what_go_accepts() {
        for ip in [
            "1.2.3.4",
            "0.0.0.0",
            "::1",
            "::",
            "2001:db8::",
            "::ffff:1.2.3.4",
            "1:2:3:4:5:6:7:8",
            "00000::1",
        ] {
            assert!(parse_ip(ip).is_some(), "{ip}");
        }
        assert_eq!(parse_ip("::1").unwrap()[15], 1);
        assert_eq!(parse_ip("1.2.3.4").unwrap()[12..], [1, 2, 3, 4]);
    }

    #[test]
    fn rejects_what_go_rejects() {
        for ip in [
            "127.1",
            "0x7f.0.0.1",
            "01.2.3.4",
            "1.2.3.4.",
            "256.0.0.1",
            "1:2:3:4:5:6:7:8::",
            "fe80::1%en0",
            ":::",
            "1::2::3",
            "example.com",
            "",
        ] {
            assert!(parse_ip(ip).is_none(), "{ip}");
        }
    }
}
