//! A club's keys for the JSON API: made by its owners and admins, shown once, kept only as
//! their SHA-256, revocable at once.
//!
//! A key is `chk_` + 43 random base-62 characters (256 bits) + 6 characters of checksum, so a
//! mistyped or truncated key is refused before any lookup. A key acts as the account that
//! made it and stops working when that account is no longer an owner or admin of the club.

use crate::db::Conn;
use std::collections::HashMap;

use diesel::prelude::*;
use rand::Rng;
use sha2::{Digest, Sha256};

use super::{CLUB_COLUMNS, Club, ClubRow, Role};
use crate::auth::AccountId;
use crate::auth::tokens::digest;
use crate::db::OrgId;
use crate::db::schema::shared::{accounts, api_keys, api_usage, memberships, orgs};
use crate::i18n::Text;
use crate::validation::{ActionError, FieldErrors, text_field};

pub const PREFIX: &str = "chk_";
const SECRET_CHARS: usize = 43;
const CHECK_CHARS: usize = 6;
/// What the list shows of a key: the prefix and the first characters of its secret.
const SHOWN_CHARS: usize = PREFIX.len() + 6;
pub const NAME_MAX_CHARS: usize = 100;
const BASE62: &[u8] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/// What a key may do. A key has one or more.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Scope {
    /// Everything a member may see: members-only events, their games and standings.
    Read,
    /// Scorekeeping: start, enter, undo, correct, concede, finish.
    Score,
    /// Season setup: events, teams, draws, games, schedules and brackets.
    Manage,
    RegistrationsRead,
    RegistrationsWrite,
}

impl Scope {
    pub const ALL: [Scope; 5] = [
        Scope::Read,
        Scope::Score,
        Scope::Manage,
        Scope::RegistrationsRead,
        Scope::RegistrationsWrite,
    ];

    pub const fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "read",
            Scope::Score => "score",
            Scope::Manage => "manage",
            Scope::RegistrationsRead => "registrations:read",
            Scope::RegistrationsWrite => "registrations:write",
        }
    }

    pub fn parse(s: &str) -> Option<Scope> {
        Scope::ALL.into_iter().find(|scope| scope.as_str() == s)
    }

    pub fn label(self) -> Text {
        match self {
            Scope::Read => Text::ApiScopeRead,
            Scope::Score => Text::ApiScopeScore,
            Scope::Manage => Text::ApiScopeManage,
            Scope::RegistrationsRead => Text::ApiScopeRegistrationsRead,
            Scope::RegistrationsWrite => Text::ApiScopeRegistrationsWrite,
        }
    }
}

