//! The packed binary records the store writes: event chunks (columnar) and
//! contact chunks. Pure code, tested natively; the layout is documented in
//! `docs/storage.md`.
//!
//! Every record starts with a 16-byte header: magic `LCEV` (events) or `LCCT`
//! (contacts), the format version (u16), reserved (u16), the item count (u32)
//! and a checksum of the body (u32). Numbers are little-endian.
//!
//! Format 3 (written since) stores each event column in the smallest of five
//! encodings (dense, sparse, variable-length numbers, their deltas, sparse
//! with variable-length numbers) and contacts with one table of the strings
//! that repeat (companies, sources, owners, tags, field names and text
//! values). Formats 1 (every column dense) and 2 (dense or sparse) are still
//! read, so records written by older versions load as they are.

use chrono::NaiveDate;
use lifecycle_core::base::{BaseBuilder, ContactStrings};
use lifecycle_core::columns::EventColumns;
use lifecycle_core::{BaseError, Contact, FieldValue, Fields};

use crate::varint;

pub const EVENTS_MAGIC: [u8; 4] = *b"LCEV";
pub const CONTACTS_MAGIC: [u8; 4] = *b"LCCT";
pub const FORMAT_VERSION: u16 = 3;
const HEADER: usize = 16;

/// Why a stored record could not be read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CodecError {
    #[error("not a Lifecycle {expected} record (wrong magic bytes)")]
    BadMagic { expected: &'static str },
    #[error(
        "record format {found} is newer than this version of Lifecycle reads ({FORMAT_VERSION})"
    )]
    UnsupportedVersion { found: u16 },
    #[error("record is damaged: checksum mismatch")]
    Checksum,
    #[error("record is damaged: it ends at byte {at} in the middle of {what}")]
    Truncated { at: usize, what: &'static str },
    #[error("record is damaged: text at byte {at} is not UTF-8")]
    BadUtf8 { at: usize },
    #[error("record is damaged: {0}")]
    Invalid(String),
}

/// A fast 32-bit checksum of `bytes` (FNV-style over 8-byte words).
pub fn checksum(bytes: &[u8]) -> u32 {
    const PRIME: u64 = 0x0000_0100_0000_01b3;
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        h = (h ^ u64::from_le_bytes(w.try_into().unwrap_or([0; 8]))).wrapping_mul(PRIME);
        h ^= h >> 29;
    }
    for &b in words.remainder() {
        h = (h ^ u64::from(b)).wrapping_mul(PRIME);
    }
    h = (h ^ bytes.len() as u64).wrapping_mul(PRIME);
    (h ^ (h >> 32)) as u32
}

fn header(out: &mut Vec<u8>, magic: [u8; 4], count: usize) {
    out.extend_from_slice(&magic);
    out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out.extend_from_slice(&(count as u32).to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes()); // checksum, filled in by `seal`
}

fn seal(mut out: Vec<u8>) -> Vec<u8> {
    let sum = checksum(&out[HEADER..]);
    out[12..16].copy_from_slice(&sum.to_le_bytes());
    out
}

/// Checks the header and checksum; returns the item count and the body.
fn open<'a>(
    bytes: &'a [u8],
    magic: [u8; 4],
    what: &'static str,
) -> Result<(usize, Reader<'a>), CodecError> {
    if bytes.len() < HEADER || bytes[..4] != magic {
        return Err(CodecError::BadMagic { expected: what });
    }
    let version = u16::from_le_bytes([bytes[4], bytes[5]]);
    if version > FORMAT_VERSION {
        return Err(CodecError::UnsupportedVersion { found: version });
    }
    let count = u32::from_le_bytes([bytes[8], bytes[9], bytes[10], bytes[11]]) as usize;
    let sum = u32::from_le_bytes([bytes[12], bytes[13], bytes[14], bytes[15]]);
    if checksum(&bytes[HEADER..]) != sum {
        return Err(CodecError::Checksum);
    }
    Ok((count, Reader { bytes, at: HEADER }))
}

fn put_str(out: &mut Vec<u8>, s: &str) {
    out.extend_from_slice(&(s.len() as u32).to_le_bytes());
    out.extend_from_slice(s.as_bytes());
}

fn put_strs(out: &mut Vec<u8>, items: &[String]) {
    out.extend_from_slice(&(items.len() as u32).to_le_bytes());
    for s in items {
        put_str(out, s);
    }
}

