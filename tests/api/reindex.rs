//! Index generations across a crash: `catalog reindex` killed in the middle
//! of a build leaves the live generation live and its half-built directory
//! unused, and the next build removes that directory. A generation built
//! by an older version (another schema or analysis) is rebuilt, not served.

use std::{path::Path, process::Command};

use catalog::{
    search::SearchIndex,
    seed::{self, SeedOptions},
};

use crate::helpers::{deadline, spawn_app, spawn_app_with, wait_until};

fn generations(root: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(root)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with("gen-"))
        .collect();
    names.sort();
    names
}

fn current(root: &Path) -> String {
    std::fs::read_to_string(root.join("CURRENT"))
        .unwrap()
        .trim()
        .to_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_reindex_killed_mid_build_leaves_the_old_generation_live() {
    let app = spawn_app().await;
    seed::run(
        &app.db,
        &SeedOptions {
            stores: 4,
            products: 20_000,
            seed_value: Some(3),
            ..SeedOptions::default()
        },
    )
    .await
    .unwrap();
    let root = app.state.config.index_dir.clone();
    let live = current(&root);
    assert_eq!(app.search("").await["count"], 0, "built before the seed");

    let mut reindex = Command::new(env!("CARGO_BIN_EXE_catalog"))
        .arg("reindex")
        .env("DATABASE_URL", &app.state.config.database_url)
        .env("REDIS_URL", &app.state.config.redis_url)
        .env("REDIS_PREFIX", &app.state.config.redis_prefix)
        .env("INDEX_DIR", &root)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let half_built = wait_until(deadline(), "the build to start", || {
        let found = generations(&root).into_iter().find(|name| *name != live);
        async move { found }
    })
    .await;
    reindex.kill().unwrap();
    let status = reindex.wait().unwrap();
    assert!(!status.success(), "killed before it finished: {status:?}");
    assert_eq!(
        current(&root),
        live,
        "CURRENT still names the old generation"
    );

    // A process starting now serves the old generation.
    let restarted = SearchIndex::open(&root).unwrap();
    let serving = restarted.current().expect("a generation opens at once");
    assert_eq!(serving.name, live);
    assert_eq!(restarted.searcher().unwrap().1.num_docs(), 0);
    assert_eq!(app.search("").await["count"], 0);

    app.reindex().await;
    let after = generations(&root);
    assert!(
        !after.contains(&half_built),
        "the next build removes the half-built {half_built}: {after:?}"
    );
    assert_eq!(app.search("").await["count"], 20_000);
}

/// An upgrade that changes the schema or the analysis (`text::ANALYZER`
/// names its version): the generation on disk was built by the old
/// version, so the new one must not serve it but build a new one.
#[tokio::test]
async fn a_generation_built_with_another_schema_is_rebuilt() {
    let dir = tempfile::TempDir::new().unwrap();
    let old = dir.path().join("gen-1");
    std::fs::create_dir_all(&old).unwrap();
    // Today's fields, analyzed by the analysis before this one.
    let mut builder = tantivy::schema::Schema::builder();
    for (_, entry) in catalog::search::schema::build().0.fields() {
        let mut entry = entry.clone();
        if let tantivy::schema::FieldType::Str(options) = entry.field_type()
            && let Some(indexing) = options.get_indexing_options()
            && indexing.tokenizer() == catalog::search::text::ANALYZER
        {
            let indexing = indexing.clone().set_tokenizer("catalog");
            let options = options.clone().set_indexing_options(indexing);
            entry = tantivy::schema::FieldEntry::new_text(entry.name().to_owned(), options);
        }
        builder.add_field(entry);
    }
    let index = tantivy::Index::create_in_dir(&old, builder.build()).unwrap();
    index.tokenizers().register(
        "catalog",
        tantivy::tokenizer::TextAnalyzer::from(tantivy::tokenizer::SimpleTokenizer::default()),
    );
    // At the database's checkpoint, so that only its schema can make the
    // service rebuild it.
    let mut writer: tantivy::IndexWriter = index.writer(15_000_000).unwrap();
    let mut commit = writer.prepare_commit().unwrap();
    commit.set_payload(&catalog::changes::Checkpoint { seq: 0 }.to_payload());
    commit.commit().unwrap();
    std::fs::write(dir.path().join("CURRENT"), "gen-1").unwrap();

    let root = dir.path().to_owned();
    let app = spawn_app_with(|config| config.index_dir = root).await;
    assert_ne!(current(dir.path()), "gen-1");
    let category = app.create_category("Tools").await;
    app.create_product(category, "Hand Saw", "10").await;
    app.reindex().await;
    assert_eq!(app.search("q=saw").await["count"], 1);
}
