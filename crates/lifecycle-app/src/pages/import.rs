//! The import wizard: a file in, a preview of how it reads, where each column
//! goes, a check of every row, and on confirmation one all-or-nothing write.
//! Every decision about the file is `lifecycle-io`'s; this page holds the
//! user's choices and shows the results.

use std::sync::Arc;

use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use lifecycle_io::csv::{self, CsvTable};
use lifecycle_io::encoding::Encoding;
use lifecycle_io::import::{
    self, Applied, DuplicatePolicy, ImportJob, ImportOptions, ImportPlan, ImportReport,
    PlanProgress, SkipReason, UnknownContacts,
};
use lifecycle_io::mapping::{
    ColumnMapping, DealOutcome, FieldType, FileKind, MappingReason, Target, field_key, infer_type,
};
use lifecycle_io::values::DateOrder;

use crate::BasePath;
use crate::browser;
use crate::i18n::{I18n, Lang, Tr, fill, fmt_int, use_tr};
use crate::state::{Workspace, use_workspace};
use crate::storage::use_db;

/// Rows planned between two repaints: a few milliseconds of work.
const ROWS_PER_STEP: usize = 2_000;
/// Rows of the file shown in the preview.
const PREVIEW_ROWS: usize = 10;
/// Errors and skipped rows listed in the report; the rest are counted.
const LISTED: usize = 100;
/// Deal statuses offered for mapping.
const MAX_STATUSES: usize = 60;

/// A text of the current language, chosen before the language is known.
type Label = fn(Tr) -> &'static str;

/// Where the wizard is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Step {
    Pick,
    Preview,
    Mapping,
    Check,
    Done,
}

/// The wizard's state, shared by its steps through context.
#[derive(Clone, Copy)]
struct Wizard {
    step: RwSignal<Step>,
    bytes: StoredValue<Option<Arc<Vec<u8>>>>,
    file_name: RwSignal<String>,
    file_size: RwSignal<usize>,
    options: RwSignal<ImportOptions>,
    table: RwSignal<Option<Arc<CsvTable>>>,
    preview: Memo<Option<import::Preview>>,
    /// Bumped to stop a running check.
    run: RwSignal<u32>,
    progress: RwSignal<Option<PlanProgress>>,
    plan: RwSignal<Option<Arc<ImportPlan>>>,
    accept_errors: RwSignal<bool>,
    applied: RwSignal<Option<Applied>>,
    busy: RwSignal<bool>,
    error: RwSignal<Option<String>>,
}

impl Wizard {
    fn new() -> Wizard {
        let table = RwSignal::new(None::<Arc<CsvTable>>);
        let options = RwSignal::new(ImportOptions::default());
        let preview = Memo::new(move |_| {
            table.with(|t| {
                t.as_ref()
                    .filter(|t| !t.header.is_empty())
                    .map(|t| options.with(|o| import::preview(t, o)))
            })
        });
        Wizard {
            step: RwSignal::new(Step::Pick),
            bytes: StoredValue::new(None),
            file_name: RwSignal::new(String::new()),
            file_size: RwSignal::new(0),
            options,
            table,
            preview,
            run: RwSignal::new(0),
            progress: RwSignal::new(None),
            plan: RwSignal::new(None),
            accept_errors: RwSignal::new(false),
            applied: RwSignal::new(None),
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
        }
    }

    /// A new file: read with everything detected.
    fn load(self, name: String, bytes: Vec<u8>) {
        self.file_name.set(name);
        self.file_size.set(bytes.len());
        self.bytes.set_value(Some(Arc::new(bytes)));
        self.options.set(ImportOptions::default());
        self.plan.set(None);
        self.applied.set(None);
        self.error.set(None);
        self.reread();
        self.step.set(Step::Preview);
    }

    /// Reads the file again with the current encoding and delimiter choices.
    fn reread(self) {
        let choices = self.options.with_untracked(|o| o.csv);
        let table = self
            .bytes
            .with_value(|b| b.as_ref().map(|b| Arc::new(csv::read(b, choices))));
        self.table.set(table);
    }

    fn set_encoding(self, encoding: Encoding) {
        self.options.update(|o| {
            o.csv.encoding = Some(encoding);
            o.mapping = None;
        });
        self.reread();
    }

    fn set_delimiter(self, delimiter: char) {
        self.options.update(|o| {
            o.csv.delimiter = Some(delimiter);
            o.mapping = None;
        });
        self.reread();
    }

    fn set_kind(self, kind: FileKind) {
        self.options.update(|o| {
            o.kind = Some(kind);
            o.mapping = None;
        });
    }

    /// The user's choice for one column; the other columns keep theirs.
    fn set_target(self, column: usize, target: Target) {
        let Some(mut mapping) = self.preview.get_untracked().map(|p| p.mapping) else {
            return;
        };
        if let Some(m) = mapping.iter_mut().find(|m| m.column == column) {
            m.target = target;
            m.reason = MappingReason::User;
        }
        self.options.update(|o| o.mapping = Some(mapping));
    }

    /// Plans the import in steps, showing progress; nothing is applied.
    fn check(self, current: Option<Arc<Workspace>>) {
        let Some(table) = self.table.get_untracked() else {
            return;
        };
        let options = self.options.get_untracked();
        let generation = self.run.get_untracked().wrapping_add(1);
        self.run.set(generation);
        self.plan.set(None);
        self.error.set(None);
        self.accept_errors.set(false);
        self.progress.set(Some(PlanProgress {
            rows_done: 0,
            rows_total: table.rows.len(),
            done: false,
        }));
        self.step.set(Step::Check);
        spawn_local(async move {
            // Let the progress bar paint before the first step.
            browser::next_tick().await;
            let (contacts, events) = current.map(|w| w.rows()).unwrap_or_default();
            let job = ImportJob::new((*table).clone(), options, &contacts, &events);
            drop(events);
            let mut job = match job {
                Ok(job) => job,
                Err(e) => {
                    let _ = self.error.try_set(Some(e.to_string()));
                    let _ = self.progress.try_set(None);
                    return;
                }
            };
            loop {
                let progress = job.step(&contacts, ROWS_PER_STEP);
                if self.progress.try_set(Some(progress)).is_some() {
                    return; // the page is gone
                }
                if progress.done {
                    break;
                }
                browser::next_tick().await;
                if self.run.try_get_untracked() != Some(generation) {
                    return; // cancelled
                }
            }
            let _ = self.plan.try_set(Some(Arc::new(job.finish())));
            let _ = self.progress.try_set(None);
        });
    }

