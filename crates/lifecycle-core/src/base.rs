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

use crate::columns::{ColumnsError, EventColumns, NO_STRING};
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

/// The contacts' ids, for lookups by id: an open-addressing table of contact
/// indices keyed by the ids' hashes, that compares with the contacts' own ids
/// instead of keeping a second copy of each (a load of 100,000 contacts
/// allocated and hashed 100,000 copies). At most half full.
#[derive(Debug, Clone, Default)]
struct IdIndex {
    /// Per slot: the contact's index plus one (0: an empty slot) and the low
    /// 32 bits of its id's hash (compared first, and used to grow the table
    /// without hashing the ids again).
    slots: Vec<(u32, u32)>,
    len: usize,
}

impl IdIndex {
    fn hash(id: &str) -> u32 {
        let mut h = FxHasher::default();
        h.write(id.as_bytes());
        h.finish() as u32
    }

    /// The contact with `id`, or the empty slot where it would go.
    fn find(&self, id: &str, hash: u32, contacts: &[Contact]) -> Result<ContactIdx, usize> {
        let mask = self.slots.len() - 1;
        let mut slot = hash as usize & mask;
        loop {
            match self.slots[slot] {
                (0, _) => return Err(slot),
                (idx, h) if h == hash && contacts[idx as usize - 1].id == id => return Ok(idx - 1),
                _ => slot = (slot + 1) & mask,
            }
        }
    }

    fn get(&self, id: &str, contacts: &[Contact]) -> Option<ContactIdx> {
        if self.len == 0 {
            return None;
        }
        self.find(id, Self::hash(id), contacts).ok()
    }

    /// Makes room for `additional` more ids.
    fn reserve(&mut self, additional: usize) {
        let want = (self.len + additional)
            .saturating_mul(2)
            .next_power_of_two()
            .max(16);
        if want <= self.slots.len() {
            return;
        }
        let old = std::mem::replace(&mut self.slots, vec![(0, 0); want]);
        let mask = want - 1;
        for (idx, hash) in old.into_iter().filter(|&(idx, _)| idx != 0) {
            let mut slot = hash as usize & mask;
            while self.slots[slot].0 != 0 {
                slot = (slot + 1) & mask;
            }
            self.slots[slot] = (idx, hash);
        }
    }

    /// Adds `id` as the id of contact `idx` (the next one: `contacts` need
    /// not hold it yet), unless one of `contacts` has it: then that one's
    /// index.
    fn insert(
        &mut self,
        id: &str,
        idx: ContactIdx,
        contacts: &[Contact],
    ) -> Result<(), ContactIdx> {
        self.reserve(1);
        let hash = Self::hash(id);
        match self.find(id, hash, contacts) {
            Ok(existing) => return Err(existing),
            Err(slot) => self.slots[slot] = (idx + 1, hash),
        }
        self.len += 1;
        Ok(())
    }
}

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

/// Reads a date written `YYYY-MM-DD` (the month and the day may have one digit),
/// as `NaiveDate::parse_from_str(text, "%Y-%m-%d")` reads it for four-digit
/// years, without chrono's format machinery (it is a large part of the wasm).
pub fn parse_date(text: &str) -> Option<NaiveDate> {
    fn number(part: &str, min: usize, max: usize) -> Option<u32> {
        let ok = (min..=max).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit());
        ok.then(|| part.bytes().fold(0, |n, b| n * 10 + u32::from(b - b'0')))
    }
    let mut parts = text.split('-');
    let year = number(parts.next()?, 4, 4)?;
    let month = number(parts.next()?, 1, 2)?;
    let day = number(parts.next()?, 1, 2)?;
    if parts.next().is_some() {
        return None;
    }
    NaiveDate::from_ymd_opt(year as i32, month, day)
}

/// The index of a contact in a [`Base`]: dense, from 0.
pub type ContactIdx = u32;

/// A kind's code: the built-in kinds first (their `BuiltinKind` number), then
/// custom kinds in the order they were first seen.
pub type KindCode = u8;

