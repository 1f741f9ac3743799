//! Text encodings of CSV files: detection and streaming decoders.
//!
//! Detection looks at a byte-order mark first; without one, text that is valid UTF-8 is
//! UTF-8, and anything else is taken as Windows-1251 (the encoding of Russian Excel and
//! of older amoCRM / Bitrix24 exports). The caller can always override the guess.

use serde::{Deserialize, Serialize};

/// A text encoding the reader understands.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Encoding {
    /// UTF-8, with or without a byte-order mark (the mark is skipped).
    #[default]
    Utf8,
    /// UTF-16, little-endian (what Excel's "Unicode text" writes).
    Utf16Le,
    /// UTF-16, big-endian.
    Utf16Be,
    /// Windows-1251, the Cyrillic code page.
    Windows1251,
}

impl<'de> Deserialize<'de> for Encoding {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        lifecycle_core::unit_enum::deserialize(
            d,
            "Encoding",
            &["utf8", "utf16_le", "utf16_be", "windows1251"],
            &[
                Encoding::Utf8,
                Encoding::Utf16Le,
                Encoding::Utf16Be,
                Encoding::Windows1251,
            ],
        )
    }
}

impl Encoding {
    /// The name to show to a user.
    pub fn label(self) -> &'static str {
        match self {
            Self::Utf8 => "UTF-8",
            Self::Utf16Le => "UTF-16 LE",
            Self::Utf16Be => "UTF-16 BE",
            Self::Windows1251 => "Windows-1251",
        }
    }
}

/// What detection found, and why: shown to the user, who may override it.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EncodingGuess {
    /// The encoding.
    pub encoding: Encoding,
    /// The file starts with a byte-order mark.
    pub bom: bool,
}

/// Guesses the encoding from the first bytes of a file. `complete` says whether
/// `sample` is the whole file (so a multi-byte character cut at its end is an error
/// rather than the edge of the sample).
pub fn detect(sample: &[u8], complete: bool) -> EncodingGuess {
    let (encoding, bom) = match sample {
        [0xEF, 0xBB, 0xBF, ..] => (Encoding::Utf8, true),
        [0xFF, 0xFE, ..] => (Encoding::Utf16Le, true),
        [0xFE, 0xFF, ..] => (Encoding::Utf16Be, true),
        _ => match std::str::from_utf8(sample) {
            Ok(_) => (Encoding::Utf8, false),
            Err(e) if e.error_len().is_none() && !complete => (Encoding::Utf8, false),
            Err(_) => (Encoding::Windows1251, false),
        },
    };
    EncodingGuess { encoding, bom }
}

/// Turns bytes into text chunk by chunk: a character split between two chunks is
/// decoded once both halves are there, so the result never depends on chunk sizes.
/// Bytes that are not valid in the encoding become U+FFFD and are counted.
#[derive(Debug, Clone)]
pub struct Decoder {
    encoding: Encoding,
    /// Bytes of an unfinished character from the previous chunk.
    carry: Vec<u8>,
    /// A high surrogate waiting for its low half (UTF-16).
    high_surrogate: Option<u16>,
    /// Whether a leading byte-order mark may still be skipped.
    at_start: bool,
    replaced: usize,
}

impl Decoder {
    /// A decoder at the start of a file.
    pub fn new(encoding: Encoding) -> Self {
        Decoder {
            encoding,
            carry: Vec::new(),
            high_surrogate: None,
            at_start: true,
            replaced: 0,
        }
    }

    /// The encoding it decodes.
    pub fn encoding(&self) -> Encoding {
        self.encoding
    }

    /// How many invalid byte sequences were replaced by U+FFFD so far.
    pub fn replaced(&self) -> usize {
        self.replaced
    }

