//! Reports on a small base checked by hand (b2b, as of 2025-10-01).

use chrono::Duration;
use lifecycle_core::reports::{month_ends, week_ends};
use lifecycle_core::{Engine, Segment};

use crate::{as_of, date, engine};

/// c0 new, c1 sleeping (was developing), c2 lost, c3 qualified,
/// c4 unqualified, c5 developing with a bad NPS, c6 new and inactive 140 days.
fn small() -> Engine {
    engine(
        "b2b",
        &[
            ("source=ads owner=anna", "-10 deal_won 1000"),
            (
                "source=ads owner=boris tag=vip",
                "-300 deal_won 5000, -200 deal_won 3000",
            ),
            ("source=web", "-400 inbound_request"),
            ("source=web icp=true", "-5 quote_request"),
            ("source=web", ""),
            (
                "source=tender owner=anna",
                "-140 nps 3, -100 deal_won 200, -50 deal_won 300",
            ),
            ("source=tender tag=vip", "-140 deal_won 700"),
        ],
    )
}

fn counts(e: &Engine, c: &[u32]) -> String {
    e.stages()
        .iter()
        .zip(c)
        .map(|(s, n)| format!("{}={n}", s.id))
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn stage_counts_and_change() {
    let e = small();
    let cls = e.classify(as_of());
    assert_eq!(
        counts(&e, &e.stage_counts(&cls, None)),
        "lost=1 sleeping=1 loyal=0 developing=1 new=2 qualified=1 unqualified=1"
    );
    let change: Vec<String> = e
        .stage_change(as_of() - Duration::days(100), as_of(), None)
        .iter()
        .filter(|c| c.change != 0)
        .map(|c| format!("{} {}->{} ({:+})", c.stage, c.from, c.to, c.change))
        .collect();
    assert_eq!(
        change,
        [
            "lost 0->1 (+1)",
            "qualified 0->1 (+1)",
            "unqualified 3->1 (-2)"
        ]
    );
}

#[test]
fn segments_filter_by_stage_source_owner_tag_and_rule() {
    let e = small();
    let cls = e.classify(as_of());
    let sel = |seg: Segment| e.select(&cls, &seg).unwrap();
    let seg = |f: fn(&mut Segment)| {
        let mut s = Segment::default();
        f(&mut s);
        s
    };
    assert_eq!(sel(Segment::default()), [0, 1, 2, 3, 4, 5, 6]);
    assert_eq!(sel(seg(|s| s.stages = vec!["new".into()])), [0, 6]);
    assert_eq!(
        sel(seg(|s| s.sources = vec!["web".into(), "tender".into()])),
        [2, 3, 4, 5, 6]
    );
    assert_eq!(sel(seg(|s| s.owners = vec!["anna".into()])), [0, 5]);
    assert_eq!(sel(seg(|s| s.tags = vec!["vip".into()])), [1, 6]);
    assert_eq!(
        sel(seg(|s| s.filter = Some("revenue >= 700".into()))),
        [0, 1, 6]
    );
    assert_eq!(
        sel(seg(|s| {
            s.filter = Some("field.icp == true".into());
            s.sources = vec!["web".into()];
        })),
        [3]
    );
    let err = e
        .select(&cls, &seg(|s| s.filter = Some("field.size > 2".into())))
        .unwrap_err();
    assert_eq!(
        err.0[0].to_string(),
        "filter at 1:1: unknown field `size` (hint: known fields: icp; declare new ones in the model's fields)"
    );
    // Reports on a segment count only its contacts.
    let anna = sel(seg(|s| s.owners = vec!["anna".into()]));
    assert_eq!(
        counts(&e, &e.stage_counts(&cls, Some(&anna))),
        "lost=0 sleeping=0 loyal=0 developing=1 new=1 qualified=0 unqualified=0"
    );
}

#[test]
fn trend_matches_direct_classification_at_each_date() {
    let e = small();
    let h = e.histories(as_of());
    let dates = month_ends(date("2024-09-15"), as_of());
    assert_eq!(dates.len(), 13);
    assert_eq!(dates[0], date("2024-09-30"));
    assert_eq!(dates[12], date("2025-09-30"));
    for point in e.trend(&h, &dates, None) {
        assert_eq!(
            point.counts,
            e.classify(point.date).counts(e.stages().len()),
            "{}",
            point.date
        );
    }
    let weeks = week_ends(date("2025-09-01"), date("2025-09-30"));
    assert_eq!(
        weeks,
        [
            date("2025-09-07"),
            date("2025-09-14"),
            date("2025-09-21"),
            date("2025-09-28")
        ]
    );
}

#[test]
fn transition_matrix_in_a_period() {
    let e = small();
    let h = e.histories(as_of());
    let m = e.transitions(&h, as_of() - Duration::days(365), as_of(), None);
    let mut got = Vec::new();
    for (a, row) in m.counts.iter().enumerate() {
        for (b, &n) in row.iter().enumerate() {
            if n > 0 {
                got.push(format!("{}->{}: {n}", m.stages[a], m.stages[b]));
            }
        }
    }
    assert_eq!(
        got,
        [
            "sleeping->lost: 1",
            "developing->sleeping: 1",
            "new->developing: 2",
            "unqualified->sleeping: 1",
            "unqualified->new: 4",
            "unqualified->qualified: 1",
        ]
    );
}

#[test]
fn funnel_with_conversion_and_step_times() {
    let e = small();
    let h = e.histories(as_of());
    let got: Vec<String> = e
        .funnel(&h, as_of(), None)
        .iter()
        .map(|s| {
            format!(
                "{} {} {:?} {:?} {:?}",
                s.stage,
                s.reached,
                s.conversion.map(|c| (c * 100.0).round()),
                s.median_days,
                s.p90_days
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            "unqualified 7 None None None",
            "qualified 5 Some(71.0) Some(0.0) Some(40.0)",
            "new 4 Some(80.0) Some(0.0) Some(0.0)",
            "developing 2 Some(50.0) Some(50.0) Some(100.0)",
            "loyal 0 Some(0.0) None None",
        ]
    );
}

fn drop_off_rows(e: &Engine, days: i64) -> (Vec<String>, u32) {
    let h = e.histories(as_of());
    let d = e.drop_off(&h, as_of() - Duration::days(days), as_of(), None);
    let rows = d
        .rows
        .iter()
        .map(|r| {
            format!(
                "{} entered={} dormant={} lost={} rate={:?}",
                r.stage,
                r.entered,
                r.to_dormant,
                r.to_lost,
                r.rate.map(|x| (x * 1000.0).round() / 1000.0)
            )
        })
        .collect();
    (rows, d.dormant_to_lost)
}

/// The b2b model loses contacts only after they sleep (180 then 365 days
/// without activity): c2 (unqualified, last active 400 days ago) slept on day
/// -220 and was lost on day -35. Its loss counts under unqualified, the stage
/// it left, once: as lost, where it ended, not also as sleeping.
#[test]
fn drop_off_attributes_a_loss_to_the_stage_left_before_sleeping() {
    let e = small();
    assert_eq!(
        drop_off_rows(&e, 365),
        (
            vec![
                "loyal entered=0 dormant=0 lost=0 rate=None".to_owned(),
                "developing entered=2 dormant=1 lost=0 rate=Some(0.5)".to_owned(),
                "new entered=4 dormant=0 lost=0 rate=Some(0.0)".to_owned(),
                "qualified entered=1 dormant=0 lost=0 rate=Some(0.0)".to_owned(),
                "unqualified entered=7 dormant=0 lost=1 rate=Some(0.143)".to_owned(),
            ],
            1
        )
    );
    // In the last 90 days c2 was never unqualified, yet it was lost from it:
    // it counts in that stage's contacts, so the rate stays a share. c1
    // (developing, last active 200 days ago) went sleeping on day -19.
    assert_eq!(
        drop_off_rows(&e, 90),
        (
            vec![
                "loyal entered=0 dormant=0 lost=0 rate=None".to_owned(),
                "developing entered=2 dormant=1 lost=0 rate=Some(0.5)".to_owned(),
                "new entered=3 dormant=0 lost=0 rate=Some(0.0)".to_owned(),
                "qualified entered=1 dormant=0 lost=0 rate=Some(0.0)".to_owned(),
                "unqualified entered=4 dormant=0 lost=1 rate=Some(0.25)".to_owned(),
            ],
            1
        )
    );
}

/// Each contact that left a stage counts once for it, under where it was at
/// the period's end (b2b: sleeping after 180 days without activity, lost
/// after 365). In the last year: a slept on day -220 and was lost on day -35;
/// b slept on day -120 and came back with a deal on day -50; c slept on day
/// -70 and still sleeps; d is new and active; e slept on day -320, was lost
/// on day -135 and came back with a deal on day -30: not lost at the end, it
/// counts as sleeping, and not among the lost that slept first.
#[test]
fn drop_off_counts_a_contact_that_left_once_under_its_outcome() {
    let e = engine(
        "b2b",
        &[
            ("source=web", "-400 inbound_request"),
            ("source=web", "-300 deal_won 1000, -50 deal_won 500"),
            ("source=web", "-250 deal_won 100"),
            ("source=web", "-20 deal_won 100"),
            ("source=web", "-500 deal_won 100, -30 deal_won 100"),
        ],
    );
    let (rows, dormant_to_lost) = drop_off_rows(&e, 365);
    assert_eq!(
        rows,
        [
            "loyal entered=0 dormant=0 lost=0 rate=None",
            "developing entered=2 dormant=0 lost=0 rate=Some(0.0)",
            "new entered=4 dormant=3 lost=0 rate=Some(0.75)",
            "qualified entered=0 dormant=0 lost=0 rate=None",
            "unqualified entered=4 dormant=0 lost=1 rate=Some(0.25)",
        ]
    );
    assert_eq!(dormant_to_lost, 1);
    // The bar the app draws is the rate: its segments add up to the leavers.
    let h = e.histories(as_of());
    for r in e
        .drop_off(&h, as_of() - Duration::days(365), as_of(), None)
        .rows
    {
        let left = r.rate.map_or(0.0, |x| x * f64::from(r.entered)).round();
        assert_eq!(f64::from(r.to_dormant + r.to_lost), left, "{}", r.stage);
    }
}

/// Where a lost stage follows an open one directly (the messaging preset's
/// cold lead after 14 days without a reply), the loss is the open stage's.
#[test]
fn drop_off_counts_a_direct_loss_under_the_stage_left() {
    let e = engine(
        "messaging",
        &[
            ("source=web", "-60 message_in"),
            ("source=web", "-5 message_in"),
        ],
    );
    assert_eq!(
        drop_off_rows(&e, 90),
        (
            vec![
                "customer entered=0 dormant=0 lost=0 rate=None".to_owned(),
                "payment entered=0 dormant=0 lost=0 rate=None".to_owned(),
                "hot_lead entered=0 dormant=0 lost=0 rate=None".to_owned(),
                "new_lead entered=2 dormant=0 lost=1 rate=Some(0.5)".to_owned(),
            ],
            0
        )
    );
}

#[test]
fn time_in_stage() {
    let e = small();
    let h = e.histories(as_of());
    let t = e.time_in_stage(&h, as_of(), None);
    let get = |id: &str| {
        let s = t.iter().find(|s| s.stage == id).unwrap();
        format!(
            "completed={} median={:?} p90={:?} current={} current_median={:?}",
            s.completed, s.median_days, s.p90_days, s.current, s.current_median_days
        )
    };
    assert_eq!(
        get("new"),
        "completed=2 median=Some(50.0) p90=Some(100.0) current=2 current_median=Some(10.0)"
    );
    assert_eq!(
        get("developing"),
        "completed=1 median=Some(181.0) p90=Some(181.0) current=1 current_median=Some(50.0)"
    );
    assert_eq!(
        get("lost"),
        "completed=0 median=None p90=None current=1 current_median=Some(34.0)"
    );
}

#[test]
fn cohorts_by_month_of_first_activity() {
    let e = engine(
        "b2b",
        &[
            ("", "-264 deal_won"),               // 2025-01-10
            ("", "-254 call"),                   // 2025-01-20
            ("", "-230 message_out, -200 call"), // 2025-03-15 first client activity
        ],
    );
    let h = e.histories(date("2025-04-15"));
    let c = e.cohorts(&h, date("2025-04-15"), None);
    let got: Vec<String> = c
        .iter()
        .map(|c| {
            format!(
                "{} n={} active={:?} customers={:?}",
                c.month, c.size, c.active, c.customers
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            "2025-01-01 n=2 active=[1.0, 1.0, 1.0] customers=[0.5, 0.5, 0.5]",
            "2025-03-01 n=1 active=[1.0] customers=[0.0]",
        ]
    );
}

#[test]
fn conversion_by_source() {
    let e = small();
    let h = e.histories(as_of());
    let got: Vec<String> = e
        .conversion_by_source(&h, as_of(), None)
        .iter()
        .map(|r| {
            format!(
                "{} {}/{} now={}",
                r.source, r.customers, r.contacts, r.customers_now
            )
        })
        .collect();
    assert_eq!(got, ["ads 2/2 now=1", "tender 2/2 now=2", "web 0/3 now=0"]);
}

#[test]
fn risk_list_ranked_by_value() {
    let e = small();
    let cls = e.classify(as_of());
    let got: Vec<String> = e
        .risk_list(&cls, None)
        .iter()
        .map(|r| format!("{} {} {} {}", r.id, r.stage, r.value, r.reasons.join("; ")))
        .collect();
    assert_eq!(
        got,
        [
            "c6 new 700 no client activity for 140 days (the alarm is at 135 days)",
            "c5 developing 500 latest NPS score 3: a detractor (6 or lower)",
        ]
    );
    let ru: Vec<String> = e
        .risk_list_in(&cls, None, lifecycle_core::Lang::Ru)
        .iter()
        .map(|r| format!("{} {}", r.id, r.reasons.join("; ")))
        .collect();
    assert_eq!(
        ru,
        [
            "c6 нет активности клиента 140 дней (тревога — после 135 дней)",
            "c5 последняя оценка NPS 3: критик (6 и ниже)",
        ]
    );
}
