//! What the browser test of the shop page stands on: a small catalog whose
//! answers the test knows, and the ways it reads the page (its URL, its
//! count and results against the API's answer for that URL).

use fantoccini::Locator;
use serde_json::json;

use crate::{
    browser::Browser,
    helpers::{TestApp, deadline, wait_until},
};

pub struct Catalog {
    pub laptops: i64,
    pub central: i64,
    pub lapis_pro: i64,
    pub lapis_air: i64,
}

/// 26 products (two pages), three stores (one without coordinates).
pub async fn shop_catalog(app: &TestApp) -> Catalog {
    let central = store(app, "Central Mall", Some((52.52, 13.40))).await;
    let harbor = store(app, "Harbor Street", Some((53.55, 9.99))).await;
    store(app, "North Depot", None).await;
    let laptops = app.create_category("Laptops").await;
    let audio = app.create_category("Audio").await;
    let lapis_pro = app
        .create_product(laptops, "Lapis Pro Laptop 14", "1299.00")
        .await;
    let lapis_air = app
        .create_product(laptops, "Lapis Air Laptop 13", "999.00")
        .await;
    let lapwing = app
        .create_product(laptops, "Lapwing Gaming Laptop 17", "1899.00")
        .await;
    let lapel = app
        .create_product(audio, "Lapel Microphone Clip", "29.90")
        .await;
    for n in 1..=22 {
        let cable = app
            .create_product(audio, &format!("Harbor Audio Cable {n}"), "9.99")
            .await;
        set_brand(app, cable, "Harbor").await;
        app.set_stock(harbor, cable, n % 3).await;
    }
    set_brand(app, lapis_pro, "Lapis").await;
    set_brand(app, lapis_air, "Lapis").await;
    set_brand(app, lapwing, "Wingtech").await;
    app.set_stock(central, lapis_pro, 5).await;
    app.set_stock(central, lapis_air, 3).await;
    app.set_stock(central, lapwing, 0).await;
    app.set_stock(central, lapel, 7).await;
    app.set_stock(harbor, lapwing, 9).await;
    app.reindex().await;
    Catalog {
        laptops,
        central,
        lapis_pro,
        lapis_air,
    }
}

async fn set_brand(app: &TestApp, product: i64, brand: &str) {
    sqlx::query("UPDATE products SET brand = $2 WHERE id = $1")
        .bind(product)
        .bind(brand)
        .execute(&app.db)
        .await
        .expect("brand set");
}

async fn store(app: &TestApp, name: &str, at: Option<(f64, f64)>) -> i64 {
    sqlx::query_scalar(
        "INSERT INTO stores (name, location, latitude, longitude)
         VALUES ($1, 'Main Street 1', $2, $3) RETURNING id",
    )
    .bind(name)
    .bind(at.map(|(lat, _)| lat))
    .bind(at.map(|(_, lon)| lon))
    .fetch_one(&app.db)
    .await
    .expect("store inserted")
}

/// The query string of the page's URL, which is the search API's own.
pub async fn page_query(b: &Browser) -> String {
    let url = b.client.current_url().await.expect("current url");
    url.query().unwrap_or_default().to_owned()
}

/// Waits until the page shows what the API answers for the page's URL (the
/// count and the product ids in order); answers the count and the URL query.
pub async fn page_matches_api(b: &Browser, app: &TestApp) -> (u64, String) {
    wait_until(deadline(), "the page to show the API's answer", || async {
        let query = page_query(b).await;
        let answer = app.search(&query).await;
        let ids: Vec<u64> = answer["results"]
            .as_array()?
            .iter()
            .filter_map(|hit| hit["id"].as_u64())
            .collect();
        let shown = b
            .js(
                "const n = document.querySelector('#result-count')?.dataset.count;
                 const ids = [...document.querySelectorAll('#results > li')]
                     .map((li) => Number(li.dataset.productId));
                 return { count: n === undefined ? null : Number(n), ids };",
                vec![],
            )
            .await;
        let count = answer["count"].as_u64()?;
        (shown["count"] == json!(count) && shown["ids"] == json!(ids)).then_some((count, query))
    })
    .await
}

pub async fn click(b: &Browser, css: &str) {
    // Each answer re-renders its part of the page: an element found just
    // before that is gone (stale) and was not clicked, so find it again.
    wait_until(deadline(), &format!("a click on {css}"), || async {
        let element = b.client.find(Locator::Css(css)).await.ok()?;
        match element.click().await {
            Ok(()) => Some(()),
            Err(err) if err.to_string().contains("stale element") => None,
            Err(err) => panic!("click {css}: {err}"),
        }
    })
    .await
}

pub async fn wait_url_has(b: &Browser, part: &str) -> String {
    wait_until(deadline(), &format!("the URL to have {part}"), || async {
        let query = page_query(b).await;
        query.contains(part).then_some(query)
    })
    .await
}
