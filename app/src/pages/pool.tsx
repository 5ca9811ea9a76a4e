import { useEffect, useState } from "preact/hooks";
import { poolConfig, poolRound, poolMembers, balanceHistory, claimCost, poolHz, type PoolConfig, type PoolRound, type MemberSeries } from "../lib/pool";
import { readable, type ReadableError } from "../lib/errors";
import { parseCount, formatHz, formatAmount } from "../lib/amounts";
import { Field, ErrorBox, LineChart, useApp, useTx, short } from "../ui";

export function PoolPage() {
  const { config, wallet, bump } = useApp();
  const rpc = config.chain.rpc, pool = config.deployment.contracts.unlicensed_pool;
  const [cfg, setCfg] = useState<PoolConfig | null>(null);
  const [round, setRound] = useState<PoolRound | null>(null);
  const [members, setMembers] = useState<MemberSeries[] | null>(null);
  const [err, setErr] = useState<ReadableError | null>(null);
  const [tick, setTick] = useState(0);
  const [mhz, setMhz] = useState("");
  const [slotsText, setSlots] = useState("1");
  const tx = useTx();
  useEffect(() => {
    Promise.all([poolConfig(rpc, pool), poolRound(rpc, pool)]).then(async ([c, r]) => {
      setCfg(c); setRound(r);
      setMembers(await poolMembers(rpc, pool, Math.min(c.roundSlots, 60)));
    }).catch((e) => setErr(readable(e)));
  }, [bump, tick]);
  useEffect(() => { const t = setInterval(() => setTick((x) => x + 1), 5000); return () => clearInterval(t); }, []);

  const n = members?.length ?? 0;
  const fair = cfg && n ? cfg.totalHz / n : 0;
  const bwRaw = mhz.trim();
  const bw = bwRaw === "" ? null : /^-/.test(bwRaw) ? { ok: false as const, reason: "bandwidth cannot be negative" }
    : /^\d+(\.\d{1,6})?$/.test(bwRaw) ? { ok: true as const, value: Math.round(Number(bwRaw) * 1e6) } : { ok: false as const, reason: "MHz, with at most 6 decimals (1 Hz)" };
  const slots = parseCount(slotsText, "slots", 1000);
  const me = members?.find((m) => m.address === wallet?.address) ?? null;
  const cost = cfg && bw?.ok && slots.ok ? claimCost(bw.value, slots.value, cfg) : null;
  const tooMuch = cost !== null && me !== null && cost > me.balance;
  async function claim() {
    if (!bw?.ok || !slots.ok) return;
    await tx.run([{ contract: pool, msg: { claim: { bandwidth_hz: poolHz(bw.value), slots: slots.value } } }]);
    setTick((x) => x + 1);
  }
  const tokens = (v: bigint) => formatAmount(v, 6, "tokens");
  const history = cfg && members ? balanceHistory(members, cfg) : [];
  return (
    <div class="page pool">
      <section>
        <h2>Unlicensed pool</h2>
        <ErrorBox error={err} />
        {cfg && round ? (
          <p data-testid="pool-summary">
            W = {formatHz(cfg.totalHz)} shared by {n} members: fair share W/n = {n ? formatHz(fair) : "—"}. Round {round.round} {round.inProgress ? `in progress (slot ${round.currentSlot ?? "not started"}, next claimable ${round.comingSlot ?? "—"})` : "not running"}; slots of {cfg.slotSeconds} s;
            a token is worth {cfg.tokenValueHzS.toLocaleString()} Hz·s. Supply {tokens(round.supply)} ({tokens(round.unallocated)} unallocated).
          </p>
        ) : <p>Loading…</p>}
        {members ? (
          <table data-testid="pool-members"><thead><tr><th>Member</th><th>Balance</th><th>Slots used (last 60)</th><th>Average bandwidth</th></tr></thead>
            <tbody>{members.map((m) => <tr><td title={m.address}>{short(m.address)}{m.address === wallet?.address ? " (you)" : ""}</td><td>{tokens(m.balance)}</td><td>{m.usage.length}</td>
              <td>{m.usage.length ? formatHz(m.usage.reduce((a, [, v]) => a + v, 0) / m.usage.length) : "—"}</td></tr>)}</tbody></table>
        ) : null}
      </section>
      <div class="grid2">
        <section>
          <h2>Throughput per slot</h2>
          <LineChart testid="pool-throughput-chart" xLabel="slot" yLabel="bandwidth (MHz)" step
            series={[...(members ?? []).map((m) => ({ name: short(m.address), points: m.usage.map(([s, v]) => [s, v / 1e6] as [number, number]) })),
              ...(fair && members?.some((m) => m.usage.length) ? [{ name: "fair share W/n", color: "#9ca3af", points: (() => { const xs = members!.flatMap((m) => m.usage.map(([s]) => s)); return [[Math.min(...xs), fair / 1e6], [Math.max(...xs), fair / 1e6]] as [number, number][]; })() }] : [])]} />
        </section>
        <section>
          <h2>Balances over slots</h2>
          <LineChart testid="pool-balance-chart" xLabel="slot" yLabel="tokens" step
            series={history.map((h) => ({ name: short(h.address), points: h.points }))} />
          <p class="hint">Replayed from each member's per-slot use and today's balances (the paper-000 picture: spending flows to the others, so balances and bandwidth settle at the fair share).</p>
        </section>
      </div>
      <section>
        <h2>Claim bandwidth</h2>
        {!wallet ? <p class="muted">Connect a member's wallet to claim.</p> : !me ? <p class="muted">{short(wallet.address)} is not a member of the pool.</p> : (
          <>
            <div class="row">
              <Field label="Bandwidth (MHz)" error={bw && !bw.ok ? bw.reason : null} id="claim-mhz"
                hint={cost !== null ? `costs ${tokens(cost)}${tooMuch ? "" : ""}` : `fair share ${formatHz(fair)}`}>
                <input value={mhz} onInput={(e) => setMhz((e.target as HTMLInputElement).value)} data-testid="claim-mhz" /></Field>
              <Field label="Slots" error={slots.ok ? null : slots.reason}><input value={slotsText} onInput={(e) => setSlots((e.target as HTMLInputElement).value)} data-testid="claim-slots" /></Field>
            </div>
            {tooMuch ? <div class="warn">This costs {tokens(cost!)}, more than your balance {tokens(me.balance)}: the contract will refuse it.</div> : null}
            <button class="primary" disabled={!bw?.ok || !slots.ok || tx.busy} onClick={claim} data-testid="claim-button">Claim</button>
            {tx.view}
          </>
        )}
      </section>
    </div>
  );
}

