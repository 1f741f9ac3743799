//! Futures over IndexedDB's callback API. Nothing outside this module sees a
//! callback.

use js_sys::{Array, Function, Promise};
use wasm_bindgen::{JsCast, JsValue, closure::Closure, prelude::wasm_bindgen};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbFactory, IdbOpenDbRequest, IdbRequest, IdbTransaction};

#[wasm_bindgen]
extern "C" {
    /// An `IDBDatabase` seen through the one call web-sys offers only behind
    /// its unstable-API flag: `transaction(names, mode, { durability })`.
    #[wasm_bindgen(extends = IdbDatabase)]
    type DatabaseWithOptions;

    #[wasm_bindgen(method, catch, js_name = transaction)]
    fn transaction_with_options(
        this: &DatabaseWithOptions,
        names: &Array,
        mode: &str,
        options: &JsValue,
    ) -> Result<IdbTransaction, JsValue>;
}

use crate::StoreError;

pub(crate) enum Mode {
    Read,
    Write,
    /// Read-write, flushed to disk before it reports success: imports,
    /// restores and migrations.
    StrictWrite,
}

fn factory() -> Result<IdbFactory, StoreError> {
    let global = js_sys::global();
    let factory = if let Some(window) = global.dyn_ref::<web_sys::Window>() {
        window.indexed_db()
    } else if let Some(worker) = global.dyn_ref::<web_sys::WorkerGlobalScope>() {
        worker.indexed_db()
    } else {
        return Err(StoreError::Unavailable);
    };
    factory.ok().flatten().ok_or(StoreError::Unavailable)
}

/// Opens `name` at `version`, running `upgrade` inside the version-change
/// transaction when the stored version is older.
pub(crate) async fn open(
    name: &str,
    version: u32,
    upgrade: impl Fn(&IdbDatabase, u32) -> Result<(), StoreError> + 'static,
) -> Result<IdbDatabase, StoreError> {
    let request: IdbOpenDbRequest = factory()?
        .open_with_u32(name, version)
        .map_err(StoreError::from_js)?;
    let upgrade_error = std::rc::Rc::new(std::cell::RefCell::new(None));
    let on_upgrade = {
        let request = request.clone();
        let upgrade_error = upgrade_error.clone();
        Closure::<dyn FnMut(web_sys::IdbVersionChangeEvent)>::new(
            move |event: web_sys::IdbVersionChangeEvent| {
                let Ok(result) = request.result() else { return };
                let db: IdbDatabase = result.unchecked_into();
                if let Err(error) = upgrade(&db, event.old_version() as u32) {
                    *upgrade_error.borrow_mut() = Some(error);
                    if let Some(tx) = request.transaction() {
                        let _ = tx.abort();
                    }
                }
            },
        )
    };
    request.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));
    let blocked = Closure::<dyn FnMut()>::new(|| {});
    request.set_onblocked(Some(blocked.as_ref().unchecked_ref()));
    let result = await_request(&request).await;
    request.set_onupgradeneeded(None);
    if let Some(error) = upgrade_error.borrow_mut().take() {
        return Err(error);
    }
    Ok(result?.unchecked_into())
}

pub(crate) async fn delete(name: &str) -> Result<(), StoreError> {
    let request = factory()?
        .delete_database(name)
        .map_err(StoreError::from_js)?;
    await_request(&request).await.map(drop)
}

pub(crate) fn transaction(
    db: &IdbDatabase,
    stores: &[&str],
    mode: Mode,
) -> Result<IdbTransaction, StoreError> {
    let names: Array = stores.iter().map(|s| JsValue::from_str(s)).collect();
    let (mode, durability) = match mode {
        Mode::Read => ("readonly", "default"),
        Mode::Write => ("readwrite", "default"),
        Mode::StrictWrite => ("readwrite", "strict"),
    };
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"durability".into(), &durability.into())
        .map_err(StoreError::from_js)?;
    db.unchecked_ref::<DatabaseWithOptions>()
        .transaction_with_options(&names, mode, &options)
        .map_err(StoreError::from_js)
}

/// Resolves with the request's result once it succeeds. A request that is
/// already done (several were issued before the first was awaited) resolves
/// at once: its events have fired and will not fire again.
pub(crate) async fn await_request(request: &IdbRequest) -> Result<JsValue, StoreError> {
    if request.ready_state() == web_sys::IdbRequestReadyState::Done {
        return match request.error() {
            Ok(Some(error)) => Err(StoreError::from_js(error.into())),
            _ => request.result().map_err(StoreError::from_js),
        };
    }
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        let req = request.clone();
        let on_success = Closure::once_into_js(move |_event: web_sys::Event| {
            let _ = resolve.call1(&JsValue::NULL, &req.result().unwrap_or(JsValue::UNDEFINED));
        });
        let req = request.clone();
        let on_error = Closure::once_into_js(move |_event: web_sys::Event| {
            let error = req
                .error()
                .ok()
                .flatten()
                .map(JsValue::from)
                .unwrap_or(JsValue::NULL);
            let _ = reject.call1(&JsValue::NULL, &error);
        });
        request.set_onsuccess(Some(on_success.unchecked_ref()));
        request.set_onerror(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(promise).await.map_err(StoreError::from_js)
}

/// Resolves when the transaction commits; fails if it aborts.
pub(crate) async fn await_transaction(tx: &IdbTransaction) -> Result<(), StoreError> {
    let promise = Promise::new(&mut |resolve: Function, reject: Function| {
        let on_complete = Closure::once_into_js(move |_event: web_sys::Event| {
            let _ = resolve.call0(&JsValue::NULL);
        });
        let reject_abort = reject.clone();
        let tx_abort = tx.clone();
        let on_abort = Closure::once_into_js(move |_event: web_sys::Event| {
            let error = tx_abort.error().map(JsValue::from).unwrap_or(JsValue::NULL);
            let _ = reject_abort.call1(&JsValue::NULL, &error);
        });
        let tx_error = tx.clone();
        let on_error = Closure::once_into_js(move |_event: web_sys::Event| {
            let error = tx_error.error().map(JsValue::from).unwrap_or(JsValue::NULL);
            let _ = reject.call1(&JsValue::NULL, &error);
        });
        tx.set_oncomplete(Some(on_complete.unchecked_ref()));
        tx.set_onabort(Some(on_abort.unchecked_ref()));
        tx.set_onerror(Some(on_error.unchecked_ref()));
    });
    JsFuture::from(promise)
        .await
        .map(drop)
        .map_err(StoreError::from_js)
}
