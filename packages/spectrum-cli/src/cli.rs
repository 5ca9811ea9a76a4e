//! The command line: every execute and query message of the five contracts and of the
//! Bandcoin token, in human units. Every subcommand's `--help` ends with an example, and
//! the test `every_subcommand_has_an_example_that_builds_its_message` runs each one
//! (parsing and message building, against a stand-in node).

use std::path::PathBuf;

use clap::{Args, CommandFactory, Parser, Subcommand};
use cosmwasm_std::Decimal;
use spectrum_types::Band;

use crate::units::{
    parse_band, parse_duration, parse_fraction, parse_hz, Amount, EpochArg, TimeArg,
};

fn hz(s: &str) -> Result<u64, String> {
    parse_hz(s)
}
fn band(s: &str) -> Result<Band, String> {
    parse_band(s)
}
fn dur(s: &str) -> Result<u64, String> {
    parse_duration(s)
}
fn amount(s: &str) -> Result<Amount, String> {
    Amount::parse(s)
}
fn epoch(s: &str) -> Result<EpochArg, String> {
    EpochArg::parse(s)
}
fn time(s: &str) -> Result<TimeArg, String> {
    TimeArg::parse(s)
}
fn frac(s: &str) -> Result<Decimal, String> {
    parse_fraction(s)
}
fn quality(s: &str) -> Result<u8, String> {
    let q: u8 = s
        .trim()
        .trim_end_matches('%')
        .parse()
        .map_err(|_| format!("quality `{s}`: 0 to 100"))?;
    if q > 100 {
        return Err(format!("quality `{s}`: 0 to 100"));
    }
    Ok(q)
}

/// `spectrum`: the spectrum market from the command line.
#[derive(Parser, Debug)]
#[command(
    name = "spectrum",
    version,
    about = "The spectrum and bandwidth market from the command line: every message of the five contracts and Bandcoin, in human units",
    long_about = "Builds every message from spectrum-types and signs and broadcasts it with the wasmd binary and its keyring (--from, --keyring-backend, --gas, --fees, --node, --chain-id pass through). Contract addresses come from deployments/<chain-id>.json or the --*-contract flags.\n\nUnits: frequencies 5MHz, 2.5GHz; bands 3550MHz..3560MHz; durations 1h30m, 10s; amounts 2710 (base units) or 12.5BAND (scaled by the token's decimals); epochs 7 or now+3; times unix seconds or now+10m.\n\nExit codes: 0 ok, 1 refused by the chain (its error text and a hint), 2 bad input (nothing was signed).",
    after_help = EX_TOP
)]
pub struct Cli {
    /// Flags shared by every subcommand.
    #[command(flatten)]
    pub g: Global,
    /// The contract group.
    #[command(subcommand)]
    pub cmd: Group,
}

/// Example of the top-level help.
pub const EX_TOP: &str = "Example:\n  spectrum --from consumer --keyring-backend test market buy --offer 1 --units 3 --max-price 5BAND";

/// Flags shared by every subcommand (accepted before or after it).
#[derive(Args, Debug, Clone)]
pub struct Global {
    /// The wasmd binary.
    #[arg(long, global = true, env = "WASMD", default_value = "wasmd")]
    pub wasmd: String,
    /// wasmd's --home (keyring and client config).
    #[arg(long, global = true, env = "LOCALNET_HOME")]
    pub home: Option<String>,
    /// RPC node.
    #[arg(
        long,
        global = true,
        env = "NODE",
        default_value = "tcp://127.0.0.1:26657"
    )]
    pub node: String,
    /// Chain id; also names the deployment file.
    #[arg(
        long,
        global = true,
        env = "CHAIN_ID",
        default_value = "spectrum-local"
    )]
    pub chain_id: String,
    /// The signing key (name or address in the keyring).
    #[arg(long, global = true)]
    pub from: Option<String>,
    /// Keyring backend (os, file, test, …).
    #[arg(long, global = true, env = "KEYRING_BACKEND")]
    pub keyring_backend: Option<String>,
    /// Sign with a Ledger hardware wallet (passed to wasmd).
    #[arg(long, global = true)]
    pub ledger: bool,
    /// Gas limit, or auto (simulated).
    #[arg(long, global = true, default_value = "auto")]
    pub gas: String,
    /// Gas adjustment with --gas auto.
    #[arg(long, global = true, default_value = "1.4")]
    pub gas_adjustment: String,
    /// Gas prices, e.g. 0.025ustake.
    #[arg(long, global = true, env = "GAS_PRICES")]
    pub gas_prices: Option<String>,
    /// Fees, e.g. 5000ustake.
    #[arg(long, global = true)]
    pub fees: Option<String>,
    /// Deployment file (default deployments/<chain-id>.json here or in a parent folder).
    #[arg(long, global = true, env = "SPECTRUM_DEPLOYMENT")]
    pub deployment: Option<PathBuf>,
    /// bandwidth-market address (instead of the deployment's).
    #[arg(long, global = true)]
    pub market_contract: Option<String>,
    /// auction-clearing address.
    #[arg(long, global = true)]
    pub auction_contract: Option<String>,
    /// spectrum-lease address.
    #[arg(long, global = true)]
    pub lease_contract: Option<String>,
    /// unlicensed-pool address.
    #[arg(long, global = true)]
    pub pool_contract: Option<String>,
    /// node-reputation address.
    #[arg(long, global = true)]
    pub rep_contract: Option<String>,
    /// Bandcoin (cw20) address.
    #[arg(long, global = true)]
    pub bandcoin_contract: Option<String>,
    /// Machine-readable JSON output.
    #[arg(long, global = true)]
    pub json: bool,
    /// Print the exact wasmd command(s) instead of signing (queries still run).
    #[arg(long, global = true)]
    pub print: bool,
    /// Answer yes to confirmations (e.g. a price above --max-price).
    #[arg(long, short = 'y', global = true)]
    pub yes: bool,
    /// Folder of auction bid files (default ~/.spectrum/bids).
    #[arg(long, global = true, env = "SPECTRUM_BIDS")]
    pub bids_dir: Option<PathBuf>,
}

/// The contract groups.
#[derive(Subcommand, Debug)]
pub enum Group {
    /// bandwidth-market: offers, purchases, bulk purchases, proofs, ratings.
    #[command(subcommand)]
    Market(Market),
    /// auction-clearing: sealed-bid and proportional-share auctions.
    #[command(subcommand)]
    Auction(Auction),
    /// spectrum-lease: licenses, leases, interference reports.
    #[command(subcommand)]
    Lease(Lease),
    /// unlicensed-pool: shared unlicensed spectrum.
    #[command(subcommand)]
    Pool(Pool),
    /// node-reputation: applications, interactions, qualification.
    #[command(subcommand)]
    Rep(Rep),
    /// The Bandcoin cw20 token.
    #[command(subcommand)]
    Bandcoin(Bandcoin),
    /// Consumer keys: generate test keys, show a secret key's public key (no chain).
    #[command(subcommand)]
    Keys(KeysCmd),
}

