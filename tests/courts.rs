//! Court booking over HTTP: the rules form and its refusals, booking a slot once under
//! concurrency, every refusal with nothing booked, cancelling before and after the cut-off,
//! and league games holding their sheet.

use chrono::{Duration, NaiveDate};

use crate::season::League;
use crate::spares::join;
use crate::support::{TestApp, count_in, store};

const ZONE: chrono_tz::Tz = chrono_tz::America::Toronto;

pub fn rules_form(days_ahead: &str, per_day: &str, cancel: &str) -> Vec<(&'static str, String)> {
    let mut form = vec![
        ("slot_minutes", "60".to_string()),
        ("days_ahead", days_ahead.to_string()),
        ("opens_at", "00:00".to_string()),
        ("max_active", "3".to_string()),
        ("max_per_day", per_day.to_string()),
        ("cancel_minutes", cancel.to_string()),
    ];
    for day in ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] {
        form.push((
            match day {
                "mon" => "mon_opens",
                "tue" => "tue_opens",
                "wed" => "wed_opens",
                "thu" => "thu_opens",
                "fri" => "fri_opens",
                "sat" => "sat_opens",
                _ => "sun_opens",
            },
            "08:00".into(),
        ));
        form.push((
            match day {
                "mon" => "mon_closes",
                "tue" => "tue_closes",
                "wed" => "wed_closes",
                "thu" => "thu_closes",
                "fri" => "fri_closes",
                "sat" => "sat_closes",
                _ => "sun_closes",
            },
            "22:00".into(),
        ));
    }
    form
}

pub fn pairs<'a>(form: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    form.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

pub fn day(offset: i64) -> NaiveDate {
    clubhouse::clubs::clock::date(ZONE, clubhouse::auth::now()).expect("today")
        + Duration::days(offset)
}

/// The instant of `hour`:00 on `date` in the club's zone.
pub fn at(date: NaiveDate, hour: u32) -> i64 {
    clubhouse::clubs::clock::on(
        ZONE,
        date,
        chrono::NaiveTime::from_hms_opt(hour, 0, 0).expect("time"),
    )
    .first()
    .expect("exists")
}

fn bookings(app: &TestApp) -> i64 {
    count_in(
        store(app, "pickleball.db"),
        "SELECT count(*) AS n FROM court_bookings WHERE status = 'booked'",
    )
}

