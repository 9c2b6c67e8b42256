//! The text query: which products match the words, and the score that
//! orders them by ranking rules, each only breaking the ties of the ones
//! before it (Meilisearch's and Algolia's model):
//!
//! 1. words: more query words matched first (only differs once words are
//!    dropped, below);
//! 2. typo: fewer words matched with a typo first;
//! 3. kind: the products whose category path names the kind of product the
//!    query asks for (see [`Builder::kind`]);
//! 4. proximity: adjacent query words adjacent, in order, in the title first;
//! 5. attribute: the best field each word matched in: the title's head (the
//!    part naming the product, before "for"), then the rest of the title,
//!    the brand, the category path, the attributes, the description;
//! 6. exactness: a whole word before a prefix;
//! 7. popularity, then the product id (in the collector).
//!
//! Each word is one disjunction of alternatives (each field, the word split
//! or joined with a neighbour, synonyms, a prefix for the last word, typos
//! when enabled), scored by a constant that encodes rules 1, 2, 5 and 6 for
//! that word; the document's score is the sum over words plus the kind and
//! proximity bonuses. The constants are spaced so that a better rule always
//! outweighs every later rule: see [`Tiers`].
//!
//! Recovery, so that a query never answers an empty page while some word
//! matches a product the request's filters let through (every check below
//! is made among those products, see [`Filter`]): a word that matches
//! nothing is dropped; when the rest
//! match nothing together, the fewest words are dropped, the later ones
//! first (see [`Builder::most_finding`]); while the
//! remaining words find fewer than [`PAGE_FILL`] products, the most of them
//! that find that many together stay required and the rest are made
//! optional (the same search), else words are made optional from
//! the last backwards (Meilisearch's `matchingStrategy: last`), so the
//! products matching them still rank first. Typos are tried
//! for every word of 5+ letters when the exact words find fewer than
//! [`TYPO_THRESHOLD`] products; words with digits (model codes, sizes,
//! years) are never typo-corrected.

use std::{
    cell::{Cell, RefCell},
    collections::HashMap,
};

use itertools::Itertools;
use serde::Serialize;
use tantivy::{
    BitSet, DocSet, Searcher, TERMINATED, Term,
    query::{
        BitSetDocSet, BooleanQuery, ConstScoreQuery, ConstScorer, DisjunctionMaxQuery, EmptyQuery,
        EnableScoring, Occur, PhraseQuery, Query, TermQuery, intersect_scorers,
    },
    schema::{Field, IndexRecordOption},
};

use super::{
    collector::{FacetFilters, SegmentFilters},
    index::Generation,
    lookup::term_query,
    materialized::Materialized,
    schema::Fields,
    text::{indexed_prefix, joins_as_prefix, stem, typo_budget},
    typos::{TypoTerms, any_of},
};
use crate::db::settings::SearchSettings;

/// Words of a query taken into account; the rest are ignored.
pub const MAX_QUERY_WORDS: usize = 10;

/// Words after which a query says what the product is for, not what it is
/// ("case for iphone 7", "laptop with touchscreen").
const KIND_ENDS: [&str; 3] = ["for", "with", "fits"];

/// The query word naming the kind, and the category kinds it stands for.
type Kind = (usize, Vec<Term>);

/// The category path's position in `Fields::searched`.
const CATEGORY_FIELD: usize = 3;

/// When ranked by relevance, words are made optional until this many
/// products match (see [`Builder::most_finding`]).
pub const PAGE_FILL: usize = 10;

/// Word sets recovery checks for the most words matching together (and
/// again for the most that fill a page) before it falls back to dropping
/// (making optional) from the end: every set of up to two words fewer for
/// a query of four words (1 + 4 + 6), of one word fewer for up to ten.
/// Each check costs about as much as a short query.
const MAX_SUBSETS: usize = 11;

/// Below this many exact matches, typos are tried too.
pub const TYPO_THRESHOLD: usize = 10;

/// The score of one matched word: rules 1, 2, 5 and 6 as constants. Rule 1
/// (`WORD`) exceeds what every later rule can add over ten words; rule 2
/// (`NO_TYPO`) exceeds every later difference; the kind and proximity
/// bonuses sit between typo and attribute, the kind first.
struct Tiers;

