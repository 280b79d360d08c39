//! Setting an event up: the event and its rules, teams with their players, draws, and games
//! on sheets or courts. Each function checks its input and writes nothing when it refuses.

use crate::db::Conn;
use diesel::prelude::*;

use super::{EventKind, GameState, Player, Position};
use crate::db::tenant::{OrgScope, draws, events, games, players, sheets, teams};
use crate::i18n::Text;
use crate::sports::{Rules, Side, Sport, curling, pickleball};
use crate::validation::{ActionError, FieldErrors, text_field};

pub const NAME_MAX_CHARS: usize = 80;
pub const PLAYER_MAX_CHARS: usize = 60;

/// The event form, as posted. Rule fields of the other sport are ignored.
#[derive(Debug, Clone, Default, serde::Deserialize)]
#[serde(default)]
pub struct EventForm {
    pub name: String,
    pub kind: String,
    /// "public" or "members".
    pub audience: String,
    pub ends: String,
    pub mixed_doubles: Option<String>,
    pub extra_ends: Option<String>,
    pub points_to_win: String,
    pub win_by_two: Option<String>,
    pub best_of: String,
    pub scoring: String,
    pub format: String,
}

impl EventForm {
    /// A blank form with the usual choices made.
    pub fn defaults() -> Self {
        EventForm {
            kind: EventKind::League.as_str().into(),
            audience: "public".into(),
            ends: "8".into(),
            extra_ends: Some("on".into()),
            points_to_win: "11".into(),
            win_by_two: Some("on".into()),
            best_of: "3".into(),
            scoring: "side_out".into(),
            format: "doubles".into(),
            ..Self::default()
        }
    }

    /// The form showing `event` as it is.
    pub fn of(event: &super::Event) -> Self {
        let on = |b: bool| b.then(|| "on".to_string());
        let mut form = EventForm {
            name: event.name.clone(),
            kind: event.kind.as_str().into(),
            audience: if event.public { "public" } else { "members" }.into(),
            ..EventForm::defaults()
        };
        match &event.rules {
            Rules::Curling(r) => {
                form.ends = r.ends.to_string();
                form.mixed_doubles = on(r.mixed_doubles);
                form.extra_ends = on(r.extra_ends);
            }
            Rules::Pickleball(r) => {
                form.points_to_win = r.points_to_win.to_string();
                form.win_by_two = on(r.win_by_two);
                form.best_of = r.best_of.to_string();
                form.scoring = match r.scoring {
                    pickleball::Scoring::SideOut => "side_out",
                    pickleball::Scoring::Rally => "rally",
                }
                .into();
                form.format = if r.doubles { "doubles" } else { "singles" }.into();
            }
        }
        form
    }
}

/// A checked event, ready to insert.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    pub name: String,
    pub kind: EventKind,
    pub public: bool,
    pub rules: Rules,
}

fn choice<T: Copy + std::str::FromStr + PartialEq>(
    errors: &mut FieldErrors,
    field: &'static str,
    value: &str,
    allowed: &[T],
) -> T {
    match value.trim().parse::<T>() {
        Ok(v) if allowed.contains(&v) => v,
        _ => {
            errors.add(field, Text::FieldInvalidChoice);
            allowed[0]
        }
    }
}

