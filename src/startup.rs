//! Building and running the service: the listener, the state, the router
//! with its middleware, and graceful shutdown.

use std::{future::Future, net::SocketAddr, sync::Arc, time::Duration};

use axum::{Router, extract::Request, middleware, response::IntoResponse};
use tokio::net::TcpListener;
use tower::{Layer, ServiceBuilder};
use tower_http::{
    catch_panic::CatchPanicLayer,
    normalize_path::NormalizePathLayer,
    request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer},
    trace::TraceLayer,
};

use crate::{
    cache::InventoryCache,
    changes::{
        indexer::{Indexer, IndexerMonitor},
        relay::Relay,
    },
    config::Config,
    db,
    error::{ApiError, ErrorCode},
    jobs::{
        self,
        notifications::{self, Sink},
    },
    redis_client::Redis,
    routes,
    search::SearchIndex,
    state::AppState,
    telemetry,
};

/// How soon a `catalog reindex` run by another process is picked up.
const INDEX_FOLLOW_INTERVAL: Duration = Duration::from_secs(1);

pub struct Application {
    listener: TcpListener,
    router: Router,
    state: AppState,
    /// Kept so the cron jobs live as long as the service.
    _scheduler: jobs::schedule::Scheduler,
}

impl Application {
    /// Connects (lazily) to PostgreSQL and Redis, opens the search index,
    /// starts the background tasks (outbox relay, indexer, notification
    /// worker, cron jobs) and binds the listener. Migrations are the
    /// caller's business (`catalog serve` runs them).
    pub async fn build(config: Config) -> anyhow::Result<Self> {
        let config = Arc::new(config);
        let redis = Arc::new(Redis::new(&config.redis_url, &config.redis_prefix)?);
        let pool = db::pool(&config)?;
        let search = SearchIndex::open(&config.index_dir)?;
        search.follow(INDEX_FOLLOW_INTERVAL);
        let indexer_status = Arc::new(IndexerMonitor::default());
        let indexer = Indexer {
            search: search.clone(),
            pool: pool.clone(),
            redis: redis.clone(),
            status: indexer_status.clone(),
        };
        tokio::spawn(indexer.run());
        tokio::spawn(
            Relay {
                pool: pool.clone(),
                redis: redis.clone(),
                stream_maxlen: config.stream_maxlen,
            }
            .run(),
        );
        // Shorter leases leave no time for a send.
        let notification_lease = Duration::from_secs(config.notification_lease_secs.max(2));
        tokio::spawn(
            notifications::Worker {
                pool: pool.clone(),
                sink: Sink::from_config(
                    config.smtp_url.as_deref(),
                    &config.notification_from,
                    &config.notification_to,
                )?,
                name: jobs::schedule::replica_name(&config),
                lease: notification_lease,
            }
            .run(),
        );
        let scheduler = jobs::schedule::start(&config, pool.clone())?;
        let state = AppState {
            db: pool,
            search,
            indexer_status,
            inventory_cache: InventoryCache::new(redis.clone(), config.inventory_cache_ttl()),
            redis,
            metrics: telemetry::metrics_handle(),
            config: config.clone(),
        };
        let listener = TcpListener::bind(config.bind_addr).await?;
        let router = with_middleware(routes::router(state.clone())?);
        Ok(Self {
            listener,
            router,
            state,
            _scheduler: scheduler,
        })
    }

    pub fn port(&self) -> u16 {
        self.listener
            .local_addr()
            .map(|addr| addr.port())
            .unwrap_or_default()
    }

    pub fn state(&self) -> &AppState {
        &self.state
    }

    /// Serves until SIGTERM or SIGINT, then finishes in-flight requests.
    pub async fn run_until_stopped(self) -> anyhow::Result<()> {
        self.run_until(shutdown_signal()).await
    }

    pub async fn run_until(
        self,
        shutdown: impl Future<Output = ()> + Send + 'static,
    ) -> anyhow::Result<()> {
        tracing::info!(addr = ?self.listener.local_addr()?, "serving");
        // Trailing slashes are trimmed before routing, so `/orders/` and
        // `/orders` are the same route.
        let app = NormalizePathLayer::trim_trailing_slash().layer(self.router);
        axum::serve(
            self.listener,
            axum::ServiceExt::<Request>::into_make_service_with_connect_info::<SocketAddr>(app),
        )
        .with_graceful_shutdown(shutdown)
        .await?;
        self.state.db.close().await;
        Ok(())
    }
}

fn with_middleware(router: Router) -> Router {
    router.layer(
        ServiceBuilder::new()
            .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
            .layer(
                TraceLayer::new_for_http()
                    .make_span_with(telemetry::request_span)
                    .on_response(telemetry::record_response),
            )
            .layer(PropagateRequestIdLayer::x_request_id())
            // Inside the trace and outside the panic guard: a panic is
            // counted as the 500 it is answered with.
            .layer(middleware::from_fn(telemetry::track_http))
            .layer(CatchPanicLayer::custom(|_| {
                tracing::error!("handler panicked");
                ApiError::new(ErrorCode::Internal, "internal server error").into_response()
            })),
    )
}

async fn shutdown_signal() {
    let ctrl_c = async {
        if let Err(err) = tokio::signal::ctrl_c().await {
            tracing::error!(error = %err, "cannot listen for SIGINT");
            std::future::pending::<()>().await;
        }
    };
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(err) => {
                tracing::error!(error = %err, "cannot listen for SIGTERM");
                std::future::pending::<()>().await;
            }
        }
    };
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
    tracing::info!("shutdown signal received, draining requests");
}
