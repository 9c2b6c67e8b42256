//! Facet values as the index holds them, and what a segment knows about
//! them.
//!
//! Every facet value of a document (each category on its path, its brand,
//! each attribute value) is one string of the multi-valued `facet_values`
//! column, so counting reads one column per match. A value's first byte says
//! what it is, and sorts the segment's dictionary into one ordinal range per
//! kind:
//!
//! - `\0<id>\x1f<parent id>\x1f<name>`: a category node (parent 0 at the root);
//! - `\x01<brand>`;
//! - `\x02<key>\x1f<value>`: an attribute value (numbers as written by
//!   [`number_text`]).
//!
//! `\x1f` cannot occur in names or values (control characters are refused
//! at every entry point).

use std::{collections::HashMap, ops::Range};

use serde_json::Value;
use tantivy::{DocId, SegmentReader, columnar::Column};

use crate::db::index_rows::ProductRow;

const CATEGORY: u8 = 0;
const BRAND: u8 = 1;
const ATTRIBUTE: u8 = 2;
const SEPARATOR: char = '\x1f';

/// A category path as one normalized key: names trimmed, lowercased and
/// joined by `>` ("cell phones>iphone").
pub fn path_key<'a>(names: impl Iterator<Item = &'a String>) -> String {
    names
        .map(|name| name.trim().to_lowercase())
        .collect::<Vec<_>>()
        .join(">")
}

/// A number the way facets show it: whole numbers without a fraction.
pub fn number_text(number: f64) -> String {
    if number.fract() == 0.0 && number.abs() < 1e15 {
        format!("{}", number as i64)
    } else {
        format!("{number}")
    }
}

/// The strings an attribute value contributes to search text.
pub fn attribute_texts(value: &Value) -> Vec<String> {
    match value {
        Value::String(text) => vec![text.clone()],
        Value::Array(items) => items
            .iter()
            .filter_map(|item| item.as_str().map(str::to_owned))
            .collect(),
        _ => Vec::new(),
    }
}

/// Every facet value of a product, encoded.
pub fn document_values(row: &ProductRow) -> Vec<String> {
    let mut values = Vec::new();
    let mut parent = 0;
    for (id, name) in row.category_path_ids.iter().zip(&row.category_path) {
        values.push(format!(
            "{}{id}{SEPARATOR}{parent}{SEPARATOR}{name}",
            char::from(CATEGORY)
        ));
        parent = *id;
    }
    if let Some(brand) = &row.brand {
        values.push(format!("{}{brand}", char::from(BRAND)));
    }
    for (key, value) in row.attributes.iter() {
        let texts = match value {
            Value::Number(number) => number.as_f64().map(number_text).into_iter().collect(),
            other => attribute_texts(other),
        };
        for text in texts {
            values.push(format!("{}{key}{SEPARATOR}{text}", char::from(ATTRIBUTE)));
        }
    }
    values.sort_unstable();
    values.dedup();
    values
}

/// A category as a facet value names it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CategoryNode {
    pub id: u64,
    /// 0 at the root.
    pub parent: u64,
    pub name: String,
    /// The name's words, normalized as a query's are: what category
    /// suggestions match prefixes against, on every keystroke.
    pub words: Vec<String>,
}

/// A category with the number of live products in it and below.
#[derive(Clone, Debug)]
pub struct CategoryCount {
    pub node: CategoryNode,
    pub count: u64,
}