pub const EX_KEYGEN: &str =
    "Example:\n  spectrum keys gen --count 1000 --out keys.txt --secrets-out secrets.txt";

/// Consumer keys, offline.
#[derive(Subcommand, Debug)]
pub enum KeysCmd {
    /// Generates consecutive secp256k1 key pairs (test consumers): public keys one a line
    /// in hex, and optionally their secret keys (mode 0600) in the same order.
    #[command(after_help = EX_KEYGEN)]
    Gen {
        /// How many.
        #[arg(long)]
        count: usize,
        /// Public keys file.
        #[arg(long)]
        out: PathBuf,
        /// Secret keys file (hex, one a line, same order).
        #[arg(long)]
        secrets_out: Option<PathBuf>,
    },
    /// Prints the compressed public key of a secret key file.
    #[command(after_help = "Example:\n  spectrum keys pubkey --key-file device.key")]
    Pubkey {
        /// File with a 32-byte secret key in hex.
        #[arg(long)]
        key_file: PathBuf,
    },
}

/// Pagination flags.
#[derive(Args, Debug, Clone, Default)]
pub struct Page {
    /// Last item of the previous page.
    #[arg(long)]
    pub start_after: Option<String>,
    /// Page size (contract default 10, max 30).
    #[arg(long)]
    pub limit: Option<u32>,
}

/// The ownership (cw-ownable admin) of a contract.
#[derive(Subcommand, Debug, Clone)]
pub enum Ownership {
    /// Query: the owner and any pending transfer.
    Show,
    /// Proposes a new owner (who must accept).
    Transfer {
        /// The new owner.
        new_owner: String,
        /// Expiry of the offer, block height.
        #[arg(long)]
        expiry_height: Option<u64>,
    },
    /// The proposed owner accepts.
    Accept,
    /// The owner gives the contract up for good.
    Renounce,
}

/// A reputation gate to set (`--gate-contract` with `--gate-min-score`).
#[derive(Args, Debug, Clone, Default)]
pub struct GateArgs {
    /// node-reputation contract of a new reputation gate.
    #[arg(long, requires = "gate_min_score")]
    pub gate_contract: Option<String>,
    /// Lowest score (0 to 1) of the new gate.
    #[arg(long, value_parser = frac, requires = "gate_contract")]
    pub gate_min_score: Option<Decimal>,
    /// Removes the reputation gate.
    #[arg(long, conflicts_with = "gate_contract")]
    pub remove_gate: bool,
}

/// The terms of an offer.
#[derive(Args, Debug, Clone)]
pub struct OfferArgs {
    /// The band, e.g. 3550MHz..3560MHz.
    #[arg(long, value_parser = band)]
    pub band: Band,
    /// Bandwidth per unit, e.g. 5MHz.
    #[arg(long, value_parser = hz)]
    pub bandwidth: u64,
    /// Cell id or geohash.
    #[arg(long)]
    pub location: String,
    /// Spot unit price: base units (1000) or 1.5BAND.
    #[arg(long, value_parser = amount)]
    pub unit_price: Amount,
    /// Spot units per epoch (0 turns the offer off).
    #[arg(long)]
    pub max_allocations: u64,
    /// Grant validity, e.g. 1h.
    #[arg(long = "duration", value_parser = dur)]
    pub duration: u64,
    /// Volume discount in [0, 1] (0.9 or 90%).
    #[arg(long, value_parser = frac, default_value = "1")]
    pub volume_discount: Decimal,
    /// Reservation discount in [0, 1].
    #[arg(long, value_parser = frac, default_value = "1")]
    pub reservation_discount: Decimal,
    /// A reservation epoch EPOCH:PRICE:CAPACITY (capacity 0 deletes it); repeatable.
    #[arg(long = "reserve")]
    pub reservations: Vec<String>,
    /// A QoS entry KEY=VALUE; repeatable.
    #[arg(long = "qos")]
    pub qos: Vec<String>,
    /// A targeted allocation ADDRESS:UNITS:UNIT_PRICE; repeatable.
    #[arg(long = "consumer")]
    pub consumers: Vec<String>,
}

/// The epochs of a purchase.
#[derive(Args, Debug, Clone, Default)]
pub struct Epochs {
    /// First epoch: a number or now+N (default: the current epoch, a spot purchase).
    #[arg(long, value_parser = epoch)]
    pub epoch: Option<EpochArg>,
    /// Last epoch (reservations): a number or now+N.
    #[arg(long, value_parser = epoch)]
    pub epoch_to: Option<EpochArg>,
}

pub const EX_BUY: &str = "Example:\n  spectrum market buy --offer 7 --units 3 --max-price 5BAND";
pub const EX_BULK: &str = "Examples:\n  spectrum market bulk-buy --offer 7 --keys keys.txt\n  spectrum market bulk-buy --offer 7 --committed --keys keys.txt --tree-out tree.bin";
pub const EX_PROOF: &str = "Example:\n  spectrum market proof --tree tree.bin --key 0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
pub const EX_ACCESS: &str =
    "Example:\n  spectrum market prove-access --key-file device.key --grant 12";
pub const EX_POST: &str = "Example:\n  spectrum market post-offer --band 3550MHz..3560MHz --bandwidth 5MHz --location 9q8yy --unit-price 1000 --max-allocations 100 --duration 1h --volume-discount 0.9";
pub const EX_QUOTE: &str = "Example:\n  spectrum market quote --offer 7 --units 3 --epoch now+1";
pub const EX_COMMIT: &str = "Example:\n  spectrum auction commit --auction 3 --units 2 --price 50";
pub const EX_REVEAL: &str = "Example:\n  spectrum auction reveal --auction 3";
pub const EX_CREATE: &str = "Example:\n  spectrum auction create --offer 7 --kind vickrey --units 2 --band 3550MHz..3560MHz --bandwidth 5MHz --epoch now --min-price 100 --bid-end now+2m --reveal-end now+4m --clearing-time now+4m";
pub const EX_LEASE: &str =
    "Example:\n  spectrum lease request --license 2 --bandwidth 5MHz --from-time now+1m --for 2h";
