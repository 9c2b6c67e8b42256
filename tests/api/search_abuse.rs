//! Search against hostile queries: a cap on filter values, long words that
//! the index and the query treat alike, repeated words.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::spawn_app;

fn ids(page: &Value) -> Vec<i64> {
    page["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["id"].as_i64().unwrap())
        .collect()
}

#[tokio::test]
async fn a_filter_takes_at_most_twenty_values() {
    let app = spawn_app().await;
    let phones = app.create_category("Phones").await;
    let product = app.create_product(phones, "Galaxy Phone", "100").await;
    app.reindex().await;
    let repeated = |value: &str, n: usize| vec![format!("category={value}"); n].join("&");

    for (query, status) in [
        (repeated("Phones", 20), StatusCode::OK),
        (repeated(&phones.to_string(), 20), StatusCode::OK),
        (repeated("Phones", 21), StatusCode::BAD_REQUEST),
        (repeated(&phones.to_string(), 21), StatusCode::BAD_REQUEST),
        (repeated("unknown", 1_000), StatusCode::BAD_REQUEST),
    ] {
        let response = app.get(&format!("/api/search/products/?{query}")).await;
        assert_eq!(response.status(), status, "{}", &query[..40]);
        let body: Value = response.json().await.unwrap();
        if status == StatusCode::OK {
            assert_eq!(ids(&body), [product]);
        } else {
            assert_eq!(body["error"]["code"], "validation_failed");
            assert_eq!(
                body["error"]["details"]["category"],
                "takes at most 20 values"
            );
        }
    }
}

/// tantivy's analyzer drops words of 40 bytes or more from titles; a query
/// that required such a word matched nothing at all.
#[tokio::test]
async fn words_of_40_bytes_or_more_are_ignored_on_both_sides() {
    let app = spawn_app().await;
    let lamps = app.create_category("Lamps").await;
    // Different letters, so that no word is a prefix of another.
    let word = |bytes: usize| {
        let letter = char::from(b'a' + (bytes - 39) as u8);
        letter.to_string().repeat(bytes)
    };
    let kept = app
        .create_product(lamps, &format!("Lamp {}", word(39)), "10")
        .await;
    let forty = app
        .create_product(lamps, &format!("Lamp {}", word(40)), "10")
        .await;
    let forty_one = app
        .create_product(lamps, &format!("Lamp {}", word(41)), "10")
        .await;
    app.reindex().await;

    let mut all = vec![kept, forty, forty_one];
    all.sort();
    for (query, expected) in [
        (format!("lamp {}", word(40)), all.clone()),
        (word(39), vec![kept]),
        (format!("lamp {}", word(41)), all.clone()),
        (format!("{} lamp", word(40)), all.clone()),
        ("lamp".to_owned(), all.clone()),
    ] {
        let mut found = ids(&app.search(&format!("q={query}")).await);
        found.sort();
        assert_eq!(found, expected, "{query}");
    }
    let suggestions: Value = app
        .get(&format!("/api/search/suggest/?q={}%20lam", word(40)))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(suggestions["suggestions"].as_array().unwrap().len(), 3);
}

#[tokio::test]
async fn a_repeated_word_finds_what_it_finds_once() {
    let app = spawn_app().await;
    let lamps = app.create_category("Lamps").await;
    for title in ["Desk Lamp", "Floor Lamp", "Lamp Shade", "Desk"] {
        app.create_product(lamps, title, "10").await;
    }
    app.reindex().await;
    let once = app.search("q=desk%20lamp").await;
    let many = app.search(&format!("q={}lamp", "desk%20".repeat(50))).await;
    assert_eq!(ids(&once), ids(&many));
    assert_eq!(once["count"], many["count"]);
    assert!(!ids(&once).is_empty());
}
