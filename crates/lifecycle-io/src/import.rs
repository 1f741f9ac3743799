//! From a read CSV table to a plan: the contacts and events an import would add or
//! change, and a report that accounts for every row. Nothing changes until the user
//! confirms with [`ImportPlan::apply`], which applies all of it or nothing.
//!
//! Every data row ends in exactly one bucket:
//! `rows_read = rows_added + rows_updated + skipped.len() + rows_with_errors`.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::Arc;

use chrono::{NaiveDate, NaiveTime};
use lifecycle_core::{BuiltinKind, Contact, Event, FieldValue, Fields};
use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::csv::{self, CsvOptions, CsvTable, Record};
use crate::encoding::Encoding;
use crate::errors::{RowProblem, WarningProblem};
use crate::mapping::{self, ColumnMapping, DealOutcome, FieldType, FileKind, StatusMap, Target};
use crate::values::{self, DateOrder, DateOrderGuess};

/// What to do with a row whose id is already taken (earlier in the file or in the base).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum DuplicatePolicy {
    /// Keep what is there; the row is skipped.
    #[default]
    Skip,
    /// The row's non-empty values replace the old ones; tags are added.
    Update,
    /// Keep both: the row gets a new id (`id (2)`).
    KeepBoth,
}

impl<'de> Deserialize<'de> for DuplicatePolicy {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        lifecycle_core::unit_enum::deserialize(
            d,
            "DuplicatePolicy",
            &["skip", "update", "keep_both"],
            &[
                DuplicatePolicy::Skip,
                DuplicatePolicy::Update,
                DuplicatePolicy::KeepBoth,
            ],
        )
    }
}

/// What to do with an event or deal whose contact is not in the base or the file.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum UnknownContacts {
    /// Create the contact from what the row says about it.
    #[default]
    Create,
    /// Skip the row and report it.
    Report,
}

impl<'de> Deserialize<'de> for UnknownContacts {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        lifecycle_core::unit_enum::deserialize(
            d,
            "UnknownContacts",
            &["create", "report"],
            &[UnknownContacts::Create, UnknownContacts::Report],
        )
    }
}

/// Everything the user can decide about an import. The defaults detect and suggest.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(optional_fields = nullable))]
pub struct ImportOptions {
    /// Encoding and delimiter choices.
    #[cfg_attr(feature = "ts", ts(as = "Option<CsvOptions>", optional))]
    pub csv: CsvOptions,
    /// What the file holds; detected from the headers when not given.
    pub kind: Option<FileKind>,
    /// The mapping of every column; suggested when not given.
    pub mapping: Option<Vec<ColumnMapping>>,
    /// The day/month order of dates with slashes, for every date column; decided from
    /// each column when not given.
    pub date_order: Option<DateOrder>,
    /// What to do with ids already taken.
    #[cfg_attr(feature = "ts", ts(as = "Option<DuplicatePolicy>", optional))]
    pub duplicates: DuplicatePolicy,
    /// What to do with events about unknown contacts.
    #[cfg_attr(feature = "ts", ts(as = "Option<UnknownContacts>", optional))]
    pub unknown_contacts: UnknownContacts,
    /// Which deal statuses are won and lost.
    #[cfg_attr(feature = "ts", ts(as = "Option<StatusMap>", optional))]
    pub statuses: StatusMap,
    /// Remove the apostrophe an Excel-profile export put before `=`, `+`, `-`, `@`,
    /// tab, CR or `'`. Default: when the file is UTF-8 with a byte-order mark, as that
    /// profile writes it.
    pub unescape_excel: Option<bool>,
}

/// What the user sees before mapping is confirmed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct Preview {
    /// The encoding used.
    pub encoding: Encoding,
    /// The delimiter used.
    pub delimiter: char,
    /// What the file holds.
    pub kind: FileKind,
    /// Where each column goes.
    pub mapping: Vec<ColumnMapping>,
    /// The day/month order of each date column holding dates with slashes (the only
    /// ones that can be read two ways), with whether it needs confirming.
    pub date_columns: Vec<DateColumn>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
/// The day/month order of one date column.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct DateColumn {
    /// 0-based column index.
    pub column: usize,
    /// The column's header.
    pub header: String,
    /// The order the column's dates suggest.
    pub guess: DateOrderGuess,
}

/// Why a row was not imported, though nothing is wrong with it.
// The variants are documented by their messages.
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub enum SkipReason {
    #[error("the row is empty")]
    EmptyRow,
    #[error("id «{id}» already appears on row {first_row}")]
    DuplicateInFile { id: String, first_row: u32 },
    #[error("id «{id}» is already in the base")]
    AlreadyInBase { id: String },
    #[error("the same event is already in the base")]
    DuplicateEvent,
    #[error(
        "the deal is still open (status «{status}»); map the status to won or lost to import it"
    )]
    OpenDeal { status: String },
    #[error("no contact «{contact}» in the base or the file")]
    UnknownContact { contact: String },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
/// A row left out on purpose, with the reason.
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct SkippedRow {
    /// Spreadsheet row (the header is row 1).
    pub row: u32,
    /// Why.
    pub reason: SkipReason,
    /// The reason in words.
    pub message: String,
}

/// A problem with one cell (or a whole row, without `column`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct RowError {
    /// Spreadsheet row (the header is row 1).
    pub row: u32,
    /// The column's header.
    pub column: Option<String>,
    /// The cell's value (at most 200 characters).
    pub value: String,
    /// What is wrong and how to fix it.
    pub message: String,
    /// The problem as data, for its code and words in any language
    /// (`Localized::message`); `message` is its English. Not serialized.
    #[serde(skip)]
    pub problem: Option<RowProblem>,
}

impl RowError {
    /// A problem with `value` on `row` (in `column`), with its English words.
    pub fn new(row: u32, column: Option<String>, value: String, problem: RowProblem) -> Self {
        RowError {
            row,
            column,
            value,
            message: problem.message(lifecycle_core::Lang::En),
            problem: Some(problem),
        }
    }
}

/// Something the user may want to know; the row was imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS), ts(rename = "ImportWarning"))]
pub struct Warning {
    /// Spreadsheet row, when about one row.
    pub row: Option<u32>,
    /// The column's header, when about one column.
    pub column: Option<String>,
    /// What happened.
    pub message: String,
    /// What happened as data, for its code and words in any language
    /// (`Localized::message`); `message` is its English. Not serialized.
    #[serde(skip)]
    pub problem: Option<WarningProblem>,
}

impl Warning {
    /// A warning about `row` (and `column`), with its English words.
    pub fn new(row: Option<u32>, column: Option<String>, problem: WarningProblem) -> Self {
        Warning {
            row,
            column,
            message: problem.message(lifecycle_core::Lang::En),
            problem: Some(problem),
        }
    }
}

