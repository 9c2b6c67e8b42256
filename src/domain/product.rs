//! What valid product edits are: products and stock levels. Categories
//! are in `category`, import lines in `import`, the descriptive fields
//! (brand, attributes, image, popularity) in `fields`.

use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::{Map, Value};
use utoipa::ToSchema;

use super::ValidationError;
pub use super::category::MAX_CATEGORY_CHARS;
use super::fields::{Descriptive, RawDescriptive, present};
use super::text::{control_character, control_character_in_prose};

pub const MAX_TITLE_CHARS: usize = 500;
pub const MAX_DESCRIPTION_CHARS: usize = 10_000;
pub const MAX_EXTERNAL_ID_CHARS: usize = 200;
pub const MAX_STOCK: i64 = 1_000_000;
pub const MAX_PRODUCT_PRICE: Decimal = Decimal::from_parts(3_567_587_327, 232, 0, false, 2); // 9,999,999,999.99 (NUMERIC(12, 2))

/// `POST /products/` (title, price and category_id required) and
/// `PATCH /products/{id}/` (any subset; absent fields stay).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProductInput {
    #[schema(min_length = 1, max_length = 500)]
    pub title: Option<String>,
    /// Line breaks and tabs allowed.
    #[schema(max_length = 10_000)]
    pub description: Option<String>,
    /// At most 2 decimals.
    #[schema(minimum = 0, maximum = 9_999_999_999.99)]
    pub price: Option<Decimal>,
    #[schema(minimum = 1)]
    pub category_id: Option<i64>,
    /// The source system's id, unique among live products.
    #[schema(min_length = 1, max_length = 200)]
    pub external_id: Option<String>,
    /// Absent: unchanged (none on create); `null`: no brand.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, min_length = 1, max_length = 200)]
    pub brand: Option<Value>,
    /// Replaces the whole object.
    #[serde(default, deserialize_with = "present")]
    #[schema(schema_with = super::schema::attributes)]
    pub attributes: Option<Value>,
    /// An http(s) URL. Absent: unchanged (none on create); `null`: no image.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = Option<String>, format = "uri")]
    pub image_url: Option<Value>,
    /// 0 on create when absent.
    #[serde(default, deserialize_with = "present")]
    #[schema(value_type = f64, minimum = 0)]
    pub popularity: Option<Value>,
}

/// A product to create: every field but the description and external id is
/// required.
#[derive(Debug, Clone)]
pub struct NewProduct {
    pub title: String,
    pub description: String,
    pub price: Decimal,
    pub category_id: i64,
    /// The source system's id: unique among live products.
    pub external_id: Option<String>,
    pub brand: Option<String>,
    pub attributes: Map<String, Value>,
    pub image_url: Option<String>,
    pub popularity: f64,
}

/// A partial update: absent fields stay as they are.
#[derive(Debug, Clone, Default)]
pub struct ProductPatch {
    pub title: Option<String>,
    pub description: Option<String>,
    pub price: Option<Decimal>,
    pub category_id: Option<i64>,
    pub external_id: Option<String>,
    /// `Some(None)` clears the brand.
    pub brand: Option<Option<String>>,
    pub attributes: Option<Map<String, Value>>,
    /// `Some(None)` clears the image.
    pub image_url: Option<Option<String>>,
    pub popularity: Option<f64>,
}

impl ProductPatch {
    /// Whether the patch changes what an inventory listing shows of the
    /// product (title, price, brand, category; not its description,
    /// attributes, image or popularity).
    pub fn shown_in_listings(&self) -> bool {
        self.title.is_some()
            || self.price.is_some()
            || self.brand.is_some()
            || self.category_id.is_some()
    }
}

/// An external id is opaque but must be storable and unambiguous.
pub fn external_id_problem(external_id: &str) -> Option<String> {
    let chars = external_id.chars().count();
    if chars == 0 || chars > MAX_EXTERNAL_ID_CHARS {
        return Some(format!("must be 1 to {MAX_EXTERNAL_ID_CHARS} characters"));
    }
    if external_id.trim() != external_id {
        // " 42" and "42" would be two products to PostgreSQL and one to a person.
        return Some("must not start or end with whitespace".into());
    }
    control_character(external_id)
}

/// Checks every field present; answers the descriptive ones validated.
fn check(input: &mut ProductInput, problems: &mut Map<String, Value>) -> Descriptive {
    if let Some(title) = &input.title {
        let title = title.trim();
        let chars = title.chars().count();
        if chars == 0 || chars > MAX_TITLE_CHARS {
            problems.insert(
                "title".into(),
                format!("must be 1 to {MAX_TITLE_CHARS} characters").into(),
            );
        } else if let Some(problem) = control_character(title) {
            problems.insert("title".into(), problem.into());
        }
    }
    if let Some(description) = &input.description {
        if description.chars().count() > MAX_DESCRIPTION_CHARS {
            problems.insert(
                "description".into(),
                format!("must be at most {MAX_DESCRIPTION_CHARS} characters").into(),
            );
        } else if let Some(problem) = control_character_in_prose(description) {
            problems.insert("description".into(), problem.into());
        }
    }
    if let Some(problem) = input.external_id.as_deref().and_then(external_id_problem) {
        problems.insert("external_id".into(), problem.into());
    }
    if let Some(price) = input.price
        && (price.is_sign_negative() || price > MAX_PRODUCT_PRICE || price.normalize().scale() > 2)
    {
        problems.insert(
            "price".into(),
            "must be between 0 and 9999999999.99 with at most 2 decimals".into(),
        );
    }
    if let Some(category_id) = input.category_id
        && category_id < 1
    {
        problems.insert("category_id".into(), "must be a positive integer".into());
    }
    RawDescriptive {
        brand: input.brand.take(),
        attributes: input.attributes.take(),
        image_url: input.image_url.take(),
        popularity: input.popularity.take(),
    }
    .check(problems)
}

