//! The cron schedule. Every replica runs a timer per job; at each tick it
//! claims that scheduled tick through [`runs`](super::runs) (so each firing
//! runs once across replicas, whenever the replica's timer actually woke)
//! and sweeps for runs to retry. A schedule of "off" (or empty) disables
//! its job.

use std::{future::Future, sync::Arc, time::Duration};

use chrono::{DateTime, SubsecRound, Utc};
use croner::{Cron, parser::CronParser};
use sqlx::PgPool;
use tokio::task::JoinHandle;

use super::runs::{Body, Job, Runner};
use crate::{config::Config, db, db::idempotency::KEY_LIFETIME_HOURS};

/// The running timers and retry sweep; dropping it stops them.
pub struct Scheduler(Vec<JoinHandle<()>>);

impl Drop for Scheduler {
    fn drop(&mut self) {
        for task in &self.0 {
            task.abort();
        }
    }
}

/// Starts the full reindex request, the inventory summary, the outbox purge,
/// the idempotency key purge and the sales signal count on their configured
/// schedules, and the retry sweep.
pub fn start(config: &Config, pool: PgPool) -> anyhow::Result<Scheduler> {
    // Every replica has its own index, so the reindex is not run here: a
    // change in the change log asks every replica's indexer to rebuild and
    // report what it repaired.
    let reindex = on_pool(&pool, |pool| async move {
        db::outbox::request_reindex(&pool).await?;
        Ok("asked every replica to rebuild its index".to_owned())
    });
    let low_stock = config.low_stock_threshold;
    let inventory_summary = on_pool(&pool, move |pool| async move {
        let stores = db::summaries::compute(&pool, low_stock).await?;
        Ok(format!("{stores} stores summarised"))
    });
    let retention_hours = config.outbox_retention_hours;
    let outbox_purge = on_pool(&pool, move |pool| async move {
        let purged = db::outbox::purge(&pool, retention_hours).await?;
        Ok(format!("{purged} published outbox rows purged"))
    });
    let idempotency_purge = on_pool(&pool, |pool| async move {
        let purged = db::idempotency::purge(&pool, KEY_LIFETIME_HOURS).await?;
        Ok(format!("{purged} expired idempotency keys purged"))
    });
    // An order commits within its request's deadline (past it, it rolls
    // back); twice that is the margin the count leaves to orders in flight.
    let settle = config.request_timeout() * 2;
    let sales_signal = on_pool(&pool, move |pool| async move {
        let counted = db::sales::count(&pool, settle).await?;
        Ok(format!(
            "{} products sold in the last 30 days; {} figures changed",
            counted.products, counted.changed
        ))
    });

    let runner = Runner {
        pool,
        replica: replica_name(config),
        lease: Duration::from_secs(config.job_lease_secs.max(1)),
        max_attempts: config.job_max_attempts,
    };
    let mut tasks = Vec::new();
    let mut jobs = Vec::new();
    for (name, schedule, body) in [
        ("reindex", &config.reindex_schedule, reindex),
        (
            "inventory_summary",
            &config.inventory_summary_schedule,
            inventory_summary,
        ),
        ("outbox_purge", &config.outbox_purge_schedule, outbox_purge),
        (
            "idempotency_purge",
            &config.idempotency_purge_schedule,
            idempotency_purge,
        ),
        ("sales_signal", &config.sales_signal_schedule, sales_signal),
    ] {
        let Some(cron) = parse(schedule)
            .map_err(|err| anyhow::anyhow!("invalid schedule {schedule:?} for {name}: {err}"))?
        else {
            tracing::info!(job = name, "scheduled job disabled");
            continue;
        };
        let job = Job { name, body };
        tasks.push(spawn_timer(runner.clone(), job.clone(), cron));
        jobs.push(job);
    }
    if !jobs.is_empty() {
        tasks.push(tokio::spawn(runner.sweep(jobs)));
    }
    Ok(Scheduler(tasks))
}

/// A job body that runs `work` on the pool; the scheduled tick is not needed.
fn on_pool<F, Fut>(pool: &PgPool, work: F) -> Body
where
    F: Fn(PgPool) -> Fut + Send + Sync + 'static,
    Fut: Future<Output = anyhow::Result<String>> + Send + 'static,
{
    let pool = pool.clone();
    Arc::new(move |_| Box::pin(work(pool.clone())))
}

