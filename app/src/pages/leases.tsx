import { useEffect, useState } from "preact/hooks";
import { toBase64, toUtf8 } from "@cosmjs/encoding";
import { smart } from "../lib/chain";
import { readable, describe, type ReadableError } from "../lib/errors";
import { parseCount, formatHz } from "../lib/amounts";
import { Field, ErrorBox, LineChart, useApp, useAmount, useTx, short } from "../ui";

interface License { license_id: number; mno: string; retired: boolean; interference_margin_hz: number;
  terms: { band: { from_hz: number; to_hz: number }; bandwidth_hz: number; region_id: string; valid_until: number; price_per_hz_second: string; min_duration: number; max_duration: number; policy: string } }
interface Lease { lease_id: number; license_id: number; mo: string; bandwidth_hz: number; start: number; end: number; booked_end: number; paid: string; status: string }

/** ceil(price × bandwidth × duration), price a decimal string with up to 18 decimals: exact, as the contract. */
export function leaseCost(price: string, bandwidthHz: number, seconds: number): bigint {
  const [w, f = ""] = price.split(".");
  const p18 = BigInt(w) * 10n ** 18n + BigInt((f + "0".repeat(18)).slice(0, 18));
  const num = p18 * BigInt(bandwidthHz) * BigInt(seconds);
  return (num + 10n ** 18n - 1n) / 10n ** 18n;
}

export function LeasesPage() {
  const { config, bump } = useApp();
  const c = config.deployment.contracts;
  const rpc = config.chain.rpc;
  const [licenses, setLicenses] = useState<License[] | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [err, setErr] = useState<ReadableError | null>(null);
  useEffect(() => {
    smart(rpc, c.spectrum_lease, { licenses: { limit: 30 } }).then((r) => {
      setLicenses(r.licenses);
      if (selected === null && r.licenses.length) setSelected(r.licenses[0].license_id);
    }).catch((e) => setErr(readable(e)));
  }, [bump]);
  const lic = licenses?.find((l) => l.license_id === selected) ?? null;
  const amount = useAmount();
  return (
    <div class="page leases">
      <section>
        <h2>Licenses</h2>
        <ErrorBox error={err} />
        {licenses === null ? <p>Loading…</p> : licenses.length === 0 ? <p>No licenses yet.</p> : (
          <table data-testid="licenses"><thead><tr><th>#</th><th>MNO</th><th>Band</th><th>Leasable</th><th>Region</th><th>Price per Hz·s</th><th>Durations</th><th>Valid until</th><th>Policy</th></tr></thead>
            <tbody>{licenses.map((l) => <tr class={l.license_id === selected ? "selected" : ""} onClick={() => setSelected(l.license_id)}>
              <td>{l.license_id}</td><td>{short(l.mno)}</td><td>{formatHz(l.terms.band.from_hz)}–{formatHz(l.terms.band.to_hz)}</td><td>{formatHz(l.terms.bandwidth_hz)}</td>
              <td>{l.terms.region_id}</td><td>{l.terms.price_per_hz_second} ({amount(leaseCost(l.terms.price_per_hz_second, 1_000_000, 1))} per MHz·s)</td>
              <td>{l.terms.min_duration}–{l.terms.max_duration} s</td><td>{new Date(l.terms.valid_until * 1000).toLocaleString()}</td><td>{l.terms.policy}{l.retired ? " (retired)" : ""}</td></tr>)}</tbody></table>
        )}
      </section>
      {lic ? <LicenseDetail lic={lic} key={lic.license_id} /> : null}
      <Equilibrium />
    </div>
  );
}

