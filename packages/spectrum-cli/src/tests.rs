//! Parsing and message building of every subcommand, without a chain: `--print` shows the
//! exact wasmd command, and a stand-in `wasmd` (a shell script answering canned queries)
//! plays the node for the commands that read the chain first.

use std::cell::RefCell;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use clap::{CommandFactory, Parser};
use cosmwasm_std::Uint128;
use serde_json::{json, Value};
use spectrum_types::auction_clearing as ac;
use spectrum_types::bandwidth_market as bm;
use spectrum_types::merkle;

use crate::chain::CliError;
use crate::cli::{Cli, EXAMPLES};
use crate::keys::tests::test_keys;
use crate::keys::{hex_encode, TreeFile};
use crate::run::{self, BidFile};

const MARKET: &str = "wasm1market000000000000000000000000000000000000000000000000";
const AUCTION: &str = "wasm1auction00000000000000000000000000000000000000000000000";
const TOKEN: &str = "wasm1bandcoin0000000000000000000000000000000000000000000000";
const ME: &str = "wasm1consumer000000000000000000000000000000";

/// A folder with a stand-in node: an RPC server on a loopback port answering smart
/// queries from `<query name>.json` files (read at each query, so a test can change an
/// answer), and a stand-in wasmd that answers key lookups with ME and refuses anything
/// else (queries must not go through wasmd). The RPC's URL is in `node_url`.
fn fake_node(name: &str, answers: &[(&str, Value)]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("spectrum-cli-fake-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    for (q, v) in answers {
        std::fs::write(
            dir.join(format!("{q}.json")),
            json!({ "data": v }).to_string(),
        )
        .unwrap();
    }
    let script = format!(
        "#!/bin/sh\necho \"$*\" >> '{}/calls.log'\ncase \"$1 $2\" in\n\"keys show\") echo {ME};;\n*) echo \"unexpected $*\" >&2; exit 1;;\nesac\n",
        dir.display()
    );
    let path = dir.join("wasmd");
    std::fs::write(&path, script).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    let url = fake_rpc(dir.clone());
    std::fs::write(dir.join("node_url"), url).unwrap();
    dir
}

/// Serves `abci_query` smart queries from the answer files of `dir` on a loopback port
/// (one thread, for the rest of the test run); returns the node URL.
fn fake_rpc(dir: PathBuf) -> String {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("tcp://{}", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            answer_abci_query(&dir, stream);
        }
    });
    url
}

/// Answers one HTTP request of the RPC client: the smart query's first key names the
/// answer file, `<contract>.<name>.json` before `<name>.json`; no file is the contract's
/// refusal, unless the folder holds `echo_unknown` (then the query is answered with
/// itself). Every query is logged to `queries.log`.
fn answer_abci_query(dir: &Path, mut s: std::net::TcpStream) {
    use std::io::{BufRead, BufReader, Write};
    let mut line = String::new();
    let mut reader = BufReader::new(s.try_clone().unwrap());
    reader.read_line(&mut line).unwrap();
    let data = line
        .split(['?', '&', ' '])
        .find_map(|p| p.strip_prefix("data=0x"))
        .and_then(crate::keys::hex_decode)
        .unwrap_or_default();
    let contract = crate::rpc::decode_bytes_field(&data, 1).unwrap_or_default();
    let contract = String::from_utf8_lossy(contract).to_string();
    let query = crate::rpc::decode_bytes_field(&data, 2).unwrap_or_default();
    let query: Value = serde_json::from_slice(query).unwrap_or(Value::Null);
    let name = query
        .as_object()
        .and_then(|o| o.keys().next().cloned())
        .unwrap_or_default();
    let log = std::fs::OpenOptions::new()
        .append(true)
        .create(true)
        .open(dir.join("queries.log"));
    let _ = log.and_then(|mut f| writeln!(f, "{contract} {query}"));
    let answer = std::fs::read_to_string(dir.join(format!("{contract}.{name}.json")))
        .or_else(|_| std::fs::read_to_string(dir.join(format!("{name}.json"))))
        .map(|text| serde_json::from_str::<Value>(&text).unwrap()["data"].to_string())
        .or_else(|e| match dir.join("echo_unknown").exists() {
            true => Ok(json!({ "echo": query }).to_string()),
            false => Err(e),
        });
    let response = match answer {
        Ok(answer) => {
            let mut value = vec![];
            value.push(0x0a);
            let mut len = answer.len();
            while len >= 0x80 {
                value.push((len as u8) | 0x80);
                len >>= 7;
            }
            value.push(len as u8);
            value.extend_from_slice(answer.as_bytes());
            json!({"code": 0, "log": "", "value": B64.encode(value)})
        }
        Err(_) => {
            json!({"code": 1, "log": format!("Generic error: no {name}: query wasm contract failed")})
        }
    };
    let body = json!({"jsonrpc": "2.0", "id": -1, "result": {"response": response}}).to_string();
    let _ = write!(
        s,
        "HTTP/1.0 200 OK\r\nContent-Type: application/json\r\n\r\n{body}"
    );
}

