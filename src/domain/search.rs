//! What a valid search or suggest request is. The raw query string is parsed
//! here (not by serde) because `category` repeats, and because any text,
//! invalid UTF-8 included, must become plain words or a clear 400.

use rust_decimal::{Decimal, prelude::ToPrimitive};

use super::{
    ValidationError,
    pagination::{Page, PageParams},
    product::MAX_CATEGORY_CHARS,
};

pub const MAX_QUERY_CHARS: usize = 256;
/// Values a repeatable filter takes: a shopper ticks a few boxes, and each
/// value by name costs an index lookup.
pub const MAX_FILTER_VALUES: usize = 20;
pub const MIN_SUGGEST_CHARS: usize = 3;
pub const DEFAULT_SUGGEST_LIMIT: usize = 10;
pub const MAX_SUGGEST_LIMIT: usize = 20;
/// The highest price a search filter takes (the filter, not a product price).
const MAX_PRICE_FILTER: Decimal = Decimal::from_parts(1_000_000_000, 0, 0, false, 0);

/// Facet values shown per facet unless `facet_limit` says otherwise.
pub const DEFAULT_FACET_LIMIT: usize = 20;
pub const MAX_FACET_LIMIT: usize = 100;
/// Attribute keys one search may filter on.
pub const MAX_ATTRIBUTE_FILTERS: usize = 30;
const MAX_FILTER_VALUE_CHARS: usize = 200;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CategoryRef {
    Id(u64),
    /// The lowercased, trimmed names from the root: `Cell Phones > iPhone`.
    Path(Vec<String>),
}

/// A filter on one attribute key: any of the values (lowercased), and/or a
/// numeric range (inclusive).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct AttributeFilter {
    pub key: String,
    pub values: Vec<String>,
    pub min: Option<f64>,
    pub max: Option<f64>,
}

/// The order a shopper asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, utoipa::ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum Sort {
    Relevance,
    PriceAsc,
    PriceDesc,
    Newest,
    /// Most popular first.
    Popularity,
}

#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub q: String,
    pub categories: Vec<CategoryRef>,
    /// Inclusive, in cents.
    pub price_cents: Option<(u64, u64)>,
    pub store_id: Option<u64>,
    pub in_stock: bool,
    /// Lowercased brands, any of which passes.
    pub brands: Vec<String>,
    /// By key, in the order first given.
    pub attributes: Vec<AttributeFilter>,
    /// Values listed per facet.
    pub facet_limit: usize,
    /// As asked; `None` when not given (see [`SearchRequest::sort`]).
    pub sort: Option<Sort>,
    pub page: Page,
}

#[derive(Debug, Clone)]
pub struct SuggestRequest {
    pub q: String,
    pub limit: usize,
}

fn pairs(raw: &str) -> impl Iterator<Item = (String, String)> + '_ {
    url::form_urlencoded::parse(raw.as_bytes()).map(|(k, v)| (k.into_owned(), v.into_owned()))
}

fn query_text(value: &str) -> Result<String, ValidationError> {
    let q = value.trim();
    if q.chars().count() > MAX_QUERY_CHARS {
        return Err(ValidationError::field(
            "q",
            format!("must be at most {MAX_QUERY_CHARS} characters"),
        ));
    }
    Ok(q.to_owned())
}

fn integer<T: std::str::FromStr>(field: &str, value: &str) -> Result<T, ValidationError> {
    value
        .trim()
        .parse()
        .map_err(|_| ValidationError::field(field, "must be a whole number"))
}

fn id(field: &str, value: &str) -> Result<u64, ValidationError> {
    match integer::<i64>(field, value)? {
        id if id >= 1 => Ok(id as u64),
        _ => Err(ValidationError::field(field, "must be a positive integer")),
    }
}

fn price(field: &str, value: &str) -> Result<Decimal, ValidationError> {
    let price: Decimal = value
        .trim()
        .parse()
        .map_err(|_| ValidationError::field(field, "must be a number"))?;
    if price.is_sign_negative() {
        return Err(ValidationError::field(field, "must not be negative"));
    }
    if price > MAX_PRICE_FILTER {
        return Err(ValidationError::field(field, "is too large"));
    }
    Ok(price)
}

