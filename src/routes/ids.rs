//! The ids of a route's path, parsed once at the extractor: a handler gets
//! positive 64-bit integers or never runs.

use axum::{extract::FromRequestParts, http::request::Parts};

use crate::{
    domain::parse_id,
    error::{ApiError, ApiPath},
};

/// The `N` path parameters of a route (`/stores/{store_id}/inventory/{product_id}`),
/// in order, each a positive id; anything else is a 400 naming the parameter.
pub struct PathIds<const N: usize>(pub [i64; N]);

impl<S: Send + Sync, const N: usize> FromRequestParts<S> for PathIds<N> {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, ApiError> {
        let ApiPath(params) =
            ApiPath::<Vec<(String, String)>>::from_request_parts(parts, state).await?;
        let ids = params
            .iter()
            .map(|(name, value)| parse_id(name, value))
            .collect::<Result<Vec<i64>, _>>()?;
        let ids = <[i64; N]>::try_from(ids).map_err(|ids| {
            ApiError::internal(format!(
                "the route has {} path parameters, its handler reads {N}",
                ids.len()
            ))
        })?;
        Ok(Self(ids))
    }
}
