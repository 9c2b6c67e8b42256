//! The index schema, in one place: which product fields are indexed, how,
//! and how a product row becomes a tantivy document.

use std::sync::Arc;

use tantivy::{
    DocId, IndexSettings, IndexSortByField, Order, SegmentReader, TantivyDocument,
    columnar::Column,
    schema::Value,
    schema::{
        FAST, Field, INDEXED, IndexRecordOption, STORED, Schema, TextFieldIndexing, TextOptions,
    },
};

use super::{
    facets::{self, SegmentFacets},
    text::{ANALYZER, normalize, pre_tokenized, suggest_words, with_initials, words},
    typos::{TYPO_SOURCES, Vocabulary},
};
use crate::db::index_rows::ProductRow;

/// The analyzer of the searched text fields (see `text`): words, folded to
/// ASCII, stemmed.
pub const STEMMED: &str = ANALYZER;

#[derive(Clone, Copy, Debug)]
pub struct Fields {
    pub id: Field,
    /// The title as written (stored, for answers).
    pub title_display: Field,
    /// Full text, stemmed, with positions (proximity).
    pub title: Field,
    /// The part of the title that names the product itself: before "for",
    /// "compatible with", "fits" (a "Case for iPhone 7" is a case).
    pub title_head: Field,
    /// Each pair of adjacent title words written together ("iphone7",
    /// "usbc", "smartwatch"), so run-together queries find them.
    pub title_joined: Field,
    /// Every lowercased title word, unstemmed (suggest's complete words).
    pub title_words: Field,
    /// Every prefix of every title word (suggest's last word, search-as-you-type).
    pub title_prefixes: Field,
    pub description: Field,
    /// As written (stored, for highlights).
    pub description_display: Field,
    /// Every name on the category path (searched); the leaf's is stored
    /// first for suggest.
    pub category_name: Field,
    /// The kind of product each category on the path names: the last word
    /// of each name, a name listing several kinds split at "&" and ","
    /// ("External Hard Drives & SSDs" names drives and SSDs). The ranking
    /// rule "kind" looks the query's own kind up here.
    pub category_type: Field,
    /// Each ancestor's normalized path as one term ("cell phones>iphone"):
    /// resolves `category=<path>`.
    pub category_key: Field,
    /// The leaf category.
    pub category_id: Field,
    /// Every category on the path, root first, itself included: filters
    /// match a whole subtree.
    pub category_path_ids: Field,
    /// The path's names, root first (stored, for answers).
    pub category_path: Field,
    /// Searched, stored.
    pub brand: Field,
    /// Attribute string values, searched.
    pub attributes_text: Field,
    /// The attributes object as JSON (stored, for answers).
    pub attributes_json: Field,
    pub image_url: Field,
    /// [`popularity`]: the imported figure blended with units sold.
    pub popularity: Field,
    /// Every facet value of the document, encoded by [`super::facets`]:
    /// category nodes, brand and attribute values, in one multi-valued
    /// column read once per match.
    pub facet_values: Field,
    pub price_cents: Field,
    pub created_at: Field,
    /// Stores where the quantity is above zero.
    pub stock_stores: Field,
    /// Stores with an inventory row, whatever the quantity.
    pub carried_stores: Field,
    /// 1 when some store has it in stock: a single value per document is
    /// much cheaper to read per match than the `stock_stores` list.
    pub in_stock_any: Field,
    /// Units across all stores: the popularity tiebreak of suggest.
    pub total_stock: Field,
    /// Title length in characters: how much of it a suggest query covers.
    pub title_len: Field,
    /// Suggest's order among equally good matches: more popular, then
    /// shorter titles (the query covers more of them), then more units in
    /// stock. Every segment is sorted by it, so suggest can stop at the
    /// first hits it finds.
    pub suggest_rank: Field,
}

/// The fast-field columns search and suggest read per match. Opening a
/// column parses its block headers, so each segment's are opened once and
/// kept by the generation (segments are immutable).
pub struct SegmentColumns {
    pub id: Column<u64>,
    pub category_id: Column<u64>,
    pub category_path_ids: Column<u64>,
    pub facets: Arc<SegmentFacets>,
    pub created_at: Column<i64>,
    pub stock_stores: Column<u64>,
    pub in_stock_any: Column<u64>,
    pub suggest_rank: Column<u64>,
    /// Every word of the searched fields, for typo expansion.
    pub vocabulary: Arc<Vocabulary>,
}

