//! Runs a parsed command: builds the message from spectrum-types, then queries or signs
//! through [`Wasmd`]. Returns the JSON the command prints (`--json`, or rendered).

use std::io::{BufRead, IsTerminal, Write};
use std::path::{Path, PathBuf};

use cosmwasm_std::{to_json_binary, Binary, Uint128};
use cw20::{Cw20ExecuteMsg, Cw20QueryMsg, TokenInfoResponse};
use serde::Serialize;
use serde_json::{json, Map, Value};
use spectrum_types::auction_clearing as ac;
use spectrum_types::bandwidth_market as bm;
use spectrum_types::merkle::MerkleTree;
use spectrum_types::node_reputation as nr;
use spectrum_types::spectrum_lease as sl;
use spectrum_types::unlicensed_pool as up;
use spectrum_types::{Asset, ReputationGateMsg};

use crate::chain::{CliError, Tx, Wasmd, WasmdOpts};
use crate::cli::*;
use crate::keys::{self, hex_encode, Key, TreeFile};
use crate::units::{fmt_hz, fmt_scaled, Amount, EpochArg, TimeArg};

type R<T> = Result<T, CliError>;

/// A command's context: the wasmd runner, the flags and the deployment.
pub struct Ctx {
    /// The runner.
    pub w: Wasmd,
    /// The flags.
    pub g: Global,
    deployment: std::cell::OnceCell<Option<Value>>,
}

/// Deployment key and flag of each contract.
#[derive(Clone, Copy)]
pub enum Contract {
    Market,
    Auction,
    Lease,
    Pool,
    Rep,
    Bandcoin,
}

impl Contract {
    fn key(self) -> &'static str {
        match self {
            Contract::Market => "bandwidth_market",
            Contract::Auction => "auction_clearing",
            Contract::Lease => "spectrum_lease",
            Contract::Pool => "unlicensed_pool",
            Contract::Rep => "node_reputation",
            Contract::Bandcoin => "bandcoin",
        }
    }
    fn flag(self) -> &'static str {
        match self {
            Contract::Market => "--market-contract",
            Contract::Auction => "--auction-contract",
            Contract::Lease => "--lease-contract",
            Contract::Pool => "--pool-contract",
            Contract::Rep => "--rep-contract",
            Contract::Bandcoin => "--bandcoin-contract",
        }
    }
}

/// Finds `deployments/<chain-id>.json` in the current folder or a parent.
pub fn find_deployment(chain_id: &str) -> Option<PathBuf> {
    let mut dir = std::env::current_dir().ok()?;
    loop {
        let p = dir.join("deployments").join(format!("{chain_id}.json"));
        if p.exists() {
            return Some(p);
        }
        if !dir.pop() {
            return None;
        }
    }
}

/// The payment token of a contract, as far as amounts are concerned.
#[derive(Clone, Debug)]
pub enum Token {
    /// A cw20 with its symbol and decimals.
    Cw20 {
        /// Its address.
        contract: String,
        /// Symbol.
        symbol: String,
        /// Decimals.
        decimals: u32,
    },
    /// A native denom (amounts in base units).
    Native {
        /// The denom.
        denom: String,
    },
}

impl Ctx {
    /// The context of these flags.
    pub fn new(g: Global) -> Self {
        let w = Wasmd::new(WasmdOpts {
            wasmd: g.wasmd.clone(),
            home: g.home.clone(),
            node: g.node.clone(),
            chain_id: g.chain_id.clone(),
            from: g.from.clone(),
            keyring_backend: g.keyring_backend.clone(),
            ledger: g.ledger,
            gas: g.gas.clone(),
            gas_adjustment: g.gas_adjustment.clone(),
            gas_prices: g.gas_prices.clone(),
            fees: g.fees.clone(),
            print: g.print,
        });
        Ctx {
            w,
            g,
            deployment: Default::default(),
        }
    }

    fn deployment(&self) -> R<Option<&Value>> {
        if self.deployment.get().is_none() {
            let path = match &self.g.deployment {
                Some(p) => Some(p.clone()),
                None => find_deployment(&self.g.chain_id),
            };
            let v = match path {
                None => None,
                Some(p) => {
                    let text = std::fs::read_to_string(&p).map_err(|e| {
                        CliError::Input(format!("deployment file {}: {e}", p.display()))
                    })?;
                    Some(serde_json::from_str(&text).map_err(|e| {
                        CliError::Input(format!("deployment file {}: {e}", p.display()))
                    })?)
                }
            };
            let _ = self.deployment.set(v);
        }
        Ok(self.deployment.get().expect("set").as_ref())
    }

    /// A contract's address: its flag, else the deployment file.
    pub fn addr(&self, c: Contract) -> R<String> {
        let flag = match c {
            Contract::Market => &self.g.market_contract,
            Contract::Auction => &self.g.auction_contract,
            Contract::Lease => &self.g.lease_contract,
            Contract::Pool => &self.g.pool_contract,
            Contract::Rep => &self.g.rep_contract,
            Contract::Bandcoin => &self.g.bandcoin_contract,
        };
        if let Some(a) = flag {
            return Ok(a.clone());
        }
        self.deployment()?
            .and_then(|d| d["contracts"][c.key()].as_str())
            .map(str::to_string)
            .ok_or_else(|| {
                CliError::Input(format!(
                    "no {} address: give {} or a deployment file (deployments/{}.json, --deployment)",
                    c.key(),
                    c.flag(),
                    self.g.chain_id
                ))
            })
    }

    fn query<T: serde::de::DeserializeOwned>(&self, c: Contract, msg: &impl Serialize) -> R<T> {
        self.w.query(&self.addr(c)?, msg)
    }

    fn query_value(&self, c: Contract, msg: &impl Serialize) -> R<Value> {
        self.w.query_value(&self.addr(c)?, msg)
    }

    fn exec(&self, what: &str, c: Contract, msg: &impl Serialize) -> R<Value> {
        let tx = self.w.execute(what, &self.addr(c)?, msg, None)?;
        Ok(tx_json(tx.as_ref(), Map::new()))
    }

    /// Who signs (--from), as an address.
    fn me(&self) -> R<String> {
        self.w.sender()
    }

    fn or_me(&self, a: &Option<String>) -> R<String> {
        match a {
            Some(a) => self.w.address(a),
            None => self.me(),
        }
    }

    /// The payment asset of a paying contract.
    fn payment(&self, c: Contract) -> R<Asset> {
        payment_of(&self.w, &self.addr(c)?)
    }

    fn token_of(&self, asset: &Asset) -> R<Token> {
        token_of(&self.w, asset)
    }

    /// Base units of an amount in a token (asking the token for its decimals only when a
    /// display amount such as 12.5BAND was typed).
    fn base(&self, a: &Amount, token: impl FnOnce() -> R<Token>) -> R<Uint128> {
        if !a.needs_decimals() {
            return a.to_base("", 0).map_err(CliError::Input);
        }
        match token()? {
            Token::Cw20 { symbol, decimals, .. } => a.to_base(&symbol, decimals).map_err(CliError::Input),
            Token::Native { denom } => Err(CliError::Input(format!(
                "this contract is paid in the native {denom}: give amounts in base units (e.g. 100{denom})"
            ))),
        }
    }

    fn bandcoin_token(&self) -> R<Token> {
        let addr = self.addr(Contract::Bandcoin)?;
        self.token_of(&Asset::Cw20 {
            contract: cosmwasm_std::Addr::unchecked(addr),
        })
    }

