//! The seed's data and generator, without a database: the shipped tree,
//! stores and vocabulary fit together, and generated rows satisfy the
//! schema and the catalog's validation rules.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::{TimeZone, Utc};
use rand::{SeedableRng, rngs::StdRng};

use super::{
    products::Generator,
    shop::{Leaf, Shop},
    vocabulary,
};

const DEPARTMENTS: [&str; 7] = [
    "Cell Phones",
    "Computers & Tablets",
    "TV & Home Theater",
    "Audio",
    "Cameras & Camcorders",
    "Video Games",
    "Appliances",
];

fn shop() -> Shop {
    Shop::load().expect("the shipped data loads")
}

/// `count` rows from `seed`, as COPY text.
fn rows(shop: &Shop, seed: u64, count: u64) -> String {
    let leaves: Vec<&Leaf> = shop.select(None);
    let ids: Vec<i64> = (1..=leaves.len() as i64).collect();
    let now = Utc.with_ymd_and_hms(2026, 11, 23, 12, 0, 0).unwrap();
    let mut generator = Generator::new(&leaves, &ids, now);
    let mut rng = StdRng::seed_from_u64(seed);
    let mut out = String::new();
    let mut next = 1;
    while next <= count {
        next = generator.family(&mut rng, next, count, &mut out);
    }
    out
}

/// A COPY text field's value.
fn unescape(field: &str) -> String {
    let mut out = String::new();
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        out.push(match (c, c == '\\') {
            (_, true) => match chars.next() {
                Some('t') => '\t',
                Some('n') => '\n',
                Some('r') => '\r',
                Some(other) => other,
                None => '\\',
            },
            (c, false) => c,
        });
    }
    out
}

#[test]
fn the_tree_is_the_product_departments_at_most_three_levels_deep() {
    let shop = shop();
    assert!(
        (250..=400).contains(&shop.leaves.len()),
        "a few hundred leaves, not {}",
        shop.leaves.len()
    );
    let roots: BTreeSet<&str> = shop.leaves.iter().map(|l| l.path[0].as_str()).collect();
    for department in DEPARTMENTS {
        assert!(roots.contains(department), "{department} is missing");
    }
    for navigation in ["Gift Ideas", "Best Buy", "Featured Offers", "Name Brands"] {
        assert!(
            !roots.contains(navigation),
            "{navigation} is not a department"
        );
    }
    let three = shop.leaves.iter().filter(|l| l.path.len() == 3).count();
    assert!(
        three * 10 > shop.leaves.len() * 9,
        "mostly three levels deep"
    );
    let mut seen = HashSet::new();
    for leaf in &shop.leaves {
        assert!((2..=3).contains(&leaf.path.len()), "{:?}", leaf.path);
        assert!(
            seen.insert(
                leaf.path
                    .iter()
                    .map(|n| n.to_lowercase())
                    .collect::<Vec<_>>()
            )
        );
        for name in &leaf.path {
            assert!(!name.contains('>') && (1..=200).contains(&name.chars().count()));
        }
        // A leaf is never an ancestor of another leaf.
        assert!(
            !shop
                .leaves
                .iter()
                .any(|other| other.path.len() > leaf.path.len()
                    && other.path.starts_with(&leaf.path))
        );
    }
}

#[test]
fn every_kind_of_the_vocabulary_sells_in_some_category_and_every_facet_is_used() {
    let vocabulary = vocabulary::load().unwrap();
    let categories: Vec<serde_json::Value> =
        serde_json::from_str(include_str!("bestbuy/categories.json")).unwrap();
    let used: BTreeSet<&str> = categories
        .iter()
        .map(|c| c["kind"].as_str().unwrap())
        .collect();
    let defined: BTreeSet<&str> = vocabulary.kinds.keys().map(String::as_str).collect();
    assert_eq!(
        used, defined,
        "kinds without categories or categories without kinds"
    );
    let mut keys: BTreeSet<String> = BTreeSet::from(["condition".to_owned()]);
    for kind in vocabulary.kinds.values() {
        keys.extend(kind.axes.keys().cloned());
        for line in &kind.lines {
            let line = vocabulary::line(line).unwrap();
            keys.extend(line.axes.into_keys());
            keys.extend(line.attrs.into_keys());
        }
    }
    for facet in &vocabulary.facets {
        assert!(keys.contains(facet), "facet {facet} names no attribute");
    }
}

