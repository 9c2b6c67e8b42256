//! The category tree: creating, renaming, moving and deleting categories,
//! the public flat list, and finding or creating categories by path for
//! the import. Paths (`path_ids`, `path_names`) are kept by the database
//! trigger, which also refuses cycles and depth over 8
//! (`categories_no_cycle`, `categories_max_depth`); a rename or a move
//! records every product of the subtree in the outbox and answers the
//! listings it made stale.

use std::collections::{BTreeSet, HashMap};

use serde::Serialize;
use sqlx::{PgConnection, PgPool};
use utoipa::ToSchema;

use crate::{
    db::{catalog, outbox},
    domain::{
        StaleListings,
        category::{CategoryPatch, NewCategory},
    },
};

#[derive(Debug, Serialize, sqlx::FromRow, ToSchema)]
pub struct Category {
    pub id: i64,
    pub name: String,
    pub parent_id: Option<i64>,
    /// Names from the root, itself included.
    pub path: Vec<String>,
}

/// Every category, parents before their children, ordered by path.
pub async fn list(pool: &PgPool) -> sqlx::Result<Vec<Category>> {
    sqlx::query_as(
        "SELECT id, name, parent_id, path_names AS path FROM categories ORDER BY path_names, id",
    )
    .fetch_all(pool)
    .await
}

pub async fn create(tx: &mut PgConnection, category: &NewCategory) -> sqlx::Result<Category> {
    sqlx::query_as(
        "INSERT INTO categories (name, parent_id) VALUES ($1, $2)
         RETURNING id, name, parent_id, path_names AS path",
    )
    .bind(&category.name)
    .bind(category.parent_id)
    .fetch_one(tx)
    .await
}

/// Renames and/or moves the category. When its path changes, every live
/// product below it (its whole subtree) changes its document, and every
/// store carrying one of them its listing.
pub async fn update(
    tx: &mut PgConnection,
    id: i64,
    patch: &CategoryPatch,
) -> sqlx::Result<Option<(Category, StaleListings)>> {
    let before: Option<Vec<String>> =
        sqlx::query_scalar("SELECT path_names FROM categories WHERE id = $1 FOR UPDATE")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?;
    let Some(before) = before else {
        return Ok(None);
    };
    // The trigger recomputes the path (and its descendants'), taking the
    // tree lock for a move; a cycle or a tree too deep fails here.
    let category: Category = sqlx::query_as(
        "UPDATE categories
            SET name = COALESCE($2, name),
                parent_id = CASE WHEN $3 THEN $4 ELSE parent_id END,
                updated_at = now()
          WHERE id = $1
      RETURNING id, name, parent_id, path_names AS path",
    )
    .bind(id)
    .bind(&patch.name)
    .bind(patch.parent_id.is_some())
    .bind(patch.parent_id.flatten())
    .fetch_one(&mut *tx)
    .await?;
    if category.path == before {
        return Ok(Some((category, StaleListings::default())));
    }
    // Descendants' rows were updated (so locked) by the trigger above: a
    // product being put into one of them now either committed first, and
    // is seen here, or waits for this commit and is indexed after it.
    let products: Vec<i64> = sqlx::query_scalar(
        "SELECT p.id FROM products p JOIN categories c ON c.id = p.category_id
          WHERE c.path_ids @> ARRAY[$1]::bigint[] AND p.deleted_at IS NULL
          ORDER BY p.id",
    )
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    outbox::record(tx, &products).await?;
    let stale = catalog::listings_showing(tx, &products).await?;
    Ok(Some((category, stale)))
}

/// Deletes a category without children or products (deleted products
/// included: orders refer to them); otherwise a foreign-key violation
/// (`categories_parent_id_fkey`, `products_category_id_fkey`).
pub async fn delete(tx: &mut PgConnection, id: i64) -> sqlx::Result<bool> {
    let deleted = sqlx::query("DELETE FROM categories WHERE id = $1")
        .bind(id)
        .execute(tx)
        .await?;
    Ok(deleted.rows_affected() == 1)
}

/// Separates the names of a path in the keys below: control characters
/// are refused in names, so it cannot occur in one.
const SEPARATOR: char = '\u{1f}';

/// A path as one key, the names as written.
pub fn path_key<S: AsRef<str>>(names: &[S]) -> String {
    let mut key = String::new();
    for (at, name) in names.iter().enumerate() {
        if at > 0 {
            key.push(SEPARATOR);
        }
        key.push_str(name.as_ref());
    }
    key
}

