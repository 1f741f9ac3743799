//! Produces `tests/fixtures/store/schema-v1.json`: databases as schema version
//! 1 of lifecycle-store wrote them, record by record, which the browser test
//! `a_schema_v1_database_with_a_base_upgrades_with_its_data` writes into a
//! version-1 IndexedDB and opens with the current `Store`.
//!
//! Schema version 1 had two layouts in the history (see docs/storage.md):
//!
//! - `first-release` (commit 4147e47): five object stores, `contacts`,
//!   `event_chunks`, `models`, `settings`, `journal`; only settings were ever
//!   written.
//! - `with-base` (commits 5b7d3fe to c6be91d, still version 1): a sixth
//!   store, `meta`, whose record `base` is the commit record
//!   `[contacts, events, contact chunks, event chunks, generation]`; chunks of
//!   record format 1 keyed 0, 1, …; journal lines keyed by the generation.
//!
//! The fixture is kept: `UPDATE_FIXTURES=1 cargo test -p lifecycle-store --test it
//! schema_v1` writes it; without the variable the test fails unless the
//! producer still writes exactly the kept file.

use chrono::NaiveDate;
use lifecycle_core::columns::EventColumns;
use lifecycle_core::demo::{DemoConfig, generate};
use lifecycle_core::{Contact, Event};
use lifecycle_store::codec::{decode_contacts, decode_events};
use serde_json::{Value, json};

use crate::fingerprint;

/// Record format 1 as the first release encoded it (commit 80a7226,
/// `crates/lifecycle-store/src/codec.rs`), kept here verbatim in what it
/// writes: the store no longer writes format 1, only reads it.
mod format_1 {
    use lifecycle_core::columns::EventColumns;
    use lifecycle_core::{Contact, FieldValue};
    use lifecycle_store::codec::checksum;

    const EVENTS_MAGIC: [u8; 4] = *b"LCEV";
    const CONTACTS_MAGIC: [u8; 4] = *b"LCCT";
    const FORMAT_VERSION: u16 = 1;
    const HEADER: usize = 16;
    const FIELD_TEXT: u8 = 0;
    const FIELD_NUMBER: u8 = 1;
    const FIELD_BOOL: u8 = 2;
    const FIELD_DATE: u8 = 3;
    const NO_DATE: i32 = i32::MIN;

    fn header(out: &mut Vec<u8>, magic: [u8; 4], count: usize) {
        out.extend_from_slice(&magic);
        out.extend_from_slice(&FORMAT_VERSION.to_le_bytes());
        out.extend_from_slice(&0u16.to_le_bytes());
        out.extend_from_slice(&(count as u32).to_le_bytes());
        out.extend_from_slice(&0u32.to_le_bytes());
    }

