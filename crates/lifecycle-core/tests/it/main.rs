//! The one integration-test binary of lifecycle-core.
//!
//! Contacts are written as small texts: fields `"icp=true industry=retail
//! employees=60"` and events `"-181 deal_won 1200, -10 nps 5"`, where the
//! number is days relative to the as-of date [`AS_OF`] and the optional last
//! number is the score (for `nps` and `review`) or the amount.

mod base;
mod demo;
mod editing;
mod explain;
mod history;
mod model_parts;
mod presets;
mod props;
mod reports;
mod rules;
mod whatif;

use chrono::{Duration, NaiveDate};
use lifecycle_core::{Base, Contact, Engine, Event, FieldValue, Model};

pub const AS_OF: &str = "2025-10-01";

pub fn date(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("test date")
}

pub fn as_of() -> NaiveDate {
    date(AS_OF)
}

/// A contact from `"key=value ..."` fields.
pub fn contact(id: &str, fields: &str) -> Contact {
    let mut c = Contact {
        id: id.to_owned(),
        ..Contact::default()
    };
    for pair in fields.split_whitespace() {
        let (k, v) = pair.split_once('=').expect("key=value");
        let value = match v {
            "true" => FieldValue::Bool(true),
            "false" => FieldValue::Bool(false),
            _ => match v.parse::<f64>() {
                Ok(n) => FieldValue::Number(n),
                Err(_) => FieldValue::Text(v.to_owned()),
            },
        };
        match k {
            "source" => c.source = v.to_owned(),
            "owner" => c.owner = v.to_owned(),
            "tag" => c.tags.push(v.to_owned()),
            _ => {
                c.fields.insert(k.to_owned(), value);
            }
        }
    }
    c
}

/// Events from `"-181 deal_won 1200, -10 nps 5"`, days relative to `as_of()`.
pub fn events(id: &str, text: &str) -> Vec<Event> {
    text.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|e| {
            let parts: Vec<&str> = e.split_whitespace().collect();
            let offset: i64 = parts[0].parse().expect("day offset");
            let kind = parts[1].to_owned();
            let num = parts.get(2).map(|n| n.parse::<f64>().expect("number"));
            let scored = kind == "nps" || kind == "review";
            Event {
                contact: id.to_owned(),
                date: as_of() + Duration::days(offset),
                time: None,
                kind,
                amount: if scored { None } else { num },
                score: if scored { num.map(|n| n as u8) } else { None },
                channel: None,
                note: None,
            }
        })
        .collect()
}

/// An engine over contacts given as `(fields, events)` texts, ids c0, c1, ...
pub fn engine(model: &str, contacts: &[(&str, &str)]) -> Engine {
    engine_with(Model::preset(model).expect("preset"), contacts)
}

pub fn engine_with(model: Model, contacts: &[(&str, &str)]) -> Engine {
    let mut cs = Vec::new();
    let mut es = Vec::new();
    for (i, (fields, evs)) in contacts.iter().enumerate() {
        let id = format!("c{i}");
        cs.push(contact(&id, fields));
        es.extend(events(&id, evs));
    }
    Engine::new(Base::new(cs, es).expect("base"), model).expect("model")
}

/// The stage id of one contact as of [`AS_OF`].
pub fn stage(model: &str, fields: &str, evs: &str) -> String {
    let e = engine(model, &[(fields, evs)]);
    e.stage_id(e.stage_of(0, as_of()).unwrap()).to_owned()
}

/// Runs data-driven cases `(input..., expected)` and reports every failure.
pub fn check<I: std::fmt::Debug>(cases: &[(I, &str)], run: impl Fn(&I) -> String) {
    let failures: Vec<String> = cases
        .iter()
        .filter_map(|(input, expected)| {
            let got = run(input);
            (got != *expected)
                .then(|| format!("{input:?}\n  expected: {expected}\n  got:      {got}"))
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} failing case(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
}
