//! The full backup round-trips exactly and refuses damaged or foreign files.

use chrono::NaiveDate;
use lifecycle_core::demo::{DemoConfig, generate};
use lifecycle_io::backup::{
    Backup, BackupError, BackupReader, BackupWriter, read_backup, read_backup_bytes, write_backup,
};
use proptest::prelude::*;
use serde_json::json;

fn demo_backup() -> Backup {
    let as_of = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
    let (contacts, events) = generate(&DemoConfig {
        contacts: 500,
        seed: 8,
        as_of,
    });
    Backup {
        model: json!({"version": 1, "preset": "b2b", "stages": [{"id": "lost", "rule": "days_since_last_activity > 365"}]}),
        contacts,
        events,
        settings: json!({"language": "ru", "as_of": "2025-12-31"}),
    }
}

#[test]
fn written_in_slices_is_written_at_once() {
    for (contacts, events, slice) in [(500, usize::MAX, 7), (3, 0, 2), (0, 0, 1), (0, 5, 3)] {
        let mut b = demo_backup();
        b.contacts.truncate(contacts);
        b.events.truncate(events);
        let mut w = BackupWriter::new(&b.model);
        for slice in b.contacts.chunks(slice) {
            w.contacts(slice);
        }
        for slice in b.events.chunks(slice) {
            w.events(slice);
        }
        let text = w.finish(&b.settings);
        assert_eq!(text, write_backup(&b));
        assert_eq!(read_backup(&text).unwrap(), b);
    }
}

#[test]
fn round_trips_exactly() {
    let b = demo_backup();
    let text = write_backup(&b);
    assert_eq!(read_backup(&text).unwrap(), b);
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend(text.as_bytes());
    assert_eq!(read_backup_bytes(&with_bom).unwrap(), b);
}

#[test]
fn refuses_damaged_and_foreign_files() {
    let text = write_backup(&demo_backup());
    let check = |input: &str, expected: &str| {
        let err = read_backup(input).unwrap_err();
        assert_eq!(err.to_string(), expected, "{err:?}");
    };
    let edited = text.replacen("C0000001", "C0000999", 1);
    check(
        &edited,
        "the backup was changed or damaged after it was written (its checksum does not match); use an untouched copy",
    );
    check(
        &text[..text.len() / 2],
        &format!(
            "this is not a Lifecycle backup: it is not valid JSON (EOF while parsing a string at line 1, column {})",
            text.len() / 2
        ),
    );
    check(
        r#"{"contacts": []}"#,
        "this JSON file is not a Lifecycle backup (it has no \"format\": \"lifecycle-backup\"); choose a file made with \"Download a backup\"",
    );
    check(
        "[1, 2]",
        "this JSON file is not a Lifecycle backup (it has no \"format\": \"lifecycle-backup\"); choose a file made with \"Download a backup\"",
    );
    check(
        &text.replacen("\"version\":1", "\"version\":7", 1),
        "this backup was made by a newer version of Lifecycle (format 7; this one reads up to 1); update the app to restore it",
    );
    check(
        r#"{"format": "lifecycle-backup", "version": 1, "checksum": "fnv1a64:0", "model": null, "contacts": 5, "events": [], "settings": null}"#,
        "the backup is damaged: invalid type: integer `5`, expected a sequence; use another copy",
    );
    assert!(matches!(
        read_backup_bytes(b"\xFF\xFE{"),
        Err(BackupError::NotJson { .. })
    ));
}

/// A backup read by [`BackupReader`], `rows` rows per step.
fn read_in_steps(bytes: &[u8], rows: usize) -> Result<Backup, BackupError> {
    read_counting_steps(bytes, rows).map(|(backup, _)| backup)
}

/// [`read_in_steps`], with the number of steps it took.
fn read_counting_steps(bytes: &[u8], rows: usize) -> Result<(Backup, usize), BackupError> {
    let mut reader = BackupReader::new(bytes)?;
    let mut last = reader.progress();
    let mut steps = 1;
    while !reader.step(rows)? {
        assert!(reader.progress() >= last);
        last = reader.progress();
        steps += 1;
    }
    reader.finish().map(|backup| (backup, steps))
}

