//! Logging and metrics: the tracing subscriber (pretty or JSON), the
//! per-request span, the process-wide Prometheus recorder with the
//! description of every metric it records, and the HTTP metrics middleware.
//! The index gauges are not recorded here: `/metrics` reads them from the
//! replica's state when scraped (`changes::status`).

use std::{
    sync::OnceLock,
    time::{Duration, Instant},
};

use axum::{
    extract::{MatchedPath, Request},
    http::{Method, Response},
    middleware::Next,
};
use metrics::Label;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use tracing::Span;
use tracing_subscriber::{EnvFilter, fmt, prelude::*};

use crate::config::LogFormat;

/// Installs the global subscriber; `RUST_LOG` overrides the default filter.
pub fn init_subscriber(format: LogFormat) {
    install(format, std::io::stdout);
}

/// Like [`init_subscriber`], logging to standard error: for commands whose
/// standard output is their result (`catalog import` prints its report).
pub fn init_subscriber_on_stderr(format: LogFormat) {
    install(format, std::io::stderr);
}

fn install<W>(format: LogFormat, writer: W)
where
    W: for<'w> fmt::MakeWriter<'w> + Send + Sync + 'static,
{
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info,sqlx=warn,tantivy=warn"));
    let registry = tracing_subscriber::registry().with(filter);
    let result = match format {
        LogFormat::Json => registry
            .with(fmt::layer().json().flatten_event(true).with_writer(writer))
            .try_init(),
        LogFormat::Pretty => registry.with(fmt::layer().with_writer(writer)).try_init(),
    };
    if let Err(err) = result {
        eprintln!("logging was already initialised: {err}");
    }
}

/// The Prometheus recorder. Metrics are process-wide by nature (the
/// `metrics` macros write to one global recorder), so it is installed once,
/// with the histogram buckets, the descriptions of [`METRICS`] and a thread
/// that drains histogram samples between scrapes (without it they pile up
/// in memory while nobody scrapes).
pub fn metrics_handle() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            let builder = PrometheusBuilder::new()
                .set_buckets_for_metric(
                    Matcher::Full(HTTP_DURATION.to_owned()),
                    LATENCY_BUCKETS_SECS,
                )
                // Fails only for an empty list of buckets.
                .unwrap_or_else(|_| PrometheusBuilder::new());
            let recorder = builder.build_recorder();
            let handle = recorder.handle();
            // Fails only if another recorder was installed first, in which
            // case our handle simply renders nothing.
            if metrics::set_global_recorder(recorder).is_ok() {
                describe_metrics();
                let upkeep = handle.clone();
                let spawned = std::thread::Builder::new()
                    .name("metrics-upkeep".to_owned())
                    .spawn(move || {
                        loop {
                            std::thread::sleep(Duration::from_secs(5));
                            upkeep.run_upkeep();
                        }
                    });
                if let Err(err) = spawned {
                    tracing::warn!(error = %err, "cannot start the metrics upkeep thread; histograms drain only when scraped");
                }
            }
            handle
        })
        .clone()
}

pub const HTTP_REQUESTS: &str = "catalog_http_requests_total";
pub const HTTP_DURATION: &str = "catalog_http_request_duration_seconds";
pub const RATE_LIMITED: &str = "catalog_rate_limited_requests_total";

/// From half a millisecond (a cached listing, a suggestion) to the 5 s past
/// which a storefront request has failed its shopper anyway.
const LATENCY_BUCKETS_SECS: &[f64] = &[
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0,
];

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MetricKind {
    Counter,
    Histogram,
}

