// Consumer keys for bulk purchases: 33-byte compressed secp256k1 public keys in base64.
import { fromBase64, toBase64 } from "@cosmjs/encoding";
import { packConsumerKeys } from "@spectrum-market/client/helpers";
import type { Parsed } from "./amounts";

export function parseKey(text: string): Parsed<Uint8Array> {
  let bytes: Uint8Array;
  const t = text.trim();
  if (/^[0-9a-fA-F]{66}$/.test(t)) {
    bytes = Uint8Array.from(t.match(/../g)!.map((h) => parseInt(h, 16)));
  } else {
    if (!/^[A-Za-z0-9+/]+={0,2}$/.test(t)) return { ok: false, reason: "not base64 (or 66 hex digits)" };
    try {
      bytes = fromBase64(t);
    } catch {
      return { ok: false, reason: "not valid base64" };
    }
  }
  if (bytes.length !== 33) return { ok: false, reason: `${bytes.length} bytes, a compressed key has 33` };
  if (bytes[0] !== 2 && bytes[0] !== 3) return { ok: false, reason: "a compressed key starts with 0x02 or 0x03" };
  return { ok: true, value: bytes };
}

/** One key per line (blank lines and # comments ignored), at most `max` keys, no duplicates. */
export function parseKeyList(text: string, max: number): Parsed<string[]> {
  const lines = text.split(/\r?\n/);
  const keys: string[] = [];
  const seen = new Map<string, number>();
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/#.*$/, "").trim();
    if (!line) continue;
    for (const part of line.split(/[\s,;]+/).filter(Boolean)) {
      const k = parseKey(part);
      if (!k.ok) return { ok: false, reason: `line ${i + 1}: unparsable key "${short(part)}": ${k.reason}` };
      const b64 = toBase64(k.value);
      if (seen.has(b64)) return { ok: false, reason: `line ${i + 1}: the key of line ${seen.get(b64)} appears twice` };
      seen.set(b64, i + 1);
      keys.push(b64);
    }
  }
  if (keys.length === 0) return { ok: false, reason: "no keys: the list is empty" };
  if (keys.length > max) return { ok: false, reason: `${keys.length} keys is more than the market's maximum of ${max} (max_bulk_consumers)` };
  return { ok: true, value: keys };
}

/** The keys back to back in one base64 string (`packed_consumers`). */
export function packKeys(keys: string[]): string {
  return packConsumerKeys(keys.map((k) => fromBase64(k)));
}

function short(s: string): string {
  return s.length > 16 ? s.slice(0, 14) + "…" : s;
}
