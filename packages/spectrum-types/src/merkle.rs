//! The Merkle commitment of a committed bulk purchase in `bandwidth-market`.
//!
//! A buyer commits to N consumer keys with one 32-byte root; any key later proves it is
//! in the batch with its position and a proof. Client authors must hash exactly so:
//!
//! * **leaf** `= sha256(0x00 ‖ pubkey)`, `pubkey` the 33-byte compressed secp256k1 key;
//! * **node** `= sha256(0x01 ‖ left ‖ right)` (the prefixes keep leaves and nodes apart);
//! * the leaves are in the buyer's order (positions `0..N`). Each level pairs nodes
//!   `(0,1), (2,3), …`; a last node without a partner is **carried up unchanged**
//!   (never duplicated). The root is the single node left; the root of one key is its leaf.
//! * **proof** of position `i`: the partner hashes from the leaf level up, skipping the
//!   levels where the node is carried up. Its length is therefore fixed by `i` and N.
//!
//! [`MerkleTree::new`] builds the tree, [`MerkleTree::proof`] the proof of a position,
//! and [`verify`] checks a proof (the contract uses that very function).

use sha2::{Digest, Sha256};

/// A 32-byte hash.
pub type Hash = [u8; 32];

/// The hash of a leaf: `sha256(0x00 ‖ pubkey)`.
pub fn leaf_hash(pubkey: &[u8]) -> Hash {
    let mut h = Sha256::new();
    h.update([0u8]);
    h.update(pubkey);
    h.finalize().into()
}

/// The hash of an inner node: `sha256(0x01 ‖ left ‖ right)`.
pub fn node_hash(left: &Hash, right: &Hash) -> Hash {
    let mut h = Sha256::new();
    h.update([1u8]);
    h.update(left);
    h.update(right);
    h.finalize().into()
}

/// A whole tree, every level kept (the client side: building roots and proofs).
#[derive(Clone, Debug)]
pub struct MerkleTree {
    levels: Vec<Vec<Hash>>,
}

impl MerkleTree {
    /// Builds the tree of `pubkeys` in order. Returns `None` for an empty list.
    pub fn new<K: AsRef<[u8]>>(pubkeys: &[K]) -> Option<Self> {
        if pubkeys.is_empty() {
            return None;
        }
        let mut levels = vec![pubkeys
            .iter()
            .map(|k| leaf_hash(k.as_ref()))
            .collect::<Vec<_>>()];
        while levels.last().map_or(0, Vec::len) > 1 {
            let below = levels.last().expect("non-empty");
            let above = below
                .chunks(2)
                .map(|pair| match pair {
                    [l, r] => node_hash(l, r),
                    [single] => *single,
                    _ => unreachable!("chunks of two"),
                })
                .collect();
            levels.push(above);
        }
        Some(MerkleTree { levels })
    }

    /// The root.
    pub fn root(&self) -> Hash {
        self.levels.last().expect("non-empty")[0]
    }

    /// The number of leaves.
    pub fn len(&self) -> u64 {
        self.levels[0].len() as u64
    }

    /// Never true: a tree has at least one leaf.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The proof of position `index`, or `None` when out of range.
    pub fn proof(&self, index: u64) -> Option<Vec<Hash>> {
        if index >= self.len() {
            return None;
        }
        let mut idx = index as usize;
        let mut proof = vec![];
        for level in &self.levels[..self.levels.len() - 1] {
            let partner = idx ^ 1;
            if partner < level.len() {
                proof.push(level[partner]);
            }
            idx /= 2;
        }
        Some(proof)
    }
}

/// Checks that `pubkey` is at position `index` of the `count` keys committed by `root`.
/// Refuses a proof of the wrong length. Work is `O(log count)`.
pub fn verify(
    root: &[u8],
    count: u64,
    index: u64,
    pubkey: &[u8],
    proof: &[impl AsRef<[u8]>],
) -> bool {
    if index >= count || root.len() != 32 {
        return false;
    }
    let mut node = leaf_hash(pubkey);
    let (mut idx, mut width) = (index, count);
    let mut siblings = proof.iter();
    while width > 1 {
        let carried = idx == width - 1 && width % 2 == 1;
        if !carried {
            let Some(sibling) = siblings.next() else {
                return false;
            };
            let Ok(sibling): Result<Hash, _> = sibling.as_ref().try_into() else {
                return false;
            };
            node = if idx % 2 == 0 {
                node_hash(&node, &sibling)
            } else {
                node_hash(&sibling, &node)
            };
        }
        idx /= 2;
        width = width.div_ceil(2);
    }
    siblings.next().is_none() && node.as_slice() == root
}

#[cfg(test)]
mod tests {
    use super::*;

    fn keys(n: usize) -> Vec<[u8; 33]> {
        (0..n)
            .map(|i| {
                let mut k = [0u8; 33];
                k[0] = 2;
                k[1..9].copy_from_slice(&(i as u64).to_be_bytes());
                k
            })
            .collect()
    }

    #[test]
    fn every_key_proves_its_position_for_all_small_sizes() {
        for n in 1..=33 {
            let ks = keys(n);
            let tree = MerkleTree::new(&ks).unwrap();
            for (i, k) in ks.iter().enumerate() {
                let proof = tree.proof(i as u64).unwrap();
                assert!(
                    verify(&tree.root(), n as u64, i as u64, k, &proof),
                    "n {n} i {i}"
                );
                // wrong position, wrong key, wrong count, truncated or padded proof fail
                if n > 1 {
                    let other = (i + 1) % n;
                    assert!(!verify(&tree.root(), n as u64, other as u64, k, &proof));
                    assert!(!verify(
                        &tree.root(),
                        n as u64,
                        i as u64,
                        &ks[other],
                        &proof
                    ));
                    assert!(!verify(&tree.root(), n as u64, i as u64, k, &proof[1..]));
                }
                let mut padded = proof.clone();
                padded.push([0u8; 32]);
                assert!(!verify(&tree.root(), n as u64, i as u64, k, &padded));
            }
            assert!(tree.proof(n as u64).is_none());
        }
    }

    #[test]
    fn encoding_is_the_documented_one() {
        let ks = keys(3);
        let tree = MerkleTree::new(&ks).unwrap();
        let l: Vec<Hash> = ks.iter().map(|k| leaf_hash(k)).collect();
        // level 1: node(l0, l1), l2 carried up; root: node(node(l0, l1), l2)
        assert_eq!(tree.root(), node_hash(&node_hash(&l[0], &l[1]), &l[2]));
        let mut pre = vec![0u8];
        pre.extend_from_slice(&ks[0]);
        assert_eq!(l[0], <[u8; 32]>::from(Sha256::digest(&pre)));
        assert_eq!(MerkleTree::new(&ks[..1]).unwrap().root(), l[0]);
        assert!(MerkleTree::new::<[u8; 33]>(&[]).is_none());
    }
}
