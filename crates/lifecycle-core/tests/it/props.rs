//! Invariants over random bases.

use chrono::Duration;
use lifecycle_core::{Base, Contact, Engine, Event, Model};
use proptest::prelude::*;

use crate::{as_of, contact};

const KINDS: [&str; 9] = [
    "inbound_request",
    "quote_request",
    "deal_won",
    "purchase",
    "message_in",
    "message_out",
    "nps",
    "review",
    "call",
];

fn arb_base() -> impl Strategy<Value = (Vec<Contact>, Vec<Event>)> {
    let contact_count = 1..6usize;
    contact_count.prop_flat_map(|n| {
        let icp = proptest::collection::vec(any::<bool>(), n);
        let evs = proptest::collection::vec((0..n, -800i64..30, 0..KINDS.len(), 0u8..11), 0..30);
        (icp, evs).prop_map(move |(icp, evs)| {
            let contacts: Vec<Contact> = icp
                .iter()
                .enumerate()
                .map(|(i, &b)| contact(&format!("c{i}"), if b { "icp=true" } else { "" }))
                .collect();
            let events = evs
                .into_iter()
                .map(|(c, off, k, score)| Event {
                    contact: format!("c{c}"),
                    date: as_of() + Duration::days(off),
                    time: None,
                    kind: KINDS[k].to_owned(),
                    amount: (KINDS[k] == "deal_won").then_some(f64::from(score) * 10.5),
                    score: matches!(KINDS[k], "nps" | "review")
                        .then_some(score.min(if KINDS[k] == "review" { 5 } else { 10 })),
                    channel: None,
                    note: None,
                })
                .collect();
            (contacts, events)
        })
    })
}

/// A model exercising every kind of metric: windowed counts and sums,
/// days-since comparisons (also in lists), scores, and other active windows.
fn mixed() -> Model {
    let mut m = Model::preset("b2b").unwrap();
    let rules = [
        "sum(deal_won, 90d) > 100 and days_since_first(call) <= 60",
        "count(activity, 2w) >= 2 or days_since_last(nps) in [3, 10]",
        "last_nps <= 6 and count_score_at_most(review, 2) >= 1",
        "days_since_last_deal >= 100 and not has(message_in, 30d)",
        "active_windows(7d, 4) >= 2 and revenue >= 50",
        "days_since_first_activity > 2m or (icp and last_review == 5) or (days_since_last(call) >= 20 and days_since_last(call) < 45.5) or days_since_first_deal <= 30 or days_since_last(nps) != 4",
        "true",
    ];
    for (stage, rule) in m.stages.iter_mut().zip(rules) {
        stage.rule = rule.to_owned();
    }
    m
}

/// A model whose stage before any event depends on the contact: the ICP
/// puts a contact in the first stage from the start.
fn fields_first() -> Model {
    let mut m = Model::preset("b2b").unwrap();
    m.stages[0].rule = "icp or days_since_last_activity > 365".to_owned();
    m.stages[2].rule = "deals_won >= 4 and not icp".to_owned();
    m
}

/// Stages decided by active windows alone, read on most days: the walk
/// compares their counts on the dates asked only, and looks no further
/// than the next change of the other slots read.
fn windows_first() -> Model {
    let mut m = Model::preset("b2b").unwrap();
    m.stages[2].rule = "active_windows(30d, 6) >= 3".to_owned();
    m.stages[3].rule = "active_windows(9d, 5) in [1, 4] and has_activity".to_owned();
    m
}

