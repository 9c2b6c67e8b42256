//! The live index under stress: late commits, Redis outages, SIGKILL in the
//! middle of a burst, several replicas; and the jobs that run beside it.

use std::sync::{
    Arc,
    atomic::{AtomicUsize, Ordering},
};

use catalog::{
    db::catalog::{set_stock, update_product},
    domain::product::ProductPatch,
    seed::{self, SeedOptions},
};
use reqwest::StatusCode;
use rust_decimal::Decimal;
use serde_json::{Value, json};
use sqlx::PgPool;

use crate::{
    admin::search_until,
    helpers::{TestApp, deadline, spawn_app, spawn_app_with, test_database, wait_until},
    service::{Service, two_replicas, wait_until_index_matches},
};

async fn seeded(app: &TestApp, products: u64) {
    seed_database(&app.db, products).await;
}

pub async fn seed_database(pool: &PgPool, products: u64) {
    seed::run(
        pool,
        &SeedOptions {
            stores: 4,
            products,
            seed_value: Some(21),
            ..SeedOptions::default()
        },
    )
    .await
    .unwrap();
}

/// `changes` edits through the same functions as the admin API, ten per
/// transaction: prices and stock levels of products 1..=products, spread
/// over stores 1..=4. `done` counts the committed ones.
async fn burst(pool: PgPool, products: i64, changes: usize, done: Arc<AtomicUsize>) {
    for batch in 0..changes / 10 {
        let mut tx = pool.begin().await.unwrap();
        for k in 0..10 {
            let n = batch * 10 + k;
            let product = (n as i64 * 7919) % products + 1;
            if n % 2 == 0 {
                let patch = ProductPatch {
                    price: Some(Decimal::new(1_000 + n as i64, 2)),
                    ..ProductPatch::default()
                };
                update_product(&mut tx, product, &patch).await.unwrap();
            } else {
                // The service under test runs in other processes: no cache here.
                let _stale = set_stock(&mut tx, (n % 4) as i64 + 1, product, (n % 3) as i32)
                    .await
                    .unwrap();
            }
        }
        tx.commit().await.unwrap();
        done.fetch_add(10, Ordering::SeqCst);
    }
}

async fn price_of(app: &TestApp, title_word: &str) -> Value {
    app.search(&format!("q={title_word}")).await["results"][0]["price"].clone()
}

/// A transaction that started before others and commits after them gets
/// an outbox id lower than theirs: a cursor on ids would skip it.
#[tokio::test]
async fn a_transaction_that_commits_late_is_not_skipped() {
    let app = spawn_app().await;
    let category = app.create_category("Tools").await;
    let early = app.create_product(category, "Hammer", "10").await;
    let b = app.create_product(category, "Chisel", "10").await;
    let c = app.create_product(category, "Wrench", "10").await;
    app.reindex().await;
    let patch = |cents: i64| ProductPatch {
        price: Some(Decimal::new(cents, 2)),
        ..ProductPatch::default()
    };

    let mut late = app.db.begin().await.unwrap();
    update_product(&mut late, early, &patch(1_111))
        .await
        .unwrap();
    for (product, cents) in [(b, 2_222), (c, 3_333)] {
        let mut tx = app.db.begin().await.unwrap();
        update_product(&mut tx, product, &patch(cents))
            .await
            .unwrap();
        tx.commit().await.unwrap();
    }
    // Past several relay rounds with the late transaction still open: the
    // early changes are numbered and searchable, the late one cannot be.
    search_until(&app, "q=wrench", "the early commits", |p| {
        p["results"][0]["price"] == 33.33
    })
    .await;
    assert_eq!(price_of(&app, "hammer").await, 10.0);
    late.commit().await.unwrap();

    search_until(&app, "q=hammer", "the late commit", |p| {
        p["results"][0]["price"] == 11.11
    })
    .await;
    assert_eq!(price_of(&app, "chisel").await, 22.22);
    let unnumbered: i64 = sqlx::query_scalar("SELECT count(*) FROM outbox WHERE seq IS NULL")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(unnumbered, 0);
    let numbers: Vec<(i64, i64)> =
        sqlx::query_as("SELECT product_id, max(seq) FROM outbox GROUP BY product_id")
            .fetch_all(&app.db)
            .await
            .unwrap();
    let seq_of = |product: i64| numbers.iter().find(|(p, _)| *p == product).unwrap().1;
    assert!(
        seq_of(early) > seq_of(c),
        "numbered in commit order, not in insert order: {numbers:?}"
    );
}

