//! One pass over the documents that match the text and store filters,
//! computing everything a search page needs at once:
//!
//! - the exact number of documents passing every filter, and the best K of
//!   them in the requested order;
//! - disjunctive facet counts: each facet counts the documents that pass
//!   every filter *except its own*, so a multi-select facet stays truthful.
//!
//! The facet filters (category, price, availability, brand, attributes) are
//! evaluated here from fast fields rather than in the query, precisely
//! because each facet needs the documents its own filter would remove: a
//! document failing no filter counts everywhere, one failing exactly one
//! filter counts in that filter's facet only. Counts are exact: every
//! matching document is visited.

use std::{
    collections::{BinaryHeap, HashMap},
    sync::Arc,
};

use super::{
    facets::{DocFacts, SegmentFacets},
    index::Generation,
    schema::SegmentColumns,
};
use crate::domain::search::Sort;
use tantivy::{
    BitSet, DocAddress, DocId, Score, SegmentOrdinal, SegmentReader,
    collector::{Collector, SegmentCollector},
};

/// Price facet buckets in cents: `[low, high)`, the last one open-ended.
pub const PRICE_BUCKETS: &[(u64, Option<u64>)] = &[
    (0, Some(2_500)),
    (2_500, Some(5_000)),
    (5_000, Some(10_000)),
    (10_000, Some(25_000)),
    (25_000, Some(50_000)),
    (50_000, Some(100_000)),
    (100_000, None),
];

fn price_bucket(cents: u64) -> usize {
    PRICE_BUCKETS
        .iter()
        .position(|&(_, high)| high.is_none_or(|high| cents < high))
        .unwrap_or(PRICE_BUCKETS.len() - 1)
}

/// The filters that are also facets.
#[derive(Clone, Debug, Default)]
pub struct FacetFilters {
    /// Sorted category ids (each with its whole subtree); empty means no
    /// category filter.
    pub categories: Vec<u64>,
    /// Inclusive price range in cents.
    pub price_cents: Option<(u64, u64)>,
    /// Keep only documents in stock (at `store`, or anywhere).
    pub in_stock: bool,
    /// Whose stock "in stock" refers to; `None` means any store.
    pub store: Option<u64>,
    /// Lowercased brands, any of which passes; empty means no brand filter.
    pub brands: Vec<String>,
    /// The facetable attribute keys, in the settings' order, each with its
    /// filter (if any).
    pub attributes: Vec<AttributeFacet>,
}

impl FacetFilters {
    /// Whether no filter applies (the store alone only says whose stock
    /// the availability facet counts).
    pub fn is_empty(&self) -> bool {
        self.categories.is_empty()
            && self.price_cents.is_none()
            && !self.in_stock
            && self.brands.is_empty()
            && !self.attributes.iter().any(AttributeFacet::filters)
    }
}

#[derive(Clone, Debug, Default)]
pub struct AttributeFacet {
    pub key: String,
    /// Lowercased values, any of which passes.
    pub values: Vec<String>,
    /// Inclusive bounds on a numeric value.
    pub range: Option<(f64, f64)>,
}

impl AttributeFacet {
    fn filters(&self) -> bool {
        !self.values.is_empty() || self.range.is_some()
    }

    fn accepts(&self, value: &str) -> bool {
        let listed =
            self.values.is_empty() || self.values.iter().any(|v| v == &value.to_lowercase());
        let in_range = self.range.is_none_or(|(low, high)| {
            value
                .parse::<f64>()
                .is_ok_and(|number| (low..=high).contains(&number))
        });
        listed && in_range
    }
}

/// Which filter a bit of a document's "fails" mask stands for. Each facet
/// counts the documents that fail no filter but (at most) its own.
const CATEGORY: u32 = 0;
const PRICE: u32 = 1;
const STOCK: u32 = 2;
const BRAND: u32 = 3;
/// Attribute `i` of [`FacetFilters::attributes`] is bit `ATTRIBUTE + i`.
const ATTRIBUTE: u32 = 4;
pub const MAX_ATTRIBUTE_FACETS: usize = 60 - ATTRIBUTE as usize;
/// Marks an ordinal no requested facet counts.
const UNCOUNTED: u8 = u8::MAX;
/// Marks an ordinal that passes its facet's filter.
const SELECTED: u8 = 0x80;

