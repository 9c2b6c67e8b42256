//! The end-of-soak checks: each index directory equals PostgreSQL document
//! by document, and stock is conserved for the products only orders touch
//! (initial stock, recorded by the script in `soak_initial_stock` before the
//! replicas started, minus the units of confirmed orders equals the stock now).

use std::path::Path;

use sqlx::PgPool;

use crate::{
    ADMIN_STOCK_MODULUS,
    snapshot::{database_snapshot, index_snapshot},
};

pub async fn run(pool: &PgPool, index_dirs: &[String]) -> anyhow::Result<bool> {
    let mut ok = true;
    let expected = database_snapshot(pool).await;
    println!("| check | result |");
    println!("|---|---|");
    println!("| products in PostgreSQL | {} |", expected.len());
    for dir in index_dirs {
        let Some(actual) = index_snapshot(Path::new(dir)) else {
            println!("| index {dir} | NOT READABLE |");
            ok = false;
            continue;
        };
        let differing: Vec<i64> = expected
            .iter()
            .filter(|(id, row)| actual.get(id) != Some(row))
            .map(|(id, _)| *id)
            .collect();
        let extra = actual
            .keys()
            .filter(|id| !expected.contains_key(id))
            .count();
        let equal = differing.is_empty() && extra == 0;
        ok &= equal;
        println!(
            "| index {dir} | {} documents; {} |",
            actual.len(),
            if equal {
                "equal to PostgreSQL".to_owned()
            } else {
                format!(
                    "DIVERGED: {} missing or stale (first: {:?}), {extra} extra",
                    differing.len(),
                    &differing[..differing.len().min(5)]
                )
            }
        );
    }

    let (compared, wrong, sold, confirmed, rejected): (i64, i64, i64, i64, i64) = sqlx::query_as(
        "WITH sold AS (
             SELECT o.store_id, i.product_id, sum(i.quantity_requested)::bigint AS units
               FROM orders o JOIN order_items i ON i.order_id = o.id
              WHERE o.status = 'CONFIRMED' AND o.id > (SELECT last_order_id FROM soak_meta)
              GROUP BY 1, 2),
         initial AS (SELECT * FROM soak_initial_stock WHERE product_id % $1 <> 0),
         now AS (SELECT store_id, product_id, quantity FROM inventory WHERE product_id % $1 <> 0)
         SELECT count(*),
                count(*) FILTER (WHERE initial.quantity IS NULL OR now.quantity IS NULL
                                    OR initial.quantity - COALESCE(sold.units, 0) <> now.quantity),
                (SELECT COALESCE(sum(units), 0)::bigint FROM sold),
                (SELECT count(*) FROM orders WHERE status = 'CONFIRMED'
                    AND id > (SELECT last_order_id FROM soak_meta)),
                (SELECT count(*) FROM orders WHERE status = 'REJECTED'
                    AND id > (SELECT last_order_id FROM soak_meta))
           FROM initial FULL JOIN now USING (store_id, product_id)
           LEFT JOIN sold USING (store_id, product_id)",
    )
    .bind(ADMIN_STOCK_MODULUS)
    .fetch_one(pool)
    .await?;
    ok &= wrong == 0;
    println!("| orders placed | {confirmed} confirmed ({sold} units), {rejected} rejected |");
    println!(
        "| stock conservation | {compared} (store, product) rows; {} |",
        if wrong == 0 {
            "initial - confirmed units = stock on every row".to_owned()
        } else {
            format!("DIVERGED on {wrong} rows")
        }
    );
    Ok(ok)
}
