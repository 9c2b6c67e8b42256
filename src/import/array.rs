//! The elements of one top-level JSON array, cut as the bytes arrive. The
//! scanner only finds element boundaries (strings, escapes and bracket
//! depth); each element is then parsed on its own by serde_json, which
//! judges whether it is valid JSON. Like NDJSON lines ([`super::split`]),
//! an element over the limit is scanned to its end without being held.

use memchr::memchr2;

use super::split::{Held, Piece};

/// The body is not one JSON array.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
#[error("{problem} (at byte {at})")]
pub struct ArrayError {
    pub problem: &'static str,
    pub at: u64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Before the opening `[`.
    Open,
    /// After `[`: an element or `]`.
    First,
    /// After `,`: an element.
    Next,
    /// Inside an element.
    Element {
        depth: u32,
        in_string: bool,
        escaped: bool,
    },
    /// After an element: `,` or `]`.
    After,
    /// After the closing `]`: only whitespace.
    Closed,
}

/// A JSON array: pieces are its top-level elements.
#[derive(Debug)]
pub struct Elements {
    max_piece: usize,
    held: Held,
    state: State,
    /// Bytes of the body scanned so far (for error positions).
    consumed: u64,
}

impl Elements {
    pub fn new(max_piece: usize) -> Self {
        Self {
            max_piece,
            held: Held::default(),
            state: State::Open,
            consumed: 0,
        }
    }

