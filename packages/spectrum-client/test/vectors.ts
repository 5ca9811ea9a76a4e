// The shared test vectors written by spectrum-types (cargo run -p spectrum-types --example vectors).
import { readFileSync } from 'node:fs';
import { sha256 } from '@noble/hashes/sha2.js';
import { fromBase64 } from '../src/helpers/bytes.js';

export const VECTORS_URL = new URL('../../../spectrum-types/vectors.json', import.meta.url);

export interface Vectors {
  merkle: {
    count: number;
    root: string;
    keys_sha256: string;
    keys?: string[];
    proofs: { index: number; proof: string[] }[];
    refused: { what: string; count: number; index: number; key: string; proof: string[]; valid: boolean }[];
  }[];
  commitments: { auction_id: string; bidder: string; units: string; price: string; salt: string; commitment: string }[];
  packed_keys: { keys: string[]; packed: string }[];
  access: {
    signed: { secret_key: string; pubkey: string; challenge: string; signature: string }[];
    checked: { what: string; pubkey: string; challenge: string; signature: string; valid: boolean }[];
  };
  amounts: {
    bandcoin_decimals: number;
    format: { base: string; decimals: number; text: string }[];
    parse: { text: string; decimals: number; base?: string; error?: string }[];
  };
}

export const vectors: Vectors = JSON.parse(readFileSync(VECTORS_URL, 'utf8'));

/** The i-th Merkle test key: 0x02 ‖ sha256(i as u64 big-endian). */
export function merkleKey(i: number): Uint8Array {
  const be = new Uint8Array(8);
  new DataView(be.buffer).setBigUint64(0, BigInt(i));
  const k = new Uint8Array(33);
  k[0] = 2;
  k.set(sha256(be), 1);
  return k;
}

export const b = fromBase64;
