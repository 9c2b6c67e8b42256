//! A mixed load at a fixed rate with a cap on requests in flight: orders,
//! admin edits and stock PUTs, searches and suggests, spread over the
//! replicas. Counts every outcome per kind, and attributes each 5xx or
//! transport error to the restart window it fell in (windows the script
//! wrote to WINDOW_FILE while the load ran).

use std::{
    collections::{BTreeMap, HashMap},
    sync::{Arc, Mutex},
    time::{Duration, Instant, SystemTime, UNIX_EPOCH},
};

use serde_json::json;
use sqlx::PgPool;
use tokio::sync::Semaphore;

use crate::{ADMIN_STOCK_MODULUS, env};

const KINDS: [(&str, u64); 5] = [
    ("order", 30),
    ("edit", 10),
    ("stock", 10),
    ("search", 30),
    ("suggest", 20),
];

#[derive(Default)]
struct Counts {
    sent: u64,
    ok: u64,
    client_error: u64,
    server_error: u64,
    transport_error: u64,
}

#[derive(Default)]
struct Stats {
    by_kind: BTreeMap<&'static str, Counts>,
    /// (unix ms, kind, what): every 5xx and transport error.
    failures: Vec<(u128, &'static str, String)>,
    skipped: u64,
}

/// xorshift64*: reproducible, and no dependency for a load mix.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: usize) -> usize {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 33) as usize % n.max(1)
    }
}

fn now_ms() -> u128 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis())
}

struct Catalog {
    /// Products each store carries, outside the admin stock set.
    orderable: Vec<(i64, Vec<i64>)>,
    /// (store, product) pairs of the admin stock set.
    stock_pairs: Vec<(i64, i64)>,
    products: Vec<i64>,
    words: Vec<String>,
}

async fn catalog(pool: &PgPool) -> anyhow::Result<Catalog> {
    let carried: Vec<(i64, i64)> =
        sqlx::query_as("SELECT store_id, product_id FROM inventory ORDER BY 1, 2")
            .fetch_all(pool)
            .await?;
    let mut by_store: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    let mut stock_pairs = Vec::new();
    for (store, product) in carried {
        if product % ADMIN_STOCK_MODULUS == 0 {
            stock_pairs.push((store, product));
        } else {
            by_store.entry(store).or_default().push(product);
        }
    }
    let products = sqlx::query_scalar("SELECT id FROM products WHERE deleted_at IS NULL")
        .fetch_all(pool)
        .await?;
    let words = sqlx::query_scalar(
        "SELECT DISTINCT w FROM (SELECT regexp_split_to_table(lower(title), '[^a-z]+') AS w
           FROM products) t WHERE length(w) >= 4 ORDER BY 1 LIMIT 500",
    )
    .fetch_all(pool)
    .await?;
    Ok(Catalog {
        orderable: by_store.into_iter().collect(),
        stock_pairs,
        products,
        words,
    })
}

/// One request of the mix, built by the (single-threaded) driver loop.
fn build(
    kind: &str,
    rng: &mut Rng,
    catalog: &Catalog,
    client: &reqwest::Client,
    base: &str,
    token: &str,
    sequence: u64,
) -> reqwest::RequestBuilder {
    let word = &catalog.words[rng.below(catalog.words.len())];
    match kind {
        "order" => {
            let (store, products) = &catalog.orderable[rng.below(catalog.orderable.len())];
            let items: Vec<_> = (0..1 + rng.below(3))
                .map(|_| {
                    json!({"product_id": products[rng.below(products.len())],
                           "quantity_requested": 1 + rng.below(2)})
                })
                .collect();
            client
                .post(format!("{base}/orders/"))
                .json(&json!({"store_id": store, "items": items}))
        }
        "edit" => {
            let id = catalog.products[rng.below(catalog.products.len())];
            let cents = 100 + rng.below(99_900);
            let body = if rng.below(2) == 0 {
                json!({"price": format!("{}.{:02}", cents / 100, cents % 100)})
            } else {
                json!({"title": format!("Soak {word} {sequence}")})
            };
            client
                .patch(format!("{base}/products/{id}/"))
                .bearer_auth(token)
                .json(&body)
        }
        "stock" => {
            let (store, product) = catalog.stock_pairs[rng.below(catalog.stock_pairs.len())];
            client
                .put(format!("{base}/stores/{store}/inventory/{product}"))
                .bearer_auth(token)
                .json(&json!({"quantity": rng.below(50)}))
        }
        "search" => client
            .get(format!("{base}/api/search/products/"))
            .query(&[("q", word.as_str())]),
        _ => client
            .get(format!("{base}/api/search/suggest/"))
            .query(&[("q", &word[..3])]),
    }
}

fn pick_kind(rng: &mut Rng) -> &'static str {
    let total: u64 = KINDS.iter().map(|(_, w)| w).sum();
    let mut roll = rng.below(total as usize) as u64;
    for (kind, weight) in KINDS {
        if roll < weight {
            return kind;
        }
        roll -= weight;
    }
    KINDS[0].0
}

