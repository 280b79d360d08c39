//! Email: what a message says (rendered from Maud in the recipient's language), delivery over
//! SMTP or into the built-in mailbox, suppressions, and the delivery log.
//!
//! Every email is a `SendEmail` job, written to the outbox in the same transaction as the
//! change that causes it. Delivery checks the suppression list first: a suppressed address is
//! never sent anything (the log records it as suppressed).

pub mod suppressions;

use diesel::prelude::*;
use lettre::message::{Mailbox, MultiPart};
use lettre::{AsyncSmtpTransport, AsyncTransport, Tokio1Executor};
use serde::{Deserialize, Serialize};

use crate::db::schema::queue::emails;
use crate::db::{Databases, DbError};
use crate::i18n::Lang;

/// One email to one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Email {
    pub to: String,
    /// The recipient's language tag (`en`, `fr`).
    pub lang: String,
    pub message: Message,
}

/// What the email says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "template", rename_all = "snake_case")]
pub enum Message {
    PasswordReset {
        name: String,
        link: String,
    },
    Invitation {
        club: String,
        role: String,
        inviter: String,
        link: String,
    },
    /// A spot in a program is theirs.
    RegistrationConfirmed {
        club: String,
        program: String,
        player: String,
        total: String,
        link: String,
    },
    /// The program is full; they are in line.
    RegistrationWaitlisted {
        club: String,
        program: String,
        player: String,
        position: i64,
        link: String,
    },
    /// A spot freed up and went to them.
    RegistrationPromoted {
        club: String,
        program: String,
        player: String,
        total: String,
        link: String,
    },
    /// The link that confirms this address belongs to the account.
    VerifyEmail {
        name: String,
        link: String,
    },
    /// Someone tried to sign up with an address that already has an account.
    AccountExists {
        name: String,
        sign_in: String,
    },
    /// A member could spare in a game.
    SpareWanted {
        club: String,
        event: String,
        team: String,
        when: String,
        sheet: String,
        position: String,
        message: String,
        link: String,
    },
    /// To the requester and the skip: who will spare (`spare`: name, and address for the
    /// requester).
    SpareFilled {
        club: String,
        event: String,
        team: String,
        when: String,
        sheet: String,
        spare: String,
        link: String,
    },
    /// To the spare: the game is theirs, and who asked (name and address).
    SpareConfirmed {
        club: String,
        event: String,
        team: String,
        when: String,
        sheet: String,
        requester: String,
        link: String,
    },
    /// To the requester: the spare withdrew; the request is open again.
    SpareWithdrawn {
        club: String,
        event: String,
        team: String,
        when: String,
        spare: String,
        comment: String,
        link: String,
    },
    /// To the spare: the request was called off.
    SpareCancelled {
        club: String,
        event: String,
        team: String,
        when: String,
        link: String,
    },
    /// A booked court was freed and is held for them for a while.
    CourtOffer {
        club: String,
        court: String,
        when: String,
        until: String,
        link: String,
    },
    /// A place in an open-play day freed up and went to them.
    OpenPlayIn {
        club: String,
        session: String,
        when: String,
        link: String,
    },
    /// A club's webhook endpoint was turned off after failing (to its owners).
    WebhookDisabled {
        club: String,
        url: String,
        why: String,
        link: String,
    },
    /// Sent to the old address when an account's address changes.
    EmailChanged {
        name: String,
        new_email: String,
    },
}

impl Message {
    /// Whether the email carries a link that signs someone in or lets them act (a reset,
    /// an invitation, a confirmation). With SMTP configured, such bodies are sent but never
    /// kept: the operator's mailbox shows only who it went to and how it fared.
    pub fn carries_secret(&self) -> bool {
        matches!(
            self,
            Message::PasswordReset { .. }
                | Message::Invitation { .. }
                | Message::VerifyEmail { .. }
        )
    }

    /// The same message with every link replaced, for what is kept after sending.
    pub fn without_secrets(&self) -> Message {
        const GONE: &str = "(not kept)";
        let mut kept = self.clone();
        match &mut kept {
            Message::PasswordReset { link, .. }
            | Message::Invitation { link, .. }
            | Message::VerifyEmail { link, .. } => *link = GONE.to_string(),
            _ => {}
        }
        kept
    }

    /// Whether this is club email (about registrations), which goes only to confirmed
    /// addresses.
    pub fn is_club_mail(&self) -> bool {
        matches!(
            self,
            Message::RegistrationConfirmed { .. }
                | Message::RegistrationWaitlisted { .. }
                | Message::RegistrationPromoted { .. }
                | Message::SpareWanted { .. }
                | Message::SpareFilled { .. }
                | Message::SpareConfirmed { .. }
                | Message::SpareWithdrawn { .. }
                | Message::SpareCancelled { .. }
                | Message::OpenPlayIn { .. }
                | Message::CourtOffer { .. }
        )
    }
}

/// How mail leaves this server.
pub enum Mailer {
    /// `SMTP_URL` is set.
    Smtp {
        transport: Box<AsyncSmtpTransport<Tokio1Executor>>,
        from: Mailbox,
    },
    /// No SMTP: messages go to the mailbox page only (development, the demo).
    Mailbox,
}

