//! The live index generation: opening, swapping, following and searching it.
//!
//! `INDEX_DIR` holds one directory per generation (`gen-<millis>`) and a
//! `CURRENT` file naming the live one. A rebuild writes a whole new
//! generation next to the live one, then replaces `CURRENT` with an atomic
//! rename: until that rename, searches use the old generation, and a crash
//! mid-build leaves a half-built directory that nothing points to (it is
//! removed by the next rebuild). Serving processes follow `CURRENT`, so a
//! `catalog reindex` run from another process is picked up too.
//!
//! Request handlers only ever get a `Searcher`. The only `IndexWriter` of a
//! generation is the one its builder owns while building, then the one the
//! live indexer owns while following changes.
//!
//! Swaps are serialised with publishing, so one directory is never opened
//! as two live `Generation`s (the indexer would commit to one while
//! searches read the other, which it never reloads).
//!
//! The commit payload is opaque here: the indexer writes its checkpoint in
//! it and reads it back (`changes::Checkpoint`).

use std::{
    collections::HashMap,
    path::{Path, PathBuf},
    sync::{Arc, Mutex, RwLock},
    time::{Duration, Instant},
};

use sqlx::PgPool;
use tantivy::{Index, IndexReader, ReloadPolicy, Searcher, SegmentReader, index::SegmentId};

use crate::db::settings::SearchSettings;

use super::{
    build::{Progress, build_generation, publish, read_current},
    facets::{self, CategoryCount},
    schema::{Fields, SegmentColumns},
};

/// Decompressed doc-store blocks kept per segment (tantivy's default is 100):
/// hits and suggestions of popular queries are read again and again.
const DOC_STORE_CACHE_BLOCKS: usize = 500;

pub struct Generation {
    pub name: String,
    pub index: Index,
    pub reader: IndexReader,
    pub fields: Fields,
    /// Fast-field columns and in-memory rows per segment, read once.
    columns: Mutex<HashMap<SegmentId, ColumnsSlot>>,
    /// Products per category (suggest's categories), recounted at most
    /// every [`CATEGORY_COUNTS_TTL`].
    category_counts: Mutex<Option<(Instant, Arc<CategoryCounts>)>>,
}

/// A segment's columns once read: the first reader reads them while the
/// others wait, rather than each reading them again.
type ColumnsSlot = Arc<Mutex<Option<Arc<SegmentColumns>>>>;

type CategoryCounts = HashMap<u64, CategoryCount>;
const CATEGORY_COUNTS_TTL: Duration = Duration::from_secs(1);

impl Generation {
    fn open(root: &Path, name: &str) -> anyhow::Result<Self> {
        let index = Index::open_in_dir(root.join(name))?;
        super::text::register(&index);
        // A generation built by another version (other fields, another
        // analysis) would answer wrongly: the caller rebuilds it.
        anyhow::ensure!(
            index.schema() == super::schema::build().0,
            "the index was built with another schema"
        );
        let fields = Fields::from_schema(&index.schema())?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .doc_store_cache_num_blocks(DOC_STORE_CACHE_BLOCKS)
            .try_into()?;
        let generation = Self {
            name: name.to_owned(),
            index,
            reader,
            fields,
            columns: Mutex::default(),
            category_counts: Mutex::default(),
        };
        // Before any search uses it, so that none pays for the reading (a
        // failure only leaves it to the first search).
        if let Err(err) = generation.refresh_caches() {
            tracing::warn!(error = %err, generation = name, "cannot read the segments' columns ahead");
        }
        Ok(generation)
    }

    /// A hash per live document of what it says (title length, category,
    /// price, stock and carrying stores), by product id: two generations
    /// built from the same rows have the same fingerprints.
    pub fn fingerprints(&self) -> tantivy::Result<HashMap<u64, u64>> {
        use std::hash::{DefaultHasher, Hash, Hasher};
        let searcher = self.reader.searcher();
        let mut fingerprints = HashMap::new();
        for segment in searcher.segment_readers() {
            let fast = segment.fast_fields();
            let columns = [
                "title_len",
                "category_id",
                "category_path_ids",
                "price_cents",
                "stock_stores",
                "carried_stores",
            ]
            .map(|name| fast.u64(name));
            let id = fast.u64("id")?;
            for doc in segment.doc_ids_alive() {
                let mut hasher = DefaultHasher::new();
                for column in &columns {
                    let column = column
                        .as_ref()
                        .map_err(|e| tantivy::TantivyError::InternalError(e.to_string()))?;
                    column
                        .values_for_doc(doc)
                        .collect::<Vec<_>>()
                        .hash(&mut hasher);
                }
                fingerprints.insert(id.first(doc).unwrap_or(0), hasher.finish());
            }
        }
        Ok(fingerprints)
    }

    /// The payload of the last commit (the indexer's checkpoint).
    pub fn payload(&self) -> tantivy::Result<Option<String>> {
        Ok(self.index.load_metas()?.payload)
    }

    /// After a commit and before the reader is reloaded: merged-away
    /// segments' columns are dropped, and new segments' read now, by the
    /// indexer rather than by the searches that would see them first. The
    /// others are kept: a segment never changes (deletes only hide its
    /// documents), and reading its columns into memory is a pass over
    /// every document of it.
    pub fn refresh_caches(&self) -> tantivy::Result<()> {
        let segments = self.index.searchable_segments()?;
        let live: std::collections::HashSet<SegmentId> =
            segments.iter().map(|segment| segment.id()).collect();
        self.columns
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .retain(|id, _| live.contains(id));
        for segment in &segments {
            self.columns(&SegmentReader::open(segment)?)?;
        }
        Ok(())
    }

