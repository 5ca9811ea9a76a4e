// Consumer keys: 33-byte compressed secp256k1 public keys, and their packed form
// (Recipients::PackedConsumers: n keys back to back, 33 × n bytes, one base64 string).
import { fromBase64, toBase64 } from './bytes.js';

/** Length of a compressed secp256k1 public key. */
export const PUBKEY_LEN = 33;

/** Packs consumer keys for `packed_consumers` (base64 of the 33 × n bytes). */
export function packConsumerKeys(keys: readonly Uint8Array[]): string {
  const out = new Uint8Array(keys.length * PUBKEY_LEN);
  keys.forEach((k, i) => {
    if (k.length !== PUBKEY_LEN) throw new RangeError(`key ${i}: ${k.length} bytes, not ${PUBKEY_LEN}`);
    out.set(k, i * PUBKEY_LEN);
  });
  return toBase64(out);
}

/** The keys of a packed list (base64 or bytes); refuses a length not a multiple of 33. */
export function unpackConsumerKeys(packed: string | Uint8Array): Uint8Array[] {
  const bytes = typeof packed === 'string' ? fromBase64(packed) : packed;
  if (bytes.length % PUBKEY_LEN !== 0) {
    throw new RangeError(`packed keys: ${bytes.length} bytes is not a multiple of ${PUBKEY_LEN}`);
  }
  const keys: Uint8Array[] = [];
  for (let o = 0; o < bytes.length; o += PUBKEY_LEN) keys.push(bytes.slice(o, o + PUBKEY_LEN));
  return keys;
}
