//! A streaming CSV reader: feed bytes in chunks of any size, get the same table.
//!
//! It detects the encoding (see [`crate::encoding`]) and the delimiter (`,` `;` tab `|`)
//! from the first [`SAMPLE_BYTES`] bytes, reads RFC 4180 quoting (delimiters, doubled
//! quotes and line breaks inside quoted cells), accepts CRLF, LF and CR line ends, and
//! reports malformed input with its row and column instead of merging rows:
//!
//! - a quote that is never closed is an error on the row where it opened; the reader
//!   then reads that quote as a plain character and carries on, so the rows after it
//!   are not swallowed;
//! - a row with more or fewer cells than the header is an error on that row.
//!
//! Rows are numbered as a spreadsheet shows them: the header is row 1.

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::encoding::{self, Decoder, Encoding, EncodingGuess};

/// How many bytes at the start of a file decide the encoding and the delimiter.
pub const SAMPLE_BYTES: usize = 64 * 1024;
/// Rows [`CsvTable::sample_values`] looks at: enough to find a few examples of what
/// a column holds, few enough to be a millisecond's work in a file of a million rows.
pub const SAMPLE_ROWS: usize = 5_000;

/// The delimiters the reader detects, in order of preference on a tie.
pub const DELIMITERS: [char; 4] = [',', ';', '\t', '|'];

/// Choices the user made over detection.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct CsvOptions {
    /// Force an encoding instead of detecting it.
    pub encoding: Option<Encoding>,
    /// Force a delimiter (one ASCII character) instead of detecting it.
    pub delimiter: Option<char>,
}

/// One record of the file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Record {
    /// Spreadsheet row: the header is row 1.
    pub row: u32,
    /// Physical line where the record starts (differs from `row` after line breaks
    /// inside quoted cells).
    pub line: u32,
    /// The cells, as text.
    pub fields: Vec<String>,
    /// The (0-based) cells that were quoted and begin or end with whitespace:
    /// their spaces are part of the value, where an importer trims the spaces
    /// around an unquoted cell. Almost always empty.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub padded: Vec<u32>,
}

impl Record {
    /// A line with nothing on it.
    pub fn is_blank(&self) -> bool {
        self.fields.iter().all(|f| f.trim().is_empty())
    }
}

/// Malformed CSV, located.
// The variants are documented by their messages.
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "CsvRowError"))]
pub enum CsvError {
    #[error(
        "row {row}, column {column} (line {line}): a quoted cell is opened but never closed; \
         it was read as plain text. Add the closing quote (\") or remove the opening one"
    )]
    UnterminatedQuote { row: u32, column: u32, line: u32 },
    #[error(
        "row {row}, column {column} (line {line}): text follows the closing quote of a quoted \
         cell; a quote inside a quoted cell must be doubled (\"\")"
    )]
    TextAfterQuote { row: u32, column: u32, line: u32 },
    /// `column` is the first cell past the header's (too many) or the first
    /// missing one (too few).
    #[error(
        "row {row}, column {column} (line {line}): the row has {found} {cells} but the header \
         has {expected}; look for a delimiter inside a cell that is not quoted, or a missing one",
        cells = if *.found == 1 { "cell" } else { "cells" }
    )]
    FieldCount {
        row: u32,
        column: u32,
        line: u32,
        expected: usize,
        found: usize,
    },
}

impl CsvError {
    /// The spreadsheet row the error is on.
    pub fn row(&self) -> u32 {
        match self {
            Self::UnterminatedQuote { row, .. }
            | Self::TextAfterQuote { row, .. }
            | Self::FieldCount { row, .. } => *row,
        }
    }

    /// The 1-based column, where the error is about one cell.
    pub fn column(&self) -> Option<u32> {
        match self {
            Self::UnterminatedQuote { column, .. }
            | Self::TextAfterQuote { column, .. }
            | Self::FieldCount { column, .. } => Some(*column),
        }
    }
}

/// How far reading has come: for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Progress {
    /// Bytes fed so far.
    pub bytes_read: u64,
    /// Records read so far (the header included).
    pub rows_read: u32,
}

/// A whole file, read.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct CsvTable {
    /// The encoding used, and whether the file had a byte-order mark.
    pub encoding: EncodingGuess,
    /// The user chose the encoding (it was not detected).
    pub encoding_forced: bool,
    /// The delimiter used.
    pub delimiter: char,
    /// The user chose the delimiter (it was not detected).
    pub delimiter_forced: bool,
    /// The first record; empty for an empty file.
    pub header: Vec<String>,
    /// Every record after the header, blank lines included (as blank records).
    pub rows: Vec<Record>,
    /// Every problem found, in row order.
    pub errors: Vec<CsvError>,
    /// Invalid byte sequences replaced by U+FFFD (a hint that the encoding is wrong).
    pub replaced_chars: usize,
    /// Size of the file in bytes.
    pub bytes: u64,
}

