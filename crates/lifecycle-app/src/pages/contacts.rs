//! Every contact in one table: search, stage filter and sorting (any column,
//! either way) in the address, rows rendered only where the table is scrolled
//! to, and an export of the rows shown.

use std::sync::Arc;

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::hooks::{use_navigate, use_query_map};
use lifecycle_core::Segment;
use lifecycle_core::summary::{SortColumn, sort_rows};
use lifecycle_io::export::{
    ContactsCsv, ContactsJson, CsvExport, CsvProfile, all_columns_of, stage_columns,
};

use crate::BasePath;
use crate::components::empty::NoData;
use crate::components::segment::{SegmentFilters, use_segment};
use crate::components::shell::page_title;
use crate::components::tiles::stage_label;
use crate::i18n::{I18n, Text, Tr, fmt_date, fmt_int, shown_text, use_tr};
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

/// The rows of `segment` that the search `query` finds, sorted by `column`
/// (the engine's order, lifecycle_core::summary::sort_rows).
fn select(
    table: &Table,
    query: &str,
    segment: &Segment,
    column: SortColumn,
    descending: bool,
) -> Vec<u32> {
    let ws = &table.workspace;
    let classification = ws.classification();
    // A stage id that is not in the model selects nobody.
    let mut rows = ws
        .engine
        .select(classification, segment)
        .unwrap_or_default();
    ws.search_index().retain(&mut rows, query);
    sort_rows(
        &mut rows,
        column,
        descending,
        ws.text_ranks(),
        &classification.stages,
        ws.summaries(),
    );
    rows
}

