// Turns what CosmJS throws (the chain's raw log) into a readable message that names the
// contract's typed error, never a stack trace.
import { KNOWN_ERRORS } from "./errors.generated";

export interface ReadableError {
  /** the contract's typed error, e.g. "ContractError::StaleVersion", when recognised */
  error?: string;
  /** the contract that defines it */
  contract?: string;
  /** the contract's own text, or a plain explanation */
  message: string;
}

const CONTRACT_TEXT = [
  /message index: \d+: (.*?)(?:: (?:execute|instantiate|query) wasm contract failed|: wasmvm error| \[CosmWasm|$)/s,
  /desc = (.*?)(?:: (?:execute|instantiate|query) wasm contract failed|: unknown request| \[CosmWasm|$)/s,
  /Query failed with \(\d+\): (.*?)(?:: (?:execute|instantiate|query) wasm contract failed|: unknown request| \[CosmWasm|$)/s,
];
const compiled = KNOWN_ERRORS.map((k) => ({ ...k, re: new RegExp(k.pattern) }));

function strip(text: string): string {
  let t = text.trim();
  for (const prefix of [/^dispatch: submessages: /, /^Error parsing into type [^:]+: /, /^Generic error: /]) {
    t = t.replace(prefix, "");
  }
  return t.replace(/\s+With gas wanted.*$/s, "").trim();
}

/** The contract's message inside a chain error text, or null when it is not a contract error. */
export function contractText(raw: string): string | null {
  for (const re of CONTRACT_TEXT) {
    const m = raw.match(re);
    if (m && m[1]) return strip(m[1]);
  }
  return null;
}

export function identify(text: string): { error: string; contract: string } | null {
  for (const k of compiled) if (k.re.test(text)) return { error: k.error, contract: k.contract };
  return null;
}

export function readable(err: unknown): ReadableError {
  const raw = err instanceof Error ? err.message : String(err);
  if (/Request rejected|rejected by the user/i.test(raw)) return { message: "You rejected the request in the wallet." };
  if (/Failed to fetch|NetworkError|ECONNREFUSED|fetch failed/i.test(raw))
    return { message: "The chain's RPC node does not answer: is the node running and does it allow this page (CORS)?" };
  if (/insufficient funds/i.test(raw)) return { message: "Insufficient funds for the fee or the payment." };
  if (/account .* not found/i.test(raw)) return { message: "This account does not exist on chain yet: it needs some tokens first." };
  const text = contractText(raw);
  if (text) {
    const id = identify(text);
    if (id) return { ...id, message: text };
    return { message: text };
  }
  // a cw20 error (the Bandcoin token itself) or anything else: first line only
  const first = raw.split("\n")[0].replace(/^Error: /, "");
  return { message: first.length > 300 ? first.slice(0, 300) + "…" : first };
}

export function describe(e: ReadableError): string {
  return e.error ? `${e.error.replace(/^ContractError::/, "")}: ${e.message}` : e.message;
}
