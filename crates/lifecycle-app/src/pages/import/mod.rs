//! The import wizard: a file in, a preview of how it reads, where each column
//! goes, a check of every row, and on confirmation one all-or-nothing write.
//! Every decision about the file is `lifecycle-io`'s; this page holds the
//! user's choices and shows the results.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use lifecycle_core::Contact;
use lifecycle_io::csv::{CsvOptions, CsvReader, CsvTable, SAMPLE_ROWS};
use lifecycle_io::encoding::Encoding;
use lifecycle_io::import::{self, Applied, ImportJob, ImportOptions, ImportPlan, PlanProgress};
use lifecycle_io::mapping::{FileKind, MappingReason, Target};

use crate::browser;
use crate::components::shell::page_title;
use crate::i18n::{Tr, use_tr};
use crate::state::Workspace;

mod check;
mod mapping;
mod pick;
mod preview;
mod report;

use check::{CheckStep, DoneStep};
use mapping::MappingStep;
use pick::PickStep;
use preview::PreviewStep;

/// Rows planned between two repaints: a few milliseconds of work.
const ROWS_PER_STEP: usize = 2_000;
/// Events of the base (or at most `BASE_CONTACTS_PER_STEP` contacts) read
/// into the check's look-ups between two repaints: a few milliseconds of
/// work (with steps twice as large, tasks of 55-75 ms were seen while
/// checking into a 100,000-contact base on a busy machine).
const BASE_EVENTS_PER_STEP: usize = 10_000;
const BASE_CONTACTS_PER_STEP: usize = 2_500;
/// Bytes of the file read, decoded and parsed between two repaints: about
/// 10-30 ms of work in a release build. The first slice also decides the
/// encoding and the delimiter (from its first `csv::SAMPLE_BYTES`).
const READ_SLICE_BYTES: u64 = 2 * 1024 * 1024;
/// Rows of the file shown in the preview.
const PREVIEW_ROWS: usize = 10;
/// Errors and skipped rows listed in the report; the rest are counted.
const LISTED: usize = 100;
/// Deal statuses offered for mapping.
const MAX_STATUSES: usize = 60;

/// A value a view reads, type-erased: one copy of a shared view's code serves
/// every caller.
type Reads<T> = Arc<dyn Fn() -> T + Send + Sync>;

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

/// How far reading the file has come.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct ReadProgress {
    bytes_read: u64,
    bytes_total: u64,
}

/// The wizard's state, shared by its steps through context.
#[derive(Clone, Copy)]
struct Wizard {
    step: RwSignal<Step>,
    /// The chosen file, kept to read it again with other choices; it is read
    /// a slice at a time, never held whole.
    file: StoredValue<Option<web_sys::File>, LocalStorage>,
    file_name: RwSignal<String>,
    file_size: RwSignal<u64>,
    options: RwSignal<ImportOptions>,
    table: RwSignal<Option<Arc<CsvTable>>>,
    preview: Memo<Option<import::Preview>>,
    /// Set while the file is being read.
    reading: RwSignal<Option<ReadProgress>>,
    /// The choices before a re-read, put back if it is cancelled.
    options_before: StoredValue<Option<ImportOptions>>,
    /// Bumped to stop a running read or check.
    run: RwSignal<u32>,
    progress: RwSignal<Option<PlanProgress>>,
    /// While the check reads the base the file goes into: its contacts read
    /// so far, of how many.
    base_read: RwSignal<Option<(usize, usize)>>,
    /// The stored generation of the base the plan was checked against:
    /// the import is written only onto that one (`Db::save_onto`).
    planned_onto: StoredValue<Option<u32>>,
    plan: RwSignal<Option<Arc<ImportPlan>>>,
    accept_errors: RwSignal<bool>,
    applied: RwSignal<Option<Applied>>,
    /// While a confirmed import is applied: the share of the next base built
    /// (1 once it is being written, when it can no longer be cancelled).
    applying: RwSignal<Option<f64>>,
    busy: RwSignal<bool>,
    error: RwSignal<Option<crate::i18n::Text>>,
}

