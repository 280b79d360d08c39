//! `TestApp`: a running Clubhouse on its own temp db dir and an OS-chosen loopback port.

use std::path::Path;

use clubhouse::db::{Database, Databases};
use clubhouse::{Config, Running};
use tempfile::TempDir;

pub struct TestApp {
    dir: TempDir,
    running: Option<Running>,
    pub base: String,
    pub client: reqwest::Client,
}

impl TestApp {
    /// A fresh app on fresh files.
    pub async fn start() -> Self {
        let dir = tempfile::tempdir().expect("create temp dir");
        Self::start_in(dir).await
    }

    /// A fresh app with some settings changed.
    pub async fn start_with(change: impl FnOnce(&mut Config)) -> Self {
        let dir = tempfile::tempdir().expect("create temp dir");
        let mut config = Config::for_test(dir.path().join("db"));
        change(&mut config);
        Self::start_on(dir, config).await
    }

    /// An app on the files already in `dir` (to test restarts).
    pub async fn start_in(dir: TempDir) -> Self {
        let config = Config::for_test(dir.path().join("db"));
        Self::start_on(dir, config).await
    }

    /// An app on the files already in `dir`, with some settings changed.
    pub async fn start_in_with(dir: TempDir, change: impl FnOnce(&mut Config)) -> Self {
        let mut config = Config::for_test(dir.path().join("db"));
        change(&mut config);
        Self::start_on(dir, config).await
    }

    async fn start_on(dir: TempDir, mut config: Config) -> Self {
        if config.database_url.is_none() {
            let db_dir = config.db_dir.clone();
            config.database_url = tokio::task::spawn_blocking(move || postgres_url_of(&db_dir))
                .await
                .expect("name the database");
        }
        let running = clubhouse::start(config).await.expect("the app starts");
        let base = format!("http://{}", running.addr());
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("build HTTP client");
        Self {
            dir,
            running: Some(running),
            base,
            client,
        }
    }

    /// What this app knows about its Litestream.
    pub fn replication(&self) -> clubhouse::backup::supervisor::ReplicationState {
        self.running
            .as_ref()
            .expect("the app is running")
            .replication()
    }

    pub fn dbs(&self) -> &Databases {
        self.running
            .as_ref()
            .expect("the app is running")
            .databases()
    }

    /// The shared handle to the files, for code that keeps one (stores, workers).
    pub fn shared_dbs(&self) -> std::sync::Arc<Databases> {
        self.running
            .as_ref()
            .expect("the app is running")
            .databases_arc()
    }

    pub fn hub(&self) -> &clubhouse::live::Hub {
        self.running.as_ref().expect("the app is running").hub()
    }

    pub fn jobs(&self) -> &clubhouse::jobs::Jobs {
        self.running.as_ref().expect("the app is running").jobs()
    }

    /// The directory of the app's database files (for a second process on the same files).
    pub fn db_dir(&self) -> std::path::PathBuf {
        self.dir.path().join("db")
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("GET reaches the app")
    }

    /// Stops the app cleanly and hands back its files.
    pub async fn stop(mut self) -> TempDir {
        if let Some(running) = self.running.take() {
            running.stop().await.expect("clean shutdown");
        }
        self.dir
    }
}

/// Opens the files of `dir` directly (no server), as a test of the storage core would.
pub async fn open_databases(dir: &Path) -> Databases {
    let dir = dir.to_path_buf();
    tokio::task::spawn_blocking(move || {
        let sports = &clubhouse::sports::Sport::ALL;
        match postgres_url_of(&dir) {
            Some(url) => Databases::open_postgres(&url, sports, 2),
            None => Databases::open(&dir, sports, 2),
        }
        .expect("open databases")
    })
    .await
    .expect("open task")
}

/// Closes files without blocking the runtime (joins the writer and reader threads).
pub async fn close(dbs: Databases) {
    tokio::task::spawn_blocking(move || drop(dbs))
        .await
        .expect("close task");
}