/// Problems with the input rows. Each names the offending row.
#[derive(Debug, Clone, PartialEq, Error)]
pub enum BaseError {
    /// An event names a contact the base does not have.
    #[error("event #{row}: unknown contact id {id:?}")]
    UnknownContact {
        /// The event's row.
        row: usize,
        /// The id it names.
        id: String,
    },
    /// Two contacts have the same id.
    #[error("contact #{row}: duplicate contact id {id:?}")]
    DuplicateContact {
        /// The second contact's row.
        row: usize,
        /// The id.
        id: String,
    },
    /// A contact (or an event) with an empty contact id.
    #[error("contact #{row}: empty contact id")]
    EmptyContactId {
        /// The row.
        row: usize,
    },
    /// A score above 10.
    #[error("event #{row}: score {score} is out of range 0..=10")]
    ScoreOutOfRange {
        /// The event's row.
        row: usize,
        /// The score.
        score: u8,
    },
    /// An amount that is infinite or NaN.
    #[error("event #{row}: amount {amount} is not a finite number")]
    BadAmount {
        /// The event's row.
        row: usize,
        /// The amount.
        amount: f64,
    },
    /// An event with an empty kind.
    #[error("event #{row}: empty kind")]
    EmptyKind {
        /// The event's row.
        row: usize,
    },
    /// More than 256 kinds, built-ins included.
    #[error("event #{row}: too many distinct event kinds (at most 256), at {kind:?}")]
    TooManyKinds {
        /// The row of the first event of a kind that does not fit.
        row: usize,
        /// That kind.
        kind: String,
    },
    /// Event columns that do not fit together (see [`EventColumns::validate`]):
    /// the message names the column and, where there is one, the event.
    #[error("event columns: {0}")]
    Columns(#[from] ColumnsError),
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
    /// The contact has no value for this field.
    Missing,
    /// Text, as an id in the base's string table.
    Text(u32),
    /// A number.
    Number(f64),
    /// True or false.
    Bool(bool),
    /// A date, as a day number.
    Date(Day),
}

/// One custom field over all contacts.
#[derive(Debug, Clone)]
pub struct FieldColumn {
    /// The field's name, as in [`Contact::fields`].
    pub name: String,
    /// One cell per contact, by contact index.
    pub cells: Vec<FieldCell>,
}

/// A score of "none" in the score column.
pub const NO_SCORE: u8 = u8::MAX;
/// A time of "none" in the time column.
pub const NO_TIME: u16 = u16::MAX;

/// One event in columnar storage, as read back.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EventRef {
    /// Day number (see [`day_of`]).
    pub day: Day,
    /// Kind code, in the base's [`KindTable`].
    pub kind: KindCode,
    /// NPS or rating, if any.
    pub score: Option<u8>,
    /// Deal value, if any.
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

    fn set(&mut self, i: usize, e: &Packed) {
        self.day[i] = e.day;
        self.kind[i] = e.kind;
        self.score[i] = e.score;
        self.time[i] = e.time;
        self.amount[i] = e.amount;
        self.channel[i] = e.channel;
        self.note[i] = e.note;
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
    index: IdIndex,
    strings: Interner,
    kinds: KindTable,
    source: Vec<u32>,
    owner: Vec<u32>,
    /// Every contact's interned tags, one after another; `tag_end[i]` is
    /// where contact `i`'s end.
    tags: Vec<u32>,
    tag_end: Vec<u32>,
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
    /// Day numbers, ascending.
    pub day: &'a [Day],
    /// Kind codes.
    pub kind: &'a [KindCode],
    /// Scores, or [`NO_SCORE`].
    pub score: &'a [u8],
    /// Amounts, or NaN for none.
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
        let n = contacts.len();
        base.push_contacts(contacts, n)?;
        base.add_events(events, unknown)?;
        Ok(base)
    }

    /// Adds contacts after those already there (before any event), checking
    /// their ids; a row in an error counts from the first contact. `expected`
    /// is how many contacts the base will hold, to size new columns once.
    fn push_contacts(&mut self, contacts: Vec<Contact>, expected: usize) -> Result<(), BaseError> {
        let n = contacts.len();
        let first_row = self.contacts.len();
        self.contacts.reserve(n);
        self.index.reserve(n);
        self.source.reserve(n);
        self.owner.reserve(n);
        self.tag_end.reserve(n);
        self.start.reserve(n);
        self.len.reserve(n);
        for (i, contact) in contacts.into_iter().enumerate() {
            let row = first_row + i;
            if contact.id.is_empty() {
                return Err(BaseError::EmptyContactId { row });
            }
            let idx = self.contacts.len() as ContactIdx;
            if self.index.insert(&contact.id, idx, &self.contacts).is_err() {
                return Err(BaseError::DuplicateContact {
                    row,
                    id: contact.id,
                });
            }
            self.push_indexed(contact, expected, None);
        }
        Ok(())
    }

