//! CPU-heavy work (reading and judging big bodies, signing deliveries) runs here, never on
//! the async workers: those must stay free to answer everyone else (`/healthz` included)
//! while hostile bodies are refused.
//!
//! At most `permits()` such jobs run at once (one per core, at least two): more would not
//! finish sooner on this machine, only take the CPU from the async workers and the database
//! thread. The others wait their turn without holding a thread.

use std::sync::LazyLock;

use tokio::sync::Semaphore;

use crate::common::db::Internal;

fn permits() -> usize {
    std::thread::available_parallelism()
        .map(usize::from)
        .unwrap_or(2)
        .max(2)
}

static CPU: LazyLock<Semaphore> = LazyLock::new(|| Semaphore::new(permits()));

/// Runs `f` on a blocking thread, once a CPU permit is free.
pub async fn cpu<R, F>(f: F) -> Result<R, Internal>
where
    F: FnOnce() -> R + Send + 'static,
    R: Send + 'static,
{
    let _permit = CPU.acquire().await.map_err(Internal::new)?;
    tokio::task::spawn_blocking(f).await.map_err(Internal::new)
}
