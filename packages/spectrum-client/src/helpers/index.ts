// Hand-written helpers, byte-for-byte compatible with spectrum-types (proved by the
// shared vectors of packages/spectrum-types/vectors.json).
export { toBase64, fromBase64, toHex, concatBytes, equalBytes, type UintLike } from './bytes.js';
export { MerkleTree, merkleRoot, verifyMerkleProof, leafHash, nodeHash, type MerkleKeys } from './merkle.js';
export { auctionCommitment, randomSalt, MIN_SALT_LEN, MAX_SALT_LEN, type SealedBid } from './commitment.js';
export { packConsumerKeys, unpackConsumerKeys, PUBKEY_LEN } from './keys.js';
export {
  consumerPublicKey,
  randomSecretKey,
  signAccessChallenge,
  verifyAccessSignature,
} from './access.js';
export { formatAmount, parseAmount, AmountError, BANDCOIN_DECIMALS } from './amount.js';
