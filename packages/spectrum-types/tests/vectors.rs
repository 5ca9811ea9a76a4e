//! The committed shared test vectors (vectors.json) must be exactly what
//! `cargo run -p spectrum-types --example vectors` writes.

#[path = "../examples/vectors.rs"]
#[allow(dead_code)]
mod vectors;

#[test]
fn committed_vectors_match_spectrum_types() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(vectors::VECTORS_PATH);
    let committed = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        committed == vectors::generate(),
        "{} differs from what spectrum-types computes: run \
         `cargo run -p spectrum-types --example vectors` and commit it",
        path.display()
    );
}
