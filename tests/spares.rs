//! Spares over HTTP (COMPETITIONS.md 5.4, SP1–SP9): who is told and in what order, exactly
//! one accept winning, private requests staying private, withdrawing and cancelling, the
//! refusals, expiry at game start, and the member's games and calendar feed.

use std::time::Duration;

use diesel::prelude::*;

use crate::mail::{outbox_mail, wait_for_mail};
use crate::season::League;
use crate::support::{Person, TestApp, count_in, execute_in, rows_in, store, wait_until};

/// Tuesday 2027-01-12 19:00 in Toronto: more than a day away.
pub const TUESDAY: &str = "2027-01-12T19:00";

pub struct Member {
    pub person: Person,
    pub id: i64,
    pub email: String,
}

pub async fn account_id(app: &TestApp, email: &str) -> i64 {
    use clubhouse::db::schema::shared::accounts;
    let email = email.to_string();
    app.dbs()
        .shared
        .read(move |conn| {
            Ok::<_, clubhouse::db::DbError>(
                accounts::table
                    .filter(accounts::email.eq(email))
                    .select(accounts::id)
                    .first(conn)?,
            )
        })
        .await
        .expect("account id")
}

/// A new member of the league's club, signed in.
pub async fn join(app: &TestApp, league: &League, name: &str) -> Member {
    let email = format!("{}@{}.example", name.to_lowercase(), league.slug);
    let person = app.signed_up(name, &email).await;
    let link = league.owner.invite(&league.slug, "member").await;
    person.get(&link).await.assert_status(200);
    person
        .post(&link, &[])
        .await
        .assert_redirect(&format!("/clubs/{}", league.slug));
    let id = account_id(app, &email).await;
    Member { person, id, email }
}

/// Links `member` to `team` at `position`, as the organiser does on the team's page.
pub async fn link(league: &League, team: &str, member: &Member, position: &str) {
    let team = league.team(team).await;
    let path = format!(
        "/clubs/{}/events/{}/teams/{team}/members",
        league.slug, league.event
    );
    league
        .owner
        .post(
            &path,
            &[("account", &member.id.to_string()), ("position", position)],
        )
        .await
        .assert_status(303);
}

pub async fn offer(league: &League, member: &Member, positions: &[&str], max_up: &str) {
    let mut form = vec![("active", "on"), ("max_up", max_up), ("notes", "")];
    form.extend(positions.iter().map(|p| ("positions", *p)));
    member
        .person
        .post(&league.path("spares/availability"), &form)
        .await
        .assert_status(303);
}

pub async fn ask(league: &League, member: &Member, game: i64, position: &str) -> i64 {
    let asked = member
        .person
        .post(
            &league.path("spares"),
            &[
                ("game", &game.to_string()),
                ("position", position),
                ("message", "Away for work"),
                ("kind", "public"),
                // Tests ask more than once for a game; the refusal has its own test.
                ("allow_duplicate", "on"),
            ],
        )
        .await;
    assert_eq!(asked.status, 303, "{}", asked.body);
    let page = member.person.get(&league.path("spares")).await;
    *request_ids(&page.body)
        .last()
        .expect("the request is listed")
}

/// The requests a spares page lists.
pub fn request_ids(body: &str) -> Vec<i64> {
    body.match_indices("id=\"spare-")
        .filter_map(|(at, m)| {
            let rest = &body[at + m.len()..];
            rest[..rest.find('"')?].parse().ok()
        })
        .collect()
}