/// The account of an import.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportReport {
    /// The encoding used.
    pub encoding: Encoding,
    /// The delimiter used.
    pub delimiter: char,
    /// What the file holds.
    pub kind: FileKind,
    /// Where each column went.
    pub mapping: Vec<ColumnMapping>,
    /// Date columns whose day/month order had to be guessed.
    pub date_columns: Vec<DateColumn>,
    /// Data rows in the file (the header not counted).
    pub rows_read: usize,
    /// Rows that added a contact or an event.
    pub rows_added: usize,
    /// Rows that updated a contact already planned or in the base.
    pub rows_updated: usize,
    /// Rows left out on purpose, each with its reason.
    pub skipped: Vec<SkippedRow>,
    /// Rows with at least one error (see `errors`).
    pub rows_with_errors: usize,
    /// Every error, in row order; a row may have several.
    pub errors: Vec<RowError>,
    /// Things worth knowing about rows that were imported.
    pub warnings: Vec<Warning>,
    /// Contacts created for events or deals about unknown contacts.
    pub contacts_created: usize,
}

impl ImportReport {
    /// Checks the accounting identity; true for every report this crate makes.
    pub fn balances(&self) -> bool {
        self.rows_read
            == self.rows_added + self.rows_updated + self.skipped.len() + self.rows_with_errors
    }
}

/// What an import would do. Applying it is the only way it changes anything.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "ts", derive(ts_rs::TS))]
pub struct ImportPlan {
    /// The account of every row.
    pub report: ImportReport,
    /// Contacts to add.
    pub new_contacts: Vec<Contact>,
    /// Existing contacts with their new values (same ids).
    pub updated_contacts: Vec<Contact>,
    /// Events to add.
    pub new_events: Vec<Event>,
}

/// An import that cannot be planned at all.
// The variants are documented by their messages.
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum PlanError {
    #[error("the file is empty: it has no header row")]
    EmptyFile,
    #[error("{kind} files need a column for {missing}; map one of the columns to it")]
    MissingColumn { kind: String, missing: String },
    #[error("the mapping names column {column}, but the file has {columns} columns")]
    NoSuchColumn { column: usize, columns: usize },
}

/// Why a confirmed plan was not applied. Nothing was changed.
// The variants are documented by their messages.
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ApplyError {
    #[error(
        "{rows} rows have errors; fix them in the file, or confirm that the import may \
         leave them out"
    )]
    RowsWithErrors { rows: usize },
    #[error("contact «{id}» was added to the base after this import was planned; plan it again")]
    ContactAppeared { id: String },
    #[error(
        "contact «{id}» was removed from the base after this import was planned; plan it again"
    )]
    ContactVanished { id: String },
}

/// What applying did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Applied {
    /// Contacts added.
    pub contacts_added: usize,
    /// Contacts updated.
    pub contacts_updated: usize,
    /// Events added.
    pub events_added: usize,
}

impl ImportPlan {
    /// Applies the whole plan, or nothing: every check runs before the first change.
    /// Rows with errors are left out only when `accept_errors` says the user agreed.
    pub fn apply(
        self,
        contacts: &mut Vec<Contact>,
        events: &mut Vec<Event>,
        accept_errors: bool,
    ) -> Result<Applied, ApplyError> {
        let index: HashMap<&str, usize> = contacts
            .iter()
            .enumerate()
            .map(|(i, c)| (c.id.as_str(), i))
            .collect();
        let slots = self.slots(|id| index.get(id).copied(), accept_errors)?;
        drop(index);
        let applied = self.applied();
        for (slot, c) in slots.into_iter().zip(self.updated_contacts) {
            contacts[slot] = c;
        }
        contacts.extend(self.new_contacts);
        events.extend(self.new_events);
        Ok(applied)
    }

    /// The checks [`ImportPlan::apply`] makes before changing anything, against a
    /// base whose contact indices `index_of` gives by id: on success, the index of
    /// each of `updated_contacts` in that base, in their order. For applying a plan
    /// without moving it (a browser building the next base in steps).
    pub fn slots(
        &self,
        index_of: impl Fn(&str) -> Option<usize>,
        accept_errors: bool,
    ) -> Result<Vec<usize>, ApplyError> {
        if self.report.rows_with_errors > 0 && !accept_errors {
            return Err(ApplyError::RowsWithErrors {
                rows: self.report.rows_with_errors,
            });
        }
        if let Some(c) = self
            .new_contacts
            .iter()
            .find(|c| index_of(c.id.as_str()).is_some())
        {
            return Err(ApplyError::ContactAppeared { id: c.id.clone() });
        }
        self.updated_contacts
            .iter()
            .map(|c| {
                index_of(c.id.as_str())
                    .ok_or_else(|| ApplyError::ContactVanished { id: c.id.clone() })
            })
            .collect()
    }

    /// What applying adds and updates.
    pub fn applied(&self) -> Applied {
        Applied {
            contacts_added: self.new_contacts.len(),
            contacts_updated: self.updated_contacts.len(),
            events_added: self.new_events.len(),
        }
    }
}

/// Reads `bytes` and plans the import in one go.
pub fn import(
    bytes: &[u8],
    options: &ImportOptions,
    contacts: &[Contact],
    events: &[Event],
) -> Result<ImportPlan, PlanError> {
    let table = csv::read(bytes, options.csv);
    plan(&table, options, contacts, events)
}

/// The kind, mapping and date orders an import would use, for the user to confirm.
pub fn preview(table: &CsvTable, options: &ImportOptions) -> Preview {
    preview_first(table, options, usize::MAX)
}

/// [`preview`] with the day/month order of date columns guessed from the first
/// `rows` rows only: what a browser shows of a large file (with
/// [`csv::SAMPLE_ROWS`]) rather than block the page on every row. The check
/// ([`plan`], [`ImportJob`]) guesses from every row.
pub fn preview_first(table: &CsvTable, options: &ImportOptions, rows: usize) -> Preview {
    let kind = options
        .kind
        .unwrap_or_else(|| mapping::guess_kind(&table.header));
    // Rows the reader found malformed would mislead the type guesses.
    let bad_rows: HashSet<u32> = table.errors.iter().map(csv::CsvError::row).collect();
    let good_rows = || table.rows.iter().filter(|r| !bad_rows.contains(&r.row));
    let columns: Vec<Vec<&str>> = (0..table.header.len())
        .map(|i| {
            good_rows()
                .take(200)
                .map(|r| r.fields.get(i).map_or("", String::as_str))
                .collect()
        })
        .collect();
    let mapping = match &options.mapping {
        Some(m) => m.clone(),
        None => mapping::suggest(kind, &table.header, &columns),
    };
    let date_columns = mapping
        .iter()
        .filter(|m| {
            matches!(
                m.target,
                Target::Created
                    | Target::Date
                    | Target::Custom {
                        ty: FieldType::Date,
                        ..
                    }
            )
        })
        .filter_map(|m| {
            let cells = || {
                good_rows()
                    .take(rows)
                    .map(|r| r.fields.get(m.column).map_or("", String::as_str))
            };
            // Only dates with slashes can be read two ways.
            cells().any(|v| v.contains('/')).then(|| DateColumn {
                column: m.column,
                header: m.header.clone(),
                guess: values::infer_date_order(cells()),
            })
        })
        .collect();
    Preview {
        encoding: table.encoding.encoding,
        delimiter: table.delimiter,
        kind,
        mapping,
        date_columns,
    }
}

