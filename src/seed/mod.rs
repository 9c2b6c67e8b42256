//! `catalog seed`: a demo shop that looks like a real electronics retailer,
//! fast enough for a million products.
//!
//! Best Buy's category tree and stores (real names, cities, coordinates;
//! `bestbuy/`, CC0) with products generated in families per leaf category
//! from the vocabulary (`vocabulary/*.json`: brands that make that kind of
//! product, their model lines and variants as attributes). Rows are
//! streamed with `COPY` while the table's foreign keys and secondary
//! indexes are dropped (`bulk.rs`): one validation pass and one sorted
//! index build are far cheaper than millions of per-row checks. Everything
//! happens in one transaction, so a failed seed leaves the database as it
//! was.

mod bulk;
mod products;
mod shop;
mod template;
mod vocabulary;

#[cfg(test)]
mod tests;

use std::{collections::HashMap, fmt::Write as _};

use chrono::Utc;
use rand::{RngExt, SeedableRng, rngs::StdRng};
use sqlx::{PgConnection, PgPool};

use bulk::{copy, drop_bulk_load_obstacles, escape, progress, restore};
use products::Generator;
use shop::{Leaf, Shop, Store};

#[derive(Debug, Clone, clap::Args)]
pub struct SeedOptions {
    /// Number of stores (real Best Buy stores, spread over the country).
    #[arg(long, default_value_t = 20)]
    pub stores: u32,
    /// Number of products.
    #[arg(long, default_value_t = 1_000)]
    pub products: u64,
    /// Number of leaf categories that get products, taken in turn from each
    /// department [default: all of them, about 300].
    #[arg(long)]
    pub categories: Option<u32>,
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
            categories: None,
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
    anyhow::ensure!(
        options.categories != Some(0),
        "--categories must be at least 1"
    );
    let shop = Shop::load()?;
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
        None => StdRng::from_rng(&mut rand::rng()),
    };
    let leaves = shop.select(options.categories);
    anyhow::ensure!(!leaves.is_empty(), "no categories to seed from");
    let category_ids = insert_categories(&mut tx, &leaves).await?;
    copy_stores(&mut tx, &shop.stores, options.stores).await?;
    // The demo's facets are the attributes it uses. No outbox entry: like
    // the products, they reach the index when it is built from PostgreSQL.
    sqlx::query("UPDATE search_settings SET facets = $1, updated_at = now()")
        .bind(&shop.facets)
        .execute(&mut *tx)
        .await?;
    let large = options.products >= 20_000;
    copy_products(
        &mut tx,
        &leaves,
        &category_ids,
        options.products,
        large,
        &mut rng,
    )
    .await?;
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

/// The leaves and their ancestors, parents first (the path trigger reads a
/// parent's path), with ids in tree order. Answers each leaf's id.
async fn insert_categories(tx: &mut PgConnection, leaves: &[&Leaf]) -> anyhow::Result<Vec<i64>> {
    let mut ids: HashMap<&[String], i64> = HashMap::new();
    /// One depth of the tree: ids, names and parent ids, in step.
    #[derive(Default)]
    struct Level {
        ids: Vec<i64>,
        names: Vec<String>,
        parents: Vec<Option<i64>>,
    }
    let mut levels: Vec<Level> = Vec::new();
    let mut leaf_ids = Vec::with_capacity(leaves.len());
    // Every prefix of a path is inserted into `ids` before it is looked up
    // (shorter first), so the lookups below cannot fail.
    for leaf in leaves {
        for depth in 1..=leaf.path.len() {
            let prefix = &leaf.path[..depth];
            if ids.contains_key(prefix) {
                continue;
            }
            let id = ids.len() as i64 + 1;
            ids.insert(prefix, id);
            let parent = (depth > 1).then(|| ids[&leaf.path[..depth - 1]]);
            if levels.len() < depth {
                levels.resize_with(depth, Default::default);
            }
            let level = &mut levels[depth - 1];
            level.ids.push(id);
            level.names.push(prefix[depth - 1].clone());
            level.parents.push(parent);
        }
        leaf_ids.push(ids[leaf.path.as_slice()]);
    }
    for level in levels {
        sqlx::query(
            "INSERT INTO categories (id, name, parent_id)
             SELECT * FROM unnest($1::bigint[], $2::text[], $3::bigint[])",
        )
        .bind(level.ids)
        .bind(level.names)
        .bind(level.parents)
        .execute(&mut *tx)
        .await?;
    }
    Ok(leaf_ids)
}

/// Real stores in the derived order (any prefix spreads over the country);
/// past the last one, the list starts again with numbered names.
async fn copy_stores(tx: &mut PgConnection, stores: &[Store], count: u32) -> anyhow::Result<()> {
    anyhow::ensure!(!stores.is_empty() || count == 0, "no stores to seed from");
    let mut buf = String::new();
    for id in 1..=count as usize {
        let store = &stores[(id - 1) % stores.len()];
        let round = (id - 1) / stores.len();
        let name = match round {
            0 => store.name.clone(),
            n => format!("{} {}", store.name, n + 1),
        };
        writeln!(
            buf,
            "{id}\t{}\t{}, {}\t{}\t{}",
            escape(&name),
            escape(&store.city),
            escape(&store.state),
            store.latitude,
            store.longitude
        )?;
    }
    copy(
        tx,
        "COPY stores (id, name, location, latitude, longitude) FROM STDIN",
        &buf,
    )
    .await?;
    Ok(())
}

async fn copy_products(
    tx: &mut PgConnection,
    leaves: &[&Leaf],
    category_ids: &[i64],
    products: u64,
    large: bool,
    rng: &mut StdRng,
) -> anyhow::Result<()> {
    let mut buf = String::new();
    let saved = drop_bulk_load_obstacles(tx, "products").await?;
    let bar = progress(large, products, "products");
    let mut sender = tx
        .copy_in_raw(&format!("COPY products ({}) FROM STDIN", products::COLUMNS))
        .await?;
    let mut generator = Generator::new(leaves, category_ids, Utc::now());
    let mut next = 1;
    while next <= products {
        next = generator.family(rng, next, products, &mut buf);
        if buf.len() > 1 << 20 {
            sender.send(buf.as_bytes()).await?;
            buf.clear();
            bar.set_position(next - 1);
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