function LicenseDetail({ lic }: { lic: License }) {
  const { config, wallet, bump, token } = useApp();
  const c = config.deployment.contracts, rpc = config.chain.rpc;
  const amount = useAmount();
  const [now, setNow] = useState<number | null>(null);
  const [bucket, setBucket] = useState(5);
  const [cap, setCap] = useState<{ t: number; avail: number; used: number }[]>([]);
  const [leases, setLeases] = useState<Lease[]>([]);
  const [summary, setSummary] = useState<any>(null);
  const [reports, setReports] = useState<any[]>([]);
  const [f, setF] = useState({ mhz: "5", startIn: "15", duration: "30" });
  const [rep, setRep] = useState({ lease: "", dbm: "-92.5", location: "cell-42" });
  const leaseTx = useTx(), repTx = useTx();
  useEffect(() => {
    (async () => {
      const cfg = await smart(rpc, c.spectrum_lease, { config: {} });
      const b = Number(cfg.bucket_seconds ?? 5);
      setBucket(b);
      const t0 = Number((await smart(rpc, c.bandwidth_market, { current_epoch: {} })).now);
      setNow(t0);
      const start = Math.floor(t0 / b) * b - 10 * b;
      const times = Array.from({ length: 40 }, (_, i) => start + i * b);
      const points = await Promise.all(times.map((t) => smart(rpc, c.spectrum_lease, { capacity: { license_id: lic.license_id, at: t } })
        .then((r) => ({ t, avail: r.available_hz, used: r.used_hz })).catch(() => null)));
      setCap(points.filter(Boolean) as any);
      setLeases((await smart(rpc, c.spectrum_lease, { leases_by_license: { license_id: lic.license_id, limit: 30 } })).leases);
      setSummary(await smart(rpc, c.spectrum_lease, { interference_summary: { license_id: lic.license_id } }));
      setReports((await smart(rpc, c.spectrum_lease, { interference_reports: { license_id: lic.license_id, limit: 30 } })).reports ?? []);
    })().catch(() => {});
  }, [lic.license_id, bump]);

  const bwOk = /^\d+(\.\d{1,6})?$/.test(f.mhz.trim()) && Number(f.mhz) > 0;
  const bw = bwOk ? Math.round(Number(f.mhz) * 1e6) : 0;
  const startIn = parseCount(f.startIn, "seconds", 86_400 * 365, 0);
  const dur = parseCount(f.duration, "seconds", lic.terms.max_duration, lic.terms.min_duration);
  const cost = bwOk && dur.ok ? leaseCost(lic.terms.price_per_hz_second, bw, dur.value) : null;
  async function request() {
    if (!bwOk || !startIn.ok || !dur.ok || cost === null) return;
    const t = Number((await smart(rpc, c.bandwidth_market, { current_epoch: {} })).now);
    const start = Math.ceil((t + Math.max(startIn.value, bucket)) / bucket) * bucket;
    const hook = { request_lease: { license_id: lic.license_id, bandwidth_hz: bw, start, duration: dur.value } };
    await leaseTx.run([{ contract: c.bandcoin, msg: { send: { contract: c.spectrum_lease, amount: cost.toString(), msg: toBase64(toUtf8(JSON.stringify(hook))) } } }]);
  }
  const myLeases = leases.filter((l) => l.mo === wallet?.address);
  const repLease = parseCount(rep.lease || String(myLeases[0]?.lease_id ?? ""), "lease id");
  const level = /^-?\d+(\.\d{1,2})?$/.test(rep.dbm.trim()) ? Math.round(Number(rep.dbm) * 100) : null;
  async function report() {
    if (!repLease.ok || level === null) return;
    const l = leases.find((x) => x.lease_id === (repLease as any).value);
    const t = Number((await smart(rpc, c.bandwidth_market, { current_epoch: {} })).now);
    await repTx.run([{ contract: c.spectrum_lease, msg: { report_interference: { lease_id: repLease.value, level_cdbm: level, location: rep.location, time: t,
      band: { from_hz: lic.terms.band.from_hz, to_hz: lic.terms.band.from_hz + (l?.bandwidth_hz ?? lic.terms.bandwidth_hz) } } } }]);
  }
  return (
    <>
      <div class="grid2">
        <section>
          <h2>License {lic.license_id}: free capacity over time</h2>
          <LineChart testid="capacity-chart" xLabel={`seconds from now (buckets of ${bucket} s)`} yLabel="MHz" step
            series={[{ name: "available", points: cap.map((p) => [p.t - (now ?? 0), p.avail / 1e6]) }, { name: "leased", points: cap.map((p) => [p.t - (now ?? 0), p.used / 1e6]) }]} />
        </section>
        <section>
          <h2>Interference</h2>
          {summary ? <p data-testid="interference-summary">{summary.count} reports; worst {summary.max_level_cdbm !== null ? `${(summary.max_level_cdbm / 100).toFixed(2)} dBm` : "—"};
            latest {summary.latest ? `${(summary.latest.level_cdbm / 100).toFixed(2)} dBm at ${summary.latest.location}` : "—"}; margin {formatHz(summary.interference_margin_hz)}.</p> : null}
          <table><thead><tr><th>#</th><th>Lease</th><th>Level</th><th>Where</th><th>When</th></tr></thead>
            <tbody>{reports.map((r) => <tr><td>{r.report_id}</td><td>{r.lease_id}</td><td>{(r.level_cdbm / 100).toFixed(2)} dBm</td><td>{r.location}</td><td>{new Date(r.time * 1000).toLocaleTimeString()}</td></tr>)}</tbody></table>
        </section>
      </div>
      <section>
        <h2>Leases of license {lic.license_id}</h2>
        <table data-testid="leases"><thead><tr><th>#</th><th>MO</th><th>Bandwidth</th><th>From</th><th>To</th><th>Paid</th><th>Status</th></tr></thead>
          <tbody>{leases.map((l) => <tr><td>{l.lease_id}</td><td>{short(l.mo)}</td><td>{formatHz(l.bandwidth_hz)}</td><td>{new Date(l.start * 1000).toLocaleTimeString()}</td>
            <td>{new Date(l.end * 1000).toLocaleTimeString()}</td><td>{amount(l.paid)}</td><td>{l.status}</td></tr>)}
            {leases.length === 0 ? <tr><td colSpan={7}>No leases.</td></tr> : null}</tbody></table>
        <h3>Request a lease</h3>
        <div class="row">
          <Field label="Bandwidth (MHz)" error={bwOk ? null : "a positive number of MHz (at most 6 decimals)"}><input value={f.mhz} onInput={(e) => setF({ ...f, mhz: (e.target as HTMLInputElement).value })} /></Field>
          <Field label="Starts in (s)" error={startIn.ok ? null : startIn.reason}><input value={f.startIn} onInput={(e) => setF({ ...f, startIn: (e.target as HTMLInputElement).value })} /></Field>
          <Field label={`Duration (s, ${lic.terms.min_duration}–${lic.terms.max_duration})`} error={dur.ok ? null : dur.reason}><input value={f.duration} onInput={(e) => setF({ ...f, duration: (e.target as HTMLInputElement).value })} /></Field>
        </div>
        <p>{cost !== null ? `Cost: ${amount(cost)}, paid to the MNO.` : ""}</p>
        <button class="primary" disabled={!wallet || !bwOk || !startIn.ok || !dur.ok || leaseTx.busy} onClick={request}>Request lease</button>
        {leaseTx.view}
        <h3>Report interference</h3>
        <div class="row">
          <Field label="Lease id (yours, running now)" error={rep.lease && !repLease.ok ? repLease.reason : null}><input value={rep.lease} placeholder={String(myLeases[0]?.lease_id ?? "")} onInput={(e) => setRep({ ...rep, lease: (e.target as HTMLInputElement).value })} /></Field>
          <Field label="Level (dBm)" error={level === null ? "a number of dBm, at most 2 decimals" : null}><input value={rep.dbm} onInput={(e) => setRep({ ...rep, dbm: (e.target as HTMLInputElement).value })} /></Field>
          <Field label="Location" error={rep.location.length > 128 ? "at most 128 bytes" : null}><input value={rep.location} onInput={(e) => setRep({ ...rep, location: (e.target as HTMLInputElement).value })} /></Field>
        </div>
        <button disabled={!wallet || !repLease.ok || level === null || repTx.busy} onClick={report}>Report</button>
        {repTx.view}
      </section>
    </>
  );
}

