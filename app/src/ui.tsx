// Small shared pieces of UI: the app context, fields with their validation message,
// transaction progress, readable errors, an SVG line chart.
import { createContext } from "preact";
import { useContext, useState } from "preact/hooks";
import type { ComponentChildren } from "preact";
import type { AppConfig } from "./lib/config";
import type { ExecMsg, TxResult, TxStage, Wallet } from "./lib/chain";
import { readable, type ReadableError } from "./lib/errors";
import { formatAmount } from "./lib/amounts";

export interface Token { symbol: string; decimals: number }
export interface Ctx {
  config: AppConfig;
  wallet: Wallet | null;
  token: Token;
  refreshBalance: () => void;
  bump: number; // increments after every committed transaction
}
export const AppCtx = createContext<Ctx>(null as any);
export const useApp = () => useContext(AppCtx);

export function useAmount() {
  const { token } = useApp();
  return (raw: string | bigint) => formatAmount(raw, token.decimals, token.symbol);
}

export function Field(props: { label: string; error?: string | null; hint?: string; children: ComponentChildren; id?: string }) {
  return (
    <label class={"field" + (props.error ? " invalid" : "")}>
      <span class="label">{props.label}</span>
      {props.children}
      {props.error ? <span class="field-error" role="alert" data-testid={props.id ? `${props.id}-error` : undefined}>{props.error}</span>
        : props.hint ? <span class="hint">{props.hint}</span> : null}
    </label>
  );
}

export function ErrorBox({ error }: { error: ReadableError | null }) {
  if (!error) return null;
  return (
    <div class="error" role="alert" data-testid="error">
      {error.error ? <strong>{error.error.replace(/^ContractError::/, "")}</strong> : <strong>Error</strong>}
      {error.contract ? <span class="muted"> ({error.contract})</span> : null}: {error.message}
    </div>
  );
}

function stageText(s: TxStage): string {
  switch (s.stage) {
    case "simulating": return "Checking the transaction against the contracts (simulation)…";
    case "signing": return "Waiting for the signature…";
    case "broadcasting": return "Broadcasting to the node…";
    case "pending": return `Broadcast as ${s.hash.slice(0, 10)}…, waiting for a block (${s.seconds.toFixed(1)} s)`;
    case "committed": return `Committed in block ${s.height} (tx ${s.hash.slice(0, 10)}…, gas ${s.gasUsed.toLocaleString()})`;
  }
}

/** Runs transactions with progress and a readable error; one per form. */
export function useTx() {
  const ctx = useApp();
  const [stage, setStage] = useState<TxStage | null>(null);
  const [error, setError] = useState<ReadableError | null>(null);
  const busy = !!stage && stage.stage !== "committed";
  async function run(msgs: ExecMsg[]): Promise<TxResult | null> {
    if (!ctx.wallet) {
      setError({ message: "Connect a wallet first (top right)." });
      return null;
    }
    setError(null);
    try {
      const { execute } = await import("./lib/signing");
      const res = await execute(ctx.config.chain, ctx.wallet, msgs, setStage);
      ctx.refreshBalance();
      return res;
    } catch (e) {
      setStage(null);
      setError(readable(e));
      return null;
    }
  }
  const view = (
    <div class="tx">
      {stage ? <div class={"progress " + stage.stage} data-testid="tx-progress" data-stage={stage.stage}>
        {busy ? <span class="spinner" /> : "✓ "}{stageText(stage)}</div> : null}
      <ErrorBox error={error} />
    </div>
  );
  return { run, busy, view, setError, clear: () => (setStage(null), setError(null)) };
}

export interface Series { name: string; points: [number, number][]; color?: string }
const COLORS = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#4b5563"];

export function LineChart(props: { series: Series[]; xLabel: string; yLabel: string; height?: number; testid?: string; step?: boolean }) {
  const W = 640, H = props.height ?? 260, L = 64, R = 12, T = 12, B = 40;
  const all = props.series.flatMap((s) => s.points);
  if (all.length === 0) return <div class="chart-empty" data-testid={props.testid}>No data yet.</div>;
  let [x0, x1] = [Math.min(...all.map((p) => p[0])), Math.max(...all.map((p) => p[0]))];
  let [y0, y1] = [Math.min(0, ...all.map((p) => p[1])), Math.max(...all.map((p) => p[1]))];
  if (x0 === x1) (x0 -= 1), (x1 += 1);
  if (y0 === y1) y1 = y0 + 1;
  const sx = (x: number) => L + ((x - x0) / (x1 - x0)) * (W - L - R);
  const sy = (y: number) => H - B - ((y - y0) / (y1 - y0)) * (H - T - B);
  const ticks = (a: number, b: number) => [0, 0.25, 0.5, 0.75, 1].map((f) => a + f * (b - a));
  const fmt = (v: number) => (Math.abs(v) >= 1e6 ? `${+(v / 1e6).toFixed(2)}M` : Math.abs(v) >= 1e3 ? `${+(v / 1e3).toFixed(1)}k` : `${+v.toFixed(3)}`);
  return (
    <figure class="chart" data-testid={props.testid} data-points={all.length}>
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`${props.yLabel} over ${props.xLabel}`}>
        {ticks(y0, y1).map((y) => <g><line x1={L} x2={W - R} y1={sy(y)} y2={sy(y)} class="grid" /><text x={L - 6} y={sy(y) + 4} text-anchor="end">{fmt(y)}</text></g>)}
        {ticks(x0, x1).map((x) => <text x={sx(x)} y={H - B + 16} text-anchor="middle">{fmt(x)}</text>)}
        <text x={(L + W - R) / 2} y={H - 6} text-anchor="middle" class="axis">{props.xLabel}</text>
        <text x={14} y={(T + H - B) / 2} text-anchor="middle" class="axis" transform={`rotate(-90 14 ${(T + H - B) / 2})`}>{props.yLabel}</text>
        {props.series.map((s, i) => {
          const pts = s.points.slice().sort((a, b) => a[0] - b[0]);
          let d = "";
          pts.forEach(([x, y], j) => {
            if (j === 0) d += `M${sx(x)},${sy(y)}`;
            else d += props.step ? `H${sx(x)}V${sy(y)}` : `L${sx(x)},${sy(y)}`;
          });
          const c = s.color ?? COLORS[i % COLORS.length];
          return <g><path d={d} fill="none" stroke={c} stroke-width="2" />{pts.map(([x, y]) => <circle cx={sx(x)} cy={sy(y)} r="2.5" fill={c} />)}</g>;
        })}
      </svg>
      <figcaption>{props.series.map((s, i) => <span class="legend"><i style={{ background: s.color ?? COLORS[i % COLORS.length] }} />{s.name}</span>)}</figcaption>
    </figure>
  );
}

export function short(addr: string): string {
  return addr.length > 20 ? `${addr.slice(0, 10)}…${addr.slice(-6)}` : addr;
}
