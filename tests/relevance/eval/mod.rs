//! The relevance evaluation of issue 10: the judged fixture is imported
//! into a running app through its API, every judged query is sent to
//! `/api/search/products/` (and its prefixes to `/api/search/suggest/`),
//! and the answers are scored against the judgments. Shared by
//! `examples/eval.rs` (prints the figures, `scripts/eval.sh`) and
//! `tests/api/relevance.rs` (fails when they regress), so both measure the
//! same thing. tests/relevance/README.md describes the fixture.

mod fixture;
mod metrics;
mod report;

use std::collections::HashMap;

use anyhow::{Context, ensure};
use futures::{StreamExt, TryStreamExt};
use serde_json::Value;

use fixture::JudgedQuery;
pub use fixture::{Fixture, ImportFormat, external_ids, import};
use report::{Outcome, Report};

/// Places scored by nDCG, and the depth at which typo robustness looks for
/// the judged top product.
pub const DEPTH: usize = 10;
/// Suggestions the judged top product must be among.
pub const SUGGEST_DEPTH: usize = 5;
/// The fewest characters suggest answers (`MIN_SUGGEST_CHARS`).
pub const SUGGEST_MIN_CHARS: usize = 3;
/// Requests in flight at once: enough to keep a debug build busy, few
/// enough not to trip anything that protects the service.
const CONCURRENCY: usize = 4;

/// A running app.
pub struct Target<'a> {
    pub client: &'a reqwest::Client,
    pub base_url: &'a str,
    pub admin_token: &'a str,
}

impl Target<'_> {
    fn admin(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.client
            .request(method, format!("{}{path}", self.base_url))
            .bearer_auth(self.admin_token)
    }

    async fn get_json(&self, path: &str, params: &[(&str, &str)]) -> anyhow::Result<Value> {
        let query = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(params)
            .finish();
        let url = format!("{}{path}?{query}", self.base_url);
        let response = self.client.get(&url).send().await?;
        let status = response.status();
        let body = response.text().await?;
        ensure!(status.is_success(), "GET {url}: {status} {body}");
        serde_json::from_str(&body).with_context(|| format!("GET {url} answers JSON"))
    }
}

/// What to measure beyond nDCG, precision and zero results.
#[derive(Debug, Clone, Copy)]
pub struct Measures {
    pub typos: bool,
    pub suggest: bool,
}

/// Runs every query of `queries` and scores it; `ids` maps the app's
/// product ids to the fixture's external ids.
pub async fn evaluate(
    target: &Target<'_>,
    queries: &[&JudgedQuery],
    ids: &HashMap<u64, String>,
    measures: Measures,
) -> anyhow::Result<Report> {
    let outcomes = futures::stream::iter(queries)
        .map(|&query| evaluate_query(target, query, ids, measures))
        .buffered(CONCURRENCY)
        .try_collect()
        .await?;
    Ok(Report { outcomes, measures })
}

/// A search answer: its count, and its first products as (external id, title).
async fn search(
    target: &Target<'_>,
    q: &str,
    ids: &HashMap<u64, String>,
) -> anyhow::Result<(u64, Vec<(String, String)>)> {
    let depth = DEPTH.to_string();
    let answer = target
        .get_json("/api/search/products/", &[("q", q), ("page_size", &depth)])
        .await?;
    let count = answer["count"].as_u64().context("search answers a count")?;
    let hits = answer["results"]
        .as_array()
        .context("search answers results")?
        .iter()
        .map(|hit| {
            let id = hit["id"].as_u64().context("a hit has an id")?;
            let external = ids.get(&id).cloned().unwrap_or_else(|| format!("id {id}"));
            Ok((
                external,
                hit["title"].as_str().unwrap_or_default().to_owned(),
            ))
        })
        .collect::<anyhow::Result<_>>()?;
    Ok((count, hits))
}

/// The product ids suggest answers for `prefix`. Category suggestions
/// (issue 10 adds them) carry a `type`/`kind` other than "product" and are
/// skipped.
async fn suggest(target: &Target<'_>, prefix: &str) -> anyhow::Result<Vec<u64>> {
    let limit = SUGGEST_DEPTH.to_string();
    let answer = target
        .get_json("/api/search/suggest/", &[("q", prefix), ("limit", &limit)])
        .await?;
    Ok(answer["suggestions"]
        .as_array()
        .context("suggest answers suggestions")?
        .iter()
        .filter(|s| {
            let kind = s
                .get("type")
                .or_else(|| s.get("kind"))
                .and_then(Value::as_str);
            kind.is_none_or(|kind| kind == "product")
        })
        .filter_map(|s| s["id"].as_u64())
        .take(SUGGEST_DEPTH)
        .collect())
}

async fn evaluate_query(
    target: &Target<'_>,
    query: &JudgedQuery,
    ids: &HashMap<u64, String>,
    measures: Measures,
) -> anyhow::Result<Outcome> {
    let grades: HashMap<&str, u8> = query
        .judgments
        .iter()
        .map(|j| (j.id.as_str(), j.grade))
        .collect();
    let (count, hits) = search(target, &query.query, ids).await?;
    let ranked: Vec<u8> = hits
        .iter()
        .map(|(id, _)| grades.get(id.as_str()).copied().unwrap_or(0))
        .collect();
    let judged: Vec<u8> = query.judgments.iter().map(|j| j.grade).collect();
    let top_rank = hits.iter().position(|(id, _)| *id == query.top.id);
    // A misspelled query already carries its typo; a second one measures
    // something else.
    let typo = match metrics::typo_variant(&query.query) {
        Some(typed) if measures.typos && query.kind != "misspelled" => {
            let (_, typo_hits) = search(target, &typed, ids).await?;
            let found = typo_hits.iter().any(|(id, _)| *id == query.top.id);
            Some((typed, found))
        }
        _ => None,
    };
    let keystrokes = if measures.suggest {
        keystrokes(target, query, ids).await?
    } else {
        None
    };
    Ok(Outcome {
        query: query.query.clone(),
        kind: query.kind.clone(),
        top_title: query.top.title.clone(),
        count,
        ndcg: metrics::ndcg_at(DEPTH, &ranked, &judged),
        precision: metrics::precision_at(5, &ranked),
        top_rank,
        first: hits
            .into_iter()
            .zip(ranked)
            .take(3)
            .map(|((_, title), grade)| (grade, title))
            .collect(),
        typo,
        keystrokes,
    })
}

/// (characters typed, characters in the query) when the judged top product
/// first shows among the suggestions; `None` for queries shorter than
/// suggest's minimum. Typing the whole query without it showing counts as
/// the whole query typed (and is reported as not found).
async fn keystrokes(
    target: &Target<'_>,
    query: &JudgedQuery,
    ids: &HashMap<u64, String>,
) -> anyhow::Result<Option<(usize, usize, bool)>> {
    let chars: Vec<char> = query.query.chars().collect();
    if chars.len() < SUGGEST_MIN_CHARS {
        return Ok(None);
    }
    let Some(top) = ids
        .iter()
        .find(|(_, id)| **id == query.top.id)
        .map(|(id, _)| *id)
    else {
        return Ok(Some((chars.len(), chars.len(), false)));
    };
    for typed in SUGGEST_MIN_CHARS..=chars.len() {
        let prefix: String = chars[..typed].iter().collect();
        // A trailing space is a keystroke that asks nothing new.
        if prefix.ends_with(' ') {
            continue;
        }
        if suggest(target, &prefix).await?.contains(&top) {
            return Ok(Some((typed, chars.len(), true)));
        }
    }
    Ok(Some((chars.len(), chars.len(), false)))
}
