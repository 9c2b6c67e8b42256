//! Files embedded in the binary at build time (the shop page under `web/`,
//! the docs page under `web/docs/`) and how they are answered.
//!
//! The file names carry no content hash, so every answer says `no-cache`
//! with a strong `ETag`: a browser revalidates each file and gets a
//! bodiless 304 until a new build changes it. Each `ETag` is a hash of the
//! file, computed on its first request (hashing Swagger UI's 1.7 MB in
//! const evaluation would slow every build of the crate).

use std::sync::{Arc, OnceLock};

use axum::{
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};

use crate::error::{ApiError, ErrorCode};

pub struct Asset {
    pub name: &'static str,
    pub content_type: &'static str,
    pub body: &'static [u8],
}

/// `assets!("../../web/" => "index.html" => HTML, ...)`: each file with its
/// type, read at build time.
macro_rules! assets {
    ($dir:literal => $($name:literal => $content_type:expr,)*) => {
        &[$(super::embedded::Asset {
            name: $name,
            content_type: $content_type,
            body: include_bytes!(concat!($dir, $name)),
        },)*]
    };
}
pub(super) use assets;

pub const JS: &str = "text/javascript; charset=utf-8";
pub const CSS: &str = "text/css; charset=utf-8";
pub const HTML: &str = "text/html; charset=utf-8";

/// A set of files with their `ETag`s, and the `Content-Security-Policy` of
/// its HTML pages; a router's state.
#[derive(Clone)]
pub struct Files {
    assets: &'static [Asset],
    etags: Arc<[OnceLock<String>]>,
    content_security_policy: &'static str,
}

impl Files {
    pub fn new(assets: &'static [Asset], content_security_policy: &'static str) -> Self {
        Self {
            assets,
            etags: assets.iter().map(|_| OnceLock::new()).collect(),
            content_security_policy,
        }
    }

    /// The page (`index.html`), served at the router's own address.
    pub fn page(&self, request: &HeaderMap) -> Response {
        self.serve("index.html", request)
    }

    /// One of the page's files, by name: `index.html` is the page at the
    /// router's own address, not a second address of it.
    pub fn file(&self, name: &str, request: &HeaderMap) -> Response {
        if name == "index.html" {
            return not_found();
        }
        self.serve(name, request)
    }

    /// Answers the file `name` (a 404 if it is not one), or a 304 when the
    /// request's `If-None-Match` names its `ETag`.
    fn serve(&self, name: &str, request: &HeaderMap) -> Response {
        let Some(at) = self.assets.iter().position(|asset| asset.name == name) else {
            return not_found();
        };
        let asset = &self.assets[at];
        let etag = self.etags[at].get_or_init(|| format!("\"{:016x}\"", fnv1a(asset.body)));
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
        if let Ok(etag) = HeaderValue::from_str(etag) {
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
                HeaderValue::from_static(self.content_security_policy),
            );
            headers.insert(
                header::REFERRER_POLICY,
                HeaderValue::from_static("same-origin"),
            );
        }
        response
    }
}

/// A 64-bit FNV-1a hash.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

pub fn not_found() -> Response {
    ApiError::new(ErrorCode::RouteNotFound, "no such file").into_response()
}
