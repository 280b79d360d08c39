//! Webhooks: a club's endpoints, the events they hear of, and the messages written in the
//! same transaction as the change they tell of (`emit`), delivered by jobs
//! (`delivery`), signed as Standard Webhooks v1 (`signing`).

pub mod delivery;
pub mod signing;

use crate::db::Conn;
use diesel::prelude::*;
use serde::Serialize;

use crate::db::DbError;
use crate::db::tenant::{OrgScope, webhook_deliveries, webhook_endpoints, webhook_messages};
use crate::i18n::Text;
use crate::jobs::{Job, relay};
use crate::validation::{ActionError, FieldErrors};

/// What an endpoint can hear of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum EventType {
    GameStarted,
    ScoreChanged,
    GameFinished,
    StandingsChanged,
    BracketAdvanced,
    RegistrationCreated,
    RegistrationCancelled,
    RegistrationPromoted,
    ProgramFull,
    SpareRequested,
    SpareFilled,
}

impl EventType {
    pub const ALL: [EventType; 11] = [
        EventType::GameStarted,
        EventType::ScoreChanged,
        EventType::GameFinished,
        EventType::StandingsChanged,
        EventType::BracketAdvanced,
        EventType::RegistrationCreated,
        EventType::RegistrationCancelled,
        EventType::RegistrationPromoted,
        EventType::ProgramFull,
        EventType::SpareRequested,
        EventType::SpareFilled,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            EventType::GameStarted => "game.started",
            EventType::ScoreChanged => "score.changed",
            EventType::GameFinished => "game.finished",
            EventType::StandingsChanged => "standings.changed",
            EventType::BracketAdvanced => "bracket.advanced",
            EventType::RegistrationCreated => "registration.created",
            EventType::RegistrationCancelled => "registration.cancelled",
            EventType::RegistrationPromoted => "registration.promoted",
            EventType::ProgramFull => "program.full",
            EventType::SpareRequested => "spare.requested",
            EventType::SpareFilled => "spare.filled",
        }
    }

    pub fn parse(s: &str) -> Option<EventType> {
        EventType::ALL.into_iter().find(|e| e.as_str() == s)
    }

    pub fn label(self) -> Text {
        match self {
            EventType::GameStarted => Text::WebhookEventGameStarted,
            EventType::ScoreChanged => Text::WebhookEventScoreChanged,
            EventType::GameFinished => Text::WebhookEventGameFinished,
            EventType::StandingsChanged => Text::WebhookEventStandingsChanged,
            EventType::BracketAdvanced => Text::WebhookEventBracketAdvanced,
            EventType::RegistrationCreated => Text::WebhookEventRegistrationCreated,
            EventType::RegistrationCancelled => Text::WebhookEventRegistrationCancelled,
            EventType::RegistrationPromoted => Text::WebhookEventRegistrationPromoted,
            EventType::ProgramFull => Text::WebhookEventProgramFull,
            EventType::SpareRequested => Text::WebhookEventSpareRequested,
            EventType::SpareFilled => Text::WebhookEventSpareFilled,
        }
    }
}