/// A fixed-width value of an event column.
trait Cell: Copy {
    const WIDTH: usize;
    fn put(self, out: &mut Vec<u8>);
    fn get(bytes: &[u8]) -> Self;
    /// The value's bits: sparse columns compare by them, so NaN and -0.0
    /// come back exactly.
    fn bits(self) -> u64;
    /// The value as a number the variable-length encodings write, small for
    /// the common values (the "none" markers are 0), or `None` if it has
    /// none (a fractional amount).
    fn key(self) -> Option<u64>;
    /// The value of a [`Cell::key`]; `None` for a number no value has.
    fn from_key(key: u64) -> Option<Self>;
}

/// Unsigned columns: the "none" marker (the type's maximum) is 0, the
/// others one more than their value.
macro_rules! unsigned_key {
    ($($t:ty),*) => {$(
        impl Keyed for $t {
            fn key(self) -> Option<u64> {
                Some(u64::from(self.wrapping_add(1)))
            }
            fn from_key(key: u64) -> Option<Self> {
                <$t>::try_from(key).ok().map(|k| k.wrapping_sub(1))
            }
        }
    )*};
}

/// [`Cell::key`] and [`Cell::from_key`], per type.
trait Keyed: Sized {
    fn key(self) -> Option<u64>;
    fn from_key(key: u64) -> Option<Self>;
}

unsigned_key!(u32, u16, u8);

impl Keyed for i32 {
    fn key(self) -> Option<u64> {
        Some(varint::zigzag(i64::from(self)))
    }
    fn from_key(key: u64) -> Option<Self> {
        i32::try_from(varint::unzigzag(key)).ok()
    }
}

/// Whole amounts up to 2^53 (every one exact in an `f64`).
const MAX_WHOLE: f64 = 9_007_199_254_740_992.0;

impl Keyed for f64 {
    /// The "none" NaN is 0; whole numbers (not -0.0) are their zigzag plus 1.
    fn key(self) -> Option<u64> {
        if self.to_bits() == f64::NAN.to_bits() {
            Some(0)
        } else if self.fract() == 0.0
            && self.abs() <= MAX_WHOLE
            && !(self == 0.0 && self.is_sign_negative())
        {
            Some(varint::zigzag(self as i64) + 1)
        } else {
            None
        }
    }
    fn from_key(key: u64) -> Option<Self> {
        match key {
            0 => Some(f64::NAN),
            k => {
                let v = varint::unzigzag(k - 1) as f64;
                (v.abs() <= MAX_WHOLE).then_some(v)
            }
        }
    }
}

macro_rules! cell {
    ($($t:ty => $w:expr, $bits:expr;)*) => {$(
        impl Cell for $t {
            const WIDTH: usize = $w;
            fn put(self, out: &mut Vec<u8>) {
                out.extend_from_slice(&self.to_le_bytes());
            }
            fn get(bytes: &[u8]) -> Self {
                <$t>::from_le_bytes(bytes.try_into().unwrap_or([0; $w]))
            }
            fn bits(self) -> u64 {
                $bits(self)
            }
            fn key(self) -> Option<u64> {
                Keyed::key(self)
            }
            fn from_key(key: u64) -> Option<Self> {
                <$t as Keyed>::from_key(key)
            }
        }
    )*};
}

cell! {
    f64 => 8, f64::to_bits;
    u32 => 4, u64::from;
    i32 => 4, |v: i32| u64::from(v as u32);
    u16 => 2, u64::from;
    u8 => 1, u64::from;
}

/// Column encodings. Format 2: every value, or a common value and the
/// exceptions. Format 3 adds three that write [`Cell::key`]s as
/// variable-length numbers: every value, the differences between neighbours
/// (sorted columns: contacts, days), and sparse with the gaps between
/// exceptions.
const DENSE: u8 = 0;
const SPARSE: u8 = 1;
const KEYS: u8 = 2;
const DELTAS: u8 = 3;
const SPARSE_KEYS: u8 = 4;