/// Plans an import of `table` into a base holding `contacts` and `events`, at once.
/// For large files in a browser, [`ImportJob`] does the same in steps.
pub fn plan(
    table: &CsvTable,
    options: &ImportOptions,
    contacts: &[Contact],
    events: &[Event],
) -> Result<ImportPlan, PlanError> {
    let (mut state, csv_errors) = prepare(table, options)?;
    state.add_base(0, contacts, events);
    let mut p = Planner::with(table, options, contacts, state);
    for rec in &table.rows {
        p.row(rec, csv_errors.get(&rec.row));
    }
    Ok(finish_plan(p.into_state(), table.rows.len()))
}

fn finish_plan(state: PlanState, rows_done: usize) -> ImportPlan {
    let PlanState {
        mut report,
        new_contacts,
        updated,
        new_events,
        ..
    } = state;
    report.rows_read = rows_done;
    lifecycle_core::sort::sort_by_key(&mut report.errors, |e| e.row);
    ImportPlan {
        report,
        new_contacts,
        updated_contacts: updated.into_values().collect(),
        new_events,
    }
}

type CsvErrors = HashMap<u32, Vec<csv::CsvError>>;

/// Checks the mapping and builds the empty plan, with no base yet (see
/// [`PlanState::add_base`]).
fn prepare(table: &CsvTable, options: &ImportOptions) -> Result<(PlanState, CsvErrors), PlanError> {
    if table.header.is_empty() {
        return Err(PlanError::EmptyFile);
    }
    let preview = preview(table, options);
    if let Some(m) = preview
        .mapping
        .iter()
        .find(|m| m.column >= table.header.len())
    {
        return Err(PlanError::NoSuchColumn {
            column: m.column + 1,
            columns: table.header.len(),
        });
    }
    let cols = Columns::new(&preview.mapping);
    cols.check(preview.kind)?;
    let unescape = options
        .unescape_excel
        .unwrap_or(table.encoding.bom && table.encoding.encoding == Encoding::Utf8);
    let mut orders: HashMap<usize, DateOrder> = HashMap::new();
    for d in &preview.date_columns {
        orders.insert(d.column, options.date_order.unwrap_or(d.guess.order));
    }
    let state = PlanState {
        cols,
        orders,
        unescape,
        report: ImportReport {
            encoding: preview.encoding,
            delimiter: preview.delimiter,
            kind: preview.kind,
            mapping: preview.mapping.clone(),
            date_columns: preview.date_columns.clone(),
            rows_read: table.rows.len(),
            ..ImportReport::default()
        },
        existing_index: HashMap::new(),
        new_contacts: Vec::new(),
        updated: BTreeMap::new(),
        planned: HashMap::new(),
        lookup: HashMap::new(),
        existing_keys: None,
        new_events: Vec::new(),
        existing_events: HashSet::new(),
    };
    let csv_errors = table
        .errors
        .iter()
        .fold(HashMap::new(), |mut m: CsvErrors, e| {
            m.entry(e.row()).or_default().push(e.clone());
            m
        });
    let mut p = Planner::with(table, options, &[], state);
    p.file_warnings();
    Ok((p.into_state(), csv_errors))
}

/// A JSON file that cannot be planned at all.
// The variants are documented by their messages.
#[allow(missing_docs)]
#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize, Deserialize)]
#[serde(tag = "error", rename_all = "snake_case")]
pub enum JsonPlanError {
    #[error("the file is not JSON ({message} at line {line}, column {column})")]
    NotJson {
        line: usize,
        column: usize,
        message: String,
    },
    #[error("a Lifecycle {kind} file is a JSON array of objects, and this file is not an array")]
    NotAnArray { kind: String },
    #[error("JSON files hold contacts or events; deals arrive as deal_won / deal_lost events")]
    DealsInJson,
}

/// Plans an import of the canonical JSON form (see [`crate::export::contacts_json`] and
/// [`crate::export::events_json`]) with the same policies and report as a CSV import.
/// A "row" is the item's position in the array, from 1. The report's encoding and
/// delimiter do not apply.
pub fn plan_json(
    text: &str,
    kind: FileKind,
    options: &ImportOptions,
    contacts: &[Contact],
    events: &[Event],
) -> Result<ImportPlan, JsonPlanError> {
    let kind_name = match kind {
        FileKind::Contacts => "contacts",
        FileKind::Events => "events",
        FileKind::Deals => return Err(JsonPlanError::DealsInJson),
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc: serde_json::Value =
        serde_json::from_str(text).map_err(|e| JsonPlanError::NotJson {
            line: e.line(),
            column: e.column(),
            message: e
                .to_string()
                .split(" at line")
                .next()
                .unwrap_or_default()
                .to_owned(),
        })?;
    let serde_json::Value::Array(items) = doc else {
        return Err(JsonPlanError::NotAnArray {
            kind: kind_name.to_owned(),
        });
    };
    let mut state = PlanState {
        report: ImportReport {
            delimiter: ',',
            kind,
            rows_read: items.len(),
            ..ImportReport::default()
        },
        ..PlanState::default()
    };
    state.add_base(0, contacts, events);
    let table = CsvTable::default();
    let mut p = Planner::with(&table, options, contacts, state);
    for (i, item) in items.into_iter().enumerate() {
        let row = i as u32 + 1;
        let invalid = |p: &mut Planner<'_>, item: &serde_json::Value, problem: RowProblem| {
            p.report.rows_with_errors += 1;
            p.report.errors.push(RowError::new(
                row,
                None,
                item.to_string().chars().take(200).collect(),
                problem,
            ));
        };
        match kind {
            FileKind::Contacts => match item_of::<Contact>(&item) {
                Ok(c) if c.id.trim().is_empty() => {
                    invalid(&mut p, &item, RowProblem::JsonNoContactId);
                }
                Ok(c) => p.place_contact(row, c),
                Err(e) => invalid(
                    &mut p,
                    &item,
                    RowProblem::JsonNotAContact {
                        detail: without_place(&e),
                    },
                ),
            },
            _ => match item_of::<Event>(&item) {
                Ok(e) if e.contact.trim().is_empty() || e.kind.trim().is_empty() => {
                    invalid(&mut p, &item, RowProblem::JsonEventIncomplete)
                }
                Ok(e) => {
                    let contact = Contact {
                        id: e.contact.clone(),
                        ..Contact::default()
                    };
                    p.place_event(row, contact, e);
                }
                Err(e) => invalid(
                    &mut p,
                    &item,
                    RowProblem::JsonNotAnEvent {
                        detail: without_place(&e),
                    },
                ),
            },
        }
    }
    let rows = p.report.rows_read;
    Ok(finish_plan(p.into_state(), rows))
}

