//! Scheduled jobs: each firing runs exactly once across replicas, at the
//! scheduled tick however late a replica wakes; failed and abandoned runs
//! are retried, a bounded number of times.

use std::{
    collections::BTreeMap,
    future::Future,
    sync::{
        Arc, Mutex,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use catalog::{
    jobs::{
        runs::{Body, Job, Outcome, Runner},
        schedule,
    },
    seed::{self, SeedOptions},
};
use chrono::{DateTime, Utc};
use serde_json::Value;
use sqlx::PgPool;

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

fn body<F, Fut>(f: F) -> Body
where
    F: Fn(DateTime<Utc>) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = anyhow::Result<String>> + Send + 'static,
{
    Arc::new(move |tick| Box::pin(f(tick)))
}

fn runner(pool: &PgPool, replica: &str, lease_ms: u64) -> Runner {
    Runner {
        pool: pool.clone(),
        replica: replica.to_owned(),
        lease: Duration::from_millis(lease_ms),
        max_attempts: 3,
    }
}

/// (attempts, claimed_by, report, error, finished) of the run at `tick`.
type Row = (i32, String, Option<String>, Option<String>, bool);

async fn run_row(pool: &PgPool, job: &str, tick: DateTime<Utc>) -> Row {
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

fn tick(second: u32) -> DateTime<Utc> {
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

#[tokio::test]
async fn a_failed_run_is_retried_after_a_delay_until_it_succeeds_or_runs_out_of_attempts() {
    let (_, pool) = test_database().await;
    let runner = runner(&pool, "a", 300);
    let attempts = Arc::new(AtomicUsize::new(0));
    let counted = attempts.clone();
    let flaky = Job {
        name: "flaky",
        body: body(move |_| {
            let attempt = counted.fetch_add(1, Ordering::SeqCst) + 1;
            async move {
                anyhow::ensure!(attempt >= 3, "attempt {attempt} failed");
                Ok(format!("done on attempt {attempt}"))
            }
        }),
    };
    assert_eq!(
        runner.fire(&flaky, tick(0)).await,
        Outcome::Failed("attempt 1 failed".into())
    );
    let delay: f64 = sqlx::query_scalar(
        "SELECT extract(epoch FROM leased_until - finished_at)::float8 FROM job_runs",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert!(
        (0.25..0.35).contains(&delay),
        "a failed run keeps its lease as the delay before its retry: {delay}"
    );
    let mut outcomes = Vec::new();
    while outcomes.len() < 2 {
        let outcome = wait_until(deadline(), "a retry", || runner.retry_due(&flaky)).await;
        outcomes.push(outcome);
    }
    assert_eq!(
        outcomes,
        [
            Outcome::Failed("attempt 2 failed".into()),
            Outcome::Done("done on attempt 3".into())
        ]
    );
    assert_eq!(
        run_row(&pool, "flaky", tick(0)).await,
        (3, "a".into(), Some("done on attempt 3".into()), None, true)
    );

    let broken = Job {
        name: "broken",
        body: body(|_| async { anyhow::bail!("always fails") }),
    };
    runner.fire(&broken, tick(0)).await;
    for _ in 0..2 {
        wait_until(deadline(), "a retry", || runner.retry_due(&broken)).await;
    }
    // Three leases later, still nothing to retry.
    for _ in 0..6 {
        tokio::time::sleep(Duration::from_millis(150)).await;
        assert_eq!(runner.retry_due(&broken).await, None, "past the attempts");
    }
    assert_eq!(
        run_row(&pool, "broken", tick(0)).await,
        (3, "a".into(), None, Some("always fails".into()), true)
    );
    assert_eq!(
        runner.retry_due(&flaky).await,
        None,
        "a done run stays done"
    );
}

/// Every job recomputes current state: a failed firing followed by a newer
/// one is not retried.
#[tokio::test]
async fn a_newer_firing_supersedes_a_failed_one() {
    let (_, pool) = test_database().await;
    let runner = runner(&pool, "a", 100);
    let failing_first = Arc::new(AtomicUsize::new(0));
    let counted = failing_first.clone();
    let job = Job {
        name: "nightly",
        body: body(move |_| {
            let run = counted.fetch_add(1, Ordering::SeqCst);
            async move {
                anyhow::ensure!(run > 0, "the first run fails");
                Ok("ok".to_owned())
            }
        }),
    };
    runner.fire(&job, tick(0)).await;
    runner.fire(&job, tick(2)).await;
    tokio::time::sleep(Duration::from_millis(300)).await;
    assert_eq!(runner.retry_due(&job).await, None);
    assert_eq!(failing_first.load(Ordering::SeqCst), 2);
    assert_eq!(run_row(&pool, "nightly", tick(0)).await.0, 1);
}

/// A replica dies mid-run: its lease runs out and another replica runs it
/// again. A replica that is alive keeps its lease however long it runs.
#[tokio::test]
async fn a_run_whose_replica_died_is_taken_over_and_a_live_one_keeps_its_lease() {
    let (_, pool) = test_database().await;
    let (a, b) = (runner(&pool, "a", 60_000), runner(&pool, "b", 60_000));
    let (started, mut is_started) = tokio::sync::watch::channel(false);
    let hangs = Job {
        name: "summary",
        body: body(move |_| {
            started.send_replace(true);
            std::future::pending()
        }),
    };
    let crashed = tokio::spawn({
        let (a, hangs) = (a.clone(), hangs.clone());
        async move { a.fire(&hangs, tick(0)).await }
    });
    is_started.wait_for(|started| *started).await.unwrap();
    crashed.abort();
    let finishes = Job {
        name: "summary",
        body: body(|_| async { Ok("took over".to_owned()) }),
    };
    assert_eq!(b.retry_due(&finishes).await, None, "A's lease still runs");
    // The lease's minute passes.
    sqlx::query("UPDATE job_runs SET leased_until = now() - interval '1 second'")
        .execute(&pool)
        .await
        .unwrap();
    assert_eq!(
        b.retry_due(&finishes).await,
        Some(Outcome::Done("took over".into()))
    );
    assert_eq!(
        run_row(&pool, "summary", tick(0)).await,
        (2, "b".into(), Some("took over".into()), None, true)
    );

    // A 1.5 s lease renewed every 0.5 s, for a run of 4 s: a renewal would
    // have to be a second late for B to take over a live run.
    let (a, b) = (runner(&pool, "a", 1_500), runner(&pool, "b", 1_500));
    let slow = Job {
        name: "reindex",
        body: body(|_| async {
            tokio::time::sleep(Duration::from_secs(4)).await;
            Ok("slow but alive".to_owned())
        }),
    };
    let alive = tokio::spawn({
        let (a, slow) = (a.clone(), slow.clone());
        async move { a.fire(&slow, tick(0)).await }
    });
    while !alive.is_finished() {
        assert_eq!(b.retry_due(&slow).await, None, "A renews its lease");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert_eq!(alive.await.unwrap(), Outcome::Done("slow but alive".into()));
    assert_eq!(run_row(&pool, "reindex", tick(0)).await.0, 1);
}

/// A replica that was paused past its lease (GC, a frozen VM) finds its run
/// taken over: it stops, and records nothing over the run that replaced it.
#[tokio::test]
async fn a_replica_that_lost_its_lease_cannot_overwrite_the_run() {
    let (_, pool) = test_database().await;
    let (a, b) = (runner(&pool, "a", 60_000), runner(&pool, "b", 60_000));
    let (release, released) = tokio::sync::watch::channel(false);
    let waits = Job {
        name: "purge",
        body: body(move |_| {
            let mut released = released.clone();
            async move {
                released.wait_for(|go| *go).await?;
                Ok("stale result".to_owned())
            }
        }),
    };
    let paused = tokio::spawn({
        let (a, waits) = (a.clone(), waits.clone());
        async move { a.fire(&waits, tick(0)).await }
    });
    wait_until(deadline(), "A's claim", || async {
        sqlx::query_scalar::<_, i32>("SELECT attempts FROM job_runs WHERE job = 'purge'")
            .fetch_optional(&pool)
            .await
            .unwrap()
    })
    .await;
    sqlx::query("UPDATE job_runs SET leased_until = now() - interval '1 second'")
        .execute(&pool)
        .await
        .unwrap();
    let fresh = Job {
        name: "purge",
        body: body(|_| async { Ok("fresh result".to_owned()) }),
    };
    assert_eq!(
        b.retry_due(&fresh).await,
        Some(Outcome::Done("fresh result".into()))
    );
    release.send_replace(true);
    assert_eq!(paused.await.unwrap(), Outcome::LeaseLost);
    assert_eq!(
        run_row(&pool, "purge", tick(0)).await,
        (2, "b".into(), Some("fresh result".into()), None, true)
    );
}