pub async fn run(pool: &PgPool) -> anyhow::Result<bool> {
    let replicas: Vec<String> = std::env::var("REPLICAS")?
        .split(',')
        .map(str::to_owned)
        .collect();
    let duration = Duration::from_secs(env("DURATION", 600));
    let rate: f64 = env("RATE", 40.0);
    let in_flight: usize = env("IN_FLIGHT", 32);
    let token = std::env::var("ADMIN_TOKEN")?;
    let catalog = Arc::new(catalog(pool).await?);
    anyhow::ensure!(
        !catalog.orderable.is_empty()
            && !catalog.stock_pairs.is_empty()
            && !catalog.words.is_empty(),
        "the database has no orderable products, admin stock set or words"
    );
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(15))
        .build()?;
    let stats = Arc::new(Mutex::new(Stats::default()));
    let slots = Arc::new(Semaphore::new(in_flight));
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut tick = tokio::time::interval(Duration::from_secs_f64(1.0 / rate));
    tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Skip);
    let started = Instant::now();
    let mut sequence = 0u64;
    while started.elapsed() < duration {
        tick.tick().await;
        let Ok(slot) = slots.clone().try_acquire_owned() else {
            stats.lock().unwrap().skipped += 1;
            continue;
        };
        sequence += 1;
        let kind = pick_kind(&mut rng);
        let base = &replicas[rng.below(replicas.len())];
        let request = build(kind, &mut rng, &catalog, &client, base, &token, sequence);
        let stats = stats.clone();
        tokio::spawn(async move {
            let outcome = request.send().await;
            let mut stats = stats.lock().unwrap();
            let failure = {
                let counts = stats.by_kind.entry(kind).or_default();
                counts.sent += 1;
                match outcome {
                    Ok(r) if r.status().is_server_error() => {
                        counts.server_error += 1;
                        Some(r.status().to_string())
                    }
                    Ok(r) if r.status().is_client_error() => {
                        counts.client_error += 1;
                        None
                    }
                    Ok(_) => {
                        counts.ok += 1;
                        None
                    }
                    Err(error) => {
                        counts.transport_error += 1;
                        Some(format!("transport: {error}"))
                    }
                }
            };
            if let Some(what) = failure {
                stats.failures.push((now_ms(), kind, what));
            }
            drop(slot);
        });
    }
    let _all = slots.acquire_many(in_flight as u32).await?;
    let stats = stats.lock().unwrap();
    Ok(report(&stats, started.elapsed()))
}

/// Prints the table; false when a 5xx or transport error fell outside the
/// PostgreSQL restart window (Redis restarts must not cost a request).
fn report(stats: &Stats, elapsed: Duration) -> bool {
    println!("load: {:.0} s", elapsed.as_secs_f64());
    println!("| kind | sent | 2xx | 4xx | 5xx | transport errors |");
    println!("|---|---|---|---|---|---|");
    for (kind, c) in &stats.by_kind {
        println!(
            "| {kind} | {} | {} | {} | {} | {} |",
            c.sent, c.ok, c.client_error, c.server_error, c.transport_error
        );
    }
    println!("skipped (in-flight cap reached): {}", stats.skipped);
    let grace_ms = env::<u128>("WINDOW_GRACE_SECS", 15) * 1000;
    let windows: Vec<(String, u128, u128)> = std::env::var("WINDOW_FILE")
        .ok()
        .and_then(|path| std::fs::read_to_string(path).ok())
        .unwrap_or_default()
        .lines()
        .filter_map(|line| {
            let mut parts = line.split_whitespace();
            let label = parts.next()?.to_owned();
            Some((
                label,
                parts.next()?.parse().ok()?,
                parts.next()?.parse().ok()?,
            ))
        })
        .collect();
    let mut by_window: HashMap<String, Vec<String>> = HashMap::new();
    for (at, kind, what) in &stats.failures {
        // The latest restart begun before the failure, if the failure falls
        // in it or its grace: windows of a short run overlap.
        let window = windows
            .iter()
            .filter(|(_, start, _)| start <= at)
            .max_by_key(|(_, start, _)| *start)
            .filter(|(_, _, end)| *at <= end + grace_ms)
            .map_or("outside restarts", |(label, _, _)| label.as_str());
        by_window
            .entry(window.to_owned())
            .or_default()
            .push(format!("{kind} {what}"));
    }
    for (label, start, end) in &windows {
        let n = by_window.get(label).map_or(0, Vec::len);
        println!(
            "restart {label}: {} ms; failed requests in it (+{} s grace): {n}",
            end - start,
            grace_ms / 1000
        );
    }
    let outside = by_window
        .get("outside restarts")
        .cloned()
        .unwrap_or_default();
    let not_postgres: usize = by_window
        .iter()
        .filter(|(label, _)| !label.starts_with("postgres"))
        .map(|(_, failures)| failures.len())
        .sum();
    println!(
        "failed requests outside the PostgreSQL restart window: {not_postgres} (outside any restart: {})",
        outside.len()
    );
    for (label, failures) in by_window.iter().filter(|(l, _)| !l.starts_with("postgres")) {
        for failure in failures.iter().take(5) {
            println!("  {label}: {failure}");
        }
    }
    not_postgres == 0
}