impl NewEvent {
    pub fn check(form: &EventForm, sport: Sport) -> Result<NewEvent, ActionError> {
        let mut errors = FieldErrors::new();
        let name = text_field(&mut errors, "name", &form.name, NAME_MAX_CHARS);
        let kind = form.kind.parse::<EventKind>().unwrap_or_else(|_| {
            errors.add("kind", Text::FieldInvalidChoice);
            EventKind::League
        });
        let public = match form.audience.as_str() {
            "public" => true,
            "members" => false,
            _ => {
                errors.add("audience", Text::FieldInvalidChoice);
                false
            }
        };
        let rules = match sport {
            Sport::Curling => Rules::Curling(curling::Rules {
                ends: choice(
                    &mut errors,
                    "ends",
                    &form.ends,
                    &curling::Rules::END_CHOICES,
                ),
                mixed_doubles: form.mixed_doubles.is_some(),
                extra_ends: form.extra_ends.is_some(),
            }),
            Sport::Pickleball => Rules::Pickleball(pickleball::Rules {
                points_to_win: choice(
                    &mut errors,
                    "points_to_win",
                    &form.points_to_win,
                    &pickleball::Rules::POINT_CHOICES,
                ),
                win_by_two: form.win_by_two.is_some(),
                best_of: choice(
                    &mut errors,
                    "best_of",
                    &form.best_of,
                    &pickleball::Rules::BEST_OF_CHOICES,
                ),
                scoring: match form.scoring.as_str() {
                    "side_out" => pickleball::Scoring::SideOut,
                    "rally" => pickleball::Scoring::Rally,
                    _ => {
                        errors.add("scoring", Text::FieldInvalidChoice);
                        pickleball::Scoring::SideOut
                    }
                },
                doubles: match form.format.as_str() {
                    "doubles" => true,
                    "singles" => false,
                    _ => {
                        errors.add("format", Text::FieldInvalidChoice);
                        true
                    }
                },
            }),
        };
        errors.or(NewEvent {
            name,
            kind,
            public,
            rules,
        })
    }
}

pub fn create_event(
    conn: &mut Conn,
    club: &OrgScope,
    event: &NewEvent,
    now: i64,
) -> Result<i64, ActionError> {
    let rules = serde_json::to_string(&event.rules).map_err(|e| {
        ActionError::Db(crate::db::DbError::Diesel(
            diesel::result::Error::SerializationError(Box::new(e)),
        ))
    })?;
    Ok(events::insert(
        club,
        (
            events::name.eq(&event.name),
            events::kind.eq(event.kind.as_str()),
            events::public.eq(i64::from(event.public)),
            events::rules.eq(rules),
            events::created_at.eq(now),
        ),
    )
    .returning(events::id)
    .get_result(conn)?)
}

fn event_exists(conn: &mut Conn, club: &OrgScope, event: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        events::of(club).filter(events::id.eq(event)),
    ))
    .get_result(conn)
}

/// A team's name and roster, checked: `roster` is (position, name); blank names are skipped.
pub(super) fn checked_team(
    name: &str,
    roster: &[(Position, String)],
) -> Result<(String, Vec<Player>), ActionError> {
    let mut errors = FieldErrors::new();
    let name = text_field(&mut errors, "name", name, NAME_MAX_CHARS);
    let mut players_in = Vec::new();
    for (position, player) in roster {
        if player.trim().is_empty() {
            continue;
        }
        let field = roster_field(*position, players_in.len());
        let checked = text_field(&mut errors, field, player, PLAYER_MAX_CHARS);
        players_in.push(Player {
            name: checked,
            position: *position,
        });
    }
    errors.or((name, players_in))
}

/// The form field a roster entry came from (pickleball's two players are numbered).
fn roster_field(position: Position, index: usize) -> &'static str {
    match (position, index) {
        (Position::Player, 0) => "player1",
        (Position::Player, _) => "player2",
        (other, _) => other.as_str(),
    }
}

/// A duplicate team name is a field error.
pub(super) fn team_name_taken(e: diesel::result::Error) -> ActionError {
    match e {
        diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        ) => ActionError::Invalid(FieldErrors::one("name", Text::TeamNameTaken)),
        other => other.into(),
    }
}

pub(super) fn insert_players(
    conn: &mut Conn,
    club: &OrgScope,
    team: i64,
    players_in: &[Player],
) -> QueryResult<()> {
    for (ordinal, player) in players_in.iter().enumerate() {
        players::insert(
            club,
            (
                players::team_id.eq(team),
                players::name.eq(&player.name),
                players::position.eq(player.position.as_str()),
                players::ordinal.eq(ordinal as i64),
            ),
        )
        .execute(conn)?;
    }
    Ok(())
}

