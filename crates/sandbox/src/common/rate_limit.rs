//! Rate limits as token buckets, one bucket per caller (organization, user).

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::Instant;

/// A request over its limit: retry after `retry_after_secs`; `message` says which limit.
#[derive(Debug)]
pub struct Limited {
    pub retry_after_secs: u64,
    pub message: String,
}

pub struct Limiter {
    what: &'static str,
    /// Whose bucket it is, for the message: `organization`, `user`.
    per: &'static str,
    per_minute: u32,
    burst: u32,
    buckets: Mutex<HashMap<String, Bucket>>,
}

struct Bucket {
    tokens: f64,
    at: Instant,
}

impl Limiter {
    pub fn new(what: &'static str, per: &'static str, per_minute: u32, burst: u32) -> Self {
        Self {
            what,
            per,
            per_minute,
            burst,
            buckets: Mutex::new(HashMap::new()),
        }
    }

    /// Takes `cost` tokens from the caller's bucket, or says when to retry.
    pub fn take(&self, caller: &str, cost: u32) -> Result<(), Limited> {
        let per_sec = f64::from(self.per_minute) / 60.0;
        let burst = f64::from(self.burst);
        let now = Instant::now();
        let mut buckets = self.buckets.lock().unwrap_or_else(|p| p.into_inner());
        let bucket = buckets.entry(caller.to_owned()).or_insert(Bucket {
            tokens: burst,
            at: now,
        });
        bucket.tokens =
            (bucket.tokens + now.duration_since(bucket.at).as_secs_f64() * per_sec).min(burst);
        bucket.at = now;
        let cost = f64::from(cost);
        if bucket.tokens >= cost {
            bucket.tokens -= cost;
            return Ok(());
        }
        let wait = if per_sec > 0.0 {
            ((cost - bucket.tokens) / per_sec).ceil().max(1.0) as u64
        } else {
            u64::MAX / 2
        };
        Err(Limited {
            retry_after_secs: wait,
            message: format!(
                "rate limit reached: this {} may make {} {} per minute, with bursts of {}; retry in {wait} s",
                self.per, self.per_minute, self.what, self.burst
            ),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn allows_the_burst_then_refuses_with_a_wait() {
        let l = Limiter::new("things", "caller", 60, 3);
        for _ in 0..3 {
            l.take("o", 1).unwrap();
        }
        let err = l.take("o", 1).unwrap_err();
        assert_eq!(err.retry_after_secs, 1);
        assert!(
            err.message.contains("this caller may make 60 things"),
            "{}",
            err.message
        );
        l.take("other", 3).unwrap();
    }
}