    fn paid_in(&self, c: Contract) -> impl FnOnce() -> R<Token> + '_ {
        move || {
            let p = self.payment(c)?;
            self.token_of(&p)
        }
    }

    /// Pays `price` into contract `c`: attached native funds with `direct`, or Bandcoin
    /// through the token's `Send` with `hook` (or an allowance, then `direct`).
    #[allow(clippy::too_many_arguments)]
    fn pay(
        &self,
        what: &str,
        c: Contract,
        asset: &Asset,
        price: Uint128,
        direct: &impl Serialize,
        hook: &impl Serialize,
        allowance: bool,
    ) -> R<Option<Tx>> {
        let target = self.addr(c)?;
        match asset {
            Asset::Native { denom } => {
                let funds = format!("{price}{denom}");
                self.w.execute(
                    what,
                    &target,
                    direct,
                    (!price.is_zero()).then_some(funds.as_str()),
                )
            }
            Asset::Cw20 { contract } if allowance => {
                let inc = Cw20ExecuteMsg::IncreaseAllowance {
                    spender: target.clone(),
                    amount: price,
                    expires: None,
                };
                self.w.execute(
                    &format!("{what} (allowance)"),
                    contract.as_str(),
                    &inc,
                    None,
                )?;
                self.w.execute(what, &target, direct, None)
            }
            Asset::Cw20 { contract } => {
                let send = Cw20ExecuteMsg::Send {
                    contract: target,
                    amount: price,
                    msg: to_json_binary(hook).expect("serializes"),
                };
                self.w.execute(what, contract.as_str(), &send, None)
            }
        }
    }

    /// Pays for an `Allocate` of `recipients` from `offer` on the market at the quote `q`
    /// (its version, epochs and price), as [`Ctx::pay`] does.
    fn allocate(
        &self,
        what: &str,
        offer: u64,
        q: &bm::QuoteResponse,
        recipients: bm::Recipients,
        asset: &Asset,
        allowance: bool,
    ) -> R<Option<Tx>> {
        let msg = bm::AllocateMsg {
            offer_id: offer,
            version: q.version,
            epoch: Some(q.epoch),
            epoch_to: Some(q.epoch_to),
            recipients,
            price: q.price,
        };
        let (direct, hook) = (
            bm::ExecuteMsg::Allocate(msg.clone()),
            bm::ReceiveMsg::Allocate(msg),
        );
        let c = Contract::Market;
        self.pay(what, c, asset, q.price, &direct, &hook, allowance)
    }

    fn current_epoch(&self) -> R<bm::CurrentEpochResponse> {
        self.query(Contract::Market, &bm::QueryMsg::CurrentEpoch {})
    }

    /// Block time now (the market's view), or the system clock without a market.
    fn now(&self) -> R<u64> {
        match self.addr(Contract::Market) {
            Ok(_) => Ok(self.current_epoch()?.now),
            Err(_) => Ok(std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs())
                .unwrap_or(0)),
        }
    }

    fn time(&self, t: TimeArg) -> R<u64> {
        Ok(if t.is_relative() {
            t.resolve(self.now()?)
        } else {
            t.resolve(0)
        })
    }

    fn epochs(&self, e: &Epochs) -> R<(Option<u64>, Option<u64>)> {
        let relative = e.epoch.is_some_and(EpochArg::is_relative)
            || e.epoch_to.is_some_and(EpochArg::is_relative);
        let current = if relative {
            self.current_epoch()?.epoch
        } else {
            0
        };
        let r = |x: Option<EpochArg>| {
            x.map(|x| x.resolve(current))
                .transpose()
                .map_err(CliError::Input)
        };
        let (from, to) = (r(e.epoch)?, r(e.epoch_to)?);
        if let (Some(a), Some(b)) = (from, to) {
            if b < a {
                return Err(CliError::Input(format!(
                    "--epoch-to {b} is before --epoch {a}"
                )));
            }
        }
        Ok((from, to))
    }

    /// Asks before paying more than `max`; refuses without a terminal (exit 2).
    fn confirm_price(&self, price: Uint128, max: Option<Uint128>, shown: &str) -> R<()> {
        let Some(max) = max else { return Ok(()) };
        if price <= max || self.g.yes {
            return Ok(());
        }
        if !std::io::stdin().is_terminal() || self.g.json {
            return Err(CliError::Input(format!(
                "the price {shown} is above --max-price {max}: refused (raise --max-price or add --yes)"
            )));
        }
        eprint!("the price {shown} is above --max-price {max}. Pay it? [y/N] ");
        std::io::stderr().flush().ok();
        let mut line = String::new();
        std::io::stdin().lock().read_line(&mut line).ok();
        if matches!(line.trim(), "y" | "Y" | "yes") {
            Ok(())
        } else {
            Err(CliError::Input("not confirmed: nothing was sent".into()))
        }
    }

    /// Prints a progress line on stderr (never in --json).
    fn note(&self, s: &str) {
        if !self.g.json {
            eprintln!("{s}");
        }
    }
}

/// The payment asset of a paying contract.
fn payment_of(w: &Wasmd, contract: &str) -> R<Asset> {
    let v = w.query_value(contract, &json!({"config": {}}))?;
    serde_json::from_value(v["payment"].clone())
        .map_err(|e| CliError::Other(format!("config without a payment asset: {e}")))
}

/// The token amounts of `asset` are in (a cw20's symbol and decimals).
fn token_of(w: &Wasmd, asset: &Asset) -> R<Token> {
    Ok(match asset {
        Asset::Native { denom } => Token::Native {
            denom: denom.clone(),
        },
        Asset::Cw20 { contract } => {
            let info: TokenInfoResponse =
                w.query(contract.as_str(), &Cw20QueryMsg::TokenInfo {})?;
            Token::Cw20 {
                contract: contract.to_string(),
                symbol: info.symbol,
                decimals: info.decimals as u32,
            }
        }
    })
}

fn tx_json(tx: Option<&Tx>, mut extra: Map<String, Value>) -> Value {
    match tx {
        Some(t) => {
            let mut m = t.json();
            m.append(&mut extra);
            Value::Object(m)
        }
        None => {
            extra.insert("printed".into(), true.into());
            Value::Object(extra)
        }
    }
}

/// The quote of a purchase by the signer. An offer without targeted consumers has one
/// price for every buyer, so it is quoted without the buyer and no key lookup (a `wasmd`
/// process) is needed; a targeted offer, or one that changed between the two reads, is
/// quoted again for the signer's address. The quote's version binds the terms either way.
fn quote_for_buyer(
    ctx: &Ctx,
    market: &str,
    offer_id: u64,
    units: u64,
    epoch: Option<u64>,
    epoch_to: Option<u64>,
) -> R<bm::QuoteResponse> {
    let quote = |buyer: Option<String>| -> R<bm::QuoteResponse> {
        ctx.w.query(
            market,
            &bm::QueryMsg::Quote {
                offer_id,
                epoch,
                epoch_to,
                units,
                buyer,
            },
        )
    };
    // The quote first: it refuses a missing offer or a bad epoch with the contract's text.
    let q = quote(None)?;
    let o: bm::OfferResponse = ctx.w.query(market, &bm::QueryMsg::Offer { offer_id })?;
    if o.consumers.is_empty() && q.version == o.version {
        return Ok(q);
    }
    quote(Some(ctx.me()?))
}

/// The start of a lease: an absolute time as given; a relative one (`now+1m`) rounded up
/// to the lease contract's next bucket boundary, since leases start on one (shown).
fn lease_start(ctx: &Ctx, from_time: TimeArg) -> R<u64> {
    let start = ctx.time(from_time)?;
    if !from_time.is_relative() {
        return Ok(start);
    }
    let config: sl::ConfigResponse = ctx.query(Contract::Lease, &sl::QueryMsg::Config {})?;
    let bucket = config.bucket_seconds.max(1);
    let rounded = start.div_ceil(bucket) * bucket;
    if rounded != start {
        ctx.note(&format!(
            "start {start} rounded up to {rounded}, the next {bucket}-second bucket boundary"
        ));
    }
    Ok(rounded)
}

/// The lease contract's quote of a request, the one `lease request` pays.
fn lease_quote(license: u64, bandwidth: u64, start: u64, duration: u64) -> sl::QueryMsg {
    sl::QueryMsg::QuoteLease {
        license_id: license,
        bandwidth_hz: bandwidth,
        start,
        duration,
    }
}

fn fmt_price(price: Uint128, token: &Option<Token>) -> String {
    match token {
        Some(Token::Cw20 {
            symbol, decimals, ..
        }) => format!(
            "{} {symbol} ({price} base units)",
            fmt_scaled(price.u128(), *decimals)
        ),
        Some(Token::Native { denom }) => format!("{price}{denom}"),
        None => price.to_string(),
    }
}

fn ownership(o: &Ownership) -> Option<cw_ownable::Action> {
    match o {
        Ownership::Show => None,
        Ownership::Transfer {
            new_owner,
            expiry_height,
        } => Some(cw_ownable::Action::TransferOwnership {
            new_owner: new_owner.clone(),
            expiry: expiry_height.map(cw_ownable::Expiration::AtHeight),
        }),
        Ownership::Accept => Some(cw_ownable::Action::AcceptOwnership),
        Ownership::Renounce => Some(cw_ownable::Action::RenounceOwnership),
    }
}

fn gate(g: &GateArgs) -> Option<ReputationGateMsg> {
    match (&g.gate_contract, g.gate_min_score) {
        (Some(c), Some(s)) => Some(ReputationGateMsg {
            contract: c.clone(),
            min_score: s,
        }),
        _ => None,
    }
}

fn split3(s: &str, what: &str) -> R<(String, String, String)> {
    let parts: Vec<&str> = s.rsplitn(3, ':').collect();
    if parts.len() != 3 {
        return Err(CliError::Input(format!("{what} `{s}`: expected A:B:C")));
    }
    Ok((
        parts[2].to_string(),
        parts[1].to_string(),
        parts[0].to_string(),
    ))
}

fn num<T: std::str::FromStr>(s: &str, what: &str) -> R<T> {
    s.trim()
        .parse()
        .map_err(|_| CliError::Input(format!("{what}: `{s}` is not a whole number")))
}

/// The offer terms of the flags; amounts in `token`.
pub fn offer_terms(a: &OfferArgs, base: &dyn Fn(&Amount) -> R<Uint128>) -> R<bm::OfferTerms> {
    a.band
        .validate_bandwidth(a.bandwidth)
        .map_err(|e| CliError::Input(e.to_string()))?;
    if a.duration == 0 {
        return Err(CliError::Input(
            "--duration must be greater than zero".into(),
        ));
    }
    let mut reservations = vec![];
    for r in &a.reservations {
        let (e, p, c) = split3(r, "--reserve")?;
        reservations.push(bm::ReservationUpdate {
            epoch: num(&e, "--reserve epoch")?,
            price: base(&Amount::parse(&p).map_err(CliError::Input)?)?,
            capacity: num(&c, "--reserve capacity")?,
        });
    }
    let mut qos = std::collections::BTreeMap::new();
    for q in &a.qos {
        let (k, v) = q
            .split_once('=')
            .ok_or_else(|| CliError::Input(format!("--qos `{q}`: expected KEY=VALUE")))?;
        qos.insert(k.to_string(), v.to_string());
    }
    let mut consumers = vec![];
    for c in &a.consumers {
        let (addr, u, p) = split3(c, "--consumer")?;
        consumers.push(bm::TargetedAllocation {
            consumer: addr,
            units: num(&u, "--consumer units")?,
            unit_price: base(&Amount::parse(&p).map_err(CliError::Input)?)?,
        });
    }
    Ok(bm::OfferTerms {
        band: a.band,
        bandwidth_hz: a.bandwidth,
        location: a.location.clone(),
        unit_price: base(&a.unit_price)?,
        max_allocations: a.max_allocations,
        allocation_duration: a.duration,
        volume_discount: a.volume_discount,
        reservation_discount: a.reservation_discount,
        reservations,
        qos,
        consumers,
    })
}

