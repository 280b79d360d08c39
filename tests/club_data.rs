//! A club's data through its pages, run as jobs: the export holds exactly the club's rows
//! (and none of another club's) and reports its progress live; deletion takes every row with
//! the club's org_id out of every table of every file, keeps a tombstone, and refuses a
//! mistyped name or anyone but an owner.

use std::path::Path;
use std::time::Duration;

use diesel::RunQueryDsl;

use clubhouse::db::{DbError, OrgId};

use crate::live::{Stream, live_url};
use crate::registration::program_form;
use crate::scoring::{Fixture, end, set_up_club};
use crate::support::{
    Person, TestApp, count, count_in, hidden_value, on_postgres, open_file as open, rows_in, store,
    wait_until,
};

#[derive(diesel::QueryableByName)]
struct Name {
    #[diesel(sql_type = diesel::sql_types::Text)]
    name: String,
}

const ORG_TABLES_SQLITE: &str = "SELECT m.name AS name FROM sqlite_master m \
     WHERE m.type = 'table' \
     AND EXISTS (SELECT 1 FROM pragma_table_info(m.name) WHERE name = 'org_id') ORDER BY 1";

/// The checksum of every row of `table` in the exported file at `file`.
fn exported_checksum(file: &Path, table: &str) -> clubhouse::db::copy::Checksum {
    use clubhouse::db::copy;
    let mut conn = clubhouse::db::Conn::Sqlite(open(file));
    let columns = copy::columns(&mut conn, table).expect("columns");
    copy::checksum(&copy::rows(&mut conn, table, &columns, None).expect("rows")).expect("sum")
}

/// The checksum of the club's rows of `table` in the app's store `db`.
async fn app_checksum(
    db: &clubhouse::db::Database,
    table: &str,
    org: OrgId,
) -> clubhouse::db::copy::Checksum {
    use clubhouse::db::copy;
    let table = table.to_string();
    db.read(move |conn| {
        let columns = copy::columns(conn, &table)?;
        let filter = format!("org_id = {}", org.0);
        let rows = copy::rows(conn, &table, &columns, Some(&filter))?;
        copy::checksum(&rows)
    })
    .await
    .expect("the club's rows")
}

/// Every table of the app's store `db` with an `org_id` column, on either backend.
fn org_tables_in(db: &clubhouse::db::Database) -> Vec<String> {
    let sql = if on_postgres() {
        "SELECT table_name::text AS name FROM information_schema.columns \
         WHERE table_schema = current_schema() AND column_name = 'org_id' ORDER BY 1"
    } else {
        ORG_TABLES_SQLITE
    };
    let names: Vec<Name> = rows_in(db, sql);
    names.into_iter().map(|n| n.name).collect()
}

