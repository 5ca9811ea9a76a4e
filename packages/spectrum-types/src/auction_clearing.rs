//! Messages of the `auction-clearing` contract: sealed-bid Vickrey, proportional-share and
//! uniform-price auctions that settle into the bandwidth market (paper 002 §5.4).
//!
//! Time is block time in seconds. A sealed auction (VICKREY, UNIFORM) has a commit window
//! `[created, bid_end)`, a reveal window `[bid_end, reveal_end)` and may be cleared by
//! anyone from `clearing_time` (≥ `reveal_end`). An open auction (PROPSHARE) takes bids in
//! `[created, bid_end)` and may be cleared from `clearing_time` (≥ `bid_end`).
//!
//! The commitment of a sealed bid is [`commitment`]:
//! `sha256(auction_id as 8 bytes big-endian ‖ len(bidder) as 4 bytes big-endian ‖ bidder
//! (UTF-8 of the bech32 address) ‖ units as 8 bytes big-endian ‖ price as 16 bytes
//! big-endian ‖ salt)`, where `price` is the price per unit and `salt` 16 to 64 random bytes.

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, Binary, Decimal, Uint128};
use cw20::Cw20ReceiveMsg;
use cw_ownable::{cw_ownable_execute, cw_ownable_query};
use sha2::{Digest, Sha256};

use crate::{Asset, AssetUnchecked, Band, ReputationGate, ReputationGateMsg};

pub use crate::version::MigrateMsg;

/// Default most bids one `clear` transaction processes.
pub const DEFAULT_MAX_BIDS_PER_TX: u32 = 500;
/// Default most live bids in one auction.
pub const DEFAULT_MAX_BIDS_PER_AUCTION: u32 = 10_000;
/// Hard cap on `max_bids_per_auction`.
pub const MAX_BIDS_PER_AUCTION_CAP: u32 = 100_000;
/// Hard cap on `max_bids_per_tx`.
pub const MAX_BIDS_PER_TX_CAP: u32 = 5_000;
/// Default share of an unrevealed commitment's deposit forfeited to the provider (10%).
pub const DEFAULT_UNREVEALED_PENALTY_PERCENT: u64 = 10;
/// Shortest salt of a sealed bid, bytes.
pub const MIN_SALT_LEN: usize = 16;
/// Longest salt of a sealed bid, bytes.
pub const MAX_SALT_LEN: usize = 64;
/// Most auctions one `list_auctions` page scans (matching or not).
pub const MAX_LIST_SCAN: usize = 300;

/// The commitment of a sealed bid (32 bytes): see the module documentation for the exact
/// byte encoding. Clients compute it off chain with this function before `commit`.
pub fn commitment(
    auction_id: u64,
    bidder: &str,
    units: u64,
    price: Uint128,
    salt: &[u8],
) -> Binary {
    let mut h = Sha256::new();
    h.update(auction_id.to_be_bytes());
    h.update((bidder.len() as u32).to_be_bytes());
    h.update(bidder.as_bytes());
    h.update(units.to_be_bytes());
    h.update(price.u128().to_be_bytes());
    h.update(salt);
    Binary::from(h.finalize().to_vec())
}

/// Instantiates the contract.
#[cw_serde]
pub struct InstantiateMsg {
    /// Account that may change the configuration (never users' funds); defaults to the sender.
    pub admin: Option<String>,
    /// The asset bids are escrowed in; must be the market's payment asset.
    pub payment: AssetUnchecked,
    /// The bandwidth-market auctions settle into. It can be set later by the admin; every
    /// auction keeps the market it was created with.
    pub market: Option<String>,
    /// Optional reputation gate: providers (at `create_auction`) and bidders (at `commit`
    /// and `bid`) must be qualified in node-reputation.
    pub reputation_gate: Option<ReputationGateMsg>,
    /// Most bids one `clear` transaction processes (1 to 5,000). Default 500. An auction's
    /// `max_allocations` may not exceed it (its awards settle in one transaction).
    pub max_bids_per_tx: Option<u32>,
    /// Most live bids in one auction (1 to 100,000). Default 10,000.
    pub max_bids_per_auction: Option<u32>,
    /// Share of a never-revealed commitment's deposit forfeited to the provider, in
    /// `[0, 1]`: `forfeit = floor(deposit · penalty)`, the rest is refunded. Default 0.1.
    pub unrevealed_penalty: Option<Decimal>,
}