/// Random bytes from the operating system.
pub fn random_bytes(n: usize) -> R<Vec<u8>> {
    let mut b = vec![0u8; n];
    std::fs::File::open("/dev/urandom")
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut b))
        .map_err(|e| CliError::Other(format!("/dev/urandom: {e}")))?;
    Ok(b)
}

/// A sealed bid kept locally between commit and reveal.
#[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
pub struct BidFile {
    /// Chain.
    pub chain_id: String,
    /// auction-clearing address.
    pub auction_contract: String,
    /// The auction.
    pub auction_id: u64,
    /// The bidder's address.
    pub bidder: String,
    /// Units.
    pub units: u64,
    /// Price per unit, base units.
    pub price: Uint128,
    /// The salt, hex.
    pub salt: String,
    /// Deposit, base units.
    pub deposit: Uint128,
    /// The commitment, base64.
    pub commitment: Binary,
}

/// Where the bid file of (chain, auction contract, auction, bidder) lives.
pub fn bid_path(
    dir: &Path,
    chain_id: &str,
    contract: &str,
    auction_id: u64,
    bidder: &str,
) -> PathBuf {
    dir.join(format!("{chain_id}-{contract}-{auction_id}-{bidder}.json"))
}

/// Writes a bid file with mode 0600 (its folder 0700), keeping a replaced one aside.
pub fn write_bid_file(path: &Path, bid: &BidFile) -> R<()> {
    use std::os::unix::fs::{DirBuilderExt, OpenOptionsExt};
    let err = |e: std::io::Error| CliError::Other(format!("bid file {}: {e}", path.display()));
    if let Some(dir) = path.parent() {
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .map_err(err)?;
    }
    if path.exists() {
        let aside = path.with_extension(format!("replaced-{}.json", std::process::id()));
        std::fs::rename(path, aside).map_err(err)?;
    }
    let mut f = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .mode(0o600)
        .open(path)
        .map_err(err)?;
    f.write_all(
        serde_json::to_string_pretty(bid)
            .expect("serializes")
            .as_bytes(),
    )
    .map_err(err)?;
    f.sync_all().map_err(err)
}

fn default_bids_dir() -> PathBuf {
    std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."))
        .join(".spectrum")
        .join("bids")
}

/// centi-dBm of `-92.5` (dBm).
pub fn parse_cdbm(s: &str) -> R<i64> {
    let t = s.trim().trim_end_matches("dBm").trim();
    let (neg, body) = match t.strip_prefix('-') {
        Some(b) => (true, b),
        None => (false, t),
    };
    let (i, f) = body.split_once('.').unwrap_or((body, ""));
    if i.is_empty()
        || !i.chars().all(|c| c.is_ascii_digit())
        || !f.chars().all(|c| c.is_ascii_digit())
        || f.len() > 2
    {
        return Err(CliError::Input(format!(
            "level `{s}`: dBm with at most 2 decimals, e.g. -92.5"
        )));
    }
    let v: i64 = format!("{i}{f:0<2}")
        .parse()
        .map_err(|_| CliError::Input(format!("level `{s}` is too large")))?;
    Ok(if neg { -v } else { v })
}

/// Runs a command; returns what it prints, the wasmd commands of --print going to `printed`.
pub fn run_with(cli: Cli, printed: &std::cell::RefCell<Vec<String>>) -> R<Value> {
    let ctx = Ctx::new(cli.g);
    let r = dispatch(&ctx, cli.cmd);
    printed.borrow_mut().extend(ctx.w.printed.take());
    r
}

fn dispatch(ctx: &Ctx, cmd: Group) -> R<Value> {
    match cmd {
        Group::Market(m) => market(ctx, m),
        Group::Auction(a) => auction(ctx, a),
        Group::Lease(l) => lease(ctx, l),
        Group::Pool(p) => pool(ctx, p),
        Group::Rep(r) => rep(ctx, r),
        Group::Bandcoin(b) => bandcoin(ctx, b),
        Group::Keys(k) => keys_cmd(k),
    }
}

fn page_u64(p: &Page) -> R<Option<u64>> {
    p.start_after
        .as_deref()
        .map(|s| num(s, "--start-after"))
        .transpose()
}

