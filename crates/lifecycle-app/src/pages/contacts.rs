//! Every contact in one table: search, stage filter and sorting in the address,
//! rows rendered only where the table is scrolled to.

use std::sync::Arc;

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;
use lifecycle_core::Segment;
use lifecycle_io::export::{
    CsvExport, CsvProfile, all_columns, contacts_csv, contacts_json, stage_columns,
};

use crate::BasePath;
use crate::components::segment::{SegmentFilters, use_segment};
use crate::components::tiles::stage_label;
use crate::i18n::{I18n, Text, Tr, fmt_date, fmt_int, use_tr};
use crate::state::{Workspace, use_workspace};

const ROW_HEIGHT: f64 = 44.0;
const VIEW_HEIGHT: f64 = 620.0;
/// Rows rendered above and below the visible ones, for smooth scrolling.
const OVERSCAN: usize = 8;

/// The loaded base the table shows. What it reads (stages, the table's facts,
/// the search index, the name order) is the workspace's, computed once per
/// base, ahead of time by `Workspace::warm_up`.
struct Table {
    workspace: Arc<Workspace>,
}

/// Tables are equal when they are for the same loaded base.
impl PartialEq for Table {
    fn eq(&self, other: &Self) -> bool {
        Arc::ptr_eq(&self.workspace, &other.workspace)
    }
}

#[derive(Clone, Copy, PartialEq)]
enum SortBy {
    Name,
    Stage,
    LastActivity,
    Deals,
    Revenue,
}

impl SortBy {
    fn parse(s: &str) -> SortBy {
        match s {
            "stage" => SortBy::Stage,
            "last" => SortBy::LastActivity,
            "deals" => SortBy::Deals,
            "revenue" => SortBy::Revenue,
            _ => SortBy::Name,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            SortBy::Name => "name",
            SortBy::Stage => "stage",
            SortBy::LastActivity => "last",
            SortBy::Deals => "deals",
            SortBy::Revenue => "revenue",
        }
    }
}

/// The rows of `segment` that the search `query` finds, sorted.
fn select(table: &Table, query: &str, segment: &Segment, sort: SortBy) -> Vec<u32> {
    let ws = &table.workspace;
    let classification = ws.classification();
    let stages = &classification.stages;
    // A stage id that is not in the model selects nobody.
    let mut rows = ws
        .engine
        .select(classification, segment)
        .unwrap_or_default();
    ws.search_index().retain(&mut rows, query);
    let s = ws.summaries();
    match sort {
        SortBy::Name => {
            let ranks = ws.name_ranks();
            rows.sort_unstable_by_key(|&i| ranks[i as usize]);
        }
        SortBy::Stage => rows.sort_by_key(|&i| stages[i as usize]),
        SortBy::LastActivity => {
            rows.sort_by_key(|&i| std::cmp::Reverse(s[i as usize].last_activity))
        }
        SortBy::Deals => rows.sort_by_key(|&i| std::cmp::Reverse(s[i as usize].deals_won)),
        SortBy::Revenue => {
            rows.sort_by(|&a, &b| s[b as usize].revenue.total_cmp(&s[a as usize].revenue))
        }
    }
    rows
}

#[component]
pub fn Contacts() -> impl IntoView {
    let tr = use_tr();
    let workspace = use_workspace().0;
    view! {
        <h1>{move || tr().nav_contacts()}</h1>
        <Show
            when=move || workspace.with(Option::is_some)
            fallback=move || {
                let base = expect_context::<BasePath>();
                view! {
                    <section class="card empty" data-testid="contacts-empty">
                        <p>{move || tr().no_data_yet()}</p>
                        <A href=base.href("/")>{move || tr().to_dashboard()}</A>
                    </section>
                }
            }
        >
            <ContactTable />
        </Show>
    }
}

