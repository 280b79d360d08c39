//! `clubhouse api`: the JSON API from a shell, for automation — through the public API only.
//! `login` checks a key against a server and stores both (mode 0600); the other commands
//! read with it and print terse lines, or the API's own JSON with `--json`.

use std::path::PathBuf;

use anyhow::{Context, anyhow, bail};
use clap::{Args as ClapArgs, Subcommand};
use serde_json::{Value, json};

#[derive(ClapArgs, Debug)]
pub struct Args {
    /// Print the API's JSON instead of lines.
    #[arg(long, global = true)]
    json: bool,
    #[command(subcommand)]
    command: ApiCommand,
}

#[derive(Subcommand, Debug)]
enum ApiCommand {
    /// Check a club's API key against a server and remember both.
    Login {
        /// The server, e.g. https://club.example
        #[arg(long)]
        server: String,
        /// The club's short name (in its page's address).
        #[arg(long)]
        club: String,
        /// The key (chk_…); `-` reads it from standard input, so it stays out of the history.
        #[arg(long, env = "CLUBHOUSE_API_KEY", hide_env_values = true)]
        key: String,
    },
    /// The club's events.
    Events,
    /// An event's games and their scores.
    Games { event: i64 },
    /// An event's standings.
    Standings { event: i64 },
    /// An event's spare requests for games still to come.
    Spares { event: i64 },
    /// The schedule generator.
    Schedule {
        #[command(subcommand)]
        command: ScheduleCommand,
    },
    /// Keep score: start a game, enter or correct an end (or a rally), undo, concede, finish.
    Score {
        game: i64,
        /// The end (curling) to enter or, if already played, to correct.
        #[arg(long)]
        end: Option<u32>,
        /// The team, by id or by a part of its name (`red` for "Team Red").
        #[arg(long)]
        team: Option<String>,
        #[arg(long, default_value_t = 0)]
        points: u8,
        /// Start the game; `--team` has the hammer (or serves first).
        #[arg(long)]
        start: bool,
        /// A rally won by `--team` (pickleball).
        #[arg(long)]
        rally: bool,
        #[arg(long)]
        undo: bool,
        /// `--team` concedes.
        #[arg(long)]
        concede: bool,
        #[arg(long)]
        finish: bool,
    },
}

#[derive(Subcommand, Debug)]
enum ScheduleCommand {
    /// Schedule the round robin of an event's teams over the nights given (shown first with
    /// `--dry-run`).
    Generate {
        event: i64,
        /// The first night, 2027-01-05.
        #[arg(long)]
        first_date: String,
        /// The nights of the week, comma-separated: `tue,thu`.
        #[arg(long, value_delimiter = ',', required = true)]
        weekdays: Vec<String>,
        /// The draw times of a night, comma-separated: `19:00,21:15`.
        #[arg(long, value_delimiter = ',', default_value = "19:00")]
        times: Vec<String>,
        /// Dates with no draws, comma-separated.
        #[arg(long, value_delimiter = ',')]
        exclude: Vec<String>,
        /// Sheet ids to use (all the club's if not given), comma-separated.
        #[arg(long, value_delimiter = ',')]
        sheets: Vec<i64>,
        /// A double round robin.
        #[arg(long)]
        double: bool,
        /// Let a team play twice a night.
        #[arg(long)]
        twice_a_night: bool,
        /// Show the proposal; write nothing.
        #[arg(long)]
        dry_run: bool,
    },
}

#[derive(serde::Serialize, serde::Deserialize)]
struct Login {
    server: String,
    club: String,
    key: String,
}

fn login_file() -> anyhow::Result<PathBuf> {
    if let Some(path) = std::env::var_os("CLUBHOUSE_API_CONFIG") {
        return Ok(PathBuf::from(path));
    }
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))
        .ok_or_else(|| anyhow!("no HOME: set CLUBHOUSE_API_CONFIG to where the login goes"))?;
    Ok(base.join("clubhouse").join("api.json"))
}