impl Tiers {
    const WORD: f32 = 200_000.0;
    const NO_TYPO: f32 = 11_000.0;
    const KIND: f32 = 5_000.0;
    const PROXIMITY: f32 = 400.0;
    const HEAD: f32 = 100.0;
    const TITLE: f32 = 80.0;
    const BRAND: f32 = 70.0;
    const CATEGORY: f32 = 60.0;
    const ATTRIBUTE: f32 = 40.0;
    const DESCRIPTION: f32 = 20.0;
    const EXACT: f32 = 10.0;
    /// A synonym ranks just below the word as typed.
    const SYNONYM: f32 = -5.0;
}

// Rule 1 outweighs everything after it over ten words; rule 2 the kind and
// every attribute, exactness and proximity difference of ten words; the
// kind every proximity and attribute difference; a proximity bonus more
// than three words' attribute difference. Checked when building.
const _: () = {
    let best_word = Tiers::NO_TYPO + Tiers::HEAD + Tiers::EXACT;
    let below_kind = 9.0 * Tiers::PROXIMITY + 10.0 * (Tiers::HEAD + Tiers::EXACT);
    assert!(Tiers::WORD > 10.0 * best_word + 9.0 * Tiers::PROXIMITY + Tiers::KIND);
    assert!(Tiers::NO_TYPO > Tiers::KIND + below_kind);
    assert!(Tiers::KIND > below_kind);
    assert!(Tiers::PROXIMITY > 3.0 * (Tiers::HEAD + Tiers::EXACT));
};

/// Which words were used, as the answer reports it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq, utoipa::ToSchema)]
pub struct Matching {
    /// `all`: every word (but those that match no product the filters let
    /// through) must match; `last`: words were dropped or made optional.
    #[schema(value_type = String, pattern = "^(all|last)$")]
    pub strategy: &'static str,
    /// Words no product the filters let through matches together with the
    /// words used (the fewest such, the later ones first), or alone.
    pub dropped: Vec<String>,
    /// Words made optional to fill the page: the products that match them
    /// come first, then those that match the required words only.
    pub optional: Vec<String>,
    /// Whether words may match with typos.
    pub typos: bool,
}

/// The text query, and what the highlighter needs to know of it.
pub struct TextQuery {
    pub query: Box<dyn Query>,
    pub matching: Matching,
    /// The words used, required or optional, normalized (unstemmed), in
    /// query order.
    pub words: Vec<String>,
    /// Single-word synonyms of the words used.
    pub synonyms: Vec<String>,
}

