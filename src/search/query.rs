//! Product search: the text query (BM25 with boosts, stemming, typo
//! tolerance, prefix on the last word), the store filter, one collector pass
//! for hits and exact disjunctive facets, and the rendered page.

use std::sync::Arc;

use serde::Serialize;
use tantivy::{
    Searcher, TantivyDocument, Term,
    collector::TopDocs,
    query::{
        AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
    },
    schema::{IndexRecordOption, Value},
    tokenizer::TextAnalyzer,
};

use super::{
    collector::{AttributeFacet, FacetFilters, SearchCollector},
    facets::path_key,
    index::Generation,
    render::{Facets, Hit, facets, hit},
    schema::{Fields, STEMMED},
    text::{indexed_prefix, query_words, typo_budget},
};
use crate::{
    db::settings::SearchSettings,
    domain::search::{CategoryRef, SearchRequest},
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

#[derive(Debug, Serialize)]
pub struct SearchPage {
    pub count: u64,
    pub page: i64,
    pub page_size: i64,
    pub results: Vec<Hit>,
    pub facets: Facets,
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

    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    let words = query_words(&request.q);
    if !words.is_empty() {
        let mut analyzer =
            generation.index.tokenizers().get(STEMMED).ok_or_else(|| {
                tantivy::TantivyError::InternalError("no English analyzer".into())
            })?;
        clauses.push((
            Occur::Must,
            text_query(searcher, fields, &mut analyzer, &words)?,
        ));
    }
    if let Some(store) = request.store_id {
        clauses.push((Occur::Must, term_query(fields.carried_stores, store)));
    }
    let query: Box<dyn Query> = if clauses.is_empty() {
        Box::new(AllQuery)
    } else {
        Box::new(BooleanQuery::new(clauses))
    };

    let page = request.page;
    let collector = SearchCollector {
        generation: generation.clone(),
        filters: FacetFilters {
            categories: categories.clone(),
            price_cents: request.price_cents,
            in_stock: request.in_stock,
            store: request.store_id,
            brands: request.brands.clone(),
            attributes,
        },
        sort: request.sort(!words.is_empty()),
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
        .map(|(_, address)| hit(generation, searcher, *address, request.store_id))
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

/// Each word must match (AND), in the title (boosted), the category name or
/// the description; the last word also matches as a prefix (search as you
/// type); all the words in order in the title earn a phrase bonus.
///
/// Typos: a word that matches nothing as typed may match with one typo from
/// 5 characters, two from 9. A word the index knows is taken as spelled:
/// expanding it would cost a scan of every near term's postings on every
/// query, to add matches that rank below the exact ones anyway.
fn text_query(
    searcher: &Searcher,
    fields: &Fields,
    analyzer: &mut TextAnalyzer,
    words: &[String],
) -> tantivy::Result<Box<dyn Query>> {
    let stems: Vec<String> = words.iter().map(|w| stem(analyzer, w)).collect();
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for (i, (word, stem)) in words.iter().zip(&stems).enumerate() {
        let mut any_field: Vec<(Occur, Box<dyn Query>)> = vec![
            (
                Occur::Should,
                boosted(text_term_query(fields.title, stem), 4.0),
            ),
            (
                Occur::Should,
                boosted(text_term_query(fields.brand, stem), 3.0),
            ),
            (
                Occur::Should,
                boosted(text_term_query(fields.category_name, stem), 2.0),
            ),
            (
                Occur::Should,
                boosted(text_term_query(fields.attributes_text, stem), 1.5),
            ),
            (Occur::Should, text_term_query(fields.description, stem)),
        ];
        let typos = typo_budget(word);
        if typos > 0 && !known(searcher, fields, stem)? {
            let fuzzy = |field| {
                Box::new(FuzzyTermQuery::new(
                    Term::from_field_text(field, stem),
                    typos,
                    true,
                ))
            };
            any_field.push((Occur::Should, boosted(fuzzy(fields.title), 0.5)));
            any_field.push((Occur::Should, boosted(fuzzy(fields.description), 0.1)));
        }
        if i + 1 == words.len() {
            any_field.push((
                Occur::Should,
                boosted(
                    text_term_query(fields.title_prefixes, indexed_prefix(word)),
                    1.0,
                ),
            ));
        }
        clauses.push((Occur::Must, Box::new(BooleanQuery::new(any_field))));
    }
    if stems.len() >= 2 {
        let terms = stems
            .iter()
            .map(|s| Term::from_field_text(fields.title, s))
            .collect();
        clauses.push((
            Occur::Should,
            boosted(Box::new(PhraseQuery::new(terms)), 2.0),
        ));
    }
    Ok(Box::new(BooleanQuery::new(clauses)))
}

/// Whether any document has this stem in a searched field.
fn known(searcher: &Searcher, fields: &Fields, stem: &str) -> tantivy::Result<bool> {
    for field in [
        fields.title,
        fields.brand,
        fields.category_name,
        fields.attributes_text,
        fields.description,
    ] {
        if searcher.doc_freq(&Term::from_field_text(field, stem))? > 0 {
            return Ok(true);
        }
    }
    Ok(false)
}

fn stem(analyzer: &mut TextAnalyzer, word: &str) -> String {
    let mut stream = analyzer.token_stream(word);
    match stream.next() {
        Some(token) => token.text.clone(),
        None => word.to_owned(),
    }
}

fn boosted(query: Box<dyn Query>, boost: f32) -> Box<dyn Query> {
    Box::new(BoostQuery::new(query, boost))
}

fn text_term_query(field: tantivy::schema::Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    ))
}

pub fn term_query(field: tantivy::schema::Field, value: u64) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_u64(field, value),
        IndexRecordOption::Basic,
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

/// The stored fields of the first document matching `query`.
pub(super) fn first_doc(
    searcher: &Searcher,
    query: &dyn Query,
) -> tantivy::Result<Option<TantivyDocument>> {
    match searcher
        .search(query, &TopDocs::with_limit(1).order_by_score())?
        .into_iter()
        .next()
    {
        Some((_, address)) => Ok(Some(searcher.doc(address)?)),
        None => Ok(None),
    }
}
