//! Explanations: the matching rule with actual values, and why each
//! higher-priority stage did not match, in plain words a sales manager reads
//! without knowing the rule language.

use chrono::NaiveDate;
use lifecycle_core::demo::{DemoConfig, generate};
use lifecycle_core::words::english_words;
use lifecycle_core::{Base, Contact, Engine, Event, FieldValue, Lang, Model};

use crate::{as_of, check, contact, engine, engine_with};

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
                "- lost: last client activity Mar 2, 2025, 213 days ago — needs more than 365 days ago\n\
                 + sleeping: last client activity Mar 2, 2025, 213 days ago — needs more than 180 days ago",
            ),
            (
                ("b2b", "", "-20 deal_won, -10 deal_won, -5 call"),
                "- lost: last client activity Sep 26, 2025, 5 days ago — needs more than 365 days ago\n\
                 - sleeping: last client activity Sep 26, 2025, 5 days ago — needs more than 180 days ago\n\
                 - loyal: 2 won deals — needs at least 4\n\
                 + developing: 2 won deals — needs at least 2",
            ),
            (
                ("b2b", "icp=true", "-5 inbound_request"),
                "- lost: last client activity Sep 26, 2025, 5 days ago — needs more than 365 days ago\n\
                 - sleeping: last client activity Sep 26, 2025, 5 days ago — needs more than 180 days ago\n\
                 - loyal: 0 won deals — needs at least 4\n\
                 - developing: 0 won deals — needs at least 2\n\
                 - new: 0 won deals — needs exactly 1\n\
                 + qualified: matches the ideal customer profile (ICP is yes — needs “yes”); last inbound request or quote request or tender invitation Sep 26, 2025, 5 days ago — needs at least one",
            ),
            (
                ("b2b", "", ""),
                "- lost: no client activity — needs at least one\n\
                 - sleeping: no client activity — needs at least one\n\
                 - loyal: 0 won deals — needs at least 4\n\
                 - developing: 0 won deals — needs at least 2\n\
                 - new: 0 won deals — needs exactly 1\n\
                 - qualified: does not match the ideal customer profile (ICP is not filled in — needs “yes”)\n\
                 + unqualified: the last stage takes every contact no earlier stage took",
            ),
            (
                ("hubspot", "", "-10 purchase, -3 nps 10"),
                "+ evangelist: 1 won deal — needs at least 1; latest NPS score 10 (Sep 28, 2025) — needs at least 9",
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
                "- lost: активность клиента в последний раз: 02.03.2025, 213 дней назад — нужно больше 365 дн. назад\n\
                 + sleeping: активность клиента в последний раз: 02.03.2025, 213 дней назад — нужно больше 180 дн. назад",
            ),
            (
                ("b2b", "", ""),
                "- lost: действий клиента не было — нужно хотя бы одно такое событие\n\
                 - sleeping: действий клиента не было — нужно хотя бы одно такое событие\n\
                 - loyal: выигранных сделок: 0 — нужно не меньше 4\n\
                 - developing: выигранных сделок: 0 — нужно не меньше 2\n\
                 - new: выигранных сделок: 0 — нужно ровно 1\n\
                 - qualified: не соответствует профилю идеального клиента (Соответствует ICP: не указано — нужно «да»)\n\
                 + unqualified: последняя стадия принимает всех, кого не взяла ни одна стадия выше",
            ),
            (
                ("b2b", "icp=true", "-5 inbound_request"),
                "- lost: активность клиента в последний раз: 26.09.2025, 5 дней назад — нужно больше 365 дн. назад\n\
                 - sleeping: активность клиента в последний раз: 26.09.2025, 5 дней назад — нужно больше 180 дн. назад\n\
                 - loyal: выигранных сделок: 0 — нужно не меньше 4\n\
                 - developing: выигранных сделок: 0 — нужно не меньше 2\n\
                 - new: выигранных сделок: 0 — нужно ровно 1\n\
                 + qualified: соответствует профилю идеального клиента (Соответствует ICP: да — нужно «да»); входящая заявка или запрос цены или приглашение в тендер в последний раз: 26.09.2025, 5 дней назад — нужно хотя бы одно такое событие",
            ),
        ],
        |(model, fields, evs)| explain_in(model, fields, evs, Lang::Ru),
    );
}