/// Builds the text query for `words` (already normalized, each once), with
/// the request's `filter` applied when checking what matches: a filtered
/// page recovers within the filter.
/// Words are made optional while the rest find fewer than `fill`
/// products (see [`Builder::most_finding`]): [`PAGE_FILL`] when the answer is ranked by relevance
/// (the products matching every word still come first), 1 when it is
/// sorted by something else (which would mix them with the rest).
/// `None` when there are no words; a query matching nothing (and no
/// [`TextQuery::words`]) when no word matches a product passing `filter`.
pub fn text_query(
    generation: &Generation,
    searcher: &Searcher,
    settings: &SearchSettings,
    words: Vec<String>,
    filter: &Filter<'_>,
    fill: usize,
) -> tantivy::Result<Option<TextQuery>> {
    let meaningful = without_stop_words(&words, &settings.stop_words);
    // The kind is named before any "for", "with" or "fits", stop words or
    // not.
    let marker = words
        .iter()
        .position(|w| KIND_ENDS.contains(&w.as_str()))
        .unwrap_or(words.len());
    let head = meaningful.iter().filter(|&&i| i < marker).count();
    let mut words: Vec<String> = meaningful.into_iter().map(|i| words[i].clone()).collect();
    // Meilisearch's limit too: the cost of a query grows with its words,
    // and a shopper's intent is in the first few.
    words.truncate(MAX_QUERY_WORDS);
    let synonyms = Synonyms::from_settings(settings);
    let fields = &generation.fields;
    let builder = Builder {
        searcher,
        fields,
        words: &words,
        head: head.min(words.len()),
        kinds: RefCell::default(),
        materialize: Cell::new(false),
        materialized: RefCell::default(),
        synonyms: &synonyms,
        typo_terms: TypoTerms::new(
            fields.typo_sources(),
            searcher
                .segment_readers()
                .iter()
                .map(|segment| Ok(generation.columns(segment)?.vocabulary.clone()))
                .collect::<tantivy::Result<_>>()?,
            words.len(),
        ),
    };
    if words.is_empty() {
        return Ok(None);
    }
    let all: Vec<usize> = (0..words.len()).collect();
    // The common case, in one check: every word as typed, on enough
    // products that typos are not tried and no word is dropped.
    if at_least(
        searcher,
        &*builder.required(&all, all.len(), false)?,
        filter,
        TYPO_THRESHOLD,
    )? {
        return Ok(Some(TextQuery {
            query: builder.all(&all, all.len(), false)?,
            matching: Matching {
                strategy: "all",
                dropped: Vec::new(),
                optional: Vec::new(),
                typos: false,
            },
            synonyms: single_word_synonyms(&words, &synonyms),
            words,
        }));
    }
    // From here on the same words are evaluated several times.
    builder.materialize.set(true);
    // A word that matches nothing, even with typos, is dropped at once
    // (its first match is enough: not worth keeping every match).
    let mut kept = Vec::new();
    let mut dropped = Vec::new();
    for (i, word) in words.iter().enumerate() {
        // Typo automata only for a word that matches nothing as written.
        let matches = at_least(searcher, &*builder.word_query(i, false)?, filter, 1)?
            || (typo_eligible(word)
                && at_least(searcher, &*builder.word_query(i, true)?, filter, 1)?);
        if matches {
            kept.push(i);
        } else {
            dropped.push(word.clone());
        }
    }
    if kept.is_empty() {
        // No word matches anything: nothing does.
        return Ok(Some(TextQuery {
            query: Box::new(EmptyQuery),
            matching: Matching {
                strategy: "all",
                dropped,
                optional: Vec::new(),
                typos: true,
            },
            words: Vec::new(),
            synonyms: Vec::new(),
        }));
    }
    // Every word kept: the check above already found too few exact matches.
    // (Rule "words" comes before rule "typo": "galaxy watch band" keeps its
    // three words, "watch" matching "Watch6" with a typo, rather than two
    // as written.)
    let typos = kept.iter().any(|&i| typo_eligible(&words[i]))
        && (kept.len() == words.len()
            || !at_least(
                searcher,
                &*builder.required(&kept, kept.len(), false)?,
                filter,
                TYPO_THRESHOLD,
            )?);
    // The most kept words that some product matches together (dropping the
    // later words first); of those, the most that find `fill` products
    // together first, then fewer and fewer from the end while they find
    // fewer than `fill` (Meilisearch's `last`). The products matching the
    // dropped and optional words too still rank first.
    let matching = builder.most_finding(&kept, typos, filter, 1)?;
    let filling = builder.most_finding(&matching, typos, filter, fill)?;
    let required = filling.len();
    let chosen: Vec<usize> = filling
        .iter()
        .chain(matching.iter().filter(|i| !filling.contains(i)))
        .copied()
        .collect();
    let strategy = if required < kept.len() { "last" } else { "all" };
    let left_out: Vec<usize> = kept
        .iter()
        .copied()
        .filter(|i| !chosen.contains(i))
        .collect();
    dropped.extend(left_out.iter().map(|&i| words[i].clone()));
    dropped.sort_by_key(|word| words.iter().position(|w| w == word));
    let optional = chosen[required..]
        .iter()
        .map(|&i| words[i].clone())
        .collect();
    let order: Vec<usize> = chosen.iter().chain(&left_out).copied().collect();
    // The optional words still match (and rank) where they can: the
    // highlighter marks them too.
    let used: Vec<String> = kept.iter().map(|&i| words[i].clone()).collect();
    let query = builder.all(&order, required, typos)?;
    Ok(Some(TextQuery {
        query,
        matching: Matching {
            strategy,
            dropped,
            optional,
            typos,
        },
        synonyms: single_word_synonyms(&used, &synonyms),
        words: used,
    }))
}

