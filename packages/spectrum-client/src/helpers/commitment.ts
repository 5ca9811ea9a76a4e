// The commitment of a sealed auction bid, byte-for-byte as
// spectrum_types::auction_clearing::commitment:
// sha256(auction_id u64 BE ‖ len(bidder) u32 BE ‖ bidder (UTF-8) ‖ units u64 BE ‖
//        price u128 BE ‖ salt), price per unit, salt 16 to 64 random bytes.
import { sha256 } from '@noble/hashes/sha2.js';
import { bigEndian, concatBytes, toUint, type UintLike } from './bytes.js';

/** Shortest salt the contract accepts at reveal, bytes. */
export const MIN_SALT_LEN = 16;
/** Longest salt the contract accepts at reveal, bytes. */
export const MAX_SALT_LEN = 64;

/** A sealed bid, as committed and later revealed. */
export interface SealedBid {
  /** The auction (u64). */
  auctionId: UintLike;
  /** The bidder's bech32 address (the commit's sender). */
  bidder: string;
  /** Units bid for (u64). */
  units: UintLike;
  /** Price per unit in base units (Uint128). */
  price: UintLike;
  /** The salt. */
  salt: Uint8Array;
}

/** The 32-byte commitment of a sealed bid. */
export function auctionCommitment(bid: SealedBid): Uint8Array {
  const bidder = new TextEncoder().encode(bid.bidder);
  return sha256(
    concatBytes(
      bigEndian(toUint(bid.auctionId, 64, 'auctionId'), 8),
      bigEndian(BigInt(bidder.length), 4),
      bidder,
      bigEndian(toUint(bid.units, 64, 'units'), 8),
      bigEndian(toUint(bid.price, 128, 'price'), 16),
      bid.salt,
    ),
  );
}

/** A fresh random salt (32 bytes unless told) from the platform's secure generator. */
export function randomSalt(length = 32): Uint8Array {
  if (!Number.isInteger(length) || length < MIN_SALT_LEN || length > MAX_SALT_LEN) {
    throw new RangeError(`salt length must be ${MIN_SALT_LEN} to ${MAX_SALT_LEN} bytes`);
  }
  return globalThis.crypto.getRandomValues(new Uint8Array(length));
}
