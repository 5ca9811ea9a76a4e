// Wallets: Keplr when the browser has it (with a suggested-chain entry for the local
// chain), and, on the local chain only, a development signer from the local test keys.
import { DirectSecp256k1Wallet } from "@cosmjs/proto-signing";
import { fromHex } from "@cosmjs/encoding";
import type { ChainConfig } from "./config";
import type { Wallet } from "./chain";
import { connectSigner } from "./signing";

declare global {
  interface Window { keplr?: any; getOfflineSigner?: any }
}


/** The chain entry Keplr is asked to add for a chain it does not know (the local one). */
export function suggestedChain(chain: ChainConfig) {
  const currency = { coinDenom: chain.denom.replace(/^u/, "").toUpperCase(), coinMinimalDenom: chain.denom, coinDecimals: 6 };
  const p = chain.prefix;
  return {
    chainId: chain.chainId,
    chainName: `Spectrum market (${chain.chainId})`,
    rpc: chain.rpc,
    rest: chain.rpc.replace(/:\d+$/, ":1317"),
    bip44: { coinType: 118 },
    bech32Config: {
      bech32PrefixAccAddr: p, bech32PrefixAccPub: `${p}pub`, bech32PrefixValAddr: `${p}valoper`,
      bech32PrefixValPub: `${p}valoperpub`, bech32PrefixConsAddr: `${p}valcons`, bech32PrefixConsPub: `${p}valconspub`,
    },
    currencies: [currency],
    feeCurrencies: [{ ...currency, gasPriceStep: { low: 0, average: 0, high: 0.025 } }],
    stakeCurrency: currency,
    features: ["cosmwasm"],
  };
}

export async function connectKeplr(chain: ChainConfig): Promise<Wallet> {
  const keplr = window.keplr;
  if (!keplr) throw new Error("Keplr is not installed in this browser.");
  try {
    await keplr.enable(chain.chainId);
  } catch {
    if (!chain.local) throw new Error(`Keplr does not know chain ${chain.chainId}; add it to Keplr first.`);
    await keplr.experimentalSuggestChain(suggestedChain(chain));
    await keplr.enable(chain.chainId);
  }
  const signer = await keplr.getOfflineSignerAuto(chain.chainId);
  const key = await keplr.getKey(chain.chainId);
  return connectSigner(chain, signer, "keplr", `Keplr: ${key.name}`);
}

export async function connectDev(chain: ChainConfig, name: string): Promise<Wallet> {
  if (!chain.local) throw new Error("The development signer exists only on the local chain.");
  const key = chain.devKeys?.find((k) => k.name === name);
  if (!key) throw new Error(`no local test key named ${name}`);
  const signer = await DirectSecp256k1Wallet.fromKey(fromHex(key.privkey), chain.prefix);
  return connectSigner(chain, signer, "dev", `development key "${name}" (local chain only)`);
}
