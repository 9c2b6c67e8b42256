//! The admin API: catalog edits, stock levels, bulk import and index status,
//! behind a bearer token (`ADMIN_TOKEN`, compared in constant time). Without
//! a configured token every admin route answers 403: disabled, not open.

use axum::{
    Json, Router,
    body::Body,
    extract::{Request, State},
    http::{HeaderMap, StatusCode, header},
    middleware::{self, Next},
    response::{IntoResponse, Response},
    routing::{get, patch, post, put},
};
use serde::Serialize;
use subtle::ConstantTimeEq;
use utoipa::ToSchema;

use super::ids::PathIds;
use crate::{
    changes::status::IndexStatus,
    db::{self, catalog::Product, categories::Category},
    domain::{
        StaleListings,
        category::{CategoryInput, CategoryPatch, NewCategory},
        import::ImportLine,
        product::{NewProduct, ProductInput, ProductPatch, StockInput},
    },
    error::{self, ApiError, ApiJson, ErrorBody, ErrorCode},
    import::{self, Aborted, ImportError, ImportReport, Limits},
    state::AppState,
};

pub fn router(state: &AppState) -> Router<AppState> {
    Router::new()
        .route("/categories", post(create_category))
        .route(
            "/categories/{id}",
            patch(update_category).delete(delete_category),
        )
        .route("/products", post(create_product))
        .route(
            "/products/{id}",
            patch(update_product).delete(delete_product),
        )
        .route("/stores/{store_id}/inventory/{product_id}", put(set_stock))
        .route("/api/index/status", get(index_status))
        .route("/api/index/reindex", post(request_reindex))
        .route("/api/settings", super::settings::routes())
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

#[utoipa::path(post, path = "/categories", tag = "admin", security(("bearer" = [])),
    request_body = CategoryInput,
    responses(
        (status = 201, description = "Created", body = Category),
        (status = 400, description = "A bad name or parent (`validation_failed`)", body = ErrorBody),
        (status = 409, description = "A sibling has the name, or the tree would be deeper than \
            8 (`conflict`)", body = ErrorBody),
        (status = 422, description = "No such parent (`unknown_reference`)", body = ErrorBody),
        (status = 503, description = "PostgreSQL is unreachable", body = ErrorBody),
    ))]
async fn create_category(
    State(state): State<AppState>,
    ApiJson(input): ApiJson<CategoryInput>,
) -> Result<(StatusCode, Json<Category>), ApiError> {
    let category = NewCategory::try_from(input)?;
    let mut tx = state.db.begin().await?;
    let category = db::categories::create(&mut tx, &category)
        .await
        .map_err(error::category_write)?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(category)))
}

/// A rename and/or a move; the products below re-index and the listings
/// showing them go stale.
#[utoipa::path(patch, path = "/categories/{id}", tag = "admin", security(("bearer" = [])),
    params(("id" = i64, Path, minimum = 1)),
    request_body = CategoryInput,
    responses(
        (status = 200, description = "Renamed and/or moved", body = Category),
        (status = 400, description = "A bad id, name or parent (`validation_failed`)",
            body = ErrorBody),
        (status = 404, description = "No such category (`not_found`)", body = ErrorBody),
        (status = 409, description = "A sibling has the name, or the move makes a cycle or a \
            tree deeper than 8 (`conflict`)", body = ErrorBody),
        (status = 422, description = "No such parent (`unknown_reference`)", body = ErrorBody),
        (status = 503, description = "PostgreSQL is unreachable", body = ErrorBody),
    ))]
async fn update_category(
    State(state): State<AppState>,
    PathIds([id]): PathIds<1>,
    ApiJson(input): ApiJson<CategoryInput>,
) -> Result<Json<Category>, ApiError> {
    let patch = CategoryPatch::try_from(input)?;
    let mut tx = state.db.begin().await?;
    let (category, stale) = db::categories::update(&mut tx, id, &patch)
        .await
        .map_err(error::category_write)?
        .ok_or_else(|| ApiError::not_found("category", id))?;
    state.inventory_cache.commit(tx, stale).await?;
    Ok(Json(category))
}

