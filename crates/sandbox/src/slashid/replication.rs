//! `SlashID-Required-Consistency`: the sandbox has one region, and simulates the others
//! with a fixed replication delay.
//!
//! `local_region` answers at once. `all_regions` waits for the delay; when the delay is
//! longer than the requested timeout it answers 408 after the timeout, with the change
//! kept, as the real API warns a timed-out change may still be applied.

use std::time::Duration;

use axum::extract::FromRequestParts;
use axum::http::StatusCode;
use axum::http::request::Parts;
use webhook_rules::slashid::consistency::{self, Consistency, LEVEL_HEADER, Level, TIMEOUT_HEADER};

use crate::AppState;
use crate::slashid::envelope::Failure;

/// The consistency a mutation asked for, checked by the rules crate (400 otherwise).
pub struct Required(pub Consistency);

impl<S: Send + Sync> FromRequestParts<S> for Required {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Failure> {
        // A header that is not text is passed on as U+FFFD, which the rules reject.
        let header = |name: &str| {
            parts
                .headers
                .get(name)
                .map(|v| v.to_str().unwrap_or("\u{FFFD}"))
        };
        consistency::check(header(LEVEL_HEADER), header(TIMEOUT_HEADER))
            .map(Required)
            .map_err(|problems| Failure::problems(&problems))
    }
}

impl Required {
    /// Called after the change is applied locally.
    pub async fn replicate(&self, state: &AppState) -> Result<(), Failure> {
        if self.0.level == Level::LocalRegion {
            return Ok(());
        }
        let limit = Duration::from_secs(u64::from(self.0.timeout_secs));
        if state.slashid.replication_delay <= limit {
            tokio::time::sleep(state.slashid.replication_delay).await;
            return Ok(());
        }
        tokio::time::sleep(limit).await;
        Err(Failure::new(
            StatusCode::REQUEST_TIMEOUT,
            format!(
                "the change did not reach all regions within {}s ({TIMEOUT_HEADER}); \
                 it was applied in this region and may still be applied everywhere",
                self.0.timeout_secs
            ),
        ))
    }
}