/// Runs `spectrum ARGS` against the stand-in node in --print mode; returns the printed
/// wasmd commands or the error.
fn print_run(node: &Path, args: &[&str]) -> Result<(Vec<String>, Value), CliError> {
    let wasmd = node.join("wasmd");
    let url = std::fs::read_to_string(node.join("node_url")).unwrap();
    let mut argv = vec![
        "spectrum",
        "--print",
        "--wasmd",
        wasmd.to_str().unwrap(),
        "--chain-id",
        "testnet",
        "--node",
        &url,
        "--from",
        "consumer",
        "--keyring-backend",
        "test",
        "--market-contract",
        MARKET,
        "--auction-contract",
        AUCTION,
        "--bandcoin-contract",
        TOKEN,
        "--lease-contract",
        "wasm1lease",
        "--pool-contract",
        "wasm1pool",
        "--rep-contract",
        "wasm1rep",
    ];
    let bids = node.join("bids");
    argv.extend(["--bids-dir", bids.to_str().unwrap()]);
    argv.extend(args);
    let cli = crate::cli::try_parse_from(argv).map_err(|e| CliError::Input(e.to_string()))?;
    let printed = RefCell::new(vec![]);
    let v = run::run_with(cli, &printed)?;
    Ok((printed.into_inner(), v))
}

/// [`print_run`] of a command line as typed (split as a shell does).
fn print_line(node: &Path, line: &str) -> Result<(Vec<String>, Value), CliError> {
    let words = shell_words(line);
    print_run(node, &words.iter().map(String::as_str).collect::<Vec<_>>())
}

/// The JSON message of a printed `wasmd tx wasm execute CONTRACT 'JSON' …`.
fn printed_msg(line: &str) -> (String, Value) {
    let parts: Vec<&str> = line.splitn(6, ' ').collect();
    let contract = parts[4].to_string();
    let rest = parts[5];
    let json_text = rest.strip_prefix('\'').unwrap();
    let end = json_text.find("' --").unwrap();
    (
        contract,
        serde_json::from_str(&json_text[..end].replace("'\\''", "'")).unwrap(),
    )
}

fn market_answers(price: u128) -> Vec<(&'static str, Value)> {
    vec![
        (
            "config",
            json!({"admin": null, "payment": {"cw20": {"contract": TOKEN}}, "reputation_gate": null,
            "epoch_seconds": 3600, "genesis_time": 0, "max_bulk_consumers": 5, "reputation_recorder": null}),
        ),
        (
            "token_info",
            json!({"name": "Bandcoin", "symbol": "BAND", "decimals": 6, "total_supply": "1000000000"}),
        ),
        (
            "current_epoch",
            json!({"epoch": 10, "epoch_start": 36000, "epoch_seconds": 3600, "now": 36100}),
        ),
        (
            "offer",
            json!({"offer_id": 7, "provider": "wasm1provider", "version": 4,
            "band": {"from_hz": 3_550_000_000u64, "to_hz": 3_560_000_000u64}, "bandwidth_hz": 5_000_000,
            "location": "9q8yy", "unit_price": "1000", "max_allocations": 100, "allocations_left": 100,
            "allocation_duration": 3600, "volume_discount": "0.9", "reservation_discount": "1",
            "reservations": [], "qos": {}, "consumers": [], "clearing_house": null}),
        ),
        (
            "quote",
            json!({"price": price.to_string(), "version": 4, "epoch": 10, "epoch_to": 10}),
        ),
    ]
}

