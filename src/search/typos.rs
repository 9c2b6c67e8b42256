//! The terms a misspelled word can stand for: the indexed words within the
//! word's typo budget, in each searched field.
//!
//! Each segment keeps one dictionary of the words of every searched field
//! ([`Vocabulary`], read once per segment), so a word's Levenshtein
//! automaton streams one dictionary per segment rather than one per field:
//! the description's vocabulary holds most of the others', and streaming
//! six dictionaries was most of a misspelled query's cost.
//!
//! A query with typos is built and evaluated several times (to decide
//! whether typos are needed, which words to drop, then the search itself);
//! the expansion is kept per word for the query's life and used as plain
//! term sets.

use std::{cell::RefCell, collections::BTreeMap, sync::Arc};

use tantivy::{
    SegmentReader, Term,
    query::{BooleanQuery, FuzzyTermQuery, Occur, Query, TermQuery},
    schema::{Field, IndexRecordOption},
};

use tantivy_fst::{IntoStreamer, Map, Streamer};

/// How many fields a misspelled word is looked up in (`Fields::typo_sources`).
pub const TYPO_SOURCES: usize = 8;

/// The first typo sources are stemmed fields, which the exact match reads
/// with the word's stem; the others (the title's words as written and run
/// together) it reads with the word as typed.
const STEMMED_SOURCES: usize = 6;

/// A segment's words, each with the fields it occurs in (bit `i` for the
/// `i`th of the fields it was read from).
pub struct Vocabulary {
    words: Map<Vec<u8>>,
}

impl Vocabulary {
    pub fn read(segment: &SegmentReader, fields: &[Field]) -> tantivy::Result<Self> {
        let mut words: BTreeMap<Vec<u8>, u64> = BTreeMap::new();
        for (i, &field) in fields.iter().enumerate() {
            let index = segment.inverted_index(field)?;
            let mut terms = index.terms().stream()?;
            while terms.advance() {
                *words.entry(terms.key().to_vec()).or_default() |= 1 << i;
            }
        }
        let words = Map::from_iter(words)
            .map_err(|err| tantivy::TantivyError::InternalError(err.to_string()))?;
        Ok(Self { words })
    }
}

/// Each word's expansions, computed on first use.
pub struct TypoTerms {
    /// `Fields::typo_sources`.
    fields: [Field; TYPO_SOURCES],
    /// Each segment's, read from those fields in that order.
    vocabularies: Vec<Arc<Vocabulary>>,
    found: RefCell<Vec<Option<Vec<Vec<Term>>>>>,
}

impl TypoTerms {
    pub fn new(
        fields: [Field; TYPO_SOURCES],
        vocabularies: Vec<Arc<Vocabulary>>,
        words: usize,
    ) -> Self {
        Self {
            fields,
            vocabularies,
            found: RefCell::new(vec![None; words]),
        }
    }

    /// For word `i`, spelled as `spellings` (within `budget` edits), the
    /// terms of each field (in `Fields::typo_sources`' order) it may stand
    /// for; a field where it reaches nothing gets no query.
    pub fn queries(
        &self,
        i: usize,
        spellings: &[&str],
        budget: u8,
    ) -> tantivy::Result<Vec<Option<BooleanQuery>>> {
        self.expanded(i, spellings, budget)?;
        let found = self.found.borrow();
        let per_field = found[i].as_deref().unwrap_or_default();
        Ok(per_field
            .iter()
            .map(|terms| (!terms.is_empty()).then(|| any_of(terms)))
            .collect())
    }

    /// The same expansion's words in the `field`th typo source.
    pub fn words(
        &self,
        i: usize,
        spellings: &[&str],
        budget: u8,
        field: usize,
    ) -> tantivy::Result<Vec<String>> {
        self.expanded(i, spellings, budget)?;
        let found = self.found.borrow();
        let per_field = found[i].as_deref().unwrap_or_default();
        Ok(per_field
            .get(field)
            .into_iter()
            .flatten()
            .filter_map(|term| term.value().as_str().map(str::to_owned))
            .collect())
    }

    fn expanded(&self, i: usize, spellings: &[&str], budget: u8) -> tantivy::Result<()> {
        if self.found.borrow()[i].is_none() {
            let terms = self.expand(spellings, budget)?;
            self.found.borrow_mut()[i] = Some(terms);
        }
        Ok(())
    }

    fn expand(&self, spellings: &[&str], budget: u8) -> tantivy::Result<Vec<Vec<Term>>> {
        let fields = self.fields;
        let automata = spellings
            .iter()
            .map(|spelling| {
                // The field does not matter to the automaton, only the text.
                FuzzyTermQuery::new(Term::from_field_text(fields[0], spelling), budget, true)
                    .automaton()
            })
            .collect::<tantivy::Result<Vec<_>>>()?;
        let mut found: BTreeMap<Vec<u8>, u64> = BTreeMap::new();
        for vocabulary in &self.vocabularies {
            for automaton in &automata {
                let mut stream = vocabulary.words.search(automaton).into_stream();
                while let Some((word, in_fields)) = stream.next() {
                    *found.entry(word.to_vec()).or_default() |= in_fields;
                }
            }
        }
        // The term the word's exact match already reads in each field: its
        // stem in the stemmed fields, the word as typed in the others. It
        // ranks above any typo, so it is not read a second time here.
        let stem = spellings.first().copied().unwrap_or_default();
        let as_typed = spellings.last().copied().unwrap_or_default();
        Ok(fields
            .iter()
            .enumerate()
            .map(|(i, &field)| {
                let exact = if i < STEMMED_SOURCES { stem } else { as_typed };
                found
                    .iter()
                    .filter(|(word, in_fields)| {
                        *in_fields & (1 << i) != 0 && word.as_slice() != exact.as_bytes()
                    })
                    .filter_map(|(word, _)| std::str::from_utf8(word).ok())
                    .map(|text| Term::from_field_text(field, text))
                    .collect()
            })
            .collect())
    }
}

/// A union of term queries: a handful of terms, for which tantivy's
/// `TermSetQuery` (an FST built per query) costs far more.
pub fn any_of(terms: &[Term]) -> BooleanQuery {
    BooleanQuery::new(
        terms
            .iter()
            .map(|term| {
                let query: Box<dyn Query> =
                    Box::new(TermQuery::new(term.clone(), IndexRecordOption::Basic));
                (Occur::Should, query)
            })
            .collect(),
    )
}
