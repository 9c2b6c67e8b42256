//! `/metrics` as an operator reads it: requests by route template, method
//! and status with latency buckets; rate-limit rejections by route; cache
//! hits and misses; job runs and failures; and the index and relay gauges
//! following a change until it reaches search. The recorder is process-wide
//! and other tests run at the same time, so counters shared with them are
//! checked for having moved by at least this test's requests; the index
//! gauges are this app's own and are checked exactly.

use catalog::jobs::runs::{Job, Outcome};
use reqwest::{Method, StatusCode};
use serde_json::{Value, json};

use crate::{
    admin::search_until,
    cron::{body, runner, tick},
    helpers::{deadline, spawn_app, spawn_app_with, wait_until},
    scrape::Scrape,
};

const REQUESTS: &str = "catalog_http_requests_total";
const DURATION_COUNT: &str = "catalog_http_request_duration_seconds_count";
const DURATION_BUCKET: &str = "catalog_http_request_duration_seconds_bucket";

#[tokio::test]
async fn requests_are_counted_and_timed_by_route_template_method_and_status() {
    let app = spawn_app().await;
    let category = app.create_category("Audio").await;
    let (north, south) = (
        app.create_store("North").await,
        app.create_store("South").await,
    );
    let product = app.create_product(category, "Speaker", "20").await;
    app.set_stock(north, product, 3).await;
    let before = Scrape::of(&app).await;

    app.search("q=speaker").await;
    for store in [north, south, north] {
        let response = app.get(&format!("/stores/{store}/inventory/")).await;
        assert_eq!(response.status(), StatusCode::OK);
    }
    let missing = app.get("/no/such/page-4711").await;
    assert_eq!(missing.status(), StatusCode::NOT_FOUND);
    let brew = app
        .client
        .request(
            Method::from_bytes(b"BREW").unwrap(),
            app.url("/coffee-4711"),
        )
        .send()
        .await
        .unwrap();
    assert!(brew.status().is_client_error());
    let brew_status = brew.status().as_u16().to_string();

    let after = Scrape::of(&app).await;
    let moved =
        |name: &str, labels: &[(&str, &str)]| after.sum(name, labels) - before.sum(name, labels);
    let search = [
        ("method", "GET"),
        ("route", "/api/search/products"),
        ("status", "200"),
    ];
    let inventory = [
        ("method", "GET"),
        ("route", "/stores/{store_id}/inventory"),
        ("status", "200"),
    ];
    let unmatched = [
        ("method", "GET"),
        ("route", "<unmatched>"),
        ("status", "404"),
    ];
    let other_method = [
        ("method", "other"),
        ("route", "<unmatched>"),
        ("status", brew_status.as_str()),
    ];
    for (labels, expected) in [
        (&search[..], 1.0),
        (&inventory, 3.0),
        (&unmatched, 1.0),
        (&other_method, 1.0),
    ] {
        assert!(
            moved(REQUESTS, labels) >= expected,
            "{labels:?} counted {expected} times"
        );
        assert!(
            moved(DURATION_COUNT, labels) >= expected,
            "{labels:?} timed {expected} times"
        );
    }

    // Buckets from half a millisecond to 5 s, cumulative up to +Inf, which
    // is the count.
    let buckets = after.label_values(DURATION_BUCKET, "le");
    for le in ["0.0005", "0.005", "0.1", "1", "5", "+Inf"] {
        assert!(buckets.iter().any(|b| b == le), "bucket {le}: {buckets:?}");
    }
    let search_bucket = |le: &str| {
        let mut labels = search.to_vec();
        labels.push(("le", le));
        after.sum(DURATION_BUCKET, &labels)
    };
    assert!(search_bucket("0.0005") <= search_bucket("5"));
    assert_eq!(search_bucket("+Inf"), after.sum(DURATION_COUNT, &search));

    // Templates only: neither a store id nor an unknown path is a label.
    let routes = after.label_values(REQUESTS, "route");
    for raw in [
        format!("/stores/{north}/inventory"),
        "/no/such/page-4711".into(),
    ] {
        assert!(
            !routes.iter().any(|route| route.contains(raw.as_str())),
            "{raw} is not a route label"
        );
    }
    assert!(
        !after
            .label_values(REQUESTS, "method")
            .contains(&"BREW".to_owned()),
        "an invented method is not a label"
    );

    // The listing cache: north missed then hit, south missed.
    let cache = "catalog_inventory_cache_requests_total";
    assert!(moved(cache, &[("outcome", "miss")]) >= 2.0);
    assert!(moved(cache, &[("outcome", "hit")]) >= 1.0);
}

