//! The chain runner: queries read directly from the node's RPC ([`crate::rpc`]), and
//! transactions signed and broadcast by the `wasmd` binary and its keyring (the
//! operator's key, hardware wallet and fee flags pass through), then followed to their
//! block over the RPC. An `https://` node, which the plain-HTTP reader cannot speak, is
//! read through `wasmd` instead.

use std::process::Command;
use std::time::{Duration, Instant};

use serde::de::DeserializeOwned;
use serde::Serialize;
use serde_json::Value;

use crate::rpc::{Rpc, RpcError};

/// Why a command failed; each kind has its exit code.
#[derive(Debug)]
pub enum CliError {
    /// Bad input caught before anything was sent: exit 2.
    Input(String),
    /// The chain (or wasmd) refused: exit 1, with the contract's text and a hint.
    Chain {
        /// What was attempted.
        what: String,
        /// The contract's own error text when found, else wasmd's last line.
        reason: String,
        /// The hint that fixes it, when one is known.
        hint: Option<String>,
    },
    /// Anything else after input was accepted (a file, wasmd missing): exit 1.
    Other(String),
}

impl CliError {
    /// The process exit code.
    pub fn code(&self) -> i32 {
        match self {
            CliError::Input(_) => 2,
            _ => 1,
        }
    }

    /// Refusal by the chain, with the contract's text and a hint when known.
    pub fn chain(what: &str, log: &str) -> Self {
        let reason = contract_reason(log);
        let hint = hint_for(&reason).or_else(|| hint_for(log));
        CliError::Chain {
            what: what.to_string(),
            reason,
            hint,
        }
    }
}

impl CliError {
    /// No answer from the node: names `--node` (exit 1).
    pub fn unreachable(what: &str, node: &str, err: &str) -> Self {
        CliError::Chain {
            what: what.to_string(),
            reason: format!("no answer from the node at --node {node}: {err}"),
            hint: Some(NO_NODE_HINT.to_string()),
        }
    }
}

/// The hint of a node that does not answer.
const NO_NODE_HINT: &str =
    "no node answers at --node (is the chain running? see scripts/localnet status)";

impl std::fmt::Display for CliError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            CliError::Input(m) => write!(f, "bad input: {m} (nothing was sent)"),
            CliError::Chain { what, reason, hint } => {
                write!(f, "refused: {what}: {reason}")?;
                if let Some(h) = hint {
                    write!(f, "\nhint: {h}")?;
                }
                Ok(())
            }
            CliError::Other(m) => write!(f, "error: {m}"),
        }
    }
}

impl From<String> for CliError {
    fn from(s: String) -> Self {
        CliError::Input(s)
    }
}

