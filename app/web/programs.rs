//! Programs: the club's list, creating and changing one, a program's page and registering
//! for it.

use chrono::TimeZone;
use chrono_tz::Tz;
use poem::web::{Data, Form};
use poem::{Request, Response, handler};

use super::context::{self, ClubManager, ClubVisitor, Flash, session};
use super::events::id_param;
use super::respond::{rejected, see_other};
use super::{AppError, AppState, Redirect, paths};
use crate::auth::profiles::{self, ProfileId};
use crate::auth::{self, accounts};
use crate::clubs::Club;
use crate::clubs::receipts::{self, ReceiptDetails};
use crate::db::DbError;
use crate::db::tenant::OrgScope;
use crate::i18n::{Lang, Text};
use crate::live::Topic;
use crate::registration::places::{ClubMail, Outcome, Placed, Registrant};
use crate::registration::programs::{self as program_setup};
use crate::registration::{self, NewProgram, ProgramForm, ProgramSummary, places};
use crate::validation::{ActionError, FieldErrors};
use crate::views;
use crate::views::programs::{ProgramPage, ProgramsPage, Signup};

pub fn zone(club: &Club) -> Tz {
    crate::clubs::clock::zone(club)
}

pub fn club_mail(state: &AppState, req: &Request, club: &Club) -> ClubMail {
    ClubMail {
        club: club.name.clone(),
        slug: club.slug.clone(),
        base_url: state.public_base(req),
    }
}

/// Publishes the program's new counts after the response is on its way: a registration's
/// answer never waits for the spectators' update.
pub fn publish_later(state: &AppState, club: &Club, program: i64) {
    crate::live::programs::schedule(&state.hub, state.dbs.clone(), club.clone(), program);
}

async fn list(state: &AppState, club: &Club) -> Result<Vec<ProgramSummary>, AppError> {
    let scope = OrgScope::new(club.id);
    Ok(state
        .sport_db(club.sport)?
        .read(move |conn| registration::list(conn, &scope).map_err(DbError::from))
        .await?)
}

/// What the programs page shows besides its forms.
pub(super) struct Listing {
    programs: Vec<ProgramSummary>,
    taxes: Vec<crate::taxes::Rate>,
    receipt: ReceiptDetails,
}

pub(super) async fn listing(state: &AppState, club: &Club) -> Result<Listing, AppError> {
    let org = club.id;
    Ok(Listing {
        programs: list(state, club).await?,
        taxes: rates(state, club).await?,
        receipt: state
            .dbs
            .shared
            .read(move |conn| receipts::get(conn, org).map_err(DbError::from))
            .await?,
    })
}

/// The programs page's forms (for admins): blank, or one as posted with its messages.
pub(super) enum Posted {
    Nothing,
    Program(ProgramForm, FieldErrors),
    Tax(super::billing::TaxForm, FieldErrors),
    Receipt(ReceiptDetails, FieldErrors),
}

pub(super) fn programs_page(
    ctx: &super::PageContext,
    club: &Club,
    listing: &Listing,
    can_manage: bool,
    posted: Posted,
) -> maud::Markup {
    let none = FieldErrors::new();
    let blank_program = ProgramForm::defaults(zone(club), auth::now());
    let (form, errors) = match &posted {
        Posted::Program(form, errors) => (form, errors),
        _ => (&blank_program, &none),
    };
    let (tax_form, tax_errors) = match &posted {
        Posted::Tax(form, errors) => ((form.tax_name.as_str(), form.tax_rate.as_str()), errors),
        _ => (("", ""), &none),
    };
    let (receipt, receipt_errors) = match &posted {
        Posted::Receipt(details, errors) => (details, errors),
        _ => (&listing.receipt, &none),
    };
    views::programs::programs(
        ctx,
        &ProgramsPage {
            club,
            programs: &listing.programs,
            zone: zone(club),
            now: auth::now(),
            can_manage,
            form,
            errors,
            taxes: &listing.taxes,
            tax_form,
            tax_errors,
            receipt,
            receipt_errors,
        },
    )
}

#[handler]
pub async fn index(
    visitor: ClubVisitor,
    Data(state): Data<&AppState>,
) -> Result<maud::Markup, AppError> {
    let listing = listing(state, &visitor.club).await?;
    Ok(programs_page(
        &visitor.ctx,
        &visitor.club,
        &listing,
        visitor.can_manage(),
        Posted::Nothing,
    ))
}

