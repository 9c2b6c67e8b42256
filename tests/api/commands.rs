//! The command line as an operator runs it: `catalog migrate` on a server
//! without the database, and `catalog serve` draining in-flight requests on
//! SIGTERM.

use std::process::Command;

use catalog::{config::Config, db::MIGRATOR};
use reqwest::StatusCode;
use serde_json::Value;
use sqlx::PgPool;

use crate::{
    helpers::{deadline, test_database, wait_until, with_database},
    proxy::Proxy,
    service::Service,
};

async fn catalog(args: &[&str], database_url: &str) -> std::process::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_catalog"));
    command.args(args).env("DATABASE_URL", database_url);
    tokio::task::spawn_blocking(move || command.output().expect("catalog runs"))
        .await
        .unwrap()
}

/// (version, success, installed_on) of every applied migration.
async fn applied(pool: &PgPool) -> Vec<(i64, bool, chrono::DateTime<chrono::Utc>)> {
    sqlx::query_as("SELECT version, success, installed_on FROM _sqlx_migrations ORDER BY version")
        .fetch_all(pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn migrate_creates_the_database_applies_every_migration_and_is_idempotent() {
    // Named like the test databases, so the harness sweeps it later.
    let database = format!("catalog_test_{}", uuid::Uuid::new_v4().simple());
    let url = with_database(&Config::from_env().database_url, &database);

    let first = catalog(&["migrate"], &url).await;
    assert!(first.status.success(), "{first:?}");
    let pool = PgPool::connect(&url).await.expect("the database exists");
    let migrations = applied(&pool).await;
    let expected: Vec<i64> = MIGRATOR.iter().map(|m| m.version).collect();
    assert_eq!(migrations.iter().map(|m| m.0).collect::<Vec<_>>(), expected);
    assert!(migrations.iter().all(|m| m.1), "{migrations:?}");
    let attempts: i64 = sqlx::query_scalar(
        "SELECT count(*) FROM information_schema.columns
          WHERE table_name = 'job_runs' AND column_name = 'attempts'",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(attempts, 1, "the latest migration's column exists");

    let again = catalog(&["migrate"], &url).await;
    assert!(again.status.success(), "{again:?}");
    assert_eq!(applied(&pool).await, migrations, "nothing applied twice");
    pool.close().await;
}

/// SIGTERM while a request waits on the database: the service stops taking
/// connections, the request still completes with its full answer, and the
/// process exits cleanly.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn serve_finishes_an_in_flight_request_after_sigterm() {
    let (config, db) = test_database().await;
    let category: i64 =
        sqlx::query_scalar("INSERT INTO categories (name) VALUES ('Lamps') RETURNING id")
            .fetch_one(&db)
            .await
            .unwrap();
    let store: i64 = sqlx::query_scalar(
        "INSERT INTO stores (name, location) VALUES ('North', 'Main Street 1') RETURNING id",
    )
    .fetch_one(&db)
    .await
    .unwrap();
    sqlx::query(
        "WITH p AS (INSERT INTO products (title, description, price, category_id)
                    VALUES ('Draining Lamp', 'A lamp', 12, $1) RETURNING id)
         INSERT INTO inventory (store_id, product_id, quantity) SELECT $2, id, 7 FROM p",
    )
    .bind(category)
    .bind(store)
    .execute(&db)
    .await
    .unwrap();
    let proxy = Proxy::to_database(&config.database_url).await;
    let dir = tempfile::TempDir::new().unwrap();
    let mut service = Service::start(
        &[
            ("DATABASE_URL", proxy.url(&config.database_url)),
            ("REDIS_URL", config.redis_url.clone()),
            ("REDIS_PREFIX", config.redis_prefix.clone()),
            ("INDEX_DIR", dir.path().join("index").display().to_string()),
        ],
        dir.path().join("service.log"),
    )
    .await;

    proxy.hold_response_containing(b"Draining Lamp");
    let slow = tokio::spawn(reqwest::get(
        service.url(&format!("/stores/{store}/inventory/")),
    ));
    tokio::time::timeout(deadline(), proxy.held())
        .await
        .expect("the listing's rows are held");
    let pid = service.pid().unwrap().to_string();
    assert!(
        Command::new("kill")
            .args(["-TERM", &pid])
            .status()
            .unwrap()
            .success()
    );
    let healthz = service.url("/healthz");
    wait_until(deadline(), "the listener to close", || async {
        reqwest::get(&healthz).await.is_err().then_some(())
    })
    .await;

    proxy.release();
    let response = slow
        .await
        .unwrap()
        .expect("the in-flight request is answered");
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["results"][0]["title"], "Draining Lamp");
    assert_eq!(body["results"][0]["quantity"], 7);
    let status = service.wait_for_exit().await;
    assert!(status.success(), "{status:?}\n{}", service.log_text());
    assert!(service.log_text().contains("draining requests"));
}
