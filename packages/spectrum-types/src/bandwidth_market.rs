//! Messages of the `bandwidth-market` contract: providers post bandwidth offers, buyers
//! allocate grants (paper 002 §5.1–5.2, QoS extension §6.3), explicit and committed bulk
//! purchases, access proofs, auction settlement and ratings.
//!
//! Time is block time in seconds, divided into epochs:
//! `epoch = (now − genesis) / epoch_seconds`. An allocation in the current epoch is a
//! spot purchase (volume discount, `allocations_left`); an allocation in later epochs is
//! a reservation (reservation discount `rd^(epoch − current_epoch)` and each epoch's
//! reservation capacity). Prices are exactly those of [`crate::pricing`].

use std::collections::BTreeMap;

use cosmwasm_schema::{cw_serde, QueryResponses};
use cosmwasm_std::{Addr, Binary, Decimal, Uint128};
use cw20::Cw20ReceiveMsg;
use cw_ownable::{cw_ownable_execute, cw_ownable_query};

use crate::{Asset, AssetUnchecked, Band, ReputationGate, ReputationGateMsg};

/// The JSON schema of a QoS map: string keys to string values. It is written with
/// `patternProperties` because cosmwasm-schema closes every object schema with
/// `additionalProperties: false`, which would describe a map as always empty and give
/// generated clients an empty type.
fn qos_schema(
    _gen: &mut cosmwasm_schema::schemars::gen::SchemaGenerator,
) -> cosmwasm_schema::schemars::schema::Schema {
    use cosmwasm_schema::schemars::schema::{InstanceType, ObjectValidation, Schema, SchemaObject};
    let string = SchemaObject {
        instance_type: Some(InstanceType::String.into()),
        ..Default::default()
    };
    let mut map = ObjectValidation::default();
    map.pattern_properties
        .insert("^.*$".to_string(), Schema::Object(string));
    Schema::Object(SchemaObject {
        instance_type: Some(InstanceType::Object.into()),
        object: Some(Box::new(map)),
        ..Default::default()
    })
}

pub use crate::version::MigrateMsg;

/// Default epoch length in seconds when instantiate names none.
pub const DEFAULT_EPOCH_SECONDS: u64 = 3600;
/// Default most consumer keys in one explicit bulk allocate.
pub const DEFAULT_MAX_BULK_CONSUMERS: u32 = 1_000;
/// Hard cap on `max_bulk_consumers`, whatever the admin configures.
pub const MAX_BULK_CONSUMERS_CAP: u32 = 10_000;
/// Longest `location` string (cell id or geohash).
pub const MAX_LOCATION_LEN: usize = 64;
/// Most entries in an offer's `qos` map.
pub const MAX_QOS_ENTRIES: usize = 16;
/// Longest key of the `qos` map.
pub const MAX_QOS_KEY_LEN: usize = 32;
/// Longest value of the `qos` map.
pub const MAX_QOS_VALUE_LEN: usize = 64;
/// Most reservation epochs an offer holds at once.
pub const MAX_RESERVATIONS: usize = 64;
/// Most entries in an offer's targeted `consumers` map.
pub const MAX_TARGETED_CONSUMERS: usize = 100;
/// Length of a compressed secp256k1 public key.
pub const PUBKEY_LEN: usize = 33;

/// Instantiates the contract.
#[cw_serde]
pub struct InstantiateMsg {
    /// Account that may change the configuration (never users' funds); defaults to the sender.
    pub admin: Option<String>,
    /// The asset payments are made in: a native denom or the Bandcoin cw20 token.
    pub payment: AssetUnchecked,
    /// Optional reputation gate: a provider that the admin has not approved may still
    /// post offers when node-reputation qualifies it with at least `min_score`.
    pub reputation_gate: Option<ReputationGateMsg>,
    /// Length of an epoch in seconds (greater than zero). Default 3600.
    pub epoch_seconds: Option<u64>,
    /// Block time (seconds) at which epoch 0 starts. Default: the instantiate block time.
    pub genesis_time: Option<u64>,
    /// Most consumer keys in one explicit bulk allocate (1 to 10,000). Default 1,000.
    pub max_bulk_consumers: Option<u32>,
    /// Optional node-reputation contract in which rated grants are recorded.
    pub reputation_recorder: Option<String>,
}

