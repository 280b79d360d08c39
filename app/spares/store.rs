//! Spare requests, availability and the members on each team, as stored; who may fill a
//! request; and the changes a request goes through (ask, accept, withdraw, cancel, expire).
//! Every change writes its follow-up job to the outbox in the same transaction.

use crate::db::Conn;
use std::collections::{HashMap, HashSet};

use diesel::prelude::*;
use rand::SeedableRng;

use super::plan::{self, Candidate, Timing};
use super::{Kind, Status, can_fill, join_positions, parse_positions, position};
use crate::db::tenant::{
    OrgScope, spare_availability, spare_invites, spare_notifications, spare_requests, team_members,
    teams,
};
use crate::i18n::Text;
use crate::jobs::{Job, relay};
use crate::scoring::board::Board;
use crate::scoring::{Game, GameState, Position};
use crate::sports::Sport;
use crate::validation::{ActionError, FieldErrors};
use crate::webhooks::EventType;

const MESSAGE_MAX: usize = 500;

/// The same spare may play for the same team in at most this many games in a row.
pub const MAX_STREAK: usize = 3;

/// A request for a spare, as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub id: i64,
    pub event_id: i64,
    pub game_id: i64,
    pub team_id: i64,
    pub requester: i64,
    pub position: Position,
    pub message: String,
    pub kind: Kind,
    pub status: Status,
    pub filled_by: Option<i64>,
    pub filled_at: Option<i64>,
    /// A spare once took it and withdrew.
    pub had_cancellation: bool,
    pub listed_at: i64,
    pub created_at: i64,
    pub version: i64,
}

type RequestRow = (
    i64,
    i64,
    i64,
    i64,
    i64,
    String,
    String,
    String,
    String,
    Option<i64>,
    Option<i64>,
    i64,
    i64,
    i64,
    i64,
);

fn request_of(row: RequestRow) -> Request {
    let (id, event_id, game_id, team_id, requester, pos, message, kind, status) = (
        row.0, row.1, row.2, row.3, row.4, row.5, row.6, row.7, row.8,
    );
    Request {
        id,
        event_id,
        game_id,
        team_id,
        requester,
        position: position(&pos).unwrap_or(Position::Lead),
        message,
        kind: Kind::parse(&kind).unwrap_or(Kind::Public),
        status: Status::parse(&status).unwrap_or(Status::Cancelled),
        filled_by: row.9,
        filled_at: row.10,
        had_cancellation: row.11 != 0,
        listed_at: row.12,
        created_at: row.13,
        version: row.14,
    }
}

macro_rules! request_columns {
    () => {
        (
            spare_requests::id,
            spare_requests::event_id,
            spare_requests::game_id,
            spare_requests::team_id,
            spare_requests::requester_id,
            spare_requests::position,
            spare_requests::message,
            spare_requests::kind,
            spare_requests::status,
            spare_requests::filled_by,
            spare_requests::filled_at,
            spare_requests::had_cancellation,
            spare_requests::listed_at,
            spare_requests::created_at,
            spare_requests::version,
        )
    };
}

pub fn request(conn: &mut Conn, club: &OrgScope, id: i64) -> QueryResult<Option<Request>> {
    Ok(spare_requests::of(club)
        .filter(spare_requests::id.eq(id))
        .select(request_columns!())
        .first::<RequestRow>(conn)
        .optional()?
        .map(request_of))
}

/// Every request of the event, oldest first.
pub fn requests(conn: &mut Conn, club: &OrgScope, event: i64) -> QueryResult<Vec<Request>> {
    Ok(spare_requests::of(club)
        .filter(spare_requests::event_id.eq(event))
        .order(spare_requests::id)
        .select(request_columns!())
        .load::<RequestRow>(conn)?
        .into_iter()
        .map(request_of)
        .collect())
}

/// A member's offer to spare in one event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Availability {
    pub account: i64,
    pub positions: Vec<Position>,
    pub max_up: i64,
    pub notes: String,
    pub active: bool,
}

pub fn availability(
    conn: &mut Conn,
    club: &OrgScope,
    event: i64,
) -> QueryResult<Vec<Availability>> {
    Ok(spare_availability::of(club)
        .filter(spare_availability::event_id.eq(event))
        .order(spare_availability::account_id)
        .select((
            spare_availability::account_id,
            spare_availability::positions,
            spare_availability::max_up,
            spare_availability::notes,
            spare_availability::active,
        ))
        .load::<(i64, String, i64, String, i64)>(conn)?
        .into_iter()
        .map(|(account, positions, max_up, notes, active)| Availability {
            account,
            positions: parse_positions(&positions),
            max_up,
            notes,
            active: active != 0,
        })
        .collect())
}