    /// Builds a base from event columns (a stored base, or typed arrays from
    /// JS): `events.contact` indexes `contacts`. The fast path: no string
    /// per event and no hash lookup per event, only per distinct kind and
    /// string. Gives the same base as [`Base::new`] given the same events as
    /// rows; [`Base::to_columns`] is its inverse.
    ///
    /// Errors name the event (and column): first whatever
    /// [`EventColumns::validate`] finds, then the checks [`Base::new`] makes.
    pub fn from_columns(contacts: Vec<Contact>, events: EventColumns) -> Result<Base, BaseError> {
        events.validate(contacts.len())?;
        let mut base = Base::default();
        let count = contacts.len();
        base.push_contacts(contacts, count)?;
        base.with_event_columns(events)
    }

    /// The base with `events` (validated against its contacts) sorted in.
    fn with_event_columns(mut self, events: EventColumns) -> Result<Base, BaseError> {
        self.place_event_columns(events)?;
        self.order_events(0..self.contacts.len());
        Ok(self)
    }

    /// Puts `events` (validated against the contacts) in the base, each in
    /// its contact's range; [`Base::order_events`] then orders each range.
    fn place_event_columns(&mut self, mut events: EventColumns) -> Result<(), BaseError> {
        let base = self;
        let n = events.len();
        let contact_count = base.contacts.len();
        // One pass over the small columns: events per contact, and which
        // kinds and strings are used. Only those enter the base, in table
        // order, so codes and ids keep the relative order `Base::new` gives
        // (it sorts ties by them).
        let mut start = vec![0u32; contact_count + 1];
        let mut kind_used = [false; 256];
        let mut string_used = vec![false; events.strings.len()];
        // Whether the events are already grouped by contact, in contact order
        // (a stored base: `Base::to_columns` writes them so).
        let mut grouped = true;
        let mut previous = 0;
        for i in 0..n {
            let contact = events.contact[i];
            grouped &= previous <= contact;
            previous = contact;
            start[contact as usize + 1] += 1;
            kind_used[usize::from(events.kind[i])] = true;
            for id in [events.channel[i], events.note[i]] {
                if id != NO_STRING {
                    string_used[id as usize] = true;
                }
            }
        }
        const EMPTY_KIND: u16 = 256;
        const NO_CODE: u16 = 257;
        let kind_map: Vec<u16> = events
            .kinds
            .iter()
            .zip(kind_used)
            .map(|(name, used)| match (used, name.is_empty()) {
                (false, _) => NO_CODE,
                (true, true) => EMPTY_KIND,
                (true, false) => base.kinds.add(name).map_or(NO_CODE, u16::from),
            })
            .collect();
        let string_map: Vec<u32> = events
            .strings
            .iter()
            .zip(&string_used)
            .map(|(s, &used)| if used { base.strings.intern(s) } else { 0 })
            .collect();
        for c in 0..contact_count {
            start[c + 1] += start[c];
        }
        // Event `row`'s checks, given its kind as stored and as mapped.
        let check = |row: usize, stored: u8, kind: u16, score: u8, amount: f64| {
            if kind > u16::from(u8::MAX) {
                let name = events.kinds[usize::from(stored)].clone();
                return Err(if kind == EMPTY_KIND {
                    BaseError::EmptyKind { row }
                } else {
                    BaseError::TooManyKinds { row, kind: name }
                });
            }
            if score != NO_SCORE && score > 10 {
                return Err(BaseError::ScoreOutOfRange { row, score });
            }
            if amount.is_infinite() {
                return Err(BaseError::BadAmount { row, amount });
            }
            Ok(())
        };
        let string = |id: u32| {
            if id == NO_STRING {
                0
            } else {
                string_map[id as usize]
            }
        };
        if grouped {
            // Each event is in its place already: check and translate the
            // columns where they are, with no second copy of them. (On an
            // error the columns are let go half translated.)
            let mut kind = std::mem::take(&mut events.kind);
            let mut amount = std::mem::take(&mut events.amount);
            let rows = kind.iter_mut().zip(&events.score).zip(amount.iter_mut());
            for (row, ((k, &score), a)) in rows.enumerate() {
                let code = kind_map[usize::from(*k)];
                if code > u16::from(u8::MAX) || score > 10 && score != NO_SCORE || a.is_infinite() {
                    // The checks, in their order, for the error.
                    check(row, *k, code, score, *a)?;
                }
                *k = code as KindCode;
                // One NaN for "no amount": the sort compares the bits.
                if a.is_nan() {
                    *a = f64::NAN;
                }
            }
            let EventColumns {
                day,
                time,
                score,
                mut channel,
                mut note,
                ..
            } = events;
            for id in channel.iter_mut().chain(note.iter_mut()) {
                *id = string(*id);
            }
            base.cols = Columns {
                day,
                kind,
                score,
                time,
                amount,
                channel,
                note,
            };
            for c in 0..contact_count {
                base.start[c] = start[c];
                base.len[c] = start[c + 1] - start[c];
            }
            return Ok(());
        }
        // Counting sort by contact: each event goes straight to its place.
        let mut cols = Columns {
            day: vec![0; n],
            kind: vec![0; n],
            score: vec![0; n],
            time: vec![0; n],
            amount: vec![0.0; n],
            channel: vec![0; n],
            note: vec![0; n],
        };
        let mut next = start[..contact_count].to_vec();
        for i in 0..n {
            let kind = kind_map[usize::from(events.kind[i])];
            let (score, amount) = (events.score[i], events.amount[i]);
            check(i, events.kind[i], kind, score, amount)?;
            let slot = &mut next[events.contact[i] as usize];
            let p = *slot as usize;
            *slot += 1;
            cols.day[p] = events.day[i];
            cols.kind[p] = kind as KindCode;
            cols.score[p] = score;
            cols.time[p] = events.time[i];
            // One NaN for "no amount": the sort compares the bits.
            cols.amount[p] = if amount.is_nan() { f64::NAN } else { amount };
            cols.channel[p] = string(events.channel[i]);
            cols.note[p] = string(events.note[i]);
        }
        drop(events);
        for c in 0..contact_count {
            base.start[c] = start[c];
            base.len[c] = start[c + 1] - start[c];
        }
        base.cols = cols;
        Ok(())
    }

