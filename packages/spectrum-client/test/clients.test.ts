import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { SigningCosmWasmClient } from '@cosmjs/cosmwasm-stargate';
import { BandwidthMarket, Cw20Base, packConsumerKeys } from '../src/index.js';
import { merkleKey } from './vectors.js';

// A SigningCosmWasmClient stand-in that records what the typed clients send.
function recorder() {
  const calls: unknown[][] = [];
  const client = {
    execute: async (...args: unknown[]) => {
      calls.push(args);
      return {} as never;
    },
    queryContractSmart: async (...args: unknown[]) => {
      calls.push(args);
      return {} as never;
    },
  } as unknown as SigningCosmWasmClient;
  return { client, calls };
}

test('the generated clients send the contracts\' snake_case messages', async () => {
  const { client, calls } = recorder();
  const market = new BandwidthMarket.BandwidthMarketClient(client, 'wasm1buyer', 'wasm1market');
  const keys = packConsumerKeys([merkleKey(0), merkleKey(1)]);
  await market.allocate(
    { offerId: 3, version: 1, price: '2000', recipients: { packed_consumers: { keys } } },
    'auto',
    undefined,
    [{ denom: 'ustake', amount: '2000' }],
  );
  assert.deepEqual(calls[0], [
    'wasm1buyer',
    'wasm1market',
    { allocate: { epoch: undefined, epoch_to: undefined, offer_id: 3, price: '2000', recipients: { packed_consumers: { keys } }, version: 1 } },
    'auto',
    undefined,
    [{ denom: 'ustake', amount: '2000' }],
  ]);
  await market.offer({ offerId: 3 });
  assert.deepEqual(calls[1], ['wasm1market', { offer: { offer_id: 3 } }]);
  const token = new Cw20Base.Cw20BaseQueryClient(client, 'wasm1bandcoin');
  await token.balance({ address: 'wasm1buyer' });
  assert.deepEqual(calls[2], ['wasm1bandcoin', { balance: { address: 'wasm1buyer' } }]);
});