    /// Stops a running check and goes back to the mapping.
    fn cancel_check(self) {
        self.run.update(|r| *r = r.wrapping_add(1));
        self.progress.set(None);
        self.step.set(Step::Mapping);
    }

    /// Drops the file and every choice; nothing was saved.
    fn reset(self) {
        self.run.update(|r| *r = r.wrapping_add(1));
        self.bytes.set_value(None);
        self.table.set(None);
        self.options.set(ImportOptions::default());
        self.progress.set(None);
        self.plan.set(None);
        self.applied.set(None);
        self.error.set(None);
        self.busy.set(false);
        self.step.set(Step::Pick);
    }

    fn use_context() -> Wizard {
        expect_context::<Wizard>()
    }
}

#[component]
pub fn Import() -> impl IntoView {
    let tr = use_tr();
    let wizard = Wizard::new();
    provide_context(wizard);
    on_cleanup(move || {
        let _ = wizard.run.try_update(|r| *r = r.wrapping_add(1));
    });
    view! {
        <div class="page-head">
            <div>
                <h1>{move || tr().import_title()}</h1>
                <p class="lead">{move || tr().import_lead()}</p>
            </div>
            <Show when=move || matches!(wizard.step.get(), Step::Preview | Step::Mapping | Step::Check)>
                <button type="button" class="btn" data-testid="cancel-import" on:click=move |_| wizard.reset()>
                    {move || tr().cancel_import()}
                </button>
            </Show>
        </div>
        <Steps />
        <div data-testid="import-wizard">
            {move || match wizard.step.get() {
                Step::Pick => view! { <PickStep /> }.into_any(),
                Step::Preview => view! { <PreviewStep /> }.into_any(),
                Step::Mapping => view! { <MappingStep /> }.into_any(),
                Step::Check => view! { <CheckStep /> }.into_any(),
                Step::Done => view! { <DoneStep /> }.into_any(),
            }}
        </div>
    }
}

