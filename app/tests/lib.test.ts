import { describe, it, expect } from "vitest";
import { fromBase64, toBase64, toHex } from "@cosmjs/encoding";
import { formatAmount, parseAmount, parseCount } from "../src/lib/amounts";
import { parseKey, parseKeyList, packKeys } from "../src/lib/keys";
import { readable, contractText } from "../src/lib/errors";
import { KNOWN_ERRORS } from "../src/lib/errors.generated";

// Keys of scripts/spectrum_py/keys.py (public_key_b64("k0".."k4")).
const KEYS = ["A4gOgCVcXSwsfJNq4EuyN1vrj7Oav0RDCcRO5rfzuoMo", "AiK5bp7Hs0b7x/xpG3z4Vd2Q79y5ma9m5K1+aZHo11F6",
  "A1bSiAJHoskMhkR58X3n3np97OuOmBPvgIdXc5gSxqnW", "AmHOoSmMdxcQE1PHaBgzcvhXKHn+UG300fwW6tHoDRrj", "A1v+dyEIA5vLlPklHfXW5KWlrltQW9U28KhkvpgN8Qqy"];

describe("amounts", () => {
  it("formats base units as display units", () => {
    expect(formatAmount("2710", 6, "BAND")).toBe("0.00271 BAND");
    expect(formatAmount(1234567000000n, 6)).toBe("1,234,567");
    expect(formatAmount("0", 6)).toBe("0");
  });
  it("parses display amounts exactly and refuses bad ones", () => {
    expect(parseAmount("1.5", 6)).toEqual({ ok: true, value: 1_500_000n });
    expect(parseAmount("0.000001", 6)).toEqual({ ok: true, value: 1n });
    expect(parseAmount("-1", 6)).toMatchObject({ ok: false, reason: expect.stringMatching(/negative/) });
    expect(parseAmount("0.0000001", 6)).toMatchObject({ ok: false, reason: expect.stringMatching(/decimals/) });
    expect(parseAmount("abc", 6).ok).toBe(false);
    expect(parseAmount("", 6).ok).toBe(false);
  });
  it("parses counts: whole, positive", () => {
    expect(parseCount("3")).toEqual({ ok: true, value: 3 });
    expect(parseCount("-2")).toMatchObject({ ok: false, reason: expect.stringMatching(/negative/) });
    expect(parseCount("1.5")).toMatchObject({ ok: false, reason: expect.stringMatching(/whole/) });
    expect(parseCount("0").ok).toBe(false);
    expect(parseCount("0", "epoch", 10, 0).ok).toBe(true);
  });
});

describe("consumer keys", () => {
  it("accepts base64 and hex compressed keys", () => {
    expect(parseKey(KEYS[0]).ok).toBe(true);
    expect(parseKey(toHex(fromBase64(KEYS[1]))).ok).toBe(true);
  });
  it("names what is wrong with a key", () => {
    expect(parseKey("not a key!")).toMatchObject({ ok: false });
    expect(parseKey("AAAA")).toMatchObject({ ok: false, reason: expect.stringMatching(/3 bytes/) });
    const bad = new Uint8Array(33); bad[0] = 4;
    expect(parseKey(toBase64(bad))).toMatchObject({ ok: false, reason: expect.stringMatching(/0x02 or 0x03/) });
  });
  it("validates a key list: empty, too long, duplicate, unparsable line", () => {
    expect(parseKeyList("\n # nothing\n", 10)).toMatchObject({ ok: false, reason: expect.stringMatching(/empty/) });
    expect(parseKeyList(KEYS.join("\n"), 4)).toMatchObject({ ok: false, reason: expect.stringMatching(/maximum of 4/) });
    expect(parseKeyList(`${KEYS[0]}\n${KEYS[0]}`, 10)).toMatchObject({ ok: false, reason: expect.stringMatching(/line 2.*twice/) });
    expect(parseKeyList(`${KEYS[0]}\nxyz`, 10)).toMatchObject({ ok: false, reason: expect.stringMatching(/line 2: unparsable/) });
    expect(parseKeyList(KEYS.join("\n"), 5)).toEqual({ ok: true, value: KEYS });
  });
  it("packs keys back to back", () => {
    expect(fromBase64(packKeys(KEYS)).length).toBe(33 * 5);
  });
});

describe("readable errors", () => {
  it("names the contract's typed error in a transaction's log", () => {
    const raw = "Query failed with (6): rpc error: code = Unknown desc = failed to execute message; message index: 0: dispatch: submessages: offer 1 is at version 2, not 1: execute wasm contract failed [CosmWasm/wasmd@v0.55.1/x/wasm/keeper/keeper.go:436] With gas wanted: '300000000' and gas used: '123' : unknown request";
    expect(readable(new Error(raw))).toEqual({ error: "ContractError::StaleVersion", contract: "bandwidth-market", message: "offer 1 is at version 2, not 1" });
  });
  it("reads a failed query", () => {
    const raw = "Query failed with (18): offer 9 does not exist: query wasm contract failed: invalid request";
    expect(contractText("rpc error: code = Unknown desc = offer 9 does not exist: query wasm contract failed: unknown request")).toBe("offer 9 does not exist");
    expect(readable(new Error(raw)).message).not.toMatch(/at .*\.js/);
  });
  it("knows the errors of every contract", () => {
    const contracts = new Set(KNOWN_ERRORS.map((k) => k.contract));
    for (const c of ["bandwidth-market", "auction-clearing", "spectrum-lease", "unlicensed-pool", "node-reputation"]) expect(contracts.has(c)).toBe(true);
  });
});

import { encodeSmartQuery, decodeSmartResponse } from "../src/lib/rpc";
import { QuerySmartContractStateRequest, QuerySmartContractStateResponse } from "cosmjs-types/cosmwasm/wasm/v1/query";

describe("the hand-written smart query encoding", () => {
  it("is byte for byte cosmjs-types' protobuf", () => {
    const contract = "wasm14hj2tavq8fpesdwxxcu44rty3hh90vhujrvcmstl4zr3txmfvw9s0phg4d";
    const msg = { quote: { offer_id: 1, units: 300, note: "x".repeat(200) } };
    const ref = QuerySmartContractStateRequest.encode({ address: contract, queryData: new TextEncoder().encode(JSON.stringify(msg)) }).finish();
    expect(toHex(encodeSmartQuery(contract, msg))).toBe(toHex(ref));
    const resp = QuerySmartContractStateResponse.encode({ data: new TextEncoder().encode(JSON.stringify({ price: "2710", pad: "y".repeat(300) })) }).finish();
    expect(decodeSmartResponse(resp)).toEqual({ price: "2710", pad: "y".repeat(300) });
  });
});
