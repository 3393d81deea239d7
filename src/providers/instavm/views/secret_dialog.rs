//! The one place a signing secret is shown: a modal dialog, right after create or
//! rotate, that cannot be dismissed by accident. No Escape (the key and the dialog's
//! `cancel` are refused, and a dialog closed anyway is opened again), no backdrop click
//! (a native modal has none), no close button: only "I have stored it", behind a
//! checkbox.
//!
//! The secret lives in the slot's signal while the dialog is open, and nowhere else: not
//! in the app's state, a notice, a host event, storage, the URL or a log. Closing clears
//! the slot, which removes the dialog's content (and the secret with it) from the DOM.

use leptos::html;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::providers::instavm::client::Secret;
use crate::providers::instavm::words as t;
use crate::ui::heading::h;
use crate::ui::reveal_button::RevealButton;
use crate::ui::show_if::show_if;

/// What the dialog shows while open.
#[derive(Clone, Debug)]
pub struct Shown {
    pub secret: Secret,
    /// The endpoint's URL, so the admin knows which receiver needs it.
    pub endpoint_url: String,
    /// Rotated (the receivers' old secret no longer works) rather than created.
    pub rotated: bool,
    /// Where focus goes when the dialog closes (the opener may be gone: a create moves
    /// to the new endpoint).
    pub return_focus: &'static str,
}

/// The dialog's slot, a context of the console: a view opens the dialog by filling it.
#[derive(Clone, Copy)]
pub struct SecretSlot(RwSignal<Option<Shown>>);

impl Default for SecretSlot {
    fn default() -> Self {
        Self::new()
    }
}

impl SecretSlot {
    pub fn new() -> Self {
        SecretSlot(RwSignal::new(None))
    }

    /// Shows `shown`'s secret. Safe from a task that outlived its view.
    pub fn open(self, shown: Shown) {
        self.0.try_set(Some(shown));
    }

    pub fn is_open(self) -> bool {
        self.0.with(Option::is_some)
    }

    fn close(self) {
        self.0.set(None);
    }
}

const SECRET_INPUT: &str = "wc-secret-value";

#[component]
pub fn SecretDialog(
    /// Not `slot`: Leptos reads that attribute name as a slot marker.
    holder: SecretSlot,
) -> impl IntoView {
    let slot = holder;
    let dialog = NodeRef::<html::Dialog>::new();
    let stored = RwSignal::new(false);
    let revealed = RwSignal::new(false);
    let copied = RwSignal::new(None::<String>);
    let mount = use_context::<crate::host::MountId>().map(|m| m.0);

    Effect::new(move |_| {
        let Some(el) = dialog.get() else { return };
        if slot.is_open() {
            if !el.open() {
                stored.set(false);
                revealed.set(false);
                copied.set(None);
                let _ = el.show_modal();
                crate::browser::dom::focus_id_soon(SECRET_INPUT.into());
            }
        } else if el.open() {
            el.close();
        }
    });

    // Only the button closes it; any other way (Escape twice in Chrome, a browser's own
    // close request) opens it again, as long as the secret was not acknowledged.
    let reopen = move |_: web_sys::Event| {
        if slot.0.try_with_untracked(Option::is_some) == Some(true)
            && let Some(el) = dialog.get_untracked()
            && !el.open()
        {
            let _ = el.show_modal();
        }
    };
    let refuse_escape = move |ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" {
            ev.prevent_default();
        }
    };

    let done = move |_| {
        let back = slot
            .0
            .with_untracked(|s| s.as_ref().map(|s| s.return_focus));
        revealed.set(false);
        copied.set(None);
        slot.close();
        if let Some(id) = back {
            crate::browser::dom::focus_id_soon(id.to_owned());
        }
    };

    let copy = move |_| {
        let Some(text) = slot
            .0
            .with_untracked(|s| s.as_ref().map(|s| s.secret.reveal().to_owned()))
        else {
            return;
        };
        crate::host::task::spawn(mount, async move {
            let ok = crate::browser::dom::copy_text(&text).await;
            let said = if ok { t::SECRET_COPIED } else { t::COPY_FAILED };
            copied.try_set(Some(said.to_owned()));
        });
    };

    let body = move || {
        let (url, rotated) = slot
            .0
            .with(|s| s.as_ref().map(|s| (s.endpoint_url.clone(), s.rotated)))
            .unwrap_or_default();
        let secret = move || {
            slot.0
                .with(|s| s.as_ref().map(|s| s.secret.reveal().to_owned()))
                .unwrap_or_default()
        };
        view! {
            {h(0, "wc-secret-title", false, "", (if rotated { t::SECRET_ROTATED_TITLE } else { t::SECRET_CREATED_TITLE }).into_any())}
            <p id="wc-secret-body">{t::secret_once(&url, rotated)}</p>
            <div class="field">
                <label for=SECRET_INPUT>{t::SIGNING_SECRET}</label>
                <div class="input-with-button">
                    <input
                        id=SECRET_INPUT
                        class="secret-value"
                        type="text"
                        class:masked=move || !revealed.get()
                        readonly
                        autocomplete="off"
                        data-1p-ignore=""
                        data-lpignore="true"
                        data-bwignore=""
                        data-form-type="other"
                        spellcheck="false"
                        aria-describedby="wc-secret-copy-hint"
                        prop:value=secret
                    />
                    <RevealButton revealed=revealed controls=SECRET_INPUT show=t::SHOW_SECRET hide=t::HIDE_SECRET />
                    <button type="button" class="btn secondary small" on:click=copy>
                        {t::COPY_SECRET}
                    </button>
                </div>
                <p class="hint" id="wc-secret-copy-hint">{t::SECRET_COPY_HINT}</p>
                <p class="hint" role="status">
                    {move || copied.get()}
                </p>
            </div>
            <label class="checkbox">
                <input
                    type="checkbox"
                    id="wc-secret-stored"
                    prop:checked=move || stored.get()
                    on:change=move |ev| {
                        let checked = ev
                            .target()
                            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                            .is_some_and(|i| i.checked());
                        stored.set(checked);
                    }
                />
                {t::SECRET_STORED_CHECK}
            </label>
            <div class="form-actions">
                <button
                    type="button"
                    class="btn primary"
                    id="wc-secret-done"
                    disabled=move || !stored.get()
                    on:click=done
                >
                    {t::SECRET_DONE}
                </button>
            </div>
        }
    };

    view! {
        <dialog
            node_ref=dialog
            class="confirm secret-dialog"
            aria-labelledby="wc-secret-title"
            aria-describedby="wc-secret-body"
            on:cancel=move |ev: web_sys::Event| ev.prevent_default()
            on:keydown=refuse_escape
            on:close=reopen
        >
            {show_if(move || slot.is_open(), body)}
        </dialog>
    }
}
