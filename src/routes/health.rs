//! Liveness, readiness and metrics.

use std::time::Duration;

use axum::{Json, Router, extract::State, routing::get};
use serde::Serialize;
use serde_json::json;
use utoipa::ToSchema;

use crate::{
    changes::status::IndexStatus,
    error::{ApiError, ErrorBody, ErrorCode},
    state::AppState,
};

/// How long a check of PostgreSQL or Redis may take.
const CHECK_TIMEOUT: Duration = Duration::from_secs(2);

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/healthz", get(healthz))
        .route("/readyz", get(readyz))
        .route("/metrics", get(metrics))
}

#[derive(Serialize, ToSchema)]
struct Alive {
    /// `ok`.
    status: &'static str,
}

#[derive(Serialize, ToSchema)]
struct Ready {
    /// `ready`.
    status: &'static str,
    checks: Checks,
}

/// Each dependency's state: `ok`, or what went wrong.
#[derive(Serialize, ToSchema)]
struct Checks {
    postgres: String,
    redis: String,
}

/// The process is alive and serving HTTP.
#[utoipa::path(get, path = "/healthz", tag = "operations",
    responses((status = 200, description = "Alive", body = Alive)))]
async fn healthz() -> Json<Alive> {
    Json(Alive { status: "ok" })
}

/// PostgreSQL and Redis both answer; otherwise 503 naming which does not.
#[utoipa::path(get, path = "/readyz", tag = "operations",
    responses(
        (status = 200, description = "PostgreSQL and Redis answer", body = Ready),
        (status = 503, description = "Not ready (`service_unavailable`); `details` is the checks",
            body = ErrorBody),
    ))]
async fn readyz(State(state): State<AppState>) -> Result<Json<Ready>, ApiError> {
    let postgres = tokio::time::timeout(CHECK_TIMEOUT, sqlx::query("SELECT 1").execute(&state.db));
    let redis = tokio::time::timeout(CHECK_TIMEOUT, state.redis.ping());
    let (postgres, redis) = tokio::join!(postgres, redis);
    let postgres = match postgres {
        Ok(Ok(_)) => "ok".to_owned(),
        Ok(Err(err)) => err.to_string(),
        Err(_) => "timed out".to_owned(),
    };
    let redis = match redis {
        Ok(Ok(())) => "ok".to_owned(),
        Ok(Err(err)) => err.to_string(),
        Err(_) => "timed out".to_owned(),
    };
    if postgres == "ok" && redis == "ok" {
        Ok(Json(Ready {
            status: "ready",
            checks: Checks { postgres, redis },
        }))
    } else {
        Err(ApiError::new(ErrorCode::ServiceUnavailable, "not ready")
            .with_details(json!(Checks { postgres, redis })))
    }
}

/// Prometheus text exposition: the process's counters and histograms, then
/// this replica's index gauges, read from PostgreSQL and the index now.
/// PostgreSQL down leaves the gauges out (and `/readyz` says why); the rest
/// is still served.
#[utoipa::path(get, path = "/metrics", tag = "operations",
    responses((status = 200, description = "Prometheus text format", body = String,
        content_type = "text/plain")))]
async fn metrics(State(state): State<AppState>) -> String {
    let mut text = state.metrics.render();
    let status = IndexStatus::gather(&state.db, &state.search, &state.indexer_status);
    match tokio::time::timeout(CHECK_TIMEOUT, status).await {
        Ok(Ok(status)) => text.push_str(&status.prometheus_text()),
        Ok(Err(err)) => tracing::warn!(error = %err, "index gauges left out of /metrics"),
        Err(_) => tracing::warn!("index gauges left out of /metrics: PostgreSQL timed out"),
    }
    text
}
