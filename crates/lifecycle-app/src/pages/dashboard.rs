use leptos::prelude::*;
use lifecycle_core::{BuiltinKind, Direction};

use crate::i18n::use_tr;

#[component]
pub fn Dashboard() -> impl IntoView {
    let tr = use_tr();
    let yes_no = move |value: bool| move || if value { tr().yes() } else { tr().no() };
    let rows = BuiltinKind::ALL
        .into_iter()
        .map(|kind| {
            view! {
                <tr>
                    <td><code>{kind.as_str()}</code></td>
                    <td>{yes_no(kind.direction() == Direction::Client)}</td>
                    <td>{yes_no(kind.is_win())}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <h1>{move || tr().nav_dashboard()}</h1>
        <p class="lead">{move || tr().tagline()}</p>
        <section class="card">
            <h2>{move || tr().event_kinds_title()}</h2>
            <table class="table" data-testid="event-kinds">
                <thead>
                    <tr>
                        <th>{move || tr().event_kind()}</th>
                        <th>{move || tr().counts_as_activity()}</th>
                        <th>{move || tr().counts_as_win()}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}
