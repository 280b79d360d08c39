//! Brackets through the pages: a Page playoff seeded from the standings once the round
//! robin is over, advancing as results become final, refusing an upstream correction while
//! a game further on is in play (and resetting it when told to), and seeding held back by a
//! tie until it is decided.

use crate::season::League;
use crate::support::hidden_value;

/// The real game of the bracket game labelled `label`, if it has one (from the event page).
pub fn bracket_game(body: &str, label: &str) -> Option<i64> {
    let section = &body[body.find("id=\"bracket\"")?..];
    let at = section.find(&format!("<span class=\"label\">{label}</span>"))?;
    let before = &section[..at];
    let link = before.rfind("/games/")?;
    // The label must be inside that link, not after it.
    if before[link..].contains("</a>") {
        return None;
    }
    before[link + 7..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .ok()
}

/// The bracket game box labelled `label`, as HTML.
fn bracket_box<'a>(body: &'a str, label: &str) -> &'a str {
    let section = &body[body.find("id=\"bracket\"").expect("a bracket section")..];
    let at = section
        .find(&format!("<span class=\"label\">{label}</span>"))
        .unwrap_or_else(|| panic!("no bracket game {label}"));
    let end = section[at..]
        .find("</li>")
        .map_or(section.len(), |e| at + e);
    &section[at..end]
}

