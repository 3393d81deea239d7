//! Component tests of Droplit's console: its views mounted in a real browser (headless
//! Chromium via wasm-bindgen-test-runner), the page's `fetch` answered by a stub. Run with
//! `cargo test -p webhook-console --target wasm32-unknown-unknown --test components_droplit`.

#![cfg(target_arch = "wasm32")]

mod dom;
use dom::{assert_review_open, button, confirm_create, find_all, review_rows, settle, sleep_ms};

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Promise, Reflect};
use leptos::prelude::*;
use leptos::wasm_bindgen::closure::Closure;
use leptos::wasm_bindgen::{JsCast, JsValue};
use leptos::web_sys::{self, Element, HtmlElement};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use webhook_console::providers::droplit::app::Console;
use webhook_console::providers::droplit::client::Connection;
use webhook_console::providers::droplit::secret::Secret;
use webhook_console::providers::droplit::state::{AppState, View};
use webhook_console::providers::droplit::words as t;
use webhook_console::text::sentence;
use webhook_rules::droplit::errors::{pattern_message, webhook_not_found};
use webhook_rules::droplit::wire::Webhook;

wasm_bindgen_test_configure!(run_in_browser);

// ---------------------------------------------------------------------------------------
// Helpers.
// ---------------------------------------------------------------------------------------

const BASE: &str = "https://droplit.invalid";
const TOKEN: &str = "tok_droplit_e2e_0123";
const LIST_URL: &str = "https://droplit.invalid/api/webhooks?ecosystemId=C5a1";

fn document() -> web_sys::Document {
    web_sys::window().unwrap().document().unwrap()
}

/// A fresh container per test, so that tests do not see each other's DOM.
fn container() -> HtmlElement {
    let element = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&element).unwrap();
    element.unchecked_into()
}

fn find(root: &Element, selector: &str) -> HtmlElement {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
        .unchecked_into()
}

/// Masked by CSS, as a text input that password managers are told to leave alone.
fn masked(input: &HtmlElement) -> bool {
    input.get_attribute("type").as_deref() == Some("text")
        && input.class_list().contains("masked")
        && input.has_attribute("data-1p-ignore")
        && input.get_attribute("autocomplete").as_deref() == Some("off")
}

fn exists(root: &Element, selector: &str) -> bool {
    root.query_selector(selector).unwrap().is_some()
}

fn text(root: &Element, selector: &str) -> String {
    find(root, selector).text_content().unwrap_or_default()
}

fn fire(target: &Element, kind: &str) {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    let ev = web_sys::Event::new_with_event_init_dict(kind, &init).unwrap();
    target.dispatch_event(&ev).unwrap();
}

/// Sets the `value` of an input or text area, as typing would, and fires `input`.
fn type_into(root: &Element, selector: &str, value: &str) {
    let el = find(root, selector);
    Reflect::set(&el, &"value".into(), &value.into()).unwrap();
    fire(&el, "input");
}

fn value(root: &Element, selector: &str) -> String {
    Reflect::get(&find(root, selector), &"value".into())
        .unwrap()
        .as_string()
        .unwrap_or_default()
}

fn submit(root: &Element) {
    fire(&find(root, "form"), "submit");
}

/// The id of the element that has the focus.
fn focused() -> String {
    document()
        .active_element()
        .map(|e| e.id())
        .unwrap_or_default()
}

/// Lets the view catch up with what was typed (effects, `focus_id_soon`): no request.
async fn ui() {
    leptos::task::tick().await;
    leptos::task::tick().await;
}

/// Waits until `done` holds (a busy machine may take more turns than [`settle`] lets
/// run for a chain of requests, WebCrypto and navigation), at most five seconds.
async fn until(what: &str, done: impl Fn() -> bool) {
    for _ in 0..500 {
        if done() {
            return;
        }
        sleep_ms(10).await;
    }
    panic!("waited five seconds for {what}");
}

type Answer = Rc<dyn Fn(&str, &str) -> Option<(u16, String)>>;

/// `fetch` answered by `answer(method, url)` (`None` rejects like a dropped connection);
/// every request is kept, to read what was sent.
struct Stub {
    original: JsValue,
    _closure: Closure<dyn FnMut(JsValue) -> Promise>,
    requests: Rc<RefCell<Vec<web_sys::Request>>>,
    /// Every answer carries the sandbox's mark.
    sandbox: Rc<RefCell<bool>>,
}

impl Stub {
    fn install(answer: impl Fn(&str, &str) -> Option<(u16, String)> + 'static) -> Self {
        let window = web_sys::window().unwrap();
        let original = Reflect::get(&window, &"fetch".into()).unwrap();
        let requests = Rc::new(RefCell::new(Vec::new()));
        let how: Answer = Rc::new(answer);
        let sandbox = Rc::new(RefCell::new(false));
        let (seen, mark) = (requests.clone(), sandbox.clone());
        let closure = Closure::<dyn FnMut(JsValue) -> Promise>::new(move |req: JsValue| {
            let req = req.unchecked_into::<web_sys::Request>();
            let (method, url) = (req.method(), req.url());
            seen.borrow_mut().push(req);
            match how(&method, &url) {
                Some((status, body)) => {
                    let init = web_sys::ResponseInit::new();
                    init.set_status(status);
                    // A 204 or a 200 with no body, as Droplit's PUT answers.
                    let body = (!body.is_empty()).then_some(body);
                    let response =
                        web_sys::Response::new_with_opt_str_and_init(body.as_deref(), &init)
                            .unwrap();
                    if *mark.borrow() {
                        response.headers().set("X-Webhook-Sandbox", "1").unwrap();
                    }
                    Promise::resolve(&JsValue::from(response))
                }
                None => Promise::reject(&js_sys::TypeError::new("Failed to fetch").into()),
            }
        });
        let f: &Function = closure.as_ref().unchecked_ref();
        Reflect::set(&window, &"fetch".into(), f).unwrap();
        Self {
            original,
            _closure: closure,
            requests,
            sandbox,
        }
    }

    /// `METHOD url` of every request so far.
    fn calls(&self) -> Vec<String> {
        self.requests
            .borrow()
            .iter()
            .map(|r| format!("{} {}", r.method(), r.url()))
            .collect()
    }

    /// The body of the `n`th request.
    async fn body(&self, n: usize) -> String {
        let req: web_sys::Request = Clone::clone(&self.requests.borrow()[n]);
        let text = wasm_bindgen_futures::JsFuture::from(req.text().unwrap())
            .await
            .unwrap();
        text.as_string().unwrap_or_default()
    }

    fn header(&self, n: usize, name: &str) -> Option<String> {
        self.requests.borrow()[n].headers().get(name).unwrap()
    }
}

impl Drop for Stub {
    fn drop(&mut self) {
        let window = web_sys::window().unwrap();
        Reflect::set(&window, &"fetch".into(), &self.original).unwrap();
    }
}

fn hook(id: &str, url: &str, description: Option<&str>, disabled: bool) -> Webhook {
    Webhook {
        id: id.into(),
        description: description.map(str::to_owned),
        ecosystem_id: "C5a1".into(),
        url: url.into(),
        disabled,
        created_at: "2026-11-23T04:22:00.000Z".into(),
    }
}

fn hook_json(w: &Webhook) -> String {
    serde_json::to_string(w).unwrap()
}

fn list_json(hooks: &[Webhook]) -> String {
    serde_json::json!({ "items": hooks }).to_string()
}