/// One item of a JSON file as a contact or an event. Read from the item's own
/// text rather than from the `Value` (`serde_json::from_value`): the npm package
/// reads these types from JSON text at its boundary too, and one deserializer per
/// type instead of two keeps its wasm smaller. The text is the `Value`'s, so a
/// key given twice counts once (the last), as in the `Value`.
fn item_of<T: serde::de::DeserializeOwned>(item: &serde_json::Value) -> serde_json::Result<T> {
    serde_json::from_str(&item.to_string())
}

/// serde_json's message without its " at line 1 column 42" (of the item's own
/// text, which the file does not have).
fn without_place(e: &serde_json::Error) -> String {
    let text = e.to_string();
    match text.rfind(" at line ") {
        Some(i) => text[..i].to_owned(),
        None => text,
    }
}

/// How far planning has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PlanProgress {
    /// Data rows planned so far.
    pub rows_done: usize,
    /// Data rows in the file.
    pub rows_total: usize,
    /// Every row is planned and the final phase is over: the plan is ready. While
    /// `rows_done == rows_total` and not `done`, the job is in its final phase.
    pub done: bool,
}

/// Planning in steps of a bounded number of rows, so that a browser can keep its main
/// thread responsive and show progress. Cancelling is dropping the job.
///
/// ```
/// use lifecycle_io::csv::{read, CsvOptions};
/// use lifecycle_io::import::{ImportJob, ImportOptions};
///
/// let table = read(b"id,name\n1,Ann\n2,Bob\n", CsvOptions::default());
/// let mut job = ImportJob::new(table, ImportOptions::default(), &[], &[]).unwrap();
/// while !job.step(&[], 1).done {}
/// assert_eq!(job.finish().new_contacts.len(), 2);
/// ```
#[derive(Debug)]
pub struct ImportJob {
    table: Arc<CsvTable>,
    options: ImportOptions,
    state: PlanState,
    csv_errors: CsvErrors,
    next: usize,
    /// Updated contacts taken out of `state.updated` in the final phase, in id order.
    updated: Vec<Contact>,
}

/// Entries of the planning's look-up tables freed in the final phase per row a step
/// may plan: freeing one is a fraction of the cost of planning a row, and a step of
/// the final phase should take about as long as one of the rows.
const RELEASED_PER_ROW: usize = 16;

impl ImportJob {
    /// Checks the mapping and prepares the plan; `contacts` and `events` are the base
    /// the import goes into. The table may be shared (an `Arc` the caller keeps,
    /// to go back to the preview): a job never copies it.
    pub fn new(
        table: impl Into<Arc<CsvTable>>,
        options: ImportOptions,
        contacts: &[Contact],
        events: &[Event],
    ) -> Result<Self, PlanError> {
        let mut job = Self::start(table.into(), options)?;
        job.state.add_base(0, contacts, events);
        Ok(job)
    }

    /// [`ImportJob::new`] with the base given afterwards, in parts, so that a
    /// browser can read a large base between repaints too; `contacts` and
    /// `events` are the base's size, for room in the look-ups from the start.
    /// Before the first [`ImportJob::step`], [`ImportJob::add_base`] must be
    /// given every contact of the base, in order, and every event of it, once;
    /// the plan is then the one [`ImportJob::new`] and [`plan`] make.
    pub fn begin(
        table: impl Into<Arc<CsvTable>>,
        options: ImportOptions,
        contacts: usize,
        events: usize,
    ) -> Result<Self, PlanError> {
        let mut job = Self::start(table.into(), options)?;
        let s = &mut job.state;
        s.existing_index.reserve(contacts);
        s.existing_events.reserve(events);
        if s.report.kind != FileKind::Contacts && contacts > 0 {
            // Events also find their contacts by e-mail, company or name in
            // the base: that look-up is built here, a part at a time, rather
            // than at once by the first row that needs it.
            s.existing_keys = Some(HashMap::with_capacity(contacts));
        }
        Ok(job)
    }

    /// Adds part of the base to a job made by [`ImportJob::begin`]: `contacts`
    /// are the base's contacts from its `first` on, `events` any of its events.
    pub fn add_base(&mut self, first: usize, contacts: &[Contact], events: &[Event]) {
        self.state.add_base(first, contacts, events);
    }

    fn start(table: Arc<CsvTable>, options: ImportOptions) -> Result<Self, PlanError> {
        let (mut state, csv_errors) = prepare(&table, &options)?;
        if state.report.kind == FileKind::Contacts {
            // Room for a contact a row from the start: grown as rows come, the
            // tables and the list were copied whole at each doubling, one step
            // of about 0.1-0.3 s each in a browser once they held half a million.
            let rows = table.rows.len();
            state.new_contacts.reserve(rows);
            state.planned.reserve(rows);
            state.lookup.reserve(rows);
        }
        Ok(ImportJob {
            table,
            options,
            state,
            csv_errors,
            next: 0,
            updated: Vec::new(),
        })
    }

    /// Plans up to `max_rows` more rows. `contacts` must be the same base as given to
    /// [`ImportJob::new`] (or, in parts, to [`ImportJob::add_base`]).
    ///
    /// Once every row is planned, the steps that follow (until
    /// [`PlanProgress::done`]) are the final phase: they free the look-up tables
    /// planning used (ids, e-mails, the base's events; a million entries each for a
    /// million new contacts) and put the updated contacts in order, a bounded part
    /// each, so that [`ImportJob::finish`] and dropping the job are short too.
    pub fn step(&mut self, contacts: &[Contact], max_rows: usize) -> PlanProgress {
        if self.next >= self.table.rows.len() {
            self.release(max_rows.saturating_mul(RELEASED_PER_ROW).max(1));
            return self.progress();
        }
        let end = self
            .next
            .saturating_add(max_rows)
            .min(self.table.rows.len());
        let state = std::mem::take(&mut self.state);
        let mut p = Planner::with(&self.table, &self.options, contacts, state);
        for rec in &self.table.rows[self.next..end] {
            p.row(rec, self.csv_errors.get(&rec.row));
        }
        self.state = p.into_state();
        // Free the planned rows' text now, a step at a time: dropping a million
        // rows at once in `finish` would block the browser for ~100 ms. (A
        // table the caller still shares stays whole.)
        if let Some(table) = Arc::get_mut(&mut self.table) {
            for rec in &mut table.rows[self.next..end] {
                rec.fields = Vec::new();
            }
        }
        self.next = end;
        self.progress()
    }

    /// How far planning has come.
    pub fn progress(&self) -> PlanProgress {
        PlanProgress {
            rows_done: self.next,
            rows_total: self.table.rows.len(),
            done: self.next >= self.table.rows.len() && self.released(),
        }
    }

    /// The plan so far (the whole plan once every step is done).
    pub fn finish(self) -> ImportPlan {
        let mut plan = finish_plan(self.state, self.next);
        if !self.updated.is_empty() {
            let rest = std::mem::replace(&mut plan.updated_contacts, self.updated);
            plan.updated_contacts.extend(rest);
        }
        plan
    }