/// The one-word synonyms of `words`, which the highlighter marks too.
fn single_word_synonyms(words: &[String], synonyms: &Synonyms) -> Vec<String> {
    words
        .iter()
        .flat_map(|w| synonyms.of(w))
        .filter(|s| !s.contains(' '))
        .cloned()
        .collect()
}

/// The indexes of the words that are not stop words. "for", "with" and
/// "fits" only say where the kind's name ends: required, "for" would keep
/// "Memory Card for Action Cameras" and lose "Vlog Camera" for "camera for
/// vlogging".
fn without_stop_words(words: &[String], stop_words: &[String]) -> Vec<usize> {
    let kept: Vec<usize> = (0..words.len())
        .filter(|&i| !stop_words.contains(&words[i]) && !KIND_ENDS.contains(&words[i].as_str()))
        .collect();
    // A query of stop words only means them.
    if kept.is_empty() {
        (0..words.len()).collect()
    } else {
        kept
    }
}

/// Numbers and model codes are taken as written: a typo there is another
/// product.
pub fn typo_eligible(word: &str) -> bool {
    typo_budget(word) > 0 && word.chars().all(char::is_alphabetic)
}

/// What the checks deciding which words a query keeps must also pass: the
/// request's filters, so that "sony galaxy s7" filtered to the brand Sony
/// drops the words no Sony product has rather than answering nothing.
pub struct Filter<'a> {
    /// The filters read from posting lists, which lead an intersection
    /// where a column would be read for every match: the store's (in stock
    /// there when asked, else carried) and the category's.
    query: Option<BooleanQuery>,
    generation: &'a Generation,
    /// The other filters, tested document by document as the search pass
    /// does.
    tested: FacetFilters,
    /// Per segment ordinal, made when first needed and kept for every
    /// check of the query.
    segments: RefCell<Vec<Option<SegmentTests>>>,
}

/// A segment's filters, tested document by document until that has cost
/// about as much as reading the set of documents that pass them.
struct SegmentTests {
    filters: SegmentFilters,
    /// Documents tested one by one so far, over every check.
    tested: u32,
    passing: Option<BitSet>,
}

impl SegmentTests {
    /// Tested at random, a document costs several times what it costs
    /// read in order.
    const SET_AFTER: u32 = 16;
}

