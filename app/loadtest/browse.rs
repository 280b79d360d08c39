//! Browsing: signed-out visitors open event pages, game pages, the standings (the event's TV
//! display), club pages and event lists at a set rate — an open loop: a request starts on
//! schedule whether or not earlier ones have finished, as independent visitors would.

use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::Semaphore;

use super::client::Visitor;
use super::setup;
use super::{Check, Errors, Percentiles, Report, Server, progress, run_tag, secs};

#[derive(Debug, Clone, clap::Args)]
pub struct Settings {
    /// Page views per second.
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub rate: u32,
    /// Seconds to keep browsing.
    #[arg(long, default_value_t = 10, value_parser = clap::value_parser!(u32).range(1..=3600))]
    pub duration: u32,
    /// Requests allowed in flight; a view due while this many wait is counted as an error.
    #[arg(long, default_value_t = 512, value_parser = clap::value_parser!(u32).range(1..=100_000))]
    pub max_in_flight: u32,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Event,
    Game,
    Standings,
    Club,
    Events,
}

impl Kind {
    fn name(self) -> &'static str {
        match self {
            Kind::Event => "event page",
            Kind::Game => "game page",
            Kind::Standings => "standings (TV)",
            Kind::Club => "club page",
            Kind::Events => "event list",
        }
    }
}

/// One round of the mix, in twentieths: 35 % events, 25 % games, 15 % standings, 15 %
/// clubs, 10 % event lists.
const MIX: [Kind; 20] = {
    use Kind::*;
    [
        Event, Game, Event, Standings, Club, Event, Game, Events, Event, Game, Standings, Club,
        Event, Game, Event, Standings, Club, Event, Game, Events,
    ]
};

pub async fn run(server: &Server, settings: &Settings) -> anyhow::Result<Report> {
    let club = setup::club(&server.base, &run_tag()).await?;
    let competition = setup::competition(&club, 4).await?;
    competition.score_a_few_ends(&club).await?;
    let path = |kind: Kind, n: usize| match kind {
        Kind::Event => competition.event.clone(),
        Kind::Game => competition.games[n % competition.games.len()].clone(),
        Kind::Standings => format!("{}/tv", competition.event),
        Kind::Club => format!("/clubs/{}", club.slug),
        Kind::Events => format!("/clubs/{}/events", club.slug),
    };
    // Spectators are signed out; a club's own page is for its members (the owner here).
    let spectator = Visitor::new(&server.base)?;
    let before = server.figures().await;

    let total = settings.rate as usize * settings.duration as usize;
    let bar = progress(total as u64, "page views");
    let room = Arc::new(Semaphore::new(settings.max_in_flight as usize));
    let (done, mut results) = tokio::sync::mpsc::unbounded_channel();
    let mut errors = Errors::default();
    let started = Instant::now();
    for n in 0..total {
        let due = started + Duration::from_secs_f64(n as f64 / f64::from(settings.rate));
        tokio::time::sleep_until(due.into()).await;
        let Ok(permit) = room.clone().try_acquire_owned() else {
            errors.add(format!(
                "{} requests in flight: the server is not keeping up with {} views/s",
                settings.max_in_flight, settings.rate
            ));
            continue;
        };
        let kind = MIX[n % MIX.len()];
        let visitor = if kind == Kind::Club {
            club.owner.clone()
        } else {
            spectator.clone()
        };
        let (url, done, bar) = (path(kind, n), done.clone(), bar.clone());
        tokio::spawn(async move {
            let sent = Instant::now();
            let outcome = match visitor.fetch(&url).await {
                Ok((200, _)) => Ok(sent.elapsed()),
                Ok((status, _)) => Err(format!("GET {url}: status {status}")),
                Err(e) => Err(format!("{e:#}")),
            };
            let _ = done.send((kind, outcome));
            bar.inc(1);
            drop(permit);
        });
    }
    drop(done);
    let mut all = Vec::with_capacity(total);
    let mut by_kind: Vec<(Kind, Vec<Duration>)> = Vec::new();
    while let Some((kind, outcome)) = results.recv().await {
        match outcome {
            Ok(took) => {
                all.push(took);
                match by_kind.iter_mut().find(|(k, _)| *k == kind) {
                    Some((_, samples)) => samples.push(took),
                    None => by_kind.push((kind, vec![took])),
                }
            }
            Err(e) => errors.add(e),
        }
    }
    let seconds = secs(started);
    bar.finish_and_clear();
    let after = server.figures().await;
    let answered = all.len();
    let mut latency = vec![("page".to_string(), Percentiles::of(all))];
    for kind in [
        Kind::Event,
        Kind::Game,
        Kind::Standings,
        Kind::Club,
        Kind::Events,
    ] {
        if let Some((_, samples)) = by_kind.iter().find(|(k, _)| *k == kind) {
            latency.push((kind.name().to_string(), Percentiles::of(samples.clone())));
        }
    }
    Ok(Report {
        scenario: "browse",
        target: server.base.clone(),
        seconds,
        figures: vec![
            ("target_rate".to_string(), f64::from(settings.rate)),
            ("page_views".to_string(), answered as f64),
            ("requests_per_second".to_string(), answered as f64 / seconds),
        ],
        latency,
        errors: errors.count,
        error_samples: errors.samples,
        checks: vec![Check::no_sqlite_busy(before, after)],
        server: after,
    })
}
