//! `SlashID-API-Key` + `SlashID-OrgID`: which organization a request acts for.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use crate::AppState;
use crate::common::crypto;
use crate::slashid::envelope::Failure;
use crate::slashid::queries;

pub use webhook_rules::slashid::paths::{
    API_KEY_HEADER, API_KEY_HEADER_LOWER, ORG_HEADER, ORG_HEADER_LOWER,
};

/// The organization a request was authenticated for. Handlers scope every query to it,
/// so one organization's webhooks are a 404 to every other.
#[derive(Clone, Debug)]
pub struct Org {
    pub id: String,
}

impl FromRequestParts<AppState> for Org {
    type Rejection = Failure;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Failure> {
        let header = |name: &str| {
            parts
                .headers
                .get(name)
                .map(|v| v.to_str().map(str::to_owned).unwrap_or_default())
        };
        let Some(api_key) = header(API_KEY_HEADER_LOWER).filter(|k| !k.is_empty()) else {
            return Err(Failure::unauthorized(format!(
                "{API_KEY_HEADER}: an API key is required"
            )));
        };
        let Some(org_id) = header(ORG_HEADER_LOWER).filter(|o| !o.is_empty()) else {
            return Err(Failure::bad_request(format!(
                "{ORG_HEADER}: the organization ID header is required"
            )));
        };
        let lookup_id = org_id.clone();
        let stored = state
            .db
            .call(move |conn, _| queries::api_key_hash(conn, &lookup_id))
            .await?;
        // An unknown organization answers exactly as a wrong key does, so the 401 does
        // not tell which organization ids exist.
        let matches = crypto::api_key_matches(&api_key, stored.as_deref().unwrap_or(&[0; 31]));
        if matches {
            Ok(Org { id: org_id })
        } else {
            Err(Failure::unauthorized(format!(
                "{API_KEY_HEADER}: this API key is not valid for organization {org_id}"
            )))
        }
    }
}
