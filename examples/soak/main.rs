//! The soak run's helper (issue 7): `load` drives a bounded mixed load
//! against the replicas, `verify` compares each replica's index with
//! PostgreSQL and checks that stock is conserved. `scripts/soak.sh` starts
//! the services, restarts Redis and PostgreSQL, and calls both; it is the
//! entry point, this binary is not meant to be run by hand.
//!
//!   cargo run --example soak -- load      # env: DATABASE_URL, REPLICAS, DURATION, RATE, ...
//!   cargo run --example soak -- verify INDEX_DIR...

mod load;
mod verify;

// The comparison the tests use, so the soak and the tests cannot disagree
// about what "the index equals PostgreSQL" means.
#[path = "../../tests/api/snapshot.rs"]
mod snapshot;

/// Products whose id is a multiple of this get admin stock PUTs and are
/// never ordered; all others are ordered and never PUT. This split is what
/// makes the stock conservation check exact.
pub const ADMIN_STOCK_MODULUS: i64 = 10;

fn env<T: std::str::FromStr>(name: &str, default: T) -> T {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let database_url = std::env::var("DATABASE_URL")?;
    let pool = sqlx::postgres::PgPoolOptions::new()
        .max_connections(2)
        .connect(&database_url)
        .await?;
    let ok = match args.first().map(String::as_str) {
        Some("load") => load::run(&pool).await?,
        Some("verify") => verify::run(&pool, &args[1..]).await?,
        _ => anyhow::bail!("usage: soak load | soak verify INDEX_DIR..."),
    };
    std::process::exit(if ok { 0 } else { 1 });
}
