import { render } from "preact";
import { useEffect, useState } from "preact/hooks";
import "./style.css";
import { loadConfig, type AppConfig } from "./lib/config";
import { smart, type Wallet } from "./lib/chain";
import { readable, describe } from "./lib/errors";
import { AppCtx, type Token, short } from "./ui";
import { formatAmount } from "./lib/amounts";
import { MarketPage } from "./pages/market";
import { AuctionsPage } from "./pages/auctions";
import { LeasesPage } from "./pages/leases";
import { PoolPage } from "./pages/pool";
import { ReputationPage } from "./pages/reputation";

const PAGES: Record<string, [string, () => any]> = {
  market: ["Market", MarketPage],
  auctions: ["Auctions", AuctionsPage],
  leases: ["Leases", LeasesPage],
  pool: ["Pool", PoolPage],
  reputation: ["Reputation", ReputationPage],
};

function useRoute(): string {
  const get = () => location.hash.replace(/^#\/?/, "") || "market";
  const [r, setR] = useState(get());
  useEffect(() => {
    const f = () => setR(get());
    addEventListener("hashchange", f);
    return () => removeEventListener("hashchange", f);
  }, []);
  return PAGES[r] ? r : "market";
}

const hasKeplr = () => typeof window !== "undefined" && !!(window as any).keplr;
const wallets = () => import("./lib/wallet");

function WalletPanel(props: { config: AppConfig; wallet: Wallet | null; setWallet: (w: Wallet | null) => void; balance: string | null; token: Token }) {
  const { chain } = props.config;
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [devKey, setDevKey] = useState("consumer");
  const connect = async (f: () => Promise<Wallet>) => {
    setBusy(true);
    setError(null);
    try {
      props.setWallet(await f());
    } catch (e) {
      setError(describe(readable(e)));
    } finally {
      setBusy(false);
    }
  };
  if (props.wallet) {
    return (
      <div class="wallet" data-testid="wallet">
        <span class={props.wallet.kind === "dev" ? "badge dev" : "badge"} data-testid="wallet-kind">
          {props.wallet.kind === "dev" ? "DEVELOPMENT SIGNER" : "Keplr"}
        </span>
        <span title={props.wallet.address} data-testid="address">{props.wallet.label} · {short(props.wallet.address)}</span>
        <span class="balance" data-testid="balance" data-raw={props.balance ?? ""}>
          {props.balance === null ? "…" : formatAmount(props.balance, props.token.decimals, props.token.symbol)}
        </span>
        <button onClick={() => props.setWallet(null)}>Disconnect</button>
      </div>
    );
  }
  const keplr = hasKeplr();
  const dev = chain.local && (chain.devKeys?.length ?? 0) > 0;
  return (
    <div class="wallet">
      {keplr ? <button disabled={busy} onClick={() => connect(async () => (await wallets()).connectKeplr(chain))}>Connect Keplr</button> : null}
      {dev ? (
        <span class="devsigner">
          <select value={devKey} onChange={(e) => setDevKey((e.target as HTMLSelectElement).value)} data-testid="dev-key">
            {chain.devKeys!.map((k) => <option value={k.name}>{k.name}</option>)}
          </select>
          <button disabled={busy} data-testid="connect-dev" onClick={() => connect(async () => (await wallets()).connectDev(chain, devKey))}>
            Use development signer
          </button>
        </span>
      ) : null}
      {!keplr ? (
        <div class="nowallet" data-testid="no-wallet">
          No wallet found in this browser. You can browse everything; to buy, bid or claim, install the
          {" "}<a href="https://www.keplr.app/" target="_blank" rel="noreferrer">Keplr</a> extension and reload
          {dev ? ", or use the development signer (local chain only: its keys are the local node's public test keys)." : "."}
        </div>
      ) : null}
      {error ? <div class="error" role="alert">{error}</div> : null}
    </div>
  );
}

function App({ config }: { config: AppConfig }) {
  const route = useRoute();
  const [wallet, setWallet] = useState<Wallet | null>(null);
  const [token, setToken] = useState<Token>({ symbol: "BAND", decimals: 6 });
  const [balance, setBalance] = useState<string | null>(null);
  const [bump, setBump] = useState(0);
  const band = config.deployment.contracts.bandcoin;
  useEffect(() => {
    smart(config.chain.rpc, band, { token_info: {} }).then((t) => setToken({ symbol: t.symbol, decimals: t.decimals })).catch(() => {});
  }, []);
  const refreshBalance = () => {
    setBump((b) => b + 1);
  };
  useEffect(() => {
    setBalance(null);
    if (!wallet) return;
    smart(config.chain.rpc, band, { balance: { address: wallet.address } }).then((b) => setBalance(b.balance)).catch(() => setBalance(null));
  }, [wallet, bump]);
  const Page = PAGES[route][1];
  return (
    <AppCtx.Provider value={{ config, wallet, token, refreshBalance, bump }}>
      <header>
        <h1>Spectrum market</h1>
        <nav>
          {Object.entries(PAGES).map(([k, [title]]) => <a href={`#/${k}`} class={k === route ? "active" : ""}>{title}</a>)}
        </nav>
        <WalletPanel config={config} wallet={wallet} setWallet={setWallet} balance={balance} token={token} />
      </header>
      {wallet?.kind === "dev" ? (
        <div class="devbanner" data-testid="dev-banner">
          Development signer: signing with the local test key in this page. For the local chain {config.chain.chainId} only; never use these keys elsewhere.
        </div>
      ) : null}
      <main><Page /></main>
      <footer>chain {config.chain.chainId} · RPC {config.chain.rpc}</footer>
    </AppCtx.Provider>
  );
}

const root = document.getElementById("app")!;
loadConfig()
  .then((config) => {
    root.innerHTML = "";
    render(<App config={config} />, root);
  })
  .catch((e) => {
    root.innerHTML = "";
    const div = document.createElement("div");
    div.className = "error fatal";
    div.textContent = `The app could not start: ${e instanceof Error ? e.message : e}`;
    root.append(div);
  });
