//! Settings: language, storage, backup and restore, deleting everything.

use leptos::html;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser;
use crate::components::shell::page_title;
use crate::i18n::{I18n, Lang, Text, Tr, fmt_int, fmt_megabytes, use_tr};
use crate::state::{Workspace, use_workspace};
use crate::storage::{DbStatus, StorageUsage, use_db};

#[component]
pub fn Settings() -> impl IntoView {
    let tr = use_tr();
    page_title(move || tr().nav_settings().to_owned());
    let I18n(lang) = expect_context::<I18n>();
    let crate::Theme(theme) = expect_context::<crate::Theme>();
    let crate::DefaultPeriod(period) = expect_context::<crate::DefaultPeriod>();
    view! {
        <h1>{move || tr().nav_settings()}</h1>
        <section class="card settings-general">
            <label class="field">
                <span>{move || tr().language()}</span>
                <select
                    data-testid="settings-language"
                    on:change=move |ev| {
                        if let Some(value) = Lang::parse(&event_target_value(&ev)) {
                            lang.set(value);
                        }
                    }
                    prop:value=move || lang.get().as_str()
                >
                    <option value="en">"English"</option>
                    <option value="ru">"Русский"</option>
                </select>
            </label>
            <label class="field">
                <span>{move || tr().theme()}</span>
                <select
                    data-testid="settings-theme"
                    on:change=move |ev| theme.set(event_target_value(&ev))
                    prop:value=move || theme.get()
                >
                    <option value="system">{move || tr().theme_system()}</option>
                    <option value="light">{move || tr().theme_light()}</option>
                    <option value="dark">{move || tr().theme_dark()}</option>
                </select>
            </label>
            <label class="field">
                <span>{move || tr().default_period()}</span>
                <select
                    data-testid="settings-period"
                    on:change=move |ev| {
                        if let Ok(days) = event_target_value(&ev).parse() {
                            period.set(days);
                        }
                    }
                    prop:value=move || period.get().to_string()
                >
                    {crate::pages::dashboard::periods()
                        .into_iter()
                        .map(|days| view! {
                            <option value=days.to_string()>
                                {move || crate::pages::dashboard::period_label(days, tr())}
                            </option>
                        })
                        .collect_view()}
                </select>
            </label>
        </section>
        <StorageCard />
        <BackupCard />
        <DangerCard />
    }
}

/// Usage, quota and persistence.
#[component]
fn StorageCard() -> impl IntoView {
    let tr = use_tr();
    let I18n(lang) = expect_context::<I18n>();
    let usage = LocalResource::new(StorageUsage::read);
    let denied = RwSignal::new(false);
    let ask = move |_| {
        spawn_local(async move {
            let granted = StorageUsage::request_persistence().await;
            denied.set(!granted);
            usage.refetch();
        });
    };
    view! {
        <section class="card" data-testid="storage">
            <h2>{move || tr().storage_title()}</h2>
            <Suspense fallback=|| ()>
                {move || usage.get().map(|usage| match usage {
                    Err(error) => view! { <p class="error">{error.show()}</p> }.into_any(),
                    Ok(usage) => view! {
                        <dl class="facts">
                            <dt>{move || tr().storage_used()}</dt>
                            <dd data-testid="storage-used">
                                {fmt_megabytes(usage.used_bytes, lang.get())} " " {tr().storage_of_quota()} " "
                                {fmt_megabytes(usage.quota_bytes, lang.get())}
                            </dd>
                            <dt>{move || tr().persistent()}</dt>
                            <dd data-testid="storage-persistent">
                                {if usage.persisted { tr().persistent_on() } else { tr().persistent_off() }}
                            </dd>
                        </dl>
                        <Show when=move || !usage.persisted>
                            <button type="button" class="btn" data-testid="ask-persist" on:click=ask>
                                {move || tr().persistent_ask()}
                            </button>
                        </Show>
                        <Show when=move || denied.get()>
                            <p class="muted">{move || tr().persistent_denied()}</p>
                        </Show>
                    }
                    .into_any(),
                })}
            </Suspense>
        </section>
    }
}

