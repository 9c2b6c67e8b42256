//! A query whose matches (with their scores) are computed once per segment
//! and kept for the query's life.
//!
//! Recovery evaluates the same words several times: whether they match
//! together, with typos, with fewer and fewer of them required, then the
//! search itself. A word with typos is a union of many posting lists, and an
//! intersection seeking through such unions costs far more than reading
//! each once: a query that needed recovery ran four times slower than one
//! of its words alone. Materialized, each word's union is read once and the
//! probes and the search intersect sorted lists.

use std::{
    collections::HashMap,
    fmt,
    sync::{Arc, Mutex},
};

use tantivy::{
    DocId, DocSet, Score, SegmentReader, TERMINATED,
    index::SegmentId,
    query::{EnableScoring, Explanation, Query, Scorer, Weight},
};

/// A segment's matches, in document order, each with its score.
type Matches = Arc<[(DocId, Score)]>;

/// Words estimated to match more documents of a segment than this are not
/// kept (8 bytes a match, and a probe may need only a few of them): at a
/// million products "black" with its typos matches most of them.
const MAX_KEPT: u32 = 100_000;

#[derive(Clone)]
pub struct Materialized {
    inner: Arc<dyn Query>,
    segments: Arc<Mutex<HashMap<SegmentId, Matches>>>,
}

impl Materialized {
    pub fn new(inner: Box<dyn Query>) -> Self {
        Self {
            inner: Arc::from(inner),
            segments: Arc::default(),
        }
    }
}

impl fmt::Debug for Materialized {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Materialized")
            .field("inner", &self.inner)
            .finish()
    }
}

impl Query for Materialized {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        // The kept scores serve every later use, scored or not: score now.
        // Without a searcher there is nothing to score with, nor to keep.
        let Some(searcher) = enable_scoring.searcher() else {
            return self.inner.weight(enable_scoring);
        };
        let inner = self
            .inner
            .weight(EnableScoring::enabled_from_searcher(searcher))?;
        Ok(Box::new(MaterializedWeight {
            inner,
            segments: self.segments.clone(),
        }))
    }
}

struct MaterializedWeight {
    inner: Box<dyn Weight>,
    segments: Arc<Mutex<HashMap<SegmentId, Matches>>>,
}

impl Weight for MaterializedWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        let id = reader.segment_id();
        let kept = self
            .segments
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .get(&id)
            .cloned();
        let matches = match kept {
            Some(matches) => matches,
            None => {
                // Kept unboosted: later uses may ask another boost.
                let mut scorer = self.inner.scorer(reader, 1.0)?;
                if scorer.size_hint() > MAX_KEPT {
                    // Too common to keep: read as before.
                    return if boost == 1.0 {
                        Ok(scorer)
                    } else {
                        self.inner.scorer(reader, boost)
                    };
                }
                let mut matches = Vec::with_capacity(scorer.size_hint() as usize);
                let mut doc = scorer.doc();
                while doc != TERMINATED {
                    matches.push((doc, scorer.score()));
                    doc = scorer.advance();
                }
                let matches: Matches = matches.into();
                self.segments
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .insert(id, matches.clone());
                matches
            }
        };
        Ok(Box::new(ListScorer {
            matches,
            at: 0,
            boost,
        }))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.inner.explain(reader, doc)
    }
}

/// Walks a kept list of matches.
struct ListScorer {
    matches: Matches,
    at: usize,
    boost: Score,
}

impl DocSet for ListScorer {
    fn advance(&mut self) -> DocId {
        self.at = (self.at + 1).min(self.matches.len());
        self.doc()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        let rest = &self.matches[self.at..];
        self.at += rest.partition_point(|&(doc, _)| doc < target);
        self.doc()
    }

    fn doc(&self) -> DocId {
        self.matches
            .get(self.at)
            .map_or(TERMINATED, |&(doc, _)| doc)
    }

    fn size_hint(&self) -> u32 {
        (self.matches.len() - self.at) as u32
    }
}

impl Scorer for ListScorer {
    fn score(&mut self) -> Score {
        self.matches
            .get(self.at)
            .map_or(0.0, |&(_, score)| score * self.boost)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scorer(docs: &[DocId]) -> ListScorer {
        ListScorer {
            matches: docs.iter().map(|&doc| (doc, doc as Score)).collect(),
            at: 0,
            boost: 2.0,
        }
    }

    #[test]
    fn a_list_scorer_walks_and_seeks_like_a_posting_list() {
        let mut list = scorer(&[2, 5, 9, 14]);
        assert_eq!(list.doc(), 2);
        assert_eq!(list.score(), 4.0);
        assert_eq!(list.advance(), 5);
        assert_eq!(list.seek(5), 5);
        assert_eq!(list.seek(6), 9);
        assert_eq!(list.size_hint(), 2);
        assert_eq!(list.seek(15), TERMINATED);
        assert_eq!(list.advance(), TERMINATED);
        assert_eq!(list.score(), 0.0);
        assert_eq!(scorer(&[]).doc(), TERMINATED);
    }
}
