//! The shop page in a real (headless) Chromium against a real service: a
//! shopper's path from the first keystroke to a CONFIRMED and a REJECTED
//! order, with the page's counts and results checked against the API's
//! answer for the very URL the page shows. Screenshots of each state are
//! saved under the target directory (`tmp/shop/`).

use fantoccini::{Locator, key::Key};
use serde_json::{Value, json};

use crate::{
    browser::Browser,
    helpers::{TestApp, deadline, spawn_app, wait_until},
    shop_browser_edges::{errors_and_phone, highlights_are_text_with_marks, nearest_store_first},
    shop_fixture::{Catalog, click, page_matches_api, page_query, shop_catalog, wait_url_has},
};

#[tokio::test]
async fn a_shopper_searches_filters_picks_a_store_and_orders_in_a_real_browser() {
    let app = spawn_app().await;
    let catalog = shop_catalog(&app).await;
    let b = Browser::start(1280, 900, "shop").await;
    b.client.goto(&app.url("/")).await.expect("page loads");

    // Home: every product, newest first, two pages; page 2 and back again.
    let (count, _) = page_matches_api(&b, &app).await;
    assert_eq!(count, 26);
    b.screenshot("01-home").await;
    click(&b, "#pager button[aria-label='Page 2']").await;
    wait_url_has(&b, "page=2").await;
    assert_eq!(page_matches_api(&b, &app).await.0, 26);
    b.client.back().await.expect("back");
    let url = b.client.current_url().await.expect("url");
    assert_eq!(
        url.as_str(),
        app.url("/"),
        "back returns to the first page of the shop"
    );
    let (_, query) = page_matches_api(&b, &app).await;
    assert_eq!(query, "", "back to the first page");

    suggestions(&b, &app).await;
    facets(&b, &app, catalog.laptops).await;
    store_and_orders(&b, &app, &catalog).await;
    highlights_are_text_with_marks(&b).await;
    errors_and_phone(&b, &app, catalog.laptops).await;
    nearest_store_first(&b, &app).await;
    b.close().await;
}

/// Three letters show suggestions (the API's, in its order); Escape closes
/// them, arrows move, Enter picks: the product view opens with its stock at
/// every store, as PostgreSQL has it.
async fn suggestions(b: &Browser, app: &TestApp) {
    let input = b.client.find(Locator::Css("#q")).await.expect("search box");
    input.send_keys("lap").await.expect("typing");
    let api: Value = app
        .get("/api/search/suggest/?q=lap&limit=8")
        .await
        .json()
        .await
        .expect("suggest JSON");
    let titles: Vec<String> = api["suggestions"]
        .as_array()
        .expect("suggestions")
        .iter()
        .map(|s| s["title"].as_str().expect("title").to_owned())
        .collect();
    assert!(
        titles.len() >= 2,
        "the fixture has four 'lap' titles: {titles:?}"
    );
    let shown = b
        .wait_js(
            "suggestions under the box",
            "const list = document.querySelector('#suggestions');
             const options = [...list.querySelectorAll('[role=option][data-index]')];
             return !list.hidden && options.length ? options.map((o) => o.textContent) : null;",
            vec![],
        )
        .await;
    let shown: Vec<String> = serde_json::from_value(shown).expect("texts");
    // Suggested categories come first, then the products.
    let categories = api["categories"].as_array().map_or(0, Vec::len);
    assert!(
        shown[..categories]
            .iter()
            .all(|c| c.starts_with("Category")),
        "{shown:?}"
    );
    let shown = &shown[categories..];
    assert_eq!(shown.len(), titles.len(), "{shown:?} vs {titles:?}");
    for (text, title) in shown.iter().zip(&titles) {
        assert!(text.starts_with(title.as_str()), "{text:?} shows {title:?}");
    }
    assert_eq!(
        input.attr("aria-expanded").await.expect("attr").as_deref(),
        Some("true")
    );
    b.screenshot("02-suggestions").await;

    input.send_keys(&Key::Escape).await.expect("escape");
    b.wait_js(
        "Escape to close the suggestions",
        "return document.querySelector('#suggestions').hidden
             && document.querySelector('#q').getAttribute('aria-expanded') === 'false';",
        vec![],
    )
    .await;
    // Past the suggested categories, to the second product.
    let mut keys = String::new();
    for _ in 0..categories + 2 {
        keys.push_str(&Key::Down.to_string());
    }
    input.send_keys(&keys).await.expect("arrows");
    b.wait_js(
        "the second product suggestion to be active",
        "const q = document.querySelector('#q');
         const active = document.getElementById(q.getAttribute('aria-activedescendant'));
         return active && active.id === 'suggestion-' + arguments[0] && active.getAttribute('aria-selected') === 'true';",
        vec![json!(categories + 1)],
    )
    .await;
    input.send_keys(&Key::Enter).await.expect("enter");

    let picked = &titles[1];
    let id = api["suggestions"][1]["id"].as_i64().expect("id");
    b.wait_js(
        "the product view of the picked suggestion",
        "const dialog = document.querySelector('#product');
         return dialog.open && dialog.querySelector('#product-title')?.textContent === arguments[0];",
        vec![json!(picked)],
    )
    .await;
    let q = wait_url_has(b, "q=").await;
    let sent: String = url::form_urlencoded::parse(q.as_bytes())
        .find(|(k, _)| k == "q")
        .map(|(_, v)| v.into_owned())
        .expect("q in the URL");
    assert_eq!(&sent, picked, "picking searches for the title");

    let expected: Vec<(String, Option<i32>)> = sqlx::query_as(
        "SELECT s.name, i.quantity FROM stores s
           LEFT JOIN inventory i ON i.store_id = s.id AND i.product_id = $1
          ORDER BY s.name",
    )
    .bind(id)
    .fetch_all(&app.db)
    .await
    .expect("stock read");
    let rows = b
        .wait_js(
            "the stock table",
            "const rows = [...document.querySelectorAll('#product tbody tr')];
             return rows.length ? rows.map((r) => [r.querySelector('th').firstChild.textContent,
                                                   r.querySelector('td').textContent]) : null;",
            vec![],
        )
        .await;
    let mut rows: Vec<(String, String)> = serde_json::from_value(rows).expect("rows");
    rows.sort();
    let expected: Vec<(String, String)> = expected
        .into_iter()
        .map(|(name, quantity)| {
            let text = match quantity {
                None => "Not carried".to_owned(),
                Some(0) => "Sold out".to_owned(),
                Some(n) => format!("{n} in stock"),
            };
            (name, text)
        })
        .collect();
    assert_eq!(rows, expected, "stock of {picked}");
    b.screenshot("03-product").await;
    click(b, "#product .close").await;
    b.wait_js(
        "the product view to close",
        "return !document.querySelector('#product').open;",
        vec![],
    )
    .await;
}

