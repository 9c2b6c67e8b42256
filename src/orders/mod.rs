//! Order placement: the stock rules and the locking discipline, in one place.
//!
//! One transaction per order: check the references, lock the store's
//! inventory rows for the order's products in ascending product id order,
//! then either deduct every line and store the order CONFIRMED, or store it
//! REJECTED and touch no stock. Every placement takes its locks in the same
//! global order, so concurrent orders queue but never deadlock, and the
//! `quantity >= 0` CHECK is a last line of defence against overselling.
//! Nothing here talks to Redis or the network while the transaction is open:
//! the search index learns of the stock change through the outbox, the
//! confirmation notification is a job enqueued in the same transaction, and
//! cache invalidation is the caller's job after commit.
//!
//! `idempotency` places an order at most once per `Idempotency-Key`.

pub mod idempotency;

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{PgConnection, PgPool};
use utoipa::ToSchema;

use crate::{
    db::{self, orders::OrderItem},
    domain::order::NewOrder,
    jobs,
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

/// Places the order all-or-nothing; see the module docs.
pub async fn place(pool: &PgPool, order: &NewOrder) -> Result<PlacedOrder, PlaceOrderError> {
    let mut tx = pool.begin().await?;
    let placed = place_in(&mut tx, order).await?;
    tx.commit().await?;
    Ok(placed)
}

/// The placement inside the caller's transaction, which commits it (or,
/// on error, rolls it back).
async fn place_in(tx: &mut PgConnection, order: &NewOrder) -> Result<PlacedOrder, PlaceOrderError> {
    let (store_exists, products) = db::orders::references(tx, order).await?;
    let missing_products: Vec<i64> = products
        .iter()
        .filter(|(_, shown)| shown.is_none())
        .map(|(id, _)| *id)
        .collect();
    if !store_exists || !missing_products.is_empty() {
        return Err(PlaceOrderError::UnknownReferences {
            store_id: (!store_exists).then_some(order.store_id),
            product_ids: missing_products,
        });
    }
    // Every product exists (checked above); both lists are in ascending
    // product id order, one entry per product.
    let items: Vec<OrderItem> = order
        .lines
        .iter()
        .zip(products)
        .filter_map(|(line, (_, shown))| {
            let shown = shown?;
            Some(OrderItem {
                product_id: line.product_id,
                title: shown.title,
                brand: shown.brand,
                category_path: shown.category_path,
                quantity_requested: line.quantity,
            })
        })
        .collect();

    let on_hand = db::orders::lock_stock(tx, order).await?;
    let shortages = shortages(order, |product_id| {
        on_hand.get(&product_id).copied().unwrap_or(0)
    });
    let status = if shortages.is_empty() {
        db::orders::deduct_stock(tx, order).await?;
        // The stock change reaches the search index through the outbox.
        db::outbox::record(tx, &order.product_ids()).await?;
        OrderStatus::Confirmed
    } else {
        OrderStatus::Rejected
    };

    let (id, created_at) = db::orders::insert(tx, order, status.as_str())
        .await
        .map_err(deleted_meanwhile)?;
    if status == OrderStatus::Confirmed {
        jobs::notifications::enqueue(tx, id).await?;
    }

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
