//! The review of a change, shown in place of a form's buttons: what a create will store
//! or what an edit will change (Confirm, Back), or what someone else changed since the
//! form was opened (Reload, Overwrite, Back). One widget for every provider; the rows come
//! from `diff`, so secrets are already hints. The caller moves focus to its heading
//! ([`REVIEW_TITLE_ID`]) when it opens, and back to its Save button when it closes.

use leptos::prelude::*;

use crate::diff::Change;
use crate::text as t;
use crate::ui::heading::h;

/// The heading's id: focus goes there when a review opens.
pub const REVIEW_TITLE_ID: &str = "wc-review-title";

/// A button of the review: its words, what it does, and whether it is the main one.
pub type ReviewAction = (&'static str, Callback<()>);

/// `heading`, `intro`, the rows (`columns` name the before and after columns; when the
/// before's name is empty, the style hides that column), then the actions in order, the
/// first one the main one. While `pending`, the actions are disabled
/// and the main one says it is working.
#[component]
pub fn Review(
    heading: &'static str,
    intro: String,
    changes: Vec<Change>,
    columns: (&'static str, &'static str),
    actions: Vec<ReviewAction>,
    #[prop(into)] pending: Signal<bool>,
) -> impl IntoView {
    let cell = |v: Option<String>| match v.as_deref() {
        None => t::REVIEW_NONE.to_owned(),
        Some("") => t::REVIEW_EMPTY.to_owned(),
        Some(v) => v.to_owned(),
    };
    let rows = changes
        .into_iter()
        .map(|c| {
            view! {
                <tr>
                    <th scope="row">{c.field}</th>
                    <td>{cell(c.before)}</td>
                    <td>{cell(c.after)}</td>
                </tr>
            }
            .into_any()
        })
        .collect::<Vec<_>>();
    let buttons = actions
        .into_iter()
        .enumerate()
        .map(|(i, (label, run))| {
            view! {
                <button
                    type="button"
                    class=if i == 0 { "btn primary" } else { "btn secondary" }
                    disabled=move || pending.get()
                    on:click=move |_| run.run(())
                >
                    {move || if i == 0 && pending.get() { t::WORKING } else { label }}
                </button>
            }
            .into_any()
        })
        .collect::<Vec<_>>();
    view! {
        <section class=if columns.0.is_empty() { "review new" } else { "review" } aria-labelledby=REVIEW_TITLE_ID>
            {h(1, REVIEW_TITLE_ID, true, "", heading.into_any())}
            <p>{intro}</p>
            <table class="deliveries">
                <thead>
                    <tr>
                        <th scope="col">{t::REVIEW_FIELD}</th>
                        <th scope="col">{columns.0}</th>
                        <th scope="col">{columns.1}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
            <div class="form-actions">{buttons}</div>
        </section>
    }
}

/// The id of a form's Save button, where focus goes back when a review closes.
pub const SAVE_ID: &str = "wc-save";

/// Where a form's save is: the form itself, the review of what a create will store or
/// of what an edit will change, or what someone else changed since the form was opened.
#[derive(Clone, Debug, PartialEq)]
pub enum Stage {
    Form,
    New(Vec<Change>),
    Review(Vec<Change>),
    Conflict(Vec<Change>),
}

impl Stage {
    /// Goes to `next`, with focus on the review's heading, or on Save back in the form.
    pub fn go(stage: RwSignal<Stage>, next: Stage) {
        let focus = if next == Stage::Form {
            SAVE_ID
        } else {
            REVIEW_TITLE_ID
        };
        stage.set(next);
        crate::browser::dom::focus_id_soon(focus.into());
    }
}

/// Whether a review is shown in place of the form's fields and buttons (hidden, not
/// removed, so that everything typed stays where it was).
pub fn in_review(stage: RwSignal<Stage>) -> bool {
    stage.with(|s| *s != Stage::Form)
}

/// What the buttons of a form's reviews do.
#[derive(Clone, Copy)]
pub struct StageActions {
    /// Confirm the review: a create is sent; an edit checks for a change made meanwhile,
    /// then saves.
    pub confirm: Callback<()>,
    /// Take the stored version of the fields someone else changed.
    pub reload: Callback<()>,
    /// Save anyway, over someone else's change.
    pub overwrite: Callback<()>,
}

/// The review of the current stage (nothing in the form stage); `note` follows the
/// conflict's explanation (what Overwrite means for this API, or empty).
pub fn stage_view(
    stage: RwSignal<Stage>,
    pending: Signal<bool>,
    actions: StageActions,
    note: &'static str,
) -> AnyView {
    let back = Callback::new(move |()| Stage::go(stage, Stage::Form));
    (move || match stage.get() {
        Stage::Form => None,
        Stage::New(rows) => Some(view! {
            <Review
                heading=t::REVIEW_NEW_TITLE
                intro=t::REVIEW_NEW_INTRO.to_owned()
                changes=rows
                columns=("", t::REVIEW_VALUE)
                actions=vec![(t::REVIEW_CREATE, actions.confirm), (t::REVIEW_BACK, back)]
                pending=pending
            />
        }),
        Stage::Review(rows) => Some(view! {
            <Review
                heading=t::REVIEW_TITLE
                intro=t::REVIEW_INTRO.to_owned()
                changes=rows
                columns=(t::REVIEW_NOW, t::REVIEW_AFTER)
                actions=vec![(t::REVIEW_CONFIRM, actions.confirm), (t::REVIEW_BACK, back)]
                pending=pending
            />
        }),
        Stage::Conflict(rows) => Some(view! {
            <Review
                heading=t::CONFLICT_TITLE
                intro=format!("{} {note}", t::CONFLICT_INTRO)
                changes=rows
                columns=(t::CONFLICT_OPENED, t::REVIEW_NOW)
                actions=vec![
                    (t::CONFLICT_RELOAD, actions.reload),
                    (t::CONFLICT_OVERWRITE, actions.overwrite),
                    (t::REVIEW_BACK, back),
                ]
                pending=pending
            />
        }),
    })
    .into_any()
}
