// @spectrum-market/client: typed clients of the five contracts and the Bandcoin cw20
// (generated from schema/ by scripts/generate.mjs; each contract is a namespace, since
// they share type names), and the hand-written helpers that are byte-for-byte compatible
// with spectrum-types.
export * from './generated/index.js';
export * from './helpers/index.js';
