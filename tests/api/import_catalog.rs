//! Issue 9's "done when": a realistic catalog (brands, three-level category
//! paths, attributes of strings, numbers and lists, images, popularity)
//! imports with nothing thrown away, checked field by field through
//! `GET /products/{id}/`, through search and in SQL; re-importing it
//! updates instead of duplicating.

use std::collections::BTreeSet;

use reqwest::StatusCode;
use serde_json::{Map, Value, json};

use crate::{
    helpers::{TestApp, deadline, spawn_app, wait_until},
    import::import,
};

const LINES: usize = 2_400;

/// A department's subcategories, each with its leaves.
type Subcategories = &'static [(&'static str, &'static [&'static str])];

const TREE: &[(&str, Subcategories)] = &[
    (
        "Cell Phones",
        &[
            ("iPhone", &["iPhone 7", "iPhone 8", "iPhone X"]),
            (
                "Samsung Galaxy",
                &["Galaxy S8", "Galaxy S9", "Galaxy Note 8"],
            ),
            (
                "Cell Phone Accessories",
                &["Cases", "Screen Protectors", "Chargers"],
            ),
        ],
    ),
    (
        "TV & Home Theater",
        &[
            ("TVs", &["4K Ultra HD TVs", "OLED TVs", "Smart TVs"]),
            ("Home Audio", &["Sound Bars", "Home Theater Systems"]),
        ],
    ),
    (
        "Computers & Tablets",
        &[
            ("Laptops", &["MacBooks", "Gaming Laptops", "2-in-1 Laptops"]),
            ("Tablets", &["iPad", "Android Tablets"]),
            ("Cases", &["Laptop Sleeves", "Tablet Cases"]),
        ],
    ),
    (
        "Cameras & Camcorders",
        &[
            ("Digital Cameras", &["DSLR Cameras", "Mirrorless Cameras"]),
            ("Camera Accessories", &["Lenses", "Tripods", "Memory Cards"]),
        ],
    ),
];

const BRANDS: &[&str] = &[
    "Apple",
    "Samsung",
    "Sony",
    "LG",
    "Bose",
    "Dell",
    "HP",
    "Lenovo",
    "Canon",
    "Nikon",
    "OtterBox",
    "JBL",
    "Microsoft",
    "Asus",
    "Belkin",
    "SanDisk",
    "Insignia™",
];
const COLORS: &[&str] = &[
    "Black",
    "White",
    "Silver",
    "Space Gray",
    "Rose Gold",
    "Blue",
    "Red",
];
const CARRIERS: &[&str] = &["AT&T", "Verizon", "T-Mobile", "Sprint", "Unlocked"];

fn leaves() -> Vec<[&'static str; 3]> {
    TREE.iter()
        .flat_map(|(top, subs)| {
            subs.iter()
                .flat_map(move |(sub, leaves)| leaves.iter().map(move |leaf| [*top, *sub, *leaf]))
        })
        .collect()
}

/// Line `i` of the catalog: a pure function of `i`, so the test knows
/// every value it sent. Some lines leave out the brand, the attributes,
/// the image or the popularity, as real catalogs do.
fn product(i: usize) -> Value {
    let leaves = leaves();
    let path = leaves[(i * 7) % leaves.len()];
    let brand = BRANDS[(i * 5) % BRANDS.len()];
    let color = COLORS[i % COLORS.len()];
    let storage = [16, 32, 64, 128, 256][(i / 3) % 5];
    let mut line = json!({
        "external_id": format!("{}", 5_000_000 + i * 13),
        "title": format!("{brand} - {} {storage}GB - {color} (model {i})", path[2]),
        "description": format!("The {} from {brand}.\nIn {color}, with {storage} GB.", path[2]),
        "price": format!("{}.{:02}", 5 + (i * 37) % 1_900, (i * 11) % 100).parse::<f64>().unwrap(),
        "category_path": path,
    });
    if i % 10 != 3 {
        line["brand"] = json!(brand);
    }
    if i % 13 != 5 {
        let carriers: Vec<&str> = (0..1 + i % 3)
            .map(|k| CARRIERS[(i + k) % CARRIERS.len()])
            .collect();
        line["attributes"] = json!({
            "color": color,
            "storage_gb": storage,
            "screen_in": (40 + i % 30) as f64 / 10.0,
            "carrier": carriers,
        });
    }
    if i % 11 != 7 {
        line["image_url"] = json!(format!(
            "https://pisces.bbystatic.com/image2/{}_sa.jpg",
            5_000_000 + i * 13
        ));
    }
    if i % 17 != 2 {
        // Zipf-like: a few products are far more popular than the rest.
        line["popularity"] = json!(100_000 / (1 + (i * 31) % 1_000));
    }
    line
}