#[tokio::test]
async fn rate_limit_rejections_are_counted_by_route() {
    let app = spawn_app_with(|config| {
        config.suggest_burst = 2;
        config.suggest_rate_per_sec = 0.001;
    })
    .await;
    let route = [("route", "/api/search/suggest")];
    let before = Scrape::of(&app).await;
    let mut statuses = Vec::new();
    for _ in 0..5 {
        statuses.push(app.get("/api/search/suggest/?q=lap").await.status());
    }
    assert_eq!(statuses[..2], [StatusCode::OK, StatusCode::OK]);
    assert_eq!(statuses[2..], [StatusCode::TOO_MANY_REQUESTS; 3]);
    // Another limit's route refuses nothing.
    app.search("q=lap").await;

    let after = Scrape::of(&app).await;
    let moved =
        |name: &str, labels: &[(&str, &str)]| after.sum(name, labels) - before.sum(name, labels);
    assert!(moved("catalog_rate_limited_requests_total", &route) >= 3.0);
    assert!(moved(REQUESTS, &[route[0], ("status", "429")]) >= 3.0);
    assert!(
        !after
            .label_values("catalog_rate_limited_requests_total", "route")
            .iter()
            .any(|r| r == "<unmatched>" || r.contains("?q=")),
        "rejections are labelled by route template"
    );
}

#[tokio::test]
async fn job_runs_and_failures_are_counted_per_job() {
    let app = spawn_app().await;
    // A name of this test's own: its counts are exact.
    let job = Job {
        name: "metrics_probe",
        body: body(|tick| async move {
            anyhow::ensure!(tick != crate::cron::tick(0), "the first firing fails");
            Ok("done".to_owned())
        }),
    };
    let runner = runner(&app.db, "a", 60_000);
    assert!(matches!(
        runner.fire(&job, tick(0)).await,
        Outcome::Failed(_)
    ));
    assert!(matches!(runner.fire(&job, tick(2)).await, Outcome::Done(_)));
    assert!(matches!(runner.fire(&job, tick(4)).await, Outcome::Done(_)));
    assert_eq!(runner.fire(&job, tick(4)).await, Outcome::NotClaimed);

    let scrape = Scrape::of(&app).await;
    let runs = |outcome: &str| {
        scrape.sum(
            "catalog_job_runs_total",
            &[("job", "metrics_probe"), ("outcome", outcome)],
        )
    };
    assert_eq!(
        (runs("failed"), runs("done")),
        (1.0, 2.0),
        "(failed, done) runs of metrics_probe; a firing another replica holds is not a run"
    );
}

#[tokio::test]
async fn notification_deliveries_and_failures_are_job_runs() {
    // Nothing listens on a port just released: every delivery fails.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let failing =
        spawn_app_with(|config| config.smtp_url = Some(format!("smtp://127.0.0.1:{port}"))).await;
    let logging = spawn_app().await;
    let notification = |outcome| [("job", "notification"), ("outcome", outcome)];
    let before = Scrape::of(&logging).await;

    for app in [&failing, &logging] {
        let category = app.create_category("Toys").await;
        let store = app.create_store("North").await;
        let product = app.create_product(category, "Kite", "12").await;
        app.set_stock(store, product, 5).await;
        let order = app
            .post_json(
                "/orders/",
                &json!({"store_id": store, "items": [{"product_id": product, "quantity_requested": 1}]}),
            )
            .await;
        assert_eq!(order.status(), StatusCode::CREATED);
    }
    wait_until(
        deadline(),
        "a failed and a delivered notification",
        || async {
            let failed: bool = sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM notification_jobs WHERE last_error IS NOT NULL)",
            )
            .fetch_one(&failing.db)
            .await
            .unwrap();
            let delivered = logging.count("notification_deliveries").await == 1;
            (failed && delivered).then_some(())
        },
    )
    .await;

    let after = Scrape::of(&logging).await;
    let moved = |labels: &[(&str, &str)]| {
        after.sum("catalog_job_runs_total", labels) - before.sum("catalog_job_runs_total", labels)
    };
    assert!(moved(&notification("failed")) >= 1.0);
    assert!(moved(&notification("done")) >= 1.0);
}

/// Gauges that must read zero once the index has caught up.
const CAUGHT_UP: [&str; 4] = [
    "catalog_index_changes_behind",
    "catalog_index_oldest_unapplied_age_seconds",
    "catalog_outbox_unnumbered_changes",
    "catalog_outbox_oldest_unnumbered_age_seconds",
];