/// A change to one reservation epoch of an offer (paper 002 §5.1.2 merge rules):
/// capacity 0 deletes the epoch, an existing epoch gets the new price and capacity (units
/// already sold stay sold), a new epoch is added. Epochs not after the current one are
/// dropped.
#[cw_serde]
pub struct ReservationUpdate {
    /// The future epoch.
    pub epoch: u64,
    /// Unit price in that epoch, before the reservation discount.
    pub price: Uint128,
    /// Units that may be reserved in that epoch; 0 deletes the reservation.
    pub capacity: u64,
}

/// A targeted allocation of an offer (paper 002 §5.4): only the named consumer may buy
/// these units, at this unit price (no volume discount).
#[cw_serde]
pub struct TargetedAllocation {
    /// The consumer's chain address.
    pub consumer: String,
    /// Units the consumer may buy.
    pub units: u64,
    /// Price per unit.
    pub unit_price: Uint128,
}

/// The terms of an offer, as posted or updated by its provider.
#[cw_serde]
pub struct OfferTerms {
    /// The frequency band; `from_hz` must be below `to_hz`.
    pub band: Band,
    /// Bandwidth sold per unit, in Hz; non-zero and no wider than the band.
    pub bandwidth_hz: u64,
    /// Cell id or geohash where the bandwidth is offered (at most 64 characters).
    pub location: String,
    /// Spot price of one unit, in the payment asset.
    pub unit_price: Uint128,
    /// Units that may be sold in each epoch on the spot market; 0 turns the offer off.
    pub max_allocations: u64,
    /// How long a grant is valid, in seconds (greater than zero).
    pub allocation_duration: u64,
    /// Volume discount in `[0, 1]`: the i-th unit of one purchase costs `price · vd^i`.
    pub volume_discount: Decimal,
    /// Reservation discount in `[0, 1]`: a unit n epochs ahead costs `price · rd^n`.
    pub reservation_discount: Decimal,
    /// Changes to the reservation epochs, merged into the offer's (at most 64 epochs held).
    #[serde(default)]
    pub reservations: Vec<ReservationUpdate>,
    /// QoS parameters (paper 002 §6.3), for example `data_cap_mb`, `slice_id`,
    /// `latency_class`: at most 16 entries, keys up to 32 and values up to 64 characters.
    #[serde(default)]
    #[schemars(schema_with = "qos_schema")]
    pub qos: BTreeMap<String, String>,
    /// Targeted allocations (at most 100). When non-empty, only these consumers may buy
    /// on the spot market, each its units at its price. Replaces the previous map.
    #[serde(default)]
    pub consumers: Vec<TargetedAllocation>,
}

/// Who receives the grants of an allocate.
#[cw_serde]
pub enum Recipients {
    /// One grant of `units` units held by the buyer.
    Units {
        /// Units bought (greater than zero).
        units: u64,
    },
    /// One grant of one unit per consumer key (delegated or explicit bulk purchase);
    /// at most the configured `max_bulk_consumers`, no duplicates.
    Consumers {
        /// Compressed secp256k1 public keys (33 bytes, base64).
        consumers: Vec<Binary>,
    },
    /// The same purchase as `Consumers`, packed for large lists: the keys' 33 bytes back
    /// to back in one base64 string, so the contract decodes one value instead of one per
    /// key (the cheaper encoding for hundreds or thousands of keys). Same limits, same
    /// grants, in the same order.
    PackedConsumers {
        /// n compressed secp256k1 public keys concatenated: 33 × n bytes, base64.
        keys: Binary,
    },
}

/// An allocate: buy units of an offer. Anyone may buy.
#[cw_serde]
pub struct AllocateMsg {
    /// The offer.
    pub offer_id: u64,
    /// The offer version the buyer saw; a stale version is refused.
    pub version: u64,
    /// First epoch bought: the current epoch (spot) or a later one (reservation).
    /// Default: the current epoch.
    pub epoch: Option<u64>,
    /// Last epoch bought (reservations only, at most 64 epochs in all). Default: `epoch`.
    pub epoch_to: Option<u64>,
    /// Who holds the grants, and how many units.
    pub recipients: Recipients,
    /// The exact total price (see the `quote` query); any other amount is refused.
    pub price: Uint128,
}

