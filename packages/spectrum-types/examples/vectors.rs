//! Writes `packages/spectrum-types/vectors.json`: the shared test vectors that prove the
//! TypeScript client (packages/spectrum-client) and the Python demo compute exactly what
//! spectrum-types computes: committed-bulk Merkle roots and proofs, auction commitments,
//! packed consumer keys, access-proof signatures and Bandcoin amounts.
//!
//! `cargo run -p spectrum-types --example vectors` rewrites the file; `tests/vectors.rs`
//! fails when the committed file differs from what this program writes (drift).

use cosmwasm_std::testing::MockApi;
use cosmwasm_std::{Api, Binary, Uint128};
use k256::ecdsa::{signature::hazmat::PrehashSigner, Signature, SigningKey};
use serde_json::{json, Value};
use sha2::{Digest, Sha256};
use spectrum_types::amount::{format_amount, parse_amount, BANDCOIN_DECIMALS};
use spectrum_types::auction_clearing::commitment;
use spectrum_types::merkle::{self, MerkleTree};

/// Where the file lives, from this crate's folder.
pub const VECTORS_PATH: &str = "vectors.json";

fn b64(bytes: &[u8]) -> String {
    Binary::from(bytes).to_base64()
}

/// The `i`-th test key of the Merkle vectors: `0x02 ‖ sha256(i as u64 big-endian)`.
pub fn merkle_key(i: u64) -> [u8; 33] {
    let mut k = [0u8; 33];
    k[0] = 2;
    k[1..].copy_from_slice(&Sha256::digest(i.to_be_bytes()));
    k
}

fn merkle_vectors() -> Value {
    let mut out = vec![];
    for n in [1u64, 2, 3, 4, 5, 7, 8, 1000] {
        let keys: Vec<[u8; 33]> = (0..n).map(merkle_key).collect();
        let tree = MerkleTree::new(&keys).expect("non-empty");
        let root = tree.root();
        let indices: Vec<u64> = if n <= 8 {
            (0..n).collect()
        } else {
            vec![0, 1, 2, 511, 512, 997, 998, 999]
        };
        let proofs: Vec<Value> = indices
            .iter()
            .map(|&i| {
                let proof = tree.proof(i).expect("in range");
                assert!(merkle::verify(&root, n, i, &keys[i as usize], &proof));
                json!({ "index": i, "proof": proof.iter().map(|h| b64(h)).collect::<Vec<_>>() })
            })
            .collect();
        // refused proofs, each checked with spectrum_types::merkle::verify
        let last = n - 1;
        let good = tree.proof(last).expect("in range");
        let mut refused = vec![];
        let mut padded = good.clone();
        padded.push([0u8; 32]);
        refused.push(("padded proof", last, keys[last as usize], padded, n));
        refused.push((
            "count one more",
            last,
            keys[last as usize],
            good.clone(),
            n + 1,
        ));
        refused.push((
            "index out of range",
            n,
            keys[last as usize],
            good.clone(),
            n,
        ));
        if n > 1 {
            refused.push(("wrong index", 0, keys[last as usize], good.clone(), n));
            refused.push(("wrong key", last, keys[0], good.clone(), n));
            refused.push((
                "truncated proof",
                last,
                keys[last as usize],
                good[1..].to_vec(),
                n,
            ));
        }
        let refused: Vec<Value> = refused
            .into_iter()
            .map(|(what, index, key, proof, count)| {
                let valid = merkle::verify(&root, count, index, &key, &proof);
                assert!(!valid, "{what}");
                json!({
                    "what": what, "count": count, "index": index, "key": b64(&key),
                    "proof": proof.iter().map(|h| b64(h)).collect::<Vec<_>>(), "valid": valid,
                })
            })
            .collect();
        let packed: Vec<u8> = keys.iter().flatten().copied().collect();
        let mut v = json!({
            "count": n,
            "root": b64(&root),
            "keys_sha256": b64(&Sha256::digest(&packed)),
            "proofs": proofs,
            "refused": refused,
        });
        if n <= 8 {
            v["keys"] = json!(keys.iter().map(|k| b64(k)).collect::<Vec<_>>());
        }
        out.push(v);
    }
    Value::Array(out)
}

