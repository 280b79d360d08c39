//! Sign-up and sign-in pages.

use maud::{Markup, html};

use super::forms::{self, Input};
use super::layout;
use crate::i18n::Text;
use crate::validation::FieldErrors;
use crate::web::{PageContext, paths};

/// What the person typed, sent back with the form after a rejection (never the password).
#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(default)]
pub struct SignUpForm {
    pub name: String,
    pub email: String,
    pub password: String,
    pub next: String,
}

#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(default)]
pub struct SignInForm {
    pub email: String,
    pub password: String,
    pub next: String,
}

fn next_field(next: &str) -> Markup {
    html! {
        @if !next.is_empty() {
            input type="hidden" name="next" value=(next);
        }
    }
}

fn with_next(url: String, next: &str) -> String {
    if next.is_empty() {
        url
    } else {
        format!("{url}?next={}", crate::web::encode(next))
    }
}

pub fn sign_up(ctx: &PageContext, form: &SignUpForm, errors: &FieldErrors) -> Markup {
    let lang = ctx.lang;
    let fields = html! {
        (forms::form_error(lang, errors))
        (next_field(&form.next))
        (Input::text("name", Text::FieldName, &form.name).autocomplete("name").render(lang, errors))
        (Input::text("email", Text::FieldEmail, &form.email).kind("email").autocomplete("email").render(lang, errors))
        (Input::text("password", Text::FieldPassword, "").kind("password").autocomplete("new-password")
            .hint(Text::PasswordHint).render(lang, errors))
    };
    let content = html! {
        section.narrow {
            h1 { (lang.t(Text::SignUpTitle)) }
            (forms::post_form(ctx, &paths::sign_up(lang), Text::SignUpButton, fields))
            p { (lang.t(Text::HaveAccount)) " " a href=(with_next(paths::sign_in(lang), &form.next)) { (lang.t(Text::SignIn)) } }
        }
    };
    layout::page(ctx, lang.t(Text::SignUpTitle), content)
}

pub fn sign_in(ctx: &PageContext, form: &SignInForm, errors: &FieldErrors) -> Markup {
    let lang = ctx.lang;
    let fields = html! {
        (forms::form_error(lang, errors))
        (next_field(&form.next))
        (Input::text("email", Text::FieldEmail, &form.email).kind("email").autocomplete("username").render(lang, errors))
        (Input::text("password", Text::FieldPassword, "").kind("password").autocomplete("current-password").render(lang, errors))
    };
    let content = html! {
        section.narrow {
            h1 { (lang.t(Text::SignInTitle)) }
            // A full page load: the next page may be in the person's own language, and a
            // boosted swap would leave <html lang> behind.
            div hx-boost="false" {
                (forms::post_form(ctx, &paths::sign_in(lang), Text::SignInButton, fields))
            }
            p { (lang.t(Text::NoAccount)) " " a href=(with_next(paths::sign_up(lang), &form.next)) { (lang.t(Text::SignUp)) } }
            p { a href=(paths::password_reset_request(lang)) { (lang.t(Text::ForgotPassword)) } }
        }
    };
    layout::page(ctx, lang.t(Text::SignInTitle), content)
}

#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(default)]
pub struct ResetRequestForm {
    pub email: String,
}

#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(default)]
pub struct NewPasswordForm {
    pub password: String,
}

/// Asks for the email to send a reset link to; after a request, says the same thing whether
/// or not the address has an account.
pub fn reset_request(
    ctx: &PageContext,
    form: &ResetRequestForm,
    errors: &FieldErrors,
    sent: bool,
) -> Markup {
    let lang = ctx.lang;
    let content = html! {
        section.narrow {
            h1 { (lang.t(Text::PasswordResetTitle)) }
            @if sent {
                div.flash.flash-notice role="status" { (lang.format(Text::PasswordResetSent, &[("email", &form.email)])) }
            } @else {
                p { (lang.t(Text::PasswordResetLead)) }
                (forms::post_form(ctx, &paths::password_reset_request(lang), Text::PasswordResetSend,
                    Input::text("email", Text::FieldEmail, &form.email).kind("email").autocomplete("email").render(lang, errors)))
            }
        }
    };
    layout::page(ctx, lang.t(Text::PasswordResetTitle), content)
}

pub fn new_password(ctx: &PageContext, token: &str, errors: &FieldErrors) -> Markup {
    let lang = ctx.lang;
    let content = html! {
        section.narrow {
            h1 { (lang.t(Text::PasswordResetTitle)) }
            (forms::post_form(ctx, &paths::password_reset(lang, token), Text::ChangePassword,
                Input::text("password", Text::FieldNewPassword, "").kind("password").autocomplete("new-password")
                    .hint(Text::PasswordHint).render(lang, errors)))
        }
    };
    layout::page(ctx, lang.t(Text::PasswordResetTitle), content)
}

/// After a sign-up: the same page whether or not the address already had an account. When
/// no email leaves this server, a new account's link is shown here instead.
pub fn sign_up_sent(ctx: &PageContext, email: &str, link: Option<&str>) -> Markup {
    let lang = ctx.lang;
    let content = html! {
        section.narrow {
            h1 { (lang.t(Text::SignUpSentTitle)) }
            @if let Some(link) = link {
                p { (lang.format(Text::VerifyNoEmailHere, &[("email", email)])) }
                p { a.button href=(link) { (lang.t(Text::VerifyConfirm)) } }
            } @else {
                div.flash.flash-notice role="status" {
                    (lang.format(Text::SignUpSentBody, &[("email", email)]))
                }
            }
            p { (lang.t(Text::SignUpSentSignIn)) " " a href=(paths::sign_in(lang)) { (lang.t(Text::SignIn)) } }
        }
    };
    layout::page(ctx, lang.t(Text::SignUpSentTitle), content)
}

/// A confirmation link, opened: one button confirms (a link in an email may be opened by a
/// mail scanner; only a person's click spends it).
pub fn verify(ctx: &PageContext, action: &str, name: &str, email: &str) -> Markup {
    let lang = ctx.lang;
    let content = html! {
        section.narrow {
            h1 { (lang.t(Text::VerifyTitle)) }
            p { (lang.format(Text::VerifyLead, &[("name", name), ("email", email)])) }
            div hx-boost="false" {
                (forms::post_form(ctx, action, Text::VerifyConfirm, html! {}))
            }
        }
    };
    layout::page(ctx, lang.t(Text::VerifyTitle), content)
}

/// A confirmation link that was used already, has expired, or was sent to an address the
/// account no longer has.
pub fn verify_gone(ctx: &PageContext) -> Markup {
    let lang = ctx.lang;
    let content = html! {
        section.narrow.error-page {
            h1 { (lang.t(Text::VerifyGoneTitle)) }
            p { (lang.t(Text::VerifyGoneBody)) }
            @if ctx.viewer.as_ref().is_some_and(|v| !v.verified) {
                (forms::button_form(ctx, &paths::verify_email_resend(lang), lang.t(Text::VerifyResend), "button"))
            } @else if ctx.viewer.is_none() {
                p { a href=(paths::sign_in(lang)) { (lang.t(Text::SignIn)) } }
            }
        }
    };
    layout::page(ctx, lang.t(Text::VerifyGoneTitle), content)
}
