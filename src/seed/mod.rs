//! `catalog seed`: realistic demo data from the `fake` crate, fast enough for
//! a million products.
//!
//! Rows are generated here and streamed with `COPY`. While a table loads, its
//! foreign keys and secondary indexes are dropped and then recreated from
//! their own definitions (read from the system catalog, so this file never
//! restates the schema): one validation pass and one sorted index build are
//! far cheaper than millions of per-row checks. Everything happens in one
//! transaction, so a failed seed leaves the database as it was.

mod vocabulary;

use std::fmt::Write as _;

use chrono::{Duration, Utc};
use fake::{
    Fake,
    faker::{
        address::en::{CityName, StreetName},
        company::en::CatchPhrase,
    },
    rand::{RngExt, SeedableRng, rngs::StdRng},
};
use indicatif::{ProgressBar, ProgressStyle};
use sqlx::{PgConnection, PgPool};

use vocabulary::{ADJECTIVES, BRANDS, DEPARTMENTS, FEATURES, STORE_KINDS};

#[derive(Debug, Clone, clap::Args)]
pub struct SeedOptions {
    /// Number of stores.
    #[arg(long, default_value_t = 20)]
    pub stores: u32,
    /// Number of products.
    #[arg(long, default_value_t = 1_000)]
    pub products: u64,
    /// Number of categories (at most 15 are named after real departments;
    /// more get numbered names).
    #[arg(long, default_value_t = 15)]
    pub categories: u32,
    /// Share of the products that each store carries, between 0 and 1.
    #[arg(long, default_value_t = 0.7)]
    pub carry_ratio: f64,
    /// Makes the generated data deterministic.
    #[arg(long)]
    pub seed_value: Option<u64>,
    /// Do nothing (successfully) when the catalog already has products,
    /// instead of refusing.
    #[arg(long)]
    pub if_empty: bool,
}

impl Default for SeedOptions {
    fn default() -> Self {
        Self {
            stores: 20,
            products: 1_000,
            categories: 15,
            carry_ratio: 0.7,
            seed_value: None,
            if_empty: false,
        }
    }
}

#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Seeded { products: u64, inventory_rows: u64 },
    SkippedNotEmpty,
}

pub async fn run(pool: &PgPool, options: &SeedOptions) -> anyhow::Result<Outcome> {
    anyhow::ensure!(
        (0.0..=1.0).contains(&options.carry_ratio),
        "--carry-ratio must be between 0 and 1"
    );
    anyhow::ensure!(options.categories >= 1, "--categories must be at least 1");
    let mut tx = pool.begin().await?;
    let (has_rows,): (bool,) = sqlx::query_as(
        "SELECT EXISTS (SELECT 1 FROM products) OR EXISTS (SELECT 1 FROM stores)
             OR EXISTS (SELECT 1 FROM categories)",
    )
    .fetch_one(&mut *tx)
    .await?;
    if has_rows {
        anyhow::ensure!(
            options.if_empty,
            "the catalog already has data; seed an empty database (or pass --if-empty to skip)"
        );
        return Ok(Outcome::SkippedNotEmpty);
    }
    sqlx::query("SET LOCAL maintenance_work_mem = '512MB'")
        .execute(&mut *tx)
        .await?;

    let mut rng = match options.seed_value {
        Some(seed) => StdRng::seed_from_u64(seed),
        None => StdRng::from_rng(&mut fake::rand::rng()),
    };
    let categories = category_names(options.categories);
    copy_categories_and_stores(&mut tx, &categories, options.stores, &mut rng).await?;
    let large = options.products >= 20_000;
    copy_products(&mut tx, options.products, categories.len(), large, &mut rng).await?;
    let inventory_rows = copy_inventory(&mut tx, options, large, &mut rng).await?;

    for table in ["categories", "stores", "products"] {
        sqlx::query(&format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
        ))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await?;
    sqlx::query("ANALYZE categories, stores, products, inventory")
        .execute(pool)
        .await?;
    Ok(Outcome::Seeded {
        products: options.products,
        inventory_rows,
    })
}

async fn copy_categories_and_stores(
    tx: &mut PgConnection,
    categories: &[String],
    stores: u32,
    rng: &mut StdRng,
) -> anyhow::Result<()> {
    let mut buf = String::new();
    for (i, name) in categories.iter().enumerate() {
        writeln!(buf, "{}\t{}", i + 1, escape(name))?;
    }
    copy(tx, "COPY categories (id, name) FROM STDIN", &buf).await?;
    buf.clear();
    for id in 1..=stores {
        let city: String = CityName().fake_with_rng(rng);
        let kind = STORE_KINDS[rng.random_range(0..STORE_KINDS.len())];
        let street: String = StreetName().fake_with_rng(rng);
        let number = rng.random_range(1..400);
        writeln!(
            buf,
            "{id}\t{} {kind}\t{number} {}, {}",
            escape(&city),
            escape(&street),
            escape(&city)
        )?;
    }
    copy(tx, "COPY stores (id, name, location) FROM STDIN", &buf).await?;
    Ok(())
}

