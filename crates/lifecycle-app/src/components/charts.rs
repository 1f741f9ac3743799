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

/// `x` to the power 2.4 for `x` in 0.05..=1 (sRGB's curve above its linear
/// part), by Newton's method on `y^5 = x^12` from `x^2.375`: `powf` would
/// bring a whole `pow` into the app's wasm for this one use.
fn pow_2_4(x: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    let x3 = x * x * x;
    let x12 = (x3 * x3) * (x3 * x3);
    let q = x.sqrt().sqrt();
    let mut y = x * x * q * q.sqrt();
    for _ in 0..4 {
        let y4 = (y * y) * (y * y);
        y -= (y4 * y - x12) / (5.0 * y4);
    }
    y
}

/// WCAG's relative luminance of a colour's red, green and blue in 0..=1.
fn luminance([r, g, b]: [f64; 3]) -> f64 {
    let linear = |c: f64| {
        if c <= 0.039_28 {
            c / 12.92
        } else {
            pow_2_4((c + 0.055) / 1.055)
        }
    };
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

/// Red, green and blue in 0..=1 of `#rrggbb`.
fn rgb(colour: &str) -> Option<[f64; 3]> {
    if colour.len() != 7 || !colour.starts_with('#') {
        return None;
    }
    let hex = |i: usize| {
        colour
            .get(i..i + 2)
            .and_then(|h| u8::from_str_radix(h, 16).ok())
            .map(|v| f64::from(v) / 255.0)
    };
    Some([hex(1)?, hex(3)?, hex(5)?])
}

/// A stage's colour for the dark theme. The light theme's stage colours run
/// from pale (early stages, usually the most contacts) to deep (the best
/// customers); on a dark background the pale ones would outshine the rest.
/// So the dark theme keeps each hue and saturation and mirrors the
/// luminance into a narrow band: every stage stands out from the dark
/// surface (4:1 or more) and none by much more than the others. A colour
/// that is not `#rrggbb` is kept as it is.
pub fn dark_colour(colour: &str) -> String {
    let Some([r, g, b]) = rgb(colour) else {
        return colour.to_owned();
    };
    let target = 0.14 + (1.0 - luminance([r, g, b])) * 0.2;
    let (max, min) = (r.max(g).max(b), r.min(g).min(b));
    let chroma = max - min;
    let (hue, sat) = if chroma == 0.0 {
        (0.0, 0.0)
    } else {
        let h = if max == r {
            let h = (g - b) / chroma;
            if h < 0.0 { h + 6.0 } else { h }
        } else if max == g {
            (b - r) / chroma + 2.0
        } else {
            (r - g) / chroma + 4.0
        };
        let light = (max + min) / 2.0;
        (h, chroma / (1.0 - (2.0 * light - 1.0).abs()))
    };
    // The colour of hue, saturation and lightness `light`.
    let hsl = |light: f64| {
        let chroma = (1.0 - (2.0 * light - 1.0).abs()) * sat;
        let x = chroma * (1.0 - (hue - 2.0 * (hue / 2.0).floor() - 1.0).abs());
        let [r, g, b] = match hue as u32 {
            0 => [chroma, x, 0.0],
            1 => [x, chroma, 0.0],
            2 => [0.0, chroma, x],
            3 => [0.0, x, chroma],
            4 => [x, 0.0, chroma],
            _ => [chroma, 0.0, x],
        };
        let m = light - chroma / 2.0;
        [r + m, g + m, b + m]
    };
    // Luminance grows with lightness: halve the way to the target.
    let (mut lo, mut hi) = (0.0, 1.0);
    for _ in 0..24 {
        let mid = f64::midpoint(lo, hi);
        if luminance(hsl(mid)) < target {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let byte = |v: f64| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    let [r, g, b] = hsl(lo);
    format!("#{:02x}{:02x}{:02x}", byte(r), byte(g), byte(b))
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
            // Drawn anew: the mark the tooltip was for is gone.
            tip.set(None);
            width.set(w);
        }
    };
    wrap.on_load(move |el| watch.set_value(crate::browser::watch_width(&el, set_width)));
    view! {
        <div
            class="chart-wrap"
            node_ref=wrap
            on:keydown=move |ev| crate::browser::rove(&ev)
            on:focusin=move |ev| tip.set(crate::browser::focused_mark(&ev))
            on:focusout=move |_| tip.set(None)
        >
            {move || width.get().map(&chart)}
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
        let darks: Vec<String> = stages.iter().map(|s| dark_colour(&s.colour)).collect();
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
                    .zip(stages.iter().zip(&darks))
                    .rev()
                    .filter(|(count, _)| **count > 0)
                    .map(|(&count, (stage, dark))| {
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
                            <rect class="sc" x=x y=y1 width=bar_w height=h fill=stage.colour.clone() style:--dark=dark.clone()>
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
                .zip(&darks)
                .map(|(stage, dark)| {
                    view! {
                        <li>
                            <svg width="12" height="12" aria-hidden="true">
                                <rect class="sc" width="12" height="12" rx="3" fill=stage.colour.clone() style:--dark=dark.clone() />
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
    use super::{Lang, NaiveDate, axis_step, dark_colour, luminance, month_label, pow_2_4, rgb};

    fn contrast(a: &str, b: &str) -> f64 {
        let (a, b) = (luminance(rgb(a).unwrap()), luminance(rgb(b).unwrap()));
        (a.max(b) + 0.05) / (a.min(b) + 0.05)
    }

    /// The b2b preset's colours, unqualified to lost, on the dark theme's
    /// surface (styles.css `--surface`).
    #[test]
    fn dark_stage_colours_stand_out_alike_from_the_dark_surface() {
        const SURFACE: &str = "#171b2e";
        let b2b = [
            "#cbd5e1", "#3b82f6", "#86efac", "#22c55e", "#15803d", "#a78bfa", "#6b7280",
        ];
        let light: Vec<f64> = b2b.iter().map(|c| contrast(c, SURFACE)).collect();
        let dark: Vec<f64> = b2b
            .iter()
            .map(|c| contrast(&dark_colour(c), SURFACE))
            .collect();
        let spread = |v: &[f64]| {
            v.iter().cloned().fold(0.0, f64::max) / v.iter().cloned().fold(f64::MAX, f64::min)
        };
        for (c, d) in b2b.iter().zip(&dark) {
            assert!(
                *d >= 4.0,
                "{c} as {} is {d:.2}:1 on the surface",
                dark_colour(c)
            );
        }
        // Unqualified, the palest and the most contacts, no longer outshines the rest.
        assert!(dark[0] < dark[4], "{dark:?}");
        let named: Vec<String> = b2b.iter().map(|c| dark_colour(c)).collect();
        assert!(
            spread(&dark) < 2.0 && spread(&dark) < spread(&light) / 2.0,
            "{light:?} -> {dark:?} {named:?}"
        );
        // Hue kept: a grey stays grey, a blue blue.
        assert_eq!(&dark_colour("#808080")[1..3], &dark_colour("#808080")[3..5]);
        let blue = dark_colour("#3b82f6");
        assert!(blue[5..7] > blue[1..3], "{blue}");
        assert_eq!(dark_colour("red"), "red");
        assert_eq!(dark_colour("#12345"), "#12345");
    }

    #[test]
    fn the_power_without_pow() {
        for i in 50..=1000 {
            let x = f64::from(i) / 1000.0;
            assert!((pow_2_4(x) / x.powf(2.4) - 1.0).abs() < 1e-12, "{x}");
        }
    }

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
