//! A change started from a form or a button, and whether it is still under way.
//!
//! Why not `Action`: each `Action<I, O>` is compiled anew for its input and output types,
//! with its own abort channel, version and value signals; the console needs only "run
//! this, and say while it runs" (7.3 KiB less gzip for the five changes).

use std::future::Future;

use leptos::prelude::*;
use leptos::task::spawn_local;

/// Whether a run is under way; there is never more than one, so a change cannot be sent
/// twice (a second click while the first is in flight does nothing).
#[derive(Clone, Copy)]
pub struct Busy(RwSignal<bool>);

impl Default for Busy {
    fn default() -> Self {
        Self::new()
    }
}

impl Busy {
    pub fn new() -> Self {
        Busy(RwSignal::new(false))
    }

    /// True from `run` until its work has finished.
    pub fn pending(self) -> Signal<bool> {
        self.0.into()
    }

    /// Starts `work`, unless a run is already under way: then `work` is dropped unrun.
    pub fn run(self, work: impl Future<Output = ()> + 'static) {
        if self.0.get_untracked() {
            return;
        }
        self.0.set(true);
        spawn_local(async move {
            work.await;
            // The view that started it may be gone (the work navigated away).
            self.0.try_set(false);
        });
    }
}
