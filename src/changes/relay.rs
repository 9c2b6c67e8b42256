//! The outbox relay: publishes committed outbox rows to the Redis stream.
//!
//! Exactly one relay works at a time across replicas: the one holding a
//! session advisory lock on its own connection (it is released when that
//! connection closes, so a crashed leader is replaced within a second).
//!
//! Only rows whose transaction is below the snapshot horizon
//! (`xid < pg_snapshot_xmin(pg_current_snapshot())`) are read: no
//! transaction below it is still running, so a row that appears later can
//! only belong to a transaction above it. A sequence cursor would skip
//! transactions that commit late; this never does. Rows are marked published
//! after Redis accepted them: a crash in between publishes them twice, which
//! the indexer tolerates (it re-reads current state).
//!
//! NOTIFY (a trigger on the outbox) wakes the relay at commit; it also polls,
//! so a missed notification only delays.

use std::{sync::Arc, time::Duration};

use redis::AsyncCommands;
use sqlx::{Connection, PgConnection, PgPool, postgres::PgListener};

use super::{epoch_key, stream_key};
use crate::redis_client::Redis;

const LEADER_LOCK: i64 = 0x0063_6174_616c_6f67; // "catalog" in ASCII
const BATCH: i64 = 5_000;
const POLL: Duration = Duration::from_millis(100);

#[derive(Clone)]
pub struct Relay {
    pub pool: PgPool,
    pub redis: Arc<Redis>,
    /// Approximate number of entries the stream keeps.
    pub stream_maxlen: usize,
}

impl Relay {
    /// Runs until the process ends: leads when it can, retries with backoff
    /// when PostgreSQL or Redis fail.
    pub async fn run(self) {
        let mut delay = Duration::from_millis(100);
        loop {
            match self.lead().await {
                Ok(()) => delay = Duration::from_millis(100),
                Err(err) => {
                    tracing::warn!(error = %err, "outbox relay interrupted, retrying");
                    metrics::counter!("outbox_relay_errors_total").increment(1);
                    delay = (delay * 2).min(Duration::from_secs(5));
                }
            }
            tokio::time::sleep(delay).await;
        }
    }

    /// Returns Ok when another replica leads; Err when something failed.
    async fn lead(&self) -> anyhow::Result<()> {
        let mut conn = PgConnection::connect_with(&self.pool.connect_options()).await?;
        let leader: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
            .bind(LEADER_LOCK)
            .fetch_one(&mut conn)
            .await?;
        if !leader {
            tokio::time::sleep(Duration::from_secs(1)).await;
            return Ok(());
        }
        tracing::info!("leading the outbox relay");
        let mut listener = PgListener::connect_with(&self.pool).await?;
        listener.listen("catalog_outbox").await?;
        let mut redis = self.redis.conn().await?;
        // A Redis that lost its data gets a new epoch, which tells indexers.
        let _: bool = redis
            .set_nx(epoch_key(&self.redis), uuid::Uuid::new_v4().to_string())
            .await?;
        loop {
            let rows: Vec<(i64, i64)> = sqlx::query_as(
                "SELECT id, product_id FROM outbox
                  WHERE published_at IS NULL
                    AND xid < pg_snapshot_xmin(pg_current_snapshot())
                  ORDER BY xid, id
                  LIMIT $1",
            )
            .bind(BATCH)
            .fetch_all(&mut conn)
            .await?;
            if !rows.is_empty() {
                self.publish(&mut redis, &rows).await?;
                let ids: Vec<i64> = rows.iter().map(|(id, _)| *id).collect();
                sqlx::query("UPDATE outbox SET published_at = now() WHERE id = ANY($1)")
                    .bind(&ids)
                    .execute(&mut conn)
                    .await?;
                metrics::counter!("outbox_published_total").increment(rows.len() as u64);
            }
            if rows.len() < BATCH as usize {
                tokio::select! {
                    notification = listener.recv() => { notification?; }
                    () = tokio::time::sleep(POLL) => {}
                }
            }
        }
    }

    async fn publish(
        &self,
        redis: &mut redis::aio::ConnectionManager,
        rows: &[(i64, i64)],
    ) -> redis::RedisResult<()> {
        let key = stream_key(&self.redis);
        let mut pipe = redis::pipe();
        for (outbox_id, product_id) in rows {
            pipe.cmd("XADD")
                .arg(&key)
                .arg("MAXLEN")
                .arg("~")
                .arg(self.stream_maxlen)
                .arg("*")
                .arg("o")
                .arg(outbox_id)
                .arg("p")
                .arg(product_id)
                .ignore();
        }
        pipe.query_async(redis).await
    }
}
