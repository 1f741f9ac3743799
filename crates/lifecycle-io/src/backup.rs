//! The full backup: one JSON document with the model, the contacts, the events and
//! the settings, versioned and checksummed so that a damaged or foreign file is
//! refused with a clear message instead of being half-loaded.
//!
//! ```
//! use lifecycle_io::backup::{read_backup, write_backup, Backup};
//!
//! let backup = Backup {
//!     model: serde_json::json!({"preset": "b2b"}),
//!     contacts: vec![],
//!     events: vec![],
//!     settings: serde_json::json!({"language": "ru"}),
//! };
//! assert_eq!(read_backup(&write_backup(&backup)).unwrap(), backup);
//! ```

use std::collections::BTreeMap;

use lifecycle_core::{Contact, Event};
use serde::{Deserialize, Serialize};
use serde_json::Value;
use thiserror::Error;

/// The value of the `format` key of every backup.
pub const FORMAT: &str = "lifecycle-backup";
/// The format version this code writes, and the newest it reads.
pub const VERSION: u64 = 1;

/// Everything a user has. The model and settings are kept as JSON so that this crate
/// does not depend on the engine's types; the engine validates them when loading.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Backup {
    /// The lifecycle model, as the engine serializes it.
    pub model: Value,
    /// Every contact.
    pub contacts: Vec<Contact>,
    /// Every event.
    pub events: Vec<Event>,
    /// The app's settings.
    pub settings: Value,
}

/// Why a backup was refused. Nothing of it was loaded.
// The variants are documented by their messages.
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum BackupError {
    #[error(
        "this is not a Lifecycle backup: it is not valid JSON ({message} at line {line}, column {column})"
    )]
    NotJson {
        line: usize,
        column: usize,
        message: String,
    },
    #[error(
        "this JSON file is not a Lifecycle backup (it has no \"format\": \"lifecycle-backup\"); choose a file made with \"Download a backup\""
    )]
    Foreign,
    #[error(
        "this backup was made by a newer version of Lifecycle (format {found}; this one reads up to {VERSION}); update the app to restore it"
    )]
    NewerVersion { found: u64 },
    #[error("the backup is damaged: {message}; use another copy")]
    Corrupt { message: String },
    #[error(
        "the backup was changed or damaged after it was written (its checksum does not match); use an untouched copy"
    )]
    ChecksumMismatch,
}

/// The checksummed part, in a fixed order.
#[derive(Serialize)]
struct PayloadRef<'a> {
    model: &'a Value,
    contacts: &'a [Contact],
    events: &'a [Event],
    settings: &'a Value,
}

/// FNV-1a, 64 bits: enough to notice damage (this is not a signature).
fn checksum(payload: &PayloadRef<'_>) -> String {
    let text = serde_json::to_string(payload).unwrap_or_default();
    format!("fnv1a64:{:016x}", fnv1a(FNV_OFFSET, text.as_bytes()))
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// FNV-1a of `bytes`, continuing from `h`.
fn fnv1a(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn payload(b: &Backup) -> PayloadRef<'_> {
    PayloadRef {
        model: &b.model,
        contacts: &b.contacts,
        events: &b.events,
        settings: &b.settings,
    }
}

/// Writes a backup as JSON.
pub fn write_backup(backup: &Backup) -> String {
    #[derive(Serialize)]
    struct Doc<'a> {
        format: &'static str,
        version: u64,
        checksum: String,
        #[serde(flatten)]
        payload: PayloadRef<'a>,
    }
    let p = payload(backup);
    let doc = Doc {
        format: FORMAT,
        version: VERSION,
        checksum: checksum(&p),
        payload: p,
    };
    serde_json::to_string(&doc).unwrap_or_default()
}

/// A backup written a slice at a time, so that a caller can let other work run
/// between slices: the model, then the contacts, then the events, then the
/// settings. The text is [`write_backup`]'s, byte for byte, and the checksum
/// is computed as the text grows.
pub struct BackupWriter {
    /// The payload's text so far: `{"model":…,"contacts":[…`.
    payload: String,
    /// Elements in the array being written.
    written: usize,
    events: bool,
    /// FNV-1a of the payload's text up to `payload[..hashed]`.
    hash: u64,
    hashed: usize,
    /// Whether the text is kept (for a file) or only hashed (to check one).
    keep: bool,
}

