//! The fixture corpus: every file in tests/fixtures/import has its expected report
//! next to it (`<name>.expected`). Set `UPDATE_EXPECT=1` to rewrite the expectations
//! after a deliberate change, then review the diff.

use std::path::PathBuf;

use lifecycle_core::Contact;
use lifecycle_io::import::{ImportOptions, import};

use crate::render;

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/import")
}

/// Imports a fixture into a base holding `existing` and compares the rendered plan.
fn check(name: &str, options: &ImportOptions, existing: &[Contact]) {
    let bytes = std::fs::read(dir().join(name)).unwrap();
    let plan = import(&bytes, options, existing, &[]).unwrap();
    let got = render(&plan);
    let path = dir().join(format!("{name}.expected"));
    if std::env::var_os("UPDATE_EXPECT").is_some() {
        std::fs::write(&path, &got).unwrap();
        return;
    }
    let expected = std::fs::read_to_string(&path)
        .unwrap_or_else(|_| panic!("{} is missing; run with UPDATE_EXPECT=1", path.display()));
    assert_eq!(got, expected, "{name}: the report changed; see the diff");
}

#[test]
fn amocrm_contacts_windows_1251_semicolons() {
    check("amocrm_contacts_cp1251.csv", &ImportOptions::default(), &[]);
}

#[test]
fn hubspot_contacts() {
    check("hubspot_contacts.csv", &ImportOptions::default(), &[]);
}

#[test]
fn salesforce_contacts_us_dates() {
    check("salesforce_contacts.csv", &ImportOptions::default(), &[]);
}

#[test]
fn salesforce_opportunities_become_won_and_lost_deals() {
    // The opportunities' accounts are the contacts of the contacts export.
    let existing: Vec<Contact> = ["0035g00000AbCdE", "0035g00000AbCdF", "0035g00000AbCdG"]
        .map(|id| Contact {
            id: id.into(),
            ..Contact::default()
        })
        .to_vec();
    check(
        "salesforce_opportunities.csv",
        &ImportOptions::default(),
        &existing,
    );
}

#[test]
fn pipedrive_persons_with_ambiguous_dates() {
    check("pipedrive_persons.csv", &ImportOptions::default(), &[]);
}

#[test]
fn bitrix_deals_windows_1251() {
    let existing = [Contact {
        id: "1001".into(),
        company: "ООО «Альфа»".into(),
        ..Contact::default()
    }];
    check(
        "bitrix_deals_cp1251.csv",
        &ImportOptions::default(),
        &existing,
    );
}

#[test]
fn unterminated_quote_at_row_57() {
    check(
        "unterminated_quote_row57.csv",
        &ImportOptions::default(),
        &[],
    );
}

#[test]
fn events_with_a_long_note_emoji_and_a_nul_byte() {
    check(
        "events_long_note_emoji_nul.csv",
        &ImportOptions::default(),
        &[],
    );
}

#[test]
fn odd_headers_proto_empty_duplicated() {
    check("odd_headers.csv", &ImportOptions::default(), &[]);
}

#[test]
fn xss_payloads_are_kept_as_text() {
    check("xss_company.csv", &ImportOptions::default(), &[]);
}

#[test]
fn excel_unicode_text_utf16() {
    check(
        "excel_unicode_text_utf16le.csv",
        &ImportOptions::default(),
        &[],
    );
}

#[test]
fn the_long_note_arrives_whole() {
    let bytes = std::fs::read(dir().join("events_long_note_emoji_nul.csv")).unwrap();
    let plan = import(&bytes, &ImportOptions::default(), &[], &[]).unwrap();
    let note = plan.new_events[0].note.as_deref().unwrap();
    assert_eq!(note.chars().count(), 10_000);
    assert!(note.contains("\"quotes\"") && note.contains('\n'));
}

#[test]
fn every_fixture_has_an_expectation() {
    for entry in std::fs::read_dir(dir()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "csv") {
            let mut expected = path.clone().into_os_string();
            expected.push(".expected");
            assert!(
                PathBuf::from(expected).exists(),
                "{} has no .expected",
                path.display()
            );
        }
    }
}

#[test]
fn xss_and_formula_payloads_are_neutralized_on_excel_export() {
    use lifecycle_io::export::{ContactColumn, CsvExport, contacts_csv};
    let bytes = std::fs::read(dir().join("xss_company.csv")).unwrap();
    let plan = import(&bytes, &ImportOptions::default(), &[], &[]).unwrap();
    let out = contacts_csv(
        &plan.new_contacts,
        &[ContactColumn::Id, ContactColumn::Company],
        &[],
        CsvExport::default(),
    );
    assert_eq!(
        String::from_utf8(out).unwrap(),
        "\u{feff}id,company\r\n\
         1,<script>alert('xss')</script>\r\n\
         2,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\"\r\n\
         3,<img src=x onerror=alert(1)>\r\n"
    );
}
