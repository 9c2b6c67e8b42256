//! Bulk import of products: NDJSON or one JSON array, streamed. The body is
//! cut into lines ([`split`]) or array elements ([`array`]) as it arrives, each is
//! parsed and validated on its own, and good ones are written in batches
//! ([`batch`]); bad ones are reported with their number and reason without
//! holding back the good ones. `POST /products/import/` and
//! `catalog import FILE` share it.
//!
//! Whatever stops an import (a body over the limit, a broken array, a body
//! that cannot be read, the database), the caller gets the report of what
//! was committed: every line up to `last_line` was imported or failed, none
//! after it was written.

mod array;
mod batch;
mod split;

use std::collections::BTreeSet;

use axum::body::Bytes;
use futures::{Stream, StreamExt};
use serde::Serialize;
use sqlx::PgPool;

pub use array::ArrayError;
use array::Elements;
pub use batch::BATCH;
use batch::Importer;
use split::{Lines, Piece};

use crate::domain::import::ImportLine;

/// Failures listed in the report; past that only counted.
pub const MAX_LISTED_FAILURES: usize = 1_000;
/// Largest line (or array element): a product with a full description and
/// stock in thousands of stores fits many times over.
pub const MAX_LINE_BYTES: usize = 1 << 20;

#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Largest body.
    pub max_bytes: usize,
    /// Largest line or array element; a longer one fails without being held.
    pub max_line_bytes: usize,
}

#[derive(Debug, Default, Serialize, utoipa::ToSchema)]
pub struct ImportReport {
    /// Lines written: `created` + `updated`.
    pub imported: u64,
    pub created: u64,
    /// Lines whose `external_id` named a product, which they updated.
    pub updated: u64,
    pub failed: u64,
    pub failures: Vec<LineFailure>,
    /// Every line up to this one was imported or failed; nothing after it
    /// was written (an import that stopped early resumes after it).
    pub last_line: u64,
    /// Stores whose cached listings are stale: their stock changed, or a
    /// product they carry was updated in place.
    #[serde(skip)]
    pub stores_touched: BTreeSet<i64>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct LineFailure {
    pub line: u64,
    pub error: String,
}

#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("the JSON array is malformed: {0}")]
    MalformedArray(#[from] ArrayError),
    #[error("the body exceeds {0} bytes")]
    TooLarge(usize),
    #[error("the input could not be read: {0}")]
    Read(String),
    #[error(transparent)]
    Database(#[from] sqlx::Error),
}

/// An import that stopped early, with the report of what it committed.
#[derive(Debug)]
pub struct Aborted {
    pub error: ImportError,
    pub report: ImportReport,
}

/// The body's format, known from its first non-blank byte.
enum Format {
    Lines(Lines),
    Array(Elements),
}

/// Imports a body of NDJSON, or a JSON array (its first non-blank byte is
/// `[`), as it arrives.
pub async fn import_stream<S, E>(
    pool: PgPool,
    mut body: S,
    limits: Limits,
) -> Result<ImportReport, Box<Aborted>>
where
    S: Stream<Item = Result<Bytes, E>> + Unpin,
    E: std::fmt::Display,
{
    let mut importer = Importer::new(pool);
    let mut format: Option<Format> = None;
    let mut received = 0usize;
    let mut line = 0u64;
    while let Some(chunk) = body.next().await {
        let chunk = match chunk {
            Ok(chunk) => chunk,
            Err(err) => return Err(abort(importer, ImportError::Read(err.to_string())).await),
        };
        // The bytes within the limit are still read, so that every whole
        // line before it is handled whatever the chunking.
        let room = limits.max_bytes - received;
        let over = chunk.len() > room;
        let chunk = if over { chunk.slice(..room) } else { chunk };
        received += chunk.len();
        let fed = feed(&mut importer, &mut format, &mut line, &chunk, limits).await;
        if let Err(error) = fed {
            return Err(abort(importer, error).await);
        }
        if over {
            return Err(abort(importer, ImportError::TooLarge(limits.max_bytes)).await);
        }
    }
    let end = match &mut format {
        Some(Format::Lines(lines)) => match lines.finish() {
            Some(piece) => Ok(Some(parse(piece, limits.max_line_bytes))),
            None => Ok(None),
        },
        Some(Format::Array(elements)) => elements.finish().map(|()| None),
        None => Ok(None),
    };
    let last = match end {
        Ok(Some(parsed)) => take(&mut importer, line + 1, parsed).await,
        Ok(None) => Ok(()),
        Err(err) => return Err(abort(importer, err.into()).await),
    };
    match last {
        Ok(()) => match importer.flush().await {
            Ok(()) => Ok(importer.into_report()),
            Err(err) => Err(stopped(importer, err.into())),
        },
        Err(err) => Err(stopped(importer, err.into())),
    }
}

/// Hands the lines or elements that `chunk` completes to the importer.
async fn feed(
    importer: &mut Importer,
    format: &mut Option<Format>,
    line: &mut u64,
    chunk: &[u8],
    limits: Limits,
) -> Result<(), ImportError> {
    let format = match format {
        Some(format) => format,
        None => match chunk.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'[') => {
                // Elements are numbered, not lines.
                *line = 0;
                format.insert(Format::Array(Elements::new(limits.max_line_bytes)))
            }
            Some(_) => format.insert(Format::Lines(Lines::new(limits.max_line_bytes))),
            None => {
                // Blank lines before the first one still count.
                *line += memchr::memchr_iter(b'\n', chunk).count() as u64;
                return Ok(());
            }
        },
    };
    let mut pos = 0;
    loop {
        let piece = match format {
            Format::Lines(lines) => lines.next(chunk, &mut pos),
            Format::Array(elements) => elements.next(chunk, &mut pos)?,
        };
        let Some(piece) = piece else {
            return Ok(());
        };
        *line += 1;
        let parsed = parse(piece, limits.max_line_bytes);
        take(importer, *line, parsed).await?;
    }
}

