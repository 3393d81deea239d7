//! Verifying a delivery: the admin pastes the body of a webhook call (an ES256 JWT); the
//! console checks its signature against the organization's verification keys with the
//! browser's WebCrypto, and its claims against the organization (rules:
//! `webhook_rules::slashid::delivery`). Nothing pasted leaves the page.

use leptos::prelude::*;
use webhook_rules::slashid::delivery::{self, Finding, KeyProblem, KeysSource, ParseError};
use webhook_rules::slashid::wire::Jwks;

use crate::browser::webcrypto::{self, CryptoError};
use crate::error::ApiError;
use crate::providers::slashid::client::Connection;
use crate::providers::slashid::state::AppState;
use crate::providers::slashid::words as t;
use crate::ui::heading::h;

/// What became of the signature check.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SignatureCheck {
    Valid {
        kid: String,
    },
    Invalid {
        kid: String,
    },
    Key(KeyProblem),
    /// No key with this kid in the set, which was fetched again too recently to ask now.
    KeysRecent(String),
    KeysUnavailable(ApiError),
    Crypto(CryptoError),
}

impl SignatureCheck {
    fn is_ok(&self) -> bool {
        matches!(self, SignatureCheck::Valid { .. })
    }

    fn text(&self) -> String {
        match self {
            SignatureCheck::Valid { kid } => t::signature_valid(kid),
            SignatureCheck::Invalid { kid } => t::signature_invalid(kid),
            SignatureCheck::Key(p) => t::key_problem(p),
            SignatureCheck::KeysRecent(kid) => t::keys_recent(kid),
            SignatureCheck::KeysUnavailable(e) => t::keys_unavailable(e),
            SignatureCheck::Crypto(e) => t::crypto_error(e),
        }
    }
}

/// Everything the view shows about a token that could be decoded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Outcome {
    pub header: String,
    pub claims: String,
    pub signature: SignatureCheck,
    pub findings: Vec<Finding>,
    /// `false` when the webhooks could not be loaded: target_url and webhook_id were then
    /// not compared.
    pub webhooks_compared: bool,
}

impl Outcome {
    pub fn accepted(&self) -> bool {
        self.signature.is_ok() && self.webhooks_compared && self.findings.iter().all(Finding::is_ok)
    }
}

/// The keys to check with, and whether a fetch for an unknown `kid` was held back: the
/// cached set when it has the token's kid, otherwise a fresh one (keys rotate), but at most
/// once per `delivery::JWKS_REFETCH_SECS` (the JWKS endpoint is rate-limited).
async fn keys_for(state: AppState, kid: Option<&str>, now: i64) -> (Result<Jwks, ApiError>, bool) {
    let cached = state.jwks.get_untracked();
    let last = state.jwks_fetched_at.get_value();
    match delivery::keys_source(cached.as_ref(), kid, last, now) {
        KeysSource::Fetch => {}
        source => {
            let keys = cached.ok_or_else(|| ApiError::Network("not connected".into()));
            return (keys, source == KeysSource::CacheRefetchedRecently);
        }
    }
    let Some(client) = state.client() else {
        return (
            cached.ok_or_else(|| ApiError::Network("not connected".into())),
            false,
        );
    };
    state.jwks_fetched_at.set_value(Some(now));
    match client.verification_jwks().await {
        Ok(keys) => {
            state.jwks.set(Some(keys.clone()));
            (Ok(keys), false)
        }
        Err(e) => {
            state.check_auth(&e);
            // An older set still says "no key with this kid" better than nothing.
            (cached.ok_or(e), false)
        }
    }
}

/// Decodes and checks `text` completely.
pub async fn verify(state: AppState, text: &str) -> Result<Outcome, ParseError> {
    let parsed = delivery::parse(text)?;
    let now = (js_sys::Date::now() / 1000.0).floor() as i64;
    let (keys, held_back) = keys_for(state, parsed.header.kid.as_deref(), now).await;
    let signature = match keys {
        Err(e) => SignatureCheck::KeysUnavailable(e),
        Ok(keys) => match delivery::select_key(&keys, parsed.header.kid.as_deref()) {
            Err(KeyProblem::NoKeyWithKid(kid)) if held_back => SignatureCheck::KeysRecent(kid),
            Err(p) => SignatureCheck::Key(p),
            Ok(jwk) => {
                let kid = jwk.kid.clone();
                match webcrypto::verify_es256(
                    &jwk.x,
                    &jwk.y,
                    parsed.signing_input.as_bytes(),
                    &parsed.signature,
                )
                .await
                {
                    Ok(true) => SignatureCheck::Valid { kid },
                    Ok(false) => SignatureCheck::Invalid { kid },
                    Err(e) => SignatureCheck::Crypto(e),
                }
            }
        },
    };
    if state.webhooks.with_untracked(Option::is_none)
        && let Some(client) = state.client()
        && let Ok(list) = client.list_webhooks().await
    {
        state.webhooks.set(Some(list));
    }
    let org_id = state
        .connection
        .with_untracked(|c| c.as_ref().map(|c: &Connection| c.org_id.clone()))
        .unwrap_or_default();
    let (findings, webhooks_compared) = state.webhooks.with_untracked(|list| {
        let all = delivery::check_claims(
            &parsed.claims,
            &org_id,
            list.as_deref().unwrap_or_default(),
            now,
        );
        match list {
            Some(_) => (all, true),
            None => (
                all.into_iter()
                    .filter(|f| {
                        matches!(
                            f,
                            Finding::AudienceMatches { .. }
                                | Finding::AudienceDiffers { .. }
                                | Finding::NotExpired { .. }
                                | Finding::Expired { .. }
                                | Finding::MissingClaim(_)
                                | Finding::IssuerDiffers { .. }
                                | Finding::IssuedInFuture { .. }
                                | Finding::NotYetValid { .. }
                        )
                    })
                    .collect(),
                false,
            ),
        }
    });
    Ok(Outcome {
        header: webcrypto::pretty_json(&parsed.header_json),
        claims: webcrypto::pretty_json(&parsed.claims_json),
        signature,
        findings,
        webhooks_compared,
    })
}