#[handler]
pub async fn create(
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
    Form(form): Form<ProgramForm>,
) -> Result<Response, AppError> {
    let zone = zone(&m.club);
    let scope = m.scope();
    let now = auth::now();
    let outcome = match NewProgram::check(&form, zone) {
        Ok(program) => {
            state
                .sport_db(m.club.sport)?
                .write(move |conn| program_setup::create(conn, &scope, &program, now))
                .await
        }
        Err(e) => Err(e),
    };
    match outcome {
        Ok(id) => Ok(see_other(&paths::program(m.ctx.lang, &m.club.slug, id))),
        Err(ActionError::Invalid(errors)) => {
            let listing = listing(state, &m.club).await?;
            Ok(rejected(programs_page(
                &m.ctx,
                &m.club,
                &listing,
                true,
                Posted::Program(form, errors),
            )))
        }
        Err(e) => Err(e.into()),
    }
}

async fn summary(state: &AppState, club: &Club, id: i64) -> Result<ProgramSummary, AppError> {
    let scope = OrgScope::new(club.id);
    state
        .sport_db(club.sport)?
        .read(move |conn| registration::summary(conn, &scope, id).map_err(DbError::from))
        .await?
        .ok_or(AppError::NotFound)
}

/// Today's date at the club, for the tax rates in force.
pub fn club_date(club: &Club, now: i64) -> String {
    zone(club)
        .timestamp_opt(now, 0)
        .single()
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}

/// The taxes on the club's fees today.
async fn rates(state: &AppState, club: &Club) -> Result<Vec<crate::taxes::Rate>, AppError> {
    let (org, region, date) = (club.id, club.region.clone(), club_date(club, auth::now()));
    Ok(state
        .dbs
        .shared
        .read(move |conn| crate::taxes::for_club(conn, org, &region, &date).map_err(DbError::from))
        .await?)
}

#[handler]
pub async fn show(
    req: &Request,
    visitor: ClubVisitor,
    Data(state): Data<&AppState>,
) -> poem::Result<maud::Markup> {
    let id = id_param(req, "program")?;
    let after = state.hub.head();
    let summary = summary(state, &visitor.club, id).await?;
    let price = crate::taxes::breakdown(summary.program.fee, &rates(state, &visitor.club).await?);
    let profiles: Vec<(profiles::Profile, Option<registration::Status>)>;
    let signup = match &visitor.ctx.viewer {
        None => Signup::SignIn(context::sign_in_url(&visitor.ctx)),
        Some(_) if summary.program.members_only && visitor.role.is_none() => {
            Signup::NotAllowed(Text::RegistrationMembersOnly)
        }
        Some(viewer) if !viewer.verified => Signup::NotAllowed(Text::VerifyNeeded),
        Some(viewer) => {
            let account = viewer.account;
            let mine = state
                .dbs
                .shared
                .read(move |conn| profiles::list(conn, account).map_err(DbError::from))
                .await
                .map_err(AppError::from)?;
            let scope = visitor.scope();
            let registered = state
                .sport_db(visitor.club.sport)?
                .read(move |conn| {
                    registration::standing_in(conn, &scope, id, account).map_err(DbError::from)
                })
                .await
                .map_err(AppError::from)?;
            profiles = mine
                .into_iter()
                .map(|p| {
                    let status = registered.get(&p.id).copied();
                    (p, status)
                })
                .collect();
            Signup::Profiles(&profiles)
        }
    };
    let topic = Topic::Program {
        org: visitor.club.id,
        program: id,
        lang: visitor.ctx.lang,
    };
    Ok(views::programs::program(
        &visitor.ctx,
        &ProgramPage {
            club: &visitor.club,
            summary: &summary,
            price: &price,
            zone: zone(&visitor.club),
            now_ms: crate::jobs::queue::now_ms(),
            live_url: paths::live(&[topic.to_string()], after),
            can_manage: visitor.can_manage(),
            signup,
        },
    ))
}

