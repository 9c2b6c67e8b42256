//! Autocomplete. Every word but the last must be a title word (with the
//! typo budget of search); the last must begin a title word, with one typo
//! forgiven from 4 characters. Words may be run together or apart, as in
//! search (see [`matching`]). Prefixes are indexed as edge n-grams, so a
//! prefix is one posting list, however many words share it: no candidate is
//! lost to a cap on expansions. A title's words include the initials of its
//! humped words joined with a number after them ("ps5"), completed only
//! past the initials (`text::suggest_words`).
//!
//! Tiers, best first, each only looked at while the list has room:
//! 1. titles matching every word as typed, a last word with a digit whole
//!    ("iphone 12" is the iPhone 12 before an iPhone 15 128GB);
//! 2. the same with the last word as a prefix;
//! 3. titles matching within each word's typo budget.
//!
//! Within each tier, by `suggest_rank` (more popular first, then
//! shorter titles, then more units in stock). Segments are sorted by
//! `suggest_rank`, so a tier reads only the first `limit` live hits
//! of each segment instead of scoring every match of a short prefix.

use std::collections::{BTreeSet, HashSet};

use serde::Serialize;
use tantivy::{
    DocAddress, DocSet, Searcher, TERMINATED, TantivyDocument, Term,
    query::{BooleanQuery, EnableScoring, FuzzyTermQuery, Query, TermQuery},
    schema::{Field, IndexRecordOption, Value},
};

use super::{
    facets::CategoryCount,
    index::Generation,
    relevance::{split_letters_and_digits, typo_eligible},
    schema::stored_text,
    text::{indexed_prefix, joins_as_prefix, query_words, typo_budget},
    typos::any_of,
};
use crate::domain::search::SuggestRequest;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Suggestion {
    pub id: u64,
    pub title: String,
    pub category: String,
}

/// A match found so far: its rank (lower first) and where it is.
pub type Match = (u64, DocAddress);

/// Whether the exact tier left room for typo matches. The exact tier is
/// cheap (it reads the first hits of each rank-sorted segment); the typo
/// tier walks Levenshtein automata, so callers may run it elsewhere.
pub fn needs_typos(request: &SuggestRequest, hits: &[Match]) -> bool {
    hits.len() < request.limit
}

/// Every word as spelled, the last as a prefix; a last word with a digit
/// first as a whole word (whole words before prefixes, as search's
/// exactness rule has it: "iphone 12" is an iPhone 12 before an iPhone 15
/// 128GB).
pub fn exact_matches(
    generation: &Generation,
    searcher: &Searcher,
    request: &SuggestRequest,
) -> tantivy::Result<Vec<Match>> {
    let mut hits = Vec::new();
    let words = query_words(&request.q);
    if words.last().is_some_and(|last| whole_first(last))
        && let Some(whole) = matching(generation, searcher, &words, false, Last::Whole)?
    {
        fill(generation, searcher, &whole, request.limit, &mut hits)?;
    }
    if let Some(prefix) = matching(generation, searcher, &words, false, Last::Prefix)? {
        fill(generation, searcher, &prefix, request.limit, &mut hits)?;
    }
    Ok(hits)
}

/// Whether the last word is looked for whole before as a prefix: when it
/// has a digit, it is a model number or a size, and "12" is not "128gb".
/// A word of letters is more often still being typed ("cam" on its way to
/// "camera" rather than the "Dash Cam"): measured both ways, whole words
/// first for every word cost keystrokes in ten judged queries.
fn whole_first(last: &str) -> bool {
    last.chars().any(|c| c.is_ascii_digit())
}

/// How the last word must match a title word.
#[derive(Clone, Copy)]
enum Last {
    Whole,
    Prefix,
}

/// Fills `hits` (the exact matches, all of them since they did not fill the
/// list) with matches within each word's typo budget.
pub fn add_typo_matches(
    generation: &Generation,
    searcher: &Searcher,
    request: &SuggestRequest,
    hits: &mut Vec<Match>,
) -> tantivy::Result<()> {
    let words = query_words(&request.q);
    if let Some(with_typos) = matching(generation, searcher, &words, true, Last::Prefix)? {
        fill(generation, searcher, &with_typos, request.limit, hits)?;
    }
    Ok(())
}

