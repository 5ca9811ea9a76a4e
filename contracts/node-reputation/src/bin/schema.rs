//! Writes schema/node-reputation/node-reputation.json.

fn main() {
    spectrum_types::schema::write_one("node-reputation");
}