#[component]
pub fn VerifyDelivery() -> impl IntoView {
    let state = expect_context::<AppState>();
    let input = state.verify_input;
    let result = RwSignal::new(None::<Result<Outcome, ParseError>>);
    let pending = RwSignal::new(false);
    // Only the answer to the latest run is shown.
    let generation = StoredValue::new(0u64);

    let run = move || {
        let text = input.get_untracked();
        let this = generation.get_value() + 1;
        generation.set_value(this);
        pending.set(true);
        crate::host::task::spawn(state.mount, async move {
            let outcome = verify(state, &text).await;
            if generation.try_get_value() == Some(this) {
                pending.set(false);
                result.set(Some(outcome));
            }
        });
    };
    if !input.get_untracked().trim().is_empty() {
        run();
    }

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        run();
    };
    let clear = move |_| {
        generation.update_value(|g| *g += 1);
        pending.set(false);
        input.set(String::new());
        result.set(None);
        crate::browser::dom::focus_id_soon("wc-verify-input".into());
    };

    let check = |ok: bool, text: String| {
        let class = if ok { "check ok" } else { "check bad" };
        view! {
            <li class=class>
                <span class="visually-hidden">{if ok { t::CHECK_OK } else { t::CHECK_BAD }}</span>
                " "
                <span class="long-text">{text}</span>
            </li>
        }
        .into_any()
    };

    let result_view = move || match result.get() {
        None => ().into_any(),
        Some(Err(e)) => view! {
            <div class="notice error" role="alert" id="wc-verify-error">
                <p class="long-text">{t::parse_error(&e)}</p>
            </div>
        }
        .into_any(),
        Some(Ok(o)) => {
            let accepted = o.accepted();
            let summary_class = if accepted {
                "notice success"
            } else {
                "notice error"
            };
            let mut checks = vec![check(o.signature.is_ok(), o.signature.text())];
            checks.extend(o.findings.iter().map(|f| check(f.is_ok(), t::finding(f))));
            if !o.webhooks_compared {
                checks.push(check(false, t::WEBHOOKS_NOT_COMPARED.to_owned()));
            }
            view! {
                {h(1, "", false, "section-title", (t::VERIFY_RESULT).into_any())}
                <div class=summary_class id="wc-verify-summary">
                    <p>{if accepted { t::VERIFY_SUMMARY_OK } else { t::VERIFY_SUMMARY_BAD }}</p>
                </div>
                <ul class="checks">{checks}</ul>
                <div class="decoded">
                    <div>
                        {h(2, "", false, "", (t::DECODED_HEADER).into_any())}
                        <pre class="json" tabindex="0">{o.header}</pre>
                    </div>
                    <div>
                        {h(2, "", false, "", (t::DECODED_CLAIMS).into_any())}
                        <pre class="json" tabindex="0">{o.claims}</pre>
                    </div>
                </div>
            }
            .into_any()
        }
    };

    view! {
        <section class="panel verify" aria-labelledby="wc-view-title">
            {h(0, "wc-view-title", true, "", (t::VERIFY_DELIVERY_TITLE).into_any())}
            <p class="muted">{t::VERIFY_DELIVERY_INTRO}</p>
            <form on:submit=on_submit novalidate>
                <div class="field">
                    <label for="wc-verify-input">{t::VERIFY_INPUT_LABEL}</label>
                    <textarea
                        id="wc-verify-input"
                        class="token"
                        rows="6"
                        spellcheck="false"
                        autocomplete="off"
                        aria-describedby="wc-verify-hint"
                        prop:value=move || input.get()
                        on:input=move |ev| {
                            input.set(event_target_value(&ev));
                            result.set(None);
                        }
                    ></textarea>
                    <p class="hint" id="wc-verify-hint">{t::VERIFY_INPUT_HINT}</p>
                </div>
                <div class="form-actions">
                    <button type="submit" class="btn primary" disabled=move || pending.get()>
                        {move || if pending.get() { t::VERIFYING } else { t::VERIFY_BUTTON }}
                    </button>
                    <button type="button" class="btn secondary" on:click=clear>
                        {t::CLEAR}
                    </button>
                </div>
            </form>
            <div class="verify-result" aria-live="polite">
                {move || pending.get().then(|| view! { <p class="loading">{t::SIG_CHECKING}</p> }.into_any())}
                {result_view}
            </div>
        </section>
    }
}
