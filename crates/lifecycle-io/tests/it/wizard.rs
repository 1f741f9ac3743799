//! What the app's import wizard asks of the crate: column values to show and choose
//! from, deal statuses the user maps, and the stages a Russian CRM's exports end in.

use chrono::NaiveDate;
use lifecycle_core::{Base, Engine, Model};
use lifecycle_io::csv::{CsvOptions, read};
use lifecycle_io::encoding::Encoding;
use lifecycle_io::import::{ImportOptions, plan, preview, preview_first};
use lifecycle_io::mapping::{DealOutcome, StatusMap};
use lifecycle_io::values::DateOrder;

fn fixture(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/../../tests/fixtures/import/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read(path).unwrap()
}

#[test]
fn distinct_values_count_and_keep_first_seen_order() {
    let table = read(
        "id,status\n1, Won\n2,Lost\n3,Won\n4,\n5,Open\n".as_bytes(),
        CsvOptions::default(),
    );
    let got = table.distinct_values(1, 10);
    let want = [("Won", 2), ("Lost", 1), ("Open", 1)].map(|(v, n)| (v.to_owned(), n));
    assert_eq!(got, want);
    assert_eq!(
        table.distinct_values(1, 2).len(),
        2,
        "at most `limit` values"
    );
    assert!(table.distinct_values(9, 10).is_empty(), "no such column");
}

#[test]
fn sample_values_are_the_first_distinct_ones_of_the_first_rows() {
    let table = read(
        "id,status\n1, Won\n2,Lost\n3,Won\n4,\n5,Open\n".as_bytes(),
        CsvOptions::default(),
    );
    assert_eq!(table.sample_values(1, 2), ["Won", "Lost"]);
    assert_eq!(table.sample_values(1, 10), ["Won", "Lost", "Open"]);
    assert!(table.sample_values(9, 3).is_empty(), "no such column");
    // A value that first appears after the sampled rows is not looked for.
    let mut csv = String::from("id,status\n");
    for i in 0..lifecycle_io::csv::SAMPLE_ROWS {
        csv.push_str(&format!("{i},Open\n"));
    }
    csv.push_str("late,Won\n");
    let table = read(csv.as_bytes(), CsvOptions::default());
    assert_eq!(table.sample_values(1, 3), ["Open"]);
    assert_eq!(table.distinct_values(1, 3).len(), 2, "the whole column");
}

#[test]
fn the_first_rows_give_the_counts_and_date_guesses_a_browser_shows() {
    // Day-first dates that only show it after the first rows.
    let mut csv = String::from("id,created,status\n");
    for i in 0..4 {
        csv.push_str(&format!("{i},03/04/2025,Open\n"));
    }
    csv.push_str("late,31/12/2025,Won\n");
    let table = read(csv.as_bytes(), CsvOptions::default());
    assert_eq!(
        table.distinct_in_first(2, 10, 4),
        [("Open".to_owned(), 4)],
        "the first four rows"
    );
    assert_eq!(
        table.distinct_in_first(2, 10, usize::MAX),
        table.distinct_values(2, 10)
    );
    let options = ImportOptions::default();
    let whole = preview(&table, &options);
    let first = preview_first(&table, &options, 4);
    assert_eq!(whole.date_columns[0].guess.order, DateOrder::DayFirst);
    assert!(!whole.date_columns[0].guess.needs_confirmation);
    assert!(
        first.date_columns[0].guess.needs_confirmation,
        "no date of the first rows decides it"
    );
    assert_eq!(first.mapping, whole.mapping);
    assert_eq!(preview_first(&table, &options, usize::MAX), whole);
}

#[test]
fn a_status_set_by_the_user_moves_between_lists() {
    let mut map = StatusMap::default();
    assert_eq!(map.outcome("Переговоры"), DealOutcome::Open);
    map.set("Переговоры", DealOutcome::Won);
    assert_eq!(map.outcome("переговоры "), DealOutcome::Won);
    map.set(" ПЕРЕГОВОРЫ", DealOutcome::Lost);
    assert_eq!(map.outcome("Переговоры"), DealOutcome::Lost);
    assert!(!map.won.iter().any(|w| w.to_lowercase() == "переговоры"));
    map.set("Won", DealOutcome::Open);
    assert_eq!(map.outcome("won"), DealOutcome::Open);
}

/// The end-to-end test's expectations (tests/e2e/import.test.mjs), checked natively:
/// amoCRM contacts, then Bitrix24 deals, both Windows-1251 with `;`, rows with errors
/// left out, classified by the b2b model on 2026-01-15.
#[test]
fn russian_crm_exports_end_in_the_expected_stages() {
    let (mut contacts, mut events) = (Vec::new(), Vec::new());
    for (name, added, errors) in [
        ("amocrm_contacts_cp1251.csv", 3, 2),
        ("bitrix_deals_cp1251.csv", 3, 2),
    ] {
        let table = read(&fixture(name), CsvOptions::default());
        assert_eq!(table.encoding.encoding, Encoding::Windows1251, "{name}");
        assert_eq!(table.delimiter, ';', "{name}");
        let p = plan(&table, &ImportOptions::default(), &contacts, &events).unwrap();
        assert!(p.report.balances());
        assert_eq!(
            (p.report.rows_added, p.report.rows_with_errors),
            (added, errors),
            "{name}"
        );
        p.apply(&mut contacts, &mut events, true).unwrap();
    }
    assert_eq!(
        contacts.len(),
        4,
        "three from amoCRM, one created for a deal"
    );
    let engine = Engine::new(
        Base::new(contacts, events).unwrap(),
        Model::preset("b2b").unwrap(),
    )
    .unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 1, 15).unwrap();
    let classification = engine.classify(today);
    let mut stages: Vec<(String, String)> = engine
        .base()
        .contacts()
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let stage = engine.stage_id(usize::from(classification.stages[i]));
            (c.id.clone(), stage.to_owned())
        })
        .collect();
    stages.sort();
    let want = [
        ("1001", "new"),
        ("1002", "unqualified"),
        ("1003", "unqualified"),
        ("ООО «Новый клиент»", "new"),
    ]
    .map(|(a, b)| (a.to_owned(), b.to_owned()));
    assert_eq!(stages, want);
}
