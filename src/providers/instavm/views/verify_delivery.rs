//! Verify a delivery in the browser, as the official SDK's `instavm.webhooks.verify`
//! does, in its order: the `InstaVM-Signature` header (present, with `t` and `v1`, `t` an
//! integer within 300 seconds of now), the HMAC-SHA256 of `"<t>." + body` under the
//! secret (by WebCrypto), then the body as JSON. The checks are the rules' (`signature`);
//! the view says which one failed.
//!
//! The secret is typed into a masked input and lives in this view's own signal: never
//! stored, sent, or kept once the view is left (cleared on leaving).

use leptos::prelude::*;
use webhook_rules::instavm::paths::SIGNATURE_HEADER;
use webhook_rules::instavm::signature::{self, SignatureFailure, TOLERANCE_SECONDS};

use crate::browser::webcrypto::{self, CryptoError};
use crate::providers::instavm::state::AppState;
use crate::providers::instavm::words as t;
use crate::ui::heading::h;
use crate::ui::reveal_button::RevealButton;
use crate::ui::show_if::show_if;

/// The SDK's checks, in its order.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Step {
    Header,
    Timestamp,
    Signature,
    Body,
}

pub const STEPS: [Step; 4] = [Step::Header, Step::Timestamp, Step::Signature, Step::Body];

/// What the verifier found.
#[derive(Clone, Debug, PartialEq)]
pub enum Verdict {
    /// Every check passed; the event's type when the body names one.
    Accepted { event_type: Option<String> },
    /// A check failed: the ones before it passed, the ones after were not made.
    Rejected {
        step: Step,
        failure: SignatureFailure,
    },
    /// The browser could not compute the HMAC: the signature was not checked.
    Crypto(CryptoError),
}

/// Which check a failure belongs to.
pub fn step_of(failure: &SignatureFailure) -> Step {
    match failure {
        SignatureFailure::MissingHeader
        | SignatureFailure::MalformedHeader
        | SignatureFailure::MissingSignature
        | SignatureFailure::InvalidTimestamp(_) => Step::Header,
        SignatureFailure::StaleTimestamp { .. } => Step::Timestamp,
        SignatureFailure::InvalidSignature => Step::Signature,
        SignatureFailure::InvalidPayload(_) => Step::Body,
    }
}

/// The header's value as pasted: surrounding space trimmed, and the header's name
/// dropped when the whole line was pasted (`InstaVM-Signature: t=...`).
pub fn header_value(pasted: &str) -> Option<&str> {
    let text = pasted.trim();
    let value = match text.split_once(':') {
        Some((name, rest)) if name.trim().eq_ignore_ascii_case(SIGNATURE_HEADER) => rest.trim(),
        _ => text,
    };
    (!value.is_empty()).then_some(value)
}

/// Runs every check, as the SDK does, at `now` (Unix seconds).
pub async fn verify(header: &str, body: &str, secret: &str, now: i64) -> Verdict {
    let rejected = |failure: SignatureFailure| Verdict::Rejected {
        step: step_of(&failure),
        failure,
    };
    let signed = match signature::check_header(header_value(header), now, TOLERANCE_SECONDS) {
        Ok(signed) => signed,
        Err(f) => return rejected(f),
    };
    let payload = signature::signed_payload(signed.t, body.as_bytes());
    let expected = match webcrypto::hmac_sha256_hex(secret, &payload).await {
        Ok(hex) => hex,
        Err(e) => return Verdict::Crypto(e),
    };
    if let Err(f) = signature::check_digest(&expected, &signed.v1) {
        return rejected(f);
    }
    match signature::check_payload(body.as_bytes()) {
        // The body is JSON as Python reads it; its event type, when serde reads it too.
        Ok(()) => Verdict::Accepted {
            event_type: serde_json::from_str::<serde_json::Value>(body)
                .ok()
                .and_then(|v| v.get("event_type")?.as_str().map(str::to_owned)),
        },
        Err(f) => rejected(f),
    }
}