/// Every word but the last must be a title word, the last must begin one
/// (or, with [`Last::Whole`], be one); with `typos`, each within its budget
/// (the prefix forgives one typo from 4 characters). As in search, a word
/// may also be two title words run together ("wifi" is "Wi-Fi"), or one
/// title word with a neighbour ("ps 5" is "ps5", "smart wa" begins
/// "Smartwatch"), and a last word of letters and digits run together is
/// its parts, the last a prefix ("iphone1" begins "iPhone 15"). `words` are
/// the query's (`query_words`); `None` when there are none.
fn matching(
    generation: &Generation,
    searcher: &Searcher,
    words: &[String],
    typos: bool,
    last_as: Last,
) -> tantivy::Result<Option<BooleanQuery>> {
    let fields = &generation.fields;
    let Some(last) = words.last() else {
        return Ok(None);
    };
    let n = words.len() - 1;
    // Word `i` with the word after it, as one title word: whole, and as a
    // prefix when that is the last word, as search looks it up.
    let joined_with_next = |i: usize| -> Box<dyn Query> {
        let joined = format!("{}{}", words[i], words[i + 1]);
        let whole = term(fields.title_words, &joined);
        if i + 1 == n && matches!(last_as, Last::Prefix) && joins_as_prefix(&words[i], last) {
            either(whole, term(fields.title_prefixes, indexed_prefix(&joined)))
        } else {
            whole
        }
    };
    let budget = |budget: u8| if typos { budget } else { 0 };
    let mut clauses: Vec<Box<dyn Query>> = Vec::with_capacity(words.len());
    for (i, word) in words[..n].iter().enumerate() {
        let word_budget = if typo_eligible(word) {
            typo_budget(word)
        } else {
            0
        };
        let mut alternatives = vec![
            exact_or_typo(searcher, fields.title_words, word, budget(word_budget))?,
            // Run together: "wifi" is "Wi-Fi", "iphone7" is "iPhone 7".
            term(fields.title_joined, word),
            joined_with_next(i),
        ];
        if i > 0 {
            alternatives.push(joined_with_next(i - 1));
        }
        clauses.push(Box::new(BooleanQuery::union(alternatives)));
    }
    let prefix = indexed_prefix(last);
    let prefix_budget =
        u8::from(prefix.chars().count() >= 4 && prefix.chars().all(char::is_alphabetic));
    let mut alternatives = vec![
        match last_as {
            Last::Whole => term(fields.title_words, last),
            Last::Prefix => exact_or_typo(
                searcher,
                fields.title_prefixes,
                prefix,
                budget(prefix_budget),
            )?,
        },
        term(fields.title_joined, last),
    ];
    if n > 0 {
        alternatives.push(joined_with_next(n - 1));
    }
    // Letters and digits run together while typed: "iphone1" is "iphone"
    // and a word beginning "1".
    if let Last::Prefix = last_as
        && let Some(parts) = split_letters_and_digits(last)
        && let Some((digits, letters)) = parts.split_last()
    {
        let mut split: Vec<Box<dyn Query>> = letters
            .iter()
            .map(|part| term(fields.title_words, part))
            .collect();
        split.push(term(fields.title_prefixes, indexed_prefix(digits)));
        alternatives.push(Box::new(BooleanQuery::intersection(split)));
    }
    clauses.push(Box::new(BooleanQuery::union(alternatives)));
    Ok(Some(BooleanQuery::intersection(clauses)))
}

/// Matches either query.
fn either(a: Box<dyn Query>, b: Box<dyn Query>) -> Box<dyn Query> {
    Box::new(BooleanQuery::union(vec![a, b]))
}

/// The suggestions' titles and categories, in rank order.
pub fn render(
    generation: &Generation,
    searcher: &Searcher,
    hits: Vec<Match>,
) -> tantivy::Result<Vec<Suggestion>> {
    let fields = &generation.fields;
    hits.into_iter()
        .map(|(_, address)| {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = |field| stored_text(&doc, field);
            Ok(Suggestion {
                id: doc
                    .get_first(fields.id)
                    .and_then(|v| v.as_u64())
                    .unwrap_or_default(),
                title: text(fields.title_display),
                category: text(fields.category_name),
            })
        })
        .collect()
}

/// Categories suggested at most.
const CATEGORY_SUGGESTIONS: usize = 3;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CategorySuggestion {
    pub id: u64,
    /// The path, `Cell Phones > iPhone`.
    pub value: String,
    pub path: Vec<String>,
    /// Products in it and below.
    pub count: u64,
}

