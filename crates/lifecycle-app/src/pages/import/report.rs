//! The import report: the reconciled counts, the rows with errors and the
//! skipped rows.

use std::sync::Arc;

use leptos::prelude::*;
use lifecycle_io::import::{ImportPlan, SkipReason};

use super::{LISTED, Label};
use crate::i18n::{I18n, Lang, Tr, fill, fmt_int, use_tr};

/// The counts: rows read = added + updated + skipped + with errors.
#[component]
pub(super) fn ReportSummary(
    /// The plan whose report is shown; shared, never copied (a million skipped
    /// rows took the page a second to copy).
    plan: Arc<ImportPlan>,
    /// The import is saved: the counts say what was done, not what would be.
    done: bool,
) -> impl IntoView {
    let tr = use_tr();
    let I18n(lang) = expect_context::<I18n>();
    let report = &plan.report;
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
            <p class="muted small">{move || crate::i18n::contacts_created_text(created, lang.get())}</p>
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
pub(super) fn ReportDetails(
    /// The plan whose report is listed; only the listed rows are copied.
    plan: Arc<ImportPlan>,
) -> impl IntoView {
    let tr = use_tr();
    let I18n(lang) = expect_context::<I18n>();
    let report = &plan.report;
    let error_total = report.errors.len();
    let errors: Vec<_> = report.errors.iter().take(LISTED).cloned().collect();
    let skipped_total = report.skipped.len();
    let skipped: Vec<_> = report.skipped.iter().take(LISTED).cloned().collect();
    let warnings = report.warnings.len();
    view! {
        {(!errors.is_empty()).then(|| view! {
            <section class="card table-scroll-card report-errors" data-testid="errors">
                <h2>{move || tr().errors_title()} <span class="count-chip bad">{move || fmt_int(error_total as i64, lang.get())}</span></h2>
                <p class="caption">{move || tr().errors_caption()}</p>
                <div class="table-scroll" tabindex="0" role="region" aria-label=move || tr().errors_title()>
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
                                    <td>{e.column.clone().unwrap_or_default()}</td>
                                    <td><code class="value">{e.value.clone()}</code></td>
                                    <td class="message">{move || e.problem_message(lang.get())}</td>
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
                <div class="table-scroll" tabindex="0" role="region" aria-label=move || tr().skipped_title()>
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