/// A curling club with rows in every kind of table: sheets, an event with teams, players,
/// a draw and a scored game (last-stone draws, entries, changes), a stored tie decision, a
/// program with a registration, receipt details, and a second member.
async fn busy_club(app: &TestApp, slug: &str, email: &str) -> (Fixture, OrgId) {
    let f = set_up_club(app, "curling", &[("ends", "8")], slug, email).await;
    let keeper = f.owner.get(&f.score_path()).await;
    let version = hidden_value(&keeper.body, "version").expect("the game's version");
    f.owner
        .post(
            &format!("/clubs/{slug}/games/{}/lsd", f.game),
            &[
                ("version", &version),
                ("d10", "35.2"),
                ("d11", "80"),
                ("d20", "12.5"),
                ("m21", "on"),
            ],
        )
        .await
        .assert_status(303);
    decided_tie(&f.owner, slug).await;
    // The event's calendar feed (its entries are club data too).
    f.owner
        .get(&format!("/clubs/{slug}/events/{}/calendar.ics", f.event))
        .await
        .assert_status(200);
    playoff_reset(&f.owner, slug).await;

    // A webhook endpoint that hears of the game (nothing listens there: its deliveries fail,
    // are logged and retried, seven times 300 ms apart in tests).
    let hook = f
        .owner
        .post(
            &format!("/clubs/{slug}/webhooks"),
            &[
                ("url", "http://127.0.0.1:9/hook"),
                ("types", "game.started"),
            ],
        )
        .await;
    assert_eq!(hook.status, 303, "{}", hook.body);
    let hook_page = hook.location.clone().expect("the endpoint's page");
    f.tap(&f.owner, &[("action", "start"), ("side", "1")])
        .await
        .assert_status(303);
    crate::support::wait_until(
        "the webhook's last retry is logged (so its rows stop changing)",
        std::time::Duration::from_secs(15),
        || async { f.owner.get(&hook_page).await.body.contains("attempt 8") },
    )
    .await;
    f.tap(&f.owner, &end("1", "2")).await.assert_status(303);
    f.tap(&f.owner, &end("2", "1")).await.assert_status(303);
    let fields = program_form(&format!("{slug} league"), "10", "120");
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let created = f
        .owner
        .post(&format!("/clubs/{slug}/programs"), &pairs)
        .await;
    assert_eq!(created.status, 303, "{}", created.body);
    let program = created.location.clone().expect("program page");
    let page = f.owner.get(&program).await;
    let profile = hidden_value(&page.body, "profile").expect("a profile");
    f.owner
        .post(&format!("{program}/register"), &[("profile", &profile)])
        .await
        .assert_status(303);
    f.owner
        .post(
            &format!("/clubs/{slug}/receipt-details"),
            &[
                ("address", "1 Rink Road"),
                ("tax_number", "123456789 RT0001"),
            ],
        )
        .await
        .assert_status(303);
    // The club's clock moved: the sport file records the zone its draws are in.
    f.owner
        .post(
            &format!("/clubs/{slug}/settings"),
            &[
                ("name", "Rink"),
                ("region", "CA-ON"),
                ("time_zone", "America/Winnipeg"),
                ("keep_clock", "on"),
            ],
        )
        .await
        .assert_status(303);
    let member = f
        .joined(app, "member", "Mo Member", &format!("mo@{slug}.example"))
        .await;
    drop(member);
    crate::spares::spare_found(app, slug, email).await;
    crate::courts::booked(&f.owner, slug).await;
    crate::open_play::open_play_day(&f.owner, slug).await;
    let org = crate::support::org_of(app, slug).await;
    (f, org)
}

