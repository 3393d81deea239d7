//! Embedding the console in a host's page: `mount(element, options)`, exported to
//! JavaScript and wrapped by the static loader (`src/embed/loader.js`, which also defines
//! the `<webhook-console>` element).
//!
//! A mount owns everything it adds to the page, and `unmount()` removes all of it: the
//! shadow root's content, the reactive owner (signals, effects), its window listeners
//! and its entry in [`MOUNTS`]. Several mounts live side by side; each has an id that its
//! `AppState` and API client carry, so events and credentials reach the right element.
//!
//! Secrets: the API key (or the host's `getCredentials`) stays in this module's memory;
//! no event detail, error or log here contains a header value.

pub mod route;

use std::cell::{Cell, RefCell};

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;
use wasm_bindgen_futures::JsFuture;

use crate::api::{ApiError, Connection};
use crate::app::Console;
use crate::state::AppState;

/// The mount a console belongs to, as a context (components' focus helpers use it).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MountId(pub u32);

struct Mount {
    /// The host's element: events are dispatched on it.
    host: web_sys::Element,
    /// The element the console's view is mounted into (inside the shadow root, if any).
    root: web_sys::Element,
    api_key: Option<String>,
    get_credentials: Option<js_sys::Function>,
    /// API calls under way: an unmounted console keeps its reactive owner until they
    /// are done, because their continuations still write its signals.
    in_flight: u32,
    /// Set by `unmount()`: the view and owner to drop once nothing is in flight (the
    /// view's own owner holds its components' signals).
    closing: Option<(Owner, Box<dyn std::any::Any>)>,
    /// The mounted console. Kept here, not in the JS handle: a host that drops its handle
    /// (the garbage collector then frees it) must not lose its console.
    live: Option<Live>,
}

/// The live mounts, oldest first (ids only grow). A page has one or a few: a list is
/// enough, and smaller in the wasm than a hash map plus a sort.
#[derive(Default)]
struct Mounts(Vec<(u32, Mount)>);

impl Mounts {
    fn get(&self, id: &u32) -> Option<&Mount> {
        self.0.iter().find(|(i, _)| i == id).map(|(_, m)| m)
    }

    fn get_mut(&mut self, id: &u32) -> Option<&mut Mount> {
        self.0.iter_mut().find(|(i, _)| i == id).map(|(_, m)| m)
    }

    fn insert(&mut self, id: u32, mount: Mount) {
        self.0.push((id, mount));
    }

    fn remove(&mut self, id: &u32) -> Option<Mount> {
        let at = self.0.iter().position(|(i, _)| i == id)?;
        Some(self.0.remove(at).1)
    }

    fn len(&self) -> usize {
        self.0.len()
    }
}

thread_local! {
    static MOUNTS: RefCell<Mounts> = RefCell::new(Mounts::default());
    static NEXT_ID: Cell<u32> = const { Cell::new(1) };
}

/// Number of live mounts (tests check that unmount leaves none behind).
#[wasm_bindgen(js_name = liveMounts)]
pub fn live_mounts() -> u32 {
    MOUNTS.with(|m| m.borrow().len() as u32)
}

/// What the host passed to `mount`, read from a plain JS object.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Options {
    pub api_base: Option<String>,
    pub org_id: Option<String>,
    pub provider: Option<String>,
    pub theme: Theme,
    pub hash_routing: bool,
    /// Default true; the standalone page mounts into the light DOM.
    pub shadow: bool,
    /// The console's stylesheet, put into the shadow root (the loader passes it).
    pub css_url: Option<String>,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Theme {
    Light,
    Dark,
    #[default]
    Auto,
}

impl Theme {
    pub fn parse(s: &str) -> Theme {
        match s.trim().to_ascii_lowercase().as_str() {
            "light" => Theme::Light,
            "dark" => Theme::Dark,
            _ => Theme::Auto,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Auto => "auto",
        }
    }
}

/// What `mount` refuses, in words for the host's developer (never containing a key).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OptionsError {
    UnknownProvider(String),
}

