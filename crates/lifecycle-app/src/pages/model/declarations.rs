//! The custom fields and custom event kinds the model declares: each with
//! its type (fields) or direction and win flag (kinds), where rules use it,
//! removing it, and declaring a new one, refused in place when the name is
//! taken, built in or cannot be written in a rule.

use leptos::prelude::*;
use lifecycle_core::Direction;
use lifecycle_core::edit::{Reference, custom_kind_counts, field_type_in};
use lifecycle_core::model::{FieldType, ModelError, Place};

use super::{Draft, RenameForm, UsedBy, icon_button, problem_text, tr_signal};
use crate::i18n::{I18n, Tr, events_word, field_type_word, fmt_int, use_tr};

/// The type a choice's value names (a select's values are the types' own
/// names).
fn parse_type(value: &str) -> FieldType {
    FieldType::parse(value).unwrap_or(FieldType::Text)
}

fn type_options(tr: impl Fn() -> Tr + Copy + Send + Sync + 'static) -> impl IntoView {
    FieldType::ALL
        .into_iter()
        .map(|t| view! { <option value=t.as_str()>{move || field_type_word(t, tr())}</option> })
        .collect_view()
}

fn direction_value(direction: Direction) -> &'static str {
    match direction {
        Direction::Client => "client",
        Direction::Company => "company",
    }
}

fn parse_direction(value: &str) -> Direction {
    if value == "company" {
        Direction::Company
    } else {
        Direction::Client
    }
}