#[test]
fn the_command_line_is_consistent() {
    Cli::command().debug_assert();
}

#[test]
fn every_help_example_parses() {
    for ex in EXAMPLES {
        for line in ex.lines().skip(1) {
            let argv: Vec<&str> = line.split_whitespace().collect();
            assert_eq!(argv[0], "spectrum");
            Cli::try_parse_from(&argv).unwrap_or_else(|e| panic!("{line}: {e}"));
        }
    }
}

/// Every subcommand of the command tree (groups before their commands, in definition
/// order), with its path.
fn subcommands(cmd: &clap::Command, path: &str, out: &mut Vec<(String, clap::Command)>) {
    for sub in cmd.get_subcommands() {
        let p = format!("{path} {}", sub.get_name());
        out.push((p.clone(), sub.clone()));
        subcommands(sub, &p, out);
    }
}

/// The example command lines of a leaf's `--help` (the lines under `Example:`).
fn examples_of(cmd: &clap::Command) -> Vec<String> {
    let text = cmd
        .get_after_help()
        .map(|h| h.to_string())
        .unwrap_or_default();
    let mut lines = text.lines();
    if !lines.next().is_some_and(|l| l.starts_with("Example")) {
        return vec![];
    }
    lines.map(|l| l.trim().to_string()).collect()
}

/// Splits an example into words as a shell does (words, and single-quoted text).
fn shell_words(line: &str) -> Vec<String> {
    let (mut words, mut word, mut quoted, mut any) = (vec![], String::new(), false, false);
    for c in line.chars() {
        match c {
            '\'' => (quoted, any) = (!quoted, true),
            ' ' if !quoted => {
                if any {
                    words.push(std::mem::take(&mut word));
                }
                any = false;
            }
            c => (word, any) = (word + &c.to_string(), true),
        }
    }
    if any {
        words.push(word);
    }
    words
}

/// A stand-in node answering every query the help examples make, with the files they
/// name: `keys.txt` (4 keys, among them the one `market proof` shows), the committed tree
/// `tree.bin` of those keys in batch 3, and the consumer secret `device.key`.
fn examples_node() -> PathBuf {
    let g = "0279be667ef9dcbbac55a06295ce870b07029bfcdb2dce28d959f2815b16f81798";
    let mut answers = market_answers(2_710);
    answers.extend([
        (
            "verify_grant",
            json!({"valid": true, "active": true, "valid_from": 1, "valid_until": 2}),
        ),
        (
            "verify_access",
            json!({"valid": true, "reason": null, "valid_until": 2}),
        ),
    ]);
    let node = fake_node("examples", &answers);
    let payment = json!({"cw20": {"contract": TOKEN}});
    // each contract's config, the lease's license 2, its quote and the refund of revoking lease 5
    for (contract, config) in [
        (
            AUCTION,
            json!({"admin": null, "payment": payment, "market": MARKET, "reputation_gate": null,
            "max_bids_per_tx": 500, "max_bids_per_auction": 10000, "unrevealed_penalty": "0.1"}),
        ),
        (
            "wasm1lease",
            json!({"admin": null, "payment": payment, "reputation_gate": null, "bucket_seconds": 3600,
            "max_lease_buckets": 168, "horizon_buckets": 720, "reputation_recorder": null}),
        ),
        (
            "wasm1lease.license",
            json!({"license_id": 2, "mno": "wasm1mno", "terms": {"band": {"from_hz": 2_570_000_000u64, "to_hz": 2_620_000_000u64},
            "region_id": "r", "bandwidth_hz": 20_000_000, "valid_until": 99_999_999, "price_per_hz_second": "0.000001",
            "min_duration": 1, "max_duration": 86400, "policy": "automatic"}, "interference_margin_hz": 0, "retired": false}),
        ),
        (
            "wasm1lease.revocation_refund",
            json!({"refund": "120", "new_end": 36200}),
        ),
        (
            "wasm1lease.quote_lease",
            json!({"price": "7200", "end": 43360}),
        ),
        ("wasm1pool", json!({"slot_seconds": 1})),
    ] {
        let file = match contract.contains('.') {
            true => format!("{contract}.json"),
            false => format!("{contract}.config.json"),
        };
        std::fs::write(node.join(file), json!({ "data": config }).to_string()).unwrap();
    }
    std::fs::write(node.join("echo_unknown"), "").unwrap();
    // the first test key is the generator point G (secret key 1)
    let keys = test_keys(4);
    assert_eq!(hex_encode(&keys[0]), g);
    let text: String = keys.iter().map(|k| hex_encode(k) + "\n").collect();
    std::fs::write(node.join("keys.txt"), text).unwrap();
    let root = merkle::MerkleTree::new(&keys).unwrap().root();
    TreeFile::write(&node.join("tree.bin"), 3, &root, &keys).unwrap();
    std::fs::write(node.join("device.key"), "01".repeat(32)).unwrap();
    node
}

