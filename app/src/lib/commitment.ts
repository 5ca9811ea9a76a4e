// The sealed-bid commitment of auction-clearing (spectrum_types::auction_clearing::commitment):
// sha256(auction_id u64 BE ‖ len(bidder) u32 BE ‖ bidder ‖ units u64 BE ‖ price u128 BE ‖ salt).
import { sha256 } from "@noble/hashes/sha2";

export function commitment(auctionId: number | bigint, bidder: string, units: number | bigint, price: bigint, salt: Uint8Array): Uint8Array {
  const b = new TextEncoder().encode(bidder);
  const buf = new Uint8Array(8 + 4 + b.length + 8 + 16 + salt.length);
  const dv = new DataView(buf.buffer);
  dv.setBigUint64(0, BigInt(auctionId));
  dv.setUint32(8, b.length);
  buf.set(b, 12);
  let o = 12 + b.length;
  dv.setBigUint64(o, BigInt(units));
  o += 8;
  dv.setBigUint64(o, price >> 64n);
  dv.setBigUint64(o + 8, price & 0xffffffffffffffffn);
  buf.set(salt, o + 16);
  return sha256(buf);
}
