//! In a real browser (headless Chromium driven over WebDriver), in a phone-sized window: a
//! newcomer signs up, creates a curling club and (in French) a pickleball club, moves between
//! them with the club switcher, adds a child's profile and invites a friend by link; the
//! friend accepts in a second browser, switches to French and sees the club in French.
//!
//! A second test keeps a scorekeeper and a spectator open at once: the spectator's board
//! changes after the scorekeeper taps, without a reload.
//!
//! A third opens a program's page before registration opens: the button counts down and
//! enables itself at the opening moment; the member registers, and a spectator's "spots
//! left" drops in a second browser and the admin's registrations list shows her in a third,
//! no page reloaded.
//!
//! A fourth: an owner exports the club and watches the export turn ready without a reload,
//! then deletes the club by typing its name and watches the deletion finish.
//!
//! Needs Debian's `chromium` and `chromium-driver` (`tests/run` installs them).

use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use serde_json::json;

use crate::support::TestApp;

const WAIT: Duration = Duration::from_secs(20);

/// A chromedriver on a free loopback port, killed when dropped.
struct Driver {
    child: Child,
    url: String,
}

impl Driver {
    fn start() -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let child = Command::new("chromedriver")
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver is installed (tests/run installs chromium-driver)");
        let deadline = Instant::now() + WAIT;
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < deadline, "chromedriver did not start");
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        }
    }

    /// A fresh browser (its own profile: a separate person) with a phone-sized window.
    async fn browser(&self) -> Client {
        self.browser_sized(false).await
    }

    /// A fresh browser with a desktop window.
    async fn desktop(&self) -> Client {
        self.browser_sized(true).await
    }

    async fn browser_sized(&self, desktop: bool) -> Client {
        let profile = tempfile::tempdir().expect("profile dir").keep();
        let mut caps = serde_json::Map::new();
        let size = if desktop { "1280,900" } else { "390,844" };
        let mut options = json!({
            "binary": "/usr/bin/chromium",
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", format!("--window-size={size}"),
                format!("--user-data-dir={}", profile.display()),
            ],
        });
        if !desktop {
            // A phone's viewport (headless Chromium will not make a window under 500 px).
            options["mobileEmulation"] =
                json!({ "deviceMetrics": { "width": 390, "height": 844, "pixelRatio": 2.0 } });
        }
        caps.insert("goog:chromeOptions".into(), options);
        ClientBuilder::new(HttpConnector::new())
            .capabilities(caps)
            .connect(&self.url)
            .await
            .expect("start a browser session")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

async fn fill(browser: &Client, name: &str, value: &str) {
    let input = browser
        .find(Locator::Css(&format!("main form [name='{name}']")))
        .await
        .unwrap_or_else(|e| panic!("field {name}: {e}"));
    input.clear().await.expect("clear");
    input.send_keys(value).await.expect("type");
}

async fn choose(browser: &Client, name: &str, value: &str) {
    browser
        .find(Locator::Css(&format!("select[name='{name}']")))
        .await
        .unwrap_or_else(|e| panic!("select {name}: {e}"))
        .select_by_value(value)
        .await
        .expect("choose");
}

async fn click(browser: &Client, css: &str) {
    browser
        .find(Locator::Css(css))
        .await
        .unwrap_or_else(|e| panic!("{css}: {e}"))
        .click()
        .await
        .expect("click");
}

async fn click_link(browser: &Client, text: &str) {
    browser
        .find(Locator::LinkText(text))
        .await
        .unwrap_or_else(|e| panic!("link {text:?}: {e}"))
        .click()
        .await
        .expect("click link");
}

/// Waits until the page's heading reads `text`.
async fn heading(browser: &Client, text: &str) {
    let xpath = format!("//h1[normalize-space(.)=\"{text}\"]");
    let found = browser
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(&xpath))
        .await;
    if let Err(e) = found {
        let url = browser
            .current_url()
            .await
            .map(|u| u.to_string())
            .unwrap_or_default();
        let page = body_text(browser).await;
        panic!("heading {text:?} never appeared ({e}) at {url}; the page says:\n{page}");
    }
}

/// Saves what the browser shows, for a person to look at after the run
/// (`target/tmp/browser-*.png`).
async fn snapshot(browser: &Client, name: &str) {
    let png = browser.screenshot().await.expect("screenshot");
    let path =
        std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("browser-{name}.png"));
    std::fs::write(&path, png).expect("write screenshot");
}

/// Runs axe-core on the page and fails on any violation, naming the rule and the elements.
async fn accessible(browser: &Client, name: &str) {
    static AXE: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    let source = AXE.get_or_init(|| {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/assets/node_modules/axe-core/axe.min.js"
        );
        std::fs::read_to_string(path).expect("axe-core is installed (tests/run runs npm ci)")
    });
    browser
        .execute(&format!("{source}; return true;"), vec![])
        .await
        .expect("load axe-core");
    let found = browser
        .execute_async(
            "const done = arguments[arguments.length - 1];
             axe.run(document, { resultTypes: ['violations'] })
               .then(r => done(r.violations.map(v =>
                 v.id + ' (' + v.impact + '): ' + v.nodes.slice(0, 4).map(n => n.target.join(' ')).join(', '))))
               .catch(e => done(['axe failed: ' + e]));",
            vec![],
        )
        .await
        .expect("run axe-core");
    let violations: Vec<String> = serde_json::from_value(found).expect("a list");
    assert!(violations.is_empty(), "{name}: {violations:#?}");
}

/// Nothing on the page is wider than the window (no sideways scrolling on a phone).
async fn fits(browser: &Client, name: &str) {
    let wide = browser
        .execute(
            "const w = document.documentElement.clientWidth;
             return [...document.querySelectorAll('body *')]
               .filter(e => e.getBoundingClientRect().right > w + 1
                 && !e.closest('.table-scroll, .table-wrap, .bracket-rounds'))
               .slice(0, 5).map(e => e.tagName + '.' + e.className);",
            vec![],
        )
        .await
        .expect("measure");
    assert_eq!(wide, json!([]), "{name} overflows the window");
}

/// A page as a person looks at it: accessible, fitting the window, and photographed screen
/// by screen from the top (up to four screens), then scrolled back.
async fn look(browser: &Client, name: &str) {
    accessible(browser, name).await;
    fits(browser, name).await;
    for screen in 0..4 {
        let more = browser
            .execute(
                "window.scrollTo(0, arguments[0] * window.innerHeight);
                 return arguments[0] * window.innerHeight < document.documentElement.scrollHeight;",
                vec![json!(screen)],
            )
            .await
            .expect("scroll");
        if more != json!(true) {
            break;
        }
        let shot = if screen == 0 {
            name.to_string()
        } else {
            format!("{name}-{screen}")
        };
        snapshot(browser, &shot).await;
    }
    browser
        .execute("window.scrollTo(0, 0); return null;", vec![])
        .await
        .expect("scroll back");
}