#[test]
fn stores_are_real_and_any_prefix_spreads_over_the_country() {
    let shop = shop();
    assert!(shop.stores.len() > 1000);
    let states: BTreeSet<&str> = shop.stores[..20].iter().map(|s| s.state.as_str()).collect();
    assert_eq!(states.len(), 20, "the default 20 stores are in 20 states");
    for store in &shop.stores {
        assert!(!store.name.is_empty() && !store.city.is_empty() && store.state.len() == 2);
        assert!((-90.0..=90.0).contains(&store.latitude));
        assert!((-180.0..=180.0).contains(&store.longitude));
    }
}

#[test]
fn a_smaller_selection_takes_leaves_in_turn_from_each_department() {
    let shop = shop();
    let departments: BTreeSet<&str> = shop.leaves.iter().map(|l| l.path[0].as_str()).collect();
    let chosen = shop.select(Some(departments.len() as u32));
    let spread: BTreeSet<&str> = chosen.iter().map(|l| l.path[0].as_str()).collect();
    assert_eq!(spread, departments);
    assert_eq!(shop.select(None).len(), shop.leaves.len());
    assert_eq!(shop.select(Some(100_000)).len(), shop.leaves.len());
    assert_eq!(shop.select(Some(1)).len(), 1);
}

#[test]
fn generated_rows_satisfy_the_schema_and_the_validation_rules() {
    let shop = shop();
    let text = rows(&shop, 1, 20_000);
    let (mut count, mut shelf_prices, mut with_attributes) = (0, 0, 0);
    for row in text.lines() {
        count += 1;
        let fields: Vec<String> = row.split('\t').map(unescape).collect();
        assert_eq!(fields.len(), 11, "{row}");
        let [
            _,
            title,
            description,
            price,
            _,
            brand,
            attributes,
            image,
            popularity,
            ..,
        ] = &fields[..]
        else {
            unreachable!()
        };
        assert!((1..=500).contains(&title.chars().count()), "{title}");
        assert!((1..=200).contains(&brand.chars().count()));
        assert!(title.starts_with(&format!("{brand} - ")), "{title}");
        assert!(description.len() > 60, "{description}");
        let (_, cents) = price.split_once('.').unwrap();
        assert!(
            cents.len() == 2 && price.parse::<f64>().unwrap() > 0.0,
            "{price}"
        );
        shelf_prices += usize::from(cents == "99");
        let url = url::Url::parse(image).unwrap();
        assert!(url.scheme() == "https" && image.len() <= 2048);
        let popularity: f64 = popularity.parse().unwrap();
        assert!(popularity.is_finite() && popularity > 0.0);
        let attributes: serde_json::Map<String, serde_json::Value> =
            serde_json::from_str(attributes).unwrap();
        assert!(attributes.len() <= 50, "{title}");
        with_attributes += usize::from(!attributes.is_empty());
        for (key, value) in &attributes {
            assert!(
                (1..=64).contains(&key.len())
                    && key
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_'),
                "{key}"
            );
            match value {
                serde_json::Value::String(s) => {
                    assert!(
                        (1..=200).contains(&s.chars().count()) && !s.chars().any(char::is_control)
                    )
                }
                serde_json::Value::Number(n) => assert!(n.as_f64().is_some_and(f64::is_finite)),
                other => panic!("{key}: {other}"),
            }
        }
    }
    assert_eq!(count, 20_000);
    assert!(shelf_prices > 15_000, "{shelf_prices} prices end in .99");
    assert!(
        with_attributes > 16_000,
        "{with_attributes} products with attributes"
    );
}

#[test]
fn titles_read_like_a_real_retailers() {
    let shop = shop();
    let text = rows(&shop, 2, 50_000);
    let titles: Vec<&str> = text
        .lines()
        .map(|r| r.split('\t').nth(1).unwrap())
        .collect();
    let case = titles
        .iter()
        .find(|t| t.starts_with("OtterBox - Defender Series Pro Case for "));
    assert!(case.is_some_and(|t| {
        t.rsplit_once(" - ")
            .is_some_and(|(_, colour)| !colour.is_empty())
    }));
    assert!(
        titles
            .iter()
            .any(|t| t.starts_with("Insignia - ") && t.contains("USB-C to Lightning"))
    );
    let refurbished = titles
        .iter()
        .find(|t| t.starts_with("Apple - Geek Squad Certified Refurbished iPhone"));
    assert!(refurbished.is_some(), "refurbished phones are sold");
    let brands: BTreeSet<&str> = text
        .lines()
        .map(|r| r.split('\t').nth(5).unwrap())
        .collect();
    assert!(brands.len() > 300, "{} brands", brands.len());
}

