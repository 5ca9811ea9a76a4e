// Written by scripts/generate.mjs: every contract as a namespace (types and clients).
export * as BandwidthMarket from './BandwidthMarket.client.js';
export * as BandwidthMarketTypes from './BandwidthMarket.types.js';
export * as AuctionClearing from './AuctionClearing.client.js';
export * as AuctionClearingTypes from './AuctionClearing.types.js';
export * as SpectrumLease from './SpectrumLease.client.js';
export * as SpectrumLeaseTypes from './SpectrumLease.types.js';
export * as UnlicensedPool from './UnlicensedPool.client.js';
export * as UnlicensedPoolTypes from './UnlicensedPool.types.js';
export * as NodeReputation from './NodeReputation.client.js';
export * as NodeReputationTypes from './NodeReputation.types.js';
export * as Cw20Base from './Cw20Base.client.js';
export * as Cw20BaseTypes from './Cw20Base.types.js';
