//! Component tests: the console's views mounted in a real browser (headless Chromium via
//! wasm-bindgen-test-runner). Run with `cargo test -p webhook-console --target
//! wasm32-unknown-unknown`, which `cargo xtask test` does.

#![cfg(target_arch = "wasm32")]

mod dom;
use dom::{settle, sleep_ms};

use leptos::prelude::*;
use leptos::wasm_bindgen::JsCast;
use leptos::web_sys::HtmlElement;
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

/// A fresh container per test, so that tests do not see each other's DOM.
fn container() -> HtmlElement {
    let element = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&element).unwrap();
    element.unchecked_into()
}

/// The create form mounted into `root` with `state` as its context (unmounted when the
/// returned handle is dropped).
fn mount_create_form(
    root: &HtmlElement,
    state: webhook_console::providers::slashid::state::AppState,
) -> impl Sized {
    use webhook_console::providers::slashid::views::webhook_form::{FormMode, WebhookForm};
    leptos::mount::mount_to(root.clone(), move || {
        provide_context(state);
        view! { <WebhookForm mode=FormMode::Create /> }
    })
}

/// The element under `root` that `selector` matches; the test fails without one.
fn find(root: &leptos::web_sys::Element, selector: &str) -> HtmlElement {
    root.query_selector(selector)
        .unwrap()
        .unwrap_or_else(|| panic!("nothing matches {selector}"))
        .unchecked_into()
}

#[wasm_bindgen_test]
fn app_shows_its_name_and_version() {
    let root = container();
    // Bound, not `let _`: dropping the handle unmounts the app at once.
    let _handle =
        leptos::mount::mount_to(root.clone(), webhook_console::providers::slashid::app::App);
    let heading = root
        .query_selector("h1")
        .unwrap()
        .expect("the app renders an h1");
    assert_eq!(heading.text_content().as_deref(), Some("Webhook Console"));
    let text = root.text_content().unwrap_or_default();
    assert!(
        text.contains(env!("CARGO_PKG_VERSION")),
        "no version in {text:?}"
    );
}

#[wasm_bindgen_test]
fn without_chrome_the_brand_goes_and_titles_start_at_the_hosts_level() {
    use webhook_console::host::Outline;
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), || {
        provide_context(Outline {
            chrome: false,
            level: 3,
        });
        webhook_console::providers::slashid::app::App()
    });
    assert!(
        root.query_selector("h1, h2, .brand").unwrap().is_none(),
        "no brand and no heading above the host's level"
    );
    let title = root
        .query_selector("#wc-view-title")
        .unwrap()
        .expect("the view's title");
    assert_eq!(title.tag_name(), "H3");
    assert_eq!(title.get_attribute("tabindex").as_deref(), Some("-1"));
    assert!(
        !root
            .text_content()
            .unwrap_or_default()
            .contains(env!("CARGO_PKG_VERSION")),
        "no version"
    );
}

#[wasm_bindgen_test]
fn headings_below_h6_keep_their_level_for_assistive_technology() {
    use webhook_console::host::Outline;
    use webhook_console::ui::heading::h;
    let root = container();
    let _handle = leptos::mount::mount_to(root.clone(), || {
        provide_context(Outline {
            chrome: true,
            level: 6,
        });
        view! {
            {h(0, "t0", false, "", "Title".into_any())}
            {h(1, "", false, "", "Section".into_any())}
        }
    });
    let title = root.query_selector("#t0").unwrap().expect("the title");
    assert_eq!(title.tag_name(), "H6");
    assert!(title.get_attribute("role").is_none());
    let section = root
        .query_selector(".rank1")
        .unwrap()
        .expect("the section heading");
    assert_eq!(section.tag_name(), "P");
    assert_eq!(section.get_attribute("role").as_deref(), Some("heading"));
    assert_eq!(section.get_attribute("aria-level").as_deref(), Some("7"));
    assert_eq!(section.text_content().as_deref(), Some("Section"));
}

#[wasm_bindgen_test]
fn base_urls_are_judged_by_the_browsers_parser() {
    use webhook_console::browser::dom::{BaseUrlProblem, base_url, page_origin};
    assert_eq!(base_url(""), Ok(page_origin()));
    assert_eq!(base_url("  "), Ok(page_origin()));
    assert_eq!(
        base_url(" https://api.example.com/ "),
        Ok("https://api.example.com".to_owned())
    );
    assert_eq!(
        base_url("http://localhost:8080/gateway/slashid/"),
        Ok("http://localhost:8080/gateway/slashid".to_owned())
    );
    assert_eq!(base_url("api.example.com"), Err(BaseUrlProblem::NotAUrl));
    assert_eq!(base_url("https://"), Err(BaseUrlProblem::NotAUrl));
    assert_eq!(base_url("ftp://example.com"), Err(BaseUrlProblem::NotHttp));
    assert_eq!(
        base_url("https://admin:secret@example.com"),
        Err(BaseUrlProblem::Credentials)
    );
    assert_eq!(
        base_url("https://example.com/?region=eu"),
        Err(BaseUrlProblem::QueryOrFragment)
    );
    assert_eq!(
        base_url("https://example.com/#"),
        Err(BaseUrlProblem::QueryOrFragment)
    );
}

#[wasm_bindgen_test]
async fn connect_form_refuses_a_base_url_fetch_would_refuse() {
    use leptos::web_sys::HtmlInputElement;
    use webhook_console::providers::slashid::state::{AppState, View};
    use webhook_console::providers::slashid::views::connect_form::ConnectForm;
    let root = container();
    let state = AppState::new();
    let _handle = leptos::mount::mount_to(root.clone(), move || {
        provide_context(state);
        view! { <ConnectForm /> }
    });
    let set = |selector: &str, value: &str| {
        let input: HtmlInputElement = find(&root, selector).unchecked_into();
        input.set_value(value);
        input
            .dispatch_event(&leptos::web_sys::Event::new("input").unwrap())
            .unwrap();
    };
    set("#wc-connect-base", "https://admin:secret@api.example.com");
    set("#wc-connect-org_id", "org");
    set("#wc-connect-api_key", "key");
    find(&root, "form button[type=submit]").click();
    settle().await;
    let base = find(&root, "#wc-connect-base");
    assert_eq!(base.get_attribute("aria-invalid").as_deref(), Some("true"));
    assert_eq!(
        find(&root, "#wc-connect-base-err")
            .text_content()
            .as_deref(),
        Some(webhook_console::text::BASE_URL_CREDENTIALS)
    );
    assert_eq!(state.view.get_untracked(), View::Connect, "not connected");
    assert!(state.connection.get_untracked().is_none());
}

// ---------------------------------------------------------------------------------------
// The console's own components (form, header editor, trigger picker, list).
// ---------------------------------------------------------------------------------------

mod console {
    use super::find;
    use std::cell::RefCell;
    use std::rc::Rc;

    use leptos::prelude::*;
    use leptos::task::tick;
    use leptos::wasm_bindgen::JsCast;
    use leptos::web_sys::{Element, Event, EventInit, HtmlElement, HtmlInputElement};
    use wasm_bindgen_test::wasm_bindgen_test;
    use webhook_console::providers::slashid::state::AppState;
    use webhook_console::providers::slashid::views::header_editor::{HeaderEditor, HeaderModel};
    use webhook_console::providers::slashid::views::trigger_picker::TriggerPicker;
    use webhook_console::providers::slashid::views::webhook_form::{FormMode, WebhookForm};
    use webhook_console::providers::slashid::views::webhook_list::WebhookList;
    use webhook_rules::slashid::target_url;
    use webhook_rules::slashid::triggers::{Family, TriggerType};
    use webhook_rules::slashid::wire::{Headers, Trigger, Webhook};

    fn container() -> HtmlElement {
        super::container()
    }

    use super::dom::find_all;

    fn input(root: &Element, selector: &str) -> HtmlInputElement {
        find(root, selector).unchecked_into()
    }

    fn button_with_text(root: &Element, text: &str) -> HtmlElement {
        find_all(root, "button")
            .into_iter()
            .find(|b| b.text_content().as_deref().map(str::trim) == Some(text))
            .unwrap_or_else(|| panic!("no button reads {text:?}"))
            .unchecked_into()
    }

    fn fire(target: &Element, kind: &str) {
        let init = EventInit::new();
        init.set_bubbles(true);
        let ev = Event::new_with_event_init_dict(kind, &init).unwrap();
        target.dispatch_event(&ev).unwrap();
    }

    fn type_into(el: &HtmlInputElement, text: &str) {
        el.set_value(text);
        fire(el, "input");
    }

    fn webhook(id: &str, name: &str, url: &str) -> Webhook {
        Webhook {
            id: id.into(),
            name: name.into(),
            target_url: url.into(),
            timeout: "0s".into(),
            ..Default::default()
        }
    }

    #[wasm_bindgen_test]
    async fn shows_ip_host_error_after_blur() {
        let root = container();
        let _handle = super::mount_create_form(&root, AppState::new());
        let url = input(&root, "#wc-target_url");
        type_into(&url, "https://192.168.1.10/hook");
        tick().await;
        assert!(
            root.query_selector("#wc-target_url-err").unwrap().is_none(),
            "no error before the field was left"
        );
        assert_eq!(url.get_attribute("aria-invalid").as_deref(), Some("false"));

        fire(&url, "blur");
        tick().await;
        let expected = webhook_console::text::sentence(
            &target_url::check("https://192.168.1.10/hook")
                .unwrap_err()
                .message(),
        );
        assert!(expected.starts_with("The host") && expected.ends_with('.'));
        let err = find(&root, "#wc-target_url-err");
        assert_eq!(err.text_content().unwrap().trim(), expected);
        assert_eq!(url.get_attribute("aria-invalid").as_deref(), Some("true"));
        assert!(
            url.get_attribute("aria-describedby")
                .unwrap_or_default()
                .contains("wc-target_url-err")
        );

        // From then on, live as the admin types.
        type_into(&url, "https://hooks.example.com/slashid");
        tick().await;
        assert!(root.query_selector("#wc-target_url-err").unwrap().is_none());
        assert_eq!(url.get_attribute("aria-invalid").as_deref(), Some("false"));
    }

    #[wasm_bindgen_test]
    async fn submit_without_name_shows_every_problem_and_sends_nothing() {
        let root = container();
        let state = AppState::new();
        let _handle = super::mount_create_form(&root, state);
        let url = input(&root, "#wc-target_url");
        type_into(&url, "http://example.com/hook");
        fire(&find(&root, "form"), "submit");
        tick().await;
        tick().await;
        assert!(root.query_selector("#wc-name-err").unwrap().is_some());
        assert!(root.query_selector("#wc-target_url-err").unwrap().is_some());
        assert!(root.query_selector("#wc-form-summary").unwrap().is_some());
        // Nothing typed is lost.
        assert_eq!(url.value(), "http://example.com/hook");
    }

    #[wasm_bindgen_test]
    async fn flags_a_target_url_already_used_in_the_organization() {
        let root = container();
        let state = AppState::new();
        state.webhooks.set(Some(vec![webhook(
            "w1",
            "Billing",
            "https://hooks.example.com/a",
        )]));
        let _handle = super::mount_create_form(&root, state);
        let url = input(&root, "#wc-target_url");
        type_into(&url, "https://hooks.example.com/a");
        fire(&url, "blur");
        tick().await;
        let err = find(&root, "#wc-target_url-err").text_content().unwrap();
        // Word for word what the server answers with its 409 (as a sentence), then whose
        // URL it is.
        let rules = webhook_console::text::sentence(
            &webhook_rules::slashid::conflicts::duplicate_target_url().message,
        );
        assert!(err.trim().starts_with(rules.trim_end_matches('.')), "{err}");
        assert!(err.trim().ends_with("uses it)."), "{err}");
        assert!(err.contains("Billing"), "{err}");

        // Editing that same webhook keeps its own URL without a complaint.
        drop(_handle);
        let root = container();
        let original = webhook("w1", "Billing", "https://hooks.example.com/a");
        let _handle = leptos::mount::mount_to(root.clone(), move || {
            provide_context(state);
            view! { <WebhookForm mode=FormMode::Edit(original.clone()) /> }
        });
        let url = input(&root, "#wc-target_url");
        fire(&url, "blur");
        tick().await;
        assert!(root.query_selector("#wc-target_url-err").unwrap().is_none());
    }