/// Six hundred products changed in one transaction come to the indexer as
/// one batch, which it reads from PostgreSQL in several parts at once:
/// every part must reach the index, each product once.
#[tokio::test]
async fn a_batch_read_in_parts_reaches_search_whole() {
    let app = spawn_app().await;
    seeded(&app, 600).await;
    app.reindex().await;
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM products ORDER BY id")
        .fetch_all(&app.db)
        .await
        .unwrap();
    assert_eq!(ids.len(), 600);

    let mut tx = app.db.begin().await.unwrap();
    for (n, &product) in ids.iter().enumerate() {
        let patch = ProductPatch {
            price: Some(Decimal::new(100_000 + n as i64, 2)),
            ..ProductPatch::default()
        };
        update_product(&mut tx, product, &patch).await.unwrap();
    }
    tx.commit().await.unwrap();
    wait_until_index_matches(&app.state.config.index_dir, &app.db, deadline()).await;
}

#[tokio::test]
async fn confirmed_orders_get_one_notification_and_rejected_ones_none() {
    let app = spawn_app().await;
    let category = app.create_category("Toys").await;
    let store = app.create_store("North").await;
    let product = app.create_product(category, "Kite", "12").await;
    app.set_stock(store, product, 5).await;
    let mut confirmed = Vec::new();
    for quantity in [2, 9, 3, 1] {
        let order: Value = app
            .post_json("/orders/", &json!({"store_id": store, "items": [{"product_id": product, "quantity_requested": quantity}]}))
            .await
            .json()
            .await
            .unwrap();
        if order["status"] == "CONFIRMED" {
            confirmed.push(order["id"].as_i64().unwrap());
        }
    }
    assert_eq!(confirmed.len(), 2, "2 and 3 fit in 5; 9 and then 1 do not");
    let delivered: Vec<i64> = wait_until(deadline(), "the notifications", || async {
        let delivered: Vec<i64> =
            sqlx::query_scalar("SELECT order_id FROM notification_deliveries ORDER BY order_id")
                .fetch_all(&app.db)
                .await
                .unwrap();
        (delivered.len() >= confirmed.len()).then_some(delivered)
    })
    .await;
    assert_eq!(delivered, confirmed);
    let pending: i64 =
        sqlx::query_scalar("SELECT count(*) FROM notification_jobs WHERE delivered_at IS NULL")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(pending, 0);
}

#[tokio::test]
async fn the_inventory_summary_job_stores_what_sql_counts() {
    let app =
        spawn_app_with(|config| config.inventory_summary_schedule = "* * * * * *".into()).await;
    seeded(&app, 200).await;
    let summary: Value = wait_until(deadline(), "the summary job", || async {
        let response = app.get("/stores/2/inventory/summary/").await;
        (response.status() == StatusCode::OK).then_some(())?;
        response.json().await.ok()
    })
    .await;
    let (units, in_stock, out, low, value): (i64, i64, i64, i64, Decimal) = sqlx::query_as(
        "SELECT sum(i.quantity), count(*) FILTER (WHERE i.quantity > 0), count(*) FILTER (WHERE i.quantity = 0),
                count(*) FILTER (WHERE i.quantity BETWEEN 1 AND 5), sum(i.quantity * p.price)
           FROM inventory i JOIN products p ON p.id = i.product_id WHERE i.store_id = 2",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(summary["units"], units);
    assert_eq!(summary["distinct_products"], in_stock);
    assert_eq!(summary["out_of_stock"], out);
    assert_eq!(summary["low_stock"], low);
    assert_eq!(
        summary["stock_value"].as_f64().unwrap(),
        value.to_string().parse::<f64>().unwrap()
    );
    assert_eq!(
        app.get("/stores/999/inventory/summary/").await.status(),
        StatusCode::NOT_FOUND
    );
}

/// Redis dies in the middle of a burst and comes back empty: the indexer
/// reads what the stream never carried from PostgreSQL.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_is_lost_when_redis_goes_away_during_a_burst() {
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let start_redis = || {
        std::process::Command::new("redis-server")
            .args([
                "--port",
                &port.to_string(),
                "--save",
                "",
                "--appendonly",
                "no",
            ])
            .stdout(std::process::Stdio::null())
            .spawn()
            .expect("redis-server starts")
    };
    let mut redis = start_redis();
    let app = spawn_app_with(|config| config.redis_url = format!("redis://127.0.0.1:{port}")).await;
    seeded(&app, 300).await;
    app.reindex().await;

    let done = Arc::new(AtomicUsize::new(0));
    let writer = tokio::spawn(burst(app.db.clone(), 300, 3_000, done.clone()));
    wait_until(deadline(), "a third of the burst", || async {
        (done.load(Ordering::SeqCst) >= 1_000).then_some(())
    })
    .await;
    redis.kill().unwrap();
    redis.wait().unwrap();
    wait_until(deadline(), "two thirds of the burst", || async {
        (done.load(Ordering::SeqCst) >= 2_000).then_some(())
    })
    .await;
    let mut redis = start_redis();
    writer.await.unwrap();
    wait_until_index_matches(&app.state.config.index_dir, &app.db, deadline()).await;
    let status = app.state.indexer_status.snapshot();
    assert!(
        status.changes_read_from_postgres > 0,
        "what the stream lost came from PostgreSQL: {status:?}"
    );
    redis.kill().unwrap();
    redis.wait().unwrap();
}

