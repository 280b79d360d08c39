//! Invitation links: the page a link opens, and accepting it.

use poem::web::{Data, Path};
use poem::{Request, Response, handler};

use super::context::{self, FormPage, SignedIn, encode, session};
use super::respond::see_other;
use super::{AppError, AppState, Flash, paths};
use crate::auth;
use crate::clubs::invitations;
use crate::i18n::Text;
use crate::views;

#[handler]
pub async fn show(
    FormPage(ctx): FormPage,
    Data(state): Data<&AppState>,
    Path(token): Path<String>,
) -> Result<maud::Markup, AppError> {
    let now = auth::now();
    let lookup = token.clone();
    let found = state
        .dbs
        .shared
        .read(move |conn| invitations::pending(conn, &lookup, now))
        .await;
    let pending = match found {
        Ok(pending) => pending,
        // Used, expired or withdrawn: say which, not "not found".
        Err(crate::validation::ActionError::Refused(why)) => return Err(AppError::Gone(why)),
        Err(e) => return Err(e.into()),
    };
    let next = encode(&paths::invitation(ctx.lang, &token));
    let sign_in = format!("{}?next={next}", paths::sign_in(ctx.lang));
    let sign_up = format!("{}?next={next}", paths::sign_up(ctx.lang));
    let refusal = ctx
        .viewer
        .as_ref()
        .and_then(|v| invitations::refusal(&pending, &v.email, v.verified));
    Ok(views::clubs::invitation(
        &ctx, &token, &pending, refusal, &sign_in, &sign_up,
    ))
}

#[handler]
pub async fn accept(
    req: &Request,
    SignedIn { ctx, account }: SignedIn,
    Data(state): Data<&AppState>,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    let now = auth::now();
    let club = state
        .dbs
        .shared
        .write(move |conn| invitations::accept(conn, &token, account, now))
        .await
        .map_err(|e| match e {
            crate::validation::ActionError::Refused(
                why @ (Text::InvitationUsed | Text::InvitationExpired),
            ) => AppError::Gone(why),
            other => other.into(),
        })?;
    let text = ctx
        .lang
        .format(Text::InvitationAccepted, &[("club", &club.name)]);
    context::flash(&session(req)?, Flash::notice(text)).await?;
    Ok(see_other(&paths::club(ctx.lang, &club.slug)))
}
