// Bandcoin amounts between base units (the cw20 Uint128 strings) and a decimal display,
// with exactly the rules of spectrum_types::amount:
// * format: integer part, then '.' and the fraction without trailing zeros; no '.' when
//   the fraction is zero (1500000 with 6 decimals is "1.5");
// * parse: ASCII digits, optionally '.' and at least one more digit, at most `decimals`
//   of them (never rounded), at most u128::MAX base units; no sign, exponent, separators
//   or spaces.
import { toUint, type UintLike } from './bytes.js';

/** Decimals of the Bandcoin token as deployed. */
export const BANDCOIN_DECIMALS = 6;

/** Why a decimal amount is refused (the `code` is AmountError::code of spectrum-types). */
export class AmountError extends Error {
  readonly code: 'invalid' | 'too_many_decimals' | 'overflow';
  constructor(code: 'invalid' | 'too_many_decimals' | 'overflow', text: string) {
    super(`${JSON.stringify(text)}: ${code === 'invalid' ? 'not a decimal amount' : code === 'overflow' ? 'amount too large' : 'more fraction digits than the token has decimals'}`);
    this.name = 'AmountError';
    this.code = code;
  }
}

const U128_MAX = (1n << 128n) - 1n;

function checkDecimals(decimals: number): void {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > 255) throw new RangeError('decimals: 0 to 255');
}

/** Base units (Uint128) as a decimal string. */
export function formatAmount(base: UintLike, decimals: number = BANDCOIN_DECIMALS): string {
  checkDecimals(decimals);
  const digits = toUint(base, 128, 'amount').toString();
  if (decimals === 0) return digits;
  const padded = digits.length <= decimals ? digits.padStart(decimals + 1, '0') : digits;
  const int = padded.slice(0, padded.length - decimals);
  const frac = padded.slice(padded.length - decimals).replace(/0+$/, '');
  return frac ? `${int}.${frac}` : int;
}

/** A decimal string as base units (bigint); throws {@link AmountError}. */
export function parseAmount(text: string, decimals: number = BANDCOIN_DECIMALS): bigint {
  checkDecimals(decimals);
  const m = /^([0-9]+)(?:\.([0-9]+))?$/.exec(text);
  if (!m) throw new AmountError('invalid', text);
  const frac = m[2] ?? '';
  if (frac.length > decimals) throw new AmountError('too_many_decimals', text);
  const value = BigInt(m[1]! + frac.padEnd(decimals, '0'));
  if (value > U128_MAX) throw new AmountError('overflow', text);
  return value;
}
