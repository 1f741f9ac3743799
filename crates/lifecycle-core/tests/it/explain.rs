//! Explanations: the matching rule with actual values, and why each
//! higher-priority stage did not match.

use lifecycle_core::Lang;

use crate::{as_of, check, engine};

fn explain(model: &str, fields: &str, evs: &str) -> String {
    explain_in(model, fields, evs, Lang::En)
}

fn explain_in(model: &str, fields: &str, evs: &str, lang: Lang) -> String {
    let e = engine(model, &[(fields, evs)]);
    let x = e.explain_in(0, as_of(), lang).unwrap();
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
                 + qualified: matches the ICP (field.icp = true, == true); has inbound request/quote request/tender invitation",
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

#[test]
fn explanations_in_russian() {
    check(
        &[
            (
                ("b2b", "", "-213 deal_won"),
                "- lost: последнее: активность клиента 02.03.2025, 213 дн. назад, не > 365\n\
                 + sleeping: есть: активность клиента; последнее: активность клиента 02.03.2025, 213 дн. назад, > 180",
            ),
            (
                ("b2b", "", ""),
                "- lost: нет: активность клиента\n\
                 - sleeping: нет: активность клиента\n\
                 - loyal: deals_won = 0, не >= 4\n\
                 - developing: deals_won = 0, не >= 2\n\
                 - new: deals_won = 0, не == 1\n\
                 - qualified: не соответствует профилю идеального клиента (field.icp не заполнено, не == да)\n\
                 + unqualified: последняя стадия принимает всех, кого не взяла ни одна стадия выше",
            ),
            (
                ("b2b", "icp=true", "-5 inbound_request"),
                "- lost: последнее: активность клиента 26.09.2025, 5 дн. назад, не > 365\n\
                 - sleeping: последнее: активность клиента 26.09.2025, 5 дн. назад, не > 180\n\
                 - loyal: deals_won = 0, не >= 4\n\
                 - developing: deals_won = 0, не >= 2\n\
                 - new: deals_won = 0, не == 1\n\
                 + qualified: соответствует профилю идеального клиента (field.icp = да, == да); есть: входящая заявка/запрос цены/приглашение в тендер",
            ),
        ],
        |(model, fields, evs)| explain_in(model, fields, evs, Lang::Ru),
    );
}

#[test]
fn both_languages_explain_the_same_checks() {
    for evs in [
        "-213 deal_won",
        "-20 deal_won, -10 deal_won, -5 call",
        "",
        "-400 call",
    ] {
        let e = engine("b2b", &[("icp=true", evs)]);
        let en = e.explain_in(0, as_of(), Lang::En).unwrap();
        let ru = e.explain_in(0, as_of(), Lang::Ru).unwrap();
        assert_eq!(en.stage, ru.stage, "{evs}");
        let shape = |x: &lifecycle_core::Explanation| {
            x.checks
                .iter()
                .map(|c| (c.stage.clone(), c.matched, c.reasons.len()))
                .collect::<Vec<_>>()
        };
        assert_eq!(shape(&en), shape(&ru), "{evs}");
    }
}
