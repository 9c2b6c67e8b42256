//! Which characters catalog text may hold. PostgreSQL refuses NUL in text
//! outright (a 500 before these rules), and the other control characters
//! (escape, backspace, DEL, C1 codes...) are never meant in a title, a name
//! or an id; they are refused as the caller's mistake instead.

/// Why `text` cannot be stored as a one-line value (a title, a name, an
/// id): it holds a control character.
pub fn control_character(text: &str) -> Option<String> {
    find_control(text, |_| false)
}

/// Like [`control_character`] for running text (a description), where line
/// breaks and tabs are layout: `\n`, `\r` and `\t` pass.
pub fn control_character_in_prose(text: &str) -> Option<String> {
    find_control(text, |c| matches!(c, '\n' | '\r' | '\t'))
}

fn find_control(text: &str, allowed: impl Fn(char) -> bool) -> Option<String> {
    let (at, found) = text
        .chars()
        .enumerate()
        .find(|(_, c)| c.is_control() && !allowed(*c))?;
    Some(format!(
        "must not contain control characters (U+{:04X} at character {})",
        u32::from(found),
        at + 1
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_control_character_is_named_with_its_position() {
        assert_eq!(
            control_character("ab\u{0}c").as_deref(),
            Some("must not contain control characters (U+0000 at character 3)")
        );
        for c in ('\u{0}'..='\u{1f}').chain('\u{7f}'..='\u{9f}') {
            let text = format!("é{c}");
            assert!(control_character(&text).is_some(), "{c:?}");
            let layout = matches!(c, '\n' | '\r' | '\t');
            assert_eq!(control_character_in_prose(&text).is_none(), layout, "{c:?}");
        }
        for fine in [
            "Lamp",
            "Ärger über Öl",
            "日本語 ✓",
            "\u{a0}non-breaking",
            "\u{200b}",
        ] {
            assert_eq!(control_character(fine), None, "{fine:?}");
        }
    }
}
