//! The import wizard: a file in, a preview of how it reads, where each column
//! goes, a check of every row, and on confirmation one all-or-nothing write.
//! Every decision about the file is `lifecycle-io`'s; this page holds the
//! user's choices and shows the results.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use lifecycle_io::csv::{self, CsvTable};
use lifecycle_io::encoding::Encoding;
use lifecycle_io::import::{self, Applied, ImportJob, ImportOptions, ImportPlan, PlanProgress};
use lifecycle_io::mapping::{FileKind, MappingReason, Target};

use crate::browser;
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
                    let _ = self.error.try_set(Some(crate::i18n::error_text(&e)));
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
