//! Charts drawn as SVG by the app: no chart library, no canvas, and every mark
//! carries a `<title>` tooltip.

use leptos::prelude::*;
use lifecycle_core::Stage;
use lifecycle_core::reports::TrendPoint;

use crate::components::tiles::stage_label;
use crate::i18n::{I18n, Lang, Tr, fmt_date, fmt_int};
use chrono::{Datelike, NaiveDate};

/// The narrowest the stacked chart is laid out for; in a narrower frame it
/// is scaled down.
const MIN_WIDTH: f64 = 480.0;
const HEIGHT: f64 = 280.0;
/// Room a month label needs, in pixels.
const LABEL_W: f64 = 84.0;
const LEFT: f64 = 56.0;
const BOTTOM: f64 = 28.0;
const TOP: f64 = 8.0;
const RIGHT: f64 = 24.0;

/// The axis' lines: `(step, steps)`, the lines at 0, step, ... steps × step.
/// Four or five steps of 1, 2, 2.5 (from 25 up) or 5 times a power of ten,
/// whichever reaches `max` with the lowest top line: every line is a whole
/// number, and the top line is at or above the data.
fn axis_step(max: u32) -> (u32, u32) {
    let max = u64::from(max.max(1));
    let smallest = |steps: u64| {
        let mut unit = 1u64;
        loop {
            // 2.5 times the unit is whole from 10 up.
            let half = if unit >= 10 { unit * 5 / 2 } else { unit * 2 };
            for step in [unit, unit * 2, half, unit * 5] {
                if step * steps >= max {
                    return step;
                }
            }
            unit *= 10;
        }
    };
    let (step, steps) = [4u64, 5]
        .into_iter()
        .map(|steps| (smallest(steps), steps))
        .min_by_key(|&(step, steps)| (step * steps, steps))
        .unwrap_or((1, 4));
    (u32::try_from(step).unwrap_or(u32::MAX / 5), steps as u32)
}

/// A month as an axis label: "Nov 2024" or "нояб. 2024". The year is always
/// written in full, so the label cannot be read as a day of the month.
fn month_label(date: NaiveDate, lang: Lang) -> String {
    const RU: [&str; 12] = [
        "янв.",
        "февр.",
        "март",
        "апр.",
        "май",
        "июнь",
        "июль",
        "авг.",
        "сент.",
        "окт.",
        "нояб.",
        "дек.",
    ];
    match lang {
        Lang::En => date.format("%b %Y").to_string(),
        Lang::Ru => format!("{} {}", RU[date.month0() as usize], date.year()),
    }
}

/// The frame a chart is drawn in. It draws `chart` at the frame's width in
/// CSS pixels (at least `min`): the drawing's units are pixels, so its text
/// is as large as the page's CSS says at any width. The chart's marks
/// (`.mark`) are one tab stop for the keyboard, moved between with the arrow
/// keys, Home and End, and the focused mark's label shows beside it as its
/// tooltip (the mouse has each mark's `<title>`).
pub fn chart_frame(min: f64, chart: impl Fn(f64) -> AnyView + Send + Sync + 'static) -> AnyView {
    // One copy of the frame in the wasm for every chart, not one each.
    frame(min, Box::new(chart))
}

