//! Order confirmation notifications as durable jobs.
//!
//! A confirmed order's job is written in the placing transaction (by the
//! `place_order` function, see `orders`), so a committed order always has
//! one. Workers (one per serving process, any
//! number of processes) claim one due job at a time with its own lease,
//! using `FOR UPDATE SKIP LOCKED` in a statement that commits at once: no
//! lock is held while the sink is called. The sink is cut off at half the
//! lease, so a slow SMTP server cannot make a lease expire mid-send and let
//! another replica send the same order again. After delivery, the delivery
//! record (primary key: the order) and the job's completion are written
//! together. A worker that dies mid-delivery leaves an expired lease and the
//! job is retried, so the sink may see an order twice after a crash, but
//! exactly one delivery record exists per order. Failures retry with
//! exponential backoff.

use std::time::Duration;

use lettre::{
    AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor,
    transport::smtp::authentication::Credentials,
};
use sqlx::PgPool;

use crate::retry::Backoff;

const IDLE_POLL: Duration = Duration::from_millis(250);

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

    /// Claims and handles one due job; answers whether there was one.
    pub async fn work_once(&self) -> sqlx::Result<bool> {
        let claimed: Option<OrderNotice> = sqlx::query_as(
            "WITH due AS (
                 SELECT id FROM notification_jobs
                  WHERE delivered_at IS NULL AND next_attempt_at <= now()
                    AND (leased_until IS NULL OR leased_until < now())
                  ORDER BY next_attempt_at
                  LIMIT 1
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
              GROUP BY c.id, c.order_id, o.store_id, c.attempts, c.leased_until",
        )
        .bind(self.lease.as_secs_f64())
        .fetch_optional(&self.pool)
        .await?;
        let Some(notice) = claimed else {
            return Ok(false);
        };
        // Bounds the whole SMTP exchange, well inside the lease (lettre's own
        // timeout bounds only the connection).
        let delivered = tokio::time::timeout(self.lease / 2, self.sink.deliver(&notice))
            .await
            .unwrap_or_else(|_| {
                Err(anyhow::anyhow!(
                    "the sink did not answer within half the lease"
                ))
            });
        match delivered {
            Ok(()) => self.record_delivery(&notice).await?,
            Err(err) => self.schedule_retry(&notice, &err).await?,
        }
        Ok(true)
    }

    async fn record_delivery(&self, notice: &OrderNotice) -> sqlx::Result<()> {
        let mut tx = self.pool.begin().await?;
        let recorded = sqlx::query(
            "INSERT INTO notification_deliveries (order_id, sink, delivered_by) VALUES ($1, $2, $3)
             ON CONFLICT (order_id) DO NOTHING",
        )
        .bind(notice.order_id)
        .bind(self.sink.name())
        .bind(&self.name)
        .execute(&mut *tx)
        .await?
        .rows_affected();
        sqlx::query("UPDATE notification_jobs SET delivered_at = now(), leased_until = NULL, last_error = NULL WHERE id = $1")
            .bind(notice.job_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        if recorded == 1 {
            metrics::counter!("notifications_delivered_total").increment(1);
        } else {
            metrics::counter!("notifications_sent_again_total").increment(1);
        }
        Ok(())
    }

    async fn schedule_retry(&self, notice: &OrderNotice, err: &anyhow::Error) -> sqlx::Result<()> {
        // 2, 4, 8 ... seconds, at most an hour.
        let backoff_secs = 2f64.powi(notice.attempts.clamp(1, 12)).min(3600.0);
        tracing::warn!(order_id = notice.order_id, attempts = notice.attempts, error = %err, "notification failed, will retry");
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