impl CsvTable {
    /// The first `limit` distinct non-blank values of `column` (0-based, trimmed) in
    /// the first [`SAMPLE_ROWS`] rows, in the order they appear: examples of what a
    /// column holds, found without going through a file of a million rows.
    pub fn sample_values(&self, column: usize, limit: usize) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for r in self.rows.iter().take(SAMPLE_ROWS) {
            if out.len() >= limit {
                break;
            }
            let Some(v) = r.fields.get(column).map(|v| v.trim()) else {
                continue;
            };
            if !v.is_empty() && !out.iter().any(|o| o == v) {
                out.push(v.to_owned());
            }
        }
        out
    }

    /// The distinct non-blank values of `column` (0-based, trimmed) with how many rows
    /// hold each, in the order they first appear; at most `limit` values. For showing
    /// samples of a column and the statuses a deals file uses.
    pub fn distinct_values(&self, column: usize, limit: usize) -> Vec<(String, usize)> {
        self.distinct_in_first(column, limit, usize::MAX)
    }

    /// [`CsvTable::distinct_values`] counted in the first `rows` rows only (a
    /// browser shows the counts of the first [`SAMPLE_ROWS`] rows of a large file
    /// rather than block the page on all of them).
    pub fn distinct_in_first(
        &self,
        column: usize,
        limit: usize,
        rows: usize,
    ) -> Vec<(String, usize)> {
        let mut out: Vec<(String, usize)> = Vec::new();
        let mut seen: std::collections::HashMap<&str, usize> = std::collections::HashMap::new();
        for r in self.rows.iter().take(rows) {
            let Some(v) = r.fields.get(column).map(|v| v.trim()) else {
                continue;
            };
            if v.is_empty() {
                continue;
            }
            match seen.get(v) {
                Some(&i) => out[i].1 += 1,
                None if out.len() < limit => {
                    seen.insert(v, out.len());
                    out.push((v.to_owned(), 1));
                }
                None => {}
            }
        }
        out
    }
}

/// Reads a whole file at once.
pub fn read(bytes: &[u8], options: CsvOptions) -> CsvTable {
    let mut reader = CsvReader::new(options);
    reader.feed(bytes);
    reader.finish()
}

/// The streaming reader. Cancelling is dropping it: nothing was applied anywhere.
#[derive(Debug)]
pub struct CsvReader {
    options: CsvOptions,
    /// Bytes held back until the sample is complete.
    sample: Vec<u8>,
    started: Option<Started>,
    bytes_read: u64,
    text: String,
}

#[derive(Debug)]
struct Started {
    guess: EncodingGuess,
    delimiter: char,
    decoder: Decoder,
    parser: Parser,
}

impl CsvReader {
    /// A reader with the user's choices (or none: detect everything).
    pub fn new(options: CsvOptions) -> Self {
        CsvReader {
            options,
            sample: Vec::new(),
            started: None,
            bytes_read: 0,
            text: String::new(),
        }
    }

    /// Reads the next chunk (any size, down to one byte).
    pub fn feed(&mut self, chunk: &[u8]) -> Progress {
        self.bytes_read += chunk.len() as u64;
        match &mut self.started {
            None => {
                self.sample.extend_from_slice(chunk);
                if self.sample.len() >= SAMPLE_BYTES {
                    self.start(false);
                }
            }
            Some(s) => {
                self.text.clear();
                s.decoder.decode(chunk, &mut self.text);
                s.parser.feed(&self.text);
            }
        }
        self.progress()
    }

    /// How far reading has come.
    pub fn progress(&self) -> Progress {
        Progress {
            bytes_read: self.bytes_read,
            rows_read: self
                .started
                .as_ref()
                .map_or(0, |s| s.parser.records.len() as u32),
        }
    }

    /// The encoding in use, once the sample has been seen.
    pub fn encoding(&self) -> Option<EncodingGuess> {
        self.started.as_ref().map(|s| s.guess)
    }