/// The kind of auction.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum AuctionKind {
    /// Sealed single-unit bids (each bid is for 1 unit): the `max_allocations` highest bids
    /// win and all pay the next-highest price (`min_price` when there is none); ties go to
    /// the earlier commit.
    Vickrey,
    /// Open bids: each bid's total `price` buys a share
    /// `floor(price · max_allocations / Σ prices)` of the units, leftover units by largest
    /// remainder (ties to the earlier bid). Each winner pays `units · floor(price / units)`.
    Propshare,
    /// Sealed multi-unit bids (units, unit price): units go to the highest unit prices
    /// (ties to the earlier commit; the marginal bid may be partly filled) and every winner
    /// pays the highest losing unit price (`min_price` when all units bid are sold).
    Uniform,
}

/// Status filter of `list_auctions`.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum AuctionStatus {
    /// Its bidding (or reveal) window is open.
    Active,
    /// Its windows are closed and it is not cleared yet.
    Inactive,
    /// Clearing has finished: settled, failed or without sale, and every escrow paid out.
    Cleared,
}

/// Status of a bid.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum BidStatus {
    /// No such bid (never made, or withdrawn).
    Unknown,
    /// Waiting for the auction to clear.
    Pending,
    /// Won: the grant was created in the market and the overpayment refunded.
    Executed,
    /// Lost (full refund), or never revealed (penalty forfeited, rest refunded).
    Cancelled,
    /// The settlement failed; the whole deposit was refunded.
    Error,
}

/// The parameters of a new auction.
#[cw_serde]
pub struct CreateAuctionMsg {
    /// The market offer the auction sells; its clearing house must be this contract and
    /// its provider the sender.
    pub offer_id: u64,
    /// VICKREY, PROPSHARE or UNIFORM.
    pub kind: AuctionKind,
    /// Units sold (1 to `max_bids_per_tx`, at most the offer's `max_allocations`).
    pub max_allocations: u64,
    /// The band of the grants sold; must equal the offer's.
    pub band: Band,
    /// Bandwidth per unit, Hz; must equal the offer's.
    pub bandwidth_hz: u64,
    /// The market epoch the grants are for (informational; the market settles into the
    /// epoch current at settlement). Not before the market's current epoch.
    pub epoch: u64,
    /// Least unit price of a sealed bid; least total bid of a PROPSHARE bid (there it must
    /// be at least `max_allocations`, so that every awarded unit costs at least 1).
    pub min_price: Uint128,
    /// End of the bidding (commit) window, block time seconds, exclusive; after now.
    pub bid_end: u64,
    /// End of the reveal window (sealed kinds only, after `bid_end`); `None` for PROPSHARE.
    pub reveal_end: Option<u64>,
    /// Earliest time anyone may clear; not before the end of the last window.
    pub clearing_time: u64,
}

/// The cw20 `Send` hook messages: escrow paid in Bandcoin.
#[cw_serde]
pub enum ReceiveMsg {
    /// [`ExecuteMsg::Commit`] with the sent tokens as deposit.
    Commit {
        /// The auction.
        auction_id: u64,
        /// The 32-byte commitment ([`commitment`]).
        commitment: Binary,
    },
    /// [`ExecuteMsg::Bid`] with the sent tokens as escrow (must equal `price`).
    Bid {
        /// The auction.
        auction_id: u64,
        /// The total bid.
        price: Uint128,
    },
}

