//! The indexer: follows the change stream into this process's index.
//!
//! It owns the only `IndexWriter` of the live generation. Each round reads
//! up to [`MAX_BATCH`] entries (blocking on its own Redis connection, never
//! the shared one), collapses them to distinct products, re-reads those
//! products from PostgreSQL (so duplicated or reordered entries are
//! harmless), deletes and re-adds their documents, commits with the stream
//! position as the commit payload, and reloads the searcher.
//!
//! On start it resumes from the live generation's payload. When it cannot
//! prove it has seen every entry since then (a new epoch: Redis lost its
//! data; or entries past its position were trimmed), it rebuilds from
//! PostgreSQL and swaps. When the live generation is swapped (a rebuild
//! here, a scheduled reindex, or `catalog reindex` elsewhere), it moves its
//! writer to the new one and resumes from that one's payload.

use std::{
    collections::BTreeSet,
    sync::{Arc, Mutex},
    time::Duration,
};

use chrono::{DateTime, Utc};
use redis::{AsyncCommands, streams::StreamReadOptions};
use serde::Serialize;
use sqlx::PgPool;
use tantivy::{IndexWriter, TantivyDocument, Term};

use super::{StreamPosition, compare_ids, epoch_key, stream_key};
use crate::{
    db,
    redis_client::Redis,
    search::{Progress, SearchIndex, index::Generation},
};

pub const MAX_BATCH: usize = 2_000;
const BLOCK: Duration = Duration::from_secs(1);
const WRITER_HEAP_BYTES: usize = 64 * 1024 * 1024;

/// What `/api/index/status/` shows of the indexer.
#[derive(Debug, Default, Clone, Serialize)]
pub struct IndexerState {
    pub position: Option<StreamPosition>,
    pub applied_changes: u64,
    pub last_applied_at: Option<DateTime<Utc>>,
    pub last_rebuild_at: Option<DateTime<Utc>>,
    pub last_rebuild_reason: Option<String>,
    pub last_error: Option<String>,
    pub last_error_at: Option<DateTime<Utc>>,
}

#[derive(Default)]
pub struct IndexerStatus(Mutex<IndexerState>);

impl IndexerStatus {
    pub fn snapshot(&self) -> IndexerState {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn update(&self, change: impl FnOnce(&mut IndexerState)) {
        change(&mut self.0.lock().unwrap_or_else(|e| e.into_inner()));
    }

    pub fn rebuilt(&self, reason: &str) {
        self.update(|s| {
            s.last_rebuild_at = Some(Utc::now());
            s.last_rebuild_reason = Some(reason.to_owned());
        });
    }

    pub fn failed(&self, error: &anyhow::Error) {
        self.update(|s| {
            s.last_error = Some(format!("{error:#}"));
            s.last_error_at = Some(Utc::now());
        });
    }
}

#[derive(Clone)]
pub struct Indexer {
    pub search: Arc<SearchIndex>,
    pub pool: PgPool,
    pub redis: Arc<Redis>,
    pub status: Arc<IndexerStatus>,
}

impl Indexer {
    /// Runs until the process ends, retrying with backoff on failures.
    pub async fn run(self) {
        let mut delay = Duration::from_millis(100);
        loop {
            match self.follow().await {
                Ok(()) => delay = Duration::from_millis(100),
                Err(err) => {
                    tracing::warn!(error = %format!("{err:#}"), "indexer interrupted, retrying");
                    metrics::counter!("indexer_errors_total").increment(1);
                    self.status.failed(&err);
                    tokio::time::sleep(delay).await;
                    delay = (delay * 2).min(Duration::from_secs(5));
                }
            }
        }
    }

    /// Rebuilds from PostgreSQL, recording the stream position first so
    /// that every change the build may miss is replayed after it.
    pub async fn rebuild(&self, reason: &str) -> anyhow::Result<()> {
        tracing::info!(reason, "rebuilding the search index");
        let position = StreamPosition::current(&self.redis).await;
        self.search
            .rebuild(&self.pool, Progress::Hidden, position)
            .await?;
        self.status.rebuilt(reason);
        Ok(())
    }

