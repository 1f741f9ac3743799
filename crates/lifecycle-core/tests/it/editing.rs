//! Editing a model as the model page does: stages renamed, moved, added and
//! removed with the funnel kept consistent, and rule errors located for
//! highlighting.

use lifecycle_core::rule::error_span;
use lifecycle_core::{Model, Pos, model::Place};

use crate::{as_of, engine};

fn ids(m: &Model) -> String {
    m.stages
        .iter()
        .map(|s| s.id.as_str())
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn renaming_a_stage_renames_its_funnel_entry() {
    let mut m = Model::preset("b2b").unwrap();
    m.rename_stage(2, "champion").unwrap();
    assert_eq!(m.stages[2].id, "champion");
    assert_eq!(m.funnel.last().unwrap(), "champion");
    assert!(m.validate().is_ok());
    // Its own id again, or out of range: fine, nothing changes.
    let before = m.clone();
    m.rename_stage(2, "champion").unwrap();
    m.rename_stage(99, "x").unwrap();
    assert_eq!(m, before);
}

#[test]
fn an_id_another_stage_has_is_refused() {
    let mut m = Model::preset("b2b").unwrap();
    let err = m.rename_stage(3, "loyal").unwrap_err();
    assert_eq!(
        err.to_string(),
        "stage `loyal`: duplicate stage id (hint: stage ids must be unique)"
    );
    assert_eq!(m, Model::preset("b2b").unwrap());
}

#[test]
fn removing_a_stage_removes_its_funnel_entry() {
    let mut m = Model::preset("b2b").unwrap();
    let removed = m.remove_stage(4).unwrap();
    assert_eq!(removed.id, "new");
    assert_eq!(
        ids(&m),
        "lost sleeping loyal developing qualified unqualified"
    );
    assert_eq!(
        m.funnel,
        ["unqualified", "qualified", "developing", "loyal"]
    );
    assert!(m.validate().is_ok());
    assert!(m.remove_stage(99).is_none());
}

#[test]
fn moving_stages_swaps_neighbours_and_stops_at_the_ends() {
    let mut m = Model::preset("messaging").unwrap();
    m.move_stage(0, true);
    assert_eq!(ids(&m), "customer payment cold_lead hot_lead new_lead");
    m.move_stage(4, false);
    assert_eq!(ids(&m), "customer payment cold_lead hot_lead new_lead");
    m.move_stage(2, true);
    assert_eq!(ids(&m), "customer cold_lead payment hot_lead new_lead");
    m.move_stage(0, false);
    assert_eq!(ids(&m), "cold_lead customer payment hot_lead new_lead");
    m.move_stage(9, true);
    assert_eq!(ids(&m), "cold_lead customer payment hot_lead new_lead");
}

#[test]
fn an_added_stage_goes_before_the_catch_all_and_takes_nobody() {
    let e = engine("b2b", &[("", "-5 deal_won"), ("", "-3 call")]);
    let mut m = Model::preset("b2b").unwrap();
    assert_eq!(m.add_stage(), 6);
    assert_eq!(m.add_stage(), 7);
    assert_eq!(
        ids(&m),
        "lost sleeping loyal developing new qualified stage_1 stage_2 unqualified"
    );
    assert!(m.validate().is_ok());
    let w = e.what_if(&m, as_of(), None).unwrap();
    assert!(w.moves.is_empty());
    let mut empty = Model::preset("b2b").unwrap();
    empty.stages.clear();
    assert_eq!(empty.add_stage(), 0);
}

#[test]
fn rule_errors_name_their_stage_and_span() {
    let mut m = Model::preset("b2b").unwrap();
    m.stages[2].rule = "deals_won >= 4 and\nactive_windowz(30d, 6) >= 3".into();
    m.stages[3].rule = "deals_won >=".into();
    let errors = m.validate().unwrap_err().0;
    let located: Vec<String> = errors
        .iter()
        .map(|e| {
            let Place::Stage(id) = &e.place else {
                panic!("{e}")
            };
            let rule = &m.stages[m.stage_index(id).unwrap()].rule;
            let span = error_span(rule, e.pos.unwrap());
            let text: String = rule.chars().skip(span.start).take(span.len()).collect();
            format!("{id} {} {span:?} {text:?}", e.pos.unwrap())
        })
        .collect();
    assert_eq!(
        located,
        [
            "loyal 2:1 19..33 \"active_windowz\"",
            "developing 1:13 12..12 \"\""
        ]
    );
}

#[test]
fn error_spans_cover_tokens_and_survive_lexer_errors() {
    let check = |src: &str, line, column, expected: &str| {
        let span = error_span(src, Pos { line, column });
        let text: String = src.chars().skip(span.start).take(span.len()).collect();
        assert_eq!(text, expected, "{src:?} at {line}:{column}");
    };
    check("deals_won = 4", 1, 11, "=");
    check("deals_won >= 4 and ", 1, 20, "");
    check("\"Анна\" == owner", 1, 11, "owner");
    check("count(call, 3x) > 1", 1, 13, "3x");
    check("a & b", 1, 3, "&");
    check("x", 7, 7, "");
    check("", 1, 1, "");
    check("abc\n", 1, 4, "");
}
