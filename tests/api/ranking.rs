//! The ranking rules and recovery on a small shop: the product a title is
//! about before its accessories, word dropping, split and joined words,
//! normalization, synonyms and highlights.

use serde_json::{Value, json};

use crate::helpers::{TestApp, deadline, spawn_app, titles, wait_until};

/// (title, brand, description, popularity)
const SHOP: &[(&str, &str, &str, f64)] = &[
    (
        "Apple - iPhone 7 32GB - Black",
        "Apple",
        "The iPhone 7.",
        900.0,
    ),
    (
        "Apple - iPhone 7 Plus 128GB - Rose Gold",
        "Apple",
        "Bigger.",
        500.0,
    ),
    (
        "OtterBox - Defender Series Case for Apple iPhone 7 - Black",
        "OtterBox",
        "A rugged case.",
        800.0,
    ),
    (
        "Insignia - Hard Shell Case for iPhone 7 - Clear",
        "Insignia",
        "Slim protection.",
        950.0,
    ),
    (
        "Samsung - Galaxy S7 32GB - Black Onyx",
        "Samsung",
        "Android phone.",
        700.0,
    ),
    (
        "Samsung - Galaxy Watch Smartwatch 42mm",
        "Samsung",
        "A smartwatch.",
        300.0,
    ),
    (
        "Belkin - USB-C to Lightning Cable 6' - White",
        "Belkin",
        "Charges fast.",
        200.0,
    ),
    (
        "Sony - 65\" Class BRAVIA 4K TV",
        "Sony",
        "Café-grade picture™.",
        400.0,
    ),
];

async fn shop() -> TestApp {
    let app = spawn_app().await;
    let category = app.create_category("Electronics").await;
    for &(title, brand, description, popularity) in SHOP {
        app.insert_product(category, title, Some(brand), description, popularity)
            .await;
    }
    app.reindex().await;
    app
}

#[tokio::test]
async fn the_product_a_title_names_ranks_before_accessories_for_it() {
    let app = shop().await;
    let iphone7 = app.search("q=iphone%207").await;
    assert_eq!(
        &titles(&iphone7)[..2],
        [
            "Apple - iPhone 7 32GB - Black",
            "Apple - iPhone 7 Plus 128GB - Rose Gold"
        ],
        "phones first, although a case is more popular"
    );
    // Four products match both words: too few for a page, so "7" becomes
    // optional and "iphone" (or, with a typo, "phone") fills it after them.
    assert_eq!(iphone7["matching"]["optional"], json!(["7"]));
    assert_eq!(iphone7["matching"]["dropped"], json!([]));
    assert_eq!(titles(&iphone7)[4], "Samsung - Galaxy S7 32GB - Black Onyx");
    // With "case" the cases match more words; the more popular first.
    assert_eq!(
        &titles(&app.search("q=iphone%207%20case").await)[..2],
        [
            "Insignia - Hard Shell Case for iPhone 7 - Clear",
            "OtterBox - Defender Series Case for Apple iPhone 7 - Black"
        ]
    );
    assert_eq!(
        titles(&app.search("q=otterbox").await),
        ["OtterBox - Defender Series Case for Apple iPhone 7 - Black"],
        "a brand query"
    );
}

#[tokio::test]
async fn words_that_match_nothing_are_dropped_and_the_answer_says_so() {
    let app = shop().await;
    let page = app.search("q=iphone%207%20cases%20water%20proof").await;
    // The words that match nothing are dropped; then words are made
    // optional from the end to fill the page, what matches the most words
    // first.
    assert_eq!(page["matching"]["dropped"], json!(["water", "proof"]));
    assert_eq!(page["matching"]["optional"], json!(["7", "cases"]));
    assert_eq!(
        &titles(&page)[..2],
        [
            "Insignia - Hard Shell Case for iPhone 7 - Clear",
            "OtterBox - Defender Series Case for Apple iPhone 7 - Black"
        ],
        "the two cases for iPhone 7 first"
    );
    let last = app.search("q=galaxy%20black%20plus").await;
    assert_eq!(last["matching"]["strategy"], "last", "{last}");
    assert_eq!(last["matching"]["dropped"], json!(["plus"]));
    assert_eq!(last["matching"]["optional"], json!(["black"]));
    assert_eq!(
        titles(&last),
        [
            "Samsung - Galaxy S7 32GB - Black Onyx",
            "Samsung - Galaxy Watch Smartwatch 42mm"
        ]
    );
    let nothing = app.search("q=zzzz%20for%20qqqq").await;
    assert_eq!(nothing["count"], 0);
    assert_eq!(nothing["matching"]["dropped"], json!(["zzzz", "qqqq"]));
}

