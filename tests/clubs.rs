//! Clubs, roles and invitations over HTTP, and tenant isolation: every club-scoped route
//! but the club's public page answers 404 to anyone outside the club.

use clubhouse::db::DbError;
use clubhouse::db::schema::shared::{memberships, orgs};
use diesel::prelude::*;

use crate::support::{Person, TestApp};

async fn count_orgs(app: &TestApp) -> i64 {
    app.dbs()
        .shared
        .read(|conn| Ok::<_, DbError>(orgs::table.count().get_result(conn)?))
        .await
        .expect("count")
}

async fn account_id(app: &TestApp, email: &'static str) -> i64 {
    use clubhouse::db::schema::shared::accounts;
    app.dbs()
        .shared
        .read(move |conn| {
            Ok::<_, DbError>(
                accounts::table
                    .filter(accounts::email.eq(email))
                    .select(accounts::id)
                    .first(conn)?,
            )
        })
        .await
        .expect("account id")
}

async fn role_of(app: &TestApp, account: i64) -> Option<String> {
    app.dbs()
        .shared
        .read(move |conn| {
            Ok::<_, DbError>(
                memberships::table
                    .filter(memberships::account_id.eq(account))
                    .select(memberships::role)
                    .first(conn)
                    .optional()?,
            )
        })
        .await
        .expect("role")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_new_club_has_its_creator_as_owner_and_shows_in_the_switcher() {
    let app = TestApp::start().await;
    let ann = app.signed_up("Ann", "ann@example.com").await;
    ann.get("/clubs/new").await.assert_status(200);
    ann.create_club("Rideau Curling", "rideau", "curling").await;
    ann.create_club("Ottawa Pickleball", "otp", "pickleball")
        .await;
    let page = ann.get("/clubs/rideau").await;
    page.assert_status(200)
        .assert_contains("Rideau Curling")
        .assert_contains("Owner")
        .assert_contains("Sheets")
        .assert_contains("Ontario");
    // The club switcher lists both clubs on every page.
    page.assert_contains(r#"href="/clubs/otp""#);
    ann.get("/clubs/otp").await.assert_contains("Courts");
    ann.get("/fr/clubs/rideau")
        .await
        .assert_contains("Propriétaire")
        .assert_contains("Pistes");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_club_forms_are_refused_and_write_nothing() {
    let app = TestApp::start().await;
    let ann = app.signed_up("Ann", "ann@example.com").await;
    ann.create_club("Taken", "taken", "curling").await;
    let cases: [(&str, &str, &str, &str, &str); 6] = [
        ("", "ok-slug", "curling", "CA-ON", "This field is required."),
        (
            "Club",
            "Bad Slug!",
            "curling",
            "CA-ON",
            "Use 3 to 40 lowercase letters",
        ),
        (
            "Club",
            "ok-slug",
            "tennis",
            "CA-ON",
            "Choose one of the options.",
        ),
        (
            "Club",
            "ok-slug",
            "curling",
            "CA-XX",
            "Choose one of the options.",
        ),
        (
            "Club",
            "taken",
            "curling",
            "CA-ON",
            "Another club already uses this short name.",
        ),
        (
            "Club",
            "-x-",
            "curling",
            "US-NY",
            "Use 3 to 40 lowercase letters",
        ),
    ];
    for (name, slug, sport, region, message) in cases {
        ann.post(
            "/clubs",
            &[
                ("name", name),
                ("slug", slug),
                ("sport", sport),
                ("region", region),
            ],
        )
        .await
        .assert_status(422)
        .assert_contains(message);
    }
    assert_eq!(count_orgs(&app).await, 1, "nothing was written");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invitation_link_works_once_and_sets_the_role() {
    let app = TestApp::start().await;
    let ann = app.signed_up("Ann", "ann@example.com").await;
    ann.create_club("Rideau", "rideau", "curling").await;
    let link = ann.invite("rideau", "scorekeeper").await;

    // A visitor sees who invites them and is asked to sign up or in, then comes back.
    let bob = app.person();
    bob.get(&link)
        .await
        .assert_status(200)
        .assert_contains("Rideau")
        .assert_contains("Scorekeeper");
    bob.sign_up("Bob", "bob@example.com", "a long enough passphrase")
        .await;
    // Until Bob confirms his address, the invitation says why he cannot accept it yet.
    bob.sign_in("bob@example.com", "a long enough passphrase")
        .await
        .assert_redirect("/clubs");
    bob.get(&link)
        .await
        .assert_contains("Confirm your email address first");
    bob.post(&link, &[]).await.assert_status(409);
    bob.confirm_email().await.assert_redirect("/clubs");
    bob.get(&link).await;
    bob.post(&link, &[]).await.assert_redirect("/clubs/rideau");
    bob.get("/clubs/rideau")
        .await
        .assert_status(200)
        .assert_contains("Scorekeeper");
    let bob_id = account_id(&app, "bob@example.com").await;
    assert_eq!(role_of(&app, bob_id).await.as_deref(), Some("scorekeeper"));

    // Used once: gone for everyone, and the page says so.
    let carol = app.signed_up("Carol", "carol@example.com").await;
    carol
        .get(&link)
        .await
        .assert_status(410)
        .assert_contains("This invitation has already been used");
    carol.post(&link, &[]).await.assert_status(410);
    carol
        .get("/invitations/not-a-real-token")
        .await
        .assert_status(404);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn owners_see_pending_invitations_and_withdraw_one() {
    let app = TestApp::start().await;
    let ann = app.signed_up("Ann", "ann@example.com").await;
    ann.create_club("Rideau", "rideau", "curling").await;
    let handed = ann.invite("rideau", "member").await;
    ann.post(
        "/clubs/rideau/invitations",
        &[("role", "scorekeeper"), ("email", "sam@example.com")],
    )
    .await
    .assert_redirect("/clubs/rideau/members");
    let page = ann.get("/clubs/rideau/members").await;
    page.assert_contains("Invitations waiting to be used")
        .assert_contains("sam@example.com")
        .assert_contains("link to hand over")
        .assert_contains("Copy the link");
    let revoke = |body: &str| {
        let at = body
            .find("/clubs/rideau/invitations/")
            .expect("a withdraw form");
        let end = at + body[at..].find('"').expect("end");
        body[at..end].to_string()
    };
    // The newest first: the emailed one; withdraw the handed-over link (the second).
    let forms: Vec<String> = page
        .body
        .match_indices("/clubs/rideau/invitations/")
        .map(|(at, _)| revoke(&page.body[at..]))
        .filter(|p| p.ends_with("/revoke"))
        .collect();
    assert_eq!(forms.len(), 2, "{forms:?}");
    // A member cannot withdraw anything.
    let bob = app.signed_up("Bob", "bob@example.com").await;
    let join = ann.invite("rideau", "member").await;
    bob.post(&join, &[]).await.assert_redirect("/clubs/rideau");
    bob.post(&forms[1], &[]).await.assert_status(403);
    ann.post(&forms[1], &[])
        .await
        .assert_redirect("/clubs/rideau/members");
    ann.get("/clubs/rideau/members")
        .await
        .assert_contains("The invitation is withdrawn");
    let carol = app.signed_up("Carol", "carol@example.com").await;
    carol
        .get(&handed)
        .await
        .assert_status(410)
        .assert_contains("no longer valid");
    carol.post(&handed, &[]).await.assert_status(410);
    ann.post("/clubs/rideau/invitations/99999/revoke", &[])
        .await
        .assert_status(404);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn admins_manage_roles_but_the_last_owner_stays() {
    let app = TestApp::start().await;
    let ann = app.signed_up("Ann", "ann@example.com").await;
    ann.create_club("Rideau", "rideau", "curling").await;
    let bob = app.signed_up("Bob", "bob@example.com").await;
    let link = ann.invite("rideau", "admin").await;
    bob.post(&link, &[]).await.assert_redirect("/clubs/rideau");
    let (ann_id, bob_id) = (
        account_id(&app, "ann@example.com").await,
        account_id(&app, "bob@example.com").await,
    );

    // The only owner can be neither demoted nor removed, by anyone.
    ann.post(
        &format!("/clubs/rideau/members/{ann_id}/role"),
        &[("role", "member")],
    )
    .await
    .assert_redirect("/clubs/rideau/members");
    ann.get("/clubs/rideau/members")
        .await
        .assert_contains("A club needs at least one owner");
    ann.post(&format!("/clubs/rideau/members/{ann_id}/remove"), &[])
        .await;
    assert_eq!(role_of(&app, ann_id).await.as_deref(), Some("owner"));
    // An admin cannot touch owners or make new ones.
    bob.get("/clubs/rideau/members").await.assert_status(200);
    bob.post(&format!("/clubs/rideau/members/{ann_id}/remove"), &[])
        .await;
    bob.post(
        &format!("/clubs/rideau/members/{bob_id}/role"),
        &[("role", "owner")],
    )
    .await;
    bob.get("/clubs/rideau/members")
        .await
        .assert_contains("Only an owner can make or change owners.");
    assert_eq!(role_of(&app, ann_id).await.as_deref(), Some("owner"));
    assert_eq!(role_of(&app, bob_id).await.as_deref(), Some("admin"));
    // A role that does not exist is refused.
    ann.post(
        &format!("/clubs/rideau/members/{bob_id}/role"),
        &[("role", "emperor")],
    )
    .await
    .assert_status(409);

    // Ann makes Bob an owner; now Ann may step down, and Bob may remove her.
    ann.post(
        &format!("/clubs/rideau/members/{bob_id}/role"),
        &[("role", "owner")],
    )
    .await;
    assert_eq!(role_of(&app, bob_id).await.as_deref(), Some("owner"));
    ann.post(
        &format!("/clubs/rideau/members/{ann_id}/role"),
        &[("role", "member")],
    )
    .await;
    assert_eq!(role_of(&app, ann_id).await.as_deref(), Some("member"));
    bob.post(&format!("/clubs/rideau/members/{ann_id}/remove"), &[])
        .await;
    assert_eq!(role_of(&app, ann_id).await, None);
    // Removed, she sees the club's public page only.
    let page = ann.get("/clubs/rideau").await;
    page.assert_status(200);
    assert!(!page.body.contains("Your role") && !page.body.contains("/clubs/rideau/members"));
    app.stop().await;
}

/// Every club-scoped route, as (method, path) for club `slug`.
fn club_routes(slug: &str, someone: i64) -> Vec<(&'static str, String)> {
    // The club's own page is public (see `directory`); its other routes are not.
    vec![
        ("GET", format!("/clubs/{slug}/members")),
        ("POST", format!("/clubs/{slug}/sheets")),
        ("POST", format!("/clubs/{slug}/invitations")),
        ("POST", format!("/clubs/{slug}/members/{someone}/role")),
        ("POST", format!("/clubs/{slug}/members/{someone}/remove")),
    ]
}

async fn request(person: &Person, method: &str, path: &str) -> u16 {
    match method {
        "GET" => person.get(path).await.status,
        _ => {
            person
                .post(path, &[("name", "Z"), ("role", "owner")])
                .await
                .status
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn outsiders_get_404_on_every_club_route() {
    let app = TestApp::start().await;
    let ann = app.signed_up("Ann", "ann@example.com").await;
    ann.create_club("Rideau", "rideau", "curling").await;
    ann.post("/clubs/rideau/sheets", &[("name", "A")])
        .await
        .assert_redirect("/clubs/rideau");
    let mallory = app.signed_up("Mallory", "mallory@example.com").await;
    mallory
        .create_club("Mallory's", "mallorys", "curling")
        .await;
    let ann_id = account_id(&app, "ann@example.com").await;

    for (method, path) in club_routes("rideau", ann_id) {
        assert_eq!(
            request(&mallory, method, &path).await,
            404,
            "{method} {path}"
        );
    }
    // A club that does not exist has no page.
    assert_eq!(request(&mallory, "GET", "/clubs/no-such-club").await, 404);
    // A slug that doesn't exist looks the same as one she doesn't belong to.
    for (method, path) in club_routes("no-such-club", ann_id) {
        assert_eq!(
            request(&mallory, method, &path).await,
            404,
            "{method} {path}"
        );
    }
    // Nothing changed in Ann's club.
    assert_eq!(role_of(&app, ann_id).await.as_deref(), Some("owner"));
    let page = ann.get("/clubs/rideau").await;
    assert!(
        !page.body.contains(">Z<"),
        "no sheet was added by the outsider"
    );
    // Visitors who are not signed in see the public page, and are sent to sign in first
    // for anything else of the club.
    let visitor = app.person();
    visitor
        .get("/clubs/rideau")
        .await
        .assert_status(200)
        .assert_contains("<h1>Rideau</h1>");
    let page = visitor.get("/clubs/rideau/members").await;
    page.assert_status(303);
    assert!(
        page.location
            .as_deref()
            .is_some_and(|l| l.starts_with("/sign-in?next="))
    );
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn plain_members_cannot_manage_the_club() {
    let app = TestApp::start().await;
    let ann = app.signed_up("Ann", "ann@example.com").await;
    ann.create_club("Rideau", "rideau", "curling").await;
    let link = ann.invite("rideau", "member").await;
    let bob = app.signed_up("Bob", "bob@example.com").await;
    bob.post(&link, &[]).await.assert_redirect("/clubs/rideau");
    let ann_id = account_id(&app, "ann@example.com").await;
    bob.get("/clubs/rideau").await.assert_status(200);
    for (method, path) in club_routes("rideau", ann_id).into_iter().skip(2) {
        assert_eq!(request(&bob, method, &path).await, 403, "{method} {path}");
    }
    assert_eq!(role_of(&app, ann_id).await.as_deref(), Some("owner"));
    app.stop().await;
}
