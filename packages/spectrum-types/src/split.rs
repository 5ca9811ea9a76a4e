//! Equal-share splitting with a deterministic remainder rule.
//!
//! `total` split among `n` recipients gives everyone `total / n`; the remainder
//! `r = total % n` goes one unit each to the `r` recipients that follow `offset` in
//! the recipients' order (positions `offset, offset + 1, …` modulo `n`). Callers that
//! split repeatedly advance `offset` by `r` each time, so that remainders rotate
//! round the recipients instead of always favouring the first.

use cosmwasm_std::Uint128;

/// The shares of `total` among `n` recipients, in recipient order. The shares add up
/// to `total` exactly. Returns an empty vector when `n` is zero.
pub fn equal_shares(total: Uint128, n: usize, offset: usize) -> Vec<Uint128> {
    if n == 0 {
        return vec![];
    }
    let n128 = n as u128;
    let base = total.u128() / n128;
    let remainder = (total.u128() % n128) as usize;
    let first = offset % n;
    (0..n)
        .map(|i| {
            let distance = (i + n - first) % n;
            let extra = u128::from(distance < remainder);
            Uint128::new(base + extra)
        })
        .collect()
}

/// The number of recipients that receive one unit more than the others.
pub fn remainder_count(total: Uint128, n: usize) -> usize {
    if n == 0 {
        0
    } else {
        (total.u128() % n as u128) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn remainder_goes_to_recipients_after_offset() {
        let s = |v: &[u128]| v.iter().map(|x| Uint128::new(*x)).collect::<Vec<_>>();
        assert_eq!(equal_shares(Uint128::new(10), 3, 0), s(&[4, 3, 3]));
        assert_eq!(equal_shares(Uint128::new(10), 3, 2), s(&[3, 3, 4]));
        assert_eq!(equal_shares(Uint128::new(11), 3, 2), s(&[4, 3, 4]));
        assert_eq!(equal_shares(Uint128::new(9), 3, 1), s(&[3, 3, 3]));
        assert_eq!(equal_shares(Uint128::new(2), 5, 4), s(&[1, 0, 0, 0, 1]));
        assert!(equal_shares(Uint128::new(2), 0, 0).is_empty());
        assert_eq!(remainder_count(Uint128::new(11), 3), 2);
    }

    proptest! {
        #[test]
        fn shares_add_up_and_differ_by_at_most_one(total in 0u128..u128::MAX, n in 1usize..200, offset in 0usize..1000) {
            let shares = equal_shares(Uint128::new(total), n, offset);
            prop_assert_eq!(shares.len(), n);
            let sum: u128 = shares.iter().map(|s| s.u128()).sum();
            prop_assert_eq!(sum, total);
            let min = shares.iter().min().unwrap().u128();
            let max = shares.iter().max().unwrap().u128();
            prop_assert!(max - min <= 1);
        }
    }
}