impl SegmentColumns {
    pub fn open(segment: &SegmentReader, fields: &Fields) -> tantivy::Result<Self> {
        let fast = segment.fast_fields();
        Ok(Self {
            id: fast.u64("id")?,
            category_id: fast.u64("category_id")?,
            category_path_ids: fast.u64("category_path_ids")?,
            facets: Arc::new(SegmentFacets::open(segment)?),
            created_at: fast.i64("created_at")?,
            stock_stores: fast.u64("stock_stores")?,
            in_stock_any: fast.u64("in_stock_any")?,
            suggest_rank: fast.u64("suggest_rank")?,
            vocabulary: Arc::new(Vocabulary::read(segment, &fields.typo_sources())?),
        })
    }
}

impl SegmentColumns {
    /// Whether the document is in stock at `store`, or anywhere when `None`.
    pub fn in_stock(&self, doc: DocId, store: Option<u64>) -> bool {
        match store {
            Some(store) => self.stock_stores.values_for_doc(doc).any(|s| s == store),
            None => self.in_stock_any.first(doc) == Some(1),
        }
    }
}

/// What one unit sold in the last 30 days weighs against the catalog's own
/// popularity figure.
pub const UNIT_SOLD_WEIGHT: f64 = 10.0;

/// The business signal search and suggest rank by: the imported figure
/// blended with what the shop itself sold.
pub fn popularity(row: &ProductRow) -> f64 {
    row.popularity + UNIT_SOLD_WEIGHT * row.units_sold_30d.max(0) as f64
}

/// Words that start what a title says the product is *for*: what follows
/// names another product.
const FOR_MARKERS: &[&str] = &[
    " for ",
    " compatible with ",
    " fits ",
    " designed for ",
    " works with ",
    " with ",
];

/// The part of a title naming the product itself: up to the first
/// "for"-like marker, and at most the first two " - " sections of a
/// retailer-style title ("Brand - Name 32GB - Spec - Colour"), whose
/// later sections list specifications and colours.
pub fn title_head(title: &str) -> &str {
    let lower = title.to_ascii_lowercase();
    let marker = FOR_MARKERS
        .iter()
        .filter_map(|marker| lower.find(marker))
        .min();
    let sections = lower.match_indices(" - ").nth(1).map(|(at, _)| at);
    let cut = marker
        .into_iter()
        .chain(sections)
        .min()
        .unwrap_or(title.len());
    // ASCII lowercasing keeps byte offsets, so the cut is a char boundary of
    // `title` too.
    title.get(..cut).unwrap_or(title)
}

/// The kinds of product a category path names, as text for the analyzer:
/// the last word of each name, or of each part of a name listing several
/// ("Cell Phones > iPhone > iPhone 15" names phones, iPhones and 15s;
/// "Laptop Bags & Sleeves" names bags and sleeves).
pub fn category_types(path: &[String]) -> String {
    path.iter()
        .flat_map(|name| name.split(['&', ',']))
        .filter_map(|part| words(part).pop())
        .collect::<Vec<_>>()
        .join(" ")
}

/// A stored text field of a document, empty when absent.
pub fn stored_text(doc: &TantivyDocument, field: Field) -> String {
    doc.get_first(field)
        .and_then(|v| v.as_str())
        .unwrap_or_default()
        .to_owned()
}

/// Sorts every segment by `suggest_rank`, ascending.
pub fn settings() -> IndexSettings {
    IndexSettings {
        sort_by_field: Some(IndexSortByField {
            field: "suggest_rank".to_owned(),
            order: Order::Asc,
        }),
        ..IndexSettings::default()
    }
}

/// Smaller ranks first: more popular (on a log scale, in the top 24 bits),
/// then shorter titles (20 bits), then more units in stock (20 bits).
pub fn suggest_rank(title_chars: u64, total_stock: u64, popularity: f64) -> u64 {
    const POPULAR: u64 = (1 << 24) - 1;
    const FIELD: u64 = (1 << 20) - 1;
    let popular = ((popularity.max(0.0).ln_1p() * 1024.0) as u64).min(POPULAR);
    ((POPULAR - popular) << 40) | (title_chars.min(FIELD) << 20) | (FIELD - total_stock.min(FIELD))
}

