//! Times `MerkleTree` over N keys (default 1,000,000): key i = 0x02 ‖ sha256(i as u64
//! big-endian), as in the shared vectors. Prints one JSON line (root, best wall and CPU
//! milliseconds of 3 runs; CPU time from Linux's /proc/thread-self/schedstat, null
//! elsewhere);
//! packages/spectrum-client/bench/merkle.mjs runs it and compares the TypeScript root.
//! `cargo run --release -p spectrum-types --example merkle_bench [-- N]`

use sha2::{Digest, Sha256};
use spectrum_types::merkle::MerkleTree;
use std::time::Instant;

fn main() {
    let n: u64 = std::env::args()
        .nth(1)
        .map(|a| a.parse().expect("N is a number"))
        .unwrap_or(1_000_000);
    let keys: Vec<[u8; 33]> = (0..n)
        .map(|i| {
            let mut k = [0u8; 33];
            k[0] = 2;
            k[1..].copy_from_slice(&Sha256::digest(i.to_be_bytes()));
            k
        })
        .collect();
    let runs = 3;
    let (mut best, mut best_cpu) = (f64::MAX, f64::MAX);
    let mut root = [0u8; 32];
    for _ in 0..runs {
        let (start, cpu) = (Instant::now(), thread_cpu_ns());
        let tree = MerkleTree::new(&keys).expect("non-empty");
        root = tree.root();
        best = best.min(start.elapsed().as_secs_f64() * 1000.0);
        if let (Some(a), Some(b)) = (cpu, thread_cpu_ns()) {
            best_cpu = best_cpu.min((b - a) as f64 / 1e6);
        }
    }
    let hex: String = root.iter().map(|b| format!("{b:02x}")).collect();
    let cpu = if best_cpu < f64::MAX {
        format!("{best_cpu:.1}")
    } else {
        "null".to_string()
    };
    println!(
        "{{\"keys\":{n},\"root\":\"{hex}\",\"best_ms\":{best:.1},\"best_cpu_ms\":{cpu},\"runs\":{runs}}}"
    );
}

/// CPU time of this thread in nanoseconds (Linux), if known.
fn thread_cpu_ns() -> Option<u64> {
    std::fs::read_to_string("/proc/thread-self/schedstat")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()
}
