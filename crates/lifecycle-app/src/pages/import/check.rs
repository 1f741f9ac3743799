//! Steps 4 and 5: the check with its progress and the confirmation, then what
//! was saved.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;

use super::report::{ReportDetails, ReportSummary};
use super::{ProgressCard, Step, Wizard};
use crate::BasePath;
use crate::browser;
use crate::i18n::{I18n, fmt_int, use_tr};
use crate::state::{Workspace, use_workspace};
use crate::storage::use_db;

/// Step 4: the check with its progress, then the report and the confirmation.
#[component]
pub(super) fn CheckStep() -> impl IntoView {
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
        let generation = wizard.run.get_untracked().wrapping_add(1);
        wizard.run.set(generation);
        let stopped = move || wizard.run.try_get_untracked() != Some(generation);
        wizard.busy.set(true);
        wizard.applying.set(Some(0.0));
        wizard.error.set(None);
        spawn_local(async move {
            // Let the progress bar paint before the work starts.
            browser::next_tick().await;
            let rows = plan.report.rows_read;
            let current = workspace.0.get_untracked();
            // The import goes into the stored base it was checked against,
            // and only that one: were another tab's write shown since, the
            // plan (what is new, what is updated) would be of another base.
            let onto = wizard.planned_onto.get_value();
            if let Err(e) = db.still_shown(onto, current.as_deref()) {
                let _ = wizard.busy.try_set(false);
                let _ = wizard.applying.try_set(None);
                let _ = wizard.error.try_set(Some(e));
                return;
            }
            // The plan is read where it is, never copied; the next base is
            // built in steps, and nothing is stored until it is whole.
            let built = Workspace::with_import_in_steps(
                current.as_deref(),
                &plan,
                accept,
                browser::today(),
                |share| {
                    let _ = wizard.applying.try_set(Some(share.min(0.99)));
                },
                stopped,
            )
            .await;
            drop(current);
            let result = match built {
                // Cancelled, or the page is gone: nothing was changed.
                Ok(None) => return,
                Ok(Some((next, applied))) => {
                    // One transaction from here on: no longer cancelled.
                    let _ = wizard.applying.try_set(Some(1.0));
                    let journal = format!(
                        "import of {name}: {rows} rows, {} contacts added, {} updated, {} events added",
                        applied.contacts_added, applied.contacts_updated, applied.events_added
                    );
                    db.save_onto(next, &journal, onto, workspace)
                        .await
                        .map(|()| applied)
                }
                Err(e) => Err(e),
            };
            let _ = wizard.busy.try_set(false);
            let _ = wizard.applying.try_set(None);
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
    // First the base the file goes into is read, then the file's rows.
    let base_read = move || wizard.base_read.get();
    let done_of = move || {
        base_read()
            .or_else(|| running().map(|p| (p.rows_done, p.rows_total)))
            .unwrap_or_default()
    };
    // The import is being written: it can no longer be cancelled.
    let saving = move || wizard.applying.get().is_some_and(|s| s >= 1.0);
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
            <ProgressCard
                id="check"
                title=Arc::new(move || if base_read().is_some() {
                    tr().reading_base()
                } else if running().is_some_and(|p| p.rows_total > 0 && p.rows_done == p.rows_total) {
                    tr().finishing_check()
                } else {
                    tr().checking()
                })
                now=Arc::new(move || done_of().0 as u64)
                max=Arc::new(move || done_of().1 as u64)
                text=Arc::new(move || running().map_or_else(String::new, |_| {
                    let lang = lang.get();
                    let (done, total) = done_of();
                    format!(
                        "{} {} {} {}",
                        fmt_int(done as i64, lang),
                        tr().checked_of(),
                        fmt_int(total as i64, lang),
                        if base_read().is_some() { tr().contacts_of_base() } else { tr().rows_in_file() },
                    )
                }))
                cancellable=Arc::new(|| true)
                on_cancel=Arc::new(move || wizard.cancel_check())
            />
        </Show>
        <Show when=move || wizard.applying.get().is_some()>
            <ProgressCard
                id="apply"
                title=Arc::new(move || if saving() { tr().apply_saving() } else { tr().apply_building() })
                now=Arc::new(move || wizard.applying.get().map_or(0, |s| (s * 100.0) as u64))
                max=Arc::new(|| 100)
                text=Arc::new(move || tr().apply_note().to_owned())
                cancellable=Arc::new(move || !saving())
                on_cancel=Arc::new(move || wizard.cancel_apply())
            />
        </Show>
        {move || wizard.plan.get().map(|plan| view! {
            <section class="card" data-testid="check-report">
                <div class="report-head">
                    <h2>{move || tr().check_title()}</h2>
                    <span class="chip">{move || tr().nothing_applied()}</span>
                </div>
                <ReportSummary plan=Arc::clone(&plan) done=false />
            </section>
            <ReportDetails plan=Arc::clone(&plan) />
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
                    <button type="button" class="btn" data-testid="back-to-mapping" disabled=move || wizard.busy.get() on:click=move |_| wizard.step.set(Step::Mapping)>
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
                <p class="notice error" role="alert" data-testid="check-error">{e.show()}</p>
                <div class="wizard-actions">
                    <button type="button" class="btn" on:click=move |_| wizard.step.set(Step::Mapping)>{move || tr().back()}</button>
                </div>
            </section>
        })}
    }
}

/// Step 5: what was saved, reconciled with the rows read.
#[component]
pub(super) fn DoneStep() -> impl IntoView {
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
                        <strong>{move || fmt_int(total() as i64, lang.get())}</strong> " " {move || crate::i18n::contacts_word(total(), lang.get())}
                    </p>
                </div>
            </div>
            {move || wizard.plan.get().map(|plan| view! { <ReportSummary plan done=true /> })}
            {move || applied().map(|a| view! {
                <ul class="applied" data-testid="applied">
                    <li>{tr().contacts_added()} ": " <strong>{fmt_int(a.contacts_added as i64, lang.get())}</strong></li>
                    <li>{tr().contacts_updated()} ": " <strong>{fmt_int(a.contacts_updated as i64, lang.get())}</strong></li>
                    <li>{tr().events_added()} ": " <strong>{fmt_int(a.events_added as i64, lang.get())}</strong></li>
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