/// Saves a member's availability for the event (once per event; saving again replaces it).
#[allow(clippy::too_many_arguments)]
pub fn set_availability(
    conn: &mut Conn,
    club: &OrgScope,
    sport: Sport,
    event: i64,
    account: i64,
    offer: &Availability,
    now: i64,
) -> Result<(), ActionError> {
    crate::scoring::board::event(conn, club, event)?.ok_or(ActionError::NotFound)?;
    let mut errors = FieldErrors::new();
    let allowed = super::positions(sport);
    if offer.active && offer.positions.is_empty() {
        errors.add("positions", Text::SparePositionsRequired);
    }
    if offer.positions.iter().any(|p| !allowed.contains(p)) {
        errors.add("positions", Text::FieldInvalidChoice);
    }
    if !(0..=3).contains(&offer.max_up) {
        errors.add("max_up", Text::FieldInvalidChoice);
    }
    let notes = crate::validation::optional_text(&mut errors, "notes", &offer.notes, 200);
    if !errors.is_empty() {
        return Err(ActionError::Invalid(errors));
    }
    let positions = join_positions(&offer.positions);
    let active = i64::from(offer.active);
    diesel::delete(
        spare_availability::of(club)
            .filter(spare_availability::event_id.eq(event))
            .filter(spare_availability::account_id.eq(account)),
    )
    .execute(conn)?;
    spare_availability::insert(
        club,
        (
            spare_availability::event_id.eq(event),
            spare_availability::account_id.eq(account),
            spare_availability::positions.eq(&positions),
            spare_availability::max_up.eq(offer.max_up),
            spare_availability::notes.eq(&notes),
            spare_availability::active.eq(active),
            spare_availability::updated_at.eq(now),
        ),
    )
    .execute(conn)?;
    Ok(())
}

/// A club member linked to a team of the event.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TeamMember {
    pub team: i64,
    pub account: i64,
    pub position: Position,
}

pub fn team_members(conn: &mut Conn, club: &OrgScope, event: i64) -> QueryResult<Vec<TeamMember>> {
    let of_event: Vec<i64> = teams::of(club)
        .filter(teams::event_id.eq(event))
        .select(teams::id)
        .load(conn)?;
    Ok(team_members::of(club)
        .filter(team_members::team_id.eq_any(&of_event))
        .order((team_members::team_id, team_members::added_at))
        .select((
            team_members::team_id,
            team_members::account_id,
            team_members::position,
        ))
        .load::<(i64, i64, String)>(conn)?
        .into_iter()
        .map(|(team, account, p): (i64, i64, String)| TeamMember {
            team,
            account,
            position: position(&p).unwrap_or(Position::Lead),
        })
        .collect())
}

/// Puts a club member on a team (once per event: nobody plays on two teams of one event).
pub fn add_team_member(
    conn: &mut Conn,
    club: &OrgScope,
    event: i64,
    team: i64,
    member: &TeamMember,
    now: i64,
) -> Result<(), ActionError> {
    let on_event = teams::of(club)
        .filter(teams::id.eq(team))
        .filter(teams::event_id.eq(event))
        .count()
        .get_result::<i64>(conn)?;
    if on_event == 0 {
        return Err(ActionError::NotFound);
    }
    if team_members(conn, club, event)?
        .iter()
        .any(|m| m.account == member.account)
    {
        return Err(ActionError::Invalid(FieldErrors::one(
            "account",
            Text::TeamMemberElsewhere,
        )));
    }
    team_members::insert(
        club,
        (
            team_members::team_id.eq(team),
            team_members::account_id.eq(member.account),
            team_members::position.eq(member.position.as_str()),
            team_members::added_at.eq(now),
        ),
    )
    .execute(conn)?;
    Ok(())
}

pub fn remove_team_member(
    conn: &mut Conn,
    club: &OrgScope,
    team: i64,
    account: i64,
) -> Result<(), ActionError> {
    let n = diesel::delete(
        team_members::of(club)
            .filter(team_members::team_id.eq(team))
            .filter(team_members::account_id.eq(account)),
    )
    .execute(conn)?;
    if n == 0 {
        return Err(ActionError::NotFound);
    }
    Ok(())
}

