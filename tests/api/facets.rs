//! Facet truth: every count of a search page (the category tree, brands,
//! attributes, price buckets and stats, availability) against an SQL count
//! of the same filters, for a dozen filter combinations over a catalog with
//! a three-level tree, brands and string, number and list attributes.

use std::collections::BTreeMap;

use serde_json::Value;
use sqlx::PgPool;

use crate::helpers::{TestApp, spawn_app};

const FACETS: [&str; 3] = ["color", "storage_gb", "carrier"];
const BRANDS: [Option<&str>; 7] = [
    Some("Apple"),
    Some("Samsung"),
    Some("Sony"),
    Some("Bose"),
    Some("Canon"),
    Some("Nikon"),
    None,
];
const COLORS: [&str; 4] = ["Black", "White", "Blue", "Red"];
const CARRIERS: [&str; 3] = ["AT&T", "Verizon", "T-Mobile"];
const WORDS: [&str; 4] = ["Deluxe", "Compact", "Pro", "Mini"];

/// A small deterministic generator (the test must not depend on the seed).
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// Three roots, three children each, two grandchildren each; answers the
/// categories as (id, parent, path ids).
async fn tree(db: &PgPool) -> Vec<(i64, i64, Vec<i64>)> {
    let mut made = Vec::new();
    for root in ["Phones", "Audio", "Cameras"] {
        let root_id = category(db, root, None).await;
        made.push(root_id);
        for child in 1..=3 {
            let child_id = category(db, &format!("{root} Line {child}"), Some(root_id)).await;
            made.push(child_id);
            for grandchild in 1..=2 {
                let name = format!("{root} Line {child} Model {grandchild}");
                made.push(category(db, &name, Some(child_id)).await);
            }
        }
    }
    sqlx::query_as::<_, (i64, Option<i64>, Vec<i64>)>(
        "SELECT id, parent_id, path_ids FROM categories ORDER BY id",
    )
    .fetch_all(db)
    .await
    .unwrap()
    .into_iter()
    .map(|(id, parent, path)| (id, parent.unwrap_or(0), path))
    .collect()
}

async fn category(db: &PgPool, name: &str, parent: Option<i64>) -> i64 {
    sqlx::query_scalar("INSERT INTO categories (name, parent_id) VALUES ($1, $2) RETURNING id")
        .bind(name)
        .bind(parent)
        .fetch_one(db)
        .await
        .unwrap()
}

async fn catalog(app: &TestApp) -> Vec<(i64, i64, Vec<i64>)> {
    let categories = tree(&app.db).await;
    let stores = [
        app.create_store("North").await,
        app.create_store("South").await,
        app.create_store("East").await,
    ];
    let mut rng = Lcg(7);
    for n in 0..600 {
        let (category, _, _) = &categories[rng.below(categories.len() as u64) as usize];
        let brand = BRANDS[rng.below(BRANDS.len() as u64) as usize];
        let mut attributes = serde_json::Map::new();
        if rng.below(5) > 0 {
            attributes.insert("color".into(), COLORS[rng.below(4) as usize].into());
        }
        if rng.below(2) == 0 {
            attributes.insert("storage_gb".into(), (32 << rng.below(4)).into());
        }
        if rng.below(3) == 0 {
            let carriers: Vec<&str> = CARRIERS
                .iter()
                .copied()
                .filter(|_| rng.below(2) == 0)
                .collect();
            if !carriers.is_empty() {
                attributes.insert("carrier".into(), carriers.into());
            }
        }
        attributes.insert("model_year".into(), (2015 + rng.below(8)).into());
        let title = format!(
            "{} {} {n}",
            brand.unwrap_or("Generic"),
            WORDS[rng.below(4) as usize]
        );
        let cents = 500 + rng.below(150_000);
        let product: i64 = sqlx::query_scalar(
            "INSERT INTO products (title, description, price, category_id, brand, attributes)
             VALUES ($1, '', $2::numeric / 100, $3, $4, $5) RETURNING id",
        )
        .bind(&title)
        .bind(cents as i64)
        .bind(category)
        .bind(brand)
        .bind(Value::Object(attributes))
        .fetch_one(&app.db)
        .await
        .unwrap();
        for store in stores {
            if rng.below(2) == 0 {
                app.set_stock(store, product, rng.below(3) as i32).await;
            }
        }
    }
    sqlx::query("UPDATE search_settings SET facets = $1")
        .bind(FACETS.map(str::to_owned).to_vec())
        .execute(&app.db)
        .await
        .unwrap();
    app.reindex().await;
    categories
}

