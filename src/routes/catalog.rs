//! The public catalog: one product (`GET /products/{id}/`) and the category
//! tree (`GET /categories/`), read from PostgreSQL. Edits are admin routes
//! on the same paths (`admin.rs`).

use axum::{Json, Router, extract::State, routing::get};

use super::ids::PathIds;
use crate::{
    db::{self, catalog::Product, categories::Category},
    error::ApiError,
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/products/{id}", get(product))
        .route("/categories", get(categories))
}

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
async fn categories(State(state): State<AppState>) -> Result<Json<Vec<Category>>, ApiError> {
    Ok(Json(db::categories::list(&state.db).await?))
}
