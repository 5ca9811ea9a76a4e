import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sha256 } from '@noble/hashes/sha2.js';
import {
  AmountError,
  BANDCOIN_DECIMALS,
  MerkleTree,
  auctionCommitment,
  concatBytes,
  consumerPublicKey,
  formatAmount,
  fromBase64,
  merkleRoot,
  packConsumerKeys,
  parseAmount,
  signAccessChallenge,
  toBase64,
  unpackConsumerKeys,
  verifyAccessSignature,
  verifyMerkleProof,
} from '../src/index.js';
import { bytesToWords, leaf33Words, nodeWords, wordsToBytes } from '../src/helpers/sha256.js';
import { b, merkleKey, vectors } from './vectors.js';

const enc = (bytes: Uint8Array) => toBase64(bytes);

test('every Merkle vector: keys, root, proofs and refused proofs', () => {
  assert.ok(vectors.merkle.length >= 5);
  for (const v of vectors.merkle) {
    const keys = Array.from({ length: v.count }, (_, i) => merkleKey(i));
    assert.equal(enc(sha256(concatBytes(...keys))), v.keys_sha256, `keys of ${v.count}`);
    if (v.keys) assert.deepEqual(keys.map(enc), v.keys);
    const packed = concatBytes(...keys);
    const tree = MerkleTree.build(keys);
    assert.equal(tree.length, v.count);
    assert.equal(enc(tree.root()), v.root, `root of ${v.count}`);
    assert.equal(enc(MerkleTree.build({ packed }).root()), v.root);
    assert.equal(enc(merkleRoot(keys)), v.root);
    assert.equal(enc(merkleRoot({ packed })), v.root);
    for (const p of v.proofs) {
      assert.deepEqual(tree.proof(p.index).map(enc), p.proof, `proof ${p.index} of ${v.count}`);
      assert.ok(verifyMerkleProof(b(v.root), v.count, p.index, keys[p.index]!, p.proof.map(b)));
    }
    for (const r of v.refused) {
      assert.equal(verifyMerkleProof(b(v.root), r.count, r.index, b(r.key), r.proof.map(b)), r.valid, r.what);
    }
    assert.throws(() => tree.proof(v.count));
  }
  assert.throws(() => MerkleTree.build([]));
  assert.throws(() => merkleRoot({ packed: new Uint8Array(34) }));
});

test('every auction commitment vector', () => {
  assert.ok(vectors.commitments.length >= 5);
  for (const c of vectors.commitments) {
    const got = auctionCommitment({
      auctionId: BigInt(c.auction_id),
      bidder: c.bidder,
      units: c.units,
      price: c.price,
      salt: b(c.salt),
    });
    assert.equal(enc(got), c.commitment, `${c.auction_id} ${c.bidder}`);
  }
  const first = vectors.commitments[0]!;
  assert.equal(
    enc(auctionCommitment({ auctionId: 5, bidder: 'abc', units: 1, price: 9, salt: new TextEncoder().encode('salt') })),
    first.commitment,
  );
  assert.throws(() => auctionCommitment({ auctionId: -1, bidder: 'a', units: 1, price: 1, salt: new Uint8Array(16) }));
  assert.throws(() => auctionCommitment({ auctionId: 1n << 64n, bidder: 'a', units: 1, price: 1, salt: new Uint8Array(16) }));
  assert.throws(() => auctionCommitment({ auctionId: 1, bidder: 'a', units: 1, price: 1n << 128n, salt: new Uint8Array(16) }));
});

test('every packed-keys vector', () => {
  for (const p of vectors.packed_keys) {
    assert.equal(packConsumerKeys(p.keys.map(b)), p.packed);
    assert.deepEqual(unpackConsumerKeys(p.packed).map(enc), p.keys);
  }
  assert.throws(() => unpackConsumerKeys(new Uint8Array(34)));
  assert.throws(() => packConsumerKeys([new Uint8Array(32)]));
});

