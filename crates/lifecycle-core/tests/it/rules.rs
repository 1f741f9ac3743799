//! The rule language: parse errors with line:column and hint, and metrics.

use lifecycle_core::Model;

use crate::{check, engine_with};

/// Compiles `rule` as the first stage of the b2b model and returns
/// "ok" or every error.
fn compile(rule: &str) -> String {
    let mut m = Model::preset("b2b").unwrap();
    m.stages[0].rule = rule.to_owned();
    match m.validate() {
        Ok(()) => "ok".into(),
        Err(e) => {
            e.0.iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(" | ")
        }
    }
}

#[test]
fn rule_errors_name_line_column_and_hint() {
    check(
        &[
            ("deals_won >= 4", "ok"),
            ("deals_won >= 4 and\n  active_windows(30d, 6) >= 3", "ok"),
            (
                "field.industry in [\"retail\"]",
                "stage `lost` at 1:1: unknown field `industry` (hint: known fields: icp; declare new ones in the model's fields)",
            ),
            (
                "deals_wom >= 4",
                "stage `lost` at 1:1: unknown metric `deals_wom` (hint: known names: deals_won, deals_lost, revenue, count(..), sum(..), has(..), has_activity, days_since_last_activity, days_since_first_activity, days_since_last_deal, days_since_first_deal, days_since_last(..), days_since_first(..), active_windows(30d, 6), last_nps, last_review, last_score(..), low_reviews, count_score_at_most(.., n), icp, field.<name>, window.<name>, source, owner, has_tag(\"..\"))",
            ),
            (
                "deals_won >=",
                "stage `lost` at 1:13: expected a value, found the end of the rule (hint: a condition looks like `deals_won >= 2` or `icp`)",
            ),
            (
                "deals_won = 4",
                "stage `lost` at 1:11: unexpected `=` (hint: to compare, write `==`)",
            ),
            (
                "deals_won >= 4 &&\n icp",
                "stage `lost` at 1:16: unexpected `&` (hint: write `and`, `or` and `not` as words)",
            ),
            (
                "(deals_won >= 4",
                "stage `lost` at 1:16: expected `)`, found the end of the rule (hint: every `(` needs a matching `)`)",
            ),
            (
                "deals_won >= 4 icp",
                "stage `lost` at 1:16: unexpected `icp` (hint: join conditions with `and` or `or`)",
            ),
            (
                "deals_won",
                "stage `lost` at 1:1: `deals_won` is a number, not a condition (hint: compare it, for example `deals_won >= 1`)",
            ),
            (
                "count(teleport) > 1",
                "stage `lost` at 1:7: unknown event kind `teleport` (hint: use a built-in kind (deal_won, inbound_request, ...), a kind declared in the model, or a group: activity, wins, interest, any)",
            ),
            (
                "count(call, 30x) > 1",
                "stage `lost` at 1:13: bad number or duration near `30x` (hint: durations use d, w, m or y: 30d, 2w, 6m, 1y)",
            ),
            (
                "source == \"web",
                "stage `lost` at 1:11: unterminated string (hint: close the string with a double quote \" on the same line)",
            ),
            (
                "days_since_last_activity > deals_won",
                "stage `lost` at 1:1: a days-since metric can only be compared with a number (hint: write for example `days_since_last_activity > 180`)",
            ),
            (
                "deals_won > window.never",
                "stage `lost` at 1:13: unknown window `never` (hint: the model's windows are: lost, sleeping)",
            ),
            (
                "1 < 2 < 3",
                "stage `lost` at 1:7: comparisons cannot be chained (hint: write `a < b and b < c`)",
            ),
            (
                "",
                "stage `lost` at 1:1: empty rule (hint: write a condition, or `true` for a stage that catches everything)",
            ),
            // Every error of a rule, in order.
            (
                "nope > 1 or\n   zilch > 2",
                "stage `lost` at 1:1: unknown metric `nope` (hint: known names: deals_won, deals_lost, revenue, count(..), sum(..), has(..), has_activity, days_since_last_activity, days_since_first_activity, days_since_last_deal, days_since_first_deal, days_since_last(..), days_since_first(..), active_windows(30d, 6), last_nps, last_review, last_score(..), low_reviews, count_score_at_most(.., n), icp, field.<name>, window.<name>, source, owner, has_tag(\"..\")) | stage `lost` at 2:4: unknown metric `zilch` (hint: known names: deals_won, deals_lost, revenue, count(..), sum(..), has(..), has_activity, days_since_last_activity, days_since_first_activity, days_since_last_deal, days_since_first_deal, days_since_last(..), days_since_first(..), active_windows(30d, 6), last_nps, last_review, last_score(..), low_reviews, count_score_at_most(.., n), icp, field.<name>, window.<name>, source, owner, has_tag(\"..\"))",
            ),
        ],
        |rule| compile(rule),
    );
}

#[test]
fn model_validation_reports_every_problem() {
    let mut m = Model::preset("b2b").unwrap();
    m.version = 7;
    m.stages[1].id = "lost".into();
    m.stages[2].colour = "green".into();
    m.stages[3].rule = "deals_won >= ".into();
    m.funnel.push("vip".into());
    m.icp = "field.size > 3".into();
    let errors: Vec<String> = m
        .validate()
        .unwrap_err()
        .0
        .iter()
        .map(ToString::to_string)
        .collect();
    assert_eq!(
        errors,
        [
            "model: unsupported model version 7 (hint: this version of Lifecycle reads version 1)",
            "stage `lost`: duplicate stage id (hint: stage ids must be unique)",
            "stage `loyal`: invalid colour \"green\" (hint: write colours as #rrggbb)",
            "funnel: unknown stage `vip` in the funnel (hint: the funnel lists stage ids of this model)",
            "icp at 1:1: unknown field `size` (hint: known fields: icp; declare new ones in the model's fields)",
            "stage `developing` at 1:14: expected a value, found the end of the rule (hint: a condition looks like `deals_won >= 2` or `icp`)",
        ]
    );
}

