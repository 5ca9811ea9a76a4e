// Sealed-bid salts live in the browser's storage, keyed by chain, auction and bidder:
// without the salt (and units and price) a commitment can never be revealed.
import { fromBase64, toBase64 } from "@cosmjs/encoding";

export interface SavedBid { chainId: string; auctionContract: string; auctionId: number; bidder: string; units: number; price: string; salt: string; savedAt: string }

const key = (chainId: string, contract: string, auctionId: number, bidder: string) => `spectrum-bid:${chainId}:${contract}:${auctionId}:${bidder}`;

export function newSalt(): Uint8Array {
  return crypto.getRandomValues(new Uint8Array(32));
}

export function saveBid(b: SavedBid, storage: Storage = localStorage): void {
  storage.setItem(key(b.chainId, b.auctionContract, b.auctionId, b.bidder), JSON.stringify(b));
}

export function loadBid(chainId: string, contract: string, auctionId: number, bidder: string, storage: Storage = localStorage): SavedBid | null {
  const raw = storage.getItem(key(chainId, contract, auctionId, bidder));
  if (!raw) return null;
  try { return JSON.parse(raw); } catch { return null; }
}

/** A backup the bidder pasted back: the JSON the app offered for download. */
export function parseBackup(text: string, expect: { auctionId: number; bidder: string }): { ok: true; value: SavedBid } | { ok: false; reason: string } {
  let b: SavedBid;
  try { b = JSON.parse(text); } catch { return { ok: false, reason: "not the JSON backup this app saved" }; }
  if (!b || typeof b.salt !== "string" || typeof b.price !== "string" || typeof b.units !== "number") return { ok: false, reason: "the backup lacks salt, units or price" };
  if (b.auctionId !== expect.auctionId) return { ok: false, reason: `this backup is for auction ${b.auctionId}, not ${expect.auctionId}` };
  if (b.bidder !== expect.bidder) return { ok: false, reason: "this backup is for another bidder address" };
  let salt: Uint8Array;
  try { salt = fromBase64(b.salt); } catch { return { ok: false, reason: "the salt is not base64" }; }
  if (salt.length < 16 || salt.length > 64) return { ok: false, reason: "a salt has 16 to 64 bytes" };
  return { ok: true, value: b };
}

export const saltB64 = (s: Uint8Array) => toBase64(s);
