//! What a page needs to know about its request: language, path, htmx or not, who is signed
//! in (with their clubs, for the switcher), the CSRF token for forms, and flash messages.
//! Also the extractors that require a signed-in person or a club membership.

use poem::{FromRequest, Request, RequestBody};
use serde::{Deserialize, Serialize};
use tower_sessions::Session;

use super::request_log::RequestId;
use super::{AppError, AppState, Redirect, paths};
use crate::auth::{AccountId, accounts, csrf};
use crate::clubs::{self, Club, Role};
use crate::db::DbError;
use crate::db::tenant::OrgScope;
use crate::i18n::Lang;

/// Session keys.
const ACCOUNT_KEY: &str = crate::auth::SESSION_ACCOUNT_KEY;
const FLASH_KEY: &str = "flash";
/// When a signed-in session was last saved (seconds); saving it again pushes its expiry on.
const TOUCHED_KEY: &str = "touched";
/// An active session is saved (and so extended) at most this often.
const TOUCH_EVERY_SECS: i64 = 24 * 60 * 60;

/// The signed-in person, as every page sees them.
#[derive(Debug, Clone)]
pub struct Viewer {
    pub account: AccountId,
    pub name: String,
    pub lang: Lang,
    pub clubs: Vec<(Club, Role)>,
    /// May see the operator pages (jobs, mailbox).
    pub operator: bool,
    /// The address the account has (for the "confirm your address" notice).
    pub email: String,
    /// Whether the owner has confirmed that address.
    pub verified: bool,
}

/// A one-time message shown on the next page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Flash {
    pub alert: bool,
    pub text: String,
    /// A link to show in full (an invitation link to copy).
    pub link: Option<String>,
}

/// The request as the layout sees it.
#[derive(Debug, Clone, Default)]
pub struct PageContext {
    pub lang: Lang,
    /// The path without its language prefix, for the language switcher.
    pub path: String,
    /// The query string, so the switcher keeps it.
    pub query: Option<String>,
    /// True when htmx made the request for a fragment (not a boosted page load).
    pub htmx: bool,
    pub request_id: String,
    pub viewer: Option<Viewer>,
    pub csrf: Option<String>,
    pub flashes: Vec<Flash>,
}

impl Flash {
    pub fn notice(text: impl Into<String>) -> Self {
        Flash {
            alert: false,
            text: text.into(),
            link: None,
        }
    }

    pub fn alert(text: impl Into<String>) -> Self {
        Flash {
            alert: true,
            text: text.into(),
            link: None,
        }
    }
}

impl PageContext {
    /// What can be known without the session (error pages use this).
    pub fn of(req: &Request) -> Self {
        // The route table never strips prefixes (no `nest`), so this is the path as sent.
        let path = req.uri().path();
        let header = |name: &str| req.headers().contains_key(name);
        Self {
            lang: Lang::of_path(path),
            path: Lang::strip(path).to_string(),
            query: req.uri().query().map(str::to_string),
            htmx: header("hx-request") && !header("hx-boosted"),
            request_id: req
                .extensions()
                .get::<RequestId>()
                .map(|id| id.0.clone())
                .unwrap_or_default(),
            ..Self::default()
        }
    }

    /// Everything, from the session and `shared.db`. With `form`, makes sure there is a CSRF
    /// token (creating the session if needed); without, an anonymous visitor gets no session.
    pub async fn load(req: &Request, form: bool) -> poem::Result<Self> {
        let mut ctx = Self::of(req);
        let Some(session) = req.extensions().get::<Session>() else {
            return Ok(ctx);
        };
        let state = req
            .data::<AppState>()
            .ok_or_else(|| AppError::internal("app state missing"))?;
        let account: Option<i64> = session.get(ACCOUNT_KEY).await.map_err(session_error)?;
        if let Some(id) = account.map(AccountId) {
            ctx.viewer = load_viewer(state, id).await?;
            // Someone who keeps using the app stays signed in: their session's 14 days
            // start again at most once a day (one write), not only when it changes.
            let touched: Option<i64> = session.get(TOUCHED_KEY).await.map_err(session_error)?;
            let now = crate::auth::now();
            if ctx.viewer.is_some() && touched.is_none_or(|t| now - t >= TOUCH_EVERY_SECS) {
                session
                    .insert(TOUCHED_KEY, now)
                    .await
                    .map_err(session_error)?;
            }
        }
        // Removing a key marks the session changed even when it was absent, and a changed
        // session is saved: only take flashes that are there, so a spectator gets no session.
        let flashes: Option<Vec<Flash>> = session.get(FLASH_KEY).await.map_err(session_error)?;
        if flashes.is_some() {
            ctx.flashes = session
                .remove(FLASH_KEY)
                .await
                .map_err(session_error)?
                .unwrap_or_default();
        }
        ctx.csrf = session
            .get(csrf::SESSION_KEY)
            .await
            .map_err(session_error)?;
        if ctx.csrf.is_none() && (form || ctx.viewer.is_some()) {
            let token = csrf::new_token();
            session
                .insert(csrf::SESSION_KEY, &token)
                .await
                .map_err(session_error)?;
            ctx.csrf = Some(token);
        }
        Ok(ctx)
    }

