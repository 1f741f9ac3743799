//! Step 2: how the file reads, with every guess changeable.

use std::sync::Arc;

use leptos::prelude::*;
use lifecycle_io::csv::{self, CsvTable};
use lifecycle_io::encoding::Encoding;
use lifecycle_io::mapping::FileKind;

use super::pick::ReadProgressCard;
use super::{PREVIEW_ROWS, Step, Wizard};
use crate::i18n::{I18n, Lang, Tr, fmt_int, use_tr};

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
fn fmt_kb(bytes: u64, lang: Lang, tr: Tr) -> String {
    format!(
        "{}\u{a0}{}",
        fmt_int(bytes.div_ceil(1024) as i64, lang),
        tr.size_kb()
    )
}

/// Step 2: how the file reads, with every guess changeable.
#[component]
pub(super) fn PreviewStep() -> impl IntoView {
    let tr = use_tr();
    let I18n(lang) = expect_context::<I18n>();
    let wizard = Wizard::use_context();
    let table = move || wizard.table.get();
    // Reading again with another encoding or delimiter.
    let reading = move || wizard.reading.with(Option::is_some);
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
        <Show when=reading>
            <ReadProgressCard />
        </Show>
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
                        disabled=reading
                        prop:value=move || {
                            // The choice in force: while a re-read runs, the new one; once
                            // it is cancelled, the table's again.
                            let chosen = wizard.options.with(|o| o.csv.encoding);
                            chosen.or_else(|| table().map(|t| t.encoding.encoding)).map(encoding_key).unwrap_or_default()
                        }
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
                        disabled=reading
                        prop:value=move || {
                            let chosen = wizard.options.with(|o| o.csv.delimiter);
                            chosen.or_else(|| table().map(|t| t.delimiter)).map(|d| d.to_string()).unwrap_or_default()
                        }
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
                disabled=move || reading() || wizard.preview.with(Option::is_none)
                on:click=move |_| wizard.step.set(Step::Mapping)
            >
                {move || tr().next_mapping()}
            </button>
        </div>
    }
}

/// The header and the first rows, as text.
#[component]
pub(super) fn PreviewTable(table: Arc<CsvTable>) -> impl IntoView {
    let tr = use_tr();
    let header = table.header.clone();
    let rows: Vec<(u32, Vec<String>)> = table
        .rows
        .iter()
        .take(PREVIEW_ROWS)
        .map(|r| (r.row, r.fields.clone()))
        .collect();
    let width = header.len();
    view! {
        <div class="table-scroll" tabindex="0" role="region" aria-label=move || tr().first_rows()>
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
