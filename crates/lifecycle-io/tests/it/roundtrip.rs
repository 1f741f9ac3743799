//! Export then import gives back the same data, in every format and profile.

use chrono::{NaiveDate, NaiveTime};
use lifecycle_core::{Contact, Event, FieldValue, Fields};
use lifecycle_io::export::{
    CsvExport, CsvProfile, ExtraColumn, all_columns, contacts_csv, contacts_from_json,
    contacts_json, events_csv, events_from_json, events_json,
};
use lifecycle_io::import::{ImportOptions, import, plan_json};
use lifecycle_io::mapping::FileKind;
use proptest::prelude::*;

/// Text as users type it, including what CSV and spreadsheets treat specially, and
/// spaces around it.
fn text() -> impl Strategy<Value = String> {
    "[a-zA-Zа-яА-ЯёЁ0-9 ,;\"'=+@|\\-\n\t🦔<>]{1,14}"
        .prop_filter("not blank", |s| !s.trim().is_empty())
}

fn maybe(s: impl Strategy<Value = String>) -> impl Strategy<Value = String> {
    prop_oneof![Just(String::new()), s]
}

fn date() -> impl Strategy<Value = NaiveDate> {
    (0i64..40_000)
        .prop_map(|d| NaiveDate::from_ymd_opt(1970, 1, 1).unwrap() + chrono::Duration::days(d))
}

fn number() -> impl Strategy<Value = f64> {
    prop_oneof![
        (-1_000_000i64..1_000_000).prop_map(|n| n as f64 / 100.0),
        any::<f64>().prop_filter("finite", |f| f.is_finite()),
    ]
}

fn fields() -> impl Strategy<Value = Fields> {
    (
        proptest::option::of(text()),
        proptest::option::of(number()),
        proptest::option::of(any::<bool>()),
        proptest::option::of(date()),
    )
        .prop_map(|(t, n, b, d)| {
            let mut m = Fields::new();
            if let Some(t) = t {
                m.insert("industry".into(), FieldValue::Text(t));
            }
            if let Some(n) = n {
                m.insert("employees".into(), FieldValue::Number(n));
            }
            if let Some(b) = b {
                m.insert("icp".into(), FieldValue::Bool(b));
            }
            if let Some(d) = d {
                m.insert("signed".into(), FieldValue::Date(d));
            }
            m
        })
}

fn contact() -> impl Strategy<Value = Contact> {
    (
        (
            text(),
            maybe(text()),
            maybe(text()),
            maybe("[a-z0-9.]{1,8}@[a-z]{1,8}\\.(ru|com)".prop_map(|s| s)),
        ),
        (
            maybe("\\+[1-9][0-9]{6,14}".prop_map(|s| s)),
            maybe(text()),
            maybe(text()),
        ),
        proptest::collection::btree_set("[a-zа-я0-9 ,;\"'=]{0,7}", 0..4).prop_map(|tags| {
            tags.into_iter()
                .filter(|t| !t.is_empty())
                .collect::<Vec<_>>()
        }),
        proptest::option::of(date()),
        fields(),
    )
        .prop_map(
            |((id, name, company, email), (phone, source, owner), tags, created, fields)| Contact {
                id,
                name,
                company,
                email: email.trim_start_matches('.').to_owned(),
                phone,
                source,
                owner,
                tags,
                created,
                fields,
            },
        )
        .prop_filter("a valid e-mail", |c| {
            c.email.is_empty() || !c.email.starts_with('@')
        })
}

fn contacts() -> impl Strategy<Value = Vec<Contact>> {
    proptest::collection::vec(contact(), 0..12).prop_map(|mut v| {
        // Ids are unique within a base.
        let mut seen = std::collections::HashSet::new();
        v.retain(|c| seen.insert(c.id.clone()));
        v
    })
}

const KINDS: [&str; 8] = [
    "deal_won",
    "nps",
    "review",
    "call",
    "message_in",
    "campaign_sent",
    "x_webinar",
    "x_demo",
];

fn event(ids: Vec<String>) -> impl Strategy<Value = Event> {
    (
        proptest::sample::select(ids),
        date(),
        proptest::option::of(
            (0u32..86_400)
                .prop_map(|s| NaiveTime::from_num_seconds_from_midnight_opt(s, 0).unwrap()),
        ),
        proptest::sample::select(KINDS.to_vec()),
        proptest::option::of(number()),
        proptest::option::of(1u8..=5),
        proptest::option::of(text()),
        proptest::option::of(text()),
    )
        .prop_map(
            |(contact, date, time, kind, amount, score, channel, note)| Event {
                contact,
                date,
                time,
                kind: kind.to_owned(),
                amount,
                score,
                channel,
                note,
            },
        )
}

