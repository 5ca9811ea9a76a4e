//! auction-clearing in the suite: how it is deployed, and the suite's helpers for it.

use anyhow::Result as AnyResult;
use cosmwasm_std::{coins, Addr, Binary, Uint128};
use cw_multi_test::{App, AppResponse, Executor};
use spectrum_types::auction_clearing::{
    commitment, AuctionKind, AuctionResponse, AuctionStatus, BidResponse, CreateAuctionMsg,
    ExecuteMsg, InstantiateMsg, QueryMsg, ReceiveMsg,
};
use spectrum_types::bandwidth_market::Holder;

use crate::bandwidth_market::offer_terms;
use crate::context::{attr, contract_err, instantiate, DeployContext, Route, Suite, NATIVE_DENOM};

/// auction-clearing with its reply entry point (settlement outcomes arrive as replies).
pub use crate::contracts::auction_clearing as contract;

/// Deploys auction-clearing as the suite wires it (paid in Bandcoin). The market is set
/// afterwards by [`Suite::auction_use_market`], since the suite's deploy context does
/// not carry the market's address.
pub fn deploy(app: &mut App, ctx: &DeployContext) -> Addr {
    instantiate(
        app,
        contract(),
        &ctx.admin,
        &InstantiateMsg {
            admin: Some(ctx.admin.to_string()),
            payment: ctx.payment.clone(),
            market: None,
            reputation_gate: None,
            max_bids_per_tx: None,
            max_bids_per_auction: None,
            unrevealed_penalty: None,
        },
        "auction-clearing",
    )
}

/// Bandcoin each bidder of [`auction_setup`] starts with.
pub const AUCTION_FUNDS: u128 = 1_000_000;
/// The bidders of [`auction_setup`] (labels for `suite.addr`).
pub const BIDDERS: [&str; 5] = ["alice", "bob", "carol", "dave", "erin"];

/// The auction tests' setting: the suite's Bandcoin auction settles into the suite's
/// market, where `provider` has the standard offer with the auction as clearing house;
/// each of [`BIDDERS`] holds [`AUCTION_FUNDS`].
pub struct AuctionEnv {
    /// The suite.
    pub suite: Suite,
    /// The offer's provider.
    pub provider: Addr,
    /// The offer the auctions sell.
    pub offer_id: u64,
}

/// [`AuctionEnv`].
pub fn auction_setup() -> AuctionEnv {
    let mut builder = Suite::builder();
    for label in BIDDERS {
        builder = builder.with_bandcoin(label, AUCTION_FUNDS);
    }
    let mut suite = builder.build();
    suite.auction_use_market();
    let provider = suite.addr("provider");
    let (market, auction) = (suite.market.clone(), suite.auction.clone());
    let offer_id = suite.auction_offer(&market, &auction, &provider);
    AuctionEnv {
        suite,
        provider,
        offer_id,
    }
}

impl AuctionEnv {
    /// The provider creates an auction of `kind` for `max_allocations` units with
    /// [`Suite::auction_params`]; returns its id.
    pub fn create(&mut self, kind: AuctionKind, max_allocations: u64) -> u64 {
        let params = self
            .suite
            .auction_params(self.offer_id, kind, max_allocations);
        let auction = self.suite.auction.clone();
        self.suite
            .auction_create(&auction, &self.provider, params)
            .unwrap()
    }

    /// Bidder `who` commits (units, unit price) in Bandcoin, depositing `deposit`.
    pub fn commit(&mut self, id: u64, who: &str, deposit: u128, units: u64, price: u128) {
        let (auction, bidder) = (self.suite.auction.clone(), self.suite.addr(who));
        self.suite
            .auction_commit(Route::Cw20, &auction, id, &bidder, deposit, units, price)
            .unwrap();
    }

    /// Bidder `who` reveals (units, unit price).
    pub fn reveal(&mut self, id: u64, who: &str, units: u64, price: u128) {
        let (auction, bidder) = (self.suite.auction.clone(), self.suite.addr(who));
        self.suite
            .auction_reveal(&auction, id, &bidder, units, price)
            .unwrap();
    }

    /// A sealed auction of `kind` run to the end: every (bidder, deposit, units, unit
    /// price) commits, bidding closes, all reveal in that order, reveal closes, and
    /// the auction clears. Returns its id.
    pub fn sealed_round(
        &mut self,
        kind: AuctionKind,
        max_allocations: u64,
        bids: &[(&str, u128, u64, u128)],
    ) -> u64 {
        let id = self.create(kind, max_allocations);
        for &(who, deposit, units, price) in bids {
            self.commit(id, who, deposit, units, price);
        }
        self.suite.market_advance_seconds(100);
        for &(who, _, units, price) in bids {
            self.reveal(id, who, units, price);
        }
        self.suite.market_advance_seconds(100);
        let auction = self.suite.auction.clone();
        self.suite.auction_clear_all(&auction, id);
        id
    }

