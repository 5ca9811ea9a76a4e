//! `cargo schema`: writes schema/<contract>/<contract>.json for every contract.

fn main() {
    for (name, _) in spectrum_types::schema::apis() {
        spectrum_types::schema::write_one(name);
    }
}
