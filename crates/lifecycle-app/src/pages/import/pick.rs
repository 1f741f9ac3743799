//! Step 1: the drop zone, which is also the file picker.

use leptos::ev;
use leptos::prelude::*;

use super::Wizard;
use crate::browser;
use crate::i18n::{I18n, fmt_megabytes, use_tr};

/// Step 1: the drop zone, which is also the file picker.
#[component]
pub(super) fn PickStep() -> impl IntoView {
    let tr = use_tr();
    let wizard = Wizard::use_context();
    let over = RwSignal::new(false);
    let read = move |file: web_sys::File| wizard.load(file);
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
    let reading = move || wizard.reading.with(Option::is_some);
    let pick = move || {
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
                    {move || tr().choose_file()}
                </span>
            </label>
            <p class="dropzone-hint">{move || tr().drop_hint()}</p>
            {move || wizard.error.get().map(|e| view! { <p class="notice error" role="alert">{e}</p> })}
        </section>
        }
    };
    view! {
        <Show when=reading fallback=pick>
            <ReadProgressCard />
        </Show>
    }
}

/// How much of the file is read, with Cancel: the same look as the check's
/// progress.
#[component]
pub(super) fn ReadProgressCard() -> impl IntoView {
    let tr = use_tr();
    let I18n(lang) = expect_context::<I18n>();
    let wizard = Wizard::use_context();
    let progress = move || wizard.reading.get();
    let share = move || {
        progress().map_or(0.0, |p| {
            if p.bytes_total == 0 {
                0.0
            } else {
                p.bytes_read as f64 / p.bytes_total as f64
            }
        })
    };
    view! {
        <section class="card check-progress" data-testid="read-progress">
            <h2>{move || tr().reading_file()}</h2>
            <p class="muted small" data-testid="read-file-name">{move || wizard.file_name.get()}</p>
            <div
                class="progress"
                role="progressbar"
                aria-valuemin="0"
                aria-valuemax=move || progress().map(|p| p.bytes_total.to_string())
                aria-valuenow=move || progress().map(|p| p.bytes_read.to_string())
            >
                <span class="progress-bar" style:width=move || format!("{:.1}%", share() * 100.0)></span>
            </div>
            <div class="progress-line">
                <span class="muted" data-testid="read-progress-text">
                    {move || progress().map(|p| {
                        let lang = lang.get();
                        format!(
                            "{} {} {}",
                            fmt_megabytes(p.bytes_read as f64, lang),
                            tr().read_of(),
                            fmt_megabytes(p.bytes_total as f64, lang),
                        )
                    })}
                </span>
                <button type="button" class="btn" data-testid="read-cancel" on:click=move |_| wizard.cancel_read()>
                    {move || tr().cancel()}
                </button>
            </div>
        </section>
    }
}
