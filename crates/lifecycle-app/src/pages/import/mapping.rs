//! Step 3: where each column goes, what each deal status means, the order of
//! ambiguous dates, and what to do when records meet.

use leptos::ev;
use leptos::prelude::*;
use lifecycle_io::csv::SAMPLE_ROWS;
use lifecycle_io::import::{DuplicatePolicy, UnknownContacts};
use lifecycle_io::mapping::{
    ColumnMapping, DealOutcome, FieldType, FileKind, MappingReason, Target, field_key, infer_type,
};
use lifecycle_io::values::DateOrder;

use super::{Label, MAX_STATUSES, Step, Wizard};
use crate::i18n::{I18n, Lang, Tr, field_type_word, fill, fmt_int, use_tr};
use crate::state::use_workspace;
use crate::storage::use_db;

/// The targets a column can be given, by their `<option>` value.
const SIMPLE_TARGETS: [(&str, Target); 19] = [
    ("id", Target::Id),
    ("name", Target::Name),
    ("first_name", Target::FirstName),
    ("last_name", Target::LastName),
    ("company", Target::Company),
    ("email", Target::Email),
    ("phone", Target::Phone),
    ("source", Target::Source),
    ("owner", Target::Owner),
    ("tags", Target::Tags),
    ("created", Target::Created),
    ("date", Target::Date),
    ("time", Target::Time),
    ("kind", Target::Kind),
    ("amount", Target::Amount),
    ("score", Target::Score),
    ("channel", Target::Channel),
    ("note", Target::Note),
    ("status", Target::Status),
];

fn target_key(target: &Target) -> &'static str {
    match target {
        Target::Custom { .. } => "custom",
        Target::Ignore => "ignore",
        t => SIMPLE_TARGETS
            .iter()
            .find(|(_, s)| s == t)
            .map_or("ignore", |(k, _)| k),
    }
}

fn target_label(key: &str, tr: Tr) -> &'static str {
    match key {
        "id" => tr.target_id(),
        "name" => tr.target_name(),
        "first_name" => tr.target_first_name(),
        "last_name" => tr.target_last_name(),
        "company" => tr.target_company(),
        "email" => tr.target_email(),
        "phone" => tr.target_phone(),
        "source" => tr.target_source(),
        "owner" => tr.target_owner(),
        "tags" => tr.target_tags(),
        "created" => tr.target_created(),
        "date" => tr.target_date(),
        "time" => tr.target_time(),
        "kind" => tr.target_kind(),
        "amount" => tr.target_amount(),
        "score" => tr.target_score(),
        "channel" => tr.target_channel(),
        "note" => tr.target_note(),
        "status" => tr.target_status(),
        "custom" => tr.target_custom(),
        _ => tr.target_ignore(),
    }
}

/// What a row of the mapping shows: its column, target and reason. (Not
/// their `Debug` text, whose code the app would carry only for this.)
fn mapping_key(m: &ColumnMapping) -> String {
    let custom = match &m.target {
        Target::Custom { name, ty } => format!("{name}/{}", ty.as_str()),
        _ => String::new(),
    };
    format!(
        "{}:{}:{custom}:{}",
        m.column,
        target_key(&m.target),
        reason_label(m.reason, Tr(Lang::En))
    )
}

fn reason_label(reason: MappingReason, tr: Tr) -> &'static str {
    match reason {
        MappingReason::Known => tr.reason_known(),
        MappingReason::Similar => tr.reason_similar(),
        MappingReason::CustomField => tr.reason_custom(),
        MappingReason::Unmapped => "",
        MappingReason::User => tr.reason_user(),
    }
}

