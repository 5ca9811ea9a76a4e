//! bandwidth-market in the suite: how it is deployed, and the suite's helpers for it.

use anyhow::Result as AnyResult;
use cosmwasm_std::testing::{message_info, MockApi};
use cosmwasm_std::{coins, Addr, Binary, Coin, Decimal, Env, OwnedDeps, Querier, Storage, Uint128};
use cw_multi_test::{App, AppResponse, Executor};
use serde::de::DeserializeOwned;
use spectrum_types::bandwidth_market::{
    self, AllocateCommittedMsg, AllocateMsg, ExecuteMsg, GrantResponse, GrantsResponse, Holder,
    OfferResponse, OfferTerms, QueryMsg, QuoteResponse, ReceiveMsg, Recipients, ReservationUpdate,
};
use spectrum_types::{AssetUnchecked, Band, ReputationGateMsg};

use crate::context::{attr, contract_err, instantiate, DeployContext, Route, Suite, NATIVE_DENOM};
use crate::contracts;

/// Epoch length of the suite's markets, seconds.
pub const MARKET_EPOCH_SECONDS: u64 = 3600;

/// Deploys bandwidth-market as the suite wires it (paid in Bandcoin).
pub fn deploy(app: &mut App, ctx: &DeployContext) -> Addr {
    deploy_with(app, &ctx.admin, ctx.payment.clone())
}

/// Deploys a bandwidth-market paid in `payment`, with the suite's epoch length.
pub fn deploy_with(app: &mut App, admin: &Addr, payment: AssetUnchecked) -> Addr {
    instantiate(
        app,
        contracts::bandwidth_market(),
        admin,
        &bandwidth_market::InstantiateMsg {
            admin: Some(admin.to_string()),
            payment,
            reputation_gate: None,
            epoch_seconds: Some(MARKET_EPOCH_SECONDS),
            genesis_time: None,
            max_bulk_consumers: None,
            reputation_recorder: None,
        },
        "bandwidth-market",
    )
}

/// Instantiates bandwidth-market straight on `deps` (no multi-test app, for tests that
/// read or count the raw store), paid in the native `denom`, `admin` sending it; returns
/// `admin`.
pub fn instantiate_native<S: Storage, Q: Querier>(
    deps: &mut OwnedDeps<S, MockApi, Q>,
    env: &Env,
    denom: &str,
    epoch_seconds: Option<u64>,
) -> Addr {
    let admin = deps.api.addr_make("admin");
    ::bandwidth_market::contract::instantiate(
        deps.as_mut(),
        env.clone(),
        message_info(&admin, &[]),
        bandwidth_market::InstantiateMsg {
            admin: None,
            payment: AssetUnchecked::Native {
                denom: denom.into(),
            },
            reputation_gate: None,
            epoch_seconds,
            genesis_time: None,
            max_bulk_consumers: None,
            reputation_recorder: None,
        },
    )
    .unwrap();
    admin
}

/// Plain offer terms: band 3550–3700 MHz, 10 MHz per unit, price 1000, 100 units per
/// epoch, one-hour grants, no discounts, no reservations.
pub fn offer_terms() -> OfferTerms {
    OfferTerms {
        band: Band {
            from_hz: 3_550_000_000,
            to_hz: 3_700_000_000,
        },
        bandwidth_hz: 10_000_000,
        location: "9q8yy".into(),
        unit_price: Uint128::new(1000),
        max_allocations: 100,
        allocation_duration: 3600,
        volume_discount: Decimal::one(),
        reservation_discount: Decimal::one(),
        reservations: vec![],
        qos: Default::default(),
        consumers: vec![],
    }
}

/// Reservation updates from (epoch, unit price, capacity) triples.
pub fn reservation_updates(rows: &[(u64, u128, u64)]) -> Vec<ReservationUpdate> {
    rows.iter()
        .map(|&(epoch, price, capacity)| ReservationUpdate {
            epoch,
            price: Uint128::new(price),
            capacity,
        })
        .collect()
}

/// An allocate of `units` units for the buyer at the current epoch.
pub fn allocate_units(offer_id: u64, version: u64, units: u64, price: u128) -> AllocateMsg {
    AllocateMsg {
        offer_id,
        version,
        epoch: None,
        epoch_to: None,
        recipients: Recipients::Units { units },
        price: Uint128::new(price),
    }
}

/// A committed bulk allocate of `count` consumers under the Merkle `root`, at the current
/// epoch.
pub fn allocate_committed(
    offer_id: u64,
    version: u64,
    root: &[u8],
    count: u64,
    price: Uint128,
) -> AllocateCommittedMsg {
    AllocateCommittedMsg {
        offer_id,
        version,
        epoch: None,
        epoch_to: None,
        root: Binary::from(root.to_vec()),
        count,
        price,
    }
}

/// Bandcoin and native coin each party of [`market_setup`] starts with.
pub const MARKET_FUNDS: u128 = 1_000_000;