/// Where Meilisearch's `last` would keep "sony" (the first word) and show
/// the TV, the fewest words are dropped wherever they are.
#[tokio::test]
async fn the_fewest_words_are_dropped_wherever_they_are_in_the_query() {
    let app = shop().await;
    let page = app.search("q=sony%20galaxy%20s7").await;
    assert_eq!(page["matching"]["dropped"], json!(["sony"]), "{page}");
    assert_eq!(page["matching"]["optional"], json!(["s7"]));
    assert_eq!(
        titles(&page),
        [
            "Samsung - Galaxy S7 32GB - Black Onyx",
            "Samsung - Galaxy Watch Smartwatch 42mm"
        ]
    );
    // The two words that match together are the last two: every pair is
    // tried before a single word is kept.
    let page = app.search("q=otterbox%20sony%20galaxy%20s7").await;
    assert_eq!(
        page["matching"]["dropped"],
        json!(["otterbox", "sony"]),
        "{page}"
    );
    assert_eq!(titles(&page)[0], "Samsung - Galaxy S7 32GB - Black Onyx");
    // "for" only ends the kind's name: no title needs to say it.
    let page = app.search("q=galaxy%20for%20android").await;
    assert_eq!(page["matching"]["dropped"], json!([]), "{page}");
    assert_eq!(
        titles(&page)[0],
        "Samsung - Galaxy S7 32GB - Black Onyx",
        "{page}"
    );
}

/// Recovery decides which words to keep among the products the filters
/// let through: filtered to Sony, "sony galaxy s7" is the Sony TV, not an
/// empty page because the Galaxy S7 is a Samsung.
#[tokio::test]
async fn a_filtered_page_drops_the_words_no_product_passing_the_filters_has() {
    let app = shop().await;
    let tv = app.create_category("TV & Home Theater").await;
    sqlx::query("UPDATE products SET category_id = $1, price = 500 WHERE brand = 'Sony'")
        .bind(tv)
        .execute(&app.db)
        .await
        .unwrap();
    // A store carries the Sony TV in stock and the Galaxy S7 sold out.
    let store = app.create_store("Downtown").await;
    for (title, quantity) in [
        ("Sony - 65\" Class BRAVIA 4K TV", 3),
        ("Samsung - Galaxy S7 32GB - Black Onyx", 0),
    ] {
        let product: i64 = sqlx::query_scalar("SELECT id FROM products WHERE title = $1")
            .bind(title)
            .fetch_one(&app.db)
            .await
            .unwrap();
        app.set_stock(store, product, quantity).await;
    }
    app.reindex().await;
    let sony_tv = ["Sony - 65\" Class BRAVIA 4K TV"];
    for filter in [
        "brand=Sony".to_string(),
        format!("category={tv}"),
        "min_price=200".to_string(),
        format!("category={tv}&brand=Sony&max_price=600"),
        format!("store_id={store}&in_stock=true"),
    ] {
        let page = app.search(&format!("q=sony%20galaxy%20s7&{filter}")).await;
        assert_eq!(titles(&page), sony_tv, "{filter}: {page}");
        assert_eq!(page["count"], 1, "{filter}");
        assert_eq!(
            page["matching"]["dropped"],
            json!(["galaxy", "s7"]),
            "{filter}"
        );
        // Disjunctive facets count the words kept: only Sony's products
        // say "sony".
        assert_eq!(
            page["facets"]["brand"],
            json!([{"value": "Sony", "count": 1}]),
            "{filter}"
        );
    }
    // Within Apple's products "case" matches nothing: the phones answer.
    let page = app.search("q=iphone%207%20case&brand=Apple").await;
    assert_eq!(page["matching"]["dropped"], json!(["case"]), "{page}");
    assert_eq!(
        titles(&page)[..2],
        [
            "Apple - iPhone 7 32GB - Black",
            "Apple - iPhone 7 Plus 128GB - Rose Gold"
        ]
    );
    // When no word matches a product the filters let through, the page is
    // empty, but the facets (each ignoring its own filter) still show
    // where the words match, as the words chosen without the filters.
    let page = app.search("q=galaxy&brand=Apple").await;
    assert_eq!(page["count"], 0, "{page}");
    assert_eq!(page["matching"]["dropped"], json!([]));
    assert_eq!(
        page["facets"]["brand"],
        json!([{"value": "Samsung", "count": 2}]),
        "{page}"
    );
}