    /// Orders the events of each contact in `contacts` (placed by
    /// [`Base::place_event_columns`]).
    fn order_events(&mut self, contacts: std::ops::Range<usize>) {
        let mut list = Vec::new();
        let cols = &mut self.cols;
        for c in contacts {
            let lo = self.start[c] as usize;
            let hi = lo + self.len[c] as usize;
            // Stored bases come back sorted: only check (most neighbours
            // differ in their day).
            let sorted = (lo + 1..hi).all(|i| {
                let (a, b) = (cols.day[i - 1], cols.day[i]);
                a < b || (a == b && cols.get(i - 1).cmp(&cols.get(i)).is_le())
            });
            if !sorted {
                list.clear();
                list.extend((lo..hi).map(|i| cols.get(i)));
                // The stable sort, as in `add_events`: one copy of the sort in
                // the wasm for both (equal events are identical, so the order is
                // the same as an unstable sort's).
                list.sort_by(Packed::cmp);
                for (i, e) in (lo..hi).zip(&list) {
                    cols.set(i, e);
                }
            }
        }
    }

    /// The events as columns, in the base's order (by contact index, then
    /// as [`Base::events`] sorts them), with the base's kind table and
    /// string table. [`Base::from_columns`] with the same contacts gives
    /// this base back.
    pub fn to_columns(&self) -> EventColumns {
        let mut out = self.columns_begin(self.event_count());
        self.push_columns(0..self.contacts.len(), &mut out);
        out
    }

