//! The model's named time windows: each one's days (a refused number shows
//! its reason and keeps the last good value), where rules use it, removing
//! one, and adding a new one.

use leptos::prelude::*;
use lifecycle_core::edit::{MAX_WINDOW_DAYS, Reference, parse_window_days};
use lifecycle_core::model::{ModelError, Place};

use super::{Draft, RenameForm, UsedBy, icon_button, problem_text, tr_signal};
use crate::i18n::{I18n, Tr, days_word, use_tr};

#[component]
pub(super) fn WindowsEditor(draft: Draft) -> impl IntoView {
    let tr = use_tr();
    let names = move || draft.model(|m| m.windows.keys().cloned().collect::<Vec<_>>());
    let new_name = RwSignal::new(String::new());
    let new_days = RwSignal::new(String::from("30"));
    let add_error = RwSignal::new(None::<ModelError>);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = new_name.get_untracked().trim().to_owned();
        let days = match parse_window_days(&name, &new_days.get_untracked()) {
            Ok(days) => days,
            Err(e) => return add_error.set(Some(e)),
        };
        let mut result = Ok(());
        draft.edit(|m| result = m.add_window(&name, days));
        match result {
            Ok(()) => {
                add_error.set(None);
                new_name.set(String::new());
            }
            Err(e) => add_error.set(Some(e)),
        }
    };
    view! {
        <section class="card" data-testid="windows">
            <h2>{move || tr().windows_title()}</h2>
            <p class="caption">{move || tr().windows_about()}</p>
            <ul class="decl-list">
                <For
                    each=names
                    key=|name| name.clone()
                    children=move |name| view! { <WindowRow draft=draft name=name /> }
                />
            </ul>
            <form class="decl-add" on:submit=add data-testid="window-add-form">
                <label class="mini-field">
                    <span>{move || tr().name_label()}</span>
                    <input
                        class="mono"
                        data-testid="window-new-name"
                        spellcheck="false"
                        placeholder="trial"
                        aria-invalid=move || add_error.with(Option::is_some).to_string()
                        prop:value=new_name
                        on:input=move |ev| new_name.set(event_target_value(&ev))
                    />
                </label>
                <label class="mini-field days">
                    <span>{move || tr().days_label()}</span>
                    <input
                        type="number"
                        min="1"
                        max=MAX_WINDOW_DAYS.to_string()
                        data-testid="window-new-days"
                        prop:value=new_days
                        on:input=move |ev| new_days.set(event_target_value(&ev))
                    />
                </label>
                <button type="submit" class="btn" data-testid="window-add">"+ " {move || tr().add_window()}</button>
            </form>
            {move || add_error.get().map(|e| view! { <p class="field-error" role="alert" data-testid="window-add-error">{problem_text(&e, tr().0)}</p> })}
        </section>
    }
}

/// One window: its name, its days, where it is used, and a remove button.
#[component]
fn WindowRow(draft: Draft, name: String) -> impl IntoView {
    let tr = use_tr();
    let I18n(lang) = expect_context::<I18n>();
    let key = format!("window:{name}");
    let days = Memo::new({
        let name = name.clone();
        move |_| draft.model(|m| m.windows.get(&name).copied())
    });
    let reason = {
        let key = key.clone();
        move || draft.refused.with(|r| r.get(&key).cloned())
    };
    let input_id = format!("window-{name}");
    let error_id = format!("window-{name}-error");
    let on_input = {
        let (name, key) = (name.clone(), key.clone());
        move |ev| match parse_window_days(&name, &event_target_value(&ev)) {
            Ok(d) => {
                draft.refuse(&key, None);
                draft.edit(|m| {
                    let _ = m.set_window(&name, d);
                });
            }
            Err(e) => draft.refuse(&key, Some(e)),
        }
    };
    let remove = {
        let (name, key) = (name.clone(), key.clone());
        move |()| {
            draft.refuse(&key, None);
            draft.edit(|m| {
                m.remove_window(&name);
            });
        }
    };
    let sleeping = name == "sleeping";
    let problems = {
        let name = name.clone();
        move || draft.errors_at(&Place::Window(name.clone()))
    };
    view! {
        <li class="decl-row" data-testid="window" data-name=name.clone()>
            <label class="decl-name mono" for=input_id.clone()>"window." {name.clone()}</label>
            <span class="decl-input days">
                <input
                    id=input_id
                    type="number"
                    min="1"
                    max=MAX_WINDOW_DAYS.to_string()
                    data-testid="window-days"
                    aria-invalid={
                        let reason = reason.clone();
                        move || reason().is_some().to_string()
                    }
                    aria-describedby=error_id.clone()
                    prop:value=move || {
                        draft.generation.track();
                        days.get().map(|d| d.to_string()).unwrap_or_default()
                    }
                    on:input=on_input
                />
                <span class="unit" data-testid="window-unit">
                    {move || days_word(days.get().unwrap_or(0) as usize, lang.get())}
                </span>
            </span>
            <UsedBy draft=draft of=Reference::Window(name.clone()) />
            {icon_button(
                "✕", "icon-btn danger", "window-remove",
                tr_signal(Tr::remove_window),
                Signal::derive({
                    let name = name.clone();
                    move || format!("{} {name}", tr().remove_window())
                }),
                Signal::derive(|| false),
                NodeRef::new(),
                Callback::new(remove),
            )}
            <RenameForm draft=draft of=Reference::Window(name.clone()) />
            <div class="decl-notes" id=error_id>
                {move || reason().map(|r| view! { <p class="field-error" data-testid="window-error">{problem_text(&r, tr().0)}</p> })}
                {move || problems().into_iter().map(|e| view! { <p class="field-error" data-testid="window-problem">{problem_text(&e, tr().0)}</p> }).collect_view()}
                {sleeping.then(|| view! { <p class="caption decl-note">{move || tr().window_sleeping_note()}</p> })}
            </div>
        </li>
    }
}