/// The market tests' setting: a provider approved on two markets (the suite's, paid in
/// Bandcoin, and a native one), one offer on each, and a `buyer` and a `clearinghouse`
/// holding [`MARKET_FUNDS`] of both assets.
pub struct MarketEnv {
    /// The suite.
    pub suite: Suite,
    /// The suite's market (Bandcoin).
    pub market: Addr,
    /// The native market.
    pub native: Addr,
    /// The approved provider.
    pub provider: Addr,
    /// The funded buyer.
    pub buyer: Addr,
    /// The offer on `market`.
    pub offer: u64,
    /// The same offer on `native`.
    pub native_offer: u64,
}

/// [`MarketEnv`] with [`offer_terms`].
pub fn market_setup() -> MarketEnv {
    market_setup_with(offer_terms())
}

/// [`MarketEnv`] whose two offers have `terms`.
pub fn market_setup_with(terms: OfferTerms) -> MarketEnv {
    let mut suite = Suite::builder()
        .with_bandcoin("buyer", MARKET_FUNDS)
        .with_native("buyer", MARKET_FUNDS)
        .with_bandcoin("clearinghouse", MARKET_FUNDS)
        .with_native("clearinghouse", MARKET_FUNDS)
        .build();
    let market = suite.market.clone();
    let native = suite.deploy_native_market();
    let (provider, buyer) = (suite.addr("provider"), suite.addr("buyer"));
    suite.market_approve(&market, &provider).unwrap();
    suite.market_approve(&native, &provider).unwrap();
    let offer = suite
        .market_post(&market, &provider, terms.clone())
        .unwrap();
    let native_offer = suite.market_post(&native, &provider, terms).unwrap();
    MarketEnv {
        suite,
        market,
        native,
        provider,
        buyer,
        offer,
        native_offer,
    }
}

/// Everything a refused market message must leave unchanged.
#[derive(Debug, PartialEq)]
pub struct MarketSnapshot {
    /// The offer.
    pub offer: OfferResponse,
    /// Bandcoin then native balances of buyer, provider, both markets, clearinghouse.
    pub balances: Vec<u128>,
    /// The offer's first grants.
    pub grants: GrantsResponse,
}

impl MarketEnv {
    /// `buyer` allocates `units` spot units of version `version` of the offer on the
    /// market of `route` (the suite's for Cw20, the native one for Native), paying
    /// exactly `price`.
    pub fn buy(
        &mut self,
        route: Route,
        version: u64,
        units: u64,
        price: u128,
    ) -> AnyResult<AppResponse> {
        let (market, offer) = match route {
            Route::Cw20 => (&self.market, self.offer),
            Route::Native => (&self.native, self.native_offer),
        };
        let msg = allocate_units(offer, version, units, price);
        self.suite
            .market_allocate(route, market, &self.buyer, price, msg)
    }

