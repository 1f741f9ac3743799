//! Editing the model around its stages, as the model page does: the funnel
//! order, the ICP and its what-if, the time windows, and the declared custom
//! fields and kinds, each refused with its place when it would break the
//! model, and each reaching the classification.

use lifecycle_core::Model;
use lifecycle_core::data::Direction;
use lifecycle_core::edit::{Part, Reference, parse_window_days, references};
use lifecycle_core::model::{FieldType, Place};

use crate::{as_of, check, engine};

fn b2b() -> Model {
    Model::preset("b2b").unwrap()
}

/// Every problem of a model as `place: message`, one per line.
fn problems(m: &Model) -> String {
    match m.validate() {
        Ok(()) => "ok".into(),
        Err(e) => {
            e.0.iter()
                .map(|e| match e.pos {
                    Some(pos) => format!("{} at {pos}: {}", e.place, e.message),
                    None => format!("{}: {}", e.place, e.message),
                })
                .collect::<Vec<_>>()
                .join("\n")
        }
    }
}

#[test]
fn the_funnel_moves_adds_and_removes_steps() {
    let mut m = b2b();
    m.move_funnel_step(0, false);
    assert_eq!(
        m.funnel,
        ["qualified", "unqualified", "new", "developing", "loyal"]
    );
    // At the ends and out of range nothing happens.
    m.move_funnel_step(0, true);
    m.move_funnel_step(4, false);
    m.move_funnel_step(9, true);
    assert_eq!(
        m.funnel,
        ["qualified", "unqualified", "new", "developing", "loyal"]
    );
    m.move_funnel_step(4, true);
    assert_eq!(
        m.funnel,
        ["qualified", "unqualified", "new", "loyal", "developing"]
    );

    assert_eq!(m.remove_funnel_step(1).as_deref(), Some("unqualified"));
    assert_eq!(m.remove_funnel_step(9), None);
    assert_eq!(
        m.stages_outside_funnel(),
        ["lost", "sleeping", "unqualified"]
    );
    m.add_funnel_step("sleeping").unwrap();
    assert_eq!(m.funnel.last().unwrap(), "sleeping");
    assert_eq!(problems(&m), "ok");
}

#[test]
fn the_funnel_refuses_unknown_and_repeated_stages() {
    let mut m = b2b();
    let before = m.clone();
    assert_eq!(
        m.add_funnel_step("vip").unwrap_err().to_string(),
        "funnel: unknown stage `vip` in the funnel (hint: the funnel lists stage ids of this model)"
    );
    assert_eq!(
        m.add_funnel_step("loyal").unwrap_err().to_string(),
        "funnel: stage `loyal` appears twice (hint: each stage is one step of the funnel at most)"
    );
    assert_eq!(m, before);
    // A model written elsewhere is checked the same way.
    m.funnel = vec!["new".into(), "vip".into(), "new".into()];
    assert_eq!(
        problems(&m),
        "funnel: unknown stage `vip` in the funnel\nfunnel: stage `new` appears twice"
    );
}

#[test]
fn the_reordered_funnel_is_the_funnel_report_order() {
    let mut m = b2b();
    m.move_funnel_step(3, false);
    let e = crate::engine_with(m, &[("icp=true", "-20 inbound_request")]);
    let steps: Vec<String> = e
        .funnel(&e.histories(as_of()), as_of(), None)
        .into_iter()
        .map(|s| s.stage)
        .collect();
    assert_eq!(
        steps,
        ["unqualified", "qualified", "new", "loyal", "developing"]
    );
}

