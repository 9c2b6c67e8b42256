//! One test binary for the whole API; one module per feature.

mod admin;
mod admin_rules;
mod bad_input;
mod cleanup;
mod commands;
mod cron;
mod cron_retries;
mod facets;
mod health;
mod helpers;
mod inventory;
mod live_index;
mod notifications;
mod order_listing;
mod orders;
mod proxy;
mod reindex;
mod search;
mod service;
mod suggest;
mod typos;
