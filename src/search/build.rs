//! Building and publishing index generations.
//!
//! A generation is built whole from PostgreSQL into `INDEX_DIR/gen-<millis>`
//! by the only `IndexWriter` it will have while building, then published by
//! replacing `CURRENT` with an atomic rename. A generation that started
//! earlier never replaces one that started later, and old generations are
//! removed once nothing can still be reading them.

use std::{
    path::Path,
    time::{SystemTime, UNIX_EPOCH},
};

use futures::StreamExt;
use indicatif::{ProgressBar, ProgressStyle};
use sqlx::PgPool;
use tantivy::{Index, IndexWriter, TantivyDocument, indexer::NoMergePolicy};

use super::schema;
use crate::db;

pub(super) const CURRENT: &str = "CURRENT";

/// Whether a build draws a progress bar (the `catalog` commands) or not.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    Hidden,
    Bar,
}
const WRITER_HEAP_BYTES: usize = 256 * 1024 * 1024;

/// Builds a new generation from PostgreSQL and publishes it in `CURRENT`;
/// serving processes follow within a second. Answers the document count.
pub async fn reindex(
    root: &Path,
    pool: &PgPool,
    progress: Progress,
    payload: Option<String>,
) -> anyhow::Result<u64> {
    std::fs::create_dir_all(root)?;
    let name = build_generation(root, pool, progress, payload).await?;
    publish(root, &name)?;
    Ok(Index::open_in_dir(root.join(&name))?
        .reader()?
        .searcher()
        .num_docs())
}

pub(super) fn read_current(root: &Path) -> std::io::Result<Option<String>> {
    match std::fs::read_to_string(root.join(CURRENT)) {
        Ok(name) => Ok(Some(name.trim().to_owned())).map(|n| n.filter(|n| !n.is_empty())),
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(None),
        Err(err) => Err(err),
    }
}

/// Points `CURRENT` at `name`: write a temporary file, sync, rename.
fn write_current(root: &Path, name: &str) -> std::io::Result<()> {
    let temporary = root.join(format!("{CURRENT}.tmp"));
    {
        let file = std::fs::File::create(&temporary)?;
        std::io::Write::write_all(&mut &file, name.as_bytes())?;
        file.sync_all()?;
    }
    std::fs::rename(&temporary, root.join(CURRENT))?;
    std::fs::File::open(root)?.sync_all()
}

/// When a generation started: its name is `gen-<unix millis at start>`.
fn started(name: &str) -> Option<u128> {
    name.strip_prefix("gen-")
        .and_then(|millis| millis.parse().ok())
}

/// Points `CURRENT` at the new generation unless a generation started later
/// is already published (then the new one is stale and removed), and removes
/// generations older than the previous one. Answers whether it published.
pub(super) fn publish(root: &Path, name: &str) -> anyhow::Result<bool> {
    let previous = read_current(root)?;
    if previous.as_deref().and_then(started) > started(name) {
        tracing::info!(
            generation = name,
            "a newer index generation is already live, dropping this one"
        );
        std::fs::remove_dir_all(root.join(name))?;
        return Ok(false);
    }
    write_current(root, name)?;
    remove_stale_generations(root, name, previous.as_deref());
    Ok(true)
}

/// Builds a complete generation from PostgreSQL, unpublished; answers its name.
pub(super) async fn build_generation(
    root: &Path,
    pool: &PgPool,
    progress: Progress,
    payload: Option<String>,
) -> anyhow::Result<String> {
    let millis = SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis();
    let name = format!("gen-{millis}");
    let dir = root.join(&name);
    std::fs::create_dir_all(&dir)?;
    let (schema, fields) = schema::build();
    let index = Index::builder()
        .schema(schema)
        .settings(schema::settings())
        .create_in_dir(&dir)?;
    super::text::register(&index);
    let writer: IndexWriter<TantivyDocument> =
        index.writer_with_num_threads(2, WRITER_HEAP_BYTES)?;
    // No background merges: the build merges everything once at the end,
    // and a merge of its own running meanwhile would make that one fail.
    writer.set_merge_policy(Box::new(NoMergePolicy));

    let bar = match progress {
        Progress::Bar => {
            let bar = ProgressBar::new(db::index_rows::product_count(pool).await?.max(0) as u64);
            if let Ok(style) = ProgressStyle::with_template(
                "indexing [{elapsed_precise}] {wide_bar} {human_pos}/{human_len} ({eta})",
            ) {
                bar.set_style(style);
            }
            bar
        }
        Progress::Hidden => ProgressBar::hidden(),
    };
    // Rows stream from PostgreSQL on this task; documents are built and
    // handed to the writer's threads on a blocking thread.
    let (sender, mut receiver) = tokio::sync::mpsc::channel::<Vec<db::index_rows::ProductRow>>(8);
    let indexing = tokio::task::spawn_blocking(
        move || -> anyhow::Result<(IndexWriter<TantivyDocument>, u64)> {
            let mut count = 0u64;
            while let Some(rows) = receiver.blocking_recv() {
                for row in &rows {
                    writer.add_document(fields.document(row))?;
                }
                count += rows.len() as u64;
                bar.set_position(count);
            }
            bar.finish_and_clear();
            Ok((writer, count))
        },
    );
    let mut rows = db::index_rows::all_products(pool).chunks(1024);
    while let Some(chunk) = rows.next().await {
        let chunk = chunk.into_iter().collect::<sqlx::Result<Vec<_>>>()?;
        if sender.send(chunk).await.is_err() {
            break;
        }
    }
    drop(sender);
    let (mut writer, count) = indexing.await??;
    tokio::task::spawn_blocking(move || -> tantivy::Result<()> {
        let mut commit = writer.prepare_commit()?;
        if let Some(payload) = &payload {
            commit.set_payload(payload);
        }
        commit.commit()?;
        // One segment: a search pays per segment (scorers, typo automata,
        // suggest's first hits), and a full build is the time to merge. The
        // committed segments answer as well, only slower: a failed merge
        // is not a failed build.
        let segments = writer.index().searchable_segment_ids()?;
        if segments.len() > 1
            && let Err(err) = writer.merge(&segments).wait()
        {
            tracing::warn!(error = %err, "cannot merge the new generation's segments");
        }
        writer.wait_merging_threads()
    })
    .await??;

    tracing::info!(generation = name, documents = count, "search index built");
    Ok(name)
}

/// Keeps the new generation and the one before it (a process that has not
/// followed `CURRENT` yet may still be reading it), and any started later
/// (a build still under way); removes the rest, half-built ones included.
fn remove_stale_generations(root: &Path, current: &str, previous: Option<&str>) {
    let Ok(entries) = std::fs::read_dir(root) else {
        return;
    };
    let Some(current_started) = started(current) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let older = started(&name).is_some_and(|s| s < current_started);
        if older
            && Some(name.as_str()) != previous
            && let Err(err) = std::fs::remove_dir_all(entry.path())
        {
            tracing::warn!(error = %err, generation = name, "cannot remove an old index generation");
        }
    }
}
