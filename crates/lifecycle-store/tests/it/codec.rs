use chrono::NaiveDate;
use lifecycle_core::columns::EventColumns;
use lifecycle_core::demo::{DemoConfig, generate};
use lifecycle_core::{Contact, FieldValue};
use lifecycle_store::codec::{
    CodecError, checksum, decode_contacts, decode_events, decode_events_into, encode_contacts,
    encode_events,
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
fn an_event_count_beyond_a_chunk_is_an_error_not_an_allocation() {
    let (_, events) = demo(5);
    let mut bad = encode_events(&events);
    for n in [lifecycle_store::EVENTS_PER_CHUNK as u32 + 1, u32::MAX] {
        bad[8..12].copy_from_slice(&n.to_le_bytes());
        let sum = checksum(&bad[16..]);
        bad[12..16].copy_from_slice(&sum.to_le_bytes());
        assert!(matches!(decode_events(&bad), Err(CodecError::Invalid(_))));
    }
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
        let cut = truncated_with_valid_checksum(&ct, len);
        assert!(decode_contacts(&cut).is_err(), "contacts cut at {len}");
        let mut builder = lifecycle_core::base::BaseBuilder::new(0);
        assert!(
            lifecycle_store::codec::decode_contacts_to_base(&mut builder, &cut).is_err(),
            "contacts cut at {len}, into a base"
        );
    }
}

proptest! {
    #[test]
    fn arbitrary_bytes_never_panic(
        mut bytes in prop::collection::vec(any::<u8>(), 0..400), magic in 0..3u8, version in 1..4u8,
    ) {
        if bytes.len() >= 16 {
            match magic {
                0 => bytes[..4].copy_from_slice(b"LCEV"),
                1 => bytes[..4].copy_from_slice(b"LCCT"),
                _ => {}
            }
            bytes[4] = version;
            bytes[5] = 0;
            let sum = checksum(&bytes[16..]);
            bytes[12..16].copy_from_slice(&sum.to_le_bytes());
        }
        let _ = decode_events(&bytes);
        let _ = decode_contacts(&bytes);
        let mut builder = lifecycle_core::base::BaseBuilder::new(0);
        let _ = lifecycle_store::codec::decode_contacts_to_base(&mut builder, &bytes);
    }

    /// Columns of every shape (mostly one value, mostly different, sorted,
    /// whole and fractional amounts, NaN payloads, -0.0, extremes) come back
    /// bit for bit, whichever encoding each column gets.
    #[test]
    fn any_event_columns_round_trip(
        mut rows in prop::collection::vec(
            (0..3u32, any::<i32>(), prop::option::weighted(0.2, prop_oneof![
                any::<u64>(),
                any::<i64>().prop_map(|v| (v as f64).to_bits()),
                (-100_000..100_000i32).prop_map(|v| f64::from(v).to_bits()),
                Just((-0.0f64).to_bits()),
                Just(9_007_199_254_740_994.0f64.to_bits()),
            ]),
             prop::option::weighted(0.3, 0..4u32), any::<u16>(), 0..3u8, prop::option::weighted(0.1, any::<u8>())),
            0..300,
        ),
        sorted in any::<bool>(),
    ) {
        if sorted {
            // As a base stores them: by contact, then day.
            rows.sort_by_key(|r| (r.0, r.1));
        }
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
                // Straight into a base, the same contacts or the same error.
                let mut builder = lifecycle_core::base::BaseBuilder::new(0);
                let straight = lifecycle_store::codec::decode_contacts_to_base(&mut builder, &bytes);
                match decode_contacts(&bytes) {
                    Ok(rows) => {
                        let rows_ok = lifecycle_core::Base::from_columns(rows.clone(), EventColumns::default()).is_ok();
                        prop_assert_eq!(straight.is_ok(), rows_ok);
                        if straight.is_ok() {
                            let base = builder.finish(EventColumns::default()).unwrap();
                            prop_assert_eq!(base.contacts(), &rows[..]);
                        }
                    }
                    Err(e) => prop_assert_eq!(straight, Err(e)),
                }
            }
        }
    }
}

#[test]
fn demo_records_are_compact() {
    let (contacts, events) = demo(500);
    let packed = encode_events(&events);
    // Dense, 28 bytes an event. Sorted contacts and days take a byte or two
    // as differences, kinds and channels a byte, and amounts, scores, times
    // and notes are mostly empty (about 6 in all).
    assert!(
        packed.len() < events.len() * 7,
        "{} bytes for {} events",
        packed.len(),
        events.len()
    );
    assert_eq!(packed[4..6], [3, 0], "written as format 3");
    // Inline, about 260 bytes a contact; the repeating strings (companies,
    // sources, owners, tags, field names, industries, regions) once.
    let packed = encode_contacts(&contacts);
    assert!(
        packed.len() < contacts.len() * 120,
        "{} bytes for {} contacts",
        packed.len(),
        contacts.len()
    );
    assert_eq!(packed[4..6], [3, 0], "written as format 3");
}

