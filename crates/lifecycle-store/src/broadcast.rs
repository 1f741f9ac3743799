//! Tells the other open tabs that the database changed (BroadcastChannel).

use wasm_bindgen::{JsCast, closure::Closure};
use web_sys::{BroadcastChannel, MessageEvent};

fn channel_name(db: &str) -> String {
    format!("lifecycle-store:{db}")
}

thread_local! {
    /// This page's id in messages, so that it can ignore its own.
    static TAB_ID: String = format!("{:x}", (js_sys::Math::random() * 2f64.powi(52)) as u64);
}

fn tab_id() -> String {
    TAB_ID.with(Clone::clone)
}

/// Announces a committed write to the other tabs with the same database. The
/// message is the writing tab's id.
pub(crate) fn changed(db: &str) {
    if let Ok(channel) = BroadcastChannel::new(&channel_name(db)) {
        let _ = channel.post_message(&tab_id().into());
        channel.close();
    }
}

/// A subscription to other tabs' writes; dropping it unsubscribes.
pub struct Subscription {
    channel: BroadcastChannel,
    _handler: Closure<dyn Fn(MessageEvent)>,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.channel.set_onmessage(None);
        self.channel.close();
    }
}

/// Calls `on_change` whenever another tab commits a write to the database
/// called `db`. A tab does not hear its own writes.
pub fn subscribe(db: &str, on_change: impl Fn() + 'static) -> Option<Subscription> {
    let channel = BroadcastChannel::new(&channel_name(db)).ok()?;
    let me = tab_id();
    let handler = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
        if event.data().as_string().as_deref() != Some(me.as_str()) {
            on_change();
        }
    });
    channel.set_onmessage(Some(handler.as_ref().unchecked_ref()));
    Some(Subscription {
        channel,
        _handler: handler,
    })
}