/// The categories whose name has a word starting with each query word
/// ("iph" finds "Cell Phones > iPhone"), the largest first.
pub fn categories(
    generation: &Generation,
    searcher: &Searcher,
    q: &str,
) -> tantivy::Result<Vec<CategorySuggestion>> {
    let asked = query_words(q);
    if asked.is_empty() {
        return Ok(Vec::new());
    }
    let all = generation.category_counts(searcher)?;
    let mut matching: Vec<&CategoryCount> = all
        .values()
        .filter(|category| {
            let names = &category.node.words;
            asked
                .iter()
                .all(|word| names.iter().any(|name| name.starts_with(word.as_str())))
        })
        .collect();
    matching.sort_by(|a, b| {
        b.count
            .cmp(&a.count)
            .then_with(|| a.node.name.cmp(&b.node.name))
    });
    Ok(matching
        .into_iter()
        .take(CATEGORY_SUGGESTIONS)
        .map(|category| {
            let mut path = vec![category.node.name.clone()];
            let mut parent = category.node.parent;
            // A path is at most 8 deep; the bound guards a malformed index.
            for _ in 0..8 {
                let Some(up) = all.get(&parent) else { break };
                path.push(up.node.name.clone());
                parent = up.node.parent;
            }
            path.reverse();
            CategorySuggestion {
                id: category.node.id,
                value: path.join(" > "),
                path,
                count: category.count,
            }
        })
        .collect())
}

/// Adds to `hits` the best-ranked live matches of `query` not in it yet,
/// until it holds `limit`: the first ones of each segment (segments are
/// sorted by rank), merged by rank, after the hits already there.
fn fill(
    generation: &Generation,
    searcher: &Searcher,
    query: &dyn Query,
    limit: usize,
    hits: &mut Vec<Match>,
) -> tantivy::Result<()> {
    let room = limit.saturating_sub(hits.len());
    if room == 0 {
        return Ok(());
    }
    let skip: HashSet<DocAddress> = hits.iter().map(|(_, address)| *address).collect();
    let weight = query.weight(EnableScoring::disabled_from_searcher(searcher))?;
    let mut more = Vec::new();
    for (ordinal, segment) in searcher.segment_readers().iter().enumerate() {
        let rank = generation.columns(segment)?.suggest_rank.clone();
        let alive = segment.alive_bitset();
        let mut scorer = weight.scorer(segment, 1.0)?;
        let mut found = 0;
        let mut doc = scorer.doc();
        while doc != TERMINATED && found < room {
            let address = DocAddress::new(ordinal as u32, doc);
            if alive.is_none_or(|alive| alive.is_alive(doc)) && !skip.contains(&address) {
                more.push((rank.first(doc).unwrap_or(u64::MAX), address));
                found += 1;
            }
            doc = scorer.advance();
        }
    }
    more.sort_unstable();
    more.truncate(room);
    hits.extend(more);
    Ok(())
}

fn term(field: Field, text: &str) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::Basic,
    ))
}

/// The term itself, or the terms within `typos` edits, looked up in each
/// segment's dictionary. On the prefix field a plain fuzzy term is a fuzzy
/// prefix: every prefix of every title word is a term there.
///
/// The terms are unioned lazily (tantivy's fuzzy query reads every posting
/// of every term into a bitset first), so that the first hits of a
/// rank-sorted segment cost only the first blocks of each posting list.
fn exact_or_typo(
    searcher: &Searcher,
    field: Field,
    word: &str,
    typos: u8,
) -> tantivy::Result<Box<dyn Query>> {
    if typos == 0 {
        return Ok(term(field, word));
    }
    let automaton =
        FuzzyTermQuery::new(Term::from_field_text(field, word), typos, true).automaton()?;
    let mut found = BTreeSet::new();
    for segment in searcher.segment_readers() {
        let index = segment.inverted_index(field)?;
        let mut terms = index.terms().search(&automaton).into_stream()?;
        while terms.advance() {
            found.insert(terms.key().to_vec());
        }
    }
    let terms: Vec<Term> = found
        .iter()
        .filter_map(|text| std::str::from_utf8(text).ok())
        .map(|text| Term::from_field_text(field, text))
        .collect();
    Ok(Box::new(any_of(&terms)))
}