#[test]
fn window_days_are_whole_numbers_in_range() {
    check(
        &[
            ("90", "90"),
            (" 365 ", "365"),
            ("1", "1"),
            ("36500", "36500"),
            (
                "0",
                "window `sleeping`: 0 days is out of range (hint: a window is a whole number of days from 1 to 36500)",
            ),
            (
                "36501",
                "window `sleeping`: 36501 days is out of range (hint: a window is a whole number of days from 1 to 36500)",
            ),
            (
                "",
                "window `sleeping`: the number of days is missing (hint: a window is a whole number of days from 1 to 36500)",
            ),
            (
                "9.5",
                "window `sleeping`: `9.5` is not a whole number of days (hint: a window is a whole number of days from 1 to 36500)",
            ),
            (
                "-3",
                "window `sleeping`: `-3` is not a whole number of days (hint: a window is a whole number of days from 1 to 36500)",
            ),
            (
                "30d",
                "window `sleeping`: `30d` is not a whole number of days (hint: a window is a whole number of days from 1 to 36500)",
            ),
        ],
        |text| match parse_window_days("sleeping", text) {
            Ok(days) => days.to_string(),
            Err(e) => e.to_string(),
        },
    );
}

#[test]
fn windows_are_set_added_and_removed_with_their_names_checked() {
    let mut m = b2b();
    m.set_window("sleeping", 90).unwrap();
    m.add_window("trial", 14).unwrap();
    assert_eq!(m.windows.get("trial"), Some(&14));
    assert_eq!(m.sleeping_days(), 90);
    let before = m.clone();
    check(
        &[
            (
                ("trial", 7),
                "window `trial`: the model already has a window `trial`",
            ),
            (("30d", 7), "window `30d`: invalid window name \"30d\""),
            (
                ("no reply", 7),
                "window `no reply`: invalid window name \"no reply\"",
            ),
            (("week", 0), "window `week`: 0 days is out of range"),
        ],
        |&(name, days)| {
            let mut m = m.clone();
            let e = m.add_window(name, days).unwrap_err();
            assert_eq!(m, before, "refused, unchanged");
            format!("{}: {}", e.place, e.message)
        },
    );
    assert_eq!(m.remove_window("trial"), Some(14));
    assert_eq!(m.remove_window("trial"), None);
    // A rule that still names a removed window says so where it is.
    m.remove_window("lost");
    assert_eq!(problems(&m), "stage `lost` at 1:45: unknown window `lost`");
}

#[test]
fn a_shorter_window_moves_quiet_contacts() {
    let contacts = [
        ("", "-100 deal_won"),
        ("", "-200 deal_won"),
        ("", "-10 deal_won"),
    ];
    let e = engine("b2b", &contacts);
    let mut m = b2b();
    m.set_window("sleeping", 90).unwrap();
    let w = e.what_if(&m, as_of(), None).unwrap();
    let moves: Vec<String> = w
        .moves
        .iter()
        .map(|mv| format!("{} -> {}: {:?}", mv.from, mv.to, mv.contacts))
        .collect();
    assert_eq!(moves, ["new -> sleeping: [0]"]);
    assert_eq!(w.unchanged, 2);
}

#[test]
fn the_icp_is_a_rule_with_errors_in_place() {
    let mut m = b2b();
    m.icp = "field.employees >= 50 and\nfield.industry = \"retail\"".into();
    assert_eq!(problems(&m), "icp at 2:16: unexpected `=`");
    m.icp = "field.size >= 50".into();
    assert_eq!(problems(&m), "icp at 1:1: unknown field `size`");
    m.icp = "icp".into();
    assert_eq!(problems(&m), "icp at 1:1: the ICP cannot use `icp`");
}

#[test]
fn the_icp_count_and_what_if_follow_an_edited_icp() {
    // Both have an interest signal; only c0 is marked ICP, only c1 is big.
    let contacts = [
        ("icp=true employees=10", "-5 inbound_request"),
        ("icp=false employees=80", "-5 inbound_request"),
        ("icp=false employees=90", ""),
    ];
    let e = engine("b2b", &contacts);
    let mut m = b2b();
    m.icp = "field.employees >= 50".into();
    let count = e.icp_count(&m, as_of()).unwrap();
    assert_eq!((count.before, count.after, count.both), (1, 2, 0));
    let w = e.what_if(&m, as_of(), None).unwrap();
    let moves: Vec<String> = w
        .moves
        .iter()
        .map(|mv| format!("{} -> {}: {:?}", mv.from, mv.to, mv.contacts))
        .collect();
    assert_eq!(
        moves,
        [
            "qualified -> unqualified: [0]",
            "unqualified -> qualified: [1]"
        ]
    );
    // A first stage without a label does not hide the ICP's count.
    m.stages[0].label.en.clear();
    assert_eq!(e.icp_count(&m, as_of()).unwrap().after, 2);
    // A broken ICP has no count, only its problem.
    m.icp = "field.employees >=".into();
    let err = e.icp_count(&m, as_of()).unwrap_err();
    assert_eq!(err.0[0].place, Place::Icp);
}

