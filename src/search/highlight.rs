//! Why a product matched: its title (and a short description snippet when
//! the description matched) with the matched words marked, as
//! `<mark>`-delimited text with everything else HTML-escaped, so a
//! storefront can show it as is.

use std::{
    cell::RefCell,
    collections::{HashMap, HashSet},
};

use super::{
    relevance::{split_letters_and_digits, typo_eligible},
    text::{initials, joins_as_prefix, stem, typo_budget, word_spans},
};
use serde::Serialize;

/// Words either side of the first match in a description snippet.
const SNIPPET_WORDS: usize = 12;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct Highlight {
    pub title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub description: Option<String>,
}

/// What counts as a match of the query's words.
pub struct Highlighter {
    stems: HashSet<String>,
    /// The last word, which also matches as a prefix, and the last two run
    /// together ("micro sd" on its way to "microSDXC").
    prefixes: Vec<String>,
    /// Words that may match with typos, with their budgets.
    typos: Vec<(String, usize)>,
    /// Whether each word seen so far matched: a page's titles and
    /// descriptions repeat most of their words, and stemming (and typo
    /// distances) per occurrence was a tenth of a search's time.
    seen: RefCell<HashMap<String, bool>>,
}

impl Highlighter {
    pub fn new(words: &[String], synonyms: &[String], typos: bool) -> Self {
        let mut stems: HashSet<String> = words.iter().chain(synonyms).map(|w| stem(w)).collect();
        // Run-together and split forms ("iphone7" marks "iPhone" and "7").
        for parts in words.iter().filter_map(|w| split_letters_and_digits(w)) {
            stems.extend(parts.iter().map(|part| stem(part)));
        }
        for pair in words.windows(2) {
            stems.insert(stem(&format!("{}{}", pair[0], pair[1])));
        }
        Self {
            stems,
            prefixes: prefixes(words),
            typos: if typos {
                words
                    .iter()
                    .filter(|w| typo_eligible(w))
                    .map(|w| (stem(w), usize::from(typo_budget(w))))
                    .collect()
            } else {
                Vec::new()
            },
            seen: RefCell::default(),
        }
    }

    fn matches(&self, word: &str) -> bool {
        if let Some(&matched) = self.seen.borrow().get(word) {
            return matched;
        }
        let matched = self.matches_uncached(word);
        self.seen.borrow_mut().insert(word.to_owned(), matched);
        matched
    }

    fn matches_uncached(&self, word: &str) -> bool {
        let stemmed = stem(word);
        self.stems.contains(&stemmed)
            || self.prefixes.iter().any(|p| word.starts_with(p.as_str()))
            || self
                .typos
                .iter()
                .any(|(typo, budget)| strsim::damerau_levenshtein(&stemmed, typo) <= *budget)
    }

    /// The marked title, and the description snippet if it matched.
    pub fn highlight(&self, title: &str, description: &str) -> Highlight {
        let title_spans = self.title_spans(title);
        let description_spans = self.spans(description);
        Highlight {
            title: marked(title, &title_spans, 0, title.len()),
            description: description_spans
                .iter()
                .position(|(_, _, matched)| *matched)
                .map(|first| {
                    let start = first.saturating_sub(SNIPPET_WORDS);
                    let end = (first + SNIPPET_WORDS).min(description_spans.len() - 1);
                    // Whole text at either end, so no punctuation is cut.
                    let from = if start == 0 {
                        0
                    } else {
                        description_spans[start].0
                    };
                    let to = if end + 1 == description_spans.len() {
                        description.len()
                    } else {
                        description_spans[end].1
                    };
                    let mut snippet = marked(description, &description_spans, from, to);
                    if from > 0 {
                        snippet.insert_str(0, "… ");
                    }
                    if to < description.len() {
                        snippet.push_str(" …");
                    }
                    snippet
                }),
        }
    }

    /// Each word of `text` as (start, end, matched).
    fn spans(&self, text: &str) -> Vec<(usize, usize, bool)> {
        self.matched(&word_spans(text))
    }

    /// Each of `words` (from [`word_spans`]) as (start, end, matched).
    fn matched(&self, words: &[(usize, usize, String)]) -> Vec<(usize, usize, bool)> {
        words
            .iter()
            .map(|(from, to, word)| (*from, *to, self.matches(word)))
            .collect()
    }