/// Executes an action.
#[cw_ownable_execute]
#[cw_serde]
pub enum ExecuteMsg {
    /// Only the admin can change the configuration; unset fields stay as they are.
    /// Existing auctions keep their market.
    UpdateConfig {
        /// New market for new auctions.
        market: Option<String>,
        /// New reputation gate.
        reputation_gate: Option<ReputationGateMsg>,
        /// Removes the reputation gate.
        #[serde(default)]
        remove_reputation_gate: bool,
        /// New most bids per `clear` transaction (1 to 5,000).
        max_bids_per_tx: Option<u32>,
        /// New most live bids per auction (1 to 100,000).
        max_bids_per_auction: Option<u32>,
        /// New unrevealed-commitment penalty in `[0, 1]`, for auctions created afterwards.
        unrevealed_penalty: Option<Decimal>,
    },
    /// The provider of a market offer whose clearing house is this contract creates an
    /// auction (event attribute `auction_id`). Takes no funds.
    CreateAuction(CreateAuctionMsg),
    /// Anyone commits a sealed bid (VICKREY, UNIFORM) before `bid_end`, escrowing the
    /// attached native funds as deposit. The deposit must cover `units · price` at reveal
    /// and may exceed it to hide the bid. A second commit replaces the first (its deposit
    /// is refunded in full; the new commit counts as later for ties).
    Commit {
        /// The auction.
        auction_id: u64,
        /// The 32-byte commitment ([`commitment`]).
        commitment: Binary,
    },
    /// The committer reveals its bid in `[bid_end, reveal_end)`. Takes no funds.
    Reveal {
        /// The auction.
        auction_id: u64,
        /// Units wanted (exactly 1 in VICKREY; 1 to `max_allocations` in UNIFORM).
        units: u64,
        /// Price per unit, at least `min_price`.
        price: Uint128,
        /// The salt used in the commitment (16 to 64 bytes).
        salt: Binary,
    },
    /// Anyone places an open PROPSHARE bid before `bid_end`, escrowing exactly `price`
    /// in attached native funds. A second bid replaces the first (refunded in full).
    Bid {
        /// The auction.
        auction_id: u64,
        /// The total bid (at least `min_price`).
        price: Uint128,
    },
    /// The bidder withdraws its commit or bid before `bid_end`; its escrow is refunded
    /// exactly. Takes no funds.
    Withdraw {
        /// The auction.
        auction_id: u64,
    },
    /// Anyone clears an auction from its `clearing_time` on: processes at most
    /// `max_bids_per_tx` bids and returns `done`; call again until `done` is `true`.
    /// The outcome is the same as one pass. Takes no funds.
    Clear {
        /// The auction.
        auction_id: u64,
    },
    /// Bandcoin escrow: the token's `Send` with a [`ReceiveMsg`] as `msg`.
    Receive(Cw20ReceiveMsg),
}

/// Queries the contract.
#[cw_ownable_query]
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// The contract's configuration.
    #[returns(ConfigResponse)]
    Config {},
    /// Auctions by id ascending, optionally of one status. At most `limit` (default 10,
    /// max 30) are returned and at most 300 scanned; continue from `last_scanned`.
    #[returns(AuctionsResponse)]
    ListAuctions {
        /// Only auctions of this status.
        status: Option<AuctionStatus>,
        /// Last auction id of the previous page (its `last_scanned`).
        start_after: Option<u64>,
        /// Page size (default 10, max 30).
        limit: Option<u32>,
    },
    /// One auction.
    #[returns(AuctionResponse)]
    GetAuction {
        /// The auction.
        auction_id: u64,
    },
    /// An auction's bids by bidder address ascending (default 10, max 30). Units and
    /// prices of sealed bids are shown only from `reveal_end` on.
    #[returns(BidsResponse)]
    ListBids {
        /// The auction.
        auction_id: u64,
        /// Last bidder of the previous page.
        start_after: Option<String>,
        /// Page size (default 10, max 30).
        limit: Option<u32>,
    },
    /// One bid and its status (UNKNOWN when there is none).
    #[returns(BidResponse)]
    GetBid {
        /// The auction.
        auction_id: u64,
        /// The bidder.
        bidder: String,
    },
}

/// The contract's configuration.
#[cw_serde]
pub struct ConfigResponse {
    /// The admin, if any.
    pub admin: Option<Addr>,
    /// The payment asset.
    pub payment: Asset,
    /// The market new auctions settle into.
    pub market: Option<Addr>,
    /// The reputation gate, if configured.
    pub reputation_gate: Option<ReputationGate>,
    /// Most bids per `clear` transaction.
    pub max_bids_per_tx: u32,
    /// Most live bids per auction.
    pub max_bids_per_auction: u32,
    /// Share of an unrevealed deposit forfeited.
    pub unrevealed_penalty: Decimal,
}

/// The outcome of a cleared (or clearing) auction.
#[cw_serde]
#[derive(Copy, Eq)]
pub enum Outcome {
    /// The market created the grants and paid the provider.
    Settled,
    /// The settlement was refused by the market; every escrow is refunded.
    Failed,
    /// No revealed bid: nothing sold.
    NoSale,
}

