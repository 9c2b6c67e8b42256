//! Bulk import of products: NDJSON (streamed line by line) or a JSON array.
//! Each line is validated on its own; good lines are inserted in batches of
//! [`BATCH`] (one transaction each, with their stock and outbox rows); bad
//! lines are reported with their number and reason without holding back the
//! good ones. `POST /products/import/` and `catalog import FILE` share it.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use axum::body::Bytes;
use futures::{Stream, StreamExt};
use serde::Serialize;
use sqlx::{PgConnection, PgPool};

use crate::{
    changes,
    domain::product::{ImportCategory, ImportItem, ImportLine},
};

pub const BATCH: usize = 1_000;
/// Failures listed in the report; past that only counted.
pub const MAX_LISTED_FAILURES: usize = 1_000;

#[derive(Debug, Default, Serialize)]
pub struct ImportReport {
    pub imported: u64,
    pub failed: u64,
    pub failures: Vec<LineFailure>,
    /// Stores whose stock changed (their cached listings are stale).
    #[serde(skip)]
    pub stores_touched: BTreeSet<i64>,
}

#[derive(Debug, Serialize)]
pub struct LineFailure {
    pub line: u64,
    pub error: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("the JSON array is malformed: {0}")]
    MalformedArray(String),
    #[error("the body exceeds {0} bytes")]
    TooLarge(usize),
    #[error("the body could not be read: {0}")]
    Body(String),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

pub struct Importer {
    pool: PgPool,
    pending: Vec<(u64, ImportItem)>,
    report: ImportReport,
}

impl Importer {
    pub fn new(pool: PgPool) -> Self {
        Self {
            pool,
            pending: Vec::with_capacity(BATCH),
            report: ImportReport::default(),
        }
    }

    /// Lines seen so far, imported or failed.
    pub fn seen(&self) -> u64 {
        self.report.imported + self.report.failed + self.pending.len() as u64
    }

    /// One NDJSON line; blank lines are skipped.
    pub async fn push_line(&mut self, line: u64, raw: &[u8]) -> sqlx::Result<()> {
        if raw.iter().all(u8::is_ascii_whitespace) {
            return Ok(());
        }
        let parsed = serde_json::from_slice::<ImportLine>(raw).map_err(|e| e.to_string());
        self.push(line, parsed).await
    }

    /// One element of a JSON array.
    pub async fn push_value(&mut self, line: u64, value: serde_json::Value) -> sqlx::Result<()> {
        let parsed = serde_json::from_value::<ImportLine>(value).map_err(|e| e.to_string());
        self.push(line, parsed).await
    }

    async fn push(&mut self, line: u64, parsed: Result<ImportLine, String>) -> sqlx::Result<()> {
        match parsed.and_then(ImportLine::validated) {
            Ok(item) => self.pending.push((line, item)),
            Err(error) => self.fail(line, error),
        }
        if self.pending.len() >= BATCH {
            self.flush().await?;
        }
        Ok(())
    }

    pub async fn finish(mut self) -> sqlx::Result<ImportReport> {
        self.flush().await?;
        self.report.failures.sort_by_key(|f| f.line);
        Ok(self.report)
    }

    fn fail(&mut self, line: u64, error: String) {
        self.report.failed += 1;
        if self.report.failures.len() < MAX_LISTED_FAILURES {
            self.report.failures.push(LineFailure { line, error });
        }
    }