fn base() -> impl Strategy<Value = (Vec<Contact>, Vec<Event>)> {
    contacts()
        .prop_filter("some contacts", |c| !c.is_empty())
        .prop_flat_map(|cs| {
            let ids: Vec<String> = cs.iter().map(|c| c.id.clone()).collect();
            (Just(cs), proptest::collection::vec(event(ids), 0..12))
        })
}

fn profile() -> impl Strategy<Value = CsvExport> {
    (
        prop_oneof![Just(CsvProfile::Excel), Just(CsvProfile::Data)],
        prop_oneof![Just(','), Just(';'), Just('\t'), Just('|')],
    )
        .prop_map(|(profile, delimiter)| CsvExport { profile, delimiter })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn contacts_csv_round_trips(contacts in contacts(), export in profile()) {
        let bytes = contacts_csv(&contacts, &all_columns(&contacts), &[], export);
        let plan = import(&bytes, &ImportOptions::default(), &[], &[]).unwrap();
        prop_assert!(plan.report.errors.is_empty(), "{:?}", plan.report.errors);
        prop_assert_eq!(plan.new_contacts, contacts);
    }

    #[test]
    fn events_csv_round_trips((contacts, events) in base(), export in profile()) {
        let bytes = events_csv(&events, &[], export);
        let plan = import(&bytes, &ImportOptions::default(), &contacts, &[]).unwrap();
        prop_assert!(plan.report.errors.is_empty(), "{:?}", plan.report.errors);
        prop_assert_eq!(plan.report.contacts_created, 0);
        prop_assert_eq!(plan.new_events, events);
    }

    #[test]
    fn json_round_trips((contacts, events) in base()) {
        let extra = [ExtraColumn { header: "stage".into(), values: vec!["loyal".into()] }];
        prop_assert_eq!(&contacts_from_json(&contacts_json(&contacts, &all_columns(&contacts), &extra)).unwrap(), &contacts);
        prop_assert_eq!(&events_from_json(&events_json(&events, &extra)).unwrap(), &events);
        // Through the import's plan too, with its policies and report.
        let json = contacts_json(&contacts, &all_columns(&contacts), &extra);
        let plan = plan_json(&json, FileKind::Contacts, &ImportOptions::default(), &[], &[]).unwrap();
        prop_assert!(plan.report.balances());
        prop_assert_eq!(&plan.new_contacts, &contacts);
        let plan = plan_json(&events_json(&events, &extra), FileKind::Events, &ImportOptions::default(), &contacts, &[]).unwrap();
        prop_assert_eq!(plan.new_events, events);
    }

    #[test]
    fn exports_in_slices_are_the_exports_at_once(contacts in contacts(), export in profile(), slice in 1usize..4) {
        use lifecycle_io::export::{ContactsCsv, ContactsJson};
        let columns = all_columns(&contacts);
        let stage = |rows: &[Contact]| [ExtraColumn { header: "stage".into(), values: rows.iter().map(|c| format!("s-{}", c.id)).collect() }];
        let mut csv = ContactsCsv::new(&contacts, &columns, ["stage"], export);
        let mut json = ContactsJson::default();
        for rows in contacts.chunks(slice) {
            csv.push(rows, &columns, &stage(rows));
            json.push(rows, &columns, &stage(rows));
        }
        prop_assert_eq!(csv.finish(), contacts_csv(&contacts, &columns, &stage(&contacts), export));
        let at_once = contacts_json(&contacts, &columns, &stage(&contacts));
        prop_assert_eq!(json.finish(), at_once.clone());
        // And that is serde_json's own pretty form of the array.
        let value: serde_json::Value = serde_json::from_str(&at_once).unwrap();
        prop_assert_eq!(serde_json::to_string_pretty(&value).unwrap(), at_once);
    }

    #[test]
    fn excel_profile_cells_never_start_a_formula(contacts in contacts()) {
        let bytes = contacts_csv(&contacts, &all_columns(&contacts), &[], CsvExport::default());
        let table = lifecycle_io::csv::read(&bytes, Default::default());
        for r in &table.rows {
            for cell in &r.fields {
                prop_assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "{:?}", cell);
            }
        }
    }
}

