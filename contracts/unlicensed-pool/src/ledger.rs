//! The share ledger: every member's balance, kept in O(1) storage work per message.
//!
//! The paper shares a claim's cost equally among all the other members at once. Writing each
//! of their balances would make a claim cost gas in proportion to the number of members, so the
//! round keeps one credit index instead:
//!
//! - `StartRound` gives every member `base_share = M / n` by recording it once in the round;
//!   the remainder `M mod n` stays unallocated.
//! - A claim of cost `c` by one of `n` members adds `q = floor(c / (n − 1))` to the round's
//!   `credit_per_member`; the remainder `c − q·(n − 1)` (under `n − 1` micro-tokens) goes to
//!   `unallocated` and is shared out at the next round's start.
//! - A member's balance is its entry's balance plus the credit accrued since the entry was
//!   last settled (`credit_per_member − credit_seen`), or `base_share + credit_per_member` when
//!   the entry is from an earlier round. Settling the claimant before its claim, and marking it
//!   as having seen the new credit afterwards, keeps it out of its own share.
//!
//! So every other member gains exactly `q` from each claim, as if written one by one, and the
//! members' balances plus `unallocated` are M at all times.

use cosmwasm_std::{Addr, OverflowError, StdResult, Storage, Uint128};

use crate::state::{Member, Round, MEMBERS};

/// A new member's entry: a zero balance that has seen every credit so far, so that it shares
/// in nothing until the next round starts.
pub fn new_member(round: Option<&Round>) -> Member {
    Member {
        balance: Uint128::zero(),
        credit_seen: round.map_or(Uint128::zero(), |r| r.credit_per_member),
        round: round.map_or(0, |r| r.id),
    }
}

/// The entry brought up to date with `round`: its balance now, having seen all credit so far.
pub fn settle(member: &Member, round: Option<&Round>) -> Result<Member, OverflowError> {
    let Some(round) = round else {
        return Ok(member.clone());
    };
    let (balance, seen) = if member.round < round.id {
        (round.base_share, Uint128::zero())
    } else {
        (member.balance, member.credit_seen)
    };
    Ok(Member {
        balance: balance.checked_add(round.credit_per_member.checked_sub(seen)?)?,
        credit_seen: round.credit_per_member,
        round: round.id,
    })
}

/// A member's entry settled with `round`, or None if `address` is not a member.
pub fn load_settled(
    storage: &dyn Storage,
    address: &Addr,
    round: Option<&Round>,
) -> StdResult<Option<Member>> {
    MEMBERS
        .may_load(storage, address)?
        .map(|m| settle(&m, round).map_err(Into::into))
        .transpose()
}

/// How a claim's cost is shared: `(share for each other member, remainder to unallocated)`.
/// A sole member has nobody to pay, so nothing moves: `(0, 0)` and the cost is not debited.
pub fn share_of(cost: Uint128, members: u32) -> (Uint128, Uint128) {
    let others = u128::from(members.saturating_sub(1));
    if others == 0 {
        return (Uint128::zero(), Uint128::zero());
    }
    (
        Uint128::new(cost.u128() / others),
        Uint128::new(cost.u128() % others),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::Timestamp;

    fn round(id: u64, base: u128, credit: u128) -> Round {
        Round {
            id,
            first_slot_start: Timestamp::from_seconds(0),
            members: 4,
            base_share: Uint128::new(base),
            credit_per_member: Uint128::new(credit),
        }
    }

    fn member(balance: u128, seen: u128, round: u64) -> Member {
        Member {
            balance: Uint128::new(balance),
            credit_seen: Uint128::new(seen),
            round,
        }
    }

    #[test]
    fn entry_of_an_earlier_round_starts_from_the_base_share() {
        let r = round(3, 450, 7);
        assert_eq!(
            settle(&member(999, 5, 2), Some(&r)).unwrap(),
            member(457, 7, 3)
        );
    }

    #[test]
    fn entry_of_this_round_gains_the_credit_since_it_was_settled() {
        let r = round(3, 450, 17);
        assert_eq!(
            settle(&member(444, 7, 3), Some(&r)).unwrap(),
            member(454, 17, 3)
        );
        // Settling twice changes nothing.
        let once = settle(&member(444, 7, 3), Some(&r)).unwrap();
        assert_eq!(settle(&once, Some(&r)).unwrap(), once);
    }

    #[test]
    fn before_the_first_round_entries_are_as_stored() {
        assert_eq!(settle(&member(0, 0, 0), None).unwrap(), member(0, 0, 0));
    }

    #[test]
    fn a_new_member_shares_in_nothing_until_the_next_round() {
        let r = round(3, 450, 17);
        let m = new_member(Some(&r));
        assert_eq!(settle(&m, Some(&r)).unwrap().balance, Uint128::zero());
        assert_eq!(
            settle(&m, Some(&round(4, 300, 0))).unwrap().balance,
            Uint128::new(300)
        );
        assert_eq!(new_member(None), member(0, 0, 0));
    }

    #[test]
    fn cost_is_shared_among_the_others_with_the_remainder_left_over() {
        assert_eq!(
            share_of(Uint128::new(23), 4),
            (Uint128::new(7), Uint128::new(2))
        );
        assert_eq!(
            share_of(Uint128::new(6), 4),
            (Uint128::new(2), Uint128::zero())
        );
        assert_eq!(
            share_of(Uint128::new(6), 1),
            (Uint128::zero(), Uint128::zero())
        );
        assert_eq!(
            share_of(Uint128::new(6), 0),
            (Uint128::zero(), Uint128::zero())
        );
    }

    #[test]
    fn a_corrupt_entry_is_an_overflow_error_not_a_panic() {
        let r = round(3, 450, 5);
        assert!(settle(&member(0, 9, 3), Some(&r)).is_err());
        let r = round(3, u128::MAX, 1);
        assert!(settle(&member(0, 0, 1), Some(&r)).is_err());
    }
}