    /// What an error page needs to show the header as the visitor knows it: who is signed
    /// in, and the form token for *Sign out*. Read only (nothing is created or taken), from
    /// the session and state `req` carried when it arrived.
    pub fn error_parts(req: &Request) -> Option<(Session, AppState)> {
        Some((
            req.extensions().get::<Session>()?.clone(),
            req.data::<AppState>()?.clone(),
        ))
    }

    pub async fn with_viewer(mut self, parts: Option<(Session, AppState)>) -> Self {
        let Some((session, state)) = parts else {
            return self;
        };
        if let Ok(Some(id)) = session.get::<i64>(ACCOUNT_KEY).await {
            self.viewer = load_viewer(&state, AccountId(id)).await.ok().flatten();
        }
        self.csrf = session.get(csrf::SESSION_KEY).await.ok().flatten();
        self
    }

    /// This page's URL in `lang` (for the switcher and for `next` links).
    pub fn url_in(&self, lang: Lang) -> String {
        let path = lang.path(&self.path);
        match &self.query {
            Some(q) => format!("{path}?{q}"),
            None => path,
        }
    }
}

async fn load_viewer(state: &AppState, id: AccountId) -> poem::Result<Option<Viewer>> {
    let operators = state.config.operators.clone();
    let found = state
        .dbs
        .shared
        .read(move |conn| -> Result<_, DbError> {
            let Some(account) = accounts::find(conn, id)? else {
                return Ok(None);
            };
            let clubs = clubs::of_account(conn, id)?;
            let operator = crate::auth::operators::is_operator(conn, &account, &operators)?;
            Ok(Some(Viewer {
                account: account.id,
                lang: account.lang(),
                verified: account.verified(),
                name: account.name,
                email: account.email,
                clubs,
                operator,
            }))
        })
        .await
        .map_err(AppError::from)?;
    Ok(found)
}

fn session_error(e: tower_sessions::session::Error) -> AppError {
    AppError::internal(format!("session: {e}"))
}

/// Signs `account` in: a new session id (no fixation), a new CSRF token.
pub async fn sign_in(session: &Session, account: AccountId) -> Result<(), AppError> {
    session.cycle_id().await.map_err(session_error)?;
    session
        .insert(ACCOUNT_KEY, account.get())
        .await
        .map_err(session_error)?;
    session
        .insert(csrf::SESSION_KEY, csrf::new_token())
        .await
        .map_err(session_error)?;
    Ok(())
}

/// Ends the session: its row is deleted and the cookie cleared.
pub async fn sign_out(session: &Session) -> Result<(), AppError> {
    session.flush().await.map_err(session_error)
}

/// Queues a message for the next page.
pub async fn flash(session: &Session, flash: Flash) -> Result<(), AppError> {
    let mut all: Vec<Flash> = session
        .get(FLASH_KEY)
        .await
        .map_err(session_error)?
        .unwrap_or_default();
    all.push(flash);
    session.insert(FLASH_KEY, all).await.map_err(session_error)
}

impl<'a> FromRequest<'a> for PageContext {
    async fn from_request(req: &'a Request, _body: &mut RequestBody) -> poem::Result<Self> {
        PageContext::load(req, false).await
    }
}

/// A page with a form: like [`PageContext`], with a CSRF token guaranteed.
pub struct FormPage(pub PageContext);

impl<'a> FromRequest<'a> for FormPage {
    async fn from_request(req: &'a Request, _body: &mut RequestBody) -> poem::Result<Self> {
        PageContext::load(req, true).await.map(FormPage)
    }
}

/// The session of the request (present on every route).
pub fn session(req: &Request) -> Result<Session, AppError> {
    req.extensions()
        .get::<Session>()
        .cloned()
        .ok_or_else(|| AppError::internal("session layer missing"))
}

/// A page for signed-in people; anyone else is sent to sign in and brought back after.
pub struct SignedIn {
    pub ctx: PageContext,
    pub account: AccountId,
}

