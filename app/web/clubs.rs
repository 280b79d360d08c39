//! Clubs: my clubs, create one, a club's home page with its sheets (courts), and the
//! owners' settings (name, region, time zone).

use poem::web::{Data, Form};
use poem::{Request, Response, handler};

use super::context::{self, ClubManager, ClubMember, SignedIn};
use super::events::id_param;
use super::respond::{rejected, see_other};
use super::{AppError, AppState, Flash, paths};
use crate::auth;
use crate::clubs::{self, Club, ClubSettings, NewClub, Role, clock, sheets};
use crate::db::DbError;
use crate::db::tenant::OrgScope;
use crate::i18n::Text;
use crate::scoring::board;
use crate::validation::{ActionError, FieldErrors, text_field};
use crate::views;
use crate::views::clubs::{NewClubForm, SettingsForm};

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

/// What the club's page shows everyone: its events (members-only ones to members) and its
/// programs.
async fn front(
    state: &AppState,
    club: &Club,
    member: Option<i64>,
) -> Result<views::clubs::ClubFront, AppError> {
    let (scope, now, zone) = (OrgScope::new(club.id), auth::now(), clock::zone(club));
    let (mut events, programs, my_games) = state
        .sport_db(club.sport)?
        .read(move |conn| {
            let mine = match member {
                Some(account) => crate::spares::mine::upcoming(
                    &crate::spares::mine::events_of(conn, &scope, account, zone)?,
                    now,
                    8,
                ),
                None => Vec::new(),
            };
            Ok::<_, DbError>((
                board::summaries(conn, &scope, now)?,
                crate::registration::list(conn, &scope)?,
                mine,
            ))
        })
        .await?;
    let member = member.is_some();
    events.retain(|e| (e.event.public || member) && e.event.archived_at.is_none());
    Ok(views::clubs::ClubFront {
        zone: clock::zone(club),
        now,
        events,
        my_games,
        programs: programs
            .into_iter()
            .filter(|p| p.program.closes_at > now)
            .collect(),
    })
}

/// The club's page, for everyone: its events and programs; for members, their links and
/// the sheets (courts).
#[handler]
pub async fn show(
    visitor: super::context::ClubVisitor,
    Data(state): Data<&AppState>,
) -> Result<maud::Markup, AppError> {
    let scope = visitor.scope();
    let sheets = state
        .sport_db(visitor.club.sport)?
        .read(move |conn| sheets::list(conn, &scope).map_err(DbError::from))
        .await?;
    let viewer = visitor
        .role
        .and(visitor.ctx.viewer.as_ref().map(|v| v.account.0));
    let front = front(state, &visitor.club, viewer).await?;
    Ok(views::clubs::show(
        &visitor.ctx,
        &visitor.club,
        visitor.role,
        &sheets,
        None,
        &front,
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
            let front = front(state, &m.club, Some(m.account.0)).await?;
            Ok(rejected(views::clubs::show(
                &m.ctx,
                &m.club,
                Some(m.role),
                &list,
                Some((None, &form.name, &errors)),
                &front,
            )))
        }
        Err(e) => Err(e.into()),
    }
}

/// Every event of the club follows a change to its sheets or clock.
async fn refresh_events(state: &AppState, club: &Club) -> Result<(), AppError> {
    let scope = OrgScope::new(club.id);
    let events = state
        .sport_db(club.sport)?
        .read(move |conn| board::events(conn, &scope).map_err(DbError::from))
        .await?;
    for event in events {
        super::events::changed(state, club, event.id).await?;
    }
    Ok(())
}

/// Renames a sheet (court).
#[handler]
pub async fn rename_sheet(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
    Form(form): Form<SheetForm>,
) -> Result<Response, AppError> {
    let id = id_param(req, "sheet")?;
    let (scope, name) = (m.scope(), form.name.clone());
    let outcome = state
        .sport_db(m.club.sport)?
        .write(move |conn| sheets::rename_checked(conn, &scope, id, &name))
        .await;
    sheet_answer(state, &m, id, &form.name, outcome).await
}

/// `up`, `down`, `delete` (refused while a game uses it).
#[handler]
pub async fn sheet_action(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
) -> Result<Response, AppError> {
    let id = id_param(req, "sheet")?;
    let scope = m.scope();
    let db = state.sport_db(m.club.sport)?;
    let outcome = match req.raw_path_param("action") {
        Some(way @ ("up" | "down")) => {
            let up = way == "up";
            db.write(move |conn| sheets::shift(conn, &scope, id, up))
                .await
        }
        Some("delete") => db.write(move |conn| sheets::remove(conn, &scope, id)).await,
        _ => return Err(AppError::NotFound),
    };
    let name = String::new();
    sheet_answer(state, &m, id, &name, outcome).await
}

