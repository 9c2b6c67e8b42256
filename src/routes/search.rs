//! `GET /api/search/products/` and `GET /api/search/suggest/`, each behind
//! its own per-client rate limit. Searches run on the blocking pool: they
//! are milliseconds of CPU work on the index, not I/O.

use std::sync::Arc;

use axum::{
    Json, Router,
    extract::{RawQuery, State},
    routing::get,
};
use serde::Serialize;
use serde_json::json;
use tantivy::Searcher;

use crate::{
    domain::{
        schema::AttributeFilters,
        search::{SearchRequest, Sort, SuggestRequest},
    },
    error::{ApiError, ErrorBody},
    rate_limit::{self, Limit},
    search::{
        index::Generation,
        query::{self, SearchError, SearchPage},
        suggest::{self, CategorySuggestion, Suggestion},
    },
    state::AppState,
};

pub fn router(state: &AppState) -> anyhow::Result<axum::Router<AppState>> {
    let config = &state.config;
    let client = super::client_ip(state);
    let search_limit = Limit {
        per_second: config.search_rate_per_sec,
        burst: config.search_burst,
    };
    let suggest_limit = Limit {
        per_second: config.suggest_rate_per_sec,
        burst: config.suggest_burst,
    };
    Ok(Router::new()
        .merge(
            Router::new()
                .route("/api/search/products", get(search_products))
                .layer(rate_limit::layer(search_limit, client)?),
        )
        .merge(
            Router::new()
                .route("/api/search/suggest", get(suggest_products))
                .layer(rate_limit::layer(suggest_limit, client)?),
        ))
}

/// Products matching the words and filters, with exact facet counts.
/// Filters of one parameter are ORed, of different parameters ANDed;
/// unknown parameters are ignored.
#[utoipa::path(get, path = "/api/search/products", tag = "search",
    params(
        ("q" = Option<String>, Query, max_length = 256, description = "The words to look for"),
        ("category" = Option<Vec<String>>, Query, style = Form, explode,
            description = "A category id, or a path of names `Cell Phones > iPhone` (ignoring \
                case); matches it and everything below; repeatable, at most 20"),
        ("brand" = Option<Vec<String>>, Query, style = Form, explode,
            description = "An exact brand, ignoring case; repeatable, at most 20"),
        ("attr" = Option<AttributeFilters>, Query, style = Form, explode,
            description = "`attr.<key>=<value>` (repeatable) for a key the settings make a \
                facet, `attr.<key>.min` and `attr.<key>.max` (numbers, inclusive); a key that \
                is not a facet is a 400 naming the facets"),
        ("min_price" = Option<f64>, Query, minimum = 0, description = "Inclusive"),
        ("max_price" = Option<f64>, Query, minimum = 0, description = "Inclusive"),
        ("store_id" = Option<i64>, Query, minimum = 1,
            description = "Only products the store carries"),
        ("in_stock" = Option<bool>, Query,
            description = "In stock at `store_id`, or anywhere without it"),
        ("sort" = Option<Sort>, Query,
            description = "Default: `relevance` with words, `newest` without"),
        ("page" = Option<i64>, Query, minimum = 1, description = "From 1; at most 10,000 \
            results deep"),
        ("page_size" = Option<i64>, Query, minimum = 1, maximum = 100),
        ("facet_limit" = Option<i64>, Query, minimum = 1, maximum = 100,
            description = "Values listed per brand, attribute and category facet"),
    ),
    responses(
        (status = 200, description = "A page of hits and the facets", body = SearchPage),
        (status = 400, description = "A bad parameter, a page past the last, or an attribute \
            that is not a facet (`validation_failed`)", body = ErrorBody),
        (status = 429, description = "Over the search rate limit (`rate_limited`)",
            body = ErrorBody),
        (status = 503, description = "The first index is being built (`service_unavailable`)",
            body = ErrorBody),
    ))]
async fn search_products(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<SearchPage>, ApiError> {
    let request = SearchRequest::parse(raw.as_deref().unwrap_or_default())?;
    let (generation, searcher) = searcher(&state)?;
    let settings = state.search.settings();
    let page = tokio::task::spawn_blocking(move || {
        query::search(&generation, &searcher, &settings, &request)
    })
    .await
    .map_err(ApiError::internal)?;
    match page {
        Ok(page) => Ok(Json(page)),
        Err(SearchError::PageOutOfRange { page, last_page }) => Err(ApiError::validation(
            "page",
            format!("is beyond the last page of results ({last_page})"),
        )
        .with_details(json!({ "page": page, "last_page": last_page }))),
        Err(SearchError::NotAFacet { key, facets }) => Err(ApiError::validation(
            &format!("attr.{key}"),
            format!(
                "is not a facet; the facetable attributes are: [{}]",
                facets.join(", ")
            ),
        )),
        Err(SearchError::Index(err)) => Err(ApiError::internal(err)),
    }
}

fn searcher(state: &AppState) -> Result<(Arc<Generation>, Searcher), ApiError> {
    state
        .search
        .searcher()
        .ok_or_else(|| ApiError::unavailable("the search index (being built)"))
}

#[derive(Serialize, utoipa::ToSchema)]
struct Suggestions {
    query: String,
    suggestions: Vec<Suggestion>,
    /// Up to 3 categories whose names match the query, the largest first.
    categories: Vec<CategorySuggestion>,
}

/// Titles completing the last word as a prefix (exact matches first, then
/// typo matches), and up to 3 matching categories.
#[utoipa::path(get, path = "/api/search/suggest", tag = "search",
    params(
        ("q" = String, Query, min_length = 3, max_length = 256,
            description = "At least 3 characters"),
        ("limit" = Option<i64>, Query, minimum = 1, maximum = 20, description = "Default 10"),
    ),
    responses(
        (status = 200, description = "Suggestions", body = Suggestions),
        (status = 400, description = "A bad parameter (`validation_failed`)", body = ErrorBody),
        (status = 429, description = "Over the suggest rate limit (`rate_limited`)",
            body = ErrorBody),
        (status = 503, description = "The first index is being built (`service_unavailable`)",
            body = ErrorBody),
    ))]
async fn suggest_products(
    State(state): State<AppState>,
    RawQuery(raw): RawQuery,
) -> Result<Json<Suggestions>, ApiError> {
    let request = SuggestRequest::parse(raw.as_deref().unwrap_or_default())?;
    let (generation, searcher) = searcher(&state)?;
    let categories =
        suggest::categories(&generation, &searcher, &request.q).map_err(ApiError::internal)?;
    // The exact tier is cheap and runs inline; the typo tier walks
    // Levenshtein automata over the prefix terms, so it runs on the blocking
    // pool, where it cannot stall other requests.
    let mut hits =
        suggest::exact_matches(&generation, &searcher, &request).map_err(ApiError::internal)?;
    let (request, suggestions) = if suggest::needs_typos(&request, &hits) {
        tokio::task::spawn_blocking(move || {
            let suggestions =
                suggest::add_typo_matches(&generation, &searcher, &request, &mut hits)
                    .and_then(|()| suggest::render(&generation, &searcher, hits));
            (request, suggestions)
        })
        .await
        .map_err(ApiError::internal)?
    } else {
        let suggestions = suggest::render(&generation, &searcher, hits);
        (request, suggestions)
    };
    Ok(Json(Suggestions {
        query: request.q,
        suggestions: suggestions.map_err(ApiError::internal)?,
        categories,
    }))
}