pub const EX_LICENSE: &str = "Example:\n  spectrum lease register-license --band 2570MHz..2620MHz --region cell-42 --bandwidth 20MHz --valid-until now+30d --price-per-hz-second 0.000001 --min-duration 10s --max-duration 1d";
pub const EX_CLAIM: &str = "Example:\n  spectrum pool claim --bandwidth 20MHz --for 10s";
pub const EX_RATE: &str = "Example:\n  spectrum rep rate --operator wasm1operator --edge-node wasm1node --positive --quality 0.9";
pub const EX_NODES: &str = "Example:\n  spectrum rep nodes --top 10";
pub const EX_SEND: &str =
    "Example:\n  spectrum bandcoin transfer --to wasm1recipient --amount 12.5BAND";

/// bandwidth-market.
#[derive(Subcommand, Debug)]
pub enum Market {
    /// Buys units of an offer: reads its version and the exact price from `quote`, shows
    /// them, and pays exactly that (above --max-price it asks, or refuses without a terminal).
    #[command(after_help = EX_BUY)]
    Buy {
        /// The offer.
        #[arg(long)]
        offer: u64,
        /// Units.
        #[arg(long)]
        units: u64,
        #[command(flatten)]
        epochs: Epochs,
        /// Most you agree to pay without confirming.
        #[arg(long, value_parser = amount)]
        max_price: Option<Amount>,
    },
    /// Buys one unit per consumer key: explicit (keys packed), or --committed (Merkle root
    /// of up to 1,000,000 keys submitted, the tree written to --tree-out).
    #[command(after_help = EX_BULK)]
    BulkBuy {
        /// The offer.
        #[arg(long)]
        offer: u64,
        /// File of consumer keys, one a line (hex or base64).
        #[arg(long)]
        keys: PathBuf,
        /// Commit to the keys by their Merkle root instead of listing them.
        #[arg(long, requires = "tree_out")]
        committed: bool,
        /// Where the tree file goes (committed only).
        #[arg(long, requires = "committed")]
        tree_out: Option<PathBuf>,
        #[command(flatten)]
        epochs: Epochs,
        /// Most you agree to pay without confirming.
        #[arg(long, value_parser = amount)]
        max_price: Option<Amount>,
    },
    /// Prints a key's Merkle proof from a tree file and checks it with `verify_grant`.
    #[command(after_help = EX_PROOF)]
    Proof {
        /// The tree file written by bulk-buy --committed.
        #[arg(long)]
        tree: PathBuf,
        /// The consumer key (hex or base64).
        #[arg(long)]
        key: String,
        /// The batch (default: the one recorded in the tree file).
        #[arg(long)]
        batch: Option<u64>,
        /// Only print the proof, do not ask the chain.
        #[arg(long)]
        offline: bool,
    },
    /// Signs a challenge with a consumer's secret key and checks it with `verify_access`.
    #[command(after_help = EX_ACCESS)]
    ProveAccess {
        /// File with the consumer's 32-byte secret key in hex.
        #[arg(long)]
        key_file: PathBuf,
        /// The explicit grant.
        #[arg(long, conflicts_with = "batch")]
        grant: Option<u64>,
        /// The committed batch (needs --tree).
        #[arg(long, requires = "tree")]
        batch: Option<u64>,
        /// The batch's tree file.
        #[arg(long)]
        tree: Option<PathBuf>,
        /// The base station's challenge in hex (default: 32 random bytes).
        #[arg(long)]
        challenge: Option<String>,
    },
    /// A provider posts an offer.
    #[command(after_help = EX_POST)]
    PostOffer(OfferArgs),
    /// The provider replaces an offer's terms (the version bumps).
    #[command(
        after_help = "Example:\n  spectrum market update-offer --offer 7 --band 3550MHz..3560MHz --bandwidth 5MHz --location 9q8yy --unit-price 1200 --max-allocations 80 --duration 1h"
    )]
    UpdateOffer {
        /// The offer.
        #[arg(long)]
        offer: u64,
        #[command(flatten)]
        terms: OfferArgs,
    },
    /// The provider authorises a clearing house (default: the deployment's auction) or revokes it.
    #[command(after_help = "Example:\n  spectrum market set-clearing-house --offer 7")]
    SetClearingHouse {
        /// The offer.
        #[arg(long)]
        offer: u64,
        /// The clearing house (default: the deployed auction-clearing).
        #[arg(long)]
        house: Option<String>,
        /// Revoke instead.
        #[arg(long, conflicts_with = "house")]
        revoke: bool,
    },
    /// The clearing house settles awards ADDRESS:UNITS:UNIT_PRICE into an offer.
    #[command(
        after_help = "Example:\n  spectrum market settle-auction --offer 7 --award wasm1consumer:2:150"
    )]
    SettleAuction {
        /// The offer.
        #[arg(long)]
        offer: u64,
        /// An award ADDRESS:UNITS:UNIT_PRICE; repeatable.
        #[arg(long = "award", required = true)]
        awards: Vec<String>,
    },
    /// The holder or buyer rates a grant's provider.
    #[command(after_help = "Example:\n  spectrum market rate --grant 12 --positive --quality 90")]
    Rate {
        /// The grant.
        #[arg(long)]
        grant: u64,
        /// A positive interaction (default negative).
        #[arg(long)]
        positive: bool,
        /// Quality 0 to 100.
        #[arg(long, value_parser = quality)]
        quality: u8,
    },
    /// The admin approves a provider.
    #[command(after_help = "Example:\n  spectrum market approve-provider wasm1provider")]
    ApproveProvider {
        /// The provider.
        provider: String,
    },
    /// The admin removes a provider.
    #[command(after_help = "Example:\n  spectrum market remove-provider wasm1provider")]
    RemoveProvider {
        /// The provider.
        provider: String,
    },
    /// The admin changes the configuration.
    #[command(
        after_help = "Example:\n  spectrum market update-config --max-bulk-consumers 500 --gate-contract wasm1reputation --gate-min-score 0.6"
    )]
    UpdateConfig {
        /// Most keys per explicit bulk purchase.
        #[arg(long)]
        max_bulk_consumers: Option<u32>,
        #[command(flatten)]
        gate: GateArgs,
        /// node-reputation contract ratings are recorded in.
        #[arg(long)]
        recorder: Option<String>,
    },
    /// The contract's admin.
    #[command(subcommand)]
    Ownership(Ownership),
    /// Query: the configuration.
    #[command(after_help = "Example:\n  spectrum market config")]
    Config,
    /// Query: whether an address is an approved provider.
    #[command(after_help = "Example:\n  spectrum market provider wasm1provider")]
    Provider {
        /// The address.
        address: String,
    },
    /// Query: the current epoch and block time.
    #[command(after_help = "Example:\n  spectrum market epoch")]
    Epoch,
    /// Query: one offer.
    #[command(after_help = "Example:\n  spectrum market offer 7")]
    Offer {
        /// The offer.
        offer: u64,
    },
    /// Query: a provider's offers.
    #[command(after_help = "Example:\n  spectrum market offers --provider provider --limit 20")]
    Offers {
        /// The provider (default --from).
        #[arg(long)]
        provider: Option<String>,
        #[command(flatten)]
        page: Page,
    },
    /// Query: the exact price of a prospective purchase.
    #[command(after_help = EX_QUOTE)]
    Quote {
        /// The offer.
        #[arg(long)]
        offer: u64,
        /// Units.
        #[arg(long)]
        units: u64,
        #[command(flatten)]
        epochs: Epochs,
        /// The buyer, for a targeted offer.
        #[arg(long)]
        buyer: Option<String>,
    },
    /// Query: one grant.
    #[command(after_help = "Example:\n  spectrum market grant 12")]
    Grant {
        /// The grant.
        grant: u64,
    },
    /// Query: the grants of a holder (an address, or a consumer key with --key).
    #[command(after_help = "Example:\n  spectrum market grants --holder consumer")]
    Grants {
        /// The holder's address (default --from).
        #[arg(long, conflicts_with = "key")]
        holder: Option<String>,
        /// The consumer key.
        #[arg(long)]
        key: Option<String>,
        #[command(flatten)]
        page: Page,
    },
    /// Query: an offer's grants.
    #[command(
        after_help = "Example:\n  spectrum market grants-by-offer --offer 7 --start-after 10 --limit 30"
    )]
    GrantsByOffer {
        /// The offer.
        #[arg(long)]
        offer: u64,
        #[command(flatten)]
        page: Page,
    },
    /// Query: one committed batch.
    #[command(after_help = "Example:\n  spectrum market batch 3")]
    Batch {
        /// The batch.
        batch: u64,
    },
    /// Query: a grant's rating.
    #[command(after_help = "Example:\n  spectrum market rating 12")]
    Rating {
        /// The grant.
        grant: u64,
    },
}

