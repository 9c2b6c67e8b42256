//! Small index lookups shared by search and its rendering: a document by
//! one term.

use tantivy::{
    Searcher, TantivyDocument, Term,
    collector::TopDocs,
    query::{Query, TermQuery},
    schema::{Field, IndexRecordOption},
};

pub fn term_query(field: Field, value: u64) -> Box<dyn Query> {
    Box::new(TermQuery::new(
        Term::from_field_u64(field, value),
        IndexRecordOption::Basic,
    ))
}

/// The stored fields of the first document matching `query`.
pub fn first_doc(
    searcher: &Searcher,
    query: &dyn Query,
) -> tantivy::Result<Option<TantivyDocument>> {
    match searcher
        .search(query, &TopDocs::with_limit(1).order_by_score())?
        .into_iter()
        .next()
    {
        Some((_, address)) => Ok(Some(searcher.doc(address)?)),
        None => Ok(None),
    }
}
