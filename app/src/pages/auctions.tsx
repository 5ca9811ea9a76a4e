import { useEffect, useState } from "preact/hooks";
import { toBase64, toUtf8, fromBase64 } from "@cosmjs/encoding";
import { smart, eventAttr } from "../lib/chain";
import { readable, type ReadableError } from "../lib/errors";
import { parseAmount, parseCount, formatHz } from "../lib/amounts";
import { auctionCommitment } from "@spectrum-market/client/helpers";
import { newSalt, saveBid, loadBid, parseBackup, saltB64, type SavedBid } from "../lib/salts";
import { loadOffers, type Offer } from "./market";
import { Field, ErrorBox, useApp, useAmount, useTx, short } from "../ui";

interface Auction {
  auction_id: number; provider: string; phase: string; status: string; bid_count: number; revealed_count: number;
  clearing_price: string | null; outcome: string | null; units_awarded: number; escrow: string; refunded: string; forfeited: string; settled_amount: string;
  params: { offer_id: number; kind: string; max_allocations: number; min_price: string; bid_end: number; reveal_end: number | null; clearing_time: number; epoch: number; bandwidth_hz: number };
}
interface Bid { bidder: string; deposit: string; revealed: boolean; price: string | null; units: number | null; status: string; units_won: number; charged: string; refunded: string; forfeited: string }

function useChainNow(): number | null {
  const { config } = useApp();
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    let alive = true;
    const tick = () => smart(config.chain.rpc, config.deployment.contracts.bandwidth_market, { current_epoch: {} })
      .then((e) => alive && setNow(Number(e.now))).catch(() => {});
    tick();
    const t = setInterval(tick, 1000);
    return () => { alive = false; clearInterval(t); };
  }, []);
  return now;
}

function until(t: number, now: number | null): string {
  if (now === null) return "";
  const d = t - now;
  return d > 0 ? `in ${d} s` : `${-d} s ago`;
}

export function AuctionsPage() {
  const { config, bump } = useApp();
  const c = config.deployment.contracts;
  const [auctions, setAuctions] = useState<Auction[] | null>(null);
  const [err, setErr] = useState<ReadableError | null>(null);
  const [selected, setSelected] = useState<number | null>(null);
  const [tick, setTick] = useState(0);
  const now = useChainNow();
  const amount = useAmount();
  useEffect(() => {
    (async () => {
      const all: Auction[] = [];
      let start: number | undefined;
      for (;;) {
        const r = await smart(config.chain.rpc, c.auction_clearing, { list_auctions: { limit: 30, ...(start ? { start_after: start } : {}) } });
        all.push(...r.auctions);
        if (r.auctions.length < 30) break;
        start = r.auctions[r.auctions.length - 1].auction_id;
      }
      all.sort((a, b) => b.auction_id - a.auction_id);
      setAuctions(all);
      if (selected === null && all.length) setSelected(all[0].auction_id);
    })().catch((e) => setErr(readable(e)));
  }, [bump, tick]);
  useEffect(() => { const t = setInterval(() => setTick((x) => x + 1), 3000); return () => clearInterval(t); }, []);
  const a = auctions?.find((x) => x.auction_id === selected) ?? null;
  return (
    <div class="page auctions">
      <section>
        <h2>Auctions</h2>
        <ErrorBox error={err} />
        {auctions === null ? <p>Loading…</p> : auctions.length === 0 ? <p>No auctions yet.</p> : (
          <table data-testid="auctions">
            <thead><tr><th>#</th><th>Kind</th><th>Offer</th><th>Units</th><th>Min price</th><th>Bids end</th><th>Reveal ends</th><th>Clearing</th><th>Bids (revealed)</th><th>Status</th><th>Result</th></tr></thead>
            <tbody>{auctions.map((x) => (
              <tr class={x.auction_id === selected ? "selected" : ""} onClick={() => setSelected(x.auction_id)} data-testid={`auction-${x.auction_id}`}>
                <td>{x.auction_id}</td><td>{x.params.kind}</td><td>{x.params.offer_id}</td><td>{x.params.max_allocations}</td><td>{amount(x.params.min_price)}</td>
                <td>{until(x.params.bid_end, now)}</td><td>{x.params.reveal_end ? until(x.params.reveal_end, now) : "—"}</td><td>{until(x.params.clearing_time, now)}</td>
                <td>{x.bid_count} ({x.revealed_count})</td><td data-testid="auction-status">{x.status} · {x.phase}</td>
                <td data-testid="auction-result">{x.outcome ? `${x.outcome}${x.clearing_price ? `, clearing price ${amount(x.clearing_price)}` : ""}, ${x.units_awarded} units` : "—"}</td>
              </tr>))}</tbody>
          </table>
        )}
      </section>
      {a ? <AuctionDetail a={a} now={now} key={a.auction_id} /> : null}
      <CreateAuction now={now} onCreated={(id) => { setSelected(id); setTick((x) => x + 1); }} />
    </div>
  );
}

