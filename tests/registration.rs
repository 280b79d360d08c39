//! Registration over HTTP: programs and their refusals, capacity and the waitlist, promotion
//! on cancel, idempotent submits, taxes on receipts, the admin's list and CSV, live counts,
//! and a 200-client rush for 20 spots.

use std::time::Duration;

use chrono::TimeZone;
use clubhouse::db::tenant::OrgScope;
use clubhouse::db::{DbError, OrgId};
use clubhouse::registration::{self, Filter, Listed, Status};
use clubhouse::sports::Sport;

use crate::live::{Stream, live_url};
use crate::mail::wait_for_mail;
use crate::support::{Page, Person, TestApp, hidden_value};

/// A wall-clock time at a club in Ontario, as a `datetime-local` field takes it.
pub fn local(at: i64) -> String {
    chrono_tz::America::Toronto
        .timestamp_opt(at, 0)
        .single()
        .expect("a time")
        .format("%Y-%m-%dT%H:%M:%S")
        .to_string()
}

pub fn now() -> i64 {
    clubhouse::auth::now()
}

pub struct Club {
    pub owner: Person,
    pub slug: String,
    pub org: OrgId,
}

/// A curling club in `region`, owned by a new account.
pub async fn club(app: &TestApp, slug: &str, region: &str) -> Club {
    let owner = app
        .signed_up("Olive Owner", &format!("owner@{slug}.example"))
        .await;
    owner
        .post(
            "/clubs",
            &[
                ("name", "Rink"),
                ("slug", slug),
                ("sport", "curling"),
                ("region", region),
            ],
        )
        .await
        .assert_redirect(&format!("/clubs/{slug}"));
    let org = crate::support::org_of(app, slug).await;
    Club {
        owner,
        slug: slug.to_string(),
        org,
    }
}

/// The fields of a program form: open now for a day, anyone with an account.
pub fn program_form(name: &str, capacity: &str, fee: &str) -> Vec<(String, String)> {
    [
        ("name", name),
        ("season", "2026–27"),
        ("kind", "league"),
        ("capacity", capacity),
        ("fee", fee),
        ("opens_at", &local(now() - 60)),
        ("closes_at", &local(now() + 86_400)),
        ("who", "accounts"),
        ("description", ""),
    ]
    .iter()
    .map(|(k, v)| (k.to_string(), v.to_string()))
    .collect()
}

fn pairs(fields: &[(String, String)]) -> Vec<(&str, &str)> {
    fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect()
}

fn with(mut fields: Vec<(String, String)>, key: &str, value: &str) -> Vec<(String, String)> {
    for field in fields.iter_mut() {
        if field.0 == key {
            field.1 = value.to_string();
        }
    }
    fields
}

