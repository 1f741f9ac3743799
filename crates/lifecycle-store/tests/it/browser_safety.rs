//! Safety of the stored data in headless Chromium: a full quota, a restore
//! from a backup file (whole, or refused and nothing changed), and what the
//! browser says about usage and persistence.

use chrono::NaiveDate;
use lifecycle_core::columns::EventColumns;
use lifecycle_core::demo::{DemoConfig, generate};
use lifecycle_io::backup::{Backup, BackupError, read_backup_bytes, write_backup};
use lifecycle_store::{
    CONTACTS_PER_CHUNK, Counts, Store, StoreError, StoredBase, request_persistence, usage,
};
use wasm_bindgen::prelude::wasm_bindgen;
use wasm_bindgen_test::*;

use crate::fingerprint;

// Why a shim and not a real full disk: the quota of the Chromium that
// wasm-bindgen-test-runner starts is a share of the machine's free disk (many
// gigabytes). Chromium has no command-line switch that lowers it (webdriver.json
// only passes switches), and `Storage.overrideQuotaForOrigin` is a DevTools
// command a page cannot send. So this shim makes `IDBObjectStore.put` throw a
// real `DOMException` named `QuotaExceededError` once `after` more puts have
// gone through: the store meets it where it hands a record of chunks to the
// database, in the middle of a write whose earlier requests (a `clear`, the
// model, the contacts' record) are already issued. The real quota, lowered through DevTools, is
// exercised end to end in tests/e2e/storage.test.mjs ("a full disk gives a
// clear error and keeps the data from before").
#[wasm_bindgen(inline_js = r#"
let original = null;
export function fail_puts_with_quota(after) {
  if (original === null) original = IDBObjectStore.prototype.put;
  const put = original;
  let left = after;
  IDBObjectStore.prototype.put = function (...args) {
    if (left <= 0) {
      throw new DOMException("The quota has been exceeded.", "QuotaExceededError");
    }
    left -= 1;
    return put.apply(this, args);
  };
}
export function stop_failing_puts() {
  if (original !== null) {
    IDBObjectStore.prototype.put = original;
    original = null;
  }
}
"#)]
extern "C" {
    fn fail_puts_with_quota(after: u32);
    fn stop_failing_puts();
}

/// Puts fail with `QuotaExceededError` after `after` more, until dropped.
struct FullQuota;

impl FullQuota {
    fn after(after: u32) -> FullQuota {
        fail_puts_with_quota(after);
        FullQuota
    }
}

impl Drop for FullQuota {
    fn drop(&mut self) {
        stop_failing_puts();
    }
}

fn demo(contacts: usize, seed: u64) -> StoredBase {
    let (contacts, events) = generate(&DemoConfig {
        contacts,
        seed,
        as_of: NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
    });
    let events = EventColumns::from_events(&contacts, &events).unwrap();
    StoredBase { contacts, events }
}

/// Everything a reader of the store can see: counts, both fingerprints, the
/// model in use and the number of journal lines.
#[derive(Debug, PartialEq)]
struct Snapshot {
    counts: Counts,
    contacts: String,
    events: String,
    model: Option<String>,
    journal: usize,
}

async fn snapshot(store: &Store) -> Snapshot {
    let (base, model) = store.load_with_model(Some("active")).await.unwrap();
    Snapshot {
        counts: store.counts().await.unwrap(),
        contacts: fingerprint::contacts(&base.contacts),
        events: fingerprint::events(&fingerprint::rows(&base.contacts, &base.events)),
        model,
        journal: store.journal().await.unwrap().len(),
    }
}

async fn fresh(name: &str) -> Store {
    Store::delete(name).await.unwrap();
    Store::open(name).await.unwrap()
}

