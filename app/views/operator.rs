//! The operator's pages: jobs dashboard (queues, states, jobs, workers, recurring tasks) and
//! the mailbox.

use maud::{Markup, html};

use super::forms;
use super::layout;
use crate::i18n::{Lang, Text};
use crate::jobs::dashboard::{EmailRow, QueueSummary, RecurringRow, WorkerRow};
use crate::jobs::queue::{JobRow, JobState};
use crate::web::{PageContext, paths};

/// Everything the dashboard shows.
pub struct Board {
    pub counts: Vec<(JobState, i64)>,
    pub jobs: Vec<JobRow>,
    pub queues: Vec<QueueSummary>,
    pub workers: Vec<WorkerRow>,
    pub recurring: Vec<RecurringRow>,
    /// This process's live-update counters.
    pub live: crate::live::Stats,
    pub now: i64,
}

fn state_label(state: JobState) -> Text {
    match state {
        JobState::Scheduled => Text::JobsScheduled,
        JobState::Ready => Text::JobsReady,
        JobState::Running => Text::JobsRunning,
        JobState::Retrying => Text::JobsRetrying,
        JobState::Dead => Text::JobsDead,
        JobState::Finished => Text::JobsFinished,
    }
}

/// The operator's pages, one tab each.
pub fn tabs(lang: Lang) -> Markup {
    html! {
        nav.tabs {
            a href=(paths::operator_jobs(lang)) { (lang.t(Text::OperatorJobs)) }
            a href=(paths::operator_mailbox(lang)) { (lang.t(Text::OperatorMailbox)) }
            a href=(paths::operator_backups(lang)) { (lang.t(Text::OperatorBackups)) }
        }
    }
}

/// "12 s ago" / "in 3 min", from two millisecond times.
pub fn relative(lang: Lang, at: i64, now: i64) -> String {
    let secs = (at - now) / 1000;
    let day = match lang {
        Lang::En => "d",
        Lang::Fr => "j",
    };
    let (n, unit) = match secs.abs() {
        s if s < 120 => (s, "s"),
        s if s < 7200 => (s / 60, "min"),
        s if s < 172_800 => (s / 3600, "h"),
        s => (s / 86_400, day),
    };
    let amount = format!("{n} {unit}");
    if secs > 0 {
        lang.format(Text::TimeIn, &[("t", &amount)])
    } else {
        lang.format(Text::TimeAgo, &[("t", &amount)])
    }
}

