//! The storefront page at `GET /` and its files under `/shop/`: plain HTML,
//! CSS and JavaScript modules from `web/`, embedded in the binary at build
//! time, so the page needs nothing beyond the service (no CDN, no build step).
//!
//! The file names carry no content hash, so every answer says `no-cache`
//! with a strong `ETag` (computed at compile time): a browser revalidates
//! each file and gets a bodiless 304 until a new build changes it.

use axum::{
    Router,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
    routing::get,
};

use crate::{
    error::{ApiError, ApiPath, ErrorCode},
    state::AppState,
};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/", get(page))
        .route("/shop/{file}", get(asset))
}

struct Asset {
    name: &'static str,
    content_type: &'static str,
    body: &'static [u8],
    etag: u64,
}

macro_rules! assets {
    ($($name:literal => $content_type:expr,)*) => {
        &[$(Asset {
            name: $name,
            content_type: $content_type,
            body: include_bytes!(concat!("../../web/", $name)),
            etag: fnv1a(include_bytes!(concat!("../../web/", $name))),
        },)*]
    };
}

const JS: &str = "text/javascript; charset=utf-8";

/// Every file of `web/`; a file not listed here is not served.
const ASSETS: &[Asset] = assets! {
    "index.html" => "text/html; charset=utf-8",
    "shop.css" => "text/css; charset=utf-8",
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

/// A 64-bit FNV-1a hash, `const` so each file's `ETag` is fixed at build time.
const fn fnv1a(bytes: &[u8]) -> u64 {
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u64;
        hash = hash.wrapping_mul(0x0100_0000_01b3);
        i += 1;
    }
    hash
}

async fn page(headers: HeaderMap) -> Response {
    serve("index.html", &headers)
}

async fn asset(ApiPath(file): ApiPath<String>, headers: HeaderMap) -> Response {
    // index.html is the page at `/`, not a second address of it.
    if file == "index.html" {
        return not_found();
    }
    serve(&file, &headers)
}

fn serve(name: &str, request: &HeaderMap) -> Response {
    let Some(asset) = ASSETS.iter().find(|asset| asset.name == name) else {
        return not_found();
    };
    let etag = format!("\"{:016x}\"", asset.etag);
    let fresh = request
        .get_all(header::IF_NONE_MATCH)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(','))
        .any(|tag| {
            let tag = tag.trim();
            tag == "*" || tag.strip_prefix("W/").unwrap_or(tag) == etag
        });
    let mut response = if fresh {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        ([(header::CONTENT_TYPE, asset.content_type)], asset.body).into_response()
    };
    let headers = response.headers_mut();
    if let Ok(etag) = HeaderValue::from_str(&etag) {
        headers.insert(header::ETAG, etag);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    if asset.content_type.starts_with("text/html") {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(CONTENT_SECURITY_POLICY),
        );
        headers.insert(
            header::REFERRER_POLICY,
            HeaderValue::from_static("same-origin"),
        );
    }
    response
}

fn not_found() -> Response {
    ApiError::new(ErrorCode::RouteNotFound, "no such file").into_response()
}