#[wasm_bindgen_test]
async fn a_full_quota_is_a_clear_error_and_the_base_from_before_is_intact() {
    let name = "lifecycle-test-quota";
    let store = fresh(name).await;
    store
        .replace_with_model(
            &demo(3_000, 21),
            Some(("active", "{\"id\":\"one\"}")),
            "first",
        )
        .await
        .unwrap();
    let before = snapshot(&store).await;
    assert_eq!(before.counts.contacts, 3_000);

    // A replace by a base of two contact chunks: the stores are cleared, and
    // the model and the contacts' record are put before the events' record
    // meets the full quota.
    let bigger = demo(CONTACTS_PER_CHUNK + 500, 22);
    {
        let _full = FullQuota::after(2);
        let error = store
            .replace_with_model(&bigger, Some(("active", "{\"id\":\"two\"}")), "second")
            .await
            .unwrap_err();
        assert!(matches!(error, StoreError::QuotaExceeded), "{error:?}");
        let message = error.to_string();
        assert!(message.contains("quota is exhausted"), "{message}");
        assert!(message.contains("nothing was changed"), "{message}");
    }
    assert_eq!(
        snapshot(&store).await,
        before,
        "nothing of the replace stayed"
    );

    // An append that fails on its events' record, after its contacts'
    // record was put, changes nothing either.
    let mut more = demo(40, 23);
    for contact in &mut more.contacts {
        contact.id = format!("more-{}", contact.id);
    }
    for c in &mut more.events.contact {
        *c += 3_000;
    }
    {
        let _full = FullQuota::after(1);
        let error = store.append(&more, "more").await.unwrap_err();
        assert!(matches!(error, StoreError::QuotaExceeded), "{error:?}");
    }
    assert_eq!(
        snapshot(&store).await,
        before,
        "nothing of the append stayed"
    );

    // Reopened: the same; and with room again, the same writes go through.
    store.close();
    let store = Store::open(name).await.unwrap();
    assert_eq!(snapshot(&store).await, before);
    let counts = store.append(&more, "more").await.unwrap();
    assert_eq!(counts.contacts, 3_040);
    store.close();
    Store::delete(name).await.unwrap();
}

/// The app's restore, step by step: the file is read and checked
/// (lifecycle-io), turned into columns, and written with its model in one
/// strict transaction (`replace_with_model`).
async fn restore(store: &Store, bytes: &[u8]) -> Result<Counts, String> {
    let backup = read_backup_bytes(bytes).map_err(|e| e.to_string())?;
    let columns =
        EventColumns::from_events(&backup.contacts, &backup.events).map_err(|e| e.to_string())?;
    let model = backup.model.to_string();
    store
        .replace_parts(
            &backup.contacts,
            &columns,
            Some(("active", &model)),
            "restore",
        )
        .await
        .map_err(|e| e.to_string())
}

fn backup_of(base: &StoredBase, model: serde_json::Value) -> Vec<u8> {
    write_backup(&Backup {
        model,
        contacts: base.contacts.clone(),
        events: fingerprint::rows(&base.contacts, &base.events),
        settings: serde_json::json!({ "language": "en" }),
    })
    .into_bytes()
}