    /// The next complete element of `chunk` from `*pos` on, advancing `*pos`;
    /// `Ok(None)` once the chunk is used up.
    pub fn next<'a>(
        &'a mut self,
        chunk: &'a [u8],
        pos: &mut usize,
    ) -> Result<Option<Piece<'a>>, ArrayError> {
        self.held.reset_if_handed_out();
        let entry = *pos;
        for (i, &byte) in chunk.iter().enumerate().skip(entry) {
            let error = |problem| ArrayError {
                problem,
                at: self.consumed + (i - entry) as u64,
            };
            match self.state {
                State::Open | State::First | State::Next | State::After | State::Closed
                    if byte.is_ascii_whitespace() => {}
                State::Open if byte == b'[' => self.state = State::First,
                State::Open => return Err(error("expected `[`")),
                State::First if byte == b']' => self.state = State::Closed,
                State::First | State::Next if byte == b',' || byte == b']' => {
                    return Err(error("expected a value"));
                }
                State::After if byte == b',' => self.state = State::Next,
                State::After if byte == b']' => self.state = State::Closed,
                State::After => return Err(error("expected `,` or `]` after an element")),
                State::Closed => return Err(error("unexpected content after the closing `]`")),
                State::First | State::Next | State::Element { .. } => {
                    if !matches!(self.state, State::Element { .. }) {
                        self.state = State::Element {
                            depth: 0,
                            in_string: false,
                            escaped: false,
                        };
                    }
                    // The element starts (or goes on) at this byte.
                    self.consumed += (i - entry) as u64;
                    *pos = i;
                    return Ok(self.element(chunk, pos));
                }
            }
        }
        self.consumed += (chunk.len() - entry) as u64;
        *pos = chunk.len();
        Ok(None)
    }

    /// Scans the element that continues at `*pos`.
    fn element<'a>(&'a mut self, chunk: &'a [u8], pos: &mut usize) -> Option<Piece<'a>> {
        let start = *pos;
        let State::Element {
            mut depth,
            mut in_string,
            mut escaped,
        } = self.state
        else {
            return None;
        };
        let mut i = start;
        // Where the element ends: `Some(end)` with `end` exclusive.
        let mut end = None;
        while i < chunk.len() {
            if in_string {
                if escaped {
                    escaped = false;
                    i += 1;
                    continue;
                }
                // Skip the string's plain bytes in one search.
                match memchr2(b'"', b'\\', &chunk[i..]) {
                    Some(at) => {
                        i += at;
                        if chunk[i] == b'\\' {
                            escaped = true;
                        } else {
                            in_string = false;
                            if depth == 0 {
                                end = Some(i + 1);
                                break;
                            }
                        }
                        i += 1;
                    }
                    None => i = chunk.len(),
                }
                continue;
            }
            match chunk[i] {
                b'"' => in_string = true,
                b'{' | b'[' => depth += 1,
                b'}' | b']' if depth > 1 => depth -= 1,
                b'}' | b']' if depth == 1 => {
                    end = Some(i + 1);
                    break;
                }
                // A scalar (or stray bytes, which serde_json will reject)
                // ends where the array's own punctuation begins.
                b',' | b']' if depth == 0 => {
                    end = Some(i);
                    break;
                }
                byte if depth == 0 && byte.is_ascii_whitespace() => {
                    end = Some(i);
                    break;
                }
                _ => {}
            }
            i += 1;
        }
        match end {
            Some(end) => {
                self.state = State::After;
                self.consumed += (end - start) as u64;
                *pos = end;
                Some(self.held.finish(&chunk[start..end], self.max_piece))
            }
            None => {
                self.state = State::Element {
                    depth,
                    in_string,
                    escaped,
                };
                self.consumed += (chunk.len() - start) as u64;
                *pos = chunk.len();
                self.held.add(&chunk[start..], self.max_piece);
                None
            }
        }
    }

    /// The body has ended: it must have closed its array.
    pub fn finish(&self) -> Result<(), ArrayError> {
        if self.state == State::Closed {
            Ok(())
        } else {
            Err(ArrayError {
                problem: "the array ends before its closing `]`",
                at: self.consumed,
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::split::tests::{Out, every_chunking, own};

    fn elements(body: &str, chunk: usize, max: usize) -> Result<Vec<Out>, ArrayError> {
        let mut splitter = Elements::new(max);
        let mut out = Vec::new();
        for chunk in body.as_bytes().chunks(chunk) {
            let mut pos = 0;
            while let Some(piece) = splitter.next(chunk, &mut pos)? {
                out.push(own(piece));
            }
        }
        splitter.finish()?;
        Ok(out)
    }

    #[test]
    fn array_elements_honour_strings_escapes_and_nesting() {
        let body = r#" [ {"t": "a ] b, c }", "n": {"x": [1, {"y": "]"}]}} ,
            {"q": "say \"hi\", ]"} , {"e": "\\"}, "str,]", 12.5e3 ,true,null,[1,[2]] ]
        "#;
        let got = every_chunking(body, |b, c| elements(b, c, 1000)).unwrap();
        assert_eq!(
            got,
            [
                Ok(r#"{"t": "a ] b, c }", "n": {"x": [1, {"y": "]"}]}}"#.into()),
                Ok(r#"{"q": "say \"hi\", ]"}"#.into()),
                Ok(r#"{"e": "\\"}"#.into()),
                Ok(r#""str,]""#.into()),
                Ok("12.5e3".into()),
                Ok("true".into()),
                Ok("null".into()),
                Ok("[1,[2]]".into()),
            ]
        );
        for element in got.into_iter().flatten() {
            serde_json::from_str::<serde_json::Value>(&element)
                .unwrap_or_else(|e| panic!("{element} is one whole value: {e}"));
        }
        assert_eq!(elements("[]", 1, 10).unwrap(), []);
        assert_eq!(elements(" [ \n ] \n", 1, 10).unwrap(), []);
    }

    #[test]
    fn elements_are_the_values_serde_json_wrote() {
        let values = vec![
            serde_json::json!({"s": "\\\"]}[{,", "t": "\\"}),
            serde_json::json!("\\"),
            serde_json::json!({"u": "é ✓ \u{1F600} \u{0}", "n": [[], {}, [[{}]]]}),
            serde_json::json!(-0.5),
            serde_json::json!([",", "]", "\"\""]),
        ];
        for body in [
            serde_json::to_string(&values).unwrap(),
            serde_json::to_string_pretty(&values).unwrap(),
        ] {
            let got = every_chunking(&body, |b, c| elements(b, c, 1000)).unwrap();
            let parsed: Vec<serde_json::Value> = got
                .iter()
                .map(|piece| serde_json::from_str(piece.as_ref().unwrap()).unwrap())
                .collect();
            assert_eq!(parsed, values, "{body}");
        }
    }

    #[test]
    fn an_oversize_element_is_skipped_to_its_end() {
        let big = format!(r#"{{"big": "{}]"}}"#, "x".repeat(50));
        let body = format!(r#"[{{"a": 1}}, {big}, {{"b": 2}}]"#);
        let got = every_chunking(&body, |b, c| elements(b, c, 30)).unwrap();
        assert_eq!(
            got,
            [
                Ok(r#"{"a": 1}"#.into()),
                Err(big.len()),
                Ok(r#"{"b": 2}"#.into())
            ]
        );
        let mut splitter = Elements::new(10);
        let mut pos = 0;
        let huge = format!("[\"{}", "z".repeat(1000));
        assert_eq!(splitter.next(huge.as_bytes(), &mut pos), Ok(None));
        assert!(
            splitter.held.bytes.capacity() <= 16,
            "an element past the limit is counted, not held"
        );
    }

    #[test]
    fn a_broken_array_is_an_error_with_its_position() {
        for (body, problem, at) in [
            (r#"[{"a": 1}"#, "the array ends before its closing `]`", 9),
            (
                r#"[{"a": "1}]"#,
                "the array ends before its closing `]`",
                11,
            ),
            (r#"[{"a": [1}"#, "the array ends before its closing `]`", 10),
            (
                r#"[{"a": 1} {"b": 2}]"#,
                "expected `,` or `]` after an element",
                10,
            ),
            (r#"[{"a": 1},]"#, "expected a value", 10),
            (r#"[,{"a": 1}]"#, "expected a value", 1),
            (r#"[{"a": 1},,{}]"#, "expected a value", 10),
            (
                r#"[{"a": 1}] x"#,
                "unexpected content after the closing `]`",
                11,
            ),
            (r#"[1][2]"#, "unexpected content after the closing `]`", 3),
            (r#"{"a": 1}"#, "expected `[`", 0),
            ("", "the array ends before its closing `]`", 0),
        ] {
            for chunk in [1, 3, body.len().max(1)] {
                assert_eq!(
                    elements(body, chunk, 100),
                    Err(ArrayError { problem, at }),
                    "{body:?} in chunks of {chunk}"
                );
            }
        }
    }
}
