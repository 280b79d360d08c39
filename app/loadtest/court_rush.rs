//! Court rush: M members of a pickleball club are on Saturday's booking grid when its slots
//! open (the club's rules open them N days ahead at a minute of the club's clock). At that
//! second each taps a slot; one who is told "just taken" takes the first still-free slot on
//! the page the refusal shows, until they hold one or none is left. Afterwards the grid
//! must show every slot booked exactly once, and the server must have answered every tap
//! with a booking (303) or a refusal that the slot is gone (409) — nothing else.

use std::time::{Duration, Instant};

use anyhow::{Context, bail};
use chrono::{Datelike, Timelike};
use futures_util::future::join_all;

use super::client::{Visitor, hidden};
use super::{Check, Errors, Percentiles, Report, Server, progress, run_tag, secs};

#[derive(Debug, Clone, clap::Args)]
pub struct Settings {
    /// Members tapping at once.
    #[arg(long, default_value_t = 200, value_parser = clap::value_parser!(u32).range(1..=10_000))]
    pub members: u32,
    /// Courts in the club.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=40))]
    pub courts: u32,
    /// Hour-long slots per court on Saturday.
    #[arg(long, default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=14))]
    pub slots: u32,
    /// Tap at once instead of waiting for the next minute, when the window really opens
    /// (the quick check; the figures come from the real opening).
    #[arg(long)]
    pub already_open: bool,
}

const ZONE: chrono_tz::Tz = chrono_tz::America::Toronto;

/// A member on the grid: signed in, with the grid's form token.
struct Member {
    visitor: Visitor,
    token: String,
}

/// The free slots on a grid page: (sheet, starts_at) of each booking form, in page order.
fn free_slots(page: &str) -> Vec<(String, String)> {
    page.match_indices("/courts/book\"")
        .filter_map(|(at, _)| {
            let form = &page[at..];
            let form = &form[..form.find("</form>")?];
            Some((hidden(form, "sheet")?, hidden(form, "starts_at")?))
        })
        .collect()
}

/// Taps `first`, then the first free slot each refusal shows: each round trip's time, and
/// whether it booked.
async fn book(
    member: &Member,
    path: &str,
    first: (String, String),
) -> Vec<Result<(Duration, bool), String>> {
    let mut outcomes = Vec::new();
    let mut next = Some(first);
    while let Some((sheet, starts_at)) = next.take() {
        let sent = Instant::now();
        let answer = member
            .visitor
            .post_page(
                path,
                &member.token,
                &[("sheet", &sheet), ("starts_at", &starts_at)],
            )
            .await;
        match answer {
            Ok((303, _)) => outcomes.push(Ok((sent.elapsed(), true))),
            Ok((409, body)) => {
                outcomes.push(Ok((sent.elapsed(), false)));
                if !body.contains("Someone just booked that slot") {
                    outcomes.push(Err("a refusal other than \"just taken\"".into()));
                    break;
                }
                next = free_slots(&body).into_iter().next();
            }
            Ok((status, _)) => {
                outcomes.push(Err(format!("booking answered {status}")));
                break;
            }
            Err(e) => {
                outcomes.push(Err(format!("{e:#}")));
                break;
            }
        }
    }
    outcomes
}

/// Everything ready: the club, its rules, the members on Saturday's grid.
pub struct Rush {
    owner: Visitor,
    slug: String,
    grid: String,
    opens: Instant,
    members: Vec<Member>,
    slots: Vec<(String, String)>,
    settings: Settings,
}

pub async fn run(server: &Server, settings: &Settings) -> anyhow::Result<Report> {
    prepare(server, settings).await?.run(server).await
}

/// The next Saturday after today on the club's clock.
fn saturday(today: chrono::NaiveDate) -> chrono::NaiveDate {
    let ahead = (5 + 7 - today.weekday().num_days_from_monday() as i64) % 7;
    today + chrono::Duration::days(if ahead == 0 { 7 } else { ahead })
}

