//! Exports: any set of contacts or events to CSV or JSON, with the chosen fields and
//! extra columns the caller computed (a stage, its explanation).
//!
//! Two CSV profiles:
//!
//! - [`CsvProfile::Excel`]: UTF-8 with a byte-order mark (so Excel reads Cyrillic), and
//!   every cell that starts with `=`, `+`, `-`, `@`, tab or CR (a formula to a
//!   spreadsheet) gets a leading `'`, as OWASP recommends against CSV injection. So
//!   that the import can undo it exactly, a cell that already starts with `'` gets one
//!   too. The importer removes these apostrophes from UTF-8 files with a byte-order
//!   mark.
//! - [`CsvProfile::Data`]: plain RFC 4180 for other tools: UTF-8 without a mark, cells
//!   written as they are (not neutralized: do not open it in a spreadsheet if the data
//!   comes from people you do not trust).
//!
//! Both quote cells holding the delimiter, a quote or a line break, double quotes, and
//! end lines with CRLF. Custom fields are written as `name [type]` columns, so that an
//! import gets their types back.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use lifecycle_core::{Contact, ContactIdx, Engine, Event, FieldValue, Lang};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::mapping::FieldType;

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
/// How a CSV export treats cells that a spreadsheet would run as formulas.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum CsvProfile {
    #[default]
    /// For spreadsheets: UTF-8 with a byte-order mark, formulas neutralized.
    Excel,
    /// For other programs: plain RFC 4180, cells as they are.
    Data,
}

/// How to write a CSV file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CsvExport {
    /// Excel or data.
    pub profile: CsvProfile,
    /// `,` by default; `;` suits Excel with Russian regional settings.
    pub delimiter: char,
}

impl Default for CsvExport {
    fn default() -> Self {
        CsvExport {
            profile: CsvProfile::Excel,
            delimiter: ',',
        }
    }
}

/// A column of a contacts export.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "column", content = "name", rename_all = "snake_case")]
pub enum ContactColumn {
    /// `id`
    Id,
    /// `name`
    Name,
    /// `company`
    Company,
    /// `email`
    Email,
    /// `phone`
    Phone,
    /// `source`
    Source,
    /// `owner`
    Owner,
    /// `tags`, separated by `, `
    Tags,
    /// `created`, ISO date
    Created,
    /// A custom field, by name.
    Field(String),
}

/// A column the caller computed, such as the stage or its explanation: one value per
/// exported row, in the same order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExtraColumn {
    /// The column's header.
    pub header: String,
    /// One value per exported row, in the rows' order.
    pub values: Vec<String>,
}

/// The columns that say where each of `rows` stands as of `as_of`: `stage` (the
/// stage id, stable for other tools), `stage_name` (its label in `lang`) and
/// `explanation` (the reasons of the rule that matched, in `lang`).
pub fn stage_columns(
    engine: &Engine,
    rows: &[ContactIdx],
    as_of: NaiveDate,
    lang: Lang,
) -> [ExtraColumn; 3] {
    let mut ids = Vec::with_capacity(rows.len());
    let mut names = Vec::with_capacity(rows.len());
    let mut why = Vec::with_capacity(rows.len());
    for &idx in rows {
        let explanation = engine.explain_in(idx, as_of, lang);
        let matched = explanation.as_ref().and_then(|x| x.checks.last());
        let stage = matched.and_then(|c| engine.stages().iter().find(|s| s.id == c.stage));
        ids.push(stage.map(|s| s.id.clone()).unwrap_or_default());
        names.push(stage.map_or_else(String::new, |s| match lang {
            Lang::En => s.label.en.clone(),
            Lang::Ru => s.label.ru.clone(),
        }));
        why.push(matched.map(|c| c.reasons.join("; ")).unwrap_or_default());
    }
    [
        ExtraColumn {
            header: "stage".into(),
            values: ids,
        },
        ExtraColumn {
            header: "stage_name".into(),
            values: names,
        },
        ExtraColumn {
            header: "explanation".into(),
            values: why,
        },
    ]
}

/// The canonical columns of `contacts`: every built-in one, then every custom field
/// any of them has, by name.
pub fn all_columns(contacts: &[Contact]) -> Vec<ContactColumn> {
    all_columns_of(contacts)
}