pub fn jobs(ctx: &PageContext, query: &crate::web::JobsQuery, board: &Board) -> Markup {
    let lang = ctx.lang;
    let tab = query.state();
    let base = paths::operator_jobs(lang);
    let link = |state: JobState| {
        format!(
            "{base}?state={}&queue={}&kind={}",
            state.as_str(),
            query.queue,
            query.kind
        )
    };
    let content = html! {
        (tabs(lang))
        // Refreshes itself every two seconds (only this block is swapped).
        div #dashboard hx-get=(link(tab)) hx-trigger="every 2s" hx-select="#dashboard" hx-swap="outerHTML" {
            h1 { (lang.t(Text::OperatorJobs)) }
            p.muted #live-stats {
                (lang.format(Text::OperatorLiveStats, &[
                    ("connections", &board.live.connections.to_string()),
                    ("published", &board.live.published.to_string()),
                    ("delivered", &board.live.delivered.to_string()),
                ]))
            }
            section.card {
                h2 { (lang.t(Text::JobsQueues)) }
                table.data {
                    thead { tr { th { (lang.t(Text::JobsQueue)) } th { (lang.t(Text::JobsReady)) } th { (lang.t(Text::JobsRunning)) } th { span.visually-hidden { (lang.t(Text::JobsQueueActions)) } } } }
                    tbody {
                        @for q in &board.queues {
                            tr {
                                td { (q.name) @if q.paused { " " span.badge { (lang.t(Text::JobsPaused)) } } }
                                td { (q.ready) }
                                td { (q.running) }
                                td {
                                    @let (action, label) = if q.paused { ("resume", Text::JobsResume) } else { ("pause", Text::JobsPause) };
                                    (forms::button_form(ctx, &paths::operator_queue(lang, &q.name, action), lang.t(label), "button small"))
                                }
                            }
                        }
                    }
                }
            }
            nav.tabs.states {
                @for (state, count) in &board.counts {
                    a.current[*state == tab] href=(link(*state)) { (lang.t(state_label(*state))) " " span.badge { (count) } }
                }
            }
            form.inline.filter method="get" action=(base) {
                input type="hidden" name="state" value=(tab.as_str());
                input type="text" name="queue" value=(query.queue) placeholder=(lang.t(Text::JobsQueue)) aria-label=(lang.t(Text::JobsQueue));
                input type="text" name="kind" value=(query.kind) placeholder=(lang.t(Text::JobsKind)) aria-label=(lang.t(Text::JobsKind));
                button.button.small type="submit" { (lang.t(Text::JobsFilter)) }
            }
            @if matches!(tab, JobState::Dead | JobState::Retrying | JobState::Scheduled | JobState::Ready) && !board.jobs.is_empty() {
                div.actions {
                    @for (action, label) in [("retry", Text::JobsRetryAll), ("discard", Text::JobsDiscardAll)] {
                        form.inline method="post" action=(paths::operator_bulk(lang)) {
                            (forms::csrf(ctx))
                            input type="hidden" name="action" value=(action);
                            input type="hidden" name="state" value=(tab.as_str());
                            input type="hidden" name="queue" value=(query.queue);
                            input type="hidden" name="kind" value=(query.kind);
                            button.button.small.danger[action == "discard"] type="submit" { (lang.t(label)) }
                        }
                    }
                }
            }
            div.table-wrap { table.data.jobs {
                thead { tr { th { "#" } th { (lang.t(Text::JobsKind)) } th { (lang.t(Text::JobsQueue)) } th { (lang.t(Text::JobsAttempts)) } th { (lang.t(Text::JobsWhen)) } th { (lang.t(Text::JobsError)) } } }
                tbody {
                    @for job in &board.jobs {
                        tr {
                            td { a href=(paths::operator_job(lang, job.id)) { (job.id) } }
                            td { (job.kind) }
                            td { (job.queue) }
                            td { (job.attempts) "/" (job.max_attempts) }
                            td { (relative(lang, job.finished_at.or(job.dead_at).unwrap_or(job.run_at), board.now)) }
                            td.error { (job.last_error.as_deref().unwrap_or("")) }
                        }
                    }
                }
            } }
            @if board.jobs.is_empty() { p.muted { (lang.t(Text::JobsNone)) } }
            div.columns {
                section.card {
                    h2 { (lang.t(Text::JobsWorkers)) }
                    ul.rows {
                        @for w in &board.workers {
                            li.row { span.grow { code { (w.id) } } span.muted { (w.queues) " · " (lang.t(Text::JobsHeartbeat)) " " (relative(lang, w.heartbeat_at, board.now)) } }
                        }
                    }
                }
                section.card {
                    h2 { (lang.t(Text::JobsRecurring)) }
                    ul.rows {
                        @for r in &board.recurring {
                            li.row {
                                span.grow { (r.name) " " code { (r.cron) } }
                                span.muted {
                                    (lang.t(Text::JobsLastRun)) " " (r.last_slot.map(|t| relative(lang, t, board.now)).unwrap_or_else(|| "—".into()))
                                    " · " (lang.t(Text::JobsNextRun)) " " (r.next.map(|t| relative(lang, t, board.now)).unwrap_or_else(|| "—".into()))
                                }
                            }
                        }
                    }
                }
            }
        }
    };
    layout::page(ctx, lang.t(Text::OperatorJobs), content)
}

