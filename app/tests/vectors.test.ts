// The app's own helpers against the shared vectors written from spectrum-types
// (packages/spectrum-types/vectors.json): the same bytes as the contracts.
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { fromBase64, toBase64 } from "@cosmjs/encoding";
import { root, proof, verify } from "../src/lib/merkle";
import { commitment } from "../src/lib/commitment";
import { packKeys } from "../src/lib/keys";
import { formatAmount } from "../src/lib/amounts";

const v = JSON.parse(readFileSync(new URL("../../packages/spectrum-types/vectors.json", import.meta.url), "utf8"));

describe("shared vectors", () => {
  it("Merkle roots and proofs", () => {
    for (const m of v.merkle) {
      if (!m.keys || !m.root) continue;
      const keys = m.keys.map((k: string) => fromBase64(k));
      expect(toBase64(root(keys))).toBe(m.root);
      for (const p of m.proofs) {
        expect(proof(keys, p.index).map((h) => toBase64(h))).toEqual(p.proof);
        expect(verify(fromBase64(m.root), keys[p.index], p.index, m.count, p.proof.map((h: string) => fromBase64(h)))).toBe(true);
      }
    }
  });
  it("auction commitments", () => {
    for (const c of v.commitments)
      expect(toBase64(commitment(BigInt(c.auction_id), c.bidder, BigInt(c.units), BigInt(c.price), fromBase64(c.salt)))).toBe(c.commitment);
  });
  it("packed keys", () => {
    for (const p of v.packed_keys) expect(packKeys(p.keys)).toBe(p.packed);
  });
  it("amounts in display units", () => {
    // the app groups thousands for reading; the digits are the vectors'
    for (const f of v.amounts.format) expect(formatAmount(f.base, f.decimals).replace(/,/g, "")).toBe(f.text);
  });
});
