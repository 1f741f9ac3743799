//! The few browser facts the app needs, behind plain functions: components
//! never call `web_sys` themselves.

use chrono::NaiveDate;
use wasm_bindgen::JsCast;

use crate::i18n::Lang;

const LANG_KEY: &str = "lifecycle.lang";

/// The path the site is served under, without a trailing slash: `""` at the
/// root, `"/lifecycle"` on a GitHub Pages project site. Read from `<base href>`,
/// which Trunk fills in from `--public-url`.
pub fn base_path() -> String {
    let base = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.base_uri().ok().flatten())
        .and_then(|uri| web_sys::Url::new(&uri).ok())
        .map(|url| url.pathname())
        .unwrap_or_default();
    base.trim_end_matches('/').to_owned()
}

/// Names the tab, the bookmark and the history entry: "<page> — Lifecycle".
pub fn set_title(page: &str) {
    if let Some(document) = web_sys::window().and_then(|w| w.document()) {
        document.set_title(&format!("{page} \u{2014} Lifecycle"));
    }
}

/// The remembered language, else the browser's, else English.
pub fn initial_lang() -> Lang {
    let window = web_sys::window();
    let stored = window
        .as_ref()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(LANG_KEY).ok().flatten())
        .and_then(|code| Lang::parse(&code));
    let browser = || {
        window
            .as_ref()
            .and_then(|w| w.navigator().language())
            .and_then(|code| Lang::parse(&code))
    };
    stored.or_else(browser).unwrap_or(Lang::En)
}

/// Remembers the chosen language and sets `<html lang>`.
pub fn remember_lang(lang: Lang) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(Some(storage)) = window.local_storage() {
        let _ = storage.set_item(LANG_KEY, lang.as_str());
    }
    if let Some(root) = window.document().and_then(|d| d.document_element()) {
        let _ = root.set_attribute("lang", lang.as_str());
    }
}

/// Today's date in the user's time zone.
pub fn today() -> NaiveDate {
    let now = js_sys::Date::new_0();
    NaiveDate::from_ymd_opt(
        now.get_full_year() as i32,
        now.get_month() + 1,
        now.get_date(),
    )
    .unwrap_or_default()
}

/// Offers `text` to the user as a file download called `file_name`.
pub fn download(file_name: &str, mime: &str, text: &str) -> Result<(), crate::i18n::Text> {
    use wasm_bindgen::JsCast;
    let fail = |what: &'static str| {
        crate::i18n::Text::new(move |lang| match lang {
            lifecycle_core::Lang::En => format!("the browser refused the download ({what})"),
            lang => crate::i18n::Tr(lang).download_refused().to_owned(),
        })
    };
    // The text's UTF-8 bytes are copied as they are: made a JavaScript string
    // first, the tens of megabytes of an export or backup of 100,000
    // contacts were decoded and encoded again, in one task of up to a second.
    let parts = js_sys::Array::of1(&js_sys::Uint8Array::from(text.as_bytes()));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|_| fail("blob"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| fail("url"))?;
    let document = web_sys::window()
        .and_then(|w| w.document())
        .ok_or_else(|| fail("document"))?;
    let anchor: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| fail("link"))?
        .unchecked_into();
    anchor.set_href(&url);
    anchor.set_download(file_name);
    anchor.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// The bytes of the first file chosen in a file input.
pub async fn read_chosen_file(
    input: &web_sys::HtmlInputElement,
) -> Result<Option<(String, Vec<u8>)>, crate::i18n::Text> {
    match input.files().and_then(|files| files.get(0)) {
        Some(file) => read_file(file).await.map(Some),
        None => Ok(None),
    }
}

/// The first file chosen in the file input that sent `event`.
pub fn chosen_file(event: &web_sys::Event) -> Option<web_sys::File> {
    use wasm_bindgen::JsCast;
    event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        .and_then(|input| input.files())
        .and_then(|files| files.get(0))
}

/// The first file dropped with a drag-and-drop event.
pub fn dropped_file(event: &web_sys::DragEvent) -> Option<web_sys::File> {
    event
        .data_transfer()
        .and_then(|data| data.files())
        .and_then(|files| files.get(0))
}

/// A file's name and bytes.
pub async fn read_file(file: web_sys::File) -> Result<(String, Vec<u8>), crate::i18n::Text> {
    let buffer = wasm_bindgen_futures::JsFuture::from(file.array_buffer())
        .await
        .map_err(|_| {
            let name = file.name();
            crate::i18n::Text::new(move |lang| {
                crate::i18n::fill(crate::i18n::Tr(lang).file_unreadable(), &[("file", &name)])
            })
        })?;
    Ok((file.name(), js_sys::Uint8Array::new(&buffer).to_vec()))
}