/// A committed bulk allocate: `count` consumer keys committed to by a Merkle root
/// (see [`crate::merkle`]). One batch record is stored, `count` units are charged.
#[cw_serde]
pub struct AllocateCommittedMsg {
    /// The offer.
    pub offer_id: u64,
    /// The offer version the buyer saw.
    pub version: u64,
    /// First epoch bought. Default: the current epoch.
    pub epoch: Option<u64>,
    /// Last epoch bought (reservations only). Default: `epoch`.
    pub epoch_to: Option<u64>,
    /// Merkle root (32 bytes) of the consumer keys, built by `merkle::MerkleTree`.
    pub root: Binary,
    /// Number of keys committed (greater than zero): one unit each.
    pub count: u64,
    /// The exact total price of `count` units.
    pub price: Uint128,
}

/// One award of a settled auction.
#[cw_serde]
pub struct Award {
    /// The winner's chain address: it holds the grant.
    pub consumer: String,
    /// Units awarded (greater than zero).
    pub units: u64,
    /// Price per unit the winner pays.
    pub unit_price: Uint128,
}

/// The cw20 `Send` hook messages: Bandcoin payments.
#[cw_serde]
pub enum ReceiveMsg {
    /// [`ExecuteMsg::Allocate`] paid in Bandcoin.
    Allocate(AllocateMsg),
    /// [`ExecuteMsg::AllocateCommitted`] paid in Bandcoin.
    AllocateCommitted(AllocateCommittedMsg),
    /// [`ExecuteMsg::SettleAuction`] paid in Bandcoin (sent by the clearing house).
    SettleAuction {
        /// The offer the auction sold.
        offer_id: u64,
        /// The awards; at most `max_bulk_consumers`.
        awards: Vec<Award>,
    },
}

/// Executes an action.
#[cw_ownable_execute]
#[cw_serde]
pub enum ExecuteMsg {
    /// Only the admin can change the configuration. Unset fields stay as they are.
    UpdateConfig {
        /// New most consumer keys per explicit bulk allocate (1 to 10,000).
        max_bulk_consumers: Option<u32>,
        /// New provider reputation gate.
        reputation_gate: Option<ReputationGateMsg>,
        /// Removes the provider reputation gate.
        #[serde(default)]
        remove_reputation_gate: bool,
        /// New node-reputation contract in which ratings are recorded.
        reputation_recorder: Option<String>,
    },
    /// Only the admin can approve a provider; approved providers may post offers.
    ApproveProvider {
        /// The provider's address.
        provider: String,
    },
    /// Only the admin can remove an approved provider: it can no longer post or update
    /// offers (grants already sold stay valid).
    RemoveProvider {
        /// The provider's address.
        provider: String,
    },
    /// An approved (or reputation-qualified) provider posts a new offer; the market
    /// assigns its id (event attribute `offer_id`). Version 1, allocations_left =
    /// max_allocations. Takes no funds.
    PostOffer(OfferTerms),
    /// The offer's provider replaces its terms: the version bumps, allocations_left is
    /// reset to max_allocations, reservations are merged (see [`ReservationUpdate`]).
    UpdateOffer {
        /// The offer.
        offer_id: u64,
        /// The new terms.
        terms: OfferTerms,
    },
    /// The offer's provider authorises a clearing house (an auction-clearing contract)
    /// to settle auctions into the offer, or revokes it with `None`.
    SetClearingHouse {
        /// The offer.
        offer_id: u64,
        /// The clearing house's address, or `None` to revoke.
        clearing_house: Option<String>,
    },
    /// Buy units of an offer. On a native-coin market, attach exactly the price as funds.
    /// On a Bandcoin market, either send the same message through the token's `Send` (see
    /// [`ReceiveMsg`]) or execute it here with no funds after giving the market an allowance
    /// of at least `price`: the market then takes exactly `price` with `TransferFrom`. The
    /// allowance route keeps a large consumer list out of the token contract, which would
    /// otherwise decode and re-encode it as the hook.
    Allocate(AllocateMsg),
    /// Buy `count` units for consumer keys committed by a Merkle root; paid as
    /// [`ExecuteMsg::Allocate`] is (native funds, or a Bandcoin allowance).
    AllocateCommitted(AllocateCommittedMsg),
    /// Only the offer's authorised clearing house: creates the awarded grants at the
    /// awarded prices, paying exactly `Σ units · unit_price` in the native denom.
    SettleAuction {
        /// The offer the auction sold.
        offer_id: u64,
        /// The awards; at most `max_bulk_consumers`.
        awards: Vec<Award>,
    },
    /// Bandcoin payments: the token's `Send` with a [`ReceiveMsg`] as `msg`.
    Receive(Cw20ReceiveMsg),
    /// The holder (an address) or the buyer of a grant rates its provider, once per
    /// grant. Recorded in node-reputation when configured. Takes no funds.
    RateGrant {
        /// The grant.
        grant_id: u64,
        /// Whether the interaction was positive.
        positive: bool,
        /// Quality 0 to 100.
        quality: u8,
    },
}

