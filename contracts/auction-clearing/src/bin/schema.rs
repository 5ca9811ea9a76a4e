//! Writes schema/auction-clearing/auction-clearing.json.

fn main() {
    spectrum_types::schema::write_one("auction-clearing");
}
