//! PostgreSQL access: the pool, migrations, and queries grouped by aggregate.
//! Functions take an executor (`&PgPool` or `&mut PgConnection`) so callers
//! decide the transaction boundaries.
//!
//! Queries are checked at run time (`sqlx::query`), not at build time
//! (`sqlx::query!` with committed `.sqlx/` data), on purpose: the build must
//! not need a database, and offline data would be one more generated file
//! per statement that every branch editing SQL regenerates against a live,
//! migrated database and then merges (several engineers change this layer at
//! once). What the macros would catch, a renamed column or a wrong type, is
//! caught instead by tests against real PostgreSQL: every statement here runs
//! in the API tests, and `tests/api/statements.rs` prepares each literal
//! statement of this folder against a migrated database, so a typo fails one
//! fast test that names the file and the statement.

pub mod catalog;
pub mod categories;
pub mod idempotency;
pub mod index_rows;
pub mod orders;
pub mod outbox;
pub mod product_stock;
pub mod sales;
pub mod settings;
pub mod stores;
pub mod summaries;

use std::time::Duration;

use sqlx::{
    PgPool, Postgres, Transaction,
    migrate::{MigrateDatabase, Migrator},
    postgres::{PgConnectOptions, PgPoolOptions},
};

use crate::config::Config;

pub static MIGRATOR: Migrator = sqlx::migrate!("./migrations");

/// A pool that connects lazily, so the service starts (and answers 503)
/// while PostgreSQL is down, and recovers on its own when it returns.
pub fn pool(config: &Config) -> anyhow::Result<PgPool> {
    let options: PgConnectOptions = config.database_url.parse()?;
    Ok(PgPoolOptions::new()
        .max_connections(config.database_max_connections)
        .acquire_timeout(Duration::from_secs(3))
        .connect_lazy_with(options))
}

/// Begins a transaction that a caller dropped mid-way cannot leak.
///
/// sqlx 0.8 counts a transaction only once `BEGIN` has answered: a future
/// dropped while waiting for that answer (a client that hangs up, a request
/// deadline) queues no `ROLLBACK`, and the connection goes back to the pool
/// inside a transaction (launchbadge/sqlx#2054, transact-rs/sqlx#4393). The
/// next borrower's statements then run in it and keep their locks: seen as
/// a notification worker waiting forever on a job row claimed on such a
/// connection after a load test's clients went away. Begun on a task of its
/// own, `BEGIN` always completes; when the caller is gone, the task drops
/// the transaction, which rolls it back before the connection is reused.
pub async fn begin(pool: &PgPool) -> sqlx::Result<Transaction<'static, Postgres>> {
    let pool = pool.clone();
    tokio::spawn(async move { pool.begin().await })
        .await
        .map_err(|err| sqlx::Error::Protocol(format!("beginning a transaction: {err}")))?
}

/// Creates the database if it does not exist, then applies pending migrations.
pub async fn migrate(config: &Config) -> anyhow::Result<()> {
    if !sqlx::Postgres::database_exists(&config.database_url).await? {
        sqlx::Postgres::create_database(&config.database_url).await?;
        tracing::info!("created database");
    }
    let pool = pool(config)?;
    MIGRATOR.run(&pool).await?;
    pool.close().await;
    Ok(())
}

/// Whether an error means "the database cannot be reached right now" (503)
/// rather than a bug (500).
pub fn is_unavailable(err: &sqlx::Error) -> bool {
    match err {
        sqlx::Error::PoolTimedOut
        | sqlx::Error::PoolClosed
        | sqlx::Error::Io(_)
        | sqlx::Error::Tls(_)
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(db) => db.code().is_some_and(|code| {
            // 08: connection exception; 57P0x: server shutting down or
            // restarting; 53300: too many connections.
            code.starts_with("08") || code.starts_with("57P") || code == "53300"
        }),
        _ => false,
    }
}