    async fn flush(&mut self) -> sqlx::Result<()> {
        let items = std::mem::take(&mut self.pending);
        if items.is_empty() {
            return Ok(());
        }
        let mut tx = self.pool.begin().await?;
        let names: Vec<String> = items
            .iter()
            .filter_map(|(_, item)| match &item.category {
                ImportCategory::Name(name) => Some(name.clone()),
                ImportCategory::Id(_) => None,
            })
            .collect();
        let by_name: HashMap<String, i64> =
            sqlx::query_as("SELECT lower(name), id FROM categories WHERE lower(name) = ANY($1)")
                .bind(&names)
                .fetch_all(&mut *tx)
                .await?
                .into_iter()
                .collect();
        let wanted_ids: Vec<i64> = items
            .iter()
            .filter_map(|(_, item)| match item.category {
                ImportCategory::Id(id) => Some(id),
                ImportCategory::Name(_) => None,
            })
            .collect();
        let known_ids = existing_ids(&mut tx, "categories", &wanted_ids).await?;
        let wanted_stores: Vec<i64> = items
            .iter()
            .flat_map(|(_, item)| item.stock.iter().map(|s| s.store_id))
            .collect();
        let known_stores = existing_ids(&mut tx, "stores", &wanted_stores).await?;

        let mut good = Vec::with_capacity(items.len());
        for (line, mut item) in items {
            let category = match &item.category {
                ImportCategory::Id(id) => known_ids.contains(id).then_some(*id),
                ImportCategory::Name(name) => by_name.get(name).copied(),
            };
            let Some(category) = category else {
                self.fail(line, format!("category {:?} does not exist", item.category));
                continue;
            };
            if let Some(store) = item
                .stock
                .iter()
                .find(|s| !known_stores.contains(&s.store_id))
            {
                self.fail(line, format!("store {} does not exist", store.store_id));
                continue;
            }
            item.product.category_id = category;
            good.push(item);
        }
        if good.is_empty() {
            return Ok(());
        }
        let ids: Vec<i64> = sqlx::query_scalar(
            "SELECT nextval(pg_get_serial_sequence('products', 'id')) FROM generate_series(1, $1)",
        )
        .bind(good.len() as i64)
        .fetch_all(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO products (id, title, description, price, category_id)
             SELECT * FROM unnest($1::bigint[], $2::text[], $3::text[], $4::numeric[], $5::bigint[])",
        )
        .bind(&ids)
        .bind(good.iter().map(|i| i.product.title.clone()).collect::<Vec<_>>())
        .bind(good.iter().map(|i| i.product.description.clone()).collect::<Vec<_>>())
        .bind(good.iter().map(|i| i.product.price).collect::<Vec<_>>())
        .bind(good.iter().map(|i| i.product.category_id).collect::<Vec<_>>())
        .execute(&mut *tx)
        .await?;
        // One stock line per (store, product): the last one of a line wins.
        let mut stock: BTreeMap<(i64, i64), i32> = BTreeMap::new();
        for (id, item) in ids.iter().zip(&good) {
            for line in &item.stock {
                stock.insert((line.store_id, *id), line.quantity as i32);
            }
        }
        if !stock.is_empty() {
            sqlx::query(
                "INSERT INTO inventory (store_id, product_id, quantity)
                 SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::int[])
                 ON CONFLICT (store_id, product_id) DO UPDATE SET quantity = EXCLUDED.quantity, updated_at = now()",
            )
            .bind(stock.keys().map(|(store, _)| *store).collect::<Vec<_>>())
            .bind(stock.keys().map(|(_, product)| *product).collect::<Vec<_>>())
            .bind(stock.values().copied().collect::<Vec<_>>())
            .execute(&mut *tx)
            .await?;
        }
        changes::record(&mut tx, &ids).await?;
        tx.commit().await?;
        self.report.imported += good.len() as u64;
        self.report
            .stores_touched
            .extend(stock.keys().map(|(store, _)| *store));
        Ok(())
    }
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

/// Imports a body of NDJSON, or a JSON array (detected by its first
/// non-blank byte, read whole up to `max_bytes`). NDJSON is processed as it
/// arrives, line by line.
pub async fn import_stream<S, E>(
    pool: PgPool,
    mut body: S,
    max_bytes: usize,
) -> Result<ImportReport, ImportError>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    let mut importer = Importer::new(pool);
    let mut buffer: Vec<u8> = Vec::new();
    let mut received = 0usize;
    let mut line = 0u64;
    let mut array: Option<bool> = None;
    while let Some(chunk) = body.next().await {
        let chunk = chunk.map_err(|e| ImportError::Body(e.to_string()))?;
        received += chunk.len();
        if received > max_bytes {
            return Err(ImportError::TooLarge(max_bytes));
        }
        buffer.extend_from_slice(&chunk);
        if array.is_none() {
            array = buffer
                .iter()
                .find(|b| !b.is_ascii_whitespace())
                .map(|b| *b == b'[');
        }
        if array == Some(false) {
            while let Some(end) = buffer.iter().position(|b| *b == b'\n') {
                line += 1;
                importer.push_line(line, &buffer[..end]).await?;
                buffer.drain(..=end);
            }
        }
    }
    if array == Some(true) {
        let values: Vec<serde_json::Value> = serde_json::from_slice(&buffer)
            .map_err(|e| ImportError::MalformedArray(e.to_string()))?;
        for (index, value) in values.into_iter().enumerate() {
            importer.push_value(index as u64 + 1, value).await?;
        }
    } else if !buffer.is_empty() {
        importer.push_line(line + 1, &buffer).await?;
    }
    Ok(importer.finish().await?)
}

/// `catalog import FILE`: the same import, from a file, with a progress bar.
pub async fn import_file(pool: PgPool, path: &std::path::Path) -> anyhow::Result<ImportReport> {
    let file = tokio::fs::File::open(path).await?;
    let size = file.metadata().await?.len();
    let bar = indicatif::ProgressBar::new(size);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "importing [{elapsed_precise}] {wide_bar} {binary_bytes}/{binary_total_bytes} ({eta})",
    ) {
        bar.set_style(style);
    }
    let chunks = futures::stream::unfold((file, bar.clone()), |(mut file, bar)| async move {
        let mut chunk = vec![0u8; 1 << 20];
        match tokio::io::AsyncReadExt::read(&mut file, &mut chunk).await {
            Ok(0) => None,
            Ok(n) => {
                chunk.truncate(n);
                bar.inc(n as u64);
                Some((Ok::<Bytes, std::io::Error>(Bytes::from(chunk)), (file, bar)))
            }
            Err(err) => Some((Err(err), (file, bar))),
        }
    });
    let report = import_stream(pool, Box::pin(chunks), usize::MAX).await?;
    bar.finish_and_clear();
    Ok(report)
}