impl Wizard {
    fn new() -> Wizard {
        let table = RwSignal::new(None::<Arc<CsvTable>>);
        let options = RwSignal::new(ImportOptions::default());
        let preview = Memo::new(move |_| {
            table.with(|t| {
                t.as_ref()
                    .filter(|t| !t.header.is_empty())
                    // The date guesses look at the first rows only: every row
                    // of a large file blocked the page at each change.
                    .map(|t| options.with(|o| import::preview_first(t, o, SAMPLE_ROWS)))
            })
        });
        Wizard {
            step: RwSignal::new(Step::Pick),
            file: StoredValue::new_local(None),
            file_name: RwSignal::new(String::new()),
            file_size: RwSignal::new(0),
            options,
            table,
            preview,
            reading: RwSignal::new(None),
            options_before: StoredValue::new(None),
            run: RwSignal::new(0),
            progress: RwSignal::new(None),
            base_read: RwSignal::new(None),
            plan: RwSignal::new(None),
            planned_onto: StoredValue::new(None),
            accept_errors: RwSignal::new(false),
            applied: RwSignal::new(None),
            applying: RwSignal::new(None),
            busy: RwSignal::new(false),
            error: RwSignal::new(None),
        }
    }

    /// A new file: read with everything detected, then previewed.
    fn load(self, file: web_sys::File) {
        self.file_name.set(file.name());
        self.file_size.set(file.size() as u64);
        self.file.set_value(Some(file));
        self.options.set(ImportOptions::default());
        self.options_before.set_value(None);
        self.release();
        self.applied.set(None);
        self.error.set(None);
        self.read();
    }

    /// Reads the file with the current encoding and delimiter choices, a
    /// slice at a time with a repaint between slices, so that a file of a
    /// hundred megabytes never freezes the page and Cancel stays clickable.
    /// The table is shown (and the wizard moves on to the preview) only once
    /// the whole file is read.
    fn read(self) {
        let Some(file) = self.file.get_value() else {
            return;
        };
        let choices: CsvOptions = self.options.with_untracked(|o| o.csv);
        let generation = self.run.get_untracked().wrapping_add(1);
        self.run.set(generation);
        let total = file.size() as u64;
        self.reading.set(Some(ReadProgress {
            bytes_read: 0,
            bytes_total: total,
        }));
        let stopped = move || self.run.try_get_untracked() != Some(generation);
        spawn_local(async move {
            // Let the progress bar paint before the first slice.
            browser::next_tick().await;
            if stopped() {
                return;
            }
            let mut reader = CsvReader::new(choices);
            let mut offset = 0;
            while offset < total {
                let end = (offset + READ_SLICE_BYTES).min(total);
                let slice = browser::read_slice(&file, offset, end).await;
                if stopped() {
                    return; // cancelled, or the page is gone
                }
                match slice {
                    Ok(bytes) => reader.feed(&bytes),
                    Err(e) => {
                        self.reset();
                        self.error.set(Some(e));
                        return;
                    }
                };
                offset = end;
                self.reading.set(Some(ReadProgress {
                    bytes_read: offset,
                    bytes_total: total,
                }));
                browser::next_tick().await;
                if stopped() {
                    return;
                }
            }
            let table = reader.finish();
            self.options_before.set_value(None);
            self.table.set(Some(Arc::new(table)));
            self.reading.set(None);
            self.step.set(Step::Preview);
        });
    }

    /// Stops reading. The first read of a file goes back to the file picker
    /// with nothing kept; a re-read with other choices keeps the table read
    /// before and puts the choices back.
    fn cancel_read(self) {
        match self.options_before.get_value() {
            Some(before) if self.table.with_untracked(Option::is_some) => {
                self.run.update(|r| *r = r.wrapping_add(1));
                self.options_before.set_value(None);
                self.options.set(before);
                self.reading.set(None);
            }
            _ => self.reset(),
        }
    }

    /// Changes the reader's choices and reads the file again with them.
    fn reread_with(self, change: impl FnOnce(&mut CsvOptions)) {
        self.options_before
            .set_value(Some(self.options.get_untracked()));
        self.options.update(|o| {
            change(&mut o.csv);
            o.mapping = None;
        });
        self.read();
    }

    fn set_encoding(self, encoding: Encoding) {
        self.reread_with(|csv| csv.encoding = Some(encoding));
    }