/// Someone using the app from their own browser: their own cookie jar, and the CSRF token of
/// the last page they loaded, as a browser would post it back.
pub struct Person {
    pub client: reqwest::Client,
    pub base: String,
    csrf: std::sync::Mutex<Option<String>>,
}

/// A response read whole.
pub struct Page {
    pub status: u16,
    pub location: Option<String>,
    pub body: String,
    pub headers: reqwest::header::HeaderMap,
}

impl Page {
    pub fn assert_status(&self, status: u16) -> &Self {
        assert_eq!(self.status, status, "body: {}", self.body);
        self
    }

    pub fn assert_redirect(&self, to: &str) -> &Self {
        assert_eq!(self.status, 303, "expected a redirect; body: {}", self.body);
        assert_eq!(self.location.as_deref(), Some(to));
        self
    }

    pub fn assert_contains(&self, text: &str) -> &Self {
        assert!(
            self.body.contains(text),
            "{text:?} not in page: {}",
            self.body
        );
        self
    }
}

/// The value of `name="…" value="…"` in a page.
pub use clubhouse::loadtest::client::hidden as hidden_value;

impl TestApp {
    /// A new visitor with an empty cookie jar.
    pub fn person(&self) -> Person {
        Person::at(&self.base)
    }

    /// A new person, signed up, with the address confirmed (which signs them in).
    pub async fn signed_up(&self, name: &str, email: &str) -> Person {
        let person = self.person();
        let sent = person
            .sign_up(name, email, "a long enough passphrase")
            .await;
        sent.assert_redirect("/sign-up/sent");
        person.confirm_email().await.assert_redirect("/clubs");
        person
    }

    /// A new person, signed up, who has not confirmed the address (and is signed out).
    pub async fn signed_up_unconfirmed(&self, name: &str, email: &str) -> Person {
        let person = self.person();
        person
            .sign_up(name, email, "a long enough passphrase")
            .await
            .assert_redirect("/sign-up/sent");
        person
            .sign_in(email, "a long enough passphrase")
            .await
            .assert_redirect("/clubs");
        person
    }
}

impl Person {
    /// A new visitor of the server at `base` (e.g. a child process).
    pub fn at(base: &str) -> Person {
        Person {
            client: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .expect("build client"),
            base: base.to_string(),
            csrf: std::sync::Mutex::new(None),
        }
    }

    async fn read(&self, resp: reqwest::Response) -> Page {
        let status = resp.status().as_u16();
        let headers = resp.headers().clone();
        let location = headers
            .get("location")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        let body = resp.text().await.expect("read body");
        let mut csrf = self.csrf.lock().expect("csrf lock");
        if let Some(token) = hidden_value(&body, "_csrf") {
            *csrf = Some(token);
        } else if headers.contains_key("set-cookie") {
            // A new or cycled session (sign-in, sign-out) has a new token.
            *csrf = None;
        }
        drop(csrf);
        Page {
            status,
            location,
            body,
            headers,
        }
    }

    pub async fn get(&self, path: &str) -> Page {
        let resp = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .expect("GET");
        self.read(resp).await
    }

    /// A GET as htmx makes it for a fragment (`HX-Request`, not boosted).
    pub async fn get_htmx(&self, path: &str) -> Page {
        self.get_with_headers(path, &[("hx-request", "true")]).await
    }

    pub async fn get_with_headers(&self, path: &str, headers: &[(&str, &str)]) -> Page {
        let mut request = self.client.get(format!("{}{path}", self.base));
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        self.read(request.send().await.expect("GET")).await
    }

    /// The token a browser would send: from the last page, or from a fresh form page.
    pub async fn csrf(&self) -> String {
        if let Some(token) = self.csrf.lock().expect("csrf lock").clone() {
            return token;
        }
        self.get("/sign-in").await;
        self.csrf
            .lock()
            .expect("csrf lock")
            .clone()
            .expect("the sign-in page has a token")
    }