fn catalog() -> String {
    (0..LINES).map(|i| product(i).to_string() + "\n").collect()
}

/// What the product answer must hold for line `i` (besides ids and stamps).
fn expected_answer(i: usize) -> Value {
    let line = product(i);
    let path = line["category_path"].clone();
    json!({
        "external_id": line["external_id"],
        "title": line["title"],
        "description": line["description"],
        "price": line["price"],
        "category": path[2],
        "category_path": path,
        "brand": line.get("brand").cloned().unwrap_or(Value::Null),
        "attributes": line.get("attributes").cloned().unwrap_or(json!({})),
        "image_url": line.get("image_url").cloned().unwrap_or(Value::Null),
        "popularity": line.get("popularity").and_then(Value::as_f64).unwrap_or(0.0),
    })
}

/// Numbers compared as numbers (`32` and `32.0` are one value), the rest
/// exactly.
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x.as_f64() == y.as_f64(),
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(x, y)| same(x, y))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| same(v, w)))
        }
        _ => a == b,
    }
}

async fn product_id(app: &TestApp, external_id: &Value) -> i64 {
    sqlx::query_scalar("SELECT id FROM products WHERE external_id = $1 AND deleted_at IS NULL")
        .bind(external_id.as_str().unwrap())
        .fetch_one(&app.db)
        .await
        .unwrap()
}

/// Every product of the catalog as the database holds it, by external id.
async fn stored(app: &TestApp) -> Map<String, Value> {
    let rows: Vec<(String, Value)> = sqlx::query_as(
        "SELECT p.external_id, jsonb_build_object(
                'external_id', p.external_id, 'title', p.title, 'description', p.description,
                'price', p.price, 'category', c.name, 'category_path', to_jsonb(c.path_names),
                'brand', p.brand, 'attributes', p.attributes, 'image_url', p.image_url,
                'popularity', p.popularity)
           FROM products p JOIN categories c ON c.id = p.category_id
          WHERE p.deleted_at IS NULL",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    rows.into_iter().collect()
}

