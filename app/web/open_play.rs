//! Open play over HTTP: the sessions (owners and admins set them up and correct them), a
//! day's sign-up and waitlist, the desk (owners, admins and scorekeepers check players in and
//! end games) and the court board for the club's TV. Every change tells the desk, the board
//! and the booking grid to fetch themselves again.

use std::collections::HashMap;

use chrono::NaiveDate;
use poem::http::StatusCode;
use poem::web::{Data, Form, Query};
use poem::{IntoResponse, Request, Response, handler};

use super::context::{self, ClubManager, ClubMember, Flash};
use super::events::{form_errors, id_param};
use super::respond::{rejected, see_other};
use super::{AppError, AppState, paths};
use crate::clubs::clock;
use crate::courts::open_play::{self, DeskAction, Draft, Notice, Session};
use crate::courts::queue::{Format, Rotation};
use crate::courts::{self};
use crate::db::DbError;
use crate::i18n::Text;
use crate::live::Topic;
use crate::validation::{ActionError, FieldErrors};
use crate::views;
use crate::views::open_play::{Card, DayPage, FloorView, Names, SessionForm};

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct DayQuery {
    date: String,
}

async fn sheets(
    state: &AppState,
    m: &ClubMember,
) -> Result<Vec<crate::clubs::sheets::Sheet>, AppError> {
    let scope = m.scope();
    Ok(state
        .sport_db(m.club.sport)?
        .read(move |conn| crate::clubs::sheets::list(conn, &scope).map_err(DbError::from))
        .await?)
}

async fn names(state: &AppState, m: &ClubMember) -> Result<Names, AppError> {
    Ok(super::spares::club_members(state, m.club.id)
        .await?
        .into_iter()
        .collect())
}

async fn session(state: &AppState, m: &ClubMember, id: i64) -> Result<Session, AppError> {
    let scope = m.scope();
    Ok(state
        .sport_db(m.club.sport)?
        .read(move |conn| open_play::session(conn, &scope, id))
        .await?)
}

/// The day asked for (it must be one the session runs), or its next day.
fn day_of(m: &ClubMember, s: &Session, query: &DayQuery) -> Result<NaiveDate, AppError> {
    let zone = clock::zone(&m.club);
    match query.date.trim() {
        "" => Ok(open_play::next_days(&s.draft, zone, crate::auth::now(), 1)
            .first()
            .copied()
            .unwrap_or_else(|| clock::date(zone, crate::auth::now()).unwrap_or_default())),
        text => {
            let day = NaiveDate::parse_from_str(text, "%Y-%m-%d")
                .map_err(|_| AppError::Invalid(m.ctx.lang.t(Text::CourtDateInvalid).into()))?;
            open_play::occurrence(&s.draft, zone, day).ok_or(AppError::NotFound)?;
            Ok(day)
        }
    }
}

/// The form read into a session, or what could not be read.
fn read(form: &SessionForm) -> Result<Draft, FieldErrors> {
    let mut errors = FieldErrors::new();
    let weekday = form.weekday.trim().parse::<i64>().unwrap_or(-1);
    let starts = courts::parse_hhmm(&form.starts_at);
    // An end at 00:00 is midnight, the end of the day (a time input cannot say 24:00).
    let ends = courts::parse_hhmm(&form.ends_at).map(|m| if m == 0 { 24 * 60 } else { m });
    if starts.is_none() {
        errors.add("starts_at", Text::CourtTimeInvalid);
    }
    if ends.is_none() {
        errors.add("ends_at", Text::CourtTimeInvalid);
    }
    let capacity = form.capacity.trim().parse::<i64>().unwrap_or_else(|_| {
        errors.add("capacity", Text::CourtNumberNeeded);
        0
    });
    let format = Format::parse(form.format.trim()).unwrap_or_else(|| {
        errors.add("format", Text::FieldInvalidChoice);
        Format::Doubles
    });
    let rotation = Rotation::parse(form.rotation.trim()).unwrap_or_else(|| {
        errors.add("rotation", Text::FieldInvalidChoice);
        Rotation::WinnersStay
    });
    let mut courts = Vec::new();
    for c in &form.courts {
        match c.trim().parse::<i64>() {
            Ok(id) if !courts.contains(&id) => courts.push(id),
            Ok(_) => {}
            Err(_) => errors.add("courts", Text::OpenPlayCourts),
        }
    }
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(Draft {
        name: form.name.clone(),
        weekday,
        starts_minute: starts.unwrap_or_default(),
        ends_minute: ends.unwrap_or_default(),
        level: form.level.clone(),
        capacity,
        format,
        rotation,
        courts,
    })
}

