//! The words the engine writes for people: explanations in English or
//! Russian. Everything else the engine returns is data; the app formats it.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::data::BuiltinKind;

/// A language the engine explains itself in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lang {
    /// English (the default).
    #[default]
    En,
    /// Russian.
    Ru,
}

/// The name of a well-known contact field (those CRM exports often carry),
/// or `None` for any other: what the contact page heads the field with, and
/// what a Russian explanation calls it («Отрасль: «retail»» rather than
/// «поле «industry»»).
pub fn known_field(name: &str, lang: Lang) -> Option<&'static str> {
    let (en, ru) = match name {
        "employees" => ("Employees", "Число сотрудников"),
        "icp" => ("Matches the ICP", "Соответствует ICP"),
        "industry" => ("Industry", "Отрасль"),
        "region" => ("Region", "Регион"),
        "city" => ("City", "Город"),
        "country" => ("Country", "Страна"),
        "title" | "job_title" | "position" => ("Job title", "Должность"),
        "website" | "site" => ("Website", "Сайт"),
        _ => return None,
    };
    Some(match lang {
        Lang::En => en,
        Lang::Ru => ru,
    })
}

impl Lang {
    /// The language's code: `en`, `ru`.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ru => "ru",
        }
    }

    /// The language of a code such as `ru`, `ru-RU` or `en-GB`.
    pub fn parse(code: &str) -> Option<Lang> {
        let code = code.trim().to_ascii_lowercase();
        if code.starts_with("ru") {
            Some(Lang::Ru)
        } else if code.starts_with("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// `en` in English, `ru` in Russian.
    pub(crate) fn pick<'a>(self, en: &'a str, ru: &'a str) -> &'a str {
        match self {
            Lang::En => en,
            Lang::Ru => ru,
        }
    }

    /// A date as people of the language write it, the way the app writes
    /// dates: Mar 2, 2025 in English, 02.03.2025 in Russian.
    pub fn date(self, date: NaiveDate) -> String {
        // By hand: chrono's `format` would bring its whole strftime machinery
        // into the wasm.
        const MONTHS: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let (y, m, d) = (date.year(), date.month(), date.day());
        match self {
            Lang::En => format!("{} {d}, {y:04}", MONTHS[m as usize - 1]),
            Lang::Ru => format!("{d:02}.{m:02}.{y:04}"),
        }
    }

    /// A number as the language writes it, two decimals at most: 1,234.5 in
    /// English, 1 234,5 in Russian (a no-break space between thousands).
    pub fn number(self, value: f64) -> String {
        if !value.is_finite() {
            return value.to_string();
        }
        let cents = (value.abs() * 100.0).round();
        if cents >= 1e17 {
            return value.to_string();
        }
        let cents = cents as u64;
        let (whole, frac) = (cents / 100, cents % 100);
        let digits = whole.to_string();
        let sep = self.pick(",", "\u{a0}");
        let mut int = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                int.push_str(sep);
            }
            int.push(c);
        }
        let sign = if value < 0.0 && cents > 0 { "−" } else { "" };
        if frac == 0 {
            format!("{sign}{int}")
        } else {
            let frac = format!("{frac:02}");
            let point = self.pick(".", ",");
            format!("{sign}{int}{point}{}", frac.trim_end_matches('0'))
        }
    }

    /// Text a rule compares with, quoted the language's way: “retail”, «retail».
    pub(crate) fn quote(self, text: &str) -> String {
        match self {
            Lang::En => format!("\u{201c}{text}\u{201d}"),
            Lang::Ru => format!("\u{ab}{text}\u{bb}"),
        }
    }

    /// A number of days: "1 day", "3 days"; "1 день", "3 дня", "5 дней".
    pub(crate) fn days(self, n: f64) -> String {
        let whole = n.abs().fract() == 0.0 && n.abs() < 1e15;
        let word = match self {
            Lang::En if n == 1.0 => "day",
            Lang::En => "days",
            Lang::Ru if whole => ru_plural(n.abs() as u64, "день", "дня", "дней"),
            Lang::Ru => "дня",
        };
        format!("{} {word}", self.number(n))
    }

    /// Yes or no.
    pub(crate) fn yes_no(self, value: bool) -> &'static str {
        match (self, value) {
            (Lang::En, true) => "yes",
            (Lang::En, false) => "no",
            (Lang::Ru, true) => "да",
            (Lang::Ru, false) => "нет",
        }
    }
}

