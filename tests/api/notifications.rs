//! Order notifications through the SMTP sink, against a fake SMTP server
//! that turns the first message away with a transient error, and through
//! the log sink in batches.

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use serde_json::{Value, json};
use tokio::{
    io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
    net::TcpListener,
};

use catalog::jobs::notifications::{Sink, Worker};

use crate::{
    helpers::{deadline, spawn_app, spawn_app_with, wait_until},
    scrape::Scrape,
};

/// Speaks just enough SMTP for one message per connection; answers the first
/// DATA with `451` (try again later) when `refuse_first`, takes `delay` to
/// accept each message, and records the messages it accepts.
async fn fake_smtp(refuse_first: bool, delay: Duration) -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted: Arc<Mutex<Vec<String>>> = Arc::default();
    let refused_once = Arc::new(Mutex::new(!refuse_first));
    let store = accepted.clone();
    tokio::spawn(async move {
        loop {
            let Ok((socket, _)) = listener.accept().await else {
                return;
            };
            let (store, refused_once) = (store.clone(), refused_once.clone());
            tokio::spawn(async move {
                let (read, mut write) = socket.into_split();
                let mut lines = BufReader::new(read).lines();
                write.write_all(b"220 fake ESMTP\r\n").await.ok()?;
                let mut message: Option<String> = None;
                while let Some(line) = lines.next_line().await.ok()? {
                    if let Some(body) = message.as_mut() {
                        if line == "." {
                            let body = message.take()?;
                            tokio::time::sleep(delay).await;
                            let reply: &[u8] = {
                                let mut refused = refused_once.lock().unwrap();
                                if *refused {
                                    store.lock().unwrap().push(body);
                                    b"250 queued\r\n"
                                } else {
                                    *refused = true;
                                    b"451 try again later\r\n"
                                }
                            };
                            write.write_all(reply).await.ok()?;
                        } else {
                            body.push_str(&line);
                            body.push('\n');
                        }
                        continue;
                    }
                    let verb = line
                        .split_whitespace()
                        .next()
                        .unwrap_or_default()
                        .to_ascii_uppercase();
                    let reply: &[u8] = match verb.as_str() {
                        "EHLO" | "HELO" => b"250 fake\r\n",
                        "DATA" => {
                            message = Some(String::new());
                            b"354 end with .\r\n"
                        }
                        "QUIT" => {
                            write.write_all(b"221 bye\r\n").await.ok()?;
                            return Some(());
                        }
                        _ => b"250 ok\r\n",
                    };
                    write.write_all(reply).await.ok()?;
                }
                Some(())
            });
        }
    });
    (port, accepted)
}

#[tokio::test]
async fn notifications_go_out_by_smtp_and_a_transient_failure_is_retried() {
    let (port, accepted) = fake_smtp(true, Duration::ZERO).await;
    let app = spawn_app_with(|config| {
        config.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
        config.notification_to = "desk@shop.test".into();
    })
    .await;
    let category = app.create_category("Toys").await;
    let store = app.create_store("North").await;
    let product = app.create_product(category, "Kite", "12").await;
    app.set_stock(store, product, 5).await;
    let order: Value = app
        .post_json("/orders/", &json!({"store_id": store, "items": [{"product_id": product, "quantity_requested": 2}]}))
        .await
        .json()
        .await
        .unwrap();
    let order_id = order["id"].as_i64().unwrap();

    let (sink, attempts): (String, i32) =
        wait_until(deadline(), "the retried delivery", || async {
            sqlx::query_as(
                "SELECT d.sink, j.attempts FROM notification_deliveries d
               JOIN notification_jobs j ON j.order_id = d.order_id WHERE d.order_id = $1",
            )
            .bind(order_id)
            .fetch_optional(&app.db)
            .await
            .unwrap()
        })
        .await;
    assert_eq!(sink, "smtp");
    assert_eq!(
        attempts, 2,
        "the first attempt was refused with 451, the second accepted"
    );
    let messages = accepted.lock().unwrap().clone();
    assert_eq!(messages.len(), 1, "{messages:?}");
    assert!(
        messages[0].contains(&format!("Order {order_id} confirmed")),
        "{}",
        messages[0]
    );
    assert!(messages[0].contains("desk@shop.test"), "{}", messages[0]);
}