/// A six-field cron expression (seconds first), or `None` for "off" or empty.
pub fn parse(schedule: &str) -> Result<Option<Cron>, croner::errors::CronError> {
    let schedule = schedule.trim();
    if schedule.is_empty() || schedule.eq_ignore_ascii_case("off") {
        return Ok(None);
    }
    CronParser::builder()
        .seconds(croner::parser::Seconds::Required)
        .dom_and_dow(true)
        .build()
        .parse(schedule)
        .map(Some)
}

/// Fires `job` at each tick of `schedule`, claiming the tick itself: a timer
/// that wakes late still claims the firing it was waiting for.
pub fn spawn_timer(runner: Runner, job: Job, schedule: Cron) -> JoinHandle<()> {
    tokio::spawn(async move {
        let mut after = Utc::now();
        loop {
            let tick = match next_tick(&schedule, after, Utc::now(), runner.lease) {
                Ok(tick) => tick,
                Err(err) => {
                    tracing::error!(job = job.name, error = %err, "the schedule has no next tick; the job stops");
                    return;
                }
            };
            let wait = (tick - Utc::now()).to_std().unwrap_or_default();
            tokio::time::sleep(wait).await;
            let (runner, job) = (runner.clone(), job.clone());
            tokio::spawn(async move { runner.fire(&job, tick).await });
            after = tick;
        }
    })
}

/// The tick after `after`; but after a stall longer than `catch_up` (a
/// suspended host), the first tick after `now`, so that a stalled replica
/// does not fire every tick it slept through.
pub fn next_tick(
    schedule: &Cron,
    after: DateTime<Utc>,
    now: DateTime<Utc>,
    catch_up: Duration,
) -> Result<DateTime<Utc>, croner::errors::CronError> {
    // croner keeps the sub-second part of its start; ticks are whole seconds.
    let next = |from: DateTime<Utc>| schedule.find_next_occurrence(&from.trunc_subsecs(0), false);
    let tick = next(after)?;
    let stalled = (now - tick).to_std().is_ok_and(|late| late > catch_up);
    if stalled { next(now) } else { Ok(tick) }
}

/// Who claimed a run: host, process and listen address.
pub fn replica_name(config: &Config) -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "localhost".to_owned());
    format!("{host}:{}:{}", std::process::id(), config.bind_addr)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn off_or_empty_disables_a_job_and_a_bad_schedule_is_an_error() {
        for off in ["off", "OFF", "", "  "] {
            assert!(parse(off).unwrap().is_none(), "{off:?}");
        }
        assert!(parse("0 0 3 * * *").unwrap().is_some());
        assert!(parse("0 3 * * *").is_err(), "seconds are required");
        assert!(parse("every night").is_err());
    }

    #[test]
    fn the_tick_is_the_scheduled_one_whenever_the_timer_wakes() {
        let every_two = parse("*/2 * * * * *").unwrap().unwrap();
        let minute = Duration::from_secs(60);
        // Computed before sleeping: a late wake-up claims this same tick.
        let tick = next_tick(
            &every_two,
            at("2026-01-01T00:00:03.700Z"),
            at("2026-01-01T00:00:03.700Z"),
            minute,
        )
        .unwrap();
        assert_eq!(tick, at("2026-01-01T00:00:04Z"));
        let nightly = parse("0 0 3 * * *").unwrap().unwrap();
        assert_eq!(
            next_tick(
                &nightly,
                at("2026-01-01T03:00:00Z"),
                at("2026-01-01T03:00:00.2Z"),
                minute
            )
            .unwrap(),
            at("2026-01-02T03:00:00Z"),
            "strictly after the tick just fired"
        );
    }

    #[test]
    fn a_stalled_timer_skips_the_ticks_it_slept_through() {
        let every_two = parse("*/2 * * * * *").unwrap().unwrap();
        let after = at("2026-01-01T00:00:02Z");
        let lease = Duration::from_secs(60);
        assert_eq!(
            next_tick(&every_two, after, at("2026-01-01T00:00:50Z"), lease).unwrap(),
            at("2026-01-01T00:00:04Z"),
            "late but within a lease: every tick still fires"
        );
        assert_eq!(
            next_tick(&every_two, after, at("2026-01-01T01:00:01Z"), lease).unwrap(),
            at("2026-01-01T01:00:02Z"),
        );
    }
}
