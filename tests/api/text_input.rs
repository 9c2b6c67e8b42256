//! Control characters in every text a client can send: a 400 with the error
//! body naming the field (or a per-line failure in an import), never a 500
//! and never a row. Descriptions keep their line breaks and tabs.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::{helpers::spawn_app, import::import};

/// NUL (which PostgreSQL refuses), escape, backspace, DEL and a C1 code.
const BAD: [&str; 5] = ["\u{0}", "\u{1b}[2J", "\u{8}", "\u{7f}", "\u{85}"];

#[tokio::test]
async fn control_characters_are_refused_at_every_entry_point() {
    let app = spawn_app().await;
    let category = app.create_category("Lighting").await;
    let product = app.create_product(category, "Desk Lamp", "10").await;
    let product_path = format!("/products/{product}/");
    let category_path = format!("/categories/{category}/");
    let mut cases: Vec<(String, Method, &str, Value, &str)> = Vec::new();
    for bad in BAD {
        let text = format!("Lamp{bad}Shade");
        let valid = json!({"title": "Lamp", "price": 5, "category_id": category});
        let with = |field: &str| {
            let mut body = valid.clone();
            body[field] = json!(text);
            body
        };
        for field in ["title", "description", "external_id"] {
            cases.push((
                format!("create, {field} with {bad:?}"),
                Method::POST,
                "/products/",
                with(field),
                field,
            ));
            let patch = json!({ field: text });
            cases.push((
                format!("patch, {field} with {bad:?}"),
                Method::PATCH,
                &product_path,
                patch,
                field,
            ));
        }
        let name = json!({"name": text});
        cases.push((
            format!("new category {bad:?}"),
            Method::POST,
            "/categories/",
            name.clone(),
            "name",
        ));
        cases.push((
            format!("rename category {bad:?}"),
            Method::PATCH,
            &category_path,
            name,
            "name",
        ));
    }
    for (name, method, path, body, field) in cases {
        let response = app.admin(method, path).json(&body).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{name}");
        let answer: Value = response.json().await.unwrap();
        assert_eq!(
            answer["error"]["code"], "validation_failed",
            "{name}: {answer}"
        );
        let problem = answer["error"]["details"][field]
            .as_str()
            .unwrap_or_default();
        assert!(problem.contains("control characters"), "{name}: {answer}");
    }
    assert_eq!(app.count("products").await, 1, "nothing created");
    assert_eq!(app.count("categories").await, 1);
    let (title, description, external_id): (String, String, Option<String>) =
        sqlx::query_as("SELECT title, description, external_id FROM products")
            .fetch_one(&app.db)
            .await
            .unwrap();
    assert_eq!(
        (title.as_str(), external_id),
        ("Desk Lamp", None),
        "nothing changed"
    );
    assert_eq!(description, "About the Desk Lamp.");
    let name: String = sqlx::query_scalar("SELECT name FROM categories")
        .fetch_one(&app.db)
        .await
        .unwrap();
    assert_eq!(name, "Lighting");

    let prose = "Two lines:\r\nwarm\tlight\n";
    let response = app
        .admin(Method::PATCH, &product_path)
        .json(&json!({"description": prose}))
        .send()
        .await
        .unwrap();
    assert_eq!(
        response.status(),
        StatusCode::OK,
        "layout in a description is fine"
    );
    assert_eq!(
        response.json::<Value>().await.unwrap()["description"],
        prose
    );
}

#[tokio::test]
async fn control_characters_fail_their_import_line_with_its_number() {
    let app = spawn_app().await;
    app.create_category("Lighting").await;
    let good = json!({"title": "Lamp", "price": 5, "category": "Lighting"});
    let mut lines = vec![good.to_string()];
    let mut expected = Vec::new();
    for bad in BAD {
        for field in ["title", "description", "category", "external_id"] {
            let mut line = good.clone();
            line[field] = json!(format!("Light{bad}ing"));
            lines.push(line.to_string());
            expected.push((lines.len() as i64, field));
        }
    }
    lines.push(good.to_string());
    for body in [lines.join("\n"), format!("[{}]", lines.join(","))] {
        let (status, report) = import(&app, body).await;
        assert_eq!(status, StatusCode::OK, "{report}");
        assert_eq!(report["imported"], 2, "{report}");
        let failures = report["failures"].as_array().unwrap();
        assert_eq!(failures.len(), expected.len(), "{report}");
        for (failure, (line, field)) in failures.iter().zip(&expected) {
            assert_eq!(failure["line"], *line, "{report}");
            let error = failure["error"].as_str().unwrap();
            assert!(
                error.contains(field) && error.contains("control characters"),
                "{error}"
            );
        }
    }
    assert_eq!(app.count("products").await, 4, "only the good lines");
}
