//! Writes schema/bandwidth-market/bandwidth-market.json.

fn main() {
    spectrum_types::schema::write_one("bandwidth-market");
}