#[wasm_bindgen_test]
async fn a_restore_replaces_everything_and_a_bad_file_changes_nothing() {
    let name = "lifecycle-test-restore";
    let store = fresh(name).await;
    let stored = demo(2_000, 31);
    store
        .replace_with_model(&stored, Some(("active", "{\"preset\":\"b2b\"}")), "import")
        .await
        .unwrap();
    let before = snapshot(&store).await;

    let other = demo(CONTACTS_PER_CHUNK + 100, 32);
    let good = backup_of(&other, serde_json::json!({ "preset": "saas" }));

    // Refused files, each with its reason, and the stored base as it was.
    let foreign = br#"{"hello": "world"}"#.to_vec();
    let cut = good[..good.len() / 2].to_vec();
    let document: serde_json::Value = serde_json::from_slice(&good).unwrap();
    // A name changed after the backup was written: the checksum stays the old one.
    let mut tampered = document.clone();
    tampered["contacts"][0]["name"] = "Someone Else".into();
    let tampered = serde_json::to_vec(&tampered).unwrap();
    let mut newer = document.clone();
    newer["version"] = 9.into();
    let newer = serde_json::to_vec(&newer).unwrap();
    let refusals: [(&str, Vec<u8>, &str); 5] = [
        ("foreign", foreign, "is not a Lifecycle backup"),
        ("cut in half", cut, "not valid JSON"),
        ("tampered", tampered, "checksum does not match"),
        ("newer", newer, "newer version of Lifecycle"),
        ("not text", vec![0xff, 0xfe, 0x00, 0x41], "not UTF-8 text"),
    ];
    for (what, bytes, reason) in refusals {
        let error = restore(&store, &bytes).await.unwrap_err();
        assert!(error.contains(reason), "{what}: {error}");
        assert_eq!(snapshot(&store).await, before, "{what}: nothing changed");
    }
    assert!(matches!(
        read_backup_bytes(br#"{"hello": "world"}"#),
        Err(BackupError::Foreign)
    ));

    // A backup whose events name a contact it lacks is refused before any write.
    let mut orphan = document.clone();
    orphan["events"][0]["contact"] = "nobody".into();
    let orphan = write_backup(&Backup {
        model: orphan["model"].clone(),
        contacts: serde_json::from_value(orphan["contacts"].clone()).unwrap(),
        events: serde_json::from_value(orphan["events"].clone()).unwrap(),
        settings: orphan["settings"].clone(),
    });
    let error = restore(&store, orphan.as_bytes()).await.unwrap_err();
    assert!(error.contains("nobody"), "{error}");
    assert_eq!(snapshot(&store).await, before);

    // A restore the disk cannot hold half-way through leaves the old base.
    {
        let _full = FullQuota::after(2);
        let error = restore(&store, &good).await.unwrap_err();
        assert!(error.contains("quota is exhausted"), "{error}");
    }
    assert_eq!(snapshot(&store).await, before);

    // The good file replaces the base and the model entirely.
    let counts = restore(&store, &good).await.unwrap();
    assert_eq!(counts.contacts as usize, other.contacts.len());
    assert_eq!(counts.contact_chunks, 2);
    let after = snapshot(&store).await;
    assert_eq!(after.contacts, fingerprint::contacts(&other.contacts));
    assert_eq!(
        after.events,
        fingerprint::events(&fingerprint::rows(&other.contacts, &other.events))
    );
    assert_eq!(after.model.as_deref(), Some("{\"preset\":\"saas\"}"));
    assert!(
        store
            .load()
            .await
            .unwrap()
            .contacts
            .iter()
            .all(|c| other.contacts.iter().any(|o| o.id == c.id)),
        "nothing of the base from before is left"
    );
    store.close();
    Store::delete(name).await.unwrap();
}

#[wasm_bindgen_test]
async fn usage_and_persistence_are_reported() {
    let name = "lifecycle-test-usage";
    let store = fresh(name).await;
    store.replace(&demo(2_000, 41), "import").await.unwrap();
    let used = usage().await.unwrap();
    assert!(used.used_bytes > 0.0, "{used:?}");
    assert!(used.quota_bytes >= used.used_bytes, "{used:?}");
    // Headless Chromium answers without asking anyone; either answer is
    // allowed, an error is not. After it, `usage` reports the same state.
    let granted = request_persistence().await.unwrap();
    let after = usage().await.unwrap();
    assert_eq!(after.persisted, granted, "{after:?}");
    store.close();
    Store::delete(name).await.unwrap();
}

/// One event for the stored contact at `contact` (its position).
fn one_event(contact: u32) -> StoredBase {
    let event = demo(1, 51);
    let mut events = event.events.slice(0..1);
    events.contact[0] = contact;
    StoredBase {
        contacts: Vec::new(),
        events,
    }
}

// Two connections to one database stand for two tabs. A tab that read the
// base at one generation adds an event (or saves a model) after the other tab
// replaced the base: the edit is refused and nothing of it is written; onto
// the generation stored, the same edit goes through.
#[wasm_bindgen_test]
async fn a_single_edit_onto_a_base_another_tab_replaced_is_refused_and_writes_nothing() {
    let name = "lifecycle-test-generation";
    let this_tab = fresh(name).await;
    let other_tab = Store::open(name).await.unwrap();
    this_tab
        .replace_with_model(&demo(40, 52), Some(("active", "{\"id\":\"one\"}")), "first")
        .await
        .unwrap();
    // What the app holds: the generation read with the base, in its
    // transaction.
    let (base, model, read) = this_tab.load_base(Some("active")).await.unwrap();
    assert_eq!(
        (base.len(), model.as_deref()),
        (40, Some("{\"id\":\"one\"}"))
    );
    assert_eq!(read, this_tab.counts().await.unwrap());

    // The other tab replaces the base (an import, a restore).
    let replaced = other_tab
        .replace_with_model(
            &demo(30, 53),
            Some(("active", "{\"id\":\"two\"}")),
            "second",
        )
        .await
        .unwrap();
    assert_eq!(replaced.generation, read.generation + 1);
    let before = snapshot(&this_tab).await;

    let error = this_tab
        .append_onto(&one_event(3), "event added by hand", read.generation)
        .await
        .unwrap_err();
    assert!(
        matches!(error, StoreError::Changed { expected, found } if expected == read.generation && found == replaced.generation),
        "{error:?}"
    );
    let error = this_tab
        .put_model_onto("active", "{\"id\":\"three\"}", read.generation)
        .await
        .unwrap_err();
    assert!(matches!(error, StoreError::Changed { .. }), "{error:?}");
    // An import into the base read: the new base is made from it.
    let imported = demo(45, 54);
    let error = this_tab
        .replace_parts_onto(
            &imported.contacts,
            &imported.events,
            Some(("active", "{\"id\":\"imported\"}")),
            "import",
            read.generation,
        )
        .await
        .unwrap_err();
    assert!(matches!(error, StoreError::Changed { .. }), "{error:?}");
    // Nothing was written: the commit record, the base, the model and the
    // journal are the other tab's.
    assert_eq!(snapshot(&this_tab).await, before);
    assert_eq!(before.counts, replaced);
    assert_eq!(before.model.as_deref(), Some("{\"id\":\"two\"}"));

    // Onto the generation stored, the edits go through, and the event's
    // write returns the next generation.
    let counts = this_tab
        .append_onto(&one_event(3), "event added by hand", replaced.generation)
        .await
        .unwrap();
    assert_eq!(counts.events, replaced.events + 1);
    assert_eq!(counts.generation, replaced.generation + 1);
    this_tab
        .put_model_onto("active", "{\"id\":\"three\"}", counts.generation)
        .await
        .unwrap();
    assert_eq!(
        other_tab.model("active").await.unwrap().as_deref(),
        Some("{\"id\":\"three\"}")
    );
    let imported = this_tab
        .replace_parts_onto(
            &imported.contacts,
            &imported.events,
            None,
            "import",
            counts.generation,
        )
        .await
        .unwrap();
    assert_eq!(imported.contacts, 45);
    assert_eq!(imported.generation, counts.generation + 1);
    let counts = imported;

    // Deleting everything moves the generation on too, so a base stored
    // after it is never taken for the one read before: an event meant for
    // that one is refused (with no contact it would also be refused as
    // inconsistent; onto a new base of as many contacts, only this check
    // stops it).
    let cleared = other_tab.clear().await.unwrap();
    assert_eq!(
        cleared,
        Counts {
            generation: counts.generation + 1,
            ..Counts::default()
        }
    );
    assert_eq!(this_tab.counts().await.unwrap(), cleared);
    assert_eq!(this_tab.load().await.unwrap().contacts, Vec::new());
    let again = other_tab.replace(&demo(40, 52), "again").await.unwrap();
    assert_ne!(again.generation, counts.generation);
    let error = this_tab
        .append_onto(&one_event(0), "event added by hand", counts.generation)
        .await
        .unwrap_err();
    assert!(matches!(error, StoreError::Changed { .. }), "{error:?}");
    assert_eq!(this_tab.counts().await.unwrap(), again);
    // Nor is a base meant for the empty one read after the clear (an import
    // into a tab that shows nothing): the other tab's base stays.
    let small = demo(3, 9);
    let error = this_tab
        .replace_parts_onto(
            &small.contacts,
            &small.events,
            None,
            "import",
            cleared.generation,
        )
        .await
        .unwrap_err();
    assert!(matches!(error, StoreError::Changed { .. }), "{error:?}");
    assert_eq!(this_tab.counts().await.unwrap(), again);
    this_tab.close();
    other_tab.close();
    Store::delete(name).await.unwrap();
}