function Equilibrium() {
  const { config } = useApp();
  const [gamma, setGamma] = useState("0.7");
  const [pw, setPw] = useState("0.1");
  const [rows, setRows] = useState<{ ps: number; pm: number; m: number; profit: number; util: number; regime: string }[]>([]);
  const [err, setErr] = useState<string | null>(null);
  const dec = (s: string, lo: number, hi: number, name: string, open = true) => {
    if (!/^\d+(\.\d{1,18})?$/.test(s.trim())) return `${name}: a decimal number`;
    const v = Number(s);
    return open ? (v > lo && v < hi ? null : `${name} must lie strictly between ${lo} and ${hi}`) : v >= lo ? null : `${name} must be at least ${lo}`;
  };
  const gErr = dec(gamma, 0, 1, "γ"), wErr = dec(pw, 0, Infinity, "p_w", false);
  useEffect(() => {
    if (gErr || wErr) return;
    const ps = Array.from({ length: 24 }, (_, i) => (0.02 + i * 0.04).toFixed(2));
    Promise.all(ps.map((p) => smart(config.chain.rpc, config.deployment.contracts.spectrum_lease, { mo_equilibrium: { p_s: p, gamma: gamma.trim(), p_w: pw.trim() } })
      .then((r) => ({ ps: Number(p), pm: Number(r.p_m ?? NaN), m: Number(r.m), profit: Number(r.profit), util: Number(r.users_utility), regime: JSON.stringify(r.regime) }))))
      .then((r) => { setRows(r); setErr(null); }).catch((e) => setErr(describe(readable(e))));
  }, [gamma, pw]);
  return (
    <section>
      <h2>MO equilibrium over p_s (on-chain <code>mo_equilibrium</code>)</h2>
      <div class="row">
        <Field label="γ (redundant computing)" error={gErr}><input value={gamma} onInput={(e) => setGamma((e.target as HTMLInputElement).value)} data-testid="gamma" /></Field>
        <Field label="p_w (PoW reward)" error={wErr}><input value={pw} onInput={(e) => setPw((e.target as HTMLInputElement).value)} /></Field>
      </div>
      {err ? <div class="error">{err}</div> : null}
      <LineChart testid="equilibrium-chart" xLabel="p_s (unit price of leased spectrum)" yLabel="value"
        series={[{ name: "p_M* (service price)", points: rows.filter((r) => !isNaN(r.pm)).map((r) => [r.ps, r.pm]) }, { name: "m* (PoW share)", points: rows.map((r) => [r.ps, r.m]) },
          { name: "MO profit", points: rows.map((r) => [r.ps, r.profit]) }, { name: "users' utility", points: rows.map((r) => [r.ps, r.util]) }]} />
    </section>
  );
}