/// A grant holder: a chain address, or a consumer's compressed secp256k1 public key.
#[cw_serde]
#[derive(Eq, PartialOrd, Ord)]
pub enum Holder {
    /// A chain address.
    Address {
        /// The address.
        address: String,
    },
    /// A consumer public key (33 bytes, base64).
    Key {
        /// The compressed secp256k1 public key.
        pubkey: Binary,
    },
}

/// What an access proof refers to.
#[cw_serde]
pub enum AccessTarget {
    /// An explicit grant.
    Grant {
        /// The grant.
        grant_id: u64,
    },
    /// A committed bulk batch, with the key's Merkle proof.
    Batch {
        /// The batch.
        batch_id: u64,
        /// Position of the key among the committed keys.
        index: u64,
        /// Sibling hashes from the leaf up (see [`crate::merkle`]).
        proof: Vec<Binary>,
    },
}

/// Queries the contract.
#[cw_ownable_query]
#[cw_serde]
#[derive(QueryResponses)]
pub enum QueryMsg {
    /// The contract's configuration.
    #[returns(ConfigResponse)]
    Config {},
    /// Whether an address is an approved provider.
    #[returns(ProviderResponse)]
    Provider {
        /// The address.
        provider: String,
    },
    /// The current epoch at block time.
    #[returns(CurrentEpochResponse)]
    CurrentEpoch {},
    /// One offer.
    #[returns(OfferResponse)]
    Offer {
        /// The offer.
        offer_id: u64,
    },
    /// A provider's offers by id, ascending; `limit` defaults to 10, at most 30.
    #[returns(OffersResponse)]
    Offers {
        /// The provider.
        provider: String,
        /// Last offer id of the previous page.
        start_after: Option<u64>,
        /// Page size (default 10, max 30).
        limit: Option<u32>,
    },
    /// The exact price a client must send for a prospective allocate of `units` units
    /// (for a consumer list, `units` = number of keys). `buyer` names a targeted consumer.
    #[returns(QuoteResponse)]
    Quote {
        /// The offer.
        offer_id: u64,
        /// First epoch. Default: current.
        epoch: Option<u64>,
        /// Last epoch. Default: `epoch`.
        epoch_to: Option<u64>,
        /// Units.
        units: u64,
        /// The buyer, when it is a targeted consumer of the offer.
        buyer: Option<String>,
    },
    /// One grant.
    #[returns(GrantResponse)]
    Grant {
        /// The grant.
        grant_id: u64,
    },
    /// A holder's grants by id, ascending; `limit` defaults to 10, at most 30.
    #[returns(GrantsResponse)]
    GrantsByHolder {
        /// The holder.
        holder: Holder,
        /// Last grant id of the previous page.
        start_after: Option<u64>,
        /// Page size (default 10, max 30).
        limit: Option<u32>,
    },
    /// An offer's grants by id, ascending; `limit` defaults to 10, at most 30.
    #[returns(GrantsResponse)]
    GrantsByOffer {
        /// The offer.
        offer_id: u64,
        /// Last grant id of the previous page.
        start_after: Option<u64>,
        /// Page size (default 10, max 30).
        limit: Option<u32>,
    },
    /// One committed bulk batch.
    #[returns(BatchResponse)]
    Batch {
        /// The batch.
        batch_id: u64,
    },
    /// Whether `pubkey` is the `index`-th key of a batch, by its Merkle proof.
    #[returns(VerifyGrantResponse)]
    VerifyGrant {
        /// The batch.
        batch_id: u64,
        /// The consumer key (33 bytes).
        pubkey: Binary,
        /// Its position among the committed keys.
        index: u64,
        /// Sibling hashes from the leaf up.
        proof: Vec<Binary>,
    },
    /// Whether a device may attach now: the secp256k1 `signature` (64 bytes) over
    /// sha256(`challenge`) verifies with `pubkey`, the key holds the grant (or is in the
    /// batch), and the grant is active at block time.
    #[returns(VerifyAccessResponse)]
    VerifyAccess {
        /// The grant or batch.
        target: AccessTarget,
        /// The consumer key (33 bytes).
        pubkey: Binary,
        /// The challenge the base station issued.
        challenge: Binary,
        /// Compact (r, s) signature, 64 bytes.
        signature: Binary,
    },
    /// The rating given to a grant, if any.
    #[returns(RatingResponse)]
    Rating {
        /// The grant.
        grant_id: u64,
    },
}

