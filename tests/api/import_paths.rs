//! Import lines naming categories by path, and bad descriptive values: a
//! `category_path` creates what is missing (once, also when two imports
//! race to create the same paths), `category` names an existing top-level
//! category or path, and every bad value fails its own line with its
//! number, never the import.

use std::collections::BTreeSet;

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::{
    helpers::{TestApp, spawn_app},
    import::import,
};

/// `(line, error)` of each failure.
fn failures(report: &Value) -> Vec<(i64, String)> {
    report["failures"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["line"].as_i64().unwrap(),
                f["error"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

/// Every category as its path joined by " > ".
async fn paths(app: &TestApp) -> Vec<String> {
    sqlx::query_scalar(
        "SELECT array_to_string(path_names, ' > ') FROM categories ORDER BY path_names",
    )
    .fetch_all(&app.db)
    .await
    .unwrap()
}

#[tokio::test]
async fn bad_values_fail_their_own_line_with_its_number() {
    let app = spawn_app().await;
    let good = |i: usize| json!({"title": format!("Good {i}"), "price": 5, "category_path": ["Audio", "Speakers"]});
    let bad: Vec<(Value, &str)> = vec![
        (json!({"brand": ""}), "brand"),
        (json!({"brand": 12}), "brand"),
        (json!({"attributes": {"Color": "Red"}}), "attributes.Color"),
        (
            json!({"attributes": {"color": {"r": 1}}}),
            "attributes.color",
        ),
        (json!({"attributes": {"carrier": []}}), "attributes.carrier"),
        (json!({"attributes": [1, 2]}), "attributes"),
        (json!({"image_url": "file:///etc/passwd"}), "image_url"),
        (json!({"image_url": "not a url"}), "image_url"),
        (json!({"popularity": -3}), "popularity"),
        (json!({"popularity": "many"}), "popularity"),
        (json!({"category_path": []}), "category_path"),
        (
            json!({"category_path": ["A", "B", "C", "D", "E", "F", "G", "H", "I"]}),
            "category_path",
        ),
        (
            json!({"category_path": ["Audio", "Hi > Fi"]}),
            "category_path",
        ),
        (
            json!({"category_path": "Audio > Speakers"}),
            "category_path",
        ),
        (
            json!({"category_path": ["Audio"], "category": "Audio"}),
            "only one of",
        ),
        (
            json!({"category_path": ["Audio"], "category_id": 1}),
            "only one of",
        ),
    ];
    let mut body = String::new();
    let mut expected = Vec::new();
    let mut line = 0;
    for (i, (fields, needle)) in bad.iter().enumerate() {
        line += 1;
        body += &(good(i).to_string() + "\n");
        let mut wrong = good(1000 + i);
        for (key, value) in fields.as_object().unwrap() {
            wrong[key] = value.clone();
        }
        line += 1;
        body += &(wrong.to_string() + "\n");
        expected.push((line, *needle));
    }
    let (status, report) = import(&app, body).await;
    assert_eq!(status, StatusCode::OK, "{report}");
    assert_eq!(report["imported"], bad.len(), "{report}");
    let failed = failures(&report);
    assert_eq!(
        failed.iter().map(|f| f.0).collect::<Vec<_>>(),
        expected.iter().map(|e| e.0).collect::<Vec<_>>(),
        "{report}"
    );
    for ((line, error), (_, needle)) in failed.iter().zip(&expected) {
        assert!(
            error.contains(needle),
            "line {line}: {error} should name {needle}"
        );
    }
    let titles: Vec<String> = sqlx::query_scalar("SELECT title FROM products ORDER BY title")
        .fetch_all(&app.db)
        .await
        .unwrap();
    assert!(
        titles.iter().all(|t| t.starts_with("Good ")),
        "no bad line was written: {titles:?}"
    );
    assert_eq!(
        paths(&app).await,
        ["Audio", "Audio > Speakers"],
        "no category from a bad line"
    );
}

#[tokio::test]
async fn category_names_an_existing_top_level_category_or_path_and_creates_nothing() {
    let app = spawn_app().await;
    let (_, report) = import(
        &app,
        json!({"title": "Seed", "price": 1, "category_path": ["Home", "Lighting", "Lamps"]})
            .to_string(),
    )
    .await;
    assert_eq!(report["imported"], 1, "{report}");
    let lines = [
        json!({"title": "By top level", "price": 1, "category": "home"}),
        json!({"title": "By path", "price": 1, "category": "HOME>lighting > Lamps"}),
        json!({"title": "Not top level", "price": 1, "category": "Lamps"}),
        json!({"title": "Unknown path", "price": 1, "category": "Home > Garden"}),
    ];
    let body: String = lines.iter().map(|l| l.to_string() + "\n").collect();
    let (_, report) = import(&app, body).await;
    assert_eq!(report["imported"], 2, "{report}");
    let failed = failures(&report);
    assert_eq!(
        failed.iter().map(|f| f.0).collect::<Vec<_>>(),
        [3, 4],
        "{report}"
    );
    assert!(failed[0].1.contains("does not exist"), "{report}");
    let placed: Vec<(String, String)> = sqlx::query_as(
        "SELECT p.title, array_to_string(c.path_names, ' > ') FROM products p
           JOIN categories c ON c.id = p.category_id ORDER BY p.id",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    assert_eq!(
        placed,
        [
            ("Seed".to_owned(), "Home > Lighting > Lamps".to_owned()),
            ("By top level".to_owned(), "Home".to_owned()),
            ("By path".to_owned(), "Home > Lighting > Lamps".to_owned()),
        ]
    );
    assert_eq!(paths(&app).await.len(), 3, "`category` never creates");
}

/// An import of `count` lines spread over `paths`, each path written in
/// the case `spell` gives it.
fn racing_import(
    prefix: &str,
    paths: &[[String; 3]],
    count: usize,
    spell: fn(&str) -> String,
) -> String {
    (0..count)
        .map(|i| {
            let path: Vec<String> = paths[i % paths.len()].iter().map(|n| spell(n)).collect();
            json!({"title": format!("{prefix} item {i}"), "price": 3, "category_path": path})
                .to_string()
                + "\n"
        })
        .collect()
}

#[tokio::test]
async fn two_imports_creating_the_same_new_paths_at_once_share_one_category_each() {
    let app = spawn_app().await;
    for round in 0..4 {
        let shelves: Vec<[String; 3]> = (0..30)
            .map(|k| {
                [
                    format!("Dept {round}-{}", k % 3),
                    format!("Aisle {}", k % 5),
                    format!("Shelf {k}"),
                ]
            })
            .collect();
        let a = racing_import(&format!("A{round}"), &shelves, 600, |n| n.to_owned());
        let b = racing_import(&format!("B{round}"), &shelves, 600, str::to_uppercase);
        let ((status_a, report_a), (status_b, report_b)) =
            tokio::join!(import(&app, a), import(&app, b));
        for (status, report) in [(status_a, &report_a), (status_b, &report_b)] {
            assert_eq!(status, StatusCode::OK, "round {round}: {report}");
            assert_eq!(report["imported"], 600, "round {round}: {report}");
        }
        // One category per distinct node (names compared ignoring case).
        let nodes: BTreeSet<String> = shelves
            .iter()
            .flat_map(|p| (1..=3).map(move |n| p[..n].join(" > ").to_lowercase()))
            .collect();
        let created: Vec<String> = paths(&app)
            .await
            .into_iter()
            .filter(|p| p.to_lowercase().starts_with(&format!("dept {round}-")))
            .collect();
        assert_eq!(created.len(), nodes.len(), "round {round}: {created:?}");
        // Both imports' products of one path sit in the one category.
        let split: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM (
                SELECT regexp_replace(p.title, '^[AB][0-9]+ item ', '')::int % 30 AS k,
                       count(DISTINCT p.category_id) AS categories
                  FROM products p WHERE p.title ~ ('^[AB]' || $1 || ' item ')
                 GROUP BY 1) per_path
              WHERE categories > 1",
        )
        .bind(round.to_string())
        .fetch_one(&app.db)
        .await
        .unwrap();
        assert_eq!(split, 0, "round {round}: a path resolved to two categories");
    }
}
