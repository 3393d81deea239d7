//! A modal confirmation on the native `<dialog>`: focus moves into it on open (to the
//! safe choice, Cancel), Escape closes it, and focus goes back to the opener on close.

use leptos::html;
use leptos::prelude::*;

use crate::text as t;
use crate::ui::heading::h;
use crate::ui::long_text::LongText;
use crate::ui::show_if::show_if;

#[component]
pub fn ConfirmDialog(
    open: RwSignal<bool>,
    #[prop(into)] title: Signal<String>,
    #[prop(into)] body: Signal<String>,
    confirm_label: &'static str,
    #[prop(into)] on_confirm: Callback<()>,
    #[prop(into, optional)] pending: Signal<bool>,
    /// Shown inside the dialog when the confirmed action failed.
    #[prop(into, optional)]
    error: Signal<Option<String>>,
    /// Where focus goes on close when the opener is gone (e.g. the removed item's button).
    #[prop(optional)]
    fallback_focus: Option<&'static str>,
) -> impl IntoView {
    let dialog = NodeRef::<html::Dialog>::new();
    let opener = StoredValue::new_local(None::<web_sys::HtmlElement>);
    let id = format!("wc-dialog-{}", next_id());
    let title_id = format!("{id}-title");
    let body_id = format!("{id}-body");
    let cancel_id = format!("{id}-cancel");

    {
        let cancel_id = cancel_id.clone();
        Effect::new(move |_| {
            let Some(el) = dialog.get() else { return };
            if open.get() {
                if !el.open() {
                    opener.set_value(crate::browser::dom::active_element());
                    let _ = el.show_modal();
                    crate::browser::dom::focus_id(&cancel_id);
                }
            } else if el.open() {
                el.close();
                match opener.get_value() {
                    Some(o) if o.is_connected() => {
                        // A tick later: the opener is disabled while the confirmed change
                        // finishes, and a disabled button does not take focus.
                        leptos::task::spawn_local(async move {
                            leptos::task::tick().await;
                            let _ = o.focus();
                        });
                    }
                    _ => {
                        if let Some(id) = fallback_focus {
                            crate::browser::dom::focus_id_soon(id.to_owned());
                        }
                    }
                }
            }
        });
    }

    view! {
        <dialog
            node_ref=dialog
            class="confirm"
            aria-labelledby=title_id.clone()
            aria-describedby=body_id.clone()
            on:close=move |_| open.set(false)
        >
            {h(0, &title_id, false, "", (move || title.get()).into_any())}
            <p id=body_id.clone()>{move || body.get()}</p>
            {show_if(move || error.with(Option::is_some), move || view! {
                <LongText
                    text=Signal::derive(move || error.get().unwrap_or_default())
                    class="field-error"
                    role="alert"
                />
            })}
            <div class="form-actions">
                <button
                    type="button"
                    class="btn danger"
                    disabled=move || pending.get()
                    on:click=move |_| on_confirm.run(())
                >
                    {move || if pending.get() { t::WORKING } else { confirm_label }}
                </button>
                <button type="button" class="btn secondary" id=cancel_id on:click=move |_| open.set(false)>
                    {t::CANCEL}
                </button>
            </div>
        </dialog>
    }
}

fn next_id() -> u32 {
    use std::sync::atomic::{AtomicU32, Ordering};
    static NEXT: AtomicU32 = AtomicU32::new(1);
    NEXT.fetch_add(1, Ordering::Relaxed)
}
