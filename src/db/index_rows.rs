//! What the search index is built from: each product with its category
//! path, brand, attributes and per-store availability, in one row.

use chrono::{DateTime, Utc};
use futures::stream::BoxStream;
use rust_decimal::{Decimal, prelude::ToPrimitive};
use sqlx::PgPool;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ProductRow {
    pub id: i64,
    pub title: String,
    pub description: String,
    pub price: Decimal,
    pub category_id: i64,
    /// The leaf's name (the last of `category_path`).
    pub category_name: String,
    /// From the root down to the product's category, itself included.
    pub category_path_ids: Vec<i64>,
    pub category_path: Vec<String>,
    pub brand: Option<String>,
    /// An object of string keys to a string, a number or a list of strings.
    pub attributes: sqlx::types::Json<serde_json::Map<String, serde_json::Value>>,
    pub image_url: Option<String>,
    /// The catalog's own figure (imported).
    pub popularity: f64,
    /// Units in CONFIRMED orders over the last 30 days (see `db::sales`).
    pub units_sold_30d: i64,
    pub created_at: DateTime<Utc>,
    pub stock_stores: Vec<i64>,
    pub carried_stores: Vec<i64>,
    pub total_stock: i64,
}

impl ProductRow {
    pub fn price_cents(&self) -> u64 {
        (self.price * Decimal::ONE_HUNDRED).to_u64().unwrap_or(0)
    }
}

const SELECT: &str = "
    SELECT p.id, p.title, p.description, p.price, p.category_id, c.name AS category_name,
           c.path_ids AS category_path_ids, c.path_names AS category_path,
           p.brand, p.attributes, p.image_url, p.popularity, p.created_at,
           (COALESCE((SELECT ps.units_30d FROM product_sales ps, sales_signal s
                       WHERE ps.product_id = p.id
                         AND s.counted_at > now() - interval '30 days'), 0)
            + COALESCE((SELECT sum(oi.quantity_requested) FROM order_items oi
                          JOIN orders o ON o.id = oi.order_id
                         WHERE oi.product_id = p.id AND o.status = 'CONFIRMED'
                           AND oi.created_at > (SELECT greatest(counted_at, now() - interval '30 days')
                                                  FROM sales_signal)), 0)
           )::bigint AS units_sold_30d,
           COALESCE(s.stock_stores, '{}') AS stock_stores,
           COALESCE(s.carried_stores, '{}') AS carried_stores,
           COALESCE(s.total_stock, 0) AS total_stock
      FROM products p
      JOIN categories c ON c.id = p.category_id
      LEFT JOIN LATERAL (
           SELECT array_agg(i.store_id ORDER BY i.store_id) FILTER (WHERE i.quantity > 0) AS stock_stores,
                  array_agg(i.store_id ORDER BY i.store_id) AS carried_stores,
                  sum(i.quantity)::bigint AS total_stock
             FROM inventory i WHERE i.product_id = p.id
      ) s ON true
     WHERE p.deleted_at IS NULL";

/// Every product, in id order, streamed.
pub fn all_products(pool: &PgPool) -> BoxStream<'_, sqlx::Result<ProductRow>> {
    sqlx::query_as(all_products_query()).fetch(pool)
}

fn all_products_query() -> &'static str {
    static QUERY: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    QUERY.get_or_init(|| format!("{SELECT} ORDER BY p.id"))
}

/// The current rows of these products; deleted or unknown ids are absent.
pub async fn products_by_id(pool: &PgPool, ids: &[i64]) -> sqlx::Result<Vec<ProductRow>> {
    sqlx::query_as(&format!("{SELECT} AND p.id = ANY($1) ORDER BY p.id"))
        .bind(ids)
        .fetch_all(pool)
        .await
}

pub async fn product_count(pool: &PgPool) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT count(*) FROM products WHERE deleted_at IS NULL")
        .fetch_one(pool)
        .await
}