/// Bytes `start..end` of `file` (fewer at its end), read without loading the rest:
/// large files are read a slice at a time.
pub async fn read_slice(
    file: &web_sys::File,
    start: u64,
    end: u64,
) -> Result<Vec<u8>, crate::i18n::Text> {
    let fail = || {
        let name = file.name();
        crate::i18n::Text::new(move |lang| {
            crate::i18n::fill(crate::i18n::Tr(lang).file_unreadable(), &[("file", &name)])
        })
    };
    let blob = file
        .slice_with_f64_and_f64(start as f64, end as f64)
        .map_err(|_| fail())?;
    let buffer = wasm_bindgen_futures::JsFuture::from(blob.array_buffer())
        .await
        .map_err(|_| fail())?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// Resolves on the browser's next turn (a `setTimeout(0)`), so that long work done
/// in steps lets the page repaint and take clicks in between.
pub async fn next_tick() {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        if let Some(window) = web_sys::window() {
            let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0);
        }
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// `text` made safe for one path segment of an address.
pub fn encode_component(text: &str) -> String {
    String::from(js_sys::encode_uri_component(text))
}

const THEME_KEY: &str = "lifecycle.theme";

/// The remembered theme: `"light"`, `"dark"`, or `"system"` (follow the
/// operating system).
pub fn initial_theme() -> String {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(THEME_KEY).ok().flatten())
        .filter(|t| t == "light" || t == "dark")
        .unwrap_or_else(|| "system".to_owned())
}

/// Remembers the theme and applies it as `<html data-theme>`.
pub fn apply_theme(theme: &str) {
    let Some(window) = web_sys::window() else {
        return;
    };
    if let Ok(Some(storage)) = window.local_storage() {
        let _ = storage.set_item(THEME_KEY, theme);
    }
    if let Some(root) = window.document().and_then(|d| d.document_element()) {
        let _ = match theme {
            "light" | "dark" => root.set_attribute("data-theme", theme),
            _ => root.remove_attribute("data-theme"),
        };
    }
}

const PERIOD_KEY: &str = "lifecycle.period";

/// The remembered default period of the dashboard in days, if one was chosen.
pub fn stored_period() -> Option<i64> {
    web_sys::window()
        .and_then(|w| w.local_storage().ok().flatten())
        .and_then(|s| s.get_item(PERIOD_KEY).ok().flatten())
        .and_then(|p| p.parse().ok())
}

/// Remembers the dashboard's default period.
pub fn remember_period(days: i64) {
    if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
        let _ = storage.set_item(PERIOD_KEY, &days.to_string());
    }
}

/// Puts a mark called `name` on the page's performance timeline
/// (`performance.mark`). The cold-load benchmark, tests/e2e/bench-store.mjs,
/// reads the marks the start-up sets around opening the database and loading
/// the base.
pub fn mark(name: &str) {
    let global = js_sys::global();
    let Ok(performance) = js_sys::Reflect::get(&global, &"performance".into()) else {
        return;
    };
    let Ok(mark) = js_sys::Reflect::get(&performance, &"mark".into()) else {
        return;
    };
    if let Some(mark) = mark.dyn_ref::<js_sys::Function>() {
        let _ = mark.call1(&performance, &name.into());
    }
}

// Charts: their width, and the keyboard's way through their marks.

/// Watches an element's width; stops watching when dropped.
pub struct WidthWatch {
    observer: web_sys::ResizeObserver,
    _callback: wasm_bindgen::closure::Closure<dyn FnMut(js_sys::Array)>,
}

impl Drop for WidthWatch {
    fn drop(&mut self) {
        self.observer.disconnect();
    }
}

/// Calls `on_width` with `element`'s width in CSS pixels, at once (in the
/// task that put the element in the page, so that what depends on it is
/// drawn before anything else runs) and whenever it changes, until the
/// returned watch is dropped.
pub fn watch_width(
    element: &web_sys::Element,
    mut on_width: impl FnMut(f64) + 'static,
) -> Option<WidthWatch> {
    on_width(element.get_bounding_client_rect().width());
    let callback = wasm_bindgen::closure::Closure::<dyn FnMut(js_sys::Array)>::new(
        move |entries: js_sys::Array| {
            if let Some(entry) = entries.get(0).dyn_ref::<web_sys::ResizeObserverEntry>() {
                on_width(entry.content_rect().width());
            }
        },
    );
    let observer = web_sys::ResizeObserver::new(callback.as_ref().unchecked_ref()).ok()?;
    observer.observe(element);
    Some(WidthWatch {
        observer,
        _callback: callback,
    })
}

/// A chart's marks (`.mark`) are one tab stop: the arrow keys move the focus
/// to the previous or next mark, Home and End to the first or last, and the
/// mark focused becomes the chart's stop (roving tabindex). Called with the
/// chart's key presses.
pub fn rove(event: &web_sys::KeyboardEvent) {
    let Some((chart, target)) = chart_and_target(event) else {
        return;
    };
    let marks = marks(&chart);
    let Some(at) = marks.iter().position(|m| m.is_same_node(Some(&target))) else {
        return;
    };
    let last = marks.len() - 1;
    let next = match event.key().as_str() {
        "ArrowRight" | "ArrowDown" => (at + 1).min(last),
        "ArrowLeft" | "ArrowUp" => at.saturating_sub(1),
        "Home" => 0,
        "End" => last,
        _ => return,
    };
    event.prevent_default();
    make_stop(&marks, next);
    let _ = marks[next].focus();
}