/// A price change is held first before the relay (the change sequence's
/// counter row locked), then before the indexer (the categories table its
/// read joins locked): the gauges show it waiting at each step, then caught
/// up once it reaches search.
#[tokio::test]
async fn index_and_relay_gauges_follow_a_change_until_it_reaches_search() {
    let app = spawn_app().await;
    let category = app.create_category("Desks").await;
    let created = app
        .admin(Method::POST, "/products/")
        .json(&json!({"title": "Walnut Desk", "price": 80, "category_id": category}))
        .send()
        .await
        .unwrap();
    assert_eq!(created.status(), StatusCode::CREATED);
    let product = created.json::<Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    search_until(&app, "q=walnut", "the desk in search", |page| {
        page["count"] == 1
    })
    .await;
    let caught_up = wait_until(deadline(), "the index caught up", || async {
        let scrape = Scrape::of(&app).await;
        (scrape.gauge("catalog_index_changes_behind") == 0.0).then_some(scrape)
    })
    .await;
    assert_eq!(caught_up.gauge("catalog_index_documents"), 1.0);
    let head = caught_up.gauge("catalog_index_head_seq");
    assert!(head >= 1.0, "the creation was numbered: {head}");
    assert_eq!(caught_up.gauge("catalog_index_applied_seq"), head);
    for gauge in CAUGHT_UP {
        assert_eq!(caught_up.gauge(gauge), 0.0, "{gauge}");
    }

    let mut relay_held = app.db.begin().await.unwrap();
    sqlx::query("SELECT last_seq FROM change_sequence FOR UPDATE")
        .execute(&mut *relay_held)
        .await
        .unwrap();
    let mut change = app.db.begin().await.unwrap();
    sqlx::query("UPDATE products SET price = 95 WHERE id = $1")
        .bind(product)
        .execute(&mut *change)
        .await
        .unwrap();
    catalog::db::outbox::record(&mut change, &[product])
        .await
        .unwrap();
    change.commit().await.unwrap();
    let waiting = wait_until(deadline(), "the change waiting for the relay", || async {
        let scrape = Scrape::of(&app).await;
        (scrape.gauge("catalog_outbox_oldest_unnumbered_age_seconds") > 0.0).then_some(scrape)
    })
    .await;
    assert_eq!(waiting.gauge("catalog_outbox_unnumbered_changes"), 1.0);
    assert_eq!(waiting.gauge("catalog_index_head_seq"), head);
    assert_eq!(waiting.gauge("catalog_index_changes_behind"), 0.0);

    let mut indexer_held = app.db.begin().await.unwrap();
    sqlx::query("LOCK TABLE categories IN ACCESS EXCLUSIVE MODE")
        .execute(&mut *indexer_held)
        .await
        .unwrap();
    relay_held.rollback().await.unwrap();
    // A scrape reads the unnumbered rows before the head (so that a change
    // numbered in between is counted twice, never as applied), so one scrape
    // may still show the change unnumbered as well as behind: wait for both.
    let behind = wait_until(deadline(), "the change numbered, not applied", || async {
        let scrape = Scrape::of(&app).await;
        (scrape.gauge("catalog_index_changes_behind") == 1.0
            && scrape.gauge("catalog_outbox_unnumbered_changes") == 0.0)
            .then_some(scrape)
    })
    .await;
    assert_eq!(behind.gauge("catalog_index_head_seq"), head + 1.0);
    assert_eq!(behind.gauge("catalog_index_applied_seq"), head);
    assert_eq!(behind.gauge("catalog_outbox_unnumbered_changes"), 0.0);
    let age = behind.gauge("catalog_index_oldest_unapplied_age_seconds");
    assert!(
        (0.0..60.0).contains(&age),
        "the age of a fresh change: {age}"
    );
    assert_eq!(app.search("q=walnut").await["results"][0]["price"], 80.0);

    indexer_held.rollback().await.unwrap();
    search_until(&app, "q=walnut", "the new price in search", |page| {
        page["results"][0]["price"] == 95.0
    })
    .await;
    let done = wait_until(deadline(), "the index caught up again", || async {
        let scrape = Scrape::of(&app).await;
        (scrape.gauge("catalog_index_applied_seq") == head + 1.0).then_some(scrape)
    })
    .await;
    assert_eq!(done.gauge("catalog_index_documents"), 1.0);
    for gauge in CAUGHT_UP {
        assert_eq!(done.gauge(gauge), 0.0, "{gauge}");
    }
}

/// README's table names every metric the service exposes.
#[tokio::test]
async fn readme_documents_every_metric() {
    let app = spawn_app().await;
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let text = app.get("/metrics").await.text().await.unwrap();
    let exposed = text
        .lines()
        .filter_map(|line| line.strip_prefix("# TYPE "))
        .filter_map(|line| line.split_whitespace().next());
    let recorded = catalog::telemetry::METRICS.iter().map(|(name, _, _)| *name);
    let undocumented: Vec<&str> = exposed
        .chain(recorded)
        .filter(|name| !readme.contains(&format!("| `{name}` |")))
        .collect();
    assert!(
        undocumented.is_empty(),
        "not in README's table of metrics: {undocumented:?}"
    );
}

/// The sample dashboard is valid JSON and queries only metrics the README
/// documents (a renamed metric would leave a panel empty).
#[test]
fn the_sample_dashboard_queries_documented_metrics() {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/grafana-dashboard.json");
    let dashboard: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap())
        .expect("the dashboard is valid JSON");
    let readme =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
    let exprs: Vec<&str> = dashboard["panels"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|panel| panel["targets"].as_array())
        .flatten()
        .map(|target| target["expr"].as_str().unwrap())
        .collect();
    assert!(exprs.len() >= 10, "{exprs:?}");
    for expr in exprs {
        let names = expr
            .split(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .filter(|word| word.starts_with("catalog_"));
        for name in names {
            let base = ["_bucket", "_count", "_sum"]
                .iter()
                .find_map(|suffix| name.strip_suffix(suffix))
                .unwrap_or(name);
            assert!(
                readme.contains(&format!("| `{base}` |")),
                "{name} in {expr} is not in README's table"
            );
        }
    }
}
