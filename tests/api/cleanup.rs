//! Cleaning up after tests: a test's Redis keys go when its app is
//! dropped; databases are dropped by a later run once they are an hour old
//! (a drop forces a checkpoint: seconds each on a busy server, too slow for
//! the end of every test).

use std::time::Duration;

use futures::StreamExt;
use redis::Commands;
use sqlx::{Executor, PgPool};

use crate::helpers::with_database;

/// Deletes a test's Redis keys when the test ends (even when it fails: its
/// database is kept for a while for a post-mortem, its cache keys are not
/// worth it).
pub struct RedisKeys {
    pub url: String,
    pub prefix: String,
}

impl Drop for RedisKeys {
    fn drop(&mut self) {
        // Synchronous on purpose: the test's runtime is shutting down, a
        // spawned task would never run. A Redis that is down (on purpose,
        // in some tests) has nothing to delete.
        let Ok(client) = redis::Client::open(self.url.as_str()) else {
            return;
        };
        let Ok(mut conn) = client.get_connection_with_timeout(Duration::from_millis(200)) else {
            return;
        };
        let _ = delete_keys(&mut conn, &format!("{}:*", self.prefix));
    }
}

fn delete_keys(conn: &mut redis::Connection, pattern: &str) -> redis::RedisResult<()> {
    let keys: Vec<String> = conn.scan_match(pattern)?.collect::<Result<_, _>>()?;
    for chunk in keys.chunks(500) {
        redis::cmd("UNLINK").arg(chunk).exec(conn)?;
    }
    Ok(())
}

/// Once per test process, in a background thread: drops test databases over
/// an hour old (no test runs that long, so no live test loses its database,
/// whichever run or branch made it; at most 400 a run, more than one run of
/// the suite creates, so they never pile up, yet bounded for a shared server), then deletes the Redis keys of test databases that no
/// longer exist. A database is created before its keys,
/// so keys whose database is gone are garbage. The drops run a few at a
/// time because concurrent drops share their checkpoint.
pub fn sweep_stale_test_data(base_url: String, redis_url: String) {
    std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .expect("a runtime for the sweep");
        runtime.block_on(async move {
            let Ok(pool) = PgPool::connect(&with_database(&base_url, "postgres")).await else {
                return;
            };
            // The creation time of a database is that of its PG_VERSION file
            // (reading it needs a superuser, as the tests' role is; without
            // one, nothing is swept).
            let stale: Vec<String> = sqlx::query_scalar(
                "SELECT datname FROM pg_database
                  WHERE datname LIKE 'catalog\\_test\\_%'
                    AND (pg_stat_file('base/' || oid || '/PG_VERSION')).modification
                        < now() - interval '1 hour'
                  LIMIT 400",
            )
            .fetch_all(&pool)
            .await
            .unwrap_or_default();
            futures::stream::iter(stale)
                .for_each_concurrent(8, |database| {
                    let pool = pool.clone();
                    async move {
                        let drop = format!("DROP DATABASE IF EXISTS {database} WITH (FORCE)");
                        let _ = pool.execute(drop.as_str()).await;
                    }
                })
                .await;
            let Ok(client) = redis::Client::open(redis_url.as_str()) else {
                return;
            };
            let Ok(mut conn) = client.get_connection_with_timeout(Duration::from_secs(1)) else {
                return;
            };
            let Ok(keys) = conn.scan_match::<_, String>("test:catalog_test_*") else {
                return;
            };
            let mut databases: Vec<String> = keys
                .filter_map(|key| {
                    Some(
                        key.ok()?
                            .strip_prefix("test:")?
                            .split(':')
                            .next()?
                            .to_owned(),
                    )
                })
                .collect();
            databases.sort();
            databases.dedup();
            for database in databases {
                let exists: Result<bool, _> = sqlx::query_scalar(
                    "SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)",
                )
                .bind(&database)
                .fetch_one(&pool)
                .await;
                if let Ok(false) = exists {
                    let _ = delete_keys(&mut conn, &format!("test:{database}:*"));
                }
            }
        });
    });
}
