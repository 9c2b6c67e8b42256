//! Text rules shared by indexing and querying, so both sides agree: how text
//! is normalized and splits into words, the edge n-grams of autocomplete,
//! and the typo budget.
//!
//! Normalization, the same at indexing and at query time for search and
//! suggest: case; accents and ligatures folded to ASCII (é, ü, ß, ō match e,
//! u, ss, o); symbols (® ™ ©) and punctuation separate words; a number and
//! its unit are one word ("32 GB", "32-gb" and "32GB" are all `32gb`; `65"`,
//! "65 in" and "65 inch" are all `65inch`).

use std::{cell::RefCell, thread::LocalKey};

use tantivy::{
    Index,
    tokenizer::{
        AsciiFoldingFilter, Language, LowerCaser, PreTokenizedString, RemoveLongFilter,
        SimpleTokenizer, Stemmer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
    },
};

/// The analyzer of the searched text fields: words, folded, stemmed.
///
/// The name is the analysis's version, written into every index's schema:
/// change it whenever the analysis changes, and an index built with the
/// old analysis no longer matches the schema and is rebuilt when opened.
pub const ANALYZER: &str = "catalog_v8";

fn analyzer(stemmed: bool) -> TextAnalyzer {
    let builder = TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_WORD_BYTES + 1))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter);
    if stemmed {
        builder
            .filter(Stemmer::new(Language::English))
            .filter(AcronymPlurals)
            .build()
    } else {
        builder.build()
    }
}

/// The English stemmer leaves the plural of a word without vowels alone
/// ("SSDs", "TVs", "DVDs" only lose their "s" after a vowel): this filter
/// drops it, so that "ssd" finds "External Hard Drives & SSDs".
#[derive(Clone)]
struct AcronymPlurals;

impl TokenFilter for AcronymPlurals {
    type Tokenizer<T: Tokenizer> = AcronymPluralsTokenizer<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> AcronymPluralsTokenizer<T> {
        AcronymPluralsTokenizer(tokenizer)
    }
}

#[derive(Clone)]
struct AcronymPluralsTokenizer<T>(T);

impl<T: Tokenizer> Tokenizer for AcronymPluralsTokenizer<T> {
    type TokenStream<'a> = AcronymPluralsStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        AcronymPluralsStream(self.0.token_stream(text))
    }
}

struct AcronymPluralsStream<S>(S);

impl<S: TokenStream> TokenStream for AcronymPluralsStream<S> {
    fn advance(&mut self) -> bool {
        if !self.0.advance() {
            return false;
        }
        let text = &mut self.0.token_mut().text;
        if is_acronym_plural(text) {
            text.pop();
        }
        true
    }

    fn token(&self) -> &Token {
        self.0.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.0.token_mut()
    }
}

/// Acronyms whose last letter is an "s" of their own.
const SINGULAR_ACRONYMS: [&str; 8] = ["gps", "fps", "dts", "mbps", "gbps", "kbps", "sms", "tws"];

/// "ssds", "tvs", "hdds": at least two letters before the "s", all
/// consonants ("y" counts as a vowel: "toys" is the stemmer's).
fn is_acronym_plural(word: &str) -> bool {
    word.len() >= 3
        && word.ends_with('s')
        && !SINGULAR_ACRONYMS.contains(&word)
        && !word.ends_with("ss")
        && word
            .bytes()
            .all(|b| b.is_ascii_alphabetic() && !b"aeiouy".contains(&b))
}

/// Registers the analyzer on an index (tantivy keeps analyzers in memory,
/// per `Index`).
pub fn register(index: &Index) {
    index.tokenizers().register(ANALYZER, analyzer(true));
}

thread_local! {
    static WORDS: RefCell<TextAnalyzer> = RefCell::new(analyzer(false));
    static STEMS: RefCell<TextAnalyzer> = RefCell::new(analyzer(true));
    /// Every word with its offsets in the text as written (highlights):
    /// folded like the others, long words kept.
    static SPANS: RefCell<TextAnalyzer> = RefCell::new(
        TextAnalyzer::builder(SimpleTokenizer::default())
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build(),
    );
}

