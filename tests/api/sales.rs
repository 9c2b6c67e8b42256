//! The sales signal `units_sold_30d`: units in CONFIRMED orders over the
//! last 30 days, counted by a scheduled job and completed on reading with
//! the orders after the job's cutoff, so the indexer's re-read of an
//! ordered product includes the order at once.

use std::time::Duration;

use catalog::db;
use serde_json::{Value, json};
use sqlx::PgPool;

use crate::helpers::{TestApp, deadline, spawn_app, spawn_app_with, wait_until};

struct Shop {
    store: i64,
    /// Stocked with 1,000 units each.
    products: Vec<i64>,
}

async fn shop(app: &TestApp, products: usize) -> Shop {
    let category = app.create_category("Phones").await;
    let store = app.create_store("Downtown").await;
    let mut ids = Vec::new();
    for i in 0..products {
        let product = app
            .create_product(category, &format!("Phone {i}"), "199.99")
            .await;
        app.set_stock(store, product, 1_000).await;
        ids.push(product);
    }
    Shop {
        store,
        products: ids,
    }
}

/// Places an order through the API; answers its id and status.
async fn order(app: &TestApp, store: i64, lines: &[(i64, i64)]) -> (i64, String) {
    let items: Vec<Value> = lines
        .iter()
        .map(|(product, quantity)| json!({"product_id": product, "quantity_requested": quantity}))
        .collect();
    let placed: Value = app
        .post_json("/orders/", &json!({"store_id": store, "items": items}))
        .await
        .json()
        .await
        .unwrap();
    (
        placed["id"].as_i64().unwrap(),
        placed["status"].as_str().unwrap().to_owned(),
    )
}

/// Moves an order (and its lines) `days` into the past.
async fn age(pool: &PgPool, order: i64, days: f64) {
    for (table, key) in [("orders", "id"), ("order_items", "order_id")] {
        sqlx::query(&format!(
            "UPDATE {table} SET created_at = created_at - make_interval(secs => $2) WHERE {key} = $1"
        ))
        .bind(order)
        .bind(days * 86_400.0)
        .execute(pool)
        .await
        .unwrap();
    }
}

/// The figure as the indexer reads it (`index_rows`), checked equal to
/// `db::sales::units_sold_30d` (the product answers' read): the two SQL
/// texts must agree.
async fn units(pool: &PgPool, product: i64) -> i64 {
    let rows = db::index_rows::products_by_id(pool, &[product])
        .await
        .unwrap();
    let indexed = rows[0].units_sold_30d;
    let answered = db::sales::units_sold_30d(pool, &[product]).await.unwrap();
    assert_eq!(answered, [(product, indexed)], "both reads agree");
    indexed
}

async fn stored(pool: &PgPool, product: i64) -> Option<i64> {
    sqlx::query_scalar("SELECT units_30d FROM product_sales WHERE product_id = $1")
        .bind(product)
        .fetch_optional(pool)
        .await
        .unwrap()
}

async fn product_changes(pool: &PgPool, product: i64) -> i64 {
    sqlx::query_scalar("SELECT count(*) FROM outbox WHERE product_id = $1")
        .bind(product)
        .fetch_one(pool)
        .await
        .unwrap()
}

#[tokio::test]
async fn a_confirmed_order_counts_as_soon_as_it_commits_and_a_rejected_one_never() {
    let app = spawn_app().await;
    let shop = shop(&app, 2).await;
    let (a, b) = (shop.products[0], shop.products[1]);
    assert_eq!(units(&app.db, a).await, 0);

    let (_, status) = order(&app, shop.store, &[(a, 3)]).await;
    assert_eq!(status, "CONFIRMED");
    assert_eq!(
        units(&app.db, a).await,
        3,
        "read right after the commit, as the indexer does on the order's change"
    );
    let (_, status) = order(&app, shop.store, &[(a, 2), (b, 5_000)]).await;
    assert_eq!(status, "REJECTED");
    assert_eq!(
        units(&app.db, a).await,
        3,
        "a rejected order counts nothing"
    );
    assert_eq!(units(&app.db, b).await, 0);
    let (_, status) = order(&app, shop.store, &[(a, 1), (b, 4)]).await;
    assert_eq!(status, "CONFIRMED");
    assert_eq!((units(&app.db, a).await, units(&app.db, b).await), (4, 4));
}