impl<'a> Filter<'a> {
    pub fn new(generation: &'a Generation, filters: &FacetFilters) -> Self {
        let fields = &generation.fields;
        let mut by_postings: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        if let Some(store) = filters.store {
            let field = if filters.in_stock {
                fields.stock_stores
            } else {
                fields.carried_stores
            };
            by_postings.push((Occur::Must, term_query(field, store)));
        }
        if !filters.categories.is_empty() {
            let any = filters
                .categories
                .iter()
                .map(|&id| (Occur::Should, term_query(fields.category_path_ids, id)))
                .collect();
            by_postings.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        Self {
            query: (!by_postings.is_empty()).then(|| BooleanQuery::new(by_postings)),
            generation,
            tested: FacetFilters {
                categories: Vec::new(),
                in_stock: filters.in_stock && filters.store.is_none(),
                ..filters.clone()
            },
            segments: RefCell::default(),
        }
    }
}

/// Whether at least `n` live documents match `query` and pass `filter`,
/// stopping as soon as they are found.
fn at_least(
    searcher: &Searcher,
    query: &dyn Query,
    filter: &Filter<'_>,
    n: usize,
) -> tantivy::Result<bool> {
    Ok(count_up_to(searcher, query, filter, n)? >= n)
}

/// How many live documents match `query` and pass `filter`, counting no
/// further than `n`.
fn count_up_to(
    searcher: &Searcher,
    query: &dyn Query,
    filter: &Filter<'_>,
    n: usize,
) -> tantivy::Result<usize> {
    let combined;
    let query: &dyn Query = match &filter.query {
        Some(filter) => {
            combined = BooleanQuery::new(vec![
                (Occur::Must, query.box_clone()),
                (Occur::Must, Box::new(filter.clone())),
            ]);
            &combined
        }
        None => query,
    };
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let mut found = 0;
    let mut segments = filter.segments.borrow_mut();
    segments.resize_with(searcher.segment_readers().len(), || None);
    for (segment, tests) in searcher.segment_readers().iter().zip(segments.iter_mut()) {
        let mut docs = weight.scorer(segment, 1.0)?;
        if docs.doc() == TERMINATED {
            continue;
        }
        let mut tests = match tests {
            _ if filter.tested.is_empty() => None,
            Some(tests) => Some(tests),
            None => Some(tests.insert(SegmentTests {
                filters: SegmentFilters::new(filter.generation, &filter.tested, segment)?,
                tested: 0,
                passing: None,
            })),
        };
        if let Some(tests) = tests.as_mut()
            && tests.passing.is_none()
            && tests.tested > segment.max_doc() / SegmentTests::SET_AFTER
        {
            tests.passing = Some(tests.filters.passing(segment.max_doc()));
        }
        if let Some(passing) = tests.as_ref().and_then(|tests| tests.passing.clone()) {
            // The smaller of the two leads the intersection.
            let passing = ConstScorer::new(BitSetDocSet::from(passing), 0.0);
            docs = intersect_scorers(vec![docs, Box::new(passing)], segment.max_doc());
            tests = None;
        }
        let alive = segment.alive_bitset();
        let mut doc = docs.doc();
        while doc != TERMINATED {
            if alive.is_none_or(|alive| alive.is_alive(doc))
                && tests.as_mut().is_none_or(|tests| {
                    tests.tested += 1;
                    tests.filters.passes(doc)
                })
            {
                found += 1;
                if found >= n {
                    return Ok(found);
                }
            }
            doc = docs.advance();
        }
    }
    Ok(found)
}

/// Synonyms from the settings: each word's alternatives (one word or
/// several).
pub struct Synonyms {
    pairs: Vec<(String, Vec<String>)>,
}

impl Synonyms {
    pub fn from_settings(settings: &SearchSettings) -> Self {
        let mut pairs: Vec<(String, Vec<String>)> = Vec::new();
        let normalized = |text: &str| super::text::words(text).join(" ");
        for entry in settings.synonyms.0.as_array().into_iter().flatten() {
            match entry {
                // Multi-way: every member stands for every other.
                serde_json::Value::Array(members) => {
                    let members: Vec<String> = members
                        .iter()
                        .filter_map(|m| m.as_str().map(normalized))
                        .filter(|m| !m.is_empty())
                        .collect();
                    for member in &members {
                        let others = members.iter().filter(|m| *m != member).cloned().collect();
                        pairs.push((member.clone(), others));
                    }
                }
                // One-way: the input stands for the synonyms, not back.
                serde_json::Value::Object(one_way) => {
                    let input = one_way
                        .get("input")
                        .and_then(|i| i.as_str())
                        .map(normalized);
                    let targets = one_way
                        .get("synonyms")
                        .and_then(|s| s.as_array())
                        .into_iter()
                        .flatten()
                        .filter_map(|s| s.as_str().map(normalized))
                        .filter(|s| !s.is_empty())
                        .collect();
                    if let Some(input) = input.filter(|i| !i.is_empty()) {
                        pairs.push((input, targets));
                    }
                }
                _ => {}
            }
        }
        Self { pairs }
    }

    /// The alternatives of one query word.
    pub fn of<'a>(&'a self, word: &'a str) -> impl Iterator<Item = &'a String> + 'a {
        self.pairs
            .iter()
            .filter(move |(input, _)| input == word)
            .flat_map(|(_, targets)| targets)
    }
}

struct Builder<'a> {
    searcher: &'a Searcher,
    fields: &'a Fields,
    words: &'a [String],
    /// The words before any "for" or "with": where the kind is named.
    head: usize,
    /// The kind, once looked up: without typos, then with.
    kinds: RefCell<[Option<Option<Kind>>; 2]>,
    /// Whether [`Builder::word`] keeps each word's matches: once recovery
    /// starts, the same words are evaluated again and again.
    materialize: Cell<bool>,
    /// Each word's kept matches, by word and typos.
    materialized: RefCell<HashMap<(usize, bool), Materialized>>,
    synonyms: &'a Synonyms,
    typo_terms: TypoTerms,
}

