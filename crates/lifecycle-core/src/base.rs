//! The columnar customer base: contacts with a dense `u32` index, and their
//! events grouped per contact and sorted by day, so that one pass over a
//! contact's slice computes everything the rules need.
//!
//! Each event takes exactly 24 bytes: day (`i32`), kind (`u8`), score (`u8`),
//! time of day (`u16` minutes), amount (`f64`), channel and note (interned
//! `u32`). A contact's events live in one contiguous slice of these columns;
//! adding events for a few contacts moves only their slices to the end and
//! compacts once half the columns are garbage.

use std::collections::HashMap as StdHashMap;
use std::hash::{BuildHasherDefault, Hasher};

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};
use thiserror::Error;

use crate::data::{BuiltinKind, Contact, Direction, Event, FieldValue};

/// A small, fast hasher for the base's string maps (FxHash with a final mix):
/// building a base looks up several strings per event.
#[derive(Debug, Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        const K: u64 = 0x51_7c_c1_b7_27_22_0a_95;
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            let word = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
            self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(K);
        }
        for &b in chunks.remainder() {
            self.0 = (self.0.rotate_left(5) ^ u64::from(b)).wrapping_mul(K);
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.0 = (self.0.rotate_left(5) ^ u64::from(i)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }

    fn finish(&self) -> u64 {
        // The multiply only carries low bits upwards; mix the high bits back
        // down so that the table's low index bits see the whole string.
        let x = self.0;
        (x ^ (x >> 31)).wrapping_mul(0xbf58_476d_1ce4_e5b9) ^ (x >> 29)
    }
}

type HashMap<K, V> = StdHashMap<K, V, BuildHasherDefault<FxHasher>>;

/// A calendar day as a number: days since 0001-01-01 (day 1), as chrono counts.
pub type Day = i32;

/// Converts a date to its day number.
pub fn day_of(date: NaiveDate) -> Day {
    date.num_days_from_ce()
}

/// Converts a day number back to a date (clamped to chrono's range).
pub fn date_of(day: Day) -> NaiveDate {
    NaiveDate::from_num_days_from_ce_opt(day).unwrap_or(if day < 0 {
        NaiveDate::MIN
    } else {
        NaiveDate::MAX
    })
}

/// The index of a contact in a [`Base`]: dense, from 0.
pub type ContactIdx = u32;

/// A kind's code: the built-in kinds first (their `BuiltinKind` number), then
/// custom kinds in the order they were first seen.
pub type KindCode = u8;

/// Problems with the input rows. Each names the offending row.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum BaseError {
    #[error("event #{row}: unknown contact id {id:?}")]
    UnknownContact { row: usize, id: String },
    #[error("contact #{row}: duplicate contact id {id:?}")]
    DuplicateContact { row: usize, id: String },
    #[error("contact #{row}: empty contact id")]
    EmptyContactId { row: usize },
    #[error("event #{row}: score {score} is out of range 0..=10")]
    ScoreOutOfRange { row: usize, score: u8 },
    #[error("event #{row}: amount {amount} is not a finite number")]
    BadAmount { row: usize, amount: f64 },
    #[error("event #{row}: empty kind")]
    EmptyKind { row: usize },
    #[error("event #{row}: too many distinct event kinds (at most 256), at {kind:?}")]
    TooManyKinds { row: usize, kind: String },
}

/// What to do with an event whose contact id is not in the base.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum UnknownContacts {
    /// Fail with [`BaseError::UnknownContact`].
    #[default]
    Reject,
    /// Create a contact with just that id.
    Create,
}

/// Append-only string interner; id 0 is the empty string.
#[derive(Debug, Clone)]
pub struct Interner {
    strings: Vec<String>,
    ids: HashMap<String, u32>,
}

impl Default for Interner {
    fn default() -> Self {
        let mut interner = Interner {
            strings: Vec::new(),
            ids: HashMap::default(),
        };
        interner.intern("");
        interner
    }
}

