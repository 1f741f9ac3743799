//! One line of facts per contact, for tables: last client activity, won deals,
//! revenue.

use chrono::NaiveDate;
use serde::Serialize;

use crate::base::{ContactIdx, date_of, day_of};
use crate::data::{Contact, Direction};
use crate::engine::Engine;

/// What a contact table shows about one contact, as of a date.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct ContactSummary {
    /// The last event the client started (not `message_out` or
    /// `campaign_sent`).
    pub last_activity: Option<NaiveDate>,
    /// Won deals and purchases.
    pub deals_won: u32,
    /// The sum of the won deals' and purchases' amounts.
    pub revenue: f64,
    /// Every event, of any kind.
    pub events: u32,
}

impl Engine {
    /// The summary of each contact, counting events on or before `as_of`.
    pub fn summaries(&self, as_of: NaiveDate) -> Vec<ContactSummary> {
        let base = self.base();
        let kinds = base.kinds();
        let is_win: Vec<bool> = (0..kinds.len())
            .map(|code| kinds.builtin(code as u8).is_some_and(|k| k.is_win()))
            .collect();
        let is_activity: Vec<bool> = (0..kinds.len())
            .map(|code| kinds.default_direction(code as u8) == Direction::Client)
            .collect();
        let limit = day_of(as_of);
        (0..base.len() as ContactIdx)
            .map(|idx| {
                let events = base.events(idx);
                let n = events.count_until(limit);
                let mut summary = ContactSummary {
                    last_activity: None,
                    deals_won: 0,
                    revenue: 0.0,
                    events: n as u32,
                };
                for i in 0..n {
                    let kind = usize::from(events.kind[i]);
                    if is_activity.get(kind).copied().unwrap_or(true) {
                        summary.last_activity = Some(date_of(events.day[i]));
                    }
                    if is_win.get(kind).copied().unwrap_or(false) {
                        summary.deals_won += 1;
                        if !events.amount[i].is_nan() {
                            summary.revenue += events.amount[i];
                        }
                    }
                }
                summary
            })
            .collect()
    }
}

/// The values a base's contacts have for the segment filters, each with its
/// number of contacts, most common first (then alphabetical); blanks left out.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Facets {
    /// Contact sources.
    pub sources: Vec<(String, u32)>,
    /// Contact owners.
    pub owners: Vec<(String, u32)>,
    /// Tags.
    pub tags: Vec<(String, u32)>,
}

impl Engine {
    /// The sources, owners and tags of the base, for filter choices.
    pub fn facets(&self) -> Facets {
        let base = self.base();
        let strings = base.strings();
        let mut counts = [
            std::collections::HashMap::<u32, u32>::new(),
            std::collections::HashMap::new(),
            std::collections::HashMap::new(),
        ];
        for idx in 0..base.len() as ContactIdx {
            *counts[0].entry(base.source_id(idx)).or_default() += 1;
            *counts[1].entry(base.owner_id(idx)).or_default() += 1;
            let tags = base.tag_ids(idx);
            for (i, &tag) in tags.iter().enumerate() {
                // A tag listed twice counts the contact once.
                if !tags[..i].contains(&tag) {
                    *counts[2].entry(tag).or_default() += 1;
                }
            }
        }
        let [sources, owners, tags] = counts.map(|map| {
            let mut values: Vec<(String, u32)> = map
                .into_iter()
                .map(|(id, n)| (strings.resolve(id).to_owned(), n))
                .filter(|(value, _)| !value.trim().is_empty())
                .collect();
            crate::sort::sort_by(&mut values, |a, b| {
                b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0))
            });
            values
        });
        Facets {
            sources,
            owners,
            tags,
        }
    }
}

/// Whether a search finds the contact: its name, company, e-mail, phone or id
/// contains every word of `query`, ignoring case.
pub fn search_matches(contact: &Contact, query: &str) -> bool {
    let text = search_text(contact);
    query
        .split_whitespace()
        .all(|word| text.contains(&word.to_lowercase()))
}

/// The searchable fields of a contact, lower-cased, one per line (so a word
/// cannot match across two fields).
fn search_text(contact: &Contact) -> String {
    [
        &contact.name,
        &contact.company,
        &contact.email,
        &contact.phone,
        &contact.id,
    ]
    .map(|f| f.to_lowercase())
    .join("\n")
}

/// The searchable text of every contact of a base, lower-cased once, so that a
/// search as the user types only compares: [`search_matches`] for many
/// searches over one base.
#[derive(Debug, Clone, Default)]
pub struct SearchIndex {
    texts: Vec<String>,
}

