// The Merkle commitment of committed bulk purchases (spectrum_types::merkle):
// leaf = sha256(0x00 ‖ key33), node = sha256(0x01 ‖ left ‖ right), an unpaired last
// node is carried up unchanged; a proof lists partner hashes from the leaf up.
import { sha256 } from "@noble/hashes/sha2";

function cat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) (out.set(p, o), (o += p.length));
  return out;
}
export const leaf = (key: Uint8Array) => sha256(cat(Uint8Array.of(0), key));
export const node = (l: Uint8Array, r: Uint8Array) => sha256(cat(Uint8Array.of(1), l, r));

export function levels(keys: Uint8Array[]): Uint8Array[][] {
  if (keys.length === 0) throw new Error("no keys");
  const out: Uint8Array[][] = [keys.map((k) => leaf(k))];
  while (out[out.length - 1].length > 1) {
    const lv = out[out.length - 1];
    const next: Uint8Array[] = [];
    for (let i = 0; i < lv.length; i += 2) next.push(i + 1 < lv.length ? node(lv[i], lv[i + 1]) : lv[i]);
    out.push(next);
  }
  return out;
}
export const root = (keys: Uint8Array[]) => levels(keys).at(-1)![0];

export function proof(keys: Uint8Array[], index: number): Uint8Array[] {
  const lv = levels(keys);
  const out: Uint8Array[] = [];
  let i = index;
  for (let l = 0; l < lv.length - 1; l++) {
    const partner = i ^ 1;
    if (partner < lv[l].length) out.push(lv[l][partner]);
    i >>= 1;
  }
  return out;
}

export function verify(rootHash: Uint8Array, key: Uint8Array, index: number, count: number, path: Uint8Array[]): boolean {
  let h = leaf(key);
  let i = index;
  let n = count;
  let p = 0;
  while (n > 1) {
    const partner = i ^ 1;
    if (partner < n) {
      const s = path[p++];
      if (!s) return false;
      h = i % 2 === 0 ? node(h, s) : node(s, h);
    }
    i >>= 1;
    n = Math.ceil(n / 2);
  }
  return p === path.length && h.every((b, j) => b === rootHash[j]);
}