#[component]
pub fn VerifyDelivery() -> impl IntoView {
    let state = expect_context::<AppState>();
    let header = RwSignal::new(state.verify_header.get_untracked());
    let body = RwSignal::new(state.verify_body.get_untracked());
    state.verify_header.set(String::new());
    state.verify_body.set(String::new());
    let secret = RwSignal::new(String::new());
    let revealed = RwSignal::new(false);
    let result = RwSignal::new(None::<Verdict>);
    let pending = RwSignal::new(false);
    let missing_secret = RwSignal::new(false);
    // Only the answer to the latest run is shown.
    let generation = StoredValue::new(0u64);

    // Leaving the view forgets the secret (the signal goes with the view; this also
    // empties it first, in case anything still holds the signal).
    on_cleanup(move || {
        secret.try_set(String::new());
    });

    let run = move || {
        // inferred: a signing secret is never empty (the API makes `whsec_...` ones), and
        // WebCrypto refuses an empty HMAC key: the secret is asked for first.
        if secret.with_untracked(String::is_empty) {
            missing_secret.set(true);
            result.set(None);
            crate::browser::dom::focus_id_soon("wc-verify-secret".into());
            return;
        }
        missing_secret.set(false);
        let (h, b, s) = (
            header.get_untracked(),
            body.get_untracked(),
            secret.get_untracked(),
        );
        let this = generation.get_value() + 1;
        generation.set_value(this);
        pending.set(true);
        crate::host::task::spawn(state.mount, async move {
            let now = (js_sys::Date::now() / 1000.0).floor() as i64;
            let verdict = verify(&h, &b, &s, now).await;
            if generation.try_get_value() == Some(this) {
                pending.set(false);
                result.set(Some(verdict));
                crate::browser::dom::focus_id_soon("wc-verify-summary".into());
            }
        });
    };
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        run();
    };
    let clear = move |_| {
        generation.update_value(|g| *g += 1);
        pending.set(false);
        header.set(String::new());
        body.set(String::new());
        secret.set(String::new());
        result.set(None);
        missing_secret.set(false);
        crate::browser::dom::focus_id_soon("wc-verify-header".into());
    };
    let edited = move || result.set(None);

    let check = |ok: Option<bool>, text: String| {
        let (class, word) = match ok {
            Some(true) => ("check ok", t::CHECK_OK),
            Some(false) => ("check bad", t::CHECK_BAD),
            None => ("check skipped", t::CHECK_SKIPPED),
        };
        view! {
            <li class=class>
                <span class="visually-hidden">{word}</span>
                " "
                <span class="long-text">{text}</span>
            </li>
        }
        .into_any()
    };

    let result_view = move || {
        let verdict = result.get()?;
        let (accepted, failed_at, summary) = match &verdict {
            Verdict::Accepted { event_type } => {
                (true, None, t::verify_accepted(event_type.as_deref()))
            }
            Verdict::Rejected { step, failure } => {
                (false, Some(*step), t::verify_rejected(failure))
            }
            Verdict::Crypto(e) => (false, Some(Step::Signature), t::crypto_error(e)),
        };
        let checks: Vec<AnyView> = STEPS
            .iter()
            .map(|step| {
                let ok = match failed_at {
                    None => Some(true),
                    Some(at) if *step == at => Some(false),
                    Some(at) if (*step as u8) < (at as u8) => Some(true),
                    Some(_) => None,
                };
                let text = match (&verdict, ok) {
                    (Verdict::Rejected { failure, .. }, Some(false)) => t::failure_text(failure),
                    (Verdict::Crypto(e), Some(false)) => t::crypto_error(e),
                    _ => t::step_text(*step),
                };
                check(ok, text)
            })
            .collect();
        let class = if accepted {
            "notice success"
        } else {
            "notice error"
        };
        Some(view! {
            {h(1, "", false, "section-title", (t::VERIFY_RESULT).into_any())}
            <div class=class id="wc-verify-summary" tabindex="-1">
                <p class="long-text">{summary}</p>
            </div>
            <ul class="checks">{checks}</ul>
        })
    };

    view! {
        <section class="panel verify" aria-labelledby="wc-view-title">
            {h(0, "wc-view-title", true, "", (t::VERIFY_TITLE).into_any())}
            <p class="muted">{t::VERIFY_INTRO}</p>
            <form on:submit=on_submit novalidate>
                <div class="field">
                    <label for="wc-verify-header">{t::VERIFY_HEADER_LABEL}</label>
                    <input
                        id="wc-verify-header"
                        type="text"
                        class="token"
                        autocomplete="off"
                        spellcheck="false"
                        aria-describedby="wc-verify-header-hint"
                        prop:value=move || header.get()
                        on:input=move |ev| {
                            header.set(event_target_value(&ev));
                            edited();
                        }
                    />
                    <p class="hint" id="wc-verify-header-hint">{t::VERIFY_HEADER_HINT}</p>
                </div>
                <div class="field">
                    <label for="wc-verify-body">{t::VERIFY_BODY_LABEL}</label>
                    <textarea
                        id="wc-verify-body"
                        class="token"
                        rows="6"
                        spellcheck="false"
                        autocomplete="off"
                        aria-describedby="wc-verify-body-hint"
                        prop:value=move || body.get()
                        on:input=move |ev| {
                            body.set(event_target_value(&ev));
                            edited();
                        }
                    ></textarea>
                    <p class="hint" id="wc-verify-body-hint">{t::VERIFY_BODY_HINT}</p>
                </div>
                <div class="field">
                    <label for="wc-verify-secret">{t::VERIFY_SECRET_LABEL}</label>
                    <div class="input-with-button">
                        <input
                            id="wc-verify-secret"
                            type="text"
                            class:masked=move || !revealed.get()
                            autocomplete="off"
                            data-1p-ignore=""
                            data-lpignore="true"
                            data-bwignore=""
                            data-form-type="other"
                            spellcheck="false"
                            aria-invalid=move || if missing_secret.get() { "true" } else { "false" }
                            aria-describedby=move || {
                                if missing_secret.get() {
                                    "wc-verify-secret-hint wc-verify-secret-err"
                                } else {
                                    "wc-verify-secret-hint"
                                }
                            }
                            prop:value=move || secret.get()
                            on:input=move |ev| {
                                secret.set(event_target_value(&ev));
                                edited();
                            }
                        />
                        <RevealButton revealed=revealed controls="wc-verify-secret" show=t::SHOW_SECRET hide=t::HIDE_SECRET />
                    </div>
                    <p class="hint" id="wc-verify-secret-hint">{t::VERIFY_SECRET_HINT}</p>
                    {show_if(move || missing_secret.get(), || view! {
                        <p class="field-error" id="wc-verify-secret-err">{t::SECRET_REQUIRED}</p>
                    })}
                </div>
                <div class="form-actions">
                    <button type="submit" class="btn primary" disabled=move || pending.get()>
                        {move || if pending.get() { t::VERIFYING } else { t::VERIFY }}
                    </button>
                    <button type="button" class="btn secondary" on:click=clear>
                        {t::CLEAR}
                    </button>
                </div>
            </form>
            <div class="verify-result">{result_view}</div>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_may_be_pasted_with_its_name() {
        assert_eq!(header_value(" t=1,v1=ab "), Some("t=1,v1=ab"));
        assert_eq!(
            header_value("InstaVM-Signature: t=1,v1=ab"),
            Some("t=1,v1=ab")
        );
        assert_eq!(
            header_value("instavm-signature:t=1,v1=ab"),
            Some("t=1,v1=ab")
        );
        assert_eq!(header_value("  "), None);
        assert_eq!(header_value("InstaVM-Signature:"), None);
    }

    #[test]
    fn every_failure_belongs_to_its_step() {
        assert_eq!(step_of(&SignatureFailure::MissingHeader), Step::Header);
        assert_eq!(step_of(&SignatureFailure::MissingSignature), Step::Header);
        assert_eq!(
            step_of(&SignatureFailure::StaleTimestamp {
                skew: "301".into(),
                tolerance: 300
            }),
            Step::Timestamp
        );
        assert_eq!(
            step_of(&SignatureFailure::InvalidSignature),
            Step::Signature
        );
        assert_eq!(
            step_of(&SignatureFailure::InvalidPayload("x".into())),
            Step::Body
        );
    }
}