async fn read_login() -> anyhow::Result<Login> {
    let path = login_file()?;
    let text = tokio::fs::read_to_string(&path).await.with_context(|| {
        format!(
            "reading {} (run `clubhouse api login` first)",
            path.display()
        )
    })?;
    serde_json::from_str(&text).with_context(|| format!("{} is not a login", path.display()))
}

async fn write_login(login: &Login) -> anyhow::Result<PathBuf> {
    use std::os::unix::fs::OpenOptionsExt;
    let path = login_file()?;
    let text = serde_json::to_string_pretty(login)?;
    let target = path.clone();
    tokio::task::spawn_blocking(move || -> anyhow::Result<()> {
        if let Some(dir) = target.parent() {
            std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
        }
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create(true)
            .truncate(true)
            .mode(0o600)
            .open(&target)
            .with_context(|| format!("writing {}", target.display()))?;
        // `mode` applies only to a new file: an older, wider one is narrowed first.
        file.set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
        std::io::Write::write_all(&mut file, text.as_bytes())?;
        Ok(())
    })
    .await??;
    Ok(path)
}

struct Api {
    http: reqwest::Client,
    login: Login,
}

/// An answer: status, ETag, JSON.
struct Answer {
    status: u16,
    etag: String,
    body: Value,
}

impl Api {
    fn new(login: Login) -> anyhow::Result<Api> {
        let http = reqwest::Client::builder()
            .timeout(std::time::Duration::from_secs(30))
            .build()?;
        Ok(Api { http, login })
    }

    fn url(&self, rest: &str) -> String {
        format!(
            "{}/api/v1/clubs/{}{rest}",
            self.login.server.trim_end_matches('/'),
            self.login.club
        )
    }

    async fn send(&self, req: reqwest::RequestBuilder) -> anyhow::Result<Answer> {
        let resp = req
            .bearer_auth(&self.login.key)
            .send()
            .await
            .with_context(|| format!("reaching {}", self.login.server))?;
        let status = resp.status().as_u16();
        let etag = resp
            .headers()
            .get("etag")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let text = resp.text().await?;
        let body = serde_json::from_str(&text).unwrap_or(Value::String(text));
        Ok(Answer { status, etag, body })
    }

    /// A successful answer, or the problem's title and detail as the error.
    async fn ok(&self, req: reqwest::RequestBuilder) -> anyhow::Result<Answer> {
        let answer = self.send(req).await?;
        if (200..300).contains(&answer.status) {
            return Ok(answer);
        }
        let b = &answer.body;
        let mut text = format!(
            "{} {}",
            answer.status,
            b["title"].as_str().unwrap_or("error")
        );
        if let Some(detail) = b["detail"].as_str() {
            text.push_str(&format!(": {detail}"));
        }
        for e in b["errors"].as_array().into_iter().flatten() {
            text.push_str(&format!(
                "; {}: {}",
                e["name"].as_str().unwrap_or(""),
                e["reason"].as_str().unwrap_or("")
            ));
        }
        bail!(text)
    }

    async fn get(&self, rest: &str) -> anyhow::Result<Answer> {
        self.ok(self.http.get(self.url(rest))).await
    }

    async fn post(&self, rest: &str, body: &Value) -> anyhow::Result<Answer> {
        self.ok(self
            .http
            .post(self.url(rest))
            .header("content-type", "application/json")
            .body(body.to_string()))
            .await
    }
}

/// The team of `game` that `wanted` names: its id, or a part of its name.
fn team_of(game: &Value, wanted: &str) -> anyhow::Result<i64> {
    let sides = game["sides"].as_array().cloned().unwrap_or_default();
    let wanted_lower = wanted.to_lowercase();
    let found: Vec<i64> = sides
        .iter()
        .filter(|s| {
            s["team_id"].as_i64().map(|id| id.to_string()) == Some(wanted.to_string())
                || s["team"]
                    .as_str()
                    .is_some_and(|n| n.to_lowercase().contains(&wanted_lower))
        })
        .filter_map(|s| s["team_id"].as_i64())
        .collect();
    match found.as_slice() {
        [one] => Ok(*one),
        [] => bail!("no team of this game matches {wanted:?}"),
        _ => bail!("{wanted:?} matches both teams: use the team's id"),
    }
}

