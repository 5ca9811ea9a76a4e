// Access proofs of bandwidth-market (`verify_access`): a device proves it holds a consumer
// key by signing the base station's challenge. The signature is compact (r ‖ s, 64 bytes)
// ECDSA secp256k1 over sha256(challenge), deterministic (RFC 6979) and low-s, exactly as
// k256's sign_prehash makes it; the contract (cosmwasm secp256k1_verify) also accepts the
// high-s form of a signature and needs a 33-byte compressed key.
import * as secp from '@noble/secp256k1';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { PUBKEY_LEN } from './keys.js';

function withHashes(): typeof secp {
  if (!secp.hashes.sha256) secp.hashes.sha256 = sha256;
  if (!secp.hashes.hmacSha256) secp.hashes.hmacSha256 = (key, msg) => hmac(sha256, key, msg);
  return secp;
}

/** The 33-byte compressed public key (the consumer key) of a 32-byte secret key. */
export function consumerPublicKey(secretKey: Uint8Array): Uint8Array {
  return withHashes().getPublicKey(secretKey, true);
}

/** A fresh random secret key. */
export function randomSecretKey(): Uint8Array {
  return withHashes().utils.randomSecretKey();
}

/** Signs a challenge for `verify_access`: 64-byte compact signature of sha256(challenge). */
export function signAccessChallenge(secretKey: Uint8Array, challenge: Uint8Array): Uint8Array {
  return withHashes().sign(challenge, secretKey, { prehash: true, lowS: true, format: 'compact' });
}

/**
 * The signature check of `verify_access`: a 33-byte key, a 64-byte compact signature
 * (high-s accepted, as cosmwasm does) of sha256(challenge). False on malformed input.
 */
export function verifyAccessSignature(pubkey: Uint8Array, challenge: Uint8Array, signature: Uint8Array): boolean {
  if (pubkey.length !== PUBKEY_LEN || signature.length !== 64) return false;
  try {
    return withHashes().verify(signature, challenge, pubkey, { prehash: true, lowS: false, format: 'compact' });
  } catch {
    return false;
  }
}
