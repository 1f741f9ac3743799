//! Invariants checked on arbitrary input, shared by the cargo-fuzz targets
//! (`crates/lifecycle-io/fuzz`) and the regression tests that replay kept crashers
//! (`tests/fuzz-crashers/<target>/*`). Each function panics when an invariant breaks,
//! which is what a fuzzer looks for.

use crate::csv::{CsvOptions, CsvReader, read};
use crate::import::{ImportOptions, plan};
use crate::values::{self, DateOrder};

/// The reader never panics, and reading in chunks gives the same table as at once.
pub fn csv_reader(data: &[u8]) {
    let whole = read(data, CsvOptions::default());
    let size = usize::from(data.first().copied().unwrap_or(1)).max(1);
    let mut r = CsvReader::new(CsvOptions::default());
    for c in data.chunks(size) {
        r.feed(c);
    }
    assert_eq!(r.finish(), whole, "chunks of {size} bytes read differently");
    for e in &whole.errors {
        assert!(e.row() >= 1);
    }
}

/// The value parsers never panic, and what they accept reads back the same.
pub fn value_parsers(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    for order in [DateOrder::DayFirst, DateOrder::MonthFirst] {
        if let Ok(Some((d, t))) = values::parse_date(&text, order) {
            let again = match t {
                Some(t) => format!("{d} {}", t.format("%H:%M:%S")),
                None => d.to_string(),
            };
            assert_eq!(values::parse_date(&again, order), Ok(Some((d, t))));
        }
    }
    if let Ok(Some(n)) = values::parse_number(&text) {
        assert!(n.is_finite());
        assert_eq!(values::parse_number(&n.to_string()), Ok(Some(n)));
    }
    if let Ok(Some(e)) = values::normalize_email(&text) {
        assert_eq!(values::normalize_email(&e), Ok(Some(e.clone())));
    }
    if let Ok(Some(p)) = values::normalize_phone(&text) {
        assert_eq!(values::normalize_phone(&p), Ok(Some(p.clone())));
    }
    let _ = values::parse_bool(&text);
    let _ = values::parse_score(&text, 0, 10);
    let _ = values::infer_date_order(text.split('\n'));
}

/// Planning an import of anything never panics and accounts for every row.
pub fn import(data: &[u8]) {
    let table = read(data, CsvOptions::default());
    if let Ok(p) = plan(&table, &ImportOptions::default(), &[], &[]) {
        assert!(p.report.balances(), "{:?}", p.report);
    }
}

/// The rule parser (`lifecycle_core::rule::parse`) never panics, places every
/// error inside the text, and a parsed rule's own source text parses to the same
/// tree (up to positions, which move with the text around it). Kept here, beside the other parsers' invariants, so that one crate replays
/// every kept crasher.
pub fn rule_parser(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    match lifecycle_core::rule::parse(&text) {
        Ok(node) => {
            let again = lifecycle_core::rule::parse(&node.text)
                .unwrap_or_else(|e| panic!("{:?} parsed, its text does not: {e}", node.text));
            assert_eq!(
                without_pos(again),
                without_pos(node.clone()),
                "{:?} reads differently",
                node.text
            );
        }
        Err(e) => {
            let lines = text.split('\n').count();
            assert!(e.pos.line >= 1 && e.pos.column >= 1, "{e}");
            assert!(e.pos.line as usize <= lines, "{e} is past the last line");
            assert!(!e.message.is_empty());
        }
    }
}

fn without_pos(mut node: lifecycle_core::rule::Node) -> lifecycle_core::rule::Node {
    use lifecycle_core::rule::Expr;
    let all = |nodes: Vec<_>| nodes.into_iter().map(without_pos).collect();
    let one = |node: Box<_>| Box::new(without_pos(*node));
    node.pos = Default::default();
    node.expr = match node.expr {
        Expr::List(items) => Expr::List(all(items)),
        Expr::Name { path, args } => Expr::Name {
            path,
            args: args.map(all),
        },
        Expr::Not(n) => Expr::Not(one(n)),
        Expr::And(items) => Expr::And(all(items)),
        Expr::Or(items) => Expr::Or(all(items)),
        Expr::Cmp(op, a, b) => Expr::Cmp(op, one(a), one(b)),
        Expr::In {
            value,
            list,
            negated,
        } => Expr::In {
            value: one(value),
            list: one(list),
            negated,
        },
        leaf => leaf,
    };
    node
}
