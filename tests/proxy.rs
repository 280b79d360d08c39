//! Behind a real reverse proxy: Debian's nginx on loopback in front of the app, configured
//! as the README says. Two clients behind it (on their own loopback addresses) are throttled
//! separately, a forged `X-Forwarded-For` changes nothing, and live updates stream through.

use std::net::IpAddr;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use crate::live::{Stream, live_url};
use crate::scoring::set_up;
use crate::support::{TestApp, wait_until};

/// nginx in the foreground with its files under `dir`, proxying `127.0.0.1:<port>` to `app`.
struct Nginx {
    child: Child,
    port: u16,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The proxy part of the configuration, as the README gives it (with the app's address).
fn site(app: &str) -> String {
    format!(
        r#"
    upstream clubhouse {{
        server {app};
        keepalive 16;
        # Shorter than the app's own idle timeout, so nginx never reuses a connection the
        # app is closing.
        keepalive_timeout 5s;
    }}
    server {{
        listen 127.0.0.1:PORT;
        location / {{
            proxy_pass http://clubhouse;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
        location /live {{
            proxy_pass http://clubhouse;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_buffering off;
            proxy_read_timeout 1h;
        }}
    }}
"#
    )
}

impl Nginx {
    fn start(dir: &Path, app: &str) -> Nginx {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("port")
            .port();
        let d = dir.display();
        let conf = format!(
            r#"
daemon off;
worker_processes 1;
pid {d}/nginx.pid;
error_log {d}/error.log warn;
events {{ worker_connections 256; }}
http {{
    access_log {d}/access.log;
    client_body_temp_path {d}/body;
    proxy_temp_path {d}/proxy;
    fastcgi_temp_path {d}/fastcgi;
    uwsgi_temp_path {d}/uwsgi;
    scgi_temp_path {d}/scgi;
{site}
}}
"#,
            site = site(app).replace("PORT", &port.to_string())
        );
        let path = dir.join("nginx.conf");
        std::fs::write(&path, conf).expect("write nginx.conf");
        let child = Command::new("nginx")
            .args(["-p", &d.to_string(), "-c", &path.display().to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("nginx (tests/run installs Debian's nginx)");
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            let log = std::fs::read_to_string(dir.join("error.log")).unwrap_or_default();
            assert!(
                std::time::Instant::now() < deadline,
                "nginx did not start: {log}"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Nginx { child, port }
    }
}

/// A browser on its own loopback address, through the proxy.
fn client_from(address: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(address.parse::<IpAddr>().expect("address"))
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .expect("client")
}

/// Signs in with a wrong password as `email`; the status.
async fn wrong_sign_in(
    client: &reqwest::Client,
    base: &str,
    email: &str,
    forged: Option<&str>,
) -> u16 {
    let page = client
        .get(format!("{base}/sign-in"))
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("body");
    let token = crate::support::hidden_value(&page, "_csrf").expect("token");
    let mut request = client.post(format!("{base}/sign-in")).form(&[
        ("_csrf", token.as_str()),
        ("email", email),
        ("password", "not the password"),
    ]);
    if let Some(forged) = forged {
        request = request.header("x-forwarded-for", forged);
    }
    request.send().await.expect("POST").status().as_u16()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn behind_nginx_each_client_is_itself_and_live_updates_stream_through() {
    let app = TestApp::start_with(|c| {
        c.trusted_proxies = clubhouse::config::networks("127.0.0.1").expect("list");
    })
    .await;
    let dir = tempfile::tempdir().expect("temp dir");
    let nginx = Nginx::start(dir.path(), app.base.trim_start_matches("http://"));
    let base = format!("http://127.0.0.1:{}", nginx.port);

    // Twenty failures from Ann's address (over twenty accounts, so no account's own limit
    // is reached), each with a forged X-Forwarded-For: her address is throttled, Bob's not.
    let ann = client_from("127.0.0.2");
    let bob = client_from("127.0.0.3");
    for i in 0..20 {
        let forged = format!("198.51.100.{i}");
        let status = wrong_sign_in(&ann, &base, &format!("a{i}@example.com"), Some(&forged)).await;
        assert_eq!(status, 422, "attempt {i}");
    }
    assert_eq!(wrong_sign_in(&ann, &base, "x@example.com", None).await, 429);
    assert_eq!(wrong_sign_in(&bob, &base, "x@example.com", None).await, 422);
    let throttled: Vec<String> = app
        .dbs()
        .shared
        .read(|conn| {
            use clubhouse::db::schema::shared::sign_in_throttles as t;
            use diesel::prelude::*;
            Ok::<_, clubhouse::db::DbError>(
                t::table
                    .filter(t::key.like("addr:%"))
                    .select(t::key)
                    .load(conn)?,
            )
        })
        .await
        .expect("throttles");
    assert!(
        throttled.contains(&"addr:127.0.0.2".to_string()),
        "{throttled:?}"
    );
    assert!(
        throttled.contains(&"addr:127.0.0.3".to_string()),
        "{throttled:?}"
    );
    assert!(
        !throttled
            .iter()
            .any(|k| k.contains("198.51.100.") || k == "addr:127.0.0.1"),
        "neither the forged hop nor the proxy is anyone: {throttled:?}"
    );

    // /metrics is not served through the proxy.
    let metrics = bob
        .get(format!("{base}/metrics"))
        .send()
        .await
        .expect("GET");
    assert_eq!(metrics.status().as_u16(), 404);

    // A spectator's live stream through nginx gets the scorekeeper's end at once.
    let f = set_up(&app, "curling", &[("ends", "8")]).await;
    f.tap(&f.owner, &[("action", "start"), ("side", "1")])
        .await
        .assert_status(303);
    let page = bob
        .get(format!("{base}{}", f.event_path()))
        .send()
        .await
        .expect("GET")
        .text()
        .await
        .expect("body");
    let mut stream = Stream::open(&bob, &format!("{base}{}", live_url(&page)), None).await;
    f.tap(
        &f.owner,
        &[("action", "enter"), ("side", "1"), ("points", "2")],
    )
    .await
    .assert_status(303);
    let event = stream.until("current-draw", Duration::from_secs(5)).await;
    assert!(event.data.contains("Team Red"), "{event:?}");
    wait_until(
        "nginx logged both clients",
        Duration::from_secs(5),
        || async {
            let log = std::fs::read_to_string(dir.path().join("access.log")).unwrap_or_default();
            log.contains("127.0.0.2") && log.contains("127.0.0.3")
        },
    )
    .await;
    drop(stream);
    drop(nginx);
    app.stop().await;
}