pub fn build() -> (Schema, Fields) {
    let mut builder = Schema::builder();
    let stemmed = |stored: bool, positions: bool| {
        let indexing = TextFieldIndexing::default()
            .set_tokenizer(STEMMED)
            .set_index_option(if positions {
                IndexRecordOption::WithFreqsAndPositions
            } else {
                IndexRecordOption::WithFreqs
            });
        let options = TextOptions::default().set_indexing_options(indexing);
        if stored {
            options.set_stored()
        } else {
            options
        }
    };
    // Pre-tokenized fields: the tokenizer name only matters for schema checks.
    let keywords = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer("raw")
            .set_index_option(IndexRecordOption::Basic),
    );
    let fields = Fields {
        id: builder.add_u64_field("id", INDEXED | FAST | STORED),
        title_display: builder.add_text_field("title_display", STORED),
        title: builder.add_text_field("title", stemmed(false, true)),
        title_head: builder.add_text_field("title_head", stemmed(false, true)),
        title_joined: builder.add_text_field("title_joined", keywords.clone()),
        title_words: builder.add_text_field("title_words", keywords.clone()),
        title_prefixes: builder.add_text_field("title_prefixes", keywords.clone()),
        description: builder.add_text_field("description", stemmed(false, false)),
        description_display: builder.add_text_field("description_display", STORED),
        category_name: builder.add_text_field("category_name", stemmed(true, false)),
        category_type: builder.add_text_field("category_type", stemmed(false, false)),
        category_key: builder.add_text_field("category_key", keywords.clone()),
        category_id: builder.add_u64_field("category_id", INDEXED | FAST | STORED),
        category_path_ids: builder.add_u64_field("category_path_ids", INDEXED | FAST | STORED),
        category_path: builder.add_text_field("category_path", STORED),
        brand: builder.add_text_field("brand", stemmed(true, false)),
        attributes_text: builder.add_text_field("attributes_text", stemmed(false, false)),
        attributes_json: builder.add_text_field("attributes_json", STORED),
        image_url: builder.add_text_field("image_url", STORED),
        popularity: builder.add_f64_field("popularity", FAST | STORED),
        facet_values: builder
            .add_text_field("facet_values", TextOptions::default().set_fast("raw")),
        price_cents: builder.add_u64_field("price_cents", FAST | STORED),
        created_at: builder.add_i64_field("created_at", FAST),
        stock_stores: builder.add_u64_field("stock_stores", INDEXED | FAST),
        carried_stores: builder.add_u64_field("carried_stores", INDEXED | FAST),
        in_stock_any: builder.add_u64_field("in_stock_any", FAST),
        total_stock: builder.add_u64_field("total_stock", FAST),
        title_len: builder.add_u64_field("title_len", FAST),
        suggest_rank: builder.add_u64_field("suggest_rank", FAST),
    };
    (builder.build(), fields)
}

impl Fields {
    /// The text fields a query word is looked for in, best first: the
    /// order of the attribute ranking rule (see `relevance`).
    pub fn searched(&self) -> [Field; 6] {
        [
            self.title_head,
            self.title,
            self.brand,
            self.category_name,
            self.attributes_text,
            self.description,
        ]
    }

    /// The fields a misspelled word is looked up in: the searched ones,
    /// then the title's words unstemmed ("gamong" is one letter from
    /// "gaming", three from its stem "game") and written together
    /// ("macbopkair" is one letter from "macbookair").
    pub fn typo_sources(&self) -> [Field; TYPO_SOURCES] {
        let [head, title, brand, category, attributes, description] = self.searched();
        [
            head,
            title,
            brand,
            category,
            attributes,
            description,
            self.title_words,
            self.title_joined,
        ]
    }

