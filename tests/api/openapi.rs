//! `GET /openapi.json` against the router it describes: a well-formed
//! OpenAPI 3.1 document, every route of `src/` in it and every path in it
//! served with the methods it lists (and 405 for the others), its limits
//! the domain's own, and the search parameters it lists the ones the parser
//! reads. (`scripts/fuzz-api.sh` checks every answer against the document;
//! `docs_page.rs` the Swagger UI page on it.)

use std::collections::{BTreeMap, BTreeSet};

use reqwest::{Method, StatusCode, header};
use serde_json::{Value, json};

use crate::helpers::{TestApp, spawn_app};

const METHODS: [&str; 5] = ["get", "put", "post", "delete", "patch"];

pub async fn document(app: &TestApp) -> Value {
    let response = app.get("/openapi.json").await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()[header::CONTENT_TYPE], "application/json");
    response.json().await.expect("the document is JSON")
}

/// Every `$ref` in `value`, with where it is.
fn refs(value: &Value, at: &str, found: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("$ref", Value::String(target)) => found.push((at.to_owned(), target.clone())),
                    _ => refs(value, &format!("{at}/{key}"), found),
                }
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                refs(item, &format!("{at}/{i}"), found);
            }
        }
        _ => {}
    }
}

#[tokio::test]
async fn the_document_is_openapi_3_1_with_every_reference_resolved() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    assert_eq!(doc["openapi"], "3.1.0");
    assert_eq!(doc["info"]["title"], "catalog");
    assert!(doc["info"]["version"].is_string());
    assert_eq!(
        doc["components"]["securitySchemes"]["bearer"],
        json!({"type": "http", "scheme": "bearer",
               "description": "`ADMIN_TOKEN`; without one configured, 403"})
    );

    let mut found = Vec::new();
    refs(&doc, "", &mut found);
    assert!(found.len() > 50, "the document refers to its schemas");
    for (at, target) in found {
        let pointer = target
            .strip_prefix('#')
            .unwrap_or_else(|| panic!("{at}: {target} is not local"));
        assert!(doc.pointer(pointer).is_some(), "{at}: {target} is missing");
    }

    let mut operation_ids = BTreeSet::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, operation) in item.as_object().expect("a path item") {
            assert!(METHODS.contains(&method.as_str()), "{method} {path}");
            let id = operation["operationId"].as_str().expect("an operation id");
            assert!(operation_ids.insert(id), "{id} is not unique");
            let responses = operation["responses"].as_object().expect("responses");
            assert!(responses.keys().any(|status| status.starts_with('2')));
            // Each error answer is the one error body.
            for (status, response) in responses {
                if status.starts_with('4') || status.starts_with('5') {
                    assert_eq!(
                        response["content"]["application/json"]["schema"]["$ref"],
                        "#/components/schemas/ErrorBody",
                        "{method} {path} {status}"
                    );
                }
            }
            // The deadline covers every route; the admin token every admin one.
            assert!(responses.contains_key("408"), "{method} {path}");
            let admin = operation["tags"][0] == "admin";
            assert_eq!(operation["security"] == json!([{"bearer": []}]), admin);
            for status in ["401", "403"] {
                assert_eq!(responses.contains_key(status), admin, "{method} {path}");
            }
            for status in ["429", "503"] {
                if let Some(response) = responses.get(status) {
                    assert!(response["headers"]["Retry-After"].is_object());
                }
            }
        }
    }
}

/// The path of every `.route("...")` in `src/`: what the router serves,
/// read from the code so that a new route cannot go undocumented.
fn routed_paths() -> BTreeSet<String> {
    fn read(dir: &std::path::Path, paths: &mut BTreeSet<String>) {
        for entry in std::fs::read_dir(dir).expect("a source directory") {
            let path = entry.expect("an entry").path();
            if path.is_dir() {
                read(&path, paths);
                continue;
            }
            if path.extension().is_none_or(|ext| ext != "rs") {
                continue;
            }
            let source = std::fs::read_to_string(&path).expect("source");
            for other in [".nest(", ".route_service(", ".nest_service("] {
                assert!(
                    !source.contains(other),
                    "{}: {other} is not read here",
                    path.display()
                );
            }
            for call in source.split(".route(").skip(1) {
                let literal = call.trim_start().strip_prefix('"').expect("a literal path");
                paths.insert(literal[..literal.find('"').expect("closed")].to_owned());
            }
        }
    }
    let mut paths = BTreeSet::new();
    read(
        std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src")),
        &mut paths,
    );
    paths
}

