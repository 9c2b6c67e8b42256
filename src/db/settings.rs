//! The search settings row: which attribute keys are facets, synonyms and
//! stop words.

use sqlx::PgExecutor;

#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct SearchSettings {
    /// Attribute keys that are filterable and facetable, in the order a
    /// storefront shows them.
    pub facets: Vec<String>,
    pub synonyms: sqlx::types::Json<serde_json::Value>,
    pub stop_words: Vec<String>,
}

pub async fn load(db: impl PgExecutor<'_>) -> sqlx::Result<SearchSettings> {
    sqlx::query_as("SELECT facets, synonyms, stop_words FROM search_settings")
        .fetch_one(db)
        .await
}