/// Every category some live product is in (or below), by id, with counts.
pub fn category_counts(
    searcher: &tantivy::Searcher,
    facets_of: impl Fn(&SegmentReader) -> tantivy::Result<std::sync::Arc<SegmentFacets>>,
) -> tantivy::Result<HashMap<u64, CategoryCount>> {
    let mut all: HashMap<u64, CategoryCount> = HashMap::new();
    for segment in searcher.segment_readers() {
        let facets = facets_of(segment)?;
        // Live documents per combination of values, then per category.
        let mut per_combo = vec![0u64; facets.combos.len()];
        for doc in segment.doc_ids_alive() {
            if let Some(facts) = facets.docs.get(doc as usize)
                && let Some(count) = per_combo.get_mut(facts.combo as usize)
            {
                *count += 1;
            }
        }
        let mut counts = vec![0u64; facets.categories.len()];
        for (combo, &live) in per_combo.iter().enumerate() {
            if live == 0 {
                continue;
            }
            for &ord in facets.combos.of(combo as u32) {
                match counts.get_mut(ord as usize) {
                    Some(count) => *count += live,
                    // Category ordinals come first; the rest are not.
                    None => break,
                }
            }
        }
        for (node, count) in facets.categories.iter().zip(counts) {
            if count > 0 {
                all.entry(node.id)
                    .and_modify(|c| c.count += count)
                    .or_insert_with(|| CategoryCount {
                        node: node.clone(),
                        count,
                    });
            }
        }
    }
    Ok(all)
}

/// What counting and ranking read of every match, one row per document,
/// copied out of the columns into memory once per segment. A search visits
/// every match for exact counts, at a million products over a hundred
/// thousand of them, and what a match costs is the memory reads: a column
/// read is several (an index, then bit-unpacking), a field of its own
/// array is one cache miss each, one row is one.
#[derive(Clone, Copy, Debug, Default)]
pub struct DocFacts {
    /// Smaller is more popular (popularity is never negative, so its bits
    /// sort like it).
    pub unpopularity: u64,
    pub price_cents: u64,
    /// The document's facet values, as a [`Combos`] entry.
    pub combo: u32,
    /// Some store has it in stock.
    pub in_stock_any: bool,
}

impl DocFacts {
    fn read(segment: &SegmentReader, combo_of: &[u32]) -> tantivy::Result<Vec<Self>> {
        let fast = segment.fast_fields();
        let price_cents = fast.u64("price_cents")?;
        let popularity = fast.f64("popularity")?;
        let in_stock_any = fast.u64("in_stock_any")?;
        Ok((0..segment.max_doc())
            .map(|doc| Self {
                unpopularity: u64::MAX - popularity.first(doc).unwrap_or(0.0).max(0.0).to_bits(),
                price_cents: price_cents.first(doc).unwrap_or(0),
                combo: combo_of.get(doc as usize).copied().unwrap_or(0),
                in_stock_any: in_stock_any.first(doc) == Some(1),
            })
            .collect())
    }
}

/// The distinct sets of facet values the segment's documents have: those
/// sharing every value (category, brand, attributes) share one entry. On a
/// real catalog a few thousand cover a million products, so a search counts
/// each match once in a small per-combination table and spreads the totals
/// over the values once at the end.
pub struct Combos {
    /// Entry `c`'s ordinals are `ords[starts[c]..starts[c + 1]]`.
    starts: Vec<u32>,
    ords: Vec<u32>,
}

impl Default for Combos {
    /// One entry: no values.
    fn default() -> Self {
        Self {
            starts: vec![0, 0],
            ords: Vec::new(),
        }
    }
}

impl Combos {
    /// The segment's combinations, and each document's.
    fn read(column: &Column<u64>, max_doc: DocId) -> (Self, Vec<u32>) {
        let mut ids: HashMap<Vec<u32>, u32> = HashMap::new();
        let mut combos = Self {
            starts: vec![0],
            ords: Vec::new(),
        };
        let mut combo_of = Vec::with_capacity(max_doc as usize);
        let mut values = Vec::new();
        for doc in 0..max_doc {
            values.clear();
            values.extend(column.values_for_doc(doc).map(|ord| ord as u32));
            let combo = match ids.get(values.as_slice()) {
                Some(&combo) => combo,
                None => {
                    let combo = ids.len() as u32;
                    ids.insert(values.clone(), combo);
                    combos.ords.extend_from_slice(&values);
                    combos.starts.push(combos.ords.len() as u32);
                    combo
                }
            };
            combo_of.push(combo);
        }
        combos.ords.shrink_to_fit();
        (combos, combo_of)
    }

