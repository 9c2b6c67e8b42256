//! One pass over the documents that match the text and store filters,
//! computing everything a search page needs at once:
//!
//! - the exact number of documents passing every filter, and the best K of
//!   them in the requested order;
//! - disjunctive facet counts: each facet counts the documents that pass
//!   every filter *except its own*, so a multi-select facet stays truthful.
//!
//! The facet filters (category, price, availability) are evaluated here from
//! fast fields rather than in the query, precisely because each facet needs
//! the documents its own filter would remove. Counts are exact: every
//! matching document is visited.

use std::{
    collections::{BinaryHeap, HashMap},
    sync::Arc,
};

use super::index::Generation;
use crate::domain::search::Sort;
use tantivy::{
    DocAddress, DocId, Score, SegmentOrdinal, SegmentReader,
    collector::{Collector, SegmentCollector},
    columnar::Column,
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
    /// Sorted category ids; empty means no category filter.
    pub categories: Vec<u64>,
    /// Inclusive price range in cents.
    pub price_cents: Option<(u64, u64)>,
    /// Keep only documents in stock (at `store`, or anywhere).
    pub in_stock: bool,
    /// Whose stock "in stock" refers to; `None` means any store.
    pub store: Option<u64>,
}

/// Smaller keys rank first; the product id breaks ties, so the order is
/// total and pagination is stable.
pub type RankKey = (u64, u64);

#[derive(Debug, Default)]
pub struct SearchFruit {
    pub count: u64,
    /// The best hits, best first.
    pub top: Vec<(RankKey, DocAddress)>,
    pub categories: HashMap<u64, u64>,
    pub prices: Vec<u64>,
    pub in_stock: u64,
    pub out_of_stock: u64,
}

pub struct SearchCollector {
    /// Whose cached columns to read.
    pub generation: Arc<Generation>,
    pub filters: FacetFilters,
    pub sort: Sort,
    /// How many of the best hits to keep (offset + page size).
    pub keep: usize,
}

/// Matches are buffered and their columns read a block at a time.
const BLOCK: usize = 256;
/// Category ids below this are counted in a dense array, others in a map.
const DENSE_CATEGORIES: u64 = 1 << 16;

pub struct SearchSegmentCollector {
    segment: SegmentOrdinal,
    filters: FacetFilters,
    sort: Sort,
    id: Column<u64>,
    category: Column<u64>,
    price: Column<u64>,
    created: Column<i64>,
    stock: Column<u64>,
    in_stock_any: Column<u64>,
    top: TopK<RankKey>,
    docs: Vec<DocId>,
    scores: Vec<Score>,
    categories_of: Vec<Option<u64>>,
    prices_of: Vec<Option<u64>>,
    in_stock_of: Vec<Option<u64>>,
    dense_categories: Vec<u64>,
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
        let columns = self.generation.columns(reader)?;
        Ok(SearchSegmentCollector {
            segment,
            filters: self.filters.clone(),
            sort: self.sort,
            id: columns.id.clone(),
            category: columns.category_id.clone(),
            price: columns.price_cents.clone(),
            created: columns.created_at.clone(),
            stock: columns.stock_stores.clone(),
            in_stock_any: columns.in_stock_any.clone(),
            top: TopK::new(self.keep),
            docs: Vec::with_capacity(BLOCK),
            scores: Vec::with_capacity(BLOCK),
            categories_of: vec![None; BLOCK],
            prices_of: vec![None; BLOCK],
            in_stock_of: vec![None; BLOCK],
            dense_categories: Vec::new(),
            fruit: SearchFruit {
                prices: vec![0; PRICE_BUCKETS.len()],
                ..SearchFruit::default()
            },
        })
    }

    fn requires_scoring(&self) -> bool {
        self.sort == Sort::Relevance
    }

    fn merge_fruits(&self, fruits: Vec<SearchFruit>) -> tantivy::Result<SearchFruit> {
        let mut merged = SearchFruit {
            prices: vec![0; PRICE_BUCKETS.len()],
            ..SearchFruit::default()
        };
        for fruit in fruits {
            merged.count += fruit.count;
            merged.top.extend(fruit.top);
            for (category, count) in fruit.categories {
                *merged.categories.entry(category).or_default() += count;
            }
            for (total, count) in merged.prices.iter_mut().zip(fruit.prices) {
                *total += count;
            }
            merged.in_stock += fruit.in_stock;
            merged.out_of_stock += fruit.out_of_stock;
        }
        merged.top.sort_unstable_by_key(|(key, _)| *key);
        merged.top.truncate(self.keep);
        Ok(merged)
    }
}

