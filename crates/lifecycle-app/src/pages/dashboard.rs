//! The dashboard: a tile per stage and the stages over time. Shows the welcome
//! until a base is loaded.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::use_query_map;

use crate::browser;
use crate::components::charts::StackedBars;
use crate::components::empty::db_pending;
use crate::components::flow::{DropOffView, Funnel, RiskList};
use crate::components::segment::{SegmentFilters, use_segment};
use crate::components::shell::page_title;
use crate::components::tiles::StageTiles;
use crate::i18n::{I18n, contacts_word, fmt_date, fmt_int, use_tr};
use crate::state::{Workspace, use_workspace};
use crate::storage::use_db;

/// Sizes of the demo base the welcome offers; the first is the default.
const DEMO_SIZES: [usize; 3] = [5_000, 20_000, 100_000];

/// Periods the dashboard offers, in days; the first is the default.
const PERIODS: [i64; 4] = [90, 30, 180, 365];

#[component]
pub fn Dashboard() -> impl IntoView {
    let workspace = use_workspace().0;
    let db = use_db();
    let tr = use_tr();
    page_title(move || tr().nav_dashboard().to_owned());
    move || {
        db_pending(db).unwrap_or_else(|| {
            view! {
                <Show when=move || workspace.with(Option::is_some) fallback=Welcome>
                    <Overview />
                </Show>
            }
            .into_any()
        })
    }
}

/// First run: what the product does and a way to start.
#[component]
fn Welcome() -> impl IntoView {
    let tr = use_tr();
    let base = expect_context::<crate::BasePath>();
    let workspace = use_workspace();
    let db = use_db();
    let I18n(lang) = expect_context::<I18n>();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<crate::i18n::Text>);
    let size = RwSignal::new(DEMO_SIZES[0]);
    let progress = RwSignal::new(0.0);
    let load_demo = move |_| {
        busy.set(true);
        error.set(None);
        progress.set(0.0);
        let contacts = size.get_untracked();
        spawn_local(async move {
            let made =
                Workspace::demo_in_slices(contacts, browser::today(), |done| progress.set(done))
                    .await;
            let result = match made {
                Ok(demo) => {
                    db.save(demo, &format!("demo data: {contacts} contacts"), workspace)
                        .await
                }
                Err(e) => Err(e),
            };
            // Once saved the welcome gives way to the dashboard.
            if let Err(e) = result {
                let _ = error.try_set(Some(e));
            }
            let _ = busy.try_set(false);
        });
    };
    view! {
        <section class="welcome card" data-testid="welcome">
            <p class="kicker">{move || tr().tagline()}</p>
            <h1>{move || tr().welcome_title()}</h1>
            <p class="lead">{move || tr().welcome_body()}</p>
            <div class="actions">
                <A href=base.href("/import") attr:class="btn primary" attr:data-testid="welcome-import">
                    {move || tr().import_file()}
                </A>
                <button
                    type="button"
                    class="btn"
                    data-testid="load-demo"
                    disabled=move || busy.get()
                    on:click=load_demo
                >
                    {move || if busy.get() { tr().loading() } else { tr().load_demo() }}
                </button>
                <select
                    data-testid="demo-size"
                    aria-label=move || tr().demo_size()
                    disabled=move || busy.get()
                    on:change=move |ev| {
                        if let Ok(n) = event_target_value(&ev).parse() {
                            size.set(n);
                        }
                    }
                    prop:value=move || size.get().to_string()
                >
                    {DEMO_SIZES
                        .into_iter()
                        .map(|n| view! {
                            <option value=n.to_string()>
                                {move || format!("{} {}", fmt_int(n as i64, lang.get()), contacts_word(n, lang.get()))}
                            </option>
                        })
                        .collect_view()}
                </select>
            </div>
            <Show when=move || busy.get()>
                <div class="progress" role="progressbar" data-testid="demo-progress"
                    aria-valuemin="0" aria-valuemax="100"
                    aria-valuenow=move || format!("{:.0}", progress.get() * 100.0)>
                    <span class="progress-bar" style:width=move || format!("{:.1}%", progress.get() * 100.0)></span>
                </div>
            </Show>
            {move || error.get().map(|e| view! { <p class="error" role="alert" data-testid="welcome-error">{e.show()}</p> })}
        </section>
    }
}

/// The periods the dashboard offers, shortest first.
pub fn periods() -> [i64; 4] {
    let mut sorted = PERIODS;
    sorted.sort_unstable();
    sorted
}

/// The default period: the one chosen in the settings, else the first of
/// [`PERIODS`].
pub fn initial_period() -> i64 {
    browser::stored_period()
        .filter(|p| PERIODS.contains(p))
        .unwrap_or(PERIODS[0])
}

/// The period in days, from `?period=` in the address, else the default.
fn use_period() -> Signal<i64> {
    let query = use_query_map();
    let crate::DefaultPeriod(default) = expect_context::<crate::DefaultPeriod>();
    Signal::derive(move || {
        query
            .with(|q| q.get("period").and_then(|p| p.parse().ok()))
            .filter(|p| PERIODS.contains(p))
            .unwrap_or_else(|| default.get())
    })
}