#[test]
fn the_variants_a_family_can_have_have_distinct_titles() {
    let shop = shop();
    // Every axis with several values shows in the title, or variants of one
    // family would be indistinguishable.
    for leaf in &shop.leaves {
        for line in &leaf.lines {
            for (i, axis) in line.axes.iter().enumerate() {
                if axis.values.len() > 1 {
                    let shown = line
                        .name
                        .0
                        .iter()
                        .chain(&line.suffix)
                        .any(|part| matches!(part, super::template::Part::Axis(a) if *a == i));
                    assert!(
                        shown,
                        "{:?} {}: axis {} is not in the title",
                        leaf.path, line.model, axis.json_key
                    );
                }
            }
        }
    }
}

#[test]
fn the_same_seed_value_gives_the_same_rows_and_another_does_not() {
    let shop = shop();
    // Compared without printing: a failure would dump megabytes.
    let first = rows(&shop, 7, 3_000);
    assert!(first == rows(&shop, 7, 3_000), "seed 7 twice differs");
    assert!(first != rows(&shop, 8, 3_000), "seeds 7 and 8 agree");
}

#[test]
fn popularity_is_heavy_tailed() {
    let shop = shop();
    let text = rows(&shop, 3, 20_000);
    let mut popularity: Vec<f64> = text
        .lines()
        .map(|r| r.split('\t').nth(8).unwrap().parse().unwrap())
        .collect();
    popularity.sort_by(|a, b| b.total_cmp(a));
    let total: f64 = popularity.iter().sum();
    let top: f64 = popularity[..popularity.len() / 10].iter().sum();
    assert!(
        top / total > 0.5,
        "the top tenth holds {:.0}%",
        100.0 * top / total
    );
}

#[test]
fn categories_get_products_of_their_kind() {
    let shop = shop();
    let by_path: BTreeMap<String, &Leaf> = shop
        .leaves
        .iter()
        .map(|l| (l.path.join(" > "), l))
        .collect();
    let brands = |path: &str| -> BTreeSet<&str> {
        by_path[path]
            .lines
            .iter()
            .map(|l| l.brand.as_str())
            .collect()
    };
    assert_eq!(
        brands("Cell Phones > iPhone > iPhone 6s"),
        BTreeSet::from(["Apple"])
    );
    assert_eq!(
        brands("TV & Home Theater > Streaming Media Players > Roku"),
        BTreeSet::from(["Roku"])
    );
    let ps4 = by_path["Video Games > PlayStation 4 > PS4 Games"];
    assert!(ps4.lines.iter().all(|l| {
        l.axes.iter().all(|a| {
            a.json_key != "\"platform\":" || a.values.iter().all(|v| v.display == "PlayStation 4")
        })
    }));
    let refurbished = by_path["Cell Phones > Refurbished & Pre-Owned Phones > Refurbished Phones"];
    assert_eq!(refurbished.refurbished, 1.0);
}

#[test]
fn a_demo_sized_shop_lists_no_title_twice() {
    let shop = shop();
    let text = rows(&shop, 42, 2_000);
    let titles: Vec<&str> = text
        .lines()
        .map(|r| r.split('\t').nth(1).unwrap())
        .collect();
    let distinct: HashSet<&&str> = titles.iter().collect();
    assert_eq!(distinct.len(), titles.len());
}

#[test]
fn a_model_is_the_name_before_its_specs_without_placeholders() {
    use super::template::strip;
    assert_eq!(
        strip("iPhone 15 {storage_gb} (Unlocked)"),
        "iPhone 15 (Unlocked)"
    );
    assert_eq!(
        strip("Defender Series Pro Case for {compatible_with}"),
        "Defender Series Pro Case"
    );
    assert_eq!(
        strip("Gamer Xtreme Desktop - Intel Core i7 - {ram_gb} Memory"),
        "Gamer Xtreme Desktop"
    );
    assert_eq!(
        strip("Ultra HD HDMI 2.1 Cable ({length_ft})"),
        "Ultra HD HDMI 2.1 Cable"
    );
    assert_eq!(strip("{screen_size_in} Class QN90C TV"), "Class QN90C TV");
    assert_eq!(
        strip("Glass Screen Protector for {compatible_with} (2-Pack)"),
        "Glass Screen Protector (2-Pack)"
    );
}