/// The teams (event, team) an account plays on, in every event of the club.
pub fn teams_of(conn: &mut Conn, club: &OrgScope, account: i64) -> QueryResult<Vec<(i64, i64)>> {
    let on: Vec<i64> = team_members::of(club)
        .filter(team_members::account_id.eq(account))
        .select(team_members::team_id)
        .load(conn)?;
    teams::of(club)
        .filter(teams::id.eq_any(&on))
        .select((teams::event_id, teams::id))
        .load(conn)
}

/// The games (event, game) an account fills as a spare.
pub fn spared_by(conn: &mut Conn, club: &OrgScope, account: i64) -> QueryResult<Vec<(i64, i64)>> {
    spare_requests::of(club)
        .filter(spare_requests::filled_by.eq(account))
        .filter(spare_requests::status.eq(Status::Filled.as_str()))
        .select((spare_requests::event_id, spare_requests::game_id))
        .load(conn)
}

/// What decides who may fill a request in one event, read once.
pub struct Field {
    availability: Vec<Availability>,
    members: Vec<TeamMember>,
    requests: Vec<Request>,
}

impl Field {
    pub fn load(conn: &mut Conn, club: &OrgScope, event: i64) -> QueryResult<Field> {
        Ok(Field {
            availability: availability(conn, club, event)?,
            members: team_members(conn, club, event)?,
            requests: requests(conn, club, event)?,
        })
    }

    /// Accounts busy in the game's draw: on a team that plays in it, or sparing in it.
    fn busy_in_draw(&self, board: &Board, game: &Game) -> HashSet<i64> {
        let in_draw: Vec<&Game> = board
            .games_in(game.draw_id)
            .filter(|g| g.state != GameState::Cancelled)
            .collect();
        let teams: HashSet<i64> = in_draw.iter().flat_map(|g| g.teams).collect();
        let games: HashSet<i64> = in_draw.iter().map(|g| g.id).collect();
        let mut busy: HashSet<i64> = self
            .members
            .iter()
            .filter(|m| teams.contains(&m.team))
            .map(|m| m.account)
            .collect();
        busy.extend(
            self.requests
                .iter()
                .filter(|r| r.status == Status::Filled && games.contains(&r.game_id))
                .filter_map(|r| r.filled_by),
        );
        busy
    }

    /// Teams with no game on the game's day (on the club's clock).
    fn bye_teams(&self, board: &Board, game: &Game) -> HashSet<i64> {
        let day = board.draw(game.draw_id).map(|d| d.local.date());
        let playing: HashSet<i64> = board
            .games
            .iter()
            .filter(|g| g.state != GameState::Cancelled)
            .filter(|g| board.draw(g.draw_id).map(|d| d.local.date()) == day)
            .flat_map(|g| g.teams)
            .collect();
        board
            .teams
            .iter()
            .filter(|t| !t.withdrawn && !playing.contains(&t.id))
            .map(|t| t.id)
            .collect()
    }

    /// How many of `team`'s games right around `game` (in draw order, before and after it,
    /// without a break) `account` fills as its spare.
    fn streak(&self, board: &Board, game: &Game, team: i64, account: i64) -> usize {
        let at = |g: &Game| board.draw(g.draw_id).map_or(0, |d| d.starts_at);
        let spared = |g: &&&Game| {
            self.requests.iter().any(|r| {
                r.game_id == g.id
                    && r.team_id == team
                    && r.status == Status::Filled
                    && r.filled_by == Some(account)
            })
        };
        let mut theirs: Vec<&Game> = board
            .games
            .iter()
            .filter(|g| g.teams.contains(&team) && g.id != game.id)
            .filter(|g| g.state != GameState::Cancelled)
            .collect();
        theirs.sort_by_key(|g| (at(g), g.id));
        let (before, after): (Vec<&Game>, Vec<&Game>) =
            theirs.into_iter().partition(|g| at(g) < at(game));
        before.iter().rev().take_while(spared).count() + after.iter().take_while(spared).count()
    }

