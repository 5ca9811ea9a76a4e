// Contract queries straight over the node's JSON-RPC (abci_query of
// /cosmwasm.wasm.v1.Query/SmartContractState), with the two-field protobuf request
// written by hand: reading the chain needs no CosmJS, which loads only to sign.
import { fromBase64, toHex, toUtf8, fromUtf8 } from "@cosmjs/encoding";

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 127) { out.push((n & 127) | 128); n >>>= 7; }
  out.push(n);
  return out;
}
function field(tag: number, bytes: Uint8Array): number[] {
  return [tag, ...varint(bytes.length), ...bytes];
}

/** QuerySmartContractStateRequest { address = 1; query_data = 2 } */
export function encodeSmartQuery(contract: string, msg: object): Uint8Array {
  return Uint8Array.from([...field(0x0a, toUtf8(contract)), ...field(0x12, toUtf8(JSON.stringify(msg)))]);
}

/** QuerySmartContractStateResponse { data = 1 } */
export function decodeSmartResponse(bytes: Uint8Array): unknown {
  let i = 0;
  while (i < bytes.length) {
    const tag = bytes[i++];
    let len = 0, shift = 0, b: number;
    do { b = bytes[i++]; len |= (b & 127) << shift; shift += 7; } while (b & 128);
    if (tag === 0x0a) return JSON.parse(fromUtf8(bytes.slice(i, i + len)));
    i += len;
  }
  throw new Error("empty query response");
}

let id = 0;
export async function smartQuery<T>(rpc: string, contract: string, msg: object): Promise<T> {
  const body = { jsonrpc: "2.0", id: ++id, method: "abci_query",
    params: { path: "/cosmwasm.wasm.v1.Query/SmartContractState", data: toHex(encodeSmartQuery(contract, msg)), prove: false } };
  const r = await fetch(rpc, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  if (!r.ok) throw new Error(`RPC answered HTTP ${r.status}`);
  const j = await r.json();
  if (j.error) throw new Error(`RPC error: ${j.error.message} ${j.error.data ?? ""}`);
  const res = j.result.response;
  if (res.code !== 0) throw new Error(`Query failed with (${res.code}): ${res.log}`);
  return decodeSmartResponse(fromBase64(res.value)) as T;
}
