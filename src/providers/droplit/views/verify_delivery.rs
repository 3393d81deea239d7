//! Verifying a delivery: the admin pastes its `x-droplit-signature`, its body and the
//! webhook's secret; the console computes the HMAC-SHA256 of the body with the secret by
//! the browser's WebCrypto and says exactly what failed (a missing header, malformed hex,
//! a wrong signature). Nothing pasted leaves the page or outlives the view: the three
//! values are this view's own signals, gone when the admin navigates away.

use leptos::prelude::*;

use crate::browser::webcrypto::{self, CryptoError};
use crate::providers::droplit::signature::{InputProblem, check_inputs, same_digest};
use crate::providers::droplit::state::AppState;
use crate::providers::droplit::views::secret_input::SecretInput;
use crate::providers::droplit::words as t;
use crate::ui::heading::h;
use crate::ui::text_field::TextField;

/// What became of a check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Not checked: what is missing or malformed.
    Inputs(Vec<InputProblem>),
    Valid,
    Wrong,
    Crypto(CryptoError),
}

/// Checks a pasted delivery (header value, body, secret).
pub async fn verify(header: &str, body: &str, secret: &str) -> Outcome {
    let expected = match check_inputs(header, body, secret) {
        Ok(expected) => expected,
        Err(problems) => return Outcome::Inputs(problems),
    };
    match webcrypto::hmac_sha256_hex(secret, body.as_bytes()).await {
        Ok(mac) if same_digest(&mac, &expected) => Outcome::Valid,
        Ok(_) => Outcome::Wrong,
        Err(e) => Outcome::Crypto(e),
    }
}

#[component]
pub fn VerifyDelivery() -> impl IntoView {
    let state = expect_context::<AppState>();
    // A recorded delivery's "Verify" hands over its header and body, once.
    let given = state.to_verify.get_untracked().unwrap_or_default();
    state.to_verify.set(None);
    let header = RwSignal::new(given.signature);
    let body = RwSignal::new(given.body);
    let secret = RwSignal::new(String::new());
    let outcome = RwSignal::new(None::<Outcome>);
    let pending = RwSignal::new(false);
    // Only the answer to the latest check is shown.
    let generation = StoredValue::new(0u64);

    let problem_of = move |pick: fn(&InputProblem) -> bool| {
        Signal::derive(move || {
            outcome.with(|o| match o {
                Some(Outcome::Inputs(ps)) => ps.iter().find(|p| pick(p)).map(t::input_problem),
                _ => None,
            })
        })
    };
    let header_error = problem_of(|p| matches!(p, InputProblem::Header(_)));
    let body_error = problem_of(|p| matches!(p, InputProblem::NoBody));
    let secret_error = problem_of(|p| matches!(p, InputProblem::NoSecret));
    // Any change makes the last verdict stale.
    let changed = Callback::new(move |()| {
        generation.update_value(|g| *g += 1);
        pending.set(false);
        outcome.set(None);
    });

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let this = generation.get_value() + 1;
        generation.set_value(this);
        let (h, b, s) = (
            header.get_untracked(),
            body.get_untracked(),
            secret.get_untracked(),
        );
        pending.set(true);
        outcome.set(None);
        crate::host::task::spawn(state.mount, async move {
            let result = verify(&h, &b, &s).await;
            if generation.try_get_value() == Some(this) {
                pending.try_set(false);
                outcome.try_set(Some(result));
                crate::browser::dom::focus_id_soon("wc-verify-result".into());
            }
        });
    };
    let clear = move |_| {
        changed.run(());
        header.set(String::new());
        body.set(String::new());
        secret.set(String::new());
        crate::browser::dom::focus_id_soon("wc-verify-signature".into());
    };

    let result_view = move || {
        outcome.get().map(|o| match o {
            Outcome::Valid => view! {
                <div class="notice success"><p>{t::SIGNATURE_VALID}</p></div>
            }
            .into_any(),
            Outcome::Wrong => view! {
                <div class="notice error"><p>{t::SIGNATURE_WRONG}</p></div>
            }
            .into_any(),
            Outcome::Crypto(e) => view! {
                <div class="notice error"><p>{t::crypto_error(&e)}</p></div>
            }
            .into_any(),
            Outcome::Inputs(problems) => view! {
                <div class="notice error">
                    <p>{t::NOT_CHECKED}</p>
                    <ul>
                        {problems
                            .iter()
                            .map(|p| view! { <li>{t::input_problem(p)}</li> }.into_any())
                            .collect::<Vec<_>>()}
                    </ul>
                </div>
            }
            .into_any(),
        })
    };

    view! {
        <section class="panel verify" aria-labelledby="wc-view-title">
            {h(0, "wc-view-title", true, "", (t::VERIFY_TITLE).into_any())}
            <p class="muted">{t::VERIFY_INTRO}</p>
            <form on:submit=on_submit novalidate>
                <TextField
                    key="verify-signature"
                    label=t::FIELD_SIGNATURE
                    value=header
                    hint=t::SIGNATURE_HINT
                    error=header_error
                    on_blur=|()| {}
                    on_change=changed
                />
                <TextField
                    key="verify-body"
                    label=t::FIELD_BODY
                    value=body
                    multiline=true
                    hint=t::BODY_HINT
                    error=body_error
                    on_blur=|()| {}
                    on_change=changed
                />
                <SecretInput
                    id="wc-verify-secret"
                    label=t::FIELD_VERIFY_SECRET
                    value=secret
                    show=t::SHOW_SECRET
                    hide=t::HIDE_SECRET
                    hint=t::VERIFY_SECRET_HINT
                    error=secret_error
                    on_change=changed
                />
                <div class="form-actions">
                    <button type="submit" class="btn primary" disabled=move || pending.get()>
                        {move || if pending.get() { t::CHECKING } else { t::CHECK_SIGNATURE }}
                    </button>
                    <button type="button" class="btn secondary" on:click=clear>
                        {t::CLEAR}
                    </button>
                </div>
            </form>
            <div id="wc-verify-result" tabindex="-1" aria-live="polite">
                {result_view}
            </div>
        </section>
    }
}