    #[wasm_bindgen_test]
    async fn timeout_field_explains_the_parsed_value() {
        let root = container();
        let _handle = super::mount_create_form(&root, AppState::new());
        let meaning = find(&root, "#wc-timeout-meaning");
        assert!(
            meaning
                .text_content()
                .unwrap()
                .contains("10 seconds for events")
        );
        type_into(&input(&root, "#wc-timeout"), "1.5s");
        tick().await;
        assert!(meaning.text_content().unwrap().contains("1.5 seconds"));
        let t = input(&root, "#wc-timeout");
        type_into(&t, "21s");
        fire(&t, "blur");
        tick().await;
        let err = find(&root, "#wc-timeout-err").text_content().unwrap();
        assert_eq!(
            err.trim(),
            "May not be more than 20 seconds (got 21 seconds).",
            "durations in words, as the hint writes them"
        );
    }

    #[wasm_bindgen_test]
    async fn header_editor_adds_a_row_with_a_masked_value_and_reveals_it() {
        let root = container();
        let model = Rc::new(RefCell::new(None::<HeaderModel>));
        let m = model.clone();
        let _handle = leptos::mount::mount_to(root.clone(), move || {
            let headers = HeaderModel::new(&Headers::new());
            *m.borrow_mut() = Some(headers);
            view! {
                <HeaderEditor
                    model=headers
                    error={|_k: String| None::<String>}
                    on_blur={|_k: String| {}}
                    on_change={|_k: String| {}}
                />
            }
        });
        let model = model.borrow().unwrap();
        button_with_text(&root, "Add header").click();
        tick().await;
        let rows = find_all(&root, ".header-row");
        assert_eq!(rows.len(), 1);
        let value = input(&rows[0], ".header-value input");
        let masked =
            |e: &HtmlInputElement| e.type_() == "text" && e.class_list().contains("masked");
        assert!(masked(&value), "values are masked by default");
        type_into(&input(&rows[0], ".header-name input"), "X-Secret");
        type_into(&value, "s3cr3t-value");
        tick().await;
        let show = button_with_text(&rows[0], "Show");
        assert_eq!(
            show.get_attribute("aria-label").as_deref(),
            Some("Show value of X-Secret")
        );
        show.click();
        tick().await;
        assert!(!masked(&value));
        button_with_text(&rows[0], "Hide").click();
        tick().await;
        assert!(masked(&value));

        // A second value for the same name.
        button_with_text(&rows[0], "Add value").click();
        tick().await;
        let values = find_all(&rows[0], ".header-value input");
        assert_eq!(values.len(), 2);
        type_into(values[1].unchecked_ref(), "second");
        tick().await;
        let headers = model.headers();
        assert_eq!(
            headers.get("X-Secret"),
            Some(&vec!["s3cr3t-value".to_owned(), "second".to_owned()])
        );
    }

    #[wasm_bindgen_test]
    async fn header_editor_keeps_stored_values_unless_replaced() {
        let secret = "sk_live_0123456789abcd";
        let stored: Headers = [("X-Key".to_owned(), vec![secret.to_owned()])].into();
        let root = container();
        let model = Rc::new(RefCell::new(None::<HeaderModel>));
        let m = model.clone();
        let s = stored.clone();
        let _handle = leptos::mount::mount_to(root.clone(), move || {
            let headers = HeaderModel::new(&s);
            *m.borrow_mut() = Some(headers);
            view! {
                <HeaderEditor
                    model=headers
                    error={|_k: String| None::<String>}
                    on_blur={|_k: String| {}}
                    on_change={|_k: String| {}}
                />
            }
        });
        let model = model.borrow().unwrap();
        tick().await;
        let html = root.inner_html();
        assert!(html.contains("••••••abcd"), "a hint is shown");
        assert!(
            !html.contains("sk••"),
            "no head of the value: at most its last four"
        );
        let show = button_with_text(&root, "Show");
        assert_eq!(
            show.get_attribute("aria-label").as_deref(),
            Some("Show value of X-Key"),
            "the reveal is named for the value it shows"
        );
        show.click();
        tick().await;
        assert_eq!(
            show.get_attribute("aria-label").as_deref(),
            Some("Hide value of X-Key")
        );
        assert!(root.inner_html().contains(secret), "revealed on request");
        show.click();
        tick().await;
        assert!(!html.contains(secret), "the secret is not in the page");
        assert!(
            find_all(&root, ".header-value input").is_empty(),
            "no retyping"
        );
        assert_eq!(model.headers(), stored, "kept values are sent back whole");

        button_with_text(&root, "Replace").click();
        tick().await;
        let replacement = input(&root, ".header-value input");
        assert_eq!(replacement.value(), "");
        assert!(replacement.type_() == "text" && replacement.class_list().contains("masked"));
        type_into(&replacement, "sk_live_new");
        tick().await;
        assert_eq!(
            model.headers().get("X-Key"),
            Some(&vec!["sk_live_new".to_owned()])
        );

        button_with_text(&root, "Keep stored value").click();
        tick().await;
        assert_eq!(model.headers(), stored);

        button_with_text(&root, "Remove").click();
        tick().await;
        assert_eq!(model.headers().get("X-Key"), Some(&Vec::new()));
        button_with_text(&root, "Undo").click();
        tick().await;
        assert_eq!(model.headers(), stored);
    }

    #[wasm_bindgen_test]
    async fn trigger_picker_selects_a_whole_group() {
        let root = container();
        let added = RwSignal::new(Vec::<Trigger>::new());
        let _handle = leptos::mount::mount_to(root.clone(), move || {
            view! {
                <TriggerPicker
                    existing=Signal::derive(Vec::new)
                    on_add={move |t: Vec<Trigger>| added.update(|a| a.extend(t))}
                />
            }
        });
        tick().await;
        let group: HtmlElement = find(&root, "#wc-tp-group-Person").unchecked_into();
        group.click();
        tick().await;
        button_with_text(&root, &format!("Add {} triggers", person_events().len())).click();
        tick().await;
        let mut got: Vec<String> =
            added.with_untracked(|a| a.iter().map(|t| t.trigger_name.clone()).collect());
        got.sort();
        let mut want = person_events();
        want.sort();
        assert_eq!(got, want);
        assert!(added.with_untracked(|a| a.iter().all(|t| t.trigger_type == "event")));
    }

    fn person_events() -> Vec<String> {
        TriggerType::Event
            .names()
            .filter(|n| n.family == Family::Person)
            .map(|n| n.name.to_owned())
            .collect()
    }

    #[wasm_bindgen_test]
    async fn trigger_picker_offers_only_names_valid_for_the_type() {
        let root = container();
        let _handle = leptos::mount::mount_to(root.clone(), || {
            view! { <TriggerPicker existing=Signal::derive(Vec::new) on_add={|_t: Vec<Trigger>| {}} /> }
        });
        tick().await;
        let names = |root: &Element| -> Vec<String> {
            find_all(root, ".trigger-names input[type=checkbox]")
                .iter()
                .map(|e| e.get_attribute("value").unwrap_or_default())
                .collect()
        };
        let events: Vec<String> = TriggerType::Event
            .names()
            .map(|n| n.name.to_owned())
            .collect();
        assert_eq!(names(&root).len(), events.len());
        let hook: HtmlElement = find(&root, "#wc-tp-type-sync_hook").unchecked_into();
        hook.click();
        tick().await;
        let hooks: Vec<String> = TriggerType::SyncHook
            .names()
            .map(|n| n.name.to_owned())
            .collect();
        assert_eq!(names(&root), hooks);
    }

    #[wasm_bindgen_test]
    async fn trigger_picker_disables_triggers_the_webhook_has() {
        let root = container();
        let _handle = leptos::mount::mount_to(root.clone(), || {
            let existing = vec![Trigger {
                trigger_type: "event".into(),
                trigger_name: "PersonCreated_v1".into(),
            }];
            view! { <TriggerPicker existing=Signal::derive(move || existing.clone()) on_add={|_t: Vec<Trigger>| {}} /> }
        });
        tick().await;
        let taken = input(&root, "#wc-tp-PersonCreated_v1");
        assert!(taken.disabled());
        assert!(!input(&root, "#wc-tp-PersonDeleted_v1").disabled());
    }

    #[wasm_bindgen_test]
    async fn list_renders_user_text_literally() {
        let root = container();
        let state = AppState::new();
        let evil = "<img src=x onerror=alert(1)>";
        state.webhooks.set(Some(vec![webhook(
            "w1",
            evil,
            "https://hooks.example.com/x",
        )]));
        let _handle = leptos::mount::mount_to(root.clone(), move || {
            provide_context(state);
            view! { <WebhookList /> }
        });
        tick().await;
        assert!(root.query_selector("table img").unwrap().is_none());
        assert!(root.text_content().unwrap().contains(evil));
    }

    #[wasm_bindgen_test]
    async fn list_searches_and_shows_a_window_of_many() {
        let root = container();
        let state = AppState::new();
        let many: Vec<Webhook> = (0..10_000)
            .map(|i| {
                webhook(
                    &format!("w{i}"),
                    &format!("hook {i:05}"),
                    &format!("https://h{i}.example.com/"),
                )
            })
            .collect();
        state.webhooks.set(Some(many));
        let _handle = leptos::mount::mount_to(root.clone(), move || {
            provide_context(state);
            view! { <WebhookList /> }
        });
        tick().await;
        assert_eq!(
            find_all(&root, "tbody tr").len(),
            webhook_console::providers::slashid::views::webhook_list::PAGE
        );
        type_into(&input(&root, "#wc-search"), "h9999.example");
        tick().await;
        let rows = find_all(&root, "tbody tr");
        assert_eq!(rows.len(), 1);
        assert!(rows[0].text_content().unwrap().contains("hook 09999"));
    }
}

// ---------------------------------------------------------------------------------------
// Verifying a delivery: a JWT signed here with WebCrypto (ES256, as SlashID signs).
// ---------------------------------------------------------------------------------------

mod verify {
    use super::sleep_ms;
    use js_sys::{Array, Object, Promise, Reflect, Uint8Array};
    use leptos::prelude::*;
    use leptos::wasm_bindgen::{JsCast, JsValue};
    use leptos::web_sys::{self, Element, HtmlElement};
    use wasm_bindgen_futures::JsFuture;
    use wasm_bindgen_test::wasm_bindgen_test;
    use webhook_console::providers::slashid::client::Connection;
    use webhook_console::providers::slashid::state::AppState;
    use webhook_console::providers::slashid::views::verify_delivery::VerifyDelivery;
    use webhook_console::providers::slashid::words as t;
    use webhook_rules::slashid::delivery::ParseError;
    use webhook_rules::slashid::wire::{Jwk, Jwks, Webhook};

    const ORG: &str = "org-verify-1";
    const KID: &str = "test-kid-1";
    const URL: &str = "https://hooks.example.com/billing";

    fn subtle() -> web_sys::SubtleCrypto {
        web_sys::window().unwrap().crypto().unwrap().subtle()
    }

    async fn await_js(p: Promise) -> JsValue {
        JsFuture::from(p).await.expect("WebCrypto call")
    }

