import { describe, it, expect } from "vitest";
import { claimCost, balanceHistory, hz, poolHz, type PoolConfig } from "../src/lib/pool";
import { leaseCost } from "../src/pages/leases";
import { parseBackup } from "../src/lib/salts";

const cfg: PoolConfig = { totalHz: 540_000_000, tokenValueHzS: 180_000, slotSeconds: 1, roundSlots: 60, initialSupply: 1_800_000_000n };

describe("unlicensed pool", () => {
  it("reads Hz fields given as strings or numbers, in one place", () => {
    expect(hz("108000000")).toBe(108_000_000);
    expect(hz(108_000_000)).toBe(108_000_000);
    expect(poolHz(54_000_000)).toBe(54_000_000);
  });
  it("prices a claim as the contract does (rounded up)", () => {
    expect(claimCost(108_000_000, 1, cfg)).toBe(600_000_000n); // the demo: 600 tokens
    expect(claimCost(1, 1, cfg)).toBe(6n); // 1 Hz for 1 s costs 6 micro-tokens
  });
  it("replays balances backwards from today's: spending goes to the others", () => {
    const h = balanceHistory([
      { address: "a", balance: 600_000_000n, usage: [[0, 108_000_000]] },
      { address: "b", balance: 1_200_000_000n, usage: [[0, 54_000_000]] },
    ], cfg);
    // before slot 0 both held 900 tokens; a spent 600 and got 300, b spent 300 and got 600
    expect(h[0].points).toEqual([[-1, 900], [0, 600]]);
    expect(h[1].points).toEqual([[-1, 900], [0, 1200]]);
  });
});

describe("leases", () => {
  it("costs ceil(p_s × bandwidth × duration) exactly", () => {
    expect(leaseCost("0.000001", 5_000_000, 30)).toBe(150n); // the demo's lease
    expect(leaseCost("0.000001", 1, 1)).toBe(1n);
    expect(leaseCost("0.001", 1_000_000, 3600)).toBe(3_600_000n);
  });
});

describe("salt backups", () => {
  const good = { chainId: "c", auctionContract: "x", auctionId: 3, bidder: "wasm1me", units: 1, price: "300", salt: "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=", savedAt: "" };
  it("accepts the app's own backup and names what is wrong with others", () => {
    expect(parseBackup(JSON.stringify(good), { auctionId: 3, bidder: "wasm1me" }).ok).toBe(true);
    expect(parseBackup("salt", { auctionId: 3, bidder: "wasm1me" })).toMatchObject({ ok: false, reason: expect.stringMatching(/JSON backup/) });
    expect(parseBackup(JSON.stringify(good), { auctionId: 4, bidder: "wasm1me" })).toMatchObject({ ok: false, reason: expect.stringMatching(/auction 3/) });
    expect(parseBackup(JSON.stringify({ ...good, salt: "AAEC" }), { auctionId: 3, bidder: "wasm1me" })).toMatchObject({ ok: false, reason: expect.stringMatching(/16 to 64/) });
  });
});