/// Two workers against an SMTP server that takes 300 ms per message, with a
/// 2 s lease: a worker that claimed many jobs under one lease would still be
/// sending when it expired, and the other worker would send them again.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_slow_smtp_server_with_two_workers_gets_each_order_once() {
    let (port, accepted) = fake_smtp(false, Duration::from_millis(300)).await;
    let app = spawn_app_with(|config| {
        config.smtp_url = Some(format!("smtp://127.0.0.1:{port}"));
        config.notification_lease_secs = 2;
    })
    .await;
    let config = &app.state.config;
    let second = Worker {
        pool: app.db.clone(),
        sink: Sink::from_config(
            config.smtp_url.as_deref(),
            &config.notification_from,
            &config.notification_to,
        )
        .unwrap(),
        name: "second-worker".into(),
        lease: Duration::from_secs(2),
    };
    let category = app.create_category("Toys").await;
    let store = app.create_store("North").await;
    let product = app.create_product(category, "Kite", "12").await;
    app.set_stock(store, product, 100).await;
    // Jobs are held back until every order is placed, so that both workers
    // find the whole backlog due at once.
    sqlx::query("ALTER TABLE notification_jobs ALTER COLUMN next_attempt_at SET DEFAULT now() + interval '1 hour'")
        .execute(&app.db)
        .await
        .unwrap();
    let mut confirmed = Vec::new();
    for _ in 0..16 {
        let order: Value = app
            .post_json("/orders/", &json!({"store_id": store, "items": [{"product_id": product, "quantity_requested": 1}]}))
            .await
            .json()
            .await
            .unwrap();
        assert_eq!(order["status"], "CONFIRMED", "{order}");
        confirmed.push(order["id"].as_i64().unwrap());
    }
    let second_worker = tokio::spawn(second.run());
    sqlx::query("UPDATE notification_jobs SET next_attempt_at = now()")
        .execute(&app.db)
        .await
        .unwrap();

    wait_until(deadline(), "every notification", || async {
        let delivered: i64 = sqlx::query_scalar("SELECT count(*) FROM notification_deliveries")
            .fetch_one(&app.db)
            .await
            .unwrap();
        (delivered as usize == confirmed.len()).then_some(())
    })
    .await;
    second_worker.abort();
    let messages = accepted.lock().unwrap().clone();
    for order in &confirmed {
        let sent = messages
            .iter()
            .filter(|m| m.contains(&format!("Order {order} confirmed")))
            .count();
        assert_eq!(sent, 1, "order {order} was sent {sent} times");
    }
    assert_eq!(messages.len(), confirmed.len());
    let by: Vec<String> =
        sqlx::query_scalar("SELECT DISTINCT delivered_by FROM notification_deliveries")
            .fetch_all(&app.db)
            .await
            .unwrap();
    assert_eq!(by.len(), 2, "both workers took part: {by:?}");
}

/// The log sink claims up to 100 jobs at once and records them in one
/// statement: a backlog of 250 found due at once (three claims of a
/// worker, shared with a second one) is delivered exactly once per order,
/// each job on its first attempt and none left pending.
#[tokio::test]
async fn a_backlog_for_the_log_sink_is_delivered_in_batches_once_per_order() {
    let app = spawn_app().await;
    let second = Worker {
        pool: app.db.clone(),
        sink: Sink::Log,
        name: "second-worker".into(),
        lease: Duration::from_secs(60),
    };
    let category = app.create_category("Toys").await;
    let store = app.create_store("North").await;
    let product = app.create_product(category, "Kite", "12").await;
    app.set_stock(store, product, 1_000).await;
    sqlx::query("ALTER TABLE notification_jobs ALTER COLUMN next_attempt_at SET DEFAULT now() + interval '1 hour'")
        .execute(&app.db)
        .await
        .unwrap();
    let body =
        json!({"store_id": store, "items": [{"product_id": product, "quantity_requested": 1}]});
    let orders = (0..250).map(|_| app.post_json("/orders/", &body));
    for placed in futures::future::join_all(orders).await {
        assert_eq!(placed.status(), reqwest::StatusCode::CREATED);
    }
    let done = [("job", "notification"), ("outcome", "done")];
    let before = Scrape::of(&app).await.sum("catalog_job_runs_total", &done);
    let second_worker = tokio::spawn(second.run());
    sqlx::query("UPDATE notification_jobs SET next_attempt_at = now()")
        .execute(&app.db)
        .await
        .unwrap();

    wait_until(deadline(), "every job done", || async {
        let pending: i64 =
            sqlx::query_scalar("SELECT count(*) FROM notification_jobs WHERE delivered_at IS NULL")
                .fetch_one(&app.db)
                .await
                .unwrap();
        (pending == 0).then_some(())
    })
    .await;
    second_worker.abort();
    let (jobs, deliveries, retried): (i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM notification_jobs),
                (SELECT count(DISTINCT order_id) FROM notification_deliveries),
                (SELECT count(*) FROM notification_jobs WHERE attempts <> 1)",
    )
    .fetch_one(&app.db)
    .await
    .unwrap();
    assert_eq!(
        (jobs, deliveries),
        (250, 250),
        "one job and one delivery per order"
    );
    assert_eq!(retried, 0, "no job was claimed twice");
    // The recorder is the test process's: other tests may add, never take.
    let after = Scrape::of(&app).await.sum("catalog_job_runs_total", &done);
    assert!(
        after - before >= 250.0,
        "each delivery of a batch counts as a run: {} counted",
        after - before
    );
}
