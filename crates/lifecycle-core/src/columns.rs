//! Events as plain columns: the compact form that crosses the storage and JS
//! boundaries without one object per event.
//!
//! Index `i` of every column is one event. Strings (kind names, channels,
//! notes) are stored once in tables and referenced by index.

use chrono::{NaiveTime, Timelike};
use thiserror::Error;

use crate::base::{Day, date_of, day_of};
use crate::data::{Contact, Event};

pub use crate::base::{NO_SCORE, NO_TIME};
/// "No string" in [`EventColumns::channel`] and [`EventColumns::note`].
pub const NO_STRING: u32 = u32::MAX;

/// Events in columns. Every column has one entry per event.
#[derive(Debug, Clone, Default, PartialEq)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct EventColumns {
    /// The event's contact: an index into the contact list it goes with.
    #[cfg_attr(feature = "ts", ts(type = "Uint32Array"))]
    pub contact: Vec<u32>,
    /// Day number: days since 0001-01-01 counted from 1 (chrono's
    /// `num_days_from_ce`).
    #[cfg_attr(feature = "ts", ts(type = "Int32Array"))]
    pub day: Vec<Day>,
    /// Minutes after midnight, or [`NO_TIME`].
    #[cfg_attr(feature = "ts", ts(type = "Uint16Array"))]
    pub time: Vec<u16>,
    /// Index into [`EventColumns::kinds`].
    #[cfg_attr(feature = "ts", ts(type = "Uint8Array"))]
    pub kind: Vec<u8>,
    /// NPS 0-10 or rating 1-5, or [`NO_SCORE`].
    #[cfg_attr(feature = "ts", ts(type = "Uint8Array"))]
    pub score: Vec<u8>,
    /// Deal value, or NaN for none.
    #[cfg_attr(feature = "ts", ts(type = "Float64Array"))]
    pub amount: Vec<f64>,
    /// Index into [`EventColumns::strings`], or [`NO_STRING`].
    #[cfg_attr(feature = "ts", ts(type = "Uint32Array"))]
    pub channel: Vec<u32>,
    /// Index into [`EventColumns::strings`], or [`NO_STRING`].
    #[cfg_attr(feature = "ts", ts(type = "Uint32Array"))]
    pub note: Vec<u32>,
    /// Kind names referenced by [`EventColumns::kind`]; at most 256.
    pub kinds: Vec<String>,
    /// Channels and notes.
    pub strings: Vec<String>,
}

/// What makes columns unusable; each names the column and the event.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ColumnsError {
    /// A column's length differs from the contact column's.
    #[error("column {column} has {found} entries, but the contact column has {expected}")]
    Length {
        /// The column.
        column: &'static str,
        /// The number of events (the contact column's length).
        expected: usize,
        /// The column's length.
        found: usize,
    },
    /// An index past the end of the table (or contact list) it refers to.
    #[error("event {event}: {column} refers to entry {value}, but there are only {len}")]
    OutOfRange {
        /// The event.
        event: usize,
        /// The column.
        column: &'static str,
        /// The index.
        value: u64,
        /// The table's length.
        len: usize,
    },
    /// A day number chrono cannot represent.
    #[error("event {event}: day number {day} is not a valid date")]
    BadDay {
        /// The event.
        event: usize,
        /// The day number.
        day: Day,
    },
    /// A time that is not a minute of a day.
    #[error("event {event}: time {minutes} is not a minute of a day (0-1439)")]
    BadTime {
        /// The event.
        event: usize,
        /// The value.
        minutes: u16,
    },
    /// The kind table has more than 256 names.
    #[error("more than 256 event kinds")]
    TooManyKinds,
    /// An event row names a contact not in the list.
    #[error("event {event}: unknown contact id {id:?}")]
    UnknownContact {
        /// The event.
        event: usize,
        /// The id it names.
        id: String,
    },
}

impl EventColumns {
    /// Number of events.
    pub fn len(&self) -> usize {
        self.contact.len()
    }

    /// No events.
    pub fn is_empty(&self) -> bool {
        self.contact.is_empty()
    }