/// The steps as a numbered line, the current one marked.
#[component]
fn Steps() -> impl IntoView {
    let tr = use_tr();
    let wizard = Wizard::use_context();
    let steps: [(Step, Label); 5] = [
        (Step::Pick, Tr::step_file),
        (Step::Preview, Tr::step_preview),
        (Step::Mapping, Tr::step_mapping),
        (Step::Check, Tr::step_check),
        (Step::Done, Tr::step_done),
    ];
    view! {
        <ol class="wizard-steps" data-testid="wizard-steps">
            {steps
                .into_iter()
                .enumerate()
                .map(|(i, (step, label))| {
                    view! {
                        <li
                            class=move || step_class(wizard.step.get(), step)
                            aria-current=move || (wizard.step.get() == step).then_some("step")
                        >
                            <span class="wizard-step-num" aria-hidden="true">{i + 1}</span>
                            <span>{move || label(tr())}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
}

/// The class of `step`'s marker when the wizard is at `current`.
fn step_class(current: Step, step: Step) -> &'static str {
    if current > step { "done" } else { "" }
}

/// Step 1: the drop zone, which is also the file picker.
#[component]
fn PickStep() -> impl IntoView {
    let tr = use_tr();
    let wizard = Wizard::use_context();
    let over = RwSignal::new(false);
    let reading = RwSignal::new(false);
    let read = move |file: web_sys::File| {
        reading.set(true);
        spawn_local(async move {
            match browser::read_file(file).await {
                Ok((name, bytes)) => wizard.load(name, bytes),
                Err(e) => {
                    let _ = wizard.error.try_set(Some(e));
                }
            }
            let _ = reading.try_set(false);
        });
    };
    let on_change = move |ev: ev::Event| {
        if let Some(file) = browser::chosen_file(&ev) {
            read(file);
        }
    };
    let on_drop = move |ev: ev::DragEvent| {
        ev.prevent_default();
        over.set(false);
        if let Some(file) = browser::dropped_file(&ev) {
            read(file);
        }
    };
    view! {
        <section class="card import-pick">
            <label
                class=move || if over.get() { "dropzone over" } else { "dropzone" }
                data-testid="import-drop"
                on:dragover=move |ev: ev::DragEvent| {
                    ev.prevent_default();
                    over.set(true);
                }
                on:dragleave=move |_| over.set(false)
                on:drop=on_drop
            >
                <input
                    type="file"
                    class="visually-hidden"
                    accept=".csv,.txt,.tsv,text/csv,text/plain"
                    data-testid="import-file"
                    on:change=on_change
                />
                <span class="dropzone-icon" aria-hidden="true"></span>
                <strong class="dropzone-title">{move || tr().drop_here()}</strong>
                <span class="muted">{move || tr().or_choose()}</span>
                <span class="btn primary dropzone-btn" aria-hidden="true">
                    {move || if reading.get() { tr().reading_file() } else { tr().choose_file() }}
                </span>
            </label>
            <p class="dropzone-hint">{move || tr().drop_hint()}</p>
            {move || wizard.error.get().map(|e| view! { <p class="notice error" role="alert">{e}</p> })}
        </section>
    }
}

fn encoding_key(e: Encoding) -> &'static str {
    match e {
        Encoding::Utf8 => "utf8",
        Encoding::Utf16Le => "utf16le",
        Encoding::Utf16Be => "utf16be",
        Encoding::Windows1251 => "windows1251",
    }
}

const ENCODINGS: [Encoding; 4] = [
    Encoding::Utf8,
    Encoding::Utf16Le,
    Encoding::Utf16Be,
    Encoding::Windows1251,
];

fn delimiter_label(d: char, tr: Tr) -> String {
    match d {
        ',' => tr.delim_comma().to_owned(),
        ';' => tr.delim_semicolon().to_owned(),
        '\t' => tr.delim_tab().to_owned(),
        '|' => tr.delim_pipe().to_owned(),
        other => other.to_string(),
    }
}

fn kind_key(kind: FileKind) -> &'static str {
    match kind {
        FileKind::Contacts => "contacts",
        FileKind::Events => "events",
        FileKind::Deals => "deals",
    }
}

fn kind_label(kind: FileKind, tr: Tr) -> &'static str {
    match kind {
        FileKind::Contacts => tr.kind_contacts(),
        FileKind::Events => tr.kind_events(),
        FileKind::Deals => tr.kind_deals(),
    }
}

/// A file size in kilobytes, as the language writes it.
fn fmt_kb(bytes: usize, lang: Lang, tr: Tr) -> String {
    format!(
        "{}\u{a0}{}",
        fmt_int(bytes.div_ceil(1024) as i64, lang),
        tr.size_kb()
    )
}

/// Step 2: how the file reads, with every guess changeable.
#[component]
fn PreviewStep() -> impl IntoView {
    let tr = use_tr();
    let I18n(lang) = expect_context::<I18n>();
    let wizard = Wizard::use_context();
    let table = move || wizard.table.get();
    let how = move |forced: bool| {
        if forced {
            tr().chosen()
        } else {
            tr().detected()
        }
    };
    let facts = move || {
        table().map(|t| {
            let lang = lang.get();
            format!(
                "{} · {} {} · {} {}",
                fmt_kb(wizard.file_size.get(), lang, tr()),
                fmt_int(t.rows.len() as i64, lang),
                tr().rows_in_file(),
                fmt_int(t.header.len() as i64, lang),
                tr().columns_in_file(),
            )
        })
    };
    view! {
        <section class="card">
            <div class="file-line">
                <span class="file-icon" aria-hidden="true"></span>
                <div>
                    <strong data-testid="import-file-name">{move || wizard.file_name.get()}</strong>
                    <p class="muted small">{facts}</p>
                </div>
            </div>
            <div class="import-settings">
                <label class="field">
                    <span>{move || tr().encoding()}</span>
                    <select
                        data-testid="import-encoding"
                        prop:value=move || table().map(|t| encoding_key(t.encoding.encoding)).unwrap_or_default()
                        on:change=move |ev| {
                            let key = event_target_value(&ev);
                            if let Some(e) = ENCODINGS.into_iter().find(|e| encoding_key(*e) == key) {
                                wizard.set_encoding(e);
                            }
                        }
                    >
                        {ENCODINGS
                            .into_iter()
                            .map(|e| view! { <option value=encoding_key(e)>{e.label()}</option> })
                            .collect_view()}
                    </select>
                    <small class="muted" data-testid="detected-encoding">
                        {move || table().map(|t| format!("{}: {}", how(t.encoding_forced), t.encoding.encoding.label()))}
                    </small>
                </label>
                <label class="field">
                    <span>{move || tr().delimiter()}</span>
                    <select
                        data-testid="import-delimiter"
                        prop:value=move || table().map(|t| t.delimiter.to_string()).unwrap_or_default()
                        on:change=move |ev| {
                            if let Some(d) = event_target_value(&ev).chars().next() {
                                wizard.set_delimiter(d);
                            }
                        }
                    >
                        {move || csv::DELIMITERS
                            .into_iter()
                            .map(|d| view! { <option value=d.to_string()>{delimiter_label(d, tr())}</option> })
                            .collect_view()}
                    </select>
                    <small class="muted" data-testid="detected-delimiter">
                        {move || table().map(|t| format!("{}: {}", how(t.delimiter_forced), delimiter_label(t.delimiter, tr())))}
                    </small>
                </label>
                <label class="field">
                    <span>{move || tr().file_kind()}</span>
                    <select
                        data-testid="import-kind"
                        prop:value=move || wizard.preview.get().map(|p| kind_key(p.kind)).unwrap_or_default()
                        on:change=move |ev| {
                            let key = event_target_value(&ev);
                            if let Some(k) = [FileKind::Contacts, FileKind::Events, FileKind::Deals]
                                .into_iter()
                                .find(|k| kind_key(*k) == key)
                            {
                                wizard.set_kind(k);
                            }
                        }
                    >
                        {move || [FileKind::Contacts, FileKind::Events, FileKind::Deals]
                            .into_iter()
                            .map(|k| view! { <option value=kind_key(k)>{kind_label(k, tr())}</option> })
                            .collect_view()}
                    </select>
                    <small class="muted">
                        {move || {
                            let forced = wizard.options.with(|o| o.kind.is_some());
                            wizard.preview.get().map(|p| format!("{}: {}", how(forced), kind_label(p.kind, tr())))
                        }}
                    </small>
                </label>
            </div>
            {move || table().filter(|t| t.replaced_chars > 0).map(|t| view! {
                <p class="notice warn" data-testid="replaced-chars">
                    {fmt_int(t.replaced_chars as i64, lang.get())} " " {tr().replaced_chars()}
                </p>
            })}
            {move || {
                table().filter(|t| !t.errors.is_empty()).map(|t| {
                    let rows: std::collections::BTreeSet<u32> = t.errors.iter().map(csv::CsvError::row).collect();
                    view! {
                        <p class="notice warn">{fmt_int(rows.len() as i64, lang.get())} " " {tr().malformed_rows()}</p>
                    }
                })
            }}
        </section>
        <section class="card table-scroll-card">
            <h2>{move || tr().first_rows()}</h2>
            {move || match table() {
                Some(t) if !t.header.is_empty() => view! { <PreviewTable table=t /> }.into_any(),
                _ => view! { <p class="notice error" data-testid="empty-file">{move || tr().empty_file()}</p> }.into_any(),
            }}
        </section>
        <div class="wizard-actions">
            <button type="button" class="btn" on:click=move |_| wizard.reset()>{move || tr().back()}</button>
            <button
                type="button"
                class="btn primary"
                data-testid="to-mapping"
                disabled=move || wizard.preview.with(Option::is_none)
                on:click=move |_| wizard.step.set(Step::Mapping)
            >
                {move || tr().next_mapping()}
            </button>
        </div>
    }
}

/// The header and the first rows, as text.
#[component]
fn PreviewTable(table: Arc<CsvTable>) -> impl IntoView {
    let header = table.header.clone();
    let rows: Vec<(u32, Vec<String>)> = table
        .rows
        .iter()
        .take(PREVIEW_ROWS)
        .map(|r| (r.row, r.fields.clone()))
        .collect();
    let width = header.len();
    view! {
        <div class="table-scroll">
            <table class="table compact" data-testid="preview-table">
                <thead>
                    <tr>
                        <th class="num">"#"</th>
                        {header.into_iter().map(|h| { let title = h.clone(); view! { <th title=title>{h}</th> } }).collect_view()}
                    </tr>
                </thead>
                <tbody>
                    {rows
                        .into_iter()
                        .map(|(row, mut fields)| {
                            fields.resize(width.max(fields.len()), String::new());
                            view! {
                                <tr>
                                    <td class="num muted">{row}</td>
                                    {fields.into_iter().map(|f| { let title = f.clone(); view! { <td title=title>{f}</td> } }).collect_view()}
                                </tr>
                            }
                        })
                        .collect_view()}
                </tbody>
            </table>
        </div>
    }
}

/// The targets a column can be given, by their `<option>` value.
const SIMPLE_TARGETS: [(&str, Target); 19] = [
    ("id", Target::Id),
    ("name", Target::Name),
    ("first_name", Target::FirstName),
    ("last_name", Target::LastName),
    ("company", Target::Company),
    ("email", Target::Email),
    ("phone", Target::Phone),
    ("source", Target::Source),
    ("owner", Target::Owner),
    ("tags", Target::Tags),
    ("created", Target::Created),
    ("date", Target::Date),
    ("time", Target::Time),
    ("kind", Target::Kind),
    ("amount", Target::Amount),
    ("score", Target::Score),
    ("channel", Target::Channel),
    ("note", Target::Note),
    ("status", Target::Status),
];

fn target_key(target: &Target) -> &'static str {
    match target {
        Target::Custom { .. } => "custom",
        Target::Ignore => "ignore",
        t => SIMPLE_TARGETS
            .iter()
            .find(|(_, s)| s == t)
            .map_or("ignore", |(k, _)| k),
    }
}