impl BackupWriter {
    /// Starts a backup of `model`.
    pub fn new(model: &Value) -> BackupWriter {
        let mut payload = String::from("{\"model\":");
        payload.push_str(&serde_json::to_string(model).unwrap_or_default());
        payload.push_str(",\"contacts\":[");
        let mut w = BackupWriter {
            payload,
            written: 0,
            events: false,
            hash: FNV_OFFSET,
            hashed: 0,
            keep: true,
        };
        w.hash_new();
        w
    }

    /// A writer that only computes the checksum of what it is given.
    fn hashing(model: &Value) -> BackupWriter {
        let mut w = BackupWriter::new(model);
        w.keep = false;
        w.hash_new();
        w
    }

    /// The checksum of a hashing writer, with `settings`.
    fn checksum(mut self, settings: &Value) -> String {
        self.end(settings);
        format!("fnv1a64:{:016x}", self.hash)
    }

    fn end(&mut self, settings: &Value) {
        self.events(std::iter::empty());
        self.payload.push_str("],\"settings\":");
        self.payload
            .push_str(&serde_json::to_string(settings).unwrap_or_default());
        self.payload.push('}');
        self.hash_new();
    }

    /// Writes the next contacts; all of them come before the first event.
    pub fn contacts<'a>(&mut self, contacts: impl IntoIterator<Item = &'a Contact>) {
        debug_assert!(!self.events, "contacts after events");
        for c in contacts {
            self.element(c);
        }
        self.hash_new();
    }

    /// Writes the next events.
    pub fn events<'a>(&mut self, events: impl IntoIterator<Item = &'a Event>) {
        if !self.events {
            self.payload.push_str("],\"events\":[");
            self.events = true;
            self.written = 0;
        }
        for e in events {
            self.element(e);
        }
        self.hash_new();
    }

    /// The backup's text, with `settings`.
    pub fn finish(mut self, settings: &Value) -> String {
        self.end(settings);
        let head = format!(
            "{{\"format\":\"{FORMAT}\",\"version\":{VERSION},\"checksum\":\"fnv1a64:{:016x}\",",
            self.hash
        );
        let mut out = String::with_capacity(head.len() + self.payload.len());
        out.push_str(&head);
        // The payload without its opening brace: its keys follow the head's.
        out.push_str(&self.payload[1..]);
        out
    }

    fn element(&mut self, value: &impl Serialize) {
        if self.written > 0 {
            self.payload.push(',');
        }
        self.payload
            .push_str(&serde_json::to_string(value).unwrap_or_default());
        self.written += 1;
    }

    fn hash_new(&mut self) {
        self.hash = fnv1a(self.hash, &self.payload.as_bytes()[self.hashed..]);
        self.hashed = self.payload.len();
        if !self.keep {
            self.payload.clear();
            self.hashed = 0;
        }
    }
}

/// Where [`BackupReader`]'s split of the file's text stands.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Split {
    Open,
    FirstKey,
    Key,
    /// In the `contacts` (`false`) or `events` (`true`) array, before its first element.
    ArrayFirst(bool),
    /// In that array, before an element.
    Element(bool),
    AfterMember,
    End,
    Done,
}

/// The text of a file is not split in its parts: it is read whole instead.
struct NotSplit;

/// Where the JSON string that starts at `i` (a `"`) ends.
fn string_end(bytes: &[u8], i: usize) -> Option<usize> {
    let mut j = i + 1;
    loop {
        match bytes.get(j)? {
            b'\\' => j += 2,
            b'"' => return Some(j + 1),
            _ => j += 1,
        }
    }
}

