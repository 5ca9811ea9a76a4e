// The committed-bulk Merkle tree of bandwidth-market, byte-for-byte as
// spectrum_types::merkle:
// * leaf = sha256(0x00 ‖ pubkey), node = sha256(0x01 ‖ left ‖ right);
// * leaves in the buyer's order; each level pairs (0,1), (2,3), …; a last node without a
//   partner is carried up unchanged; the root of one key is its leaf;
// * the proof of position i: the partner hashes from the leaf level up, skipping levels
//   where the node is carried up.
import { sha256 } from '@noble/hashes/sha2.js';
import { equalBytes } from './bytes.js';
import { bytesToWords, leaf33Words, nodeWords, wordsToBytes } from './sha256.js';

/** Keys as a list of byte arrays, or packed back to back (33 × n bytes). */
export type MerkleKeys = readonly Uint8Array[] | { packed: Uint8Array; keyLength?: number };

function leafInto(key: Uint8Array, keyOff: number, keyLen: number, out: Int32Array, outOff: number): void {
  if (keyLen === 33) {
    leaf33Words(key, keyOff, out, outOff);
    return;
  }
  const msg = new Uint8Array(keyLen + 1);
  msg.set(key.subarray(keyOff, keyOff + keyLen), 1);
  bytesToWords(sha256(msg), out, outOff);
}

/** The hash of a leaf: sha256(0x00 ‖ pubkey). */
export function leafHash(pubkey: Uint8Array): Uint8Array {
  const out = new Int32Array(8);
  leafInto(pubkey, 0, pubkey.length, out, 0);
  return wordsToBytes(out, 0);
}

/** The hash of an inner node: sha256(0x01 ‖ left ‖ right). */
export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  if (left.length !== 32 || right.length !== 32) throw new RangeError('nodeHash: 32-byte hashes');
  const both = new Int32Array(16);
  bytesToWords(left, both, 0);
  bytesToWords(right, both, 8);
  nodeWords(both, 0, 8, both, 0);
  return wordsToBytes(both, 0);
}

/** The leaf hashes as words (8 per key). */
function leaves(keys: MerkleKeys): Int32Array {
  if ('packed' in keys) {
    const len = keys.keyLength ?? 33;
    const { packed } = keys;
    if (len <= 0 || packed.length % len !== 0) throw new RangeError(`packed keys: not a multiple of ${len} bytes`);
    const n = packed.length / len;
    if (n === 0) throw new RangeError('a Merkle tree needs at least one key');
    const out = new Int32Array(n * 8);
    for (let i = 0; i < n; i++) leafInto(packed, i * len, len, out, i * 8);
    return out;
  }
  const list = keys as readonly Uint8Array[];
  if (list.length === 0) throw new RangeError('a Merkle tree needs at least one key');
  const out = new Int32Array(list.length * 8);
  for (let i = 0; i < list.length; i++) leafInto(list[i]!, 0, list[i]!.length, out, i * 8);
  return out;
}

/** The level above `below` (`width` hashes of 8 words), written to `out` (may be `below`). */
function levelUp(below: Int32Array, width: number, out: Int32Array): number {
  const pairs = width >>> 1;
  // in place, node i overwrites node i only after its inputs 2i and 2i + 1 were read
  for (let i = 0; i < pairs; i++) nodeWords(below, 16 * i, 16 * i + 8, out, 8 * i);
  if (width & 1) out.set(below.subarray(8 * (width - 1), 8 * width), 8 * pairs);
  return pairs + (width & 1);
}

/**
 * The root of `keys` without keeping the tree (one buffer of 32 bytes per key, reduced in
 * place): the fast way for a large batch. Throws on an empty list.
 */
export function merkleRoot(keys: MerkleKeys): Uint8Array {
  const buf = leaves(keys);
  let width = buf.length / 8;
  while (width > 1) width = levelUp(buf, width, buf);
  return wordsToBytes(buf, 0);
}

/** A whole tree, every level kept: roots and proofs of a committed bulk purchase. */
export class MerkleTree {
  private readonly levels: Int32Array[];

  private constructor(levels: Int32Array[]) {
    this.levels = levels;
  }

  /** Builds the tree of `keys` in order. Throws on an empty list. */
  static build(keys: MerkleKeys): MerkleTree {
    const levels = [leaves(keys)];
    let width = levels[0]!.length / 8;
    while (width > 1) {
      const above = new Int32Array(8 * ((width + 1) >>> 1));
      width = levelUp(levels[levels.length - 1]!, width, above);
      levels.push(above);
    }
    return new MerkleTree(levels);
  }

  /** The number of keys. */
  get length(): number {
    return this.levels[0]!.length / 8;
  }

  /** The 32-byte root. */
  root(): Uint8Array {
    return wordsToBytes(this.levels[this.levels.length - 1]!, 0);
  }

  /** The proof of position `index` (sibling hashes from the leaf up). */
  proof(index: number): Uint8Array[] {
    if (!Number.isSafeInteger(index) || index < 0 || index >= this.length) {
      throw new RangeError(`proof: index ${index} out of range`);
    }
    const proof: Uint8Array[] = [];
    let idx = index;
    for (let l = 0; l < this.levels.length - 1; l++) {
      const level = this.levels[l]!;
      const partner = idx ^ 1;
      if (partner < level.length / 8) proof.push(wordsToBytes(level, 8 * partner));
      idx = Math.floor(idx / 2);
    }
    return proof;
  }
}

/**
 * Whether `pubkey` is at position `index` of the `count` keys committed by `root`, as
 * bandwidth-market checks it (spectrum_types::merkle::verify). Refuses a proof of the
 * wrong length.
 */
export function verifyMerkleProof(
  root: Uint8Array,
  count: number,
  index: number,
  pubkey: Uint8Array,
  proof: readonly Uint8Array[],
): boolean {
  if (!Number.isSafeInteger(count) || !Number.isSafeInteger(index) || index < 0) return false;
  if (index >= count || root.length !== 32) return false;
  let node = leafHash(pubkey);
  let idx = index;
  let width = count;
  let next = 0;
  while (width > 1) {
    const carried = idx === width - 1 && width % 2 === 1;
    if (!carried) {
      const sibling = proof[next++];
      if (sibling === undefined || sibling.length !== 32) return false;
      node = idx % 2 === 0 ? nodeHash(node, sibling) : nodeHash(sibling, node);
    }
    idx = Math.floor(idx / 2);
    width = Math.ceil(width / 2);
  }
  return next === proof.length && equalBytes(node, root);
}
