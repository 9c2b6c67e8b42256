//! `page` / `page_size` query parameters shared by every listing, search
//! included.

use serde::{Deserialize, Serialize};
use utoipa::IntoParams;

use super::ValidationError;

pub const DEFAULT_PAGE_SIZE: i64 = 20;
pub const MAX_PAGE_SIZE: i64 = 100;
/// Deepest row a page may reach, as Elasticsearch's `max_result_window`: a
/// deep page costs a scan of every row before it, and nobody pages past ten
/// thousand rows by hand.
pub const MAX_RESULT_WINDOW: i64 = 10_000;

#[derive(Debug, Default, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// From 1; `page * page_size` at most 10,000.
    #[param(minimum = 1, default = 1)]
    pub page: Option<i64>,
    /// 1 to 100.
    #[param(minimum = 1, maximum = 100, default = 20)]
    pub page_size: Option<i64>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Page {
    pub page: i64,
    pub page_size: i64,
}

impl Page {
    pub fn offset(self) -> i64 {
        (self.page - 1) * self.page_size
    }
}

impl TryFrom<PageParams> for Page {
    type Error = ValidationError;

    fn try_from(params: PageParams) -> Result<Self, ValidationError> {
        let page = params.page.unwrap_or(1);
        let page_size = params.page_size.unwrap_or(DEFAULT_PAGE_SIZE);
        if page < 1 {
            return Err(ValidationError::field("page", "must be at least 1"));
        }
        if !(1..=MAX_PAGE_SIZE).contains(&page_size) {
            return Err(ValidationError::field(
                "page_size",
                format!("must be between 1 and {MAX_PAGE_SIZE}"),
            ));
        }
        if page > MAX_RESULT_WINDOW || page * page_size > MAX_RESULT_WINDOW {
            return Err(ValidationError::field(
                "page",
                format!(
                    "page * page_size must be at most {MAX_RESULT_WINDOW}; narrow the request instead"
                ),
            ));
        }
        Ok(Page { page, page_size })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(page: Option<i64>, page_size: Option<i64>) -> Result<Page, ValidationError> {
        Page::try_from(PageParams { page, page_size })
    }

    #[test]
    fn defaults_to_the_first_page_of_twenty() {
        assert_eq!(
            page(None, None).unwrap(),
            Page {
                page: 1,
                page_size: 20
            }
        );
        assert_eq!(page(Some(3), Some(10)).unwrap().offset(), 20);
    }

    #[test]
    fn rejects_out_of_range_values() {
        for (p, s) in [
            (Some(0), None),
            (Some(-1), None),
            (None, Some(0)),
            (None, Some(101)),
            (Some(101), Some(100)),
            (Some(501), None),
            (Some(10_001), Some(1)),
            (Some(100_000), None),
            (Some(i64::MAX), Some(100)),
        ] {
            assert!(page(p, s).is_err(), "{p:?} {s:?}");
        }
    }

    #[test]
    fn accepts_pages_up_to_the_result_window() {
        for (p, s) in [(100, 100), (500, 20), (10_000, 1), (1, 100)] {
            assert!(page(Some(p), Some(s)).is_ok(), "{p} {s}");
        }
    }
}