fn market(ctx: &Ctx, m: Market) -> R<Value> {
    use bm::{ExecuteMsg as E, QueryMsg as Q};
    let c = Contract::Market;
    match m {
        Market::Buy {
            offer,
            units,
            epochs,
            max_price,
        } => {
            if units == 0 {
                return Err(CliError::Input("--units must be greater than zero".into()));
            }
            let (epoch, epoch_to) = ctx.epochs(&epochs)?;
            let market = ctx.addr(c)?;
            if ctx.w.opts.from.is_none() {
                return Err(CliError::Input("--from KEY is required to sign".into()));
            }
            let asset = payment_of(&ctx.w, &market)?;
            let token = token_of(&ctx.w, &asset)?;
            let q = quote_for_buyer(ctx, &market, offer, units, epoch, epoch_to)?;
            let tok = Some(token);
            let max = max_price
                .as_ref()
                .map(|a| ctx.base(a, || Ok(tok.clone().expect("token"))))
                .transpose()?;
            let shown = fmt_price(q.price, &tok);
            ctx.note(&format!(
                "offer {offer} version {}: {units} unit(s), epochs {}..={}, for {shown}",
                q.version, q.epoch, q.epoch_to
            ));
            ctx.confirm_price(q.price, max, &shown)?;
            let units_of = bm::Recipients::Units { units };
            let tx = ctx.allocate("market allocate", offer, &q, units_of, &asset, false)?;
            let mut extra = Map::new();
            extra.insert("offer_id".into(), offer.into());
            extra.insert("version".into(), q.version.into());
            extra.insert("units".into(), units.into());
            extra.insert("price".into(), q.price.to_string().into());
            extra.insert("epoch".into(), q.epoch.into());
            extra.insert("epoch_to".into(), q.epoch_to.into());
            if let Some(g) = tx
                .as_ref()
                .and_then(|t| t.attr("grant_id").or_else(|| t.attr("first_grant_id")))
            {
                extra.insert(
                    "grant_id".into(),
                    g.parse::<u64>()
                        .map(Value::from)
                        .unwrap_or(Value::String(g)),
                );
            }
            Ok(tx_json(tx.as_ref(), extra))
        }
        Market::BulkBuy {
            offer,
            keys: file,
            committed,
            tree_out,
            epochs,
            max_price,
        } => bulk_buy(
            ctx,
            offer,
            &file,
            committed,
            tree_out.as_deref(),
            &epochs,
            max_price.as_ref(),
        ),
        Market::Proof {
            tree,
            key,
            batch,
            offline,
        } => {
            let k = keys::parse_key(&key)?;
            let (f, t) = TreeFile::read(&tree).map_err(CliError::Input)?;
            let index =
                f.keys.iter().position(|x| *x == k).ok_or_else(|| {
                    CliError::Input(format!("key {key} is not in {}", tree.display()))
                })? as u64;
            let proof: Vec<Binary> = t
                .proof(index)
                .expect("in range")
                .iter()
                .map(|h| Binary::from(h.to_vec()))
                .collect();
            let mut out = json!({
                "root": Binary::from(f.root.to_vec()), "count": f.keys.len(), "index": index,
                "pubkey": Binary::from(k.to_vec()), "proof": proof,
            });
            if offline {
                return Ok(out);
            }
            let batch_id = batch
                .or((f.batch_id != 0).then_some(f.batch_id))
                .ok_or_else(|| {
                    CliError::Input("the tree file names no batch: give --batch".into())
                })?;
            let v: bm::VerifyGrantResponse = ctx.query(
                c,
                &Q::VerifyGrant {
                    batch_id,
                    pubkey: Binary::from(k.to_vec()),
                    index,
                    proof,
                },
            )?;
            out["batch_id"] = batch_id.into();
            out["valid"] = v.valid.into();
            out["active"] = v.active.into();
            out["valid_from"] = v.valid_from.into();
            out["valid_until"] = v.valid_until.into();
            if !v.valid {
                return Err(CliError::chain("verify_grant", &format!("the chain says the proof of key {key} at {index} is not valid for batch {batch_id}")));
            }
            Ok(out)
        }
        Market::ProveAccess {
            key_file,
            grant,
            batch,
            tree,
            challenge,
        } => {
            use k256::ecdsa::signature::Signer;
            let text = std::fs::read_to_string(&key_file)
                .map_err(|e| CliError::Input(format!("key file {}: {e}", key_file.display())))?;
            let sk_bytes = keys::hex_decode(text.trim())
                .filter(|b| b.len() == 32)
                .ok_or_else(|| {
                    CliError::Input(format!(
                        "key file {}: expected a 32-byte secret key in hex",
                        key_file.display()
                    ))
                })?;
            let sk = k256::ecdsa::SigningKey::from_slice(&sk_bytes)
                .map_err(|_| CliError::Input("not a valid secp256k1 secret key".into()))?;
            let pk: Key = sk
                .verifying_key()
                .to_encoded_point(true)
                .as_bytes()
                .try_into()
                .expect("33");
            let challenge = match challenge {
                Some(h) => keys::hex_decode(&h)
                    .ok_or_else(|| CliError::Input("--challenge: expected hex".into()))?,
                None => random_bytes(32)?,
            };
            let sig: k256::ecdsa::Signature = sk.sign(&challenge);
            let target = match (grant, batch) {
                (Some(grant_id), _) => bm::AccessTarget::Grant { grant_id },
                (None, Some(batch_id)) => {
                    let (f, t) = TreeFile::read(tree.as_deref().expect("required"))
                        .map_err(CliError::Input)?;
                    let index =
                        f.keys.iter().position(|x| *x == pk).ok_or_else(|| {
                            CliError::Input("this key is not in the tree file".into())
                        })? as u64;
                    let proof = t
                        .proof(index)
                        .expect("in range")
                        .iter()
                        .map(|h| Binary::from(h.to_vec()))
                        .collect();
                    bm::AccessTarget::Batch {
                        batch_id,
                        index,
                        proof,
                    }
                }
                (None, None) => {
                    return Err(CliError::Input(
                        "give --grant ID or --batch ID --tree FILE".into(),
                    ))
                }
            };
            let v: bm::VerifyAccessResponse = ctx.query(
                c,
                &Q::VerifyAccess {
                    target,
                    pubkey: Binary::from(pk.to_vec()),
                    challenge: Binary::from(challenge.clone()),
                    signature: Binary::from(sig.to_bytes().to_vec()),
                },
            )?;
            let out = json!({"pubkey": hex_encode(&pk), "challenge": hex_encode(&challenge), "valid": v.valid, "reason": v.reason, "valid_until": v.valid_until});
            if !v.valid {
                return Err(CliError::chain(
                    "verify_access",
                    v.reason.as_deref().unwrap_or("not valid"),
                ));
            }
            Ok(out)
        }
        Market::PostOffer(a) => {
            let base = |x: &Amount| ctx.base(x, ctx.paid_in(c));
            let terms = offer_terms(&a, &base)?;
            let tx = ctx.w.execute(
                "market post_offer",
                &ctx.addr(c)?,
                &E::PostOffer(terms),
                None,
            )?;
            let mut extra = Map::new();
            if let Some(id) = tx.as_ref().and_then(|t| t.attr("offer_id")) {
                extra.insert(
                    "offer_id".into(),
                    id.parse::<u64>()
                        .map(Value::from)
                        .unwrap_or(Value::String(id)),
                );
            }
            Ok(tx_json(tx.as_ref(), extra))
        }
        Market::UpdateOffer { offer, terms } => {
            let base = |x: &Amount| ctx.base(x, ctx.paid_in(c));
            let terms = offer_terms(&terms, &base)?;
            ctx.exec(
                "market update_offer",
                c,
                &E::UpdateOffer {
                    offer_id: offer,
                    terms,
                },
            )
        }
        Market::SetClearingHouse {
            offer,
            house,
            revoke,
        } => {
            let clearing_house = match (house, revoke) {
                (_, true) => None,
                (Some(h), _) => Some(h),
                (None, false) => Some(ctx.addr(Contract::Auction)?),
            };
            ctx.exec(
                "market set_clearing_house",
                c,
                &E::SetClearingHouse {
                    offer_id: offer,
                    clearing_house,
                },
            )
        }
        Market::SettleAuction { offer, awards } => {
            let mut list = vec![];
            let mut total = Uint128::zero();
            for a in &awards {
                let (consumer, u, p) = split3(a, "--award")?;
                let units: u64 = num(&u, "--award units")?;
                let unit_price =
                    ctx.base(&Amount::parse(&p).map_err(CliError::Input)?, ctx.paid_in(c))?;
                total += unit_price * Uint128::from(units);
                list.push(bm::Award {
                    consumer,
                    units,
                    unit_price,
                });
            }
            let asset = ctx.payment(c)?;
            let tx = ctx.pay(
                "market settle_auction",
                c,
                &asset,
                total,
                &E::SettleAuction {
                    offer_id: offer,
                    awards: list.clone(),
                },
                &bm::ReceiveMsg::SettleAuction {
                    offer_id: offer,
                    awards: list,
                },
                false,
            )?;
            Ok(tx_json(tx.as_ref(), Map::new()))
        }
        Market::Rate {
            grant,
            positive,
            quality,
        } => ctx.exec(
            "market rate_grant",
            c,
            &E::RateGrant {
                grant_id: grant,
                positive,
                quality,
            },
        ),
        Market::ApproveProvider { provider } => ctx.exec(
            "market approve_provider",
            c,
            &E::ApproveProvider { provider },
        ),
        Market::RemoveProvider { provider } => {
            ctx.exec("market remove_provider", c, &E::RemoveProvider { provider })
        }
        Market::UpdateConfig {
            max_bulk_consumers,
            gate: g,
            recorder,
        } => ctx.exec(
            "market update_config",
            c,
            &E::UpdateConfig {
                max_bulk_consumers,
                reputation_gate: gate(&g),
                remove_reputation_gate: g.remove_gate,
                reputation_recorder: recorder,
            },
        ),
        Market::Ownership(o) => match ownership(&o) {
            None => ctx.query_value(c, &Q::Ownership {}),
            Some(a) => ctx.exec("market update_ownership", c, &E::UpdateOwnership(a)),
        },
        Market::Config => ctx.query_value(c, &Q::Config {}),
        Market::Provider { address } => ctx.query_value(c, &Q::Provider { provider: address }),
        Market::Epoch => ctx.query_value(c, &Q::CurrentEpoch {}),
        Market::Offer { offer } => ctx.query_value(c, &Q::Offer { offer_id: offer }),
        Market::Offers { provider, page } => ctx.query_value(
            c,
            &Q::Offers {
                provider: ctx.or_me(&provider)?,
                start_after: page_u64(&page)?,
                limit: page.limit,
            },
        ),
        Market::Quote {
            offer,
            units,
            epochs,
            buyer,
        } => {
            let (epoch, epoch_to) = ctx.epochs(&epochs)?;
            ctx.query_value(
                c,
                &Q::Quote {
                    offer_id: offer,
                    epoch,
                    epoch_to,
                    units,
                    buyer,
                },
            )
        }
        Market::Grant { grant } => ctx.query_value(c, &Q::Grant { grant_id: grant }),
        Market::Grants { holder, key, page } => {
            let holder = match key {
                Some(k) => bm::Holder::Key {
                    pubkey: Binary::from(keys::parse_key(&k)?.to_vec()),
                },
                None => bm::Holder::Address {
                    address: ctx.or_me(&holder)?,
                },
            };
            ctx.query_value(
                c,
                &Q::GrantsByHolder {
                    holder,
                    start_after: page_u64(&page)?,
                    limit: page.limit,
                },
            )
        }
        Market::GrantsByOffer { offer, page } => ctx.query_value(
            c,
            &Q::GrantsByOffer {
                offer_id: offer,
                start_after: page_u64(&page)?,
                limit: page.limit,
            },
        ),
        Market::Batch { batch } => ctx.query_value(c, &Q::Batch { batch_id: batch }),
        Market::Rating { grant } => ctx.query_value(c, &Q::Rating { grant_id: grant }),
    }
}

/// The most keys one committed purchase reads.
pub const MAX_COMMITTED_KEYS: usize = 1_000_000;

