//! One test binary for the whole API; one module per feature.

mod admin;
mod bad_input;
mod cache_freshness;
mod facets;
mod health;
mod helpers;
mod idempotency;
mod import;
mod import_upsert;
mod inventory;
mod limits;
mod listing_bounds;
mod live_index;
mod lossless;
mod notifications;
mod order_listing;
mod orders;
mod redis_server;
mod search;
mod search_abuse;
mod service;
mod suggest;
mod text_input;
