//! `GET` and `PUT /api/settings/` (admin, registered among the admin
//! routes): which attribute keys are facets, synonyms and stop words.

use axum::{
    Json,
    extract::{DefaultBodyLimit, State},
    routing::{MethodRouter, get},
};

use crate::{
    db::{self, settings::SearchSettings},
    domain::settings::{Settings, SettingsInput},
    error::{ApiError, ApiJson, ErrorBody},
    state::AppState,
};

/// The largest valid settings (1,000 synonym rules of up to 21 words of 100
/// characters) are about 2.2 MB; the usual 64 KiB would refuse most of them.
const BODY_LIMIT_BYTES: usize = 4 * 1024 * 1024;

pub fn routes() -> MethodRouter<AppState> {
    get(show)
        .put(save)
        .layer(DefaultBodyLimit::max(BODY_LIMIT_BYTES))
}

/// The search settings.
#[utoipa::path(get, path = "/api/settings", tag = "admin", security(("bearer" = [])),
    responses(
        (status = 200, description = "The settings", body = SearchSettings),
        (status = 503, description = "PostgreSQL is unreachable (`service_unavailable`)",
            body = ErrorBody),
    ))]
async fn show(State(state): State<AppState>) -> Result<Json<SearchSettings>, ApiError> {
    Ok(Json(db::settings::load(&state.db).await?))
}

/// Replaces the settings; a change of the facet keys rebuilds every
/// replica's index in the background, one of the rest reaches every replica
/// as a settings change (see `db::settings::save`).
#[utoipa::path(put, path = "/api/settings", tag = "admin", security(("bearer" = [])),
    request_body(content = SettingsInput, description = "Every field; at most 4 MiB"),
    responses(
        (status = 200, description = "What was saved", body = SearchSettings),
        (status = 400, description = "Each problem named by its place, e.g. `facets[2]` \
            (`validation_failed`), or `malformed_json`", body = ErrorBody),
        (status = 503, description = "PostgreSQL is unreachable (`service_unavailable`)",
            body = ErrorBody),
    ))]
async fn save(
    State(state): State<AppState>,
    ApiJson(input): ApiJson<SettingsInput>,
) -> Result<Json<SearchSettings>, ApiError> {
    let settings = Settings::try_from(input)?;
    let mut tx = state.db.begin().await?;
    let saved = db::settings::save(&mut tx, &settings).await?;
    tx.commit().await?;
    Ok(Json(saved))
}
