//! Product search: the text query (BM25 with boosts, stemming, typo
//! tolerance, prefix on the last word), the store filter, one collector pass
//! for hits and exact disjunctive facets, and the rendered page.

use std::{collections::HashMap, sync::Arc};

use rust_decimal::Decimal;
use serde::Serialize;
use tantivy::{
    DocAddress, Searcher, TantivyDocument, Term,
    collector::TopDocs,
    query::{
        AllQuery, BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, PhraseQuery, Query, TermQuery,
    },
    schema::{IndexRecordOption, Value},
    tokenizer::TextAnalyzer,
};

use super::{
    collector::{FacetFilters, PRICE_BUCKETS, SearchCollector, SearchFruit},
    index::Generation,
    schema::{Fields, STEMMED, stored_text},
    text::{indexed_prefix, query_words, typo_budget},
};
use crate::domain::search::{CategoryRef, SearchRequest};

#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    #[error("page {page} is beyond the last page ({last_page})")]
    PageOutOfRange { page: i64, last_page: i64 },
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

#[derive(Debug, Serialize)]
pub struct Hit {
    pub id: u64,
    pub title: String,
    #[serde(with = "rust_decimal::serde::float")]
    pub price: Decimal,
    pub category_id: u64,
    pub category: String,
    /// At the requested store, or at any store when none is given.
    pub in_stock: bool,
}

#[derive(Debug, Serialize)]
pub struct Facets {
    pub category: Vec<CategoryCount>,
    pub price: Vec<PriceCount>,
    pub availability: Vec<ValueCount>,
}

#[derive(Debug, Serialize)]
pub struct CategoryCount {
    pub value: String,
    pub id: u64,
    pub count: u64,
}

#[derive(Debug, Serialize)]
pub struct PriceCount {
    /// `"25-50"`, or `"1000+"` for the open-ended bucket; `min` inclusive, `max` exclusive.
    pub range: String,
    pub min: u64,
    pub max: Option<u64>,
    pub count: u64,
}

#[derive(Debug, Serialize)]
pub struct ValueCount {
    pub value: &'static str,
    pub count: u64,
}

pub fn search(
    generation: &Arc<Generation>,
    searcher: &Searcher,
    request: &SearchRequest,
) -> Result<SearchPage, SearchError> {
    let fields = &generation.fields;
    let mut categories: Vec<u64> = request
        .categories
        .iter()
        .map(|category| match category {
            CategoryRef::Id(id) => Ok(*id),
            // A name no product has matches nothing, as an unknown id does.
            CategoryRef::Name(name) => {
                Ok(category_id_by_name(searcher, fields, name)?.unwrap_or(u64::MAX))
            }
        })
        .collect::<tantivy::Result<_>>()?;
    categories.sort_unstable();
    categories.dedup();

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
        facets: facets(generation, searcher, &fruit, &categories)?,
    })
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
                boosted(text_term_query(fields.category_name, stem), 2.0),
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
    for field in [fields.title, fields.category_name, fields.description] {
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

fn category_id_by_name(
    searcher: &Searcher,
    fields: &Fields,
    name: &str,
) -> tantivy::Result<Option<u64>> {
    let doc = first_doc(searcher, &*text_term_query(fields.category_key, name))?;
    Ok(doc.and_then(|doc| doc.get_first(fields.category_id).and_then(|v| v.as_u64())))
}

/// The name of a category, from any of its documents, remembered by the
/// generation.
fn category_name(
    generation: &Generation,
    searcher: &Searcher,
    id: u64,
) -> tantivy::Result<Option<String>> {
    if let Some(name) = generation.known_category_name(id) {
        return Ok(Some(name));
    }
    let fields = &generation.fields;
    let name = first_doc(searcher, &*term_query(fields.category_id, id))?
        .map(|doc| stored_text(&doc, fields.category_name))
        .filter(|name| !name.is_empty());
    if let Some(name) = &name {
        generation.remember_category_name(id, name);
    }
    Ok(name)
}

/// The stored fields of the first document matching `query`.
fn first_doc(searcher: &Searcher, query: &dyn Query) -> tantivy::Result<Option<TantivyDocument>> {
    match searcher
        .search(query, &TopDocs::with_limit(1).order_by_score())?
        .into_iter()
        .next()
    {
        Some((_, address)) => Ok(Some(searcher.doc(address)?)),
        None => Ok(None),
    }
}

fn hit(
    generation: &Generation,
    searcher: &Searcher,
    address: DocAddress,
    store: Option<u64>,
) -> tantivy::Result<Hit> {
    let fields = &generation.fields;
    let doc: TantivyDocument = searcher.doc(address)?;
    let text = |field| stored_text(&doc, field);
    let number = |field| {
        doc.get_first(field)
            .and_then(|v| v.as_u64())
            .unwrap_or_default()
    };
    let in_stock = generation
        .columns(searcher.segment_reader(address.segment_ord))?
        .in_stock(address.doc_id, store);
    Ok(Hit {
        id: number(fields.id),
        title: text(fields.title),
        price: Decimal::new(number(fields.price_cents) as i64, 2),
        category_id: number(fields.category_id),
        category: text(fields.category_name),
        in_stock,
    })
}

fn facets(
    generation: &Generation,
    searcher: &Searcher,
    fruit: &SearchFruit,
    selected: &[u64],
) -> tantivy::Result<Facets> {
    let mut counts: HashMap<u64, u64> = fruit.categories.clone();
    // Selected categories stay listed, with their count, even at zero.
    for id in selected {
        if *id != u64::MAX {
            counts.entry(*id).or_default();
        }
    }
    let mut category = Vec::with_capacity(counts.len());
    for (id, count) in counts {
        if let Some(value) = category_name(generation, searcher, id)? {
            category.push(CategoryCount { value, id, count });
        }
    }
    category.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.value.cmp(&b.value)));
    let price = PRICE_BUCKETS
        .iter()
        .zip(&fruit.prices)
        .map(|(&(min, max), &count)| PriceCount {
            range: match max {
                Some(max) => format!("{}-{}", min / 100, max / 100),
                None => format!("{}+", min / 100),
            },
            min: min / 100,
            max: max.map(|m| m / 100),
            count,
        })
        .collect();
    Ok(Facets {
        category,
        price,
        availability: vec![
            ValueCount {
                value: "in_stock",
                count: fruit.in_stock,
            },
            ValueCount {
                value: "out_of_stock",
                count: fruit.out_of_stock,
            },
        ],
    })
}
