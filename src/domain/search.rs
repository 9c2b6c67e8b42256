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

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CategoryRef {
    Id(u64),
    /// Lowercased name.
    Name(String),
}

/// The order a shopper asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sort {
    Relevance,
    PriceAsc,
    PriceDesc,
    Newest,
}

#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub q: String,
    pub categories: Vec<CategoryRef>,
    /// Inclusive, in cents.
    pub price_cents: Option<(u64, u64)>,
    pub store_id: Option<u64>,
    pub in_stock: bool,
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
        for (key, value) in pairs(raw_query) {
            match key.as_str() {
                "q" => q = query_text(&value)?,
                "category" => {
                    if categories.len() == MAX_FILTER_VALUES {
                        return Err(ValidationError::field(
                            "category",
                            format!("takes at most {MAX_FILTER_VALUES} values"),
                        ));
                    }
                    categories.push(category(&value)?);
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
        })
    }
}

/// A category filter: all digits is an id, anything else a name.
fn category(value: &str) -> Result<CategoryRef, ValidationError> {
    let value = value.trim();
    if value.is_empty() {
        return Err(ValidationError::field("category", "must not be empty"));
    }
    if value.bytes().all(|b| b.is_ascii_digit()) {
        Ok(CategoryRef::Id(id("category", value)?))
    } else if value.chars().count() > MAX_CATEGORY_CHARS {
        Err(ValidationError::field("category", "is too long"))
    } else {
        Ok(CategoryRef::Name(value.to_lowercase()))
    }
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
        _ => Err(ValidationError::field(
            "sort",
            "must be one of relevance, price_asc, price_desc, newest",
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
                CategoryRef::Name("phones".into()),
                CategoryRef::Name("home".into())
            ]
        );
        assert_eq!(request.sort(false), Sort::Newest, "no words: newest first");
        let asked = SearchRequest::parse("sort=price_asc").unwrap();
        assert_eq!(asked.sort(true), Sort::PriceAsc, "as asked");
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