/// auction-clearing.
#[derive(Subcommand, Debug)]
pub enum Auction {
    /// Commits a sealed bid: generates the salt, writes it to a bid file (mode 0600)
    /// before broadcasting, and escrows the deposit (default units × price).
    #[command(after_help = EX_COMMIT)]
    Commit {
        /// The auction.
        #[arg(long)]
        auction: u64,
        /// Units (1 in a Vickrey auction).
        #[arg(long, default_value_t = 1)]
        units: u64,
        /// Price per unit.
        #[arg(long, value_parser = amount)]
        price: Amount,
        /// Deposit (at least units × price; more hides the bid).
        #[arg(long, value_parser = amount)]
        deposit: Option<Amount>,
    },
    /// Reveals the bid committed from this account, read back from its bid file.
    #[command(after_help = EX_REVEAL)]
    Reveal {
        /// The auction.
        #[arg(long)]
        auction: u64,
    },
    /// Places an open PROPSHARE bid (escrows exactly the price).
    #[command(after_help = "Example:\n  spectrum auction bid --auction 4 --price 12.5BAND")]
    Bid {
        /// The auction.
        #[arg(long)]
        auction: u64,
        /// The total bid.
        #[arg(long, value_parser = amount)]
        price: Amount,
    },
    /// Withdraws this account's commit or bid before the end of bidding.
    #[command(after_help = "Example:\n  spectrum auction withdraw --auction 3")]
    Withdraw {
        /// The auction.
        #[arg(long)]
        auction: u64,
    },
    /// Clears an auction (repeats until done).
    #[command(after_help = "Example:\n  spectrum auction clear --auction 3")]
    Clear {
        /// The auction.
        #[arg(long)]
        auction: u64,
    },
    /// The offer's provider creates an auction.
    #[command(after_help = EX_CREATE)]
    Create {
        /// The market offer sold.
        #[arg(long)]
        offer: u64,
        /// vickrey, propshare or uniform.
        #[arg(long)]
        kind: String,
        /// Units sold.
        #[arg(long)]
        units: u64,
        /// The band (must equal the offer's).
        #[arg(long, value_parser = band)]
        band: Band,
        /// Bandwidth per unit (must equal the offer's).
        #[arg(long, value_parser = hz)]
        bandwidth: u64,
        /// Market epoch of the grants: a number or now+N.
        #[arg(long, value_parser = epoch, default_value = "now")]
        epoch: EpochArg,
        /// Least unit price (PROPSHARE: least total bid).
        #[arg(long, value_parser = amount)]
        min_price: Amount,
        /// End of bidding: unix seconds or now+DURATION.
        #[arg(long, value_parser = time)]
        bid_end: TimeArg,
        /// End of the reveal window (sealed kinds).
        #[arg(long, value_parser = time)]
        reveal_end: Option<TimeArg>,
        /// Earliest clearing time.
        #[arg(long, value_parser = time)]
        clearing_time: TimeArg,
    },
    /// The admin changes the configuration.
    #[command(
        after_help = "Example:\n  spectrum auction update-config --max-bids-per-tx 200 --unrevealed-penalty 0.05"
    )]
    UpdateConfig {
        /// Market for new auctions.
        #[arg(long)]
        market: Option<String>,
        #[command(flatten)]
        gate: GateArgs,
        /// Most bids per clear transaction.
        #[arg(long)]
        max_bids_per_tx: Option<u32>,
        /// Most live bids per auction.
        #[arg(long)]
        max_bids_per_auction: Option<u32>,
        /// Unrevealed-commitment penalty in [0, 1].
        #[arg(long, value_parser = frac)]
        unrevealed_penalty: Option<Decimal>,
    },
    /// The contract's admin.
    #[command(subcommand)]
    Ownership(Ownership),
    /// Query: the configuration.
    #[command(after_help = "Example:\n  spectrum auction config")]
    Config,
    /// Query: auctions, optionally of one status (active, inactive, cleared).
    #[command(after_help = "Example:\n  spectrum auction list --status active")]
    List {
        /// active, inactive or cleared.
        #[arg(long)]
        status: Option<String>,
        #[command(flatten)]
        page: Page,
    },
    /// Query: one auction.
    #[command(after_help = "Example:\n  spectrum auction show 3")]
    Show {
        /// The auction.
        auction: u64,
    },
    /// Query: an auction's bids.
    #[command(after_help = "Example:\n  spectrum auction bids --auction 3 --limit 30")]
    Bids {
        /// The auction.
        #[arg(long)]
        auction: u64,
        #[command(flatten)]
        page: Page,
    },
    /// Query: one bid (default: this account's).
    #[command(after_help = "Example:\n  spectrum auction get-bid --auction 3 --bidder bidder1")]
    GetBid {
        /// The auction.
        #[arg(long)]
        auction: u64,
        /// The bidder (default --from).
        #[arg(long)]
        bidder: Option<String>,
    },
}

