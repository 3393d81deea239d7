//! Work a console does after the event that started it (a request, a WebCrypto check),
//! and what keeps such work from outliving its mount's signals.
//!
//! A host may unmount a console at any moment: from a listener of the console's own
//! events (dispatched in the middle of a task), from an attribute change, from its own
//! navigation. Reading a signal after its owner was disposed panics, and a panic in the
//! shipped build aborts the wasm module that every console of the page shares. So every
//! task of a mount holds a [`TaskGuard`] for its whole run: `unmount()` then removes the
//! console from the page at once but disposes of its owner only when the last task is
//! done (`finish_closing`).
//!
//! A task also belongs to the connection it started in. When the admin changes
//! connection (`new_epoch`), the tasks of the old one are dropped at their next step:
//! an answer from the previous organization or key never lands in the new one.

use std::cell::Cell;
use std::future::Future;
use std::pin::Pin;
use std::task::{Context, Poll};

use super::MOUNTS;

thread_local! {
    /// The epoch of consoles outside a mount (component tests).
    static UNMOUNTED_EPOCH: Cell<u64> = const { Cell::new(0) };
}

/// The mount's current connection epoch; `None` once it is gone.
fn epoch_of(mount: Option<u32>) -> Option<u64> {
    match mount {
        None => Some(UNMOUNTED_EPOCH.with(Cell::get)),
        Some(id) => MOUNTS.with(|m| m.borrow().get(&id).map(|m| m.epoch)),
    }
}

/// A new connection begins: every task of the mount started before is dropped at its
/// next step.
pub fn new_epoch(mount: Option<u32>) {
    match mount {
        None => UNMOUNTED_EPOCH.with(|e| e.set(e.get() + 1)),
        Some(id) => MOUNTS.with(|m| {
            if let Some(mount) = m.borrow_mut().get_mut(&id) {
                mount.epoch += 1;
            }
        }),
    }
}

/// A task's future, polled only while its connection is the mount's current one.
struct InEpoch {
    mount: Option<u32>,
    epoch: u64,
    work: Pin<Box<dyn Future<Output = ()>>>,
}

impl Future for InEpoch {
    type Output = ();

    fn poll(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<()> {
        if epoch_of(self.mount) != Some(self.epoch) {
            // Dropping the work here is what cancels it: its continuation never runs.
            return Poll::Ready(());
        }
        self.work.as_mut().poll(cx)
    }
}

/// One task of a mount under way; `None` inside when the console is not mounted (tests).
pub struct TaskGuard(Option<u32>);

/// Counts a task of `mount`; `None` when the mount is closing or gone (the task is then
/// not started, or its request not sent).
pub fn begin(mount: Option<u32>) -> Option<TaskGuard> {
    let Some(id) = mount else {
        return Some(TaskGuard(None));
    };
    MOUNTS.with(|m| match m.borrow_mut().get_mut(&id) {
        Some(mount) if mount.closing.is_none() => {
            mount.in_flight += 1;
            Some(TaskGuard(Some(id)))
        }
        _ => None,
    })
}

/// Runs `work` as a task of `mount`, holding the mount for its whole run, within the
/// mount's current connection. A mount that is already closing runs nothing.
pub fn spawn(mount: Option<u32>, work: impl Future<Output = ()> + 'static) {
    spawn_boxed(mount, Box::pin(work));
}

/// The one wrapper future of every task: a generic one would be compiled again around
/// each task's own future (about 3 KB of wasm for the console's dozen tasks).
fn spawn_boxed(mount: Option<u32>, work: Pin<Box<dyn Future<Output = ()>>>) {
    let Some(guard) = begin(mount) else { return };
    let Some(epoch) = epoch_of(mount) else { return };
    let work = InEpoch { mount, epoch, work };
    leptos::task::spawn_local(async move {
        work.await;
        drop(guard);
    });
}

impl Drop for TaskGuard {
    fn drop(&mut self) {
        let Some(id) = self.0 else { return };
        let idle_closing = MOUNTS.with(|m| match m.borrow_mut().get_mut(&id) {
            Some(mount) => {
                mount.in_flight = mount.in_flight.saturating_sub(1);
                mount.in_flight == 0 && mount.closing.is_some()
            }
            None => false,
        });
        if idle_closing {
            // Later, so that the continuation running right after this still finds its
            // signals; it may also have started another task meanwhile.
            leptos::task::spawn_local(async move { finish_closing(id) });
        }
    }
}

fn finish_closing(id: u32) {
    let owner = MOUNTS.with(|m| {
        let mut m = m.borrow_mut();
        match m.get(&id) {
            Some(mount) if mount.in_flight == 0 && mount.closing.is_some() => {
                m.remove(&id).and_then(|mount| mount.closing)
            }
            _ => None,
        }
    });
    if let Some((owner, view)) = owner {
        drop(view);
        owner.cleanup();
    }
}
