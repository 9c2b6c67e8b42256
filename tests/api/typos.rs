//! The typo budget of search at its boundaries (one typo from 5 letters, two
//! from 9), and when typos are tried at all.

use crate::helpers::{TestApp, spawn_app, titles};

async fn catalog(titles: &[&str]) -> TestApp {
    let app = spawn_app().await;
    let category = app.create_category("Things").await;
    for title in titles {
        app.create_product(category, title, "10").await;
    }
    app.reindex().await;
    app
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

/// Typos are tried for a known word too while the exact words find few
/// products (a typo can hide behind a real word: "pager" for "paper"),
/// ranked after the exact matches; once exact matches are plenty, a word is
/// taken as spelled. Model codes and numbers never are corrected.
#[tokio::test]
async fn typos_are_tried_while_exact_matches_are_few_and_rank_after_them() {
    let app = catalog(&[
        "Paper Towel",
        "Pager Holder",
        "Poker Chips",
        "Galaxy S7",
        "Galaxy S8",
    ])
    .await;
    let page = app.search("q=paper").await;
    assert_eq!(
        titles(&page),
        ["Paper Towel", "Pager Holder"],
        "the exact match first, then the one-typo match"
    );
    assert_eq!(page["matching"]["typos"], true);
    assert_eq!(titles(&app.search("q=pagor").await), ["Pager Holder"]);
    let galaxy = app.search("q=galaxy%20s9").await;
    assert_eq!(
        titles(&galaxy),
        ["Galaxy S7", "Galaxy S8"],
        "\"s9\" is not corrected to s7 or s8: it is dropped as matching nothing"
    );
    assert_eq!(galaxy["matching"]["dropped"], serde_json::json!(["s9"]));

    let many = spawn_app().await;
    let category = many.create_category("Office").await;
    for n in 0..12 {
        many.create_product(category, &format!("Paper Ream {n}"), "5")
            .await;
    }
    many.create_product(category, "Pager Holder", "5").await;
    many.reindex().await;
    let page = many.search("q=paper&page_size=50").await;
    assert_eq!(page["count"], 12, "plenty of exact matches: no typos");
    assert_eq!(page["matching"]["typos"], false);
}

/// A typo is looked up among the title's words run together too, also for
/// a word whose exact form that field does not hold: "smartwatches" is two
/// letters from the "smartwatch" that "Smart Watch" writes as two words.
#[tokio::test]
async fn typos_reach_a_title_that_writes_the_word_as_two() {
    let app = catalog(&["Acme - Smart Watch 40mm", "Garden Spotlight"]).await;
    for query in ["smartwatches", "smartwach", "smartwatch"] {
        let page = app.search(&format!("q={query}")).await;
        assert_eq!(
            titles(&page),
            ["Acme - Smart Watch 40mm"],
            "{query}: {page}"
        );
    }
}
