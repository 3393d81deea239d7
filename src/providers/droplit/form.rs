//! What the webhook form sends, from what was typed: a create body, or a PUT with only
//! what changed. Pure, so the request of every case is tested natively; the rules
//! (`validate_create_form`, `validate_update_form`) judge exactly these bodies.

use webhook_rules::Problem;
use webhook_rules::droplit::wire::{Webhook, WebhookCreate, WebhookUpdate};

/// The form's fields as typed.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Typed {
    pub url: String,
    pub description: String,
    /// Create: the secret, empty for none. Edit: a new secret, empty to keep the current one.
    pub secret: String,
    /// Edit only: send `secret: ""`, which stops the signing (JavaScript's `if (secret)`).
    pub remove_secret: bool,
}

impl std::fmt::Debug for Typed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Typed")
            .field("url", &self.url)
            .field("description", &self.description)
            .field("secret", &(!self.secret.is_empty()).then_some("<redacted>"))
            .field("remove_secret", &self.remove_secret)
            .finish()
    }
}

impl Typed {
    /// The form of an existing webhook: its values, no new secret.
    pub fn of(webhook: &Webhook) -> Self {
        Typed {
            url: webhook.url.clone(),
            description: webhook.description.clone().unwrap_or_default(),
            ..Default::default()
        }
    }
}

/// `POST /api/webhooks`: the url as typed (the server's pattern judges it as it is), the
/// secret and the description only when given.
pub fn create_body(ecosystem_id: &str, typed: &Typed) -> WebhookCreate {
    let given = |s: &str| (!s.is_empty()).then(|| s.to_owned());
    WebhookCreate {
        ecosystem_id: ecosystem_id.to_owned(),
        url: typed.url.clone(),
        secret: given(&typed.secret),
        description: given(&typed.description),
    }
}

/// `PUT /api/webhooks/{id}`: only the fields that differ from `original`. An empty new
/// secret keeps the current one; `remove_secret` sends `""`.
pub fn update_body(original: &Webhook, typed: &Typed) -> WebhookUpdate {
    let description_then = original.description.as_deref().unwrap_or_default();
    let secret = if typed.remove_secret {
        Some(String::new())
    } else {
        (!typed.secret.is_empty()).then(|| typed.secret.clone())
    };
    WebhookUpdate {
        url: (typed.url != original.url).then(|| typed.url.clone()),
        secret,
        description: (typed.description != description_then).then(|| typed.description.clone()),
        disabled: None,
    }
}

/// Enabling or disabling, alone.
pub fn toggle_body(disable: bool) -> WebhookUpdate {
    WebhookUpdate {
        disabled: Some(disable),
        ..Default::default()
    }
}

pub fn is_empty(update: &WebhookUpdate) -> bool {
    *update == WebhookUpdate::default()
}

/// The webhook after a PUT that answered 200 (with no body: the console applies the
/// change to its copy).
pub fn apply(original: &Webhook, update: &WebhookUpdate) -> Webhook {
    let mut w = original.clone();
    if let Some(url) = &update.url {
        w.url.clone_from(url);
    }
    if let Some(description) = &update.description {
        w.description = Some(description.clone());
    }
    if let Some(disabled) = update.disabled {
        w.disabled = disabled;
    }
    w
}

