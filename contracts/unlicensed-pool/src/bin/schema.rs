//! Writes schema/unlicensed-pool/unlicensed-pool.json.

fn main() {
    spectrum_types::schema::write_one("unlicensed-pool");
}