/// Strips ANSI colour codes.
fn strip_ansi(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\x1b' {
            for d in chars.by_ref() {
                if d.is_ascii_alphabetic() {
                    break;
                }
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// The contract's own error text in a wasmd log (`… message index: 0: offer 9 does not
/// exist: execute wasm contract failed …`), else the log's last non-empty line.
pub fn contract_reason(log: &str) -> String {
    let log = strip_ansi(log);
    const ENDS: [&str; 5] = [
        ": execute wasm contract failed",
        ": query wasm contract failed",
        ": instantiate wasm contract failed",
        ": wasmvm error",
        " [CosmWasm",
    ];
    let start = if let Some(i) = log.find("message index: ") {
        let rest = &log[i + "message index: ".len()..];
        let digits = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(0);
        Some(i + "message index: ".len() + digits + 2)
    } else {
        ENDS.iter().filter_map(|e| log.find(e)).min().map(|end| {
            // wasmd's gRPC error wraps the text in `… desc = TEXT`; the RPC's log is TEXT
            log[..end]
                .rfind("desc = ")
                .map_or(0, |i| i + "desc = ".len())
        })
    };
    if let Some(start) = start.filter(|s| *s <= log.len()) {
        let rest = &log[start..];
        let end = ENDS
            .iter()
            .filter_map(|e| rest.find(e))
            .min()
            .unwrap_or(rest.len());
        let text = rest[..end].trim();
        let text = text.strip_prefix("Generic error: ").unwrap_or(text);
        if !text.is_empty() {
            return text.to_string();
        }
    }
    log.lines()
        .rev()
        .map(str::trim)
        .find(|l| !l.is_empty())
        .unwrap_or("no output")
        .to_string()
}

/// The hint that fixes a known refusal.
pub fn hint_for(reason: &str) -> Option<String> {
    let r = reason.to_ascii_lowercase();
    let h = if r.contains(" is at version ") {
        "the offer changed since it was read: run the same command again; spectrum re-reads the version and the exact price (see `spectrum market offer`)"
    } else if r.contains("the price is ") {
        "the price changed (volume discount, epoch or terms): run the same command again; spectrum pays exactly what `spectrum market quote` answers"
    } else if r.contains("is not an approved provider") {
        "the market admin must run `spectrum market approve-provider ADDRESS`, or the provider must qualify in node-reputation (`spectrum rep apply`, then an authority's `spectrum rep approve`)"
    } else if r.contains("spot units left") || r.contains("has no reservation with") {
        "fewer units are left: buy fewer, or reserve a later epoch with --epoch now+1"
    } else if r.contains("insufficient funds")
        || r.contains("cannot sub")
        || r.contains("overflow: cannot sub")
    {
        "the account lacks funds: check `spectrum bandcoin balance ADDRESS` (and the fee denom's bank balance)"
    } else if r.contains("no allowance") || r.contains("allowance") {
        "the market takes payment from an allowance: `spectrum bandcoin increase-allowance --spender MARKET --amount …`"
    } else if r.contains("key not found") || r.contains("not a valid name or address") {
        "--from names no key of this keyring: check `wasmd keys list`, --keyring-backend and --home"
    } else if r.contains("account sequence mismatch") {
        "another transaction of this account was pending: run the command again"
    } else if r.contains("connection refused") || r.contains("post failed") {
        NO_NODE_HINT
    } else if r.contains("commitment") && r.contains("match") {
        "the revealed units, price or salt differ from the commitment: reveal with the bid file written at commit"
    } else if r.contains("is not qualified") || r.contains("reputation") && r.contains("score") {
        "qualify in node-reputation first: `spectrum rep apply`, then an authority's `spectrum rep approve`"
    } else {
        return None;
    };
    Some(h.to_string())
}

/// How to reach the chain and sign: the flags passed through to `wasmd`.
#[derive(Clone, Debug, Default)]
pub struct WasmdOpts {
    /// The wasmd binary.
    pub wasmd: String,
    /// wasmd's --home (keyring and client config), when given.
    pub home: Option<String>,
    /// --node.
    pub node: String,
    /// --chain-id.
    pub chain_id: String,
    /// --from: a key name or address.
    pub from: Option<String>,
    /// --keyring-backend.
    pub keyring_backend: Option<String>,
    /// --ledger.
    pub ledger: bool,
    /// --gas (`auto` or a number).
    pub gas: String,
    /// --gas-adjustment (with --gas auto).
    pub gas_adjustment: String,
    /// --gas-prices.
    pub gas_prices: Option<String>,
    /// --fees.
    pub fees: Option<String>,
    /// Print the wasmd command instead of running it.
    pub print: bool,
}

/// A committed transaction.
#[derive(Clone, Debug, Default)]
pub struct Tx {
    /// Its hash.
    pub txhash: String,
    /// The block.
    pub height: u64,
    /// Gas used.
    pub gas_used: u64,
    /// Its events.
    pub events: Vec<Value>,
}

impl Tx {
    /// The first value of `key` in a `wasm` event.
    pub fn attr(&self, key: &str) -> Option<String> {
        self.events
            .iter()
            .filter(|e| e["type"] == "wasm")
            .flat_map(|e| e["attributes"].as_array().cloned().unwrap_or_default())
            .find(|a| a["key"] == key)
            .and_then(|a| a["value"].as_str().map(str::to_string))
    }

    /// The summary as JSON.
    pub fn json(&self) -> serde_json::Map<String, Value> {
        let mut m = serde_json::Map::new();
        m.insert("txhash".into(), self.txhash.clone().into());
        m.insert("height".into(), self.height.into());
        m.insert("gas_used".into(), self.gas_used.into());
        m
    }
}

/// Quotes one argument for a shell.
pub fn shell_quote(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:=,+@%".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', "'\\''"))
    }
}

/// Reads the chain over its RPC and runs `wasmd` to sign.
pub struct Wasmd {
    /// The flags.
    pub opts: WasmdOpts,
    /// The node's plain-HTTP RPC (`None` for an `https://` node: reads go through wasmd).
    pub rpc: Option<Rpc>,
    /// Commands printed in --print mode (kept for the tests).
    pub printed: std::cell::RefCell<Vec<String>>,
}

/// How often a broadcast transaction is looked up until it is in a block.
const TX_POLL: Duration = Duration::from_millis(20);
/// How long a broadcast transaction may take to reach a block.
const TX_TIMEOUT: Duration = Duration::from_secs(60);

impl Wasmd {
    /// A runner with these flags.
    pub fn new(opts: WasmdOpts) -> Self {
        Wasmd {
            rpc: Rpc::for_node(&opts.node),
            opts,
            printed: Default::default(),
        }
    }

    fn common(&self, args: &mut Vec<String>) {
        if let Some(h) = &self.opts.home {
            args.extend(["--home".into(), h.clone()]);
        }
    }

    fn run(&self, args: &[String]) -> Result<std::process::Output, CliError> {
        Command::new(&self.opts.wasmd)
            .args(args)
            .output()
            .map_err(|e| {
                CliError::Other(format!(
                    "cannot run {}: {e} (set --wasmd or WASMD)",
                    self.opts.wasmd
                ))
            })
    }

    /// A smart query, answer as JSON: over the RPC, or through wasmd for an https node.
    pub fn query_value(&self, contract: &str, msg: &impl Serialize) -> Result<Value, CliError> {
        let json = serde_json::to_string(msg).expect("messages serialize");
        let what = format!("query {}", json.split('"').nth(1).unwrap_or("query"));
        let Some(rpc) = &self.rpc else {
            return self.query_value_by_wasmd(contract, &json, &what);
        };
        let bytes = rpc
            .smart_query(contract, json.as_bytes())
            .map_err(|e| self.rpc_error(&what, e))?;
        serde_json::from_slice(&bytes).map_err(|e| {
            CliError::Other(format!(
                "{what}: the contract answered no JSON: {e}: {}",
                String::from_utf8_lossy(&bytes)
            ))
        })
    }

    /// The error of a failed RPC read: a refusal with the contract's text, or a dead node.
    fn rpc_error(&self, what: &str, e: RpcError) -> CliError {
        match e {
            RpcError::Refused(log) => CliError::chain(what, &log),
            RpcError::Unreachable(m) => CliError::unreachable(what, &self.opts.node, &m),
        }
    }

    /// A smart query run by `wasmd query wasm contract-state smart`.
    fn query_value_by_wasmd(
        &self,
        contract: &str,
        json: &str,
        what: &str,
    ) -> Result<Value, CliError> {
        let mut args: Vec<String> = [
            "query",
            "wasm",
            "contract-state",
            "smart",
            contract,
            json,
            "--node",
            &self.opts.node,
            "-o",
            "json",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        self.common(&mut args);
        let out = self.run(&args)?;
        let text = String::from_utf8_lossy(&out.stdout);
        if !out.status.success() {
            let log = String::from_utf8_lossy(&out.stderr).to_string() + &text;
            return Err(CliError::chain(what, &log));
        }
        let v: Value = serde_json::from_str(text.trim())
            .map_err(|e| CliError::Other(format!("wasmd answered no JSON: {e}: {text}")))?;
        Ok(v.get("data").cloned().unwrap_or(Value::Null))
    }

    /// A smart query into a typed response.
    pub fn query<T: DeserializeOwned>(
        &self,
        contract: &str,
        msg: &impl Serialize,
    ) -> Result<T, CliError> {
        let v = self.query_value(contract, msg)?;
        serde_json::from_value(v.clone())
            .map_err(|e| CliError::Other(format!("unexpected answer {v}: {e}")))
    }

    /// The address of a key (or the address itself when given one).
    pub fn address(&self, key: &str) -> Result<String, CliError> {
        if key.contains('1') && key.len() > 30 && key.chars().all(|c| c.is_ascii_alphanumeric()) {
            return Ok(key.to_string());
        }
        let mut args: Vec<String> = vec!["keys".into(), "show".into(), key.into(), "-a".into()];
        if let Some(k) = &self.opts.keyring_backend {
            args.extend(["--keyring-backend".into(), k.clone()]);
        }
        self.common(&mut args);
        let out = self.run(&args)?;
        if !out.status.success() {
            return Err(CliError::chain(
                &format!("keys show {key}"),
                &String::from_utf8_lossy(&out.stderr),
            ));
        }
        Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
    }

    /// The signer's address (--from).
    pub fn sender(&self) -> Result<String, CliError> {
        let from = self.from()?;
        self.address(&from)
    }

    fn from(&self) -> Result<String, CliError> {
        self.opts
            .from
            .clone()
            .ok_or_else(|| CliError::Input("--from KEY is required to sign".into()))
    }

    /// The full `wasmd tx wasm execute` argument list.
    pub fn execute_args(
        &self,
        contract: &str,
        msg: &impl Serialize,
        funds: Option<&str>,
    ) -> Result<Vec<String>, CliError> {
        let json = serde_json::to_string(msg).expect("messages serialize");
        let mut args: Vec<String> = vec![
            "tx".into(),
            "wasm".into(),
            "execute".into(),
            contract.into(),
            json,
        ];
        if let Some(f) = funds {
            args.extend(["--amount".into(), f.into()]);
        }
        args.extend(["--from".into(), self.from()?]);
        args.extend(["--chain-id".into(), self.opts.chain_id.clone()]);
        args.extend(["--node".into(), self.opts.node.clone()]);
        if let Some(k) = &self.opts.keyring_backend {
            args.extend(["--keyring-backend".into(), k.clone()]);
        }
        if self.opts.ledger {
            args.push("--ledger".into());
        }
        self.common(&mut args);
        args.extend(["--gas".into(), self.opts.gas.clone()]);
        if self.opts.gas == "auto" {
            args.extend(["--gas-adjustment".into(), self.opts.gas_adjustment.clone()]);
        }
        if let Some(p) = &self.opts.gas_prices {
            args.extend(["--gas-prices".into(), p.clone()]);
        }
        if let Some(f) = &self.opts.fees {
            args.extend(["--fees".into(), f.clone()]);
        }
        args.extend(["--broadcast-mode", "sync", "-y", "-o", "json"].map(String::from));
        Ok(args)
    }

    /// Signs, broadcasts and waits for the block; in --print mode prints the command and
    /// returns `None`.
    pub fn execute(
        &self,
        what: &str,
        contract: &str,
        msg: &impl Serialize,
        funds: Option<&str>,
    ) -> Result<Option<Tx>, CliError> {
        let args = self.execute_args(contract, msg, funds)?;
        if self.opts.print {
            let line = std::iter::once(self.opts.wasmd.as_str())
                .chain(args.iter().map(String::as_str))
                .map(shell_quote)
                .collect::<Vec<_>>()
                .join(" ");
            self.printed.borrow_mut().push(line);
            return Ok(None);
        }
        let out = self.run(&args)?;
        let stdout = String::from_utf8_lossy(&out.stdout).to_string();
        let stderr = String::from_utf8_lossy(&out.stderr).to_string();
        let resp: Option<Value> = stdout
            .lines()
            .rev()
            .find(|l| l.trim_start().starts_with('{'))
            .and_then(|l| serde_json::from_str(l).ok());
        let resp = match resp {
            Some(r) if out.status.success() => r,
            _ => return Err(CliError::chain(what, &format!("{stderr}\n{stdout}"))),
        };
        if resp["code"].as_u64().unwrap_or(0) != 0 {
            return Err(CliError::chain(
                what,
                resp["raw_log"].as_str().unwrap_or(""),
            ));
        }
        let hash = resp["txhash"].as_str().unwrap_or_default().to_string();
        self.wait(what, &hash).map(Some)
    }

    /// Waits until the transaction is in a block: looks it up over the RPC every
    /// [`TX_POLL`], or through `wasmd query tx` for an https node.
    fn wait(&self, what: &str, hash: &str) -> Result<Tx, CliError> {
        let deadline = Instant::now() + TX_TIMEOUT;
        loop {
            let found = match &self.rpc {
                Some(rpc) => rpc
                    .tx(hash)
                    .map_err(|e| self.rpc_error(&format!("{what}: tx {hash}"), e))?
                    .map(|d| tx_of_rpc(hash, &d)),
                None => self.tx_by_wasmd(hash)?,
            };
            if let Some(tx) = found {
                return tx.map_err(|log| CliError::chain(what, &log));
            }
            if Instant::now() > deadline {
                return Err(CliError::Other(format!(
                    "{what}: tx {hash} not in a block after {} s",
                    TX_TIMEOUT.as_secs()
                )));
            }
            std::thread::sleep(TX_POLL);
        }
    }

    /// A committed transaction looked up by `wasmd query tx` (`None` while not found).
    fn tx_by_wasmd(&self, hash: &str) -> Result<Option<Result<Tx, String>>, CliError> {
        let mut args: Vec<String> = ["query", "tx", hash, "--node", &self.opts.node, "-o", "json"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        self.common(&mut args);
        let out = self.run(&args)?;
        if !out.status.success() {
            return Ok(None);
        }
        let Ok(d) = serde_json::from_slice::<Value>(&out.stdout) else {
            return Ok(None);
        };
        if num(&d["code"]) != 0 {
            return Ok(Some(Err(d["raw_log"].as_str().unwrap_or("").to_string())));
        }
        Ok(Some(Ok(Tx {
            txhash: hash.to_string(),
            height: num(&d["height"]),
            gas_used: num(&d["gas_used"]),
            events: d["events"].as_array().cloned().unwrap_or_default(),
        })))
    }
}

/// A number that JSON gives as a number or a string.
fn num(v: &Value) -> u64 {
    v.as_u64()
        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
        .unwrap_or(0)
}

/// The transaction of an RPC `/tx` result, or its failure log when its code is not 0.
fn tx_of_rpc(hash: &str, d: &Value) -> Result<Tx, String> {
    let r = &d["tx_result"];
    if num(&r["code"]) != 0 {
        return Err(r["log"].as_str().unwrap_or("").to_string());
    }
    Ok(Tx {
        txhash: hash.to_string(),
        height: num(&d["height"]),
        gas_used: num(&r["gas_used"]),
        events: r["events"].as_array().cloned().unwrap_or_default(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_contract_error_is_found_in_wasmd_logs() {
        let log = "Error: rpc error: code = Unknown desc = failed to execute message; message index: 0: offer 1 is at version 2, not 1: execute wasm contract failed [CosmWasm/wasmd@v0.55.1/x/wasm/keeper/keeper.go:427] With gas wanted: '0'";
        assert_eq!(contract_reason(log), "offer 1 is at version 2, not 1");
        assert!(hint_for(&contract_reason(log))
            .unwrap()
            .contains("run the same command again"));
        let q = "Error: rpc error: code = Unknown desc = offer 99 does not exist: query wasm contract failed: unknown request";
        assert_eq!(contract_reason(q), "offer 99 does not exist");
        let g = "Error: rpc error: code = Unknown desc = Generic error: offer 9 does not exist: query wasm contract failed: unknown request";
        assert_eq!(contract_reason(g), "offer 9 does not exist");
        assert_eq!(contract_reason("\x1b[31mboom\x1b[0m\n"), "boom");
        // the node RPC's abci_query log has no gRPC wrapping
        let rpc =
            "Generic error: offer 99 does not exist: query wasm contract failed: unknown request";
        assert_eq!(contract_reason(rpc), "offer 99 does not exist");
        assert!(hint_for("the price is 2710, not 2709").is_some());
        assert!(hint_for("something else").is_none());
    }

    #[test]
    fn print_mode_shows_the_exact_command() {
        let w = Wasmd::new(WasmdOpts {
            wasmd: "wasmd".into(),
            node: "tcp://127.0.0.1:26657".into(),
            chain_id: "spectrum-local".into(),
            from: Some("consumer".into()),
            keyring_backend: Some("test".into()),
            gas: "auto".into(),
            gas_adjustment: "1.3".into(),
            fees: Some("5000ustake".into()),
            print: true,
            ..Default::default()
        });
        let r = w
            .execute(
                "x",
                "wasm1abc",
                &serde_json::json!({"withdraw": {"auction_id": 3}}),
                Some("10ustake"),
            )
            .unwrap();
        assert!(r.is_none());
        assert_eq!(
            w.printed.borrow()[0],
            "wasmd tx wasm execute wasm1abc '{\"withdraw\":{\"auction_id\":3}}' --amount 10ustake --from consumer --chain-id spectrum-local --node tcp://127.0.0.1:26657 --keyring-backend test --gas auto --gas-adjustment 1.3 --fees 5000ustake --broadcast-mode sync -y -o json"
        );
        let no_from = Wasmd::new(WasmdOpts {
            print: true,
            ..Default::default()
        });
        assert_eq!(no_from.execute("x", "c", &1, None).unwrap_err().code(), 2);
    }
}