    pub fn len(&self) -> usize {
        self.starts.len().saturating_sub(1)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// A combination's ordinals, ascending.
    pub fn of(&self, combo: u32) -> &[u32] {
        let combo = combo as usize;
        match (self.starts.get(combo), self.starts.get(combo + 1)) {
            (Some(&start), Some(&end)) => self
                .ords
                .get(start as usize..end as usize)
                .unwrap_or_default(),
            _ => &[],
        }
    }
}

/// A segment's facet dictionary, decoded once per segment (segments are
/// immutable) so that queries never touch the dictionary.
#[derive(Default)]
pub struct SegmentFacets {
    /// Per document, what a match costs to count and rank.
    pub docs: Vec<DocFacts>,
    /// The documents' sets of value ordinals.
    pub combos: Combos,
    /// Ordinals `0..categories.len()` are category nodes.
    pub categories: Vec<CategoryNode>,
    pub brands: Range<u32>,
    /// Attribute keys with their ordinal ranges, sorted by key.
    pub keys: Vec<(String, Range<u32>)>,
    /// The shown text of each ordinal (a brand, an attribute value; empty
    /// for category nodes, whose names are in `categories`).
    pub values: Vec<Box<str>>,
}

impl SegmentFacets {
    pub fn open(segment: &SegmentReader) -> tantivy::Result<Self> {
        let Some(column) = segment.fast_fields().str("facet_values")? else {
            return Ok(Self {
                docs: DocFacts::read(segment, &[])?,
                ..Self::default()
            });
        };
        let (combos, combo_of) = Combos::read(column.ords(), segment.max_doc());
        let mut facets = Self {
            docs: DocFacts::read(segment, &combo_of)?,
            combos,
            ..Self::default()
        };
        let mut stream = column.dictionary().stream()?;
        let mut brand_start = None;
        while stream.advance() {
            let ord = stream.term_ord() as u32;
            let text = String::from_utf8_lossy(stream.key());
            let (kind, rest) = match text.as_bytes().first() {
                Some(&kind) => (kind, &text[1..]),
                None => (u8::MAX, ""),
            };
            let mut value = "";
            match kind {
                CATEGORY => {
                    let mut parts = rest.splitn(3, SEPARATOR);
                    let id = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
                    let parent = parts.next().and_then(|p| p.parse().ok()).unwrap_or(0);
                    let name = parts.next().unwrap_or_default().to_owned();
                    let words = super::text::words(&name);
                    facets.categories.push(CategoryNode {
                        id,
                        parent,
                        name,
                        words,
                    });
                }
                BRAND => {
                    brand_start.get_or_insert(ord);
                    facets.brands = brand_start.unwrap_or(ord)..ord + 1;
                    value = rest;
                }
                ATTRIBUTE => {
                    let (key, text) = rest.split_once(SEPARATOR).unwrap_or((rest, ""));
                    match facets.keys.last_mut() {
                        Some((last, range)) if last == key => range.end = ord + 1,
                        _ => facets.keys.push((key.to_owned(), ord..ord + 1)),
                    }
                    value = text;
                }
                _ => {}
            }
            facets.values.push(value.into());
        }
        Ok(facets)
    }

    pub fn num_values(&self) -> usize {
        self.values.len()
    }

    /// The ordinal range of an attribute key's values (empty when absent).
    pub fn key_range(&self, key: &str) -> Range<u32> {
        self.keys
            .binary_search_by(|(k, _)| k.as_str().cmp(key))
            .map(|i| self.keys[i].1.clone())
            .unwrap_or(0..0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(number_text(32.0), "32");
        assert_eq!(number_text(6.1), "6.1");
        assert_eq!(number_text(-2.0), "-2");
    }

    #[test]
    fn path_keys_ignore_case_and_padding() {
        let path = ["Cell Phones".to_owned(), " iPhone ".to_owned()];
        assert_eq!(path_key(path.iter()), "cell phones>iphone");
    }
}
