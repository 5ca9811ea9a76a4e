// The chain: one query client for everything read, and a signing client once a wallet
// is connected. Transactions go through sign → broadcast (sync) → poll for the block,
// so the page can show each stage until the transaction commits.
// Signing lives in ./signing (loaded when a wallet connects), so the first load carries
// only what reading the chain needs.
import type { SigningCosmWasmClient } from "@cosmjs/cosmwasm";
import { smartQuery } from "./rpc";

export function smart<T = any>(rpc: string, contract: string, msg: object): Promise<T> {
  return smartQuery<T>(rpc, contract, msg);
}

export interface Wallet {
  address: string;
  kind: "keplr" | "dev";
  label: string;
  client: SigningCosmWasmClient;
}

export type TxStage =
  | { stage: "simulating" }
  | { stage: "signing" }
  | { stage: "broadcasting" }
  | { stage: "pending"; hash: string; seconds: number }
  | { stage: "committed"; hash: string; height: number; gasUsed: number };

export interface ExecMsg { contract: string; msg: object; funds?: { denom: string; amount: string }[] }
export interface TxResult { hash: string; height: number; gasUsed: number; events: readonly any[] }

export function eventAttr(events: readonly any[], key: string): string | undefined {
  for (const ev of events)
    if (ev.type === "wasm") for (const a of ev.attributes) if (a.key === key) return a.value;
  return undefined;
}