/// (key, values, numeric range)
type AttributeFilter = (&'static str, Vec<&'static str>, Option<(f64, f64)>);

/// One combination of filters, as a query string and as SQL.
#[derive(Default, Clone)]
struct Filters {
    text: Option<&'static str>,
    /// Ids, or one path given by names.
    categories: Vec<i64>,
    path: Option<&'static str>,
    price: Option<(i64, i64)>,
    store: Option<i64>,
    in_stock: bool,
    brands: Vec<&'static str>,
    attributes: Vec<AttributeFilter>,
}

/// Which filter a clause belongs to, so each facet can leave its own out.
#[derive(PartialEq, Clone, Copy)]
enum Facet {
    Category,
    Price,
    Stock,
    Brand,
    Attribute(&'static str),
}

fn values_of(key: &str) -> String {
    format!(
        "(CASE jsonb_typeof(p.attributes->'{key}') WHEN 'array' THEN
            ARRAY(SELECT jsonb_array_elements_text(p.attributes->'{key}'))
          WHEN 'string' THEN ARRAY[p.attributes->>'{key}']
          WHEN 'number' THEN ARRAY[p.attributes->>'{key}'] ELSE '{{}}'::text[] END)"
    )
}

fn list(values: &[&str]) -> String {
    values
        .iter()
        .map(|v| format!("'{}'", v.to_lowercase()))
        .collect::<Vec<_>>()
        .join(",")
}

impl Filters {
    fn query(&self) -> String {
        let mut query = vec!["facet_limit=100".to_owned()];
        let encode =
            |v: &str| url::form_urlencoded::byte_serialize(v.as_bytes()).collect::<String>();
        if let Some(text) = self.text {
            query.push(format!("q={text}"));
        }
        for id in &self.categories {
            query.push(format!("category={id}"));
        }
        if let Some(path) = self.path {
            query.push(format!("category={}", encode(path)));
        }
        if let Some((low, high)) = self.price {
            query.push(format!("min_price={}&max_price={}", low / 100, high / 100));
        }
        if let Some(store) = self.store {
            query.push(format!("store_id={store}"));
        }
        if self.in_stock {
            query.push("in_stock=true".into());
        }
        for brand in &self.brands {
            query.push(format!("brand={}", encode(brand)));
        }
        for (key, values, range) in &self.attributes {
            for value in values {
                query.push(format!("attr.{key}={}", encode(value)));
            }
            if let Some((low, high)) = range {
                query.push(format!("attr.{key}.min={low}&attr.{key}.max={high}"));
            }
        }
        query.join("&")
    }