    /// [`Base::to_columns`] in parts: empty columns with the base's kind and
    /// string tables, room made for `capacity` events. [`Base::push_columns`]
    /// then adds the events of a range of contacts at a time, so that a
    /// browser can repaint between ranges.
    ///
    /// ```
    /// use lifecycle_core::demo::{generate, DemoConfig};
    /// use lifecycle_core::Base;
    ///
    /// let config = DemoConfig { contacts: 50, seed: 1, as_of: "2025-10-01".parse().unwrap() };
    /// let (contacts, events) = generate(&config);
    /// let base = Base::new(contacts, events).unwrap();
    /// let mut columns = base.columns_begin(0);
    /// base.push_columns(0..20, &mut columns);
    /// base.push_columns(20..50, &mut columns);
    /// // (Debug, as an amount of NaN, no amount, is unequal to itself.)
    /// assert_eq!(format!("{columns:?}"), format!("{:?}", base.to_columns()));
    /// ```
    pub fn columns_begin(&self, capacity: usize) -> EventColumns {
        let n = capacity;
        EventColumns {
            contact: Vec::with_capacity(n),
            day: Vec::with_capacity(n),
            time: Vec::with_capacity(n),
            kind: Vec::with_capacity(n),
            score: Vec::with_capacity(n),
            amount: Vec::with_capacity(n),
            channel: Vec::with_capacity(n),
            note: Vec::with_capacity(n),
            kinds: self.kinds.names.clone(),
            strings: self.strings.strings.clone(),
        }
    }

    /// Appends the events of the contacts in `contacts` (indices into this
    /// base, clamped to it) to `out`, which [`Base::columns_begin`] made.
    pub fn push_columns(&self, contacts: std::ops::Range<usize>, out: &mut EventColumns) {
        let string = |id: u32| if id == 0 { NO_STRING } else { id };
        let end = contacts.end.min(self.contacts.len());
        for c in contacts.start.min(end)..end {
            let (start, len) = (self.start[c] as usize, self.len[c] as usize);
            let r = start..start + len;
            out.contact.extend(std::iter::repeat_n(c as u32, len));
            out.day.extend_from_slice(&self.cols.day[r.clone()]);
            out.time.extend_from_slice(&self.cols.time[r.clone()]);
            out.kind.extend_from_slice(&self.cols.kind[r.clone()]);
            out.score.extend_from_slice(&self.cols.score[r.clone()]);
            out.amount.extend_from_slice(&self.cols.amount[r.clone()]);
            out.channel
                .extend(self.cols.channel[r.clone()].iter().map(|&id| string(id)));
            out.note
                .extend(self.cols.note[r].iter().map(|&id| string(id)));
        }
    }

    /// Adds a contact with an id the base does not have.
    fn push_contact(&mut self, contact: Contact) -> ContactIdx {
        let idx = self.contacts.len() as ContactIdx;
        let _ = self.index.insert(&contact.id, idx, &self.contacts);
        self.push_indexed(contact, 0, None)
    }