impl SearchSegmentCollector {
    /// Reads the buffered matches' columns in bulk, then evaluates each.
    fn flush(&mut self) {
        let n = self.docs.len();
        if n == 0 {
            return;
        }
        self.category
            .first_vals(&self.docs, &mut self.categories_of[..n]);
        self.price.first_vals(&self.docs, &mut self.prices_of[..n]);
        if self.filters.store.is_none() {
            self.in_stock_any
                .first_vals(&self.docs, &mut self.in_stock_of[..n]);
        }
        for i in 0..n {
            let doc = self.docs[i];
            let category = self.categories_of[i].unwrap_or(0);
            let price = self.prices_of[i].unwrap_or(0);
            let available = match self.filters.store {
                Some(store) => self.stock.values_for_doc(doc).any(|s| s == store),
                None => self.in_stock_of[i] == Some(1),
            };
            self.evaluate(doc, self.scores[i], category, price, available);
        }
        self.docs.clear();
        self.scores.clear();
    }

    fn evaluate(&mut self, doc: DocId, score: Score, category: u64, price: u64, available: bool) {
        let filters = &self.filters;
        let category_ok =
            filters.categories.is_empty() || filters.categories.binary_search(&category).is_ok();
        let price_ok = filters
            .price_cents
            .is_none_or(|(low, high)| (low..=high).contains(&price));
        let stock_ok = !filters.in_stock || available;

        if price_ok && stock_ok {
            if category < DENSE_CATEGORIES {
                let slot = category as usize;
                if slot >= self.dense_categories.len() {
                    self.dense_categories.resize(slot + 1, 0);
                }
                self.dense_categories[slot] += 1;
            } else {
                *self.fruit.categories.entry(category).or_default() += 1;
            }
        }
        if category_ok && stock_ok {
            self.fruit.prices[price_bucket(price)] += 1;
        }
        if category_ok && price_ok {
            if available {
                self.fruit.in_stock += 1;
            } else {
                self.fruit.out_of_stock += 1;
            }
        }
        if category_ok && price_ok && stock_ok {
            self.fruit.count += 1;
            let primary = match self.sort {
                // Scores are non-negative, so their bit patterns sort like them.
                Sort::Relevance => u64::from(u32::MAX - score.max(0.0).to_bits()),
                Sort::PriceAsc => price,
                Sort::PriceDesc => u64::MAX - price,
                Sort::Newest => {
                    u64::MAX - ((self.created.first(doc).unwrap_or(0) as u64) ^ (1 << 63))
                }
            };
            // The id is read only for documents that can still make the cut.
            if self.top.rejects(&(primary, 0)) {
                return;
            }
            let id = self.id.first(doc).unwrap_or(0);
            let tiebreak = if self.sort == Sort::Newest {
                u64::MAX - id
            } else {
                id
            };
            self.top.push((primary, tiebreak), doc);
        }
    }
}

impl SegmentCollector for SearchSegmentCollector {
    type Fruit = SearchFruit;

    fn collect(&mut self, doc: DocId, score: Score) {
        self.docs.push(doc);
        self.scores.push(score);
        if self.docs.len() == BLOCK {
            self.flush();
        }
    }

    fn harvest(mut self) -> SearchFruit {
        self.flush();
        for (category, count) in self.dense_categories.iter().enumerate() {
            if *count > 0 {
                *self.fruit.categories.entry(category as u64).or_default() += count;
            }
        }
        let segment = self.segment;
        self.fruit.top = self
            .top
            .into_sorted()
            .into_iter()
            .map(|(key, doc)| (key, DocAddress::new(segment, doc)))
            .collect();
        self.fruit
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
