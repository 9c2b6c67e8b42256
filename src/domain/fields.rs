//! The rules of a product's descriptive fields (issue 9): `brand`,
//! `attributes`, `image_url` and `popularity`. Each arrives as raw JSON so
//! that a wrong type is reported against its field, like a wrong value,
//! rather than as an unreadable body.

use serde::{Deserialize, Deserializer};
use serde_json::{Map, Value};

use super::text::control_character;

pub const MAX_BRAND_CHARS: usize = 200;
pub const MAX_IMAGE_URL_CHARS: usize = 2048;
pub const MAX_ATTRIBUTES: usize = 50;
pub const MAX_ATTRIBUTE_KEY_CHARS: usize = 64;
pub const MAX_ATTRIBUTE_VALUE_CHARS: usize = 200;
pub const MAX_ATTRIBUTE_LIST: usize = 20;

/// `#[serde(default, deserialize_with = "present")]`: an absent field is
/// `None`, a present one (`null` included) is `Some`, so that a PATCH can
/// tell "leave it" from "clear it".
pub fn present<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    T::deserialize(deserializer).map(Some)
}

/// The descriptive fields of a request, validated: `None` where the
/// request did not name the field; for brand and image, `Some(None)` where
/// it sent `null` (no brand, or clear it).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Descriptive {
    pub brand: Option<Option<String>>,
    pub attributes: Option<Map<String, Value>>,
    pub image_url: Option<Option<String>>,
    pub popularity: Option<f64>,
}

/// The raw fields as they came, each `Some` when present (`null` included).
#[derive(Debug, Default)]
pub struct RawDescriptive {
    pub brand: Option<Value>,
    pub attributes: Option<Value>,
    pub image_url: Option<Value>,
    pub popularity: Option<Value>,
}

impl RawDescriptive {
    /// The validated fields; what is wrong goes into `problems`, keyed by
    /// field (`attributes.<key>` for one attribute).
    pub fn check(self, problems: &mut Map<String, Value>) -> Descriptive {
        let mut note = |field: String, problem: String| {
            problems.insert(field, Value::String(problem));
        };
        let brand = self.brand.and_then(|raw| match nullable_text(raw, brand) {
            Ok(brand) => Some(brand),
            Err(problem) => {
                note("brand".into(), problem);
                None
            }
        });
        let image_url = self
            .image_url
            .and_then(|raw| match nullable_text(raw, image_url) {
                Ok(url) => Some(url),
                Err(problem) => {
                    note("image_url".into(), problem);
                    None
                }
            });
        let popularity = self.popularity.and_then(|raw| match popularity(&raw) {
            Ok(popularity) => Some(popularity),
            Err(problem) => {
                note("popularity".into(), problem);
                None
            }
        });
        let attributes = self.attributes.and_then(|raw| match attributes(raw) {
            Ok(attributes) => Some(attributes),
            Err(found) => {
                for (field, problem) in found {
                    note(field, problem);
                }
                None
            }
        });
        Descriptive {
            brand,
            attributes,
            image_url,
            popularity,
        }
    }
}

/// `null` is `None`; a string goes through `rule`; anything else is wrong.
fn nullable_text(
    raw: Value,
    rule: fn(&str) -> Result<String, String>,
) -> Result<Option<String>, String> {
    match raw {
        Value::Null => Ok(None),
        Value::String(text) => rule(&text).map(Some),
        _ => Err("must be a string or null".into()),
    }
}

/// A brand as stored (trimmed), or what is wrong with it.
pub fn brand(raw: &str) -> Result<String, String> {
    one_line(raw, MAX_BRAND_CHARS)
}

/// Trimmed, 1 to `max` characters, no control characters.
fn one_line(raw: &str, max: usize) -> Result<String, String> {
    let text = raw.trim();
    let chars = text.chars().count();
    if chars == 0 || chars > max {
        return Err(format!("must be 1 to {max} characters"));
    }
    match control_character(text) {
        Some(problem) => Err(problem),
        None => Ok(text.to_owned()),
    }
}

