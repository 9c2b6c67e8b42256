//! `GET /products/{id}/stock/`: one product's quantity at every store, for
//! the shop page's product view. Public and read-only, behind the listing
//! rate limit's figures (each answer is a database query).

use axum::{Json, Router, extract::State, routing::get};
use serde::Serialize;

use super::ids::PathIds;
use crate::{
    db::{self, product_stock::StoreStock},
    error::{ApiError, ErrorBody},
    rate_limit,
    state::AppState,
};

pub fn router(state: &AppState) -> anyhow::Result<Router<AppState>> {
    let (limit, client) = (super::listing_limit(state), super::client_ip(state));
    Ok(Router::new()
        .route("/products/{id}/stock", get(product_stock))
        .layer(rate_limit::layer(limit, client)?))
}

#[derive(Serialize, utoipa::ToSchema)]
struct ProductStock {
    product_id: i64,
    /// Every store by name; `quantity` is null where the store does not
    /// carry the product.
    stores: Vec<StoreStock>,
}

/// The product's quantity at every store, by store name.
#[utoipa::path(get, path = "/products/{id}/stock", tag = "catalog",
    params(("id" = i64, Path, minimum = 1)),
    responses(
        (status = 200, description = "Every store with the product's quantity", body = ProductStock),
        (status = 400, description = "`id` is not a positive integer (`validation_failed`)",
            body = ErrorBody),
        (status = 404, description = "No such product (`not_found`)", body = ErrorBody),
        (status = 429, description = "Over the listings' rate limit (`rate_limited`)",
            body = ErrorBody),
        (status = 503, description = "PostgreSQL is unreachable (`service_unavailable`)",
            body = ErrorBody),
    ))]
async fn product_stock(
    State(state): State<AppState>,
    PathIds([product_id]): PathIds<1>,
) -> Result<Json<ProductStock>, ApiError> {
    let stores = db::product_stock::for_product(&state.db, product_id)
        .await?
        .ok_or_else(|| ApiError::not_found("product", product_id))?;
    Ok(Json(ProductStock { product_id, stores }))
}