    /// A fresh P-256 key pair: the private key to sign with, the public one as a JWK.
    async fn key_pair() -> (web_sys::CryptoKey, Jwk) {
        let params = web_sys::EcKeyGenParams::new("ECDSA", "P-256");
        let usages = Array::of2(&"sign".into(), &"verify".into());
        let pair: web_sys::CryptoKeyPair = await_js(
            subtle()
                .generate_key_with_object(&params, true, &usages)
                .unwrap(),
        )
        .await
        .unchecked_into();
        let public = await_js(subtle().export_key("jwk", &pair.get_public_key()).unwrap()).await;
        let field = |name: &str| {
            Reflect::get(&public, &name.into())
                .unwrap()
                .as_string()
                .unwrap()
        };
        let jwk = Jwk {
            kty: "EC".into(),
            crv: "P-256".into(),
            x: field("x"),
            y: field("y"),
            kid: KID.into(),
            alg: "ES256".into(),
            use_: "sig".into(),
            key_ops: vec!["verify".into()],
        };
        (pair.get_private_key(), jwk)
    }

    fn b64url(bytes: &[u8]) -> String {
        const A: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        let mut out = String::new();
        for chunk in bytes.chunks(3) {
            let v = chunk
                .iter()
                .enumerate()
                .fold(0u32, |v, (i, b)| v | (u32::from(*b) << (16 - 8 * i)));
            for i in 0..=chunk.len() {
                out.push(A[((v >> (18 - 6 * i)) & 63) as usize] as char);
            }
        }
        out
    }

    async fn sign(key: &web_sys::CryptoKey, header: &str, claims: &str) -> String {
        let input = format!(
            "{}.{}",
            b64url(header.as_bytes()),
            b64url(claims.as_bytes())
        );
        let params = Object::new();
        Reflect::set(&params, &"name".into(), &"ECDSA".into()).unwrap();
        Reflect::set(&params, &"hash".into(), &"SHA-256".into()).unwrap();
        let sig = await_js(
            subtle()
                .sign_with_object_and_u8_array(&params, key, input.as_bytes())
                .unwrap(),
        )
        .await;
        let sig = Uint8Array::new(&sig).to_vec();
        assert_eq!(sig.len(), 64, "WebCrypto signs ES256 as raw r || s");
        format!("{input}.{}", b64url(&sig))
    }

    fn claims(webhook_id: &str, exp: i64) -> String {
        format!(
            r#"{{"aud":"{ORG}","iss":"https://api.slashid.com","exp":{exp},"iat":{},"jti":"j-1","sub":"{ORG}","target_url":"{URL}","trigger_type":"event","trigger_name":"PersonCreated_v1","trigger_content":{{"event_id":"e-1","person_id":"p-1"}},"webhook_id":"{webhook_id}"}}"#,
            exp - 300
        )
    }

    fn now() -> i64 {
        (js_sys::Date::now() / 1000.0) as i64
    }

    /// Waits (up to 5 s) for `selector` to match, and returns it.
    async fn wait_for(root: &Element, selector: &str) -> Element {
        for _ in 0..500 {
            if let Some(e) = root.query_selector(selector).unwrap() {
                return e;
            }
            sleep_ms(10).await;
        }
        panic!("nothing matches {selector} after 5 s");
    }

    fn state_with_key(jwk: Jwk) -> AppState {
        let state = AppState::new();
        state.connection.set(Some(Connection {
            // Never called: the keys and the webhooks are already loaded.
            base_url: "http://127.0.0.1:9".into(),
            org_id: ORG.into(),
            api_key: "test-key".into(),
        }));
        state.jwks.set(Some(Jwks { keys: vec![jwk] }));
        state.webhooks.set(Some(vec![Webhook {
            id: "w1".into(),
            name: "Billing".into(),
            target_url: URL.into(),
            timeout: "0s".into(),
            ..Default::default()
        }]));
        state
    }

    fn texts(root: &Element, selector: &str) -> Vec<String> {
        let list = root.query_selector_all(selector).unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .map(|n| n.text_content().unwrap_or_default())
            .collect()
    }

