//! `catalog seed`: the demo shop in PostgreSQL looks like a real electronics
//! retailer (departments three levels deep, brands, attributes, popularity,
//! real stores), the search settings name the attributes it uses, the same
//! seed value gives the same catalog, and the command refuses or skips a
//! catalog that has data.

use catalog::seed::{self, Outcome, SeedOptions};
use sqlx::PgPool;

use crate::helpers::test_database;

async fn seeded(products: u64, seed_value: u64) -> PgPool {
    let (_, db) = test_database().await;
    seed::run(
        &db,
        &SeedOptions {
            products,
            seed_value: Some(seed_value),
            ..SeedOptions::default()
        },
    )
    .await
    .unwrap();
    db
}

async fn scalar<T>(db: &PgPool, sql: &str) -> T
where
    T: for<'r> sqlx::Decode<'r, sqlx::Postgres> + sqlx::Type<sqlx::Postgres> + Send + Unpin,
{
    sqlx::query_scalar(sql).fetch_one(db).await.unwrap()
}

#[tokio::test]
async fn the_seeded_catalog_has_brands_a_three_level_tree_attributes_and_popularity() {
    let db = seeded(3_000, 42).await;

    assert_eq!(
        scalar::<i64>(&db, "SELECT count(*) FROM products").await,
        3_000
    );
    let no_brand: i64 = scalar(&db, "SELECT count(*) FROM products WHERE brand IS NULL").await;
    assert_eq!(no_brand, 0, "every product has a brand");
    let brands: i64 = scalar(&db, "SELECT count(DISTINCT brand) FROM products").await;
    assert!(brands > 150, "{brands} brands");
    let titled: i64 = scalar(
        &db,
        "SELECT count(*) FROM products WHERE starts_with(title, brand || ' - ')",
    )
    .await;
    assert_eq!(titled, 3_000, "titles read \"Brand - Model ...\"");

    // The tree: product departments, products in leaves, mostly 3 levels.
    let roots: Vec<String> =
        sqlx::query_scalar("SELECT name FROM categories WHERE parent_id IS NULL ORDER BY name")
            .fetch_all(&db)
            .await
            .unwrap();
    for department in [
        "Cell Phones",
        "Computers & Tablets",
        "TV & Home Theater",
        "Audio",
        "Video Games",
        "Appliances",
    ] {
        assert!(
            roots.iter().any(|r| r == department),
            "{department} in {roots:?}"
        );
    }
    assert!(!roots.iter().any(|r| r == "Gift Ideas" || r == "Best Buy"));
    let depth: i32 = scalar(&db, "SELECT max(cardinality(path_ids)) FROM categories").await;
    assert_eq!(depth, 3);
    let in_three: i64 = scalar(
        &db,
        "SELECT count(*) FROM products p JOIN categories c ON c.id = p.category_id
          WHERE cardinality(c.path_ids) = 3",
    )
    .await;
    assert!(
        in_three > 2_400,
        "{in_three} of 3,000 products in 3-level categories"
    );
    let in_inner: i64 = scalar(
        &db,
        "SELECT count(*) FROM products p
          WHERE EXISTS (SELECT 1 FROM categories c WHERE c.parent_id = p.category_id)",
    )
    .await;
    assert_eq!(in_inner, 0, "products sit in leaf categories");
    let iphone: Vec<String> = sqlx::query_scalar(
        "SELECT DISTINCT p.brand FROM products p JOIN categories c ON c.id = p.category_id
          WHERE c.path_names[2] = 'iPhone'",
    )
    .fetch_all(&db)
    .await
    .unwrap();
    assert!(iphone.iter().all(|b| b == "Apple"), "{iphone:?}");

    // Attributes: valid keys, facets the demo uses, variants as values.
    let bad_keys: i64 = scalar(
        &db,
        "SELECT count(*) FROM products, jsonb_object_keys(attributes) k
          WHERE k !~ '^[a-z0-9_]{1,64}$'",
    )
    .await;
    assert_eq!(bad_keys, 0);
    let with_attributes: i64 = scalar(
        &db,
        "SELECT count(*) FROM products WHERE attributes <> '{}'",
    )
    .await;
    assert!(
        with_attributes > 2_700,
        "{with_attributes} products with attributes"
    );
    let facets: Vec<String> = scalar(&db, "SELECT facets FROM search_settings").await;
    for key in [
        "color",
        "storage_gb",
        "screen_size_in",
        "condition",
        "platform",
    ] {
        assert!(facets.iter().any(|f| f == key), "{key} in {facets:?}");
    }
    for key in &facets {
        let used: i64 = sqlx::query_scalar("SELECT count(*) FROM products WHERE attributes ? $1")
            .bind(key)
            .fetch_one(&db)
            .await
            .unwrap();
        assert!(used > 0, "facet {key} is an attribute of some product");
    }
    let numeric: i64 = scalar(
        &db,
        "SELECT count(*) FROM products WHERE jsonb_typeof(attributes->'storage_gb') = 'number'",
    )
    .await;
    assert!(numeric > 0, "storage_gb is a number");
    let refurbished: i64 = scalar(
        &db,
        "SELECT count(*) FROM products WHERE title LIKE '% - Geek Squad Certified Refurbished %'
            AND attributes->>'condition' = 'Refurbished'",
    )
    .await;
    assert!(refurbished > 0);

    // Popularity: positive everywhere, a few products hold most of it.
    let non_positive: i64 =
        scalar(&db, "SELECT count(*) FROM products WHERE popularity <= 0").await;
    assert_eq!(non_positive, 0);
    let top_share: f64 = scalar(
        &db,
        "SELECT sum(popularity) FILTER (WHERE rank <= 300) / sum(popularity)
           FROM (SELECT popularity, row_number() OVER (ORDER BY popularity DESC) AS rank
                   FROM products) ranked",
    )
    .await;
    assert!(top_share > 0.5, "the top tenth holds {top_share}");
    let images: i64 = scalar(
        &db,
        "SELECT count(*) FROM products WHERE image_url LIKE 'https://placehold.co/400x400?text=%'",
    )
    .await;
    assert_eq!(images, 3_000);

    // Stores: real names, "City, ST", coordinates.
    let stores: Vec<(String, String, Option<f64>, Option<f64>)> =
        sqlx::query_as("SELECT name, location, latitude, longitude FROM stores ORDER BY id")
            .fetch_all(&db)
            .await
            .unwrap();
    assert_eq!(stores.len(), 20);
    for (name, location, latitude, longitude) in &stores {
        assert!(!name.is_empty());
        let (city, state) = location.rsplit_once(", ").expect("City, ST");
        assert!(!city.is_empty() && state.len() == 2, "{location}");
        assert!(latitude.is_some() && longitude.is_some(), "{name}");
    }
}

