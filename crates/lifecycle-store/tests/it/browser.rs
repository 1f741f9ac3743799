use std::cell::Cell;
use std::rc::Rc;

use chrono::NaiveDate;
use lifecycle_core::columns::EventColumns;
use lifecycle_core::demo::{DemoConfig, generate};
use lifecycle_store::{
    Counts, EVENTS_PER_CHUNK, SCHEMA_VERSION, Store, StoreError, StoredBase, subscribe,
};
use wasm_bindgen_test::*;

use crate::fingerprint;

fn demo(contacts: usize, seed: u64) -> StoredBase {
    let (contacts, events) = generate(&DemoConfig {
        contacts,
        seed,
        as_of: NaiveDate::from_ymd_opt(2026, 6, 30).unwrap(),
    });
    let events = EventColumns::from_events(&contacts, &events).unwrap();
    StoredBase { contacts, events }
}

/// Events as rows: chunks merge string tables, so compare what they mean.
fn rows(base: &StoredBase) -> Vec<lifecycle_core::Event> {
    base.events.to_events(&base.contacts).unwrap()
}

async fn fresh(name: &str) -> Store {
    Store::delete(name).await.unwrap();
    Store::open(name).await.unwrap()
}

#[wasm_bindgen_test]
async fn reads_back_settings_after_reopening() {
    let name = "lifecycle-test-settings";
    let store = fresh(name).await;
    assert_eq!(store.version(), SCHEMA_VERSION);
    assert_eq!(store.setting("language").await.unwrap(), None);
    store.put_setting("language", "ru").await.unwrap();
    store.put_setting("language", "en").await.unwrap();
    store.put_setting("period", "90").await.unwrap();
    store.close();

    let store = Store::open(name).await.unwrap();
    assert_eq!(
        store.setting("language").await.unwrap().as_deref(),
        Some("en")
    );
    assert_eq!(
        store.setting("period").await.unwrap().as_deref(),
        Some("90")
    );
    store.close();
    Store::delete(name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_base_of_several_chunks_round_trips() {
    let name = "lifecycle-test-roundtrip";
    let store = fresh(name).await;
    assert_eq!(store.load().await.unwrap(), StoredBase::default());

    let base = demo(12_000, 1);
    assert!(
        base.events.len() > EVENTS_PER_CHUNK,
        "the test spans chunks"
    );
    let counts = store.replace(&base, "import demo.csv").await.unwrap();
    assert_eq!(counts.contacts as usize, base.contacts.len());
    assert_eq!(counts.events as usize, base.events.len());
    assert_eq!(counts.generation, 1);
    store.close();

    let store = Store::open(name).await.unwrap();
    let loaded = store.load().await.unwrap();
    assert_eq!(loaded.contacts, base.contacts);
    assert_eq!(rows(&loaded), rows(&base));
    assert_eq!(store.journal().await.unwrap().len(), 1);
    assert!(store.journal().await.unwrap()[0].ends_with("\timport demo.csv"));
    store.close();
    Store::delete(name).await.unwrap();
}

#[wasm_bindgen_test]
async fn replace_swaps_everything_and_append_adds() {
    let name = "lifecycle-test-append";
    let store = fresh(name).await;
    store.replace(&demo(300, 2), "first").await.unwrap();
    let second = demo(200, 3);
    store.replace(&second, "second").await.unwrap();
    assert_eq!(
        store.load().await.unwrap().contacts,
        second.contacts,
        "nothing of the first base is left"
    );

    // New contacts and events that refer to old and new contacts alike.
    let mut more = demo(50, 4);
    for contact in &mut more.contacts {
        contact.id = format!("new-{}", contact.id);
    }
    for c in &mut more.events.contact {
        *c += second.contacts.len() as u32;
    }
    more.events.contact[0] = 0;
    let counts = store.append(&more, "add").await.unwrap();
    assert_eq!(counts.contacts, 250);
    assert_eq!(counts.generation, 3);

    let loaded = store.load().await.unwrap();
    let mut expected_contacts = second.contacts.clone();
    expected_contacts.extend(more.contacts.clone());
    assert_eq!(loaded.contacts, expected_contacts);
    let mut expected_events = rows(&second);
    expected_events.extend(more.events.to_events(&expected_contacts).unwrap());
    assert_eq!(rows(&loaded), expected_events);

    // Events that point past the contacts are refused and change nothing.
    let mut broken = demo(1, 5);
    broken.events.contact[0] = 9_999;
    let error = store.append(&broken, "broken").await.unwrap_err();
    assert!(matches!(error, StoreError::Invalid(_)), "{error}");
    assert_eq!(store.counts().await.unwrap(), counts);

    store.clear().await.unwrap();
    assert_eq!(store.load().await.unwrap(), StoredBase::default());
    store.close();
    Store::delete(name).await.unwrap();
}

#[wasm_bindgen_test]
async fn the_model_is_written_and_read_with_the_base() {
    let name = "lifecycle-test-model";
    let store = fresh(name).await;
    let base = demo(20, 6);
    store
        .replace_with_model(&base, Some(("active", "{\"id\":\"one\"}")), "with a model")
        .await
        .unwrap();
    let (loaded, model) = store.load_with_model(Some("active")).await.unwrap();
    assert_eq!(rows(&loaded), rows(&base));
    assert_eq!(model.as_deref(), Some("{\"id\":\"one\"}"));
    // A replace without a model keeps the stored one; put_model changes it.
    store.replace(&demo(10, 7), "base only").await.unwrap();
    assert_eq!(
        store.model("active").await.unwrap().as_deref(),
        Some("{\"id\":\"one\"}")
    );
    store.put_model("active", "{\"id\":\"two\"}").await.unwrap();
    let (loaded, model) = store.load_with_model(Some("active")).await.unwrap();
    assert_eq!(loaded.contacts.len(), 10);
    assert_eq!(model.as_deref(), Some("{\"id\":\"two\"}"));
    assert_eq!(store.load_with_model(Some("other")).await.unwrap().1, None);
    // Deleting the data deletes the model too.
    store.clear().await.unwrap();
    assert_eq!(
        store.load_with_model(Some("active")).await.unwrap(),
        (StoredBase::default(), None)
    );
    store.close();
    Store::delete(name).await.unwrap();
}

#[wasm_bindgen_test]
async fn a_newer_schema_elsewhere_closes_this_connection_and_tells_the_app() {
    let name = "lifecycle-test-versionchange";
    let store = fresh(name).await;
    let told = Rc::new(Cell::new(false));
    let flag = told.clone();
    store.on_version_change(move || flag.set(true));

    // Another tab opens the database with a newer schema version.
    let factory = web_sys::window().unwrap().indexed_db().unwrap().unwrap();
    let request = factory.open_with_u32(name, SCHEMA_VERSION + 1).unwrap();
    wasm_bindgen_futures::JsFuture::from(js_sys::Promise::new(&mut |resolve, _reject| {
        request.set_onsuccess(Some(&resolve));
    }))
    .await
    .unwrap();
    assert!(told.get(), "the app was told");
    let db: web_sys::IdbDatabase = wasm_bindgen::JsCast::unchecked_into(request.result().unwrap());
    assert_eq!(
        db.version() as u32,
        SCHEMA_VERSION + 1,
        "the upgrade was not blocked"
    );
    db.close();
    Store::delete(name).await.unwrap();
}

#[wasm_bindgen_test]
async fn other_tabs_writes_are_announced_and_own_ones_are_not() {
    let name = "lifecycle-test-broadcast";
    let store = fresh(name).await;
    let heard = Rc::new(Cell::new(0));
    let counter = heard.clone();
    let _subscription = subscribe(name, move || counter.set(counter.get() + 1)).unwrap();

    store.put_setting("x", "1").await.unwrap();
    // Another tab's message carries another tab id.
    let other = web_sys::BroadcastChannel::new(&format!("lifecycle-store:{name}")).unwrap();
    other.post_message(&"another-tab".into()).unwrap();
    sleep(100).await;
    assert_eq!(heard.get(), 1, "own write ignored, the other tab's heard");
    other.close();
    store.close();
    Store::delete(name).await.unwrap();
}

async fn sleep(ms: i32) {
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        web_sys::window()
            .unwrap()
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms)
            .unwrap();
    });
    wasm_bindgen_futures::JsFuture::from(promise).await.unwrap();
}

