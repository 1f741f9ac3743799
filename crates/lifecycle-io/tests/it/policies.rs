//! The user's choices: duplicates, unknown contacts, mapping and date overrides, status
//! maps, and applying a plan all-or-nothing.

use chrono::NaiveDate;
use lifecycle_core::{Contact, Event};
use lifecycle_io::import::{
    ApplyError, DuplicatePolicy, ImportOptions, SkipReason, UnknownContacts, import,
};
use lifecycle_io::mapping::{ColumnMapping, FieldType, MappingReason, StatusMap, Target};
use lifecycle_io::values::DateOrder;

use crate::{contact_line, event_line};

fn existing() -> Vec<Contact> {
    vec![Contact {
        id: "1".into(),
        name: "Old name".into(),
        email: "old@example.com".into(),
        tags: vec!["a".into()],
        ..Contact::default()
    }]
}

const CONTACTS: &str = "id,name,tags\n1,New name,b\n2,Two,\n2,Two again,c\n";

fn plan_with(policy: DuplicatePolicy) -> String {
    let options = ImportOptions {
        duplicates: policy,
        ..ImportOptions::default()
    };
    let plan = import(CONTACTS.as_bytes(), &options, &existing(), &[]).unwrap();
    let r = &plan.report;
    assert!(r.balances());
    let mut out = format!(
        "added {} updated {} skipped {}\n",
        r.rows_added,
        r.rows_updated,
        r.skipped.len()
    );
    for s in &r.skipped {
        out += &format!("skip {}: {}\n", s.row, s.message);
    }
    for c in &plan.new_contacts {
        out += &format!("new {}\n", contact_line(c));
    }
    for c in &plan.updated_contacts {
        out += &format!("updated {}\n", contact_line(c));
    }
    out
}

#[test]
fn duplicates_skip() {
    assert_eq!(
        plan_with(DuplicatePolicy::Skip),
        "added 1 updated 0 skipped 2\n\
         skip 2: id «1» is already in the base\n\
         skip 4: id «2» already appears on row 3\n\
         new \"2\" | name \"Two\" | company \"\" | email \"\" | phone \"\" | source \"\" | owner \"\" | tags [] | created  | \n"
    );
}

#[test]
fn duplicates_update() {
    assert_eq!(
        plan_with(DuplicatePolicy::Update),
        "added 1 updated 2 skipped 0\n\
         new \"2\" | name \"Two again\" | company \"\" | email \"\" | phone \"\" | source \"\" | owner \"\" | tags [\"c\"] | created  | \n\
         updated \"1\" | name \"New name\" | company \"\" | email \"old@example.com\" | phone \"\" | source \"\" | owner \"\" | tags [\"a\", \"b\"] | created  | \n"
    );
}

#[test]
fn duplicates_keep_both() {
    assert_eq!(
        plan_with(DuplicatePolicy::KeepBoth),
        "added 3 updated 0 skipped 0\n\
         new \"1 (2)\" | name \"New name\" | company \"\" | email \"\" | phone \"\" | source \"\" | owner \"\" | tags [\"b\"] | created  | \n\
         new \"2\" | name \"Two\" | company \"\" | email \"\" | phone \"\" | source \"\" | owner \"\" | tags [] | created  | \n\
         new \"2 (2)\" | name \"Two again\" | company \"\" | email \"\" | phone \"\" | source \"\" | owner \"\" | tags [\"c\"] | created  | \n"
    );
}

const EVENTS: &str = "contact_id,date,kind\n1,2025-01-02,call\nX,2025-01-03,meeting\n";