/// Smaller keys rank first: the requested order, then (for relevance)
/// popularity, then the product id, so the order is total and pagination
/// is stable.
pub type RankKey = (u64, u64, u64);

/// A category's count, with what the facet shows of it.
#[derive(Debug, Clone)]
pub struct CategoryTally {
    pub parent: u64,
    pub name: String,
    pub count: u64,
}

#[derive(Debug, Default)]
pub struct SearchFruit {
    pub count: u64,
    /// The best hits, best first.
    pub top: Vec<(RankKey, DocAddress)>,
    pub categories: HashMap<u64, CategoryTally>,
    pub brands: HashMap<String, u64>,
    /// Per facetable attribute, in the order of [`FacetFilters::attributes`].
    pub attributes: Vec<HashMap<String, u64>>,
    pub prices: Vec<u64>,
    /// Lowest and highest price, in cents, under every filter but price's.
    pub price_range: Option<(u64, u64)>,
    pub in_stock: u64,
    pub out_of_stock: u64,
}

impl SearchFruit {
    fn empty(attributes: usize) -> Self {
        Self {
            prices: vec![0; PRICE_BUCKETS.len()],
            attributes: vec![HashMap::new(); attributes],
            ..Self::default()
        }
    }
}

pub struct SearchCollector {
    /// Whose cached columns to read.
    pub generation: Arc<Generation>,
    pub filters: FacetFilters,
    pub sort: Sort,
    /// How many of the best hits to keep (offset + page size).
    pub keep: usize,
}

pub struct SearchSegmentCollector {
    segment: SegmentOrdinal,
    sort: Sort,
    filters: SegmentFilters,
    /// Matches not evaluated yet: see [`SearchSegmentCollector::flush`].
    pending: Vec<(DocId, Score)>,
    tally: Tally,
}

/// The filters, ready to test one segment's documents.
pub struct SegmentFilters {
    filters: FacetFilters,
    columns: Arc<SegmentColumns>,
    /// Per facet-value ordinal: the bit of the facet counting it (or
    /// `UNCOUNTED`), with `SELECTED` when it passes that facet's filter.
    groups: Vec<u8>,
    /// The bits of the brand, category and attribute filters in use.
    value_filters: u64,
    /// No filter at all: every match counts everywhere.
    unfiltered: bool,
    /// Per facet combination (see [`super::facets::Combos`]): the value
    /// filters it fails, or [`NOT_YET`] until a match has it.
    combo_fails: Vec<u64>,
}

/// How many matches are evaluated together.
const BATCH: usize = 64;

/// A combination's failed filters, not computed yet (bit 63 is never a
/// filter's).
const NOT_YET: u64 = u64::MAX;

/// What the pass has found so far in one segment.
struct Tally {
    /// Per facet combination: matches failing no filter, which count for
    /// every value of the combination.
    passed: Vec<u32>,
    /// Per facet combination: matches failing one value filter only, which
    /// count for that filter's facet only.
    failed_one: Vec<u32>,
    /// The combinations some match had, in first-seen order: a query with
    /// few matches spreads few totals, however many combinations exist.
    touched: Vec<u32>,
    top: TopK<RankKey>,
    fruit: SearchFruit,
}

impl Collector for SearchCollector {
    type Fruit = SearchFruit;
    type Child = SearchSegmentCollector;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<Self::Child> {
        let filters = SegmentFilters::new(&self.generation, &self.filters, reader)?;
        let combos = filters.columns.facets.combos.len();
        Ok(SearchSegmentCollector {
            segment,
            sort: self.sort,
            tally: Tally {
                passed: vec![0; combos],
                failed_one: if filters.value_filters == 0 {
                    Vec::new()
                } else {
                    vec![0; combos]
                },
                touched: Vec::new(),
                top: TopK::new(self.keep),
                fruit: SearchFruit::empty(self.filters.attributes.len()),
            },
            filters,
            pending: Vec::with_capacity(BATCH),
        })
    }

