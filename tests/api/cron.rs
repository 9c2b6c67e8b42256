//! Scheduled jobs: each firing runs exactly once across replicas, at the
//! scheduled tick however late a replica wakes; failed and abandoned runs
//! are retried, a bounded number of times.

use std::collections::BTreeMap;

use catalog::seed::{self, SeedOptions};
use chrono::{DateTime, Utc};
use serde_json::Value;

use crate::{
    helpers::{deadline, test_database, wait_until},
    service::Service,
};

/// Two replicas on one database, the summary firing every second: every
/// firing is claimed by one replica and its body started exactly once in
/// the two processes together, counted from both logs.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_firing_runs_once_across_two_replicas() {
    let (config, db) = test_database().await;
    seed::run(
        &db,
        &SeedOptions {
            stores: 4,
            products: 50,
            seed_value: Some(5),
            ..SeedOptions::default()
        },
    )
    .await
    .unwrap();
    let dir = tempfile::TempDir::new().unwrap();
    let replica = |n: usize| {
        [
            ("DATABASE_URL", config.database_url.clone()),
            ("REDIS_URL", config.redis_url.clone()),
            ("REDIS_PREFIX", config.redis_prefix.clone()),
            (
                "INDEX_DIR",
                dir.path().join(format!("index-{n}")).display().to_string(),
            ),
            ("INVENTORY_SUMMARY_SCHEDULE", "* * * * * *".to_owned()),
        ]
    };
    let mut one = Service::start(&replica(1), dir.path().join("one.log")).await;
    let mut two = Service::start(&replica(2), dir.path().join("two.log")).await;

    type Run = (DateTime<Utc>, String, i32, Option<String>);
    let finished = "SELECT scheduled_for, claimed_by, attempts, error FROM job_runs
                     WHERE job = 'inventory_summary' AND finished_at IS NOT NULL
                     ORDER BY scheduled_for";
    let first: Vec<Run> = sqlx::query_as(finished).fetch_all(&db).await.unwrap();
    wait_until(
        deadline(),
        "six firings after both replicas run",
        || async {
            let runs: Vec<Run> = sqlx::query_as(finished).fetch_all(&db).await.unwrap();
            (runs.len() >= first.len() + 6).then_some(())
        },
    )
    .await;
    one.kill();
    two.kill();

    let runs: Vec<Run> = sqlx::query_as(finished).fetch_all(&db).await.unwrap();
    let mut started: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for log in [&one, &two].map(|service| service.log_text()) {
        for line in log.lines() {
            let Ok(line) = serde_json::from_str::<Value>(line) else {
                continue;
            };
            if line["message"] == "scheduled job started" && line["job"] == "inventory_summary" {
                started
                    .entry(line["scheduled_for"].as_str().unwrap().to_owned())
                    .or_default()
                    .push(line["replica"].as_str().unwrap().to_owned());
            }
        }
    }
    for (tick, claimed_by, attempts, error) in &runs {
        assert_eq!(
            started.get(&tick.to_string()),
            Some(&vec![claimed_by.clone()]),
            "the firing at {tick} ran once, in the replica that claimed it"
        );
        assert_eq!((*attempts, error), (1, &None), "{tick}");
        assert_eq!(tick.timestamp_subsec_nanos(), 0, "a scheduled tick: {tick}");
    }
    let claimed: Vec<DateTime<Utc>> =
        sqlx::query_scalar("SELECT scheduled_for FROM job_runs WHERE job = 'inventory_summary'")
            .fetch_all(&db)
            .await
            .unwrap();
    for tick in started.keys() {
        assert!(
            claimed.iter().any(|claimed| &claimed.to_string() == tick),
            "the body ran for {tick}, a firing nobody claimed"
        );
    }
}
