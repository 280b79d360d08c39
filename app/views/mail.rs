//! Email bodies: a plain-text part and an HTML part from the same texts, in the recipient's
//! language.

use maud::{DOCTYPE, Markup, html};

use crate::i18n::{Lang, Text};
use crate::mail::{Message, Rendered};

pub fn render(lang: Lang, message: &Message) -> Rendered {
    match message {
        Message::PasswordReset { name, link } => personal_link_mail(
            lang,
            name,
            link,
            [
                Text::MailResetSubject,
                Text::MailResetBody,
                Text::MailResetButton,
                Text::MailResetIgnore,
            ],
        ),
        Message::Invitation {
            club,
            role,
            inviter,
            link,
        } => {
            let subject = lang.format(Text::MailInviteSubject, &[("club", club)]);
            let body = lang.format(
                Text::MailInviteBody,
                &[("inviter", inviter), ("club", club), ("role", role)],
            );
            Rendered {
                subject,
                text: format!("{body}\n\n{link}\n"),
                html: page(
                    lang,
                    html! {
                        p { (body) }
                        p { a href=(link) { (lang.t(Text::InvitationAccept)) } }
                    },
                ),
            }
        }
        Message::RegistrationConfirmed {
            club,
            program,
            player,
            total,
            link,
        } => registration_mail(
            lang,
            lang.format(Text::MailRegisteredSubject, &[("program", program)]),
            lang.format(
                Text::MailRegisteredBody,
                &[
                    ("player", player),
                    ("program", program),
                    ("club", club),
                    ("total", total),
                ],
            ),
            link,
        ),
        Message::RegistrationWaitlisted {
            club,
            program,
            player,
            position,
            link,
        } => registration_mail(
            lang,
            lang.format(Text::MailWaitlistedSubject, &[("program", program)]),
            lang.format(
                Text::MailWaitlistedBody,
                &[
                    ("player", player),
                    ("program", program),
                    ("club", club),
                    ("position", &position.to_string()),
                ],
            ),
            link,
        ),
        Message::RegistrationPromoted {
            club,
            program,
            player,
            total,
            link,
        } => registration_mail(
            lang,
            lang.format(Text::MailPromotedSubject, &[("program", program)]),
            lang.format(
                Text::MailPromotedBody,
                &[
                    ("player", player),
                    ("program", program),
                    ("club", club),
                    ("total", total),
                ],
            ),
            link,
        ),
        Message::VerifyEmail { name, link } => personal_link_mail(
            lang,
            name,
            link,
            [
                Text::MailVerifySubject,
                Text::MailVerifyBody,
                Text::VerifyConfirm,
                Text::MailVerifyIgnore,
            ],
        ),
        Message::AccountExists { name, sign_in } => {
            let greeting = lang.format(Text::MailHello, &[("name", name)]);
            let body = lang.t(Text::MailExistsBody);
            Rendered {
                subject: lang.t(Text::MailExistsSubject).to_string(),
                text: format!("{greeting}\n\n{body}\n\n{sign_in}\n"),
                html: page(
                    lang,
                    html! {
                        p { (greeting) }
                        p { (body) }
                        p { a href=(sign_in) { (lang.t(Text::SignIn)) } }
                    },
                ),
            }
        }
        Message::SpareWanted {
            club,
            event,
            team,
            when,
            sheet,
            position,
            message,
            link,
        } => {
            let position = crate::spares::position(position)
                .map(|p| lang.t(p.label()).to_string())
                .unwrap_or_else(|| position.clone());
            let mut body = lang.format(
                Text::MailSpareWantedBody,
                &[
                    ("team", team),
                    ("event", event),
                    ("club", club),
                    ("when", when),
                    ("sheet", sheet),
                    ("position", &position),
                ],
            );
            if !message.is_empty() {
                body = format!("{body}\n\n“{message}”");
            }
            spare_mail(
                lang,
                lang.format(
                    Text::MailSpareWantedSubject,
                    &[("when", when), ("team", team)],
                ),
                body,
                link,
            )
        }
        Message::SpareFilled {
            club,
            event,
            team,
            when,
            sheet,
            spare,
            link,
        } => spare_mail(
            lang,
            lang.format(Text::MailSpareFilledSubject, &[("when", when)]),
            lang.format(
                Text::MailSpareFilledBody,
                &[
                    ("spare", spare),
                    ("team", team),
                    ("event", event),
                    ("club", club),
                    ("when", when),
                    ("sheet", sheet),
                ],
            ),
            link,
        ),
        Message::SpareConfirmed {
            club,
            event,
            team,
            when,
            sheet,
            requester,
            link,
        } => spare_mail(
            lang,
            lang.format(Text::MailSpareConfirmedSubject, &[("when", when)]),
            lang.format(
                Text::MailSpareConfirmedBody,
                &[
                    ("requester", requester),
                    ("team", team),
                    ("event", event),
                    ("club", club),
                    ("when", when),
                    ("sheet", sheet),
                ],
            ),
            link,
        ),
        Message::SpareWithdrawn {
            club,
            event,
            team,
            when,
            spare,
            comment,
            link,
        } => spare_mail(
            lang,
            lang.format(Text::MailSpareWithdrawnSubject, &[("when", when)]),
            lang.format(
                Text::MailSpareWithdrawnBody,
                &[
                    ("spare", spare),
                    ("team", team),
                    ("event", event),
                    ("club", club),
                    ("when", when),
                    ("comment", comment),
                ],
            ),
            link,
        ),
        Message::SpareCancelled {
            club,
            event,
            team,
            when,
            link,
        } => spare_mail(
            lang,
            lang.format(Text::MailSpareCancelledSubject, &[("when", when)]),
            lang.format(
                Text::MailSpareCancelledBody,
                &[
                    ("team", team),
                    ("event", event),
                    ("club", club),
                    ("when", when),
                ],
            ),
            link,
        ),
        Message::CourtOffer {
            club,
            court,
            when,
            until,
            link,
        } => linked_mail(
            lang,
            lang.format(
                Text::MailCourtOfferSubject,
                &[("court", court), ("when", when)],
            ),
            lang.format(
                Text::MailCourtOfferBody,
                &[
                    ("court", court),
                    ("club", club),
                    ("when", when),
                    ("until", until),
                ],
            ),
            link,
            Text::BookingTitle,
        ),
        Message::OpenPlayIn {
            club,
            session,
            when,
            link,
        } => linked_mail(
            lang,
            lang.format(
                Text::MailOpenPlayInSubject,
                &[("session", session), ("when", when)],
            ),
            lang.format(
                Text::MailOpenPlayInBody,
                &[("session", session), ("club", club), ("when", when)],
            ),
            link,
            Text::OpenPlayTitle,
        ),
        Message::WebhookDisabled {
            club,
            url,
            why,
            link,
        } => linked_mail(
            lang,
            lang.format(Text::MailWebhookDisabledSubject, &[("club", club)]),
            lang.format(
                Text::MailWebhookDisabledBody,
                &[("club", club), ("url", url), ("why", why)],
            ),
            link,
            Text::WebhooksTitle,
        ),
        Message::EmailChanged { name, new_email } => {
            let greeting = lang.format(Text::MailHello, &[("name", name)]);
            let body = lang.format(Text::MailEmailChangedBody, &[("email", new_email)]);
            Rendered {
                subject: lang.t(Text::MailEmailChangedSubject).to_string(),
                text: format!("{greeting}\n\n{body}\n"),
                html: page(
                    lang,
                    html! {
                        p { (greeting) }
                        p { (body) }
                    },
                ),
            }
        }
    }
}