/// Writes one database of `tests/fixtures/store/schema-v1.json` with raw
/// IndexedDB at schema version 1: its object stores, then its records as that
/// version put them (text as strings, chunks as `ArrayBuffer`s, the commit
/// record as an array of numbers).
async fn write_schema_v1(name: &str, database: &serde_json::Value) {
    use wasm_bindgen::{JsCast, JsValue};
    let factory = web_sys::window().unwrap().indexed_db().unwrap().unwrap();
    let request = factory.open_with_u32(name, 1).unwrap();
    let names: Vec<String> = database["stores"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap().to_owned())
        .collect();
    let upgrade_request = request.clone();
    let created = names.clone();
    let on_upgrade = wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
        let db: web_sys::IdbDatabase = upgrade_request.result().unwrap().unchecked_into();
        for store in &created {
            db.create_object_store(store).unwrap();
        }
    });
    request.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));
    wasm_bindgen_futures::JsFuture::from(js_sys::Promise::new(&mut |resolve, _| {
        request.set_onsuccess(Some(&resolve));
    }))
    .await
    .unwrap();
    let db: web_sys::IdbDatabase = request.result().unwrap().unchecked_into();
    assert_eq!(db.version() as u32, 1);
    let names: js_sys::Array = names.iter().map(|k| JsValue::from_str(k)).collect();
    let tx = db
        .transaction_with_str_sequence_and_mode(&names, web_sys::IdbTransactionMode::Readwrite)
        .unwrap();
    for record in database["records"].as_array().unwrap() {
        let key = match &record["key"] {
            serde_json::Value::Number(n) => JsValue::from(n.as_f64().unwrap()),
            other => JsValue::from_str(other.as_str().unwrap()),
        };
        let value = if let Some(text) = record["text"].as_str() {
            JsValue::from_str(text)
        } else if let Some(hex) = record["bytes"].as_str() {
            js_sys::Uint8Array::from(fingerprint::from_hex(hex).as_slice())
                .buffer()
                .into()
        } else {
            let numbers: js_sys::Array = record["numbers"]
                .as_array()
                .unwrap()
                .iter()
                .map(|n| JsValue::from(n.as_f64().unwrap()))
                .collect();
            numbers.into()
        };
        tx.object_store(record["store"].as_str().unwrap())
            .unwrap()
            .put_with_key(&value, &key)
            .unwrap();
    }
    wasm_bindgen_futures::JsFuture::from(js_sys::Promise::new(&mut |resolve, _| {
        tx.set_oncomplete(Some(&resolve));
    }))
    .await
    .unwrap();
    db.close();
}

