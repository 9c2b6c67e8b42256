//! One test binary for the whole API; one module per feature.

mod admin;
mod bad_input;
mod cache_freshness;
mod facets;
mod health;
mod helpers;
mod idempotency;
mod inventory;
mod limits;
mod listing_bounds;
mod live_index;
mod notifications;
mod order_listing;
mod orders;
mod search;
mod search_abuse;
mod service;
mod suggest;