/// Evaluates `rule` for one contact as of AS_OF: "true" or "false".
fn holds(rule: &str, fields: &str, evs: &str) -> String {
    let mut m = Model::preset("b2b").unwrap();
    m.stages = vec![m.stages[0].clone(), m.stages[6].clone()];
    m.stages[0].rule = rule.to_owned();
    m.funnel.clear();
    m.icp = "field.industry in [\"retail\", \"logistics\"] and field.employees >= 50".into();
    m.fields.push(lifecycle_core::model::FieldDecl {
        name: "industry".into(),
        ty: lifecycle_core::model::FieldType::Text,
    });
    m.fields.push(lifecycle_core::model::FieldDecl {
        name: "employees".into(),
        ty: lifecycle_core::model::FieldType::Number,
    });
    let e = engine_with(m, &[(fields, evs)]);
    (e.stage_of(0, crate::as_of()) == Some(0)).to_string()
}

#[test]
fn metrics_and_operators() {
    check(
        &[
            (
                ("count(call) == 2", "", "-400 call, -1 call, 2 call"),
                "true",
            ),
            (("count(call, 30d) == 1", "", "-30 call, -29 call"), "true"),
            (
                (
                    "count(activity, 1m) == 2",
                    "",
                    "-29 call, -1 message_in, -1 message_out",
                ),
                "true",
            ),
            (
                (
                    "count(wins) == 2",
                    "",
                    "-5 deal_won, -3 purchase, -1 deal_lost",
                ),
                "true",
            ),
            (
                ("count(\"webinar\") == 1", "", "-1 webinar, -2 call"),
                "true",
            ),
            (
                (
                    "sum(deal_won) == 150.5",
                    "",
                    "-5 deal_won 100, -3 deal_won 50.5, -1 purchase 7",
                ),
                "true",
            ),
            (
                (
                    "revenue == 157.5",
                    "",
                    "-5 deal_won 100, -3 deal_won 50.5, -1 purchase 7",
                ),
                "true",
            ),
            (
                (
                    "sum(deal_won, 4d) == 50.5",
                    "",
                    "-5 deal_won 100, -3 deal_won 50.5",
                ),
                "true",
            ),
            (("deals_lost == 1", "", "-1 deal_lost"), "true"),
            (
                ("days_since_last(call) == 3", "", "-10 call, -3 call"),
                "true",
            ),
            (
                ("days_since_first(call) == 10", "", "-10 call, -3 call"),
                "true",
            ),
            (
                (
                    "days_since_first_deal == 9 and days_since_last_deal == 2",
                    "",
                    "-9 deal_won, -2 purchase",
                ),
                "true",
            ),
            (
                (
                    "days_since_first_activity == 30",
                    "",
                    "-40 message_out, -30 call",
                ),
                "true",
            ),
            (("days_since_last_activity > 1", "", ""), "false"),
            (("not days_since_last_activity > 1", "", ""), "true"),
            (
                (
                    "active_windows(30d, 6) == 2",
                    "",
                    "-0 call, -29 call, -30 call, -180 call",
                ),
                "true",
            ),
            (
                ("active_windows(1w, 2) == 2", "", "-6 call, -7 call"),
                "true",
            ),
            (("last_nps == 4", "", "-9 nps 10, -2 nps 4"), "true"),
            (("last_nps <= 6", "", ""), "false"),
            (
                (
                    "last_review == 2 and low_reviews == 2",
                    "",
                    "-9 review 1, -5 review 5, -2 review 2",
                ),
                "true",
            ),
            (
                ("count_score_at_most(nps, 6) == 1", "", "-9 nps 6, -2 nps 7"),
                "true",
            ),
            (
                ("last_score(nps, review) == 3", "", "-9 nps 6, -2 review 3"),
                "true",
            ),
            (("has(tender_invite)", "", "-2 tender_invite"), "true"),
            (("has(tender_invite, 1d)", "", "-2 tender_invite"), "false"),
            (("icp", "industry=retail employees=50", ""), "true"),
            (("icp", "industry=retail employees=49", ""), "false"),
            (("icp", "industry=banking employees=500", ""), "false"),
            (("icp", "", ""), "false"),
            (("not icp", "", ""), "true"),
            (
                ("field.industry not in [\"retail\"]", "industry=banking", ""),
                "true",
            ),
            (
                ("field.industry != \"retail\"", "industry=banking", ""),
                "true",
            ),
            (("field.employees in [10, 20]", "employees=20", ""), "true"),
            (
                (
                    "source == \"ads\" and owner == \"anna\"",
                    "source=ads owner=anna",
                    "",
                ),
                "true",
            ),
            (("has_tag(\"vip\")", "tag=vip", ""), "true"),
            (("has_tag(\"vip\")", "tag=new", ""), "false"),
            (
                (
                    "deals_won >= 1 or (icp and has(interest))",
                    "industry=retail employees=60",
                    "-1 quote_request",
                ),
                "true",
            ),
            (("180 < days_since_last_activity", "", "-181 call"), "true"),
            (("days_since_last_activity > 6m", "", "-181 call"), "true"),
            (("days_since_last_activity > 6m", "", "-180 call"), "false"),
            (("has_activity == false", "", "-1 message_out"), "true"),
            (("deals_won == 0 # a comment\n and true", "", ""), "true"),
        ],
        |(rule, fields, evs)| holds(rule, fields, evs),
    );
}
