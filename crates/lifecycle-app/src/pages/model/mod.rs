//! The lifecycle model: pick a preset, edit the stages and their rules, the
//! ICP, the time windows, the funnel order and the declared custom fields and
//! kinds with every problem shown in place, preview which contacts would
//! move, save.
//!
//! The page edits a draft; nothing changes for the rest of the app until Save.
//! The checks, the edits and the what-if are the core's (`Model`'s editing
//! methods, `lifecycle_core::edit`, `rule::error_span`, `Engine::what_if`);
//! this module and its parts only show them: `icp`, `windows`, `funnel` and
//! `declarations` (custom fields and kinds) beside the stages here.

mod declarations;
mod funnel;
mod icp;
mod windows;

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::Duration;

use leptos::leptos_dom::helpers::TimeoutHandle;
use leptos::prelude::*;
use leptos::task::spawn_local;
use lifecycle_core::edit::{Part, Reference};
use lifecycle_core::model::Place;
use lifecycle_core::rule::error_span;
use lifecycle_core::{Model, ModelError, Pos, Stage, StageKind, WhatIf};

use crate::BasePath;
use crate::components::empty::NoData;
use crate::components::shell::page_title;
use crate::components::tiles::stage_label;
use crate::i18n::{I18n, Lang, Text, Tr, fmt_date, fmt_int, moves_text, shown_text, use_tr};
use crate::state::{Workspace, use_workspace};
use crate::storage::use_db;

/// How long typing must pause before the what-if runs: short enough that
/// the preview follows an edit within 200 ms (the what-if of 100,000
/// contacts takes a few tens of milliseconds), long enough that steady
/// typing does not recompute on every key.
const PREVIEW_DELAY: Duration = Duration::from_millis(120);
/// Contacts listed under one move; the rest are counted.
const LIST_CAP: usize = 200;

#[component]
pub fn ModelPage() -> impl IntoView {
    let tr = use_tr();
    page_title(move || tr().model_title().to_owned());
    let workspace = use_workspace().0;
    view! {
        <div class="page-head">
            <div>
                <h1>{move || tr().model_title()}</h1>
                <p class="lead">{move || tr().model_lead()}</p>
            </div>
        </div>
        <Show
            when=move || workspace.with(Option::is_some)
            fallback=|| view! { <NoData testid="model-empty" /> }
        >
            <Editor />
        </Show>
    }
}

/// The editor's state: the draft (`None` while it equals the saved model),
/// its debounced copy for the what-if, and the derived model and problems.
#[derive(Clone, Copy)]
struct Draft {
    workspace: RwSignal<Option<Arc<Workspace>>>,
    draft: RwSignal<Option<Model>>,
    preview: RwSignal<Option<Model>>,
    timer: StoredValue<Option<TimeoutHandle>>,
    /// The row whose id edit was refused (the id is another stage's).
    id_refused: RwSignal<Option<usize>>,
    /// Inputs whose text was refused (a window of "0" days), by input key,
    /// with the reason: the model keeps the last good value, and Save waits.
    refused: RwSignal<BTreeMap<String, ModelError>>,
    /// Counts the discards: inputs that keep refused text show the model's
    /// value again when it changes.
    generation: RwSignal<u32>,
    /// The model in the editor: the draft, else the saved one.
    current: Memo<Option<Model>>,
    /// Every problem of the model in the editor, against the loaded base.
    errors: Memo<Vec<ModelError>>,
}

impl Draft {
    fn new(workspace: RwSignal<Option<Arc<Workspace>>>) -> Draft {
        let draft = RwSignal::new(None::<Model>);
        let current = Memo::new(move |_| {
            draft
                .get()
                .or_else(|| workspace.with(|w| w.as_ref().map(|w| w.engine.model().clone())))
        });
        let errors = Memo::new(move |_| {
            let ws = workspace.get();
            current.with(|m| match (ws, m) {
                (Some(ws), Some(m)) => ws.check(m),
                _ => Vec::new(),
            })
        });
        Draft {
            workspace,
            draft,
            preview: RwSignal::new(None),
            timer: StoredValue::new(None),
            id_refused: RwSignal::new(None),
            refused: RwSignal::new(BTreeMap::new()),
            generation: RwSignal::new(0),
            current,
            errors,
        }
    }

    fn saved(&self) -> Option<Model> {
        self.workspace
            .with_untracked(|w| w.as_ref().map(|w| w.engine.model().clone()))
    }