/// A concrete URL for a documented path: ids that exist nowhere, files by
/// their documented example.
fn concrete(path: &str, item: &Value) -> String {
    let mut url = path.to_owned();
    for operation in item.as_object().expect("a path item").values() {
        for parameter in operation["parameters"].as_array().into_iter().flatten() {
            if parameter["in"] != "path" {
                continue;
            }
            let name = parameter["name"].as_str().expect("a name");
            let value = match &parameter["example"] {
                Value::String(example) => example.clone(),
                _ => "987654".to_owned(),
            };
            url = url.replace(&format!("{{{name}}}"), &value);
        }
    }
    url
}

#[tokio::test]
async fn every_route_is_documented_and_served_with_exactly_the_documented_methods() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let paths = doc["paths"].as_object().expect("paths");
    let documented: BTreeSet<String> = paths.keys().cloned().collect();
    assert_eq!(
        routed_paths(),
        documented,
        "the router's paths (src/) and the document's"
    );

    for (path, item) in paths {
        let url = concrete(path, item);
        for method in METHODS {
            let request = app.admin(
                Method::from_bytes(method.to_uppercase().as_bytes()).unwrap(),
                &url,
            );
            let request = match method {
                "get" | "delete" => request,
                _ => request.json(&json!({})),
            };
            let response = request.send().await.expect("request sent");
            let status = response.status();
            let body = response.bytes().await.expect("body");
            let code =
                serde_json::from_slice::<Value>(&body).unwrap_or_default()["error"]["code"].clone();
            let what = format!("{method} {url} answered {status} {code}");
            match item.get(method) {
                Some(operation) => {
                    assert_ne!(code, "route_not_found", "{what}");
                    assert_ne!(code, "method_not_allowed", "{what}");
                    assert!(
                        operation["responses"].get(status.as_str()).is_some(),
                        "{what}, which the document does not list"
                    );
                }
                None => {
                    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED, "{what}");
                    assert_eq!(code, "method_not_allowed", "{what}");
                }
            }
        }
    }
}

/// The numbers the document states are the constants the checks use.
#[tokio::test]
async fn the_documented_limits_are_the_ones_enforced() {
    use catalog::domain::{category, fields, order, pagination, product, search};

    let app = spawn_app().await;
    let doc = document(&app).await;
    let schema = |name: &str, field: &str, key: &str| {
        doc["components"]["schemas"][name]["properties"][field][key].clone()
    };
    let parameter = |path: &str, name: &str, key: &str| {
        doc["paths"][path]["get"]["parameters"]
            .as_array()
            .expect("parameters")
            .iter()
            .find(|p| p["name"] == name)
            .unwrap_or_else(|| panic!("{path} documents {name}"))["schema"][key]
            .clone()
    };
    let cases = [
        (
            schema("PlaceOrderRequest", "items", "maxItems"),
            json!(order::MAX_LINES),
        ),
        (
            schema("OrderLineRequest", "quantity_requested", "maximum"),
            json!(order::MAX_QUANTITY),
        ),
        (
            schema("ProductInput", "title", "maxLength"),
            json!(product::MAX_TITLE_CHARS),
        ),
        (
            schema("ProductInput", "description", "maxLength"),
            json!(product::MAX_DESCRIPTION_CHARS),
        ),
        (
            schema("ProductInput", "external_id", "maxLength"),
            json!(product::MAX_EXTERNAL_ID_CHARS),
        ),
        (
            schema("ProductInput", "brand", "maxLength"),
            json!(fields::MAX_BRAND_CHARS),
        ),
        (
            schema("StockInput", "quantity", "maximum"),
            json!(product::MAX_STOCK),
        ),
        (
            schema("CategoryInput", "name", "maxLength"),
            json!(category::MAX_CATEGORY_CHARS),
        ),
        (
            parameter("/stores/{store_id}/orders", "page_size", "maximum"),
            json!(pagination::MAX_PAGE_SIZE),
        ),
        (
            parameter("/api/search/products", "page_size", "maximum"),
            json!(pagination::MAX_PAGE_SIZE),
        ),
        (
            parameter("/api/search/products", "facet_limit", "maximum"),
            json!(search::MAX_FACET_LIMIT),
        ),
        (
            parameter("/api/search/products", "q", "maxLength"),
            json!(search::MAX_QUERY_CHARS),
        ),
        (
            parameter("/api/search/suggest", "q", "minLength"),
            json!(search::MIN_SUGGEST_CHARS),
        ),
        (
            parameter("/api/search/suggest", "limit", "maximum"),
            json!(search::MAX_SUGGEST_LIMIT),
        ),
    ];
    for (i, (documented, enforced)) in cases.into_iter().enumerate() {
        assert_eq!(documented, enforced, "case {i}");
    }
}

