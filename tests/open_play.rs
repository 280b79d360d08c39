//! Open play and court blocks over HTTP: setting up a session and its refusals, sign-up with
//! a waitlist that moves (and emails) the next in line, the desk checking players in and the
//! paddle queue rotating, stale desk taps refused, the board, and the booking grid held by
//! open play and by a closed court.

use std::time::Duration;

use crate::courts::{at, day, pairs, rules_form};
use crate::mail::outbox_mail;
use crate::season::League;
use crate::spares::join;
use crate::support::{Person, TestApp, count_in, store, wait_until};

fn sport_count(app: &TestApp, sql: &str) -> i64 {
    count_in(store(app, "pickleball.db"), sql)
}

/// The values of every `name="<field>" value="…"` in `body`, in order.
pub fn values(body: &str, field: &str) -> Vec<String> {
    let needle = format!("name=\"{field}\" value=\"");
    body.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &body[i + needle.len()..];
            rest[..rest.find('"').expect("end")].to_string()
        })
        .collect()
}

pub fn session_form(
    name: &str,
    weekday: u32,
    capacity: &str,
    courts: &[String],
) -> Vec<(&'static str, String)> {
    let mut form = vec![
        ("name", name.to_string()),
        ("weekday", weekday.to_string()),
        ("starts_at", "09:00".to_string()),
        ("ends_at", "11:00".to_string()),
        ("level", "3.0–3.5".to_string()),
        ("capacity", capacity.to_string()),
        ("format", "doubles".to_string()),
        ("rotation", "four_off".to_string()),
    ];
    form.extend(courts.iter().map(|c| ("courts", c.clone())));
    form
}