fn bulk_buy(
    ctx: &Ctx,
    offer: u64,
    file: &Path,
    committed: bool,
    tree_out: Option<&Path>,
    epochs: &Epochs,
    max_price: Option<&Amount>,
) -> R<Value> {
    use bm::{ExecuteMsg as E, QueryMsg as Q};
    let c = Contract::Market;
    let started = std::time::Instant::now();
    let config: bm::ConfigResponse = ctx.query(c, &Q::Config {})?;
    let max_keys = if committed {
        MAX_COMMITTED_KEYS
    } else {
        config.max_bulk_consumers as usize
    };
    let keys = keys::read_keys(file, max_keys).map_err(|e| {
        if e.contains("more than") && !committed {
            CliError::Input(format!("{e}: the market's max_bulk_consumers is {max_keys}; use --committed for larger lists"))
        } else {
            CliError::Input(e)
        }
    })?;
    let read_s = started.elapsed().as_secs_f64();
    let tok = Some(ctx.token_of(&config.payment)?);
    let max = max_price
        .map(|a| ctx.base(a, || Ok(tok.clone().expect("token"))))
        .transpose()?;
    let (epoch, epoch_to) = ctx.epochs(epochs)?;
    let count = keys.len() as u64;
    let q: bm::QuoteResponse = ctx.query(
        c,
        &Q::Quote {
            offer_id: offer,
            epoch,
            epoch_to,
            units: count,
            buyer: None,
        },
    )?;
    let shown = fmt_price(q.price, &tok);
    let mut extra = Map::new();
    extra.insert("offer_id".into(), offer.into());
    extra.insert("version".into(), q.version.into());
    extra.insert("count".into(), count.into());
    extra.insert("price".into(), q.price.to_string().into());
    let tx = if committed {
        let tree = MerkleTree::new(&keys).expect("non-empty");
        let root = tree.root();
        let out = tree_out.expect("required");
        TreeFile::write(out, 0, &root, &keys).map_err(CliError::Other)?;
        let tree_s = started.elapsed().as_secs_f64();
        ctx.note(&format!(
            "{count} keys read and checked in {read_s:.2}s, Merkle tree built and written to {} in {:.2}s; root {}",
            out.display(),
            tree_s - read_s,
            hex_encode(&root)
        ));
        ctx.note(&format!(
            "offer {offer} version {}: {count} committed unit(s) for {shown}",
            q.version
        ));
        ctx.confirm_price(q.price, max, &shown)?;
        let msg = bm::AllocateCommittedMsg {
            offer_id: offer,
            version: q.version,
            epoch: Some(q.epoch),
            epoch_to: Some(q.epoch_to),
            root: Binary::from(root.to_vec()),
            count,
            price: q.price,
        };
        let tx = ctx.pay(
            "market allocate_committed",
            c,
            &config.payment,
            q.price,
            &E::AllocateCommitted(msg.clone()),
            &bm::ReceiveMsg::AllocateCommitted(msg),
            false,
        )?;
        if let Some(b) = tx.as_ref().and_then(|t| t.attr("batch_id")) {
            let id: u64 = b.parse().unwrap_or(0);
            TreeFile::set_batch_id(out, id).map_err(CliError::Other)?;
            extra.insert("batch_id".into(), id.into());
        }
        extra.insert("root".into(), hex_encode(&root).into());
        extra.insert("tree".into(), out.display().to_string().into());
        tx
    } else {
        ctx.note(&format!(
            "offer {offer} version {}: {count} grant(s), one per key, for {shown}",
            q.version
        ));
        ctx.confirm_price(q.price, max, &shown)?;
        let packed = bm::Recipients::PackedConsumers {
            keys: Binary::from(keys::pack(&keys)),
        };
        // The allowance route keeps the key list out of the token (see the market README).
        let what = "market allocate (bulk)";
        let tx = ctx.allocate(what, offer, &q, packed, &config.payment, true)?;
        if let Some(g) = tx.as_ref().and_then(|t| t.attr("first_grant_id")) {
            extra.insert(
                "first_grant_id".into(),
                g.parse::<u64>()
                    .map(Value::from)
                    .unwrap_or(Value::String(g)),
            );
        }
        tx
    };
    extra.insert(
        "seconds".into(),
        json!((started.elapsed().as_secs_f64() * 1000.0).round() / 1000.0),
    );
    Ok(tx_json(tx.as_ref(), extra))
}

fn auction(ctx: &Ctx, a: Auction) -> R<Value> {
    use ac::{ExecuteMsg as E, QueryMsg as Q};
    let c = Contract::Auction;
    match a {
        Auction::Commit {
            auction,
            units,
            price,
            deposit,
        } => {
            if units == 0 {
                return Err(CliError::Input("--units must be greater than zero".into()));
            }
            let asset = ctx.payment(c)?;
            let tok = ctx.token_of(&asset)?;
            let price = ctx.base(&price, || Ok(tok.clone()))?;
            let need = price
                .checked_mul(Uint128::from(units))
                .map_err(|_| CliError::Input("units × price overflows".into()))?;
            let deposit = match deposit {
                Some(d) => ctx.base(&d, || Ok(tok.clone()))?,
                None => need,
            };
            if deposit < need {
                return Err(CliError::Input(format!("--deposit {deposit} is below units × price = {need}: the reveal would be refused")));
            }
            let contract = ctx.addr(c)?;
            let bidder = ctx.me()?;
            let salt = random_bytes(32)?;
            let commitment = ac::commitment(auction, &bidder, units, price, &salt);
            let bid = BidFile {
                chain_id: ctx.g.chain_id.clone(),
                auction_contract: contract.clone(),
                auction_id: auction,
                bidder: bidder.clone(),
                units,
                price,
                salt: hex_encode(&salt),
                deposit,
                commitment: commitment.clone(),
            };
            let dir = ctx.g.bids_dir.clone().unwrap_or_else(default_bids_dir);
            let path = bid_path(&dir, &ctx.g.chain_id, &contract, auction, &bidder);
            write_bid_file(&path, &bid)?;
            ctx.note(&format!(
                "bid (salt included) saved to {} before broadcasting: keep it until the reveal",
                path.display()
            ));
            let tx = ctx.pay(
                "auction commit",
                c,
                &asset,
                deposit,
                &E::Commit {
                    auction_id: auction,
                    commitment: commitment.clone(),
                },
                &ac::ReceiveMsg::Commit {
                    auction_id: auction,
                    commitment: commitment.clone(),
                },
                false,
            )?;
            let mut extra = Map::new();
            extra.insert("auction_id".into(), auction.into());
            extra.insert("bid_file".into(), path.display().to_string().into());
            extra.insert("deposit".into(), deposit.to_string().into());
            extra.insert("commitment".into(), commitment.to_base64().into());
            Ok(tx_json(tx.as_ref(), extra))
        }
        Auction::Reveal { auction } => {
            let contract = ctx.addr(c)?;
            let bidder = ctx.me()?;
            let dir = ctx.g.bids_dir.clone().unwrap_or_else(default_bids_dir);
            let path = bid_path(&dir, &ctx.g.chain_id, &contract, auction, &bidder);
            let text = std::fs::read_to_string(&path).map_err(|_| CliError::Input(format!("no bid file {}: this account committed no bid to auction {auction} from this machine (or see --bids-dir)", path.display())))?;
            let bid: BidFile = serde_json::from_str(&text)
                .map_err(|e| CliError::Input(format!("bid file {}: {e}", path.display())))?;
            let salt = keys::hex_decode(&bid.salt)
                .ok_or_else(|| CliError::Input(format!("bid file {}: bad salt", path.display())))?;
            if ac::commitment(auction, &bidder, bid.units, bid.price, &salt) != bid.commitment {
                return Err(CliError::Input(format!(
                    "bid file {}: its bid does not give its commitment (edited?)",
                    path.display()
                )));
            }
            let tx = ctx.w.execute(
                "auction reveal",
                &contract,
                &E::Reveal {
                    auction_id: auction,
                    units: bid.units,
                    price: bid.price,
                    salt: Binary::from(salt),
                },
                None,
            )?;
            let mut extra = Map::new();
            extra.insert("auction_id".into(), auction.into());
            extra.insert("units".into(), bid.units.into());
            extra.insert("price".into(), bid.price.to_string().into());
            Ok(tx_json(tx.as_ref(), extra))
        }
        Auction::Bid { auction, price } => {
            let asset = ctx.payment(c)?;
            let price = ctx.base(&price, ctx.paid_in(c))?;
            let tx = ctx.pay(
                "auction bid",
                c,
                &asset,
                price,
                &E::Bid {
                    auction_id: auction,
                    price,
                },
                &ac::ReceiveMsg::Bid {
                    auction_id: auction,
                    price,
                },
                false,
            )?;
            Ok(tx_json(tx.as_ref(), Map::new()))
        }
        Auction::Withdraw { auction } => ctx.exec(
            "auction withdraw",
            c,
            &E::Withdraw {
                auction_id: auction,
            },
        ),
        Auction::Clear { auction } => {
            let mut rounds = 0u64;
            loop {
                let tx = ctx.w.execute(
                    "auction clear",
                    &ctx.addr(c)?,
                    &E::Clear {
                        auction_id: auction,
                    },
                    None,
                )?;
                rounds += 1;
                let done = tx
                    .as_ref()
                    .map_or(true, |t| t.attr("done").as_deref() != Some("false"));
                if done || rounds >= 1_000 {
                    let mut extra = Map::new();
                    extra.insert("clear_transactions".into(), rounds.into());
                    if let Some(o) = tx.as_ref().and_then(|t| t.attr("outcome")) {
                        extra.insert("outcome".into(), o.into());
                    }
                    return Ok(tx_json(tx.as_ref(), extra));
                }
            }
        }
        Auction::Create {
            offer,
            kind,
            units,
            band,
            bandwidth,
            epoch,
            min_price,
            bid_end,
            reveal_end,
            clearing_time,
        } => {
            let kind = match kind.to_ascii_lowercase().as_str() {
                "vickrey" => ac::AuctionKind::Vickrey,
                "propshare" => ac::AuctionKind::Propshare,
                "uniform" => ac::AuctionKind::Uniform,
                k => {
                    return Err(CliError::Input(format!(
                        "--kind `{k}`: vickrey, propshare or uniform"
                    )))
                }
            };
            band.validate_bandwidth(bandwidth)
                .map_err(|e| CliError::Input(e.to_string()))?;
            let min_price = ctx.base(&min_price, ctx.paid_in(c))?;
            let epoch = if epoch.is_relative() {
                epoch.resolve(ctx.current_epoch()?.epoch)?
            } else {
                epoch.resolve(0)?
            };
            let bid_end = ctx.time(bid_end)?;
            let reveal_end = reveal_end.map(|t| ctx.time(t)).transpose()?;
            let clearing_time = ctx.time(clearing_time)?;
            let msg = ac::CreateAuctionMsg {
                offer_id: offer,
                kind,
                max_allocations: units,
                band,
                bandwidth_hz: bandwidth,
                epoch,
                min_price,
                bid_end,
                reveal_end,
                clearing_time,
            };
            let tx = ctx.w.execute(
                "auction create",
                &ctx.addr(c)?,
                &E::CreateAuction(msg),
                None,
            )?;
            let mut extra = Map::new();
            if let Some(id) = tx.as_ref().and_then(|t| t.attr("auction_id")) {
                extra.insert(
                    "auction_id".into(),
                    id.parse::<u64>()
                        .map(Value::from)
                        .unwrap_or(Value::String(id)),
                );
            }
            Ok(tx_json(tx.as_ref(), extra))
        }
        Auction::UpdateConfig {
            market,
            gate: g,
            max_bids_per_tx,
            max_bids_per_auction,
            unrevealed_penalty,
        } => ctx.exec(
            "auction update_config",
            c,
            &E::UpdateConfig {
                market,
                reputation_gate: gate(&g),
                remove_reputation_gate: g.remove_gate,
                max_bids_per_tx,
                max_bids_per_auction,
                unrevealed_penalty,
            },
        ),
        Auction::Ownership(o) => match ownership(&o) {
            None => ctx.query_value(c, &Q::Ownership {}),
            Some(a) => ctx.exec("auction update_ownership", c, &E::UpdateOwnership(a)),
        },
        Auction::Config => ctx.query_value(c, &Q::Config {}),
        Auction::List { status, page } => {
            let status = status
                .map(|s| match s.to_ascii_lowercase().as_str() {
                    "active" => Ok(ac::AuctionStatus::Active),
                    "inactive" => Ok(ac::AuctionStatus::Inactive),
                    "cleared" => Ok(ac::AuctionStatus::Cleared),
                    o => Err(CliError::Input(format!(
                        "--status `{o}`: active, inactive or cleared"
                    ))),
                })
                .transpose()?;
            ctx.query_value(
                c,
                &Q::ListAuctions {
                    status,
                    start_after: page_u64(&page)?,
                    limit: page.limit,
                },
            )
        }
        Auction::Show { auction } => ctx.query_value(
            c,
            &Q::GetAuction {
                auction_id: auction,
            },
        ),
        Auction::Bids { auction, page } => ctx.query_value(
            c,
            &Q::ListBids {
                auction_id: auction,
                start_after: page.start_after,
                limit: page.limit,
            },
        ),
        Auction::GetBid { auction, bidder } => ctx.query_value(
            c,
            &Q::GetBid {
                auction_id: auction,
                bidder: ctx.or_me(&bidder)?,
            },
        ),
    }
}

