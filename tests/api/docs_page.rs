//! `GET /docs`: Swagger UI on `/openapi.json`, served from the binary with
//! a policy that allows no other origin, and working under it in Chromium.

use reqwest::{StatusCode, header};
use serde_json::json;

use crate::{browser::Browser, helpers::spawn_app, openapi::document};

#[tokio::test]
async fn the_docs_page_and_its_files_come_from_the_binary() {
    let app = spawn_app().await;
    let page = app.get("/docs/").await;
    assert_eq!(page.status(), StatusCode::OK);
    let headers = page.headers().clone();
    assert_eq!(headers[header::CONTENT_TYPE], "text/html; charset=utf-8");
    let policy = headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .expect("ascii");
    assert!(policy.starts_with("default-src 'self';"), "{policy}");
    assert!(
        !policy.contains("http"),
        "no other origin is allowed: {policy}"
    );
    assert!(
        !policy.contains("script-src"),
        "scripts: own files only: {policy}"
    );
    let html = page.text().await.expect("the page");

    let files: Vec<&str> = html
        .split('"')
        .filter(|part| part.starts_with("/docs/"))
        .collect();
    assert_eq!(
        files,
        [
            "/docs/swagger-ui.css",
            "/docs/swagger-ui-bundle.js",
            "/docs/docs.js"
        ]
    );
    let init = app
        .get("/docs/docs.js")
        .await
        .text()
        .await
        .expect("docs.js");
    assert!(init.contains(r#"url: "/openapi.json""#), "{init}");
    assert!(init.contains("validatorUrl: null"), "{init}");
    for text in [&html, &init] {
        assert!(
            !text.contains("http:") && !text.contains("https:"),
            "{text}"
        );
    }

    for path in files {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let expected = if path.ends_with(".css") {
            "text/css; charset=utf-8"
        } else {
            "text/javascript; charset=utf-8"
        };
        assert_eq!(response.headers()[header::CONTENT_TYPE], expected, "{path}");
        let etag = response.headers()[header::ETAG].clone();
        assert!(!response.bytes().await.expect("body").is_empty(), "{path}");
        let again = app
            .client
            .get(app.url(path))
            .header(header::IF_NONE_MATCH, etag)
            .send()
            .await
            .expect("request sent");
        assert_eq!(again.status(), StatusCode::NOT_MODIFIED, "{path}");
    }
    for missing in ["/docs/index.html", "/docs/LICENSE", "/docs/swagger-ui.js"] {
        let response = app.get(missing).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{missing}");
    }
}

/// Swagger UI runs under the page's policy in a real Chromium and lists
/// every operation of the document, having loaded nothing from elsewhere.
#[tokio::test]
async fn swagger_ui_shows_every_operation_in_a_browser() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let operations: usize = doc["paths"]
        .as_object()
        .expect("paths")
        .values()
        .map(|item| item.as_object().expect("a path item").len())
        .sum();
    let browser = Browser::start(1280, 900, "docs").await;
    browser
        .client
        .goto(&app.url("/docs"))
        .await
        .expect("the page opens");
    let shown = browser
        .wait_js(
            "Swagger UI to list the operations",
            "const n = document.querySelectorAll('.opblock').length; return n > 0 ? n : null;",
            vec![],
        )
        .await;
    browser.screenshot("docs").await;
    assert_eq!(shown, json!(operations));
    let elsewhere = browser
        .js(
            "return performance.getEntriesByType('resource')
                .map(e => e.name).filter(n => !n.startsWith(location.origin));",
            vec![],
        )
        .await;
    assert_eq!(elsewhere, json!([]));
    browser.close().await;
}
