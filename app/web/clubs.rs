//! Clubs: my clubs, create one, a club's home page.

use poem::web::{Data, Form};
use poem::{Response, handler};

use super::context::{ClubManager, ClubMember, SignedIn};
use super::respond::{rejected, see_other};
use super::{AppError, AppState, paths};
use crate::auth;
use crate::clubs::{self, NewClub, sheets};
use crate::db::DbError;
use crate::validation::{ActionError, FieldErrors, text_field};
use crate::views;
use crate::views::clubs::NewClubForm;

#[handler]
pub fn index(SignedIn { ctx, .. }: SignedIn) -> maud::Markup {
    let clubs = ctx
        .viewer
        .as_ref()
        .map(|v| v.clubs.clone())
        .unwrap_or_default();
    views::clubs::index(&ctx, &clubs)
}

#[handler]
pub fn new(SignedIn { ctx, .. }: SignedIn, Data(state): Data<&AppState>) -> maud::Markup {
    views::clubs::new(
        &ctx,
        &NewClubForm::default(),
        &FieldErrors::new(),
        &state.config.sports,
    )
}

#[handler]
pub async fn create(
    SignedIn { ctx, account }: SignedIn,
    Data(state): Data<&AppState>,
    Form(form): Form<NewClubForm>,
) -> Result<Response, AppError> {
    let sports = &state.config.sports;
    let outcome = match NewClub::check(&form.name, &form.slug, &form.sport, &form.region, sports) {
        Ok(checked) => {
            let now = auth::now();
            state
                .dbs
                .shared
                .write(move |conn| clubs::create(conn, account, &checked, now))
                .await
        }
        Err(e) => Err(e),
    };
    match outcome {
        Ok(club) => Ok(see_other(&paths::club(ctx.lang, &club.slug))),
        Err(ActionError::Invalid(errors)) => {
            Ok(rejected(views::clubs::new(&ctx, &form, &errors, sports)))
        }
        Err(e) => Err(e.into()),
    }
}

#[handler]
pub async fn show(
    member: ClubMember,
    Data(state): Data<&AppState>,
) -> Result<maud::Markup, AppError> {
    let scope = member.scope();
    let sheets = state
        .sport_db(member.club.sport)?
        .read(move |conn| sheets::list(conn, &scope).map_err(DbError::from))
        .await?;
    Ok(views::clubs::show(
        &member.ctx,
        &member.club,
        member.role,
        &sheets,
        &FieldErrors::new(),
    ))
}

#[derive(serde::Deserialize, Default)]
#[serde(default)]
pub struct SheetForm {
    name: String,
}

#[handler]
pub async fn add_sheet(
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
    Form(form): Form<SheetForm>,
) -> Result<Response, AppError> {
    let db = state.sport_db(m.club.sport)?;
    let mut errors = FieldErrors::new();
    let name = text_field(&mut errors, "name", &form.name, sheets::NAME_MAX_CHARS);
    let scope = m.scope();
    let outcome = match errors.or(name) {
        Ok(name) => {
            let now = auth::now();
            db.write(move |conn| sheets::add(conn, &scope, &name, now).map_err(sheets::added))
                .await
        }
        Err(e) => Err(e),
    };
    match outcome {
        Ok(_) => Ok(see_other(&paths::club(m.ctx.lang, &m.club.slug))),
        Err(ActionError::Invalid(errors)) => {
            let list = db
                .read(move |conn| sheets::list(conn, &scope).map_err(DbError::from))
                .await?;
            Ok(rejected(views::clubs::show(
                &m.ctx, &m.club, m.role, &list, &errors,
            )))
        }
        Err(e) => Err(e.into()),
    }
}
