//! The demo shop, resolved once per seed: Best Buy's category tree and
//! stores (`bestbuy/`, derived by scripts/derive-bestbuy-data.py) with each
//! leaf category's model lines from the vocabulary, every title part, price
//! and attribute precomputed so that generating a product only picks and
//! copies.

use std::collections::{BTreeMap, BTreeSet};

use serde::Deserialize;

use super::{
    bulk::escape,
    template::{Part, Template, parse, strip},
    vocabulary::{self, Axis, Kind, Scalar, Vocabulary},
};

const CATEGORIES: &str = include_str!("bestbuy/categories.json");
const STORES: &str = include_str!("bestbuy/stores.json");

/// How strongly earlier (best-selling) lines of a leaf are preferred: the
/// i-th line's weight is 1 / (i + 1)^LINE_SKEW.
const LINE_SKEW: f64 = 0.6;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct CategorySpec {
    path: Vec<String>,
    kind: String,
    #[serde(default, rename = "where")]
    filter: BTreeMap<String, Filter>,
}

/// A category's narrowing of its kind: one value, several, or a named list.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum Filter {
    One(String),
    Many(Vec<String>),
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Store {
    pub name: String,
    pub city: String,
    pub state: String,
    pub latitude: f64,
    pub longitude: f64,
}

pub struct Shop {
    pub leaves: Vec<Leaf>,
    pub stores: Vec<Store>,
    /// Attribute keys for the search settings' facets.
    pub facets: Vec<String>,
}

/// A leaf category and the lines it sells.
pub struct Leaf {
    pub path: Vec<String>,
    pub weight: f64,
    /// Chance that a family is sold refurbished (1 in "Refurbished ...").
    pub refurbished: f64,
    /// Whether products carry a `condition` attribute.
    pub has_condition: bool,
    pub lines: Vec<Line>,
    /// Cumulative line weights, for a weighted pick.
    pub line_weights: Vec<f64>,
    pub features: Vec<String>,
}

/// A model line, resolved: every string is already COPY-escaped.
pub struct Line {
    pub brand: String,
    pub model: String,
    pub name: Template,
    pub price_cents: i64,
    pub axes: Vec<ResolvedAxis>,
    /// `"key":value` pairs of the fixed attributes, comma-separated.
    pub attrs_json: String,
    /// Title parts after " - ": an axis, or a fixed attribute's text.
    pub suffix: Vec<Part>,
    pub image_url: String,
    /// The kind's opening sentences whose placeholders this line fills.
    pub intros: Vec<Template>,
    /// How many distinct variants the line has (saturating).
    pub variants: usize,
}

pub struct ResolvedAxis {
    /// `"key":` ready to precede a value in the attributes object.
    pub json_key: String,
    pub values: Vec<AxisValue>,
}

pub struct AxisValue {
    pub display: String,
    pub json: String,
    pub add_cents: i64,
}