/// Writes a column in whichever encoding is smallest.
fn put_column<T: Cell>(out: &mut Vec<u8>, values: &[T]) {
    // A value held by more than half the events, if there is one
    // (Boyer-Moore majority vote): only then can sparse be smaller.
    let mut common = None;
    let mut votes = 0usize;
    for &v in values {
        match common {
            Some(c) if T::bits(c) == v.bits() => votes += 1,
            _ if votes == 0 => {
                common = Some(v);
                votes = 1;
            }
            _ => votes -= 1,
        }
    }
    let is_exception = |v: &T| common.is_none_or(|c: T| v.bits() != c.bits());
    // The length of every encoding in one pass; `None` where a value has no key.
    let (mut keys, mut deltas, mut sparse_keys) = (Some(0usize), Some(0usize), Some(0usize));
    let mut exceptions = 0usize;
    let (mut prev, mut next_index) = (0i64, 0usize);
    for (i, &v) in values.iter().enumerate() {
        let exception = is_exception(&v);
        exceptions += usize::from(exception);
        match v.key() {
            Some(k) => {
                keys = keys.map(|n| n + varint::len(k));
                deltas = deltas.map(|n| n + varint::len(varint::zigzag(k as i64 - prev)));
                prev = k as i64;
                if exception {
                    sparse_keys = sparse_keys
                        .map(|n| n + varint::len((i - next_index) as u64) + varint::len(k));
                    next_index = i + 1;
                }
            }
            None => {
                (keys, deltas) = (None, None);
                if exception {
                    sparse_keys = None;
                }
            }
        }
    }
    let dense = values.len() * T::WIDTH;
    let sparse = common.map(|_| T::WIDTH + 4 + exceptions * (4 + T::WIDTH));
    let sparse_keys =
        common.and(sparse_keys.map(|n| T::WIDTH + varint::len(exceptions as u64) + n));
    let best = [
        (DENSE, Some(dense)),
        (SPARSE, sparse),
        (KEYS, keys),
        (DELTAS, deltas),
        (SPARSE_KEYS, sparse_keys),
    ]
    .into_iter()
    .filter_map(|(tag, len)| len.map(|len| (len, tag)))
    .min()
    .map_or(DENSE, |(_, tag)| tag);
    out.push(best);
    out.reserve(values.len() * T::WIDTH.min(2));
    // Every key below exists: the encoding was chosen only if it does.
    let key = |v: T| v.key().unwrap_or_default();
    match (best, common) {
        (SPARSE, Some(common)) => {
            common.put(out);
            out.extend_from_slice(&(exceptions as u32).to_le_bytes());
            for (i, _) in values.iter().enumerate().filter(|(_, v)| is_exception(v)) {
                out.extend_from_slice(&(i as u32).to_le_bytes());
            }
            for v in values.iter().filter(|v| is_exception(v)) {
                v.put(out);
            }
        }
        (KEYS, _) => values.iter().for_each(|&v| varint::put(out, key(v))),
        (DELTAS, _) => {
            let mut prev = 0i64;
            for &v in values {
                let k = key(v) as i64;
                varint::put(out, varint::zigzag(k - prev));
                prev = k;
            }
        }
        (SPARSE_KEYS, Some(common)) => {
            common.put(out);
            varint::put(out, exceptions as u64);
            let mut next_index = 0;
            for (i, &v) in values.iter().enumerate().filter(|(_, v)| is_exception(v)) {
                varint::put(out, (i - next_index) as u64);
                varint::put(out, key(v));
                next_index = i + 1;
            }
        }
        _ => values.iter().for_each(|v| v.put(out)),
    }
}

/// Packs events into one record.
pub fn encode_events(events: &EventColumns) -> Vec<u8> {
    let n = events.len();
    let mut out = Vec::with_capacity(HEADER + n * 12 + 64);
    header(&mut out, EVENTS_MAGIC, n);
    put_column(&mut out, &events.amount);
    put_column(&mut out, &events.contact);
    put_column(&mut out, &events.day);
    put_column(&mut out, &events.channel);
    put_column(&mut out, &events.note);
    put_column(&mut out, &events.time);
    put_column(&mut out, &events.kind);
    put_column(&mut out, &events.score);
    put_strs(&mut out, &events.kinds);
    put_strs(&mut out, &events.strings);
    seal(out)
}

/// Unpacks an event record (any format). The columns are not yet checked
/// against a contact list: see [`EventColumns::validate`].
pub fn decode_events(bytes: &[u8]) -> Result<EventColumns, CodecError> {
    let mut events = EventColumns::default();
    decode_events_into(&mut events, bytes)?;
    Ok(events)
}

