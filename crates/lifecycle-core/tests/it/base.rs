//! The columnar base: errors, incremental adds, memory, input order.

use lifecycle_core::base::UnknownContacts;
use lifecycle_core::{Base, BaseError, Engine, Model};

use crate::{as_of, contact, events};

#[test]
fn unknown_contact_is_an_error_naming_it_or_is_created_on_request() {
    let contacts = vec![contact("a", "")];
    let evs = [events("a", "-1 call"), events("zed", "-2 call")].concat();
    assert_eq!(
        Base::new(contacts.clone(), evs.clone()).unwrap_err(),
        BaseError::UnknownContact {
            row: 1,
            id: "zed".into()
        }
    );
    assert_eq!(
        Base::new(contacts.clone(), evs.clone())
            .unwrap_err()
            .to_string(),
        "event #1: unknown contact id \"zed\""
    );
    let base = Base::build(contacts, evs, UnknownContacts::Create).unwrap();
    assert_eq!(base.len(), 2);
    assert_eq!(base.index_of("zed"), Some(1));
    assert_eq!(base.events(1).len(), 1);
}

#[test]
fn bad_rows_are_errors_naming_the_row() {
    let mut evs = events("a", "-1 nps 5, -2 nps 11");
    assert_eq!(
        Base::new(vec![contact("a", "")], evs.clone())
            .unwrap_err()
            .to_string(),
        "event #1: score 11 is out of range 0..=10"
    );
    evs[1].score = None;
    evs[1].amount = Some(f64::NAN);
    assert_eq!(
        Base::new(vec![contact("a", "")], evs)
            .unwrap_err()
            .to_string(),
        "event #1: amount NaN is not a finite number"
    );
    assert_eq!(
        Base::new(vec![contact("a", ""), contact("a", "")], vec![])
            .unwrap_err()
            .to_string(),
        "contact #1: duplicate contact id \"a\""
    );
}

#[test]
fn events_take_24_bytes_and_read_back_sorted() {
    const { assert!(Base::BYTES_PER_EVENT <= 24) };
    let base = Base::new(
        vec![contact("a", "")],
        events("a", "-1 call, -9 deal_won 12.5, -5 webinar"),
    )
    .unwrap();
    let rows = base.event_rows(0);
    let kinds: Vec<&str> = rows.iter().map(|e| e.kind.as_str()).collect();
    assert_eq!(kinds, ["deal_won", "webinar", "call"]);
    assert_eq!(rows[0].amount, Some(12.5));
    assert_eq!(
        base.kinds().name(base.kinds().code("webinar").unwrap()),
        "webinar"
    );
}

#[test]
fn adding_events_touches_only_their_contacts() {
    let contacts = vec![contact("a", ""), contact("b", ""), contact("c", "")];
    let base = Base::new(contacts, events("a", "-10 deal_won")).unwrap();
    let mut engine = Engine::new(base, Model::preset("b2b").unwrap()).unwrap();
    let mut cls = engine.classify(as_of());
    let before = cls.clone();
    let new = [
        events("c", "-3 deal_won, -2 deal_won"),
        events("d", "-1 purchase"),
    ]
    .concat();
    assert!(
        engine
            .add_events(new.clone(), UnknownContacts::Reject)
            .is_err()
    );
    assert_eq!(
        engine.base().event_count(),
        1,
        "a failed add changes nothing"
    );
    let touched = engine.add_events(new, UnknownContacts::Create).unwrap();
    assert_eq!(touched, [2, 3]);
    engine.reclassify(&mut cls, &touched);
    assert_eq!(cls, engine.classify(as_of()));
    assert_eq!(cls.stages[..2], before.stages[..2]);
    let ids: Vec<&str> = cls
        .stages
        .iter()
        .map(|&s| engine.stage_id(s as usize))
        .collect();
    assert_eq!(ids, ["new", "unqualified", "developing", "new"]);
    // Many small adds stay correct across compactions.
    for i in 0..20 {
        let t = engine
            .add_events(
                events("b", &format!("-{} call", 300 - i)),
                UnknownContacts::Reject,
            )
            .unwrap();
        engine.reclassify(&mut cls, &t);
    }
    assert_eq!(engine.base().event_count(), 24);
    assert_eq!(engine.base().events(1).len(), 20);
    assert_eq!(cls, engine.classify(as_of()));
    assert_eq!(engine.stage_id(cls.stages[1] as usize), "sleeping");
}

#[test]
fn new_custom_kinds_join_activity() {
    let mut engine = Engine::new(
        Base::new(vec![contact("a", "")], events("a", "-200 call")).unwrap(),
        Model::preset("b2b").unwrap(),
    )
    .unwrap();
    assert_eq!(
        engine.stage_id(engine.stage_of(0, as_of()).unwrap()),
        "sleeping"
    );
    engine
        .add_events(events("a", "-3 webinar"), UnknownContacts::Reject)
        .unwrap();
    assert_eq!(
        engine.stage_id(engine.stage_of(0, as_of()).unwrap()),
        "unqualified"
    );
}

#[test]
fn broken_columns_are_errors_naming_the_event_and_column() {
    use lifecycle_core::columns::EventColumns;
    let contacts = vec![contact("a", ""), contact("b", "")];
    let evs = [
        events("a", "-1 nps 5, -2 deal_won 10"),
        events("b", "-3 call"),
    ]
    .concat();
    let good = EventColumns::from_events(&contacts, &evs).unwrap();
    let base = Base::from_columns(contacts.clone(), good.clone()).unwrap();
    assert_eq!(base.event_count(), 3);
    type Breakage = Box<dyn Fn(&mut EventColumns)>;
    let cases: Vec<(Breakage, &str)> = vec![
        (
            Box::new(|c| c.contact[2] = 7),
            "event columns: event 2: contact refers to entry 7, but there are only 2",
        ),
        (
            Box::new(|c| {
                c.score.pop();
            }),
            "event columns: column score has 2 entries, but the contact column has 3",
        ),
        (
            Box::new(|c| c.kind[1] = 200),
            "event columns: event 1: kind refers to entry 200, but there are only 3",
        ),
        (
            Box::new(|c| c.score[0] = 11),
            "event #0: score 11 is out of range 0..=10",
        ),
        (
            Box::new(|c| c.amount[1] = f64::INFINITY),
            "event #1: amount inf is not a finite number",
        ),
        (Box::new(|c| c.kinds[2].clear()), "event #2: empty kind"),
    ];
    for (break_it, message) in cases {
        let mut columns = good.clone();
        break_it(&mut columns);
        let err = Base::from_columns(contacts.clone(), columns).unwrap_err();
        assert!(matches!(err, BaseError::Columns(_)) == message.starts_with("event columns"));
        assert_eq!(err.to_string(), message);
    }
    let mut dup = contacts.clone();
    dup[1].id = "a".into();
    assert_eq!(
        Base::from_columns(dup, good).unwrap_err().to_string(),
        "contact #1: duplicate contact id \"a\""
    );
}