#[utoipa::path(delete, path = "/categories/{id}", tag = "admin", security(("bearer" = [])),
    params(("id" = i64, Path, minimum = 1)),
    responses(
        (status = 204, description = "Deleted"),
        (status = 400, description = "A bad id (`validation_failed`)", body = ErrorBody),
        (status = 404, description = "No such category (`not_found`)", body = ErrorBody),
        (status = 409, description = "It has subcategories or products, deleted ones included \
            (`conflict`)", body = ErrorBody),
        (status = 503, description = "PostgreSQL is unreachable", body = ErrorBody),
    ))]
async fn delete_category(
    State(state): State<AppState>,
    PathIds([id]): PathIds<1>,
) -> Result<StatusCode, ApiError> {
    let mut tx = state.db.begin().await?;
    let deleted = db::categories::delete(&mut tx, id)
        .await
        .map_err(error::category_delete)?;
    if !deleted {
        return Err(ApiError::not_found("category", id));
    }
    tx.commit().await?;
    Ok(StatusCode::NO_CONTENT)
}

#[utoipa::path(post, path = "/products", tag = "admin", security(("bearer" = [])),
    request_body = ProductInput,
    responses(
        (status = 201, description = "Created", body = Product),
        (status = 400, description = "A missing or bad field (`validation_failed`)",
            body = ErrorBody),
        (status = 409, description = "A live product has the `external_id` (`conflict`)",
            body = ErrorBody),
        (status = 422, description = "No such category (`unknown_reference`)", body = ErrorBody),
        (status = 503, description = "PostgreSQL is unreachable", body = ErrorBody),
    ))]
async fn create_product(
    State(state): State<AppState>,
    ApiJson(input): ApiJson<ProductInput>,
) -> Result<(StatusCode, Json<Product>), ApiError> {
    let product = NewProduct::try_from(input)?;
    let mut tx = state.db.begin().await?;
    let product = db::catalog::create_product(&mut tx, &product)
        .await
        .map_err(|e| error::product_write(e, product.external_id.as_deref()))?;
    tx.commit().await?;
    Ok((StatusCode::CREATED, Json(product)))
}

#[utoipa::path(patch, path = "/products/{id}", tag = "admin", security(("bearer" = [])),
    params(("id" = i64, Path, minimum = 1)),
    request_body = ProductInput,
    responses(
        (status = 200, description = "Updated", body = Product),
        (status = 400, description = "A bad id or field (`validation_failed`)", body = ErrorBody),
        (status = 404, description = "No such product (`not_found`)", body = ErrorBody),
        (status = 409, description = "Another live product has the `external_id` (`conflict`)",
            body = ErrorBody),
        (status = 422, description = "No such category (`unknown_reference`)", body = ErrorBody),
        (status = 503, description = "PostgreSQL is unreachable", body = ErrorBody),
    ))]
async fn update_product(
    State(state): State<AppState>,
    PathIds([id]): PathIds<1>,
    ApiJson(input): ApiJson<ProductInput>,
) -> Result<Json<Product>, ApiError> {
    let patch = ProductPatch::try_from(input)?;
    let mut tx = state.db.begin().await?;
    let (product, stale) = db::catalog::update_product(&mut tx, id, &patch)
        .await
        .map_err(|e| error::product_write(e, patch.external_id.as_deref()))?
        .ok_or_else(|| ApiError::not_found("product", id))?;
    state.inventory_cache.commit(tx, stale).await?;
    Ok(Json(product))
}

/// Out of the catalog (orders keep referring to it), its stock lines dropped.
#[utoipa::path(delete, path = "/products/{id}", tag = "admin", security(("bearer" = [])),
    params(("id" = i64, Path, minimum = 1)),
    responses(
        (status = 204, description = "Deleted"),
        (status = 400, description = "A bad id (`validation_failed`)", body = ErrorBody),
        (status = 404, description = "No such product (`not_found`)", body = ErrorBody),
        (status = 503, description = "PostgreSQL is unreachable", body = ErrorBody),
    ))]
async fn delete_product(
    State(state): State<AppState>,
    PathIds([id]): PathIds<1>,
) -> Result<StatusCode, ApiError> {
    let mut tx = state.db.begin().await?;
    let stale = db::catalog::delete_product(&mut tx, id)
        .await?
        .ok_or_else(|| ApiError::not_found("product", id))?;
    state.inventory_cache.commit(tx, stale).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
struct StockLevel {
    store_id: i64,
    product_id: i64,
    quantity: i32,
}

/// Sets the store's stock of the product.
#[utoipa::path(put, path = "/stores/{store_id}/inventory/{product_id}", tag = "admin",
    security(("bearer" = [])),
    params(("store_id" = i64, Path, minimum = 1), ("product_id" = i64, Path, minimum = 1)),
    request_body = StockInput,
    responses(
        (status = 200, description = "The stock as set", body = StockLevel),
        (status = 400, description = "A bad id or quantity (`validation_failed`)",
            body = ErrorBody),
        (status = 404, description = "No such store or product (`not_found`)", body = ErrorBody),
        (status = 503, description = "PostgreSQL is unreachable", body = ErrorBody),
    ))]