/// Connected to the ecosystem `C5a1`, with `hooks` loaded, on `view`.
fn connected(view: View, hooks: Vec<Webhook>) -> AppState {
    let state = AppState::new();
    state.connection.set(Some(Connection {
        base_url: BASE.into(),
        ecosystem_id: "C5a1".into(),
        token: TOKEN.into(),
    }));
    state.webhooks.set(Some(hooks));
    state.view.set(view);
    state
}

/// The whole console on `state`.
fn mount_console(root: &HtmlElement, state: AppState) -> impl Sized + use<> {
    leptos::mount::mount_to(root.clone(), move || {
        provide_context(state);
        view! { <Console /> }
    })
}

/// A URL on which Node's backtracking runs for seconds: a dotted host, many path
/// segments, and a line terminator (U+2028: an input's value keeps it, unlike `\n`).
fn hanging_url() -> String {
    format!("https://hooks.example.com{}\u{2028}", "/a".repeat(26))
}

// ---------------------------------------------------------------------------------------
// The webhook form.
// ---------------------------------------------------------------------------------------

mod form {
    use super::*;

    #[wasm_bindgen_test]
    async fn judges_the_url_after_blur_then_live_in_the_servers_words() {
        let root = container();
        let _handle = mount_console(&root, connected(View::Create, Vec::new()));
        settle().await;
        let url = find(&root, "#wc-url");
        type_into(&root, "#wc-url", "localhost");
        ui().await;
        assert!(
            !exists(&root, "#wc-url-err"),
            "no error before the field was left"
        );
        assert_eq!(url.get_attribute("aria-invalid").as_deref(), Some("false"));

        fire(&url, "blur");
        ui().await;
        let err = text(&root, "#wc-url-err");
        assert!(
            err.starts_with(sentence(&pattern_message()).trim_end_matches('.')),
            "{err}"
        );
        assert!(err.contains("a dot with something on each side"), "{err}");
        assert_eq!(url.get_attribute("aria-invalid").as_deref(), Some("true"));
        assert!(
            url.get_attribute("aria-describedby")
                .unwrap_or_default()
                .contains("wc-url-err")
        );

        // Then live: no scheme is fine with Droplit, an empty field is "required".
        type_into(&root, "#wc-url", "");
        ui().await;
        assert_eq!(
            text(&root, "#wc-url-err"),
            "Field is required: enter the address Droplit should call."
        );
        type_into(&root, "#wc-url", "hooks.example.com/droplit");
        ui().await;
        assert!(!exists(&root, "#wc-url-err"));
        assert_eq!(url.get_attribute("aria-invalid").as_deref(), Some("false"));
    }

    #[wasm_bindgen_test]
    async fn a_url_that_would_hang_the_server_gets_a_warning_distinct_from_the_error() {
        let stub = Stub::install(|_, _| Some((500, String::new())));
        let root = container();
        let _handle = mount_console(&root, connected(View::Create, Vec::new()));
        settle().await;
        let url = find(&root, "#wc-url");
        type_into(&root, "#wc-url", &hanging_url());
        ui().await;
        // The warning comes at once: it judges nothing, so it waits for no blur.
        let warning = find(&root, "#wc-url-warn");
        assert!(warning.class_list().contains("field-warning"));
        assert!(!warning.class_list().contains("field-error"));
        assert!(warning.get_attribute("role").is_none(), "not an alert");
        let words = warning.text_content().unwrap();
        assert!(words.starts_with(t::WARNING), "{words}");
        assert!(
            words.contains(webhook_rules::droplit::url::HANG_MESSAGE_PREFIX),
            "{words}"
        );
        assert!(words.contains("line break at character 78"), "{words}");
        assert!(
            url.get_attribute("aria-describedby")
                .unwrap_or_default()
                .contains("wc-url-warn")
        );
        assert_eq!(url.get_attribute("aria-invalid").as_deref(), Some("false"));

        // The error, after the blur, is the server's own words for this URL.
        fire(&url, "blur");
        ui().await;
        let err = text(&root, "#wc-url-err");
        assert!(
            err.starts_with(sentence(&pattern_message()).trim_end_matches('.')),
            "{err}"
        );
        assert!(!err.contains("hang"), "{err}");
        // Such a URL never matches either: nothing is sent.
        submit(&root);
        settle().await;
        assert!(stub.calls().is_empty(), "{:?}", stub.calls());

        type_into(&root, "#wc-url", "https://hooks.example.com/a/a");
        ui().await;
        assert!(!exists(&root, "#wc-url-warn"));
    }

    #[wasm_bindgen_test]
    async fn maps_a_servers_400_onto_its_fields() {
        let body = webhook_rules::droplit::errors::InvalidParams::default()
            .with(
                webhook_rules::droplit::errors::In::Body,
                &[
                    webhook_rules::Problem::new("url", "pattern", pattern_message()),
                    webhook_rules::Problem::new("secret", "type", "field must be a string"),
                ],
            )
            .to_json();
        let stub = Stub::install(move |_, _| Some((400, body.clone())));
        let root = container();
        let _handle = mount_console(&root, connected(View::Create, Vec::new()));
        settle().await;
        type_into(&root, "#wc-url", "https://hooks.example.com/droplit");
        type_into(&root, "#wc-secret", "s3cr3t-value-0001");
        submit(&root);
        confirm_create(&root).await;
        settle().await;
        assert_eq!(
            stub.calls(),
            [format!("POST {BASE}/api/webhooks")],
            "one create"
        );
        assert!(
            text(&root, "#wc-url-err")
                .starts_with(sentence(&pattern_message()).trim_end_matches('.'))
        );
        assert_eq!(text(&root, "#wc-secret-err"), "Field must be a string.");
        assert_eq!(
            focused(),
            "wc-url",
            "focus to the first field with a problem"
        );
        // Nothing typed is lost; editing the field retires the server's verdict.
        assert_eq!(value(&root, "#wc-url"), "https://hooks.example.com/droplit");
        assert_eq!(value(&root, "#wc-secret"), "s3cr3t-value-0001");
        type_into(&root, "#wc-url", "https://hooks.example.com/droplit2");
        ui().await;
        assert!(!exists(&root, "#wc-url-err"));
        assert!(exists(&root, "#wc-secret-err"));
    }

    #[wasm_bindgen_test]
    async fn keeps_the_form_after_a_500() {
        let stub = Stub::install(|_, _| Some((500, "Internal Server Error".into())));
        let root = container();
        let _handle = mount_console(&root, connected(View::Create, Vec::new()));
        settle().await;
        type_into(&root, "#wc-url", "https://hooks.example.com/droplit");
        type_into(&root, "#wc-description", "Orders");
        submit(&root);
        confirm_create(&root).await;
        settle().await;
        assert_eq!(stub.calls().len(), 1);
        let notice = text(&root, "#wc-form-error");
        assert!(
            notice.contains("Droplit had a problem (HTTP 500): “Internal Server Error”."),
            "{notice}"
        );
        assert!(notice.contains(t::NOTHING_LOST), "{notice}");
        assert_eq!(focused(), "wc-form-error");
        assert_eq!(value(&root, "#wc-url"), "https://hooks.example.com/droplit");
        assert_eq!(value(&root, "#wc-description"), "Orders");
    }

