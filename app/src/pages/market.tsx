import { useEffect, useMemo, useRef, useState } from "preact/hooks";
import { toBase64, fromBase64, toUtf8 } from "@cosmjs/encoding";
import { smart } from "../lib/chain";
import { readable, describe, type ReadableError } from "../lib/errors";
import { parseCount, parseAmount, formatHz, type Parsed } from "../lib/amounts";
import { parseKeyList, packKeys, parseKey } from "../lib/keys";
import { MerkleTree } from "@spectrum-market/client/helpers";
import { Field, ErrorBox, useApp, useAmount, useTx, short } from "../ui";

export interface Offer {
  offer_id: number; provider: string; version: number; band: { from_hz: number; to_hz: number }; bandwidth_hz: number;
  location: string; unit_price: string; max_allocations: number; allocations_left: number; allocation_duration: number;
  volume_discount: string; reservation_discount: string; reservations: { epoch: number; price: string; capacity: number; sold?: number }[];
  qos: Record<string, string>; consumers: unknown[]; clearing_house: string | null;
}

/** The market has no "all offers" query: offer ids are sequential, so read them in pages until one is missing. */
export async function loadOffers(rpc: string, market: string): Promise<Offer[]> {
  const out: Offer[] = [];
  for (let start = 1; start < 10_000; start += 10) {
    const ids = Array.from({ length: 10 }, (_, i) => start + i);
    const page = await Promise.all(ids.map((id) => smart<Offer>(rpc, market, { offer: { offer_id: id } }).catch((e) => ({ missing: true, e }))));
    for (const o of page) {
      if ("missing" in o) {
        if (/does not exist|Offer; key: .* not found/.test(String((o as any).e?.message))) return out;
        throw (o as any).e;
      }
      out.push(o as Offer);
    }
  }
  return out;
}

type Mode = "units" | "keys" | "committed";

export function MarketPage() {
  const { config, bump } = useApp();
  const rpc = config.chain.rpc, market = config.deployment.contracts.bandwidth_market;
  const [offers, setOffers] = useState<Offer[] | null>(null);
  const [loadError, setLoadError] = useState<ReadableError | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [filter, setFilter] = useState({ freq: "", location: "", maxPrice: "", minBw: "" });
  const [marketCfg, setMarketCfg] = useState<{ max_bulk_consumers: number; epoch_seconds: number } | null>(null);
  const [epoch, setEpoch] = useState<number | null>(null);
  const amount = useAmount();
  const { token } = useApp();

  const reload = () =>
    loadOffers(rpc, market).then((o) => { setOffers(o); setLoadError(null); if (selected === null && o.length) setSelected(o[0].offer_id); })
      .catch((e) => setLoadError(readable(e)));
  useEffect(() => { reload(); }, [bump]);
  useEffect(() => {
    smart(rpc, market, { config: {} }).then(setMarketCfg).catch(() => {});
    smart(rpc, market, { current_epoch: {} }).then((e) => setEpoch(e.epoch)).catch(() => {});
  }, []);

  const maxPrice = filter.maxPrice ? parseAmount(filter.maxPrice, token.decimals) : null;
  const shown = useMemo(() => (offers ?? []).filter((o) => {
    const f = Number(filter.freq) * 1e6;
    if (filter.freq && !(f >= o.band.from_hz && f <= o.band.to_hz)) return false;
    if (filter.location && !o.location.toLowerCase().includes(filter.location.toLowerCase())) return false;
    if (maxPrice && maxPrice.ok && BigInt(o.unit_price) > maxPrice.value) return false;
    if (filter.minBw && o.bandwidth_hz < Number(filter.minBw) * 1e6) return false;
    return true;
  }), [offers, filter]);
  const offer = offers?.find((o) => o.offer_id === selected) ?? null;
  const setF = (k: keyof typeof filter) => (e: Event) => setFilter({ ...filter, [k]: (e.target as HTMLInputElement).value });

  return (
    <div class="page market">
      <section>
        <h2>Offers</h2>
        <div class="filters">
          <Field label="Contains frequency (MHz)"><input value={filter.freq} onInput={setF("freq")} placeholder="3600" data-testid="filter-freq" /></Field>
          <Field label="Location"><input value={filter.location} onInput={setF("location")} placeholder="9q8" /></Field>
          <Field label={`Max unit price (${token.symbol})`} error={maxPrice && !maxPrice.ok ? maxPrice.reason : null}>
            <input value={filter.maxPrice} onInput={setF("maxPrice")} /></Field>
          <Field label="Min bandwidth (MHz)"><input value={filter.minBw} onInput={setF("minBw")} /></Field>
        </div>
        <ErrorBox error={loadError} />
        {offers === null ? <p>Loading offers…</p> : (
          <table class="offers" data-testid="offers">
            <thead><tr><th>#</th><th>Band</th><th>Unit bandwidth</th><th>Location</th><th>Unit price</th><th>Left this epoch</th><th>Discounts (volume / reservation)</th><th>QoS</th><th>Version</th></tr></thead>
            <tbody>
              {shown.map((o) => (
                <tr class={o.offer_id === selected ? "selected" : ""} onClick={() => setSelected(o.offer_id)} data-testid={`offer-${o.offer_id}`}>
                  <td>{o.offer_id}</td>
                  <td>{formatHz(o.band.from_hz)} – {formatHz(o.band.to_hz)}</td>
                  <td>{formatHz(o.bandwidth_hz)}</td>
                  <td>{o.location}</td>
                  <td>{amount(o.unit_price)}</td>
                  <td>{o.allocations_left} / {o.max_allocations}</td>
                  <td>{o.volume_discount} / {o.reservation_discount}</td>
                  <td>{Object.entries(o.qos).map(([k, v]) => `${k}=${v}`).join(", ")}</td>
                  <td>{o.version}</td>
                </tr>
              ))}
              {shown.length === 0 ? <tr><td colSpan={9}>No offer matches.</td></tr> : null}
            </tbody>
          </table>
        )}
      </section>
      {offer && marketCfg ? <Buy offer={offer} maxKeys={marketCfg.max_bulk_consumers} epoch={epoch} onReload={reload} key={offer.offer_id} /> : null}
      <MyGrants />
      <VerifyAccess />
    </div>
  );
}

