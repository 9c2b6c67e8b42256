//! What `/api/index/status/` tells about this replica's live index: how far
//! it is behind PostgreSQL, what the relay has not numbered yet, and what
//! the indexer last did.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgPool;
use utoipa::ToSchema;

use super::indexer::{IndexerMonitor, IndexerStatus};
use crate::{db, search::SearchIndex};

#[derive(Debug, Serialize, ToSchema)]
pub struct IndexStatus {
    pub generation: Option<String>,
    pub documents: Option<u64>,
    /// The last change number handed out by the relay.
    pub head: i64,
    pub lag: Lag,
    #[serde(flatten)]
    pub indexer: IndexerStatus,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Lag {
    /// Numbered changes this replica has not applied yet.
    pub changes_behind: i64,
    /// Age of the oldest of them.
    pub oldest_unapplied_age_secs: Option<f64>,
    /// Committed changes the relay has not numbered yet.
    pub outbox_unnumbered: i64,
    pub oldest_unnumbered_age_secs: Option<f64>,
}

impl IndexStatus {
    pub async fn gather(
        pool: &PgPool,
        search: &SearchIndex,
        monitor: &IndexerMonitor,
    ) -> sqlx::Result<Self> {
        let indexer = monitor.snapshot();
        let generation = search.current();
        // Unnumbered rows before the head: a row the relay numbers in
        // between then counts in the head. The other order could read an
        // old head, then no unnumbered row, and report a change still on
        // its way as applied.
        let (outbox_unnumbered, oldest_unnumbered_age_secs) = db::outbox::backlog(pool).await?;
        let head = db::outbox::head(pool).await?;
        let applied = indexer.checkpoint.unwrap_or(0);
        let oldest_unapplied_age_secs = if head > applied {
            db::outbox::numbered_at(pool, applied + 1)
                .await?
                .map(age_secs)
        } else {
            None
        };
        Ok(Self {
            generation: generation.as_ref().map(|g| g.name.clone()),
            documents: generation.map(|g| g.reader.searcher().num_docs()),
            head,
            lag: Lag {
                changes_behind: (head - applied).max(0),
                oldest_unapplied_age_secs,
                outbox_unnumbered,
                oldest_unnumbered_age_secs,
            },
            indexer,
        })
    }
}

fn age_secs(at: DateTime<Utc>) -> f64 {
    (Utc::now() - at).num_milliseconds() as f64 / 1000.0
}