/// Decodes an event record and appends its events to `all`: each column
/// straight onto the end of `all`'s, so a base read chunk by chunk is built
/// in one set of columns without copying it again. Chunks written by one
/// `replace` carry the same kind and string tables, and their indices stay
/// as they are; a chunk with other tables is merged as
/// [`EventColumns::extend`] does. On an error `all` holds part of the record:
/// a caller lets it go with the error.
pub fn decode_events_into(all: &mut EventColumns, bytes: &[u8]) -> Result<(), CodecError> {
    let (n, mut r) = open(bytes, EVENTS_MAGIC, "events")?;
    // A sparse column's size is not bounded by the record's bytes: a damaged
    // count must not ask for gigabytes (an allocation failure aborts the wasm).
    if n > crate::EVENTS_PER_CHUNK {
        return Err(CodecError::Invalid(format!(
            "a chunk of {n} events; one holds at most {}",
            crate::EVENTS_PER_CHUNK
        )));
    }
    let version = u16::from_le_bytes([bytes[4], bytes[5]]);
    let start = all.len();
    r.column_into(&mut all.amount, n, version, "amounts")?;
    r.column_into(&mut all.contact, n, version, "contacts")?;
    r.column_into(&mut all.day, n, version, "days")?;
    r.column_into(&mut all.channel, n, version, "channels")?;
    r.column_into(&mut all.note, n, version, "notes")?;
    r.column_into(&mut all.time, n, version, "times")?;
    r.column_into(&mut all.kind, n, version, "kinds")?;
    r.column_into(&mut all.score, n, version, "scores")?;
    let kinds = r.strs("kind names")?;
    let strings = r.strs("strings")?;
    r.end()?;
    if start == 0 {
        all.kinds = kinds;
        all.strings = strings;
    } else if kinds != all.kinds || strings != all.strings {
        let part = EventColumns {
            contact: all.contact.split_off(start),
            day: all.day.split_off(start),
            time: all.time.split_off(start),
            kind: all.kind.split_off(start),
            score: all.score.split_off(start),
            amount: all.amount.split_off(start),
            channel: all.channel.split_off(start),
            note: all.note.split_off(start),
            kinds,
            strings,
        };
        all.extend(part);
    }
    Ok(())
}

const FIELD_TEXT: u8 = 0;
const FIELD_NUMBER: u8 = 1;
const FIELD_BOOL: u8 = 2;
const FIELD_DATE: u8 = 3;
/// Format 3: a whole number, as a variable-length [`Cell::key`].
const FIELD_WHOLE: u8 = 4;
const NO_DATE: i32 = i32::MIN;

/// The strings of a contact record's table, each once.
#[derive(Default)]
struct StringTable<'a> {
    strings: Vec<&'a str>,
    index: std::collections::HashMap<&'a str, u64>,
}

impl<'a> StringTable<'a> {
    fn index(&mut self, s: &'a str) -> u64 {
        *self.index.entry(s).or_insert_with(|| {
            self.strings.push(s);
            self.strings.len() as u64 - 1
        })
    }
}

/// Packs contacts into one record (format 3): first a table of the strings
/// that repeat from contact to contact, then each contact with its own strings
/// inline and the repeating ones as indexes into the table.
pub fn encode_contacts(contacts: &[Contact]) -> Vec<u8> {
    let mut table = StringTable::default();
    let mut body = Vec::with_capacity(contacts.len() * 80);
    let mut shared = |body: &mut Vec<u8>, s| varint::put(body, table.index(s));
    let inline = |body: &mut Vec<u8>, s: &str| {
        varint::put(body, s.len() as u64);
        body.extend_from_slice(s.as_bytes());
    };
    for c in contacts {
        for s in [&c.id, &c.name, &c.email, &c.phone] {
            inline(&mut body, s);
        }
        for s in [&c.company, &c.source, &c.owner] {
            shared(&mut body, s);
        }
        varint::put(&mut body, c.tags.len() as u64);
        for t in &c.tags {
            shared(&mut body, t);
        }
        varint::put(
            &mut body,
            c.created.map_or(0, |d| {
                varint::zigzag(lifecycle_core::base::day_of(d).into()) + 1
            }),
        );
        varint::put(&mut body, c.fields.len() as u64);
        for (name, value) in &c.fields {
            shared(&mut body, name);
            match value {
                FieldValue::Text(s) => {
                    body.push(FIELD_TEXT);
                    shared(&mut body, s);
                }
                FieldValue::Number(n) => match Keyed::key(*n).filter(|&k| k != 0) {
                    Some(k) => {
                        body.push(FIELD_WHOLE);
                        varint::put(&mut body, k);
                    }
                    None => {
                        body.push(FIELD_NUMBER);
                        body.extend_from_slice(&n.to_le_bytes());
                    }
                },
                FieldValue::Bool(b) => {
                    body.push(FIELD_BOOL);
                    body.push(u8::from(*b));
                }
                FieldValue::Date(d) => {
                    body.push(FIELD_DATE);
                    varint::put(
                        &mut body,
                        varint::zigzag(lifecycle_core::base::day_of(*d).into()),
                    );
                }
            }
        }
    }
    let table = table.strings;
    let mut out = Vec::with_capacity(HEADER + 16 + body.len() + table.len() * 12);
    header(&mut out, CONTACTS_MAGIC, contacts.len());
    varint::put(&mut out, table.len() as u64);
    for s in &table {
        inline(&mut out, s);
    }
    out.extend_from_slice(&body);
    seal(out)
}

