//! Test harness: `spawn_app()` gives each test its own database (copied from
//! a migrated template), Redis key prefix and index directory, and serves the
//! app on a free port with every scheduled job off. Cleaning up is
//! `cleanup.rs`'s business.

use std::{future::Future, sync::OnceLock, time::Duration};

use catalog::{config::Config, db::MIGRATOR, startup::Application, state::AppState};
use sqlx::{Connection, Executor, PgConnection, PgPool};
use tempfile::TempDir;
use tokio::{sync::oneshot, task::JoinHandle};

use crate::cleanup::{RedisKeys, sweep_stale_test_data};

pub const ADMIN_TOKEN: &str = "test-admin-token";

/// How long any wait in a test may take before it fails. Waits return as
/// soon as their condition holds, so this only bounds a failing test; a slow
/// machine raises it with `TEST_DEADLINE_SCALE` (e.g. 3).
pub fn deadline() -> Duration {
    static SCALE: OnceLock<f64> = OnceLock::new();
    let scale = *SCALE.get_or_init(|| {
        std::env::var("TEST_DEADLINE_SCALE")
            .ok()
            .and_then(|scale| scale.parse().ok())
            .filter(|scale: &f64| *scale > 0.0)
            .unwrap_or(1.0)
    });
    Duration::from_secs(60).mul_f64(scale)
}

pub struct TestApp {
    pub address: String,
    /// The test's database, directly (the app's own pool when the app is not
    /// pointed elsewhere, e.g. through a proxy).
    pub db: PgPool,
    pub state: AppState,
    pub client: reqwest::Client,
    _index_dir: TempDir,
    shutdown: Option<oneshot::Sender<()>>,
    server: Option<JoinHandle<anyhow::Result<()>>>,
    _redis_keys: RedisKeys,
}

pub async fn spawn_app() -> TestApp {
    spawn_app_with(|_| {}).await
}

/// A fresh database and an isolated configuration, without an app: for
/// tests that run the service as child processes, where an in-process app's
/// background workers would compete with theirs.
pub async fn test_database() -> (Config, PgPool) {
    let mut config = Config::from_env();
    let database = create_test_database(&config.database_url).await;
    config.database_url = with_database(&config.database_url, &database);
    config.redis_prefix = format!("test:{database}");
    let pool = PgPool::connect(&config.database_url)
        .await
        .expect("test database");
    (config, pool)
}