/// An auction.
#[cw_serde]
pub struct AuctionResponse {
    /// The auction id.
    pub auction_id: u64,
    /// Its provider.
    pub provider: Addr,
    /// The market it settles into.
    pub market: Addr,
    /// The parameters.
    pub params: CreateAuctionMsg,
    /// Share of an unrevealed deposit forfeited (fixed at creation).
    pub unrevealed_penalty: Decimal,
    /// ACTIVE, INACTIVE or CLEARED at block time.
    pub status: AuctionStatus,
    /// Live bids.
    pub bid_count: u64,
    /// Revealed bids (sealed) or bids (PROPSHARE).
    pub revealed_count: u64,
    /// Escrow held for this auction now.
    pub escrow: Uint128,
    /// The clearing phase (`open`, `rank`, `shares`, `leftover`, `settle`, `refund`, `done`).
    pub phase: String,
    /// The outcome, once known.
    pub outcome: Option<Outcome>,
    /// The unit price winners pay (sealed kinds), once ranked.
    pub clearing_price: Option<Uint128>,
    /// Units awarded, once known.
    pub units_awarded: u64,
    /// Paid to the market at settlement.
    pub settled_amount: Uint128,
    /// Forfeited to the provider so far.
    pub forfeited: Uint128,
    /// Refunded so far.
    pub refunded: Uint128,
}

/// A page of auctions.
#[cw_serde]
pub struct AuctionsResponse {
    /// The matching auctions.
    pub auctions: Vec<AuctionResponse>,
    /// The last auction id scanned: pass it as `start_after` to continue.
    pub last_scanned: Option<u64>,
}

/// A bid.
#[cw_serde]
pub struct BidResponse {
    /// The auction.
    pub auction_id: u64,
    /// The bidder.
    pub bidder: String,
    /// Its status.
    pub status: BidStatus,
    /// Escrowed deposit (or open bid).
    pub deposit: Uint128,
    /// Commit order within the auction (earlier wins ties).
    pub seq: u64,
    /// Revealed (always true for PROPSHARE).
    pub revealed: bool,
    /// Units bid (hidden for sealed auctions before `reveal_end`).
    pub units: Option<u64>,
    /// Unit price (sealed) or total bid (PROPSHARE); hidden like `units`.
    pub price: Option<Uint128>,
    /// Units won, once ranked.
    pub units_won: u64,
    /// Paid to the market.
    pub charged: Uint128,
    /// Refunded.
    pub refunded: Uint128,
    /// Forfeited to the provider.
    pub forfeited: Uint128,
}

/// A page of bids.
#[cw_serde]
pub struct BidsResponse {
    /// The bids.
    pub bids: Vec<BidResponse>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn commitment_binds_every_field() {
        let salt = [7u8; 32];
        let base = commitment(1, "bidder", 2, Uint128::new(30), &salt);
        assert_eq!(base.len(), 32);
        assert_eq!(base, commitment(1, "bidder", 2, Uint128::new(30), &salt));
        assert_ne!(base, commitment(2, "bidder", 2, Uint128::new(30), &salt));
        assert_ne!(base, commitment(1, "bidders", 2, Uint128::new(30), &salt));
        assert_ne!(base, commitment(1, "bidder", 3, Uint128::new(30), &salt));
        assert_ne!(base, commitment(1, "bidder", 2, Uint128::new(31), &salt));
        assert_ne!(
            base,
            commitment(1, "bidder", 2, Uint128::new(30), &[8u8; 32])
        );
    }

    #[test]
    fn commitment_encoding_is_the_documented_one() {
        let mut bytes = vec![];
        bytes.extend_from_slice(&5u64.to_be_bytes());
        bytes.extend_from_slice(&3u32.to_be_bytes());
        bytes.extend_from_slice(b"abc");
        bytes.extend_from_slice(&1u64.to_be_bytes());
        bytes.extend_from_slice(&9u128.to_be_bytes());
        bytes.extend_from_slice(b"salt");
        let expected = Sha256::digest(&bytes).to_vec();
        // the vector the README's shell helper reproduces
        assert_eq!(
            commitment(5, "abc", 1, Uint128::new(9), b"salt").to_base64(),
            "hibuUvfw9SPAyt/pnBLHyV+nf6+NG7D2zcRYMZnyt38="
        );
        assert_eq!(
            commitment(5, "abc", 1, Uint128::new(9), b"salt").to_vec(),
            expected
        );
    }
}