/// A category and a brand: the page shows
/// the API's count and results for its URL; back and forward walk them.
async fn facets(b: &Browser, app: &TestApp, laptops: i64) {
    let input = b.client.find(Locator::Css("#q")).await.expect("search box");
    input.clear().await.expect("clear");
    click(b, "#search-form button[type=submit]").await;
    wait_until(deadline(), "the query to leave the URL", || async {
        (!page_query(b).await.contains("q=")).then_some(())
    })
    .await;
    assert_eq!(page_matches_api(b, app).await.0, 26);
    click(
        b,
        &format!("[data-facet='category'] [data-value='{laptops}']"),
    )
    .await;
    wait_url_has(b, &format!("category={laptops}")).await;
    let (laptop_count, _) = page_matches_api(b, app).await;
    assert_eq!(laptop_count, 3);

    let answer = app.search(&page_query(b).await).await;
    let brands = answer["facets"]["brand"]
        .as_array()
        .cloned()
        .unwrap_or_default();
    assert!(
        brands.iter().any(|brand| brand["value"] == "Lapis"),
        "the brand facet lists Lapis: {answer}"
    );
    click(b, "[data-facet='brand'] input[data-value='Lapis']").await;
    wait_url_has(b, "brand=Lapis").await;
    let expected = 2;
    let (count, query) = page_matches_api(b, app).await;
    assert_eq!(count, expected, "{query}");
    b.screenshot("04-filtered").await;

    if expected == 2 {
        b.client.back().await.expect("back");
        let (count, query) = page_matches_api(b, app).await;
        assert_eq!(
            (count, query.contains("brand=")),
            (3, false),
            "back: {query}"
        );
        b.client.forward().await.expect("forward");
        let (count, query) = page_matches_api(b, app).await;
        assert_eq!(
            (count, query.contains("brand=Lapis")),
            (2, true),
            "forward: {query}"
        );
    } else {
        b.client.back().await.expect("back");
        let (count, query) = page_matches_api(b, app).await;
        assert_eq!((count, query.as_str()), (26, ""), "back");
        b.client.forward().await.expect("forward");
        assert_eq!(page_matches_api(b, app).await.0, 3, "forward");
    }

    // Sorting keeps the filters; the page shows the API's order.
    b.client
        .find(Locator::Css("#sort"))
        .await
        .expect("sort")
        .select_by_value("price_asc")
        .await
        .expect("sorted");
    wait_url_has(b, "sort=price_asc").await;
    assert_eq!(page_matches_api(b, app).await.0, expected);
}