/// [`all_columns`] of contacts that are not in one slice (the rows of a list).
pub fn all_columns_of<'a>(contacts: impl IntoIterator<Item = &'a Contact>) -> Vec<ContactColumn> {
    let mut cols = vec![
        ContactColumn::Id,
        ContactColumn::Name,
        ContactColumn::Company,
        ContactColumn::Email,
        ContactColumn::Phone,
        ContactColumn::Source,
        ContactColumn::Owner,
        ContactColumn::Tags,
        ContactColumn::Created,
    ];
    // Filled by `extend`, not collected: `collect` into a set sorts with a copy of
    // the standard sort for each element type (lifecycle_core::sort says why not).
    let mut names = std::collections::BTreeSet::<&String>::new();
    names.extend(contacts.into_iter().flat_map(|c| c.fields.keys()));
    cols.extend(names.into_iter().map(|n| ContactColumn::Field(n.clone())));
    cols
}

fn field_type(v: &FieldValue) -> FieldType {
    match v {
        FieldValue::Text(_) => FieldType::Text,
        FieldValue::Number(_) => FieldType::Number,
        FieldValue::Bool(_) => FieldType::Bool,
        FieldValue::Date(_) => FieldType::Date,
    }
}

/// A custom field's value as text: numbers in the shortest form that reads back
/// exactly, dates as ISO, booleans as true/false.
pub fn field_text(v: &FieldValue) -> String {
    match v {
        FieldValue::Text(s) => s.clone(),
        FieldValue::Number(n) => n.to_string(),
        FieldValue::Bool(b) => b.to_string(),
        FieldValue::Date(d) => d.to_string(),
    }
}

fn header_of<'a>(col: &ContactColumn, mut contacts: impl Iterator<Item = &'a Contact>) -> String {
    match col {
        ContactColumn::Field(name) => {
            let ty = contacts
                .find_map(|c| c.fields.get(name))
                .map_or(FieldType::Text, field_type);
            format!("{name} [{}]", ty.as_str())
        }
        other => match other {
            ContactColumn::Id => "id",
            ContactColumn::Name => "name",
            ContactColumn::Company => "company",
            ContactColumn::Email => "email",
            ContactColumn::Phone => "phone",
            ContactColumn::Source => "source",
            ContactColumn::Owner => "owner",
            ContactColumn::Tags => "tags",
            ContactColumn::Created => "created",
            ContactColumn::Field(_) => "",
        }
        .to_owned(),
    }
}

fn contact_cell(c: &Contact, col: &ContactColumn) -> String {
    match col {
        ContactColumn::Id => c.id.clone(),
        ContactColumn::Name => c.name.clone(),
        ContactColumn::Company => c.company.clone(),
        ContactColumn::Email => c.email.clone(),
        ContactColumn::Phone => c.phone.clone(),
        ContactColumn::Source => c.source.clone(),
        ContactColumn::Owner => c.owner.clone(),
        ContactColumn::Tags => crate::values::join_tags(&c.tags),
        ContactColumn::Created => c.created.map(|d| d.to_string()).unwrap_or_default(),
        ContactColumn::Field(name) => c.fields.get(name).map(field_text).unwrap_or_default(),
    }
}

/// Writes contacts as CSV with the chosen columns, then the extra ones.
pub fn contacts_csv(
    contacts: &[Contact],
    columns: &[ContactColumn],
    extra: &[ExtraColumn],
    options: CsvExport,
) -> Vec<u8> {
    let headers = extra.iter().map(|e| e.header.as_str());
    let mut csv = ContactsCsv::new(contacts, columns, headers, options);
    csv.push(contacts, columns, extra);
    csv.finish()
}

/// A contacts CSV written a slice of rows at a time, so that a caller can
/// let other work run between slices: the same bytes as [`contacts_csv`] of
/// all the rows at once.
pub struct ContactsCsv {
    w: Writer,
}

impl ContactsCsv {
    /// Starts the file: the byte-order mark (Excel profile) and the header
    /// line, the custom fields' types read from `contacts` (every row of the
    /// file), then `extra_headers`.
    pub fn new<'a, 'h>(
        contacts: impl IntoIterator<Item = &'a Contact, IntoIter: Clone>,
        columns: &[ContactColumn],
        extra_headers: impl IntoIterator<Item = &'h str>,
        options: CsvExport,
    ) -> ContactsCsv {
        let contacts = contacts.into_iter();
        let mut w = Writer::new(options);
        let mut header: Vec<String> = columns
            .iter()
            .map(|c| header_of(c, contacts.clone()))
            .collect();
        header.extend(extra_headers.into_iter().map(str::to_owned));
        w.row(header.iter().map(String::as_str));
        ContactsCsv { w }
    }

