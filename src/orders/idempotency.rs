//! Order placement at most once per `Idempotency-Key` (Stripe's semantics).
//!
//! The key is claimed by inserting it first in the placing transaction; the
//! order and the answer are stored under it before commit. A concurrent
//! request with the same key waits on that insert until the first
//! transaction ends: if it committed, the waiter replays its answer; if it
//! rolled back (a 4xx such as an unknown product: nothing was placed), the
//! waiter claims the key and places the order itself. So a key is used up
//! only by a placement, and one key places one order.

use sqlx::PgPool;

use super::{PlaceOrderError, PlacedOrder, place_in};
use crate::{
    db,
    domain::order::{IdempotencyKey, NewOrder},
};

/// The status every placement answers.
const CREATED: u16 = 201;

pub enum Placement {
    /// Placed now; `body` is the answer, as stored under the key.
    Placed { order: PlacedOrder, body: Vec<u8> },
    /// Placed by an earlier request with this key: its stored answer.
    Replayed { status: u16, body: Vec<u8> },
}

/// Places the order unless `key` already placed one; `request` is the
/// request as JSON text, which a replay must equal.
pub async fn place_once(
    pool: &PgPool,
    key: &IdempotencyKey,
    request: &str,
    order: &NewOrder,
) -> Result<Placement, PlaceOrderError> {
    let key = key.as_str();
    // A second round only when the key vanished between our claim and our
    // read (expired and deleted meanwhile): then it is free.
    for _ in 0..2 {
        let mut tx = db::begin(pool).await?;
        db::idempotency::forget_expired(&mut tx, key, db::idempotency::KEY_LIFETIME_HOURS).await?;
        if db::idempotency::claim(&mut tx, key, request).await? {
            let placed = place_in(&mut *tx, order).await?;
            // Cannot fail: plain fields and string keys only.
            let body = serde_json::to_vec(&placed).expect("a placed order serializes");
            db::idempotency::record(&mut tx, key, placed.id, CREATED, &body).await?;
            tx.commit().await?;
            return Ok(Placement::Placed {
                order: placed,
                body,
            });
        }
        match db::idempotency::stored(&mut tx, key, request).await? {
            Some(stored) if !stored.same_request => return Err(PlaceOrderError::KeyReused),
            Some(stored) => {
                let (Some(status), Some(body)) = (stored.response_status, stored.response_body)
                else {
                    // The table's CHECK and `record` rule this out.
                    return Err(PlaceOrderError::Inconsistent(
                        "an idempotency key was committed without its answer",
                    ));
                };
                return Ok(Placement::Replayed {
                    status: u16::try_from(status).unwrap_or(CREATED),
                    body,
                });
            }
            None => continue,
        }
    }
    Err(PlaceOrderError::Inconsistent(
        "an idempotency key vanished twice while being read",
    ))
}
