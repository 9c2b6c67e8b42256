//! The admin API: catalog edits, stock levels, bulk import and index status,
//! behind a bearer token (`ADMIN_TOKEN`, compared in constant time). Without
//! a configured token every admin route answers 403: disabled, not open.

use axum::{
    Json, Router,
    body::Body,
    extract::{Request, State},
    http::{StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{get, patch, post, put},
};
use serde_json::{Value, json};
use subtle::ConstantTimeEq;

use crate::{
    changes::{StreamPosition, stream_key},
    db::{self, catalog::Product},
    domain::{
        StaleListings,
        product::{CategoryInput, NewProduct, ProductInput, ProductPatch, StockInput},
        valid_id,
    },
    error::{ApiError, ApiJson, ApiPath, ErrorCode, on_constraint},
    import::{self, ImportError, ImportReport},
    state::AppState,
};

/// Largest bulk import body.
const IMPORT_MAX_BYTES: usize = 256 * 1024 * 1024;

pub fn router(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/categories", post(create_category))
        .route(
            "/categories/{id}",
            patch(rename_category).delete(delete_category),
        )
        .route("/products", post(create_product))
        .route(
            "/products/{id}",
            patch(update_product).delete(delete_product),
        )
        .route("/stores/{store_id}/inventory/{product_id}", put(set_stock))
        .route("/api/index/status", get(index_status))
        .route_layer(middleware::from_fn_with_state(state.clone(), require_admin))
}

/// The bulk import, apart from the other admin routes: it has a longer
/// deadline than every other request.
pub fn import_router(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/products/import", post(import_products))
        .route_layer(middleware::from_fn_with_state(state.clone(), require_admin))
}

async fn require_admin(State(state): State<AppState>, request: Request, next: Next) -> Response {
    // An empty token (e.g. `ADMIN_TOKEN=` in a compose file) disables too.
    let Some(expected) = state
        .config
        .admin_token
        .as_deref()
        .filter(|t| !t.is_empty())
    else {
        return ApiError::new(
            ErrorCode::AdminDisabled,
            "the admin API is disabled: no ADMIN_TOKEN is configured",
        )
        .into_response();
    };
    let presented = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(bearer_token);
    match presented {
        Some(token) if bool::from(token.as_bytes().ct_eq(expected.as_bytes())) => {
            next.run(request).await
        }
        _ => {
            let mut response =
                ApiError::new(ErrorCode::Unauthorized, "a valid bearer token is required")
                    .into_response();
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                header::HeaderValue::from_static("Bearer"),
            );
            response
        }
    }
}

/// The token of an `Authorization: Bearer <token>` header. The scheme is
/// case-insensitive and followed by one or more spaces (RFC 7235, 2.1).
fn bearer_token(header: &str) -> Option<&str> {
    let (scheme, token) = header.split_once(' ')?;
    let token = token.trim_start_matches(' ');
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}

async fn create_category(
    State(state): State<AppState>,
    ApiJson(input): ApiJson<CategoryInput>,
) -> Result<(StatusCode, Json<db::catalog::Category>), ApiError> {
    let name = input.validated()?;
    let mut tx = state.db.begin().await?;
    let category = db::catalog::create_category(&mut tx, &name)
        .await
        .map_err(|e| on_constraint(e, "a category with this name exists", "unknown reference"))?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(category)))
}

async fn rename_category(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<CategoryInput>,
) -> Result<Json<db::catalog::Category>, ApiError> {
    let id = valid_id("id", id)?;
    let name = input.validated()?;
    let mut tx = state.db.begin().await?;
    let (category, stale) = db::catalog::rename_category(&mut tx, id, &name)
        .await
        .map_err(|e| on_constraint(e, "a category with this name exists", "unknown reference"))?
        .ok_or_else(|| ApiError::not_found("category", id))?;
    state.inventory_cache.commit(tx, stale).await?;
    Ok(Json(category))
}

async fn delete_category(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    let id = valid_id("id", id)?;
    let mut tx = state.db.begin().await?;
    let deleted = db::catalog::delete_category(&mut tx, id)
        .await
        .map_err(|err| match &err {
            sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
                ApiError::new(ErrorCode::Conflict, "the category still has products")
            }
            _ => err.into(),
        })?;
    if !deleted {
        return Err(ApiError::not_found("category", id));
    }
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn create_product(
    State(state): State<AppState>,
    ApiJson(input): ApiJson<ProductInput>,
) -> Result<(StatusCode, Json<Product>), ApiError> {
    let product = NewProduct::try_from(input)?;
    let mut tx = state.db.begin().await?;
    let product = db::catalog::create_product(&mut tx, &product)
        .await
        .map_err(|e| on_constraint(e, "conflict", "category_id does not exist"))?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(product)))
}

async fn update_product(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
    ApiJson(input): ApiJson<ProductInput>,
) -> Result<Json<Product>, ApiError> {
    let id = valid_id("id", id)?;
    let patch = ProductPatch::try_from(input)?;
    let mut tx = state.db.begin().await?;
    let (product, stale) = db::catalog::update_product(&mut tx, id, &patch)
        .await
        .map_err(|e| on_constraint(e, "conflict", "category_id does not exist"))?
        .ok_or_else(|| ApiError::not_found("product", id))?;
    state.inventory_cache.commit(tx, stale).await?;
    Ok(Json(product))
}

