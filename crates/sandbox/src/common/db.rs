//! Storage: one SQLite file for every API, one connection behind a mutex, used from
//! blocking threads.
//!
//! One connection keeps every request serializable without retry loops; the sandbox
//! serves one developer or one test run, so this is never the bottleneck. Integrity is
//! left to SQLite (`UNIQUE` constraints decide races, `ON DELETE CASCADE` removes what
//! belongs to a row with it). Each API brings its own tables (`Db::open`'s `schemas`);
//! `settings` is shared.

use std::path::Path;
use std::sync::{Arc, Mutex};

use rusqlite::{Connection, OptionalExtension, params};

use crate::common::crypto::DataKey;

const SCHEMA: &str = "
CREATE TABLE IF NOT EXISTS settings (
    name TEXT PRIMARY KEY,
    value BLOB NOT NULL
);
";

/// A fault of the sandbox itself. The cause goes to the log when this is made (it never
/// holds request data: SQLite errors name tables and columns, not values), never to the
/// caller; each API turns it into its own 500.
#[derive(Debug)]
pub struct Internal;

impl Internal {
    pub fn new(cause: impl std::fmt::Display) -> Self {
        tracing::error!("internal error: {cause}");
        Internal
    }
}

#[derive(Clone)]
pub struct Db {
    conn: Arc<Mutex<Connection>>,
    key: Arc<DataKey>,
}

impl Db {
    /// Opens (or creates) the database and the data key beside it, and creates the
    /// shared tables and then each of `schemas` (`CREATE ... IF NOT EXISTS`).
    pub fn open(path: &Path, schemas: &[&str]) -> Result<Self, String> {
        let key = DataKey::open_beside(path)?;
        let conn =
            Connection::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;")
            .and_then(|()| conn.execute_batch(SCHEMA))
            .and_then(|()| schemas.iter().try_for_each(|s| conn.execute_batch(s)))
            .map_err(|e| format!("cannot set up {}: {e}", path.display()))?;
        Ok(Self {
            conn: Arc::new(Mutex::new(conn)),
            key: Arc::new(key),
        })
    }

    /// Runs `f` on a blocking thread with the connection and the data key.
    pub async fn call<R, E, F>(&self, f: F) -> Result<R, E>
    where
        F: FnOnce(&mut Connection, &DataKey) -> Result<R, E> + Send + 'static,
        R: Send + 'static,
        E: From<Internal> + Send + 'static,
    {
        let this = self.clone();
        tokio::task::spawn_blocking(move || this.blocking(f))
            .await
            .map_err(|e| E::from(Internal::new(e)))?
    }

    /// Runs `f` on this thread: for start-up, before the server runs.
    pub fn blocking<R>(&self, f: impl FnOnce(&mut Connection, &DataKey) -> R) -> R {
        // A panic while holding the lock leaves no half-done write behind (every write is
        // one statement or one transaction), so the connection is still fine.
        let mut conn = self.conn.lock().unwrap_or_else(|p| p.into_inner());
        f(&mut conn, &self.key)
    }
}

pub fn setting(conn: &Connection, name: &str) -> rusqlite::Result<Option<Vec<u8>>> {
    conn.query_row("SELECT value FROM settings WHERE name = ?1", [name], |r| {
        r.get(0)
    })
    .optional()
}

pub fn put_setting(conn: &Connection, name: &str, value: &[u8]) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT OR REPLACE INTO settings (name, value) VALUES (?1, ?2)",
        params![name, value],
    )?;
    Ok(())
}

/// A demo credential kept across restarts: the sandbox prints it on every start, so it is
/// kept (encrypted, its setting's name as context), not only hashed. Made by `make` on
/// first use.
pub fn demo_secret(
    conn: &Connection,
    key: &DataKey,
    name: &str,
    make: impl FnOnce() -> String,
) -> Result<String, String> {
    let sql = |e: rusqlite::Error| e.to_string();
    if let Some(sealed) = setting(conn, name).map_err(sql)? {
        let plain = key.open(&sealed, name).map_err(|_| {
            format!("the {name} does not decrypt: the database's .key file was replaced")
        })?;
        return Ok(String::from_utf8_lossy(&plain).into_owned());
    }
    let secret = make();
    put_setting(conn, name, &key.seal(secret.as_bytes(), name)).map_err(sql)?;
    Ok(secret)
}

pub fn is_unique_violation(e: &rusqlite::Error) -> bool {
    matches!(e, rusqlite::Error::SqliteFailure(f, _)
        if f.extended_code == rusqlite::ffi::SQLITE_CONSTRAINT_UNIQUE)
}
