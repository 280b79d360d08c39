//! `GET /up`: `ok` when every database file answers a query and backups work; 200
//! `degraded: …` when the app serves but backups do not (Litestream down, a failed
//! verification) — a load balancer must not take a serving app out for that; 503 naming the
//! files that do not answer.

use std::time::Duration;

use poem::http::StatusCode;
use poem::web::Data;
use poem::{IntoResponse, Response, handler};

use super::AppState;

const CHECK_LIMIT: Duration = Duration::from_secs(2);

#[handler]
pub async fn up(Data(state): Data<&AppState>) -> Response {
    let (status, body) = match state.dbs.check(CHECK_LIMIT).await {
        Ok(()) => match backup_problems(state).await {
            problems if problems.is_empty() => (StatusCode::OK, "ok".to_string()),
            problems => (StatusCode::OK, format!("degraded: {}", problems.join("; "))),
        },
        Err(failures) => {
            let detail: Vec<String> = failures
                .iter()
                .map(|(file, why)| format!("{file}: {why}"))
                .collect();
            tracing::error!(failures = %detail.join("; "), "health check failed");
            (
                StatusCode::SERVICE_UNAVAILABLE,
                format!("unavailable: {}", detail.join("; ")),
            )
        }
    };
    body.with_status(status)
        .with_header("cache-control", "no-store")
        .with_content_type("text/plain; charset=utf-8")
        .into_response()
}

async fn backup_problems(state: &AppState) -> Vec<String> {
    let replication = state.replication.get();
    crate::backup::status::health(&state.dbs, state.config.backup.mode, &replication)
        .await
        .unwrap_or_else(|e| vec![format!("cannot read backup verifications: {e}")])
}