/// An image URL as stored (parsed and written back by the `url` crate, so
/// `HTTPS://Shop.example/a b.jpg` becomes `https://shop.example/a%20b.jpg`),
/// or what is wrong with it.
pub fn image_url(raw: &str) -> Result<String, String> {
    let text = raw.trim();
    // The URL parser silently drops tabs and line breaks; refuse them first.
    if let Some(problem) = control_character(text) {
        return Err(problem);
    }
    let too_long = || format!("must be at most {MAX_IMAGE_URL_CHARS} characters");
    if text.chars().count() > MAX_IMAGE_URL_CHARS {
        return Err(too_long());
    }
    let url = url::Url::parse(text).map_err(|err| format!("must be a URL ({err})"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err("must be an http or https URL".into());
    }
    let stored = String::from(url);
    if stored.chars().count() > MAX_IMAGE_URL_CHARS {
        return Err(too_long());
    }
    Ok(stored)
}

/// A finite number, at least 0.
pub fn popularity(raw: &Value) -> Result<f64, String> {
    raw.as_f64()
        .filter(|p| p.is_finite() && *p >= 0.0)
        // -0 is 0: it must read back as the same number it sorts as.
        .map(|p| p + 0.0)
        .ok_or_else(|| "must be a finite number, at least 0".into())
}

/// Whether `key` can name an attribute: it appears in URLs as `attr.<key>`.
pub fn attribute_key_problem(key: &str) -> Option<String> {
    let ok = (1..=MAX_ATTRIBUTE_KEY_CHARS).contains(&key.len())
        && key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_');
    (!ok).then(|| {
        format!(
            "keys are 1 to {MAX_ATTRIBUTE_KEY_CHARS} characters of a-z, 0-9 and _ (they appear in URLs as attr.<key>)"
        )
    })
}

/// The attributes as stored, or each problem with its field
/// (`attributes`, or `attributes.<key>`).
pub fn attributes(raw: Value) -> Result<Map<String, Value>, Vec<(String, String)>> {
    let Value::Object(object) = raw else {
        return Err(vec![("attributes".into(), "must be an object".into())]);
    };
    if object.len() > MAX_ATTRIBUTES {
        return Err(vec![(
            "attributes".into(),
            format!("must have at most {MAX_ATTRIBUTES} keys"),
        )]);
    }
    let mut problems = Vec::new();
    let mut stored = Map::new();
    for (key, value) in object {
        let field = format!("attributes.{}", shortened(&key));
        let checked = match attribute_key_problem(&key) {
            Some(problem) => Err(problem),
            None => attribute_value(value),
        };
        match checked {
            Ok(value) => {
                stored.insert(key, value);
            }
            Err(problem) => problems.push((field, problem)),
        }
    }
    if problems.is_empty() {
        Ok(stored)
    } else {
        Err(problems)
    }
}

/// A key named in an error: a huge one is cut, not echoed whole.
fn shortened(key: &str) -> String {
    match key.char_indices().nth(MAX_ATTRIBUTE_KEY_CHARS + 1) {
        Some((at, _)) => format!("{}…", &key[..at]),
        None => key.to_owned(),
    }
}

fn attribute_value(value: Value) -> Result<Value, String> {
    let what = format!(
        "must be a string (1 to {MAX_ATTRIBUTE_VALUE_CHARS} characters), a finite number, \
         or a list of 1 to {MAX_ATTRIBUTE_LIST} such strings"
    );
    match value {
        Value::String(text) => one_line(&text, MAX_ATTRIBUTE_VALUE_CHARS).map(Value::String),
        Value::Number(number) if number.as_f64().is_some_and(f64::is_finite) => {
            Ok(Value::Number(number))
        }
        Value::Array(items) if (1..=MAX_ATTRIBUTE_LIST).contains(&items.len()) => items
            .into_iter()
            .map(|item| match item {
                Value::String(text) => one_line(&text, MAX_ATTRIBUTE_VALUE_CHARS),
                _ => Err(what.clone()),
            })
            .collect::<Result<Vec<_>, _>>()
            .map(|texts| Value::Array(texts.into_iter().map(Value::String).collect())),
        _ => Err(what),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn check(raw: Value) -> Result<Descriptive, Map<String, Value>> {
        let raw = RawDescriptive {
            brand: raw.get("brand").cloned(),
            attributes: raw.get("attributes").cloned(),
            image_url: raw.get("image_url").cloned(),
            popularity: raw.get("popularity").cloned(),
        };
        let mut problems = Map::new();
        let checked = raw.check(&mut problems);
        if problems.is_empty() {
            Ok(checked)
        } else {
            Err(problems)
        }
    }

    #[test]
    fn every_bad_value_is_named_by_its_field() {
        let long_key = "k".repeat(65);
        let long_field = format!("attributes.{long_key}");
        let cases = [
            (json!({"brand": ""}), "brand"),
            (json!({"brand": "   "}), "brand"),
            (json!({"brand": "b".repeat(201)}), "brand"),
            (json!({"brand": "Ac\u{1b}me"}), "brand"),
            (json!({"brand": 5}), "brand"),
            (json!({"image_url": "ftp://x.example/a.jpg"}), "image_url"),
            (json!({"image_url": "javascript:alert(1)"}), "image_url"),
            (json!({"image_url": "not a url"}), "image_url"),
            (
                json!({"image_url": "https://x.example/\na.jpg"}),
                "image_url",
            ),
            (
                json!({"image_url": format!("https://x.example/{}", "a".repeat(2040))}),
                "image_url",
            ),
            (json!({"image_url": ["https://x.example"]}), "image_url"),
            (json!({"popularity": -1}), "popularity"),
            (json!({"popularity": "5"}), "popularity"),
            (json!({"popularity": null}), "popularity"),
            (json!({"attributes": null}), "attributes"),
            (json!({"attributes": ["color"]}), "attributes"),
            (
                json!({"attributes": {"Color": "Black"}}),
                "attributes.Color",
            ),
            (json!({"attributes": {"": "x"}}), "attributes."),
            (
                json!({"attributes": {"color-name": "x"}}),
                "attributes.color-name",
            ),
            (
                json!({"attributes": {long_key.clone(): "x"}}),
                long_field.as_str(),
            ),
            (json!({"attributes": {"color": ""}}), "attributes.color"),
            (
                json!({"attributes": {"color": "c".repeat(201)}}),
                "attributes.color",
            ),
            (
                json!({"attributes": {"color": "a\u{0}b"}}),
                "attributes.color",
            ),
            (json!({"attributes": {"color": true}}), "attributes.color"),
            (json!({"attributes": {"color": null}}), "attributes.color"),
            (
                json!({"attributes": {"color": {"a": 1}}}),
                "attributes.color",
            ),
            (json!({"attributes": {"carrier": []}}), "attributes.carrier"),
            (
                json!({"attributes": {"carrier": [1, 2]}}),
                "attributes.carrier",
            ),
            (
                json!({"attributes": {"carrier": ["a", ""]}}),
                "attributes.carrier",
            ),
            (
                json!({"attributes": {"carrier": vec!["x"; 21]}}),
                "attributes.carrier",
            ),
        ];
        for (raw, field) in cases {
            let problems = check(raw.clone()).unwrap_err();
            assert!(problems.contains_key(field), "{raw}: {problems:?}");
            assert_eq!(problems.len(), 1, "{raw}: {problems:?}");
        }
        let many: Map<String, Value> = (0..51).map(|i| (format!("k{i}"), json!(1))).collect();
        let problems = check(json!({"attributes": many})).unwrap_err();
        assert!(problems.contains_key("attributes"), "{problems:?}");
    }

    #[test]
    fn a_number_beyond_f64_is_not_finite() {
        // With serde_json's arbitrary precision (rust_decimal turns it on),
        // 1e999 parses as a number; it must still be refused.
        let raw: Value = serde_json::from_str(r#"{"attributes": {"size": 1e999}}"#).unwrap();
        assert!(check(raw).unwrap_err().contains_key("attributes.size"));
    }

    #[test]
    fn good_values_are_trimmed_normalised_and_kept() {
        let checked = check(json!({
            "brand": " Apple ",
            "image_url": "HTTPS://Images.Example/p/1 2.jpg",
            "popularity": 812,
            "attributes": {"color": " Black ", "storage_gb": 32, "carrier": ["AT&T", "Verizon"],
                           "weight_kg": 0.138, "k".repeat(64): "x"},
        }))
        .unwrap();
        assert_eq!(checked.brand, Some(Some("Apple".into())));
        assert_eq!(
            checked.image_url,
            Some(Some("https://images.example/p/1%202.jpg".into()))
        );
        assert_eq!(checked.popularity, Some(812.0));
        let attributes = checked.attributes.unwrap();
        assert_eq!(attributes["color"], "Black");
        assert_eq!(attributes["storage_gb"], 32);
        assert_eq!(attributes["carrier"], json!(["AT&T", "Verizon"]));
        assert_eq!(attributes.len(), 5);
    }

    #[test]
    fn null_clears_brand_and_image_and_absence_leaves_all() {
        let cleared = check(json!({"brand": null, "image_url": null})).unwrap();
        assert_eq!(cleared.brand, Some(None));
        assert_eq!(cleared.image_url, Some(None));
        assert_eq!(check(json!({})).unwrap(), Descriptive::default());
        assert_eq!(
            check(json!({"attributes": {}})).unwrap().attributes,
            Some(Map::new())
        );
    }
}