fn cents(price: Decimal, round_up: bool) -> u64 {
    let scaled = price * Decimal::ONE_HUNDRED;
    let rounded = if round_up {
        scaled.ceil()
    } else {
        scaled.floor()
    };
    // Cannot fail: bounded by MAX_PRICE_FILTER and not negative.
    rounded.to_u64().unwrap_or(0)
}

impl SearchRequest {
    /// Reads each parameter (its rules are the functions below); unknown
    /// parameters (cache busters, tracking) are ignored.
    pub fn parse(raw_query: &str) -> Result<Self, ValidationError> {
        let mut q = String::new();
        let mut categories = Vec::new();
        let (mut min_price, mut max_price) = (None, None);
        let mut store_id = None;
        let mut in_stock = false;
        let mut sort = None;
        let mut page = PageParams::default();
        let mut brands = Vec::new();
        let mut attributes: Vec<AttributeFilter> = Vec::new();
        let mut facet_limit = DEFAULT_FACET_LIMIT;
        for (key, value) in pairs(raw_query) {
            match key.as_str() {
                "q" => q = query_text(&value)?,
                "category" => {
                    capped("category", &categories)?;
                    categories.push(category(&value)?);
                }
                "brand" => {
                    capped("brand", &brands)?;
                    brands.push(filter_value("brand", &value)?);
                }
                "facet_limit" => {
                    facet_limit = match integer::<i64>("facet_limit", &value)? {
                        n @ 1..=100 => n as usize,
                        _ => {
                            return Err(ValidationError::field(
                                "facet_limit",
                                format!("must be between 1 and {MAX_FACET_LIMIT}"),
                            ));
                        }
                    }
                }
                other if other.starts_with("attr.") => {
                    attribute_filter(&mut attributes, other, &value)?;
                }
                "min_price" => min_price = Some(price("min_price", &value)?),
                "max_price" => max_price = Some(price("max_price", &value)?),
                "store_id" => store_id = Some(id("store_id", &value)?),
                "in_stock" => in_stock = boolean("in_stock", &value)?,
                "sort" => sort = Some(sort_order(&value)?),
                "page" => page.page = Some(integer("page", &value)?),
                "page_size" => page.page_size = Some(integer("page_size", &value)?),
                _ => {}
            }
        }
        Ok(Self {
            price_cents: price_range(min_price, max_price)?,
            page: Page::try_from(page)?,
            sort,
            q,
            categories,
            store_id,
            in_stock,
            brands,
            attributes,
            facet_limit,
        })
    }
}

fn capped<T>(field: &str, values: &[T]) -> Result<(), ValidationError> {
    if values.len() == MAX_FILTER_VALUES {
        return Err(ValidationError::field(
            field,
            format!("takes at most {MAX_FILTER_VALUES} values"),
        ));
    }
    Ok(())
}

/// A value to match exactly (ignoring case): trimmed, not empty, not huge.
fn filter_value(field: &str, value: &str) -> Result<String, ValidationError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(ValidationError::field(field, "must not be empty"));
    }
    if value.chars().count() > MAX_FILTER_VALUE_CHARS {
        return Err(ValidationError::field(field, "is too long"));
    }
    Ok(value.to_lowercase())
}

/// `attr.<key>=<value>`, `attr.<key>.min=<number>` or `attr.<key>.max=<number>`.
fn attribute_filter(
    filters: &mut Vec<AttributeFilter>,
    param: &str,
    value: &str,
) -> Result<(), ValidationError> {
    let rest = &param["attr.".len()..];
    let (key, bound) = match rest.rsplit_once('.') {
        Some((key, bound @ ("min" | "max"))) => (key, Some(bound)),
        _ => (rest, None),
    };
    if key.is_empty()
        || key.len() > 64
        || !key
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
    {
        return Err(ValidationError::field(
            param,
            "is not an attribute filter: use attr.<key>, attr.<key>.min or attr.<key>.max, keys of a-z, 0-9 and _",
        ));
    }
    let position = match filters.iter().position(|f| f.key == key) {
        Some(position) => position,
        None => {
            if filters.len() == MAX_ATTRIBUTE_FILTERS {
                return Err(ValidationError::field(
                    param,
                    format!("at most {MAX_ATTRIBUTE_FILTERS} attributes can be filtered on"),
                ));
            }
            filters.push(AttributeFilter {
                key: key.to_owned(),
                ..AttributeFilter::default()
            });
            filters.len() - 1
        }
    };
    let filter = &mut filters[position];
    match bound {
        Some(bound) => {
            let number: f64 = value
                .trim()
                .parse()
                .ok()
                .filter(|n: &f64| n.is_finite())
                .ok_or_else(|| ValidationError::field(param, "must be a number"))?;
            if bound == "min" {
                filter.min = Some(number);
            } else {
                filter.max = Some(number);
            }
            if let (Some(min), Some(max)) = (filter.min, filter.max)
                && min > max
            {
                return Err(ValidationError::field(param, "min must not exceed max"));
            }
        }
        None => {
            capped(param, &filter.values)?;
            filter.values.push(filter_value(param, value)?);
        }
    }
    Ok(())
}