fn lease(ctx: &Ctx, l: Lease) -> R<Value> {
    use sl::{ExecuteMsg as E, QueryMsg as Q};
    let c = Contract::Lease;
    let id_out = |tx: Option<Tx>, key: &str| {
        let mut extra = Map::new();
        if let Some(id) = tx.as_ref().and_then(|t| t.attr(key)) {
            extra.insert(
                key.into(),
                id.parse::<u64>()
                    .map(Value::from)
                    .unwrap_or(Value::String(id)),
            );
        }
        tx_json(tx.as_ref(), extra)
    };
    match l {
        Lease::Request {
            license,
            bandwidth,
            from_time,
            duration,
        } => {
            if bandwidth == 0 || duration == 0 {
                return Err(CliError::Input(
                    "--bandwidth and --for must be greater than zero".into(),
                ));
            }
            let start = lease_start(ctx, from_time)?;
            // The chain's exact price, checked as the request will be (times, capacity).
            let quote: sl::QuoteLeaseResponse =
                ctx.query(c, &lease_quote(license, bandwidth, start, duration))?;
            let price = quote.price;
            let asset = ctx.payment(c)?;
            ctx.note(&format!(
                "license {license}: {} for {} from t={start} costs {price} base units",
                fmt_hz(bandwidth),
                crate::units::fmt_duration(duration)
            ));
            let (direct, hook) = (
                E::RequestLease {
                    license_id: license,
                    bandwidth_hz: bandwidth,
                    start,
                    duration,
                },
                sl::ReceiveMsg::RequestLease {
                    license_id: license,
                    bandwidth_hz: bandwidth,
                    start,
                    duration,
                },
            );
            let tx = ctx.pay(
                "lease request_lease",
                c,
                &asset,
                price,
                &direct,
                &hook,
                false,
            )?;
            let mut v = id_out(tx, "lease_id");
            v["price"] = price.to_string().into();
            v["start"] = start.into();
            Ok(v)
        }
        Lease::Quote {
            license,
            bandwidth,
            from_time,
            duration,
        } => {
            let start = lease_start(ctx, from_time)?;
            ctx.query_value(c, &lease_quote(license, bandwidth, start, duration))
        }
        Lease::RegisterLicense {
            band,
            region,
            bandwidth,
            valid_until,
            price_per_hz_second,
            min_duration,
            max_duration,
            manual,
        } => {
            band.validate_bandwidth(bandwidth)
                .map_err(|e| CliError::Input(e.to_string()))?;
            let terms = sl::LicenseTerms {
                band,
                region_id: region,
                bandwidth_hz: bandwidth,
                valid_until: ctx.time(valid_until)?,
                price_per_hz_second,
                min_duration,
                max_duration,
                policy: if manual {
                    sl::ApprovalPolicy::Manual
                } else {
                    sl::ApprovalPolicy::Automatic
                },
            };
            let tx = ctx.w.execute(
                "lease register_license",
                &ctx.addr(c)?,
                &E::RegisterLicense { terms },
                None,
            )?;
            Ok(id_out(tx, "license_id"))
        }
        Lease::UpdateLicense {
            license,
            price_per_hz_second,
            bandwidth,
            interference_margin,
        } => ctx.exec(
            "lease update_license",
            c,
            &E::UpdateLicense {
                license_id: license,
                price_per_hz_second,
                bandwidth_hz: bandwidth,
                interference_margin_hz: interference_margin,
            },
        ),
        Lease::RetireLicense { license } => ctx.exec(
            "lease retire_license",
            c,
            &E::RetireLicense {
                license_id: license,
            },
        ),
        Lease::Approve { lease } => ctx.exec(
            "lease approve_lease",
            c,
            &E::ApproveLease { lease_id: lease },
        ),
        Lease::Reject { lease } => {
            ctx.exec("lease reject_lease", c, &E::RejectLease { lease_id: lease })
        }
        Lease::RefundLapsed { lease } => ctx.exec(
            "lease refund_lapsed",
            c,
            &E::RefundLapsed { lease_id: lease },
        ),
        Lease::Terminate { lease } => ctx.exec(
            "lease terminate_lease",
            c,
            &E::TerminateLease { lease_id: lease },
        ),
        Lease::Revoke { lease } => {
            let r: sl::RevocationRefundResponse =
                ctx.query(c, &Q::RevocationRefund { lease_id: lease })?;
            let asset = ctx.payment(c)?;
            let tx = if r.refund.is_zero() {
                ctx.w.execute(
                    "lease revoke_lease",
                    &ctx.addr(c)?,
                    &E::RevokeLease { lease_id: lease },
                    None,
                )?
            } else {
                ctx.pay(
                    "lease revoke_lease",
                    c,
                    &asset,
                    r.refund,
                    &E::RevokeLease { lease_id: lease },
                    &sl::ReceiveMsg::RevokeLease { lease_id: lease },
                    false,
                )?
            };
            let mut v = tx_json(tx.as_ref(), Map::new());
            v["refund"] = r.refund.to_string().into();
            Ok(v)
        }
        Lease::ReportInterference {
            lease,
            level_dbm,
            location,
            time,
            band,
        } => {
            let level_cdbm = parse_cdbm(&level_dbm)?;
            let time = ctx.time(time)?;
            ctx.exec(
                "lease report_interference",
                c,
                &E::ReportInterference {
                    lease_id: lease,
                    level_cdbm,
                    location,
                    time,
                    band,
                },
            )
        }
        Lease::Rate {
            lease,
            positive,
            quality,
        } => ctx.exec(
            "lease rate_lease",
            c,
            &E::RateLease {
                lease_id: lease,
                positive,
                quality,
            },
        ),
        Lease::ApproveMno { mno } => ctx.exec("lease approve_mno", c, &E::ApproveMno { mno }),
        Lease::RemoveMno { mno } => ctx.exec("lease remove_mno", c, &E::RemoveMno { mno }),
        Lease::UpdateConfig {
            gate: g,
            recorder,
            remove_recorder,
        } => ctx.exec(
            "lease update_config",
            c,
            &E::UpdateConfig {
                reputation_gate: gate(&g),
                remove_reputation_gate: g.remove_gate,
                reputation_recorder: recorder,
                remove_reputation_recorder: remove_recorder,
            },
        ),
        Lease::Ownership(o) => match ownership(&o) {
            None => ctx.query_value(c, &Q::Ownership {}),
            Some(a) => ctx.exec("lease update_ownership", c, &E::UpdateOwnership(a)),
        },
        Lease::Config => ctx.query_value(c, &Q::Config {}),
        Lease::Mno { mno } => ctx.query_value(c, &Q::Mno { mno }),
        Lease::License { license } => ctx.query_value(
            c,
            &Q::License {
                license_id: license,
            },
        ),
        Lease::Licenses { mno, page } => ctx.query_value(
            c,
            &Q::Licenses {
                mno,
                start_after: page_u64(&page)?,
                limit: page.limit,
            },
        ),
        Lease::Show { lease } => ctx.query_value(c, &Q::Lease { lease_id: lease }),
        Lease::Leases {
            license,
            mo,
            mno,
            page,
        } => {
            let (start_after, limit) = (page_u64(&page)?, page.limit);
            match (license, mo, mno) {
                (Some(license_id), _, _) => ctx.query_value(
                    c,
                    &Q::LeasesByLicense {
                        license_id,
                        start_after,
                        limit,
                    },
                ),
                (_, Some(mo), _) => ctx.query_value(
                    c,
                    &Q::LeasesByMo {
                        mo: ctx.w.address(&mo)?,
                        start_after,
                        limit,
                    },
                ),
                (_, _, Some(mno)) => ctx.query_value(
                    c,
                    &Q::LeasesByMno {
                        mno: ctx.w.address(&mno)?,
                        start_after,
                        limit,
                    },
                ),
                _ => Err(CliError::Input("give --license, --mo or --mno".into())),
            }
        }
        Lease::ActiveLeases { license, at, page } => {
            let at = at.map(|t| ctx.time(t)).transpose()?;
            ctx.query_value(
                c,
                &Q::ActiveLeases {
                    license_id: license,
                    at,
                    start_after: page_u64(&page)?,
                    limit: page.limit,
                },
            )
        }
        Lease::Capacity { license, at } => {
            let at = ctx.time(at)?;
            ctx.query_value(
                c,
                &Q::Capacity {
                    license_id: license,
                    at,
                },
            )
        }
        Lease::RevocationRefund { lease } => {
            ctx.query_value(c, &Q::RevocationRefund { lease_id: lease })
        }
        Lease::Interference { license, page } => ctx.query_value(
            c,
            &Q::InterferenceReports {
                license_id: license,
                start_after: page_u64(&page)?,
                limit: page.limit,
            },
        ),
        Lease::InterferenceSummary {
            license,
            window_buckets,
        } => ctx.query_value(
            c,
            &Q::InterferenceSummary {
                license_id: license,
                window_buckets,
            },
        ),
        Lease::Ratings { lease } => ctx.query_value(c, &Q::Ratings { lease_id: lease }),
        Lease::Equilibrium { p_s, gamma, p_w } => {
            use std::str::FromStr;
            let d = |s: &str, n: &str| {
                cosmwasm_std::Decimal256::from_str(s)
                    .map_err(|_| CliError::Input(format!("--{n} `{s}` is not a decimal")))
            };
            ctx.query_value(
                c,
                &Q::MoEquilibrium {
                    p_s: d(&p_s, "p-s")?,
                    gamma: d(&gamma, "gamma")?,
                    p_w: d(&p_w, "p-w")?,
                },
            )
        }
    }
}

