//! The live index: how a committed change reaches every replica's index,
//! and why none is lost.
//!
//! 1. Every transaction that changes what a product's search document holds
//!    records an outbox row per product in the same transaction
//!    ([`crate::db::outbox::record`]).
//! 2. The [`relay`] (one per deployment, elected by an advisory lock) numbers
//!    committed rows with a gapless sequence kept in PostgreSQL, then
//!    publishes the numbered changes to a Redis stream.
//! 3. The [`indexer`] in every serving process applies changes in sequence
//!    order and commits the last applied number with its index
//!    ([`Checkpoint`], the tantivy commit payload). Redis is the fast path
//!    only: when the stream shows a gap (trimmed, restarted empty, restored
//!    from an older snapshot, failed over) or stays silent while PostgreSQL
//!    has newer numbers, the indexer reads the missing range from the outbox
//!    table. It rebuilds from PostgreSQL only when that range was purged.
//!
//! Nothing here trusts Redis to keep anything: the sequence, the
//! checkpoint and the outbox rows are the proof that every change was seen.

pub mod indexer;
pub mod relay;
pub mod status;
pub mod stream;

use serde::{Deserialize, Serialize};

use crate::redis_client::Redis;

pub fn stream_key(redis: &Redis) -> String {
    redis.key("product-changes")
}

/// Where an index generation is in the change sequence: every change
/// numbered up to `seq` is in it. Stored as the tantivy commit payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkpoint {
    pub seq: i64,
}

impl Checkpoint {
    /// The checkpoint of a generation whose build starts now: the sequence
    /// head, read *before* the build. Every change numbered by then
    /// committed before the build's snapshot; every later one is replayed on
    /// top of it by the indexers.
    pub async fn before_build(pool: &sqlx::PgPool) -> sqlx::Result<Self> {
        Ok(Self {
            seq: crate::db::outbox::head(pool).await?,
        })
    }

    pub fn to_payload(self) -> String {
        serde_json::to_string(&self).unwrap_or_default()
    }

    /// `None` for a payload of another shape, e.g. a generation built by the
    /// Redis-only design before the sequence existed: it is rebuilt.
    pub fn from_payload(payload: &str) -> Option<Self> {
        serde_json::from_str(payload).ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn checkpoints_round_trip_through_the_commit_payload() {
        let checkpoint = Checkpoint { seq: 12 };
        assert_eq!(
            Checkpoint::from_payload(&checkpoint.to_payload()),
            Some(checkpoint)
        );
        assert_eq!(Checkpoint::from_payload("garbage"), None);
        assert_eq!(
            Checkpoint::from_payload(r#"{"epoch":"e1","last_id":"12-3"}"#),
            None,
            "a checkpoint of the old Redis-only design is not trusted"
        );
    }
}
