//! Writing valid import lines: batches of up to [`BATCH`] lines, one
//! transaction each with their stock and outbox rows. A line with an
//! `external_id` upserts (ON CONFLICT on the live-product index), so two
//! imports of one file, even at once, leave one product per id. A batch the
//! database refuses for one line's sake is retried line by line, so the bad
//! line fails alone with its number.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use sqlx::{PgConnection, PgPool, types::Json};

use super::{ImportReport, LineFailure, MAX_LISTED_FAILURES};
use crate::{
    db::{self, categories},
    domain::import::{ImportCategory, ImportItem},
};

pub const BATCH: usize = 1_000;
/// A batch is also written once its lines hold about this much text, so
/// that memory stays bounded when lines are long.
const BATCH_BYTES: usize = 8 << 20;
/// Attempts of a batch that lost a deadlock or serialization race.
const ATTEMPTS: usize = 3;

/// What one committed batch did.
#[derive(Debug, Default)]
struct Written {
    created: u64,
    updated: u64,
    failures: Vec<(u64, String)>,
    stores: BTreeSet<i64>,
}

pub struct Importer {
    pool: PgPool,
    pending: Vec<(u64, ImportItem)>,
    pending_bytes: usize,
    /// External ids in `pending`: a second line with one starts a new
    /// batch, so it updates what the first created, as if line by line.
    pending_ids: HashSet<String>,
    /// The last line number pushed; with `pending` empty, every line up to
    /// it is settled.
    last_pushed: u64,
    report: ImportReport,
}

impl Importer {
    pub fn new(pool: PgPool) -> Self {
        Self {
            pool,
            pending: Vec::with_capacity(BATCH),
            pending_bytes: 0,
            pending_ids: HashSet::new(),
            last_pushed: 0,
            report: ImportReport::default(),
        }
    }

    pub fn into_report(mut self) -> ImportReport {
        self.report.failures.sort_by_key(|f| f.line);
        self.report
    }

    /// A valid line; written with its batch.
    pub async fn push(&mut self, line: u64, item: ImportItem) -> sqlx::Result<()> {
        if let Some(id) = &item.product.external_id
            && self.pending_ids.contains(id)
        {
            self.flush().await?;
        }
        self.settle_to(line - 1);
        self.pending_bytes += item.product.title.len()
            + item.product.description.len()
            + attribute_bytes(&item.product.attributes)
            + item.stock.len() * std::mem::size_of::<crate::domain::import::ImportStock>();
        if let Some(id) = &item.product.external_id {
            self.pending_ids.insert(id.clone());
        }
        self.pending.push((line, item));
        self.last_pushed = line;
        if self.pending.len() >= BATCH || self.pending_bytes >= BATCH_BYTES {
            self.flush().await?;
        }
        Ok(())
    }

    /// A line that failed before reaching the database.
    pub fn reject(&mut self, line: u64, error: String) {
        self.fail(line, error);
        self.skip(line);
    }

    /// A line with nothing to write (blank, or rejected).
    pub fn skip(&mut self, line: u64) {
        self.last_pushed = line;
        self.settle_to(line);
    }

    /// Lines up to `line` that carry nothing pending are settled.
    fn settle_to(&mut self, line: u64) {
        if self.pending.is_empty() {
            self.report.last_line = self.report.last_line.max(line);
        }
    }

    fn fail(&mut self, line: u64, error: String) {
        self.report.failed += 1;
        if self.report.failures.len() < MAX_LISTED_FAILURES {
            self.report.failures.push(LineFailure { line, error });
        }
    }

    /// Writes the pending lines. On an error the batch is not committed and
    /// the report says so: `last_line` stays before it.
    pub async fn flush(&mut self) -> sqlx::Result<()> {
        let items = std::mem::take(&mut self.pending);
        self.pending_bytes = 0;
        self.pending_ids.clear();
        if items.is_empty() {
            return Ok(());
        }
        match self.write_retrying(&items).await {
            Ok(written) => self.settle(written),
            Err(err) if refused_by_data(&err) => {
                tracing::info!(error = %err, lines = items.len(), "import batch refused, retrying line by line");
                for item in &items {
                    match self.write_retrying(std::slice::from_ref(item)).await {
                        Ok(written) => self.settle(written),
                        Err(err) if refused_by_data(&err) => self.fail(item.0, refusal(&err)),
                        Err(err) => return Err(err),
                    }
                    self.report.last_line = item.0;
                }
            }
            Err(err) => return Err(err),
        }
        self.report.last_line = self.report.last_line.max(self.last_pushed);
        Ok(())
    }

    fn settle(&mut self, written: Written) {
        self.report.created += written.created;
        self.report.updated += written.updated;
        self.report.imported += written.created + written.updated;
        for (line, error) in written.failures {
            self.fail(line, error);
        }
        self.report.stores_touched.extend(written.stores);
    }