#[component]
fn ContactTable() -> impl IntoView {
    let tr = use_tr();
    let I18n(lang) = expect_context::<I18n>();
    let base_path = expect_context::<BasePath>();
    let workspace = use_workspace().0;
    let table = Memo::new(move |_| {
        workspace
            .get()
            .map(|workspace| Arc::new(Table { workspace }))
    });
    let query = use_query_map();
    let param = move |name: &str| query.with(|q| q.get(name).unwrap_or_default());
    let search = Memo::new(move |_| param("q"));
    let sort = Memo::new(move |_| SortBy::parse(&param("sort")));
    let filters = use_segment();
    let segment = Memo::new(move |_| {
        let mut segment = filters.get();
        let stage = param("stage");
        if !stage.is_empty() {
            segment.stages = vec![stage];
        }
        segment
    });
    let rows = Memo::new(move |_| {
        table.with(|t| {
            t.as_ref()
                .map(|t| segment.with(|seg| select(t, &search.get(), seg, sort.get())))
                .unwrap_or_default()
        })
    });

    let set_param = crate::address::use_set_query();
    let scroll_top = RwSignal::new(0.0);
    let window = move || {
        let first = ((scroll_top.get() / ROW_HEIGHT) as usize).saturating_sub(OVERSCAN);
        let count = (VIEW_HEIGHT / ROW_HEIGHT) as usize + 2 * OVERSCAN;
        (first, count)
    };

    let set_search = set_param.clone();
    let set_stage = set_param.clone();
    let stage_options = move || {
        table.with(|t| {
            t.as_ref()
                .map(|t| {
                    t.workspace
                        .engine
                        .stages()
                        .iter()
                        .map(|s| view! { <option value=s.id.clone()>{stage_label(s, lang.get())}</option> })
                        .collect_view()
                })
        })
    };
    // A column header: the cell carries the sort state, the button inside it
    // changes it (Enter and Space work as on any button).
    let header = move |label: fn(crate::i18n::Tr) -> &'static str, by: SortBy| {
        let set_sort = set_param.clone();
        view! {
            <div
                class="th"
                role="columnheader"
                aria-sort=move || {
                    // Names read A to Z; the other columns from the most.
                    (sort.get() == by).then_some(match by {
                        SortBy::Name => "ascending",
                        _ => "descending",
                    })
                }
            >
                <button
                    type="button"
                    class="sort"
                    data-testid=format!("sort-{}", by.as_str())
                    on:click=move |_| set_sort("sort", by.as_str().to_owned())
                >
                    {move || label(tr())}
                </button>
            </div>
        }
    };

    // The stage column fits the longest stage name in either language, so
    // a switch of language does not cut a badge.
    let stage_chars = move || {
        table.with(|t| {
            t.as_ref()
                .and_then(|t| {
                    t.workspace
                        .engine
                        .stages()
                        .iter()
                        .map(|s| s.label.en.chars().count().max(s.label.ru.chars().count()))
                        .max()
                })
                .unwrap_or(0)
                .to_string()
        })
    };
    view! {
        <div class="toolbar">
            <input
                type="search"
                class="search"
                data-testid="contact-search"
                placeholder=move || tr().search_placeholder()
                aria-label=move || tr().search_placeholder()
                prop:value=move || search.get()
                on:input=move |ev| set_search("q", event_target_value(&ev))
            />
            <select
                data-testid="stage-filter"
                aria-label=move || tr().col_stage()
                prop:value=move || param("stage")
                on:change=move |ev| set_stage("stage", event_target_value(&ev))
            >
                <option value="">{move || tr().all_stages()}</option>
                {stage_options}
            </select>
            <SegmentFilters />
            <span class="muted" data-testid="contact-count">
                {move || {
                    let total = table.with(|t| t.as_ref().map_or(0, |t| t.workspace.contact_count()));
                    format!("{} {} {}", fmt_int(rows.with(Vec::len) as i64, lang.get()), tr().shown_of(), fmt_int(total as i64, lang.get()))
                }}
            </span>
        </div>
        <ExportMenu rows=rows table=table />
        <div class="card table-card" style:--stage-chars=stage_chars>
            // A table of rows rendered only where it is scrolled to: the count
            // and each row's place are told to assistive technology.
            <div
                role="table"
                data-testid="contact-table"
                aria-label=move || tr().nav_contacts()
                aria-rowcount=move || (rows.with(Vec::len) + 1).to_string()
            >
                <div role="rowgroup">
                    <div class="tr head" role="row" aria-rowindex="1">
                        {header(|t| t.col_name(), SortBy::Name)}
                        {header(|t| t.col_stage(), SortBy::Stage)}
                        {header(|t| t.col_last_activity(), SortBy::LastActivity)}
                        {header(|t| t.col_deals(), SortBy::Deals)}
                        {header(|t| t.col_revenue(), SortBy::Revenue)}
                        <div class="th" role="columnheader">{move || tr().col_source()}</div>
                        <div class="th" role="columnheader">{move || tr().col_owner()}</div>
                    </div>
                </div>
                <div
                    class="viewport"
                    role="rowgroup"
                    style:height=format!("{VIEW_HEIGHT}px")
                    on:scroll=move |ev| scroll_top.set(event_target::<web_sys::HtmlElement>(&ev).scroll_top() as f64)
                >
                    <div class="spacer" style:height=move || format!("{}px", rows.with(Vec::len) as f64 * ROW_HEIGHT)>
                        {move || {
                            let (first, count) = window();
                            let Some(t) = table.get() else { return Vec::new() };
                            let lang = lang.get();
                            rows.with(|rows| {
                                rows.iter()
                                    .enumerate()
                                    .skip(first)
                                    .take(count)
                                    .map(|(pos, &i)| {
                                        let c = t.workspace.engine.base().contact(i);
                                        let stage = &t.workspace.engine.stages()[usize::from(t.workspace.classification().stages[i as usize])];
                                        let s = t.workspace.summaries()[i as usize];
                                        let href = base_path.href(&format!("/contacts/{}", crate::browser::encode_component(&c.id)));
                                        view! {
                                            // The name's link covers the whole row (styles.css), so
                                            // a click anywhere on the row opens the contact.
                                            <div class="tr" role="row" aria-rowindex=(pos + 2).to_string() data-testid="contact-row" style:top=format!("{}px", pos as f64 * ROW_HEIGHT)>
                                                <div class="td name" role="cell">
                                                    <a href=href class="row-link"><strong>{c.name.clone()}</strong></a>
                                                    <small>{c.company.clone()}</small>
                                                </div>
                                                <div class="td" role="cell">
                                                    <span class="badge" style:--stage-colour=stage.colour.clone()>{stage_label(stage, lang)}</span>
                                                </div>
                                                <div class="td" role="cell">
                                                    {s.last_activity.map_or_else(|| tr().never().to_owned(), |d| fmt_date(d, lang))}
                                                </div>
                                                <div class="td num" role="cell">{fmt_int(i64::from(s.deals_won), lang)}</div>
                                                <div class="td num" role="cell">{fmt_int(s.revenue.round() as i64, lang)}</div>
                                                <div class="td" role="cell">{c.source.clone()}</div>
                                                <div class="td" role="cell">{c.owner.clone()}</div>
                                            </div>
                                        }
                                    })
                                    .collect::<Vec<_>>()
                            })
                        }}
                    </div>
                </div>
            </div>
            <Show when=move || rows.with(Vec::is_empty)>
                <p class="empty muted">{move || tr().no_match()}</p>
            </Show>
        </div>
    }
}

