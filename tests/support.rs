//! `TestApp`: a running Clubhouse on its own temp db dir and an OS-chosen loopback port.

use std::path::Path;

use clubhouse::db::Databases;
use clubhouse::{Config, Running};
use tempfile::TempDir;

pub struct TestApp {
    dir: TempDir,
    running: Option<Running>,
    pub base: String,
    pub client: reqwest::Client,
}

impl TestApp {
    /// A fresh app on fresh files.
    pub async fn start() -> Self {
        let dir = tempfile::tempdir().expect("create temp dir");
        Self::start_in(dir).await
    }

    /// An app on the files already in `dir` (to test restarts).
    pub async fn start_in(dir: TempDir) -> Self {
        let running = clubhouse::start(Config::for_test(dir.path().join("db")))
            .await
            .expect("the app starts");
        let base = format!("http://{}", running.addr());
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("build HTTP client");
        Self {
            dir,
            running: Some(running),
            base,
            client,
        }
    }

    pub fn dbs(&self) -> &Databases {
        self.running
            .as_ref()
            .expect("the app is running")
            .databases()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("GET reaches the app")
    }

    /// Stops the app cleanly and hands back its files.
    pub async fn stop(mut self) -> TempDir {
        if let Some(running) = self.running.take() {
            running.stop().await.expect("clean shutdown");
        }
        self.dir
    }
}

/// Opens the files of `dir` directly (no server), as a test of the storage core would.
pub async fn open_databases(dir: &Path) -> Databases {
    let dir = dir.to_path_buf();
    tokio::task::spawn_blocking(move || {
        Databases::open(&dir, &clubhouse::sports::Sport::ALL, 2).expect("open databases")
    })
    .await
    .expect("open task")
}

/// Closes files without blocking the runtime (joins the writer and reader threads).
pub async fn close(dbs: Databases) {
    tokio::task::spawn_blocking(move || drop(dbs))
        .await
        .expect("close task");
}
