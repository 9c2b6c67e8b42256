//! Freshness of the live index: commit-to-visible latency of product edits
//! under a sustained write rate while search load runs, and the indexer's
//! throughput on a burst. Prints its figures; see BENCHMARKS.md.
//!
//!   cargo bench --bench freshness                    # 100,000 products, 500 edits/s for 20 s
//!   PRODUCTS=20000 RATE=300 SECONDS=10 cargo bench --bench freshness
//!
//! Uses the database `catalog_bench_freshness` on the DATABASE_URL server
//! (seeded once) and a temporary index; the service runs in this process,
//! serving HTTP on a free port, with all its background tasks.

use std::{
    collections::HashMap,
    sync::{
        Arc, Mutex,
        atomic::{AtomicBool, AtomicU64, Ordering},
    },
    time::{Duration, Instant},
};

use catalog::{
    config::Config,
    db,
    search::lookup::term_query,
    seed::{self, SeedOptions},
    startup::Application,
};
use tantivy::{collector::TopDocs, schema::Value};

fn env<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// Edits waiting to become visible one way, and how long those that did took.
#[derive(Default)]
struct Watch {
    /// Product id -> (new price in cents, when its PATCH was answered).
    pending: Mutex<HashMap<u64, (u64, Instant)>>,
    /// Commit-to-visible times in milliseconds.
    latencies: Mutex<Vec<f64>>,
}

impl Watch {
    fn watch(&self, id: u64, cents: u64, at: Instant) {
        self.pending.lock().unwrap().insert(id, (cents, at));
    }

    fn waiting(&self) -> Vec<(u64, u64, Instant)> {
        let pending = self.pending.lock().unwrap();
        pending
            .iter()
            .map(|(id, (cents, at))| (*id, *cents, *at))
            .collect()
    }

    fn seen(&self, id: u64, at: Instant) {
        self.latencies
            .lock()
            .unwrap()
            .push(at.elapsed().as_secs_f64() * 1000.0);
        self.pending.lock().unwrap().remove(&id);
    }

    fn is_empty(&self) -> bool {
        self.pending.lock().unwrap().is_empty()
    }

    /// The latencies seen, sorted.
    fn latencies(&self) -> Vec<f64> {
        let mut sorted = self.latencies.lock().unwrap().clone();
        sorted.sort_by(f64::total_cmp);
        sorted
    }
}

fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    sorted[((sorted.len() - 1) as f64 * p).round() as usize]
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    // `cargo bench` passes --bench; `cargo test --benches` does not, and a
    // 20-second load run is not a test.
    if !std::env::args().any(|arg| arg == "--bench") {
        println!("freshness: a benchmark, run it with `cargo bench --bench freshness`");
        return Ok(());
    }
    let products: i64 = env("PRODUCTS", 100_000);
    let rate: u64 = env("RATE", 500);
    let seconds: u64 = env("SECONDS", 20);
    let writers: u64 = env("WRITERS", 8);
    let searchers: usize = env("SEARCHERS", 4);

    let mut config = Config::from_env();
    let mut url = url::Url::parse(&config.database_url)?;
    url.set_path("/catalog_bench_freshness");
    config.database_url = url.to_string();
    db::migrate(&config).await?;
    let pool = db::pool(&config)?;
    if db::index_rows::product_count(&pool).await? == 0 {
        eprintln!("seeding {products} products ...");
        seed::run(
            &pool,
            &SeedOptions {
                products: products as u64,
                seed_value: Some(9),
                ..SeedOptions::default()
            },
        )
        .await?;
    }
    let products = db::index_rows::product_count(&pool).await?;
    let index_dir = tempfile::TempDir::new()?;
    config.index_dir = index_dir.path().to_path_buf();
    config.bind_addr = "127.0.0.1:0".parse()?;
    config.redis_prefix = format!("bench-freshness-{}", std::process::id());
    config.admin_token = Some("bench".into());
    config.search_burst = u32::MAX;
    config.search_rate_per_sec = 1e9;
    let app = Application::build(config).await?;
    let (state, port) = (app.state().clone(), app.port());
    tokio::spawn(app.run_until(std::future::pending()));
    let base = format!("http://127.0.0.1:{port}");
    let started = Instant::now();
    while state.search.current().is_none() {
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    eprintln!(
        "index of {products} products built in {:.1} s",
        started.elapsed().as_secs_f64()
    );

    // Edits: each product at most once, so "visible" is unambiguous, and to
    // prices this run has not used before (the database is kept between
    // runs), so an edit is never "visible" before it is applied.
    let salt = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)?
        .as_secs()
        % 90_000
        * 100_000;
    let titles: Arc<HashMap<u64, String>> = Arc::new(
        sqlx::query_as::<_, (i64, String)>("SELECT id, title FROM products")
            .fetch_all(&pool)
            .await?
            .into_iter()
            .map(|(id, title)| (id as u64, title))
            .collect(),
    );
    let pending: Arc<Watch> = Arc::default();
    // One edit in ten is also watched through the HTTP search path (title
    // words and the exact new price), which is what a shopper sees.
    let http_pending: Arc<Watch> = Arc::default();
    let written = Arc::new(AtomicU64::new(0));
    let stop = Arc::new(AtomicBool::new(false));
    let searches = Arc::new(AtomicU64::new(0));
    let client = reqwest::Client::new();

    let checker = {
        let (state, pending) = (state.clone(), pending.clone());
        tokio::spawn(async move {
            loop {
                let waiting = pending.waiting();
                if let Some((generation, searcher)) = state.search.searcher() {
                    let fields = generation.fields;
                    for (id, cents, at) in waiting {
                        let hits = searcher.search(
                            &*term_query(fields.id, id),
                            &TopDocs::with_limit(1).order_by_score(),
                        );
                        let Some((_, address)) = hits.ok().and_then(|h| h.into_iter().next())
                        else {
                            continue;
                        };
                        let doc: tantivy::TantivyDocument = match searcher.doc(address) {
                            Ok(doc) => doc,
                            Err(_) => continue,
                        };
                        if doc.get_first(fields.price_cents).and_then(|v| v.as_u64()) == Some(cents)
                        {
                            pending.seen(id, at);
                        }
                    }
                }
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
        })
    };

    let http_checker = {
        let (client, base) = (client.clone(), base.clone());
        let (pending, titles) = (http_pending.clone(), titles.clone());
        tokio::spawn(async move {
            loop {
                let waiting = pending.waiting();
                for (id, cents, at) in waiting {
                    let price = format!("{}.{:02}", cents / 100, cents % 100);
                    let title = titles.get(&id).cloned().unwrap_or_default();
                    let page: Option<serde_json::Value> = async {
                        client
                            .get(format!("{base}/api/search/products/"))
                            .query(&[
                                ("q", title.as_str()),
                                ("min_price", &price),
                                ("max_price", &price),
                            ])
                            .send()
                            .await
                            .ok()?
                            .json()
                            .await
                            .ok()
                    }
                    .await;
                    let seen = page.is_some_and(|page| {
                        page["results"]
                            .as_array()
                            .is_some_and(|hits| hits.iter().any(|hit| hit["id"] == id))
                    });
                    if seen {
                        pending.seen(id, at);
                    }
                }
                tokio::time::sleep(Duration::from_millis(2)).await;
            }
        })
    };

    let mut load = Vec::new();
    for n in 0..searchers {
        let (client, base, stop, searches) =
            (client.clone(), base.clone(), stop.clone(), searches.clone());
        load.push(tokio::spawn(async move {
            let queries = [
                "phone",
                "wireless charger",
                "samsung",
                "iphone case",
                "headphnes",
                "sony tv",
            ];
            let mut i = n;
            while !stop.load(Ordering::Relaxed) {
                let q = queries[i % queries.len()];
                let _ = client
                    .get(format!(
                        "{base}/api/search/products/?q={q}&store_id=1&in_stock=true"
                    ))
                    .send()
                    .await;
                searches.fetch_add(1, Ordering::Relaxed);
                i += 1;
            }
        }));
    }

    let total = rate * seconds;
    let per_writer = total / writers;
    let interval = Duration::from_secs_f64(writers as f64 / rate as f64);
    let begun = Instant::now();
    let mut tasks = Vec::new();
    for w in 0..writers {
        let (client, base, pending) = (client.clone(), base.clone(), pending.clone());
        let (http_pending, written) = (http_pending.clone(), written.clone());
        tasks.push(tokio::spawn(async move {
            let mut tick = tokio::time::interval(interval);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
            for k in 0..per_writer {
                tick.tick().await;
                let id = ((w * per_writer + k) * 7 % products as u64) + 1;
                let cents = 100_000 + salt + w * per_writer + k;
                let response = client
                    .patch(format!("{base}/products/{id}/"))
                    .bearer_auth("bench")
                    .json(&serde_json::json!({"price": format!("{}.{:02}", cents / 100, cents % 100)}))
                    .send()
                    .await;
                if matches!(&response, Ok(r) if r.status().is_success()) {
                    let at = Instant::now();
                    pending.watch(id, cents, at);
                    if k % 10 == 0 {
                        http_pending.watch(id, cents, at);
                    }
                    written.fetch_add(1, Ordering::Relaxed);
                }
            }
        }));
    }
    for task in tasks {
        task.await?;
    }
    let writing = begun.elapsed().as_secs_f64();
    let drain_started = Instant::now();
    while !(pending.is_empty() && http_pending.is_empty())
        && drain_started.elapsed() < Duration::from_secs(60)
    {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    let drain = drain_started.elapsed().as_secs_f64();
    stop.store(true, Ordering::Relaxed);
    for task in load {
        task.await?;
    }
    checker.abort();
    http_checker.abort();
    let sorted = pending.latencies();
    let http_sorted = http_pending.latencies();
    let written = written.load(Ordering::Relaxed);
    println!(
        "== freshness: {products} products, {total} edits asked at {rate}/s by {writers} writers; {written} committed in {writing:.1} s = {:.0} edits/s achieved; {searchers} search clients",
        written as f64 / writing
    );
    println!(
        "commit to visible in the index: p50 {:.0} ms, p90 {:.0} ms, p99 {:.0} ms, max {:.0} ms ({} of {total} observed)",
        percentile(&sorted, 0.5),
        percentile(&sorted, 0.9),
        percentile(&sorted, 0.99),
        sorted.last().copied().unwrap_or(f64::NAN),
        sorted.len()
    );
    println!(
        "commit to visible through HTTP search (1 edit in 10): p50 {:.0} ms, p99 {:.0} ms, max {:.0} ms ({} observed)",
        percentile(&http_sorted, 0.5),
        percentile(&http_sorted, 0.99),
        http_sorted.last().copied().unwrap_or(f64::NAN),
        http_sorted.len()
    );
    println!("backlog after the writers stopped: drained in {drain:.2} s");
    println!(
        "search during the run: {:.0} req/s",
        searches.load(Ordering::Relaxed) as f64 / writing
    );

    // Indexer throughput: a burst of changes committed at once.
    let burst: i64 = env("BURST", 50_000);
    let before = state.indexer_status.snapshot().applied_changes;
    let burst_started = Instant::now();
    sqlx::query(
        "INSERT INTO outbox (product_id) SELECT 1 + (g * 13) % $2 FROM generate_series(1, $1) g",
    )
    .bind(burst)
    .bind(products)
    .execute(&pool)
    .await?;
    while state.indexer_status.snapshot().applied_changes < before + burst as u64
        && burst_started.elapsed() < Duration::from_secs(300)
    {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    let took = burst_started.elapsed().as_secs_f64();
    println!(
        "indexer throughput: {burst} changes committed at once, applied in {took:.2} s = {:.0} changes/s",
        burst as f64 / took
    );
    Ok(())
}