#[component]
pub(super) fn FieldsEditor(draft: Draft) -> impl IntoView {
    let tr = use_tr();
    let names =
        move || draft.model(|m| m.fields.iter().map(|f| f.name.clone()).collect::<Vec<_>>());
    let new_name = RwSignal::new(String::new());
    let new_type = RwSignal::new(FieldType::Text);
    let add_error = RwSignal::new(None::<ModelError>);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = new_name.get_untracked().trim().to_owned();
        let mut result = Ok(());
        draft.edit(|m| result = m.add_field(&name, new_type.get_untracked()));
        match result {
            Ok(()) => {
                add_error.set(None);
                new_name.set(String::new());
            }
            Err(e) => add_error.set(Some(e)),
        }
    };
    // Fields rules name without a declaration: they work with this base;
    // one click declares each with the type the contacts have.
    let undeclared = move || {
        let ws = draft.workspace.get();
        draft.model(|m| {
            m.undeclared_fields()
                .into_iter()
                .map(|name| {
                    let ty = ws
                        .as_ref()
                        .and_then(|ws| field_type_in(ws.engine.base(), &name))
                        .unwrap_or(FieldType::Text);
                    (name, ty)
                })
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="card" data-testid="fields">
            <h2>{move || tr().fields_title()}</h2>
            <p class="caption">{move || tr().fields_about()}</p>
            <ul class="decl-list">
                <For
                    each=names
                    key=|name| name.clone()
                    children=move |name| view! { <FieldRow draft=draft name=name /> }
                />
            </ul>
            <Show when=move || names().is_empty()>
                <p class="muted decl-none">{move || tr().none_declared()}</p>
            </Show>
            <DeclareNotice
                testid="undeclared-fields"
                item_testid="undeclared-field"
                button_testid="field-declare"
                heading=Tr::undeclared_fields
                items=Signal::derive(move || {
                    undeclared()
                        .into_iter()
                        .map(|(name, ty)| (format!("field.{name}"), field_type_word(ty, tr()).to_owned(), name))
                        .collect()
                })
                declare=Callback::new(move |i: usize| {
                    if let Some((name, ty)) = undeclared().get(i).cloned() {
                        draft.edit(|m| {
                            let _ = m.add_field(&name, ty);
                        });
                    }
                })
            />
            <form class="decl-add" on:submit=add>
                <label class="mini-field">
                    <span>{move || tr().name_label()}</span>
                    <input
                        class="mono"
                        data-testid="field-new-name"
                        spellcheck="false"
                        placeholder="employees"
                        aria-invalid=move || add_error.with(Option::is_some).to_string()
                        prop:value=new_name
                        on:input=move |ev| new_name.set(event_target_value(&ev))
                    />
                </label>
                <label class="mini-field">
                    <span>{move || tr().field_type()}</span>
                    <select
                        data-testid="field-new-type"
                        prop:value=move || new_type.get().as_str()
                        on:change=move |ev| new_type.set(parse_type(&event_target_value(&ev)))
                    >
                        {type_options(tr)}
                    </select>
                </label>
                <button type="submit" class="btn" data-testid="field-add">"+ " {move || tr().add_field()}</button>
            </form>
            {move || add_error.get().map(|e| view! { <p class="field-error" role="alert" data-testid="field-add-error">{problem_text(&e, tr().0)}</p> })}
        </section>
    }
}

/// One declared field: its name, type, whether contacts have it, where
/// rules use it, and a remove button.
#[component]
fn FieldRow(draft: Draft, name: String) -> impl IntoView {
    let tr = use_tr();
    let index = Memo::new({
        let name = name.clone();
        move |_| draft.model(|m| m.fields.iter().position(|f| f.name == name))
    });
    let ty = move || draft.model(|m| index.get().and_then(|i| m.fields.get(i)).map(|f| f.ty));
    let in_data = {
        let name = name.clone();
        move || {
            draft.workspace.with(|w| {
                w.as_ref()
                    .is_some_and(|w| w.engine.base().field_index(&name).is_some())
            })
        }
    };
    let select_id = format!("field-{name}");
    let problems = {
        let name = name.clone();
        move || draft.errors_at(&Place::Field(name.clone()))
    };
    view! {
        <li class="decl-row" data-testid="field" data-name=name.clone()>
            <label class="decl-name mono" for=select_id.clone()>"field." {name.clone()}</label>
            <span class="decl-input">
                <select
                    id=select_id
                    data-testid="field-type"
                    prop:value=move || ty().map_or("text", FieldType::as_str)
                    on:change=move |ev| {
                        let ty = parse_type(&event_target_value(&ev));
                        if let Some(i) = index.get_untracked() {
                            draft.edit(|m| m.set_field_type(i, ty));
                        }
                    }
                >
                    {type_options(tr)}
                </select>
                <Show when=in_data.clone()>
                    <span class="in-data" title=move || tr().in_your_data()>"✓ " {move || tr().in_your_data()}</span>
                </Show>
            </span>
            <UsedBy draft=draft of=Reference::Field(name.clone()) />
            {icon_button(
                "✕", "icon-btn danger", "field-remove",
                tr_signal(Tr::remove_field),
                Signal::derive({
                    let name = name.clone();
                    move || format!("{}: {name}", tr().remove_field())
                }),
                Signal::derive(|| false),
                NodeRef::new(),
                Callback::new(move |()| {
                    if let Some(i) = index.get_untracked() {
                        draft.edit(|m| {
                            m.remove_field(i);
                        });
                    }
                }),
            )}
            <RenameForm draft=draft of=Reference::Field(name.clone()) />
            <div class="decl-notes">
                {move || problems().into_iter().map(|e| view! { <p class="field-error" data-testid="field-problem">{problem_text(&e, tr().0)}</p> }).collect_view()}
            </div>
        </li>
    }
}

#[component]
pub(super) fn KindsEditor(draft: Draft) -> impl IntoView {
    let tr = use_tr();
    let names = move || draft.model(|m| m.kinds.iter().map(|k| k.name.clone()).collect::<Vec<_>>());
    let new_name = RwSignal::new(String::new());
    let new_direction = RwSignal::new(Direction::Client);
    let add_error = RwSignal::new(None::<ModelError>);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let name = new_name.get_untracked().trim().to_owned();
        let mut result = Ok(());
        draft.edit(|m| result = m.add_kind(&name, new_direction.get_untracked()));
        match result {
            Ok(()) => {
                add_error.set(None);
                new_name.set(String::new());
            }
            Err(e) => add_error.set(Some(e)),
        }
    };
    // Custom kinds the events have that the model does not declare, with
    // their event counts: one click declares each.
    let I18n(lang) = expect_context::<I18n>();
    let counts = Memo::new(move |_| {
        draft
            .workspace
            .with(|w| w.as_ref().map(|w| custom_kind_counts(w.engine.base())))
            .unwrap_or_default()
    });
    let found = move || counts.with(|c| draft.model(|m| m.undeclared_kinds(c)));
    let kind_problems = move || {
        draft.errors.with(|errors| {
            errors
                .iter()
                .filter(|e| matches!(&e.place, Place::Kind(_)))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    view! {
        <section class="card" data-testid="kinds">
            <h2>{move || tr().kinds_title()}</h2>
            <p class="caption">{move || tr().kinds_about()}</p>
            <ul class="decl-list">
                <For
                    each=names
                    key=|name| name.clone()
                    children=move |name| view! { <KindRow draft=draft name=name /> }
                />
            </ul>
            <Show when=move || names().is_empty()>
                <p class="muted decl-none" data-testid="kinds-none">{move || tr().none_declared()}</p>
            </Show>
            <DeclareNotice
                testid="undeclared-kinds"
                item_testid="found-kind"
                button_testid="kind-declare"
                heading=Tr::kinds_found
                items=Signal::derive(move || {
                    let lang = lang.get();
                    found()
                        .into_iter()
                        .map(|(name, n)| {
                            let detail = format!("{} {}", fmt_int(n as i64, lang), events_word(n, lang));
                            (name.clone(), detail, name)
                        })
                        .collect()
                })
                declare=Callback::new(move |i: usize| {
                    if let Some((name, _)) = found().get(i).cloned() {
                        draft.edit(|m| {
                            let _ = m.add_kind(&name, Direction::Client);
                        });
                    }
                })
            />
            <ul class="field-errors">
                {move || kind_problems().into_iter().map(|e| view! { <li class="field-error" data-testid="kind-problem">{problem_text(&e, tr().0)}</li> }).collect_view()}
            </ul>
            <form class="decl-add" on:submit=add>
                <label class="mini-field">
                    <span>{move || tr().name_label()}</span>
                    <input
                        class="mono"
                        data-testid="kind-new-name"
                        spellcheck="false"
                        placeholder="webinar"
                        aria-invalid=move || add_error.with(Option::is_some).to_string()
                        prop:value=new_name
                        on:input=move |ev| new_name.set(event_target_value(&ev))
                    />
                </label>
                <label class="mini-field">
                    <span>{move || tr().kind_direction()}</span>
                    <select
                        data-testid="kind-new-direction"
                        prop:value=move || direction_value(new_direction.get())
                        on:change=move |ev| new_direction.set(parse_direction(&event_target_value(&ev)))
                    >
                        <option value="client">{move || tr().direction_client()}</option>
                        <option value="company">{move || tr().direction_company()}</option>
                    </select>
                </label>
                <button type="submit" class="btn" data-testid="kind-add">"+ " {move || tr().add_kind()}</button>
            </form>
            {move || add_error.get().map(|e| view! { <p class="field-error" role="alert" data-testid="kind-add-error">{problem_text(&e, tr().0)}</p> })}
        </section>
    }
}

/// One declared kind: its name, direction, win flag, where rules use it,
/// and a remove button.
#[component]
fn KindRow(draft: Draft, name: String) -> impl IntoView {
    let tr = use_tr();
    let index = Memo::new({
        let name = name.clone();
        move |_| draft.model(|m| m.kinds.iter().position(|k| k.name == name))
    });
    let decl = move || {
        draft.model(|m| {
            index
                .get()
                .and_then(|i| m.kinds.get(i))
                .map(|k| (k.direction, k.win))
        })
    };
    let set = move |direction: Option<Direction>, win: Option<bool>| {
        let (Some(i), Some((d, w))) = (index.get_untracked(), decl()) else {
            return;
        };
        draft.edit(|m| m.set_kind(i, direction.unwrap_or(d), win.unwrap_or(w)));
    };
    let select_id = format!("kind-{name}");
    view! {
        <li class="decl-row" data-testid="kind" data-name=name.clone()>
            <label class="decl-name mono" for=select_id.clone()>{name.clone()}</label>
            <span class="decl-input">
                <select
                    id=select_id
                    data-testid="kind-direction"
                    prop:value=move || decl().map_or("client", |(d, _)| direction_value(d))
                    on:change=move |ev| set(Some(parse_direction(&event_target_value(&ev))), None)
                >
                    <option value="client">{move || tr().direction_client()}</option>
                    <option value="company">{move || tr().direction_company()}</option>
                </select>
                <label class="kind-win">
                    <input
                        type="checkbox"
                        data-testid="kind-win"
                        prop:checked=move || decl().is_some_and(|(_, w)| w)
                        on:change=move |ev| set(None, Some(event_target_checked(&ev)))
                    />
                    {move || tr().kind_is_win()}
                </label>
            </span>
            <UsedBy draft=draft of=Reference::Kind(name.clone()) />
            {icon_button(
                "✕", "icon-btn danger", "kind-remove",
                tr_signal(Tr::remove_kind),
                Signal::derive({
                    let name = name.clone();
                    move || format!("{}: {name}", tr().remove_kind())
                }),
                Signal::derive(|| false),
                NodeRef::new(),
                Callback::new(move |()| {
                    if let Some(i) = index.get_untracked() {
                        draft.edit(|m| {
                            m.remove_kind(i);
                        });
                    }
                }),
            )}
            <RenameForm draft=draft of=Reference::Kind(name.clone()) />
        </li>
    }
}

/// Names the rules or the data use that the model does not declare: each
/// (what to show, its detail, its name) with a button that declares it. One
/// component for the fields and the kinds keeps the app's wasm small.
#[component]
fn DeclareNotice(
    testid: &'static str,
    item_testid: &'static str,
    button_testid: &'static str,
    heading: fn(Tr) -> &'static str,
    items: Signal<Vec<(String, String, String)>>,
    declare: Callback<usize>,
) -> impl IntoView {
    let tr = use_tr();
    move || {
        let items = items.get();
        (!items.is_empty()).then(|| {
            view! {
                <div class="decl-notice" data-testid=testid>
                    <p>{move || heading(tr())}</p>
                    <ul class="decl-chips">
                        {items.into_iter().enumerate().map(|(i, (shown, detail, name))| view! {
                            <li data-testid=item_testid data-name=name>
                                <code>{shown}</code>
                                " · " {detail} " "
                                <button type="button" class="btn small" data-testid=button_testid on:click=move |_| declare.run(i)>
                                    {move || tr().declare()}
                                </button>
                            </li>
                        }).collect_view()}
                    </ul>
                </div>
            }
        })
    }
}
