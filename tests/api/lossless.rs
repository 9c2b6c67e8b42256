//! Attacks on "a committed change is never lost on its way to search": a
//! stream trimmed under a lagging replica, Redis restarted empty or from an
//! older snapshot, the outbox purged under a lagging replica, an idle
//! transaction elsewhere on the server, generation swaps racing the
//! indexer, and the scheduled reindex with two replicas. Each test failed
//! against the Redis-only design it was written for.

use std::{path::Path, sync::Arc, time::Duration};

use catalog::{db::catalog::update_product, domain::product::ProductPatch};
use reqwest::Method;
use rust_decimal::Decimal;
use serde_json::json;
use sqlx::{Connection, PgPool};
use tempfile::TempDir;

use crate::{
    admin::search_until,
    helpers::{deadline, spawn_app_with, test_database, wait_until, with_database},
    live_index::seed_database,
    redis_server::RedisServer,
    service::{two_replicas, wait_until_index_matches},
};

/// Changes the price of products `ids` in one transaction.
async fn reprice(db: &PgPool, ids: impl IntoIterator<Item = i64>, cents: i64) {
    let mut tx = db.begin().await.unwrap();
    for id in ids {
        let patch = ProductPatch {
            price: Some(Decimal::new(cents + id, 2)),
            ..ProductPatch::default()
        };
        update_product(&mut tx, id, &patch).await.unwrap();
    }
    tx.commit().await.unwrap();
}

async fn stream_length(redis_url: &str, prefix: &str) -> usize {
    let mut conn = redis::Client::open(redis_url)
        .unwrap()
        .get_multiplexed_async_connection()
        .await
        .unwrap();
    redis::cmd("XLEN")
        .arg(format!("{prefix}:product-changes"))
        .query_async(&mut conn)
        .await
        .unwrap()
}

fn index(dir: &Path, n: usize) -> std::path::PathBuf {
    dir.join(format!("index-{n}"))
}

/// One transaction changes 497 products while replica two is frozen and
/// the stream keeps about 50 entries: two must still get all 497.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_stream_trimmed_under_a_lagging_replica_loses_nothing() {
    let (config, db) = test_database().await;
    seed_database(&db, 500).await;
    let dir = TempDir::new().unwrap();
    let trimmed = [("STREAM_MAXLEN", "50")];
    let (one, two) = two_replicas(&config, dir.path(), &trimmed).await;

    two.pause();
    reprice(&db, 1..=497, 50_000).await;
    wait_until_index_matches(&index(dir.path(), 1), &db, deadline()).await;
    let kept = stream_length(&config.redis_url, &config.redis_prefix).await;
    assert!(kept < 497, "the stream was trimmed: {kept} entries kept");
    two.resume();
    wait_until_index_matches(&index(dir.path(), 2), &db, deadline()).await;
    let status = wait_until(deadline(), "two's status", || async {
        let status = two.index_status().await;
        (status["lag"]["changes_behind"] == 0).then_some(status)
    })
    .await;
    assert!(
        status["changes_read_from_postgres"].as_u64().unwrap() >= 497 - kept as u64,
        "two read what the stream lost from PostgreSQL: {status}"
    );
    drop(one);
}

/// Redis restarts empty and `/readyz` is the first to reconnect: edits must
/// keep reaching search (the relay never sees an error in that order).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_restarted_empty_with_readyz_first_keeps_search_fresh() {
    let redis_dir = TempDir::new().unwrap();
    let mut redis = RedisServer::start(redis_dir.path()).await;
    let app = spawn_app_with(|config| config.redis_url = redis.url()).await;
    let category = app.create_category("Tools").await;
    let product = app.create_product(category, "Claw Hammer", "10").await;
    app.reindex().await;
    search_until(&app, "q=hammer", "the first edit", |p| p["count"] == 1).await;

    redis.restart_empty().await;
    // Whatever it answers, it reconnects the shared connection first.
    app.get("/readyz").await;
    let patched = app
        .admin(Method::PATCH, &format!("/products/{product}/"))
        .json(&json!({"title": "Claw Mallet"}))
        .send()
        .await
        .unwrap();
    assert_eq!(patched.status(), 200);
    search_until(&app, "q=mallet", "the edit after the restart", |p| {
        p["count"] == 1
    })
    .await;
    // And the stream itself works again: a later edit comes through it.
    let created = app
        .admin(Method::POST, "/products/")
        .json(&json!({"title": "Tack Hammer", "price": "4.00", "category_id": category}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), 201);
    search_until(&app, "q=tack", "an edit through the new stream", |p| {
        p["count"] == 1
    })
    .await;
}

/// Redis comes back from a snapshot taken before changes that replica two
/// (frozen) never read: same keys, older stream. Two must get them all.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_restored_from_an_older_snapshot_loses_nothing() {
    let (mut config, db) = test_database().await;
    seed_database(&db, 300).await;
    let redis_dir = TempDir::new().unwrap();
    let mut redis = RedisServer::start(redis_dir.path()).await;
    config.redis_url = redis.url();
    let dir = TempDir::new().unwrap();
    let (one, two) = two_replicas(&config, dir.path(), &[]).await;

    reprice(&db, 1..=100, 10_000).await;
    for n in [1, 2] {
        wait_until_index_matches(&index(dir.path(), n), &db, deadline()).await;
    }
    redis.save().await;
    two.pause();
    reprice(&db, 101..=250, 20_000).await;
    wait_until_index_matches(&index(dir.path(), 1), &db, deadline()).await;
    redis.restart().await;
    two.resume();
    wait_until_index_matches(&index(dir.path(), 2), &db, deadline()).await;
    reprice(&db, 251..=260, 30_000).await;
    for n in [1, 2] {
        wait_until_index_matches(&index(dir.path(), n), &db, deadline()).await;
    }
    drop(one);
}