/// The desk's current version, from any of its forms.
async fn version(desk: &Person, url: &str) -> String {
    values(&desk.get(url).await.body, "version")
        .first()
        .cloned()
        .unwrap_or_else(|| "0".into())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_play_signs_up_waitlists_checks_in_and_rotates_the_paddle_queue() {
    let app = TestApp::start().await;
    let league = League::new(&app, "pickleball", "openplay", 2, 2).await;
    let list = format!("/clubs/{}/open-play", league.slug);
    let owner = &league.owner;
    let page = owner.get(&list).await;
    page.assert_status(200)
        .assert_contains("No open-play sessions");
    let courts = values(&page.body, "courts");
    assert_eq!(courts.len(), 2, "the club's two courts are offered");
    let tomorrow = day(1);
    let weekday = chrono::Datelike::weekday(&tomorrow).num_days_from_monday();

    // Members cannot add sessions; a refused form keeps what was typed and adds nothing.
    let ann = join(&app, &league, "Ann").await;
    ann.person
        .post(
            &list,
            &pairs(&session_form("Drop-in", weekday, "5", &courts[..1])),
        )
        .await
        .assert_status(403);
    let mut bad = session_form("Drop-in", weekday, "1", &[]);
    bad[3].1 = "08:00".into();
    owner
        .post(&list, &pairs(&bad))
        .await
        .assert_status(422)
        .assert_contains("must end after it starts")
        .assert_contains("From 2 to 200 players")
        .assert_contains("at least one of the club")
        .assert_contains("value=\"Drop-in\"");
    assert_eq!(
        sport_count(&app, "SELECT count(*) AS n FROM open_play_sessions"),
        0
    );

    // Five places on one court, four on, four off.
    let created = owner
        .post(
            &list,
            &pairs(&session_form("Drop-in", weekday, "5", &courts[..1])),
        )
        .await;
    created.assert_status(303);
    let session = created
        .location
        .clone()
        .expect("sent to the session")
        .rsplit('/')
        .next()
        .expect("an id")
        .to_string();
    let date = tomorrow.format("%Y-%m-%d").to_string();
    let base = format!("{list}/{session}");
    let sign_up = format!("{base}/sign-up?date={date}");
    owner
        .get(&list)
        .await
        .assert_contains("Drop-in")
        .assert_contains("0 of 5 players");

    // Six sign up: five are in, the sixth is first in line. Twice is once.
    let mut players = vec![ann];
    for name in ["Bob", "Cat", "Dan", "Eve", "Fay"] {
        players.push(join(&app, &league, name).await);
    }
    for p in &players[..5] {
        p.person.post(&sign_up, &[]).await.assert_status(303);
        p.person
            .get(&format!("{base}?date={date}"))
            .await
            .assert_contains("You are in.");
    }
    players[0]
        .person
        .post(&sign_up, &[])
        .await
        .assert_status(303);
    let fay = &players[5];
    fay.person.post(&sign_up, &[]).await.assert_status(303);
    fay.person
        .get(&format!("{base}?date={date}"))
        .await
        .assert_contains("number 1 on the waitlist");
    // What a live update fetches: the day's players and line, not the whole page.
    let live = fay.person.get_htmx(&format!("{base}?date={date}")).await;
    live.assert_status(200)
        .assert_contains("id=\"waitlist\"")
        .assert_contains("5 of 5 players");
    assert!(!live.body.contains("<html"), "a fragment");
    assert_eq!(
        sport_count(
            &app,
            "SELECT count(*) AS n FROM open_play_signups WHERE status = 'active'"
        ),
        6
    );
    // A day the session does not run is not there; a day past the sign-up window is refused.
    owner
        .get(&format!("{base}?date={}", day(2).format("%Y-%m-%d")))
        .await
        .assert_status(404);
    owner
        .get(&format!("{base}?date=tomorrow"))
        .await
        .assert_status(422);
    let far = (tomorrow + chrono::Duration::days(35))
        .format("%Y-%m-%d")
        .to_string();
    players[1]
        .person
        .post(&format!("{base}/sign-up?date={far}"), &[])
        .await
        .assert_status(303);
    players[1]
        .person
        .get(&format!("{base}?date={date}"))
        .await
        .assert_contains("four weeks before");

    // Eve cancels: Fay moves in and is emailed.
    players[4]
        .person
        .post(&format!("{base}/cancel?date={date}"), &[])
        .await
        .assert_status(303);
    fay.person
        .get(&format!("{base}?date={date}"))
        .await
        .assert_contains("You are in.");
    wait_until("Fay is told", Duration::from_secs(15), || async {
        outbox_mail(&app)
            .await
            .iter()
            .any(|m| m.0 == fay.email && m.1.starts_with("You have a place: Drop-in"))
    })
    .await;

    // The desk: members cannot use it; the owner checks in Ann, Bob, Cat, Dan, Fay.
    let desk = format!("{base}/desk?date={date}");
    players[1].person.get(&desk).await.assert_status(403);
    let ids: Vec<i64> = [0, 1, 2, 3, 5].iter().map(|i| players[*i].id).collect();
    for id in &ids {
        let v = version(owner, &desk).await;
        owner
            .post(
                &desk,
                &[
                    ("action", "check_in"),
                    ("account", &id.to_string()),
                    ("version", &v),
                ],
            )
            .await
            .assert_status(303);
    }
    // Eve (cancelled) cannot be checked in.
    let v = version(owner, &desk).await;
    owner
        .post(
            &desk,
            &[
                ("action", "check_in"),
                ("account", &players[4].id.to_string()),
                ("version", &v),
            ],
        )
        .await
        .assert_status(409)
        .assert_contains("no place that day");
    let page = owner.get(&desk).await.body;
    assert!(
        page.contains("Ann &amp; Bob") && page.contains("Cat &amp; Dan"),
        "{page}"
    );
    // A tap made on an older floor is refused and changes nothing.
    let stale = (v.parse::<i64>().expect("a version") - 1).to_string();
    owner
        .post(
            &desk,
            &[
                ("action", "finish"),
                ("sheet", &courts[0]),
                ("winner", "0"),
                ("version", &stale),
            ],
        )
        .await
        .assert_status(409)
        .assert_contains("The desk changed");
    // Ann and Bob win with one waiting: the winners stay, split, Fay and Cat come on.
    let v = version(owner, &desk).await;
    owner
        .post(
            &desk,
            &[
                ("action", "finish"),
                ("sheet", &courts[0]),
                ("winner", "0"),
                ("version", &v),
            ],
        )
        .await
        .assert_status(303);
    let board = players[2]
        .person
        .get(&format!("{base}/board?date={date}"))
        .await;
    board
        .assert_status(200)
        .assert_contains("Ann &amp; Fay")
        .assert_contains("Bob &amp; Cat")
        .assert_contains("Next up")
        .assert_contains("Dan");
    // Ann is hurt and leaves mid-game: Dan, first in the queue, takes her place.
    let v = version(owner, &desk).await;
    owner
        .post(
            &desk,
            &[
                ("action", "leave"),
                ("account", &players[0].id.to_string()),
                ("version", &v),
            ],
        )
        .await
        .assert_status(303);
    owner
        .get(&desk)
        .await
        .assert_contains("Fay &amp; Dan")
        .assert_contains("Nobody is waiting");
    owner
        .post(&desk, &[("action", "dance"), ("version", "1")])
        .await
        .assert_status(422);

    // The booking grid shows the session holding its court, and booking it is refused.
    owner
        .post(
            &format!("/clubs/{}/courts/rules", league.slug),
            &pairs(&rules_form("2", "1", "120")),
        )
        .await
        .assert_status(303);
    let grid = format!("/clubs/{}/courts?date={date}", league.slug);
    players[1]
        .person
        .get(&grid)
        .await
        .assert_contains("<td class=\"held\">Open play</td>");
    players[1]
        .person
        .post(
            &format!("/clubs/{}/courts/book", league.slug),
            &[
                ("sheet", &courts[0]),
                ("starts_at", &at(tomorrow, 9).to_string()),
            ],
        )
        .await
        .assert_status(409)
        .assert_contains("Open play holds that court");

    // Correcting the session: to singles on both courts; ending it removes it from the list.
    let mut corrected = session_form("Drop-in singles", weekday, "8", &courts);
    corrected[6].1 = "singles".into();
    owner
        .post(&format!("{base}/edit"), &pairs(&corrected))
        .await
        .assert_status(303);
    owner
        .get(&format!("{base}?date={date}"))
        .await
        .assert_contains("Drop-in singles")
        .assert_contains("Singles");
    // The day's floor follows: one a side, and the second court takes the two left over.
    let floor = owner.get(&desk).await.body;
    assert_eq!(floor.matches("Side A won").count(), 2, "{floor}");
    // Eve, who cancelled, turns up anyway: the desk checks her in without a sign-up.
    let eve = players[4].id.to_string();
    let v = version(owner, &desk).await;
    owner
        .post(
            &desk,
            &[("action", "walk_in"), ("account", &eve), ("version", &v)],
        )
        .await
        .assert_status(303);
    let floor = owner.get(&desk).await.body;
    let queue = &floor[floor.find("id=\"queue\"").expect("the queue")
        ..floor.find("id=\"arrivals\"").expect("the arrivals")];
    assert!(queue.contains("Eve"), "{queue}");
    let v = version(owner, &desk).await;
    owner
        .post(
            &desk,
            &[("action", "walk_in"), ("account", &eve), ("version", &v)],
        )
        .await
        .assert_status(409)
        .assert_contains("already signed up");
    owner
        .post(
            &desk,
            &[
                ("action", "walk_in"),
                ("account", "999999"),
                ("version", &v),
            ],
        )
        .await
        .assert_status(422);
    // The day and times cannot move while members are signed up for days to come.
    let mut moved = corrected.clone();
    moved[1].1 = ((weekday + 1) % 7).to_string();
    owner
        .post(&format!("{base}/edit"), &pairs(&moved))
        .await
        .assert_status(422)
        .assert_contains("cannot move");
    owner
        .post(&format!("{base}/archive"), &[])
        .await
        .assert_status(303);
    owner
        .get(&list)
        .await
        .assert_contains("No open-play sessions");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_closed_court_cannot_be_booked_and_opens_again() {
    let app = TestApp::start().await;
    let league = League::new(&app, "pickleball", "blocks", 2, 2).await;
    let owner = &league.owner;
    owner
        .post(
            &format!("/clubs/{}/courts/rules", league.slug),
            &pairs(&rules_form("2", "3", "120")),
        )
        .await
        .assert_status(303);
    let ann = join(&app, &league, "Ann").await;
    let date = day(1).format("%Y-%m-%d").to_string();
    let grid = format!("/clubs/{}/courts?date={date}", league.slug);
    let blocks = format!("/clubs/{}/courts/blocks", league.slug);
    let book = format!("/clubs/{}/courts/book", league.slug);
    let sheets = values(&owner.get(&grid).await.body, "sheet");
    let sheet = sheets.first().expect("a court").clone();
    let close = |from: &'static str, to: &'static str, court: String| {
        vec![
            ("date", date.clone()),
            ("sheet", court),
            ("starts_at", from.to_string()),
            ("ends_at", to.to_string()),
            ("reason", "maintenance".to_string()),
            ("note", "new nets".to_string()),
        ]
    };

    // Members cannot close courts; reversed times are refused; nothing is closed.
    ann.person
        .post(&blocks, &pairs(&close("12:00", "14:00", sheet.clone())))
        .await
        .assert_status(403);
    owner
        .post(&blocks, &pairs(&close("14:00", "12:00", sheet.clone())))
        .await
        .assert_status(409)
        .assert_contains("must end after it starts");
    assert_eq!(
        sport_count(&app, "SELECT count(*) AS n FROM court_blocks"),
        0
    );

    // Ann books 16:00; closing every court over her booking is refused.
    ann.person
        .post(
            &book,
            &[
                ("sheet", &sheet),
                ("starts_at", &at(day(1), 16).to_string()),
            ],
        )
        .await
        .assert_status(303);
    owner
        .post(&blocks, &pairs(&close("15:00", "17:00", String::new())))
        .await
        .assert_status(409)
        .assert_contains("Cancel those bookings first");

    // Closing the court 12:00–14:00: the grid says why, booking it is refused.
    owner
        .post(&blocks, &pairs(&close("12:00", "14:00", sheet.clone())))
        .await
        .assert_status(303);
    ann.person.get(&grid).await.assert_contains("Maintenance");
    ann.person
        .post(
            &book,
            &[
                ("sheet", &sheet),
                ("starts_at", &at(day(1), 13).to_string()),
            ],
        )
        .await
        .assert_status(409)
        .assert_contains("That court is closed then");
    let page = owner.get(&grid).await.body;
    assert!(page.contains("new nets"), "the owner sees the note");
    let at_value = page.find("/courts/blocks/").expect("a block") + 15;
    let id = &page[at_value..at_value + page[at_value..].find('/').expect("end")];
    owner
        .post(
            &format!("/clubs/{}/courts/blocks/{id}/remove", league.slug),
            &[],
        )
        .await
        .assert_status(303);
    assert_eq!(
        sport_count(&app, "SELECT count(*) AS n FROM court_blocks"),
        0
    );
    ann.person
        .post(
            &book,
            &[
                ("sheet", &sheet),
                ("starts_at", &at(day(1), 13).to_string()),
            ],
        )
        .await
        .assert_status(303);
}

/// A session with the owner signed up and checked in, and a closed court, in the club at
/// `slug` (for the club data tests: a row in every open-play table and in the blocks).
pub async fn open_play_day(owner: &Person, slug: &str) {
    let list = format!("/clubs/{slug}/open-play");
    let courts = values(&owner.get(&list).await.body, "courts");
    let date = day(2);
    let weekday = chrono::Datelike::weekday(&date).num_days_from_monday();
    let created = owner
        .post(
            &list,
            &pairs(&session_form("Drop-in", weekday, "8", &courts[..1])),
        )
        .await;
    created.assert_status(303);
    let base = created.location.clone().expect("sent to the session");
    let base = base.split('?').next().unwrap_or_default().to_string();
    let date = date.format("%Y-%m-%d").to_string();
    owner
        .post(&format!("{base}/sign-up?date={date}"), &[])
        .await
        .assert_status(303);
    let desk = format!("{base}/desk?date={date}");
    let page = owner.get(&desk).await.body;
    let account = values(&page, "account");
    let v = version(owner, &desk).await;
    owner
        .post(
            &desk,
            &[
                ("action", "check_in"),
                ("account", &account[0]),
                ("version", &v),
            ],
        )
        .await
        .assert_status(303);
    // A slot the owner books for another member, and the owner in its line.
    let grid = owner
        .get(&format!("/clubs/{slug}/courts?date={date}"))
        .await
        .body;
    let options: Vec<String> = grid
        .match_indices("<option value=\"")
        .map(|(i, _)| {
            let rest = &grid[i + 15..];
            rest[..rest.find('"').expect("end")].to_string()
        })
        .collect();
    let other = options
        .iter()
        .find(|v| v.parse::<i64>().is_ok() && **v != account[0])
        .expect("another member")
        .clone();
    let sheet = values(&grid, "sheet")[0].clone();
    let noon = crate::courts::at(day(2), 12).to_string();
    owner
        .post(
            &format!("/clubs/{slug}/courts/book"),
            &[("sheet", &sheet), ("starts_at", &noon), ("for", &other)],
        )
        .await
        .assert_status(303);
    owner
        .post(
            &format!("/clubs/{slug}/courts/waitlist"),
            &[("sheet", &sheet), ("starts_at", &noon)],
        )
        .await
        .assert_status(303);
    owner
        .post(
            &format!("/clubs/{slug}/courts/blocks"),
            &[
                ("date", date.as_str()),
                ("sheet", ""),
                ("starts_at", "20:00"),
                ("ends_at", "21:00"),
                ("reason", "event"),
                ("note", ""),
            ],
        )
        .await
        .assert_status(303);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn open_play_cannot_take_courts_members_have_booked() {
    let app = TestApp::start().await;
    let league = League::new(&app, "pickleball", "clash", 2, 2).await;
    let owner = &league.owner;
    owner
        .post(
            &format!("/clubs/{}/courts/rules", league.slug),
            &pairs(&rules_form("2", "1", "120")),
        )
        .await
        .assert_status(303);
    let list = format!("/clubs/{}/open-play", league.slug);
    let courts = values(&owner.get(&list).await.body, "courts");
    let ann = join(&app, &league, "Ann").await;
    ann.person
        .post(
            &format!("/clubs/{}/courts/book", league.slug),
            &[
                ("sheet", &courts[0]),
                ("starts_at", &at(day(1), 10).to_string()),
            ],
        )
        .await
        .assert_status(303);
    let weekday = chrono::Datelike::weekday(&day(1)).num_days_from_monday();
    owner
        .post(
            &list,
            &pairs(&session_form("Drop-in", weekday, "8", &courts[..1])),
        )
        .await
        .assert_status(422)
        .assert_contains("Members have booked those courts");
    assert_eq!(
        sport_count(&app, "SELECT count(*) AS n FROM open_play_sessions"),
        0
    );
    owner
        .post(
            &list,
            &pairs(&session_form("Drop-in", weekday, "8", &courts[1..])),
        )
        .await
        .assert_status(303);
}
