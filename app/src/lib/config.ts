// Runtime configuration written next to the built app by scripts/app:
// config/chain.json (chain id, RPC, prefix, gas price, development keys on the local
// chain only) and config/deployment.json (deployments/<chain-id>.json).

export interface DevKey { name: string; address: string; privkey: string }
export interface ChainConfig {
  chainId: string;
  rpc: string;
  prefix: string;
  denom: string;
  gasPrice: string;
  /** true only for the project's local node: enables the development signer */
  local: boolean;
  devKeys?: DevKey[];
}
export interface Deployment {
  chain_id: string;
  contracts: {
    bandcoin: string;
    bandwidth_market: string;
    auction_clearing: string;
    spectrum_lease: string;
    unlicensed_pool: string;
    node_reputation: string;
  };
}
export interface AppConfig { chain: ChainConfig; deployment: Deployment }

export async function loadConfig(base = "./config/"): Promise<AppConfig> {
  const get = async (f: string) => {
    const r = await fetch(base + f, { cache: "no-store" });
    if (!r.ok) throw new Error(`${base}${f}: HTTP ${r.status} (scripts/app writes it for the deployment in use)`);
    return r.json();
  };
  const [chain, deployment] = await Promise.all([get("chain.json"), get("deployment.json")]);
  if (deployment.chain_id !== chain.chainId)
    throw new Error(`deployment is for ${deployment.chain_id}, the node is ${chain.chainId}`);
  return { chain, deployment };
}