/// The form field a problem belongs to (`url`, `description`, `secret`), or `None` for a
/// problem of the whole request (the ecosystem, the path's id, a body the server could
/// not read).
pub fn locate(problem: &Problem) -> Option<&'static str> {
    match problem.field.as_str() {
        "url" => Some("url"),
        "description" => Some("description"),
        "secret" => Some("secret"),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;
    use webhook_rules::droplit::validate::{validate_create_form, validate_update_form};

    fn hook() -> Webhook {
        Webhook {
            id: "W1".into(),
            description: Some("Billing".into()),
            ecosystem_id: "C1".into(),
            url: "https://billing.example.com/hook".into(),
            disabled: false,
            created_at: "2026-11-23T04:22:00.000Z".into(),
        }
    }

    #[test]
    fn a_create_sends_the_required_fields_and_only_the_optional_ones_given() {
        let typed = Typed {
            url: "hooks.example.com".into(),
            ..Default::default()
        };
        let body = create_body("C1", &typed);
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"ecosystemId": "C1", "url": "hooks.example.com"})
        );
        assert!(validate_create_form(&body).is_ok());
        let typed = Typed {
            url: "https://a.b/h".into(),
            description: "Orders".into(),
            secret: "s3cr3t".into(),
            remove_secret: false,
        };
        assert_eq!(
            serde_json::to_value(create_body("C1", &typed)).unwrap(),
            json!({"ecosystemId": "C1", "url": "https://a.b/h", "secret": "s3cr3t", "description": "Orders"})
        );
    }

    #[test]
    fn a_create_sends_the_url_as_typed_for_the_rules_to_judge() {
        let typed = Typed {
            url: "localhost".into(),
            ..Default::default()
        };
        let problems = validate_create_form(&create_body("C1", &typed)).unwrap_err();
        assert_eq!(problems.len(), 1);
        assert_eq!(locate(&problems[0]), Some("url"));
    }

    #[test]
    fn an_edit_puts_only_what_changed() {
        let original = hook();
        let unchanged = Typed::of(&original);
        assert!(is_empty(&update_body(&original, &unchanged)));
        let typed = Typed {
            description: "Billing v2".into(),
            ..unchanged.clone()
        };
        assert_eq!(
            serde_json::to_value(update_body(&original, &typed)).unwrap(),
            json!({"description": "Billing v2"})
        );
        let typed = Typed {
            url: "https://billing.example.com/v2".into(),
            description: String::new(),
            ..unchanged.clone()
        };
        let body = update_body(&original, &typed);
        assert_eq!(
            serde_json::to_value(&body).unwrap(),
            json!({"url": "https://billing.example.com/v2", "description": ""})
        );
        assert!(validate_update_form(&body).is_ok());
    }

    #[test]
    fn an_empty_new_secret_keeps_the_current_one() {
        let original = hook();
        let keep = Typed::of(&original);
        assert_eq!(update_body(&original, &keep).secret, None);
        let new = Typed {
            secret: "n3w-s3cr3t".into(),
            ..keep.clone()
        };
        assert_eq!(
            serde_json::to_value(update_body(&original, &new)).unwrap(),
            json!({"secret": "n3w-s3cr3t"})
        );
        let removed = Typed {
            secret: "ignored".into(),
            remove_secret: true,
            ..keep
        };
        assert_eq!(
            serde_json::to_value(update_body(&original, &removed)).unwrap(),
            json!({"secret": ""})
        );
    }

    #[test]
    fn a_missing_description_and_an_empty_one_are_the_same() {
        let original = Webhook {
            description: None,
            ..hook()
        };
        assert!(is_empty(&update_body(&original, &Typed::of(&original))));
    }

    #[test]
    fn applies_a_put_to_the_local_copy() {
        let original = hook();
        let after = apply(&original, &toggle_body(true));
        assert!(after.disabled);
        assert_eq!(after.url, original.url);
        let typed = Typed {
            url: "https://x.example.com".into(),
            ..Typed::of(&original)
        };
        let after = apply(&original, &update_body(&original, &typed));
        assert_eq!(after.url, "https://x.example.com");
        assert_eq!(after.description.as_deref(), Some("Billing"));
        assert_eq!(
            serde_json::to_value(toggle_body(false)).unwrap(),
            json!({"disabled": false})
        );
    }

    #[test]
    fn problems_of_the_request_have_no_field() {
        for field in ["ecosystemId", "id", "", "disabled"] {
            assert_eq!(locate(&Problem::new(field, "x", "y")), None, "{field}");
        }
    }

    #[test]
    fn debug_never_shows_a_typed_secret() {
        let typed = Typed {
            secret: "hunter2-hunter2".into(),
            ..Default::default()
        };
        assert!(!format!("{typed:?}").contains("hunter2"));
    }
}
