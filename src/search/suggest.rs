//! Autocomplete. Every word but the last must be a title word (with the
//! typo budget of search); the last must begin a title word, with one typo
//! forgiven from 4 characters. Prefixes are indexed as edge n-grams, so a
//! prefix is one posting list, however many words share it: no candidate is
//! lost to a cap on expansions.
//!
//! Ranking, best first: exact matches before typo matches; then how much of
//! the title the query covers; then units in stock across stores
//! (popularity); then product id.

use serde::Serialize;
use tantivy::{
    DocId, Score, Searcher, SegmentOrdinal, SegmentReader, TantivyDocument, Term,
    collector::{Collector, SegmentCollector},
    columnar::Column,
    query::{BooleanQuery, ConstScoreQuery, FuzzyTermQuery, Occur, Query, TermQuery},
    schema::{Field, IndexRecordOption, Value},
};

use super::{
    collector::TopK,
    index::Generation,
    text::{indexed_prefix, typo_budget, words},
};
use crate::domain::search::SuggestRequest;

#[derive(Debug, Serialize)]
pub struct Suggestion {
    pub id: u64,
    pub title: String,
    pub category: String,
}

const EXACT: f32 = 10.0;
const TYPO: f32 = 1.0;

pub fn suggest(
    generation: &Generation,
    searcher: &Searcher,
    request: &SuggestRequest,
) -> tantivy::Result<Vec<Suggestion>> {
    let fields = &generation.fields;
    let words = words(&request.q);
    let Some((last, previous)) = words.split_last() else {
        return Ok(Vec::new());
    };
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for word in previous {
        clauses.push((
            Occur::Must,
            exact_or_typo(fields.title_words, word, typo_budget(word)),
        ));
    }
    let prefix = indexed_prefix(last);
    let prefix_typos = u8::from(prefix.chars().count() >= 4);
    clauses.push((
        Occur::Must,
        exact_or_typo(fields.title_prefixes, prefix, prefix_typos),
    ));
    let query = BooleanQuery::new(clauses);

    let collector = SuggestCollector {
        limit: request.limit,
        query_chars: request.q.chars().count() as u64,
    };
    let top = searcher.search(&query, &collector)?;
    top.into_iter()
        .map(|address| {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = |field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_owned()
            };
            Ok(Suggestion {
                id: doc
                    .get_first(fields.id)
                    .and_then(|v| v.as_u64())
                    .unwrap_or_default(),
                title: text(fields.title),
                category: text(fields.category_name),
            })
        })
        .collect()
}

/// The exact term scores [`EXACT`]; a term within `typos` edits scores
/// [`TYPO`] (an exact match scores both, so exact always ranks first). On
/// the prefix field a plain fuzzy term is a fuzzy prefix: every prefix of
/// every title word is a term there.
fn exact_or_typo(field: Field, word: &str, typos: u8) -> Box<dyn Query> {
    let term = Term::from_field_text(field, word);
    let mut options: Vec<(Occur, Box<dyn Query>)> = vec![(
        Occur::Should,
        Box::new(ConstScoreQuery::new(
            Box::new(TermQuery::new(term.clone(), IndexRecordOption::Basic)),
            EXACT,
        )),
    )];
    if typos > 0 {
        let fuzzy = FuzzyTermQuery::new(term, typos, true);
        options.push((
            Occur::Should,
            Box::new(ConstScoreQuery::new(Box::new(fuzzy), TYPO)),
        ));
    }
    Box::new(BooleanQuery::new(options))
}

/// (score, coverage, stock) descending, then id ascending: smaller is better.
type SuggestKey = (u32, u64, u64, u64);

struct SuggestCollector {
    limit: usize,
    query_chars: u64,
}

struct SuggestSegmentCollector {
    segment: SegmentOrdinal,
    query_chars: u64,
    id: Column<u64>,
    title_len: Column<u64>,
    total_stock: Column<u64>,
    top: TopK<SuggestKey>,
}

impl Collector for SuggestCollector {
    type Fruit = Vec<tantivy::DocAddress>;
    type Child = SuggestSegmentCollector;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let fast = reader.fast_fields();
        Ok(SuggestSegmentCollector {
            segment,
            query_chars: self.query_chars,
            id: fast.u64("id")?,
            title_len: fast.u64("title_len")?,
            total_stock: fast.u64("total_stock")?,
            top: TopK::new(self.limit),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(
        &self,
        fruits: Vec<Vec<(SuggestKey, tantivy::DocAddress)>>,
    ) -> tantivy::Result<Self::Fruit> {
        let mut all: Vec<_> = fruits.into_iter().flatten().collect();
        all.sort_unstable_by_key(|(key, _)| *key);
        Ok(all
            .into_iter()
            .take(self.limit)
            .map(|(_, address)| address)
            .collect())
    }
}

impl SegmentCollector for SuggestSegmentCollector {
    type Fruit = Vec<(SuggestKey, tantivy::DocAddress)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        let title_len = self.title_len.first(doc).unwrap_or(1).max(1);
        let coverage = (self.query_chars * 1000 / title_len).min(1000);
        let key = (
            u32::MAX - score.max(0.0).to_bits(),
            1000 - coverage,
            u64::MAX - self.total_stock.first(doc).unwrap_or(0),
            self.id.first(doc).unwrap_or(0),
        );
        self.top.push(key, doc);
    }

    fn harvest(self) -> Self::Fruit {
        let segment = self.segment;
        self.top
            .into_sorted()
            .into_iter()
            .map(|(key, doc)| (key, tantivy::DocAddress::new(segment, doc)))
            .collect()
    }
}