/// The service is SIGKILLed while 10,000 changes stream in; after a
/// restart its index equals PostgreSQL, document by document.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_sigkilled_service_catches_up_with_every_change() {
    let (config, db) = test_database().await;
    seed_database(&db, 1_000).await;
    let dir = tempfile::TempDir::new().unwrap();
    let env = [
        ("DATABASE_URL", config.database_url.clone()),
        ("REDIS_URL", config.redis_url.clone()),
        ("REDIS_PREFIX", config.redis_prefix.clone()),
        ("INDEX_DIR", dir.path().join("index").display().to_string()),
    ];
    let mut service = Service::start(&env, dir.path().join("service.log")).await;

    let done = Arc::new(AtomicUsize::new(0));
    let writer = tokio::spawn(burst(db.clone(), 1_000, 10_000, done.clone()));
    wait_until(deadline(), "the burst to be under way", || async {
        (done.load(Ordering::SeqCst) >= 3_000).then_some(())
    })
    .await;
    service.kill();
    writer.await.unwrap();
    service.restart().await;
    wait_until_index_matches(&dir.path().join("index"), &db, deadline()).await;
}

/// Two replicas on one database and one Redis: both indexes follow every
/// change, each confirmed order is notified once.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_replicas_converge_and_share_jobs_without_doubling_them() {
    let (config, db) = test_database().await;
    seed_database(&db, 300).await;
    let dir = tempfile::TempDir::new().unwrap();
    let (one, two) = two_replicas(&config, dir.path(), &[]).await;

    let done = Arc::new(AtomicUsize::new(0));
    burst(db.clone(), 300, 1_000, done).await;
    let client = reqwest::Client::new();
    let mut confirmed = Vec::new();
    for i in 0..20i64 {
        let order: Value = client
            .post(one.url("/orders/"))
            .json(&json!({"store_id": i % 4 + 1, "items": [{"product_id": i * 13 % 300 + 1, "quantity_requested": 1}]}))
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        if order["status"] == "CONFIRMED" {
            confirmed.push(order["id"].as_i64().unwrap());
        }
    }
    for n in [1, 2] {
        wait_until_index_matches(&dir.path().join(format!("index-{n}")), &db, deadline()).await;
    }

    wait_until(deadline(), "every notification", || async {
        let delivered: i64 = sqlx::query_scalar("SELECT count(*) FROM notification_deliveries")
            .fetch_one(&db)
            .await
            .unwrap();
        (delivered as usize == confirmed.len()).then_some(())
    })
    .await;
    let logs = format!("{}{}", one.log_text(), two.log_text());
    for order in &confirmed {
        let sent = logs
            .lines()
            .filter(|l| {
                l.contains("\"order confirmed\"") && l.contains(&format!("\"order_id\":{order},"))
            })
            .count();
        assert_eq!(sent, 1, "order {order} was notified {sent} times");
    }
}