impl TryFrom<ProductInput> for NewProduct {
    type Error = ValidationError;

    fn try_from(mut input: ProductInput) -> Result<Self, ValidationError> {
        let mut problems = Map::new();
        let descriptive = check(&mut input, &mut problems);
        for (field, missing) in [
            ("title", input.title.is_none()),
            ("price", input.price.is_none()),
            ("category_id", input.category_id.is_none()),
        ] {
            if missing {
                problems.insert(field.into(), "is required".into());
            }
        }
        match (input.title, input.price, input.category_id) {
            (Some(title), Some(price), Some(category_id)) if problems.is_empty() => {
                Ok(NewProduct {
                    title: title.trim().to_owned(),
                    description: input.description.unwrap_or_default(),
                    price: price.round_dp(2),
                    category_id,
                    external_id: input.external_id,
                    brand: descriptive.brand.flatten(),
                    attributes: descriptive.attributes.unwrap_or_default(),
                    image_url: descriptive.image_url.flatten(),
                    popularity: descriptive.popularity.unwrap_or(0.0),
                })
            }
            _ => Err(ValidationError::of("product", problems)),
        }
    }
}

impl TryFrom<ProductInput> for ProductPatch {
    type Error = ValidationError;

    fn try_from(mut input: ProductInput) -> Result<Self, ValidationError> {
        let mut problems = Map::new();
        let descriptive = check(&mut input, &mut problems);
        if !problems.is_empty() {
            return Err(ValidationError::of("product", problems));
        }
        Ok(ProductPatch {
            title: input.title.map(|t| t.trim().to_owned()),
            description: input.description,
            price: input.price.map(|p| p.round_dp(2)),
            category_id: input.category_id,
            external_id: input.external_id,
            brand: descriptive.brand,
            attributes: descriptive.attributes,
            image_url: descriptive.image_url,
            popularity: descriptive.popularity,
        })
    }
}

#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct StockInput {
    #[schema(minimum = 0, maximum = 1_000_000)]
    pub quantity: i64,
}

impl StockInput {
    pub fn validated(self) -> Result<i32, ValidationError> {
        if (0..=MAX_STOCK).contains(&self.quantity) {
            Ok(self.quantity as i32)
        } else {
            Err(ValidationError::field(
                "quantity",
                format!("must be between 0 and {MAX_STOCK}"),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::category::category_name;

    fn input(json: &str) -> ProductInput {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn a_new_product_needs_title_price_and_category() {
        let err = NewProduct::try_from(input(r#"{"description": "x"}"#)).unwrap_err();
        let details = err.problems;
        assert!(
            details.get("title").is_some()
                && details.get("price").is_some()
                && details.get("category_id").is_some()
        );
        let ok = NewProduct::try_from(input(
            r#"{"title": " Lamp ", "price": 12.5, "category_id": 3}"#,
        ))
        .unwrap();
        assert_eq!(ok.title, "Lamp");
        assert_eq!(ok.price, Decimal::new(1250, 2));
    }

    #[test]
    fn rejects_bad_prices_and_titles() {
        for json in [
            r#"{"price": -1}"#,
            r#"{"price": 1.234}"#,
            r#"{"title": "  "}"#,
            r#"{"category_id": 0}"#,
        ] {
            assert!(ProductPatch::try_from(input(json)).is_err(), "{json}");
        }
        assert!(ProductPatch::try_from(input(r#"{"price": "19.90"}"#)).is_ok());
    }

    #[test]
    fn control_characters_are_refused_in_every_text_but_layout_in_prose() {
        for bad in [
            r"a\u0000b",
            r"\u001b[31m",
            r"a\u007f",
            r"a\u0085b",
            r"a\u0008",
        ] {
            let title = format!(r#"{{"title": "{bad}"}}"#);
            let description = format!(r#"{{"description": "{bad}"}}"#);
            let external_id = format!(r#"{{"external_id": "{bad}"}}"#);
            for (json, field) in [
                (title, "title"),
                (description, "description"),
                (external_id, "external_id"),
            ] {
                let err = ProductPatch::try_from(input(&json)).unwrap_err();
                let problem = err.problems[field].as_str().unwrap().to_owned();
                assert!(problem.contains("control characters"), "{json}: {problem}");
            }
            let name: String = serde_json::from_str(&format!(r#""{bad}""#)).unwrap();
            assert!(category_name(&name).is_err(), "{bad}");
        }
        let prose = r#"{"description": "Line one\nline two\r\n\tindented"}"#;
        assert!(ProductPatch::try_from(input(prose)).is_ok());
        assert!(
            ProductPatch::try_from(input(r#"{"title": "Lamp\tShade"}"#)).is_err(),
            "a tab inside a title is not layout"
        );
        assert_eq!(
            ProductPatch::try_from(input(r#"{"title": " Lamp\n"}"#))
                .unwrap()
                .title
                .as_deref(),
            Some("Lamp"),
            "surrounding whitespace is trimmed, not refused"
        );
    }

    #[test]
    fn external_ids_are_short_plain_and_unpadded() {
        let long = format!(r#"{{"external_id": "{}"}}"#, "x".repeat(201));
        for json in [r#"{"external_id": ""}"#, r#"{"external_id": " 42"}"#, &long] {
            assert!(ProductPatch::try_from(input(json)).is_err(), "{json}");
        }
        let ok = ProductPatch::try_from(input(r#"{"external_id": "SKU-42 / ü"}"#)).unwrap();
        assert_eq!(ok.external_id.as_deref(), Some("SKU-42 / ü"));
    }
}
