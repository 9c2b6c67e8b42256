//! Idempotency keys of order placement: the statements the placing
//! transaction runs, and the purge.

use sqlx::{PgConnection, PgPool};

/// How long a key is remembered: a key older than this places anew, and the
/// purge job deletes it. Here, beside both statements that read it, so the
/// cron purge and order placement take it from the same place.
pub const KEY_LIFETIME_HOURS: i32 = 24;

/// A completed placement stored under a key.
#[derive(Debug, sqlx::FromRow)]
pub struct StoredAnswer {
    /// Whether the stored request equals the one being made (JSONB
    /// equality: key order and spacing do not matter).
    pub same_request: bool,
    pub response_status: Option<i16>,
    pub response_body: Option<Vec<u8>>,
}

/// Deletes the key if it is older than `hours`: past its lifetime a key
/// places anew, whether or not the purge has run yet.
pub async fn forget_expired(tx: &mut PgConnection, key: &str, hours: i32) -> sqlx::Result<()> {
    sqlx::query(
        "DELETE FROM idempotency_keys
          WHERE key = $1 AND created_at < now() - make_interval(hours => $2)",
    )
    .bind(key)
    .bind(hours)
    .execute(tx)
    .await?;
    Ok(())
}

/// Takes the key for this transaction; `false` when another transaction
/// holds it. A transaction still in progress with the key makes this wait
/// until it commits (then `false`) or rolls back (then `true`).
/// `request` is the request as JSON text.
pub async fn claim(tx: &mut PgConnection, key: &str, request: &str) -> sqlx::Result<bool> {
    let inserted = sqlx::query(
        "INSERT INTO idempotency_keys (key, request) VALUES ($1, $2::jsonb)
         ON CONFLICT (key) DO NOTHING",
    )
    .bind(key)
    .bind(request)
    .execute(tx)
    .await?;
    Ok(inserted.rows_affected() == 1)
}

/// Fills in the order and the answer under a key this transaction claimed.
pub async fn record(
    tx: &mut PgConnection,
    key: &str,
    order_id: i64,
    status: u16,
    body: &[u8],
) -> sqlx::Result<()> {
    sqlx::query(
        "UPDATE idempotency_keys SET order_id = $2, response_status = $3, response_body = $4
          WHERE key = $1",
    )
    .bind(key)
    .bind(order_id)
    .bind(status as i16)
    .bind(body)
    .execute(tx)
    .await?;
    Ok(())
}

/// The answer stored under a key, compared with `request`; `None` when the
/// key is gone (purged meanwhile).
pub async fn stored(
    tx: &mut PgConnection,
    key: &str,
    request: &str,
) -> sqlx::Result<Option<StoredAnswer>> {
    sqlx::query_as(
        "SELECT request = $2::jsonb AS same_request, response_status, response_body
           FROM idempotency_keys WHERE key = $1",
    )
    .bind(key)
    .bind(request)
    .fetch_optional(tx)
    .await
}

/// Deletes keys older than `hours`; answers how many.
pub async fn purge(pool: &PgPool, hours: i32) -> sqlx::Result<u64> {
    Ok(sqlx::query(
        "DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => $1)",
    )
    .bind(hours)
    .execute(pool)
    .await?
    .rows_affected())
}
