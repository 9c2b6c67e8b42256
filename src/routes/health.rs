//! Liveness, readiness and metrics.

use std::time::Duration;

use axum::{Json, Router, extract::State, routing::get};
use serde_json::{Value, json};

use crate::{
    changes::status::IndexStatus,
    error::{ApiError, ErrorCode},
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

/// The process is alive and serving HTTP.
async fn healthz() -> Json<Value> {
    Json(json!({ "status": "ok" }))
}

/// PostgreSQL and Redis both answer; otherwise 503 naming which does not.
async fn readyz(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
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
    let checks = json!({ "postgres": postgres, "redis": redis });
    if postgres == "ok" && redis == "ok" {
        Ok(Json(json!({ "status": "ready", "checks": checks })))
    } else {
        Err(ApiError::new(ErrorCode::ServiceUnavailable, "not ready").with_details(checks))
    }
}

/// Prometheus text exposition: the process's counters and histograms, then
/// this replica's index gauges, read from PostgreSQL and the index now.
/// PostgreSQL down leaves the gauges out (and `/readyz` says why); the rest
/// is still served.
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
