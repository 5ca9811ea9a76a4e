//! Pure arithmetic of the pool: claim costs and slot clock. No storage, no floats.

use cosmwasm_std::{OverflowError, OverflowOperation, Timestamp, Uint128, Uint256};
use spectrum_types::unlicensed_pool::MICRO_PER_TOKEN;

use crate::state::{Config, Round};

/// Cost of a claim in micro-tokens:
/// `ceil(bandwidth_hz × slot_seconds × slots × 1 000 000 / token_value_hz_s)`.
/// Rounded up, so that a claim never costs less than the spectrum it takes.
pub fn claim_cost(
    bandwidth_hz: u64,
    slot_seconds: u64,
    slots: u32,
    token_value_hz_s: u64,
) -> Result<Uint128, OverflowError> {
    let numerator = Uint256::from(bandwidth_hz)
        .checked_mul(Uint256::from(slot_seconds))?
        .checked_mul(Uint256::from(slots))?
        .checked_mul(Uint256::from(MICRO_PER_TOKEN))?;
    let value = Uint256::from(token_value_hz_s);
    let overflow = || OverflowError::new(OverflowOperation::Mul);
    if value.is_zero() {
        return Err(overflow());
    }
    let cost = numerator.checked_add(value - Uint256::one())? / value;
    Uint128::try_from(cost).map_err(|_| overflow())
}

/// When the round ends (the end of its last slot).
pub fn round_end(config: &Config, round: &Round) -> Timestamp {
    round.first_slot_start.plus_seconds(
        config
            .slot_seconds
            .saturating_mul(u64::from(config.round_slots)),
    )
}

/// The slot in progress at `now`, if the round has begun and not ended.
pub fn current_slot(config: &Config, round: &Round, now: Timestamp) -> Option<u32> {
    if now < round.first_slot_start || now >= round_end(config, round) {
        return None;
    }
    let elapsed = now.seconds() - round.first_slot_start.seconds();
    u32::try_from(elapsed / config.slot_seconds).ok()
}

/// The first slot a claim made at `now` covers: slot 0 before the round begins, otherwise
/// the slot after the one in progress. None when no slot of the round is left.
pub fn coming_slot(config: &Config, round: &Round, now: Timestamp) -> Option<u32> {
    let coming = if now < round.first_slot_start {
        0
    } else {
        let elapsed = now.seconds() - round.first_slot_start.seconds();
        elapsed / config.slot_seconds + 1
    };
    u32::try_from(coming)
        .ok()
        .filter(|slot| *slot < config.round_slots)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config {
            total_bandwidth_hz: 540_000_000,
            token_value_hz_s: 180_000,
            initial_supply: Uint128::new(1_800_000_000),
            slot_seconds: 10,
            round_slots: 3,
            max_members: 100,
            max_slots_per_claim: 60,
            reputation_gate: None,
        }
    }

    #[test]
    fn cost_is_exact_or_rounded_up_to_a_micro_token() {
        // 180 kHz for one second is one token.
        assert_eq!(
            claim_cost(180_000, 1, 1, 180_000).unwrap(),
            Uint128::new(1_000_000)
        );
        // 540 MHz for one second is 3000 tokens.
        assert_eq!(
            claim_cost(540_000_000, 1, 1, 180_000).unwrap(),
            Uint128::new(3_000_000_000)
        );
        // 1 Hz·s is 1/180000 token = 5.55… micro-tokens, rounded up to 6.
        assert_eq!(claim_cost(1, 1, 1, 180_000).unwrap(), Uint128::new(6));
        // slots and slot length multiply.
        assert_eq!(
            claim_cost(90_000, 2, 3, 180_000).unwrap(),
            Uint128::new(3_000_000)
        );
        assert!(claim_cost(u64::MAX, u64::MAX, u32::MAX, 1).is_err());
        assert!(claim_cost(1, 1, 1, 0).is_err());
    }

    #[test]
    fn slot_clock_counts_from_the_first_slot() {
        let config = config();
        let round = Round {
            id: 1,
            first_slot_start: Timestamp::from_seconds(100),
            members: 2,
            base_share: Uint128::new(900),
            credit_per_member: Uint128::zero(),
        };
        assert_eq!(round_end(&config, &round), Timestamp::from_seconds(130));
        let at = Timestamp::from_seconds;
        assert_eq!(current_slot(&config, &round, at(99)), None);
        assert_eq!(coming_slot(&config, &round, at(99)), Some(0));
        assert_eq!(current_slot(&config, &round, at(100)), Some(0));
        assert_eq!(coming_slot(&config, &round, at(100)), Some(1));
        assert_eq!(current_slot(&config, &round, at(119)), Some(1));
        assert_eq!(coming_slot(&config, &round, at(119)), Some(2));
        assert_eq!(current_slot(&config, &round, at(120)), Some(2));
        assert_eq!(coming_slot(&config, &round, at(120)), None);
        assert_eq!(current_slot(&config, &round, at(130)), None);
    }
}
