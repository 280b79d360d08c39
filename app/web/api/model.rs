//! What the API answers, as JSON: the club's data in the shapes integrations read. Times are
//! RFC 3339 with the club's offset, money is integer cents with a currency, ids are the
//! rows' own (stable).

use serde::{Deserialize, Serialize};
use utoipa::ToSchema;

use crate::clubs::Club;
use crate::clubs::clock;
use crate::scoring::board::Board;
use crate::scoring::standings::{Row, Why};
use crate::scoring::{Event, Game, Score};
use crate::sports::{Outcome, Side};

/// RFC 3339 with the club's offset.
pub fn time(zone: chrono_tz::Tz, at: i64) -> String {
    clock::iso(zone, at)
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ClubOut {
    pub slug: String,
    pub name: String,
    /// `curling` or `pickleball`.
    pub sport: String,
    /// ISO 3166-2, e.g. `CA-ON`.
    pub region: String,
    /// The IANA time zone the club's times are in.
    pub time_zone: String,
}

impl ClubOut {
    pub fn of(club: &Club) -> Self {
        ClubOut {
            slug: club.slug.clone(),
            name: club.name.clone(),
            sport: club.sport.as_str().into(),
            region: club.region.clone(),
            time_zone: clock::zone(club).name().into(),
        }
    }
}

/// One page of a list, with the link to the next.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventPage {
    pub items: Vec<EventOut>,
    /// The next page's path, absent on the last page.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EventOut {
    pub id: i64,
    pub name: String,
    /// `league`, `bonspiel`, `championship`, …
    pub kind: String,
    /// Anyone may watch it (otherwise members only).
    pub public: bool,
    pub archived: bool,
    pub created_at: String,
}

impl EventOut {
    pub fn of(event: &Event, zone: chrono_tz::Tz) -> Self {
        EventOut {
            id: event.id,
            name: event.name.clone(),
            kind: event.kind.as_str().into(),
            public: event.public,
            archived: event.archived_at.is_some(),
            created_at: time(zone, event.created_at),
        }
    }
}

