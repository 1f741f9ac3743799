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

/// Stored columns come grouped by contact and are used where they are;
/// scattered ones are sorted into place. Both give the same base, and the
/// same errors naming the same event.
#[test]
fn grouped_and_scattered_columns_give_the_same_base_and_errors() {
    use lifecycle_core::columns::EventColumns;
    let contacts = vec![contact("a", ""), contact("b", "")];
    let evs = [
        events("a", "-5 nps 5, -2 deal_won 10"),
        events("b", "-3 call, -1 review 4"),
    ]
    .concat();
    let grouped = EventColumns::from_events(&contacts, &evs).unwrap();
    assert_eq!(grouped.contact, [0, 0, 1, 1]);
    // The same events, last first: contact 1's before contact 0's.
    let mut scattered = grouped.slice(3..4);
    for i in (0..3).rev() {
        scattered.extend(grouped.slice(i..i + 1));
    }
    assert_eq!(scattered.contact, [1, 1, 0, 0]);
    let a = Base::from_columns(contacts.clone(), grouped.clone()).unwrap();
    let b = Base::from_columns(contacts.clone(), scattered.clone()).unwrap();
    for idx in 0..2 {
        assert_eq!(a.event_rows(idx), b.event_rows(idx));
        assert_eq!(a.event_rows(idx).len(), 2);
    }
    assert_eq!(
        a.to_columns().to_events(&contacts),
        b.to_columns().to_events(&contacts)
    );
    for columns in [grouped, scattered] {
        let mut bad = columns.clone();
        bad.score[3] = 12;
        assert_eq!(
            Base::from_columns(contacts.clone(), bad)
                .unwrap_err()
                .to_string(),
            "event #3: score 12 is out of range 0..=10"
        );
        let mut bad = columns.clone();
        bad.amount[2] = f64::NEG_INFINITY;
        bad.score[3] = 12;
        assert_eq!(
            Base::from_columns(contacts.clone(), bad)
                .unwrap_err()
                .to_string(),
            "event #2: amount -inf is not a finite number"
        );
    }
}

/// The id index keeps no copy of the ids: lookups compare with the
/// contacts' own, across growth of the table and contacts added slice by
/// slice, and a repeated id is refused naming its row.
#[test]
fn contacts_are_found_by_id_across_slices_and_duplicates_are_refused() {
    use lifecycle_core::base::BaseBuilder;
    use lifecycle_core::columns::EventColumns;
    let contacts: Vec<_> = (0..1000).map(|i| contact(&format!("c{i}"), "")).collect();
    let mut builder = BaseBuilder::new(10);
    for slice in contacts.chunks(7) {
        builder.push_contacts(slice.to_vec()).unwrap();
    }
    for (i, c) in contacts.iter().enumerate() {
        assert_eq!(builder.index_of(&c.id), Some(i as u32));
    }
    assert_eq!(builder.index_of("c1000"), None);
    assert_eq!(builder.index_of(""), None);
    let err = builder
        .push_contacts(vec![contact("new", ""), contact("c999", "")])
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "contact #1001: duplicate contact id \"c999\""
    );
    // The contact before the duplicate was added; the duplicate was not.
    assert_eq!(builder.len(), 1001);
    assert_eq!(builder.index_of("new"), Some(1000));
    assert_eq!(builder.index_of("c999"), Some(999));
    let base = builder.finish(EventColumns::default()).unwrap();
    assert_eq!(base.index_of("c0"), Some(0));
    assert_eq!(base.contact(999).id, "c999");
    // Contacts an import creates for unknown ids are found too.
    let mut base = Base::new(contacts[..3].to_vec(), vec![]).unwrap();
    let touched = base
        .add_events(events("zed", "-1 call"), UnknownContacts::Create)
        .unwrap();
    assert_eq!(touched, [3]);
    assert_eq!(base.index_of("zed"), Some(3));
    assert_eq!(base.index_of("c2"), Some(2));
}

/// Each contact's tags, kept one after another for all contacts, come back
/// as that contact's own.
#[test]
fn each_contact_keeps_its_own_tags() {
    let tags = [
        vec!["vip", "b2b"],
        vec![],
        vec!["b2b"],
        vec![],
        vec!["x", "vip", "y"],
    ];
    let contacts: Vec<_> = tags
        .iter()
        .enumerate()
        .map(|(i, t)| {
            let mut c = contact(&format!("c{i}"), "");
            c.tags = t.iter().map(|s| s.to_string()).collect();
            c
        })
        .collect();
    let mut base = Base::new(contacts[..3].to_vec(), vec![]).unwrap();
    base.add_events(events("new", "-1 call"), UnknownContacts::Create)
        .unwrap();
    let whole = Base::new(contacts.clone(), vec![]).unwrap();
    for (idx, t) in tags.iter().enumerate() {
        let names: Vec<&str> = whole
            .tag_ids(idx as u32)
            .iter()
            .map(|&id| whole.strings().resolve(id))
            .collect();
        assert_eq!(&names, t);
    }
    assert_eq!(base.tag_ids(3), &[] as &[u32]);
    assert_eq!(base.strings().resolve(base.tag_ids(2)[0]), "b2b");
}