/// The page's text. A live swap can replace the body between finding it and reading it:
/// then it is read again.
async fn body_text(browser: &Client) -> String {
    for _ in 0..20 {
        let body = browser.find(Locator::Css("body")).await.expect("body");
        match body.text().await {
            Ok(text) => return text,
            Err(e) if format!("{e:?}").contains("StaleElement") => {
                tokio::time::sleep(Duration::from_millis(50)).await;
            }
            Err(e) => panic!("text: {e:?}"),
        }
    }
    panic!("the page's body kept being replaced for a second")
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_newcomer_signs_up_creates_a_club_and_invites_a_friend_who_sees_it_in_french() {
    let app = TestApp::start_with(|c| c.operators = vec!["ann@example.com".into()]).await;
    let driver = Driver::start();

    // Ann signs up on her phone.
    let ann = driver.browser().await;
    ann.goto(&app.url("/")).await.expect("home");
    click_link(&ann, "Sign up").await;
    heading(&ann, "Create your account").await;
    fill(&ann, "name", "Ann Curler").await;
    fill(&ann, "email", "ann@example.com").await;
    fill(&ann, "password", "hammer in the tenth end").await;
    click(&ann, "main form button[type='submit']").await;
    // This server sends no email, so the confirmation link is on the page.
    heading(&ann, "Check your email").await;
    snapshot(&ann, "sign-up-sent").await;
    click(&ann, "main a.button").await;
    heading(&ann, "Confirm your email address").await;
    click(&ann, "main form button[type='submit']").await;
    heading(&ann, "My clubs").await;
    assert!(body_text(&ann).await.contains("Your address is confirmed."));

    // She creates a curling club.
    click_link(&ann, "Create a club").await;
    heading(&ann, "Create a club").await;
    fill(&ann, "name", "Rideau Curling Club").await;
    fill(&ann, "slug", "rideau").await;
    choose(&ann, "sport", "curling").await;
    choose(&ann, "region", "CA-ON").await;
    click(&ann, "main form button[type='submit']").await;
    heading(&ann, "Rideau Curling Club").await;
    snapshot(&ann, "club").await;

    // And, in French, a pickleball club.
    click(&ann, ".lang-switch a[hreflang='fr']").await;
    heading(&ann, "Rideau Curling Club").await;
    ann.goto(&app.url("/fr/clubs/new")).await.expect("new club");
    heading(&ann, "Créer un club").await;
    fill(&ann, "name", "Pickleball Gatineau").await;
    fill(&ann, "slug", "pickleball-gatineau").await;
    choose(&ann, "sport", "pickleball").await;
    choose(&ann, "region", "CA-QC").await;
    click(&ann, "main form button[type='submit']").await;
    heading(&ann, "Pickleball Gatineau").await;
    let text = body_text(&ann).await;
    assert!(
        text.contains("Terrains") && text.contains("Québec") && text.contains("Propriétaire"),
        "{text}"
    );

    // The club switcher in the header leads back to the curling club.
    click(&ann, "details.club-switcher summary").await;
    click_link(&ann, "Rideau Curling Club").await;
    heading(&ann, "Rideau Curling Club").await;
    assert!(
        ann.current_url()
            .await
            .expect("url")
            .path()
            .starts_with("/fr/clubs/rideau")
    );

    // She adds her daughter's profile.
    ann.goto(&app.url("/account")).await.expect("account");
    heading(&ann, "Your account").await;
    fill(&ann, "birth_year", "2015").await;
    let add_form = "#profiles form";
    ann.find(Locator::Css(&format!("{add_form} [name='name']")))
        .await
        .expect("profile name")
        .send_keys("Zoé Curler")
        .await
        .expect("type");
    click(&ann, &format!("{add_form} button[type='submit']")).await;
    ann.wait()
        .at_most(WAIT)
        .for_element(Locator::XPath("//li[contains(., 'Zoé Curler')]"))
        .await
        .expect("the child's profile is listed");

    // She creates an invitation link for Bob.
    ann.goto(&app.url("/clubs/rideau/members"))
        .await
        .expect("members");
    heading(&ann, "Members").await;
    click(&ann, "form[action='/clubs/rideau/invitations'] button").await;
    let link = ann
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css("input.copy-link"))
        .await
        .expect("the link is shown")
        .prop("value")
        .await
        .expect("value")
        .expect("a link");
    assert!(link.contains("/invitations/"), "{link}");
    snapshot(&ann, "members").await;

    // Bob opens it in his own browser, signs up, and accepts.
    let bob = driver.browser().await;
    bob.goto(&link).await.expect("invitation");
    heading(&bob, "Invitation").await;
    assert!(body_text(&bob).await.contains("Rideau Curling Club"));
    click(&bob, "main a.button").await;
    heading(&bob, "Create your account").await;
    fill(&bob, "name", "Bob Sweeper").await;
    fill(&bob, "email", "bob@example.com").await;
    fill(&bob, "password", "sweep hard sweep hard").await;
    click(&bob, "main form button[type='submit']").await;
    heading(&bob, "Check your email").await;
    click(&bob, "main a.button").await;
    heading(&bob, "Confirm your email address").await;
    click(&bob, "main form button[type='submit']").await;
    heading(&bob, "Invitation").await;
    click(&bob, "main form button[type='submit']").await;
    heading(&bob, "Rideau Curling Club").await;
    let text = body_text(&bob).await;
    assert!(
        text.contains("Welcome to Rideau Curling Club!") && text.contains("Member"),
        "{text}"
    );

    // He switches to French and sees the club page in French.
    click(&bob, ".lang-switch a[hreflang='fr']").await;
    heading(&bob, "Rideau Curling Club").await;
    let lang = bob
        .find(Locator::Css("html"))
        .await
        .expect("html")
        .attr("lang")
        .await
        .expect("lang");
    assert_eq!(lang.as_deref(), Some("fr"));
    let text = body_text(&bob).await;
    assert!(
        text.contains("Votre rôle :") && text.contains("Membre") && text.contains("Pistes"),
        "{text}"
    );
    assert!(
        bob.current_url()
            .await
            .expect("url")
            .path()
            .starts_with("/fr/clubs/rideau")
    );
    snapshot(&bob, "club-fr").await;

    // Ann, named in CLUBHOUSE_OPERATORS, is an operator: the jobs dashboard shows this
    // server's workers.
    ann.goto(&app.url("/operator/jobs?state=finished"))
        .await
        .expect("dashboard");
    heading(&ann, "Jobs").await;
    let text = body_text(&ann).await;
    assert!(
        text.contains("Workers") && text.contains("cleanup_sessions"),
        "{text}"
    );
    snapshot(&ann, "jobs").await;

    // Ann sees Bob among the members.
    ann.goto(&app.url("/clubs/rideau/members"))
        .await
        .expect("members");
    assert!(body_text(&ann).await.contains("Bob Sweeper"));

    ann.close().await.expect("close");
    bob.close().await.expect("close");
    app.stop().await;
}

