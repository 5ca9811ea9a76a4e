// The Merkle benchmark (not a test): the root of 1,000,000 consumer keys in TypeScript
// (dist/, Node) against the Rust spectrum_types::MerkleTree in the same run, same keys
// (key i = 0x02 ‖ sha256(i as u64 big-endian)). The target: TypeScript at most 3 s.
// `npm run bench` (builds dist/ first); `node bench/merkle.mjs [N]`.
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MerkleTree, merkleRoot, toHex } from '../dist/index.js';

const n = Number(process.argv[2] ?? 1_000_000);
const root = resolve(dirname(fileURLToPath(import.meta.url)), '../../..');
const RUNS = 3;

const packed = new Uint8Array(33 * n);
const be = Buffer.alloc(8);
for (let i = 0; i < n; i++) {
  be.writeBigUInt64BE(BigInt(i));
  packed[33 * i] = 2;
  packed.set(createHash('sha256').update(be).digest(), 33 * i + 1);
}

// best wall time and best CPU time (of the whole process: Node 20 has no per-thread
// figure) of RUNS runs
function best(fn) {
  let ms = Infinity;
  let cpu = Infinity;
  let out;
  for (let r = 0; r < RUNS; r++) {
    const t = process.hrtime.bigint();
    const c = process.cpuUsage();
    out = fn();
    const u = process.cpuUsage(c);
    ms = Math.min(ms, Number(process.hrtime.bigint() - t) / 1e6);
    cpu = Math.min(cpu, (u.user + u.system) / 1000);
  }
  return { ms, cpu, out };
}

const fast = best(() => merkleRoot({ packed }));
const tree = best(() => MerkleTree.build({ packed }).root());
if (toHex(fast.out) !== toHex(tree.out)) throw new Error('merkleRoot and MerkleTree disagree');

console.error('running the Rust MerkleTree (cargo run --release -p spectrum-types --example merkle_bench)…');
const rust = JSON.parse(
  execFileSync('cargo', ['run', '--quiet', '--release', '-p', 'spectrum-types', '--example', 'merkle_bench', '--', String(n)], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  }).trim(),
);
if (rust.root !== toHex(fast.out)) throw new Error(`roots differ: Rust ${rust.root}, TypeScript ${toHex(fast.out)}`);

const f = (ms) => `${(ms / 1000).toFixed(3)} s`;
const cpuRatio = (ms) => (rust.best_cpu_ms ? (ms / rust.best_cpu_ms).toFixed(2) : 'n/a');
console.log(`Merkle root of ${n.toLocaleString('en-US')} keys, best of ${RUNS} (node ${process.version}), root ${rust.root}`);
console.log(`load average now: ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')} on ${(await import('node:os')).cpus().length} cores`);
console.log('                                          wall        CPU       TS/Rust wall  TS/Rust CPU');
console.log(`  Rust  spectrum_types::MerkleTree::new   ${f(rust.best_ms)}   ${rust.best_cpu_ms ? f(rust.best_cpu_ms) : 'n/a'}`);
console.log(`  TS    merkleRoot (in place)            ${f(fast.ms)}   ${f(fast.cpu)}   ${(fast.ms / rust.best_ms).toFixed(2)}          ${cpuRatio(fast.cpu)}`);
console.log(`  TS    MerkleTree.build (all levels)    ${f(tree.ms)}   ${f(tree.cpu)}   ${(tree.ms / rust.best_ms).toFixed(2)}          ${cpuRatio(tree.cpu)}`);
console.log(`  target: TypeScript merkleRoot at most 3 s (wall): ${fast.ms <= 3000 ? 'met' : 'NOT met'}`);
if (fast.ms > 3000) process.exitCode = 1;