impl Options {
    /// Checks what can be checked without a browser.
    pub fn validate(&self) -> Result<(), OptionsError> {
        match self.provider.as_deref() {
            None | Some("") | Some("slashid") => Ok(()),
            Some(other) => Err(OptionsError::UnknownProvider(other.to_owned())),
        }
    }
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    if obj.is_object() {
        js_sys::Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

fn get_string(obj: &JsValue, key: &str) -> Option<String> {
    get(obj, key)
        .as_string()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

fn read_options(obj: &JsValue) -> Options {
    Options {
        api_base: get_string(obj, "apiBase").map(|s| s.trim_end_matches('/').to_owned()),
        org_id: get_string(obj, "orgId"),
        provider: get_string(obj, "provider"),
        theme: get_string(obj, "theme")
            .map(|t| Theme::parse(&t))
            .unwrap_or_default(),
        hash_routing: get(obj, "hashRouting").as_bool().unwrap_or(false),
        shadow: get(obj, "shadow").as_bool().unwrap_or(true),
        css_url: get_string(obj, "cssUrl"),
    }
}

/// A window listener that is removed when dropped.
struct Listener {
    kind: &'static str,
    closure: Closure<dyn FnMut(web_sys::Event)>,
}

impl Drop for Listener {
    fn drop(&mut self) {
        if let Some(window) = web_sys::window() {
            let _ = window.remove_event_listener_with_callback(
                self.kind,
                self.closure.as_ref().unchecked_ref(),
            );
        }
    }
}

/// What `mount` returns; `unmount()` is idempotent.
#[wasm_bindgen]
pub struct ConsoleHandle {
    id: u32,
}

struct Live {
    owner: Owner,
    view: Box<dyn std::any::Any>,
    listeners: Vec<Listener>,
    /// Nodes this mount added to the host (the stylesheet link and the root).
    added: Vec<web_sys::Element>,
    host: web_sys::Element,
    /// The stylesheet's load/error handler (dropped with the mount).
    _link_callbacks: Option<Closure<dyn FnMut(web_sys::Event)>>,
}

#[wasm_bindgen]
impl ConsoleHandle {
    /// Removes the console and everything it added; safe to call twice.
    pub fn unmount(&mut self) {
        let live = MOUNTS.with(|m| m.borrow_mut().get_mut(&self.id).and_then(|m| m.live.take()));
        let Some(live) = live else { return };
        let Live {
            owner,
            view,
            listeners,
            added,
            host,
            _link_callbacks,
        } = live;
        drop(listeners);
        for node in added {
            if let Some(el) = node.dyn_ref::<web_sys::HtmlElement>() {
                // A load still pending must not call the handler dropped below.
                el.set_onload(None);
                el.set_onerror(None);
            }
            node.remove();
        }
        let _ = host.remove_attribute("data-wc-theme");
        let mut view = Some(view);
        MOUNTS.with(|m| {
            if let Some(mount) = m.borrow_mut().get_mut(&self.id)
                && mount.in_flight > 0
            {
                mount.closing = view.take().map(|v| (owner.clone(), v));
            }
        });
        if let Some(view) = view {
            MOUNTS.with(|m| m.borrow_mut().remove(&self.id));
            drop(view);
            owner.cleanup();
        }
    }

    #[wasm_bindgen(getter)]
    pub fn mounted(&self) -> bool {
        MOUNTS.with(|m| m.borrow().get(&self.id).is_some_and(|m| m.live.is_some()))
    }
}

/// Mounts a console into `element`. `options`: `apiBase`, `orgId`, `provider`
/// (`"slashid"`), `theme` (`light`|`dark`|`auto`), `hashRouting`, `apiKey` or
/// `getCredentials` (an async function giving `{ headers }`), `shadow` (default true),
/// `cssUrl`. With an organization id and credentials it opens on the webhook list,
/// otherwise on the connection form, pre-filled.
#[wasm_bindgen(js_name = mount)]
pub fn mount(element: web_sys::Element, options: JsValue) -> Result<ConsoleHandle, JsValue> {
    let opts = read_options(&options);
    if let Err(OptionsError::UnknownProvider(p)) = opts.validate() {
        return Err(js_sys::Error::new(&format!(
            "webhook-console: unknown provider {p:?} (supported: \"slashid\")"
        ))
        .into());
    }
    let api_key = get_string(&options, "apiKey");
    let get_credentials = get(&options, "getCredentials")
        .dyn_into::<js_sys::Function>()
        .ok();
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| JsValue::from_str("webhook-console: no document"))?;

    let mut added = Vec::new();
    let mut link_callbacks = None;
    let root = document.create_element("div")?;
    root.set_class_name("wc-root");
    if opts.shadow {
        let shadow = match element.shadow_root() {
            Some(shadow) => shadow,
            None => element
                .attach_shadow(&web_sys::ShadowRootInit::new(web_sys::ShadowRootMode::Open))?,
        };
        if let Some(css) = &opts.css_url {
            let link = document.create_element("link")?;
            link.set_attribute("rel", "stylesheet")?;
            link.set_attribute("href", css)?;
            // Hidden (the UA's `[hidden]`) until the stylesheet applies, whose
            // `.wc-root { display: block }` shows it: no flash of unstyled content and
            // no transitions from unstyled values. The attribute goes once it loaded.
            root.set_attribute("hidden", "")?;
            let shown = root.clone();
            let on_load = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
                let _ = shown.remove_attribute("hidden");
            });
            let link_el: &web_sys::HtmlElement = link.unchecked_ref();
            link_el.set_onload(Some(on_load.as_ref().unchecked_ref()));
            link_el.set_onerror(Some(on_load.as_ref().unchecked_ref()));
            link_callbacks = Some(on_load);
            shadow.append_child(&link)?;
            added.push(link);
        }
        shadow.append_child(&root)?;
    } else {
        element.append_child(&root)?;
    }
    added.push(root.clone());
    element.set_attribute("data-wc-theme", opts.theme.as_str())?;