/// Each search parameter the document lists is one the hand-written parser
/// reads: a bad value of it is a 400 naming it. The table must list exactly
/// the documented parameters, so a parameter documented but not parsed, or
/// dropped from the document, fails here.
#[tokio::test]
async fn every_documented_search_parameter_is_read_by_the_parser() {
    let app = spawn_app().await;
    let doc = document(&app).await;
    let long_query = "x".repeat(257);
    let bad: BTreeMap<(&str, &str), (String, &str)> = BTreeMap::from([
        (("products", "q"), (format!("q={long_query}"), "q")),
        (
            ("products", "category"),
            ("category=%20".into(), "category"),
        ),
        (("products", "brand"), ("brand=".into(), "brand")),
        (
            ("products", "attr"),
            ("attr.Color=red".into(), "attr.Color"),
        ),
        (
            ("products", "min_price"),
            ("min_price=-1".into(), "min_price"),
        ),
        (
            ("products", "max_price"),
            ("max_price=lots".into(), "max_price"),
        ),
        (("products", "store_id"), ("store_id=0".into(), "store_id")),
        (
            ("products", "in_stock"),
            ("in_stock=maybe".into(), "in_stock"),
        ),
        (("products", "sort"), ("sort=cheapest".into(), "sort")),
        (("products", "page"), ("page=0".into(), "page")),
        (
            ("products", "page_size"),
            ("page_size=101".into(), "page_size"),
        ),
        (
            ("products", "facet_limit"),
            ("facet_limit=0".into(), "facet_limit"),
        ),
        (("suggest", "q"), ("q=ab".into(), "q")),
        (("suggest", "limit"), ("q=phone&limit=21".into(), "limit")),
    ]);
    let mut documented = BTreeSet::new();
    for route in ["products", "suggest"] {
        let path = format!("/api/search/{route}");
        for parameter in doc["paths"][&path]["get"]["parameters"]
            .as_array()
            .expect("parameters")
        {
            documented.insert((route, parameter["name"].as_str().expect("a name")));
        }
    }
    assert_eq!(bad.keys().copied().collect::<BTreeSet<_>>(), documented);

    for ((route, name), (query, field)) in &bad {
        let response = app.get(&format!("/api/search/{route}/?{query}")).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{route} {name}");
        let body: Value = response.json().await.expect("an error body");
        assert!(
            body["error"]["details"].get(field).is_some(),
            "{route} {name}: {body}"
        );
    }

    let sorts = doc["components"]["schemas"]["Sort"]["enum"]
        .as_array()
        .expect("the sort orders");
    assert_eq!(sorts.len(), 5);
    for sort in sorts {
        let sort = sort.as_str().expect("a name");
        let response = app.get(&format!("/api/search/products/?sort={sort}")).await;
        assert_eq!(response.status(), StatusCode::OK, "sort={sort}");
    }
}
