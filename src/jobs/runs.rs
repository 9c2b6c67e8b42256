//! Who runs each firing of a scheduled job, and retries.
//!
//! A firing is one `job_runs` row keyed by (job, scheduled tick). The first
//! replica to insert it runs the body; every other replica sees the row and
//! runs nothing. The claim is a lease, renewed while the body runs. A run
//! left unfinished past its lease (its replica died) or finished with an
//! error is claimed again by the first replica whose sweep sees it, up to
//! `max_attempts`, and only while it is the job's latest firing: every job
//! recomputes current state, so a newer firing supersedes an older one.
//! An attempt records its outcome, and renews its lease, only while the row
//! still names it (replica and attempt number): a replica that lost its
//! lease stops its body and cannot overwrite the attempt that replaced it.

use std::{future::Future, pin::Pin, sync::Arc, time::Duration};

use chrono::{DateTime, Utc};
use sqlx::PgPool;

/// A job's work for the firing scheduled at the given tick; answers a short
/// report for `job_runs.report`.
pub type Body = Arc<
    dyn Fn(DateTime<Utc>) -> Pin<Box<dyn Future<Output = anyhow::Result<String>> + Send>>
        + Send
        + Sync,
>;

#[derive(Clone)]
pub struct Job {
    pub name: &'static str,
    pub body: Body,
}

/// One replica's side of the claims.
#[derive(Clone)]
pub struct Runner {
    pub pool: PgPool,
    /// Written to `claimed_by`; must differ between live replicas.
    pub replica: String,
    pub lease: Duration,
    pub max_attempts: u32,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Another replica holds the run (or the claim could not be made).
    NotClaimed,
    Done(String),
    Failed(String),
    /// Another replica took the run over; this attempt stopped unrecorded.
    LeaseLost,
}

impl Runner {
    /// Claims the firing of `job` scheduled at `tick` and, if this replica
    /// won it, runs it.
    pub async fn fire(&self, job: &Job, tick: DateTime<Utc>) -> Outcome {
        let claimed: sqlx::Result<Option<i32>> = sqlx::query_scalar(
            "INSERT INTO job_runs (job, scheduled_for, claimed_by, leased_until)
             VALUES ($1, $2, $3, now() + make_interval(secs => $4))
             ON CONFLICT DO NOTHING
             RETURNING attempts",
        )
        .bind(job.name)
        .bind(tick)
        .bind(&self.replica)
        .bind(self.lease.as_secs_f64())
        .fetch_optional(&self.pool)
        .await;
        match claimed {
            Ok(Some(attempt)) => self.run(job, tick, attempt).await,
            Ok(None) => Outcome::NotClaimed,
            Err(err) => {
                tracing::warn!(job = job.name, scheduled_for = %tick, error = %err, "cannot claim a scheduled job run");
                Outcome::NotClaimed
            }
        }
    }

    /// Claims the job's latest run if it is due for another attempt; answers
    /// its tick and attempt number.
    pub async fn claim_retry(&self, job: &Job) -> Option<(DateTime<Utc>, i32)> {
        let claimed = sqlx::query_as(
            "UPDATE job_runs r
                SET claimed_by = $2, attempts = r.attempts + 1, started_at = now(),
                    leased_until = now() + make_interval(secs => $3),
                    finished_at = NULL, report = NULL, error = NULL
              WHERE r.job = $1
                AND r.scheduled_for = (SELECT max(scheduled_for) FROM job_runs WHERE job = $1)
                AND r.attempts < $4
                AND r.leased_until < now()
                AND (r.finished_at IS NULL OR r.error IS NOT NULL)
          RETURNING r.scheduled_for, r.attempts",
        )
        .bind(job.name)
        .bind(&self.replica)
        .bind(self.lease.as_secs_f64())
        .bind(i32::try_from(self.max_attempts).unwrap_or(i32::MAX))
        .fetch_optional(&self.pool)
        .await;
        claimed.unwrap_or_else(|err| {
            tracing::warn!(job = job.name, error = %err, "cannot look for scheduled job runs to retry");
            None
        })
    }

    /// [`Runner::claim_retry`], then runs what it claimed.
    pub async fn retry_due(&self, job: &Job) -> Option<Outcome> {
        let (tick, attempt) = self.claim_retry(job).await?;
        Some(self.run(job, tick, attempt).await)
    }

