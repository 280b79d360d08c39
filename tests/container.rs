//! The `Dockerfile`, built and run for real with podman. No registry of container images is
//! reachable here, so the base images are made from Debian's packages first: a `debootstrap`
//! of bookworm imported as the runtime base, and the same with this machine's Rust toolchain
//! (and a C compiler) as the build base. The build pulls nothing (`--pull=never`). The image
//! starts, `/up` answers, its HEALTHCHECK passes, and a registration survives a restart.
//!
//! `tests/run` installs podman, runc and debootstrap. The base images stay in podman's
//! storage, so only the first run on a machine makes them.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

use crate::registration::program_form;
use crate::support::{Person, hidden_value, wait_until};

const RUNTIME_BASE: &str = "localhost/clubhouse-test-debian:bookworm";
const BUILD_BASE: &str = "localhost/clubhouse-test-rust:bookworm";
const IMAGE: &str = "localhost/clubhouse:test";
const PASSWORD: &str = "a long enough passphrase";

/// podman's settings for this machine: runc (crun refuses a cgroup v1 hybrid), limits no
/// higher than the machine allows, file-based events (no systemd).
const CONTAINERS_CONF: &str = r#"
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]
[engine]
runtime = "runc"
cgroup_manager = "cgroupfs"
events_logger = "file"
"#;

struct Podman {
    conf: PathBuf,
    _dir: tempfile::TempDir,
}

impl Podman {
    fn new() -> Podman {
        let dir = tempfile::tempdir().expect("temp dir");
        let conf = dir.path().join("containers.conf");
        std::fs::write(&conf, CONTAINERS_CONF).expect("containers.conf");
        Podman { conf, _dir: dir }
    }

    fn command(&self, args: &[&str]) -> Command {
        let mut command = Command::new("podman");
        command.env("CONTAINERS_CONF", &self.conf).args(args);
        command
    }

    /// Runs podman to the end; panics with its output when it fails.
    fn run(&self, args: &[&str]) -> String {
        let output = self
            .command(args)
            .output()
            .expect("podman (tests/run installs it)");
        assert!(
            output.status.success(),
            "podman {args:?}: {}",
            text(&output)
        );
        String::from_utf8_lossy(&output.stdout).trim().to_string()
    }

    fn succeeds(&self, args: &[&str]) -> bool {
        self.command(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success())
    }

