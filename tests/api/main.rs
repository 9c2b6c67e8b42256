//! One test binary for the whole API; one module per feature.

mod bad_input;
mod health;
mod helpers;
mod inventory;
mod order_listing;
mod orders;
mod search;
mod suggest;
