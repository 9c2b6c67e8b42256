//! Catalog edits: products and stock levels (the category tree is in
//! `categories`). Each function runs in the caller's transaction and
//! records the changed products in the outbox there, so the search index
//! follows every committed edit. Edits that change what an inventory
//! listing shows answer the stores whose listings they made stale:
//! [`listings_showing`] is the one place that decides which (product
//! edits, category renames and moves, imports all go through it).

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Serialize;
use serde_json::{Map, Value};
use sqlx::{PgConnection, PgExecutor, types::Json};
use utoipa::ToSchema;

use crate::{
    db::outbox,
    domain::{
        StaleListings,
        product::{NewProduct, ProductPatch},
    },
};

#[derive(Debug, Serialize, sqlx::FromRow, ToSchema)]
pub struct Product {
    pub id: i64,
    pub title: String,
    pub description: String,
    #[serde(with = "rust_decimal::serde::float")]
    pub price: Decimal,
    pub category_id: i64,
    /// The category's name (the last of `category_path`).
    pub category: String,
    /// Names from the root down to the product's category.
    pub category_path: Vec<String>,
    pub brand: Option<String>,
    #[schema(schema_with = crate::domain::schema::attributes)]
    pub attributes: Json<Map<String, Value>>,
    pub image_url: Option<String>,
    pub popularity: f64,
    pub external_id: Option<String>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

const PRODUCT: &str = "SELECT p.id, p.title, p.description, p.price, p.category_id,
                              c.name AS category, c.path_names AS category_path,
                              p.brand, p.attributes, p.image_url, p.popularity,
                              p.external_id, p.created_at, p.updated_at
                         FROM products p JOIN categories c ON c.id = p.category_id
                        WHERE p.id = $1 AND p.deleted_at IS NULL";

/// A live product as the API answers it.
pub async fn product(db: impl PgExecutor<'_>, id: i64) -> sqlx::Result<Option<Product>> {
    sqlx::query_as(PRODUCT).bind(id).fetch_optional(db).await
}

/// Holds the category row in share mode until the transaction ends. A
/// product moved into a category and a rename or move of that category (or
/// of an ancestor: the trigger updates every descendant's row) could
/// otherwise commit in either order without either seeing the other: the
/// rename's outbox rows would miss the product, and the product's own
/// change could be indexed before the rename committed, leaving the old
/// path in its document. The foreign key alone takes too weak a lock.
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
        "INSERT INTO products (title, description, price, category_id, external_id,
                               brand, attributes, image_url, popularity)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) RETURNING id",
    )
    .bind(&product.title)
    .bind(&product.description)
    .bind(product.price)
    .bind(product.category_id)
    .bind(&product.external_id)
    .bind(&product.brand)
    .bind(Json(&product.attributes))
    .bind(&product.image_url)
    .bind(product.popularity)
    .fetch_one(&mut *tx)
    .await?;
    outbox::record(tx, &[id]).await?;
    self::product(&mut *tx, id)
        .await?
        .ok_or(sqlx::Error::RowNotFound)
}

/// Applies the patch; one that changes what listings show
/// ([`ProductPatch::shown_in_listings`]) makes the listings of every store
/// carrying the product stale.
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
                brand = CASE WHEN $7 THEN $8 ELSE brand END,
                attributes = COALESCE($9, attributes),
                image_url = CASE WHEN $10 THEN $11 ELSE image_url END,
                popularity = COALESCE($12, popularity),
                updated_at = now()
          WHERE id = $1 AND deleted_at IS NULL",
    )
    .bind(id)
    .bind(&patch.title)
    .bind(&patch.description)
    .bind(patch.price)
    .bind(patch.category_id)
    .bind(&patch.external_id)
    .bind(patch.brand.is_some())
    .bind(patch.brand.clone().flatten())
    .bind(patch.attributes.as_ref().map(Json))
    .bind(patch.image_url.is_some())
    .bind(patch.image_url.clone().flatten())
    .bind(patch.popularity)
    .execute(&mut *tx)
    .await?;
    if updated.rows_affected() == 0 {
        return Ok(None);
    }
    outbox::record(tx, &[id]).await?;
    let stale = if patch.shown_in_listings() {
        listings_showing(tx, &[id]).await?
    } else {
        StaleListings::default()
    };
    Ok(product(&mut *tx, id).await?.map(|product| (product, stale)))
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

/// The stores whose listings show any of these products (they carry it):
/// what a change to the products' title, price, brand or category path
/// makes stale.
pub async fn listings_showing(
    tx: &mut PgConnection,
    product_ids: &[i64],
) -> sqlx::Result<StaleListings> {
    if product_ids.is_empty() {
        return Ok(StaleListings::default());
    }
    let stores: Vec<i64> = sqlx::query_scalar(
        "SELECT DISTINCT store_id FROM inventory WHERE product_id = ANY($1) ORDER BY store_id",
    )
    .bind(product_ids)
    .fetch_all(&mut *tx)
    .await?;
    Ok(StaleListings(stores.into_iter().collect()))
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