/// Every token `analyzer` makes of `text`.
fn analyzed(analyzer: &'static LocalKey<RefCell<TextAnalyzer>>, text: &str) -> Vec<Token> {
    analyzer.with(|analyzer| {
        let mut analyzer = analyzer.borrow_mut();
        let mut stream = analyzer.token_stream(text);
        let mut tokens = Vec::new();
        while let Some(token) = stream.next() {
            tokens.push(token.clone());
        }
        tokens
    })
}

/// Each word of `text` as written (no unit joining), lowercased and folded,
/// with its byte offsets in `text`.
pub fn word_spans(text: &str) -> Vec<(usize, usize, String)> {
    analyzed(&SPANS, text)
        .into_iter()
        .map(|token| (token.offset_from, token.offset_to, token.text))
        .collect()
}

/// Unit words and the one spelling they are indexed as.
const UNITS: &[(&str, &str)] = &[
    ("gb", "gb"),
    ("tb", "tb"),
    ("mb", "mb"),
    ("ghz", "ghz"),
    ("mhz", "mhz"),
    ("hz", "hz"),
    ("mp", "mp"),
    ("mah", "mah"),
    ("w", "w"),
    ("watt", "w"),
    ("watts", "w"),
    ("mm", "mm"),
    ("ft", "ft"),
    ("feet", "ft"),
    ("oz", "oz"),
    ("lb", "lb"),
    ("lbs", "lb"),
    ("in", "inch"),
    ("inch", "inch"),
    ("inches", "inch"),
];

/// The text as both sides analyze it: symbols dropped, a number and its unit
/// joined into one word.
pub fn normalize(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        rest = &rest[c.len_utf8()..];
        if matches!(c, '®' | '™' | '©' | '℠') {
            out.push(' ');
            continue;
        }
        out.push(c);
        if !c.is_ascii_digit() || rest.starts_with(|n: char| n.is_ascii_digit() || n == '.') {
            continue;
        }
        // After the last digit of a number: `"` is inches; a unit word
        // (after at most one space or hyphen) joins the number.
        if let Some(after) = rest.strip_prefix('"').or_else(|| rest.strip_prefix("''")) {
            out.push_str("inch");
            rest = after;
            continue;
        }
        let unit_start = rest.strip_prefix([' ', '-']).unwrap_or(rest);
        let unit_len = unit_start
            .find(|ch: char| !ch.is_ascii_alphabetic())
            .unwrap_or(unit_start.len());
        let word = unit_start[..unit_len].to_ascii_lowercase();
        if let Some((_, unit)) = UNITS.iter().find(|(spelling, _)| *spelling == word) {
            out.push_str(unit);
            rest = &unit_start[unit_len..];
        }
    }
    out
}

/// The longest word kept, in bytes. tantivy's English analyzer
/// (`RemoveLongFilter::limit(40)`) drops words of 40 bytes or more from the
/// stemmed fields; the pre-tokenized fields and queries drop the same words,
/// so a query never requires a word that no document can hold.
pub const MAX_WORD_BYTES: usize = 39;
/// Prefixes are indexed up to this many characters; longer query prefixes
/// are cut to it.
pub const MAX_PREFIX_CHARS: usize = 20;

/// The normalized words, unstemmed: everything but letters and digits
/// (punctuation, quotes, colons, query-syntax characters) separates words
/// and is never syntax.
pub fn words(text: &str) -> Vec<String> {
    analyzed(&WORDS, &normalize(text))
        .into_iter()
        .map(|token| token.text)
        .collect()
}

/// A title as the searched title fields index it: the analyzer's words,
/// and after each word written in humps ("PlayStation", "QuietComfort")
/// that has a word after it, its initials run together with that word, at
/// the humped word's position: "PlayStation 5" is also "ps5" and
/// "QuietComfort 45" is also "qc45", the names shoppers type. Only joined
/// with the next word, so a bare "hp" does not meet a "HomePod".
pub fn with_initials(text: &str) -> PreTokenizedString {
    let text = normalize(text);
    let tokens = analyzed(&STEMS, &text);
    let mut out = Vec::with_capacity(tokens.len() + 1);
    for (n, token) in tokens.iter().enumerate() {
        out.push(token.clone());
        if let Some((next, joined, _)) = initials_joined(&STEMS, &text, &tokens, n) {
            out.push(Token {
                offset_from: token.offset_from,
                offset_to: next.offset_to,
                position: token.position,
                text: joined,
                position_length: 2,
            });
        }
    }
    PreTokenizedString { text, tokens: out }
}

