//! The public catalog: one product (`GET /products/{id}/`) and the category
//! tree (`GET /categories/`), read from PostgreSQL. Edits are admin routes
//! on the same paths (`admin.rs`).

use axum::{Json, Router, extract::State, routing::get};

use super::ids::PathIds;
use crate::{
    db::{self, catalog::Product, categories::Category},
    error::{ApiError, ErrorBody},
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/products/{id}", get(product))
        .route("/categories", get(categories))
}

/// A live product (404 once deleted).
#[utoipa::path(get, path = "/products/{id}", tag = "catalog", params(("id" = i64, Path, minimum = 1)),
    responses(
        (status = 200, description = "The product", body = Product),
        (status = 400, description = "`id` is not a positive integer (`validation_failed`)",
            body = ErrorBody),
        (status = 404, description = "No such product (`not_found`)", body = ErrorBody),
        (status = 503, description = "PostgreSQL is unreachable (`service_unavailable`)",
            body = ErrorBody),
    ))]
async fn product(
    State(state): State<AppState>,
    PathIds([id]): PathIds<1>,
) -> Result<Json<Product>, ApiError> {
    db::catalog::product(&state.db, id)
        .await?
        .map(Json)
        .ok_or_else(|| ApiError::not_found("product", id))
}

/// The whole tree as a flat list, parents first, ordered by path.
#[utoipa::path(get, path = "/categories", tag = "catalog",
    responses(
        (status = 200, description = "Every category", body = Vec<Category>),
        (status = 503, description = "PostgreSQL is unreachable (`service_unavailable`)",
            body = ErrorBody),
    ))]
async fn categories(State(state): State<AppState>) -> Result<Json<Vec<Category>>, ApiError> {
    Ok(Json(db::categories::list(&state.db).await?))
}