#[tokio::test]
async fn orders_older_than_30_days_count_nothing_with_or_without_a_count() {
    let app = spawn_app().await;
    let shop = shop(&app, 1).await;
    let a = shop.products[0];
    let (old, _) = order(&app, shop.store, &[(a, 7)]).await;
    age(&app.db, old, 30.5).await;
    let (recent, _) = order(&app, shop.store, &[(a, 2)]).await;
    age(&app.db, recent, 29.5).await;
    assert_eq!(units(&app.db, a).await, 2, "before any count");

    db::sales::count(&app.db, Duration::ZERO).await.unwrap();
    assert_eq!(stored(&app.db, a).await, Some(2));
    assert_eq!(units(&app.db, a).await, 2, "after a count");
}

/// The job stores the 30 days up to its cutoff; readers add what came
/// after. When orders leave the window, the next count changes the figure
/// and records a change for the product, so its search document follows;
/// a product whose figure stays gets no change.
#[tokio::test]
async fn the_count_moves_the_window_and_records_a_change_only_where_the_figure_moved() {
    let app = spawn_app().await;
    let shop = shop(&app, 2).await;
    let (a, b) = (shop.products[0], shop.products[1]);
    let (ten_days, _) = order(&app, shop.store, &[(a, 2), (b, 1)]).await;
    age(&app.db, ten_days, 10.0).await;
    let (five_days, status) = order(&app, shop.store, &[(a, 100)]).await;
    assert_eq!(status, "CONFIRMED");
    age(&app.db, five_days, 5.0).await;
    let (rejected, status) = order(&app, shop.store, &[(a, 5_000)]).await;
    assert_eq!(status, "REJECTED");
    age(&app.db, rejected, 1.0).await;
    order(&app, shop.store, &[(a, 4)]).await;

    let counted = db::sales::count(&app.db, Duration::ZERO).await.unwrap();
    assert_eq!(counted.products, 2);
    assert_eq!(counted.changed, 0, "the figures were already exact");
    assert_eq!(stored(&app.db, a).await, Some(106), "the job's own count");
    assert_eq!(units(&app.db, a).await, 106);
    order(&app, shop.store, &[(a, 1)]).await;
    assert_eq!(
        units(&app.db, a).await,
        107,
        "an order after the cutoff is added"
    );
    assert_eq!(stored(&app.db, a).await, Some(106));

    // Twenty-one days later: the order of ten days ago leaves the window.
    for id in [ten_days, five_days, rejected] {
        age(&app.db, id, 21.0).await;
    }
    let (changes_a, changes_b) = (
        product_changes(&app.db, a).await,
        product_changes(&app.db, b).await,
    );
    let counted = db::sales::count(&app.db, Duration::ZERO).await.unwrap();
    assert_eq!(counted.changed, 2);
    assert_eq!(stored(&app.db, a).await, Some(105));
    assert_eq!(units(&app.db, a).await, 105);
    assert_eq!(stored(&app.db, b).await, None, "nothing sold: no row");
    assert_eq!(units(&app.db, b).await, 0);
    assert_eq!(product_changes(&app.db, a).await, changes_a + 1);
    assert_eq!(product_changes(&app.db, b).await, changes_b + 1);

    let counted = db::sales::count(&app.db, Duration::ZERO).await.unwrap();
    assert_eq!(counted.changed, 0);
    assert_eq!(
        product_changes(&app.db, a).await,
        changes_a + 1,
        "unchanged: no change"
    );
}

/// An order still open when the count takes its snapshot commits later
/// with an earlier time; the settle margin puts the cutoff before it, so a
/// reader counts it.
#[tokio::test]
async fn an_order_committing_after_the_count_is_still_counted() {
    let app = spawn_app().await;
    let shop = shop(&app, 1).await;
    let a = shop.products[0];
    let mut open = app.db.begin().await.unwrap();
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO orders (store_id, status) VALUES ($1, 'CONFIRMED') RETURNING id",
    )
    .bind(shop.store)
    .fetch_one(&mut *open)
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO order_items (order_id, product_id, quantity_requested) VALUES ($1, $2, 3)",
    )
    .bind(id)
    .bind(a)
    .execute(&mut *open)
    .await
    .unwrap();
    db::sales::count(&app.db, Duration::from_secs(60))
        .await
        .unwrap();
    open.commit().await.unwrap();
    assert_eq!(units(&app.db, a).await, 3);
}

