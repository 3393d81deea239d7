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

use std::future::Future;
use std::pin::Pin;

use super::MOUNTS;

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

/// Runs `work` as a task of `mount`, holding the mount for its whole run. A mount that is
/// already closing runs nothing.
pub fn spawn(mount: Option<u32>, work: impl Future<Output = ()> + 'static) {
    spawn_boxed(mount, Box::pin(work));
}

/// The one wrapper future of every task: a generic one would be compiled again around
/// each task's own future (about 3 KB of wasm for the console's dozen tasks).
fn spawn_boxed(mount: Option<u32>, work: Pin<Box<dyn Future<Output = ()>>>) {
    let Some(guard) = begin(mount) else { return };
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