/// "Hello {name}", a paragraph, a link to follow, and what to do if it was not you.
/// `texts`: subject, body, the link's label, the "ignore this" line.
fn personal_link_mail(lang: Lang, name: &str, link: &str, texts: [Text; 4]) -> Rendered {
    let [subject, body, button, ignore] = texts.map(|t| lang.t(t));
    let greeting = lang.format(Text::MailHello, &[("name", name)]);
    Rendered {
        subject: subject.to_string(),
        text: format!("{greeting}\n\n{body}\n\n{link}\n\n{ignore}\n"),
        html: page(
            lang,
            html! {
                p { (greeting) }
                p { (body) }
                p { a href=(link) { (button) } }
                p.small { (ignore) }
            },
        ),
    }
}

fn registration_mail(lang: Lang, subject: String, body: String, link: &str) -> Rendered {
    Rendered {
        text: format!("{body}\n\n{link}\n"),
        html: page(
            lang,
            html! {
                p { (body) }
                p { a href=(link) { (lang.t(Text::MyRegistrationsTitle)) } }
            },
        ),
        subject,
    }
}

fn spare_mail(lang: Lang, subject: String, body: String, link: &str) -> Rendered {
    linked_mail(lang, subject, body, link, Text::SparesTitle)
}

/// A club email: its paragraphs and a link to the page it is about.
fn linked_mail(lang: Lang, subject: String, body: String, link: &str, label: Text) -> Rendered {
    Rendered {
        text: format!("{body}\n\n{link}\n"),
        html: page(
            lang,
            html! {
                @for paragraph in body.split("\n\n") {
                    p { (paragraph) }
                }
                p { a href=(link) { (lang.t(label)) } }
            },
        ),
        subject,
    }
}

fn page(lang: Lang, content: Markup) -> String {
    html! {
        (DOCTYPE)
        html lang=(lang.tag()) {
            head { meta charset="utf-8"; }
            body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #14202b" {
                (content)
                p style="color: #5a6b7a; font-size: 0.9em" { (lang.t(Text::SiteName)) }
            }
        }
    }
    .into_string()
}
