//! The funnel, the drop-off view and the risk list: where contacts go, where
//! they leave, and who is about to.

use leptos::prelude::*;
use lifecycle_core::reports::{DropOff, FunnelStep, Risk};
use lifecycle_core::{Stage, StageKind};

use crate::BasePath;
use crate::components::charts::chart_frame;
use crate::components::tiles::stage_label;
use crate::i18n::{I18n, Lang, Tr, fill, fmt_int, fmt_percent, use_tr};

fn label_of(stages: &[Stage], id: &str, lang: Lang) -> String {
    stages
        .iter()
        .find(|s| s.id == id)
        .map_or_else(|| id.to_owned(), |s| stage_label(s, lang))
}

fn colour_of(stages: &[Stage], id: &str) -> String {
    stages
        .iter()
        .find(|s| s.id == id)
        .map_or_else(String::new, |s| s.colour.clone())
}

fn days(value: Option<f64>, lang: Lang) -> String {
    value.map_or_else(
        || "—".to_owned(),
        |d| {
            format!(
                "{} {}",
                fmt_int(d.round() as i64, lang),
                match lang {
                    Lang::En => "d",
                    Lang::Ru => "дн.",
                }
            )
        },
    )
}

/// The narrowest the funnel and the drop-off are laid out for, in pixels; in
/// a narrower frame they are scaled down.
const FLOW_MIN_W: f64 = 460.0;
/// Height of the column heads (two lines).
const FLOW_HEAD: f64 = 34.0;
/// Height of a step: its name and numbers, then its bar.
const FLOW_ROW: f64 = 46.0;
/// Where a row's bar starts below the row's top, and its height.
const BAR_Y: f64 = 22.0;
const BAR_H: f64 = 14.0;
/// A stage name longer than this is cut (the whole name stays in the tooltip).
const NAME_CHARS: usize = 30;

fn short(name: &str) -> String {
    if name.chars().count() <= NAME_CHARS {
        name.to_owned()
    } else {
        let cut: String = name.chars().take(NAME_CHARS - 1).collect();
        format!("{}…", cut.trim_end())
    }
}

/// The colour of the model's first stage of `kind`, else `fallback`.
fn kind_colour(stages: &[Stage], kind: StageKind, fallback: &str) -> String {
    stages
        .iter()
        .find(|s| s.kind == kind)
        .map_or_else(|| fallback.to_owned(), |s| s.colour.clone())
}

/// A column head, right-aligned at `x`: two words and more on two lines, so
/// that the columns stay narrow in both languages.
fn head(x: f64, text: &'static str) -> impl IntoView {
    let (first, second) = text
        .split_once(' ')
        .map_or((text, None), |(a, b)| (a, Some(b)));
    let first_y = if second.is_some() { 11.0 } else { 24.0 };
    view! {
        <text class="head" x=x y=first_y text-anchor="end">
            {first}
            {second.map(|second| view! { <tspan x=x dy="13">{second}</tspan> })}
        </text>
    }
}

/// A bar with its tooltip: a `<title>` for the mouse, and focusable with the
/// same words as its label for the keyboard and screen readers; `stop` for
/// the chart's tab stop (the other marks are reached with the arrow keys).
fn mark(
    tip: String,
    x: f64,
    y: f64,
    width: f64,
    fill: String,
    class: &'static str,
    stop: bool,
) -> impl IntoView {
    let label = tip.clone();
    view! {
        <g class=format!("mark {class}") tabindex=tab_index(stop) role="img" aria-label=label>
            <title>{tip}</title>
            <rect class="sc" x=x y=y width=width.max(2.0) height=BAR_H rx="3" style:--c=fill />
        </g>
    }
}

/// A legend's swatch, or a part of one, in a stage's colour.
fn swatch(x: f64, width: f64, colour: String) -> impl IntoView {
    view! { <rect class="sc" x=x width=width height="12" rx="3" style:--c=colour /> }
}

/// The `tabindex` of a chart's mark: the chart's one tab stop, or reached
/// with the arrow keys.
fn tab_index(stop: bool) -> &'static str {
    if stop { "0" } else { "-1" }
}