proptest! {
    /// Contacts with any values (whole, fractional, huge and negative-zero
    /// numbers; dates far apart; repeated and unique strings) come back
    /// exactly, numbers bit for bit.
    #[test]
    fn any_contacts_round_trip(
        rows in prop::collection::vec(
            ("[a-zé ]{0,6}", 0..4u8, prop::collection::vec(0..3u8, 0..3),
             prop::option::of(-300_000..3_000_000i32), any::<u64>(), any::<i64>(), any::<bool>()),
            0..40,
        ),
    ) {
        let shared = ["", "ads", "ООО «Ромашка»", "web"];
        let contacts: Vec<Contact> = rows
            .iter()
            .enumerate()
            .map(|(i, (text, pick, tags, day, bits, whole, flag))| {
                let mut c = Contact {
                    id: format!("C{i}"),
                    name: text.clone(),
                    company: shared[usize::from(*pick)].into(),
                    source: shared[usize::from(3 - pick)].into(),
                    owner: text.clone(),
                    tags: tags.iter().map(|&t| shared[usize::from(t)].to_owned()).collect(),
                    created: day.and_then(NaiveDate::from_num_days_from_ce_opt),
                    ..Contact::default()
                };
                let odd = f64::from_bits(*bits);
                if !odd.is_nan() {
                    c.fields.insert("odd".into(), FieldValue::Number(odd));
                }
                c.fields.insert("whole".into(), FieldValue::Number(*whole as f64));
                c.fields.insert("zero".into(), FieldValue::Number(-0.0));
                c.fields.insert("flag".into(), FieldValue::Bool(*flag));
                c.fields.insert(text.clone(), FieldValue::Text(shared[usize::from(*pick)].into()));
                if let Some(d) = c.created {
                    c.fields.insert("since".into(), FieldValue::Date(d));
                }
                c
            })
            .collect();
        let back = decode_contacts(&encode_contacts(&contacts)).unwrap();
        prop_assert_eq!(&back, &contacts);
        let bits = |cs: &[Contact]| -> Vec<u64> {
            cs.iter()
                .flat_map(|c| c.fields.values())
                .filter_map(|v| match v {
                    FieldValue::Number(x) => Some(x.to_bits()),
                    _ => None,
                })
                .collect()
        };
        prop_assert_eq!(bits(&back), bits(&contacts));
    }
}

/// Records as format 2 wrote them (`tests/fixtures/store/records-v2`, the same
/// contacts and events as the format-1 fixture, whose `expected.json` they
/// share) decode to exactly what was written.
#[test]
fn format_2_records_still_decode() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/../../tests/fixtures/store");
    let read = |name: &str| std::fs::read(format!("{dir}/{name}")).unwrap();
    let expected: serde_json::Value =
        serde_json::from_slice(&read("records-v1/expected.json")).unwrap();
    let contacts: Vec<Contact> = serde_json::from_value(expected["contacts"].clone()).unwrap();
    let events: Vec<lifecycle_core::Event> =
        serde_json::from_value(expected["events"].clone()).unwrap();
    let contacts_bin = read("records-v2/contacts.bin");
    let events_bin = read("records-v2/events.bin");
    assert_eq!(contacts_bin[4..6], [2, 0], "the fixture is format 2");
    assert_eq!(events_bin[4..6], [2, 0], "the fixture is format 2");
    // The first column (amounts) is sparse, which format 1 never wrote.
    assert_eq!(events_bin[16], 1);
    let decoded = decode_contacts(&contacts_bin).unwrap();
    assert_eq!(decoded, contacts);
    let columns = decode_events(&events_bin).unwrap();
    assert_eq!(columns.to_events(&decoded).unwrap(), events);
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

