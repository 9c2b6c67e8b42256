//! Order notifications through the SMTP sink, against a fake SMTP server
//! that turns the first message away with a transient error.

use std::{
    sync::{Arc, Mutex},
    time::Duration,
};

use serde_json::{Value, json};
use tokio::{
    io::{AsyncBufReadExt, AsyncWriteExt, BufReader},
    net::TcpListener,
};

use crate::helpers::{spawn_app_with, wait_until};

/// Speaks just enough SMTP for one message per connection; answers the first
/// DATA with `451` (try again later), and records the messages it accepts.
async fn fake_smtp() -> (u16, Arc<Mutex<Vec<String>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let accepted: Arc<Mutex<Vec<String>>> = Arc::default();
    let refused_once = Arc::new(Mutex::new(false));
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
    let (port, accepted) = fake_smtp().await;
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
        wait_until(Duration::from_secs(15), "the retried delivery", || async {
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