/// spectrum-lease.
#[derive(Subcommand, Debug)]
pub enum Lease {
    /// An MO requests a lease, paying its exact price (ceil(p × bandwidth × duration)),
    /// read from the lease's `quote_lease` first.
    #[command(after_help = EX_LEASE)]
    Request {
        /// The license.
        #[arg(long)]
        license: u64,
        /// Bandwidth, e.g. 5MHz.
        #[arg(long, value_parser = hz)]
        bandwidth: u64,
        /// Start: unix seconds or now+DURATION.
        #[arg(long, value_parser = time)]
        from_time: TimeArg,
        /// Duration, e.g. 2h.
        #[arg(long = "for", value_parser = dur)]
        duration: u64,
    },
    /// Query: the exact price of a lease request (checked as the request would be).
    #[command(
        after_help = "Example:\n  spectrum lease quote --license 2 --bandwidth 5MHz --from-time now+1m --for 2h"
    )]
    Quote {
        /// The license.
        #[arg(long)]
        license: u64,
        /// Bandwidth, e.g. 5MHz.
        #[arg(long, value_parser = hz)]
        bandwidth: u64,
        /// Start: unix seconds or now+DURATION.
        #[arg(long, value_parser = time)]
        from_time: TimeArg,
        /// Duration, e.g. 2h.
        #[arg(long = "for", value_parser = dur)]
        duration: u64,
    },
    /// An MNO registers a license.
    #[command(after_help = EX_LICENSE)]
    RegisterLicense {
        /// The licensed band.
        #[arg(long, value_parser = band)]
        band: Band,
        /// Region id.
        #[arg(long)]
        region: String,
        /// Bandwidth leasable at once.
        #[arg(long, value_parser = hz)]
        bandwidth: u64,
        /// End of the license: unix seconds or now+DURATION.
        #[arg(long, value_parser = time)]
        valid_until: TimeArg,
        /// Price per Hz·second in the payment asset's base units (decimal).
        #[arg(long, value_parser = frac)]
        price_per_hz_second: Decimal,
        /// Shortest lease.
        #[arg(long, value_parser = dur)]
        min_duration: u64,
        /// Longest lease.
        #[arg(long, value_parser = dur)]
        max_duration: u64,
        /// Approve requests by hand (default automatic).
        #[arg(long)]
        manual: bool,
    },
    /// The MNO changes a license.
    #[command(
        after_help = "Example:\n  spectrum lease update-license --license 2 --price-per-hz-second 0.0000012 --interference-margin 1MHz"
    )]
    UpdateLicense {
        /// The license.
        #[arg(long)]
        license: u64,
        /// New price per Hz·second.
        #[arg(long, value_parser = frac)]
        price_per_hz_second: Option<Decimal>,
        /// New bandwidth.
        #[arg(long, value_parser = hz)]
        bandwidth: Option<u64>,
        /// New interference margin.
        #[arg(long, value_parser = hz)]
        interference_margin: Option<u64>,
    },
    /// The MNO retires a license.
    #[command(after_help = "Example:\n  spectrum lease retire-license --license 2")]
    RetireLicense {
        /// The license.
        #[arg(long)]
        license: u64,
    },
    /// The MNO approves a lease request.
    #[command(after_help = "Example:\n  spectrum lease approve --lease 5")]
    Approve {
        /// The lease.
        #[arg(long)]
        lease: u64,
    },
    /// The MNO rejects a lease request.
    #[command(after_help = "Example:\n  spectrum lease reject --lease 5")]
    Reject {
        /// The lease.
        #[arg(long)]
        lease: u64,
    },
    /// Refunds a request that lapsed unapproved.
    #[command(after_help = "Example:\n  spectrum lease refund-lapsed --lease 5")]
    RefundLapsed {
        /// The lease.
        #[arg(long)]
        lease: u64,
    },
    /// The MO terminates its lease early.
    #[command(after_help = "Example:\n  spectrum lease terminate --lease 5")]
    Terminate {
        /// The lease.
        #[arg(long)]
        lease: u64,
    },
    /// The MNO revokes a lease, paying the exact refund (`revocation_refund`).
    #[command(after_help = "Example:\n  spectrum lease revoke --lease 5")]
    Revoke {
        /// The lease.
        #[arg(long)]
        lease: u64,
    },
    /// The MO reports interference.
    #[command(
        after_help = "Example:\n  spectrum lease report-interference --lease 5 --level-dbm -92.5 --location cell-42 --band 2570MHz..2575MHz"
    )]
    ReportInterference {
        /// The lease.
        #[arg(long)]
        lease: u64,
        /// Level in dBm, e.g. -92.5.
        #[arg(long, allow_hyphen_values = true)]
        level_dbm: String,
        /// Where.
        #[arg(long)]
        location: String,
        /// When: unix seconds or now (default now).
        #[arg(long, value_parser = time, default_value = "now")]
        time: TimeArg,
        /// The band affected.
        #[arg(long, value_parser = band)]
        band: Band,
    },
    /// Rates a lease.
    #[command(after_help = "Example:\n  spectrum lease rate --lease 5 --positive --quality 80")]
    Rate {
        /// The lease.
        #[arg(long)]
        lease: u64,
        /// A positive interaction (default negative).
        #[arg(long)]
        positive: bool,
        /// Quality 0 to 100.
        #[arg(long, value_parser = quality)]
        quality: u8,
    },
    /// The admin approves an MNO.
    #[command(after_help = "Example:\n  spectrum lease approve-mno wasm1mno")]
    ApproveMno {
        /// The MNO.
        mno: String,
    },
    /// The admin removes an MNO.
    #[command(after_help = "Example:\n  spectrum lease remove-mno wasm1mno")]
    RemoveMno {
        /// The MNO.
        mno: String,
    },
    /// The admin changes the configuration.
    #[command(after_help = "Example:\n  spectrum lease update-config --recorder wasm1reputation")]
    UpdateConfig {
        #[command(flatten)]
        gate: GateArgs,
        /// node-reputation contract ratings go to.
        #[arg(long)]
        recorder: Option<String>,
        /// Stop recording ratings.
        #[arg(long, conflicts_with = "recorder")]
        remove_recorder: bool,
    },
    /// The contract's admin.
    #[command(subcommand)]
    Ownership(Ownership),
    /// Query: the configuration.
    #[command(after_help = "Example:\n  spectrum lease config")]
    Config,
    /// Query: an MNO's approval.
    #[command(after_help = "Example:\n  spectrum lease mno wasm1mno")]
    Mno {
        /// The MNO.
        mno: String,
    },
    /// Query: one license.
    #[command(after_help = "Example:\n  spectrum lease license 2")]
    License {
        /// The license.
        license: u64,
    },
    /// Query: licenses, optionally of one MNO.
    #[command(after_help = "Example:\n  spectrum lease licenses --mno wasm1mno")]
    Licenses {
        /// The MNO.
        #[arg(long)]
        mno: Option<String>,
        #[command(flatten)]
        page: Page,
    },
    /// Query: one lease.
    #[command(after_help = "Example:\n  spectrum lease show 5")]
    Show {
        /// The lease.
        lease: u64,
    },
    /// Query: leases of a license, an MO or an MNO.
    #[command(after_help = "Example:\n  spectrum lease leases --license 2")]
    Leases {
        /// By license.
        #[arg(long, conflicts_with_all = ["mo", "mno"])]
        license: Option<u64>,
        /// By MO.
        #[arg(long, conflicts_with = "mno")]
        mo: Option<String>,
        /// By MNO.
        #[arg(long)]
        mno: Option<String>,
        #[command(flatten)]
        page: Page,
    },
    /// Query: leases active on a license at a time.
    #[command(after_help = "Example:\n  spectrum lease active-leases --license 2 --at now+1h")]
    ActiveLeases {
        /// The license.
        #[arg(long)]
        license: u64,
        /// When (default now).
        #[arg(long, value_parser = time)]
        at: Option<TimeArg>,
        #[command(flatten)]
        page: Page,
    },
    /// Query: free capacity of a license at a time.
    #[command(after_help = "Example:\n  spectrum lease capacity --license 2 --at now+1h")]
    Capacity {
        /// The license.
        #[arg(long)]
        license: u64,
        /// When (default now).
        #[arg(long, value_parser = time, default_value = "now")]
        at: TimeArg,
    },
    /// Query: the refund a revocation would pay now.
    #[command(after_help = "Example:\n  spectrum lease revocation-refund --lease 5")]
    RevocationRefund {
        /// The lease.
        #[arg(long)]
        lease: u64,
    },
    /// Query: a license's interference reports.
    #[command(after_help = "Example:\n  spectrum lease interference --license 2 --limit 10")]
    Interference {
        /// The license.
        #[arg(long)]
        license: u64,
        #[command(flatten)]
        page: Page,
    },
    /// Query: a license's interference summary.
    #[command(
        after_help = "Example:\n  spectrum lease interference-summary --license 2 --window-buckets 24"
    )]
    InterferenceSummary {
        /// The license.
        #[arg(long)]
        license: u64,
        /// Buckets in the window.
        #[arg(long)]
        window_buckets: Option<u32>,
    },
    /// Query: a lease's ratings.
    #[command(after_help = "Example:\n  spectrum lease ratings --lease 5")]
    Ratings {
        /// The lease.
        #[arg(long)]
        lease: u64,
    },
    /// Query: the MO pricing equilibrium.
    #[command(
        after_help = "Example:\n  spectrum lease equilibrium --p-s 0.000002 --gamma 0.5 --p-w 0.000001"
    )]
    Equilibrium {
        /// p_s.
        #[arg(long)]
        p_s: String,
        /// gamma.
        #[arg(long)]
        gamma: String,
        /// p_w.
        #[arg(long)]
        p_w: String,
    },
}