#[component]
pub fn Contacts() -> impl IntoView {
    let tr = use_tr();
    page_title(move || tr().nav_contacts().to_owned());
    let workspace = use_workspace().0;
    view! {
        <h1>{move || tr().nav_contacts()}</h1>
        <Show
            when=move || workspace.with(Option::is_some)
            fallback=|| view! { <NoData testid="contacts-empty" /> }
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
    // The sort column and direction; without a direction in the address, the
    // column's first one.
    let sort = Memo::new(move |_| {
        let column = SortColumn::parse(&param("sort")).unwrap_or(SortColumn::Name);
        let descending = match param("dir").as_str() {
            "asc" => false,
            "desc" => true,
            _ => column.first_descending(),
        };
        (column, descending)
    });
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
                .map(|t| {
                    let (column, descending) = sort.get();
                    segment.with(|seg| select(t, &search.get(), seg, column, descending))
                })
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
    // changes it (Enter and Space work as on any button). The active column's
    // button turns the order round; another column starts in its first one.
    let navigate = use_navigate();
    // Column and direction in one change of the address, every other
    // parameter kept.
    let set_sort = move |column: &str, dir: &str| {
        let mut q = query.get_untracked();
        q.replace("sort", column.to_owned());
        q.replace("dir", dir.to_owned());
        navigate(
            &format!("?{}", q.to_query_string().trim_start_matches('?')),
            Default::default(),
        );
    };
    let header = move |label: fn(crate::i18n::Tr) -> &'static str, by: SortColumn| {
        let set_sort = set_sort.clone();
        view! {
            <div
                // Number columns align right, as their cells do.
                class=if matches!(by, SortColumn::Deals | SortColumn::Revenue) { "th num" } else { "th" }
                role="columnheader"
                aria-sort=move || {
                    let (column, descending) = sort.get();
                    (column == by).then_some(if descending { "descending" } else { "ascending" })
                }
            >
                <button
                    type="button"
                    class="sort"
                    data-testid=format!("sort-{}", by.as_str())
                    on:click=move |_| {
                        let (column, descending) = sort.get_untracked();
                        let descending = if column == by { !descending } else { by.first_descending() };
                        set_sort(by.as_str(), if descending { "desc" } else { "asc" });
                    }
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
                    shown_text(rows.with(Vec::len), total, lang.get())
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
                        {header(|t| t.col_name(), SortColumn::Name)}
                        {header(|t| t.col_stage(), SortColumn::Stage)}
                        {header(|t| t.col_last_activity(), SortColumn::LastActivity)}
                        {header(|t| t.col_deals(), SortColumn::Deals)}
                        {header(|t| t.col_revenue(), SortColumn::Revenue)}
                        {header(|t| t.col_source(), SortColumn::Source)}
                        {header(|t| t.col_owner(), SortColumn::Owner)}
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
                                                    {s.last_activity.map_or_else(
                                                        || tr().never().into_any(),
                                                        |d| view! { <time datetime=d.to_string()>{fmt_date(d, lang)}</time> }.into_any(),
                                                    )}
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

/// What an export writes.
#[derive(Clone, Copy, PartialEq)]
enum Format {
    Excel,
    Data,
    Json,
}

/// Rows written between two repaints: with their stage explanations, about
/// 20-40 ms of work in a release build.
const EXPORT_SLICE: usize = 2_000;

/// The export of `rows` (contact indices) of `workspace`, with the stage and
/// its explanation in `lang`, written a slice at a time: between slices it
/// reports the share done and lets the browser paint. All at once, 100,000
/// contacts blocked the page for seconds.
async fn export_in_slices(
    workspace: &Workspace,
    rows: &[u32],
    format: Format,
    lang: lifecycle_core::Lang,
    mut progress: impl FnMut(f64),
) -> Result<(), Text> {
    let engine = &workspace.engine;
    let base = engine.base();
    let contacts = || rows.iter().map(|&i| base.contact(i));
    let columns = all_columns_of(contacts());
    let stamp = workspace.today;
    let mut csv = match format {
        Format::Json => None,
        profile => Some(ContactsCsv::new(
            contacts(),
            &columns,
            ["stage", "stage_name", "explanation"],
            CsvExport {
                profile: if profile == Format::Excel {
                    CsvProfile::Excel
                } else {
                    CsvProfile::Data
                },
                // Excel with Russian regional settings splits on `;`.
                delimiter: if profile == Format::Excel && lang == lifecycle_core::Lang::Ru {
                    ';'
                } else {
                    ','
                },
            },
        )),
    };
    let mut json = ContactsJson::default();
    for (n, slice) in rows.chunks(EXPORT_SLICE).enumerate() {
        let extra = stage_columns(engine, slice, workspace.today, lang);
        let slice_contacts = slice.iter().map(|&i| base.contact(i));
        match &mut csv {
            Some(csv) => csv.push(slice_contacts, &columns, &extra),
            None => json.push(slice_contacts, &columns, &extra),
        }
        progress(((n + 1) * EXPORT_SLICE).min(rows.len()) as f64 / rows.len().max(1) as f64);
        crate::browser::next_tick().await;
    }
    match csv {
        None => crate::browser::download(
            &format!("contacts-{stamp}.json"),
            "application/json",
            &json.finish(),
        ),
        Some(csv) => {
            let text = String::from_utf8(csv.finish()).map_err(|e| {
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
}

/// Downloads the rows shown, in the order shown, with every field plus the
/// stage and its explanation in the page's language; a bar shows how far it
/// is, and the buttons wait until it is done.
#[component]
fn ExportMenu(rows: Memo<Vec<u32>>, table: Memo<Option<Arc<Table>>>) -> impl IntoView {
    let tr = use_tr();
    let I18n(lang) = expect_context::<I18n>();
    let error = RwSignal::new(None::<Text>);
    // The share done of the export under way, if any.
    let busy = RwSignal::new(None::<f64>);
    let export = move |format: Format| {
        let Some(t) = table.get_untracked() else {
            return;
        };
        if busy.get_untracked().is_some() {
            return;
        }
        let lang = lang.get_untracked();
        let rows = rows.get_untracked();
        busy.set(Some(0.0));
        error.set(None);
        spawn_local(async move {
            let result = export_in_slices(&t.workspace, &rows, format, lang, |done| {
                busy.set(Some(done));
            })
            .await;
            busy.set(None);
            error.set(result.err().map(|e| e.under(Tr::export_failed)));
        });
    };
    let button = move |format: Format, id: &'static str, label: fn(Tr) -> &'static str| {
        view! {
            <button
                type="button"
                class="btn small"
                data-testid=id
                disabled=move || busy.get().is_some()
                on:click=move |_| export(format)
            >
                {move || label(tr())}
            </button>
        }
    };
    view! {
        <div class="export-bar actions" role="group" aria-label=move || tr().export_label()>
            <span class="muted">{move || tr().export_label()}</span>
            {button(Format::Excel, "export-excel", Tr::export_excel)}
            {button(Format::Data, "export-data", Tr::export_data)}
            {button(Format::Json, "export-json", Tr::export_json)}
            {move || busy.get().map(|done| view! {
                <progress
                    data-testid="export-progress"
                    max="1"
                    value=done.to_string()
                    aria-label=move || tr().export_running()
                ></progress>
            })}
            {move || error.get().map(|e| view! { <p class="error" role="alert">{e.show()}</p> })}
        </div>
    }
}