/// A title's words as suggest indexes them (unstemmed): each word, and
/// after a humped word followed by a number, its initials joined with that
/// number, as [`with_initials`] adds them: "PlayStation 5" gives
/// "playstation", "ps5" and "5", so "ps5 con" completes to the console.
/// With them, their prefixes that complete them: each word's from one
/// character, a joined name's only past its initials, so a bare "ps"
/// completes no "ps5".
pub fn suggest_words(title: &str) -> (Vec<String>, Vec<String>) {
    let text = normalize(title);
    let tokens = analyzed(&WORDS, &text);
    let mut words = Vec::with_capacity(tokens.len() + 1);
    let mut prefixes = Vec::new();
    for (n, token) in tokens.iter().enumerate() {
        prefixes.extend(edge_ngrams(&token.text));
        words.push(token.text.clone());
        if let Some((_, joined, after)) = initials_joined(&WORDS, &text, &tokens, n)
            && after.starts_with(|c: char| c.is_ascii_digit())
        {
            // Counted after folding, as the prefixes are.
            let initials = joined.chars().count().saturating_sub(after.chars().count());
            prefixes.extend(edge_ngrams(&joined).skip(initials));
            words.push(joined);
        }
    }
    (words, prefixes)
}

/// When `tokens[n]` of `text` is written in humps and has a word after it:
/// that word's token, the initials run together with it as `analyzer`
/// keeps them (one word, else none), and the word as joined.
fn initials_joined<'t>(
    analyzer: &'static LocalKey<RefCell<TextAnalyzer>>,
    text: &str,
    tokens: &'t [Token],
    n: usize,
) -> Option<(&'t Token, String, String)> {
    let token = &tokens[n];
    let next = tokens.get(n + 1)?;
    let initials = initials(&text[token.offset_from..token.offset_to])?;
    let after = words(&text[next.offset_from..next.offset_to])
        .into_iter()
        .next()?;
    let mut joined = analyzed(analyzer, &format!("{initials}{after}"));
    (joined.len() == 1).then(|| (next, joined.remove(0).text, after))
}

/// "PlayStation" -> "PS", "microSDXC" -> "mS": the first letter of each
/// hump (a capital after a lowercase letter starts one), as written;
/// `None` for a word of one hump or with digits.
pub fn initials(word: &str) -> Option<String> {
    if !word.chars().all(char::is_alphabetic) {
        return None;
    }
    let mut initials = String::new();
    let mut humps = 0;
    let mut previous: Option<char> = None;
    for c in word.chars() {
        if previous.is_none_or(|p| p.is_lowercase() && c.is_uppercase()) {
            initials.push(c);
            humps += 1;
        }
        previous = Some(c);
    }
    (humps >= 2).then_some(initials)
}