fn frame(min: f64, chart: Box<dyn Fn(f64) -> AnyView + Send + Sync>) -> AnyView {
    let wrap = NodeRef::<leptos::html::Div>::new();
    // Unknown until the frame is in the page: nothing is drawn before.
    let width = RwSignal::new(None::<f64>);
    let watch = StoredValue::new_local(None);
    let tip = RwSignal::new(None::<(String, f64, f64, f64)>);
    let set_width = move |w: f64| {
        let w = Some(w.round().max(min));
        if width.try_get_untracked().is_some_and(|now| now != w) {
            width.set(w);
        }
    };
    wrap.on_load(move |el| watch.set_value(crate::browser::watch_width(&el, set_width)));
    view! {
        <div
            class="chart-wrap"
            node_ref=wrap
            on:keydown=move |ev| crate::browser::rove(&ev)
            on:focusin=move |ev| {
                crate::browser::take_stop(&ev);
                tip.set(crate::browser::focused_mark(&ev));
            }
            on:focusout=move |_| tip.set(None)
        >
            {move || {
                // Drawn anew (a new width, other figures, another language):
                // marks move, change their labels, come and go. Once the new
                // drawing is in the page, the chart's stop is the mark it
                // was (or the last), a mark that had the focus and is gone
                // gives it to the one in its place, and the tooltip is the
                // focused mark's as it is now, never an old one's.
                let place = wrap
                    .try_get_untracked()
                    .flatten()
                    .and_then(|el| crate::browser::chart_stop(&el));
                let drawn = width.get().map(&chart);
                leptos::task::spawn_local(async move {
                    // The chart may be gone by then (the page drawn anew
                    // around it): nothing to do.
                    if let Some(el) = wrap.try_get_untracked().flatten() {
                        if let Some(place) = place {
                            crate::browser::restore_chart_stop(&el, place);
                        }
                        let _ = tip.try_set(crate::browser::focused_mark_in(&el));
                    }
                });
                drawn
            }}
            {move || {
                tip.get().map(|(text, x, y, frame_w)| {
                    // Beside the mark, growing away from the nearer edge.
                    let class = if x > frame_w / 2.0 { "chart-tip end" } else { "chart-tip" };
                    // Set property by property: the CSP refuses a style attribute.
                    view! {
                        <div class=class aria-hidden="true" data-testid="chart-tip"
                            style:left=format!("{x:.0}px") style:top=format!("{y:.0}px")>
                            {text}
                        </div>
                    }
                })
            }}
        </div>
    }
    .into_any()
}