impl SearchIndex {
    /// The index of `contacts`, by position.
    pub fn new(contacts: &[Contact]) -> SearchIndex {
        SearchIndex {
            texts: contacts.iter().map(search_text).collect(),
        }
    }

    /// `rows` without the contacts that `query` does not find.
    pub fn retain(&self, rows: &mut Vec<ContactIdx>, query: &str) {
        let words: Vec<String> = query.split_whitespace().map(str::to_lowercase).collect();
        if words.is_empty() {
            return;
        }
        rows.retain(|&idx| {
            self.texts
                .get(idx as usize)
                .is_some_and(|text| words.iter().all(|w| text.contains(w.as_str())))
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{Base, Contact, Event, Model};

    fn event(contact: &str, date: &str, kind: &str, amount: Option<f64>) -> Event {
        Event {
            contact: contact.into(),
            date: date.parse().unwrap(),
            time: None,
            kind: kind.into(),
            amount,
            score: None,
            channel: None,
            note: None,
        }
    }

    #[test]
    fn counts_client_activity_wins_and_revenue_up_to_the_date() {
        let contacts = ["a", "b"]
            .map(|id| Contact {
                id: id.into(),
                ..Contact::default()
            })
            .to_vec();
        let events = vec![
            event("a", "2025-01-10", "deal_won", Some(100.0)),
            event("a", "2025-02-01", "purchase", Some(50.5)),
            event("a", "2025-02-05", "deal_lost", Some(999.0)),
            event("a", "2025-03-01", "message_out", None),
            event("a", "2025-04-01", "deal_won", Some(7.0)),
            event("b", "2025-01-01", "campaign_sent", None),
        ];
        let engine = Engine::new(
            Base::new(contacts, events).unwrap(),
            Model::preset("b2b").unwrap(),
        )
        .unwrap();
        let s = engine.summaries("2025-03-15".parse().unwrap());
        assert_eq!(
            s[0],
            ContactSummary {
                last_activity: Some("2025-02-05".parse().unwrap()),
                deals_won: 2,
                revenue: 150.5,
                events: 4,
            }
        );
        assert_eq!(
            s[1].last_activity, None,
            "a campaign is not the client's activity"
        );
        assert_eq!(s[1].events, 1);
    }

    #[test]
    fn facets_count_contacts_per_value_most_common_first() {
        let contact = |id: &str, source: &str, owner: &str, tags: &[&str]| Contact {
            id: id.into(),
            source: source.into(),
            owner: owner.into(),
            tags: tags.iter().map(|t| (*t).into()).collect(),
            ..Contact::default()
        };
        let contacts = vec![
            contact("a", "website", "Анна", &["vip", "opt", "vip"]),
            contact("b", "ads", "Анна", &["opt"]),
            contact("c", "website", "", &[]),
            contact("d", "", "Boris", &["opt"]),
        ];
        let engine = Engine::new(
            Base::new(contacts, Vec::new()).unwrap(),
            Model::preset("b2b").unwrap(),
        )
        .unwrap();
        let f = engine.facets();
        let pairs = |v: &[(String, u32)]| {
            v.iter()
                .map(|(s, n)| format!("{s}:{n}"))
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(pairs(&f.sources), "website:2 ads:1");
        assert_eq!(pairs(&f.owners), "Анна:2 Boris:1");
        assert_eq!(pairs(&f.tags), "opt:3 vip:1");
    }

    #[test]
    fn search_needs_every_word_in_some_field_ignoring_case() {
        let c = Contact {
            id: "crm-42".into(),
            name: "Иван Петров".into(),
            company: "ООО «Альфа»".into(),
            email: "ivan@alfa.ru".into(),
            ..Contact::default()
        };
        assert!(search_matches(&c, "петров альфа"));
        assert!(search_matches(&c, "CRM-42"));
        assert!(search_matches(&c, "  "));
        assert!(!search_matches(&c, "петров бета"));
        // A word does not run across two fields.
        assert!(!search_matches(&c, "петровооо"));
        let index = SearchIndex::new(&[c.clone(), Contact::default()]);
        for query in ["петров альфа", "CRM-42", "  ", "петров бета", "alfa.ru"]
        {
            let mut rows = vec![0, 1];
            index.retain(&mut rows, query);
            let expected: Vec<ContactIdx> = [c.clone(), Contact::default()]
                .iter()
                .enumerate()
                .filter(|(_, c)| search_matches(c, query))
                .map(|(i, _)| i as ContactIdx)
                .collect();
            assert_eq!(rows, expected, "{query}");
        }
    }
}