/// A spare found through a private request in a new event of the club: rows in every
/// spares table (for the club data tests).
pub async fn spare_found(app: &TestApp, slug: &str, owner_email: &str) {
    let owner = app.person();
    owner
        .sign_in(owner_email, "a long enough passphrase")
        .await
        .assert_status(303);
    let league = League::in_club(std::sync::Arc::new(owner), slug, "curling", 2, &[]).await;
    let draw = league.add_draw(TUESDAY).await;
    league
        .add_game(&draw, "", "Team 1", "Team 2")
        .await
        .assert_status(303);
    let game = league.games().await[0];
    let ann = join(app, &league, "Ann").await;
    let cat = join(app, &league, "Cat").await;
    link(&league, "Team 1", &ann, "lead").await;
    offer(&league, &cat, &["lead"], "0").await;
    ann.person
        .post(
            &league.path("spares"),
            &[
                ("game", &game.to_string()),
                ("position", "lead"),
                ("kind", "private"),
                ("invitees", &cat.id.to_string()),
            ],
        )
        .await
        .assert_status(303);
    let request = request_ids(&cat.person.get(&league.path("spares")).await.body)[0];
    cat.person
        .post(&league.path(&format!("spares/{request}/accept")), &[])
        .await
        .assert_status(303);
}

fn curling_db(app: &TestApp) -> &clubhouse::db::Database {
    store(app, "curling.db")
}

/// Who has a notification row for `request` (sent or not), sorted.
fn notified(app: &TestApp, request: i64) -> Vec<(i64, i64, bool)> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        account_id: i64,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        due_at: i64,
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        bye_priority: i64,
    }
    let rows: Vec<Row> = rows_in(
        curling_db(app),
        &format!(
            "SELECT account_id, due_at, bye_priority FROM spare_notifications \
             WHERE request_id = {request} ORDER BY queue_order"
        ),
    );
    rows.into_iter()
        .map(|r| (r.account_id, r.due_at, r.bye_priority == 1))
        .collect()
}

fn status(app: &TestApp, request: i64) -> String {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Text)]
        status: String,
    }
    let rows: Vec<Row> = rows_in(
        curling_db(app),
        &format!("SELECT status FROM spare_requests WHERE id = {request}"),
    );
    rows.into_iter().next().expect("the request").status
}

