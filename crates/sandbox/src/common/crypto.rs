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
    /// The key in `<db>.key` (created, mode 0600, on first use); a throwaway key for
    /// `:memory:`. The key lives beside the database, not in it, so a copy of the
    /// database file alone reveals no header value.
    pub fn open_beside(db: &Path) -> Result<Self, String> {
        if db.as_os_str() == ":memory:" {
            return Ok(Self::from_bytes(&random_bytes::<KEY_LEN>()));
        }
        let path = key_path(db);
        match std::fs::read(&path) {
            Ok(bytes) if bytes.len() == KEY_LEN => Ok(Self::from_bytes(&bytes)),
            Ok(_) => Err(format!("{} is not a {KEY_LEN}-byte key", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let key = random_bytes::<KEY_LEN>();
                write_private(&path, &key)
                    .map_err(|e| format!("cannot create {}: {e}", path.display()))?;
                Ok(Self::from_bytes(&key))
            }
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

fn key_path(db: &Path) -> PathBuf {
    let mut name = db.as_os_str().to_owned();
    name.push(".key");
    PathBuf::from(name)
}

fn write_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut file = options.open(path)?;
    file.write_all(bytes)?;
    file.sync_all()
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
    fn api_key_hash_matches_only_the_same_key() {
        let hash = hash_api_key("k1");
        assert!(api_key_matches("k1", &hash));
        assert!(!api_key_matches("k2", &hash));
        assert!(!api_key_matches("k1", &hash[..31]));
    }
}