impl Interner {
    /// The id of `s`, adding it if new.
    pub fn intern(&mut self, s: &str) -> u32 {
        if let Some(&id) = self.ids.get(s) {
            return id;
        }
        let id = self.strings.len() as u32;
        self.strings.push(s.to_owned());
        self.ids.insert(s.to_owned(), id);
        id
    }

    /// The id of `s` if it was interned.
    pub fn get(&self, s: &str) -> Option<u32> {
        self.ids.get(s).copied()
    }

    /// The string of an id ("" for an unknown id).
    pub fn resolve(&self, id: u32) -> &str {
        self.strings.get(id as usize).map_or("", String::as_str)
    }
}

/// The event kinds of a base: built-ins first, then custom kinds.
#[derive(Debug, Clone)]
pub struct KindTable {
    names: Vec<String>,
    codes: HashMap<String, KindCode>,
}

impl Default for KindTable {
    fn default() -> Self {
        let mut table = KindTable {
            names: Vec::new(),
            codes: HashMap::default(),
        };
        for kind in BuiltinKind::ALL {
            table.codes.insert(kind.as_str().to_owned(), kind as u8);
            table.names.push(kind.as_str().to_owned());
        }
        table
    }
}

impl KindTable {
    /// The code of a kind name, if known.
    pub fn code(&self, name: &str) -> Option<KindCode> {
        self.codes.get(name).copied()
    }

    /// The name of a code.
    pub fn name(&self, code: KindCode) -> &str {
        self.names.get(code as usize).map_or("", String::as_str)
    }

    /// The built-in kind of a code, if it is one.
    pub fn builtin(&self, code: KindCode) -> Option<BuiltinKind> {
        BuiltinKind::ALL.get(code as usize).copied()
    }

    /// The number of kinds.
    pub fn len(&self) -> usize {
        self.names.len()
    }

    /// Never true: the built-ins are always there.
    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// Direction of a kind when no model says otherwise: built-ins have theirs,
    /// custom kinds are the client's.
    pub fn default_direction(&self, code: KindCode) -> Direction {
        self.builtin(code)
            .map_or(Direction::Client, BuiltinKind::direction)
    }

    fn add(&mut self, name: &str) -> Option<KindCode> {
        if let Some(code) = self.code(name) {
            return Some(code);
        }
        let code = u8::try_from(self.names.len()).ok()?;
        self.names.push(name.to_owned());
        self.codes.insert(name.to_owned(), code);
        Some(code)
    }
}

/// A contact's custom field value in compact form (strings interned).
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FieldCell {
    Missing,
    Text(u32),
    Number(f64),
    Bool(bool),
    Date(Day),
}

/// One custom field over all contacts.
#[derive(Debug, Clone)]
pub struct FieldColumn {
    pub name: String,
    pub cells: Vec<FieldCell>,
}

/// A score of "none" in the score column.
pub const NO_SCORE: u8 = u8::MAX;
/// A time of "none" in the time column.
pub const NO_TIME: u16 = u16::MAX;

/// One event in columnar storage, as read back.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EventRef {
    pub day: Day,
    pub kind: KindCode,
    pub score: Option<u8>,
    pub amount: Option<f64>,
}

/// The event columns. Index `i` in every vector is one event.
#[derive(Debug, Clone, Default)]
struct Columns {
    day: Vec<Day>,
    kind: Vec<KindCode>,
    score: Vec<u8>,
    time: Vec<u16>,
    amount: Vec<f64>,
    channel: Vec<u32>,
    note: Vec<u32>,
}

/// One event before it is placed: the sort key is every field, so the order of
/// the input never matters.
#[derive(Debug, Clone, Copy)]
struct Packed {
    day: Day,
    time: u16,
    kind: KindCode,
    score: u8,
    amount: f64,
    channel: u32,
    note: u32,
}

impl Packed {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        (self.day, self.time, self.kind, self.score)
            .cmp(&(other.day, other.time, other.kind, other.score))
            .then(self.amount.total_cmp(&other.amount))
            .then((self.channel, self.note).cmp(&(other.channel, other.note)))
    }
}