#[tokio::test]
async fn the_same_seed_value_gives_the_same_catalog() {
    const ROWS: &str = "SELECT p.title || '|' || p.description || '|' || p.price || '|'
            || array_to_string(c.path_names, '>') || '|' || p.brand || '|'
            || p.attributes::text || '|' || p.image_url || '|' || p.popularity
       FROM products p JOIN categories c ON c.id = p.category_id ORDER BY p.id";
    let rows = |db: PgPool| async move {
        let rows: Vec<String> = sqlx::query_scalar(ROWS).fetch_all(&db).await.unwrap();
        rows
    };
    let first = rows(seeded(500, 9).await).await;
    assert_eq!(first.len(), 500);
    assert_eq!(first, rows(seeded(500, 9).await).await);
    assert_ne!(first, rows(seeded(500, 10).await).await);
}

#[tokio::test]
async fn fewer_categories_still_span_the_departments() {
    let (_, db) = test_database().await;
    seed::run(
        &db,
        &SeedOptions {
            products: 300,
            categories: Some(13),
            seed_value: Some(1),
            ..SeedOptions::default()
        },
    )
    .await
    .unwrap();
    let leaves: i64 = scalar(
        &db,
        "SELECT count(*) FROM categories c
          WHERE NOT EXISTS (SELECT 1 FROM categories k WHERE k.parent_id = c.id)",
    )
    .await;
    assert_eq!(leaves, 13);
    let roots: i64 = scalar(
        &db,
        "SELECT count(*) FROM categories WHERE parent_id IS NULL",
    )
    .await;
    assert_eq!(roots, 13, "one leaf from each department");
}

#[tokio::test]
async fn a_catalog_with_data_is_refused_or_skipped_and_left_as_it_was() {
    let db = seeded(100, 1).await;
    let before: i64 = scalar(&db, "SELECT count(*) FROM products").await;
    let again = SeedOptions {
        products: 50,
        seed_value: Some(2),
        ..SeedOptions::default()
    };
    let refused = seed::run(&db, &again).await;
    assert!(refused.is_err(), "a second seed is refused");
    let skipped = seed::run(
        &db,
        &SeedOptions {
            if_empty: true,
            ..again
        },
    )
    .await
    .unwrap();
    assert_eq!(skipped, Outcome::SkippedNotEmpty);
    assert_eq!(
        scalar::<i64>(&db, "SELECT count(*) FROM products").await,
        before
    );
}