    /// Frees up to `budget` entries of the look-up tables, and moves as many updated
    /// contacts into their final list.
    fn release(&mut self, budget: usize) {
        let s = &mut self.state;
        let mut left = budget;
        left -= shed(&mut s.planned, left);
        left -= shed(&mut s.lookup, left);
        if let Some(keys) = &mut s.existing_keys {
            left -= shed(keys, left);
            if keys.is_empty() {
                s.existing_keys = None;
            }
        }
        left -= shed(&mut s.existing_index, left);
        left -= s.existing_events.extract_if(|_| true).take(left).count();
        while left > 0 {
            let Some((_, c)) = s.updated.pop_first() else {
                break;
            };
            self.updated.push(c);
            left -= 1;
        }
    }

    /// Nothing is left for the final phase to do.
    fn released(&self) -> bool {
        let s = &self.state;
        s.planned.is_empty()
            && s.lookup.is_empty()
            && s.existing_keys.is_none()
            && s.existing_index.is_empty()
            && s.existing_events.is_empty()
            && s.updated.is_empty()
    }
}

/// Removes (and frees) up to `budget` entries of `map`; how many it removed.
fn shed<K, V>(map: &mut HashMap<K, V>, budget: usize) -> usize {
    // Entries not reached stay: `extract_if` keeps what it was not asked for.
    map.extract_if(|_, _| true).take(budget).count()
}

fn header_name(header: &[String], column: usize) -> String {
    match header.get(column) {
        Some(h) if !h.trim().is_empty() => h.clone(),
        _ => format!("column {}", column + 1),
    }
}

/// The column of each target.
#[derive(Debug, Default)]
struct Columns {
    single: HashMap<Target, usize>,
    custom: Vec<(usize, String, FieldType)>,
}

impl Columns {
    fn new(mapping: &[ColumnMapping]) -> Self {
        let mut c = Columns::default();
        for m in mapping {
            match &m.target {
                Target::Ignore => {}
                Target::Custom { name, ty } => c.custom.push((m.column, name.clone(), *ty)),
                t => {
                    c.single.entry(t.clone()).or_insert(m.column);
                }
            }
        }
        c
    }

    fn get(&self, t: Target) -> Option<usize> {
        self.single.get(&t).copied()
    }

    fn has_contact_key(&self) -> bool {
        [
            Target::Id,
            Target::Email,
            Target::Company,
            Target::Name,
            Target::FirstName,
            Target::LastName,
        ]
        .into_iter()
        .any(|t| self.get(t).is_some())
    }

    fn check(&self, kind: FileKind) -> Result<(), PlanError> {
        let missing = |what: &str| {
            Err(PlanError::MissingColumn {
                kind: format!("{kind:?}").to_lowercase(),
                missing: what.to_owned(),
            })
        };
        if !self.has_contact_key() {
            return missing("the contact (its id, e-mail, company or name)");
        }
        match kind {
            FileKind::Contacts => Ok(()),
            FileKind::Events if self.get(Target::Date).is_none() => missing("the date"),
            FileKind::Events if self.get(Target::Kind).is_none() => missing("the kind of event"),
            FileKind::Deals if self.get(Target::Status).is_none() => missing("the status or stage"),
            FileKind::Deals
                if self.get(Target::Date).is_none() && self.get(Target::Created).is_none() =>
            {
                missing("the date (close date or creation date)")
            }
            _ => Ok(()),
        }
    }
}

type EventKey = (
    String,
    NaiveDate,
    Option<NaiveTime>,
    String,
    Option<u64>,
    Option<u8>,
);

fn event_key(e: &Event) -> EventKey {
    (
        e.contact.clone(),
        e.date,
        e.time,
        e.kind.clone(),
        e.amount.map(f64::to_bits),
        e.score,
    )
}

/// Where a planned contact lives.
#[derive(Debug, Clone, Copy)]
enum Slot {
    New(usize),
    Updated,
}

/// What planning has built so far; owned, so that a job can pause between steps.
#[derive(Debug, Default)]
struct PlanState {
    cols: Columns,
    orders: HashMap<usize, DateOrder>,
    unescape: bool,
    report: ImportReport,
    existing_index: HashMap<String, usize>,
    new_contacts: Vec<Contact>,
    /// Existing contacts with the file's values, by id.
    updated: BTreeMap<String, Contact>,
    /// Ids the file has planned so far, with the first row that named them.
    planned: HashMap<String, (Slot, u32)>,
    /// Contacts found by e-mail, company or name: lower-cased key -> id.
    lookup: HashMap<String, String>,
    /// The same for the base, built when first needed.
    existing_keys: Option<HashMap<String, String>>,
    new_events: Vec<Event>,
    existing_events: HashSet<EventKey>,
}

impl PlanState {
    /// Adds part of the base the import goes into: `contacts` are the base's
    /// contacts from its `first` on, `events` any of its events. Given the
    /// whole base in parts, in order, the look-ups are those of the whole base
    /// given at once.
    fn add_base(&mut self, first: usize, contacts: &[Contact], events: &[Event]) {
        for (i, c) in contacts.iter().enumerate() {
            self.existing_index.insert(c.id.clone(), first + i);
        }
        if let Some(keys) = &mut self.existing_keys {
            add_keys(keys, contacts);
        }
        self.existing_events.extend(events.iter().map(event_key));
    }
}

/// Adds the e-mails, companies and names of `contacts` (lower-cased) to `keys`;
/// the first contact with a key keeps it.
fn add_keys(keys: &mut HashMap<String, String>, contacts: &[Contact]) {
    for e in contacts {
        for key in [&e.email, &e.company, &e.name] {
            if !key.is_empty() {
                keys.entry(key.to_lowercase())
                    .or_insert_with(|| e.id.clone());
            }
        }
    }
}

/// The planning of one step: the state with the inputs it reads.
struct Planner<'a> {
    table: &'a CsvTable,
    options: &'a ImportOptions,
    existing: &'a [Contact],
    cols: Columns,
    orders: HashMap<usize, DateOrder>,
    unescape: bool,
    report: ImportReport,
    existing_index: HashMap<String, usize>,
    new_contacts: Vec<Contact>,
    updated: BTreeMap<String, Contact>,
    planned: HashMap<String, (Slot, u32)>,
    lookup: HashMap<String, String>,
    existing_keys: Option<HashMap<String, String>>,
    new_events: Vec<Event>,
    existing_events: HashSet<EventKey>,
}

/// One row's cells, read through the mapping; collects the row's errors.
struct Row<'r> {
    rec: &'r Record,
    errors: Vec<RowError>,
}