    fn requires_scoring(&self) -> bool {
        self.sort == Sort::Relevance
    }

    fn merge_fruits(&self, fruits: Vec<SearchFruit>) -> tantivy::Result<SearchFruit> {
        let mut merged = SearchFruit::empty(self.filters.attributes.len());
        for fruit in fruits {
            merged.count += fruit.count;
            merged.top.extend(fruit.top);
            for (id, tally) in fruit.categories {
                merged
                    .categories
                    .entry(id)
                    .and_modify(|t| t.count += tally.count)
                    .or_insert(tally);
            }
            for (brand, count) in fruit.brands {
                *merged.brands.entry(brand).or_default() += count;
            }
            for (total, values) in merged.attributes.iter_mut().zip(fruit.attributes) {
                for (value, count) in values {
                    *total.entry(value).or_default() += count;
                }
            }
            for (total, count) in merged.prices.iter_mut().zip(fruit.prices) {
                *total += count;
            }
            merged.price_range = match (merged.price_range, fruit.price_range) {
                (Some((a, b)), Some((c, d))) => Some((a.min(c), b.max(d))),
                (a, b) => a.or(b),
            };
            merged.in_stock += fruit.in_stock;
            merged.out_of_stock += fruit.out_of_stock;
        }
        merged.top.sort_unstable_by_key(|(key, _)| *key);
        merged.top.truncate(self.keep);
        Ok(merged)
    }
}

/// Which facet counts each of the segment's value ordinals, and whether it
/// passes that facet's filter; and the bits of the value filters in use.
fn facet_groups(facets: &SegmentFacets, filters: &FacetFilters) -> (Vec<u8>, u64) {
    let mut groups = vec![UNCOUNTED; facets.num_values()];
    let mut in_use = 0;
    for (ord, node) in facets.categories.iter().enumerate() {
        let selected = filters.categories.binary_search(&node.id).is_ok();
        groups[ord] = CATEGORY as u8 | if selected { SELECTED } else { 0 };
    }
    if !filters.categories.is_empty() {
        in_use |= 1 << CATEGORY;
    }
    for ord in facets.brands.clone() {
        let value = &facets.values[ord as usize];
        let selected = filters.brands.iter().any(|b| *b == value.to_lowercase());
        groups[ord as usize] = BRAND as u8 | if selected { SELECTED } else { 0 };
    }
    if !filters.brands.is_empty() {
        in_use |= 1 << BRAND;
    }
    for (i, facet) in filters.attributes.iter().enumerate() {
        let bit = ATTRIBUTE + i as u32;
        let filtering = facet.filters();
        for ord in facets.key_range(&facet.key) {
            let selected = filtering && facet.accepts(&facets.values[ord as usize]);
            groups[ord as usize] = bit as u8 | if selected { SELECTED } else { 0 };
        }
        if filtering {
            in_use |= 1 << bit;
        }
    }
    (groups, in_use)
}

impl SegmentFilters {
    pub fn new(
        generation: &Generation,
        filters: &FacetFilters,
        reader: &SegmentReader,
    ) -> tantivy::Result<Self> {
        let columns = generation.columns(reader)?;
        let (groups, value_filters) = facet_groups(&columns.facets, filters);
        let unfiltered = filters.is_empty();
        Ok(Self {
            combo_fails: if unfiltered {
                Vec::new()
            } else {
                vec![NOT_YET; columns.facets.combos.len()]
            },
            filters: filters.clone(),
            columns,
            groups,
            value_filters,
            unfiltered,
        })
    }

