//! The demo base, classified by the real engine: every contact of the `b2b` preset lands
//! in the stage its pattern was built for, and every stage of every preset occurs.

use chrono::NaiveDate;
use lifecycle_core::demo::{DemoConfig, generate_with_patterns};
use lifecycle_core::{Base, Engine, Model};

fn engine(preset: &str, contacts: usize) -> (Engine, Vec<lifecycle_core::demo::Pattern>) {
    let as_of = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
    let (contacts, events, patterns) = generate_with_patterns(&DemoConfig {
        contacts,
        seed: 2026,
        as_of,
    });
    let base = Base::new(contacts, events).unwrap();
    (
        Engine::new(base, Model::preset(preset).unwrap()).unwrap(),
        patterns,
    )
}

#[test]
fn b2b_stages_match_the_patterns() {
    let as_of = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
    let (engine, patterns) = engine("b2b", 5_000);
    let cls = engine.classify(as_of);
    for (i, (stage, pattern)) in cls.stages.iter().zip(&patterns).enumerate() {
        assert_eq!(
            engine.stage_id(usize::from(*stage)),
            pattern.b2b_stage(),
            "contact {i}"
        );
    }
}

#[test]
fn every_stage_of_every_preset_occurs() {
    let as_of = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
    for preset in Model::PRESETS {
        let (engine, _) = engine(preset, 5_000);
        let cls = engine.classify(as_of);
        let stages = Model::preset(preset).unwrap().stages.len();
        let mut counts = vec![0usize; stages];
        for s in &cls.stages {
            counts[usize::from(*s)] += 1;
        }
        let missing: Vec<&str> = (0..stages)
            .filter(|&s| counts[s] == 0)
            .map(|s| engine.stage_id(s))
            .collect();
        assert!(missing.is_empty(), "{preset}: no contact in {missing:?}");
    }
}
