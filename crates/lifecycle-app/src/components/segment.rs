//! The segment filters (source, owner, tag) that the dashboard and the contact
//! list share. They live in the address (`?source=…&owner=…&tag=…`), so a
//! filtered view can be bookmarked and shared.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;
use lifecycle_core::Segment;

use crate::i18n::{I18n, fmt_int, use_tr};
use crate::state::use_workspace;

/// The address parameters the filters use, with the segment list each fills.
const PARAMS: [&str; 3] = ["source", "owner", "tag"];

/// The segment the address asks for (stages are left to each page).
pub fn use_segment() -> Memo<Segment> {
    let query = use_query_map();
    Memo::new(move |_| {
        query.with(|q| {
            let one = |name: &str| q.get(name).filter(|v| !v.is_empty()).into_iter().collect();
            Segment {
                sources: one("source"),
                owners: one("owner"),
                tags: one("tag"),
                ..Segment::default()
            }
        })
    })
}

/// The segment's part of an address query (`&source=…`), for links that keep it.
pub fn segment_query(segment: &Segment) -> String {
    let mut out = String::new();
    for (name, values) in PARAMS
        .into_iter()
        .zip([&segment.sources, &segment.owners, &segment.tags])
    {
        for v in values {
            out.push_str(&format!("&{name}={}", crate::browser::encode_component(v)));
        }
    }
    out
}

/// Three selects, one per filter, listing the values the base has with their
/// number of contacts; changing one rewrites the address and keeps the rest.
#[component]
pub fn SegmentFilters() -> impl IntoView {
    let tr = use_tr();
    let I18n(lang) = expect_context::<I18n>();
    let workspace = use_workspace().0;
    let facets = Memo::new(move |_| workspace.with(|ws| ws.as_ref().map(|ws| ws.engine.facets())));
    let query = use_query_map();
    let set_query = crate::address::use_set_query();
    let select = move |name: &'static str| {
        let set_query = set_query.clone();
        let label = move || match name {
            "source" => tr().col_source(),
            "owner" => tr().col_owner(),
            _ => tr().field_tags(),
        };
        let all = move || match name {
            "source" => tr().all_sources(),
            "owner" => tr().all_owners(),
            _ => tr().all_tags(),
        };
        let options = move || {
            facets.with(|f| {
                let Some(f) = f else { return Vec::new() };
                let values = match name {
                    "source" => &f.sources,
                    "owner" => &f.owners,
                    _ => &f.tags,
                };
                values
                    .iter()
                    .map(|(value, n)| {
                        view! {
                            <option value=value.clone()>
                                {format!("{value} ({})", fmt_int(i64::from(*n), lang.get()))}
                            </option>
                        }
                    })
                    .collect::<Vec<_>>()
            })
        };
        let current = move || query.with(|q| q.get(name).unwrap_or_default());
        let on_change = move |ev: leptos::ev::Event| set_query(name, event_target_value(&ev));
        view! {
            <select
                class="segment-filter"
                class:active=move || !current().is_empty()
                data-testid=format!("filter-{name}")
                aria-label=label
                prop:value=current
                on:change=on_change
            >
                <option value="">{all}</option>
                {options}
            </select>
        }
    };
    view! {
        <div class="segment-filters" role="group" aria-label=move || tr().segment()>
            {PARAMS.into_iter().map(select).collect_view()}
        </div>
    }
}
