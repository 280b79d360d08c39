//! CSRF tokens: one random token per session, sent back with every state-changing request
//! (a hidden `_csrf` field in forms, an `x-csrf-token` header from htmx), compared in
//! constant time.

/// The session key under which the token is kept.
pub const SESSION_KEY: &str = "csrf";
/// The form field and the header that carry it.
pub const FIELD: &str = "_csrf";
pub const HEADER: &str = "x-csrf-token";

/// A new 256-bit token, hex-encoded.
pub fn new_token() -> String {
    super::tokens::random_hex(32)
}

/// Constant-time comparison, so the check leaks nothing about how much of a guess matched.
pub fn matches(expected: &str, given: &str) -> bool {
    let (a, b) = (expected.as_bytes(), given.as_bytes());
    if a.len() != b.len() || a.is_empty() {
        return false;
    }
    a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_compared_exactly() {
        let (a, b) = (new_token(), new_token());
        assert_eq!(a.len(), 64);
        assert_ne!(a, b);
        assert!(matches(&a, &a.clone()));
        assert!(!matches(&a, &b));
        assert!(!matches(&a, &a[..63]));
        assert!(!matches("", ""));
    }
}
