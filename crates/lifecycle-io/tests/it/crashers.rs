//! Replays every input kept under tests/fuzz-crashers/<target>/ through its target's
//! invariants (see `lifecycle_io::fuzzing`).

use std::path::PathBuf;

fn replay(target: &str, check: fn(&[u8])) {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fuzz-crashers")
        .join(target);
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let data = std::fs::read(&path).unwrap();
        let result = std::panic::catch_unwind(|| check(&data));
        assert!(result.is_ok(), "{} fails again", path.display());
        n += 1;
    }
    assert!(n > 0, "no inputs in {}", dir.display());
}

#[test]
fn csv_reader_crashers() {
    replay("csv_reader", lifecycle_io::fuzzing::csv_reader);
}

#[test]
fn value_parser_crashers() {
    replay("value_parsers", lifecycle_io::fuzzing::value_parsers);
}

#[test]
fn import_crashers() {
    replay("import", lifecycle_io::fuzzing::import);
}

// Without a nightly toolchain the same invariants run here on generated input.
proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

    #[test]
    fn value_parsers_hold_on_value_like_text(s in "[0-9 .,/:T+\\-()₽$€рубZ@a\u{A0}]{0,24}") {
        lifecycle_io::fuzzing::value_parsers(s.as_bytes());
    }

    #[test]
    fn import_holds_on_csv_like_text(s in "[a-c0-9,;\"\r\n\t|.:\\- ]{0,120}", head in proptest::sample::select(vec![
        "id,name,created\n", "contact_id,date,kind,amount,score\n", "Deal Stage,Amount,Company,Close Date\n", "",
    ])) {
        let data = format!("{head}{s}");
        lifecycle_io::fuzzing::import(data.as_bytes());
        lifecycle_io::fuzzing::csv_reader(data.as_bytes());
    }
}

#[test]
fn rule_parser_crashers() {
    replay("rule_parser", lifecycle_io::fuzzing::rule_parser);
}
