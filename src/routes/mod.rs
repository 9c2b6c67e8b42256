//! The HTTP API: one module per resource, each exposing `router()`.
//! Handlers parse, call into `orders/`, `db/` or `cache`, and answer.

mod admin;
mod catalog;
mod docs;
mod embedded;
mod health;
mod ids;
mod openapi;
mod orders;
mod product_stock;
mod search;
mod settings;
mod shop;
mod stores;

use std::time::Duration;

use axum::{
    Router,
    extract::{DefaultBodyLimit, Request, State},
    http::header,
    middleware::{self, Next},
    response::{IntoResponse, Response},
};
use tower_http::timeout::RequestBodyTimeoutLayer;

use crate::{
    error::{ApiError, ErrorCode, method_not_allowed, route_not_found},
    rate_limit::{ClientIp, Limit},
    state::AppState,
};

/// Whose address a rate limit counts, behind the configured proxies.
fn client_ip(state: &AppState) -> ClientIp {
    ClientIp {
        trusted_proxies: state.config.trusted_proxies,
    }
}

/// The public listings' limit (a store's inventory and orders, the store
/// list, a product's stock); each layer built from it has its own buckets.
fn listing_limit(state: &AppState) -> Limit {
    Limit {
        per_second: state.config.listing_rate_per_sec,
        burst: state.config.listing_burst,
    }
}

/// Largest request body accepted anywhere (an order of 100 lines is ~5 KiB).
const BODY_LIMIT_BYTES: usize = 64 * 1024;

pub fn router(state: AppState) -> anyhow::Result<Router> {
    let request_timeout = state.config.request_timeout();
    let import_timeout = state.config.import_timeout();
    Ok(Router::new()
        .merge(shop::router())
        .merge(docs::router())
        .merge(openapi::router()?)
        .merge(health::router())
        .merge(product_stock::router(&state)?)
        .merge(orders::router())
        .merge(stores::router(&state)?)
        .merge(search::router(&state)?)
        .merge(catalog::router())
        .merge(admin::router(&state))
        .layer(middleware::from_fn_with_state(request_timeout, deadline))
        .merge(
            admin::import_router(&state)
                .layer(middleware::from_fn_with_state(import_timeout, deadline))
                // A long import may not pause its upload any longer than a
                // request may last.
                .layer(RequestBodyTimeoutLayer::new(request_timeout)),
        )
        .fallback(route_not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        .with_state(state))
}

/// Answers 408 when the request (reading its body included) is not done in
/// time. Dropping the handler rolls back its open transaction. tower-http's
/// `TimeoutLayer` does the same with an empty body; this answers the one
/// error shape.
async fn deadline(State(limit): State<Duration>, request: Request, next: Next) -> Response {
    match tokio::time::timeout(limit, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            let mut response = ApiError::new(
                ErrorCode::RequestTimeout,
                format!("the request took longer than {} s", limit.as_secs()),
            )
            .into_response();
            // The rest of a stalled body is not worth waiting for.
            response.headers_mut().insert(
                header::CONNECTION,
                header::HeaderValue::from_static("close"),
            );
            response
        }
    }
}
