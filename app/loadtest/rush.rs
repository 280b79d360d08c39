//! Registration rush: C families, signed in and on the program's page, register at the same
//! moment for a program with K spots — each family its profiles one after another, so C
//! requests are always in flight. Afterwards the club's registration list must show exactly
//! K confirmed (never more: the program cannot be oversold) and everyone else waitlisted in a
//! line without gaps.

use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use futures_util::future::join_all;

use super::client::Visitor;
use super::setup;
use super::{Check, Errors, Percentiles, Report, Server, progress, run_tag, secs};

#[derive(Debug, Clone, clap::Args)]
pub struct Settings {
    /// Families registering at once.
    #[arg(long, default_value_t = 64, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub clients: u32,
    /// Spots in the program.
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub spots: u32,
    /// Player profiles each family registers (one request each).
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=100))]
    pub profiles: u32,
}

/// A family: signed in, on the program's page, with its profiles' ids and the form's token.
struct Family {
    visitor: Visitor,
    token: String,
    profiles: Vec<String>,
}

async fn family(
    base: &str,
    tag: &str,
    n: u32,
    profiles: u32,
    program: &str,
) -> anyhow::Result<Family> {
    let visitor = Visitor::new(base)?;
    visitor
        .sign_up(
            &format!("Parent {n}"),
            &format!("loadtest-{tag}-parent{n}@example.com"),
        )
        .await?;
    for child in 1..profiles {
        visitor
            .submit(
                "/account",
                "/account/profiles",
                &[
                    ("name", &format!("Child {n}.{child}")),
                    ("birth_year", "2014"),
                ],
            )
            .await?;
    }
    let page = visitor.page(program).await?;
    let token = super::client::hidden(&page, "_csrf").context("no form on the program page")?;
    let marker = r#"name="profile" value=""#;
    let ids: Vec<String> = page
        .match_indices(marker)
        .filter_map(|(i, _)| {
            let rest = &page[i + marker.len()..];
            Some(rest[..rest.find('"')?].to_string())
        })
        .collect();
    if ids.len() != profiles as usize {
        bail!(
            "family {n}: {} profiles on the program page, expected {profiles}",
            ids.len()
        );
    }
    Ok(Family {
        visitor,
        token,
        profiles: ids,
    })
}

/// Registers each of the family's profiles in turn; the round trip of each, or why it failed.
async fn register_all(family: &Family, path: &str) -> Vec<Result<Duration, String>> {
    let mut outcomes = Vec::with_capacity(family.profiles.len());
    for profile in &family.profiles {
        let sent = Instant::now();
        let answer = family
            .visitor
            .post(path, &family.token, &[("profile", profile)])
            .await;
        outcomes.push(match answer {
            Ok((303, _)) => Ok(sent.elapsed()),
            Ok((status, _)) => Err(format!("registration answered {status}")),
            Err(e) => Err(format!("{e:#}")),
        });
    }
    outcomes
}

/// (confirmed, waitlisted, the waitlist is 1..=n without gaps) from the club's CSV.
async fn outcome(owner: &Visitor, slug: &str) -> anyhow::Result<(usize, usize, bool)> {
    let csv = owner
        .page(&format!("/clubs/{slug}/registrations.csv"))
        .await?;
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let (mut confirmed, mut positions) = (0, Vec::new());
    for row in reader.records() {
        let row = row?;
        match row.get(4) {
            Some("Confirmed") => confirmed += 1,
            Some("Waitlisted") => positions.push(row.get(5).unwrap_or("").parse::<usize>()?),
            other => bail!("unexpected registration status {other:?}"),
        }
    }
    positions.sort_unstable();
    let gapless = positions.iter().enumerate().all(|(i, p)| *p == i + 1);
    Ok((confirmed, positions.len(), gapless))
}

/// Everything ready for the rush: the club, its program, and the families on its page.
pub struct Rush {
    club: setup::Club,
    program: String,
    families: Vec<Family>,
    settings: Settings,
}

pub async fn run(server: &Server, settings: &Settings) -> anyhow::Result<Report> {
    prepare(server, settings).await?.run(server).await
}

/// Sets up the club, the program and the families (sign-ups hash passwords, so this part is
/// slow and is kept out of the figures).
pub async fn prepare(server: &Server, settings: &Settings) -> anyhow::Result<Rush> {
    let tag = run_tag();
    let club = setup::club(&server.base, &tag).await?;
    let program = setup::program(&club, settings.spots as usize).await?;
    let bar = progress(u64::from(settings.clients), "families");
    let mut families = Vec::with_capacity(settings.clients as usize);
    // A few at a time, as people would arrive.
    for chunk in (0..settings.clients).collect::<Vec<_>>().chunks(16) {
        let made = join_all(
            chunk
                .iter()
                .map(|n| family(&server.base, &tag, *n, settings.profiles, &program)),
        )
        .await;
        for f in made {
            families.push(f.context("getting a family ready")?);
            bar.inc(1);
        }
    }
    bar.finish_and_clear();
    Ok(Rush {
        club,
        program,
        families,
        settings: settings.clone(),
    })
}

impl Rush {
    /// Every family registers at once; then the checks.
    pub async fn run(self, server: &Server) -> anyhow::Result<Report> {
        let Rush {
            club,
            program,
            families,
            settings,
        } = self;
        let before = server.figures().await;
        let requests = u64::from(settings.clients) * u64::from(settings.profiles);
        let bar = progress(requests, "registrations");
        let register = format!("{program}/register");
        let started = Instant::now();
        let results = join_all(families.iter().map(|f| {
            let bar = bar.clone();
            let register = register.clone();
            async move {
                let out = register_all(f, &register).await;
                bar.inc(out.len() as u64);
                out
            }
        }))
        .await;
        let seconds = secs(started);
        bar.finish_and_clear();

        let mut latencies = Vec::with_capacity(requests as usize);
        let mut errors = Errors::default();
        for outcome in results.into_iter().flatten() {
            match outcome {
                Ok(took) => latencies.push(took),
                Err(e) => errors.add(e),
            }
        }
        let accepted = latencies.len();
        let (confirmed, waitlisted, gapless) = outcome(&club.owner, &club.slug).await?;
        let after = server.figures().await;
        let spots = settings.spots as usize;
        Ok(Report {
            scenario: "registration-rush",
            target: server.base.clone(),
            seconds,
            figures: vec![
                ("clients".to_string(), f64::from(settings.clients)),
                ("requests".to_string(), requests as f64),
                ("requests_per_second".to_string(), accepted as f64 / seconds),
                ("confirmed".to_string(), confirmed as f64),
                ("waitlisted".to_string(), waitlisted as f64),
            ],
            latency: vec![("request".to_string(), Percentiles::of(latencies))],
            errors: errors.count,
            error_samples: errors.samples,
            checks: vec![
                Check::new(
                    "exactly the program's spots confirmed",
                    confirmed == spots.min(accepted),
                    format!("{confirmed} confirmed, {spots} spots, {accepted} registrations"),
                ),
                Check::new(
                    "everyone else waitlisted, in a line without gaps",
                    confirmed + waitlisted == accepted && gapless,
                    format!("{waitlisted} waitlisted"),
                ),
                Check::no_sqlite_busy(before, after),
            ],
            server: after,
        })
    }
}
