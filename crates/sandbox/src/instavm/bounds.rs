//! The sandbox's own bounds on what an InstaVM request may store (`common::limits`), as
//! pydantic would word them had the model declared them (`Field(max_length=...)`): a 422
//! with `string_too_long` or `too_long` errors, after the model's own checks passed.

use serde_json::json;
use webhook_rules::instavm::errors::{Loc, ValidationError, body_422};
use webhook_rules::instavm::json::{PyStr, Value};
use webhook_rules::instavm::validate::{EndpointUpdate, NewEndpoint};

use crate::common::limits::instavm::{
    DESCRIPTION_MAX_CHARS, EVENT_PATTERN_MAX_CHARS, EVENT_PATTERNS_MAX, URL_MAX_CHARS,
};
use crate::instavm::error::ApiError;

fn loc(path: &[Loc]) -> Vec<Loc> {
    let mut out = vec![Loc::body()];
    out.extend_from_slice(path);
    out
}

fn key(name: &str) -> Loc {
    Loc::Key(name.to_owned())
}

fn string(errors: &mut Vec<ValidationError>, path: &[Loc], value: &str, max: usize) {
    if value.chars().count() > max {
        let mut e = ValidationError::new(
            loc(path),
            "string_too_long",
            format!("String should have at most {max} characters"),
            Value::Str(PyStr::from(value)),
        );
        e.ctx = json!({ "max_length": max }).as_object().cloned();
        errors.push(e);
    }
}

fn fields(
    url: Option<&str>,
    description: Option<&str>,
    patterns: Option<&[String]>,
) -> Result<(), ApiError> {
    let mut errors = Vec::new();
    if let Some(url) = url {
        string(&mut errors, &[key("url")], url, URL_MAX_CHARS);
    }
    if let Some(description) = description {
        string(
            &mut errors,
            &[key("description")],
            description,
            DESCRIPTION_MAX_CHARS,
        );
    }
    if let Some(patterns) = patterns {
        if patterns.len() > EVENT_PATTERNS_MAX {
            let mut e = ValidationError::new(
                loc(&[key("event_patterns")]),
                "too_long",
                format!(
                    "List should have at most {EVENT_PATTERNS_MAX} items after validation, not {}",
                    patterns.len()
                ),
                Value::List(
                    patterns
                        .iter()
                        .map(|p| Value::Str(PyStr::from(p.as_str())))
                        .collect(),
                ),
            );
            e.ctx = json!({
                "field_type": "List",
                "max_length": EVENT_PATTERNS_MAX,
                "actual_length": patterns.len(),
            })
            .as_object()
            .cloned();
            errors.push(e);
        } else {
            for (i, p) in patterns.iter().enumerate() {
                let path = [key("event_patterns"), Loc::Index(i as i64)];
                string(&mut errors, &path, p, EVENT_PATTERN_MAX_CHARS);
            }
        }
    }
    if errors.is_empty() {
        Ok(())
    } else {
        Err(ApiError::unprocessable(body_422(&errors)))
    }
}

pub fn create(new: &NewEndpoint) -> Result<(), ApiError> {
    fields(
        Some(&new.url),
        new.description.as_deref(),
        new.event_patterns.as_deref(),
    )
}

pub fn update(update: &EndpointUpdate) -> Result<(), ApiError> {
    fields(
        update.url.as_deref(),
        update.description.as_deref(),
        update.event_patterns.as_deref(),
    )
}
