//! More attacks on the change log, from a cold review of its design: a
//! category renamed while a product moves into it, PostgreSQL restored
//! behind an index's checkpoint, and a relay leader that freezes.

use catalog::{
    db::{catalog::update_product, categories},
    domain::{category::CategoryPatch, product::ProductPatch},
};
use serde_json::json;
use tempfile::TempDir;

use crate::{
    admin::search_until,
    helpers::{deadline, spawn_app, test_database, wait_until},
    live_index::seed_database,
    service::{Service, two_replicas, wait_until_index_matches},
};

/// T1 moves a product into a category and stays open; a rename of that
/// category runs meanwhile and commits only after the indexer has applied
/// T1. Without a lock between them the rename's outbox rows miss the
/// product and its document keeps the old category name forever.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_category_renamed_while_a_product_moves_into_it_reaches_the_product() {
    let app = spawn_app().await;
    let lamps = app.create_category("Lamps").await;
    let misc = app.create_category("Misc").await;
    let product = app.create_product(misc, "Desk Light", "20").await;
    app.reindex().await;

    let mut moving = app.db.begin().await.unwrap();
    let patch = ProductPatch {
        category_id: Some(lamps),
        ..ProductPatch::default()
    };
    update_product(&mut moving, product, &patch).await.unwrap();

    let (renamed_tx, renamed) = tokio::sync::oneshot::channel::<()>();
    let (go_tx, go) = tokio::sync::oneshot::channel::<()>();
    let db = app.db.clone();
    let renaming = tokio::spawn(async move {
        let mut tx = db.begin().await.unwrap();
        let rename = CategoryPatch {
            name: Some("Lighting".into()),
            parent_id: None,
        };
        categories::update(&mut tx, lamps, &rename).await.unwrap();
        let _ = renamed_tx.send(());
        let _ = go.await;
        tx.commit().await.unwrap();
    });
    // The rename either ran already (no lock between them) or waits on
    // the move's lock; either way, let the move commit now.
    let mut renamed = renamed;
    let waiting = wait_until(deadline(), "the rename to run or wait", || {
        let db = app.db.clone();
        let done = renamed.try_recv().is_ok();
        async move {
            let waiting: bool = sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM pg_stat_activity
                  WHERE datname = current_database() AND wait_event_type = 'Lock')",
            )
            .fetch_one(&db)
            .await
            .unwrap();
            (done || waiting).then_some(waiting)
        }
    })
    .await;
    moving.commit().await.unwrap();
    // The move is applied while the rename is still open.
    search_until(&app, "q=desk", "the move", |p| {
        p["results"][0]["category_id"] == lamps
    })
    .await;
    let _ = go_tx.send(());
    renaming.await.unwrap();
    let page = search_until(&app, "q=desk", "the rename", |p| {
        p["results"][0]["category"] == "Lighting"
    })
    .await;
    assert_eq!(page["count"], 1, "{page}");
    assert!(waiting, "the rename waited for the move to commit");
}

/// PostgreSQL comes back from a backup taken before the last changes (or
/// fails over to a standby that missed them): the sequence head is behind
/// the index's checkpoint, and the index holds changes PostgreSQL lost. It
/// must rebuild, not wait for the numbers to catch up.
#[tokio::test]
async fn an_index_ahead_of_a_restored_postgres_is_rebuilt() {
    let app = spawn_app().await;
    let category = app.create_category("Tools").await;
    let product = app.create_product(category, "Hand Saw", "10").await;
    app.reindex().await;
    for price in ["11.00", "12.00", "13.00"] {
        let patched = app
            .admin(reqwest::Method::PATCH, &format!("/products/{product}/"))
            .json(&json!({ "price": price }))
            .send()
            .await
            .unwrap();
        assert_eq!(patched.status(), 200);
    }
    search_until(&app, "q=saw", "the last edit", |p| {
        p["results"][0]["price"] == 13.0
    })
    .await;

    // What the restore brings back: the state before the last two edits.
    let mut restore = app.db.begin().await.unwrap();
    let head: i64 = sqlx::query_scalar("SELECT last_seq FROM change_sequence")
        .fetch_one(&mut *restore)
        .await
        .unwrap();
    for statement in [
        "DELETE FROM outbox WHERE seq > $1 - 2",
        "UPDATE change_sequence SET last_seq = $1 - 2",
    ] {
        sqlx::query(statement)
            .bind(head)
            .execute(&mut *restore)
            .await
            .unwrap();
    }
    sqlx::query("UPDATE products SET price = 11.00 WHERE id = $1")
        .bind(product)
        .execute(&mut *restore)
        .await
        .unwrap();
    restore.commit().await.unwrap();

    wait_until_index_matches(&app.state.config.index_dir, &app.db, deadline()).await;
    let status = app.state.indexer_status.snapshot();
    assert!(
        status
            .last_rebuild_reason
            .as_deref()
            .is_some_and(|r| r.contains("behind")),
        "{status:?}"
    );
}

/// The relay leader freezes (SIGSTOP) with its session open: another
/// replica must take the lead and number changes within seconds.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_frozen_relay_leader_is_replaced() {
    let (config, db) = test_database().await;
    seed_database(&db, 50).await;
    let dir = TempDir::new().unwrap();
    let (one, two) = two_replicas(&config, dir.path(), &[]).await;
    let leads = |service: &Service| service.log_text().contains("leading the outbox relay");
    let (leader, other, other_index) = wait_until(deadline(), "a relay leader", || async {
        if leads(&one) {
            Some((&one, &two, 2))
        } else if leads(&two) {
            Some((&two, &one, 1))
        } else {
            None
        }
    })
    .await;
    leader.pause();
    let before: i64 = sqlx::query_scalar("SELECT last_seq FROM change_sequence")
        .fetch_one(&db)
        .await
        .unwrap();
    sqlx::query("INSERT INTO outbox (product_id) VALUES (1)")
        .execute(&db)
        .await
        .unwrap();
    wait_until(deadline(), "the other replica to number the change", || {
        let db = db.clone();
        async move {
            let head: i64 = sqlx::query_scalar("SELECT last_seq FROM change_sequence")
                .fetch_one(&db)
                .await
                .unwrap();
            (head > before).then_some(())
        }
    })
    .await;
    assert!(leads(other), "the other replica took the lead");
    let status = wait_until(deadline(), "the other replica to apply it", || async {
        let status = other.index_status().await;
        (status["lag"]["changes_behind"] == 0).then_some(status)
    })
    .await;
    assert!(status["checkpoint"].as_i64().unwrap() > before, "{status}");
    leader.resume();
    wait_until_index_matches(
        &dir.path().join(format!("index-{other_index}")),
        &db,
        deadline(),
    )
    .await;
}