fn arb_model() -> impl Strategy<Value = Model> {
    prop_oneof![
        prop::sample::select(Model::PRESETS.to_vec()).prop_map(|n| Model::preset(n).unwrap()),
        Just(mixed()),
        Just(fields_first()),
        Just(windows_first()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn history_agrees_with_direct_classification((contacts, events) in arb_base(), model in arb_model(), probes in proptest::collection::vec(-900i64..400, 8)) {
        let e = Engine::new(Base::new(contacts, events).unwrap(), model).unwrap();
        let until = as_of() + Duration::days(400);
        let h = e.histories(until);
        for idx in 0..e.base().len() as u32 {
            let one = e.history(idx, until).unwrap();
            prop_assert_eq!(&one, &h.of(idx).unwrap());
            for w in one.transitions.windows(2) {
                prop_assert!(w[0].date < w[1].date && w[0].to == w[1].from && w[0].to != w[0].from);
            }
            for &p in &probes {
                let d = as_of() + Duration::days(p);
                prop_assert_eq!(h.stage_at(idx, d), e.stage_of(idx, d), "contact {} on {}", idx, d);
            }
            // Around every transition too.
            for t in &one.transitions {
                for d in [t.date - Duration::days(1), t.date] {
                    prop_assert_eq!(h.stage_at(idx, d), e.stage_of(idx, d));
                }
            }
        }
    }

    #[test]
    fn one_stage_each_independent_of_input_order((contacts, events) in arb_base(), model in arb_model(), seed in any::<u64>()) {
        let e = Engine::new(Base::new(contacts.clone(), events.clone()).unwrap(), model.clone()).unwrap();
        let cls = e.classify(as_of());
        prop_assert_eq!(cls.stages.len(), contacts.len());
        prop_assert!(cls.stages.iter().all(|&s| (s as usize) < model.stages.len()));
        prop_assert_eq!(cls.counts(model.stages.len()).iter().sum::<u32>() as usize, contacts.len());
        // Shuffle events (and reverse contacts): per contact id, the same stage.
        let mut shuffled = events.clone();
        let mut state = seed | 1;
        for i in (1..shuffled.len()).rev() {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17;
            shuffled.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let mut rev = contacts.clone();
        rev.reverse();
        let e2 = Engine::new(Base::new(rev, shuffled).unwrap(), model).unwrap();
        let cls2 = e2.classify(as_of());
        for c in &contacts {
            let (a, b) = (e.base().index_of(&c.id).unwrap(), e2.base().index_of(&c.id).unwrap());
            prop_assert_eq!(cls.stages[a as usize], cls2.stages[b as usize]);
            prop_assert_eq!(e.explain(a, as_of()), e2.explain(b, as_of()));
        }
    }

    #[test]
    fn explanation_agrees_with_stage((contacts, events) in arb_base(), model in arb_model(), off in -900i64..100) {
        let e = Engine::new(Base::new(contacts, events).unwrap(), model).unwrap();
        let d = as_of() + Duration::days(off);
        let cls = e.classify(d);
        for idx in 0..e.base().len() as u32 {
            let x = e.explain(idx, d).unwrap();
            let stage = e.stage_id(cls.stages[idx as usize] as usize);
            prop_assert_eq!(&x.stage, stage);
            let (last, before) = x.checks.split_last().unwrap();
            prop_assert!(last.matched && last.stage == stage && !last.reasons.is_empty());
            prop_assert!(before.iter().all(|c| !c.matched && !c.reasons.is_empty()));
            prop_assert_eq!(before.len(), cls.stages[idx as usize] as usize);
        }
        let past = e.base().len() as u32;
        prop_assert!(e.explain(past, d).is_none() && e.history(past, d).is_none() && e.stage_of(past, d).is_none());
    }

    #[test]
    fn unchanged_what_if_moves_nobody((contacts, events) in arb_base(), model in arb_model()) {
        let n = contacts.len() as u32;
        let e = Engine::new(Base::new(contacts, events).unwrap(), model.clone()).unwrap();
        let w = e.what_if(&model, as_of(), None).unwrap();
        prop_assert!(w.moves.is_empty());
        prop_assert_eq!(w.unchanged, n);
    }

    #[test]
    fn incremental_adds_equal_a_rebuild((contacts, events) in arb_base(), split in 0usize..30) {
        let split = split.min(events.len());
        let model = Model::preset("b2b").unwrap();
        let full = Engine::new(Base::new(contacts.clone(), events.clone()).unwrap(), model.clone()).unwrap();
        let mut inc = Engine::new(Base::new(contacts, events[..split].to_vec()).unwrap(), model).unwrap();
        let mut cls = inc.classify(as_of());
        let until = as_of() + Duration::days(200);
        let mut h = inc.histories(until);
        let touched = inc.add_events(events[split..].to_vec(), lifecycle_core::UnknownContacts::Reject).unwrap();
        inc.reclassify(&mut cls, &touched);
        prop_assert_eq!(cls, full.classify(as_of()));
        inc.update_histories(&mut h, &touched);
        let expected = full.histories(until);
        for idx in 0..full.base().len() as u32 {
            prop_assert_eq!(h.of(idx), expected.of(idx));
        }
    }

    #[test]
    fn a_base_from_columns_behaves_as_one_from_rows(
        (contacts, mut events) in arb_base(),
        model in arb_model(),
        extras in proptest::collection::vec((0usize..4, 0usize..4, any::<bool>()), 30),
        seed in any::<u64>(),
    ) {
        // Channels, notes, times and custom kinds, which only order ties.
        for (e, &(ch, note, custom)) in events.iter_mut().zip(&extras) {
            e.channel = [None, Some(""), Some("web"), Some("ads")][ch].map(str::to_owned);
            e.note = [None, Some("web"), Some("x"), Some("call back")][note].map(str::to_owned);
            e.time = (ch > 1).then(|| chrono::NaiveTime::from_hms_opt(9 + note as u32, 0, 0).unwrap());
            if custom && e.kind == "call" {
                e.kind = ["visit", "demo"][note % 2].to_owned();
            }
        }
        let rows = Base::new(contacts.clone(), events.clone()).unwrap();
        let mut columns = lifecycle_core::columns::EventColumns::from_events(&contacts, &events).unwrap();
        // Events in any order: the counting sort must place them all.
        let mut state = seed | 1;
        let mut order: Vec<usize> = (0..columns.len()).collect();
        for i in (1..order.len()).rev() {
            state ^= state << 13; state ^= state >> 7; state ^= state << 17;
            order.swap(i, (state % (i as u64 + 1)) as usize);
        }
        let shuffled = {
            let mut c = columns.slice(0..0);
            for &i in &order {
                c.extend(columns.slice(i..i + 1));
            }
            c
        };
        if seed % 2 == 0 {
            columns = shuffled;
        }
        let cols = Base::from_columns(contacts.clone(), columns).unwrap();
        let again = Base::from_columns(contacts.clone(), rows.to_columns()).unwrap();
        // (NaN amounts are unequal as columns; compare them as rows.)
        prop_assert_eq!(rows.to_columns().to_events(&contacts), again.to_columns().to_events(&contacts));
        prop_assert_eq!(rows.to_columns().strings, again.to_columns().strings);
        for base in [&cols, &again] {
            prop_assert_eq!(base.len(), rows.len());
            prop_assert_eq!(base.event_count(), rows.event_count());
            prop_assert_eq!(base.kinds().len(), rows.kinds().len());
            for code in 0..rows.kinds().len() as u8 {
                prop_assert_eq!(base.kinds().name(code), rows.kinds().name(code));
            }
            for idx in 0..rows.len() as u32 {
                prop_assert_eq!(base.event_rows(idx), rows.event_rows(idx));
            }
        }
        let a = Engine::new(rows, model.clone()).unwrap();
        let b = Engine::new(cols, model).unwrap();
        prop_assert_eq!(a.classify(as_of()), b.classify(as_of()));
        let until = as_of() + Duration::days(100);
        let (ha, hb) = (a.histories(until), b.histories(until));
        for idx in 0..a.base().len() as u32 {
            prop_assert_eq!(ha.of(idx), hb.of(idx));
        }
    }

    #[test]
    fn counts_at_dates_equal_classification_on_each_date(
        (contacts, events) in arb_base(),
        model in arb_model(),
        offsets in proptest::collection::vec(-900i64..100, 0..12),
        pick in proptest::collection::vec(any::<bool>(), 6),
    ) {
        let e = Engine::new(Base::new(contacts, events).unwrap(), model).unwrap();
        let stage_count = e.stages().len();
        // Unsorted, with repeats, as callers may pass them.
        let dates: Vec<_> = offsets.iter().map(|&o| as_of() + Duration::days(o)).collect();
        let scope: Vec<u32> = (0..e.base().len() as u32).filter(|&i| pick[i as usize]).collect();
        for scope in [None, Some(scope.as_slice())] {
            let points = e.counts_at(&dates, scope);
            prop_assert_eq!(points.len(), dates.len());
            for (p, &date) in points.iter().zip(&dates) {
                prop_assert_eq!(p.date, date);
                let cls = e.classify(date);
                let mut expected = vec![0u32; stage_count];
                for idx in 0..e.base().len() as u32 {
                    if scope.is_none_or(|s| s.contains(&idx)) {
                        expected[cls.stages[idx as usize] as usize] += 1;
                    }
                }
                prop_assert_eq!(&p.counts, &expected, "on {}", date);
            }
            if let Some(&last) = dates.iter().max() {
                let h = e.histories(last);
                prop_assert_eq!(points, e.trend(&h, &dates, scope));
            }
        }
    }

    /// Dense histories (events days apart, as active customers have) and
    /// month-end-like date lists: the walk passes over events that cannot
    /// change a days-since comparison and skips dates, both checked here
    /// against classifying every day and every date directly.
    #[test]
    fn dense_histories_and_many_dates_equal_direct_classification(
        events in proptest::collection::vec((0..2usize, -420i64..0, 0..KINDS.len(), 0u8..11), 0..60),
        model in arb_model(),
        step in 1i64..45,
        first in -450i64..-300,
    ) {
        let contacts = vec![contact("c0", "icp=true"), contact("c1", "")];
        let events: Vec<Event> = events
            .into_iter()
            .map(|(c, off, k, score)| Event {
                contact: format!("c{c}"),
                date: as_of() + Duration::days(off),
                time: None,
                kind: KINDS[k].to_owned(),
                amount: (KINDS[k] == "deal_won").then_some(f64::from(score) * 10.5),
                score: matches!(KINDS[k], "nps" | "review")
                    .then_some(score.min(if KINDS[k] == "review" { 5 } else { 10 })),
                channel: None,
                note: None,
            })
            .collect();
        let e = Engine::new(Base::new(contacts, events).unwrap(), model).unwrap();
        let dates: Vec<_> = (0..)
            .map(|k| as_of() + Duration::days(first + k * step))
            .take_while(|&d| d <= as_of() + Duration::days(30))
            .collect();
        let points = e.counts_at(&dates, None);
        for (p, &date) in points.iter().zip(&dates) {
            prop_assert_eq!(&p.counts, &e.classify(date).counts(e.stages().len()), "on {}", date);
        }
        let until = as_of() + Duration::days(30);
        let h = e.histories(until);
        for idx in 0..2u32 {
            for off in -460i64..=30 {
                let d = as_of() + Duration::days(off);
                prop_assert_eq!(h.stage_at(idx, d), e.stage_of(idx, d), "contact {} on {}", idx, d);
            }
        }
    }

    #[test]
    fn the_parser_never_panics(src in "\\PC{0,40}") {
        let _ = lifecycle_core::rule::parse(&src);
        let mut m = Model::preset("b2b").unwrap();
        m.stages[0].rule = src;
        let _ = m.validate();
    }
}

proptest! {
    /// Histories filled a slice of contacts at a time (as the app does, with a
    /// repaint between slices) are the histories made at once.
    #[test]
    fn histories_in_slices_equal_histories_at_once((contacts, events) in arb_base(), model in arb_model(), slice in 1usize..4) {
        let e = Engine::new(Base::new(contacts, events).unwrap(), model).unwrap();
        let until = as_of() + Duration::days(100);
        let whole = e.histories(until);
        let mut h = e.histories_begin(until);
        let mut steps = 0;
        while !e.extend_histories(&mut h, slice) {
            steps += 1;
            prop_assert!(steps <= e.base().len(), "never done");
        }
        prop_assert!(e.extend_histories(&mut h, slice), "done stays done");
        prop_assert_eq!(h.len(), whole.len());
        prop_assert_eq!(h.transition_count(), whole.transition_count());
        for idx in 0..e.base().len() as u32 {
            prop_assert_eq!(h.of(idx), whole.of(idx));
        }
    }
}

proptest! {
    /// A base built with its contacts in slices (as the app builds a demo base,
    /// with a repaint between slices) is the base `Base::from_columns` builds.
    #[test]
    fn a_base_built_in_slices_equals_one_from_columns((contacts, events) in arb_base(), model in arb_model(), slice in 1usize..4) {
        let columns = lifecycle_core::columns::EventColumns::from_events(&contacts, &events).unwrap();
        let whole = Base::from_columns(contacts.clone(), columns.clone()).unwrap();
        let mut builder = lifecycle_core::base::BaseBuilder::new(contacts.len());
        for part in contacts.chunks(slice) {
            builder.push_contacts(part.to_vec()).unwrap();
        }
        prop_assert_eq!(builder.len(), contacts.len());
        // Finished at once, or with the events ordered `slice` contacts a step.
        let built = if slice == 2 {
            builder.finish(columns).unwrap()
        } else {
            let mut finish = builder.finish_in_steps(columns).unwrap();
            let mut steps = 1;
            while !finish.step(slice) {
                steps += 1;
            }
            prop_assert_eq!(steps, contacts.len().div_ceil(slice).max(1));
            finish.into_base()
        };
        prop_assert_eq!(built.contacts(), whole.contacts());
        prop_assert_eq!(built.to_columns().to_events(&contacts), whole.to_columns().to_events(&contacts));
        prop_assert_eq!(built.to_columns().strings, whole.to_columns().strings);
        let (a, b) = (Engine::new(built, model.clone()).unwrap(), Engine::new(whole, model).unwrap());
        prop_assert_eq!(a.classify(as_of()), b.classify(as_of()));
    }
}

/// A duplicate id in a later slice is named by its row in the whole base.
#[test]
fn a_duplicate_in_a_later_slice_names_its_row_in_the_base() {
    let mut builder = lifecycle_core::base::BaseBuilder::new(4);
    builder
        .push_contacts(vec![contact("a", ""), contact("b", "")])
        .unwrap();
    let err = builder
        .push_contacts(vec![contact("c", ""), contact("a", "")])
        .unwrap_err();
    let whole = Base::from_columns(
        vec![
            contact("a", ""),
            contact("b", ""),
            contact("c", ""),
            contact("a", ""),
        ],
        Default::default(),
    )
    .unwrap_err();
    assert_eq!(err.to_string(), whole.to_string());
}

proptest! {
    /// The tiles' stage changes read from the histories are those of two
    /// classifications, for the whole base and for a scope.
    #[test]
    fn stage_change_from_histories_equals_classifying_twice(
        (contacts, events) in arb_base(),
        model in arb_model(),
        back in 0i64..800,
        ahead in 0i64..100,
        picked in proptest::collection::vec(any::<bool>(), 6),
    ) {
        let e = Engine::new(Base::new(contacts, events).unwrap(), model).unwrap();
        let to = as_of() + Duration::days(ahead);
        let from = to - Duration::days(back);
        let h = e.histories(as_of() + Duration::days(100));
        let scope: Vec<u32> = (0..e.base().len() as u32).filter(|&i| picked[i as usize]).collect();
        prop_assert_eq!(e.stage_change_in(&h, from, to, None), e.stage_change(from, to, None));
        prop_assert_eq!(e.stage_change_in(&h, from, to, Some(&scope)), e.stage_change(from, to, Some(&scope)));
    }
}