fn schema_v1_fixture() -> serde_json::Value {
    serde_json::from_str(include_str!(
        "../../../../tests/fixtures/store/schema-v1.json"
    ))
    .unwrap()
}

/// Opens a database written as schema version 1 with the current Store and
/// checks everything the fixture's producer recorded: counts, fingerprints of
/// the contacts and events, settings, models and journal.
async fn open_schema_v1(name: &str, database: &serde_json::Value) -> Store {
    Store::delete(name).await.unwrap();
    write_schema_v1(name, database).await;
    let store = Store::open(name).await.unwrap();
    assert_eq!(store.version(), SCHEMA_VERSION);
    let expected = &database["expected"];
    let n = |i: usize| expected["counts"][i].as_u64().unwrap() as u32;
    assert_eq!(
        store.counts().await.unwrap(),
        Counts {
            contacts: n(0),
            events: n(1),
            contact_chunks: n(2),
            event_chunks: n(3),
            generation: n(4),
        }
    );
    let loaded = store.load().await.unwrap();
    assert_eq!(loaded.contacts.len() as u32, n(0));
    assert_eq!(loaded.events.len() as u32, n(1));
    assert_eq!(
        fingerprint::contacts(&loaded.contacts),
        expected["contacts_fingerprint"].as_str().unwrap()
    );
    assert_eq!(
        fingerprint::events(&rows(&loaded)),
        expected["events_fingerprint"].as_str().unwrap()
    );
    // The engine takes the upgraded base as it is.
    assert_eq!(
        store.load_base(None).await.unwrap().0.event_count() as u32,
        n(1)
    );
    for (key, value) in expected["settings"].as_object().unwrap() {
        assert_eq!(
            store.setting(key).await.unwrap().as_deref(),
            value.as_str(),
            "setting {key}"
        );
    }
    for (key, value) in expected["models"].as_object().unwrap() {
        assert_eq!(
            store.model(key).await.unwrap().as_deref(),
            value.as_str(),
            "model {key}"
        );
    }
    let journal: Vec<String> = expected["journal"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l.as_str().unwrap().to_owned())
        .collect();
    assert_eq!(store.journal().await.unwrap(), journal);
    store
}