impl Builder<'_> {
    /// The words of `kept` (indexes into `words`), the first `required`
    /// of them required and the rest optional, plus proximity bonuses for
    /// the words next to each other in the query.
    fn all(&self, kept: &[usize], required: usize, typos: bool) -> tantivy::Result<Box<dyn Query>> {
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (n, &i) in kept.iter().enumerate() {
            let occur = if n < required {
                Occur::Must
            } else {
                Occur::Should
            };
            clauses.push((occur, self.word(i, typos)?));
        }
        let mut in_query_order = kept.to_vec();
        in_query_order.sort_unstable();
        for pair in in_query_order.windows(2) {
            let terms = [&self.words[pair[0]], &self.words[pair[1]]]
                .map(|w| Term::from_field_text(self.fields.title, &stem(w)));
            let mut phrase = PhraseQuery::new(terms.to_vec());
            phrase.set_slop(1);
            clauses.push((Occur::Should, scored(Box::new(phrase), Tiers::PROXIMITY)));
        }
        if let Some((_, terms)) = self.kind(typos)? {
            clauses.push((Occur::Should, scored(Box::new(any_of(&terms)), Tiers::KIND)));
        }
        Ok(Box::new(BooleanQuery::new(clauses)))
    }

    /// The most words of `kept` that find at least `n` products together,
    /// in query order: all of them, else every set of one word fewer, then
    /// two fewer, and so on; among sets of one size, those keeping the
    /// earlier words first ("android phone unlocked" keeps "phone
    /// unlocked", where Meilisearch's `last` keeps "android"). After
    /// [`MAX_SUBSETS`] checks (long queries) it falls back to the first
    /// words, fewer and fewer, down to the first alone. Recovery asks it
    /// for the words that match together (`n` = 1), then, among those, for
    /// the words that fill a page (`n` = [`PAGE_FILL`]).
    fn most_finding(
        &self,
        kept: &[usize],
        typos: bool,
        filter: &Filter<'_>,
        n: usize,
    ) -> tantivy::Result<Vec<usize>> {
        let finds = |words: &[usize]| {
            at_least(
                self.searcher,
                &*self.required(words, words.len(), typos)?,
                filter,
                n,
            )
        };
        // Every size, largest first; lexicographic combinations keep the
        // earlier words first.
        let subsets = (1..=kept.len())
            .rev()
            .flat_map(|size| kept.iter().copied().combinations(size));
        let mut smallest_checked = kept.len();
        for subset in subsets.take(MAX_SUBSETS) {
            smallest_checked = subset.len();
            if finds(&subset)? {
                return Ok(subset);
            }
        }
        // The first set of each size checked was its first words: the
        // smaller sizes are left.
        for size in (2..smallest_checked).rev() {
            if finds(&kept[..size])? {
                return Ok(kept[..size].to_vec());
            }
        }
        Ok(kept[..1].to_vec())
    }

    /// Only whether the first `required` words of `kept` match: what the
    /// recovery checks need, without the optional clauses' scorers.
    fn required(
        &self,
        kept: &[usize],
        required: usize,
        typos: bool,
    ) -> tantivy::Result<Box<dyn Query>> {
        let clauses = kept[..required]
            .iter()
            .map(|&i| Ok((Occur::Must, self.word(i, typos)?)))
            .collect::<tantivy::Result<_>>()?;
        Ok(Box::new(BooleanQuery::new(clauses)))
    }

    /// Rule "kind": the products whose category names the kind of product
    /// the query asks for. English puts the kind last ("apple watch band" is
    /// a band, "iphone 7" an iPhone 7), before any "for" or "with" ("camera
    /// for vlogging"), so it is the last such word that names a category
    /// (specifications after it, as in "apple watch band 45mm", name none).
    fn kind(&self, typos: bool) -> tantivy::Result<Option<Kind>> {
        if let Some(kind) = &self.kinds.borrow()[usize::from(typos)] {
            return Ok(kind.clone());
        }
        let kind = self.find_kind(typos)?;
        self.kinds.borrow_mut()[usize::from(typos)] = Some(kind.clone());
        Ok(kind)
    }

    fn find_kind(&self, typos: bool) -> tantivy::Result<Option<Kind>> {
        let known = |text: &str| -> tantivy::Result<Option<Term>> {
            let term = Term::from_field_text(self.fields.category_type, text);
            Ok((self.searcher.doc_freq(&term)? > 0).then_some(term))
        };
        for i in (0..self.head).rev() {
            let word = &self.words[i];
            let stemmed = stem(word);
            if let Some(term) = known(&stemmed)? {
                return Ok(Some((i, vec![term])));
            }
            // A misspelled kind only when the word is no kind as written
            // ("cases" is one letter from "care" too).
            if typos && typo_eligible(word) {
                let as_typed = typo_spellings(word, &stemmed);
                let mut terms = Vec::new();
                for text in
                    self.typo_terms
                        .words(i, &as_typed, typo_budget(word), CATEGORY_FIELD)?
                {
                    if let Some(term) = known(&text)? {
                        terms.push(term);
                    }
                }
                if !terms.is_empty() {
                    return Ok(Some((i, terms)));
                }
            }
        }
        Ok(None)
    }

    /// Word `i`'s query, its matches kept once recovery has started.
    fn word(&self, i: usize, typos: bool) -> tantivy::Result<Box<dyn Query>> {
        if !self.materialize.get() {
            return self.word_query(i, typos);
        }
        if let Some(kept) = self.materialized.borrow().get(&(i, typos)) {
            return Ok(Box::new(kept.clone()));
        }
        let kept = Materialized::new(self.word_query(i, typos)?);
        self.materialized
            .borrow_mut()
            .insert((i, typos), kept.clone());
        Ok(Box::new(kept))
    }

    /// Every way word `i` can match, each scored by its tier.
    fn word_query(&self, i: usize, typos: bool) -> tantivy::Result<Box<dyn Query>> {
        let fields = self.fields;
        let word = &self.words[i];
        let stemmed = stem(word);
        let exact = Tiers::WORD + Tiers::NO_TYPO + Tiers::EXACT;
        // In `Fields::searched`'s order.
        let tiers = [
            Tiers::HEAD,
            Tiers::TITLE,
            Tiers::BRAND,
            Tiers::CATEGORY,
            Tiers::ATTRIBUTE,
            Tiers::DESCRIPTION,
        ];
        let searched: Vec<(Field, f32)> = fields.searched().into_iter().zip(tiers).collect();
        let mut alternatives: Vec<Box<dyn Query>> = searched
            .iter()
            .map(|&(field, tier)| scored(term(field, &stemmed), exact + tier))
            .collect();
        // Run together: "iphone7" is "iPhone 7", "usbc" is "USB-C".
        alternatives.push(scored(
            term(fields.title_joined, word),
            exact + Tiers::TITLE,
        ));
        // Split: "iphone7" in a title that writes "iPhone 7".
        if let Some(parts) = split_letters_and_digits(word) {
            alternatives.push(scored(
                phrase(fields.title_head, &parts),
                exact + Tiers::HEAD,
            ));
            alternatives.push(scored(phrase(fields.title, &parts), exact + Tiers::TITLE));
        }
        // Joined with a neighbour: "smart watch" is "smartwatch"; with the
        // word being typed, joined as a prefix too ("micro sd" on its way
        // to "microSDXC").
        let typing = |w: usize| {
            w + 1 == self.words.len() && joins_as_prefix(&self.words[w - 1], &self.words[w])
        };
        let neighbours = [
            i.checked_sub(1)
                .map(|p| (format!("{}{word}", self.words[p]), typing(i))),
            self.words
                .get(i + 1)
                .map(|n| (format!("{word}{n}"), typing(i + 1))),
        ];
        for (joined, typing) in neighbours.into_iter().flatten() {
            let stemmed = stem(&joined);
            alternatives.push(scored(
                term(fields.title_head, &stemmed),
                exact + Tiers::HEAD,
            ));
            alternatives.push(scored(term(fields.title, &stemmed), exact + Tiers::TITLE));
            if typing {
                alternatives.push(scored(
                    term(fields.title_prefixes, indexed_prefix(&joined)),
                    Tiers::WORD + Tiers::NO_TYPO + Tiers::TITLE,
                ));
            }
        }
        for synonym in self.synonyms.of(word) {
            let parts: Vec<String> = synonym.split(' ').map(str::to_owned).collect();
            for (n, &(field, tier)) in searched[..4].iter().enumerate() {
                // Only the title fields have positions for a phrase; the
                // brand and category want every word.
                let query = if parts.len() == 1 {
                    term(field, &stem(&parts[0]))
                } else if n < 2 {
                    phrase(field, &parts)
                } else {
                    Box::new(BooleanQuery::new(
                        parts
                            .iter()
                            .map(|part| (Occur::Must, term(field, &stem(part))))
                            .collect(),
                    ))
                };
                alternatives.push(scored(query, exact + tier + Tiers::SYNONYM));
            }
        }
        if i + 1 == self.words.len() {
            alternatives.push(scored(
                term(fields.title_prefixes, indexed_prefix(word)),
                Tiers::WORD + Tiers::NO_TYPO + Tiers::TITLE,
            ));
        }
        if typos && typo_eligible(word) {
            let budget = typo_budget(word);
            let spellings = typo_spellings(word, &stemmed);
            let expanded = self.typo_terms.queries(i, &spellings, budget)?;
            // In `Fields::typo_sources`' order: the searched fields, then
            // the title's unstemmed and joined words.
            let tiers = searched
                .iter()
                .map(|&(_, tier)| tier)
                .chain([Tiers::TITLE, Tiers::TITLE]);
            for (terms, tier) in expanded.into_iter().zip(tiers) {
                if let Some(terms) = terms {
                    alternatives.push(scored(Box::new(terms), Tiers::WORD + tier));
                }
            }
        }
        Ok(Box::new(DisjunctionMaxQuery::new(alternatives)))
    }
}

