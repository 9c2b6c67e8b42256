//! Plain types and validation rules, free of I/O: what a valid request is.

pub mod category;
pub mod fields;
pub mod import;
pub mod object;
pub mod order;
pub mod pagination;
pub mod product;
pub mod schema;
pub mod search;
pub mod settings;
pub mod text;

use std::collections::BTreeSet;

use serde_json::{Map, Value};

/// A request the domain rules refuse: the caller's mistake. `error.rs` maps
/// it to the 400 `validation_failed` answer, `message` as its message and
/// `problems` (field -> what is wrong) as its details.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct ValidationError {
    pub message: String,
    pub problems: Map<String, Value>,
}

impl ValidationError {
    /// One field and why, e.g. `("page_size", "must be at most 100")`.
    pub fn field(field: &str, problem: impl Into<String>) -> Self {
        let problem = problem.into();
        Self {
            message: format!("{field} {problem}"),
            problems: Map::from_iter([(field.to_owned(), Value::String(problem))]),
        }
    }

    /// Several fields of one thing (`"product"`): each field and why.
    pub fn of(thing: &str, problems: Map<String, Value>) -> Self {
        Self {
            message: format!("the {thing} is invalid"),
            problems,
        }
    }
}

/// The stores whose cached inventory listings a write changed (a listing
/// shows each line's title, price, brand, category path and quantity;
/// `db::catalog::listings_showing` decides). Writes return
/// it; the caller commits and invalidates through
/// `InventoryCache::commit`, or `invalidate` when the write committed itself.
#[must_use = "the stores' cached listings must be invalidated after commit"]
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct StaleListings(pub BTreeSet<i64>);

impl StaleListings {
    pub fn store(store_id: i64) -> Self {
        Self(BTreeSet::from([store_id]))
    }
}

impl From<BTreeSet<i64>> for StaleListings {
    fn from(stores: BTreeSet<i64>) -> Self {
        Self(stores)
    }
}

/// Ids are positive 64-bit integers; anything else (a word, zero, a
/// negative number, a number beyond 64 bits) is the caller's mistake.
pub fn parse_id(field: &str, text: &str) -> Result<i64, ValidationError> {
    match text.parse::<i64>() {
        Ok(id) if id >= 1 => Ok(id),
        _ => Err(ValidationError::field(field, "must be a positive integer")),
    }
}
