//! A product's brand, attributes, image and popularity through the admin
//! API: every bad value is a 400 naming its field and writes nothing; a
//! PATCH leaves absent fields, clears `null` ones and replaces the
//! attributes whole; the public `GET /products/{id}/` answers the contract
//! shape, `category_path` included.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

async fn send(app: &TestApp, method: Method, path: &str, body: &Value) -> (StatusCode, Value) {
    let response = app.admin(method, path).json(body).send().await.unwrap();
    let status = response.status();
    (status, response.json().await.unwrap_or(Value::Null))
}

/// The product's row as the database holds it, to see that nothing changed.
async fn stored(app: &TestApp, id: i64) -> Value {
    sqlx::query_scalar(
        "SELECT jsonb_build_object('title', title, 'brand', brand, 'attributes', attributes,
                                   'image_url', image_url, 'popularity', popularity, 'price', price)
           FROM products WHERE id = $1",
    )
    .bind(id)
    .fetch_one(&app.db)
    .await
    .unwrap()
}

#[tokio::test]
async fn every_bad_descriptive_value_is_a_400_naming_its_field_and_writes_nothing() {
    let app = spawn_app().await;
    let category = app.create_category("Cell Phones").await;
    let product = app.create_product(category, "Phone", "100").await;
    let path = format!("/products/{product}/");
    let before = stored(&app, product).await;
    let many: serde_json::Map<String, Value> =
        (0..51).map(|i| (format!("k{i}"), json!(i))).collect();
    let cases: Vec<(Value, &str)> = vec![
        (json!({"brand": ""}), "brand"),
        (json!({"brand": "  "}), "brand"),
        (json!({"brand": "b".repeat(201)}), "brand"),
        (json!({"brand": "Ac\u{0}me"}), "brand"),
        (json!({"brand": 7}), "brand"),
        (json!({"brand": ["Apple"]}), "brand"),
        (json!({"image_url": "ftp://img.example/a.jpg"}), "image_url"),
        (
            json!({"image_url": "data:image/png;base64,AAAA"}),
            "image_url",
        ),
        (json!({"image_url": "/relative/a.jpg"}), "image_url"),
        (
            json!({"image_url": "https://img.example/\u{7}.jpg"}),
            "image_url",
        ),
        (
            json!({"image_url": format!("https://img.example/{}", "a".repeat(2048))}),
            "image_url",
        ),
        (json!({"image_url": 42}), "image_url"),
        (json!({"popularity": -0.5}), "popularity"),
        (json!({"popularity": "high"}), "popularity"),
        (json!({"popularity": null}), "popularity"),
        (json!({"attributes": null}), "attributes"),
        (json!({"attributes": "color=black"}), "attributes"),
        (json!({"attributes": many}), "attributes"),
        (
            json!({"attributes": {"Color": "Black"}}),
            "attributes.Color",
        ),
        (
            json!({"attributes": {"screen size": 6}}),
            "attributes.screen size",
        ),
        (json!({"attributes": {"color": ""}}), "attributes.color"),
        (
            json!({"attributes": {"color": "x".repeat(201)}}),
            "attributes.color",
        ),
        (
            json!({"attributes": {"color": "a\u{1b}b"}}),
            "attributes.color",
        ),
        (json!({"attributes": {"color": false}}), "attributes.color"),
        (
            json!({"attributes": {"color": {"en": "Black"}}}),
            "attributes.color",
        ),
        (json!({"attributes": {"carrier": []}}), "attributes.carrier"),
        (
            json!({"attributes": {"carrier": ["AT&T", 5]}}),
            "attributes.carrier",
        ),
        (
            json!({"attributes": {"carrier": vec!["AT&T"; 21]}}),
            "attributes.carrier",
        ),
    ];
    let products_before = app.count("products").await;
    for (bad, field) in cases {
        let mut create = json!({"title": "New Phone", "price": 5, "category_id": category});
        for (key, value) in bad.as_object().unwrap() {
            create[key] = value.clone();
        }
        for (method, path, body) in [
            (Method::POST, "/products/", &create),
            (Method::PATCH, path.as_str(), &bad),
        ] {
            let (status, answer) = send(&app, method.clone(), path, body).await;
            assert_eq!(status, StatusCode::BAD_REQUEST, "{method} {bad}: {answer}");
            assert_eq!(answer["error"]["code"], "validation_failed", "{answer}");
            let details = answer["error"]["details"].as_object().unwrap();
            assert!(
                details.contains_key(field) && details.len() == 1,
                "{method} {bad}: details {details:?} should name only {field}"
            );
        }
    }
    assert_eq!(
        app.count("products").await,
        products_before,
        "nothing created"
    );
    assert_eq!(stored(&app, product).await, before, "nothing changed");
}

