//! Exact stage histories, including transitions caused by time passing.

use crate::{check, date, engine};

fn history(model: &str, evs: &str, until: &str) -> String {
    let e = engine(model, &[("icp=true", evs)]);
    let h = e.history(0, date(until)).unwrap();
    let mut out = vec![e.stage_id(h.initial).to_owned()];
    out.extend(
        h.transitions
            .iter()
            .map(|t| format!("{} {}", t.date, e.stage_id(t.to))),
    );
    out.join(", ")
}

#[test]
fn histories_include_time_caused_transitions() {
    check(
        &[
            // One deal on 2025-10-01 (offset 0 = AS_OF): sleeping on day 181,
            // lost on day 366.
            (
                ("b2b", "0 deal_won", "2027-01-01"),
                "unqualified, 2025-10-01 new, 2026-03-31 sleeping, 2026-10-02 lost",
            ),
            (
                ("b2b", "0 deal_won", "2026-03-30"),
                "unqualified, 2025-10-01 new",
            ),
            (
                ("b2b", "0 deal_won", "2026-03-31"),
                "unqualified, 2025-10-01 new, 2026-03-31 sleeping",
            ),
            // Coming back from sleeping.
            (
                ("b2b", "0 deal_won, 200 call", "2026-12-31"),
                "unqualified, 2025-10-01 new, 2026-03-31 sleeping, 2026-04-19 new, 2026-10-17 sleeping",
            ),
            (
                (
                    "b2b",
                    "0 inbound_request, 10 deal_won, 20 purchase",
                    "2026-01-01",
                ),
                "unqualified, 2025-10-01 qualified, 2025-10-11 new, 2025-10-21 developing",
            ),
            // Loyal while active in 3 of six 30-day windows, then it decays.
            (
                (
                    "b2b",
                    "0 deal_won, 1 deal_won, 2 deal_won, 3 deal_won, 40 call, 80 call",
                    "2026-02-01",
                ),
                "unqualified, 2025-10-01 new, 2025-10-02 developing, 2025-11-30 loyal, 2025-12-03 developing, 2025-12-20 loyal",
            ),
            (
                (
                    "b2b",
                    "0 deal_won, 1 deal_won, 2 deal_won, 3 deal_won, 40 call, 80 call",
                    "2026-06-01",
                ),
                "unqualified, 2025-10-01 new, 2025-10-02 developing, 2025-11-30 loyal, 2025-12-03 developing, 2025-12-20 loyal, 2026-04-02 developing",
            ),
            (
                ("messaging", "0 message_in, 3 message_in", "2025-12-01"),
                "new_lead, 2025-10-04 hot_lead, 2025-10-08 new_lead, 2025-10-19 cold_lead",
            ),
        ],
        |(model, evs, until)| history(model, evs, until),
    );
}