    /// Who may be told about, and fill, a public request for `wanted` in `game`: members
    /// available for the event, and members of teams on a bye that day (unless they said
    /// they are not available); never the requester, anyone busy in that draw, or anyone
    /// whose positions do not fit. `club_members`: who belongs to the club now.
    #[allow(clippy::too_many_arguments)]
    pub fn candidates(
        &self,
        board: &Board,
        game: &Game,
        team: i64,
        wanted: Position,
        requester: i64,
        club_members: &HashSet<i64>,
    ) -> Vec<Candidate> {
        let busy = self.busy_in_draw(board, game);
        let bye_teams = self.bye_teams(board, game);
        let offers: HashMap<i64, &Availability> =
            self.availability.iter().map(|a| (a.account, a)).collect();
        let mut out: Vec<Candidate> = Vec::new();
        let mut seen = HashSet::new();
        let on_bye: HashMap<i64, Position> = self
            .members
            .iter()
            .filter(|m| bye_teams.contains(&m.team))
            .map(|m| (m.account, m.position))
            .collect();
        let accounts = self
            .availability
            .iter()
            .map(|a| a.account)
            .chain(on_bye.keys().copied());
        for account in accounts {
            if !seen.insert(account)
                || account == requester
                || busy.contains(&account)
                || !club_members.contains(&account)
                || self.streak(board, game, team, account) + 1 > MAX_STREAK
            {
                continue;
            }
            let fits = match offers.get(&account) {
                Some(offer) => offer.active && can_fill(&offer.positions, offer.max_up, wanted),
                None => on_bye
                    .get(&account)
                    .is_some_and(|p| can_fill(&[*p], 0, wanted)),
            };
            if fits {
                out.push(Candidate {
                    account,
                    bye: on_bye.contains_key(&account),
                });
            }
        }
        out.sort_by_key(|c| c.account);
        out
    }

    /// Invitees of a private request who can still take it (not busy in that draw).
    fn invitees_free(
        &self,
        board: &Board,
        game: &Game,
        team: i64,
        invitees: &[i64],
        requester: i64,
    ) -> Vec<Candidate> {
        let busy = self.busy_in_draw(board, game);
        invitees
            .iter()
            .filter(|a| **a != requester && !busy.contains(a))
            .filter(|a| self.streak(board, game, team, **a) < MAX_STREAK)
            .map(|a| Candidate {
                account: *a,
                bye: false,
            })
            .collect()
    }
}

/// What a member asks for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ask {
    pub game: i64,
    pub position: String,
    pub message: String,
    pub kind: String,
    /// Private requests: the members it is for.
    pub invitees: Vec<i64>,
    /// Ask again for a game the member already has a request for.
    pub allow_duplicate: bool,
}

/// Where the follow-up jobs find the request.
#[derive(Debug, Clone)]
pub struct Place {
    pub sport: Sport,
    pub org: i64,
    /// `https://club.example`, for the links in the emails.
    pub base: String,
}

/// The board of the event and the game, checked to be one a spare can still be found for.
fn game_to_spare(board: &Board, game: i64, now: i64) -> Result<&Game, ActionError> {
    let game = board.game(game).ok_or(ActionError::NotFound)?;
    let starts = board.draw(game.draw_id).map_or(0, |d| d.starts_at);
    if game.state != GameState::Scheduled || starts <= now {
        return Err(ActionError::Refused(Text::SpareGameStarted));
    }
    Ok(game)
}

