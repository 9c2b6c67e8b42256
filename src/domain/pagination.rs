//! `page` / `page_size` query parameters shared by every listing.

use serde::{Deserialize, Serialize};

use crate::error::ApiError;

pub const DEFAULT_PAGE_SIZE: i64 = 20;
pub const MAX_PAGE_SIZE: i64 = 100;
/// Deep pages cost an offset scan; nobody pages a million rows by hand.
pub const MAX_PAGE: i64 = 100_000;

#[derive(Debug, Default, Deserialize)]
pub struct PageParams {
    pub page: Option<i64>,
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
    type Error = ApiError;

    fn try_from(params: PageParams) -> Result<Self, ApiError> {
        let page = params.page.unwrap_or(1);
        let page_size = params.page_size.unwrap_or(DEFAULT_PAGE_SIZE);
        if !(1..=MAX_PAGE).contains(&page) {
            return Err(ApiError::validation(
                "page",
                format!("must be between 1 and {MAX_PAGE}"),
            ));
        }
        if !(1..=MAX_PAGE_SIZE).contains(&page_size) {
            return Err(ApiError::validation(
                "page_size",
                format!("must be between 1 and {MAX_PAGE_SIZE}"),
            ));
        }
        Ok(Page { page, page_size })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(page: Option<i64>, page_size: Option<i64>) -> Result<Page, ApiError> {
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
        ] {
            assert!(page(p, s).is_err(), "{p:?} {s:?}");
        }
    }
}
