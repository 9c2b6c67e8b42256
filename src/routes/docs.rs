//! The API's interactive documentation at `GET /docs`: Swagger UI on
//! `/openapi.json`, its files vendored under `web/docs/` (see its README)
//! and embedded in the binary, so nothing is fetched from anywhere else.

use axum::{Router, extract::State, http::HeaderMap, response::Response, routing::get};

use super::embedded::{Asset, CSS, Files, HTML, JS, assets};
use crate::{
    error::{ApiPath, ErrorBody},
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/docs", get(docs_page))
        .route("/docs/{file}", get(docs_asset))
        .with_state(Files::new(ASSETS, CONTENT_SECURITY_POLICY))
}

const ASSETS: &[Asset] = assets! { "../../web/docs/" =>
    "index.html" => HTML,
    "docs.js" => JS,
    "swagger-ui-bundle.js" => JS,
    "swagger-ui.css" => CSS,
};

/// Own files and the API only. Swagger UI sets styles from script and
/// shows its icons as `data:` images; nothing runs inline.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' data:; \
     style-src 'self' 'unsafe-inline'; base-uri 'none'; form-action 'self'; \
     frame-ancestors 'none'; object-src 'none'";

/// Swagger UI on this API's OpenAPI document.
#[utoipa::path(get, path = "/docs", tag = "docs",
    params(("If-None-Match" = Option<String>, Header, description = "An earlier `ETag`")),
    responses(
        (status = 200, description = "The docs page", content_type = "text/html", body = String,
            headers(("ETag" = String), ("Cache-Control" = String))),
        (status = 304, description = "Unchanged since the `ETag` in `If-None-Match`"),
    ))]
async fn docs_page(State(files): State<Files>, headers: HeaderMap) -> Response {
    files.page(&headers)
}

/// One of the docs page's files (Swagger UI's script and style sheet).
#[utoipa::path(get, path = "/docs/{file}", tag = "docs",
    params(
        ("file" = String, Path, example = "swagger-ui.css"),
        ("If-None-Match" = Option<String>, Header, description = "An earlier `ETag`"),
    ),
    responses(
        (status = 200, description = "The file", content(
            (String = "text/javascript"), (String = "text/css")),
            headers(("ETag" = String), ("Cache-Control" = String))),
        (status = 304, description = "Unchanged since the `ETag` in `If-None-Match`"),
        (status = 404, description = "No such file (`route_not_found`)", body = ErrorBody),
    ))]
async fn docs_asset(
    State(files): State<Files>,
    ApiPath(file): ApiPath<String>,
    headers: HeaderMap,
) -> Response {
    files.file(&file, &headers)
}
