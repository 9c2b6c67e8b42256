//! Order placement: the stock rules and the locking discipline, in one place.
//!
//! One transaction per order: check the references, lock the store's
//! inventory rows for the order's products in ascending product id order,
//! then either deduct every line and store the order CONFIRMED, or store it
//! REJECTED and touch no stock. Every placement takes its locks in the same
//! global order, so concurrent orders queue but never deadlock, and the
//! `quantity >= 0` CHECK is a last line of defence against overselling.
//! The steps run in PostgreSQL as one call of the `place_order` function
//! (see its migration), so an order is one round trip; this module turns
//! its answer into the order's answer. Nothing talks to Redis or the
//! network while the transaction is open: the search index learns of the
//! stock change through the outbox, the confirmation notification is a job
//! written in the same transaction, and cache invalidation is the caller's
//! job after commit.
//!
//! `idempotency` places an order at most once per `Idempotency-Key`.

pub mod idempotency;

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{PgExecutor, PgPool};
use utoipa::ToSchema;

use crate::{
    db::{self, orders::OrderItem},
    domain::order::NewOrder,
};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, ToSchema)]
#[serde(rename_all = "UPPERCASE")]
pub enum OrderStatus {
    Confirmed,
    Rejected,
}

impl OrderStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Confirmed => "CONFIRMED",
            Self::Rejected => "REJECTED",
        }
    }
}

/// A line the store could not fill; `available` is 0 for products the store
/// does not carry.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
pub struct Shortage {
    pub product_id: i64,
    pub requested: i32,
    pub available: i32,
    pub short_by: i32,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PlacedOrder {
    pub id: i64,
    pub store_id: i64,
    pub status: OrderStatus,
    pub created_at: DateTime<Utc>,
    pub items: Vec<OrderItem>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub shortages: Vec<Shortage>,
}

#[derive(Debug, thiserror::Error)]
pub enum PlaceOrderError {
    #[error("the order refers to records that do not exist")]
    UnknownReferences {
        store_id: Option<i64>,
        product_ids: Vec<i64>,
    },
    #[error("the idempotency key was already used with a different request")]
    KeyReused,
    #[error("{0}")]
    Inconsistent(&'static str),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// Places the order all-or-nothing; see the module docs. One statement,
/// committed on its own: no transaction is opened from here, so a request
/// dropped mid-way (a client that hangs up) cannot leave one open on a
/// pooled connection.
pub async fn place(pool: &PgPool, order: &NewOrder) -> Result<PlacedOrder, PlaceOrderError> {
    place_in(pool, order).await
}

/// The placement in the caller's transaction (or, given the pool, in its
/// own); an error leaves nothing written.
async fn place_in(
    db: impl PgExecutor<'_>,
    order: &NewOrder,
) -> Result<PlacedOrder, PlaceOrderError> {
    let placement = db::orders::place(db, order)
        .await
        .map_err(deleted_meanwhile)?;
    let Some((id, created_at, status)) = placement.order else {
        return Err(PlaceOrderError::UnknownReferences {
            store_id: (!placement.store_exists).then_some(order.store_id),
            product_ids: placement
                .lines
                .iter()
                .filter(|line| line.shown.is_none())
                .map(|line| line.product_id)
                .collect(),
        });
    };
    // Both lists are in ascending product id order, one entry per product.
    if placement.lines.len() != order.lines.len() {
        return Err(PlaceOrderError::Inconsistent(
            "the placement answered another number of lines than the order has",
        ));
    }
    let mut on_hand = HashMap::new();
    let mut items = Vec::with_capacity(order.lines.len());
    for (line, placed) in order.lines.iter().zip(placement.lines) {
        let (Some(shown), Some(quantity)) = (placed.shown, placed.on_hand) else {
            return Err(PlaceOrderError::Inconsistent(
                "a placed order line lacks its product or its stock",
            ));
        };
        on_hand.insert(line.product_id, quantity);
        items.push(OrderItem {
            product_id: line.product_id,
            title: shown.title,
            brand: shown.brand,
            category_path: shown.category_path,
            quantity_requested: line.quantity,
        });
    }
    let shortages = shortages(order, |product_id| {
        on_hand.get(&product_id).copied().unwrap_or(0)
    });
    // The function decides with the same rule; the answer must agree.
    let status = match (status.as_str(), shortages.is_empty()) {
        ("CONFIRMED", true) => OrderStatus::Confirmed,
        ("REJECTED", false) => OrderStatus::Rejected,
        _ => {
            return Err(PlaceOrderError::Inconsistent(
                "the stored status disagrees with the stock on hand",
            ));
        }
    };
    Ok(PlacedOrder {
        id,
        store_id: order.store_id,
        status,
        created_at,
        items,
        shortages,
    })
}

/// The lines whose request exceeds what is on hand.
pub fn shortages(order: &NewOrder, on_hand: impl Fn(i64) -> i32) -> Vec<Shortage> {
    order
        .lines
        .iter()
        .filter_map(|line| {
            let available = on_hand(line.product_id);
            (available < line.quantity).then(|| Shortage {
                product_id: line.product_id,
                requested: line.quantity,
                available,
                short_by: line.quantity - available,
            })
        })
        .collect()
}

/// A store or product deleted between the reference check and the insert
/// surfaces as a foreign-key violation: still the caller's 422, not a 500.
fn deleted_meanwhile(err: sqlx::Error) -> PlaceOrderError {
    match &err {
        sqlx::Error::Database(db) if db.is_foreign_key_violation() => {
            PlaceOrderError::UnknownReferences {
                store_id: None,
                product_ids: Vec::new(),
            }
        }
        _ => PlaceOrderError::Database(err),
    }
}