fn commitment_vectors() -> Value {
    let cases: Vec<(u64, &str, u64, u128, Vec<u8>)> = vec![
        (5, "abc", 1, 9, b"salt".to_vec()),
        (1, "wasm1bidder", 2, 30, vec![7u8; 32]),
        (
            42,
            "wasm1qnfgmz8lp9a0cw8rlq3aymdcz4xxqcpgdeyf0c",
            10,
            1_000_000_000,
            (0u8..16).collect(),
        ),
        (
            u64::MAX,
            "wasm1max",
            u64::MAX,
            u128::MAX,
            (0u8..64).map(|b| b.wrapping_mul(37)).collect(),
        ),
        (0, "", 0, 0, vec![0u8; 16]),
        (
            7,
            "bïdder-ü-✓",
            3,
            123_456_789_012_345_678_901_234_567_890,
            vec![0xff; 20],
        ),
    ];
    Value::Array(
        cases
            .into_iter()
            .map(|(auction_id, bidder, units, price, salt)| {
                let c = commitment(auction_id, bidder, units, Uint128::new(price), &salt);
                json!({
                    "auction_id": auction_id.to_string(),
                    "bidder": bidder,
                    "units": units.to_string(),
                    "price": price.to_string(),
                    "salt": b64(&salt),
                    "commitment": b64(c.as_slice()),
                })
            })
            .collect(),
    )
}

fn packed_key_vectors() -> Value {
    Value::Array(
        [1u64, 3]
            .iter()
            .map(|&n| {
                let keys: Vec<[u8; 33]> = (0..n).map(|i| merkle_key(100 + i)).collect();
                let packed: Vec<u8> = keys.iter().flatten().copied().collect();
                json!({
                    "keys": keys.iter().map(|k| b64(k)).collect::<Vec<_>>(),
                    "packed": b64(&packed),
                })
            })
            .collect(),
    )
}

/// The signature check of bandwidth-market's `verify_access`: a 33-byte key and
/// cosmwasm's `secp256k1_verify(sha256(challenge), signature, pubkey)`.
fn contract_accepts(pubkey: &[u8], challenge: &[u8], signature: &[u8]) -> bool {
    if pubkey.len() != spectrum_types::bandwidth_market::PUBKEY_LEN {
        return false;
    }
    let hash = Sha256::digest(challenge);
    MockApi::default()
        .secp256k1_verify(&hash, signature, pubkey)
        .unwrap_or(false)
}

fn access_vectors() -> Value {
    let challenges: Vec<Vec<u8>> = vec![vec![], b"challenge-1".to_vec(), (0u8..=255).collect()];
    let mut signed = vec![];
    let mut checked = vec![];
    for j in 1u8..=3 {
        let secret = Sha256::digest([b"spectrum access key ".as_slice(), &[j]].concat());
        let sk = SigningKey::from_slice(&secret).expect("valid scalar");
        let pubkey = sk
            .verifying_key()
            .to_encoded_point(true)
            .as_bytes()
            .to_vec();
        for challenge in &challenges {
            let hash = Sha256::digest(challenge);
            let sig: Signature = sk.sign_prehash(&hash).expect("signs");
            let sig_bytes = sig.to_bytes().to_vec();
            assert!(contract_accepts(&pubkey, challenge, &sig_bytes));
            signed.push(json!({
                "secret_key": b64(&secret),
                "pubkey": b64(&pubkey),
                "challenge": b64(challenge),
                "signature": b64(&sig_bytes),
            }));
        }
        if j == 1 {
            let challenge = &challenges[1];
            let sig: Signature = sk.sign_prehash(&Sha256::digest(challenge)).expect("signs");
            let sig_bytes = sig.to_bytes().to_vec();
            let (r, s) = sig.split_scalars();
            let high_s = Signature::from_scalars(r, -*s)
                .expect("valid")
                .to_bytes()
                .to_vec();
            let other = SigningKey::from_slice(&Sha256::digest(b"another key"))
                .expect("valid scalar")
                .verifying_key()
                .to_encoded_point(true)
                .as_bytes()
                .to_vec();
            let mut flipped = sig_bytes.clone();
            flipped[10] ^= 1;
            let uncompressed = sk
                .verifying_key()
                .to_encoded_point(false)
                .as_bytes()
                .to_vec();
            let cases = vec![
                (
                    "as signed",
                    pubkey.clone(),
                    challenge.clone(),
                    sig_bytes.clone(),
                ),
                (
                    "high-s form of the same signature",
                    pubkey.clone(),
                    challenge.clone(),
                    high_s,
                ),
                (
                    "another challenge",
                    pubkey.clone(),
                    b"challenge-2".to_vec(),
                    sig_bytes.clone(),
                ),
                ("another key", other, challenge.clone(), sig_bytes.clone()),
                (
                    "a bit flipped in r",
                    pubkey.clone(),
                    challenge.clone(),
                    flipped,
                ),
                (
                    "zero signature",
                    pubkey.clone(),
                    challenge.clone(),
                    vec![0u8; 64],
                ),
                (
                    "short signature",
                    pubkey.clone(),
                    challenge.clone(),
                    sig_bytes[..63].to_vec(),
                ),
                (
                    "uncompressed key",
                    uncompressed,
                    challenge.clone(),
                    sig_bytes.clone(),
                ),
            ];
            for (what, pk, ch, sig) in cases {
                checked.push(json!({
                    "what": what,
                    "pubkey": b64(&pk),
                    "challenge": b64(&ch),
                    "signature": b64(&sig),
                    "valid": contract_accepts(&pk, &ch, &sig),
                }));
            }
        }
    }
    json!({ "signed": signed, "checked": checked })
}

