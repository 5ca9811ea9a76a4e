//! Consumer keys: parsing (hex or base64), the compressed-point check, bulk key files,
//! packing, and the tree file of a committed bulk purchase.

use std::collections::HashSet;
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::Path;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use spectrum_types::bandwidth_market::PUBKEY_LEN;
use spectrum_types::merkle::{Hash, MerkleTree};

/// A compressed secp256k1 public key.
pub type Key = [u8; PUBKEY_LEN];

/// Decodes hex (66 characters) or base64 (44 characters) into 33 bytes, without the
/// curve check.
fn decode_key(s: &str) -> Result<Key, String> {
    let t = s.trim();
    let bytes = if t.len() == 2 * PUBKEY_LEN && t.bytes().all(|b| b.is_ascii_hexdigit()) {
        hex_decode(t).ok_or_else(|| format!("key `{t}`: bad hex"))?
    } else {
        B64.decode(t)
            .map_err(|_| format!("key `{t}`: neither 66 hex characters nor base64"))?
    };
    bytes
        .as_slice()
        .try_into()
        .map_err(|_| format!("key `{t}`: {} bytes, a compressed key has 33", bytes.len()))
}

/// Hex to bytes.
pub fn hex_decode(s: &str) -> Option<Vec<u8>> {
    if s.len() % 2 != 0 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// Bytes to lower-case hex.
pub fn hex_encode(b: &[u8]) -> String {
    const D: &[u8; 16] = b"0123456789abcdef";
    let mut s = String::with_capacity(b.len() * 2);
    for x in b {
        s.push(D[(x >> 4) as usize] as char);
        s.push(D[(x & 15) as usize] as char);
    }
    s
}

/// True when `k` is a compressed point on secp256k1 (prefix 02/03 and x on the curve).
pub fn is_compressed_point(k: &Key) -> bool {
    matches!(k[0], 2 | 3) && k256::PublicKey::from_sec1_bytes(k).is_ok()
}

/// One key, checked: 33 bytes, a compressed point on secp256k1.
pub fn parse_key(s: &str) -> Result<Key, String> {
    let k = decode_key(s)?;
    if !is_compressed_point(&k) {
        return Err(format!(
            "key `{}` is not a compressed secp256k1 point (33 bytes starting 02 or 03, on the curve)",
            s.trim()
        ));
    }
    Ok(k)
}

/// Reads a bulk key file: one key a line (hex or base64), blank lines and `#` comments
/// ignored. Refuses an empty file, more than `max` keys, a malformed key, a key that is not
/// a compressed point and a duplicate (naming both lines). The curve check runs on every
/// core.
pub fn read_keys(path: &Path, max: usize) -> Result<Vec<Key>, String> {
    let text =
        std::fs::read_to_string(path).map_err(|e| format!("key file {}: {e}", path.display()))?;
    let mut keys = Vec::new();
    let mut lines = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if keys.len() == max {
            return Err(format!(
                "key file {}: more than {max} keys (the most one purchase takes)",
                path.display()
            ));
        }
        let k = decode_key(t).map_err(|e| format!("{}:{}: {e}", path.display(), n + 1))?;
        keys.push(k);
        lines.push(n + 1);
    }
    if keys.is_empty() {
        return Err(format!("key file {}: no keys", path.display()));
    }
    if let Some(i) = first_invalid_point(&keys) {
        return Err(format!(
            "{}:{}: key is not a compressed secp256k1 point (33 bytes starting 02 or 03, on the curve)",
            path.display(),
            lines[i]
        ));
    }
    let mut seen: HashSet<&Key> = HashSet::with_capacity(keys.len());
    for (i, k) in keys.iter().enumerate() {
        if !seen.insert(k) {
            // find the first occurrence only on the error path
            let first = keys.iter().position(|x| x == k).expect("seen");
            return Err(format!(
                "{}:{}: duplicate key (first on line {})",
                path.display(),
                lines[i],
                lines[first]
            ));
        }
    }
    Ok(keys)
}

/// Index of the first key that is not a compressed point, checked in parallel.
fn first_invalid_point(keys: &[Key]) -> Option<usize> {
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, 16);
    let chunk = keys.len().div_ceil(threads).max(1);
    std::thread::scope(|s| {
        let handles: Vec<_> = keys
            .chunks(chunk)
            .enumerate()
            .map(|(c, part)| {
                s.spawn(move || {
                    part.iter()
                        .position(|k| !is_compressed_point(k))
                        .map(|i| c * chunk + i)
                })
            })
            .collect();
        handles
            .into_iter()
            .filter_map(|h| h.join().expect("key check thread"))
            .min()
    })
}