/// A team and its players in order. `players` are (position, name); blank names are skipped.
pub fn add_team(
    conn: &mut Conn,
    club: &OrgScope,
    event: i64,
    name: &str,
    roster: &[(Position, String)],
    now: i64,
) -> Result<i64, ActionError> {
    let (name, players_in) = checked_team(name, roster)?;
    if !event_exists(conn, club, event)? {
        return Err(ActionError::NotFound);
    }
    let team: i64 = teams::insert(
        club,
        (
            teams::event_id.eq(event),
            teams::name.eq(&name),
            teams::created_at.eq(now),
        ),
    )
    .returning(teams::id)
    .get_result(conn)
    .map_err(team_name_taken)?;
    insert_players(conn, club, team, &players_in)?;
    Ok(team)
}

/// Refuses a draw time another draw of the event already has (`except` is the draw being
/// moved).
pub(super) fn check_draw_time(
    conn: &mut Conn,
    club: &OrgScope,
    event: i64,
    starts_at: i64,
    except: Option<i64>,
) -> Result<(), ActionError> {
    let same: i64 = draws::of(club)
        .filter(draws::event_id.eq(event))
        .filter(draws::starts_at.eq(starts_at))
        .filter(draws::id.ne(except.unwrap_or(0)))
        .count()
        .get_result(conn)?;
    if same > 0 {
        return Err(ActionError::Invalid(FieldErrors::one(
            "starts_at",
            Text::DrawSameTime,
        )));
    }
    Ok(())
}

/// A draw of the event at `starts_at` (an instant; see `clubs::clock`).
pub fn add_draw(
    conn: &mut Conn,
    club: &OrgScope,
    event: i64,
    starts_at: i64,
) -> Result<i64, ActionError> {
    if !event_exists(conn, club, event)? {
        return Err(ActionError::NotFound);
    }
    check_draw_time(conn, club, event, starts_at, None)?;
    Ok(draws::insert(
        club,
        (draws::event_id.eq(event), draws::starts_at.eq(starts_at)),
    )
    .returning(draws::id)
    .get_result(conn)?)
}

/// Checks where a game would go: both teams and the draw the event's (and the teams still
/// in it), the sheet the club's, and neither a team nor the sheet already busy in that draw
/// (`except`: the game being moved; cancelled games take no room).
pub(super) fn check_placement(
    conn: &mut Conn,
    club: &OrgScope,
    event: i64,
    draw: i64,
    sheet: Option<i64>,
    sides: [i64; 2],
    except: Option<i64>,
) -> Result<(), ActionError> {
    let mut errors = FieldErrors::new();
    let event_teams: Vec<(i64, Option<i64>)> = teams::of(club)
        .filter(teams::event_id.eq(event))
        .select((teams::id, teams::withdrawn_at))
        .load(conn)?;
    for (field, team) in [("team1", sides[0]), ("team2", sides[1])] {
        match event_teams.iter().find(|(id, _)| *id == team) {
            None => errors.add(field, Text::FieldInvalidChoice),
            Some((_, Some(_))) => errors.add(field, Text::TeamWithdrawn),
            Some((_, None)) => {}
        }
    }
    if sides[0] == sides[1] {
        errors.add("team2", Text::GameSameTeam);
    }
    let draw_ok: bool = diesel::select(diesel::dsl::exists(
        draws::of(club).filter(draws::id.eq(draw).and(draws::event_id.eq(event))),
    ))
    .get_result(conn)?;
    if !draw_ok {
        errors.add("draw", Text::FieldInvalidChoice);
    }
    if let Some(sheet) = sheet {
        let sheet_ok: bool = diesel::select(diesel::dsl::exists(
            sheets::of(club).filter(sheets::id.eq(sheet)),
        ))
        .get_result(conn)?;
        if !sheet_ok {
            errors.add("sheet", Text::FieldInvalidChoice);
        }
    }
    errors.or(())?;
    let in_draw: Vec<(Option<i64>, i64, i64)> = games::of(club)
        .filter(games::draw_id.eq(draw))
        .filter(games::id.ne(except.unwrap_or(0)))
        .filter(games::state.ne(GameState::Cancelled.as_str()))
        .select((games::sheet_id, games::team1_id, games::team2_id))
        .load(conn)?;
    let mut errors = FieldErrors::new();
    if sheet.is_some() && in_draw.iter().any(|(s, _, _)| *s == sheet) {
        errors.add("sheet", Text::GameSheetBusy);
    } else if let Some(sheet) = sheet {
        let at: i64 = draws::of(club)
            .filter(draws::id.eq(draw))
            .select(draws::starts_at)
            .first(conn)?;
        if sheet_taken_elsewhere(conn, club, event, at, sheet)? {
            errors.add("sheet", Text::GameSheetOtherEvent);
        }
    }
    for (field, team) in [("team1", sides[0]), ("team2", sides[1])] {
        if in_draw.iter().any(|(_, a, b)| *a == team || *b == team) {
            errors.add(field, Text::GameTeamBusy);
        }
    }
    errors.or(())
}