/// A category filter: all digits is an id, anything else a path of names
/// joined by `>` (a single name is a top-level category).
fn category(value: &str) -> Result<CategoryRef, ValidationError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(ValidationError::field("category", "must not be empty"));
    }
    if value.bytes().all(|b| b.is_ascii_digit()) {
        return Ok(CategoryRef::Id(id("category", value)?));
    }
    let names: Vec<String> = value.split('>').map(|n| n.trim().to_lowercase()).collect();
    if names.iter().any(String::is_empty) {
        return Err(ValidationError::field(
            "category",
            "must be an id or a path of names such as `Cell Phones > iPhone`",
        ));
    }
    if names.len() > 8 || names.iter().any(|n| n.chars().count() > MAX_CATEGORY_CHARS) {
        return Err(ValidationError::field("category", "is too long"));
    }
    Ok(CategoryRef::Path(names))
}

fn boolean(field: &str, value: &str) -> Result<bool, ValidationError> {
    match value.trim() {
        "true" | "1" => Ok(true),
        "false" | "0" => Ok(false),
        _ => Err(ValidationError::field(field, "must be true or false")),
    }
}

fn sort_order(value: &str) -> Result<Sort, ValidationError> {
    match value.trim() {
        "relevance" => Ok(Sort::Relevance),
        "price_asc" => Ok(Sort::PriceAsc),
        "price_desc" => Ok(Sort::PriceDesc),
        "newest" => Ok(Sort::Newest),
        "popularity" => Ok(Sort::Popularity),
        _ => Err(ValidationError::field(
            "sort",
            "must be one of relevance, price_asc, price_desc, newest, popularity",
        )),
    }
}

/// The inclusive range in cents, rounded inwards; `None` when unbounded.
fn price_range(
    min: Option<Decimal>,
    max: Option<Decimal>,
) -> Result<Option<(u64, u64)>, ValidationError> {
    if let (Some(min), Some(max)) = (min, max)
        && min > max
    {
        return Err(ValidationError::field(
            "min_price",
            "must not exceed max_price",
        ));
    }
    Ok(match (min, max) {
        (None, None) => None,
        (min, max) => Some((
            min.map_or(0, |p| cents(p, true)),
            max.map_or(u64::MAX, |p| cents(p, false)),
        )),
    })
}

impl SearchRequest {
    /// The order of the results: as asked, else by relevance when the query
    /// has words to rank by, else newest first. The caller passes whether it
    /// found words, so the query is split into words once, by the search.
    pub fn sort(&self, has_words: bool) -> Sort {
        self.sort.unwrap_or(if has_words {
            Sort::Relevance
        } else {
            Sort::Newest
        })
    }
}