    async fn write_retrying(&self, items: &[(u64, ImportItem)]) -> sqlx::Result<Written> {
        let mut attempt = 1;
        loop {
            match write(&self.pool, items).await {
                Err(err) if attempt < ATTEMPTS && lost_race(&err) => attempt += 1,
                result => return result,
            }
        }
    }
}

/// About what the attributes take in memory (they may hold 200,000
/// characters: 50 keys of 20 values).
fn attribute_bytes(attributes: &serde_json::Map<String, serde_json::Value>) -> usize {
    use serde_json::Value;
    let text = |value: &Value| value.as_str().map_or(16, str::len);
    attributes
        .iter()
        .map(|(key, value)| match value {
            Value::Array(items) => key.len() + items.iter().map(text).sum::<usize>(),
            value => key.len() + text(value),
        })
        .sum()
}

fn sqlstate(err: &sqlx::Error) -> Option<String> {
    match err {
        sqlx::Error::Database(db) => db.code().map(|code| code.into_owned()),
        _ => None,
    }
}

/// The database refused a value: a constraint (class 23), a value it cannot
/// hold such as NUL in text (22), or one row changed twice (21000).
fn refused_by_data(err: &sqlx::Error) -> bool {
    sqlstate(err)
        .is_some_and(|code| code.starts_with("23") || code.starts_with("22") || code == "21000")
}

/// A deadlock or serialization failure: trying again can succeed.
fn lost_race(err: &sqlx::Error) -> bool {
    sqlstate(err).is_some_and(|code| code == "40P01" || code == "40001")
}

/// Why the database refused a line, for its failure entry.
fn refusal(err: &sqlx::Error) -> String {
    let sqlx::Error::Database(db) = err else {
        return err.to_string();
    };
    if db.is_foreign_key_violation() {
        "refers to a category or store that does not exist (was it just deleted?)".into()
    } else {
        format!("refused by the database: {}", db.message())
    }
}

/// One batch in one transaction: categories and stores resolved, products
/// inserted or updated, stock lines set, outbox rows written.
async fn write(pool: &PgPool, items: &[(u64, ImportItem)]) -> sqlx::Result<Written> {
    let mut tx = pool.begin().await?;
    let mut written = Written::default();
    let mut good = resolve(&mut tx, items, &mut written.failures).await?;
    if good.is_empty() {
        return Ok(written);
    }
    // Rows are written in external-id order, so concurrent imports lock
    // the same products in the same order and cannot deadlock each other.
    good.sort_by(|a, b| a.1.product.external_id.cmp(&b.1.product.external_id));
    let ids = upsert_products(&mut tx, &good, &mut written).await?;
    // One stock line per (store, product): the last one of a line wins.
    let mut stock: BTreeMap<(i64, i64), i32> = BTreeMap::new();
    for (id, (_, item)) in ids.iter().zip(&good) {
        for line in &item.stock {
            stock.insert((line.store_id, *id), line.quantity as i32);
        }
    }
    db::catalog::upsert_stock(&mut tx, &stock).await?;
    db::outbox::record(&mut tx, &ids).await?;
    // Every store carrying one of them: its stock changed, or the product
    // it lists was updated in place (by external id).
    let stale = db::catalog::listings_showing(&mut tx, &ids).await?;
    tx.commit().await?;
    written.stores.extend(stale.0);
    Ok(written)
}

/// The lines whose category and stores exist (categories named by a
/// `category_path` are created), each with its category id; the others go
/// to `failures` with the reference they miss. Every category is held in
/// share mode: a concurrent rename or move waits for this batch, so its
/// outbox rows include the products the batch puts below it.
async fn resolve<'a>(
    tx: &mut PgConnection,
    items: &'a [(u64, ImportItem)],
    failures: &mut Vec<(u64, String)>,
) -> sqlx::Result<Vec<(i64, &'a ImportItem)>> {
    let mut found: BTreeSet<String> = BTreeSet::new();
    let mut created: BTreeMap<String, &Vec<String>> = BTreeMap::new();
    let mut wanted_ids = Vec::new();
    for (_, item) in items {
        match &item.category {
            ImportCategory::Id(id) => wanted_ids.push(*id),
            ImportCategory::Path {
                names,
                create: false,
            } => {
                found.insert(categories::path_key(names));
            }
            ImportCategory::Path {
                names,
                create: true,
            } => {
                created.insert(categories::path_key(names), names);
            }
        }
    }
    let paths: Vec<Vec<String>> = created.into_values().cloned().collect();
    let mut by_path = categories::ensure_paths(tx, &paths).await?;
    let found: Vec<String> = found.into_iter().collect();
    by_path.extend(categories::find_paths(tx, &found).await?);
    let known_ids: HashSet<i64> =
        sqlx::query_scalar("SELECT id FROM categories WHERE id = ANY($1) ORDER BY id FOR SHARE")
            .bind(&wanted_ids)
            .fetch_all(&mut *tx)
            .await?
            .into_iter()
            .collect();
    let wanted_stores: Vec<i64> = items
        .iter()
        .flat_map(|(_, item)| item.stock.iter().map(|s| s.store_id))
        .collect();
    let known_stores = existing_ids(tx, "stores", &wanted_stores).await?;

    let mut good = Vec::with_capacity(items.len());
    for (line, item) in items {
        let category = match &item.category {
            ImportCategory::Id(id) => known_ids.contains(id).then_some(*id),
            ImportCategory::Path { names, .. } => {
                by_path.get(&categories::path_key(names)).copied()
            }
        };
        let Some(category) = category else {
            let error = match &item.category {
                ImportCategory::Id(id) => format!("category {id} does not exist"),
                ImportCategory::Path { names, .. } => {
                    format!("category {:?} does not exist", names.join(" > "))
                }
            };
            failures.push((*line, error));
            continue;
        };
        if let Some(store) = item
            .stock
            .iter()
            .find(|s| !known_stores.contains(&s.store_id))
        {
            let error = format!("store {} does not exist", store.store_id);
            failures.push((*line, error));
            continue;
        }
        good.push((category, item));
    }
    Ok(good)
}