/// An example's words after `spectrum`, its files mapped into the stand-in node's folder.
fn example_args(node: &Path, words: &[String]) -> Vec<String> {
    let file_of = |flag: &str| match flag {
        "--keys" => Some("keys.txt"),
        "--tree" => Some("tree.bin"),
        "--tree-out" => Some("tree-out.bin"),
        "--key-file" => Some("device.key"),
        "--out" => Some("gen-keys.txt"),
        "--secrets-out" => Some("gen-secrets.txt"),
        _ => None,
    };
    let mut args: Vec<String> = vec![];
    for w in &words[1..] {
        let mapped = args.last().and_then(|f| file_of(f));
        args.push(match mapped {
            Some(f) => node.join(f).to_str().unwrap().to_string(),
            None => w.clone(),
        });
    }
    args
}

/// Every subcommand's `--help` has an example, and every example runs: it parses, and
/// builds its message without a chain. A transaction prints its exact `wasmd tx wasm
/// execute` with a JSON message; a query reaches the (stand-in) node; `keys` works
/// offline. A group's example runs one of its commands.
#[test]
fn every_subcommand_has_an_example_that_builds_its_message() {
    let node = examples_node();
    let mut all = vec![];
    subcommands(&crate::cli::command(), "spectrum", &mut all);
    assert!(all.len() > 120, "{} subcommands", all.len());
    for (path, cmd) in &all {
        let examples = examples_of(cmd);
        assert!(!examples.is_empty(), "{path} --help has no example");
        for ex in &examples {
            let words = shell_words(ex);
            assert!(
                format!("{} ", words.join(" ")).starts_with(&format!("{path} ")),
                "{path}: the example `{ex}` runs another command"
            );
            run_example(&node, path, cmd, ex, &words);
        }
    }
}

/// Runs one help example against the stand-in node and checks what it did.
fn run_example(node: &Path, path: &str, cmd: &clap::Command, ex: &str, words: &[String]) {
    let count_queries = || {
        std::fs::read_to_string(node.join("queries.log"))
            .unwrap_or_default()
            .lines()
            .count()
    };
    let queries_before = count_queries();
    let args = example_args(node, words);
    let argv: Vec<&str> = args.iter().map(String::as_str).collect();
    let (printed, out) = print_run(node, &argv).unwrap_or_else(|e| panic!("`{ex}` failed: {e}"));
    let asked = count_queries() > queries_before;
    // proofs are checked by a query (verify_grant, verify_access): nothing is signed
    let is_query = cmd
        .get_about()
        .is_some_and(|a| a.to_string().starts_with("Query:"))
        || ["spectrum market proof", "spectrum market prove-access"].contains(&path);
    if path.starts_with("spectrum keys") {
        assert!(printed.is_empty() && !out.is_null(), "`{ex}`: {out}");
    } else if cmd.has_subcommands() {
        assert!(!printed.is_empty() || asked, "`{ex}` did nothing");
    } else if is_query {
        assert!(printed.is_empty(), "`{ex}` is a query but signs");
        assert!(asked, "`{ex}` asked the node nothing");
    } else {
        assert!(!printed.is_empty(), "`{ex}` printed no wasmd command");
    }
    for line in &printed {
        assert!(line.contains(" tx wasm execute "), "`{ex}`: {line}");
        printed_msg(line);
    }
}

#[test]
fn help_examples_split_like_a_shell() {
    assert_eq!(
        shell_words("spectrum rep apply --metadata 'small cell 42' --kind x"),
        [
            "spectrum",
            "rep",
            "apply",
            "--metadata",
            "small cell 42",
            "--kind",
            "x"
        ]
    );
    assert_eq!(shell_words("a ''"), ["a", ""]);
}