    let id = NEXT_ID.with(|n| {
        let id = n.get();
        n.set(id.wrapping_add(1));
        id
    });
    let has_credentials = api_key.is_some() || get_credentials.is_some();
    MOUNTS.with(|m| {
        m.borrow_mut().insert(
            id,
            Mount {
                host: element.clone(),
                root: root.clone(),
                api_key: api_key.clone(),
                get_credentials,
                in_flight: 0,
                closing: None,
                live: None,
            },
        )
    });

    let connection = Connection {
        base_url: opts
            .api_base
            .clone()
            .unwrap_or_else(crate::dom::page_origin),
        org_id: opts.org_id.clone().unwrap_or_default(),
        api_key: String::new(),
    };
    let owner = Owner::new();
    let mount_into: web_sys::HtmlElement = root.clone().unchecked_into();
    // The state belongs to the mount's owner, not the view's: an unmounted console's
    // requests still under way write to it (see `CallGuard`).
    let state = owner.with(|| {
        let mut state = AppState::new();
        state.mount = Some(id);
        state
    });
    let view = owner.with(|| {
        // Everything that spawns or makes effects runs inside `mount_to`, which starts
        // Leptos' executor first.
        let view = leptos::mount::mount_to(mount_into, move || {
            if opts.org_id.is_some() && has_credentials {
                state.connect(connection);
            } else {
                state.prefill.set_value(Some(connection));
            }
            if opts.hash_routing {
                sync_hash(state);
            }
            provide_context(state);
            provide_context(MountId(id));
            view! { <Console /> }
        });
        Box::new(view) as Box<dyn std::any::Any>
    });
    let mut listeners = Vec::new();
    if opts.hash_routing {
        listeners.push(listen_hashchange(state)?);
    }
    let live = Live {
        owner,
        view,
        listeners,
        added,
        host: element,
        _link_callbacks: link_callbacks,
    };
    MOUNTS.with(|m| {
        if let Some(mount) = m.borrow_mut().get_mut(&id) {
            mount.live = Some(live);
        }
    });
    Ok(ConsoleHandle { id })
}

