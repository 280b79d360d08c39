//! The spares' jobs: sending the notifications that are due (and queueing the next round),
//! the emails that follow a fill, a withdrawal or a cancellation, and expiring requests whose
//! game has started. Each email is enqueued under a key naming the request's version and the
//! recipient, so a job that runs twice sends nothing twice.

use crate::db::Conn;
use std::collections::{HashMap, HashSet};

use diesel::prelude::*;

use super::Status;
use super::store::{self, News, Request};
use crate::clubs::{self, Club};
use crate::db::schema::shared::{accounts, memberships};
use crate::db::tenant::{OrgScope, spare_notifications};
use crate::db::{Database, Databases, DbError, OrgId};
use crate::i18n::Lang;
use crate::jobs::Job;
use crate::jobs::queue::{self, NewJob};
use crate::mail::{Email, Message};
use crate::scoring::board::{self, Board};
use crate::sports::Sport;

/// A club member's address and language.
#[derive(Debug, Clone)]
pub struct Contact {
    pub name: String,
    pub email: String,
    pub lang: String,
}

/// The current members of `org` among `accounts`, with how to reach them.
pub fn contacts(conn: &mut Conn, org: OrgId, wanted: &[i64]) -> QueryResult<HashMap<i64, Contact>> {
    Ok(accounts::table
        .inner_join(memberships::table)
        .filter(memberships::org_id.eq(org))
        .filter(accounts::id.eq_any(wanted))
        .select((
            accounts::id,
            accounts::name,
            accounts::email,
            accounts::lang,
        ))
        .load::<(i64, String, String, String)>(conn)?
        .into_iter()
        .map(|(id, name, email, lang)| (id, Contact { name, email, lang }))
        .collect())
}

/// The account ids of the club's members now.
pub fn club_members(conn: &mut Conn, org: OrgId) -> QueryResult<HashSet<i64>> {
    Ok(memberships::table
        .filter(memberships::org_id.eq(org))
        .select(memberships::account_id)
        .load::<i64>(conn)?
        .into_iter()
        .collect())
}

/// What an email says about the game.
struct GameFacts {
    club: String,
    event: String,
    team: String,
    when: String,
    sheet: String,
    link: String,
}

fn facts(club: &Club, board: &Board, request: &Request, base: &str, lang: Lang) -> GameFacts {
    let game = board.game(request.game_id);
    let when = game
        .and_then(|g| board.draw(g.draw_id))
        .map(|d| crate::clubs::clock::display(board.zone, d.starts_at))
        .unwrap_or_default();
    GameFacts {
        club: club.name.clone(),
        event: board.event.name.clone(),
        team: board.team_name(request.team_id).to_string(),
        when,
        sheet: game.and_then(|g| g.sheet.clone()).unwrap_or_default(),
        link: format!(
            "{base}{}",
            crate::web::paths::event_spares(lang, &club.slug, board.event.id)
        ),
    }
}

struct Loaded {
    club: Club,
    board: Board,
    request: Request,
}

async fn load(
    dbs: &Databases,
    sport: Sport,
    org: i64,
    request: i64,
) -> Result<Option<(Loaded, &Database)>, DbError> {
    let org = OrgId(org);
    let Some(club) = dbs
        .shared
        .read(move |conn| clubs::by_id(conn, org).map_err(DbError::from))
        .await?
    else {
        return Ok(None);
    };
    let Some(db) = dbs.sport(sport) else {
        return Ok(None);
    };
    let (scope, zone) = (OrgScope::new(org), clubs::clock::zone(&club));
    let found = db
        .read(move |conn| -> Result<_, DbError> {
            let Some(request) = store::request(conn, &scope, request)? else {
                return Ok(None);
            };
            Ok(board::load(conn, &scope, request.event_id, zone)?.map(|b| (b, request)))
        })
        .await?;
    Ok(found.map(|(board, request)| {
        (
            Loaded {
                club,
                board,
                request,
            },
            db,
        )
    }))
}

fn email(key: String, to: &Contact, message: Message) -> NewJob {
    NewJob::now(Job::SendEmail(Email {
        to: to.email.clone(),
        lang: to.lang.clone(),
        message,
    }))
    .unique(&key)
}