impl<'a> Planner<'a> {
    fn with(
        table: &'a CsvTable,
        options: &'a ImportOptions,
        existing: &'a [Contact],
        s: PlanState,
    ) -> Self {
        Planner {
            table,
            options,
            existing,
            cols: s.cols,
            orders: s.orders,
            unescape: s.unescape,
            report: s.report,
            existing_index: s.existing_index,
            new_contacts: s.new_contacts,
            updated: s.updated,
            planned: s.planned,
            lookup: s.lookup,
            existing_keys: s.existing_keys,
            new_events: s.new_events,
            existing_events: s.existing_events,
        }
    }

    fn into_state(self) -> PlanState {
        PlanState {
            cols: self.cols,
            orders: self.orders,
            unescape: self.unescape,
            report: self.report,
            existing_index: self.existing_index,
            new_contacts: self.new_contacts,
            updated: self.updated,
            planned: self.planned,
            lookup: self.lookup,
            existing_keys: self.existing_keys,
            new_events: self.new_events,
            existing_events: self.existing_events,
        }
    }

    /// Puts one data row in its bucket.
    fn row(&mut self, rec: &Record, csv_errors: Option<&Vec<csv::CsvError>>) {
        if let Some(errs) = csv_errors {
            self.report.rows_with_errors += 1;
            for e in errs {
                let column = e.column().map(|c| c as usize - 1);
                self.report.errors.push(RowError::new(
                    rec.row,
                    column.map(|c| header_name(&self.table.header, c)),
                    column
                        .and_then(|c| rec.fields.get(c))
                        .map(|v| v.chars().take(200).collect())
                        .unwrap_or_default(),
                    RowProblem::Csv(e.clone()),
                ));
            }
            return;
        }
        if rec.is_blank() {
            self.skip(rec.row, SkipReason::EmptyRow);
            return;
        }
        match self.report.kind {
            FileKind::Contacts => self.contact_row(rec),
            FileKind::Events | FileKind::Deals => self.event_row(rec),
        }
    }

    fn file_warnings(&mut self) {
        let t = self.table;
        if t.replaced_chars > 0 {
            self.report.warnings.push(Warning::new(
                None,
                None,
                WarningProblem::ReplacedCharacters {
                    count: t.replaced_chars,
                    encoding: t.encoding.encoding.label().to_owned(),
                },
            ));
        }
        let mut seen: HashMap<String, usize> = HashMap::new();
        for (i, h) in t.header.iter().enumerate() {
            let column = Some(header_name(&t.header, i));
            if h.trim().is_empty() {
                self.report.warnings.push(Warning::new(
                    Some(1),
                    column,
                    WarningProblem::NoHeader { column: i + 1 },
                ));
            } else if let Some(first) = seen.insert(mapping::normalize_header(h), i) {
                self.report.warnings.push(Warning::new(
                    Some(1),
                    column,
                    WarningProblem::HeaderTwice {
                        header: h.clone(),
                        first: first + 1,
                        second: i + 1,
                    },
                ));
            }
        }
        for d in &self.report.date_columns {
            if d.guess.conflicting {
                self.report.warnings.push(Warning::new(
                    None,
                    Some(d.header.clone()),
                    WarningProblem::MixedDateOrder {
                        header: d.header.clone(),
                        day_first: self.options.date_order.unwrap_or(d.guess.order)
                            == DateOrder::DayFirst,
                    },
                ));
            } else if d.guess.needs_confirmation && self.options.date_order.is_none() {
                self.report.warnings.push(Warning::new(
                    None,
                    Some(d.header.clone()),
                    WarningProblem::DateOrderGuessed {
                        header: d.header.clone(),
                        day_first: d.guess.order == DateOrder::DayFirst,
                    },
                ));
            }
        }
        if self.report.kind == FileKind::Contacts && self.cols.get(Target::Id).is_none() {
            self.report
                .warnings
                .push(Warning::new(None, None, WarningProblem::NoIdColumn));
        }
    }

    fn skip(&mut self, row: u32, reason: SkipReason) {
        self.report.skipped.push(SkippedRow {
            row,
            message: reason.to_string(),
            reason,
        });
    }

    /// The text of a cell, trimmed unless quoted; NUL characters removed (with a warning) and the
    /// Excel profile's apostrophe undone.
    fn cell(&mut self, row: &Row<'_>, column: Option<usize>) -> String {
        let Some(c) = column else {
            return String::new();
        };
        let raw = row.rec.fields.get(c).map_or("", String::as_str);
        // Spaces inside quotes are part of the value; around an unquoted
        // value they are the spreadsheet's padding.
        let mut v = if row.rec.padded.contains(&(c as u32)) {
            raw
        } else {
            raw.trim()
        };
        if self.unescape
            && let Some(rest) = v.strip_prefix('\'')
            && rest.starts_with(['=', '+', '-', '@', '\t', '\r', '\''])
        {
            v = rest;
        }
        if v.contains('\0') {
            self.report.warnings.push(Warning::new(
                Some(row.rec.row),
                Some(header_name(&self.table.header, c)),
                WarningProblem::NulRemoved,
            ));
            return v.replace('\0', "");
        }
        v.to_owned()
    }

    fn error(&self, row: &mut Row<'_>, column: usize, value: &str, problem: RowProblem) {
        row.errors.push(RowError::new(
            row.rec.row,
            Some(header_name(&self.table.header, column)),
            value.chars().take(200).collect(),
            problem,
        ));
    }

    fn date(
        &mut self,
        row: &mut Row<'_>,
        column: Option<usize>,
    ) -> Option<(NaiveDate, Option<NaiveTime>)> {
        let c = column?;
        let v = self.cell(row, Some(c));
        let order = self
            .orders
            .get(&c)
            .copied()
            .unwrap_or(DateOrder::MonthFirst);
        match values::parse_date(&v, order) {
            Ok(d) => d,
            Err(e) => {
                self.error(row, c, &v, RowProblem::Value(e));
                None
            }
        }
    }

    fn number(&mut self, row: &mut Row<'_>, column: Option<usize>) -> Option<f64> {
        let c = column?;
        let v = self.cell(row, Some(c));
        match values::parse_number(&v) {
            Ok(n) => n,
            Err(e) => {
                self.error(row, c, &v, RowProblem::Value(e));
                None
            }
        }
    }