    /// Whether `doc` passes every filter.
    pub fn passes(&mut self, doc: DocId) -> bool {
        if self.unfiltered {
            return true;
        }
        let facts = self.facts(doc);
        self.price_passes(facts.price_cents)
            && (self.value_filters == 0 || self.value_fails(facts.combo) == 0)
            && (!self.filters.in_stock || self.available(doc, &facts))
    }

    /// The documents below `max_doc` that pass every filter, read in
    /// order (rows read in order cost far less than the same rows read
    /// at random): what recovery intersects its checks with once they
    /// have tested many documents one by one.
    pub fn passing(&mut self, max_doc: DocId) -> BitSet {
        let mut passing = BitSet::with_max_value(max_doc);
        // Each combination's value filters decided once, not per document.
        let combos_passing: Vec<bool> = (0..self.columns.facets.combos.len() as u32)
            .map(|combo| self.value_filters == 0 || self.value_fails(combo) == 0)
            .collect();
        let docs = &self.columns.facets.docs;
        for doc in 0..max_doc {
            let Some(facts) = docs.get(doc as usize) else {
                break;
            };
            if self.price_passes(facts.price_cents)
                && combos_passing.get(facts.combo as usize) == Some(&true)
                && (!self.filters.in_stock || self.available(doc, facts))
            {
                passing.insert(doc);
            }
        }
        passing
    }

    fn price_passes(&self, cents: u64) -> bool {
        self.filters
            .price_cents
            .is_none_or(|(low, high)| (low..=high).contains(&cents))
    }

    fn facts(&self, doc: DocId) -> DocFacts {
        let docs = &self.columns.facets.docs;
        docs.get(doc as usize).copied().unwrap_or_default()
    }

    fn available(&self, doc: DocId, facts: &DocFacts) -> bool {
        match self.filters.store {
            Some(store) => self
                .columns
                .stock_stores
                .values_for_doc(doc)
                .any(|s| s == store),
            None => facts.in_stock_any,
        }
    }

    /// The filters `doc` fails (one bit each; once two are found, the value
    /// filters are not looked at), and whether it is available.
    fn fails(&mut self, doc: DocId, facts: &DocFacts) -> (u64, bool) {
        let available = self.available(doc, facts);
        let mut fails = 0u64;
        if !self.price_passes(facts.price_cents) {
            fails |= 1 << PRICE;
        }
        if self.filters.in_stock && !available {
            fails |= 1 << STOCK;
        }
        if fails.count_ones() < 2 && self.value_filters != 0 {
            fails |= self.value_fails(facts.combo);
        }
        (fails, available)
    }

    /// The value filters (category, brand, attributes) a combination fails.
    fn value_fails(&mut self, combo: u32) -> u64 {
        let known = self.combo_fails[combo as usize];
        if known != NOT_YET {
            return known;
        }
        let mut passed = 0u64;
        for &ord in self.columns.facets.combos.of(combo) {
            let group = self.groups[ord as usize];
            if group != UNCOUNTED && group & SELECTED != 0 {
                passed |= 1 << (group & !SELECTED);
            }
        }
        let fails = self.value_filters & !passed;
        self.combo_fails[combo as usize] = fails;
        fails
    }
}

impl SearchSegmentCollector {
    /// A match that fails at most one filter counts in that filter's
    /// facet; one that fails none counts everywhere and is ranked.
    fn evaluate(&mut self, doc: DocId, facts: DocFacts, score: Score) {
        let (fails, available) = self.filters.fails(doc, &facts);
        let columns = &self.filters.columns;
        let tally = &mut self.tally;
        match fails.count_ones() {
            0 => tally.pass(columns, self.sort, doc, score, &facts, available),
            1 => match fails.trailing_zeros() {
                PRICE => tally.count_price(facts.price_cents),
                STOCK => tally.count_stock(available),
                _ => tally.fail_one(facts.combo),
            },
            _ => {}
        }
    }

