//! The account page: details, password, language and player profiles.

use maud::{Markup, html};

use super::forms::{self, Input};
use super::layout;
use crate::auth::Account;
use crate::auth::profiles::Profile;
use crate::i18n::{Lang, Text};
use crate::validation::FieldErrors;
use crate::web::{PageContext, paths};

#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(default)]
pub struct DetailsForm {
    pub name: String,
    pub email: String,
    pub lang: String,
    /// The current password: needed only to change the email address.
    pub password: String,
}

#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(default)]
pub struct PasswordForm {
    pub current_password: String,
    pub new_password: String,
}

#[derive(Debug, Default, Clone, serde::Deserialize)]
#[serde(default)]
pub struct ProfileFormInput {
    pub name: String,
    pub birth_year: String,
}

/// Which form on the page was rejected, with what was typed and the messages.
pub enum Rejected<'a> {
    None,
    Details(&'a DetailsForm, &'a FieldErrors),
    Password(&'a FieldErrors),
    NewProfile(&'a ProfileFormInput, &'a FieldErrors),
    /// Not a refusal: the calendar address just made, shown this once.
    NewCalendar(&'a str),
}

pub fn page(
    ctx: &PageContext,
    account: &Account,
    profiles: &[Profile],
    calendar_since: Option<&str>,
    rejected: Rejected<'_>,
) -> Markup {
    let lang = ctx.lang;
    let none = FieldErrors::new();
    let current = DetailsForm {
        name: account.name.clone(),
        email: account.email.clone(),
        lang: account.lang.clone(),
        password: String::new(),
    };
    let (details, details_errors) = match &rejected {
        Rejected::Details(form, errors) => (*form, *errors),
        _ => (&current, &none),
    };
    let password_errors = match &rejected {
        Rejected::Password(errors) => *errors,
        _ => &none,
    };
    let empty_profile = ProfileFormInput::default();
    let (new_profile, profile_errors) = match &rejected {
        Rejected::NewProfile(form, errors) => (*form, *errors),
        _ => (&empty_profile, &none),
    };
    let languages: Vec<(String, String)> = Lang::ALL
        .iter()
        .map(|l| (l.tag().to_string(), l.name().to_string()))
        .collect();
    let content = html! {
        h1 { (lang.t(Text::AccountTitle)) }
        div.columns {
            section.card {
                h2 { (lang.t(Text::AccountDetails)) }
                // A full page load: changing the language changes <html lang>.
                div hx-boost="false" {
                    (forms::post_form(ctx, &paths::account(lang), Text::Save, html! {
                        (Input::text("name", Text::FieldName, &details.name).autocomplete("name").render(lang, details_errors))
                        (Input::text("email", Text::FieldEmail, &details.email).kind("email").autocomplete("email").render(lang, details_errors))
                        (forms::select(lang, "lang", Text::FieldLanguage, &languages, &details.lang, details_errors))
                        (Input::text("password", Text::FieldCurrentPassword, "").kind("password").autocomplete("current-password")
                            .optional().hint(Text::PasswordForEmailHint).render(lang, details_errors))
                    }))
                }
            }
            section.card {
                h2 { (lang.t(Text::AccountPassword)) }
                (forms::post_form(ctx, &paths::account_password(lang), Text::ChangePassword, html! {
                    (Input::text("current_password", Text::FieldCurrentPassword, "").kind("password").autocomplete("current-password").render(lang, password_errors))
                    (Input::text("new_password", Text::FieldNewPassword, "").kind("password").autocomplete("new-password").hint(Text::PasswordHint).render(lang, password_errors))
                }))
            }
        }
        section.card #profiles {
            h2 { (lang.t(Text::ProfilesTitle)) }
            p.muted { (lang.t(Text::ProfilesLead)) }
            ul.rows {
                @for profile in profiles {
                    li.row {
                        span.grow {
                            (profile.name)
                            @if let Some(year) = profile.birth_year { span.muted { " · " (year) } }
                            @if profile.is_self() { span.badge { (lang.t(Text::ProfileYou)) } }
                        }
                        a.button.small href=(paths::profile(lang, profile.id.get())) { (lang.t(Text::Edit)) }
                        @if !profile.is_self() {
                            (forms::confirm_form(ctx, &paths::profile_delete(lang, profile.id.get()), lang.t(Text::Remove), "button small danger"))
                        }
                    }
                }
            }
            h3 { (lang.t(Text::ProfileAdd)) }
            (forms::post_form(ctx, &paths::profiles(lang), Text::ProfileAdd, profile_fields(lang, new_profile, profile_errors)))
        }
        section.card #calendar {
            h2 { (lang.t(Text::MemberCalendarTitle)) }
            p.muted { (lang.t(Text::MemberCalendarLead)) }
            @if let Rejected::NewCalendar(url) = &rejected {
                div.flash.flash-notice role="status" {
                    p { strong { (lang.t(Text::MemberCalendarNew)) } }
                    p.feed-url { code #calendar-url { (url) } }
                    p {
                        a.button href=(url.replacen("https://", "webcal://", 1).replacen("http://", "webcal://", 1)) { (lang.t(Text::MemberCalendarSubscribe)) }
                    }
                    p.muted { (lang.t(Text::CalendarLag)) }
                }
            } @else if let Some(since) = calendar_since {
                p { (lang.format(Text::MemberCalendarHas, &[("when", since)])) }
            }
            (forms::button_form(ctx, &paths::account_calendar(lang),
                lang.t(if calendar_since.is_some() { Text::MemberCalendarRotate } else { Text::MemberCalendarCreate }),
                "button secondary"))
        }
    };
    layout::page(ctx, lang.t(Text::AccountTitle), content)
}

fn profile_fields(lang: Lang, form: &ProfileFormInput, errors: &FieldErrors) -> Markup {
    html! {
        (Input::text("name", Text::FieldName, &form.name).render(lang, errors))
        (Input::text("birth_year", Text::FieldBirthYear, &form.birth_year).kind("number").optional().render(lang, errors))
    }
}

pub fn edit_profile(
    ctx: &PageContext,
    id: i64,
    form: &ProfileFormInput,
    errors: &FieldErrors,
) -> Markup {
    let lang = ctx.lang;
    let content = html! {
        section.narrow {
            h1 { (lang.t(Text::ProfileEdit)) }
            (forms::post_form(ctx, &paths::profile(lang, id), Text::Save, profile_fields(lang, form, errors)))
            p { a href=(paths::account(lang)) { (lang.t(Text::Back)) } }
        }
    };
    layout::page(ctx, lang.t(Text::ProfileEdit), content)
}