/// Slots of a claim lasting `duration` seconds with slots of `slot_seconds`; refuses a
/// duration that is not a whole number of slots.
pub fn claim_slots(duration: u64, slot_seconds: u64) -> R<u32> {
    if duration == 0 || slot_seconds == 0 || duration % slot_seconds != 0 {
        return Err(CliError::Input(format!(
            "--for {duration}s is not a whole number of the pool's {slot_seconds}s slots"
        )));
    }
    u32::try_from(duration / slot_seconds).map_err(|_| CliError::Input("--for is too long".into()))
}

fn pool(ctx: &Ctx, p: Pool) -> R<Value> {
    use up::{ExecuteMsg as E, QueryMsg as Q};
    let c = Contract::Pool;
    match p {
        Pool::Claim {
            bandwidth,
            duration,
            slots,
        } => {
            if bandwidth == 0 {
                return Err(CliError::Input(
                    "--bandwidth must be greater than zero".into(),
                ));
            }
            let slots = match (duration, slots) {
                (_, Some(s)) => s,
                (Some(d), None) => {
                    let cfg = ctx.query_value(c, &Q::Config {})?;
                    let slot_seconds = cfg["slot_seconds"].as_u64().ok_or_else(|| {
                        CliError::Other(format!("pool config without slot_seconds: {cfg}"))
                    })?;
                    claim_slots(d, slot_seconds)?
                }
                (None, None) => {
                    return Err(CliError::Input("give --for DURATION or --slots N".into()))
                }
            };
            let tx = ctx.w.execute(
                "pool claim",
                &ctx.addr(c)?,
                &E::Claim {
                    bandwidth_hz: bandwidth,
                    slots,
                },
                None,
            )?;
            let mut extra = Map::new();
            extra.insert("bandwidth_hz".into(), bandwidth.into());
            extra.insert("slots".into(), slots.into());
            if let Some(cost) = tx.as_ref().and_then(|t| t.attr("cost")) {
                extra.insert("cost".into(), cost.into());
            }
            Ok(tx_json(tx.as_ref(), extra))
        }
        Pool::AddMember { address } => ctx.exec(
            "pool add_member",
            c,
            &E::AddMember {
                address: ctx.w.address(&address)?,
            },
        ),
        Pool::RemoveMember { address } => ctx.exec(
            "pool remove_member",
            c,
            &E::RemoveMember {
                address: ctx.w.address(&address)?,
            },
        ),
        Pool::StartRound => ctx.exec("pool start_round", c, &E::StartRound {}),
        Pool::Ownership(o) => match ownership(&o) {
            None => ctx.query_value(c, &Q::Ownership {}),
            Some(a) => ctx.exec("pool update_ownership", c, &E::UpdateOwnership(a)),
        },
        Pool::Config => ctx.query_value(c, &Q::Config {}),
        Pool::Round => ctx.query_value(c, &Q::Round {}),
        Pool::Balance { address } => ctx.query_value(
            c,
            &Q::Balance {
                address: ctx.or_me(&address)?,
            },
        ),
        Pool::Balances { page } => ctx.query_value(
            c,
            &Q::Balances {
                start_after: page.start_after,
                limit: page.limit,
            },
        ),
        Pool::Claims { slot, round, page } => ctx.query_value(
            c,
            &Q::ClaimsForSlot {
                round,
                slot,
                start_after: page.start_after,
                limit: page.limit,
            },
        ),
        Pool::FairShare => ctx.query_value(c, &Q::FairShare {}),
        Pool::Usage {
            address,
            last_slots,
        } => ctx.query_value(
            c,
            &Q::MemberUsage {
                address: ctx.w.address(&address)?,
                last_slots,
            },
        ),
        Pool::History {
            round,
            start_after,
            limit,
        } => ctx.query_value(
            c,
            &Q::SlotHistory {
                round,
                start_after,
                limit,
            },
        ),
    }
}

fn rep(ctx: &Ctx, r: Rep) -> R<Value> {
    use nr::{ExecuteMsg as E, QueryMsg as Q};
    let c = Contract::Rep;
    match r {
        Rep::Rate {
            operator,
            edge_node,
            positive,
            quality,
        } => {
            if quality > cosmwasm_std::Decimal::one() {
                return Err(CliError::Input("--quality is 0 to 1".into()));
            }
            ctx.exec(
                "rep record_interaction",
                c,
                &E::RecordInteraction {
                    operator: ctx.w.address(&operator)?,
                    node: ctx.w.address(&edge_node)?,
                    positive,
                    quality,
                },
            )
        }
        Rep::Nodes { top, start_after } => ctx.query_value(
            c,
            &Q::TopNodes {
                start_after,
                limit: Some(top),
            },
        ),
        Rep::Apply { kind, metadata } => {
            let kind = match kind.to_ascii_lowercase().replace('-', "_").as_str() {
                "edge_node" | "edge" => nr::NodeKind::EdgeNode,
                "operator" => nr::NodeKind::Operator,
                k => {
                    return Err(CliError::Input(format!(
                        "--kind `{k}`: edge-node or operator"
                    )))
                }
            };
            ctx.exec("rep apply", c, &E::Apply { kind, metadata })
        }
        Rep::Approve { applicant } => ctx.exec(
            "rep approve",
            c,
            &E::Approve {
                applicant: ctx.w.address(&applicant)?,
            },
        ),
        Rep::Reject { applicant } => ctx.exec(
            "rep reject",
            c,
            &E::Reject {
                applicant: ctx.w.address(&applicant)?,
            },
        ),
        Rep::AddAuthorized { address } => ctx.exec(
            "rep add_authorized",
            c,
            &E::AddAuthorized {
                address: ctx.w.address(&address)?,
            },
        ),
        Rep::RemoveAuthorized { address } => ctx.exec(
            "rep remove_authorized",
            c,
            &E::RemoveAuthorized {
                address: ctx.w.address(&address)?,
            },
        ),
        Rep::AddReporter { address } => ctx.exec(
            "rep add_reporter",
            c,
            &E::AddReporter {
                address: ctx.w.address(&address)?,
            },
        ),
        Rep::RemoveReporter { address } => ctx.exec(
            "rep remove_reporter",
            c,
            &E::RemoveReporter {
                address: ctx.w.address(&address)?,
            },
        ),
        Rep::UpdateConfig {
            quorum,
            application_expiry,
            threshold,
            min_interactions,
            operator_interval,
        } => ctx.exec(
            "rep update_config",
            c,
            &E::UpdateConfig {
                quorum,
                application_expiry_seconds: application_expiry,
                threshold,
                min_interactions,
                operator_interval_seconds: operator_interval,
            },
        ),
        Rep::Ownership(o) => match ownership(&o) {
            None => ctx.query_value(c, &Q::Ownership {}),
            Some(a) => ctx.exec("rep update_ownership", c, &E::UpdateOwnership(a)),
        },
        Rep::Config => ctx.query_value(c, &Q::Config {}),
        Rep::Qualification { address } => ctx.query_value(
            c,
            &Q::Qualification {
                address: ctx.or_me(&address)?,
            },
        ),
        Rep::Node { address } => ctx.query_value(
            c,
            &Q::Node {
                address: ctx.w.address(&address)?,
            },
        ),
        Rep::Application { address } => ctx.query_value(
            c,
            &Q::Application {
                address: ctx.w.address(&address)?,
            },
        ),
        Rep::Applications { status, page } => {
            let status = status
                .map(|s| match s.to_ascii_lowercase().as_str() {
                    "pending" => Ok(nr::ApplicationStatus::Pending),
                    "approved" => Ok(nr::ApplicationStatus::Approved),
                    "rejected" => Ok(nr::ApplicationStatus::Rejected),
                    "expired" => Ok(nr::ApplicationStatus::Expired),
                    o => Err(CliError::Input(format!(
                        "--status `{o}`: pending, approved, rejected or expired"
                    ))),
                })
                .transpose()?;
            ctx.query_value(
                c,
                &Q::Applications {
                    status,
                    start_after: page.start_after,
                    limit: page.limit,
                },
            )
        }
        Rep::Pair {
            operator,
            edge_node,
        } => ctx.query_value(
            c,
            &Q::Pair {
                operator: ctx.w.address(&operator)?,
                node: ctx.w.address(&edge_node)?,
            },
        ),
        Rep::Reporters { page } => ctx.query_value(
            c,
            &Q::Reporters {
                start_after: page.start_after,
                limit: page.limit,
            },
        ),
        Rep::Authorized { page } => ctx.query_value(
            c,
            &Q::Authorized {
                start_after: page.start_after,
                limit: page.limit,
            },
        ),
    }
}