function AuctionDetail({ a, now }: { a: Auction; now: number | null }) {
  const { config, wallet, bump, token } = useApp();
  const c = config.deployment.contracts;
  const amount = useAmount();
  const [bids, setBids] = useState<Bid[]>([]);
  const [mine, setMine] = useState<Bid | null>(null);
  const [unitsText, setUnits] = useState("1");
  const [priceText, setPrice] = useState("");
  const [depositText, setDeposit] = useState("");
  const [backup, setBackup] = useState<SavedBid | null>(null);
  const [pasted, setPasted] = useState("");
  const [saved, setSaved] = useState<SavedBid | null>(null);
  const commitTx = useTx(), revealTx = useTx(), clearTx = useTx();
  const reload = () => {
    smart(config.chain.rpc, c.auction_clearing, { list_bids: { auction_id: a.auction_id, limit: 30 } }).then((r) => setBids(r.bids)).catch(() => {});
    if (wallet) smart(config.chain.rpc, c.auction_clearing, { get_bid: { auction_id: a.auction_id, bidder: wallet.address } }).then(setMine).catch(() => setMine(null));
  };
  useEffect(reload, [a.auction_id, a.phase, a.bid_count, a.revealed_count, wallet?.address, bump]);
  useEffect(() => { setSaved(wallet ? loadBid(config.chain.chainId, c.auction_clearing, a.auction_id, wallet.address) : null); }, [wallet?.address, a.auction_id, bump]);

  const sealed = a.params.kind !== "propshare";
  const inBidding = now !== null && now < a.params.bid_end;
  const inReveal = now !== null && now >= a.params.bid_end && now < (a.params.reveal_end ?? a.params.bid_end);
  const clearable = now !== null && now >= a.params.clearing_time && a.status !== "cleared";

  const units = a.params.kind === "vickrey" ? ({ ok: true, value: 1 } as const) : parseCount(unitsText, "units", a.params.max_allocations);
  const price = parseAmount(priceText, token.decimals);
  const deposit = depositText.trim() === "" && price.ok && units.ok ? ({ ok: true, value: price.value * BigInt(units.value) } as const) : parseAmount(depositText, token.decimals);
  const minOk = price.ok && price.value >= BigInt(a.params.min_price);
  const depositOk = deposit.ok && price.ok && units.ok && deposit.value >= price.value * BigInt(units.value);

  async function commit() {
    if (!wallet || !units.ok || !price.ok || !deposit.ok) return;
    const salt = newSalt();
    const b: SavedBid = { chainId: config.chain.chainId, auctionContract: c.auction_clearing, auctionId: a.auction_id, bidder: wallet.address,
      units: units.value, price: price.value.toString(), salt: saltB64(salt), savedAt: new Date().toISOString() };
    saveBid(b); // before signing: a commitment on chain without its salt could never be revealed
    setSaved(b);
    setBackup(b);
    const digest = auctionCommitment({ auctionId: a.auction_id, bidder: wallet.address, units: units.value, price: price.value, salt });
    const hook = sealed ? { commit: { auction_id: a.auction_id, commitment: toBase64(digest) } } : { bid: { auction_id: a.auction_id, price: price.value.toString() } };
    const amt = sealed ? deposit.value.toString() : price.value.toString();
    const res = await commitTx.run([{ contract: c.bandcoin, msg: { send: { contract: c.auction_clearing, amount: amt, msg: toBase64(toUtf8(JSON.stringify(hook))) } } }]);
    if (res) reload();
  }

  const backupParsed = pasted.trim() && wallet ? parseBackup(pasted, { auctionId: a.auction_id, bidder: wallet.address }) : null;
  const revealFrom: SavedBid | null = saved ?? (backupParsed && backupParsed.ok ? backupParsed.value : null);
  const saltLost = !!mine && mine.status !== "unknown" && !mine.revealed && !revealFrom;
  async function reveal() {
    if (!revealFrom) return;
    const res = await revealTx.run([{ contract: c.auction_clearing, msg: { reveal: { auction_id: a.auction_id, units: revealFrom.units, price: revealFrom.price, salt: revealFrom.salt } } }]);
    if (res) { if (!saved && revealFrom) saveBid(revealFrom); reload(); }
  }
  async function clear() {
    for (let i = 0; i < 20; i++) {
      const res = await clearTx.run([{ contract: c.auction_clearing, msg: { clear: { auction_id: a.auction_id } } }]);
      if (!res || eventAttr(res.events, "done") !== "false") break;
    }
    reload();
  }
  const download = (b: SavedBid) => {
    const url = URL.createObjectURL(new Blob([JSON.stringify(b, null, 1)], { type: "application/json" }));
    const el = document.createElement("a");
    el.href = url; el.download = `bid-auction-${b.auctionId}-${short(b.bidder)}.json`; el.click();
    URL.revokeObjectURL(url);
  };
  return (
    <section data-testid="auction-detail">
      <h2>Auction {a.auction_id} <span class="muted">({a.params.kind}, {a.params.max_allocations} × {formatHz(a.params.bandwidth_hz)} of offer {a.params.offer_id}, epoch {a.params.epoch}, provider {short(a.provider)})</span></h2>
      <p>Escrow {amount(a.escrow)} · settled {amount(a.settled_amount)} · refunded {amount(a.refunded)} · forfeited {amount(a.forfeited)}</p>
      <table data-testid="bids">
        <thead><tr><th>Bidder</th><th>Deposit</th><th>Revealed</th><th>Units</th><th>Price</th><th>Status</th><th>Won</th><th>Charged</th><th>Refunded</th></tr></thead>
        <tbody>{bids.map((b) => <tr><td>{short(b.bidder)}{wallet?.address === b.bidder ? " (you)" : ""}</td><td>{amount(b.deposit)}</td><td>{b.revealed ? "yes" : "no"}</td>
          <td>{b.units ?? "hidden"}</td><td>{b.price ? amount(b.price) : "hidden"}</td><td>{b.status}</td><td>{b.units_won}</td><td>{amount(b.charged)}</td><td>{amount(b.refunded)}</td></tr>)}
          {bids.length === 0 ? <tr><td colSpan={9}>No bids yet.</td></tr> : null}</tbody>
      </table>

      {inBidding ? (
        <div class="subform" data-testid="commit-form">
          <h3>{sealed ? "Commit a sealed bid" : "Bid (open)"}</h3>
          <div class="row">
            {a.params.kind !== "vickrey" ? <Field label="Units" error={units.ok ? null : units.reason} id="bid-units"><input value={unitsText} onInput={(e) => setUnits((e.target as HTMLInputElement).value)} /></Field> : null}
            <Field label={`${sealed ? "Unit price" : "Total price"} (${token.symbol})`} id="bid-price"
              error={priceText === "" ? null : !price.ok ? price.reason : !minOk ? `below the minimum price ${amount(a.params.min_price)}` : null}>
              <input value={priceText} onInput={(e) => setPrice((e.target as HTMLInputElement).value)} data-testid="bid-price" /></Field>
            {sealed ? <Field label={`Deposit (${token.symbol}, ≥ units × price; more hides the bid)`} id="bid-deposit"
              error={depositText === "" ? null : !deposit.ok ? deposit.reason : !depositOk ? "the deposit must cover units × price" : null}>
              <input value={depositText} onInput={(e) => setDeposit((e.target as HTMLInputElement).value)} data-testid="bid-deposit" placeholder="= units × price" /></Field> : null}
          </div>
          <p class="hint">A random salt is made and kept in this browser's storage before you sign. Without it the bid can never be revealed (and is forfeited in part): download the backup.</p>
          <button class="primary" disabled={!wallet || !units.ok || !price.ok || !minOk || (sealed && !depositOk) || commitTx.busy} onClick={commit} data-testid="commit-button">{sealed ? "Commit" : "Bid"}</button>
          {commitTx.view}
        </div>
      ) : null}
      {backup || (saved && !mine?.revealed && inBidding) ? (
        <div class="warn" data-testid="salt-backup">
          <strong>Back up your salt now.</strong> It is saved in this browser only (auction {(backup ?? saved)!.auctionId}, units {(backup ?? saved)!.units}, price {amount((backup ?? saved)!.price)}). Clearing the browser's data, or another browser, loses it.
          {" "}<button onClick={() => download((backup ?? saved)!)} data-testid="download-backup">Download backup</button>
        </div>
      ) : null}
      {sealed && (inReveal || saltLost) && mine && !mine.revealed && mine.status !== "unknown" ? (
        <div class="subform" data-testid="reveal-form">
          <h3>Reveal your bid</h3>
          {revealFrom ? <p>Saved bid: {revealFrom.units} unit(s) at {amount(revealFrom.price)} (salt from {saved ? "this browser" : "your backup"}).</p> : null}
          <Field label="Salt backup (paste the downloaded JSON)" id="salt"
            error={saltLost && !pasted.trim() ? "The salt for this bid is lost: it is not in this browser's storage. Paste your backup to reveal." : backupParsed && !backupParsed.ok ? backupParsed.reason : null}>
            <textarea rows={2} value={pasted} onInput={(e) => setPasted((e.target as HTMLTextAreaElement).value)} data-testid="salt-paste" />
          </Field>
          <button class="primary" disabled={!revealFrom || !inReveal || revealTx.busy} onClick={reveal} data-testid="reveal-button">Reveal</button>
          {!inReveal ? <span class="hint"> The reveal window opens when bidding ends.</span> : null}
          {revealTx.view}
        </div>
      ) : null}
      {clearable ? (
        <div class="subform">
          <button class="primary" disabled={!wallet || clearTx.busy} onClick={clear} data-testid="clear-button">Clear the auction</button>
          <span class="hint"> Anyone may clear once the clearing time has passed; winners' grants are settled into the market.</span>
          {clearTx.view}
        </div>
      ) : null}
    </section>
  );
}

