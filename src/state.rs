//! The one `AppState` every handler receives.

use std::sync::Arc;

use metrics_exporter_prometheus::PrometheusHandle;
use sqlx::PgPool;

use crate::{
    cache::InventoryCache, changes::indexer::IndexerMonitor, config::Config, redis_client::Redis,
    search::SearchIndex,
};

#[derive(Clone)]
pub struct AppState {
    pub db: PgPool,
    pub redis: Arc<Redis>,
    pub inventory_cache: InventoryCache,
    pub search: Arc<SearchIndex>,
    pub indexer_status: Arc<IndexerMonitor>,
    pub config: Arc<Config>,
    pub metrics: PrometheusHandle,
}