/// A period's name in the current language.
pub fn period_label(days: i64, t: crate::i18n::Tr) -> &'static str {
    match days {
        30 => t.days_30(),
        90 => t.days_90(),
        180 => t.days_180(),
        _ => t.days_365(),
    }
}

#[component]
fn Overview() -> impl IntoView {
    let tr = use_tr();
    let I18n(lang) = expect_context::<I18n>();
    let workspace = use_workspace().0;
    let period = use_period();
    let ws = move || {
        workspace
            .get()
            .expect("Overview renders only with a workspace")
    };

    let segment = use_segment();
    // The contacts of the segment; `None` for the whole base.
    let scope = Memo::new(move |_| segment.with(|s| ws().scope(s)));
    let changes = Memo::new(move |_| {
        let days = period.get();
        scope.with(|s| ws().stage_changes(days, s.as_deref()))
    });
    let trend = Memo::new(move |_| scope.with(|s| ws().monthly_trend(24, s.as_deref())));
    let stages = Memo::new(move |_| ws().engine.stages().to_vec());
    let funnel = Memo::new(move |_| scope.with(|s| ws().funnel(s.as_deref())));
    let drop_off = Memo::new(move |_| {
        let days = period.get();
        scope.with(|s| ws().drop_off(days, s.as_deref()))
    });
    let risks = Memo::new(move |_| {
        let lang = lang.get();
        scope.with(|s| ws().risks(10, s.as_deref(), lang))
    });
    let shown = move || scope.with(|s| s.as_ref().map_or(ws().contact_count(), Vec::len));

    // Each report of a large base takes the page tens of milliseconds (more on
    // a slow machine): they are computed one per browser task before the first
    // render, so that showing 100,000 contacts never blocks the page for their
    // sum. Later changes (the period, a filter) recompute only what they touch.
    let ready = RwSignal::new(false);
    spawn_local(async move {
        let reports: [&dyn Fn() -> Option<()>; 6] = [
            &move || scope.try_with_untracked(|_| ()),
            &move || changes.try_with_untracked(|_| ()),
            &move || trend.try_with_untracked(|_| ()),
            &move || funnel.try_with_untracked(|_| ()),
            &move || drop_off.try_with_untracked(|_| ()),
            &move || risks.try_with_untracked(|_| ()),
        ];
        for report in reports {
            browser::next_tick().await;
            if report().is_none() {
                return; // the page is gone
            }
        }
        let _ = ready.try_set(true);
    });

    let set_query = crate::address::use_set_query();
    let set_period = move |days: i64| set_query("period", days.to_string());

    let overview = move || {
        view! {
            <div class="page-head">
                <div>
                    <h1>{move || tr().nav_dashboard()}</h1>
                    <p class="lead" data-testid="base-summary">
                        {move || {
                            let ws = ws();
                            format!(
                                "{} {} · {} {}",
                                fmt_int(shown() as i64, lang.get()),
                                contacts_word(shown(), lang.get()),
                                tr().as_of(),
                                fmt_date(ws.today, lang.get()),
                            )
                        }}
                    </p>
                </div>
                <div class="segmented" role="group" aria-label=move || tr().period()>
                    {periods()
                        .into_iter()
                        .map(|days| {
                            let set_period = set_period.clone();
                            let label = move || period_label(days, tr());
                            view! {
                                <button
                                    type="button"
                                    aria-pressed=move || (period.get() == days).to_string()
                                    data-testid=format!("period-{days}")
                                    on:click=move |_| set_period(days)
                                >
                                    {label}
                                </button>
                            }
                        })
                        .collect_view()}
                </div>
            </div>
            <div class="toolbar">
                <SegmentFilters />
            </div>
            <StageTiles stages=stages changes=changes segment=segment />
            <section class="card">
                <h2>{move || tr().trend_title()}</h2>
                <p class="caption">{move || tr().trend_caption()}</p>
                <StackedBars stages=stages points=trend />
            </section>
            <div class="two-col even">
                <section class="card">
                    <h2>{move || tr().funnel_title()}</h2>
                    <p class="caption">{move || tr().funnel_caption()}</p>
                    <Funnel stages=stages steps=funnel />
                </section>
                <section class="card">
                    <h2>{move || tr().drop_title()}</h2>
                    <p class="caption">{move || tr().drop_caption()}</p>
                    <DropOffView stages=stages drop_off=drop_off />
                </section>
            </div>
            <section class="card">
                <h2>{move || tr().risk_title()}</h2>
                <p class="caption">{move || tr().risk_caption()}</p>
                <RiskList stages=stages risks=risks />
            </section>
        }
    };
    view! {
        <Show
            when=move || ready.get()
            fallback=move || view! { <p class="card empty muted" data-testid="computing">{move || tr().loading()}</p> }
        >
            {overview()}
        </Show>
    }
}