    /// Columns from event rows; `contacts` gives the contact indices.
    pub fn from_events(contacts: &[Contact], events: &[Event]) -> Result<Self, ColumnsError> {
        let index: std::collections::HashMap<&str, u32> = contacts
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i as u32))
            .collect();
        Self::from_events_by(&|id| index.get(id).copied(), events)
    }

    /// Columns from event rows; `index` gives a contact's index from its id
    /// (an index the caller already has, such as a base's or a
    /// [`crate::base::BaseBuilder`]'s, so that none is built per call).
    pub fn from_events_by(
        index: &dyn Fn(&str) -> Option<u32>,
        events: &[Event],
    ) -> Result<Self, ColumnsError> {
        let mut kinds = Table::default();
        let mut strings = Table::default();
        let mut out = EventColumns::with_capacity(events.len());
        for (i, event) in events.iter().enumerate() {
            let Some(contact) = index(event.contact.as_str()) else {
                return Err(ColumnsError::UnknownContact {
                    event: i,
                    id: event.contact.clone(),
                });
            };
            let kind = kinds.intern(&event.kind);
            if kind > u32::from(u8::MAX) {
                return Err(ColumnsError::TooManyKinds);
            }
            out.contact.push(contact);
            out.day.push(day_of(event.date));
            out.time.push(
                event
                    .time
                    .map_or(NO_TIME, |t| (t.hour() * 60 + t.minute()) as u16),
            );
            out.kind.push(kind as u8);
            out.score.push(event.score.unwrap_or(NO_SCORE));
            out.amount.push(event.amount.unwrap_or(f64::NAN));
            out.channel.push(
                event
                    .channel
                    .as_deref()
                    .map_or(NO_STRING, |s| strings.intern(s)),
            );
            out.note.push(
                event
                    .note
                    .as_deref()
                    .map_or(NO_STRING, |s| strings.intern(s)),
            );
        }
        out.kinds = kinds.items;
        out.strings = strings.items;
        Ok(out)
    }

    /// Checks that every column has one entry per event and every reference
    /// points into its table, reporting the first problem.
    pub fn validate(&self, contact_count: usize) -> Result<(), ColumnsError> {
        let n = self.contact.len();
        let lengths = [
            ("day", self.day.len()),
            ("time", self.time.len()),
            ("kind", self.kind.len()),
            ("score", self.score.len()),
            ("amount", self.amount.len()),
            ("channel", self.channel.len()),
            ("note", self.note.len()),
        ];
        for (column, found) in lengths {
            if found != n {
                return Err(ColumnsError::Length {
                    column,
                    expected: n,
                    found,
                });
            }
        }
        if self.kinds.len() > 256 {
            return Err(ColumnsError::TooManyKinds);
        }
        let range = |event: usize, column: &'static str, value: u64, len: usize| {
            if value as usize >= len {
                Err(ColumnsError::OutOfRange {
                    event,
                    column,
                    value,
                    len,
                })
            } else {
                Ok(())
            }
        };
        let first_day = day_of(chrono::NaiveDate::MIN);
        let last_day = day_of(chrono::NaiveDate::MAX);
        for i in 0..n {
            range(i, "contact", self.contact[i].into(), contact_count)?;
            range(i, "kind", self.kind[i].into(), self.kinds.len())?;
            for (column, value) in [("channel", self.channel[i]), ("note", self.note[i])] {
                if value != NO_STRING {
                    range(i, column, value.into(), self.strings.len())?;
                }
            }
            // The valid day numbers are one contiguous range: no calendar
            // arithmetic per event.
            if !(first_day..=last_day).contains(&self.day[i]) {
                return Err(ColumnsError::BadDay {
                    event: i,
                    day: self.day[i],
                });
            }
            if self.time[i] != NO_TIME && self.time[i] >= 24 * 60 {
                return Err(ColumnsError::BadTime {
                    event: i,
                    minutes: self.time[i],
                });
            }
        }
        Ok(())
    }

    /// Event rows from the columns, after [`EventColumns::validate`].
    pub fn to_events(&self, contacts: &[Contact]) -> Result<Vec<Event>, ColumnsError> {
        self.validate(contacts.len())?;
        let string = |i: u32| (i != NO_STRING).then(|| self.strings[i as usize].clone());
        Ok((0..self.len())
            .map(|i| Event {
                contact: contacts[self.contact[i] as usize].id.clone(),
                date: date_of(self.day[i]),
                time: (self.time[i] != NO_TIME).then(|| {
                    let t = u32::from(self.time[i]);
                    NaiveTime::from_hms_opt(t / 60, t % 60, 0).unwrap_or_default()
                }),
                kind: self.kinds[self.kind[i] as usize].clone(),
                amount: (!self.amount[i].is_nan()).then_some(self.amount[i]),
                score: (self.score[i] != NO_SCORE).then_some(self.score[i]),
                channel: string(self.channel[i]),
                note: string(self.note[i]),
            })
            .collect())
    }

    /// The events in `range`, with the full string tables.
    pub fn slice(&self, range: std::ops::Range<usize>) -> EventColumns {
        EventColumns {
            contact: self.contact[range.clone()].to_vec(),
            day: self.day[range.clone()].to_vec(),
            time: self.time[range.clone()].to_vec(),
            kind: self.kind[range.clone()].to_vec(),
            score: self.score[range.clone()].to_vec(),
            amount: self.amount[range.clone()].to_vec(),
            channel: self.channel[range.clone()].to_vec(),
            note: self.note[range].to_vec(),
            kinds: self.kinds.clone(),
            strings: self.strings.clone(),
        }
    }

    /// Appends `other`'s events, merging its kind and string tables into
    /// these. Contact indices are kept as they are.
    pub fn extend(&mut self, other: EventColumns) {
        let mut kinds = Table::from_items(std::mem::take(&mut self.kinds));
        let mut strings = Table::from_items(std::mem::take(&mut self.strings));
        let kind_map: Vec<u32> = other.kinds.iter().map(|k| kinds.intern(k)).collect();
        let string_map: Vec<u32> = other.strings.iter().map(|s| strings.intern(s)).collect();
        let remap = |i: u32| {
            if i == NO_STRING {
                NO_STRING
            } else {
                string_map.get(i as usize).copied().unwrap_or(NO_STRING)
            }
        };
        self.contact.extend_from_slice(&other.contact);
        self.day.extend_from_slice(&other.day);
        self.time.extend_from_slice(&other.time);
        self.kind.extend(
            other
                .kind
                .iter()
                .map(|&k| kind_map.get(usize::from(k)).map_or(k, |&m| m as u8)),
        );
        self.score.extend_from_slice(&other.score);
        self.amount.extend_from_slice(&other.amount);
        self.channel.extend(other.channel.iter().map(|&i| remap(i)));
        self.note.extend(other.note.iter().map(|&i| remap(i)));
        self.kinds = kinds.items;
        self.strings = strings.items;
    }

    fn with_capacity(n: usize) -> Self {
        EventColumns {
            contact: Vec::with_capacity(n),
            day: Vec::with_capacity(n),
            time: Vec::with_capacity(n),
            kind: Vec::with_capacity(n),
            score: Vec::with_capacity(n),
            amount: Vec::with_capacity(n),
            channel: Vec::with_capacity(n),
            note: Vec::with_capacity(n),
            kinds: Vec::new(),
            strings: Vec::new(),
        }
    }
}

