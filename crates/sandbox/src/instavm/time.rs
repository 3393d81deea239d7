//! Times as the server writes them: pydantic's JSON form of an aware UTC `datetime`,
//! `2024-05-01T12:00:00.123456Z`, without the fraction when it is zero.

use std::time::{SystemTime, UNIX_EPOCH};

use crate::common::clock;

pub fn now() -> String {
    let d = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    format(d.as_secs() as i64, d.subsec_micros())
}

pub fn format(unix_secs: i64, micros: u32) -> String {
    let text = clock::rfc3339(unix_secs, micros);
    if micros == 0 {
        text.replace(".000000Z", "Z")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn drops_a_zero_fraction_as_pydantic_does() {
        assert_eq!(super::format(1_714_564_800, 0), "2024-05-01T12:00:00Z");
        assert_eq!(
            super::format(1_714_564_800, 120),
            "2024-05-01T12:00:00.000120Z"
        );
    }
}
