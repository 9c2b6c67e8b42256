//! The outbox relay: numbers committed outbox rows and publishes them to the
//! Redis stream.
//!
//! Exactly one relay works at a time across replicas: the one holding a
//! session advisory lock on its own connection (released when that
//! connection closes, so a crashed leader is replaced within a second).
//!
//! Each round numbers the committed rows that have no number yet
//! ([`db::outbox::number_batch`]): a transaction that commits late is simply
//! numbered in a later round, so no snapshot horizon is needed and an idle
//! transaction elsewhere on the server delays nothing. The numbers are
//! committed in PostgreSQL *before* the stream sees them; if Redis fails or
//! loses the entries, indexers read the numbered rows from PostgreSQL.
//!
//! The relay polls every [`POLL`]: writers add nothing to their
//! transactions to wake it (a NOTIFY would serialise every commit behind a
//! global lock). A leader that stops answering loses its session, and its
//! lock, after [`LEADER_IDLE_TIMEOUT`].

use std::{sync::Arc, time::Duration};

use sqlx::{Connection, PgConnection, PgPool};

use super::stream_key;
use crate::{
    db::{self, outbox::Change},
    redis_client::Redis,
    retry::Backoff,
};

const LEADER_LOCK: i64 = 0x0063_6174_616c_6f67; // "catalog" in ASCII
const BATCH: i64 = 5_000;
pub const POLL: Duration = Duration::from_millis(25);
const LEADER_IDLE_TIMEOUT: Duration = Duration::from_secs(5);

#[derive(Clone)]
pub struct Relay {
    pub pool: PgPool,
    pub redis: Arc<Redis>,
    /// Approximate number of entries the stream keeps.
    pub stream_maxlen: usize,
}

impl Relay {
    /// Runs until the process ends: leads when it can, retries with backoff
    /// when PostgreSQL fails.
    pub async fn run(self) {
        let mut backoff = Backoff::new(Duration::from_millis(100), Duration::from_secs(5));
        loop {
            match self.lead().await {
                Ok(()) => {
                    backoff.reset();
                    // Another replica leads; try again later.
                    tokio::time::sleep(Duration::from_secs(1)).await;
                }
                Err(err) => {
                    tracing::warn!(error = %format!("{err:#}"), "outbox relay interrupted, retrying");
                    metrics::counter!("catalog_outbox_relay_errors_total").increment(1);
                    backoff.wait().await;
                }
            }
        }
    }

    /// Returns Ok when another replica leads; Err when PostgreSQL failed.
    async fn lead(&self) -> anyhow::Result<()> {
        let mut conn = PgConnection::connect_with(&self.pool.connect_options()).await?;
        let leader: bool = sqlx::query_scalar("SELECT pg_try_advisory_lock($1)")
            .bind(LEADER_LOCK)
            .fetch_one(&mut conn)
            .await?;
        if !leader {
            return Ok(());
        }
        // A leader that freezes (SIGSTOP, a VM pause, a partition) must not
        // hold the lock for the hours TCP keepalive would take: its session
        // ends after LEADER_IDLE_TIMEOUT without a statement, and another
        // replica takes over. A working leader runs one every POLL.
        for setting in [
            "idle_session_timeout",
            "idle_in_transaction_session_timeout",
        ] {
            sqlx::query("SELECT set_config($1, $2, false)")
                .bind(setting)
                .bind(LEADER_IDLE_TIMEOUT.as_millis().to_string())
                .execute(&mut conn)
                .await?;
        }
        tracing::info!("leading the outbox relay");
        loop {
            let numbered = db::outbox::number_batch(&mut conn, BATCH).await?;
            if !numbered.is_empty() {
                metrics::counter!("catalog_outbox_published_total")
                    .increment(numbered.len() as u64);
                // Redis is only the fast path: indexers find what it lost in
                // PostgreSQL, so a failure here is logged, not retried.
                if let Err(err) = self.publish(&numbered).await {
                    tracing::warn!(error = %err, changes = numbered.len(), "cannot publish to the change stream; indexers will read PostgreSQL");
                    metrics::counter!("catalog_outbox_stream_errors_total").increment(1);
                }
            }
            if numbered.len() < BATCH as usize {
                tokio::time::sleep(POLL).await;
            }
        }
    }

    async fn publish(&self, changes: &[Change]) -> redis::RedisResult<()> {
        let key = stream_key(&self.redis);
        let mut pipe = redis::pipe();
        for change in changes {
            let command = pipe
                .cmd("XADD")
                .arg(&key)
                .arg("MAXLEN")
                .arg("~")
                .arg(self.stream_maxlen)
                .arg("*")
                .arg("s")
                .arg(change.seq);
            match change.product_id {
                Some(product) => command.arg("p").arg(product).ignore(),
                None => command.arg("k").arg(change.kind.as_str()).ignore(),
            };
        }
        let mut conn = self.redis.conn().await?;
        pipe.query_async(&mut conn).await
    }
}