/// unlicensed-pool.
#[derive(Subcommand, Debug)]
pub enum Pool {
    /// A member claims bandwidth for the coming slots (--for is rounded to whole slots only
    /// if exact; otherwise refused).
    #[command(after_help = EX_CLAIM)]
    Claim {
        /// Bandwidth, e.g. 20MHz.
        #[arg(long, value_parser = hz)]
        bandwidth: u64,
        /// How long, a whole number of slots (e.g. 10s with 1 s slots).
        #[arg(long = "for", value_parser = dur, conflicts_with = "slots")]
        duration: Option<u64>,
        /// Or the number of slots.
        #[arg(long)]
        slots: Option<u32>,
    },
    /// The admin adds a member.
    #[command(after_help = "Example:\n  spectrum pool add-member wasm1operator")]
    AddMember {
        /// The member.
        address: String,
    },
    /// The admin removes a member.
    #[command(after_help = "Example:\n  spectrum pool remove-member wasm1operator")]
    RemoveMember {
        /// The member.
        address: String,
    },
    /// The admin starts a round.
    #[command(after_help = "Example:\n  spectrum pool start-round")]
    StartRound,
    /// The contract's admin.
    #[command(subcommand)]
    Ownership(Ownership),
    /// Query: the configuration.
    #[command(after_help = "Example:\n  spectrum pool config")]
    Config,
    /// Query: the round.
    #[command(after_help = "Example:\n  spectrum pool round")]
    Round,
    /// Query: a member's balance (default --from).
    #[command(after_help = "Example:\n  spectrum pool balance operator1")]
    Balance {
        /// The member.
        address: Option<String>,
    },
    /// Query: every balance.
    #[command(after_help = "Example:\n  spectrum pool balances --limit 30")]
    Balances {
        #[command(flatten)]
        page: Page,
    },
    /// Query: the claims on a slot.
    #[command(after_help = "Example:\n  spectrum pool claims --slot 4")]
    Claims {
        /// The slot.
        #[arg(long)]
        slot: u32,
        /// The round (default current).
        #[arg(long)]
        round: Option<u64>,
        #[command(flatten)]
        page: Page,
    },
    /// Query: the fair share W/n.
    #[command(after_help = "Example:\n  spectrum pool fair-share")]
    FairShare,
    /// Query: a member's usage over its last slots.
    #[command(after_help = "Example:\n  spectrum pool usage wasm1operator --last-slots 20")]
    Usage {
        /// The member.
        address: String,
        /// How many slots back.
        #[arg(long, default_value_t = 10)]
        last_slots: u32,
    },
    /// Query: slot history.
    #[command(after_help = "Example:\n  spectrum pool history --limit 10")]
    History {
        /// The round (default current).
        #[arg(long)]
        round: Option<u64>,
        /// Last slot of the previous page.
        #[arg(long)]
        start_after: Option<u32>,
        /// Page size.
        #[arg(long)]
        limit: Option<u32>,
    },
}