impl SuggestRequest {
    pub fn parse(raw_query: &str) -> Result<Self, ValidationError> {
        let mut q = None;
        let mut limit = DEFAULT_SUGGEST_LIMIT;
        for (key, value) in pairs(raw_query) {
            match key.as_str() {
                "q" => q = Some(query_text(&value)?),
                "limit" => {
                    limit = match integer::<i64>("limit", &value)? {
                        n @ 1..=20 => n as usize,
                        _ => {
                            return Err(ValidationError::field(
                                "limit",
                                format!("must be between 1 and {MAX_SUGGEST_LIMIT}"),
                            ));
                        }
                    }
                }
                _ => {}
            }
        }
        let q = q.unwrap_or_default();
        if q.chars().count() < MIN_SUGGEST_CHARS {
            return Err(ValidationError::field(
                "q",
                format!("must be at least {MIN_SUGGEST_CHARS} characters"),
            ));
        }
        Ok(Self { q, limit })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_design_sample() {
        let request =
            SearchRequest::parse("q=phone&min_price=100&store_id=1&in_stock=true").unwrap();
        assert_eq!(request.q, "phone");
        assert_eq!(request.price_cents, Some((10_000, u64::MAX)));
        assert_eq!(request.store_id, Some(1));
        assert!(request.in_stock);
        assert_eq!(request.sort, None);
        assert_eq!(request.sort(true), Sort::Relevance, "words: by relevance");
    }

    #[test]
    fn categories_repeat_by_id_or_name() {
        let request =
            SearchRequest::parse("category=3&category=Phones&category=%20Home%20").unwrap();
        assert_eq!(
            request.categories,
            [
                CategoryRef::Id(3),
                CategoryRef::Path(vec!["phones".into()]),
                CategoryRef::Path(vec!["home".into()])
            ]
        );
        assert_eq!(request.sort(false), Sort::Newest, "no words: newest first");
        let asked = SearchRequest::parse("sort=price_asc").unwrap();
        assert_eq!(asked.sort(true), Sort::PriceAsc, "as asked");
    }

    #[test]
    fn paths_brands_and_attributes_parse() {
        let request = SearchRequest::parse(
            "category=Cell%20Phones%20%3E%20iPhone&brand=Apple&brand=Google&attr.color=Black\
             &attr.storage_gb.min=32&attr.color=White&facet_limit=5&sort=popularity",
        )
        .unwrap();
        assert_eq!(
            request.categories,
            [CategoryRef::Path(vec![
                "cell phones".into(),
                "iphone".into()
            ])]
        );
        assert_eq!(request.brands, ["apple", "google"]);
        assert_eq!(
            request.attributes,
            [
                AttributeFilter {
                    key: "color".into(),
                    values: vec!["black".into(), "white".into()],
                    ..AttributeFilter::default()
                },
                AttributeFilter {
                    key: "storage_gb".into(),
                    min: Some(32.0),
                    ..AttributeFilter::default()
                }
            ]
        );
        assert_eq!(request.facet_limit, 5);
        assert_eq!(request.sort, Some(Sort::Popularity));
    }

    #[test]
    fn prices_round_inwards_to_cents() {
        let request = SearchRequest::parse("min_price=10.001&max_price=20.009").unwrap();
        assert_eq!(request.price_cents, Some((1_001, 2_000)));
    }

    #[test]
    fn rejects_bad_values() {
        for raw in [
            "min_price=-1",
            "min_price=5&max_price=4",
            "max_price=abc",
            "sort=popular",
            "category=a%20%3E%20%3E%20b",
            "attr.Color=black",
            "attr.color.min=abc",
            "attr.size.min=5&attr.size.max=4",
            "attr.=x",
            "brand=%20",
            "facet_limit=0",
            "facet_limit=101",
            "store_id=abc",
            "store_id=0",
            "category=0",
            "in_stock=maybe",
            "page_size=101",
            "page=0",
            "page=101&page_size=100",
        ] {
            assert!(SearchRequest::parse(raw).is_err(), "{raw}");
        }
        assert!(SearchRequest::parse(&format!("q={}", "a".repeat(257))).is_err());
    }

    #[test]
    fn a_filter_takes_at_most_its_cap_of_values() {
        let query = |n: usize| {
            (1..=n)
                .map(|i| format!("category=c{i}"))
                .collect::<Vec<_>>()
                .join("&")
        };
        assert_eq!(
            SearchRequest::parse(&query(MAX_FILTER_VALUES))
                .unwrap()
                .categories
                .len(),
            MAX_FILTER_VALUES
        );
        let err = SearchRequest::parse(&query(MAX_FILTER_VALUES + 1)).unwrap_err();
        assert_eq!(err.message, "category takes at most 20 values");
    }

    #[test]
    fn suggest_needs_three_characters_and_a_sane_limit() {
        assert!(SuggestRequest::parse("q=la").is_err());
        assert!(SuggestRequest::parse("q=%20%20lap%20").is_ok());
        assert!(SuggestRequest::parse("q=lap&limit=21").is_err());
        assert_eq!(SuggestRequest::parse("q=lap").unwrap().limit, 10);
    }
}
