//! Step 1: the drop zone, which is also the file picker.

use leptos::ev;
use leptos::prelude::*;
use leptos::task::spawn_local;

use super::Wizard;
use crate::browser;
use crate::i18n::use_tr;

/// Step 1: the drop zone, which is also the file picker.
#[component]
pub(super) fn PickStep() -> impl IntoView {
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