async fn list_page(
    state: &AppState,
    m: &ClubMember,
    form: &SessionForm,
    errors: &FieldErrors,
) -> Result<maud::Markup, AppError> {
    let (scope, zone, now) = (m.scope(), clock::zone(&m.club), crate::auth::now());
    let (sessions, rosters, sheets) = state
        .sport_db(m.club.sport)?
        .read(move |conn| -> Result<_, DbError> {
            let sessions = open_play::sessions(conn, &scope)?;
            let mut rosters = Vec::new();
            for s in &sessions {
                let next = open_play::next_days(&s.draft, zone, now, 1)
                    .first()
                    .copied();
                rosters.push(match next {
                    Some(day) => Some((day, open_play::roster(conn, &scope, s, day)?)),
                    None => None,
                });
            }
            Ok((sessions, rosters, crate::clubs::sheets::list(conn, &scope)?))
        })
        .await?;
    let cards: Vec<Card> = sessions
        .iter()
        .zip(&rosters)
        .map(|(session, next)| Card {
            session,
            next: next.as_ref().map(|(d, r)| (*d, r)),
        })
        .collect();
    Ok(views::open_play::list(
        &m.ctx,
        &m.club,
        &cards,
        &sheets,
        m.role.manages_members(),
        form,
        errors,
    ))
}

#[handler]
pub async fn list(m: ClubMember, Data(state): Data<&AppState>) -> Result<maud::Markup, AppError> {
    list_page(state, &m, &SessionForm::blank(), &FieldErrors::new()).await
}

/// Tells the desk, the board and the booking grid to fetch themselves again.
async fn publish(state: &AppState, m: &ClubMember) {
    super::courts::publish(state, m.club.id).await;
}

#[handler]
pub async fn create(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let form = SessionForm::from_pairs(&pairs);
    let outcome = match read(&form) {
        Ok(draft) => {
            let (scope, now, zone) = (m.scope(), crate::auth::now(), clock::zone(&m.club));
            state
                .sport_db(m.club.sport)?
                .write(move |conn| open_play::create(conn, &scope, &draft, zone, now))
                .await
        }
        Err(errors) => Err(ActionError::Invalid(errors)),
    };
    match outcome {
        Ok(id) => {
            publish(state, &m).await;
            context::flash(
                &context::session(req)?,
                Flash::notice(m.ctx.lang.t(Text::OpenPlayCreated)),
            )
            .await?;
            Ok(see_other(&paths::open_play_session(
                m.ctx.lang,
                &m.club.slug,
                id,
                "",
                None,
            )))
        }
        Err(e) => Ok(rejected(
            list_page(state, &m, &form, &form_errors(e)?).await?,
        )),
    }
}

#[handler]
pub async fn edit_page(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
) -> Result<maud::Markup, AppError> {
    let s = session(state, &m, id_param(req, "session")?).await?;
    let sheets = sheets(state, &m).await?;
    Ok(views::open_play::edit(
        &m.ctx,
        &m.club,
        &s,
        &sheets,
        &SessionForm::of(&s),
        &FieldErrors::new(),
    ))
}