/// The reasons of the first stage when its rule is `rule`.
fn first_reasons(rule: &str, fields: &str, evs: &str, lang: Lang) -> String {
    let mut model = Model::preset("b2b").unwrap();
    model.stages[0].rule = rule.into();
    model.fields.push(lifecycle_core::model::FieldDecl {
        name: "company_size".into(),
        ty: lifecycle_core::model::FieldType::Number,
    });
    let e = engine_with(model, &[(fields, evs)]);
    e.explain_in(0, as_of(), lang).unwrap().checks[0]
        .reasons
        .join("; ")
}

/// Every kind of metric and condition, in both languages, with the
/// contact's value and what the rule needs.
#[test]
fn every_part_of_a_rule_reads_in_plain_words() {
    let cases: &[(&str, &str, &str, &str, &str)] = &[
        (
            "count(call, 90d) >= 3",
            "",
            "-5 call, -100 call",
            "1 call in the last 90 days — needs at least 3",
            "звонков за последние 90 дней: 1 — нужно не меньше 3",
        ),
        (
            "count(meeting) > 1",
            "",
            "-5 meeting, -100 meeting, -3 call",
            "2 meetings — needs more than 1",
            "встреч: 2 — нужно больше 1",
        ),
        (
            "count(webinar) >= 1",
            "",
            "-5 webinar, -6 webinar",
            "2 “webinar” events — needs at least 1",
            "событий «webinar»: 2 — нужно не меньше 1",
        ),
        (
            "sum(deal_won, purchase) > 1000",
            "",
            "-5 deal_won 1200.5, -3 purchase 400",
            "total amount of won deals and purchases: 1,600.5 — needs more than 1,000",
            "сумма выигранных сделок и покупок: 1\u{a0}600,5 — нужно больше 1\u{a0}000",
        ),
        (
            "revenue < 100",
            "",
            "-5 deal_won 1200",
            "revenue from won deals: 1,200 — needs less than 100",
            "выручка от выигранных сделок: 1\u{a0}200 — нужно меньше 100",
        ),
        (
            "deals_lost <= 0",
            "",
            "-5 deal_lost",
            "1 lost deal — needs at most 0",
            "проигранных сделок: 1 — нужно не больше 0",
        ),
        (
            "active_windows(30d, 6) >= 3",
            "",
            "-5 call, -40 call",
            "active in 2 of the last 6 30-day periods — needs at least 3",
            "активность в 2 из последних 6 периодов по 30 дней — нужно не меньше 3",
        ),
        (
            "days_since_last_deal <= 30",
            "",
            "-45 deal_won",
            "last won deal Aug 17, 2025, 45 days ago — needs at most 30 days ago",
            "выигранная сделка в последний раз: 17.08.2025, 45 дней назад — нужно не больше 30 дн. назад",
        ),
        (
            "days_since_first_activity > 365",
            "",
            "-1 call, -0 call",
            "first client activity Sep 30, 2025, 1 day ago — needs more than 365 days ago",
            "активность клиента в первый раз: 30.09.2025, 1 день назад — нужно больше 365 дн. назад",
        ),
        (
            "days_since_last(call) < 7",
            "",
            "-0 call",
            "last call Oct 1, 2025, today — needs less than 7 days ago",
            "звонок в последний раз: 01.10.2025, сегодня — нужно меньше 7 дн. назад",
        ),
        (
            "days_since_last_deal > window.sleeping",
            "",
            "",
            "no won deals — needs more than 180 days ago",
            "выигранных сделок не было — нужно больше 180 дн. назад",
        ),
        (
            "last_review >= 4",
            "",
            "",
            "no review score — needs at least 4",
            "оценки (отзыв) нет — нужно не меньше 4",
        ),
        (
            "last_score(nps) >= 9",
            "",
            "-3 nps 7",
            "latest NPS score 7 (Sep 28, 2025) — needs at least 9",
            "последняя оценка (NPS): 7 от 28.09.2025 — нужно не меньше 9",
        ),
        (
            "low_reviews == 0",
            "",
            "-3 review 1",
            "1 review rated 2 or lower — needs exactly 0",
            "отзывов с оценкой не выше 2: 1 — нужно ровно 0",
        ),
        (
            "count_score_at_most(nps, 6) != 0",
            "",
            "",
            "0 NPS scores rated 6 or lower — needs anything but 0",
            "оценок NPS с оценкой не выше 6: 0 — нужно что угодно, кроме 0",
        ),
        (
            "has(call)",
            "",
            "-3 call",
            "last call Sep 28, 2025, 3 days ago — needs at least one",
            "звонок в последний раз: 28.09.2025, 3 дня назад — нужно хотя бы одно такое событие",
        ),
        (
            "has_activity",
            "",
            "",
            "no client activity — needs at least one",
            "действий клиента не было — нужно хотя бы одно такое событие",
        ),
        (
            "has(referral, 30d)",
            "",
            "-40 referral",
            "0 referrals in the last 30 days — needs more than 0",
            "рекомендаций за последние 30 дней: 0 — нужно больше 0",
        ),
        (
            "field.employees >= 50",
            "employees=1200",
            "",
            "Employees is 1,200 — needs at least 50",
            "Число сотрудников: 1\u{a0}200 — нужно не меньше 50",
        ),
        (
            "field.company_size >= 50",
            "industry=it",
            "",
            "Company size is not filled in — needs at least 50",
            "поле «company_size»: не указано — нужно не меньше 50",
        ),
        (
            "field.industry == \"retail\"",
            "industry=logistics",
            "",
            "Industry is “logistics” — needs “retail”",
            "Отрасль: «logistics» — нужно «retail»",
        ),
        (
            "field.industry in [\"retail\", \"it\"]",
            "industry=it",
            "",
            "Industry is “it” — needs one of “retail”, “it”",
            "Отрасль: «it» — нужно одно из: «retail», «it»",
        ),
        (
            "field.industry not in [\"retail\", \"it\"]",
            "industry=it",
            "",
            "Industry is “it” — needs none of “retail”, “it”",
            "Отрасль: «it» — нужно что угодно, кроме: «retail», «it»",
        ),
        (
            "field.industry > \"m\"",
            "industry=it",
            "",
            "Industry is “it” — needs text after “m” in alphabetical order",
            "Отрасль: «it» — нужен текст, который по алфавиту позже «m»",
        ),
        (
            "source != \"web\"",
            "source=web",
            "",
            "Source is “web” — needs anything but “web”",
            "источник: «web» — нужно что угодно, кроме «web»",
        ),
        (
            "owner == \"anna\"",
            "",
            "",
            "Owner is not filled in — needs “anna”",
            "ответственный: не указано — нужно «anna»",
        ),
        (
            "field.vip",
            "vip=false",
            "",
            "VIP is no — needs “yes”",
            "поле «vip»: нет — нужно «да»",
        ),
        (
            "field.vip == false",
            "vip=3",
            "",
            "VIP is neither yes nor no — needs “no”",
            "поле «vip»: не «да» и не «нет» — нужно «нет»",
        ),
        (
            "has_tag(\"vip\")",
            "",
            "",
            "not tagged “vip” — needs the tag",
            "нет тега «vip» — нужен этот тег",
        ),
        (
            "not has_tag(\"vip\")",
            "tag=vip",
            "",
            "tagged “vip” — needs no such tag",
            "есть тег «vip» — нужно без этого тега",
        ),
        (
            "not (deals_won >= 2)",
            "",
            "-3 deal_won, -2 deal_won, -1 deal_won",
            "3 won deals — needs less than 2",
            "выигранных сделок: 3 — нужно меньше 2",
        ),
        (
            "not (deals_won >= 2 and has(call))",
            "",
            "-3 deal_won, -2 deal_won, -1 call",
            "2 won deals — needs less than 2; last call Sep 30, 2025, 1 day ago — needs none",
            "выигранных сделок: 2 — нужно меньше 2; звонок в последний раз: 30.09.2025, 1 день назад — нужно, чтобы таких событий не было",
        ),
        (
            "deals_won >= 5 or has(referral)",
            "",
            "-3 deal_won",
            "1 won deal — needs at least 5; no referrals — needs at least one",
            "выигранных сделок: 1 — нужно не меньше 5; рекомендаций не было — нужно хотя бы одно такое событие",
        ),
        (
            "deals_won >= 5 or has(referral)",
            "",
            "-3 referral",
            "last referral Sep 28, 2025, 3 days ago — needs at least one",
            "рекомендация в последний раз: 28.09.2025, 3 дня назад — нужно хотя бы одно такое событие",
        ),
        (
            "deals_won in [1, 2]",
            "",
            "",
            "0 won deals — needs one of 1, 2",
            "выигранных сделок: 0 — нужно одно из: 1, 2",
        ),
        (
            "days_since_last_activity not in [7, 14]",
            "",
            "-7 call",
            "last client activity Sep 24, 2025, 7 days ago — needs none of 7, 14 days ago",
            "активность клиента в последний раз: 24.09.2025, 7 дней назад — нужно что угодно, кроме: 7, 14 дн. назад",
        ),
        (
            "1 <= deals_won",
            "",
            "",
            "0 won deals — needs at least 1",
            "выигранных сделок: 0 — нужно не меньше 1",
        ),
        (
            "deals_won > deals_lost",
            "",
            "-3 deal_lost",
            "0 won deals; 1 lost deal — needs the first to be more than the second",
            "выигранных сделок: 0; проигранных сделок: 1 — нужно, чтобы первое было больше второго",
        ),
        (
            "not icp",
            "icp=true",
            "",
            "matches the ideal customer profile — needs not to match it (ICP is yes — needs “yes”)",
            "соответствует профилю идеального клиента — нужно не соответствовать ему (Соответствует ICP: да — нужно «да»)",
        ),
        ("true", "", "", "always holds", "выполняется всегда"),
        ("not true", "", "", "never holds", "не выполняется никогда"),
    ];
    let mut failures = Vec::new();
    for (rule, fields, evs, en, ru) in cases {
        for (lang, want) in [(Lang::En, en), (Lang::Ru, ru)] {
            let got = first_reasons(rule, fields, evs, lang);
            if got != *want {
                failures.push(format!(
                    "{rule} ({lang:?})\n  expected: {want}\n  got:      {got}"
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// A date field compared with a date reads as dates of the language.
#[test]
fn date_fields_read_as_dates() {
    let mut c: Contact = contact("c0", "");
    c.fields.insert(
        "renewal".into(),
        FieldValue::Date(NaiveDate::from_ymd_opt(2025, 3, 2).unwrap()),
    );
    let mut model = Model::preset("b2b").unwrap();
    model.stages[0].rule = "field.renewal >= \"2025-06-01\"".into();
    let e = Engine::new(Base::new(vec![c], Vec::<Event>::new()).unwrap(), model).unwrap();
    let reasons = |lang| {
        e.explain_in(0, as_of(), lang).unwrap().checks[0]
            .reasons
            .join("; ")
    };
    assert_eq!(
        reasons(Lang::En),
        "Renewal is Mar 2, 2025 — needs Jun 1, 2025 or later"
    );
    assert_eq!(
        reasons(Lang::Ru),
        "поле «renewal»: 02.03.2025 — нужно 01.06.2025 или позже"
    );
}

/// No sentence of any demo contact under any preset, in either language,
/// shows the rule language; the Russian ones have no English words.
#[test]
fn demo_explanations_have_no_rule_syntax() {
    let day = NaiveDate::from_ymd_opt(2025, 12, 31).unwrap();
    let (contacts, evs) = generate(&DemoConfig {
        contacts: 400,
        seed: 5,
        as_of: day,
    });
    let syntax = [
        "field.", ">=", "<=", "==", "!=", "=", ">", "<", "_", "[", "]", "(30d", "window.",
    ];
    for preset in Model::PRESETS {
        let model = Model::preset(preset).unwrap();
        let e = Engine::new(Base::new(contacts.clone(), evs.clone()).unwrap(), model).unwrap();
        for idx in 0..contacts.len() as u32 {
            for lang in [Lang::En, Lang::Ru] {
                let x = e.explain_in(idx, day, lang).unwrap();
                for reason in x.checks.iter().flat_map(|c| &c.reasons) {
                    assert!(
                        !syntax.iter().any(|t| reason.contains(t)),
                        "{preset} {lang:?}: {reason}"
                    );
                    assert!(
                        !reason.contains("true") && !reason.contains("false"),
                        "{preset} {lang:?}: {reason}"
                    );
                    if lang == Lang::Ru {
                        assert_eq!(
                            english_words(reason),
                            Vec::<String>::new(),
                            "{preset}: {reason}"
                        );
                    }
                }
            }
        }
    }
    // The actual value is in the words: a demo contact with won deals says
    // how many.
    let e = Engine::new(
        Base::new(contacts.clone(), evs.clone()).unwrap(),
        Model::preset("b2b").unwrap(),
    )
    .unwrap();
    let with_deals = (0..contacts.len() as u32)
        .find(|&i| e.stage_id(e.stage_of(i, day).unwrap()) == "developing")
        .unwrap();
    let x = e.explain_in(with_deals, day, Lang::En).unwrap();
    let last = x.checks.last().unwrap();
    assert!(last.matched);
    assert!(
        last.reasons
            .iter()
            .any(|r| r.ends_with("won deals — needs at least 2")),
        "{:?}",
        last.reasons
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
