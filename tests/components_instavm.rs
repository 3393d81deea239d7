//! Component tests of InstaVM's console: its views mounted in a real browser (headless
//! Chromium via wasm-bindgen-test-runner), the page's `fetch` answered by a stub. Run with
//! `cargo test -p webhook-console --target wasm32-unknown-unknown --test components_instavm`.

#![cfg(target_arch = "wasm32")]

mod dom;
use dom::{assert_review_open, button, confirm_create, find_all, review_rows, settle};

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Function, Promise, Reflect};
use leptos::prelude::*;
use leptos::wasm_bindgen::closure::Closure;
use leptos::wasm_bindgen::{JsCast, JsValue};
use leptos::web_sys::{self, Element, HtmlElement, HtmlInputElement};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};
use webhook_console::providers::instavm::app::Console;
use webhook_console::providers::instavm::client::Connection;
use webhook_console::providers::instavm::state::{AppState, View};
use webhook_console::providers::instavm::words as t;

wasm_bindgen_test_configure!(run_in_browser);

// ---------------------------------------------------------------------------------------
// Helpers.
// ---------------------------------------------------------------------------------------

const BASE: &str = "https://instavm.invalid";

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

/// Sets the `value` of an input, text area or select, as typing or choosing would, and
/// fires `input` and `change`.
fn type_into(root: &Element, selector: &str, value: &str) {
    let el = find(root, selector);
    Reflect::set(&el, &"value".into(), &value.into()).unwrap();
    fire(&el, "input");
    fire(&el, "change");
}

/// The `value` of an input, text area or select.
fn value(root: &Element, selector: &str) -> String {
    Reflect::get(&find(root, selector), &"value".into())
        .unwrap()
        .as_string()
        .unwrap_or_default()
}

/// A `keydown` of `key`, bubbling and cancelable.
fn key_down(key: &str) -> web_sys::KeyboardEvent {
    let init = js_sys::Object::new();
    Reflect::set(&init, &"key".into(), &key.into()).unwrap();
    Reflect::set(&init, &"bubbles".into(), &true.into()).unwrap();
    Reflect::set(&init, &"cancelable".into(), &true.into()).unwrap();
    let ctor: Function = Reflect::get(&js_sys::global(), &"KeyboardEvent".into())
        .unwrap()
        .unchecked_into();
    Reflect::construct(&ctor, &js_sys::Array::of2(&"keydown".into(), &init))
        .unwrap()
        .unchecked_into()
}

type Answer = Rc<dyn Fn(&str, &str) -> Option<(u16, String)>>;

/// `fetch` answered by `answer(method, url)` (`None` rejects like a dropped connection);
/// every request is kept, to read what was sent.
struct Stub {
    original: JsValue,
    _closure: Closure<dyn FnMut(JsValue) -> Promise>,
    requests: Rc<RefCell<Vec<web_sys::Request>>>,
    answer: Rc<RefCell<Answer>>,
    /// Every answer carries the sandbox's mark.
    sandbox: Rc<RefCell<bool>>,
}