    /// Bandcoin balance of bidder `who`.
    pub fn balance(&self, who: &str) -> u128 {
        self.suite.bandcoin_balance(&self.suite.addr(who))
    }

    /// Units that bidder `who` holds in grants of the suite's market.
    pub fn units_held(&self, who: &str) -> u64 {
        let holder = Holder::Address {
            address: self.suite.addr(who).to_string(),
        };
        self.suite
            .market_grants_of(&self.suite.market, holder)
            .iter()
            .map(|g| g.units)
            .sum()
    }

    /// Asserts that auction `id` has cleared and nothing is left in escrow or in the
    /// contract.
    pub fn assert_settled(&self, id: u64) {
        let auction = &self.suite.auction;
        assert_eq!(
            self.suite.bandcoin_balance(auction),
            0,
            "no funds stay in the contract"
        );
        let state = self.suite.auction_get(auction, id);
        assert_eq!(state.escrow, Uint128::zero());
        assert_eq!(state.status, AuctionStatus::Cleared);
    }
}

/// A 32-byte salt derived from a label, for tests.
pub fn salt(label: &str) -> Vec<u8> {
    let mut s = [0u8; 32];
    for (i, b) in label.bytes().enumerate() {
        s[i % 32] ^= b;
    }
    s[31] ^= 0xa5;
    s.to_vec()
}

/// The commitment of `bidder` to (units, unit price) with the salt of its label.
pub fn bid_commitment(auction_id: u64, bidder: &Addr, units: u64, price: u128) -> Binary {
    commitment(
        auction_id,
        bidder.as_str(),
        units,
        Uint128::new(price),
        &salt(bidder.as_str()),
    )
}

impl Suite {
    /// The admin points the auction contract `auction` at `market`.
    pub fn auction_use_market_of(
        &mut self,
        auction: &Addr,
        market: &Addr,
    ) -> AnyResult<AppResponse> {
        self.app.execute_contract(
            self.admin.clone(),
            auction.clone(),
            &ExecuteMsg::UpdateConfig {
                market: Some(market.to_string()),
                reputation_gate: None,
                remove_reputation_gate: false,
                max_bids_per_tx: None,
                max_bids_per_auction: None,
                unrevealed_penalty: None,
            },
            &[],
        )
    }

    /// The admin points the suite's auction contract at the suite's market.
    pub fn auction_use_market(&mut self) {
        let (a, m) = (self.auction.clone(), self.market.clone());
        self.auction_use_market_of(&a, &m).unwrap();
    }

    /// A native-paid auction contract on `market`, with the given clearing page size.
    pub fn deploy_native_auction(&mut self, market: &Addr, max_bids_per_tx: Option<u32>) -> Addr {
        let admin = self.admin.clone();
        instantiate(
            &mut self.app,
            contract(),
            &admin,
            &InstantiateMsg {
                admin: Some(admin.to_string()),
                payment: spectrum_types::AssetUnchecked::Native {
                    denom: NATIVE_DENOM.into(),
                },
                market: Some(market.to_string()),
                reputation_gate: None,
                max_bids_per_tx,
                max_bids_per_auction: None,
                unrevealed_penalty: None,
            },
            "auction-clearing-native",
        )
    }

    /// Approves `provider` on `market`, posts the standard offer and names `auction` its
    /// clearing house; returns the offer id.
    pub fn auction_offer(&mut self, market: &Addr, auction: &Addr, provider: &Addr) -> u64 {
        self.market_approve(market, provider).unwrap();
        let offer_id = self.market_post(market, provider, offer_terms()).unwrap();
        self.market_set_clearing_house(market, provider, offer_id, Some(auction))
            .unwrap();
        offer_id
    }

    /// Standard auction parameters for the standard offer: bidding for 100 s, reveal for
    /// 100 s more (sealed kinds), clearing right after, min price 10.
    pub fn auction_params(
        &self,
        offer_id: u64,
        kind: AuctionKind,
        max_allocations: u64,
    ) -> CreateAuctionMsg {
        let now = self.app.block_info().time.seconds();
        let terms = offer_terms();
        let sealed = kind != AuctionKind::Propshare;
        CreateAuctionMsg {
            offer_id,
            kind,
            max_allocations,
            band: terms.band,
            bandwidth_hz: terms.bandwidth_hz,
            epoch: 0,
            min_price: Uint128::new(10),
            bid_end: now + 100,
            reveal_end: sealed.then_some(now + 200),
            clearing_time: if sealed { now + 200 } else { now + 100 },
        }
    }

