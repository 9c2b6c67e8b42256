//! Cron jobs (tokio-cron-scheduler). Every replica runs the scheduler; each
//! firing first claims `(job, scheduled second)` in `job_runs`, and only the
//! replica whose insert wins runs the body, so a job runs once per schedule.

use std::{future::Future, pin::Pin, sync::Arc};

use chrono::{DurationRound, TimeDelta, Utc};
use sqlx::PgPool;
use tokio_cron_scheduler::{Job, JobScheduler};

use super::summary;
use crate::{config::Config, db, orders::idempotency::KEY_LIFETIME_HOURS};

type Body =
    Arc<dyn Fn() -> Pin<Box<dyn Future<Output = anyhow::Result<String>> + Send>> + Send + Sync>;

/// Starts the scheduler with the full reindex, the inventory summary, the
/// outbox purge and the idempotency key purge on their configured schedules.
pub async fn start(config: &Config, pool: PgPool) -> anyhow::Result<JobScheduler> {
    let scheduler = JobScheduler::new().await?;
    let replica = replica_name(config);

    // Every replica has its own index, so the reindex is not run here: a
    // change asks every replica's indexer to rebuild and report.
    let reindex_pool = pool.clone();
    let reindex: Body = Arc::new(move || {
        let pool = reindex_pool.clone();
        Box::pin(async move {
            db::outbox::request_reindex(&pool).await?;
            Ok("asked every replica to rebuild its index".to_owned())
        })
    });
    let summary_pool = pool.clone();
    let low_stock = config.low_stock_threshold;
    let inventory_summary: Body = Arc::new(move || {
        let pool = summary_pool.clone();
        Box::pin(async move {
            let stores = summary::compute(&pool, low_stock).await?;
            Ok(format!("{stores} stores summarised"))
        })
    });
    let purge_pool = pool.clone();
    let retention_hours = config.outbox_retention_hours;
    let outbox_purge: Body = Arc::new(move || {
        let pool = purge_pool.clone();
        Box::pin(async move {
            let purged = db::outbox::purge(&pool, retention_hours).await?;
            Ok(format!("{purged} published outbox rows purged"))
        })
    });
    let keys_pool = pool.clone();
    let idempotency_purge: Body = Arc::new(move || {
        let pool = keys_pool.clone();
        Box::pin(async move {
            let purged = db::idempotency::purge(&pool, KEY_LIFETIME_HOURS).await?;
            Ok(format!("{purged} expired idempotency keys purged"))
        })
    });

    for (job, schedule, body) in [
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
    ] {
        let (pool, replica) = (pool.clone(), replica.clone());
        let cron = Job::new_async(schedule.as_str(), move |_, _| {
            let (pool, replica, body) = (pool.clone(), replica.clone(), body.clone());
            Box::pin(async move { claim_and_run(&pool, job, &replica, body).await })
        })
        .map_err(|err| anyhow::anyhow!("invalid schedule {schedule:?} for {job}: {err}"))?;
        scheduler.add(cron).await?;
    }
    scheduler.start().await?;
    Ok(scheduler)
}

/// Runs `body` if this replica claims this firing of `job`.
async fn claim_and_run(pool: &PgPool, job: &'static str, replica: &str, body: Body) {
    // Replicas fire within a few milliseconds of the scheduled second.
    let scheduled_for = Utc::now()
        .duration_trunc(TimeDelta::seconds(1))
        .unwrap_or_else(|_| Utc::now());
    let claimed = sqlx::query(
        "INSERT INTO job_runs (job, scheduled_for, claimed_by) VALUES ($1, $2, $3)
         ON CONFLICT DO NOTHING",
    )
    .bind(job)
    .bind(scheduled_for)
    .bind(replica)
    .execute(pool)
    .await;
    match claimed {
        Ok(result) if result.rows_affected() == 1 => {}
        Ok(_) => return,
        Err(err) => {
            tracing::warn!(job, error = %err, "cannot claim a scheduled job");
            return;
        }
    }
    let outcome = body().await;
    let (report, error) = match &outcome {
        Ok(report) => (Some(report.clone()), None),
        Err(err) => (None, Some(format!("{err:#}"))),
    };
    match &outcome {
        Ok(report) => tracing::info!(job, %scheduled_for, report, "scheduled job done"),
        Err(err) => {
            tracing::error!(job, %scheduled_for, error = %format!("{err:#}"), "scheduled job failed")
        }
    }
    let recorded = sqlx::query(
        "UPDATE job_runs SET finished_at = now(), report = $3, error = $4 WHERE job = $1 AND scheduled_for = $2",
    )
    .bind(job)
    .bind(scheduled_for)
    .bind(report)
    .bind(error)
    .execute(pool)
    .await;
    if let Err(err) = recorded {
        tracing::warn!(job, error = %err, "cannot record a scheduled job's outcome");
    }
}

/// Who claimed a run: host, process and listen address.
pub fn replica_name(config: &Config) -> String {
    let host = std::env::var("HOSTNAME").unwrap_or_else(|_| "localhost".to_owned());
    format!("{host}:{}:{}", std::process::id(), config.bind_addr)
}
