//! The one JSON error shape of the API: `{"error":{"code","message","details"}}`.
//!
//! Which error belongs where:
//! - `domain/` validation returns its own [`ValidationError`] (no HTTP in
//!   the domain); `?` turns it into a 400 `validation_failed` here.
//! - `db/` functions return `sqlx::Error`; `?` in a handler turns it into an
//!   `ApiError`, classifying "database unreachable" as 503 and anything else
//!   as a logged 500 with a generic message.
//! - `orders/` returns [`PlaceOrderError`] and `import/` an [`Aborted`]
//!   import; both are mapped here, with the constraint violations of the
//!   catalog's writes (`category_write`, `product_write`, ...).
//! - Redis errors are never fatal for reads (the cache falls back to the
//!   database); where Redis is required they become 503.
//! - axum's own rejections (bad JSON, bad path or query) are converted by the
//!   extractor wrappers at the bottom of this file.

use axum::{
    Json,
    extract::{
        FromRequest, FromRequestParts, Request,
        rejection::{JsonRejection, PathRejection, QueryRejection},
    },
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde_json::{Value, json};

use serde::{Serialize, de::DeserializeOwned};
use utoipa::ToSchema;

use crate::{
    domain::{ValidationError, object::JsonObject},
    import::{Aborted, ImportError},
    orders::PlaceOrderError,
};

/// Declares [`ErrorCode`] from one table: each variant with its wire code
/// and HTTP status, so a code cannot be added without both.
macro_rules! error_codes {
    ($($variant:ident => $code:literal, $status:ident;)*) => {
        /// Every error code the API can answer.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
        pub enum ErrorCode {
            $(#[serde(rename = $code)] $variant,)*
        }

        impl ErrorCode {
            pub const ALL: &[ErrorCode] = &[$(Self::$variant,)*];

            pub fn status(self) -> StatusCode {
                match self {
                    $(Self::$variant => StatusCode::$status,)*
                }
            }

            pub fn as_str(self) -> &'static str {
                match self {
                    $(Self::$variant => $code,)*
                }
            }
        }
    };
}

error_codes! {
    ValidationFailed => "validation_failed", BAD_REQUEST;
    MalformedJson => "malformed_json", BAD_REQUEST;
    Unauthorized => "unauthorized", UNAUTHORIZED;
    AdminDisabled => "admin_disabled", FORBIDDEN;
    NotFound => "not_found", NOT_FOUND;
    RouteNotFound => "route_not_found", NOT_FOUND;
    Conflict => "conflict", CONFLICT;
    MethodNotAllowed => "method_not_allowed", METHOD_NOT_ALLOWED;
    RequestTimeout => "request_timeout", REQUEST_TIMEOUT;
    PayloadTooLarge => "payload_too_large", PAYLOAD_TOO_LARGE;
    UnsupportedMediaType => "unsupported_media_type", UNSUPPORTED_MEDIA_TYPE;
    UnknownReference => "unknown_reference", UNPROCESSABLE_ENTITY;
    IdempotencyKeyReused => "idempotency_key_reused", UNPROCESSABLE_ENTITY;
    RateLimited => "rate_limited", TOO_MANY_REQUESTS;
    ServiceUnavailable => "service_unavailable", SERVICE_UNAVAILABLE;
    Internal => "internal", INTERNAL_SERVER_ERROR;
}

#[derive(Debug, thiserror::Error)]
#[error("{code:?}: {message}")]
pub struct ApiError {
    pub code: ErrorCode,
    pub message: String,
    pub details: Option<Value>,
    retry_after_secs: Option<u64>,
}

impl ApiError {
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self {
            code,
            message: message.into(),
            details: None,
            retry_after_secs: None,
        }
    }

    pub fn with_details(mut self, details: Value) -> Self {
        self.details = Some(details);
        self
    }

    /// 400 with the offending field and why, e.g. `("page_size", "must be at most 100")`.
    pub fn validation(field: &str, problem: impl Into<String>) -> Self {
        let problem = problem.into();
        Self::new(ErrorCode::ValidationFailed, format!("{field} {problem}"))
            .with_details(json!({ field: problem }))
    }

    pub fn not_found(resource: &str, id: i64) -> Self {
        Self::new(
            ErrorCode::NotFound,
            format!("{resource} {id} does not exist"),
        )
        .with_details(json!({ "resource": resource, "id": id }))
    }

    pub fn unavailable(what: &str) -> Self {
        Self::new(
            ErrorCode::ServiceUnavailable,
            format!("{what} is unavailable, try again shortly"),
        )
        .with_retry_after(1)
    }

    pub fn rate_limited(retry_after_secs: u64) -> Self {
        Self::new(ErrorCode::RateLimited, "too many requests, slow down")
            .with_retry_after(retry_after_secs)
            .with_details(json!({ "retry_after_secs": retry_after_secs }))
    }

    /// A bug or an unexpected failure: logged in full, answered generically.
    pub fn internal(err: impl std::fmt::Display) -> Self {
        tracing::error!(error = %err, "internal error");
        Self::new(ErrorCode::Internal, "internal server error")
    }

    fn with_retry_after(mut self, secs: u64) -> Self {
        self.retry_after_secs = Some(secs);
        self
    }
}

