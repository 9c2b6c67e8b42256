//! The live index: how a committed change reaches every replica's index.
//!
//! 1. Every transaction that changes what a product's search document holds
//!    calls [`record`]: an outbox row per product, in the same transaction.
//! 2. The [`relay`] (one per deployment, elected by an advisory lock)
//!    publishes outbox rows below the snapshot horizon to a Redis stream and
//!    marks them published. Redis down: it retries; nothing is lost.
//! 3. The [`indexer`] in every serving process follows the stream, re-reads
//!    the products from PostgreSQL, and upserts or deletes their documents,
//!    committing the last applied stream position as the tantivy payload.
//!
//! The stream carries a [`StreamPosition`]: an epoch (a random value stored
//! in Redis when the stream is first written, so a Redis that lost its data
//! is noticed) and the last entry id. An indexer that cannot prove it has
//! seen every entry since its position rebuilds from PostgreSQL.

pub mod indexer;
pub mod relay;

use std::cmp::Ordering;

use redis::AsyncCommands;
use serde::{Deserialize, Serialize};
use sqlx::PgConnection;

use crate::redis_client::Redis;

/// Writes one outbox row per product, in the caller's transaction.
pub async fn record(tx: &mut PgConnection, product_ids: &[i64]) -> sqlx::Result<()> {
    if product_ids.is_empty() {
        return Ok(());
    }
    sqlx::query("INSERT INTO outbox (product_id) SELECT unnest($1::bigint[])")
        .bind(product_ids)
        .execute(tx)
        .await?;
    Ok(())
}

/// Like [`record`], for every product of a category (a rename changes them all).
pub async fn record_category(tx: &mut PgConnection, category_id: i64) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO outbox (product_id) SELECT id FROM products WHERE category_id = $1")
        .bind(category_id)
        .execute(tx)
        .await?;
    Ok(())
}

pub fn stream_key(redis: &Redis) -> String {
    redis.key("product-changes")
}

pub fn epoch_key(redis: &Redis) -> String {
    redis.key("product-changes:epoch")
}

/// Where in the change stream an index generation is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StreamPosition {
    pub epoch: String,
    /// The last applied entry id; `0-0` before the first.
    pub last_id: String,
}

impl StreamPosition {
    /// The stream as it is now: its epoch and newest entry. `None` when Redis
    /// cannot be reached or nothing was ever published; the generation then
    /// replays whatever the stream holds when its indexer starts.
    pub async fn current(redis: &Redis) -> Option<Self> {
        let result: redis::RedisResult<Option<Self>> = async {
            let mut conn = redis.conn().await?;
            let epoch: Option<String> = conn.get(epoch_key(redis)).await?;
            let Some(epoch) = epoch else { return Ok(None) };
            let newest: redis::streams::StreamRangeReply =
                conn.xrevrange_count(stream_key(redis), "+", "-", 1).await?;
            let last_id = newest
                .ids
                .first()
                .map_or_else(|| "0-0".to_owned(), |e| e.id.clone());
            Ok(Some(Self { epoch, last_id }))
        }
        .await;
        result.unwrap_or_else(|err| {
            tracing::warn!(error = %err, "cannot read the change stream position");
            None
        })
    }

    pub fn to_payload(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    pub fn from_payload(payload: &str) -> Option<Self> {
        serde_json::from_str(payload).ok()
    }
}

/// Orders stream ids (`<millis>-<seq>`) numerically.
pub fn compare_ids(a: &str, b: &str) -> Ordering {
    fn parse(id: &str) -> (u64, u64) {
        let (ms, seq) = id.split_once('-').unwrap_or((id, "0"));
        (ms.parse().unwrap_or(0), seq.parse().unwrap_or(0))
    }
    parse(a).cmp(&parse(b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stream_ids_compare_numerically() {
        assert_eq!(compare_ids("99-5", "100-0"), Ordering::Less);
        assert_eq!(compare_ids("100-10", "100-9"), Ordering::Greater);
        assert_eq!(compare_ids("0-0", "0-0"), Ordering::Equal);
    }

    #[test]
    fn positions_round_trip_through_the_commit_payload() {
        let position = StreamPosition {
            epoch: "e1".into(),
            last_id: "12-3".into(),
        };
        assert_eq!(
            StreamPosition::from_payload(&position.to_payload()),
            Some(position)
        );
        assert_eq!(StreamPosition::from_payload("garbage"), None);
    }
}
