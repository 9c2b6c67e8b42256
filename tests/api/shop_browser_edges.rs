//! The shop page's edges, in the same browser session as the shopper's
//! path of `shop_browser.rs`: highlights rendered as text, an API error in
//! words, the phone-width layout, accessible names, nearest store first.

use serde_json::json;

use crate::{
    browser::Browser,
    helpers::TestApp,
    shop_fixture::{click, page_matches_api},
};

/// A highlight (issue 10's `<mark>`-delimited, HTML-escaped text) becomes
/// text and <mark> elements only: escaped markup stays visible text, and a
/// stray tag is shown, never run.
pub async fn highlights_are_text_with_marks(b: &Browser) {
    let rendered = b
        .js(
            "const highlight = arguments[0];
             return import('/shop/dom.js').then(({ marked }) => {
                 const box = document.createElement('div');
                 box.append(marked(highlight));
                 return { text: box.textContent, elements: [...box.querySelectorAll('*')].map((e) => e.outerHTML) };
             });",
            vec![json!(
                "<mark>Lap</mark>top &lt;img src=x onerror=alert(1)&gt; &amp; <b>bold</b> &#39;<mark>13</mark>&#39;"
            )],
        )
        .await;
    assert_eq!(
        rendered,
        json!({
            "text": "Laptop <img src=x onerror=alert(1)> & <b>bold</b> '13'",
            "elements": ["<mark>Lap</mark>", "<mark>13</mark>"],
        })
    );
}

/// An API error is shown in words; at phone width nothing overflows
/// sideways, filters fold behind a button, and every control has a name.
pub async fn errors_and_phone(b: &Browser, app: &TestApp, laptops: i64) {
    b.client
        .goto(&app.url("/?page=3"))
        .await
        .expect("page loads");
    let notice = b
        .wait_js(
            "the search error in words",
            "const notice = document.querySelector('#notice');
             return notice.hidden ? null : notice.textContent;",
            vec![],
        )
        .await;
    let notice = notice.as_str().unwrap_or_default();
    assert!(
        notice.starts_with("The search failed. Page is beyond the last page"),
        "{notice}"
    );
    b.screenshot("08-error").await;
    click(b, "#notice button").await;
    let (count, query) = page_matches_api(b, app).await;
    assert_eq!((count, query.as_str()), (26, ""), "back on the first page");

    b.client
        .goto(&app.url("/?q=zzxqv"))
        .await
        .expect("page loads");
    let nothing = b
        .wait_js(
            "the no-results message",
            "const box = document.querySelector('#no-results');
             return box.hidden ? null : box.querySelector('.big').textContent;",
            vec![],
        )
        .await;
    assert_eq!(nothing, json!("No products match “zzxqv”."));

    b.client
        .set_window_size(390, 844)
        .await
        .expect("phone size");
    b.client
        .goto(&app.url(&format!("/?category={laptops}")))
        .await
        .expect("page loads");
    assert_eq!(page_matches_api(b, app).await.0, 3);
    let layout = b
        .js(
            "const facets = document.querySelector('#facets');
             return { overflow: document.documentElement.scrollWidth - document.documentElement.clientWidth,
                      facets: facets.offsetParent !== null };",
            vec![],
        )
        .await;
    assert_eq!(
        layout,
        json!({ "overflow": 0, "facets": false }),
        "phone layout"
    );
    click(b, "#filters-toggle").await;
    b.wait_js(
        "the filters to unfold",
        "return document.querySelector('#facets').offsetParent !== null;",
        vec![],
    )
    .await;
    b.screenshot("09-phone").await;

    let unnamed = b
        .js(
            "const named = (el) => (el.getAttribute('aria-label') || '').trim()
                 || [...(el.labels || [])].some((l) => l.textContent.trim())
                 || (el.tagName === 'BUTTON' && el.textContent.trim());
             return [...document.querySelectorAll('button, input, select')]
                 .filter((el) => !named(el)).map((el) => el.outerHTML.slice(0, 120));",
            vec![],
        )
        .await;
    assert_eq!(unnamed, json!([]), "controls without an accessible name");
}

/// Once the browser gives a location, the nearest store comes first; a
/// store without coordinates comes last.
pub async fn nearest_store_first(b: &Browser, app: &TestApp) {
    // Harbor Street's own coordinates: 0 km away; Central Mall ~255 km.
    b.give_location(&app.address, 53.55, 9.99).await;
    b.client.goto(&app.url("/")).await.expect("page loads");
    let options = b
        .wait_js(
            "the stores sorted by distance",
            "const options = [...document.querySelectorAll('#store option')].map((o) => o.textContent);
             return options.length > 1 && options[1].includes('km') ? options : null;",
            vec![],
        )
        .await;
    assert_eq!(
        options,
        json!([
            "All stores",
            "Harbor Street — Main Street 1 (0.0 km)",
            "Central Mall — Main Street 1 (255 km)",
            "North Depot — Main Street 1",
        ])
    );
}