    /// Follows the stream into the live generation until it is swapped
    /// (Ok) or something fails (Err).
    async fn follow(&self) -> anyhow::Result<()> {
        let Some(generation) = self.search.current() else {
            tokio::time::sleep(Duration::from_millis(200)).await;
            return Ok(());
        };
        let mut conn = self.redis.dedicated(BLOCK + Duration::from_secs(5)).await?;
        let key = stream_key(&self.redis);
        let epoch: Option<String> = conn.get(epoch_key(&self.redis)).await?;
        let Some(epoch) = epoch else {
            // Nothing published since Redis started; the relay sets the epoch.
            tokio::time::sleep(Duration::from_millis(200)).await;
            return Ok(());
        };
        let mut last_id = match generation.position()? {
            Some(position) if position.epoch == epoch => position.last_id,
            Some(_) => {
                return self
                    .rebuild("the change stream was reset (Redis lost its data)")
                    .await;
            }
            None => "0-0".to_owned(),
        };
        if trimmed_past(&mut conn, &key, &last_id).await? {
            return self
                .rebuild("changes past the index position were trimmed from the stream")
                .await;
        }
        let mut writer = Some(open_writer(&generation).await?);
        self.status.update(|s| {
            s.position = Some(StreamPosition {
                epoch: epoch.clone(),
                last_id: last_id.clone(),
            })
        });
        loop {
            if self
                .search
                .current()
                .is_none_or(|live| live.name != generation.name)
            {
                return Ok(());
            }
            let options = StreamReadOptions::default()
                .block(BLOCK.as_millis() as usize)
                .count(MAX_BATCH);
            let reply: redis::streams::StreamReadReply =
                conn.xread_options(&[&key], &[&last_id], &options).await?;
            let entries: Vec<_> = reply.keys.into_iter().flat_map(|k| k.ids).collect();
            let Some(newest) = entries.last().map(|e| e.id.clone()) else {
                continue;
            };
            let products: BTreeSet<i64> =
                entries.iter().filter_map(|e| e.get::<i64>("p")).collect();
            let products: Vec<i64> = products.into_iter().collect();
            let rows = db::search::products_by_id(&self.pool, &products).await?;
            let position = StreamPosition {
                epoch: epoch.clone(),
                last_id: newest.clone(),
            };
            let payload = position.to_payload();
            let (generation_for_apply, taken) = (generation.clone(), writer.take());
            writer = Some(
                tokio::task::spawn_blocking(
                    move || -> anyhow::Result<IndexWriter<TantivyDocument>> {
                        let mut writer = match taken {
                            Some(writer) => writer,
                            None => anyhow::bail!("the index writer was lost"),
                        };
                        apply(
                            &generation_for_apply,
                            &mut writer,
                            &products,
                            &rows,
                            &payload,
                        )?;
                        Ok(writer)
                    },
                )
                .await??,
            );
            metrics::counter!("indexer_applied_changes_total").increment(entries.len() as u64);
            self.status.update(|s| {
                s.position = Some(position);
                s.applied_changes += entries.len() as u64;
                s.last_applied_at = Some(Utc::now());
            });
            last_id = newest;
        }
    }
}

async fn open_writer(generation: &Arc<Generation>) -> anyhow::Result<IndexWriter<TantivyDocument>> {
    let generation = generation.clone();
    Ok(tokio::task::spawn_blocking(move || {
        generation
            .index
            .writer_with_num_threads(1, WRITER_HEAP_BYTES)
    })
    .await??)
}

/// Replaces the documents of `products` with their current rows (absent
/// rows: deleted products) and commits with the stream position.
fn apply(
    generation: &Generation,
    writer: &mut IndexWriter<TantivyDocument>,
    products: &[i64],
    rows: &[db::search::ProductRow],
    payload: &str,
) -> anyhow::Result<()> {
    let fields = &generation.fields;
    for id in products {
        writer.delete_term(Term::from_field_u64(fields.id, *id as u64));
    }
    for row in rows {
        writer.add_document(fields.document(row))?;
    }
    let mut commit = writer.prepare_commit()?;
    commit.set_payload(payload);
    commit.commit()?;
    generation.reader.reload()?;
    generation.forget_caches();
    Ok(())
}

/// Whether entries after `last_id` were trimmed away (Redis 7's
/// `max-deleted-entry-id` is past it), so the stream cannot replay them.
async fn trimmed_past(
    conn: &mut redis::aio::MultiplexedConnection,
    key: &str,
    last_id: &str,
) -> anyhow::Result<bool> {
    let info: redis::RedisResult<std::collections::HashMap<String, redis::Value>> =
        redis::cmd("XINFO")
            .arg("STREAM")
            .arg(key)
            .query_async(conn)
            .await;
    let info = match info {
        Ok(info) => info,
        // No stream yet: nothing was trimmed.
        Err(err) if err.to_string().contains("no such key") => return Ok(false),
        Err(err) => return Err(err.into()),
    };
    let max_deleted: Option<String> = info
        .get("max-deleted-entry-id")
        .and_then(|v| redis::from_redis_value_ref::<String>(v).ok());
    Ok(max_deleted.is_some_and(|deleted| compare_ids(&deleted, last_id).is_gt()))
}