#[handler]
pub async fn update(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
    Form(pairs): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let id = id_param(req, "session")?;
    let s = session(state, &m, id).await?;
    let form = SessionForm::from_pairs(&pairs);
    let outcome = match read(&form) {
        Ok(draft) => {
            let (scope, now, zone) = (m.scope(), crate::auth::now(), clock::zone(&m.club));
            state
                .sport_db(m.club.sport)?
                .write(move |conn| open_play::update(conn, &scope, id, &draft, zone, now))
                .await
        }
        Err(errors) => Err(ActionError::Invalid(errors)),
    };
    match outcome {
        Ok(()) => {
            publish(state, &m).await;
            context::flash(
                &context::session(req)?,
                Flash::notice(m.ctx.lang.t(Text::Saved)),
            )
            .await?;
            Ok(see_other(&paths::open_play_session(
                m.ctx.lang,
                &m.club.slug,
                id,
                "",
                None,
            )))
        }
        Err(e) => {
            let errors = form_errors(e)?;
            let sheets = sheets(state, &m).await?;
            Ok(rejected(views::open_play::edit(
                &m.ctx, &m.club, &s, &sheets, &form, &errors,
            )))
        }
    }
}

#[handler]
pub async fn archive(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
) -> Result<Response, AppError> {
    let id = id_param(req, "session")?;
    let scope = m.scope();
    state
        .sport_db(m.club.sport)?
        .write(move |conn| open_play::archive(conn, &scope, id))
        .await?;
    publish(state, &m).await;
    context::flash(
        &context::session(req)?,
        Flash::notice(m.ctx.lang.t(Text::OpenPlayArchived)),
    )
    .await?;
    Ok(see_other(&paths::open_play(m.ctx.lang, &m.club.slug)))
}

#[handler]
pub async fn show(
    req: &Request,
    m: ClubMember,
    Data(state): Data<&AppState>,
    Query(query): Query<DayQuery>,
) -> Result<maud::Markup, AppError> {
    let s = session(state, &m, id_param(req, "session")?).await?;
    let day = day_of(&m, &s, &query)?;
    let (zone, now) = (clock::zone(&m.club), crate::auth::now());
    let days = open_play::next_days(&s.draft, zone, now, 4);
    let (scope, session) = (m.scope(), s.clone());
    let (roster, sheets) = state
        .sport_db(m.club.sport)?
        .read(move |conn| -> Result<_, DbError> {
            Ok((
                open_play::roster(conn, &scope, &session, day)?,
                crate::clubs::sheets::list(conn, &scope)?,
            ))
        })
        .await?;
    let names = names(state, &m).await?;
    let open = open_play::occurrence(&s.draft, zone, day).is_some_and(|(_, end)| end > now);
    let topic = Topic::Courts {
        org: m.club.id,
        lang: m.ctx.lang,
    };
    let page = DayPage {
        club: &m.club,
        session: &s,
        sheets: &sheets,
        day,
        days: &days,
        roster: &roster,
        names: &names,
        viewer: m.account.0,
        desk: m.role.keeps_score(),
        manager: m.role.manages_members(),
        open,
        live_url: paths::live(&[topic.to_string()], state.hub.head()),
    };
    Ok(if m.ctx.htmx {
        views::open_play::players(m.ctx.lang, &page)
    } else {
        views::open_play::day(&m.ctx, &page)
    })
}

fn when_text(m: &ClubMember, s: &Session, day: NaiveDate) -> String {
    format!(
        "{} {}",
        day.format("%Y-%m-%d"),
        courts::hhmm(s.draft.starts_minute)
    ) + &format!(" ({})", clock::zone(&m.club).name())
}

async fn back(
    req: &Request,
    m: &ClubMember,
    s: &Session,
    day: NaiveDate,
    part: &str,
    flash: Option<Flash>,
) -> Result<Response, AppError> {
    if let Some(flash) = flash {
        context::flash(&context::session(req)?, flash).await?;
    }
    Ok(see_other(&paths::open_play_session(
        m.ctx.lang,
        &m.club.slug,
        s.id,
        part,
        Some(day),
    )))
}

