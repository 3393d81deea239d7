//! What every API keeps secret the same way: the data key that encrypts secrets at rest
//! (SlashID's header values and signing keys, InstaVM's and Droplit's signing secrets,
//! the demo keys), and API key hashes.

use std::io::Write;
use std::path::{Path, PathBuf};

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD as B64;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use sha2::{Digest, Sha256};
use subtle::ConstantTimeEq;

const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 12;

pub fn random_bytes<const N: usize>() -> [u8; N] {
    let mut buf = [0u8; N];
    getrandom::fill(&mut buf).expect("the operating system's random source failed");
    buf
}

/// The key every secret at rest is encrypted with (ChaCha20-Poly1305).
pub struct DataKey {
    cipher: ChaCha20Poly1305,
}

impl DataKey {
    /// A throwaway key, for `:memory:`.
    pub fn random() -> Self {
        Self::from_bytes(&random_bytes::<KEY_LEN>())
    }

    /// A new key, written to `path` atomically (see `write_new_key`).
    pub fn create(path: &Path) -> Result<Self, String> {
        let key = random_bytes::<KEY_LEN>();
        match write_new_key(path, &key) {
            Ok(()) => Ok(Self::from_bytes(&key)),
            // Another process made it meanwhile: that one is the key.
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => Self::read(path)?
                .ok_or_else(|| format!("{} vanished while it was created", path.display())),
            Err(e) => Err(format!("cannot create {}: {e}", path.display())),
        }
    }

    /// The key in `path`; `None` when there is no such file.
    pub fn read(path: &Path) -> Result<Option<Self>, String> {
        match std::fs::read(path) {
            Ok(bytes) if bytes.len() == KEY_LEN => Ok(Some(Self::from_bytes(&bytes))),
            Ok(_) => Err(format!("{} is not a {KEY_LEN}-byte key", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("cannot read {}: {e}", path.display())),
        }
    }

    fn from_bytes(key: &[u8]) -> Self {
        Self {
            cipher: ChaCha20Poly1305::new(Key::from_slice(key)),
        }
    }

    /// `nonce || ciphertext`. `context` (e.g. the webhook id) is authenticated, so a
    /// value cannot be moved to another row and still decrypt.
    pub fn seal(&self, plaintext: &[u8], context: &str) -> Vec<u8> {
        let nonce = random_bytes::<NONCE_LEN>();
        let sealed = self
            .cipher
            .encrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: plaintext,
                    aad: context.as_bytes(),
                },
            )
            .expect("encryption cannot fail for in-memory buffers");
        [nonce.as_slice(), &sealed].concat()
    }

    pub fn open(&self, sealed: &[u8], context: &str) -> Result<Vec<u8>, String> {
        if sealed.len() < NONCE_LEN {
            return Err("sealed value too short".to_owned());
        }
        let (nonce, ciphertext) = sealed.split_at(NONCE_LEN);
        self.cipher
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| "a sealed value does not decrypt with this database's key".to_owned())
    }
}

/// Where the key of the database at `db` is kept: `<db>.key`, beside it, not in it, so
/// that a copy of the database file alone reveals no secret.
pub fn key_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".key");
    PathBuf::from(name)
}

/// Writes a new key file so that no crash leaves a partial one: the bytes go to a
/// temporary file (mode 0600 from its creation), are flushed to disk, and the file is then
/// linked under its name, which fails rather than replace a key that exists (a rename
/// would silently replace it); last the directory is flushed, so the name survives a
/// power loss too. A crash before the link leaves only the temporary file.
fn write_new_key(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(format!(".tmp.{}", std::process::id()));
    let tmp = PathBuf::from(tmp);
    // One left by a crashed process that had this pid.
    let _ = std::fs::remove_file(&tmp);
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let written = options.open(&tmp).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    let linked = written.and_then(|()| std::fs::hard_link(&tmp, path));
    let _ = std::fs::remove_file(&tmp);
    linked?;
    #[cfg(unix)]
    if let Some(dir) = path.parent() {
        let dir = if dir.as_os_str().is_empty() {
            Path::new(".")
        } else {
            dir
        };
        std::fs::File::open(dir)?.sync_all()?;
    }
    Ok(())
}

/// API keys are random, so one SHA-256 is enough to make a stolen database useless for
/// signing in; a slow password hash would only slow every request.
pub fn hash_api_key(key: &str) -> [u8; 32] {
    Sha256::digest(key.as_bytes()).into()
}

pub fn api_key_matches(key: &str, stored_hash: &[u8]) -> bool {
    hash_api_key(key).ct_eq(stored_hash).into()
}

pub fn new_api_key() -> String {
    format!("sbx_{}", B64.encode(random_bytes::<32>()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_only_in_their_context() {
        let key = DataKey::from_bytes(&[7; KEY_LEN]);
        let sealed = key.seal(b"secret", "row-1");
        assert_eq!(key.open(&sealed, "row-1").unwrap(), b"secret");
        assert!(key.open(&sealed, "row-2").is_err());
        assert!(!sealed.windows(6).any(|w| w == b"secret"));
    }

    #[test]
    fn creates_a_private_key_file_once_and_reads_it_back() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("db.key");
        assert!(DataKey::read(&path).unwrap().is_none());
        let made = DataKey::create(&path).unwrap();
        let sealed = made.seal(b"v", "c");
        let read = DataKey::read(&path).unwrap().expect("the key file");
        assert_eq!(read.open(&sealed, "c").unwrap(), b"v");
        // A second create finds the first key and keeps it.
        let again = DataKey::create(&path).unwrap();
        assert_eq!(again.open(&sealed, "c").unwrap(), b"v");
        let names: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        assert_eq!(names, ["db.key"], "no temporary file is left");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(&path, b"short").unwrap();
        assert!(
            DataKey::read(&path).is_err(),
            "a file of another length is no key"
        );
    }

    #[test]
    fn api_key_hash_matches_only_the_same_key() {
        let hash = hash_api_key("k1");
        assert!(api_key_matches("k1", &hash));
        assert!(!api_key_matches("k2", &hash));
        assert!(!api_key_matches("k1", &hash[..31]));
    }
}
