//! Text rules shared by indexing and querying, so both sides agree: how text
//! splits into words, the edge n-grams of autocomplete, and the typo budget.

use tantivy::tokenizer::{PreTokenizedString, Token};

/// The longest word kept, in bytes. tantivy's English analyzer
/// (`RemoveLongFilter::limit(40)`) drops words of 40 bytes or more from the
/// stemmed fields; the pre-tokenized fields and queries drop the same words,
/// so a query never requires a word that no document can hold.
pub const MAX_WORD_BYTES: usize = 39;
/// Prefixes are indexed up to this many characters; longer query prefixes
/// are cut to it.
pub const MAX_PREFIX_CHARS: usize = 20;

/// Lowercased alphanumeric runs: everything else (punctuation, quotes,
/// colons, query-syntax characters) separates words and is never syntax.
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty() && w.len() <= MAX_WORD_BYTES)
        .map(str::to_lowercase)
        .collect()
}

/// The words of a query, each once: repeating a word adds no meaning but
/// one more clause (and fuzzy expansion) per repetition. A repeated word
/// keeps its last position, so the word being typed stays last.
pub fn query_words(text: &str) -> Vec<String> {
    let mut words = words(text);
    let mut seen = std::collections::HashSet::new();
    words.reverse();
    words.retain(|word| seen.insert(word.clone()));
    words.reverse();
    words
}

/// Every prefix of the word from one character up to [`MAX_PREFIX_CHARS`].
pub fn edge_ngrams(word: &str) -> impl Iterator<Item = String> + '_ {
    word.char_indices()
        .skip(1)
        .map(|(i, _)| i)
        .chain(std::iter::once(word.len()))
        .take(MAX_PREFIX_CHARS)
        .map(|end| word[..end].to_owned())
}

/// The query prefix as it is indexed: at most [`MAX_PREFIX_CHARS`] characters.
pub fn indexed_prefix(word: &str) -> &str {
    match word.char_indices().nth(MAX_PREFIX_CHARS) {
        Some((end, _)) => &word[..end],
        None => word,
    }
}

/// Typos tolerated in a word, as Meilisearch does: none below 5 characters,
/// one from 5, two from 9.
pub fn typo_budget(word: &str) -> u8 {
    match word.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

pub fn pre_tokenized(text: &str, tokens: impl Iterator<Item = String>) -> PreTokenizedString {
    PreTokenizedString {
        text: text.to_owned(),
        tokens: tokens
            .enumerate()
            .map(|(position, text)| Token {
                offset_from: 0,
                offset_to: 0,
                position,
                text,
                position_length: 1,
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_ignore_syntax_characters() {
        assert_eq!(
            words(r#"Title:"Phone" (Pro)* ~2^3 [x"#),
            ["title", "phone", "pro", "2", "3", "x"]
        );
    }

    #[test]
    fn words_agree_with_the_analyzer_on_long_words() {
        let mut analyzer = tantivy::tokenizer::TokenizerManager::default()
            .get("en_stem")
            .unwrap();
        for bytes in [38, 39, 40, 41] {
            let word = "x".repeat(bytes);
            let mut analyzed = Vec::new();
            analyzer
                .token_stream(&word)
                .process(&mut |token| analyzed.push(token.text.clone()));
            assert_eq!(words(&word), analyzed, "a word of {bytes} bytes");
        }
        assert_eq!(words(&"é".repeat(20)), Vec::<String>::new(), "40 bytes");
        assert_eq!(words(&"é".repeat(19)).len(), 1, "38 bytes");
    }

    #[test]
    fn query_words_are_each_kept_once_at_their_last_position() {
        for (query, expected) in [
            ("lamp lamp lamp", vec!["lamp"]),
            ("red lamp RED", vec!["lamp", "red"]),
            ("desk lamp desk la", vec!["lamp", "desk", "la"]),
            ("a b c", vec!["a", "b", "c"]),
            ("", vec![]),
        ] {
            assert_eq!(query_words(query), expected, "{query:?}");
        }
    }

    #[test]
    fn edge_ngrams_cover_every_prefix_of_multibyte_words() {
        assert_eq!(
            edge_ngrams("café").collect::<Vec<_>>(),
            ["c", "ca", "caf", "café"]
        );
        assert_eq!(
            edge_ngrams("abcdefghijklmnopqrstuvwxyz").count(),
            MAX_PREFIX_CHARS
        );
        assert_eq!(
            indexed_prefix("abcdefghijklmnopqrstuvwxyz").len(),
            MAX_PREFIX_CHARS
        );
    }

    #[test]
    fn typo_budget_follows_word_length() {
        assert_eq!(typo_budget("lamp"), 0);
        assert_eq!(typo_budget("phone"), 1);
        assert_eq!(typo_budget("headphones"), 2);
    }
}