#[handler]
pub async fn sign_up(
    req: &Request,
    m: ClubMember,
    Data(state): Data<&AppState>,
    Query(query): Query<DayQuery>,
) -> Result<Response, AppError> {
    let s = session(state, &m, id_param(req, "session")?).await?;
    let day = day_of(&m, &s, &query)?;
    let (scope, zone, account, now, session) = (
        m.scope(),
        clock::zone(&m.club),
        m.account.0,
        crate::auth::now(),
        s.clone(),
    );
    let place = state
        .sport_db(m.club.sport)?
        .write(move |conn| open_play::sign_up(conn, &scope, &session, zone, day, account, now))
        .await;
    let lang = m.ctx.lang;
    let text = match place {
        Ok(0) => lang.t(Text::OpenPlayIn).to_string(),
        Ok(n) => lang.format(Text::OpenPlayInLine, &[("n", &n.to_string())]),
        Err(ActionError::Refused(text)) => {
            return back(req, &m, &s, day, "", Some(Flash::alert(lang.t(text)))).await;
        }
        Err(e) => return Err(e.into()),
    };
    publish(state, &m).await;
    back(req, &m, &s, day, "", Some(Flash::notice(text))).await
}

#[handler]
pub async fn cancel(
    req: &Request,
    m: ClubMember,
    Data(state): Data<&AppState>,
    Query(query): Query<DayQuery>,
) -> Result<Response, AppError> {
    let s = session(state, &m, id_param(req, "session")?).await?;
    let day = day_of(&m, &s, &query)?;
    let (scope, session) = (m.scope(), s.clone());
    let waiting: Vec<i64> = state
        .sport_db(m.club.sport)?
        .read(move |conn| open_play::roster(conn, &scope, &session, day).map_err(DbError::from))
        .await?
        .waiting
        .iter()
        .map(|w| w.account)
        .collect();
    let org = m.club.id;
    let contacts: HashMap<_, _> = state
        .dbs
        .shared
        .read(move |conn| {
            crate::spares::notices::contacts(conn, org, &waiting).map_err(DbError::from)
        })
        .await?;
    let notice = Notice {
        contacts,
        club: m.club.name.clone(),
        when: when_text(&m, &s, day),
        link: format!(
            "{}{}",
            state.public_base(req),
            paths::open_play_session(m.ctx.lang, &m.club.slug, s.id, "", Some(day))
        ),
    };
    let (scope, account, now, session) = (m.scope(), m.account.0, crate::auth::now(), s.clone());
    let zone = clock::zone(&m.club);
    let outcome = state
        .sport_db(m.club.sport)?
        .write(move |conn| {
            open_play::cancel(conn, &scope, &session, zone, day, account, &notice, now)
        })
        .await;
    let lang = m.ctx.lang;
    match outcome {
        Ok(_) => {
            publish(state, &m).await;
            back(
                req,
                &m,
                &s,
                day,
                "",
                Some(Flash::notice(lang.t(Text::OpenPlayCancelled))),
            )
            .await
        }
        Err(ActionError::Refused(text)) => {
            back(req, &m, &s, day, "", Some(Flash::alert(lang.t(text)))).await
        }
        Err(e) => Err(e.into()),
    }
}

