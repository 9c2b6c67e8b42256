//! What a valid order request is: its limits, the merging of duplicate
//! product lines into one line per product, sorted by product id (the order
//! in which placement locks inventory rows), and its idempotency key.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};
use serde_json::Map;
use utoipa::ToSchema;

use super::ValidationError;

pub const MAX_LINES: usize = 100;
pub const MAX_QUANTITY: i64 = 10_000;
pub const MAX_IDEMPOTENCY_KEY_CHARS: usize = 255;

/// Serialized, it is what an idempotent replay compares.
#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct PlaceOrderRequest {
    #[schema(minimum = 1)]
    pub store_id: i64,
    /// Lines of one product are merged.
    #[schema(min_items = 1, max_items = 100)]
    pub items: Vec<OrderLineRequest>,
}

#[derive(Debug, Deserialize, Serialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct OrderLineRequest {
    #[schema(minimum = 1)]
    pub product_id: i64,
    /// Units (at most 10,000 after merging).
    #[schema(minimum = 1, maximum = 10_000)]
    pub quantity_requested: i64,
}

/// A validated order: one line per product, ascending product ids.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrder {
    pub store_id: i64,
    pub lines: Vec<OrderLine>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrderLine {
    pub product_id: i64,
    pub quantity: i32,
}

impl NewOrder {
    pub fn product_ids(&self) -> Vec<i64> {
        self.lines.iter().map(|l| l.product_id).collect()
    }

    pub fn quantities(&self) -> Vec<i32> {
        self.lines.iter().map(|l| l.quantity).collect()
    }
}

/// An `Idempotency-Key` header: 1 to 255 characters once trimmed (a UUID is
/// the usual choice).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IdempotencyKey(String);

impl IdempotencyKey {
    /// The key of the header's values (`None` without one); several
    /// values, or one that is not visible ASCII, are the caller's mistake.
    pub fn from_header_values<'a>(
        mut values: impl Iterator<Item = Option<&'a str>>,
    ) -> Result<Option<Self>, ValidationError> {
        let invalid = |problem: &str| ValidationError::field("Idempotency-Key", problem);
        let Some(value) = values.next() else {
            return Ok(None);
        };
        if values.next().is_some() {
            return Err(invalid("must be sent once"));
        }
        let key = value
            .ok_or_else(|| invalid("must be visible ASCII"))?
            .trim();
        if key.is_empty() || key.chars().count() > MAX_IDEMPOTENCY_KEY_CHARS {
            return Err(invalid(&format!(
                "must be 1 to {MAX_IDEMPOTENCY_KEY_CHARS} characters"
            )));
        }
        Ok(Some(Self(key.to_owned())))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<PlaceOrderRequest> for NewOrder {
    type Error = ValidationError;

    fn try_from(request: PlaceOrderRequest) -> Result<Self, ValidationError> {
        let mut problems = Map::new();
        if request.store_id < 1 {
            problems.insert("store_id".into(), "must be a positive integer".into());
        }
        if request.items.is_empty() {
            problems.insert("items".into(), "must contain at least one line".into());
        }
        if request.items.len() > MAX_LINES {
            problems.insert(
                "items".into(),
                format!("must contain at most {MAX_LINES} lines").into(),
            );
        }
        let mut merged: BTreeMap<i64, i64> = BTreeMap::new();
        for (i, line) in request.items.iter().enumerate() {
            if line.product_id < 1 {
                problems.insert(
                    format!("items[{i}].product_id"),
                    "must be a positive integer".into(),
                );
            }
            if !(1..=MAX_QUANTITY).contains(&line.quantity_requested) {
                problems.insert(
                    format!("items[{i}].quantity_requested"),
                    format!("must be between 1 and {MAX_QUANTITY}").into(),
                );
                continue;
            }
            *merged.entry(line.product_id).or_default() += line.quantity_requested;
        }
        for (product_id, total) in &merged {
            if *total > MAX_QUANTITY {
                problems.insert(
                    format!("product {product_id}"),
                    format!("total quantity over all its lines must be at most {MAX_QUANTITY}")
                        .into(),
                );
            }
        }
        if !problems.is_empty() {
            return Err(ValidationError::of("order", problems));
        }
        let lines = merged
            .into_iter()
            .map(|(product_id, quantity)| OrderLine {
                product_id,
                // Cannot fail: bounded by MAX_QUANTITY above.
                quantity: i32::try_from(quantity).expect("quantity bounded by MAX_QUANTITY"),
            })
            .collect();
        Ok(NewOrder {
            store_id: request.store_id,
            lines,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(lines: &[(i64, i64)]) -> PlaceOrderRequest {
        PlaceOrderRequest {
            store_id: 1,
            items: lines
                .iter()
                .map(|&(product_id, quantity_requested)| OrderLineRequest {
                    product_id,
                    quantity_requested,
                })
                .collect(),
        }
    }

    #[test]
    fn merges_duplicate_lines_and_sorts_by_product() {
        let order = NewOrder::try_from(request(&[(15, 1), (10, 2), (15, 3)])).unwrap();
        assert_eq!(
            order.lines,
            vec![
                OrderLine {
                    product_id: 10,
                    quantity: 2
                },
                OrderLine {
                    product_id: 15,
                    quantity: 4
                }
            ]
        );
    }

    #[test]
    fn rejects_bad_lines_naming_each() {
        let err =
            NewOrder::try_from(request(&[(0, 1), (3, 0), (4, MAX_QUANTITY + 1)])).unwrap_err();
        let details = err.problems;
        assert!(details.get("items[0].product_id").is_some());
        assert!(details.get("items[1].quantity_requested").is_some());
        assert!(details.get("items[2].quantity_requested").is_some());
    }

    #[test]
    fn rejects_merged_totals_over_the_limit() {
        assert!(NewOrder::try_from(request(&[(7, MAX_QUANTITY), (7, 1)])).is_err());
    }

    #[test]
    fn idempotency_keys_are_one_header_of_1_to_255_characters() {
        let key = |values: &[Option<&str>]| {
            IdempotencyKey::from_header_values(values.iter().copied())
                .map(|key| key.map(|k| k.as_str().to_owned()))
        };
        let long = "k".repeat(255);
        assert_eq!(key(&[]).unwrap(), None);
        assert_eq!(key(&[Some(" a-key ")]).unwrap().as_deref(), Some("a-key"));
        assert_eq!(key(&[Some(&long)]).unwrap(), Some(long.clone()));
        for bad in [
            vec![Some("")],
            vec![Some("   ")],
            vec![Some(&*format!("{long}k"))],
            vec![None],
            vec![Some("a"), Some("b")],
        ] {
            assert!(key(&bad).is_err(), "{bad:?}");
        }
    }

    #[test]
    fn rejects_empty_and_oversized_orders() {
        assert!(NewOrder::try_from(request(&[])).is_err());
        let many: Vec<(i64, i64)> = (1..=MAX_LINES as i64 + 1).map(|id| (id, 1)).collect();
        assert!(NewOrder::try_from(request(&many)).is_err());
    }
}
