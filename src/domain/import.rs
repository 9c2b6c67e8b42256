//! What a valid import line is: a product with its category (by id, by
//! name or path, or by a path to create) and optionally its stock per store.

use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::Value;
use utoipa::ToSchema;

use super::category::{category_path, parse_category_path};
use super::fields::present;
use super::product::{MAX_STOCK, NewProduct, ProductInput};

/// One product of a bulk import: a line of NDJSON or an element of a JSON
/// array. Exactly one of `category_id`, `category` and `category_path`.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportLine {
    pub title: Option<String>,
    pub description: Option<String>,
    pub price: Option<Decimal>,
    pub category_id: Option<i64>,
    /// An existing category: a top-level name, or a path `A > B > C`.
    pub category: Option<String>,
    /// Names from the root; missing categories along it are created.
    /// Raw, so that a wrong type is reported against the field.
    #[schema(value_type = Option<Vec<String>>)]
    pub category_path: Option<Value>,
    /// The source system's id: a line whose id names a live product
    /// updates it instead of creating another.
    pub external_id: Option<String>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>)]
    pub brand: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    #[schema(schema_with = super::schema::attributes)]
    pub attributes: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, format = "uri")]
    pub image_url: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = f64)]
    pub popularity: Option<Value>,
    #[serde(default)]
    pub stock: Vec<ImportStock>,
}

#[derive(Debug, Clone, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ImportStock {
    pub store_id: i64,
    pub quantity: i64,
}

/// How an import line names its category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportCategory {
    Id(i64),
    /// Names from the root, as written (matched ignoring case). `create`:
    /// missing ones are created (`category_path`); otherwise the path must
    /// exist (`category`).
    Path {
        names: Vec<String>,
        create: bool,
    },
}

/// A valid import line; `product.category_id` is resolved by the importer.
#[derive(Debug, Clone)]
pub struct ImportItem {
    pub product: NewProduct,
    pub category: ImportCategory,
    pub stock: Vec<ImportStock>,
}

impl ImportLine {
    /// The item, or why the line is invalid.
    pub fn validated(self) -> Result<ImportItem, String> {
        let category = match (self.category_id, self.category, self.category_path) {
            (Some(id), None, None) => ImportCategory::Id(id),
            (None, Some(text), None) => ImportCategory::Path {
                names: parse_category_path(&text)
                    .map_err(|problem| format!("category {problem}"))?,
                create: false,
            },
            (None, None, Some(names)) => ImportCategory::Path {
                names: names_of(&names)
                    .and_then(|names| category_path(&names))
                    .map_err(|problem| format!("category_path {problem}"))?,
                create: true,
            },
            (None, None, None) => {
                return Err("one of category_id, category or category_path is required".into());
            }
            _ => return Err("give only one of category_id, category or category_path".into()),
        };
        let category_id = match &category {
            ImportCategory::Id(id) => *id,
            ImportCategory::Path { .. } => 1,
        };
        let product = NewProduct::try_from(ProductInput {
            title: self.title,
            description: self.description,
            price: self.price,
            category_id: Some(category_id),
            external_id: self.external_id,
            brand: self.brand,
            attributes: self.attributes,
            image_url: self.image_url,
            popularity: self.popularity,
        })
        .map_err(|err| Value::Object(err.problems).to_string())?;
        if self
            .stock
            .iter()
            .any(|line| line.store_id < 1 || !(0..=MAX_STOCK).contains(&line.quantity))
        {
            return Err(format!(
                "stock: store_id must be positive and quantity 0 to {MAX_STOCK}"
            ));
        }
        Ok(ImportItem {
            product,
            category,
            stock: self.stock,
        })
    }
}

