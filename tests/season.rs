//! Running a season through its pages: every edit and removal (sheets, events, teams, draws,
//! games), each refusal with its message and nothing changed, the club's clock, last-stone
//! draws, tie decisions, the schedule generator and its CSV, and open pages following.

use std::time::Duration;

use crate::live::{Stream, live_url};
use crate::scoring::option_value;
use crate::support::{Page, Person, TestApp, hidden_value};

/// A club (in Ontario) with `sheets` sheets and an event of `teams` teams, nothing scheduled.
pub struct League {
    pub owner: std::sync::Arc<Person>,
    pub slug: String,
    pub event: i64,
}

impl League {
    pub async fn new(
        app: &TestApp,
        sport: &str,
        slug: &str,
        sheets: usize,
        teams: usize,
    ) -> League {
        League::with_rules(app, sport, slug, sheets, teams, &[]).await
    }

    /// The same, with more fields on the event's form (`extra_ends`…).
    pub async fn with_rules(
        app: &TestApp,
        sport: &str,
        slug: &str,
        sheets: usize,
        teams: usize,
        rules: &[(&str, &str)],
    ) -> League {
        let owner = app
            .signed_up("Olive Owner", &format!("olive@{slug}.example"))
            .await;
        let slug = owner.create_club("Rink", slug, sport).await;
        for n in 0..sheets {
            let name = format!("Sheet {}", (b'A' + n as u8) as char);
            owner
                .post(&format!("/clubs/{slug}/sheets"), &[("name", &name)])
                .await
                .assert_status(303);
        }
        League::in_club(std::sync::Arc::new(owner), &slug, sport, teams, rules).await
    }

    /// A new event of `teams` teams in an existing club of `owner`'s.
    pub async fn in_club(
        owner: std::sync::Arc<Person>,
        slug: &str,
        sport: &str,
        teams: usize,
        rules: &[(&str, &str)],
    ) -> League {
        let mut form = vec![
            ("name", "Tuesday League"),
            ("kind", "league"),
            ("audience", "public"),
        ];
        if sport == "curling" {
            form.push(("ends", "8"));
        } else {
            form.extend_from_slice(&crate::scoring::RALLY_TO_11);
        }
        form.extend_from_slice(rules);
        let created = owner.post(&format!("/clubs/{slug}/events"), &form).await;
        assert_eq!(created.status, 303, "{}", created.body);
        let location = created.location.clone().expect("a location");
        let event: i64 = location
            .split('/')
            .nth(4)
            .and_then(|s| s.parse().ok())
            .expect("an event id");
        let league = League {
            owner,
            slug: slug.to_string(),
            event,
        };
        for n in 1..=teams {
            league
                .owner
                .post(
                    &league.path("teams"),
                    &[
                        ("name", &format!("Team {n}")),
                        ("skip", &format!("Skip {n}")),
                    ],
                )
                .await
                .assert_status(303);
        }
        league
    }

    pub fn path(&self, part: &str) -> String {
        format!("/clubs/{}/events/{}/{part}", self.slug, self.event)
    }

    pub fn event_path(&self) -> String {
        format!("/clubs/{}/events/{}", self.slug, self.event)
    }

    pub async fn manage(&self) -> Page {
        let page = self.owner.get(&self.path("manage")).await;
        page.assert_status(200);
        page
    }

    /// A team's id, from the setup page's team list.
    pub async fn team(&self, name: &str) -> String {
        let body = self.manage().await.body;
        let at = body
            .find(&format!("\">{name}</a>"))
            .unwrap_or_else(|| panic!("no team {name}"));
        let start = body[..at].rfind("/teams/").expect("a team link") + 7;
        body[start..at].to_string()
    }

    pub async fn add_draw(&self, at: &str) -> String {
        self.owner
            .post(&self.path("draws"), &[("starts_at", at)])
            .await
            .assert_status(303);
        let label = at.replace('T', " ");
        option_value(&self.manage().await.body, &label)
    }

    pub async fn add_game(&self, draw: &str, sheet: &str, one: &str, two: &str) -> Page {
        let manage = self.manage().await;
        let sheet = if sheet.is_empty() {
            String::new()
        } else {
            self.sheet(sheet).await
        };
        let (one, two) = (
            option_value(&manage.body, one),
            option_value(&manage.body, two),
        );
        self.owner
            .post(
                &self.path("games"),
                &[
                    ("draw", draw),
                    ("sheet", &sheet),
                    ("team1", &one),
                    ("team2", &two),
                ],
            )
            .await
    }

    /// The ids of the event's games, in the order the setup page lists them.
    pub async fn games(&self) -> Vec<i64> {
        let body = self.manage().await.body;
        let prefix = format!("/clubs/{}/games/", self.slug);
        let mut ids = Vec::new();
        for piece in body.split(&prefix).skip(1) {
            let digits: String = piece.chars().take_while(char::is_ascii_digit).collect();
            if let Ok(id) = digits.parse::<i64>()
                && !ids.contains(&id)
            {
                ids.push(id);
            }
        }
        ids
    }

    pub fn game_page(&self, game: i64) -> String {
        format!("/clubs/{}/games/{game}", self.slug)
    }