async fn sheet_answer(
    state: &AppState,
    m: &ClubMember,
    id: i64,
    typed: &str,
    outcome: Result<(), ActionError>,
) -> Result<Response, AppError> {
    match outcome {
        Ok(()) => {
            refresh_events(state, &m.club).await?;
            Ok(see_other(&format!(
                "{}#sheets",
                paths::club(m.ctx.lang, &m.club.slug)
            )))
        }
        Err(e) => {
            let errors = super::events::form_errors(e)?;
            let list = super::events::club_sheets(state, &m.club).await?;
            let current = list.iter().find(|s| s.id == id).map(|s| s.name.clone());
            let shown = if typed.is_empty() {
                current.unwrap_or_default()
            } else {
                typed.to_string()
            };
            let front = front(state, &m.club, Some(m.account.0)).await?;
            Ok(rejected(views::clubs::show(
                &m.ctx,
                &m.club,
                Some(m.role),
                &list,
                Some((Some(id), &shown, &errors)),
                &front,
            )))
        }
    }
}

/// The owners' settings page: name, province or state, time zone.
fn require_owner(m: &ClubMember) -> Result<(), AppError> {
    if m.role == Role::Owner {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

#[handler]
pub async fn settings_page(member: ClubMember) -> Result<maud::Markup, AppError> {
    require_owner(&member)?;
    Ok(views::clubs::settings(
        &member.ctx,
        &member.club,
        &SettingsForm::of(&member.club),
        &FieldErrors::new(),
    ))
}

#[handler]
pub async fn save_settings(
    req: &Request,
    member: ClubMember,
    Data(state): Data<&AppState>,
    Form(form): Form<SettingsForm>,
) -> Result<Response, AppError> {
    require_owner(&member)?;
    let club = member.club.clone();
    let checked = ClubSettings::check(&form.name, &form.region, &form.time_zone);
    let settings = match checked {
        Ok(settings) => settings,
        Err(e) => {
            let errors = super::events::form_errors(e)?;
            return Ok(rejected(views::clubs::settings(
                &member.ctx,
                &club,
                &form,
                &errors,
            )));
        }
    };
    let before = clock::zone(&club);
    let after = {
        let mut changed = club.clone();
        changed.region.clone_from(&settings.region);
        changed.time_zone.clone_from(&settings.time_zone);
        clock::zone(&changed)
    };
    // The sport file first: its draws move (once) and it records the zone they are in;
    // then the club's settings. A retry after a failure in between moves nothing again.
    let (scope, keep, now) = (member.scope(), form.keep_clock.is_some(), auth::now());
    let moved = state
        .sport_db(club.sport)?
        .write(move |conn| clock::change_zone(conn, &scope, before, after, keep, now))
        .await;
    let moved = match moved {
        Ok(moved) => moved,
        Err(e) => {
            let errors = super::events::form_errors(e)?;
            return Ok(rejected(views::clubs::settings(
                &member.ctx,
                &club,
                &form,
                &errors,
            )));
        }
    };
    let (org, listed) = (club.id, form.listed.is_some());
    state
        .dbs
        .shared
        .write(move |conn| {
            clubs::update(conn, org, &settings)?;
            clubs::set_listed(conn, org, listed)?;
            Ok::<_, ActionError>(())
        })
        .await?;
    let updated = state
        .dbs
        .shared
        .read(move |conn| clubs::by_id(conn, org).map_err(DbError::from))
        .await?
        .unwrap_or(club);
    refresh_events(state, &updated).await?;
    let lang = member.ctx.lang;
    let notice = if before == after {
        lang.t(Text::Saved).to_string()
    } else {
        let changed = lang.format(Text::ClubZoneChanged, &[("zone", after.name())]);
        match moved {
            0 => changed,
            n => {
                let kept = lang.format(Text::ClubDrawsKept, &[("draws", &n.to_string())]);
                format!("{changed} {kept}")
            }
        }
    };
    context::flash(&context::session(req)?, Flash::notice(notice)).await?;
    Ok(see_other(&paths::club(lang, &updated.slug)))
}