    /// Changes the draft (starting from the saved model) and schedules the
    /// what-if.
    fn edit(&self, change: impl FnOnce(&mut Model)) {
        let Some(saved) = self.saved() else {
            return;
        };
        self.draft.update(|d| change(d.get_or_insert(saved)));
        if let Some(old) = self.timer.get_value() {
            old.clear();
        }
        let (draft, preview) = (self.draft, self.preview);
        let handle =
            set_timeout_with_handle(move || preview.set(draft.get_untracked()), PREVIEW_DELAY).ok();
        self.timer.set_value(handle);
    }

    fn reset(&self) {
        if let Some(old) = self.timer.get_value() {
            old.clear();
        }
        self.draft.set(None);
        self.preview.set(None);
        self.id_refused.set(None);
        self.refused.set(BTreeMap::new());
        self.generation.update(|g| *g += 1);
    }

    /// Marks input `key`'s text refused for `reason` (`None`: accepted).
    fn refuse(&self, key: &str, reason: Option<ModelError>) {
        let now = self.refused.with_untracked(|r| r.get(key).cloned());
        if now != reason {
            self.refused.update(|r| match reason {
                Some(reason) => {
                    r.insert(key.to_owned(), reason);
                }
                None => {
                    r.remove(key);
                }
            });
        }
    }

    /// Problems to fix before saving: the model's and the refused inputs'
    /// (of windows still in the model: a preset may have replaced them).
    fn problem_count(&self) -> usize {
        let refused = self.refused.with(|r| {
            r.keys()
                .filter(|key| {
                    key.strip_prefix("window:")
                        .is_some_and(|name| self.model(|m| m.windows.contains_key(name)))
                })
                .count()
        });
        self.errors.with(Vec::len) + refused
    }

    /// A value of the model in the editor.
    fn model<T: Default>(&self, read: impl FnOnce(&Model) -> T) -> T {
        self.current
            .with(|m| m.as_ref().map(read).unwrap_or_default())
    }

    /// The problems at `place`.
    fn errors_at(&self, place: &Place) -> Vec<ModelError> {
        self.errors.with(|errors| {
            errors
                .iter()
                .filter(|e| e.place == *place)
                .cloned()
                .collect()
        })
    }

    /// The draft differs from the saved model.
    fn dirty(&self) -> bool {
        let saved = self
            .workspace
            .with(|w| w.as_ref().map(|w| w.engine.model().clone()));
        self.draft.with(|d| d.is_some() && *d != saved)
    }

    fn stage_count(&self) -> usize {
        self.current
            .with(|m| m.as_ref().map_or(0, |m| m.stages.len()))
    }

    /// A value of stage `index` of the model in the editor.
    fn stage<T: Default>(&self, index: usize, read: impl FnOnce(&Stage) -> T) -> T {
        self.current.with(|m| {
            m.as_ref()
                .and_then(|m| m.stages.get(index))
                .map(read)
                .unwrap_or_default()
        })
    }

    fn edit_stage(&self, index: usize, change: impl FnOnce(&mut Stage)) {
        self.edit(|m| {
            if let Some(stage) = m.stages.get_mut(index) {
                change(stage);
            }
        });
    }

    /// The problems of stage `index`.
    fn stage_errors(&self, index: usize) -> Vec<ModelError> {
        let id = self.stage(index, |s| s.id.clone());
        self.errors.with(|errors| {
            errors
                .iter()
                .filter(|e| e.place == Place::Stage(id.clone()))
                .cloned()
                .collect()
        })
    }
}

/// What the preview panel shows.
#[derive(Clone)]
enum Preview {
    /// No edits (or edits undone): nothing to compare.
    Idle,
    /// The draft has problems: no preview.
    Blocked,
    Moves(Arc<Workspace>, Box<Model>, WhatIf),
}

impl PartialEq for Preview {
    fn eq(&self, other: &Self) -> bool {
        match (self, other) {
            (Preview::Idle, Preview::Idle) | (Preview::Blocked, Preview::Blocked) => true,
            (Preview::Moves(a, m, w), Preview::Moves(b, n, v)) => {
                Arc::ptr_eq(a, b) && m == n && w == v
            }
            _ => false,
        }
    }
}

