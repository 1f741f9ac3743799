//! Row-shaped input records: what an import produces and what a user edits.
//!
//! The engine keeps events in a columnar form (see [`crate::base`]); these types
//! are the readable, owned form that crosses the import and JS boundaries.

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

pub use crate::fields::Fields;

/// A value of a contact's custom field.
#[derive(Debug, Clone, PartialEq, Serialize)] // Deserialize: crate::field_value
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum FieldValue {
    /// Free text.
    Text(String),
    /// A number.
    Number(f64),
    /// True or false.
    Bool(bool),
    /// A calendar date.
    Date(
        #[serde(deserialize_with = "text::date")]
        #[cfg_attr(feature = "ts", ts(type = "DateString"))]
        NaiveDate,
    ),
}

/// A customer (a person or a company) as kept in the user's CRM.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Contact {
    /// Stable id from the user's CRM; unique within a base.
    pub id: String,
    /// Person or company name.
    #[cfg_attr(feature = "ts", ts(as = "Option<String>", optional))]
    pub name: String,
    /// The company a person works for.
    #[cfg_attr(feature = "ts", ts(as = "Option<String>", optional))]
    pub company: String,
    /// Email address.
    #[cfg_attr(feature = "ts", ts(as = "Option<String>", optional))]
    pub email: String,
    /// Phone number.
    #[cfg_attr(feature = "ts", ts(as = "Option<String>", optional))]
    pub phone: String,
    /// How the contact came: website, ads, referral, tender platform, ...
    #[cfg_attr(feature = "ts", ts(as = "Option<String>", optional))]
    pub source: String,
    /// The manager responsible for the contact.
    #[cfg_attr(feature = "ts", ts(as = "Option<String>", optional))]
    pub owner: String,
    /// Free labels, for segments.
    #[cfg_attr(feature = "ts", ts(as = "Option<Vec<String>>", optional))]
    pub tags: Vec<String>,
    /// When the contact was created in the CRM.
    #[cfg_attr(feature = "ts", ts(type = "DateString | null", optional))]
    #[serde(deserialize_with = "text::opt_date")]
    pub created: Option<NaiveDate>,
    /// Free fields the ICP and filters can use, by field name.
    #[cfg_attr(
        feature = "ts",
        ts(
            as = "Option<std::collections::BTreeMap<String, FieldValue>>",
            optional
        )
    )]
    pub fields: Fields,
}

/// One thing a contact did, or that was done to them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "LifecycleEvent"))]
pub struct Event {
    /// The [`Contact::id`] this event belongs to.
    pub contact: String,
    /// The calendar day it happened.
    #[cfg_attr(feature = "ts", ts(type = "DateString"))]
    #[serde(deserialize_with = "text::date")]
    pub date: NaiveDate,
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        deserialize_with = "text::opt_time"
    )]
    /// Time of day, if known (the base keeps it to the minute).
    #[cfg_attr(feature = "ts", ts(type = "string"))]
    pub time: Option<NaiveTime>,
    /// A built-in kind name (see [`BuiltinKind`]) or a user's custom kind.
    pub kind: String,
    /// Deal or order value.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub amount: Option<f64>,
    /// NPS 0-10 or review rating 1-5.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub score: Option<u8>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// Where it happened (email, phone, website, ...).
    pub channel: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// Free text.
    pub note: Option<String>,
}

/// Dates and times read from JSON by hand, for serde's `deserialize_with`:
/// chrono's own `Deserialize` goes through its general format parser (RFC 2822,
/// time zones, week dates, ...), a large part of the npm package's wasm. They read
/// what chrono reads for four-digit years (`YYYY-MM-DD`, `HH:MM[:SS[.fraction]]`).
pub mod text {
    use std::fmt;

    use chrono::{NaiveDate, NaiveTime};
    use serde::Deserializer;
    use serde::de::{Error, Unexpected, Visitor};