    /// Decodes `bytes`, appending the text to `out`.
    pub fn decode(&mut self, bytes: &[u8], out: &mut String) {
        let mut input = bytes;
        let joined;
        if !self.carry.is_empty() {
            let mut v = std::mem::take(&mut self.carry);
            v.extend_from_slice(bytes);
            joined = v;
            input = &joined;
        }
        if self.at_start {
            let bom: &[u8] = match self.encoding {
                Encoding::Utf8 => &[0xEF, 0xBB, 0xBF],
                Encoding::Utf16Le => &[0xFF, 0xFE],
                Encoding::Utf16Be => &[0xFE, 0xFF],
                Encoding::Windows1251 => &[],
            };
            if input.len() < bom.len() && bom.starts_with(input) {
                // Too early to tell whether this is a byte-order mark.
                self.carry = input.to_vec();
                return;
            }
            self.at_start = false;
            if input.starts_with(bom) {
                input = &input[bom.len()..];
            }
        }
        match self.encoding {
            Encoding::Utf8 => self.decode_utf8(input, out),
            Encoding::Utf16Le | Encoding::Utf16Be => self.decode_utf16(input, out),
            Encoding::Windows1251 => {
                out.reserve(input.len());
                out.extend(input.iter().map(|&b| windows1251_char(b)));
            }
        }
    }

    /// Ends the input: an unfinished character becomes U+FFFD.
    pub fn finish(&mut self, out: &mut String) {
        if self.at_start && !self.carry.is_empty() {
            // A file shorter than a byte-order mark.
            self.at_start = false;
            let rest = std::mem::take(&mut self.carry);
            self.decode(&rest, out);
        }
        if !self.carry.is_empty() || self.high_surrogate.is_some() {
            self.carry.clear();
            self.high_surrogate = None;
            self.replaced += 1;
            out.push(char::REPLACEMENT_CHARACTER);
        }
    }

    fn decode_utf8(&mut self, mut input: &[u8], out: &mut String) {
        loop {
            match std::str::from_utf8(input) {
                Ok(s) => {
                    out.push_str(s);
                    return;
                }
                Err(e) => {
                    let (good, rest) = input.split_at(e.valid_up_to());
                    // Valid by construction: `valid_up_to` says so.
                    out.push_str(std::str::from_utf8(good).unwrap_or_default());
                    match e.error_len() {
                        None => {
                            self.carry = rest.to_vec();
                            return;
                        }
                        Some(n) => {
                            out.push(char::REPLACEMENT_CHARACTER);
                            self.replaced += 1;
                            input = &rest[n..];
                        }
                    }
                }
            }
        }
    }

    fn decode_utf16(&mut self, input: &[u8], out: &mut String) {
        let pairs = input.len() / 2;
        out.reserve(pairs);
        for i in 0..pairs {
            let b = [input[2 * i], input[2 * i + 1]];
            let unit = match self.encoding {
                Encoding::Utf16Be => u16::from_be_bytes(b),
                _ => u16::from_le_bytes(b),
            };
            match (self.high_surrogate.take(), unit) {
                (None, 0xD800..=0xDBFF) => self.high_surrogate = Some(unit),
                (None, 0xDC00..=0xDFFF) => {
                    self.replaced += 1;
                    out.push(char::REPLACEMENT_CHARACTER);
                }
                (None, u) => out.push(char::from_u32(u32::from(u)).unwrap_or_default()),
                (Some(high), 0xDC00..=0xDFFF) => {
                    let c =
                        0x10000 + ((u32::from(high) - 0xD800) << 10) + (u32::from(unit) - 0xDC00);
                    out.push(char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER));
                }
                (Some(_), u) => {
                    self.replaced += 1;
                    out.push(char::REPLACEMENT_CHARACTER);
                    if (0xD800..=0xDBFF).contains(&u) {
                        self.high_surrogate = Some(u);
                    } else {
                        out.push(char::from_u32(u32::from(u)).unwrap_or_default());
                    }
                }
            }
        }
        if input.len() % 2 == 1 {
            self.carry = vec![input[input.len() - 1]];
        }
    }
}

/// Windows-1251 bytes 0x80..=0xBF (0xC0..=0xFF are А..я in order).
const CP1251_HIGH: [char; 64] = [
    'Ђ', 'Ѓ', '‚', 'ѓ', '„', '…', '†', '‡', '€', '‰', 'Љ', '‹', 'Њ', 'Ќ', 'Ћ', 'Џ', //
    'ђ', '‘', '’', '“', '”', '•', '–', '—', '\u{98}', '™', 'љ', '›', 'њ', 'ќ', 'ћ', 'џ', //
    '\u{A0}', 'Ў', 'ў', 'Ј', '¤', 'Ґ', '¦', '§', 'Ё', '©', 'Є', '«', '¬', '\u{AD}', '®',
    'Ї', //
    '°', '±', 'І', 'і', 'ґ', 'µ', '¶', '·', 'ё', '№', 'є', '»', 'ј', 'Ѕ', 'ѕ', 'ї',
];