/// The keys back to back (the `packed_consumers` encoding).
pub fn pack(keys: &[Key]) -> Vec<u8> {
    keys.concat()
}

/// `count` consecutive key pairs from the secret `seed` (taken mod n): the public keys
/// as hex lines and, when `with_secrets`, the secret keys as hex lines in the same order.
/// Consecutive points are one addition apart, which is much faster than a scalar
/// multiplication per key.
pub fn generate(count: usize, seed: &[u8], with_secrets: bool) -> (String, String) {
    use k256::elliptic_curve::ops::Reduce;
    use k256::elliptic_curve::sec1::ToEncodedPoint;
    use k256::{ProjectivePoint, Scalar, U256};
    let mut sk = <Scalar as Reduce<U256>>::reduce_bytes(k256::FieldBytes::from_slice(seed));
    if bool::from(sk.is_zero()) {
        sk = Scalar::ONE;
    }
    let mut point = ProjectivePoint::GENERATOR * sk;
    let (mut pubs, mut secrets) = (String::with_capacity(count * 67), String::new());
    for _ in 0..count {
        let enc = point.to_affine().to_encoded_point(true);
        pubs.push_str(&hex_encode(enc.as_bytes()));
        pubs.push('\n');
        if with_secrets {
            secrets.push_str(&hex_encode(&sk.to_bytes()));
            secrets.push('\n');
        }
        point += ProjectivePoint::GENERATOR;
        sk += Scalar::ONE;
    }
    (pubs, secrets)
}

const TREE_MAGIC: &[u8; 8] = b"SPTREE01";
const TREE_HEADER: usize = 8 + 8 + 8 + 32;

/// The tree file of a committed bulk purchase: `SPTREE01`, batch id (u64 BE, 0 while
/// unknown), key count (u64 BE), root (32 bytes), then the keys (33 bytes each) in order.
/// The tree itself is rebuilt from the keys when a proof is wanted.
#[derive(Debug)]
pub struct TreeFile {
    /// The batch, once the purchase committed (0 before).
    pub batch_id: u64,
    /// The Merkle root.
    pub root: Hash,
    /// The keys in order.
    pub keys: Vec<Key>,
}

impl TreeFile {
    /// Writes the file (the batch id may be patched later with [`TreeFile::set_batch_id`]).
    pub fn write(path: &Path, batch_id: u64, root: &Hash, keys: &[Key]) -> Result<(), String> {
        let mut buf = Vec::with_capacity(TREE_HEADER + keys.len() * PUBKEY_LEN);
        buf.extend_from_slice(TREE_MAGIC);
        buf.extend_from_slice(&batch_id.to_be_bytes());
        buf.extend_from_slice(&(keys.len() as u64).to_be_bytes());
        buf.extend_from_slice(root);
        for k in keys {
            buf.extend_from_slice(k);
        }
        std::fs::write(path, buf).map_err(|e| format!("tree file {}: {e}", path.display()))
    }

    /// Records the batch id in an existing file.
    pub fn set_batch_id(path: &Path, batch_id: u64) -> Result<(), String> {
        let err = |e: std::io::Error| format!("tree file {}: {e}", path.display());
        let mut f = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .open(path)
            .map_err(err)?;
        let mut magic = [0u8; 8];
        f.read_exact(&mut magic).map_err(err)?;
        if &magic != TREE_MAGIC {
            return Err(format!("{} is not a spectrum tree file", path.display()));
        }
        f.seek(SeekFrom::Start(8)).map_err(err)?;
        f.write_all(&batch_id.to_be_bytes()).map_err(err)
    }