async fn set_stock(
    State(state): State<AppState>,
    PathIds([store_id, product_id]): PathIds<2>,
    ApiJson(input): ApiJson<StockInput>,
) -> Result<Json<StockLevel>, ApiError> {
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
    Ok(Json(StockLevel {
        store_id,
        product_id,
        quantity,
    }))
}

/// NDJSON (one product per line) or a JSON array; answers how many lines
/// were imported and which failed and why. An import that stops early
/// answers its error with the report of what it committed in
/// `details.report`.
#[utoipa::path(post, path = "/products/import", tag = "admin", security(("bearer" = [])),
    request_body(description = "Products one per line (NDJSON), or a JSON array of them; \
        an empty body imports nothing", content(
            (Option<Vec<ImportLine>> = "application/x-ndjson"),
            (Option<Vec<ImportLine>> = "application/json"))),
    responses(
        (status = 200, description = "The whole body was read: how many lines were imported, \
            and which failed and why", body = ImportReport),
        (status = 400, description = "The array is broken (`malformed_json`) or the body could \
            not be read (`validation_failed`); `details.report` says what was committed",
            body = ErrorBody),
        (status = 413, description = "Over `IMPORT_MAX_BYTES` (`payload_too_large`)",
            body = ErrorBody),
        (status = 503, description = "PostgreSQL is unreachable; `details.report` says what \
            was committed", body = ErrorBody),
    ))]
async fn import_products(
    State(state): State<AppState>,
    headers: HeaderMap,
    body: Body,
) -> Result<Json<ImportReport>, ApiError> {
    let limits = Limits {
        max_bytes: state.config.import_max_bytes,
        max_line_bytes: import::MAX_LINE_BYTES,
    };
    let declared = headers
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|len| len > limits.max_bytes as u64) {
        // Refused before reading a byte: nothing is written.
        return Err(ApiError::from(Aborted {
            error: ImportError::TooLarge(limits.max_bytes),
            report: ImportReport::default(),
        }));
    }
    let result = import::import_stream(state.db.clone(), body.into_data_stream(), limits).await;
    let report = match &result {
        Ok(report) => report,
        Err(aborted) => &aborted.report,
    };
    // The import committed batch by batch; its stores are stale now.
    let stale = StaleListings::from(report.stores_touched.clone());
    state.inventory_cache.invalidate(stale).await;
    result.map(Json).map_err(|a| ApiError::from(*a))
}

/// Documents, checkpoint, lag behind PostgreSQL, last rebuild and last error.
#[utoipa::path(get, path = "/api/index/status", tag = "admin", security(("bearer" = [])),
    responses(
        (status = 200, description = "This replica's index", body = IndexStatus),
        (status = 503, description = "PostgreSQL is unreachable", body = ErrorBody),
    ))]
async fn index_status(State(state): State<AppState>) -> Result<Json<IndexStatus>, ApiError> {
    Ok(Json(
        IndexStatus::gather(&state.db, &state.search, &state.indexer_status).await?,
    ))
}

/// Asks every replica to rebuild its index from PostgreSQL (what the
/// scheduled reindex does); each reports what it repaired in its status.
#[utoipa::path(post, path = "/api/index/reindex", tag = "admin", security(("bearer" = [])),
    responses(
        (status = 202, description = "Requested", body = Accepted),
        (status = 503, description = "PostgreSQL is unreachable", body = ErrorBody),
    ))]
async fn request_reindex(State(state): State<AppState>) -> Result<Response, ApiError> {
    db::outbox::request_reindex(&state.db).await?;
    let accepted = Accepted {
        status: "every replica will rebuild its index",
    };
    Ok((StatusCode::ACCEPTED, Json(accepted)).into_response())
}

#[derive(Serialize, ToSchema)]
struct Accepted {
    status: &'static str,
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