/// The body of every error answer: `{"error":{"code","message","details"}}`.
#[derive(Serialize, ToSchema)]
pub struct ErrorBody {
    pub error: ErrorDetail,
}

#[derive(Serialize, ToSchema)]
pub struct ErrorDetail {
    #[schema(inline)]
    pub code: ErrorCode,
    /// What went wrong, in words for a person.
    pub message: String,
    /// Which fields were wrong and why, or what the error is about (an id,
    /// a limit, an import's report); absent when there is nothing to add.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[schema(value_type = Object)]
    pub details: Option<Value>,
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let body = ErrorBody {
            error: ErrorDetail {
                code: self.code,
                message: self.message,
                details: self.details,
            },
        };
        let mut response = (self.code.status(), Json(body)).into_response();
        if let Some(secs) = self.retry_after_secs {
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from(secs));
        }
        response
    }
}

impl From<ValidationError> for ApiError {
    fn from(err: ValidationError) -> Self {
        Self::new(ErrorCode::ValidationFailed, err.message)
            .with_details(Value::Object(err.problems))
    }
}

impl From<PlaceOrderError> for ApiError {
    fn from(err: PlaceOrderError) -> Self {
        match err {
            PlaceOrderError::UnknownReferences {
                store_id,
                product_ids,
            } => ApiError::new(
                ErrorCode::UnknownReference,
                err_message(store_id, &product_ids),
            )
            .with_details(json!(MissingReferences {
                store_id,
                product_ids: &product_ids
            })),
            PlaceOrderError::KeyReused => ApiError::new(
                ErrorCode::IdempotencyKeyReused,
                "this Idempotency-Key was used with a different request; use a new key",
            ),
            PlaceOrderError::Inconsistent(what) => ApiError::internal(what),
            PlaceOrderError::Database(db) => db.into(),
        }
    }
}

/// The 422's details: only the references that are actually missing.
#[derive(Serialize)]
struct MissingReferences<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    store_id: Option<i64>,
    #[serde(skip_serializing_if = "<[i64]>::is_empty")]
    product_ids: &'a [i64],
}

fn err_message(store_id: Option<i64>, product_ids: &[i64]) -> String {
    match (store_id, product_ids.is_empty()) {
        (Some(id), true) => format!("store {id} does not exist"),
        (None, false) => format!("products {product_ids:?} do not exist"),
        (Some(id), false) => format!("store {id} and products {product_ids:?} do not exist"),
        (None, true) => "the order refers to records that were deleted meanwhile".into(),
    }
}

/// A stopped import answers its error with the report of what it committed
/// in `details.report`.
impl From<Aborted> for ApiError {
    fn from(Aborted { error, report }: Aborted) -> Self {
        let settled = match report.last_line {
            0 => "no line was written".to_owned(),
            n => format!("lines 1 to {n} were imported or failed, none after"),
        };
        let message = format!("{error}; {settled} (details.report)");
        let (error, mut details) = match error {
            ImportError::MalformedArray(_) => {
                (ApiError::new(ErrorCode::MalformedJson, message), json!({}))
            }
            ImportError::TooLarge(limit) => (
                ApiError::new(ErrorCode::PayloadTooLarge, message),
                json!({ "limit_bytes": limit }),
            ),
            ImportError::Read(_) => (
                ApiError::new(ErrorCode::ValidationFailed, message),
                json!({}),
            ),
            ImportError::Database(db) => {
                let error = ApiError::from(db);
                (error, json!({}))
            }
        };
        details["report"] = json!(report);
        error.with_details(details)
    }
}

impl From<sqlx::Error> for ApiError {
    fn from(err: sqlx::Error) -> Self {
        if crate::db::is_unavailable(&err) {
            tracing::warn!(error = %err, "database unavailable");
            Self::unavailable("database")
        } else {
            Self::internal(err)
        }
    }
}

/// The constraint violations of the catalog's writes, as the caller's 4xx
/// (the `on_constraint` habit of realworld-axum-sqlx). Each write maps only
/// the violations it can cause; anything else goes through the usual
/// `sqlx::Error` conversion.
///
/// A category create, rename or move: a sibling with the same name
/// (`categories_parent_lower_name_key`), an unknown parent, or a tree the
/// trigger refuses (`categories_no_cycle`, `categories_max_depth`): each a
/// conflict with the current tree, so a 409 naming `parent_id` or `name`.
pub fn category_write(err: sqlx::Error) -> ApiError {
    let conflict = |field: &str, problem: &str| {
        ApiError::new(ErrorCode::Conflict, format!("{field} {problem}"))
            .with_details(json!({ field: problem }))
    };
    match constraint(&err) {
        Some("categories_no_cycle") => {
            return conflict("parent_id", "would put the category below itself (a cycle)");
        }
        Some("categories_max_depth") => {
            return conflict(
                "parent_id",
                &format!(
                    "would make the tree deeper than {} levels",
                    crate::domain::category::MAX_DEPTH
                ),
            );
        }
        Some("categories_parent_lower_name_key") => {
            return conflict(
                "name",
                "is taken by a category with the same parent (names are compared ignoring case)",
            );
        }
        _ => {}
    }
    on_violation(err, None, Some("parent_id does not exist"))
}

