//! Cutting an import body into pieces as its bytes arrive: the lines of
//! NDJSON here, the elements of a JSON array in [`super::array`]. Every byte
//! is looked at once, whatever the chunking, and at most `max_piece` bytes
//! of a piece are held: a longer piece is scanned to its end without being
//! kept and reported as [`Piece::Oversize`].

use memchr::memchr;

/// One line or array element.
#[derive(Debug, PartialEq, Eq)]
pub enum Piece<'a> {
    Bytes(&'a [u8]),
    /// Longer than the limit; its length in bytes.
    Oversize(usize),
}

/// The bytes of a piece that spans chunks, or the size of one being skipped.
#[derive(Debug, Default)]
pub(super) struct Held {
    pub(super) bytes: Vec<u8>,
    len: usize,
    /// `bytes` was handed out as the last piece; cleared on the next call.
    handed_out: bool,
}

impl Held {
    pub(super) fn reset_if_handed_out(&mut self) {
        if self.handed_out {
            self.bytes.clear();
            self.len = 0;
            self.handed_out = false;
        }
    }

    /// Keeps `part` if the piece stays within `max`; past it, only counts.
    pub(super) fn add(&mut self, part: &[u8], max: usize) {
        self.len += part.len();
        if self.len > max {
            self.bytes = Vec::new();
        } else {
            self.bytes.extend_from_slice(part);
        }
    }

    /// The piece made of what is held plus `tail` (the rest of it in the
    /// current chunk), borrowing the chunk when nothing is held.
    pub(super) fn finish<'a>(&'a mut self, tail: &'a [u8], max: usize) -> Piece<'a> {
        if self.len == 0 {
            return if tail.len() > max {
                Piece::Oversize(tail.len())
            } else {
                Piece::Bytes(tail)
            };
        }
        self.add(tail, max);
        self.handed_out = true;
        if self.len > max {
            Piece::Oversize(self.len)
        } else {
            Piece::Bytes(&self.bytes)
        }
    }
}

/// NDJSON: pieces end at `\n`; the last one may end with the body.
#[derive(Debug)]
pub struct Lines {
    max_piece: usize,
    held: Held,
}

impl Lines {
    pub fn new(max_piece: usize) -> Self {
        Self {
            max_piece,
            held: Held::default(),
        }
    }

    /// The next complete line of `chunk` from `*pos` on, advancing `*pos`;
    /// `None` once the chunk is used up (its tail is kept for the next one).
    pub fn next<'a>(&'a mut self, chunk: &'a [u8], pos: &mut usize) -> Option<Piece<'a>> {
        self.held.reset_if_handed_out();
        let rest = &chunk[*pos..];
        match memchr(b'\n', rest) {
            Some(end) => {
                *pos += end + 1;
                Some(self.held.finish(&rest[..end], self.max_piece))
            }
            None => {
                *pos = chunk.len();
                self.held.add(rest, self.max_piece);
                None
            }
        }
    }

    /// The last line, when the body does not end with a newline.
    pub fn finish(&mut self) -> Option<Piece<'_>> {
        self.held.reset_if_handed_out();
        (self.held.len > 0).then(|| self.held.finish(&[], self.max_piece))
    }
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    /// What a piece came out as: its text, or its size when oversize.
    pub type Out = Result<String, usize>;

    pub fn own(piece: Piece<'_>) -> Out {
        match piece {
            Piece::Bytes(bytes) => Ok(String::from_utf8(bytes.to_vec()).unwrap()),
            Piece::Oversize(len) => Err(len),
        }
    }

    fn lines(body: &str, chunk: usize, max: usize) -> Vec<Out> {
        let mut splitter = Lines::new(max);
        let mut out = Vec::new();
        for chunk in body.as_bytes().chunks(chunk) {
            let mut pos = 0;
            while let Some(piece) = splitter.next(chunk, &mut pos) {
                out.push(own(piece));
            }
        }
        out.extend(splitter.finish().map(own));
        out
    }

    /// The same answer whatever the chunking, down to one byte at a time.
    pub fn every_chunking<T: PartialEq + std::fmt::Debug>(
        body: &str,
        split: impl Fn(&str, usize) -> T,
    ) -> T {
        let whole = split(body, body.len().max(1));
        for size in 1..body.len() {
            assert_eq!(split(body, size), whole, "chunks of {size} bytes: {body:?}");
        }
        whole
    }

    #[test]
    fn lines_are_cut_at_newlines_whatever_the_chunking() {
        let got = every_chunking("{\"a\": 1}\n\n  x\r\n{\"b\": \"\\n\"}", |b, c| {
            lines(b, c, 100)
        });
        assert_eq!(
            got,
            [
                Ok("{\"a\": 1}".into()),
                Ok(String::new()),
                Ok("  x\r".into()),
                Ok("{\"b\": \"\\n\"}".into()),
            ]
        );
        assert_eq!(
            lines("a\n", 1, 100),
            [Ok("a".into())],
            "no phantom last line"
        );
        assert!(lines("", 1, 100).is_empty());
    }

    #[test]
    fn an_oversize_line_is_measured_and_skipped_not_kept() {
        let body = format!("ok\n{}\nfine\n{}", "x".repeat(25), "y".repeat(11));
        let got = every_chunking(&body, |b, c| lines(b, c, 10));
        assert_eq!(got, [Ok("ok".into()), Err(25), Ok("fine".into()), Err(11)]);
        let mut splitter = Lines::new(10);
        let mut pos = 0;
        assert_eq!(splitter.next(&[b'z'; 1000], &mut pos), None);
        assert!(
            splitter.held.bytes.capacity() <= 16,
            "a line past the limit is counted, not held"
        );
        assert_eq!(splitter.finish(), Some(Piece::Oversize(1000)));
    }
}
