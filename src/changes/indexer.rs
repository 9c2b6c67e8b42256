//! The indexer: applies numbered changes, in sequence order, to this
//! process's index.
//!
//! It owns the only `IndexWriter` of the live generation. Each round takes
//! the next changes after its checkpoint: from the Redis stream when the
//! stream continues the sequence without a gap, otherwise (a gap, duplicates
//! only, a silent stream while PostgreSQL has newer numbers, Redis down)
//! from the outbox table. It collapses them to distinct products, re-reads
//! those from PostgreSQL, in parts at once (so order and repetition do not
//! matter), deletes and re-adds their documents, commits with the new
//! checkpoint as payload, and reloads the searcher. It reads a batch's
//! products while the batch before it is being indexed.
//!
//! It rebuilds from PostgreSQL when there is no index, when the index has
//! no checkpoint, when the range it needs was purged from the outbox, and
//! when a change asks for a full reindex (the scheduled one, which thus
//! reaches every replica). When the live generation is swapped, it moves
//! its writer to the new one and resumes from that one's checkpoint.

use std::{
    collections::BTreeSet,
    sync::{Arc, Mutex},
    time::Duration,
};

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgPool;
use tantivy::{IndexWriter, TantivyDocument, Term};

use super::{Checkpoint, stream::StreamReader};
use crate::{
    db::{
        self,
        index_rows::ProductRow,
        outbox::{Change, ChangeKind},
    },
    redis_client::Redis,
    retry::Backoff,
    search::{Progress, SearchIndex, index::Generation},
};

pub const MAX_BATCH: usize = 2_000;
/// How long a stream read waits for new entries; also how often PostgreSQL
/// is asked for changes the stream did not bring.
const BLOCK: Duration = Duration::from_millis(250);
const WRITER_HEAP_BYTES: usize = 64 * 1024 * 1024;
/// A batch's products are read in this many parts at once, of at least
/// [`READ_PART_MIN`] products each. PostgreSQL busy with orders gives each
/// backend its share of the CPU: the one query re-reading a batch got a
/// twentieth of it, and under scripts/bench-orders.sh search fell 2 to 10 s
/// behind the stock (p99; 1.2 to 1.9 s read in four parts, same machine).
const READ_PARALLELISM: usize = 4;
const READ_PART_MIN: usize = 100;

/// What `/api/index/status/` shows of the indexer.
#[derive(Debug, Default, Clone, Serialize, utoipa::ToSchema)]
pub struct IndexerStatus {
    /// The last change committed to the live generation and searchable.
    pub checkpoint: Option<i64>,
    pub applied_changes: u64,
    /// Changes read from PostgreSQL because the stream did not bring them.
    pub changes_read_from_postgres: u64,
    pub last_applied_at: Option<DateTime<Utc>>,
    pub last_rebuild_at: Option<DateTime<Utc>>,
    pub last_rebuild_reason: Option<String>,
    /// What the last requested full reindex repaired.
    pub last_repair_report: Option<String>,
    pub last_error: Option<String>,
    pub last_error_at: Option<DateTime<Utc>>,
}

/// The indexer's status, shared with the status route.
#[derive(Default)]
pub struct IndexerMonitor(Mutex<IndexerStatus>);

impl IndexerMonitor {
    pub fn snapshot(&self) -> IndexerStatus {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).clone()
    }

    fn update(&self, change: impl FnOnce(&mut IndexerStatus)) {
        change(&mut self.0.lock().unwrap_or_else(|e| e.into_inner()));
    }
}

#[derive(Clone)]
pub struct Indexer {
    pub search: Arc<SearchIndex>,
    pub pool: PgPool,
    pub redis: Arc<Redis>,
    pub status: Arc<IndexerMonitor>,
}

impl Indexer {
    /// Runs until the process ends, retrying with backoff on failures.
    pub async fn run(self) {
        let mut backoff = Backoff::new(Duration::from_millis(100), Duration::from_secs(5));
        let mut stream = StreamReader::new(self.redis.clone(), BLOCK);
        loop {
            match self.follow(&mut stream).await {
                Ok(()) => backoff.reset(),
                Err(err) => {
                    tracing::warn!(error = %format!("{err:#}"), "indexer interrupted, retrying");
                    metrics::counter!("catalog_indexer_errors_total").increment(1);
                    self.status.update(|s| {
                        s.last_error = Some(format!("{err:#}"));
                        s.last_error_at = Some(Utc::now());
                    });
                    backoff.wait().await;
                }
            }
        }
    }