fn game_line(g: &Value) -> String {
    let sides = g["sides"].as_array().cloned().unwrap_or_default();
    let side = |i: usize| {
        sides
            .get(i)
            .map(|s| format!("{} {}", s["team"].as_str().unwrap_or("?"), s["score"]))
            .unwrap_or_default()
    };
    format!(
        "{}\t{}\t{} – {}\tv{}",
        g["id"],
        g["state"].as_str().unwrap_or(""),
        side(0),
        side(1),
        g["version"]
    )
}

/// A proposal or a made schedule: a line per game, then the summary.
fn schedule_lines(b: &Value, names: &std::collections::HashMap<i64, String>) -> Vec<String> {
    let name = |id: &Value| {
        id.as_i64()
            .and_then(|id| names.get(&id).cloned())
            .unwrap_or_else(|| id.to_string())
    };
    let mut lines = Vec::new();
    for d in b["draws"].as_array().into_iter().flatten() {
        for g in d["games"].as_array().into_iter().flatten() {
            lines.push(format!(
                "{}	sheet {}	{} v {}",
                d["starts_at"].as_str().unwrap_or(""),
                g["sheet_id"],
                name(&g["team_ids"][0]),
                name(&g["team_ids"][1])
            ));
        }
    }
    let f = &b["fairness"];
    lines.push(format!(
        "{} {} games over {} draws{}; sheet spread {}, hammer imbalance {}",
        if b["created"] == true {
            "Created"
        } else {
            "Proposed (nothing written)"
        },
        b["games"],
        b["draws"].as_array().map_or(0, Vec::len),
        if b["optimal"] == true {
            ", as even as it can be"
        } else {
            ""
        },
        f["sheet_spread"],
        f["hammer_imbalance"]
    ));
    lines
}