    /// Live products per category, at most a second old. The lock is not
    /// held while counting: searches must not queue behind a recount.
    pub fn category_counts(&self, searcher: &Searcher) -> tantivy::Result<Arc<CategoryCounts>> {
        if let Some((at, counts)) = &*self
            .category_counts
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            && at.elapsed() < CATEGORY_COUNTS_TTL
        {
            return Ok(counts.clone());
        }
        let counts = Arc::new(facets::category_counts(searcher, |segment| {
            Ok(self.columns(segment)?.facets.clone())
        })?);
        *self
            .category_counts
            .lock()
            .unwrap_or_else(|e| e.into_inner()) = Some((Instant::now(), counts.clone()));
        Ok(counts)
    }

    /// The segment's fast-field columns, read once.
    pub fn columns(&self, segment: &SegmentReader) -> tantivy::Result<Arc<SegmentColumns>> {
        let slot = self
            .columns
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .entry(segment.segment_id())
            .or_default()
            .clone();
        let mut slot = slot.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(columns) = &*slot {
            return Ok(columns.clone());
        }
        let columns = Arc::new(SegmentColumns::open(segment, &self.fields)?);
        *slot = Some(columns.clone());
        Ok(columns)
    }
}

/// The live generation of the index, swappable while searches run; `None`
/// until the first generation exists (the indexer builds it).
pub struct SearchIndex {
    root: PathBuf,
    current: RwLock<Option<Arc<Generation>>>,
    /// Serialises publishing and swapping, so that an older build never
    /// replaces a newer one and a directory is opened once.
    publishing: Mutex<()>,
    /// What queries apply (facet keys, synonyms, stop words); the indexer
    /// keeps it as PostgreSQL has it.
    settings: RwLock<Arc<SearchSettings>>,
}

impl SearchIndex {
    /// Opens the generation `CURRENT` names, if there is one that opens.
    /// Without one the service starts anyway: searches answer 503 until the
    /// indexer has built the first generation.
    pub fn open(root: &Path) -> anyhow::Result<Arc<Self>> {
        std::fs::create_dir_all(root)?;
        let existing = match read_current(root)? {
            Some(name) => Generation::open(root, &name)
                .inspect_err(|err| tracing::warn!(error = %err, generation = name, "cannot open the index, it will be rebuilt"))
                .ok(),
            None => None,
        };
        if existing.is_none() {
            tracing::info!(dir = %root.display(), "no usable search index yet");
        }
        Ok(Arc::new(Self {
            root: root.to_owned(),
            current: RwLock::new(existing.map(Arc::new)),
            publishing: Mutex::default(),
            settings: RwLock::default(),
        }))
    }

    /// The live generation; hold it for the duration of one search.
    pub fn current(&self) -> Option<Arc<Generation>> {
        // A poisoned lock still holds a valid value: a panic cannot leave it half-written.
        self.current
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn settings(&self) -> Arc<SearchSettings> {
        self.settings
            .read()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    pub fn set_settings(&self, settings: SearchSettings) {
        *self.settings.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(settings);
    }

    pub fn searcher(&self) -> Option<(Arc<Generation>, Searcher)> {
        let generation = self.current()?;
        let searcher = generation.reader.searcher();
        Some((generation, searcher))
    }

    /// Builds a new generation from PostgreSQL and swaps it in, with
    /// `payload` as its first commit's payload.
    pub async fn rebuild(
        &self,
        pool: &PgPool,
        progress: Progress,
        payload: Option<String>,
    ) -> anyhow::Result<()> {
        let name = build_generation(&self.root, pool, progress, payload).await?;
        // Opening reads every segment's columns: not on an async thread.
        let root = self.root.clone();
        let opened = tokio::task::spawn_blocking(move || Generation::open(&root, &name)).await??;
        let _publishing = self.publishing.lock().unwrap_or_else(|e| e.into_inner());
        if publish(&self.root, &opened.name)? {
            self.install(Arc::new(opened));
        }
        Ok(())
    }

    /// Follows `CURRENT` when another process published a new generation.
    pub fn reload_if_changed(&self) -> anyhow::Result<bool> {
        let _publishing = self.publishing.lock().unwrap_or_else(|e| e.into_inner());
        let Some(name) = read_current(&self.root)? else {
            return Ok(false);
        };
        self.swap_in(&name)
    }

    /// Makes `name` the live generation unless it already is; the caller
    /// holds `publishing`.
    fn swap_in(&self, name: &str) -> anyhow::Result<bool> {
        if self.current().is_some_and(|current| current.name == name) {
            return Ok(false);
        }
        self.install(Arc::new(Generation::open(&self.root, name)?));
        Ok(true)
    }

    /// Makes `generation` the live one unless it already is; the caller
    /// holds `publishing`.
    fn install(&self, generation: Arc<Generation>) {
        if self
            .current()
            .is_some_and(|current| current.name == generation.name)
        {
            return;
        }
        let docs = generation.reader.searcher().num_docs();
        tracing::info!(
            generation = generation.name,
            docs,
            "search index swapped in"
        );
        *self.current.write().unwrap_or_else(|e| e.into_inner()) = Some(generation);
    }

    /// Polls `CURRENT` so that a `catalog reindex` from another process is
    /// picked up within `every`.
    pub fn follow(self: &Arc<Self>, every: Duration) -> tokio::task::JoinHandle<()> {
        let index = Arc::downgrade(self);
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            loop {
                tick.tick().await;
                let Some(index) = index.upgrade() else { return };
                // Opening a new generation reads its columns: not on an
                // async thread.
                let reloaded = tokio::task::spawn_blocking(move || index.reload_if_changed()).await;
                if let Err(err) = reloaded.map_err(anyhow::Error::from).and_then(|r| r) {
                    tracing::warn!(error = %err, "cannot follow the index directory");
                }
            }
        })
    }
}
