//! Shared setup of the bandwidth-market tests.
#![allow(dead_code)]

use anyhow::Result as AnyResult;
use bandwidth_market::ContractError;
use cosmwasm_std::{Addr, Binary};
use cw_multi_test::AppResponse;
use k256::ecdsa::{signature::hazmat::PrehashSigner, Signature, SigningKey};
use sha2::{Digest, Sha256};
use spectrum_testing::bandwidth_market::offer_terms;
use spectrum_testing::Suite;
use spectrum_types::bandwidth_market::{GrantsResponse, OfferResponse, OfferTerms, QueryMsg};

/// A suite with a provider approved on both markets (Bandcoin and native), one plain
/// offer on each, and a buyer holding 1,000,000 of each asset.
pub struct Env {
    pub s: Suite,
    pub market: Addr,
    pub native: Addr,
    pub provider: Addr,
    pub buyer: Addr,
    pub offer: u64,
    pub native_offer: u64,
}

pub fn setup_with(terms: OfferTerms) -> Env {
    let mut s = Suite::builder()
        .with_bandcoin("buyer", 1_000_000)
        .with_native("buyer", 1_000_000)
        .with_bandcoin("clearinghouse", 1_000_000)
        .with_native("clearinghouse", 1_000_000)
        .build();
    let market = s.market.clone();
    let native = s.deploy_native_market();
    let provider = s.addr("provider");
    let buyer = s.addr("buyer");
    s.market_approve(&market, &provider).unwrap();
    s.market_approve(&native, &provider).unwrap();
    let offer = s.market_post(&market, &provider, terms.clone()).unwrap();
    let native_offer = s.market_post(&native, &provider, terms).unwrap();
    Env {
        s,
        market,
        native,
        provider,
        buyer,
        offer,
        native_offer,
    }
}

pub fn setup() -> Env {
    setup_with(offer_terms())
}

/// The contract error of a failed execution.
pub fn err(r: AnyResult<AppResponse>) -> ContractError {
    r.unwrap_err()
        .downcast::<ContractError>()
        .expect("a bandwidth-market ContractError")
}

/// Everything a refused message must leave unchanged.
#[derive(Debug, PartialEq)]
pub struct Snapshot {
    pub offer: OfferResponse,
    pub balances: Vec<u128>,
    pub grants: GrantsResponse,
}

impl Env {
    pub fn snapshot(&self, market: &Addr, offer: u64) -> Snapshot {
        let who = [
            &self.buyer,
            &self.provider,
            &self.market,
            &self.native,
            &self.s.addr("clearinghouse"),
        ];
        let mut balances: Vec<u128> = who.iter().map(|a| self.s.bandcoin_balance(a)).collect();
        balances.extend(who.iter().map(|a| self.s.native_balance(a)));
        Snapshot {
            offer: self.s.market_offer(market, offer),
            balances,
            grants: self.s.market_query(
                market,
                &QueryMsg::GrantsByOffer {
                    offer_id: offer,
                    start_after: None,
                    limit: Some(30),
                },
            ),
        }
    }
}

/// A consumer's secp256k1 key pair from a seed.
pub fn keypair(seed: u8) -> (SigningKey, Binary) {
    let sk = SigningKey::from_slice(&[seed.max(1); 32]).unwrap();
    let pk = sk
        .verifying_key()
        .to_encoded_point(true)
        .as_bytes()
        .to_vec();
    (sk, Binary::from(pk))
}

/// The 64-byte signature over sha256(challenge).
pub fn sign(sk: &SigningKey, challenge: &[u8]) -> Binary {
    let hash = Sha256::digest(challenge);
    let sig: Signature = sk.sign_prehash(&hash).unwrap();
    Binary::from(sig.to_bytes().to_vec())
}
