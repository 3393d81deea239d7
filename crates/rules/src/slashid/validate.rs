//! One entry point per request type. Each returns every problem at once; the console
//! shows them next to their fields, the sandbox turns them into its 400 response.
//!
//! inferred: SlashID documents no size limit but the timeout's, so these are the console's
//! and the sandbox's, one constant each: `fields::NAME_MAX_CHARS`,
//! `fields::DESCRIPTION_MAX_CHARS`, `target_url::MAX_BYTES`, `headers::MAX_HEADERS` names
//! of `headers::MAX_NAME_BYTES` with `headers::MAX_VALUES_PER_HEADER` values of
//! `headers::MAX_VALUE_BYTES`, `test_events::MAX_EVENTS_PER_REQUEST` items with
//! `test_events::MAX_CORRELATION_ID_BYTES`. A field reports one problem, a list at most its
//! `MAX_PROBLEMS` and then `and N more problems` on the list, so a request reports at most
//! [`MAX_PROBLEMS`]. Every rule takes time linear in its input (`tests/scaling.rs`).

use crate::Problem;
use crate::slashid::wire::{Headers, Trigger, WebhookCreate, WebhookPatch};
use crate::slashid::{fields, headers, target_url, timeout, triggers::TriggerType};

pub use crate::slashid::test_events::validate_test_events;

/// The most problems a create or a patch reports: one per field, and the header set's.
pub const MAX_PROBLEMS: usize = 4 + headers::MAX_PROBLEMS + 1;

/// A create request that passed every rule, normalized as the server stores it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewWebhook {
    pub name: String,
    pub description: String,
    pub target_url: String,
    pub custom_headers: Headers,
    /// `0` means "use the defaults"; read back as `"0s"`.
    pub timeout_nanos: i64,
}

impl NewWebhook {
    pub fn timeout(&self) -> String {
        timeout::normalize(self.timeout_nanos)
    }
}

/// A patch that passed every rule: `None` leaves a field as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct PatchWebhook {
    pub name: Option<String>,
    pub description: Option<String>,
    pub target_url: Option<String>,
    pub custom_headers: Option<Headers>,
    pub timeout_nanos: Option<i64>,
}