/// Unpacks a contact record (any format).
pub fn decode_contacts(bytes: &[u8]) -> Result<Vec<Contact>, CodecError> {
    let mut contacts = Vec::new();
    decode_contacts_into(&mut contacts, bytes)?;
    Ok(contacts)
}

/// Decodes a contact record and appends its contacts to `all`, so that a
/// base read chunk by chunk is decoded into one vector (sized once by the
/// caller) without moving each contact again. On an error `all` holds part
/// of the record: a caller lets it go with the error.
pub fn decode_contacts_into(all: &mut Vec<Contact>, bytes: &[u8]) -> Result<(), CodecError> {
    let (n, r) = open(bytes, CONTACTS_MAGIC, "contacts")?;
    // Room made once, for no more contacts than the record can hold (a
    // contact takes at least 10 bytes): a damaged count must not ask for
    // gigabytes.
    all.reserve(n.min(bytes.len() / 10));
    let mut push = |c: Contact, _: &TableRefs, _: &[&str]| {
        all.push(c);
        Ok(())
    };
    if u16::from_le_bytes([bytes[4], bytes[5]]) >= 3 {
        decode_contacts_3(&mut push, n, r)
    } else {
        decode_contacts_1(&mut |c| push(c, &TableRefs::default(), &[]), n, r)
    }
}

/// Decodes a contact record and adds its contacts to `builder`: the strings
/// a record of format 3 keeps in its table (sources, owners, tags, text
/// values) are looked up in the base's string table once per record, not
/// once per contact ([`BaseBuilder::push_contact`]). The base is the one
/// [`BaseBuilder::push_contacts`] builds from [`decode_contacts`]' contacts;
/// contacts it refuses (a repeated or empty id) make the record invalid.
pub fn decode_contacts_to_base(builder: &mut BaseBuilder, bytes: &[u8]) -> Result<(), CodecError> {
    let (n, r) = open(bytes, CONTACTS_MAGIC, "contacts")?;
    let refused = |e: BaseError| CodecError::Invalid(e.to_string());
    if u16::from_le_bytes([bytes[4], bytes[5]]) < 3 {
        return decode_contacts_1(
            &mut |c| builder.push_contacts(vec![c]).map_err(refused),
            n,
            r,
        );
    }
    // A table string's id in the base, once it is known.
    const UNKNOWN: u32 = u32::MAX;
    let mut ids: Vec<u32> = Vec::new();
    let (mut tags, mut fields) = (Vec::new(), Vec::new());
    decode_contacts_3(
        &mut |c, refs, table| {
            if ids.len() != table.len() {
                ids = vec![UNKNOWN; table.len()];
            }
            // Looked up in the order `push_contacts` interns them.
            let mut id = |i: u32| {
                let slot = &mut ids[i as usize];
                if *slot == UNKNOWN {
                    *slot = builder.intern(table[i as usize]);
                }
                *slot
            };
            let (source, owner) = (id(refs.source), id(refs.owner));
            tags.clear();
            tags.extend(refs.tags.iter().map(|&i| id(i)));
            fields.clear();
            fields.extend(
                refs.fields
                    .iter()
                    .map(|&i| if i == NOT_TEXT { UNKNOWN } else { id(i) }),
            );
            let known = ContactStrings {
                source,
                owner,
                tags: &tags,
                fields: &fields,
            };
            builder.push_contact(c, &known).map_err(refused)
        },
        n,
        r,
    )
}

/// A contact's strings that a record of format 3 keeps in its table, as
/// indices into the table: the source, the owner, the tags, and per field
/// its text value ([`NOT_TEXT`] for a value of another type).
#[derive(Default)]
struct TableRefs {
    source: u32,
    owner: u32,
    tags: Vec<u32>,
    fields: Vec<u32>,
}

/// In [`TableRefs::fields`], a field whose value is not text.
const NOT_TEXT: u32 = u32::MAX;

/// What a contact decoder hands each contact to (with its strings' places in
/// the record's table, and the table: empty before format 3).
type EachContact<'f> = dyn FnMut(Contact, &TableRefs, &[&str]) -> Result<(), CodecError> + 'f;