fn target_label(key: &str, tr: Tr) -> &'static str {
    match key {
        "id" => tr.target_id(),
        "name" => tr.target_name(),
        "first_name" => tr.target_first_name(),
        "last_name" => tr.target_last_name(),
        "company" => tr.target_company(),
        "email" => tr.target_email(),
        "phone" => tr.target_phone(),
        "source" => tr.target_source(),
        "owner" => tr.target_owner(),
        "tags" => tr.target_tags(),
        "created" => tr.target_created(),
        "date" => tr.target_date(),
        "time" => tr.target_time(),
        "kind" => tr.target_kind(),
        "amount" => tr.target_amount(),
        "score" => tr.target_score(),
        "channel" => tr.target_channel(),
        "note" => tr.target_note(),
        "status" => tr.target_status(),
        "custom" => tr.target_custom(),
        _ => tr.target_ignore(),
    }
}

const FIELD_TYPES: [FieldType; 4] = [
    FieldType::Text,
    FieldType::Number,
    FieldType::Bool,
    FieldType::Date,
];

fn type_label(ty: FieldType, tr: Tr) -> &'static str {
    match ty {
        FieldType::Text => tr.type_text(),
        FieldType::Number => tr.type_number(),
        FieldType::Bool => tr.type_bool(),
        FieldType::Date => tr.type_date(),
    }
}

fn reason_label(reason: MappingReason, tr: Tr) -> &'static str {
    match reason {
        MappingReason::Known => tr.reason_known(),
        MappingReason::Similar => tr.reason_similar(),
        MappingReason::CustomField => tr.reason_custom(),
        MappingReason::Unmapped => "",
        MappingReason::User => tr.reason_user(),
    }
}

