// What the app signs, against the shared vectors written from spectrum-types
// (packages/spectrum-types/vectors.json): the encodings come from the one TypeScript
// implementation (packages/spectrum-client, tested there too); the app's key list and
// amount display must give the same bytes and digits.
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { fromBase64, toBase64 } from "@cosmjs/encoding";
import { MerkleTree, verifyMerkleProof, auctionCommitment } from "@spectrum-market/client/helpers";
import { packKeys } from "../src/lib/keys";
import { formatAmount } from "../src/lib/amounts";

const v = JSON.parse(readFileSync(new URL("../../packages/spectrum-types/vectors.json", import.meta.url), "utf8"));

describe("shared vectors", () => {
  it("Merkle roots and proofs", () => {
    for (const m of v.merkle) {
      if (!m.keys || !m.root) continue;
      const keys = m.keys.map((k: string) => fromBase64(k));
      const tree = MerkleTree.build(keys);
      expect(toBase64(tree.root())).toBe(m.root);
      for (const p of m.proofs) {
        expect(tree.proof(p.index).map((h) => toBase64(h))).toEqual(p.proof);
        expect(verifyMerkleProof(fromBase64(m.root), m.count, p.index, keys[p.index], p.proof.map((h: string) => fromBase64(h)))).toBe(true);
      }
    }
  });
  it("auction commitments", () => {
    for (const c of v.commitments)
      expect(toBase64(auctionCommitment({ auctionId: c.auction_id, bidder: c.bidder, units: c.units, price: c.price, salt: fromBase64(c.salt) }))).toBe(c.commitment);
  });
  it("packed keys", () => {
    for (const p of v.packed_keys) expect(packKeys(p.keys)).toBe(p.packed);
  });
  it("amounts in display units", () => {
    // the app groups thousands for reading; the digits are the vectors'
    for (const f of v.amounts.format) expect(formatAmount(f.base, f.decimals).replace(/,/g, "")).toBe(f.text);
  });
});