/// Like [`spawn_app`], letting the test adjust the configuration first.
pub async fn spawn_app_with(adjust: impl FnOnce(&mut Config)) -> TestApp {
    let mut config = Config::from_env();
    let database = create_test_database(&config.database_url).await;
    let index_dir = TempDir::new().expect("temp dir");
    config.database_url = with_database(&config.database_url, &database);
    // A test exercises a scheduled job by setting its schedule; none fires
    // otherwise (a run crossing 03:00 UTC would reindex mid-test).
    config.reindex_schedule = "off".into();
    config.inventory_summary_schedule = "off".into();
    config.outbox_purge_schedule = "off".into();
    config.sales_signal_schedule = "off".into();
    config.database_max_connections = 10;
    config.bind_addr = "127.0.0.1:0".parse().expect("valid address");
    config.redis_prefix = format!("test:{database}");
    config.index_dir = index_dir.path().to_path_buf();
    // Tests hammer the API from one address; the rate-limit test sets its own.
    config.search_rate_per_sec = 100_000.0;
    config.search_burst = 100_000;
    config.suggest_rate_per_sec = 100_000.0;
    config.suggest_burst = 100_000;
    config.listing_rate_per_sec = 100_000.0;
    config.listing_burst = 100_000;
    config.admin_token = Some(ADMIN_TOKEN.to_owned());
    let database_url = config.database_url.clone();
    adjust(&mut config);
    let redis_keys = RedisKeys {
        url: config.redis_url.clone(),
        prefix: config.redis_prefix.clone(),
    };
    // The first index generation is built in the background; wait for it
    // unless the test points the app at an unreachable database on purpose.
    let database_reachable = config.database_url == database_url
        || tokio::time::timeout(
            Duration::from_secs(2),
            PgConnection::connect(&config.database_url),
        )
        .await
        .is_ok_and(|connected| connected.is_ok());

    let app = Application::build(config.clone())
        .await
        .expect("app builds");
    let address = format!("http://127.0.0.1:{}", app.port());
    let state = app.state().clone();
    let (shutdown, stopped) = oneshot::channel::<()>();
    let server = tokio::spawn(app.run_until(async {
        let _ = stopped.await;
    }));
    if database_reachable {
        wait_until(deadline(), "the first search index", || async {
            state.search.current().map(|_| ())
        })
        .await;
    }
    let db = if config.database_url == database_url {
        state.db.clone()
    } else {
        PgPool::connect_lazy(&database_url).expect("a valid database URL")
    };
    TestApp {
        address,
        db,
        state,
        client: reqwest::Client::new(),
        _index_dir: index_dir,
        shutdown: Some(shutdown),
        server: Some(server),
        _redis_keys: redis_keys,
    }
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.address)
    }

    /// Starts a graceful shutdown, as SIGTERM does; the handle finishes when
    /// the server has stopped.
    pub fn begin_shutdown(&mut self) -> JoinHandle<anyhow::Result<()>> {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
        self.server.take().expect("the server runs once")
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .send()
            .await
            .expect("request sent")
    }

    pub async fn post_json(&self, path: &str, body: &serde_json::Value) -> reqwest::Response {
        self.client
            .post(self.url(path))
            .json(body)
            .send()
            .await
            .expect("request sent")
    }

    /// Rebuilds the search index from this test's database and swaps it in.
    pub async fn reindex(&self) {
        catalog::changes::indexer::rebuild(&self.state.search, &self.db)
            .await
            .expect("reindex");
    }

    pub async fn search(&self, query: &str) -> serde_json::Value {
        let response = self.get(&format!("/api/search/products/?{query}")).await;
        assert_eq!(response.status(), reqwest::StatusCode::OK, "search {query}");
        response.json().await.expect("search answers JSON")
    }

    /// An admin request with the test token.
    pub fn admin(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.client
            .request(method, self.url(path))
            .bearer_auth(ADMIN_TOKEN)
    }

    /// A product at 100 in `category`, with a brand and a popularity,
    /// straight into the database (the index sees it at the next reindex).
    pub async fn insert_product(
        &self,
        category: i64,
        title: &str,
        brand: Option<&str>,
        description: &str,
        popularity: f64,
    ) {
        sqlx::query(
            "INSERT INTO products (title, description, price, category_id, brand, popularity)
             VALUES ($1, $2, 100, $3, $4, $5)",
        )
        .bind(title)
        .bind(description)
        .bind(category)
        .bind(brand)
        .bind(popularity)
        .execute(&self.db)
        .await
        .expect("product inserted");
    }

    pub async fn create_category(&self, name: &str) -> i64 {
        sqlx::query_scalar("INSERT INTO categories (name) VALUES ($1) RETURNING id")
            .bind(name)
            .fetch_one(&self.db)
            .await
            .expect("category inserted")
    }

    pub async fn create_store(&self, name: &str) -> i64 {
        sqlx::query_scalar(
            "INSERT INTO stores (name, location) VALUES ($1, 'Main Street 1') RETURNING id",
        )
        .bind(name)
        .fetch_one(&self.db)
        .await
        .expect("store inserted")
    }

    pub async fn create_product(&self, category_id: i64, title: &str, price: &str) -> i64 {
        sqlx::query_scalar(
            "INSERT INTO products (title, description, price, category_id)
             VALUES ($1, $2, $3::numeric, $4) RETURNING id",
        )
        .bind(title)
        .bind(format!("About the {title}."))
        .bind(price)
        .bind(category_id)
        .fetch_one(&self.db)
        .await
        .expect("product inserted")
    }

    pub async fn set_stock(&self, store_id: i64, product_id: i64, quantity: i32) {
        sqlx::query(
            "INSERT INTO inventory (store_id, product_id, quantity) VALUES ($1, $2, $3)
             ON CONFLICT (store_id, product_id) DO UPDATE SET quantity = EXCLUDED.quantity",
        )
        .bind(store_id)
        .bind(product_id)
        .bind(quantity)
        .execute(&self.db)
        .await
        .expect("stock set");
    }

    pub async fn stock(&self, store_id: i64, product_id: i64) -> Option<i32> {
        sqlx::query_scalar("SELECT quantity FROM inventory WHERE store_id = $1 AND product_id = $2")
            .bind(store_id)
            .bind(product_id)
            .fetch_optional(&self.db)
            .await
            .expect("stock read")
    }

    pub async fn count(&self, table: &str) -> i64 {
        sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
            .fetch_one(&self.db)
            .await
            .expect("count read")
    }
}

