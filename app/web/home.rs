//! The home page: live now, this week, the clubs on this server, and what Clubhouse is.

use std::collections::HashMap;

use maud::Markup;
use poem::handler;
use poem::web::{Data, Query};

use super::{AppError, AppState, PageContext, paths};
use crate::clubs::{self, Club};
use crate::db::tenant::{OrgScope, public};
use crate::db::{DbError, OrgId};
use crate::live::Topic;
use crate::scoring::board;
use crate::views;
use crate::views::home::{Coming, Home, LiveEvent};

/// Live events shown at most (one live feed carries this many topics).
const LIVE_EVENTS: usize = 8;
const WEEK: i64 = 7 * 24 * 3600;

#[derive(Debug, Default, serde::Deserialize)]
#[serde(default)]
pub struct Search {
    q: String,
}

#[handler]
pub async fn index(
    ctx: PageContext,
    Data(state): Data<&AppState>,
    Query(search): Query<Search>,
) -> Result<Markup, AppError> {
    let search_text: String = search.q.chars().take(80).collect();
    let now = crate::auth::now();
    let after = state.hub.head();
    let mut live_rows: Vec<(crate::sports::Sport, OrgId, i64, i64)> = Vec::new();
    let mut draw_rows = Vec::new();
    for sport in &state.config.sports {
        let db = state.sport_db(*sport)?;
        let (live, week) = db
            .read(move |conn| {
                Ok::<_, DbError>((
                    public::live_games(conn, 200)?,
                    public::draws_between(conn, now, now + WEEK, 40)?,
                ))
            })
            .await?;
        live_rows.extend(live.into_iter().map(|(o, e, g)| (*sport, o, e, g)));
        draw_rows.extend(week.into_iter().map(|row| (*sport, row)));
    }
    let q = search_text.clone();
    let clubs = state
        .dbs
        .shared
        .read(move |conn| clubs::directory(conn, &q).map_err(DbError::from))
        .await?;
    // Clubs of the events shown, listed ones only (a hidden club is not advertised here).
    let mut wanted: Vec<OrgId> = live_rows.iter().map(|r| r.1).collect();
    wanted.extend(draw_rows.iter().map(|(_, r)| r.0));
    wanted.sort_unstable();
    wanted.dedup();
    let found: HashMap<OrgId, Club> = state
        .dbs
        .shared
        .read(move |conn| {
            let mut out = HashMap::new();
            for id in wanted {
                if let Some(club) = clubs::by_id(conn, id)?
                    && club.listed
                {
                    out.insert(id, club);
                }
            }
            Ok::<_, DbError>(out)
        })
        .await?;
    let mut live: Vec<LiveEvent> = Vec::new();
    let mut events: Vec<(crate::sports::Sport, OrgId, i64)> = Vec::new();
    for (sport, org, event, _) in &live_rows {
        if found.contains_key(org) && !events.contains(&(*sport, *org, *event)) {
            events.push((*sport, *org, *event));
        }
    }
    for (sport, org, event) in events.into_iter().take(LIVE_EVENTS) {
        let Some(club) = found.get(&org).cloned() else {
            continue;
        };
        let (scope, zone) = (OrgScope::new(org), crate::clubs::clock::zone(&club));
        let Some(board) = state
            .sport_db(sport)?
            .read(move |conn| board::load(conn, &scope, event, zone).map_err(DbError::from))
            .await?
        else {
            continue;
        };
        let games: Vec<i64> = live_rows
            .iter()
            .filter(|r| r.0 == sport && r.1 == org && r.2 == event)
            .map(|r| r.3)
            .collect();
        live.push(LiveEvent { club, board, games });
    }
    let coming: Vec<Coming> = draw_rows
        .into_iter()
        .filter_map(|(_, (org, event, name, starts_at))| {
            let club = found.get(&org)?.clone();
            let zone = crate::clubs::clock::zone(&club);
            Some(Coming {
                draw: crate::scoring::Draw {
                    id: 0,
                    starts_at,
                    local: crate::clubs::clock::wall(zone, starts_at).unwrap_or_default(),
                },
                club,
                event,
                name,
            })
        })
        .take(12)
        .collect();
    let topics: Vec<String> = live
        .iter()
        .map(|l| {
            Topic::Event {
                org: l.club.id,
                event: l.board.event.id,
                lang: ctx.lang,
            }
            .to_string()
        })
        .collect();
    let live_url = (!topics.is_empty()).then(|| paths::live(&topics, after));
    Ok(views::home::page(
        &ctx,
        &Home {
            sports: &state.config.sports,
            live: &live,
            coming: &coming,
            clubs: &clubs,
            search: &search_text,
            live_url,
        },
    ))
}