#[test]
fn fields_are_declared_with_a_type_once() {
    let mut m = b2b();
    m.add_field("employees", FieldType::Number).unwrap();
    m.add_field("отрасль", FieldType::Text).unwrap();
    let before = m.clone();
    for (name, expected) in [
        ("icp", "field `icp`: the field `icp` is already declared"),
        ("2nd", "field `2nd`: invalid field name \"2nd\""),
        ("", "field ``: invalid field name \"\""),
        ("a.b", "field `a.b`: invalid field name \"a.b\""),
    ] {
        let e = m.add_field(name, FieldType::Text).unwrap_err();
        assert_eq!(format!("{}: {}", e.place, e.message), expected);
    }
    assert_eq!(m, before);
    m.set_field_type(1, FieldType::Bool);
    assert_eq!(m.fields[1].ty, FieldType::Bool);
    m.stages[5].rule = "field.employees >= 50 and field.отрасль".into();
    assert_eq!(problems(&m), "ok");
    // Undeclared again: against no base, the rule's field is unknown.
    assert_eq!(m.remove_field(1).unwrap().name, "employees");
    assert_eq!(m.undeclared_fields(), ["employees"]);
    assert_eq!(
        problems(&m),
        "stage `qualified` at 1:1: unknown field `employees`"
    );
    // A model written elsewhere with a field twice is refused.
    m.fields.push(m.fields[0].clone());
    assert_eq!(
        problems(&m).lines().next().unwrap(),
        "field `icp`: the field `icp` is declared twice"
    );
}

#[test]
fn undeclared_fields_work_against_a_base_that_has_them() {
    let mut m = b2b();
    m.icp = "field.employees >= 50".into();
    assert_eq!(m.undeclared_fields(), ["employees"]);
    let e = engine("b2b", &[("employees=80", "")]);
    assert!(e.what_if(&m, as_of(), None).is_ok());
    assert_eq!(
        lifecycle_core::edit::field_type_in(e.base(), "employees"),
        Some(FieldType::Number)
    );
    assert_eq!(lifecycle_core::edit::field_type_in(e.base(), "size"), None);
}

#[test]
fn custom_kinds_must_not_collide_with_built_in_ones_or_groups() {
    let mut m = b2b();
    m.add_kind("webinar", Direction::Client).unwrap();
    let before = m.clone();
    check(
        &[
            ("deal_won", "kind `deal_won`: `deal_won` is a built-in kind"),
            ("activity", "kind `activity`: `activity` is a kind group"),
            (
                "webinar",
                "kind `webinar`: the kind `webinar` is already declared",
            ),
            ("", "kind ``: invalid kind name \"\""),
            (" demo", "kind ` demo`: invalid kind name \" demo\""),
            ("a\"b", "kind `a\"b`: invalid kind name \"a\\\"b\""),
        ],
        |name| {
            let mut m = m.clone();
            let e = m.add_kind(name, Direction::Client).unwrap_err();
            assert_eq!(m, before, "refused, unchanged");
            format!("{}: {}", e.place, e.message)
        },
    );
    // A name with a space is fine: rules write it quoted.
    m.add_kind("trade show", Direction::Client).unwrap();
    m.stages[5].rule = "has(webinar) or has(\"trade show\")".into();
    assert_eq!(problems(&m), "ok");
    m.kinds[1].name = "any".into();
    assert_eq!(
        problems(&m),
        "kind `any`: `any` is a kind group\nstage `qualified` at 1:21: unknown event kind `trade show`"
    );
}

