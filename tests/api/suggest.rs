//! Autocomplete: prefixes, multi-word, typos, ordering, and its rate limit.

use reqwest::StatusCode;
use serde_json::Value;

use crate::helpers::{TestApp, spawn_app, spawn_app_with};

async fn catalog_of(app: &TestApp, titles: &[(&str, i32)]) {
    let category = app.create_category("Misc").await;
    let store = app.create_store("North").await;
    for (title, stock) in titles {
        let product = app.create_product(category, title, "10").await;
        app.set_stock(store, product, *stock).await;
    }
    app.reindex().await;
}

async fn suggest(app: &TestApp, q: &str) -> Vec<String> {
    let response = app.get(&format!("/api/search/suggest/?q={q}")).await;
    assert_eq!(response.status(), StatusCode::OK, "suggest {q}");
    let body: Value = response.json().await.unwrap();
    body["suggestions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["title"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn prefixes_match_word_starts_ordered_by_coverage_then_stock() {
    let app = spawn_app().await;
    catalog_of(
        &app,
        &[
            ("Laptop Stand", 3),
            ("Laptop", 1),
            ("Gaming Laptop Bag", 50),
            ("Lapel Pin", 9),
            ("Slap Bracelet", 100),
            ("Laptop Cover", 40),
            ("Laptop Sleeve", 90),
        ],
    )
    .await;
    assert_eq!(
        suggest(&app, "lap").await,
        [
            "Laptop",
            "Lapel Pin",
            "Laptop Cover",
            "Laptop Stand",
            "Laptop Sleeve",
            "Gaming Laptop Bag"
        ],
        "shortest titles first (the query covers more of them); equal lengths (Cover, Stand) by \
         stock; 'Slap' does not start with 'lap'"
    );
    assert_eq!(suggest(&app, "lapt").await[0], "Laptop");
}

#[tokio::test]
async fn every_word_but_the_last_must_match_and_the_last_is_a_prefix() {
    let app = spawn_app().await;
    catalog_of(
        &app,
        &[
            ("Little Mermaid", 1),
            ("Little Women", 1),
            ("Mermaid Tail", 1),
        ],
    )
    .await;
    assert_eq!(suggest(&app, "little%20mer").await, ["Little Mermaid"]);
    assert_eq!(
        suggest(&app, "litle%20mer").await,
        ["Little Mermaid"],
        "a typo in a complete word"
    );
    assert_eq!(suggest(&app, "mermaid").await.len(), 2);
}

#[tokio::test]
async fn a_short_prefix_loses_no_candidates_and_long_prefixes_forgive_one_typo() {
    let app = spawn_app().await;
    let mut titles: Vec<(String, i32)> = (0..30).map(|i| (format!("Short Film {i}"), 5)).collect();
    titles.push(("Shortround".into(), 0));
    titles.push(("Mouse".into(), 1));
    titles.push(("Moss Garden".into(), 100));
    let titles: Vec<(&str, i32)> = titles.iter().map(|(t, s)| (t.as_str(), *s)).collect();
    catalog_of(&app, &titles).await;

    // 30 titles start with "short"; the one that starts with "shortr" still
    // comes first (the typo matches "short" -> "shortr" follow it).
    assert_eq!(
        suggest(&app, "shortr").await[0],
        "Shortround",
        "rare completions are not crowded out"
    );
    assert_eq!(suggest(&app, "shortro").await, ["Shortround"]);
    assert_eq!(
        suggest(&app, "shotro").await,
        ["Shortround"],
        "one typo in a prefix of 4 or more"
    );
    assert_eq!(
        suggest(&app, "mous").await,
        ["Mouse", "Moss Garden"],
        "the exact prefix ranks before the typo match, whatever the stock"
    );
    assert!(
        suggest(&app, "msu").await.is_empty(),
        "no typo below 4 letters"
    );
    let many = app
        .get("/api/search/suggest/?q=short&limit=20")
        .await
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(many["suggestions"].as_array().unwrap().len(), 20);
}

#[tokio::test]
async fn suggest_knows_short_names_whole_model_numbers_and_words_run_together() {
    let app = spawn_app().await;
    let consoles = app.create_category("Consoles").await;
    let headsets = app.create_category("Headsets").await;
    let phones = app.create_category("Phones").await;
    for (title, category, popularity) in [
        ("Sony - PlayStation 5 Console - White", consoles, 10.0),
        (
            "Turtle Beach - Gaming Headset for PS5 - Black",
            headsets,
            100.0,
        ),
        ("Apple - iPhone 12 64GB - Black", phones, 5.0),
        ("Apple - iPhone 15 128GB - Black", phones, 100.0),
        ("Apple - HomePod mini - White", headsets, 50.0),
        ("NETGEAR - Nighthawk Wi-Fi 6 Router - Black", headsets, 1.0),
        ("Samsung - Galaxy Watch6 Smartwatch - Black", headsets, 1.0),
    ] {
        app.insert_product(category, title, None, "", popularity)
            .await;
    }
    app.reindex().await;

    assert!(
        suggest(&app, "ps5")
            .await
            .contains(&"Sony - PlayStation 5 Console - White".to_owned()),
        "a humped name's initials joined with the next word are a title word, as in search"
    );
    assert_eq!(
        suggest(&app, "ps5%20con").await,
        ["Sony - PlayStation 5 Console - White"]
    );
    assert_eq!(
        suggest(&app, "iphone%2012").await,
        [
            "Apple - iPhone 12 64GB - Black",
            "Apple - iPhone 15 128GB - Black"
        ],
        "a number typed whole is that number before a longer one it begins (128GB), \
         however popular"
    );
    assert_eq!(
        suggest(&app, "iphone%201").await[0],
        "Apple - iPhone 15 128GB - Black",
        "while no title has it whole, it is a prefix"
    );
    // Words run together or apart, as search takes them.
    assert_eq!(
        suggest(&app, "wifi%20rou").await,
        ["NETGEAR - Nighthawk Wi-Fi 6 Router - Black"]
    );
    assert_eq!(
        suggest(&app, "iphone12").await,
        suggest(&app, "iphone%2012").await
    );
    assert_eq!(
        suggest(&app, "smart%20wa").await,
        ["Samsung - Galaxy Watch6 Smartwatch - Black"]
    );
    assert!(
        suggest(&app, "ps%205")
            .await
            .contains(&"Sony - PlayStation 5 Console - White".to_owned())
    );
    assert_eq!(
        suggest(&app, "ps%205%20con").await,
        ["Sony - PlayStation 5 Console - White"],
        "joined with the word after it, not only the last two"
    );
    assert_eq!(
        suggest(&app, "iphone1").await,
        [
            "Apple - iPhone 15 128GB - Black",
            "Apple - iPhone 12 64GB - Black"
        ],
        "letters and digits run together while typed: a word and a prefix"
    );
    assert_eq!(
        app.search("q=hp").await["count"],
        0,
        "initials alone complete nothing: 'hp' is no HomePod mini ('hpmini')"
    );
}

#[tokio::test]
async fn bad_suggest_input_is_a_400() {
    let app = spawn_app().await;
    for query in [
        "",
        "q=",
        "q=la",
        "q=%20%20a%20",
        "q=lap&limit=0",
        "q=lap&limit=21",
        "q=lap&limit=x",
    ] {
        let response = app.get(&format!("/api/search/suggest/?{query}")).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{query}");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["error"]["code"], "validation_failed");
    }
    let response = app.get("/api/search/suggest/?q=%22*~%5E(").await;
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "syntax characters are not syntax"
    );
}