impl Shop {
    pub fn load() -> anyhow::Result<Shop> {
        let vocabulary = vocabulary::load()?;
        let specs: Vec<CategorySpec> = serde_json::from_str(CATEGORIES)?;
        let stores: Vec<Store> = serde_json::from_str(STORES)?;
        let leaves = specs
            .iter()
            .map(|spec| {
                leaf(&vocabulary, spec)
                    .map_err(|e| anyhow::anyhow!("seed category {}: {e}", spec.path.join(" > ")))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        Ok(Shop {
            leaves,
            stores,
            facets: vocabulary.facets,
        })
    }

    /// At most `count` leaves, taken in turn from each department so that
    /// a small demo still spans the shop; in the tree's order.
    pub fn select(&self, count: Option<u32>) -> Vec<&Leaf> {
        let count = count.map_or(self.leaves.len(), |c| c as usize);
        let mut departments: Vec<Vec<usize>> = Vec::new();
        for (i, leaf) in self.leaves.iter().enumerate() {
            match departments.last_mut() {
                Some(d) if self.leaves[d[0]].path[0] == leaf.path[0] => d.push(i),
                _ => departments.push(vec![i]),
            }
        }
        let mut chosen = BTreeSet::new();
        'rounds: for round in 0.. {
            let before = chosen.len();
            for department in &departments {
                if chosen.len() == count {
                    break 'rounds;
                }
                if let Some(&i) = department.get(round) {
                    chosen.insert(i);
                }
            }
            if chosen.len() == before {
                break;
            }
        }
        chosen.into_iter().map(|i| &self.leaves[i]).collect()
    }
}

fn leaf(vocabulary: &Vocabulary, spec: &CategorySpec) -> anyhow::Result<Leaf> {
    let kind = vocabulary
        .kinds
        .get(&spec.kind)
        .ok_or_else(|| anyhow::anyhow!("no kind {}", spec.kind))?;
    let mut refurbished = kind.refurbished;
    let mut wanted: Vec<(&str, BTreeSet<String>)> = Vec::new();
    for (key, filter) in &spec.filter {
        let values = filter_values(vocabulary, filter)?;
        if key == "condition" {
            anyhow::ensure!(
                values.len() == 1 && values.contains("Refurbished"),
                "condition filters name Refurbished only"
            );
            refurbished = 1.0;
        } else {
            wanted.push((key, values));
        }
    }
    let intros: Vec<Template> = kind.intro.iter().map(|t| parse(t)).collect();
    let mut lines = Vec::new();
    for line in &kind.lines {
        if let Some(line) =
            resolve_line(vocabulary, kind, &vocabulary::line(line)?, &wanted, &intros)?
        {
            lines.push(line);
        }
    }
    anyhow::ensure!(!lines.is_empty(), "no line of {} fits", spec.kind);
    let mut total = 0.0;
    let line_weights = (0..lines.len())
        .map(|i| {
            total += 1.0 / ((i + 1) as f64).powf(LINE_SKEW);
            total
        })
        .collect();
    // A category selling a narrower range (one phone model, one platform's
    // games) gets fewer products than one selling the whole kind.
    let range = lines.len() as f64 / kind.lines.len() as f64;
    Ok(Leaf {
        path: spec.path.clone(),
        weight: kind.weight * range.sqrt(),
        refurbished,
        has_condition: refurbished > 0.0,
        lines,
        line_weights,
        features: kind.features.iter().map(|f| escape(f)).collect(),
    })
}

fn filter_values(vocabulary: &Vocabulary, filter: &Filter) -> anyhow::Result<BTreeSet<String>> {
    let names = match filter {
        Filter::One(one) => vec![one.clone()],
        Filter::Many(many) => many.clone(),
    };
    let mut values = BTreeSet::new();
    for name in names {
        match name.strip_prefix('@') {
            Some(list) => values.extend(named(vocabulary, list)?.iter().map(Scalar::raw)),
            None => {
                values.insert(name);
            }
        }
    }
    Ok(values)
}

fn named<'a>(vocabulary: &'a Vocabulary, list: &str) -> anyhow::Result<&'a [Scalar]> {
    vocabulary
        .lists
        .get(list)
        .map(Vec::as_slice)
        .ok_or_else(|| anyhow::anyhow!("no list {list}"))
}