    /// Posts a form with the CSRF token, as the page's form would.
    pub async fn post(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        let token = self.csrf().await;
        let mut form: Vec<(&str, &str)> = vec![("_csrf", &token)];
        form.extend_from_slice(fields);
        self.post_raw(path, &form).await
    }

    /// Posts exactly `fields`, with no token added.
    pub async fn post_raw(&self, path: &str, fields: &[(&str, &str)]) -> Page {
        let resp = self
            .client
            .post(format!("{}{path}", self.base))
            .form(fields)
            .send()
            .await
            .expect("POST");
        self.read(resp).await
    }

    pub async fn sign_up(&self, name: &str, email: &str, password: &str) -> Page {
        self.get("/sign-up").await;
        self.post(
            "/sign-up",
            &[("name", name), ("email", email), ("password", password)],
        )
        .await
    }

    /// Signs up and confirms the address (signing in); the last answer.
    pub async fn sign_up_confirmed(&self, name: &str, email: &str, password: &str) -> Page {
        self.sign_up(name, email, password)
            .await
            .assert_redirect("/sign-up/sent");
        self.confirm_email().await
    }

    /// After a sign-up: opens the page that follows it, then confirms the address with the
    /// link it shows, as the person would.
    pub async fn confirm_email(&self) -> Page {
        let sent = self.get("/sign-up/sent").await;
        let link = clubhouse::loadtest::client::confirmation_link(&sent.body)
            .unwrap_or_else(|| panic!("no confirmation link on: {}", sent.body));
        self.follow_confirmation(&link).await
    }

    /// Opens a confirmation link and presses its button.
    pub async fn follow_confirmation(&self, link: &str) -> Page {
        self.get(link).await.assert_status(200);
        self.post(link, &[]).await
    }

    pub async fn sign_in(&self, email: &str, password: &str) -> Page {
        self.get("/sign-in").await;
        self.post("/sign-in", &[("email", email), ("password", password)])
            .await
    }

    /// Creates a club and returns its slug.
    pub async fn create_club(&self, name: &str, slug: &str, sport: &str) -> String {
        self.post(
            "/clubs",
            &[
                ("name", name),
                ("slug", slug),
                ("sport", sport),
                ("region", "CA-ON"),
            ],
        )
        .await
        .assert_redirect(&format!("/clubs/{slug}"));
        slug.to_string()
    }

    /// Creates an invitation link to `slug` with `role` and returns its path.
    pub async fn invite(&self, slug: &str, role: &str) -> String {
        self.post(&format!("/clubs/{slug}/invitations"), &[("role", role)])
            .await
            .assert_redirect(&format!("/clubs/{slug}/members"));
        let page = self.get(&format!("/clubs/{slug}/members")).await;
        let start = page.body.find("/invitations/").expect("the link is shown");
        let end = start + page.body[start..].find('"').expect("end of link");
        page.body[start..end].to_string()
    }
}

/// Whether this run keeps every store in PostgreSQL (`CLUBHOUSE_TEST_BACKEND=postgres`, the
/// second pass of `tests/run`) instead of SQLite files.
pub fn on_postgres() -> bool {
    std::env::var("CLUBHOUSE_TEST_BACKEND").is_ok_and(|b| b == "postgres")
}

/// On the PostgreSQL pass, the database that stands for the database directory `db_dir`:
/// made on first use and named in the directory, so that an app started again on it, or a
/// second process, finds the same data.
pub fn postgres_url_of(db_dir: &Path) -> Option<String> {
    if !on_postgres() {
        return None;
    }
    let named = db_dir.join("postgres-url");
    if let Ok(url) = std::fs::read_to_string(&named) {
        return Some(url);
    }
    let url = pg_database();
    std::fs::create_dir_all(db_dir).expect("make the database directory");
    std::fs::write(&named, &url).expect("remember the database");
    Some(url)
}