    /// [`Highlighter::spans`] of a title, where a humped word and the word
    /// after it both match when their initials joined do, as the title is
    /// indexed: whole ("ps5" marks "PlayStation 5"), or as the last word's
    /// prefix past the initials when a number follows them ("qc4" marks
    /// "QuietComfort 45", "hp" no "HomePod mini").
    fn title_spans(&self, title: &str) -> Vec<(usize, usize, bool)> {
        let words = word_spans(title);
        let mut spans = self.matched(&words);
        for (n, pair) in words.windows(2).enumerate() {
            let (from, to, _) = &pair[0];
            let Some(initials) = initials(&title[*from..*to]) else {
                continue;
            };
            let initials = initials.to_lowercase();
            let after = &pair[1].2;
            let joined = format!("{initials}{after}");
            let whole = self.stems.contains(&stem(&joined));
            let completed = after.starts_with(|c: char| c.is_ascii_digit())
                && self.prefixes.iter().any(|prefix| {
                    prefix.len() > initials.len() && joined.starts_with(prefix.as_str())
                });
            if whole || completed {
                spans[n].2 = true;
                spans[n + 1].2 = true;
            }
        }
        spans
    }
}

/// The words matching as prefixes: the last, and the last two run together
/// when search looks them up so ([`joins_as_prefix`]).
fn prefixes(words: &[String]) -> Vec<String> {
    let mut prefixes: Vec<String> = words.last().cloned().into_iter().collect();
    if let [.., before, last] = words
        && joins_as_prefix(before, last)
    {
        prefixes.push(format!("{before}{last}"));
    }
    prefixes
}

/// `text[from..to]`, HTML-escaped, with matched spans in `<mark>`.
fn marked(text: &str, spans: &[(usize, usize, bool)], from: usize, to: usize) -> String {
    let mut out = String::with_capacity(to - from + 16);
    let mut at = from;
    for &(start, end, matched) in spans {
        if !matched || start < from || end > to {
            continue;
        }
        escape_into(&mut out, &text[at..start]);
        out.push_str("<mark>");
        escape_into(&mut out, &text[start..end]);
        out.push_str("</mark>");
        at = end;
    }
    escape_into(&mut out, &text[at..to]);
    out
}

fn escape_into(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(text: &str) -> Vec<String> {
        super::super::text::words(text)
    }

    #[test]
    fn marks_stems_prefixes_and_escapes_html() {
        let highlighter = Highlighter::new(&words("iphone case"), &[], false);
        let highlight = highlighter.highlight(
            "OtterBox - <Defender> Cases for Apple iPhone 7",
            "A rugged case. Fits the iPhone 7 & 7s.",
        );
        assert_eq!(
            highlight.title,
            "OtterBox - &lt;Defender&gt; <mark>Cases</mark> for Apple <mark>iPhone</mark> 7"
        );
        assert_eq!(
            highlight.description.as_deref(),
            Some("A rugged <mark>case</mark>. Fits the <mark>iPhone</mark> 7 &amp; 7s.")
        );
    }

    #[test]
    fn marks_typos_and_split_words_but_not_unmatched_descriptions() {
        let highlighter = Highlighter::new(&words("headphnes iphone7"), &[], true);
        let highlight = highlighter.highlight("Apple iPhone 7 Headphones", "Nothing here.");
        assert_eq!(
            highlight.title,
            "Apple <mark>iPhone</mark> <mark>7</mark> <mark>Headphones</mark>"
        );
        assert_eq!(highlight.description, None);
    }

    #[test]
    fn marks_initials_and_a_joined_prefix() {
        let highlighter = Highlighter::new(&words("ps5 slim"), &[], false);
        assert_eq!(
            highlighter
                .highlight("Sony - PlayStation 5 Slim Console", "")
                .title,
            "Sony - <mark>PlayStation</mark> <mark>5</mark> <mark>Slim</mark> Console"
        );
        let highlighter = Highlighter::new(&words("micro sd"), &[], false);
        assert_eq!(
            highlighter.highlight("SanDisk - microSDXC Card", "").title,
            "SanDisk - <mark>microSDXC</mark> Card"
        );
        // Completed past the initials, before a number; never in a
        // description, where they are not indexed.
        let highlighter = Highlighter::new(&words("qc4"), &[], false);
        let highlight =
            highlighter.highlight("Bose - QuietComfort 45 Headphones", "The QuietComfort 45.");
        assert_eq!(
            highlight.title,
            "Bose - <mark>QuietComfort</mark> <mark>45</mark> Headphones"
        );
        assert_eq!(highlight.description, None);
        let highlighter = Highlighter::new(&words("hp"), &[], false);
        assert_eq!(
            highlighter.highlight("Apple - HomePod mini", "").title,
            "Apple - HomePod mini"
        );
        // A one-letter last word joins nothing: "micro s" is not "Microsoft".
        let highlighter = Highlighter::new(&words("micro s"), &[], false);
        assert_eq!(
            highlighter.highlight("Microsoft Micro Mouse", "").title,
            "Microsoft <mark>Micro</mark> Mouse"
        );
    }
}
