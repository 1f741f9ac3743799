//! The dashboard: a tile per stage and the stages over time. Shows the welcome
//! until a base is loaded.

use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_navigate, use_query_map};

use crate::browser;
use crate::components::charts::StackedBars;
use crate::components::flow::{DropOffView, Funnel, RiskList};
use crate::components::tiles::StageTiles;
use crate::i18n::{I18n, fmt_date, fmt_int, use_tr};
use crate::state::{Workspace, use_workspace};
use crate::storage::{DbStatus, use_db};

/// Periods the dashboard offers, in days; the first is the default.
const PERIODS: [i64; 4] = [90, 30, 180, 365];

#[component]
pub fn Dashboard() -> impl IntoView {
    let workspace = use_workspace().0;
    let db = use_db();
    let tr = use_tr();
    move || match db.status.get() {
        DbStatus::Opening => view! {
            <p class="card empty muted" data-testid="loading">{move || tr().opening_data()}</p>
        }
        .into_any(),
        DbStatus::Failed(error) => view! {
            <section class="card empty" data-testid="db-error" role="alert">
                <h1>{move || tr().db_failed()}</h1>
                <p>{error}</p>
            </section>
        }
        .into_any(),
        DbStatus::Ready | DbStatus::Outdated => view! {
            <Show when=move || workspace.with(Option::is_some) fallback=Welcome>
                <Overview />
            </Show>
        }
        .into_any(),
    }
}

/// First run: what the product does and a way to start.
#[component]
fn Welcome() -> impl IntoView {
    let tr = use_tr();
    let base = expect_context::<crate::BasePath>();
    let workspace = use_workspace();
    let db = use_db();
    let busy = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    let load_demo = move |_| {
        busy.set(true);
        error.set(None);
        // Let the button repaint as busy before the work starts.
        set_timeout(
            move || {
                spawn_local(async move {
                    let result = match Workspace::demo(5_000, browser::today()) {
                        Ok(demo) => db.save(demo, "demo data: 5,000 contacts", workspace).await,
                        Err(e) => Err(e),
                    };
                    if let Err(e) = result {
                        error.set(Some(e));
                    }
                    busy.set(false);
                });
            },
            std::time::Duration::from_millis(16),
        );
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
            </div>
            {move || error.get().map(|e| view! { <p class="error" role="alert" data-testid="welcome-error">{e}</p> })}
        </section>
    }
}

/// The period in days, from `?period=` in the address.
fn use_period() -> Signal<i64> {
    let query = use_query_map();
    Signal::derive(move || {
        query
            .with(|q| q.get("period").and_then(|p| p.parse().ok()))
            .filter(|p| PERIODS.contains(p))
            .unwrap_or(PERIODS[0])
    })
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

    let changes = Memo::new(move |_| ws().stage_changes(period.get()));
    let trend = Memo::new(move |_| ws().monthly_trend(24));
    let stages = Memo::new(move |_| ws().engine.stages().to_vec());
    let funnel = Memo::new(move |_| ws().funnel());
    let drop_off = Memo::new(move |_| ws().drop_off(period.get()));
    let risks = Memo::new(move |_| ws().risks(10));

    let navigate = use_navigate();
    let set_period = move |days: i64| {
        navigate(&format!("?period={days}"), Default::default());
    };
    let mut sorted = PERIODS;
    sorted.sort_unstable();

    view! {
        <div class="page-head">
            <div>
                <h1>{move || tr().nav_dashboard()}</h1>
                <p class="lead" data-testid="base-summary">
                    {move || {
                        let ws = ws();
                        format!(
                            "{} {} · {} {}",
                            fmt_int(ws.contact_count() as i64, lang.get()),
                            tr().contacts_total(),
                            tr().as_of(),
                            fmt_date(ws.today, lang.get()),
                        )
                    }}
                </p>
            </div>
            <div class="segmented" role="group" aria-label=move || tr().period()>
                {sorted
                    .into_iter()
                    .map(|days| {
                        let set_period = set_period.clone();
                        let label = move || match days {
                            30 => tr().days_30(),
                            90 => tr().days_90(),
                            180 => tr().days_180(),
                            _ => tr().days_365(),
                        };
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
        <StageTiles stages=stages changes=changes />
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
}