    fn start(&mut self, complete: bool) {
        let sample = std::mem::take(&mut self.sample);
        let head = &sample[..sample.len().min(SAMPLE_BYTES)];
        let detected = encoding::detect(head, complete);
        let guess = match self.options.encoding {
            Some(e) => EncodingGuess {
                encoding: e,
                bom: detected.bom && detected.encoding == e,
            },
            None => detected,
        };
        let mut head_text = String::new();
        Decoder::new(guess.encoding).decode(head, &mut head_text);
        // Excel's `sep=;` first line names the delimiter and is not data.
        let sep = sep_directive(&head_text);
        let delimiter = match (self.options.delimiter, sep) {
            (Some(d), _) | (None, Some(d)) => d,
            (None, None) => detect_delimiter(&head_text, complete),
        };
        let mut decoder = Decoder::new(guess.encoding);
        let mut parser = Parser::new(delimiter);
        parser.skip_records = u32::from(sep.is_some());
        self.text.clear();
        decoder.decode(&sample, &mut self.text);
        parser.feed(&self.text);
        self.started = Some(Started {
            guess,
            delimiter,
            decoder,
            parser,
        });
    }

    /// Ends the input and returns the table.
    pub fn finish(mut self) -> CsvTable {
        if self.started.is_none() {
            self.start(true);
        }
        let Some(mut s) = self.started.take() else {
            unreachable!("started above")
        };
        let mut text = String::new();
        s.decoder.finish(&mut text);
        s.parser.feed(&text);
        s.parser.finish();
        let Parser {
            mut records,
            mut errors,
            ..
        } = s.parser;
        let header = if records.is_empty() {
            Vec::new()
        } else {
            records.remove(0).fields
        };
        let expected = header.len();
        let already: std::collections::HashSet<u32> = errors.iter().map(CsvError::row).collect();
        for r in &records {
            if r.fields.len() != expected && !r.is_blank() && !already.contains(&r.row) {
                errors.push(CsvError::FieldCount {
                    row: r.row,
                    column: expected.min(r.fields.len()) as u32 + 1,
                    line: r.line,
                    expected,
                    found: r.fields.len(),
                });
            }
        }
        lifecycle_core::sort::sort_by_key(&mut errors, |e| (e.row(), e.column()));
        CsvTable {
            encoding: s.guess,
            encoding_forced: self.options.encoding.is_some(),
            delimiter: s.delimiter,
            delimiter_forced: self.options.delimiter.is_some(),
            header,
            rows: records,
            errors,
            replaced_chars: s.decoder.replaced(),
            bytes: self.bytes_read,
        }
    }
}

/// The delimiter named by an Excel `sep=X` first line.
fn sep_directive(text: &str) -> Option<char> {
    let rest = text.strip_prefix("sep=")?;
    let mut chars = rest.chars();
    let d = chars.next()?;
    match chars.next() {
        None | Some('\r' | '\n') if d.is_ascii() && !matches!(d, '"' | '\r' | '\n') => Some(d),
        _ => None,
    }
}

/// Picks the delimiter that splits the first records into the most consistent number
/// (at least two) of cells.
pub fn detect_delimiter(sample: &str, complete: bool) -> char {
    let mut best = (',', 0usize, 0usize);
    for d in DELIMITERS {
        let mut p = Parser::new(d);
        p.feed(sample);
        if complete {
            p.finish();
        }
        let records: Vec<&Record> = p
            .records
            .iter()
            .filter(|r| !r.is_blank())
            .take(50)
            .collect();
        let Some(first) = records.first() else {
            continue;
        };
        let width = first.fields.len();
        if width < 2 {
            continue;
        }
        let consistent = records.iter().filter(|r| r.fields.len() == width).count();
        if (consistent, width) > (best.1, best.2) {
            best = (d, consistent, width);
        }
    }
    best.0
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// At the start of a cell: a quote here opens a quoted cell.
    FieldStart,
    Unquoted,
    Quoted,
    /// Inside a quoted cell, just after a quote: a second one is an escaped quote.
    QuoteInQuoted,
}

/// The state machine, over decoded text. Delimiters, quotes and line ends are ASCII,
/// so it splits the UTF-8 text at byte positions that are always character bounds.
#[derive(Debug)]
struct Parser {
    delimiter: char,
    state: State,
    field: String,
    /// The current cell opened with a quote.
    field_quoted: bool,
    record: Vec<String>,
    padded: Vec<u32>,
    records: Vec<Record>,
    errors: Vec<CsvError>,
    /// Current physical line, 1-based.
    line: u32,
    record_line: u32,
    /// The row of the record being read.
    row: u32,
    /// A CR ended the last line: a LF right after it belongs to the same line end.
    skip_lf: bool,
    /// Text since the opening quote of the current quoted cell, to re-read it as
    /// plain text if the quote is never closed.
    quote_raw: String,
    quote_line: u32,
    quote_skip_lf: bool,
    /// Records to drop at the start (an Excel `sep=` line).
    skip_records: u32,
}