    /// Writes the next rows; `extra` holds one value per row of this slice.
    pub fn push<'a>(
        &mut self,
        contacts: impl IntoIterator<Item = &'a Contact>,
        columns: &[ContactColumn],
        extra: &[ExtraColumn],
    ) {
        for (i, c) in contacts.into_iter().enumerate() {
            let cells: Vec<String> = columns.iter().map(|col| contact_cell(c, col)).collect();
            let extras = extra
                .iter()
                .map(|e| e.values.get(i).map_or("", String::as_str));
            self.w.row(cells.iter().map(String::as_str).chain(extras));
        }
    }

    /// The file's bytes.
    pub fn finish(self) -> Vec<u8> {
        self.w.out
    }
}

/// The canonical columns of an events file.
pub const EVENT_HEADERS: [&str; 8] = [
    "contact_id",
    "date",
    "time",
    "kind",
    "amount",
    "score",
    "channel",
    "note",
];

/// Writes events as CSV in the canonical columns, then the extra ones.
pub fn events_csv(events: &[Event], extra: &[ExtraColumn], options: CsvExport) -> Vec<u8> {
    let mut w = Writer::new(options);
    w.row(
        EVENT_HEADERS
            .iter()
            .copied()
            .chain(extra.iter().map(|e| e.header.as_str())),
    );
    for (i, e) in events.iter().enumerate() {
        let cells = [
            e.contact.clone(),
            e.date.to_string(),
            e.time.map(time_text).unwrap_or_default(),
            e.kind.clone(),
            e.amount.map(|a| a.to_string()).unwrap_or_default(),
            e.score.map(|s| s.to_string()).unwrap_or_default(),
            e.channel.clone().unwrap_or_default(),
            e.note.clone().unwrap_or_default(),
        ];
        let extras = extra
            .iter()
            .map(|x| x.values.get(i).map_or("", String::as_str));
        w.row(cells.iter().map(String::as_str).chain(extras));
    }
    w.out
}

/// `HH:MM`, or `HH:MM:SS` when the seconds are not 0 (a leap second is 60), as
/// chrono's `%H:%M[:%S]` writes it, without its format machinery.
fn time_text(t: chrono::NaiveTime) -> String {
    use chrono::Timelike;
    let second = t.second() + u32::from(t.nanosecond() >= 1_000_000_000);
    if second == 0 {
        format!("{:02}:{:02}", t.hour(), t.minute())
    } else {
        format!("{:02}:{:02}:{second:02}", t.hour(), t.minute())
    }
}

#[cfg(test)]
mod time_text_tests {
    use chrono::{NaiveTime, Timelike};
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn times_are_written_as_chrono_writes_them(
            h in 0u32..24, m in 0u32..60, s in 0u32..60, nano in 0u32..2_000_000_000,
        ) {
            let t = NaiveTime::from_hms_nano_opt(h, m, if nano >= 1_000_000_000 { 59 } else { s }, nano).unwrap();
            let format = if t.second() == 0 { "%H:%M" } else { "%H:%M:%S" };
            prop_assert_eq!(super::time_text(t), t.format(format).to_string());
        }
    }
}

/// Writes contacts as a JSON array in the canonical form (see docs/data-format.md),
/// keeping only the chosen columns; extra columns go under `"extra"`.
pub fn contacts_json(
    contacts: &[Contact],
    columns: &[ContactColumn],
    extra: &[ExtraColumn],
) -> String {
    let mut json = ContactsJson::default();
    json.push(contacts, columns, extra);
    json.finish()
}

/// A contacts JSON array written a slice of rows at a time, so that a caller
/// can let other work run between slices: the same text as [`contacts_json`]
/// of all the rows at once.
#[derive(Debug, Default)]
pub struct ContactsJson {
    out: String,
}

impl ContactsJson {
    /// Writes the next rows; `extra` holds one value per row of this slice.
    pub fn push<'a>(
        &mut self,
        contacts: impl IntoIterator<Item = &'a Contact>,
        columns: &[ContactColumn],
        extra: &[ExtraColumn],
    ) {
        for (i, c) in contacts.into_iter().enumerate() {
            self.out.push_str(if self.out.is_empty() {
                "[\n  "
            } else {
                ",\n  "
            });
            let row = serde_json::to_string_pretty(&contact_value(c, columns, extra, i))
                .unwrap_or_default();
            // One level in, as in a pretty array; a string's line breaks are
            // escaped, so every raw one is the layout's.
            self.out.push_str(&row.replace('\n', "\n  "));
        }
    }

    /// The file's text.
    pub fn finish(self) -> String {
        if self.out.is_empty() {
            "[]".to_owned()
        } else {
            self.out + "\n]"
        }
    }
}