    /// Builds a new generation from PostgreSQL and swaps it in, at the
    /// checkpoint of [`Checkpoint::before_build`].
    pub async fn rebuild(&self, reason: &str) -> anyhow::Result<()> {
        tracing::info!(reason, "rebuilding the search index");
        let seq = rebuild(&self.search, &self.pool).await?;
        metrics::counter!("catalog_indexer_rebuilds_total").increment(1);
        self.status.update(|s| {
            s.checkpoint = Some(seq);
            s.last_rebuild_at = Some(Utc::now());
            s.last_rebuild_reason = Some(reason.to_owned());
        });
        Ok(())
    }

    /// A requested full reindex: rebuilds, and reports what the old
    /// generation had missed, held stale or held too many.
    async fn repair(&self, before: Arc<Generation>) -> anyhow::Result<()> {
        self.rebuild("a full reindex was requested").await?;
        let Some(after) = self.search.current() else {
            return Ok(());
        };
        let report = tokio::task::spawn_blocking(move || -> tantivy::Result<String> {
            Ok(difference_report(
                &before.fingerprints()?,
                &after.fingerprints()?,
            ))
        })
        .await??;
        tracing::info!(report, "full reindex done");
        self.status.update(|s| s.last_repair_report = Some(report));
        Ok(())
    }

    /// Follows the change sequence into the live generation until it is
    /// swapped (Ok) or something fails (Err).
    async fn follow(&self, stream: &mut StreamReader) -> anyhow::Result<()> {
        self.search
            .set_settings(db::settings::load(&self.pool).await?);
        let Some(generation) = self.search.current() else {
            return self.rebuild("there is no index yet").await;
        };
        let checkpoint = generation
            .payload()?
            .as_deref()
            .and_then(Checkpoint::from_payload);
        let Some(Checkpoint { seq: applied }) = checkpoint else {
            return self
                .rebuild("the index has no change sequence checkpoint")
                .await;
        };
        let writer = open_writer(&generation).await?;
        self.status.update(|s| s.checkpoint = Some(applied));
        let mut cursor = Cursor {
            taken: applied,
            pending: Vec::new(),
            // Catch up from PostgreSQL before waiting on the stream.
            behind: true,
        };
        let mut indexing = Indexing::Idle(Box::new(writer));
        let outcome = self
            .follow_from(&generation, &mut cursor, stream, &mut indexing)
            .await;
        // The batch in flight commits (or fails) before anything else opens
        // a writer on this generation or rebuilds it.
        let finished = indexing.finish().await;
        let then = match (outcome, finished) {
            (Err(err), Err(batch)) => {
                return Err(err.context(format!("the batch in flight failed too: {batch:#}")));
            }
            (Err(err), Ok(_)) => return Err(err),
            (Ok(then), Ok(_)) => then,
            // The generation is left behind (swapped, or rebuilt from
            // PostgreSQL): what the failed batch held is in its successor.
            (Ok(then), Err(batch)) => {
                tracing::warn!(error = %format!("{batch:#}"), "a batch failed on a generation being left");
                then
            }
        };
        match then {
            Then::Done => Ok(()),
            Then::Rebuild(reason) => self.rebuild(reason).await,
            Then::Repair => self.repair(generation).await,
        }
    }

    /// The loop of [`Self::follow`]: reads each batch's products while the
    /// one before it is being indexed, so that a round costs the longer of
    /// the two rather than their sum (under order load PostgreSQL answers
    /// the re-read slowly, and the index writer waits for CPU).
    async fn follow_from(
        &self,
        generation: &Arc<Generation>,
        cursor: &mut Cursor,
        stream: &mut StreamReader,
        indexing: &mut Indexing,
    ) -> anyhow::Result<Then> {
        loop {
            if !self
                .search
                .current()
                .is_some_and(|live| Arc::ptr_eq(&live, generation))
            {
                return Ok(Then::Done);
            }
            let batch = match self.next_batch(cursor, stream).await? {
                Next::Nothing => {
                    // A batch that failed while nothing new came is
                    // retried now, not when the next change comes.
                    indexing.settle().await?;
                    continue;
                }
                Next::Rebuild(reason) => return Ok(Then::Rebuild(reason)),
                Next::Batch(batch) => batch,
            };
            if batch
                .iter()
                .any(|change| change.kind == ChangeKind::Reindex)
            {
                return Ok(Then::Repair);
            }
            if batch
                .iter()
                .any(|change| change.kind == ChangeKind::Settings)
            {
                // Synonyms, stop words, facet order: applied at query time.
                self.search
                    .set_settings(db::settings::load(&self.pool).await?);
            }
            let last = batch.last().map_or(cursor.taken, |change| change.seq);
            let products: BTreeSet<i64> = batch.iter().filter_map(|c| c.product_id).collect();
            let products: Vec<i64> = products.into_iter().collect();
            // These rows are read after the previous batch's were, and
            // committed after them: a product in both ends up as this later
            // read has it.
            let rows = self.read(&products).await?;
            let writer = std::mem::replace(indexing, Indexing::Taken)
                .finish()
                .await?;
            let work = IndexBatch {
                generation: generation.clone(),
                status: self.status.clone(),
                products,
                rows,
                changes: batch.len(),
                last,
            };
            *indexing = Indexing::Busy(tokio::task::spawn_blocking(move || work.apply(writer)));
            cursor.taken = last;
        }
    }