/// Funnel steps as bars, with step conversion and time between steps; the
/// part of the step before that did not go on is drawn apart.
#[component]
pub fn Funnel(
    /// The model's stages (names and colours).
    #[prop(into)]
    stages: Signal<Vec<Stage>>,
    /// The funnel's steps, first to last.
    #[prop(into)]
    steps: Signal<Vec<FunnelStep>>,
) -> impl IntoView {
    let I18n(lang) = expect_context::<I18n>();
    let chart = move |w: f64| {
        let stages = stages.get();
        let steps = steps.get();
        let lang = lang.get();
        let t = Tr(lang);
        let top = steps.iter().map(|s| s.reached).max().unwrap_or(0).max(1);
        let x = move |n: u32| f64::from(n) / f64::from(top) * w;
        let (col_reached, col_conv) = (w - 170.0, w - 85.0);
        let rows = steps
            .iter()
            .enumerate()
            .map(|(i, step)| {
                let y0 = FLOW_HEAD + FLOW_ROW * i as f64;
                let name = label_of(&stages, &step.stage, lang);
                let count = fmt_int(step.reached.into(), lang);
                let prev = i.checked_sub(1).map(|p| &steps[p]);
                let prev_name = prev.map(|p| label_of(&stages, &p.stage, lang));
                let conversion = step.conversion.map(|c| fmt_percent(c, lang));
                let mut tip = fill(t.funnel_tip_reached(), &[("stage", &name), ("count", &count)]);
                if let (Some(share), Some(prev)) = (&conversion, &prev_name) {
                    tip.push_str(" · ");
                    tip.push_str(&fill(t.funnel_tip_conversion(), &[("share", share), ("prev", prev)]));
                }
                if let (Some(_), Some(prev)) = (step.median_days, &prev_name) {
                    tip.push_str(" · ");
                    tip.push_str(&fill(
                        t.funnel_tip_median(),
                        &[("days", &days(step.median_days, lang)), ("prev", prev)],
                    ));
                }
                let gone = prev.and_then(|p| {
                    let gone = p.reached.saturating_sub(step.reached);
                    (gone > 0).then(|| {
                        let share = fmt_percent(f64::from(gone) / f64::from(p.reached.max(1)), lang);
                        let tip = fill(
                            t.funnel_tip_gone(),
                            &[
                                ("count", &fmt_int(gone.into(), lang)),
                                ("prev", prev_name.as_deref().unwrap_or_default()),
                                ("stage", &name),
                                ("share", &share),
                            ],
                        );
                        let from = x(step.reached);
                        mark(tip, from, y0 + BAR_Y, x(p.reached) - from, colour_of(&stages, &p.stage), "gone", false)
                    })
                });
                view! {
                    <g data-testid=format!("funnel-{}", step.stage) data-reached=step.reached>
                        <text class="name" x="0" y=y0 + 14.0>
                            {short(&name)}
                        </text>
                        <text class="value" x=col_reached y=y0 + 14.0 text-anchor="end">{count}</text>
                        <text class="num" x=col_conv y=y0 + 14.0 text-anchor="end">
                            {conversion.unwrap_or_else(|| "—".to_owned())}
                        </text>
                        <text class="num" x=w y=y0 + 14.0 text-anchor="end">
                            {days(step.median_days, lang)}
                        </text>
                        <rect class="track" x="0" y=y0 + BAR_Y width=w height=BAR_H rx="3" />
                        {mark(tip, 0.0, y0 + BAR_Y, x(step.reached), colour_of(&stages, &step.stage), "reached", i == 0)}
                        {gone}
                    </g>
                }
            })
            .collect_view();
        let height = FLOW_HEAD + FLOW_ROW * steps.len() as f64;
        let first = steps
            .first()
            .map_or_else(String::new, |s| colour_of(&stages, &s.stage));
        let last = steps
            .last()
            .map_or_else(String::new, |s| colour_of(&stages, &s.stage));
        view! {
            <svg
                class="chart flow-chart"
                viewBox=format!("0 0 {w} {height}")
                role="group"
                aria-label=t.funnel_title()
                data-testid="funnel"
            >
                {head(col_reached, t.funnel_reached())}
                {head(col_conv, t.funnel_conversion())}
                {head(w, t.funnel_median())}
                {rows}
            </svg>
            <ul class="legend" data-testid="funnel-legend">
                <li>
                    <svg width="12" height="12" aria-hidden="true">
                        {swatch(0.0, 6.0, first.clone())}
                        {swatch(6.0, 6.0, last)}
                    </svg>
                    {t.funnel_legend_reached()}
                </li>
                <li>
                    <svg width="12" height="12" aria-hidden="true" class="gone">
                        {swatch(0.0, 12.0, first.clone())}
                    </svg>
                    {t.funnel_legend_gone()}
                </li>
            </ul>
        }
        .into_any()
    };
    chart_frame(FLOW_MIN_W, chart)
}