/// The body of a contact record of format 1 or 2: every string inline.
fn decode_contacts_1(
    each: &mut dyn FnMut(Contact) -> Result<(), CodecError>,
    n: usize,
    mut r: Reader<'_>,
) -> Result<(), CodecError> {
    let bytes = r.bytes;
    // Each contact takes at least 40 bytes: a count that promises more than the
    // record holds is damage, not a reason to allocate.
    if n > bytes.len() / 40 {
        return Err(CodecError::Invalid(format!(
            "{n} contacts cannot fit in {} bytes",
            bytes.len()
        )));
    }
    for _ in 0..n {
        let mut c = Contact {
            id: r.str("a contact id")?,
            name: r.str("a name")?,
            company: r.str("a company")?,
            email: r.str("an email")?,
            phone: r.str("a phone")?,
            source: r.str("a source")?,
            owner: r.str("an owner")?,
            tags: r.strs("tags")?,
            ..Contact::default()
        };
        c.created = r.date("a created date")?;
        let fields = r.u32("a field count")?;
        for _ in 0..fields {
            let name = r.str("a field name")?;
            let at = r.at;
            let value = match r.take(1, "a field type")?[0] {
                FIELD_TEXT => FieldValue::Text(r.str("a text field")?),
                FIELD_NUMBER => FieldValue::Number(f64::from_le_bytes(
                    r.take(8, "a number field")?.try_into().unwrap_or([0; 8]),
                )),
                FIELD_BOOL => FieldValue::Bool(r.take(1, "a boolean field")?[0] != 0),
                FIELD_DATE => match r.date("a date field")? {
                    Some(d) => FieldValue::Date(d),
                    None => {
                        return Err(CodecError::Invalid(format!(
                            "empty date field at byte {at}"
                        )));
                    }
                },
                other => {
                    return Err(CodecError::Invalid(format!(
                        "unknown field type {other} at byte {at}"
                    )));
                }
            };
            c.fields.insert(name, value);
        }
        each(c)?;
    }
    r.end()
}

/// The body of a contact record of format 3 (see [`encode_contacts`]).
fn decode_contacts_3(
    each: &mut EachContact<'_>,
    n: usize,
    mut r: Reader<'_>,
) -> Result<(), CodecError> {
    let bytes = r.bytes;
    // Each string of the table takes at least its length byte.
    let count = r.varint("the string table")?;
    if count > (bytes.len() - r.at) as u64 {
        return Err(CodecError::Invalid(format!(
            "a table of {count} strings cannot fit in {} bytes",
            bytes.len()
        )));
    }
    let table = (0..count)
        .map(|_| r.str_3("the string table"))
        .collect::<Result<Vec<&str>, _>>()?;
    // Each contact takes at least 10 bytes: 4 inline strings, 3 indexes and
    // the tag, date and field counts.
    if n > (bytes.len() - r.at) / 10 {
        return Err(CodecError::Invalid(format!(
            "{n} contacts cannot fit in {} bytes",
            bytes.len()
        )));
    }
    // A table string: its index and a copy.
    let shared = |r: &mut Reader<'_>, what: &'static str| -> Result<(u32, String), CodecError> {
        let at = r.at;
        let i = r.varint(what)?;
        usize::try_from(i)
            .ok()
            .and_then(|i| Some((u32::try_from(i).ok()?, table.get(i)?)))
            .map(|(i, s)| (i, (*s).to_owned()))
            .ok_or_else(|| {
                CodecError::Invalid(format!("string {i} at byte {at} is not in the table"))
            })
    };
    let mut refs = TableRefs::default();
    for _ in 0..n {
        let id = r.str_3("a contact id")?.to_owned();
        let name = r.str_3("a name")?.to_owned();
        let email = r.str_3("an email")?.to_owned();
        let phone = r.str_3("a phone")?.to_owned();
        let company = shared(&mut r, "a company")?.1;
        let source;
        (refs.source, source) = shared(&mut r, "a source")?;
        let owner;
        (refs.owner, owner) = shared(&mut r, "an owner")?;
        let mut c = Contact {
            id,
            name,
            email,
            phone,
            company,
            source,
            owner,
            ..Contact::default()
        };
        let tags = r.varint("tags")?;
        if tags > (bytes.len() - r.at) as u64 {
            return Err(CodecError::Truncated {
                at: bytes.len(),
                what: "tags",
            });
        }
        refs.tags.clear();
        c.tags = Vec::with_capacity(tags as usize);
        for _ in 0..tags {
            let (i, tag) = shared(&mut r, "a tag")?;
            refs.tags.push(i);
            c.tags.push(tag);
        }
        c.created = match r.varint("a created date")? {
            0 => None,
            k => Some(r.day_3(k - 1, "a created date")?),
        };
        let fields = r.varint("a field count")?;
        if fields > (bytes.len() - r.at) as u64 {
            return Err(CodecError::Truncated {
                at: bytes.len(),
                what: "fields",
            });
        }
        refs.fields.clear();
        // Room for as many as a damaged count could not overstate much.
        c.fields = Fields::with_capacity((fields as usize).min(64));
        for _ in 0..fields {
            let name = shared(&mut r, "a field name")?.1;
            let at = r.at;
            let mut text = NOT_TEXT;
            let value = match r.take(1, "a field type")?[0] {
                FIELD_TEXT => {
                    let value;
                    (text, value) = shared(&mut r, "a text field")?;
                    FieldValue::Text(value)
                }
                FIELD_NUMBER => FieldValue::Number(f64::from_le_bytes(
                    r.take(8, "a number field")?.try_into().unwrap_or([0; 8]),
                )),
                FIELD_WHOLE => {
                    let k = r.varint("a number field")?;
                    match <f64 as Keyed>::from_key(k).filter(|_| k != 0) {
                        Some(x) => FieldValue::Number(x),
                        None => {
                            return Err(CodecError::Invalid(format!(
                                "number field out of range at byte {at}"
                            )));
                        }
                    }
                }
                FIELD_BOOL => FieldValue::Bool(r.take(1, "a boolean field")?[0] != 0),
                FIELD_DATE => {
                    let k = r.varint("a date field")?;
                    FieldValue::Date(r.day_3(k, "a date field")?)
                }
                other => {
                    return Err(CodecError::Invalid(format!(
                        "unknown field type {other} at byte {at}"
                    )));
                }
            };
            refs.fields.push(text);
            c.fields.insert(name, value);
        }
        each(c, &refs, &table)?;
    }
    r.end()
}

