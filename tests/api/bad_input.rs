//! Bad input, on purpose: each case gets its 4xx and the one error body, and
//! nothing is written.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::spawn_app;

struct Case {
    name: &'static str,
    method: Method,
    path: String,
    content_type: Option<&'static str>,
    body: String,
    status: StatusCode,
    code: &'static str,
}

fn case(
    name: &'static str,
    method: Method,
    path: &str,
    body: &str,
    status: u16,
    code: &'static str,
) -> Case {
    Case {
        name,
        method,
        path: path.to_owned(),
        content_type: Some("application/json"),
        body: body.to_owned(),
        status: StatusCode::from_u16(status).unwrap(),
        code,
    }
}

fn order(store: i64, product: i64, quantity: &str) -> String {
    format!(
        r#"{{"store_id": {store}, "items": [{{"product_id": {product}, "quantity_requested": {quantity}}}]}}"#
    )
}

#[tokio::test]
async fn bad_requests_get_a_clear_4xx_and_write_nothing() {
    let app = spawn_app().await;
    let category = app.create_category("Phones").await;
    let store = app.create_store("North").await;
    let product = app.create_product(category, "Phone", "100").await;
    app.set_stock(store, product, 5).await;

    let post = Method::POST;
    let get = Method::GET;
    let too_many_lines = json!({
        "store_id": store,
        "items": (1..=101).map(|i| json!({"product_id": i, "quantity_requested": 1})).collect::<Vec<_>>()
    })
    .to_string();
    let huge_body =
        json!({"store_id": store, "items": [], "padding": "x".repeat(70_000)}).to_string();
    let mut cases = vec![
        case(
            "truncated JSON",
            post.clone(),
            "/orders/",
            r#"{"store_id": 1,"#,
            400,
            "malformed_json",
        ),
        case(
            "not JSON at all",
            post.clone(),
            "/orders/",
            "store_id=1",
            400,
            "malformed_json",
        ),
        case(
            "a JSON array",
            post.clone(),
            "/orders/",
            "[]",
            400,
            "validation_failed",
        ),
        case(
            "an order as an array of its fields",
            post.clone(),
            "/orders/",
            &format!("[{store}, [[{product}, 1]]]"),
            400,
            "validation_failed",
        ),
        case(
            "missing items",
            post.clone(),
            "/orders/",
            &format!(r#"{{"store_id": {store}}}"#),
            400,
            "validation_failed",
        ),
        case(
            "store id as a string",
            post.clone(),
            "/orders/",
            r#"{"store_id": "one", "items": []}"#,
            400,
            "validation_failed",
        ),
        case(
            "zero quantity",
            post.clone(),
            "/orders/",
            &order(store, product, "0"),
            400,
            "validation_failed",
        ),
        case(
            "negative quantity",
            post.clone(),
            "/orders/",
            &order(store, product, "-5"),
            400,
            "validation_failed",
        ),
        case(
            "absurd quantity",
            post.clone(),
            "/orders/",
            &order(store, product, "1000000000"),
            400,
            "validation_failed",
        ),
        case(
            "quantity beyond 64 bits",
            post.clone(),
            "/orders/",
            &order(store, product, "99999999999999999999999"),
            400,
            "validation_failed",
        ),
        case(
            "fractional quantity",
            post.clone(),
            "/orders/",
            &order(store, product, "1.5"),
            400,
            "validation_failed",
        ),
        case(
            "zero product id",
            post.clone(),
            "/orders/",
            &order(store, 0, "1"),
            400,
            "validation_failed",
        ),
        case(
            "negative store id",
            post.clone(),
            "/orders/",
            &order(-3, product, "1"),
            400,
            "validation_failed",
        ),
        case(
            "empty items",
            post.clone(),
            "/orders/",
            &format!(r#"{{"store_id": {store}, "items": []}}"#),
            400,
            "validation_failed",
        ),
        case(
            "too many lines",
            post.clone(),
            "/orders/",
            &too_many_lines,
            400,
            "validation_failed",
        ),
        case(
            "unknown field",
            post.clone(),
            "/orders/",
            &format!(r#"{{"store_id": {store}, "items": [], "coupon": "x"}}"#),
            400,
            "validation_failed",
        ),
        case(
            "body over the size limit",
            post.clone(),
            "/orders/",
            &huge_body,
            413,
            "payload_too_large",
        ),
        case(
            "unknown store",
            post.clone(),
            "/orders/",
            &order(store + 1000, product, "1"),
            422,
            "unknown_reference",
        ),
        case(
            "unknown product",
            post.clone(),
            "/orders/",
            &order(store, product + 1000, "1"),
            422,
            "unknown_reference",
        ),
        case(
            "non-numeric store in path",
            get.clone(),
            "/stores/abc/orders/",
            "",
            400,
            "validation_failed",
        ),
        case(
            "zero store in path",
            get.clone(),
            "/stores/0/inventory/",
            "",
            400,
            "validation_failed",
        ),
        case(
            "store id beyond 64 bits",
            get.clone(),
            "/stores/99999999999999999999/orders/",
            "",
            400,
            "validation_failed",
        ),
        case(
            "page zero",
            get.clone(),
            &format!("/stores/{store}/orders/?page=0"),
            "",
            400,
            "validation_failed",
        ),
        case(
            "page size over 100",
            get.clone(),
            &format!("/stores/{store}/orders/?page_size=101"),
            "",
            400,
            "validation_failed",
        ),
        case(
            "non-numeric page",
            get.clone(),
            &format!("/stores/{store}/inventory/?page=two"),
            "",
            400,
            "validation_failed",
        ),
        case(
            "unknown store listing",
            get.clone(),
            "/stores/4242/orders/",
            "",
            404,
            "not_found",
        ),
        case(
            "unknown route",
            get.clone(),
            "/nowhere",
            "",
            404,
            "route_not_found",
        ),
        case(
            "wrong method",
            get.clone(),
            "/orders/",
            "",
            405,
            "method_not_allowed",
        ),
    ];
    cases.push(Case {
        content_type: Some("text/plain"),
        ..case(
            "wrong content type",
            post.clone(),
            "/orders/",
            &order(store, product, "1"),
            415,
            "unsupported_media_type",
        )
    });
    cases.push(Case {
        content_type: None,
        ..case(
            "no content type",
            post.clone(),
            "/orders/",
            &order(store, product, "1"),
            415,
            "unsupported_media_type",
        )
    });

    for case in cases {
        let mut request = app.client.request(case.method.clone(), app.url(&case.path));
        if let Some(content_type) = case.content_type {
            request = request.header("content-type", content_type);
        }
        if !case.body.is_empty() {
            request = request.body(case.body.clone());
        }
        let response = request.send().await.unwrap();
        assert_eq!(response.status(), case.status, "{}", case.name);
        let body: Value = response
            .json()
            .await
            .unwrap_or_else(|e| panic!("{}: error body is not JSON: {e}", case.name));
        assert_eq!(body["error"]["code"], case.code, "{}: {body}", case.name);
        assert!(
            body["error"]["message"]
                .as_str()
                .is_some_and(|m| !m.is_empty()),
            "{}: {body}",
            case.name
        );
    }

    assert_eq!(app.count("orders").await, 0, "no order was written");
    assert_eq!(app.count("order_items").await, 0);
    assert_eq!(app.stock(store, product).await, Some(5), "no stock moved");
}