    fn has_image(&self, image: &str) -> bool {
        self.succeeds(&["image", "exists", image])
    }
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

/// Runs `program args` to the end, panicking with its output on failure.
fn sh(program: &str, args: &[&str]) {
    let output = Command::new(program)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{program}: {e}"));
    assert!(
        output.status.success(),
        "{program} {args:?}: {}",
        text(&output)
    );
}

/// A bookworm root filesystem from Debian's mirror, imported as `RUNTIME_BASE`.
fn make_runtime_base(podman: &Podman) {
    if podman.has_image(RUNTIME_BASE) {
        return;
    }
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path().join("rootfs");
    let root_text = root.display().to_string();
    sh(
        "debootstrap",
        &[
            "--variant=minbase",
            "bookworm",
            &root_text,
            "http://deb.debian.org/debian",
        ],
    );
    std::fs::write(
        root.join("etc/apt/sources.list"),
        "deb http://deb.debian.org/debian bookworm main\n\
         deb http://deb.debian.org/debian bookworm-updates main\n\
         deb http://deb.debian.org/debian-security bookworm-security main\n",
    )
    .expect("sources.list");
    // debootstrap copies the host's resolver and name; the container gets its own.
    for file in ["etc/resolv.conf", "etc/hostname"] {
        std::fs::write(root.join(file), "").expect("blank");
    }
    let _ = std::fs::remove_dir_all(root.join("var/cache/apt/archives"));
    let mut tar = Command::new("tar")
        .args(["-C", &root_text, "-c", "."])
        .stdout(Stdio::piped())
        .spawn()
        .expect("tar");
    let archive = tar.stdout.take().expect("tar output");
    let imported = podman
        .command(&[
            "import",
            "--change",
            "CMD [\"/bin/bash\"]",
            "--change",
            "ENV LANG=C.UTF-8",
            "-",
            RUNTIME_BASE,
        ])
        .stdin(archive)
        .output()
        .expect("podman import");
    assert!(
        tar.wait().is_ok_and(|s| s.success()),
        "tar of the root filesystem"
    );
    assert!(imported.status.success(), "{}", text(&imported));
}

/// The runtime base with this machine's Rust toolchain and a C compiler: what the public
/// `rust:1-bookworm` image would give. TLS to crates.io, npm and PyPI may go through a proxy
/// whose CA only this machine's bundle has: the bundle is mounted at build time and the
/// tools are pointed at it by this image's environment (the Dockerfile knows nothing of it).
fn make_build_base(podman: &Podman, ca: Option<&Path>) {
    if podman.has_image(BUILD_BASE) {
        return;
    }
    let sysroot = Command::new("rustc")
        .args(["--print", "sysroot"])
        .output()
        .expect("rustc");
    let sysroot = String::from_utf8_lossy(&sysroot.stdout).trim().to_string();
    let dir = tempfile::tempdir().expect("temp dir");
    let ca_env = match ca {
        Some(_) => {
            "ENV SSL_CERT_FILE=/etc/ssl/host-ca.crt CARGO_HTTP_CAINFO=/etc/ssl/host-ca.crt \
                    NODE_EXTRA_CA_CERTS=/etc/ssl/host-ca.crt PIP_CERT=/etc/ssl/host-ca.crt \
                    npm_config_cafile=/etc/ssl/host-ca.crt"
        }
        None => "",
    };
    std::fs::write(
        dir.path().join("Containerfile"),
        format!(
            "FROM {RUNTIME_BASE}\n\
             RUN apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y \
                 --no-install-recommends gcc libc6-dev pkg-config ca-certificates \
              && rm -rf /var/lib/apt/lists/*\n\
             RUN mkdir -p /usr/local/rust /usr/local/cargo \
              && cp -a /host-rust/bin /host-rust/lib /host-rust/libexec /host-rust/etc /usr/local/rust/\n\
             ENV CARGO_HOME=/usr/local/cargo \
                 PATH=/usr/local/cargo/bin:/usr/local/rust/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin\n\
             {ca_env}\n\
             RUN rustc --version && cargo --version\n"
        ),
    )
    .expect("Containerfile");
    let mount = format!("{sysroot}:/host-rust:ro");
    let context = dir.path().display().to_string();
    podman.run(&[
        "build",
        "--pull=never",
        "-v",
        &mount,
        "-t",
        BUILD_BASE,
        &context,
    ]);
}

/// Polls `podman healthcheck run` (no systemd timer runs the HEALTHCHECK here).
async fn healthy(podman: &Podman, name: &str) {
    wait_until(
        "the HEALTHCHECK passes",
        Duration::from_secs(60),
        || async { podman.succeeds(&["healthcheck", "run", name]) },
    )
    .await;
}

async fn up(base: &str) -> Option<String> {
    let response = reqwest::get(format!("{base}/up")).await.ok()?;
    response.status().is_success().then_some(())?;
    response.text().await.ok()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_dockerfile_builds_runs_and_keeps_a_registration_across_a_restart() {
    let podman = Podman::new();
    let ca = Path::new("/etc/ssl/certs/ca-certificates.crt");
    let ca = ca.is_file().then_some(ca);
    make_runtime_base(&podman);
    make_build_base(&podman, ca);

    // The Dockerfile as an operator would build it, with the local bases and no pulls. One
    // compile job at low priority: the rest of the suite runs meanwhile.
    let context = env!("CARGO_MANIFEST_DIR");
    let mut build = vec![
        "build",
        "--pull=never",
        "--format",
        "docker",
        "--build-arg",
        "RUST_IMAGE=localhost/clubhouse-test-rust:bookworm",
        "--build-arg",
        "RUNTIME_IMAGE=localhost/clubhouse-test-debian:bookworm",
        "--build-arg",
        "CARGO_BUILD_JOBS=1",
        "-t",
        IMAGE,
    ];
    let mount = ca.map(|ca| format!("{}:/etc/ssl/host-ca.crt:ro", ca.display()));
    if let Some(mount) = &mount {
        build.extend(["-v", mount]);
    }
    build.push(context);
    let output = Command::new("nice")
        .args(["-n", "15", "podman"])
        .env("CONTAINERS_CONF", &podman.conf)
        .args(&build)
        .output()
        .expect("podman build");
    assert!(output.status.success(), "podman build: {}", text(&output));

    // The image says how it runs.
    let config = podman.run(&[
        "image",
        "inspect",
        "--format",
        "{{.Config.User}} {{json .Config.Volumes}} {{json .Config.Healthcheck.Test}}",
        IMAGE,
    ]);
    assert!(config.starts_with("clubhouse "), "non-root: {config}");
    assert!(config.contains("/srv/clubhouse/db"), "{config}");
    assert!(
        config.contains("clubhouse") && config.contains("health"),
        "{config}"
    );

    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("port")
        .port();
    let name = format!("clubhouse-test-{port}");
    let volume = format!("clubhouse-test-db-{port}");
    let publish = format!("127.0.0.1:{port}:3000");
    let mount = format!("{volume}:/srv/clubhouse/db");
    podman.run(&[
        "run",
        "-d",
        "--pull=never",
        "--name",
        &name,
        "-p",
        &publish,
        "-v",
        &mount,
        "-e",
        "CLUBHOUSE_OPERATORS=otto@ops.example",
        IMAGE,
    ]);
    let base = format!("http://127.0.0.1:{port}");
    wait_until("/up answers ok", Duration::from_secs(60), || async {
        up(&base).await.as_deref() == Some("ok")
    })
    .await;
    healthy(&podman, &name).await;

    // A registration through the pages.
    let owner = Person::at(&base);
    owner
        .sign_up_confirmed("Otto Owner", "otto@ops.example", PASSWORD)
        .await
        .assert_redirect("/clubs");
    owner.create_club("Rideau", "rideau", "curling").await;
    let fields = program_form("Tuesday league", "10", "100");
    let pairs: Vec<(&str, &str)> = fields
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let created = owner.post("/clubs/rideau/programs", &pairs).await;
    assert_eq!(created.status, 303, "{}", created.body);
    let program = created.location.expect("the program's page");
    let page = owner.get(&program).await;
    let profile = hidden_value(&page.body, "profile").expect("a profile to register");
    owner
        .post(&format!("{program}/register"), &[("profile", &profile)])
        .await
        .assert_redirect("/clubs/rideau/my-registrations");

    // SIGTERM drains and stops it; a start on the same volume has the registration.
    podman.run(&["stop", "--time", "45", &name]);
    let state = podman.run(&["inspect", "--format", "{{.State.ExitCode}}", &name]);
    assert_eq!(state, "0", "a clean exit on SIGTERM");
    let logs = podman.run(&["logs", &name]);
    assert!(logs.contains("shutting down"), "{logs}");
    podman.run(&["start", &name]);
    wait_until(
        "/up answers after the restart",
        Duration::from_secs(60),
        || async { up(&base).await.is_some() },
    )
    .await;
    let mine = owner.get("/clubs/rideau/my-registrations").await;
    mine.assert_status(200).assert_contains("Tuesday league");
    // Litestream runs inside the image too (the operator's page says so).
    owner
        .get("/operator/backups")
        .await
        .assert_status(200)
        .assert_contains("Litestream is running");

    let _ = podman.succeeds(&["rm", "-f", "--time", "5", &name]);
    let _ = podman.succeeds(&["volume", "rm", "-f", &volume]);
}
