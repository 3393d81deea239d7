//! The one conditional block of the console, in place of `<Show>` at each site.
//!
//! Why: each `Show<W, C>` is compiled anew for its condition and view types (a memo and a
//! render effect each); boxing both leaves one copy for the whole console.

use leptos::prelude::*;

type ViewFn = Box<dyn Fn() -> AnyView + Send + Sync>;

/// `children` while `when` is true, nothing otherwise. `when` is memoized: the children
/// are built again only when it changes.
pub fn show_if<V: IntoView + 'static>(
    when: impl Fn() -> bool + Send + Sync + 'static,
    children: impl Fn() -> V + Send + Sync + 'static,
) -> AnyView {
    erased(Box::new(when), boxed(children), None)
}

/// `children` while `when` is true, `fallback` otherwise.
pub fn show_else<V: IntoView + 'static, F: IntoView + 'static>(
    when: impl Fn() -> bool + Send + Sync + 'static,
    children: impl Fn() -> V + Send + Sync + 'static,
    fallback: impl Fn() -> F + Send + Sync + 'static,
) -> AnyView {
    erased(Box::new(when), boxed(children), Some(boxed(fallback)))
}

fn boxed<V: IntoView + 'static>(view: impl Fn() -> V + Send + Sync + 'static) -> ViewFn {
    Box::new(move || view().into_any())
}

fn erased(
    when: Box<dyn Fn() -> bool + Send + Sync>,
    children: ViewFn,
    fallback: Option<ViewFn>,
) -> AnyView {
    let when = Memo::new(move |_| when());
    (move || {
        if when.get() {
            Some(children())
        } else {
            fallback.as_ref().map(|f| f())
        }
    })
    .into_any()
}