/// The contract's configuration.
#[cw_serde]
pub struct ConfigResponse {
    /// The admin, if any.
    pub admin: Option<Addr>,
    /// The payment asset.
    pub payment: Asset,
    /// The provider reputation gate, if configured.
    pub reputation_gate: Option<ReputationGate>,
    /// Epoch length in seconds.
    pub epoch_seconds: u64,
    /// Block time at which epoch 0 starts.
    pub genesis_time: u64,
    /// Most consumer keys per explicit bulk allocate.
    pub max_bulk_consumers: u32,
    /// node-reputation contract in which ratings are recorded, if any.
    pub reputation_recorder: Option<Addr>,
}

/// Whether an address is an approved provider.
#[cw_serde]
pub struct ProviderResponse {
    /// Approved by the admin.
    pub approved: bool,
}

/// The current epoch.
#[cw_serde]
pub struct CurrentEpochResponse {
    /// The epoch at block time.
    pub epoch: u64,
    /// Block time at which it started.
    pub epoch_start: u64,
    /// Epoch length in seconds.
    pub epoch_seconds: u64,
    /// Block time.
    pub now: u64,
}

/// A reservation epoch of an offer.
#[cw_serde]
pub struct Reservation {
    /// The epoch.
    pub epoch: u64,
    /// Unit price before the reservation discount.
    pub price: Uint128,
    /// Units that may be reserved.
    pub capacity: u64,
    /// Units already reserved.
    pub allocated: u64,
}

/// A targeted allocation still open.
#[cw_serde]
pub struct TargetedResponse {
    /// The consumer.
    pub consumer: Addr,
    /// Units it may still buy.
    pub units: u64,
    /// Price per unit.
    pub unit_price: Uint128,
}

/// An offer.
#[cw_serde]
pub struct OfferResponse {
    /// The offer id.
    pub offer_id: u64,
    /// The provider, paid on every sale.
    pub provider: Addr,
    /// Bumps on every change of terms; buyers quote it.
    pub version: u64,
    /// The band.
    pub band: Band,
    /// Bandwidth per unit, Hz.
    pub bandwidth_hz: u64,
    /// Cell id or geohash.
    pub location: String,
    /// Spot unit price.
    pub unit_price: Uint128,
    /// Spot units per epoch.
    pub max_allocations: u64,
    /// Spot units left in the current epoch.
    pub allocations_left: u64,
    /// Grant validity, seconds.
    pub allocation_duration: u64,
    /// Volume discount.
    pub volume_discount: Decimal,
    /// Reservation discount.
    pub reservation_discount: Decimal,
    /// Future epochs open for reservation, ascending.
    pub reservations: Vec<Reservation>,
    /// QoS parameters.
    #[schemars(schema_with = "qos_schema")]
    pub qos: BTreeMap<String, String>,
    /// Targeted allocations still open.
    pub consumers: Vec<TargetedResponse>,
    /// The clearing house authorised to settle auctions into this offer.
    pub clearing_house: Option<Addr>,
}