    /// Evaluates the pending matches. Their rows are read first, all
    /// together: a search at a million products visits a hundred thousand
    /// matches or more, each row a cache miss, and misses issued together
    /// overlap where one at a time they would wait in turn.
    fn flush(&mut self) {
        let mut rows = [DocFacts::default(); BATCH];
        for (row, &(doc, _)) in rows.iter_mut().zip(&self.pending) {
            *row = self.filters.facts(doc);
        }
        let pending = std::mem::take(&mut self.pending);
        for (&(doc, score), &facts) in pending.iter().zip(&rows) {
            if self.filters.unfiltered {
                // The common page: no filter, so nothing to decide.
                let available = self.filters.available(doc, &facts);
                self.tally.pass(
                    &self.filters.columns,
                    self.sort,
                    doc,
                    score,
                    &facts,
                    available,
                );
            } else {
                self.evaluate(doc, facts, score);
            }
        }
        self.pending = pending;
        self.pending.clear();
    }

    /// Each facet value's count, from the combinations' tallies.
    fn value_counts(&self) -> Vec<u32> {
        let mut counts = vec![0u32; self.filters.groups.len()];
        let combos = &self.filters.columns.facets.combos;
        for &combo in &self.tally.touched {
            let combo = combo as usize;
            let passed = self.tally.passed[combo];
            let failed_one = self.tally.failed_one.get(combo).copied().unwrap_or(0);
            // The facet of the one filter these matches fail.
            let failed = match failed_one {
                0 => u32::MAX,
                _ => self.filters.combo_fails[combo].trailing_zeros(),
            };
            for &ord in combos.of(combo as u32) {
                let group = self.filters.groups[ord as usize];
                if group == UNCOUNTED {
                    continue;
                }
                let mut count = passed;
                if u32::from(group & !SELECTED) == failed {
                    count += failed_one;
                }
                counts[ord as usize] += count;
            }
        }
        counts
    }
}

impl Tally {
    /// Notes a combination before its first count.
    fn touch(&mut self, combo: u32) {
        let combo = combo as usize;
        if self.passed[combo] == 0 && self.failed_one.get(combo).is_none_or(|&n| n == 0) {
            self.touched.push(combo as u32);
        }
    }

    /// A match that passes every filter: it counts in every facet, and is
    /// ranked.
    fn pass(
        &mut self,
        columns: &SegmentColumns,
        sort: Sort,
        doc: DocId,
        score: Score,
        facts: &DocFacts,
        available: bool,
    ) {
        self.touch(facts.combo);
        self.passed[facts.combo as usize] += 1;
        self.count_price(facts.price_cents);
        self.count_stock(available);
        self.rank(columns, sort, doc, score, facts);
    }

    /// A match that fails one value filter only: it counts in that
    /// filter's facet.
    fn fail_one(&mut self, combo: u32) {
        self.touch(combo);
        self.failed_one[combo as usize] += 1;
    }

    fn count_price(&mut self, price: u64) {
        self.fruit.prices[price_bucket(price)] += 1;
        self.fruit.price_range = Some(match self.fruit.price_range {
            Some((low, high)) => (low.min(price), high.max(price)),
            None => (price, price),
        });
    }

    fn count_stock(&mut self, available: bool) {
        if available {
            self.fruit.in_stock += 1;
        } else {
            self.fruit.out_of_stock += 1;
        }
    }

    /// A document that passes every filter: counted, and kept if among the best.
    fn rank(
        &mut self,
        columns: &SegmentColumns,
        sort: Sort,
        doc: DocId,
        score: Score,
        facts: &DocFacts,
    ) {
        self.fruit.count += 1;
        let price = facts.price_cents;
        let primary = match sort {
            // Scores are non-negative, so their bit patterns sort like them.
            Sort::Relevance => u64::from(u32::MAX - score.max(0.0).to_bits()),
            Sort::PriceAsc => price,
            Sort::PriceDesc => u64::MAX - price,
            Sort::Newest => {
                u64::MAX - ((columns.created_at.first(doc).unwrap_or(0) as u64) ^ (1 << 63))
            }
            Sort::Popularity => facts.unpopularity,
        };
        // The rest is read only for documents that can still make the cut.
        if self.top.rejects(&(primary, 0, 0)) {
            return;
        }
        let popular = match sort {
            // Equally relevant: the more popular first.
            Sort::Relevance => facts.unpopularity,
            _ => 0,
        };
        if self.top.rejects(&(primary, popular, 0)) {
            return;
        }
        let id = columns.id.first(doc).unwrap_or(0);
        let tiebreak = if sort == Sort::Newest {
            u64::MAX - id
        } else {
            id
        };
        self.top.push((primary, popular, tiebreak), doc);
    }
}