#[test]
fn unknown_contacts_are_created_or_reported() {
    let create = import(
        EVENTS.as_bytes(),
        &ImportOptions::default(),
        &existing(),
        &[],
    )
    .unwrap();
    assert_eq!(create.report.contacts_created, 1);
    assert_eq!(create.new_contacts[0].id, "X");
    assert_eq!(create.new_events.len(), 2);
    let options = ImportOptions {
        unknown_contacts: UnknownContacts::Report,
        ..ImportOptions::default()
    };
    let report = import(EVENTS.as_bytes(), &options, &existing(), &[]).unwrap();
    assert!(report.new_contacts.is_empty());
    assert_eq!(report.new_events.len(), 1);
    assert_eq!(
        report.report.skipped[0].reason,
        SkipReason::UnknownContact {
            contact: "X".into()
        }
    );
    assert!(report.report.balances());
}

#[test]
fn events_are_matched_to_contacts_by_email_or_company() {
    let base = vec![Contact {
        id: "42".into(),
        email: "anna@alfa.ru".into(),
        company: "ООО «Альфа»".into(),
        ..Contact::default()
    }];
    let csv =
        "email,company,date,kind\nANNA@alfa.ru,,2025-01-02,call\n,ооо «альфа»,2025-01-03,meeting\n";
    let plan = import(csv.as_bytes(), &ImportOptions::default(), &base, &[]).unwrap();
    let contacts: Vec<&str> = plan.new_events.iter().map(|e| e.contact.as_str()).collect();
    assert_eq!(contacts, ["42", "42"]);
    assert_eq!(plan.report.contacts_created, 0);
}

#[test]
fn an_events_column_headed_contact_names_the_contacts_id() {
    // The header of the canonical JSON events' key: the events join contact "1".
    let csv = "contact,date,kind\n1,2025-01-02,call\n1,2025-01-05,meeting\n";
    let plan = import(csv.as_bytes(), &ImportOptions::default(), &existing(), &[]).unwrap();
    let contacts: Vec<&str> = plan.new_events.iter().map(|e| e.contact.as_str()).collect();
    assert_eq!(contacts, ["1", "1"]);
    assert_eq!(plan.report.contacts_created, 0);
}

#[test]
fn re_importing_the_same_events_skips_them() {
    let first = import(
        EVENTS.as_bytes(),
        &ImportOptions::default(),
        &existing(),
        &[],
    )
    .unwrap();
    let again = import(
        EVENTS.as_bytes(),
        &ImportOptions::default(),
        &existing(),
        &first.new_events,
    )
    .unwrap();
    assert!(again.new_events.is_empty());
    assert!(
        again
            .report
            .skipped
            .iter()
            .all(|s| s.reason == SkipReason::DuplicateEvent)
    );
}

#[test]
fn apply_is_all_or_nothing() {
    let csv = "id,name,created\n1,One,2025-01-01\n2,Two,not a date\n";
    let mut contacts = vec![];
    let mut events: Vec<Event> = vec![];
    let plan = import(
        csv.as_bytes(),
        &ImportOptions::default(),
        &contacts,
        &events,
    )
    .unwrap();
    assert_eq!(plan.report.rows_with_errors, 1);
    assert_eq!(
        plan.clone().apply(&mut contacts, &mut events, false),
        Err(ApplyError::RowsWithErrors { rows: 1 })
    );
    assert!(contacts.is_empty(), "nothing applied");
    // The base changed since planning: refused, unchanged.
    let mut changed = vec![Contact {
        id: "1".into(),
        ..Contact::default()
    }];
    assert_eq!(
        plan.clone().apply(&mut changed, &mut events, true),
        Err(ApplyError::ContactAppeared { id: "1".into() })
    );
    assert_eq!(changed.len(), 1);
    let applied = plan.apply(&mut contacts, &mut events, true).unwrap();
    assert_eq!(applied.contacts_added, 1);
    assert_eq!(contacts[0].name, "One");
}

