//! Plain types and validation rules, free of I/O: what a valid request is.

pub mod order;
pub mod pagination;
pub mod product;
pub mod search;
pub mod text;

use std::collections::BTreeSet;

use crate::error::ApiError;

/// The stores whose cached inventory listings a write changed (a listing
/// shows each line's title, price, category and quantity). Writes return
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

/// Ids are positive 64-bit integers; anything else is the caller's mistake.
pub fn valid_id(field: &str, value: i64) -> Result<i64, ApiError> {
    if value >= 1 {
        Ok(value)
    } else {
        Err(ApiError::validation(field, "must be a positive integer"))
    }
}
