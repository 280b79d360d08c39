//! What each kind of job does.

use std::sync::Arc;
use std::time::Duration;

use super::queue::{self, now_ms};
use super::{Job, JobSettings};
use crate::db::{Databases, DbError};
use crate::mail::Mailer;

/// What a running job can reach.
pub struct JobContext {
    pub dbs: Arc<Databases>,
    pub mailer: Arc<Mailer>,
    pub settings: Arc<JobSettings>,
    /// Webhook deliveries' client (no redirects, a timeout, public addresses only); `None`
    /// if it could not be built, and then deliveries fail (and are retried) rather than go
    /// out unchecked.
    pub http: Option<reqwest::Client>,
}

/// Runs one job. The error text is kept on the job for the dashboard.
pub async fn run(job: Job, id: i64, ctx: &JobContext) -> Result<(), String> {
    match job {
        Job::SendEmail(email) => crate::mail::deliver(&ctx.dbs, &ctx.mailer, id, email)
            .await
            .map_err(|e| e.to_string()),
        Job::CleanupJobs => {
            let before = now_ms() - ctx.settings.keep_finished.as_millis() as i64;
            let n = ctx
                .dbs
                .queue
                .write(move |conn| queue::delete_finished(conn, before).map_err(DbError::from))
                .await
                .map_err(|e| e.to_string())?;
            tracing::info!(jobs = n, "finished jobs removed");
            Ok(())
        }
        Job::CleanupSessions => {
            let now = crate::auth::now();
            let n = ctx
                .dbs
                .shared
                .write(move |conn| crate::auth::sweep_expired(conn, now).map_err(DbError::from))
                .await
                .map_err(|e| e.to_string())?;
            tracing::info!(rows = n, "expired sessions and reset links removed");
            Ok(())
        }
        Job::TrimLiveEvents => {
            let keep = Duration::from_secs(24 * 60 * 60);
            let n = crate::live::Hub::trim(&ctx.dbs, keep)
                .await
                .map_err(|e| e.to_string())?;
            tracing::info!(rows = n, "old live updates removed");
            Ok(())
        }
        Job::VerifyBackups => {
            let settings = &ctx.settings;
            if !settings.backup.mode.replicates() {
                tracing::info!("backups are off (CLUBHOUSE_LITESTREAM=0): nothing to verify");
                return Ok(());
            }
            crate::backup::verify::run(&settings.backup, &ctx.dbs, &settings.db_dir)
                .await
                .map_err(|e| e.to_string())?;
            Ok(())
        }
        Job::ExportClub { export } => {
            crate::clubs::export::run(&ctx.dbs, &ctx.settings.db_dir, export)
                .await
                .map_err(|e| format!("{e:#}"))
        }
        Job::DeleteClub { deletion } => {
            crate::clubs::deletion::run(&ctx.dbs, &ctx.settings.db_dir, deletion)
                .await
                .map_err(|e| format!("{e:#}"))
        }
        Job::CleanupExports => {
            let week_ago = crate::auth::now() - 7 * 24 * 60 * 60;
            let n = crate::clubs::export::remove_finished_before(
                &ctx.dbs,
                &ctx.settings.db_dir,
                week_ago,
            )
            .await
            .map_err(|e| format!("{e:#}"))?;
            tracing::info!(exports = n, "week-old club exports removed");
            Ok(())
        }
        Job::SpareNotices {
            sport,
            org,
            request,
            base,
        } => {
            let sport = sport
                .parse()
                .map_err(|_| format!("unknown sport {sport:?}"))?;
            crate::spares::notices::send_due(&ctx.dbs, sport, org, request, &base)
                .await
                .map_err(|e| e.to_string())
        }
        Job::SpareNews {
            sport,
            org,
            request,
            version,
            news,
            base,
        } => {
            let sport = sport
                .parse()
                .map_err(|_| format!("unknown sport {sport:?}"))?;
            crate::spares::notices::send_news(&ctx.dbs, sport, org, request, version, news, &base)
                .await
                .map_err(|e| e.to_string())
        }
        Job::ExpireSpares => {
            let n = crate::spares::notices::expire(&ctx.dbs)
                .await
                .map_err(|e| e.to_string())?;
            if n > 0 {
                tracing::info!(requests = n, "spare requests expired at game start");
            }
            Ok(())
        }
        Job::LapseCourtOffers => {
            let n = crate::courts::waitlist::lapse_due(&ctx.dbs, crate::auth::now())
                .await
                .map_err(|e| e.to_string())?;
            if n > 0 {
                tracing::info!(offers = n, "court offers lapsed and passed on");
            }
            Ok(())
        }
        Job::DeliverWebhook {
            org,
            endpoint,
            message,
            attempt,
            manual,
        } => {
            let Some(http) = &ctx.http else {
                return Err("the webhook client could not be built (see the log)".into());
            };
            crate::webhooks::delivery::run(
                &ctx.dbs,
                http,
                &ctx.settings.webhooks,
                org,
                endpoint,
                message,
                attempt,
                manual,
            )
            .await
        }
        Job::Noop { sleep_ms } => {
            if sleep_ms > 0 {
                tokio::time::sleep(Duration::from_millis(sleep_ms)).await;
            }
            Ok(())
        }
    }
}
