//! A stable fingerprint of a base: the same contacts and events give the same
//! numbers natively and in the browser, whatever chunks or string tables they
//! were stored in. The schema-v1 fixture records the fingerprint of the base
//! it holds; the upgrade test compares the base it loads against it.

use lifecycle_core::columns::EventColumns;
use lifecycle_core::{Contact, Event};

/// FNV-1a, 64 bits, as 16 hex digits.
pub fn fnv1a(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in bytes {
        h = (h ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("{h:016x}")
}

/// The fingerprint of the contacts in order: their JSON (fields are a sorted
/// map, so the text is the same every time).
pub fn contacts(contacts: &[Contact]) -> String {
    fnv1a(serde_json::to_string(contacts).unwrap().as_bytes())
}

/// The fingerprint of the events in order, as rows: what they mean, not how a
/// chunk's string table numbers their texts.
pub fn events(rows: &[Event]) -> String {
    fnv1a(serde_json::to_string(rows).unwrap().as_bytes())
}

/// The events of `columns` as rows, their contacts named from `contacts`.
pub fn rows(contacts: &[Contact], columns: &EventColumns) -> Vec<Event> {
    columns.to_events(contacts).unwrap()
}

/// Bytes as lowercase hex, two digits a byte: how the fixture keeps records.
/// (Only the fixture's producer, a native test, writes them.)
#[cfg_attr(target_arch = "wasm32", allow(dead_code))]
pub fn to_hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The bytes of a hex string written by [`to_hex`].
pub fn from_hex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}