function Buy(props: { offer: Offer; maxKeys: number; epoch: number | null; onReload: () => void }) {
  const { config, wallet, token } = useApp();
  const rpc = config.chain.rpc, c = config.deployment.contracts;
  const amount = useAmount();
  const o = props.offer;
  const [mode, setMode] = useState<Mode>("units");
  const [unitsText, setUnitsText] = useState("1");
  const [epochText, setEpochText] = useState("");
  const [epochToText, setEpochToText] = useState("");
  const [keysText, setKeysText] = useState("");
  const [fileNote, setFileNote] = useState<string | null>(null);
  const [quote, setQuote] = useState<{ price: string; version: number; epoch: number; epoch_to: number } | null>(null);
  const [quoteError, setQuoteError] = useState<ReadableError | null>(null);
  const [quoting, setQuoting] = useState(false);
  const [done, setDone] = useState<string | null>(null);
  const seq = useRef(0);
  const tx = useTx();

  const keys: Parsed<string[]> | null = mode === "units" ? null : parseKeyList(keysText, mode === "keys" ? props.maxKeys : 2 ** 32 - 1);
  const units: Parsed<number> = mode === "units" ? parseCount(unitsText, "units") : keys!.ok ? { ok: true, value: keys!.value.length } : { ok: false, reason: keys!.reason };
  const ep = epochText.trim() ? parseCount(epochText, "epoch", Number.MAX_SAFE_INTEGER, 0) : null;
  const epTo = epochToText.trim() ? parseCount(epochToText, "epoch", Number.MAX_SAFE_INTEGER, 0) : null;
  const epochOk = (!ep || ep.ok) && (!epTo || epTo.ok);
  const epochs = { ...(ep && ep.ok ? { epoch: ep.value } : {}), ...(epTo && epTo.ok ? { epoch_to: epTo.value } : {}) };

  // the live quote: every change asks the contract; only the newest answer is shown
  useEffect(() => {
    const n = ++seq.current;
    if (!units.ok || !epochOk) { setQuote(null); setQuoteError(null); return; }
    setQuoting(true);
    smart(rpc, c.bandwidth_market, { quote: { offer_id: o.offer_id, units: units.value, ...epochs, ...(wallet ? { buyer: wallet.address } : {}) } })
      .then((q) => { if (n === seq.current) { setQuote(q); setQuoteError(null); setQuoting(false); } })
      .catch((e) => { if (n === seq.current) { setQuote(null); setQuoteError(readable(e)); setQuoting(false); } });
  }, [units.ok ? units.value : -1, JSON.stringify(epochs), o.offer_id, o.version, wallet?.address]);

  async function onFile(e: Event) {
    const f = (e.target as HTMLInputElement).files?.[0];
    if (!f) return;
    if (f.size > 4_000_000) { setFileNote(`${f.name} is ${f.size} bytes: too large for a key list`); return; }
    const text = await f.text();
    setFileNote(`${f.name}: ${text.trim() ? text.trim().split(/\r?\n/).length : 0} lines`);
    setKeysText(text);
  }

  async function buy() {
    setDone(null);
    if (!units.ok || !quote || !epochOk) return;
    const price = quote.price;
    const base = { offer_id: o.offer_id, version: o.version, ...epochs, price };
    let msgs;
    if (mode === "units") {
      const hook = { allocate: { ...base, recipients: { units: { units: units.value } } } };
      msgs = [{ contract: c.bandcoin, msg: { send: { contract: c.bandwidth_market, amount: price, msg: toBase64(toUtf8(JSON.stringify(hook))) } } }];
    } else if (mode === "keys") {
      // many keys: allow the market to take the price, then allocate with the keys packed (one transaction)
      msgs = [
        { contract: c.bandcoin, msg: { increase_allowance: { spender: c.bandwidth_market, amount: price } } },
        { contract: c.bandwidth_market, msg: { allocate: { ...base, recipients: { packed_consumers: { keys: packKeys(keys!.ok ? keys!.value : []) } } } } },
      ];
    } else {
      const list = (keys as any).value as string[];
      const r = MerkleTree.build(list.map((k) => fromBase64(k))).root();
      const hook = { allocate_committed: { ...base, root: toBase64(r), count: list.length } };
      msgs = [{ contract: c.bandcoin, msg: { send: { contract: c.bandwidth_market, amount: price, msg: toBase64(toUtf8(JSON.stringify(hook))) } } }];
    }
    const res = await tx.run(msgs);
    if (res) {
      setDone(`Bought for ${amount(price)}.`);
      props.onReload();
    }
  }

  const canBuy = !!wallet && units.ok && epochOk && !!quote && !tx.busy && !quoting;
  return (
    <section class="buy" data-testid="buy">
      <h2>Buy from offer {o.offer_id} <span class="muted">(version {o.version}, provider {short(o.provider)})</span></h2>
      <div class="terms">
        {formatHz(o.bandwidth_hz)} units in {formatHz(o.band.from_hz)}–{formatHz(o.band.to_hz)} at {o.location}; {amount(o.unit_price)} a unit,
        volume discount {o.volume_discount}, reservation discount {o.reservation_discount}; a grant lasts {o.allocation_duration} s.
        {o.reservations.length ? ` Reservations: ${o.reservations.map((r) => `epoch ${r.epoch} (${r.capacity} units at ${amount(r.price)})`).join(", ")}.` : ""}
        {props.epoch !== null ? ` Current epoch ${props.epoch}.` : ""}
      </div>
      <div class="modes" role="radiogroup">
        {([["units", "Units for me"], ["keys", "Consumer keys (one grant each)"], ["committed", "Committed keys (Merkle root)"]] as [Mode, string][]).map(([m, t]) =>
          <label class="radio"><input type="radio" name="mode" checked={mode === m} onChange={() => setMode(m)} data-testid={`mode-${m}`} /> {t}</label>)}
      </div>
      <div class="row">
        {mode === "units" ? (
          <Field label="Units" error={units.ok ? null : units.reason} id="units">
            <input type="text" inputMode="numeric" value={unitsText} onInput={(e) => setUnitsText((e.target as HTMLInputElement).value)} data-testid="units" />
          </Field>
        ) : (
          <Field label={mode === "keys" ? `Consumer keys (base64 or hex, one a line; at most ${props.maxKeys})` : "Consumer keys to commit (one a line)"}
            error={keys && !keys.ok && keysText.trim() !== "" ? keys.reason : keys && !keys.ok && fileNote ? keys.reason : null} id="keys"
            hint={keys && keys.ok ? `${keys.value.length} keys` : "paste keys or choose a file"}>
            <textarea rows={4} value={keysText} onInput={(e) => setKeysText((e.target as HTMLTextAreaElement).value)} data-testid="keys" />
            <input type="file" accept=".txt,.csv,text/plain" onChange={onFile} data-testid="keys-file" />
            {fileNote ? <span class="hint">{fileNote}</span> : null}
          </Field>
        )}
        <Field label="Epoch (empty: now)" error={ep && !ep.ok ? ep.reason : null}>
          <input value={epochText} onInput={(e) => setEpochText((e.target as HTMLInputElement).value)} placeholder={props.epoch !== null ? String(props.epoch) : ""} /></Field>
        <Field label="To epoch (reservation)" error={epTo && !epTo.ok ? epTo.reason : null}>
          <input value={epochToText} onInput={(e) => setEpochToText((e.target as HTMLInputElement).value)} /></Field>
      </div>
      <div class="quote" data-testid="quote" data-raw={quote?.price ?? ""} data-version={quote?.version ?? ""} aria-live="polite">
        {quote ? <>Price: <strong>{amount(quote.price)}</strong> <span class="muted">(epochs {quote.epoch}–{quote.epoch_to}, exact, from the contract's quote)</span></>
          : quoteError ? <ErrorBox error={quoteError} /> : units.ok ? "Quoting…" : "Enter valid units to see the price."}
      </div>
      {quote && quote.version !== o.version ? (
        <div class="warn" data-testid="version-changed">The provider changed this offer (version {o.version} → {quote.version}) since it was loaded. <button onClick={props.onReload}>Reload the offer</button></div>
      ) : null}
      {mode === "committed" && keys?.ok ? <p class="hint">Keep this key list: a key proves its grant with its position and Merkle proof against the root.
        {" "}<button onClick={() => downloadProofs(keys.value)}>Download the proofs</button></p> : null}
      <button class="primary" disabled={!canBuy} onClick={buy} data-testid="buy-button">
        {wallet ? (quote ? `Buy for ${amount(quote.price)}` : "Buy") : "Connect a wallet to buy"}
      </button>
      {tx.view}
      {done ? <div class="ok" data-testid="bought">{done}</div> : null}
    </section>
  );
}

/** Every key's position and Merkle proof, as a device needs them for verify_grant / verify_access. */
function downloadProofs(list: string[]) {
  const tree = MerkleTree.build(list.map((k) => fromBase64(k)));
  const out = { root: toBase64(tree.root()), count: list.length,
    keys: list.map((k, index) => ({ index, pubkey: k, proof: tree.proof(index).map((h) => toBase64(h)) })) };
  const url = URL.createObjectURL(new Blob([JSON.stringify(out)], { type: "application/json" }));
  const a = document.createElement("a");
  a.href = url; a.download = "committed-keys-proofs.json"; a.click();
  URL.revokeObjectURL(url);
}

interface Grant { grant_id: number; offer_id: number; units: number; valid_from: number; valid_until: number; price: string; band: { from_hz: number; to_hz: number }; epoch: number; epoch_to: number }

function MyGrants() {
  const { config, wallet, bump } = useApp();
  const amount = useAmount();
  const [grants, setGrants] = useState<Grant[] | null>(null);
  const [err, setErr] = useState<ReadableError | null>(null);
  useEffect(() => {
    if (!wallet) return setGrants(null);
    (async () => {
      const all: Grant[] = [];
      let start: number | undefined;
      for (;;) {
        const r = await smart(config.chain.rpc, config.deployment.contracts.bandwidth_market,
          { grants_by_holder: { holder: { address: { address: wallet.address } }, limit: 30, ...(start ? { start_after: start } : {}) } });
        all.push(...r.grants);
        if (r.grants.length < 30) break;
        start = r.grants[r.grants.length - 1].grant_id;
      }
      setGrants(all);
    })().catch((e) => setErr(readable(e)));
  }, [wallet?.address, bump]);
  return (
    <section>
      <h2>My grants</h2>
      <ErrorBox error={err} />
      {!wallet ? <p class="muted">Connect a wallet to see your grants.</p> : grants === null ? <p>Loading…</p> : grants.length === 0 ? <p data-testid="no-grants">No grants yet.</p> : (
        <table data-testid="grants" data-count={grants.length}>
          <thead><tr><th>Grant</th><th>Offer</th><th>Units</th><th>Epochs</th><th>Valid</th><th>Paid</th></tr></thead>
          <tbody>{grants.map((g) => (
            <tr data-testid={`grant-${g.grant_id}`}><td>{g.grant_id}</td><td>{g.offer_id}</td><td>{g.units}</td><td>{g.epoch}–{g.epoch_to}</td>
              <td>{new Date(g.valid_from * 1000).toLocaleString()} → {new Date(g.valid_until * 1000).toLocaleString()}</td><td>{amount(g.price)}</td></tr>))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function VerifyAccess() {
  const { config } = useApp();
  const [f, setF] = useState({ grant: "", batch: "", index: "", proof: "", pubkey: "", challenge: "", signature: "" });
  const [result, setResult] = useState<{ valid: boolean; reason: string | null; valid_until: number | null } | null>(null);
  const [err, setErr] = useState<string | null>(null);
  const set = (k: keyof typeof f) => (e: Event) => setF({ ...f, [k]: (e.target as HTMLInputElement).value });
  const byBatch = f.batch.trim() !== "";
  const gid = !byBatch ? parseCount(f.grant, "grant id") : null;
  const bid = byBatch ? parseCount(f.batch, "batch id") : null;
  const idx = byBatch ? parseCount(f.index, "index", 2 ** 53, 0) : null;
  const pk = parseKey(f.pubkey);
  let sig: string | null = null;
  try { sig = f.signature.trim() && fromBase64(f.signature.trim()).length === 64 ? f.signature.trim() : null; } catch { sig = null; }
  const proofList = f.proof.split(/[\s,]+/).filter(Boolean);
  const ok = (gid?.ok ?? true) && (bid?.ok ?? true) && (idx?.ok ?? true) && pk.ok && !!sig && f.challenge !== "";
  async function check() {
    setErr(null); setResult(null);
    const target = byBatch ? { batch: { batch_id: bid!.ok ? bid!.value : 0, index: idx!.ok ? idx!.value : 0, proof: proofList } } : { grant: { grant_id: gid!.ok ? gid!.value : 0 } };
    try {
      setResult(await smart(config.chain.rpc, config.deployment.contracts.bandwidth_market, {
        verify_access: { target, pubkey: f.pubkey.trim(), challenge: toBase64(toUtf8(f.challenge)), signature: sig } }));
    } catch (e) { setErr(describe(readable(e))); }
  }
  return (
    <section>
      <h2>Verify an access proof</h2>
      <p class="muted">A device proves its grant by signing the challenge (sha256) with its key; the contract checks the signature, the grant and its validity now.</p>
      <div class="row">
        <Field label="Grant id" error={gid && !gid.ok && f.grant ? gid.reason : null}><input value={f.grant} onInput={set("grant")} /></Field>
        <Field label="or batch id" error={bid && !bid.ok ? bid.reason : null}><input value={f.batch} onInput={set("batch")} /></Field>
        <Field label="index in batch" error={idx && !idx.ok && f.index ? idx.reason : null}><input value={f.index} onInput={set("index")} /></Field>
      </div>
      {byBatch ? <Field label="Merkle proof (base64 hashes)"><textarea rows={2} value={f.proof} onInput={set("proof")} /></Field> : null}
      <div class="row">
        <Field label="Public key" error={f.pubkey && !pk.ok ? pk.reason : null}><input value={f.pubkey} onInput={set("pubkey")} /></Field>
        <Field label="Challenge (text)"><input value={f.challenge} onInput={set("challenge")} /></Field>
        <Field label="Signature (64 bytes, base64)" error={f.signature && !sig ? "not a 64-byte base64 signature" : null}><input value={f.signature} onInput={set("signature")} /></Field>
      </div>
      <button disabled={!ok} onClick={check}>Verify</button>
      {result ? <div class={result.valid ? "ok" : "error"}>{result.valid ? `Valid until ${new Date((result.valid_until ?? 0) * 1000).toLocaleString()}` : `Not valid: ${result.reason}`}</div> : null}
      {err ? <div class="error">{err}</div> : null}
    </section>
  );
}
