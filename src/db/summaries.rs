//! The daily inventory summary per store (computed by a scheduled job,
//! read by `GET /stores/{id}/inventory/summary/`): units, distinct products in
//! stock, out-of-stock and low-stock lines, and stock value; one row per
//! store and day, recomputed in place if the job runs again that day.

use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::PgPool;
use utoipa::ToSchema;

#[derive(Debug, Serialize, sqlx::FromRow, ToSchema)]
pub struct InventorySummary {
    pub store_id: i64,
    pub summary_date: NaiveDate,
    pub units: i64,
    pub distinct_products: i64,
    pub out_of_stock: i64,
    pub low_stock: i64,
    #[serde(with = "rust_decimal::serde::float")]
    pub stock_value: Decimal,
    pub computed_at: DateTime<Utc>,
}

/// Computes today's summary of every store; answers how many stores.
pub async fn compute(pool: &PgPool, low_stock_threshold: i32) -> sqlx::Result<u64> {
    let result = sqlx::query(
        "INSERT INTO inventory_summaries
             (store_id, summary_date, units, distinct_products, out_of_stock, low_stock, stock_value)
         SELECT s.id, current_date,
                COALESCE(sum(i.quantity), 0),
                count(*) FILTER (WHERE i.quantity > 0),
                count(*) FILTER (WHERE i.quantity = 0),
                count(*) FILTER (WHERE i.quantity > 0 AND i.quantity <= $1),
                COALESCE(sum(i.quantity * p.price), 0)
           FROM stores s
           LEFT JOIN inventory i ON i.store_id = s.id
           LEFT JOIN products p ON p.id = i.product_id
          GROUP BY s.id
         ON CONFLICT (store_id, summary_date) DO UPDATE SET
             units = EXCLUDED.units,
             distinct_products = EXCLUDED.distinct_products,
             out_of_stock = EXCLUDED.out_of_stock,
             low_stock = EXCLUDED.low_stock,
             stock_value = EXCLUDED.stock_value,
             computed_at = now()",
    )
    .bind(low_stock_threshold)
    .execute(pool)
    .await?;
    Ok(result.rows_affected())
}

/// The store's latest summary; `None` when the job has not run for it yet.
pub async fn latest(pool: &PgPool, store_id: i64) -> sqlx::Result<Option<InventorySummary>> {
    sqlx::query_as(
        "SELECT store_id, summary_date, units, distinct_products, out_of_stock, low_stock,
                stock_value, computed_at
           FROM inventory_summaries WHERE store_id = $1
          ORDER BY summary_date DESC LIMIT 1",
    )
    .bind(store_id)
    .fetch_optional(pool)
    .await
}
