//! Pricing a purchase: the one code path of the `quote` query and of every purchase
//! (spot, targeted, reservation, auction settlement), so that a quote is always payable.

use cosmwasm_std::{Addr, Uint128};
use spectrum_types::pricing::{
    payable, reservation_price, volume_price, EpochPrice, MAX_PRICED_EPOCHS,
};
use spectrum_types::PricingError;

use crate::error::ContractError;
use crate::state::Offer;

/// What a purchase buys, priced but not yet applied.
#[derive(Debug, Clone, PartialEq)]
pub struct Purchase {
    /// First epoch.
    pub epoch: u64,
    /// Last epoch.
    pub epoch_to: u64,
    /// Units (per epoch).
    pub units: u64,
    /// The exact total price.
    pub price: Uint128,
    /// Spot, targeted (index into the offer's consumers) or reservation.
    pub kind: PurchaseKind,
}

/// How a purchase draws on the offer's capacity.
#[derive(Debug, Clone, PartialEq)]
pub enum PurchaseKind {
    /// Spot units of the current epoch.
    Spot,
    /// A targeted consumer's units.
    Targeted(usize),
    /// Reservation capacity of each epoch.
    Reservation,
}

/// Prices a purchase of `units` units with the reference pricing and checks capacity.
/// `buyer` is `None` for auction settlements (no targeted pricing). The one code path of
/// both the `quote` query and every purchase: a price that rounds to 0 is refused here with
/// `PriceRoundsToZero`, so a quote never answers an amount that a payment route refuses.
pub fn plan_purchase(
    offer_id: u64,
    offer: &Offer,
    current: u64,
    epoch: Option<u64>,
    epoch_to: Option<u64>,
    units: u64,
    buyer: Option<&Addr>,
) -> Result<Purchase, ContractError> {
    let epoch = epoch.unwrap_or(current);
    let epoch_to = epoch_to.unwrap_or(epoch);
    if epoch < current {
        return Err(ContractError::PastEpoch { epoch, current });
    }
    let range_err = |reason: &str| ContractError::InvalidEpochRange {
        epoch,
        epoch_to,
        reason: reason.into(),
    };
    if epoch_to < epoch {
        return Err(range_err("epoch_to is before epoch"));
    }
    if units == 0 {
        return Err(ContractError::ZeroUnits {});
    }
    if epoch == current {
        if epoch_to != epoch {
            return Err(range_err("a spot purchase covers the current epoch only"));
        }
        if let Some(buyer) = buyer.filter(|_| !offer.consumers.is_empty()) {
            let idx = offer
                .consumers
                .iter()
                .position(|t| t.consumer == *buyer)
                .ok_or_else(|| ContractError::NotTargeted {
                    offer_id,
                    buyer: buyer.to_string(),
                })?;
            let t = &offer.consumers[idx];
            if units > t.units {
                return Err(ContractError::InsufficientTargeted {
                    requested: units,
                    available: t.units,
                });
            }
            let price = t
                .unit_price
                .checked_mul(Uint128::from(units))
                .map_err(|_| PricingError::Overflow {})?;
            let price = payable(price, units, 1)?;
            return Ok(Purchase {
                epoch,
                epoch_to,
                units,
                price,
                kind: PurchaseKind::Targeted(idx),
            });
        }
        let available = offer.allocations_left_in(current);
        if units > available {
            return Err(ContractError::InsufficientAllocations {
                requested: units,
                available,
            });
        }
        let price = volume_price(offer.unit_price, units, offer.volume_discount)?;
        let price = payable(price, units, 1)?;
        return Ok(Purchase {
            epoch,
            epoch_to,
            units,
            price,
            kind: PurchaseKind::Spot,
        });
    }
    let count = epoch_to - epoch + 1;
    if count > MAX_PRICED_EPOCHS as u64 {
        return Err(range_err("at most 64 epochs in one purchase"));
    }
    let mut prices = Vec::with_capacity(count as usize);
    for e in epoch..=epoch_to {
        let r = offer.reservations.iter().find(|r| r.epoch == e);
        let available = r.map_or(0, |r| r.capacity.saturating_sub(r.allocated));
        match r {
            Some(r) if available >= units => prices.push(EpochPrice {
                price: r.price,
                epochs_ahead: e - current,
            }),
            _ => {
                return Err(ContractError::NoReservation {
                    epoch: e,
                    requested: units,
                    available,
                })
            }
        }
    }
    let price = reservation_price(
        &prices,
        units,
        offer.volume_discount,
        offer.reservation_discount,
    )?;
    let price = payable(price, units, count)?;
    Ok(Purchase {
        epoch,
        epoch_to,
        units,
        price,
        kind: PurchaseKind::Reservation,
    })
}