    /// `provider` creates an auction on `auction`; returns its id.
    pub fn auction_create(
        &mut self,
        auction: &Addr,
        provider: &Addr,
        params: CreateAuctionMsg,
    ) -> AnyResult<u64> {
        let resp = self.app.execute_contract(
            provider.clone(),
            auction.clone(),
            &ExecuteMsg::CreateAuction(params),
            &[],
        )?;
        Ok(attr(&resp, "auction_id").parse().unwrap())
    }

    /// Executes an auction message with no funds.
    pub fn auction_execute(
        &mut self,
        auction: &Addr,
        sender: &Addr,
        msg: &ExecuteMsg,
    ) -> AnyResult<AppResponse> {
        self.app
            .execute_contract(sender.clone(), auction.clone(), msg, &[])
    }

    /// `bidder` sends `amount` Bandcoin to `auction` with `msg` as the hook.
    pub fn auction_send(
        &mut self,
        auction: &Addr,
        bidder: &Addr,
        amount: u128,
        msg: &ReceiveMsg,
    ) -> AnyResult<AppResponse> {
        self.bandcoin_send(bidder, auction, amount, msg)
    }

    /// `bidder` commits (units, unit price) with the salt of its label, paying `deposit`
    /// through `route`.
    #[allow(clippy::too_many_arguments)]
    pub fn auction_commit(
        &mut self,
        route: Route,
        auction: &Addr,
        auction_id: u64,
        bidder: &Addr,
        deposit: u128,
        units: u64,
        price: u128,
    ) -> AnyResult<AppResponse> {
        let commitment = bid_commitment(auction_id, bidder, units, price);
        match route {
            Route::Cw20 => self.auction_send(
                auction,
                bidder,
                deposit,
                &ReceiveMsg::Commit {
                    auction_id,
                    commitment,
                },
            ),
            Route::Native => self.app.execute_contract(
                bidder.clone(),
                auction.clone(),
                &ExecuteMsg::Commit {
                    auction_id,
                    commitment,
                },
                &coins(deposit, NATIVE_DENOM),
            ),
        }
    }

    /// `bidder` reveals (units, unit price) with the salt of its label.
    pub fn auction_reveal(
        &mut self,
        auction: &Addr,
        auction_id: u64,
        bidder: &Addr,
        units: u64,
        price: u128,
    ) -> AnyResult<AppResponse> {
        let salt = Binary::from(salt(bidder.as_str()));
        self.auction_execute(
            auction,
            bidder,
            &ExecuteMsg::Reveal {
                auction_id,
                units,
                price: Uint128::new(price),
                salt,
            },
        )
    }

    /// `bidder` places an open PROPSHARE bid of `price`, paid through `route`.
    pub fn auction_bid(
        &mut self,
        route: Route,
        auction: &Addr,
        auction_id: u64,
        bidder: &Addr,
        price: u128,
    ) -> AnyResult<AppResponse> {
        let price_128 = Uint128::new(price);
        match route {
            Route::Cw20 => self.auction_send(
                auction,
                bidder,
                price,
                &ReceiveMsg::Bid {
                    auction_id,
                    price: price_128,
                },
            ),
            Route::Native => self.app.execute_contract(
                bidder.clone(),
                auction.clone(),
                &ExecuteMsg::Bid {
                    auction_id,
                    price: price_128,
                },
                &coins(price, NATIVE_DENOM),
            ),
        }
    }

    /// One `clear` call by a passer-by.
    pub fn auction_clear(&mut self, auction: &Addr, auction_id: u64) -> AnyResult<AppResponse> {
        let anyone = self.addr("passer-by");
        self.auction_execute(auction, &anyone, &ExecuteMsg::Clear { auction_id })
    }

    /// Calls `clear` until the auction is done; returns the number of calls.
    pub fn auction_clear_all(&mut self, auction: &Addr, auction_id: u64) -> usize {
        for calls in 1..=10_000 {
            let resp = self.auction_clear(auction, auction_id).unwrap();
            let done = resp
                .events
                .iter()
                .flat_map(|e| e.attributes.iter())
                .any(|a| a.key == "done" && a.value == "true");
            if done {
                return calls;
            }
        }
        panic!("auction {auction_id} never finished clearing");
    }

    /// An auction.
    pub fn auction_get(&self, auction: &Addr, auction_id: u64) -> AuctionResponse {
        self.app
            .wrap()
            .query_wasm_smart(auction, &QueryMsg::GetAuction { auction_id })
            .unwrap()
    }

    /// A bid.
    pub fn auction_bid_of(&self, auction: &Addr, auction_id: u64, bidder: &Addr) -> BidResponse {
        self.app
            .wrap()
            .query_wasm_smart(
                auction,
                &QueryMsg::GetBid {
                    auction_id,
                    bidder: bidder.to_string(),
                },
            )
            .unwrap()
    }
}

/// The auction-clearing error behind a failed call.
pub fn auction_err<T: std::fmt::Debug>(result: AnyResult<T>) -> auction_clearing::ContractError {
    contract_err(result)
}