/// Asks for a spare for `ask.game` on behalf of `requester`, who plays on one of its teams.
/// Plans the notifications and queues the first of them; returns the request's id.
#[allow(clippy::too_many_arguments)]
pub fn ask(
    conn: &mut Conn,
    club: &OrgScope,
    place: &Place,
    board: &Board,
    requester: i64,
    ask: &Ask,
    club_members: &HashSet<i64>,
    timing: Timing,
    now: i64,
) -> Result<i64, ActionError> {
    let game = game_to_spare(board, ask.game, now)?;
    let field = Field::load(conn, club, board.event.id)?;
    let Some(team) = field
        .members
        .iter()
        .find(|m| m.account == requester && game.teams.contains(&m.team))
        .map(|m| m.team)
    else {
        return Err(ActionError::Refused(Text::SpareNotOnTeam));
    };
    let mut errors = FieldErrors::new();
    let wanted = position(&ask.position).filter(|p| super::positions(place.sport).contains(p));
    if wanted.is_none() {
        errors.add("position", Text::FieldInvalidChoice);
    }
    let kind = Kind::parse(&ask.kind);
    if kind.is_none() {
        errors.add("kind", Text::FieldInvalidChoice);
    }
    let message =
        crate::validation::lines_field(&mut errors, "message", &ask.message, MESSAGE_MAX, false);
    let invitees: Vec<i64> = {
        let mut v = ask.invitees.clone();
        v.sort();
        v.dedup();
        v
    };
    if kind == Some(Kind::Private) {
        if invitees.is_empty() {
            errors.add("invitees", Text::SpareInviteesRequired);
        } else if invitees.iter().any(|a| !club_members.contains(a)) {
            errors.add("invitees", Text::FieldInvalidChoice);
        }
    }
    let (Some(wanted), Some(kind)) = (wanted, kind) else {
        return Err(ActionError::Invalid(errors));
    };
    if !errors.is_empty() {
        return Err(ActionError::Invalid(errors));
    }
    let duplicate = field.requests.iter().any(|r| {
        r.game_id == game.id
            && r.requester == requester
            && matches!(r.status, Status::Open | Status::Filled)
    });
    // A team may not field more spares than regular players in one game. The regulars are
    // its roster, its linked members, or the sport's team size, whichever is most (rosters
    // often list only the skip).
    let sport_size = match place.sport {
        Sport::Curling => 4,
        Sport::Pickleball => 2,
    };
    let regulars = board
        .team(team)
        .map_or(0, |t| t.players.len())
        .max(field.members.iter().filter(|m| m.team == team).count())
        .max(sport_size);
    let asked = field
        .requests
        .iter()
        .filter(|r| r.game_id == game.id && r.team_id == team)
        .filter(|r| matches!(r.status, Status::Open | Status::Filled))
        .count();
    if asked >= regulars / 2 {
        return Err(ActionError::Refused(Text::SpareTeamLimit));
    }
    if duplicate && !ask.allow_duplicate {
        // On the field, so the form can offer to ask again anyway.
        return Err(ActionError::Invalid(FieldErrors::one(
            "game",
            Text::SpareDuplicate,
        )));
    }
    let starts = board.draw(game.draw_id).map_or(now, |d| d.starts_at);
    let candidates = match kind {
        Kind::Public => field.candidates(board, game, team, wanted, requester, club_members),
        Kind::Private => field.invitees_free(board, game, team, &invitees, requester),
    };
    let plan = plan::plan(
        &candidates,
        kind == Kind::Private,
        now,
        starts,
        timing,
        &mut rand::rngs::StdRng::from_os_rng(),
    );
    let id: i64 = spare_requests::insert(
        club,
        (
            spare_requests::event_id.eq(board.event.id),
            spare_requests::game_id.eq(game.id),
            spare_requests::team_id.eq(team),
            spare_requests::requester_id.eq(requester),
            spare_requests::position.eq(wanted.as_str()),
            spare_requests::message.eq(&message),
            spare_requests::kind.eq(kind.as_str()),
            spare_requests::status.eq(Status::Open.as_str()),
            spare_requests::had_cancellation.eq(0),
            spare_requests::listed_at.eq(plan.listed_at),
            spare_requests::created_at.eq(now),
            spare_requests::version.eq(1),
        ),
    )
    .returning(spare_requests::id)
    .get_result(conn)?;
    let invitees = if kind == Kind::Private {
        invitees
    } else {
        Vec::new()
    };
    for account in &invitees {
        spare_invites::insert(
            club,
            (
                spare_invites::request_id.eq(id),
                spare_invites::account_id.eq(account),
            ),
        )
        .execute(conn)?;
    }
    queue_notices(conn, club, place, id, &plan)?;
    let made = request(conn, club, id)?.ok_or(ActionError::NotFound)?;
    tell_webhooks(conn, club, EventType::SpareRequested, &made, now)?;
    Ok(id)
}

/// Stores the plan's notifications and queues the job that sends the due ones.
fn queue_notices(
    conn: &mut Conn,
    club: &OrgScope,
    place: &Place,
    request: i64,
    plan: &plan::Plan,
) -> Result<(), ActionError> {
    diesel::delete(
        spare_notifications::of(club)
            .filter(spare_notifications::request_id.eq(request))
            .filter(spare_notifications::sent_at.is_null()),
    )
    .execute(conn)?;
    for n in &plan.notices {
        // Someone told before (the request reopened) is told again: the row is replaced.
        diesel::delete(
            spare_notifications::of(club)
                .filter(spare_notifications::request_id.eq(request))
                .filter(spare_notifications::account_id.eq(n.account)),
        )
        .execute(conn)?;
        spare_notifications::insert(
            club,
            (
                spare_notifications::request_id.eq(request),
                spare_notifications::account_id.eq(n.account),
                spare_notifications::queue_order.eq(n.order),
                spare_notifications::bye_priority.eq(i64::from(n.bye)),
                spare_notifications::due_at.eq(n.due_at),
            ),
        )
        .execute(conn)?;
    }
    relay::push(
        conn,
        &Job::SpareNotices {
            sport: place.sport.as_str().to_string(),
            org: place.org,
            request,
            base: place.base.clone(),
        },
    )?;
    Ok(())
}

