//! The shared Redis connection: one multiplexed, self-reconnecting
//! `ConnectionManager` per process, created on first use so that the service
//! starts while Redis is down, and every key namespaced by `REDIS_PREFIX`.

use std::time::Duration;

use redis::{
    RedisResult,
    aio::{ConnectionManager, ConnectionManagerConfig},
};
use tokio::sync::OnceCell;

pub struct Redis {
    client: redis::Client,
    manager: OnceCell<ConnectionManager>,
    prefix: String,
}

/// A Redis call slower than this counts as Redis being unavailable.
const RESPONSE_TIMEOUT: Duration = Duration::from_millis(500);
const CONNECT_TIMEOUT: Duration = Duration::from_secs(1);

impl Redis {
    pub fn new(url: &str, prefix: &str) -> RedisResult<Self> {
        Ok(Self {
            client: redis::Client::open(url)?,
            manager: OnceCell::new(),
            prefix: prefix.to_owned(),
        })
    }

    /// A handle on the shared connection; cheap to clone.
    pub async fn conn(&self) -> RedisResult<ConnectionManager> {
        self.manager
            .get_or_try_init(|| async {
                let config = ConnectionManagerConfig::new()
                    .set_connection_timeout(Some(CONNECT_TIMEOUT))
                    .set_response_timeout(Some(RESPONSE_TIMEOUT))
                    .set_number_of_retries(1);
                self.client.get_connection_manager_with_config(config).await
            })
            .await
            .cloned()
    }

    /// A connection of its own, for blocking reads that must not stall the
    /// shared one; `response_timeout` must exceed the blocking time.
    pub async fn dedicated(
        &self,
        response_timeout: Duration,
    ) -> RedisResult<redis::aio::MultiplexedConnection> {
        let config = redis::AsyncConnectionConfig::new()
            .set_connection_timeout(Some(CONNECT_TIMEOUT))
            .set_response_timeout(Some(response_timeout));
        self.client
            .get_multiplexed_async_connection_with_config(&config)
            .await
    }

    /// `{prefix}:{suffix}`.
    pub fn key(&self, suffix: impl std::fmt::Display) -> String {
        format!("{}:{suffix}", self.prefix)
    }

    /// Runs `op` on the shared connection. Redis is never the source of
    /// truth, so a failure is logged with `fallback` (what the caller does
    /// instead) and answered as `None`.
    pub async fn attempt<T, F, Fut>(&self, fallback: &'static str, op: F) -> Option<T>
    where
        F: FnOnce(ConnectionManager) -> Fut,
        Fut: std::future::Future<Output = RedisResult<T>>,
    {
        let result = async { op(self.conn().await?).await }.await;
        result
            .inspect_err(|err| tracing::warn!(error = %err, "Redis failed; {fallback}"))
            .ok()
    }

    pub async fn ping(&self) -> RedisResult<()> {
        let mut conn = self.conn().await?;
        redis::cmd("PING").query_async::<()>(&mut conn).await
    }
}