/// The read per product visits only the lines after the cutoff (or of the
/// last 30 days before any count), however many older ones the product
/// has: the plan's row counts on `order_items` say so.
#[tokio::test]
async fn the_read_does_not_visit_a_products_older_order_lines() {
    let app = spawn_app().await;
    let shop = shop(&app, 1).await;
    let a = shop.products[0];
    // 2,000 orders, 40 days old, and 2,000 of 20 days.
    for days in [40, 20] {
        sqlx::query(
            "WITH o AS (
                 INSERT INTO orders (store_id, status, created_at)
                 SELECT $1, 'CONFIRMED', now() - make_interval(days => $3)
                   FROM generate_series(1, 2000)
                 RETURNING id, created_at
             )
             INSERT INTO order_items (order_id, product_id, quantity_requested, created_at)
             SELECT id, $2, 1, created_at FROM o",
        )
        .bind(shop.store)
        .bind(a)
        .bind(days)
        .execute(&app.db)
        .await
        .unwrap();
    }
    order(&app, shop.store, &[(a, 1)]).await;
    sqlx::query("ANALYZE order_items")
        .execute(&app.db)
        .await
        .unwrap();
    assert_eq!(units(&app.db, a).await, 2_001, "before any count");
    let visited = order_lines_visited(&app.db, a).await;
    assert!(
        visited <= 2_006.0,
        "visits the last 30 days only: {visited}"
    );

    db::sales::count(&app.db, Duration::ZERO).await.unwrap();
    order(&app, shop.store, &[(a, 2)]).await;
    assert_eq!(units(&app.db, a).await, 2_003);
    let visited = order_lines_visited(&app.db, a).await;
    assert!(
        visited <= 5.0,
        "visits the lines after the count only: {visited}"
    );
}

/// Rows of `order_items` the read of `db::sales::units_sold_30d` visited:
/// rows returned plus rows removed by a filter, over all loops. Sequential
/// scans are off: a table of a few thousand lines is cheaper to scan whole
/// than through an index, so the planner would scan it here whatever the
/// indexes; what is tested is that an index bounds the read, as the planner
/// uses it at production sizes.
async fn order_lines_visited(pool: &PgPool, product: i64) -> f64 {
    let mut tx = pool.begin().await.unwrap();
    sqlx::query("SET LOCAL enable_seqscan = off")
        .execute(&mut *tx)
        .await
        .unwrap();
    let plan: Value = sqlx::query_scalar(&format!(
        "EXPLAIN (ANALYZE, FORMAT JSON) {}",
        db::sales::UNITS_SOLD_30D
    ))
    .bind(vec![product])
    .fetch_one(&mut *tx)
    .await
    .unwrap();
    tx.rollback().await.unwrap();
    fn walk(node: &Value, total: &mut f64) {
        if node["Relation Name"] == "order_items" {
            let loops = node["Actual Loops"].as_f64().unwrap_or(1.0);
            let rows = node["Actual Rows"].as_f64().unwrap_or(0.0)
                + node["Rows Removed by Filter"].as_f64().unwrap_or(0.0)
                + node["Rows Removed by Index Recheck"]
                    .as_f64()
                    .unwrap_or(0.0);
            *total += rows * loops;
        }
        for child in node["Plans"].as_array().into_iter().flatten() {
            walk(child, total);
        }
    }
    let mut total = 0.0;
    walk(&plan[0]["Plan"], &mut total);
    total
}

/// The job runs on its schedule (`SALES_SIGNAL_SCHEDULE`) and reports.
#[tokio::test]
async fn the_scheduled_job_counts_on_its_schedule() {
    let app = spawn_app_with(|config| config.sales_signal_schedule = "* * * * * *".into()).await;
    let shop = shop(&app, 1).await;
    let a = shop.products[0];
    let (id, _) = order(&app, shop.store, &[(a, 6)]).await;
    // Older than the margin the job leaves to orders in flight.
    age(&app.db, id, 1.0).await;
    let report: String = wait_until(deadline(), "a count that saw the order", || async {
        let report: Option<String> = sqlx::query_scalar(
            "SELECT report FROM job_runs WHERE job = 'sales_signal' AND report LIKE '1 product%'
              ORDER BY scheduled_for DESC LIMIT 1",
        )
        .fetch_optional(&app.db)
        .await
        .unwrap();
        report
    })
    .await;
    assert!(report.starts_with("1 products sold"), "{report}");
    assert_eq!(stored(&app.db, a).await, Some(6));
    assert_eq!(units(&app.db, a).await, 6);
}
