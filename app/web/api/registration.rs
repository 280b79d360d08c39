//! Registration through the API (`registrations:write`): the key's maker registers their own
//! profiles for a program, exactly as the program's page does — same capacity, waitlist,
//! taxes, emails and idempotence (a profile already registered is answered, not doubled).

use poem::http::StatusCode;
use poem::web::Data;
use poem::{Request, Response, handler};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use super::problem::{ApiError, Problem};
use super::reads::{self, Keyed, path_id};
use crate::auth::accounts;
use crate::auth::profiles::{self, ProfileId};
use crate::clubs::api_keys::Scope;
use crate::db::tenant::OrgScope;
use crate::i18n::{Lang, Text};
use crate::registration::places::{self, Outcome, Registrant};
use crate::validation::ActionError;
use crate::web::AppState;

#[derive(Debug, Deserialize, ToSchema)]
pub struct RegisterIn {
    /// Profiles of the key's maker (as on their account page).
    #[schema(min_items = 1, max_items = 20)]
    pub profile_ids: Vec<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlacedOut {
    pub registration_id: i64,
    pub player: String,
    /// `confirmed`, `waitlisted`, or `already_registered`.
    pub outcome: String,
    /// While waitlisted: 1 = next.
    pub waitlist_position: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlacedList {
    pub items: Vec<PlacedOut>,
}

#[utoipa::path(post, path = "/api/v1/clubs/{club}/programs/{program}/registrations", tag = "registration", operation_id = "register", summary = "Register the key maker's profiles for a program", params(("club" = String, Path), ("program" = i64, Path, minimum = 1)), request_body(content = RegisterIn, content_type = "application/json"), responses((status = 201, description = "Each profile: confirmed, waitlisted (with its place) or already registered.", body = PlacedList), (status = 200, description = "Every profile was already registered: nothing new.", body = PlacedList), (status = 403, description = "The key lacks `registrations:write`.", body = Problem, content_type = "application/problem+json"), (status = 404, description = "No such program for this key.", body = Problem, content_type = "application/problem+json"), (status = 409, description = "Not open, closed, members only, a profile that is not the maker's, or an unconfirmed address.", body = Problem, content_type = "application/problem+json"), (status = 413, description = "The body is too large.", body = Problem, content_type = "application/problem+json"), (status = 422, description = "A body that is not a list of profiles.", body = Problem, content_type = "application/problem+json")), security(("bearer" = ["registrations:write"])))]
#[handler]
pub async fn register(
    req: &Request,
    Data(state): Data<&AppState>,
    raw: poem::Body,
) -> Result<Response, ApiError> {
    let Keyed { account, club, .. } = reads::keyed(state, req, Scope::RegistrationsWrite).await?;
    let program = path_id(req, "program")?;
    let scope = OrgScope::new(club.id);
    state
        .sport_db(club.sport)?
        .read(move |conn| {
            crate::registration::program(conn, &scope, program).map_err(crate::db::DbError::from)
        })
        .await?
        .ok_or(ApiError::NotFound)?;
    let bytes = raw
        .into_bytes()
        .await
        .map_err(|_| ApiError::BadRequest("The body could not be read.".into()))?;
    let input: RegisterIn =
        serde_json::from_slice(&bytes).map_err(|e| ApiError::invalid("body", e.to_string()))?;
    if input.profile_ids.is_empty() || input.profile_ids.len() > 20 {
        return Err(ApiError::invalid("profile_ids", "From 1 to 20 profiles."));
    }

    let (org, region) = (club.id, club.region.clone());
    let date = crate::web::programs::club_date(&club, crate::auth::now());
    let wanted = input.profile_ids.clone();
    let (email, lang, players, rates) = state
        .dbs
        .shared
        .read(move |conn| -> Result<_, ActionError> {
            let found = accounts::find(conn, account)?.ok_or(ActionError::NotFound)?;
            if found.email_verified_at.is_none() {
                return Err(ActionError::Refused(Text::VerifyNeeded));
            }
            let mut players = Vec::with_capacity(wanted.len());
            for id in wanted {
                let profile = profiles::find(conn, account, ProfileId(id))
                    .map_err(|_| ActionError::Refused(Text::RegistrationProfileNotYours))?;
                players.push((profile.id, profile.name));
            }
            let rates = crate::taxes::for_club(conn, org, &region, &date)?;
            Ok((found.email, found.lang, players, rates))
        })
        .await?;
    let who = Registrant {
        account,
        email,
        lang: Lang::from_tag(&lang).unwrap_or_default(),
        member: true,
    };
    let mail = crate::web::programs::club_mail(state, req, &club);
    let scope = OrgScope::new(club.id);
    let placed = state
        .sport_db(club.sport)?
        .write(move |conn| {
            let now_ms = crate::jobs::queue::now_ms();
            places::register(conn, &scope, &mail, program, &who, &players, &rates, now_ms)
        })
        .await?;
    if placed
        .iter()
        .any(|p| !matches!(p.outcome, Outcome::AlreadyRegistered(_)))
    {
        crate::web::programs::publish_later(state, &club, program);
    }
    let items: Vec<PlacedOut> = placed
        .into_iter()
        .map(|p| {
            let (outcome, position) = match p.outcome {
                Outcome::Confirmed => ("confirmed", None),
                Outcome::Waitlisted(n) => ("waitlisted", Some(n)),
                Outcome::AlreadyRegistered(_) => ("already_registered", None),
            };
            PlacedOut {
                registration_id: p.registration,
                player: p.player,
                outcome: outcome.into(),
                waitlist_position: position,
            }
        })
        .collect();
    // 201 when a registration was made; 200 when every profile was already registered.
    let status = if items.iter().any(|p| p.outcome != "already_registered") {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    };
    Ok(reads::written_json(status, &PlacedList { items }))
}