#[test]
fn a_declared_kind_can_be_used_and_its_direction_counts() {
    // c0's only events are webinars, 20 days ago.
    let contacts = [("", "-20 webinar, -400 deal_won"), ("", "-20 call")];
    let e = engine("b2b", &contacts);
    let mut m = b2b();
    m.stages[5].rule = "has(webinar, 30d)".into();
    assert_eq!(
        problems(&m),
        "stage `qualified` at 1:5: unknown event kind `webinar`"
    );
    m.add_kind("webinar", Direction::Client).unwrap();
    assert_eq!(problems(&m), "ok");
    // As client activity the webinar keeps c0 from being lost.
    let stages = |m: &Model| {
        let e2 = crate::engine_with(m.clone(), &contacts);
        let c = e2.classify(as_of());
        c.stages
            .iter()
            .map(|&s| e2.stage_id(s as usize).to_owned())
            .collect::<Vec<_>>()
    };
    assert_eq!(stages(&m), ["new", "unqualified"]);
    // Company-initiated: not activity, so c0's last activity is the deal.
    m.set_kind(0, Direction::Company, false);
    assert_eq!(stages(&m), ["lost", "unqualified"]);
    // A win: c0 has two won deals.
    m.set_kind(0, Direction::Client, true);
    assert_eq!(stages(&m), ["developing", "unqualified"]);
    assert!(e.what_if(&m, as_of(), None).is_ok());
    assert_eq!(m.remove_kind(0).unwrap().name, "webinar");
    assert!(m.remove_kind(0).is_none());
}

#[test]
fn references_find_windows_fields_and_custom_kinds() {
    check(
        &[
            (
                "has_activity and days_since_last_activity > window.lost",
                "window:lost",
            ),
            (
                "field.icp == true and field.employees >= 50",
                "field:employees field:icp",
            ),
            (
                "has(webinar, 30d) or count(\"trade show\", deal_won, activity) > 1",
                "kind:trade show kind:webinar",
            ),
            (
                "not (field.region in [\"eu\"]) and days_since_last(demo) < window.trial",
                "window:trial field:region kind:demo",
            ),
            ("icp and has(inbound_request)", ""),
            ("deals_won >=", ""),
        ],
        |rule| {
            references(rule)
                .into_iter()
                .map(|r| match r {
                    Reference::Window(n) => format!("window:{n}"),
                    Reference::Field(n) => format!("field:{n}"),
                    Reference::Kind(n) => format!("kind:{n}"),
                })
                .collect::<Vec<_>>()
                .join(" ")
        },
    );
    let m = b2b();
    assert_eq!(
        m.uses(&Reference::Window("sleeping".into())),
        [Place::Stage("sleeping".into())]
    );
    assert_eq!(m.uses(&Reference::Field("icp".into())), [Place::Icp]);
}

#[test]
fn windows_written_elsewhere_are_checked_with_their_place() {
    let mut m = Model::from_json(
        &b2b()
            .to_json()
            .replace("\"lost\": 365", "\"lost\": 40000, \"30d\": 5"),
    )
    .unwrap();
    assert_eq!(m.windows.get("30d"), Some(&5));
    assert_eq!(
        problems(&m),
        "window `30d`: invalid window name \"30d\"\nwindow `lost`: 40000 days is out of range"
    );
    m.windows.remove("30d");
    m.set_window("lost", 365).unwrap();
    assert_eq!(problems(&m), "ok");
}

#[test]
fn an_edit_says_which_parts_it_changed() {
    let saved = b2b();
    let mut m = saved.clone();
    assert_eq!(m.changed_parts(&saved), []);
    m.move_funnel_step(0, false);
    m.set_window("sleeping", 90).unwrap();
    assert_eq!(m.changed_parts(&saved), [Part::Windows, Part::Funnel]);
    m.icp = "field.icp".into();
    m.add_kind("webinar", Direction::Client).unwrap();
    m.stages[0].colour = "#000000".into();
    assert_eq!(
        m.changed_parts(&saved),
        [
            Part::Stages,
            Part::Icp,
            Part::Windows,
            Part::Funnel,
            Part::Kinds
        ]
    );
    assert_eq!(
        Model::preset("hubspot").unwrap().changed_parts(&saved),
        [Part::Identity, Part::Stages, Part::Windows, Part::Funnel]
    );
}
