//! The funnel order the dashboard's funnel report follows: steps moved up
//! and down (the focus stays on the moved step), removed, and added from
//! the stages not in it.

use leptos::html;
use leptos::prelude::*;
use lifecycle_core::model::Place;

use super::{Draft, icon_button, problem_text, tr_signal};
use crate::components::tiles::stage_label;
use crate::i18n::{I18n, Tr, use_tr};

#[component]
pub(super) fn FunnelEditor(draft: Draft) -> impl IntoView {
    let tr = use_tr();
    let I18n(lang) = expect_context::<I18n>();
    // Each id once: a repeated one is reported, and rows are keyed by id so
    // a moved step keeps its element (and the keyboard focus).
    let steps = move || {
        draft.model(|m| {
            let mut seen = std::collections::HashSet::new();
            m.funnel
                .iter()
                .filter(|id| seen.insert(id.as_str()))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let outside = move || {
        draft.model(|m| {
            m.stages_outside_funnel()
                .into_iter()
                .filter_map(|id| {
                    m.stage_index(id)
                        .map(|i| (id.to_owned(), stage_label(&m.stages[i], lang.get())))
                })
                .collect::<Vec<_>>()
        })
    };
    // The stage picked to add: the one chosen while it is still outside the
    // funnel, else the first one outside.
    let choice = RwSignal::new(String::new());
    let picked = move || {
        let options = outside();
        let id = choice.get();
        if options.iter().any(|(o, _)| *o == id) {
            Some(id)
        } else {
            options.into_iter().next().map(|(first, _)| first)
        }
    };
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let Some(id) = picked() else {
            return;
        };
        draft.edit(|m| {
            let _ = m.add_funnel_step(&id);
        });
        choice.set(String::new());
    };
    let problems = move || draft.errors_at(&Place::Funnel);
    view! {
        <section class="card" data-testid="funnel-editor">
            <h2>{move || tr().funnel_editor_title()}</h2>
            <p class="caption">{move || tr().funnel_editor_about()}</p>
            <ol class="funnel-steps">
                <For
                    each=steps
                    key=|id| id.clone()
                    children=move |id| view! { <FunnelStep draft=draft id=id /> }
                />
            </ol>
            <Show when=move || steps().is_empty()>
                <p class="muted" data-testid="funnel-empty">{move || tr().funnel_empty()}</p>
            </Show>
            <ul class="field-errors">
                {move || problems().into_iter().map(|e| view! { <li class="field-error" data-testid="funnel-problem">{problem_text(&e, tr().0)}</li> }).collect_view()}
            </ul>
            <Show
                when=move || !outside().is_empty()
                fallback=move || view! { <p class="caption decl-note">{move || tr().funnel_all_in()}</p> }
            >
                <form class="decl-add" on:submit=add>
                    <label class="mini-field">
                        <span>{move || tr().col_stage()}</span>
                        <select
                            data-testid="funnel-add-select"
                            prop:value=move || picked().unwrap_or_default()
                            on:change=move |ev| choice.set(event_target_value(&ev))
                        >
                            {move || outside().into_iter().map(|(id, label)| view! { <option value=id.clone()>{format!("{label} ({id})")}</option> }).collect_view()}
                        </select>
                    </label>
                    <button type="submit" class="btn" data-testid="funnel-add">"+ " {move || tr().funnel_add()}</button>
                </form>
            </Show>
        </section>
    }
}

/// One step: its place, the stage's colour, name and id, and its tools.
#[component]
fn FunnelStep(draft: Draft, id: String) -> impl IntoView {
    let tr = use_tr();
    let I18n(lang) = expect_context::<I18n>();
    let index = Memo::new({
        let id = id.clone();
        move |_| draft.model(|m| m.funnel.iter().position(|e| *e == id))
    });
    let len = move || draft.model(|m| m.funnel.len());
    let stage = Memo::new({
        let id = id.clone();
        move |_| {
            draft.model(|m| {
                m.stage_index(&id).map(|i| {
                    (
                        stage_label(&m.stages[i], lang.get()),
                        m.stages[i].colour.clone(),
                    )
                })
            })
        }
    });
    let label = {
        let id = id.clone();
        move || {
            stage
                .get()
                .map_or_else(|| format!("{id} ({})", tr().unknown_stage()), |(l, _)| l)
        }
    };
    let colour = move || stage.get().map_or_else(|| "#94a3b8".to_owned(), |(_, c)| c);
    let up_ref = NodeRef::<html::Button>::new();
    let down_ref = NodeRef::<html::Button>::new();
    // After a move the row is the same element, but moving it drops the
    // focus: give it back to the button pressed, or to the other one when
    // the step reached an end.
    let refocus = move |up: bool| {
        request_animation_frame(move || {
            let i = index.get_untracked().unwrap_or(0);
            let at_end = if up {
                i == 0
            } else {
                i + 1
                    >= draft
                        .current
                        .with_untracked(|m| m.as_ref().map_or(0, |m| m.funnel.len()))
            };
            let target = if up != at_end { up_ref } else { down_ref };
            if let Some(button) = target.get_untracked() {
                let _ = button.focus();
            }
        });
    };
    let step = move |up: bool| {
        if let Some(i) = index.get_untracked() {
            draft.edit(|m| m.move_funnel_step(i, up));
            refocus(up);
        }
    };
    let name = {
        let label = label.clone();
        move || label()
    };
    view! {
        <li class="funnel-step" data-testid="funnel-step" data-stage=id.clone() style:--stage-colour=colour>
            <span class="stage-number">{move || index.get().map_or(0, |i| i + 1)}</span>
            <span class="funnel-name">
                <span class="dot" aria-hidden="true"></span>
                <span data-testid="funnel-label">{label.clone()}</span>
                <code class="muted">{id.clone()}</code>
            </span>
            <span class="stage-tools">
                {icon_button(
                    "↑", "icon-btn", "funnel-up",
                    tr_signal(Tr::move_up),
                    Signal::derive({
                        let name = name.clone();
                        move || format!("{}: {}", tr().move_up(), name())
                    }),
                    Signal::derive(move || index.get().is_none_or(|i| i == 0)),
                    up_ref,
                    Callback::new(move |()| step(true)),
                )}
                {icon_button(
                    "↓", "icon-btn", "funnel-down",
                    tr_signal(Tr::move_down),
                    Signal::derive({
                        let name = name.clone();
                        move || format!("{}: {}", tr().move_down(), name())
                    }),
                    Signal::derive(move || index.get().is_none_or(|i| i + 1 >= len())),
                    down_ref,
                    Callback::new(move |()| step(false)),
                )}
                {icon_button(
                    "✕", "icon-btn danger", "funnel-remove",
                    tr_signal(Tr::funnel_remove),
                    Signal::derive(move || format!("{}: {}", tr().funnel_remove(), name())),
                    Signal::derive(|| false),
                    NodeRef::new(),
                    Callback::new(move |()| {
                        if let Some(i) = index.get_untracked() {
                            draft.edit(|m| {
                                m.remove_funnel_step(i);
                            });
                        }
                    }),
                )}
            </span>
        </li>
    }
}
