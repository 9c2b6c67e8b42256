//! What valid search settings are (`PUT /api/settings/`): which attribute
//! keys are facets, synonyms and stop words.
//!
//! Each field is checked from raw JSON, so that every problem is named with
//! its place (`facets[2]`, `synonyms[4].input`) in one answer.

use std::collections::HashSet;

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use utoipa::ToSchema;

use super::{ValidationError, text::control_character};

pub const MAX_FACETS: usize = 30;
pub const MAX_FACET_KEY_CHARS: usize = 64;
pub const MAX_SYNONYM_ENTRIES: usize = 1_000;
/// Words in one multi-way group, or synonyms of one one-way input.
pub const MAX_SYNONYM_WORDS: usize = 20;
pub const MAX_SYNONYM_CHARS: usize = 100;
pub const MAX_STOP_WORDS: usize = 1_000;
pub const MAX_STOP_WORD_CHARS: usize = 64;

/// The request body: every field is required (a PUT replaces the settings).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SettingsInput {
    /// Attribute keys to filter and facet on, in the order a storefront
    /// shows them: at most 30 keys of 1 to 64 `a-z`, `0-9`, `_`.
    #[schema(value_type = Vec<String>, required = true)]
    pub facets: Option<Value>,
    /// At most 1,000 rules.
    #[schema(value_type = Vec<Synonym>, required = true)]
    pub synonyms: Option<Value>,
    /// At most 1,000 words of 1 to 64 characters.
    #[schema(value_type = Vec<String>, required = true)]
    pub stop_words: Option<Value>,
}

/// Valid settings.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// In the order a storefront shows them.
    pub facets: Vec<String>,
    pub synonyms: Vec<Synonym>,
    pub stop_words: Vec<String>,
}

/// One synonym rule, stored as it was given.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, ToSchema)]
#[serde(untagged)]
pub enum Synonym {
    /// Every word stands for every other: `["tv", "television"]`.
    MultiWay(Vec<String>),
    /// `input` also finds each of `synonyms`, not the other way round.
    OneWay {
        input: String,
        synonyms: Vec<String>,
    },
}

impl TryFrom<SettingsInput> for Settings {
    type Error = ValidationError;

    fn try_from(input: SettingsInput) -> Result<Self, ValidationError> {
        let mut problems = Map::new();
        let mut required = |field: &str, value: Option<Value>| {
            if value.is_none() {
                problems.insert(field.into(), "is required".into());
            }
            value.unwrap_or_default()
        };
        let (facets, synonyms, stop_words) = (
            required("facets", input.facets),
            required("synonyms", input.synonyms),
            required("stop_words", input.stop_words),
        );
        let settings = Settings {
            facets: facet_keys(&facets, &mut problems),
            synonyms: synonym_rules(&synonyms, &mut problems),
            stop_words: strings("stop_words", &stop_words, MAX_STOP_WORDS, &mut problems)
                .into_iter()
                .filter_map(|(at, word)| text(at, word, MAX_STOP_WORD_CHARS, &mut problems))
                .collect(),
        };
        if problems.is_empty() {
            Ok(settings)
        } else {
            Err(ValidationError::of("settings", problems))
        }
    }
}

/// The array's elements that are strings, with their places; anything else
/// (not an array, too long, a non-string element) is a problem. `Null`
/// stands for a missing field, already reported.
fn strings<'a>(
    field: &str,
    value: &'a Value,
    max: usize,
    problems: &mut Map<String, Value>,
) -> Vec<(String, &'a str)> {
    let Some(items) = array(field, value, max, problems) else {
        return Vec::new();
    };
    items
        .iter()
        .enumerate()
        .filter_map(|(i, item)| {
            let at = format!("{field}[{i}]");
            match item.as_str() {
                Some(text) => Some((at, text)),
                None => {
                    problems.insert(at, "must be a string".into());
                    None
                }
            }
        })
        .collect()
}

fn array<'a>(
    field: &str,
    value: &'a Value,
    max: usize,
    problems: &mut Map<String, Value>,
) -> Option<&'a Vec<Value>> {
    match value {
        Value::Null => None,
        Value::Array(items) if items.len() > max => {
            problems.insert(
                field.into(),
                format!("must hold at most {max} entries").into(),
            );
            None
        }
        Value::Array(items) => Some(items),
        _ => {
            problems.insert(field.into(), "must be an array".into());
            None
        }
    }
}

