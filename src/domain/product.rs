//! What valid catalog edits are: products, categories, stock levels and
//! import lines.

use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::{Map, Value};

use crate::error::{ApiError, ErrorCode};

pub const MAX_TITLE_CHARS: usize = 500;
pub const MAX_DESCRIPTION_CHARS: usize = 10_000;
pub const MAX_CATEGORY_CHARS: usize = 200;
pub const MAX_STOCK: i64 = 1_000_000;
pub const MAX_PRICE: Decimal = Decimal::from_parts(3_567_587_327, 232, 0, false, 2); // 9,999,999,999.99 (NUMERIC(12, 2))

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProductInput {
    pub title: Option<String>,
    pub description: Option<String>,
    pub price: Option<Decimal>,
    pub category_id: Option<i64>,
}

/// A product to create: every field but the description is required.
#[derive(Debug, Clone)]
pub struct NewProduct {
    pub title: String,
    pub description: String,
    pub price: Decimal,
    pub category_id: i64,
}

/// A partial update: absent fields stay as they are.
#[derive(Debug, Clone, Default)]
pub struct ProductPatch {
    pub title: Option<String>,
    pub description: Option<String>,
    pub price: Option<Decimal>,
    pub category_id: Option<i64>,
}

fn check(input: &ProductInput, problems: &mut Map<String, Value>) {
    if let Some(title) = &input.title {
        let chars = title.trim().chars().count();
        if chars == 0 || chars > MAX_TITLE_CHARS {
            problems.insert(
                "title".into(),
                format!("must be 1 to {MAX_TITLE_CHARS} characters").into(),
            );
        }
    }
    if let Some(description) = &input.description
        && description.chars().count() > MAX_DESCRIPTION_CHARS
    {
        problems.insert(
            "description".into(),
            format!("must be at most {MAX_DESCRIPTION_CHARS} characters").into(),
        );
    }
    if let Some(price) = input.price
        && (price.is_sign_negative() || price > MAX_PRICE || price.normalize().scale() > 2)
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

fn invalid(problems: Map<String, Value>) -> ApiError {
    ApiError::new(ErrorCode::ValidationFailed, "the product is invalid")
        .with_details(Value::Object(problems))
}

impl TryFrom<ProductInput> for NewProduct {
    type Error = ApiError;

    fn try_from(input: ProductInput) -> Result<Self, ApiError> {
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
                })
            }
            _ => Err(invalid(problems)),
        }
    }
}

impl TryFrom<ProductInput> for ProductPatch {
    type Error = ApiError;

    fn try_from(input: ProductInput) -> Result<Self, ApiError> {
        let mut problems = Map::new();
        check(&input, &mut problems);
        if !problems.is_empty() {
            return Err(invalid(problems));
        }
        Ok(ProductPatch {
            title: input.title.map(|t| t.trim().to_owned()),
            description: input.description,
            price: input.price.map(|p| p.round_dp(2)),
            category_id: input.category_id,
        })
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CategoryInput {
    pub name: String,
}

impl CategoryInput {
    pub fn validated(self) -> Result<String, ApiError> {
        let name = self.name.trim().to_owned();
        let chars = name.chars().count();
        if chars == 0 || chars > MAX_CATEGORY_CHARS {
            return Err(ApiError::validation(
                "name",
                format!("must be 1 to {MAX_CATEGORY_CHARS} characters"),
            ));
        }
        Ok(name)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StockInput {
    pub quantity: i64,
}

impl StockInput {
    pub fn validated(self) -> Result<i32, ApiError> {
        if (0..=MAX_STOCK).contains(&self.quantity) {
            Ok(self.quantity as i32)
        } else {
            Err(ApiError::validation(
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
            (None, Some(name)) => ImportCategory::Name(name.trim().to_lowercase()),
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
        })
        .map_err(|err| {
            err.details
                .map_or(err.message, |details| details.to_string())
        })?;
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
        let details = err.details.unwrap();
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
}