#[component]
fn Editor() -> impl IntoView {
    let tr = use_tr();
    let workspace = use_workspace();
    let db = use_db();
    let draft = Draft::new(workspace.0);
    // Leaving the page within the debounce delay: no preview for a gone page.
    on_cleanup(move || {
        if let Some(Some(timer)) = draft.timer.try_get_value() {
            timer.clear();
        }
    });
    let saving = RwSignal::new(false);
    let message = RwSignal::new(None::<(bool, Text)>);
    let has_errors = move || draft.problem_count() > 0;

    let save = move |_| {
        let (Some(ws), Some(model)) = (workspace.0.get_untracked(), draft.draft.get_untracked())
        else {
            return;
        };
        match ws.with_model(model) {
            Err(errors) => message.set(Some((false, Text::error(errors)))),
            Ok(next) => {
                saving.set(true);
                spawn_local(async move {
                    let result = db.save_model(next, workspace).await;
                    saving.set(false);
                    match result {
                        Ok(()) => {
                            draft.reset();
                            message.set(Some((true, Text::tr(Tr::model_saved))));
                        }
                        Err(e) => message.set(Some((false, e))),
                    }
                });
            }
        }
    };
    let status = move || {
        let count = draft.problem_count();
        if count > 0 {
            format!("{}: {}", tr().problems(), count)
        } else if draft.dirty() {
            tr().unsaved().to_owned()
        } else {
            tr().no_changes().to_owned()
        }
    };

    view! {
        <div class="savebar" data-testid="savebar">
            <span
                class=move || if has_errors() { "savebar-status error" } else { "savebar-status" }
                data-testid="model-status"
            >
                {status}
            </span>
            {move || message.get().map(|(ok, text)| view! {
                <span class=if ok { "savebar-message ok" } else { "savebar-message error" } role="status" data-testid="model-message">{text.show()}</span>
            })}
            <span class="savebar-gap"></span>
            <button
                type="button"
                class="btn"
                data-testid="model-reset"
                disabled=move || (!draft.dirty() && draft.refused.with(BTreeMap::is_empty)) || saving.get()
                on:click=move |_| {
                    draft.reset();
                    message.set(None);
                }
            >
                {move || tr().discard()}
            </button>
            <button
                type="button"
                class="btn primary"
                data-testid="model-save"
                disabled=move || !draft.dirty() || has_errors() || saving.get()
                on:click=save
            >
                {move || if saving.get() { tr().saving() } else { tr().save() }}
            </button>
        </div>
        <div class="model-layout">
            <div class="model-main">
                <Presets draft=draft />
                <section class="card" data-testid="stages">
                    <h2>{move || tr().stages_title()}</h2>
                    <ModelProblems draft=draft />
                    <ol class="stage-list">
                        <For
                            each=move || 0..draft.stage_count()
                            key=|index| *index
                            children=move |index| view! { <StageEditor draft=draft index=index /> }
                        />
                    </ol>
                    <button
                        type="button"
                        class="btn"
                        data-testid="add-stage"
                        on:click=move |_| {
                            draft.id_refused.set(None);
                            draft.edit(|m| {
                                m.add_stage();
                            });
                        }
                    >
                        "+ " {move || tr().add_stage()}
                    </button>
                </section>
                <icp::IcpEditor draft=draft />
                <windows::WindowsEditor draft=draft />
                <funnel::FunnelEditor draft=draft />
                <declarations::FieldsEditor draft=draft />
                <declarations::KindsEditor draft=draft />
            </div>
            <aside class="model-side">
                <WhatIfPanel draft=draft />
            </aside>
        </div>
    }
}

