//! What valid catalog edits are: products, categories, stock levels and
//! import lines.

use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::{Map, Value};

use super::ValidationError;
use super::text::{control_character, control_character_in_prose};

pub const MAX_TITLE_CHARS: usize = 500;
pub const MAX_DESCRIPTION_CHARS: usize = 10_000;
pub const MAX_CATEGORY_CHARS: usize = 200;
pub const MAX_EXTERNAL_ID_CHARS: usize = 200;
pub const MAX_STOCK: i64 = 1_000_000;
pub const MAX_PRODUCT_PRICE: Decimal = Decimal::from_parts(3_567_587_327, 232, 0, false, 2); // 9,999,999,999.99 (NUMERIC(12, 2))

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductInput {
    pub title: Option<String>,
    pub description: Option<String>,
    pub price: Option<Decimal>,
    pub category_id: Option<i64>,
    pub external_id: Option<String>,
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
}

/// A partial update: absent fields stay as they are.
#[derive(Debug, Clone, Default)]
pub struct ProductPatch {
    pub title: Option<String>,
    pub description: Option<String>,
    pub price: Option<Decimal>,
    pub category_id: Option<i64>,
    pub external_id: Option<String>,
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

fn check(input: &ProductInput, problems: &mut Map<String, Value>) {
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
}

impl TryFrom<ProductInput> for NewProduct {
    type Error = ValidationError;

    fn try_from(input: ProductInput) -> Result<Self, ValidationError> {
        let mut problems = Map::new();
        check(&input, &mut problems);
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
                })
            }
            _ => Err(ValidationError::of("product", problems)),
        }
    }
}

impl TryFrom<ProductInput> for ProductPatch {
    type Error = ValidationError;

    fn try_from(input: ProductInput) -> Result<Self, ValidationError> {
        let mut problems = Map::new();
        check(&input, &mut problems);
        if !problems.is_empty() {
            return Err(ValidationError::of("product", problems));
        }
        Ok(ProductPatch {
            title: input.title.map(|t| t.trim().to_owned()),
            description: input.description,
            price: input.price.map(|p| p.round_dp(2)),
            category_id: input.category_id,
            external_id: input.external_id,
        })
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryInput {
    pub name: String,
}

impl CategoryInput {
    pub fn validated(self) -> Result<String, ValidationError> {
        category_name(&self.name).map_err(|problem| ValidationError::field("name", problem))
    }
}

/// A category name as stored (trimmed), or what is wrong with it.
pub fn category_name(raw: &str) -> Result<String, String> {
    let name = raw.trim();
    let chars = name.chars().count();
    if chars == 0 || chars > MAX_CATEGORY_CHARS {
        return Err(format!("must be 1 to {MAX_CATEGORY_CHARS} characters"));
    }
    if let Some(problem) = control_character(name) {
        return Err(problem);
    }
    Ok(name.to_owned())
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StockInput {
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

/// One product of a bulk import: its category by id or by (existing) name,
/// and optionally its stock per store.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportLine {
    pub title: Option<String>,
    pub description: Option<String>,
    pub price: Option<Decimal>,
    pub category_id: Option<i64>,
    pub category: Option<String>,
    /// The source system's id: a line whose id names a live product
    /// updates it instead of creating another.
    pub external_id: Option<String>,
    #[serde(default)]
    pub stock: Vec<ImportStock>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportStock {
    pub store_id: i64,
    pub quantity: i64,
}

/// How an import line names its category.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImportCategory {
    Id(i64),
    /// Lowercased; must name an existing category.
    Name(String),
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
        let category = match (self.category_id, self.category) {
            (Some(id), None) => ImportCategory::Id(id),
            (None, Some(name)) => ImportCategory::Name(
                category_name(&name)
                    .map_err(|problem| format!("category {problem}"))?
                    .to_lowercase(),
            ),
            (Some(_), Some(_)) => return Err("give category_id or category, not both".into()),
            (None, None) => return Err("category_id or category is required".into()),
        };
        let category_id = match &category {
            ImportCategory::Id(id) => *id,
            ImportCategory::Name(_) => 1,
        };
        let product = NewProduct::try_from(ProductInput {
            title: self.title,
            description: self.description,
            price: self.price,
            category_id: Some(category_id),
            external_id: self.external_id,
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn import_lines_name_their_problem() {
        let line: ImportLine = serde_json::from_str(r#"{"title": "Lamp", "price": 5}"#).unwrap();
        assert_eq!(
            line.validated().unwrap_err(),
            "category_id or category is required"
        );
        let line: ImportLine =
            serde_json::from_str(r#"{"title": "Lamp", "price": 5, "category": " Home"}"#).unwrap();
        assert_eq!(
            line.validated().unwrap().category,
            ImportCategory::Name("home".into())
        );
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
        ] {
            let line: ImportLine = serde_json::from_str(json).unwrap();
            let error = line.validated().unwrap_err();
            assert!(
                error.contains(field) && error.contains("U+0000"),
                "{json}: {error}"
            );
        }
    }
}
