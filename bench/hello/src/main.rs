//! One component, one fetch: the page `cargo xtask bench` compares the console with.
//! It asks the sandbox's `/healthz`, shows the answer, and then sets the performance mark
//! `hello-ready` in the next animation frame (the console's counterpart is
//! `webhook-list-ready`, set the same way).

use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

fn main() {
    leptos::mount::mount_to_body(Hello);
}

#[component]
fn Hello() -> impl IntoView {
    let status = RwSignal::new(None::<String>);
    spawn_local(async move {
        let text = fetch_text("/healthz")
            .await
            .unwrap_or_else(|_| "unreachable".to_owned());
        status.set(Some(text));
    });
    // Effects run after the view they depend on has been updated; the mark is set in the
    // next animation frame, as the console sets `webhook-list-ready`
    // (`dom::mark_once_after_paint`), so that both times end at the same point.
    Effect::new(move || {
        if status.with(Option::is_some) {
            request_animation_frame(|| {
                if let Some(performance) = web_sys::window().and_then(|w| w.performance()) {
                    let _ = performance.mark("hello-ready");
                }
            });
        }
    });
    view! {
        <main>
            <h1>"Hello"</h1>
            <p id="status">{move || status.get().unwrap_or_else(|| "loading".to_owned())}</p>
        </main>
    }
}

async fn fetch_text(url: &str) -> Result<String, wasm_bindgen::JsValue> {
    let window = web_sys::window().ok_or("no window")?;
    let response: web_sys::Response = JsFuture::from(window.fetch_with_str(url))
        .await?
        .dyn_into()?;
    let text = JsFuture::from(response.text()?).await?;
    Ok(text.as_string().unwrap_or_default())
}
