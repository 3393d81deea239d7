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

use crate::common::crypto::{self, DataKey};

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

/// A setting sealed with the data key, context its own name: opening it proves that the
/// key file is the database's key.
const KEY_CHECK: &str = "key_check";

impl Db {
    /// Opens (or creates) the database and the data key beside it, and creates the
    /// shared tables and then each of `schemas` (`CREATE ... IF NOT EXISTS`).
    ///
    /// Refuses, changing nothing, a database that holds data when its key file is missing
    /// (a new key would make every stored header value and secret unreadable) or is not its
    /// key. A database made before the key check was kept is taken to hold encrypted values
    /// when any of its tables has a row; its key is checked from then on.
    ///
    /// Durability: the default rollback journal with `synchronous = FULL`, set explicitly:
    /// a change is answered only after its transaction is committed, and a committed
    /// transaction is on disk (journal and database synced), so it survives the process
    /// being killed and a power loss; a transaction cut short is rolled back from the
    /// journal on the next open. WAL with `synchronous = NORMAL` would write faster but may
    /// lose the last commits on a power loss; WAL with `FULL` would also spread the
    /// database over three files, which tests and backups read as one.
    pub fn open(path: &Path, schemas: &[&str]) -> Result<Self, String> {
        let setup = |e: rusqlite::Error| format!("cannot set up {}: {e}", path.display());
        if path.as_os_str() == ":memory:" {
            let conn = Connection::open_in_memory().map_err(setup)?;
            return Self::ready(conn, DataKey::random(), schemas).map_err(setup);
        }
        let key_path = crypto::key_path(path);
        let existing = std::fs::metadata(path).is_ok_and(|m| m.len() > 0);
        let key = DataKey::read(&key_path)?;
        let conn =
            Connection::open(path).map_err(|e| format!("cannot open {}: {e}", path.display()))?;
        conn.execute_batch("PRAGMA busy_timeout = 5000;")
            .map_err(setup)?;
        if existing {
            let refuse = |why: String| {
                format!(
                    "{why}. Nothing was changed: restore the right key file, or move {} away                      to start with an empty database",
                    path.display()
                )
            };
            let check = stored_key_check(&conn).map_err(setup)?;
            match (&key, check) {
                (None, check) if check.is_some() || holds_data(&conn).map_err(setup)? => {
                    return Err(refuse(format!(
                        "{} holds encrypted values (header values, signing keys, secrets)                          but its key file {} is missing",
                        path.display(),
                        key_path.display()
                    )));
                }
                (Some(key), Some(sealed)) if key.open(&sealed, KEY_CHECK).is_err() => {
                    return Err(refuse(format!(
                        "{} is not the key {} was encrypted with",
                        key_path.display(),
                        path.display()
                    )));
                }
                _ => {}
            }
        }
        let key = match key {
            Some(key) => key,
            None => DataKey::create(&key_path)?,
        };
        Self::ready(conn, key, schemas).map_err(setup)
    }

    /// Settings, tables and the key check of a database whose key is known to be right.
    fn ready(conn: Connection, key: DataKey, schemas: &[&str]) -> rusqlite::Result<Self> {
        conn.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;")?;
        conn.execute_batch(SCHEMA)?;
        for schema in schemas {
            conn.execute_batch(schema)?;
        }
        if setting(&conn, KEY_CHECK)?.is_none() {
            put_setting(&conn, KEY_CHECK, &key.seal(KEY_CHECK.as_bytes(), KEY_CHECK))?;
        }
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

/// The sealed key check, when the database has one (read only: nothing is created).
fn stored_key_check(conn: &Connection) -> rusqlite::Result<Option<Vec<u8>>> {
    let has_settings: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'settings')",
        [],
        |r| r.get(0),
    )?;
    if has_settings {
        setting(conn, KEY_CHECK)
    } else {
        Ok(None)
    }
}

/// Whether any table has a row.
fn holds_data(conn: &Connection) -> rusqlite::Result<bool> {
    let tables: Vec<String> = conn
        .prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )?
        .query_map([], |r| r.get(0))?
        .collect::<Result<_, _>>()?;
    for table in tables {
        let quoted = table.replace('"', "\"\"");
        let any: bool = conn.query_row(
            &format!("SELECT EXISTS (SELECT 1 FROM \"{quoted}\")"),
            [],
            |r| r.get(0),
        )?;
        if any {
            return Ok(true);
        }
    }
    Ok(false)
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

#[cfg(test)]
mod tests {
    use super::*;

    fn legacy(path: &Path, sql: &str) {
        Connection::open(path).unwrap().execute_batch(sql).unwrap();
    }

    #[test]
    fn refuses_a_database_made_before_the_key_check_when_it_has_rows_and_no_key() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("old.db");
        legacy(
            &path,
            "CREATE TABLE webhooks (id TEXT); INSERT INTO webhooks VALUES ('w');",
        );
        let before = std::fs::read(&path).unwrap();
        let err = Db::open(&path, &[]).err().expect("refused");
        assert!(err.contains("is missing"), "{err}");
        assert_eq!(std::fs::read(&path).unwrap(), before, "nothing changed");
        assert!(!crypto::key_path(&path).exists(), "no key was made");
    }

    #[test]
    fn adopts_an_empty_database_then_checks_its_key_from_then_on() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("empty.db");
        legacy(&path, "CREATE TABLE webhooks (id TEXT);");
        drop(Db::open(&path, &[]).expect("an empty database gets a new key"));
        drop(Db::open(&path, &[]).expect("and opens with it again"));
        std::fs::write(crypto::key_path(&path), [9u8; 32]).unwrap();
        let err = Db::open(&path, &[]).err().expect("refused");
        assert!(err.contains("is not the key"), "{err}");
    }
}