/// Whether a game of another of the club's events (not cancelled) is on `sheet` at `at`.
pub(super) fn sheet_taken_elsewhere(
    conn: &mut Conn,
    club: &OrgScope,
    event: i64,
    at: i64,
    sheet: i64,
) -> QueryResult<bool> {
    let same_moment: Vec<i64> = draws::of(club)
        .filter(draws::event_id.ne(event))
        .filter(draws::starts_at.eq(at))
        .select(draws::id)
        .load(conn)?;
    if same_moment.is_empty() {
        return Ok(false);
    }
    let elsewhere: i64 = games::of(club)
        .filter(games::draw_id.eq_any(&same_moment))
        .filter(games::sheet_id.eq(sheet))
        .filter(games::state.ne(GameState::Cancelled.as_str()))
        .count()
        .get_result(conn)?;
    Ok(elsewhere > 0)
}

/// A game of the event, checked by [`check_placement`].
pub fn add_game(
    conn: &mut Conn,
    club: &OrgScope,
    event: i64,
    draw: i64,
    sheet: Option<i64>,
    sides: [i64; 2],
    now: i64,
) -> Result<i64, ActionError> {
    check_placement(conn, club, event, draw, sheet, sides, None)?;
    let id = insert_game(conn, club, event, draw, sheet, sides, Side::One, now)?;
    super::bracket::store::follow(conn, club, event, super::bracket::store::Follow::quiet(now))?;
    Ok(id)
}

/// Inserts a game known to fit (the schedule generator checks its own).
#[allow(clippy::too_many_arguments)]
pub(super) fn insert_game(
    conn: &mut Conn,
    club: &OrgScope,
    event: i64,
    draw: i64,
    sheet: Option<i64>,
    sides: [i64; 2],
    first: Side,
    now: i64,
) -> Result<i64, ActionError> {
    Ok(games::insert(
        club,
        (
            games::event_id.eq(event),
            games::draw_id.eq(draw),
            games::sheet_id.eq(sheet),
            games::team1_id.eq(sides[0]),
            games::team2_id.eq(sides[1]),
            games::first_side.eq(first.number()),
            games::state.eq(GameState::Scheduled.as_str()),
            games::version.eq(0),
            games::updated_at.eq(now),
        ),
    )
    .returning(games::id)
    .get_result(conn)?)
}

/// Clears a game back to scheduled: its log and audit trail go. Only the demo does this, to
/// play its championship again; clubs correct games through `keeping`.
pub fn restart_game(conn: &mut Conn, club: &OrgScope, game: i64) -> QueryResult<()> {
    use crate::db::tenant::{score_changes, score_entries};
    diesel::delete(score_entries::of(club).filter(score_entries::game_id.eq(game)))
        .execute(conn)?;
    diesel::delete(score_changes::of(club).filter(score_changes::game_id.eq(game)))
        .execute(conn)?;
    diesel::update(games::of(club).filter(games::id.eq(game)))
        .set((
            games::state.eq(GameState::Scheduled.as_str()),
            games::conceded_by.eq(None::<i64>),
            games::version.eq(games::version + 1),
        ))
        .execute(conn)?;
    Ok(())
}
