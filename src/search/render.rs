//! What a search answer shows: each hit from its stored fields, and the
//! facets from the collector's counts (the category tree around the
//! selected category, brands, attributes, price buckets and stats).

use rust_decimal::Decimal;
use serde::{Serialize, ser::SerializeMap};
use serde_json::{Map, Value as Json};
use tantivy::{DocAddress, Searcher, TantivyDocument, schema::Value};
use utoipa::ToSchema;

use super::{
    collector::{PRICE_BUCKETS, SearchFruit},
    highlight::{Highlight, Highlighter},
    index::Generation,
    lookup::{first_doc, term_query},
    schema::stored_text,
};

#[derive(Debug, Serialize, ToSchema)]
pub struct Hit {
    pub id: u64,
    pub title: String,
    #[serde(with = "rust_decimal::serde::float")]
    pub price: Decimal,
    pub category_id: u64,
    /// The leaf category's name.
    pub category: String,
    pub category_path: Vec<String>,
    pub brand: Option<String>,
    #[schema(schema_with = crate::domain::schema::attributes)]
    pub attributes: Map<String, Json>,
    pub image_url: Option<String>,
    pub popularity: f64,
    /// At the requested store, or at any store when none is given.
    pub in_stock: bool,
    /// The matched words marked; absent without query words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub highlight: Option<Highlight>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Facets {
    pub category: CategoryFacet,
    pub brand: Vec<ValueCount>,
    pub price: Vec<PriceCount>,
    pub availability: Vec<ValueCount>,
    /// By attribute key, in the settings' order.
    #[schema(value_type = HashMap<String, Vec<ValueCount>>)]
    pub attributes: Ordered<Vec<ValueCount>>,
    /// Lowest and highest price and numeric attribute values.
    #[schema(value_type = HashMap<String, Stats>)]
    pub stats: Ordered<Stats>,
}

