//! Plain types and validation rules, free of I/O: what a valid request is.

pub mod order;
pub mod pagination;
pub mod product;
pub mod search;
pub mod text;

use crate::error::ApiError;

/// Ids are positive 64-bit integers; anything else is the caller's mistake.
pub fn valid_id(field: &str, value: i64) -> Result<i64, ApiError> {
    if value >= 1 {
        Ok(value)
    } else {
        Err(ApiError::validation(field, "must be a positive integer"))
    }
}
