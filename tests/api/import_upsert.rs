//! `external_id`: re-importing a file updates the products it names (also
//! when two imports of it race), the admin API keeps the id unique, and
//! `catalog import FILE` answers the same report as the HTTP import.

use std::process::Command;

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::{
    admin::search_until,
    helpers::{spawn_app, test_database},
    import::import,
};

/// The catalog as `(external_id, title, price in cents, category, stock)`,
/// ordered by external id.
async fn catalog_rows(db: &sqlx::PgPool) -> Vec<(Option<String>, String, i64, i64, Vec<i32>)> {
    sqlx::query_as(
        "SELECT p.external_id, p.title, (p.price * 100)::bigint, p.category_id,
                COALESCE(array_agg(i.quantity ORDER BY i.store_id) FILTER (WHERE i.store_id IS NOT NULL), '{}')
           FROM products p LEFT JOIN inventory i ON i.product_id = p.id
          WHERE p.deleted_at IS NULL
          GROUP BY p.id ORDER BY p.external_id, p.id",
    )
    .fetch_all(db)
    .await
    .unwrap()
}

fn sku_line(i: usize, price: f64, store: i64, quantity: i64) -> String {
    json!({"external_id": format!("SKU-{i:05}"), "title": format!("Desk Lamp {i}"), "price": price,
           "category": "Lighting", "stock": [{"store_id": store, "quantity": quantity}]})
    .to_string()
}

