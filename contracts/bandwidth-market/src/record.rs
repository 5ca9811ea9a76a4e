//! The compact form of an allocation record (since 0.4.0).
//!
//! A purchase writes one allocation record, and every byte written costs 30 gas; the next
//! purchase also reads the last record to find the next grant id (3 gas a byte, charged
//! twice by the node's iterator). The JSON form of 0.3.0 spent most of its bytes on field
//! names, quotes and decimal digits; this form writes the same fields in a fixed order,
//! numbers as LEB128 varints and text as a varint length and its bytes:
//!
//! ```text
//! 0x01                                   format tag (a JSON record starts with '{')
//! offer_id, version                      varint
//! provider, buyer                        text (the addresses as validated)
//! band.from_hz, band.to_hz, bandwidth_hz varint
//! epoch, epoch_to - epoch                varint (the difference wraps, so any pair round-trips)
//! valid_from, valid_until - valid_from   varint (likewise)
//! qos                                    varint count, then key and value as text
//! holders                                0 = the buyer | 1 = an address (text) | 2 = keys kept
//!                                        apart under "keys" (varint count)
//! units                                  varint
//! price                                  varint (u128)
//! ```
//!
//! Records written by 0.2.0 and 0.3.0 are JSON and are read as they are ([`decode`]).

use std::collections::BTreeMap;

use cosmwasm_std::{from_json, Addr, StdError, StdResult, Uint128};
use spectrum_types::Band;

use crate::state::{Allocation, Holders, Terms};

/// The format tag of the compact form.
const COMPACT: u8 = 1;

const HOLDER_BUYER: u8 = 0;
const HOLDER_ADDRESS: u8 = 1;
const HOLDER_APART: u8 = 2;

/// The compact form of `alloc`. Keys held inline ([`Holders::Keys`]) are not written here:
/// the caller stores them apart and passes [`Holders::Apart`].
pub fn encode(alloc: &Allocation) -> StdResult<Vec<u8>> {
    let t = &alloc.terms;
    let mut w = Vec::with_capacity(96);
    w.push(COMPACT);
    put(&mut w, t.offer_id.into());
    put(&mut w, t.version.into());
    put_text(&mut w, t.provider.as_str());
    put_text(&mut w, t.buyer.as_str());
    put(&mut w, t.band.from_hz.into());
    put(&mut w, t.band.to_hz.into());
    put(&mut w, t.bandwidth_hz.into());
    put(&mut w, t.epoch.into());
    put(&mut w, t.epoch_to.wrapping_sub(t.epoch).into());
    put(&mut w, t.valid_from.into());
    put(&mut w, t.valid_until.wrapping_sub(t.valid_from).into());
    put(&mut w, t.qos.len() as u128);
    for (k, v) in &t.qos {
        put_text(&mut w, k);
        put_text(&mut w, v);
    }
    match &alloc.holders {
        Holders::Buyer => w.push(HOLDER_BUYER),
        Holders::Address(a) => {
            w.push(HOLDER_ADDRESS);
            put_text(&mut w, a.as_str());
        }
        Holders::Apart { count } => {
            w.push(HOLDER_APART);
            put(&mut w, (*count).into());
        }
        Holders::Keys(_) => {
            return Err(StdError::generic_err(
                "allocation record: keys are stored apart, not in the record",
            ))
        }
    }
    put(&mut w, alloc.units.into());
    put(&mut w, alloc.price.u128());
    Ok(w)
}

/// An allocation record in either form: the compact form, or the JSON of 0.2.0 and 0.3.0.
pub fn decode(bytes: &[u8]) -> StdResult<Allocation> {
    match bytes.first() {
        Some(&COMPACT) => {
            let mut r = Reader { bytes, at: 1 };
            let alloc = r.allocation()?;
            if r.at != bytes.len() {
                return Err(corrupt("trailing bytes"));
            }
            Ok(alloc)
        }
        _ => from_json(bytes),
    }
}

fn corrupt(what: &str) -> StdError {
    StdError::generic_err(format!("allocation record: {what}"))
}

/// Appends `n` as an unsigned LEB128 varint.
fn put(w: &mut Vec<u8>, mut n: u128) {
    while n >= 0x80 {
        w.push((n as u8) | 0x80);
        n >>= 7;
    }
    w.push(n as u8);
}

