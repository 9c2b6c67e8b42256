//! `GET /stores/`, `GET /stores/{store_id}/orders/` and
//! `GET /stores/{store_id}/inventory/`, behind one per-client rate limit
//! (each is a database query, or a cache fill), and the store's inventory
//! summary.

use axum::{
    Json, Router,
    body::Bytes,
    extract::State,
    http::{HeaderName, HeaderValue, header},
    response::{IntoResponse, Response},
    routing::get,
};
use serde::Serialize;

use super::ids::PathIds;
use crate::{
    cache::Lookup,
    db,
    domain::pagination::{Page, PageParams},
    error::{ApiError, ApiQuery, ErrorBody, ErrorCode},
    rate_limit,
    state::AppState,
};

pub fn router(state: &AppState) -> anyhow::Result<Router<AppState>> {
    let (limit, client) = (super::listing_limit(state), super::client_ip(state));
    Ok(Router::new()
        .route("/stores", get(list_stores))
        .route("/stores/{store_id}/orders", get(list_orders))
        .route("/stores/{store_id}/inventory", get(list_inventory))
        .layer(rate_limit::layer(limit, client)?)
        .route(
            "/stores/{store_id}/inventory/summary",
            get(inventory_summary),
        ))
}

#[derive(Serialize, utoipa::ToSchema)]
struct Listing<T> {
    count: i64,
    page: i64,
    page_size: i64,
    results: Vec<T>,
}

impl<T> Listing<T> {
    fn new(count: i64, page: Page, results: Vec<T>) -> Self {
        Self {
            count,
            page: page.page,
            page_size: page.page_size,
            results,
        }
    }
}

/// Every store, by name: a storefront's store picker.
#[utoipa::path(get, path = "/stores", tag = "stores",
    responses(
        (status = 200, description = "Every store", body = Vec<db::stores::Store>),
        (status = 429, description = "Over the listings' rate limit (`rate_limited`)",
            body = ErrorBody),
        (status = 503, description = "PostgreSQL is unreachable (`service_unavailable`)",
            body = ErrorBody),
    ))]
async fn list_stores(
    State(state): State<AppState>,
) -> Result<Json<Vec<db::stores::Store>>, ApiError> {
    Ok(Json(db::stores::all(&state.db).await?))
}

/// The store's orders, newest first.
#[utoipa::path(get, path = "/stores/{store_id}/orders", tag = "stores",
    params(("store_id" = i64, Path, minimum = 1), PageParams),
    responses(
        (status = 200, description = "A page of orders",
            body = Listing<db::orders::OrderSummary>),
        (status = 400, description = "A bad id or page (`validation_failed`)", body = ErrorBody),
        (status = 404, description = "No such store (`not_found`)", body = ErrorBody),
        (status = 429, description = "Over the listings' rate limit (`rate_limited`)",
            body = ErrorBody),
        (status = 503, description = "PostgreSQL is unreachable (`service_unavailable`)",
            body = ErrorBody),
    ))]
async fn list_orders(
    State(state): State<AppState>,
    PathIds([store_id]): PathIds<1>,
    ApiQuery(params): ApiQuery<PageParams>,
) -> Result<Json<Listing<db::orders::OrderSummary>>, ApiError> {
    let page = Page::try_from(params)?;
    let (count, orders) = db::orders::list_for_store(&state.db, store_id, page)
        .await?
        .ok_or_else(|| ApiError::not_found("store", store_id))?;
    Ok(Json(Listing::new(count, page, orders)))
}

/// The store's latest daily inventory summary (computed by a scheduled job).
#[utoipa::path(get, path = "/stores/{store_id}/inventory/summary", tag = "stores",
    params(("store_id" = i64, Path, minimum = 1)),
    responses(
        (status = 200, description = "The latest summary",
            body = db::summaries::InventorySummary),
        (status = 400, description = "A bad id (`validation_failed`)", body = ErrorBody),
        (status = 404, description = "No such store, or no summary yet (`not_found`)",
            body = ErrorBody),
        (status = 503, description = "PostgreSQL is unreachable (`service_unavailable`)",
            body = ErrorBody),
    ))]
async fn inventory_summary(
    State(state): State<AppState>,
    PathIds([store_id]): PathIds<1>,
) -> Result<Json<db::summaries::InventorySummary>, ApiError> {
    if !db::stores::exists(&state.db, store_id).await? {
        return Err(ApiError::not_found("store", store_id));
    }
    let latest = db::summaries::latest(&state.db, store_id)
        .await?
        .ok_or_else(|| {
            ApiError::new(
                ErrorCode::NotFound,
                "no inventory summary has been computed for this store yet",
            )
        })?;
    Ok(Json(latest))
}

const X_CACHE: HeaderName = HeaderName::from_static("x-cache");

/// The store's stock, sorted by title, served from the Redis cache when
/// possible (`X-Cache: HIT`), from PostgreSQL otherwise (`X-Cache: MISS`).
#[utoipa::path(get, path = "/stores/{store_id}/inventory", tag = "stores",
    params(("store_id" = i64, Path, minimum = 1), PageParams),
    responses(
        (status = 200, description = "A page of the store's stock, by title",
            body = Listing<db::stores::InventoryLine>,
            headers(("X-Cache" = String, description = "`HIT` (from Redis) or `MISS`"))),
        (status = 400, description = "A bad id or page (`validation_failed`)", body = ErrorBody),
        (status = 404, description = "No such store (`not_found`)", body = ErrorBody),
        (status = 429, description = "Over the listings' rate limit (`rate_limited`)",
            body = ErrorBody),
        (status = 503, description = "PostgreSQL is unreachable (`service_unavailable`)",
            body = ErrorBody),
    ))]
async fn list_inventory(
    State(state): State<AppState>,
    PathIds([store_id]): PathIds<1>,
    ApiQuery(params): ApiQuery<PageParams>,
) -> Result<Response, ApiError> {
    let page = Page::try_from(params)?;
    let version = match state.inventory_cache.lookup(store_id, page).await {
        Lookup::Hit(body) => return Ok(json_body(body, "HIT")),
        Lookup::Miss { version } => version,
    };
    let (count, lines) = db::stores::inventory_page(&state.db, store_id, page)
        .await?
        .ok_or_else(|| ApiError::not_found("store", store_id))?;
    // A page past the end is empty whatever its number: caching it would let
    // a client fill Redis with one key per page number.
    let past_the_end = lines.is_empty() && page.page > 1;
    let body = serde_json::to_vec(&Listing::new(count, page, lines)).map_err(ApiError::internal)?;
    if let Some(version) = version
        && !past_the_end
    {
        state
            .inventory_cache
            .store(store_id, version, page, &body)
            .await;
    }
    Ok(json_body(body.into(), "MISS"))
}

fn json_body(body: Bytes, cache: &'static str) -> Response {
    (
        [
            (
                header::CONTENT_TYPE,
                HeaderValue::from_static("application/json"),
            ),
            (X_CACHE, HeaderValue::from_static(cache)),
        ],
        body,
    )
        .into_response()
}