/// A new, empty database on the run's private PostgreSQL cluster (`tests/run` starts it and
/// names it in `CLUBHOUSE_TEST_PG`): its URL.
pub fn pg_database() -> String {
    use diesel::Connection;
    use diesel::connection::SimpleConnection;
    let admin = std::env::var("CLUBHOUSE_TEST_PG")
        .expect("CLUBHOUSE_TEST_PG is not set: tests/run starts PostgreSQL and sets it");
    let name = format!("t_{:016x}", rand::random::<u64>());
    let mut conn = diesel::PgConnection::establish(&admin)
        .unwrap_or_else(|e| panic!("connect to {admin}: {e}"));
    conn.batch_execute(&format!("CREATE DATABASE {name}"))
        .expect("create a database");
    let (base, query) = admin.split_once('?').unwrap_or((&admin, ""));
    let root = base.rsplit_once('/').map_or(base, |(root, _)| root);
    format!("{root}/{name}?{query}")
}

/// The SQLite connection inside an app's connection (the tests that read pragmas).
pub fn sqlite(conn: &mut clubhouse::db::Conn) -> &mut diesel::SqliteConnection {
    match conn {
        clubhouse::db::Conn::Sqlite(c) => c,
        clubhouse::db::Conn::Pg(_) => panic!("an SQLite question asked of PostgreSQL"),
    }
}

/// A plain connection to the SQLite file at `path` (a snapshot, a restored copy, an export).
pub fn open_file(path: &Path) -> diesel::SqliteConnection {
    use diesel::Connection;
    diesel::SqliteConnection::establish(&path.display().to_string())
        .unwrap_or_else(|e| panic!("open {}: {e}", path.display()))
}

/// The `n` that `sql` (`SELECT count(*) AS n …`) answers.
pub fn count(conn: &mut diesel::SqliteConnection, sql: &str) -> i64 {
    use diesel::RunQueryDsl;
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    diesel::sql_query(sql)
        .get_result::<Count>(conn)
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
        .n
}

/// The store of a running app that its file `name` would hold (`"pickleball.db"`, …), to
/// read or change through the app's own connections on either backend.
pub fn store<'a>(app: &'a TestApp, name: &str) -> &'a Database {
    let dbs = app.dbs();
    std::iter::once(&dbs.shared)
        .chain([&dbs.queue, &dbs.cache, &dbs.live])
        .chain(dbs.sports().filter_map(|sport| dbs.sport(sport)))
        .find(|db| db.store().file_name() == name)
        .unwrap_or_else(|| panic!("the app has no store {name}"))
}