#[test]
fn every_subcommand_has_help_with_a_description() {
    fn walk(cmd: &clap::Command, path: String) {
        for sub in cmd.get_subcommands() {
            let p = format!("{path} {}", sub.get_name());
            assert!(sub.get_about().is_some(), "{p} has no help text");
            walk(sub, p);
        }
    }
    walk(&Cli::command(), "spectrum".into());
}

#[test]
fn malformed_units_are_usage_errors_with_exit_code_2() {
    for argv in [
        "spectrum market buy --offer 1 --units x",
        "spectrum pool claim --bandwidth 20MBz --for 10s",
        "spectrum pool claim --bandwidth 20MHz --for 10y",
        "spectrum market post-offer --band 3560MHz..3550MHz --bandwidth 5MHz --location a --unit-price 1 --max-allocations 1 --duration 1h",
        "spectrum market buy --offer 1 --units 1 --epoch later",
        "spectrum bandcoin transfer --to a --amount 1.5",
    ] {
        let e = Cli::try_parse_from(argv.split_whitespace()).unwrap_err();
        assert_eq!(e.exit_code(), 2, "{argv}");
    }
}

#[test]
fn buy_pays_exactly_the_quote_through_the_token_and_respects_max_price() {
    let node = fake_node("buy", &market_answers(2_710));
    let (printed, v) =
        print_line(&node, "market buy --offer 7 --units 3 --max-price 0.01BAND").unwrap();
    assert_eq!(printed.len(), 1);
    let (contract, msg) = printed_msg(&printed[0]);
    assert_eq!(contract, TOKEN);
    assert_eq!(msg["send"]["contract"], MARKET);
    assert_eq!(msg["send"]["amount"], "2710");
    let hook: Value =
        serde_json::from_slice(&B64.decode(msg["send"]["msg"].as_str().unwrap()).unwrap()).unwrap();
    let expected = bm::ReceiveMsg::Allocate(bm::AllocateMsg {
        offer_id: 7,
        version: 4,
        epoch: Some(10),
        epoch_to: Some(10),
        recipients: bm::Recipients::Units { units: 3 },
        price: Uint128::new(2_710),
    });
    assert_eq!(hook, serde_json::to_value(expected).unwrap());
    assert_eq!(
        (v["price"].as_str(), v["version"].as_u64()),
        (Some("2710"), Some(4))
    );
    let url = std::fs::read_to_string(node.join("node_url")).unwrap();
    assert!(printed[0].contains(&format!(
        "--from consumer --chain-id testnet --node {url} --keyring-backend test"
    )));

    // above --max-price without a terminal: refused before signing, exit 2
    let e = print_line(&node, "market buy --offer 7 --units 3 --max-price 2709").unwrap_err();
    assert_eq!(e.code(), 2, "{e}");
    assert!(e.to_string().contains("above --max-price"));
    // --yes pays it
    assert!(print_line(
        &node,
        "--yes market buy --offer 7 --units 3 --max-price 2709"
    )
    .is_ok());
    // too many decimals for the token's 6
    let e = print_line(
        &node,
        "market buy --offer 7 --units 3 --max-price 0.0000001BAND",
    )
    .unwrap_err();
    assert_eq!(e.code(), 2);
    assert!(e.to_string().contains("at most 6"), "{e}");
}

#[test]
fn buy_of_an_open_offer_reads_only_the_rpc_and_a_targeted_one_quotes_for_the_signer() {
    let node = fake_node("targeted", &market_answers(2_710));
    let buy = ["market", "buy", "--offer", "7", "--units", "1"];
    print_run(&node, &buy).unwrap();
    // no wasmd process before signing: the open offer's quote needs no key lookup
    assert!(!node.join("calls.log").exists());
    // the same offer, targeted: the quote names the signer, whose address wasmd looks up
    let mut answers = market_answers(2_710);
    answers[3].1["consumers"] = json!([{"consumer": ME, "units": 5, "unit_price": "900"}]);
    std::fs::write(
        node.join("offer.json"),
        json!({ "data": answers[3].1 }).to_string(),
    )
    .unwrap();
    print_run(&node, &buy).unwrap();
    let calls = std::fs::read_to_string(node.join("calls.log")).unwrap();
    assert_eq!(calls.trim(), "keys show consumer -a --keyring-backend test");
}