fn placed_text(lang: Lang, placed: &[Placed]) -> String {
    placed
        .iter()
        .map(|p| {
            let player = p.player.as_str();
            match &p.outcome {
                Outcome::Confirmed => lang.format(Text::RegisteredConfirmed, &[("player", player)]),
                Outcome::Waitlisted(n) => lang.format(
                    Text::RegisteredWaitlisted,
                    &[("player", player), ("position", &n.to_string())],
                ),
                Outcome::AlreadyRegistered(status) => lang.format(
                    Text::RegisteredAlready,
                    &[("player", player), ("status", lang.t(status.text()))],
                ),
            }
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// `profile=…` repeated: the profiles to register.
fn chosen_profiles(fields: &[(String, String)]) -> Result<Vec<ProfileId>, AppError> {
    let mut ids = Vec::new();
    for (key, value) in fields {
        if key == "profile" {
            let id = value
                .parse::<i64>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or(AppError::Refused(Text::RegistrationProfileNotYours))?;
            if !ids.contains(&ProfileId(id)) {
                ids.push(ProfileId(id));
            }
        }
    }
    if ids.is_empty() || ids.len() > 20 {
        return Err(AppError::Refused(Text::RegistrationNoProfile));
    }
    Ok(ids)
}

#[handler]
pub async fn register(
    req: &Request,
    visitor: ClubVisitor,
    Data(state): Data<&AppState>,
    Form(fields): Form<Vec<(String, String)>>,
) -> poem::Result<Response> {
    let Some(viewer) = visitor.ctx.viewer.clone() else {
        return Err(Redirect::to_sign_in(&visitor.ctx).into());
    };
    if !viewer.verified {
        return Err(AppError::Refused(Text::VerifyNeeded).into());
    }
    let program = id_param(req, "program")?;
    let wanted = match chosen_profiles(&fields) {
        Ok(wanted) => wanted,
        // Nobody ticked: back to the program's page, which says so above its form.
        Err(AppError::Refused(Text::RegistrationNoProfile)) => {
            let lang = visitor.ctx.lang;
            context::flash(
                &session(req)?,
                Flash::alert(lang.t(Text::RegistrationNoProfile)),
            )
            .await?;
            return Ok(see_other(&paths::program(
                lang,
                &visitor.club.slug,
                program,
            )));
        }
        Err(e) => return Err(e.into()),
    };
    let account = viewer.account;
    // Profiles are the account's own; anyone else's is refused before anything is written.
    // One read brings them, the account's email and the taxes in force at the club today.
    let (org, region, date) = (
        visitor.club.id,
        visitor.club.region.clone(),
        club_date(&visitor.club, auth::now()),
    );
    let (email, players, rates) = state
        .dbs
        .shared
        .read(move |conn| -> Result<_, ActionError> {
            let email = accounts::find(conn, account)?
                .ok_or(ActionError::NotFound)?
                .email;
            let mut players = Vec::with_capacity(wanted.len());
            for id in wanted {
                let profile = profiles::find(conn, account, id)
                    .map_err(|_| ActionError::Refused(Text::RegistrationProfileNotYours))?;
                players.push((profile.id, profile.name));
            }
            let rates = crate::taxes::for_club(conn, org, &region, &date)?;
            Ok((email, players, rates))
        })
        .await
        .map_err(AppError::from)?;
    let who = Registrant {
        account,
        email,
        lang: viewer.lang,
        member: visitor.role.is_some(),
    };
    let mail = club_mail(state, req, &visitor.club);
    let scope = visitor.scope();
    let placed = state
        .sport_db(visitor.club.sport)?
        .write(move |conn| {
            // The moment of acceptance is when the file's writer takes it, so the order of
            // the times is the order of the line.
            let now_ms = crate::jobs::queue::now_ms();
            places::register(conn, &scope, &mail, program, &who, &players, &rates, now_ms)
        })
        .await
        .map_err(AppError::from)?;
    if placed
        .iter()
        .any(|p| !matches!(p.outcome, Outcome::AlreadyRegistered(_)))
    {
        publish_later(state, &visitor.club, program);
    }
    let lang = visitor.ctx.lang;
    context::flash(&session(req)?, Flash::notice(placed_text(lang, &placed))).await?;
    Ok(see_other(&paths::my_registrations(
        lang,
        &visitor.club.slug,
    )))
}

#[handler]
pub async fn manage(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
) -> Result<maud::Markup, AppError> {
    let id = id_param(req, "program")?;
    let summary = summary(state, &m.club, id).await?;
    let zone = zone(&m.club);
    Ok(views::programs::program_manage(
        &m.ctx,
        &m.club,
        &summary,
        &ProgramForm::of(&summary.program, zone),
        &FieldErrors::new(),
        zone,
    ))
}

#[handler]
pub async fn update(
    req: &Request,
    ClubManager(m): ClubManager,
    Data(state): Data<&AppState>,
    Form(form): Form<ProgramForm>,
) -> Result<Response, AppError> {
    let id = id_param(req, "program")?;
    let zone = zone(&m.club);
    let scope = m.scope();
    let mail = club_mail(state, req, &m.club);
    let now_ms = crate::jobs::queue::now_ms();
    let outcome = match NewProgram::check(&form, zone) {
        Ok(program) => {
            state
                .sport_db(m.club.sport)?
                .write(move |conn| program_setup::update(conn, &scope, &mail, id, &program, now_ms))
                .await
        }
        Err(e) => Err(e),
    };
    match outcome {
        Ok(_) => {
            publish_later(state, &m.club, id);
            context::flash(
                &session(req)?,
                Flash::notice(m.ctx.lang.t(Text::ProgramSaved)),
            )
            .await?;
            Ok(see_other(&paths::program(m.ctx.lang, &m.club.slug, id)))
        }
        Err(ActionError::Invalid(errors)) => {
            let summary = summary(state, &m.club, id).await?;
            Ok(rejected(views::programs::program_manage(
                &m.ctx, &m.club, &summary, &form, &errors, zone,
            )))
        }
        Err(e) => Err(e.into()),
    }
}