fn put_text(w: &mut Vec<u8>, s: &str) {
    put(w, s.len() as u128);
    w.extend_from_slice(s.as_bytes());
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl Reader<'_> {
    fn byte(&mut self) -> StdResult<u8> {
        let b = *self
            .bytes
            .get(self.at)
            .ok_or_else(|| corrupt("truncated"))?;
        self.at += 1;
        Ok(b)
    }

    fn u128(&mut self) -> StdResult<u128> {
        let mut n: u128 = 0;
        for shift in (0..128).step_by(7) {
            let b = self.byte()?;
            n |= u128::from(b & 0x7f)
                .checked_shl(shift)
                .filter(|v| v >> shift == u128::from(b & 0x7f))
                .ok_or_else(|| corrupt("varint overflow"))?;
            if b & 0x80 == 0 {
                return Ok(n);
            }
        }
        Err(corrupt("varint overflow"))
    }

    fn u64(&mut self) -> StdResult<u64> {
        u64::try_from(self.u128()?).map_err(|_| corrupt("number out of range"))
    }

    fn text(&mut self) -> StdResult<String> {
        let len = usize::try_from(self.u64()?).map_err(|_| corrupt("text length"))?;
        let end = self
            .at
            .checked_add(len)
            .ok_or_else(|| corrupt("text length"))?;
        let s = self
            .bytes
            .get(self.at..end)
            .ok_or_else(|| corrupt("truncated"))?;
        self.at = end;
        String::from_utf8(s.to_vec()).map_err(|_| corrupt("text is not UTF-8"))
    }

    fn allocation(&mut self) -> StdResult<Allocation> {
        let offer_id = self.u64()?;
        let version = self.u64()?;
        // Written by this contract from validated addresses.
        let provider = Addr::unchecked(self.text()?);
        let buyer = Addr::unchecked(self.text()?);
        let band = Band {
            from_hz: self.u64()?,
            to_hz: self.u64()?,
        };
        let bandwidth_hz = self.u64()?;
        let epoch = self.u64()?;
        let epoch_to = epoch.wrapping_add(self.u64()?);
        let valid_from = self.u64()?;
        let valid_until = valid_from.wrapping_add(self.u64()?);
        let mut qos = BTreeMap::new();
        for _ in 0..self.u64()? {
            let k = self.text()?;
            qos.insert(k, self.text()?);
        }
        let holders = match self.byte()? {
            HOLDER_BUYER => Holders::Buyer,
            HOLDER_ADDRESS => Holders::Address(Addr::unchecked(self.text()?)),
            HOLDER_APART => Holders::Apart {
                count: u32::try_from(self.u64()?).map_err(|_| corrupt("key count"))?,
            },
            _ => return Err(corrupt("unknown holder kind")),
        };
        Ok(Allocation {
            terms: Terms {
                offer_id,
                version,
                provider,
                buyer,
                band,
                bandwidth_hz,
                epoch,
                epoch_to,
                valid_from,
                valid_until,
                qos,
            },
            holders,
            units: self.u64()?,
            price: Uint128::new(self.u128()?),
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::{to_json_vec, Binary};

    fn sample(holders: Holders) -> Allocation {
        Allocation {
            terms: Terms {
                offer_id: 7,
                version: 300,
                provider: Addr::unchecked("wasm1provider"),
                buyer: Addr::unchecked("wasm1buyer"),
                band: Band {
                    from_hz: 3_550_000_000,
                    to_hz: 3_700_000_000,
                },
                bandwidth_hz: 10_000_000,
                epoch: 12,
                epoch_to: 15,
                valid_from: 1_764_000_000,
                valid_until: 1_764_003_600,
                qos: [("latency_class".to_string(), "low".to_string())].into(),
            },
            holders,
            units: 1,
            price: Uint128::new(u128::MAX),
        }
    }

    #[test]
    fn every_holder_kind_and_extreme_number_round_trips() {
        for holders in [
            Holders::Buyer,
            Holders::Address(Addr::unchecked("wasm1consumer")),
            Holders::Apart { count: 10_000 },
        ] {
            let a = sample(holders);
            assert_eq!(decode(&encode(&a).unwrap()).unwrap(), a);
        }
        let mut a = sample(Holders::Buyer);
        a.terms.valid_from = u64::MAX;
        a.terms.valid_until = 3; // wraps: still exact
        a.terms.epoch = u64::MAX;
        a.terms.epoch_to = u64::MAX;
        a.units = u64::MAX;
        a.price = Uint128::zero();
        assert_eq!(decode(&encode(&a).unwrap()).unwrap(), a);
    }

    #[test]
    fn a_spot_purchase_record_is_at_most_half_its_json() {
        // As on a chain: 20-byte account addresses (43 characters), no QoS, a small price.
        let mut a = sample(Holders::Buyer);
        a.terms.provider = Addr::unchecked(format!("wasm1{}", "p".repeat(38)));
        a.terms.buyer = Addr::unchecked(format!("wasm1{}", "b".repeat(38)));
        a.terms.qos.clear();
        a.price = Uint128::new(1000);
        let compact = encode(&a).unwrap().len();
        let json = to_json_vec(&a).unwrap().len();
        assert!(compact * 2 <= json, "compact {compact} bytes, JSON {json}");
    }

    #[test]
    fn json_records_of_earlier_versions_are_read() {
        let a = sample(Holders::Keys(Binary::from(vec![2u8; 33])));
        assert_eq!(decode(&to_json_vec(&a).unwrap()).unwrap(), a);
    }

    #[test]
    fn inline_keys_are_refused_and_damaged_records_are_errors() {
        let keys = sample(Holders::Keys(Binary::from(vec![2u8; 33])));
        assert!(encode(&keys).is_err());
        let bytes = encode(&sample(Holders::Buyer)).unwrap();
        for cut in 1..bytes.len() {
            assert!(decode(&bytes[..cut]).is_err(), "cut at {cut}");
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(decode(&longer).is_err());
        let mut bad_kind = encode(&sample(Holders::Buyer)).unwrap();
        let at = bad_kind.len() - 1 - 1 - 19; // holder tag: before units (1) and price (19)
        assert_eq!(bad_kind[at], HOLDER_BUYER);
        bad_kind[at] = 9;
        assert!(decode(&bad_kind).is_err());
        assert!(decode(&[
            COMPACT, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x7f
        ])
        .is_err());
    }
}
