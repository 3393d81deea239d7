//! The shell every provider's console is drawn in: the header (name, navigation, who is
//! connected, "Change connection"), the status and alert areas for notices, and the
//! "check your credentials" state. It names no API: a provider hands it its navigation
//! and its current view as data and closures.

use leptos::prelude::*;

use crate::text as t;
use crate::ui::heading::{h, heading, level};
use crate::ui::long_text::LongText;
use crate::ui::show_if::show_if;

pub const VERSION: &str = env!("CARGO_PKG_VERSION");

/// A message shown at the top of the current view (`role="status"` or `role="alert"`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notice {
    pub kind: NoticeKind,
    pub text: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoticeKind {
    Success,
    Info,
    Error,
}

/// The console's navigation: its entries, which one the current view belongs to
/// (`aria-current="page"`), and where each goes. One signal and one callback for all
/// entries, not one per entry.
#[derive(Clone, Copy)]
pub struct Nav {
    pub labels: &'static [&'static str],
    /// The index in `labels` of the current view's entry.
    pub current: Signal<usize>,
    pub go: Callback<usize>,
}

/// Who the console is connected as, shown in the header: `Organization <code>id</code>`.
pub struct Who {
    pub label: &'static str,
    pub value: Signal<String>,
    pub disconnect: Callback<()>,
}

/// The frame around a provider's console. `body` is the current view (or the "check your
/// credentials" state), rebuilt by the provider as it changes.
pub fn frame(
    connected: Signal<bool>,
    nav: Nav,
    who: Who,
    notice: RwSignal<Option<Notice>>,
    body: impl Fn() -> AnyView + Send + Sync + 'static,
) -> AnyView {
    let Who {
        label,
        value,
        disconnect,
    } = who;
    // `chrome: "none"`: the host's page names the console; its brand and version go.
    let brand = use_context::<crate::host::Outline>()
        .unwrap_or_default()
        .chrome
        .then(|| {
            view! {
                <div class="brand">
                    {heading(level(-1), -1, None, false, "brand-name", t::APP_NAME.into_any())}
                    <span class="version">{concat!("v", env!("CARGO_PKG_VERSION"))}</span>
                </div>
            }
            .into_any()
        });
    view! {
        <div class="wc-app">
            <header class="app-header">
                {brand}
                {show_if(move || connected.get(), move || view! {
                    <nav aria-label=t::NAV_LABEL>
                        <ul class="nav">
                            {(0..nav.labels.len()).map(|i| nav_item(nav, i)).collect::<Vec<_>>()}
                        </ul>
                    </nav>
                    <div class="connection">
                        <span class="muted small-text">
                            {label}
                            " "
                            <code>{move || value.get()}</code>
                        </span>
                        <button
                            type="button"
                            class="btn secondary small"
                            on:click=move |_| disconnect.run(())
                        >
                            {t::CHANGE_CONNECTION}
                        </button>
                    </div>
                })}
            </header>
            <main class="app-main">
                <div class="status-area" role="status" aria-live="polite">
                    {move || {
                        notice
                            .get()
                            .filter(|n| n.kind != NoticeKind::Error)
                            .map(|n| {
                                let class = if n.kind == NoticeKind::Success {
                                    "notice success"
                                } else {
                                    "notice info"
                                };
                                notice_box(class, n.text, notice)
                            })
                    }}
                </div>
                <div class="alert-area" role="alert">
                    {move || {
                        notice
                            .get()
                            .filter(|n| n.kind == NoticeKind::Error)
                            .map(|n| notice_box("notice error", n.text, notice))
                    }}
                </div>
                {body}
            </main>
        </div>
    }
    .into_any()
}

fn nav_item(nav: Nav, i: usize) -> AnyView {
    let Nav {
        labels,
        current,
        go,
    } = nav;
    view! {
        <li>
            <button
                type="button"
                class="nav-link"
                aria-current=move || (current.get() == i).then_some("page")
                on:click=move |_| go.run(i)
            >
                {labels[i]}
            </button>
        </li>
    }
    .into_any()
}

/// One notice with its Dismiss button; the status and the alert areas differ only in
/// their class.
fn notice_box(class: &'static str, text: String, notice: RwSignal<Option<Notice>>) -> AnyView {
    view! {
        <div class=class>
            <LongText text=text class="" />
            <button
                type="button"
                class="btn secondary small"
                on:click=move |_| notice.set(None)
            >
                {t::DISMISS}
            </button>
        </div>
    }
    .into_any()
}

/// 401/403: the credentials are wrong; the way back is the connect form.
pub fn auth_problem(
    title: &'static str,
    body: &'static str,
    error: String,
    back: Callback<()>,
) -> AnyView {
    view! {
        <section class="panel auth-problem" aria-labelledby="wc-view-title">
            {h(0, "wc-view-title", true, "", (title).into_any())}
            <p>{body}</p>
            <p class="muted small-text">{error}</p>
            <button type="button" class="btn primary" on:click=move |_| back.run(())>
                {t::BACK_TO_CONNECTION}
            </button>
        </section>
    }
    .into_any()
}