/// The Russian form of a noun after `count`: `one` (1, 21, 101…), `few`
/// (2–4, 22–24…) or `many` (0, 5–20, 25…).
pub fn ru_plural<T>(count: u64, one: T, few: T, many: T) -> T {
    match (count % 10, count % 100) {
        (1, r) if r != 11 => one,
        (2..=4, r) if !(12..=14).contains(&r) => few,
        _ => many,
    }
}

/// The English words left in a text meant to be Russian: what tests of
/// translated messages check is empty. Text a user typed or a name of the rule
/// language is not English prose, so quoted text («…», "…", `…`), names with a
/// `_`, `.`, `(`, a digit or a sign in them, and the few names the product
/// keeps in any language (ICP, NPS, JSON, CSV, id, e-mail, Lifecycle,
/// IndexedDB, the rule keywords, the built-in event kinds, the kind groups and
/// the metric names) are skipped.
#[doc(hidden)]
pub fn english_words(text: &str) -> Vec<String> {
    const KEPT: [&str; 23] = [
        "ICP",
        "NPS",
        "JSON",
        "CSV",
        "UTF",
        "id",
        "e",
        "mail",
        "Lifecycle",
        "IndexedDB",
        "true",
        "false",
        "and",
        "or",
        "not",
        "in",
        "d",
        "w",
        "m",
        "y",
        "Excel",
        "NaN",
        "inf",
    ];
    let mut plain = String::new();
    let mut closing: Option<char> = None;
    for c in text.chars() {
        match closing {
            Some(end) if c == end => closing = None,
            Some(_) => {}
            None => match c {
                '«' => closing = Some('»'),
                '"' => closing = Some('"'),
                '`' => closing = Some('`'),
                _ => plain.push(c),
            },
        }
    }
    // A call such as `count(deal_won, purchase, 90d)` spans several tokens.
    let mut depth = 0i32;
    plain
        .split_whitespace()
        .filter(|token| {
            let outer = depth;
            let calls = token
                .char_indices()
                .filter(|&(i, c)| {
                    c == '(' && token[..i].ends_with(|p: char| p.is_alphanumeric() || p == '_')
                })
                .count() as i32;
            if outer > 0 || calls > 0 {
                depth = (outer + calls - token.matches(')').count() as i32).max(0);
            }
            outer <= 0
        })
        .filter(|token| {
            !token
                .chars()
                .any(|c| c.is_ascii_digit() || "_.()<>[]=#\\@/".contains(c) || c == '\'')
        })
        .flat_map(|token| token.split(|c: char| !c.is_alphabetic()))
        .filter(|word| word.chars().any(|c| c.is_ascii_alphabetic()))
        .filter(|word| !KEPT.contains(word) && !rule_name(word))
        .map(str::to_owned)
        .collect()
}

/// The error codes a documentation page names in `code quotes` under one of
/// `prefixes` (`rule.`, `value.`, …): what tests compare with the codes the
/// variants have.
#[doc(hidden)]
pub fn documented_codes<'a>(
    docs: &'a str,
    prefixes: &[&str],
) -> std::collections::BTreeSet<&'a str> {
    docs.split('`')
        .filter(|w| {
            prefixes.iter().any(|p| {
                w.strip_prefix(p).is_some_and(|rest| {
                    !rest.is_empty()
                        && rest != "rs"
                        && rest
                            .chars()
                            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                })
            })
        })
        .collect()
}

/// A name of the rule language: a built-in kind, a group or a metric.
fn rule_name(word: &str) -> bool {
    BuiltinKind::ALL.iter().any(|k| k.as_str() == word)
        || ["activity", "wins", "interest", "any"].contains(&word)
        || crate::errors::METRICS
            .iter()
            .any(|m| m.split('(').next() == Some(word))
}

impl BuiltinKind {
    /// The kind in words: "won deal", "выигранная сделка".
    pub fn label(self, lang: Lang) -> &'static str {
        let (en, ru) = match self {
            Self::InboundRequest => ("inbound request", "входящая заявка"),
            Self::QuoteRequest => ("quote request", "запрос цены"),
            Self::TenderInvite => ("tender invitation", "приглашение в тендер"),
            Self::DealWon => ("won deal", "выигранная сделка"),
            Self::DealLost => ("lost deal", "проигранная сделка"),
            Self::Purchase => ("purchase", "покупка"),
            Self::MessageIn => ("message from the client", "сообщение от клиента"),
            Self::MessageOut => ("message to the client", "сообщение клиенту"),
            Self::Call => ("call", "звонок"),
            Self::Meeting => ("meeting", "встреча"),
            Self::Nps => ("NPS", "NPS"),
            Self::Review => ("review", "отзыв"),
            Self::Referral => ("referral", "рекомендация"),
            Self::SupportTicket => ("support ticket", "обращение в поддержку"),
            Self::CampaignSent => ("campaign sent", "рассылка"),
        };
        lang.pick(en, ru)
    }
}

