//! The few IndexedDB calls autosave needs: put, get and delete a value by key, as
//! futures. One database, `iam-playground`, with one object store, `autosave`.
//! IndexedDB holds what localStorage cannot: it has far more room, and the
//! entry is stored as compressed bytes (`crate::persist::pack`).

use js_sys::{Function, Promise, Uint8Array};
use wasm_bindgen::{JsCast, JsValue, closure::Closure};
use wasm_bindgen_futures::JsFuture;
use web_sys::{IdbDatabase, IdbRequest, IdbTransaction, IdbTransactionMode};

const DB: &str = "iam-playground";
const STORE: &str = "autosave";

/// Why IndexedDB could not be used.
#[derive(Debug, thiserror::Error)]
pub enum IdbError {
    #[error("IndexedDB is not available in this browser or mode")]
    Unavailable,
    #[error("IndexedDB refused ({0})")]
    Refused(String),
}

fn refused(e: &JsValue) -> IdbError {
    let name = js_sys::Reflect::get(e, &"name".into()).ok().and_then(|n| n.as_string());
    let message = js_sys::Reflect::get(e, &"message".into()).ok().and_then(|n| n.as_string());
    IdbError::Refused(match (name, message) {
        (Some(n), Some(m)) if !m.is_empty() => format!("{n}: {m}"),
        (Some(n), _) => n,
        _ => "unknown error".into(),
    })
}

/// A one-shot JS callback.
fn once(f: impl FnOnce() + 'static) -> Function {
    Closure::once_into_js(f).unchecked_into()
}

/// Resolves when `req` succeeds, with its result.
async fn finished(req: &IdbRequest) -> Result<JsValue, IdbError> {
    let promise = Promise::new(&mut |resolve, reject| {
        req.set_onsuccess(Some(&once(move || drop(resolve.call0(&JsValue::NULL)))));
        req.set_onerror(Some(&once(move || drop(reject.call0(&JsValue::NULL)))));
    });
    JsFuture::from(promise)
        .await
        .map_err(|_| req.error().ok().flatten().map_or(IdbError::Unavailable, |e| refused(&e)))?;
    req.result().map_err(|e| refused(&e))
}

/// Resolves when `tx` has committed (a write is durable only then).
async fn committed(tx: &IdbTransaction) -> Result<(), IdbError> {
    let promise = Promise::new(&mut |resolve, reject| {
        tx.set_oncomplete(Some(&once(move || drop(resolve.call0(&JsValue::NULL)))));
        let reject2 = reject.clone();
        tx.set_onabort(Some(&once(move || drop(reject.call0(&JsValue::NULL)))));
        tx.set_onerror(Some(&once(move || drop(reject2.call0(&JsValue::NULL)))));
    });
    JsFuture::from(promise).await.map(drop).map_err(|_| tx.error().map_or(IdbError::Unavailable, |e| refused(&e)))
}

async fn open() -> Result<IdbDatabase, IdbError> {
    let factory = web_sys::window().and_then(|w| w.indexed_db().ok().flatten()).ok_or(IdbError::Unavailable)?;
    let req = factory.open_with_u32(DB, 1).map_err(|e| refused(&e))?;
    let upgrading = req.clone();
    req.set_onupgradeneeded(Some(&once(move || {
        if let Ok(db) = upgrading.result().and_then(JsCast::dyn_into::<IdbDatabase>) {
            let _ = db.create_object_store(STORE);
        }
    })));
    finished(&req).await?.dyn_into::<IdbDatabase>().map_err(|_| IdbError::Unavailable)
}

/// Stores `bytes` under `key`, durably.
pub async fn put(key: &str, bytes: &[u8]) -> Result<(), IdbError> {
    let db = open().await?;
    let tx = db.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite).map_err(|e| refused(&e))?;
    let store = tx.object_store(STORE).map_err(|e| refused(&e))?;
    store.put_with_key(&Uint8Array::from(bytes), &JsValue::from_str(key)).map_err(|e| refused(&e))?;
    let done = committed(&tx).await;
    db.close();
    done
}

/// Removes the value under `key` (none is no error).
pub async fn delete(key: &str) -> Result<(), IdbError> {
    let db = open().await?;
    let tx = db.transaction_with_str_and_mode(STORE, IdbTransactionMode::Readwrite).map_err(|e| refused(&e))?;
    let store = tx.object_store(STORE).map_err(|e| refused(&e))?;
    store.delete(&JsValue::from_str(key)).map_err(|e| refused(&e))?;
    let done = committed(&tx).await;
    db.close();
    done
}

/// The bytes under `key`, if any.
pub async fn get(key: &str) -> Result<Option<Vec<u8>>, IdbError> {
    let db = open().await?;
    let tx = db.transaction_with_str(STORE).map_err(|e| refused(&e))?;
    let store = tx.object_store(STORE).map_err(|e| refused(&e))?;
    let req = store.get(&JsValue::from_str(key)).map_err(|e| refused(&e))?;
    let value = finished(&req).await;
    db.close();
    let value = value?;
    Ok(value.dyn_into::<Uint8Array>().ok().map(|a| a.to_vec()))
}