async fn enqueue(dbs: &Databases, jobs: Vec<NewJob>) -> Result<(), DbError> {
    if jobs.is_empty() {
        return Ok(());
    }
    dbs.queue
        .write(move |conn| -> Result<(), DbError> {
            let now = queue::now_ms();
            for job in &jobs {
                queue::insert(conn, job, now)?;
            }
            Ok(())
        })
        .await
}

/// Sends the request's notifications that are due and queues itself for the next one.
/// Nothing is sent once the request is no longer open: marking a notification sent and
/// writing its email to the outbox happen in one transaction that checks the request is
/// still open at the version the emails describe.
pub async fn send_due(
    dbs: &Databases,
    sport: Sport,
    org: i64,
    request: i64,
    base: &str,
) -> Result<(), DbError> {
    let Some((loaded, db)) = load(dbs, sport, org, request).await? else {
        return Ok(());
    };
    if loaded.request.status != Status::Open {
        return Ok(());
    }
    let (scope, now) = (OrgScope::new(OrgId(org)), crate::auth::now());
    let due: Vec<i64> = db
        .read(move |conn| -> Result<_, DbError> {
            Ok(spare_notifications::of(&scope)
                .filter(spare_notifications::request_id.eq(request))
                .filter(spare_notifications::sent_at.is_null())
                .filter(spare_notifications::due_at.le(now))
                .select(spare_notifications::account_id)
                .load(conn)?)
        })
        .await?;
    let wanted = due.clone();
    let reach = dbs
        .shared
        .read(move |conn| contacts(conn, OrgId(org), &wanted).map_err(DbError::from))
        .await?;
    let r = &loaded.request;
    let emails: Vec<(i64, Job)> = due
        .iter()
        .filter_map(|account| {
            let to = reach.get(account)?;
            let lang = Lang::from_tag(&to.lang).unwrap_or_default();
            let f = facts(&loaded.club, &loaded.board, r, base, lang);
            Some((
                *account,
                Job::SendEmail(Email {
                    to: to.email.clone(),
                    lang: to.lang.clone(),
                    message: Message::SpareWanted {
                        club: f.club,
                        event: f.event,
                        team: f.team,
                        when: f.when,
                        sheet: f.sheet,
                        position: r.position.as_str().to_string(),
                        message: r.message.clone(),
                        link: f.link,
                    },
                }),
            ))
        })
        .collect();
    let version = r.version;
    let next = db
        .write(move |conn| -> Result<Option<i64>, DbError> {
            let still = store::request(conn, &scope, request)?
                .is_some_and(|now| now.status == Status::Open && now.version == version);
            if !still {
                return Ok(None);
            }
            let waiting: Vec<(i64, i64)> = spare_notifications::of(&scope)
                .filter(spare_notifications::request_id.eq(request))
                .filter(spare_notifications::sent_at.is_null())
                .select((spare_notifications::account_id, spare_notifications::due_at))
                .load(conn)?;
            let due_now: HashSet<i64> = waiting
                .iter()
                .filter(|(_, at)| *at <= now)
                .map(|(a, _)| *a)
                .collect();
            for (account, job) in &emails {
                if due_now.contains(account) {
                    crate::jobs::relay::push(conn, job)?;
                }
            }
            // Those due are done (told, or no longer reachable as members).
            let done: Vec<i64> = due_now.iter().copied().collect();
            diesel::update(
                spare_notifications::of(&scope)
                    .filter(spare_notifications::request_id.eq(request))
                    .filter(spare_notifications::account_id.eq_any(&done))
                    .filter(spare_notifications::sent_at.is_null()),
            )
            .set(spare_notifications::sent_at.eq(now))
            .execute(conn)?;
            Ok(waiting
                .iter()
                .map(|(_, at)| *at)
                .filter(|at| *at > now)
                .min())
        })
        .await?;
    let mut jobs = Vec::new();
    if let Some(at) = next {
        jobs.push(
            NewJob::now(Job::SpareNotices {
                sport: sport.as_str().to_string(),
                org,
                request,
                base: base.to_string(),
            })
            .at(at * 1000)
            .unique(&format!("spare-next:{sport}:{request}:v{version}:{at}")),
        );
    }
    // The emails leave through the file's outbox with the next relay.
    enqueue(dbs, jobs).await
}