/// Algolia's hierarchical menu: the selected category's ancestors (itself
/// last), and its children; the top level when no single category is
/// selected. Counts ignore the category filter itself.
#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryFacet {
    pub path: Vec<CategoryCount>,
    pub children: Vec<CategoryCount>,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct CategoryCount {
    pub id: u64,
    pub value: String,
    pub count: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct PriceCount {
    /// `"25-50"`, or `"1000+"` for the open-ended bucket; `min` inclusive, `max` exclusive.
    pub range: String,
    pub min: u64,
    pub max: Option<u64>,
    pub count: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct ValueCount {
    pub value: String,
    pub count: u64,
}

#[derive(Debug, Serialize, ToSchema)]
pub struct Stats {
    pub min: f64,
    pub max: f64,
}

/// A JSON object whose keys keep the order they were added in.
#[derive(Debug)]
pub struct Ordered<T>(pub Vec<(String, T)>);

impl<T: Serialize> Serialize for Ordered<T> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

pub fn hit(
    generation: &Generation,
    searcher: &Searcher,
    address: DocAddress,
    store: Option<u64>,
    highlighter: Option<&Highlighter>,
) -> tantivy::Result<Hit> {
    let fields = &generation.fields;
    let doc: TantivyDocument = searcher.doc(address)?;
    let text = |field| stored_text(&doc, field);
    let optional = |field| Some(text(field)).filter(|t| !t.is_empty());
    let number = |field| {
        doc.get_first(field)
            .and_then(|v| v.as_u64())
            .unwrap_or_default()
    };
    let in_stock = generation
        .columns(searcher.segment_reader(address.segment_ord))?
        .in_stock(address.doc_id, store);
    Ok(Hit {
        id: number(fields.id),
        title: text(fields.title_display),
        price: Decimal::new(number(fields.price_cents) as i64, 2),
        category_id: number(fields.category_id),
        category: text(fields.category_name),
        category_path: doc
            .get_all(fields.category_path)
            .filter_map(|v| v.as_str().map(str::to_owned))
            .collect(),
        brand: optional(fields.brand),
        attributes: serde_json::from_str(&text(fields.attributes_json)).unwrap_or_default(),
        image_url: optional(fields.image_url),
        popularity: doc
            .get_first(fields.popularity)
            .and_then(|v| v.as_f64())
            .unwrap_or_default(),
        in_stock,
        highlight: highlighter.map(|highlighter| {
            highlighter.highlight(
                &text(fields.title_display),
                &text(fields.description_display),
            )
        }),
    })
}

pub fn facets(
    generation: &Generation,
    searcher: &Searcher,
    fruit: &SearchFruit,
    selected: &[u64],
    keys: &[String],
    limit: usize,
) -> tantivy::Result<Facets> {
    let price = PRICE_BUCKETS
        .iter()
        .zip(&fruit.prices)
        .map(|(&(min, max), &count)| PriceCount {
            range: match max {
                Some(max) => format!("{}-{}", min / 100, max / 100),
                None => format!("{}+", min / 100),
            },
            min: min / 100,
            max: max.map(|m| m / 100),
            count,
        })
        .collect();
    let mut stats = Vec::new();
    if let Some((low, high)) = fruit.price_range {
        stats.push((
            "price".to_owned(),
            Stats {
                min: low as f64 / 100.0,
                max: high as f64 / 100.0,
            },
        ));
    }
    let mut attributes = Vec::new();
    for (key, counts) in keys.iter().zip(&fruit.attributes) {
        if let Some(range) = numeric_range(counts.keys().map(String::as_str)) {
            stats.push((key.clone(), range));
        }
        attributes.push((key.clone(), top_values(counts.iter(), limit)));
    }
    Ok(Facets {
        category: category_facet(generation, searcher, fruit, selected, limit)?,
        brand: top_values(fruit.brands.iter(), limit),
        price,
        availability: vec![
            ValueCount {
                value: "in_stock".into(),
                count: fruit.in_stock,
            },
            ValueCount {
                value: "out_of_stock".into(),
                count: fruit.out_of_stock,
            },
        ],
        attributes: Ordered(attributes),
        stats: Ordered(stats),
    })
}

/// The most frequent values first, then alphabetically.
fn top_values<'a>(
    counts: impl Iterator<Item = (&'a String, &'a u64)>,
    limit: usize,
) -> Vec<ValueCount> {
    let mut values: Vec<ValueCount> = counts
        .map(|(value, count)| ValueCount {
            value: value.clone(),
            count: *count,
        })
        .collect();
    values.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    values.truncate(limit);
    values
}

/// The lowest and highest value when every value is a number.
fn numeric_range<'a>(values: impl Iterator<Item = &'a str>) -> Option<Stats> {
    let mut range: Option<Stats> = None;
    for value in values {
        let number: f64 = value.parse().ok()?;
        range = Some(match range {
            Some(Stats { min, max }) => Stats {
                min: min.min(number),
                max: max.max(number),
            },
            None => Stats {
                min: number,
                max: number,
            },
        });
    }
    range
}

fn category_facet(
    generation: &Generation,
    searcher: &Searcher,
    fruit: &SearchFruit,
    selected: &[u64],
    limit: usize,
) -> tantivy::Result<CategoryFacet> {
    let count = |id: u64| fruit.categories.get(&id).map_or(0, |t| t.count);
    let mut path = Vec::new();
    let mut parent = 0;
    if let [id] = selected
        && let Some(doc) = first_doc(
            searcher,
            &*term_query(generation.fields.category_path_ids, *id),
        )?
    {
        let fields = &generation.fields;
        let ids = doc
            .get_all(fields.category_path_ids)
            .filter_map(|v| v.as_u64());
        let names = doc
            .get_all(fields.category_path)
            .filter_map(|v| v.as_str().map(str::to_owned));
        for (ancestor, name) in ids.zip(names) {
            path.push(CategoryCount {
                id: ancestor,
                value: name,
                count: count(ancestor),
            });
            if ancestor == *id {
                parent = *id;
                break;
            }
        }
    }
    let mut children: Vec<CategoryCount> = fruit
        .categories
        .iter()
        .filter(|(_, tally)| tally.parent == parent)
        .map(|(id, tally)| CategoryCount {
            id: *id,
            value: tally.name.clone(),
            count: tally.count,
        })
        .collect();
    children.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    children.truncate(limit);
    Ok(CategoryFacet { path, children })
}