/// The presets, each with what it is for; one click loads it into the editor.
#[component]
fn Presets(draft: Draft) -> impl IntoView {
    let tr = use_tr();
    let I18n(lang) = expect_context::<I18n>();
    let about = |name: &str, tr: Tr| match name {
        "b2b" => tr.preset_b2b(),
        "messaging" => tr.preset_messaging(),
        "funnel" => tr.preset_funnel(),
        _ => tr.preset_hubspot(),
    };
    let cards = Model::PRESETS
        .iter()
        .filter_map(|&name| Model::preset(name).map(|preset| (name, preset)))
        .map(|(name, preset)| {
            let title = preset.name.clone();
            let swatches = preset
                .stages
                .iter()
                .rev()
                .map(|s| view! { <span class="swatch" style:--stage-colour=s.colour.clone()></span> })
                .collect_view();
            let loaded = {
                let preset = preset.clone();
                move || draft.current.with(|m| m.as_ref() == Some(&preset))
            };
            let pick = move |_| {
                let preset = preset.clone();
                draft.id_refused.set(None);
                draft.edit(move |m| *m = preset);
            };
            view! {
                <button
                    type="button"
                    class="preset"
                    aria-pressed=move || loaded().to_string()
                    data-testid=format!("preset-{name}")
                    on:click=pick
                >
                    <span class="preset-head">
                        <strong>{move || match lang.get() { Lang::En => title.en.clone(), Lang::Ru => title.ru.clone() }}</strong>
                        <Show when=loaded.clone()>
                            <span class="preset-tag">{move || tr().preset_loaded()}</span>
                        </Show>
                    </span>
                    <span class="preset-about">{move || about(name, tr())}</span>
                    <span class="swatches" aria-hidden="true">{swatches}</span>
                </button>
            }
        })
        .collect_view();
    view! {
        <section class="card" data-testid="presets">
            <h2>{move || tr().presets_title()}</h2>
            <p class="caption">{move || tr().presets_note()}</p>
            <div class="presets">{cards}</div>
        </section>
    }
}

/// Problems of the model as a whole (the ICP's, the funnel's, the windows'
/// and the declarations' show in their own cards).
#[component]
fn ModelProblems(draft: Draft) -> impl IntoView {
    let tr = use_tr();
    let general = move || {
        draft.errors.with(|errors| {
            errors
                .iter()
                .filter(|e| matches!(e.place, Place::Model | Place::Filter))
                .map(|e| lifecycle_core::Localized::message(e, tr().0))
                .collect::<Vec<_>>()
        })
    };
    view! {
        <Show when=move || !general().is_empty()>
            <div class="problems" role="alert" data-testid="model-problems">
                <strong>{move || tr().model_problems()}</strong>
                <ul>{move || general().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul>
            </div>
        </Show>
    }
}

fn kind_value(kind: StageKind) -> &'static str {
    match kind {
        StageKind::Open => "open",
        StageKind::Won => "won",
        StageKind::Dormant => "dormant",
        StageKind::Lost => "lost",
    }
}

fn parse_kind(value: &str) -> Option<StageKind> {
    [
        StageKind::Open,
        StageKind::Won,
        StageKind::Dormant,
        StageKind::Lost,
    ]
    .into_iter()
    .find(|&k| kind_value(k) == value)
}