    /// The changes right after the last one taken: from the stream when it
    /// continues the sequence, else from PostgreSQL.
    async fn next_batch(
        &self,
        cursor: &mut Cursor,
        stream: &mut StreamReader,
    ) -> anyhow::Result<Next> {
        let applied = cursor.taken;
        if cursor.pending.is_empty() && !cursor.behind {
            cursor.pending = stream.read(MAX_BATCH).await;
        }
        cursor.pending.retain(|change| change.seq > applied);
        let batch = contiguous_after(applied, &cursor.pending);
        if !batch.is_empty() {
            return Ok(Next::Batch(batch));
        }
        let head = db::outbox::head(&self.pool).await?;
        if head < applied {
            // The sequence went backwards: PostgreSQL was restored or failed
            // over to a standby that had not seen every change. This index
            // may hold changes PostgreSQL no longer has, and numbers will be
            // handed out again.
            return Ok(Next::Rebuild(
                "the change sequence is behind the index (PostgreSQL was restored or failed over)",
            ));
        }
        if head == applied {
            // Whatever the stream holds beyond PostgreSQL's head is not this
            // deployment's: drop it rather than loop on it.
            cursor.pending.clear();
            cursor.behind = false;
            return Ok(Next::Nothing);
        }
        let upto = head.min(applied + MAX_BATCH as i64);
        let batch = db::outbox::range(&self.pool, applied, upto).await?;
        if batch.len() as i64 != upto - applied {
            return Ok(Next::Rebuild(
                "changes the index needs were purged from the outbox",
            ));
        }
        cursor.behind = upto < head;
        metrics::counter!("catalog_indexer_changes_read_from_postgres_total")
            .increment(batch.len() as u64);
        self.status
            .update(|s| s.changes_read_from_postgres += batch.len() as u64);
        Ok(Next::Batch(batch))
    }

    /// The current rows of these products, read in up to
    /// [`READ_PARALLELISM`] parts at once.
    async fn read(&self, products: &[i64]) -> sqlx::Result<Vec<ProductRow>> {
        let part = products.len().div_ceil(READ_PARALLELISM).max(READ_PART_MIN);
        let reads = products
            .chunks(part)
            .map(|part| db::index_rows::products_by_id(&self.pool, part));
        let parts = futures::future::try_join_all(reads).await?;
        Ok(parts.into_iter().flatten().collect())
    }
}

/// Builds a new generation from PostgreSQL, checkpointed at the sequence
/// head read before the build, and swaps it in; answers the checkpoint.
pub async fn rebuild(search: &SearchIndex, pool: &PgPool) -> anyhow::Result<i64> {
    search.set_settings(db::settings::load(pool).await?);
    let checkpoint = Checkpoint::before_build(pool).await?;
    search
        .rebuild(pool, Progress::Hidden, Some(checkpoint.to_payload()))
        .await?;
    Ok(checkpoint.seq)
}

/// Where the indexer is in the sequence while it follows one generation.
struct Cursor {
    /// The last change taken: committed, or in the batch being indexed
    /// (the generation's checkpoint once that batch is committed). The next
    /// batch continues after it.
    taken: i64,
    /// Stream entries read but not taken yet.
    pending: Vec<Change>,
    /// Whether PostgreSQL had more than the last batch took.
    behind: bool,
}

enum Next {
    Batch(Vec<Change>),
    /// Nothing new: the next round waits on the stream.
    Nothing,
    Rebuild(&'static str),
}

/// What follows the loop over one generation.
enum Then {
    /// The generation was swapped: follow the new one.
    Done,
    Rebuild(&'static str),
    /// A full reindex was requested.
    Repair,
}

/// The writer, or the batch being indexed with it.
enum Indexing {
    /// Boxed: a writer is large beside a task handle.
    Idle(Box<IndexWriter<TantivyDocument>>),
    Busy(tokio::task::JoinHandle<anyhow::Result<IndexWriter<TantivyDocument>>>),
    /// Taken out to be finished; a batch that failed took the writer with it.
    Taken,
}

impl Indexing {
    /// The writer, once the batch in flight (if any) is committed.
    async fn finish(self) -> anyhow::Result<IndexWriter<TantivyDocument>> {
        match self {
            Indexing::Idle(writer) => Ok(*writer),
            Indexing::Busy(task) => task.await?,
            Indexing::Taken => anyhow::bail!("the index writer was lost"),
        }
    }