/// A third event with a Page playoff of four teams in the order typed: both first games
/// played, the semifinal started, then 3 v 4 reopened with a reset of what follows (a
/// correction in the bracket's log).
async fn playoff_reset(owner: &Person, slug: &str) {
    let created = owner
        .post(
            &format!("/clubs/{slug}/events"),
            &[
                ("name", "Cup"),
                ("kind", "bonspiel"),
                ("audience", "public"),
                ("ends", "8"),
                ("extra_ends", "on"),
            ],
        )
        .await;
    let base = created.location.clone().expect("the new event");
    let base = base.trim_end_matches("/manage").to_string();
    let teams = ["Cup A", "Cup B", "Cup C", "Cup D"];
    for team in teams {
        owner
            .post(&format!("{base}/teams"), &[("name", team)])
            .await
            .assert_status(303);
    }
    owner
        .post(
            &format!("{base}/brackets"),
            &[
                ("name", "Cup playoff"),
                ("format", "page"),
                ("seeding", "order"),
                ("order", &teams.join("\n")),
                ("first", "2027-03-01T10:00"),
                ("gap", "60"),
            ],
        )
        .await
        .assert_status(303);
    let game_of = |body: &str, label: &str| -> String {
        let section = &body[body.find("id=\"bracket\"").expect("a bracket")..];
        let at = section
            .find(&format!("<span class=\"label\">{label}</span>"))
            .expect("the game");
        let link = section[..at].rfind("/games/").expect("a real game") + 7;
        section[link..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect()
    };
    let tap = |game: String, fields: Vec<(&'static str, &'static str)>| async move {
        let score = format!("/clubs/{slug}/games/{game}/score");
        let screen = owner.get(&score).await;
        let version = hidden_value(&screen.body, "version").expect("a version");
        let mut form = vec![("version", version.as_str())];
        form.extend(fields);
        owner.post(&score, &form).await.assert_status(303);
    };
    let page = owner.get(&base).await.body;
    let (one_two, three_four) = (game_of(&page, "1 v 2"), game_of(&page, "3 v 4"));
    for game in [&one_two, &three_four] {
        tap(game.clone(), vec![("action", "start"), ("side", "1")]).await;
        tap(
            game.clone(),
            vec![("action", "enter"), ("side", "1"), ("points", "2")],
        )
        .await;
        tap(game.clone(), vec![("action", "concede"), ("side", "2")]).await;
    }
    let semi = game_of(&owner.get(&base).await.body, "Semifinal");
    tap(semi, vec![("action", "start"), ("side", "1")]).await;
    tap(three_four, vec![("action", "reopen"), ("force", "on")]).await;
}

/// A second event whose one game ends tied after 8 blank ends, with the tie's order stored.
async fn decided_tie(owner: &Person, slug: &str) {
    let created = owner
        .post(
            &format!("/clubs/{slug}/events"),
            &[
                ("name", "Tied"),
                ("kind", "league"),
                ("audience", "public"),
                ("ends", "8"),
            ],
        )
        .await;
    let base = created.location.clone().expect("the new event");
    let base = base.trim_end_matches("/manage").to_string();
    for team in ["Team Green", "Team Blue"] {
        owner
            .post(&format!("{base}/teams"), &[("name", team)])
            .await
            .assert_status(303);
    }
    owner
        .post(
            &format!("{base}/draws"),
            &[("starts_at", "2027-01-05T19:00")],
        )
        .await
        .assert_status(303);
    let manage = owner.get(&format!("{base}/manage")).await.body;
    let option = |label: &str| crate::scoring::option_value(&manage, label);
    let (green, blue, draw) = (
        option("Team Green"),
        option("Team Blue"),
        option("2027-01-05 19:00"),
    );
    owner
        .post(
            &format!("{base}/games"),
            &[
                ("draw", &draw),
                ("sheet", ""),
                ("team1", &green),
                ("team2", &blue),
            ],
        )
        .await
        .assert_status(303);
    let page = owner.get(&format!("{base}/manage")).await.body;
    let at = page
        .find(&format!("/clubs/{slug}/games/"))
        .expect("the game")
        + slug.len()
        + 14;
    let game: String = page[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let score = format!("/clubs/{slug}/games/{game}/score");
    let mut taps = vec![vec![("action", "start"), ("side", "1")]];
    taps.extend((0..8).map(|_| vec![("action", "enter"), ("points", "0")]));
    for tap in taps {
        let screen = owner.get(&score).await;
        let version = hidden_value(&screen.body, "version").expect("a version");
        let mut form = vec![("version", version.as_str())];
        form.extend(tap);
        owner.post(&score, &form).await.assert_status(303);
    }
    let screen = owner.get(&score).await;
    if let Some(version) = hidden_value(&screen.body, "version")
        && screen.body.contains(r#"value="finish""#)
    {
        owner
            .post(&score, &[("version", &version), ("action", "finish")])
            .await
            .assert_status(303);
    }
    owner
        .post(
            &format!("{base}/ties/decide"),
            &[
                ("tied", &format!("{green},{blue}")),
                ("order", &blue),
                ("order", &green),
            ],
        )
        .await
        .assert_status(303);
}

/// Whether a finished export's file is still kept: on one machine in `db/exports/` (and
/// nowhere else), with several nodes (PostgreSQL) in the database (and not on disk).
async fn export_kept(app: &TestApp, export: &clubhouse::clubs::export::ClubExport) -> bool {
    let on_disk = clubhouse::clubs::export::file_path(
        &app.db_dir(),
        export
            .file_name
            .as_deref()
            .expect("a finished export's name"),
    )
    .is_file();
    let id = export.id;
    let in_database = app
        .dbs()
        .shared
        .read(move |conn| clubhouse::clubs::export::stored_file(conn, id).map_err(DbError::from))
        .await
        .expect("read")
        .is_some();
    if on_postgres() {
        assert!(
            !on_disk,
            "with several nodes the file is not left on one node's disk"
        );
        in_database
    } else {
        assert!(!in_database, "on one machine the file stays on disk");
        on_disk
    }
}

async fn export_state(app: &TestApp, org: OrgId) -> Vec<clubhouse::clubs::export::ClubExport> {
    app.dbs()
        .shared
        .read(move |conn| clubhouse::clubs::export::of_club(conn, org).map_err(DbError::from))
        .await
        .expect("exports")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_export_holds_exactly_the_clubs_rows_and_shows_its_progress_live() {
    let app = TestApp::start().await;
    let (a, org_a) = busy_club(&app, "rink-a", "olive@a.example").await;
    let (_b, org_b) = busy_club(&app, "rink-b", "olive@b.example").await;

    // Only the club's owners and admins export; others are refused, strangers see nothing.
    let member = app.signed_up("Mel Member", "mel@a.example").await;
    let link = a.owner.invite(&a.slug, "member").await;
    member.post(&link, &[]).await;
    member.get("/clubs/rink-a/exports").await.assert_status(403);
    member
        .post("/clubs/rink-a/exports", &[])
        .await
        .assert_status(403);
    let stranger = app.signed_up("Sal Stranger", "sal@x.example").await;
    stranger
        .get("/clubs/rink-a/exports")
        .await
        .assert_status(404);
    assert!(export_state(&app, org_a).await.is_empty(), "nothing queued");

    let page = a.owner.get("/clubs/rink-a/exports").await;
    page.assert_status(200);
    let mut stream = Stream::open(&a.owner.client, &app.url(&live_url(&page.body)), None).await;
    a.owner
        .post("/clubs/rink-a/exports", &[])
        .await
        .assert_redirect("/clubs/rink-a/exports");
    let id = export_state(&app, org_a).await[0].id;
    let event = format!("export-{id}");
    // Live: the row arrives while the job works, and last as "ready" with its link.
    let mut last = String::new();
    let deadline = std::time::Instant::now() + Duration::from_secs(20);
    while !last.contains("ready") && std::time::Instant::now() < deadline {
        last = stream.until(&event, Duration::from_secs(20)).await.data;
    }
    assert!(
        last.contains(&format!("/clubs/rink-a/exports/{id}/file")),
        "{last}"
    );
    let export = export_state(&app, org_a).await.remove(0);
    assert!(export.is_done(), "{export:?}");
    assert!(export.tables_total > 10 && export.tables_done == export.tables_total);

    // The download is the file; another club's owner cannot fetch it.
    let path = format!("/clubs/rink-a/exports/{id}/file");
    let download = a
        .owner
        .client
        .get(app.url(&path))
        .send()
        .await
        .expect("GET");
    assert_eq!(download.status(), 200);
    assert!(
        download.headers()["content-disposition"]
            .to_str()
            .expect("header")
            .contains("rink-a-")
    );
    let bytes = download.bytes().await.expect("body");
    assert_eq!(bytes.len() as i64, export.bytes.expect("size"));
    assert!(bytes.starts_with(b"SQLite format 3\0"));
    let other = Person::at(&app.base);
    other
        .sign_in("olive@b.example", "a long enough passphrase")
        .await;
    other.get(&path).await.assert_status(404);

    // Exactly the club's rows: every org table of the sport file, row for row.
    let scratch = tempfile::tempdir().expect("temp dir");
    let file = scratch.path().join("export.sqlite");
    std::fs::write(&file, &bytes).expect("save");
    let mut exported = open(&file);
    // On SQLite the export is also compared with the sport file itself, attached.
    if !on_postgres() {
        let source = app.db_dir().join("curling.db");
        diesel::sql_query(format!("ATTACH DATABASE '{}' AS source", source.display()))
            .execute(&mut exported)
            .expect("attach the sport file");
    }
    let sport = store(&app, "curling.db");
    let tables = org_tables_in(sport);
    assert!(tables.len() >= 10, "{tables:?}");
    for table in &tables {
        let mine = count_in(
            sport,
            &format!(
                "SELECT count(*) AS n FROM {table} WHERE org_id = {}",
                org_a.0
            ),
        );
        let theirs = count_in(
            sport,
            &format!(
                "SELECT count(*) AS n FROM {table} WHERE org_id = {}",
                org_b.0
            ),
        );
        assert!(
            theirs > 0 || table == "score_changes",
            "club B has {table} rows"
        );
        assert_eq!(
            count(&mut exported, &format!("SELECT count(*) AS n FROM {table}")),
            mine,
            "{table}"
        );
        assert_eq!(
            count(
                &mut exported,
                &format!(
                    "SELECT count(*) AS n FROM {table} WHERE org_id <> {}",
                    org_a.0
                )
            ),
            0,
            "{table} holds another club's rows"
        );
        if table == "webhook_endpoints" {
            // Signing secrets are credentials: the export leaves them out.
            assert_eq!(
                count(
                    &mut exported,
                    "SELECT count(*) AS n FROM main.webhook_endpoints \
                     WHERE secret <> '(not exported)' OR previous_secret IS NOT NULL",
                ),
                0,
                "no webhook secret is exported"
            );
            continue;
        }
        // Every column, not just the count: the rows are the same rows, by the checksum of
        // every value of every row on both sides…
        assert_eq!(
            exported_checksum(&file, table),
            app_checksum(sport, table, org_a).await,
            "{table}"
        );
        // …and on SQLite by comparing the rows themselves.
        if !on_postgres() {
            assert_eq!(
                count(
                    &mut exported,
                    &format!(
                        "SELECT count(*) AS n FROM (SELECT * FROM main.{table} \
                         EXCEPT SELECT * FROM source.{table} WHERE org_id = {})",
                        org_a.0
                    ),
                ),
                0,
                "{table}"
            );
        }
    }
    // The club's settings and its members' public data, no secrets.
    assert_eq!(
        count(
            &mut exported,
            "SELECT count(*) AS n FROM club WHERE slug = 'rink-a'"
        ),
        1
    );
    assert_eq!(
        count(&mut exported, "SELECT count(*) AS n FROM receipt_details"),
        1
    );
    // The owner, Mo, and the two members of the spare found.
    assert_eq!(count(&mut exported, "SELECT count(*) AS n FROM members"), 5);
    let member_columns: Vec<String> =
        diesel::sql_query("SELECT name FROM pragma_table_info('members')")
            .load::<Name>(&mut exported)
            .expect("columns")
            .into_iter()
            .map(|n| n.name)
            .collect();
    assert_eq!(
        member_columns,
        ["account_id", "name", "role", "member_since"]
    );
    if !on_postgres() {
        diesel::sql_query("DETACH DATABASE source")
            .execute(&mut exported)
            .expect("detach");
    }
    let verdict = clubhouse::db::pragma_text(&mut exported, "integrity_check").expect("check");
    assert_eq!(verdict, "ok");

    // Exports are kept a week: a younger one stays, an older one goes with its file.
    let dbs = app.shared_dbs();
    let now = clubhouse::auth::now();
    let week_ago = now - 7 * 24 * 60 * 60;
    let kept = clubhouse::clubs::export::remove_finished_before(&dbs, &app.db_dir(), week_ago)
        .await
        .expect("cleanup");
    assert_eq!(kept, 0);
    assert!(export_kept(&app, &export).await);
    let gone = clubhouse::clubs::export::remove_finished_before(&dbs, &app.db_dir(), now + 1)
        .await
        .expect("cleanup");
    assert_eq!(gone, 1);
    assert!(
        !export_kept(&app, &export).await,
        "the file goes with its row"
    );
    assert!(export_state(&app, org_a).await.is_empty());
    a.owner.get(&path).await.assert_status(404);
    app.stop().await;
}

/// Every row of every table with an `org_id` column, in every store, that belongs to `org`.
fn rows_left(app: &TestApp, org: OrgId) -> Vec<(String, String, i64)> {
    let mut left = Vec::new();
    for file in ["shared", "curling", "pickleball", "queue", "cache", "live"] {
        let db = store(app, &format!("{file}.db"));
        for table in org_tables_in(db) {
            let n = count_in(
                db,
                &format!("SELECT count(*) AS n FROM {table} WHERE org_id = {}", org.0),
            );
            if n > 0 {
                left.push((file.to_string(), table, n));
            }
        }
    }
    left
}

/// A double click on *Export now*: while the first export waits, asking again answers with
/// it instead of queueing a second.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn asking_twice_while_an_export_waits_makes_one_export() {
    // No workers: the first export stays queued.
    let app = TestApp::start_with(|c| c.workers = 0).await;
    let owner = app.signed_up("Olive Owner", "olive@a.example").await;
    owner.create_club("Rink", "rink-a", "curling").await;
    let org = crate::support::org_of(&app, "rink-a").await;
    for _ in 0..2 {
        owner
            .post("/clubs/rink-a/exports", &[])
            .await
            .assert_redirect("/clubs/rink-a/exports");
    }
    let exports = export_state(&app, org).await;
    assert_eq!(exports.len(), 1, "{exports:?}");
    assert_eq!(exports[0].state, "queued");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn deleting_a_club_leaves_no_row_with_its_org_id_in_any_file() {
    let app = TestApp::start_with(|c| c.operators = vec!["olive@a.example".into()]).await;
    let (a, org_a) = busy_club(&app, "rink-a", "olive@a.example").await;
    let (b, org_b) = busy_club(&app, "rink-b", "olive@b.example").await;
    // An export file exists; it goes too.
    a.owner.post("/clubs/rink-a/exports", &[]).await;
    wait_until("the export is written", Duration::from_secs(20), || async {
        export_state(&app, org_a)
            .await
            .first()
            .is_some_and(|e| e.is_done())
    })
    .await;
    let exports = app.db_dir().join("exports");
    let done = export_state(&app, org_a).await.remove(0);
    assert!(export_kept(&app, &done).await);
    // More rows in one table than one delete batch takes.
    let scope = clubhouse::db::tenant::OrgScope::new(org_a);
    app.dbs()
        .sport(clubhouse::sports::Sport::Curling)
        .expect("curling file")
        .write(move |conn| {
            use clubhouse::db::tenant::sheets;
            use diesel::ExpressionMethods;
            for n in 0..4_500 {
                sheets::insert(
                    &scope,
                    (
                        sheets::name.eq(format!("Extra {n}")),
                        sheets::position.eq(100 + n),
                        sheets::created_at.eq(0),
                    ),
                )
                .execute(conn)?;
            }
            Ok::<_, DbError>(())
        })
        .await
        .expect("many sheets");
    let before_b = rows_left(&app, org_b);
    assert!(!rows_left(&app, org_a).is_empty());
    // Its scored games left its event pages in the cache.
    let cached_pages = |org: OrgId| {
        count_in(
            store(&app, "cache.db"),
            &format!(
                "SELECT count(*) AS n FROM cache_entries WHERE key LIKE 'scoreboard:{}:%'",
                org.0
            ),
        )
    };
    assert!(cached_pages(org_a) > 0);
    let cached_b = cached_pages(org_b);

    // Owners only, and only with the exact name.
    let admin = app.signed_up("Ada Admin", "ada@a.example").await;
    let link = a.owner.invite(&a.slug, "admin").await;
    admin.post(&link, &[]).await;
    admin.get("/clubs/rink-a/delete").await.assert_status(403);
    admin
        .post("/clubs/rink-a/delete", &[("confirm", "Rink")])
        .await
        .assert_status(403);
    b.owner
        .post("/clubs/rink-a/delete", &[("confirm", "Rink")])
        .await
        .assert_status(404);
    let mistyped = a
        .owner
        .post("/clubs/rink-a/delete", &[("confirm", "rink")])
        .await;
    mistyped
        .assert_status(422)
        .assert_contains("That is not the club’s name");
    a.owner.get("/clubs/rink-a").await.assert_status(200);

    let deleted = a
        .owner
        .post("/clubs/rink-a/delete", &[("confirm", " Rink ")])
        .await;
    assert_eq!(deleted.status, 303, "{}", deleted.body);
    let progress = deleted.location.clone().expect("progress page");
    assert!(progress.starts_with("/club-deletions/"), "{progress}");
    // Gone at once for everyone.
    a.owner.get("/clubs/rink-a").await.assert_status(404);
    app.person()
        .get(&format!("/clubs/rink-a/events/{}", a.event))
        .await
        .assert_status(404);
    wait_until("the deletion finishes", Duration::from_secs(20), || async {
        a.owner
            .get(&progress)
            .await
            .body
            .contains("data-state=\"done\"")
    })
    .await;
    assert_eq!(cached_pages(org_a), 0, "its cached pages went with it");
    assert_eq!(cached_pages(org_b), cached_b);
    a.owner
        .get(&progress)
        .await
        .assert_contains("is deleted")
        .assert_contains("rows removed");
    b.owner.get(&progress).await.assert_status(404);
    // Operators see the tombstone (the owner of rink-a is one).
    a.owner
        .get("/operator/backups")
        .await
        .assert_contains("Deleted clubs (kept for audit)")
        .assert_contains("olive@a.example")
        .assert_contains(&progress);

    assert_eq!(rows_left(&app, org_a), Vec::new());
    assert_eq!(rows_left(&app, org_b), before_b, "club B untouched");
    assert_eq!(std::fs::read_dir(&exports).expect("exports").count(), 0);
    assert!(
        !export_kept(&app, &done).await,
        "the export went with the club"
    );
    let shared = store(&app, "shared.db");
    assert_eq!(
        count_in(
            shared,
            &format!(
                "SELECT count(*) AS n FROM club_deletions WHERE club_id = {} AND slug = 'rink-a' \
                 AND deleted_by_email = 'olive@a.example' AND state = 'done'",
                org_a.0
            )
        ),
        1,
        "the tombstone stays"
    );
    assert_eq!(
        count_in(
            shared,
            &format!("SELECT count(*) AS n FROM orgs WHERE id = {}", org_a.0)
        ),
        0
    );
    // A new club never reuses the deleted club's id, and may take its address.
    let again = a.owner.create_club("Rink Again", "rink-a", "curling").await;
    assert_eq!(again, "rink-a");
    let reused = count_in(
        shared,
        &format!("SELECT count(*) AS n FROM orgs WHERE id = {}", org_a.0),
    );
    assert_eq!(reused, 0, "the id stays the deleted club's");
    app.stop().await;
}