#[tokio::test]
async fn suggest_is_rate_limited_per_client_after_the_burst() {
    let app = spawn_app_with(|config| {
        config.suggest_burst = 3;
        config.suggest_rate_per_sec = 0.01;
        config.trusted_proxies = 1;
    })
    .await;
    let from = |client: &'static str| {
        app.client
            .get(app.url("/api/search/suggest/?q=lamp"))
            .header("x-forwarded-for", client)
    };
    for _ in 0..3 {
        assert_eq!(
            from("1.1.1.1").send().await.unwrap().status(),
            StatusCode::OK
        );
    }
    let limited = from("1.1.1.1").send().await.unwrap();
    assert_eq!(limited.status(), StatusCode::TOO_MANY_REQUESTS);
    assert!(limited.headers().get("retry-after").is_some());
    let body: Value = limited.json().await.unwrap();
    assert_eq!(body["error"]["code"], "rate_limited");

    assert_eq!(
        from("2.2.2.2").send().await.unwrap().status(),
        StatusCode::OK,
        "another client has its own budget"
    );
    assert_eq!(
        from("2.2.2.2, 1.1.1.1").send().await.unwrap().status(),
        StatusCode::TOO_MANY_REQUESTS,
        "a forged leftmost entry does not buy a fresh budget"
    );
    assert_eq!(
        app.get("/api/search/products/?q=lamp").await.status(),
        StatusCode::OK,
        "search has its own limit"
    );
}