impl Stub {
    fn install(answer: impl Fn(&str, &str) -> Option<(u16, String)> + 'static) -> Self {
        let window = web_sys::window().unwrap();
        let original = Reflect::get(&window, &"fetch".into()).unwrap();
        let requests = Rc::new(RefCell::new(Vec::new()));
        let answer: Rc<RefCell<Answer>> = Rc::new(RefCell::new(Rc::new(answer)));
        let sandbox = Rc::new(RefCell::new(false));
        let (seen, how, mark) = (requests.clone(), answer.clone(), sandbox.clone());
        let closure = Closure::<dyn FnMut(JsValue) -> Promise>::new(move |req: JsValue| {
            let req = req.unchecked_into::<web_sys::Request>();
            let (method, url) = (req.method(), req.url());
            seen.borrow_mut().push(req);
            let f = how.borrow().clone();
            match f(&method, &url) {
                Some((status, body)) => {
                    let init = web_sys::ResponseInit::new();
                    init.set_status(status);
                    let response =
                        web_sys::Response::new_with_opt_str_and_init(Some(&body), &init).unwrap();
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
            answer,
            sandbox,
        }
    }

    fn answer(&self, answer: impl Fn(&str, &str) -> Option<(u16, String)> + 'static) {
        *self.answer.borrow_mut() = Rc::new(answer);
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

fn connected(view: View) -> AppState {
    let state = AppState::new();
    state.connection.set(Some(Connection {
        base_url: BASE.into(),
        api_key: "ivm_test_key".into(),
    }));
    state.endpoints.set(Some(Vec::new()));
    state.view.set(view);
    state
}

/// The whole console (with its secret dialog) on `state`.
fn mount_console(root: &HtmlElement, state: AppState) -> impl Sized {
    leptos::mount::mount_to(root.clone(), move || {
        provide_context(state);
        view! { <Console /> }
    })
}

const SECRET: &str = "whsec_0123456789abcdefghijklmnopqrstuv";

fn endpoint_json(id: &str, url: &str, enabled: bool) -> String {
    format!(
        r#"{{"id":"{id}","user_id":1,"url":"{url}","description":"Billing","status":"{}","enabled":{enabled},"subscribed_event_patterns":["vm.*"],"signing_version":"v1","secret_hint":"whsec_…stuv","timeout_seconds":10,"max_retries":7,"consecutive_failures":0,"last_verified_at":null,"last_delivery_at":null,"last_error":null,"created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}}"#,
        if enabled { "active" } else { "disabled" }
    )
}

fn with_secret(endpoint: &str) -> String {
    format!(r#"{{"endpoint":{endpoint},"secret":"{SECRET}"}}"#)
}

fn dialog(root: &Element) -> web_sys::HtmlDialogElement {
    find(root, "dialog.secret-dialog").unchecked_into()
}

// ---------------------------------------------------------------------------------------
// The endpoint form.
// ---------------------------------------------------------------------------------------

mod form {
    use super::*;

    #[wasm_bindgen_test]
    async fn patterns_suggest_the_known_event_types_and_show_what_they_match() {
        let root = container();
        let _handle = mount_console(&root, connected(View::Create));
        settle().await;
        button(&root, t::PATTERN_ADD).click();
        settle().await;
        let input = find(&root, "#wc-event_patterns-0");
        let list = input.get_attribute("list").expect("a list of suggestions");
        let offered: Vec<String> = find_all(&root, &format!("datalist#{list} option"))
            .iter()
            .filter_map(|o| o.get_attribute("value"))
            .collect();
        for known in webhook_rules::instavm::patterns::EVENT_TYPES {
            assert!(offered.iter().any(|o| o == known), "{known} offered");
        }
        for example in webhook_rules::instavm::patterns::EXAMPLE_PATTERNS {
            assert!(offered.iter().any(|o| o == example), "{example} offered");
        }
        type_into(&root, "#wc-event_patterns-0", "vm.*");
        settle().await;
        let matches = text(&root, "#wc-event_patterns-0-matches");
        assert!(matches.contains("vm.started"), "{matches}");
        assert!(!matches.contains("snapshot"), "{matches}");
    }

    #[wasm_bindgen_test]
    async fn integers_are_judged_after_blur_then_live_in_pydantics_words() {
        let root = container();
        let _handle = mount_console(&root, connected(View::Create));
        settle().await;
        let timeout = find(&root, "#wc-timeout_seconds");
        type_into(&root, "#wc-timeout_seconds", "ten");
        settle().await;
        assert!(
            !exists(&root, "#wc-timeout_seconds-err"),
            "no error before the field was left"
        );
        assert_eq!(
            timeout.get_attribute("aria-invalid").as_deref(),
            Some("false")
        );

        fire(&timeout, "blur");
        settle().await;
        assert_eq!(
            text(&root, "#wc-timeout_seconds-err").trim(),
            "Input should be a valid integer, unable to parse string as an integer."
        );
        assert_eq!(
            timeout.get_attribute("aria-invalid").as_deref(),
            Some("true")
        );
        assert!(
            timeout
                .get_attribute("aria-describedby")
                .unwrap_or_default()
                .contains("wc-timeout_seconds-err")
        );

        // Then live: pydantic's lax parsing takes " 0_15 ", and 61 is out of bounds.
        type_into(&root, "#wc-timeout_seconds", "61");
        settle().await;
        assert_eq!(
            text(&root, "#wc-timeout_seconds-err").trim(),
            "Input should be less than or equal to 60."
        );
        type_into(&root, "#wc-timeout_seconds", " 0_15 ");
        settle().await;
        assert!(!exists(&root, "#wc-timeout_seconds-err"));
        assert_eq!(
            timeout.get_attribute("aria-invalid").as_deref(),
            Some("false")
        );
    }

    #[wasm_bindgen_test]
    async fn a_url_warning_is_a_note_not_an_error_and_blocks_nothing() {
        let stub = Stub::install(|_, _| {
            Some((
                200,
                with_secret(&endpoint_json("ep_1", "http://x.example.com", true)),
            ))
        });
        let root = container();
        let state = connected(View::Create);
        let _handle = mount_console(&root, state);
        settle().await;
        let url = find(&root, "#wc-url");
        type_into(&root, "#wc-url", "http://x.example.com");
        fire(&url, "blur");
        settle().await;
        let warning = find(&root, "#wc-url-warn");
        assert!(warning.class_list().contains("field-warning"));
        assert!(
            warning
                .text_content()
                .unwrap()
                .contains(webhook_rules::instavm::validate::URL_PLAIN_HTTP)
        );
        assert_eq!(url.get_attribute("aria-invalid").as_deref(), Some("false"));
        assert!(
            url.get_attribute("aria-describedby")
                .unwrap()
                .contains("wc-url-warn")
        );
        assert!(!exists(&root, "#wc-url-err"));

        fire(&find(&root, "form"), "submit");
        confirm_create(&root).await;
        settle().await;
        assert_eq!(
            stub.calls(),
            [
                format!("POST {BASE}/v1/webhooks/endpoints"),
                format!("GET {BASE}/v1/webhooks/endpoints/ep_1")
            ]
        );
        assert_eq!(
            stub.body(0).await,
            r#"{"url":"http://x.example.com"}"#,
            "only what was given"
        );
        assert_eq!(stub.header(0, "X-API-Key").as_deref(), Some("ivm_test_key"));
    }

    #[wasm_bindgen_test]
    async fn sends_integers_normalised_and_maps_every_422_back_onto_its_field() {
        let stub = Stub::install(|_, _| {
            Some((
                422,
                r#"{"detail":[{"type":"string_type","loc":["body","event_patterns",1],"msg":"Input should be a valid string","input":2},{"type":"less_than_equal","loc":["body","max_retries"],"msg":"Input should be less than or equal to 7","input":9,"ctx":{"le":7}}]}"#
                    .to_owned(),
            ))
        });
        let root = container();
        let _handle = mount_console(&root, connected(View::Create));
        settle().await;
        type_into(&root, "#wc-url", "https://hooks.example.com/instavm");
        button(&root, t::PATTERN_ADD).click();
        button(&root, t::PATTERN_ADD).click();
        settle().await;
        type_into(&root, "#wc-event_patterns-0", "vm.*");
        type_into(&root, "#wc-event_patterns-1", "snapshot.*");
        type_into(&root, "#wc-max_retries", "3.000");
        fire(&find(&root, "form"), "submit");
        settle().await;
        // The review lists the values as the server will store them: pydantic's
        // normalised integer, and its default for the timeout left empty.
        assert!(stub.calls().is_empty(), "nothing sent before Confirm");
        assert_eq!(
            review_rows(&root),
            [
                "URL|(none)|https://hooks.example.com/instavm",
                "Timeout (seconds)|(none)|10",
                "Maximum retries|(none)|3",
                "Event pattern|(none)|vm.*",
                "Event pattern|(none)|snapshot.*",
            ]
        );
        confirm_create(&root).await;
        settle().await;
        assert_eq!(stub.calls().len(), 1);
        assert_eq!(
            stub.body(0).await,
            r#"{"url":"https://hooks.example.com/instavm","event_patterns":["vm.*","snapshot.*"],"max_retries":3}"#
        );
        // The server's words, each on its field: the second pattern, and max_retries.
        let second = find(&root, "#wc-event_patterns-1");
        assert_eq!(
            text(&root, "#wc-event_patterns-1-err").trim(),
            "Input should be a valid string."
        );
        assert_eq!(
            second.get_attribute("aria-invalid").as_deref(),
            Some("true")
        );
        assert_eq!(
            find(&root, "#wc-event_patterns-0")
                .get_attribute("aria-invalid")
                .as_deref(),
            Some("false")
        );
        assert_eq!(
            text(&root, "#wc-max_retries-err").trim(),
            "Input should be less than or equal to 7."
        );
        // Nothing typed is lost.
        assert_eq!(value(&root, "#wc-url"), "https://hooks.example.com/instavm");
        assert_eq!(value(&root, "#wc-event_patterns-1"), "snapshot.*");
        assert_eq!(value(&root, "#wc-max_retries"), "3.000");
        // Editing the patterns retires the server's verdict on them.
        type_into(&root, "#wc-event_patterns-1", "snapshot.created");
        settle().await;
        assert!(!exists(&root, "#wc-event_patterns-1-err"));
    }

    #[wasm_bindgen_test]
    async fn keeps_the_form_after_a_500() {
        let _stub = Stub::install(|_, _| Some((500, "Internal Server Error".to_owned())));
        let root = container();
        let state = connected(View::Create);
        let _handle = mount_console(&root, state);
        settle().await;
        type_into(&root, "#wc-url", "https://hooks.example.com/a");
        type_into(&root, "#wc-description", "Billing");
        fire(&find(&root, "form"), "submit");
        confirm_create(&root).await;
        settle().await;
        let notice = text(&root, "#wc-form-error");
        assert!(
            notice.contains("InstaVM had a problem (HTTP 500): “Internal Server Error”."),
            "{notice}"
        );
        assert!(notice.contains(t::NOTHING_LOST), "{notice}");
        assert!(!notice.contains("may or may not"), "{notice}");
        assert_eq!(state.view.get_untracked(), View::Create);
        assert_eq!(value(&root, "#wc-url"), "https://hooks.example.com/a");
        assert_eq!(value(&root, "#wc-description"), "Billing");
        assert!(!dialog(&root).open());
    }

    #[wasm_bindgen_test]
    async fn a_create_without_an_answer_is_unconfirmed_and_keeps_the_form() {
        let _stub = Stub::install(|_, _| None);
        let root = container();
        let _handle = mount_console(&root, connected(View::Create));
        settle().await;
        type_into(&root, "#wc-url", "https://hooks.example.com/a");
        fire(&find(&root, "form"), "submit");
        confirm_create(&root).await;
        settle().await;
        let notice = text(&root, "#wc-form-error");
        assert!(
            notice.contains("No answer came back from InstaVM"),
            "{notice}"
        );
        assert!(
            notice.contains("may or may not have been applied"),
            "{notice}"
        );
        assert!(notice.contains(t::TYPED_KEPT), "{notice}");
        assert_eq!(value(&root, "#wc-url"), "https://hooks.example.com/a");
    }

    #[wasm_bindgen_test]
    async fn an_edit_sends_only_what_changed() {
        let original = endpoint_json("ep_1", "https://hooks.example.com/a", true);
        let answer = original.clone();
        let stub = Stub::install(move |_, _| Some((200, answer.clone())));
        let root = container();
        let _handle = mount_console(&root, connected(View::Edit("ep_1".into())));
        settle().await;
        assert_eq!(value(&root, "#wc-timeout_seconds"), "10");
        // "010" is still 10: not sent. The description, emptied, is sent as "".
        type_into(&root, "#wc-timeout_seconds", "010");
        type_into(&root, "#wc-description", "");
        fire(&find(&root, "form"), "submit");
        settle().await;
        // The review lists what is sent, nothing else.
        assert_eq!(review_rows(&root), ["Description|Billing|(empty)"]);
        button(&root, t::REVIEW_CONFIRM).click();
        settle().await;
        let calls = stub.calls();
        assert_eq!(calls[0], format!("GET {BASE}/v1/webhooks/endpoints/ep_1"));
        assert_eq!(calls[1], format!("GET {BASE}/v1/webhooks/endpoints/ep_1"));
        assert_eq!(calls[2], format!("PATCH {BASE}/v1/webhooks/endpoints/ep_1"));
        assert_eq!(stub.body(2).await, r#"{"description":""}"#);
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
        let stored = endpoint_json("ep_1", URL, true);
        let stub = Stub::install(move |_, _| Some((200, stored.clone())));
        let root = container();
        let _handle = mount_console(&root, connected(View::Edit("ep_1".into())));
        settle().await;
        type_into(&root, "#wc-url", "https://hooks.example.com/b");
        type_into(&root, "#wc-max_retries", "3");
        fire(&find(&root, "form"), "submit");
        settle().await;
        assert_eq!(stub.calls().len(), 1, "nothing sent before Confirm");
        assert_review_open(&root, t::REVIEW_TITLE);
        assert_eq!(
            review_rows(&root),
            [
                "URL|https://hooks.example.com/a|https://hooks.example.com/b",
                "Maximum retries|7|3",
            ]
        );
        assert!(find(&root, ".form-fields").has_attribute("hidden"));
        button(&root, t::REVIEW_BACK).click();
        settle().await;
        assert!(!exists(&root, ".review"));
        assert_eq!(super::active_id(), "wc-save");
        assert_eq!(value(&root, "#wc-url"), "https://hooks.example.com/b");
        assert_eq!(value(&root, "#wc-max_retries"), "3");
        assert_eq!(stub.calls().len(), 1);
    }

    #[wasm_bindgen_test]
    async fn a_change_made_meanwhile_is_shown_and_reload_keeps_the_other_edits() {
        let opened = endpoint_json("ep_1", URL, true);
        let stub = Stub::install(move |_, _| Some((200, opened.clone())));
        let root = container();
        let _handle = mount_console(&root, connected(View::Edit("ep_1".into())));
        settle().await;
        // Someone else adds a pattern and sets the retries meanwhile.
        let theirs = endpoint_json("ep_1", URL, true)
            .replace(r#"["vm.*"]"#, r#"["vm.*","snapshot.*"]"#)
            .replace(r#""max_retries":7"#, r#""max_retries":3"#);
        stub.answer(move |_, _| Some((200, theirs.clone())));
        type_into(&root, "#wc-description", "Mine");
        fire(&find(&root, "form"), "submit");
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
            ["Maximum retries|7|3", "Event pattern|(none)|snapshot.*"]
        );

        button(&root, t::CONFLICT_RELOAD).click();
        settle().await;
        assert_eq!(super::active_id(), "wc-save");
        assert_eq!(value(&root, "#wc-max_retries"), "3");
        assert_eq!(value(&root, "#wc-description"), "Mine", "my edit kept");
        fire(&find(&root, "form"), "submit");
        settle().await;
        assert_eq!(review_rows(&root), ["Description|Billing|Mine"]);
        button(&root, t::REVIEW_CONFIRM).click();
        settle().await;
        // Then the detail view loads the endpoint again.
        let calls = stub.calls();
        assert_eq!(calls[3], format!("PATCH {BASE}/v1/webhooks/endpoints/ep_1"));
        assert_eq!(stub.body(3).await, r#"{"description":"Mine"}"#);
    }

    #[wasm_bindgen_test]
    async fn overwrite_is_a_second_deliberate_choice() {
        let opened = endpoint_json("ep_1", URL, true);
        let stub = Stub::install(move |_, _| Some((200, opened.clone())));
        let root = container();
        let _handle = mount_console(&root, connected(View::Edit("ep_1".into())));
        settle().await;
        let theirs = endpoint_json("ep_1", URL, true).replace("Billing", "Theirs");
        stub.answer(move |_, _| Some((200, theirs.clone())));
        type_into(&root, "#wc-description", "Mine");
        fire(&find(&root, "form"), "submit");
        settle().await;
        button(&root, t::REVIEW_CONFIRM).click();
        settle().await;
        assert_eq!(review_rows(&root), ["Description|Billing|Theirs"]);
        button(&root, t::CONFLICT_OVERWRITE).click();
        settle().await;
        let calls = stub.calls();
        assert_eq!(calls[2], format!("PATCH {BASE}/v1/webhooks/endpoints/ep_1"));
        assert_eq!(stub.body(2).await, r#"{"description":"Mine"}"#);
    }
}

// ---------------------------------------------------------------------------------------
// The secret, once.
// ---------------------------------------------------------------------------------------

mod secret {
    use super::*;

    #[wasm_bindgen_test]
    async fn the_secret_dialog_closes_only_by_its_button_and_leaves_no_secret() {
        let endpoint = endpoint_json("ep_1", "https://hooks.example.com/a", true);
        let created = with_secret(&endpoint);
        let _stub = Stub::install(move |method, _| {
            Some((
                200,
                if method == "POST" {
                    created.clone()
                } else {
                    endpoint.clone()
                },
            ))
        });
        let root = container();
        let state = connected(View::Create);
        let _handle = mount_console(&root, state);
        settle().await;
        type_into(&root, "#wc-url", "https://hooks.example.com/a");
        fire(&find(&root, "form"), "submit");
        confirm_create(&root).await;
        settle().await;

        assert_eq!(state.view.get_untracked(), View::Detail("ep_1".into()));
        let d = dialog(&root);
        assert!(d.open(), "the dialog is open after create");
        let input: HtmlInputElement = find(&root, "#wc-secret-value").unchecked_into();
        assert_eq!(input.value(), SECRET);
        let masked = |i: &HtmlInputElement| {
            i.type_() == "text"
                && i.class_list().contains("masked")
                && i.has_attribute("data-1p-ignore")
        };
        assert!(masked(&input), "masked by default");
        // Each button named for what it acts on.
        button(&root, "Copy signing secret");
        button(&root, "Show signing secret").click();
        settle().await;
        assert!(!masked(&input));

        // No way out but the button: Escape and the dialog's cancel are refused, and a
        // dialog closed anyway opens again.
        let escape = key_down("Escape");
        d.dispatch_event(&escape).unwrap();
        assert!(escape.default_prevented(), "Escape is refused");
        let cancel_init = web_sys::EventInit::new();
        cancel_init.set_cancelable(true);
        let cancel = web_sys::Event::new_with_event_init_dict("cancel", &cancel_init).unwrap();
        d.dispatch_event(&cancel).unwrap();
        assert!(cancel.default_prevented(), "cancel is refused");
        d.close();
        settle().await;
        assert!(d.open(), "closed by the browser, opened again");
        assert!(
            !exists(&root, "dialog.secret-dialog [aria-label*=close i]"),
            "no close button"
        );

        let done: HtmlElement = find(&root, "#wc-secret-done");
        assert!(done.has_attribute("disabled"), "behind the checkbox");
        done.click();
        settle().await;
        assert!(d.open());
        let check: HtmlInputElement = find(&root, "#wc-secret-stored").unchecked_into();
        check.set_checked(true);
        fire(&check, "change");
        settle().await;
        find(&root, "#wc-secret-done").click();
        settle().await;
        assert!(!d.open(), "closed by its button");
        assert!(!exists(&root, "#wc-secret-value"));

        // Afterwards: the hint only, and the secret nowhere in the page or the state.
        let body = document().body().unwrap().inner_html();
        assert!(!body.contains(SECRET), "no secret left in the DOM");
        assert_eq!(text(&root, "#wc-secret-hint").trim(), "whsec_••••••stuv");
        let notice = state
            .notice
            .get_untracked()
            .map(|n| n.text)
            .unwrap_or_default();
        assert!(!notice.contains(SECRET));
        assert_eq!(
            crate::active_id(),
            "wc-secret-hint",
            "focus goes to the hint, the opener being gone"
        );
    }

    #[wasm_bindgen_test]
    async fn rotate_asks_twice_and_shows_the_new_secret_once() {
        let endpoint = endpoint_json("ep_1", "https://hooks.example.com/a", true);
        let rotated = with_secret(&endpoint);
        let stub = Stub::install(move |method, _| {
            Some((
                200,
                if method == "POST" {
                    rotated.clone()
                } else {
                    endpoint.clone()
                },
            ))
        });
        let root = container();
        let _handle = mount_console(&root, connected(View::Detail("ep_1".into())));
        settle().await;
        button(&root, t::ROTATE_SECRET).click();
        settle().await;
        let confirm = find(&root, "dialog.confirm:not(.secret-dialog)")
            .unchecked_into::<web_sys::HtmlDialogElement>();
        assert!(confirm.open(), "first step: a confirmation");
        assert!(
            confirm
                .text_content()
                .unwrap()
                .contains("your receivers will reject every delivery until they are updated"),
            "says receivers fail until updated"
        );
        assert_eq!(
            stub.calls(),
            [format!("GET {BASE}/v1/webhooks/endpoints/ep_1")],
            "nothing sent before the second step"
        );
        button(&confirm, t::ROTATE_CONFIRM).click();
        settle().await;
        assert_eq!(
            stub.calls().last().unwrap(),
            &format!("POST {BASE}/v1/webhooks/endpoints/ep_1/rotate-secret")
        );
        assert!(!confirm.open());
        let d = dialog(&root);
        assert!(d.open());
        assert!(text(&root, "#wc-secret-title").contains(t::SECRET_ROTATED_TITLE));
        let check: HtmlInputElement = find(&root, "#wc-secret-stored").unchecked_into();
        check.set_checked(true);
        fire(&check, "change");
        settle().await;
        find(&root, "#wc-secret-done").click();
        settle().await;
        assert!(!d.open());
        assert!(!document().body().unwrap().inner_html().contains(SECRET));
        assert_eq!(crate::active_id(), "wc-rotate", "focus back to the opener");
    }

    #[wasm_bindgen_test]
    async fn cancelling_the_rotation_sends_nothing() {
        let endpoint = endpoint_json("ep_1", "https://hooks.example.com/a", true);
        let stub = Stub::install(move |_, _| Some((200, endpoint.clone())));
        let root = container();
        let _handle = mount_console(&root, connected(View::Detail("ep_1".into())));
        settle().await;
        button(&root, t::ROTATE_SECRET).click();
        settle().await;
        let confirm = find(&root, "dialog.confirm:not(.secret-dialog)");
        button(&confirm, t::CANCEL).click();
        settle().await;
        assert_eq!(stub.calls().len(), 1, "{:?}", stub.calls());
        assert!(!dialog(&root).open());
    }
}

/// The id of the focused element (inside the document: the tests mount in its light DOM).
fn active_id() -> String {
    document()
        .active_element()
        .map(|e| e.id())
        .unwrap_or_default()
}

// ---------------------------------------------------------------------------------------
// The list.
// ---------------------------------------------------------------------------------------

mod list {
    use super::*;
    use webhook_rules::instavm::wire::Endpoint;

    fn endpoint(id: &str, url: &str, description: &str, pattern: &str, failures: i64) -> Endpoint {
        let mut e: Endpoint = serde_json::from_str(&endpoint_json(id, url, true)).unwrap();
        e.description = Some(description.to_owned());
        e.subscribed_event_patterns = vec![pattern.to_owned()];
        e.consecutive_failures = failures;
        e
    }

    /// The URLs of the rows, top to bottom.
    fn urls(root: &Element) -> Vec<String> {
        find_all(root, "tbody td.name code")
            .iter()
            .map(|c| c.text_content().unwrap_or_default())
            .collect()
    }

    fn sort_by(root: &Element, label: &str) {
        find_all(root, "thead button.sort")
            .into_iter()
            .find(|b| b.text_content().unwrap_or_default().starts_with(label))
            .unwrap_or_else(|| panic!("no sort button {label:?}"))
            .unchecked_into::<HtmlElement>()
            .click();
    }

    #[wasm_bindgen_test]
    async fn searches_url_description_patterns_and_id_and_sorts_by_column() {
        let state = connected(View::List);
        state.endpoints.set(Some(vec![
            endpoint("ep_b", "https://b.example.com/hook", "Payments", "vm.*", 0),
            endpoint(
                "ep_a",
                "https://a.example.com/hook",
                "Billing",
                "snapshot.*",
                4,
            ),
            endpoint(
                "ep_c",
                "https://C.example.com/hook",
                "Audit",
                "execution.completed",
                1,
            ),
        ]));
        let root = container();
        let _handle = mount_console(&root, state);
        settle().await;
        // By URL, ascending and without regard to case, at first.
        assert_eq!(
            urls(&root),
            [
                "https://a.example.com/hook",
                "https://b.example.com/hook",
                "https://C.example.com/hook"
            ]
        );
        for (query, found) in [
            ("payments", "https://b.example.com/hook"),
            ("SNAPSHOT", "https://a.example.com/hook"),
            ("ep_c", "https://C.example.com/hook"),
            ("c.example", "https://C.example.com/hook"),
        ] {
            type_into(&root, "#wc-search", query);
            settle().await;
            assert_eq!(urls(&root), [found], "searching {query:?}");
        }
        type_into(&root, "#wc-search", "nothing-like-this");
        settle().await;
        assert!(urls(&root).is_empty());
        assert!(text(&root, ".empty-search").contains("nothing-like-this"));
        type_into(&root, "#wc-search", "");
        settle().await;

        // A column's button sorts by it, a second press the other way; aria-sort says so.
        sort_by(&root, t::COL_FAILURES);
        settle().await;
        assert_eq!(
            urls(&root),
            [
                "https://b.example.com/hook",
                "https://C.example.com/hook",
                "https://a.example.com/hook"
            ]
        );
        let sorted_th = || {
            find_all(&root, "thead th[aria-sort]")
                .into_iter()
                .filter(|th| th.get_attribute("aria-sort").as_deref() != Some("none"))
                .map(|th| {
                    (
                        th.text_content().unwrap_or_default(),
                        th.get_attribute("aria-sort"),
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(
            sorted_th(),
            [(
                format!("{}▲", t::COL_FAILURES),
                Some("ascending".to_owned())
            )]
        );
        sort_by(&root, t::COL_FAILURES);
        settle().await;
        assert_eq!(
            urls(&root)[0],
            "https://a.example.com/hook",
            "most failures first"
        );
        assert_eq!(sorted_th()[0].1.as_deref(), Some("descending"));
    }
}

// ---------------------------------------------------------------------------------------
// Endpoint actions.
// ---------------------------------------------------------------------------------------

mod detail {
    use super::*;

    #[wasm_bindgen_test]
    async fn a_missing_endpoint_says_it_no_longer_exists() {
        let _stub = Stub::install(|_, _| Some((404, r#"{"detail":"Endpoint not found"}"#.into())));
        let root = container();
        let _handle = mount_console(&root, connected(View::Detail("ep_gone".into())));
        settle().await;
        assert!(
            root.text_content().unwrap().contains(t::ENDPOINT_GONE),
            "{}",
            root.text_content().unwrap()
        );
    }

    #[wasm_bindgen_test]
    async fn disable_asks_first_and_enable_patches_enabled_true() {
        let enabled = endpoint_json("ep_1", "https://hooks.example.com/a", true);
        let disabled = endpoint_json("ep_1", "https://hooks.example.com/a", false);
        let stub = Stub::install(move |method, _| {
            Some((
                200,
                if method == "GET" {
                    enabled.clone()
                } else {
                    disabled.clone()
                },
            ))
        });
        let root = container();
        let _handle = mount_console(&root, connected(View::Detail("ep_1".into())));
        settle().await;
        button(&root, t::DISABLE).click();
        settle().await;
        assert_eq!(stub.calls().len(), 1, "asks before disabling");
        button(&root, t::DISABLE_CONFIRM).click();
        settle().await;
        assert_eq!(
            stub.calls().last().unwrap(),
            &format!("DELETE {BASE}/v1/webhooks/endpoints/ep_1")
        );
        assert_eq!(text(&root, "dl .status").trim(), "Disabled", "in words");
        assert!(root.text_content().unwrap().contains(t::DISABLED_NOTICE));

        let back = endpoint_json("ep_1", "https://hooks.example.com/a", true);
        stub.answer(move |_, _| Some((200, back.clone())));
        button(&root, t::ENABLE).click();
        settle().await;
        let n = stub.calls().len() - 1;
        assert_eq!(
            stub.calls()[n],
            format!("PATCH {BASE}/v1/webhooks/endpoints/ep_1")
        );
        assert_eq!(stub.body(n).await, r#"{"enabled":true}"#);
        assert!(text(&root, "#wc-action-result").contains(t::ENDPOINT_ENABLED));
        assert_eq!(active_id(), "wc-action-result", "focus on the result");
    }

    #[wasm_bindgen_test]
    async fn a_test_event_and_a_verification_show_their_results() {
        let endpoint = endpoint_json("ep_1", "https://hooks.invalid/a", true);
        let verify = format!(
            r#"{{"verified":false,"error":"could not resolve host: hooks.invalid","endpoint":{endpoint}}}"#
        );
        let stub = Stub::install(move |method, url| {
            Some(match (method, url.rsplit('/').next().unwrap()) {
                ("POST", "test") => (
                    200,
                    r#"{"id":"d1","endpoint_id":"ep_1","event_type":"webhook.test","status":"failed","attempt_count":1,"created_at":"2026-01-01T00:00:00Z","last_error":"could not resolve host: hooks.invalid"}"#.to_owned(),
                ),
                ("POST", "verify") => (200, verify.clone()),
                _ => (200, endpoint.clone()),
            })
        });
        let root = container();
        let _handle = mount_console(&root, connected(View::Detail("ep_1".into())));
        settle().await;
        button(&root, t::SEND_TEST).click();
        settle().await;
        assert!(
            stub.calls()
                .contains(&format!("POST {BASE}/v1/webhooks/endpoints/ep_1/test"))
        );
        let result = text(&root, "#wc-action-result");
        assert!(
            result.contains("Test event sent, but the delivery failed: “could not resolve host"),
            "{result}"
        );
        button(&root, t::VERIFY_ENDPOINT).click();
        settle().await;
        let result = text(&root, "#wc-action-result");
        assert!(
            result.contains("Not verified: “could not resolve host: hooks.invalid”."),
            "{result}"
        );
    }
}

// ---------------------------------------------------------------------------------------
// Deliveries: paging and the bulk replay.
// ---------------------------------------------------------------------------------------

mod deliveries {
    use super::*;

    fn delivery(id: &str, status: &str) -> String {
        format!(
            r#"{{"id":"{id}","endpoint_id":"ep_1","event_type":"vm.started","status":"{status}","attempt_count":1,"created_at":"2026-01-01T00:00:0{}Z","last_error":{}}}"#,
            id.len() % 10,
            if status == "failed" {
                r#""could not resolve host: h.invalid""#
            } else {
                "null"
            }
        )
    }

    fn page(items: &[String], next: Option<&str>) -> String {
        format!(
            r#"{{"items":[{}],"next_cursor":{}}}"#,
            items.join(","),
            next.map_or("null".to_owned(), |c| format!("\"{c}\""))
        )
    }

    #[wasm_bindgen_test]
    async fn loads_more_with_the_cursor_and_filters() {
        let stub = Stub::install(|_, url| {
            Some((
                200,
                if url.contains("cursor=c1") {
                    page(&[delivery("d3", "failed")], None)
                } else {
                    page(
                        &[delivery("d1", "succeeded"), delivery("d2", "failed")],
                        Some("c1"),
                    )
                },
            ))
        });
        let root = container();
        let _handle = mount_console(&root, connected(View::Deliveries));
        settle().await;
        assert_eq!(find_all(&root, "table.deliveries tbody tr").len(), 2);
        button(&root, t::LOAD_MORE).click();
        settle().await;
        assert_eq!(find_all(&root, "table.deliveries tbody tr").len(), 3);
        assert!(
            !exists(&root, "#wc-load-more"),
            "the last page has no cursor"
        );
        assert!(
            stub.calls()
                .iter()
                .any(|c| c.ends_with("?cursor=c1&limit=50"))
        );

        type_into(&root, "#wc-filter-status", "failed");
        type_into(&root, "#wc-filter-event", "vm.started");
        fire(&find(&root, "form.delivery-filters"), "submit");
        settle().await;
        assert_eq!(
            stub.calls().last().unwrap(),
            &format!(
                "GET {BASE}/v1/webhooks/deliveries?status=failed&event_type=vm.started&limit=50"
            )
        );
    }

    #[wasm_bindgen_test]
    async fn replays_every_failed_delivery_of_the_filter_and_reports_what_failed() {
        let stub = Stub::install(|method, url| {
            Some(match method {
                "GET" if url.contains("status=failed") && url.contains("cursor=p2") => {
                    (200, page(&[delivery("f3", "failed")], None))
                }
                "GET" if url.contains("status=failed") => (
                    200,
                    page(
                        &[delivery("f1", "failed"), delivery("f2", "failed")],
                        Some("p2"),
                    ),
                ),
                "GET" => (200, page(&[delivery("f1", "failed")], None)),
                _ if url.contains("/f1/") => (200, delivery("n1", "succeeded")),
                _ if url.contains("/f2/") => {
                    (409, r#"{"detail":"Endpoint is disabled"}"#.to_owned())
                }
                _ => (200, delivery("n3", "failed")),
            })
        });
        let root = container();
        let state = connected(View::Deliveries);
        let _handle = mount_console(&root, state);
        settle().await;
        button(&root, t::BULK_START).click();
        settle().await;
        settle().await;
        let replays: Vec<String> = stub
            .calls()
            .into_iter()
            .filter(|c| c.starts_with("POST"))
            .collect();
        assert_eq!(
            replays,
            [
                format!("POST {BASE}/v1/webhooks/deliveries/f1/replay"),
                format!("POST {BASE}/v1/webhooks/deliveries/f2/replay"),
                format!("POST {BASE}/v1/webhooks/deliveries/f3/replay"),
            ],
            "every page walked, each delivery once"
        );
        let report = text(&root, "#wc-bulk-report");
        assert!(
            report.contains(
                "Replayed 1 of 3 failed deliveries. 2 were not replayed or failed again."
            ),
            "{report}"
        );
        assert!(
            report.contains("f2): InstaVM rejected the request: Endpoint is disabled"),
            "{report}"
        );
        assert!(
            report.contains("f3): replayed, but failed again: “could not resolve host: h.invalid”"),
            "{report}"
        );
        assert_eq!(active_id(), "wc-bulk-report", "focus on the report");
        assert!(state.replaying.get_untracked().is_empty());
    }

    #[wasm_bindgen_test]
    async fn a_bulk_replay_can_be_cancelled_and_never_replays_one_delivery_twice_at_once() {
        // Replays answer after 80 ms, so that there is time to cancel.
        let stub = Stub::install(|method, url| {
            Some(match method {
                "GET" if url.contains("status=failed") => (
                    200,
                    page(
                        &[
                            delivery("f1", "failed"),
                            delivery("f2", "failed"),
                            delivery("f3", "failed"),
                        ],
                        None,
                    ),
                ),
                "GET" => (200, page(&[], None)),
                _ => (200, delivery("n", "succeeded")),
            })
        });
        let root = container();
        let state = connected(View::Deliveries);
        let _handle = mount_console(&root, state);
        settle().await;
        button(&root, t::BULK_START).click();
        // f2's replay starts from elsewhere (its row) before the walk gets to it.
        assert!(state.start_replay("f2"));
        assert!(!state.start_replay("f2"), "never twice at once");
        settle().await;
        let report = text(&root, "#wc-bulk-report");
        assert!(
            report.contains("f2): skipped: it was already being replayed."),
            "{report}"
        );
        assert_eq!(
            stub.calls()
                .iter()
                .filter(|c| c.contains("/f2/replay"))
                .count(),
            0
        );
        state.end_replay("f2");
        settle().await;

        // Cancelled while walking the pages (here endless): nothing is replayed.
        let before = stub.calls().len();
        stub.answer(|method, url| {
            Some(match method {
                "GET" if url.contains("status=failed") => {
                    (200, page(&[delivery("f1", "failed")], Some("more")))
                }
                "GET" => (200, page(&[], None)),
                _ => (200, delivery("n", "succeeded")),
            })
        });
        button(&root, t::BULK_START).click();
        settle().await;
        assert!(
            text(&root, ".bulk-progress").contains("Looking for failed deliveries"),
            "progress is shown"
        );
        find(&root, "#wc-bulk-cancel").click();
        settle().await;
        let report = text(&root, "#wc-bulk-report");
        assert!(report.contains("Cancelled."), "{report}");
        assert!(
            stub.calls()[before..]
                .iter()
                .all(|c| !c.starts_with("POST")),
            "{:?}",
            &stub.calls()[before..]
        );
    }
}

// ---------------------------------------------------------------------------------------
// The delivery verifier.
// ---------------------------------------------------------------------------------------

mod verify {
    use super::*;
    use webhook_console::browser::webcrypto::hmac_sha256_hex;

    const BODY: &str =
        r#"{"id":"evt_1","event_type":"vm.started","created_at":"2026-01-01T00:00:00Z","data":{}}"#;

    fn now() -> i64 {
        (js_sys::Date::now() / 1000.0).floor() as i64
    }

    async fn signed(secret: &str, t: i64, body: &str) -> String {
        let hex = hmac_sha256_hex(secret, format!("{t}.{body}").as_bytes())
            .await
            .unwrap();
        format!("t={t},v1={hex}")
    }

    async fn verify_with(root: &Element, header: &str, body: &str, secret: &str) -> String {
        type_into(root, "#wc-verify-header", header);
        type_into(root, "#wc-verify-body", body);
        type_into(root, "#wc-verify-secret", secret);
        fire(&find(root, "form"), "submit");
        settle().await;
        find(root, ".verify-result")
            .text_content()
            .unwrap_or_default()
    }

    #[wasm_bindgen_test]
    async fn hmac_matches_a_python_signature() {
        // HMAC-SHA256(key "whsec_test", "1700000000.{}"), computed with Python's hmac.
        assert_eq!(
            hmac_sha256_hex("whsec_test", b"1700000000.{}")
                .await
                .unwrap(),
            "35495024f4ef3f94e5a93e22221544c4b75e9a42300cd965ab81cb85cd994e91"
        );
    }

    #[wasm_bindgen_test]
    async fn says_which_check_failed() {
        let root = container();
        let _handle = mount_console(&root, connected(View::Verify));
        settle().await;

        let result = verify_with(&root, "", BODY, SECRET).await;
        assert!(
            result.contains("Missing InstaVM-Signature header"),
            "{result}"
        );

        let result = verify_with(&root, "v1=abc", BODY, SECRET).await;
        assert!(result.contains("The header has no t=<time>"), "{result}");

        let result = verify_with(&root, &format!("t={}", now()), BODY, SECRET).await;
        assert!(
            result.contains("The header has no v1=<signature>"),
            "{result}"
        );

        let stale = signed(SECRET, now() - 400, BODY).await;
        let result = verify_with(&root, &stale, BODY, SECRET).await;
        assert!(
            result.contains("Signature timestamp outside tolerance"),
            "{result}"
        );

        let good = signed(SECRET, now(), BODY).await;
        let result = verify_with(&root, &good, BODY, "whsec_another").await;
        assert!(result.contains("Webhook signature mismatch"), "{result}");
        assert!(
            find(&root, "li.check.bad")
                .text_content()
                .unwrap()
                .contains("does not match"),
            "the signature step failed"
        );

        let not_json = "{not json";
        let header = signed(SECRET, now(), not_json).await;
        let result = verify_with(&root, &header, not_json, SECRET).await;
        assert!(
            result.contains("Webhook body is not valid JSON"),
            "{result}"
        );

        let result = verify_with(&root, &format!("InstaVM-Signature: {good}"), BODY, SECRET).await;
        assert!(result.contains("This delivery is genuine"), "{result}");
        assert!(result.contains("vm.started"), "{result}");
        assert!(find_all(&root, "li.check.bad").is_empty());
        assert_eq!(active_id(), "wc-verify-summary", "focus on the result");
    }

    #[wasm_bindgen_test]
    async fn the_secret_is_required_and_forgotten_when_leaving() {
        let root = container();
        let state = connected(View::Verify);
        let _handle = mount_console(&root, state);
        settle().await;
        fire(&find(&root, "form"), "submit");
        settle().await;
        assert_eq!(
            text(&root, "#wc-verify-secret-err").trim(),
            t::SECRET_REQUIRED
        );
        type_into(&root, "#wc-verify-secret", SECRET);
        state.go(View::List);
        settle().await;
        state.go(View::Verify);
        settle().await;
        assert_eq!(value(&root, "#wc-verify-secret"), "");
        assert!(!document().body().unwrap().inner_html().contains(SECRET));
    }

    #[wasm_bindgen_test]
    async fn a_recorded_delivery_opens_the_verifier_prefilled_without_its_secret() {
        let header = "t=1700000000,v1=abc";
        let recorded = format!(
            r#"{{"delivery_id":"d1","url":"https://h.example.com","headers":[["Content-Type","application/json"],["InstaVM-Signature","{header}"]],"body":{}}}"#,
            serde_json::to_string(BODY).unwrap()
        );
        let stub = Stub::install(move |_, url| {
            Some((
                200,
                if url.contains("/sandbox/") {
                    recorded.clone()
                } else {
                    r#"{"items":[{"id":"d1","endpoint_id":"ep_1","event_type":"vm.started","status":"succeeded","attempt_count":1,"created_at":"2026-01-01T00:00:00Z"}],"next_cursor":null}"#.to_owned()
                },
            ))
        });
        *stub.sandbox.borrow_mut() = true;
        let root = container();
        let state = connected(View::Deliveries);
        let _handle = mount_console(&root, state);
        settle().await;
        assert!(state.sandbox.get_untracked(), "the mark was seen");
        button(&find(&root, "table.deliveries"), t::VERIFY).click();
        settle().await;
        assert_eq!(state.view.get_untracked(), View::Verify);
        assert!(
            stub.calls()
                .contains(&format!("GET {BASE}/sandbox/instavm/deliveries/d1"))
        );
        assert_eq!(value(&root, "#wc-verify-header"), header);
        assert_eq!(value(&root, "#wc-verify-body"), BODY);
        assert_eq!(value(&root, "#wc-verify-secret"), "");
    }
}

// ---------------------------------------------------------------------------------------
// Hostile and odd answers: said in a sentence, never a panic (which would abort the wasm
// module every console of the page shares).
// ---------------------------------------------------------------------------------------

mod hostile {
    use super::*;

    const UNREADABLE: &str = "The server's answer could not be read. Try again in a moment.";

    fn listed(state: AppState) -> AppState {
        state.endpoints.set(None);
        state
    }

    fn urls(root: &Element) -> Vec<String> {
        find_all(root, "table.endpoints td.name code")
            .iter()
            .map(|c| c.text_content().unwrap_or_default())
            .collect()
    }

    /// The list answered `body`: the list's error in words, and the page's text.
    async fn list_answered(body: &'static str) -> (Option<String>, String) {
        let _stub = Stub::install(move |_, _| Some((200, body.to_owned())));
        let state = listed(connected(View::List));
        let root = container();
        let _handle = mount_console(&root, state);
        state.reload_endpoints();
        settle().await;
        (
            state.list_error.get_untracked().map(|e| t::error_text(&e)),
            root.text_content().unwrap_or_default(),
        )
    }

    #[wasm_bindgen_test]
    async fn a_null_list_is_said_not_fatal() {
        for body in ["null", "[null]", r#"{"endpoints":null}"#] {
            let (error, text) = list_answered(body).await;
            assert_eq!(error.as_deref(), Some(UNREADABLE), "{body}");
            assert!(text.contains(UNREADABLE), "{body}: {text}");
            assert!(text.contains(t::LIST_FAILED), "{body}: {text}");
        }
    }

    #[wasm_bindgen_test]
    async fn a_list_of_the_wrong_type_is_said_not_fatal() {
        let wrong_id = endpoint_json("ep_1", "https://a.example.com", true)
            .replace(r#""id":"ep_1""#, r#""id":7"#);
        let wrong_enabled = endpoint_json("ep_1", "https://a.example.com", true)
            .replace(r#""enabled":true"#, r#""enabled":"yes""#);
        let bodies: Vec<String> = vec![
            r#"{"id":"ep_1"}"#.into(),
            r#""endpoints""#.into(),
            format!("[{wrong_id}]"),
            format!("[{wrong_enabled}]"),
            "<html><body>Bad gateway</body></html>".into(),
        ];
        for body in bodies {
            let body: &'static str = Box::leak(body.into_boxed_str());
            let (error, text) = list_answered(body).await;
            assert_eq!(error.as_deref(), Some(UNREADABLE), "{body}");
            assert!(text.contains(UNREADABLE), "{body}: {text}");
        }
        let good: &'static str = Box::leak(
            format!(
                "[{}]",
                endpoint_json("ep_1", "https://fine.example.com", true)
            )
            .into_boxed_str(),
        );
        let (error, text) = list_answered(good).await;
        assert_eq!(error, None);
        assert!(text.contains("https://fine.example.com"), "{text}");
    }

    #[wasm_bindgen_test]
    async fn a_null_endpoint_is_said_not_fatal() {
        let _stub = Stub::install(|_, _| Some((200, "null".to_owned())));
        let root = container();
        let _handle = mount_console(&root, connected(View::Detail("ep_1".into())));
        settle().await;
        let text = root.text_content().unwrap_or_default();
        assert!(text.contains(UNREADABLE), "{text}");
    }

    #[wasm_bindgen_test]
    async fn duplicate_ids_show_every_row_once_and_go_when_gone() {
        let a = endpoint_json("ep_1", "https://a.example.com/in", true);
        let b = endpoint_json("ep_2", "https://b.example.com/in", true);
        let twice = format!("[{a},{a},{b}]");
        let stub = Stub::install(move |_, _| Some((200, twice.clone())));
        let state = listed(connected(View::List));
        let root = container();
        let _handle = mount_console(&root, state);
        state.reload_endpoints();
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
        let once = format!("[{a},{b}]");
        stub.answer(move |_, _| Some((200, once.clone())));
        state.reload_endpoints();
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
        let j = HTML.replace('"', "\\\"");
        let endpoint = format!(
            r#"{{"id":"ep_1{j}","user_id":1,"url":"https://a.example.com/{j}","description":"d{j}","status":"failing{j}","enabled":true,"subscribed_event_patterns":["vm.{j}"],"signing_version":"v1{j}","secret_hint":"whsec_{j}","timeout_seconds":10,"max_retries":7,"consecutive_failures":3,"last_verified_at":null,"last_delivery_at":null,"last_error":"e{j}","created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}}"#
        );
        let list = format!("[{endpoint}]");
        let _stub = Stub::install(move |_, url| {
            Some((
                200,
                if url.ends_with("/v1/webhooks/endpoints") {
                    list.clone()
                } else if url.contains("/deliveries") {
                    "[]".to_owned()
                } else {
                    endpoint.clone()
                },
            ))
        });
        let state = listed(connected(View::List));
        let root = container();
        let _handle = mount_console(&root, state);
        state.reload_endpoints();
        settle().await;
        let text = root.text_content().unwrap_or_default();
        for shown in ["https://a.example.com/", "d", "e"] {
            assert!(text.contains(&format!("{shown}{HTML}")), "{shown}: {text}");
        }
        assert!(
            root.query_selector(".pwned").unwrap().is_none(),
            "markup made"
        );

        state.go(View::Detail(format!("ep_1{HTML}")));
        settle().await;
        let text = root.text_content().unwrap_or_default();
        for shown in ["https://a.example.com/", "d", "vm."] {
            assert!(text.contains(&format!("{shown}{HTML}")), "{shown}: {text}");
        }
        assert!(
            root.query_selector(".pwned").unwrap().is_none(),
            "markup made"
        );
    }
}
