//! The events a console dispatches on its host's element (`bubbles`, `composed`), so the
//! portal can react: what changed, and what failed. None carries a secret.

use wasm_bindgen::JsValue;

use super::MOUNTS;
use crate::error::ApiError;

/// What changed, for `webhook-console:changed`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    WebhookCreated,
    WebhookUpdated,
    WebhookDeleted,
    TriggerAdded,
    TriggerRemoved,
}

impl Change {
    pub fn as_str(self) -> &'static str {
        match self {
            Change::WebhookCreated => "webhook-created",
            Change::WebhookUpdated => "webhook-updated",
            Change::WebhookDeleted => "webhook-deleted",
            Change::TriggerAdded => "trigger-added",
            Change::TriggerRemoved => "trigger-removed",
        }
    }
}

/// `webhook-console:changed` with `{ change, webhookId, trigger? }`.
pub fn changed(
    mount: Option<u32>,
    change: Change,
    webhook_id: &str,
    trigger: Option<(&str, &str)>,
) {
    let detail = js_sys::Object::new();
    set(&detail, "change", change.as_str());
    set(&detail, "webhookId", webhook_id);
    if let Some((trigger_type, trigger_name)) = trigger {
        let t = js_sys::Object::new();
        set(&t, "type", trigger_type);
        set(&t, "name", trigger_name);
        let _ = js_sys::Reflect::set(&detail, &"trigger".into(), &t);
    }
    dispatch(mount, "webhook-console:changed", &detail);
}

/// `webhook-console:unauthorized` (`{ status }`) or `webhook-console:error`
/// (`{ kind, status?, message }`: `message` is the sentence the admin sees, which never
/// holds a key). A request that was never sent is `kind: "not-sent"`.
pub fn failed(mount: Option<u32>, error: &ApiError, message: &str) {
    let detail = js_sys::Object::new();
    let (kind, status) = error.kind();
    if let Some(status) = status {
        let _ = js_sys::Reflect::set(&detail, &"status".into(), &JsValue::from(status));
    }
    if error.is_unauthorized() {
        dispatch(mount, "webhook-console:unauthorized", &detail);
    } else {
        set(&detail, "kind", kind);
        set(&detail, "message", message);
        dispatch(mount, "webhook-console:error", &detail);
    }
}

fn set(obj: &js_sys::Object, key: &str, value: &str) {
    let _ = js_sys::Reflect::set(obj, &JsValue::from_str(key), &JsValue::from_str(value));
}

fn dispatch(mount: Option<u32>, name: &str, detail: &JsValue) {
    let host = mount.and_then(|id| {
        MOUNTS.with(|m| {
            m.borrow()
                .get(&id)
                .filter(|m| m.closing.is_none())
                .map(|m| m.host.clone())
        })
    });
    let Some(host) = host else {
        return;
    };
    let init = web_sys::CustomEventInit::new();
    init.set_bubbles(true);
    init.set_composed(true);
    init.set_detail(detail);
    if let Ok(event) = web_sys::CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = host.dispatch_event(&event);
    }
}