/// The first release's layout: five stores, settings and a model, no commit
/// record. The upgrade adds `meta`; an absent commit record reads as an empty
/// base.
#[wasm_bindgen_test]
async fn a_schema_v1_database_of_the_first_release_upgrades_with_every_record_kept() {
    let name = "lifecycle-test-migration";
    let fixture = schema_v1_fixture();
    let store = open_schema_v1(name, &fixture["databases"]["first-release"]).await;
    assert_eq!(store.load().await.unwrap(), StoredBase::default());

    // The upgraded database takes writes like a new one.
    let base = demo(100, 9);
    let counts = store.replace(&base, "after the upgrade").await.unwrap();
    assert_eq!(counts.generation, 1);
    assert_eq!(rows(&store.load().await.unwrap()), rows(&base));
    assert_eq!(store.journal().await.unwrap().len(), 1);
    store.close();
    Store::delete(name).await.unwrap();
}

/// Version 1 with a base of 300 contacts and 2,253 events in two format-1
/// chunks per store: after the upgrade the counts and the fingerprints of the
/// contacts and events are those the fixture's producer recorded, and the
/// database takes appends and replaces.
#[wasm_bindgen_test]
async fn a_schema_v1_database_with_a_base_upgrades_with_its_data() {
    let name = "lifecycle-test-migration-base";
    let fixture = schema_v1_fixture();
    let database = &fixture["databases"]["with-base"];
    let store = open_schema_v1(name, database).await;
    let before = store.load().await.unwrap();

    // An append after the upgrade: a chunk of today's format after the two
    // format-1 ones; the journal goes on after the two version-1 lines.
    let mut more = demo(7, 12);
    for contact in &mut more.contacts {
        contact.id = format!("after-upgrade-{}", contact.id);
    }
    for c in &mut more.events.contact {
        *c += before.contacts.len() as u32;
    }
    let counts = store.append(&more, "after the upgrade").await.unwrap();
    assert_eq!(counts.contact_chunks, 3);
    assert_eq!(counts.generation, 3);
    let loaded = store.load().await.unwrap();
    let mut contacts = before.contacts.clone();
    contacts.extend(more.contacts.clone());
    assert_eq!(loaded.contacts, contacts);
    let mut events = rows(&before);
    events.extend(more.events.to_events(&contacts).unwrap());
    assert_eq!(rows(&loaded), events);
    let journal = store.journal().await.unwrap();
    assert_eq!(journal.len(), 3);
    assert!(journal[2].ends_with("\tafter the upgrade"));
    store.close();

    // Reopened (no upgrade this time), then replaced: nothing of version 1's
    // chunks is left.
    let store = Store::open(name).await.unwrap();
    assert_eq!(store.counts().await.unwrap(), counts);
    let base = demo(50, 13);
    store.replace(&base, "replace").await.unwrap();
    assert_eq!(store.load().await.unwrap().contacts, base.contacts);
    store.close();
    Store::delete(name).await.unwrap();
}