/// Rules, opening hours and one booking in the club at `slug` (for the club data tests).
pub async fn booked(owner: &crate::support::Person, slug: &str) {
    owner
        .post(
            &format!("/clubs/{slug}/courts/rules"),
            &pairs(&rules_form("2", "1", "120")),
        )
        .await
        .assert_status(303);
    let body = owner
        .get(&format!(
            "/clubs/{slug}/courts?date={}",
            day(1).format("%Y-%m-%d")
        ))
        .await
        .body;
    let at_value = body.find("name=\"sheet\" value=\"").expect("a free slot") + 20;
    let sheet = body[at_value..at_value + body[at_value..].find('"').expect("end")].to_string();
    owner
        .post(
            &format!("/clubs/{slug}/courts/book"),
            &[("sheet", &sheet), ("starts_at", &at(day(1), 9).to_string())],
        )
        .await
        .assert_status(303);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slot_is_booked_once_and_every_refusal_books_nothing() {
    let app = TestApp::start().await;
    let league = League::new(&app, "pickleball", "courts", 2, 2).await;
    let rules = format!("/clubs/{}/courts/rules", league.slug);
    let courts = format!("/clubs/{}/courts", league.slug);
    let book = format!("/clubs/{}/courts/book", league.slug);
    let ann = join(&app, &league, "Ann").await;
    let bob = join(&app, &league, "Bob").await;

    // Before the rules are set, the page says so; members cannot set them.
    ann.person
        .get(&courts)
        .await
        .assert_status(200)
        .assert_contains("not set up");
    ann.person.get(&rules).await.assert_status(403);
    let mut bad = rules_form("99", "1", "120");
    bad[2].1 = "25:00".into();
    league
        .owner
        .post(&rules, &pairs(&bad))
        .await
        .assert_status(422)
        .assert_contains("Enter a time of day");
    league
        .owner
        .post(&rules, &pairs(&rules_form("2", "1", "120")))
        .await
        .assert_status(303);

    // Tomorrow's grid: late in the evening today has no free slot left.
    let tomorrows = format!("{courts}?date={}", day(1).format("%Y-%m-%d"));
    let courts_page = league.owner.get(&tomorrows).await;
    let sheet_a = {
        let body = &courts_page.body;
        let at = body.find("name=\"sheet\" value=\"").expect("a free slot") + 20;
        body[at..at + body[at..].find('"').expect("end")].to_string()
    };
    let tomorrow = day(1);
    let ten = at(tomorrow, 10).to_string();
    let slot = |start: &str| vec![("sheet", sheet_a.clone()), ("starts_at", start.to_string())];

    // Two members tap the same slot at once: one gets it, the other is told and shown the day.
    let same = slot(&ten);
    let fields = pairs(&same);
    let (a, b) = tokio::join!(
        ann.person.post(&book, &fields),
        bob.person.post(&book, &fields)
    );
    let mut codes = [a.status, b.status];
    codes.sort();
    assert_eq!(codes, [303, 409], "{} / {}", a.body, b.body);
    let (winner, lost) = if a.status == 303 {
        (&ann, &b)
    } else {
        (&bob, &a)
    };
    assert!(lost.body.contains("Someone just booked that slot"));
    assert_eq!(bookings(&app), 1);
    // Sending the form twice books once.
    winner
        .person
        .post(&book, &pairs(&slot(&ten)))
        .await
        .assert_status(303);
    assert_eq!(bookings(&app), 1);
    let date = tomorrow.format("%Y-%m-%d").to_string();
    winner
        .person
        .get(&format!("{courts}?date={date}"))
        .await
        .assert_contains("Yours")
        .assert_contains("My bookings");

    // Refusals: nothing booked by any of them.
    let other = if a.status == 303 { &bob } else { &ann };
    for (start, why) in [
        (at(tomorrow, 7).to_string(), "not one of the day"),
        ((at(tomorrow, 10) + 1800).to_string(), "not one of the day"),
        (at(day(-1), 10).to_string(), "already started"),
        (at(day(5), 10).to_string(), "not open yet"),
    ] {
        other
            .person
            .post(&book, &pairs(&slot(&start)))
            .await
            .assert_status(409)
            .assert_contains(why);
    }
    // One booking a day each: the winner's second booking tomorrow is refused.
    winner
        .person
        .post(&book, &pairs(&slot(&at(tomorrow, 12).to_string())))
        .await
        .assert_status(409)
        .assert_contains("that day");
    assert_eq!(bookings(&app), 1);
    winner
        .person
        .post(&book, &[("sheet", "999999"), ("starts_at", &ten)])
        .await
        .assert_status(404);
    winner
        .person
        .post(&book, &[("sheet", "x"), ("starts_at", "y")])
        .await
        .assert_status(422);
    assert_eq!(bookings(&app), 1);

    // A league game on that sheet holds it.
    let draw = league
        .add_draw(&format!("{}T15:00", tomorrow.format("%Y-%m-%d")))
        .await;
    league
        .add_game(&draw, "Sheet A", "Team 1", "Team 2")
        .await
        .assert_status(303);
    other
        .person
        .post(&book, &pairs(&slot(&at(tomorrow, 16).to_string())))
        .await
        .assert_status(409)
        .assert_contains("league game");
    other
        .person
        .get(&format!("{courts}?date={date}"))
        .await
        .assert_contains("League game");

    // Cancelling: someone else's booking is not theirs; the winner's frees the slot.
    let booking: i64 = first_booking(&winner.person.get(&courts).await.body)
        .parse()
        .expect("an id");
    let cancel = format!("/clubs/{}/courts/bookings/{booking}/cancel", league.slug);
    other.person.post(&cancel, &[]).await.assert_status(404);
    winner.person.post(&cancel, &[]).await.assert_status(303);
    assert_eq!(bookings(&app), 0);
    other
        .person
        .post(&book, &pairs(&slot(&ten)))
        .await
        .assert_status(303);
    assert_eq!(bookings(&app), 1);
    // The owner books for Ann (recorded as booked by the owner); a member cannot book for
    // someone else, and nobody books for someone outside the club.
    let ann_id = crate::spares::account_id(&app, &ann.email).await;
    let noon = at(day(1), 12).to_string();
    bob.person
        .post(
            &book,
            &[
                ("sheet", &sheet_a),
                ("starts_at", &noon),
                ("for", &ann_id.to_string()),
            ],
        )
        .await
        .assert_status(403);
    league
        .owner
        .post(
            &book,
            &[("sheet", &sheet_a), ("starts_at", &noon), ("for", "999999")],
        )
        .await
        .assert_status(422);
    league
        .owner
        .get(&format!("{courts}?date={date}"))
        .await
        .assert_contains("Book for a member");
    league
        .owner
        .post(
            &book,
            &[
                ("sheet", &sheet_a),
                ("starts_at", &noon),
                ("for", &ann_id.to_string()),
            ],
        )
        .await
        .assert_status(303);
    assert_eq!(
        count_in(
            store(&app, "pickleball.db"),
            &format!(
                "SELECT count(*) AS n FROM court_bookings WHERE status = 'booked' \
                 AND account_id = {ann_id} AND booked_by <> {ann_id}"
            ),
        ),
        1
    );
    // A visitor from outside the club sees nothing.
    app.person().get(&courts).await.assert_status(303);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn cancelling_closes_at_the_cut_off() {
    let app = TestApp::start().await;
    let league = League::new(&app, "pickleball", "cutoff", 1, 2).await;
    let ann = join(&app, &league, "Ann").await;
    // Cancelling closes a week before: a booking for tomorrow cannot be cancelled.
    league
        .owner
        .post(
            &format!("/clubs/{}/courts/rules", league.slug),
            &pairs(&rules_form("2", "2", "10080")),
        )
        .await
        .assert_status(303);
    // Tomorrow's grid: late in the evening today has no free slot left.
    let courts = format!(
        "/clubs/{}/courts?date={}",
        league.slug,
        day(1).format("%Y-%m-%d")
    );
    let body = league.owner.get(&courts).await.body;
    let at_value = body.find("name=\"sheet\" value=\"").expect("a free slot") + 20;
    let sheet = body[at_value..at_value + body[at_value..].find('"').expect("end")].to_string();
    ann.person
        .post(
            &format!("/clubs/{}/courts/book", league.slug),
            &[("sheet", &sheet), ("starts_at", &at(day(1), 9).to_string())],
        )
        .await
        .assert_status(303);
    let page = ann.person.get(&courts).await;
    assert!(
        !page.body.contains("/cancel\""),
        "no cancel button after the cut-off"
    );
    let id = count_in(
        store(&app, "pickleball.db"),
        "SELECT id AS n FROM court_bookings",
    );
    ann.person
        .post(
            &format!("/clubs/{}/courts/bookings/{id}/cancel", league.slug),
            &[],
        )
        .await
        .assert_status(409)
        .assert_contains("too late");
    assert_eq!(bookings(&app), 1);
    // The booking is in Ann's calendar feed, the same bytes on every fetch.
    let made = ann.person.post("/account/calendar", &[]).await;
    let at_url = made.body.find("id=\"calendar-url\">").expect("the address") + 18;
    let feed_url = made.body[at_url..at_url + made.body[at_url..].find('<').expect("end")]
        .trim_start_matches(&app.url(""))
        .to_string();
    let visitor = app.person();
    let feed = visitor.get(&feed_url).await;
    feed.assert_status(200)
        .assert_contains(&format!("UID:booking-{id}@"))
        .assert_contains("SUMMARY:Book a court or sheet · Sheet A");
    assert_eq!(visitor.get(&feed_url).await.body, feed.body);
    // The club's owner still can.
    league
        .owner
        .post(
            &format!("/clubs/{}/courts/bookings/{id}/cancel", league.slug),
            &[],
        )
        .await
        .assert_status(303);
    assert_eq!(bookings(&app), 0);
    assert!(!visitor.get(&feed_url).await.body.contains("UID:booking-"));
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_freed_slot_is_offered_down_the_waitlist_and_lapses_to_the_next() {
    use crate::mail::outbox_mail;
    use crate::support::wait_until;
    let app = TestApp::start().await;
    let league = League::new(&app, "pickleball", "waitlist", 2, 2).await;
    let book = format!("/clubs/{}/courts/book", league.slug);
    let wait = format!("/clubs/{}/courts/waitlist", league.slug);
    league
        .owner
        .post(
            &format!("/clubs/{}/courts/rules", league.slug),
            &pairs(&rules_form("2", "1", "120")),
        )
        .await
        .assert_status(303);
    let [ann, bob, cat, dan] = [
        join(&app, &league, "Ann").await,
        join(&app, &league, "Bob").await,
        join(&app, &league, "Cat").await,
        join(&app, &league, "Dan").await,
    ];
    let grid = format!(
        "/clubs/{}/courts?date={}",
        league.slug,
        day(1).format("%Y-%m-%d")
    );
    let body = ann.person.get(&grid).await.body;
    let sheet_at = body.find("name=\"sheet\" value=\"").expect("a free slot") + 20;
    let sheet = body[sheet_at..sheet_at + body[sheet_at..].find('"').expect("end")].to_string();
    let ten = at(day(1), 10).to_string();
    let slot = [("sheet", sheet.as_str()), ("starts_at", ten.as_str())];
    let waiting = || {
        count_in(
            store(&app, "pickleball.db"),
            "SELECT count(*) AS n FROM court_waitlist WHERE status IN ('waiting', 'offered')",
        )
    };

    // A free slot is booked, not waited for; Ann books it; she cannot wait for her own.
    bob.person
        .post(&wait, &slot)
        .await
        .assert_status(409)
        .assert_contains("free: book it");
    ann.person.post(&book, &slot).await.assert_status(303);
    ann.person
        .post(&wait, &slot)
        .await
        .assert_status(409)
        .assert_contains("already yours");
    // Bob, then Cat, then Dan wait for it; twice is once.
    for m in [&bob, &cat, &dan, &bob] {
        m.person.post(&wait, &slot).await.assert_status(303);
    }
    assert_eq!(waiting(), 3);
    bob.person
        .get(&grid)
        .await
        .assert_contains("Waitlist: you are number 1");
    cat.person
        .get(&grid)
        .await
        .assert_contains("Waitlist: you are number 2");

    // Ann cancels: the slot is offered to Bob, who is emailed; nobody else may take it.
    let booking: i64 = first_booking(&ann.person.get(&grid).await.body)
        .parse()
        .expect("an id");
    ann.person
        .post(
            &format!("/clubs/{}/courts/bookings/{booking}/cancel", league.slug),
            &[],
        )
        .await
        .assert_status(303);
    wait_until(
        "Bob is offered the slot",
        std::time::Duration::from_secs(15),
        || async {
            outbox_mail(&app)
                .await
                .iter()
                .any(|m| m.0 == bob.email && m.1.starts_with("A court is free for you"))
        },
    )
    .await;
    cat.person
        .post(&book, &slot)
        .await
        .assert_status(409)
        .assert_contains("offered to the next member on its waitlist");
    bob.person
        .get(&grid)
        .await
        .assert_contains("Offered to you until");

    // Bob lets it go: Cat is offered it. Her offer lapses unanswered: Dan's turn.
    bob.person
        .post(&format!("{wait}/leave"), &slot)
        .await
        .assert_status(303);
    wait_until(
        "Cat is offered the slot",
        std::time::Duration::from_secs(15),
        || async {
            outbox_mail(&app)
                .await
                .iter()
                .any(|m| m.0 == cat.email && m.1.starts_with("A court is free for you"))
        },
    )
    .await;
    let later = clubhouse::auth::now() + 31 * 60;
    let lapsed = clubhouse::courts::waitlist::lapse_due(app.dbs(), later)
        .await
        .expect("lapsing");
    assert_eq!(lapsed, 1);
    wait_until(
        "Dan is offered the slot",
        std::time::Duration::from_secs(15),
        || async {
            outbox_mail(&app)
                .await
                .iter()
                .any(|m| m.0 == dan.email && m.1.starts_with("A court is free for you"))
        },
    )
    .await;
    cat.person
        .post(&book, &slot)
        .await
        .assert_status(409)
        .assert_contains("offered to the next member");
    dan.person.post(&book, &slot).await.assert_status(303);
    assert_eq!(waiting(), 0, "the line is done once the slot is booked");
    dan.person.get(&grid).await.assert_contains("Yours");
}

/// The id in the first `/courts/bookings/<id>` link of `body`.
pub fn first_booking(body: &str) -> String {
    let at = body.find("/courts/bookings/").expect("a booking link") + 17;
    body[at..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn partners_and_guests_play_and_the_guest_fee_is_taxed_paid_and_receipted() {
    let app = TestApp::start().await;
    let league = League::new(&app, "pickleball", "guests", 2, 2).await;
    let mut rules = rules_form("2", "1", "120");
    rules.push(("max_players", "4".into()));
    rules.push(("guest_fee", "10".into()));
    league
        .owner
        .post(
            &format!("/clubs/{}/courts/rules", league.slug),
            &pairs(&rules),
        )
        .await
        .assert_status(303);
    let ann = join(&app, &league, "Ann").await;
    let bob = join(&app, &league, "Bob").await;
    let grid = format!(
        "/clubs/{}/courts?date={}",
        league.slug,
        day(1).format("%Y-%m-%d")
    );
    let body = ann.person.get(&grid).await.body;
    let sheet_at = body.find("name=\"sheet\" value=\"").expect("a free slot") + 20;
    let sheet = body[sheet_at..sheet_at + body[sheet_at..].find('"').expect("end")].to_string();
    ann.person
        .post(
            &format!("/clubs/{}/courts/book", league.slug),
            &[
                ("sheet", &sheet),
                ("starts_at", &at(day(1), 10).to_string()),
            ],
        )
        .await
        .assert_status(303);
    let id = first_booking(&ann.person.get(&grid).await.body);
    let page = format!("/clubs/{}/courts/bookings/{id}", league.slug);
    let players = format!("{page}/players");
    let bob_id = bob.id.to_string();

    // Bob and two guests: two guests at $10 and Ontario's 13 % HST.
    ann.person
        .post(
            &players,
            &[
                ("partner", &bob_id),
                ("guest", "Gus Guest"),
                ("guest", "Gwen"),
            ],
        )
        .await
        .assert_status(303);
    ann.person
        .get(&page)
        .await
        .assert_contains("Bob")
        .assert_contains("Gus Guest")
        .assert_contains("$22.60")
        .assert_contains("Guest fee not paid yet");
    ann.person
        .get(&format!("{page}/receipt"))
        .await
        .assert_status(200)
        .assert_contains("$2.60");
    // Refusals change nothing: five players, a partner from outside the club, a partner twice.
    for (fields, why) in [
        (
            vec![
                ("partner", bob_id.as_str()),
                ("guest", "A"),
                ("guest", "B"),
                ("guest", "C"),
            ],
            "More players than the club allows",
        ),
        (vec![("partner", "999999")], "Choose one of the options"),
        (
            vec![("partner", bob_id.as_str()), ("partner", bob_id.as_str())],
            "Each partner once",
        ),
    ] {
        ann.person
            .post(&players, &fields)
            .await
            .assert_status(422)
            .assert_contains(why);
    }
    ann.person.get(&page).await.assert_contains("$22.60");
    // Someone else's booking is not theirs to see or change.
    bob.person.get(&page).await.assert_status(404);
    bob.person
        .post(&players, &[("guest", "X")])
        .await
        .assert_status(404);
    // The owner records the payment; saving the same players keeps it paid.
    ann.person
        .post(&format!("{page}/paid"), &[("paid", "1")])
        .await
        .assert_status(403);
    league
        .owner
        .post(&format!("{page}/paid"), &[("paid", "1")])
        .await
        .assert_status(303);
    ann.person
        .post(
            &players,
            &[
                ("partner", &bob_id),
                ("guest", "Gus Guest"),
                ("guest", "Gwen"),
            ],
        )
        .await
        .assert_status(303);
    ann.person
        .get(&page)
        .await
        .assert_contains("Guest fee paid");
    // Without guests there is nothing to pay and no receipt.
    ann.person
        .post(&players, &[("partner", &bob_id)])
        .await
        .assert_status(303);
    ann.person
        .get(&format!("{page}/receipt"))
        .await
        .assert_status(404);
}
