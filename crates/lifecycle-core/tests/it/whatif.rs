//! What-if: moves of a changed model, without applying it.

use lifecycle_core::Model;

use crate::{as_of, engine};

#[test]
fn what_if_lists_moves_and_applies_nothing() {
    let e = engine(
        "b2b",
        &[
            ("", "-50 deal_won, -10 deal_won"),
            ("", "-5 deal_won"),
            ("", "-9 deal_won, -8 deal_won, -7 deal_won"),
        ],
    );
    let mut m = Model::preset("b2b").unwrap();
    m.stages[3].rule = "deals_won >= 3".into();
    let w = e.what_if(&m, as_of(), None).unwrap();
    let got: Vec<String> = w
        .moves
        .iter()
        .map(|mv| format!("{}->{} {:?}", mv.from, mv.to, mv.contacts))
        .collect();
    assert_eq!(got, ["developing->unqualified [0]"]);
    assert_eq!(w.unchanged, 2);
    assert_eq!(e.model(), &Model::preset("b2b").unwrap());
    // Renamed stages move everybody in them; errors in the new model are reported.
    m.stages[4].id = "first".into();
    m.funnel[2] = "first".into();
    let cls = e.classify(as_of());
    let w = e.what_if(&m, as_of(), Some(&cls)).unwrap();
    let got: Vec<String> = w
        .moves
        .iter()
        .map(|mv| format!("{}->{} {:?}", mv.from, mv.to, mv.contacts))
        .collect();
    assert_eq!(got, ["developing->unqualified [0]", "new->first [1]"]);
    m.stages[4].rule = "deals_won ==".into();
    assert!(e.what_if(&m, as_of(), None).is_err());
}

#[test]
fn results_of_another_model_do_not_panic() {
    let mut e = engine("b2b", &[("", "-500 call"), ("", "-400 deal_won")]);
    let cls = e.classify(as_of());
    let h = e.histories(as_of());
    assert_eq!(cls.stages, [0, 0], "both lost: stage index 0");
    let mut old = cls.clone();
    old.stages = vec![6, 6];
    e.set_model(Model::preset("messaging").unwrap()).unwrap();
    // Stage 6 does not exist in messaging: ignored, never a panic.
    assert_eq!(e.stage_counts(&old, None), [0, 0, 0, 0, 0]);
    assert!(e.risk_list(&old, None).is_empty());
    let _ = e.funnel(&h, as_of(), None);
    let _ = e.time_in_stage(&h, as_of(), None);
    let _ = e.drop_off(&h, as_of() - chrono::Duration::days(900), as_of(), None);
    let _ = e
        .what_if(&Model::preset("b2b").unwrap(), as_of(), Some(&old))
        .unwrap();
}
