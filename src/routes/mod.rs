//! The HTTP API: one module per resource, each exposing `router()`.
//! Handlers parse, call into `orders/`, `db/` or `cache`, and answer.

mod admin;
mod health;
mod orders;
mod search;
mod stores;

use axum::{Router, extract::DefaultBodyLimit};

use crate::{
    error::{method_not_allowed, route_not_found},
    state::AppState,
};

/// Largest request body accepted anywhere (an order of 100 lines is ~5 KiB).
const BODY_LIMIT_BYTES: usize = 64 * 1024;

pub fn router(state: AppState) -> anyhow::Result<Router> {
    Ok(Router::new()
        .merge(health::router())
        .merge(orders::router())
        .merge(stores::router())
        .merge(search::router(&state)?)
        .merge(admin::router(&state))
        .fallback(route_not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
        .with_state(state))
}
