//! Recurring jobs: a schedule in code, with cron expressions. Each slot (a task at one of its
//! times) is enqueued once, however many schedulers run: the job's unique key is
//! `recurring:<task>:<slot>`.

use std::str::FromStr;

use chrono::{TimeZone, Utc};
use croner::Cron;
use diesel::prelude::*;

use super::queue::{self, NewJob};
use super::{Job, Jobs};
use crate::db::DbError;
use crate::db::schema::queue::recurring_tasks;

pub struct Recurring {
    pub name: &'static str,
    /// Standard five fields (minute hour day month weekday), UTC.
    pub cron: &'static str,
    pub job: fn() -> Job,
}

pub const SCHEDULE: &[Recurring] = &[
    Recurring {
        name: "cleanup_jobs",
        cron: "17 3 * * *",
        job: || Job::CleanupJobs,
    },
    Recurring {
        name: "cleanup_sessions",
        cron: "7 * * * *",
        job: || Job::CleanupSessions,
    },
    Recurring {
        name: "trim_live_events",
        cron: "23 * * * *",
        job: || Job::TrimLiveEvents,
    },
    Recurring {
        name: "cleanup_exports",
        cron: "37 3 * * *",
        job: || Job::CleanupExports,
    },
    Recurring {
        name: "expire_spares",
        cron: "* * * * *",
        job: || Job::ExpireSpares,
    },
    Recurring {
        name: "lapse_court_offers",
        cron: "* * * * *",
        job: || Job::LapseCourtOffers,
    },
    Recurring {
        name: "verify_backups",
        cron: "41 * * * *",
        job: || Job::VerifyBackups,
    },
];

/// Checks every cron expression of the schedule (run at start-up: a typo stops the app).
pub fn check(schedule: &[Recurring]) -> Result<(), String> {
    for task in schedule {
        Cron::from_str(task.cron).map_err(|e| {
            format!(
                "recurring task {}: bad cron {:?}: {e}",
                task.name, task.cron
            )
        })?;
    }
    Ok(())
}

/// The latest time at or before `now_ms` that matches, in ms, on a whole second. (croner keeps
/// the sub-second part of the time it is given; a slot must not depend on when it is asked.)
pub fn latest_slot(cron: &str, now_ms: i64) -> Option<i64> {
    let cron = Cron::from_str(cron).ok()?;
    let now = Utc.timestamp_opt(now_ms.div_euclid(1000), 0).single()?;
    cron.find_previous_occurrence(&now, true)
        .ok()
        .map(|t| t.timestamp() * 1000)
}

/// The next time after `now_ms` that matches, in ms, on a whole second.
pub fn next_slot(cron: &str, now_ms: i64) -> Option<i64> {
    let cron = Cron::from_str(cron).ok()?;
    let now = Utc.timestamp_opt(now_ms.div_euclid(1000), 0).single()?;
    cron.find_next_occurrence(&now, false)
        .ok()
        .map(|t| t.timestamp() * 1000)
}

/// Enqueues every task of the schedule whose latest slot has not been enqueued yet.
pub async fn enqueue_due(jobs: &Jobs, now_ms: i64) -> Result<usize, DbError> {
    enqueue_due_from(jobs, SCHEDULE, now_ms).await
}

pub async fn enqueue_due_from(
    jobs: &Jobs,
    schedule: &'static [Recurring],
    now_ms: i64,
) -> Result<usize, DbError> {
    let enqueued = jobs
        .databases()
        .queue
        .write(move |conn| -> Result<usize, DbError> {
            let mut enqueued = 0;
            for task in schedule {
                let Some(slot) = latest_slot(task.cron, now_ms) else {
                    continue;
                };
                let last: Option<i64> = recurring_tasks::table
                    .find(task.name)
                    .select(recurring_tasks::last_slot)
                    .first(conn)
                    .optional()?;
                if last.is_some_and(|last| last >= slot) {
                    continue;
                }
                let new =
                    NewJob::now((task.job)()).unique(&format!("recurring:{}:{slot}", task.name));
                if queue::insert(conn, &new, now_ms)?.is_some() {
                    enqueued += 1;
                }
                crate::per_backend!(conn => diesel::insert_into(recurring_tasks::table)
                    .values((
                        recurring_tasks::name.eq(task.name),
                        recurring_tasks::last_slot.eq(slot),
                        recurring_tasks::last_enqueued_at.eq(now_ms),
                    ))
                    .on_conflict(recurring_tasks::name)
                    .do_update()
                    .set((
                        recurring_tasks::last_slot.eq(slot),
                        recurring_tasks::last_enqueued_at.eq(now_ms),
                    ))
                    .execute(conn))?;
            }
            Ok(enqueued)
        })
        .await?;
    if enqueued > 0 {
        jobs.wake().notify_waiters();
    }
    Ok(enqueued)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_schedule_parses_and_slots_are_computed_in_utc() {
        check(SCHEDULE).expect("every cron expression is valid");
        // 2026-11-22 03:20:00 UTC
        let now = 1_795_316_400_000 + 20 * 60 * 1000;
        let slot = latest_slot("17 3 * * *", now).expect("slot");
        assert_eq!((now - slot) / 60_000, 3, "03:17 is 3 minutes before 03:20");
        let next = next_slot("17 3 * * *", now).expect("next");
        assert_eq!(next - slot, 24 * 60 * 60 * 1000);
        assert!(
            check(&[Recurring {
                name: "bad",
                cron: "61 * * * *",
                job: || Job::CleanupJobs
            }])
            .is_err()
        );
    }
}

#[cfg(test)]
mod slot_tests {
    use super::*;

    #[test]
    fn the_latest_slot_is_stable_between_its_times() {
        // Asked at 03:20:01.234, 03:20:06.999 and 03:50:00.001: the slot is 03:07:00.000.
        let now = 1_795_316_400_000 + 20 * 60 * 1000 + 1234;
        let a = latest_slot("7 * * * *", now);
        let b = latest_slot("7 * * * *", now + 5_765);
        let c = latest_slot("7 * * * *", now + 30 * 60_000 - 1233);
        assert_eq!(a, Some(1_795_316_400_000 + 7 * 60 * 1000));
        assert_eq!(a, b);
        assert_eq!(a, c);
    }
}
