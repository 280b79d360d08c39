//! `clubhouse loadtest` against a real `clubhouse serve`: each scenario runs end to end with
//! small counts, its JSON report says what it measured, and its checks hold.

use serde_json::Value;

use crate::support::serve_process_with;

/// Runs `clubhouse loadtest --json …` against `target`; returns the exit status and report.
async fn loadtest(target: &str, args: &[&str]) -> (bool, Value, String) {
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_clubhouse"))
        .args(["loadtest", "--json", "--target", target])
        .args(args)
        .env("RUST_LOG", "warn")
        .output()
        .await
        .expect("run clubhouse loadtest");
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    let report = serde_json::from_slice(&output.stdout).unwrap_or(Value::Null);
    (output.status.success(), report, stderr)
}

fn figure(report: &Value, name: &str) -> f64 {
    report["figures"][name]
        .as_f64()
        .unwrap_or_else(|| panic!("no figure {name} in {report:#}"))
}

fn all_checks_pass(report: &Value) {
    let checks = report["checks"].as_array().expect("checks");
    assert!(!checks.is_empty());
    for check in checks {
        assert_eq!(check["passed"], Value::Bool(true), "{check}");
    }
    assert_eq!(report["errors"], 0, "{report:#}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_scenario_runs_against_a_real_server_and_reports_what_it_measured() {
    let dir = tempfile::tempdir().expect("temp dir");
    let (mut server, base) = serve_process_with(dir.path(), &[]).await;

    let (ok, report, stderr) = loadtest(
        &base,
        &[
            "championship",
            "--viewers",
            "40",
            "--ramp",
            "400",
            "--scorekeepers",
            "2",
            "--ends",
            "3",
            "--rate",
            "5",
        ],
    )
    .await;
    assert!(ok, "{stderr}\n{report:#}");
    all_checks_pass(&report);
    assert_eq!(report["scenario"], "championship");
    assert_eq!(figure(&report, "spectators"), 40.0);
    assert_eq!(figure(&report, "ends_entered"), 6.0);
    // Every spectator saw every end of both games.
    assert_eq!(figure(&report, "updates_delivered"), 40.0 * 6.0);
    assert!(figure(&report, "messages_per_second") > 0.0);
    assert!(figure(&report, "connections_per_second") > 0.0);
    assert!(figure(&report, "server_bytes_per_connection") >= 0.0);
    let delivery = &report["latency"]["delivery"];
    assert_eq!(delivery["count"], 240);
    assert!(
        delivery["p50"].as_f64().is_some_and(|p| p > 0.0)
            && delivery["p99"].as_f64() <= delivery["max"].as_f64()
    );
    assert!(
        report["server"]["resident_bytes"]
            .as_f64()
            .is_some_and(|b| b > 1e6)
    );

    let (ok, report, stderr) = loadtest(
        &base,
        &[
            "registration-rush",
            "--clients",
            "12",
            "--spots",
            "10",
            "--profiles",
            "2",
        ],
    )
    .await;
    assert!(ok, "{stderr}\n{report:#}");
    all_checks_pass(&report);
    assert_eq!(figure(&report, "confirmed"), 10.0);
    assert_eq!(figure(&report, "waitlisted"), 14.0);
    assert_eq!(report["latency"]["request"]["count"], 24);

    let (ok, report, stderr) =
        loadtest(&base, &["browse", "--rate", "50", "--duration", "2"]).await;
    assert!(ok, "{stderr}\n{report:#}");
    all_checks_pass(&report);
    assert_eq!(figure(&report, "page_views"), 100.0);
    for page in [
        "event page",
        "game page",
        "standings (TV)",
        "club page",
        "event list",
    ] {
        assert!(
            report["latency"][page]["count"]
                .as_u64()
                .is_some_and(|n| n > 0),
            "{page}"
        );
    }
    let _ = server.kill();
    let _ = server.wait();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn it_refuses_a_target_off_loopback_and_says_how_to_allow_it() {
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_clubhouse"))
        .args(["loadtest", "--target", "http://192.0.2.10:3000", "browse"])
        .output()
        .await
        .expect("run clubhouse loadtest");
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("not on loopback") && stderr.contains("--allow-remote"),
        "{stderr}"
    );
    assert!(output.stdout.is_empty());
    // Bad settings are refused by the command line itself.
    let output = tokio::process::Command::new(env!("CARGO_BIN_EXE_clubhouse"))
        .args(["loadtest", "championship", "--viewers", "0"])
        .output()
        .await
        .expect("run clubhouse loadtest");
    assert!(!output.status.success());
    assert!(String::from_utf8_lossy(&output.stderr).contains("--viewers"));
}
