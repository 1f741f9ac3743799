use lifecycle_store::{SCHEMA_VERSION, Store};
use wasm_bindgen_test::*;

#[wasm_bindgen_test]
async fn reads_back_what_it_wrote_after_reopening() {
    let name = "lifecycle-test-settings";
    Store::delete(name).await.unwrap();

    let store = Store::open(name).await.unwrap();
    assert_eq!(store.version(), SCHEMA_VERSION);
    assert_eq!(store.setting("language").await.unwrap(), None);
    store.put_setting("language", "ru").await.unwrap();
    store.put_setting("language", "en").await.unwrap();
    store.put_setting("period", "90d").await.unwrap();
    store.close();

    let store = Store::open(name).await.unwrap();
    assert_eq!(
        store.setting("language").await.unwrap().as_deref(),
        Some("en")
    );
    assert_eq!(
        store.setting("period").await.unwrap().as_deref(),
        Some("90d")
    );
    store.close();
    Store::delete(name).await.unwrap();
}
