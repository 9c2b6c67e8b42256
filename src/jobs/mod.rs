//! Background work: cron jobs (`schedule`) that run once per firing across
//! replicas and are retried when they fail or their replica dies (`runs`;
//! the daily inventory summary's SQL is `db::summaries`), and order confirmation
//! notifications delivered by durable jobs (`notifications`).

pub mod notifications;
pub mod runs;
pub mod schedule;