/// node-reputation.
#[derive(Subcommand, Debug)]
pub enum Rep {
    /// Records an interaction (a reporter or authority): operator rated node.
    #[command(after_help = EX_RATE)]
    Rate {
        /// The operator (rater).
        #[arg(long)]
        operator: String,
        /// The node rated (`--edge-node`: `--node` is the RPC node).
        #[arg(long)]
        edge_node: String,
        /// A positive interaction (default negative).
        #[arg(long)]
        positive: bool,
        /// Quality 0 to 1 (0.9 or 90%).
        #[arg(long, value_parser = frac)]
        quality: Decimal,
    },
    /// Query: the top nodes by score.
    #[command(after_help = EX_NODES)]
    Nodes {
        /// How many.
        #[arg(long, default_value_t = 10)]
        top: u32,
        /// Last address of the previous page.
        #[arg(long)]
        start_after: Option<String>,
    },
    /// Applies to be qualified (edge-node or operator).
    #[command(
        after_help = "Example:\n  spectrum rep apply --kind edge-node --metadata 'small cell 42'"
    )]
    Apply {
        /// edge-node or operator.
        #[arg(long, default_value = "operator")]
        kind: String,
        /// Free text.
        #[arg(long, default_value = "")]
        metadata: String,
    },
    /// An authority approves an application.
    #[command(after_help = "Example:\n  spectrum rep approve wasm1applicant")]
    Approve {
        /// The applicant.
        applicant: String,
    },
    /// An authority rejects an application.
    #[command(after_help = "Example:\n  spectrum rep reject wasm1applicant")]
    Reject {
        /// The applicant.
        applicant: String,
    },
    /// The admin adds an authority.
    #[command(after_help = "Example:\n  spectrum rep add-authorized wasm1authority")]
    AddAuthorized {
        /// The address.
        address: String,
    },
    /// The admin removes an authority.
    #[command(after_help = "Example:\n  spectrum rep remove-authorized wasm1authority")]
    RemoveAuthorized {
        /// The address.
        address: String,
    },
    /// The admin adds a reporter.
    #[command(after_help = "Example:\n  spectrum rep add-reporter wasm1market")]
    AddReporter {
        /// The address.
        address: String,
    },
    /// The admin removes a reporter.
    #[command(after_help = "Example:\n  spectrum rep remove-reporter wasm1market")]
    RemoveReporter {
        /// The address.
        address: String,
    },
    /// The admin changes the configuration.
    #[command(
        after_help = "Example:\n  spectrum rep update-config --quorum 2 --threshold 0.6 --application-expiry 7d"
    )]
    UpdateConfig {
        /// Approvals needed.
        #[arg(long)]
        quorum: Option<u32>,
        /// Application expiry.
        #[arg(long, value_parser = dur)]
        application_expiry: Option<u64>,
        /// Qualification threshold.
        #[arg(long, value_parser = frac)]
        threshold: Option<Decimal>,
        /// Interactions before a score counts.
        #[arg(long)]
        min_interactions: Option<u64>,
        /// Least time between an operator's reports on a node.
        #[arg(long, value_parser = dur)]
        operator_interval: Option<u64>,
    },
    /// The contract's admin.
    #[command(subcommand)]
    Ownership(Ownership),
    /// Query: the configuration.
    #[command(after_help = "Example:\n  spectrum rep config")]
    Config,
    /// Query: whether an address is qualified (default --from).
    #[command(after_help = "Example:\n  spectrum rep qualification provider")]
    Qualification {
        /// The address.
        address: Option<String>,
    },
    /// Query: a node's record.
    #[command(after_help = "Example:\n  spectrum rep node wasm1node")]
    Node {
        /// The address.
        address: String,
    },
    /// Query: an application.
    #[command(after_help = "Example:\n  spectrum rep application wasm1applicant")]
    Application {
        /// The address.
        address: String,
    },
    /// Query: applications, optionally of one status.
    #[command(after_help = "Example:\n  spectrum rep applications --status pending")]
    Applications {
        /// pending, approved, rejected or expired.
        #[arg(long)]
        status: Option<String>,
        #[command(flatten)]
        page: Page,
    },
    /// Query: an operator's view of a node.
    #[command(
        after_help = "Example:\n  spectrum rep pair --operator wasm1operator --edge-node wasm1node"
    )]
    Pair {
        /// The operator.
        #[arg(long)]
        operator: String,
        /// The node (`--edge-node`: `--node` is the RPC node).
        #[arg(long)]
        edge_node: String,
    },
    /// Query: the reporters.
    #[command(after_help = "Example:\n  spectrum rep reporters")]
    Reporters {
        #[command(flatten)]
        page: Page,
    },
    /// Query: the authorities.
    #[command(after_help = "Example:\n  spectrum rep authorized --limit 30")]
    Authorized {
        #[command(flatten)]
        page: Page,
    },
}

