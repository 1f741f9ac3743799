//! Integration tests of lifecycle-io: one binary, one module per area.

mod backup;
mod chunks;
mod crashers;
mod demo_stages;
mod fixtures;
mod policies;
mod roundtrip;
mod stepwise;
mod wizard;

use lifecycle_core::{Contact, Event, FieldValue};
use lifecycle_io::export::field_text;
use lifecycle_io::import::ImportPlan;

/// Renders a plan as readable text: the report, then every contact and event.
pub fn render(plan: &ImportPlan) -> String {
    let r = &plan.report;
    let mut out = format!(
        "encoding {}, delimiter {:?}, kind {:?}\n",
        r.encoding.label(),
        r.delimiter,
        r.kind
    );
    for m in &r.mapping {
        out += &format!("map {:?} -> {:?} ({:?})\n", m.header, m.target, m.reason);
    }
    for d in &r.date_columns {
        out += &format!(
            "dates {:?}: {:?}{}\n",
            d.header,
            d.guess.order,
            if d.guess.needs_confirmation {
                ", to confirm"
            } else {
                ""
            }
        );
    }
    out += &format!(
        "rows read {} = added {} + updated {} + skipped {} + with errors {}; contacts created {}\n",
        r.rows_read,
        r.rows_added,
        r.rows_updated,
        r.skipped.len(),
        r.rows_with_errors,
        r.contacts_created
    );
    assert!(r.balances(), "the report must account for every row");
    for s in &r.skipped {
        out += &format!("skipped row {}: {}\n", s.row, s.message);
    }
    for e in &r.errors {
        out += &format!(
            "error row {}, column {:?}, value {:?}: {}\n",
            e.row, e.column, e.value, e.message
        );
    }
    for w in &r.warnings {
        out += &format!(
            "warning row {:?}, column {:?}: {}\n",
            w.row, w.column, w.message
        );
    }
    for c in &plan.new_contacts {
        out += &format!("new {}\n", contact_line(c));
    }
    for c in &plan.updated_contacts {
        out += &format!("updated {}\n", contact_line(c));
    }
    for e in &plan.new_events {
        out += &format!("event {}\n", event_line(e));
    }
    out
}

fn short(s: &str) -> String {
    let n = s.chars().count();
    if n > 60 {
        format!(
            "{:?}... ({n} chars)",
            s.chars().take(40).collect::<String>()
        )
    } else {
        format!("{s:?}")
    }
}

pub fn contact_line(c: &Contact) -> String {
    let fields: Vec<String> = c
        .fields
        .iter()
        .map(|(k, v)| {
            let ty = match v {
                FieldValue::Text(_) => "text",
                FieldValue::Number(_) => "number",
                FieldValue::Bool(_) => "bool",
                FieldValue::Date(_) => "date",
            };
            format!("{k}:{ty}={}", short(&field_text(v)))
        })
        .collect();
    format!(
        "{} | name {} | company {} | email {} | phone {} | source {} | owner {} | tags {:?} | created {} | {}",
        short(&c.id),
        short(&c.name),
        short(&c.company),
        short(&c.email),
        short(&c.phone),
        short(&c.source),
        short(&c.owner),
        c.tags,
        c.created.map(|d| d.to_string()).unwrap_or_default(),
        fields.join(", ")
    )
}

pub fn event_line(e: &Event) -> String {
    format!(
        "{} {} {} {} amount {:?} score {:?} channel {:?} note {}",
        short(&e.contact),
        e.date,
        e.time.map(|t| t.to_string()).unwrap_or_else(|| "-".into()),
        e.kind,
        e.amount,
        e.score,
        e.channel,
        e.note.as_deref().map(short).unwrap_or_else(|| "-".into())
    )
}
