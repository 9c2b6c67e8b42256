//! Index generations across a crash: `catalog reindex` killed in the middle
//! of a build leaves the live generation live and its half-built directory
//! unused, and the next build removes that directory.

use std::{path::Path, process::Command};

use catalog::{
    search::SearchIndex,
    seed::{self, SeedOptions},
};

use crate::helpers::{deadline, spawn_app, wait_until};

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
