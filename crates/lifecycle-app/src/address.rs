//! The page's state that lives in the address: one way to change it.

use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

/// A function that sets the query parameter `name` to `value` (an empty value
/// removes it) and keeps every other parameter, as a new history entry.
pub fn use_set_query() -> impl Fn(&'static str, String) + Clone + 'static {
    let query = use_query_map();
    let navigate = use_navigate();
    move |name, value| {
        let mut q = query.get_untracked();
        if value.is_empty() {
            q.remove(name);
        } else {
            q.replace(name, value);
        }
        navigate(
            &format!("?{}", q.to_query_string().trim_start_matches('?')),
            Default::default(),
        );
    }
}