impl Parser {
    fn new(delimiter: char) -> Self {
        Parser {
            delimiter,
            state: State::FieldStart,
            field: String::new(),
            field_quoted: false,
            record: Vec::new(),
            padded: Vec::new(),
            records: Vec::new(),
            errors: Vec::new(),
            line: 1,
            record_line: 1,
            row: 1,
            skip_lf: false,
            quote_raw: String::new(),
            quote_line: 1,
            quote_skip_lf: false,
            skip_records: 0,
        }
    }

    fn end_field(&mut self) {
        if std::mem::take(&mut self.field_quoted)
            && (self.field.starts_with(char::is_whitespace)
                || self.field.ends_with(char::is_whitespace))
        {
            self.padded.push(self.record.len() as u32);
        }
        self.record.push(std::mem::take(&mut self.field));
    }

    fn end_record(&mut self) {
        self.end_field();
        if self.skip_records > 0 {
            self.skip_records -= 1;
            self.record.clear();
            self.padded.clear();
            return;
        }
        self.records.push(Record {
            row: self.row,
            line: self.record_line,
            fields: std::mem::take(&mut self.record),
            padded: std::mem::take(&mut self.padded),
        });
        self.row += 1;
    }

    fn feed(&mut self, text: &str) {
        let bytes = text.as_bytes();
        let delim = self.delimiter as u32;
        // Non-ASCII delimiters are not supported; such a delimiter never matches.
        let delim = if delim < 0x80 { delim as u8 } else { 0 };
        let n = bytes.len();
        let mut i = 0;
        while i < n {
            let b = bytes[i];
            if self.skip_lf {
                self.skip_lf = false;
                if b == b'\n' {
                    i += 1;
                    continue;
                }
            }
            match self.state {
                State::FieldStart | State::Unquoted => {
                    if self.state == State::FieldStart {
                        if self.record.is_empty() {
                            self.record_line = self.line;
                        }
                        if b == b'"' {
                            self.state = State::Quoted;
                            self.field_quoted = true;
                            self.quote_raw.clear();
                            self.quote_line = self.line;
                            self.quote_skip_lf = false;
                            i += 1;
                            continue;
                        }
                    }
                    let start = i;
                    while i < n && bytes[i] != delim && bytes[i] != b'\r' && bytes[i] != b'\n' {
                        i += 1;
                    }
                    self.field.push_str(&text[start..i]);
                    self.state = State::Unquoted;
                    if i < n {
                        self.special(bytes[i], delim);
                        i += 1;
                    }
                }
                State::Quoted => {
                    let start = i;
                    while i < n && bytes[i] != b'"' {
                        match bytes[i] {
                            b'\n' if self.quote_skip_lf => self.quote_skip_lf = false,
                            b'\n' => self.line += 1,
                            b'\r' => {
                                self.line += 1;
                                self.quote_skip_lf = true;
                            }
                            _ => self.quote_skip_lf = false,
                        }
                        i += 1;
                    }
                    self.field.push_str(&text[start..i]);
                    self.quote_raw.push_str(&text[start..i]);
                    if i < n {
                        self.quote_raw.push('"');
                        self.quote_skip_lf = false;
                        self.state = State::QuoteInQuoted;
                        i += 1;
                    }
                }
                State::QuoteInQuoted => {
                    if b == b'"' {
                        self.field.push('"');
                        self.quote_raw.push('"');
                        self.state = State::Quoted;
                        i += 1;
                    } else if b == delim || b == b'\r' || b == b'\n' {
                        self.special(b, delim);
                        i += 1;
                    } else {
                        self.errors.push(CsvError::TextAfterQuote {
                            row: self.row,
                            column: self.record.len() as u32 + 1,
                            line: self.line,
                        });
                        self.state = State::Unquoted;
                    }
                }
            }
        }
    }

    /// A delimiter or a line end outside a quoted cell.
    fn special(&mut self, b: u8, delim: u8) {
        self.state = State::FieldStart;
        if b == delim {
            self.end_field();
        } else {
            self.end_record();
            self.line += 1;
            self.skip_lf = b == b'\r';
        }
    }

