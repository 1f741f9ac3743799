//! Explanations: the matching rule with actual values, and why each
//! higher-priority stage did not match.

use crate::{as_of, check, engine};

fn explain(model: &str, fields: &str, evs: &str) -> String {
    let e = engine(model, &[(fields, evs)]);
    let x = e.explain(0, as_of()).unwrap();
    x.checks
        .iter()
        .map(|c| {
            format!(
                "{} {}: {}",
                if c.matched { "+" } else { "-" },
                c.stage,
                c.reasons.join("; ")
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

#[test]
fn explanations_show_values_and_failed_stages() {
    check(
        &[
            (
                ("b2b", "", "-213 deal_won"),
                "- lost: last client activity 2025-03-02, 213 days ago, not > 365\n\
                 + sleeping: has client activity; last client activity 2025-03-02, 213 days ago, > 180",
            ),
            (
                ("b2b", "", "-20 deal_won, -10 deal_won, -5 call"),
                "- lost: last client activity 2025-09-26, 5 days ago, not > 365\n\
                 - sleeping: last client activity 2025-09-26, 5 days ago, not > 180\n\
                 - loyal: deals_won = 2, not >= 4\n\
                 + developing: deals_won = 2, >= 2",
            ),
            (
                ("b2b", "icp=true", "-5 inbound_request"),
                "- lost: last client activity 2025-09-26, 5 days ago, not > 365\n\
                 - sleeping: last client activity 2025-09-26, 5 days ago, not > 180\n\
                 - loyal: deals_won = 0, not >= 4\n\
                 - developing: deals_won = 0, not >= 2\n\
                 - new: deals_won = 0, not == 1\n\
                 + qualified: matches the ICP (field.icp = true, == true); has inbound_request/quote_request/tender_invite",
            ),
            (
                ("b2b", "", ""),
                "- lost: no client activity\n\
                 - sleeping: no client activity\n\
                 - loyal: deals_won = 0, not >= 4\n\
                 - developing: deals_won = 0, not >= 2\n\
                 - new: deals_won = 0, not == 1\n\
                 - qualified: does not match the ICP (field.icp is missing, not == true)\n\
                 + unqualified: the last stage takes every contact no earlier stage took",
            ),
            (
                ("hubspot", "", "-10 purchase, -3 nps 10"),
                "+ evangelist: deals_won = 1, >= 1; latest NPS 10 on 2025-09-28, >= 9",
            ),
        ],
        |(model, fields, evs)| explain(model, fields, evs),
    );
}