/// Step 3: one row per column, deal statuses, and the policies.
#[component]
fn MappingStep() -> impl IntoView {
    let tr = use_tr();
    let wizard = Wizard::use_context();
    let workspace = use_workspace().0;
    let mapping = move || wizard.preview.get().map(|p| p.mapping).unwrap_or_default();
    let is_deals = move || {
        wizard
            .preview
            .with(|p| p.as_ref().is_some_and(|p| p.kind == FileKind::Deals))
    };
    view! {
        <section class="card table-scroll-card">
            <h2>{move || tr().mapping_title()}</h2>
            <p class="caption">{move || tr().mapping_caption()}</p>
            <div class="table-scroll">
                <table class="table mapping" data-testid="mapping-table">
                    <thead>
                        <tr>
                            <th>{move || tr().col_column()}</th>
                            <th>{move || tr().col_samples()}</th>
                            <th>{move || tr().col_target()}</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=mapping key=|m| format!("{}:{:?}:{:?}", m.column, m.target, m.reason) let:m>
                            <MappingRow mapping=m />
                        </For>
                    </tbody>
                </table>
            </div>
        </section>
        <Show when=is_deals>
            <StatusCard />
        </Show>
        <DateOrderCard />
        <section class="card" data-testid="policies">
            <h2>{move || tr().policies_title()}</h2>
            <div class="import-settings">
                <label class="field">
                    <span>{move || tr().duplicates()}</span>
                    <select
                        data-testid="policy-duplicates"
                        prop:value=move || match wizard.options.with(|o| o.duplicates) {
                            DuplicatePolicy::Skip => "skip",
                            DuplicatePolicy::Update => "update",
                            DuplicatePolicy::KeepBoth => "keep_both",
                        }
                        on:change=move |ev| {
                            let policy = match event_target_value(&ev).as_str() {
                                "update" => DuplicatePolicy::Update,
                                "keep_both" => DuplicatePolicy::KeepBoth,
                                _ => DuplicatePolicy::Skip,
                            };
                            wizard.options.update(|o| o.duplicates = policy);
                        }
                    >
                        <option value="skip">{move || tr().dup_skip()}</option>
                        <option value="update">{move || tr().dup_update()}</option>
                        <option value="keep_both">{move || tr().dup_keep_both()}</option>
                    </select>
                </label>
                <label class="field">
                    <span>{move || tr().unknown_contacts()}</span>
                    <select
                        data-testid="policy-unknown"
                        prop:value=move || match wizard.options.with(|o| o.unknown_contacts) {
                            UnknownContacts::Create => "create",
                            UnknownContacts::Report => "report",
                        }
                        on:change=move |ev| {
                            let policy = match event_target_value(&ev).as_str() {
                                "report" => UnknownContacts::Report,
                                _ => UnknownContacts::Create,
                            };
                            wizard.options.update(|o| o.unknown_contacts = policy);
                        }
                    >
                        <option value="create">{move || tr().unknown_create()}</option>
                        <option value="report">{move || tr().unknown_report()}</option>
                    </select>
                </label>
            </div>
        </section>
        <div class="wizard-actions">
            <button type="button" class="btn" on:click=move |_| wizard.step.set(Step::Preview)>{move || tr().back()}</button>
            <button
                type="button"
                class="btn primary"
                data-testid="to-check"
                on:click=move |_| wizard.check(workspace.get_untracked())
            >
                {move || tr().next_check()}
            </button>
        </div>
    }
}

/// One column: its header, a few values, and where it goes.
#[component]
fn MappingRow(mapping: ColumnMapping) -> impl IntoView {
    let tr = use_tr();
    let wizard = Wizard::use_context();
    let column = mapping.column;
    let header = mapping.header.clone();
    let samples = wizard.table.with_untracked(|t| {
        t.as_ref()
            .map(|t| {
                t.distinct_values(column, 3)
                    .into_iter()
                    .map(|(v, _)| v)
                    .collect::<Vec<_>>()
            })
            .unwrap_or_default()
    });
    let key = target_key(&mapping.target);
    let custom_type = match &mapping.target {
        Target::Custom { ty, .. } => Some(*ty),
        _ => None,
    };
    let custom_name = match &mapping.target {
        Target::Custom { name, .. } => name.clone(),
        _ => field_key(&header, column),
    };
    let on_target = {
        let header = header.clone();
        move |ev: ev::Event| {
            let key = event_target_value(&ev);
            let target = match key.as_str() {
                "custom" => {
                    let ty = wizard.table.with_untracked(|t| {
                        t.as_ref().map_or(FieldType::Text, |t| {
                            let values: Vec<&str> = t
                                .rows
                                .iter()
                                .take(200)
                                .map(|r| r.fields.get(column).map_or("", String::as_str))
                                .collect();
                            infer_type(&values)
                        })
                    });
                    Target::Custom {
                        name: field_key(&header, column),
                        ty,
                    }
                }
                k => SIMPLE_TARGETS
                    .iter()
                    .find(|(s, _)| *s == k)
                    .map_or(Target::Ignore, |(_, t)| t.clone()),
            };
            wizard.set_target(column, target);
        }
    };
    let on_type = move |ev: ev::Event| {
        if let Some(ty) = FieldType::parse(&event_target_value(&ev)) {
            wizard.set_target(
                column,
                Target::Custom {
                    name: custom_name.clone(),
                    ty,
                },
            );
        }
    };
    let reason = mapping.reason;
    view! {
        <tr data-testid="mapping-row" class=if key == "ignore" { "ignored" } else { "" }>
            <td>
                <div class="mapping-header">
                    <strong>{header.clone()}</strong>
                    {move || {
                        let text = reason_label(reason, tr());
                        (!text.is_empty()).then(|| view! { <span class="chip">{text}</span> })
                    }}
                </div>
            </td>
            <td class="samples">
                {samples.into_iter().map(|s| { let title = s.clone(); view! { <span class="sample" title=title>{s}</span> } }).collect_view()}
            </td>
            <td>
                <div class="target-pick">
                    <select
                        aria-label=header.clone()
                        data-testid=format!("target-{column}")
                        prop:value=key
                        on:change=on_target
                    >
                        {move || {
                            SIMPLE_TARGETS
                                .iter()
                                .map(|(k, _)| *k)
                                .chain(["custom", "ignore"])
                                .map(|k| view! { <option value=k>{target_label(k, tr())}</option> })
                                .collect_view()
                        }}
                    </select>
                    {custom_type.map(|ty| view! {
                        <select
                            aria-label=move || tr().col_type()
                            data-testid=format!("type-{column}")
                            prop:value=ty.as_str()
                            on:change=on_type
                        >
                            {move || FIELD_TYPES
                                .into_iter()
                                .map(|t| view! { <option value=t.as_str()>{type_label(t, tr())}</option> })
                                .collect_view()}
                        </select>
                    })}
                </div>
            </td>
        </tr>
    }
}

