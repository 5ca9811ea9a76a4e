// Signing, loaded on demand: the signing client, wallets' signers, fees, and
// transactions followed from simulation to their block.
import { SigningCosmWasmClient } from "@cosmjs/cosmwasm";
import { toUtf8 } from "@cosmjs/encoding";
import { GasPrice, calculateFee } from "@cosmjs/stargate";
import type { OfflineSigner } from "@cosmjs/proto-signing";
import { TxRaw } from "cosmjs-types/cosmos/tx/v1beta1/tx";
import type { ChainConfig } from "./config";
import type { ExecMsg, TxResult, TxStage, Wallet } from "./chain";

export async function connectSigner(chain: ChainConfig, signer: OfflineSigner, kind: Wallet["kind"], label: string): Promise<Wallet> {
  const [account] = await signer.getAccounts();
  const client = await SigningCosmWasmClient.connectWithSigner(chain.rpc, signer, { gasPrice: GasPrice.fromString(chain.gasPrice) });
  return { address: account.address, kind, label, client };
}

export function executeMsgs(sender: string, msgs: ExecMsg[]) {
  return msgs.map((m) => ({
    typeUrl: "/cosmwasm.wasm.v1.MsgExecuteContract",
    value: { sender, contract: m.contract, msg: toUtf8(JSON.stringify(m.msg)), funds: m.funds ?? [] },
  }));
}

/** Simulate (the contract's errors show before anything is signed), sign, broadcast, wait for the block. */
export async function execute(chain: ChainConfig, w: Wallet, msgs: ExecMsg[], onStage: (s: TxStage) => void, memo = ""): Promise<TxResult> {
  const encoded = executeMsgs(w.address, msgs);
  onStage({ stage: "simulating" });
  const gas = await w.client.simulate(w.address, encoded, memo);
  const fee = calculateFee(Math.ceil(gas * 1.4), GasPrice.fromString(chain.gasPrice));
  onStage({ stage: "signing" });
  const raw = await w.client.sign(w.address, encoded, fee, memo);
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