/// The emails that follow a change: a fill goes to the requester and the filler (each with
/// the other's address) and to the team's skip (the name only); a withdrawal to the
/// requester; a cancellation to the spare who had taken it.
pub async fn send_news(
    dbs: &Databases,
    sport: Sport,
    org: i64,
    request: i64,
    version: i64,
    news: News,
    base: &str,
) -> Result<(), DbError> {
    let Some((loaded, db)) = load(dbs, sport, org, request).await? else {
        return Ok(());
    };
    let r = loaded.request.clone();
    let (scope, event, team) = (OrgScope::new(OrgId(org)), r.event_id, r.team_id);
    let skips: Vec<i64> = db
        .read(move |conn| {
            Ok::<_, DbError>(
                store::team_members(conn, &scope, event)?
                    .into_iter()
                    .filter(|m| m.team == team && m.position == crate::scoring::Position::Skip)
                    .map(|m| m.account)
                    .collect(),
            )
        })
        .await?;
    let mut wanted = vec![r.requester];
    wanted.extend(r.filled_by);
    wanted.extend(skips.iter().copied());
    if let News::Withdrawn { by, .. } = &news {
        wanted.push(*by);
    }
    if let News::Cancelled { filler: Some(f) } = &news {
        wanted.push(*f);
    }
    let reach = dbs
        .shared
        .read(move |conn| contacts(conn, OrgId(org), &wanted).map_err(DbError::from))
        .await?;
    let name = |a: i64| reach.get(&a).map(|c| c.name.clone()).unwrap_or_default();
    let contact = |a: i64| {
        reach
            .get(&a)
            .map(|c| format!("{} <{}>", c.name, c.email))
            .unwrap_or_default()
    };
    let kind = match &news {
        News::Filled => "filled",
        News::Withdrawn { .. } => "withdrawn",
        News::Cancelled { .. } => "cancelled",
    };
    let key = |to: i64| format!("spare-news:{sport}:{}:v{version}:{kind}:{to}", r.id);
    let mut jobs = Vec::new();
    let mut send = |to: i64, message: &dyn Fn(GameFacts) -> Message| {
        if let Some(c) = reach.get(&to) {
            let lang = Lang::from_tag(&c.lang).unwrap_or_default();
            let f = facts(&loaded.club, &loaded.board, &r, base, lang);
            jobs.push(email(key(to), c, message(f)));
        }
    };
    match news {
        News::Filled => {
            let Some(filler) = r.filled_by.filter(|_| r.status == Status::Filled) else {
                return Ok(());
            };
            send(r.requester, &|f| Message::SpareFilled {
                club: f.club,
                event: f.event,
                team: f.team,
                when: f.when,
                sheet: f.sheet,
                spare: contact(filler),
                link: f.link,
            });
            for skip in skips.iter().filter(|s| **s != r.requester && **s != filler) {
                send(*skip, &|f| Message::SpareFilled {
                    club: f.club,
                    event: f.event,
                    team: f.team,
                    when: f.when,
                    sheet: f.sheet,
                    spare: name(filler),
                    link: f.link,
                });
            }
            send(filler, &|f| Message::SpareConfirmed {
                club: f.club,
                event: f.event,
                team: f.team,
                when: f.when,
                sheet: f.sheet,
                requester: contact(r.requester),
                link: f.link,
            });
        }
        News::Withdrawn { by, comment } => {
            send(r.requester, &|f| Message::SpareWithdrawn {
                club: f.club,
                event: f.event,
                team: f.team,
                when: f.when,
                spare: name(by),
                comment: comment.clone(),
                link: f.link,
            });
        }
        News::Cancelled { filler } => {
            if let Some(filler) = filler {
                send(filler, &|f| Message::SpareCancelled {
                    club: f.club,
                    event: f.event,
                    team: f.team,
                    when: f.when,
                    link: f.link,
                });
            }
        }
    }
    enqueue(dbs, jobs).await
}

/// Marks open requests whose game has started as expired, in every sport file.
pub async fn expire(dbs: &Databases) -> Result<usize, DbError> {
    let now = crate::auth::now();
    let mut n = 0;
    for sport in dbs.sports() {
        if let Some(db) = dbs.sport(sport) {
            n += db
                .write(move |conn| store::expire_started(conn, now).map_err(DbError::from))
                .await?;
        }
    }
    Ok(n)
}
