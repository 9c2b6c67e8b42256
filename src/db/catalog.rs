//! Catalog edits: categories, products and stock levels. Each function runs
//! in the caller's transaction and records the changed products in the
//! outbox there, so the search index follows every committed edit. Edits
//! that change what an inventory listing shows answer the stores whose
//! listings they made stale: this file is the one place that decides which.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use sqlx::PgConnection;

use crate::{
    db::outbox,
    domain::{
        StaleListings,
        product::{NewProduct, ProductPatch},
    },
};

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct Category {
    pub id: i64,
    pub name: String,
}

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct Product {
    pub id: i64,
    pub title: String,
    pub description: String,
    #[serde(with = "rust_decimal::serde::float")]
    pub price: Decimal,
    pub category_id: i64,
    pub category: String,
    pub external_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const PRODUCT: &str =
    "SELECT p.id, p.title, p.description, p.price, p.category_id, c.name AS category,
                              p.external_id, p.created_at, p.updated_at
                         FROM products p JOIN categories c ON c.id = p.category_id
                        WHERE p.id = $1 AND p.deleted_at IS NULL";

pub async fn product(conn: &mut PgConnection, id: i64) -> sqlx::Result<Option<Product>> {
    sqlx::query_as(PRODUCT).bind(id).fetch_optional(conn).await
}

pub async fn create_category(tx: &mut PgConnection, name: &str) -> sqlx::Result<Category> {
    sqlx::query_as("INSERT INTO categories (name) VALUES ($1) RETURNING id, name")
        .bind(name)
        .fetch_one(tx)
        .await
}

/// Renames the category; every product in it changes its document, and
/// every store carrying one of them its listing.
pub async fn rename_category(
    tx: &mut PgConnection,
    id: i64,
    name: &str,
) -> sqlx::Result<Option<(Category, StaleListings)>> {
    let category: Option<Category> = sqlx::query_as(
        "UPDATE categories SET name = $2, updated_at = now() WHERE id = $1 RETURNING id, name",
    )
    .bind(id)
    .bind(name)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(category) = category else {
        return Ok(None);
    };
    outbox::record_category(tx, id).await?;
    let stores: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT i.store_id FROM inventory i
           JOIN products p ON p.id = i.product_id
          WHERE p.category_id = $1",
    )
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    Ok(Some((
        category,
        StaleListings(stores.into_iter().collect()),
    )))
}

/// Deletes an empty category; a category that still has products (deleted
/// ones included, which orders refer to) is a foreign-key violation.
pub async fn delete_category(tx: &mut PgConnection, id: i64) -> sqlx::Result<bool> {
    let deleted = sqlx::query("DELETE FROM categories WHERE id = $1")
        .bind(id)
        .execute(tx)
        .await?;
    Ok(deleted.rows_affected() == 1)
}

/// Holds the category row in share mode until the transaction ends. A
/// product moved into a category and a rename of that category could
/// otherwise commit in either order without either seeing the other: the
/// rename's outbox rows would miss the product, and the product's own
/// change could be indexed before the rename committed, leaving the old
/// name in its document. The foreign key alone takes too weak a lock.
async fn share_category(tx: &mut PgConnection, category_id: i64) -> sqlx::Result<()> {
    sqlx::query("SELECT 1 FROM categories WHERE id = $1 FOR SHARE")
        .bind(category_id)
        .execute(&mut *tx)
        .await?;
    Ok(())
}

pub async fn create_product(tx: &mut PgConnection, product: &NewProduct) -> sqlx::Result<Product> {
    share_category(tx, product.category_id).await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO products (title, description, price, category_id, external_id)
         VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(&product.title)
    .bind(&product.description)
    .bind(product.price)
    .bind(product.category_id)
    .bind(&product.external_id)
    .fetch_one(&mut *tx)
    .await?;
    outbox::record(tx, &[id]).await?;
    self::product(tx, id).await?.ok_or(sqlx::Error::RowNotFound)
}

