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

/// A column a contact list can be sorted by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SortColumn {
    /// The contact's name, A to Z ignoring case.
    Name,
    /// The stage today, in the model's order.
    Stage,
    /// The last client activity; no activity at all counts as the oldest.
    LastActivity,
    /// Won deals and purchases.
    Deals,
    /// Revenue of the won deals and purchases.
    Revenue,
    /// The contact's source, A to Z ignoring case (blank first).
    Source,
    /// The contact's owner, A to Z ignoring case (blank first).
    Owner,
}

impl SortColumn {
    /// Every column, in a table's order.
    pub const ALL: [SortColumn; 7] = [
        SortColumn::Name,
        SortColumn::Stage,
        SortColumn::LastActivity,
        SortColumn::Deals,
        SortColumn::Revenue,
        SortColumn::Source,
        SortColumn::Owner,
    ];

    /// The column named `name` (as [`SortColumn::as_str`] writes it).
    pub fn parse(name: &str) -> Option<SortColumn> {
        SortColumn::ALL.into_iter().find(|c| c.as_str() == name)
    }

    /// The column's short name, for an address.
    pub fn as_str(self) -> &'static str {
        match self {
            SortColumn::Name => "name",
            SortColumn::Stage => "stage",
            SortColumn::LastActivity => "last",
            SortColumn::Deals => "deals",
            SortColumn::Revenue => "revenue",
            SortColumn::Source => "source",
            SortColumn::Owner => "owner",
        }
    }

    /// The direction a list first takes by this column: texts A to Z and
    /// stages in the model's order, facts from the most (the latest).
    pub fn first_descending(self) -> bool {
        matches!(
            self,
            SortColumn::LastActivity | SortColumn::Deals | SortColumn::Revenue
        )
    }
}

/// Each contact's place among a base's contacts by name, by source and by
/// owner (lower-cased; equal texts share a place), by contact index: computed
/// once per base, so that sorting a list is a sort of numbers.
#[derive(Debug, Clone, Default)]
pub struct TextRanks {
    name: Vec<u32>,
    source: Vec<u32>,
    owner: Vec<u32>,
}

impl TextRanks {
    /// The ranks of `contacts`, by position.
    pub fn new(contacts: &[Contact]) -> TextRanks {
        TextRanks {
            name: ranks_of(contacts, |c| &c.name),
            source: ranks_of(contacts, |c| &c.source),
            owner: ranks_of(contacts, |c| &c.owner),
        }
    }
}

/// Dense ranks of the lower-cased `text` of each contact: equal texts share a
/// rank; a contact past the end of the list ranks last.
fn ranks_of(contacts: &[Contact], text: impl Fn(&Contact) -> &String) -> Vec<u32> {
    // Sources and owners repeat a lot: each distinct text is lower-cased and
    // compared once.
    let mut distinct: std::collections::HashMap<&str, u32> = std::collections::HashMap::new();
    let mut keys: Vec<u32> = Vec::with_capacity(contacts.len());
    for c in contacts {
        let next = distinct.len() as u32;
        keys.push(*distinct.entry(text(c).as_str()).or_insert(next));
    }
    let mut texts: Vec<(String, u32)> = distinct
        .into_iter()
        .map(|(t, k)| (t.to_lowercase(), k))
        .collect();
    // Texts equal once lower-cased ("Anna", "anna") share a rank.
    texts.sort_unstable();
    let mut rank_of_key = vec![0u32; texts.len()];
    let mut rank = 0u32;
    for i in 0..texts.len() {
        if i > 0 && texts[i].0 != texts[i - 1].0 {
            rank += 1;
        }
        rank_of_key[texts[i].1 as usize] = rank;
    }
    keys.into_iter().map(|k| rank_of_key[k as usize]).collect()
}

/// An `f64`'s bits in an order that is `f64::total_cmp`'s.
fn ordered_bits(x: f64) -> u64 {
    let bits = x.to_bits();
    if bits >> 63 == 1 {
        !bits
    } else {
        bits | 1 << 63
    }
}

