//! The packed binary records the store writes: event chunks (columnar) and
//! contact chunks. Pure code, tested natively; the layout is documented in
//! `docs/storage.md`.
//!
//! Every record starts with a 16-byte header: magic `LCEV` (events) or `LCCT`
//! (contacts), the format version (u16), reserved (u16), the item count (u32)
//! and a checksum of the body (u32). Numbers are little-endian.
//!
//! Format 2 (written since) stores each event column either dense or sparse
//! (one common value and the exceptions); format 1 (every column dense) is
//! still read, so records written by older versions load as they are.

use chrono::NaiveDate;
use lifecycle_core::columns::EventColumns;
use lifecycle_core::{Contact, FieldValue};

pub const EVENTS_MAGIC: [u8; 4] = *b"LCEV";
pub const CONTACTS_MAGIC: [u8; 4] = *b"LCCT";
pub const FORMAT_VERSION: u16 = 2;
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

/// Column encodings (format 2): every value, or a common value and the
/// exceptions.
const DENSE: u8 = 0;
const SPARSE: u8 = 1;

/// Writes a column dense or sparse, whichever is smaller.
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
    let exceptions = common.map_or(values.len(), |c: T| {
        values.iter().filter(|v| v.bits() != c.bits()).count()
    });
    let sparse_len = T::WIDTH + 4 + exceptions * (4 + T::WIDTH);
    match common {
        Some(common) if sparse_len < values.len() * T::WIDTH => {
            out.push(SPARSE);
            common.put(out);
            out.extend_from_slice(&(exceptions as u32).to_le_bytes());
            let is_exception = |v: &T| v.bits() != common.bits();
            for (i, _) in values.iter().enumerate().filter(|(_, v)| is_exception(v)) {
                out.extend_from_slice(&(i as u32).to_le_bytes());
            }
            for v in values.iter().filter(|v| is_exception(v)) {
                v.put(out);
            }
        }
        _ => {
            out.push(DENSE);
            out.reserve(values.len() * T::WIDTH);
            values.iter().for_each(|v| v.put(out));
        }
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

/// Unpacks an event record (format 1 or 2). The columns are not yet checked
/// against a contact list: see [`EventColumns::validate`].
pub fn decode_events(bytes: &[u8]) -> Result<EventColumns, CodecError> {
    let (n, mut r) = open(bytes, EVENTS_MAGIC, "events")?;
    let version = u16::from_le_bytes([bytes[4], bytes[5]]);
    let amount = r.column(n, version, "amounts")?;
    let contact = r.column(n, version, "contacts")?;
    let day = r.column(n, version, "days")?;
    let channel = r.column(n, version, "channels")?;
    let note = r.column(n, version, "notes")?;
    let time = r.column(n, version, "times")?;
    let kind = r.column(n, version, "kinds")?;
    let score = r.column(n, version, "scores")?;
    let kinds = r.strs("kind names")?;
    let strings = r.strs("strings")?;
    r.end()?;
    Ok(EventColumns {
        contact,
        day,
        time,
        kind,
        score,
        amount,
        channel,
        note,
        kinds,
        strings,
    })
}

const FIELD_TEXT: u8 = 0;
const FIELD_NUMBER: u8 = 1;
const FIELD_BOOL: u8 = 2;
const FIELD_DATE: u8 = 3;
const NO_DATE: i32 = i32::MIN;

/// Packs contacts into one record.
pub fn encode_contacts(contacts: &[Contact]) -> Vec<u8> {
    let mut out = Vec::with_capacity(HEADER + contacts.len() * 96);
    header(&mut out, CONTACTS_MAGIC, contacts.len());
    for c in contacts {
        for s in [
            &c.id, &c.name, &c.company, &c.email, &c.phone, &c.source, &c.owner,
        ] {
            put_str(&mut out, s);
        }
        put_strs(&mut out, &c.tags);
        let created = c.created.map_or(NO_DATE, lifecycle_core::base::day_of);
        out.extend_from_slice(&created.to_le_bytes());
        out.extend_from_slice(&(c.fields.len() as u32).to_le_bytes());
        for (name, value) in &c.fields {
            put_str(&mut out, name);
            match value {
                FieldValue::Text(s) => {
                    out.push(FIELD_TEXT);
                    put_str(&mut out, s);
                }
                FieldValue::Number(n) => {
                    out.push(FIELD_NUMBER);
                    out.extend_from_slice(&n.to_le_bytes());
                }
                FieldValue::Bool(b) => {
                    out.push(FIELD_BOOL);
                    out.push(u8::from(*b));
                }
                FieldValue::Date(d) => {
                    out.push(FIELD_DATE);
                    out.extend_from_slice(&lifecycle_core::base::day_of(*d).to_le_bytes());
                }
            }
        }
    }
    seal(out)
}

/// Unpacks a contact record.
pub fn decode_contacts(bytes: &[u8]) -> Result<Vec<Contact>, CodecError> {
    let (n, mut r) = open(bytes, CONTACTS_MAGIC, "contacts")?;
    // Each contact takes at least 40 bytes: a count that promises more than the
    // record holds is damage, not a reason to allocate.
    if n > bytes.len() / 40 {
        return Err(CodecError::Invalid(format!(
            "{n} contacts cannot fit in {} bytes",
            bytes.len()
        )));
    }
    let mut contacts = Vec::with_capacity(n);
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
        contacts.push(c);
    }
    r.end()?;
    Ok(contacts)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, len: usize, what: &'static str) -> Result<&'a [u8], CodecError> {
        let end = self
            .at
            .checked_add(len)
            .filter(|&end| end <= self.bytes.len())
            .ok_or(CodecError::Truncated {
                at: self.bytes.len(),
                what,
            })?;
        let slice = &self.bytes[self.at..end];
        self.at = end;
        Ok(slice)
    }

    /// A column of `n` values: dense in format 1; dense or sparse, as its
    /// first byte says, in format 2.
    fn column<T: Cell>(
        &mut self,
        n: usize,
        version: u16,
        what: &'static str,
    ) -> Result<Vec<T>, CodecError> {
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
                Ok(self
                    .take(len, what)?
                    .chunks_exact(T::WIDTH)
                    .map(T::get)
                    .collect())
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
                let mut out = vec![common; n];
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
                Ok(out)
            }
            other => Err(CodecError::Invalid(format!(
                "unknown encoding {other} of the {what} column"
            ))),
        }
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