/// Applies the patch; a new title, price or category makes the listings of
/// every store carrying the product stale (a description does not: listings
/// do not show it).
pub async fn update_product(
    tx: &mut PgConnection,
    id: i64,
    patch: &ProductPatch,
) -> sqlx::Result<Option<(Product, StaleListings)>> {
    if let Some(category) = patch.category_id {
        share_category(tx, category).await?;
    }
    let updated = sqlx::query(
        "UPDATE products
            SET title = COALESCE($2, title),
                description = COALESCE($3, description),
                price = COALESCE($4, price),
                category_id = COALESCE($5, category_id),
                external_id = COALESCE($6, external_id),
                updated_at = now()
          WHERE id = $1 AND deleted_at IS NULL",
    )
    .bind(id)
    .bind(&patch.title)
    .bind(&patch.description)
    .bind(patch.price)
    .bind(patch.category_id)
    .bind(&patch.external_id)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        return Ok(None);
    }
    outbox::record(tx, &[id]).await?;
    let shown = patch.title.is_some() || patch.price.is_some() || patch.category_id.is_some();
    let stale = if shown {
        let stores: Vec<i64> =
            sqlx::query_scalar("SELECT store_id FROM inventory WHERE product_id = $1")
                .bind(id)
                .fetch_all(&mut *tx)
                .await?;
        StaleListings(stores.into_iter().collect())
    } else {
        StaleListings::default()
    };
    Ok(product(tx, id).await?.map(|product| (product, stale)))
}

/// Takes the product out of the catalog: its row stays (orders refer to
/// it), its stock lines go. Answers the stores whose stock changed, or
/// `None` when there was no such product.
pub async fn delete_product(tx: &mut PgConnection, id: i64) -> sqlx::Result<Option<StaleListings>> {
    let deleted = sqlx::query("UPDATE products SET deleted_at = now(), updated_at = now() WHERE id = $1 AND deleted_at IS NULL")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if deleted.rows_affected() == 0 {
        return Ok(None);
    }
    let stores: Vec<i64> =
        sqlx::query_scalar("DELETE FROM inventory WHERE product_id = $1 RETURNING store_id")
            .bind(id)
            .fetch_all(&mut *tx)
            .await?;
    outbox::record(tx, &[id]).await?;
    Ok(Some(StaleListings(stores.into_iter().collect())))
}

/// Sets the store's stock of a product, creating the line if needed.
pub async fn set_stock(
    tx: &mut PgConnection,
    store_id: i64,
    product_id: i64,
    quantity: i32,
) -> sqlx::Result<StaleListings> {
    upsert_stock(tx, &BTreeMap::from([((store_id, product_id), quantity)])).await?;
    outbox::record(tx, &[product_id]).await?;
    Ok(StaleListings::store(store_id))
}

/// Sets stock lines, `(store, product) -> quantity`, creating the missing
/// ones, in one statement. The caller records the products in the outbox.
pub async fn upsert_stock(
    tx: &mut PgConnection,
    lines: &BTreeMap<(i64, i64), i32>,
) -> sqlx::Result<()> {
    if lines.is_empty() {
        return Ok(());
    }
    sqlx::query(
        "INSERT INTO inventory (store_id, product_id, quantity)
         SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::int[])
         ON CONFLICT (store_id, product_id) DO UPDATE SET quantity = EXCLUDED.quantity, updated_at = now()",
    )
    .bind(lines.keys().map(|(store, _)| *store).collect::<Vec<_>>())
    .bind(lines.keys().map(|(_, product)| *product).collect::<Vec<_>>())
    .bind(lines.values().copied().collect::<Vec<_>>())
    .execute(&mut *tx)
    .await?;
    Ok(())
}

pub async fn product_exists(conn: &mut PgConnection, id: i64) -> sqlx::Result<bool> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM products WHERE id = $1 AND deleted_at IS NULL)",
    )
    .bind(id)
    .fetch_one(conn)
    .await
}