/// Where the JSON value that starts at `i` ends; its inside is checked later
/// (by parsing it), only strings and brackets are followed here.
fn value_end(bytes: &[u8], i: usize) -> Option<usize> {
    match bytes.get(i)? {
        b'"' => string_end(bytes, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            loop {
                match bytes.get(j)? {
                    b'"' => {
                        j = string_end(bytes, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
        }
        _ => {
            let len = bytes[i..]
                .iter()
                .position(|b| matches!(b, b',' | b'}' | b']' | b' ' | b'\n' | b'\r' | b'\t'))
                .unwrap_or(bytes.len() - i);
            (len > 0).then_some(i + len)
        }
    }
}

/// A backup read a slice at a time, so that a caller can let other work run
/// between slices: each [`BackupReader::step`] first finds where the next
/// part of the file is (its members, every contact and event as text; a
/// scan that only follows strings and brackets), then reads some contacts
/// or events, checking the checksum as it goes; [`BackupReader::finish`]
/// gives the backup. The result is [`read_backup`]'s: every part is parsed
/// by the same JSON parser, and a file this reader cannot take in its way
/// (damaged, foreign, an unusual layout) is read by [`read_backup`] instead,
/// for its exact answer (in one go).
pub struct BackupReader<'a> {
    text: &'a str,
    /// The split: where it is, the members by key, the rows as text.
    split: Split,
    pos: usize,
    members: BTreeMap<String, (usize, usize)>,
    has_rows: [bool; 2],
    raw_contacts: Vec<(usize, usize)>,
    raw_events: Vec<(usize, usize)>,
    /// Once split: the model and settings, the checksum to match.
    model: Value,
    settings: Value,
    /// The file's checksum; `None` when the file was read whole and checked.
    expected: Option<String>,
    contacts: Vec<Contact>,
    events: Vec<Event>,
    hash: BackupWriter,
}

impl<'a> BackupReader<'a> {
    /// Starts reading a backup's bytes (UTF-8, a byte-order mark allowed).
    pub fn new(bytes: &'a [u8]) -> Result<BackupReader<'a>, BackupError> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let Ok(text) = std::str::from_utf8(bytes) else {
            return Err(read_backup_bytes(bytes)
                .err()
                .unwrap_or(BackupError::Foreign));
        };
        Ok(BackupReader {
            text,
            split: Split::Open,
            pos: 0,
            members: BTreeMap::new(),
            has_rows: [false; 2],
            raw_contacts: Vec::new(),
            raw_events: Vec::new(),
            model: Value::Null,
            settings: Value::Null,
            expected: None,
            contacts: Vec::new(),
            events: Vec::new(),
            hash: BackupWriter::hashing(&Value::Null),
        })
    }

    /// Splits up to about `budget` more bytes of the text.
    fn split_some(&mut self, budget: usize) -> Result<(), NotSplit> {
        let bytes = self.text.as_bytes();
        let stop = self.pos.saturating_add(budget);
        let ws = |pos: &mut usize| {
            while matches!(bytes.get(*pos), Some(b' ' | b'\n' | b'\r' | b'\t')) {
                *pos += 1;
            }
        };
        let mut pos = self.pos;
        while self.split != Split::Done && pos < stop {
            ws(&mut pos);
            let byte = bytes.get(pos).copied();
            self.split = match (self.split, byte) {
                (Split::Open, Some(b'{')) => {
                    pos += 1;
                    Split::FirstKey
                }
                (Split::FirstKey, Some(b'}')) => {
                    pos += 1;
                    Split::End
                }
                (Split::FirstKey | Split::Key, Some(b'"')) => {
                    let end = string_end(bytes, pos).ok_or(NotSplit)?;
                    let key: String =
                        serde_json::from_str(&self.text[pos..end]).map_err(|_| NotSplit)?;
                    pos = end;
                    ws(&mut pos);
                    if bytes.get(pos) != Some(&b':') {
                        return Err(NotSplit);
                    }
                    pos += 1;
                    ws(&mut pos);
                    let rows = match key.as_str() {
                        "contacts" => Some(false),
                        "events" => Some(true),
                        _ => None,
                    };
                    match (rows, bytes.get(pos)) {
                        (Some(events), Some(b'[')) => {
                            pos += 1;
                            // A key given twice: the last one counts, as in the parser.
                            self.has_rows[usize::from(events)] = true;
                            if events {
                                self.raw_events.clear();
                            } else {
                                self.raw_contacts.clear();
                            }
                            Split::ArrayFirst(events)
                        }
                        (Some(_), _) => return Err(NotSplit),
                        (None, _) => {
                            let end = value_end(bytes, pos).ok_or(NotSplit)?;
                            serde_json::from_str::<serde::de::IgnoredAny>(&self.text[pos..end])
                                .map_err(|_| NotSplit)?;
                            self.members.insert(key, (pos, end));
                            pos = end;
                            Split::AfterMember
                        }
                    }
                }
                (Split::ArrayFirst(_), Some(b']')) => {
                    pos += 1;
                    Split::AfterMember
                }
                (Split::ArrayFirst(events) | Split::Element(events), Some(_)) => {
                    let end = value_end(bytes, pos).ok_or(NotSplit)?;
                    if events {
                        self.raw_events.push((pos, end));
                    } else {
                        self.raw_contacts.push((pos, end));
                    }
                    pos = end;
                    ws(&mut pos);
                    match bytes.get(pos) {
                        Some(b',') => {
                            pos += 1;
                            Split::Element(events)
                        }
                        Some(b']') => {
                            pos += 1;
                            Split::AfterMember
                        }
                        _ => return Err(NotSplit),
                    }
                }
                (Split::AfterMember, Some(b',')) => {
                    pos += 1;
                    Split::Key
                }
                (Split::AfterMember, Some(b'}')) => {
                    pos += 1;
                    Split::End
                }
                (Split::End, None) => Split::Done,
                _ => return Err(NotSplit),
            };
        }
        self.pos = pos;
        Ok(())
    }

    /// Once the text is split: the format, version, checksum, model and
    /// settings read and checked.
    fn open(&mut self) -> Result<(), NotSplit> {
        let member = |key: &str| {
            self.members
                .get(key)
                .map(|&(a, b)| &self.text[a..b])
                .ok_or(NotSplit)
        };
        let format: String = serde_json::from_str(member("format")?).map_err(|_| NotSplit)?;
        let version: u64 = serde_json::from_str(member("version")?).map_err(|_| NotSplit)?;
        let expected: String = serde_json::from_str(member("checksum")?).map_err(|_| NotSplit)?;
        let model: Value = serde_json::from_str(member("model")?).map_err(|_| NotSplit)?;
        let settings: Value = serde_json::from_str(member("settings")?).map_err(|_| NotSplit)?;
        if format != FORMAT || version > VERSION || self.has_rows != [true, true] {
            return Err(NotSplit);
        }
        self.hash = BackupWriter::hashing(&model);
        self.model = model;
        self.settings = settings;
        self.expected = Some(expected);
        self.contacts.reserve(self.raw_contacts.len());
        self.events.reserve(self.raw_events.len());
        Ok(())
    }

    /// A reader with nothing left to read, of a backup read whole (its
    /// checksum checked).
    fn done(&mut self, backup: Backup) {
        self.split = Split::Done;
        self.pos = self.text.len();
        self.raw_contacts = Vec::new();
        self.raw_events = Vec::new();
        self.model = backup.model;
        self.settings = backup.settings;
        self.expected = None;
        self.contacts = backup.contacts;
        self.events = backup.events;
    }

    /// Splits up to `rows` × 400 more bytes of the file, or, once it is
    /// split, reads up to `rows` more contacts or events; `true` once all
    /// are read.
    pub fn step(&mut self, rows: usize) -> Result<bool, BackupError> {
        if self.split != Split::Done {
            let split = self.split_some(rows.saturating_mul(400)).and_then(|()| {
                if self.split == Split::Done {
                    self.open()
                } else {
                    Ok(())
                }
            });
            if split.is_err() {
                return self.read_whole();
            }
            return Ok(false);
        }
        if self.expected.is_none() {
            // Read whole already: nothing is left to read.
            return Ok(true);
        }
        let c = self.contacts.len();
        if c < self.raw_contacts.len() {
            let end = c.saturating_add(rows).min(self.raw_contacts.len());
            for &(a, b) in &self.raw_contacts[c..end] {
                match serde_json::from_str::<Contact>(&self.text[a..b]) {
                    Ok(contact) => self.contacts.push(contact),
                    Err(_) => return self.read_whole(),
                }
            }
            self.hash.contacts(&self.contacts[c..end]);
            return Ok(false);
        }
        let e = self.events.len();
        if e < self.raw_events.len() {
            let end = e.saturating_add(rows).min(self.raw_events.len());
            for &(a, b) in &self.raw_events[e..end] {
                match serde_json::from_str::<Event>(&self.text[a..b]) {
                    Ok(event) => self.events.push(event),
                    Err(_) => return self.read_whole(),
                }
            }
            self.hash.events(&self.events[e..end]);
        }
        Ok(self.events.len() == self.raw_events.len())
    }

    /// Reads the file whole for [`read_backup`]'s exact answer, when a step
    /// finds something it does not follow (a member that is not an array, a
    /// row that does not read on its own): its refusal, or the backup, its
    /// checksum checked there. Either way nothing is left to step.
    fn read_whole(&mut self) -> Result<bool, BackupError> {
        let backup = read_backup(self.text)?;
        self.done(backup);
        Ok(true)
    }

    /// The share done: splitting the text counts for a third, reading the
    /// rows for the rest.
    pub fn progress(&self) -> f64 {
        let split = self.pos as f64 / self.text.len().max(1) as f64;
        if self.split != Split::Done {
            return split / 3.0;
        }
        let total = self.raw_contacts.len() + self.raw_events.len();
        let read = if total == 0 {
            1.0
        } else {
            (self.contacts.len() + self.events.len()) as f64 / total as f64
        };
        (1.0 + 2.0 * read) / 3.0
    }

    /// The backup, once every row is read and the checksum matches.
    pub fn finish(mut self) -> Result<Backup, BackupError> {
        while !self.step(usize::MAX)? {}
        if let Some(expected) = self.expected.take()
            && self.hash.checksum(&self.settings) != expected
        {
            return Err(BackupError::ChecksumMismatch);
        }
        Ok(Backup {
            model: self.model,
            contacts: self.contacts,
            events: self.events,
            settings: self.settings,
        })
    }
}

/// Reads a backup file's bytes (UTF-8, a byte-order mark allowed).
pub fn read_backup_bytes(bytes: &[u8]) -> Result<Backup, BackupError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| BackupError::NotJson {
        line: 1,
        column: e.valid_up_to() + 1,
        message: "the file is not UTF-8 text".into(),
    })?;
    read_backup(text)
}

/// Reads a backup written by [`write_backup`], checking its format, version and
/// checksum.
pub fn read_backup(text: &str) -> Result<Backup, BackupError> {
    let mut doc: Value = serde_json::from_str(text).map_err(|e| BackupError::NotJson {
        line: e.line(),
        column: e.column(),
        message: e
            .to_string()
            .split(" at line")
            .next()
            .unwrap_or_default()
            .to_owned(),
    })?;
    let Some(obj) = doc.as_object_mut() else {
        return Err(BackupError::Foreign);
    };
    if obj.get("format").and_then(Value::as_str) != Some(FORMAT) {
        return Err(BackupError::Foreign);
    }
    let version =
        obj.get("version")
            .and_then(Value::as_u64)
            .ok_or_else(|| BackupError::Corrupt {
                message: "its format version is missing".into(),
            })?;
    if version > VERSION {
        return Err(BackupError::NewerVersion { found: version });
    }
    let expected = obj
        .remove("checksum")
        .and_then(|v| v.as_str().map(str::to_owned))
        .ok_or_else(|| BackupError::Corrupt {
            message: "its checksum is missing".into(),
        })?;
    obj.remove("format");
    obj.remove("version");
    let backup: Backup = serde_json::from_value(doc).map_err(|e| BackupError::Corrupt {
        message: e.to_string(),
    })?;
    if checksum(&payload(&backup)) != expected {
        return Err(BackupError::ChecksumMismatch);
    }
    Ok(backup)
}