/// Inserts the new products and updates those whose external id is live;
/// answers each line's product id, in order, and counts both in `written`.
async fn upsert_products(
    tx: &mut PgConnection,
    good: &[(i64, &ImportItem)],
    written: &mut Written,
) -> sqlx::Result<Vec<i64>> {
    let fresh: Vec<i64> = sqlx::query_scalar(
        "SELECT nextval(pg_get_serial_sequence('products', 'id')) FROM generate_series(1, $1)",
    )
    .bind(good.len() as i64)
    .fetch_all(&mut *tx)
    .await?;
    let rows: Vec<(i64, Option<String>)> = sqlx::query_as(
        "INSERT INTO products (id, title, description, price, category_id, external_id,
                               brand, attributes, image_url, popularity)
         SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::numeric[], $5::bigint[],
                              $6::text[], $7::text[], $8::jsonb[], $9::text[], $10::float8[])
         ON CONFLICT (external_id) WHERE deleted_at IS NULL DO UPDATE
            SET title = EXCLUDED.title, description = EXCLUDED.description,
                price = EXCLUDED.price, category_id = EXCLUDED.category_id,
                brand = EXCLUDED.brand, attributes = EXCLUDED.attributes,
                image_url = EXCLUDED.image_url, popularity = EXCLUDED.popularity,
                updated_at = now()
         RETURNING id, external_id",
    )
    .bind(&fresh)
    .bind(
        good.iter()
            .map(|(_, i)| i.product.title.as_str())
            .collect::<Vec<_>>(),
    )
    .bind(
        good.iter()
            .map(|(_, i)| i.product.description.as_str())
            .collect::<Vec<_>>(),
    )
    .bind(
        good.iter()
            .map(|(_, i)| i.product.price)
            .collect::<Vec<_>>(),
    )
    .bind(
        good.iter()
            .map(|(category, _)| *category)
            .collect::<Vec<_>>(),
    )
    .bind(
        good.iter()
            .map(|(_, i)| i.product.external_id.as_deref())
            .collect::<Vec<_>>(),
    )
    .bind(
        good.iter()
            .map(|(_, i)| i.product.brand.as_deref())
            .collect::<Vec<_>>(),
    )
    .bind(
        good.iter()
            .map(|(_, i)| Json(&i.product.attributes))
            .collect::<Vec<_>>(),
    )
    .bind(
        good.iter()
            .map(|(_, i)| i.product.image_url.as_deref())
            .collect::<Vec<_>>(),
    )
    .bind(
        good.iter()
            .map(|(_, i)| i.product.popularity)
            .collect::<Vec<_>>(),
    )
    .fetch_all(&mut *tx)
    .await?;
    let upserted: HashMap<String, i64> = rows
        .into_iter()
        .filter_map(|(id, external_id)| Some((external_id?, id)))
        .collect();
    // A line's product: the id it was given, or the one its external id
    // already had (then it was an update).
    let mut ids = Vec::with_capacity(good.len());
    for ((_, item), fresh) in good.iter().zip(&fresh) {
        let id = match &item.product.external_id {
            // Every row was inserted or updated, so RETURNING named each id.
            Some(external_id) => upserted
                .get(external_id)
                .copied()
                .ok_or(sqlx::Error::RowNotFound)?,
            None => *fresh,
        };
        if id == *fresh {
            written.created += 1;
        } else {
            written.updated += 1;
        }
        ids.push(id);
    }
    Ok(ids)
}

/// Which of `ids` exist in `table` (a table name from this file, never input).
async fn existing_ids(
    tx: &mut PgConnection,
    table: &'static str,
    ids: &[i64],
) -> sqlx::Result<HashSet<i64>> {
    let rows: Vec<i64> = sqlx::query_scalar(&format!("SELECT id FROM {table} WHERE id = ANY($1)"))
        .bind(ids)
        .fetch_all(tx)
        .await?;
    Ok(rows.into_iter().collect())
}
