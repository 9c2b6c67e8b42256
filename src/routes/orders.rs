//! `POST /orders/`.

use axum::{Json, Router, extract::State, http::StatusCode, routing::post};

use crate::{
    domain::{
        StaleListings,
        order::{NewOrder, PlaceOrderRequest},
    },
    error::{ApiError, ApiJson},
    orders::{self, OrderStatus, PlacedOrder},
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new().route("/orders", post(place_order))
}

/// Places an order all-or-nothing: 201 with status CONFIRMED, or REJECTED
/// with the short lines. Either way the order is stored.
async fn place_order(
    State(state): State<AppState>,
    ApiJson(request): ApiJson<PlaceOrderRequest>,
) -> Result<(StatusCode, Json<PlacedOrder>), ApiError> {
    let order = NewOrder::try_from(request)?;
    let placed = orders::place(&state.db, &order).await?;
    if placed.status == OrderStatus::Confirmed {
        state
            .inventory_cache
            .invalidate(StaleListings::store(order.store_id))
            .await;
    }
    Ok((StatusCode::CREATED, Json(placed)))
}