#[test]
fn slots_make_the_checks_of_apply_without_moving_the_plan() {
    let base = existing();
    let index = |id: &str| base.iter().position(|c| c.id == id);
    let csv = "id,name\n1,Renamed\n3,Three\n";
    let options = ImportOptions {
        duplicates: DuplicatePolicy::Update,
        ..ImportOptions::default()
    };
    let plan = import(csv.as_bytes(), &options, &base, &[]).unwrap();
    assert_eq!(plan.slots(index, false), Ok(vec![0]), "contact 1 is at 0");
    let applied = plan.applied();
    assert_eq!(
        (
            applied.contacts_added,
            applied.contacts_updated,
            applied.events_added
        ),
        (1, 1, 0)
    );
    // A contact planned as new that the base has since gained, one planned
    // for an update that it has since lost: refused as `apply` refuses them.
    let grown = |id: &str| ["1", "3"].iter().position(|c| *c == id);
    assert_eq!(
        plan.slots(grown, false),
        Err(ApplyError::ContactAppeared { id: "3".into() })
    );
    assert_eq!(
        plan.slots(|_| None, false),
        Err(ApplyError::ContactVanished { id: "1".into() })
    );
    let bad = import(
        "id,created\n9,not a date\n".as_bytes(),
        &ImportOptions::default(),
        &base,
        &[],
    )
    .unwrap();
    assert_eq!(
        bad.slots(index, false),
        Err(ApplyError::RowsWithErrors { rows: 1 })
    );
    assert_eq!(bad.slots(index, true), Ok(vec![]));
}

#[test]
fn the_user_overrides_the_mapping_and_the_date_order() {
    let csv = "Client,Signed,Notes\nAcme,03/04/2025,vip\n";
    let mapping = vec![
        ColumnMapping {
            column: 0,
            header: "Client".into(),
            target: Target::Id,
            reason: MappingReason::User,
        },
        ColumnMapping {
            column: 1,
            header: "Signed".into(),
            target: Target::Custom {
                name: "signed".into(),
                ty: FieldType::Date,
            },
            reason: MappingReason::User,
        },
        ColumnMapping {
            column: 2,
            header: "Notes".into(),
            target: Target::Ignore,
            reason: MappingReason::User,
        },
    ];
    let options = ImportOptions {
        mapping: Some(mapping),
        date_order: Some(DateOrder::DayFirst),
        ..ImportOptions::default()
    };
    let plan = import(csv.as_bytes(), &options, &[], &[]).unwrap();
    assert_eq!(
        contact_line(&plan.new_contacts[0]),
        "\"Acme\" | name \"\" | company \"\" | email \"\" | phone \"\" | source \"\" | owner \"\" | tags [] | created  | signed:date=\"2025-04-03\""
    );
    assert!(
        plan.report.warnings.is_empty(),
        "{:?}",
        plan.report.warnings
    );
}

#[test]
fn custom_deal_statuses() {
    let csv = "Deal Name,Deal Stage,Amount,Company Name,Close Date\nBig,Signed 🎉,\"$1,200.50\",Acme,2025-06-30\nSmall,Dropped,100,Acme,2025-07-01\n";
    let options = ImportOptions {
        statuses: StatusMap {
            won: vec!["Signed 🎉".into()],
            lost: vec!["dropped".into()],
        },
        ..ImportOptions::default()
    };
    let plan = import(csv.as_bytes(), &options, &[], &[]).unwrap();
    let lines: Vec<String> = plan.new_events.iter().map(event_line).collect();
    assert_eq!(
        lines,
        [
            "\"Acme\" 2025-06-30 - deal_won amount Some(1200.5) score None channel None note \"Big\"",
            "\"Acme\" 2025-07-01 - deal_lost amount Some(100.0) score None channel None note \"Small\"",
        ]
    );
    assert_eq!(plan.report.contacts_created, 1);
}

#[test]
fn a_file_that_cannot_be_planned_says_what_is_missing() {
    let err = import(
        "contact_id,kind\n1,call\n".as_bytes(),
        &ImportOptions {
            kind: Some(lifecycle_io::mapping::FileKind::Events),
            ..ImportOptions::default()
        },
        &[],
        &[],
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "events files need a column for the date; map one of the columns to it"
    );
    assert_eq!(
        import(b"", &ImportOptions::default(), &[], &[])
            .unwrap_err()
            .to_string(),
        "the file is empty: it has no header row"
    );
}

