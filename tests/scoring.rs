//! Competitions over HTTP: setting an event up, who may keep score, the rules refusing bad
//! entries without writing anything, corrections, the audit trail and version conflicts.

use crate::support::{Page, Person, TestApp, hidden_value};

/// A club with an event, two teams, a draw and one game, set up through the pages.
pub struct Fixture {
    pub owner: Person,
    pub slug: String,
    pub event: i64,
    pub game: i64,
}

/// The `value` of the `<option>` whose text is `label`.
pub fn option_value(body: &str, label: &str) -> String {
    clubhouse::loadtest::client::option_value(body, label)
        .unwrap_or_else(|| panic!("no option {label:?} in {body}"))
}

/// The first number after `prefix` in `text`.
fn id_after(text: &str, prefix: &str) -> i64 {
    let start = text
        .find(prefix)
        .unwrap_or_else(|| panic!("{prefix:?} not in {text}"))
        + prefix.len();
    text[start..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .expect("an id")
}

pub async fn set_up(app: &TestApp, sport: &str, rules: &[(&str, &str)]) -> Fixture {
    set_up_club(
        app,
        sport,
        rules,
        &format!("rink-{sport}"),
        "olive@example.com",
    )
    .await
}

/// The same for a club at `slug` owned by a new account at `email`.
pub async fn set_up_club(
    app: &TestApp,
    sport: &str,
    rules: &[(&str, &str)],
    slug: &str,
    email: &str,
) -> Fixture {
    let owner = app.signed_up("Olive Owner", email).await;
    let slug = owner.create_club("Rink", slug, sport).await;
    let mut form = vec![("name", "Club Championship"), ("kind", "championship")];
    form.extend_from_slice(rules);
    if !rules.iter().any(|(k, _)| *k == "audience") {
        form.push(("audience", "public"));
    }
    let created = owner.post(&format!("/clubs/{slug}/events"), &form).await;
    assert_eq!(created.status, 303, "{}", created.body);
    let event = id_after(created.location.as_deref().unwrap_or(""), "/events/");
    let base = format!("/clubs/{slug}/events/{event}");
    owner
        .post(&format!("/clubs/{slug}/sheets"), &[("name", "Sheet A")])
        .await;
    for (team, skip) in [("Team Red", "Rita"), ("Team Yellow", "Yves")] {
        owner
            .post(
                &format!("{base}/teams"),
                &[("name", team), ("skip", skip), ("player1", skip)],
            )
            .await
            .assert_redirect(&format!("{base}/manage"));
    }
    owner
        .post(
            &format!("{base}/draws"),
            &[("starts_at", "2026-11-22T19:00")],
        )
        .await
        .assert_redirect(&format!("{base}/manage"));
    let manage = owner.get(&format!("{base}/manage")).await;
    let fields = [
        ("draw", option_value(&manage.body, "2026-11-22 19:00")),
        ("sheet", option_value(&manage.body, "Sheet A")),
        ("team1", option_value(&manage.body, "Team Red")),
        ("team2", option_value(&manage.body, "Team Yellow")),
    ];
    let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    owner
        .post(&format!("{base}/games"), &fields)
        .await
        .assert_redirect(&format!("{base}/manage"));
    let page = owner.get(&base).await;
    let game = id_after(&page.body, &format!("/clubs/{slug}/games/"));
    Fixture {
        owner,
        slug,
        event,
        game,
    }
}

impl Fixture {
    pub fn score_path(&self) -> String {
        format!("/clubs/{}/games/{}/score", self.slug, self.game)
    }

    pub fn game_path(&self) -> String {
        format!("/clubs/{}/games/{}", self.slug, self.game)
    }

    pub fn event_path(&self) -> String {
        format!("/clubs/{}/events/{}", self.slug, self.event)
    }

    /// One tap by `who`, with the version on their screen now.
    pub async fn tap(&self, who: &Person, fields: &[(&str, &str)]) -> Page {
        let screen = who.get(&self.score_path()).await;
        let version = hidden_value(&screen.body, "version").expect("the screen has a version");
        self.tap_at(who, &version, fields).await
    }

    pub async fn tap_at(&self, who: &Person, version: &str, fields: &[(&str, &str)]) -> Page {
        let mut form = vec![("version", version)];
        form.extend_from_slice(fields);
        who.post(&self.score_path(), &form).await
    }

    /// A member of the club with `role`, signed up through an invitation.
    pub async fn joined(&self, app: &TestApp, role: &str, name: &str, email: &str) -> Person {
        let link = self.owner.invite(&self.slug, role).await;
        let person = app.signed_up(name, email).await;
        person.post(&link, &[]).await;
        person
    }
}

/// One game of rally scoring to 11, win by two, doubles: eleven taps win it.
pub const RALLY_TO_11: [(&str, &str); 5] = [
    ("points_to_win", "11"),
    ("win_by_two", "on"),
    ("best_of", "1"),
    ("scoring", "rally"),
    ("format", "doubles"),
];

pub fn end(side: &'static str, points: &'static str) -> [(&'static str, &'static str); 3] {
    [("action", "enter"), ("side", side), ("points", points)]
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_scorekeepers_and_admins_keep_score() {
    let app = TestApp::start().await;
    let f = set_up(&app, "curling", &[("ends", "8"), ("extra_ends", "on")]).await;
    let member = f
        .joined(&app, "member", "Mo Member", "mo@example.com")
        .await;
    let keeper = f
        .joined(&app, "scorekeeper", "Kay Keeper", "kay@example.com")
        .await;
    let outsider = app.signed_up("Otto Outside", "otto@example.com").await;

    member.get(&f.score_path()).await.assert_status(403);
    f.tap_at(&member, "0", &[("action", "start"), ("side", "1")])
        .await
        .assert_status(403);
    outsider.get(&f.score_path()).await.assert_status(404);
    f.tap_at(&outsider, "0", &[("action", "start"), ("side", "1")])
        .await
        .assert_status(404);
    let anonymous = app.person();
    assert_eq!(anonymous.get(&f.score_path()).await.status, 303);
    // Nothing those attempts sent was written.
    f.owner
        .get(&f.game_path())
        .await
        .assert_contains("Scheduled");

    // A public event's pages are open to anyone, the scorekeeper's button only to keepers.
    let public = anonymous.get(&f.game_path()).await;
    public.assert_status(200);
    assert!(!public.body.contains("/score\""), "no scorekeeping link");
    anonymous.get(&f.event_path()).await.assert_status(200);
    anonymous
        .get(&format!("{}/tv", f.event_path()))
        .await
        .assert_status(200);

    f.tap(&keeper, &[("action", "start"), ("side", "2")])
        .await
        .assert_redirect(&f.score_path());
    f.tap(&keeper, &end("1", "3")).await.assert_status(303);
    let game = anonymous.get(&f.game_path()).await;
    game.assert_contains(r#"<td class="scored">3</td>"#)
        .assert_contains("End 2");
    // Setting the event up is for admins.
    keeper
        .get(&format!("{}/manage", f.event_path()))
        .await
        .assert_status(403);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn curling_entries_outside_the_rules_are_refused_and_change_nothing() {
    let app = TestApp::start().await;
    let f = set_up(&app, "curling", &[("ends", "8"), ("extra_ends", "on")]).await;
    let owner = &f.owner;
    // No score before the game starts.
    f.tap(owner, &end("1", "1"))
        .await
        .assert_status(422)
        .assert_contains("Start the game first");
    f.tap(owner, &[("action", "start"), ("side", "1")])
        .await
        .assert_status(303);
    let before = owner.get(&f.score_path()).await;
    let version = hidden_value(&before.body, "version").expect("version");
    for (fields, message) in [
        (end("1", "9"), "more points than an end can score"),
        (end("3", "2"), "Choose the team"),
        (end("", "2"), "Choose the team"),
        (end("1", "-1"), "more points than an end can score"),
    ] {
        f.tap_at(owner, &version, &fields)
            .await
            .assert_status(422)
            .assert_contains(message);
    }
    let after = owner.get(&f.score_path()).await;
    assert_eq!(
        hidden_value(&after.body, "version").as_deref(),
        Some(version.as_str()),
        "refused entries write nothing"
    );
    // 8 ends, tied 4-4: an extra end, then the game is over.
    for i in 0..8 {
        let side = if i % 2 == 0 { "1" } else { "2" };
        f.tap(owner, &end(side, "1")).await.assert_status(303);
    }
    f.owner.get(&f.game_path()).await.assert_contains("End 9");
    f.tap(owner, &[("action", "enter"), ("points", "0")])
        .await
        .assert_status(303);
    f.tap(owner, &end("2", "2")).await.assert_status(303);
    let done = owner.get(&f.game_path()).await;
    done.assert_contains("Final")
        .assert_contains(r#"<td class="total">6</td>"#);
    // A score on a final game is refused.
    f.tap(owner, &end("1", "1"))
        .await
        .assert_status(422)
        .assert_contains("The game is over");
    // The deciding end can be taken back from the scorekeeper's screen right after…
    f.tap(owner, &[("action", "undo")]).await.assert_status(303);
    owner
        .get(&f.game_path())
        .await
        .assert_contains("End 10")
        .assert_contains(r#"<td class="total">4</td>"#);
    f.tap(owner, &end("2", "2")).await.assert_status(303);
    owner.get(&f.game_path()).await.assert_contains("Final");
    // …but not a quarter of an hour later: then an admin reopens it.
    crate::support::execute_in(
        crate::support::store(&app, "curling.db"),
        "UPDATE games SET updated_at = updated_at - 901",
    );
    f.tap(owner, &[("action", "undo")]).await.assert_status(422);
    f.tap(owner, &[("action", "reopen")])
        .await
        .assert_status(303);
    f.tap(owner, &[("action", "undo")]).await.assert_status(303);
    owner
        .get(&f.game_path())
        .await
        .assert_contains("End 10")
        .assert_contains(r#"<td class="total">4</td>"#);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn corrections_are_audited_and_stale_screens_are_refused() {
    let app = TestApp::start().await;
    let f = set_up(&app, "curling", &[("ends", "10"), ("extra_ends", "on")]).await;
    let keeper = f
        .joined(&app, "scorekeeper", "Kay Keeper", "kay@example.com")
        .await;
    f.tap(&keeper, &[("action", "start"), ("side", "1")])
        .await
        .assert_status(303);
    // Two screens show the same version; the second tap must not overwrite the first.
    let screen = keeper.get(&f.score_path()).await;
    let seen = hidden_value(&screen.body, "version").expect("version");
    f.tap_at(&f.owner, &seen, &end("1", "2"))
        .await
        .assert_status(303);
    f.tap_at(&keeper, &seen, &end("2", "4"))
        .await
        .assert_status(409)
        .assert_contains("Someone else changed this game");
    let game = f.owner.get(&f.game_path()).await;
    game.assert_contains(r#"<td class="scored">2</td>"#);
    assert!(!game.body.contains(r#"<td class="scored">4</td>"#));

    // Edit end 1 to Yellow 3; undo; each change is in the trail with who did it.
    f.tap(
        &keeper,
        &[
            ("action", "edit"),
            ("number", "1"),
            ("side", "2"),
            ("points", "3"),
        ],
    )
    .await
    .assert_status(303);
    f.tap(
        &keeper,
        &[
            ("action", "edit"),
            ("number", "5"),
            ("side", "2"),
            ("points", "1"),
        ],
    )
    .await
    .assert_status(422)
    .assert_contains("That end has not been played");
    f.tap(&keeper, &end("1", "1")).await.assert_status(303);
    f.tap(&keeper, &[("action", "undo")])
        .await
        .assert_status(303);
    let history = format!("/clubs/{}/games/{}/history", f.slug, f.game);
    keeper.get(&history).await.assert_status(403);
    let trail = f.owner.get(&history).await;
    trail
        .assert_status(200)
        .assert_contains("Kay Keeper")
        .assert_contains("Olive Owner")
        // Sentences, not the trail's records.
        .assert_contains("Game started")
        .assert_contains("End 1: Team Red scored 2 — 2–0")
        .assert_contains("End 1 corrected — 0–3")
        .assert_contains("End 2: Team Red scored 1 — 1–3")
        .assert_contains("Last entry undone — 0–3");
    assert!(!trail.body.contains("ends ["), "{}", trail.body);
    // And in French.
    f.owner
        .get(&format!("/fr{history}"))
        .await
        .assert_contains("Manche 1 : Team Red marque 2 — 2–0");
    assert_eq!(
        trail.body.matches("<tr>").count(),
        1 + 5,
        "header and five changes"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pickleball_refuses_a_rally_after_match_point() {
    let app = TestApp::start().await;
    let f = set_up(&app, "pickleball", &RALLY_TO_11).await;
    f.tap(&f.owner, &[("action", "start"), ("side", "1")])
        .await
        .assert_status(303);
    for n in 0..11 {
        f.tap(&f.owner, &end("1", "1")).await.assert_status(303);
        if n == 6 {
            // The TV shows the rally score large beside the games won (0 each so far).
            let tv = f.owner.get(&format!("{}/tv", f.event_path())).await;
            tv.assert_contains(
                r#"<span class="rally" aria-hidden="true">7</span><span class="points">0</span>"#,
            )
            .assert_contains(
                r#"<span class="rally" aria-hidden="true">0</span><span class="points">0</span>"#,
            );
        }
    }
    f.owner
        .get(&f.game_path())
        .await
        .assert_contains("Final")
        .assert_contains(r#"<td class="total">1</td>"#);
    f.tap(&f.owner, &end("2", "1"))
        .await
        .assert_status(422)
        .assert_contains("The game is over");
    // Standings count the win.
    let event = f.owner.get(&f.event_path()).await;
    let standings = &event.body[event
        .body
        .find("<table class=\"standings\"")
        .expect("standings")..];
    let red = standings.find("Team Red").expect("red");
    let yellow = standings.find("Team Yellow").expect("yellow");
    assert!(red < yellow, "the winner is first");
    assert!(standings.contains("<td>1</td><td>0</td><td>0</td><td>11</td><td>0</td>"));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn members_only_events_stay_in_the_club() {
    let app = TestApp::start().await;
    let f = set_up(&app, "curling", &[("ends", "8"), ("audience", "members")]).await;
    let anonymous = app.person();
    let page = anonymous.get(&f.event_path()).await;
    assert_eq!(page.status, 303, "signed-out visitors are asked to sign in");
    let outsider = app.signed_up("Otto Outside", "otto@example.com").await;
    outsider.get(&f.event_path()).await.assert_status(404);
    outsider.get(&f.game_path()).await.assert_status(404);
    let list = outsider.get(&format!("/clubs/{}/events", f.slug)).await;
    assert!(!list.body.contains("Club Championship"));
    let member = f
        .joined(&app, "member", "Mo Member", "mo@example.com")
        .await;
    member.get(&f.event_path()).await.assert_status(200);
    // Bad ids are simply not found.
    for path in [
        format!("/clubs/{}/events/abc", f.slug),
        format!("/clubs/{}/events/999", f.slug),
        format!("/clubs/{}/games/0", f.slug),
        "/clubs/no-such-club/events".to_string(),
    ] {
        assert_eq!(member.get(&path).await.status, 404, "{path}");
    }
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn setting_up_refuses_bad_input() {
    let app = TestApp::start().await;
    let f = set_up(&app, "curling", &[("ends", "8")]).await;
    let base = f.event_path();
    f.owner
        .post(
            &format!("/clubs/{}/events", f.slug),
            &[
                ("name", "X"),
                ("kind", "olympics"),
                ("audience", "public"),
                ("ends", "9"),
            ],
        )
        .await
        .assert_status(422)
        .assert_contains("Choose one of the options");
    f.owner
        .post(&format!("{base}/teams"), &[("name", "Team Red")])
        .await
        .assert_status(422)
        .assert_contains("already has a team by that name");
    f.owner
        .post(&format!("{base}/draws"), &[("starts_at", "next tuesday")])
        .await
        .assert_status(422);
    let manage = f.owner.get(&format!("{base}/manage")).await;
    let red = option_value(&manage.body, "Team Red");
    let draw = option_value(&manage.body, "2026-11-22 19:00");
    f.owner
        .post(
            &format!("{base}/games"),
            &[
                ("draw", &draw),
                ("sheet", ""),
                ("team1", &red),
                ("team2", &red),
            ],
        )
        .await
        .assert_status(422)
        .assert_contains("A team cannot play itself");
    let events = f.owner.get(&format!("/clubs/{}/events", f.slug)).await;
    assert_eq!(
        events.body.matches("/events/").count(),
        1,
        "still one event"
    );
    app.stop().await;
}