fn hook_binary(msg: &str) -> R<Binary> {
    let v: Value = serde_json::from_str(msg)
        .map_err(|e| CliError::Input(format!("--msg is not JSON: {e}")))?;
    Ok(Binary::from(serde_json::to_vec(&v).expect("serializes")))
}

fn bandcoin(ctx: &Ctx, b: Bandcoin) -> R<Value> {
    use Cw20ExecuteMsg as E;
    use Cw20QueryMsg as Q;
    let c = Contract::Bandcoin;
    let amt = |a: &Amount| ctx.base(a, || ctx.bandcoin_token());
    match b {
        Bandcoin::Transfer { to, amount } => {
            let amount = amt(&amount)?;
            ctx.exec(
                "bandcoin transfer",
                c,
                &E::Transfer {
                    recipient: ctx.w.address(&to)?,
                    amount,
                },
            )
        }
        Bandcoin::Send {
            contract,
            amount,
            msg,
        } => {
            let (amount, msg) = (amt(&amount)?, hook_binary(&msg)?);
            ctx.exec(
                "bandcoin send",
                c,
                &E::Send {
                    contract,
                    amount,
                    msg,
                },
            )
        }
        Bandcoin::Burn { amount } => {
            let amount = amt(&amount)?;
            ctx.exec("bandcoin burn", c, &E::Burn { amount })
        }
        Bandcoin::Mint { to, amount } => {
            let amount = amt(&amount)?;
            ctx.exec(
                "bandcoin mint",
                c,
                &E::Mint {
                    recipient: ctx.w.address(&to)?,
                    amount,
                },
            )
        }
        Bandcoin::IncreaseAllowance { spender, amount } => {
            let amount = amt(&amount)?;
            ctx.exec(
                "bandcoin increase_allowance",
                c,
                &E::IncreaseAllowance {
                    spender: ctx.w.address(&spender)?,
                    amount,
                    expires: None,
                },
            )
        }
        Bandcoin::DecreaseAllowance { spender, amount } => {
            let amount = amt(&amount)?;
            ctx.exec(
                "bandcoin decrease_allowance",
                c,
                &E::DecreaseAllowance {
                    spender: ctx.w.address(&spender)?,
                    amount,
                    expires: None,
                },
            )
        }
        Bandcoin::TransferFrom { owner, to, amount } => {
            let amount = amt(&amount)?;
            ctx.exec(
                "bandcoin transfer_from",
                c,
                &E::TransferFrom {
                    owner: ctx.w.address(&owner)?,
                    recipient: ctx.w.address(&to)?,
                    amount,
                },
            )
        }
        Bandcoin::SendFrom {
            owner,
            contract,
            amount,
            msg,
        } => {
            // The amount, the hook, then the owner: the order their errors have always come in.
            let (amount, msg, owner) = (amt(&amount)?, hook_binary(&msg)?, ctx.w.address(&owner)?);
            let send_from = E::SendFrom {
                owner,
                contract,
                amount,
                msg,
            };
            ctx.exec("bandcoin send_from", c, &send_from)
        }
        Bandcoin::BurnFrom { owner, amount } => {
            let amount = amt(&amount)?;
            ctx.exec(
                "bandcoin burn_from",
                c,
                &E::BurnFrom {
                    owner: ctx.w.address(&owner)?,
                    amount,
                },
            )
        }
        Bandcoin::UpdateMinter { minter } => ctx.exec(
            "bandcoin update_minter",
            c,
            &E::UpdateMinter { new_minter: minter },
        ),
        Bandcoin::UpdateMarketing {
            project,
            description,
            marketing,
        } => ctx.exec(
            "bandcoin update_marketing",
            c,
            &E::UpdateMarketing {
                project,
                description,
                marketing,
            },
        ),
        Bandcoin::UploadLogo { url } => ctx.exec(
            "bandcoin upload_logo",
            c,
            &E::UploadLogo(cw20::Logo::Url(url)),
        ),
        Bandcoin::Balance { address } => {
            let address = ctx.or_me(&address)?;
            let mut v = ctx.query_value(
                c,
                &Q::Balance {
                    address: address.clone(),
                },
            )?;
            if let (
                Ok(Token::Cw20 {
                    symbol, decimals, ..
                }),
                Some(b),
            ) = (
                ctx.bandcoin_token(),
                v["balance"].as_str().and_then(|s| s.parse::<u128>().ok()),
            ) {
                v["display"] = format!("{} {symbol}", fmt_scaled(b, decimals)).into();
            }
            v["address"] = address.into();
            Ok(v)
        }
        Bandcoin::Info => ctx.query_value(c, &Q::TokenInfo {}),
        Bandcoin::Minter => ctx.query_value(c, &Q::Minter {}),
        Bandcoin::Allowance { owner, spender } => ctx.query_value(
            c,
            &Q::Allowance {
                owner: ctx.or_me(&owner)?,
                spender: ctx.w.address(&spender)?,
            },
        ),
        Bandcoin::Allowances { owner, page } => ctx.query_value(
            c,
            &Q::AllAllowances {
                owner: ctx.or_me(&owner)?,
                start_after: page.start_after,
                limit: page.limit,
            },
        ),
        Bandcoin::SpenderAllowances { spender, page } => {
            // cw20-base's own query (not in the cw20 package's QueryMsg)
            let spender = ctx.or_me(&spender)?;
            ctx.query_value(c, &json!({"all_spender_allowances": {"spender": spender, "start_after": page.start_after, "limit": page.limit}}))
        }
        Bandcoin::Accounts { page } => ctx.query_value(
            c,
            &Q::AllAccounts {
                start_after: page.start_after,
                limit: page.limit,
            },
        ),
        Bandcoin::Marketing => ctx.query_value(c, &Q::MarketingInfo {}),
        Bandcoin::Logo => ctx.query_value(c, &Q::DownloadLogo {}),
    }
}

fn read_secret(path: &Path) -> R<k256::ecdsa::SigningKey> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| CliError::Input(format!("key file {}: {e}", path.display())))?;
    let bytes = keys::hex_decode(text.trim())
        .filter(|b| b.len() == 32)
        .ok_or_else(|| {
            CliError::Input(format!(
                "key file {}: expected a 32-byte secret key in hex",
                path.display()
            ))
        })?;
    k256::ecdsa::SigningKey::from_slice(&bytes).map_err(|_| {
        CliError::Input(format!(
            "key file {}: not a valid secp256k1 secret key",
            path.display()
        ))
    })
}

fn keys_cmd(k: KeysCmd) -> R<Value> {
    match k {
        KeysCmd::Gen {
            count,
            out,
            secrets_out,
        } => {
            if count == 0 {
                return Err(CliError::Input("--count must be greater than zero".into()));
            }
            let (pubs, secrets) = keys::generate(count, &random_bytes(32)?, secrets_out.is_some());
            let err =
                |p: &Path, e: std::io::Error| CliError::Other(format!("{}: {e}", p.display()));
            std::fs::write(&out, pubs).map_err(|e| err(&out, e))?;
            if let Some(p) = &secrets_out {
                use std::os::unix::fs::OpenOptionsExt;
                let mut f = std::fs::OpenOptions::new()
                    .write(true)
                    .create(true)
                    .truncate(true)
                    .mode(0o600)
                    .open(p)
                    .map_err(|e| err(p, e))?;
                f.write_all(secrets.as_bytes()).map_err(|e| err(p, e))?;
            }
            Ok(
                json!({"count": count, "out": out.display().to_string(), "secrets_out": secrets_out.map(|p| p.display().to_string())}),
            )
        }
        KeysCmd::Pubkey { key_file } => {
            let sk = read_secret(&key_file)?;
            Ok(json!({"pubkey": hex_encode(sk.verifying_key().to_encoded_point(true).as_bytes())}))
        }
    }
}
