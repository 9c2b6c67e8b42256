//! Bulk loading with COPY: the text format's escaping, sending a buffer,
//! and getting foreign keys and secondary indexes out of the way while a
//! table loads (recreated from their own definitions, read from the system
//! catalog, so this file never restates the schema).

use indicatif::{ProgressBar, ProgressStyle};
use sqlx::PgConnection;

/// COPY text format: backslash, tab and newlines must be escaped.
pub fn escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('\t', "\\t")
        .replace('\n', "\\n")
        .replace('\r', "\\r")
}

pub async fn copy(conn: &mut PgConnection, statement: &str, data: &str) -> sqlx::Result<()> {
    let mut sender = conn.copy_in_raw(statement).await?;
    sender.send(data.as_bytes()).await?;
    sender.finish().await?;
    Ok(())
}

pub fn progress(visible: bool, total: u64, what: &'static str) -> ProgressBar {
    if !visible {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::new(total).with_message(what);
    if let Ok(style) = ProgressStyle::with_template(
        "{msg:>10} [{elapsed_precise}] {wide_bar} {human_pos}/{human_len} ({eta})",
    ) {
        bar.set_style(style);
    }
    bar
}

/// DDL that recreates what [`drop_bulk_load_obstacles`] dropped.
pub struct Saved(Vec<String>);

/// Drops the table's own foreign keys and its indexes that back no
/// constraint, remembering how to recreate them.
pub async fn drop_bulk_load_obstacles(conn: &mut PgConnection, table: &str) -> sqlx::Result<Saved> {
    let foreign_keys: Vec<(String, String)> = sqlx::query_as(
        "SELECT conname::text, pg_get_constraintdef(oid) FROM pg_constraint
          WHERE conrelid = $1::regclass AND contype = 'f'",
    )
    .bind(table)
    .fetch_all(&mut *conn)
    .await?;
    let indexes: Vec<(String, String)> = sqlx::query_as(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i
          WHERE i.indrelid = $1::regclass
            AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
    )
    .bind(table)
    .fetch_all(&mut *conn)
    .await?;
    let mut restore = Vec::new();
    for (name, definition) in foreign_keys {
        sqlx::query(&format!("ALTER TABLE {table} DROP CONSTRAINT {name}"))
            .execute(&mut *conn)
            .await?;
        restore.push(format!(
            "ALTER TABLE {table} ADD CONSTRAINT {name} {definition}"
        ));
    }
    for (name, definition) in indexes {
        sqlx::query(&format!("DROP INDEX {name}"))
            .execute(&mut *conn)
            .await?;
        restore.push(definition);
    }
    Ok(Saved(restore))
}

pub async fn restore(conn: &mut PgConnection, saved: Saved) -> sqlx::Result<()> {
    for statement in saved.0 {
        sqlx::query(&statement).execute(&mut *conn).await?;
    }
    Ok(())
}
