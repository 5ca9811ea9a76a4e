// The unlicensed pool's answers, read in ONE place: its Hz fields were Uint64 strings
// before 0.2.0 and are plain JSON numbers now (token_value_hz_s stays a string); hz() takes both.
import { smart } from "./chain";

export const hz = (v: string | number | null | undefined): number => (v === null || v === undefined ? 0 : Number(v));

/** A bandwidth in Hz as a pool message takes it: a plain JSON number since the contracts 0.2.0 (a Uint64 string before). */
export const poolHz = (v: number): number => v;

export interface PoolConfig { totalHz: number; tokenValueHzS: number; slotSeconds: number; roundSlots: number; initialSupply: bigint }
export interface PoolRound { round: number; inProgress: boolean; currentSlot: number | null; comingSlot: number | null; members: number; supply: bigint; unallocated: bigint }
export interface MemberSeries { address: string; balance: bigint; usage: [number, number][] }

export async function poolConfig(rpc: string, pool: string): Promise<PoolConfig> {
  const c = await smart(rpc, pool, { config: {} });
  return { totalHz: hz(c.total_bandwidth_hz), tokenValueHzS: hz(c.token_value_hz_s), slotSeconds: Number(c.slot_seconds), roundSlots: c.round_slots, initialSupply: BigInt(c.initial_supply) };
}

export async function poolRound(rpc: string, pool: string): Promise<PoolRound> {
  const r = await smart(rpc, pool, { round: {} });
  return { round: r.round, inProgress: r.in_progress, currentSlot: r.current_slot, comingSlot: r.coming_slot, members: r.members, supply: BigInt(r.supply), unallocated: BigInt(r.unallocated) };
}

export async function poolMembers(rpc: string, pool: string, lastSlots: number): Promise<MemberSeries[]> {
  const { balances } = await smart(rpc, pool, { balances: { limit: 30 } });
  return Promise.all(balances.map(async (b: any) => {
    const u = await smart(rpc, pool, { member_usage: { address: b.address, last_slots: lastSlots } });
    return { address: b.address, balance: BigInt(b.balance), usage: u.slots.map((s: any) => [s.slot, hz(s.bandwidth_hz)] as [number, number]) };
  }));
}

/** Micro-tokens a claim of `bandwidthHz` for `slots` slots costs (the contract's rule, rounded up). */
export function claimCost(bandwidthHz: number, slots: number, cfg: PoolConfig): bigint {
  const num = BigInt(bandwidthHz) * BigInt(cfg.slotSeconds) * BigInt(slots) * 1_000_000n;
  const den = BigInt(cfg.tokenValueHzS);
  return (num + den - 1n) / den;
}

/**
 * Every member's balance after each slot, replayed backwards from the balances now:
 * a member's use of a slot cost it claimCost(bw, 1) and gave each other member an equal
 * share. (A claim of several slots is charged at once on chain; here its cost is spread
 * over its slots, so the curve between claims is approximate; the last point is exact.)
 */
export function balanceHistory(members: MemberSeries[], cfg: PoolConfig): { address: string; points: [number, number][] }[] {
  const n = members.length;
  const slots = [...new Set(members.flatMap((m) => m.usage.map(([s]) => s)))].sort((a, b) => a - b);
  const bal = members.map((m) => m.balance);
  const out = members.map((m) => ({ address: m.address, points: [] as [number, number][] }));
  if (slots.length === 0) return members.map((m) => ({ address: m.address, points: [[0, Number(m.balance) / 1e6]] }));
  const last = slots[slots.length - 1];
  out.forEach((o, i) => o.points.push([last, Number(bal[i]) / 1e6]));
  for (let k = slots.length - 1; k >= 0; k--) {
    const s = slots[k];
    const costs = members.map((m) => { const u = m.usage.find(([x]) => x === s); return u ? claimCost(u[1], 1, cfg) : 0n; });
    for (let i = 0; i < n; i++) {
      if (n < 2) continue;
      const received = costs.reduce((acc, c, j) => (j === i ? acc : acc + c / BigInt(n - 1)), 0n);
      bal[i] = bal[i] + costs[i] - received;
    }
    out.forEach((o, i) => o.points.push([s - 1, Number(bal[i]) / 1e6]));
  }
  out.forEach((o) => o.points.reverse());
  return out;
}