/// A page of offers.
#[cw_serde]
pub struct OffersResponse {
    /// The offers.
    pub offers: Vec<OfferResponse>,
}

/// The exact price of a prospective allocate.
#[cw_serde]
pub struct QuoteResponse {
    /// The total price to send.
    pub price: Uint128,
    /// The offer version to quote.
    pub version: u64,
    /// First epoch.
    pub epoch: u64,
    /// Last epoch.
    pub epoch_to: u64,
}

/// A grant.
#[cw_serde]
pub struct GrantResponse {
    /// The grant id.
    pub grant_id: u64,
    /// The offer.
    pub offer_id: u64,
    /// The offer version bought.
    pub version: u64,
    /// The provider.
    pub provider: Addr,
    /// Who bought it.
    pub buyer: Addr,
    /// Who holds it.
    pub holder: Holder,
    /// Units held (per epoch).
    pub units: u64,
    /// The band.
    pub band: Band,
    /// Bandwidth per unit, Hz.
    pub bandwidth_hz: u64,
    /// First epoch.
    pub epoch: u64,
    /// Last epoch.
    pub epoch_to: u64,
    /// Valid from (block time, seconds, inclusive).
    pub valid_from: u64,
    /// Valid until (block time, seconds, exclusive).
    pub valid_until: u64,
    /// QoS parameters of the offer when bought.
    #[schemars(schema_with = "qos_schema")]
    pub qos: BTreeMap<String, String>,
    /// The price paid for this grant.
    pub price: Uint128,
}

/// A page of grants.
#[cw_serde]
pub struct GrantsResponse {
    /// The grants.
    pub grants: Vec<GrantResponse>,
}

/// A committed bulk batch.
#[cw_serde]
pub struct BatchResponse {
    /// The batch id.
    pub batch_id: u64,
    /// The offer.
    pub offer_id: u64,
    /// The offer version bought.
    pub version: u64,
    /// The provider.
    pub provider: Addr,
    /// Who bought it.
    pub buyer: Addr,
    /// Merkle root of the keys.
    pub root: Binary,
    /// Number of keys (one unit each).
    pub count: u64,
    /// The band.
    pub band: Band,
    /// Bandwidth per unit, Hz.
    pub bandwidth_hz: u64,
    /// First epoch.
    pub epoch: u64,
    /// Last epoch.
    pub epoch_to: u64,
    /// Valid from (inclusive).
    pub valid_from: u64,
    /// Valid until (exclusive).
    pub valid_until: u64,
    /// QoS parameters.
    #[schemars(schema_with = "qos_schema")]
    pub qos: BTreeMap<String, String>,
    /// Total price paid.
    pub price: Uint128,
}

/// Whether a key is in a batch.
#[cw_serde]
pub struct VerifyGrantResponse {
    /// The proof places the key at `index` under the batch's root.
    pub valid: bool,
    /// The batch is active at block time.
    pub active: bool,
    /// Valid from.
    pub valid_from: u64,
    /// Valid until.
    pub valid_until: u64,
}

/// The answer to an access proof.
#[cw_serde]
pub struct VerifyAccessResponse {
    /// The device may attach.
    pub valid: bool,
    /// Why not, when `valid` is false.
    pub reason: Option<String>,
    /// End of the grant's validity, when found.
    pub valid_until: Option<u64>,
}

/// A grant's rating.
#[cw_serde]
pub struct RatingResponse {
    /// The rating, if given.
    pub rating: Option<Rating>,
}

/// A rating of a grant's provider.
#[cw_serde]
pub struct Rating {
    /// Who rated.
    pub rater: Addr,
    /// Positive or negative.
    pub positive: bool,
    /// Quality 0 to 100.
    pub quality: u8,
}