#[derive(Debug, thiserror::Error)]
pub enum MailError {
    #[error("SMTP_URL: {0}")]
    Config(String),
    #[error("CLUBHOUSE_MAIL_FROM: {0}")]
    From(String),
    #[error("building the message: {0}")]
    Build(String),
    #[error("SMTP delivery: {0}")]
    Smtp(String),
    #[error(transparent)]
    Db(#[from] DbError),
}

impl Mailer {
    /// SMTP when `smtp_url` is given (e.g. `smtp://user:pass@host:587?tls=required`,
    /// `smtps://…`), else the mailbox.
    pub fn new(smtp_url: Option<&str>, from: &str) -> Result<Mailer, MailError> {
        let Some(url) = smtp_url else {
            return Ok(Mailer::Mailbox);
        };
        let transport = Box::new(
            AsyncSmtpTransport::<Tokio1Executor>::from_url(url)
                .map_err(|e| MailError::Config(e.to_string()))?
                .build(),
        );
        let from = from
            .parse()
            .map_err(|e: lettre::address::AddressError| MailError::From(e.to_string()))?;
        Ok(Mailer::Smtp { transport, from })
    }
}

/// A rendered message.
pub struct Rendered {
    pub subject: String,
    pub text: String,
    pub html: String,
}

/// Delivers the email of job `job_id` at most once per job: a job that runs again after its
/// email was logged does nothing.
pub async fn deliver(
    dbs: &Databases,
    mailer: &Mailer,
    job_id: i64,
    email: Email,
) -> Result<(), MailError> {
    let logged: bool = dbs
        .queue
        .read(move |conn| {
            Ok::<_, DbError>(
                emails::table
                    .filter(emails::job_id.eq(job_id))
                    .count()
                    .get_result::<i64>(conn)?
                    > 0,
            )
        })
        .await?;
    if logged {
        return Ok(());
    }
    let to = email.to.clone();
    let club_mail = email.message.is_club_mail();
    let (suppressed, unconfirmed) = dbs
        .shared
        .read(move |conn| -> Result<_, DbError> {
            let suppressed = suppressions::is_suppressed(conn, &to)?;
            // Club email goes only to addresses their accounts have confirmed.
            let unconfirmed = club_mail
                && crate::auth::accounts::find_by_email(conn, &to)?.is_some_and(|a| !a.verified());
            Ok((suppressed, unconfirmed))
        })
        .await?;
    let lang = Lang::from_tag(&email.lang).unwrap_or_default();
    let rendered = crate::views::mail::render(lang, &email.message);
    let status = if suppressed {
        "suppressed"
    } else if unconfirmed {
        "unconfirmed"
    } else {
        match mailer {
            Mailer::Mailbox => "mailbox",
            Mailer::Smtp { transport, from } => {
                send(transport, from, &email.to, job_id, &rendered).await?;
                "sent"
            }
        }
    };
    // Once it has left, an email whose link signs someone in is not kept: not in the
    // delivery log (the operator sees who it went to and how it fared) and not in the job.
    let forget = matches!(mailer, Mailer::Smtp { .. }) && email.message.carries_secret();
    let (text, html) = if forget {
        (String::new(), String::new())
    } else {
        (rendered.text, rendered.html)
    };
    let scrubbed = if forget {
        let kept = Email {
            message: email.message.without_secrets(),
            ..email.clone()
        };
        crate::jobs::Job::SendEmail(kept).args_json().ok()
    } else {
        None
    };
    let now = crate::jobs::queue::now_ms();
    let subject = rendered.subject;
    dbs.queue
        .write(move |conn| {
            crate::per_backend!(conn => diesel::insert_into(emails::table)
                .values((
                    emails::job_id.eq(job_id),
                    emails::recipient.eq(&email.to),
                    emails::subject.eq(&subject),
                    emails::text_body.eq(&text),
                    emails::html_body.eq(&html),
                    emails::status.eq(status),
                    emails::created_at.eq(now),
                ))
                .on_conflict_do_nothing()
                .execute(conn))?;
            if let Some(args) = scrubbed {
                use crate::db::schema::queue::jobs;
                diesel::update(jobs::table.find(job_id))
                    .set(jobs::args.eq(args))
                    .execute(conn)?;
            }
            Ok::<_, DbError>(())
        })
        .await?;
    Ok(())
}

async fn send(
    transport: &AsyncSmtpTransport<Tokio1Executor>,
    from: &Mailbox,
    to: &str,
    job_id: i64,
    rendered: &Rendered,
) -> Result<(), MailError> {
    let to: Mailbox = to
        .parse()
        .map_err(|e: lettre::address::AddressError| MailError::Build(e.to_string()))?;
    let domain = from.email.domain().to_string();
    let message = lettre::Message::builder()
        .from(from.clone())
        .to(to)
        // One id per job: a receiver can drop the duplicate if a retry ever resends.
        .message_id(Some(format!("<job-{job_id}@{domain}>")))
        .subject(&rendered.subject)
        .multipart(MultiPart::alternative_plain_html(
            rendered.text.clone(),
            rendered.html.clone(),
        ))
        .map_err(|e| MailError::Build(e.to_string()))?;
    transport
        .send(message)
        .await
        .map_err(|e| MailError::Smtp(e.to_string()))?;
    Ok(())
}
