//! The typo budget of search at its boundaries (one typo from 5 letters, two
//! from 9), and a word the index knows taken as spelled.

use serde_json::Value;

use crate::helpers::{TestApp, spawn_app};

async fn catalog(titles: &[&str]) -> TestApp {
    let app = spawn_app().await;
    let category = app.create_category("Things").await;
    for title in titles {
        app.create_product(category, title, "10").await;
    }
    app.reindex().await;
    app
}

fn titles(page: &Value) -> Vec<&str> {
    page["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|hit| hit["title"].as_str().unwrap())
        .collect()
}

#[tokio::test]
async fn two_typos_from_nine_letters_one_below() {
    // Words that English stemming leaves as they are.
    let app = catalog(&["Garden Spotlight", "Leather Notebook", "Smart Thermostat"]).await;
    for (query, expected, why) in [
        ("spatlighd", vec!["Garden Spotlight"], "9 letters, 2 typos"),
        (
            "thermastot",
            vec!["Smart Thermostat"],
            "10 letters, 2 typos",
        ),
        ("spatlight", vec!["Garden Spotlight"], "9 letters, 1 typo"),
        ("nitebook", vec!["Leather Notebook"], "8 letters, 1 typo"),
        ("nitebaok", vec![], "8 letters, 2 typos: over the budget"),
        ("spxtlxghd", vec![], "9 letters, 3 typos: over the budget"),
    ] {
        let page = app.search(&format!("q={query}")).await;
        assert_eq!(titles(&page), expected, "{query}: {why}");
        assert_eq!(page["count"], expected.len(), "{query}");
    }
}

#[tokio::test]
async fn a_word_the_index_knows_is_taken_as_spelled() {
    let app = catalog(&["Paper Towel", "Pager Holder", "Poker Chips"]).await;
    let page = app.search("q=paper").await;
    assert_eq!(
        titles(&page),
        ["Paper Towel"],
        "\"pager\" is one typo away, but \"paper\" is a known word"
    );
    assert_eq!(page["count"], 1);
    // The same distance from a word the index does not know does match.
    assert_eq!(titles(&app.search("q=pagor").await), ["Pager Holder"]);
}
