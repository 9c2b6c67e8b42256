//! Background work: cron jobs that run once per schedule across replicas
//! (`schedule`), the daily inventory summary (`summary`), and order
//! confirmation notifications delivered by durable jobs (`notifications`).

pub mod notifications;
pub mod schedule;
pub mod summary;