    /// What a refused message on `market`'s `offer` must leave unchanged.
    pub fn snapshot(&self, market: &Addr, offer: u64) -> MarketSnapshot {
        let who = [
            &self.buyer,
            &self.provider,
            &self.market,
            &self.native,
            &self.suite.addr("clearinghouse"),
        ];
        let mut balances: Vec<u128> = who.iter().map(|a| self.suite.bandcoin_balance(a)).collect();
        balances.extend(who.iter().map(|a| self.suite.native_balance(a)));
        MarketSnapshot {
            offer: self.suite.market_offer(market, offer),
            balances,
            grants: self.suite.market_query(
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

impl Suite {
    /// A second bandwidth-market paid in the native denom.
    pub fn deploy_native_market(&mut self) -> Addr {
        let admin = self.admin.clone();
        deploy_with(
            &mut self.app,
            &admin,
            AssetUnchecked::Native {
                denom: NATIVE_DENOM.into(),
            },
        )
    }

    /// Moves block time forward, one block per 5 s (and one more).
    pub fn market_advance_seconds(&mut self, seconds: u64) {
        self.advance_blocks(seconds, seconds / 5 + 1);
    }

    /// Executes a market message from `sender` with no funds.
    pub fn market_execute(
        &mut self,
        market: &Addr,
        sender: &Addr,
        msg: &ExecuteMsg,
    ) -> AnyResult<AppResponse> {
        self.market_execute_with(market, sender, msg, &[])
    }

    /// Executes a market message from `sender`, attaching `funds`.
    pub fn market_execute_with(
        &mut self,
        market: &Addr,
        sender: &Addr,
        msg: &ExecuteMsg,
        funds: &[Coin],
    ) -> AnyResult<AppResponse> {
        self.app
            .execute_contract(sender.clone(), market.clone(), msg, funds)
    }

    /// The admin approves `provider` on `market`.
    pub fn market_approve(&mut self, market: &Addr, provider: &Addr) -> AnyResult<AppResponse> {
        let admin = self.admin.clone();
        self.market_execute(
            market,
            &admin,
            &ExecuteMsg::ApproveProvider {
                provider: provider.to_string(),
            },
        )
    }

    /// The admin updates `market`'s configuration: the bulk cap, and the reputation gate
    /// and recorder when given.
    pub fn market_update_config(
        &mut self,
        market: &Addr,
        max_bulk_consumers: Option<u32>,
        reputation_gate: Option<ReputationGateMsg>,
        reputation_recorder: Option<&Addr>,
    ) -> AnyResult<AppResponse> {
        let admin = self.admin.clone();
        self.market_execute(
            market,
            &admin,
            &ExecuteMsg::UpdateConfig {
                max_bulk_consumers,
                reputation_gate,
                remove_reputation_gate: false,
                reputation_recorder: reputation_recorder.map(|r| r.to_string()),
            },
        )
    }

    /// `provider` replaces the terms of its offer.
    pub fn market_update_offer(
        &mut self,
        market: &Addr,
        provider: &Addr,
        offer_id: u64,
        terms: OfferTerms,
    ) -> AnyResult<AppResponse> {
        self.market_execute(
            market,
            provider,
            &ExecuteMsg::UpdateOffer { offer_id, terms },
        )
    }

    /// `provider` names (or with `None` removes) the clearing house of its offer.
    pub fn market_set_clearing_house(
        &mut self,
        market: &Addr,
        provider: &Addr,
        offer_id: u64,
        clearing_house: Option<&Addr>,
    ) -> AnyResult<AppResponse> {
        self.market_execute(
            market,
            provider,
            &ExecuteMsg::SetClearingHouse {
                offer_id,
                clearing_house: clearing_house.map(|h| h.to_string()),
            },
        )
    }

    /// `provider` posts an offer; returns its id.
    pub fn market_post(
        &mut self,
        market: &Addr,
        provider: &Addr,
        terms: OfferTerms,
    ) -> AnyResult<u64> {
        let resp = self.market_execute(market, provider, &ExecuteMsg::PostOffer(terms))?;
        Ok(attr(&resp, "offer_id")
            .parse()
            .expect("offer_id is a number"))
    }

    /// `buyer` sends `amount` Bandcoin to `market` with `msg` as the hook.
    pub fn market_send(
        &mut self,
        market: &Addr,
        buyer: &Addr,
        amount: u128,
        msg: &ReceiveMsg,
    ) -> AnyResult<AppResponse> {
        self.bandcoin_send(buyer, market, amount, msg)
    }

    /// `buyer` allocates on `market`, paying `amount` through `route`.
    pub fn market_allocate(
        &mut self,
        route: Route,
        market: &Addr,
        buyer: &Addr,
        amount: u128,
        msg: AllocateMsg,
    ) -> AnyResult<AppResponse> {
        match route {
            Route::Cw20 => self.market_send(market, buyer, amount, &ReceiveMsg::Allocate(msg)),
            Route::Native => self.market_execute_with(
                market,
                buyer,
                &ExecuteMsg::Allocate(msg),
                &coins(amount, NATIVE_DENOM),
            ),
        }
    }

    /// `buyer` allocates on a Bandcoin market directly, paying from its allowance.
    pub fn market_allocate_from_allowance(
        &mut self,
        market: &Addr,
        buyer: &Addr,
        msg: AllocateMsg,
    ) -> AnyResult<AppResponse> {
        self.market_execute(market, buyer, &ExecuteMsg::Allocate(msg))
    }

    /// Any market query.
    pub fn market_query<T: DeserializeOwned>(&self, market: &Addr, msg: &QueryMsg) -> T {
        self.app.wrap().query_wasm_smart(market, msg).unwrap()
    }

    /// An offer.
    pub fn market_offer(&self, market: &Addr, offer_id: u64) -> OfferResponse {
        self.market_query(market, &QueryMsg::Offer { offer_id })
    }

    /// The exact price of `units` spot units (or reservation epochs).
    pub fn market_quote(
        &self,
        market: &Addr,
        offer_id: u64,
        epoch: Option<u64>,
        epoch_to: Option<u64>,
        units: u64,
    ) -> AnyResult<QuoteResponse> {
        Ok(self.app.wrap().query_wasm_smart(
            market,
            &QueryMsg::Quote {
                offer_id,
                epoch,
                epoch_to,
                units,
                buyer: None,
            },
        )?)
    }

    /// A grant.
    pub fn market_grant(&self, market: &Addr, grant_id: u64) -> GrantResponse {
        self.market_query(market, &QueryMsg::Grant { grant_id })
    }

    /// A holder's first grants (up to 30).
    pub fn market_grants_of(&self, market: &Addr, holder: Holder) -> Vec<GrantResponse> {
        let r: GrantsResponse = self.market_query(
            market,
            &QueryMsg::GrantsByHolder {
                holder,
                start_after: None,
                limit: Some(30),
            },
        );
        r.grants
    }
}

/// The bandwidth-market error behind a failed call.
pub fn market_err<T: std::fmt::Debug>(result: AnyResult<T>) -> ::bandwidth_market::ContractError {
    contract_err(result)
}