/// One stage: its id, names, colour and kind, order buttons, and its rule
/// with the rule's problems under it.
#[component]
fn StageEditor(draft: Draft, index: usize) -> impl IntoView {
    let tr = use_tr();
    let I18n(lang) = expect_context::<I18n>();
    let count = move || draft.stage_count();
    let is_last = move || index + 1 == count();
    let errors = Memo::new(move |_| draft.stage_errors(index));
    let rule_errors = move || {
        errors.with(|e| {
            e.iter()
                .filter(|e| e.pos.is_some())
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let other_errors = move || {
        errors.with(|e| {
            e.iter()
                .filter(|e| e.pos.is_none())
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let rule_invalid = move || errors.with(|e| e.iter().any(|e| e.pos.is_some()));
    let rule_id = format!("rule-{index}");
    let errors_id = format!("rule-errors-{index}");
    let title = move || {
        draft.stage(index, |s| {
            let label = stage_label(s, lang.get());
            if label.trim().is_empty() {
                s.id.clone()
            } else {
                label
            }
        })
    };

    view! {
        <li class="stage-card" data-testid="stage" style:--stage-colour=move || draft.stage(index, |s| s.colour.clone())>
            <div class="stage-top">
                <span class="stage-number">{index + 1}</span>
                <span class="stage-title">{title}</span>
                <span class="stage-tools">
                    {icon_button(
                        "↑", "icon-btn", "stage-up",
                        tr_signal(Tr::move_up), tr_signal(Tr::move_up),
                        Signal::derive(move || index == 0),
                        NodeRef::new(),
                        Callback::new(move |()| {
                            draft.id_refused.set(None);
                            draft.edit(|m| m.move_stage(index, true));
                        }),
                    )}
                    {icon_button(
                        "↓", "icon-btn", "stage-down",
                        tr_signal(Tr::move_down), tr_signal(Tr::move_down),
                        Signal::derive(is_last),
                        NodeRef::new(),
                        Callback::new(move |()| {
                            draft.id_refused.set(None);
                            draft.edit(|m| m.move_stage(index, false));
                        }),
                    )}
                    {icon_button(
                        "✕", "icon-btn danger", "stage-delete",
                        tr_signal(Tr::delete_stage), tr_signal(Tr::delete_stage),
                        Signal::derive(|| false),
                        NodeRef::new(),
                        Callback::new(move |()| {
                            draft.id_refused.set(None);
                            draft.edit(|m| {
                                m.remove_stage(index);
                            });
                        }),
                    )}
                </span>
            </div>
            <div class="stage-fields">
                <label class="mini-field f-id">
                    <span>{move || tr().stage_id()}</span>
                    <input
                        class="mono"
                        data-testid="stage-id"
                        spellcheck="false"
                        aria-invalid=move || (draft.id_refused.get() == Some(index)).to_string()
                        prop:value=move || draft.stage(index, |s| s.id.clone())
                        on:input=move |ev| {
                            let id = event_target_value(&ev);
                            let mut refused = false;
                            draft.edit(|m| refused = m.rename_stage(index, &id).is_err());
                            draft.id_refused.set(refused.then_some(index));
                        }
                    />
                </label>
                <label class="mini-field f-en">
                    <span>{move || tr().label_en()}</span>
                    <input
                        data-testid="stage-label-en"
                        prop:value=move || draft.stage(index, |s| s.label.en.clone())
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            draft.edit_stage(index, |s| s.label.en = text);
                        }
                    />
                </label>
                <label class="mini-field f-ru">
                    <span>{move || tr().label_ru()}</span>
                    <input
                        data-testid="stage-label-ru"
                        prop:value=move || draft.stage(index, |s| s.label.ru.clone())
                        on:input=move |ev| {
                            let text = event_target_value(&ev);
                            draft.edit_stage(index, |s| s.label.ru = text);
                        }
                    />
                </label>
                <label class="mini-field f-colour">
                    <span>{move || tr().stage_colour()}</span>
                    <input
                        type="color"
                        data-testid="stage-colour"
                        prop:value=move || draft.stage(index, |s| s.colour.clone())
                        on:input=move |ev| {
                            let colour = event_target_value(&ev);
                            draft.edit_stage(index, |s| s.colour = colour);
                        }
                    />
                </label>
                <label class="mini-field f-kind">
                    <span>{move || tr().stage_kind()}</span>
                    <select
                        data-testid="stage-kind"
                        prop:value=move || draft.stage(index, |s| Some(kind_value(s.kind))).unwrap_or("open")
                        on:change=move |ev| {
                            if let Some(kind) = parse_kind(&event_target_value(&ev)) {
                                draft.edit_stage(index, |s| s.kind = kind);
                            }
                        }
                    >
                        <option value="open" title=move || tr().kind_open_about()>{move || tr().kind_open()}</option>
                        <option value="won" title=move || tr().kind_won_about()>{move || tr().kind_won()}</option>
                        <option value="dormant" title=move || tr().kind_dormant_about()>{move || tr().kind_dormant()}</option>
                        <option value="lost" title=move || tr().kind_lost_about()>{move || tr().kind_lost()}</option>
                    </select>
                </label>
            </div>
            <Show when=move || draft.id_refused.get() == Some(index)>
                <p class="field-error" data-testid="id-refused">{move || tr().id_taken()}</p>
            </Show>
            <ul class="field-errors">
                {move || other_errors().into_iter().map(|e| view! {
                    <li class="field-error" data-testid="stage-problem">{problem_text(&e, tr().0)}</li>
                }).collect_view()}
            </ul>
            <label class="rule-label" for=rule_id.clone()>{move || tr().stage_rule()}</label>
            <textarea
                id=rule_id
                class="rule-input mono"
                data-testid="stage-rule"
                spellcheck="false"
                rows=move || draft.stage(index, |s| s.rule.lines().count()).clamp(1, 8).to_string()
                aria-invalid=move || rule_invalid().to_string()
                aria-describedby=errors_id.clone()
                prop:value=move || draft.stage(index, |s| s.rule.clone())
                on:input=move |ev| {
                    let rule = event_target_value(&ev);
                    draft.edit_stage(index, |s| s.rule = rule);
                }
            ></textarea>
            <Show when=is_last>
                <p class="caption catch-all">{move || tr().catch_all()}</p>
            </Show>
            <div id=errors_id class="rule-errors" aria-live="polite">
                {move || {
                    let rule = draft.stage(index, |s| s.rule.clone());
                    rule_errors()
                        .into_iter()
                        .map(|e| view! { <RuleProblem rule=rule.clone() error=e /> })
                        .collect_view()
                }}
            </div>
        </li>
    }
}

fn problem_text(error: &ModelError, lang: Lang) -> String {
    let (message, hint) = (error.problem.message(lang), error.problem.hint(lang));
    if hint.is_empty() {
        message
    } else {
        format!("{message} ({hint})")
    }
}

/// A rule error in place: where it is, what is wrong, the hint, and the rule's
/// line with the offending text marked.
#[component]
fn RuleProblem(rule: String, error: ModelError) -> impl IntoView {
    let tr = use_tr();
    let pos = error.pos.unwrap_or(Pos { line: 1, column: 1 });
    let span = error_span(&rule, pos);
    let chars: Vec<char> = rule.chars().collect();
    // The line the error is on, cut into the text before, at and after it.
    let line_start = chars[..span.start.min(chars.len())]
        .iter()
        .rposition(|&c| c == '\n')
        .map_or(0, |i| i + 1);
    let line_end = chars[span.start.min(chars.len())..]
        .iter()
        .position(|&c| c == '\n')
        .map_or(chars.len(), |i| i + span.start);
    let text = |from: usize, to: usize| chars[from..to.max(from)].iter().collect::<String>();
    let before = text(line_start, span.start);
    let marked = text(span.start, span.end.min(line_end));
    let after = text(span.end.min(line_end), line_end);
    let at_end = marked.is_empty();
    let hint = error.hint.clone();
    let problem = StoredValue::new(error.problem.clone());
    view! {
        <div class="rule-problem" data-testid="rule-error">
            <p class="rule-problem-text">
                <span class="rule-problem-pos" data-testid="rule-error-pos">
                    {move || format!("{} {}, {} {}", tr().at_line(), pos.line, tr().at_char(), pos.column)}
                </span>
                <span data-testid="rule-error-message">{move || problem.with_value(|p| p.message(tr().0))}</span>
            </p>
            <pre class="rule-excerpt" aria-hidden="true"><code>
                {before}
                <mark class=if at_end { "at-end" } else { "" } data-testid="rule-error-span">{marked}</mark>
                {after}
            </code></pre>
            <Show when=move || !hint.is_empty()>
                <p class="rule-problem-hint">
                    <strong>{move || tr().hint()} ": "</strong>
                    {move || problem.with_value(|p| p.hint(tr().0))}
                </p>
            </Show>
        </div>
    }
}

/// The what-if: how many contacts would move between which stages today,
/// each move opening to its contacts.
#[component]
fn WhatIfPanel(draft: Draft) -> impl IntoView {
    let tr = use_tr();
    let I18n(lang) = expect_context::<I18n>();
    let preview = Memo::new(move |_| {
        let Some(ws) = draft.workspace.get() else {
            return Preview::Idle;
        };
        let Some(model) = draft.preview.get() else {
            return Preview::Idle;
        };
        if model == *ws.engine.model() {
            return Preview::Idle;
        }
        match ws.what_if(&model) {
            Ok(what_if) => Preview::Moves(ws, Box::new(model), what_if),
            Err(_) => Preview::Blocked,
        }
    });
    let today = move || {
        draft
            .workspace
            .with(|w| w.as_ref().map(|w| fmt_date(w.today, lang.get())))
            .unwrap_or_default()
    };
    let body = move || {
        // Problems show at once, before the debounced what-if catches up.
        if draft.dirty() && draft.errors.with(|e| !e.is_empty()) {
            return view! { <p class="muted" data-testid="whatif-blocked">{move || tr().whatif_blocked()}</p> }
                .into_any();
        }
        match preview.get() {
            Preview::Idle => view! { <p class="muted" data-testid="whatif-idle">{move || tr().whatif_idle()}</p> }
                .into_any(),
            Preview::Blocked => view! { <p class="muted" data-testid="whatif-blocked">{move || tr().whatif_blocked()}</p> }
                .into_any(),
            Preview::Moves(ws, model, what_if) => moves_view(&ws, &model, &what_if, lang.get(), tr()),
        }
    };
    // Which parts of the model the draft changes: a funnel or a declaration
    // may change nobody's stage and still be worth saving.
    let changed = move || {
        let saved = draft
            .workspace
            .with(|w| w.as_ref().map(|w| w.engine.model().clone()))?;
        let parts = draft
            .draft
            .with(|d| d.as_ref().map(|d| d.changed_parts(&saved)))?;
        (!parts.is_empty()).then(|| {
            parts
                .into_iter()
                .map(|part| part_name(part, tr()))
                .collect::<Vec<_>>()
                .join(", ")
        })
    };
    view! {
        <section class="card whatif" data-testid="whatif" aria-live="polite">
            <h2>{move || tr().whatif_title()}</h2>
            <p class="caption">{move || tr().whatif_as_of()} " " {today}</p>
            {move || changed().map(|parts| view! {
                <p class="whatif-changed">
                    <span class="muted">{tr().changed_parts()} ": "</span>
                    <span data-testid="whatif-changed">{parts}</span>
                </p>
            })}
            {body}
        </section>
    }
}

fn part_name(part: Part, tr: Tr) -> &'static str {
    match part {
        Part::Identity => tr.part_identity(),
        Part::Stages => tr.part_stages(),
        Part::Icp => tr.icp_short(),
        Part::Windows => tr.windows_title(),
        Part::Funnel => tr.funnel_editor_title(),
        Part::Fields => tr.fields_title(),
        Part::Kinds => tr.kinds_title(),
    }
}

fn moves_view(ws: &Workspace, model: &Model, what_if: &WhatIf, lang: Lang, tr: Tr) -> AnyView {
    let base = expect_context::<BasePath>();
    let old = ws.engine.model();
    // A stage's label and colour: `from` ids are the saved model's, `to` the draft's.
    let stage_of = |model: &Model, id: &str| {
        model
            .stages
            .iter()
            .find(|s| s.id == id)
            .map(|s| (stage_label(s, lang), s.colour.clone()))
            .unwrap_or_else(|| {
                (
                    format!("{id} ({})", tr.whatif_removed()),
                    "#94a3b8".to_owned(),
                )
            })
    };
    let moving: usize = what_if.moves.iter().map(|m| m.contacts.len()).sum();
    let summary = view! {
        <dl class="whatif-totals">
            <div>
                <dt>{tr.whatif_moving()}</dt>
                <dd data-testid="whatif-moving">{fmt_int(moving as i64, lang)}</dd>
            </div>
            <div>
                <dt>{tr.whatif_unchanged()}</dt>
                <dd data-testid="whatif-unchanged">{fmt_int(i64::from(what_if.unchanged), lang)}</dd>
            </div>
        </dl>
    };
    if what_if.moves.is_empty() {
        return view! {
            {summary}
            <p class="muted" data-testid="whatif-nothing">{tr.whatif_nothing()}</p>
        }
        .into_any();
    }
    let mut moves: Vec<_> = what_if.moves.iter().collect();
    moves.sort_by_key(|m| std::cmp::Reverse(m.contacts.len()));
    let rows = moves
        .into_iter()
        .map(|m| {
            let (from, from_colour) = stage_of(old, &m.from);
            let (to, to_colour) = stage_of(model, &m.to);
            let total = m.contacts.len();
            let names = m
                .contacts
                .iter()
                .take(LIST_CAP)
                .map(|&idx| {
                    let (id, name) = ws.contact_name(idx);
                    let href = base.href(&format!("/contacts/{}", crate::browser::encode_component(&id)));
                    view! { <li><a href=href data-testid="whatif-contact">{name}</a></li> }
                })
                .collect_view();
            let more = (total > LIST_CAP).then(|| {
                view! {
                    <p class="caption more">
                        {shown_text(LIST_CAP, total, lang)}
                    </p>
                }
            });
            view! {
                <details class="move" data-testid="whatif-move">
                    <summary>
                        <span class="move-text" data-testid="whatif-text">{moves_text(total, &from, &to, lang)}</span>
                        <span class="move-path" aria-hidden="true">
                            <span class="badge" style:--stage-colour=from_colour>{from.clone()}</span>
                            <span class="arrow">"→"</span>
                            <span class="badge" style:--stage-colour=to_colour>{to.clone()}</span>
                            <span class="move-count" data-testid="whatif-count">{fmt_int(total as i64, lang)}</span>
                        </span>
                    </summary>
                    <ul class="move-contacts">{names}</ul>
                    {more}
                </details>
            }
        })
        .collect_view();
    view! {
        {summary}
        <div class="moves">{rows}</div>
    }
    .into_any()
}

/// Where the model's rules name a window, field or kind: the ICP and the
/// stages by their labels, or that none does.
#[component]
fn UsedBy(draft: Draft, of: Reference) -> impl IntoView {
    let tr = use_tr();
    let I18n(lang) = expect_context::<I18n>();
    let places = move || {
        draft.model(|m| {
            m.uses(&of)
                .into_iter()
                .map(|place| match place {
                    Place::Stage(id) => m
                        .stages
                        .iter()
                        .find(|s| s.id == id)
                        .map(|s| (stage_label(s, lang.get()), s.colour.clone()))
                        .unwrap_or((id, "#94a3b8".to_owned())),
                    _ => (tr().icp_short().to_owned(), "#94a3b8".to_owned()),
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <span class="used-by" data-testid="used-by">
            {move || {
                let places = places();
                if places.is_empty() {
                    view! { <span class="muted">{tr().unused()}</span> }.into_any()
                } else {
                    view! {
                        <span class="muted">{tr().used_by()} ": "</span>
                        {places
                            .into_iter()
                            .map(|(label, colour)| view! { <span class="badge small" style:--stage-colour=colour>{label}</span> })
                            .collect_view()}
                    }
                    .into_any()
                }
            }}
        </span>
    }
}

/// Renaming a window, field or kind: a button that opens a name input;
/// the rename rewrites the rules in the draft (the what-if shows who would
/// move) or is refused in place.
#[component]
fn RenameForm(draft: Draft, of: Reference) -> impl IntoView {
    let tr = use_tr();
    let open = RwSignal::new(false);
    let text = RwSignal::new(String::new());
    let error = RwSignal::new(None::<ModelError>);
    let old = StoredValue::new(match &of {
        Reference::Window(n) | Reference::Field(n) | Reference::Kind(n) => n.clone(),
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let new = text.get_untracked().trim().to_owned();
        let mut result = Ok(());
        draft.edit(|m| result = m.rename(&of, &new));
        match result {
            Ok(()) => open.set(false),
            Err(e) => error.set(Some(e)),
        }
    };
    view! {
        <Show
            when=move || open.get()
            fallback=move || icon_button(
                "✎", "icon-btn", "rename",
                tr_signal(Tr::rename),
                Signal::derive(move || format!("{}: {}", tr().rename(), old.get_value())),
                Signal::derive(|| false),
                NodeRef::new(),
                Callback::new(move |()| {
                    text.set(old.get_value());
                    error.set(None);
                    open.set(true);
                }),
            )
        >
            <form class="rename-form" on:submit=submit.clone() data-testid="rename-form">
                <label class="mini-field">
                    <span>{move || tr().rename_to()}</span>
                    <input
                        class="mono"
                        data-testid="rename-input"
                        spellcheck="false"
                        aria-invalid=move || error.with(Option::is_some).to_string()
                        prop:value=text
                        on:input=move |ev| text.set(event_target_value(&ev))
                    />
                </label>
                <button type="submit" class="btn small" data-testid="rename-apply">{move || tr().rename()}</button>
                <button type="button" class="btn small" on:click=move |_| open.set(false)>{move || tr().cancel()}</button>
                <p class="caption">{move || tr().rename_about()}</p>
                {move || error.get().map(|e| view! { <p class="field-error" role="alert" data-testid="rename-error">{problem_text(&e, tr().0)}</p> })}
            </form>
        </Show>
    }
}

/// One icon button of the model page (move, remove, rename): `title` is its
/// tooltip, `label` its accessible name. One function, not generic over its
/// closures, for all of them keeps the app's wasm small.
#[allow(clippy::too_many_arguments)]
fn icon_button(
    glyph: &'static str,
    class: &'static str,
    testid: &'static str,
    title: Signal<String>,
    label: Signal<String>,
    disabled: Signal<bool>,
    node_ref: NodeRef<leptos::html::Button>,
    on_click: Callback<()>,
) -> AnyView {
    view! {
        <button
            type="button"
            class=class
            title=move || title.get()
            aria-label=move || label.get()
            data-testid=testid
            disabled=move || disabled.get()
            node_ref=node_ref
            on:click=move |_| on_click.run(())
        >
            {glyph}
        </button>
    }
    .into_any()
}

/// A fixed text of the app as a signal, for [`icon_button`].
fn tr_signal(key: fn(Tr) -> &'static str) -> Signal<String> {
    let tr = use_tr();
    Signal::derive(move || key(tr()).to_owned())
}