#[test]
fn progress_and_cancel_between_chunks() {
    let mut text = String::from("id,name\n");
    for i in 0..20_000 {
        text += &format!("{i},Name {i}\n");
    }
    let mut reader = lifecycle_io::csv::CsvReader::new(Default::default());
    let mut seen = vec![];
    for chunk in text.as_bytes().chunks(50_000) {
        seen.push(reader.feed(chunk));
    }
    assert!(seen.windows(2).all(|w| w[0].bytes_read < w[1].bytes_read));
    assert!(seen.last().unwrap().rows_read > 19_000);
    // Cancelling is dropping the reader: no plan exists, the base is untouched.
    drop(reader);
    let _ = NaiveDate::MIN;
}

#[test]
fn planning_in_steps_gives_the_same_plan() {
    let dir =
        std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/import");
    let base = existing();
    for name in [
        "amocrm_contacts_cp1251.csv",
        "bitrix_deals_cp1251.csv",
        "events_long_note_emoji_nul.csv",
    ] {
        let bytes = std::fs::read(dir.join(name)).unwrap();
        let table = lifecycle_io::csv::read(&bytes, Default::default());
        let options = ImportOptions::default();
        let whole = lifecycle_io::import::plan(&table, &options, &base, &[]).unwrap();
        for step in [1, 2, 5] {
            let mut job =
                lifecycle_io::import::ImportJob::new(table.clone(), options.clone(), &base, &[])
                    .unwrap();
            let mut steps = 0;
            while !job.step(&base, step).done {
                steps += 1;
            }
            assert!(steps >= table.rows.len().div_ceil(step) - 1);
            assert_eq!(job.finish(), whole, "{name} in steps of {step}");
        }
        // A table the caller keeps sharing (the wizard, to go back to the
        // preview) plans the same and is left whole.
        let shared = std::sync::Arc::new(table.clone());
        let mut job = lifecycle_io::import::ImportJob::new(
            std::sync::Arc::clone(&shared),
            options.clone(),
            &base,
            &[],
        )
        .unwrap();
        while !job.step(&base, 2).done {}
        assert_eq!(job.finish(), whole, "{name} from a shared table");
        assert_eq!(*shared, table, "{name}: the shared table is unchanged");
        // Stopping early still gives a balanced report of the rows done.
        let mut job =
            lifecycle_io::import::ImportJob::new(table.clone(), options, &base, &[]).unwrap();
        job.step(&base, 2);
        let partial = job.finish();
        assert_eq!(partial.report.rows_read, 2.min(table.rows.len()));
        assert!(partial.report.balances());
    }
}

#[test]
fn the_final_phase_of_a_job_runs_in_steps() {
    // 3,000 rows: new contacts with e-mails, updates of 1,000 contacts of the base
    // and duplicates, so that every look-up table of the planning is large.
    let base: Vec<Contact> = (0..1_000)
        .map(|i| Contact {
            id: format!("b{i}"),
            name: format!("Base {i}"),
            email: format!("b{i}@example.com"),
            ..Contact::default()
        })
        .collect();
    let mut csv = String::from("id,name,email\n");
    for i in 0..2_000 {
        csv.push_str(&format!("n{i},New {i},n{i}@example.com\n"));
    }
    for i in (0..1_000).rev() {
        csv.push_str(&format!("b{i},Renamed {i},\n"));
    }
    let table = lifecycle_io::csv::read(csv.as_bytes(), Default::default());
    let options = ImportOptions {
        duplicates: DuplicatePolicy::Update,
        ..ImportOptions::default()
    };
    let whole = lifecycle_io::import::plan(&table, &options, &base, &[]).unwrap();
    assert_eq!(whole.updated_contacts.len(), 1_000);
    let mut job = lifecycle_io::import::ImportJob::new(table, options, &base, &[]).unwrap();
    let (mut planning, mut finishing) = (0, 0);
    loop {
        let p = job.step(&base, 10);
        if p.done {
            break;
        }
        if p.rows_done == p.rows_total {
            finishing += 1;
        } else {
            planning += 1;
        }
    }
    assert_eq!(planning, 299);
    // Steps of 10 rows free 160 entries each: the tables hold thousands.
    assert!(finishing >= 10, "{finishing} steps in the final phase");
    assert_eq!(job.finish(), whole);
}

