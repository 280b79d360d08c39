//! Email end to end: password reset by emailed link, invitations by email, the suppression
//! webhook, a real SMTP server on loopback, and the outbox surviving a `kill -9`.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use clubhouse::db::DbError;
use clubhouse::db::schema::queue::emails;
use clubhouse::db::schema::shared::password_resets;
use diesel::prelude::*;

use crate::support::{Person, TestApp, kill_9, serve_process, wait_until};

const PASSWORD: &str = "a long enough passphrase";

/// The subjects of the address-confirmation email each sign-up sends.
pub const CONFIRMATION: [&str; 2] = [
    "Confirm your email address for Clubhouse",
    "Confirmez votre adresse courriel pour Clubhouse",
];

/// (recipient, subject, status, text) of every logged email but the confirmations that
/// signing people up sends, oldest first.
pub async fn outbox_mail(app: &TestApp) -> Vec<(String, String, String, String)> {
    app.dbs()
        .queue
        .read(|conn| {
            Ok::<_, DbError>(
                emails::table
                    .filter(emails::subject.ne_all(CONFIRMATION))
                    .order(emails::id)
                    .select((
                        emails::recipient,
                        emails::subject,
                        emails::status,
                        emails::text_body,
                    ))
                    .load(conn)?,
            )
        })
        .await
        .expect("emails")
}

pub async fn wait_for_mail(app: &TestApp, count: usize) -> Vec<(String, String, String, String)> {
    wait_until(
        "the email is delivered",
        Duration::from_secs(15),
        || async { outbox_mail(app).await.len() >= count },
    )
    .await;
    outbox_mail(app).await
}