/// A base saved by a version that wrote record format 1
/// (`tests/fixtures/store/records-v1`), one chunk a record in a database of
/// schema version 2, loads as it was written after the upgrade to version 3,
/// and takes an appended record of chunks of the current format beside its
/// format-1 ones.
#[wasm_bindgen_test]
async fn a_base_of_format_1_records_loads_and_takes_appends() {
    use wasm_bindgen::{JsCast, JsValue};
    let name = "lifecycle-test-records-v1";
    let expected: serde_json::Value = serde_json::from_str(include_str!(
        "../../../../tests/fixtures/store/records-v1/expected.json"
    ))
    .unwrap();
    let contacts: Vec<lifecycle_core::Contact> =
        serde_json::from_value(expected["contacts"].clone()).unwrap();
    let events: Vec<lifecycle_core::Event> =
        serde_json::from_value(expected["events"].clone()).unwrap();
    Store::delete(name).await.unwrap();

    // The records and commit record exactly as the older version put them,
    // in a database of schema version 2 (one chunk a record).
    let factory = web_sys::window().unwrap().indexed_db().unwrap().unwrap();
    let request = factory.open_with_u32(name, 2).unwrap();
    let upgrade = {
        let request = request.clone();
        wasm_bindgen::closure::Closure::<dyn FnMut()>::new(move || {
            let db: web_sys::IdbDatabase = request.result().unwrap().unchecked_into();
            for store in lifecycle_store::stores::ALL {
                db.create_object_store(store).unwrap();
            }
        })
    };
    request.set_onupgradeneeded(Some(upgrade.as_ref().unchecked_ref()));
    wasm_bindgen_futures::JsFuture::from(js_sys::Promise::new(&mut |resolve, _| {
        request.set_onsuccess(Some(&resolve));
    }))
    .await
    .unwrap();
    drop(upgrade);
    let db: web_sys::IdbDatabase = request.result().unwrap().unchecked_into();
    let names: js_sys::Array = ["meta", "contacts", "event_chunks"]
        .iter()
        .map(|s| JsValue::from_str(s))
        .collect();
    let tx = db
        .transaction_with_str_sequence_and_mode(&names, web_sys::IdbTransactionMode::Readwrite)
        .unwrap();
    let put = |store: &str, bytes: &[u8]| {
        let array = js_sys::Uint8Array::from(bytes);
        tx.object_store(store)
            .unwrap()
            .put_with_key(&array.buffer(), &JsValue::from(0))
            .unwrap();
    };
    put(
        "contacts",
        include_bytes!("../../../../tests/fixtures/store/records-v1/contacts.bin"),
    );
    put(
        "event_chunks",
        include_bytes!("../../../../tests/fixtures/store/records-v1/events.bin"),
    );
    let commit: js_sys::Array = [contacts.len() as u32, events.len() as u32, 1, 1, 1]
        .into_iter()
        .map(JsValue::from)
        .collect();
    tx.object_store("meta")
        .unwrap()
        .put_with_key(&commit, &JsValue::from_str("base"))
        .unwrap();
    wasm_bindgen_futures::JsFuture::from(js_sys::Promise::new(&mut |resolve, _| {
        tx.set_oncomplete(Some(&resolve));
    }))
    .await
    .unwrap();
    db.close();

    let store = Store::open(name).await.unwrap();
    assert_eq!(store.version(), SCHEMA_VERSION, "upgraded from version 2");
    let loaded = store.load().await.unwrap();
    assert_eq!(loaded.contacts, contacts);
    assert_eq!(rows(&loaded), events);
    let base = store.load_base(None).await.unwrap().0;
    assert_eq!(base.event_count(), events.len());

    // A chunk of the current format appended after the format-1 ones.
    let mut more = demo(5, 11);
    for contact in &mut more.contacts {
        contact.id = format!("new-{}", contact.id);
    }
    for c in &mut more.events.contact {
        *c += contacts.len() as u32;
    }
    store.append(&more, "add").await.unwrap();
    let loaded = store.load().await.unwrap();
    let mut all_contacts = contacts.clone();
    all_contacts.extend(more.contacts.clone());
    let mut all_events = events.clone();
    all_events.extend(more.events.to_events(&all_contacts).unwrap());
    assert_eq!(loaded.contacts, all_contacts);
    assert_eq!(rows(&loaded), all_events);
    store.close();
    Store::delete(name).await.unwrap();
}