async fn copy_products(
    tx: &mut PgConnection,
    products: u64,
    category_count: usize,
    large: bool,
    rng: &mut StdRng,
) -> anyhow::Result<()> {
    let mut buf = String::new();
    let saved = drop_bulk_load_obstacles(tx, "products").await?;
    let bar = progress(large, products, "products");
    let mut sender = tx
        .copy_in_raw("COPY products (id, title, description, price, category_id, created_at, updated_at) FROM STDIN")
        .await?;
    let now = Utc::now();
    for id in 1..=products {
        let category = rng.random_range(0..category_count);
        let (_, nouns, (low, high)) = DEPARTMENTS[category % DEPARTMENTS.len()];
        let noun = nouns[rng.random_range(0..nouns.len())];
        let brand = BRANDS[rng.random_range(0..BRANDS.len())];
        let adjective = ADJECTIVES[rng.random_range(0..ADJECTIVES.len())];
        let model = rng.random_range(100..1000);
        let first = FEATURES[rng.random_range(0..FEATURES.len())];
        let second = FEATURES[rng.random_range(0..FEATURES.len())];
        let pitch: String = CatchPhrase().fake_with_rng(rng);
        let cents = rng.random_range(low * 100..high * 100) / 100 * 100 + 99;
        let created = now - Duration::seconds(rng.random_range(0..730 * 86_400));
        writeln!(
            buf,
            "{id}\t{brand} {adjective} {noun} {model}\tThe {brand} {adjective} {noun} {model} is {first} and {second}. {}.\t{}.{:02}\t{}\t{created}\t{created}",
            escape(&pitch),
            cents / 100,
            cents % 100,
            category + 1,
        )?;
        if buf.len() > 1 << 20 {
            sender.send(buf.as_bytes()).await?;
            buf.clear();
            bar.set_position(id);
        }
    }
    sender.send(buf.as_bytes()).await?;
    sender.finish().await?;
    bar.finish_and_clear();
    restore(tx, saved).await?;
    Ok(())
}

/// Answers how many inventory rows it wrote.
async fn copy_inventory(
    tx: &mut PgConnection,
    options: &SeedOptions,
    large: bool,
    rng: &mut StdRng,
) -> anyhow::Result<u64> {
    let mut buf = String::new();
    // Store-major order keeps primary-key inserts appending at the right edge.
    let saved = drop_bulk_load_obstacles(tx, "inventory").await?;
    let bar = progress(
        large,
        options.products * u64::from(options.stores),
        "inventory",
    );
    let mut sender = tx
        .copy_in_raw("COPY inventory (store_id, product_id, quantity) FROM STDIN")
        .await?;
    let mut inventory_rows = 0u64;
    for store in 1..=options.stores {
        for product in 1..=options.products {
            if !rng.random_bool(options.carry_ratio) {
                continue;
            }
            let roll: f64 = rng.random();
            let quantity = if roll < 0.12 {
                0
            } else if roll < 0.25 {
                rng.random_range(1..=5)
            } else {
                rng.random_range(6..=250)
            };
            writeln!(buf, "{store}\t{product}\t{quantity}")?;
            inventory_rows += 1;
            if buf.len() > 1 << 20 {
                sender.send(buf.as_bytes()).await?;
                buf.clear();
                bar.set_position(u64::from(store - 1) * options.products + product);
            }
        }
    }
    sender.send(buf.as_bytes()).await?;
    sender.finish().await?;
    bar.finish_and_clear();
    restore(tx, saved).await?;
    Ok(inventory_rows)
}

fn category_names(count: u32) -> Vec<String> {
    (0..count as usize)
        .map(|i| match DEPARTMENTS.get(i) {
            Some((name, ..)) => (*name).to_owned(),
            None => format!(
                "{} {}",
                DEPARTMENTS[i % DEPARTMENTS.len()].0,
                i / DEPARTMENTS.len() + 1
            ),
        })
        .collect()
}

fn progress(visible: bool, total: u64, what: &'static str) -> ProgressBar {
    if !visible {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total).with_message(what);
    if let Ok(style) = ProgressStyle::with_template(
        "{msg:>10} [{elapsed_precise}] {wide_bar} {human_pos}/{human_len} ({eta})",
    ) {
        bar.set_style(style);
    }
    bar
}

/// COPY text format: backslash, tab and newlines must be escaped.
fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('\t', "\\t")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
}

async fn copy(conn: &mut PgConnection, statement: &str, data: &str) -> sqlx::Result<()> {
    let mut sender = conn.copy_in_raw(statement).await?;
    sender.send(data.as_bytes()).await?;
    sender.finish().await?;
    Ok(())
}

/// DDL that recreates what [`drop_bulk_load_obstacles`] dropped.
struct Saved(Vec<String>);

/// Drops the table's own foreign keys and its indexes that back no
/// constraint, remembering how to recreate them.
async fn drop_bulk_load_obstacles(conn: &mut PgConnection, table: &str) -> sqlx::Result<Saved> {
    let foreign_keys: Vec<(String, String)> = sqlx::query_as(
        "SELECT conname::text, pg_get_constraintdef(oid) FROM pg_constraint
          WHERE conrelid = $1::regclass AND contype = 'f'",
    )
    .bind(table)
    .fetch_all(&mut *conn)
    .await?;
    let indexes: Vec<(String, String)> = sqlx::query_as(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
          WHERE i.indrelid = $1::regclass
            AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
    )
    .bind(table)
    .fetch_all(&mut *conn)
    .await?;
    let mut restore = Vec::new();
    for (name, definition) in foreign_keys {
        sqlx::query(&format!("ALTER TABLE {table} DROP CONSTRAINT {name}"))
            .execute(&mut *conn)
            .await?;
        restore.push(format!(
            "ALTER TABLE {table} ADD CONSTRAINT {name} {definition}"
        ));
    }
    for (name, definition) in indexes {
        sqlx::query(&format!("DROP INDEX {name}"))
            .execute(&mut *conn)
            .await?;
        restore.push(definition);
    }
    Ok(Saved(restore))
}

async fn restore(conn: &mut PgConnection, saved: Saved) -> sqlx::Result<()> {
    for statement in saved.0 {
        sqlx::query(&statement).execute(&mut *conn).await?;
    }
    Ok(())
}
