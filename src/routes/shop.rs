//! The storefront page at `GET /` and its files under `/shop/`: plain HTML,
//! CSS and JavaScript modules from `web/`, embedded in the binary at build
//! time (`embedded.rs`), so the page needs nothing beyond the service (no
//! CDN, no build step).

use axum::{Router, extract::State, http::HeaderMap, response::Response, routing::get};

use super::embedded::{Asset, CSS, Files, HTML, JS, assets};
use crate::{
    error::{ApiPath, ErrorBody},
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(page))
        .route("/shop/{file}", get(asset))
        .with_state(Files::new(ASSETS, CONTENT_SECURITY_POLICY))
}

/// Every file of `web/`; a file not listed here is not served.
const ASSETS: &[Asset] = assets! { "../../web/" =>
    "index.html" => HTML,
    "shop.css" => CSS,
    "main.js" => JS,
    "api.js" => JS,
    "dom.js" => JS,
    "url_state.js" => JS,
    "suggest.js" => JS,
    "facets.js" => JS,
    "results.js" => JS,
    "stores.js" => JS,
    "product.js" => JS,
    "cart.js" => JS,
};

/// The page may load its own files, call its own API, and show product
/// images from anywhere (`image_url` is any http(s) URL); nothing inline, so
/// an injected string cannot run as script.
const CONTENT_SECURITY_POLICY: &str = "default-src 'self'; img-src 'self' http: https: data:; \
     base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";

/// The storefront page.
#[utoipa::path(get, path = "/", tag = "pages",
    params(("If-None-Match" = Option<String>, Header, description = "An earlier `ETag`")),
    responses(
        (status = 200, description = "The shop page", content_type = "text/html", body = String,
            headers(("ETag" = String), ("Cache-Control" = String))),
        (status = 304, description = "Unchanged since the `ETag` in `If-None-Match`"),
    ))]
async fn page(State(files): State<Files>, headers: HeaderMap) -> Response {
    files.page(&headers)
}

/// One of the shop page's files (its CSS and JavaScript modules).
#[utoipa::path(get, path = "/shop/{file}", tag = "pages",
    params(
        ("file" = String, Path, example = "main.js"),
        ("If-None-Match" = Option<String>, Header, description = "An earlier `ETag`"),
    ),
    responses(
        (status = 200, description = "The file", content(
            (String = "text/javascript"), (String = "text/css")),
            headers(("ETag" = String), ("Cache-Control" = String))),
        (status = 304, description = "Unchanged since the `ETag` in `If-None-Match`"),
        (status = 404, description = "No such file (`route_not_found`)", body = ErrorBody),
    ))]
async fn asset(
    State(files): State<Files>,
    ApiPath(file): ApiPath<String>,
    headers: HeaderMap,
) -> Response {
    files.file(&file, &headers)
}