#[tokio::test]
async fn reimporting_a_file_updates_its_products_instead_of_duplicating_them() {
    let app = spawn_app().await;
    let (north, south) = (
        app.create_store("North").await,
        app.create_store("South").await,
    );
    app.create_category("Lighting").await;
    let file: String = (0..50)
        .map(|i| sku_line(i, 20.0, north, 3) + "\n")
        .collect();
    let (status, first) = import(&app, file.clone()).await;
    assert_eq!(status, StatusCode::OK, "{first}");
    assert_eq!(
        (first["created"].as_i64(), first["updated"].as_i64()),
        (Some(50), Some(0))
    );
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM products ORDER BY external_id")
        .fetch_all(&app.db)
        .await
        .unwrap();
    let before = catalog_rows(&app.db).await;

    let (status, again) = import(&app, file).await;
    assert_eq!(status, StatusCode::OK, "{again}");
    assert_eq!(
        (again["created"].as_i64(), again["updated"].as_i64()),
        (Some(0), Some(50))
    );
    assert_eq!(
        catalog_rows(&app.db).await,
        before,
        "the same file, the same catalog"
    );
    assert_eq!(
        app.count("outbox").await,
        100,
        "every upsert is a change for search"
    );

    // A changed file: new prices, stock in a second store, a title edit.
    let mut changed: Vec<String> = (0..50).map(|i| sku_line(i, 25.5, south, 8)).collect();
    changed[7] = json!({"external_id": "SKU-00007", "title": "Renamed Lamp", "price": 1,
                        "category": "Lighting"})
    .to_string();
    let (_, report) = import(&app, changed.join("\n")).await;
    assert_eq!(report["updated"], 50, "{report}");
    let same_ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM products ORDER BY external_id")
        .fetch_all(&app.db)
        .await
        .unwrap();
    assert_eq!(same_ids, ids, "updated in place");
    let rows = catalog_rows(&app.db).await;
    assert_eq!(rows[0].2, 2_550);
    assert_eq!(
        rows[0].4,
        [3, 8],
        "stock lines it names are set, others kept"
    );
    assert_eq!(
        (rows[7].1.as_str(), rows[7].2, rows[7].4.clone()),
        ("Renamed Lamp", 100, vec![3])
    );
    search_until(&app, "q=renamed", "the re-imported title", |p| {
        p["count"] == 1 && p["results"][0]["price"] == 1.0
    })
    .await;

    // Within one file, a later line with the same id updates what an
    // earlier one created, as if read one at a time.
    let twice = [
        json!({"external_id": "NEW-1", "title": "First Take", "price": 1, "category": "Lighting"}),
        json!({"external_id": "NEW-1", "title": "Second Take", "price": 2, "category": "Lighting"}),
    ]
    .map(|l| l.to_string())
    .join("\n");
    let (_, report) = import(&app, twice).await;
    assert_eq!(
        (report["created"].as_i64(), report["updated"].as_i64()),
        (Some(1), Some(1))
    );
    let title: String =
        sqlx::query_scalar("SELECT title FROM products WHERE external_id = 'NEW-1'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(title, "Second Take");
}

#[tokio::test]
async fn two_imports_of_one_file_at_once_leave_one_product_per_external_id() {
    let app = spawn_app().await;
    let store = app.create_store("North").await;
    app.create_category("Lighting").await;
    let file: String = (0..2_000)
        .map(|i| sku_line(i, 15.0, store, 2) + "\n")
        .collect();
    let (a, b) = tokio::join!(import(&app, file.clone()), import(&app, file.clone()));
    for (status, report) in [&a, &b] {
        assert_eq!(*status, StatusCode::OK, "{report}");
        assert_eq!(
            (report["imported"].as_i64(), report["failed"].as_i64()),
            (Some(2_000), Some(0))
        );
    }
    let created = a.1["created"].as_i64().unwrap() + b.1["created"].as_i64().unwrap();
    assert_eq!(created, 2_000, "each product created once: {} {}", a.1, b.1);
    let (products, distinct): (i64, i64) =
        sqlx::query_as("SELECT count(*), count(DISTINCT external_id) FROM products")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!((products, distinct), (2_000, 2_000));
    assert_eq!(app.count("inventory").await, 2_000);
    assert_eq!(app.count("outbox").await, 4_000);
}

#[tokio::test]
async fn the_admin_api_keeps_external_ids_unique_among_live_products() {
    let app = spawn_app().await;
    let category = app.create_category("Lighting").await;
    let create = |body: Value| app.admin(Method::POST, "/products/").json(&body).send();
    let first = create(
        json!({"title": "Lamp", "price": 5, "category_id": category, "external_id": "EXT-1"}),
    )
    .await
    .unwrap();
    assert_eq!(first.status(), StatusCode::CREATED);
    let first: Value = first.json().await.unwrap();
    assert_eq!(first["external_id"], "EXT-1", "answered with the product");

    let taken = create(
        json!({"title": "Other", "price": 5, "category_id": category, "external_id": "EXT-1"}),
    )
    .await
    .unwrap();
    assert_eq!(taken.status(), StatusCode::CONFLICT);
    let taken: Value = taken.json().await.unwrap();
    assert_eq!(taken["error"]["code"], "conflict");
    assert_eq!(taken["error"]["details"]["external_id"], "EXT-1");

    let second: Value = create(json!({"title": "Other", "price": 5, "category_id": category}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(second["external_id"], Value::Null);
    let path = format!("/products/{}/", second["id"]);
    let patch = |body: Value| app.admin(Method::PATCH, &path).json(&body).send();
    let clash = patch(json!({"external_id": "EXT-1"})).await.unwrap();
    assert_eq!(clash.status(), StatusCode::CONFLICT);
    let set: Value = patch(json!({"external_id": "EXT-2"}))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(
        (set["external_id"].as_str(), set["title"].as_str()),
        (Some("EXT-2"), Some("Other"))
    );

    // A deleted product keeps its id for its orders; the id is free again.
    let deleted = app
        .admin(Method::DELETE, &format!("/products/{}/", first["id"]))
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    let (_, report) = import(
        &app,
        json!({"title": "Lamp Again", "price": 6, "category": "Lighting", "external_id": "EXT-1"})
            .to_string(),
    )
    .await;
    assert_eq!(report["created"], 1, "{report}");
    let holders: i64 =
        sqlx::query_scalar("SELECT count(*) FROM products WHERE external_id = 'EXT-1'")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(holders, 2, "the deleted one and its successor");
}

/// Runs `catalog import FILE` against the test database: exit status,
/// printed report, standard error.
fn catalog_import(
    config: &catalog::config::Config,
    file: &std::path::Path,
) -> (bool, Value, String) {
    let output = Command::new(env!("CARGO_BIN_EXE_catalog"))
        .arg("import")
        .arg(file)
        .env("DATABASE_URL", &config.database_url)
        .env("REDIS_URL", &config.redis_url)
        .env("REDIS_PREFIX", &config.redis_prefix)
        .env("LOG_FORMAT", "json")
        .env("RUST_LOG", "warn")
        .output()
        .expect("catalog runs");
    let stdout = String::from_utf8(output.stdout).unwrap();
    let report = serde_json::from_str(&stdout).unwrap_or_else(|e| panic!("{e}: {stdout:?}"));
    (
        output.status.success(),
        report,
        String::from_utf8(output.stderr).unwrap(),
    )
}

#[tokio::test]
async fn the_import_command_prints_the_report_of_what_it_wrote() {
    let (config, db) = test_database().await;
    sqlx::query("INSERT INTO categories (name) VALUES ('Lighting')")
        .execute(&db)
        .await
        .unwrap();
    let dir = tempfile::TempDir::new().unwrap();
    let file = dir.path().join("catalog.ndjson");
    let mut lines: Vec<String> = (0..1_500)
        .map(|i| json!({"external_id": format!("C-{i}"), "title": format!("Cli Lamp {i}"), "price": 3, "category": "Lighting"}).to_string())
        .collect();
    lines[9] = json!({"title": "Bad\u{7}Bell", "price": 3, "category": "Lighting"}).to_string();
    lines[1_200] = "{not json".into();
    std::fs::write(&file, lines.join("\n")).unwrap();

    let (ok, report, stderr) = catalog_import(&config, &file);
    assert!(ok, "{stderr}");
    assert_eq!(
        (report["imported"].as_i64(), report["created"].as_i64()),
        (Some(1_498), Some(1_498))
    );
    assert_eq!(
        (report["failed"].as_i64(), report["last_line"].as_i64()),
        (Some(2), Some(1_500))
    );
    let failed: Vec<&Value> = report["failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| &f["line"])
        .collect();
    assert_eq!(failed, [10, 1_201]);
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM products")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(stored, 1_498, "the printed report is what was written");

    let (ok, again, _) = catalog_import(&config, &file);
    assert!(ok);
    assert_eq!(
        (again["created"].as_i64(), again["updated"].as_i64()),
        (Some(0), Some(1_498))
    );

    // An array cut short: the report of the whole elements, and a failure status.
    let elements: Vec<String> = (0..1_100)
        .map(|i| json!({"external_id": format!("A-{i}"), "title": "Array Lamp", "price": 3, "category": "Lighting"}).to_string())
        .collect();
    std::fs::write(&file, format!("[{}, {{\"ti", elements.join(","))).unwrap();
    let (ok, report, stderr) = catalog_import(&config, &file);
    assert!(!ok, "a broken file is a failure");
    assert!(stderr.contains("stopped after line 1100"), "{stderr}");
    assert_eq!(
        (report["imported"].as_i64(), report["last_line"].as_i64()),
        (Some(1_100), Some(1_100))
    );
    let stored: i64 = sqlx::query_scalar("SELECT count(*) FROM products")
        .fetch_one(&db)
        .await
        .unwrap();
    assert_eq!(stored, 1_498 + 1_100);
}