impl Columns {
    fn push(&mut self, e: &Packed) {
        self.day.push(e.day);
        self.kind.push(e.kind);
        self.score.push(e.score);
        self.time.push(e.time);
        self.amount.push(e.amount);
        self.channel.push(e.channel);
        self.note.push(e.note);
    }

    fn get(&self, i: usize) -> Packed {
        Packed {
            day: self.day[i],
            time: self.time[i],
            kind: self.kind[i],
            score: self.score[i],
            amount: self.amount[i],
            channel: self.channel[i],
            note: self.note[i],
        }
    }

    fn len(&self) -> usize {
        self.day.len()
    }
}

/// The customer base in columnar form.
#[derive(Debug, Clone, Default)]
pub struct Base {
    contacts: Vec<Contact>,
    index: HashMap<String, ContactIdx>,
    strings: Interner,
    kinds: KindTable,
    source: Vec<u32>,
    owner: Vec<u32>,
    tags: Vec<Vec<u32>>,
    fields: Vec<FieldColumn>,
    field_index: HashMap<String, usize>,
    start: Vec<u32>,
    len: Vec<u32>,
    cols: Columns,
    garbage: usize,
}

/// A contact's events, sorted by day (then time, kind and the rest).
#[derive(Debug, Clone, Copy)]
pub struct Events<'a> {
    pub day: &'a [Day],
    pub kind: &'a [KindCode],
    pub score: &'a [u8],
    pub amount: &'a [f64],
}

impl Events<'_> {
    /// Number of events.
    pub fn len(&self) -> usize {
        self.day.len()
    }

    /// No events.
    pub fn is_empty(&self) -> bool {
        self.day.is_empty()
    }

    /// The number of events on or before `day`.
    pub fn count_until(&self, day: Day) -> usize {
        self.day.partition_point(|&d| d <= day)
    }

    /// The `i`-th event.
    pub fn get(&self, i: usize) -> EventRef {
        EventRef {
            day: self.day[i],
            kind: self.kind[i],
            score: (self.score[i] != NO_SCORE).then_some(self.score[i]),
            amount: (!self.amount[i].is_nan()).then_some(self.amount[i]),
        }
    }
}

impl Base {
    /// Builds a base; an event naming an unknown contact is an error.
    pub fn new(contacts: Vec<Contact>, events: Vec<Event>) -> Result<Base, BaseError> {
        Base::build(contacts, events, UnknownContacts::Reject)
    }

    /// Builds a base, choosing what to do with unknown contact ids in events.
    pub fn build(
        contacts: Vec<Contact>,
        events: Vec<Event>,
        unknown: UnknownContacts,
    ) -> Result<Base, BaseError> {
        let mut base = Base::default();
        for (row, contact) in contacts.into_iter().enumerate() {
            if contact.id.is_empty() {
                return Err(BaseError::EmptyContactId { row });
            }
            if base.index.contains_key(&contact.id) {
                return Err(BaseError::DuplicateContact {
                    row,
                    id: contact.id,
                });
            }
            base.push_contact(contact);
        }
        base.add_events(events, unknown)?;
        Ok(base)
    }

    fn push_contact(&mut self, contact: Contact) -> ContactIdx {
        let idx = self.contacts.len() as ContactIdx;
        self.index.insert(contact.id.clone(), idx);
        self.source.push(self.strings.intern(&contact.source));
        self.owner.push(self.strings.intern(&contact.owner));
        let tags = contact
            .tags
            .iter()
            .map(|t| self.strings.intern(t))
            .collect();
        self.tags.push(tags);
        for column in &mut self.fields {
            column.cells.push(FieldCell::Missing);
        }
        for (name, value) in &contact.fields {
            let cell = match value {
                FieldValue::Text(s) => FieldCell::Text(self.strings.intern(s)),
                FieldValue::Number(n) => FieldCell::Number(*n),
                FieldValue::Bool(b) => FieldCell::Bool(*b),
                FieldValue::Date(d) => FieldCell::Date(day_of(*d)),
            };
            let column = match self.field_index.get(name) {
                Some(&c) => c,
                None => {
                    self.field_index.insert(name.clone(), self.fields.len());
                    self.fields.push(FieldColumn {
                        name: name.clone(),
                        cells: vec![FieldCell::Missing; idx as usize + 1],
                    });
                    self.fields.len() - 1
                }
            };
            self.fields[column].cells[idx as usize] = cell;
        }
        self.start.push(self.cols.len() as u32);
        self.len.push(0);
        self.contacts.push(contact);
        idx
    }

