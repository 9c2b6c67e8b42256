//! Facet truth: every count of a search page against an SQL count of the
//! same filters, for several filter combinations on a seeded catalog.

use std::collections::BTreeMap;

use catalog::seed::{self, SeedOptions};

use crate::helpers::{TestApp, spawn_app};

/// The seeded catalog, and the same filters in SQL: counts must agree exactly.
#[tokio::test]
async fn every_facet_count_matches_sql_for_the_same_filters() {
    let app = spawn_app().await;
    seed::run(
        &app.db,
        &SeedOptions {
            stores: 4,
            products: 400,
            seed_value: Some(11),
            ..SeedOptions::default()
        },
    )
    .await
    .unwrap();
    app.reindex().await;

    // The seed's leaf categories with the most products (products sit in
    // leaves), one with mid-priced products, and a brand sold in them at
    // store 1, so that every combination below matches something.
    let c: Vec<i64> = sqlx::query_scalar(
        "SELECT category_id FROM products GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 6",
    )
    .fetch_all(&app.db)
    .await
    .unwrap();
    let word: String = sqlx::query_scalar(
        "SELECT lower(p.brand) FROM products p JOIN inventory i ON i.product_id = p.id
          WHERE p.category_id = ANY($1) AND i.store_id = 1 AND i.quantity > 0
            AND p.brand ~ '^[A-Za-z]{4,}$'
          GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1",
    )
    .bind(&c)
    .fetch_one(&app.db)
    .await
    .unwrap();
    let mid_priced: i64 = sqlx::query_scalar(
        "SELECT category_id FROM products WHERE price BETWEEN 50 AND 300
          GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    let ids = |ids: &[i64]| {
        ids.iter()
            .map(|id| format!("category={id}"))
            .collect::<Vec<_>>()
            .join("&")
    };
    let combos: Vec<(String, Filters)> = vec![
        (String::new(), Filters::default()),
        (
            ids(&[c[0], c[2]]),
            Filters {
                categories: vec![c[0], c[2]],
                ..Filters::default()
            },
        ),
        (
            format!("{}&min_price=50&max_price=300", ids(&[mid_priced])),
            Filters {
                categories: vec![mid_priced],
                price: Some((5_000, 30_000)),
                ..Filters::default()
            },
        ),
        (
            "store_id=2&in_stock=true".to_owned(),
            Filters {
                store: Some(2),
                in_stock: true,
                ..Filters::default()
            },
        ),
        (
            "in_stock=true&max_price=99.99".to_owned(),
            Filters {
                in_stock: true,
                price: Some((0, 9_999)),
                ..Filters::default()
            },
        ),
        (
            "store_id=3".to_owned(),
            Filters {
                store: Some(3),
                ..Filters::default()
            },
        ),
        (
            format!("q={word}&{}&store_id=1&in_stock=true", ids(&c)),
            Filters {
                text: Some(word.clone()),
                categories: c.clone(),
                store: Some(1),
                in_stock: true,
                ..Filters::default()
            },
        ),
    ];
    for (query, filters) in &combos {
        let page = app.search(query).await;
        let expected = filters.expected(&app).await;
        assert_eq!(page["count"], expected.count, "count for {query}");
        let categories: BTreeMap<i64, i64> = page["facets"]["category"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["count"].as_i64() != Some(0))
            .map(|c| (c["id"].as_i64().unwrap(), c["count"].as_i64().unwrap()))
            .collect();
        assert_eq!(
            categories, expected.categories,
            "category facet for {query}"
        );
        let prices: Vec<i64> = page["facets"]["price"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["count"].as_i64().unwrap())
            .collect();
        assert_eq!(prices, expected.prices, "price facet for {query}");
        let availability: Vec<i64> = page["facets"]["availability"]
            .as_array()
            .unwrap()
            .iter()
            .map(|a| a["count"].as_i64().unwrap())
            .collect();
        assert_eq!(
            availability, expected.availability,
            "availability facet for {query}"
        );
        assert!(
            expected.count > 0,
            "{query}: a combination matching nothing would prove little"
        );
    }
}

#[derive(Default)]
struct Filters {
    text: Option<String>,
    categories: Vec<i64>,
    /// Inclusive, cents.
    price: Option<(i64, i64)>,
    store: Option<i64>,
    in_stock: bool,
}

struct Expected {
    count: i64,
    categories: BTreeMap<i64, i64>,
    prices: Vec<i64>,
    availability: Vec<i64>,
}

impl Filters {
    /// SQL predicates: the base (text, store carried), then each facet filter.
    fn predicates(&self) -> (String, String, String, String) {
        let mut base = vec!["TRUE".to_owned()];
        if let Some(word) = &self.text {
            base.push(format!(
                r"(p.title ~* '\m{word}' OR p.description ~* '\m{word}')"
            ));
        }
        if let Some(store) = self.store {
            base.push(format!("EXISTS (SELECT 1 FROM inventory i WHERE i.product_id = p.id AND i.store_id = {store})"));
        }
        let category = if self.categories.is_empty() {
            "TRUE".to_owned()
        } else {
            format!(
                "p.category_id IN ({})",
                self.categories
                    .iter()
                    .map(i64::to_string)
                    .collect::<Vec<_>>()
                    .join(",")
            )
        };
        let price = match self.price {
            Some((low, high)) => format!("(p.price * 100) BETWEEN {low} AND {high}"),
            None => "TRUE".to_owned(),
        };
        let available = match self.store {
            Some(store) => format!(
                "EXISTS (SELECT 1 FROM inventory i WHERE i.product_id = p.id AND i.store_id = {store} AND i.quantity > 0)"
            ),
            None => {
                "EXISTS (SELECT 1 FROM inventory i WHERE i.product_id = p.id AND i.quantity > 0)"
                    .to_owned()
            }
        };
        let stock = if self.in_stock {
            available.clone()
        } else {
            "TRUE".to_owned()
        };
        (
            base.join(" AND "),
            category,
            price,
            format!("{stock}|{available}"),
        )
    }

    async fn expected(&self, app: &TestApp) -> Expected {
        let (base, category, price, stock_and_available) = self.predicates();
        let (stock, available) = stock_and_available.split_once('|').unwrap();
        let scalar = |sql: String| async move {
            sqlx::query_scalar::<_, i64>(&sql)
                .fetch_one(&app.db)
                .await
                .unwrap()
        };
        let count = scalar(format!(
            "SELECT count(*) FROM products p WHERE {base} AND {category} AND {price} AND {stock}"
        ))
        .await;
        let categories: BTreeMap<i64, i64> = sqlx::query_as::<_, (i64, i64)>(&format!(
            "SELECT p.category_id, count(*) FROM products p WHERE {base} AND {price} AND {stock} GROUP BY 1"
        ))
        .fetch_all(&app.db)
        .await
        .unwrap()
        .into_iter()
        .collect();
        let bounds = [0, 2_500, 5_000, 10_000, 25_000, 50_000, 100_000, i64::MAX];
        let mut prices = Vec::new();
        for window in bounds.windows(2) {
            prices.push(
                scalar(format!(
                    "SELECT count(*) FROM products p WHERE {base} AND {category} AND {stock}
                        AND p.price * 100 >= {} AND p.price * 100 < {}",
                    window[0], window[1]
                ))
                .await,
            );
        }
        let in_stock = scalar(format!(
            "SELECT count(*) FROM products p WHERE {base} AND {category} AND {price} AND {available}"
        ))
        .await;
        let all = scalar(format!(
            "SELECT count(*) FROM products p WHERE {base} AND {category} AND {price}"
        ))
        .await;
        Expected {
            count,
            categories,
            prices,
            availability: vec![in_stock, all - in_stock],
        }
    }
}