/// `len` bytes at `*at`, moving `*at` past them.
fn take_at<'a>(
    bytes: &'a [u8],
    at: &mut usize,
    len: usize,
    what: &'static str,
) -> Result<&'a [u8], CodecError> {
    let end = at
        .checked_add(len)
        .filter(|&end| end <= bytes.len())
        .ok_or(CodecError::Truncated {
            at: bytes.len(),
            what,
        })?;
    let slice = &bytes[*at..end];
    *at = end;
    Ok(slice)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, len: usize, what: &'static str) -> Result<&'a [u8], CodecError> {
        take_at(self.bytes, &mut self.at, len, what)
    }

    /// A column of `n` values, appended to `out`: dense in format 1; in the
    /// encoding its first byte names in formats 2 and 3.
    fn column_into<T: Cell>(
        &mut self,
        out: &mut Vec<T>,
        n: usize,
        version: u16,
        what: &'static str,
    ) -> Result<(), CodecError> {
        let tag = if version >= 2 {
            self.take(1, what)?[0]
        } else {
            DENSE
        };
        match tag {
            DENSE => {
                let len = n.checked_mul(T::WIDTH).ok_or(CodecError::Truncated {
                    at: self.bytes.len(),
                    what,
                })?;
                out.extend(self.take(len, what)?.chunks_exact(T::WIDTH).map(T::get));
                Ok(())
            }
            SPARSE => {
                let common = T::get(self.take(T::WIDTH, what)?);
                let k = self.u32(what)? as usize;
                if k > n || k > (self.bytes.len() - self.at) / (4 + T::WIDTH) {
                    return Err(CodecError::Invalid(format!(
                        "{k} exceptions in the {what} column of {n} events"
                    )));
                }
                let at = self.at;
                let index = self.take(k * 4, what)?;
                let value = self.take(k * T::WIDTH, what)?;
                let start = out.len();
                out.resize(start + n, common);
                let out = &mut out[start..];
                let mut next = 0usize;
                for (i, v) in index.chunks_exact(4).zip(value.chunks_exact(T::WIDTH)) {
                    let i = u32::get(i) as usize;
                    if i < next || i >= n {
                        return Err(CodecError::Invalid(format!(
                            "the {what} column's exceptions at byte {at} are out of order or range"
                        )));
                    }
                    out[i] = T::get(v);
                    next = i + 1;
                }
                Ok(())
            }
            KEYS | DELTAS | SPARSE_KEYS if version >= 3 => self.keyed_column(out, n, tag, what),
            other => Err(CodecError::Invalid(format!(
                "unknown encoding {other} of the {what} column"
            ))),
        }
    }

    /// A column in one of format 3's variable-length encodings, appended to
    /// `out`.
    fn keyed_column<T: Cell>(
        &mut self,
        out: &mut Vec<T>,
        n: usize,
        tag: u8,
        what: &'static str,
    ) -> Result<(), CodecError> {
        let bytes = self.bytes;
        let at = &mut self.at;
        let truncated = CodecError::Truncated {
            at: bytes.len(),
            what,
        };
        let bad = |at: usize| {
            CodecError::Invalid(format!(
                "a value of the {what} column at byte {at} is out of range"
            ))
        };
        let key = |at: &mut usize| varint::get(bytes, at).ok_or_else(|| truncated.clone());
        // Each value or exception takes at least a byte.
        let fits = |k: usize, at: usize| k <= bytes.len().saturating_sub(at);
        match tag {
            KEYS | DELTAS => {
                if !fits(n, *at) {
                    return Err(truncated);
                }
                out.reserve(n);
                let mut prev = 0i64;
                for _ in 0..n {
                    let here = *at;
                    let k = key(at)?;
                    let k = if tag == DELTAS {
                        prev = prev
                            .checked_add(varint::unzigzag(k))
                            .ok_or_else(|| bad(here))?;
                        u64::try_from(prev).map_err(|_| bad(here))?
                    } else {
                        k
                    };
                    out.push(T::from_key(k).ok_or_else(|| bad(here))?);
                }
            }
            _ => {
                let common = T::get(take_at(bytes, at, T::WIDTH, what)?);
                let k = usize::try_from(key(at)?).unwrap_or(usize::MAX);
                if k > n || !fits(k, *at) {
                    return Err(CodecError::Invalid(format!(
                        "{k} exceptions in the {what} column of {n} events"
                    )));
                }
                let start = out.len();
                out.resize(start + n, common);
                let out = &mut out[start..];
                let mut i = 0usize;
                for _ in 0..k {
                    let here = *at;
                    i = usize::try_from(key(at)?)
                        .ok()
                        .and_then(|gap| i.checked_add(gap))
                        .filter(|&i| i < n)
                        .ok_or_else(|| {
                            CodecError::Invalid(format!(
                                "the {what} column's exceptions at byte {here} are out of range"
                            ))
                        })?;
                    out[i] = T::from_key(key(at)?).ok_or_else(|| bad(here))?;
                    i += 1;
                }
            }
        }
        Ok(())
    }

    fn varint(&mut self, what: &'static str) -> Result<u64, CodecError> {
        varint::get(self.bytes, &mut self.at).ok_or(CodecError::Truncated {
            at: self.bytes.len(),
            what,
        })
    }

    /// A format-3 string: its length as a variable-length number, then UTF-8.
    fn str_3(&mut self, what: &'static str) -> Result<&'a str, CodecError> {
        let len = usize::try_from(self.varint(what)?).unwrap_or(usize::MAX);
        let at = self.at;
        std::str::from_utf8(self.take(len, what)?).map_err(|_| CodecError::BadUtf8 { at })
    }

    /// A day number written as a zigzag variable-length number.
    fn day_3(&mut self, key: u64, what: &'static str) -> Result<NaiveDate, CodecError> {
        let at = self.at;
        i32::try_from(varint::unzigzag(key))
            .ok()
            .and_then(NaiveDate::from_num_days_from_ce_opt)
            .ok_or_else(|| CodecError::Invalid(format!("{what} before byte {at} is not a date")))
    }

    fn u32(&mut self, what: &'static str) -> Result<u32, CodecError> {
        Ok(u32::from_le_bytes(
            self.take(4, what)?.try_into().unwrap_or([0; 4]),
        ))
    }

    fn str(&mut self, what: &'static str) -> Result<String, CodecError> {
        let len = self.u32(what)? as usize;
        let at = self.at;
        let bytes = self.take(len, what)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| CodecError::BadUtf8 { at })
    }

    fn strs(&mut self, what: &'static str) -> Result<Vec<String>, CodecError> {
        let n = self.u32(what)? as usize;
        // Each string takes at least its 4-byte length.
        if n > (self.bytes.len() - self.at) / 4 {
            return Err(CodecError::Truncated {
                at: self.bytes.len(),
                what,
            });
        }
        (0..n).map(|_| self.str(what)).collect()
    }

    fn date(&mut self, what: &'static str) -> Result<Option<NaiveDate>, CodecError> {
        let at = self.at;
        let day = i32::from_le_bytes(self.take(4, what)?.try_into().unwrap_or([0; 4]));
        if day == NO_DATE {
            return Ok(None);
        }
        NaiveDate::from_num_days_from_ce_opt(day)
            .map(Some)
            .ok_or_else(|| {
                CodecError::Invalid(format!("day number {day} at byte {at} is not a date"))
            })
    }

    fn end(&self) -> Result<(), CodecError> {
        if self.at == self.bytes.len() {
            Ok(())
        } else {
            Err(CodecError::Invalid(format!(
                "{} unexpected bytes after the end",
                self.bytes.len() - self.at
            )))
        }
    }
}
