//! Scheduled jobs: each firing runs exactly once across replicas, at the
//! scheduled tick however late a replica wakes. Retries are in
//! `cron_retries.rs`.

use std::{
    collections::BTreeMap,
    future::Future,
    sync::{Arc, Mutex},
    time::Duration,
};

use catalog::{
    jobs::{
        runs::{Body, Job, Runner},
        schedule,
    },
    seed::{self, SeedOptions},
};
use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::PgPool;

use crate::{
    helpers::{deadline, test_database, wait_until},
    service::two_replicas,
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
    let (mut one, mut two) = two_replicas(
        &config,
        dir.path(),
        &[("INVENTORY_SUMMARY_SCHEDULE", "* * * * * *")],
    )
    .await;

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

pub fn body<F, Fut>(f: F) -> Body
where
    F: Fn(DateTime<Utc>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = anyhow::Result<String>> + Send + 'static,
{
    Arc::new(move |tick| Box::pin(f(tick)))
}

pub fn runner(pool: &PgPool, replica: &str, lease_ms: u64) -> Runner {
    Runner {
        pool: pool.clone(),
        replica: replica.to_owned(),
        lease: Duration::from_millis(lease_ms),
        max_attempts: 3,
    }
}

/// (attempts, claimed_by, report, error, finished) of the run at `tick`.
pub type Row = (i32, String, Option<String>, Option<String>, bool);

pub async fn run_row(pool: &PgPool, job: &str, tick: DateTime<Utc>) -> Row {
    sqlx::query_as(
        "SELECT attempts, claimed_by, report, error, finished_at IS NOT NULL FROM job_runs
          WHERE job = $1 AND scheduled_for = $2",
    )
    .bind(job)
    .bind(tick)
    .fetch_one(pool)
    .await
    .unwrap()
}

pub fn tick(second: u32) -> DateTime<Utc> {
    format!("2026-01-01T00:00:{second:02}Z").parse().unwrap()
}

/// Replica A's timer fires on time; replica B's runtime is frozen across
/// the tick and its timer wakes 1.2 s late. B must claim the tick it was
/// waiting for (and lose it to A), not the second it woke in: every run is
/// at a scheduled tick, once.
#[tokio::test]
async fn a_timer_that_wakes_late_claims_the_tick_it_waited_for() {
    let (config, pool) = test_database().await;
    let schedule = || schedule::parse("*/2 * * * * *").unwrap().unwrap();
    type Runs = Arc<Mutex<Vec<(DateTime<Utc>, &'static str)>>>;
    let runs: Runs = Arc::default();
    let job = |replica: &'static str| {
        let runs = runs.clone();
        Job {
            name: "every_two_seconds",
            body: body(move |tick| {
                runs.lock().unwrap().push((tick, replica));
                async { Ok("ran".to_owned()) }
            }),
        }
    };
    // A has its own runtime (and pool: connections belong to the runtime
    // that opened them), so that freezing this one does not stall it.
    let (stop_a, stopped_a) = tokio::sync::oneshot::channel::<()>();
    let (job_a, url) = (job("a"), config.database_url.clone());
    let replica_a = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async move {
            let pool = PgPool::connect(&url).await.unwrap();
            let timer = schedule::spawn_timer(runner(&pool, "a", 60_000), job_a, schedule());
            let _ = stopped_a.await;
            timer.abort();
        });
    });
    let timer_b = schedule::spawn_timer(runner(&pool, "b", 60_000), job("b"), schedule());

    // The first even second at least a second away.
    let now = Utc::now().timestamp();
    let due = now + 2 + (now % 2);
    let due = DateTime::<Utc>::from_timestamp(due, 0).unwrap();
    let until_due = (due - Utc::now()).to_std().unwrap_or_default();
    tokio::time::sleep(until_due.saturating_sub(Duration::from_millis(300))).await;
    std::thread::sleep(Duration::from_millis(1_500));
    wait_until(deadline(), "the tick after the late one", || async {
        let done: Option<bool> = sqlx::query_scalar(
            "SELECT finished_at IS NOT NULL FROM job_runs WHERE scheduled_for = $1",
        )
        .bind(due + chrono::TimeDelta::seconds(2))
        .fetch_optional(&pool)
        .await
        .unwrap();
        (done == Some(true)).then_some(())
    })
    .await;
    timer_b.abort();
    let _ = stop_a.send(());
    replica_a.join().unwrap();

    let runs = runs.lock().unwrap().clone();
    // A, on time, normally runs it; on a starved machine B may win it late.
    assert!(
        runs.iter().any(|(tick, _)| *tick == due),
        "the tick B slept through ran: {runs:?}"
    );
    let mut ticks: Vec<DateTime<Utc>> = runs.iter().map(|(tick, _)| *tick).collect();
    ticks.sort();
    ticks.dedup();
    assert_eq!(ticks.len(), runs.len(), "a tick ran twice: {runs:?}");
    let claimed: Vec<DateTime<Utc>> = sqlx::query_scalar("SELECT scheduled_for FROM job_runs")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert!(
        claimed
            .iter()
            .all(|tick| tick.timestamp() % 2 == 0 && tick.timestamp_subsec_nanos() == 0),
        "only scheduled ticks are claimed: {claimed:?}"
    );
}
