//! A comparison of an index directory with PostgreSQL, document by
//! document. Shared by the tests and by `examples/soak.rs` (through
//! `#[path]`), so it names nothing else of the test crate.

use std::{collections::BTreeMap, path::Path};

use sqlx::PgPool;
use tantivy::{Index, TantivyDocument, schema::Value};

/// What a document says of its product: title, price in cents, category,
/// stores with stock, stores carrying it.
pub type Snapshot = BTreeMap<i64, (String, i64, i64, Vec<i64>, Vec<i64>)>;

/// The live generation of an index directory, read as another process would.
pub fn index_snapshot(root: &Path) -> Option<Snapshot> {
    let name = std::fs::read_to_string(root.join("CURRENT")).ok()?;
    let index = Index::open_in_dir(root.join(name.trim())).ok()?;
    let searcher = index.reader().ok()?.searcher();
    let schema = index.schema();
    let (title, category) = (
        schema.get_field("title_display").ok()?,
        schema.get_field("category_id").ok()?,
    );
    let mut snapshot = Snapshot::new();
    for (ordinal, segment) in searcher.segment_readers().iter().enumerate() {
        let fast = segment.fast_fields();
        let (ids, prices) = (fast.u64("id").ok()?, fast.u64("price_cents").ok()?);
        let (stock, carried) = (
            fast.u64("stock_stores").ok()?,
            fast.u64("carried_stores").ok()?,
        );
        for doc in 0..segment.max_doc() {
            if segment
                .alive_bitset()
                .is_some_and(|alive| !alive.is_alive(doc))
            {
                continue;
            }
            let stored: TantivyDocument = searcher
                .doc(tantivy::DocAddress::new(ordinal as u32, doc))
                .ok()?;
            let text = stored
                .get_first(title)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_owned();
            let category = stored
                .get_first(category)
                .and_then(|v| v.as_u64())
                .unwrap_or_default() as i64;
            let id = ids.first(doc)? as i64;
            let previous = snapshot.insert(
                id,
                (
                    text,
                    prices.first(doc)? as i64,
                    category,
                    stock.values_for_doc(doc).map(|s| s as i64).collect(),
                    carried.values_for_doc(doc).map(|s| s as i64).collect(),
                ),
            );
            assert!(previous.is_none(), "product {id} has two live documents");
        }
    }
    Some(snapshot)
}

/// The same, from PostgreSQL.
pub async fn database_snapshot(pool: &PgPool) -> Snapshot {
    type Row = (i64, String, i64, i64, Vec<i64>, Vec<i64>);
    let rows: Vec<Row> = sqlx::query_as(
        "SELECT p.id, p.title, (p.price * 100)::bigint, p.category_id,
                COALESCE(array_agg(i.store_id ORDER BY i.store_id) FILTER (WHERE i.quantity > 0), '{}'),
                COALESCE(array_agg(i.store_id ORDER BY i.store_id) FILTER (WHERE i.store_id IS NOT NULL), '{}')
           FROM products p LEFT JOIN inventory i ON i.product_id = p.id
          WHERE p.deleted_at IS NULL
          GROUP BY p.id",
    )
    .fetch_all(pool)
    .await
    .unwrap();
    rows.into_iter()
        .map(|(id, title, price, category, stock, carried)| {
            (id, (title, price, category, stock, carried))
        })
        .collect()
}