/// Who may run the desk: owners, admins and scorekeepers.
fn desk_keeper(m: &ClubMember) -> Result<(), AppError> {
    if m.role.keeps_score() {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

async fn floor_page(
    state: &AppState,
    m: &ClubMember,
    s: &Session,
    day: NaiveDate,
    alert: Option<Text>,
    tv: bool,
) -> Result<maud::Markup, AppError> {
    let (scope, session) = (m.scope(), s.clone());
    let (floor, roster, sheets) = state
        .sport_db(m.club.sport)?
        .read(move |conn| -> Result<_, DbError> {
            Ok((
                open_play::floor(conn, &scope, &session, day)?,
                open_play::roster(conn, &scope, &session, day)?,
                crate::clubs::sheets::list(conn, &scope)?,
            ))
        })
        .await?;
    let names = names(state, m).await?;
    let topic = Topic::Courts {
        org: m.club.id,
        lang: m.ctx.lang,
    };
    let view = FloorView {
        club: &m.club,
        session: s,
        sheets: &sheets,
        day,
        floor: &floor.0,
        version: floor.1,
        roster: &roster,
        names: &names,
        live_url: paths::live(&[topic.to_string()], state.hub.head()),
        alert,
    };
    Ok(match (tv, m.ctx.htmx) {
        (true, true) => views::open_play::board_body(m.ctx.lang, &view),
        (true, false) => views::open_play::board(&m.ctx, &view),
        (false, true) => views::open_play::desk_body(&m.ctx, &view),
        (false, false) => views::open_play::desk(&m.ctx, &view),
    })
}

#[handler]
pub async fn desk(
    req: &Request,
    m: ClubMember,
    Data(state): Data<&AppState>,
    Query(query): Query<DayQuery>,
) -> Result<maud::Markup, AppError> {
    desk_keeper(&m)?;
    let s = session(state, &m, id_param(req, "session")?).await?;
    let day = day_of(&m, &s, &query)?;
    floor_page(state, &m, &s, day, None, false).await
}

#[handler]
pub async fn board(
    req: &Request,
    m: ClubMember,
    Data(state): Data<&AppState>,
    Query(query): Query<DayQuery>,
) -> Result<maud::Markup, AppError> {
    let s = session(state, &m, id_param(req, "session")?).await?;
    let day = day_of(&m, &s, &query)?;
    floor_page(state, &m, &s, day, None, true).await
}

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct DeskForm {
    action: String,
    account: String,
    sheet: String,
    winner: String,
    version: String,
}

fn desk_action(form: &DeskForm) -> Option<DeskAction> {
    let account = form.account.trim().parse::<i64>();
    Some(match form.action.as_str() {
        "check_in" => DeskAction::CheckIn(account.ok()?),
        "leave" => DeskAction::Leave(account.ok()?),
        "rejoin" => DeskAction::Rejoin(account.ok()?),
        "walk_in" => DeskAction::WalkIn(account.ok()?),
        "finish" => DeskAction::Finish {
            sheet: form.sheet.trim().parse().ok()?,
            winner: match form.winner.trim() {
                "0" => 0,
                "1" => 1,
                _ => return None,
            },
        },
        _ => return None,
    })
}

#[handler]
pub async fn desk_act(
    req: &Request,
    m: ClubMember,
    Data(state): Data<&AppState>,
    Query(query): Query<DayQuery>,
    Form(form): Form<DeskForm>,
) -> Result<Response, AppError> {
    desk_keeper(&m)?;
    let s = session(state, &m, id_param(req, "session")?).await?;
    let day = day_of(&m, &s, &query)?;
    let lang = m.ctx.lang;
    let (Some(action), Ok(seen)) = (desk_action(&form), form.version.trim().parse::<i64>()) else {
        return Err(AppError::Invalid(lang.t(Text::ErrorInvalidBody).into()));
    };
    if let DeskAction::WalkIn(account) = action
        && !names(state, &m).await?.contains_key(&account)
    {
        return Err(AppError::Invalid(lang.t(Text::FieldInvalidChoice).into()));
    }
    let (scope, now, session) = (m.scope(), crate::auth::now(), s.clone());
    let outcome = state
        .sport_db(m.club.sport)?
        .write(move |conn| open_play::desk(conn, &scope, &session, day, action, seen, now))
        .await;
    match outcome {
        Ok(()) => {
            publish(state, &m).await;
            back(req, &m, &s, day, "desk", None).await
        }
        Err(ActionError::Refused(text)) => Ok(floor_page(state, &m, &s, day, Some(text), false)
            .await?
            .with_status(StatusCode::CONFLICT)
            .into_response()),
        Err(e) => Err(e.into()),
    }
}
