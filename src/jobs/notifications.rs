//! Order confirmation notifications as durable jobs.
//!
//! A confirmed order's job is written in the placing transaction (by the
//! `place_order` function, see `orders`), so a committed order always has
//! one. Workers (one per serving process, any number of processes) claim
//! due jobs with a lease, using `FOR UPDATE SKIP LOCKED` in a statement that
//! commits at once: no lock is held while the sink is called. An SMTP job is
//! claimed alone, with its own lease, and its send is cut off at half the
//! lease, so a slow SMTP server cannot make a lease expire mid-send and let
//! another replica send the same order again; the log sink, which cannot be
//! slow, takes up to 100 jobs a claim. After delivery, the delivery records
//! (primary key: the order) and the jobs' completion are written together,
//! in one statement per claim. A worker that dies mid-delivery leaves an
//! expired lease and the job is retried, so the sink may see an order twice
//! after a crash, but exactly one delivery record exists per order.
//! Failures retry with exponential backoff.

use std::time::Duration;

use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    transport::smtp::authentication::Credentials,
};
use sqlx::PgPool;

use crate::retry::Backoff;

const IDLE_POLL: Duration = Duration::from_millis(250);
/// The `job` label of notification deliveries in `catalog_job_runs_total`,
/// beside the scheduled jobs.
const JOB: &str = "notification";

/// Where notifications go.
#[derive(Clone)]
pub enum Sink {
    /// A structured log line per order (the default).
    Log,
    Smtp {
        transport: AsyncSmtpTransport<Tokio1Executor>,
        from: String,
        to: String,
    },
}

impl Sink {
    /// SMTP when `smtp_url` is set (`smtp://[user:password@]host[:port]`,
    /// plain SMTP to a relay such as a sidecar MTA), else the log.
    pub fn from_config(smtp_url: Option<&str>, from: &str, to: &str) -> anyhow::Result<Self> {
        let Some(url) = smtp_url else {
            return Ok(Sink::Log);
        };
        let url = url::Url::parse(url)?;
        anyhow::ensure!(url.scheme() == "smtp", "SMTP_URL must start with smtp://");
        let host = url
            .host_str()
            .ok_or_else(|| anyhow::anyhow!("SMTP_URL has no host"))?;
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
            .port(url.port().unwrap_or(25));
        if !url.username().is_empty() {
            builder = builder.credentials(Credentials::new(
                url.username().to_owned(),
                url.password().unwrap_or_default().to_owned(),
            ));
        }
        Ok(Sink::Smtp {
            transport: builder.build(),
            from: from.to_owned(),
            to: to.to_owned(),
        })
    }

    /// How many jobs one claim takes. The log never blocks, so a batch of
    /// them cannot outlast its lease; an SMTP server may take seconds a
    /// message, so each of those jobs is claimed (and leased) on its own: a
    /// queue of slow sends under one lease is how another replica came to
    /// send an order twice (issue 7, item 7).
    fn batch(&self) -> i64 {
        match self {
            Sink::Log => 100,
            Sink::Smtp { .. } => 1,
        }
    }

    fn name(&self) -> &'static str {
        match self {
            Sink::Log => "log",
            Sink::Smtp { .. } => "smtp",
        }
    }

    async fn deliver(&self, order: &OrderNotice) -> anyhow::Result<()> {
        match self {
            Sink::Log => {
                tracing::info!(
                    target: "notifications",
                    order_id = order.order_id,
                    store_id = order.store_id,
                    lines = order.lines,
                    units = order.units,
                    "order confirmed"
                );
                Ok(())
            }
            Sink::Smtp {
                transport,
                from,
                to,
            } => {
                let message = Message::builder()
                    .from(from.parse()?)
                    .to(to.parse()?)
                    .subject(format!("Order {} confirmed", order.order_id))
                    .body(format!(
                        "Order {} at store {} is confirmed: {} lines, {} units.\n",
                        order.order_id, order.store_id, order.lines, order.units
                    ))?;
                transport.send(message).await?;
                Ok(())
            }
        }
    }
}

#[derive(Debug, sqlx::FromRow)]
struct OrderNotice {
    job_id: i64,
    order_id: i64,
    store_id: i64,
    attempts: i32,
    /// The lease this worker holds: a retry is scheduled only while it does.
    leased_until: chrono::DateTime<chrono::Utc>,
    lines: i64,
    units: i64,
}

#[derive(Clone)]
pub struct Worker {
    pub pool: PgPool,
    pub sink: Sink,
    /// Written into delivery records: which replica delivered.
    pub name: String,
    /// How long a claimed job is this worker's alone.
    pub lease: Duration,
}

