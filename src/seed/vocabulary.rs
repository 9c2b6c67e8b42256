//! The words demo products are made of, as written in `vocabulary/*.json`:
//! product kinds with their brands' model lines, variant axes, prices and
//! copy, shared lists of values, and the attribute keys shown as facets.
//! This module only reads the files; `shop.rs` resolves them against the
//! category tree.

use std::collections::BTreeMap;

use serde::Deserialize;

/// One file per department; together they are the vocabulary.
const FILES: &[(&str, &str)] = &[
    ("common", include_str!("vocabulary/common.json")),
    ("phones", include_str!("vocabulary/phones.json")),
    ("computers", include_str!("vocabulary/computers.json")),
    ("tv", include_str!("vocabulary/tv.json")),
    ("audio", include_str!("vocabulary/audio.json")),
    ("cameras", include_str!("vocabulary/cameras.json")),
    ("games", include_str!("vocabulary/games.json")),
    ("appliances", include_str!("vocabulary/appliances.json")),
    ("kitchen", include_str!("vocabulary/kitchen.json")),
    ("car", include_str!("vocabulary/car.json")),
    ("home", include_str!("vocabulary/home.json")),
    ("health", include_str!("vocabulary/health.json")),
    ("toys", include_str!("vocabulary/toys.json")),
    ("music", include_str!("vocabulary/music.json")),
];

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Vocabulary {
    /// Attribute keys a storefront filters by, in the order it shows them.
    #[serde(default)]
    pub facets: Vec<String>,
    /// Named lists of values, used by axes and category filters as `"@name"`.
    #[serde(default)]
    pub lists: BTreeMap<String, Vec<Scalar>>,
    #[serde(default)]
    pub kinds: BTreeMap<String, Kind>,
}

/// A kind of product (smartphones, phone cases, TVs): who makes it, in
/// which model lines and variants, at what price, described how.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Kind {
    /// How many products this kind gets relative to others (default 1).
    #[serde(default = "one")]
    pub weight: f64,
    /// Share of families sold as Geek Squad Certified Refurbished; kinds
    /// with a share above zero carry a `condition` attribute.
    #[serde(default)]
    pub refurbished: f64,
    /// Attribute keys appended to the title after " - " (Best Buy puts the
    /// colour last).
    #[serde(default = "color")]
    pub suffix: Vec<String>,
    /// Opening sentences; `{brand}`, `{model}` and axis keys are filled in.
    pub intro: Vec<String>,
    /// Selling points, two of which follow the opening.
    pub features: Vec<String>,
    /// Variant axes every line has unless it says otherwise.
    #[serde(default)]
    pub axes: BTreeMap<String, Axis>,
    /// Best-selling lines first: earlier lines get more products. Each is
    /// `"Brand | Name | price"` or a [`Line`] object (read by [`line`]: an
    /// untagged enum would not read prices such as 399.00, see [`load`]).
    pub lines: Vec<serde_json::Value>,
}

/// A model line: its name is a template over its axes, e.g.
/// `"iPhone 15 {storage_gb}"` with axes storage_gb and color.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Line {
    pub brand: String,
    pub name: String,
    /// The name without variant parts (category filters, images, copy);
    /// by default the name with its placeholders removed.
    #[serde(default)]
    pub model: Option<String>,
    /// The base variant's price, in dollars.
    pub price: f64,
    #[serde(default)]
    pub axes: BTreeMap<String, Axis>,
    /// Attributes every variant of the line has.
    #[serde(default)]
    pub attrs: BTreeMap<String, Scalar>,
    /// An older model, sold only in a category named after it.
    #[serde(default)]
    pub archive: bool,
}

/// The values a variant axis takes: a list, a named list (`"@name"`), or
/// values with what each adds to the base price.
#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum Axis {
    Named(String),
    Values(Vec<Scalar>),
    Priced { values: Vec<Scalar>, add: Vec<f64> },
}

#[derive(Debug, Clone, PartialEq, Deserialize)]
#[serde(untagged)]
pub enum Scalar {
    Number(f64),
    Text(String),
}

impl Scalar {
    /// The value as category filters compare it ("128", "Black").
    pub fn raw(&self) -> String {
        match self {
            Scalar::Number(n) => number(*n),
            Scalar::Text(t) => t.clone(),
        }
    }