/// Makes the club, its courts and members (sign-ups hash passwords: slow, and kept out of
/// the figures), then the rules: Saturday's slots open at the next whole minute.
pub async fn prepare(server: &Server, settings: &Settings) -> anyhow::Result<Rush> {
    let tag = run_tag();
    let owner = Visitor::new(&server.base)?;
    owner
        .sign_up("Court Owner", &format!("loadtest-{tag}@example.com"))
        .await?;
    let slug = format!("courts-{tag}");
    owner
        .submit(
            "/clubs/new",
            "/clubs",
            &[
                ("name", &format!("Courts {tag}")),
                ("slug", &slug),
                ("sport", "pickleball"),
                ("region", "CA-ON"),
            ],
        )
        .await
        .context("creating the club")?;
    let club = format!("/clubs/{slug}");
    for n in 1..=settings.courts {
        owner
            .submit(
                &club,
                &format!("{club}/sheets"),
                &[("name", &format!("Court {n}"))],
            )
            .await
            .context("adding a court")?;
    }
    // One invitation each (a link is used once), made in turn so each page shows the new one.
    let members_page = format!("{club}/members");
    let mut links = Vec::with_capacity(settings.members as usize);
    for _ in 0..settings.members {
        owner
            .submit(
                &members_page,
                &format!("{club}/invitations"),
                &[("role", "member")],
            )
            .await?;
        let page = owner.page(&members_page).await?;
        let start = page.find("/invitations/").context("the invitation link")?;
        let end = start + page[start..].find('"').context("the link's end")?;
        links.push(page[start..end].to_string());
    }
    let bar = progress(u64::from(settings.members), "members");
    let mut visitors = Vec::with_capacity(settings.members as usize);
    for chunk in links.iter().enumerate().collect::<Vec<_>>().chunks(16) {
        let made = join_all(chunk.iter().map(|(n, link)| {
            let tag = &tag;
            async move {
                let visitor = Visitor::new(&server.base)?;
                visitor
                    .sign_up(
                        &format!("Member {n}"),
                        &format!("loadtest-{tag}-m{n}@example.com"),
                    )
                    .await?;
                visitor.submit(link, link, &[]).await?;
                anyhow::Ok(visitor)
            }
        }))
        .await;
        for v in made {
            visitors.push(v.context("getting a member ready")?);
            bar.inc(1);
        }
    }
    bar.finish_and_clear();

    // Saturday 08:00 for `slots` hours on every court; the window opens `ahead` days before
    // at the next minute (or has opened already).
    let now = chrono::Utc::now().with_timezone(&ZONE);
    let day = saturday(now.date_naive());
    let ahead = (day - now.date_naive()).num_days();
    let mut at = now + chrono::Duration::minutes(1);
    if at.second() > 45 {
        // Leave time for the members to load the grid before it opens.
        at += chrono::Duration::minutes(1);
    }
    let opens_minute = if settings.already_open {
        0
    } else if at.date_naive() != now.date_naive() {
        bail!("the club's day ends within two minutes: run the rush again after midnight");
    } else {
        at.hour() * 60 + at.minute()
    };
    let closes = 8 + settings.slots;
    let mut rules: Vec<(String, String)> = vec![
        ("slot_minutes".into(), "60".into()),
        ("days_ahead".into(), ahead.to_string()),
        (
            "opens_at".into(),
            format!("{:02}:{:02}", opens_minute / 60, opens_minute % 60),
        ),
        ("max_active".into(), "3".into()),
        ("max_per_day".into(), "1".into()),
        ("cancel_minutes".into(), "120".into()),
    ];
    rules.push(("sat_opens".into(), "08:00".into()));
    rules.push(("sat_closes".into(), format!("{closes:02}:00")));
    let fields: Vec<(&str, &str)> = rules
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    owner
        .submit(
            &format!("{club}/courts/rules"),
            &format!("{club}/courts/rules"),
            &fields,
        )
        .await
        .context("saving the booking rules")?;
    let opens = if settings.already_open {
        Instant::now()
    } else {
        let opening = at
            .with_second(0)
            .and_then(|t| t.with_nanosecond(0))
            .context("the opening minute")?;
        let wait = (opening.with_timezone(&chrono::Utc) - chrono::Utc::now())
            .to_std()
            .unwrap_or_default();
        Instant::now() + wait
    };

    let grid = format!("{club}/courts?date={}", day.format("%Y-%m-%d"));
    let mut members = Vec::with_capacity(visitors.len());
    for visitor in visitors {
        let page = visitor.page(&grid).await?;
        let token = hidden(&page, "_csrf").context("no form on the grid")?;
        members.push(Member { visitor, token });
    }
    let slots = free_slots(&owner.page(&grid).await?);
    if slots.len() != (settings.courts * settings.slots) as usize {
        bail!(
            "{} free slots on Saturday's grid, expected {}",
            slots.len(),
            settings.courts * settings.slots
        );
    }
    Ok(Rush {
        owner,
        slug,
        grid,
        opens,
        members,
        slots,
        settings: settings.clone(),
    })
}

impl Rush {
    /// Waits for the opening, then every member taps at once; then the checks.
    pub async fn run(self, server: &Server) -> anyhow::Result<Report> {
        let Rush {
            owner,
            slug,
            grid,
            opens,
            members,
            slots,
            settings,
        } = self;
        // A few milliseconds past the second, as a page's countdown enables its buttons.
        tokio::time::sleep_until((opens + Duration::from_millis(20)).into()).await;
        let before = server.figures().await;
        let path = format!("/clubs/{slug}/courts/book");
        let started = Instant::now();
        let results = join_all(
            members
                .iter()
                .enumerate()
                .map(|(i, m)| book(m, &path, slots[i % slots.len()].clone())),
        )
        .await;
        let seconds = secs(started);
        let mut latencies = Vec::new();
        let mut errors = Errors::default();
        let (mut taps, mut booked) = (0, 0);
        for outcome in results.into_iter().flatten() {
            match outcome {
                Ok((took, won)) => {
                    taps += 1;
                    booked += usize::from(won);
                    latencies.push(took);
                }
                Err(e) => errors.add(e),
            }
        }
        let page = owner.page(&grid).await?;
        let taken = page.matches(r#"<td class="taken">"#).count()
            + page.matches(r#"<td class="mine">"#).count();
        let left = free_slots(&page).len();
        let after = server.figures().await;
        let wanted = slots.len().min(settings.members as usize);
        Ok(Report {
            scenario: "court-rush",
            target: server.base.clone(),
            seconds,
            figures: vec![
                ("members".to_string(), f64::from(settings.members)),
                ("slots".to_string(), slots.len() as f64),
                ("requests".to_string(), taps as f64),
                ("bookings".to_string(), taken as f64),
                ("requests_per_second".to_string(), taps as f64 / seconds),
            ],
            latency: vec![("request".to_string(), Percentiles::of(latencies))],
            errors: errors.count,
            error_samples: errors.samples,
            checks: vec![
                Check::new(
                    "every slot booked exactly once",
                    taken == wanted && left == slots.len() - wanted,
                    format!("{taken} booked, {left} free, {} slots", slots.len()),
                ),
                Check::new(
                    "one booking answered per slot",
                    booked == wanted,
                    format!("{booked} taps booked"),
                ),
                Check::no_sqlite_busy(before, after),
            ],
            server: after,
        })
    }
}
