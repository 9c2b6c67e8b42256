//! The shop page's files as the service serves them (every module the page
//! imports, with its type, cache validator and security headers), and the
//! public per-store stock route its product view reads.

use reqwest::{StatusCode, header};
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

/// The paths of the files `index.html` and the modules load, followed from
/// `/` through every `import ... from "./x.js"`.
async fn page_files(app: &TestApp) -> Vec<String> {
    let page = app.get("/").await.text().await.expect("page");
    let mut files: Vec<String> = page
        .split(['"', '\''])
        .filter(|part| part.starts_with("/shop/"))
        .map(str::to_owned)
        .collect();
    let mut at = 0;
    while at < files.len() {
        if files[at].ends_with(".js") {
            let module = app.get(&files[at]).await.text().await.expect("module");
            for import in module.split("from \"./").skip(1) {
                let name = import.split('"').next().expect("a quoted name");
                let path = format!("/shop/{name}");
                if !files.contains(&path) {
                    files.push(path);
                }
            }
        }
        at += 1;
    }
    files
}

#[tokio::test]
async fn the_page_and_every_module_it_imports_are_served_with_their_types() {
    let app = spawn_app().await;
    let page = app.get("/").await;
    assert_eq!(page.status(), StatusCode::OK);
    let headers = page.headers().clone();
    assert_eq!(headers[header::CONTENT_TYPE], "text/html; charset=utf-8");
    let policy = headers[header::CONTENT_SECURITY_POLICY]
        .to_str()
        .expect("ascii");
    assert!(policy.starts_with("default-src 'self';"), "{policy}");
    assert!(!policy.contains("unsafe-inline"), "{policy}");
    let body = page.text().await.expect("body");
    assert!(body.contains(r#"<script type="module" src="/shop/main.js">"#));

    let files = page_files(&app).await;
    assert!(
        files.len() >= 10,
        "the page loads its CSS and modules: {files:?}"
    );
    for path in files {
        let response = app.get(&path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let expected = if path.ends_with(".css") {
            "text/css; charset=utf-8"
        } else {
            "text/javascript; charset=utf-8"
        };
        let headers = response.headers();
        assert_eq!(headers[header::CONTENT_TYPE], expected, "{path}");
        assert_eq!(headers[header::CACHE_CONTROL], "no-cache", "{path}");
        assert_eq!(headers[header::X_CONTENT_TYPE_OPTIONS], "nosniff", "{path}");
        assert!(headers.contains_key(header::ETAG), "{path}");
        assert!(!response.bytes().await.expect("body").is_empty(), "{path}");
    }
}

#[tokio::test]
async fn a_file_the_browser_already_has_answers_304_without_a_body() {
    let app = spawn_app().await;
    for path in ["/", "/shop/main.js", "/shop/shop.css"] {
        let first = app.get(path).await;
        let etag = first.headers()[header::ETAG]
            .to_str()
            .expect("ascii")
            .to_owned();
        assert!(
            etag.starts_with('"') && etag.ends_with('"'),
            "a strong tag: {etag}"
        );
        for (sent, expected) in [
            (etag.clone(), StatusCode::NOT_MODIFIED),
            (format!("W/{etag}"), StatusCode::NOT_MODIFIED),
            (format!("\"other\", {etag}"), StatusCode::NOT_MODIFIED),
            ("\"other\"".to_owned(), StatusCode::OK),
        ] {
            let response = app
                .client
                .get(app.url(path))
                .header(header::IF_NONE_MATCH, &sent)
                .send()
                .await
                .expect("request sent");
            assert_eq!(response.status(), expected, "{path} with {sent}");
            assert_eq!(response.headers()[header::ETAG], etag.as_str());
            let body = response.bytes().await.expect("body");
            assert_eq!(
                body.is_empty(),
                expected == StatusCode::NOT_MODIFIED,
                "{path}"
            );
        }
    }
}

#[tokio::test]
async fn only_the_page_s_own_files_are_served() {
    let app = spawn_app().await;
    for path in [
        "/shop/nope.js",
        "/shop/index.html",
        "/shop/..%2FCargo.toml",
        "/shop/..%2F..%2Fsrc%2Fmain.rs",
        "/shop/",
        "/shop/main.js.map",
    ] {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::NOT_FOUND, "{path}");
        let body: Value = response.json().await.expect("the error shape");
        assert_eq!(body["error"]["code"], "route_not_found", "{path}");
    }
}

#[tokio::test]
async fn product_stock_lists_every_store_with_the_quantity_or_null_where_not_carried() {
    let app = spawn_app().await;
    let category = app.create_category("Garden").await;
    let hose = app.create_product(category, "Garden Hose", "19.50").await;
    let beta = app.create_store("Beta Market").await;
    let alpha = app.create_store("alpha depot").await;
    let gamma = app.create_store("Gamma Yard").await;
    sqlx::query("UPDATE stores SET latitude = 52.5, longitude = 13.4 WHERE id = $1")
        .bind(beta)
        .execute(&app.db)
        .await
        .expect("coordinates");
    app.set_stock(beta, hose, 4).await;
    app.set_stock(gamma, hose, 0).await;

    let response = app.get(&format!("/products/{hose}/stock/")).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body: Value = response.json().await.expect("JSON");
    let store = |id: i64, name: &str, at: Option<(f64, f64)>, quantity: Option<i32>| {
        json!({"store_id": id, "name": name, "location": "Main Street 1",
               "latitude": at.map(|a| a.0), "longitude": at.map(|a| a.1), "quantity": quantity})
    };
    assert_eq!(
        body,
        json!({"product_id": hose, "stores": [
            store(alpha, "alpha depot", None, None),
            store(beta, "Beta Market", Some((52.5, 13.4)), Some(4)),
            store(gamma, "Gamma Yard", None, Some(0)),
        ]}),
        "every store by name, case-insensitively; null where not carried, 0 where sold out"
    );
}

#[tokio::test]
async fn product_stock_refuses_bad_and_unknown_products() {
    let app = spawn_app().await;
    let category = app.create_category("Garden").await;
    let gone = app.create_product(category, "Old Rake", "9.00").await;
    sqlx::query("UPDATE products SET deleted_at = now() WHERE id = $1")
        .bind(gone)
        .execute(&app.db)
        .await
        .expect("deleted");
    let cases = [
        (
            "/products/0/stock/",
            StatusCode::BAD_REQUEST,
            "validation_failed",
        ),
        (
            "/products/abc/stock/",
            StatusCode::BAD_REQUEST,
            "validation_failed",
        ),
        (
            "/products/-1/stock/",
            StatusCode::BAD_REQUEST,
            "validation_failed",
        ),
        (
            "/products/99999999999999999999/stock/",
            StatusCode::BAD_REQUEST,
            "validation_failed",
        ),
        (
            "/products/424242/stock/",
            StatusCode::NOT_FOUND,
            "not_found",
        ),
        (
            &format!("/products/{gone}/stock/"),
            StatusCode::NOT_FOUND,
            "not_found",
        ),
    ];
    for (path, status, code) in cases {
        let response = app.get(path).await;
        assert_eq!(response.status(), status, "{path}");
        let body: Value = response.json().await.expect("the error shape");
        assert_eq!(body["error"]["code"], code, "{path}");
    }
    let response = app
        .client
        .post(app.url("/products/1/stock/"))
        .send()
        .await
        .expect("request sent");
    assert_eq!(response.status(), StatusCode::METHOD_NOT_ALLOWED);
}