#[test]
fn exports_with_stage_and_explanation_columns() {
    let contacts = vec![Contact {
        id: "C1".into(),
        name: "=cmd|' /C calc'!A0".into(),
        company: "ООО «Альфа», филиал".into(),
        fields: Fields::from([("employees".into(), FieldValue::Number(1250.0))]),
        ..Contact::default()
    }];
    let extra = [
        ExtraColumn {
            header: "stage".into(),
            values: vec!["loyal".into()],
        },
        ExtraColumn {
            header: "explanation".into(),
            values: vec!["4 won deals; active in 3 of 6 windows".into()],
        },
    ];
    let cols = [
        lifecycle_io::export::ContactColumn::Id,
        lifecycle_io::export::ContactColumn::Name,
        lifecycle_io::export::ContactColumn::Company,
        lifecycle_io::export::ContactColumn::Field("employees".into()),
    ];
    let excel = contacts_csv(&contacts, &cols, &extra, CsvExport::default());
    assert_eq!(
        String::from_utf8(excel).unwrap(),
        "\u{feff}id,name,company,employees [number],stage,explanation\r\n\
         C1,'=cmd|' /C calc'!A0,\"ООО «Альфа», филиал\",1250,loyal,4 won deals; active in 3 of 6 windows\r\n"
    );
    let data = contacts_csv(
        &contacts,
        &cols,
        &extra,
        CsvExport {
            profile: CsvProfile::Data,
            delimiter: ';',
        },
    );
    assert_eq!(
        String::from_utf8(data).unwrap(),
        "id;name;company;employees [number];stage;explanation\r\n\
         C1;=cmd|' /C calc'!A0;ООО «Альфа», филиал;1250;loyal;\"4 won deals; active in 3 of 6 windows\"\r\n"
    );
    let json = contacts_json(&contacts, &cols, &extra);
    let v: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(v[0]["extra"]["stage"], "loyal");
    assert_eq!(
        v[0]["fields"]["employees"],
        serde_json::json!({"type": "number", "value": 1250.0})
    );
    assert!(v[0].get("email").is_none(), "only the chosen columns");
}

#[test]
fn a_demo_base_round_trips_through_csv() {
    let as_of = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
    let (contacts, events) = lifecycle_core::demo::generate(&lifecycle_core::demo::DemoConfig {
        contacts: 300,
        seed: 4,
        as_of,
    });
    let bytes = contacts_csv(
        &contacts,
        &all_columns(&contacts),
        &[],
        CsvExport::default(),
    );
    let plan = import(&bytes, &ImportOptions::default(), &[], &[]).unwrap();
    assert_same(&plan.new_contacts, &contacts);
    let bytes = events_csv(
        &events,
        &[],
        CsvExport {
            profile: CsvProfile::Data,
            delimiter: ',',
        },
    );
    let plan = import(&bytes, &ImportOptions::default(), &contacts, &[]).unwrap();
    assert_same(&plan.new_events, &events);
}

/// Compares long lists and names the first difference only.
fn assert_same<T: PartialEq + std::fmt::Debug>(got: &[T], expected: &[T]) {
    if let Some(i) = (0..got.len().min(expected.len())).find(|&i| got[i] != expected[i]) {
        panic!(
            "item {i} differs:\n got      {:?}\n expected {:?}",
            got[i], expected[i]
        );
    }
    assert_eq!(got.len(), expected.len());
}

#[test]
fn stage_columns_say_where_each_row_stands_and_why_in_both_languages() {
    use lifecycle_core::{Base, Engine, Lang, Model};
    use lifecycle_io::export::stage_columns;
    let contacts = ["a", "b"]
        .map(|id| Contact {
            id: id.into(),
            ..Contact::default()
        })
        .to_vec();
    let won = Event {
        contact: "a".into(),
        date: NaiveDate::from_ymd_opt(2025, 3, 2).unwrap(),
        time: None,
        kind: "deal_won".into(),
        amount: Some(10.0),
        score: None,
        channel: None,
        note: None,
    };
    let engine = Engine::new(
        Base::new(contacts, vec![won]).unwrap(),
        Model::preset("b2b").unwrap(),
    )
    .unwrap();
    let as_of = NaiveDate::from_ymd_opt(2025, 10, 1).unwrap();
    // Rows in the order asked for, not the base's.
    let [ids, names, why] = stage_columns(&engine, &[1, 0], as_of, Lang::En);
    assert_eq!(
        (
            ids.header.as_str(),
            names.header.as_str(),
            why.header.as_str()
        ),
        ("stage", "stage_name", "explanation")
    );
    assert_eq!(ids.values, ["unqualified", "sleeping"]);
    assert_eq!(names.values, ["Unqualified", "Sleeping"]);
    assert_eq!(
        why.values[1],
        "last client activity Mar 2, 2025, 213 days ago — needs more than 180 days ago"
    );
    let [ids, names, why] = stage_columns(&engine, &[0], as_of, Lang::Ru);
    assert_eq!(ids.values, ["sleeping"]);
    assert_ne!(names.values[0], "Sleeping");
    assert!(
        why.values[0].contains("213 дней назад"),
        "{}",
        why.values[0]
    );
}
