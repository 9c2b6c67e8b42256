//! Every setting of the service, read from the environment (or the matching
//! command-line flag) with defaults that work on a laptop with nothing set.
//! `catalog serve --help` lists them all.

use std::{fmt, net::SocketAddr, path::PathBuf, time::Duration};

use clap::{Args, ValueEnum};

#[derive(Clone, Args)]
pub struct Config {
    /// PostgreSQL connection string.
    #[arg(
        long,
        env = "DATABASE_URL",
        default_value = "postgres://postgres:postgres@127.0.0.1:5432/catalog"
    )]
    pub database_url: String,

    /// Largest number of pooled PostgreSQL connections.
    #[arg(long, env = "DATABASE_MAX_CONNECTIONS", default_value_t = 20)]
    pub database_max_connections: u32,

    /// Redis connection string.
    #[arg(long, env = "REDIS_URL", default_value = "redis://127.0.0.1:6379")]
    pub redis_url: String,

    /// Prefix of every Redis key this service writes, so that several
    /// deployments (or tests) can share one Redis.
    #[arg(long, env = "REDIS_PREFIX", default_value = "catalog")]
    pub redis_prefix: String,

    /// Address the HTTP API listens on; port 0 picks a free port.
    #[arg(long, env = "BIND_ADDR", default_value = "127.0.0.1:8080")]
    pub bind_addr: SocketAddr,

    /// Directory of the on-disk search index.
    #[arg(long, env = "INDEX_DIR", default_value = "./index")]
    pub index_dir: PathBuf,

    /// How long a cached store inventory listing lives, in seconds; 0 turns
    /// the cache off.
    #[arg(long, env = "INVENTORY_CACHE_TTL_SECS", default_value_t = 900)]
    pub inventory_cache_ttl_secs: u64,

    /// Longest a request may take, body upload included, in seconds; past
    /// it the answer is 408 and the connection is closed, so a stalled
    /// client cannot hold a graceful shutdown.
    #[arg(long, env = "REQUEST_TIMEOUT_SECS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..))]
    pub request_timeout_secs: u64,

    /// Longest a bulk import may take, in seconds (its body may still pause
    /// for at most `REQUEST_TIMEOUT_SECS` at a time).
    #[arg(long, env = "IMPORT_TIMEOUT_SECS", default_value_t = 900, value_parser = clap::value_parser!(u64).range(1..))]
    pub import_timeout_secs: u64,

    /// Autocomplete requests per second allowed to each client, sustained.
    #[arg(long, env = "SUGGEST_RATE_PER_SEC", default_value_t = 10.0)]
    pub suggest_rate_per_sec: f64,

    /// Autocomplete requests a client may send at once before being limited.
    #[arg(long, env = "SUGGEST_BURST", default_value_t = 20)]
    pub suggest_burst: u32,

    /// Product search requests per second allowed to each client, sustained.
    #[arg(long, env = "SEARCH_RATE_PER_SEC", default_value_t = 50.0)]
    pub search_rate_per_sec: f64,

    /// Product search requests a client may send at once before being limited.
    #[arg(long, env = "SEARCH_BURST", default_value_t = 100)]
    pub search_burst: u32,

    /// Store inventory and order listing requests per second allowed to
    /// each client, sustained (both listings share the budget).
    #[arg(long, env = "LISTING_RATE_PER_SEC", default_value_t = 20.0)]
    pub listing_rate_per_sec: f64,

    /// Listing requests a client may send at once before being limited.
    #[arg(long, env = "LISTING_BURST", default_value_t = 40)]
    pub listing_burst: u32,

    /// Reverse proxies in front of the service that append to
    /// X-Forwarded-For; the client address is read that many entries from
    /// the right. 0 trusts no header and uses the socket peer.
    #[arg(long, env = "TRUSTED_PROXIES", default_value_t = 0)]
    pub trusted_proxies: usize,

    /// Bearer token of the admin API; without one the admin API is disabled.
    #[arg(long, env = "ADMIN_TOKEN", hide_env_values = true)]
    pub admin_token: Option<String>,

    /// Entries the Redis change stream keeps (approximately); an indexer
    /// further behind reads the rest from the outbox in PostgreSQL.
    #[arg(long, env = "STREAM_MAXLEN", default_value_t = 500_000)]
    pub stream_maxlen: usize,

    /// Cron schedule (with seconds, UTC) of the full reindex; "off" (or
    /// empty) disables a scheduled job, here and below.
    #[arg(long, env = "REINDEX_SCHEDULE", default_value = "0 0 3 * * *")]
    pub reindex_schedule: String,

    /// Cron schedule (with seconds, UTC) of the inventory summary.
    #[arg(
        long,
        env = "INVENTORY_SUMMARY_SCHEDULE",
        default_value = "0 30 0 * * *"
    )]
    pub inventory_summary_schedule: String,

    /// Cron schedule (with seconds, UTC) of the purge of published outbox rows.
    #[arg(long, env = "OUTBOX_PURGE_SCHEDULE", default_value = "0 15 * * * *")]
    pub outbox_purge_schedule: String,

    /// How long a replica's claim on a scheduled job run lasts without being
    /// renewed, in seconds: a run whose replica died is retried after this.
    /// Also the delay before a failed run is retried.
    #[arg(long, env = "JOB_LEASE_SECS", default_value_t = 60)]
    pub job_lease_secs: u64,

    /// How many times a scheduled job run is attempted before it is left
    /// failed (until the job's next firing).
    #[arg(long, env = "JOB_MAX_ATTEMPTS", default_value_t = 3)]
    pub job_max_attempts: u32,

    /// How long published outbox rows are kept, in hours.
    #[arg(long, env = "OUTBOX_RETENTION_HOURS", default_value_t = 24)]
    pub outbox_retention_hours: u32,

    /// Largest body of a bulk import (`POST /products/import/`), in bytes.
    #[arg(long, env = "IMPORT_MAX_BYTES", default_value_t = 256 * 1024 * 1024)]
    pub import_max_bytes: usize,
    /// Cron schedule (with seconds) of the purge of order idempotency keys
    /// older than 24 hours.
    #[arg(
        long,
        env = "IDEMPOTENCY_PURGE_SCHEDULE",
        default_value = "0 45 * * * *"
    )]
    pub idempotency_purge_schedule: String,

    /// Cron schedule (with seconds, UTC) of the count of units sold over
    /// the last 30 days per product (orders since the last count are added
    /// on reading, so this only moves the 30-day window along).
    #[arg(long, env = "SALES_SIGNAL_SCHEDULE", default_value = "0 5 * * * *")]
    pub sales_signal_schedule: String,

    /// A stock line at or below this many units counts as low stock.
    #[arg(long, env = "LOW_STOCK_THRESHOLD", default_value_t = 5)]
    pub low_stock_threshold: i32,

    /// SMTP server for order notifications (e.g. smtp://mail:25); without
    /// one, notifications are written to the log.
    #[arg(long, env = "SMTP_URL", hide_env_values = true)]
    pub smtp_url: Option<String>,

    /// How long a worker owns a notification it is sending, in seconds;
    /// another replica retries it after that. An SMTP exchange is cut off
    /// at half of it, so a slow server cannot outlive the lease.
    #[arg(long, env = "NOTIFICATION_LEASE_SECS", default_value_t = 60)]
    pub notification_lease_secs: u64,

    /// Sender of order notifications.
    #[arg(long, env = "NOTIFICATION_FROM", default_value = "catalog@localhost")]
    pub notification_from: String,

    /// Recipient of order notifications (the order desk).
    #[arg(long, env = "NOTIFICATION_TO", default_value = "orders@localhost")]
    pub notification_to: String,

    /// Log output format.
    #[arg(long, env = "LOG_FORMAT", value_enum, default_value_t = LogFormat::Pretty)]
    pub log_format: LogFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Pretty,
    Json,
}

