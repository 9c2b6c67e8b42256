//! catalog: product search, store inventory and order placement for a
//! storefront. `main.rs` is only the command line; everything lives here.

pub mod cache;
pub mod changes;
pub mod config;
pub mod db;
pub mod domain;
pub mod error;
pub mod import;
pub mod jobs;
pub mod orders;
pub mod rate_limit;
pub mod redis_client;
pub mod retry;
pub mod routes;
pub mod search;
pub mod seed;
pub mod startup;
pub mod state;
pub mod telemetry;
