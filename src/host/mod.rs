//! The host layer: what a console embedded in someone else's page owns there. The
//! mount registry (each console's element, root, credentials and tasks), the host's
//! credentials (`credentials`), the events dispatched on the host's element (`events`),
//! tasks that keep their mount alive (`task`), and hash routing (`hash`). It names no
//! API: each provider starts its console through [`mount_with`].
//!
//! A mount owns everything it adds to the page, and `unmount()` removes all of it: the
//! shadow root's content, the reactive owner (signals, effects), its window listeners
//! and its entry in the registry. Several mounts live side by side; each has an id that
//! its state and API client carry, so events and credentials reach the right element.
//!
//! Secrets: the API key (or the host's `getCredentials`) stays in this module's memory;
//! no event detail, error or log here contains a header value.

pub mod credentials;
pub mod events;
pub mod hash;
pub mod task;

use std::cell::{Cell, RefCell};
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen::prelude::*;

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
    /// Tasks under way (`task::spawn`, `Busy`): an unmounted console keeps its reactive
    /// owner until they are done, because their continuations still read and write its
    /// signals (a read of a disposed signal aborts the whole wasm module).
    in_flight: u32,
    /// Bumped at each new connection (`task::new_epoch`): a task of an older one is
    /// dropped at its next step, so its answer never lands in the new connection.
    epoch: u64,
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
    /// Which API; `providers::Provider` reads it.
    pub provider: Option<String>,
    pub theme: Theme,
    pub hash_routing: bool,
    /// Default true; the standalone page mounts into the light DOM.
    pub shadow: bool,
    /// The console's stylesheet, put into the shadow root (the loader passes it).
    pub css_url: Option<String>,
    /// Its SRI hash, from the release's manifest (the loader passes it): the browser
    /// refuses a changed stylesheet.
    pub css_integrity: Option<String>,
    pub outline: Outline,
}

/// How a console fits into the host's page: `chrome: "none"` hides its brand and version
/// header, `headingLevel` (2 to 6) is the level of its views' titles, their sections one
/// below. A context of the mount, read by the shell and `ui::heading`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Outline {
    pub chrome: bool,
    pub level: u8,
}

impl Default for Outline {
    fn default() -> Self {
        Outline {
            chrome: true,
            level: 2,
        }
    }
}

/// `chrome` and `headingLevel` (a number, or digits as an attribute gives them); a value
/// the console does not know is ignored with a warning in the browser's console.
fn read_outline(obj: &JsValue) -> Outline {
    let mut outline = Outline::default();
    match get_string(obj, "chrome") {
        None => {}
        Some(c) if c.eq_ignore_ascii_case("none") => outline.chrome = false,
        Some(c) if c.eq_ignore_ascii_case("full") => {}
        Some(_) => warn("chrome is ignored: it must be \"none\" or \"full\"."),
    }
    let level = get(obj, "headingLevel");
    if !level.is_undefined() && !level.is_null() {
        let n = match level.as_f64() {
            Some(n) if n.fract() == 0.0 && (2.0..=6.0).contains(&n) => Some(n as u8),
            Some(_) => None,
            None => level.as_string().and_then(|s| s.trim().parse::<u8>().ok()),
        };
        match n {
            Some(n @ 2..=6) => outline.level = n,
            _ => warn("headingLevel is ignored: it must be a whole number from 2 to 6."),
        }
    }
    outline
}

fn warn(text: &str) {
    let mut line = String::from("webhook-console: ");
    line.push_str(text);
    web_sys::console::warn_1(&JsValue::from_str(&line));
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

pub(crate) fn get(obj: &JsValue, key: &str) -> JsValue {
    if obj.is_object() {
        js_sys::Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

pub(crate) fn get_string(obj: &JsValue, key: &str) -> Option<String> {
    get(obj, key)
        .as_string()
        .map(|s| s.trim().to_owned())
        .filter(|s| !s.is_empty())
}

pub fn read_options(obj: &JsValue) -> Options {
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
        css_integrity: get_string(obj, "cssIntegrity"),
        outline: read_outline(obj),
    }
}

/// A window listener that is removed when dropped.
pub struct Listener {
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

/// What a provider's console starts from, inside its mount's reactive owner.
pub struct Start {
    pub mount: u32,
    pub options: Options,
    /// The host gave an API key or a `getCredentials` function.
    pub has_credentials: bool,
    listeners: Rc<RefCell<Vec<Listener>>>,
}

impl Start {
    /// Listens to `kind` on the window for as long as the console is mounted.
    pub fn listen_window(
        &self,
        kind: &'static str,
        handler: impl FnMut(web_sys::Event) + 'static,
    ) -> Result<(), JsValue> {
        let closure = Closure::<dyn FnMut(web_sys::Event)>::new(handler);
        let window = web_sys::window().ok_or_else(|| JsValue::from_str("no window"))?;
        window.add_event_listener_with_callback(kind, closure.as_ref().unchecked_ref())?;
        self.listeners.borrow_mut().push(Listener { kind, closure });
        Ok(())
    }
}

/// Mounts a console into `element`: a shadow root (unless `shadow: false`) with the
/// stylesheet, the mount's registry entry (credentials, events), a reactive owner, and
/// the view `start` builds inside it (with [`MountId`] as context).
pub fn mount_with(
    element: web_sys::Element,
    options: &JsValue,
    opts: Options,
    start: impl FnOnce(Start) -> AnyView + 'static,
) -> Result<ConsoleHandle, JsValue> {
    let api_key = get_string(options, "apiKey");
    let get_credentials = get(options, "getCredentials")
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
            if let Some(integrity) = &opts.css_integrity {
                link.set_attribute("integrity", integrity)?;
                link.set_attribute("crossorigin", "anonymous")?;
            }
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
                epoch: 0,
                closing: None,
                live: None,
            },
        )
    });

    let owner = Owner::new();
    let mount_into: web_sys::HtmlElement = root.clone().unchecked_into();
    let listeners = Rc::new(RefCell::new(Vec::new()));
    let outline = opts.outline;
    let start_with = Start {
        mount: id,
        options: opts,
        has_credentials,
        listeners: Rc::clone(&listeners),
    };
    let view = owner.with(|| {
        // Everything that spawns or makes effects runs inside `mount_to`, which starts
        // Leptos' executor first.
        let view = leptos::mount::mount_to(mount_into, move || {
            provide_context(MountId(id));
            provide_context(outline);
            start(start_with)
        });
        Box::new(view) as Box<dyn std::any::Any>
    });
    let live = Live {
        owner,
        view,
        listeners: listeners.take(),
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
}
