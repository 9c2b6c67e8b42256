//! Product search: relevance, typos and stems on crafted catalogs; facets
//! checked against SQL; sorts; pagination; bad input; reindex under load.

use std::collections::{BTreeMap, HashSet};

use catalog::seed::{self, SeedOptions};
use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{TestApp, spawn_app, spawn_app_with};

fn ids(page: &Value) -> Vec<i64> {
    page["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["id"].as_i64().unwrap())
        .collect()
}

struct Crafted {
    app: TestApp,
    store: i64,
}

/// A small catalog with known words in known places.
async fn crafted() -> Crafted {
    let app = spawn_app().await;
    let phones = app.create_category("Phones").await;
    let audio = app.create_category("Audio").await;
    let store = app.create_store("North").await;
    let other = app.create_store("South").await;
    for (category, title, description, price, stock) in [
        (phones, "Galaxy Phone", "A fast handset", "299.00", 5),
        (phones, "Slim Case", "Fits every phone you own", "19.99", 0),
        (
            audio,
            "Studio Headphones",
            "Closed-back monitoring",
            "149.00",
            2,
        ),
        (audio, "Desk Lamp", "Warm light for reading", "35.50", 1),
        (
            phones,
            "Wireless Charger",
            "Charges phones overnight",
            "45.00",
            9,
        ),
    ] {
        let product = sqlx::query_scalar::<_, i64>(
            "INSERT INTO products (title, description, price, category_id) VALUES ($1, $2, $3::numeric, $4) RETURNING id",
        )
        .bind(title)
        .bind(description)
        .bind(price)
        .bind(category)
        .fetch_one(&app.db)
        .await
        .unwrap();
        app.set_stock(store, product, stock).await;
        app.set_stock(other, product, 0).await;
    }
    app.reindex().await;
    Crafted { app, store }
}

fn titles(page: &Value) -> Vec<String> {
    page["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["title"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn a_title_match_ranks_above_a_description_only_match() {
    let Crafted { app, .. } = crafted().await;
    let page = app.search("q=phone").await;
    let titles = titles(&page);
    assert_eq!(titles[0], "Galaxy Phone", "{titles:?}");
    assert!(
        titles.contains(&"Slim Case".to_owned()),
        "description matches are found too: {titles:?}"
    );
    assert_eq!(
        page["count"], 3,
        "Galaxy Phone, Slim Case (phone), Wireless Charger (phones)"
    );
}

#[tokio::test]
async fn stems_and_typos_are_found_within_the_typo_budget() {
    let Crafted { app, .. } = crafted().await;
    assert!(
        titles(&app.search("q=phones").await).contains(&"Galaxy Phone".to_owned()),
        "stemming"
    );
    assert_eq!(
        titles(&app.search("q=galxy").await),
        ["Galaxy Phone"],
        "one typo from 5 letters"
    );
    assert_eq!(
        titles(&app.search("q=headphnes").await),
        ["Studio Headphones"],
        "typos in a long word"
    );
    assert_eq!(
        titles(&app.search("q=studoi%20headphoens").await),
        ["Studio Headphones"],
        "two typoed words"
    );
    assert_eq!(
        app.search("q=lmap").await["count"],
        0,
        "no typo below 5 letters"
    );
    assert_eq!(
        titles(&app.search("q=lam").await),
        ["Desk Lamp"],
        "the last word is a prefix"
    );
}

#[tokio::test]
async fn the_design_sample_query_filters_by_price_and_store_stock() {
    let Crafted { app, store } = crafted().await;
    let page = app
        .search(&format!(
            "q=phone&min_price=100&store_id={store}&in_stock=true"
        ))
        .await;
    assert_eq!(titles(&page), ["Galaxy Phone"]);
    assert_eq!(page["results"][0]["price"], 299.0);
    assert_eq!(page["results"][0]["in_stock"], true);
    assert_eq!(page["results"][0]["category"], "Phones");

    let out_of_stock = app.search(&format!("q=case&store_id={store}")).await;
    assert_eq!(
        out_of_stock["results"][0]["in_stock"], false,
        "carried but not in stock"
    );
    let any_store = app.search("q=case&in_stock=true").await;
    assert_eq!(any_store["count"], 0, "in stock nowhere");
}

#[tokio::test]
async fn facets_are_disjunctive_and_list_selected_values() {
    let Crafted { app, .. } = crafted().await;
    let page = app.search("category=Phones").await;
    assert_eq!(page["count"], 3);
    let top = app.search("q=").await;
    let categories: BTreeMap<String, i64> = top["facets"]["category"]["children"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["value"].as_str().unwrap().to_owned(),
                c["count"].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        categories,
        BTreeMap::from([("Audio".into(), 2), ("Phones".into(), 3)]),
        "without a category filter, the top level"
    );
    assert_eq!(
        page["facets"]["category"]["path"],
        serde_json::json!([{"id": 1, "value": "Phones", "count": 3}]),
        "the selected category is the path"
    );
    let audio = app.search("category=Audio&min_price=40").await;
    assert_eq!(audio["count"], 1);
    assert_eq!(
        audio["facets"]["category"]["path"],
        serde_json::json!([{"id": 2, "value": "Audio", "count": 1}]),
    );
    assert_eq!(
        audio["facets"]["brand"],
        serde_json::json!([]),
        "no brands in this catalog"
    );
    let both = app.search("category=phones&category=Audio").await;
    assert_eq!(both["count"], 5, "multi-select is a union");
}

#[tokio::test]
async fn sorts_order_filtered_results_and_pages_are_complete_and_disjoint() {
    let app = spawn_app().await;
    seed::run(
        &app.db,
        &SeedOptions {
            stores: 3,
            products: 150,
            seed_value: Some(5),
            ..SeedOptions::default()
        },
    )
    .await
    .unwrap();
    app.reindex().await;

    // The three leaf categories with the most products.
    let categories: Vec<i64> = sqlx::query_scalar(
        "SELECT category_id FROM products GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 3",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    let filter = format!(
        "category={}&category={}&category={}&store_id=2",
        categories[0], categories[1], categories[2]
    );
    for sort in ["price_asc", "price_desc", "newest", "relevance"] {
        let mut seen = Vec::new();
        let mut prices = Vec::new();
        let mut page = 1;
        let total = loop {
            let body = app
                .search(&format!("{filter}&sort={sort}&page={page}&page_size=7"))
                .await;
            seen.extend(ids(&body));
            prices.extend(
                body["results"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|h| h["price"].as_f64().unwrap()),
            );
            if body["results"].as_array().unwrap().len() < 7 {
                break body["count"].as_i64().unwrap();
            }
            page += 1;
        };
        let unique: HashSet<_> = seen.iter().collect();
        assert_eq!(
            unique.len(),
            seen.len(),
            "{sort}: no product twice across pages"
        );
        assert_eq!(
            seen.len() as i64,
            total,
            "{sort}: pages together are the whole result"
        );
        let expected: i64 = sqlx::query_scalar(
            "SELECT count(*) FROM products p WHERE p.category_id = ANY($1)
               AND EXISTS (SELECT 1 FROM inventory i WHERE i.product_id = p.id AND i.store_id = 2)",
        )
        .bind(&categories)
        .fetch_one(&app.db)
        .await
        .unwrap();
        assert_eq!(total, expected, "{sort}: count matches SQL");
        match sort {
            "price_asc" => assert!(prices.windows(2).all(|w| w[0] <= w[1]), "ascending prices"),
            "price_desc" => assert!(prices.windows(2).all(|w| w[0] >= w[1]), "descending prices"),
            "newest" => {
                let created: Vec<i64> = sqlx::query_scalar(
                    "SELECT extract(epoch FROM p.created_at)::bigint
                       FROM unnest($1::bigint[]) WITH ORDINALITY AS u(id, n)
                       JOIN products p ON p.id = u.id ORDER BY u.n",
                )
                .bind(&seen)
                .fetch_all(&app.db)
                .await
                .unwrap();
                assert_eq!(created.len(), seen.len());
                assert!(created.windows(2).all(|w| w[0] >= w[1]), "newest first");
            }
            _ => {}
        }
    }
}

#[tokio::test]
async fn bad_search_input_is_a_400_or_plain_words_never_a_500() {
    let Crafted { app, .. } = crafted().await;
    let bad = [
        "page_size=101",
        "page=0",
        "page=50",
        "min_price=-5",
        "min_price=10&max_price=5",
        "sort=cheapest",
        "store_id=abc",
        "category=0",
        "in_stock=perhaps",
        "max_price=1e999",
    ];
    for query in bad {
        let response = app.get(&format!("/api/search/products/?{query}")).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{query}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(
            body["error"]["code"], "validation_failed",
            "{query}: {body}"
        );
    }
    let long = format!("q={}", "a".repeat(257));
    let response = app.get(&format!("/api/search/products/?{long}")).await;
    assert_eq!(response.status(), StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "validation_failed", "{body}");

    let plain = [
        "q=%22phone",
        "q=title%3Aphone",
        "q=(phone",
        "q=phone)",
        "q=*",
        "q=phone~2",
        "q=phone%5E3",
        "q=%5Bphone",
        "q=phone%7D",
        "q=%FF%FEphone",
        "q=AND%20OR%20NOT",
        "q=-phone",
        "q=%00",
    ];
    for query in plain {
        let response = app.get(&format!("/api/search/products/?{query}")).await;
        assert_eq!(response.status(), StatusCode::OK, "{query}");
    }
    assert_eq!(
        titles(&app.search("q=galaxy%3A%22phone%22~%5E(").await),
        ["Galaxy Phone"],
        "syntax characters separate plain words"
    );
}

/// Searches keep succeeding while the index is rebuilt and swapped, and the
/// new generation serves what changed in PostgreSQL.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn reindex_swaps_without_failing_a_search() {
    let Crafted { app, .. } = crafted().await;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut searchers = Vec::new();
    for _ in 0..4 {
        let (client, url, stop) = (
            app.client.clone(),
            app.url("/api/search/products/?q=phone"),
            stop.clone(),
        );
        searchers.push(tokio::spawn(async move {
            let mut answered = 0;
            // At least one answer each, however fast the reindexes are.
            while answered == 0 || !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let response = client.get(&url).send().await.unwrap();
                assert_eq!(response.status(), StatusCode::OK);
                let body: Value = response.json().await.unwrap();
                assert!(body["count"].as_i64().unwrap() >= 3);
                answered += 1;
            }
            answered
        }));
    }
    let category = app.create_category("More Phones").await;
    for i in 0..3 {
        app.create_product(category, &format!("Rugged Phone {i}"), "99")
            .await;
        app.reindex().await;
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    for searcher in searchers {
        assert!(searcher.await.unwrap() > 0);
    }
    assert_eq!(app.search("q=rugged").await["count"], 3);
    let generations = std::fs::read_dir(&app.state.config.index_dir)
        .unwrap()
        .filter(|e| {
            e.as_ref()
                .unwrap()
                .file_name()
                .to_string_lossy()
                .starts_with("gen-")
        })
        .count();
    assert!(
        generations <= 2,
        "old generations are removed, saw {generations}"
    );
}

/// `catalog reindex` runs in another process: the server follows `CURRENT`.
#[tokio::test]
async fn a_reindex_published_by_another_process_is_picked_up() {
    let Crafted { app, .. } = crafted().await;
    let category = app.create_category("Outdoor").await;
    // Written behind the outbox: only a rebuild can show it.
    sqlx::query(
        "INSERT INTO products (title, price, category_id) VALUES ('Camping Lantern', 25, $1)",
    )
    .bind(category)
    .execute(&app.db)
    .await
    .unwrap();
    assert_eq!(app.search("q=lantern").await["count"], 0, "not indexed yet");

    let documents = catalog::search::build::reindex(
        &app.state.config.index_dir,
        &app.db,
        catalog::search::Progress::Hidden,
        Some(
            catalog::changes::Checkpoint::before_build(&app.db)
                .await
                .unwrap()
                .to_payload(),
        ),
    )
    .await
    .unwrap();
    assert_eq!(documents, 6);
    crate::helpers::wait_until(
        crate::helpers::deadline(),
        "the server to follow CURRENT",
        || async { (app.search("q=lantern").await["count"] == 1).then_some(()) },
    )
    .await;
}

/// Search and suggest have separate budgets per client: spending one leaves
/// the other whole, in both directions.
#[tokio::test]
async fn search_and_suggest_each_have_their_own_rate_limit() {
    let app = spawn_app_with(|config| {
        config.search_burst = 2;
        config.search_rate_per_sec = 0.01;
        config.suggest_burst = 2;
        config.suggest_rate_per_sec = 0.01;
        config.trusted_proxies = 1;
    })
    .await;
    let get = |path: &str, client: &str| {
        app.client
            .get(app.url(path))
            .header("x-forwarded-for", client)
            .send()
    };
    let search = "/api/search/products/?q=lamp";
    let suggest = "/api/search/suggest/?q=lamp";
    for (spent, other, client) in [(search, suggest, "1.1.1.1"), (suggest, search, "2.2.2.2")] {
        for _ in 0..2 {
            assert_eq!(get(spent, client).await.unwrap().status(), StatusCode::OK);
        }
        let limited = get(spent, client).await.unwrap();
        assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS, "{spent}");
        assert!(limited.headers().contains_key("retry-after"));
        let body: Value = limited.json().await.unwrap();
        assert_eq!(body["error"]["code"], "rate_limited");
        let other_answer = get(other, client).await.unwrap();
        assert_eq!(
            other_answer.status(),
            StatusCode::OK,
            "{other} has its own budget"
        );
        let body: Value = other_answer.json().await.unwrap();
        assert!(
            body.get("results").or(body.get("suggestions")).is_some(),
            "{body}"
        );
    }
}