/// Every metric the process records through the `metrics` macros, with the
/// help text `/metrics` shows. README's table of metrics says more.
pub const METRICS: &[(&str, MetricKind, &str)] = &[
    (
        HTTP_REQUESTS,
        MetricKind::Counter,
        "HTTP requests answered, by method, route template and status",
    ),
    (
        HTTP_DURATION,
        MetricKind::Histogram,
        "Time to answer an HTTP request (until the response head), by method, route template and status",
    ),
    (
        RATE_LIMITED,
        MetricKind::Counter,
        "Requests refused with 429 by a per-client rate limit, by route template",
    ),
    (
        "catalog_inventory_cache_requests_total",
        MetricKind::Counter,
        "Inventory listing cache lookups by outcome: hit, miss, or error (Redis unreachable)",
    ),
    (
        "catalog_job_runs_total",
        MetricKind::Counter,
        "Runs of background jobs by job and outcome: done, failed, or lease_lost",
    ),
    (
        "catalog_notifications_sent_again_total",
        MetricKind::Counter,
        "Order notifications delivered a second time (a worker died between sending and recording)",
    ),
    (
        "catalog_outbox_published_total",
        MetricKind::Counter,
        "Changes the relay numbered and published to the change stream",
    ),
    (
        "catalog_outbox_relay_errors_total",
        MetricKind::Counter,
        "Relay rounds interrupted by a PostgreSQL failure",
    ),
    (
        "catalog_outbox_stream_errors_total",
        MetricKind::Counter,
        "Numbered changes the relay could not publish to Redis (indexers read them from PostgreSQL)",
    ),
    (
        "catalog_indexer_applied_changes_total",
        MetricKind::Counter,
        "Changes this replica's indexer applied to its index",
    ),
    (
        "catalog_indexer_changes_read_from_postgres_total",
        MetricKind::Counter,
        "Changes the indexer read from PostgreSQL because the stream did not bring them",
    ),
    (
        "catalog_indexer_stream_errors_total",
        MetricKind::Counter,
        "Failed reads of the change stream",
    ),
    (
        "catalog_indexer_errors_total",
        MetricKind::Counter,
        "Indexer rounds interrupted by a failure (retried with backoff)",
    ),
    (
        "catalog_indexer_rebuilds_total",
        MetricKind::Counter,
        "Full rebuilds of this replica's index",
    ),
    (
        "catalog_index_repaired_documents_total",
        MetricKind::Counter,
        "Documents a requested full reindex found missing, stale or extra",
    ),
];

fn describe_metrics() {
    for &(name, kind, help) in METRICS {
        match kind {
            MetricKind::Counter => metrics::describe_counter!(name, help),
            MetricKind::Histogram => metrics::describe_histogram!(name, help),
        }
    }
}

/// Marks a response as refused by a rate limit, for [`track_http`] to count
/// under the route it was refused on.
#[derive(Debug, Clone, Copy)]
pub struct RateLimited;

/// Counts and times every request by method, route template and status. The
/// route is axum's matched template, never the raw path, so the number of
/// series stays bounded; requests no route matched share one label.
pub async fn track_http(request: Request, next: Next) -> axum::response::Response {
    let started = Instant::now();
    let route = route_label(&request);
    let method = method_label(request.method());
    let response = next.run(request).await;
    let labels = vec![
        Label::new("method", method),
        Label::new("route", route.clone()),
        Label::new("status", response.status().as_u16().to_string()),
    ];
    metrics::counter!(HTTP_REQUESTS, labels.clone()).increment(1);
    metrics::histogram!(HTTP_DURATION, labels).record(started.elapsed().as_secs_f64());
    if response.extensions().get::<RateLimited>().is_some() {
        metrics::counter!(RATE_LIMITED, "route" => route).increment(1);
    }
    response
}

/// The route template a request matched, or one label for all that
/// matched none.
fn route_label(request: &Request) -> String {
    request
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "<unmatched>".to_owned())
}

/// A client may send any token as its method; only the standard ones get
/// their own label.
fn method_label(method: &Method) -> &'static str {
    const STANDARD: [&str; 7] = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"];
    STANDARD
        .into_iter()
        .find(|standard| *standard == method.as_str())
        .unwrap_or("other")
}

/// The span of one request: method, matched route and request id now;
/// status and latency when the response is ready.
pub fn request_span(request: &Request) -> Span {
    let route = route_label(request);
    let request_id = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    tracing::info_span!(
        "request",
        method = %request.method(),
        route,
        request_id,
        status = tracing::field::Empty,
        latency_ms = tracing::field::Empty,
    )
}

pub fn record_response<B>(response: &Response<B>, latency: Duration, span: &Span) {
    span.record("status", response.status().as_u16());
    span.record("latency_ms", latency.as_secs_f64() * 1000.0);
    tracing::info!(parent: span, "served");
}