/// What a piece holds: nothing (a blank line), a line to validate, or why
/// it cannot be one.
enum Parsed {
    Blank,
    /// Boxed: a line holds several raw JSON fields.
    Line(Result<Box<ImportLine>, String>),
}

fn parse(piece: Piece<'_>, max_line_bytes: usize) -> Parsed {
    match piece {
        Piece::Bytes(raw) if raw.iter().all(u8::is_ascii_whitespace) => Parsed::Blank,
        Piece::Bytes(raw) => Parsed::Line(
            serde_json::from_slice::<ImportLine>(raw)
                .map(Box::new)
                .map_err(|e| e.to_string()),
        ),
        Piece::Oversize(len) => Parsed::Line(Err(format!(
            "the line is {len} bytes, over the limit of {max_line_bytes}"
        ))),
    }
}

async fn take(importer: &mut Importer, line: u64, parsed: Parsed) -> sqlx::Result<()> {
    match parsed {
        Parsed::Blank => importer.skip(line),
        Parsed::Line(parsed) => match parsed.and_then(|line| line.validated()) {
            Ok(item) => importer.push(line, item).await?,
            Err(error) => importer.reject(line, error),
        },
    }
    Ok(())
}

/// Stops reading: what was received in whole lines is still written (so
/// `last_line` is the last whole line), then the error is answered with the
/// report.
async fn abort(mut importer: Importer, error: ImportError) -> Box<Aborted> {
    let error = match error {
        ImportError::Database(_) => error,
        error => match importer.flush().await {
            Ok(()) => error,
            Err(db) => {
                tracing::warn!(error = %error, "import stopped; writing its last batch failed too");
                db.into()
            }
        },
    };
    stopped(importer, error)
}

fn stopped(importer: Importer, error: ImportError) -> Box<Aborted> {
    let report = importer.into_report();
    tracing::warn!(
        error = %error,
        imported = report.imported,
        failed = report.failed,
        last_line = report.last_line,
        "import stopped early"
    );
    Box::new(Aborted { error, report })
}

/// `catalog import FILE`: the same import, from a file, with a progress bar.
pub async fn import_file(
    pool: PgPool,
    path: &std::path::Path,
) -> Result<ImportReport, Box<Aborted>> {
    let opened = match tokio::fs::File::open(path).await {
        Ok(file) => file.metadata().await.map(|meta| (file, meta.len())),
        Err(err) => Err(err),
    };
    let (file, size) = opened.map_err(|err| {
        Box::new(Aborted {
            error: ImportError::Read(format!("{}: {err}", path.display())),
            report: ImportReport::default(),
        })
    })?;
    let bar = indicatif::ProgressBar::new(size);
    if let Ok(style) = indicatif::ProgressStyle::with_template(
        "importing [{elapsed_precise}] {wide_bar} {binary_bytes}/{binary_total_bytes} ({eta})",
    ) {
        bar.set_style(style);
    }
    let chunks = futures::stream::unfold((file, bar.clone()), |(mut file, bar)| async move {
        let mut chunk = vec![0u8; 1 << 20];
        match tokio::io::AsyncReadExt::read(&mut file, &mut chunk).await {
            Ok(0) => None,
            Ok(n) => {
                chunk.truncate(n);
                bar.inc(n as u64);
                Some((Ok::<Bytes, std::io::Error>(Bytes::from(chunk)), (file, bar)))
            }
            Err(err) => Some((Err(err), (file, bar))),
        }
    });
    let limits = Limits {
        max_bytes: usize::MAX,
        max_line_bytes: MAX_LINE_BYTES,
    };
    let report = import_stream(pool, Box::pin(chunks), limits).await;
    bar.finish_and_clear();
    report
}
