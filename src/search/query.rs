//! Product search: the text query (`relevance`), the store filter, one
//! collector pass for hits and exact disjunctive facets, and the rendered
//! page.

use std::sync::Arc;

use serde::Serialize;
use tantivy::{
    Searcher, Term,
    query::{AllQuery, BooleanQuery, ConstScoreQuery, Occur, Query, TermQuery},
    schema::{IndexRecordOption, Value},
};

use super::{
    collector::{AttributeFacet, FacetFilters, SearchCollector},
    facets::path_key,
    highlight::Highlighter,
    index::Generation,
    lookup::{first_doc, term_query},
    relevance::{self, Matching},
    render::{Facets, Hit, facets, hit},
    schema::Fields,
    text::query_words,
};
use crate::{
    db::settings::SearchSettings,
    domain::search::{CategoryRef, SearchRequest, Sort},
};

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("page {page} is beyond the last page ({last_page})")]
    PageOutOfRange { page: i64, last_page: i64 },
    /// An `attr.<key>` filter on a key the settings do not make a facet.
    #[error("{key} is not a facet")]
    NotAFacet { key: String, facets: Vec<String> },
    #[error(transparent)]
    Index(#[from] tantivy::TantivyError),
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SearchPage {
    pub count: u64,
    pub page: i64,
    pub page_size: i64,
    pub results: Vec<Hit>,
    pub facets: Facets,
    /// Which query words were used; absent without words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub matching: Option<Matching>,
}

pub fn search(
    generation: &Arc<Generation>,
    searcher: &Searcher,
    settings: &SearchSettings,
    request: &SearchRequest,
) -> Result<SearchPage, SearchError> {
    let fields = &generation.fields;
    let mut categories: Vec<u64> = request
        .categories
        .iter()
        .map(|category| match category {
            CategoryRef::Id(id) => Ok(*id),
            // A path no product has matches nothing, as an unknown id does.
            CategoryRef::Path(names) => {
                Ok(category_id_by_path(searcher, fields, names)?.unwrap_or(u64::MAX))
            }
        })
        .collect::<tantivy::Result<_>>()?;
    categories.sort_unstable();
    categories.dedup();
    let attributes = attribute_facets(settings, request)?;

    let filters = FacetFilters {
        categories: categories.clone(),
        price_cents: request.price_cents,
        in_stock: request.in_stock,
        store: request.store_id,
        brands: request.brands.clone(),
        attributes,
    };
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    // Filters add nothing to the score.
    let store = request.store_id.map(|store| {
        Box::new(ConstScoreQuery::new(
            term_query(fields.carried_stores, store),
            0.0,
        ))
    });
    let words = query_words(&request.q);
    let has_words = !words.is_empty();
    let mut matching = None;
    let mut highlighter = None;
    if has_words {
        let filter = relevance::Filter::new(generation, &filters);
        // Filling the page with products matching fewer words only helps
        // when they rank after those matching every word.
        let fill = if request.sort(has_words) == Sort::Relevance {
            relevance::PAGE_FILL
        } else {
            1
        };
        let mut text =
            relevance::text_query(generation, searcher, settings, words.clone(), &filter, fill)?;
        if text.as_ref().is_some_and(|text| text.words.is_empty()) && !filters.is_empty() {
            // No word matches a product the filters let through: the page
            // is empty either way, but each facet ignores its own filter,
            // so the words chosen without the filters show the way out
            // ("galaxy" filtered to Apple: the brand facet offers Samsung).
            let store_only = FacetFilters {
                store: request.store_id,
                ..FacetFilters::default()
            };
            let filter = relevance::Filter::new(generation, &store_only);
            text = relevance::text_query(generation, searcher, settings, words, &filter, fill)?;
        }
        if let Some(text) = text {
            clauses.push((Occur::Must, text.query));
            highlighter = Some(Highlighter::new(
                &text.words,
                &text.synonyms,
                text.matching.typos,
            ));
            matching = Some(text.matching);
        }
    }
    if let Some(store) = store {
        clauses.push((Occur::Must, store));
    }
    let query: Box<dyn Query> = if clauses.is_empty() {
        Box::new(AllQuery)
    } else {
        Box::new(BooleanQuery::new(clauses))
    };

    let page = request.page;
    let collector = SearchCollector {
        generation: generation.clone(),
        filters,
        sort: request.sort(has_words),
        keep: (page.page * page.page_size) as usize,
    };
    let fruit = searcher.search(&*query, &collector)?;
    let offset = page.offset() as u64;
    if page.page > 1 && offset >= fruit.count {
        return Err(SearchError::PageOutOfRange {
            page: page.page,
            last_page: fruit.count.div_ceil(page.page_size as u64).max(1) as i64,
        });
    }
    let results = fruit
        .top
        .iter()
        .skip(offset as usize)
        .map(|(_, address)| {
            hit(
                generation,
                searcher,
                *address,
                request.store_id,
                highlighter.as_ref(),
            )
        })
        .collect::<tantivy::Result<_>>()?;
    Ok(SearchPage {
        count: fruit.count,
        page: page.page,
        page_size: page.page_size,
        results,
        facets: facets(
            generation,
            searcher,
            &fruit,
            &categories,
            &settings.facets,
            request.facet_limit,
        )?,
        matching,
    })
}

/// Every facetable attribute (in the settings' order) with the request's
/// filter on it; a filter on any other key is refused.
fn attribute_facets(
    settings: &SearchSettings,
    request: &SearchRequest,
) -> Result<Vec<AttributeFacet>, SearchError> {
    if let Some(filter) = request
        .attributes
        .iter()
        .find(|f| !settings.facets.contains(&f.key))
    {
        return Err(SearchError::NotAFacet {
            key: filter.key.clone(),
            facets: settings.facets.clone(),
        });
    }
    Ok(settings
        .facets
        .iter()
        .take(super::collector::MAX_ATTRIBUTE_FACETS)
        .map(|key| {
            let filter = request.attributes.iter().find(|f| &f.key == key);
            AttributeFacet {
                key: key.clone(),
                values: filter.map(|f| f.values.clone()).unwrap_or_default(),
                range: filter.and_then(|f| match (f.min, f.max) {
                    (None, None) => None,
                    (min, max) => Some((min.unwrap_or(f64::MIN), max.unwrap_or(f64::MAX))),
                }),
            }
        })
        .collect())
}

fn text_term_query(field: tantivy::schema::Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

/// The id of the category at the end of a path, from any document below it.
fn category_id_by_path(
    searcher: &Searcher,
    fields: &Fields,
    names: &[String],
) -> tantivy::Result<Option<u64>> {
    let key = path_key(names.iter());
    let doc = first_doc(searcher, &*text_term_query(fields.category_key, &key))?;
    Ok(doc.and_then(|doc| {
        doc.get_all(fields.category_path_ids)
            .nth(names.len() - 1)
            .and_then(|v| v.as_u64())
    }))
}
