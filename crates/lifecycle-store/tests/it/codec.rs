use chrono::NaiveDate;
use lifecycle_core::columns::EventColumns;
use lifecycle_core::demo::{DemoConfig, generate};
use lifecycle_core::{Contact, FieldValue};
use lifecycle_store::codec::{
    CodecError, checksum, decode_contacts, decode_events, encode_contacts, encode_events,
};
use proptest::prelude::*;

fn demo(n: usize) -> (Vec<Contact>, EventColumns) {
    let (contacts, events) = generate(&DemoConfig {
        contacts: n,
        seed: 7,
        as_of: NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
    });
    let columns = EventColumns::from_events(&contacts, &events).unwrap();
    (contacts, columns)
}

/// NaN amounts compare unequal; compare them by bits.
fn same_events(a: &EventColumns, b: &EventColumns) -> bool {
    let bits = |c: &EventColumns| c.amount.iter().map(|v| v.to_bits()).collect::<Vec<_>>();
    let strip = |c: &EventColumns| EventColumns {
        amount: Vec::new(),
        ..c.clone()
    };
    bits(a) == bits(b) && strip(a) == strip(b)
}

#[test]
fn a_demo_base_round_trips_exactly() {
    let (contacts, events) = demo(500);
    assert!(events.len() > 1000);
    let packed = encode_events(&events);
    // Dense columns take 28 bytes an event; the tables come on top.
    assert!(packed.len() < events.len() * 28 + 16 + 200_000);
    assert!(same_events(&decode_events(&packed).unwrap(), &events));
    assert_eq!(
        decode_contacts(&encode_contacts(&contacts)).unwrap(),
        contacts
    );
}

#[test]
fn every_field_type_and_odd_text_round_trip() {
    let mut contact = Contact {
        id: "id-1".into(),
        name: "Ёжик «Туман» 🦔".into(),
        company: "<script>alert(1)</script>".into(),
        tags: vec!["".into(), "vip".into()],
        created: NaiveDate::from_ymd_opt(1999, 12, 31),
        ..Contact::default()
    };
    contact.fields.insert("icp".into(), FieldValue::Bool(true));
    contact
        .fields
        .insert("employees".into(), FieldValue::Number(-0.5));
    contact
        .fields
        .insert("industry".into(), FieldValue::Text("nul\0byte".into()));
    contact.fields.insert(
        "since".into(),
        FieldValue::Date(NaiveDate::from_ymd_opt(2020, 2, 29).unwrap()),
    );
    let contacts = vec![contact, Contact::default()];
    assert_eq!(
        decode_contacts(&encode_contacts(&contacts)).unwrap(),
        contacts
    );
}

#[test]
fn damage_and_foreign_data_are_refused() {
    let (contacts, events) = demo(30);
    let packed = encode_events(&events);
    assert_eq!(
        decode_contacts(&packed).unwrap_err(),
        CodecError::BadMagic {
            expected: "contacts"
        }
    );
    let mut flipped = packed.clone();
    let middle = flipped.len() / 2;
    flipped[middle] ^= 0x40;
    assert_eq!(decode_events(&flipped).unwrap_err(), CodecError::Checksum);

    let mut newer = encode_contacts(&contacts);
    newer[4] = 9;
    assert_eq!(
        decode_contacts(&newer).unwrap_err(),
        CodecError::UnsupportedVersion { found: 9 }
    );
    assert_eq!(
        decode_events(b"PK\x03\x04 a zip file, not ours").unwrap_err(),
        CodecError::BadMagic { expected: "events" }
    );
}

/// Cuts a record and fixes up its checksum, so the decoder must find the damage
/// by structure alone.
fn truncated_with_valid_checksum(bytes: &[u8], len: usize) -> Vec<u8> {
    let mut cut = bytes[..len].to_vec();
    let sum = checksum(&cut[16..]);
    cut[12..16].copy_from_slice(&sum.to_le_bytes());
    cut
}