/// The invitees of a private request.
pub fn invitees(conn: &mut Conn, club: &OrgScope, request: i64) -> QueryResult<Vec<i64>> {
    spare_invites::of(club)
        .filter(spare_invites::request_id.eq(request))
        .order(spare_invites::account_id)
        .select(spare_invites::account_id)
        .load(conn)
}

/// Accounts whose turn to hear of a request has come (told, or about to be): they see it
/// before the board lists it for everyone.
pub fn told(conn: &mut Conn, club: &OrgScope, request: i64, now: i64) -> QueryResult<HashSet<i64>> {
    Ok(spare_notifications::of(club)
        .filter(spare_notifications::request_id.eq(request))
        .filter(spare_notifications::due_at.le(now))
        .select(spare_notifications::account_id)
        .load::<i64>(conn)?
        .into_iter()
        .collect())
}

/// What changed, for the emails that follow.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(tag = "news", rename_all = "snake_case")]
pub enum News {
    Filled,
    Withdrawn { by: i64, comment: String },
    Cancelled { filler: Option<i64> },
}

fn tell(
    conn: &mut Conn,
    place: &Place,
    request: i64,
    version: i64,
    news: News,
) -> Result<(), ActionError> {
    relay::push(
        conn,
        &Job::SpareNews {
            sport: place.sport.as_str().to_string(),
            org: place.org,
            request,
            version,
            news,
            base: place.base.clone(),
        },
    )?;
    Ok(())
}

/// The club's webhooks hear of a request asked for, filled or open again: ids and state
/// only, never who (a private request's people stay private).
fn tell_webhooks(
    conn: &mut Conn,
    club: &OrgScope,
    kind: EventType,
    r: &Request,
    now: i64,
) -> Result<(), ActionError> {
    let news = serde_json::json!({
        "event_id": r.event_id,
        "game_id": r.game_id,
        "team_id": r.team_id,
        "request_id": r.id,
        "position": r.position.as_str(),
        "status": r.status.as_str(),
        "version": r.version,
    });
    crate::webhooks::emit(conn, club, kind, news, now)?;
    Ok(())
}

/// Whether `account` may see `request` at all: their own (asked or filled), a public one
/// once listed or once their turn to hear of it came, a private one they are invited to.
pub fn sees(
    conn: &mut Conn,
    club: &OrgScope,
    request: &Request,
    account: i64,
    now: i64,
) -> QueryResult<bool> {
    if request.requester == account || request.filled_by == Some(account) {
        return Ok(true);
    }
    Ok(match request.kind {
        Kind::Public => {
            request.listed_at <= now || told(conn, club, request.id, now)?.contains(&account)
        }
        Kind::Private => invitees(conn, club, request.id)?.contains(&account),
    })
}

/// Whether `account` may fill `request` now (it is open, they can see it and fit it).
pub fn may_fill(
    conn: &mut Conn,
    club: &OrgScope,
    board: &Board,
    request: &Request,
    account: i64,
    club_members: &HashSet<i64>,
    now: i64,
) -> Result<bool, ActionError> {
    if request.status != Status::Open || request.requester == account {
        return Ok(false);
    }
    let Ok(game) = game_to_spare(board, request.game_id, now) else {
        return Ok(false);
    };
    let field = Field::load(conn, club, board.event.id)?;
    Ok(match request.kind {
        Kind::Private => {
            let invited = invitees(conn, club, request.id)?;
            field
                .invitees_free(board, game, request.team_id, &invited, request.requester)
                .iter()
                .any(|c| c.account == account)
        }
        Kind::Public => {
            let visible =
                request.listed_at <= now || told(conn, club, request.id, now)?.contains(&account);
            visible
                && field
                    .candidates(
                        board,
                        game,
                        request.team_id,
                        request.position,
                        request.requester,
                        club_members,
                    )
                    .iter()
                    .any(|c| c.account == account)
        }
    })
}