    /// The contact-describing cells of a row.
    fn contact_from_row(&mut self, row: &mut Row<'_>) -> Contact {
        let mut c = Contact {
            id: self.cell(row, self.cols.get(Target::Id)),
            company: self.cell(row, self.cols.get(Target::Company)),
            source: self.cell(row, self.cols.get(Target::Source)),
            owner: self.cell(row, self.cols.get(Target::Owner)),
            ..Contact::default()
        };
        c.name = self.cell(row, self.cols.get(Target::Name));
        if c.name.is_empty() {
            let first = self.cell(row, self.cols.get(Target::FirstName));
            let last = self.cell(row, self.cols.get(Target::LastName));
            c.name = format!("{first} {last}").trim().to_owned();
        }
        let email_col = self.cols.get(Target::Email);
        let email = self.cell(row, email_col);
        c.email = self.normalized(
            row,
            email_col,
            &email,
            values::normalize_email,
            "email_original",
            &mut c.fields,
        );
        let phone_col = self.cols.get(Target::Phone);
        let phone = self.cell(row, phone_col);
        c.phone = self.normalized(
            row,
            phone_col,
            &phone,
            values::normalize_phone,
            "phone_original",
            &mut c.fields,
        );
        let tags = self.cell(row, self.cols.get(Target::Tags));
        c.tags = values::split_tags(&tags);
        if self.report.kind == FileKind::Contacts {
            c.created = self
                .date(row, self.cols.get(Target::Created))
                .map(|(d, _)| d);
        }
        let custom = std::mem::take(&mut self.cols.custom);
        // Put in at once (a sort), in whatever order the columns come.
        let mut fields = Vec::with_capacity(custom.len());
        for (col, name, ty) in &custom {
            let (col, ty) = (*col, *ty);
            let v = self.cell(row, Some(col));
            let value = match ty {
                FieldType::Text => Ok((!v.is_empty()).then(|| FieldValue::Text(v.clone()))),
                FieldType::Number => values::parse_number(&v).map(|n| n.map(FieldValue::Number)),
                FieldType::Bool => values::parse_bool(&v).map(|b| b.map(FieldValue::Bool)),
                FieldType::Date => {
                    let order = self
                        .orders
                        .get(&col)
                        .copied()
                        .unwrap_or(DateOrder::MonthFirst);
                    values::parse_date(&v, order).map(|d| d.map(|(d, _)| FieldValue::Date(d)))
                }
            };
            match value {
                Ok(Some(f)) => fields.push((name.clone(), f)),
                Ok(None) => {}
                Err(e) => self.error(row, col, &v, RowProblem::Value(e)),
            }
        }
        c.fields.extend(fields);
        self.cols.custom = custom;
        c
    }

    /// A normalized e-mail or phone; the original is kept in `fields[original_key]`
    /// when it differs. A value that cannot be normalized is kept as written, with a
    /// warning.
    fn normalized(
        &mut self,
        row: &Row<'_>,
        column: Option<usize>,
        value: &str,
        normalize: fn(&str) -> Result<Option<String>, values::ValueError>,
        original_key: &str,
        fields: &mut Fields,
    ) -> String {
        match normalize(value) {
            Ok(Some(n)) => {
                if n != value {
                    fields.insert(original_key.to_owned(), FieldValue::Text(value.to_owned()));
                }
                n
            }
            Ok(None) => String::new(),
            Err(e) => {
                self.report.warnings.push(Warning::new(
                    Some(row.rec.row),
                    column.map(|c| header_name(&self.table.header, c)),
                    WarningProblem::KeptAsWritten(e),
                ));
                value.to_owned()
            }
        }
    }

    fn finish_row(&mut self, row: Row<'_>) -> bool {
        if row.errors.is_empty() {
            return true;
        }
        self.report.rows_with_errors += 1;
        self.report.errors.extend(row.errors);
        false
    }

    fn unique_id(&self, id: &str) -> String {
        (2..)
            .map(|n| format!("{id} ({n})"))
            .find(|c| !self.planned.contains_key(c) && !self.existing_index.contains_key(c))
            .unwrap_or_else(|| id.to_owned())
    }

    fn remember(&mut self, c: &Contact) {
        for key in [&c.email, &c.company, &c.name] {
            if !key.is_empty() {
                self.lookup
                    .entry(key.to_lowercase())
                    .or_insert_with(|| c.id.clone());
            }
        }
    }

    fn contact_row(&mut self, rec: &Record) {
        let mut row = Row {
            rec,
            errors: Vec::new(),
        };
        let mut c = self.contact_from_row(&mut row);
        if c.id.is_empty() {
            c.id = [&c.email, &c.phone, &c.company, &c.name]
                .into_iter()
                .find(|k| !k.is_empty())
                .cloned()
                .unwrap_or_default();
        }
        if c.id.is_empty() {
            row.errors.push(RowError::new(
                rec.row,
                self.cols
                    .get(Target::Id)
                    .map(|i| header_name(&self.table.header, i)),
                String::new(),
                RowProblem::NoId,
            ));
        }
        if !self.finish_row(row) {
            return;
        }
        self.place_contact(rec.row, c);
    }

    /// Puts a valid contact in its bucket, by the duplicate policy.
    fn place_contact(&mut self, row: u32, mut c: Contact) {
        let policy = self.options.duplicates;
        let taken = self.planned.get(&c.id).copied();
        let in_base = self.existing_index.get(&c.id).copied();
        match (taken, in_base, policy) {
            (Some((_, first_row)), _, DuplicatePolicy::Skip) => self.skip(
                row,
                SkipReason::DuplicateInFile {
                    id: c.id,
                    first_row,
                },
            ),
            (None, Some(_), DuplicatePolicy::Skip) => {
                self.skip(row, SkipReason::AlreadyInBase { id: c.id });
            }
            (Some((slot, _)), _, DuplicatePolicy::Update) => {
                let target = match slot {
                    Slot::New(i) => &mut self.new_contacts[i],
                    Slot::Updated => self
                        .updated
                        .get_mut(&c.id)
                        .unwrap_or_else(|| unreachable!("planned as updated")),
                };
                merge(target, c);
                self.report.rows_updated += 1;
            }
            (None, Some(i), DuplicatePolicy::Update) => {
                let mut merged = self.existing[i].clone();
                merge(&mut merged, c);
                self.planned.insert(merged.id.clone(), (Slot::Updated, row));
                self.updated.insert(merged.id.clone(), merged);
                self.report.rows_updated += 1;
            }
            (taken, in_base, _) => {
                if taken.is_some() || in_base.is_some() {
                    c.id = self.unique_id(&c.id);
                    self.report.warnings.push(Warning::new(
                        Some(row),
                        None,
                        WarningProblem::IdTaken { id: c.id.clone() },
                    ));
                }
                self.planned
                    .insert(c.id.clone(), (Slot::New(self.new_contacts.len()), row));
                self.new_contacts.push(c);
                self.report.rows_added += 1;
            }
        }
    }

    /// The id of the contact an event row is about, creating the contact if allowed.
    fn resolve_contact(&mut self, c: Contact, row: u32) -> Result<String, SkipReason> {
        if !c.id.is_empty()
            && (self.existing_index.contains_key(&c.id) || self.planned.contains_key(&c.id))
        {
            return Ok(c.id);
        }
        if c.id.is_empty() {
            for key in [&c.email, &c.company, &c.name] {
                if key.is_empty() {
                    continue;
                }
                let k = key.to_lowercase();
                if let Some(id) = self.lookup.get(&k) {
                    return Ok(id.clone());
                }
                let existing = self.existing;
                let keys = self.existing_keys.get_or_insert_with(|| {
                    // Built once, on the first row that needs it (unless a job
                    // built it in parts before its first row).
                    let mut keys = HashMap::new();
                    add_keys(&mut keys, existing);
                    keys
                });
                if let Some(id) = keys.get(&k) {
                    return Ok(id.clone());
                }
            }
        }
        let key = [&c.id, &c.email, &c.company, &c.name]
            .into_iter()
            .find(|k| !k.is_empty())
            .cloned()
            .unwrap_or_default();
        match self.options.unknown_contacts {
            UnknownContacts::Report => Err(SkipReason::UnknownContact { contact: key }),
            UnknownContacts::Create => {
                let mut created = c;
                created.id = key.clone();
                created.created = None;
                self.planned
                    .insert(key.clone(), (Slot::New(self.new_contacts.len()), row));
                self.remember(&created);
                self.new_contacts.push(created);
                self.report.contacts_created += 1;
                Ok(key)
            }
        }
    }

