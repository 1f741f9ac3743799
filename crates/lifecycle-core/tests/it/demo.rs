//! The demo generator's intended stages agree with the engine's b2b stages,
//! and its ICP field agrees with the ICP written as a rule.

use chrono::NaiveDate;
use lifecycle_core::demo::{DemoConfig, generate_with_patterns};
use lifecycle_core::{Base, Engine, Model};

#[test]
fn demo_patterns_are_the_b2b_stages() {
    let as_of = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
    let (contacts, events, patterns) = generate_with_patterns(&DemoConfig {
        contacts: 3000,
        seed: 11,
        as_of,
    });
    let mut model = Model::preset("b2b").unwrap();
    let engine = Engine::new(
        Base::new(contacts.clone(), events.clone()).unwrap(),
        model.clone(),
    )
    .unwrap();
    let cls = engine.classify(as_of);
    let wrong: Vec<String> = patterns
        .iter()
        .enumerate()
        .filter(|&(i, p)| engine.stage_id(cls.stages[i] as usize) != p.b2b_stage())
        .map(|(i, p)| {
            format!(
                "{}: {} != {}",
                contacts[i].id,
                engine.stage_id(cls.stages[i] as usize),
                p.b2b_stage()
            )
        })
        .take(5)
        .collect();
    assert!(wrong.is_empty(), "{wrong:?}");
    // The same base with the ICP as a rule over industry and size.
    model.icp = "field.industry in [\"manufacturing\", \"logistics\", \"wholesale\", \"construction\", \"it\"] and field.employees >= 50".into();
    let by_rule = Engine::new(Base::new(contacts, events).unwrap(), model).unwrap();
    assert_eq!(by_rule.classify(as_of), cls);
}

#[test]
fn demo_histories_agree_with_direct_classification() {
    let as_of = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
    let (contacts, events, _) = generate_with_patterns(&DemoConfig {
        contacts: 1500,
        seed: 5,
        as_of,
    });
    for preset in Model::PRESETS {
        let engine = Engine::new(
            Base::new(contacts.clone(), events.clone()).unwrap(),
            Model::preset(preset).unwrap(),
        )
        .unwrap();
        let h = engine.histories(as_of);
        // Month ends and some odd days across the three years.
        let mut dates =
            lifecycle_core::reports::month_ends(as_of - chrono::Duration::days(3 * 365), as_of);
        dates.extend((0..12).map(|i| as_of - chrono::Duration::days(i * 97 + 3)));
        for d in dates {
            let cls = engine.classify(d);
            for idx in 0..contacts.len() as u32 {
                assert_eq!(
                    h.stage_at(idx, d),
                    Some(cls.stages[idx as usize] as usize),
                    "{preset} contact {idx} on {d}"
                );
            }
        }
    }
}

#[test]
fn a_base_generated_in_slices_is_the_base_generated_at_once() {
    use lifecycle_core::demo::{generate, generate_range};
    let config = DemoConfig {
        contacts: 1000,
        seed: 5,
        as_of: NaiveDate::from_ymd_opt(2026, 3, 31).unwrap(),
    };
    let whole = generate(&config);
    let mut contacts = Vec::new();
    let mut events = Vec::new();
    for start in (0..1100).step_by(300) {
        let (c, e) = generate_range(&config, start..start + 300);
        contacts.extend(c);
        events.extend(e);
    }
    assert_eq!(contacts, whole.0);
    assert_eq!(events, whole.1);
}