fn scopes_text(scopes: &[Scope]) -> String {
    scopes
        .iter()
        .map(|s| s.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

fn parse_scopes(text: &str) -> Vec<Scope> {
    text.split_whitespace().filter_map(Scope::parse).collect()
}

/// The checksum of a key's secret: six base-62 characters of its SHA-256.
fn checksum(secret: &str) -> String {
    let hash = Sha256::digest(secret.as_bytes());
    let mut n = u64::from_be_bytes([0, 0, 0, hash[0], hash[1], hash[2], hash[3], hash[4]]);
    let mut out = [0u8; CHECK_CHARS];
    for c in out.iter_mut().rev() {
        *c = BASE62[(n % 62) as usize];
        n /= 62;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A new key: the prefix, 256 random bits in base 62, the checksum.
pub fn generate() -> String {
    let mut rng = rand::rng();
    let secret: String = (0..SECRET_CHARS)
        .map(|_| BASE62[rng.random_range(0..BASE62.len())] as char)
        .collect();
    let check = checksum(&secret);
    format!("{PREFIX}{secret}{check}")
}

/// Whether `key` is shaped like a key and its checksum matches (no lookup needed).
pub fn well_formed(key: &str) -> bool {
    let Some(rest) = key.strip_prefix(PREFIX) else {
        return false;
    };
    if rest.len() != SECRET_CHARS + CHECK_CHARS || !rest.bytes().all(|b| BASE62.contains(&b)) {
        return false;
    }
    let (secret, check) = rest.split_at(SECRET_CHARS);
    checksum(secret) == check
}

/// The create-a-key form, checked.
#[derive(Debug, Clone)]
pub struct NewKey {
    pub name: String,
    pub scopes: Vec<Scope>,
    /// Unix seconds; `None`: until revoked.
    pub expires_at: Option<i64>,
}

impl NewKey {
    /// `expires_at` is the end of the chosen day on the club's clock, already worked out.
    pub fn check(
        name: &str,
        scopes: &[String],
        expires_at: Result<Option<i64>, ()>,
        now: i64,
    ) -> Result<NewKey, ActionError> {
        let mut errors = FieldErrors::new();
        let name = text_field(&mut errors, "name", name, NAME_MAX_CHARS);
        let mut chosen = Vec::new();
        for scope in scopes {
            match Scope::parse(scope.trim()) {
                Some(s) if !chosen.contains(&s) => chosen.push(s),
                Some(_) => {}
                None => errors.add("scopes", Text::ApiKeyScopeUnknown),
            }
        }
        if chosen.is_empty() && errors.get("scopes").is_none() {
            errors.add("scopes", Text::ApiKeyScopesRequired);
        }
        let expires_at = match expires_at {
            Ok(Some(at)) if at <= now => {
                errors.add("expires", Text::ApiKeyExpiryPast);
                None
            }
            Ok(at) => at,
            Err(()) => {
                errors.add("expires", Text::CourtDateInvalid);
                None
            }
        };
        chosen.sort_by_key(|s| Scope::ALL.iter().position(|a| a == s));
        errors.or(NewKey {
            name,
            scopes: chosen,
            expires_at,
        })
    }
}

/// A key as the club's list shows it (never the key itself).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApiKey {
    pub id: i64,
    pub name: String,
    pub prefix: String,
    pub scopes: Vec<Scope>,
    pub created_by: String,
    pub created_at: i64,
    pub expires_at: Option<i64>,
    pub revoked_at: Option<i64>,
    pub last_used_at: Option<i64>,
}

impl ApiKey {
    pub fn active(&self, now: i64) -> bool {
        self.revoked_at.is_none() && self.expires_at.is_none_or(|at| at > now)
    }
}

/// Saves a new key for the club and returns it with the key itself (shown this once).
pub fn create(
    conn: &mut Conn,
    org: OrgId,
    by: AccountId,
    key: &NewKey,
    now: i64,
) -> QueryResult<(i64, String)> {
    let secret = generate();
    let id = diesel::insert_into(api_keys::table)
        .values((
            api_keys::org_id.eq(org),
            api_keys::name.eq(&key.name),
            api_keys::prefix.eq(&secret[..SHOWN_CHARS]),
            api_keys::digest.eq(digest(&secret)),
            api_keys::scopes.eq(scopes_text(&key.scopes)),
            api_keys::created_by.eq(by.0),
            api_keys::created_at.eq(now),
            api_keys::expires_at.eq(key.expires_at),
        ))
        .returning(api_keys::id)
        .get_result(conn)?;
    Ok((id, secret))
}

type KeyRow = (
    i64,
    String,
    String,
    String,
    String,
    i64,
    Option<i64>,
    Option<i64>,
    Option<i64>,
);

/// The club's keys, newest first, revoked ones included (they say when).
pub fn list(conn: &mut Conn, org: OrgId) -> QueryResult<Vec<ApiKey>> {
    let rows: Vec<KeyRow> = api_keys::table
        .inner_join(accounts::table)
        .filter(api_keys::org_id.eq(org))
        .order((api_keys::created_at.desc(), api_keys::id.desc()))
        .select((
            api_keys::id,
            api_keys::name,
            api_keys::prefix,
            api_keys::scopes,
            accounts::email,
            api_keys::created_at,
            api_keys::expires_at,
            api_keys::revoked_at,
            api_keys::last_used_at,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(
            |(id, name, prefix, scopes, created_by, created_at, expires_at, revoked_at, last)| {
                ApiKey {
                    id,
                    name,
                    prefix,
                    scopes: parse_scopes(&scopes),
                    created_by,
                    created_at,
                    expires_at,
                    revoked_at,
                    last_used_at: last,
                }
            },
        )
        .collect())
}

/// Revokes one of the club's keys; a key of another club, or one already revoked, is not
/// found.
pub fn revoke(conn: &mut Conn, org: OrgId, id: i64, now: i64) -> Result<(), ActionError> {
    let changed = diesel::update(
        api_keys::table
            .filter(api_keys::id.eq(id))
            .filter(api_keys::org_id.eq(org))
            .filter(api_keys::revoked_at.is_null()),
    )
    .set(api_keys::revoked_at.eq(now))
    .execute(conn)?;
    if changed == 0 {
        return Err(ActionError::NotFound);
    }
    Ok(())
}

/// Who calls: a live key, its club and what it may do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    pub key: i64,
    pub club: Club,
    pub scopes: Vec<Scope>,
    /// The account the key acts as.
    pub account: AccountId,
}

impl Caller {
    pub fn may(&self, scope: Scope) -> bool {
        self.scopes.contains(&scope)
    }
}

/// Why a key was refused (all answer 401; the reason is for the message).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Refusal {
    /// Not a key's shape, or its checksum is wrong: a typo, refused without a lookup.
    Malformed,
    Unknown,
    Revoked,
    Expired,
    /// Its maker is no longer an owner or admin of its club.
    MakerLeft,
}

/// The caller a key stands for, or why it is refused.
pub fn authenticate(conn: &mut Conn, key: &str, now: i64) -> QueryResult<Result<Caller, Refusal>> {
    if !well_formed(key) {
        return Ok(Err(Refusal::Malformed));
    }
    type Row = (
        i64,
        String,
        i64,
        Option<i64>,
        Option<i64>,
        ClubRow,
        Option<String>,
    );
    let row: Option<Row> = api_keys::table
        .inner_join(orgs::table)
        .left_join(
            memberships::table.on(memberships::org_id
                .eq(api_keys::org_id)
                .and(memberships::account_id.eq(api_keys::created_by))),
        )
        .filter(api_keys::digest.eq(digest(key)))
        .select((
            api_keys::id,
            api_keys::scopes,
            api_keys::created_by,
            api_keys::expires_at,
            api_keys::revoked_at,
            CLUB_COLUMNS,
            memberships::role.nullable(),
        ))
        .first(conn)
        .optional()?;
    let Some((id, scopes, by, expires_at, revoked_at, club, role)) = row else {
        return Ok(Err(Refusal::Unknown));
    };
    if revoked_at.is_some() {
        return Ok(Err(Refusal::Revoked));
    }
    if expires_at.is_some_and(|at| at <= now) {
        return Ok(Err(Refusal::Expired));
    }
    let manages = role
        .and_then(|r| r.parse::<Role>().ok())
        .is_some_and(Role::manages_members);
    let Some(club) = Club::from_row(club) else {
        return Ok(Err(Refusal::Unknown));
    };
    if !manages {
        return Ok(Err(Refusal::MakerLeft));
    }
    Ok(Ok(Caller {
        key: id,
        club,
        scopes: parse_scopes(&scopes),
        account: AccountId(by),
    }))
}

/// Requests and errors of one key on one UTC day (`YYYY-MM-DD`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Usage {
    pub requests: i64,
    pub errors: i64,
    /// The last request's time.
    pub last_at: i64,
}

/// Adds what was counted in memory since the last flush, in one transaction.
pub fn record_usage(conn: &mut Conn, counts: &HashMap<(i64, String), Usage>) -> QueryResult<()> {
    conn.transaction(|conn| {
        for ((key, day), usage) in counts {
            // A key deleted with its club since is skipped, not an error.
            let exists: Option<i64> = api_keys::table
                .find(key)
                .select(api_keys::id)
                .first(conn)
                .optional()?;
            if exists.is_none() {
                continue;
            }
            crate::per_backend!(conn => diesel::insert_into(api_usage::table)
                .values((
                    api_usage::key_id.eq(key),
                    api_usage::day.eq(day),
                    api_usage::requests.eq(usage.requests),
                    api_usage::errors.eq(usage.errors),
                ))
                .on_conflict((api_usage::key_id, api_usage::day))
                .do_update()
                .set((
                    api_usage::requests.eq(api_usage::requests + usage.requests),
                    api_usage::errors.eq(api_usage::errors + usage.errors),
                ))
                .execute(conn))?;
            diesel::update(api_keys::table.find(key))
                .set(api_keys::last_used_at.eq(usage.last_at))
                .filter(
                    api_keys::last_used_at
                        .is_null()
                        .or(api_keys::last_used_at.lt(usage.last_at)),
                )
                .execute(conn)?;
        }
        Ok(())
    })
}

/// One day of one key's use.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DayUsage {
    pub key: i64,
    pub day: String,
    pub requests: i64,
    pub errors: i64,
}