    #[wasm_bindgen_test]
    async fn a_create_without_an_answer_is_unconfirmed() {
        let stub = Stub::install(|_, _| None);
        let root = container();
        let _handle = mount_console(&root, connected(View::Create, Vec::new()));
        settle().await;
        type_into(&root, "#wc-url", "https://hooks.example.com/droplit");
        submit(&root);
        confirm_create(&root).await;
        settle().await;
        assert_eq!(stub.calls().len(), 1);
        let notice = text(&root, "#wc-form-error");
        assert!(
            notice.contains("No answer came back from Droplit"),
            "{notice}"
        );
        assert!(
            notice.contains("may or may not have been applied"),
            "{notice}"
        );
        assert!(notice.contains(t::TYPED_KEPT), "{notice}");
        assert_eq!(value(&root, "#wc-url"), "https://hooks.example.com/droplit");
    }

    #[wasm_bindgen_test]
    async fn creates_with_the_token_as_is_and_opens_the_new_webhook() {
        let created = hook(
            "W1",
            "https://hooks.example.com/droplit",
            Some("Orders"),
            false,
        );
        let answer = hook_json(&created);
        let stub = Stub::install(move |method, _| match method {
            "POST" => Some((201, answer.clone())),
            _ => Some((200, answer.clone())),
        });
        let root = container();
        let state = connected(View::Create, Vec::new());
        let _handle = mount_console(&root, state);
        settle().await;
        type_into(&root, "#wc-url", "https://hooks.example.com/droplit");
        type_into(&root, "#wc-description", "Orders");
        submit(&root);
        confirm_create(&root).await;
        until("the new webhook's page", || {
            state.view.get_untracked() == View::Detail("W1".into())
        })
        .await;
        settle().await;
        assert_eq!(stub.calls()[0], format!("POST {BASE}/api/webhooks"));
        assert_eq!(
            serde_json::from_str::<serde_json::Value>(&stub.body(0).await).unwrap(),
            serde_json::json!({"ecosystemId": "C5a1", "url": "https://hooks.example.com/droplit", "description": "Orders"})
        );
        assert_eq!(stub.header(0, "authorization").as_deref(), Some(TOKEN));
        assert_eq!(state.view.get_untracked(), View::Detail("W1".into()));
        assert!(
            root.text_content()
                .unwrap()
                .contains("Webhook “Orders” created."),
            "{}",
            root.text_content().unwrap()
        );
    }