/// The changes a frozen replica needs are purged from the outbox: it
/// cannot replay them, so it rebuilds, and says why.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_replica_that_needs_purged_changes_rebuilds() {
    let (config, db) = test_database().await;
    seed_database(&db, 200).await;
    let dir = TempDir::new().unwrap();
    let (one, two) = two_replicas(&config, dir.path(), &[]).await;

    two.pause();
    reprice(&db, 1..=150, 40_000).await;
    wait_until_index_matches(&index(dir.path(), 1), &db, deadline()).await;
    let purged = catalog::db::outbox::purge(&db, 0).await.unwrap();
    assert!(purged >= 150, "{purged} rows purged");
    two.resume();
    wait_until_index_matches(&index(dir.path(), 2), &db, deadline()).await;
    let status = two.index_status().await;
    assert!(
        status["last_rebuild_reason"]
            .as_str()
            .is_some_and(|r| r.contains("purged")),
        "{status}"
    );
    drop(one);
}

/// A transaction left open in another database used to hold back every
/// change behind the server-wide snapshot horizon.
#[tokio::test]
async fn an_idle_transaction_elsewhere_does_not_delay_search() {
    let app = spawn_app_with(|_| {}).await;
    let category = app.create_category("Tools").await;
    let product = app.create_product(category, "Bench Vise", "80").await;
    app.reindex().await;
    search_until(&app, "q=vise", "the product", |p| p["count"] == 1).await;

    let elsewhere = with_database(&app.state.config.database_url, "postgres");
    let mut idle = sqlx::PgConnection::connect(&elsewhere).await.unwrap();
    let mut open = idle.begin().await.unwrap();
    let _xid: i64 = sqlx::query_scalar("SELECT txid_current()")
        .fetch_one(&mut *open)
        .await
        .unwrap();

    let patched = app
        .admin(Method::PATCH, &format!("/products/{product}/"))
        .json(&json!({"price": "95.00"}))
        .send()
        .await
        .unwrap();
    assert_eq!(patched.status(), 200);
    wait_until(
        Duration::from_secs(3),
        "the edit, with a transaction open elsewhere",
        || async {
            let page = app.search("q=vise").await;
            (page["results"][0]["price"] == 95.0).then_some(())
        },
    )
    .await;
    open.rollback().await.unwrap();
}

/// Generations swapped in while another thread follows `CURRENT`: every
/// edit after a swap must show in search (the indexer must not write to a
/// generation that searches no longer read).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn edits_after_racing_swaps_reach_search() {
    let app = spawn_app_with(|_| {}).await;
    let category = app.create_category("Tools").await;
    let product = app.create_product(category, "Spirit Level", "20").await;
    let stop = Arc::new(std::sync::atomic::AtomicBool::new(false));
    let follower = {
        let (search, stop) = (app.state.search.clone(), stop.clone());
        tokio::task::spawn_blocking(move || {
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let _ = search.reload_if_changed();
            }
        })
    };
    for round in 0..8 {
        app.reindex().await;
        let price = format!("{}.00", 30 + round);
        let patched = app
            .admin(Method::PATCH, &format!("/products/{product}/"))
            .json(&json!({"price": price}))
            .send()
            .await
            .unwrap();
        assert_eq!(patched.status(), 200);
        let expected = (30 + round) as f64;
        search_until(&app, "q=level", "the edit after a swap", |p| {
            p["results"][0]["price"] == expected
        })
        .await;
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    follower.await.unwrap();
}

/// The nightly reindex runs once, but every replica has its own index:
/// each must be repaired, and each says what it repaired.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_scheduled_reindex_repairs_every_replica() {
    let (config, db) = test_database().await;
    seed_database(&db, 200).await;
    let dir = TempDir::new().unwrap();
    let (one, two) = two_replicas(&config, dir.path(), &[]).await;
    // Written behind the outbox: only a rebuild can repair it.
    sqlx::query("UPDATE products SET price = 777.77 WHERE id IN (1, 2, 3)")
        .execute(&db)
        .await
        .unwrap();
    // The scheduled job's body, as the replica that wins the claim runs it.
    catalog::db::outbox::request_reindex(&db).await.unwrap();
    for (n, replica) in [(1, &one), (2, &two)] {
        wait_until_index_matches(&index(dir.path(), n), &db, deadline()).await;
        let status: serde_json::Value = wait_until(deadline(), "the repair report", || async {
            let status = replica.index_status().await;
            status["last_repair_report"].is_string().then_some(status)
        })
        .await;
        assert_eq!(
            status["last_repair_report"], "200 documents; repaired 0 missing, 3 stale, 0 extra",
            "replica {n}"
        );
    }
}

/// The cron job asks for the reindex through the change log (so that the
/// claim-once rule does not keep other replicas from rebuilding).
#[tokio::test]
async fn the_reindex_job_asks_every_replica_through_the_change_log() {
    let app = spawn_app_with(|config| config.reindex_schedule = "*/1 * * * * *".into()).await;
    let category = app.create_category("Tools").await;
    app.create_product(category, "Plane", "30").await;
    sqlx::query("UPDATE products SET title = 'Block Plane'")
        .execute(&app.db)
        .await
        .unwrap();
    search_until(&app, "q=block", "the repaired document", |p| {
        p["count"] == 1
    })
    .await;
    let requests: i64 = sqlx::query_scalar("SELECT count(*) FROM outbox WHERE kind = 'reindex'")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert!(requests >= 1);
    let status = app.state.indexer_status.snapshot();
    assert!(status.last_repair_report.is_some(), "{status:?}");
}