/// The first member to accept fills the request; anyone after is told it is filled. The
/// update is guarded by the state it read, so exactly one accept wins on any database.
#[allow(clippy::too_many_arguments)]
pub fn accept(
    conn: &mut Conn,
    club: &OrgScope,
    place: &Place,
    board: &Board,
    id: i64,
    account: i64,
    club_members: &HashSet<i64>,
    now: i64,
) -> Result<Request, ActionError> {
    let found = request(conn, club, id)?.ok_or(ActionError::NotFound)?;
    // What the member may not see does not exist for them, whatever its state.
    if !sees(conn, club, &found, account, now)? {
        return Err(ActionError::NotFound);
    }
    match found.status {
        Status::Open => {}
        Status::Filled => return Err(ActionError::Refused(Text::SpareAlreadyFilled)),
        Status::Cancelled => return Err(ActionError::Refused(Text::SpareCancelledAlready)),
        Status::Expired => return Err(ActionError::Refused(Text::SpareGameStarted)),
    }
    if !may_fill(conn, club, board, &found, account, club_members, now)? {
        return Err(ActionError::Refused(Text::SpareCannotFill));
    }
    let won = diesel::update(
        spare_requests::of(club)
            .filter(spare_requests::id.eq(id))
            .filter(spare_requests::status.eq(Status::Open.as_str()))
            .filter(spare_requests::version.eq(found.version)),
    )
    .set((
        spare_requests::status.eq(Status::Filled.as_str()),
        spare_requests::filled_by.eq(account),
        spare_requests::filled_at.eq(now),
        spare_requests::version.eq(found.version + 1),
    ))
    .execute(conn)?;
    if won == 0 {
        return Err(ActionError::Refused(Text::SpareAlreadyFilled));
    }
    tell(conn, place, id, found.version + 1, News::Filled)?;
    let filled = request(conn, club, id)?.ok_or(ActionError::NotFound)?;
    tell_webhooks(conn, club, EventType::SpareFilled, &filled, now)?;
    Ok(filled)
}

/// The spare backs out (with a reason): the request opens again and the others are told
/// again, the one who withdrew excepted.
#[allow(clippy::too_many_arguments)]
pub fn withdraw(
    conn: &mut Conn,
    club: &OrgScope,
    place: &Place,
    board: &Board,
    id: i64,
    account: i64,
    comment: &str,
    club_members: &HashSet<i64>,
    timing: Timing,
    now: i64,
) -> Result<(), ActionError> {
    let found = request(conn, club, id)?.ok_or(ActionError::NotFound)?;
    if found.filled_by != Some(account) {
        // Not theirs to withdraw from: as if it did not exist (it may be private).
        return Err(ActionError::NotFound);
    }
    let mut errors = FieldErrors::new();
    let comment =
        crate::validation::lines_field(&mut errors, "comment", comment, MESSAGE_MAX, true);
    if !errors.is_empty() {
        return Err(ActionError::Invalid(errors));
    }
    let game = game_to_spare(board, found.game_id, now)?;
    diesel::update(
        spare_requests::of(club)
            .filter(spare_requests::id.eq(id))
            .filter(spare_requests::version.eq(found.version)),
    )
    .set((
        spare_requests::status.eq(Status::Open.as_str()),
        spare_requests::filled_by.eq(None::<i64>),
        spare_requests::filled_at.eq(None::<i64>),
        spare_requests::had_cancellation.eq(1),
        spare_requests::version.eq(found.version + 1),
    ))
    .execute(conn)?;
    let field = Field::load(conn, club, board.event.id)?;
    let starts = board.draw(game.draw_id).map_or(now, |d| d.starts_at);
    let mut candidates = match found.kind {
        Kind::Public => field.candidates(
            board,
            game,
            found.team_id,
            found.position,
            found.requester,
            club_members,
        ),
        Kind::Private => {
            let invited = invitees(conn, club, id)?;
            field.invitees_free(board, game, found.team_id, &invited, found.requester)
        }
    };
    candidates.retain(|c| c.account != account);
    // Reopened, it is urgent: no exclusive window this time, but the stagger stays.
    let plan = plan::plan(
        &candidates,
        found.kind == Kind::Private,
        now,
        starts,
        Timing {
            exclusive: 0,
            ..timing
        },
        &mut rand::rngs::StdRng::from_os_rng(),
    );
    queue_notices(conn, club, place, id, &plan)?;
    // Open again: a spare is wanted once more.
    let reopened = request(conn, club, id)?.ok_or(ActionError::NotFound)?;
    tell_webhooks(conn, club, EventType::SpareRequested, &reopened, now)?;
    tell(
        conn,
        place,
        id,
        found.version + 1,
        News::Withdrawn {
            by: account,
            comment,
        },
    )
}

