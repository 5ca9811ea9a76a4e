use cosmwasm_schema::cw_serde;
use cosmwasm_std::{Addr, Binary, Decimal, Storage, Uint128};
use cw_storage_plus::{Item, Map};
use spectrum_types::auction_clearing::{
    AuctionKind, CreateAuctionMsg, Outcome, MAX_BIDS_PER_AUCTION_CAP, MAX_BIDS_PER_TX_CAP,
};
use spectrum_types::error::check_config_range;
use spectrum_types::{Asset, ReputationGate};

use crate::error::ContractError;

/// The contract's configuration (the admin lives in cw-ownable's storage).
#[cw_serde]
pub struct Config {
    /// The asset every payment is made in.
    pub payment: Asset,
    /// The market new auctions settle into.
    pub market: Option<Addr>,
    /// Optional reputation gate for providers and bidders.
    pub reputation_gate: Option<ReputationGate>,
    /// Most bids per `clear` transaction.
    pub max_bids_per_tx: u32,
    /// Most live bids per auction.
    pub max_bids_per_auction: u32,
    /// Share of an unrevealed deposit forfeited, for new auctions.
    pub unrevealed_penalty: Decimal,
}

/// Where clearing stands.
#[cw_serde]
pub enum Phase {
    /// Not cleared yet.
    Open,
    /// Sealed kinds: walking the price-ordered index, filling units.
    Rank {
        /// Last ranked key processed: (u128::MAX − price, seq).
        after: Option<(u128, u64)>,
        /// Units filled so far.
        filled: u64,
    },
    /// PROPSHARE: computing floor shares and remainders, by bidder.
    Shares {
        /// Last bidder processed.
        after: Option<Addr>,
        /// Units assigned by floors so far.
        assigned: u64,
    },
    /// PROPSHARE: giving the leftover units by largest remainder.
    Leftover {
        /// Last remainder key processed: (u128::MAX − remainder, seq).
        after: Option<(u128, u64)>,
        /// Units still to give.
        left: u64,
    },
    /// Ready to send the one settlement.
    Settle,
    /// Paying refunds and forfeits, by bidder.
    Refund {
        /// Last bidder processed.
        after: Option<Addr>,
    },
    /// Finished.
    Done,
}

impl Phase {
    pub fn name(&self) -> &'static str {
        match self {
            Phase::Open => "open",
            Phase::Rank { .. } => "rank",
            Phase::Shares { .. } => "shares",
            Phase::Leftover { .. } => "leftover",
            Phase::Settle => "settle",
            Phase::Refund { .. } => "refund",
            Phase::Done => "done",
        }
    }
}

/// An auction and its clearing state.
#[cw_serde]
pub struct Auction {
    pub provider: Addr,
    /// Block time of creation (start of the bidding window).
    pub created: u64,
    /// Bids awarded at least one unit so far.
    pub winner_count: u64,
    pub market: Addr,
    pub params: CreateAuctionMsg,
    pub unrevealed_penalty: Decimal,
    /// Live bids.
    pub bid_count: u64,
    /// Revealed bids (PROPSHARE: every bid).
    pub revealed_count: u64,
    /// Σ open bids (PROPSHARE).
    pub bid_sum: Uint128,
    /// Escrow held now.
    pub escrow: Uint128,
    pub phase: Phase,
    pub outcome: Option<Outcome>,
    pub clearing_price: Option<Uint128>,
    pub units_awarded: u64,
    pub settled_amount: Uint128,
    pub forfeited: Uint128,
    pub refunded: Uint128,
}

/// A bid (sealed commit or open PROPSHARE bid).
#[cw_serde]
pub struct Bid {
    pub deposit: Uint128,
    pub seq: u64,
    /// Sealed kinds: the commitment.
    pub commitment: Option<Binary>,
    pub revealed: bool,
    pub units: u64,
    /// Unit price (sealed) or total bid (PROPSHARE).
    pub price: Uint128,
    pub units_won: u64,
    pub charged: Uint128,
    pub refunded: Uint128,
    pub forfeited: Uint128,
    /// PROPSHARE: `(price · max_allocations) mod Σ prices`, written in the shares phase.
    pub remainder: Uint128,
    /// Set once the refund phase has paid this bid out.
    pub paid_out: bool,
}

