//! Step 1: the drop zone, which is also the file picker.

use std::sync::Arc;

use leptos::ev;
use leptos::prelude::*;

use super::{ProgressCard, Wizard};
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
            {move || wizard.error.get().map(|e| view! { <p class="notice error" role="alert">{e.show()}</p> })}
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
    view! {
        <ProgressCard
            id="read"
            title=Arc::new(move || tr().reading_file())
            detail=(Arc::new(move || wizard.file_name.get()) as _, "read-file-name")
            now=Arc::new(move || progress().map_or(0, |p| p.bytes_read))
            max=Arc::new(move || progress().map_or(0, |p| p.bytes_total))
            text=Arc::new(move || {
                progress().map_or_else(String::new, |p| {
                    let lang = lang.get();
                    format!(
                        "{} {} {}",
                        fmt_megabytes(p.bytes_read as f64, lang),
                        tr().read_of(),
                        fmt_megabytes(p.bytes_total as f64, lang),
                    )
                })
            })
            cancellable=Arc::new(|| true)
            on_cancel=Arc::new(move || wizard.cancel_read())
        />
    }
}
