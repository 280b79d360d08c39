//! A club's members: the list, role changes, removals and invitation links (owners and
//! admins only).

use poem::web::{Data, Form, Path};
use poem::{Request, Response, handler};

use super::context::{self, ClubManager, session};
use super::respond::see_other;
use super::{AppError, AppState, Flash, paths};
use crate::auth::{self, AccountId};
use crate::clubs::{Role, invitations, members};
use crate::db::DbError;
use crate::i18n::Text;
use crate::jobs::{Job, relay};
use crate::mail::{Email, Message};
use crate::validation::{ActionError, FieldErrors, email_field};
use crate::views;

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct RoleForm {
    role: String,
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct InviteForm {
    role: String,
    /// Optional: who to email the link to.
    email: String,
}

#[handler]
pub async fn index(
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
) -> Result<maud::Markup, AppError> {
    let (org, now) = (m.club.id, crate::auth::now());
    let (list, outstanding) = state
        .dbs
        .shared
        .read(move |conn| -> Result<_, DbError> {
            Ok((
                members::list(conn, org)?,
                crate::clubs::invitations::outstanding(conn, org, now)?,
            ))
        })
        .await?;
    Ok(views::clubs::members(
        &m.ctx,
        &m.club,
        m.role,
        m.account.get(),
        &list,
        &outstanding,
    ))
}

/// Withdraws an invitation not yet used: its link then says it is no longer valid.
#[handler]
pub async fn revoke_invitation(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
) -> Result<Response, AppError> {
    let id = super::events::id_param(req, "id")?;
    let (org, role, now) = (m.club.id, m.role, crate::auth::now());
    let outcome = state
        .dbs
        .shared
        .write(move |conn| crate::clubs::invitations::revoke(conn, org, role, id, now))
        .await;
    if let Err(ActionError::NotFound) = outcome {
        return Err(AppError::NotFound);
    }
    back(req, &m, outcome, Text::InvitationRevoked).await
}

/// After an action: back to the member list, with a message saying how it went.
async fn back(
    req: &Request,
    m: &super::context::ClubMember,
    outcome: Result<(), ActionError>,
    done: Text,
) -> Result<Response, AppError> {
    let text = match outcome {
        Ok(()) => Flash::notice(m.ctx.lang.t(done).to_string()),
        Err(ActionError::Refused(why)) => Flash::alert(m.ctx.lang.t(why).to_string()),
        Err(e) => return Err(e.into()),
    };
    context::flash(&session(req)?, text).await?;
    Ok(see_other(&paths::members(m.ctx.lang, &m.club.slug)))
}

#[handler]
pub async fn change_role(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
    Path((_slug, account)): Path<(String, i64)>,
    Form(form): Form<RoleForm>,
) -> Result<Response, AppError> {
    let role: Role = form
        .role
        .parse()
        .map_err(|_| AppError::Refused(Text::FieldInvalidChoice))?;
    let (org, my_role) = (m.club.id, m.role);
    let outcome = state
        .dbs
        .shared
        .write(move |conn| members::change_role(conn, org, my_role, AccountId(account), role))
        .await;
    back(req, &m, outcome, Text::RoleChanged).await
}

#[handler]
pub async fn remove(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
    Path((_slug, account)): Path<(String, i64)>,
) -> Result<Response, AppError> {
    let (org, my_role) = (m.club.id, m.role);
    let outcome = state
        .dbs
        .shared
        .write(move |conn| members::remove(conn, org, my_role, AccountId(account)))
        .await;
    back(req, &m, outcome, Text::MemberRemoved).await
}

#[handler]
pub async fn invite(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
    Form(form): Form<InviteForm>,
) -> Result<Response, AppError> {
    let lang = m.ctx.lang;
    let role: Role = form
        .role
        .parse()
        .map_err(|_| AppError::Refused(Text::FieldInvalidChoice))?;
    let mut errors = FieldErrors::new();
    let email = match form.email.trim() {
        "" => None,
        given => Some(email_field(&mut errors, "email", given)),
    };
    if !errors.is_empty() {
        return back(
            req,
            &m,
            Err(ActionError::Refused(Text::EmailInvalid)),
            Text::InviteCreated,
        )
        .await;
    }
    let token = invitations::new_token();
    let link = format!(
        "{}{}",
        state.public_base(req),
        paths::invitation(lang, &token)
    );
    let (org, by, by_role, now) = (m.club.id, m.account, m.role, auth::now());
    let inviter = m
        .ctx
        .viewer
        .as_ref()
        .map(|v| v.name.clone())
        .unwrap_or_default();
    let (club, sent_to, mail_link) = (m.club.name.clone(), email.clone(), link.clone());
    // The invitation and its email commit together (outbox), or not at all.
    let outcome = state
        .dbs
        .shared
        .write(move |conn| -> Result<(), ActionError> {
            let new = invitations::NewInvitation {
                org,
                by,
                by_role,
                role,
                email: sent_to.as_deref(),
            };
            invitations::create(conn, &new, &token, now)?;
            if let Some(to) = sent_to {
                let message = Message::Invitation {
                    club,
                    role: lang.t(role.label()).to_string(),
                    inviter,
                    link: mail_link,
                };
                relay::push(
                    conn,
                    &Job::SendEmail(Email {
                        to,
                        lang: lang.tag().to_string(),
                        message,
                    }),
                )?;
            }
            Ok(())
        })
        .await;
    if let Err(e) = outcome {
        return back(req, &m, Err(e), Text::InviteCreated).await;
    }
    let text = match &email {
        Some(to) => lang.format(Text::InviteEmailed, &[("email", to)]),
        None => lang.t(Text::InviteCreated).to_string(),
    };
    // Shown once, for the admin to copy.
    context::flash(
        &session(req)?,
        Flash {
            alert: false,
            text,
            link: Some(link),
        },
    )
    .await?;
    Ok(see_other(&paths::members(lang, &m.club.slug)))
}