function CreateAuction({ now, onCreated }: { now: number | null; onCreated: (id: number) => void }) {
  const { config, wallet, token } = useApp();
  const c = config.deployment.contracts;
  const [offers, setOffers] = useState<Offer[]>([]);
  const [f, setF] = useState({ offer: "", kind: "vickrey", units: "1", minPrice: "0.0001", bidSecs: "20", revealSecs: "15" });
  const tx = useTx();
  useEffect(() => { loadOffers(config.chain.rpc, c.bandwidth_market).then(setOffers).catch(() => {}); }, [wallet?.address]);
  const mine = offers.filter((o) => o.provider === wallet?.address);
  const set = (k: keyof typeof f) => (e: Event) => setF({ ...f, [k]: (e.target as HTMLInputElement).value });
  const offer = mine.find((o) => String(o.offer_id) === f.offer) ?? mine[0];
  const units = parseCount(f.units, "units", 1000);
  const minPrice = parseAmount(f.minPrice, token.decimals);
  const bidSecs = parseCount(f.bidSecs, "seconds", 86_400 * 30, 5);
  const revealSecs = parseCount(f.revealSecs, "seconds", 86_400 * 30, 5);
  const ok = !!offer && units.ok && minPrice.ok && bidSecs.ok && revealSecs.ok && now !== null;
  async function create() {
    if (!ok || !offer || !units.ok || !minPrice.ok || !bidSecs.ok || !revealSecs.ok || now === null) return;
    const epoch = (await smart(config.chain.rpc, c.bandwidth_market, { current_epoch: {} })).epoch;
    const bidEnd = now + bidSecs.value, revealEnd = f.kind === "propshare" ? null : bidEnd + revealSecs.value;
    const msgs = [];
    if (offer.clearing_house !== c.auction_clearing)
      msgs.push({ contract: c.bandwidth_market, msg: { set_clearing_house: { offer_id: offer.offer_id, clearing_house: c.auction_clearing } } });
    msgs.push({ contract: c.auction_clearing, msg: { create_auction: { offer_id: offer.offer_id, kind: f.kind, max_allocations: units.value, band: offer.band,
      bandwidth_hz: offer.bandwidth_hz, epoch, min_price: minPrice.value.toString(), bid_end: bidEnd, reveal_end: revealEnd, clearing_time: revealEnd ?? bidEnd } } });
    const res = await tx.run(msgs);
    const id = res && eventAttr(res.events, "auction_id");
    if (id) onCreated(Number(id));
  }
  return (
    <section data-testid="create-auction">
      <h2>Create an auction</h2>
      {!wallet ? <p class="muted">Connect a provider's wallet to auction units of its offers.</p> : mine.length === 0 ? <p class="muted">This account has no offers to auction.</p> : (
        <>
          <div class="row">
            <Field label="Offer"><select value={offer ? String(offer.offer_id) : ""} onChange={set("offer")}>{mine.map((o) => <option value={o.offer_id}>{o.offer_id}: {formatHz(o.bandwidth_hz)} at {o.location}</option>)}</select></Field>
            <Field label="Kind"><select value={f.kind} onChange={set("kind")} data-testid="auction-kind"><option value="vickrey">Vickrey (sealed, 1 unit a bid)</option><option value="uniform">Uniform price (sealed)</option><option value="propshare">Proportional share (open)</option></select></Field>
            <Field label="Units" error={units.ok ? null : units.reason}><input value={f.units} onInput={set("units")} /></Field>
            <Field label={`Min price (${token.symbol})`} error={minPrice.ok ? null : minPrice.reason} id="min-price"><input value={f.minPrice} onInput={set("minPrice")} data-testid="min-price" /></Field>
            <Field label="Bidding (s)" error={bidSecs.ok ? null : bidSecs.reason}><input value={f.bidSecs} onInput={set("bidSecs")} data-testid="bid-secs" /></Field>
            {f.kind !== "propshare" ? <Field label="Reveal (s)" error={revealSecs.ok ? null : revealSecs.reason}><input value={f.revealSecs} onInput={set("revealSecs")} data-testid="reveal-secs" /></Field> : null}
          </div>
          <button class="primary" disabled={!ok || tx.busy} onClick={create} data-testid="create-auction-button">Create</button>
          {offer && offer.clearing_house !== c.auction_clearing ? <span class="hint"> The same transaction lets the auction contract settle into offer {offer.offer_id}.</span> : null}
          {tx.view}
        </>
      )}
    </section>
  );
}
