//! Finding things from the home page: public games in play with their scores (live), the
//! week's draws, the clubs on this server with a search and an owner's choice to hide, and a
//! club's own page for everyone.

use std::time::Duration;

use crate::live::{Stream, live_url};
use crate::scoring::set_up_club;
use crate::support::TestApp;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_home_page_shows_live_games_the_week_and_the_clubs() {
    let app = TestApp::start().await;
    let f = set_up_club(
        &app,
        "curling",
        &[("ends", "8"), ("extra_ends", "on")],
        "granite",
        "olive@granite.example",
    )
    .await;
    let quiet = set_up_club(
        &app,
        "pickleball",
        &crate::scoring::RALLY_TO_11,
        "dinkers",
        "dee@dinkers.example",
    )
    .await;
    let visitor = app.person();
    let home = visitor.get("/").await;
    home.assert_status(200)
        .assert_contains("No public game is being played right now.")
        .assert_contains("/clubs/granite\"")
        .assert_contains("/clubs/dinkers\"");
    // A game starts: it is live on the home page, one click from its event.
    f.tap(&f.owner, &[("action", "start"), ("side", "1")])
        .await
        .assert_status(303);
    let home = visitor.get("/").await;
    let live = &home.body[home.body.find("id=\"live-now\"").expect("live now")..];
    assert!(
        live.contains(&format!("href=\"{}\"", f.event_path())),
        "{live}"
    );
    assert!(live.contains("Team Red") && live.contains("Team Yellow"));
    // Its scores change on the home page without a reload.
    let mut stream = Stream::open(
        &reqwest::Client::new(),
        &app.url(&live_url(&home.body)),
        None,
    )
    .await;
    f.tap(
        &f.owner,
        &[("action", "enter"), ("side", "1"), ("points", "2")],
    )
    .await
    .assert_status(303);
    let wanted = format!("result-{}", f.game);
    let mut seen = false;
    while let Some(e) = stream.next(Duration::from_secs(5)).await {
        if e.event == wanted {
            seen = true;
            break;
        }
    }
    assert!(seen, "the home page's game line is updated live");
    // A draw in the coming week is listed.
    let when = (chrono::Utc::now() + chrono::Duration::days(2))
        .with_timezone(&chrono_tz::America::Toronto)
        .format("%Y-%m-%dT19:00")
        .to_string();
    f.owner
        .post(
            &format!("{}/draws", f.event_path()),
            &[("starts_at", &when)],
        )
        .await
        .assert_status(303);
    let home = visitor.get("/").await;
    let week = &home.body[home.body.find("id=\"this-week\"").expect("this week")..];
    assert!(week.contains(&when.replace('T', " ")), "{week}");
    // The search finds by name, and nothing odd comes of LIKE's characters.
    let found = visitor.get("/?q=gran").await;
    let clubs = &found.body[found.body.find("id=\"clubs\"").expect("clubs")..];
    assert!(clubs.contains("/clubs/granite\"") && !clubs.contains("/clubs/dinkers\""));
    let none = visitor.get("/?q=%25_").await;
    none.assert_status(200).assert_contains("No club found.");
    // The owner hides the club: it leaves the list, and its live game the home page.
    let settings = format!("/clubs/{}/settings", f.slug);
    f.owner
        .post(
            &settings,
            &[("name", "Rink"), ("region", "CA-ON"), ("time_zone", "")],
        )
        .await
        .assert_status(303);
    let home = visitor.get("/").await;
    assert!(!home.body.contains("/clubs/granite\""), "hidden");
    home.assert_contains("No public game is being played right now.");
    assert!(home.body.contains("/clubs/dinkers\""));
    drop(quiet);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_clubs_page_is_for_everyone_and_members_see_more() {
    let app = TestApp::start().await;
    let f = set_up_club(
        &app,
        "curling",
        &[("ends", "8")],
        "stones",
        "olive@stones.example",
    )
    .await;
    // A members-only event beside the public one.
    f.owner
        .post(
            &format!("/clubs/{}/events", f.slug),
            &[
                ("name", "Members Cup"),
                ("kind", "bonspiel"),
                ("audience", "members"),
                ("ends", "8"),
            ],
        )
        .await
        .assert_status(303);
    let visitor = app.person();
    let page = visitor.get(&format!("/clubs/{}", f.slug)).await;
    page.assert_status(200)
        .assert_contains("<h1>Rink</h1>")
        .assert_contains("Club Championship");
    assert!(
        !page.body.contains("Members Cup"),
        "members-only stays hidden"
    );
    assert!(!page.body.contains("Your role"));
    assert!(!page.body.contains("Add the sheet"));
    // The event page's way back is this page, which a visitor can open.
    let event = visitor.get(&f.event_path()).await;
    event.assert_contains(&format!("href=\"/clubs/{}\"", f.slug));
    // In play, the event is listed as live.
    f.tap(&f.owner, &[("action", "start"), ("side", "1")])
        .await
        .assert_status(303);
    let page = visitor.get(&format!("/clubs/{}", f.slug)).await;
    let live = &page.body[page.body.find("id=\"club-live\"").expect("live section")..];
    assert!(live.contains("Club Championship"));
    // The owner sees the members-only event and their own links.
    let own = f.owner.get(&format!("/clubs/{}", f.slug)).await;
    own.assert_contains("Members Cup")
        .assert_contains("Your role");
    // French too.
    visitor
        .get(&format!("/fr/clubs/{}", f.slug))
        .await
        .assert_status(200)
        .assert_contains("En direct");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn scoreboards_embed_in_any_site_and_nothing_else_does() {
    let app = TestApp::start().await;
    let f = set_up_club(
        &app,
        "curling",
        &[("ends", "8")],
        "framed",
        "olive@framed.example",
    )
    .await;
    let visitor = app.person();
    let embed = visitor
        .get(&format!("/embed/clubs/{}/events/{}", f.slug, f.event))
        .await;
    embed
        .assert_status(200)
        .assert_contains("<base target=\"_blank\">")
        .assert_contains("sse-connect=")
        .assert_contains("Team Red");
    let csp = |page: &crate::support::Page| {
        page.headers
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default()
            .to_string()
    };
    assert!(csp(&embed).contains("frame-ancestors *"), "{}", csp(&embed));
    assert!(!embed.headers.contains_key("x-frame-options"));
    // The game's own, and in French.
    let game = visitor
        .get(&format!("/fr/embed/clubs/{}/games/{}", f.slug, f.game))
        .await;
    game.assert_status(200).assert_contains("id=\"line-score\"");
    assert!(csp(&game).contains("frame-ancestors *"));
    // Every other page still refuses to be framed.
    let page = visitor.get(&f.event_path()).await;
    assert!(csp(&page).contains("frame-ancestors 'none'"));
    assert_eq!(
        page.headers
            .get("x-frame-options")
            .and_then(|v| v.to_str().ok()),
        Some("DENY")
    );
    // A members-only event is not embeddable by strangers.
    f.owner
        .post(
            &format!("/clubs/{}/events", f.slug),
            &[
                ("name", "Private"),
                ("kind", "league"),
                ("audience", "members"),
                ("ends", "8"),
            ],
        )
        .await
        .assert_status(303);
    let private = visitor
        .get(&format!("/embed/clubs/{}/events/{}", f.slug, f.event + 1))
        .await;
    assert_ne!(private.status, 200);
    // The organiser gets the snippet to paste, with this server's address.
    let manage = f.owner.get(&format!("{}/manage", f.event_path())).await;
    manage.assert_contains(&format!(
        "&lt;iframe src=&quot;{}",
        app.url(&format!("/embed/clubs/{}/events/{}", f.slug, f.event))
    ));
    app.stop().await;
}