/// A page is filled from the most words that fill it, wherever they are in
/// the query, as recovery drops them: "kids tablet" finds one kids'
/// tablet, then the other tablets, not the other kids' products that
/// Meilisearch's `last` (keeping "kids") would list.
#[tokio::test]
async fn a_page_is_filled_from_the_most_words_that_fill_it() {
    let app = spawn_app().await;
    let category = app.create_category("Electronics").await;
    app.create_product(category, "Amazon - Fire HD 8 Kids Tablet", "99")
        .await;
    for n in 1..=11 {
        app.create_product(category, &format!("Acme - Tablet {n}"), "199")
            .await;
    }
    for title in ["Acme - Kids Headphones", "Acme - Kids Smartwatch"] {
        app.create_product(category, title, "49").await;
    }
    app.reindex().await;
    let page = app.search("q=kids%20tablet&page_size=20").await;
    let found = titles(&page);
    assert_eq!(
        found.first(),
        Some(&"Amazon - Fire HD 8 Kids Tablet"),
        "{page}"
    );
    assert_eq!(page["count"], 12, "{page}");
    assert!(found.iter().all(|title| title.contains("Tablet")), "{page}");
    assert_eq!(page["matching"]["optional"], json!(["kids"]), "{page}");
}

/// Sorted by price (or date, or popularity), products matching fewer words
/// would mix with those matching all: the page is not filled with them.
#[tokio::test]
async fn a_page_sorted_by_price_is_not_filled_with_partial_matches() {
    let app = shop().await;
    let page = app.search("q=iphone%207%20case&sort=price_asc").await;
    assert_eq!(page["count"], 2, "{page}");
    assert_eq!(page["matching"]["optional"], json!([]));
    let relevance = app.search("q=iphone%207%20case").await;
    assert_eq!(relevance["matching"]["optional"], json!(["7", "case"]));
}

#[tokio::test]
async fn split_joined_normalized_and_synonym_words_find_the_same_products() {
    let app = shop().await;
    for (query, expected) in [
        ("iphone7%2032gb", "Apple - iPhone 7 32GB - Black"),
        ("iphone%207%2032%20gb", "Apple - iPhone 7 32GB - Black"),
        ("smart%20watch", "Samsung - Galaxy Watch Smartwatch 42mm"),
        (
            "usbc%20cable",
            "Belkin - USB-C to Lightning Cable 6' - White",
        ),
        (
            "usb%20c%20cable",
            "Belkin - USB-C to Lightning Cable 6' - White",
        ),
        ("65%20inch%20bravia", "Sony - 65\" Class BRAVIA 4K TV"),
        ("caf%C3%A9%20picture", "Sony - 65\" Class BRAVIA 4K TV"),
        ("cafe%20picture", "Sony - 65\" Class BRAVIA 4K TV"),
    ] {
        let page = app.search(&format!("q={query}")).await;
        assert_eq!(titles(&page).first(), Some(&expected), "{query}: {page}");
    }
    let synonyms = json!({
        "facets": [],
        "stop_words": [],
        "synonyms": [["tv", "television"], {"input": "cellphone", "synonyms": ["iphone", "galaxy s7"]}]
    });
    let saved = crate::settings::put(&app, &synonyms).await;
    assert_eq!(saved.status(), reqwest::StatusCode::OK);
    // Through the change log, without a reindex.
    wait_until(deadline(), "the synonyms to apply", || async {
        let page = app.search("q=television").await;
        (titles(&page) == ["Sony - 65\" Class BRAVIA 4K TV"]).then_some(())
    })
    .await;
    let phones = app.search("q=cellphone&page_size=50").await;
    assert!(
        titles(&phones).contains(&"Samsung - Galaxy S7 32GB - Black Onyx"),
        "a multi-word one-way synonym: {phones}"
    );
}