/// The rows that `sql` answers in `db`, read through the app's connection (SQLite file or
/// PostgreSQL schema alike).
pub fn rows_in<T>(db: &Database, sql: &str) -> Vec<T>
where
    T: diesel::QueryableByName<clubhouse::db::MultiBackend> + Send + 'static,
{
    use diesel::RunQueryDsl;
    let text = sql.to_string();
    let read = db.read(move |conn| {
        diesel::sql_query(text)
            .load::<T>(conn)
            .map_err(clubhouse::db::DbError::from)
    });
    // The tests call this from synchronous helpers on the multi-threaded test runtime.
    tokio::task::block_in_place(|| tokio::runtime::Handle::current().block_on(read))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// The `n` that `sql` (`SELECT count(*) AS n …`) answers in `db`, through the app's
/// connection.
pub fn count_in(db: &Database, sql: &str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let rows: Vec<Count> = rows_in(db, sql);
    rows.first().unwrap_or_else(|| panic!("{sql}: no row")).n
}

/// Runs `sql` through the app's writer of `db`; the rows it changed.
pub fn execute_in(db: &Database, sql: &str) -> usize {
    use diesel::RunQueryDsl;
    let text = sql.to_string();
    let write = db.write(move |conn| {
        diesel::sql_query(text)
            .execute(conn)
            .map_err(clubhouse::db::DbError::from)
    });
    tokio::task::block_in_place(|| tokio::runtime::Handle::current().block_on(write))
        .unwrap_or_else(|e| panic!("{sql}: {e}"))
}

/// The pid of the Litestream that `clubhouse serve` on `db_dir` runs, from its pid file.
pub fn litestream_pid(db_dir: &Path) -> Option<u32> {
    std::fs::read_to_string(db_dir.join(clubhouse::backup::supervisor::PID_FILE))
        .ok()
        .and_then(|pid| pid.trim().parse().ok())
}

/// The id of the club at `slug`.
pub async fn org_of(app: &TestApp, slug: &str) -> clubhouse::db::OrgId {
    let key = slug.to_string();
    app.dbs()
        .shared
        .read(move |conn| {
            clubhouse::clubs::by_slug(conn, &key).map_err(clubhouse::db::DbError::from)
        })
        .await
        .expect("read the club")
        .expect("the club exists")
        .id
}

/// Starts the real `clubhouse` binary with only the given environment.
/// On the PostgreSQL pass, a process given `CLUBHOUSE_DB_DIR` also gets the database that
/// stands for that directory, so a second process or a restart finds the same data.
pub fn spawn_clubhouse(args: &[&str], vars: &[(&str, &str)]) -> std::process::Child {
    let named = vars
        .iter()
        .any(|(name, _)| *name == "CLUBHOUSE_DATABASE_URL");
    let database = vars
        .iter()
        .find(|(name, _)| *name == "CLUBHOUSE_DB_DIR" && !named)
        .and_then(|(_, dir)| postgres_url_of(Path::new(dir)));
    std::process::Command::new(env!("CARGO_BIN_EXE_clubhouse"))
        .args(args)
        .env_clear()
        .envs(database.iter().map(|url| ("CLUBHOUSE_DATABASE_URL", url)))
        .env("RUST_LOG", "warn")
        // Litestream only where a test asks for it (tests/backup.rs).
        .env("CLUBHOUSE_LITESTREAM", "0")
        // Tests sign many people up from 127.0.0.1 (as Config::for_test allows).
        .env("CLUBHOUSE_SIGN_UPS_PER_ADDRESS", "1000000")
        .envs(vars.iter().copied())
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start clubhouse")
}

/// The real `clubhouse serve` as a second process over `db_dir`, on a free loopback port,
/// with no job workers (nothing relays an outbox while it runs), once it listens. Returns
/// the process and its base URL.
pub async fn serve_process(db_dir: &Path) -> (std::process::Child, String) {
    serve_process_with(db_dir, &[("CLUBHOUSE_WORKERS", "0")]).await
}

/// The same with more settings (`vars` may replace the defaults).
pub async fn serve_process_with(
    db_dir: &Path,
    vars: &[(&str, &str)],
) -> (std::process::Child, String) {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let port_text = port.to_string();
    let mut all = vec![
        ("CLUBHOUSE_DB_DIR", db_dir.to_str().expect("utf-8")),
        ("PORT", port_text.as_str()),
    ];
    all.extend_from_slice(vars);
    let child = spawn_clubhouse(&["serve"], &all);
    wait_until(
        "the second process listens",
        std::time::Duration::from_secs(20),
        || async { std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() },
    )
    .await;
    (child, format!("http://127.0.0.1:{port}"))
}

/// Kills `child` with SIGKILL — no shutdown, no flushing — and reaps it.
pub fn kill_9(child: &mut std::process::Child) {
    let killed = std::process::Command::new("kill")
        .args(["-9", &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(killed.success());
    let _ = child.wait();
}

/// Polls `check` until it holds, failing the test with `what` after `limit`.
pub async fn wait_until<F, Fut>(what: &str, limit: std::time::Duration, mut check: F)
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = bool>,
{
    let deadline = std::time::Instant::now() + limit;
    while !check().await {
        assert!(
            std::time::Instant::now() < deadline,
            "timed out waiting until {what}"
        );
        tokio::time::sleep(std::time::Duration::from_millis(25)).await;
    }
}