    /// Every clause but those of `except`.
    fn clauses(&self, categories: &[i64], except: Option<Facet>) -> String {
        let mut all = vec!["p.deleted_at IS NULL".to_owned()];
        if let Some(word) = self.text {
            all.push(format!(r"p.title ~* '\m{word}'"));
        }
        if let Some(store) = self.store {
            all.push(format!("EXISTS (SELECT 1 FROM inventory i WHERE i.product_id = p.id AND i.store_id = {store})"));
        }
        let mut filters: Vec<(Facet, String)> = Vec::new();
        if !categories.is_empty() {
            let ids = categories.iter().map(i64::to_string).collect::<Vec<_>>();
            filters.push((
                Facet::Category,
                format!("c.path_ids && ARRAY[{}]::bigint[]", ids.join(",")),
            ));
        }
        if let Some((low, high)) = self.price {
            filters.push((
                Facet::Price,
                format!("p.price * 100 BETWEEN {low} AND {high}"),
            ));
        }
        if self.in_stock {
            filters.push((Facet::Stock, self.available()));
        }
        if !self.brands.is_empty() {
            filters.push((
                Facet::Brand,
                format!("lower(p.brand) IN ({})", list(&self.brands)),
            ));
        }
        for (key, values, range) in &self.attributes {
            let mut clause = Vec::new();
            if !values.is_empty() {
                clause.push(format!("lower(v) IN ({})", list(values)));
            }
            if let Some((low, high)) = range {
                clause.push(format!(
                    "v ~ '^-?[0-9.]+$' AND v::float8 BETWEEN {low} AND {high}"
                ));
            }
            filters.push((
                Facet::Attribute(key),
                format!(
                    "EXISTS (SELECT 1 FROM unnest({}) v WHERE {})",
                    values_of(key),
                    clause.join(" AND ")
                ),
            ));
        }
        all.extend(
            filters
                .into_iter()
                .filter(|(facet, _)| Some(*facet) != except)
                .map(|(_, clause)| clause),
        );
        all.join(" AND ")
    }

    fn available(&self) -> String {
        match self.store {
            Some(store) => format!(
                "EXISTS (SELECT 1 FROM inventory i WHERE i.product_id = p.id AND i.store_id = {store} AND i.quantity > 0)"
            ),
            None => {
                "EXISTS (SELECT 1 FROM inventory i WHERE i.product_id = p.id AND i.quantity > 0)"
                    .into()
            }
        }
    }
}

const FROM: &str = "FROM products p JOIN categories c ON c.id = p.category_id";

async fn counts(db: &PgPool, sql: String) -> BTreeMap<String, i64> {
    sqlx::query_as::<_, (String, i64)>(&sql)
        .fetch_all(db)
        .await
        .unwrap_or_else(|e| panic!("{e}: {sql}"))
        .into_iter()
        .collect()
}

fn answered(values: &Value) -> BTreeMap<String, i64> {
    values
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            let key = v
                .get("id")
                .map_or_else(|| v["value"].as_str().unwrap().to_owned(), Value::to_string);
            (key, v["count"].as_i64().unwrap())
        })
        .collect()
}