impl Config {
    /// Settings from the environment alone, ignoring the process arguments;
    /// tests start from this and override what they isolate.
    pub fn from_env() -> Self {
        #[derive(clap::Parser)]
        struct Wrapper {
            #[command(flatten)]
            config: Config,
        }
        <Wrapper as clap::Parser>::parse_from(["catalog"]).config
    }

    pub fn inventory_cache_ttl(&self) -> Duration {
        Duration::from_secs(self.inventory_cache_ttl_secs)
    }

    pub fn request_timeout(&self) -> Duration {
        Duration::from_secs(self.request_timeout_secs)
    }

    pub fn import_timeout(&self) -> Duration {
        Duration::from_secs(self.import_timeout_secs)
    }
}

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &redact_url(&self.database_url))
            .field("database_max_connections", &self.database_max_connections)
            .field("redis_url", &redact_url(&self.redis_url))
            .field("redis_prefix", &self.redis_prefix)
            .field("bind_addr", &self.bind_addr)
            .field("index_dir", &self.index_dir)
            .field("inventory_cache_ttl_secs", &self.inventory_cache_ttl_secs)
            .field("request_timeout_secs", &self.request_timeout_secs)
            .field("import_timeout_secs", &self.import_timeout_secs)
            .field("suggest_rate_per_sec", &self.suggest_rate_per_sec)
            .field("suggest_burst", &self.suggest_burst)
            .field("search_rate_per_sec", &self.search_rate_per_sec)
            .field("search_burst", &self.search_burst)
            .field("listing_rate_per_sec", &self.listing_rate_per_sec)
            .field("listing_burst", &self.listing_burst)
            .field("trusted_proxies", &self.trusted_proxies)
            .field(
                "admin_token",
                &self.admin_token.as_ref().map(|_| "REDACTED"),
            )
            .field("stream_maxlen", &self.stream_maxlen)
            .field("reindex_schedule", &self.reindex_schedule)
            .field(
                "inventory_summary_schedule",
                &self.inventory_summary_schedule,
            )
            .field("outbox_purge_schedule", &self.outbox_purge_schedule)
            .field("job_lease_secs", &self.job_lease_secs)
            .field("job_max_attempts", &self.job_max_attempts)
            .field("outbox_retention_hours", &self.outbox_retention_hours)
            .field("import_max_bytes", &self.import_max_bytes)
            .field(
                "idempotency_purge_schedule",
                &self.idempotency_purge_schedule,
            )
            .field("sales_signal_schedule", &self.sales_signal_schedule)
            .field("low_stock_threshold", &self.low_stock_threshold)
            .field("notification_lease_secs", &self.notification_lease_secs)
            .field("smtp_url", &self.smtp_url.as_deref().map(redact_url))
            .field("notification_from", &self.notification_from)
            .field("notification_to", &self.notification_to)
            .field("log_format", &self.log_format)
            .finish()
    }
}

/// The URL with its password replaced, for logs and `Debug`.
pub fn redact_url(raw: &str) -> String {
    match url::Url::parse(raw) {
        Ok(mut parsed) => {
            if parsed.password().is_some() {
                // Cannot fail: the URL already has a password, so it has a host.
                let _ = parsed.set_password(Some("REDACTED"));
            }
            parsed.to_string()
        }
        Err(_) => "<unparseable url>".to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_contains_passwords() {
        let mut config = Config::from_env();
        config.database_url = "postgres://app:s3cret@db:5432/catalog".into();
        config.redis_url = "redis://:hunter2@cache:6379".into();
        config.admin_token = Some("t0ken".into());
        config.smtp_url = Some("smtp://mailer:pa55@mail:25".into());
        let printed = format!("{config:?}");
        assert!(!printed.contains("s3cret"), "{printed}");
        assert!(!printed.contains("hunter2"), "{printed}");
        assert!(!printed.contains("t0ken"), "{printed}");
        assert!(!printed.contains("pa55"), "{printed}");
        assert!(printed.contains("REDACTED"));
    }
}
