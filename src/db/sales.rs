//! The sales signal: each product's units in CONFIRMED orders over the last
//! 30 days (`units_sold_30d`).
//!
//! A scheduled job ([`count`]) stores the units of the 30 days up to a
//! cutoff (`product_sales`, `sales_signal.counted_at`); a reader adds the
//! units ordered after the cutoff, which the order lines' index on
//! `(product_id, created_at)` finds without visiting older lines. So the
//! figure includes an order as soon as it commits (its products' changes
//! send the indexer to re-read them), and the read per product is bounded by
//! what it sold since the last count, never its whole history. Before the
//! first count, or when the job has not run for 30 days, the stored counts
//! are ignored and only the last 30 days' lines are read.
//!
//! The figure is written twice, in [`units_sold_30d`] and in
//! `index_rows`'s SELECT (a scalar subquery there, so that a rebuild does
//! not call a function per product); tests compare the two.

use std::{collections::HashMap, time::Duration};

use chrono::{DateTime, Utc};
use sqlx::{PgExecutor, PgPool};

use super::outbox;

/// `units_sold_30d` of the products `$1` (a `bigint[]`), by id; 0 for
/// unknown ids.
pub const UNITS_SOLD_30D: &str = "
    SELECT p.id,
           (COALESCE((SELECT ps.units_30d FROM product_sales ps, sales_signal s
                       WHERE ps.product_id = p.id
                         AND s.counted_at > now() - interval '30 days'), 0)
            + COALESCE((SELECT sum(oi.quantity_requested) FROM order_items oi
                          JOIN orders o ON o.id = oi.order_id
                         WHERE oi.product_id = p.id AND o.status = 'CONFIRMED'
                           AND oi.created_at > (SELECT greatest(counted_at, now() - interval '30 days')
                                                  FROM sales_signal)), 0)
           )::bigint AS units_sold_30d
      FROM unnest($1::bigint[]) AS p(id)
     ORDER BY p.id";

/// `units_sold_30d` of each of these products, by id (0 for unknown ids).
pub async fn units_sold_30d(db: impl PgExecutor<'_>, ids: &[i64]) -> sqlx::Result<Vec<(i64, i64)>> {
    sqlx::query_as(UNITS_SOLD_30D).bind(ids).fetch_all(db).await
}

/// What a count did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Counted {
    /// Products with sales in the 30 days up to the cutoff.
    pub products: u64,
    /// Products whose figure the count changed (orders that left the
    /// window): each recorded as a change for the search index.
    pub changed: usize,
}

/// Counts the 30 days up to `now - settle` into `product_sales` and moves
/// the cutoff there, in one transaction; records a change for every product
/// whose figure that changes, so search documents follow.
///
/// `settle` must exceed the longest an order transaction can stay open (an
/// order is placed within one request, whose deadline rolls it back): an
/// order that commits after this count's snapshot then has a time after
/// the cutoff, so readers count it instead of nobody.
pub async fn count(pool: &PgPool, settle: Duration) -> sqlx::Result<Counted> {
    let mut tx = pool.begin().await?;
    // One snapshot for the figures before and after, and the counts between.
    sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        .execute(&mut *tx)
        .await?;
    // Serialises counts: a retried run and a late one cannot interleave.
    let cutoff: DateTime<Utc> =
        sqlx::query_scalar("SELECT now() - make_interval(secs => $1) FROM sales_signal FOR UPDATE")
            .bind(settle.as_secs_f64())
            .fetch_one(&mut *tx)
            .await?;
    // Every product whose figure this count could change.
    let candidates: Vec<i64> = sqlx::query_scalar(
        "SELECT product_id FROM product_sales
          UNION
         SELECT DISTINCT product_id FROM order_items WHERE created_at > $1::timestamptz - interval '30 days'",
    )
    .bind(cutoff)
    .fetch_all(&mut *tx)
    .await?;
    let before: HashMap<i64, i64> = units_sold_30d(&mut *tx, &candidates)
        .await?
        .into_iter()
        .collect();
    sqlx::query(
        "WITH fresh AS (
             SELECT i.product_id, sum(i.quantity_requested)::bigint AS units
               FROM order_items i JOIN orders o ON o.id = i.order_id
              WHERE o.status = 'CONFIRMED'
                AND i.created_at > $1::timestamptz - interval '30 days'
                AND i.created_at <= $1::timestamptz
              GROUP BY i.product_id
         ), gone AS (
             DELETE FROM product_sales ps
              WHERE NOT EXISTS (SELECT 1 FROM fresh f WHERE f.product_id = ps.product_id)
         )
         INSERT INTO product_sales (product_id, units_30d)
         SELECT product_id, units FROM fresh
         ON CONFLICT (product_id) DO UPDATE SET units_30d = EXCLUDED.units_30d
          WHERE product_sales.units_30d <> EXCLUDED.units_30d",
    )
    .bind(cutoff)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE sales_signal SET counted_at = $1::timestamptz")
        .bind(cutoff)
        .execute(&mut *tx)
        .await?;
    let after = units_sold_30d(&mut *tx, &candidates).await?;
    let changed: Vec<i64> = after
        .iter()
        .filter(|(id, units)| before.get(id) != Some(units))
        .map(|(id, _)| *id)
        .collect();
    outbox::record(&mut tx, &changed).await?;
    let products: i64 = sqlx::query_scalar("SELECT count(*) FROM product_sales")
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Counted {
        products: products as u64,
        changed: changed.len(),
    })
}