/// A word or phrase: 1 to `max` characters, not blank, no control characters.
fn text(at: String, value: &str, max: usize, problems: &mut Map<String, Value>) -> Option<String> {
    let chars = value.chars().count();
    let problem = if chars == 0 || chars > max {
        Some(format!("must be 1 to {max} characters"))
    } else if value.trim().is_empty() {
        Some("must not be blank".to_owned())
    } else {
        control_character(value)
    };
    match problem {
        Some(problem) => {
            problems.insert(at, problem.into());
            None
        }
        None => Some(value.to_owned()),
    }
}

/// Attribute keys appear in URLs as `attr.<key>`: lowercase letters,
/// digits and underscores; each once.
fn facet_keys(value: &Value, problems: &mut Map<String, Value>) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut keys = Vec::new();
    for (at, key) in strings("facets", value, MAX_FACETS, problems) {
        let valid = (1..=MAX_FACET_KEY_CHARS).contains(&key.len())
            && key
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
        if !valid {
            problems.insert(
                at,
                format!(
                    "must be 1 to {MAX_FACET_KEY_CHARS} lowercase letters, digits or underscores"
                )
                .into(),
            );
        } else if !seen.insert(key) {
            problems.insert(at, format!("repeats the facet {key:?}").into());
        } else {
            keys.push(key.to_owned());
        }
    }
    keys
}

fn synonym_rules(value: &Value, problems: &mut Map<String, Value>) -> Vec<Synonym> {
    let Some(entries) = array("synonyms", value, MAX_SYNONYM_ENTRIES, problems) else {
        return Vec::new();
    };
    let mut rules = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let at = format!("synonyms[{i}]");
        let rule = match entry {
            Value::Array(_) => words(&at, entry, 2, problems).map(Synonym::MultiWay),
            Value::Object(object) => one_way(&at, object, problems),
            _ => {
                problems.insert(
                    at,
                    "must be a list of words or {\"input\", \"synonyms\"}".into(),
                );
                None
            }
        };
        rules.extend(rule);
    }
    rules
}

fn one_way(
    at: &str,
    object: &Map<String, Value>,
    problems: &mut Map<String, Value>,
) -> Option<Synonym> {
    if let Some(unknown) = object.keys().find(|k| *k != "input" && *k != "synonyms") {
        problems.insert(
            format!("{at}.{unknown}"),
            "is not a field of a one-way synonym (input, synonyms)".into(),
        );
        return None;
    }
    let input = match object.get("input") {
        Some(Value::String(input)) => {
            text(format!("{at}.input"), input, MAX_SYNONYM_CHARS, problems)
        }
        _ => {
            problems.insert(format!("{at}.input"), "must be a string".into());
            None
        }
    };
    let synonyms = match object.get("synonyms") {
        Some(list) => words(&format!("{at}.synonyms"), list, 1, problems),
        None => {
            problems.insert(format!("{at}.synonyms"), "is required".into());
            None
        }
    };
    Some(Synonym::OneWay {
        input: input?,
        synonyms: synonyms?,
    })
}

/// `min..=MAX_SYNONYM_WORDS` words, each valid; `None` if anything is not.
fn words(
    at: &str,
    value: &Value,
    min: usize,
    problems: &mut Map<String, Value>,
) -> Option<Vec<String>> {
    let count = value.as_array().map_or(0, Vec::len);
    if !value.is_array() || count < min || count > MAX_SYNONYM_WORDS {
        problems.insert(
            at.into(),
            format!("must be a list of {min} to {MAX_SYNONYM_WORDS} words").into(),
        );
        return None;
    }
    let before = problems.len();
    let found: Vec<String> = strings(at, value, MAX_SYNONYM_WORDS, problems)
        .into_iter()
        .filter_map(|(place, word)| text(place, word, MAX_SYNONYM_CHARS, problems))
        .collect();
    (problems.len() == before).then_some(found)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn parse(body: Value) -> Result<Settings, ValidationError> {
        Settings::try_from(serde_json::from_value::<SettingsInput>(body).unwrap())
    }

    #[test]
    fn both_kinds_of_synonym_are_kept_as_given() {
        let settings = parse(json!({
            "facets": ["color", "storage_gb"],
            "synonyms": [["tv", "television"], {"input": "phone", "synonyms": ["smartphone"]}],
            "stop_words": ["the", "a"],
        }))
        .unwrap();
        assert_eq!(settings.facets, ["color", "storage_gb"]);
        assert_eq!(
            serde_json::to_value(&settings.synonyms).unwrap(),
            json!([["tv", "television"], {"input": "phone", "synonyms": ["smartphone"]}])
        );
        assert_eq!(settings.stop_words, ["the", "a"]);
    }
}
