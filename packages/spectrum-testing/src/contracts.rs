//! The contracts as cw-multi-test wrappers (imports no other module of this crate).

use cosmwasm_std::Empty;
use cw_multi_test::{Contract, ContractWrapper};

/// The Bandcoin token: cw20-base.
pub fn bandcoin() -> Box<dyn Contract<Empty>> {
    Box::new(ContractWrapper::new(
        cw20_base::contract::execute,
        cw20_base::contract::instantiate,
        cw20_base::contract::query,
    ))
}

macro_rules! wrapper {
    ($fn_name:ident, $krate:ident) => {
        /// This contract, with its migrate entry point.
        pub fn $fn_name() -> Box<dyn Contract<Empty>> {
            Box::new(
                ContractWrapper::new(
                    $krate::contract::execute,
                    $krate::contract::instantiate,
                    $krate::contract::query,
                )
                .with_migrate($krate::contract::migrate),
            )
        }
    };
}

wrapper!(bandwidth_market, bandwidth_market);
/// auction-clearing, with its reply entry point (settlement outcomes arrive as replies).
pub fn auction_clearing() -> Box<dyn Contract<Empty>> {
    Box::new(
        ContractWrapper::new(
            auction_clearing::contract::execute,
            auction_clearing::contract::instantiate,
            auction_clearing::contract::query,
        )
        .with_reply(auction_clearing::contract::reply)
        .with_migrate(auction_clearing::contract::migrate),
    )
}
wrapper!(spectrum_lease, spectrum_lease);
wrapper!(unlicensed_pool, unlicensed_pool);
wrapper!(node_reputation, node_reputation);