    /// Every quarter lease, retries what is due of `jobs`, each attempt in
    /// its own task.
    pub async fn sweep(self, jobs: Vec<Job>) {
        let mut every = tokio::time::interval((self.lease / 4).max(Duration::from_millis(100)));
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            for job in &jobs {
                if let Some((tick, attempt)) = self.claim_retry(job).await {
                    let (runner, job) = (self.clone(), job.clone());
                    tokio::spawn(async move { runner.run(&job, tick, attempt).await });
                }
            }
        }
    }

    /// Runs an attempt this replica has claimed, records its outcome and
    /// counts it in `catalog_job_runs_total`.
    async fn run(&self, job: &Job, tick: DateTime<Utc>, attempt: i32) -> Outcome {
        let outcome = self.run_attempt(job, tick, attempt).await;
        let label = match &outcome {
            Outcome::Done(_) => "done",
            Outcome::Failed(_) => "failed",
            Outcome::LeaseLost => "lease_lost",
            Outcome::NotClaimed => return outcome,
        };
        metrics::counter!("catalog_job_runs_total", "job" => job.name, "outcome" => label)
            .increment(1);
        outcome
    }

    async fn run_attempt(&self, job: &Job, tick: DateTime<Utc>, attempt: i32) -> Outcome {
        let name = job.name;
        tracing::info!(job = name, scheduled_for = %tick, attempt, replica = %self.replica, "scheduled job started");
        let outcome = tokio::select! {
            outcome = (job.body)(tick) => outcome,
            () = self.keep_lease(name, tick, attempt) => {
                tracing::warn!(job = name, scheduled_for = %tick, attempt, "another replica took this scheduled job run over; stopped it");
                return Outcome::LeaseLost;
            }
        };
        let (report, error) = match &outcome {
            Ok(report) => (Some(report.clone()), None),
            Err(err) => (None, Some(format!("{err:#}"))),
        };
        // A failed attempt keeps its lease as the delay before the retry.
        let recorded = sqlx::query(
            "UPDATE job_runs
                SET finished_at = now(), report = $5, error = $6,
                    leased_until = CASE WHEN $6::text IS NULL THEN NULL
                                        ELSE now() + make_interval(secs => $7) END
              WHERE job = $1 AND scheduled_for = $2 AND claimed_by = $3 AND attempts = $4",
        )
        .bind(name)
        .bind(tick)
        .bind(&self.replica)
        .bind(attempt)
        .bind(&report)
        .bind(&error)
        .bind(self.lease.as_secs_f64())
        .execute(&self.pool)
        .await;
        match recorded {
            Ok(result) if result.rows_affected() == 0 => {
                tracing::warn!(job = name, scheduled_for = %tick, attempt, "another replica took this scheduled job run over; its outcome is not recorded");
                return Outcome::LeaseLost;
            }
            Ok(_) => {}
            // The lease runs out and another attempt follows.
            Err(err) => {
                tracing::warn!(job = name, scheduled_for = %tick, error = %err, "cannot record a scheduled job's outcome")
            }
        }
        match (report, error) {
            (Some(report), _) => {
                tracing::info!(job = name, scheduled_for = %tick, attempt, report, "scheduled job done");
                Outcome::Done(report)
            }
            (None, error) => {
                let error = error.unwrap_or_default();
                tracing::error!(job = name, scheduled_for = %tick, attempt, error, "scheduled job failed");
                Outcome::Failed(error)
            }
        }
    }

    /// Renews the lease every third of it; returns once the row no longer
    /// names this attempt. A database error is not a lost lease: it retries.
    async fn keep_lease(&self, job: &str, tick: DateTime<Utc>, attempt: i32) {
        let mut every = tokio::time::interval((self.lease / 3).max(Duration::from_millis(10)));
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        every.tick().await;
        loop {
            every.tick().await;
            let renewed = sqlx::query(
                "UPDATE job_runs SET leased_until = now() + make_interval(secs => $5)
                  WHERE job = $1 AND scheduled_for = $2 AND claimed_by = $3 AND attempts = $4
                    AND finished_at IS NULL",
            )
            .bind(job)
            .bind(tick)
            .bind(&self.replica)
            .bind(attempt)
            .bind(self.lease.as_secs_f64())
            .execute(&self.pool)
            .await;
            match renewed {
                Ok(result) if result.rows_affected() == 0 => return,
                Ok(_) => {}
                Err(err) => {
                    tracing::warn!(job, scheduled_for = %tick, error = %err, "cannot renew a scheduled job's lease")
                }
            }
        }
    }
}