    fn seal(mut out: Vec<u8>) -> Vec<u8> {
        let sum = checksum(&out[HEADER..]);
        out[12..16].copy_from_slice(&sum.to_le_bytes());
        out
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

    pub fn encode_events(events: &EventColumns) -> Vec<u8> {
        let mut out = Vec::new();
        header(&mut out, EVENTS_MAGIC, events.len());
        events
            .amount
            .iter()
            .for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
        events
            .contact
            .iter()
            .for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
        events
            .day
            .iter()
            .for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
        events
            .channel
            .iter()
            .for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
        events
            .note
            .iter()
            .for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
        events
            .time
            .iter()
            .for_each(|v| out.extend_from_slice(&v.to_le_bytes()));
        out.extend_from_slice(&events.kind);
        out.extend_from_slice(&events.score);
        put_strs(&mut out, &events.kinds);
        put_strs(&mut out, &events.strings);
        seal(out)
    }

    pub fn encode_contacts(contacts: &[Contact]) -> Vec<u8> {
        let mut out = Vec::new();
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
}

const FIXTURE: &str = concat!(
    env!("CARGO_MANIFEST_DIR"),
    "/../../tests/fixtures/store/schema-v1.json"
);

fn text(store: &str, key: Value, text: &str) -> Value {
    json!({ "store": store, "key": key, "text": text })
}

fn bytes(store: &str, key: u32, bytes: &[u8]) -> Value {
    json!({ "store": store, "key": key, "bytes": fingerprint::to_hex(bytes) })
}

/// The first release: settings only, no commit record.
fn first_release() -> Value {
    let settings = [("language", "ru"), ("period", "90"), ("theme", "dark")];
    let mut records: Vec<Value> = settings
        .iter()
        .map(|(k, v)| text("settings", json!(k), v))
        .collect();
    records.push(text(
        "models",
        json!("current"),
        "{\"version\":1,\"preset\":\"b2b\"}",
    ));
    json!({
        "stores": ["contacts", "event_chunks", "models", "settings", "journal"],
        "records": records,
        "expected": {
            "counts": [0, 0, 0, 0, 0],
            "contacts_fingerprint": fingerprint::contacts(&[]),
            "events_fingerprint": fingerprint::events(&[]),
            "settings": { "language": "ru", "period": "90", "theme": "dark" },
            "models": { "current": "{\"version\":1,\"preset\":\"b2b\"}" },
            "journal": [],
        },
    })
}

/// Version 1 with a base, written as that version's `replace` and then its
/// `append` wrote it: two chunks in each chunk store, the second chunk's
/// events pointing at contacts of both chunks.
fn with_base() -> Value {
    let (contacts, events) = generate(&DemoConfig {
        contacts: 300,
        seed: 51,
        as_of: NaiveDate::from_ymd_opt(2025, 12, 31).unwrap(),
    });
    let (first, second) = contacts.split_at(200);
    let first_ids: std::collections::HashSet<&str> = first.iter().map(|c| c.id.as_str()).collect();
    let (first_events, second_events): (Vec<Event>, Vec<Event>) = events
        .into_iter()
        .partition(|e| first_ids.contains(e.contact.as_str()));
    // The append's events index into the stored contacts followed by the new
    // ones; some of them belong to contacts of the first write.
    let mut second_events = second_events;
    for (i, event) in first_events.iter().step_by(40).enumerate() {
        let mut again = event.clone();
        again.note = Some(format!("follow-up {i}"));
        second_events.push(again);
    }
    let first_columns = EventColumns::from_events(first, &first_events).unwrap();
    let second_columns = EventColumns::from_events(&contacts, &second_events).unwrap();
    let mut rows: Vec<Event> = fingerprint::rows(first, &first_columns);
    rows.extend(fingerprint::rows(&contacts, &second_columns));
    let counts = [
        contacts.len(),
        first_columns.len() + second_columns.len(),
        2,
        2,
        2,
    ];
    let journal = [
        "2025-12-30T09:15:00.000Z\timport crm-export.csv",
        "2025-12-31T16:40:00.000Z\timport more-contacts.csv",
    ];
    let records = vec![
        bytes("contacts", 0, &format_1::encode_contacts(first)),
        bytes("contacts", 1, &format_1::encode_contacts(second)),
        bytes("event_chunks", 0, &format_1::encode_events(&first_columns)),
        bytes("event_chunks", 1, &format_1::encode_events(&second_columns)),
        json!({ "store": "meta", "key": "base", "numbers": counts }),
        text("journal", json!(1), journal[0]),
        text("journal", json!(2), journal[1]),
        text("settings", json!("language"), "en"),
        text(
            "models",
            json!("current"),
            "{\"version\":1,\"preset\":\"saas\"}",
        ),
    ];
    json!({
        "stores": ["meta", "contacts", "event_chunks", "models", "settings", "journal"],
        "records": records,
        "expected": {
            "counts": counts,
            "contacts_fingerprint": fingerprint::contacts(&contacts),
            "events_fingerprint": fingerprint::events(&rows),
            "settings": { "language": "en" },
            "models": { "current": "{\"version\":1,\"preset\":\"saas\"}" },
            "journal": journal,
        },
    })
}

fn produce() -> String {
    let fixture = json!({
        "about": "Databases as schema version 1 of lifecycle-store wrote them, record by record \
                  (bytes in hex, commit records as numbers). Produced by \
                  crates/lifecycle-store/tests/it/schema_v1.rs; regenerate with \
                  UPDATE_FIXTURES=1 cargo test -p lifecycle-store --test it schema_v1. \
                  `expected` is what the current Store must find after the upgrade.",
        "version": 1,
        "databases": {
            "first-release": first_release(),
            "with-base": with_base(),
        },
    });
    serde_json::to_string_pretty(&fixture).unwrap() + "\n"
}

#[test]
fn the_schema_v1_fixture_is_what_the_producer_writes() {
    let produced = produce();
    if std::env::var_os("UPDATE_FIXTURES").is_some() {
        std::fs::write(FIXTURE, &produced).unwrap();
    }
    let kept = std::fs::read_to_string(FIXTURE).unwrap();
    assert!(
        kept == produced,
        "tests/fixtures/store/schema-v1.json is not what the producer writes; \
         if the change is meant, run with UPDATE_FIXTURES=1 and commit the file"
    );
}

/// The records decode with today's codec to the base the fixture's
/// fingerprints describe, so the browser test's expectations are right. (It
/// reads what the producer writes, which the test above holds equal to the
/// kept file, and so does not race its rewrite under `UPDATE_FIXTURES`.)
#[test]
fn the_schema_v1_records_decode_to_their_fingerprints() {
    let fixture: Value = serde_json::from_str(&produce()).unwrap();
    let database = &fixture["databases"]["with-base"];
    let chunks = |store: &str| -> Vec<Vec<u8>> {
        database["records"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["store"] == store)
            .map(|r| fingerprint::from_hex(r["bytes"].as_str().unwrap()))
            .collect()
    };
    let contact_chunks = chunks("contacts");
    let event_chunks = chunks("event_chunks");
    assert_eq!((contact_chunks.len(), event_chunks.len()), (2, 2));
    for chunk in contact_chunks.iter().chain(&event_chunks) {
        assert_eq!(chunk[4..6], [1, 0], "record format 1");
    }
    let contacts: Vec<Contact> = contact_chunks
        .iter()
        .flat_map(|c| decode_contacts(c).unwrap())
        .collect();
    let rows: Vec<Event> = event_chunks
        .iter()
        .flat_map(|c| fingerprint::rows(&contacts, &decode_events(c).unwrap()))
        .collect();
    let expected = &database["expected"];
    assert_eq!(expected["counts"][0], contacts.len());
    assert_eq!(expected["counts"][1], rows.len());
    assert!(
        contacts.len() >= 300 && rows.len() >= 2000,
        "{}",
        rows.len()
    );
    assert_eq!(
        expected["contacts_fingerprint"],
        fingerprint::contacts(&contacts)
    );
    assert_eq!(expected["events_fingerprint"], fingerprint::events(&rows));
}