/// Download a backup; restore one.
#[component]
fn BackupCard() -> impl IntoView {
    let tr = use_tr();
    let I18n(lang) = expect_context::<I18n>();
    let workspace = use_workspace();
    let db = use_db();
    let message = RwSignal::new(None::<(bool, Text)>);
    let file_input = NodeRef::<html::Input>::new();

    // The backup being written or restored, if one is (whether it is a
    // restore), and the share done.
    let writing = RwSignal::new(None::<(bool, f64)>);
    // Nothing to back up or restore onto until the stored base is read.
    let busy =
        move || writing.get().is_some() || db.status.with(|s| matches!(s, DbStatus::Opening));
    let download = move |_| {
        if writing.get_untracked().is_some() {
            return;
        }
        let Some(ws) = workspace.0.get_untracked() else {
            message.set(Some((false, Text::tr(Tr::nothing_to_back_up))));
            return;
        };
        message.set(None);
        writing.set(Some((false, 0.0)));
        let settings = serde_json::json!({ "language": lang.get_untracked().as_str() });
        spawn_local(async move {
            let result = ws
                .backup_in_steps(settings, |done| writing.set(Some((false, done))))
                .await
                .and_then(|text| {
                    let name = format!("lifecycle-backup-{}.json", ws.today.format("%Y-%m-%d"));
                    browser::download(&name, "application/json", &text)
                });
            writing.set(None);
            message.set(result.err().map(|e| (false, e)));
        });
    };
    let restore = move |_| {
        let Some(input) = file_input.get() else {
            return;
        };
        spawn_local(async move {
            let result = async {
                let Some((name, bytes)) = browser::read_chosen_file(&input).await? else {
                    return Ok(None);
                };
                writing.set(Some((true, 0.0)));
                let restored = Workspace::restore_in_steps(&bytes, browser::today(), |done| {
                    writing.set(Some((true, done)));
                })
                .await;
                let restored = match restored {
                    Ok(restored) => restored,
                    Err(e) => {
                        writing.set(None);
                        return Err(e.after(name.clone()));
                    }
                };
                let count = restored.contact_count();
                // The controls wait, the bar full, until the restore is stored.
                let saved = db
                    .save(restored, &format!("restore from {name}"), workspace)
                    .await;
                writing.set(None);
                saved?;
                Ok::<_, Text>(Some(count))
            }
            .await;
            input.set_value("");
            message.set(match result {
                Ok(None) => None,
                Ok(Some(count)) => Some((
                    true,
                    Text::new(move |lang| {
                        format!(
                            "{} {}",
                            fmt_int(count as i64, lang),
                            crate::i18n::contacts_word(count, lang)
                        )
                    })
                    .under(Tr::restore_done),
                )),
                Err(e) => Some((false, e)),
            });
        });
    };
    view! {
        <section class="card" data-testid="backup">
            <h2>{move || tr().backup_title()}</h2>
            <p class="muted">{move || tr().backup_body()}</p>
            <div class="actions">
                <button
                    type="button"
                    class="btn"
                    data-testid="backup-download"
                    disabled=busy
                    on:click=download
                >
                    {move || tr().backup_download()}
                </button>
                {move || writing.get().map(|(restoring, done)| view! {
                    <progress
                        data-testid="backup-progress"
                        max="1"
                        value=done.to_string()
                        aria-label=move || if restoring { tr().restore_running() } else { tr().backup_writing() }
                    ></progress>
                })}
                <label class="btn file-btn">
                    {move || tr().restore()}
                    <input
                        type="file"
                        accept=".json,application/json"
                        data-testid="restore-file"
                        disabled=busy
                        node_ref=file_input
                        on:change=restore
                    />
                </label>
            </div>
            {move || message.get().map(|(ok, text)| view! {
                <p class=if ok { "notice ok" } else { "notice error" } role="status" data-testid="backup-message">{text.show()}</p>
            })}
        </section>
    }
}

/// Delete everything, after a second click.
#[component]
fn DangerCard() -> impl IntoView {
    let tr = use_tr();
    let workspace = use_workspace();
    let db = use_db();
    let confirming = RwSignal::new(false);
    let message = RwSignal::new(None::<(bool, Text)>);
    // The keyboard's focus follows the question: to "Yes, delete" when it is
    // asked, back to "Delete all data…" when it is cancelled (Escape cancels).
    let ask_ref = NodeRef::<leptos::html::Button>::new();
    let confirm_ref = NodeRef::<leptos::html::Button>::new();
    let cancelled = RwSignal::new(false);
    Effect::new(move |_| {
        if let Some(button) = confirm_ref.get() {
            let _ = button.focus();
        }
    });
    Effect::new(move |_| {
        if let Some(button) = ask_ref.get()
            && cancelled.get_untracked()
        {
            cancelled.set(false);
            let _ = button.focus();
        }
    });
    let cancel = move || {
        cancelled.set(true);
        confirming.set(false);
    };
    let delete = move |_| {
        spawn_local(async move {
            let result = db.clear(workspace).await;
            confirming.set(false);
            message.set(Some(match result {
                Ok(()) => (true, Text::tr(Tr::deleted)),
                Err(e) => (false, e),
            }));
        });
    };
    view! {
        <section class="card danger" data-testid="danger">
            <h2>{move || tr().danger_title()}</h2>
            <p class="muted">{move || tr().danger_body()}</p>
            <Show
                when=move || confirming.get()
                fallback=move || view! {
                    <button type="button" class="btn danger" data-testid="delete-all" node_ref=ask_ref on:click=move |_| confirming.set(true)>
                        {move || tr().delete_all()}
                    </button>
                }
            >
                <div
                    class="actions"
                    on:keydown=move |ev| {
                        if ev.key() == "Escape" {
                            cancel();
                        }
                    }
                >
                    <button type="button" class="btn danger solid" data-testid="delete-confirm" node_ref=confirm_ref on:click=delete>
                        {move || tr().delete_confirm()}
                    </button>
                    <button type="button" class="btn" data-testid="delete-cancel" on:click=move |_| cancel()>
                        {move || tr().cancel()}
                    </button>
                </div>
            </Show>
            {move || message.get().map(|(ok, text)| view! {
                <p class=if ok { "notice ok" } else { "notice error" } role="status" data-testid="danger-message">{text.show()}</p>
            })}
        </section>
    }
}