fn location_hash() -> String {
    web_sys::window()
        .and_then(|w| w.location().hash().ok())
        .unwrap_or_default()
}

/// The view follows the hash at start, and the hash follows the view.
fn sync_hash(state: AppState) {
    if state.connection.with_untracked(Option::is_some)
        && let Some(view) = route::view_of(&location_hash())
    {
        state.view.set(view);
    }
    Effect::new(move |_| {
        let view = state.view.get();
        if let Some(hash) = route::hash_of(&view)
            && location_hash() != hash
            && let Some(window) = web_sys::window()
        {
            // Only the fragment: the host's path and query stay as they are.
            let _ = window.location().set_hash(&hash);
        }
    });
}

fn listen_hashchange(state: AppState) -> Result<Listener, JsValue> {
    let closure = Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
        let connected = state.connection.with_untracked(Option::is_some);
        if let Some(view) = route::view_of(&location_hash())
            && connected
            && state.view.get_untracked() != view
        {
            state.go(view);
        }
    });
    let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
    window.add_event_listener_with_callback("hashchange", closure.as_ref().unchecked_ref())?;
    Ok(Listener {
        kind: "hashchange",
        closure,
    })
}

/// Counts an API call of a mount while it is under way; `None` when the mount was
/// unmounted (the call is then not made).
pub struct CallGuard(Option<u32>);

pub fn begin_call(mount: Option<u32>) -> Option<CallGuard> {
    let Some(id) = mount else {
        return Some(CallGuard(None));
    };
    MOUNTS.with(|m| match m.borrow_mut().get_mut(&id) {
        Some(mount) if mount.closing.is_none() => {
            mount.in_flight += 1;
            Some(CallGuard(Some(id)))
        }
        _ => None,
    })
}

impl Drop for CallGuard {
    fn drop(&mut self) {
        let Some(id) = self.0 else { return };
        let idle_closing = MOUNTS.with(|m| match m.borrow_mut().get_mut(&id) {
            Some(mount) => {
                mount.in_flight = mount.in_flight.saturating_sub(1);
                mount.in_flight == 0 && mount.closing.is_some()
            }
            None => false,
        });
        if idle_closing {
            // Later, so that the call's continuation (running right after this) still
            // finds its signals; it may also have started another call meanwhile.
            leptos::task::spawn_local(async move { finish_closing(id) });
        }
    }
}

fn finish_closing(id: u32) {
    let owner = MOUNTS.with(|m| {
        let mut m = m.borrow_mut();
        match m.get(&id) {
            Some(mount) if mount.in_flight == 0 && mount.closing.is_some() => {
                m.remove(&id).and_then(|mount| mount.closing)
            }
            _ => None,
        }
    });
    if let Some((owner, view)) = owner {
        drop(view);
        owner.cleanup();
    }
}

/// The element a mount's view lives in, for focus helpers (ids are per shadow root).
pub fn root_of(id: u32) -> Option<web_sys::Element> {
    MOUNTS.with(|m| m.borrow().get(&id).map(|m| m.root.clone()))
}

/// Every live mount's root, oldest first.
pub fn roots() -> Vec<web_sys::Element> {
    MOUNTS.with(|m| {
        m.borrow()
            .0
            .iter()
            .map(|(_, mount)| mount.root.clone())
            .collect()
    })
}

/// Whether a 401 is worth one more try: only when the host can give fresh credentials.
pub fn can_refresh(mount: Option<u32>) -> bool {
    mount.is_some_and(|id| {
        MOUNTS.with(|m| {
            m.borrow()
                .get(&id)
                .is_some_and(|m| m.get_credentials.is_some())
        })
    })
}

