//! The search settings row: which attribute keys are facets, synonyms and
//! stop words; and what a change of them asks of every replica's index.

use std::collections::BTreeSet;

use serde::Serialize;
use sqlx::{PgConnection, PgExecutor};
use utoipa::ToSchema;

use super::outbox;
use crate::domain::settings::Settings;

#[derive(Debug, Clone, Default, PartialEq, Serialize, sqlx::FromRow, ToSchema)]
pub struct SearchSettings {
    /// Attribute keys that are filterable and facetable, in the order a
    /// storefront shows them.
    pub facets: Vec<String>,
    #[schema(value_type = Vec<crate::domain::settings::Synonym>)]
    pub synonyms: sqlx::types::Json<serde_json::Value>,
    pub stop_words: Vec<String>,
}

pub async fn load(db: impl PgExecutor<'_>) -> sqlx::Result<SearchSettings> {
    sqlx::query_as("SELECT facets, synonyms, stop_words FROM search_settings")
        .fetch_one(db)
        .await
}

/// Replaces the settings in the caller's transaction and records what
/// every replica must do about it: a full reindex when the set of facet
/// keys changed (documents hold facet values only for facet keys), a
/// settings change when anything else did (synonyms, stop words, the
/// facets' order), nothing when nothing did. Concurrent saves queue on the
/// row, so each compares with what the previous one stored.
pub async fn save(tx: &mut PgConnection, settings: &Settings) -> sqlx::Result<SearchSettings> {
    let old: SearchSettings =
        sqlx::query_as("SELECT facets, synonyms, stop_words FROM search_settings FOR UPDATE")
            .fetch_one(&mut *tx)
            .await?;
    let new = SearchSettings {
        facets: settings.facets.clone(),
        synonyms: sqlx::types::Json(serde_json::json!(settings.synonyms)),
        stop_words: settings.stop_words.clone(),
    };
    if new == old {
        return Ok(old);
    }
    sqlx::query(
        "UPDATE search_settings
            SET facets = $1, synonyms = $2, stop_words = $3, updated_at = now()",
    )
    .bind(&new.facets)
    .bind(&new.synonyms)
    .bind(&new.stop_words)
    .execute(&mut *tx)
    .await?;
    let keys = |s: &SearchSettings| s.facets.iter().cloned().collect::<BTreeSet<_>>();
    let reindex = keys(&new) != keys(&old);
    if reindex {
        outbox::request_reindex(&mut *tx).await?;
    }
    // The facets' order alone changes no document: not worth a rebuild.
    let reordered = !reindex && new.facets != old.facets;
    if reordered || new.synonyms != old.synonyms || new.stop_words != old.stop_words {
        outbox::record_settings(&mut *tx).await?;
    }
    Ok(new)
}