fn windows1251_char(b: u8) -> char {
    match b {
        0..=0x7F => char::from(b),
        0x80..=0xBF => CP1251_HIGH[usize::from(b - 0x80)],
        _ => char::from_u32(0x0410 + u32::from(b - 0xC0)).unwrap_or_default(),
    }
}

/// Encodes text as Windows-1251; characters the code page lacks become `?`. For
/// tests and for users who need to hand a file back to an old tool.
pub fn encode_windows1251(text: &str) -> Vec<u8> {
    text.chars()
        .map(|c| match c {
            '\0'..='\x7F' => c as u8,
            'А'..='я' => (c as u32 - 0x0410 + 0xC0) as u8,
            _ => CP1251_HIGH
                .iter()
                .position(|&h| h == c)
                .map_or(b'?', |i| 0x80 + i as u8),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn decode_all(encoding: Encoding, bytes: &[u8], chunk: usize) -> String {
        let mut d = Decoder::new(encoding);
        let mut out = String::new();
        for c in bytes.chunks(chunk.max(1)) {
            d.decode(c, &mut out);
        }
        d.finish(&mut out);
        out
    }

    #[test]
    fn detects_boms_utf8_and_windows_1251() {
        let check = |bytes: &[u8], expected: Encoding, bom: bool| {
            assert_eq!(
                detect(bytes, true),
                EncodingGuess {
                    encoding: expected,
                    bom
                },
                "{bytes:?}"
            );
        };
        check(b"\xEF\xBB\xBFid", Encoding::Utf8, true);
        check(b"\xFF\xFEi\0", Encoding::Utf16Le, true);
        check(b"\xFE\xFF\0i", Encoding::Utf16Be, true);
        check("Имя;Фамилия".as_bytes(), Encoding::Utf8, false);
        check(
            &encode_windows1251("Имя;Фамилия"),
            Encoding::Windows1251,
            false,
        );
        // A Cyrillic letter cut at the end of a sample is still UTF-8, but not at the
        // end of the whole file.
        let cut = &"Имя".as_bytes()[..5];
        assert_eq!(detect(cut, false).encoding, Encoding::Utf8);
        assert_eq!(detect(cut, true).encoding, Encoding::Windows1251);
    }

    #[test]
    fn windows_1251_round_trips_the_whole_code_page() {
        let all: Vec<u8> = (0u8..=255).collect();
        let text = decode_all(Encoding::Windows1251, &all, 7);
        assert_eq!(text.chars().count(), 256);
        assert_eq!(encode_windows1251(&text), all);
        assert_eq!(
            decode_all(
                Encoding::Windows1251,
                &encode_windows1251("Ёлка №5 — «ok»"),
                1
            ),
            "Ёлка №5 — «ok»"
        );
    }

    #[test]
    fn any_chunking_decodes_the_same() {
        let text = "id,имя\n1,Ёжик 🦔\n";
        let mut le = vec![0xFF, 0xFE];
        let mut be = vec![0xFE, 0xFF];
        for u in text.encode_utf16() {
            le.extend(u.to_le_bytes());
            be.extend(u.to_be_bytes());
        }
        let mut utf8 = vec![0xEF, 0xBB, 0xBF];
        utf8.extend(text.as_bytes());
        for chunk in 1..12 {
            assert_eq!(decode_all(Encoding::Utf16Le, &le, chunk), text);
            assert_eq!(decode_all(Encoding::Utf16Be, &be, chunk), text);
            assert_eq!(decode_all(Encoding::Utf8, &utf8, chunk), text);
        }
    }

    #[test]
    fn invalid_bytes_are_replaced_and_counted() {
        let mut d = Decoder::new(Encoding::Utf8);
        let mut out = String::new();
        d.decode(b"a\xFFb\xE2\x82", &mut out);
        d.finish(&mut out);
        assert_eq!(out, "a\u{FFFD}b\u{FFFD}");
        assert_eq!(d.replaced(), 2);
    }
}
