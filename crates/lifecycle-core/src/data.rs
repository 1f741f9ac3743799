//! Row-shaped input records: what an import produces and what a user edits.
//!
//! The engine keeps events in a columnar form (see [`crate::base`]); these types
//! are the readable, owned form that crosses the import and JS boundaries.

use std::collections::BTreeMap;

use chrono::{NaiveDate, NaiveTime};
use serde::{Deserialize, Serialize};

/// A value of a contact's custom field.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", content = "value", rename_all = "snake_case")]
pub enum FieldValue {
    Text(String),
    Number(f64),
    Bool(bool),
    Date(NaiveDate),
}

/// A customer (a person or a company) as kept in the user's CRM.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Contact {
    /// Stable id from the user's CRM; unique within a base.
    pub id: String,
    pub name: String,
    pub company: String,
    pub email: String,
    pub phone: String,
    /// How the contact came: website, ads, referral, tender platform, ...
    pub source: String,
    pub owner: String,
    pub tags: Vec<String>,
    pub created: Option<NaiveDate>,
    /// Free fields the ICP and filters can use, by field name.
    pub fields: BTreeMap<String, FieldValue>,
}

/// One thing a contact did, or that was done to them.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Event {
    /// The [`Contact::id`] this event belongs to.
    pub contact: String,
    pub date: NaiveDate,
    #[serde(default, skip_serializing_if = "Option::is_none")]
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
    pub channel: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// Who starts an event: only the client's own events count as activity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
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
    InboundRequest = 0,
    QuoteRequest,
    TenderInvite,
    DealWon,
    DealLost,
    /// A B2C order: counts as a won deal.
    Purchase,
    MessageIn,
    MessageOut,
    Call,
    Meeting,
    Nps,
    Review,
    Referral,
    SupportTicket,
    CampaignSent,
}

impl BuiltinKind {
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

    pub fn parse(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.as_str() == name)
    }

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
