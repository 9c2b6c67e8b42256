//! The outbox and its change sequence: every write that changes a search
//! document records a row here in its own transaction; the relay numbers
//! committed rows gaplessly; indexers read numbered ranges back when Redis
//! did not bring them. See `changes` for the whole path.

use sqlx::{PgConnection, PgExecutor, PgPool};

/// A numbered change, as the relay publishes it and indexers apply it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, sqlx::FromRow)]
pub struct Change {
    pub seq: i64,
    /// `None` for a full reindex request or a settings change.
    pub product_id: Option<i64>,
    #[sqlx(try_from = "String")]
    pub kind: ChangeKind,
}

/// What a change asks of every indexer (the `kind` column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// Re-read one product.
    Product,
    /// Rebuild the whole index.
    Reindex,
    /// The search settings changed (synonyms, stop words): no document did.
    Settings,
}

impl ChangeKind {
    /// As written in the `kind` column and the change stream.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Product => "product",
            Self::Reindex => "reindex",
            Self::Settings => "settings",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Product, Self::Reindex, Self::Settings]
            .into_iter()
            .find(|kind| kind.as_str() == text)
    }
}

impl TryFrom<String> for ChangeKind {
    type Error = String;

    /// The column's CHECK allows only the kinds above.
    fn try_from(text: String) -> Result<Self, String> {
        Self::parse(&text).ok_or_else(|| format!("unknown outbox kind {text:?}"))
    }
}

/// One outbox row per product, in the caller's transaction.
pub async fn record(tx: &mut PgConnection, product_ids: &[i64]) -> sqlx::Result<()> {
    if product_ids.is_empty() {
        return Ok(());
    }
    sqlx::query("INSERT INTO outbox (product_id) SELECT unnest($1::bigint[])")
        .bind(product_ids)
        .execute(tx)
        .await?;
    Ok(())
}

/// Asks every replica's indexer to rebuild its index from PostgreSQL.
pub async fn request_reindex(db: impl PgExecutor<'_>) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO outbox (kind) VALUES ('reindex')")
        .execute(db)
        .await?;
    Ok(())
}

/// Tells every replica that the search settings changed, in the caller's
/// transaction.
pub async fn record_settings(tx: &mut PgConnection) -> sqlx::Result<()> {
    sqlx::query("INSERT INTO outbox (kind) VALUES ('settings')")
        .execute(tx)
        .await?;
    Ok(())
}

/// Numbers up to `limit` committed, unnumbered rows, in insertion order,
/// continuing the sequence without a gap, and answers them. The counter row
/// is locked for the transaction, so two callers cannot hand out one number
/// twice or leave a hole; a row whose transaction has not committed is not
/// visible yet and is numbered in a later call, never skipped.
pub async fn number_batch(conn: &mut PgConnection, limit: i64) -> sqlx::Result<Vec<Change>> {
    // Checked first so that an idle round takes no lock and no transaction id.
    let waiting: bool =
        sqlx::query_scalar("SELECT EXISTS (SELECT 1 FROM outbox WHERE seq IS NULL)")
            .fetch_one(&mut *conn)
            .await?;
    if !waiting {
        return Ok(Vec::new());
    }
    let mut tx = sqlx::Connection::begin(conn).await?;
    let last: i64 = sqlx::query_scalar("SELECT last_seq FROM change_sequence FOR UPDATE")
        .fetch_one(&mut *tx)
        .await?;
    let mut numbered: Vec<Change> = sqlx::query_as(
        "UPDATE outbox o SET seq = $1 + picked.n, published_at = now()
           FROM (SELECT id, row_number() OVER (ORDER BY id) AS n
                   FROM (SELECT id FROM outbox WHERE seq IS NULL ORDER BY id LIMIT $2) unnumbered
                ) picked
          WHERE o.id = picked.id
      RETURNING o.seq, o.product_id, o.kind",
    )
    .bind(last)
    .bind(limit)
    .fetch_all(&mut *tx)
    .await?;
    if numbered.is_empty() {
        return Ok(numbered);
    }
    sqlx::query("UPDATE change_sequence SET last_seq = $1")
        .bind(last + numbered.len() as i64)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    numbered.sort_by_key(|change| change.seq);
    Ok(numbered)
}

/// The last number handed out (0 before the first).
pub async fn head(pool: &PgPool) -> sqlx::Result<i64> {
    sqlx::query_scalar("SELECT last_seq FROM change_sequence")
        .fetch_one(pool)
        .await
}

/// The changes numbered `after + 1 ..= upto`, in order. Fewer rows than
/// numbers means the purge removed part of the range.
pub async fn range(pool: &PgPool, after: i64, upto: i64) -> sqlx::Result<Vec<Change>> {
    sqlx::query_as(
        "SELECT seq, product_id, kind FROM outbox WHERE seq > $1 AND seq <= $2 ORDER BY seq",
    )
    .bind(after)
    .bind(upto)
    .fetch_all(pool)
    .await
}

/// Deletes numbered rows older than `retention_hours`; answers how many.
pub async fn purge(pool: &PgPool, retention_hours: u32) -> sqlx::Result<u64> {
    Ok(sqlx::query(
        "DELETE FROM outbox
          WHERE seq IS NOT NULL AND published_at < now() - make_interval(hours => $1)",
    )
    .bind(retention_hours as i32)
    .execute(pool)
    .await?
    .rows_affected())
}

/// Rows waiting to be numbered, and the age in seconds of the oldest.
pub async fn backlog(pool: &PgPool) -> sqlx::Result<(i64, Option<f64>)> {
    sqlx::query_as(
        "SELECT count(*), extract(epoch FROM now() - min(created_at))::float8
           FROM outbox WHERE seq IS NULL",
    )
    .fetch_one(pool)
    .await
}

/// When change `seq` was numbered, if its row is still kept.
pub async fn numbered_at(
    pool: &PgPool,
    seq: i64,
) -> sqlx::Result<Option<chrono::DateTime<chrono::Utc>>> {
    sqlx::query_scalar("SELECT published_at FROM outbox WHERE seq = $1")
        .bind(seq)
        .fetch_optional(pool)
        .await
        .map(Option::flatten)
}