/// The records of a chunk store, read with raw IndexedDB.
async fn raw_records(name: &str, store: &str) -> js_sys::Array {
    use wasm_bindgen::JsCast;
    let factory = web_sys::window().unwrap().indexed_db().unwrap().unwrap();
    let request = factory.open(name).unwrap();
    wasm_bindgen_futures::JsFuture::from(js_sys::Promise::new(&mut |resolve, _| {
        request.set_onsuccess(Some(&resolve));
    }))
    .await
    .unwrap();
    let db: web_sys::IdbDatabase = request.result().unwrap().unchecked_into();
    let all = db
        .transaction_with_str(store)
        .unwrap()
        .object_store(store)
        .unwrap()
        .get_all()
        .unwrap();
    wasm_bindgen_futures::JsFuture::from(js_sys::Promise::new(&mut |resolve, _| {
        all.set_onsuccess(Some(&resolve));
    }))
    .await
    .unwrap();
    db.close();
    all.result().unwrap().unchecked_into()
}

/// Schema 3: a write puts its chunks as one record per chunk store, an array
/// of the chunks (a newly started Chromium reads few large values much sooner
/// than many); an append adds one record after them; a record missing from
/// what the commit record lists is damage.
#[wasm_bindgen_test]
async fn a_write_stores_its_chunks_in_one_record() {
    use lifecycle_store::CONTACTS_PER_CHUNK;
    use wasm_bindgen::JsCast;
    let name = "lifecycle-test-one-record";
    let store = fresh(name).await;
    let base = demo(CONTACTS_PER_CHUNK + 100, 31);
    let counts = store.replace(&base, "replace").await.unwrap();
    assert_eq!(counts.contact_chunks, 2);
    assert!(counts.event_chunks >= 2, "{counts:?}");
    for (chunk_store, chunks) in [
        ("contacts", counts.contact_chunks),
        ("event_chunks", counts.event_chunks),
    ] {
        let records = raw_records(name, chunk_store).await;
        assert_eq!(records.length(), 1, "{chunk_store}");
        let record: js_sys::Array = records.get(0).dyn_into().unwrap();
        assert_eq!(record.length(), chunks, "{chunk_store}");
        assert!(record.get(0).is_instance_of::<js_sys::ArrayBuffer>());
    }

    let mut more = demo(10, 32);
    for contact in &mut more.contacts {
        contact.id = format!("more-{}", contact.id);
    }
    for c in &mut more.events.contact {
        *c += base.contacts.len() as u32;
    }
    let counts = store.append(&more, "append").await.unwrap();
    assert_eq!(counts.contact_chunks, 3);
    assert_eq!(raw_records(name, "contacts").await.length(), 2);
    assert_eq!(raw_records(name, "event_chunks").await.length(), 2);
    let loaded = store.load().await.unwrap();
    let mut all = base.contacts.clone();
    all.extend(more.contacts.clone());
    assert_eq!(loaded.contacts, all);
    assert_eq!(loaded.events.len(), base.events.len() + more.events.len());

    // The appended record lost: the commit record lists a chunk more.
    {
        let factory = web_sys::window().unwrap().indexed_db().unwrap().unwrap();
        store.close();
        let request = factory.open(name).unwrap();
        wasm_bindgen_futures::JsFuture::from(js_sys::Promise::new(&mut |resolve, _| {
            request.set_onsuccess(Some(&resolve));
        }))
        .await
        .unwrap();
        let db: web_sys::IdbDatabase = request.result().unwrap().unchecked_into();
        let tx = db
            .transaction_with_str_and_mode("contacts", web_sys::IdbTransactionMode::Readwrite)
            .unwrap();
        tx.object_store("contacts")
            .unwrap()
            .delete(&wasm_bindgen::JsValue::from(1))
            .unwrap();
        wasm_bindgen_futures::JsFuture::from(js_sys::Promise::new(&mut |resolve, _| {
            tx.set_oncomplete(Some(&resolve));
        }))
        .await
        .unwrap();
        db.close();
    }
    let store = Store::open(name).await.unwrap();
    let error = store.load().await.unwrap_err();
    assert!(matches!(error, StoreError::Damaged(_)), "{error:?}");
    assert!(
        error
            .to_string()
            .contains("the commit record lists 3 contact chunks, the database holds 2"),
        "{error}"
    );
    store.close();
    Store::delete(name).await.unwrap();
}