/// The club's use of its keys over the last `days` days (from `since`, `YYYY-MM-DD`),
/// newest first.
pub fn usage(conn: &mut Conn, org: OrgId, since: &str) -> QueryResult<Vec<DayUsage>> {
    let rows: Vec<(i64, String, i64, i64)> = api_usage::table
        .inner_join(api_keys::table)
        .filter(api_keys::org_id.eq(org))
        .filter(api_usage::day.ge(since))
        .order((api_usage::day.desc(), api_usage::key_id))
        .select((
            api_usage::key_id,
            api_usage::day,
            api_usage::requests,
            api_usage::errors,
        ))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(key, day, requests, errors)| DayUsage {
            key,
            day,
            requests,
            errors,
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_key_is_well_formed_and_unique() {
        let (a, b) = (generate(), generate());
        assert_ne!(a, b);
        for key in [&a, &b] {
            assert!(key.starts_with("chk_"), "{key}");
            assert_eq!(key.len(), 4 + 43 + 6);
            assert!(well_formed(key), "{key}");
        }
    }

    #[test]
    fn a_typo_or_a_cut_is_caught_by_the_checksum() {
        let key = generate();
        let mut typo = key.clone().into_bytes();
        let i = 10;
        typo[i] = if typo[i] == b'a' { b'b' } else { b'a' };
        let typo = String::from_utf8(typo).expect("ascii");
        assert!(!well_formed(&typo));
        assert!(!well_formed(&key[..key.len() - 1]));
        assert!(!well_formed(&key.replace("chk_", "chx_")));
        assert!(!well_formed(""));
        assert!(!well_formed("chk_"));
    }

    #[test]
    fn the_form_is_checked() {
        let now = 1_000;
        let ok = NewKey::check("Website", &["read".into(), "read".into()], Ok(None), now)
            .expect("valid");
        assert_eq!(ok.scopes, vec![Scope::Read]);
        let refused = |name: &str, scopes: &[&str], expires: Result<Option<i64>, ()>| {
            let scopes: Vec<String> = scopes.iter().map(|s| s.to_string()).collect();
            match NewKey::check(name, &scopes, expires, now) {
                Err(ActionError::Invalid(errors)) => errors,
                other => panic!("expected refusal, got {other:?}"),
            }
        };
        assert!(refused("", &["read"], Ok(None)).get("name").is_some());
        assert!(refused("x", &[], Ok(None)).get("scopes").is_some());
        assert!(refused("x", &["admin"], Ok(None)).get("scopes").is_some());
        assert!(
            refused("x", &["read"], Ok(Some(999)))
                .get("expires")
                .is_some()
        );
        assert!(refused("x", &["read"], Err(())).get("expires").is_some());
    }
}