/// Step 3: one row per column, deal statuses, and the policies.
#[component]
pub(super) fn MappingStep() -> impl IntoView {
    let tr = use_tr();
    let wizard = Wizard::use_context();
    let workspace = use_workspace().0;
    let db = use_db();
    let mapping = move || wizard.preview.get().map(|p| p.mapping).unwrap_or_default();
    let is_deals = move || {
        wizard
            .preview
            .with(|p| p.as_ref().is_some_and(|p| p.kind == FileKind::Deals))
    };
    view! {
        <section class="card table-scroll-card">
            <h2>{move || tr().mapping_title()}</h2>
            <p class="caption">{move || tr().mapping_caption()}</p>
            <div class="table-scroll" tabindex="0" role="region" aria-label=move || tr().mapping_title()>
                <table class="table mapping" data-testid="mapping-table">
                    <thead>
                        <tr>
                            <th>{move || tr().col_column()}</th>
                            <th>{move || tr().col_samples()}</th>
                            <th>{move || tr().col_target()}</th>
                        </tr>
                    </thead>
                    <tbody>
                        <For each=mapping key=mapping_key let:m>
                            <MappingRow mapping=m />
                        </For>
                    </tbody>
                </table>
            </div>
        </section>
        <Show when=is_deals>
            <StatusCard />
        </Show>
        <DateOrderCard />
        <section class="card" data-testid="policies">
            <h2>{move || tr().policies_title()}</h2>
            <div class="import-settings">
                <label class="field">
                    <span>{move || tr().duplicates()}</span>
                    <select
                        data-testid="policy-duplicates"
                        prop:value=move || match wizard.options.with(|o| o.duplicates) {
                            DuplicatePolicy::Skip => "skip",
                            DuplicatePolicy::Update => "update",
                            DuplicatePolicy::KeepBoth => "keep_both",
                        }
                        on:change=move |ev| {
                            let policy = match event_target_value(&ev).as_str() {
                                "update" => DuplicatePolicy::Update,
                                "keep_both" => DuplicatePolicy::KeepBoth,
                                _ => DuplicatePolicy::Skip,
                            };
                            wizard.options.update(|o| o.duplicates = policy);
                        }
                    >
                        <option value="skip">{move || tr().dup_skip()}</option>
                        <option value="update">{move || tr().dup_update()}</option>
                        <option value="keep_both">{move || tr().dup_keep_both()}</option>
                    </select>
                </label>
                <label class="field">
                    <span>{move || tr().unknown_contacts()}</span>
                    <select
                        data-testid="policy-unknown"
                        prop:value=move || match wizard.options.with(|o| o.unknown_contacts) {
                            UnknownContacts::Create => "create",
                            UnknownContacts::Report => "report",
                        }
                        on:change=move |ev| {
                            let policy = match event_target_value(&ev).as_str() {
                                "report" => UnknownContacts::Report,
                                _ => UnknownContacts::Create,
                            };
                            wizard.options.update(|o| o.unknown_contacts = policy);
                        }
                    >
                        <option value="create">{move || tr().unknown_create()}</option>
                        <option value="report">{move || tr().unknown_report()}</option>
                    </select>
                </label>
            </div>
        </section>
        <div class="wizard-actions">
            <button type="button" class="btn" on:click=move |_| wizard.step.set(Step::Preview)>{move || tr().back()}</button>
            <button
                type="button"
                class="btn primary"
                data-testid="to-check"
                // Checked against the stored base only once it is read.
                disabled=move || !db.ready()
                on:click=move |_| {
                    let current = workspace.get_untracked();
                    let shown = db.generation_shown(current.as_deref());
                    wizard.check(current, shown)
                }
            >
                {move || tr().next_check()}
            </button>
        </div>
        {move || crate::components::empty::db_pending(db)}
    }
}