/// Writes `keys` to `file`, one hex key per line, and runs
/// `market bulk-buy --offer 7 --keys FILE` followed by `extra`, printing instead of signing.
fn bulk_buy_file(
    node: &Path,
    file: &Path,
    keys: &[impl AsRef<[u8]>],
    extra: &[&str],
) -> Result<(Vec<String>, Value), CliError> {
    let lines: String = keys.iter().map(|k| hex_encode(k.as_ref()) + "\n").collect();
    std::fs::write(file, lines).unwrap();
    let mut args = vec![
        "market",
        "bulk-buy",
        "--offer",
        "7",
        "--keys",
        file.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    print_run(node, &args)
}

#[test]
fn bulk_buy_explicit_packs_the_keys_and_pays_by_allowance() {
    let node = fake_node("bulk", &market_answers(4_000));
    let keys = test_keys(4);
    let file = node.join("keys.txt");
    let (printed, v) = bulk_buy_file(&node, &file, &keys, &[]).unwrap();
    assert_eq!(printed.len(), 2);
    let (c0, allowance) = printed_msg(&printed[0]);
    assert_eq!(
        (c0.as_str(), &allowance["increase_allowance"]["amount"]),
        (TOKEN, &json!("4000"))
    );
    let (c1, alloc) = printed_msg(&printed[1]);
    assert_eq!(c1, MARKET);
    let packed = B64
        .decode(
            alloc["allocate"]["recipients"]["packed_consumers"]["keys"]
                .as_str()
                .unwrap(),
        )
        .unwrap();
    assert_eq!(packed, keys.concat());
    assert_eq!(alloc["allocate"]["price"], "4000");
    assert_eq!(v["count"], 4);

    // a duplicated key, and a file over max_bulk_consumers (5), are refused: exit 2
    let e = bulk_buy_file(&node, &file, &[&keys[..], &keys[1..2]].concat(), &[]).unwrap_err();
    assert!(e.to_string().contains("duplicate key"), "{e}");
    assert_eq!(e.code(), 2);
    let six = test_keys(6);
    let e = bulk_buy_file(&node, &file, &six, &[]).unwrap_err();
    assert!(e.to_string().contains("max_bulk_consumers is 5"), "{e}");
    assert_eq!(e.code(), 2);
    // committed takes them, writes the tree and submits its root
    let tree = node.join("tree.bin");
    let (printed, v) = bulk_buy_file(
        &node,
        &file,
        &six,
        &["--committed", "--tree-out", tree.to_str().unwrap()],
    )
    .unwrap();
    let (_, send) = printed_msg(&printed[0]);
    let hook: Value =
        serde_json::from_slice(&B64.decode(send["send"]["msg"].as_str().unwrap()).unwrap())
            .unwrap();
    let root = merkle::MerkleTree::new(&six).unwrap().root();
    assert_eq!(hook["allocate_committed"]["root"], B64.encode(root));
    assert_eq!(hook["allocate_committed"]["count"], 6);
    assert_eq!(v["root"], hex_encode(&root));
    let (f, _) = TreeFile::read(&tree).unwrap();
    assert_eq!(f.keys, six);

    // the proof from the tree file is the one spectrum-types verifies
    let prove = |key: &[u8]| {
        let tree = tree.to_str().unwrap();
        print_run(
            &node,
            &[
                "market",
                "proof",
                "--offline",
                "--tree",
                tree,
                "--key",
                &hex_encode(key),
            ],
        )
    };
    let (_, p) = prove(&six[4]).unwrap();
    let proof: Vec<Vec<u8>> = p["proof"]
        .as_array()
        .unwrap()
        .iter()
        .map(|h| B64.decode(h.as_str().unwrap()).unwrap())
        .collect();
    assert_eq!(p["index"], 4);
    assert!(merkle::verify(&root, 6, 4, &six[4], &proof));
    // a key that is not in the tree
    let e = prove(&test_keys(7)[6]).unwrap_err();
    assert_eq!(e.code(), 2);
}

#[test]
fn auction_commit_writes_a_private_bid_file_first_and_reveal_reads_it_back() {
    let mut answers = market_answers(0);
    answers[0] = (
        "config",
        json!({"admin": null, "payment": {"cw20": {"contract": TOKEN}}, "market": MARKET,
        "reputation_gate": null, "max_bids_per_tx": 500, "max_bids_per_auction": 10000, "unrevealed_penalty": "0.1"}),
    );
    let node = fake_node("auction", &answers);
    // reveal without a bid file: exit 2, nothing sent
    let e = print_line(&node, "auction reveal --auction 3").unwrap_err();
    assert_eq!(e.code(), 2);
    assert!(e.to_string().contains("no bid file"), "{e}");

    let (printed, v) = print_line(
        &node,
        "auction commit --auction 3 --units 2 --price 0.00005BAND",
    )
    .unwrap();
    let path = PathBuf::from(v["bid_file"].as_str().unwrap());
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let bid: BidFile = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(
        (bid.units, bid.price, bid.deposit),
        (2, Uint128::new(50), Uint128::new(100))
    );
    let salt = crate::keys::hex_decode(&bid.salt).unwrap();
    assert_eq!(salt.len(), 32);
    let commitment = ac::commitment(3, ME, 2, Uint128::new(50), &salt);
    let (contract, send) = printed_msg(&printed[0]);
    assert_eq!(
        (contract.as_str(), &send["send"]["amount"]),
        (TOKEN, &json!("100"))
    );
    let hook: Value =
        serde_json::from_slice(&B64.decode(send["send"]["msg"].as_str().unwrap()).unwrap())
            .unwrap();
    assert_eq!(
        hook,
        json!({"commit": {"auction_id": 3, "commitment": commitment.to_base64()}})
    );

    let (printed, _) = print_line(&node, "auction reveal --auction 3").unwrap();
    let (contract, reveal) = printed_msg(&printed[0]);
    assert_eq!(contract, AUCTION);
    assert_eq!(
        reveal,
        json!({"reveal": {"auction_id": 3, "units": 2, "price": "50", "salt": B64.encode(&salt)}})
    );
    // a deposit below units × price is refused
    let e = print_line(
        &node,
        "auction commit --auction 3 --units 2 --price 50 --deposit 99",
    )
    .unwrap_err();
    assert_eq!(e.code(), 2);
}

#[test]
fn the_other_contracts_messages_are_built_from_spectrum_types() {
    let node = fake_node(
        "others",
        &[
            ("config", json!({"slot_seconds": 1})),
            (
                "license",
                json!({"license_id": 2, "mno": "wasm1mno", "terms": {"band": {"from_hz": 2_570_000_000u64, "to_hz": 2_620_000_000u64},
                "region_id": "r", "bandwidth_hz": 20_000_000, "valid_until": 99_999_999, "price_per_hz_second": "0.000001",
                "min_duration": 1, "max_duration": 86400, "policy": "automatic"}, "interference_margin_hz": 0, "retired": false}),
            ),
            (
                "current_epoch",
                json!({"epoch": 10, "epoch_start": 36000, "epoch_seconds": 3600, "now": 36100}),
            ),
            ("quote_lease", json!({"price": "150", "end": 36190})),
        ],
    );
    let one = |line: &str| {
        let (printed, _) = print_line(&node, line).unwrap_or_else(|e| panic!("{line}: {e}"));
        printed_msg(&printed[0]).1
    };
    let claim = one("pool claim --bandwidth 20MHz --for 10s");
    assert_eq!(claim["claim"]["slots"], 10);
    assert_eq!(
        claim["claim"]["bandwidth_hz"].to_string().trim_matches('"'),
        "20000000"
    );
    assert_eq!(one("pool start-round"), json!({"start_round": {}}));
    assert_eq!(
        one(&format!(
            "rep rate --operator {ME} --edge-node {ME} --positive --quality 90%"
        )),
        json!({"record_interaction": {"operator": ME, "node": ME, "positive": true, "quality": "0.9"}})
    );
    assert_eq!(
        one("rep apply --kind edge-node"),
        json!({"apply": {"kind": "edge_node", "metadata": ""}})
    );
    assert_eq!(
        one("market rate --grant 5 --positive --quality 80"),
        json!({"rate_grant": {"grant_id": 5, "positive": true, "quality": 80}})
    );
    assert_eq!(
        one("market set-clearing-house --offer 7"),
        json!({"set_clearing_house": {"offer_id": 7, "clearing_house": AUCTION}})
    );
    assert_eq!(
        one("market ownership accept"),
        json!({"update_ownership": "accept_ownership"})
    );
    assert_eq!(
        one("lease report-interference --lease 1 --level-dbm -92.5 --location cell-42 --time 100 --band 2570MHz..2575MHz"),
        json!({"report_interference": {"lease_id": 1, "level_cdbm": -9250, "location": "cell-42", "time": 100,
            "band": {"from_hz": 2_570_000_000u64, "to_hz": 2_575_000_000u64}}})
    );
    assert_eq!(
        one("auction clear --auction 3"),
        json!({"clear": {"auction_id": 3}})
    );
    // lease request: the lease contract's exact price (its quote), paid through the
    // token; the relative start now+1m (36160) rounded up to the next 50-second bucket
    std::fs::write(
        node.join("wasm1lease.config.json"),
        json!({"data": {"admin": null, "payment": {"cw20": {"contract": TOKEN}}, "reputation_gate": null,
            "bucket_seconds": 50, "max_lease_buckets": 168, "horizon_buckets": 720, "reputation_recorder": null}})
        .to_string(),
    )
    .unwrap();
    let send = one("lease request --license 2 --bandwidth 5MHz --from-time now+1m --for 30s");
    assert_eq!(send["send"]["amount"], "150");
    let hook: Value =
        serde_json::from_slice(&B64.decode(send["send"]["msg"].as_str().unwrap()).unwrap())
            .unwrap();
    assert_eq!(
        hook,
        json!({"request_lease": {"license_id": 2, "bandwidth_hz": 5_000_000, "start": 36200, "duration": 30}})
    );
    let e = print_line(&node, "pool claim --bandwidth 20MHz --for 1m").map(|_| ());
    assert!(e.is_ok(), "60 one-second slots");
}

#[test]
fn offer_terms_come_from_the_flags() {
    let cli = Cli::try_parse_from(
        "spectrum market post-offer --band 3550MHz..3560MHz --bandwidth 5MHz --location 9q8yy --unit-price 1000 --max-allocations 100 --duration 1h30m --volume-discount 90% --reserve 12:900:10 --qos slice_id=3 --consumer wasm1x:2:800"
            .split_whitespace(),
    )
    .unwrap();
    let crate::cli::Group::Market(crate::cli::Market::PostOffer(a)) = cli.cmd else {
        panic!()
    };
    let t = run::offer_terms(&a, &|x| x.to_base("", 0).map_err(CliError::Input)).unwrap();
    assert_eq!(t.allocation_duration, 5_400);
    assert_eq!(t.bandwidth_hz, 5_000_000);
    assert_eq!(t.volume_discount, cosmwasm_std::Decimal::percent(90));
    assert_eq!(
        t.reservations[0],
        bm::ReservationUpdate {
            epoch: 12,
            price: Uint128::new(900),
            capacity: 10
        }
    );
    assert_eq!(t.qos["slice_id"], "3");
    assert_eq!(t.consumers[0].consumer, "wasm1x");
    // bandwidth wider than the band: bad input
    let cli = Cli::try_parse_from(
        "spectrum market post-offer --band 3550MHz..3560MHz --bandwidth 11MHz --location a --unit-price 1 --max-allocations 1 --duration 1h".split_whitespace(),
    )
    .unwrap();
    let crate::cli::Group::Market(crate::cli::Market::PostOffer(a)) = cli.cmd else {
        panic!()
    };
    assert_eq!(
        run::offer_terms(&a, &|x| x.to_base("", 0).map_err(CliError::Input))
            .unwrap_err()
            .code(),
        2
    );
}

#[test]
fn small_helpers() {
    assert_eq!(run::parse_cdbm("-92.5").unwrap(), -9_250);
    assert_eq!(run::parse_cdbm("-92.55dBm").unwrap(), -9_255);
    assert!(run::parse_cdbm("-92.555").is_err());
    assert_eq!(run::claim_slots(10, 1).unwrap(), 10);
    assert_eq!(run::claim_slots(10, 3).unwrap_err().code(), 2);
}
