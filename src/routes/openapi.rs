//! The OpenAPI 3.1 document at `GET /openapi.json`: the `#[utoipa::path]`
//! next to every handler, the schemas of the very types the handlers read
//! and answer, and (`Shared`) the answers an operation gets from the
//! middleware and shared extractors around its handler rather than from
//! the handler itself: the deadline's 408, the admin token's 401 and 403,
//! the JSON body's 413 and 415, and `Retry-After` on every 429 and 503.

use axum::{
    Router,
    body::Bytes,
    extract::State,
    http::header,
    response::{IntoResponse, Response},
    routing::get,
};
use utoipa::{
    Modify, OpenApi, PartialSchema, ToSchema,
    openapi::{
        self, ContentBuilder, HeaderBuilder, Ref, RefOr, ResponseBuilder, Schema, Type,
        path::{Operation, PathItem},
        schema::ObjectBuilder,
        security::{HttpAuthScheme, HttpBuilder, SecurityScheme},
    },
};

use super::{admin, catalog, docs, health, orders, product_stock, search, settings, shop, stores};
use crate::{
    domain::{schema::AttributeFilters, search::Sort},
    error::{ErrorBody, ErrorCode},
    state::AppState,
};

#[derive(OpenApi)]
#[openapi(
    info(
        title = "catalog",
        description = "Product search with facets, autocomplete, per-store inventory and order \
            placement. Every path answers the same with or without a trailing slash; a known \
            path with a method it does not serve answers 405 `method_not_allowed`, an unknown \
            path 404 `route_not_found`. Every error has one body, `ErrorBody`: \
            `{\"error\": {\"code\", \"message\", \"details\"}}`. Admin routes need \
            `Authorization: Bearer <ADMIN_TOKEN>`."
    ),
    paths(
        shop::page,
        shop::asset,
        docs::docs_page,
        docs::docs_asset,
        document,
        health::healthz,
        health::readyz,
        health::metrics,
        search::search_products,
        search::suggest_products,
        catalog::product,
        catalog::categories,
        product_stock::product_stock,
        orders::place_order,
        stores::list_stores,
        stores::list_orders,
        stores::list_inventory,
        stores::inventory_summary,
        admin::create_category,
        admin::update_category,
        admin::delete_category,
        admin::create_product,
        admin::update_product,
        admin::delete_product,
        admin::set_stock,
        admin::import_products,
        admin::index_status,
        admin::request_reindex,
        settings::show,
        settings::save,
    ),
    // Parameters' schemas are not collected from the paths as bodies' are.
    components(schemas(AttributeFilters, Sort)),
    modifiers(&Shared),
    tags(
        (name = "search", description = "Product search and autocomplete"),
        (name = "catalog", description = "Products, categories and stock, read"),
        (name = "orders", description = "Order placement"),
        (name = "stores", description = "Stores, their orders and inventory"),
        (name = "admin", description = "Catalog edits, stock, import, index and settings"),
        (name = "operations", description = "Health, readiness and metrics"),
        (name = "pages", description = "The shop page"),
        (name = "docs", description = "This document and its viewer"),
    ),
)]
pub struct ApiDoc;

pub fn router() -> anyhow::Result<Router<AppState>> {
    let json = Document(Bytes::from(ApiDoc::openapi().to_json()?));
    Ok(Router::new().route("/openapi.json", get(document).with_state(json)))
}

/// The document, serialized once when the router is built.
#[derive(Clone)]
struct Document(Bytes);

/// This document.
#[utoipa::path(get, path = "/openapi.json", tag = "docs",
    responses((status = 200, description = "The OpenAPI 3.1 document",
        body = serde_json::Value, content_type = "application/json")))]
async fn document(State(Document(json)): State<Document>) -> Response {
    ([(header::CONTENT_TYPE, "application/json")], json).into_response()
}

/// The wire codes, from `error.rs`'s table.
impl PartialSchema for ErrorCode {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .enum_values(Some(ErrorCode::ALL.iter().map(|code| code.as_str())))
            .build()
            .into()
    }
}

impl ToSchema for ErrorCode {}

/// The answers of the layers around the handlers; see the module docs.
struct Shared;

impl Modify for Shared {
    fn modify(&self, openapi: &mut openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .description(Some("`ADMIN_TOKEN`; without one configured, 403"))
                    .build(),
            ),
        );
        for item in openapi.paths.paths.values_mut() {
            for operation in operations(item) {
                shared_answers(operation);
            }
        }
    }
}

fn operations(item: &mut PathItem) -> impl Iterator<Item = &mut Operation> {
    [
        &mut item.get,
        &mut item.put,
        &mut item.post,
        &mut item.delete,
        &mut item.patch,
    ]
    .into_iter()
    .filter_map(Option::as_mut)
}

fn shared_answers(operation: &mut Operation) {
    let json_body = operation
        .request_body
        .as_ref()
        .is_some_and(|body| match body {
            RefOr::T(body) => body.content.keys().eq(["application/json"]),
            RefOr::Ref(_) => false,
        });
    let admin = operation.security.is_some();
    let responses = &mut operation.responses.responses;
    let mut add = |status: u16, description: &str| {
        responses
            .entry(status.to_string())
            .or_insert_with(|| error_answer(description));
    };
    add(
        408,
        "The request, its body included, took longer than `REQUEST_TIMEOUT_SECS` \
         (`request_timeout`); the connection is closed",
    );
    if admin {
        add(
            401,
            "No or a wrong bearer token (`unauthorized`); has `WWW-Authenticate: Bearer`",
        );
        add(403, "No `ADMIN_TOKEN` is configured (`admin_disabled`)");
    }
    if json_body {
        add(
            400,
            "The body is not JSON (`malformed_json`) or not of the schema (`validation_failed`)",
        );
        add(
            413,
            "The body is over the route's limit (`payload_too_large`)",
        );
        add(
            415,
            "The body is not sent as `Content-Type: application/json` (`unsupported_media_type`)",
        );
    }
    for status in ["429", "503"] {
        if let Some(RefOr::T(response)) = responses.get_mut(status) {
            response.headers.insert(
                "Retry-After".into(),
                RefOr::T(
                    HeaderBuilder::new()
                        .schema(Some(ObjectBuilder::new().schema_type(Type::Integer)))
                        .description(Some("Seconds to wait before trying again"))
                        .build(),
                ),
            );
        }
    }
}

fn error_answer(description: &str) -> RefOr<openapi::Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name(ErrorBody::name())))
                    .build(),
            )
            .build(),
    )
}