    /// A sheet's id, from the club page's list.
    pub async fn sheet(&self, name: &str) -> String {
        let body = self.owner.get(&format!("/clubs/{}", self.slug)).await.body;
        let at = body
            .find(&format!(r#"value="{name}""#))
            .unwrap_or_else(|| panic!("no sheet {name}"));
        let start = body[..at].rfind("id=\"sheet-").expect("a sheet row") + 10;
        body[start..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect()
    }

    /// Marks a decided game final, unless it already is (a concession ends it).
    pub async fn finish(&self, game: i64) {
        let screen = self.owner.get(&self.game_path(game, "score")).await;
        if screen.body.contains(r#"value="finish""#) {
            self.tap(game, &[("action", "finish")])
                .await
                .assert_status(303);
        }
    }

    pub fn game_path(&self, game: i64, part: &str) -> String {
        format!("/clubs/{}/games/{game}/{part}", self.slug)
    }

    /// One scorekeeping tap with the version the screen shows now.
    pub async fn tap(&self, game: i64, fields: &[(&str, &str)]) -> Page {
        let screen = self.owner.get(&self.game_path(game, "score")).await;
        let version = hidden_value(&screen.body, "version").expect("a version");
        let mut form = vec![("version", version.as_str())];
        form.extend_from_slice(fields);
        self.owner.post(&self.game_path(game, "score"), &form).await
    }

    /// Plays a curling game to a win for its first team by conceding the second.
    pub async fn win_first(&self, game: i64) {
        self.tap(game, &[("action", "start"), ("side", "1")])
            .await
            .assert_status(303);
        self.tap(game, &[("action", "enter"), ("side", "1"), ("points", "3")])
            .await
            .assert_status(303);
        self.tap(game, &[("action", "concede"), ("side", "2")])
            .await
            .assert_status(303);
        self.finish(game).await;
    }

    pub fn game_form<'a>(
        draw: &'a str,
        sheet: &'a str,
        one: &'a str,
        two: &'a str,
        first: &'a str,
    ) -> [(&'static str, &'a str); 5] {
        [
            ("draw", draw),
            ("sheet", sheet),
            ("team1", one),
            ("team2", two),
            ("first", first),
        ]
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sheets_are_renamed_reordered_and_removed_only_when_unused() {
    let app = TestApp::start().await;
    let l = League::new(&app, "curling", "sheets", 3, 2).await;
    let club = format!("/clubs/{}", l.slug);
    let mut ids = Vec::new();
    for name in ["Sheet A", "Sheet B", "Sheet C"] {
        ids.push(l.sheet(name).await);
    }
    l.owner
        .post(&format!("{club}/sheets/{}", ids[0]), &[("name", "Sheet 1")])
        .await
        .assert_status(303);
    // A taken name is refused on its row, with what was typed kept.
    l.owner
        .post(&format!("{club}/sheets/{}", ids[1]), &[("name", "Sheet 1")])
        .await
        .assert_status(422)
        .assert_contains("already used here")
        .assert_contains(r#"value="Sheet 1""#);
    l.owner
        .post(&format!("{club}/sheets/{}", ids[1]), &[("name", "  ")])
        .await
        .assert_status(422);
    // Sheet C up: A' C B.
    l.owner
        .post(&format!("{club}/sheets/{}/up", ids[2]), &[])
        .await
        .assert_status(303);
    let page = l.owner.get(&club).await.body;
    let at = |name: &str| page.find(&format!(r#"value="{name}""#)).expect(name);
    assert!(at("Sheet 1") < at("Sheet C") && at("Sheet C") < at("Sheet B"));

    // A sheet a game uses cannot go; an unused one can.
    let draw = l.add_draw("2027-01-05T19:00").await;
    l.add_game(&draw, "Sheet 1", "Team 1", "Team 2")
        .await
        .assert_status(303);
    l.owner
        .post(&format!("{club}/sheets/{}/delete", ids[0]), &[])
        .await
        .assert_status(422)
        .assert_contains("A game is on this sheet");
    l.owner
        .post(&format!("{club}/sheets/{}/delete", ids[2]), &[])
        .await
        .assert_status(303);
    let page = l.owner.get(&club).await.body;
    assert!(page.contains(r#"value="Sheet 1""#) && !page.contains(r#"value="Sheet C""#));
    // The event's pages show the new name.
    l.owner
        .get(&l.event_path())
        .await
        .assert_contains("Sheet 1");
    // Members who do not manage the club cannot touch its sheets.
    let link = l.owner.invite(&l.slug, "scorekeeper").await;
    let keeper = app.signed_up("Kay Keeper", "kay@sheets.example").await;
    keeper.post(&link, &[]).await;
    keeper
        .post(&format!("{club}/sheets/{}", ids[1]), &[("name", "Mine")])
        .await
        .assert_status(403);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn event_settings_change_until_a_result_would_and_scored_events_archive() {
    let app = TestApp::start().await;
    let l = League::new(&app, "curling", "settings", 1, 2).await;
    let edit = l.path("edit");
    let page = l.owner.get(&edit).await;
    page.assert_status(200)
        .assert_contains("Head-to-head among the tied")
        .assert_contains("Draw Shot Challenge");
    let mut form: Vec<(&str, &str)> = vec![
        ("name", "Tuesday Night League"),
        ("kind", "league"),
        ("audience", "members"),
        ("ends", "8"),
        ("primary", "points"),
        ("points_win", "3"),
        ("points_extra_end_win", "2"),
        ("points_tie", "1"),
        ("points_extra_end_loss", "1"),
        ("points_loss", "0"),
        ("tiebreaker", "head_to_head"),
        ("tiebreaker", "point_diff"),
        ("tiebreaker", ""),
        ("split", "restart"),
        ("head_to_head_incomplete", "skip"),
        ("dsc_miss", "185.4"),
        ("dsc_aggregate", "sum"),
        ("dsc_drop", "keep_best"),
        ("dsc_drop_n", "5"),
        ("dsc_out_of_range", "refuse"),
    ];
    l.owner.post(&edit, &form).await.assert_status(303);
    let page = l.owner.get(&edit).await;
    page.assert_contains(r#"value="Tuesday Night League""#)
        .assert_contains(r#"value="185.4""#)
        .assert_contains(r#"<option value="point_diff" selected>"#);
    // The table now shows standings points.
    l.owner
        .get(&l.event_path())
        .await
        .assert_contains("Tuesday Night League")
        .assert_contains(">Pts<")
        .assert_contains("Club members only");

    // Nonsense is refused field by field, keeping what was typed, and changes nothing.
    form[5] = ("points_win", "0");
    form[9] = ("points_loss", "2");
    form.push(("tiebreaker", "head_to_head"));
    form[0] = ("name", "Renamed Anyway");
    l.owner
        .post(&edit, &form)
        .await
        .assert_status(422)
        .assert_contains("A win must be worth more")
        .assert_contains("Each tiebreaker can be used only once")
        .assert_contains(r#"value="Renamed Anyway""#);
    l.owner
        .get(&l.event_path())
        .await
        .assert_contains("Tuesday Night League");

    // A game tied after 8 ends without extra ends: adding extra ends would undo its result.
    let draw = l.add_draw("2027-01-05T19:00").await;
    l.add_game(&draw, "Sheet A", "Team 1", "Team 2")
        .await
        .assert_status(303);
    let game = l.games().await[0];
    l.tap(game, &[("action", "start"), ("side", "1")]).await;
    for _ in 0..8 {
        l.tap(game, &[("action", "enter"), ("points", "0")])
            .await
            .assert_status(303);
    }
    l.finish(game).await;
    l.owner
        .get(&l.game_page(game))
        .await
        .assert_contains("Final");
    let base = [
        ("name", "Tuesday Night League"),
        ("kind", "league"),
        ("audience", "public"),
        ("primary", "wins"),
        ("points_win", "3"),
        ("points_extra_end_win", "3"),
        ("points_tie", "1"),
        ("points_extra_end_loss", "0"),
        ("points_loss", "0"),
        ("tiebreaker", "head_to_head"),
        ("split", "restart"),
        ("head_to_head_incomplete", "use_available"),
        ("dsc_miss", "199.6"),
        ("dsc_aggregate", "mean"),
        ("dsc_drop", "wcf"),
        ("dsc_out_of_range", "clamp"),
    ];
    let mut extra = base.to_vec();
    extra.extend([("ends", "8"), ("extra_ends", "on")]);
    l.owner
        .post(&edit, &extra)
        .await
        .assert_status(422)
        .assert_contains("would change the result");
    let mut ten = base.to_vec();
    ten.push(("ends", "10"));
    l.owner.post(&edit, &ten).await.assert_status(422);
    // The same rules with another ranking are fine.
    let mut same = base.to_vec();
    same.push(("ends", "8"));
    l.owner.post(&edit, &same).await.assert_status(303);

    // An event with scores is archived, not deleted.
    l.owner
        .post(&l.path("do/delete"), &[])
        .await
        .assert_status(422)
        .assert_contains("has scores");
    l.owner
        .post(&l.path("do/archive"), &[])
        .await
        .assert_status(303);
    let list = l.owner.get(&format!("/clubs/{}/events", l.slug)).await;
    list.assert_contains("Archived events (1)");
    l.owner
        .post(&l.path("do/unarchive"), &[])
        .await
        .assert_status(303);
    let list = l.owner.get(&format!("/clubs/{}/events", l.slug)).await;
    assert!(!list.body.contains("Archived events"));

    // One without scores is deleted, with its teams, draws and games.
    let other = l
        .owner
        .post(
            &format!("/clubs/{}/events", l.slug),
            &[
                ("name", "Mistake"),
                ("kind", "league"),
                ("audience", "public"),
                ("ends", "8"),
            ],
        )
        .await;
    let other = other.location.clone().expect("created");
    let id = other.split('/').nth(4).expect("id").to_string();
    l.owner
        .post(
            &format!("/clubs/{}/events/{id}/teams", l.slug),
            &[("name", "X")],
        )
        .await
        .assert_status(303);
    l.owner
        .post(&format!("/clubs/{}/events/{id}/do/delete", l.slug), &[])
        .await
        .assert_redirect(&format!("/clubs/{}/events", l.slug));
    l.owner
        .get(&format!("/clubs/{}/events/{id}", l.slug))
        .await
        .assert_status(404);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn teams_are_renamed_withdrawn_reinstated_and_deleted() {
    let app = TestApp::start().await;
    let l = League::new(&app, "curling", "teams", 2, 4).await;
    let (t1, t2, t3) = (
        l.team("Team 1").await,
        l.team("Team 2").await,
        l.team("Team 3").await,
    );
    let team_path = |id: &str, part: &str| l.path(&format!("teams/{id}/{part}"));
    l.owner
        .get(&team_path(&t1, "edit"))
        .await
        .assert_status(200)
        .assert_contains(r#"value="Skip 1""#);
    l.owner
        .post(
            &team_path(&t1, "edit"),
            &[("name", "Team Uno"), ("skip", "Ann"), ("lead", "Bea")],
        )
        .await
        .assert_status(303);
    let page = l.owner.get(&l.path(&format!("teams/{t1}"))).await;
    page.assert_contains("Team Uno")
        .assert_contains("Ann")
        .assert_contains("Bea");
    assert!(!page.body.contains("Skip 1"), "the roster was replaced");
    // Another team's name is refused, with the input kept.
    l.owner
        .post(
            &team_path(&t2, "edit"),
            &[("name", "Team Uno"), ("skip", "Cy")],
        )
        .await
        .assert_status(422)
        .assert_contains("already has a team by that name")
        .assert_contains(r#"value="Cy""#);

    let d1 = l.add_draw("2027-01-05T19:00").await;
    let d2 = l.add_draw("2027-01-12T19:00").await;
    l.add_game(&d1, "Sheet A", "Team Uno", "Team 2")
        .await
        .assert_status(303);
    l.add_game(&d2, "Sheet A", "Team Uno", "Team 3")
        .await
        .assert_status(303);
    l.add_game(&d2, "Sheet B", "Team 2", "Team 4")
        .await
        .assert_status(303);
    let games = l.games().await;
    l.win_first(games[0]).await;

    // Withdrawn with byes: the played game stands, the one to come is cancelled.
    l.owner
        .post(&team_path(&t1, "do/withdraw"), &[("games", "byes")])
        .await
        .assert_status(303);
    let event = l.owner.get(&l.event_path()).await;
    event
        .assert_contains("withdrawn")
        .assert_contains("Cancelled");
    l.owner
        .get(&l.game_page(games[1]))
        .await
        .assert_contains("Cancelled");
    let standings_row = event.body.find("Team Uno").expect("still in the table");
    assert!(event.body[standings_row..].contains("withdrawn"));
    // A withdrawn team is not offered for new games, and refused if posted.
    let manage = l.manage().await;
    assert!(
        !manage
            .body
            .contains(&format!(r#"<option value="{t1}">Team Uno<"#))
    );
    l.owner
        .post(
            &l.path("games"),
            &[("draw", &d1), ("sheet", ""), ("team1", &t1), ("team2", &t3)],
        )
        .await
        .assert_status(422)
        .assert_contains("has withdrawn");
    l.owner
        .post(&team_path(&t1, "do/reinstate"), &[])
        .await
        .assert_status(303);
    // Its cancelled game comes back from the game's page.
    l.owner
        .post(&l.game_path(games[1], "call/restore"), &[])
        .await
        .assert_status(303);
    l.owner
        .get(&l.game_page(games[1]))
        .await
        .assert_contains("Scheduled");

    // Withdrawn with removal: its games still to play are gone.
    l.owner
        .post(&team_path(&t1, "do/withdraw"), &[("games", "remove")])
        .await
        .assert_status(303);
    assert_eq!(l.games().await, vec![games[0], games[2]]);
    l.owner
        .post(&team_path(&t1, "do/withdraw"), &[("games", "maybe")])
        .await
        .assert_status(422);

    // A team with games cannot be deleted; one without can.
    l.owner
        .post(&team_path(&t2, "do/delete"), &[])
        .await
        .assert_status(422)
        .assert_contains("has games");
    let t5 = {
        l.owner
            .post(&l.path("teams"), &[("name", "Team 5")])
            .await
            .assert_status(303);
        l.team("Team 5").await
    };
    l.owner
        .post(&team_path(&t5, "do/delete"), &[])
        .await
        .assert_status(303);
    assert!(!l.manage().await.body.contains("Team 5"));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn draws_move_on_the_club_clock_and_go_when_unplayed() {
    let app = TestApp::start().await;
    let l = League::new(&app, "curling", "draws", 2, 4).await;
    let d1 = l.add_draw("2027-01-05T19:00").await;
    let d2 = l.add_draw("2027-01-05T21:00").await;
    let action = |draw: &str, what: &str| l.path(&format!("draws/{draw}/{what}"));
    // Two draws of the event are never at the same moment.
    l.owner
        .post(&l.path("draws"), &[("starts_at", "2027-01-05T19:00")])
        .await
        .assert_status(422);
    l.owner
        .post(&action(&d2, "move"), &[("starts_at", "2027-01-05T19:00")])
        .await
        .assert_status(422)
        .assert_contains(r#"value="2027-01-05T19:00""#);
    // Spring forward: 02:30 on 14 March 2027 does not exist in Toronto.
    l.owner
        .post(&action(&d2, "move"), &[("starts_at", "2027-03-14T02:30")])
        .await
        .assert_status(422)
        .assert_contains("does not exist on the club");
    // Fall back: 01:30 on 7 November 2027 happens twice; the first is taken, and said.
    l.owner
        .post(&action(&d2, "move"), &[("starts_at", "2027-11-07T01:30")])
        .await
        .assert_status(303);
    l.manage()
        .await
        .assert_contains("happens twice")
        .assert_contains("2027-11-07 01:30");
    l.owner
        .post(&action(&d2, "move"), &[("starts_at", "2027-01-12T19:30")])
        .await
        .assert_status(303);
    let manage = l.manage().await;
    manage.assert_contains("2027-01-12 19:30");
    assert!(!manage.body.contains("2027-11-07 01:30"));

    // A draw whose game has started cannot be deleted; an unplayed one goes with its games.
    l.add_game(&d1, "Sheet A", "Team 1", "Team 2")
        .await
        .assert_status(303);
    l.add_game(&d2, "Sheet A", "Team 3", "Team 4")
        .await
        .assert_status(303);
    let games = l.games().await;
    l.tap(games[0], &[("action", "start"), ("side", "1")])
        .await
        .assert_status(303);
    l.owner
        .post(&action(&d1, "delete"), &[])
        .await
        .assert_status(422)
        .assert_contains("has started");
    l.owner
        .post(&action(&d2, "delete"), &[])
        .await
        .assert_status(303);
    assert_eq!(l.games().await, vec![games[0]]);
    assert!(!l.manage().await.body.contains("2027-01-12 19:30"));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn games_move_swap_and_are_called_while_unplayed() {
    let app = TestApp::start().await;
    let l = League::new(&app, "curling", "games", 2, 4).await;
    let d1 = l.add_draw("2027-01-05T19:00").await;
    let d2 = l.add_draw("2027-01-12T19:00").await;
    l.add_game(&d1, "Sheet A", "Team 1", "Team 2")
        .await
        .assert_status(303);
    l.add_game(&d1, "Sheet B", "Team 3", "Team 4")
        .await
        .assert_status(303);
    let games = l.games().await;
    let manage = l.manage().await.body;
    let (a, b) = (l.sheet("Sheet A").await, l.sheet("Sheet B").await);
    let t: Vec<String> = (1..=4)
        .map(|n| option_value(&manage, &format!("Team {n}")))
        .collect();
    let edit = l.game_path(games[0], "edit");
    l.owner
        .get(&edit)
        .await
        .assert_status(200)
        .assert_contains("Hammer in the first end");
    // Onto a sheet already taken in that draw: refused, input kept.
    l.owner
        .post(&edit, &League::game_form(&d1, &b, &t[0], &t[1], "1"))
        .await
        .assert_status(422)
        .assert_contains("This sheet already has a game")
        .assert_contains(&format!(r#"<option value="{b}" selected"#));
    // A team that already plays in that draw: refused.
    l.owner
        .post(&edit, &League::game_form(&d1, &a, &t[0], &t[2], "1"))
        .await
        .assert_status(422)
        .assert_contains("already plays in this draw");
    // Another draw, swapped teams, the hammer to the second team.
    l.owner
        .post(&edit, &League::game_form(&d2, &b, &t[1], &t[0], "2"))
        .await
        .assert_status(303);
    let game = l.owner.get(&l.game_page(games[0])).await;
    game.assert_contains("2027-01-12 19:00")
        .assert_contains("Sheet B");
    let title = game.body.find("<h1>").expect("a title");
    assert!(game.body[title..].starts_with("<h1>Team 2 – Team 1"));
    let screen = l.owner.get(&l.game_path(games[0], "score")).await.body;
    let hammer = screen.find("Hammer").expect("hammer badge");
    assert!(screen[..hammer].rfind("Team 1") > screen[..hammer].rfind("Team 2"));

    // Cancel and restore, forfeit and take it back.
    let call = |g: i64, what: &str| l.game_path(g, &format!("call/{what}"));
    l.owner
        .post(&call(games[1], "cancel"), &[])
        .await
        .assert_status(303);
    l.owner
        .get(&l.game_page(games[1]))
        .await
        .assert_contains("Cancelled");
    l.owner
        .post(&call(games[1], "cancel"), &[])
        .await
        .assert_status(422)
        .assert_contains("cannot be done to this game");
    l.owner
        .post(&call(games[1], "restore"), &[])
        .await
        .assert_status(303);
    l.owner
        .post(&call(games[1], "forfeit-2"), &[])
        .await
        .assert_status(303);
    let event = l.owner.get(&l.event_path()).await.body;
    let table = &event[event.find("id=\"standings\"").expect("standings")..];
    assert!(
        table.find("Team 3") < table.find("Team 4"),
        "the forfeit is a win for Team 3"
    );
    l.owner
        .get(&l.game_page(games[1]))
        .await
        .assert_contains("Final (forfeit)");
    l.owner
        .post(&call(games[1], "unforfeit"), &[])
        .await
        .assert_status(303);

    // A started game changes only through scorekeeping corrections.
    l.tap(games[1], &[("action", "start"), ("side", "1")])
        .await
        .assert_status(303);
    l.owner
        .post(
            &l.game_path(games[1], "edit"),
            &League::game_form(&d1, &a, &t[2], &t[3], "1"),
        )
        .await
        .assert_status(422)
        .assert_contains("corrections, which keep the record");
    l.owner
        .post(&call(games[1], "delete"), &[])
        .await
        .assert_status(422);
    l.owner
        .post(&call(games[1], "bogus"), &[])
        .await
        .assert_status(404);
    // An unplayed game is deleted.
    l.owner
        .post(&call(games[0], "delete"), &[])
        .await
        .assert_status(303);
    assert_eq!(l.games().await, vec![games[1]]);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn last_stone_draws_give_the_hammer_and_are_checked() {
    let app = TestApp::start().await;
    let l = League::new(&app, "curling", "lsd", 1, 2).await;
    let draw = l.add_draw("2027-01-05T19:00").await;
    l.add_game(&draw, "Sheet A", "Team 1", "Team 2")
        .await
        .assert_status(303);
    let game = l.games().await[0];
    let lsd = l.game_path(game, "lsd");
    let version = || async {
        let screen = l.owner.get(&l.game_path(game, "score")).await;
        hidden_value(&screen.body, "version").expect("a version")
    };
    // Team 2 draws closer in total (Team 1 missed the house once): it gets the hammer.
    let v = version().await;
    l.owner
        .post(
            &lsd,
            &[
                ("version", &v),
                ("d10", "60.5"),
                ("m11", "on"),
                ("d20", "12,5"),
                ("d21", "30"),
            ],
        )
        .await
        .assert_status(303);
    let screen = l.owner.get(&l.game_path(game, "score")).await;
    screen
        .assert_contains(r#"value="60.5""#)
        .assert_contains(r#"value="12.5""#);
    let line = l.owner.get(&l.game_page(game)).await.body;
    let row = |team: &str| line.find(&format!(">{team}</th>")).expect(team);
    let marker = line.find("●").expect("a hammer marker");
    assert!(
        row("Team 1") < marker && marker < row("Team 2"),
        "Team 2 has the hammer"
    );
    // Nonsense, a blank and a stale screen are refused.
    let v = version().await;
    l.owner
        .post(
            &lsd,
            &[
                ("version", &v),
                ("d10", "close"),
                ("d11", "1"),
                ("d20", "1"),
                ("d21", "1"),
            ],
        )
        .await
        .assert_status(422)
        .assert_contains("Enter a distance in centimetres");
    l.owner
        .post(
            &lsd,
            &[("version", &v), ("d10", "1"), ("d20", "1"), ("d21", "1")],
        )
        .await
        .assert_status(422)
        .assert_contains("missed the house");
    l.owner
        .post(
            &lsd,
            &[
                ("version", "999"),
                ("d10", "1"),
                ("d11", "1"),
                ("d20", "1"),
                ("d21", "1"),
            ],
        )
        .await
        .assert_status(409);
    // Past the miss value: clamped by default, refused when the event says so.
    l.owner
        .post(
            &lsd,
            &[
                ("version", &v),
                ("d10", "250"),
                ("d11", "1"),
                ("d20", "2"),
                ("d21", "2"),
            ],
        )
        .await
        .assert_status(303);
    l.owner
        .get(&l.game_path(game, "score"))
        .await
        .assert_contains(r#"value="199.6""#);
    let settings = l.owner.get(&l.path("edit")).await.body;
    let mut form: Vec<(String, String)> = [
        "name",
        "kind",
        "audience",
        "ends",
        "primary",
        "points_win",
        "points_extra_end_win",
        "points_tie",
        "points_extra_end_loss",
        "points_loss",
        "split",
        "head_to_head_incomplete",
        "dsc_miss",
        "dsc_aggregate",
        "dsc_drop",
    ]
    .iter()
    .map(|f| (f.to_string(), field_value(&settings, f)))
    .collect();
    form.push(("tiebreaker".into(), "dsc".into()));
    form.push(("dsc_out_of_range".into(), "refuse".into()));
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    l.owner
        .post(&l.path("edit"), &pairs)
        .await
        .assert_status(303);
    let v = version().await;
    l.owner
        .post(
            &lsd,
            &[
                ("version", &v),
                ("d10", "250"),
                ("d11", "1"),
                ("d20", "2"),
                ("d21", "2"),
            ],
        )
        .await
        .assert_status(422)
        .assert_contains("past the edge of the house");
    // Once the game has started, the draws are final.
    l.tap(game, &[("action", "start"), ("side", "1")])
        .await
        .assert_status(303);
    let v = version().await;
    l.owner
        .post(
            &lsd,
            &[
                ("version", &v),
                ("d10", "1"),
                ("d11", "1"),
                ("d20", "2"),
                ("d21", "2"),
            ],
        )
        .await
        .assert_status(409);
    app.stop().await;
}

/// The value of a settings field as the page shows it (an input's value, a select's choice).
fn field_value(body: &str, name: &str) -> String {
    let start = body
        .find(&format!(r#"name="{name}""#))
        .unwrap_or_else(|| panic!("no field {name}"));
    let rest = &body[start..];
    if let Some(value) = rest.strip_prefix(&format!(r#"name="{name}" value=""#)) {
        return value[..value.find('"').expect("end")].to_string();
    }
    let value = rest.find(" value=\"").expect("a value");
    let tail = &rest[value + 8..];
    let end = tail.find('"').expect("end");
    // An input's own value, or else the selected option of a select.
    match rest.find("selected") {
        Some(sel) if rest[..sel].contains("<option") => {
            let option = rest[..sel].rfind("<option value=\"").expect("an option");
            let v = &rest[option + 15..];
            v[..v.find('"').expect("end")].to_string()
        }
        _ => tail[..end].to_string(),
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_tie_no_criterion_breaks_waits_for_a_stored_decision() {
    let app = TestApp::start().await;
    let l = League::new(&app, "curling", "ties", 2, 4).await;
    // 1 beats 2 and 3 beats 4: 1 and 3 never met, have no stones: tied on everything.
    let draw = l.add_draw("2027-01-05T19:00").await;
    l.add_game(&draw, "Sheet A", "Team 1", "Team 2")
        .await
        .assert_status(303);
    l.add_game(&draw, "Sheet B", "Team 3", "Team 4")
        .await
        .assert_status(303);
    for game in l.games().await {
        l.win_first(game).await;
    }
    let event = l.owner.get(&l.event_path()).await;
    event.assert_contains("need a decision");
    let shared = |body: &str, rank: &str| body.matches(&format!("\"rank\">{rank}=")).count();
    assert_eq!(shared(&event.body, "1"), 2, "two teams share rank 1");
    assert_eq!(shared(&event.body, "3"), 2, "and two rank 3");
    let manage = l.manage().await;
    manage.assert_contains("Tied for rank 1");
    let tied = hidden_value(&manage.body, "tied").expect("the tie");
    let (t1, t3) = (l.team("Team 1").await, l.team("Team 3").await);
    // An order that is not exactly the tied teams is refused.
    l.owner
        .post(
            &l.path("ties/decide"),
            &[("tied", &tied), ("order", &t3), ("order", &t3)],
        )
        .await
        .assert_status(422);
    l.owner
        .post(
            &l.path("ties/decide"),
            &[("tied", &tied), ("order", &t3), ("order", &t1)],
        )
        .await
        .assert_status(303);
    let event = l.owner.get(&l.event_path()).await.body;
    assert_eq!(shared(&event, "1"), 0, "decided");
    assert_eq!(shared(&event, "3"), 2, "the other tie still waits");
    assert!(event.contains("placed by the organisers’ decision"));
    let table = &event[event.find("id=\"standings\"").expect("standings")..];
    assert!(table.find("Team 3") < table.find("Team 1"));
    // Taken back, the tie shows again.
    l.owner
        .post(&l.path("ties/undecide"), &[("tied", &tied)])
        .await
        .assert_status(303);
    let event = l.owner.get(&l.event_path()).await.body;
    assert_eq!(shared(&event, "1"), 2);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn owners_set_the_club_clock_and_draws_keep_their_time() {
    let app = TestApp::start().await;
    let l = League::new(&app, "curling", "clock", 1, 2).await;
    l.add_draw("2027-01-05T19:00").await;
    let settings = format!("/clubs/{}/settings", l.slug);
    l.owner
        .get(&settings)
        .await
        .assert_status(200)
        .assert_contains("America/Toronto");
    l.owner
        .post(
            &settings,
            &[
                ("name", "Rink"),
                ("region", "CA-ON"),
                ("time_zone", "Mars/Base"),
            ],
        )
        .await
        .assert_status(422)
        .assert_contains("Choose a time zone");
    // Entered in the wrong zone: moved to Vancouver, the draw stays at 19:00 on the clock.
    l.owner
        .post(
            &settings,
            &[
                ("name", "Rink West"),
                ("region", "CA-ON"),
                ("time_zone", "America/Vancouver"),
                ("keep_clock", "on"),
            ],
        )
        .await
        .assert_redirect(&format!("/clubs/{}", l.slug));
    let club = l.owner.get(&format!("/clubs/{}", l.slug)).await;
    club.assert_contains("Rink West")
        .assert_contains("America/Vancouver");
    l.manage().await.assert_contains("2027-01-05 19:00");
    // Sent again (a double click, a retry): the draws do not move twice.
    l.owner
        .post(
            &settings,
            &[
                ("name", "Rink West"),
                ("region", "CA-ON"),
                ("time_zone", "America/Vancouver"),
                ("keep_clock", "on"),
            ],
        )
        .await
        .assert_status(303);
    l.manage().await.assert_contains("2027-01-05 19:00");
    let csv = l.owner.get(&l.path("schedule.csv")).await;
    csv.assert_status(200);
    // Without keeping the clock, the instant stays and the clock shows it in the new zone.
    l.owner
        .post(
            &settings,
            &[
                ("name", "Rink West"),
                ("region", "CA-ON"),
                ("time_zone", "America/Toronto"),
            ],
        )
        .await
        .assert_status(303);
    l.manage().await.assert_contains("2027-01-05 22:00");
    // Admins run events but the club's settings are the owners'.
    let link = l.owner.invite(&l.slug, "admin").await;
    let admin = app.signed_up("Ada Admin", "ada@clock.example").await;
    admin.post(&link, &[]).await;
    admin.get(&settings).await.assert_status(403);
    admin
        .post(&settings, &[("name", "Mine"), ("region", "CA-ON")])
        .await
        .assert_status(403);
    app.stop().await;
}

/// The generator's form with the usual choices for a league on Tuesdays.
fn schedule_form<'a>(
    sheets: &'a [String],
    first: &'a str,
    step: &'a str,
) -> Vec<(&'a str, &'a str)> {
    let mut form: Vec<(&str, &str)> = sheets.iter().map(|s| ("sheet", s.as_str())).collect();
    form.extend([
        ("step", step),
        ("first_date", first),
        ("weekday", "tue"),
        ("draws_per_night", "1"),
        ("times", "19:00"),
        ("cycles", "1"),
        ("once_per_night", "on"),
        ("excluded", "2027-02-16"),
        ("byes", ""),
    ]);
    form
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_generator_proposes_a_fair_season_and_creates_it() {
    let app = TestApp::start().await;
    let l = League::new(&app, "curling", "generator", 4, 8).await;
    let url = l.path("schedule");
    let page = l.owner.get(&url).await;
    page.assert_status(200)
        .assert_contains("Every pair of the 8 teams");
    let mut sheets = Vec::new();
    for name in ["Sheet A", "Sheet B", "Sheet C", "Sheet D"] {
        sheets.push(l.sheet(name).await);
    }

    // Bad input: a clear message, nothing created.
    let none: Vec<String> = Vec::new();
    for (form, message) in [
        (
            schedule_form(&none, "2027-01-05", "preview"),
            "Choose at least one sheet",
        ),
        (
            schedule_form(&sheets, "2020-01-07", "preview"),
            "today or a later date",
        ),
        (schedule_form(&sheets, "someday", "preview"), "required"),
    ] {
        l.owner
            .post(&url, &form)
            .await
            .assert_status(422)
            .assert_contains(message);
    }
    let mut two = schedule_form(&sheets, "2027-01-05", "preview");
    two.retain(|(k, _)| *k != "draws_per_night");
    two.push(("draws_per_night", "2"));
    l.owner
        .post(&url, &two)
        .await
        .assert_status(422)
        .assert_contains("a time for each draw");
    let mut byes = schedule_form(&sheets, "2027-01-05", "preview");
    byes.retain(|(k, _)| *k != "byes");
    byes.push(("byes", "Team 99: 2027-01-12"));
    l.owner
        .post(&url, &byes)
        .await
        .assert_status(422)
        .assert_contains("not in this event");
    assert!(l.games().await.is_empty());

    // The preview: every pair once, sheets 2-2-2-1 (spread 1), seven Tuesdays but the 16th.
    let preview = l
        .owner
        .post(&url, &schedule_form(&sheets, "2027-01-05", "preview"))
        .await;
    preview
        .assert_status(200)
        .assert_contains("as even as they can be")
        .assert_contains("Create these 28 games")
        .assert_contains("2027-01-05 19:00")
        .assert_contains("2027-02-23 19:00");
    assert!(
        !preview.body.contains("2027-02-16 19:00"),
        "an excluded date"
    );
    let figures = &preview.body[preview.body.find("fairness").expect("figures")..];
    assert!(
        figures.contains("<dt>Sheet spread (0 or 1 is even)</dt><dd>1</dd>"),
        "{figures}"
    );
    assert!(figures.contains("<dt>Teams booked twice in a draw or night</dt><dd>0</dd>"));
    // The same inputs give the same schedule.
    let again = l
        .owner
        .post(&url, &schedule_form(&sheets, "2027-01-05", "preview"))
        .await;
    let draws = |body: &str| body[body.find("Proposed schedule").expect("preview")..].to_string();
    assert_eq!(draws(&preview.body), draws(&again.body));

    // A stale preview is refused and shown anew; the fresh one creates.
    let mut stale = schedule_form(&sheets, "2027-01-05", "create");
    stale.push(("fingerprint", "0000"));
    l.owner
        .post(&url, &stale)
        .await
        .assert_status(422)
        .assert_contains("changed while you were looking");
    assert!(l.games().await.is_empty());
    let fingerprint = hidden_value(&preview.body, "fingerprint").expect("a fingerprint");
    let mut create = schedule_form(&sheets, "2027-01-05", "create");
    create.push(("fingerprint", &fingerprint));
    l.owner
        .post(&url, &create)
        .await
        .assert_redirect(&l.path("manage"));
    l.manage()
        .await
        .assert_contains("28 games are on the schedule");
    assert_eq!(l.games().await.len(), 28);
    // Posting the same create again is refused: the schedule is not what was previewed.
    l.owner.post(&url, &create).await.assert_status(422);
    assert_eq!(l.games().await.len(), 28);

    // The CSV: a game a row, draw start with the club's offset.
    let csv = l.owner.get(&l.path("schedule.csv")).await;
    csv.assert_status(200);
    let lines: Vec<&str> = csv.body.lines().collect();
    assert_eq!(lines.len(), 29, "a header and 28 games");
    assert_eq!(
        lines[0].trim_start_matches('\u{feff}'),
        "draw_start,sheet,first_team,second_team,state,score"
    );
    assert!(
        lines[1].starts_with("2027-01-05T19:00:00-05:00,Sheet A,Team "),
        "{}",
        lines[1]
    );
    assert!(lines.iter().skip(1).all(|l| l.contains(",Scheduled,")));
    // Each team: seven games, on every sheet, listed on its page with sheet and time.
    let t1 = l.team("Team 1").await;
    let team = l.owner.get(&l.path(&format!("teams/{t1}"))).await;
    let upcoming = &team.body[team.body.find("team-upcoming").expect("upcoming")..];
    assert_eq!(upcoming.matches("vs Team").count(), 7);
    for sheet in ["Sheet A", "Sheet B", "Sheet C", "Sheet D"] {
        assert!(upcoming.contains(sheet), "{sheet}");
    }
    // The event page shows the draws to come, not only the current one.
    let event = l.owner.get(&l.event_path()).await;
    event
        .assert_contains("Coming up")
        .assert_contains("2027-02-23 19:00");
    // Nothing is left to schedule.
    l.owner
        .post(&url, &schedule_form(&sheets, "2027-03-02", "preview"))
        .await
        .assert_status(422)
        .assert_contains("already has its games");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_generator_keeps_hand_placed_games_gives_byes_and_runs_on_courts() {
    let app = TestApp::start().await;
    let l = League::new(&app, "pickleball", "courts", 2, 5).await;
    let url = l.path("schedule");
    let courts = vec![l.sheet("Sheet A").await, l.sheet("Sheet B").await];
    // One game placed by hand on the first night.
    let draw = l.add_draw("2027-01-05T19:00").await;
    l.add_game(&draw, "Sheet A", "Team 1", "Team 2")
        .await
        .assert_status(303);
    let preview = l
        .owner
        .post(&url, &schedule_form(&courts, "2027-01-05", "preview"))
        .await;
    preview
        .assert_status(200)
        .assert_contains("Courts")
        .assert_contains("The 1 games already on the schedule stay")
        .assert_contains("Create these 9 games")
        .assert_contains("Bye:");
    let fingerprint = hidden_value(&preview.body, "fingerprint").expect("a fingerprint");
    let mut create = schedule_form(&courts, "2027-01-05", "create");
    create.push(("fingerprint", &fingerprint));
    l.owner.post(&url, &create).await.assert_status(303);
    let games = l.games().await;
    assert_eq!(games.len(), 10, "every pair of five once");
    // Generated games are ordinary games: the first one can be edited.
    l.owner
        .get(&l.game_path(games[1], "edit"))
        .await
        .assert_status(200)
        .assert_contains("First serve");
    // One team left: nothing can be proposed.
    let solo = League::new(&app, "pickleball", "solo", 1, 1).await;
    let court = solo.sheet("Sheet A").await;
    solo.owner
        .post(
            &solo.path("schedule"),
            &schedule_form(std::slice::from_ref(&court), "2027-01-05", "preview"),
        )
        .await
        .assert_status(422)
        .assert_contains("at least two teams");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_pages_follow_setup_changes_live() {
    let app = TestApp::start().await;
    let l = League::new(&app, "curling", "follow", 2, 2).await;
    let draw = l.add_draw("2027-01-05T19:00").await;
    l.add_game(&draw, "Sheet A", "Team 1", "Team 2")
        .await
        .assert_status(303);
    let spectator = app.person();
    let page = spectator.get(&l.event_path()).await;
    let mut stream = Stream::open(&spectator.client, &app.url(&live_url(&page.body)), None).await;
    let t1 = l.team("Team 1").await;
    l.owner
        .post(
            &l.path(&format!("teams/{t1}/edit")),
            &[("name", "Team Renamed"), ("skip", "Ann")],
        )
        .await
        .assert_status(303);
    let standings = stream.until("standings", Duration::from_secs(10)).await;
    assert!(
        standings.data.contains("Team Renamed"),
        "{}",
        standings.data
    );
    let games = l.games().await;
    let (b, t2) = (l.sheet("Sheet B").await, l.team("Team 2").await);
    l.owner
        .post(
            &l.game_path(games[0], "edit"),
            &League::game_form(&draw, &b, &t1, &t2, "1"),
        )
        .await
        .assert_status(303);
    let mut seen = String::new();
    let deadline = std::time::Instant::now() + Duration::from_secs(10);
    while !seen.contains("Sheet B") && std::time::Instant::now() < deadline {
        seen = stream
            .until("current-draw", Duration::from_secs(10))
            .await
            .data;
    }
    assert!(seen.contains("Sheet B"), "{seen}");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sheet_is_never_booked_twice_across_the_clubs_events() {
    let app = TestApp::start().await;
    let l = League::new(&app, "curling", "two-events", 2, 2).await;
    let draw = l.add_draw("2027-01-05T19:00").await;
    l.add_game(&draw, "Sheet A", "Team 1", "Team 2")
        .await
        .assert_status(303);
    // A bonspiel of the same club, at the same moment.
    let created = l
        .owner
        .post(
            &format!("/clubs/{}/events", l.slug),
            &[
                ("name", "Bonspiel"),
                ("kind", "bonspiel"),
                ("audience", "public"),
                ("ends", "8"),
            ],
        )
        .await;
    let event: i64 = created
        .location
        .as_deref()
        .and_then(|p| p.split('/').nth(4)?.parse().ok())
        .expect("an event id");
    let other = League {
        owner: l.owner.clone(),
        slug: l.slug.clone(),
        event,
    };
    for team in ["Team X", "Team Y"] {
        other
            .owner
            .post(&other.path("teams"), &[("name", team)])
            .await
            .assert_status(303);
    }
    let spiel_draw = other.add_draw("2027-01-05T19:00").await;
    other
        .add_game(&spiel_draw, "Sheet A", "Team X", "Team Y")
        .await
        .assert_status(422)
        .assert_contains("Another event of the club has a game on this sheet");
    other
        .add_game(&spiel_draw, "Sheet B", "Team X", "Team Y")
        .await
        .assert_status(303);
    // Moving the bonspiel's game onto the league's sheet is refused.
    let game = other.games().await[0];
    let a = other.sheet("Sheet A").await;
    let (x, y) = (other.team("Team X").await, other.team("Team Y").await);
    other
        .owner
        .post(
            &other.game_path(game, "edit"),
            &League::game_form(&spiel_draw, &a, &x, &y, "1"),
        )
        .await
        .assert_status(422)
        .assert_contains("Another event of the club");
    // So is moving the bonspiel's draw (its game on Sheet B) to 21:00, when a league game is
    // on Sheet B.
    let late = l.add_draw("2027-01-05T21:00").await;
    l.add_game(&late, "Sheet B", "Team 1", "Team 2")
        .await
        .assert_status(303);
    other
        .owner
        .post(
            &other.path(&format!("draws/{spiel_draw}/move")),
            &[("starts_at", "2027-01-05T21:00")],
        )
        .await
        .assert_status(422)
        .assert_contains("another event of the club has a game");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn pickleball_settings_save_and_changed_teams_lose_their_stones() {
    let app = TestApp::start().await;
    let p = League::new(&app, "pickleball", "pb-settings", 1, 2).await;
    let form = [
        ("name", "Ladder"),
        ("kind", "league"),
        ("audience", "public"),
        ("points_to_win", "11"),
        ("win_by_two", "on"),
        ("best_of", "1"),
        ("scoring", "rally"),
        ("format", "doubles"),
        ("primary", "points"),
        ("points_win", "2"),
        ("points_tie", "1"),
        ("points_loss", "0"),
        ("tiebreaker", "head_to_head"),
        ("tiebreaker", "point_diff_among_tied"),
        ("split", "restart"),
        ("head_to_head_incomplete", "use_available"),
    ];
    p.owner
        .post(&p.path("edit"), &form)
        .await
        .assert_status(303);
    p.owner.get(&p.event_path()).await.assert_contains("Ladder");
    let settings = p.owner.get(&p.path("edit")).await;
    assert!(
        !settings.body.contains("Draw Shot Challenge"),
        "no DSC for pickleball"
    );

    // Curling: stones recorded, then the sides swap (the stones follow), then a team changes
    // (the stones go: they were another team's).
    let l = League::new(&app, "curling", "restone", 1, 3).await;
    let draw = l.add_draw("2027-01-05T19:00").await;
    l.add_game(&draw, "Sheet A", "Team 1", "Team 2")
        .await
        .assert_status(303);
    let game = l.games().await[0];
    let screen = l.owner.get(&l.game_path(game, "score")).await;
    let v = hidden_value(&screen.body, "version").expect("a version");
    l.owner
        .post(
            &l.game_path(game, "lsd"),
            &[
                ("version", &v),
                ("d10", "11.1"),
                ("d11", "22.2"),
                ("d20", "33.3"),
                ("d21", "44.4"),
            ],
        )
        .await
        .assert_status(303);
    let (a, t1, t2, t3) = (
        l.sheet("Sheet A").await,
        l.team("Team 1").await,
        l.team("Team 2").await,
        l.team("Team 3").await,
    );
    l.owner
        .post(
            &l.game_path(game, "edit"),
            &League::game_form(&draw, &a, &t2, &t1, "2"),
        )
        .await
        .assert_status(303);
    let screen = l.owner.get(&l.game_path(game, "score")).await.body;
    let first = screen
        .find("<legend>Team 2</legend>")
        .expect("Team 2 listed first");
    assert!(screen[first..].find(r#"value="33.3""#) < screen[first..].find(r#"value="11.1""#));
    l.owner
        .post(
            &l.game_path(game, "edit"),
            &League::game_form(&draw, &a, &t3, &t1, "1"),
        )
        .await
        .assert_status(303);
    let screen = l.owner.get(&l.game_path(game, "score")).await.body;
    assert!(!screen.contains(r#"value="33.3""#) && !screen.contains(r#"value="11.1""#));
    // A hammer choice no page sends is refused.
    l.owner
        .post(
            &l.game_path(game, "edit"),
            &League::game_form(&draw, &a, &t3, &t1, "7"),
        )
        .await
        .assert_status(422);
    // And a tie that is not waiting for a decision cannot be decided.
    l.owner
        .post(
            &l.path("ties/decide"),
            &[
                ("tied", &format!("{t1},{t2}")),
                ("order", &t2),
                ("order", &t1),
            ],
        )
        .await
        .assert_status(422)
        .assert_contains("not tied waiting for a decision");
    app.stop().await;
}