    fn finish(&mut self) {
        while self.state == State::Quoted {
            // Never closed: report it, then read the quote as a plain character.
            self.errors.push(CsvError::UnterminatedQuote {
                row: self.row,
                column: self.record.len() as u32 + 1,
                line: self.quote_line,
            });
            let raw = std::mem::take(&mut self.quote_raw);
            self.field.clear();
            self.field.push('"');
            self.field_quoted = false;
            self.line = self.quote_line;
            self.skip_lf = false;
            self.state = State::Unquoted;
            self.feed(&raw);
        }
        if self.state != State::FieldStart || !self.record.is_empty() {
            self.end_record();
        }
        self.state = State::FieldStart;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Reads `input` and renders the records as `row: a|b|c` lines plus the errors.
    fn check(input: &str, expected: &str) {
        let table = read(input.as_bytes(), CsvOptions::default());
        let mut out = format!("delimiter {:?}\n", table.delimiter);
        out += &format!("1: {}\n", table.header.join("|"));
        for r in &table.rows {
            out += &format!("{}: {}\n", r.row, r.fields.join("|"));
        }
        for e in &table.errors {
            out += &format!("error: {e}\n");
        }
        assert_eq!(out.trim(), expected.trim(), "input: {input:?}");
    }

    #[test]
    fn delimiters_and_line_ends() {
        check("a,b\n1,2\n", "delimiter ','\n1: a|b\n2: 1|2");
        check("a;b\r\n1,5;2\r\n", "delimiter ';'\n1: a|b\n2: 1,5|2");
        check("a\tb\r1\t2", "delimiter '\\t'\n1: a|b\n2: 1|2");
        check("a|b|c\n1|2|3\n", "delimiter '|'\n1: a|b|c\n2: 1|2|3");
    }

    #[test]
    fn quoted_cells_with_spaces_are_marked_padded() {
        let table = read(b"a,b,c\n\" x \", y ,\"z\"\n", CsvOptions::default());
        assert_eq!(table.rows[0].fields, [" x ", " y ", "z"]);
        // Only the quoted cell's spaces are its own; " y " is padding.
        assert_eq!(table.rows[0].padded, [0]);
    }

    #[test]
    fn quoted_cells_hold_delimiters_quotes_and_line_breaks() {
        check(
            "name,note\n\"Smith, John\",\"said \"\"hi\"\"\nand left\"\nx,y\n",
            "delimiter ','\n1: name|note\n2: Smith, John|said \"hi\"\nand left\n3: x|y",
        );
    }

    #[test]
    fn an_unterminated_quote_is_an_error_and_does_not_swallow_rows() {
        check(
            "a,b\n1,\"open\n2,3\n",
            "delimiter ','\n1: a|b\n2: 1|\"open\n3: 2|3\nerror: row 2, column 2 (line 2): a quoted cell is opened but never closed; it was read as plain text. Add the closing quote (\") or remove the opening one",
        );
    }

    #[test]
    fn wrong_cell_counts_are_errors_with_their_row() {
        check(
            "a,b\n1,2,3\n\n4\n",
            "delimiter ','\n1: a|b\n2: 1|2|3\n3: \n4: 4\nerror: row 2, column 3 (line 2): the row has 3 cells but the header has 2; look for a delimiter inside a cell that is not quoted, or a missing one\nerror: row 4, column 2 (line 4): the row has 1 cell but the header has 2; look for a delimiter inside a cell that is not quoted, or a missing one",
        );
    }

    #[test]
    fn text_after_a_closing_quote_is_an_error() {
        check(
            "a,b\n\"x\"y,2\n",
            "delimiter ','\n1: a|b\n2: xy|2\nerror: row 2, column 1 (line 2): text follows the closing quote of a quoted cell; a quote inside a quoted cell must be doubled (\"\")",
        );
    }

    #[test]
    fn an_excel_sep_line_names_the_delimiter() {
        check(
            "sep=;\r\na;b,c\r\n1;2\r\n",
            "delimiter ';'\n1: a|b,c\n2: 1|2",
        );
        check("sep=\n", "delimiter ','\n1: sep=");
        // Not a directive: data that happens to start with "sep=".
        check("sep=ab,c\n1,2\n", "delimiter ','\n1: sep=ab|c\n2: 1|2");
    }

    #[test]
    fn empty_input_and_missing_final_newline() {
        check("", "delimiter ','\n1:");
        check("a,b\n1,2", "delimiter ','\n1: a|b\n2: 1|2");
        check("a,b\n1,", "delimiter ','\n1: a|b\n2: 1|");
    }

    #[test]
    fn line_numbers_follow_breaks_inside_quotes() {
        let t = read(b"a,b\r\n\"x\r\ny\",1\r\n2,3\r\n", CsvOptions::default());
        let lines: Vec<(u32, u32)> = t.rows.iter().map(|r| (r.row, r.line)).collect();
        assert_eq!(lines, [(2, 2), (3, 4)]);
        assert_eq!(t.rows[0].fields[0], "x\r\ny");
    }
}
