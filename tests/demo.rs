//! `serve --demo`: two demo clubs with championships in progress, scored by a simulated
//! scorekeeper, and programs to register for; loading it again duplicates nothing; demo
//! accounts never become operators.

use std::time::Duration;

use clubhouse::db::DbError;
use clubhouse::db::schema::shared::orgs;
use diesel::prelude::*;

use crate::support::{TestApp, wait_until};

async fn demo_clubs(app: &TestApp) -> i64 {
    app.dbs()
        .shared
        .read(|conn| {
            orgs::table
                .filter(orgs::slug.like("demo-%"))
                .count()
                .get_result::<i64>(conn)
                .map_err(DbError::from)
        })
        .await
        .expect("count")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_demo_scores_by_itself_and_loads_once() {
    let app = TestApp::start_with(|c| {
        c.demo = true;
        c.operators = vec!["ann@example.com".into()];
    })
    .await;
    assert_eq!(demo_clubs(&app).await, 2);
    let visitor = app.person();
    let events = visitor.get("/clubs/demo-pickleball/events").await;
    events.assert_status(200).assert_contains("Demo Open");
    let page = visitor.get("/clubs/demo-pickleball/events/1").await;
    page.assert_status(200)
        .assert_contains("Current draw")
        .assert_contains("Results");
    // The simulated scorekeeper keeps entering rallies: the board changes on its own.
    let board = |body: &str| {
        let start = body.find("id=\"current-draw\"").expect("current draw");
        let end = body.find("id=\"standings\"").expect("standings");
        body[start..end].to_string()
    };
    let before = board(&page.body);
    wait_until(
        "the demo scores a rally",
        Duration::from_secs(15),
        || async { board(&visitor.get("/clubs/demo-pickleball/events/1").await.body) != before },
    )
    .await;
    // From the home page, a live scoreboard is one click away.
    wait_until(
        "a demo game is live on the home page",
        Duration::from_secs(15),
        || async {
            let home = visitor.get("/").await.body;
            home.find("id=\"live-now\"")
                .is_some_and(|at| home[at..].contains("/clubs/demo-pickleball/events/1\""))
        },
    )
    .await;
    // The championships end in playoffs seeded from their standings: a Page playoff in
    // curling, pools crossed into a double elimination in pickleball.
    visitor
        .get("/clubs/demo-curling/events/1")
        .await
        .assert_status(200)
        .assert_contains("Demo Championship")
        .assert_contains("id=\"bracket\"")
        .assert_contains("<span class=\"label\">1 v 2</span>")
        .assert_contains("1st of the standings")
        .assert_contains("Winner of 1 v 2");
    visitor
        .get("/clubs/demo-pickleball/events/1")
        .await
        .assert_contains("Pool A")
        .assert_contains("Pool B")
        .assert_contains("1st of pool A")
        .assert_contains("2nd of pool B")
        .assert_contains("Grand final");
    // And a generated league with its first weeks played: results, a ranked table with the
    // Draw Shot Challenge, and the draws to come.
    let league = visitor.get("/clubs/demo-curling/events/2").await;
    league
        .assert_status(200)
        .assert_contains("Demo League")
        .assert_contains("Results")
        .assert_contains("Coming up")
        .assert_contains(">DSC<");
    let played = league.body.matches("class=\"game-card\"").count()
        + league
            .body
            .matches("<li class=\"row\" id=\"result-")
            .count();
    assert!(played >= 12, "three weeks of four games: {played}");
    visitor
        .get("/clubs/demo-pickleball/events/2")
        .await
        .assert_status(200)
        .assert_contains("Doubles League")
        .assert_contains("Coming up");

    // An operator named by configuration sees the dashboard; the demo's account never does.
    let ann = app.signed_up("Ann Operator", "ann@example.com").await;
    ann.get("/operator/jobs").await.assert_status(200);
    let keeper = app.person();
    keeper
        .sign_in(clubhouse::demo::EMAIL, clubhouse::demo::PASSWORD)
        .await
        .assert_status(303);
    keeper.get("/operator/jobs").await.assert_status(404);
    keeper
        .get("/clubs/demo-curling/games/5/score")
        .await
        .assert_status(200);

    // A program is open for registration at once, with a few spots; another counts down.
    let programs = visitor.get("/clubs/demo-curling/programs").await;
    programs
        .assert_contains("Learn to Curl")
        .assert_contains("6 of 6 spots left")
        .assert_contains("Winter Mixed League")
        .assert_contains("Registration opens");
    ann.get("/clubs/demo-curling/programs/1")
        .await
        .assert_contains("Registration is open until")
        .assert_contains("HST (13\u{a0}%)");
    let profile = crate::support::hidden_value(
        &ann.get("/clubs/demo-curling/programs/1").await.body,
        "profile",
    )
    .expect("Ann can register a profile");
    ann.post(
        "/clubs/demo-curling/programs/1/register",
        &[("profile", &profile)],
    )
    .await
    .assert_redirect("/clubs/demo-curling/my-registrations");
    visitor
        .get("/clubs/demo-curling/programs")
        .await
        .assert_contains("5 of 6 spots left");

    // Loading the demo again finds it there.
    let dir = app.stop().await;
    let again = TestApp::start_in_with(dir, |c| c.demo = true).await;
    assert_eq!(demo_clubs(&again).await, 2);
    let events = again.person().get("/clubs/demo-curling/events").await;
    assert_eq!(events.body.matches("Demo Championship").count(), 1);
    let programs = again.person().get("/clubs/demo-curling/programs").await;
    assert_eq!(programs.body.matches("Learn to Curl").count(), 1);
    programs.assert_contains("5 of 6 spots left");
    again.stop().await;
}
