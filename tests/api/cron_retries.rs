//! Retries of scheduled job runs: a failed run after a delay and up to a
//! limit of attempts, unless a newer firing supersedes it; a dead replica's
//! run after its lease; never over the attempt that replaced it.

use std::{
    sync::{
        Arc,
        atomic::{AtomicUsize, Ordering},
    },
    time::Duration,
};

use catalog::jobs::runs::{Job, Outcome};

use crate::{
    cron::{body, run_row, runner, tick},
    helpers::{deadline, test_database, wait_until},
};

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