/// A contact as a JSON object of `columns`, with its values of `extra` (the
/// `i`th of each) under `"extra"`.
fn contact_value(c: &Contact, columns: &[ContactColumn], extra: &[ExtraColumn], i: usize) -> Value {
    let full = serde_json::to_value(c).unwrap_or(Value::Null);
    let mut obj = Map::new();
    let mut fields = Map::new();
    for col in columns {
        let key = match col {
            ContactColumn::Field(name) => {
                if let Some(v) = full.get("fields").and_then(|f| f.get(name)) {
                    fields.insert(name.clone(), v.clone());
                }
                continue;
            }
            other => header_of(other, std::iter::empty()),
        };
        if let Some(v) = full.get(&key) {
            obj.insert(key, v.clone());
        }
    }
    if !fields.is_empty() {
        obj.insert("fields".into(), Value::Object(fields));
    }
    if !extra.is_empty() {
        let mut ex = Map::new();
        ex.extend(extra.iter().map(|e| {
            (
                e.header.clone(),
                Value::String(e.values.get(i).cloned().unwrap_or_default()),
            )
        }));
        obj.insert("extra".into(), Value::Object(ex));
    }
    Value::Object(obj)
}

/// Writes events as a JSON array in the canonical form; extra columns under `"extra"`.
pub fn events_json(events: &[Event], extra: &[ExtraColumn]) -> String {
    let rows: Vec<Value> = events
        .iter()
        .enumerate()
        .map(|(i, e)| {
            let mut v = serde_json::to_value(e).unwrap_or(Value::Null);
            if let (Value::Object(obj), false) = (&mut v, extra.is_empty()) {
                let mut ex = BTreeMap::<String, String>::new();
                ex.extend(extra.iter().map(|x| {
                    (
                        x.header.clone(),
                        x.values.get(i).cloned().unwrap_or_default(),
                    )
                }));
                obj.insert(
                    "extra".into(),
                    serde_json::to_value(ex).unwrap_or(Value::Null),
                );
            }
            v
        })
        .collect();
    serde_json::to_string_pretty(&rows).unwrap_or_default()
}

/// A JSON file that is not the canonical contacts or events form.
#[derive(Debug, thiserror::Error)]
#[error("not a Lifecycle {what} file: {source}")]
pub struct JsonError {
    what: &'static str,
    #[source]
    source: serde_json::Error,
}

impl JsonError {
    /// What the file should have held: `contacts` or `events`.
    pub fn what(&self) -> &'static str {
        self.what
    }

    /// The line of the problem, from 1.
    pub fn line(&self) -> usize {
        self.source.line()
    }

    /// The column of the problem, from 1.
    pub fn column(&self) -> usize {
        self.source.column()
    }
}

/// Reads the canonical JSON contacts array (unknown keys such as `extra` are ignored).
pub fn contacts_from_json(text: &str) -> Result<Vec<Contact>, JsonError> {
    serde_json::from_str(text).map_err(|source| JsonError {
        what: "contacts",
        source,
    })
}

/// Reads the canonical JSON events array.
pub fn events_from_json(text: &str) -> Result<Vec<Event>, JsonError> {
    serde_json::from_str(text).map_err(|source| JsonError {
        what: "events",
        source,
    })
}

/// Neutralizes a cell for the Excel profile.
pub fn excel_safe(cell: &str) -> std::borrow::Cow<'_, str> {
    if cell.starts_with(['=', '+', '-', '@', '\t', '\r', '\'']) {
        format!("'{cell}").into()
    } else {
        cell.into()
    }
}

struct Writer {
    options: CsvExport,
    out: Vec<u8>,
}

impl Writer {
    fn new(options: CsvExport) -> Self {
        let mut out = Vec::new();
        if options.profile == CsvProfile::Excel {
            out.extend_from_slice(b"\xEF\xBB\xBF");
        }
        Writer { options, out }
    }

    fn row<'a>(&mut self, cells: impl Iterator<Item = &'a str>) {
        for (i, cell) in cells.enumerate() {
            if i > 0 {
                let mut buf = [0; 4];
                self.out
                    .extend_from_slice(self.options.delimiter.encode_utf8(&mut buf).as_bytes());
            }
            let cell = match self.options.profile {
                CsvProfile::Excel => excel_safe(cell),
                CsvProfile::Data => cell.into(),
            };
            let quote = cell.contains(['"', '\r', '\n', self.options.delimiter])
                || cell.starts_with(char::is_whitespace)
                || cell.ends_with(char::is_whitespace);
            if quote {
                self.out.push(b'"');
                self.out
                    .extend_from_slice(cell.replace('"', "\"\"").as_bytes());
                self.out.push(b'"');
            } else {
                self.out.extend_from_slice(cell.as_bytes());
            }
        }
        self.out.extend_from_slice(b"\r\n");
    }
}
