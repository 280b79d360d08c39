//! What the scenarios need on the server, made through its own forms: an owner with a club,
//! an event with games in play, a program open for registration.

use anyhow::Context;

use super::client::{Visitor, hidden, links, option_value};

/// A signed-in owner of a new curling club at `/clubs/<slug>`.
pub struct Club {
    pub owner: Visitor,
    pub slug: String,
}

pub async fn club(base: &str, tag: &str) -> anyhow::Result<Club> {
    let owner = Visitor::new(base)?;
    owner
        .sign_up("Load Test Owner", &format!("loadtest-{tag}@example.com"))
        .await
        .context("signing the owner up")?;
    let slug = format!("loadtest-{tag}");
    owner
        .submit(
            "/clubs/new",
            "/clubs",
            &[
                ("name", &format!("Load Test {tag}")),
                ("slug", &slug),
                ("sport", "curling"),
                ("region", "CA-ON"),
            ],
        )
        .await
        .context("creating the club")?;
    Ok(Club { owner, slug })
}

/// An event with `games` games in one draw, all started.
pub struct Competition {
    pub event: String,
    pub games: Vec<String>,
    /// The event's live feed, from now on (no replay).
    pub live: String,
}

pub async fn competition(club: &Club, games: usize) -> anyhow::Result<Competition> {
    let owner = &club.owner;
    let events = format!("/clubs/{}/events", club.slug);
    let manage = owner
        .submit(
            &events,
            &events,
            &[
                ("name", "Load Test Championship"),
                ("kind", "championship"),
                ("audience", "public"),
                ("ends", "8"),
                // Blank ends keep a game level, so it always has a next (extra) end.
                ("extra_ends", "on"),
            ],
        )
        .await
        .context("creating the event")?;
    let event = manage.trim_end_matches("/manage").to_string();
    for n in 1..=games * 2 {
        let team = format!("Team {n}");
        owner
            .submit(
                &manage,
                &format!("{event}/teams"),
                &[("name", &team), ("skip", &format!("Skip {n}"))],
            )
            .await
            .with_context(|| format!("adding {team}"))?;
    }
    owner
        .submit(
            &manage,
            &format!("{event}/draws"),
            &[("starts_at", "2026-11-22T19:00")],
        )
        .await
        .context("adding the draw")?;
    let page = owner.page(&manage).await?;
    let draw = option_value(&page, "2026-11-22 19:00").context("the draw on the page")?;
    for n in 0..games {
        let (one, two) = (format!("Team {}", 2 * n + 1), format!("Team {}", 2 * n + 2));
        let team1 = option_value(&page, &one).context("team on the page")?;
        let team2 = option_value(&page, &two).context("team on the page")?;
        owner
            .submit(
                &manage,
                &format!("{event}/games"),
                &[
                    ("draw", &draw),
                    ("sheet", ""),
                    ("team1", &team1),
                    ("team2", &team2),
                ],
            )
            .await
            .with_context(|| format!("adding game {one} v {two}"))?;
    }
    let page = owner.page(&event).await?;
    let games: Vec<String> = links(&page, &format!("/clubs/{}/games/", club.slug))
        .into_iter()
        .filter(|l| {
            l.rsplit('/')
                .next()
                .is_some_and(|id| id.parse::<u64>().is_ok())
        })
        .collect();
    for game in &games {
        tap(owner, game, &[("action", "start"), ("side", "1")]).await?;
    }
    let start = page
        .find("sse-connect=\"")
        .context("the event's live feed")?
        + 13;
    let live =
        page[start..start + page[start..].find('"').context("feed URL")?].replace("&amp;", "&");
    let live = live.split("&after=").next().unwrap_or(&live).to_string();
    Ok(Competition { event, games, live })
}

impl Competition {
    /// Three ends on every game, so its pages have scores, line scores and standings.
    pub async fn score_a_few_ends(&self, club: &Club) -> anyhow::Result<()> {
        for game in &self.games {
            for points in ["2", "0", "1"] {
                let fields = [("action", "enter"), ("side", "1"), ("points", points)];
                if tap(&club.owner, game, &fields).await?.1 != 303 {
                    anyhow::bail!("setting up: a tap on {game} was refused");
                }
            }
        }
        Ok(())
    }
}

/// One tap on a game's scorekeeper screen, with the version it shows now. Returns the time
/// the POST was sent (just before) and the status it got.
pub async fn tap(
    keeper: &Visitor,
    game: &str,
    fields: &[(&str, &str)],
) -> anyhow::Result<(std::time::Instant, u16)> {
    let score = format!("{game}/score");
    let screen = keeper.page(&score).await?;
    let version = hidden(&screen, "version").context("no version on the scorekeeper screen")?;
    let token = hidden(&screen, "_csrf").context("no form on the scorekeeper screen")?;
    let mut form = vec![("version", version.as_str())];
    form.extend_from_slice(fields);
    let sent = std::time::Instant::now();
    let (status, _) = keeper.post(&score, &token, &form).await?;
    Ok((sent, status))
}

/// A program open now with `spots` places, for anyone with an account; returns its path.
pub async fn program(club: &Club, spots: usize) -> anyhow::Result<String> {
    let programs = format!("/clubs/{}/programs", club.slug);
    club.owner
        .submit(
            &programs,
            &programs,
            &[
                ("name", "Opening Night"),
                ("season", "2026–27"),
                ("kind", "league"),
                ("capacity", &spots.to_string()),
                ("fee", "150"),
                ("opens_at", "2020-01-01T00:00"),
                ("closes_at", "2099-01-01T00:00"),
                ("who", "accounts"),
            ],
        )
        .await
        .context("creating the program")
}
