//! The `catalog` command line. Each command is a thin call into the library.

use std::sync::Arc;

use catalog::{
    cache::InventoryCache,
    changes::Checkpoint,
    config::Config,
    db, import,
    redis_client::Redis,
    search::{self, Progress},
    seed::{self, SeedOptions},
    startup::Application,
    telemetry,
};
use clap::{Parser, Subcommand};

/// Product search, store inventory and order placement for a storefront.
///
/// Every setting is read from an environment variable, or from the flag of
/// the same name; `catalog <command> --help` lists them with their defaults.
#[derive(Parser)]
#[command(name = "catalog", version)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Apply pending migrations, then serve the HTTP API until SIGTERM/SIGINT.
    Serve {
        #[command(flatten)]
        config: Config,
    },
    /// Create the database if needed and apply pending migrations.
    Migrate {
        #[command(flatten)]
        config: Config,
    },
    /// Rebuild the search index from PostgreSQL into a new directory and swap
    /// it in atomically; a running `catalog serve` picks it up within a second.
    Reindex {
        #[command(flatten)]
        config: Config,
    },
    /// Import products from a file of NDJSON (one product per line) or a
    /// JSON array; bad lines are reported and skipped, good ones imported.
    ///
    /// A line: {"title": "...", "description": "...", "price": 12.5,
    /// "category_id": 3 | "category": "Phones > iPhone" (existing) |
    /// "category_path": ["Phones", "iPhone"] (created if missing),
    /// "brand": "Apple", "attributes": {"color": "Black", "storage_gb": 32},
    /// "image_url": "https://...", "popularity": 812, "external_id": "SKU-1",
    /// "stock": [{"store_id": 1, "quantity": 5}]}. A line whose external_id
    /// names a product updates it. The report is printed even when the
    /// import stops early (then the exit status is 1).
    Import {
        /// The file to import.
        file: std::path::PathBuf,
        #[command(flatten)]
        config: Config,
    },
    /// Fill an empty database with realistic demo data.
    Seed {
        #[command(flatten)]
        config: Config,
        #[command(flatten)]
        options: SeedOptions,
    },
}

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Serve { config } => {
            telemetry::init_subscriber(config.log_format);
            tracing::info!(?config, "starting");
            db::migrate(&config).await?;
            Application::build(config).await?.run_until_stopped().await
        }
        Command::Migrate { config } => {
            telemetry::init_subscriber(config.log_format);
            db::migrate(&config).await?;
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::Reindex { config } => {
            telemetry::init_subscriber(config.log_format);
            let pool = db::pool(&config)?;
            let started = std::time::Instant::now();
            // Changes numbered after this are replayed by the serving
            // processes' indexers once they follow the new generation.
            let checkpoint = Checkpoint::before_build(&pool).await?;
            let documents = search::build::reindex(
                &config.index_dir,
                &pool,
                Progress::Bar,
                Some(checkpoint.to_payload()),
            )
            .await?;
            tracing::info!(
                documents,
                elapsed_secs = started.elapsed().as_secs_f64(),
                "reindexed"
            );
            Ok(())
        }
        Command::Import { file, config } => {
            telemetry::init_subscriber_on_stderr(config.log_format);
            db::migrate(&config).await?;
            let pool = db::pool(&config)?;
            // The report is printed whatever happens: it says what was written.
            let (report, error) = match import::import_file(pool, &file).await {
                Ok(report) => (report, None),
                Err(aborted) => (aborted.report, Some(aborted.error)),
            };
            let redis = Arc::new(Redis::new(&config.redis_url, &config.redis_prefix)?);
            let cache = InventoryCache::new(redis, config.inventory_cache_ttl());
            cache.invalidate(report.stores_touched.clone().into()).await;
            println!("{}", serde_json::to_string_pretty(&report)?);
            match error {
                None => Ok(()),
                Some(error) => Err(anyhow::anyhow!(
                    "the import stopped after line {}: {error}",
                    report.last_line
                )),
            }
        }
        Command::Seed { config, options } => {
            telemetry::init_subscriber(config.log_format);
            db::migrate(&config).await?;
            let pool = db::pool(&config)?;
            let started = std::time::Instant::now();
            match seed::run(&pool, &options).await? {
                seed::Outcome::Seeded {
                    products,
                    inventory_rows,
                } => tracing::info!(
                    products,
                    inventory_rows,
                    elapsed_secs = started.elapsed().as_secs_f64(),
                    "seeded"
                ),
                seed::Outcome::SkippedNotEmpty => {
                    tracing::info!("the catalog already has data, not seeding")
                }
            }
            Ok(())
        }
    }
}