/// The short names shoppers type for humped ones: "ps5" and "ps 5" are the
/// "PlayStation 5" a console's title spells out, so the console ranks as
/// what its title names, before a headset and a stand "for PS5" that are
/// more popular.
/// The word being typed joins its neighbour as a prefix: "micro sd" is on
/// its way to "microSDXC".
#[tokio::test]
async fn initials_and_a_joined_prefix_find_the_names_spelled_out() {
    let app = spawn_app().await;
    let category = app.create_category("Electronics").await;
    for (title, popularity) in [
        ("Sony - PlayStation 5 Slim Console - White", 100.0),
        ("Turtle Beach - Gaming Headset for PS5 - Black", 900.0),
        ("Acme - Vertical Stand for PS5 Slim - Black", 950.0),
        ("SanDisk - Extreme 256GB microSDXC Memory Card", 50.0),
        ("Bose - SoundLink Micro Speaker", 800.0),
    ] {
        app.insert_product(category, title, None, "", popularity)
            .await;
    }
    app.reindex().await;
    for query in ["ps5", "ps%205"] {
        let page = app.search(&format!("q={query}")).await;
        assert_eq!(
            titles(&page),
            [
                "Sony - PlayStation 5 Slim Console - White",
                "Acme - Vertical Stand for PS5 Slim - Black",
                "Turtle Beach - Gaming Headset for PS5 - Black"
            ],
            "{query}: {page}"
        );
    }
    // The initials sit where the name does: "ps5 slim" are near words of
    // the console's title as they are of the stand's.
    let page = app.search("q=ps5%20slim").await;
    assert_eq!(
        titles(&page).first(),
        Some(&"Sony - PlayStation 5 Slim Console - White"),
        "{page}"
    );
    let page = app.search("q=micro%20sd").await;
    assert_eq!(
        titles(&page).first(),
        Some(&"SanDisk - Extreme 256GB microSDXC Memory Card"),
        "{page}"
    );
    assert_eq!(page["matching"]["dropped"], json!([]), "{page}");
}

#[tokio::test]
async fn hits_highlight_what_matched_and_escape_the_rest() {
    let app = shop().await;
    let page = app.search("q=defender%20rugged").await;
    let hit = &page["results"][0];
    assert_eq!(
        hit["highlight"]["title"],
        "OtterBox - <mark>Defender</mark> Series Case for Apple iPhone 7 - Black"
    );
    assert_eq!(
        hit["highlight"]["description"],
        "A <mark>rugged</mark> case."
    );
    let tv = app.search("q=bravia").await;
    assert_eq!(
        tv["results"][0]["highlight"]["title"],
        "Sony - 65&quot; Class <mark>BRAVIA</mark> 4K TV"
    );
    assert!(
        app.search("").await["results"][0]
            .get("highlight")
            .is_none()
    );
}

#[tokio::test]
async fn suggest_ranks_popular_products_first_and_suggests_categories() {
    let app = shop().await;
    let suggestions: Value = app
        .get("/api/search/suggest/?q=app")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        suggestions["suggestions"][0]["title"], "Apple - iPhone 7 32GB - Black",
        "{suggestions}"
    );
    let categories: Value = app
        .get("/api/search/suggest/?q=elec")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        categories["categories"],
        json!([{"id": 1, "value": "Electronics", "path": ["Electronics"], "count": 8}])
    );
}
