//! JSON schema of every contract's messages, written to `schema/<contract>/`.

use cosmwasm_schema::{generate_api, Api};
use std::path::Path;

use crate::{auction_clearing, bandwidth_market, node_reputation, spectrum_lease, unlicensed_pool};

/// The API description of every contract, by crate name.
pub fn apis() -> Vec<(&'static str, Api)> {
    vec![
        ("bandwidth-market", bandwidth_market_api()),
        ("auction-clearing", auction_clearing_api()),
        ("spectrum-lease", spectrum_lease_api()),
        ("unlicensed-pool", unlicensed_pool_api()),
        ("node-reputation", node_reputation_api()),
        #[cfg(feature = "schema")]
        ("cw20-base", cw20_base_api()),
    ]
}

/// The API description of the Bandcoin token (cw20-base, as deployed), for clients.
#[cfg(feature = "schema")]
pub fn cw20_base_api() -> Api {
    use cw20_base::msg::{ExecuteMsg, InstantiateMsg, MigrateMsg, QueryMsg};
    generate_api! {
        name: "cw20-base",
        version: "2.0.0",
        instantiate: InstantiateMsg,
        execute: ExecuteMsg,
        query: QueryMsg,
        migrate: MigrateMsg,
    }
}

macro_rules! api_fn {
    ($fn_name:ident, $name:literal, $m:ident) => {
        /// The API description of this contract.
        pub fn $fn_name() -> Api {
            generate_api! {
                name: $name,
                instantiate: $m::InstantiateMsg,
                execute: $m::ExecuteMsg,
                query: $m::QueryMsg,
                migrate: $m::MigrateMsg,
            }
        }
    };
}

api_fn!(bandwidth_market_api, "bandwidth-market", bandwidth_market);
api_fn!(auction_clearing_api, "auction-clearing", auction_clearing);
api_fn!(spectrum_lease_api, "spectrum-lease", spectrum_lease);
api_fn!(unlicensed_pool_api, "unlicensed-pool", unlicensed_pool);
api_fn!(node_reputation_api, "node-reputation", node_reputation);

/// Writes `<root>/<name>/<name>.json`, replacing what was there.
pub fn write(root: &Path, name: &str, api: Api) -> std::io::Result<()> {
    let dir = root.join(name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?;
    }
    std::fs::create_dir_all(&dir)?;
    let json = api.render().to_string().map_err(std::io::Error::other)?;
    std::fs::write(dir.join(format!("{name}.json")), json + "\n")
}

/// The workspace's `schema/` folder.
pub fn schema_root() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../schema")
}

/// Writes the schema of the contract `name` (a crate name listed in [`apis`]).
pub fn write_one(name: &str) {
    let (_, api) = apis()
        .into_iter()
        .find(|(n, _)| *n == name)
        .unwrap_or_else(|| panic!("no schema for {name}"));
    write(&schema_root(), name, api).expect("writing schema");
    println!("wrote schema/{name}/{name}.json");
}
