import { useEffect, useState } from "preact/hooks";
import { smart } from "../lib/chain";
import { readable, describe, type ReadableError } from "../lib/errors";
import { Field, ErrorBox, useApp, short } from "../ui";
import { loadOffers } from "./market";

interface Ranked { address: string; score: string; raters: number; kind?: string | null; status?: string; qualified?: boolean; roles: string[] }
const validAddr = (a: string, prefix: string) => new RegExp(`^${prefix}1[02-9ac-hj-np-z]{38,58}$`).test(a.trim());

export function ReputationPage() {
  const { config, wallet, bump } = useApp();
  const rpc = config.chain.rpc, rep = config.deployment.contracts.node_reputation, prefix = config.chain.prefix;
  const [nodes, setNodes] = useState<Ranked[] | null>(null);
  const [err, setErr] = useState<ReadableError | null>(null);
  const [addr, setAddr] = useState("");
  const [node, setNode] = useState<any>(null);
  const [pair, setPair] = useState({ operator: "", node: "" });
  const [pairRes, setPairRes] = useState<any>(null);
  const [lookupErr, setLookupErr] = useState<string | null>(null);
  useEffect(() => {
    (async () => {
      // top_nodes ranks the approved edge nodes; the operators (providers, MNOs, pool members)
      // are found in the other contracts and ranked with them by the same score
      const c = config.deployment.contracts;
      const roles = new Map<string, Set<string>>();
      const add = (a: string, role: string) => (roles.get(a) ?? roles.set(a, new Set()).get(a)!).add(role);
      const [top, offers, lic, pool] = await Promise.all([
        smart(rpc, rep, { top_nodes: { limit: 30 } }),
        loadOffers(rpc, c.bandwidth_market).catch(() => []),
        smart(rpc, c.spectrum_lease, { licenses: { limit: 30 } }).catch(() => ({ licenses: [] })),
        smart(rpc, c.unlicensed_pool, { balances: { limit: 30 } }).catch(() => ({ balances: [] })),
      ]);
      top.nodes.forEach((n: any) => add(n.address, "edge node"));
      offers.forEach((o) => add(o.provider, "provider"));
      lic.licenses.forEach((l: any) => add(l.mno, "MNO"));
      pool.balances.forEach((b: any) => add(b.address, "pool member"));
      const ranked = await Promise.all([...roles].map(async ([address, r]) => {
        const [q, n] = await Promise.all([smart(rpc, rep, { qualification: { address } }).catch(() => null), smart(rpc, rep, { node: { address } }).catch(() => null)]);
        return { address, score: q?.score ?? n?.score ?? "0", raters: n?.raters ?? 0, kind: n?.kind ?? null, status: q?.status, qualified: q?.qualified, roles: [...r] } as Ranked;
      }));
      ranked.sort((a, b) => Number(b.score) - Number(a.score) || a.address.localeCompare(b.address));
      setNodes(ranked);
    })().catch((e) => setErr(readable(e)));
  }, [bump]);
  const lookup = async () => {
    setLookupErr(null); setNode(null);
    try {
      const [n, q] = await Promise.all([smart(rpc, rep, { node: { address: addr.trim() } }).catch(() => null), smart(rpc, rep, { qualification: { address: addr.trim() } })]);
      setNode({ ...(n ?? {}), ...q });
    } catch (e) { setLookupErr(describe(readable(e))); }
  };
  const lookupPair = async () => {
    setLookupErr(null); setPairRes(null);
    try { setPairRes(await smart(rpc, rep, { pair: { operator: pair.operator.trim(), node: pair.node.trim() } })); } catch (e) { setLookupErr(describe(readable(e))); }
  };
  const pct = (d: string | undefined) => (d === undefined ? "—" : `${(Number(d) * 100).toFixed(1)}%`);
  return (
    <div class="page reputation">
      <section>
        <h2>Nodes and operators ranked by score</h2>
        <p class="hint">The approved edge nodes (<code>top_nodes</code>) and every provider, MNO and pool member found in the other contracts, with their node-reputation score and qualification.</p>
        <ErrorBox error={err} />
        {nodes === null ? <p>Loading…</p> : nodes.length === 0 ? <p>No nodes or operators found.</p> : (
          <table data-testid="top-nodes"><thead><tr><th>Rank</th><th>Node</th><th>Role</th><th>Score</th><th>Raters</th><th>Status</th><th>Qualified</th></tr></thead>
            <tbody>{nodes.map((n, i) => <tr><td>{i + 1}</td><td title={n.address}>{short(n.address)}{n.address === wallet?.address ? " (you)" : ""}</td><td>{n.roles.join(", ")}</td><td>{pct(n.score)}</td><td>{n.raters}</td>
              <td>{n.status ?? "—"}</td><td class={n.qualified ? "" : "bad"}>{n.qualified === undefined ? "—" : n.qualified ? "yes" : "no"}</td></tr>)}</tbody></table>
        )}
      </section>
      <section>
        <h2>A node's qualification</h2>
        <div class="row">
          <Field label="Address" error={addr && !validAddr(addr, prefix) ? `not a ${prefix}1… address` : null}><input value={addr} onInput={(e) => setAddr((e.target as HTMLInputElement).value)} placeholder={wallet?.address ?? `${prefix}1…`} /></Field>
          <button disabled={!validAddr(addr, prefix)} onClick={lookup}>Look up</button>
        </div>
        {node ? <p data-testid="node-result">{node.qualified ? "Qualified" : "Not qualified"} (status {node.status}), score {pct(node.score)}{node.positive !== undefined ? `; ${node.positive} positive, ${node.negative} negative interactions from ${node.raters} raters` : ""}.</p> : null}
      </section>
      <section>
        <h2>Interaction history of a pair</h2>
        <div class="row">
          <Field label="Operator (rater)" error={pair.operator && !validAddr(pair.operator, prefix) ? `not a ${prefix}1… address` : null}><input data-testid="pair-operator" value={pair.operator} onInput={(e) => setPair({ ...pair, operator: (e.target as HTMLInputElement).value })} /></Field>
          <Field label="Node (rated)" error={pair.node && !validAddr(pair.node, prefix) ? `not a ${prefix}1… address` : null}><input data-testid="pair-node" value={pair.node} onInput={(e) => setPair({ ...pair, node: (e.target as HTMLInputElement).value })} /></Field>
          <button disabled={!validAddr(pair.operator, prefix) || !validAddr(pair.node, prefix)} onClick={lookupPair} data-testid="pair-button">Show</button>
        </div>
        {pairRes ? <p data-testid="pair-result">{pairRes.positive} positive, {pairRes.negative} negative; mean quality {pct(pairRes.quality)}; trusted {pct(pairRes.trusted)}, untrusted {pct(pairRes.untrusted)}, indefinite {pct(pairRes.indefinite)}.</p> : null}
        {lookupErr ? <div class="error">{lookupErr}</div> : null}
      </section>
    </div>
  );
}
