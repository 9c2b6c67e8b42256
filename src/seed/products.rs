//! Demo products, written as COPY rows: families of variants of one model
//! line ("Apple - iPhone 15 128GB - Black", "... 256GB - Blue") in a leaf
//! category, Best Buy style titles, prices ending in .99, Zipf-like
//! popularity (Pareto-distributed, so the rank-size curve is a power law),
//! some families sold Geek Squad Certified Refurbished.

use std::{
    collections::{HashSet, hash_map::DefaultHasher},
    fmt::Write as _,
    hash::{Hash, Hasher},
};

use chrono::{DateTime, Duration, Utc};
use rand::{RngExt, rngs::StdRng};

use super::{
    shop::{Leaf, Line},
    template::{Part, Template},
};

/// Family sizes, drawn uniformly: mostly a few variants, sometimes six.
const FAMILY_SIZES: [usize; 9] = [1, 1, 2, 2, 3, 3, 4, 5, 6];
/// Pareto shape of popularity: close to 1, as sales ranks are.
const POPULARITY_SHAPE: f64 = 1.1;
/// Picks of a family, and draws per wanted variant, before a title listed
/// before is accepted.
const TRIES: usize = 8;
/// Families in a row without a new title after which the vocabulary counts
/// as used up (a million products list each title many times).
const SATURATED: u32 = 1_000;
const REFURBISHED: &str = "Geek Squad Certified Refurbished ";
const REFURBISHED_NOTE: &str = " Geek Squad Certified Refurbished: inspected, cleaned and repaired where needed by Geek Squad agents, and backed by a warranty.";

/// The COPY column list the rows follow.
pub const COLUMNS: &str = "id, title, description, price, category_id, brand, attributes, image_url, popularity, created_at, updated_at";

pub struct Generator<'a> {
    leaves: &'a [&'a Leaf],
    category_ids: &'a [i64],
    /// Cumulative leaf weights.
    weights: Vec<f64>,
    now: DateTime<Utc>,
    /// Hashes of the titles written so far, so that a shop does not list
    /// one product twice; None once the vocabulary is used up.
    seen: Option<HashSet<u64>>,
    /// Families in a row that found no new title.
    misses: u32,
}

/// The picks of a family.
struct Family<'a> {
    leaf_index: usize,
    line_index: usize,
    refurbished: bool,
    variants: Vec<Vec<usize>>,
    leaf: &'a Leaf,
}

impl<'a> Generator<'a> {
    /// `category_ids[i]` is the id of `leaves[i]`.
    pub fn new(leaves: &'a [&'a Leaf], category_ids: &'a [i64], now: DateTime<Utc>) -> Self {
        let mut total = 0.0;
        let weights = leaves
            .iter()
            .map(|leaf| {
                total += leaf.weight;
                total
            })
            .collect();
        Self {
            leaves,
            category_ids,
            weights,
            now,
            seen: Some(HashSet::new()),
            misses: 0,
        }
    }

    /// Writes one family with ids from `next`, never past `last`, and
    /// answers the id after it.
    pub fn family(&mut self, rng: &mut StdRng, next: u64, last: u64, out: &mut String) -> u64 {
        let remaining = usize::try_from(last + 1 - next).unwrap_or(usize::MAX);
        let family = self.pick_family(rng, remaining);
        let line = &family.leaf.lines[family.line_index];
        let line_weight = 1.0 / ((family.line_index + 1) as f64).powf(0.6);
        let family_popularity =
            10.0 * line_weight / (1.0 - rng.random::<f64>()).powf(1.0 / POPULARITY_SHAPE);
        let created = self.now - Duration::seconds(rng.random_range(0..730 * 86_400));
        let mut id = next;
        for variant in &family.variants {
            let product = Product {
                leaf: family.leaf,
                line,
                variant,
                refurbished: family.refurbished,
            };
            let popularity = family_popularity * rng.random_range(0.3..1.0);
            let created = created - Duration::seconds(rng.random_range(0..3 * 86_400));
            let cents = product.price_cents(rng);
            let _ = write!(out, "{id}\t");
            product.title(out);
            out.push('\t');
            product.description(rng, out);
            let _ = write!(
                out,
                "\t{}.{:02}\t{}\t{}\t",
                cents / 100,
                cents % 100,
                self.category_ids[family.leaf_index],
                line.brand
            );
            product.attributes(out);
            let _ = writeln!(
                out,
                "\t{}\t{popularity:.1}\t{created}\t{created}",
                line.image_url
            );
            id += 1;
        }
        id
    }

    /// A leaf, a line of it and up to `remaining` of its variants whose
    /// titles the shop does not list yet: a few tries, then (the vocabulary
    /// has only so many products) a title listed before.
    fn pick_family(&mut self, rng: &mut StdRng, remaining: usize) -> Family<'a> {
        let mut title = String::new();
        let mut last = None;
        for _ in 0..TRIES {
            let leaf_index = pick(&self.weights, rng);
            let leaf = self.leaves[leaf_index];
            let line_index = pick(&leaf.line_weights, rng);
            let line = &leaf.lines[line_index];
            let refurbished = leaf.refurbished > 0.0 && rng.random_bool(leaf.refurbished.min(1.0));
            let size = FAMILY_SIZES[rng.random_range(0..FAMILY_SIZES.len())]
                .min(line.variants)
                .min(remaining);
            let mut variants: Vec<Vec<usize>> = Vec::with_capacity(size);
            for _ in 0..size * TRIES {
                if variants.len() == size {
                    break;
                }
                let variant: Vec<usize> = line
                    .axes
                    .iter()
                    .map(|axis| rng.random_range(0..axis.values.len()))
                    .collect();
                if variants.contains(&variant) {
                    continue;
                }
                if let Some(seen) = &mut self.seen {
                    title.clear();
                    let product = Product {
                        leaf,
                        line,
                        variant: &variant,
                        refurbished,
                    };
                    product.title(&mut title);
                    let mut hasher = DefaultHasher::new();
                    title.hash(&mut hasher);
                    if !seen.insert(hasher.finish()) {
                        last = Some((leaf_index, line_index, refurbished, variant));
                        continue;
                    }
                }
                variants.push(variant);
            }
            if !variants.is_empty() {
                self.misses = 0;
                return Family {
                    leaf_index,
                    line_index,
                    refurbished,
                    variants,
                    leaf,
                };
            }
        }
        self.misses += 1;
        if self.misses > SATURATED {
            // Every try finds a listed title: stop looking.
            self.seen = None;
        }
        // Only reachable with a title seen before, so `last` is set; the
        // fallback keeps this total anyway.
        let (leaf_index, line_index, refurbished, variant) =
            last.unwrap_or_else(|| (0, 0, false, vec![0; self.leaves[0].lines[0].axes.len()]));
        Family {
            leaf_index,
            line_index,
            refurbished,
            variants: vec![variant],
            leaf: self.leaves[leaf_index],
        }
    }
}