/// Chunks decoded one after another onto one set of columns: chunks of one
/// write keep their shared tables (indices as stored), a chunk with other
/// tables is merged; either way the events are those of the chunks in order.
#[test]
fn chunks_decode_onto_one_set_of_columns() {
    let (contacts, events) = demo(400);
    let half = events.len() / 2;
    let (first, second) = (events.slice(0..half), events.slice(half..events.len()));
    let mut all = EventColumns::default();
    decode_events_into(&mut all, &encode_events(&first)).unwrap();
    decode_events_into(&mut all, &encode_events(&second)).unwrap();
    assert!(same_events(&all, &events));
    assert_eq!(all.strings, events.strings, "one write's tables are kept");

    // A chunk of another base (other kinds and strings), its contacts after these.
    let other = generate(&DemoConfig {
        contacts: 50,
        seed: 99,
        as_of: NaiveDate::from_ymd_opt(2025, 1, 31).unwrap(),
    });
    let mut more = EventColumns::from_events(&other.0, &other.1).unwrap();
    for c in &mut more.contact {
        *c += contacts.len() as u32;
    }
    more.kinds.push("a kind only here".into());
    let at = more.kind.len() - 1;
    more.kind[at] = (more.kinds.len() - 1) as u8;
    let mut expected = events.clone();
    expected.extend(more.clone());
    decode_events_into(&mut all, &encode_events(&more)).unwrap();
    let mut everyone = contacts.clone();
    everyone.extend(other.0);
    assert_eq!(
        all.to_events(&everyone).unwrap(),
        expected.to_events(&everyone).unwrap()
    );
    assert!(all.kinds.iter().any(|k| k == "a kind only here"));

    // A damaged chunk is an error, as alone.
    let mut bad = encode_events(&first);
    bad.truncate(bad.len() - 3);
    assert!(decode_events_into(&mut EventColumns::default(), &bad).is_err());
}

/// Everything a base keeps of its contacts, to compare two bases.
fn contact_columns(base: &lifecycle_core::Base) -> Vec<String> {
    let s = |id: u32| base.strings().resolve(id).to_owned();
    let mut out: Vec<String> = (0..base.len() as u32)
        .map(|i| {
            let tags: Vec<String> = base.tag_ids(i).iter().map(|&t| s(t)).collect();
            format!(
                "{:?} {} {} {} {:?} {:?}",
                base.contact(i),
                base.source_id(i),
                base.owner_id(i),
                s(base.owner_id(i)),
                base.tag_ids(i),
                tags
            )
        })
        .collect();
    for f in base.fields() {
        out.push(format!("{} {:?}", f.name, f.cells));
    }
    out.push(format!("{:?}", base.to_columns().strings));
    out
}

/// Contacts decoded straight into a base (their table strings looked up
/// once a record) give the base built from the decoded rows: the same
/// contacts, string ids, tags and field columns, over several records, of
/// format 3 and of format 1; a repeated id in a later record is an error
/// naming its row.
#[test]
fn contacts_decode_straight_into_a_base() {
    use lifecycle_core::Base;
    use lifecycle_core::base::BaseBuilder;
    use lifecycle_store::codec::decode_contacts_to_base;
    let (mut contacts, events) = demo(900);
    // Odd strings too: a text field only some have, a tag that is also a source.
    let source = contacts[5].source.clone();
    contacts[3].tags.push(source);
    contacts[7]
        .fields
        .insert("zz only here".into(), FieldValue::Text("rare".into()));
    let records: Vec<Vec<u8>> = contacts.chunks(256).map(encode_contacts).collect();
    let mut builder = BaseBuilder::new(0);
    builder.reserve(contacts.len());
    for record in &records {
        decode_contacts_to_base(&mut builder, record).unwrap();
    }
    let straight = builder.finish(events.clone()).unwrap();
    let mut rows = Vec::new();
    for record in &records {
        rows.extend(decode_contacts(record).unwrap());
    }
    assert_eq!(rows, contacts);
    let from_rows = Base::from_columns(rows, events.clone()).unwrap();
    assert_eq!(contact_columns(&straight), contact_columns(&from_rows));
    for i in 0..from_rows.len() as u32 {
        assert_eq!(straight.event_rows(i), from_rows.event_rows(i));
    }

    // Format 1: every string inline.
    let dir = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../../tests/fixtures/store/records-v1"
    );
    let v1 = std::fs::read(format!("{dir}/contacts.bin")).unwrap();
    let mut builder = BaseBuilder::new(0);
    decode_contacts_to_base(&mut builder, &v1).unwrap();
    let straight = builder.finish(EventColumns::default()).unwrap();
    let rows = decode_contacts(&v1).unwrap();
    let from_rows = Base::from_columns(rows, EventColumns::default()).unwrap();
    assert_eq!(contact_columns(&straight), contact_columns(&from_rows));

    // A contact of the second record repeats an id of the first.
    let mut again = contacts[256..260].to_vec();
    again[2].id = contacts[10].id.clone();
    let mut builder = BaseBuilder::new(0);
    decode_contacts_to_base(&mut builder, &records[0]).unwrap();
    let error = decode_contacts_to_base(&mut builder, &encode_contacts(&again)).unwrap_err();
    assert_eq!(
        error.to_string(),
        format!(
            "record is damaged: contact #258: duplicate contact id {:?}",
            contacts[10].id
        )
    );
}