    #[wasm_bindgen_test]
    async fn an_edit_puts_only_what_changed_and_an_empty_secret_keeps_it() {
        let original = hook("W1", "https://hooks.example.com/a", Some("Orders"), false);
        // The server's copy: the PUT changes it, as Droplit would.
        let stored = Rc::new(RefCell::new(hook_json(&original)));
        let changed = hook_json(&hook(
            "W1",
            "https://hooks.example.com/a",
            Some("Orders v2"),
            false,
        ));
        let stub = Stub::install(move |method, _| match method {
            "PUT" => {
                stored.replace(changed.clone());
                Some((200, String::new()))
            }
            _ => Some((200, stored.borrow().clone())),
        });
        let root = container();
        let state = connected(View::Edit("W1".into()), vec![original]);
        let _handle = mount_console(&root, state);
        settle().await;
        assert_eq!(stub.calls(), [format!("GET {BASE}/api/webhooks/W1")]);
        assert_eq!(value(&root, "#wc-secret"), "", "no secret shown to edit");
        type_into(&root, "#wc-description", "Orders v2");
        submit(&root);
        settle().await;
        assert_eq!(review_rows(&root), ["Description|Orders|Orders v2"]);
        button(&root, t::REVIEW_CONFIRM).click();
        until("the webhook's page", || {
            state.view.get_untracked() == View::Detail("W1".into())
        })
        .await;
        settle().await;
        // Read again before the update: nobody changed it meanwhile.
        assert_eq!(stub.calls()[1], format!("GET {BASE}/api/webhooks/W1"));
        assert_eq!(stub.calls()[2], format!("PUT {BASE}/api/webhooks/W1"));
        assert_eq!(stub.body(2).await, r#"{"description":"Orders v2"}"#);
        assert_eq!(state.view.get_untracked(), View::Detail("W1".into()));
        let list = state.webhooks.get_untracked().unwrap();
        assert_eq!(list[0].description.as_deref(), Some("Orders v2"));
        assert_eq!(text(&root, "#wc-view-title"), "Orders v2");
        assert!(text(&root, ".status-area").contains("Webhook “Orders v2” saved."));
    }

    #[wasm_bindgen_test]
    async fn an_edit_sets_a_new_secret_only_when_one_is_typed() {
        let original = hook("W1", "https://hooks.example.com/a", None, false);
        let fresh = hook_json(&original);
        let stub = Stub::install(move |method, _| match method {
            "PUT" => Some((200, String::new())),
            _ => Some((200, fresh.clone())),
        });
        let root = container();
        let state = connected(View::Edit("W1".into()), vec![original]);
        let _handle = mount_console(&root, state);
        settle().await;
        // Nothing typed: nothing to send.
        submit(&root);
        settle().await;
        assert_eq!(stub.calls().len(), 1);
        assert!(root.text_content().unwrap().contains(t::NOTHING_CHANGED));
        type_into(&root, "#wc-secret", "n3w-s3cr3t-value-wxyz");
        submit(&root);
        settle().await;
        assert_eq!(
            review_rows(&root),
            ["Signing secret|The current secret (never shown)|••••••wxyz"]
        );
        assert!(
            !root.inner_html().contains("n3w-s3cr3t"),
            "a hint in the review"
        );
        button(&root, t::REVIEW_CONFIRM).click();
        settle().await;
        assert_eq!(stub.body(2).await, r#"{"secret":"n3w-s3cr3t-value-wxyz"}"#);
        // Nowhere in the page, notices included, but masked.
        let html = root.inner_html();
        assert!(!html.contains("n3w-s3cr3t"), "{html}");
        assert!(html.contains("••••••wxyz"), "the detail hints it");
    }

    #[wasm_bindgen_test]
    async fn the_plain_text_404_on_save_says_the_webhook_is_gone_and_reloads_the_list() {
        let original = hook("W1", "https://hooks.example.com/a", Some("Orders"), false);
        let fresh = hook_json(&original);
        let stub = Stub::install(move |method, url| match (method, url) {
            ("PUT", _) => Some((404, webhook_not_found("W1"))),
            ("GET", LIST_URL) => Some((200, list_json(&[]))),
            _ => Some((200, fresh.clone())),
        });
        let root = container();
        let state = connected(View::Edit("W1".into()), vec![original]);
        let _handle = mount_console(&root, state);
        settle().await;
        type_into(&root, "#wc-description", "Orders v2");
        submit(&root);
        settle().await;
        button(&root, t::REVIEW_CONFIRM).click();
        settle().await;
        let notice = text(&root, "#wc-form-error");
        assert!(
            notice.starts_with("This webhook no longer exists"),
            "{notice}"
        );
        assert!(
            stub.calls().contains(&format!("GET {LIST_URL}")),
            "{:?}",
            stub.calls()
        );
        assert_eq!(state.webhooks.get_untracked(), Some(Vec::new()));
        assert_eq!(value(&root, "#wc-description"), "Orders v2", "kept");
    }
}

// ---------------------------------------------------------------------------------------
// Secrets in the page.
// ---------------------------------------------------------------------------------------

mod secrets {
    use super::*;

    const SECRET: &str = "whsec-0123456789-abcdefghij-wxyz";

    #[wasm_bindgen_test]
    async fn a_typed_secret_is_masked_until_revealed_and_never_in_the_markup() {
        let root = container();
        let _handle = mount_console(&root, connected(View::Create, Vec::new()));
        settle().await;
        let input = find(&root, "#wc-secret");
        assert!(masked(&input));
        type_into(&root, "#wc-secret", SECRET);
        ui().await;
        assert!(!root.inner_html().contains(SECRET));
        let show = button(&root, t::SHOW_SECRET);
        assert_eq!(show.get_attribute("aria-pressed").as_deref(), Some("false"));
        assert_eq!(
            show.get_attribute("aria-controls").as_deref(),
            Some("wc-secret")
        );
        show.click();
        ui().await;
        assert!(!masked(&input));
        assert_eq!(show.get_attribute("aria-pressed").as_deref(), Some("true"));
        assert_eq!(show.text_content().unwrap().trim(), t::HIDE_SECRET);
        // The value is a property of the input, never an attribute.
        assert!(!root.inner_html().contains(SECRET));
    }

    #[wasm_bindgen_test]
    async fn an_echoed_secret_shows_as_a_hint_of_its_last_four_until_revealed() {
        let w = hook("W1", "https://hooks.example.com/a", Some("Orders"), false);
        let mut echoed: serde_json::Value = serde_json::to_value(&w).unwrap();
        echoed["secret"] = SECRET.into();
        let answer = echoed.to_string();
        let _stub = Stub::install(move |_, _| Some((200, answer.clone())));
        let root = container();
        let _handle = mount_console(&root, connected(View::Detail("W1".into()), vec![w]));
        settle().await;
        let code = find(&root, "#wc-secret-value");
        assert_eq!(code.text_content().unwrap(), "••••••wxyz");
        assert!(!root.inner_html().contains(SECRET));
        let show = button(&root, "Show signing secret");
        show.click();
        ui().await;
        assert_eq!(code.text_content().unwrap(), SECRET);
        button(&root, t::HIDE_SECRET).click();
        ui().await;
        assert!(!root.inner_html().contains(SECRET));
    }

    #[wasm_bindgen_test]
    async fn the_token_is_masked_on_the_connect_form() {
        let root = container();
        let state = AppState::new();
        state.prefill.set_value(Some(Connection {
            base_url: BASE.into(),
            ecosystem_id: "C5a1".into(),
            token: String::new(),
        }));
        let _handle = mount_console(&root, state);
        settle().await;
        let token = find(&root, "#wc-connect-token");
        assert!(masked(&token));
        type_into(&root, "#wc-connect-token", TOKEN);
        ui().await;
        assert!(!root.inner_html().contains(TOKEN));
        assert!(exists(&root, "button[aria-controls=\"wc-connect-token\"]"));
    }

    #[wasm_bindgen_test]
    fn a_known_secret_hint_gives_no_more_than_four_characters() {
        let hint = Secret::new(SECRET.into()).hint();
        assert_eq!(hint.trim_start_matches('•'), "wxyz");
    }
}

// ---------------------------------------------------------------------------------------
// Connecting.
// ---------------------------------------------------------------------------------------

mod connect {
    use super::*;

    #[wasm_bindgen_test]
    async fn the_ecosystem_id_is_judged_in_the_servers_words() {
        let stub = Stub::install(|_, _| Some((200, list_json(&[]))));
        let root = container();
        let state = AppState::new();
        let _handle = mount_console(&root, state);
        settle().await;
        let eco = find(&root, "#wc-connect-ecosystem");
        type_into(&root, "#wc-connect-ecosystem", "not an id!");
        fire(&eco, "blur");
        ui().await;
        let err = text(&root, "#wc-connect-ecosystem-err");
        assert!(err.starts_with("Invalid id: "), "{err}");
        type_into(&root, "#wc-connect-token", TOKEN);
        submit(&root);
        settle().await;
        assert!(stub.calls().is_empty());
        assert_eq!(focused(), "wc-connect-ecosystem");
        type_into(&root, "#wc-connect-ecosystem", "C5a1");
        submit(&root);
        settle().await;
        assert_eq!(state.view.get_untracked(), View::List);
        assert!(stub.calls()[0].ends_with("/api/webhooks?ecosystemId=C5a1"));
        assert_eq!(stub.header(0, "authorization").as_deref(), Some(TOKEN));
    }

    #[wasm_bindgen_test]
    async fn an_ecosystem_that_no_longer_exists_comes_back_onto_its_field() {
        let _stub =
            Stub::install(|_, _| Some((404, "Ecosystem with id C5a1 does not exist.".into())));
        let root = container();
        let state = AppState::new();
        let _handle = mount_console(&root, state);
        settle().await;
        type_into(&root, "#wc-connect-ecosystem", "C5a1");
        type_into(&root, "#wc-connect-token", TOKEN);
        submit(&root);
        settle().await;
        assert_eq!(state.view.get_untracked(), View::Connect);
        assert_eq!(
            text(&root, "#wc-connect-ecosystem-err"),
            "Ecosystem with id C5a1 does not exist."
        );
        assert_eq!(value(&root, "#wc-connect-token"), TOKEN, "kept");
        let alert = text(&root, ".alert-area");
        assert!(
            alert.contains("Droplit refused the ecosystem ID"),
            "{alert}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// The list: enable and disable, search, the plain-text 404.
// ---------------------------------------------------------------------------------------

mod list {
    use super::*;

    fn two() -> Vec<Webhook> {
        vec![
            hook("W1", "https://orders.example.com/h", Some("Orders"), false),
            hook("W2", "https://billing.example.com/h", None, true),
        ]
    }

    #[wasm_bindgen_test]
    async fn states_are_words_and_toggles_are_named_for_their_webhook() {
        let _stub = Stub::install(|_, _| Some((200, list_json(&two()))));
        let root = container();
        let _handle = mount_console(&root, connected(View::List, two()));
        settle().await;
        let statuses: Vec<String> = find_all(&root, "tbody .badge")
            .iter()
            .map(|s| s.text_content().unwrap())
            .collect();
        // Sorted by URL: billing first.
        assert_eq!(statuses, [t::DISABLED, t::ENABLED]);
        let w1 = find(&root, "#wc-toggle-W1");
        assert_eq!(w1.text_content().unwrap().trim(), t::DISABLE);
        assert_eq!(
            w1.get_attribute("aria-label").as_deref(),
            Some("Disable the webhook “Orders”")
        );
        assert_eq!(
            find(&root, "#wc-toggle-W2")
                .get_attribute("aria-label")
                .as_deref(),
            Some("Enable the webhook “https://billing.example.com/h”")
        );
    }

    #[wasm_bindgen_test]
    async fn disables_from_the_list_with_focus_back_on_the_toggle() {
        let stub = Stub::install(|method, _| match method {
            "PUT" => Some((200, String::new())),
            _ => Some((200, list_json(&two()))),
        });
        let root = container();
        let state = connected(View::List, two());
        let _handle = mount_console(&root, state);
        settle().await;
        let before = stub.calls().len();
        find(&root, "#wc-toggle-W1").click();
        settle().await;
        assert_eq!(stub.calls()[before], format!("PUT {BASE}/api/webhooks/W1"));
        assert_eq!(stub.body(before).await, r#"{"disabled":true}"#);
        let w1 = find(&root, "#wc-toggle-W1");
        assert_eq!(w1.text_content().unwrap().trim(), t::ENABLE);
        assert_eq!(
            w1.get_attribute("aria-label").as_deref(),
            Some("Enable the webhook “Orders”")
        );
        assert_eq!(focused(), "wc-toggle-W1");
        let status = text(&root, ".status-area");
        assert!(status.contains("Webhook “Orders” disabled"), "{status}");
        assert!(
            state
                .webhooks
                .get_untracked()
                .unwrap()
                .iter()
                .all(|w| w.disabled)
        );
    }

    #[wasm_bindgen_test]
    async fn enables_from_the_detail() {
        let disabled = hook("W2", "https://billing.example.com/h", None, true);
        let fresh = hook_json(&disabled);
        let stub = Stub::install(move |method, _| match method {
            "PUT" => Some((200, String::new())),
            _ => Some((200, fresh.clone())),
        });
        let root = container();
        let _handle = mount_console(&root, connected(View::Detail("W2".into()), vec![disabled]));
        settle().await;
        assert_eq!(text(&root, "dd.status .badge"), t::DISABLED);
        find(&root, "#wc-toggle-W2").click();
        settle().await;
        let n = stub.calls().len() - 1;
        assert_eq!(stub.body(n).await, r#"{"disabled":false}"#);
        assert_eq!(text(&root, "dd.status .badge"), t::ENABLED);
        assert_eq!(focused(), "wc-toggle-W2");
    }

    #[wasm_bindgen_test]
    async fn a_toggle_on_a_deleted_webhook_says_so_and_reloads_the_list() {
        let stub = Stub::install(|method, _| match method {
            "PUT" => Some((404, webhook_not_found("W1"))),
            _ => Some((200, list_json(&two()[1..]))),
        });
        let root = container();
        let state = connected(View::List, two());
        let _handle = mount_console(&root, state);
        settle().await;
        find(&root, "#wc-toggle-W1").click();
        settle().await;
        let alert = text(&root, ".alert-area");
        assert!(
            alert.starts_with("This webhook no longer exists"),
            "{alert}"
        );
        assert_eq!(stub.calls().last().unwrap(), &format!("GET {LIST_URL}"));
        assert!(!exists(&root, "#wc-toggle-W1"));
        assert!(exists(&root, "#wc-toggle-W2"));
    }

    #[wasm_bindgen_test]
    async fn a_toggle_without_an_answer_is_unconfirmed_and_reloads() {
        let stub = Stub::install(|method, _| match method {
            "PUT" => None,
            _ => Some((200, list_json(&two()))),
        });
        let root = container();
        let _handle = mount_console(&root, connected(View::List, two()));
        settle().await;
        find(&root, "#wc-toggle-W1").click();
        settle().await;
        let status = text(&root, ".status-area");
        assert!(
            status.contains("may or may not have been applied"),
            "{status}"
        );
        assert_eq!(stub.calls().last().unwrap(), &format!("GET {LIST_URL}"));
    }

    #[wasm_bindgen_test]
    async fn searches_url_description_and_id() {
        let many: Vec<Webhook> = (0..120)
            .map(|i| {
                hook(
                    &format!("W{i:03}"),
                    &format!("https://h{i}.example.com/x"),
                    None,
                    false,
                )
            })
            .chain([hook(
                "Zorro1",
                "https://z.example.com",
                Some("Payments"),
                false,
            )])
            .collect();
        let root = container();
        let state = connected(View::List, many);
        let _handle = mount_console(&root, state);
        settle().await;
        assert_eq!(find_all(&root, "tbody tr").len(), 50, "one page");
        assert_eq!(text(&root, ".count"), "Showing 50 of 121 webhooks");
        for q in ["payments", "z.example", "zorro1"] {
            type_into(&root, "#wc-search", q);
            ui().await;
            assert_eq!(find_all(&root, "tbody tr").len(), 1, "{q}");
        }
        type_into(&root, "#wc-search", "nothing-like-this");
        ui().await;
        assert!(text(&root, ".empty-search").contains("nothing-like-this"));
        assert_eq!(
            text(&root, ".count"),
            "121 webhooks in all",
            "no \"Showing 0 of 0\" beside the no-match sentence"
        );
    }
}

// ---------------------------------------------------------------------------------------
// The detail: the plain-text 404, the test call, delete.
// ---------------------------------------------------------------------------------------

mod detail {
    use super::*;

    #[wasm_bindgen_test]
    async fn a_webhook_deleted_elsewhere_is_said_gone_and_the_list_reloaded() {
        let stub = Stub::install(|_, url| match url {
            LIST_URL => Some((200, list_json(&[]))),
            _ => Some((404, webhook_not_found("W1"))),
        });
        let root = container();
        let w = hook("W1", "https://hooks.example.com/a", None, false);
        let state = connected(View::Detail("W1".into()), vec![w]);
        let _handle = mount_console(&root, state);
        settle().await;
        assert!(
            root.text_content().unwrap().contains(t::WEBHOOK_GONE),
            "{}",
            root.text_content().unwrap()
        );
        assert!(stub.calls().contains(&format!("GET {LIST_URL}")));
        assert_eq!(state.webhooks.get_untracked(), Some(Vec::new()));
    }

    #[wasm_bindgen_test]
    async fn a_test_call_is_sent_and_its_result_gets_the_focus() {
        let w = hook("W1", "https://hooks.example.com/a", None, false);
        let fresh = hook_json(&w);
        let stub = Stub::install(move |method, _| match method {
            "POST" => Some((200, String::new())),
            _ => Some((200, fresh.clone())),
        });
        let root = container();
        let _handle = mount_console(&root, connected(View::Detail("W1".into()), vec![w]));
        settle().await;
        button(&root, t::SEND_TEST).click();
        until("the result's focus", || focused() == "wc-action-result").await;
        assert_eq!(
            stub.calls().last().unwrap(),
            &format!("POST {BASE}/api/webhooks/W1/invoke")
        );
        assert_eq!(focused(), "wc-action-result");
        assert!(
            text(&root, "#wc-action-result")
                .contains("sent a test call to https://hooks.example.com/a")
        );
    }

    #[wasm_bindgen_test]
    async fn a_test_call_to_a_disabled_webhook_says_to_enable_it() {
        let w = hook("W1", "https://hooks.example.com/a", None, true);
        let fresh = hook_json(&w);
        let _stub = Stub::install(move |method, _| match method {
            "POST" => Some((409, webhook_rules::droplit::errors::webhook_disabled("W1"))),
            _ => Some((200, fresh.clone())),
        });
        let root = container();
        let _handle = mount_console(&root, connected(View::Detail("W1".into()), vec![w]));
        settle().await;
        button(&root, t::SEND_TEST).click();
        until("the result's focus", || focused() == "wc-action-result").await;
        assert_eq!(text(&root, "#wc-action-result"), t::TEST_DISABLED);
    }

    #[wasm_bindgen_test]
    async fn deletes_after_confirmation() {
        let w = hook("W1", "https://hooks.example.com/a", Some("Orders"), false);
        let fresh = hook_json(&w);
        let stub = Stub::install(move |method, _| match method {
            "DELETE" => Some((204, String::new())),
            _ => Some((200, fresh.clone())),
        });
        let root = container();
        let state = connected(View::Detail("W1".into()), vec![w]);
        let _handle = mount_console(&root, state);
        settle().await;
        button(&root, t::DELETE).click();
        settle().await;
        let dialog: web_sys::HtmlDialogElement = find(&root, "dialog.confirm").unchecked_into();
        assert!(dialog.open());
        assert!(
            dialog
                .text_content()
                .unwrap()
                .contains("Delete the webhook “Orders”?")
        );
        assert!(
            !stub.calls().iter().any(|c| c.starts_with("DELETE")),
            "not before confirming"
        );
        button(&root, t::DELETE_WEBHOOK).click();
        until("the list", || state.view.get_untracked() == View::List).await;
        settle().await;
        assert_eq!(
            stub.calls().last().unwrap(),
            &format!("DELETE {BASE}/api/webhooks/W1")
        );
        assert_eq!(state.view.get_untracked(), View::List);
        assert_eq!(state.webhooks.get_untracked(), Some(Vec::new()));
        assert!(text(&root, ".status-area").contains("Webhook “Orders” deleted."));
    }

    #[wasm_bindgen_test]
    async fn recorded_deliveries_open_in_the_verifier_without_their_secret() {
        let w = hook("W1", "https://hooks.example.com/a", None, false);
        let fresh = hook_json(&w);
        let deliveries = serde_json::json!({"items": [{
            "delivery_id": "7", "webhook_id": "W1", "url": "https://hooks.example.com/a",
            "headers": [["content-type", "application/json"], ["x-droplit-signature", "ab12"]],
            "body": "{\"type\":\"test\"}"
        }]})
        .to_string();
        let stub = Stub::install(move |_, url| {
            if url.contains("/sandbox/droplit/deliveries") {
                Some((200, deliveries.clone()))
            } else {
                Some((200, fresh.clone()))
            }
        });
        *stub.sandbox.borrow_mut() = true;
        let root = container();
        let state = connected(View::Detail("W1".into()), vec![w]);
        let _handle = mount_console(&root, state);
        settle().await;
        settle().await;
        assert_eq!(
            find_all(&root, "table.deliveries tbody tr").len(),
            1,
            "W1's only"
        );
        find(&root, "button[aria-label=\"Verify delivery 7\"]").click();
        settle().await;
        assert_eq!(state.view.get_untracked(), View::Verify);
        assert_eq!(value(&root, "#wc-verify-signature"), "ab12");
        assert_eq!(value(&root, "#wc-verify-body"), "{\"type\":\"test\"}");
        assert_eq!(value(&root, "#wc-verify-secret"), "");
    }
}

// ---------------------------------------------------------------------------------------
// The delivery verifier.
// ---------------------------------------------------------------------------------------

mod verify {
    use super::*;

    /// HMAC-SHA256, key "key", of "The quick brown fox jumps over the lazy dog".
    const SIG: &str = "f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8";
    const BODY: &str = "The quick brown fox jumps over the lazy dog";

    async fn check(root: &Element, header: &str, body: &str, secret: &str) -> String {
        type_into(root, "#wc-verify-signature", header);
        type_into(root, "#wc-verify-body", body);
        type_into(root, "#wc-verify-secret", secret);
        submit(root);
        until("a verdict", || !text(root, "#wc-verify-result").is_empty()).await;
        settle().await;
        text(root, "#wc-verify-result")
    }

    fn mount() -> (HtmlElement, impl Sized) {
        let root = container();
        let handle = mount_console(&root, connected(View::Verify, Vec::new()));
        (root, handle)
    }

    #[wasm_bindgen_test]
    async fn a_signature_made_with_the_secret_is_valid() {
        let (root, _handle) = mount();
        settle().await;
        let result = check(&root, SIG, BODY, "key").await;
        assert_eq!(result, t::SIGNATURE_VALID);
        assert_eq!(focused(), "wc-verify-result");
        let line = format!("x-droplit-signature: {SIG}");
        assert_eq!(check(&root, &line, BODY, "key").await, t::SIGNATURE_VALID);
    }

    #[wasm_bindgen_test]
    async fn a_changed_body_or_another_secret_is_a_wrong_signature() {
        let (root, _handle) = mount();
        settle().await;
        assert_eq!(
            check(&root, SIG, &format!("{BODY}."), "key").await,
            t::SIGNATURE_WRONG
        );
        assert_eq!(check(&root, SIG, BODY, "key2").await, t::SIGNATURE_WRONG);
    }

    #[wasm_bindgen_test]
    async fn says_the_header_is_missing() {
        let (root, _handle) = mount();
        settle().await;
        let result = check(&root, "", BODY, "key").await;
        assert!(result.starts_with(t::NOT_CHECKED), "{result}");
        assert!(
            result.contains("x-droplit-signature header is missing"),
            "{result}"
        );
        let field = find(&root, "#wc-verify-signature");
        assert_eq!(field.get_attribute("aria-invalid").as_deref(), Some("true"));
        assert!(exists(&root, "#wc-verify-signature-err"));
    }

    #[wasm_bindgen_test]
    async fn says_where_the_hex_is_malformed() {
        let (root, _handle) = mount();
        settle().await;
        let short = check(&root, &SIG[..40], BODY, "key").await;
        assert!(short.contains("it has 40 characters"), "{short}");
        let bad = format!("{}x{}", &SIG[..5], &SIG[6..]);
        let not_hex = check(&root, &bad, BODY, "key").await;
        assert!(not_hex.contains("“x” at character 6"), "{not_hex}");
    }

    #[wasm_bindgen_test]
    async fn lists_every_missing_input_and_clears_everything() {
        let (root, _handle) = mount();
        settle().await;
        let result = check(&root, "", "", "").await;
        assert!(result.contains("header is missing"), "{result}");
        assert!(result.contains("body is missing"), "{result}");
        assert!(result.contains("secret is missing"), "{result}");
        type_into(&root, "#wc-verify-secret", "key");
        ui().await;
        assert_eq!(
            text(&root, "#wc-verify-result"),
            "",
            "a change retires the verdict"
        );
        button(&root, t::CLEAR).click();
        settle().await;
        assert_eq!(value(&root, "#wc-verify-secret"), "");
        assert_eq!(focused(), "wc-verify-signature");
    }
}

// ---------------------------------------------------------------------------------------
// Focus: to the heading after navigation, back to the opener after a dialog.
// ---------------------------------------------------------------------------------------

mod focus {
    use super::*;

    #[wasm_bindgen_test]
    async fn navigation_lands_on_the_view_heading() {
        let w = hook("W1", "https://hooks.example.com/a", Some("Orders"), false);
        let fresh = hook_json(&w);
        let _stub = Stub::install(move |_, _| Some((200, fresh.clone())));
        let root = container();
        let state = connected(View::List, vec![w]);
        let _handle = mount_console(&root, state);
        settle().await;
        find(&root, "td.url button").click();
        settle().await;
        assert_eq!(state.view.get_untracked(), View::Detail("W1".into()));
        assert_eq!(focused(), "wc-view-title");
        assert_eq!(text(&root, "#wc-view-title"), "Orders");
        button(&root, t::EDIT).click();
        settle().await;
        assert_eq!(focused(), "wc-view-title");
        assert_eq!(text(&root, "#wc-view-title"), "Edit “Orders”");
    }

    #[wasm_bindgen_test]
    async fn a_cancelled_dialog_gives_the_focus_back_to_its_opener() {
        let w = hook("W1", "https://hooks.example.com/a", None, false);
        let fresh = hook_json(&w);
        let stub = Stub::install(move |_, _| Some((200, fresh.clone())));
        let root = container();
        let _handle = mount_console(&root, connected(View::Detail("W1".into()), vec![w]));
        settle().await;
        let delete = button(&root, t::DELETE);
        delete.focus().unwrap();
        delete.click();
        settle().await;
        assert!(
            focused().ends_with("-cancel"),
            "the safe choice first: {}",
            focused()
        );
        button(&root, t::CANCEL).click();
        settle().await;
        let active = document().active_element().unwrap();
        assert_eq!(active.text_content().unwrap().trim(), t::DELETE);
        assert!(!stub.calls().iter().any(|c| c.starts_with("DELETE")));
    }
}

// ---------------------------------------------------------------------------------------
// Mounted by a host: its apiKey in `authorization`, its events without secrets.
// ---------------------------------------------------------------------------------------

mod host {
    use super::*;

    const SECRET: &str = "whsec-host-test-secret-9876";

    #[wasm_bindgen_test]
    async fn a_hosts_key_is_the_authorization_and_no_event_carries_a_secret() {
        let created = hook("W7", "https://hooks.example.com/new", None, false);
        let answer = hook_json(&created);
        let stub = Stub::install(move |method, url| match (method, url) {
            ("GET", LIST_URL) => Some((200, list_json(&[]))),
            ("POST", _) => Some((201, answer.clone())),
            _ => Some((200, answer.clone())),
        });
        let root = container();
        let events = Rc::new(RefCell::new(Vec::<String>::new()));
        let seen = events.clone();
        let listener =
            Closure::<dyn FnMut(web_sys::CustomEvent)>::new(move |e: web_sys::CustomEvent| {
                let detail = js_sys::JSON::stringify(&e.detail()).unwrap();
                seen.borrow_mut()
                    .push(format!("{} {}", e.type_(), String::from(detail)));
            });
        for kind in ["webhook-console:changed", "webhook-console:error"] {
            root.add_event_listener_with_callback(kind, listener.as_ref().unchecked_ref())
                .unwrap();
        }
        let options = js_sys::Object::new();
        for (k, v) in [
            ("provider", "droplit"),
            ("apiBase", BASE),
            ("orgId", "C5a1"),
            ("apiKey", TOKEN),
        ] {
            Reflect::set(&options, &k.into(), &v.into()).unwrap();
        }
        Reflect::set(&options, &"shadow".into(), &false.into()).unwrap();
        let mut handle =
            webhook_console::providers::mount(root.clone().unchecked_into(), options.into())
                .unwrap();
        settle().await;
        assert_eq!(
            stub.calls(),
            [format!("GET {LIST_URL}")],
            "connected at once"
        );
        assert_eq!(stub.header(0, "authorization").as_deref(), Some(TOKEN));

        button(&root, t::CREATE_WEBHOOK).click();
        settle().await;
        type_into(&root, "#wc-url", "https://hooks.example.com/new");
        type_into(&root, "#wc-secret", SECRET);
        submit(&root);
        confirm_create(&root).await;
        settle().await;
        assert!(
            stub.body(1).await.contains(SECRET),
            "sent to Droplit, and only there"
        );
        let seen = events.borrow().clone();
        assert_eq!(
            seen,
            [r#"webhook-console:changed {"change":"webhook-created","webhookId":"W7"}"#]
        );
        assert!(!root.inner_html().contains(SECRET));
        handle.unmount();
    }
}

// ---------------------------------------------------------------------------------------
// No lost updates: a review before every save, and a change made meanwhile detected.
// ---------------------------------------------------------------------------------------

mod lost_updates {
    use super::*;

    const URL: &str = "https://hooks.example.com/a";

    #[wasm_bindgen_test]
    async fn a_save_shows_what_will_change_and_back_keeps_every_typed_value() {
        let original = hook("W1", URL, Some("Orders"), false);
        let stored = Rc::new(RefCell::new(hook_json(&original)));
        let read = stored.clone();
        let stub = Stub::install(move |method, _| match method {
            "PUT" => Some((200, String::new())),
            _ => Some((200, read.borrow().clone())),
        });
        let root = container();
        let state = connected(View::Edit("W1".into()), vec![original]);
        let _handle = mount_console(&root, state);
        settle().await;
        type_into(&root, "#wc-url", "https://hooks.example.com/b");
        find(&root, "#wc-remove-secret").click();
        submit(&root);
        settle().await;
        assert_eq!(stub.calls().len(), 1, "nothing sent before Confirm");
        assert_review_open(&root, t::REVIEW_TITLE);
        assert_eq!(
            review_rows(&root),
            [
                "URL|https://hooks.example.com/a|https://hooks.example.com/b",
                "Signing secret|The current secret (never shown)|None: deliveries are no longer signed",
            ]
        );
        button(&root, t::REVIEW_BACK).click();
        settle().await;
        assert!(!exists(&root, ".review"));
        assert_eq!(focused(), "wc-save");
        assert_eq!(value(&root, "#wc-url"), "https://hooks.example.com/b");
        let checked = Reflect::get(&find(&root, "#wc-remove-secret"), &"checked".into()).unwrap();
        assert_eq!(checked.as_bool(), Some(true));
        assert_eq!(stub.calls().len(), 1);
    }

    #[wasm_bindgen_test]
    async fn a_change_made_meanwhile_is_shown_and_reload_keeps_the_other_edits() {
        let original = hook("W1", URL, Some("Orders"), false);
        let stored = Rc::new(RefCell::new(hook_json(&original)));
        let read = stored.clone();
        let stub = Stub::install(move |method, _| match method {
            "PUT" => Some((200, String::new())),
            _ => Some((200, read.borrow().clone())),
        });
        let root = container();
        let state = connected(View::Edit("W1".into()), vec![original]);
        let _handle = mount_console(&root, state);
        settle().await;
        // Someone else moves the webhook to another URL meanwhile.
        let theirs = hook_json(&hook(
            "W1",
            "https://hooks.example.com/moved",
            Some("Orders"),
            false,
        ));
        stored.replace(theirs);
        type_into(&root, "#wc-description", "Mine");
        submit(&root);
        settle().await;
        button(&root, t::REVIEW_CONFIRM).click();
        settle().await;
        assert_eq!(
            stub.calls().len(),
            2,
            "no update over their change: {:?}",
            stub.calls()
        );
        assert_review_open(&root, t::CONFLICT_TITLE);
        assert_eq!(
            review_rows(&root),
            ["URL|https://hooks.example.com/a|https://hooks.example.com/moved"]
        );

        button(&root, t::CONFLICT_RELOAD).click();
        settle().await;
        assert_eq!(focused(), "wc-save");
        assert_eq!(value(&root, "#wc-url"), "https://hooks.example.com/moved");
        assert_eq!(value(&root, "#wc-description"), "Mine", "my edit kept");
        submit(&root);
        settle().await;
        assert_eq!(review_rows(&root), ["Description|Orders|Mine"]);
        button(&root, t::REVIEW_CONFIRM).click();
        settle().await;
        let calls = stub.calls();
        assert_eq!(calls[3], format!("PUT {BASE}/api/webhooks/W1"));
        assert_eq!(stub.body(3).await, r#"{"description":"Mine"}"#);
    }

    #[wasm_bindgen_test]
    async fn overwrite_is_a_second_deliberate_choice() {
        let original = hook("W1", URL, Some("Orders"), false);
        let stored = Rc::new(RefCell::new(hook_json(&original)));
        let read = stored.clone();
        let stub = Stub::install(move |method, _| match method {
            "PUT" => Some((200, String::new())),
            _ => Some((200, read.borrow().clone())),
        });
        let root = container();
        let state = connected(View::Edit("W1".into()), vec![original]);
        let _handle = mount_console(&root, state);
        settle().await;
        let theirs = hook_json(&hook("W1", URL, Some("Theirs"), false));
        stored.replace(theirs);
        type_into(&root, "#wc-description", "Mine");
        submit(&root);
        settle().await;
        button(&root, t::REVIEW_CONFIRM).click();
        settle().await;
        assert_eq!(review_rows(&root), ["Description|Orders|Theirs"]);
        button(&root, t::CONFLICT_OVERWRITE).click();
        settle().await;
        assert_eq!(stub.calls()[2], format!("PUT {BASE}/api/webhooks/W1"));
        assert_eq!(stub.body(2).await, r#"{"description":"Mine"}"#);
    }
}

// ---------------------------------------------------------------------------------------
// Hostile and odd answers: said in a sentence, never a panic (which would abort the wasm
// module every console of the page shares).
// ---------------------------------------------------------------------------------------

mod hostile {
    use super::*;

    const UNREADABLE: &str = "The server's answer could not be read. Try again in a moment.";

    fn urls(root: &Element) -> Vec<String> {
        find_all(root, "table.webhooks td.url")
            .iter()
            .map(|c| c.text_content().unwrap_or_default().trim().to_owned())
            .collect()
    }

    /// The list answered `body`: the list's error in words, and the page's text.
    async fn list_answered(body: String) -> (Option<String>, String) {
        let _stub = Stub::install(move |_, _| Some((200, body.clone())));
        let state = connected(View::List, Vec::new());
        state.webhooks.set(None);
        let root = container();
        let _handle = mount_console(&root, state);
        state.reload_webhooks();
        settle().await;
        (
            state.list_error.get_untracked().map(|e| t::error_text(&e)),
            root.text_content().unwrap_or_default(),
        )
    }

    #[wasm_bindgen_test]
    async fn a_null_list_is_said_not_fatal() {
        for body in ["null", r#"{"items":null}"#, r#"{"items":[null]}"#] {
            let (error, text) = list_answered(body.to_owned()).await;
            assert_eq!(error.as_deref(), Some(UNREADABLE), "{body}");
            assert!(text.contains(UNREADABLE), "{body}: {text}");
            assert!(text.contains(t::LIST_FAILED), "{body}: {text}");
        }
    }

    #[wasm_bindgen_test]
    async fn a_list_of_the_wrong_type_is_said_not_fatal() {
        let good = hook_json(&hook("w1", "https://a.example.com/in", None, false));
        for body in [
            r#"{"items":{"id":"w1"}}"#.to_owned(),
            r#"{"items":"webhooks"}"#.to_owned(),
            format!(
                r#"{{"items":[{}]}}"#,
                good.replace(r#""id":"w1""#, r#""id":1"#)
            ),
            format!(
                r#"{{"items":[{}]}}"#,
                good.replace(r#""disabled":false"#, r#""disabled":"no""#)
            ),
            format!("[{good}]"),
            "<html><body>Bad gateway</body></html>".to_owned(),
        ] {
            let (error, text) = list_answered(body.clone()).await;
            assert_eq!(error.as_deref(), Some(UNREADABLE), "{body}");
            assert!(text.contains(UNREADABLE), "{body}: {text}");
        }
        let (error, text) = list_answered(format!(r#"{{"items":[{good}]}}"#)).await;
        assert_eq!(error, None);
        assert!(text.contains("https://a.example.com/in"), "{text}");
    }

    #[wasm_bindgen_test]
    async fn a_null_webhook_is_said_not_fatal() {
        let _stub = Stub::install(|_, _| Some((200, "null".to_owned())));
        let root = container();
        let _handle = mount_console(&root, connected(View::Detail("w1".into()), Vec::new()));
        settle().await;
        let text = root.text_content().unwrap_or_default();
        assert!(text.contains(UNREADABLE), "{text}");
    }

    #[wasm_bindgen_test]
    async fn duplicate_ids_show_every_row_once_and_go_when_gone() {
        let a = hook("w1", "https://a.example.com/in", None, false);
        let b = hook("w2", "https://b.example.com/in", None, false);
        let body = Rc::new(RefCell::new(list_json(&[a.clone(), a.clone(), b.clone()])));
        let answer = body.clone();
        let _stub = Stub::install(move |_, _| Some((200, answer.borrow().clone())));
        let state = connected(View::List, Vec::new());
        let root = container();
        let _handle = mount_console(&root, state);
        state.reload_webhooks();
        settle().await;
        let mut shown = urls(&root);
        shown.sort();
        assert_eq!(
            shown,
            [
                "https://a.example.com/in",
                "https://a.example.com/in",
                "https://b.example.com/in"
            ]
        );
        // Searching narrows the same list in place (the keyed list's own diff).
        for (query, expected) in [
            ("b.example", &["https://b.example.com/in"][..]),
            (
                "a.example",
                &["https://a.example.com/in", "https://a.example.com/in"][..],
            ),
            (
                "",
                &[
                    "https://a.example.com/in",
                    "https://a.example.com/in",
                    "https://b.example.com/in",
                ][..],
            ),
        ] {
            type_into(&root, "#wc-search", query);
            settle().await;
            let mut shown = urls(&root);
            shown.sort();
            assert_eq!(shown, expected, "searching {query:?}");
        }
        *body.borrow_mut() = list_json(&[a, b]);
        state.reload_webhooks();
        settle().await;
        let mut shown = urls(&root);
        shown.sort();
        assert_eq!(
            shown,
            ["https://a.example.com/in", "https://b.example.com/in"],
            "the repeat's row is gone"
        );
    }

    const HTML: &str = r#"<img class=pwned src=x onerror=alert(1)><b class=pwned>bold</b>"#;

    #[wasm_bindgen_test]
    async fn html_in_every_text_field_is_text() {
        let w = Webhook {
            id: format!("w1{HTML}"),
            description: Some(format!("d{HTML}")),
            ecosystem_id: format!("C5a1{HTML}"),
            url: format!("https://a.example.com/{HTML}"),
            disabled: false,
            created_at: format!("2026{HTML}"),
        };
        let (list, one) = (list_json(std::slice::from_ref(&w)), hook_json(&w));
        let _stub = Stub::install(move |_, url| {
            Some((
                200,
                if url.contains("ecosystemId=") {
                    list.clone()
                } else {
                    one.clone()
                },
            ))
        });
        let state = connected(View::List, Vec::new());
        let root = container();
        let _handle = mount_console(&root, state);
        state.reload_webhooks();
        settle().await;
        let text = root.text_content().unwrap_or_default();
        for shown in ["https://a.example.com/", "d"] {
            assert!(text.contains(&format!("{shown}{HTML}")), "{shown}: {text}");
        }
        assert!(
            root.query_selector(".pwned").unwrap().is_none(),
            "markup made"
        );

        state.go(View::Detail(format!("w1{HTML}")));
        settle().await;
        let text = root.text_content().unwrap_or_default();
        for shown in ["https://a.example.com/", "d", "w1"] {
            assert!(text.contains(&format!("{shown}{HTML}")), "{shown}: {text}");
        }
        assert!(
            root.query_selector(".pwned").unwrap().is_none(),
            "markup made"
        );
    }
}
