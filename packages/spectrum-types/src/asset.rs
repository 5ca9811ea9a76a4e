//! The payment asset of a contract (a native denom or one cw20 token), the checks
//! on what a caller paid with, and the one helper that pays out either kind.

use cosmwasm_schema::cw_serde;
use cosmwasm_std::{
    to_json_binary, Addr, Api, BankMsg, Coin, CosmosMsg, MessageInfo, StdResult, Uint128, WasmMsg,
};
use cw20::{Cw20ExecuteMsg, Cw20ReceiveMsg};
use thiserror::Error;

/// A payment asset as written in messages, before its address is validated.
#[cw_serde]
pub enum AssetUnchecked {
    /// A native coin of the chain, paid as funds attached to the message.
    Native {
        /// Bank denom, for example `ustake` or an IBC denom.
        denom: String,
    },
    /// A cw20 token (Bandcoin), paid through the token's `Send` with the message as hook,
    /// or, where a contract says so, from an allowance the payer gave the contract.
    Cw20 {
        /// Address of the cw20 token contract.
        contract: String,
    },
}

/// A validated payment asset, as stored in a contract's config.
#[cw_serde]
pub enum Asset {
    /// A native coin of the chain.
    Native {
        /// Bank denom.
        denom: String,
    },
    /// The one cw20 token contract this contract accepts.
    Cw20 {
        /// Address of the cw20 token contract.
        contract: Addr,
    },
}

/// Why a payment was refused.
#[derive(Error, Debug, PartialEq)]
pub enum PaymentError {
    #[error("invalid denom: must not be empty and at most 128 characters")]
    InvalidDenom {},

    #[error("this contract is paid in {expected}; pay in it")]
    WrongAsset { expected: String },

    #[error("expected exactly one coin of {denom}, got {received}")]
    WrongFunds { denom: String, received: String },

    #[error("no payment attached; send {denom}")]
    NoFunds { denom: String },

    #[error("this message takes no funds")]
    UnexpectedFunds {},

    #[error("cw20 {sender} is not the payment token {expected}")]
    UnknownToken { sender: String, expected: String },

    #[error("payment of {received} does not equal the price {expected}")]
    WrongAmount {
        expected: Uint128,
        received: Uint128,
    },

    #[error("payment must be greater than zero")]
    ZeroPayment {},
}

/// A payment that passed the checks: who paid and how much of the contract's asset.
#[cw_serde]
pub struct Paid {
    /// The account the funds came from (for cw20, the `sender` of the `Send`).
    pub payer: Addr,
    /// The amount paid, in the contract's payment asset.
    pub amount: Uint128,
}

impl Paid {
    /// Refuses a payment that is not exactly `expected`.
    pub fn expect_exact(&self, expected: Uint128) -> Result<(), PaymentError> {
        if self.amount != expected {
            return Err(PaymentError::WrongAmount {
                expected,
                received: self.amount,
            });
        }
        Ok(())
    }
}

impl AssetUnchecked {
    /// Validates the denom or the token address.
    pub fn check(&self, api: &dyn Api) -> Result<Asset, cosmwasm_std::StdError> {
        match self {
            AssetUnchecked::Native { denom } => {
                if denom.is_empty() || denom.len() > 128 {
                    return Err(cosmwasm_std::StdError::generic_err(
                        PaymentError::InvalidDenom {}.to_string(),
                    ));
                }
                Ok(Asset::Native {
                    denom: denom.clone(),
                })
            }
            AssetUnchecked::Cw20 { contract } => Ok(Asset::Cw20 {
                contract: api.addr_validate(contract)?,
            }),
        }
    }
}

impl std::fmt::Display for Asset {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Asset::Native { denom } => write!(f, "native {denom}"),
            Asset::Cw20 { contract } => write!(f, "cw20 {contract}"),
        }
    }
}

impl Asset {
    /// Checks the funds attached to a message that pays in a native coin: exactly one
    /// coin, of this asset's denom, non-zero. Refused when the asset is a cw20 token
    /// (those payments come through `Receive`).
    pub fn native_payment(&self, info: &MessageInfo) -> Result<Paid, PaymentError> {
        let denom = match self {
            Asset::Native { denom } => denom,
            Asset::Cw20 { .. } => {
                return Err(PaymentError::WrongAsset {
                    expected: self.to_string(),
                })
            }
        };
        match info.funds.as_slice() {
            [] => Err(PaymentError::NoFunds {
                denom: denom.clone(),
            }),
            [Coin { denom: d, amount }] if d == denom => {
                if amount.is_zero() {
                    return Err(PaymentError::ZeroPayment {});
                }
                Ok(Paid {
                    payer: info.sender.clone(),
                    amount: *amount,
                })
            }
            funds => Err(PaymentError::WrongFunds {
                denom: denom.clone(),
                received: funds
                    .iter()
                    .map(|c| c.to_string())
                    .collect::<Vec<_>>()
                    .join(","),
            }),
        }
    }