/// One column: its header, a few values, and where it goes.
#[component]
pub(super) fn MappingRow(mapping: ColumnMapping) -> impl IntoView {
    let tr = use_tr();
    let wizard = Wizard::use_context();
    let column = mapping.column;
    let header = mapping.header.clone();
    let samples = wizard.table.with_untracked(|t| {
        t.as_ref()
            // The first rows only: counting every value of a million-row file
            // for each column blocked the page for half a second.
            .map(|t| t.sample_values(column, 3))
            .unwrap_or_default()
    });
    let key = target_key(&mapping.target);
    let custom_type = match &mapping.target {
        Target::Custom { ty, .. } => Some(*ty),
        _ => None,
    };
    let custom_name = match &mapping.target {
        Target::Custom { name, .. } => name.clone(),
        _ => field_key(&header, column),
    };
    let on_target = {
        let header = header.clone();
        move |ev: ev::Event| {
            let key = event_target_value(&ev);
            let target = match key.as_str() {
                "custom" => {
                    let ty = wizard.table.with_untracked(|t| {
                        t.as_ref().map_or(FieldType::Text, |t| {
                            let values: Vec<&str> = t
                                .rows
                                .iter()
                                .take(200)
                                .map(|r| r.fields.get(column).map_or("", String::as_str))
                                .collect();
                            infer_type(&values)
                        })
                    });
                    Target::Custom {
                        name: field_key(&header, column),
                        ty,
                    }
                }
                k => SIMPLE_TARGETS
                    .iter()
                    .find(|(s, _)| *s == k)
                    .map_or(Target::Ignore, |(_, t)| t.clone()),
            };
            wizard.set_target(column, target);
        }
    };
    let on_type = move |ev: ev::Event| {
        if let Some(ty) = FieldType::parse(&event_target_value(&ev)) {
            wizard.set_target(
                column,
                Target::Custom {
                    name: custom_name.clone(),
                    ty,
                },
            );
        }
    };
    let reason = mapping.reason;
    view! {
        <tr data-testid="mapping-row" class=if key == "ignore" { "ignored" } else { "" }>
            <td>
                <div class="mapping-header">
                    <strong>{header.clone()}</strong>
                    {move || {
                        let text = reason_label(reason, tr());
                        (!text.is_empty()).then(|| view! { <span class="chip">{text}</span> })
                    }}
                </div>
            </td>
            <td class="samples">
                {samples.into_iter().map(|s| { let title = s.clone(); view! { <span class="sample" title=title>{s}</span> } }).collect_view()}
            </td>
            <td>
                <div class="target-pick">
                    <select
                        aria-label=header.clone()
                        data-testid=format!("target-{column}")
                        prop:value=key
                        on:change=on_target
                    >
                        {move || {
                            SIMPLE_TARGETS
                                .iter()
                                .map(|(k, _)| *k)
                                .chain(["custom", "ignore"])
                                .map(|k| view! { <option value=k>{target_label(k, tr())}</option> })
                                .collect_view()
                        }}
                    </select>
                    {custom_type.map(|ty| view! {
                        <select
                            aria-label=move || tr().col_type()
                            data-testid=format!("type-{column}")
                            prop:value=ty.as_str()
                            on:change=on_type
                        >
                            {move || FieldType::ALL
                                .into_iter()
                                .map(|t| view! { <option value=t.as_str()>{field_type_word(t, tr())}</option> })
                                .collect_view()}
                        </select>
                    })}
                </div>
            </td>
        </tr>
    }
}