    fn event_row(&mut self, rec: &Record) {
        let mut row = Row {
            rec,
            errors: Vec::new(),
        };
        let deals = self.report.kind == FileKind::Deals;
        let contact = self.contact_from_row(&mut row);
        let date_col = self.cols.get(Target::Date);
        let mut when = self.date(&mut row, date_col);
        if deals && when.is_none() && row.errors.is_empty() {
            when = self.date(&mut row, self.cols.get(Target::Created));
        }
        let mut kind = String::new();
        let mut outcome = DealOutcome::Open;
        let mut status = String::new();
        if deals {
            let c = self.cols.get(Target::Status);
            status = self.cell(&row, c);
            outcome = self.options.statuses.outcome(&status);
            kind = match outcome {
                DealOutcome::Won => BuiltinKind::DealWon.as_str().to_owned(),
                DealOutcome::Lost => BuiltinKind::DealLost.as_str().to_owned(),
                DealOutcome::Open => String::new(),
            };
            if status.is_empty()
                && let Some(c) = c
            {
                self.error(&mut row, c, "", RowProblem::EmptyStatus);
            }
        } else if let Some(c) = self.cols.get(Target::Kind) {
            let v = self.cell(&row, Some(c));
            kind = event_kind(&v);
            if kind.is_empty() {
                self.error(&mut row, c, &v, RowProblem::EmptyKind);
            }
        }
        if when.is_none() && row.errors.is_empty() {
            let c = date_col.or(self.cols.get(Target::Created)).unwrap_or(0);
            self.error(&mut row, c, "", RowProblem::EmptyDate);
        }
        let amount = self.number(&mut row, self.cols.get(Target::Amount));
        let (min, max) = if kind == "review" { (1, 5) } else { (0, 10) };
        let score = match self.cols.get(Target::Score) {
            Some(c) => {
                let v = self.cell(&row, Some(c));
                match values::parse_score(&v, min, max) {
                    Ok(s) => s,
                    Err(e) => {
                        self.error(&mut row, c, &v, RowProblem::Value(e));
                        None
                    }
                }
            }
            None => None,
        };
        let mut time = when.and_then(|(_, t)| t);
        if let Some(c) = self.cols.get(Target::Time) {
            let v = self.cell(&row, Some(c));
            if !v.is_empty() {
                match values::parse_time(&v) {
                    Some(t) => time = Some(t),
                    None => {
                        let problem = RowProblem::BadTime { value: v.clone() };
                        self.error(&mut row, c, &v, problem)
                    }
                }
            }
        }
        let channel = self.cell(&row, self.cols.get(Target::Channel));
        let note = self.cell(&row, self.cols.get(Target::Note));
        if !self.finish_row(row) {
            return;
        }
        if deals && outcome == DealOutcome::Open {
            self.skip(rec.row, SkipReason::OpenDeal { status });
            return;
        }
        let Some((date, _)) = when else {
            unreachable!("a row without a date has an error")
        };
        let event = Event {
            contact: String::new(),
            date,
            time,
            kind,
            amount,
            score,
            channel: (!channel.is_empty()).then_some(channel),
            note: (!note.is_empty()).then_some(note),
        };
        self.place_event(rec.row, contact, event);
    }

    /// Puts a valid event in its bucket: finds (or creates) its contact and skips a
    /// re-imported one.
    fn place_event(&mut self, row: u32, contact: Contact, mut event: Event) {
        event.contact = match self.resolve_contact(contact, row) {
            Ok(id) => id,
            Err(reason) => {
                self.skip(row, reason);
                return;
            }
        };
        // Identical events within one file are kept (two calls on one day are two
        // calls); one identical to an event already in the base is a re-import.
        if self.options.duplicates != DuplicatePolicy::KeepBoth
            && self.existing_events.contains(&event_key(&event))
        {
            self.skip(row, SkipReason::DuplicateEvent);
            return;
        }
        self.new_events.push(event);
        self.report.rows_added += 1;
    }
}

/// The row's non-empty values over the old ones; tags added.
fn merge(into: &mut Contact, from: Contact) {
    let set = |a: &mut String, b: String| {
        if !b.is_empty() {
            *a = b;
        }
    };
    set(&mut into.name, from.name);
    set(&mut into.company, from.company);
    set(&mut into.email, from.email);
    set(&mut into.phone, from.phone);
    set(&mut into.source, from.source);
    set(&mut into.owner, from.owner);
    for t in from.tags {
        if !into.tags.contains(&t) {
            into.tags.push(t);
        }
    }
    if from.created.is_some() {
        into.created = from.created;
    }
    into.fields.extend(from.fields);
}

/// A built-in kind from its name or a common synonym; otherwise the text as a custom
/// kind, lower-case with `_` for spaces.
pub fn event_kind(value: &str) -> String {
    let v = value.trim().to_lowercase().replace([' ', '-'], "_");
    if let Some(k) = BuiltinKind::parse(&v) {
        return k.as_str().to_owned();
    }
    let k = match v.as_str() {
        "заявка" | "входящая_заявка" | "request" | "lead" => {
            BuiltinKind::InboundRequest
        }
        "запрос_кп" | "запрос_цены" | "quote" | "rfq" => {
            BuiltinKind::QuoteRequest
        }
        "тендер" | "приглашение_на_тендер" | "tender" => {
            BuiltinKind::TenderInvite
        }
        "сделка_выиграна" | "won" | "deal" => BuiltinKind::DealWon,
        "сделка_проиграна" | "lost" => BuiltinKind::DealLost,
        "покупка" | "заказ" | "order" => BuiltinKind::Purchase,
        "входящее_сообщение" | "входящее" | "email_in" => {
            BuiltinKind::MessageIn
        }
        "исходящее_сообщение" | "исходящее" | "email_out" => {
            BuiltinKind::MessageOut
        }
        "звонок" | "phone_call" => BuiltinKind::Call,
        "встреча" => BuiltinKind::Meeting,
        "отзыв" => BuiltinKind::Review,
        "рекомендация" => BuiltinKind::Referral,
        "обращение" | "тикет" | "ticket" => BuiltinKind::SupportTicket,
        "рассылка" | "campaign" => BuiltinKind::CampaignSent,
        _ => return v,
    };
    k.as_str().to_owned()
}