    pub fn from_schema(schema: &Schema) -> tantivy::Result<Self> {
        let field = |name: &str| schema.get_field(name);
        Ok(Self {
            id: field("id")?,
            title_display: field("title_display")?,
            title: field("title")?,
            title_head: field("title_head")?,
            title_joined: field("title_joined")?,
            title_words: field("title_words")?,
            title_prefixes: field("title_prefixes")?,
            description: field("description")?,
            description_display: field("description_display")?,
            category_name: field("category_name")?,
            category_type: field("category_type")?,
            category_key: field("category_key")?,
            category_id: field("category_id")?,
            category_path_ids: field("category_path_ids")?,
            category_path: field("category_path")?,
            brand: field("brand")?,
            attributes_text: field("attributes_text")?,
            attributes_json: field("attributes_json")?,
            image_url: field("image_url")?,
            popularity: field("popularity")?,
            facet_values: field("facet_values")?,
            price_cents: field("price_cents")?,
            created_at: field("created_at")?,
            stock_stores: field("stock_stores")?,
            carried_stores: field("carried_stores")?,
            in_stock_any: field("in_stock_any")?,
            total_stock: field("total_stock")?,
            title_len: field("title_len")?,
            suggest_rank: field("suggest_rank")?,
        })
    }

    pub fn document(&self, row: &ProductRow) -> TantivyDocument {
        let mut doc = TantivyDocument::new();
        doc.add_u64(self.id, row.id as u64);
        doc.add_text(self.title_display, &row.title);
        // Analyzed here rather than by the fields' analyzer, to add the
        // initials ("PlayStation 5" is also "ps5").
        doc.add_pre_tokenized_text(self.title_head, with_initials(title_head(&row.title)));
        doc.add_pre_tokenized_text(self.title, with_initials(&row.title));
        let title_words = words(&row.title);
        doc.add_pre_tokenized_text(
            self.title_joined,
            pre_tokenized(
                &row.title,
                title_words
                    .windows(2)
                    .map(|pair| format!("{}{}", pair[0], pair[1])),
            ),
        );
        // Suggest's words: with the initials before a number ("ps5").
        let (suggested, prefixes) = suggest_words(&row.title);
        doc.add_pre_tokenized_text(
            self.title_words,
            pre_tokenized(&row.title, suggested.into_iter()),
        );
        doc.add_pre_tokenized_text(
            self.title_prefixes,
            pre_tokenized(&row.title, prefixes.into_iter()),
        );
        doc.add_text(self.description, normalize(&row.description));
        doc.add_text(self.description_display, &row.description);
        // The leaf first: suggest shows the first stored name.
        doc.add_text(self.category_name, &row.category_name);
        for name in row.category_path.iter().rev().skip(1) {
            doc.add_text(self.category_name, normalize(name));
        }
        doc.add_text(self.category_type, category_types(&row.category_path));
        let keys: Vec<String> = (1..=row.category_path.len())
            .map(|depth| facets::path_key(row.category_path[..depth].iter()))
            .collect();
        doc.add_pre_tokenized_text(
            self.category_key,
            pre_tokenized(&row.category_name, keys.iter().cloned()),
        );
        doc.add_u64(self.category_id, row.category_id as u64);
        for id in &row.category_path_ids {
            doc.add_u64(self.category_path_ids, *id as u64);
        }
        for name in &row.category_path {
            doc.add_text(self.category_path, name);
        }
        if let Some(brand) = &row.brand {
            doc.add_text(self.brand, brand);
        }
        for value in row.attributes.values() {
            for text in facets::attribute_texts(value) {
                doc.add_text(self.attributes_text, normalize(&text));
            }
        }
        doc.add_text(
            self.attributes_json,
            serde_json::to_string(&row.attributes.0).unwrap_or_default(),
        );
        if let Some(url) = &row.image_url {
            doc.add_text(self.image_url, url);
        }
        let popularity = popularity(row);
        doc.add_f64(self.popularity, popularity);
        for value in facets::document_values(row) {
            doc.add_text(self.facet_values, &value);
        }
        doc.add_u64(self.price_cents, row.price_cents());
        doc.add_i64(self.created_at, row.created_at.timestamp());
        for store in &row.stock_stores {
            doc.add_u64(self.stock_stores, *store as u64);
        }
        for store in &row.carried_stores {
            doc.add_u64(self.carried_stores, *store as u64);
        }
        doc.add_u64(self.in_stock_any, u64::from(!row.stock_stores.is_empty()));
        let total_stock = row.total_stock.max(0) as u64;
        let title_chars = row.title.chars().count() as u64;
        doc.add_u64(self.total_stock, total_stock);
        doc.add_u64(self.title_len, title_chars);
        doc.add_u64(
            self.suggest_rank,
            suggest_rank(title_chars, total_stock, popularity),
        );
        doc
    }
}