/// Polls `check` until it answers `Some`, or panics after `deadline`
/// (normally [`deadline()`]).
pub async fn wait_until<T, F, Fut>(deadline: Duration, what: &str, mut check: F) -> T
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Option<T>>,
{
    let started = tokio::time::Instant::now();
    loop {
        if let Some(value) = check().await {
            return value;
        }
        assert!(
            started.elapsed() < deadline,
            "timed out after {deadline:?} waiting for {what}"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

pub fn with_database(url: &str, database: &str) -> String {
    let mut url = url::Url::parse(url).expect("DATABASE_URL is a URL");
    url.set_path(&format!("/{database}"));
    url.to_string()
}

/// A fresh database copied from a template that has every migration applied.
/// The template is built once per set of migrations; an advisory lock keeps
/// parallel test processes from building it twice.
async fn create_test_database(base_url: &str) -> String {
    let mut admin = PgConnection::connect(&with_database(base_url, "postgres"))
        .await
        .expect("PostgreSQL is reachable (run scripts/ensure-services.sh)");
    let template = template_name();
    admin
        .execute("SELECT pg_advisory_lock(727274)")
        .await
        .expect("advisory lock");
    let exists: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = $1)")
            .bind(&template)
            .fetch_one(&mut admin)
            .await
            .expect("template lookup");
    if !exists {
        let building = format!("{template}_building");
        admin
            .execute(format!("DROP DATABASE IF EXISTS {building}").as_str())
            .await
            .expect("drop half-built template");
        admin
            .execute(format!("CREATE DATABASE {building}").as_str())
            .await
            .expect("create template");
        let mut conn = PgConnection::connect(&with_database(base_url, &building))
            .await
            .expect("connect to template");
        MIGRATOR.run(&mut conn).await.expect("migrations apply");
        conn.close().await.expect("close template connection");
        admin
            .execute(format!("ALTER DATABASE {building} RENAME TO {template}").as_str())
            .await
            .expect("publish template");
    }
    admin
        .execute("SELECT pg_advisory_unlock(727274)")
        .await
        .expect("advisory unlock");
    let database = format!("catalog_test_{}", uuid::Uuid::new_v4().simple());
    admin
        .execute(format!("CREATE DATABASE {database} TEMPLATE {template}").as_str())
        .await
        .expect("create test database");
    static SWEEP: OnceLock<()> = OnceLock::new();
    SWEEP.get_or_init(|| sweep_stale_test_data(base_url.to_owned(), Config::from_env().redis_url));
    database
}

fn template_name() -> String {
    use std::hash::{DefaultHasher, Hash, Hasher};
    let mut hasher = DefaultHasher::new();
    for migration in MIGRATOR.iter() {
        migration.version.hash(&mut hasher);
        migration.checksum.hash(&mut hasher);
    }
    format!("catalog_template_{:016x}", hasher.finish())
}

/// The titles of a search answer's hits, in order.
pub fn titles(page: &serde_json::Value) -> Vec<&str> {
    page["results"]
        .as_array()
        .expect("results")
        .iter()
        .map(|hit| hit["title"].as_str().expect("a title"))
        .collect()
}
