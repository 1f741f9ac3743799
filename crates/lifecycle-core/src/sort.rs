//! One stable sort for the lists that are not on a hot path (errors, risks,
//! names, a contact's events).
//!
//! The standard library's sort is generic: every element type and comparator gets
//! its own copy of the whole algorithm, 3 to 7 KB of wasm each, and the npm
//! package had 98 such copies. Here the algorithm (a merge sort of indices) is
//! compiled once, behind a `dyn` comparator; per element type there is only an
//! insertion sort for short slices and the final permutation. The result is the
//! same as `slice::sort_by`'s: stable, and the same order for the same comparator.
//!
//! The hot sorts (the base's packed events, the engine's day lists) keep the
//! standard sort.

use std::cmp::Ordering;

/// Slices up to this long are sorted in place by insertion: no allocation.
const SHORT: usize = 12;

/// Sorts `v` by `cmp`, stably (equal elements keep their order), like
/// `slice::sort_by`.
pub fn sort_by<T>(v: &mut [T], mut cmp: impl FnMut(&T, &T) -> Ordering) {
    let n = v.len();
    if n < 2 {
        return;
    }
    if n <= SHORT {
        for i in 1..n {
            let mut j = i;
            while j > 0 && cmp(&v[j - 1], &v[j]) == Ordering::Greater {
                v.swap(j - 1, j);
                j -= 1;
            }
        }
        return;
    }
    let mut order: Vec<usize> = (0..n).collect();
    {
        let items: &[T] = v;
        merge_sort(&mut order, &mut |a, b| cmp(&items[a], &items[b]));
    }
    permute(v, &mut order);
}

/// Sorts `v` by the key `key` gives, stably, like `slice::sort_by_key`.
pub fn sort_by_key<T, K: Ord>(v: &mut [T], mut key: impl FnMut(&T) -> K) {
    sort_by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts `v` in ascending order, stably, like `slice::sort`.
pub fn sort<T: Ord>(v: &mut [T]) {
    sort_by(v, T::cmp);
}

/// A stable merge sort of the indices in `order` (insertion-sorted runs, then
/// merged bottom-up); `cmp` compares the items two indices stand for.
fn merge_sort(order: &mut [usize], cmp: &mut dyn FnMut(usize, usize) -> Ordering) {
    const RUN: usize = 16;
    let n = order.len();
    for run in order.chunks_mut(RUN) {
        for i in 1..run.len() {
            let x = run[i];
            let mut j = i;
            while j > 0 && cmp(run[j - 1], x) == Ordering::Greater {
                run[j] = run[j - 1];
                j -= 1;
            }
            run[j] = x;
        }
    }
    let mut scratch = vec![0usize; n];
    let mut in_scratch = false;
    let mut width = RUN;
    while width < n {
        let (src, dst): (&[usize], &mut [usize]) = if in_scratch {
            (&scratch, order)
        } else {
            (order, &mut scratch)
        };
        let mut lo = 0;
        while lo < n {
            let mid = (lo + width).min(n);
            let hi = (lo + 2 * width).min(n);
            let (mut i, mut j) = (lo, mid);
            for slot in &mut dst[lo..hi] {
                // The left item goes first unless the right one is smaller: stable.
                let left = i < mid && (j >= hi || cmp(src[j], src[i]) != Ordering::Less);
                if left {
                    *slot = src[i];
                    i += 1;
                } else {
                    *slot = src[j];
                    j += 1;
                }
            }
            lo = hi;
        }
        in_scratch = !in_scratch;
        width *= 2;
    }
    if in_scratch {
        order.copy_from_slice(&scratch);
    }
}

/// Rearranges `v` so that its `i`-th item is the one that was at `order[i]`,
/// following each cycle of the permutation with swaps (`order` is used up).
fn permute<T>(v: &mut [T], order: &mut [usize]) {
    for start in 0..v.len() {
        let mut at = start;
        while order[at] != at {
            let from = order[at];
            order[at] = at;
            if from == start {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// The same order as the standard stable sort, ties included: the items
        /// carry their first position, which the comparator does not look at.
        #[test]
        fn sorts_like_the_standard_stable_sort(
            keys in proptest::collection::vec(0u8..20, 0..300),
            descending in any::<bool>(),
        ) {
            let items: Vec<(u8, usize)> = keys.into_iter().enumerate().map(|(i, k)| (k, i)).collect();
            let cmp = |a: &(u8, usize), b: &(u8, usize)| {
                if descending { b.0.cmp(&a.0) } else { a.0.cmp(&b.0) }
            };
            let mut ours = items.clone();
            sort_by(&mut ours, cmp);
            let mut std = items;
            std.sort_by(cmp);
            prop_assert_eq!(ours, std);
        }

        #[test]
        fn sort_and_sort_by_key_agree_with_the_standard_ones(
            words in proptest::collection::vec("[a-c]{0,3}", 0..100),
        ) {
            let mut ours = words.clone();
            sort(&mut ours);
            let mut std = words.clone();
            std.sort();
            prop_assert_eq!(ours, std);
            let mut ours = words.clone();
            sort_by_key(&mut ours, |w| w.len());
            let mut std = words;
            std.sort_by_key(|w| w.len());
            prop_assert_eq!(ours, std);
        }
    }

    #[test]
    fn long_lists_and_reversed_lists_come_out_sorted() {
        let mut v: Vec<u32> = (0..10_000).rev().collect();
        sort(&mut v);
        assert!(v.iter().enumerate().all(|(i, &x)| x == i as u32));
        let mut v: Vec<u32> = (0..5_000u32)
            .map(|i| i.wrapping_mul(2_654_435_761) % 977)
            .collect();
        let mut std = v.clone();
        std.sort();
        sort(&mut v);
        assert_eq!(v, std);
    }
}