impl Worker {
    pub async fn run(self) {
        let mut backoff = Backoff::new(Duration::from_millis(100), Duration::from_secs(10));
        loop {
            match self.work_once().await {
                Ok(false) => tokio::time::sleep(IDLE_POLL).await,
                Ok(true) => backoff.reset(),
                Err(err) => {
                    tracing::warn!(error = %err, "notification worker interrupted, retrying");
                    backoff.wait().await;
                }
            }
        }
    }

    /// Claims and handles a batch of due jobs (see [`Sink::batch`]);
    /// answers whether there was one.
    pub async fn work_once(&self) -> sqlx::Result<bool> {
        let claimed: Vec<OrderNotice> = sqlx::query_as(
            "WITH due AS (
                 SELECT id FROM notification_jobs
                  WHERE delivered_at IS NULL AND next_attempt_at <= now()
                    AND (leased_until IS NULL OR leased_until < now())
                  ORDER BY next_attempt_at
                  LIMIT $2
                    FOR UPDATE SKIP LOCKED
             ), claimed AS (
                 UPDATE notification_jobs j
                    SET leased_until = now() + make_interval(secs => $1), attempts = attempts + 1
                   FROM due WHERE j.id = due.id
              RETURNING j.id, j.order_id, j.attempts, j.leased_until
             )
             SELECT c.id AS job_id, c.order_id, o.store_id, c.attempts, c.leased_until,
                    count(i.product_id) AS lines, COALESCE(sum(i.quantity_requested), 0)::bigint AS units
               FROM claimed c
               JOIN orders o ON o.id = c.order_id
               LEFT JOIN order_items i ON i.order_id = c.order_id
              GROUP BY c.id, c.order_id, o.store_id, c.attempts, c.leased_until
              ORDER BY c.id",
        )
        .bind(self.lease.as_secs_f64())
        .bind(self.sink.batch())
        .fetch_all(&self.pool)
        .await?;
        if claimed.is_empty() {
            return Ok(false);
        }
        let mut delivered = Vec::with_capacity(claimed.len());
        for notice in &claimed {
            // Bounds the whole SMTP exchange, well inside the lease (lettre's
            // own timeout bounds only the connection).
            let sent = tokio::time::timeout(self.lease / 2, self.sink.deliver(notice))
                .await
                .unwrap_or_else(|_| {
                    Err(anyhow::anyhow!(
                        "the sink did not answer within half the lease"
                    ))
                });
            match sent {
                Ok(()) => delivered.push(notice),
                Err(err) => self.schedule_retry(notice, &err).await?,
            }
        }
        self.record_deliveries(&delivered).await?;
        Ok(true)
    }

    /// The delivery records and the jobs' completion, in one statement (so
    /// together or not at all) for the whole batch.
    async fn record_deliveries(&self, notices: &[&OrderNotice]) -> sqlx::Result<()> {
        if notices.is_empty() {
            return Ok(());
        }
        let orders: Vec<i64> = notices.iter().map(|notice| notice.order_id).collect();
        let jobs: Vec<i64> = notices.iter().map(|notice| notice.job_id).collect();
        let recorded: i64 = sqlx::query_scalar(
            "WITH recorded AS (
                 INSERT INTO notification_deliveries (order_id, sink, delivered_by)
                 SELECT unnest($1::bigint[]), $2, $3
                 ON CONFLICT (order_id) DO NOTHING
                 RETURNING order_id
             ), done AS (
                 UPDATE notification_jobs
                    SET delivered_at = now(), leased_until = NULL, last_error = NULL
                  WHERE id = ANY($4)
             )
             SELECT count(*) FROM recorded",
        )
        .bind(&orders)
        .bind(self.sink.name())
        .bind(&self.name)
        .bind(&jobs)
        .fetch_one(&self.pool)
        .await?;
        let delivered = notices.len() as u64;
        let recorded = (recorded.max(0) as u64).min(delivered);
        metrics::counter!("catalog_job_runs_total", "job" => JOB, "outcome" => "done")
            .increment(delivered);
        metrics::counter!("catalog_notifications_sent_again_total").increment(delivered - recorded);
        Ok(())
    }

    async fn schedule_retry(&self, notice: &OrderNotice, err: &anyhow::Error) -> sqlx::Result<()> {
        // 2, 4, 8 ... seconds, at most an hour.
        let backoff_secs = 2f64.powi(notice.attempts.clamp(1, 12)).min(3600.0);
        tracing::warn!(order_id = notice.order_id, attempts = notice.attempts, error = %err, "notification failed, will retry");
        metrics::counter!("catalog_job_runs_total", "job" => JOB, "outcome" => "failed")
            .increment(1);
        sqlx::query(
            "UPDATE notification_jobs
                SET leased_until = NULL, last_error = $2,
                    next_attempt_at = now() + make_interval(secs => $3)
              WHERE id = $1 AND leased_until = $4",
        )
        .bind(notice.job_id)
        .bind(format!("{err:#}"))
        .bind(backoff_secs)
        .bind(notice.leased_until)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}