#[tokio::test]
async fn every_facet_count_matches_sql_for_the_same_filters() {
    let app = spawn_app().await;
    let tree = catalog(&app).await;
    let root = |i: usize| tree.iter().filter(|(_, p, _)| *p == 0).nth(i).unwrap().0;
    let leaf = |i: usize| {
        tree.iter()
            .filter(|(_, _, path)| path.len() == 3)
            .nth(i)
            .unwrap()
            .0
    };
    let mid = |i: usize| {
        tree.iter()
            .filter(|(_, _, path)| path.len() == 2)
            .nth(i)
            .unwrap()
            .0
    };
    let combos = [
        Filters::default(),
        Filters {
            categories: vec![root(0)],
            ..Filters::default()
        },
        Filters {
            path: Some("phones >  Phones Line 2"),
            ..Filters::default()
        },
        Filters {
            categories: vec![leaf(3)],
            brands: vec!["apple", "Sony"],
            ..Filters::default()
        },
        Filters {
            brands: vec!["Apple", "Sony"],
            attributes: vec![("color", vec!["Black"], None)],
            ..Filters::default()
        },
        Filters {
            attributes: vec![
                ("storage_gb", vec![], Some((64.0, 1000.0))),
                ("color", vec!["White", "blue"], None),
            ],
            ..Filters::default()
        },
        Filters {
            attributes: vec![("carrier", vec!["Verizon"], None)],
            in_stock: true,
            ..Filters::default()
        },
        Filters {
            text: Some("deluxe"),
            brands: vec!["Samsung"],
            price: Some((10_000, 150_000)),
            ..Filters::default()
        },
        Filters {
            store: Some(2),
            in_stock: true,
            attributes: vec![("color", vec!["Red"], None)],
            ..Filters::default()
        },
        Filters {
            categories: vec![root(2), mid(1)],
            attributes: vec![("storage_gb", vec![], Some((0.0, 128.0)))],
            price: Some((0, 80_000)),
            ..Filters::default()
        },
        Filters {
            text: Some("compact"),
            store: Some(1),
            attributes: vec![("carrier", vec!["AT&T", "T-Mobile"], None)],
            ..Filters::default()
        },
        Filters {
            categories: vec![mid(4)],
            brands: vec!["Canon", "Nikon", "Bose"],
            attributes: vec![
                ("storage_gb", vec!["32", "256"], None),
                ("color", vec!["Black", "White"], None),
            ],
            in_stock: true,
            ..Filters::default()
        },
    ];
    for filters in combos {
        let query = filters.query();
        let page = app.search(&query).await;
        let mut categories = filters.categories.clone();
        if let Some(path) = filters.path {
            let names: Vec<String> = path.split('>').map(|n| n.trim().to_lowercase()).collect();
            let id: i64 = sqlx::query_scalar(
                "SELECT id FROM categories WHERE (SELECT array_agg(lower(n)) FROM unnest(path_names) n) = $1",
            )
            .bind(&names)
            .fetch_one(&app.db)
            .await
            .unwrap();
            categories.push(id);
        }
        let db = &app.db;
        let all = filters.clauses(&categories, None);
        let count: i64 = sqlx::query_scalar(&format!("SELECT count(*) {FROM} WHERE {all}"))
            .fetch_one(db)
            .await
            .unwrap();
        assert_eq!(page["count"], count, "count for {query}");
        assert!(
            count > 0,
            "{query}: a combination matching nothing would prove little"
        );

        // The category tree, counted without the category filter.
        let but_category = filters.clauses(&categories, Some(Facet::Category));
        let by_category = counts(
            db,
            format!("SELECT node::text, count(*) {FROM}, unnest(c.path_ids) node WHERE {but_category} GROUP BY 1"),
        )
        .await;
        let selected = match categories.as_slice() {
            [one] => *one,
            _ => 0,
        };
        let count_of = |id: i64| by_category.get(&id.to_string()).copied().unwrap_or(0);
        let expected_children: BTreeMap<String, i64> = tree
            .iter()
            .filter(|(id, parent, _)| *parent == selected && count_of(*id) > 0)
            .map(|(id, _, _)| (id.to_string(), count_of(*id)))
            .collect();
        let facets = &page["facets"];
        assert_eq!(
            answered(&facets["category"]["children"]),
            expected_children,
            "category children for {query}"
        );
        let expected_path: Vec<(i64, i64)> = tree
            .iter()
            .find(|(id, _, _)| *id == selected)
            .map(|(_, _, path)| path.iter().map(|id| (*id, count_of(*id))).collect())
            .unwrap_or_default();
        let path: Vec<(i64, i64)> = facets["category"]["path"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (c["id"].as_i64().unwrap(), c["count"].as_i64().unwrap()))
            .collect();
        assert_eq!(path, expected_path, "category path for {query}");

        let but_brand = filters.clauses(&categories, Some(Facet::Brand));
        let brands = counts(
            db,
            format!("SELECT p.brand, count(*) {FROM} WHERE p.brand IS NOT NULL AND {but_brand} GROUP BY 1"),
        )
        .await;
        assert_eq!(
            answered(&facets["brand"]),
            brands,
            "brand facet for {query}"
        );

        for key in FACETS {
            let but_key = filters.clauses(&categories, Some(Facet::Attribute(key)));
            let expected = counts(
                db,
                format!(
                    "SELECT v, count(*) {FROM}, unnest({}) v WHERE {but_key} GROUP BY 1",
                    values_of(key)
                ),
            )
            .await;
            assert_eq!(
                answered(&facets["attributes"][key]),
                expected,
                "attribute {key} for {query}"
            );
        }
        let but_storage = filters.clauses(&categories, Some(Facet::Attribute("storage_gb")));
        let storage: (Option<f64>, Option<f64>) = sqlx::query_as(&format!(
            "SELECT min(v::float8), max(v::float8) {FROM}, unnest({}) v WHERE {but_storage}",
            values_of("storage_gb")
        ))
        .fetch_one(db)
        .await
        .unwrap();
        if let (Some(min), Some(max)) = storage {
            assert_eq!(facets["stats"]["storage_gb"]["min"], min, "{query}");
            assert_eq!(facets["stats"]["storage_gb"]["max"], max, "{query}");
        }

        let but_price = filters.clauses(&categories, Some(Facet::Price));
        let bounds = [0, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, i64::MAX];
        let mut prices = Vec::new();
        for window in bounds.windows(2) {
            let sql = format!(
                "SELECT count(*) {FROM} WHERE {but_price} AND p.price * 100 >= {} AND p.price * 100 < {}",
                window[0], window[1]
            );
            prices.push(
                sqlx::query_scalar::<_, i64>(&sql)
                    .fetch_one(db)
                    .await
                    .unwrap(),
            );
        }
        let answered_prices: Vec<i64> = facets["price"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["count"].as_i64().unwrap())
            .collect();
        assert_eq!(answered_prices, prices, "price facet for {query}");
        let (low, high): (f64, f64) = sqlx::query_as(&format!(
            "SELECT min(p.price)::float8, max(p.price)::float8 {FROM} WHERE {but_price}"
        ))
        .fetch_one(db)
        .await
        .unwrap();
        assert_eq!(
            facets["stats"]["price"]["min"], low,
            "price min for {query}"
        );
        assert_eq!(
            facets["stats"]["price"]["max"], high,
            "price max for {query}"
        );

        let but_stock = filters.clauses(&categories, Some(Facet::Stock));
        let available = filters.available();
        let in_stock: i64 = sqlx::query_scalar(&format!(
            "SELECT count(*) {FROM} WHERE {but_stock} AND {available}"
        ))
        .fetch_one(db)
        .await
        .unwrap();
        let total: i64 = sqlx::query_scalar(&format!("SELECT count(*) {FROM} WHERE {but_stock}"))
            .fetch_one(db)
            .await
            .unwrap();
        assert_eq!(
            facets["availability"],
            serde_json::json!([
                {"value": "in_stock", "count": in_stock},
                {"value": "out_of_stock", "count": total - in_stock}
            ]),
            "availability for {query}"
        );
    }
}

/// Filtering on an attribute that is not a facet is a clear 400, and the
/// hits carry the product's brand, path, attributes and popularity.
#[tokio::test]
async fn hits_carry_the_real_catalog_fields_and_unknown_attributes_are_refused() {
    let app = spawn_app().await;
    catalog(&app).await;
    let response = app.get("/api/search/products/?attr.model_year=2016").await;
    assert_eq!(response.status(), reqwest::StatusCode::BAD_REQUEST);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["error"]["code"], "validation_failed");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("color, storage_gb, carrier"),
        "{body}"
    );

    let page = app
        .search("brand=apple&sort=popularity&page_size=100")
        .await;
    let hit = &page["results"][0];
    let row: (String, Vec<String>, Value) = sqlx::query_as(
        "SELECT p.brand, c.path_names, p.attributes FROM products p
           JOIN categories c ON c.id = p.category_id WHERE p.id = $1",
    )
    .bind(hit["id"].as_i64().unwrap())
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(hit["brand"], row.0);
    assert_eq!(hit["category_path"], serde_json::json!(row.1));
    assert_eq!(hit["attributes"], row.2);
    assert_eq!(hit["category"], *row.1.last().unwrap());
}