#[test]
fn a_record_cut_anywhere_is_an_error_not_a_panic() {
    let (contacts, events) = demo(5);
    let ev = encode_events(&events);
    for len in 16..ev.len() {
        assert!(
            decode_events(&truncated_with_valid_checksum(&ev, len)).is_err(),
            "events cut at {len}"
        );
    }
    let ct = encode_contacts(&contacts);
    for len in 16..ct.len() {
        assert!(
            decode_contacts(&truncated_with_valid_checksum(&ct, len)).is_err(),
            "contacts cut at {len}"
        );
    }
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(mut bytes in prop::collection::vec(any::<u8>(), 0..400), magic in 0..3u8) {
        if bytes.len() >= 16 {
            match magic {
                0 => bytes[..4].copy_from_slice(b"LCEV"),
                1 => bytes[..4].copy_from_slice(b"LCCT"),
                _ => {}
            }
            bytes[4] = 1 + magic % 2;
            bytes[5] = 0;
            let sum = checksum(&bytes[16..]);
            bytes[12..16].copy_from_slice(&sum.to_le_bytes());
        }
        let _ = decode_events(&bytes);
        let _ = decode_contacts(&bytes);
    }

    /// Columns of every shape (mostly one value, mostly different, NaN
    /// payloads, -0.0) come back bit for bit, dense or sparse.
    #[test]
    fn any_event_columns_round_trip(
        rows in prop::collection::vec(
            (0..3u32, any::<i32>(), prop::option::weighted(0.2, any::<u64>()),
             prop::option::weighted(0.3, 0..4u32), any::<u16>(), 0..3u8, prop::option::weighted(0.1, any::<u8>())),
            0..300,
        ),
    ) {
        let mut columns = EventColumns {
            kinds: vec!["a".into(), "b".into(), "c".into()],
            strings: vec!["x".into(), "y".into(), "z".into(), "w".into()],
            ..EventColumns::default()
        };
        for (contact, day, amount, channel, time, kind, score) in rows {
            columns.contact.push(contact);
            columns.day.push(day);
            columns.amount.push(amount.map_or(f64::NAN, f64::from_bits));
            columns.channel.push(channel.unwrap_or(u32::MAX));
            columns.note.push(u32::MAX);
            columns.time.push(if time % 3 == 0 { u16::MAX } else { time });
            columns.kind.push(kind);
            columns.score.push(score.unwrap_or(u8::MAX));
        }
        let packed = encode_events(&columns);
        let back = decode_events(&packed).unwrap();
        prop_assert!(same_events(&back, &columns));
    }

    /// Any byte of a valid record changed (checksum fixed up, so only the
    /// structure can tell) is decoded or refused, never a panic.
    #[test]
    fn a_changed_byte_is_an_error_or_a_record_never_a_panic(
        seed in any::<u64>(), at in any::<prop::sample::Index>(), value in any::<u8>(),
    ) {
        let (contacts, mut events) = demo(3);
        events.amount[0] = f64::from_bits(seed);
        for (packed, is_events) in [(encode_events(&events), true), (encode_contacts(&contacts), false)] {
            let mut bytes = packed.clone();
            let i = 16 + at.index(bytes.len() - 16);
            bytes[i] = value;
            let sum = checksum(&bytes[16..]);
            bytes[12..16].copy_from_slice(&sum.to_le_bytes());
            if is_events {
                let _ = decode_events(&bytes);
            } else {
                let _ = decode_contacts(&bytes);
            }
        }
    }
}

#[test]
fn mostly_empty_columns_are_stored_sparse() {
    let (_, events) = demo(500);
    let packed = encode_events(&events);
    // Dense, 28 bytes an event; contact, day and kind alone take 9, and
    // notes, scores and amounts are mostly empty (about 17 in all).
    assert!(
        packed.len() < events.len() * 18,
        "{} bytes for {} events",
        packed.len(),
        events.len()
    );
    assert_eq!(packed[4..6], [2, 0], "written as format 2");
}

/// Records as format 1 wrote them (`tests/fixtures/store/records-v1`: 40 demo
/// contacts, their events with amounts, scores, times and notes set on some)
/// decode to exactly what was written. Any later format must keep reading them.
#[test]
fn format_1_records_still_decode() {
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/store/records-v1"
    );
    let read = |name: &str| std::fs::read(format!("{dir}/{name}")).unwrap();
    let expected: serde_json::Value = serde_json::from_slice(&read("expected.json")).unwrap();
    let contacts: Vec<Contact> = serde_json::from_value(expected["contacts"].clone()).unwrap();
    let events: Vec<lifecycle_core::Event> =
        serde_json::from_value(expected["events"].clone()).unwrap();
    let contacts_bin = read("contacts.bin");
    let events_bin = read("events.bin");
    assert_eq!(contacts_bin[4..6], [1, 0], "the fixture is format 1");
    assert_eq!(events_bin[4..6], [1, 0], "the fixture is format 1");
    let decoded = decode_contacts(&contacts_bin).unwrap();
    assert_eq!(decoded, contacts);
    let columns = decode_events(&events_bin).unwrap();
    assert_eq!(columns.to_events(&decoded).unwrap(), events);
    assert!(
        events
            .iter()
            .any(|e| e.amount.is_some() && e.note.is_some())
    );
}