/// The store picker lists every store by name (the browser gives no
/// location); a store and "in stock" leave the two laptops stocked there;
/// both go in the cart and the order is CONFIRMED (PostgreSQL's stock
/// moves), then an order of more than the store has is REJECTED with its
/// short line, and nothing moves.
async fn store_and_orders(b: &Browser, app: &TestApp, catalog: &Catalog) {
    let central = catalog.central;
    let options = b
        .wait_js(
            "the store picker's stores",
            "const options = [...document.querySelectorAll('#store option')];
             return options.length > 1 ? options.map((o) => o.textContent) : null;",
            vec![],
        )
        .await;
    let options: Vec<String> = serde_json::from_value(options).expect("texts");
    let names: Vec<&str> = options
        .iter()
        .map(|o| o.split(" — ").next().unwrap_or_default())
        .collect();
    assert_eq!(
        names,
        ["All stores", "Central Mall", "Harbor Street", "North Depot"]
    );
    b.client
        .find(Locator::Css("#store"))
        .await
        .expect("store picker")
        .select_by_value(&central.to_string())
        .await
        .expect("store picked");
    wait_url_has(b, &format!("store_id={central}")).await;
    page_matches_api(b, app).await;
    click(b, "#in-stock").await;
    wait_url_has(b, "in_stock=true").await;
    let (count, query) = page_matches_api(b, app).await;
    assert_eq!(
        count, 2,
        "the Lapis laptops are in stock at Central Mall: {query}"
    );
    b.screenshot("05-store").await;

    click(
        b,
        &format!(".card[data-product-id='{}'] button.add", catalog.lapis_pro),
    )
    .await;
    click(
        b,
        &format!(".card[data-product-id='{}'] button.add", catalog.lapis_air),
    )
    .await;
    b.wait_js(
        "two units in the cart",
        "return document.querySelector('#cart-count').textContent === '2';",
        vec![],
    )
    .await;
    click(b, "#cart-button").await;
    click(b, "#place-order").await;
    let status = b
        .wait_js(
            "the order's answer",
            "return document.querySelector('#order-result [data-status]')?.textContent ?? null;",
            vec![],
        )
        .await;
    assert!(
        status.as_str().unwrap_or_default().starts_with("CONFIRMED"),
        "{status}"
    );
    b.screenshot("06-confirmed").await;
    assert_eq!(app.stock(central, catalog.lapis_pro).await, Some(4));
    assert_eq!(app.stock(central, catalog.lapis_air).await, Some(2));
    let placed: Vec<String> = sqlx::query_scalar("SELECT status::text FROM orders ORDER BY id")
        .fetch_all(&app.db)
        .await
        .expect("orders");
    assert_eq!(placed, ["CONFIRMED"]);

    // The cart covers the right of the page: close it to reach the card.
    click(b, "#cart-close").await;
    click(
        b,
        &format!(".card[data-product-id='{}'] button.add", catalog.lapis_air),
    )
    .await;
    click(b, "#cart-button").await;
    let quantity = b
        .client
        .find(Locator::Css(&format!(
            "#cart-lines li[data-product-id='{}'] input",
            catalog.lapis_air
        )))
        .await
        .expect("quantity box");
    quantity
        .send_keys(&(Key::Backspace + "50" + &Key::Tab))
        .await
        .expect("quantity typed");
    b.wait_js(
        "50 units in the cart",
        "return document.querySelector('#cart-count').textContent === '50';",
        vec![],
    )
    .await;
    click(b, "#place-order").await;
    let rejected = b
        .wait_js(
            "the REJECTED answer",
            "const answer = document.querySelector('#order-result [data-status=REJECTED]');
             return answer ? [...answer.querySelectorAll('.shortages li')].map((li) => li.textContent) : null;",
            vec![],
        )
        .await;
    assert_eq!(
        rejected,
        json!(["Lapis Air Laptop 13: you asked for 50, 2 available (short by 48)"])
    );
    b.screenshot("07-rejected").await;
    assert_eq!(
        app.stock(central, catalog.lapis_air).await,
        Some(2),
        "nothing moved"
    );
    let placed: Vec<String> = sqlx::query_scalar("SELECT status::text FROM orders ORDER BY id")
        .fetch_all(&app.db)
        .await
        .expect("orders");
    assert_eq!(placed, ["CONFIRMED", "REJECTED"]);
}
