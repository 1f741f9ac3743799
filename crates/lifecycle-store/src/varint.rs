//! LEB128 variable-length integers and zigzag signs, as record format 3
//! writes them: small numbers (deltas, indexes, counts) take one byte.

/// Appends `v` in 7-bit groups, low first; the high bit marks "more".
pub(crate) fn put(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push(v as u8 | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// The bytes [`put`] writes for `v`.
pub(crate) fn len(v: u64) -> usize {
    // 1 + floor(log2(v) / 7), and 1 for 0.
    (64 - (v | 1).leading_zeros() as usize).div_ceil(7)
}

/// Signed to unsigned with small magnitudes small: 0, -1, 1, -2 → 0, 1, 2, 3.
pub(crate) fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

pub(crate) fn unzigzag(v: u64) -> i64 {
    (v >> 1) as i64 ^ -((v & 1) as i64)
}

/// Reads one number at `*at`, moving `*at` past it; `None` when the bytes
/// end first or the number does not fit 64 bits.
#[inline(always)]
pub(crate) fn get(bytes: &[u8], at: &mut usize) -> Option<u64> {
    // Most numbers the store writes take one byte.
    match bytes.get(*at) {
        Some(&b) if b < 0x80 => {
            *at += 1;
            Some(u64::from(b))
        }
        _ => get_long(bytes, at),
    }
}

#[inline(never)]
fn get_long(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut v = 0u64;
    let mut shift = 0u32;
    loop {
        let b = *bytes.get(*at)?;
        *at += 1;
        if shift == 63 && b > 1 {
            return None;
        }
        v |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Some(v);
        }
        shift += 7;
        if shift > 63 {
            return None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip_in_the_length_they_promise() {
        let mut probes = vec![0, 1, 127, 128, 255, 16_383, 16_384, u64::MAX, u64::MAX - 1];
        probes.extend((0..64).map(|s| 1u64 << s));
        probes.extend((1..64).map(|s| (1u64 << s) - 1));
        for v in probes {
            let mut out = Vec::new();
            put(&mut out, v);
            assert_eq!(out.len(), len(v), "{v}");
            let mut at = 0;
            assert_eq!(get(&out, &mut at), Some(v));
            assert_eq!(at, out.len());
        }
    }

    #[test]
    fn zigzag_keeps_small_magnitudes_small_and_inverts() {
        assert_eq!(
            [0, -1, 1, -2, 2].map(zigzag),
            [0, 1, 2, 3, 4],
            "the order of zigzag"
        );
        for v in [0, 1, -1, i64::MAX, i64::MIN, 739_000, -739_000] {
            assert_eq!(unzigzag(zigzag(v)), v);
        }
    }

    #[test]
    fn a_cut_or_overlong_number_is_none() {
        let mut at = 0;
        assert_eq!(get(&[0x80, 0x80], &mut at), None, "cut off");
        let mut at = 0;
        assert_eq!(get(&[0xff; 11], &mut at), None, "more than 64 bits");
        let mut at = 0;
        let mut max = vec![0xff; 9];
        max.push(0x02);
        assert_eq!(get(&max, &mut at), None, "bit 64 set");
    }
}
