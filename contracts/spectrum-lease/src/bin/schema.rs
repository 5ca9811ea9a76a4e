//! Writes schema/spectrum-lease/spectrum-lease.json.

fn main() {
    spectrum_types::schema::write_one("spectrum-lease");
}
