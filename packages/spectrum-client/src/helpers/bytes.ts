// Byte helpers: standard base64 with padding (the contracts' `Binary`), big-endian integers.

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DECODE = new Int16Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) DECODE[ALPHABET.charCodeAt(i)] = i;

/** Bytes as standard base64 with padding, as a CosmWasm `Binary` is written. */
export function toBase64(bytes: Uint8Array): string {
  let out = '';
  const n = bytes.length;
  let i = 0;
  for (; i + 2 < n; i += 3) {
    const v = (bytes[i]! << 16) | (bytes[i + 1]! << 8) | bytes[i + 2]!;
    out += ALPHABET[v >> 18]! + ALPHABET[(v >> 12) & 63]! + ALPHABET[(v >> 6) & 63]! + ALPHABET[v & 63]!;
  }
  if (i < n) {
    const rest = n - i;
    const v = (bytes[i]! << 16) | (rest === 2 ? bytes[i + 1]! << 8 : 0);
    out += ALPHABET[v >> 18]! + ALPHABET[(v >> 12) & 63]!;
    out += rest === 2 ? ALPHABET[(v >> 6) & 63]! + '=' : '==';
  }
  return out;
}

/**
 * Standard base64 with padding to bytes. Refuses anything a CosmWasm `Binary` refuses:
 * other characters, missing padding, a length that is not a multiple of 4, or non-zero
 * trailing bits.
 */
export function fromBase64(text: string): Uint8Array {
  if (text.length % 4 !== 0) throw new Error('base64: length is not a multiple of 4');
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    const last = i + 4 === text.length;
    let v = 0;
    for (let j = 0; j < 4; j++) {
      const c = text.charCodeAt(i + j);
      const isPad = last && j >= 4 - pad;
      const d = isPad ? 0 : c < 128 ? DECODE[c]! : -1;
      if (d < 0 || (isPad && c !== 61)) throw new Error(`base64: invalid character at ${i + j}`);
      v = (v << 6) | d;
    }
    if (last && ((pad === 2 && (v & 0xffff) !== 0) || (pad === 1 && (v & 0xff) !== 0))) {
      throw new Error('base64: non-zero trailing bits');
    }
    out[o++] = v >> 16;
    if (o < out.length) out[o++] = (v >> 8) & 255;
    if (o < out.length) out[o++] = v & 255;
  }
  return out;
}

/** Bytes as lowercase hex. */
export function toHex(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b.toString(16).padStart(2, '0');
  return s;
}

/** Concatenates byte arrays. */
export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Two byte arrays are equal. */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let d = 0;
  for (let i = 0; i < a.length; i++) d |= a[i]! ^ b[i]!;
  return d === 0;
}

/** An unsigned integer given as bigint, safe integer or decimal string. */
export type UintLike = bigint | number | string;

/** `value` as an unsigned integer of `bits` bits, or an error naming `what`. */
export function toUint(value: UintLike, bits: 64 | 128, what: string): bigint {
  let v: bigint;
  if (typeof value === 'bigint') v = value;
  else if (typeof value === 'number') {
    if (!Number.isSafeInteger(value)) throw new RangeError(`${what}: not a safe integer`);
    v = BigInt(value);
  } else {
    if (!/^[0-9]+$/.test(value)) throw new RangeError(`${what}: not a decimal integer`);
    v = BigInt(value);
  }
  if (v < 0n || v >= 1n << BigInt(bits)) throw new RangeError(`${what}: out of the u${bits} range`);
  return v;
}

/** `value` as `len` big-endian bytes (it must fit). */
export function bigEndian(value: bigint, len: number): Uint8Array {
  const out = new Uint8Array(len);
  let v = value;
  for (let i = len - 1; i >= 0; i--) {
    out[i] = Number(v & 0xffn);
    v >>= 8n;
  }
  return out;
}