/// The day/month order of date columns written with slashes, when a file has them.
#[component]
pub(super) fn DateOrderCard() -> impl IntoView {
    let tr = use_tr();
    let wizard = Wizard::use_context();
    let columns = move || {
        wizard
            .preview
            .with(|p| p.as_ref().map(|p| p.date_columns.clone()))
            .unwrap_or_default()
    };
    let order_label = move |order: DateOrder| match order {
        DateOrder::DayFirst => tr().date_day_first(),
        DateOrder::MonthFirst => tr().date_month_first(),
    };
    view! {
        <Show when=move || !columns().is_empty()>
            <section class="card" data-testid="date-order">
                <h2>{move || tr().date_order_title()}</h2>
                <p class="caption">{move || tr().date_order_caption()}</p>
                <SampledNote text=Tr::sampled_dates test_id="dates-sampled" />
                <ul class="date-columns">
                    {move || columns()
                        .into_iter()
                        .map(|d| {
                            let note = if d.guess.conflicting {
                                Some(tr().date_conflicting())
                            } else if d.guess.needs_confirmation {
                                Some(tr().date_to_confirm())
                            } else {
                                None
                            };
                            view! {
                                <li>
                                    <strong>{d.header}</strong>
                                    <span class="muted">{order_label(d.guess.order)}</span>
                                    {note.map(|n| view! { <span class="chip warn">{n}</span> })}
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
                <label class="field">
                    <span>{move || tr().date_order_label()}</span>
                    <select
                        data-testid="date-order-select"
                        prop:value=move || match wizard.options.with(|o| o.date_order) {
                            None => "auto",
                            Some(DateOrder::DayFirst) => "day",
                            Some(DateOrder::MonthFirst) => "month",
                        }
                        on:change=move |ev| {
                            let order = match event_target_value(&ev).as_str() {
                                "day" => Some(DateOrder::DayFirst),
                                "month" => Some(DateOrder::MonthFirst),
                                _ => None,
                            };
                            wizard.options.update(|o| o.date_order = order);
                        }
                    >
                        <option value="auto">{move || tr().date_auto()}</option>
                        <option value="day">{move || tr().date_day_first()}</option>
                        <option value="month">{move || tr().date_month_first()}</option>
                    </select>
                </label>
            </section>
        </Show>
    }
}

/// The statuses a deals file uses, each mapped to won, lost or open.
#[component]
pub(super) fn StatusCard() -> impl IntoView {
    let tr = use_tr();
    let I18n(lang) = expect_context::<I18n>();
    let wizard = Wizard::use_context();
    let statuses = move || {
        let column = wizard.preview.with(|p| {
            p.as_ref()
                .and_then(|p| p.mapping.iter().find(|m| m.target == Target::Status))
                .map(|m| m.column)
        })?;
        wizard.table.with(|t| {
            t.as_ref()
                .map(|t| t.distinct_in_first(column, MAX_STATUSES, SAMPLE_ROWS))
        })
    };
    view! {
        <section class="card" data-testid="statuses">
            <h2>{move || tr().statuses_title()}</h2>
            <p class="caption">{move || tr().statuses_caption()}</p>
            <SampledNote text=Tr::sampled_statuses test_id="statuses-sampled" />
            {move || match statuses() {
                None => view! { <p class="muted">{move || tr().no_status_column()}</p> }.into_any(),
                Some(list) => view! {
                    <table class="table statuses">
                        <thead>
                            <tr>
                                <th>{move || tr().col_status()}</th>
                                <th class="num">{move || tr().col_deal_count()}</th>
                                <th>{move || tr().col_meaning()}</th>
                            </tr>
                        </thead>
                        <tbody>
                            {list.into_iter().map(|(status, count)| {
                                let outcome = {
                                    let status = status.clone();
                                    move || wizard.options.with(|o| o.statuses.outcome(&status))
                                };
                                let set = {
                                    let status = status.clone();
                                    move |ev: ev::Event| {
                                        let outcome = match event_target_value(&ev).as_str() {
                                            "won" => DealOutcome::Won,
                                            "lost" => DealOutcome::Lost,
                                            _ => DealOutcome::Open,
                                        };
                                        wizard.options.update(|o| o.statuses.set(&status, outcome));
                                    }
                                };
                                let key = {
                                    let outcome = outcome.clone();
                                    move || match outcome() {
                                        DealOutcome::Won => "won",
                                        DealOutcome::Lost => "lost",
                                        DealOutcome::Open => "open",
                                    }
                                };
                                view! {
                                    <tr data-testid="status-row">
                                        <td>
                                            <span class={ let key = key.clone(); move || format!("outcome-dot {}", key()) } aria-hidden="true"></span>
                                            {status.clone()}
                                        </td>
                                        <td class="num">{move || fmt_int(count as i64, lang.get())}</td>
                                        <td>
                                            <select aria-label=status.clone() prop:value=key on:change=set>
                                                <option value="won">{move || tr().outcome_won()}</option>
                                                <option value="lost">{move || tr().outcome_lost()}</option>
                                                <option value="open">{move || tr().outcome_open()}</option>
                                            </select>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }
                .into_any(),
            }}
        </section>
    }
}

/// "Counted in the first 5,000 rows of 80,000", for a file longer than the
/// rows the columns step reads ([`SAMPLE_ROWS`]).
#[component]
fn SampledNote(text: Label, test_id: &'static str) -> impl IntoView {
    let tr = use_tr();
    let I18n(lang) = expect_context::<I18n>();
    let wizard = Wizard::use_context();
    let total = move || {
        wizard
            .table
            .with(|t| t.as_ref().map_or(0, |t| t.rows.len()))
    };
    view! {
        <Show when=move || { total() > SAMPLE_ROWS }>
            <p class="muted small" data-testid=test_id>
                {move || {
                    let lang = lang.get();
                    fill(
                        text(tr()),
                        &[
                            ("rows", &fmt_int(SAMPLE_ROWS as i64, lang)),
                            ("total", &fmt_int(total() as i64, lang)),
                        ],
                    )
                }}
            </p>
        </Show>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_target_has_its_own_option_and_label() {
        for tr in [Tr(Lang::En), Tr(Lang::Ru)] {
            for (key, target) in &SIMPLE_TARGETS {
                assert_eq!(target_key(target), *key);
                assert_ne!(target_label(key, tr), tr.target_ignore(), "{key}");
            }
        }
        assert_eq!(target_key(&Target::Ignore), "ignore");
        let custom = Target::Custom {
            name: "icp".into(),
            ty: FieldType::Bool,
        };
        assert_eq!(target_key(&custom), "custom");
    }
}