    /// The value as it reads in a title: units follow from the key's
    /// suffix (`storage_gb` 1024 is "1TB", `screen_size_in` 65 is `65"`).
    pub fn display(&self, key: &str) -> String {
        let Scalar::Number(n) = self else {
            return self.raw();
        };
        let n = *n;
        if key.ends_with("_gb") {
            if n >= 1024.0 && n % 1024.0 == 0.0 {
                return format!("{}TB", number(n / 1024.0));
            }
            return format!("{}GB", number(n));
        }
        let unit = [
            ("_tb", "TB"),
            ("_in", "\""),
            ("_ft", "'"),
            ("_cu_ft", " Cu. Ft."),
            ("_mp", "MP"),
            ("_mm", "mm"),
            ("_w", "W"),
            ("_mah", "mAh"),
            ("_qt", "-Quart"),
            ("_oz", " oz"),
            ("_hz", "Hz"),
            ("_pc", "-Piece"),
        ]
        .iter()
        .filter(|(suffix, _)| key.ends_with(suffix))
        .max_by_key(|(suffix, _)| suffix.len())
        .map_or("", |(_, unit)| unit);
        format!("{}{unit}", number(n))
    }

    /// The value inside the attributes JSON object.
    pub fn json(&self) -> String {
        match self {
            Scalar::Number(n) => number(*n),
            // Serialising a string cannot fail.
            Scalar::Text(t) => serde_json::to_string(t).unwrap_or_default(),
        }
    }
}

/// Whole numbers without a fraction ("128", not "128.0").
fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

fn one() -> f64 {
    1.0
}

fn color() -> Vec<String> {
    vec!["color".to_owned()]
}

/// Every file merged; a kind or list defined twice is an error.
pub fn load() -> anyhow::Result<Vocabulary> {
    let mut all = Vocabulary::default();
    for (name, text) in FILES {
        // Through a Value: serde_json's arbitrary_precision (on for
        // rust_decimal) buffers numbers as maps, which untagged enums nested
        // in untagged enums cannot read straight from the text.
        let file: Vocabulary = serde_json::from_str::<serde_json::Value>(text)
            .and_then(serde_json::from_value)
            .map_err(|e| anyhow::anyhow!("seed vocabulary {name}.json: {e}"))?;
        all.facets.extend(file.facets);
        for (key, list) in file.lists {
            anyhow::ensure!(
                all.lists.insert(key.clone(), list).is_none(),
                "seed vocabulary: list {key} defined twice"
            );
        }
        for (key, kind) in file.kinds {
            anyhow::ensure!(
                all.kinds.insert(key.clone(), kind).is_none(),
                "seed vocabulary: kind {key} defined twice"
            );
        }
    }
    Ok(all)
}

/// A line as written: `"Brand | Name | price"`, or the full form.
pub fn line(spec: &serde_json::Value) -> anyhow::Result<Line> {
    let serde_json::Value::String(text) = spec else {
        return serde_json::from_value(spec.clone())
            .map_err(|e| anyhow::anyhow!("line {spec}: {e}"));
    };
    let parts: Vec<&str> = text.split('|').map(str::trim).collect();
    let [brand, name, price] = parts[..] else {
        anyhow::bail!("line {text:?} is not \"Brand | Name | price\"");
    };
    Ok(Line {
        brand: brand.to_owned(),
        name: name.to_owned(),
        model: None,
        price: price
            .parse()
            .map_err(|_| anyhow::anyhow!("line {text:?}: price {price:?}"))?,
        axes: BTreeMap::new(),
        attrs: BTreeMap::new(),
        archive: false,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_read_with_the_unit_their_key_names() {
        let n = Scalar::Number;
        assert_eq!(n(128.0).display("storage_gb"), "128GB");
        assert_eq!(n(1024.0).display("storage_gb"), "1TB");
        assert_eq!(n(2048.0).display("storage_gb"), "2TB");
        assert_eq!(n(65.0).display("screen_size_in"), "65\"");
        assert_eq!(n(15.6).display("screen_size_in"), "15.6\"");
        assert_eq!(n(28.0).display("capacity_cu_ft"), "28 Cu. Ft.");
        assert_eq!(n(6.0).display("length_ft"), "6'");
        assert_eq!(n(7.0).display("count"), "7");
        assert_eq!(Scalar::Text("Black".into()).display("color"), "Black");
        assert_eq!(n(128.0).json(), "128");
        assert_eq!(n(15.6).json(), "15.6");
        assert_eq!(Scalar::Text("6\" cord".into()).json(), "\"6\\\" cord\"");
    }

    #[test]
    fn a_short_line_is_brand_name_and_price() {
        let short = |text: &str| line(&serde_json::Value::String(text.into()));
        let line = short("Insignia | 6' HDMI Cable | 19.99").unwrap();
        assert_eq!(
            (line.brand.as_str(), line.name.as_str(), line.price),
            ("Insignia", "6' HDMI Cable", 19.99)
        );
        assert!(short("Insignia | 19.99").is_err());
        assert!(short("A | B | cheap").is_err());
        let full = serde_json::json!({"brand": "Apple", "name": "AirTag", "price": 29.00});
        assert_eq!(super::line(&full).unwrap().price, 29.0);
    }
}
