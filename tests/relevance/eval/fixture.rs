//! The judged fixture (`products.ndjson`, `judgments.json`) and getting it
//! into a running app: through the same bulk import the API offers, then
//! waiting until search sees every product.

use std::{
    collections::{BTreeSet, HashMap},
    time::{Duration, Instant},
};

use anyhow::{Context, bail, ensure};
use serde::Deserialize;
use serde_json::{Map, Value};
use sqlx::PgPool;

use super::Target;

const DIR: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/relevance");

#[derive(Debug, Deserialize)]
pub struct JudgedQuery {
    pub query: String,
    pub kind: String,
    pub top: Top,
    pub judgments: Vec<Judgment>,
}

#[derive(Debug, Deserialize)]
pub struct Top {
    pub id: String,
    pub title: String,
}

#[derive(Debug, Deserialize)]
pub struct Judgment {
    pub id: String,
    pub grade: u8,
}

#[derive(Deserialize)]
struct Judgments {
    queries: Vec<JudgedQuery>,
}

pub struct Fixture {
    /// The import lines, as committed.
    pub lines: Vec<Map<String, Value>>,
    pub queries: Vec<JudgedQuery>,
}

/// How the fixture's lines are sent to the import.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    /// The lines as they are: the import format of issue 9.
    Target,
    /// TEMPORARY, for an import that predates issue 9: `brand`,
    /// `attributes`, `popularity` and `image_url` are dropped and
    /// `category_path` becomes `category`, its last name, created first as
    /// a flat category (leaf names are unique in the fixture). What the
    /// engine ranks is then title, description and category name only.
    StripIssue9Fields,
}

impl Fixture {
    pub fn load() -> anyhow::Result<Self> {
        let products = std::fs::read_to_string(format!("{DIR}/products.ndjson"))
            .context("reading tests/relevance/products.ndjson")?;
        let lines = products
            .lines()
            .map(serde_json::from_str)
            .collect::<Result<Vec<Map<String, Value>>, _>>()
            .context("parsing products.ndjson")?;
        let judgments = std::fs::read_to_string(format!("{DIR}/judgments.json"))
            .context("reading tests/relevance/judgments.json")?;
        let Judgments { queries } =
            serde_json::from_str(&judgments).context("parsing judgments.json")?;
        Ok(Self { lines, queries })
    }

    /// The body of the import, and the flat categories it needs first.
    fn import_body(&self, format: ImportFormat) -> (String, BTreeSet<String>) {
        let mut leaves = BTreeSet::new();
        let mut body = String::new();
        for line in &self.lines {
            let mut line = line.clone();
            if format == ImportFormat::StripIssue9Fields {
                for field in ["brand", "attributes", "popularity", "image_url"] {
                    line.remove(field);
                }
                let leaf = line
                    .remove("category_path")
                    .and_then(|path| path.as_array()?.last()?.as_str().map(str::to_owned))
                    .unwrap_or_default();
                leaves.insert(leaf.clone());
                line.insert("category".into(), Value::String(leaf));
            }
            body.push_str(&Value::Object(line).to_string());
            body.push('\n');
        }
        (body, leaves)
    }
}

/// Imports every product through `POST /products/import` and waits until
/// search counts them all. Fails on any line the import refuses.
pub async fn import(
    target: &Target<'_>,
    fixture: &Fixture,
    format: ImportFormat,
    deadline: Duration,
) -> anyhow::Result<()> {
    let (body, leaves) = fixture.import_body(format);
    for name in &leaves {
        let response = target
            .admin(reqwest::Method::POST, "/categories/")
            .json(&serde_json::json!({ "name": name }))
            .send()
            .await?;
        // 409: created by an earlier run against the same database.
        ensure!(
            response.status().is_success() || response.status() == reqwest::StatusCode::CONFLICT,
            "creating category {name:?}: {} {}",
            response.status(),
            response.text().await.unwrap_or_default()
        );
    }
    let response = target
        .admin(reqwest::Method::POST, "/products/import")
        .header("content-type", "application/x-ndjson")
        .body(body)
        .send()
        .await?;
    let status = response.status();
    let report: Value = response.json().await.context("the import answers JSON")?;
    let failed = report["failed"].as_u64().unwrap_or(u64::MAX);
    if !status.is_success() || failed > 0 {
        let hint = if format == ImportFormat::Target {
            " (an import that predates issue 9 refuses brand, attributes, popularity and \
             category_path: run with --strip-issue-9-fields)"
        } else {
            ""
        };
        let first: Vec<&Value> = report["failures"]
            .as_array()
            .map(|f| f.iter().take(3).collect())
            .unwrap_or_default();
        bail!(
            "the import failed {failed} lines, status {status}{hint}; first failures: {}",
            Value::from(first.into_iter().cloned().collect::<Vec<_>>())
        );
    }
    wait_until_searchable(target, fixture.lines.len() as u64, deadline).await
}

async fn wait_until_searchable(
    target: &Target<'_>,
    expected: u64,
    deadline: Duration,
) -> anyhow::Result<()> {
    let started = Instant::now();
    loop {
        let url = format!("{}/api/search/products/?page_size=1", target.base_url);
        let answer: Value = target.client.get(url).send().await?.json().await?;
        let count = answer["count"].as_u64().unwrap_or(0);
        if count == expected {
            return Ok(());
        }
        ensure!(
            started.elapsed() < deadline,
            "after {deadline:?} search counts {count} of the {expected} imported products"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// Product id to external id, for reading search answers in the
/// judgments' terms.
pub async fn external_ids(pool: &PgPool) -> anyhow::Result<HashMap<u64, String>> {
    let rows: Vec<(i64, Option<String>)> =
        sqlx::query_as("SELECT id, external_id FROM products WHERE deleted_at IS NULL")
            .fetch_all(pool)
            .await?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, external)| Some((u64::try_from(id).ok()?, external?)))
        .collect())
}