/// A category with children or products (deleted ones included, which
/// orders refer to) cannot be deleted.
pub fn category_delete(err: sqlx::Error) -> ApiError {
    match constraint(&err) {
        Some("categories_parent_id_fkey") => ApiError::new(
            ErrorCode::Conflict,
            "the category still has subcategories; delete or move them first",
        ),
        Some("products_category_id_fkey") => ApiError::new(
            ErrorCode::Conflict,
            "the category still has products (deleted ones included, which orders refer to)",
        ),
        _ => err.into(),
    }
}

/// The constraint a database error names, if any.
fn constraint(err: &sqlx::Error) -> Option<&str> {
    match err {
        sqlx::Error::Database(db) => db.constraint(),
        _ => None,
    }
}

/// A product write can only conflict on its external id (the one unique
/// key a client sets) and only miss its category.
pub fn product_write(err: sqlx::Error, external_id: Option<&str>) -> ApiError {
    let error = on_violation(
        err,
        Some("a product with this external_id exists"),
        Some("category_id does not exist"),
    );
    if error.code == ErrorCode::Conflict {
        error.with_details(json!({ "external_id": external_id }))
    } else {
        error
    }
}

fn on_violation(err: sqlx::Error, unique: Option<&str>, foreign_key: Option<&str>) -> ApiError {
    if let sqlx::Error::Database(db) = &err {
        if let Some(conflict) = unique.filter(|_| db.is_unique_violation()) {
            return ApiError::new(ErrorCode::Conflict, conflict);
        }
        if let Some(missing) = foreign_key.filter(|_| db.is_foreign_key_violation()) {
            return ApiError::new(ErrorCode::UnknownReference, missing);
        }
    }
    err.into()
}

impl From<JsonRejection> for ApiError {
    fn from(rejection: JsonRejection) -> Self {
        let text = rejection.body_text();
        match rejection {
            JsonRejection::JsonSyntaxError(_) => Self::new(ErrorCode::MalformedJson, text),
            JsonRejection::MissingJsonContentType(_) => Self::new(
                ErrorCode::UnsupportedMediaType,
                "expected a request with `Content-Type: application/json`",
            ),
            JsonRejection::JsonDataError(_) => Self::validation("body", text),
            JsonRejection::BytesRejection(_)
                if rejection.status() == StatusCode::PAYLOAD_TOO_LARGE =>
            {
                Self::new(ErrorCode::PayloadTooLarge, "request body is too large")
            }
            _ => Self::new(ErrorCode::MalformedJson, text),
        }
    }
}

impl From<QueryRejection> for ApiError {
    fn from(rejection: QueryRejection) -> Self {
        Self::validation("query", rejection.body_text())
    }
}

impl From<PathRejection> for ApiError {
    fn from(rejection: PathRejection) -> Self {
        Self::validation("path", rejection.body_text())
    }
}

/// `axum::Json` of a JSON object (never an array read as a struct's
/// fields), whose rejection is an [`ApiError`].
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = ApiError;

    async fn from_request(request: Request, state: &S) -> Result<Self, ApiError> {
        let Json(JsonObject(value)) = Json::<JsonObject<T>>::from_request(request, state).await?;
        Ok(Self(value))
    }
}

/// `axum::extract::Query` whose rejection is an [`ApiError`].
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Query), rejection(ApiError))]
pub struct ApiQuery<T>(pub T);

/// `axum::extract::Path` whose rejection is an [`ApiError`].
#[derive(FromRequestParts)]
#[from_request(via(axum::extract::Path), rejection(ApiError))]
pub struct ApiPath<T>(pub T);

/// Answer for paths that match no route.
pub async fn route_not_found() -> ApiError {
    ApiError::new(ErrorCode::RouteNotFound, "no such route")
}

/// Answer for a known path with a method it does not serve.
pub async fn method_not_allowed() -> ApiError {
    ApiError::new(
        ErrorCode::MethodNotAllowed,
        "method not allowed on this route",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_answered_once_with_a_4xx_or_5xx() {
        let mut seen = std::collections::HashSet::new();
        for code in ErrorCode::ALL {
            assert!(seen.insert(code.as_str()), "{code:?} repeats a wire code");
            assert_eq!(serde_json::to_value(code).unwrap(), code.as_str());
            assert!(code.status().is_client_error() || code.status().is_server_error());
        }
    }
}