/// A league whose four teams all play on Tuesday (nobody is on a bye), and its two games.
pub async fn tuesday_league(app: &TestApp, slug: &str) -> (League, i64, i64) {
    let league = League::new(app, "curling", slug, 2, 4).await;
    let draw = league.add_draw(TUESDAY).await;
    league
        .add_game(&draw, "Sheet A", "Team 1", "Team 2")
        .await
        .assert_status(303);
    league
        .add_game(&draw, "Sheet B", "Team 3", "Team 4")
        .await
        .assert_status(303);
    let games = league.games().await;
    (league, games[0], games[1])
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_request_reaches_only_those_who_fit_and_exactly_one_accept_wins() {
    let app = TestApp::start().await;
    let (league, game, _) = tuesday_league(&app, "sparing").await;
    let ann = join(&app, &league, "Ann").await;
    let bob = join(&app, &league, "Bob").await;
    let cat = join(&app, &league, "Cat").await;
    let dan = join(&app, &league, "Dan").await;
    let eve = join(&app, &league, "Eve").await;
    link(&league, "Team 1", &ann, "skip").await;
    link(&league, "Team 3", &bob, "skip").await;
    // Bob declares he can skip, but his own team plays in that draw (SP3).
    offer(&league, &bob, &["skip"], "0").await;
    offer(&league, &cat, &["skip"], "0").await;
    // SP9: a lead who declared only lead, with no positions up, is not asked for a skip.
    offer(&league, &dan, &["lead"], "0").await;
    offer(&league, &eve, &["lead", "skip"], "0").await;

    let request = ask(&league, &ann, game, "skip").await;
    // SP2, SP3, SP9: only Cat and Eve are told.
    let told: Vec<i64> = {
        let mut v: Vec<i64> = notified(&app, request).iter().map(|n| n.0).collect();
        v.sort();
        v
    };
    let mut expected = vec![cat.id, eve.id];
    expected.sort();
    assert_eq!(told, expected);
    // More than a day ahead and nobody on a bye: the first now, the next 180 s later.
    let dues: Vec<i64> = notified(&app, request).iter().map(|n| n.1).collect();
    assert_eq!(dues[1] - dues[0], 180, "{dues:?}");
    let first = wait_for_mail(&app, 1).await;
    assert!(first[0].1.starts_with("Spare wanted: Team 1"), "{first:?}");
    assert!(
        [cat.email.as_str(), eve.email.as_str()].contains(&first[0].0.as_str()),
        "{first:?}"
    );
    assert!(first[0].3.contains("needs a Skip"), "{}", first[0].3);

    // Dan sees the public request but cannot take it; neither can Bob.
    let dan_page = dan.person.get(&league.path("spares")).await;
    dan_page.assert_status(200);
    assert!(dan_page.body.contains(&format!("id=\"spare-{request}\"")));
    assert!(!dan_page.body.contains(&format!("spares/{request}/accept")));
    let accept = league.path(&format!("spares/{request}/accept"));
    dan.person.post(&accept, &[]).await.assert_status(409);
    bob.person
        .post(&accept, &[])
        .await
        .assert_status(409)
        .assert_contains("you play in that draw");
    assert_eq!(status(&app, request), "open");

    // SP1: Cat and Eve accept at the same moment: exactly one wins.
    let (a, b) = tokio::join!(cat.person.post(&accept, &[]), eve.person.post(&accept, &[]));
    let mut codes = [a.status, b.status];
    codes.sort();
    assert_eq!(codes, [303, 409], "{} / {}", a.body, b.body);
    let (winner, loser, lost) = if a.status == 303 {
        (&cat, &eve, &b)
    } else {
        (&eve, &cat, &a)
    };
    assert!(lost.body.contains("Someone else took this spare first"));
    assert_eq!(status(&app, request), "filled");
    assert_eq!(
        count_in(
            curling_db(&app),
            &format!(
                "SELECT count(*) AS n FROM spare_requests WHERE id = {request} AND filled_by = {}",
                winner.id
            )
        ),
        1
    );
    // The requester and the spare are told, each with the other's address.
    wait_until("the fill is emailed", Duration::from_secs(15), || async {
        let mail = outbox_mail(&app).await;
        mail.iter()
            .any(|m| m.0 == ann.email && m.1.starts_with("Spare found"))
            && mail
                .iter()
                .any(|m| m.0 == winner.email && m.1.starts_with("You are sparing"))
    })
    .await;
    let mail = outbox_mail(&app).await;
    let to_ann = mail
        .iter()
        .find(|m| m.0 == ann.email && m.1.starts_with("Spare found"))
        .expect("mail to Ann");
    assert!(to_ann.3.contains(&winner.email), "{}", to_ann.3);
    let to_winner = mail
        .iter()
        .find(|m| m.0 == winner.email && m.1.starts_with("You are sparing"))
        .expect("mail to the spare");
    assert!(to_winner.3.contains(&ann.email), "{}", to_winner.3);

    // Contact details: Ann sees her spare's address; the spare sees Ann's; Dan sees neither.
    ann.person
        .get(&league.path("spares"))
        .await
        .assert_contains(&winner.email);
    winner
        .person
        .get(&league.path("spares"))
        .await
        .assert_contains(&ann.email)
        .assert_contains("You are the spare for this game");
    let dan_page = dan.person.get(&league.path("spares")).await;
    assert!(!dan_page.body.contains(&winner.email));
    assert!(!dan_page.body.contains(&ann.email));
    // Dan still sees it, as filled, so he knows where it went.
    assert!(dan_page.body.contains(&format!("id=\"spare-{request}\"")));
    assert!(!dan_page.body.contains(&format!("spares/{request}/accept")));
    // The loser's accept, tried again, says the same.
    loser
        .person
        .post(&accept, &[])
        .await
        .assert_status(409)
        .assert_contains("Someone else took this spare first");

    // The spare's "my games" has the game, marked as sparing; Ann's no longer does.
    winner
        .person
        .get(&format!("/clubs/{}", league.slug))
        .await
        .assert_contains("My games")
        .assert_contains("Team 1 – Team 2")
        .assert_contains("spare");
    let ann_club = ann.person.get(&format!("/clubs/{}", league.slug)).await;
    assert!(!ann_club.body.contains("Team 1 – Team 2"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bye_day_members_are_told_first_and_the_board_waits_an_hour() {
    let app = TestApp::start().await;
    let league = League::new(&app, "curling", "byes", 2, 4).await;
    let tuesday = league.add_draw(TUESDAY).await;
    let wednesday = league.add_draw("2027-01-13T19:00").await;
    league
        .add_game(&tuesday, "Sheet A", "Team 1", "Team 2")
        .await
        .assert_status(303);
    league
        .add_game(&wednesday, "Sheet A", "Team 3", "Team 4")
        .await
        .assert_status(303);
    let game = league.games().await[0];
    let ann = join(&app, &league, "Ann").await;
    let fay = join(&app, &league, "Fay").await;
    let gus = join(&app, &league, "Gus").await;
    let hal = join(&app, &league, "Hal").await;
    link(&league, "Team 1", &ann, "lead").await;
    // Fay's team has no game on Tuesday: she is asked first, without saying she is available.
    link(&league, "Team 3", &fay, "lead").await;
    offer(&league, &gus, &["lead"], "0").await;
    offer(&league, &hal, &["second"], "1").await;
    // SP4 and max_up: Hal plays second and accepts one position up, so not a lead request…
    let request = ask(&league, &ann, game, "lead").await;
    let plan = notified(&app, request);
    assert_eq!(plan.len(), 2, "{plan:?}");
    assert_eq!((plan[0].0, plan[0].2), (fay.id, true));
    assert_eq!((plan[1].0, plan[1].2), (gus.id, false));
    // …the others an hour later, and the board shows it to them only then.
    assert_eq!(plan[1].1 - plan[0].1, 3600);
    fay.person
        .get(&league.path("spares"))
        .await
        .assert_contains(&format!("spares/{request}/accept"));
    let gus_page = gus.person.get(&league.path("spares")).await;
    assert!(!gus_page.body.contains(&format!("id=\"spare-{request}\"")));
    // Not listed for him yet: as if it did not exist.
    gus.person
        .post(&league.path(&format!("spares/{request}/accept")), &[])
        .await
        .assert_status(404);
    // For a second: Hal (second, and one up), not Gus or Fay (leads, nothing up).
    let second = ask(&league, &ann, game, "second").await;
    let asked: Vec<i64> = notified(&app, second).iter().map(|n| n.0).collect();
    assert!(
        !asked.contains(&gus.id),
        "a lead with no positions up is not asked to play second"
    );
    assert!(!asked.contains(&fay.id));
    assert!(asked.contains(&hal.id));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_private_request_is_seen_only_by_the_members_it_names() {
    let app = TestApp::start().await;
    let (league, game, _) = tuesday_league(&app, "private").await;
    let ann = join(&app, &league, "Ann").await;
    let cat = join(&app, &league, "Cat").await;
    let dan = join(&app, &league, "Dan").await;
    link(&league, "Team 1", &ann, "lead").await;
    offer(&league, &dan, &["lead"], "0").await;
    let page = ann.person.get(&league.path("spares")).await;
    assert!(page.body.contains("Cat"), "Cat can be named");
    ann.person
        .post(
            &league.path("spares"),
            &[
                ("game", &game.to_string()),
                ("position", "lead"),
                ("message", ""),
                ("kind", "private"),
            ],
        )
        .await
        .assert_status(422)
        .assert_contains("Choose at least one member");
    ann.person
        .post(
            &league.path("spares"),
            &[
                ("game", &game.to_string()),
                ("position", "lead"),
                ("message", "Cat, can you?"),
                ("kind", "private"),
                ("invitees", &cat.id.to_string()),
            ],
        )
        .await
        .assert_status(303);
    let request: i64 = request_ids(&ann.person.get(&league.path("spares")).await.body)[0];
    // SP6: Dan (available, a lead) sees nothing: not the request, its message, or a count;
    // not in the page, not in the live board's fragment.
    for page in [
        dan.person.get(&league.path("spares")).await,
        dan.person.get_htmx(&league.path("spares")).await,
    ] {
        page.assert_status(200);
        assert!(!page.body.contains("Cat, can you?"));
        assert!(!page.body.contains(&format!("spare-{request}")));
        assert!(page.body.contains("No open requests"));
    }
    assert_eq!(
        notified(&app, request)
            .iter()
            .map(|n| n.0)
            .collect::<Vec<_>>(),
        vec![cat.id]
    );
    // Not even its existence: accepting it is "not found", as for an id never made.
    dan.person
        .post(&league.path(&format!("spares/{request}/accept")), &[])
        .await
        .assert_status(404);
    dan.person
        .post(&league.path("spares/99999/accept"), &[])
        .await
        .assert_status(404);
    cat.person
        .get(&league.path("spares"))
        .await
        .assert_contains("Cat, can you?");
    cat.person
        .post(&league.path(&format!("spares/{request}/accept")), &[])
        .await
        .assert_status(303);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spare_who_withdraws_reopens_the_request_and_the_others_are_told_again() {
    let app = TestApp::start_with(|c| c.spare_timing.stagger = 0).await;
    let (league, game, _) = tuesday_league(&app, "withdraw").await;
    let ann = join(&app, &league, "Ann").await;
    let cat = join(&app, &league, "Cat").await;
    let eve = join(&app, &league, "Eve").await;
    link(&league, "Team 1", &ann, "lead").await;
    offer(&league, &cat, &["lead"], "0").await;
    offer(&league, &eve, &["lead"], "0").await;
    let request = ask(&league, &ann, game, "lead").await;
    // Both are told at once (no stagger here) before Cat takes it.
    wait_until("both are asked", Duration::from_secs(15), || async {
        let mail = outbox_mail(&app).await;
        [&cat.email, &eve.email].iter().all(|to| {
            mail.iter()
                .any(|m| &&m.0 == to && m.1.starts_with("Spare wanted"))
        })
    })
    .await;
    let accept = league.path(&format!("spares/{request}/accept"));
    cat.person.post(&accept, &[]).await.assert_status(303);
    let withdraw = league.path(&format!("spares/{request}/withdraw"));
    // Someone else cannot withdraw Cat; Cat must say why.
    eve.person
        .post(&withdraw, &[("comment", "me")])
        .await
        .assert_status(404);
    cat.person
        .post(&withdraw, &[("comment", "  ")])
        .await
        .assert_status(422);
    assert_eq!(status(&app, request), "filled");
    cat.person
        .post(&withdraw, &[("comment", "Sick, sorry.\nBack next week")])
        .await
        .assert_status(303);
    // SP5: open again, Ann is told why, and Eve is asked again (Cat is not).
    assert_eq!(status(&app, request), "open");
    assert_eq!(
        count_in(
            curling_db(&app),
            &format!(
                "SELECT count(*) AS n FROM spare_requests WHERE id = {request} AND had_cancellation = 1"
            )
        ),
        1
    );
    wait_until("Ann hears of it", Duration::from_secs(15), || async {
        outbox_mail(&app)
            .await
            .iter()
            .any(|m| m.0 == ann.email && m.3.contains("Sick, sorry"))
    })
    .await;
    wait_until("Eve is asked again", Duration::from_secs(15), || async {
        outbox_mail(&app)
            .await
            .iter()
            .filter(|m| m.0 == eve.email && m.1.starts_with("Spare wanted"))
            .count()
            == 2
    })
    .await;
    let to_cat = outbox_mail(&app)
        .await
        .iter()
        .filter(|m| m.0 == cat.email && m.1.starts_with("Spare wanted"))
        .count();
    assert_eq!(to_cat, 1, "the spare who withdrew is not asked again");
    // Eve takes it; then Ann calls it off and Eve is told.
    eve.person.post(&accept, &[]).await.assert_status(303);
    let cancel = league.path(&format!("spares/{request}/cancel"));
    cat.person.post(&cancel, &[]).await.assert_status(404);
    ann.person.post(&cancel, &[]).await.assert_status(303);
    assert_eq!(status(&app, request), "cancelled");
    wait_until("Eve is told", Duration::from_secs(15), || async {
        outbox_mail(&app)
            .await
            .iter()
            .any(|m| m.0 == eve.email && m.1.starts_with("No spare needed"))
    })
    .await;
    ann.person.post(&cancel, &[]).await.assert_status(409);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn asking_twice_or_from_outside_the_team_is_refused_and_requests_expire_at_game_start() {
    let app = TestApp::start().await;
    let (league, game, other) = tuesday_league(&app, "refusals").await;
    let ann = join(&app, &league, "Ann").await;
    let cat = join(&app, &league, "Cat").await;
    link(&league, "Team 1", &ann, "lead").await;
    // Not on a team of the game: refused, with what to do.
    let form = |game: i64| {
        vec![
            ("game", game.to_string()),
            ("position", "lead".to_string()),
            ("message", String::new()),
            ("kind", "public".to_string()),
        ]
    };
    let path = league.path("spares");
    async fn post_to(
        who: &Person,
        path: &str,
        fields: Vec<(&'static str, String)>,
    ) -> crate::support::Page {
        let fields: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        who.post(path, &fields).await
    }
    post_to(&cat.person, &path, form(game))
        .await
        .assert_status(409)
        .assert_contains("Only a member of one of the game");
    post_to(&ann.person, &path, form(other))
        .await
        .assert_status(409);
    let mut bad = form(game);
    bad[1].1 = "goalie".into();
    post_to(&ann.person, &path, bad).await.assert_status(422);
    let mut long = form(game);
    long[2].1 = "x".repeat(501);
    post_to(&ann.person, &path, long)
        .await
        .assert_status(422)
        .assert_contains("too long");
    assert_eq!(
        count_in(curling_db(&app), "SELECT count(*) AS n FROM spare_requests"),
        0,
        "nothing was written"
    );
    // SP8: asking again for the same game needs saying so.
    let request = ask(&league, &ann, game, "lead").await;
    let again = post_to(&ann.person, &path, form(game)).await;
    again
        .assert_status(422)
        .assert_contains("You already asked for a spare for this game")
        .assert_contains("Ask again for this game anyway");
    let mut anyway = form(game);
    anyway.push(("allow_duplicate", "on".into()));
    post_to(&ann.person, &path, anyway).await.assert_status(303);
    assert_eq!(
        count_in(curling_db(&app), "SELECT count(*) AS n FROM spare_requests"),
        2
    );
    // No more spares than regular players: a curling team fields at most two.
    let mut third = form(game);
    third.push(("allow_duplicate", "on".into()));
    post_to(&ann.person, &path, third)
        .await
        .assert_status(409)
        .assert_contains("no more spares than regular players");
    // SP7: at game start an open request expires.
    execute_in(curling_db(&app), "UPDATE draws SET starts_at = 1000");
    let expired = clubhouse::spares::notices::expire(app.dbs())
        .await
        .expect("expire");
    assert_eq!(expired, 2);
    assert_eq!(status(&app, request), "expired");
    cat.person
        .post(&league.path(&format!("spares/{request}/accept")), &[])
        .await
        .assert_status(409);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_members_calendar_has_their_teams_games_and_the_games_they_spare() {
    let app = TestApp::start().await;
    let (league, game, other) = tuesday_league(&app, "mycal").await;
    let ann = join(&app, &league, "Ann").await;
    let cat = join(&app, &league, "Cat").await;
    link(&league, "Team 3", &cat, "lead").await;
    link(&league, "Team 1", &ann, "lead").await;
    // Cat plays Tuesday on Sheet B; she can spare only in another draw, so give the
    // request's game its own draw.
    let wednesday = league.add_draw("2027-01-13T19:00").await;
    league
        .add_game(&wednesday, "Sheet A", "Team 1", "Team 4")
        .await
        .assert_status(303);
    let spare_game = *league
        .games()
        .await
        .iter()
        .find(|g| **g != game && **g != other)
        .expect("the new game");
    offer(&league, &cat, &["lead"], "0").await;
    let request = ask(&league, &ann, spare_game, "lead").await;
    cat.person
        .post(&league.path(&format!("spares/{request}/accept")), &[])
        .await
        .assert_status(303);

    // I4: the address is shown once; replacing it stops the old one.
    let made = cat.person.post("/account/calendar", &[]).await;
    made.assert_status(200)
        .assert_contains("shown only this once");
    let url_of = |body: &str| {
        let at = body.find("id=\"calendar-url\">").expect("the address") + 18;
        body[at..at + body[at..].find('<').expect("end")].to_string()
    };
    let first = url_of(&made.body);
    let path = first.trim_start_matches(&app.url("")).to_string();
    assert!(
        path.starts_with("/calendar/") && path.ends_with(".ics"),
        "{path}"
    );
    let visitor = app.person();
    let feed = visitor.get(&path).await;
    feed.assert_status(200);
    let host = app.url("").trim_start_matches("http://").to_string();
    // I8: her team's game and the game she spares, not Team 1's other game.
    assert!(feed.body.contains(&format!("UID:game-{other}@{host}")));
    assert!(feed.body.contains(&format!("UID:game-{spare_game}@{host}")));
    assert!(!feed.body.contains(&format!("UID:game-{game}@{host}")));
    assert!(feed.body.contains("X-WR-CALNAME:Cat — My games"));
    // I7 for the member feed: the same bytes and 304.
    let etag = feed
        .headers
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .expect("etag")
        .to_string();
    visitor
        .get_with_headers(&path, &[("if-none-match", &etag)])
        .await
        .assert_status(304);
    // Ann was replaced in the spared game: it leaves her feed.
    let ann_made = ann.person.post("/account/calendar", &[]).await;
    let ann_path = url_of(&ann_made.body)
        .trim_start_matches(&app.url(""))
        .to_string();
    let ann_feed = visitor.get(&ann_path).await;
    assert!(ann_feed.body.contains(&format!("UID:game-{game}@{host}")));
    assert!(
        !ann_feed
            .body
            .contains(&format!("UID:game-{spare_game}@{host}"))
    );

    let rotated = cat.person.post("/account/calendar", &[]).await;
    let second = url_of(&rotated.body);
    assert_ne!(first, second);
    visitor.get(&path).await.assert_status(404);
    visitor
        .get(second.trim_start_matches(&app.url("")))
        .await
        .assert_status(200);
    visitor
        .get("/calendar/not-a-token.ics")
        .await
        .assert_status(404);
    cat.person
        .get("/account")
        .await
        .assert_contains("Replacing it stops the old one");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spare_plays_for_the_same_team_in_at_most_three_games_in_a_row() {
    let app = TestApp::start_with(|c| c.spare_timing.stagger = 0).await;
    let league = League::new(&app, "curling", "streak", 1, 2).await;
    for day in 12..=15 {
        let draw = league.add_draw(&format!("2027-01-{day}T19:00")).await;
        league
            .add_game(&draw, "Sheet A", "Team 1", "Team 2")
            .await
            .assert_status(303);
    }
    let games = league.games().await;
    let ann = join(&app, &league, "Ann").await;
    let cat = join(&app, &league, "Cat").await;
    link(&league, "Team 1", &ann, "lead").await;
    offer(&league, &cat, &["lead"], "0").await;
    for game in &games[..3] {
        let request = ask(&league, &ann, *game, "lead").await;
        assert_eq!(notified(&app, request).len(), 1);
        cat.person
            .post(&league.path(&format!("spares/{request}/accept")), &[])
            .await
            .assert_status(303);
    }
    // The fourth game in a row: Cat is not asked and cannot take it.
    let fourth = ask(&league, &ann, games[3], "lead").await;
    assert!(notified(&app, fourth).is_empty());
    cat.person
        .post(&league.path(&format!("spares/{fourth}/accept")), &[])
        .await
        .assert_status(409);
}