/// The day/month order of date columns written with slashes, when a file has them.
#[component]
fn DateOrderCard() -> impl IntoView {
    let tr = use_tr();
    let wizard = Wizard::use_context();
    let columns = move || {
        wizard
            .preview
            .with(|p| p.as_ref().map(|p| p.date_columns.clone()))
            .unwrap_or_default()
    };
    let order_label = move |order: DateOrder| match order {
        DateOrder::DayFirst => tr().date_day_first(),
        DateOrder::MonthFirst => tr().date_month_first(),
    };
    view! {
        <Show when=move || !columns().is_empty()>
            <section class="card" data-testid="date-order">
                <h2>{move || tr().date_order_title()}</h2>
                <p class="caption">{move || tr().date_order_caption()}</p>
                <ul class="date-columns">
                    {move || columns()
                        .into_iter()
                        .map(|d| {
                            let note = if d.guess.conflicting {
                                Some(tr().date_conflicting())
                            } else if d.guess.needs_confirmation {
                                Some(tr().date_to_confirm())
                            } else {
                                None
                            };
                            view! {
                                <li>
                                    <strong>{d.header}</strong>
                                    <span class="muted">{order_label(d.guess.order)}</span>
                                    {note.map(|n| view! { <span class="chip warn">{n}</span> })}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                <label class="field">
                    <span>{move || tr().date_order_label()}</span>
                    <select
                        data-testid="date-order-select"
                        prop:value=move || match wizard.options.with(|o| o.date_order) {
                            None => "auto",
                            Some(DateOrder::DayFirst) => "day",
                            Some(DateOrder::MonthFirst) => "month",
                        }
                        on:change=move |ev| {
                            let order = match event_target_value(&ev).as_str() {
                                "day" => Some(DateOrder::DayFirst),
                                "month" => Some(DateOrder::MonthFirst),
                                _ => None,
                            };
                            wizard.options.update(|o| o.date_order = order);
                        }
                    >
                        <option value="auto">{move || tr().date_auto()}</option>
                        <option value="day">{move || tr().date_day_first()}</option>
                        <option value="month">{move || tr().date_month_first()}</option>
                    </select>
                </label>
            </section>
        </Show>
    }
}

/// The statuses a deals file uses, each mapped to won, lost or open.
#[component]
fn StatusCard() -> impl IntoView {
    let tr = use_tr();
    let I18n(lang) = expect_context::<I18n>();
    let wizard = Wizard::use_context();
    let statuses = move || {
        let column = wizard.preview.with(|p| {
            p.as_ref()
                .and_then(|p| p.mapping.iter().find(|m| m.target == Target::Status))
                .map(|m| m.column)
        })?;
        wizard
            .table
            .with(|t| t.as_ref().map(|t| t.distinct_values(column, MAX_STATUSES)))
    };
    view! {
        <section class="card" data-testid="statuses">
            <h2>{move || tr().statuses_title()}</h2>
            <p class="caption">{move || tr().statuses_caption()}</p>
            {move || match statuses() {
                None => view! { <p class="muted">{move || tr().no_status_column()}</p> }.into_any(),
                Some(list) => view! {
                    <table class="table statuses">
                        <thead>
                            <tr>
                                <th>{move || tr().col_status()}</th>
                                <th class="num">{move || tr().col_deal_count()}</th>
                                <th>{move || tr().col_meaning()}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {list.into_iter().map(|(status, count)| {
                                let outcome = {
                                    let status = status.clone();
                                    move || wizard.options.with(|o| o.statuses.outcome(&status))
                                };
                                let set = {
                                    let status = status.clone();
                                    move |ev: ev::Event| {
                                        let outcome = match event_target_value(&ev).as_str() {
                                            "won" => DealOutcome::Won,
                                            "lost" => DealOutcome::Lost,
                                            _ => DealOutcome::Open,
                                        };
                                        wizard.options.update(|o| o.statuses.set(&status, outcome));
                                    }
                                };
                                let key = {
                                    let outcome = outcome.clone();
                                    move || match outcome() {
                                        DealOutcome::Won => "won",
                                        DealOutcome::Lost => "lost",
                                        DealOutcome::Open => "open",
                                    }
                                };
                                view! {
                                    <tr data-testid="status-row">
                                        <td>
                                            <span class={ let key = key.clone(); move || format!("outcome-dot {}", key()) } aria-hidden="true"></span>
                                            {status.clone()}
                                        </td>
                                        <td class="num">{move || fmt_int(count as i64, lang.get())}</td>
                                        <td>
                                            <select aria-label=status.clone() prop:value=key on:change=set>
                                                <option value="won">{move || tr().outcome_won()}</option>
                                                <option value="lost">{move || tr().outcome_lost()}</option>
                                                <option value="open">{move || tr().outcome_open()}</option>
                                            </select>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }
                .into_any(),
            }}
        </section>
    }
}

/// Step 4: the check with its progress, then the report and the confirmation.
#[component]
fn CheckStep() -> impl IntoView {
    let tr = use_tr();
    let I18n(lang) = expect_context::<I18n>();
    let wizard = Wizard::use_context();
    let workspace = use_workspace();
    let db = use_db();
    let confirm = move |_| {
        let Some(plan) = wizard.plan.get_untracked() else {
            return;
        };
        let accept = wizard.accept_errors.get_untracked();
        let name = wizard.file_name.get_untracked();
        wizard.busy.set(true);
        wizard.error.set(None);
        spawn_local(async move {
            // Let the button repaint as busy before the work starts.
            browser::next_tick().await;
            let rows = plan.report.rows_read;
            let current = workspace.0.get_untracked();
            let result = match Workspace::with_import(
                current.as_deref(),
                (*plan).clone(),
                accept,
                browser::today(),
            ) {
                Ok((next, applied)) => {
                    let journal = format!(
                        "import of {name}: {rows} rows, {} contacts added, {} updated, {} events added",
                        applied.contacts_added, applied.contacts_updated, applied.events_added
                    );
                    db.save(next, &journal, workspace).await.map(|()| applied)
                }
                Err(e) => Err(e),
            };
            let _ = wizard.busy.try_set(false);
            match result {
                Ok(applied) => {
                    let _ = wizard.applied.try_set(Some(applied));
                    let _ = wizard.step.try_set(Step::Done);
                }
                Err(e) => {
                    let _ = wizard.error.try_set(Some(e));
                }
            }
        });
    };
    let running = move || {
        wizard
            .progress
            .get()
            .filter(|p| !p.done || wizard.plan.with(Option::is_none))
    };
    let share = move || {
        running().map_or(0.0, |p| {
            if p.rows_total == 0 {
                0.0
            } else {
                p.rows_done as f64 / p.rows_total as f64
            }
        })
    };
    let has_errors = move || {
        wizard
            .plan
            .with(|p| p.as_ref().is_some_and(|p| p.report.rows_with_errors > 0))
    };
    let can_confirm = move || {
        wizard.plan.with(Option::is_some)
            && !wizard.busy.get()
            && (!has_errors() || wizard.accept_errors.get())
    };
    view! {
        <Show when=move || running().is_some()>
            <section class="card check-progress" data-testid="check-progress">
                <h2>{move || tr().checking()}</h2>
                <div
                    class="progress"
                    role="progressbar"
                    aria-valuemin="0"
                    aria-valuemax=move || running().map(|p| p.rows_total.to_string())
                    aria-valuenow=move || running().map(|p| p.rows_done.to_string())
                >
                    <span class="progress-bar" style:width=move || format!("{:.1}%", share() * 100.0)></span>
                </div>
                <div class="progress-line">
                    <span class="muted" data-testid="check-progress-text">
                        {move || running().map(|p| {
                            let lang = lang.get();
                            format!(
                                "{} {} {} {}",
                                fmt_int(p.rows_done as i64, lang),
                                tr().checked_of(),
                                fmt_int(p.rows_total as i64, lang),
                                tr().rows_in_file(),
                            )
                        })}
                    </span>
                    <button type="button" class="btn" data-testid="check-cancel" on:click=move |_| wizard.cancel_check()>
                        {move || tr().cancel()}
                    </button>
                </div>
            </section>
        </Show>
        {move || wizard.plan.get().map(|plan| view! {
            <section class="card" data-testid="check-report">
                <div class="report-head">
                    <h2>{move || tr().check_title()}</h2>
                    <span class="chip">{move || tr().nothing_applied()}</span>
                </div>
                <ReportSummary report=plan.report.clone() done=false />
            </section>
            <ReportDetails report=plan.report.clone() />
            <section class="card confirm-card">
                <Show when=has_errors>
                    <label class="check-line">
                        <input
                            type="checkbox"
                            data-testid="accept-errors"
                            prop:checked=move || wizard.accept_errors.get()
                            on:change=move |ev| wizard.accept_errors.set(event_target_checked(&ev))
                        />
                        <span>
                            {move || tr().accept_errors()} " ("
                            {move || wizard.plan.with(|p| p.as_ref().map(|p| fmt_int(p.report.rows_with_errors as i64, lang.get())))}
                            ")"
                        </span>
                    </label>
                    <Show when=move || !wizard.accept_errors.get()>
                        <p class="muted small" data-testid="must-accept">{move || tr().must_accept()}</p>
                    </Show>
                </Show>
                <div class="wizard-actions">
                    <button type="button" class="btn" data-testid="back-to-mapping" on:click=move |_| wizard.step.set(Step::Mapping)>
                        {move || tr().back()}
                    </button>
                    <button
                        type="button"
                        class="btn primary confirm"
                        data-testid="confirm-import"
                        disabled=move || !can_confirm()
                        on:click=confirm
                    >
                        {move || if wizard.busy.get() { tr().importing() } else { tr().confirm_import() }}
                    </button>
                </div>
            </section>
        })}
        {move || wizard.error.get().map(|e| view! {
            <section class="card">
                <p class="notice error" role="alert" data-testid="check-error">{e}</p>
                <div class="wizard-actions">
                    <button type="button" class="btn" on:click=move |_| wizard.step.set(Step::Mapping)>{move || tr().back()}</button>
                </div>
            </section>
        })}
    }
}

/// Step 5: what was saved, reconciled with the rows read.
#[component]
fn DoneStep() -> impl IntoView {
    let tr = use_tr();
    let I18n(lang) = expect_context::<I18n>();
    let wizard = Wizard::use_context();
    let workspace = use_workspace().0;
    let base = expect_context::<BasePath>();
    let applied = move || wizard.applied.get();
    let total = move || workspace.with(|w| w.as_ref().map_or(0, |w| w.contact_count()));
    view! {
        <section class="card done-card" data-testid="import-done">
            <div class="done-head">
                <span class="done-mark" aria-hidden="true"></span>
                <div>
                    <h2>{move || tr().done_title()}</h2>
                    <p class="muted" data-testid="done-total">
                        {move || tr().done_lead()} " "
                        <strong>{move || fmt_int(total() as i64, lang.get())}</strong> " " {move || tr().contacts_total()}
                    </p>
                </div>
            </div>
            {move || wizard.plan.get().map(|plan| view! { <ReportSummary report=plan.report.clone() done=true /> })}
            {move || applied().map(|a| view! {
                <ul class="applied" data-testid="applied">
                    <li><strong>{fmt_int(a.contacts_added as i64, lang.get())}</strong> " " {tr().contacts_added()}</li>
                    <li><strong>{fmt_int(a.contacts_updated as i64, lang.get())}</strong> " " {tr().contacts_updated()}</li>
                    <li><strong>{fmt_int(a.events_added as i64, lang.get())}</strong> " " {tr().events_added()}</li>
                </ul>
            })}
            <div class="wizard-actions start">
                <A href=base.href("/") attr:class="btn primary" attr:data-testid="done-dashboard">{move || tr().to_dashboard()}</A>
                <A href=base.href("/contacts") attr:class="btn" attr:data-testid="done-contacts">{move || tr().to_contacts()}</A>
                <button type="button" class="btn" data-testid="import-another" on:click=move |_| wizard.reset()>
                    {move || tr().import_another()}
                </button>
            </div>
        </section>
    }
}

/// The counts: rows read = added + updated + skipped + with errors.
#[component]
fn ReportSummary(report: ImportReport, done: bool) -> impl IntoView {
    let tr = use_tr();
    let I18n(lang) = expect_context::<I18n>();
    let balances = report.balances();
    let cells: [(&str, Label, usize, &str); 5] = [
        ("read", Tr::rows_read, report.rows_read, ""),
        (
            "added",
            if done { Tr::added_done } else { Tr::rows_added },
            report.rows_added,
            "ok",
        ),
        (
            "updated",
            if done {
                Tr::updated_done
            } else {
                Tr::rows_updated
            },
            report.rows_updated,
            "ok",
        ),
        ("skipped", Tr::rows_skipped, report.skipped.len(), ""),
        (
            "errors",
            if done { Tr::left_out } else { Tr::rows_errors },
            report.rows_with_errors,
            "bad",
        ),
    ];
    let numbers = [
        report.rows_read,
        report.rows_added,
        report.rows_updated,
        report.skipped.len(),
        report.rows_with_errors,
    ];
    let created = report.contacts_created;
    view! {
        <div class="stats" data-testid="report-summary">
            {cells
                .into_iter()
                .enumerate()
                .map(|(i, (id, label, value, tone))| {
                    let class = format!("stat {tone}{}", if value == 0 && i > 0 { " zero" } else { "" });
                    view! {
                        {(i > 0).then(|| view! { <span class="stat-op" aria-hidden="true">{if i == 1 { "=" } else { "+" }}</span> })}
                        <div class=class data-testid=format!("report-{id}")>
                            <span class="stat-value">{move || fmt_int(value as i64, lang.get())}</span>
                            <span class="stat-label">{move || label(tr())}</span>
                        </div>
                    }
                })
                .collect_view()}
        </div>
        <p class=if balances { "balance ok" } else { "balance bad" } data-testid="report-balance">
            {move || {
                let lang = lang.get();
                let n: Vec<String> = numbers.iter().map(|n| fmt_int(*n as i64, lang)).collect();
                format!(
                    "{} = {} + {} + {} + {}: {}",
                    n[0], n[1], n[2], n[3], n[4],
                    if balances { tr().balance_ok() } else { tr().balance_bad() },
                )
            }}
        </p>
        {(created > 0 && !done).then(|| view! {
            <p class="muted small">{move || fmt_int(created as i64, lang.get())} " " {move || tr().contacts_created()}</p>
        })}
    }
}

/// A skip reason in the current language.
fn skip_text(reason: &SkipReason, tr: Tr) -> String {
    match reason {
        SkipReason::EmptyRow => tr.skip_empty().to_owned(),
        SkipReason::DuplicateInFile { id, first_row } => fill(
            tr.skip_dup_file(),
            &[("id", id), ("row", &first_row.to_string())],
        ),
        SkipReason::AlreadyInBase { id } => fill(tr.skip_in_base(), &[("id", id)]),
        SkipReason::DuplicateEvent => tr.skip_dup_event().to_owned(),
        SkipReason::OpenDeal { status } => fill(tr.skip_open_deal(), &[("status", status)]),
        SkipReason::UnknownContact { contact } => fill(tr.skip_unknown(), &[("contact", contact)]),
    }
}

/// "Showing the first 100 of 2,345", when the list is cut.
fn listed_note(total: usize, tr: Tr, lang: Lang) -> Option<String> {
    (total > LISTED).then(|| {
        format!(
            "{} {} {} {}",
            tr.shown_first(),
            fmt_int(LISTED as i64, lang),
            tr.checked_of(),
            fmt_int(total as i64, lang)
        )
    })
}

/// The rows with errors and the skipped rows, the first of each listed.
#[component]
fn ReportDetails(report: ImportReport) -> impl IntoView {
    let tr = use_tr();
    let I18n(lang) = expect_context::<I18n>();
    let error_total = report.errors.len();
    let errors: Vec<_> = report.errors.into_iter().take(LISTED).collect();
    let skipped_total = report.skipped.len();
    let skipped: Vec<_> = report.skipped.into_iter().take(LISTED).collect();
    let warnings = report.warnings.len();
    view! {
        {(!errors.is_empty()).then(|| view! {
            <section class="card table-scroll-card report-errors" data-testid="errors">
                <h2>{move || tr().errors_title()} <span class="count-chip bad">{move || fmt_int(error_total as i64, lang.get())}</span></h2>
                <p class="caption">{move || tr().errors_caption()}</p>
                <div class="table-scroll">
                    <table class="table compact" data-testid="errors-table">
                        <thead>
                            <tr>
                                <th class="num row-col">{move || tr().col_row()}</th>
                                <th>{move || tr().col_column()}</th>
                                <th>{move || tr().col_value()}</th>
                                <th>{move || tr().col_problem()}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {errors.into_iter().map(|e| view! {
                                <tr data-testid="error-row">
                                    <td class="num">{e.row}</td>
                                    <td>{e.column.unwrap_or_default()}</td>
                                    <td><code class="value">{e.value}</code></td>
                                    <td class="message">{e.message}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                {move || listed_note(error_total, tr(), lang.get()).map(|n| view! { <p class="footnote">{n}</p> })}
            </section>
        })}
        {(!skipped.is_empty()).then(|| view! {
            <section class="card table-scroll-card" data-testid="skipped">
                <h2>{move || tr().skipped_title()} <span class="count-chip">{move || fmt_int(skipped_total as i64, lang.get())}</span></h2>
                <div class="table-scroll">
                    <table class="table compact" data-testid="skipped-table">
                        <thead>
                            <tr>
                                <th class="num row-col">{move || tr().col_row()}</th>
                                <th>{move || tr().col_reason()}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {skipped.into_iter().map(|s| {
                                let reason = s.reason;
                                view! {
                                    <tr data-testid="skipped-row">
                                        <td class="num">{s.row}</td>
                                        <td>{move || skip_text(&reason, tr())}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
                {move || listed_note(skipped_total, tr(), lang.get()).map(|n| view! { <p class="footnote">{n}</p> })}
            </section>
        })}
        {(warnings > 0).then(|| view! {
            <p class="muted small warnings-note">{move || fmt_int(warnings as i64, lang.get())} " " {move || tr().warnings_note()}</p>
        })}
    }
}
