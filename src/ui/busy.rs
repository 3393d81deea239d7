//! A change started from a form or a button, and whether it is still under way.
//!
//! Why not `Action`: each `Action<I, O>` is compiled anew for its input and output types,
//! with its own abort channel, version and value signals; the console needs only "run
//! this, and say while it runs" (7.3 KiB less gzip for the five changes).

use std::future::Future;
use std::pin::Pin;

use leptos::prelude::*;

use crate::host::MountId;

/// Whether a run is under way; there is never more than one, so a change cannot be sent
/// twice (a second click while the first is in flight does nothing).
#[derive(Clone, Copy)]
pub struct Busy {
    pending: RwSignal<bool>,
    /// The mount the component was made in: a run holds it (`host::task`), so a host
    /// that unmounts the console meanwhile does not dispose of what the run reads.
    mount: Option<u32>,
}

impl Default for Busy {
    fn default() -> Self {
        Self::new()
    }
}

impl Busy {
    pub fn new() -> Self {
        Busy {
            pending: RwSignal::new(false),
            mount: use_context::<MountId>().map(|m| m.0),
        }
    }

    /// True from `run` until its work has finished.
    pub fn pending(self) -> Signal<bool> {
        self.pending.into()
    }

    /// Starts `work`, unless a run is already under way: then `work` is dropped unrun.
    pub fn run(self, work: impl Future<Output = ()> + 'static) {
        self.run_boxed(Box::pin(work));
    }

    /// `run`'s one body: a generic one would be compiled again around each run's future.
    fn run_boxed(self, work: Pin<Box<dyn Future<Output = ()>>>) {
        if self.pending.get_untracked() {
            return;
        }
        self.pending.set(true);
        crate::host::task::spawn(self.mount, async move {
            // Also when the task is dropped unfinished (a new connection began).
            let _done = Done(self.pending);
            work.await;
        });
    }
}

/// Clears the pending flag when the run ends, however it ends; the view that started it
/// may be gone (the work navigated away), hence `try_`.
struct Done(RwSignal<bool>);

impl Drop for Done {
    fn drop(&mut self) {
        self.0.try_set(false);
    }
}