    /// Adds events and returns the indices of the contacts they touched,
    /// sorted and without repeats. Only those contacts need re-evaluation.
    /// On error nothing is added.
    pub fn add_events(
        &mut self,
        events: Vec<Event>,
        unknown: UnknownContacts,
    ) -> Result<Vec<ContactIdx>, BaseError> {
        // Validate everything first, so an error leaves the base unchanged.
        let mut new_kinds = self.kinds.clone();
        for (row, e) in events.iter().enumerate() {
            if unknown == UnknownContacts::Reject && !self.index.contains_key(&e.contact) {
                return Err(BaseError::UnknownContact {
                    row,
                    id: e.contact.clone(),
                });
            }
            if e.contact.is_empty() {
                return Err(BaseError::EmptyContactId { row });
            }
            if let Some(score) = e.score
                && score > 10
            {
                return Err(BaseError::ScoreOutOfRange { row, score });
            }
            if let Some(amount) = e.amount
                && !amount.is_finite()
            {
                return Err(BaseError::BadAmount { row, amount });
            }
            if e.kind.is_empty() {
                return Err(BaseError::EmptyKind { row });
            }
            if new_kinds.add(&e.kind).is_none() {
                return Err(BaseError::TooManyKinds {
                    row,
                    kind: e.kind.clone(),
                });
            }
        }
        self.kinds = new_kinds;
        let mut packed: Vec<(ContactIdx, Packed)> = Vec::with_capacity(events.len());
        for e in events {
            let idx = match self.index.get(&e.contact) {
                Some(&idx) => idx,
                None => self.push_contact(Contact {
                    id: e.contact.clone(),
                    ..Contact::default()
                }),
            };
            packed.push((
                idx,
                Packed {
                    day: day_of(e.date),
                    time: e
                        .time
                        .map_or(NO_TIME, |t: NaiveTime| (t.hour() * 60 + t.minute()) as u16),
                    kind: self.kinds.code(&e.kind).unwrap_or(0),
                    score: e.score.unwrap_or(NO_SCORE),
                    amount: e.amount.unwrap_or(f64::NAN),
                    channel: self.strings.intern(e.channel.as_deref().unwrap_or("")),
                    note: self.strings.intern(e.note.as_deref().unwrap_or("")),
                },
            ));
        }
        packed.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(a.1.cmp(&b.1)));
        let bulk = self.cols.len() == 0;
        let mut touched = Vec::new();
        let mut list = Vec::new();
        for run in packed.chunk_by(|a, b| a.0 == b.0) {
            let idx = run[0].0;
            touched.push(idx);
            let (start, len) = (
                self.start[idx as usize] as usize,
                self.len[idx as usize] as usize,
            );
            list.clear();
            list.extend(run.iter().map(|(_, p)| *p));
            if len > 0 {
                list.extend((start..start + len).map(|i| self.cols.get(i)));
                list.sort_by(Packed::cmp);
            }
            self.garbage += len;
            self.start[idx as usize] = self.cols.len() as u32;
            self.len[idx as usize] = list.len() as u32;
            for e in &list {
                self.cols.push(e);
            }
        }
        if !bulk && self.garbage * 2 > self.cols.len() {
            self.compact();
        }
        Ok(touched)
    }

    fn compact(&mut self) {
        let mut cols = Columns::default();
        for idx in 0..self.contacts.len() {
            let (start, len) = (self.start[idx] as usize, self.len[idx] as usize);
            self.start[idx] = cols.len() as u32;
            for i in start..start + len {
                cols.push(&self.cols.get(i));
            }
        }
        self.cols = cols;
        self.garbage = 0;
    }

    /// Number of contacts.
    pub fn len(&self) -> usize {
        self.contacts.len()
    }

    /// No contacts.
    pub fn is_empty(&self) -> bool {
        self.contacts.is_empty()
    }

    /// Number of events.
    pub fn event_count(&self) -> usize {
        self.len.iter().map(|&l| l as usize).sum()
    }

    /// Bytes the event columns take per event (without garbage).
    pub const BYTES_PER_EVENT: usize = 4 + 1 + 1 + 2 + 8 + 4 + 4;

    /// The index of a contact id.
    pub fn index_of(&self, id: &str) -> Option<ContactIdx> {
        self.index.get(id).copied()
    }

    /// A contact's row. Panics for an index out of range (indices come from
    /// [`Base::index_of`] or `0..len()`).
    pub fn contact(&self, idx: ContactIdx) -> &Contact {
        &self.contacts[idx as usize]
    }

    /// All contact rows, in index order.
    pub fn contacts(&self) -> &[Contact] {
        &self.contacts
    }

    /// A contact's events, sorted. Panics for an index out of range.
    pub fn events(&self, idx: ContactIdx) -> Events<'_> {
        let start = self.start[idx as usize] as usize;
        let end = start + self.len[idx as usize] as usize;
        Events {
            day: &self.cols.day[start..end],
            kind: &self.cols.kind[start..end],
            score: &self.cols.score[start..end],
            amount: &self.cols.amount[start..end],
        }
    }

    /// A contact's events as rows again (for display and export). Panics for
    /// an index out of range.
    pub fn event_rows(&self, idx: ContactIdx) -> Vec<Event> {
        let start = self.start[idx as usize] as usize;
        let end = start + self.len[idx as usize] as usize;
        (start..end)
            .map(|i| {
                let e = self.cols.get(i);
                let text = |id: u32| {
                    let s = self.strings.resolve(id);
                    (!s.is_empty()).then(|| s.to_owned())
                };
                Event {
                    contact: self.contacts[idx as usize].id.clone(),
                    date: date_of(e.day),
                    time: (e.time != NO_TIME).then(|| {
                        NaiveTime::from_hms_opt(u32::from(e.time) / 60, u32::from(e.time) % 60, 0)
                            .unwrap_or_default()
                    }),
                    kind: self.kinds.name(e.kind).to_owned(),
                    amount: (!e.amount.is_nan()).then_some(e.amount),
                    score: (e.score != NO_SCORE).then_some(e.score),
                    channel: text(e.channel),
                    note: text(e.note),
                }
            })
            .collect()
    }

    /// The kinds seen in this base.
    pub fn kinds(&self) -> &KindTable {
        &self.kinds
    }

    /// The string table.
    pub fn strings(&self) -> &Interner {
        &self.strings
    }

    /// Interned source of a contact.
    pub fn source_id(&self, idx: ContactIdx) -> u32 {
        self.source[idx as usize]
    }

    /// Interned owner of a contact.
    pub fn owner_id(&self, idx: ContactIdx) -> u32 {
        self.owner[idx as usize]
    }

    /// Interned tags of a contact.
    pub fn tag_ids(&self, idx: ContactIdx) -> &[u32] {
        &self.tags[idx as usize]
    }

    /// The custom field columns.
    pub fn fields(&self) -> &[FieldColumn] {
        &self.fields
    }

    /// The column number of a custom field.
    pub fn field_index(&self, name: &str) -> Option<usize> {
        self.field_index.get(name).copied()
    }

    /// The earliest and latest event day in the base.
    pub fn day_range(&self) -> Option<(Day, Day)> {
        let mut range: Option<(Day, Day)> = None;
        for idx in 0..self.len() as ContactIdx {
            let ev = self.events(idx);
            if let (Some(&first), Some(&last)) = (ev.day.first(), ev.day.last()) {
                range = Some(match range {
                    None => (first, last),
                    Some((lo, hi)) => (lo.min(first), hi.max(last)),
                });
            }
        }
        range
    }
}