    fn set_delimiter(self, delimiter: char) {
        self.reread_with(|csv| csv.delimiter = Some(delimiter));
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
    /// `shown` is the generation of the stored base the page shows
    /// ([`Db::generation_shown`](crate::storage::Db::generation_shown)).
    fn check(self, current: Option<Arc<Workspace>>, shown: Option<u32>) {
        let Some(table) = self.table.get_untracked() else {
            return;
        };
        let options = self.options.get_untracked();
        let generation = self.run.get_untracked().wrapping_add(1);
        self.run.set(generation);
        if let Some(plan) = self.plan.try_update(Option::take).flatten() {
            release_in_steps(Some(plan), None);
        }
        self.error.set(None);
        self.accept_errors.set(false);
        self.progress.set(Some(PlanProgress {
            rows_done: 0,
            rows_total: table.rows.len(),
            done: false,
        }));
        // The plan says what is new against this base, and only onto this
        // base is it written.
        self.planned_onto.set_value(shown);
        // The base is read first (with nothing to read, the rows are checked).
        let base_size = current.as_deref().map_or(0, |w| w.engine.base().len());
        self.base_read
            .set((base_size > 0).then_some((0, base_size)));
        self.step.set(Step::Check);
        spawn_local(async move {
            // Let the progress bar paint before the first step.
            browser::next_tick().await;
            let stopped = move || self.run.try_get_untracked() != Some(generation);
            let base = current.as_deref().map(|w| w.engine.base());
            let (contacts, events) = base.map_or((0, 0), |b| (b.len(), b.event_count()));
            let mut job = match ImportJob::begin(table, options, contacts, events) {
                Ok(job) => job,
                Err(e) => {
                    let _ = self.error.try_set(Some(crate::i18n::Text::error(e)));
                    let _ = self.progress.try_set(None);
                    return;
                }
            };
            // The base's look-ups (its ids, e-mails, events) a slice of it a
            // step: its contacts are read where they are, and only a slice's
            // events are made into rows at a time. All at once, with every
            // row copied first, this blocked the page for 0.7-1.5 s with a
            // base of 100,000 contacts.
            let all: &[Contact] = base.map_or(&[], |b| b.contacts());
            if let Some(base) = base {
                let mut first = 0;
                while first < contacts {
                    let mut end = first;
                    let mut rows = Vec::new();
                    while end < contacts
                        && end - first < BASE_CONTACTS_PER_STEP
                        && rows.len() < BASE_EVENTS_PER_STEP
                    {
                        rows.extend(base.event_rows(end as u32));
                        end += 1;
                    }
                    job.add_base(first, &all[first..end], &rows);
                    first = end;
                    if self.base_read.try_set(Some((first, contacts))).is_some() {
                        return; // the page is gone
                    }
                    browser::next_tick().await;
                    if stopped() {
                        return;
                    }
                }
                self.base_read.set(None);
            }
            loop {
                let progress = job.step(all, ROWS_PER_STEP);
                if self.progress.try_set(Some(progress)).is_some() {
                    return; // the page is gone
                }
                if progress.done {
                    break;
                }
                browser::next_tick().await;
                if stopped() {
                    return;
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
        self.base_read.set(None);
        self.step.set(Step::Mapping);
    }

    /// Drops the file and every choice; nothing was saved.
    fn reset(self) {
        self.run.update(|r| *r = r.wrapping_add(1));
        self.file.set_value(None);
        self.release();
        self.options.set(ImportOptions::default());
        self.options_before.set_value(None);
        self.reading.set(None);
        self.progress.set(None);
        self.base_read.set(None);
        self.applied.set(None);
        self.applying.set(None);
        self.error.set(None);
        self.busy.set(false);
        self.step.set(Step::Pick);
    }

    /// Stops applying a confirmed import before it is written: the stored
    /// base and the one shown stay as they were, and the report stays.
    fn cancel_apply(self) {
        self.run.update(|r| *r = r.wrapping_add(1));
        self.applying.set(None);
        self.busy.set(false);
    }

    /// Lets go of the table and the plan, a part at a time (see
    /// [`release_in_steps`]). Safe once the page is gone.
    fn release(self) {
        let plan = self.plan.try_update(Option::take).flatten();
        let table = self.table.try_update(Option::take).flatten();
        release_in_steps(plan, table);
    }

    fn use_context() -> Wizard {
        expect_context::<Wizard>()
    }
}

#[component]
pub fn Import() -> impl IntoView {
    let tr = use_tr();
    page_title(move || tr().nav_import().to_owned());
    let wizard = Wizard::new();
    provide_context(wizard);
    on_cleanup(move || {
        let _ = wizard.run.try_update(|r| *r = r.wrapping_add(1));
        wizard.release();
    });
    view! {
        <div class="page-head">
            <div>
                <h1>{move || tr().import_title()}</h1>
                <p class="lead">{move || tr().import_lead()}</p>
            </div>
            <Show when=move || matches!(wizard.step.get(), Step::Preview | Step::Mapping | Step::Check) && !wizard.busy.get()>
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

/// A card with a heading, a progress bar (`now` of `max`), a line of text and
/// Cancel (while `cancellable`): reading the file, checking the rows and
/// applying the import look the same, and share this code. Test ids are
/// `{id}-progress`, `{id}-phase`, `{id}-progress-text` and `{id}-cancel`.
#[component]
fn ProgressCard(
    id: &'static str,
    title: Reads<&'static str>,
    /// A line under the heading, with `detail_id` as its test id.
    #[prop(optional)]
    detail: Option<(Reads<String>, &'static str)>,
    now: Reads<u64>,
    max: Reads<u64>,
    text: Reads<String>,
    cancellable: Reads<bool>,
    on_cancel: Reads<()>,
) -> impl IntoView {
    let tr = use_tr();
    let value_max = {
        let max = max.clone();
        move || max().to_string()
    };
    let value_now = {
        let now = now.clone();
        move || now().to_string()
    };
    let width = move || format!("{:.1}%", now() as f64 * 100.0 / max().max(1) as f64);
    view! {
        <section class="card check-progress" data-testid=format!("{id}-progress")>
            <h2 data-testid=format!("{id}-phase")>{move || title()}</h2>
            {detail.map(|(detail, test_id)| view! { <p class="muted small" data-testid=test_id>{move || detail()}</p> })}
            <div
                class="progress"
                role="progressbar"
                aria-valuemin="0"
                aria-valuemax=value_max
                aria-valuenow=value_now
            >
                <span
                    class="progress-bar"
                    style:width=width
                ></span>
            </div>
            <div class="progress-line">
                <span class="muted" data-testid=format!("{id}-progress-text")>{move || text()}</span>
                <Show when=move || cancellable()>
                    <button type="button" class="btn" data-testid=format!("{id}-cancel") on:click={
                        let on_cancel = on_cancel.clone();
                        move |_| on_cancel()
                    }>
                        {move || tr().cancel()}
                    </button>
                </Show>
            </div>
        </section>
    }
}

/// Items dropped between two repaints when a table or a plan is let go.
const DROPPED_PER_STEP: usize = 20_000;

/// Drops a plan and a table a part at a time, a repaint between parts: a
/// million rows of a file, or a plan with a million skipped rows, took the
/// page a task of a fraction of a second to drop. Waits first for the views
/// that still share them (the report's) to let go; what is still shared after
/// that is left to its last holder.
fn release_in_steps(plan: Option<Arc<ImportPlan>>, table: Option<Arc<CsvTable>>) {
    if plan.is_none() && table.is_none() {
        return;
    }
    spawn_local(async move {
        browser::next_tick().await;
        let mut parts: Vec<Box<dyn Shrink>> = Vec::new();
        if let Some(Ok(plan)) = plan.map(Arc::try_unwrap) {
            parts.push(Box::new(plan.report.skipped));
            parts.push(Box::new(plan.report.errors));
            parts.push(Box::new(plan.report.warnings));
            parts.push(Box::new(plan.new_contacts));
            parts.push(Box::new(plan.updated_contacts));
            parts.push(Box::new(plan.new_events));
        }
        if let Some(Ok(table)) = table.map(Arc::try_unwrap) {
            parts.push(Box::new(table.rows));
        }
        for mut part in parts {
            while part.shrink() {
                browser::next_tick().await;
            }
        }
    });
}

/// A list dropped a part at a time.
trait Shrink {
    /// Drops up to [`DROPPED_PER_STEP`] items; true while some are left.
    fn shrink(&mut self) -> bool;
}

impl<T> Shrink for Vec<T> {
    fn shrink(&mut self) -> bool {
        self.truncate(self.len().saturating_sub(DROPPED_PER_STEP));
        !self.is_empty()
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