    /// Checks a cw20 `Receive` hook: `info.sender` must be this asset's token
    /// contract (any other cw20 is refused) and the amount non-zero. The payer is the
    /// account that sent the tokens.
    pub fn cw20_payment(
        &self,
        info: &MessageInfo,
        receive: &Cw20ReceiveMsg,
        api: &dyn Api,
    ) -> Result<Paid, PaymentError> {
        match self {
            Asset::Cw20 { contract } if *contract == info.sender => {}
            Asset::Cw20 { contract } => {
                return Err(PaymentError::UnknownToken {
                    sender: info.sender.to_string(),
                    expected: contract.to_string(),
                })
            }
            Asset::Native { .. } => {
                return Err(PaymentError::WrongAsset {
                    expected: self.to_string(),
                })
            }
        }
        if !info.funds.is_empty() {
            return Err(PaymentError::UnexpectedFunds {});
        }
        if receive.amount.is_zero() {
            return Err(PaymentError::ZeroPayment {});
        }
        let payer = api
            .addr_validate(&receive.sender)
            .map_err(|_| PaymentError::UnknownToken {
                sender: receive.sender.clone(),
                expected: self.to_string(),
            })?;
        Ok(Paid {
            payer,
            amount: receive.amount,
        })
    }

    /// The payment of a message executed directly on this contract rather than through a
    /// cw20 `Send`. A native asset is paid by the attached funds ([`Asset::native_payment`]).
    /// A cw20 asset is paid from the sender's allowance: no funds may be attached, and the
    /// payment is `amount`, the price the sender quoted, which the caller checks like any
    /// other payment and then pays out with [`Asset::pay_from`].
    pub fn direct_payment(
        &self,
        info: &MessageInfo,
        amount: Uint128,
    ) -> Result<Paid, PaymentError> {
        if let Asset::Native { .. } = self {
            return self.native_payment(info);
        }
        if !info.funds.is_empty() {
            return Err(PaymentError::UnexpectedFunds {});
        }
        if amount.is_zero() {
            return Err(PaymentError::ZeroPayment {});
        }
        Ok(Paid {
            payer: info.sender.clone(),
            amount,
        })
    }

    /// The message that pays `amount` of a [`Asset::direct_payment`] to `recipient`, or `None`
    /// when the amount is zero. For a cw20 asset it is one `TransferFrom` out of the payer's
    /// allowance straight to `recipient`: the tokens never pass through this contract, and
    /// if the allowance or the balance is short the transfer fails, and the whole
    /// transaction with it, so nothing is granted unpaid. For a native asset, whose funds
    /// arrived with the message, it is [`Asset::pay`] from this contract.
    pub fn pay_from(
        &self,
        paid: &Paid,
        recipient: &Addr,
        amount: Uint128,
    ) -> StdResult<Option<CosmosMsg>> {
        let Asset::Cw20 { contract } = self else {
            return self.pay(recipient, amount);
        };
        if amount.is_zero() {
            return Ok(None);
        }
        Ok(Some(CosmosMsg::Wasm(WasmMsg::Execute {
            contract_addr: contract.to_string(),
            msg: to_json_binary(&Cw20ExecuteMsg::TransferFrom {
                owner: paid.payer.to_string(),
                recipient: recipient.to_string(),
                amount,
            })?,
            funds: vec![],
        })))
    }

    /// The message that pays `amount` of this asset to `recipient`, or `None` when the
    /// amount is zero (a zero-amount bank send or cw20 transfer fails on chain).
    pub fn pay(&self, recipient: &Addr, amount: Uint128) -> StdResult<Option<CosmosMsg>> {
        if amount.is_zero() {
            return Ok(None);
        }
        let msg = match self {
            Asset::Native { denom } => CosmosMsg::Bank(BankMsg::Send {
                to_address: recipient.to_string(),
                amount: vec![Coin {
                    denom: denom.clone(),
                    amount,
                }],
            }),
            Asset::Cw20 { contract } => CosmosMsg::Wasm(WasmMsg::Execute {
                contract_addr: contract.to_string(),
                msg: to_json_binary(&Cw20ExecuteMsg::Transfer {
                    recipient: recipient.to_string(),
                    amount,
                })?,
                funds: vec![],
            }),
        };
        Ok(Some(msg))
    }