/// Stacked bars: one bar per date, one segment per stage, with a legend.
#[component]
pub fn StackedBars(
    /// The stages, in the order of each point's counts.
    #[prop(into)]
    stages: Signal<Vec<Stage>>,
    /// One point per bar.
    #[prop(into)]
    points: Signal<Vec<TrendPoint>>,
) -> impl IntoView {
    let I18n(lang) = expect_context::<I18n>();
    let chart = move |width: f64| {
        let stages = stages.get();
        let points = points.get();
        let lang = lang.get();
        let max = points
            .iter()
            .map(|p| p.counts.iter().sum::<u32>())
            .max()
            .unwrap_or(0);
        let (step, steps) = axis_step(max);
        let top = step.saturating_mul(steps);
        let plot_h = HEIGHT - BOTTOM - TOP;
        let plot_w = width - LEFT - RIGHT;
        let slot = plot_w / points.len().max(1) as f64;
        let bar_w = (slot * 0.72).max(1.0);
        let y = move |v: f64| TOP + plot_h - v / f64::from(top) * plot_h;

        let grid = (0..=steps)
            .map(|i| {
                let value = step.saturating_mul(i);
                let yy = y(f64::from(value));
                view! {
                    <g class="grid">
                        <line x1=LEFT x2=width - RIGHT y1=yy y2=yy />
                        <text x=LEFT - 8.0 y=yy + 4.0 text-anchor="end">
                            {fmt_int(i64::from(value), lang)}
                        </text>
                    </g>
                }
            })
            .collect_view();

        // Every few months, counted back from the last bar (the current month),
        // so the labels are evenly spaced and the last one is always there.
        // At most eight, and as many as fit.
        let fit = (points.len() as f64 * LABEL_W / plot_w).ceil() as usize;
        let label_every = (points.len() / 8).max(fit).max(1);
        let last = points.len().saturating_sub(1);
        let bars = points
            .iter()
            .enumerate()
            .map(|(i, point)| {
                let x = LEFT + slot * i as f64 + (slot - bar_w) / 2.0;
                let mut acc = 0.0;
                let segments = point
                    .counts
                    .iter()
                    .zip(&stages)
                    .rev()
                    .filter(|(count, _)| **count > 0)
                    .map(|(&count, stage)| {
                        let y1 = y(acc + f64::from(count));
                        let h = y(acc) - y1;
                        acc += f64::from(count);
                        let tip = format!(
                            "{} · {}: {}",
                            fmt_date(point.date, lang),
                            stage_label(stage, lang),
                            fmt_int(count.into(), lang)
                        );
                        view! {
                            <rect class="sc" x=x y=y1 width=bar_w height=h style:--c=stage.colour.clone()>
                                <title>{tip}</title>
                            </rect>
                        }
                    })
                    .collect_view();
                // The bar as one stop for the keyboard: its label reads every
                // stage's count, as the segments' tooltips do for the mouse.
                let summary = format!(
                    "{}: {}",
                    fmt_date(point.date, lang),
                    stages
                        .iter()
                        .zip(&point.counts)
                        .map(|(stage, &count)| {
                            format!("{} {}", stage_label(stage, lang), fmt_int(count.into(), lang))
                        })
                        .collect::<Vec<_>>()
                        .join(", ")
                );
                let label = (last - i).is_multiple_of(label_every).then(|| {
                    let text = month_label(point.date, lang);
                    view! {
                        <text class="axis" x=x + bar_w / 2.0 y=HEIGHT - 8.0 text-anchor="middle">
                            {text}
                        </text>
                    }
                });
                view! {
                    <g>
                        // The current month is the chart's tab stop.
                        <g class="mark" tabindex=if i == last { "0" } else { "-1" } role="img" aria-label=summary>
                            {segments}
                        </g>
                        {label}
                    </g>
                }
            })
            .collect_view();

        let legend = stages
                .iter()
                .map(|stage| {
                    view! {
                        <li>
                            <svg width="12" height="12" aria-hidden="true">
                                <rect class="sc" width="12" height="12" rx="3" style:--c=stage.colour.clone() />
                            </svg>
                            {stage_label(stage, lang)}
                        </li>
                    }
                })
                .collect_view();

        view! {
            <svg
                class="chart"
                viewBox=format!("0 0 {width} {HEIGHT}")
                role="group"
                aria-label=Tr(lang).trend_title()
                data-testid="trend-chart"
            >
                {grid}
                {bars}
            </svg>
            <ul class="legend">{legend}</ul>
        }
        .into_any()
    };
    chart_frame(MIN_WIDTH, chart)
}

#[cfg(test)]
mod tests {
    use super::{Lang, NaiveDate, axis_step, month_label};

    #[test]
    fn month_labels_carry_the_whole_year() {
        let date = |m| NaiveDate::from_ymd_opt(2024, m, 30).unwrap();
        assert_eq!(month_label(date(11), Lang::En), "Nov 2024");
        assert_eq!(month_label(date(11), Lang::Ru), "нояб. 2024");
        assert_eq!(month_label(date(5), Lang::Ru), "май 2024");
        assert_eq!(month_label(date(9), Lang::Ru), "сент. 2024");
    }

    #[test]
    fn the_axis_lines_are_whole_round_numbers_whose_top_reaches_the_data() {
        let cases = [
            (0, (1, 4)),
            (1, (1, 4)),
            (4, (1, 4)),
            (5, (1, 5)),
            (6, (2, 4)),
            (9, (2, 5)),
            (21, (5, 5)),
            (41, (10, 5)),
            (81, (25, 4)),
            (101, (25, 5)),
            (4_999, (1_000, 5)),
            (5_000, (1_000, 5)),
            (9_000, (2_500, 4)),
            (100_000, (25_000, 4)),
            (100_001, (25_000, 5)),
        ];
        for (max, expected) in cases {
            assert_eq!(axis_step(max), expected, "for {max}");
        }
    }
}