/// The first path in `text` that starts with `prefix`.
fn path_in(text: &str, prefix: &str) -> String {
    let start = text
        .find(prefix)
        .unwrap_or_else(|| panic!("{prefix} in {text}"));
    text[start..]
        .split_whitespace()
        .next()
        .expect("path")
        .to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_password_reset_link_is_emailed_works_once_and_expires() {
    let app = TestApp::start().await;
    app.signed_up("Ann", "ann@example.com").await;
    let visitor = app.person();
    visitor.get("/password-reset").await.assert_status(200);
    let known = visitor
        .post("/password-reset", &[("email", "ann@example.com")])
        .await;
    let unknown = visitor
        .post("/password-reset", &[("email", "nobody@example.com")])
        .await;
    known.assert_status(200);
    unknown.assert_status(200);
    // The same answer either way (only the address typed differs).
    assert_eq!(
        known
            .body
            .replace("ann@example.com", "X")
            .replace(&visitor.csrf().await, ""),
        unknown
            .body
            .replace("nobody@example.com", "X")
            .replace(&visitor.csrf().await, "")
    );
    visitor
        .post("/password-reset", &[("email", "not an email")])
        .await
        .assert_contains("Enter an email address");

    let mail = wait_for_mail(&app, 1).await;
    assert_eq!(
        mail.len(),
        1,
        "only the real account got an email: {mail:?}"
    );
    let (to, subject, status, text) = &mail[0];
    assert_eq!(
        (to.as_str(), status.as_str()),
        ("ann@example.com", "mailbox")
    );
    assert_eq!(subject, "Reset your Clubhouse password");
    let link = path_in(text, "/password-reset/");

    visitor.get(&link).await.assert_status(200);
    visitor
        .post(&link, &[("password", "short")])
        .await
        .assert_status(422);
    visitor
        .post(&link, &[("password", "a new passphrase entirely")])
        .await
        .assert_redirect("/sign-in");
    visitor
        .sign_in("ann@example.com", PASSWORD)
        .await
        .assert_status(422);
    app.person()
        .sign_in("ann@example.com", "a new passphrase entirely")
        .await
        .assert_redirect("/clubs");
    // Single use.
    visitor.get(&link).await.assert_status(404);
    visitor
        .post(&link, &[("password", "yet another passphrase")])
        .await
        .assert_status(404);

    // Expiring: a fresh link whose hour has passed opens nothing.
    visitor
        .post("/password-reset", &[("email", "ann@example.com")])
        .await
        .assert_status(200)
        .assert_contains("a link to reset");
    let mail = wait_for_mail(&app, 2).await;
    let link = path_in(&mail[1].3, "/password-reset/");
    app.dbs()
        .shared
        .write(|conn| {
            Ok::<_, DbError>(
                diesel::update(password_resets::table.filter(password_resets::used_at.is_null()))
                    .set(password_resets::expires_at.eq(1))
                    .execute(conn)?,
            )
        })
        .await
        .expect("expire");
    visitor.get(&link).await.assert_status(404);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_invitation_is_emailed_in_the_inviters_language() {
    let app = TestApp::start().await;
    let ann = app.signed_up("Ann", "ann@example.com").await;
    ann.create_club("Rideau", "rideau", "curling").await;
    ann.get("/fr/clubs/rideau/members").await;
    ann.post(
        "/fr/clubs/rideau/invitations",
        &[("role", "member"), ("email", "Bob@Example.com")],
    )
    .await
    .assert_redirect("/fr/clubs/rideau/members");
    ann.get("/fr/clubs/rideau/members")
        .await
        .assert_contains("Invitation envoyée à bob@example.com");
    let mail = wait_for_mail(&app, 1).await;
    let (to, subject, _, text) = &mail[0];
    assert_eq!(to, "bob@example.com");
    assert_eq!(subject, "Vous êtes invité au Rideau");
    let link = path_in(text, "/fr/invitations/");
    let bob = app.signed_up("Bob", "bob@example.com").await;
    bob.get(&link).await;
    bob.post(&link, &[])
        .await
        .assert_redirect("/fr/clubs/rideau");
    // A malformed address is refused and nothing is sent.
    ann.post(
        "/clubs/rideau/invitations",
        &[("role", "member"), ("email", "not-an-email")],
    )
    .await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(outbox_mail(&app).await.len(), 1);
    app.stop().await;
}

fn basic(secret: &str) -> String {
    use base64::Engine;
    format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("postmark:{secret}"))
    )
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bounced_address_is_never_mailed_again() {
    let app = TestApp::start_with(|c| c.webhook_secret = Some("hook-secret".into())).await;
    app.signed_up("Ann", "ann@example.com").await;
    let url = app.url("/webhooks/postmark");
    let post = |auth: Option<String>, body: &'static str| {
        let mut request = app
            .client
            .post(&url)
            .header("content-type", "application/json")
            .body(body);
        if let Some(auth) = auth {
            request = request.header("authorization", auth);
        }
        request.send()
    };
    let bounce = r#"{"RecordType":"Bounce","Type":"HardBounce","Email":"Ann@Example.com","Description":"The server was unable to deliver your message"}"#;
    assert_eq!(post(None, bounce).await.expect("send").status(), 401);
    assert_eq!(
        post(Some(basic("wrong")), bounce)
            .await
            .expect("send")
            .status(),
        401
    );
    assert_eq!(
        post(Some(basic("hook-secret")), "{not json")
            .await
            .expect("send")
            .status(),
        422
    );
    let soft = r#"{"RecordType":"Bounce","Type":"SoftBounce","Email":"other@example.com"}"#;
    let resp = post(Some(basic("hook-secret")), soft).await.expect("send");
    assert_eq!(resp.status(), 200);
    assert!(
        resp.text()
            .await
            .expect("body")
            .contains(r#""suppressed":false"#)
    );
    let resp = post(Some(basic("hook-secret")), bounce)
        .await
        .expect("send");
    assert_eq!(resp.status(), 200);
    assert!(
        resp.text()
            .await
            .expect("body")
            .contains(r#""suppressed":true"#)
    );

    app.person()
        .post("/password-reset", &[("email", "ann@example.com")])
        .await
        .assert_status(200);
    let mail = wait_for_mail(&app, 1).await;
    assert_eq!(mail[0].2, "suppressed", "recorded, never sent");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_webhook_is_off_without_a_secret() {
    let app = TestApp::start().await;
    let resp = app
        .client
        .post(app.url("/webhooks/postmark"))
        .body(r#"{"RecordType":"SpamComplaint","Email":"a@example.com"}"#)
        .send()
        .await
        .expect("send");
    assert_eq!(resp.status(), 404);
    app.stop().await;
}

/// An SMTP server on loopback (Python's aiosmtpd, installed by `tests/run`) that prints every
/// message it receives.
struct SmtpSink {
    child: std::process::Child,
    port: u16,
    received: Arc<Mutex<String>>,
}

impl SmtpSink {
    fn start() -> SmtpSink {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("port")
            .port();
        let mut child = Command::new("python3")
            .args([
                "-u",
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{port}"),
                "-c",
                "aiosmtpd.handlers.Debugging",
                "stdout",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 with aiosmtpd (tests/run installs it)");
        let received = Arc::new(Mutex::new(String::new()));
        let stdout = child.stdout.take().expect("stdout");
        let sink = received.clone();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let mut all = sink.lock().expect("lock");
                all.push_str(&line);
                all.push('\n');
            }
        });
        let deadline = std::time::Instant::now() + Duration::from_secs(15);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                std::time::Instant::now() < deadline,
                "the SMTP sink did not start"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        SmtpSink {
            child,
            port,
            received,
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_real_smtp_server_receives_the_email() {
    let sink = SmtpSink::start();
    let port = sink.port;
    let app = TestApp::start_with(|c| {
        c.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
        c.mail_from = "Rideau Curling <club@rideau.example>".into();
        c.operators = vec!["ann@example.com".into()];
    })
    .await;
    // Email leaves this server, so the page after sign-up shows no link: it is in the mail.
    let ann = app.person();
    ann.sign_up("Ann", "ann@example.com", PASSWORD)
        .await
        .assert_redirect("/sign-up/sent");
    let sent = ann.get("/sign-up/sent").await;
    sent.assert_contains("Check your email");
    assert!(!sent.body.contains("/verify-email/"), "{}", sent.body);
    let link = wait_for_link(&sink, "/verify-email/").await;
    ann.follow_confirmation(&link)
        .await
        .assert_redirect("/clubs");

    app.person()
        .post("/password-reset", &[("email", "ann@example.com")])
        .await
        .assert_status(200);
    let mail = wait_for_mail(&app, 1).await;
    assert_eq!(mail[0].2, "sent");
    wait_until(
        "the SMTP server has the message",
        Duration::from_secs(10),
        || async {
            sink.received
                .lock()
                .expect("lock")
                .contains("Reset your Clubhouse password")
        },
    )
    .await;
    let received = sink.received.lock().expect("lock").clone();
    assert!(received.contains("To: ann@example.com"), "{received}");
    assert!(
        received.contains("From: \"Rideau Curling\" <club@rideau.example>")
            || received.contains("From: Rideau Curling <club@rideau.example>"),
        "{received}"
    );
    assert!(
        received.contains("Message-ID: <job-"),
        "one id per job: {received}"
    );
    assert!(
        received.contains("multipart/alternative"),
        "text and HTML parts: {received}"
    );

    // Once sent, emails whose link signs someone in are not kept: neither in the delivery
    // log the operator reads nor in the job's arguments.
    let reset = wait_for_link(&sink, "/password-reset/").await;
    let token = reset.trim_start_matches("/password-reset/").to_string();
    let (bodies, args): (Vec<String>, Vec<String>) = app
        .dbs()
        .queue
        .read(|conn| -> Result<_, DbError> {
            use clubhouse::db::schema::queue::jobs;
            let bodies = emails::table
                .select(emails::text_body)
                .load::<String>(conn)?;
            let args = jobs::table
                .filter(jobs::kind.eq("send_email"))
                .filter(jobs::finished_at.is_not_null())
                .select(jobs::args)
                .load::<String>(conn)?;
            Ok((bodies, args))
        })
        .await
        .expect("read the log");
    assert!(bodies.iter().all(String::is_empty), "{bodies:?}");
    assert!(!args.is_empty());
    for args in &args {
        assert!(
            !args.contains(&token) && !args.contains("/verify-email/"),
            "{args}"
        );
    }
    // The operator's mailbox shows the envelope and says why there is no body.
    let mailbox = ann.get("/operator/mailbox").await;
    mailbox
        .assert_status(200)
        .assert_contains("Reset your Clubhouse password")
        .assert_contains("sent");
    let start = mailbox.body.find("/operator/mailbox/").expect("a message");
    let end = start + mailbox.body[start..].find('"').expect("end");
    ann.get(&mailbox.body[start..end])
        .await
        .assert_contains("Not kept: this email carried a link");
    app.stop().await;
}

/// The first link path starting with `prefix` in what the SMTP server received, once it is
/// there (undoing quoted-printable line breaks and escapes).
async fn wait_for_link(sink: &SmtpSink, prefix: &str) -> String {
    let mut found = None;
    wait_until("the link arrives by email", Duration::from_secs(15), || {
        let text = sink
            .received
            .lock()
            .expect("lock")
            .replace("=\n", "")
            .replace("=3D", "=");
        found = text.find(prefix).map(|start| {
            text[start..]
                .split(|c: char| c.is_whitespace() || c == '"' || c == '<')
                .next()
                .unwrap_or_default()
                .to_string()
        });
        let done = found.is_some();
        async move { done }
    })
    .await;
    found.unwrap_or_default()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_email_committed_before_a_kill_9_is_sent_after_restart() {
    let dir = tempfile::tempdir().expect("temp dir");
    // A server with no workers: nothing relays the outbox while it runs.
    let (mut child, base) = serve_process(&dir.path().join("db")).await;
    let person = Person::at(&base);
    person
        .sign_up("Ann", "ann@example.com", PASSWORD)
        .await
        .assert_redirect("/sign-up/sent");
    person
        .post("/password-reset", &[("email", "ann@example.com")])
        .await
        .assert_status(200);
    // The server acknowledged; now it dies before anything relayed the email.
    kill_9(&mut child);

    let app = TestApp::start_in(dir).await;
    let mail = wait_for_mail(&app, 1).await;
    assert_eq!(mail.len(), 1);
    assert_eq!(mail[0].0, "ann@example.com");
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert_eq!(outbox_mail(&app).await.len(), 1, "sent once");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_password_reset_signs_out_every_session_of_the_account() {
    let app = TestApp::start().await;
    let laptop = app.signed_up("Ann", "ann@example.com").await;
    let phone = app.person();
    phone
        .sign_in("ann@example.com", PASSWORD)
        .await
        .assert_redirect("/clubs");
    let stranger = app.signed_up("Sam", "sam@example.com").await;

    app.person()
        .post("/password-reset", &[("email", "ann@example.com")])
        .await;
    let mail = wait_for_mail(&app, 1).await;
    let link = path_in(&mail[0].3, "/password-reset/");
    let visitor = app.person();
    visitor.get(&link).await;
    visitor
        .post(&link, &[("password", "a new passphrase entirely")])
        .await
        .assert_redirect("/sign-in");

    laptop.get("/account").await.assert_status(303);
    phone.get("/account").await.assert_status(303);
    stranger.get("/account").await.assert_status(200);
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn reset_requests_for_one_address_are_limited() {
    let app = TestApp::start().await;
    app.signed_up("Ann", "ann@example.com").await;
    let visitor = app.person();
    for _ in 0..5 {
        visitor
            .post("/password-reset", &[("email", "ann@example.com")])
            .await
            .assert_status(200)
            .assert_contains("a link to reset");
    }
    wait_for_mail(&app, 3).await;
    tokio::time::sleep(Duration::from_millis(700)).await;
    assert_eq!(
        outbox_mail(&app).await.len(),
        3,
        "three emails, then a wait"
    );
    app.stop().await;
}