#[derive(Default)]
struct Table {
    items: Vec<String>,
    index: std::collections::HashMap<String, u32>,
}

impl Table {
    fn from_items(items: Vec<String>) -> Table {
        let index = items
            .iter()
            .enumerate()
            .map(|(i, s)| (s.clone(), i as u32))
            .collect();
        Table { items, index }
    }

    fn intern(&mut self, s: &str) -> u32 {
        if let Some(&i) = self.index.get(s) {
            return i;
        }
        let i = self.items.len() as u32;
        self.items.push(s.to_owned());
        self.index.insert(s.to_owned(), i);
        i
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::NaiveDate;
    use proptest::prelude::*;

    fn contact(id: &str) -> Contact {
        Contact {
            id: id.into(),
            ..Contact::default()
        }
    }

    fn event_strategy(contacts: usize) -> impl Strategy<Value = Event> {
        let kinds = prop::sample::select(vec!["deal_won", "call", "nps", "my_custom_kind"]);
        (
            0..contacts,
            0i32..2000,
            prop::option::of((0u32..24, 0u32..60)),
            kinds,
            prop::option::of(-1e9f64..1e9),
            prop::option::of(0u8..=10),
            prop::option::of("[a-zа-я ]{0,8}"),
            prop::option::of(".{0,20}"),
        )
            .prop_map(|(c, d, time, kind, amount, score, channel, note)| Event {
                contact: format!("c{c}"),
                date: NaiveDate::from_ymd_opt(2023, 1, 1).unwrap()
                    + chrono::Duration::days(d.into()),
                time: time.map(|(h, m)| NaiveTime::from_hms_opt(h, m, 0).unwrap()),
                kind: kind.into(),
                amount,
                score,
                channel,
                note,
            })
    }

    proptest! {
        #[test]
        fn rows_to_columns_and_back_is_the_identity(events in prop::collection::vec(event_strategy(5), 0..60)) {
            let contacts: Vec<Contact> = (0..5).map(|i| contact(&format!("c{i}"))).collect();
            let columns = EventColumns::from_events(&contacts, &events).unwrap();
            prop_assert_eq!(columns.len(), events.len());
            prop_assert_eq!(columns.to_events(&contacts).unwrap(), events);
        }
    }

    proptest! {
        #[test]
        fn split_anywhere_and_joined_gives_the_same_events(
            events in prop::collection::vec(event_strategy(5), 0..60),
            cuts in prop::collection::vec(0usize..60, 0..4),
        ) {
            let contacts: Vec<Contact> = (0..5).map(|i| contact(&format!("c{i}"))).collect();
            let columns = EventColumns::from_events(&contacts, &events).unwrap();
            let mut cuts: Vec<usize> = cuts.into_iter().map(|c| c.min(events.len())).collect();
            cuts.push(0);
            cuts.push(events.len());
            cuts.sort_unstable();
            // Each part gets its own tables, as stored chunks do.
            let mut joined = EventColumns::default();
            for pair in cuts.windows(2) {
                let part = columns.slice(pair[0]..pair[1]);
                let part = EventColumns::from_events(&contacts, &part.to_events(&contacts).unwrap()).unwrap();
                joined.extend(part);
            }
            prop_assert_eq!(joined.to_events(&contacts).unwrap(), events);
        }
    }

    #[test]
    fn an_unknown_contact_is_named() {
        let events = vec![Event {
            contact: "nobody".into(),
            date: NaiveDate::from_ymd_opt(2025, 1, 1).unwrap(),
            time: None,
            kind: "call".into(),
            amount: None,
            score: None,
            channel: None,
            note: None,
        }];
        let err = EventColumns::from_events(&[contact("c0")], &events).unwrap_err();
        assert_eq!(err.to_string(), "event 0: unknown contact id \"nobody\"");
    }

    #[test]
    fn broken_columns_are_refused_with_the_place() {
        let contacts = vec![contact("a")];
        let good = EventColumns {
            contact: vec![0],
            day: vec![day_of(NaiveDate::from_ymd_opt(2025, 1, 1).unwrap())],
            time: vec![NO_TIME],
            kind: vec![0],
            score: vec![NO_SCORE],
            amount: vec![f64::NAN],
            channel: vec![NO_STRING],
            note: vec![0],
            kinds: vec!["call".into()],
            strings: vec!["hello".into()],
        };
        assert!(good.validate(1).is_ok());
        type Breakage = Box<dyn Fn(&mut EventColumns)>;
        let cases: Vec<(Breakage, &str)> = vec![
            (
                Box::new(|c| c.day.clear()),
                "column day has 0 entries, but the contact column has 1",
            ),
            (
                Box::new(|c| c.contact[0] = 1),
                "event 0: contact refers to entry 1, but there are only 1",
            ),
            (
                Box::new(|c| c.kind[0] = 3),
                "event 0: kind refers to entry 3, but there are only 1",
            ),
            (
                Box::new(|c| c.note[0] = 9),
                "event 0: note refers to entry 9, but there are only 1",
            ),
            (
                Box::new(|c| c.time[0] = 1440),
                "event 0: time 1440 is not a minute of a day (0-1439)",
            ),
            (
                Box::new(|c| c.day[0] = i32::MAX),
                "event 0: day number 2147483647 is not a valid date",
            ),
        ];
        for (break_it, message) in cases {
            let mut columns = good.clone();
            break_it(&mut columns);
            assert_eq!(
                columns.to_events(&contacts).unwrap_err().to_string(),
                message
            );
        }
    }
}