    /// Pushes a contact already in the index; `expected` is how many
    /// contacts are coming, to size new field columns.
    /// `known`, if given, holds the ids of the contact's strings (see
    /// [`ContactStrings`]); each is checked against its string.
    fn push_indexed(
        &mut self,
        contact: Contact,
        expected: usize,
        known: Option<&ContactStrings<'_>>,
    ) -> ContactIdx {
        let strings = &mut self.strings;
        let mut id_of = |id: Option<u32>, s: &str| match id {
            Some(id) if strings.resolve(id) == s => id,
            _ => strings.intern(s),
        };
        let idx = self.contacts.len() as ContactIdx;
        self.source
            .push(id_of(known.map(|k| k.source), &contact.source));
        self.owner
            .push(id_of(known.map(|k| k.owner), &contact.owner));
        for (i, t) in contact.tags.iter().enumerate() {
            let id = id_of(known.and_then(|k| k.tags.get(i).copied()), t);
            self.tags.push(id);
        }
        self.tag_end.push(self.tags.len() as u32);
        for column in &mut self.fields {
            column.cells.push(FieldCell::Missing);
        }
        for (pos, (name, value)) in contact.fields.iter().enumerate() {
            let cell = match value {
                FieldValue::Text(s) => {
                    FieldCell::Text(id_of(known.and_then(|k| k.fields.get(pos).copied()), s))
                }
                FieldValue::Number(n) => FieldCell::Number(*n),
                FieldValue::Bool(b) => FieldCell::Bool(*b),
                FieldValue::Date(d) => FieldCell::Date(day_of(*d)),
            };
            // Contacts mostly have the same fields: the column of the same
            // position is a good guess, cheaper than a hash lookup.
            let guess = self.fields.get(pos).is_some_and(|f| f.name == *name);
            let column = match guess
                .then_some(pos)
                .or_else(|| self.field_index.get(name).copied())
            {
                Some(c) => c,
                None => {
                    self.field_index.insert(name.clone(), self.fields.len());
                    let mut cells = Vec::with_capacity(expected.max(idx as usize + 1));
                    cells.resize(idx as usize + 1, FieldCell::Missing);
                    self.fields.push(FieldColumn {
                        name: name.clone(),
                        cells,
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
            if unknown == UnknownContacts::Reject && self.index_of(&e.contact).is_none() {
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
            let idx = match self.index_of(&e.contact) {
                Some(idx) => idx,
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
        self.index.get(id, &self.contacts)
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
        let end = self.tag_end[idx as usize] as usize;
        let start = match idx {
            0 => 0,
            _ => self.tag_end[idx as usize - 1] as usize,
        };
        &self.tags[start..end]
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

/// The ids in a base's string table ([`BaseBuilder::intern`]) of a
/// contact's strings that repeat from contact to contact, for
/// [`BaseBuilder::push_contact`].
#[derive(Debug, Clone, Copy)]
pub struct ContactStrings<'a> {
    /// The id of the contact's source.
    pub source: u32,
    /// The id of its owner.
    pub owner: u32,
    /// The ids of its tags, in their order.
    pub tags: &'a [u32],
    /// One per entry of its fields, in their order: the id of a text
    /// value (anything for a value of another type).
    pub fields: &'a [u32],
}

/// [`Base::from_columns`] in steps, for a browser that repaints between them:
/// the contacts a slice at a time, then the events at once (the cheaper part).
/// Gives the same base.
///
/// ```
/// use lifecycle_core::base::BaseBuilder;
/// use lifecycle_core::columns::EventColumns;
/// use lifecycle_core::demo::{generate, DemoConfig};
///
/// let config = DemoConfig { contacts: 50, seed: 1, as_of: "2025-10-01".parse().unwrap() };
/// let (contacts, events) = generate(&config);
/// let columns = EventColumns::from_events(&contacts, &events).unwrap();
/// let mut builder = BaseBuilder::new(contacts.len());
/// for slice in contacts.chunks(20) {
///     builder.push_contacts(slice.to_vec()).unwrap();
/// }
/// let base = builder.finish(columns).unwrap();
/// assert_eq!(base.len(), 50);
/// ```
#[derive(Debug, Default)]
pub struct BaseBuilder {
    base: Base,
    expected: usize,
}

impl BaseBuilder {
    /// A builder for a base of about `expected` contacts (a capacity hint).
    pub fn new(expected: usize) -> BaseBuilder {
        BaseBuilder {
            base: Base::default(),
            expected,
        }
    }

    /// Adds contacts after those added before. A row in an error counts from
    /// the first contact ever added, as in [`Base::from_columns`].
    pub fn push_contacts(&mut self, contacts: Vec<Contact>) -> Result<(), BaseError> {
        let expected = self.expected.max(self.base.contacts.len() + contacts.len());
        self.base.push_contacts(contacts, expected)
    }

    /// Makes room for `additional` more contacts.
    pub fn reserve(&mut self, additional: usize) {
        let base = &mut self.base;
        self.expected = self.expected.max(base.contacts.len() + additional);
        base.contacts.reserve(additional);
        base.index.reserve(additional);
        base.source.reserve(additional);
        base.owner.reserve(additional);
        base.tag_end.reserve(additional);
        base.start.reserve(additional);
        base.len.reserve(additional);
    }

    /// The id of `s` in the base's string table, adding it if new: for
    /// [`BaseBuilder::push_contact`].
    pub fn intern(&mut self, s: &str) -> u32 {
        self.base.strings.intern(s)
    }

    /// Adds one contact after those added before, with the ids of its
    /// strings already known ([`ContactStrings`]): a stored base's records
    /// hold them once per record, so its load looks up each string once,
    /// not once per contact. The same base as [`BaseBuilder::push_contacts`]
    /// gives, as long as the ids were taken with [`BaseBuilder::intern`] in
    /// the order these strings come (the contacts' order, and in each the
    /// source, the owner, the tags, then the text fields); an id that is not
    /// its string's is looked up again.
    ///
    /// ```
    /// use lifecycle_core::base::{BaseBuilder, ContactStrings};
    /// use lifecycle_core::columns::EventColumns;
    /// use lifecycle_core::Contact;
    ///
    /// let contact = Contact { id: "c1".into(), source: "ads".into(), ..Contact::default() };
    /// let mut builder = BaseBuilder::new(1);
    /// let ads = builder.intern("ads");
    /// let empty = builder.intern("");
    /// let known = ContactStrings { source: ads, owner: empty, tags: &[], fields: &[] };
    /// builder.push_contact(contact, &known).unwrap();
    /// let base = builder.finish(EventColumns::default()).unwrap();
    /// assert_eq!(base.strings().resolve(base.source_id(0)), "ads");
    /// ```
    pub fn push_contact(
        &mut self,
        contact: Contact,
        known: &ContactStrings<'_>,
    ) -> Result<(), BaseError> {
        let base = &mut self.base;
        let row = base.contacts.len();
        if contact.id.is_empty() {
            return Err(BaseError::EmptyContactId { row });
        }
        if base
            .index
            .insert(&contact.id, row as ContactIdx, &base.contacts)
            .is_err()
        {
            return Err(BaseError::DuplicateContact {
                row,
                id: contact.id,
            });
        }
        let expected = self.expected.max(row + 1);
        base.push_indexed(contact, expected, Some(known));
        Ok(())
    }

    /// How many contacts were added.
    pub fn len(&self) -> usize {
        self.base.contacts.len()
    }

    /// The index of the contact added with `id`.
    pub fn index_of(&self, id: &str) -> Option<ContactIdx> {
        self.base.index_of(id)
    }

    /// No contact was added.
    pub fn is_empty(&self) -> bool {
        self.base.contacts.is_empty()
    }

    /// The base with its events; `events.contact` indexes the contacts in
    /// the order they were added.
    pub fn finish(self, events: EventColumns) -> Result<Base, BaseError> {
        events.validate(self.base.contacts.len())?;
        self.base.with_event_columns(events)
    }

    /// [`BaseBuilder::finish`] in steps: the events are put in their
    /// contacts' places now (one pass over them), and each contact's events
    /// are ordered by [`BaseFinish::step`], a bounded number of contacts at a
    /// time (for a demo base of 750,000 events, ordering them was most of a
    /// 0.2 s task in a browser).
    pub fn finish_in_steps(self, events: EventColumns) -> Result<BaseFinish, BaseError> {
        events.validate(self.base.contacts.len())?;
        let mut base = self.base;
        base.place_event_columns(events)?;
        Ok(BaseFinish { base, next: 0 })
    }
}

/// A base whose events are placed but not yet ordered: the end of
/// [`BaseBuilder::finish_in_steps`]. Gives the base `BaseBuilder::finish`
/// gives.
///
/// ```
/// use lifecycle_core::base::BaseBuilder;
/// use lifecycle_core::columns::EventColumns;
/// use lifecycle_core::demo::{generate, DemoConfig};
///
/// let config = DemoConfig { contacts: 50, seed: 1, as_of: "2025-10-01".parse().unwrap() };
/// let (contacts, events) = generate(&config);
/// let columns = EventColumns::from_events(&contacts, &events).unwrap();
/// let mut builder = BaseBuilder::new(contacts.len());
/// builder.push_contacts(contacts).unwrap();
/// let mut finish = builder.finish_in_steps(columns).unwrap();
/// while !finish.step(20) {}
/// assert_eq!(finish.into_base().len(), 50);
/// ```
#[derive(Debug)]
pub struct BaseFinish {
    base: Base,
    next: usize,
}

impl BaseFinish {
    /// Orders the events of up to `contacts` more contacts; true once every
    /// contact's are in order.
    pub fn step(&mut self, contacts: usize) -> bool {
        let end = self
            .next
            .saturating_add(contacts)
            .min(self.base.contacts.len());
        self.base.order_events(self.next..end);
        self.next = end;
        self.next >= self.base.contacts.len()
    }

    /// The base; the events of contacts no step has reached yet are ordered
    /// now.
    pub fn into_base(mut self) -> Base {
        self.step(usize::MAX);
        self.base
    }
}

#[cfg(test)]
mod date_text_tests {
    use super::*;
    use crate::words::Lang;
    use proptest::prelude::*;

    proptest! {
        /// `parse_date` reads what chrono's `%Y-%m-%d` reads for four-digit years,
        /// and the words write dates as chrono's `%b %-d, %Y` and `%d.%m.%Y` do.
        #[test]
        fn dates_read_and_written_by_hand_match_chrono(
            year in 0i32..10_000, month in 0u32..14, day in 0u32..33,
            month_pad in any::<bool>(), day_pad in any::<bool>(),
        ) {
            let text = if month_pad && day_pad {
                format!("{year:04}-{month:02}-{day:02}")
            } else {
                format!("{year:04}-{month}-{day}")
            };
            let chrono = NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok();
            prop_assert_eq!(parse_date(&text), chrono);
            if let Some(date) = chrono {
                prop_assert_eq!(Lang::En.date(date), date.format("%b %-d, %Y").to_string());
                prop_assert_eq!(Lang::Ru.date(date), date.format("%d.%m.%Y").to_string());
            }
        }

        #[test]
        fn any_text_is_a_date_only_if_chrono_agrees(text in "[0-9 +-]{0,12}") {
            if let Some(date) = parse_date(&text) {
                prop_assert_eq!(NaiveDate::parse_from_str(&text, "%Y-%m-%d").ok(), Some(date));
            }
        }
    }

    proptest! {
        /// Times read by hand are the ones chrono's `FromStr` reads.
        #[test]
        fn times_read_by_hand_match_chrono(
            h in 0u32..26, m in 0u32..62, s in proptest::option::of(0u32..62),
            fraction in proptest::option::of("[0-9]{1,12}"), short_hour in any::<bool>(),
        ) {
            let mut text = if short_hour { format!("{h}:{m:02}") } else { format!("{h:02}:{m:02}") };
            if let Some(s) = s {
                text.push_str(&format!(":{s:02}"));
                if let Some(f) = &fraction {
                    text.push('.');
                    text.push_str(f);
                }
            }
            prop_assert_eq!(crate::data::text::parse_time(&text), text.parse::<chrono::NaiveTime>().ok(), "{}", text);
        }

        #[test]
        fn any_text_is_a_time_only_if_chrono_agrees(text in "[0-9:. ]{0,12}") {
            if let Some(t) = crate::data::text::parse_time(&text) {
                prop_assert_eq!(text.parse::<chrono::NaiveTime>().ok(), Some(t));
            }
        }
    }

    #[test]
    fn events_and_contacts_read_their_dates_and_times_by_hand() {
        let e: crate::Event = serde_json::from_str(
            r#"{"contact":"c","date":"2025-03-02","time":"09:15","kind":"deal_won"}"#,
        )
        .unwrap();
        assert_eq!(e.date, NaiveDate::from_ymd_opt(2025, 3, 2).unwrap());
        assert_eq!(e.time, chrono::NaiveTime::from_hms_opt(9, 15, 0));
        let e: crate::Event =
            serde_json::from_str(r#"{"contact":"c","date":"2025-03-02","time":null,"kind":"x"}"#)
                .unwrap();
        assert_eq!(e.time, None);
        let bad = serde_json::from_str::<crate::Event>(
            r#"{"contact":"c","date":"2025-02-30","kind":"x"}"#,
        );
        assert!(
            bad.unwrap_err()
                .to_string()
                .contains("expected a date YYYY-MM-DD")
        );
        let c: crate::Contact = serde_json::from_str(
            r#"{"id":"c","created":"2024-02-29","fields":{"since":{"type":"date","value":"2020-01-31"}}}"#,
        )
        .unwrap();
        assert_eq!(c.created, NaiveDate::from_ymd_opt(2024, 2, 29));
        assert_eq!(
            c.fields["since"],
            crate::FieldValue::Date(NaiveDate::from_ymd_opt(2020, 1, 31).unwrap())
        );
        for json in [r#"{"id":"c","created":null}"#, r#"{"id":"c"}"#] {
            assert_eq!(
                serde_json::from_str::<crate::Contact>(json)
                    .unwrap()
                    .created,
                None
            );
        }
        // What serde writes, it reads back.
        let back: crate::Contact =
            serde_json::from_str(&serde_json::to_string(&c).unwrap()).unwrap();
        assert_eq!(back, c);
    }

    #[test]
    fn text_that_is_not_a_date_is_refused() {
        for text in [
            "",
            "2025",
            "2025-01",
            "2025-01-32",
            "2025-02-29",
            "25-01-01",
            "2025-01-01-",
            "2025-001-01",
            "2025/01/01",
        ] {
            assert_eq!(parse_date(text), None, "{text}");
        }
        assert_eq!(
            parse_date("2024-02-29"),
            NaiveDate::from_ymd_opt(2024, 2, 29)
        );
    }
}
