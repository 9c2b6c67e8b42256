//! The store inventory listing cache.
//!
//! Keys are versioned per store: `inventory:{store}:v{version}:...`. A reader
//! reads the store's version *before* it reads the database, and writes what
//! it loaded under that version. A writer commits, then increments the
//! version. So a slow reader that loaded old rows before a commit can only
//! write them under a version that is already superseded: nobody will read
//! them again (the stale-set race cannot put old data back). Old versions
//! simply expire with their TTL.
//!
//! Writes that change what a listing shows answer the stores they made
//! stale (`StaleListings`, decided in `db/catalog.rs`); [`InventoryCache::commit`]
//! commits and invalidates them in one call.
//!
//! Redis being down never fails a listing: it is served from the database.
//! A TTL of zero turns the cache off (every read goes to the database).

use std::{collections::BTreeSet, sync::Arc, time::Duration};

use axum::body::Bytes;
use redis::AsyncCommands;
use sqlx::{Postgres, Transaction};

use crate::{
    domain::{StaleListings, pagination::Page},
    redis_client::Redis,
    retry::Backoff,
};

#[derive(Clone)]
pub struct InventoryCache {
    redis: Arc<Redis>,
    ttl: Duration,
}

/// The result of a cache lookup: the cached body, or the version a reader
/// must store its freshly loaded body under (`None` when Redis is down, in
/// which case nothing is stored).
pub enum Lookup {
    Hit(Bytes),
    Miss { version: Option<i64> },
}

impl InventoryCache {
    pub fn new(redis: Arc<Redis>, ttl: Duration) -> Self {
        Self { redis, ttl }
    }

    fn version_key(&self, store_id: i64) -> String {
        self.redis.key(format_args!("inventory:{store_id}:version"))
    }

    fn page_key(&self, store_id: i64, version: i64, page: Page) -> String {
        self.redis.key(format_args!(
            "inventory:{store_id}:v{version}:p{}:s{}",
            page.page, page.page_size
        ))
    }

    fn enabled(&self) -> bool {
        !self.ttl.is_zero()
    }

    pub async fn lookup(&self, store_id: i64, page: Page) -> Lookup {
        if !self.enabled() {
            return Lookup::Miss { version: None };
        }
        let (version_key, redis) = (self.version_key(store_id), &self.redis);
        let lookup = redis
            .attempt(
                "reading the inventory from the database",
                |mut conn| async move {
                    let version: Option<i64> = conn.get(version_key).await?;
                    let version = version.unwrap_or(0);
                    let cached: Option<Vec<u8>> =
                        conn.get(self.page_key(store_id, version, page)).await?;
                    Ok(match cached {
                        Some(body) => Lookup::Hit(body.into()),
                        None => Lookup::Miss {
                            version: Some(version),
                        },
                    })
                },
            )
            .await;
        // Redis unreachable is its own outcome: counted as a miss it would
        // read as a cold cache rather than a broken one.
        let outcome = match &lookup {
            Some(Lookup::Hit(_)) => "hit",
            Some(Lookup::Miss { .. }) => "miss",
            None => "error",
        };
        metrics::counter!("catalog_inventory_cache_requests_total", "outcome" => outcome)
            .increment(1);
        lookup.unwrap_or(Lookup::Miss { version: None })
    }

    /// Stores a body loaded after `lookup` answered `Miss { version }`.
    pub async fn store(&self, store_id: i64, version: i64, page: Page, body: &[u8]) {
        let (key, ttl) = (self.page_key(store_id, version, page), self.ttl.as_secs());
        self.redis
            .attempt("the page is not cached", |mut conn| async move {
                conn.set_ex::<_, _, ()>(key, body, ttl).await
            })
            .await;
    }

    /// Commits a write, then makes the listings it changed stale: the one
    /// way a catalog write that a listing shows ends, so that no handler can
    /// commit and forget to invalidate.
    pub async fn commit(
        &self,
        tx: Transaction<'_, Postgres>,
        stale: StaleListings,
    ) -> sqlx::Result<()> {
        tx.commit().await?;
        self.invalidate(stale).await;
        Ok(())
    }

    /// Makes every cached page of these stores stale. Call after the commit
    /// that changed them (`commit` does). If Redis is unreachable the bump
    /// is retried in the background for a while; past that, the TTL bounds
    /// the staleness.
    pub async fn invalidate(&self, stale: StaleListings) {
        let stores = stale.0;
        if !self.enabled() || stores.is_empty() || self.bump(&stores).await.is_some() {
            return;
        }
        let cache = self.clone();
        tokio::spawn(async move {
            let mut backoff = Backoff::new(Duration::from_millis(100), Duration::from_secs(10));
            for _ in 0..10 {
                backoff.wait().await;
                if cache.bump(&stores).await.is_some() {
                    return;
                }
            }
            tracing::error!(
                ?stores,
                "gave up invalidating the inventory cache; entries expire with their TTL"
            );
        });
    }

    /// One round trip whatever the number of stores (a category rename may
    /// touch all of them).
    async fn bump(&self, stores: &BTreeSet<i64>) -> Option<()> {
        let mut pipe = redis::pipe();
        for store in stores {
            pipe.incr(self.version_key(*store), 1).ignore();
        }
        self.redis
            .attempt(
                "listings stay stale until the retry or the TTL",
                |mut conn| async move { pipe.query_async(&mut conn).await },
            )
            .await
    }
}