impl<'a> FromRequest<'a> for SignedIn {
    async fn from_request(req: &'a Request, _body: &mut RequestBody) -> poem::Result<Self> {
        let ctx = PageContext::load(req, true).await?;
        match &ctx.viewer {
            Some(viewer) => Ok(SignedIn {
                account: viewer.account,
                ctx,
            }),
            None => Err(Redirect::to_sign_in(&ctx).into()),
        }
    }
}

/// A page of one club (from the `:slug` in the path) for one of its members. For anyone who
/// does not belong to the club — whatever the slug — the answer is 404.
pub struct ClubMember {
    pub ctx: PageContext,
    pub account: AccountId,
    pub club: Club,
    pub role: Role,
}

impl ClubMember {
    pub fn scope(&self) -> OrgScope {
        OrgScope::new(self.club.id)
    }
}

impl<'a> FromRequest<'a> for ClubMember {
    async fn from_request(req: &'a Request, body: &mut RequestBody) -> poem::Result<Self> {
        let SignedIn { ctx, account } = SignedIn::from_request(req, body).await?;
        let slug = req.raw_path_param("slug").unwrap_or_default();
        let found = ctx
            .viewer
            .as_ref()
            .and_then(|v| v.clubs.iter().find(|(club, _)| club.slug == slug))
            .cloned();
        match found {
            Some((club, role)) => Ok(ClubMember {
                ctx,
                account,
                club,
                role,
            }),
            None => Err(AppError::NotFound.into()),
        }
    }
}

/// A club page for its owners and admins. Other members get 403; non-members 404.
pub struct ClubManager(pub ClubMember);

impl<'a> FromRequest<'a> for ClubManager {
    async fn from_request(req: &'a Request, body: &mut RequestBody) -> poem::Result<Self> {
        let member = ClubMember::from_request(req, body).await?;
        if member.role.manages_members() {
            Ok(ClubManager(member))
        } else {
            Err(AppError::Forbidden.into())
        }
    }
}

/// Where sign-in sends someone back to.
pub fn sign_in_url(ctx: &PageContext) -> String {
    let next = ctx.url_in(ctx.lang);
    format!("{}?next={}", paths::sign_in(ctx.lang), encode(&next))
}

/// Percent-encodes a query value.
pub fn encode(value: &str) -> String {
    serde_urlencoded::to_string([("v", value)])
        .map(|s| s[2..].to_string())
        .unwrap_or_default()
}

/// The operator pages: confirmed accounts whose address is in `CLUBHOUSE_OPERATORS` or was
/// added with `clubhouse operator add`. Everyone else gets 404 (the pages don't exist for
/// them).
pub struct Operator {
    pub ctx: PageContext,
}

impl<'a> FromRequest<'a> for Operator {
    async fn from_request(req: &'a Request, body: &mut RequestBody) -> poem::Result<Self> {
        let SignedIn { ctx, .. } = SignedIn::from_request(req, body).await?;
        if ctx.viewer.as_ref().is_some_and(|v| v.operator) {
            Ok(Operator { ctx })
        } else {
            Err(AppError::NotFound.into())
        }
    }
}

/// A club page anyone may open (public scoreboards): the club from the `:slug` in the path,
/// and the visitor's role there if they belong to it. An unknown slug is 404.
pub struct ClubVisitor {
    pub ctx: PageContext,
    pub club: Club,
    pub role: Option<Role>,
}

impl ClubVisitor {
    pub fn scope(&self) -> OrgScope {
        OrgScope::new(self.club.id)
    }

    pub fn can_manage(&self) -> bool {
        self.role.is_some_and(Role::manages_members)
    }

    pub fn can_keep_score(&self) -> bool {
        self.role.is_some_and(Role::keeps_score)
    }
}

impl<'a> FromRequest<'a> for ClubVisitor {
    async fn from_request(req: &'a Request, _body: &mut RequestBody) -> poem::Result<Self> {
        let ctx = PageContext::load(req, false).await?;
        let slug = req.raw_path_param("slug").unwrap_or_default().to_string();
        let member = ctx
            .viewer
            .as_ref()
            .and_then(|v| v.clubs.iter().find(|(club, _)| club.slug == slug))
            .cloned();
        let (club, role) = match member {
            Some((club, role)) => (club, Some(role)),
            None => {
                let state = req
                    .data::<AppState>()
                    .ok_or_else(|| AppError::internal("app state missing"))?;
                let club = state
                    .dbs
                    .shared
                    .read(move |conn| clubs::by_slug(conn, &slug).map_err(DbError::from))
                    .await
                    .map_err(AppError::from)?
                    .ok_or(AppError::NotFound)?;
                (club, None)
            }
        };
        Ok(ClubVisitor { ctx, club, role })
    }
}
