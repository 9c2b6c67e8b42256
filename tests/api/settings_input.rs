//! What `PUT /api/settings/` accepts: each bad body is a 400 naming its
//! place with nothing written; the largest valid one is taken whole.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::{
    helpers::spawn_app,
    settings::{outbox_kinds, put, settings},
};

/// Every bad body is a 400 in the one error shape naming the place of the
/// problem, and nothing is written: neither the settings nor the outbox.
#[tokio::test]
async fn bad_settings_are_a_400_naming_the_problem_and_write_nothing() {
    let app = spawn_app().await;
    let saved =
        json!({"facets": ["color"], "synonyms": [["tv", "television"]], "stop_words": ["the"]});
    assert_eq!(put(&app, &saved).await.status(), StatusCode::OK);
    let outbox = outbox_kinds(&app).await;

    let with = |field: &str, value: Value| {
        let mut body = saved.clone();
        body[field] = value;
        body
    };
    let many = |n: usize, item: Value| Value::Array(vec![item; n]);
    let keys = |n: usize| Value::Array((0..n).map(|i| json!(format!("key_{i}"))).collect());
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "facets missing",
            json!({"synonyms": [], "stop_words": []}),
            "facets",
        ),
        (
            "facets not a list",
            with("facets", json!("color")),
            "facets",
        ),
        ("31 facets", with("facets", keys(31)), "facets"),
        (
            "an uppercase key",
            with("facets", json!(["Color"])),
            "facets[0]",
        ),
        (
            "an empty key",
            with("facets", json!(["color", ""])),
            "facets[1]",
        ),
        (
            "a 65-character key",
            with("facets", json!(["k".repeat(65)])),
            "facets[0]",
        ),
        (
            "a dotted key",
            with("facets", json!(["attr.color"])),
            "facets[0]",
        ),
        (
            "a key with a space",
            with("facets", json!(["storage gb"])),
            "facets[0]",
        ),
        (
            "a repeated key",
            with("facets", json!(["color", "size", "color"])),
            "facets[2]",
        ),
        ("a number as key", with("facets", json!([7])), "facets[0]"),
        (
            "synonyms missing",
            json!({"facets": [], "stop_words": []}),
            "synonyms",
        ),
        (
            "synonyms not a list",
            with("synonyms", json!({"tv": "television"})),
            "synonyms",
        ),
        (
            "1,001 synonym rules",
            with("synonyms", many(1001, json!(["a", "b"]))),
            "synonyms",
        ),
        (
            "a rule of one word",
            with("synonyms", json!([["tv"]])),
            "synonyms[0]",
        ),
        (
            "a rule of 21 words",
            with("synonyms", json!([many(21, json!("w"))])),
            "synonyms[0]",
        ),
        (
            "a rule that is a word",
            with("synonyms", json!([["a", "b"], "tv"])),
            "synonyms[1]",
        ),
        (
            "a number in a rule",
            with("synonyms", json!([["tv", 4]])),
            "synonyms[0][1]",
        ),
        (
            "a control character",
            with("synonyms", json!([["tv", "tele\u{7}vision"]])),
            "synonyms[0][1]",
        ),
        (
            "a blank word",
            with("synonyms", json!([["tv", "  "]])),
            "synonyms[0][1]",
        ),
        (
            "an empty word",
            with("synonyms", json!([["", "tv"]])),
            "synonyms[0][0]",
        ),
        (
            "a 101-character word",
            with("synonyms", json!([["tv", "w".repeat(101)]])),
            "synonyms[0][1]",
        ),
        (
            "one-way without synonyms",
            with("synonyms", json!([{"input": "tv"}])),
            "synonyms[0].synonyms",
        ),
        (
            "one-way with no synonym",
            with("synonyms", json!([{"input": "tv", "synonyms": []}])),
            "synonyms[0].synonyms",
        ),
        (
            "one-way input not text",
            with(
                "synonyms",
                json!([{"input": ["tv"], "synonyms": ["television"]}]),
            ),
            "synonyms[0].input",
        ),
        (
            "one-way input missing",
            with("synonyms", json!([{"synonyms": ["television"]}])),
            "synonyms[0].input",
        ),
        (
            "one-way unknown field",
            with(
                "synonyms",
                json!([{"input": "tv", "synonyms": ["a"], "output": "b"}]),
            ),
            "synonyms[0].output",
        ),
        (
            "one-way synonyms not a list",
            with(
                "synonyms",
                json!([{"input": "tv", "synonyms": "television"}]),
            ),
            "synonyms[0].synonyms",
        ),
        (
            "one-way control character",
            with(
                "synonyms",
                json!([{"input": "t\u{1b}v", "synonyms": ["a"]}]),
            ),
            "synonyms[0].input",
        ),
        (
            "stop_words missing",
            json!({"facets": [], "synonyms": []}),
            "stop_words",
        ),
        (
            "stop_words not a list",
            with("stop_words", json!("the")),
            "stop_words",
        ),
        (
            "1,001 stop words",
            with("stop_words", many(1001, json!("the"))),
            "stop_words",
        ),
        (
            "an empty stop word",
            with("stop_words", json!(["a", ""])),
            "stop_words[1]",
        ),
        (
            "a 65-character stop word",
            with("stop_words", json!(["s".repeat(65)])),
            "stop_words[0]",
        ),
        (
            "a stop word with NUL",
            with("stop_words", json!(["th\u{0}e"])),
            "stop_words[0]",
        ),
        (
            "a number as stop word",
            with("stop_words", json!([1])),
            "stop_words[0]",
        ),
        (
            "null for a field",
            with("stop_words", Value::Null),
            "stop_words",
        ),
    ];
    for (name, body, field) in cases {
        let response = put(&app, &body).await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{name}");
        let error: Value = response.json().await.unwrap();
        assert_eq!(
            error["error"]["code"], "validation_failed",
            "{name}: {error}"
        );
        assert!(
            error["error"]["details"][field].is_string(),
            "{name}: names {field}: {error}"
        );
        assert_eq!(settings(&app).await, saved, "{name}: nothing written");
        assert_eq!(
            outbox_kinds(&app).await,
            outbox,
            "{name}: no change recorded"
        );
    }

    for (name, body, code) in [
        (
            "an unknown field",
            json!({"facets": [], "synonyms": [], "stop_words": [], "ranking": []}).to_string(),
            "validation_failed",
        ),
        ("not JSON", "{\"facets\": [".to_owned(), "malformed_json"),
        ("not an object", "[]".to_owned(), "validation_failed"),
    ] {
        let response = app
            .admin(Method::PUT, "/api/settings/")
            .header("content-type", "application/json")
            .body(body)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "{name}");
        let error: Value = response.json().await.unwrap();
        assert_eq!(error["error"]["code"], code, "{name}: {error}");
        assert_eq!(settings(&app).await, saved, "{name}: nothing written");
    }
}

/// The limits are reachable: the largest valid settings (1,000 rules of
/// 20 words of 100 characters, 1,000 stop words) do not fit the API's usual
/// 64 KiB body, and this route takes them.
#[tokio::test]
async fn the_largest_valid_settings_are_accepted() {
    let app = spawn_app().await;
    let word = |i: usize, j: usize| format!("{}{i:04}{j:02}", "w".repeat(94));
    let body = json!({
        "facets": (0..30).map(|i| format!("{}{i:02}", "k".repeat(62))).collect::<Vec<_>>(),
        "synonyms": (0..1000).map(|i| if i % 2 == 0 {
            json!((0..20).map(|j| word(i, j)).collect::<Vec<_>>())
        } else {
            json!({"input": word(i, 99), "synonyms": (0..20).map(|j| word(i, j)).collect::<Vec<_>>()})
        }).collect::<Vec<_>>(),
        "stop_words": (0..1000).map(|i| format!("{}{i:04}", "s".repeat(60))).collect::<Vec<_>>(),
    });
    assert!(body.to_string().len() > 2_000_000);
    let response = put(&app, &body).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(settings(&app).await, body);
}
