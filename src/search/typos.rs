//! The terms a misspelled word can stand for: each field's indexed terms
//! within the word's typo budget, found once per query by streaming every
//! segment's term dictionary through the word's Levenshtein automaton.
//!
//! A query with typos is built and evaluated several times (to decide
//! whether typos are needed, which words to drop, then the search itself);
//! an automaton query would build its automaton and stream the dictionaries
//! again each time, which was most of a search's cost. The expansion is
//! kept per word for the query's life and used as plain term sets.

use std::{cell::RefCell, collections::BTreeSet};

use tantivy::{
    Searcher, Term,
    query::{BooleanQuery, FuzzyTermQuery, Occur, Query, TermQuery},
    schema::{Field, IndexRecordOption},
};

/// Each word's expansions, computed on first use.
pub struct TypoTerms<'a> {
    searcher: &'a Searcher,
    found: RefCell<Vec<Option<Vec<Vec<Term>>>>>,
}

impl<'a> TypoTerms<'a> {
    pub fn new(searcher: &'a Searcher, words: usize) -> Self {
        Self {
            searcher,
            found: RefCell::new(vec![None; words]),
        }
    }

    /// For word `i`, spelled as `spellings` (within `budget` edits), the
    /// terms of each of `fields` (in that order) it may stand for; a field
    /// where it reaches nothing gets no query.
    pub fn queries(
        &self,
        i: usize,
        spellings: &[&str],
        budget: u8,
        fields: &[Field],
    ) -> tantivy::Result<Vec<Option<BooleanQuery>>> {
        if self.found.borrow()[i].is_none() {
            let terms = expand(self.searcher, spellings, budget, fields)?;
            self.found.borrow_mut()[i] = Some(terms);
        }
        let found = self.found.borrow();
        let per_field = found[i].as_deref().unwrap_or_default();
        Ok(per_field
            .iter()
            .map(|terms| (!terms.is_empty()).then(|| any_of(terms)))
            .collect())
    }
}

/// A union of term queries: a handful of terms, for which tantivy's
/// `TermSetQuery` (an FST built per query) costs far more.
fn any_of(terms: &[Term]) -> BooleanQuery {
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

fn expand(
    searcher: &Searcher,
    spellings: &[&str],
    budget: u8,
    fields: &[Field],
) -> tantivy::Result<Vec<Vec<Term>>> {
    let automata = spellings
        .iter()
        .map(|spelling| {
            // The field does not matter to the automaton, only the text.
            FuzzyTermQuery::new(Term::from_field_text(fields[0], spelling), budget, true)
                .automaton()
        })
        .collect::<tantivy::Result<Vec<_>>>()?;
    fields
        .iter()
        .map(|&field| {
            let mut terms: BTreeSet<Vec<u8>> = BTreeSet::new();
            for segment in searcher.segment_readers() {
                let dictionary = segment.inverted_index(field)?;
                for automaton in &automata {
                    let mut stream = dictionary.terms().search(automaton).into_stream()?;
                    while stream.advance() {
                        terms.insert(stream.key().to_vec());
                    }
                }
            }
            Ok(terms
                .into_iter()
                .filter_map(|bytes| String::from_utf8(bytes).ok())
                .map(|text| Term::from_field_text(field, &text))
                .collect())
        })
        .collect()
}
