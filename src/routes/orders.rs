//! `POST /orders/`, optionally idempotent with an `Idempotency-Key` header.

use axum::{
    Json, Router,
    body::Bytes,
    extract::{FromRequestParts, State},
    http::{HeaderName, HeaderValue, StatusCode, header, request::Parts},
    response::{IntoResponse, Response},
    routing::post,
};

use crate::{
    domain::{
        StaleListings,
        order::{IdempotencyKey, NewOrder, PlaceOrderRequest},
    },
    error::{ApiError, ApiJson, ErrorBody},
    orders::{
        self, OrderStatus, PlacedOrder,
        idempotency::{self, Placement},
    },
    state::AppState,
};

const IDEMPOTENCY_KEY: HeaderName = HeaderName::from_static("idempotency-key");
const IDEMPOTENT_REPLAYED: HeaderName = HeaderName::from_static("idempotent-replayed");

pub fn router() -> Router<AppState> {
    Router::new().route("/orders", post(place_order))
}

/// The optional `Idempotency-Key` header, checked before the body is read.
struct OptionalKey(Option<IdempotencyKey>);

impl<S: Send + Sync> FromRequestParts<S> for OptionalKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let values = parts.headers.get_all(IDEMPOTENCY_KEY);
        let key = IdempotencyKey::from_header_values(values.iter().map(|v| v.to_str().ok()))?;
        Ok(OptionalKey(key))
    }
}

/// Places an order all-or-nothing: 201 with status CONFIRMED, or REJECTED
/// with the short lines. Either way the order is stored. With an
/// `Idempotency-Key`, a repeat of the same request answers the stored
/// response with `Idempotent-Replayed: true` and places nothing.
#[utoipa::path(post, path = "/orders", tag = "orders",
    params(("Idempotency-Key" = Option<String>, Header,
        description = "1 to 255 characters; a repeat of the same request answers the stored \
            response, a different request with the key is a 422")),
    request_body = PlaceOrderRequest,
    responses(
        (status = 201, description = "Placed, CONFIRMED or REJECTED (with `shortages`)",
            body = PlacedOrder,
            headers(("Idempotent-Replayed" = String, description = "`true` on a replay"))),
        (status = 400, description = "A bad body or `Idempotency-Key` (`validation_failed`, \
            `malformed_json`)", body = ErrorBody),
        (status = 422, description = "An unknown store or product (`unknown_reference`), or \
            the key used with another request (`idempotency_key_reused`)", body = ErrorBody),
        (status = 503, description = "PostgreSQL is unreachable (`service_unavailable`)",
            body = ErrorBody),
    ))]
async fn place_order(
    State(state): State<AppState>,
    OptionalKey(key): OptionalKey,
    ApiJson(request): ApiJson<PlaceOrderRequest>,
) -> Result<Response, ApiError> {
    // Cannot fail: plain integers and string keys only.
    let fingerprint = serde_json::to_string(&request).expect("an order request serializes");
    let order = NewOrder::try_from(request)?;
    let Some(key) = key else {
        let placed = orders::place(&state.db, &order).await?;
        invalidate(&state, &placed).await;
        return Ok((StatusCode::CREATED, Json(placed)).into_response());
    };
    match idempotency::place_once(&state.db, &key, &fingerprint, &order).await? {
        Placement::Placed { order, body } => {
            invalidate(&state, &order).await;
            Ok(json_body(StatusCode::CREATED, body, false))
        }
        Placement::Replayed { status, body } => {
            let status = StatusCode::from_u16(status).map_err(ApiError::internal)?;
            Ok(json_body(status, body, true))
        }
    }
}

async fn invalidate(state: &AppState, placed: &PlacedOrder) {
    if placed.status == OrderStatus::Confirmed {
        state
            .inventory_cache
            .invalidate(StaleListings::store(placed.store_id))
            .await;
    }
}

fn json_body(status: StatusCode, body: Vec<u8>, replayed: bool) -> Response {
    let mut response = (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        Bytes::from(body),
    )
        .into_response();
    if replayed {
        response
            .headers_mut()
            .insert(IDEMPOTENT_REPLAYED, HeaderValue::from_static("true"));
    }
    response
}