/// A word's stem, as the searched fields index it.
pub fn stem(word: &str) -> String {
    STEMS.with(|analyzer| {
        let mut analyzer = analyzer.borrow_mut();
        let mut stream = analyzer.token_stream(word);
        match stream.next() {
            Some(token) => token.text.clone(),
            None => word.to_owned(),
        }
    })
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

/// Whether the word being typed, joined with the word before it, is looked
/// up as a prefix ("micro sd" on its way to "microSDXC"): only while at
/// least two of its letters are in the indexed prefix; one would make the
/// word before a prefix ("micro s" is no "Microsoft").
pub fn joins_as_prefix(before: &str, typed: &str) -> bool {
    let before = before.chars().count();
    typed.chars().count() > 1 && before + 2 <= MAX_PREFIX_CHARS
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
    fn plural_acronyms_stem_to_their_singular() {
        for (plural, singular) in [("ssds", "ssd"), ("tvs", "tv"), ("hdds", "hdd")] {
            assert_eq!(stem(plural), stem(singular), "{plural}");
        }
        // Words with vowels are the stemmer's; "ss" is no plural.
        assert_eq!(stem("cables"), "cabl");
        assert!(!is_acronym_plural("ss"));
        assert!(!is_acronym_plural("toys"));
        assert_eq!(stem("gps"), "gps");
    }

    #[test]
    fn humped_names_give_their_initials_joined_with_the_next_word() {
        let added = |title: &str| -> Vec<(String, usize)> {
            let plain = words(title).len();
            let tokens = with_initials(title).tokens;
            assert!(tokens.len() >= plain, "{title}: every word is kept");
            tokens
                .into_iter()
                .filter(|token| token.position_length == 2)
                .map(|token| (token.text, token.position))
                .collect()
        };
        let at = |text: &str, position| vec![(text.to_owned(), position)];
        // At the humped word's position: "ps5 slim" stays a near pair.
        assert_eq!(
            added("Sony - PlayStation 5 Slim Console - White"),
            at("ps5", 1)
        );
        assert_eq!(added("Bose - QuietComfort 45 Headphones"), at("qc45", 1));
        // The unit joins its number first; a hump after a lowercase letter.
        assert_eq!(added("SanDisk 128 GB"), at("sd128gb", 0));
        assert_eq!(
            added("SanDisk microSDXC Card"),
            [("sdmicrosdxc".to_owned(), 0), ("mscard".to_owned(), 1)]
        );
        // Capitals only, one capital, digits, nothing after: no humps.
        assert!(added("Apple - IPAD Pro 11 ps5 Xbox S23 HomePod").is_empty());
        // A capital whose lowercase is two characters is no extra hump.
        assert!(added("\u{130}zmir 5").is_empty());
        // Suggest's words have them unstemmed, after the humped word.
        // Suggest's: unstemmed, only before a number, completed past the
        // initials.
        assert_eq!(
            suggest_words("Sony - PlayStation 5 Consoles").0,
            ["sony", "playstation", "ps5", "5", "consoles"]
        );
        assert_eq!(
            suggest_words("Apple - iPhone SE - OtterBox Defender").0,
            ["apple", "iphone", "se", "otterbox", "defender"]
        );
        let (_, prefixes) = suggest_words("PlayStation 5 - iPhone 15");
        for completes in ["ps5", "ip1", "ip15", "p", "pl", "5", "i", "1"] {
            assert!(prefixes.iter().any(|p| p == completes), "{completes}");
        }
        for not in ["ps", "pla5"] {
            assert!(!prefixes.iter().any(|p| p == not), "{not}");
        }
    }

    #[test]
    fn words_ignore_syntax_characters() {
        assert_eq!(
            words(r#"Title:"Phone" (Pro)* ~2^3 [x"#),
            ["title", "phone", "pro", "2", "3", "x"]
        );
    }

    #[test]
    fn normalization_folds_accents_drops_symbols_and_joins_units() {
        for (text, expected) in [
            (
                "Café Crème™ Straße Tōkyō",
                vec!["cafe", "creme", "strasse", "tokyo"],
            ),
            ("Galaxy® S23 128 GB", vec!["galaxy", "s23", "128gb"]),
            ("iPad 10.9-inch, 64-GB", vec!["ipad", "10", "9inch", "64gb"]),
            ("65\" Class 4K TV", vec!["65inch", "class", "4k", "tv"]),
            ("65 in tv 2 in 1", vec!["65inch", "tv", "2inch", "1"]),
            ("usb-c", vec!["usb", "c"]),
        ] {
            assert_eq!(words(text), expected, "{text}");
        }
        assert_eq!(stem("cases"), "case");
        assert_eq!(stem("Éclairs"), "eclair");
    }

    #[test]
    fn words_agree_with_the_analyzer_on_long_words() {
        let mut analyzer = analyzer(false);
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
        assert_eq!(words(&"é".repeat(19)), ["e".repeat(19)], "folded");
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