/// A list of names, as written.
fn names_of(raw: &Value) -> Result<Vec<&str>, String> {
    let wrong = || "must be a list of names from the root, e.g. [\"Cell Phones\", \"iPhone\"]";
    raw.as_array()
        .ok_or_else(|| wrong().to_owned())?
        .iter()
        .map(|name| name.as_str().ok_or_else(|| wrong().to_owned()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn validated(json: &str) -> Result<ImportItem, String> {
        serde_json::from_str::<ImportLine>(json)
            .map_err(|e| e.to_string())
            .and_then(ImportLine::validated)
    }

    #[test]
    fn import_lines_name_their_problem() {
        assert_eq!(
            validated(r#"{"title": "Lamp", "price": 5}"#).unwrap_err(),
            "one of category_id, category or category_path is required"
        );
        assert_eq!(
            validated(r#"{"title": "Lamp", "price": 5, "category": " Home"}"#)
                .unwrap()
                .category,
            ImportCategory::Path {
                names: vec!["Home".into()],
                create: false
            }
        );
        assert_eq!(
            validated(r#"{"title": "Lamp", "price": 5, "category": "Home > Lighting "}"#)
                .unwrap()
                .category,
            ImportCategory::Path {
                names: vec!["Home".into(), "Lighting".into()],
                create: false
            }
        );
    }

    #[test]
    fn exactly_one_way_to_name_the_category() {
        for json in [
            r#"{"title": "L", "price": 5, "category_id": 1, "category": "Home"}"#,
            r#"{"title": "L", "price": 5, "category_id": 1, "category_path": ["Home"]}"#,
            r#"{"title": "L", "price": 5, "category": "Home", "category_path": ["Home"]}"#,
        ] {
            assert_eq!(
                validated(json).unwrap_err(),
                "give only one of category_id, category or category_path",
                "{json}"
            );
        }
        for (json, field) in [
            (
                r#"{"title": "L", "price": 5, "category_path": []}"#,
                "category_path",
            ),
            (
                r#"{"title": "L", "price": 5, "category_path": ["A", " "]}"#,
                "category_path name 2",
            ),
            (
                r#"{"title": "L", "price": 5, "category_path": ["A>B"]}"#,
                "category_path name 1",
            ),
            (
                r#"{"title": "L", "price": 5, "category": "A >"}"#,
                "category name 2",
            ),
            (
                r#"{"title": "L", "price": 5, "category_path": "A > B"}"#,
                "category_path must be a list",
            ),
            (
                r#"{"title": "L", "price": 5, "category_path": ["A", 3]}"#,
                "category_path must be a list",
            ),
        ] {
            let error = validated(json).unwrap_err();
            assert!(error.starts_with(field), "{json}: {error}");
        }
    }

    #[test]
    fn descriptive_fields_are_checked_like_the_api_does() {
        let item = validated(
            r#"{"title": "Phone", "price": 5, "category_path": ["Cell Phones", "iPhone"],
                "brand": "Apple", "attributes": {"storage_gb": 32}, "popularity": 3.5,
                "image_url": "https://img.example/1.jpg"}"#,
        )
        .unwrap();
        assert_eq!(item.product.brand.as_deref(), Some("Apple"));
        assert_eq!(item.product.attributes["storage_gb"], 32);
        assert_eq!(item.product.popularity, 3.5);
        let error = validated(
            r#"{"title": "Phone", "price": 5, "category_id": 1, "attributes": {"Color": "x"}}"#,
        )
        .unwrap_err();
        assert!(error.contains("attributes.Color"), "{error}");
    }

    #[test]
    fn import_lines_refuse_control_characters_with_the_field() {
        for (json, field) in [
            (
                r#"{"title": "La\u0000mp", "price": 5, "category": "Home"}"#,
                "title",
            ),
            (
                r#"{"title": "Lamp", "description": "\u0000", "price": 5, "category": "Home"}"#,
                "description",
            ),
            (
                r#"{"title": "Lamp", "price": 5, "category": "Ho\u0000me"}"#,
                "category",
            ),
            (
                r#"{"title": "Lamp", "price": 5, "category": "Home", "external_id": "a\u0000"}"#,
                "external_id",
            ),
            (
                r#"{"title": "Lamp", "price": 5, "category": "Home", "brand": "a\u0000"}"#,
                "brand",
            ),
        ] {
            let error = validated(json).unwrap_err();
            assert!(
                error.contains(field) && error.contains("U+0000"),
                "{json}: {error}"
            );
        }
    }
}