/// One variant of a line, as a row's fields.
struct Product<'a> {
    leaf: &'a Leaf,
    line: &'a Line,
    /// The chosen value index of each of the line's axes.
    variant: &'a [usize],
    refurbished: bool,
}

impl Product<'_> {
    /// "Brand - [Geek Squad Certified Refurbished ]Name - Suffix".
    fn title(&self, out: &mut String) {
        out.push_str(&self.line.brand);
        out.push_str(" - ");
        if self.refurbished {
            out.push_str(REFURBISHED);
        }
        self.render(&self.line.name, out);
        for part in &self.line.suffix {
            out.push_str(" - ");
            self.part(part, out);
        }
    }

    fn description(&self, rng: &mut StdRng, out: &mut String) {
        let intro = &self.line.intros[rng.random_range(0..self.line.intros.len())];
        self.render(intro, out);
        let features = &self.leaf.features;
        if !features.is_empty() {
            let first = rng.random_range(0..features.len());
            out.push(' ');
            out.push_str(&features[first]);
            if features.len() > 1 {
                let second = (first + rng.random_range(1..features.len())) % features.len();
                out.push(' ');
                out.push_str(&features[second]);
            }
        }
        if self.refurbished {
            out.push_str(REFURBISHED_NOTE);
        }
    }

    /// Base price plus what the variant adds; refurbished a fifth off, a
    /// fifth of the rest on sale; ending in the cents the line's price ends
    /// in (.99 for most brands, .00 for Apple), as shelf prices do.
    fn price_cents(&self, rng: &mut StdRng) -> i64 {
        let mut cents = self.line.price_cents
            + self
                .line
                .axes
                .iter()
                .zip(self.variant)
                .map(|(axis, &i)| axis.values[i].add_cents)
                .sum::<i64>();
        if self.refurbished {
            cents = cents * 4 / 5;
        } else if rng.random_bool(0.2) {
            cents = cents * rng.random_range(75..=90) / 100;
        }
        let ending = self.line.price_cents % 100;
        ((cents - ending + 50) / 100).max(1) * 100 + ending
    }

    fn attributes(&self, out: &mut String) {
        out.push('{');
        let mut first = true;
        let mut comma = |out: &mut String| {
            if !std::mem::take(&mut first) {
                out.push(',');
            }
        };
        if self.leaf.has_condition {
            comma(out);
            out.push_str(if self.refurbished {
                r#""condition":"Refurbished""#
            } else {
                r#""condition":"New""#
            });
        }
        if !self.line.attrs_json.is_empty() {
            comma(out);
            out.push_str(&self.line.attrs_json);
        }
        for (axis, &i) in self.line.axes.iter().zip(self.variant) {
            comma(out);
            out.push_str(&axis.json_key);
            out.push_str(&axis.values[i].json);
        }
        out.push('}');
    }

    fn render(&self, template: &Template, out: &mut String) {
        for part in &template.0 {
            self.part(part, out);
        }
    }

    fn part(&self, part: &Part, out: &mut String) {
        match part {
            Part::Text(text) => out.push_str(text),
            Part::Brand => out.push_str(&self.line.brand),
            Part::Model => out.push_str(&self.line.model),
            Part::Axis(i) => out.push_str(&self.line.axes[*i].values[self.variant[*i]].display),
            // Lines hold bound templates only (shop.rs).
            Part::Key(_) => {}
        }
    }
}

/// An index drawn with the weights whose running totals are `cumulative`.
fn pick(cumulative: &[f64], rng: &mut StdRng) -> usize {
    let total = cumulative.last().copied().unwrap_or(0.0);
    let at = rng.random::<f64>() * total;
    cumulative
        .partition_point(|&c| c <= at)
        .min(cumulative.len().saturating_sub(1))
}