test('every access-proof vector: signatures byte for byte, and the contract verdicts', () => {
  assert.ok(vectors.access.signed.length >= 6);
  for (const s of vectors.access.signed) {
    const sk = b(s.secret_key);
    assert.equal(enc(consumerPublicKey(sk)), s.pubkey);
    assert.equal(enc(signAccessChallenge(sk, b(s.challenge))), s.signature);
    assert.ok(verifyAccessSignature(b(s.pubkey), b(s.challenge), b(s.signature)));
  }
  assert.ok(vectors.access.checked.some((c) => !c.valid));
  for (const c of vectors.access.checked) {
    assert.equal(verifyAccessSignature(b(c.pubkey), b(c.challenge), b(c.signature)), c.valid, c.what);
  }
});

test('every amount vector', () => {
  assert.equal(BANDCOIN_DECIMALS, vectors.amounts.bandcoin_decimals);
  for (const f of vectors.amounts.format) {
    assert.equal(formatAmount(f.base, f.decimals), f.text);
    assert.equal(formatAmount(BigInt(f.base), f.decimals), f.text);
  }
  for (const p of vectors.amounts.parse) {
    if (p.base !== undefined) assert.equal(parseAmount(p.text, p.decimals), BigInt(p.base), p.text);
    else {
      assert.throws(
        () => parseAmount(p.text, p.decimals),
        (e: unknown) => e instanceof AmountError && e.code === p.error,
        JSON.stringify(p.text),
      );
    }
  }
});

test('the Merkle SHA-256 on words equals @noble/hashes', () => {
  const words = new Int32Array(16);
  for (let n = 0; n < 200; n++) {
    const key = Uint8Array.from({ length: 33 }, (_, i) => (i * 131 + n * 7) & 255);
    leaf33Words(key, 0, words, 0);
    assert.deepEqual(wordsToBytes(words, 0), sha256(concatBytes(new Uint8Array([0]), key)), `leaf ${n}`);
    const left = sha256(key);
    const right = sha256(left);
    bytesToWords(left, words, 0);
    bytesToWords(right, words, 8);
    nodeWords(words, 0, 8, words, 0);
    assert.deepEqual(wordsToBytes(words, 0), sha256(concatBytes(new Uint8Array([1]), left, right)), `node ${n}`);
  }
});

test('base64 is standard with padding and strict like a CosmWasm Binary', () => {
  for (let n = 0; n < 40; n++) {
    const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 97 + n) & 255);
    const text = Buffer.from(bytes).toString('base64');
    assert.equal(toBase64(bytes), text);
    assert.deepEqual(fromBase64(text), bytes);
  }
  for (const bad of ['A', 'AA', 'AAA', 'AA=A', '====', 'A===', 'AB==', 'AAB=', 'AA-_', 'AA A']) {
    assert.throws(() => fromBase64(bad), bad);
  }
});

test('Merkle self-consistency for 1 to 70 keys: every proof verifies, altered ones do not', () => {
  for (let n = 1; n <= 70; n++) {
    const keys = Array.from({ length: n }, (_, i) => merkleKey(i));
    const tree = MerkleTree.build(keys);
    const root = tree.root();
    assert.deepEqual(merkleRoot(keys), root, `in-place root of ${n}`);
    for (let i = 0; i < n; i++) {
      const proof = tree.proof(i);
      assert.ok(verifyMerkleProof(root, n, i, keys[i]!, proof), `n ${n} i ${i}`);
      assert.ok(!verifyMerkleProof(root, n, i, keys[i]!, [...proof, new Uint8Array(32)]));
      if (n > 1) {
        assert.ok(!verifyMerkleProof(root, n, (i + 1) % n, keys[i]!, proof));
        assert.ok(!verifyMerkleProof(root, n, i, keys[(i + 1) % n]!, proof));
        assert.ok(!verifyMerkleProof(root, n, i, keys[i]!, proof.slice(1)));
      }
    }
  }
});