/// A kind name or a group a rule names, in words; a custom kind as written.
pub fn kind_label(name: &str, lang: Lang) -> String {
    let group = match name {
        "activity" => Some(("client activity", "активность клиента")),
        "wins" => Some(("won deal", "выигранная сделка")),
        "interest" => Some(("interest signal", "сигнал интереса")),
        "any" => Some(("event", "событие")),
        _ => None,
    };
    match (group, BuiltinKind::parse(name)) {
        (Some((en, ru)), _) => lang.pick(en, ru).to_owned(),
        (None, Some(kind)) => kind.label(lang).to_owned(),
        (None, None) => name.to_owned(),
    }
}

/// Events of a kind or group as a count names them: "calls", "won deals"
/// in English; in Russian the genitive plural that reads after a count or
/// before «не было» ("звонков", "выигранных сделок"). A custom kind is
/// quoted as written.
pub(crate) fn kind_plural(name: &str, lang: Lang) -> String {
    let words = match name {
        "activity" => Some(("client actions", "действий клиента")),
        "wins" => Some(("won deals", "выигранных сделок")),
        "interest" => Some(("interest signals", "сигналов интереса")),
        "any" => Some(("events", "событий")),
        _ => BuiltinKind::parse(name).map(|kind| match kind {
            BuiltinKind::InboundRequest => ("inbound requests", "входящих заявок"),
            BuiltinKind::QuoteRequest => ("quote requests", "запросов цены"),
            BuiltinKind::TenderInvite => ("tender invitations", "приглашений в тендер"),
            BuiltinKind::DealWon => ("won deals", "выигранных сделок"),
            BuiltinKind::DealLost => ("lost deals", "проигранных сделок"),
            BuiltinKind::Purchase => ("purchases", "покупок"),
            BuiltinKind::MessageIn => ("messages from the client", "сообщений от клиента"),
            BuiltinKind::MessageOut => ("messages to the client", "сообщений клиенту"),
            BuiltinKind::Call => ("calls", "звонков"),
            BuiltinKind::Meeting => ("meetings", "встреч"),
            BuiltinKind::Nps => ("NPS scores", "оценок NPS"),
            BuiltinKind::Review => ("reviews", "отзывов"),
            BuiltinKind::Referral => ("referrals", "рекомендаций"),
            BuiltinKind::SupportTicket => ("support tickets", "обращений в поддержку"),
            BuiltinKind::CampaignSent => ("campaigns sent", "рассылок"),
        }),
    };
    match words {
        Some((en, ru)) => lang.pick(en, ru).to_owned(),
        None => match lang {
            Lang::En => format!("{} events", lang.quote(name)),
            Lang::Ru => format!("событий {}", lang.quote(name)),
        },
    }
}

/// One event of a kind or group: "call", "won deal"; a custom kind quoted
/// as written ("“webinar” event", "событие «webinar»").
pub(crate) fn kind_one(name: &str, lang: Lang) -> String {
    let known = matches!(name, "activity" | "wins" | "interest" | "any")
        || BuiltinKind::parse(name).is_some();
    match (known, lang) {
        (true, _) => kind_label(name, lang),
        (false, Lang::En) => format!("{} event", lang.quote(name)),
        (false, Lang::Ru) => format!("событие {}", lang.quote(name)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_builtin_kind_has_words_in_both_languages() {
        for kind in BuiltinKind::ALL {
            assert!(!kind.label(Lang::En).is_empty(), "{kind:?}");
            if kind != BuiltinKind::Nps {
                assert_ne!(kind.label(Lang::En), kind.label(Lang::Ru));
            }
        }
        assert_eq!(kind_label("wins", Lang::Ru), "выигранная сделка");
        assert_eq!(kind_label("x_webinar", Lang::Ru), "x_webinar");
        assert_eq!(Lang::parse("ru-RU"), Some(Lang::Ru));
        assert_eq!(Lang::parse("de"), None);
    }

    #[test]
    fn english_words_finds_prose_but_not_names() {
        assert_eq!(
            english_words("ошибка (подсказка: write it, например count(deal_won, purchase, 90d))"),
            ["write", "it"]
        );
        assert_eq!(
            english_words(
                "поле `industry`, «Big Corp», \"retail\", field.x, e-mail, name@example.com"
            ),
            Vec::<String>::new()
        );
    }
}