impl SegmentCollector for SearchSegmentCollector {
    type Fruit = SearchFruit;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.pending.push((doc, score));
        if self.pending.len() == BATCH {
            self.flush();
        }
    }

    fn harvest(mut self) -> SearchFruit {
        self.flush();
        let counts = self.value_counts();
        let facets = &self.filters.columns.facets;
        let mut fruit = self.tally.fruit;
        for (ord, &count) in counts.iter().enumerate() {
            if count == 0 {
                continue;
            }
            let count = u64::from(count);
            let group = u32::from(self.filters.groups[ord] & !SELECTED);
            if group == CATEGORY {
                let node = &facets.categories[ord];
                fruit
                    .categories
                    .entry(node.id)
                    .and_modify(|t| t.count += count)
                    .or_insert_with(|| CategoryTally {
                        parent: node.parent,
                        name: node.name.clone(),
                        count,
                    });
                continue;
            }
            let value = facets.values[ord].to_string();
            if group == BRAND {
                *fruit.brands.entry(value).or_default() += count;
            } else if let Some(values) = fruit.attributes.get_mut((group - ATTRIBUTE) as usize) {
                *values.entry(value).or_default() += count;
            }
        }
        let segment = self.segment;
        fruit.top = self
            .tally
            .top
            .into_sorted()
            .into_iter()
            .map(|(key, doc)| (key, DocAddress::new(segment, doc)))
            .collect();
        fruit
    }
}

/// Keeps the `k` smallest keys seen.
pub struct TopK<K: Ord> {
    k: usize,
    heap: BinaryHeap<(K, DocId)>,
}

impl<K: Ord + Copy> TopK<K> {
    pub fn new(k: usize) -> Self {
        Self {
            k,
            heap: BinaryHeap::with_capacity(k.min(1024) + 1),
        }
    }

    /// Whether every key not smaller than `key` is out: the heap is full and
    /// its worst is better than `key`.
    pub fn rejects(&self, key: &K) -> bool {
        self.k == 0
            || (self.heap.len() >= self.k && self.heap.peek().is_some_and(|worst| *key > worst.0))
    }

    pub fn push(&mut self, key: K, doc: DocId) {
        if self.k == 0 {
            return;
        }
        if self.heap.len() < self.k {
            self.heap.push((key, doc));
        } else if let Some(worst) = self.heap.peek()
            && key < worst.0
        {
            self.heap.pop();
            self.heap.push((key, doc));
        }
    }

    /// Best (smallest) first.
    pub fn into_sorted(self) -> Vec<(K, DocId)> {
        let mut items = self.heap.into_vec();
        items.sort_unstable();
        items
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn price_buckets_cover_every_price() {
        assert_eq!(price_bucket(0), 0);
        assert_eq!(price_bucket(2_499), 0);
        assert_eq!(price_bucket(2_500), 1);
        assert_eq!(price_bucket(99_999), 5);
        assert_eq!(price_bucket(u64::MAX), 6);
    }

    #[test]
    fn top_k_keeps_the_smallest_keys_in_order() {
        let mut top = TopK::new(3);
        for (key, doc) in [(5, 0), (1, 1), (4, 2), (2, 3), (9, 4)] {
            top.push(key, doc);
        }
        assert_eq!(top.into_sorted(), vec![(1, 1), (2, 3), (4, 2)]);
    }
}
