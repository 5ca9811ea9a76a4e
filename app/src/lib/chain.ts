// The chain: one query client for everything read, and a signing client once a wallet
// is connected. Transactions go through sign → broadcast (sync) → poll for the block,
// so the page can show each stage until the transaction commits.
import { CosmWasmClient, SigningCosmWasmClient } from "@cosmjs/cosmwasm";
import { toUtf8 } from "@cosmjs/encoding";
import { GasPrice, calculateFee } from "@cosmjs/stargate";
import type { OfflineSigner } from "@cosmjs/proto-signing";
import type { ChainConfig } from "./config";

let queryClient: Promise<CosmWasmClient> | null = null;
export function query(rpc: string): Promise<CosmWasmClient> {
  if (!queryClient) queryClient = CosmWasmClient.connect(rpc);
  return queryClient;
}

export async function smart<T = any>(rpc: string, contract: string, msg: object): Promise<T> {
  return (await query(rpc)).queryContractSmart(contract, msg);
}

export interface Wallet {
  address: string;
  kind: "keplr" | "dev";
  label: string;
  client: SigningCosmWasmClient;
}

export async function connectSigner(chain: ChainConfig, signer: OfflineSigner, kind: Wallet["kind"], label: string): Promise<Wallet> {
  const [account] = await signer.getAccounts();
  const client = await SigningCosmWasmClient.connectWithSigner(chain.rpc, signer, { gasPrice: GasPrice.fromString(chain.gasPrice) });
  return { address: account.address, kind, label, client };
}

export type TxStage =
  | { stage: "simulating" }
  | { stage: "signing" }
  | { stage: "broadcasting" }
  | { stage: "pending"; hash: string; seconds: number }
  | { stage: "committed"; hash: string; height: number; gasUsed: number };

export interface ExecMsg { contract: string; msg: object; funds?: { denom: string; amount: string }[] }

export function executeMsgs(sender: string, msgs: ExecMsg[]) {
  return msgs.map((m) => ({
    typeUrl: "/cosmwasm.wasm.v1.MsgExecuteContract",
    value: { sender, contract: m.contract, msg: toUtf8(JSON.stringify(m.msg)), funds: m.funds ?? [] },
  }));
}

export interface TxResult { hash: string; height: number; gasUsed: number; events: readonly any[] }

/** Simulate (the contract's errors show before anything is signed), sign, broadcast, wait for the block. */
export async function execute(chain: ChainConfig, w: Wallet, msgs: ExecMsg[], onStage: (s: TxStage) => void, memo = ""): Promise<TxResult> {
  const encoded = executeMsgs(w.address, msgs);
  onStage({ stage: "simulating" });
  const gas = await w.client.simulate(w.address, encoded, memo);
  const fee = calculateFee(Math.ceil(gas * 1.4), GasPrice.fromString(chain.gasPrice));
  onStage({ stage: "signing" });
  const raw = await w.client.sign(w.address, encoded, fee, memo);
  const { TxRaw } = await import("cosmjs-types/cosmos/tx/v1beta1/tx");
  onStage({ stage: "broadcasting" });
  const hash = await w.client.broadcastTxSync(TxRaw.encode(raw).finish());
  const started = Date.now();
  for (;;) {
    const tx = await w.client.getTx(hash);
    if (tx) {
      if (tx.code !== 0) throw new Error(`message index: 0: ${tx.rawLog}`);
      onStage({ stage: "committed", hash, height: tx.height, gasUsed: Number(tx.gasUsed) });
      return { hash, height: tx.height, gasUsed: Number(tx.gasUsed), events: tx.events };
    }
    const seconds = (Date.now() - started) / 1000;
    if (seconds > 60) throw new Error(`transaction ${hash} was not included in a block within 60 s`);
    onStage({ stage: "pending", hash, seconds });
    await new Promise((r) => setTimeout(r, 250));
  }
}

export function eventAttr(events: readonly any[], key: string): string | undefined {
  for (const ev of events)
    if (ev.type === "wasm") for (const a of ev.attributes) if (a.key === key) return a.value;
  return undefined;
}