/// Downloads the rows shown, in the order shown, with every field plus the
/// stage and its explanation in the page's language.
#[component]
fn ExportMenu(rows: Memo<Vec<u32>>, table: Memo<Option<Arc<Table>>>) -> impl IntoView {
    let tr = use_tr();
    let I18n(lang) = expect_context::<I18n>();
    let error = RwSignal::new(None::<Text>);
    let export = move |format: &'static str| {
        let Some(t) = table.get_untracked() else {
            return;
        };
        let lang = lang.get_untracked();
        let engine = &t.workspace.engine;
        let result = rows.with_untracked(|rows| {
            let contacts: Vec<_> = rows
                .iter()
                .map(|&i| engine.base().contact(i).clone())
                .collect();
            let columns = all_columns(&contacts);
            let extra = stage_columns(engine, rows, t.workspace.today, lang);
            let stamp = t.workspace.today;
            match format {
                "json" => crate::browser::download(
                    &format!("contacts-{stamp}.json"),
                    "application/json",
                    &contacts_json(&contacts, &columns, &extra),
                ),
                profile => {
                    let profile = if profile == "excel" {
                        CsvProfile::Excel
                    } else {
                        CsvProfile::Data
                    };
                    let bytes = contacts_csv(
                        &contacts,
                        &columns,
                        &extra,
                        CsvExport {
                            profile,
                            ..CsvExport::default()
                        },
                    );
                    let text = String::from_utf8(bytes).map_err(|e| {
                        let e = e.to_string();
                        Text::new(move |_| e.clone())
                    })?;
                    crate::browser::download(
                        &format!("contacts-{stamp}.csv"),
                        "text/csv;charset=utf-8",
                        &text,
                    )
                }
            }
        });
        error.set(result.err().map(|e| e.under(Tr::export_failed)));
    };
    view! {
        <div class="export-bar actions" role="group" aria-label=move || tr().export_label()>
            <span class="muted">{move || tr().export_label()}</span>
            <button type="button" class="btn small" data-testid="export-excel" on:click=move |_| export("excel")>{move || tr().export_excel()}</button>
            <button type="button" class="btn small" data-testid="export-data" on:click=move |_| export("data")>{move || tr().export_data()}</button>
            <button type="button" class="btn small" data-testid="export-json" on:click=move |_| export("json")>{move || tr().export_json()}</button>
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e.show()}</p> })}
        </div>
    }
}
