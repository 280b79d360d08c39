//! Court rush benchmark: M members on Saturday's booking grid at the second its slots open.
//!
//! Starts the real `clubhouse serve` as a child process on fresh files and runs `clubhouse
//! loadtest court-rush` (app/loadtest/court_rush.rs) against it: the club's rules open
//! Saturday's slots at the next whole minute; at that second every member taps a slot (member
//! i the i-th slot, round the grid), and a member told "just taken" taps the first free slot
//! of the page the refusal shows, until they hold one or none is left. Afterwards every slot
//! must be booked exactly once, with one booking answered per slot, and no answer other than
//! a booking (303) or "just taken" (409). Latency is each tap's round trip; CPU is the
//! server's during the rush, per tap and per booking.
//!
//! Run: `cargo bench --bench court_rush` (MEMBERS=200 COURTS=4 SLOTS=4: 16 slots; it waits
//! up to two minutes for the opening). Without `--bench` (as `cargo test` runs it) it does a
//! quick pass with 20 members on 4 slots that are already open.

mod support;

use anyhow::bail;
use clubhouse::loadtest::{Server, court_rush};

use support::{cpu_ms, env_list, start_server};

async fn run(settings: court_rush::Settings) -> anyhow::Result<()> {
    let dir = tempfile::tempdir()?;
    let (server, addr) = start_server(dir.path(), &[]).await?;
    let target = Server::new(&format!("http://{addr}"));
    let ready = court_rush::prepare(&target, &settings).await?;
    // CPU around the opening and the rush (the wait for the second is idle).
    let cpu_before = cpu_ms(server.0.id())?;
    let report = ready.run(&target).await?;
    let server_cpu = cpu_ms(server.0.id())? - cpu_before;
    let latency = report.latency("request").unwrap_or_default();
    let taps = report.figure("requests").unwrap_or(0.0);
    let bookings = report.figure("bookings").unwrap_or(0.0);
    println!(
        "members={:>4}  slots={:>3}  taps={taps:>4}  bookings={bookings}  p50={:>5.1} ms  p99={:>5.1} ms  max={:>6.1} ms  errors={}  server cpu: {:.2} ms per tap, {:.1} ms per booking",
        settings.members,
        report.figure("slots").unwrap_or(0.0),
        latency.p50,
        latency.p99,
        latency.max,
        report.errors,
        server_cpu / taps.max(1.0),
        server_cpu / bookings.max(1.0),
    );
    for e in &report.error_samples {
        eprintln!("error: {e}");
    }
    if report.errors > 0 || report.checks.iter().any(|c| !c.passed) {
        bail!("the rush failed:\n{}", report.summary());
    }
    Ok(())
}

fn main() -> anyhow::Result<()> {
    let quick = !std::env::args().any(|a| a == "--bench");
    let settings = court_rush::Settings {
        members: env_list("MEMBERS", &[if quick { 20 } else { 200 }])[0] as u32,
        courts: env_list("COURTS", &[if quick { 2 } else { 4 }])[0] as u32,
        slots: env_list("SLOTS", &[if quick { 2 } else { 4 }])[0] as u32,
        already_open: quick,
    };
    println!(
        "court rush: {} members, {} courts × {} slots{}",
        settings.members,
        settings.courts,
        settings.slots,
        if quick {
            " (quick: already open)"
        } else {
            ", at the opening second"
        }
    );
    tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()?
        .block_on(run(settings))
}