/// The chart an event of its frame is for (the listener's element), and the
/// node it happened on.
fn chart_and_target(event: &web_sys::Event) -> Option<(web_sys::Element, web_sys::Node)> {
    Some((
        event.current_target()?.dyn_into().ok()?,
        event.target()?.dyn_into().ok()?,
    ))
}

/// A chart's marks, in order.
fn marks(chart: &web_sys::Element) -> Vec<web_sys::SvgElement> {
    let Ok(list) = chart.query_selector_all(".mark") else {
        return Vec::new();
    };
    (0..list.length())
        .filter_map(|i| list.item(i)?.dyn_into().ok())
        .collect()
}

/// Makes `marks[index]` the chart's one tab stop.
fn make_stop(marks: &[web_sys::SvgElement], index: usize) {
    for (i, mark) in marks.iter().enumerate() {
        let _ = mark.set_attribute("tabindex", if i == index { "0" } else { "-1" });
    }
}

/// Where the keyboard is in a chart, to keep over a redraw.
#[derive(Debug, Clone, Copy)]
pub struct ChartStop {
    /// The index of the chart's stop: the focused mark, or else the one the
    /// keyboard (or a click) left it on.
    index: usize,
    /// The stop is the last mark (where a chart's stop starts).
    last: bool,
    /// A mark of the chart has the focus.
    focused: bool,
}

fn active_element() -> Option<web_sys::Element> {
    web_sys::window()?.document()?.active_element()
}

/// Where the keyboard is in `chart` now.
pub fn chart_stop(chart: &web_sys::Element) -> Option<ChartStop> {
    let marks = marks(chart);
    let active = active_element();
    let focused = marks
        .iter()
        .position(|m| active.as_ref().is_some_and(|a| m.is_same_node(Some(a))));
    let index = focused.or_else(|| {
        marks
            .iter()
            .position(|m| m.get_attribute("tabindex").as_deref() == Some("0"))
    })?;
    Some(ChartStop {
        index,
        last: index + 1 == marks.len(),
        focused: focused.is_some(),
    })
}

/// After `chart` is drawn anew (marks moved, relabelled, added or gone):
/// its stop is the mark at the same index again (the last one if it was the
/// last, or if there are fewer now), and if a mark had the focus and lost
/// it with the redraw, that mark has it now (without scrolling), unless the
/// focus has gone elsewhere meanwhile.
pub fn restore_chart_stop(chart: &web_sys::Element, stop: ChartStop) {
    let marks = marks(chart);
    let Some(last) = marks.len().checked_sub(1) else {
        return;
    };
    let index = if stop.last {
        last
    } else {
        stop.index.min(last)
    };
    make_stop(&marks, index);
    // Still in the chart, or dropped to the page's body with its mark.
    let body = web_sys::window().and_then(|w| w.document()?.body());
    let here = active_element()
        .is_none_or(|a| chart.contains(Some(&a)) || body.is_some_and(|b| a.is_same_node(Some(&b))));
    if stop.focused && here {
        let options = web_sys::FocusOptions::new();
        options.set_prevent_scroll(true);
        let _ = marks[index].focus_with_options(&options);
    }
}

/// Makes the mark that has just taken the focus (by the keyboard, a click
/// or a tap) its chart's stop. Called with the chart's `focusin` events.
pub fn take_stop(event: &web_sys::FocusEvent) {
    let Some((chart, target)) = chart_and_target(event) else {
        return;
    };
    let marks = marks(&chart);
    if let Some(at) = marks.iter().position(|m| m.is_same_node(Some(&target))) {
        make_stop(&marks, at);
    }
}

/// The focused chart mark's label, and where to show it in the chart's
/// frame (the event's current target): the mark's middle and top, in CSS
/// pixels from the frame's left and top, and the frame's width.
pub fn focused_mark(event: &web_sys::FocusEvent) -> Option<(String, f64, f64, f64)> {
    let mark = event.target()?.dyn_into::<web_sys::Element>().ok()?;
    let frame = event
        .current_target()?
        .dyn_into::<web_sys::Element>()
        .ok()?;
    mark_tip(&mark, &frame)
}

/// [`focused_mark`] for the chart in `frame` as it is now: the focused
/// mark's label and place, if one of its marks has the focus.
pub fn focused_mark_in(frame: &web_sys::Element) -> Option<(String, f64, f64, f64)> {
    let active = web_sys::window()?.document()?.active_element()?;
    if !frame.contains(Some(&active)) {
        return None;
    }
    mark_tip(&active, frame)
}

fn mark_tip(mark: &web_sys::Element, frame: &web_sys::Element) -> Option<(String, f64, f64, f64)> {
    if !mark.matches(".mark").unwrap_or(false) {
        return None;
    }
    let label = mark.get_attribute("aria-label")?;
    let (m, f) = (
        mark.get_bounding_client_rect(),
        frame.get_bounding_client_rect(),
    );
    Some((
        label,
        m.left() + m.width() / 2.0 - f.left(),
        m.top() - f.top(),
        f.width(),
    ))
}