/// An event with its teams and draws.
#[derive(Debug, Serialize, ToSchema)]
pub struct EventDetail {
    #[serde(flatten)]
    pub event: EventOut,
    /// The rules games are played by (`sport` says which fields follow).
    #[schema(value_type = Object)]
    pub rules: serde_json::Value,
    pub teams: Vec<TeamOut>,
    pub draws: Vec<DrawOut>,
    /// The draw on now or next, if any.
    pub current_draw_id: Option<i64>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct TeamOut {
    pub id: i64,
    pub name: String,
    pub pool: Option<String>,
    pub withdrawn: bool,
    pub players: Vec<PlayerOut>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlayerOut {
    pub name: String,
    /// `skip`, `vice`, `second`, `lead`, `alternate`, or `player`.
    pub position: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct DrawOut {
    pub id: i64,
    pub starts_at: String,
}

impl EventDetail {
    pub fn of(board: &Board) -> Self {
        let zone = board.zone;
        EventDetail {
            event: EventOut::of(&board.event, zone),
            rules: serde_json::to_value(board.event.rules).unwrap_or_default(),
            teams: board
                .teams
                .iter()
                .map(|t| TeamOut {
                    id: t.id,
                    name: t.name.clone(),
                    pool: t.pool.clone(),
                    withdrawn: t.withdrawn,
                    players: t
                        .players
                        .iter()
                        .map(|p| PlayerOut {
                            name: p.name.clone(),
                            position: p.position.as_str().into(),
                        })
                        .collect(),
                })
                .collect(),
            draws: board
                .draws
                .iter()
                .map(|d| DrawOut {
                    id: d.id,
                    starts_at: time(zone, d.starts_at),
                })
                .collect(),
            current_draw_id: board.current_draw().map(|d| d.id),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct GameList {
    pub items: Vec<GameOut>,
}

/// A game, its score and its state. `version` grows with every change; its ETag carries it.
#[derive(Debug, Serialize, ToSchema)]
pub struct GameOut {
    pub id: i64,
    pub event_id: i64,
    pub draw_id: i64,
    pub starts_at: Option<String>,
    pub sheet: Option<String>,
    /// `scheduled`, `live`, `final` or `cancelled`.
    pub state: String,
    pub version: i64,
    pub updated_at: String,
    /// The two sides, in the order the game lists them.
    pub sides: Vec<SideOut>,
    /// Set once final: the winning team, or none for a tie.
    pub winner_team_id: Option<i64>,
    pub tied: bool,
    pub conceded_by_team_id: Option<i64>,
    pub forfeited_by_team_id: Option<i64>,
    /// Curling: one entry per end played.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub ends: Vec<EndOut>,
    /// Pickleball: one entry per game of the match.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub games: Vec<MatchGameOut>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct SideOut {
    pub team_id: i64,
    pub team: String,
    /// Curling: points; pickleball: games won.
    pub score: u32,
    /// Hammer in the first end (curling) or first serve (pickleball).
    pub first: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct EndOut {
    pub number: u32,
    /// The team that scored, or none for a blank end.
    pub scored_by_team_id: Option<i64>,
    pub points: u32,
    pub hammer_team_id: i64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct MatchGameOut {
    /// Points of side one and side two.
    pub points: Vec<u32>,
    pub winner_team_id: Option<i64>,
}

impl GameOut {
    pub fn of(board: &Board, game: &Game) -> Self {
        let zone = board.zone;
        let rules = &board.event.rules;
        let score = game.score(rules);
        let team = |side: Side| game.team(side);
        let (winner, tied) = match game.result(rules) {
            Some(Outcome::Won(side)) => (Some(team(side)), false),
            Some(Outcome::Tied) => (None, true),
            None => (None, false),
        };
        let (ends, games) = match &score {
            Score::Curling(line) => (
                line.ends
                    .iter()
                    .map(|e| EndOut {
                        number: e.number as u32,
                        scored_by_team_id: e.scored_by.map(team),
                        points: u32::from(e.points),
                        hammer_team_id: team(e.hammer),
                    })
                    .collect(),
                vec![],
            ),
            Score::Pickleball(m) => (
                vec![],
                m.games
                    .iter()
                    .map(|g| MatchGameOut {
                        points: vec![g.score(Side::One), g.score(Side::Two)],
                        winner_team_id: g.winner.map(team),
                    })
                    .collect(),
            ),
        };
        GameOut {
            id: game.id,
            event_id: game.event_id,
            draw_id: game.draw_id,
            starts_at: board.draw(game.draw_id).map(|d| time(zone, d.starts_at)),
            sheet: game.sheet.clone(),
            state: game.state.as_str().into(),
            version: game.version,
            updated_at: time(zone, game.updated_at),
            sides: Side::BOTH
                .into_iter()
                .map(|side| SideOut {
                    team_id: team(side),
                    team: board.team_name(team(side)).to_string(),
                    score: score.headline(side),
                    first: game.first_side == side,
                })
                .collect(),
            winner_team_id: winner,
            tied,
            conceded_by_team_id: game.conceded_by.map(team),
            forfeited_by_team_id: game.forfeited_by.map(team),
            ends,
            games,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StandingsOut {
    pub tables: Vec<TableOut>,
}

/// One table: the whole event, or one pool.
#[derive(Debug, Serialize, ToSchema)]
pub struct TableOut {
    pub pool: Option<String>,
    pub rows: Vec<StandingOut>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct StandingOut {
    /// Competition ranking: 1, 2, 2, 4.
    pub rank: u32,
    pub team_id: i64,
    pub team: String,
    pub played: u32,
    pub wins: u32,
    pub losses: u32,
    pub ties: u32,
    pub points: u32,
    pub points_for: u32,
    pub points_against: u32,
    /// The Draw Shot Challenge in cm, when last-stone draws were thrown.
    pub dsc_cm: Option<f64>,
    /// Shares its rank with others no tiebreaker separates.
    pub unresolved: bool,
    /// Why it ranks above the next row: `record`, `decision` (set by the organisers) or a
    /// tiebreaker (`head_to_head`, `point_diff`, `dsc`, …).
    pub why: Option<String>,
    pub withdrawn: bool,
}

impl StandingOut {
    pub fn of(row: &Row) -> Self {
        StandingOut {
            rank: row.rank as u32,
            team_id: row.team,
            team: row.name.clone(),
            played: row.played,
            wins: row.wins,
            losses: row.losses,
            ties: row.ties,
            points: row.points,
            points_for: row.points_for,
            points_against: row.points_against,
            dsc_cm: row.dsc.map(|d| (d.cm() * 10.0).round() / 10.0),
            unresolved: row.unresolved,
            why: row.why.map(|why| match why {
                Why::Record => "record".into(),
                Why::Decision => "decision".into(),
                Why::Criterion(c) => c.as_str().into(),
            }),
            withdrawn: row.withdrawn,
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BracketList {
    pub items: Vec<BracketOut>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BracketOut {
    pub id: i64,
    pub name: String,
    pub games: Vec<BracketGameOut>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct BracketGameOut {
    /// The game's number in the bracket.
    pub number: u32,
    pub section: String,
    pub label: String,
    pub round: u32,
    /// Where each side comes from: `seed:1`, `winner:3`, `loser:2`, `bye`.
    pub sources: Vec<String>,
    /// The real game once placed.
    pub game_id: Option<i64>,
}

impl BracketOut {
    pub fn of(b: &crate::scoring::bracket::store::Bracket) -> Self {
        BracketOut {
            id: b.id,
            name: b.name.clone(),
            games: b
                .plan
                .slots
                .iter()
                .map(|slot| BracketGameOut {
                    number: slot.number,
                    section: slot.section.clone(),
                    label: slot.label.clone(),
                    round: slot.round,
                    sources: slot.sides.iter().map(|s| s.to_string()).collect(),
                    game_id: b.placement(slot.number).game,
                })
                .collect(),
        }
    }
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProgramList {
    pub items: Vec<ProgramOut>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Money {
    /// Integer cents.
    pub cents: i64,
    /// ISO 4217.
    pub currency: String,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ProgramOut {
    pub id: i64,
    pub name: String,
    pub description: String,
    pub season: String,
    pub kind: String,
    /// Before tax.
    pub fee: Money,
    /// Absent: unlimited.
    pub capacity: Option<i64>,
    pub spots_left: Option<i64>,
    pub waitlisted: i64,
    pub opens_at: String,
    pub closes_at: String,
    pub members_only: bool,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RegistrationPage {
    pub items: Vec<RegistrationOut>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub next: Option<String>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct RegistrationOut {
    pub id: i64,
    pub program_id: i64,
    pub program: String,
    pub player_name: String,
    pub contact_email: String,
    /// `confirmed`, `waitlisted` or `cancelled`.
    pub status: String,
    /// 1 = next to be promoted, while waitlisted.
    pub waitlist_position: Option<i64>,
    pub total: Money,
    /// `unpaid`, `paid`, …
    pub payment: String,
    pub paid: Money,
    pub created_at: String,
}

/// One scorekeeping action.
#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum ScoreAction {
    /// Start the game; `first` has the hammer in end 1 (curling) or serves first.
    Start {
        first_team_id: i64,
    },
    /// Enter the next end (curling: `points` to `team_id`, or a blank end without a team)
    /// or the next rally (pickleball: won by `team_id`).
    Enter {
        team_id: Option<i64>,
        #[serde(default)]
        points: u8,
    },
    /// Correct end `number` (1-based).
    Correct {
        number: u32,
        team_id: Option<i64>,
        #[serde(default)]
        points: u8,
    },
    /// Take back the last end or rally.
    Undo,
    Concede {
        team_id: i64,
    },
    Finish,
}
