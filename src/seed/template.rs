//! Title and copy templates: `"{screen_size_in} Class {model} TV"` as text
//! and placeholders, bound to a line's axes once (`shop.rs`) and filled per
//! product (`products.rs`); and the model name a template implies.

use super::bulk::escape;

/// A parsed template: literal text and placeholders.
#[derive(Debug, Clone)]
pub struct Template(pub Vec<Part>);

#[derive(Debug, Clone)]
pub enum Part {
    Text(String),
    Brand,
    Model,
    /// The chosen value of the line's axis with this index.
    Axis(usize),
    /// A placeholder's name, until it is bound to a line (bound templates
    /// have none).
    Key(String),
}

/// `"{screen_size_in} Class {model} TV"` into text and placeholders.
pub fn parse(template: &str) -> Template {
    let mut parts = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let Some(close) = rest[open..].find('}') else {
            break;
        };
        if open > 0 {
            parts.push(Part::Text(escape(&rest[..open])));
        }
        parts.push(Part::Key(rest[open + 1..open + close].to_owned()));
        rest = &rest[open + close + 1..];
    }
    if !rest.is_empty() {
        parts.push(Part::Text(escape(rest)));
    }
    Template(parts)
}

/// The name as a model: before its first " - " (the rest lists variant
/// specs), without placeholders and the words that led to them:
/// "Defender Series Case for {compatible_with}" is "Defender Series Case".
pub fn strip(name: &str) -> String {
    const CONNECTORS: [&str; 5] = ["for", "with", "in", "and", "-"];
    let head = match name.split_once(" - ") {
        Some((head, _)) if !head.trim().is_empty() => head,
        _ => name,
    };
    let mut words: Vec<&str> = Vec::new();
    let mut rest = head;
    loop {
        let (text, placeholder) = match rest.split_once('{') {
            Some((text, after)) => (text, Some(after)),
            None => (rest, None),
        };
        words.extend(text.split_whitespace());
        while words.last().is_some_and(|w| CONNECTORS.contains(w)) {
            words.pop();
        }
        match placeholder {
            Some(after) => rest = after.split_once('}').map_or("", |(_, after)| after),
            None => break,
        }
    }
    // "Cable ({length_ft})" leaves empty brackets.
    let joined = words.join(" ").replace("( )", "").replace("()", "");
    joined.split_whitespace().collect::<Vec<_>>().join(" ")
}