/// From which stage contacts went sleeping or were lost: per open or won
/// stage a bar of the two, sleeping and lost apart, with the rate.
#[component]
pub fn DropOffView(
    /// The model's stages (names and colours).
    #[prop(into)]
    stages: Signal<Vec<Stage>>,
    /// The period's drop-off.
    #[prop(into)]
    drop_off: Signal<DropOff>,
) -> impl IntoView {
    let I18n(lang) = expect_context::<I18n>();
    let chart = move |w: f64| {
        let stages = stages.get();
        let lang = lang.get();
        let t = Tr(lang);
        let d = drop_off.get();
        // A model without a dormant stage (messaging) has no sleeping to show,
        // one without a lost stage (hubspot) no losses.
        let sleeps = stages.iter().any(|s| s.kind == StageKind::Dormant);
        let loses = stages.iter().any(|s| s.kind == StageKind::Lost);
        if !sleeps && !loses {
            // Not a table of zeros: say why there is nothing to show.
            return view! { <p class="muted" data-testid="drop-off-none">{t.drop_none()}</p> }
                .into_any();
        }
        let sleeping_colour = kind_colour(&stages, StageKind::Dormant, "var(--accent)");
        let lost_colour = kind_colour(&stages, StageKind::Lost, "var(--danger)");
        let share = |n: u32, of: u32| f64::from(n) / f64::from(of.max(1));
        // The longest bar (sleeping and lost of the stage's contacts) spans the width.
        let widest = d
            .rows
            .iter()
            .map(|r| share(r.to_dormant + r.to_lost, r.entered))
            .fold(0.0, f64::max);
        let scale = if widest > 0.0 { w / widest } else { 0.0 };
        let (col_in, col_sleep, col_lost) = (w - 220.0, w - 150.0, w - 75.0);
        let rows = d
            .rows
            .iter()
            .enumerate()
            .map(|(i, row)| {
                let y0 = FLOW_HEAD + FLOW_ROW * i as f64;
                let y = y0 + BAR_Y;
                let name = label_of(&stages, &row.stage, lang);
                let total = fmt_int(row.entered.into(), lang);
                let words = |template: &str, n: u32| {
                    fill(
                        template,
                        &[
                            ("stage", &name),
                            ("count", &fmt_int(n.into(), lang)),
                            ("total", &total),
                            ("share", &fmt_percent(share(n, row.entered), lang)),
                        ],
                    )
                };
                let w_sleep = share(row.to_dormant, row.entered) * scale;
                let w_lost = share(row.to_lost, row.entered) * scale;
                let bars = if row.to_dormant + row.to_lost == 0 {
                    let tip = words(t.drop_tip_none(), 0);
                    let label = tip.clone();
                    view! {
                        <g class="mark none" tabindex=tab_index(i == 0) role="img" aria-label=label>
                            <title>{tip}</title>
                            <rect class="track" x="0" y=y width=w height=BAR_H rx="3" />
                        </g>
                    }
                    .into_any()
                } else {
                    view! {
                        <rect class="track" x="0" y=y width=w height=BAR_H rx="3" />
                        {(row.to_dormant > 0).then(|| {
                            mark(words(t.drop_tip_sleeping(), row.to_dormant), 0.0, y, w_sleep, sleeping_colour.clone(), "sleeping", i == 0)
                        })}
                        {(row.to_lost > 0).then(|| {
                            let stop = i == 0 && row.to_dormant == 0;
                            mark(words(t.drop_tip_lost(), row.to_lost), w_sleep, y, w_lost, lost_colour.clone(), "lost", stop)
                        })}
                    }
                    .into_any()
                };
                view! {
                    <g data-testid=format!("dropoff-{}", row.stage)
                        data-entered=row.entered data-sleeping=row.to_dormant data-lost=row.to_lost>
                        <text class="name" x="0" y=y0 + 14.0>{short(&name)}</text>
                        <text class="num" x=col_in y=y0 + 14.0 text-anchor="end">{total.clone()}</text>
                        <text class="num" x=col_sleep y=y0 + 14.0 text-anchor="end">{fmt_int(row.to_dormant.into(), lang)}</text>
                        <text class="num" x=col_lost y=y0 + 14.0 text-anchor="end">{fmt_int(row.to_lost.into(), lang)}</text>
                        <text class="value" x=w y=y0 + 14.0 text-anchor="end" data-testid="rate">
                            {row.rate.map_or_else(|| "—".to_owned(), |r| fmt_percent(r, lang))}
                        </text>
                        {bars}
                    </g>
                }
            })
            .collect_view();
        let height = FLOW_HEAD + FLOW_ROW * d.rows.len() as f64;
        view! {
            <svg
                class="chart flow-chart"
                viewBox=format!("0 0 {w} {height}")
                role="group"
                aria-label=t.drop_title()
                data-testid="drop-off"
            >
                {head(col_in, t.drop_entered())}
                {head(col_sleep, t.drop_to_sleeping())}
                {head(col_lost, t.drop_to_lost())}
                {head(w, t.drop_rate())}
                {rows}
            </svg>
            <ul class="legend" data-testid="drop-off-legend">
                {sleeps.then(|| view! {
                    <li>
                        <svg width="12" height="12" aria-hidden="true">
                            {swatch(0.0, 12.0, sleeping_colour)}
                        </svg>
                        {t.drop_to_sleeping()}
                    </li>
                })}
                {loses.then(|| view! {
                    <li>
                        <svg width="12" height="12" aria-hidden="true">
                            {swatch(0.0, 12.0, lost_colour)}
                        </svg>
                        {t.drop_legend_lost()}
                    </li>
                })}
            </ul>
            <p class="footnote" data-testid="dormant-to-lost">
                {format!("{}: {}", t.drop_dormant_to_lost(), fmt_int(d.dormant_to_lost.into(), lang))}
            </p>
        }
        .into_any()
    };
    chart_frame(FLOW_MIN_W, chart)
}

