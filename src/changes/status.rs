//! What `/api/index/status/` tells about this replica's live index: how far
//! it is behind PostgreSQL, what the relay has not numbered yet, and what
//! the indexer last did; and the same figures as the gauges of `/metrics`.

use std::fmt::Write as _;

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

impl IndexStatus {
    /// The figures as Prometheus gauges. They are this replica's state,
    /// read when scraped: rendered from it rather than set in the
    /// process-wide recorder, which every app in a test process shares.
    pub fn prometheus_text(&self) -> String {
        let lag = &self.lag;
        let gauges = [
            (
                "catalog_index_documents",
                "Documents in this replica's live index",
                self.documents.map(|n| n as f64),
            ),
            (
                "catalog_index_head_seq",
                "The last change number the relay handed out",
                Some(self.head as f64),
            ),
            (
                "catalog_index_applied_seq",
                "The last change number applied to this replica's index",
                self.indexer.checkpoint.map(|seq| seq as f64),
            ),
            (
                "catalog_index_changes_behind",
                "Numbered changes this replica's index has not applied yet",
                Some(lag.changes_behind as f64),
            ),
            (
                "catalog_index_oldest_unapplied_age_seconds",
                "Age of the oldest numbered change not applied yet (0 when caught up)",
                Some(lag.oldest_unapplied_age_secs.unwrap_or(0.0)),
            ),
            (
                "catalog_outbox_unnumbered_changes",
                "Committed changes the relay has not numbered and published yet",
                Some(lag.outbox_unnumbered as f64),
            ),
            (
                "catalog_outbox_oldest_unnumbered_age_seconds",
                "Age of the oldest change waiting for the relay (0 when none)",
                Some(lag.oldest_unnumbered_age_secs.unwrap_or(0.0)),
            ),
        ];
        let mut text = String::new();
        for (name, help, value) in gauges {
            // A gauge without a value (no index yet) is left out rather
            // than shown as a misleading 0.
            if let Some(value) = value {
                // Writing to a String cannot fail.
                let _ = write!(
                    text,
                    "# HELP {name} {help}\n# TYPE {name} gauge\n{name} {value}\n"
                );
            }
        }
        text
    }
}

fn age_secs(at: DateTime<Utc>) -> f64 {
    (Utc::now() - at).num_milliseconds() as f64 / 1000.0
}