#[tokio::test]
async fn a_realistic_catalog_imports_with_nothing_thrown_away_and_reimports_in_place() {
    let app = spawn_app().await;
    let file = catalog();
    let (status, report) = import(&app, file.clone()).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(
        (report["created"].as_u64(), report["failed"].as_u64()),
        (Some(LINES as u64), Some(0)),
        "{report}"
    );

    // Every line, every field, as stored.
    let rows = stored(&app).await;
    assert_eq!(rows.len(), LINES);
    for i in 0..LINES {
        let expected = expected_answer(i);
        let row = &rows[expected["external_id"].as_str().unwrap()];
        assert!(
            same(row, &expected),
            "line {}:\n stored   {row}\n expected {expected}",
            i + 1
        );
    }
    // What nothing thrown away means, in counts the file itself decides.
    let lines: Vec<Value> = (0..LINES).map(product).collect();
    let with = |field: &str| lines.iter().filter(|l| l.get(field).is_some()).count() as i64;
    let attribute_values: i64 = lines
        .iter()
        .filter_map(|l| l.get("attributes"))
        .map(|a| a.as_object().unwrap().len() as i64)
        .sum();
    let counts: (i64, i64, i64, i64, i64, i64) = sqlx::query_as(
        "SELECT count(*) FILTER (WHERE brand IS NOT NULL),
                count(*) FILTER (WHERE attributes <> '{}'),
                count(*) FILTER (WHERE image_url IS NOT NULL),
                count(*) FILTER (WHERE popularity > 0),
                COALESCE(sum((SELECT count(*) FROM jsonb_object_keys(attributes))), 0)::bigint,
                count(DISTINCT category_id)
           FROM products WHERE deleted_at IS NULL",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    let paths: BTreeSet<String> = lines
        .iter()
        .map(|l| l["category_path"].to_string())
        .collect();
    assert_eq!(
        counts,
        (
            with("brand"),
            with("attributes"),
            with("image_url"),
            with("popularity"),
            attribute_values,
            paths.len() as i64
        )
    );
    let categories = app.count("categories").await;
    let nodes: BTreeSet<Vec<&str>> = leaves()
        .iter()
        .flat_map(|leaf| (1..=3).map(move |n| leaf[..n].to_vec()))
        .collect();
    assert_eq!(
        categories,
        nodes.len() as i64,
        "one category per distinct node of the paths"
    );

    // A sample through the public API, field by field.
    for i in (0..LINES).step_by(47) {
        let expected = expected_answer(i);
        let id = product_id(&app, &expected["external_id"]).await;
        let answer: Value = app
            .get(&format!("/products/{id}/"))
            .await
            .json()
            .await
            .unwrap();
        for (field, value) in expected.as_object().unwrap() {
            assert!(
                same(&answer[field], value),
                "line {} {field}: {} != {value}",
                i + 1,
                answer[field]
            );
        }
        let category: i64 = sqlx::query_scalar("SELECT category_id FROM products WHERE id = $1")
            .bind(id)
            .fetch_one(&app.db)
            .await
            .unwrap();
        assert_eq!(answer["category_id"], category);
    }

    // And through search, once every document is in.
    wait_until(deadline(), "every product in the index", || async {
        let status: Value = app
            .admin(reqwest::Method::GET, "/api/index/status/")
            .send()
            .await
            .ok()?
            .json()
            .await
            .ok()?;
        let caught_up = status["documents"] == LINES && status["lag"]["changes_behind"] == 0;
        caught_up.then_some(())
    })
    .await;
    for i in (0..LINES).step_by(211) {
        let expected = expected_answer(i);
        let id = product_id(&app, &expected["external_id"]).await;
        let page = app.search(&format!("q=model+{i}&page_size=100")).await;
        let hit = page["results"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["id"] == id)
            .unwrap_or_else(|| panic!("line {} not found: {page}", i + 1))
            .clone();
        for field in [
            "title",
            "price",
            "category",
            "category_path",
            "brand",
            "attributes",
            "image_url",
            "popularity",
        ] {
            // Hits carry the new fields once the search side serves them.
            if let Some(shown) = hit.get(field) {
                assert!(
                    same(shown, &expected[field]),
                    "hit of line {} {field}: {shown}",
                    i + 1
                );
            }
        }
    }

    // The same file again: every line updates its product, nothing is added.
    let (status, again) = import(&app, file).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        (
            again["created"].as_u64(),
            again["updated"].as_u64(),
            again["failed"].as_u64()
        ),
        (Some(0), Some(LINES as u64), Some(0)),
        "{again}"
    );
    assert_eq!(app.count("products").await, LINES as i64);
    assert_eq!(app.count("categories").await, categories);
    assert_eq!(stored(&app).await, rows, "the same values, not duplicated");
}

#[tokio::test]
async fn a_changed_line_replaces_the_product_fields_on_reimport() {
    let app = spawn_app().await;
    let first = json!({"external_id": "X-1", "title": "Phone", "price": 10, "category_path": ["A", "B"],
                       "brand": "Acme", "attributes": {"color": "Red", "size": 3}, "image_url": "https://img.example/1.jpg",
                       "popularity": 5});
    let (_, report) = import(&app, first.to_string()).await;
    assert_eq!(report["created"], 1, "{report}");
    let second = json!({"external_id": "X-1", "title": "Phone", "price": 10, "category_path": ["a", "b", "C"],
                        "attributes": {"color": "Blue"}});
    let (_, report) = import(&app, second.to_string()).await;
    assert_eq!(report["updated"], 1, "{report}");
    let id = product_id(&app, &json!("X-1")).await;
    let answer: Value = app
        .get(&format!("/products/{id}/"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        answer["category_path"],
        json!(["A", "B", "C"]),
        "existing names matched ignoring case"
    );
    assert_eq!(answer["attributes"], json!({"color": "Blue"}));
    for cleared in ["brand", "image_url"] {
        assert_eq!(
            answer[cleared],
            Value::Null,
            "the line is the whole product: {cleared}"
        );
    }
    assert_eq!(answer["popularity"], 0.0);
    assert_eq!(app.count("categories").await, 3);
}