/// The headers to add to a request of this mount: `SlashID-API-Key` for `apiKey`, or what
/// `getCredentials()` gives (`refresh` tells it a 401 came back). Empty outside a mount.
pub async fn credential_headers(
    mount: Option<u32>,
    refresh: bool,
) -> Result<Vec<(String, String)>, ApiError> {
    let Some(id) = mount else {
        return Ok(Vec::new());
    };
    let (api_key, provider) = MOUNTS.with(|m| {
        m.borrow()
            .get(&id)
            .map(|m| (m.api_key.clone(), m.get_credentials.clone()))
            .unwrap_or_default()
    });
    if let Some(provider) = provider {
        let arg = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&arg, &"refresh".into(), &JsValue::from_bool(refresh));
        // The host's function failing says nothing about the API: report it as such,
        // without its text (which could quote a token).
        let failed = |_| ApiError::Network(crate::i18n::EMBED_CREDENTIALS_FAILED.to_owned());
        let value = provider.call1(&JsValue::NULL, &arg).map_err(failed)?;
        let value = JsFuture::from(js_sys::Promise::resolve(&value))
            .await
            .map_err(failed)?;
        return Ok(headers_of(&get(&value, "headers")));
    }
    Ok(api_key
        .map(|key| vec![("SlashID-API-Key".to_owned(), key)])
        .unwrap_or_default())
}

/// `{ name: value }` or a `Headers` object, as pairs.
fn headers_of(value: &JsValue) -> Vec<(String, String)> {
    let mut out = Vec::new();
    if let Some(headers) = value.dyn_ref::<web_sys::Headers>() {
        if let Ok(Some(iter)) = js_sys::try_iter(headers) {
            for pair in iter.flatten() {
                let pair: js_sys::Array = pair.unchecked_into();
                if let (Some(k), Some(v)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                    out.push((k, v));
                }
            }
        }
    } else if value.is_object() {
        for entry in js_sys::Object::entries(value.unchecked_ref()).iter() {
            let pair: js_sys::Array = entry.unchecked_into();
            if let (Some(k), Some(v)) = (pair.get(0).as_string(), pair.get(1).as_string()) {
                out.push((k, v));
            }
        }
    }
    out
}

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
/// (`{ kind, status?, message }`: the sentence the admin sees, which never holds a key).
pub fn failed(mount: Option<u32>, error: &ApiError) {
    let detail = js_sys::Object::new();
    let (kind, status) = match error {
        ApiError::Unauthorized { status, .. } => ("unauthorized", Some(*status)),
        ApiError::NotFound(_) => ("not-found", Some(404)),
        ApiError::Validation(_) => ("validation", Some(400)),
        ApiError::Conflict(_) => ("conflict", Some(409)),
        ApiError::Timeout408 => ("timeout", Some(408)),
        ApiError::RateLimited { .. } => ("rate-limited", Some(429)),
        ApiError::Server { status, .. } => ("server", Some(*status)),
        ApiError::Network(_) => ("network", None),
        ApiError::Malformed(_) => ("malformed", None),
        ApiError::Unconfirmed(_) => ("unconfirmed", None),
    };
    if let Some(status) = status {
        let _ = js_sys::Reflect::set(&detail, &"status".into(), &JsValue::from(status));
    }
    if error.is_unauthorized() {
        dispatch(mount, "webhook-console:unauthorized", &detail);
    } else {
        set(&detail, "kind", kind);
        set(&detail, "message", &error.message());
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn themes_parse_leniently() {
        assert_eq!(Theme::parse("dark"), Theme::Dark);
        assert_eq!(Theme::parse(" Light "), Theme::Light);
        assert_eq!(Theme::parse("auto"), Theme::Auto);
        assert_eq!(Theme::parse("sepia"), Theme::Auto);
    }

    #[test]
    fn only_slashid_is_a_provider_for_now() {
        let mut o = Options::default();
        assert!(o.validate().is_ok());
        o.provider = Some("slashid".into());
        assert!(o.validate().is_ok());
        o.provider = Some("svix".into());
        assert_eq!(
            o.validate(),
            Err(OptionsError::UnknownProvider("svix".into()))
        );
    }
}