/// The spellings a misspelled word is expanded from. The stemmer mangles a
/// misspelled word ("wireles" stems to "wirel", three edits from
/// "wireless"): the word as typed is tried too.
fn typo_spellings<'a>(word: &'a str, stemmed: &'a str) -> Vec<&'a str> {
    if word == stemmed {
        vec![stemmed]
    } else {
        vec![stemmed, word]
    }
}

/// "iphone7" -> ["iphone", "7"]; `None` unless letters and digits alternate.
pub fn split_letters_and_digits(word: &str) -> Option<Vec<String>> {
    let mut parts: Vec<String> = Vec::new();
    let mut last_digit = None;
    for c in word.chars() {
        let digit = c.is_ascii_digit();
        if last_digit != Some(digit) {
            parts.push(String::new());
        }
        if let Some(part) = parts.last_mut() {
            part.push(c);
        }
        last_digit = Some(digit);
    }
    (parts.len() > 1).then_some(parts)
}

fn scored(query: Box<dyn Query>, score: f32) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(query, score))
}

fn term(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::Basic,
    ))
}

fn phrase(field: Field, words: &[String]) -> Box<dyn Query> {
    let terms: Vec<Term> = words
        .iter()
        .map(|w| Term::from_field_text(field, &stem(w)))
        .collect();
    if terms.len() == 1 {
        return Box::new(TermQuery::new(terms[0].clone(), IndexRecordOption::Basic));
    }
    Box::new(PhraseQuery::new(terms))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_and_digits_split() {
        assert_eq!(
            split_letters_and_digits("iphone7"),
            Some(vec!["iphone".to_owned(), "7".to_owned()])
        );
        assert_eq!(
            split_letters_and_digits("s23ultra"),
            Some(vec!["s".to_owned(), "23".to_owned(), "ultra".to_owned()])
        );
        assert_eq!(split_letters_and_digits("iphone"), None);
        assert_eq!(split_letters_and_digits("2016"), None);
    }

    #[test]
    fn model_codes_and_short_words_keep_their_spelling() {
        assert!(typo_eligible("headphnes"));
        assert!(!typo_eligible("s7"));
        assert!(!typo_eligible("32gb"));
        assert!(!typo_eligible("case"));
    }
}
