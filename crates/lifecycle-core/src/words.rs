//! The words the engine writes for people: explanations in English or
//! Russian. Everything else the engine returns is data; the app formats it.

use chrono::NaiveDate;
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

    /// A date as people of the language write it: 2025-03-02, 02.03.2025.
    pub fn date(self, date: NaiveDate) -> String {
        match self {
            Lang::En => date.format("%Y-%m-%d").to_string(),
            Lang::Ru => date.format("%d.%m.%Y").to_string(),
        }
    }

    /// Yes or no.
    pub(crate) fn yes_no(self, value: bool) -> &'static str {
        match (self, value) {
            (Lang::En, true) => "true",
            (Lang::En, false) => "false",
            (Lang::Ru, true) => "да",
            (Lang::Ru, false) => "нет",
        }
    }
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
}
