//! The frame around every page: header with navigation and language, footer.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

use crate::BasePath;
use crate::browser;
use crate::i18n::{I18n, Lang, use_tr};
use crate::storage::{DbStatus, use_db};

/// The page frame; `children` is the routed page.
#[component]
pub fn Shell(children: Children) -> impl IntoView {
    let tr = use_tr();
    let base = expect_context::<BasePath>();
    // After a change of page (not the first load, nor a change of the
    // address's query, such as typing a search), the focus moves to the new
    // page's heading: a screen reader reads where the user is, and Tab goes on
    // from the top of the new page, not from the link clicked on the old one.
    let location = use_location();
    Effect::new(move |before: Option<String>| {
        let path = location.pathname.get();
        if before.is_some_and(|before| before != path) {
            request_animation_frame(focus_page_heading);
        }
        path
    });
    view! {
        // The skip link moves the focus itself: with the page's <base>, a bare
        // "#main" would be resolved against the site's root and routed there.
        <a class="skip-link" href="#main" data-testid="skip-link" on:click=skip_to_main>
            {move || tr().skip_to_content()}
        </a>
        <header class="topbar">
            <A href=base.href("/") attr:class="brand">
                <span class="brand-mark" aria-hidden="true"></span>
                <span>{move || tr().app_name()}</span>
            </A>
            <nav class="nav" aria-label=move || tr().main_navigation()>
                <A href=base.href("/") exact=true attr:data-testid="nav-dashboard">{move || tr().nav_dashboard()}</A>
                <A href=base.href("/contacts") attr:data-testid="nav-contacts">{move || tr().nav_contacts()}</A>
                <A href=base.href("/import") attr:data-testid="nav-import">{move || tr().nav_import()}</A>
                <A href=base.href("/model") attr:data-testid="nav-model">{move || tr().nav_model()}</A>
                <A href=base.href("/settings") attr:data-testid="nav-settings">{move || tr().nav_settings()}</A>
            </nav>
            <LangSwitch />
        </header>
        <OutdatedBanner />
        <main id="main" class="page" tabindex="-1">{children()}</main>
        <footer class="footer">{move || tr().privacy_note()}</footer>
    }
}

/// Focuses the page's main heading (the first `h1` in the main landmark,
/// made focusable by script only), else the main landmark itself.
fn focus_page_heading() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let target = document
        .query_selector("#main h1")
        .ok()
        .flatten()
        .inspect(|h1| {
            if !h1.has_attribute("tabindex") {
                let _ = h1.set_attribute("tabindex", "-1");
            }
        })
        .or_else(|| document.get_element_by_id("main"));
    if let Some(target) =
        target.and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
    {
        let _ = target.focus();
    }
}

/// Focuses the page's content, without changing the address.
fn skip_to_main(ev: web_sys::MouseEvent) {
    ev.prevent_default();
    if let Some(main) = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id("main"))
        .and_then(|e| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(e).ok())
    {
        let _ = main.focus();
    }
}

/// Two buttons, EN and RU; the current one is pressed.
#[component]
fn LangSwitch() -> impl IntoView {
    let I18n(lang) = expect_context::<I18n>();
    let tr = use_tr();
    let button = move |value: Lang, label: &'static str| {
        view! {
            <button
                type="button"
                class="lang-btn"
                aria-pressed=move || (lang.get() == value).to_string()
                data-testid=format!("lang-{}", value.as_str())
                on:click=move |_| lang.set(value)
            >
                {label}
            </button>
        }
    };
    view! {
        <div class="lang-switch" role="group" aria-label=move || tr().language()>
            {button(Lang::En, "EN")}
            {button(Lang::Ru, "RU")}
        </div>
    }
}

/// Shown when another tab upgraded the database and this one must reload,
/// or when an edit was refused because another tab changed the data.
#[component]
fn OutdatedBanner() -> impl IntoView {
    let tr = use_tr();
    let db = use_db();
    let reload = |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    };
    view! {
        <Show when=move || db.status.get() == DbStatus::Outdated || db.changed_elsewhere.get()>
            <div class="banner" role="alert" data-testid="outdated">
                <span>
                    {move || if db.status.get() == DbStatus::Outdated { tr().outdated() } else { tr().changed_elsewhere() }}
                </span>
                <button type="button" class="btn primary" on:click=reload>{move || tr().reload()}</button>
            </div>
        </Show>
    }
}

/// Keeps the document's title on the page's name in the current language,
/// so every tab, bookmark and history entry says which page it is.
pub fn page_title(title: impl Fn() -> String + 'static) {
    Effect::new(move |_| browser::set_title(&title()));
}
