//! Charts drawn as SVG by the app: no chart library, no canvas, and every mark
//! carries a `<title>` tooltip.

use leptos::prelude::*;
use lifecycle_core::Stage;
use lifecycle_core::reports::TrendPoint;

use crate::components::tiles::stage_label;
use crate::i18n::{I18n, fmt_date, fmt_int};

const WIDTH: f64 = 960.0;
const HEIGHT: f64 = 280.0;
const LEFT: f64 = 56.0;
const BOTTOM: f64 = 28.0;
const TOP: f64 = 8.0;
const RIGHT: f64 = 24.0;

/// A "nice" axis maximum at or above `max`: 1, 2 or 5 times a power of ten.
fn nice_ceiling(max: u32) -> u32 {
    let max = max.max(1);
    let mut step = 1u32;
    loop {
        for m in [1, 2, 5] {
            if let Some(v) = step.checked_mul(m)
                && v >= max
            {
                return v;
            }
        }
        match step.checked_mul(10) {
            Some(next) => step = next,
            None => return u32::MAX,
        }
    }
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
    let chart = move || {
        let stages = stages.get();
        let points = points.get();
        let lang = lang.get();
        let max = points
            .iter()
            .map(|p| p.counts.iter().sum::<u32>())
            .max()
            .unwrap_or(0);
        let top = nice_ceiling(max);
        let plot_h = HEIGHT - BOTTOM - TOP;
        let plot_w = WIDTH - LEFT - RIGHT;
        let slot = plot_w / points.len().max(1) as f64;
        let bar_w = (slot * 0.72).max(1.0);
        let y = move |v: f64| TOP + plot_h - v / f64::from(top) * plot_h;

        let grid = (0..=4)
            .map(|i| {
                let value = f64::from(top) * f64::from(i) / 4.0;
                let yy = y(value);
                view! {
                    <g class="grid">
                        <line x1=LEFT x2=WIDTH - RIGHT y1=yy y2=yy />
                        <text x=LEFT - 8.0 y=yy + 4.0 text-anchor="end">
                            {fmt_int(value.round() as i64, lang)}
                        </text>
                    </g>
                }
            })
            .collect_view();

        let label_every = (points.len() / 8).max(1);
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
                            <rect x=x y=y1 width=bar_w height=h fill=stage.colour.clone()>
                                <title>{tip}</title>
                            </rect>
                        }
                    })
                    .collect_view();
                let label = (i % label_every == 0 || i + 1 == points.len()).then(|| {
                    let text = match lang {
                        crate::i18n::Lang::En => point.date.format("%b %y").to_string(),
                        crate::i18n::Lang::Ru => point.date.format("%m.%y").to_string(),
                    };
                    view! {
                        <text class="axis" x=x + bar_w / 2.0 y=HEIGHT - 8.0 text-anchor="middle">
                            {text}
                        </text>
                    }
                });
                view! { <g>{segments}{label}</g> }
            })
            .collect_view();

        let legend = stages
            .iter()
            .map(|stage| {
                view! {
                    <li>
                        <svg width="12" height="12" aria-hidden="true">
                            <rect width="12" height="12" rx="3" fill=stage.colour.clone() />
                        </svg>
                        {stage_label(stage, lang)}
                    </li>
                }
            })
            .collect_view();

        view! {
            <svg
                class="chart"
                viewBox=format!("0 0 {WIDTH} {HEIGHT}")
                role="img"
                data-testid="trend-chart"
            >
                {grid}
                {bars}
            </svg>
            <ul class="legend">{legend}</ul>
        }
    };
    view! { <div class="chart-wrap">{chart}</div> }
}

#[cfg(test)]
mod tests {
    use super::nice_ceiling;

    #[test]
    fn axis_maximum_is_a_round_number_at_or_above_the_data() {
        let cases = [
            (0, 1),
            (1, 1),
            (3, 5),
            (7, 10),
            (11, 20),
            (4_999, 5_000),
            (5_001, 10_000),
        ];
        for (max, expected) in cases {
            assert_eq!(nice_ceiling(max), expected, "for {max}");
        }
    }
}