    /// Reads and checks a tree file (the root must match the keys).
    pub fn read(path: &Path) -> Result<(Self, MerkleTree), String> {
        let b = std::fs::read(path).map_err(|e| format!("tree file {}: {e}", path.display()))?;
        if b.len() < TREE_HEADER || &b[..8] != TREE_MAGIC {
            return Err(format!("{} is not a spectrum tree file", path.display()));
        }
        let batch_id = u64::from_be_bytes(b[8..16].try_into().expect("8"));
        let count = u64::from_be_bytes(b[16..24].try_into().expect("8")) as usize;
        let root: Hash = b[24..56].try_into().expect("32");
        let body = &b[TREE_HEADER..];
        if body.len() != count * PUBKEY_LEN {
            return Err(format!(
                "tree file {}: truncated ({count} keys announced)",
                path.display()
            ));
        }
        let keys: Vec<Key> = body
            .chunks_exact(PUBKEY_LEN)
            .map(|c| c.try_into().expect("33"))
            .collect();
        let tree = MerkleTree::new(&keys)
            .ok_or_else(|| format!("tree file {}: no keys", path.display()))?;
        if tree.root() != root {
            return Err(format!(
                "tree file {}: its keys do not give its root (corrupt)",
                path.display()
            ));
        }
        Ok((
            TreeFile {
                batch_id,
                root,
                keys,
            },
            tree,
        ))
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// `n` distinct valid compressed keys (public keys of secret scalars 1..=n).
    pub fn test_keys(n: usize) -> Vec<Key> {
        (1..=n as u64)
            .map(|i| {
                let mut sk = [0u8; 32];
                sk[24..].copy_from_slice(&i.to_be_bytes());
                let sk = k256::SecretKey::from_slice(&sk).unwrap();
                let p = sk.public_key();
                let enc = k256::elliptic_curve::sec1::ToEncodedPoint::to_encoded_point(&p, true);
                enc.as_bytes().try_into().unwrap()
            })
            .collect()
    }

    fn tmp(name: &str) -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("spectrum-cli-test-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        d.join(name)
    }

    #[test]
    fn keys_parse_as_hex_or_base64_and_must_be_points() {
        let k = test_keys(1)[0];
        assert_eq!(parse_key(&hex_encode(&k)), Ok(k));
        assert_eq!(parse_key(&B64.encode(k)), Ok(k));
        let mut bad = k;
        bad[0] = 4;
        assert!(parse_key(&hex_encode(&bad))
            .unwrap_err()
            .contains("not a compressed secp256k1 point"));
        // x = 5 is not on the curve (5³ + 7 = 132 is not a square mod p)
        let mut off = [0u8; 33];
        off[0] = 2;
        off[32] = 5;
        assert!(parse_key(&hex_encode(&off)).is_err());
        assert!(parse_key("abcd").unwrap_err().contains("3 bytes"));
        assert!(parse_key("not a key!").is_err());
    }

    #[test]
    fn key_files_refuse_duplicates_bad_keys_and_too_many() {
        let ks = test_keys(5);
        let p = tmp("keys.txt");
        let text: String = ks.iter().map(|k| hex_encode(k) + "\n").collect();
        std::fs::write(&p, format!("# five keys\n{text}\n")).unwrap();
        assert_eq!(read_keys(&p, 5).unwrap(), ks);
        assert!(read_keys(&p, 4).unwrap_err().contains("more than 4 keys"));
        std::fs::write(&p, format!("{text}{}\n", B64.encode(ks[2]))).unwrap();
        assert!(read_keys(&p, 10)
            .unwrap_err()
            .contains(":6: duplicate key (first on line 3)"));
        std::fs::write(&p, format!("{text}02ff\n")).unwrap();
        assert!(read_keys(&p, 10).unwrap_err().contains(":6: key `02ff`"));
        let mut bad = ks[0];
        bad[0] = 5;
        std::fs::write(&p, format!("{text}{}\n", hex_encode(&bad))).unwrap();
        assert!(read_keys(&p, 10)
            .unwrap_err()
            .contains(":6: key is not a compressed"));
        std::fs::write(&p, "\n# nothing\n").unwrap();
        assert!(read_keys(&p, 10).unwrap_err().contains("no keys"));
        assert_eq!(pack(&ks[..2]).len(), 66);
    }

    #[test]
    fn generated_keys_are_valid_and_match_their_secrets() {
        let (pubs, secrets) = generate(5, &[7u8; 32], true);
        let keys: Vec<Key> = pubs.lines().map(|l| parse_key(l).unwrap()).collect();
        assert_eq!(keys.len(), 5);
        for (k, s) in keys.iter().zip(secrets.lines()) {
            let sk = k256::SecretKey::from_slice(&hex_decode(s).unwrap()).unwrap();
            let enc = k256::elliptic_curve::sec1::ToEncodedPoint::to_encoded_point(
                &sk.public_key(),
                true,
            );
            assert_eq!(enc.as_bytes(), k);
        }
    }

    #[test]
    fn tree_files_round_trip_and_detect_corruption() {
        let ks = test_keys(7);
        let tree = MerkleTree::new(&ks).unwrap();
        let p = tmp("tree.bin");
        TreeFile::write(&p, 0, &tree.root(), &ks).unwrap();
        TreeFile::set_batch_id(&p, 42).unwrap();
        let (f, t) = TreeFile::read(&p).unwrap();
        assert_eq!((f.batch_id, f.root, f.keys.len()), (42, tree.root(), 7));
        assert_eq!(t.proof(3), tree.proof(3));
        let mut b = std::fs::read(&p).unwrap();
        let last = b.len() - 1;
        b[last] ^= 1;
        std::fs::write(&p, b).unwrap();
        assert!(TreeFile::read(&p).unwrap_err().contains("corrupt"));
    }
}