/// The Bandcoin token (cw20-base).
#[derive(Subcommand, Debug)]
pub enum Bandcoin {
    /// Transfers tokens.
    #[command(after_help = EX_SEND)]
    Transfer {
        /// Recipient.
        #[arg(long)]
        to: String,
        /// Amount: base units or 12.5BAND.
        #[arg(long, value_parser = amount)]
        amount: Amount,
    },
    /// Sends tokens to a contract with a hook message (JSON; base64-encoded for you).
    #[command(
        after_help = "Example:\n  spectrum bandcoin send --contract wasm1market --amount 1BAND --msg '{\"rate_grant\":{\"grant_id\":12,\"positive\":true,\"quality\":90}}'"
    )]
    Send {
        /// The contract.
        #[arg(long)]
        contract: String,
        /// Amount.
        #[arg(long, value_parser = amount)]
        amount: Amount,
        /// The hook as JSON.
        #[arg(long)]
        msg: String,
    },
    /// Burns tokens.
    #[command(after_help = "Example:\n  spectrum bandcoin burn --amount 1BAND")]
    Burn {
        /// Amount.
        #[arg(long, value_parser = amount)]
        amount: Amount,
    },
    /// The minter mints tokens.
    #[command(after_help = "Example:\n  spectrum bandcoin mint --to consumer --amount 100BAND")]
    Mint {
        /// Recipient.
        #[arg(long)]
        to: String,
        /// Amount.
        #[arg(long, value_parser = amount)]
        amount: Amount,
    },
    /// Allows a spender more.
    #[command(
        after_help = "Example:\n  spectrum bandcoin increase-allowance --spender wasm1market --amount 5BAND"
    )]
    IncreaseAllowance {
        /// The spender.
        #[arg(long)]
        spender: String,
        /// Amount.
        #[arg(long, value_parser = amount)]
        amount: Amount,
    },
    /// Allows a spender less.
    #[command(
        after_help = "Example:\n  spectrum bandcoin decrease-allowance --spender wasm1market --amount 2BAND"
    )]
    DecreaseAllowance {
        /// The spender.
        #[arg(long)]
        spender: String,
        /// Amount.
        #[arg(long, value_parser = amount)]
        amount: Amount,
    },
    /// Transfers from an owner's allowance.
    #[command(
        after_help = "Example:\n  spectrum bandcoin transfer-from --owner wasm1owner --to wasm1recipient --amount 1BAND"
    )]
    TransferFrom {
        /// Owner.
        #[arg(long)]
        owner: String,
        /// Recipient.
        #[arg(long)]
        to: String,
        /// Amount.
        #[arg(long, value_parser = amount)]
        amount: Amount,
    },
    /// Sends from an owner's allowance with a hook.
    #[command(
        after_help = "Example:\n  spectrum bandcoin send-from --owner wasm1owner --contract wasm1market --amount 1BAND --msg '{\"rate_grant\":{\"grant_id\":12,\"positive\":true,\"quality\":90}}'"
    )]
    SendFrom {
        /// Owner.
        #[arg(long)]
        owner: String,
        /// The contract.
        #[arg(long)]
        contract: String,
        /// Amount.
        #[arg(long, value_parser = amount)]
        amount: Amount,
        /// The hook as JSON.
        #[arg(long)]
        msg: String,
    },
    /// Burns from an owner's allowance.
    #[command(
        after_help = "Example:\n  spectrum bandcoin burn-from --owner wasm1owner --amount 1BAND"
    )]
    BurnFrom {
        /// Owner.
        #[arg(long)]
        owner: String,
        /// Amount.
        #[arg(long, value_parser = amount)]
        amount: Amount,
    },
    /// The minter hands minting to another address (or none).
    #[command(after_help = "Example:\n  spectrum bandcoin update-minter --minter wasm1exchange")]
    UpdateMinter {
        /// The new minter (omit to remove minting for good).
        #[arg(long)]
        minter: Option<String>,
    },
    /// The marketing address updates the marketing info.
    #[command(
        after_help = "Example:\n  spectrum bandcoin update-marketing --project https://example.org/spectrum --description 'Bandcoin, the token of the spectrum market'"
    )]
    UpdateMarketing {
        /// Project URL.
        #[arg(long)]
        project: Option<String>,
        /// Description.
        #[arg(long)]
        description: Option<String>,
        /// Marketing address.
        #[arg(long)]
        marketing: Option<String>,
    },
    /// The marketing address sets the logo URL.
    #[command(
        after_help = "Example:\n  spectrum bandcoin upload-logo --url https://example.org/band.png"
    )]
    UploadLogo {
        /// Logo URL.
        #[arg(long)]
        url: String,
    },
    /// Query: a balance (default --from).
    #[command(after_help = "Example:\n  spectrum bandcoin balance consumer")]
    Balance {
        /// The address.
        address: Option<String>,
    },
    /// Query: name, symbol, decimals, supply.
    #[command(after_help = "Example:\n  spectrum bandcoin info")]
    Info,
    /// Query: the minter.
    #[command(after_help = "Example:\n  spectrum bandcoin minter")]
    Minter,
    /// Query: an allowance.
    #[command(after_help = "Example:\n  spectrum bandcoin allowance --spender wasm1market")]
    Allowance {
        /// Owner (default --from).
        #[arg(long)]
        owner: Option<String>,
        /// Spender.
        #[arg(long)]
        spender: String,
    },
    /// Query: an owner's allowances.
    #[command(after_help = "Example:\n  spectrum bandcoin allowances --owner consumer")]
    Allowances {
        /// Owner (default --from).
        #[arg(long)]
        owner: Option<String>,
        #[command(flatten)]
        page: Page,
    },
    /// Query: allowances granted to a spender.
    #[command(
        after_help = "Example:\n  spectrum bandcoin spender-allowances --spender wasm1market"
    )]
    SpenderAllowances {
        /// Spender (default --from).
        #[arg(long)]
        spender: Option<String>,
        #[command(flatten)]
        page: Page,
    },
    /// Query: every account holding tokens.
    #[command(after_help = "Example:\n  spectrum bandcoin accounts --limit 30")]
    Accounts {
        #[command(flatten)]
        page: Page,
    },
    /// Query: marketing info.
    #[command(after_help = "Example:\n  spectrum bandcoin marketing")]
    Marketing,
    /// Query: the logo.
    #[command(after_help = "Example:\n  spectrum bandcoin logo")]
    Logo,
}

/// The groups whose contract has a cw-ownable admin (an `ownership` subcommand).
pub const OWNED_GROUPS: [&str; 5] = ["market", "auction", "lease", "pool", "rep"];

/// The full command line: [`Cli`] with the examples of the groups and of each group's
/// `ownership` commands, which name the group (the [`Ownership`] subcommands are shared,
/// so their examples are set here rather than in the derive).
pub fn command() -> clap::Command {
    let with_groups = GROUP_EXAMPLES
        .iter()
        .fold(Cli::command(), |cmd, (group, example)| {
            cmd.mut_subcommand(group, |g| g.after_help(*example))
        });
    OWNED_GROUPS.iter().fold(with_groups, |cmd, group| {
        cmd.mut_subcommand(group, |g| {
            g.mut_subcommand("ownership", |o| ownership_examples(o, group))
        })
    })
}

/// The example of each group's `--help`: its most common command.
const GROUP_EXAMPLES: [(&str, &str); 7] = [
    ("market", EX_BUY),
    ("auction", EX_COMMIT),
    ("lease", EX_LEASE),
    ("pool", EX_CLAIM),
    ("rep", EX_NODES),
    ("bandcoin", EX_SEND),
    ("keys", EX_KEYGEN),
];

/// The `ownership` leaves of one group, each with its example.
fn ownership_examples(o: clap::Command, group: &str) -> clap::Command {
    let example = |args: &str| format!("Example:\n  spectrum {group} ownership {args}");
    o.after_help(example("show"))
        .mut_subcommand("show", |c| c.after_help(example("show")))
        .mut_subcommand("transfer", |c| {
            c.after_help(example("transfer wasm1newadmin --expiry-height 900000"))
        })
        .mut_subcommand("accept", |c| c.after_help(example("accept")))
        .mut_subcommand("renounce", |c| c.after_help(example("renounce")))
}

/// Parses the process's arguments with [`command`] (exits on a usage error, code 2).
pub fn parse() -> Cli {
    use clap::FromArgMatches;
    Cli::from_arg_matches(&command().get_matches()).unwrap_or_else(|e| e.exit())
}

/// Parses `argv` with [`command`].
pub fn try_parse_from<I, T>(argv: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    use clap::FromArgMatches;
    Cli::from_arg_matches(&command().try_get_matches_from(argv)?)
}

/// Every example shown in a `--help`, for the tests.
pub const EXAMPLES: &[&str] = &[
    EX_TOP, EX_BUY, EX_BULK, EX_PROOF, EX_ACCESS, EX_POST, EX_QUOTE, EX_COMMIT, EX_REVEAL,
    EX_CREATE, EX_LEASE, EX_LICENSE, EX_CLAIM, EX_RATE, EX_NODES, EX_SEND, EX_KEYGEN,
];
