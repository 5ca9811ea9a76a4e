// Amounts: the chain counts in base units (strings of digits); people read display units.

export function formatAmount(raw: string | bigint, decimals: number, symbol = ""): string {
  const v = typeof raw === "bigint" ? raw : BigInt(raw);
  const neg = v < 0n;
  const abs = neg ? -v : v;
  const base = 10n ** BigInt(decimals);
  const whole = abs / base;
  let frac = (abs % base).toString().padStart(decimals, "0").replace(/0+$/, "");
  const wholeText = whole.toString().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const text = (neg ? "-" : "") + wholeText + (frac ? "." + frac : "");
  return symbol ? `${text} ${symbol}` : text;
}

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/** A display amount ("1.5") into base units, refusing negatives and more decimals than the token has. */
export function parseAmount(text: string, decimals: number): Parsed<bigint> {
  const t = text.trim().replace(/,/g, "");
  if (t === "") return { ok: false, reason: "enter an amount" };
  if (t.startsWith("-")) return { ok: false, reason: "an amount cannot be negative" };
  if (!/^\d+(\.\d+)?$/.test(t)) return { ok: false, reason: "not a number" };
  const [w, f = ""] = t.split(".");
  if (f.length > decimals) return { ok: false, reason: `at most ${decimals} decimals (the token's smallest unit)` };
  const value = BigInt(w) * 10n ** BigInt(decimals) + BigInt((f + "0".repeat(decimals)).slice(0, decimals) || "0");
  if (value >= 2n ** 128n) return { ok: false, reason: "too large" };
  return { ok: true, value };
}

/** A whole count (units, epochs): positive integer, at most `max`. */
export function parseCount(text: string, what = "units", max = 2 ** 32 - 1, min = 1): Parsed<number> {
  const t = text.trim();
  if (t === "") return { ok: false, reason: `enter the number of ${what}` };
  if (t.startsWith("-")) return { ok: false, reason: `${what} cannot be negative` };
  if (/^\d*\.\d+$/.test(t) || /^\d+\.$/.test(t)) return { ok: false, reason: `${what} must be a whole number` };
  if (!/^\d+$/.test(t)) return { ok: false, reason: "not a number" };
  const n = Number(t);
  if (n < min) return { ok: false, reason: `at least ${min}` };
  if (n > max) return { ok: false, reason: `at most ${max}` };
  return { ok: true, value: n };
}

export function formatHz(hz: number | string): string {
  const v = Number(hz);
  if (v >= 1e9) return `${+(v / 1e9).toFixed(4)} GHz`;
  if (v >= 1e6) return `${+(v / 1e6).toFixed(3)} MHz`;
  if (v >= 1e3) return `${+(v / 1e3).toFixed(3)} kHz`;
  return `${v} Hz`;
}