/// Waits until `xpath` matches, or fails showing the page.
async fn appears(browser: &Client, xpath: &str) {
    if let Err(e) = browser
        .wait()
        .at_most(WAIT)
        .for_element(Locator::XPath(xpath))
        .await
    {
        let page = body_text(browser).await;
        panic!("{xpath} never appeared ({e}); the page says:\n{page}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spectator_sees_the_scorekeepers_tap_without_reloading() {
    let app = TestApp::start().await;
    let f = crate::scoring::set_up(&app, "curling", &[("ends", "8"), ("extra_ends", "on")]).await;
    let driver = Driver::start();
    let keeper = driver.browser().await;
    let spectator = driver.browser().await;

    // The spectator opens the public event page; nothing is scored yet.
    spectator
        .goto(&app.url(&f.event_path()))
        .await
        .expect("event page");
    heading(&spectator, "Club Championship").await;
    // A value only this page load carries: it survives a live update, not a reload.
    spectator
        .execute("window.notReloaded = true; return true;", vec![])
        .await
        .expect("mark the page");

    // The scorekeeper signs in on a phone and opens the game's screen.
    keeper.goto(&app.url("/sign-in")).await.expect("sign in");
    fill(&keeper, "email", "olive@example.com").await;
    fill(&keeper, "password", "a long enough passphrase").await;
    click(&keeper, "main form button[type='submit']").await;
    heading(&keeper, "My clubs").await;
    keeper.goto(&app.url(&f.score_path())).await.expect("score");
    appears(&keeper, "//h2[contains(., 'hammer in the first end')]").await;
    snapshot(&keeper, "scorekeeper-start").await;
    click(&keeper, "form.tap button").await; // Team Red has the hammer
    appears(&keeper, "//h2[normalize-space(.)='End 1']").await;
    // One tap: Team Yellow (the second team) scores 3.
    keeper
        .find(Locator::XPath(
            "(//div[contains(@class,'points')])[2]//button[normalize-space(.)='3']",
        ))
        .await
        .expect("the 3 button")
        .click()
        .await
        .expect("tap");
    appears(&keeper, "//h2[normalize-space(.)='End 2']").await;
    snapshot(&keeper, "scorekeeper").await;

    // The spectator's board changed by itself.
    let card = format!("//a[@href='/clubs/{}/games/{}']", f.slug, f.game);
    appears(
        &spectator,
        &format!("{card}//span[contains(@class,'team-line')][2]/span[@class='points' and normalize-space(.)='3']"),
    )
    .await;
    appears(
        &spectator,
        &format!("{card}//span[@class='state' and normalize-space(.)='End 2']"),
    )
    .await;
    let still_same_page = spectator
        .execute("return window.notReloaded === true;", vec![])
        .await
        .expect("script");
    assert_eq!(still_same_page, json!(true), "updated live, not reloaded");
    snapshot(&spectator, "event-live").await;

    keeper.close().await.expect("close");
    spectator.close().await.expect("close");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_register_button_opens_on_time_and_spots_left_drop_in_another_browser() {
    use crate::registration::{club, local, now, program_form};
    let app = TestApp::start().await;
    let c = club(&app, "rideau", "CA-ON").await;
    app.signed_up("Ada Member", "ada@example.com").await;
    let driver = Driver::start();
    let member = driver.browser().await;
    let spectator = driver.browser().await;
    let admin = driver.browser().await;
    for (browser, email) in [
        (&member, "ada@example.com"),
        (&admin, "owner@rideau.example"),
    ] {
        browser.goto(&app.url("/sign-in")).await.expect("sign in");
        fill(browser, "email", email).await;
        fill(browser, "password", "a long enough passphrase").await;
        click(browser, "main form button[type='submit']").await;
        heading(browser, "My clubs").await;
    }

    // Registration opens a few seconds from now.
    let opens = now() + 8;
    let form: Vec<(String, String)> = program_form("Opening Night", "20", "150")
        .into_iter()
        .map(|(k, v)| {
            if k == "opens_at" {
                (k, local(opens))
            } else {
                (k, v)
            }
        })
        .collect();
    let id = c.program(&form).await;
    let page = app.url(&c.program_path(id));
    spectator.goto(&page).await.expect("program page");
    heading(&spectator, "Opening Night").await;
    appears(
        &spectator,
        "//*[@id='spots-left' and contains(., '20 of 20 spots left')]",
    )
    .await;
    spectator
        .execute("window.notReloaded = true; return true;", vec![])
        .await
        .expect("mark the page");
    // The club's admin watches the registrations list.
    admin
        .goto(&app.url("/clubs/rideau/registrations"))
        .await
        .expect("registrations");
    heading(&admin, "Registrations").await;
    appears(
        &admin,
        "//*[@id='registrations-count' and contains(., '0 registrations')]",
    )
    .await;
    admin
        .execute("window.notReloaded = true; return true;", vec![])
        .await
        .expect("mark the page");

    member.goto(&page).await.expect("program page");
    heading(&member, "Opening Night").await;
    assert!(
        now() < opens,
        "the page was open before registration opened"
    );
    let waiting = member
        .find(Locator::Css("button[data-opens-at]"))
        .await
        .expect("the register button");
    assert_eq!(
        waiting
            .prop("disabled")
            .await
            .expect("disabled?")
            .as_deref(),
        Some("true"),
        "disabled before the opening"
    );
    appears(
        &member,
        "//p[@data-opens-at]/strong[@class='countdown-clock' and contains(., '00:00:')]",
    )
    .await;
    snapshot(&member, "registration-countdown").await;
    member
        .execute("window.notReloaded = true; return true;", vec![])
        .await
        .expect("mark the page");
    // At the opening moment the button enables itself.
    appears(&member, "//button[@data-opens-at and not(@disabled)]").await;
    let same = member
        .execute("return window.notReloaded === true;", vec![])
        .await
        .expect("script");
    assert_eq!(same, json!(true), "enabled without a reload");
    click(&member, "button[data-opens-at]").await;
    heading(&member, "My registrations").await;
    assert!(
        body_text(&member)
            .await
            .contains("Ada Member is registered.")
    );

    // The spectator's counter dropped by itself.
    appears(
        &spectator,
        "//*[@id='spots-left' and contains(., '19 of 20 spots left')]",
    )
    .await;
    appears(
        &spectator,
        "//p[contains(@class,'window') and contains(., 'Registration is open until')]",
    )
    .await;
    let same = spectator
        .execute("return window.notReloaded === true;", vec![])
        .await
        .expect("script");
    assert_eq!(same, json!(true), "updated live, not reloaded");
    snapshot(&spectator, "spots-left").await;

    // The admin's list fetched itself again, with the new registration.
    appears(
        &admin,
        "//table[contains(@class,'registrations')]//td[contains(., 'Ada Member')]",
    )
    .await;
    appears(
        &admin,
        "//*[@id='registrations-count' and normalize-space(.)='1 registration']",
    )
    .await;
    let same = admin
        .execute("return window.notReloaded === true;", vec![])
        .await
        .expect("script");
    assert_eq!(same, json!(true), "the list updated live, not reloaded");
    snapshot(&admin, "registrations").await;
    admin.close().await.expect("close");

    member.close().await.expect("close");
    spectator.close().await.expect("close");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_owner_exports_the_club_watches_it_finish_then_deletes_the_club() {
    let app = TestApp::start().await;
    crate::scoring::set_up_club(
        &app,
        "curling",
        &[("ends", "8")],
        "rink-x",
        "olive@x.example",
    )
    .await;
    let driver = Driver::start();
    let olive = driver.browser().await;
    olive
        .goto(&app.url("/sign-in"))
        .await
        .expect("sign-in page");
    heading(&olive, "Sign in").await;
    fill(&olive, "email", "olive@x.example").await;
    fill(&olive, "password", "a long enough passphrase").await;
    click(&olive, "main form button[type='submit']").await;
    heading(&olive, "My clubs").await;

    olive.goto(&app.url("/clubs/rink-x")).await.expect("club");
    heading(&olive, "Rink").await;
    click_link(&olive, "Export or delete").await;
    heading(&olive, "Export the club’s data").await;
    click(&olive, "main form button[type='submit']").await;
    appears(&olive, "//li[contains(@class, 'export')]").await;
    // Marks this page: a reload would lose the mark.
    olive
        .execute("window.clubhouseMark = 'same page'; return null;", vec![])
        .await
        .expect("mark the page");
    appears(
        &olive,
        "//li[contains(@class, 'export')]//a[starts-with(normalize-space(.), 'Download')]",
    )
    .await;
    let mark = olive
        .execute("return window.clubhouseMark || null;", vec![])
        .await
        .expect("read the mark");
    assert_eq!(
        mark,
        json!("same page"),
        "the row turned ready without a reload"
    );
    snapshot(&olive, "export-ready").await;

    click_link(&olive, "Delete the club").await;
    heading(&olive, "Delete the club").await;
    fill(&olive, "confirm", "Rink").await;
    click(&olive, "main form button.danger").await;
    heading(&olive, "Deleting Rink").await;
    appears(&olive, "//p[@id='deletion-state'][@data-state='done']").await;
    assert!(body_text(&olive).await.contains("Rink is deleted"));
    olive.goto(&app.url("/clubs/rink-x")).await.expect("club");
    heading(&olive, "Page not found").await;
    olive.close().await.expect("close");
    app.stop().await;
}

async fn sign_in(browser: &Client, app: &TestApp, email: &str) {
    browser
        .goto(&app.url("/sign-in"))
        .await
        .expect("sign-in page");
    heading(browser, "Sign in").await;
    fill(browser, "email", email).await;
    fill(browser, "password", "a long enough passphrase").await;
    click(browser, "main form button[type='submit']").await;
    heading(browser, "My clubs").await;
}

/// The page's mark set by `mark`: gone if the page was reloaded.
async fn marked(browser: &Client) -> bool {
    browser
        .execute("return window.clubhouseMark === 'same page';", vec![])
        .await
        .expect("read the mark")
        == json!(true)
}

async fn mark(browser: &Client) {
    browser
        .execute("window.clubhouseMark = 'same page'; return null;", vec![])
        .await
        .expect("mark the page");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_organiser_generates_a_season_moves_a_game_renames_a_team_and_spectators_follow() {
    let app = TestApp::start().await;
    let l = crate::season::League::new(&app, "curling", "season", 5, 8).await;
    // A spare evening at the end of the season, to move a game to.
    let spare = l.add_draw("2027-06-01T19:00").await;
    let driver = Driver::start();
    let organiser = driver.browser().await;
    let spectator = driver.desktop().await;

    // A spectator watches the event page before there is a schedule.
    spectator
        .goto(&app.url(&l.event_path()))
        .await
        .expect("event page");
    heading(&spectator, "Tuesday League").await;
    mark(&spectator).await;

    // The organiser, on a phone: setup page, the generator, its preview, create.
    sign_in(&organiser, &app, "olive@season.example").await;
    organiser
        .goto(&app.url(&l.path("manage")))
        .await
        .expect("manage");
    heading(&organiser, "Teams, draws and games").await;
    click_link(&organiser, "Generate the schedule").await;
    heading(&organiser, "Generate the schedule").await;
    look(&organiser, "schedule-form-phone").await;
    click(&organiser, "main form button[type='submit']").await;
    appears(&organiser, "//section[@id='preview']").await;
    assert!(
        body_text(&organiser)
            .await
            .contains("as even as they can be")
    );
    look(&organiser, "schedule-preview-phone").await;
    click(&organiser, "#create button[type='submit']").await;
    heading(&organiser, "Teams, draws and games").await;
    assert!(
        body_text(&organiser)
            .await
            .contains("28 games are on the schedule")
    );
    look(&organiser, "manage-phone").await;
    assert_eq!(l.games().await.len(), 28);

    // The spectator's page shows what is coming up, without a reload.
    appears(
        &spectator,
        "//section[@id='upcoming']//h2[normalize-space(.)='Coming up']",
    )
    .await;
    assert!(marked(&spectator).await, "updated live, not reloaded");

    // The organiser moves the first game to the spare evening.
    click(&organiser, "#draws .draw a.button.small").await;
    appears(&organiser, "//h1[starts-with(., 'Edit the game: ')]").await;
    let title = organiser
        .find(Locator::Css("h1"))
        .await
        .expect("title")
        .text()
        .await
        .expect("text");
    let teams = title.trim_start_matches("Edit the game: ").to_string();
    look(&organiser, "game-edit-phone").await;
    choose(&organiser, "draw", &spare).await;
    click(&organiser, "main form.stack button[type='submit']").await;
    heading(&organiser, "Teams, draws and games").await;
    appears(
        &spectator,
        &format!(
            "//section[@id='upcoming']//h3[normalize-space(.)='2027-06-01 19:00']/following-sibling::ul[1]//a[normalize-space(.)='{teams}']"
        ),
    )
    .await;

    // And renames a team; the spectator's standings follow.
    click(&organiser, "#teams li:first-child a.button").await;
    heading(&organiser, "Edit the team").await;
    look(&organiser, "team-edit-phone").await;
    fill(&organiser, "name", "The Rockets").await;
    click(&organiser, "main form.stack button[type='submit']").await;
    heading(&organiser, "Teams, draws and games").await;
    appears(
        &spectator,
        "//section[@id='standings']//a[normalize-space(.)='The Rockets']",
    )
    .await;
    appears(
        &spectator,
        "//section[@id='upcoming']//a[contains(., 'The Rockets – ')]",
    )
    .await;
    assert!(marked(&spectator).await, "every change arrived live");
    look(&spectator, "event-season-desktop").await;

    // The pages an organiser and a spectator see, at both sizes.
    let team = l.team("The Rockets").await;
    let pages = [
        (l.event_path(), "event"),
        (l.path(&format!("teams/{team}")), "team"),
        (l.path("edit"), "event-settings"),
        (format!("/clubs/{}", l.slug), "club"),
        (format!("/clubs/{}/settings", l.slug), "club-settings"),
        (l.path("manage"), "manage"),
    ];
    let desktop = driver.desktop().await;
    sign_in(&desktop, &app, "olive@season.example").await;
    for (path, name) in &pages {
        for (browser, size) in [(&organiser, "phone"), (&desktop, "desktop")] {
            browser.goto(&app.url(path)).await.expect("page");
            appears(browser, "//main//h1").await;
            look(browser, &format!("{name}-{size}")).await;
        }
    }
    organiser.close().await.expect("close");
    spectator.close().await.expect("close");
    desktop.close().await.expect("close");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_spectators_bracket_fills_in_as_the_scorekeeper_finishes_a_semifinal() {
    let app = TestApp::start().await;
    let l = crate::season::League::with_rules(
        &app,
        "curling",
        "playoff",
        2,
        4,
        &[("extra_ends", "on")],
    )
    .await;
    let games = crate::brackets::round_robin(&l).await;
    crate::brackets::page_playoff(&l).await;
    for game in games {
        l.win_first(game).await;
    }
    let event = l.owner.get(&l.event_path()).await.body;
    for label in ["1 v 2", "3 v 4"] {
        let game = crate::brackets::bracket_game(&event, label).expect("seeded");
        l.win_first(game).await;
    }
    let event = l.owner.get(&l.event_path()).await.body;
    let semi = crate::brackets::bracket_game(&event, "Semifinal").expect("the semifinal");
    l.tap(semi, &[("action", "start"), ("side", "1")])
        .await
        .assert_status(303);
    l.tap(semi, &[("action", "enter"), ("side", "1"), ("points", "2")])
        .await
        .assert_status(303);

    let driver = Driver::start();
    let spectator = driver.desktop().await;
    let phone = driver.browser().await;
    // A spectator on the event page: the final waits for the semifinal's winner.
    spectator
        .goto(&app.url(&l.event_path()))
        .await
        .expect("event page");
    heading(&spectator, "Tuesday League").await;
    let final_side = "//section[@id='bracket']//div[contains(@class,'bracket-game')][.//span[@class='label' and .='Final']]";
    appears(
        &spectator,
        &format!("{final_side}//span[@class='team-name' and .='Winner of Semifinal']"),
    )
    .await;
    mark(&spectator).await;
    look(&spectator, "bracket-desktop").await;

    // The scorekeeper, on a phone, ends the semifinal: Team 3 concedes.
    sign_in(&phone, &app, "olive@playoff.example").await;
    phone
        .goto(&app.url(&l.game_path(semi, "score")))
        .await
        .expect("score page");
    heading(&phone, "Team 2 – Team 3").await;
    look(&phone, "bracket-scorekeeper-phone").await;
    click(&phone, "details.card:last-of-type summary").await;
    click(
        &phone,
        "details.card:last-of-type form:last-of-type button.danger",
    )
    .await;
    appears(&phone, "//p/strong[.='Final']").await;

    // Without a reload the spectator's final now names Team 2 and links to its game.
    appears(
        &spectator,
        "//section[@id='bracket']//a[contains(@class,'bracket-game')][.//span[@class='label' and .='Final']]//span[@class='team-name' and .='Team 2']",
    )
    .await;
    assert!(marked(&spectator).await, "the bracket changed live");
    let semifinal_won = "//section[@id='bracket']//a[.//span[@class='label' and .='Semifinal']]//span[contains(@class,'winner')]/span[@class='team-name']";
    let winner = spectator
        .find(Locator::XPath(semifinal_won))
        .await
        .expect("the semifinal's winner")
        .text()
        .await
        .expect("text");
    assert_eq!(winner, "Team 2");
    look(&spectator, "bracket-filled-desktop").await;
    // The bracket on a phone (rounds scroll sideways inside it), on the TV in the playoff
    // stage, and the organiser's bracket page.
    phone.goto(&app.url(&l.event_path())).await.expect("event");
    appears(&phone, "//section[@id='bracket']").await;
    look(&phone, "bracket-phone").await;
    spectator.goto(&app.url(&l.path("tv"))).await.expect("tv");
    appears(&spectator, "//div[contains(@class,'tv-body') and contains(@class,'playoffs')]//section[@id='bracket']//span[.='Final']").await;
    snapshot(&spectator, "bracket-tv").await;
    phone
        .goto(&app.url(&l.path("brackets")))
        .await
        .expect("brackets page");
    heading(&phone, "Playoffs and brackets").await;
    look(&phone, "brackets-page-phone").await;
    // The home page and the club's public page, at both sizes.
    for (browser, size) in [(&phone, "phone"), (&spectator, "desktop")] {
        browser.goto(&app.url("/")).await.expect("home");
        appears(browser, "//section[@id='clubs']//a[.='Rink']").await;
        look(browser, &format!("home-{size}")).await;
        click_link(browser, "Rink").await;
        heading(browser, "Rink").await;
        look(browser, &format!("club-public-{size}")).await;
        browser
            .goto(&app.url(&format!("/embed/clubs/playoff/events/{}", l.event)))
            .await
            .expect("embed");
        appears(browser, "//section[@id='bracket']").await;
        look(browser, &format!("embed-{size}")).await;
    }
    // Deleting asks first, without JavaScript: the button opens the question.
    phone
        .goto(&app.url(&l.path("brackets")))
        .await
        .expect("brackets page");
    heading(&phone, "Playoffs and brackets").await;
    click(&phone, "details.confirm > summary.danger").await;
    appears(
        &phone,
        "//details[@open]//button[.='Yes: Delete this bracket']",
    )
    .await;
    look(&phone, "confirm-phone").await;
    spectator.close().await.expect("close");
    phone.close().await.expect("close");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_tv_display_fills_a_tv_screen_exactly_with_eight_sheets_live() {
    let app = TestApp::start().await;
    let l = crate::season::League::new(&app, "curling", "lounge", 8, 16).await;
    let draw = l.add_draw("2027-01-05T19:00").await;
    for g in 0..8 {
        let sheet = format!("Sheet {}", (b'A' + g as u8) as char);
        l.add_game(
            &draw,
            &sheet,
            &format!("Team {}", 2 * g + 1),
            &format!("Team {}", 2 * g + 2),
        )
        .await
        .assert_status(303);
    }
    for game in l.games().await {
        l.tap(game, &[("action", "start"), ("side", "1")])
            .await
            .assert_status(303);
        l.tap(game, &[("action", "enter"), ("side", "1"), ("points", "2")])
            .await
            .assert_status(303);
    }
    let driver = Driver::start();
    let tv = driver.desktop().await;
    for (width, height) in [(1920, 1080), (1280, 720)] {
        tv.set_window_size(width, height)
            .await
            .expect("window size");
        tv.goto(&app.url(&l.path("tv"))).await.expect("tv page");
        appears(
            &tv,
            "//section[@id='current-draw']//a[contains(@class,'game-card')]",
        )
        .await;
        let measured = tv
            .execute(
                "const d = document.documentElement;
                 const cards = [...document.querySelectorAll('#current-draw .game-card')];
                 const shown = cards.filter(c => !c.hidden);
                 const below = shown.filter(c => c.getBoundingClientRect().bottom > innerHeight).length;
                 return [d.scrollHeight, innerHeight, d.scrollWidth, innerWidth,
                         document.body.getBoundingClientRect().height, cards.length, below,
                         getComputedStyle(document.body).backgroundColor, shown.length,
                         document.querySelectorAll('#current-draw .ends .end').length];",
                vec![],
            )
            .await
            .expect("measure");
        let m: Vec<serde_json::Value> = serde_json::from_value(measured).expect("a list");
        let n = |i: usize| m[i].as_f64().unwrap_or(-1.0);
        assert!(n(0) <= n(1), "{width}×{height}: the page scrolls: {m:?}");
        assert!(n(2) <= n(3), "{width}×{height}: sideways: {m:?}");
        assert_eq!(
            n(4),
            n(1),
            "{width}×{height}: the dark body fills the screen: {m:?}"
        );
        assert_eq!(n(5), 8.0, "every sheet is on the display");
        assert_eq!(n(6), 0.0, "{width}×{height}: a sheet is cut off: {m:?}");
        assert_eq!(m[7], json!("rgb(13, 22, 32)"));
        // Each sheet's line score, end by end (one end played: a cell per team).
        assert_eq!(n(9), 16.0, "{width}×{height}: {m:?}");
        if n(8) < 8.0 {
            // What does not fit takes turns: the page count shows, and the next page
            // brings the sheets that were waiting.
            appears(&tv, "//p[@class='tv-page' and contains(., '1 / ')]").await;
            let first_hidden = tv
                .execute(
                    "return [...document.querySelectorAll('#current-draw .game-card')].findIndex(c => c.hidden);",
                    vec![],
                )
                .await
                .expect("first waiting sheet");
            let index = first_hidden.as_i64().expect("an index");
            appears(
                &tv,
                &format!("(//section[@id='current-draw']//a[contains(@class,'game-card')])[{}][not(@hidden)]", index + 1),
            )
            .await;
            appears(&tv, "//p[@class='tv-page' and contains(., '2 / ')]").await;
        }
        // Readable across a lounge: axe's enhanced contrast (7:1) too.
        tv.execute(
            &format!(
                "{}; return true;",
                std::fs::read_to_string(concat!(
                    env!("CARGO_MANIFEST_DIR"),
                    "/assets/node_modules/axe-core/axe.min.js"
                ))
                .expect("axe-core")
            ),
            vec![],
        )
        .await
        .expect("load axe-core");
        let found = tv
            .execute_async(
                "const done = arguments[arguments.length - 1];
                 axe.run(document, { runOnly: ['color-contrast-enhanced', 'color-contrast'] })
                   .then(r => done(r.violations.map(v => v.id + ': ' + v.nodes.slice(0, 4).map(n => n.target.join(' ') + ' ' + (n.any[0] || {}).message).join(' | '))))
                   .catch(e => done(['axe failed: ' + e]));",
                vec![],
            )
            .await
            .expect("axe");
        let violations: Vec<String> = serde_json::from_value(found).expect("a list");
        assert!(violations.is_empty(), "{width}×{height}: {violations:#?}");
        snapshot(&tv, &format!("tv-{width}x{height}")).await;
    }
    tv.close().await.expect("close");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_members_tap_one_spare_request_at_once_and_exactly_one_gets_it() {
    use crate::spares::{ask, join, link, offer, tuesday_league};
    let app = TestApp::start().await;
    let (league, game, _) = tuesday_league(&app, "sparing").await;
    let ann = join(&app, &league, "Ann").await;
    let cat = join(&app, &league, "Cat").await;
    let eve = join(&app, &league, "Eve").await;
    let dan = join(&app, &league, "Dan").await;
    link(&league, "Team 1", &ann, "lead").await;
    offer(&league, &cat, &["lead"], "0").await;
    offer(&league, &eve, &["lead", "second"], "1").await;
    let request = ask(&league, &ann, game, "lead").await;

    let driver = Driver::start();
    let phone = driver.browser().await;
    let desktop = driver.desktop().await;
    let watcher = driver.browser().await;
    sign_in(&phone, &app, &cat.email).await;
    sign_in(&desktop, &app, &eve.email).await;
    sign_in(&watcher, &app, &dan.email).await;
    let spares = app.url(&league.path("spares"));
    for browser in [&phone, &desktop, &watcher] {
        browser.goto(&spares).await.expect("spares page");
        heading(browser, "Spares").await;
        appears(browser, &format!("//li[@id='spare-{request}']")).await;
    }
    look(&phone, "spares-phone").await;
    look(&desktop, "spares-desktop").await;
    // Dan cannot take it (a lead only, and he is not asked), but he watches the board.
    appears(&watcher, "//p[contains(., 'Not one you can take')]").await;
    mark(&watcher).await;

    // Both tap "I'll spare" at the same moment.
    let button = format!("//li[@id='spare-{request}']//button[normalize-space(.)=\"I’ll spare\"]");
    let (a, b) = (
        phone
            .find(Locator::XPath(&button))
            .await
            .expect("Cat's button"),
        desktop
            .find(Locator::XPath(&button))
            .await
            .expect("Eve's button"),
    );
    let (x, y) = tokio::join!(a.click(), b.click());
    // A tap can find its button already gone: the live update of the other's tap
    // replaced it. That tap lost the race; anything else is a failure.
    for (tap, who) in [(x, "Cat taps"), (y, "Eve taps")] {
        if let Err(e) = tap {
            assert!(format!("{e:?}").contains("StaleElement"), "{who}: {e:?}");
        }
    }
    let said = |browser: &Client| {
        let browser = browser.clone();
        async move {
            let deadline = Instant::now() + WAIT;
            loop {
                let text = body_text(&browser).await;
                // Told by the answer, or by the live board that arrived before it.
                if text.contains("The game is yours")
                    || text.contains("You are the spare for this game")
                {
                    return true;
                }
                // Told so by the answer, or by the live board before the answer came.
                if text.contains("Someone else took this spare first")
                    || (text.contains("Lead · filled") && !text.contains("I’ll spare"))
                {
                    return false;
                }
                assert!(
                    Instant::now() < deadline,
                    "no answer; the page says:\n{text}"
                );
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    };
    let (cat_won, eve_won) = tokio::join!(said(&phone), said(&desktop));
    assert!(
        cat_won ^ eve_won,
        "exactly one gets it (Cat {cat_won}, Eve {eve_won})"
    );
    let (winner, loser) = if cat_won {
        (&phone, &desktop)
    } else {
        (&desktop, &phone)
    };
    appears(
        winner,
        "//strong[contains(., 'You are the spare for this game')]",
    )
    .await;
    snapshot(winner, "spares-won").await;
    snapshot(loser, "spares-lost").await;
    accessible(loser, "spares-lost").await;
    // Dan's board shows it filled by itself, without a reload (and without names).
    appears(
        &watcher,
        &format!("//li[@id='spare-{request}']//span[normalize-space(.)='filled']"),
    )
    .await;
    let dan_sees = body_text(&watcher).await;
    assert!(!dan_sees.contains(&cat.email) && !dan_sees.contains(&eve.email));
    assert!(
        marked(&watcher).await,
        "Dan's board updated live, not reloaded"
    );

    for browser in [phone, desktop, watcher] {
        browser.close().await.expect("close");
    }
    app.stop().await;
}

/// The first link on `path`'s page (as `who` sees it) whose address contains `part`.
async fn first_link(who: &crate::support::Person, path: &str, part: &str) -> String {
    let body = who.get(path).await.body;
    let at = body
        .find(&format!("href=\"{part}"))
        .or_else(|| body.find(part).and_then(|i| body[..i].rfind("href=\"")))
        .unwrap_or_else(|| panic!("no link with {part} on {path}"));
    let start = at + 6;
    body[start..start + body[start..].find('"').expect("end of link")].to_string()
}

/// Every kind of page, as each kind of visitor sees it, in English and French, on a phone
/// and a desktop: axe-core finds nothing at WCAG 2.1 AA, nothing is wider than the window,
/// and each is photographed (`target/tmp/browser-tour-*.png`; README: "Screenshots").
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_passes_axe_and_fits_for_every_role_language_and_size() {
    let app = TestApp::start_with(|c| c.operators = vec![clubhouse::demo::EMAIL.to_string()]).await;
    let (_, demo) = clubhouse::demo::load(app.dbs())
        .await
        .expect("the demo loads");
    let curling = demo
        .iter()
        .find(|d| d.club.slug == "demo-curling")
        .expect("the curling demo");
    let club = format!("/clubs/{}", curling.club.slug);
    let event = format!("{club}/events/{}", curling.event);
    let owner = app.person();
    owner
        .sign_in(clubhouse::demo::EMAIL, clubhouse::demo::PASSWORD)
        .await
        .assert_status(303);
    let link = owner.invite(&curling.club.slug, "member").await;
    let member = app.signed_up("Mia Member", "mia@tour.example").await;
    member.post(&link, &[]).await.assert_status(303);

    let game = first_link(&owner, &event, &format!("{club}/games/")).await;
    let program = first_link(
        &owner,
        &format!("{club}/programs"),
        &format!("{club}/programs/"),
    )
    .await;
    let team_edit = first_link(
        &owner,
        &format!("{event}/manage"),
        &format!("{event}/teams/"),
    )
    .await;
    let league = first_link(&owner, &club, &format!("{club}/events/")).await;
    let open_play = first_link(
        &owner,
        &format!("{club}/open-play"),
        &format!("{club}/open-play/"),
    )
    .await;
    let open_play = open_play.split('?').next().unwrap_or_default().to_string();
    // A booking with a partner and a guest who pays a fee, for its page and its receipt.
    let mut rules = crate::courts::rules_form("7", "1", "120");
    rules.push(("guest_fee", "12.50".into()));
    owner
        .post(
            &format!("{club}/courts/rules"),
            &crate::courts::pairs(&rules),
        )
        .await
        .assert_status(303);
    let tomorrow = crate::courts::day(1).format("%Y-%m-%d").to_string();
    let grid = owner
        .get(&format!("{club}/courts?date={tomorrow}"))
        .await
        .body;
    let slot = crate::open_play::values(&grid, "starts_at");
    let sheet = crate::open_play::values(&grid, "sheet");
    owner
        .post(
            &format!("{club}/courts/book"),
            &[("sheet", &sheet[0]), ("starts_at", &slot[0])],
        )
        .await
        .assert_status(303);
    let booking = format!(
        "{club}/courts/bookings/{}",
        crate::courts::first_booking(
            &owner
                .get(&format!("{club}/courts?date={tomorrow}"))
                .await
                .body
        )
    );
    owner
        .post(&format!("{booking}/players"), &[("guest", "Gail Guest")])
        .await
        .assert_status(303);
    let hook = owner
        .post(
            &format!("{club}/webhooks"),
            &[
                ("url", "http://127.0.0.1:9/hook"),
                ("types", "score.changed"),
            ],
        )
        .await;
    assert_eq!(hook.status, 303, "{}", hook.body);
    let hook = hook.location.clone().expect("the endpoint's page");
    owner
        .post(
            &format!("{club}/api-keys"),
            &[
                ("name", "Club website"),
                ("scopes", "read"),
                ("scopes", "score"),
            ],
        )
        .await
        .assert_status(200);
    let public: Vec<(&str, String)> = vec![
        ("home", "/".into()),
        ("api-docs", "/api/v1/docs".into()),
        ("sign-in", "/sign-in".into()),
        ("sign-up", "/sign-up".into()),
        ("password-reset", "/password-reset".into()),
        ("club", club.clone()),
        ("event", event.clone()),
        ("game", game.clone()),
        ("program", program.clone()),
        ("embed", format!("/embed{event}")),
    ];
    let members: Vec<(&str, String)> = vec![
        ("my-clubs", "/clubs".into()),
        ("account", "/account".into()),
        ("member-club", club.clone()),
        ("spares", format!("{league}/spares")),
        ("my-registrations", format!("{club}/my-registrations")),
        ("programs", format!("{club}/programs")),
        ("courts", format!("{club}/courts")),
        ("open-play", format!("{club}/open-play")),
        ("open-play-day", open_play.clone()),
        ("court-board", format!("{open_play}/board")),
    ];
    let admins: Vec<(&str, String)> = vec![
        ("members", format!("{club}/members")),
        ("manage", format!("{event}/manage")),
        ("team-edit", team_edit.clone()),
        ("game-edit", format!("{game}/edit")),
        ("score", format!("{game}/score")),
        ("history", format!("{game}/history")),
        ("brackets", format!("{event}/brackets")),
        ("schedule", format!("{league}/schedule")),
        ("event-edit", format!("{event}/edit")),
        ("registrations", format!("{club}/registrations")),
        ("settings", format!("{club}/settings")),
        ("court-rules", format!("{club}/courts/rules")),
        ("open-play-edit", format!("{open_play}/edit")),
        ("court-booking", booking.clone()),
        ("court-receipt", format!("{booking}/receipt")),
        ("open-play-desk", format!("{open_play}/desk")),
        ("exports", format!("{club}/exports")),
        ("api-keys", format!("{club}/api-keys")),
        ("webhooks", format!("{club}/webhooks")),
        ("webhook", hook.clone()),
        ("delete-club", format!("{club}/delete")),
        ("jobs", "/operator/jobs".into()),
        ("mailbox", "/operator/mailbox".into()),
        ("backups", "/operator/backups".into()),
    ];
    let driver = Driver::start();
    type Tour<'a> = (
        &'a str,
        Option<(&'a str, &'a str)>,
        &'a Vec<(&'a str, String)>,
    );
    let tours: [Tour; 3] = [
        ("visitor", None, &public),
        (
            "member",
            Some(("mia@tour.example", "a long enough passphrase")),
            &members,
        ),
        (
            "admin",
            Some((clubhouse::demo::EMAIL, clubhouse::demo::PASSWORD)),
            &admins,
        ),
    ];
    for (role, account, pages) in tours {
        for desktop in [false, true] {
            let browser = if desktop {
                driver.desktop().await
            } else {
                driver.browser().await
            };
            if let Some((email, password)) = account {
                browser
                    .goto(&app.url("/sign-in"))
                    .await
                    .expect("sign-in page");
                fill(&browser, "email", email).await;
                fill(&browser, "password", password).await;
                click(&browser, "main form button[type='submit']").await;
                appears(&browser, "//h1").await;
            }
            for (name, path) in pages {
                // The API's reference is in English only (so is the API).
                let langs: &[&str] = if path.starts_with("/api/") {
                    &[""]
                } else {
                    &["", "/fr"]
                };
                for &lang in langs {
                    let at = if path == "/" && !lang.is_empty() {
                        "/fr".to_string()
                    } else {
                        format!("{lang}{path}")
                    };
                    browser.goto(&app.url(&at)).await.expect("open the page");
                    appears(&browser, "//h1").await;
                    let size = if desktop { "desktop" } else { "phone" };
                    let language = if lang.is_empty() { "en" } else { "fr" };
                    look(&browser, &format!("tour-{role}-{name}-{language}-{size}")).await;
                }
            }
            browser.close().await.expect("close");
        }
    }
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_second_scorekeepers_buttons_follow_the_first_and_their_next_tap_counts() {
    let app = TestApp::start().await;
    let f = crate::scoring::set_up(&app, "curling", &[("ends", "8")]).await;
    let driver = Driver::start();
    let first = driver.browser().await;
    let second = driver.browser().await;
    for keeper in [&first, &second] {
        sign_in(keeper, &app, "olive@example.com").await;
        keeper.goto(&app.url(&f.score_path())).await.expect("score");
    }
    appears(&first, "//h2[contains(., 'hammer in the first end')]").await;
    click(&first, "form.tap button").await;
    // The second screen, untouched, now offers end 1's buttons (the game's new version).
    appears(&second, "//h2[normalize-space(.)='End 1']").await;
    mark(&second).await;
    first
        .find(Locator::XPath(
            "(//div[contains(@class,'points')])[1]//button[normalize-space(.)='2']",
        ))
        .await
        .expect("the 2 button")
        .click()
        .await
        .expect("tap");
    appears(&second, "//h2[normalize-space(.)='End 2']").await;
    assert!(marked(&second).await, "followed live, not reloaded");
    // Its next tap is accepted (not refused as a stale screen).
    second
        .find(Locator::XPath(
            "(//div[contains(@class,'points')])[2]//button[normalize-space(.)='1']",
        ))
        .await
        .expect("the 1 button")
        .click()
        .await
        .expect("tap");
    appears(&second, "//h2[normalize-space(.)='End 3']").await;
    let text = body_text(&second).await;
    assert!(!text.contains("changed"), "no conflict: {text}");
    look(&second, "scorekeeper-followed-phone").await;
    for browser in [first, second] {
        browser.close().await.expect("close");
    }
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_members_tap_one_free_court_and_the_other_sees_it_taken_without_a_reload() {
    use crate::courts::{day, pairs, rules_form};
    use crate::spares::join;
    let app = TestApp::start().await;
    let league = crate::season::League::new(&app, "pickleball", "booking", 2, 2).await;
    league
        .owner
        .post(
            &format!("/clubs/{}/courts/rules", league.slug),
            &pairs(&rules_form("2", "1", "120")),
        )
        .await
        .assert_status(303);
    let ann = join(&app, &league, "Ann").await;
    let bob = join(&app, &league, "Bob").await;
    let driver = Driver::start();
    let phone = driver.browser().await;
    let desktop = driver.desktop().await;
    sign_in(&phone, &app, &ann.email).await;
    sign_in(&desktop, &app, &bob.email).await;
    let url = app.url(&format!(
        "/clubs/{}/courts?date={}",
        league.slug,
        day(1).format("%Y-%m-%d")
    ));
    for browser in [&phone, &desktop] {
        browser.goto(&url).await.expect("the day");
        heading(browser, "Book a court or sheet").await;
    }
    look(&phone, "courts-phone").await;
    look(&desktop, "courts-desktop").await;
    mark(&phone).await;
    mark(&desktop).await;
    // The 10:00 slot of the first court, in both browsers; both tap at once.
    let button = "(//table[contains(@class,'court-grid')]//tbody/tr[th[normalize-space(.)='10:00']]/td)[1]//button";
    let (a, b) = (
        phone
            .find(Locator::XPath(button))
            .await
            .expect("Ann's button"),
        desktop
            .find(Locator::XPath(button))
            .await
            .expect("Bob's button"),
    );
    let (x, y) = tokio::join!(a.click(), b.click());
    // A tap can find its button already gone: the live update of the other's tap
    // replaced it. That tap lost the race; anything else is a failure.
    for (tap, who) in [(x, "Ann taps"), (y, "Bob taps")] {
        if let Err(e) = tap {
            assert!(format!("{e:?}").contains("StaleElement"), "{who}: {e:?}");
        }
    }
    let outcome = |browser: &Client| {
        let browser = browser.clone();
        async move {
            let deadline = Instant::now() + WAIT;
            let cell = "(//table[contains(@class,'court-grid')]//tbody/tr[th[normalize-space(.)='10:00']]/td)[1]";
            loop {
                let text = body_text(&browser).await;
                let shown = match browser.find(Locator::XPath(cell)).await {
                    Ok(c) => c.text().await.unwrap_or_default(),
                    Err(_) => String::new(),
                };
                // Told by the answer, or by the live grid if it arrived first.
                if text.contains("Booked:") || shown.contains("Yours") {
                    return true;
                }
                if text.contains("Someone just booked that slot") || shown.contains("Booked") {
                    return false;
                }
                assert!(
                    Instant::now() < deadline,
                    "no answer; the page says:\n{text}"
                );
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
        }
    };
    let (ann_won, bob_won) = tokio::join!(outcome(&phone), outcome(&desktop));
    assert!(
        ann_won ^ bob_won,
        "exactly one books it (Ann {ann_won}, Bob {bob_won})"
    );
    let (winner, loser) = if ann_won {
        (&phone, &desktop)
    } else {
        (&desktop, &phone)
    };
    let cell =
        "(//table[contains(@class,'court-grid')]//tbody/tr[th[normalize-space(.)='10:00']]/td)[1]";
    appears(winner, &format!("{cell}[contains(., 'Yours')]")).await;
    appears(loser, &format!("{cell}[contains(., 'Booked')]")).await;
    // A tap that met the grid changing under it put nobody in line.
    let text = body_text(loser).await;
    assert!(!text.contains("You are on the waitlist"), "{text}");
    snapshot(loser, "courts-taken").await;
    // A third screen, open before, follows live: the 11:00 slot booked elsewhere shows taken.
    let watcher = driver.browser().await;
    sign_in(&watcher, &app, &ann.email).await;
    watcher.goto(&url).await.expect("the day");
    heading(&watcher, "Book a court or sheet").await;
    mark(&watcher).await;
    let eleven = crate::courts::at(day(1), 11);
    let body = bob.person.get(&url.replace(&app.url(""), "")).await.body;
    let sheet_at = body.find("name=\"sheet\" value=\"").expect("a free slot") + 20;
    let sheet = body[sheet_at..sheet_at + body[sheet_at..].find('"').expect("end")].to_string();
    league
        .owner
        .post(
            &format!("/clubs/{}/courts/book", league.slug),
            &[("sheet", &sheet), ("starts_at", &eleven.to_string())],
        )
        .await
        .assert_status(303);
    appears(
        &watcher,
        "(//table[contains(@class,'court-grid')]//tbody/tr[th[normalize-space(.)='11:00']]/td)[1][contains(., 'Booked')]",
    )
    .await;
    assert!(marked(&watcher).await, "followed live, not reloaded");
    for browser in [phone, desktop, watcher] {
        browser.close().await.expect("close");
    }
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_desk_checks_players_in_and_the_court_board_follows_without_a_reload() {
    use crate::courts::{day, pairs};
    use crate::open_play::{session_form, values};
    use crate::spares::join;
    let app = TestApp::start().await;
    let league = crate::season::League::new(&app, "pickleball", "drop-in", 2, 2).await;
    let list = format!("/clubs/{}/open-play", league.slug);
    let courts = values(&league.owner.get(&list).await.body, "courts");
    let date = day(1);
    let weekday = chrono::Datelike::weekday(&date).num_days_from_monday();
    let created = league
        .owner
        .post(
            &list,
            &pairs(&session_form("Drop-in", weekday, "8", &courts)),
        )
        .await;
    created.assert_status(303);
    let base = created.location.clone().expect("the session");
    let date = date.format("%Y-%m-%d").to_string();
    let mut names = Vec::new();
    for name in ["Ann", "Bob", "Cat", "Dan", "Eve"] {
        let m = join(&app, &league, name).await;
        m.person
            .post(&format!("{base}/sign-up?date={date}"), &[])
            .await
            .assert_status(303);
        names.push(m);
    }
    let driver = Driver::start();
    let desk = driver.browser().await;
    let board = driver.desktop().await;
    board.set_window_size(1920, 1080).await.expect("TV size");
    sign_in(&desk, &app, &format!("olive@{}.example", league.slug)).await;
    sign_in(&board, &app, &names[4].email).await;
    board
        .goto(&app.url(&format!("{base}/board?date={date}")))
        .await
        .expect("the board");
    appears(&board, "//h1[normalize-space(.)='Drop-in']").await;
    mark(&board).await;
    desk.goto(&app.url(&format!("{base}/desk?date={date}")))
        .await
        .expect("the desk");
    appears(
        &desk,
        "//h1[starts-with(normalize-space(.), 'Desk · Drop-in')]",
    )
    .await;
    // Four arrive: each tap checks one in; the fourth puts a game on the first court.
    for name in ["Ann", "Bob", "Cat", "Dan"] {
        let button =
            format!("//section[@id='arrivals']//li[span[normalize-space(.)='{name}']]//button");
        desk.find(Locator::XPath(&button))
            .await
            .expect("the check-in button")
            .click()
            .await
            .expect("tap");
        appears(
            &desk,
            &format!(
                "//section[@id='queue' or contains(@class,'court-card')][contains(., '{name}')]"
            ),
        )
        .await;
    }
    appears(&board, "//section[contains(@class,'court-card')][contains(., 'Ann & Bob')][contains(., 'Cat & Dan')]").await;
    look(&desk, "open-play-desk-phone").await;
    // Side B wins: with nobody waiting, the losers go back on beside the winners.
    desk.find(Locator::XPath("//button[normalize-space(.)='Side B won']"))
        .await
        .expect("the result button")
        .click()
        .await
        .expect("tap");
    appears(&board, "//section[contains(@class,'court-card')][contains(., 'Cat & Ann')][contains(., 'Dan & Bob')]").await;
    assert!(
        marked(&board).await,
        "the board followed live, not reloaded"
    );
    look(&board, "court-board-tv").await;
    for browser in [desk, board] {
        browser.close().await.expect("close");
    }
    app.stop().await;
}
