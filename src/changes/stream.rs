//! Reading the change stream: the fast path from the relay to indexers.
//!
//! A reader never fails: when Redis cannot be reached it waits one block
//! and answers nothing, and the indexer asks PostgreSQL instead. Entries
//! carry their sequence number, so whatever the stream lost, repeated or
//! replayed from an older snapshot is seen by the indexer as a gap or a
//! duplicate, never taken on trust.

use std::{sync::Arc, time::Duration};

use redis::{
    AsyncCommands,
    streams::{StreamReadOptions, StreamReadReply},
};

use super::stream_key;
use crate::{
    db::outbox::{Change, ChangeKind},
    redis_client::Redis,
};

pub struct StreamReader {
    redis: Arc<Redis>,
    block: Duration,
    connection: Option<redis::aio::MultiplexedConnection>,
    /// The last entry id read; `$` (only what comes next) at first.
    cursor: String,
    /// Whether the last attempt failed (to log an outage once, not per try).
    failing: bool,
}

impl StreamReader {
    pub fn new(redis: Arc<Redis>, block: Duration) -> Self {
        Self {
            redis,
            block,
            connection: None,
            cursor: "$".to_owned(),
            failing: false,
        }
    }

    /// Up to `count` entries after the cursor, waiting up to one block for
    /// the first; nothing when Redis fails.
    pub async fn read(&mut self, count: usize) -> Vec<Change> {
        match self.try_read(count).await {
            Ok(changes) => {
                if self.failing {
                    tracing::info!("the change stream is reachable again");
                    self.failing = false;
                }
                changes
            }
            Err(err) => {
                if !self.failing {
                    tracing::warn!(error = %err, "cannot read the change stream; following PostgreSQL");
                    self.failing = true;
                }
                metrics::counter!("catalog_indexer_stream_errors_total").increment(1);
                self.connection = None;
                tokio::time::sleep(self.block).await;
                Vec::new()
            }
        }
    }

    async fn try_read(&mut self, count: usize) -> redis::RedisResult<Vec<Change>> {
        let connection = match &mut self.connection {
            Some(connection) => connection,
            // A connection of its own: a blocking read must not stall the shared one.
            None => self.connection.insert(
                self.redis
                    .dedicated(self.block + Duration::from_secs(5))
                    .await?,
            ),
        };
        let options = StreamReadOptions::default()
            .block(self.block.as_millis() as usize)
            .count(count);
        let reply: StreamReadReply = connection
            .xread_options(&[stream_key(&self.redis)], &[&self.cursor], &options)
            .await?;
        let entries: Vec<_> = reply.keys.into_iter().flat_map(|key| key.ids).collect();
        if let Some(last) = entries.last() {
            self.cursor = last.id.clone();
        }
        Ok(entries
            .iter()
            .filter_map(|entry| {
                let product_id = entry.get("p");
                let kind = match product_id {
                    Some(_) => ChangeKind::Product,
                    None => entry
                        .get::<String>("k")
                        .as_deref()
                        .and_then(ChangeKind::parse)
                        .filter(|kind| *kind != ChangeKind::Product)?,
                };
                // Anything else is not ours: skipped, the gap sends the
                // indexer to PostgreSQL.
                Some(Change {
                    seq: entry.get("s")?,
                    product_id,
                    kind,
                })
            })
            .collect())
    }
}