pub async fn run(args: Args) -> anyhow::Result<()> {
    if let ApiCommand::Login { server, club, key } = &args.command {
        let key = if key == "-" {
            tokio::task::spawn_blocking(|| -> std::io::Result<String> {
                let mut line = String::new();
                std::io::stdin().read_line(&mut line)?;
                Ok(line.trim().to_string())
            })
            .await??
        } else {
            key.clone()
        };
        let api = Api::new(Login {
            server: server.clone(),
            club: club.clone(),
            key,
        })?;
        let club = api.get("").await.context("checking the key")?;
        let path = write_login(&api.login).await?;
        println!(
            "Signed in to {} ({}); saved in {}",
            club.body["name"].as_str().unwrap_or(""),
            api.login.server,
            path.display()
        );
        return Ok(());
    }
    let api = Api::new(read_login().await?)?;
    let print = |answer: &Answer, lines: &dyn Fn(&Value) -> Vec<String>| {
        if args.json {
            println!("{}", answer.body);
        } else {
            for line in lines(&answer.body) {
                println!("{line}");
            }
        }
    };
    match args.command {
        ApiCommand::Login { .. } => unreachable!("handled above"),
        ApiCommand::Events => {
            let mut rest = "/events?limit=200".to_string();
            loop {
                let page = api.get(&rest).await?;
                print(&page, &|b| {
                    b["items"]
                        .as_array()
                        .into_iter()
                        .flatten()
                        .map(|e| {
                            format!(
                                "{}\t{}\t{}{}",
                                e["id"],
                                e["kind"].as_str().unwrap_or(""),
                                e["name"].as_str().unwrap_or(""),
                                if e["public"] == true {
                                    ""
                                } else {
                                    " (members)"
                                }
                            )
                        })
                        .collect()
                });
                match page.body["next"].as_str() {
                    // The next link is a path under /api/v1/clubs/<club>.
                    Some(next) => {
                        rest = next
                            .split_once("/events")
                            .map(|(_, tail)| format!("/events{tail}"))
                            .ok_or_else(|| anyhow!("unexpected next link {next}"))?
                    }
                    None => break,
                }
            }
        }
        ApiCommand::Games { event } => {
            let games = api.get(&format!("/events/{event}/games")).await?;
            print(&games, &|b| {
                b["items"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(game_line)
                    .collect()
            });
        }
        ApiCommand::Standings { event } => {
            let table = api.get(&format!("/events/{event}/standings")).await?;
            print(&table, &|b| {
                let mut lines = Vec::new();
                for t in b["tables"].as_array().into_iter().flatten() {
                    if let Some(pool) = t["pool"].as_str() {
                        lines.push(format!("Pool {pool}"));
                    }
                    for r in t["rows"].as_array().into_iter().flatten() {
                        lines.push(format!(
                            "{}\t{}\t{}-{}-{}\t{}",
                            r["rank"],
                            r["team"].as_str().unwrap_or(""),
                            r["wins"],
                            r["losses"],
                            r["ties"],
                            r["why"].as_str().unwrap_or("")
                        ));
                    }
                }
                lines
            });
        }
        ApiCommand::Spares { event } => {
            let spares = api.get(&format!("/events/{event}/spares")).await?;
            print(&spares, &|b| {
                b["items"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|r| {
                        format!(
                            "{}	game {}	{}	{}{}",
                            r["id"],
                            r["game_id"],
                            r["position"].as_str().unwrap_or(""),
                            r["status"].as_str().unwrap_or(""),
                            if r["can_fill"] == true {
                                "\t(you can take it)"
                            } else {
                                ""
                            }
                        )
                    })
                    .collect()
            });
        }
        ApiCommand::Schedule {
            command:
                ScheduleCommand::Generate {
                    event,
                    first_date,
                    weekdays,
                    times,
                    exclude,
                    sheets,
                    double,
                    twice_a_night,
                    dry_run,
                },
        } => {
            let mut body = json!({
                "first_date": first_date,
                "weekdays": weekdays,
                "times": times,
                "excluded": exclude,
                "cycles": if double { 2 } else { 1 },
                "once_per_night": !twice_a_night,
                "dry_run": dry_run,
            });
            if !sheets.is_empty() {
                body["sheet_ids"] = json!(sheets);
            }
            let detail = api.get(&format!("/events/{event}")).await?;
            let names: std::collections::HashMap<i64, String> = detail.body["teams"]
                .as_array()
                .into_iter()
                .flatten()
                .filter_map(|t| Some((t["id"].as_i64()?, t["name"].as_str()?.to_string())))
                .collect();
            let made = api
                .post(&format!("/events/{event}/schedule"), &body)
                .await?;
            print(&made, &|b| schedule_lines(b, &names));
        }
        ApiCommand::Score {
            game,
            end,
            team,
            points,
            start,
            rally,
            undo,
            concede,
            finish,
        } => {
            let path = format!("/games/{game}");
            let current = api.get(&path).await?;
            let team_id = team
                .as_deref()
                .map(|t| team_of(&current.body, t))
                .transpose()?;
            let need_team = || team_id.ok_or_else(|| anyhow!("say which team with --team"));
            let played = current.body["ends"].as_array().map_or(0, Vec::len) as u32;
            let action = if start {
                json!({"action": "start", "first_team_id": need_team()?})
            } else if undo {
                json!({"action": "undo"})
            } else if concede {
                json!({"action": "concede", "team_id": need_team()?})
            } else if finish {
                json!({"action": "finish"})
            } else if rally {
                json!({"action": "enter", "team_id": need_team()?})
            } else if let Some(end) = end {
                // A blank end has no team and no points.
                let team = if points == 0 {
                    None
                } else {
                    Some(need_team()?)
                };
                match end {
                    0 => bail!("ends count from 1"),
                    n if n == played + 1 => {
                        json!({"action": "enter", "team_id": team, "points": points})
                    }
                    n if n <= played => {
                        json!({"action": "correct", "number": n, "team_id": team, "points": points})
                    }
                    n => bail!("end {n} is not next: {played} played so far"),
                }
            } else {
                bail!("say what to do: --start, --end N, --rally, --undo, --concede or --finish")
            };
            let done = api
                .ok(api
                    .http
                    .post(api.url(&format!("{path}/actions")))
                    .header("if-match", &current.etag)
                    .header("content-type", "application/json")
                    .body(action.to_string()))
                .await?;
            print(&done, &|b| vec![game_line(b)]);
        }
    }
    Ok(())
}