fn types_text(types: &[EventType]) -> String {
    types
        .iter()
        .map(|t| t.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

fn parse_types(text: &str) -> Vec<EventType> {
    text.split_whitespace()
        .filter_map(EventType::parse)
        .collect()
}

/// How long the old secret still signs after a rotation.
pub const ROTATION_OVERLAP_SECS: i64 = 24 * 60 * 60;
pub const URL_MAX_CHARS: usize = 2000;
/// Endpoints a club may have: each one is a delivery per event, in the change's write.
pub const MAX_ENDPOINTS: i64 = 20;
/// Deliveries of one club at once, across the workers, so one club's slow receivers cannot
/// hold every worker.
pub const DELIVERIES_AT_ONCE: i64 = 4;

/// An endpoint's form, checked: an `https://` (or, for tests and private networks the
/// operator allows, `http://`) URL and at least one event type.
#[derive(Debug, Clone)]
pub struct EndpointForm {
    pub url: String,
    pub types: Vec<EventType>,
}

impl EndpointForm {
    pub fn check(url: &str, types: &[String], allow_private: bool) -> Result<Self, ActionError> {
        let mut errors = FieldErrors::new();
        let url = url.trim().to_string();
        match delivery::check_url(&url, allow_private) {
            Ok(()) => {}
            Err(text) => errors.add("url", text),
        }
        let mut chosen = Vec::new();
        for t in types {
            match EventType::parse(t.trim()) {
                Some(t) if !chosen.contains(&t) => chosen.push(t),
                Some(_) => {}
                None => errors.add("types", Text::WebhookTypeUnknown),
            }
        }
        if chosen.is_empty() && errors.get("types").is_none() {
            errors.add("types", Text::WebhookTypesRequired);
        }
        chosen.sort_by_key(|t| EventType::ALL.iter().position(|a| a == t));
        errors.or(EndpointForm { url, types: chosen })
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Endpoint {
    pub id: i64,
    pub url: String,
    pub types: Vec<EventType>,
    pub secret: String,
    pub previous_secret: Option<String>,
    pub previous_until: Option<i64>,
    pub created_at: i64,
    pub failing_since: Option<i64>,
    pub disabled_at: Option<i64>,
    pub disabled_why: Option<String>,
}

impl Endpoint {
    /// The secrets that sign now: the current one, and the previous one during the overlap.
    pub fn signing_secrets(&self, now: i64) -> Vec<&str> {
        let mut secrets = vec![self.secret.as_str()];
        if let (Some(old), Some(until)) = (&self.previous_secret, self.previous_until)
            && until > now
        {
            secrets.push(old);
        }
        secrets
    }
}

type EndpointRow = (
    i64,
    String,
    String,
    String,
    Option<String>,
    Option<i64>,
    i64,
    Option<i64>,
    Option<i64>,
    Option<String>,
);

fn endpoint_from(row: EndpointRow) -> Endpoint {
    let (
        id,
        url,
        types,
        secret,
        previous_secret,
        previous_until,
        created_at,
        failing,
        disabled,
        why,
    ) = row;
    Endpoint {
        id,
        url,
        types: parse_types(&types),
        secret,
        previous_secret,
        previous_until,
        created_at,
        failing_since: failing,
        disabled_at: disabled,
        disabled_why: why,
    }
}

macro_rules! endpoint_columns {
    () => {
        (
            webhook_endpoints::id,
            webhook_endpoints::url,
            webhook_endpoints::event_types,
            webhook_endpoints::secret,
            webhook_endpoints::previous_secret,
            webhook_endpoints::previous_until,
            webhook_endpoints::created_at,
            webhook_endpoints::failing_since,
            webhook_endpoints::disabled_at,
            webhook_endpoints::disabled_why,
        )
    };
}

pub fn endpoints(conn: &mut Conn, club: &OrgScope) -> QueryResult<Vec<Endpoint>> {
    Ok(webhook_endpoints::of(club)
        .order(webhook_endpoints::id)
        .select(endpoint_columns!())
        .load::<EndpointRow>(conn)?
        .into_iter()
        .map(endpoint_from)
        .collect())
}

pub fn endpoint(conn: &mut Conn, club: &OrgScope, id: i64) -> QueryResult<Option<Endpoint>> {
    Ok(webhook_endpoints::of(club)
        .filter(webhook_endpoints::id.eq(id))
        .select(endpoint_columns!())
        .first::<EndpointRow>(conn)
        .optional()?
        .map(endpoint_from))
}

pub fn create(
    conn: &mut Conn,
    club: &OrgScope,
    form: &EndpointForm,
    by: i64,
    now: i64,
) -> Result<i64, ActionError> {
    let count: i64 = webhook_endpoints::of(club).count().get_result(conn)?;
    if count >= MAX_ENDPOINTS {
        return Err(ActionError::Refused(Text::WebhookTooMany));
    }
    Ok(webhook_endpoints::insert(
        club,
        (
            webhook_endpoints::url.eq(&form.url),
            webhook_endpoints::event_types.eq(types_text(&form.types)),
            webhook_endpoints::secret.eq(signing::new_secret()),
            webhook_endpoints::created_by.eq(by),
            webhook_endpoints::created_at.eq(now),
        ),
    )
    .returning(webhook_endpoints::id)
    .get_result(conn)?)
}

/// Changes the URL and events; saving also turns a disabled endpoint back on.
pub fn update(
    conn: &mut Conn,
    club: &OrgScope,
    id: i64,
    form: &EndpointForm,
) -> Result<(), ActionError> {
    let n = diesel::update(webhook_endpoints::of(club).filter(webhook_endpoints::id.eq(id)))
        .set((
            webhook_endpoints::url.eq(&form.url),
            webhook_endpoints::event_types.eq(types_text(&form.types)),
            webhook_endpoints::disabled_at.eq(None::<i64>),
            webhook_endpoints::disabled_why.eq(None::<String>),
            webhook_endpoints::failing_since.eq(None::<i64>),
        ))
        .execute(conn)?;
    if n == 0 {
        return Err(ActionError::NotFound);
    }
    Ok(())
}

/// A new secret; the old one keeps signing for a day, so receivers can switch over.
pub fn rotate(conn: &mut Conn, club: &OrgScope, id: i64, now: i64) -> Result<(), ActionError> {
    let old = endpoint(conn, club, id)?.ok_or(ActionError::NotFound)?;
    diesel::update(webhook_endpoints::of(club).filter(webhook_endpoints::id.eq(id)))
        .set((
            webhook_endpoints::secret.eq(signing::new_secret()),
            webhook_endpoints::previous_secret.eq(Some(old.secret)),
            webhook_endpoints::previous_until.eq(Some(now + ROTATION_OVERLAP_SECS)),
        ))
        .execute(conn)?;
    Ok(())
}

pub fn remove(conn: &mut Conn, club: &OrgScope, id: i64) -> Result<(), ActionError> {
    diesel::delete(webhook_deliveries::of(club).filter(webhook_deliveries::endpoint_id.eq(id)))
        .execute(conn)?;
    let n = diesel::delete(webhook_endpoints::of(club).filter(webhook_endpoints::id.eq(id)))
        .execute(conn)?;
    if n == 0 {
        return Err(ActionError::NotFound);
    }
    Ok(())
}

/// The thin body of every message: what happened, when, and the ids to read the rest with.
#[derive(Debug, Serialize)]
struct Body<'a> {
    #[serde(rename = "type")]
    kind: &'a str,
    timestamp: String,
    data: serde_json::Value,
}

/// Records that `kind` happened and queues its delivery to every endpoint of the club that
/// listens for it — in the caller's transaction, so a change and its news commit together.
pub fn emit(
    conn: &mut Conn,
    club: &OrgScope,
    kind: EventType,
    data: serde_json::Value,
    now: i64,
) -> Result<(), DbError> {
    let listening: Vec<(i64, String)> = webhook_endpoints::of(club)
        .filter(webhook_endpoints::disabled_at.is_null())
        .select((webhook_endpoints::id, webhook_endpoints::event_types))
        .load(conn)?;
    let targets: Vec<i64> = listening
        .into_iter()
        .filter(|(_, types)| parse_types(types).contains(&kind))
        .map(|(id, _)| id)
        .collect();
    if targets.is_empty() {
        return Ok(());
    }
    let body = Body {
        kind: kind.as_str(),
        timestamp: chrono::DateTime::from_timestamp(now, 0)
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
            .unwrap_or_default(),
        data,
    };
    let body = serde_json::to_string(&body)
        .map_err(|e| DbError::Diesel(diesel::result::Error::SerializationError(Box::new(e))))?;
    let message: i64 = webhook_messages::insert(
        club,
        (
            webhook_messages::event_type.eq(kind.as_str()),
            webhook_messages::body.eq(&body),
            webhook_messages::created_at.eq(now),
        ),
    )
    .returning(webhook_messages::id)
    .get_result(conn)?;
    for endpoint in targets {
        relay::push(
            conn,
            &Job::DeliverWebhook {
                org: club.org_id().get(),
                endpoint,
                message,
                attempt: 1,
                manual: false,
            },
        )?;
    }
    Ok(())
}

/// One attempt, as the endpoint's page lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Delivery {
    pub id: i64,
    pub message: i64,
    pub event_type: String,
    pub attempt: i64,
    pub manual: bool,
    /// Unix milliseconds.
    pub started_at: i64,
    pub duration_ms: i64,
    pub status_code: Option<i64>,
    pub error: Option<String>,
    pub response: String,
    pub next_attempt_at: Option<i64>,
}

impl Delivery {
    pub fn succeeded(&self) -> bool {
        self.status_code.is_some_and(|c| (200..300).contains(&c))
    }
}

/// The endpoint's latest attempts, newest first.
pub fn deliveries(
    conn: &mut Conn,
    club: &OrgScope,
    endpoint: i64,
    limit: i64,
) -> QueryResult<Vec<Delivery>> {
    type Row = (
        i64,
        i64,
        i64,
        String,
        i64,
        i64,
        Option<i64>,
        Option<String>,
        String,
        Option<i64>,
    );
    let rows: Vec<Row> = webhook_deliveries::of(club)
        .filter(webhook_deliveries::endpoint_id.eq(endpoint))
        .order(webhook_deliveries::id.desc())
        .limit(limit)
        .select((
            webhook_deliveries::id,
            webhook_deliveries::message_id,
            webhook_deliveries::attempt,
            webhook_deliveries::trigger,
            webhook_deliveries::started_at,
            webhook_deliveries::duration_ms,
            webhook_deliveries::status_code,
            webhook_deliveries::error,
            webhook_deliveries::response,
            webhook_deliveries::next_attempt_at,
        ))
        .load(conn)?;
    let ids: Vec<i64> = rows.iter().map(|r| r.1).collect();
    let types: std::collections::HashMap<i64, String> = webhook_messages::of(club)
        .filter(webhook_messages::id.eq_any(&ids))
        .select((webhook_messages::id, webhook_messages::event_type))
        .load::<(i64, String)>(conn)?
        .into_iter()
        .collect();
    Ok(rows
        .into_iter()
        .map(
            |(
                id,
                message,
                attempt,
                trigger,
                started_at,
                duration_ms,
                status_code,
                error,
                response,
                next,
            )| {
                Delivery {
                    id,
                    message,
                    event_type: types.get(&message).cloned().unwrap_or_default(),
                    attempt,
                    manual: trigger == "manual",
                    started_at,
                    duration_ms,
                    status_code,
                    error,
                    response,
                    next_attempt_at: next,
                }
            },
        )
        .collect())
}

/// Whether `message` belongs to the club (before a redelivery by hand).
pub fn message_exists(conn: &mut Conn, club: &OrgScope, message: i64) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(
        webhook_messages::of(club).filter(webhook_messages::id.eq(message)),
    ))
    .get_result(conn)
}
