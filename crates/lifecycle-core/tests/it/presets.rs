//! Every stage of every preset, and its boundaries.

use lifecycle_core::Model;

use crate::{check, stage};

/// (fields, events) -> stage id, for one preset.
fn check_preset(model: &str, cases: &[((&str, &str), &str)]) {
    check(cases, |(fields, evs)| stage(model, fields, evs));
}

// Active in 3 of the last six 30-day windows: ages 0..30, 30..60, 60..90.
const ACTIVE3: &str = "-1 call, -31 call, -61 call";
// Four won deals long ago.
const OLD4: &str = "-400 deal_won, -399 deal_won, -398 deal_won, -397 purchase";

#[test]
fn b2b_stages_and_boundaries() {
    check_preset(
        "b2b",
        &[
            // lost / sleeping: by days since the last client activity.
            (("", "-366 inbound_request"), "lost"),
            (("", "-365 inbound_request"), "sleeping"),
            (("", "-181 inbound_request"), "sleeping"),
            (("", "-180 inbound_request"), "unqualified"),
            (("icp=true", "-180 inbound_request"), "qualified"),
            (("", "-400 deal_won, -400 deal_won, -181 call"), "sleeping"),
            (
                ("", "-400 deal_won, -400 deal_won, -180 call"),
                "developing",
            ),
            // Company-initiated events are not activity.
            (
                ("", "-400 deal_won, -10 message_out, -5 campaign_sent"),
                "lost",
            ),
            (("", "-200 inbound_request, -1 message_out"), "sleeping"),
            // loyal: 4+ wins and active in 3+ of six 30-day windows.
            (
                (
                    "",
                    &format!("-100 deal_won, -90 deal_won, -80 deal_won, -70 purchase, {ACTIVE3}"),
                ),
                "loyal",
            ),
            (
                (
                    "",
                    &format!("-100 deal_won, -90 deal_won, -80 deal_won, {ACTIVE3}"),
                ),
                "developing",
            ),
            // Won deals are activity too; OLD4's are too old for any window.
            // Only two windows: ages 0 and 29 share window 0.
            (
                ("", &format!("{OLD4}, -0 call, -29 call, -61 call")),
                "developing",
            ),
            (
                ("", &format!("{OLD4}, -0 call, -30 call, -61 call")),
                "loyal",
            ),
            // Window 5 covers ages 150..180, age 180 is outside all windows.
            (
                ("", &format!("{OLD4}, -1 call, -31 call, -179 meeting")),
                "loyal",
            ),
            (
                ("", &format!("{OLD4}, -1 call, -31 call, -180 meeting")),
                "developing",
            ),
            // developing / new.
            (("", "-10 deal_won, -5 purchase"), "developing"),
            (("", "-10 deal_won"), "new"),
            (("", "-10 purchase"), "new"),
            (("", "-10 deal_lost"), "unqualified"),
            // An event after the as-of date does not count.
            (("", "-10 deal_won, 1 deal_won"), "new"),
            (("", "1 deal_won"), "unqualified"),
            (("icp=true", "1 quote_request"), "unqualified"),
            // qualified: ICP and an interest signal.
            (("icp=true", "-3 quote_request"), "qualified"),
            (("icp=true", "-3 tender_invite"), "qualified"),
            (("icp=true", "-3 call"), "unqualified"),
            (("icp=false", "-3 inbound_request"), "unqualified"),
            (("", "-3 inbound_request"), "unqualified"),
            (("icp=true", ""), "unqualified"),
        ],
    );
}

#[test]
fn messaging_stages_and_boundaries() {
    check_preset(
        "messaging",
        &[
            (("", "-20 purchase, -10 purchase"), "customer"),
            (("", "-10 purchase"), "payment"),
            (("", "-15 message_in"), "cold_lead"),
            (("", "-14 message_in"), "new_lead"),
            // Our own messages are not a reply.
            (("", "-15 message_in, -1 message_out"), "cold_lead"),
            (("", "-6 message_in, -1 message_in"), "hot_lead"),
            (("", "-7 message_in, -1 message_in"), "new_lead"),
            (("", "-2 quote_request"), "hot_lead"),
            (("", ""), "new_lead"),
            (("", "1 purchase"), "new_lead"),
        ],
    );
}

#[test]
fn funnel_stages_and_boundaries() {
    check_preset(
        "funnel",
        &[
            (("", "-366 purchase"), "lost"),
            (("", "-365 purchase"), "lapsed"),
            (("", "-181 purchase"), "lapsed"),
            (
                (
                    "",
                    "-180 purchase, -100 purchase, -50 purchase, -10 referral",
                ),
                "loyalty",
            ),
            (
                ("", "-180 purchase, -100 purchase, -50 purchase, -10 nps 9"),
                "loyalty",
            ),
            (
                ("", "-180 purchase, -100 purchase, -50 purchase, -10 nps 8"),
                "retention",
            ),
            (
                ("", "-100 purchase, -50 purchase, -10 referral"),
                "retention",
            ),
            (("", "-10 purchase"), "conversion"),
            (("", "-10 message_in"), "engagement"),
            (("", "-10 support_ticket"), "awareness"),
            (("", ""), "awareness"),
        ],
    );
}

#[test]
fn hubspot_stages_and_boundaries() {
    check_preset(
        "hubspot",
        &[
            (("", "-10 purchase, -5 referral"), "evangelist"),
            (("", "-10 purchase, -5 nps 9"), "evangelist"),
            (("", "-10 purchase, -5 nps 10, -1 nps 8"), "customer"),
            (("", "-10 purchase"), "customer"),
            (("", "-10 quote_request"), "opportunity"),
            (("icp=true", "-10 meeting"), "sql"),
            (("", "-10 meeting"), "lead"),
            (("icp=true", "-10 inbound_request"), "mql"),
            (("", "-10 inbound_request"), "lead"),
            (("", "-10 message_out"), "subscriber"),
            (("", ""), "subscriber"),
        ],
    );
}

#[test]
fn presets_validate_and_round_trip_through_json() {
    for name in Model::PRESETS {
        let model = Model::preset(name).unwrap();
        assert_eq!(model.validate(), Ok(()), "{name}");
        assert_eq!(Model::from_json(&model.to_json()).unwrap(), model, "{name}");
        assert_eq!(model.id, name);
    }
}

#[test]
fn b2b_is_exactly_the_specified_model() {
    let m = Model::preset("b2b").unwrap();
    let got: Vec<String> = m
        .stages
        .iter()
        .map(|s| format!("{} {:?}: {}", s.id, s.kind, s.rule))
        .collect();
    assert_eq!(
        got,
        [
            "lost Lost: has_activity and days_since_last_activity > window.lost",
            "sleeping Dormant: has_activity and days_since_last_activity > window.sleeping",
            "loyal Won: deals_won >= 4 and active_windows(30d, 6) >= 3",
            "developing Won: deals_won >= 2",
            "new Won: deals_won == 1",
            "qualified Open: icp and has(inbound_request, quote_request, tender_invite)",
            "unqualified Open: true",
        ]
    );
    assert_eq!(m.windows["sleeping"], 180);
    assert_eq!(m.windows["lost"], 365);
    assert_eq!(m.icp, "field.icp == true");
}
