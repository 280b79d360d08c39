//! Random tokens for links and forms, and the digest under which link tokens are stored.

use rand::RngCore;
use sha2::{Digest, Sha256};

/// `bytes` random bytes, hex-encoded.
pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    rand::rng().fill_bytes(&mut buf);
    hex(&buf)
}

/// The SHA-256 of a token, hex-encoded: what the database keeps instead of the token, so a
/// leaked database holds no usable link.
pub fn digest(token: &str) -> String {
    hex(&Sha256::digest(token.as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