/// "config" → [`Config`]
pub const CONFIG: Item<Config> = Item::new("config");
/// "auction_seq" → last auction id
pub const AUCTION_SEQ: Item<u64> = Item::new("auction_seq");
/// "bid_seq" → last bid sequence number (commit order, global)
pub const BID_SEQ: Item<u64> = Item::new("bid_seq");
/// "auctions": auction id → [`Auction`]
pub const AUCTIONS: Map<u64, Auction> = Map::new("auctions");
/// "bids": (auction id, bidder) → [`Bid`]
pub const BIDS: Map<(u64, &Addr), Bid> = Map::new("bids");
/// "ranked": (auction id, u128::MAX − price, seq) → bidder. Revealed sealed bids in
/// clearing order (price descending, earlier commit first), kept sorted by the store.
pub const RANKED: Map<(u64, u128, u64), Addr> = Map::new("ranked");
/// "rema": (auction id, u128::MAX − remainder, seq) → bidder. PROPSHARE remainders in
/// largest-remainder order, written in the `shares` phase.
pub const REMAINDERS: Map<(u64, u128, u64), Addr> = Map::new("rema");
/// "winners": (auction id, seq) → bidder. Bids awarded at least one unit (at most
/// `max_allocations` entries per auction).
pub const WINNERS: Map<(u64, u64), Addr> = Map::new("winners");
/// "settle_budget" → bids of work left in the transaction that sent a settlement, read
/// (and removed) by its reply to pay the first refund page.
pub const SETTLE_BUDGET: Item<u64> = Item::new("settle_budget");

/// Whether bids of this kind are sealed (commit and reveal).
pub fn is_sealed(kind: AuctionKind) -> bool {
    matches!(kind, AuctionKind::Vickrey | AuctionKind::Uniform)
}

/// The end of an auction's last window (reveal for sealed kinds, bidding otherwise).
pub fn close_time(a: &Auction) -> u64 {
    a.params.reveal_end.unwrap_or(a.params.bid_end)
}

/// The kind as its JSON name, for errors and attributes.
pub fn kind_name(kind: AuctionKind) -> &'static str {
    match kind {
        AuctionKind::Vickrey => "vickrey",
        AuctionKind::Propshare => "propshare",
        AuctionKind::Uniform => "uniform",
    }
}

/// The auction `auction_id`, or `UnknownAuction`.
pub fn load_auction(store: &dyn Storage, auction_id: u64) -> Result<Auction, ContractError> {
    AUCTIONS
        .may_load(store, auction_id)?
        .ok_or(ContractError::UnknownAuction { auction_id })
}

/// Refuses a `max_bids_per_tx` outside 1 to its cap.
pub(crate) fn check_max_bids_per_tx(v: u32) -> Result<u32, ContractError> {
    Ok(check_config_range(
        "max_bids_per_tx",
        v,
        1,
        MAX_BIDS_PER_TX_CAP,
    )?)
}

/// Refuses a `max_bids_per_auction` outside 1 to its cap.
pub(crate) fn check_max_bids_per_auction(v: u32) -> Result<u32, ContractError> {
    Ok(check_config_range(
        "max_bids_per_auction",
        v,
        1,
        MAX_BIDS_PER_AUCTION_CAP,
    )?)
}

/// Refuses an `unrevealed_penalty` above 1.
pub(crate) fn check_penalty(p: Decimal) -> Result<Decimal, ContractError> {
    Ok(check_config_range(
        "unrevealed_penalty",
        p,
        Decimal::zero(),
        Decimal::one(),
    )?)
}