pub fn job(ctx: &PageContext, job: &JobRow, now: i64) -> Markup {
    let lang = ctx.lang;
    let state = job.state(now);
    let time = |t: Option<i64>| {
        t.map(|t| relative(lang, t, now))
            .unwrap_or_else(|| "—".into())
    };
    let content = html! {
        p { a href=(paths::operator_jobs(lang)) { "← " (lang.t(Text::OperatorJobs)) } }
        h1 { (lang.t(Text::JobTitle)) " #" (job.id) }
        dl.facts {
            dt { (lang.t(Text::JobsKind)) } dd { (job.kind) }
            dt { (lang.t(Text::JobState)) } dd { (lang.t(state_label(state))) }
            dt { (lang.t(Text::JobsQueue)) } dd { (job.queue) " · " (lang.t(Text::JobPriority)) " " (job.priority) }
            dt { (lang.t(Text::JobsAttempts)) } dd { (job.attempts) "/" (job.max_attempts) }
            dt { (lang.t(Text::JobCreated)) } dd { (time(Some(job.created_at))) }
            dt { (lang.t(Text::JobRunAt)) } dd { (time(Some(job.run_at))) }
            dt { (lang.t(Text::JobClaimed)) } dd { (job.claimed_by.as_deref().unwrap_or("—")) " " (time(job.claimed_at)) }
            dt { (lang.t(Text::JobsFinished)) } dd { (time(job.finished_at)) }
            dt { (lang.t(Text::JobsDead)) } dd { (time(job.dead_at)) }
        }
        h2 { (lang.t(Text::JobArguments)) }
        pre { (job.args) }
        @if let Some(error) = &job.last_error {
            h2 { (lang.t(Text::JobsError)) }
            pre.error { (error) }
        }
        div.actions {
            @if matches!(state, JobState::Dead | JobState::Retrying) {
                (forms::button_form(ctx, &paths::operator_job_action(lang, job.id, "retry"), lang.t(Text::JobRetry), "button"))
            }
            @if matches!(state, JobState::Scheduled | JobState::Retrying) {
                (forms::button_form(ctx, &paths::operator_job_action(lang, job.id, "run-now"), lang.t(Text::JobRunNow), "button"))
            }
            @if state != JobState::Running {
                (forms::confirm_form(ctx, &paths::operator_job_action(lang, job.id, "discard"), lang.t(Text::JobDiscard), "button danger"))
            }
        }
    };
    layout::page(ctx, lang.t(Text::JobTitle), content)
}

pub fn mailbox(ctx: &PageContext, emails: &[EmailRow]) -> Markup {
    let lang = ctx.lang;
    let now = crate::jobs::queue::now_ms();
    let content = html! {
        (tabs(lang))
        h1 { (lang.t(Text::OperatorMailbox)) }
        p.muted { (lang.t(Text::MailboxLead)) }
        ul.rows {
            @for e in emails {
                li.row {
                    a.grow href=(paths::operator_email(lang, e.id)) { (e.subject) }
                    span.muted { (e.recipient) " · " (mail_status(lang, &e.status)) " · " (relative(lang, e.created_at, now)) }
                }
            }
        }
        @if emails.is_empty() { p.muted { (lang.t(Text::MailboxEmpty)) } }
    };
    layout::page(ctx, lang.t(Text::OperatorMailbox), content)
}

pub fn email(ctx: &PageContext, email: &EmailRow) -> Markup {
    let lang = ctx.lang;
    let content = html! {
        p { a href=(paths::operator_mailbox(lang)) { "← " (lang.t(Text::OperatorMailbox)) } }
        h1 { (email.subject) }
        dl.facts {
            dt { (lang.t(Text::MailTo)) } dd { (email.recipient) }
            dt { (lang.t(Text::JobState)) } dd { (mail_status(lang, &email.status)) }
            dt { (lang.t(Text::JobTitle)) } dd { a href=(paths::operator_job(lang, email.job_id)) { "#" (email.job_id) } }
        }
        @if email.text_body.is_empty() {
            p.muted { (lang.t(Text::MailBodyNotKept)) }
        } @else {
            pre.mail { (email.text_body) }
            p { a href=(paths::operator_email_html(lang, email.id)) hx-boost="false" { (lang.t(Text::MailHtmlVersion)) } }
        }
    };
    layout::page(ctx, &email.subject, content)
}

/// How an email fared, in the page's language (the log keeps the code).
fn mail_status(lang: Lang, status: &str) -> String {
    let text = match status {
        "sent" => Text::MailStatusSent,
        "mailbox" => Text::MailStatusMailbox,
        "suppressed" => Text::MailStatusSuppressed,
        "unconfirmed" => Text::MailStatusUnconfirmed,
        other => return other.to_string(),
    };
    lang.t(text).to_string()
}
