//! Product search on an embedded tantivy index.
//!
//! - `schema`: the fields and how a product becomes a document;
//! - `text`: word splitting, prefixes and typo budgets shared by both sides;
//! - `index`: the live generation, its swap, searchers and caches;
//! - `build`: building a generation from PostgreSQL and publishing it;
//! - `facets`: how facet values are encoded, and each segment's dictionary;
//! - `lookup`: a document by one term;
//! - `collector`: hits and exact disjunctive facets in one pass;
//! - `relevance`: the text query and its ranking rules, word dropping,
//!   typos; `typos`: the terms a misspelled word stands for;
//!   `materialized`: a word's matches kept while recovery probes them;
//!   `highlight`: the marked matches of a hit;
//! - `query`: product search; `render`: its hits and facets as answered;
//! - `suggest`: autocomplete.

pub mod build;
pub mod collector;
pub mod facets;
pub mod highlight;
pub mod index;
pub mod lookup;
pub mod materialized;
pub mod query;
pub mod relevance;
pub mod render;
pub mod schema;
pub mod suggest;
pub mod text;
pub mod typos;

pub use build::Progress;
pub use index::SearchIndex;