/// The existing categories at these paths ([`path_key`]s; names matched
/// ignoring case), held in share mode until the transaction ends: a rename
/// or move waits, so its outbox rows include the products the caller puts
/// there.
pub async fn find_paths(
    tx: &mut PgConnection,
    keys: &[String],
) -> sqlx::Result<HashMap<String, i64>> {
    if keys.is_empty() {
        return Ok(HashMap::new());
    }
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT k.key, c.id FROM unnest($1::text[]) AS k(key)
           JOIN categories c ON lower(array_to_string(c.path_names, chr(31))) = lower(k.key)
          ORDER BY c.id
            FOR SHARE OF c",
    )
    .bind(keys)
    .fetch_all(&mut *tx)
    .await?;
    Ok(rows.into_iter().collect())
}

/// The categories at these paths, creating the missing ones along each,
/// level by level; answers each path's [`path_key`]. Creation is an
/// upsert on the sibling-name index, so two imports creating one path at
/// once meet on the same rows (the second waits for the first, then finds
/// its row). Every category answered is held in share mode, as in
/// [`find_paths`].
pub async fn ensure_paths(
    tx: &mut PgConnection,
    paths: &[Vec<String>],
) -> sqlx::Result<HashMap<String, i64>> {
    let depth = paths.iter().map(Vec::len).max().unwrap_or(0);
    let mut ids: HashMap<String, i64> = HashMap::new();
    for level in 1..=depth {
        // (parent id or 0, name) of each category wanted at this level,
        // sorted so that concurrent imports insert in the same order.
        let wanted: BTreeSet<(i64, &str)> = paths
            .iter()
            .filter(|path| path.len() >= level)
            .filter_map(|path| {
                let parent = match level {
                    1 => 0,
                    _ => *ids.get(&path_key(&path[..level - 1]))?,
                };
                Some((parent, path[level - 1].as_str()))
            })
            .collect();
        let mut found = children(tx, &wanted).await?;
        let missing: BTreeSet<(i64, &str)> = wanted
            .iter()
            .filter(|w| !found.contains_key(&(w.0, w.1.to_owned())))
            .copied()
            .collect();
        if !missing.is_empty() {
            insert_children(tx, &missing).await?;
            found.extend(children(tx, &missing).await?);
        }
        for path in paths.iter().filter(|path| path.len() >= level) {
            let parent = match level {
                1 => Some(0),
                _ => ids.get(&path_key(&path[..level - 1])).copied(),
            };
            let id = parent.and_then(|parent| found.get(&(parent, path[level - 1].clone())));
            if let Some(id) = id {
                ids.insert(path_key(&path[..level]), *id);
            }
        }
    }
    Ok(ids)
}

/// The ids of these `(parent or 0, name)` categories that exist (names
/// matched ignoring case), keyed as asked; held in share mode.
async fn children(
    tx: &mut PgConnection,
    wanted: &BTreeSet<(i64, &str)>,
) -> sqlx::Result<HashMap<(i64, String), i64>> {
    let rows: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT w.parent, w.name, c.id FROM unnest($1::bigint[], $2::text[]) AS w(parent, name)
           JOIN categories c ON COALESCE(c.parent_id, 0) = w.parent AND lower(c.name) = lower(w.name)
          ORDER BY c.id
            FOR SHARE OF c",
    )
    .bind(wanted.iter().map(|w| w.0).collect::<Vec<_>>())
    .bind(wanted.iter().map(|w| w.1).collect::<Vec<_>>())
    .fetch_all(&mut *tx)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(parent, name, id)| ((parent, name), id))
        .collect())
}

/// Inserts these `(parent or 0, name)` categories; one another import
/// created meanwhile is left as it is (the caller selects it again).
async fn insert_children(
    tx: &mut PgConnection,
    missing: &BTreeSet<(i64, &str)>,
) -> sqlx::Result<()> {
    sqlx::query(
        "INSERT INTO categories (name, parent_id)
         SELECT w.name, NULLIF(w.parent, 0)
           FROM unnest($1::bigint[], $2::text[]) WITH ORDINALITY AS w(parent, name, n)
          ORDER BY w.n
         ON CONFLICT ((COALESCE(parent_id, 0)), (lower(name))) DO NOTHING",
    )
    .bind(missing.iter().map(|w| w.0).collect::<Vec<_>>())
    .bind(missing.iter().map(|w| w.1).collect::<Vec<_>>())
    .execute(&mut *tx)
    .await?;
    Ok(())
}