/// The most valuable customers at risk, each a link to its page.
#[component]
pub fn RiskList(
    #[prop(into)] stages: Signal<Vec<Stage>>,
    /// Risks with the contact's name.
    #[prop(into)]
    risks: Signal<Vec<(Risk, String)>>,
) -> impl IntoView {
    let tr = use_tr();
    let I18n(lang) = expect_context::<I18n>();
    let base = expect_context::<BasePath>();
    let rows = move || {
        let stages = stages.get();
        let lang = lang.get();
        risks
            .get()
            .into_iter()
            .map(|(risk, name)| {
                let href = base.href(&format!("/contacts/{}", crate::browser::encode_component(&risk.id)));
                view! {
                    <tr>
                        <td class="nowrap"><a href=href>{name}</a></td>
                        <td>
                            <span class="badge" style:--stage-colour=colour_of(&stages, &risk.stage)>
                                {label_of(&stages, &risk.stage, lang)}
                            </span>
                        </td>
                        <td class="num">{fmt_int(risk.value.round() as i64, lang)}</td>
                        <td class="muted">{risk.reasons.join("; ")}</td>
                    </tr>
                }
            })
            .collect_view()
    };
    view! {
        <table class="table" data-testid="risk-list">
            <thead>
                <tr>
                    <th>{move || tr().col_name()}</th>
                    <th>{move || tr().col_stage()}</th>
                    <th class="num">{move || tr().col_revenue()}</th>
                    <th>{move || tr().risk_why()}</th>
                </tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
        {move || risks.with(Vec::is_empty).then(|| view! {
            <p class="muted" data-testid="risk-empty">{move || tr().risk_none()}</p>
        })}
    }
}
