//! The URL scheme, in one place: the patterns the route table serves and the functions views
//! use to link to them. Every page exists in English at `/…` and in French at `/fr/…`.

use crate::i18n::Lang;

/// Route patterns (without the language prefix).
pub mod pattern {
    pub const HOME: &str = "/";
    pub const SIGN_UP: &str = "/sign-up";
    pub const SIGN_IN: &str = "/sign-in";
    pub const SIGN_OUT: &str = "/sign-out";
    pub const ACCOUNT: &str = "/account";
    pub const ACCOUNT_PASSWORD: &str = "/account/password";
    pub const PROFILES: &str = "/account/profiles";
    pub const PROFILE: &str = "/account/profiles/:id";
    pub const PROFILE_DELETE: &str = "/account/profiles/:id/delete";
    pub const CLUBS: &str = "/clubs";
    pub const NEW_CLUB: &str = "/clubs/new";
    pub const CLUB: &str = "/clubs/:slug";
    pub const SHEETS: &str = "/clubs/:slug/sheets";
    pub const MEMBERS: &str = "/clubs/:slug/members";
    pub const MEMBER_ROLE: &str = "/clubs/:slug/members/:account/role";
    pub const MEMBER_REMOVE: &str = "/clubs/:slug/members/:account/remove";
    pub const INVITATIONS: &str = "/clubs/:slug/invitations";
    pub const INVITATION: &str = "/invitations/:token";
}

pub fn home(lang: Lang) -> String {
    lang.path("/")
}
pub fn sign_up(lang: Lang) -> String {
    lang.path(pattern::SIGN_UP)
}
pub fn sign_in(lang: Lang) -> String {
    lang.path(pattern::SIGN_IN)
}
pub fn sign_out(lang: Lang) -> String {
    lang.path(pattern::SIGN_OUT)
}
pub fn account(lang: Lang) -> String {
    lang.path(pattern::ACCOUNT)
}
pub fn account_password(lang: Lang) -> String {
    lang.path(pattern::ACCOUNT_PASSWORD)
}
pub fn profiles(lang: Lang) -> String {
    lang.path(pattern::PROFILES)
}
pub fn profile(lang: Lang, id: i64) -> String {
    lang.path(&format!("/account/profiles/{id}"))
}
pub fn profile_delete(lang: Lang, id: i64) -> String {
    lang.path(&format!("/account/profiles/{id}/delete"))
}
pub fn clubs(lang: Lang) -> String {
    lang.path(pattern::CLUBS)
}
pub fn new_club(lang: Lang) -> String {
    lang.path(pattern::NEW_CLUB)
}
pub fn club(lang: Lang, slug: &str) -> String {
    lang.path(&format!("/clubs/{slug}"))
}
pub fn sheets(lang: Lang, slug: &str) -> String {
    lang.path(&format!("/clubs/{slug}/sheets"))
}
pub fn members(lang: Lang, slug: &str) -> String {
    lang.path(&format!("/clubs/{slug}/members"))
}
pub fn member_role(lang: Lang, slug: &str, account: i64) -> String {
    lang.path(&format!("/clubs/{slug}/members/{account}/role"))
}
pub fn member_remove(lang: Lang, slug: &str, account: i64) -> String {
    lang.path(&format!("/clubs/{slug}/members/{account}/remove"))
}
pub fn invitations(lang: Lang, slug: &str) -> String {
    lang.path(&format!("/clubs/{slug}/invitations"))
}
pub fn invitation(lang: Lang, token: &str) -> String {
    lang.path(&format!("/invitations/{token}"))
}

/// Only same-site paths are followed after sign-in (no open redirect to another host).
pub fn safe_next(next: Option<&str>) -> Option<&str> {
    next.filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.contains('\\'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_must_be_a_local_path() {
        assert_eq!(safe_next(Some("/clubs/x")), Some("/clubs/x"));
        for bad in [
            "//evil.example",
            "https://evil.example",
            "/\\evil.example",
            "clubs",
        ] {
            assert_eq!(safe_next(Some(bad)), None, "{bad}");
        }
    }
}