    /// Takes the writer back if the batch in flight is over, so that its
    /// failure is seen without waiting for the next batch.
    async fn settle(&mut self) -> anyhow::Result<()> {
        if matches!(self, Indexing::Busy(task) if task.is_finished()) {
            let writer = std::mem::replace(self, Indexing::Taken).finish().await?;
            *self = Indexing::Idle(Box::new(writer));
        }
        Ok(())
    }
}

/// One batch's products, as read, to replace in the index.
struct IndexBatch {
    generation: Arc<Generation>,
    status: Arc<IndexerMonitor>,
    products: Vec<i64>,
    rows: Vec<ProductRow>,
    /// Changes in the batch (several may name one product).
    changes: usize,
    /// The batch's last change: the checkpoint committed with it.
    last: i64,
}

impl IndexBatch {
    /// Deletes and re-adds the products, commits with the checkpoint and
    /// reloads the searcher (blocking).
    fn apply(
        self,
        mut writer: IndexWriter<TantivyDocument>,
    ) -> anyhow::Result<IndexWriter<TantivyDocument>> {
        let fields = &self.generation.fields;
        for id in &self.products {
            writer.delete_term(Term::from_field_u64(fields.id, *id as u64));
        }
        for row in &self.rows {
            writer.add_document(fields.document(row))?;
        }
        let mut commit = writer.prepare_commit()?;
        commit.set_payload(&Checkpoint { seq: self.last }.to_payload());
        commit.commit()?;
        // New segments' columns are read before searches can see them.
        if let Err(err) = self.generation.refresh_caches() {
            tracing::warn!(error = %err, "cannot read new segments' columns ahead");
        }
        self.generation.reader.reload()?;
        metrics::counter!("catalog_indexer_applied_changes_total").increment(self.changes as u64);
        self.status.update(|s| {
            s.checkpoint = Some(self.last);
            s.applied_changes += self.changes as u64;
            s.last_applied_at = Some(Utc::now());
        });
        Ok(writer)
    }
}

/// The changes of `pending` that continue the sequence right after
/// `applied`, up to the first gap; empty when the first one is not next.
fn contiguous_after(applied: i64, pending: &[Change]) -> Vec<Change> {
    pending
        .iter()
        .zip(applied + 1..)
        .take_while(|(change, expected)| change.seq == *expected)
        .map(|(change, _)| *change)
        .collect()
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

/// What a rebuild repaired: documents the old generation lacked, held
/// stale, or held for products that no longer exist.
pub fn difference_report(
    before: &std::collections::HashMap<u64, u64>,
    after: &std::collections::HashMap<u64, u64>,
) -> String {
    let missing = after.keys().filter(|id| !before.contains_key(id)).count();
    let stale = after
        .iter()
        .filter(|(id, print)| before.get(id).is_some_and(|old| old != *print))
        .count();
    let extra = before.keys().filter(|id| !after.contains_key(id)).count();
    if missing + stale + extra > 0 {
        tracing::warn!(
            missing,
            stale,
            extra,
            "the full reindex repaired differences between the index and PostgreSQL"
        );
        metrics::counter!("catalog_index_repaired_documents_total")
            .increment((missing + stale + extra) as u64);
    }
    format!(
        "{} documents; repaired {missing} missing, {stale} stale, {extra} extra",
        after.len()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn changes(seqs: &[i64]) -> Vec<Change> {
        seqs.iter()
            .map(|&seq| Change {
                seq,
                product_id: Some(seq * 10),
                kind: ChangeKind::Product,
            })
            .collect()
    }

    #[test]
    fn only_changes_that_continue_the_sequence_are_taken_from_the_stream() {
        let seqs = |v: Vec<Change>| v.iter().map(|c| c.seq).collect::<Vec<_>>();
        assert_eq!(seqs(contiguous_after(4, &changes(&[5, 6, 7]))), [5, 6, 7]);
        assert_eq!(seqs(contiguous_after(4, &changes(&[5, 6, 8, 9]))), [5, 6]);
        assert!(contiguous_after(4, &changes(&[6, 7])).is_empty(), "a gap");
        assert!(contiguous_after(4, &changes(&[])).is_empty());
    }
}