fn amount_vectors() -> Value {
    let d = BANDCOIN_DECIMALS;
    let format: Vec<Value> = [
        (0u128, d),
        (1, d),
        (10, d),
        (999_999, d),
        (1_000_000, d),
        (1_500_000, d),
        (123_456_789, d),
        (1_000_000_000_000_000, d),
        (u128::MAX, d),
        (42, 0),
        (5, 18),
        (u128::MAX, 18),
    ]
    .iter()
    .map(|&(base, decimals)| {
        json!({
            "base": base.to_string(),
            "decimals": decimals,
            "text": format_amount(Uint128::new(base), decimals),
        })
    })
    .collect();
    let parse: Vec<Value> = [
        ("0", d),
        ("1", d),
        ("1.5", d),
        ("0.000001", d),
        ("007.50", d),
        ("123.456789", d),
        ("340282366920938463463374607431768.211455", d),
        ("340282366920938463463374607431768.211456", d),
        ("0.0000001", d),
        ("1.5", 0),
        ("", d),
        (".", d),
        ("1.", d),
        (".5", d),
        ("-1", d),
        ("+1", d),
        ("1e6", d),
        ("1,000", d),
        (" 1", d),
        ("1.2.3", d),
        ("١", d),
    ]
    .iter()
    .map(|&(text, decimals)| match parse_amount(text, decimals) {
        Ok(base) => json!({ "text": text, "decimals": decimals, "base": base.to_string() }),
        Err(e) => json!({ "text": text, "decimals": decimals, "error": e.code() }),
    })
    .collect();
    json!({ "bandcoin_decimals": d, "format": format, "parse": parse })
}

/// The whole file, as written.
pub fn generate() -> String {
    let v = json!({
        "about": [
            "Shared test vectors written by `cargo run -p spectrum-types --example vectors` from",
            "spectrum-types; tests/vectors.rs checks this file for drift, packages/spectrum-client",
            "and scripts/spectrum_py/encodings.py assert them. Bytes are standard base64 with",
            "padding (as the contracts' Binary); u64 and u128 values are decimal strings.",
            "merkle: keys(i) = 0x02 ‖ sha256(i as u64 big-endian) for i in 0..count (listed when",
            "count <= 8; keys_sha256 hashes the concatenated keys); proofs as MerkleTree::proof;",
            "refused: verify() is false. commitments: auction_clearing::commitment.",
            "packed_keys: Recipients::PackedConsumers. access: signature = compact (r, s), low-s,",
            "RFC 6979, of sha256(challenge) (k256 sign_prehash); checked.valid = cosmwasm's",
            "secp256k1_verify(sha256(challenge), signature, pubkey) with a 33-byte key, as the",
            "contract's verify_access checks it.",
            "amounts: amount::format_amount / parse_amount (error codes of AmountError::code)."
        ],
        "merkle": merkle_vectors(),
        "commitments": commitment_vectors(),
        "packed_keys": packed_key_vectors(),
        "access": access_vectors(),
        "amounts": amount_vectors(),
    });
    serde_json::to_string_pretty(&v).expect("serializes") + "\n"
}

fn main() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(VECTORS_PATH);
    std::fs::write(&path, generate()).expect("writing the vectors");
    println!("wrote {}", path.display());
}