#[test]
fn read_in_steps_is_read_whole_for_good_damaged_and_foreign_files() {
    let b = demo_backup();
    let text = write_backup(&b);
    let mut with_bom = b"\xEF\xBB\xBF".to_vec();
    with_bom.extend(text.as_bytes());
    let pretty = {
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        serde_json::to_string_pretty(&v).unwrap()
    };
    // Keys in another order, an unknown member, a key given twice: as the
    // parser reads it (the last one counts).
    let reordered = {
        let v: serde_json::Value = serde_json::from_str(&text).unwrap();
        format!(
            r#"{{"extra": {{"a": [1, "]"]}}, "settings": {}, "events": [], "contacts": {}, "events": {}, "model": {}, "checksum": {}, "version": 1, "format": "lifecycle-backup"}}"#,
            v["settings"], v["contacts"], v["events"], v["model"], v["checksum"]
        )
    };
    let bad_contact = text.replacen("\"id\":\"C0000001\"", "\"id\":7", 1);
    let bad_event = text.replacen("\"kind\":", "\"kind\":[],\"x\":", 1);
    let inputs: Vec<&[u8]> = vec![
        text.as_bytes(),
        &with_bom,
        pretty.as_bytes(),
        reordered.as_bytes(),
        // The checksum over the contacts' and events' values, whatever the layout.
        text.replacen("C0000001", "C0000999", 1).leak().as_bytes(),
        &text.as_bytes()[..text.len() / 2],
        br#"{"contacts": []}"#,
        b"[1, 2]",
        text.replacen("\"version\":1", "\"version\":7", 1).leak().as_bytes(),
        text.replacen("\"format\":\"lifecycle-backup\"", "\"format\":\"other\"", 1).leak().as_bytes(),
        br#"{"format": "lifecycle-backup", "version": 1, "checksum": "fnv1a64:0", "model": null, "contacts": 5, "events": [], "settings": null}"#,
        br#"{"format": "lifecycle-backup", "version": 1, "model": null, "contacts": [], "events": [], "settings": null}"#,
        bad_contact.as_bytes(),
        bad_event.as_bytes(),
        b"\xFF\xFE{",
        // What the split must not let through: text after the end, a missing
        // or extra comma, a bracket left open.
        format!("{text} x").leak().as_bytes(),
        text.replacen("\"events\":[", "\"events\":[,", 1).leak().as_bytes(),
        text.replacen("},{", "} {", 1).leak().as_bytes(),
        text.replacen("\"version\":1,", "\"version\":1,,", 1).leak().as_bytes(),
        text.replacen("\"settings\":", "\"settings\":[", 1).leak().as_bytes(),
    ];
    // Good files the split does not follow, read whole instead: a member
    // given first as something else (the later one counts), a field given
    // twice in a row.
    let events_null_first = text.replacen('{', r#"{"events":null,"#, 1);
    let contacts_zero_first = text.replacen('{', r#"{"contacts":0,"#, 1);
    let field_twice = text.replacen(
        "\"id\":\"C0000001\"",
        "\"id\":\"C0000001\",\"id\":\"C0000001\"",
        1,
    );
    for (i, input) in [events_null_first, contacts_zero_first, field_twice]
        .iter()
        .enumerate()
    {
        for rows in [1, 7, 100_000] {
            assert_eq!(
                read_in_steps(input.as_bytes(), rows).as_ref(),
                Ok(&b),
                "read whole {i}, {rows} rows a step"
            );
        }
    }
    // `finish` part-way through reads the rest.
    let mut reader = BackupReader::new(text.as_bytes()).unwrap();
    while reader.progress() < 0.5 {
        reader.step(3).unwrap();
    }
    assert_eq!(reader.finish().unwrap(), b);
    for (i, input) in inputs.into_iter().enumerate() {
        let whole = read_backup_bytes(input);
        for rows in [1, 7, 100_000] {
            assert_eq!(
                read_in_steps(input, rows),
                whole,
                "input {i}, {rows} rows a step"
            );
        }
        if i < 4 {
            assert_eq!(whole.as_ref(), Ok(&b), "input {i}");
            // Read in steps indeed, not whole: a step per row and more.
            let (_, steps) = read_counting_steps(input, 1).unwrap();
            assert!(
                steps > b.contacts.len() + b.events.len(),
                "input {i}: {steps} steps"
            );
        } else {
            assert!(whole.is_err(), "input {i}");
        }
    }
}

proptest! {
    #[test]
    fn any_amounts_and_texts_round_trip(
        amounts in proptest::collection::vec(any::<f64>().prop_filter("finite", |f| f.is_finite()), 0..20),
        text in "\\PC{0,40}",
    ) {
        let mut b = demo_backup();
        b.contacts.truncate(3);
        b.events.truncate(amounts.len());
        for (e, a) in b.events.iter_mut().zip(&amounts) {
            e.amount = Some(*a);
            e.note = Some(text.clone());
        }
        b.settings = json!({"note": text, "amounts": amounts});
        let written = write_backup(&b);
        prop_assert_eq!(read_in_steps(written.as_bytes(), 2).unwrap(), b.clone());
        prop_assert_eq!(read_backup(&written).unwrap(), b);
    }
}