#[test]
fn json_imports_follow_the_same_policies() {
    let json = r#"[
        {"id": "1", "name": "Again"},
        {"id": "3", "name": "Three", "fields": {"icp": {"type": "bool", "value": true}}},
        {"name": "no id"},
        {"id": 5}
    ]"#;
    let plan = lifecycle_io::import::plan_json(
        json,
        lifecycle_io::mapping::FileKind::Contacts,
        &ImportOptions::default(),
        &existing(),
        &[],
    )
    .unwrap();
    let r = &plan.report;
    assert!(r.balances());
    assert_eq!(
        (
            r.rows_read,
            r.rows_added,
            r.skipped.len(),
            r.rows_with_errors
        ),
        (4, 1, 1, 2)
    );
    assert_eq!(r.skipped[0].message, "id «1» is already in the base");
    assert_eq!(
        r.errors[0].message,
        "the contact has no \"id\"; every contact needs one"
    );
    // The whole of serde's message, without a place in the item's own text.
    assert_eq!(
        r.errors[1].message,
        "not a contact: invalid type: integer `5`, expected a string"
    );
    let err = lifecycle_io::import::plan_json(
        "{}",
        lifecycle_io::mapping::FileKind::Events,
        &ImportOptions::default(),
        &[],
        &[],
    )
    .unwrap_err();
    assert_eq!(
        err.to_string(),
        "a Lifecycle events file is a JSON array of objects, and this file is not an array"
    );
}

#[test]
fn json_items_read_as_their_parsed_value() {
    // A key given twice counts once, the last, and a bad event names what is
    // wrong without a place in the item's own text.
    let json = r#"[{"id": "x", "name": "First", "name": "Last"}]"#;
    let plan = lifecycle_io::import::plan_json(
        json,
        lifecycle_io::mapping::FileKind::Contacts,
        &ImportOptions::default(),
        &[],
        &[],
    )
    .unwrap();
    assert_eq!(plan.new_contacts[0].name, "Last");
    let json = r#"[{"contact": "x", "date": "2025-01-02", "kind": "call", "score": 300}]"#;
    let plan = lifecycle_io::import::plan_json(
        json,
        lifecycle_io::mapping::FileKind::Events,
        &ImportOptions::default(),
        &[],
        &[],
    )
    .unwrap();
    assert_eq!(
        plan.report.errors[0].message,
        "not an event: invalid value: integer `300`, expected u8"
    );
}

#[test]
fn a_column_mixing_date_orders_is_flagged() {
    let csv = "id,created\n1,13/01/2025\n2,01/14/2025\n3,02/03/2025\n4,25/12/2024\n";
    let plan = import(csv.as_bytes(), &ImportOptions::default(), &[], &[]).unwrap();
    let created: Vec<String> = plan
        .new_contacts
        .iter()
        .map(|c| c.created.unwrap().to_string())
        .collect();
    assert_eq!(
        created,
        ["2025-01-13", "2025-01-14", "2025-03-02", "2024-12-25"]
    );
    assert_eq!(
        plan.report.warnings[0].message,
        "«created» mixes day/month and month/day dates; dates that fit only one way were \
         read that way, the others as day/month: please check them"
    );
}