    /// The funds to attach when this contract forwards `amount` to another contract's
    /// native-paid message; empty for cw20 (those go through `Send`).
    pub fn coins(&self, amount: Uint128) -> Vec<Coin> {
        match self {
            Asset::Native { denom } if !amount.is_zero() => vec![Coin {
                denom: denom.clone(),
                amount,
            }],
            _ => vec![],
        }
    }
}

/// Refuses any funds attached to a message that takes none.
pub fn assert_no_funds(info: &MessageInfo) -> Result<(), PaymentError> {
    if info.funds.is_empty() {
        Ok(())
    } else {
        Err(PaymentError::UnexpectedFunds {})
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::{message_info, MockApi};
    use cosmwasm_std::{coin, coins, from_json};

    fn native() -> Asset {
        Asset::Native {
            denom: "uband".into(),
        }
    }

    #[test]
    fn native_payment_takes_exactly_one_coin_of_the_denom() {
        let api = MockApi::default();
        let buyer = api.addr_make("buyer");
        let paid = native()
            .native_payment(&message_info(&buyer, &coins(5, "uband")))
            .unwrap();
        assert_eq!(
            paid,
            Paid {
                payer: buyer.clone(),
                amount: Uint128::new(5)
            }
        );

        let err = native()
            .native_payment(&message_info(&buyer, &[]))
            .unwrap_err();
        assert_eq!(
            err,
            PaymentError::NoFunds {
                denom: "uband".into()
            }
        );

        let err = native()
            .native_payment(&message_info(&buyer, &coins(5, "uatom")))
            .unwrap_err();
        assert!(matches!(err, PaymentError::WrongFunds { .. }));

        let err = native()
            .native_payment(&message_info(&buyer, &[coin(5, "uband"), coin(1, "uatom")]))
            .unwrap_err();
        assert_eq!(
            err,
            PaymentError::WrongFunds {
                denom: "uband".into(),
                received: "5uband,1uatom".into()
            }
        );

        let err = native()
            .native_payment(&message_info(&buyer, &coins(0, "uband")))
            .unwrap_err();
        assert_eq!(err, PaymentError::ZeroPayment {});
    }

    #[test]
    fn cw20_payment_only_from_the_configured_token() {
        let api = MockApi::default();
        let token = api.addr_make("bandcoin");
        let fake = api.addr_make("fakecoin");
        let buyer = api.addr_make("buyer");
        let asset = Asset::Cw20 {
            contract: token.clone(),
        };
        let receive = Cw20ReceiveMsg {
            sender: buyer.to_string(),
            amount: Uint128::new(7),
            msg: Default::default(),
        };
        let paid = asset
            .cw20_payment(&message_info(&token, &[]), &receive, &api)
            .unwrap();
        assert_eq!(
            paid,
            Paid {
                payer: buyer,
                amount: Uint128::new(7)
            }
        );

        let err = asset
            .cw20_payment(&message_info(&fake, &[]), &receive, &api)
            .unwrap_err();
        assert_eq!(
            err,
            PaymentError::UnknownToken {
                sender: fake.to_string(),
                expected: token.to_string()
            }
        );
        let err = native()
            .cw20_payment(&message_info(&token, &[]), &receive, &api)
            .unwrap_err();
        assert!(matches!(err, PaymentError::WrongAsset { .. }));
        let err = asset
            .native_payment(&message_info(&token, &coins(1, "uband")))
            .unwrap_err();
        assert!(matches!(err, PaymentError::WrongAsset { .. }));
        let zero = Cw20ReceiveMsg {
            amount: Uint128::zero(),
            ..receive
        };
        let err = asset
            .cw20_payment(&message_info(&token, &[]), &zero, &api)
            .unwrap_err();
        assert_eq!(err, PaymentError::ZeroPayment {});
    }

    #[test]
    fn exact_amount_is_enforced() {
        let paid = Paid {
            payer: Addr::unchecked("a"),
            amount: Uint128::new(10),
        };
        assert_eq!(paid.expect_exact(Uint128::new(10)), Ok(()));
        assert_eq!(
            paid.expect_exact(Uint128::new(11)),
            Err(PaymentError::WrongAmount {
                expected: Uint128::new(11),
                received: Uint128::new(10)
            })
        );
    }

    #[test]
    fn pay_out_never_sends_zero_and_handles_both_kinds() {
        let api = MockApi::default();
        let to = api.addr_make("provider");
        assert_eq!(native().pay(&to, Uint128::zero()).unwrap(), None);
        match native().pay(&to, Uint128::new(3)).unwrap().unwrap() {
            CosmosMsg::Bank(BankMsg::Send { to_address, amount }) => {
                assert_eq!(to_address, to.to_string());
                assert_eq!(amount, coins(3, "uband"));
            }
            other => panic!("unexpected {other:?}"),
        }
        let token = api.addr_make("bandcoin");
        let asset = Asset::Cw20 {
            contract: token.clone(),
        };
        match asset.pay(&to, Uint128::new(9)).unwrap().unwrap() {
            CosmosMsg::Wasm(WasmMsg::Execute {
                contract_addr,
                msg,
                funds,
            }) => {
                assert_eq!(contract_addr, token.to_string());
                assert!(funds.is_empty());
                let parsed: Cw20ExecuteMsg = from_json(msg).unwrap();
                assert_eq!(
                    parsed,
                    Cw20ExecuteMsg::Transfer {
                        recipient: to.to_string(),
                        amount: Uint128::new(9)
                    }
                );
            }
            other => panic!("unexpected {other:?}"),
        }
        assert_eq!(asset.coins(Uint128::new(9)), vec![]);
        assert_eq!(native().coins(Uint128::new(9)), coins(9, "uband"));
        assert_eq!(native().coins(Uint128::zero()), vec![]);
    }

    #[test]
    fn unchecked_asset_validates_address_and_denom() {
        let api = MockApi::default();
        let good = api.addr_make("bandcoin");
        assert_eq!(
            AssetUnchecked::Cw20 {
                contract: good.to_string()
            }
            .check(&api)
            .unwrap(),
            Asset::Cw20 { contract: good }
        );
        assert!(AssetUnchecked::Cw20 {
            contract: "not an address".into()
        }
        .check(&api)
        .is_err());
        assert!(AssetUnchecked::Native { denom: "".into() }
            .check(&api)
            .is_err());
    }

    #[test]
    fn direct_payment_in_cw20_comes_from_the_allowance_and_takes_no_funds() {
        let api = MockApi::default();
        let buyer = api.addr_make("buyer");
        let provider = api.addr_make("provider");
        let token = Asset::Cw20 {
            contract: api.addr_make("bandcoin"),
        };
        let paid = token
            .direct_payment(&message_info(&buyer, &[]), Uint128::new(7))
            .unwrap();
        assert_eq!(
            paid,
            Paid {
                payer: buyer.clone(),
                amount: Uint128::new(7)
            }
        );
        let Some(CosmosMsg::Wasm(WasmMsg::Execute {
            contract_addr,
            msg,
            funds,
        })) = token.pay_from(&paid, &provider, Uint128::new(7)).unwrap()
        else {
            panic!("expected a cw20 TransferFrom");
        };
        assert_eq!(contract_addr, api.addr_make("bandcoin").to_string());
        assert!(funds.is_empty());
        assert_eq!(
            from_json::<Cw20ExecuteMsg>(&msg).unwrap(),
            Cw20ExecuteMsg::TransferFrom {
                owner: buyer.to_string(),
                recipient: provider.to_string(),
                amount: Uint128::new(7)
            }
        );
        assert_eq!(
            token.pay_from(&paid, &provider, Uint128::zero()).unwrap(),
            None
        );
        assert_eq!(
            token
                .direct_payment(&message_info(&buyer, &coins(7, "uband")), Uint128::new(7))
                .unwrap_err(),
            PaymentError::UnexpectedFunds {}
        );
        assert_eq!(
            token
                .direct_payment(&message_info(&buyer, &[]), Uint128::zero())
                .unwrap_err(),
            PaymentError::ZeroPayment {}
        );
    }

    #[test]
    fn direct_payment_in_a_native_coin_is_the_attached_funds() {
        let api = MockApi::default();
        let buyer = api.addr_make("buyer");
        let info = message_info(&buyer, &coins(5, "uband"));
        let paid = native().direct_payment(&info, Uint128::new(99)).unwrap();
        assert_eq!(paid.amount, Uint128::new(5));
        let provider = api.addr_make("provider");
        assert_eq!(
            native()
                .pay_from(&paid, &provider, Uint128::new(5))
                .unwrap(),
            native().pay(&provider, Uint128::new(5)).unwrap()
        );
    }
}
