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
    error::{ApiError, ApiQuery, ErrorCode},
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

#[derive(Serialize)]
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
async fn list_stores(
    State(state): State<AppState>,
) -> Result<Json<Vec<db::stores::Store>>, ApiError> {
    Ok(Json(db::stores::all(&state.db).await?))
}

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
