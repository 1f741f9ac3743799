//! A job given the base in parts (`ImportJob::begin` and `add_base`, as the
//! wizard reads a large base between repaints) plans exactly what the one-shot
//! `plan` and `ImportJob::new` plan.

use chrono::NaiveDate;
use lifecycle_core::{Contact, Event};
use lifecycle_io::csv::{CsvOptions, read};
use lifecycle_io::import::{DuplicatePolicy, ImportJob, ImportOptions, UnknownContacts, plan};
use lifecycle_io::mapping::FileKind;
use proptest::prelude::*;

/// Ids, names and e-mails from small pools, so that files and bases share
/// contacts, and rows repeat each other.
fn contact() -> impl Strategy<Value = Contact> {
    (0..6u8, 0..4u8, 0..4u8, any::<bool>()).prop_map(|(id, name, mail, upper)| {
        let email = format!("c{mail}@example.com");
        Contact {
            id: format!("c{id}"),
            name: format!("Name {name}"),
            email: if upper { email.to_uppercase() } else { email },
            ..Contact::default()
        }
    })
}

/// Events on three days of three kinds: the base and the file often hold
/// identical ones.
fn event() -> impl Strategy<Value = Event> {
    (0..6u8, 0..3u32, 0..3u8).prop_map(|(id, day, kind)| Event {
        contact: format!("c{id}"),
        date: NaiveDate::from_ymd_opt(2025, 3, 1 + day).unwrap(),
        time: None,
        kind: ["call", "visit", "purchase"][kind as usize].to_owned(),
        amount: None,
        score: None,
        channel: None,
        note: None,
    })
}

/// A contacts file (some rows without an id) or an events file (some rows
/// naming their contact by e-mail only), a row per line.
fn file() -> impl Strategy<Value = (String, FileKind)> {
    prop_oneof![
        proptest::collection::vec((contact(), any::<bool>()), 0..12).prop_map(|rows| {
            let mut text = String::from("id,name,email\n");
            for (c, no_id) in rows {
                let id = if no_id { "" } else { c.id.as_str() };
                text += &format!("{id},{},{}\n", c.name, c.email);
            }
            (text, FileKind::Contacts)
        }),
        proptest::collection::vec((event(), 0..7u8), 0..12).prop_map(|rows| {
            let mut text = String::from("contact_id,email,date,kind\n");
            for (e, mail) in rows {
                // An e-mail instead of the id for some rows; unknown ones too.
                let (id, email) = if mail < 5 {
                    (e.contact.clone(), String::new())
                } else {
                    (String::new(), format!("C{}@example.com", mail - 3))
                };
                text += &format!("{id},{email},{},{}\n", e.date, e.kind);
            }
            (text, FileKind::Events)
        }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]
    #[test]
    fn a_base_given_in_parts_plans_the_same(
        base in proptest::collection::vec(contact(), 0..8),
        events in proptest::collection::vec(event(), 0..16),
        (text, kind) in file(),
        duplicates in prop_oneof![
            Just(DuplicatePolicy::Skip),
            Just(DuplicatePolicy::Update),
            Just(DuplicatePolicy::KeepBoth),
        ],
        report_unknown in any::<bool>(),
        part in 1..5usize,
        step in 1..4usize,
    ) {
        // A base's contacts have distinct ids.
        let mut base = base;
        let mut seen = std::collections::HashSet::new();
        base.retain(|c| seen.insert(c.id.clone()));
        let table = read(text.as_bytes(), CsvOptions::default());
        let options = ImportOptions {
            kind: Some(kind),
            duplicates,
            unknown_contacts: if report_unknown {
                UnknownContacts::Report
            } else {
                UnknownContacts::Create
            },
            ..ImportOptions::default()
        };
        let whole = plan(&table, &options, &base, &events).unwrap();
        let mut job = ImportJob::new(table.clone(), options.clone(), &base, &events).unwrap();
        while !job.step(&base, step).done {}
        prop_assert_eq!(&job.finish(), &whole);
        let mut job = ImportJob::begin(table, options, base.len(), events.len()).unwrap();
        // The contacts in order, `part` at a time; the events in parts of
        // another size, last first.
        for (i, contacts) in base.chunks(part).enumerate() {
            job.add_base(i * part, contacts, &[]);
        }
        for events in events.rchunks(part + 1) {
            job.add_base(base.len(), &[], events);
        }
        while !job.step(&base, step).done {}
        prop_assert_eq!(job.finish(), whole);
    }
}
