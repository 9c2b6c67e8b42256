//! Background work: cron jobs (`schedule`) that run once per firing across
//! replicas and are retried when they fail or their replica dies (`runs`),
//! the daily inventory summary (`summary`), and order confirmation
//! notifications delivered by durable jobs (`notifications`).

pub mod notifications;
pub mod runs;
pub mod schedule;
pub mod summary;