/// The requester (or a club manager) calls the request off before the game; a spare who
/// had taken it is told.
#[allow(clippy::too_many_arguments)]
pub fn cancel(
    conn: &mut Conn,
    club: &OrgScope,
    place: &Place,
    board: &Board,
    id: i64,
    account: i64,
    manages: bool,
    now: i64,
) -> Result<(), ActionError> {
    let found = request(conn, club, id)?.ok_or(ActionError::NotFound)?;
    if found.requester != account && !manages {
        // Someone else's request: as if it did not exist (it may be private).
        return Err(ActionError::NotFound);
    }
    game_to_spare(board, found.game_id, now)?;
    if !matches!(found.status, Status::Open | Status::Filled) {
        return Err(ActionError::Refused(Text::SpareCancelledAlready));
    }
    diesel::update(
        spare_requests::of(club)
            .filter(spare_requests::id.eq(id))
            .filter(spare_requests::version.eq(found.version)),
    )
    .set((
        spare_requests::status.eq(Status::Cancelled.as_str()),
        spare_requests::filled_by.eq(None::<i64>),
        spare_requests::filled_at.eq(None::<i64>),
        spare_requests::version.eq(found.version + 1),
    ))
    .execute(conn)?;
    tell(
        conn,
        place,
        id,
        found.version + 1,
        News::Cancelled {
            filler: found.filled_by,
        },
    )
}

/// Marks every open request whose game has started as expired, in every club of the file;
/// returns how many.
pub fn expire_started(conn: &mut Conn, now: i64) -> QueryResult<usize> {
    crate::db::sql(
        conn,
        "UPDATE spare_requests SET status = 'expired', version = version + 1 \
         WHERE status = 'open' AND game_id IN ( \
             SELECT g.id FROM games g JOIN draws d ON d.id = g.draw_id \
             WHERE d.starts_at <= ? OR g.state <> 'scheduled')",
    )
    .bind::<diesel::sql_types::BigInt, _>(now)
    .execute(conn)
}

/// One event's spares as a member sees them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpareBoard {
    /// Requests they may see, for games still to come, in game order.
    pub requests: Vec<Request>,
    /// Of those, the ones they may fill now.
    pub can_fill: HashSet<i64>,
    /// Their own availability in the event.
    pub mine: Option<Availability>,
    /// The teams of the event they play on, with their position.
    pub teams: Vec<TeamMember>,
}

/// What `viewer` sees of the event's spares: public requests once listed (or once they were
/// told), private ones they are invited to, open or filled; and their own in any state.
/// Nobody else's private request, not even as a count.
pub fn board_for(
    conn: &mut Conn,
    club: &OrgScope,
    board: &Board,
    viewer: i64,
    club_members: &HashSet<i64>,
    now: i64,
) -> Result<SpareBoard, ActionError> {
    let field = Field::load(conn, club, board.event.id)?;
    let upcoming = |r: &Request| {
        board.game(r.game_id).is_some_and(|g| {
            g.state == GameState::Scheduled
                && board.draw(g.draw_id).is_some_and(|d| d.starts_at > now)
        })
    };
    let mut requests = Vec::new();
    let mut fill = HashSet::new();
    for r in field.requests.iter().filter(|r| upcoming(r)) {
        let own = r.requester == viewer || r.filled_by == Some(viewer);
        // A filled request stays on the board (without names) for those who could take it,
        // so nobody is left wondering where it went.
        let visible = own
            || (matches!(r.status, Status::Open | Status::Filled)
                && match r.kind {
                    Kind::Public => {
                        r.listed_at <= now || told(conn, club, r.id, now)?.contains(&viewer)
                    }
                    Kind::Private => invitees(conn, club, r.id)?.contains(&viewer),
                });
        if !visible {
            continue;
        }
        if may_fill(conn, club, board, r, viewer, club_members, now)? {
            fill.insert(r.id);
        }
        requests.push(r.clone());
    }
    let order = |r: &Request| {
        board
            .game(r.game_id)
            .map(|g| {
                let at = board.draw(g.draw_id).map_or(0, |d| d.starts_at);
                (at, g.sheet.clone().unwrap_or_default(), r.id)
            })
            .unwrap_or_default()
    };
    requests.sort_by_key(order);
    Ok(SpareBoard {
        requests,
        can_fill: fill,
        mine: field
            .availability
            .iter()
            .find(|a| a.account == viewer)
            .cloned(),
        teams: field
            .members
            .into_iter()
            .filter(|m| m.account == viewer)
            .collect(),
    })
}