pub fn validate_create(req: &WebhookCreate) -> Result<NewWebhook, Vec<Problem>> {
    let mut problems = Vec::new();
    problems.extend(fields::check_name(req.name.as_deref()));
    let target_url = req.target_url.as_deref().unwrap_or_default();
    if req.target_url.is_none() {
        problems.push(Problem::new(
            target_url::FIELD,
            "required",
            "a target URL is required",
        ));
    } else {
        problems.extend(target_url::problem(target_url));
    }
    let description = req.description.as_deref().unwrap_or_default();
    problems.extend(fields::check_description(description));
    if let Some(h) = &req.custom_headers {
        problems.extend(headers::check(h));
    }
    let timeout_nanos = match timeout::check(req.timeout.as_deref().unwrap_or_default()) {
        Ok(n) => n,
        Err(e) => {
            problems.push(e.to_problem());
            0
        }
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(NewWebhook {
        name: req.name.clone().unwrap_or_default(),
        description: description.to_owned(),
        target_url: target_url.to_owned(),
        custom_headers: req.custom_headers.clone().unwrap_or_default(),
        timeout_nanos,
    })
}

/// inferred: `"timeout": ""` in a patch resets the timeout to the defaults (`0s`), as the
/// empty string does on create; an empty patch is valid and changes nothing.
pub fn validate_patch(req: &WebhookPatch) -> Result<PatchWebhook, Vec<Problem>> {
    let mut problems = Vec::new();
    if let Some(name) = &req.name {
        problems.extend(fields::check_name(Some(name)));
    }
    if let Some(url) = &req.target_url {
        problems.extend(target_url::problem(url));
    }
    if let Some(d) = &req.description {
        problems.extend(fields::check_description(d));
    }
    if let Some(h) = &req.custom_headers {
        problems.extend(headers::check(h));
    }
    let timeout_nanos = match req.timeout.as_deref().map(timeout::check) {
        None => None,
        Some(Ok(n)) => Some(n),
        Some(Err(e)) => {
            problems.push(e.to_problem());
            None
        }
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(PatchWebhook {
        name: req.name.clone(),
        description: req.description.clone(),
        target_url: req.target_url.clone(),
        custom_headers: req.custom_headers.clone(),
        timeout_nanos,
    })
}

/// A trigger's type and name, as the API spells them.
pub fn validate_trigger(req: &Trigger) -> Result<(TriggerType, &'static str), Vec<Problem>> {
    let mut problems = Vec::new();
    let trigger_type = TriggerType::parse(&req.trigger_type);
    if trigger_type.is_none() {
        problems.push(Problem::new(
            "trigger_type",
            if req.trigger_type.is_empty() {
                "required"
            } else {
                "invalid"
            },
            "must be event or sync_hook",
        ));
    }
    if req.trigger_name.is_empty() {
        problems.push(Problem::new(
            "trigger_name",
            "required",
            "a trigger name is required",
        ));
    }
    if let (Some(t), false) = (trigger_type, req.trigger_name.is_empty()) {
        match t.name(&req.trigger_name) {
            Some(n) => {
                return if problems.is_empty() {
                    Ok((t, n.name))
                } else {
                    Err(problems)
                };
            }
            None => {
                let other = TriggerType::ALL
                    .into_iter()
                    .find(|o| o.name(&req.trigger_name).is_some());
                let message = match other {
                    Some(o) => format!(
                        "\"{}\" is not {} (it is {})",
                        req.trigger_name,
                        t.a_name(),
                        o.a_name()
                    ),
                    None => format!("\"{}\" is not {}", req.trigger_name, t.a_name()),
                };
                problems.push(Problem::new("trigger_name", "invalid_for_type", message));
            }
        }
    }
    Err(problems)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::slashid::errors::wire_message;
    use crate::slashid::wire::TestEventSpec;

    fn create(name: &str, url: &str, timeout: &str) -> WebhookCreate {
        WebhookCreate {
            name: Some(name.into()),
            target_url: Some(url.into()),
            timeout: Some(timeout.into()),
            ..Default::default()
        }
    }

    fn codes(problems: &[Problem]) -> Vec<(&str, &str)> {
        problems
            .iter()
            .map(|p| (p.field.as_str(), p.code.as_str()))
            .collect()
    }

    #[test]
    fn accepts_a_valid_create_and_normalizes_timeout() {
        let ok =
            validate_create(&create("Billing", "https://hooks.example.com/in", "1500ms")).unwrap();
        assert_eq!(ok.timeout(), "1.5s");
        let ok = validate_create(&create("Billing", "https://hooks.example.com/in", "")).unwrap();
        assert_eq!(ok.timeout(), "0s");
    }

    #[test]
    fn reports_every_problem_at_once() {
        let mut req = create(" ", "https://127.0.0.1/x", "30s");
        req.custom_headers = Some([("Bad Name".to_string(), vec!["v".to_string()])].into());
        let problems = validate_create(&req).unwrap_err();
        assert_eq!(
            codes(&problems),
            [
                ("name", "required"),
                ("target_url", "ip"),
                ("custom_headers[\"Bad Name\"]", "invalid_name"),
                ("timeout", "too_large"),
            ]
        );
        assert_eq!(
            wire_message(&problems[3]),
            "timeout: may not be more than 20 seconds (got 30 seconds)"
        );
    }

    #[test]
    fn rejects_missing_required_fields() {
        let problems = validate_create(&WebhookCreate::default()).unwrap_err();
        assert_eq!(
            codes(&problems),
            [("name", "required"), ("target_url", "required")]
        );
    }

    #[test]
    fn patch_checks_only_what_is_sent() {
        assert_eq!(
            validate_patch(&WebhookPatch::default()),
            Ok(PatchWebhook::default())
        );
        let p = validate_patch(&WebhookPatch {
            timeout: Some(String::new()),
            ..Default::default()
        })
        .unwrap();
        assert_eq!(p.timeout_nanos, Some(0));
        let problems = validate_patch(&WebhookPatch {
            name: Some(String::new()),
            target_url: Some("http://example.com".into()),
            ..Default::default()
        })
        .unwrap_err();
        assert_eq!(
            codes(&problems),
            [("name", "required"), ("target_url", "scheme")]
        );
    }

    fn trigger(t: &str, n: &str) -> Trigger {
        Trigger {
            trigger_type: t.into(),
            trigger_name: n.into(),
        }
    }

    #[test]
    fn accepts_names_valid_for_their_type() {
        assert_eq!(
            validate_trigger(&trigger("event", "PersonCreated_v1")),
            Ok((TriggerType::Event, "PersonCreated_v1"))
        );
        assert_eq!(
            validate_trigger(&trigger("sync_hook", "token_minted")),
            Ok((TriggerType::SyncHook, "token_minted"))
        );
    }

    #[test]
    fn rejects_a_sync_hook_name_as_event_and_says_why() {
        let problems = validate_trigger(&trigger("event", "token_minted")).unwrap_err();
        assert_eq!(
            wire_message(&problems[0]),
            "trigger_name: \"token_minted\" is not an event name (it is a sync_hook name)"
        );
        let problems = validate_trigger(&trigger("webhook", "")).unwrap_err();
        assert_eq!(
            codes(&problems),
            [("trigger_type", "invalid"), ("trigger_name", "required")]
        );
        let problems = validate_trigger(&trigger("event", "personcreated_v1")).unwrap_err();
        assert_eq!(codes(&problems), [("trigger_name", "invalid_for_type")]);
    }

    #[test]
    fn bounds_test_event_counts() {
        let spec = |name: &str, count| TestEventSpec {
            event_name: name.into(),
            count,
            ..Default::default()
        };
        let ok = validate_test_events(&[spec("PersonCreated_v1", None)]).unwrap();
        assert_eq!(ok[0].count, 1);
        let problems =
            validate_test_events(&[spec("Nope", Some(0)), spec("PersonCreated_v1", Some(51))])
                .unwrap_err();
        assert_eq!(
            codes(&problems),
            [
                ("[0].event_name", "invalid"),
                ("[0].count", "too_small"),
                ("[1].count", "too_large")
            ]
        );
        let problems = validate_test_events(&[
            spec("PersonCreated_v1", Some(30)),
            spec("TokenMinted_v1", Some(30)),
        ])
        .unwrap_err();
        assert_eq!(codes(&problems), [("", "too_large")]);
        assert!(validate_test_events(&[]).is_err());
    }
}