/// The line as this leaf sells it, or None when the leaf's filters rule it
/// out: `brand` and `model` compare with the line's, other keys with its
/// fixed attributes or narrow its axis of that name.
fn resolve_line(
    vocabulary: &Vocabulary,
    kind: &Kind,
    line: &vocabulary::Line,
    wanted: &[(&str, BTreeSet<String>)],
    intros: &[Template],
) -> anyhow::Result<Option<Line>> {
    let mut axes: BTreeMap<&str, Vec<(Scalar, f64)>> = BTreeMap::new();
    // A line's fixed attribute replaces the kind's axis of that name.
    for (key, axis) in kind.axes.iter().chain(&line.axes) {
        if !line.attrs.contains_key(key) {
            axes.insert(key, axis_values(vocabulary, axis)?);
        }
    }
    let model = line.model.clone().unwrap_or_else(|| strip(&line.name));
    if line.archive && !wanted.iter().any(|(key, _)| *key == "model") {
        return Ok(None);
    }
    for (key, values) in wanted {
        let fits = match *key {
            "brand" => values.contains(&line.brand),
            "model" => values.contains(&model),
            key => match (line.attrs.get(key), axes.get_mut(key)) {
                (Some(fixed), _) => values.contains(&fixed.raw()),
                (None, Some(axis)) => {
                    axis.retain(|(value, _)| values.contains(&value.raw()));
                    !axis.is_empty()
                }
                (None, None) => false,
            },
        };
        if !fits {
            return Ok(None);
        }
    }
    let keys: Vec<&str> = axes.keys().copied().collect();
    let bind = |template: &Template| -> Option<Template> {
        let parts = template.0.iter().map(|part| match part {
            Part::Key(key) if key == "brand" => Some(Part::Brand),
            Part::Key(key) if key == "model" => Some(Part::Model),
            Part::Key(key) => keys.iter().position(|k| k == key).map(Part::Axis),
            other => Some(other.clone()),
        });
        parts.collect::<Option<Vec<_>>>().map(Template)
    };
    let name = bind(&parse(&line.name))
        .ok_or_else(|| anyhow::anyhow!("{}: a placeholder names no axis", line.name))?;
    let mut suffix = Vec::new();
    for key in &kind.suffix {
        if let Some(i) = keys.iter().position(|k| k == key) {
            suffix.push(Part::Axis(i));
        } else if let Some(fixed) = line.attrs.get(key) {
            suffix.push(Part::Text(escape(&fixed.display(key))));
        }
    }
    let attrs_json = line
        .attrs
        .iter()
        .map(|(key, value)| {
            escape(&format!(
                "{}:{}",
                Scalar::Text(key.clone()).json(),
                value.json()
            ))
        })
        .collect::<Vec<_>>()
        .join(",");
    let resolved: Vec<ResolvedAxis> = axes
        .iter()
        .map(|(key, values)| ResolvedAxis {
            json_key: escape(&format!("{}:", Scalar::Text((*key).to_owned()).json())),
            values: values
                .iter()
                .map(|(value, add)| AxisValue {
                    display: escape(&value.display(key)),
                    json: escape(&value.json()),
                    add_cents: (add * 100.0).round() as i64,
                })
                .collect(),
        })
        .collect();
    let variants = resolved
        .iter()
        .fold(1usize, |n, axis| n.saturating_mul(axis.values.len()));
    let intros: Vec<Template> = intros.iter().filter_map(bind).collect();
    anyhow::ensure!(!intros.is_empty(), "{}: no intro fits its axes", line.name);
    Ok(Some(Line {
        image_url: image_url(&line.brand, &model),
        brand: escape(&line.brand),
        model: escape(&model),
        name,
        price_cents: (line.price * 100.0).round() as i64,
        axes: resolved,
        attrs_json,
        suffix,
        intros,
        variants,
    }))
}

fn axis_values(vocabulary: &Vocabulary, axis: &Axis) -> anyhow::Result<Vec<(Scalar, f64)>> {
    Ok(match axis {
        Axis::Named(list) => {
            let name = list
                .strip_prefix('@')
                .ok_or_else(|| anyhow::anyhow!("axis {list:?} is neither a list nor \"@name\""))?;
            named(vocabulary, name)?
                .iter()
                .map(|v| (v.clone(), 0.0))
                .collect()
        }
        Axis::Values(values) => values.iter().map(|v| (v.clone(), 0.0)).collect(),
        Axis::Priced { values, add } => {
            anyhow::ensure!(values.len() == add.len(), "an add per value");
            values.iter().cloned().zip(add.iter().copied()).collect()
        }
    })
    .and_then(|values: Vec<(Scalar, f64)>| {
        // A family draws a value from every axis.
        anyhow::ensure!(!values.is_empty(), "an axis without values");
        Ok(values)
    })
}

/// A placeholder picture that names the product.
fn image_url(brand: &str, model: &str) -> String {
    let text: String =
        url::form_urlencoded::byte_serialize(format!("{brand} {model}").as_bytes()).collect();
    format!("https://placehold.co/400x400?text={text}")
}