    /// Reads `HH:MM`, `HH:MM:SS` or `HH:MM:SS.fraction` (the hour may have one
    /// digit; a second of 60 is a leap second, as chrono has it).
    pub fn parse_time(text: &str) -> Option<NaiveTime> {
        fn number(part: &str, min: usize) -> Option<u32> {
            let ok = (min..=2).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit());
            ok.then(|| part.bytes().fold(0, |n, b| n * 10 + u32::from(b - b'0')))
        }
        let mut parts = text.splitn(3, ':');
        let hour = number(parts.next()?, 1)?;
        let minute = number(parts.next()?, 2)?;
        let Some(rest) = parts.next() else {
            return NaiveTime::from_hms_opt(hour, minute, 0);
        };
        let (second, fraction) = rest
            .split_once('.')
            .map_or((rest, None), |(s, f)| (s, Some(f)));
        let second = number(second, 2)?;
        let mut nano = 0;
        if let Some(f) = fraction {
            if f.is_empty() || !f.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            let digits = f.as_bytes().iter().chain(std::iter::repeat(&b'0')).take(9);
            nano = digits.fold(0, |n, &b| n * 10 + u32::from(b - b'0'));
        }
        match second {
            60 => NaiveTime::from_hms_nano_opt(hour, minute, 59, 1_000_000_000 + nano),
            _ => NaiveTime::from_hms_nano_opt(hour, minute, second, nano),
        }
    }

    struct Text<T>(fn(&str) -> Option<T>, &'static str);

    impl<T> Visitor<'_> for Text<T> {
        type Value = T;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.1)
        }
        fn visit_str<E: Error>(self, v: &str) -> Result<T, E> {
            (self.0)(v).ok_or_else(|| E::invalid_value(Unexpected::Str(v), &self))
        }
    }

    struct Opt<T>(Text<T>);

    impl<'de, T> Visitor<'de> for Opt<T> {
        type Value = Option<T>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str(self.0.1)
        }
        fn visit_none<E: Error>(self) -> Result<Option<T>, E> {
            Ok(None)
        }
        fn visit_unit<E: Error>(self) -> Result<Option<T>, E> {
            Ok(None)
        }
        fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Option<T>, D::Error> {
            d.deserialize_str(self.0).map(Some)
        }
    }

    const DATE: &str = "a date YYYY-MM-DD";
    const TIME: &str = "a time HH:MM or HH:MM:SS";

    /// A `YYYY-MM-DD` date.
    pub fn date<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        d.deserialize_str(Text(crate::base::parse_date, DATE))
    }

    /// A `YYYY-MM-DD` date or null.
    pub fn opt_date<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        d.deserialize_option(Opt(Text(crate::base::parse_date, DATE)))
    }

    /// An `HH:MM[:SS]` time or null.
    pub fn opt_time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveTime>, D::Error> {
        d.deserialize_option(Opt(Text(parse_time, TIME)))
    }
}

/// Who starts an event: only the client's own events count as activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)] // Deserialize: crate::unit_enum
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum Direction {
    /// The client did it: it counts as activity.
    Client,
    /// The company did it (`message_out`, `campaign_sent`): not activity.
    Company,
}

/// The event kinds every base knows. Custom kinds come after these.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[repr(u8)]
pub enum BuiltinKind {
    /// An inbound request from the client: an interest signal.
    InboundRequest = 0,
    /// The client asked for a quote: an interest signal.
    QuoteRequest,
    /// An invitation to a tender: an interest signal.
    TenderInvite,
    /// A deal won.
    DealWon,
    /// A deal lost.
    DealLost,
    /// A B2C order: counts as a won deal.
    Purchase,
    /// A message from the client.
    MessageIn,
    /// A message to the client (not activity).
    MessageOut,
    /// A phone call.
    Call,
    /// A meeting.
    Meeting,
    /// An NPS answer, scored 0-10.
    Nps,
    /// A review, rated 1-5.
    Review,
    /// The client referred someone.
    Referral,
    /// A support request.
    SupportTicket,
    /// A marketing campaign sent to the client (not activity).
    CampaignSent,
}

impl BuiltinKind {
    /// Every built-in kind, in code order.
    pub const ALL: [BuiltinKind; 15] = [
        Self::InboundRequest,
        Self::QuoteRequest,
        Self::TenderInvite,
        Self::DealWon,
        Self::DealLost,
        Self::Purchase,
        Self::MessageIn,
        Self::MessageOut,
        Self::Call,
        Self::Meeting,
        Self::Nps,
        Self::Review,
        Self::Referral,
        Self::SupportTicket,
        Self::CampaignSent,
    ];

    /// The kind's name in data and rules (`deal_won`).
    pub fn as_str(self) -> &'static str {
        match self {
            Self::InboundRequest => "inbound_request",
            Self::QuoteRequest => "quote_request",
            Self::TenderInvite => "tender_invite",
            Self::DealWon => "deal_won",
            Self::DealLost => "deal_lost",
            Self::Purchase => "purchase",
            Self::MessageIn => "message_in",
            Self::MessageOut => "message_out",
            Self::Call => "call",
            Self::Meeting => "meeting",
            Self::Nps => "nps",
            Self::Review => "review",
            Self::Referral => "referral",
            Self::SupportTicket => "support_ticket",
            Self::CampaignSent => "campaign_sent",
        }
    }

    /// The built-in kind of a name, if it is one.
    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == name)
    }

    /// Whether the client or the company starts events of this kind.
    pub fn direction(self) -> Direction {
        match self {
            Self::MessageOut | Self::CampaignSent => Direction::Company,
            _ => Direction::Client,
        }
    }

    /// A won deal or a purchase.
    pub fn is_win(self) -> bool {
        matches!(self, Self::DealWon | Self::Purchase)
    }
}