/// The number at the end of a redirect.
fn id_in(location: Option<&str>) -> i64 {
    location
        .and_then(|l| l.rsplit('/').next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no id in {location:?}"))
}

impl Club {
    pub async fn program(&self, fields: &[(String, String)]) -> i64 {
        let created = self
            .owner
            .post(&format!("/clubs/{}/programs", self.slug), &pairs(fields))
            .await;
        assert_eq!(created.status, 303, "{}", created.body);
        id_in(created.location.as_deref())
    }

    pub fn program_path(&self, program: i64) -> String {
        format!("/clubs/{}/programs/{program}", self.slug)
    }

    /// Registers the person's own (first) profile, as the program page's form does.
    pub async fn register(&self, person: &Person, program: i64) -> Page {
        let page = person.get(&self.program_path(program)).await;
        let profile = hidden_value(&page.body, "profile")
            .unwrap_or_else(|| panic!("a profile to register on {}", page.body));
        person
            .post(
                &format!("{}/register", self.program_path(program)),
                &[("profile", &profile)],
            )
            .await
    }

    pub async fn act(&self, person: &Person, registration: i64, action: &str) -> Page {
        person
            .post(
                &format!("/clubs/{}/registrations/{registration}/{action}", self.slug),
                &[],
            )
            .await
    }

    pub async fn rows(&self, app: &TestApp) -> Vec<Listed> {
        let scope = OrgScope::new(self.org);
        app.dbs()
            .sport(Sport::Curling)
            .expect("curling file")
            .read(move |conn| {
                registration::filtered(conn, &scope, &Filter::default()).map_err(DbError::from)
            })
            .await
            .expect("registrations")
    }

    pub async fn program_count(&self, app: &TestApp) -> usize {
        let scope = OrgScope::new(self.org);
        app.dbs()
            .sport(Sport::Curling)
            .expect("curling file")
            .read(move |conn| registration::list(conn, &scope).map_err(DbError::from))
            .await
            .expect("programs")
            .len()
    }
}

/// (player, status, waitlist position) of every registration that counts.
fn standing(rows: &[Listed]) -> Vec<(String, Status, Option<i64>)> {
    rows.iter()
        .filter(|l| l.registration.status != Status::Cancelled)
        .map(|l| {
            (
                l.registration.player_name.clone(),
                l.registration.status,
                l.waitlist_position,
            )
        })
        .collect()
}

pub fn id_of(rows: &[Listed], player: &str) -> i64 {
    rows.iter()
        .find(|l| {
            l.registration.player_name == player && l.registration.status != Status::Cancelled
        })
        .unwrap_or_else(|| panic!("{player} is registered"))
        .registration
        .id
}

pub async fn people(app: &TestApp, names: &[&str]) -> Vec<Person> {
    let mut out = Vec::new();
    for name in names {
        out.push(
            app.signed_up(name, &format!("{}@example.com", name.to_lowercase()))
                .await,
        );
    }
    out
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_program_is_set_up_and_bad_programs_are_refused() {
    let app = TestApp::start().await;
    let c = club(&app, "rideau", "CA-ON").await;
    let id = c
        .program(&program_form("Tuesday League", "16", "150"))
        .await;
    c.owner
        .get(&c.program_path(id))
        .await
        .assert_status(200)
        .assert_contains("Tuesday League")
        .assert_contains("16 of 16 spots left")
        .assert_contains("$150.00")
        .assert_contains("HST (13\u{a0}%)")
        .assert_contains("$19.50")
        .assert_contains("$169.50");

    let base = program_form("Bad", "16", "150");
    let path = format!("/clubs/{}/programs", c.slug);
    for (field, value, message) in [
        ("fee", "-5", "cannot be negative"),
        ("fee", "250000", "too large"),
        ("fee", "lots", "Enter an amount in dollars"),
        ("capacity", "0", "whole number of spots"),
        ("capacity", "-2", "whole number of spots"),
        (
            "closes_at",
            &local(now() - 3600),
            "must close after it opens",
        ),
        ("opens_at", "soon", "Enter a date and time"),
        ("kind", "party", ""),
        ("name", "", ""),
    ] {
        let refused = c
            .owner
            .post(&path, &pairs(&with(base.clone(), field, value)))
            .await;
        assert_eq!(refused.status, 422, "{field}={value}");
        assert!(refused.body.contains(message), "{field}: {message}");
    }
    assert_eq!(c.program_count(&app).await, 1, "nothing was written");

    // A member may not create programs; an outsider does not see the club's admin at all.
    let link = c.owner.invite(&c.slug, "member").await;
    let member = app.signed_up("Mo Member", "mo@example.com").await;
    member.get(&link).await;
    member.post(&link, &[]).await;
    member.post(&path, &pairs(&base)).await.assert_status(403);
    let outsider = app.signed_up("Otto", "otto@example.com").await;
    outsider.post(&path, &pairs(&base)).await.assert_status(404);
    outsider
        .get(&format!("{}/manage", c.program_path(id)))
        .await
        .assert_status(404);
    assert_eq!(c.program_count(&app).await, 1);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_full_program_waitlists_and_a_cancellation_promotes_the_first_in_line() {
    let app = TestApp::start().await;
    let c = club(&app, "rideau", "CA-ON").await;
    let id = c.program(&program_form("Clinic", "2", "100")).await;
    let p = people(&app, &["Ada", "Bob", "Cy", "Di"]).await;
    for person in &p {
        c.register(person, id)
            .await
            .assert_redirect("/clubs/rideau/my-registrations");
    }
    let rows = c.rows(&app).await;
    assert_eq!(
        standing(&rows),
        vec![
            ("Ada".into(), Status::Confirmed, None),
            ("Bob".into(), Status::Confirmed, None),
            ("Cy".into(), Status::Waitlisted, Some(1)),
            ("Di".into(), Status::Waitlisted, Some(2)),
        ]
    );
    p[3].get("/clubs/rideau/my-registrations")
        .await
        .assert_contains("Di is number 2 on the waitlist")
        .assert_contains("Waitlisted #2");
    c.owner
        .get(&c.program_path(id))
        .await
        .assert_contains("Full (2 spots) · 2 on the waitlist");

    // Someone else's registration cannot be cancelled by Bob.
    let ada = id_of(&rows, "Ada");
    c.act(&p[1], ada, "cancel").await.assert_status(404);
    assert_eq!(standing(&c.rows(&app).await), standing(&rows));

    // Ada cancels: Cy, first in line, gets her spot and an email; Di moves up.
    c.act(&p[0], ada, "cancel").await.assert_status(303);
    let after = c.rows(&app).await;
    assert_eq!(
        standing(&after),
        vec![
            ("Bob".into(), Status::Confirmed, None),
            ("Cy".into(), Status::Confirmed, None),
            ("Di".into(), Status::Waitlisted, Some(1)),
        ]
    );
    // Cancelling again changes nothing.
    c.act(&p[0], ada, "cancel").await.assert_status(303);
    assert_eq!(standing(&c.rows(&app).await), standing(&after));

    let mail = wait_for_mail(&app, 5).await;
    let promoted: Vec<_> = mail
        .iter()
        .filter(|(to, subject, _, _)| to == "cy@example.com" && subject.contains("A spot opened"))
        .collect();
    assert_eq!(promoted.len(), 1, "{mail:?}");
    assert!(promoted[0].3.contains("Cy now has it"), "{}", promoted[0].3);
    assert!(promoted[0].3.contains("/clubs/rideau/my-registrations"));
    assert!(
        mail.iter()
            .any(|(to, subject, _, _)| to == "di@example.com" && subject.contains("waitlist")),
        "{mail:?}"
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_profile_is_registered_once_however_often_the_form_is_sent() {
    let app = TestApp::start().await;
    let c = club(&app, "rideau", "CA-ON").await;
    let id = c.program(&program_form("League", "10", "100")).await;
    let parent = app.signed_up("Pat Parent", "pat@example.com").await;
    parent
        .post(
            "/account/profiles",
            &[("name", "Kim Kid"), ("birth_year", "2015")],
        )
        .await
        .assert_status(303);
    let page = parent.get(&c.program_path(id)).await;
    let profiles: Vec<String> = page
        .body
        .match_indices(r#"name="profile" value=""#)
        .map(|(i, m)| {
            let rest = &page.body[i + m.len()..];
            rest[..rest.find('"').expect("end")].to_string()
        })
        .collect();
    assert_eq!(profiles.len(), 2, "the parent and the child");
    let path = format!("{}/register", c.program_path(id));
    let token = parent.csrf().await;
    // Nobody ticked: back to the program's form, which says so; nothing is written.
    parent
        .post_raw(&path, &[("_csrf", &token)])
        .await
        .assert_redirect(&c.program_path(id));
    parent
        .get(&c.program_path(id))
        .await
        .assert_contains("Choose who is registering.")
        .assert_contains(r#"name="profile""#);
    assert!(c.rows(&app).await.is_empty());
    let token = parent.csrf().await;
    let form: Vec<(&str, &str)> = vec![
        ("_csrf", &token),
        ("profile", &profiles[0]),
        ("profile", &profiles[1]),
    ];
    // A double click, a retry and a second tab, all at once.
    let sends = (0..8).map(|_| parent.post_raw(&path, &form));
    for sent in futures_util::future::join_all(sends).await {
        assert_eq!(sent.status, 303, "{}", sent.body);
    }
    parent.post_raw(&path, &form).await.assert_status(303);
    parent
        .get("/clubs/rideau/my-registrations")
        .await
        .assert_contains("Kim Kid was already registered (Confirmed)");
    let rows = c.rows(&app).await;
    assert_eq!(rows.len(), 2, "one registration per profile");
    let mut players: Vec<_> = rows
        .iter()
        .map(|l| l.registration.player_name.clone())
        .collect();
    players.sort();
    assert_eq!(players, ["Kim Kid", "Pat Parent"]);

    // After a cancellation the profile may register again: a new registration.
    let kim = id_of(&rows, "Kim Kid");
    c.act(&parent, kim, "cancel").await.assert_status(303);
    let token = parent.csrf().await;
    parent
        .post_raw(&path, &[("_csrf", &token), ("profile", &profiles[1])])
        .await
        .assert_status(303);
    let rows = c.rows(&app).await;
    assert_eq!(rows.len(), 3);
    assert_eq!(
        rows.iter()
            .filter(|l| l.registration.status == Status::Confirmed)
            .count(),
        2
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registrations_outside_the_rules_are_refused_and_write_nothing() {
    let app = TestApp::start().await;
    let c = club(&app, "rideau", "CA-ON").await;
    let base = program_form("League", "10", "100");
    let later = c
        .program(&with(base.clone(), "opens_at", &local(now() + 3600)))
        .await;
    let closed = c
        .program(&with(
            with(base.clone(), "opens_at", &local(now() - 7200)),
            "closes_at",
            &local(now() - 3600),
        ))
        .await;
    let members = c.program(&with(base.clone(), "who", "members")).await;
    let open = c.program(&base).await;
    let other = club(&app, "elsewhere", "CA-ON").await;
    let theirs = other.program(&base).await;

    let eve = app.signed_up("Eve", "eve@example.com").await;
    let mallory = app.signed_up("Mallory", "mallory@example.com").await;
    let page = eve.get(&c.program_path(later)).await;
    assert!(page.body.contains("data-opens-at="), "a countdown");
    assert!(page.body.contains("disabled"), "the button waits");
    let eves = hidden_value(&page.body, "profile").expect("Eve's profile");
    let register = |program: i64| format!("{}/register", c.program_path(program));

    eve.post(&register(later), &[("profile", &eves)])
        .await
        .assert_status(409)
        .assert_contains("has not opened yet");
    eve.post(&register(closed), &[("profile", &eves)])
        .await
        .assert_status(409)
        .assert_contains("is closed");
    eve.post(&register(members), &[("profile", &eves)])
        .await
        .assert_status(409)
        .assert_contains("members only");
    eve.get(&c.program_path(members))
        .await
        .assert_contains("for the club’s members only");
    // Mallory tries to register Eve's profile.
    mallory
        .post(&register(open), &[("profile", &eves)])
        .await
        .assert_status(409)
        .assert_contains("only your own profiles");
    // Nobody ticked: the form again, with the message (see the next test).
    eve.post(&register(open), &[])
        .await
        .assert_redirect(&c.program_path(open));
    eve.post(&register(open), &[("profile", "x")])
        .await
        .assert_status(409);
    // Another club's program through this club's address does not exist.
    eve.post(&register(theirs), &[("profile", &eves)])
        .await
        .assert_status(404);
    // Signed out: sign in first.
    let stranger = app.person();
    stranger
        .get(&c.program_path(open))
        .await
        .assert_contains("Sign in to register");
    let sent = stranger.post(&register(open), &[("profile", &eves)]).await;
    assert_eq!(sent.status, 303);
    assert!(
        sent.location
            .as_deref()
            .unwrap_or("")
            .starts_with("/sign-in")
    );

    assert!(c.rows(&app).await.is_empty(), "nothing was written");
    assert!(other.rows(&app).await.is_empty());
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn receipts_carry_the_clubs_provincial_taxes_and_us_clubs_set_their_own() {
    let app = TestApp::start().await;
    let quebec = club(&app, "quebec", "CA-QC").await;
    let id = quebec.program(&program_form("Ligue", "", "150")).await;
    let ana = app.signed_up("Ana", "ana@example.com").await;
    quebec.register(&ana, id).await.assert_status(303);
    let rows = quebec.rows(&app).await;
    let r = &rows[0].registration;
    assert_eq!(
        (r.fee, r.taxes.clone(), r.total),
        (
            15_000,
            vec![("GST".into(), 5000, 750), ("QST".into(), 9975, 1496)],
            17_246
        )
    );
    let receipt = format!("/clubs/quebec/registrations/{}/receipt", r.id);
    let stranger = app.signed_up("Sam", "sam@example.com").await;
    stranger.get(&receipt).await.assert_status(404);
    ana.get(&receipt)
        .await
        .assert_status(200)
        .assert_contains("Receipt #")
        .assert_contains("Rink")
        .assert_contains("Quebec")
        .assert_contains("GST (5\u{a0}%)")
        .assert_contains("$7.50")
        .assert_contains("QST (9.975\u{a0}%)")
        .assert_contains("$14.96")
        .assert_contains("$172.46")
        .assert_contains("data-print");
    quebec.owner.get(&receipt).await.assert_status(200);
    // The club's address and tax registration number go on its receipts.
    let details = "/clubs/quebec/receipt-details";
    quebec
        .owner
        .post(details, &[("address", ""), ("tax_number", "12345<b>")])
        .await
        .assert_status(422)
        .assert_contains("letters, digits, spaces and dashes");
    stranger
        .post(details, &[("address", "x"), ("tax_number", "")])
        .await
        .assert_status(404);
    quebec
        .owner
        .post(
            details,
            &[
                ("address", "1 rue du Curling\r\nQuébec QC  G1R 1A1"),
                ("tax_number", "123456789 RT0001"),
            ],
        )
        .await
        .assert_redirect("/clubs/quebec/programs");
    ana.get(&receipt)
        .await
        .assert_contains("1 rue du Curling<br>Québec QC  G1R 1A1<br>")
        .assert_contains("Tax registration no. 123456789 RT0001");
    // In French: the taxes' French names and dollars as French writes them.
    ana.get(&format!("/fr{receipt}"))
        .await
        .assert_contains("Reçu #")
        .assert_contains("TPS (5\u{a0}%)")
        .assert_contains("7,50\u{a0}$")
        .assert_contains("TVQ (9,975\u{a0}%)")
        .assert_contains("172,46\u{a0}$");

    // A Canadian club's taxes are its province's: it cannot set its own.
    quebec
        .owner
        .get("/clubs/quebec/programs")
        .await
        .assert_contains("Quebec’s rates")
        .assert_contains("QST · 9.975\u{a0}%");
    quebec
        .owner
        .post(
            "/clubs/quebec/taxes",
            &[("tax_name", "Extra"), ("tax_rate", "1")],
        )
        .await
        .assert_status(409)
        .assert_contains("follow its province’s rates");

    // A US club charges no tax until it sets one; then new registrations carry it.
    let vermont = club(&app, "vermont", "US-VT").await;
    let id = vermont.program(&program_form("League", "", "150")).await;
    vermont.register(&ana, id).await.assert_status(303);
    let r = vermont.rows(&app).await[0].registration.clone();
    assert_eq!((r.taxes.len(), r.total), (0, 15_000));
    let taxes = "/clubs/vermont/taxes";
    for (name, rate, message) in [
        ("Sales tax", "0", "above 0 and below 100"),
        ("Sales tax", "120", "above 0 and below 100"),
        ("Sales tax", "6.2575", "at most three decimals"),
        ("", "6", "required"),
    ] {
        vermont
            .owner
            .post(taxes, &[("tax_name", name), ("tax_rate", rate)])
            .await
            .assert_status(422)
            .assert_contains(message);
    }
    vermont
        .owner
        .post(taxes, &[("tax_name", "Sales tax"), ("tax_rate", "6")])
        .await
        .assert_redirect("/clubs/vermont/programs");
    vermont
        .owner
        .post(taxes, &[("tax_name", "sales TAX"), ("tax_rate", "7")])
        .await
        .assert_status(422)
        .assert_contains("already has a tax with that name");
    stranger
        .post(taxes, &[("tax_name", "Mine"), ("tax_rate", "7")])
        .await
        .assert_status(404);
    vermont
        .owner
        .get(&vermont.program_path(id))
        .await
        .assert_contains("Sales tax (6\u{a0}%)")
        .assert_contains("$159.00");
    let bo = app.signed_up("Bo", "bo@example.com").await;
    vermont.register(&bo, id).await.assert_status(303);
    let rows = vermont.rows(&app).await;
    let totals: Vec<i64> = rows.iter().map(|l| l.registration.total).collect();
    assert_eq!(
        totals,
        [15_000, 15_900],
        "the first keeps the price it was sold at"
    );
    vermont
        .owner
        .post("/clubs/vermont/taxes/remove", &[("tax_name", "Sales tax")])
        .await
        .assert_redirect("/clubs/vermont/programs");
    vermont
        .owner
        .get("/clubs/vermont/programs")
        .await
        .assert_contains("No sales tax is added");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admins_reorder_promote_and_resize_the_waitlist() {
    let app = TestApp::start().await;
    let c = club(&app, "rideau", "CA-ON").await;
    let form = program_form("Clinic", "1", "100");
    let id = c.program(&form).await;
    let p = people(&app, &["Ada", "Bob", "Cy"]).await;
    for person in &p {
        c.register(person, id).await.assert_status(303);
    }
    let rows = c.rows(&app).await;
    let (bob, cy) = (id_of(&rows, "Bob"), id_of(&rows, "Cy"));
    // Cy moves ahead of Bob.
    c.act(&c.owner, cy, "up").await.assert_status(303);
    assert_eq!(
        standing(&c.rows(&app).await)[1..],
        [
            ("Cy".into(), Status::Waitlisted, Some(1)),
            ("Bob".into(), Status::Waitlisted, Some(2)),
        ]
    );
    // A waitlisted registrant cannot reorder the line.
    c.act(&p[1], bob, "up").await.assert_status(404);
    // The admin takes Bob out of turn: the program grows by one spot, nobody is bumped.
    c.act(&c.owner, bob, "promote").await.assert_status(303);
    let after = c.rows(&app).await;
    assert_eq!(
        standing(&after),
        vec![
            ("Ada".into(), Status::Confirmed, None),
            ("Bob".into(), Status::Confirmed, None),
            ("Cy".into(), Status::Waitlisted, Some(1)),
        ]
    );
    c.owner
        .get(&c.program_path(id))
        .await
        .assert_contains("Full (2 spots) · 1 on the waitlist");
    c.act(&c.owner, bob, "promote")
        .await
        .assert_status(409)
        .assert_contains("not on the waitlist");

    // Capacity below the confirmed count is refused; raising it promotes Cy.
    let manage = format!("{}/manage", c.program_path(id));
    c.owner
        .post(&manage, &pairs(&with(form.clone(), "capacity", "1")))
        .await
        .assert_status(422)
        .assert_contains("already confirmed");
    assert_eq!(standing(&c.rows(&app).await), standing(&after));
    c.owner
        .post(&manage, &pairs(&with(form.clone(), "capacity", "5")))
        .await
        .assert_status(303);
    assert!(
        standing(&c.rows(&app).await)
            .iter()
            .all(|(_, status, _)| *status == Status::Confirmed)
    );
    // An admin removes someone from the program.
    c.act(&c.owner, cy, "cancel").await.assert_status(303);
    assert_eq!(standing(&c.rows(&app).await).len(), 2);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_admin_list_filters_records_payment_and_exports_csv() {
    let app = TestApp::start().await;
    let c = club(&app, "rideau", "CA-ON").await;
    let id = c.program(&program_form("League", "1", "150")).await;
    let p = [
        app.signed_up("Zoë, the \"Ace\"", "zoe@example.com").await,
        app.signed_up("=HYPERLINK(\"http://evil.example\")", "x@example.com")
            .await,
    ];
    for person in &p {
        c.register(person, id).await.assert_status(303);
    }
    let zoe = c.rows(&app).await[0].registration.id;
    let payment = format!("/clubs/rideau/registrations/{zoe}/payment");
    for (amount, message) in [
        ("-5", "cannot be negative"),
        ("500", "more than the registration’s total"),
        ("abc", "Enter an amount"),
    ] {
        c.owner
            .post(
                &payment,
                &[("status", "paid"), ("amount", amount), ("note", "")],
            )
            .await
            .assert_status(409)
            .assert_contains(message);
    }
    c.owner
        .post(
            &payment,
            &[("status", "owed"), ("amount", "1"), ("note", "")],
        )
        .await
        .assert_status(409);
    assert_eq!(
        c.rows(&app).await[0].registration.paid_amount,
        0,
        "nothing written"
    );
    // Members cannot record payments.
    p[0].post(
        &payment,
        &[("status", "paid"), ("amount", "1"), ("note", "")],
    )
    .await
    .assert_status(404);
    c.owner
        .post(
            &payment,
            &[
                ("status", "paid"),
                ("amount", "169.50"),
                ("note", "e-transfer"),
            ],
        )
        .await
        .assert_status(303);

    let owner = &c.owner;
    let list = |query: &str| {
        let path = format!("/clubs/rideau/registrations?{query}");
        async move { owner.get(&path).await }
    };
    list("paid=paid")
        .await
        .assert_contains(">1 registration<")
        .assert_contains("e-transfer")
        .assert_contains("Zoë");
    list("status=waitlisted")
        .await
        .assert_contains(">1 registration<")
        .assert_contains("HYPERLINK");
    list(&format!("program={id}&status=cancelled"))
        .await
        .assert_contains("0 registrations");
    list("").await.assert_contains("2 registrations");
    p[0].get("/clubs/rideau/registrations")
        .await
        .assert_status(404);

    let csv = c.owner.get("/clubs/rideau/registrations.csv").await;
    csv.assert_status(200);
    assert!(
        csv.headers
            .get("content-type")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/csv"))
    );
    assert!(csv.body.starts_with('\u{feff}'), "a BOM for spreadsheets");
    let lines: Vec<&str> = csv.body.trim_start_matches('\u{feff}').lines().collect();
    assert_eq!(lines.len(), 3, "{}", csv.body);
    assert!(lines[0].starts_with("Registration,Program,Player,Email,Status"));
    assert!(lines[1].contains(r#","Zoë, the ""Ace""","#), "{}", lines[1]);
    assert!(
        lines[1].contains(",169.50,Paid,169.50,e-transfer,"),
        "{}",
        lines[1]
    );
    assert!(
        lines[2].contains(r#","'=HYPERLINK(""http://evil.example"")","#),
        "a formula stays text: {}",
        lines[2]
    );
    assert!(lines[2].contains(",Waitlisted,1,"), "{}", lines[2]);
    // Filters apply to the export too.
    let paid = c
        .owner
        .get("/clubs/rideau/registrations.csv?paid=paid")
        .await;
    assert_eq!(paid.body.lines().count(), 2);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn spots_left_and_the_admins_list_update_live() {
    let app = TestApp::start().await;
    let c = club(&app, "rideau", "CA-ON").await;
    let id = c.program(&program_form("League", "20", "100")).await;
    let viewer = app.person();
    let page = viewer.get(&c.program_path(id)).await;
    page.assert_contains("20 of 20 spots left");
    let client = reqwest::Client::new();
    let mut spots = Stream::open(&client, &app.url(&live_url(&page.body)), None).await;

    let admin_page = c.owner.get("/clubs/rideau/registrations").await;
    let admin_url = app.url(&live_url(&admin_page.body));
    // The admins' topic is theirs alone.
    let member = app.signed_up("Ada", "ada@example.com").await;
    let refused = reqwest::Client::new()
        .get(&admin_url)
        .send()
        .await
        .expect("send");
    assert_eq!(refused.status().as_u16(), 404);
    let mut admin = Stream::open(&c.owner.client, &admin_url, None).await;

    c.register(&member, id).await.assert_status(303);
    let update = spots.until("spots", Duration::from_secs(10)).await;
    assert!(
        update.data.contains("19 of 20 spots left"),
        "{}",
        update.data
    );
    let signal = admin.until("registrations", Duration::from_secs(10)).await;
    assert_eq!(signal.data, id.to_string());
    // The list the signal makes the page fetch has the new registration.
    let fragment = c.owner.get_htmx("/clubs/rideau/registrations").await;
    fragment
        .assert_contains(">1 registration<")
        .assert_contains("Ada");
    assert!(!fragment.body.contains("<html"), "just the list");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_rush_of_200_clients_for_20_spots_never_oversells() {
    let app = TestApp::start().await;
    let c = club(&app, "rideau", "CA-ON").await;
    let id = c.program(&program_form("Opening Night", "20", "150")).await;
    let path = format!("{}/register", c.program_path(id));
    // 200 members, signed in and on the program page, before the rush.
    let mut ready = Vec::new();
    for batch in (0..200).collect::<Vec<_>>().chunks(10) {
        let signups = batch.iter().map(|i| {
            let app = &app;
            let path = c.program_path(id);
            async move {
                let person = app
                    .signed_up(&format!("Player {i:03}"), &format!("p{i}@example.com"))
                    .await;
                let page = person.get(&path).await;
                let profile = hidden_value(&page.body, "profile").expect("profile");
                let token = person.csrf().await;
                (person, profile, token)
            }
        });
        ready.extend(futures_util::future::join_all(signups).await);
    }
    let sends = ready.iter().map(|(person, profile, token)| {
        let path = &path;
        async move {
            person
                .post_raw(path, &[("_csrf", token), ("profile", profile)])
                .await
        }
    });
    let answers = futures_util::future::join_all(sends).await;
    let statuses: Vec<u16> = answers.iter().map(|a| a.status).collect();
    assert!(
        statuses.iter().all(|s| *s == 303),
        "every request answered: {statuses:?}"
    );

    let rows = c.rows(&app).await;
    assert_eq!(rows.len(), 200, "nothing lost, nothing doubled");
    let confirmed: Vec<_> = rows
        .iter()
        .filter(|l| l.registration.status == Status::Confirmed)
        .collect();
    let waiting: Vec<_> = rows
        .iter()
        .filter(|l| l.registration.status == Status::Waitlisted)
        .collect();
    assert_eq!(confirmed.len(), 20, "never oversold");
    assert_eq!(waiting.len(), 180);
    // The line is 1..=180 without gaps, in the order the registrations were accepted, and
    // every confirmed registration was accepted before every waitlisted one.
    let positions: Vec<i64> = waiting.iter().filter_map(|l| l.waitlist_position).collect();
    assert_eq!(positions, (1..=180).collect::<Vec<_>>());
    let order: Vec<(i64, i64)> = waiting
        .iter()
        .map(|l| (l.registration.created_at, l.registration.id))
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "line in the order the registrations were accepted: {order:?}"
    );
    let last_confirmed = confirmed
        .iter()
        .map(|l| (l.registration.created_at, l.registration.id))
        .max()
        .expect("confirmed");
    assert!(last_confirmed < order[0]);
    c.owner
        .get(&c.program_path(id))
        .await
        .assert_contains("Full (20 spots) · 180 on the waitlist");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn registrations_acknowledged_before_a_kill_9_are_all_there_after_restart() {
    use crate::support::{kill_9, serve_process};
    let dir = tempfile::tempdir().expect("temp dir");
    // No workers: the emails stay in the outbox until after the kill.
    let (mut child, base) = serve_process(&dir.path().join("db")).await;
    let owner = Person::at(&base);
    owner
        .sign_up_confirmed("Olive", "olive@example.com", "a long enough passphrase")
        .await
        .assert_redirect("/clubs");
    owner
        .post(
            "/clubs",
            &[
                ("name", "Rink"),
                ("slug", "rideau"),
                ("sport", "curling"),
                ("region", "CA-ON"),
            ],
        )
        .await
        .assert_redirect("/clubs/rideau");
    let created = owner
        .post(
            "/clubs/rideau/programs",
            &pairs(&program_form("League", "5", "100")),
        )
        .await;
    let program = id_in(created.location.as_deref());
    let path = format!("/clubs/rideau/programs/{program}");
    let mut ready = Vec::new();
    for i in 0..10 {
        let person = Person::at(&base);
        person
            .sign_up_confirmed(
                &format!("Player {i}"),
                &format!("p{i}@example.com"),
                "a long enough passphrase",
            )
            .await
            .assert_redirect("/clubs");
        let profile = hidden_value(&person.get(&path).await.body, "profile").expect("profile");
        ready.push((person, profile));
    }
    let register = format!("{path}/register");
    let sends = ready.iter().map(|(person, profile)| {
        let register = &register;
        async move { person.post(register, &[("profile", profile)]).await }
    });
    for answer in futures_util::future::join_all(sends).await {
        answer.assert_status(303);
    }
    // Every registration was acknowledged; the server dies at once.
    kill_9(&mut child);

    let app = TestApp::start_in(dir).await;
    let org = app
        .dbs()
        .shared
        .read(|conn| clubhouse::clubs::by_slug(conn, "rideau").map_err(DbError::from))
        .await
        .expect("read")
        .expect("club")
        .id;
    let c = Club {
        owner: app.person(),
        slug: "rideau".into(),
        org,
    };
    let rows = c.rows(&app).await;
    assert_eq!(rows.len(), 10, "every acknowledged registration survived");
    let statuses: Vec<(Status, Option<i64>)> = rows
        .iter()
        .map(|l| (l.registration.status, l.waitlist_position))
        .collect();
    let mut expected = vec![(Status::Confirmed, None); 5];
    expected.extend((1..=5).map(|n| (Status::Waitlisted, Some(n))));
    assert_eq!(statuses, expected);
    // And the emails they caused, written in the same transactions, go out after restart.
    let mail = wait_for_mail(&app, 10).await;
    assert_eq!(mail.len(), 10);
    app.stop().await;
}
