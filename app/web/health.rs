//! `GET /up`: 200 `ok` when every database file answers a query, 503 naming those that don't.

use std::time::Duration;

use poem::http::StatusCode;
use poem::web::Data;
use poem::{IntoResponse, Response, handler};

use super::AppState;

const CHECK_LIMIT: Duration = Duration::from_secs(2);

#[handler]
pub async fn up(Data(state): Data<&AppState>) -> Response {
    let (status, body) = match state.dbs.check(CHECK_LIMIT).await {
        Ok(()) => (StatusCode::OK, "ok".to_string()),
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