    #[wasm_bindgen_test]
    async fn a_signed_delivery_verifies_and_a_tampered_one_does_not() {
        let (private, jwk) = key_pair().await;
        let header = format!(r#"{{"alg":"ES256","typ":"JWT","kid":"{KID}"}}"#);
        let jwt = sign(&private, &header, &claims("w1", now() + 300)).await;
        let state = state_with_key(jwk);
        state.verify_input.set(jwt.clone());
        let root = super::container();
        let _handle = leptos::mount::mount_to(root.clone(), move || {
            provide_context(state);
            view! { <VerifyDelivery /> }
        });

        // Pre-filled (as a recorded delivery's "Verify" does): checked at once.
        let summary = wait_for(&root, "#wc-verify-summary").await;
        let bad = texts(&root, ".check.bad");
        assert!(bad.is_empty(), "failed checks: {bad:?}");
        assert!(summary.class_list().contains("success"));
        assert_eq!(summary.text_content().unwrap().trim(), t::VERIFY_SUMMARY_OK);
        let ok = texts(&root, ".check.ok").join("\n");
        assert!(ok.contains(&t::signature_valid(KID)), "{ok}");
        assert!(ok.contains("“Billing”"), "{ok}");
        assert!(ok.contains("Not expired"), "{ok}");
        let decoded = texts(&root, "pre.json").join("\n");
        assert!(
            decoded.contains("\"webhook_id\": \"w1\""),
            "pretty: {decoded}"
        );
        assert!(decoded.contains("\"kid\": \"test-kid-1\""), "{decoded}");

        // Same signature, other claims: another webhook id slipped in.
        let parts: Vec<&str> = jwt.split('.').collect();
        let tampered = format!(
            "{}.{}.{}",
            parts[0],
            b64url(claims("w2", now() + 300).as_bytes()),
            parts[2]
        );
        let input: HtmlElement = root
            .query_selector("#wc-verify-input")
            .unwrap()
            .unwrap()
            .unchecked_into();
        input
            .unchecked_ref::<web_sys::HtmlTextAreaElement>()
            .set_value(&tampered);
        super::console_fire(&input, "input");
        leptos::task::tick().await;
        super::console_fire(&root.query_selector("form").unwrap().unwrap(), "submit");
        let summary = wait_for(&root, "#wc-verify-summary").await;
        assert!(summary.class_list().contains("error"));
        let bad = texts(&root, ".check.bad").join("\n");
        assert!(bad.contains(&t::signature_invalid(KID)), "{bad}");
        assert!(bad.contains("The webhook ID (webhook_id) is “w2”"), "{bad}");
    }

    #[wasm_bindgen_test]
    async fn an_expired_delivery_and_an_unknown_key_are_flagged() {
        let (private, jwk) = key_pair().await;
        let header = r#"{"alg":"ES256","kid":"rotated-away"}"#;
        let jwt = sign(&private, header, &claims("w1", 1_700_000_000)).await;
        let state = state_with_key(jwk);
        // The keys are re-fetched for an unknown kid; here that fetch fails (no server),
        // and the cached set still answers "no key with this kid".
        state.verify_input.set(jwt);
        let root = super::container();
        let _handle = leptos::mount::mount_to(root.clone(), move || {
            provide_context(state);
            view! { <VerifyDelivery /> }
        });
        wait_for(&root, "#wc-verify-summary").await;
        let bad = texts(&root, ".check.bad").join("\n");
        assert!(bad.contains("No key with this kid (rotated-away)"), "{bad}");
        assert!(bad.contains("Expired at "), "{bad}");
        assert!(
            bad.contains("(2023-11-14 22:13:20 UTC)"),
            "UTC beside the local time: {bad}"
        );
    }

    /// Verifies `jwt` in a freshly mounted verifier; the texts of the failed checks.
    async fn verify_bad(state: AppState, jwt: String) -> String {
        state.verify_input.set(jwt);
        let root = super::container();
        let _handle = leptos::mount::mount_to(root.clone(), move || {
            provide_context(state);
            view! { <VerifyDelivery /> }
        });
        wait_for(&root, "#wc-verify-summary").await;
        texts(&root, ".check.bad").join("\n")
    }

    const JWKS_URL: &str = "GET http://127.0.0.1:9/organizations/webhooks/verification-jwks";

    /// A key pair whose public key is named `kid`.
    async fn key_named(kid: &str) -> (web_sys::CryptoKey, Jwk) {
        let (private, mut jwk) = key_pair().await;
        jwk.kid = kid.into();
        (private, jwk)
    }

    #[wasm_bindgen_test]
    async fn a_key_rotated_after_the_keys_were_cached_verifies_after_one_refetch() {
        let (_, old) = key_pair().await;
        let (private, new) = key_named("rotated-in").await;
        let jwks = serde_json::to_string(&Jwks {
            keys: vec![old.clone(), new],
        })
        .unwrap();
        let stub = super::unconfirmed::Stub::install(move |_, url| {
            url.ends_with("/verification-jwks")
                .then(|| (200, jwks.clone()))
        });
        let header = r#"{"alg":"ES256","typ":"JWT","kid":"rotated-in"}"#;
        let jwt = sign(&private, header, &claims("w1", now() + 300)).await;
        let state = state_with_key(old);
        let bad = verify_bad(state, jwt).await;
        assert!(bad.is_empty(), "failed checks: {bad}");
        assert_eq!(stub.calls.borrow().as_slice(), [JWKS_URL]);
        assert_eq!(state.jwks.get_untracked().unwrap().keys.len(), 2);
    }

    #[wasm_bindgen_test]
    async fn a_second_unknown_kid_within_the_window_does_not_refetch() {
        let (_, old) = key_pair().await;
        let jwks = serde_json::to_string(&Jwks {
            keys: vec![old.clone()],
        })
        .unwrap();
        let stub = super::unconfirmed::Stub::install(move |_, url| {
            url.ends_with("/verification-jwks")
                .then(|| (200, jwks.clone()))
        });
        let (private, _) = key_pair().await;
        let state = state_with_key(old);
        let first = sign(
            &private,
            r#"{"alg":"ES256","kid":"unknown-1"}"#,
            &claims("w1", now() + 300),
        )
        .await;
        let bad = verify_bad(state, first).await;
        assert!(bad.contains("No key with this kid (unknown-1)"), "{bad}");
        assert_eq!(stub.calls.borrow().as_slice(), [JWKS_URL], "one refetch");

        let second = sign(
            &private,
            r#"{"alg":"ES256","kid":"unknown-2"}"#,
            &claims("w1", now() + 300),
        )
        .await;
        let bad = verify_bad(state, second).await;
        assert!(bad.contains(&t::keys_recent("unknown-2")), "{bad}");
        assert!(
            bad.contains("fetched again less than a minute ago"),
            "{bad}"
        );
        assert_eq!(
            stub.calls.borrow().len(),
            1,
            "no second refetch within {} s: {:?}",
            webhook_rules::slashid::delivery::JWKS_REFETCH_SECS,
            stub.calls.borrow()
        );

        // Once the window has passed, an unknown kid is worth a request again.
        let window = webhook_rules::slashid::delivery::JWKS_REFETCH_SECS;
        state.jwks_fetched_at.set_value(Some(now() - window));
        let third = sign(
            &private,
            r#"{"alg":"ES256","kid":"unknown-3"}"#,
            &claims("w1", now() + 300),
        )
        .await;
        verify_bad(state, third).await;
        assert_eq!(stub.calls.borrow().len(), 2, "{:?}", stub.calls.borrow());
    }

    #[wasm_bindgen_test]
    async fn iat_and_nbf_in_the_future_are_refused_with_their_reasons() {
        let (private, jwk) = key_pair().await;
        let header = format!(r#"{{"alg":"ES256","typ":"JWT","kid":"{KID}"}}"#);
        let leeway = webhook_rules::slashid::delivery::CLOCK_LEEWAY_SECS;

        // iat 10 minutes ahead (exp 5 minutes after it, as SlashID's).
        let jwt = sign(&private, &header, &claims("w1", now() + 900)).await;
        let bad = verify_bad(state_with_key(jwk.clone()), jwt).await;
        assert!(
            bad.contains("Issued in the future: its issue time (iat) is "),
            "{bad}"
        );
        assert!(
            bad.contains(&format!(
                "more than {leeway} seconds ahead (the clock leeway)"
            )),
            "{bad}"
        );
        assert!(!bad.contains("Not valid yet"), "{bad}");

        let nbf = now() + 600;
        let with_nbf =
            claims("w1", now() + 300).replace(r#""jti""#, &format!(r#""nbf":{nbf},"jti""#));
        let jwt = sign(&private, &header, &with_nbf).await;
        let bad = verify_bad(state_with_key(jwk.clone()), jwt).await;
        assert!(
            bad.contains("Not valid yet: its start of validity (nbf) is "),
            "{bad}"
        );
        assert!(!bad.contains("Issued in the future"), "{bad}");

        // Within the leeway, both are the clocks disagreeing: accepted.
        let near = now() + leeway / 2;
        let slightly =
            claims("w1", near + 300).replace(r#""jti""#, &format!(r#""nbf":{near},"jti""#));
        let jwt = sign(&private, &header, &slightly).await;
        let bad = verify_bad(state_with_key(jwk), jwt).await;
        assert!(bad.is_empty(), "{bad}");
    }

    #[wasm_bindgen_test]
    async fn a_wrong_issuer_is_refused() {
        let (private, jwk) = key_pair().await;
        let header = format!(r#"{{"alg":"ES256","typ":"JWT","kid":"{KID}"}}"#);
        let forged = claims("w1", now() + 300)
            .replace("https://api.slashid.com", "https://evil.example.com");
        let jwt = sign(&private, &header, &forged).await;
        let state = state_with_key(jwk);
        state.verify_input.set(jwt);
        let root = super::container();
        let _handle = leptos::mount::mount_to(root.clone(), move || {
            provide_context(state);
            view! { <VerifyDelivery /> }
        });
        let summary = wait_for(&root, "#wc-verify-summary").await;
        assert!(summary.class_list().contains("error"), "refused as a whole");
        let bad = texts(&root, ".check.bad").join("\n");
        assert!(
            bad.contains(
                "The issuer (iss) is “https://evil.example.com”, not SlashID (https://api.slashid.com)"
            ),
            "{bad}"
        );
        // The signature itself is good: the issuer alone refuses it.
        let ok = texts(&root, ".check.ok").join("\n");
        assert!(ok.contains(&t::signature_valid(KID)), "{ok}");
        assert!(!ok.contains("The issuer (iss)"), "{ok}");
    }

    #[wasm_bindgen_test]
    async fn garbage_gets_a_specific_message() {
        let state = AppState::new();
        let root = super::container();
        let _handle = leptos::mount::mount_to(root.clone(), move || {
            provide_context(state);
            view! { <VerifyDelivery /> }
        });
        let cases = [
            ("hello world", ParseError::NotThreeParts { parts: 1 }),
            (
                // {"alg":"none"} . {} . (empty)
                "eyJhbGciOiJub25lIn0.e30.",
                ParseError::AlgNotEs256 {
                    alg: Some("none".into()),
                },
            ),
        ];
        for (text, expected) in cases {
            let input = root.query_selector("#wc-verify-input").unwrap().unwrap();
            input
                .unchecked_ref::<web_sys::HtmlTextAreaElement>()
                .set_value(text);
            super::console_fire(&input, "input");
            leptos::task::tick().await;
            super::console_fire(&root.query_selector("form").unwrap().unwrap(), "submit");
            let err = wait_for(&root, "#wc-verify-error").await;
            assert_eq!(
                err.text_content().unwrap().trim(),
                t::parse_error(&expected)
            );
        }
    }
}

/// Dispatches a bubbling event (shared by the modules above).
fn console_fire(target: &leptos::web_sys::Element, kind: &str) {
    let init = leptos::web_sys::EventInit::new();
    init.set_bubbles(true);
    let ev = leptos::web_sys::Event::new_with_event_init_dict(kind, &init).unwrap();
    target.dispatch_event(&ev).unwrap();
}

// ---------------------------------------------------------------------------------------
// Recorded deliveries: the page's `fetch` answered by a stub (sandbox or real API).
// ---------------------------------------------------------------------------------------

mod deliveries {
    use super::settle;
    use js_sys::{Function, Promise, Reflect};
    use leptos::prelude::*;
    use leptos::wasm_bindgen::closure::Closure;
    use leptos::wasm_bindgen::{JsCast, JsValue};
    use leptos::web_sys::{self, Element, HtmlElement};
    use wasm_bindgen_test::wasm_bindgen_test;
    use webhook_console::providers::slashid::client::Connection;
    use webhook_console::providers::slashid::state::{AppState, View};
    use webhook_console::providers::slashid::views::recorded_deliveries::RecordedDeliveries;

    /// Replaces `window.fetch` until dropped: every request gets `status` and `body`, and
    /// its URL is recorded.
    struct FetchStub {
        original: JsValue,
        _closure: Closure<dyn FnMut(JsValue) -> Promise>,
        urls: std::rc::Rc<std::cell::RefCell<Vec<String>>>,
    }

    impl FetchStub {
        fn install(status: u16, body: &'static str) -> Self {
            Self::install_with(status, body, false)
        }

        /// `sandbox`: every answer carries the sandbox's mark.
        fn install_with(status: u16, body: &'static str, sandbox: bool) -> Self {
            let window = web_sys::window().unwrap();
            let original = Reflect::get(&window, &"fetch".into()).unwrap();
            let urls = std::rc::Rc::new(std::cell::RefCell::new(Vec::new()));
            let seen = urls.clone();
            let closure = Closure::<dyn FnMut(JsValue) -> Promise>::new(move |req: JsValue| {
                let url = req
                    .dyn_ref::<web_sys::Request>()
                    .map(|r| r.url())
                    .unwrap_or_default();
                seen.borrow_mut().push(url);
                let init = web_sys::ResponseInit::new();
                init.set_status(status);
                let response =
                    web_sys::Response::new_with_opt_str_and_init(Some(body), &init).unwrap();
                if sandbox {
                    response.headers().set("X-Webhook-Sandbox", "1").unwrap();
                }
                Promise::resolve(&JsValue::from(response))
            });
            let f: &Function = closure.as_ref().unchecked_ref();
            Reflect::set(&window, &"fetch".into(), f).unwrap();
            Self {
                original,
                _closure: closure,
                urls,
            }
        }
    }

    impl Drop for FetchStub {
        fn drop(&mut self) {
            let window = web_sys::window().unwrap();
            Reflect::set(&window, &"fetch".into(), &self.original).unwrap();
        }
    }

    /// Connected to an API already seen to be the sandbox.
    fn connected() -> AppState {
        let state = connected_unknown();
        state.sandbox.set(true);
        state
    }

    /// Connected to an API not yet seen to be the sandbox.
    fn connected_unknown() -> AppState {
        let state = AppState::new();
        state.connection.set(Some(Connection {
            base_url: "https://sandbox.invalid".into(),
            org_id: "org-1".into(),
            api_key: "k".into(),
        }));
        state
    }

    #[wasm_bindgen_test]
    async fn a_real_api_is_never_asked_for_deliveries() {
        // The list's answer carries no sandbox mark.
        let stub = FetchStub::install(200, r#"{"result":[]}"#);
        let state = connected_unknown();
        state.reload_webhooks();
        let root = super::container();
        let _handle = leptos::mount::mount_to(root.clone(), move || {
            provide_context(state);
            view! {
                <RecordedDeliveries webhook_id="w1".to_owned() />
                <RecordedDeliveries />
            }
        });
        settle().await;
        assert_eq!(
            stub.urls.borrow().as_slice(),
            ["https://sandbox.invalid/organizations/webhooks"],
            "no request to /sandbox/deliveries"
        );
        assert!(!state.sandbox.get_untracked());
        assert_eq!(root.text_content().unwrap().trim(), "");
    }

    #[wasm_bindgen_test]
    async fn the_sandbox_mark_on_the_list_turns_deliveries_on() {
        let stub = FetchStub::install_with(200, r#"{"result":[]}"#, true);
        let state = connected_unknown();
        let root = super::container();
        let _handle = leptos::mount::mount_to(root.clone(), move || {
            provide_context(state);
            view! { <RecordedDeliveries webhook_id="w1".to_owned() /> }
        });
        settle().await;
        assert!(stub.urls.borrow().is_empty(), "nothing asked before");
        state.reload_webhooks();
        settle().await;
        assert!(state.sandbox.get_untracked());
        assert_eq!(
            stub.urls.borrow().as_slice(),
            [
                "https://sandbox.invalid/organizations/webhooks",
                "https://sandbox.invalid/sandbox/deliveries?webhook_id=w1"
            ]
        );
        assert!(
            root.text_content()
                .unwrap()
                .contains(webhook_console::providers::slashid::words::NO_DELIVERIES)
        );
    }

    #[wasm_bindgen_test]
    async fn lists_a_webhooks_deliveries_and_opens_one_in_the_verifier() {
        let stub = FetchStub::install(
            200,
            r#"{"result":[
                {"id":"d2","webhook_id":"w1","target_url":"https://h.example.com/","trigger_name":"PersonDeleted_v1","created_at":"2025-01-02T03:04:06.5Z","jwt":"jwt-newest"},
                {"id":"d1","webhook_id":"w1","target_url":"https://h.example.com/","trigger_name":"PersonCreated_v1","created_at":"2025-01-02T03:04:05Z","jwt":"jwt-older"}
            ]}"#,
        );
        let state = connected();
        let root = super::container();
        let _handle = leptos::mount::mount_to(root.clone(), move || {
            provide_context(state);
            view! { <RecordedDeliveries webhook_id="w 1".to_owned() /> }
        });
        settle().await;
        assert_eq!(
            stub.urls.borrow().as_slice(),
            ["https://sandbox.invalid/sandbox/deliveries?webhook_id=w%201"]
        );
        let rows: Vec<Element> = {
            let l = root.query_selector_all("tbody tr").unwrap();
            (0..l.length())
                .filter_map(|i| l.item(i))
                .map(|n| n.unchecked_into())
                .collect()
        };
        assert_eq!(rows.len(), 2);
        let first = rows[0].text_content().unwrap();
        assert!(first.contains("PersonDeleted_v1"), "newest first: {first}");
        // The admin's time zone (the test browser's), with UTC in the title.
        let time = rows[0].query_selector("time").unwrap().expect("a <time>");
        assert_eq!(
            time.get_attribute("title").as_deref(),
            Some("2025-01-02 03:04:06 UTC")
        );
        assert_eq!(
            time.get_attribute("datetime").as_deref(),
            Some("2025-01-02T03:04:06.5Z")
        );
        let local = js_sys::Date::new(&"2025-01-02T03:04:06.5Z".into());
        let shown = time.text_content().unwrap();
        assert!(
            shown.starts_with(&format!("{} Jan 2025, ", local.get_date()))
                && shown.contains(&format!(":{:02}:06", local.get_minutes())),
            "{shown}"
        );
        assert!(!shown.contains("02T03") && !shown.contains(".5"), "{shown}");
        let verify: HtmlElement = rows[1]
            .query_selector("button")
            .unwrap()
            .unwrap()
            .unchecked_into();
        verify.click();
        assert_eq!(state.view.get_untracked(), View::Verify);
        assert_eq!(state.verify_input.get_untracked(), "jwt-older");
    }

    #[wasm_bindgen_test]
    async fn a_real_api_hides_the_section() {
        let stub = FetchStub::install(
            404,
            r#"{"errors":[{"httpcode":404,"message":"not found"}]}"#,
        );
        let state = connected();
        let root = super::container();
        let _handle = leptos::mount::mount_to(root.clone(), move || {
            provide_context(state);
            view! { <RecordedDeliveries webhook_id="w1".to_owned() /> }
        });
        settle().await;
        assert_eq!(stub.urls.borrow().len(), 1);
        assert_eq!(
            root.text_content().unwrap().trim(),
            "",
            "nothing shown for a real API"
        );
        assert!(root.query_selector("section").unwrap().is_none());
        assert!(state.auth_error.get_untracked().is_none());
        assert!(state.notice.get_untracked().is_none());
    }
}

// ---------------------------------------------------------------------------------------
// Trigger counts in the list: the visible rows only, four requests at most at once.
// ---------------------------------------------------------------------------------------

mod counts {
    use super::sleep_ms;
    use std::cell::{Cell, RefCell};
    use std::rc::Rc;

    use js_sys::{Array, Function, Promise, Reflect};
    use leptos::prelude::*;
    use leptos::wasm_bindgen::closure::Closure;
    use leptos::wasm_bindgen::{JsCast, JsValue};
    use leptos::web_sys;
    use wasm_bindgen_test::wasm_bindgen_test;
    use webhook_console::providers::slashid::client::Connection;
    use webhook_console::providers::slashid::state::AppState;
    use webhook_console::providers::slashid::views::trigger_counts::MAX_IN_FLIGHT;
    use webhook_console::providers::slashid::views::webhook_list::{
        LIST_READY_MARK, PAGE, WebhookList,
    };
    use webhook_rules::slashid::wire::Webhook;

    /// `fetch` answering every request with two triggers after 20 ms, recording the URLs
    /// and the most requests open at once.
    struct SlowTriggers {
        original: JsValue,
        _closure: Closure<dyn FnMut(JsValue) -> Promise>,
        urls: Rc<RefCell<Vec<String>>>,
        max_open: Rc<Cell<usize>>,
    }

    impl SlowTriggers {
        fn install() -> Self {
            let window = web_sys::window().unwrap();
            let original = Reflect::get(&window, &"fetch".into()).unwrap();
            let urls = Rc::new(RefCell::new(Vec::new()));
            let open = Rc::new(Cell::new(0usize));
            let max_open = Rc::new(Cell::new(0usize));
            let (seen, max) = (urls.clone(), max_open.clone());
            let closure = Closure::<dyn FnMut(JsValue) -> Promise>::new(move |req: JsValue| {
                let url = req.unchecked_ref::<web_sys::Request>().url();
                seen.borrow_mut().push(url);
                open.set(open.get() + 1);
                max.set(max.get().max(open.get()));
                let open = open.clone();
                Promise::new(&mut |resolve, _| {
                    let open = open.clone();
                    let done = Closure::once_into_js(move || {
                        open.set(open.get() - 1);
                        let init = web_sys::ResponseInit::new();
                        init.set_status(200);
                        let body = r#"{"result":[{"trigger_type":"event","trigger_name":"PersonCreated_v1"},{"trigger_type":"event","trigger_name":"PersonDeleted_v1"}]}"#;
                        let response =
                            web_sys::Response::new_with_opt_str_and_init(Some(body), &init)
                                .unwrap();
                        resolve.call1(&JsValue::NULL, &response).unwrap();
                    });
                    web_sys::window()
                        .unwrap()
                        .set_timeout_with_callback_and_timeout_and_arguments_0(
                            done.unchecked_ref(),
                            20,
                        )
                        .unwrap();
                })
            });
            let f: &Function = closure.as_ref().unchecked_ref();
            Reflect::set(&window, &"fetch".into(), f).unwrap();
            Self {
                original,
                _closure: closure,
                urls,
                max_open,
            }
        }
    }

    impl Drop for SlowTriggers {
        fn drop(&mut self) {
            let window = web_sys::window().unwrap();
            Reflect::set(&window, &"fetch".into(), &self.original).unwrap();
        }
    }

    fn count_cells(root: &web_sys::Element) -> Vec<String> {
        let l = root.query_selector_all("tbody td.num").unwrap();
        (0..l.length())
            .filter_map(|i| l.item(i))
            .map(|n| n.text_content().unwrap_or_default())
            .collect()
    }

    fn marks() -> u32 {
        let performance = web_sys::window().unwrap().performance().unwrap();
        let get: Function = Reflect::get(&performance, &"getEntriesByName".into())
            .unwrap()
            .unchecked_into();
        get.call1(&performance, &LIST_READY_MARK.into())
            .unwrap()
            .unchecked_into::<Array>()
            .length()
    }

    #[wasm_bindgen_test]
    async fn counts_the_visible_rows_only_four_at_a_time_and_again_after_a_change() {
        let stub = SlowTriggers::install();
        let state = AppState::new();
        state.connection.set(Some(Connection {
            base_url: "https://api.invalid".into(),
            org_id: "org-1".into(),
            api_key: "k".into(),
        }));
        let many: Vec<Webhook> = (0..PAGE + 50)
            .map(|i| Webhook {
                id: format!("w{i:03}"),
                name: format!("hook {i:03}"),
                target_url: format!("https://h{i}.example.com/"),
                timeout: "0s".into(),
                ..Default::default()
            })
            .collect();
        state.webhooks.set(Some(many));
        let root = super::container();
        let _handle = leptos::mount::mount_to(root.clone(), move || {
            provide_context(state);
            view! { <WebhookList /> }
        });
        leptos::task::tick().await;
        assert!(
            root.query_selector(".count-loading").unwrap().is_some(),
            "a placeholder while counting"
        );
        for _ in 0..500 {
            if count_cells(&root).iter().all(|c| c.trim() == "2") {
                break;
            }
            sleep_ms(20).await;
        }
        let cells = count_cells(&root);
        assert_eq!(cells.len(), PAGE);
        assert!(cells.iter().all(|c| c.trim() == "2"), "{cells:?}");
        {
            let urls = stub.urls.borrow();
            assert_eq!(
                urls.len(),
                PAGE,
                "one request per visible row, none for the others"
            );
            assert!(urls.iter().all(|u| u.ends_with("/triggers")));
            assert!(!urls.iter().any(|u| u.contains(&format!("w{:03}", PAGE))));
        }
        assert!(
            stub.max_open.get() <= MAX_IN_FLIGHT,
            "{} at once",
            stub.max_open.get()
        );
        assert!(stub.max_open.get() > 1, "requests run in parallel");
        assert_eq!(marks(), 1, "performance mark set once");

        // Triggers of one webhook changed: only it is counted again.
        state.invalidate_trigger_count("w000");
        for _ in 0..100 {
            if stub.urls.borrow().len() > PAGE && count_cells(&root)[0].trim() == "2" {
                break;
            }
            sleep_ms(20).await;
        }
        assert_eq!(stub.urls.borrow().len(), PAGE + 1);
        assert!(stub.urls.borrow()[PAGE].contains("/w000/triggers"));
        assert_eq!(count_cells(&root)[0].trim(), "2");
    }
}

// ---------------------------------------------------------------------------------------
// Long messages (Go's errors quote the whole input): three lines, a toggle, never wider
// than the form. The console's stylesheet is loaded, since the clamp is CSS.
// ---------------------------------------------------------------------------------------

mod long_messages {
    use super::find;
    use js_sys::Promise;
    use leptos::prelude::*;
    use leptos::wasm_bindgen::JsCast;
    use leptos::web_sys::{self, Element, HtmlElement, HtmlInputElement};
    use wasm_bindgen_test::wasm_bindgen_test;
    use webhook_console::providers::slashid::state::AppState;
    use webhook_console::providers::slashid::words as t;
    use webhook_console::ui::confirm_dialog::ConfirmDialog;
    use webhook_rules::slashid::target_url;

    /// A `.wc-app` box 600 px wide with the console's CSS, for layout measurements.
    fn styled_container() -> HtmlElement {
        let doc = document();
        if doc.get_element_by_id("wc-test-css").is_none() {
            let style = doc.create_element("style").unwrap();
            style.set_id("wc-test-css");
            style.set_text_content(Some(include_str!("../style/main.css")));
            doc.head().unwrap().append_child(&style).unwrap();
        }
        let root = super::container();
        root.set_class_name("wc-app");
        root.set_attribute("style", "width: 600px").unwrap();
        root
    }

    async fn frame() {
        leptos::task::tick().await;
        let p = Promise::new(&mut |resolve, _| {
            web_sys::window()
                .unwrap()
                .request_animation_frame(&resolve)
                .unwrap();
        });
        wasm_bindgen_futures::JsFuture::from(p).await.unwrap();
    }

    /// `el` is no wider than `outer` and overflows neither itself nor `outer` sideways.
    fn within(el: &HtmlElement, outer: &HtmlElement, what: &str) {
        assert!(
            el.offset_width() <= outer.client_width(),
            "{what}: {} px wide in {} px",
            el.offset_width(),
            outer.client_width()
        );
        assert!(
            el.scroll_width() <= el.client_width(),
            "{what}: the text overflows sideways ({} > {})",
            el.scroll_width(),
            el.client_width()
        );
        assert!(
            outer.scroll_width() <= outer.client_width(),
            "{what}: the box scrolls sideways ({} > {})",
            outer.scroll_width(),
            outer.client_width()
        );
    }

    /// The message is clamped to about three lines, the toggle reveals all of it and
    /// hides it again; the layout never gets wider.
    async fn clamps_and_toggles(
        root: &Element,
        err: &HtmlElement,
        outer: &HtmlElement,
        full: &str,
    ) {
        assert_eq!(err.text_content().unwrap().trim(), full.trim());
        assert!(err.class_list().contains("clamped"), "{}", err.class_name());
        assert!(
            err.client_height() > 0 && err.client_height() < 80,
            "clamped to a few lines: {} px",
            err.client_height()
        );
        assert!(
            err.scroll_height() > 20 * err.client_height(),
            "there is more"
        );
        within(err, outer, "clamped");

        let toggle = find(root, "button.show-all");
        assert_eq!(
            toggle.get_attribute("aria-expanded").as_deref(),
            Some("false")
        );
        assert_eq!(toggle.get_attribute("aria-controls"), Some(err.id()));
        assert_eq!(toggle.text_content().unwrap().trim(), t::SHOW_ALL);
        toggle.click();
        frame().await;
        assert_eq!(
            toggle.get_attribute("aria-expanded").as_deref(),
            Some("true")
        );
        assert_eq!(toggle.text_content().unwrap().trim(), t::SHOW_LESS);
        assert!(!err.class_list().contains("clamped"));
        assert!(
            err.client_height() > 20 * 80,
            "shown whole: {} px",
            err.client_height()
        );
        within(err, outer, "expanded");

        toggle.click();
        frame().await;
        assert_eq!(
            toggle.get_attribute("aria-expanded").as_deref(),
            Some("false")
        );
        assert!(err.class_list().contains("clamped"));
    }

    #[wasm_bindgen_test]
    async fn an_8k_character_rules_message_is_clamped_with_a_toggle() {
        let root = styled_container();
        let _handle = super::mount_create_form(&root, AppState::new());
        // The longest URL the rules judge (longer ones are refused by length alone).
        let long_url = format!(
            "https://exa mple.com/{}",
            "a".repeat(target_url::MAX_BYTES - 21)
        );
        assert_eq!(long_url.len(), target_url::MAX_BYTES);
        let expected =
            webhook_console::text::sentence(&target_url::check(&long_url).unwrap_err().message());
        assert!(expected.len() > 8_000, "the rules quote the input");
        let url: HtmlInputElement = find(&root, "#wc-target_url").unchecked_into();
        url.set_value(&long_url);
        super::console_fire(&url, "input");
        super::console_fire(&url, "blur");
        frame().await;
        let err = find(&root, "#wc-target_url-err");
        let form = find(&root, "form");
        clamps_and_toggles(&root, &err, &form, &expected).await;
        assert!(
            url.get_attribute("aria-describedby")
                .unwrap_or_default()
                .contains("wc-target_url-err")
        );
        // A short message has no toggle.
        url.set_value("http://example.com/");
        super::console_fire(&url, "input");
        frame().await;
        assert!(
            !find(&root, "#wc-target_url-err")
                .class_list()
                .contains("clamped")
        );
        assert!(root.query_selector("button.show-all").unwrap().is_none());
    }

    #[wasm_bindgen_test]
    async fn a_100k_character_server_message_in_a_dialog_is_clamped() {
        let root = styled_container();
        let message = format!(
            "SlashID had a problem (HTTP 500): parse \"https://{}\": invalid port",
            "b".repeat(100_000)
        );
        let shown = message.clone();
        let open = RwSignal::new(true);
        let _handle = leptos::mount::mount_to(root.clone(), move || {
            let error = Signal::derive({
                let shown = shown.clone();
                move || Some(shown.clone())
            });
            view! {
                <ConfirmDialog
                    open=open
                    title=Signal::derive(|| "Delete?".to_owned())
                    body=Signal::derive(|| "Really.".to_owned())
                    confirm_label="Delete"
                    on_confirm=|()| {}
                    error=error
                />
            }
        });
        frame().await;
        let dialog = find(&root, "dialog");
        let err = find(&root, "dialog .field-error");
        assert_eq!(err.get_attribute("role").as_deref(), Some("alert"));
        clamps_and_toggles(&root, &err, &dialog, &message).await;
        open.set(false);
    }
}

// ---------------------------------------------------------------------------------------
// Changes without a (readable) answer: like a 408, they may have been applied.
// ---------------------------------------------------------------------------------------

mod unconfirmed {
    use super::find;
    use super::settle;
    use std::cell::RefCell;
    use std::rc::Rc;

    use js_sys::{Function, Promise, Reflect};
    use leptos::prelude::*;
    use leptos::wasm_bindgen::closure::Closure;
    use leptos::wasm_bindgen::{JsCast, JsValue};
    use leptos::web_sys::{self, Element, HtmlInputElement};
    use wasm_bindgen_test::wasm_bindgen_test;
    use webhook_console::providers::slashid::client::Connection;
    use webhook_console::providers::slashid::state::{AppState, View};
    use webhook_console::providers::slashid::words as t;

    type Answer = Rc<dyn Fn(&str, &str) -> Option<(u16, String)>>;

    /// `fetch` answered by `answer(method, url)`: `None` rejects like a dropped
    /// connection. Every call is recorded as `METHOD url`. (The verifier's and the hostile
    /// answers' tests use it too.)
    pub(crate) struct Stub {
        original: JsValue,
        _closure: Closure<dyn FnMut(JsValue) -> Promise>,
        pub(crate) calls: Rc<RefCell<Vec<String>>>,
        /// Every request as sent, for its body.
        pub(crate) requests: Rc<RefCell<Vec<web_sys::Request>>>,
        answer: Rc<RefCell<Answer>>,
    }

    impl Stub {
        pub(crate) fn install(
            answer: impl Fn(&str, &str) -> Option<(u16, String)> + 'static,
        ) -> Self {
            let window = web_sys::window().unwrap();
            let original = Reflect::get(&window, &"fetch".into()).unwrap();
            let calls = Rc::new(RefCell::new(Vec::new()));
            let requests = Rc::new(RefCell::new(Vec::new()));
            let kept = requests.clone();
            let answer: Rc<RefCell<Answer>> = Rc::new(RefCell::new(Rc::new(answer)));
            let (seen, how) = (calls.clone(), answer.clone());
            let closure = Closure::<dyn FnMut(JsValue) -> Promise>::new(move |req: JsValue| {
                let req = req.unchecked_into::<web_sys::Request>();
                let (method, url) = (req.method(), req.url());
                seen.borrow_mut().push(format!("{method} {url}"));
                // Request.clone(): a copy whose body the test can read.
                kept.borrow_mut().push(req.clone().unwrap());
                let f = how.borrow().clone();
                match f(&method, &url) {
                    Some((status, body)) => {
                        let init = web_sys::ResponseInit::new();
                        init.set_status(status);
                        let response =
                            web_sys::Response::new_with_opt_str_and_init(Some(&body), &init)
                                .unwrap();
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
                calls,
                requests,
                answer,
            }
        }

        pub(crate) fn answer(
            &self,
            answer: impl Fn(&str, &str) -> Option<(u16, String)> + 'static,
        ) {
            *self.answer.borrow_mut() = Rc::new(answer);
        }
    }

    impl Drop for Stub {
        fn drop(&mut self) {
            let window = web_sys::window().unwrap();
            Reflect::set(&window, &"fetch".into(), &self.original).unwrap();
        }
    }

    pub(super) fn connected() -> AppState {
        let state = AppState::new();
        state.connection.set(Some(Connection {
            base_url: "https://api.invalid".into(),
            org_id: "org-1".into(),
            api_key: "k".into(),
        }));
        state.webhooks.set(Some(Vec::new()));
        state.view.set(View::Create);
        state
    }

    fn type_into(root: &Element, selector: &str, text: &str) {
        let el: HtmlInputElement = find(root, selector).unchecked_into();
        el.set_value(text);
        super::console_fire(&el, "input");
    }

    fn value(root: &Element, selector: &str) -> String {
        find(root, selector)
            .unchecked_into::<HtmlInputElement>()
            .value()
    }

    const URL: &str = "https://billing.example.com/hooks";

    /// Fills the create form, submits it and confirms its review.
    async fn fill_and_send(root: &Element) {
        type_into(root, "#wc-name", "Billing");
        type_into(root, "#wc-target_url", URL);
        super::console_fire(&find(root, "form"), "submit");
        super::dom::confirm_create(root).await;
    }

    #[wasm_bindgen_test]
    async fn a_create_with_no_answer_may_have_been_applied_and_refresh_tells() {
        let stub = Stub::install(|_, _| None);
        let state = connected();
        let root = super::container();
        let _handle = super::mount_create_form(&root, state);
        fill_and_send(&root).await;
        settle().await;
        assert_eq!(
            stub.calls.borrow().as_slice(),
            ["POST https://api.invalid/organizations/webhooks"]
        );
        let notice = find(&root, "#wc-form-error").text_content().unwrap();
        assert!(
            notice.contains("No answer came back from SlashID"),
            "{notice}"
        );
        assert!(
            notice.contains("may or may not have been applied"),
            "{notice}"
        );
        assert!(
            notice.contains("Refresh before sending it again"),
            "{notice}"
        );
        assert!(notice.contains(t::TYPED_KEPT), "{notice}");
        assert!(!notice.contains(t::NOTHING_LOST), "{notice}");
        assert_eq!(value(&root, "#wc-name"), "Billing");
        assert_eq!(value(&root, "#wc-target_url"), URL);

        // The server had applied it: refreshing (in place, the form kept) shows the
        // webhook's URL as taken, so it is not created twice.
        stub.answer(|method, url| {
            assert_eq!(method, "GET");
            assert!(url.ends_with("/organizations/webhooks"), "{url}");
            Some((
                200,
                format!(
                    r#"{{"result":[{{"id":"w1","name":"Billing","target_url":"{URL}","timeout":"0s"}}]}}"#
                ),
            ))
        });
        find(&root, "#wc-form-error button").click();
        settle().await;
        assert_eq!(stub.calls.borrow().len(), 2, "{:?}", stub.calls.borrow());
        assert_eq!(
            state.view.get_untracked(),
            View::Create,
            "still on the form"
        );
        assert_eq!(value(&root, "#wc-name"), "Billing");
        let err = find(&root, "#wc-target_url-err").text_content().unwrap();
        let rules = webhook_console::text::sentence(
            &webhook_rules::slashid::conflicts::duplicate_target_url().message,
        );
        assert!(
            err.contains(rules.trim_end_matches('.')) && err.contains("Billing"),
            "{err}"
        );
    }

    #[wasm_bindgen_test]
    async fn a_malformed_answer_to_a_change_is_a_sentence_not_the_parser_text() {
        let _stub = Stub::install(|_, _| Some((200, r#"{"result":{"id":"truncat"#.to_owned())));
        let state = connected();
        let root = super::container();
        let _handle = super::mount_create_form(&root, state);
        fill_and_send(&root).await;
        settle().await;
        let notice = find(&root, "#wc-form-error").text_content().unwrap();
        assert!(
            notice.contains("The server's answer could not be read"),
            "{notice}"
        );
        assert!(
            notice.contains("may or may not have been applied"),
            "{notice}"
        );
        assert!(
            !notice.contains("EOF") && !notice.contains("line 1"),
            "{notice}"
        );
        assert!(notice.contains(t::TYPED_KEPT), "{notice}");
        assert!(
            find(&root, "#wc-form-error")
                .query_selector("button")
                .unwrap()
                .is_some()
        );
    }

    #[wasm_bindgen_test]
    async fn an_answer_from_the_previous_connection_never_lands_in_the_new_one() {
        let state = connected();
        let other = Connection {
            base_url: "https://api.invalid".into(),
            org_id: "org-2".into(),
            api_key: "k2".into(),
        };
        // The admin changes connection while the create is on its way; its answer (a
        // created webhook) comes back afterwards.
        let _stub = Stub::install(move |method, _| {
            if method == "POST" {
                state.connect(other.clone());
                Some((
                    201,
                    r#"{"result":{"id":"w-old","name":"hook","target_url":"https://example.com/hook","timeout":"0s"}}"#
                        .to_owned(),
                ))
            } else {
                Some((200, r#"{"result":[]}"#.to_owned()))
            }
        });
        let root = super::container();
        let _handle = super::mount_create_form(&root, state);
        fill_and_send(&root).await;
        settle().await;
        let connection = state.connection.get_untracked().unwrap();
        assert_eq!(connection.org_id, "org-2");
        assert_eq!(
            state.view.get_untracked(),
            View::List,
            "no jump to the old webhook"
        );
        assert_eq!(
            state.notice.get_untracked(),
            None,
            "no 'created' from the old one"
        );
        assert_eq!(state.webhooks.get_untracked(), Some(Vec::new()));
    }

    #[wasm_bindgen_test]
    async fn an_answer_over_the_limit_is_refused_with_a_sentence() {
        let huge = format!(
            r#"{{"result":[{{"id":"w","name":"{}","target_url":"https://example.com"}}]}}"#,
            "x".repeat(webhook_console::http::MAX_ANSWER_BYTES)
        );
        let _stub = Stub::install(move |_, _| Some((200, huge.clone())));
        // A mount starts Leptos' executor, which the list's request runs on.
        let _handle = leptos::mount::mount_to(super::container(), || ());
        let state = connected();
        state.reload_webhooks();
        settle().await;
        let e = state.list_error.get_untracked().expect("the list failed");
        assert_eq!(e, webhook_console::error::ApiError::TooLarge);
        assert_eq!(
            t::error_text(&e),
            "SlashID's answer was too large to read (over 8 MiB)."
        );
        assert_eq!(state.webhooks.get_untracked(), Some(Vec::new()));
    }

    #[wasm_bindgen_test]
    async fn a_refused_change_and_a_failed_read_keep_the_plain_messages() {
        let stub = Stub::install(|_, _| {
            Some((
                500,
                r#"{"errors":[{"httpcode":500,"message":"boom"}]}"#.to_owned(),
            ))
        });
        let state = connected();
        let root = super::container();
        let _handle = super::mount_create_form(&root, state);
        fill_and_send(&root).await;
        settle().await;
        let notice = find(&root, "#wc-form-error").text_content().unwrap();
        assert!(
            notice.contains("SlashID had a problem (HTTP 500): “boom”."),
            "{notice}"
        );
        assert!(notice.contains(t::NOTHING_LOST), "{notice}");
        assert!(!notice.contains("may or may not"), "{notice}");

        // A read without an answer is simply retried: nothing was changed.
        stub.answer(|_, _| None);
        state.reload_webhooks();
        settle().await;
        let e = state.list_error.get_untracked().expect("the list failed");
        assert!(!e.may_have_applied());
        assert!(
            t::error_text(&e).starts_with("SlashID could not be reached"),
            "{}",
            t::error_text(&e)
        );
        stub.answer(|_, _| Some((200, r#"{"result":[{"id":"#.to_owned())));
        state.reload_webhooks();
        settle().await;
        let e = state.list_error.get_untracked().expect("the list failed");
        assert_eq!(
            t::error_text(&e),
            "The server's answer could not be read. Try again in a moment."
        );
    }
}

// ---------------------------------------------------------------------------------------
// Busy: the pending flag of changes in flight.
// ---------------------------------------------------------------------------------------

mod busy {
    use std::cell::RefCell;
    use std::rc::Rc;

    use js_sys::{Function, Promise};
    use leptos::prelude::*;
    use wasm_bindgen_futures::JsFuture;
    use wasm_bindgen_test::wasm_bindgen_test;
    use webhook_console::ui::busy::Busy;

    use super::sleep_ms;

    type Opener = Rc<RefCell<Option<Function>>>;

    /// A promise and what resolves it: work that ends when the test says so.
    fn gate() -> (JsFuture, Opener) {
        let resolve = Rc::new(RefCell::new(None));
        let slot = resolve.clone();
        let promise = Promise::new(&mut |res, _| *slot.borrow_mut() = Some(res));
        (JsFuture::from(promise), resolve)
    }

    fn open(opener: &Opener) {
        let resolve = opener.borrow_mut().take().expect("a gate opens once");
        resolve.call0(&leptos::wasm_bindgen::JsValue::NULL).unwrap();
    }

    #[wasm_bindgen_test]
    async fn runs_one_change_at_a_time() {
        // Mounting sets up the browser task executor that `spawn_local` needs.
        let _mounted = leptos::mount::mount_to(super::container(), || ());
        let owner = Owner::new();
        owner.set();
        let busy = Busy::new();
        let pending = busy.pending();
        assert!(!pending.get_untracked());

        let (first, open_first) = gate();
        let second_ran = Rc::new(RefCell::new(false));
        busy.run(async move {
            let _ = first.await;
        });
        let ran = second_ran.clone();
        busy.run(async move {
            *ran.borrow_mut() = true;
        });
        sleep_ms(10).await;
        assert!(pending.get_untracked(), "the first run is under way");
        assert!(
            !*second_ran.borrow(),
            "a second run started while the first was in flight"
        );

        open(&open_first);
        sleep_ms(10).await;
        assert!(!pending.get_untracked(), "the run has ended");

        let third_ran = Rc::new(RefCell::new(false));
        let ran = third_ran.clone();
        busy.run(async move {
            *ran.borrow_mut() = true;
        });
        sleep_ms(10).await;
        assert!(
            *third_ran.borrow(),
            "a run after the first has ended starts"
        );
        assert!(!pending.get_untracked());
    }
}

// ---------------------------------------------------------------------------------------
// No lost updates: a review before every save, and a change made meanwhile detected.
// ---------------------------------------------------------------------------------------

mod lost_updates {
    use super::unconfirmed::{Stub, connected};
    use super::{console_fire, find, settle};

    use leptos::prelude::*;
    use leptos::wasm_bindgen::JsCast;
    use leptos::web_sys::{Element, HtmlElement, HtmlInputElement};
    use serde_json::{Value, json};
    use wasm_bindgen_test::wasm_bindgen_test;
    use webhook_console::providers::slashid::state::View;
    use webhook_console::providers::slashid::views::webhook_form::{FormMode, WebhookForm};
    use webhook_console::providers::slashid::words as t;
    use webhook_rules::slashid::wire::Webhook;

    const KEEP: &str = "keep-secret-value-1111";
    const OLD: &str = "old-secret-value-2222";
    const ROTATED: &str = "rotated-secret-value-3333";
    const NEW: &str = "new-secret-value-4444";

    fn original() -> Webhook {
        serde_json::from_value(json!({
            "id": "w1", "name": "Billing", "target_url": "https://hooks.example.com/a",
            "description": "", "timeout": "5s",
            "custom_headers": { "X-Keep": [KEEP], "X-Key": [OLD] },
        }))
        .unwrap()
    }

    fn answer(w: &Webhook) -> String {
        json!({ "result": w }).to_string()
    }

    fn mount(
        state: webhook_console::providers::slashid::state::AppState,
    ) -> (HtmlElement, impl Sized) {
        let root = super::container();
        let handle = leptos::mount::mount_to(root.clone(), move || {
            provide_context(state);
            view! { <WebhookForm mode=FormMode::Edit(original()) /> }
        });
        (root, handle)
    }

    fn type_into(root: &Element, selector: &str, text: &str) {
        let el: HtmlInputElement = find(root, selector).unchecked_into();
        el.set_value(text);
        console_fire(&el, "input");
    }

    use super::dom::{assert_review_open, button, review_rows};

    fn focused_id() -> String {
        document()
            .active_element()
            .map(|e| e.id())
            .unwrap_or_default()
    }

    async fn add_header(root: &Element, name: &str, value: &str) {
        find(root, "#wc-headers-add").click();
        settle().await;
        type_into(root, "li.header-row:last-of-type .header-name input", name);
        type_into(
            root,
            "li.header-row:last-of-type .header-value input",
            value,
        );
    }

    async fn body(stub: &Stub, index: usize) -> Value {
        let request = stub.requests.borrow()[index].clone().unwrap();
        let text = wasm_bindgen_futures::JsFuture::from(request.text().unwrap())
            .await
            .unwrap();
        serde_json::from_str(&text.as_string().unwrap()).unwrap()
    }

    /// Submits the form: its review opens, titled `title`, and nothing is sent yet.
    async fn submit_to_review(root: &Element, stub: &Stub, title: &str) {
        console_fire(&find(root, "form"), "submit");
        settle().await;
        assert!(
            stub.calls.borrow().is_empty(),
            "nothing sent before Confirm"
        );
        assert_review_open(root, title);
    }

    #[wasm_bindgen_test]
    async fn a_create_is_reviewed_first_and_sent_on_confirm_without_a_read() {
        let stub = Stub::install(|_, _| None);
        let state = connected();
        let root = super::container();
        let _handle = super::mount_create_form(&root, state);
        type_into(&root, "#wc-name", "Orders");
        type_into(&root, "#wc-target_url", "https://hooks.example.com/orders");
        add_header(&root, "X-New", NEW).await;
        submit_to_review(&root, &stub, t::REVIEW_NEW_TITLE).await;
        // Every value sent, the header's as a hint; the empty description and timeout are
        // not sent, so not listed.
        assert_eq!(
            review_rows(&root),
            [
                "Name|(none)|Orders",
                "Target URL|(none)|https://hooks.example.com/orders",
                "Header X-New|(none)|••••••4444",
            ]
        );
        assert!(!root.text_content().unwrap().contains(NEW));
        assert!(find(&root, ".review").class_list().contains("new"));

        // Back keeps everything typed; Confirm then sends the create, with no read first.
        button(&root, t::REVIEW_BACK).click();
        settle().await;
        assert_eq!(focused_id(), "wc-save");
        let name: HtmlInputElement = find(&root, "#wc-name").unchecked_into();
        assert_eq!(name.value(), "Orders");
        console_fire(&find(&root, "form"), "submit");
        settle().await;
        stub.answer(|_, _| {
            Some((
                201,
                r#"{"result":{"id":"w9","name":"Orders","target_url":"https://hooks.example.com/orders","timeout":"0s"}}"#.into(),
            ))
        });
        button(&root, t::REVIEW_CREATE).click();
        settle().await;
        assert_eq!(
            stub.calls.borrow().as_slice(),
            ["POST https://api.invalid/organizations/webhooks"]
        );
        assert_eq!(
            body(&stub, 0).await,
            json!({
                "name": "Orders",
                "target_url": "https://hooks.example.com/orders",
                "custom_headers": { "X-New": [NEW] },
            })
        );
    }

    #[wasm_bindgen_test]
    async fn a_save_shows_what_will_change_and_back_keeps_every_typed_value() {
        let stub = Stub::install(|_, _| None);
        let state = connected();
        state.view.set(View::Edit("w1".into()));
        let (root, _handle) = mount(state);
        type_into(&root, "#wc-name", "Orders");
        // X-Key removed, X-New added.
        let rows_before = root.query_selector_all("li.header-row").unwrap().length();
        assert_eq!(rows_before, 2);
        find(
            &root,
            "li.header-row:nth-of-type(2) .row-actions .danger-quiet",
        )
        .click();
        add_header(&root, "X-New", NEW).await;
        submit_to_review(&root, &stub, t::REVIEW_TITLE).await;
        assert_eq!(
            review_rows(&root),
            [
                "Name|Billing|Orders",
                "Header X-New|(none)|••••••4444",
                "Header X-Key|••••••2222|(none)",
            ]
        );
        let text = root.text_content().unwrap();
        for secret in [KEEP, OLD, NEW] {
            assert!(!text.contains(secret), "{secret} shown");
        }
        assert!(find(&root, ".form-fields").has_attribute("hidden"));

        // Back: the form again, everything typed still there, focus on Save.
        button(&root, t::REVIEW_BACK).click();
        settle().await;
        assert!(root.query_selector(".review").unwrap().is_none());
        assert!(!find(&root, ".form-fields").has_attribute("hidden"));
        assert_eq!(focused_id(), "wc-save");
        let name: HtmlInputElement = find(&root, "#wc-name").unchecked_into();
        assert_eq!(name.value(), "Orders");
        let new: HtmlInputElement =
            find(&root, "li.header-row:last-of-type .header-value input").unchecked_into();
        assert_eq!(new.value(), NEW);
        assert!(stub.calls.borrow().is_empty());

        // Confirm: the stored webhook is read, unchanged, then the PATCH goes.
        console_fire(&find(&root, "form"), "submit");
        settle().await;
        stub.answer(|method, _| {
            let (stored, mut saved) = (original(), original());
            saved.name = "Orders".into();
            Some((200, answer(if method == "GET" { &stored } else { &saved })))
        });
        button(&root, t::REVIEW_CONFIRM).click();
        settle().await;
        assert_eq!(
            stub.calls.borrow().as_slice(),
            [
                "GET https://api.invalid/organizations/webhooks/w1",
                "PATCH https://api.invalid/organizations/webhooks/w1"
            ]
        );
        assert_eq!(
            body(&stub, 1).await,
            json!({ "name": "Orders", "custom_headers": { "X-Keep": [KEEP], "X-New": [NEW] } })
        );
    }

    #[wasm_bindgen_test]
    async fn a_change_made_meanwhile_is_shown_and_reload_keeps_the_other_edits() {
        // Another admin rotated X-Key and set a description since the form opened.
        let mut theirs = original();
        theirs
            .custom_headers
            .insert("X-Key".into(), vec![ROTATED.into()]);
        theirs.description = "Set by someone else".into();
        let stored = answer(&theirs);
        let stub = Stub::install(move |_, _| Some((200, stored.clone())));
        let state = connected();
        let (root, _handle) = mount(state);
        type_into(&root, "#wc-name", "Orders");
        type_into(&root, "#wc-description", "Mine");
        add_header(&root, "X-New", NEW).await;
        console_fire(&find(&root, "form"), "submit");
        settle().await;
        button(&root, t::REVIEW_CONFIRM).click();
        settle().await;

        assert_eq!(
            stub.calls.borrow().as_slice(),
            ["GET https://api.invalid/organizations/webhooks/w1"],
            "no PATCH over someone else's change"
        );
        assert_review_open(&root, t::CONFLICT_TITLE);
        assert_eq!(
            review_rows(&root),
            [
                "Description|(empty)|Set by someone else",
                "Header X-Key|••••••2222|••••••3333",
            ]
        );
        let text = root.text_content().unwrap();
        for secret in [KEEP, OLD, ROTATED, NEW] {
            assert!(!text.contains(secret), "{secret} shown");
        }
        assert!(text.contains(t::CONFLICT_INTRO));

        // Reload: their description and header, my name and new header.
        button(&root, t::CONFLICT_RELOAD).click();
        settle().await;
        assert_eq!(focused_id(), "wc-save");
        let value = |sel: &str| {
            find(&root, sel)
                .unchecked_into::<HtmlInputElement>()
                .value()
        };
        assert_eq!(value("#wc-name"), "Orders");
        let description = find(&root, "#wc-description")
            .unchecked_into::<leptos::web_sys::HtmlTextAreaElement>()
            .value();
        assert_eq!(description, "Set by someone else");

        console_fire(&find(&root, "form"), "submit");
        settle().await;
        assert_eq!(
            review_rows(&root),
            ["Name|Billing|Orders", "Header X-New|(none)|••••••4444"],
            "the review is against the stored version now"
        );
        button(&root, t::REVIEW_CONFIRM).click();
        settle().await;
        assert_eq!(stub.calls.borrow().len(), 3, "{:?}", stub.calls.borrow());
        assert_eq!(
            body(&stub, 2).await,
            json!({
                "name": "Orders",
                "custom_headers": { "X-Keep": [KEEP], "X-Key": [ROTATED], "X-New": [NEW] },
            }),
            "the rotated value is not restored"
        );
    }

    #[wasm_bindgen_test]
    async fn overwrite_is_a_second_deliberate_choice() {
        let mut theirs = original();
        theirs.name = "Renamed by someone else".into();
        let stored = answer(&theirs);
        let stub = Stub::install(move |_, _| Some((200, stored.clone())));
        let (root, _handle) = mount(connected());
        type_into(&root, "#wc-name", "Orders");
        console_fire(&find(&root, "form"), "submit");
        settle().await;
        button(&root, t::REVIEW_CONFIRM).click();
        settle().await;
        assert_eq!(review_rows(&root), ["Name|Billing|Renamed by someone else"]);
        assert_eq!(stub.calls.borrow().len(), 1);
        button(&root, t::CONFLICT_OVERWRITE).click();
        settle().await;
        assert_eq!(
            stub.calls.borrow().last().unwrap(),
            "PATCH https://api.invalid/organizations/webhooks/w1"
        );
        assert_eq!(body(&stub, 1).await, json!({ "name": "Orders" }));
    }
}

// ---------------------------------------------------------------------------------------
// Hostile and odd answers: the console says so and goes on (no panic, which would abort
// the wasm module every console of the page shares).
// ---------------------------------------------------------------------------------------

mod hostile {
    use super::settle;
    use super::unconfirmed::Stub;
    use leptos::prelude::*;
    use leptos::wasm_bindgen::JsCast;
    use leptos::web_sys::{Element, HtmlElement};
    use wasm_bindgen_test::wasm_bindgen_test;
    use webhook_console::providers::slashid::app::Console;
    use webhook_console::providers::slashid::client::Connection;
    use webhook_console::providers::slashid::state::{AppState, View};
    use webhook_console::providers::slashid::words as t;

    const UNREADABLE: &str = "The server's answer could not be read. Try again in a moment.";

    fn connected(view: View) -> AppState {
        let state = AppState::new();
        state.connection.set(Some(Connection {
            base_url: "https://api.invalid".into(),
            org_id: "org-1".into(),
            api_key: "k".into(),
        }));
        state.view.set(view);
        state
    }

    fn mount(root: &HtmlElement, state: AppState) -> impl Sized + use<> {
        leptos::mount::mount_to(root.clone(), move || {
            provide_context(state);
            view! { <Console /> }
        })
    }

    fn hook(id: &str, name: &str) -> String {
        format!(
            r#"{{"id":"{id}","name":"{name}","target_url":"https://{id}.example.com/in","timeout":"0s"}}"#
        )
    }

    fn names(root: &Element) -> Vec<String> {
        let list = root.query_selector_all("table.webhooks td.name").unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .map(|n| n.text_content().unwrap_or_default().trim().to_owned())
            .collect()
    }

    /// The list answered `body`: the list's error, and the page's text.
    async fn list_answered(body: &'static str) -> (Option<String>, String) {
        let _stub = Stub::install(move |_, _| Some((200, body.to_owned())));
        let state = connected(View::List);
        let root = super::container();
        let _handle = mount(&root, state);
        state.reload_webhooks();
        settle().await;
        (
            state.list_error.get_untracked().map(|e| t::error_text(&e)),
            root.text_content().unwrap_or_default(),
        )
    }

    #[wasm_bindgen_test]
    async fn a_null_list_is_said_not_fatal() {
        for body in [r#"{"result":null}"#, "null", r#"{"result":[null]}"#] {
            let (error, text) = list_answered(body).await;
            assert_eq!(error.as_deref(), Some(UNREADABLE), "{body}");
            assert!(text.contains(UNREADABLE), "{body}: {text}");
            assert!(text.contains(t::LIST_FAILED), "{body}: {text}");
        }
    }

    #[wasm_bindgen_test]
    async fn a_list_of_the_wrong_type_is_said_not_fatal() {
        for body in [
            r#"{"result":{"id":"w1"}}"#,
            r#"{"result":"webhooks"}"#,
            r#"{"result":[{"id":1,"name":"a","target_url":"https://a.example.com"}]}"#,
            r#"{"result":[{"id":"w1","name":["a"],"target_url":"https://a.example.com"}]}"#,
            r#"{"result":[{"id":"w1","name":"a","target_url":"https://a.example.com","custom_headers":{"X":"not a list"}}]}"#,
            r#"[1,2,3]"#,
            r#"<html><body>Gateway</body></html>"#,
        ] {
            let (error, text) = list_answered(body).await;
            assert_eq!(error.as_deref(), Some(UNREADABLE), "{body}");
            assert!(text.contains(UNREADABLE), "{body}: {text}");
        }
        // The module still runs: a good answer after all that is listed.
        let (error, text) = list_answered(r#"{"result":[{"id":"w1","name":"Fine","target_url":"https://a.example.com","timeout":"0s"}]}"#).await;
        assert_eq!(error, None);
        assert!(text.contains("Fine"), "{text}");
    }

    #[wasm_bindgen_test]
    async fn a_null_webhook_and_null_triggers_are_said_not_fatal() {
        let _stub = Stub::install(|_, _| Some((200, r#"{"result":null}"#.to_owned())));
        let state = connected(View::Detail("w1".into()));
        let root = super::container();
        let _handle = mount(&root, state);
        settle().await;
        let text = root.text_content().unwrap_or_default();
        assert!(text.contains(UNREADABLE), "{text}");
    }

    #[wasm_bindgen_test]
    async fn duplicate_ids_show_every_row_once_and_go_when_gone() {
        let both = format!(
            r#"{{"result":[{},{},{}]}}"#,
            hook("w1", "Alpha"),
            hook("w1", "Alpha"),
            hook("w2", "Beta")
        );
        let stub = Stub::install(move |_, _| Some((200, both.clone())));
        let state = connected(View::List);
        let root = super::container();
        let _handle = mount(&root, state);
        state.reload_webhooks();
        settle().await;
        assert_eq!(names(&root), ["Alpha", "Alpha", "Beta"], "as listed");

        // Searching narrows the same list in place (the keyed list's own diff).
        let search = |text: &str| {
            let el: leptos::web_sys::HtmlInputElement =
                super::find(&root, "#wc-search").unchecked_into();
            el.set_value(text);
            super::console_fire(&el, "input");
        };
        search("w2.example");
        settle().await;
        assert_eq!(names(&root), ["Beta"], "only the match");
        search("w1.example");
        settle().await;
        assert_eq!(names(&root), ["Alpha", "Alpha"], "both copies");
        search("");
        settle().await;
        assert_eq!(names(&root), ["Alpha", "Alpha", "Beta"], "all again");

        // The repeat is gone: so is its row (a keyed list that assumed distinct keys would
        // keep it).
        let once = format!(
            r#"{{"result":[{},{}]}}"#,
            hook("w1", "Alpha"),
            hook("w2", "Beta")
        );
        stub.answer(move |_, _| Some((200, once.clone())));
        state.reload_webhooks();
        settle().await;
        assert_eq!(names(&root), ["Alpha", "Beta"]);

        // And back, with a third copy: every row, none twice.
        let thrice = format!(
            r#"{{"result":[{},{},{},{}]}}"#,
            hook("w2", "Beta"),
            hook("w1", "Alpha"),
            hook("w1", "Alpha"),
            hook("w1", "Alpha")
        );
        stub.answer(move |_, _| Some((200, thrice.clone())));
        state.reload_webhooks();
        settle().await;
        assert_eq!(names(&root), ["Alpha", "Alpha", "Alpha", "Beta"]);
        let empty = r#"{"result":[]}"#;
        stub.answer(move |_, _| Some((200, empty.to_owned())));
        state.reload_webhooks();
        settle().await;
        assert_eq!(names(&root), Vec::<String>::new());
    }

    const HTML: &str = r#"<img class=pwned src=x onerror=alert(1)><b class=pwned>bold</b>"#;

    #[wasm_bindgen_test]
    async fn html_in_every_text_field_is_text() {
        let json_html = HTML.replace('"', "\\\"");
        let webhook = format!(
            r#"{{"id":"w1{json_html}","name":"n{json_html}","description":"d{json_html}","target_url":"https://a.example.com/{json_html}","timeout":"1s{json_html}","custom_headers":{{"X-H{json_html}":["v{json_html}"]}}}}"#
        );
        let list = format!(r#"{{"result":[{webhook}]}}"#);
        let one = format!(r#"{{"result":{webhook}}}"#);
        let triggers =
            format!(r#"{{"result":[{{"trigger_type":"event","trigger_name":"T{json_html}"}}]}}"#);
        let _stub = Stub::install(move |_, url| {
            Some((
                200,
                if url.ends_with("/triggers") {
                    triggers.clone()
                } else if url.ends_with("/organizations/webhooks") {
                    list.clone()
                } else {
                    one.clone()
                },
            ))
        });
        let state = connected(View::List);
        let root = super::container();
        let _handle = mount(&root, state);
        state.reload_webhooks();
        settle().await;
        let text = root.text_content().unwrap_or_default();
        assert!(text.contains(&format!("n{HTML}")), "{text}");
        assert!(
            text.contains(&format!("https://a.example.com/{HTML}")),
            "{text}"
        );
        assert!(
            root.query_selector(".pwned").unwrap().is_none(),
            "markup made"
        );

        state.go(View::Detail(format!("w1{HTML}")));
        settle().await;
        let text = root.text_content().unwrap_or_default();
        for shown in ["n", "d", "T"] {
            assert!(text.contains(&format!("{shown}{HTML}")), "{shown}: {text}");
        }
        assert!(
            root.query_selector(".pwned").unwrap().is_none(),
            "markup made"
        );
    }
}