/// The standings row of `team`: its W, L and T cells.
fn record(body: &str, team: &str) -> String {
    let table = &body[body.find("id=\"standings\"").expect("standings")..];
    let at = table
        .find(&format!(">{team}</a>"))
        .unwrap_or_else(|| panic!("{team} not in the standings"));
    let row = &table[at..table[at..].find("</tr>").map_or(table.len(), |e| at + e)];
    row.split("<td>")
        .skip(1)
        .take(3)
        .map(|c| c.split('<').next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("-")
}

/// Four teams, a single round robin on two sheets: Team 1 3–0, Team 2 2–1, Team 3 1–2,
/// Team 4 0–3. Returns the games, in draw order.
pub async fn round_robin(l: &League) -> Vec<i64> {
    let pairs = [
        (
            "2027-01-05T19:00",
            [("Team 1", "Team 2"), ("Team 3", "Team 4")],
        ),
        (
            "2027-01-12T19:00",
            [("Team 1", "Team 3"), ("Team 2", "Team 4")],
        ),
        (
            "2027-01-19T19:00",
            [("Team 1", "Team 4"), ("Team 2", "Team 3")],
        ),
    ];
    for (at, games) in pairs {
        let draw = l.add_draw(at).await;
        for ((one, two), sheet) in games.into_iter().zip(["Sheet A", "Sheet B"]) {
            l.add_game(&draw, sheet, one, two).await.assert_status(303);
        }
    }
    l.games().await
}

/// A Page playoff "Cup" of Teams 1–4 in that order, its first round at 10:00 on 6 February.
pub async fn page_playoff_in_order(l: &League) {
    l.owner
        .post(
            &l.path("brackets"),
            &[
                ("name", "Cup"),
                ("format", "page"),
                ("seeding", "order"),
                ("order", "Team 1\nTeam 2\nTeam 3\nTeam 4"),
                ("first", "2027-02-06T10:00"),
                ("gap", "180"),
            ],
        )
        .await
        .assert_status(303);
}

pub async fn page_playoff(l: &League) {
    let made = l
        .owner
        .post(
            &l.path("brackets"),
            &[
                ("name", "Playoffs"),
                ("format", "page"),
                ("teams", "4"),
                ("seeding", "standings"),
                ("final_hammer", "winner"),
                ("first", "2027-02-06T10:00"),
                ("gap", "180"),
            ],
        )
        .await;
    assert_eq!(made.status, 303, "{}", made.body);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_page_playoff_fills_itself_and_refuses_an_upstream_correction_unless_told() {
    let app = crate::support::TestApp::start().await;
    let l = League::with_rules(&app, "curling", "page", 2, 4, &[("extra_ends", "on")]).await;
    let games = round_robin(&l).await;
    page_playoff(&l).await;
    // Before the round robin ends the bracket names its seeds by their places.
    let event = l.owner.get(&l.event_path()).await.body;
    assert!(bracket_box(&event, "1 v 2").contains("1st of the standings"));
    assert!(bracket_box(&event, "Final").contains("Winner of 1 v 2"));
    assert!(bracket_box(&event, "Semifinal").contains("Loser of 1 v 2"));
    assert_eq!(
        bracket_game(&event, "1 v 2"),
        None,
        "no game before the seeds are known"
    );
    for game in &games[..5] {
        l.win_first(*game).await;
    }
    let event = l.owner.get(&l.event_path()).await.body;
    assert_eq!(
        bracket_game(&event, "1 v 2"),
        None,
        "one game of the stage is left"
    );
    l.win_first(games[5]).await;
    // The last result seeds the bracket in the same write: 1 v 2 and 3 v 4 exist.
    let event = l.owner.get(&l.event_path()).await.body;
    let one_two = bracket_game(&event, "1 v 2").expect("1 v 2 is made");
    let three_four = bracket_game(&event, "3 v 4").expect("3 v 4 is made");
    assert!(bracket_box(&event, "1 v 2").contains("Team 1"));
    assert!(bracket_box(&event, "3 v 4").contains("Team 4"));
    assert_eq!(bracket_game(&event, "Semifinal"), None);
    // Seed 1 has the hammer in 1 v 2, on the game page's line score.
    let screen = l.owner.get(&l.game_path(one_two, "score")).await.body;
    assert!(screen.contains(r#"name="side" value="1""#));
    l.win_first(one_two).await;
    l.win_first(three_four).await;
    let event = l.owner.get(&l.event_path()).await.body;
    // Team 1 waits in the final; Team 2 (loser of 1 v 2) meets Team 3 in the semifinal.
    let semi = bracket_game(&event, "Semifinal").expect("the semifinal is made");
    assert!(bracket_box(&event, "Semifinal").contains("Team 2"));
    assert!(bracket_box(&event, "Semifinal").contains("Team 3"));
    assert!(bracket_box(&event, "Final").contains("Team 1"));
    assert_eq!(
        bracket_game(&event, "Final"),
        None,
        "the final waits for its second team"
    );
    // Playoff games are not the round robin: the table is as it was.
    assert_eq!(record(&event, "Team 1"), "3-0-0");
    assert_eq!(record(&event, "Team 4"), "0-3-0");
    // The semifinal starts; reopening 3 v 4 would take its team away: refused, unchanged.
    l.tap(semi, &[("action", "start"), ("side", "1")])
        .await
        .assert_status(303);
    let refused = l.tap(three_four, &[("action", "reopen")]).await;
    assert_eq!(refused.status, 422, "{}", refused.body);
    refused.assert_contains("already started or finished");
    let event = l.owner.get(&l.event_path()).await.body;
    assert_eq!(bracket_game(&event, "Semifinal"), Some(semi));
    assert!(bracket_box(&event, "3 v 4").contains("Final"));
    // Told to, the reopening resets the semifinal (its teams are no longer known, so it goes)
    // and the bracket's log says what it was.
    l.tap(three_four, &[("action", "reopen"), ("force", "on")])
        .await
        .assert_status(303);
    let event = l.owner.get(&l.event_path()).await.body;
    assert_eq!(bracket_game(&event, "Semifinal"), None);
    assert!(bracket_box(&event, "Semifinal").contains("Winner of 3 v 4"));
    let brackets = l.owner.get(&l.path("brackets")).await;
    brackets.assert_contains("reset Semifinal: Team 2 v Team 3 · live");
    // Finished again (Team 3 still wins), the semifinal is made again.
    l.finish(three_four).await;
    let event = l.owner.get(&l.event_path()).await.body;
    let semi = bracket_game(&event, "Semifinal").expect("made again");
    l.win_first(semi).await;
    let event = l.owner.get(&l.event_path()).await.body;
    let fin = bracket_game(&event, "Final").expect("the final is made");
    assert!(bracket_box(&event, "Final").contains("Team 2"));
    l.win_first(fin).await;
    let event = l.owner.get(&l.event_path()).await.body;
    assert!(event.contains("Champion · <strong>Team 1</strong>"));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn seeding_waits_while_the_standings_hold_an_undecided_tie() {
    let app = crate::support::TestApp::start().await;
    let l = League::with_rules(&app, "curling", "tied", 2, 4, &[("extra_ends", "on")]).await;
    // 1 beats 2 and 3 beats 4 and nothing else: 1 and 3 tie for first, 2 and 4 for third.
    let draw = l.add_draw("2027-01-05T19:00").await;
    l.add_game(&draw, "Sheet A", "Team 1", "Team 2")
        .await
        .assert_status(303);
    l.add_game(&draw, "Sheet B", "Team 3", "Team 4")
        .await
        .assert_status(303);
    page_playoff(&l).await;
    for game in l.games().await {
        l.win_first(game).await;
    }
    let event = l.owner.get(&l.event_path()).await.body;
    assert_eq!(bracket_game(&event, "1 v 2"), None, "held back by the ties");
    assert_eq!(bracket_game(&event, "3 v 4"), None);
    // Deciding the first tie is not enough: the tie for third place seeds 3 v 4 too.
    let manage = l.manage().await.body;
    let tied = hidden_value(&manage, "tied").expect("a tie");
    let (t1, t3) = (l.team("Team 1").await, l.team("Team 3").await);
    l.owner
        .post(
            &l.path("ties/decide"),
            &[("tied", &tied), ("order", &t3), ("order", &t1)],
        )
        .await
        .assert_status(303);
    let event = l.owner.get(&l.event_path()).await.body;
    assert_eq!(bracket_game(&event, "1 v 2"), None);
    let manage = l.manage().await.body;
    let tied = hidden_value(&manage, "tied").expect("the second tie");
    let (t2, t4) = (l.team("Team 2").await, l.team("Team 4").await);
    l.owner
        .post(
            &l.path("ties/decide"),
            &[("tied", &tied), ("order", &t4), ("order", &t2)],
        )
        .await
        .assert_status(303);
    // Decided, the bracket seeds in the decision's order: Team 3 first, Team 1 second.
    let event = l.owner.get(&l.event_path()).await.body;
    assert!(bracket_game(&event, "1 v 2").is_some());
    let box12 = bracket_box(&event, "1 v 2");
    assert!(box12.find("Team 3") < box12.find("Team 1"), "{box12}");
    assert!(bracket_box(&event, "3 v 4").contains("Team 4"));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bracket_is_checked_edited_and_deleted_through_its_page() {
    let app = crate::support::TestApp::start().await;
    let l = League::with_rules(&app, "curling", "edits", 2, 6, &[("extra_ends", "on")]).await;
    // Bad input: an unknown format, too many seeds, an unknown team in the order.
    for (field, value, message) in [
        ("format", "ladder", "Choose one of the options"),
        ("teams", "9", "fewer teams than the bracket"),
    ] {
        let mut form = vec![
            ("name", "Knockout"),
            ("format", "single"),
            ("teams", "6"),
            ("seeding", "standings"),
        ];
        form.retain(|(k, _)| *k != field);
        form.push((field, value));
        let page = l.owner.post(&l.path("brackets"), &form).await;
        assert_eq!(page.status, 422, "{field}");
        page.assert_contains(message);
    }
    let wrong = l
        .owner
        .post(
            &l.path("brackets"),
            &[
                ("name", "Knockout"),
                ("format", "single"),
                ("seeding", "order"),
                ("order", "Team 1\nTeam 9"),
            ],
        )
        .await;
    assert_eq!(wrong.status, 422);
    wrong.assert_contains("name of one of the event’s teams");
    assert!(!l.owner.get(&l.event_path()).await.body.contains("Knockout"));
    // Six teams in the order given: byes for the first two, no times yet.
    let order = "Team 6\nTeam 5\nTeam 4\nTeam 3\nTeam 2\nTeam 1";
    l.owner
        .post(
            &l.path("brackets"),
            &[
                ("name", "Knockout"),
                ("format", "single"),
                ("seeding", "order"),
                ("order", order),
                ("bronze", "on"),
            ],
        )
        .await
        .assert_status(303);
    let event = l.owner.get(&l.event_path()).await.body;
    // Seeds 4 v 5 are Team 3 v Team 2, waiting for a time.
    let first = bracket_box(&event, "Quarterfinal · 2");
    assert!(
        first.contains("Team 3") && first.contains("Team 2"),
        "{first}"
    );
    assert!(first.contains("Time to be set"));
    // A consolation game wired to the quarterfinals' losers; a side used twice is refused.
    let page = l.owner.get(&l.path("brackets")).await.body;
    let bracket: String = {
        let at = page.find("/brackets/").expect("a bracket form") + 10;
        page[at..]
            .chars()
            .take_while(char::is_ascii_digit)
            .collect()
    };
    let save = format!("{}/{bracket}/save", l.path("brackets"));
    let draw = l.add_draw("2027-02-06T10:00").await;
    let consolation = [
        ("number", ""),
        ("label", "Consolation"),
        ("side1", "loser:2"),
        ("side2", "loser:4"),
        ("hammer", "higher_seed"),
        ("draw", draw.as_str()),
        ("sheet", ""),
    ];
    l.owner.post(&save, &consolation).await.assert_status(303);
    let twice = l.owner.post(&save, &consolation).await;
    assert_eq!(twice.status, 422);
    twice.assert_contains("does not hold together");
    let event = l.owner.get(&l.event_path()).await.body;
    assert!(bracket_box(&event, "Consolation").contains("Loser of Quarterfinal · 2"));
    // Rewiring a side to a game that would depend on itself is refused.
    let cyclic = [
        ("number", "2"),
        ("label", "Quarterfinal · 2"),
        ("side1", "winner:5"),
        ("side2", "seed:5"),
        ("hammer", "higher_seed"),
        ("draw", ""),
        ("sheet", ""),
    ];
    let refused = l.owner.post(&save, &cyclic).await;
    assert_eq!(refused.status, 422);
    // Placed in a draw, the quarterfinal's game is made at once (both teams are known).
    let placed = [
        ("number", "2"),
        ("label", "Quarterfinal · 2"),
        ("side1", "seed:4"),
        ("side2", "seed:5"),
        ("hammer", "higher_seed"),
        ("draw", draw.as_str()),
        ("sheet", ""),
    ];
    l.owner.post(&save, &placed).await.assert_status(303);
    let event = l.owner.get(&l.event_path()).await.body;
    let game = bracket_game(&event, "Quarterfinal · 2").expect("made once placed");
    // Its own page may not delete it or change its teams: the bracket owns them.
    let deleted = l.owner.post(&l.game_path(game, "call/delete"), &[]).await;
    assert_ne!(deleted.status, 303);
    // The whole bracket goes while nothing in it has started.
    l.owner
        .post(&format!("{}/{bracket}/delete", l.path("brackets")), &[])
        .await
        .assert_status(303);
    let event = l.owner.get(&l.event_path()).await.body;
    assert!(!event.contains("Knockout"));
    assert!(!l.games().await.contains(&game), "its game went with it");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_withdrawn_team_gives_its_bracket_games_as_walkovers() {
    let app = crate::support::TestApp::start().await;
    let l = League::with_rules(&app, "curling", "walk", 2, 4, &[("extra_ends", "on")]).await;
    page_playoff_in_order(&l).await;
    let event = l.owner.get(&l.event_path()).await.body;
    let three_four = bracket_game(&event, "3 v 4").expect("made from the typed order");
    // Team 4 withdraws (its games to come as byes): 3 v 4 goes, Team 3 goes through.
    let team4 = l.team("Team 4").await;
    l.owner
        .post(
            &l.path(&format!("teams/{team4}/do/withdraw")),
            &[("games", "byes")],
        )
        .await
        .assert_status(303);
    assert!(!l.games().await.contains(&three_four), "its game is gone");
    let one_two = bracket_game(&l.owner.get(&l.event_path()).await.body, "1 v 2").expect("1 v 2");
    l.win_first(one_two).await;
    let event = l.owner.get(&l.event_path()).await.body;
    assert!(bracket_game(&event, "Semifinal").is_some());
    let semi = bracket_box(&event, "Semifinal");
    assert!(semi.contains("Team 2") && semi.contains("Team 3"), "{semi}");
    app.stop().await;
}
