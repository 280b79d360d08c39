//! The operator's pages over HTTP: who may see them, and the dashboard's actions.

use std::time::Duration;

use clubhouse::db::DbError;
use diesel::prelude::*;

use crate::mail::wait_for_mail;
use crate::support::{TestApp, wait_until};

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn only_operators_see_the_jobs_dashboard_and_mailbox() {
    let app = TestApp::start_with(|c| c.operators = vec!["carol@example.com".into()]).await;
    let first = app.signed_up("First", "first@example.com").await;
    let bob = app.signed_up("Bob", "bob@example.com").await;
    let carol = app.signed_up("Carol", "carol@example.com").await;
    for path in ["/operator/jobs", "/operator/mailbox", "/operator/jobs/1"] {
        // Being the first account to sign up makes nobody an operator.
        assert_eq!(first.get(path).await.status, 404, "{path}");
        assert_eq!(bob.get(path).await.status, 404, "{path}");
        assert_eq!(
            app.person().get(path).await.status,
            303,
            "{path}: sign in first"
        );
    }
    bob.get("/clubs").await;
    bob.post("/operator/queues/default/pause", &[])
        .await
        .assert_status(404);

    first
        .post("/password-reset", &[("email", "bob@example.com")])
        .await;
    wait_for_mail(&app, 1).await;
    // The email is logged inside the job, a moment before the job is marked finished.
    wait_until(
        "the email job is finished",
        Duration::from_secs(10),
        || async {
            use clubhouse::db::schema::queue::jobs;
            app.dbs()
                .queue
                .read(|conn| {
                    Ok::<_, DbError>(
                        jobs::table
                            .filter(jobs::kind.eq("send_email"))
                            .filter(jobs::args.like("%password_reset%"))
                            .filter(jobs::finished_at.is_not_null())
                            .count()
                            .get_result::<i64>(conn)?,
                    )
                })
                .await
                .expect("count")
                == 1
        },
    )
    .await;
    for operator in [&carol] {
        let page = operator.get("/operator/jobs?state=finished").await;
        page.assert_status(200)
            .assert_contains("send_email")
            .assert_contains("Workers")
            .assert_contains("cleanup_jobs");
        let mailbox = operator.get("/operator/mailbox").await;
        mailbox
            .assert_status(200)
            .assert_contains("Reset your Clubhouse password")
            .assert_contains("bob@example.com");
    }
    // Pause and resume a queue from the dashboard.
    carol.get("/operator/jobs").await;
    carol
        .post("/operator/queues/mail/pause", &[])
        .await
        .assert_redirect("/operator/jobs");
    carol.get("/operator/jobs").await.assert_contains("paused");
    carol
        .post("/operator/queues/mail/resume", &[])
        .await
        .assert_redirect("/operator/jobs");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn operators_retry_discard_and_run_jobs_from_the_dashboard() {
    use clubhouse::db::schema::queue::jobs;
    use clubhouse::jobs::Job;
    use clubhouse::jobs::queue::{NewJob, insert_raw, now_ms};
    let app = TestApp::start_with(|c| {
        c.workers = 0;
        c.operators = vec!["olive@example.com".into()];
    })
    .await;
    let operator = app.signed_up("Olive", "olive@example.com").await;
    // Three dead jobs and one scheduled far in the future.
    let ids: Vec<i64> = app
        .dbs()
        .queue
        .write(|conn| -> Result<Vec<i64>, DbError> {
            let mut ids = Vec::new();
            for _ in 0..3 {
                let options = NewJob::now(Job::CleanupJobs).queue("default");
                let id = insert_raw(conn, "no_such_kind", "{}", &options, now_ms())?.expect("new");
                diesel::update(jobs::table.find(id))
                    .set((jobs::dead_at.eq(now_ms()), jobs::attempts.eq(5)))
                    .execute(conn)?;
                ids.push(id);
            }
            let later = NewJob::now(Job::Noop { sleep_ms: 0 }).at(now_ms() + 3_600_000);
            ids.push(clubhouse::jobs::queue::insert(conn, &later, now_ms())?.expect("new"));
            Ok(ids)
        })
        .await
        .expect("jobs");
    let page = operator.get("/operator/jobs?state=dead").await;
    page.assert_status(200).assert_contains("no_such_kind");
    operator
        .get(&format!("/operator/jobs/{}", ids[0]))
        .await
        .assert_status(200)
        .assert_contains("Retry");

    operator
        .post(&format!("/operator/jobs/{}/discard", ids[0]), &[])
        .await
        .assert_redirect("/operator/jobs");
    operator.get("/operator/jobs").await;
    operator
        .post(
            "/operator/bulk",
            &[
                ("action", "retry"),
                ("state", "dead"),
                ("queue", ""),
                ("kind", "no_such_kind"),
            ],
        )
        .await
        .assert_redirect("/operator/jobs?state=dead");
    operator
        .post(&format!("/operator/jobs/{}/run-now", ids[3]), &[])
        .await;
    let rows: Vec<(i64, Option<i64>, i64, i64)> = app
        .dbs()
        .queue
        .read(|conn| {
            Ok::<_, DbError>(
                jobs::table
                    .order(jobs::id)
                    .select((jobs::id, jobs::dead_at, jobs::attempts, jobs::run_at))
                    .load(conn)?,
            )
        })
        .await
        .expect("rows");
    let now = now_ms();
    assert!(rows.iter().all(|r| r.0 != ids[0]), "discarded");
    for id in &ids[1..3] {
        let row = rows.iter().find(|r| r.0 == *id).expect("kept");
        assert_eq!(
            (row.1, row.2),
            (None, 0),
            "retried: no longer dead, attempts afresh"
        );
    }
    let scheduled = rows.iter().find(|r| r.0 == ids[3]).expect("kept");
    assert!(scheduled.3 <= now, "run now");
    app.stop().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_cleanup_job_removes_old_finished_jobs_only() {
    use clubhouse::db::schema::queue::jobs;
    use clubhouse::jobs::Job;
    use clubhouse::jobs::queue::{NewJob, insert, now_ms};
    let app = TestApp::start().await;
    let week = 7 * 24 * 60 * 60 * 1000;
    let (old, recent) = app
        .dbs()
        .queue
        .write(move |conn| -> Result<(i64, i64), DbError> {
            let mut ids = Vec::new();
            for finished in [now_ms() - week - 60_000, now_ms() - 60_000] {
                let id = insert(
                    conn,
                    &NewJob::now(Job::Noop { sleep_ms: 0 }).at(now_ms() + 3_600_000),
                    now_ms(),
                )?
                .expect("new");
                diesel::update(jobs::table.find(id))
                    .set(jobs::finished_at.eq(finished))
                    .execute(conn)?;
                ids.push(id);
            }
            Ok((ids[0], ids[1]))
        })
        .await
        .expect("jobs");
    let cleanup = app
        .jobs()
        .enqueue(Job::CleanupJobs)
        .await
        .expect("enqueue")
        .expect("new");
    wait_until(
        "the cleanup job finishes",
        Duration::from_secs(15),
        || async {
            app.dbs()
                .queue
                .read(move |conn| {
                    Ok::<_, DbError>(
                        jobs::table
                            .find(cleanup)
                            .select(jobs::finished_at)
                            .first::<Option<i64>>(conn)?,
                    )
                })
                .await
                .expect("read")
                .is_some()
        },
    )
    .await;
    let left: Vec<i64> = app
        .dbs()
        .queue
        .read(|conn| Ok::<_, DbError>(jobs::table.select(jobs::id).load(conn)?))
        .await
        .expect("ids");
    assert!(
        !left.contains(&old),
        "a job finished over 7 days ago is gone"
    );
    assert!(left.contains(&recent), "a recent one is kept");
    app.stop().await;
}