/// Sorts `rows` of a contact list by `column`, ascending or `descending`;
/// rows equal in the column keep the name order (A to Z), then the base's
/// order, so the result is one order in either direction. `stages` and
/// `summaries` are by contact index (a [`crate::Classification`]'s stages and
/// [`Engine::summaries`]).
pub fn sort_rows(
    rows: &mut [ContactIdx],
    column: SortColumn,
    descending: bool,
    ranks: &TextRanks,
    stages: &[u8],
    summaries: &[ContactSummary],
) {
    let primary = |i: usize| -> u64 {
        match column {
            SortColumn::Name => u64::from(ranks.name.get(i).copied().unwrap_or(u32::MAX)),
            SortColumn::Stage => u64::from(stages.get(i).copied().unwrap_or(u8::MAX)),
            SortColumn::LastActivity => summaries
                .get(i)
                .and_then(|s| s.last_activity)
                .map_or(0, |d| {
                    (i64::from(day_of(d)) - i64::from(i32::MIN)) as u64 + 1
                }),
            SortColumn::Deals => u64::from(summaries.get(i).map_or(0, |s| s.deals_won)),
            SortColumn::Revenue => ordered_bits(summaries.get(i).map_or(0.0, |s| s.revenue)),
            SortColumn::Source => u64::from(ranks.source.get(i).copied().unwrap_or(u32::MAX)),
            SortColumn::Owner => u64::from(ranks.owner.get(i).copied().unwrap_or(u32::MAX)),
        }
    };
    let name = |i: usize| ranks.name.get(i).copied().unwrap_or(u32::MAX);
    // One key per row, sorted as numbers: the list's 100,000 rows sort in
    // milliseconds. The index makes every key distinct, so the unstable sort
    // gives one order.
    rows.sort_unstable_by_key(|&idx| {
        let i = idx as usize;
        let key = primary(i);
        (if descending { !key } else { key }, name(i), idx)
    });
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

    #[test]
    fn sort_rows_orders_every_column_both_ways_ties_by_name() {
        let contact = |id: &str, name: &str, source: &str, owner: &str| Contact {
            id: id.into(),
            name: name.into(),
            source: source.into(),
            owner: owner.into(),
            ..Contact::default()
        };
        let contacts = vec![
            contact("a", "boris", "Website", "Анна"),
            contact("b", "Anna", "ads", "борис"),
            contact("c", "Vera", "website", ""),
            contact("d", "anna", "", "Анна"),
        ];
        let events = vec![
            event("a", "2025-01-10", "deal_won", Some(100.0)),
            event("a", "2025-02-10", "deal_won", Some(-20.0)),
            event("b", "2025-03-01", "purchase", Some(50.5)),
            event("c", "2025-01-01", "request", None),
        ];
        let engine = Engine::new(
            Base::new(contacts.clone(), events).unwrap(),
            Model::preset("b2b").unwrap(),
        )
        .unwrap();
        let as_of = "2025-04-01".parse().unwrap();
        let summaries = engine.summaries(as_of);
        let stages = vec![2u8, 0, 1, 0];
        let ranks = TextRanks::new(&contacts);
        let sorted = |column, descending| {
            let mut rows = vec![0, 1, 2, 3];
            sort_rows(&mut rows, column, descending, &ranks, &stages, &summaries);
            rows.iter()
                .map(|&i| contacts[i as usize].id.as_str())
                .collect::<String>()
        };
        // "Anna" and "anna" are equal ignoring case: the base's order decides.
        assert_eq!(sorted(SortColumn::Name, false), "bdac");
        assert_eq!(sorted(SortColumn::Name, true), "cabd");
        // Stages in the model's order; within a stage, by name.
        assert_eq!(sorted(SortColumn::Stage, false), "bdca");
        assert_eq!(sorted(SortColumn::Stage, true), "acbd");
        // No activity at all is the oldest.
        assert_eq!(sorted(SortColumn::LastActivity, false), "dcab");
        assert_eq!(sorted(SortColumn::LastActivity, true), "bacd");
        assert_eq!(sorted(SortColumn::Deals, true), "abdc");
        assert_eq!(sorted(SortColumn::Deals, false), "dcba");
        // 100 - 20 = 80 > 50.5 > 0.
        assert_eq!(sorted(SortColumn::Revenue, true), "abdc");
        // Blank first; "Website" and "website" are one source.
        assert_eq!(sorted(SortColumn::Source, false), "dbac");
        assert_eq!(sorted(SortColumn::Source, true), "acbd");
        assert_eq!(sorted(SortColumn::Owner, false), "cdab");
        assert_eq!(sorted(SortColumn::Owner, true), "bdac");
        for column in SortColumn::ALL {
            assert_eq!(SortColumn::parse(column.as_str()), Some(column));
        }
        assert_eq!(SortColumn::parse("nonsense"), None);
    }

    #[test]
    fn revenue_bits_order_as_total_cmp() {
        let xs = [-1e9, -2.5, -0.0, 0.0, 1e-9, 3.0, 1e12];
        for w in xs.windows(2) {
            assert!(ordered_bits(w[0]) < ordered_bits(w[1]), "{w:?}");
        }
    }
}