async fn delete_product(
    State(state): State<AppState>,
    ApiPath(id): ApiPath<i64>,
) -> Result<StatusCode, ApiError> {
    let id = valid_id("id", id)?;
    let mut tx = state.db.begin().await?;
    let stale = db::catalog::delete_product(&mut tx, id)
        .await?
        .ok_or_else(|| ApiError::not_found("product", id))?;
    state.inventory_cache.commit(tx, stale).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn set_stock(
    State(state): State<AppState>,
    ApiPath((store_id, product_id)): ApiPath<(i64, i64)>,
    ApiJson(input): ApiJson<StockInput>,
) -> Result<Json<Value>, ApiError> {
    let store_id = valid_id("store_id", store_id)?;
    let product_id = valid_id("product_id", product_id)?;
    let quantity = input.validated()?;
    let mut tx = state.db.begin().await?;
    if !db::stores::exists(&mut *tx, store_id).await? {
        return Err(ApiError::not_found("store", store_id));
    }
    if !db::catalog::product_exists(&mut tx, product_id).await? {
        return Err(ApiError::not_found("product", product_id));
    }
    let stale = db::catalog::set_stock(&mut tx, store_id, product_id, quantity).await?;
    state.inventory_cache.commit(tx, stale).await?;
    Ok(Json(
        json!({ "store_id": store_id, "product_id": product_id, "quantity": quantity }),
    ))
}

/// NDJSON (one product per line) or a JSON array; answers how many lines
/// were imported and which failed and why.
async fn import_products(
    State(state): State<AppState>,
    body: Body,
) -> Result<Json<ImportReport>, ApiError> {
    let report = import::import_stream(state.db.clone(), body.into_data_stream(), IMPORT_MAX_BYTES)
        .await
        .map_err(|err| match err {
            ImportError::MalformedArray(message) => {
                ApiError::new(ErrorCode::MalformedJson, message)
            }
            ImportError::TooLarge(_) => ApiError::new(ErrorCode::PayloadTooLarge, err.to_string()),
            ImportError::Body(message) => ApiError::validation("body", message),
            ImportError::Database(db) => db.into(),
        })?;
    let mut report = report;
    // The import committed batch by batch; its stores are stale now.
    let stale = StaleListings::from(std::mem::take(&mut report.stores_touched));
    state.inventory_cache.invalidate(stale).await;
    Ok(Json(report))
}

/// Documents, stream position, lag, last rebuild and last error.
async fn index_status(State(state): State<AppState>) -> Result<Json<Value>, ApiError> {
    let indexer = state.indexer_status.snapshot();
    let generation = state.search.current();
    let documents = generation.as_ref().map(|g| g.reader.searcher().num_docs());
    let (unpublished, oldest_unpublished_secs): (i64, Option<f64>) = sqlx::query_as(
        "SELECT count(*), extract(epoch FROM now() - min(created_at))::float8
           FROM outbox WHERE published_at IS NULL",
    )
    .fetch_one(&state.db)
    .await?;
    let stream = stream_lag(&state, indexer.position.as_ref()).await;
    Ok(Json(json!({
        "generation": generation.as_ref().map(|g| g.name.clone()),
        "documents": documents,
        "last_applied_stream_id": indexer.position.as_ref().map(|p| p.last_id.clone()),
        "lag": {
            "stream_entries_behind": stream.as_ref().map(|s| s.0),
            "oldest_unapplied_age_secs": stream.as_ref().and_then(|s| s.1),
            "outbox_unpublished": unpublished,
            "oldest_unpublished_age_secs": oldest_unpublished_secs,
        },
        "applied_changes": indexer.applied_changes,
        "last_applied_at": indexer.last_applied_at,
        "last_rebuild_at": indexer.last_rebuild_at,
        "last_rebuild_reason": indexer.last_rebuild_reason,
        "last_error": indexer.last_error,
        "last_error_at": indexer.last_error_at,
    })))
}

/// Entries in the stream after the applied position (counted up to 10,000)
/// and the age of the oldest of them; `None` when Redis cannot tell.
async fn stream_lag(
    state: &AppState,
    position: Option<&StreamPosition>,
) -> Option<(usize, Option<f64>)> {
    let after = position.map_or_else(|| "-".to_owned(), |p| format!("({}", p.last_id));
    let mut conn = state.redis.conn().await.ok()?;
    let entries: redis::streams::StreamRangeReply = redis::cmd("XRANGE")
        .arg(stream_key(&state.redis))
        .arg(&after)
        .arg("+")
        .arg("COUNT")
        .arg(10_000)
        .query_async(&mut conn)
        .await
        .ok()?;
    let oldest = entries.ids.first().map(|entry| {
        let millis: i64 = entry
            .id
            .split('-')
            .next()
            .and_then(|ms| ms.parse().ok())
            .unwrap_or(0);
        (chrono::Utc::now().timestamp_millis() - millis) as f64 / 1000.0
    });
    Some((entries.ids.len(), oldest))
}

#[cfg(test)]
mod tests {
    use super::bearer_token;

    #[test]
    fn the_bearer_scheme_is_case_insensitive() {
        for (header, token) in [
            ("Bearer abc", Some("abc")),
            ("bearer abc", Some("abc")),
            ("BEARER abc", Some("abc")),
            ("bEaReR abc", Some("abc")),
            ("Bearer   abc", Some("abc")),
            ("Bearer abc def", Some("abc def")),
            ("Bearer ", None),
            ("Bearer", None),
            ("Bearerabc", None),
            ("Basic abc", None),
            ("Bearer\tabc", None),
            ("", None),
        ] {
            assert_eq!(bearer_token(header), token, "{header:?}");
        }
    }
}