#[tokio::test]
async fn a_patch_leaves_absent_fields_clears_nulls_and_replaces_the_attributes() {
    let app = spawn_app().await;
    let phones = app.create_category("Cell Phones").await;
    let created = send(
        &app,
        Method::POST,
        "/products/",
        &json!({"title": "Apple - iPhone 7 32GB - Black", "price": 449.99, "category_id": phones,
                "brand": " Apple ", "attributes": {"color": "Black", "storage_gb": 32,
                "carrier": ["AT&T", "Verizon"]}, "image_url": "https://img.example/5592218.jpg",
                "popularity": 812}),
    )
    .await;
    assert_eq!(created.0, StatusCode::CREATED, "{}", created.1);
    let id = created.1["id"].as_i64().unwrap();
    assert_eq!(created.1["brand"], "Apple", "trimmed");
    assert_eq!(created.1["popularity"], 812.0);
    let path = format!("/products/{id}/");

    let (status, title_only) =
        send(&app, Method::PATCH, &path, &json!({"title": "iPhone 7"})).await;
    assert_eq!(status, StatusCode::OK);
    for field in ["brand", "attributes", "image_url", "popularity", "price"] {
        assert_eq!(
            title_only[field], created.1[field],
            "{field} left as it was"
        );
    }

    let (_, replaced) = send(
        &app,
        Method::PATCH,
        &path,
        &json!({"attributes": {"color": "Gold"}}),
    )
    .await;
    assert_eq!(
        replaced["attributes"],
        json!({"color": "Gold"}),
        "replaced whole, not merged"
    );
    assert_eq!(replaced["brand"], "Apple");

    let (_, cleared) = send(
        &app,
        Method::PATCH,
        &path,
        &json!({"brand": null, "image_url": null, "popularity": 0}),
    )
    .await;
    assert_eq!(cleared["brand"], Value::Null);
    assert_eq!(cleared["image_url"], Value::Null);
    assert_eq!(cleared["popularity"], 0.0);
    assert_eq!(cleared["attributes"], json!({"color": "Gold"}));
    let row = stored(&app, id).await;
    assert_eq!(
        row["brand"],
        Value::Null,
        "cleared in the database too: {row}"
    );
    assert_eq!(row["image_url"], Value::Null);

    let (_, emptied) = send(&app, Method::PATCH, &path, &json!({"attributes": {}})).await;
    assert_eq!(emptied["attributes"], json!({}));
    let fetched: Value = app.get(&path).await.json().await.unwrap();
    assert_eq!(fetched, emptied, "GET answers what the PATCH answered");
}

#[tokio::test]
async fn a_product_is_public_in_the_contract_shape_with_its_category_path() {
    let app = spawn_app().await;
    let (_, phones) = send(
        &app,
        Method::POST,
        "/categories/",
        &json!({"name": "Cell Phones"}),
    )
    .await;
    let (_, iphone) = send(
        &app,
        Method::POST,
        "/categories/",
        &json!({"name": "iPhone", "parent_id": phones["id"]}),
    )
    .await;
    let (_, iphone7) = send(
        &app,
        Method::POST,
        "/categories/",
        &json!({"name": "iPhone 7", "parent_id": iphone["id"]}),
    )
    .await;
    let (status, created) = send(
        &app,
        Method::POST,
        "/products/",
        &json!({"title": "Apple - iPhone 7 32GB - Black", "description": "A phone.", "price": 449.99,
                "category_id": iphone7["id"], "brand": "Apple",
                "attributes": {"color": "Black", "storage_gb": 32},
                "image_url": "https://img.example/5592218.jpg", "popularity": 812.5,
                "external_id": "5592218"}),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_i64().unwrap();

    let response = app.get(&format!("/products/{id}/")).await;
    assert_eq!(response.status(), StatusCode::OK, "no token needed");
    let product: Value = response.json().await.unwrap();
    assert_eq!(product, created);
    let expected = json!({
        "id": id, "title": "Apple - iPhone 7 32GB - Black", "description": "A phone.",
        "price": 449.99, "category_id": iphone7["id"], "category": "iPhone 7",
        "category_path": ["Cell Phones", "iPhone", "iPhone 7"], "brand": "Apple",
        "attributes": {"color": "Black", "storage_gb": 32},
        "image_url": "https://img.example/5592218.jpg", "popularity": 812.5,
        "external_id": "5592218",
    });
    let mut shown = product.as_object().unwrap().clone();
    for stamp in ["created_at", "updated_at"] {
        assert!(
            shown.remove(stamp).is_some_and(|s| s.is_string()),
            "{stamp}"
        );
    }
    assert_eq!(Value::Object(shown), expected);

    let missing = app.get(&format!("/products/{}/", id + 1000)).await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    assert_eq!(
        missing.json::<Value>().await.unwrap()["error"]["code"],
        "not_found"
    );
    let bad = app.get("/products/abc/").await;
    assert_eq!(bad.status(), StatusCode::BAD_REQUEST);

    let deleted = app
        .admin(Method::DELETE, &format!("/products/{id}/"))
        .send()
        .await
        .unwrap();
    assert_eq!(deleted.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        app.get(&format!("/products/{id}/")).await.status(),
        StatusCode::NOT_FOUND
    );
    // The write routes on the same path still need the token.
    let anonymous = app
        .client
        .patch(app.url(&format!("/products/{id}/")))
        .json(&json!({"title": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status(), StatusCode::UNAUTHORIZED);
}
