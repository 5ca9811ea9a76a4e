//! One function per execute message.

use cosmwasm_std::{Addr, Decimal, DepsMut, Env, MessageInfo, Response, Storage};
use spectrum_types::node_reputation::{ApplicationStatus, NodeKind, NodeStatus, MAX_METADATA_LEN};
use spectrum_types::{check_count, check_seconds};

use crate::error::ContractError;
use crate::score::{eq5, inverse_score, node_score};
use crate::state::{
    check_fraction, check_quorum, Application, Config, Node, Roster, APPLICATIONS,
    APPLICATIONS_BY_STATUS, AUTHORIZED, CONFIG, NODES, PAIRS, REPORTERS, TOP_NODES,
};

/// The normalised score of `node` under `config`.
pub fn score_of(node: &Node, config: &Config) -> Result<Decimal, ContractError> {
    Ok(node_score(
        node.trusted_sum,
        node.indefinite_sum,
        node.raters,
        config.phi,
    )?
    .1)
}

/// Puts `node` into the TopNodes index with `score`.
fn index_node(store: &mut dyn Storage, addr: &Addr, score: Decimal) -> Result<(), ContractError> {
    TOP_NODES.save(store, (inverse_score(score), addr), &())?;
    Ok(())
}

/// Takes `node` out of the TopNodes index, where it sits with `score`.
fn unindex_node(store: &mut dyn Storage, addr: &Addr, score: Decimal) {
    TOP_NODES.remove(store, (inverse_score(score), addr));
}

pub fn apply(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    kind: NodeKind,
    metadata: String,
) -> Result<Response, ContractError> {
    if metadata.len() > MAX_METADATA_LEN {
        return Err(ContractError::MetadataTooLong {
            len: metadata.len() as u64,
            max: MAX_METADATA_LEN as u64,
        });
    }
    let now = env.block.time.seconds();
    let config = CONFIG.load(deps.storage)?;
    let applicant = info.sender;
    let mut node = NODES
        .may_load(deps.storage, &applicant)?
        .unwrap_or_default();
    match node.status_at(now) {
        NodeStatus::Pending => {
            return Err(ContractError::AlreadyApplied {
                applicant: applicant.to_string(),
                expires_at: node.pending_until.unwrap_or_default(),
            })
        }
        NodeStatus::Approved => {
            return Err(ContractError::AlreadyApproved {
                applicant: applicant.to_string(),
            })
        }
        NodeStatus::Unknown | NodeStatus::Rejected | NodeStatus::Suspended => {}
    }
    // The latest application replaces the previous (decided or expired) one.
    if let Some(old) = APPLICATIONS.may_load(deps.storage, &applicant)? {
        let (code, at) = old.status_key();
        APPLICATIONS_BY_STATUS.remove(deps.storage, (code, at, &applicant));
    }
    let expires_at = now
        .checked_add(config.application_expiry_seconds)
        .ok_or(ContractError::ZeroExpiry {})?;
    let app = Application {
        kind,
        metadata,
        submitted_at: now,
        expires_at,
        approvals: vec![],
        rejections: vec![],
        status: ApplicationStatus::Pending,
    };
    let (code, at) = app.status_key();
    APPLICATIONS_BY_STATUS.save(deps.storage, (code, at, &applicant), &())?;
    APPLICATIONS.save(deps.storage, &applicant, &app)?;
    let previous = node.status;
    node.kind = Some(kind);
    node.status = NodeStatus::Pending;
    node.pending_until = Some(expires_at);
    NODES.save(deps.storage, &applicant, &node)?;
    Ok(Response::new()
        .add_attribute("action", "apply")
        .add_attribute("applicant", applicant)
        .add_attribute("kind", kind.to_string())
        .add_attribute("previous_status", previous.to_string())
        .add_attribute("expires_at", expires_at.to_string()))
}

pub fn vote(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    applicant: String,
    approve: bool,
) -> Result<Response, ContractError> {
    let voter = info.sender;
    if !AUTHORIZED.has(deps.storage, &voter) {
        return Err(ContractError::NotAuthorized {
            sender: voter.to_string(),
        });
    }
    let applicant = deps.api.addr_validate(&applicant)?;
    let now = env.block.time.seconds();
    let config = CONFIG.load(deps.storage)?;
    let mut app = APPLICATIONS
        .may_load(deps.storage, &applicant)?
        .ok_or_else(|| ContractError::NoApplication {
            applicant: applicant.to_string(),
        })?;
    match app.status_at(now) {
        ApplicationStatus::Pending => {}
        ApplicationStatus::Expired => {
            return Err(ContractError::ApplicationExpired {
                applicant: applicant.to_string(),
                expires_at: app.expires_at,
            })
        }
        status => {
            return Err(ContractError::ApplicationClosed {
                applicant: applicant.to_string(),
                status,
            })
        }
    }
    if app.approvals.contains(&voter) || app.rejections.contains(&voter) {
        return Err(ContractError::AlreadyVoted {
            voter: voter.to_string(),
            applicant: applicant.to_string(),
        });
    }
    let (old_code, old_at) = app.status_key();
    if approve {
        app.approvals.push(voter.clone());
    } else {
        app.rejections.push(voter.clone());
    }
    let quorum = config.quorum as usize;
    let decided = if app.approvals.len() >= quorum {
        Some(ApplicationStatus::Approved)
    } else if app.rejections.len() >= quorum {
        Some(ApplicationStatus::Rejected)
    } else {
        None
    };
    let mut resp = Response::new()
        .add_attribute("action", if approve { "approve" } else { "reject" })
        .add_attribute("applicant", applicant.as_str())
        .add_attribute("voter", voter)
        .add_attribute("approvals", app.approvals.len().to_string())
        .add_attribute("rejections", app.rejections.len().to_string());
    if let Some(status) = decided {
        app.status = status;
        APPLICATIONS_BY_STATUS.remove(deps.storage, (old_code, old_at, &applicant));
        let (code, at) = app.status_key();
        APPLICATIONS_BY_STATUS.save(deps.storage, (code, at, &applicant), &())?;
        let mut node = NODES.load(deps.storage, &applicant)?;
        node.pending_until = None;
        node.kind = Some(app.kind);
        node.status = if status == ApplicationStatus::Approved {
            NodeStatus::Approved
        } else {
            NodeStatus::Rejected
        };
        if node.selectable() {
            index_node(deps.storage, &applicant, score_of(&node, &config)?)?;
        }
        NODES.save(deps.storage, &applicant, &node)?;
        resp = resp.add_attribute("decision", status.to_string());
    }
    APPLICATIONS.save(deps.storage, &applicant, &app)?;
    Ok(resp)
}

/// Who may record: a reporter for anyone, an approved operator for itself.
fn check_recorder(
    store: &dyn Storage,
    sender: &Addr,
    operator: &Addr,
    now: u64,
) -> Result<bool, ContractError> {
    if REPORTERS.has(store, sender) {
        return Ok(true);
    }
    if sender == operator {
        if let Some(node) = NODES.may_load(store, sender)? {
            if node.status_at(now) == NodeStatus::Approved && node.kind == Some(NodeKind::Operator)
            {
                return Ok(false);
            }
        }
    }
    Err(ContractError::UnknownReporter {
        sender: sender.to_string(),
    })
}

pub fn record_interaction(
    deps: DepsMut,
    env: Env,
    info: MessageInfo,
    operator: String,
    node: String,
    positive: bool,
    quality: Decimal,
) -> Result<Response, ContractError> {
    if quality > Decimal::one() {
        return Err(ContractError::QualityOutOfRange { quality });
    }
    let operator = deps.api.addr_validate(&operator)?;
    let node_addr = deps.api.addr_validate(&node)?;
    if operator == node_addr {
        return Err(ContractError::SelfRating {
            address: operator.to_string(),
        });
    }
    let now = env.block.time.seconds();
    let config = CONFIG.load(deps.storage)?;
    let by_reporter = check_recorder(deps.storage, &info.sender, &operator, now)?;

    let mut pair = PAIRS
        .may_load(deps.storage, (&node_addr, &operator))?
        .unwrap_or_default();
    if !by_reporter {
        if let Some(last) = pair.last_operator_record_at {
            let next_allowed_at = last.saturating_add(config.operator_interval_seconds);
            if now < next_allowed_at {
                return Err(ContractError::RateLimited {
                    operator: operator.to_string(),
                    node: node_addr.to_string(),
                    next_allowed_at,
                });
            }
        }
        pair.last_operator_record_at = Some(now);
    }

    let mut node = NODES
        .may_load(deps.storage, &node_addr)?
        .unwrap_or_default();
    let old_score = score_of(&node, &config)?;
    let first = pair.positive == 0 && pair.negative == 0;
    // Take the pair's old contribution out of the node's sums, put the new one in.
    let old = eq5(pair.positive, pair.negative, pair.quality_sum)?;
    if positive {
        pair.positive = pair.positive.checked_add(1).ok_or_else(overflow)?;
        node.positive = node.positive.checked_add(1).ok_or_else(overflow)?;
    } else {
        pair.negative = pair.negative.checked_add(1).ok_or_else(overflow)?;
        node.negative = node.negative.checked_add(1).ok_or_else(overflow)?;
    }
    pair.quality_sum = pair.quality_sum.checked_add(quality)?;
    let new = eq5(pair.positive, pair.negative, pair.quality_sum)?;
    if first {
        node.raters = node.raters.checked_add(1).ok_or_else(overflow)?;
    } else {
        node.trusted_sum = node.trusted_sum.checked_sub(old.trusted)?;
        node.indefinite_sum = node.indefinite_sum.checked_sub(old.indefinite)?;
    }
    node.trusted_sum = node.trusted_sum.checked_add(new.trusted)?;
    node.indefinite_sum = node.indefinite_sum.checked_add(new.indefinite)?;
    let new_score = score_of(&node, &config)?;

    let mut resp = Response::new()
        .add_attribute("action", "record_interaction")
        .add_attribute("reporter", info.sender.as_str())
        .add_attribute("operator", operator.as_str())
        .add_attribute("node", node_addr.as_str())
        .add_attribute("positive", positive.to_string())
        .add_attribute("quality", quality.to_string())
        .add_attribute("score", new_score.to_string());

    let was_indexed = node.selectable();
    let interactions = u128::from(node.positive) + u128::from(node.negative);
    if node.status == NodeStatus::Approved
        && interactions >= u128::from(config.min_interactions)
        && new_score < config.threshold
    {
        node.status = NodeStatus::Suspended;
        resp = resp
            .add_attribute("suspended", node_addr.as_str())
            .add_attribute("threshold", config.threshold.to_string());
    }
    if was_indexed {
        unindex_node(deps.storage, &node_addr, old_score);
    }
    if node.selectable() {
        index_node(deps.storage, &node_addr, new_score)?;
    }
    PAIRS.save(deps.storage, (&node_addr, &operator), &pair)?;
    NODES.save(deps.storage, &node_addr, &node)?;
    Ok(resp)
}

fn overflow() -> ContractError {
    cosmwasm_std::OverflowError::new(cosmwasm_std::OverflowOperation::Add).into()
}

/// Adds `address` to `roster` at instantiation (the caller checks who may; the admin's
/// message goes through [`admin_roster`]).
pub fn add_to_roster(deps: DepsMut, roster: Roster, address: &str) -> Result<(), ContractError> {
    let addr = deps.api.addr_validate(address)?;
    roster.add(deps.storage, &addr)
}

/// The admin adds `address` to `roster` (`add`), or removes `address` from `roster`.
pub fn admin_roster(
    deps: DepsMut,
    info: MessageInfo,
    roster: Roster,
    address: String,
    add: bool,
) -> Result<Response, ContractError> {
    cw_ownable::assert_owner(deps.storage, &info.sender)?;
    let addr = deps.api.addr_validate(&address)?;
    let verb = if add {
        roster.add(deps.storage, &addr)?;
        "add"
    } else {
        roster.remove(deps.storage, &addr)?;
        "remove"
    };
    Ok(Response::new()
        .add_attribute("action", roster.action(verb))
        .add_attribute("address", addr))
}

pub fn update_config(
    deps: DepsMut,
    info: MessageInfo,
    quorum: Option<u32>,
    application_expiry_seconds: Option<u64>,
    threshold: Option<Decimal>,
    min_interactions: Option<u64>,
    operator_interval_seconds: Option<u64>,
) -> Result<Response, ContractError> {
    cw_ownable::assert_owner(deps.storage, &info.sender)?;
    let mut config = CONFIG.load(deps.storage)?;
    if let Some(q) = quorum {
        check_quorum(q)?;
        config.quorum = q;
    }
    if let Some(e) = application_expiry_seconds {
        if e == 0 {
            return Err(ContractError::ZeroExpiry {});
        }
        config.application_expiry_seconds = check_seconds("application_expiry_seconds", e)?;
    }
    if let Some(t) = threshold {
        check_fraction("threshold", t)?;
        config.threshold = t;
    }
    if let Some(m) = min_interactions {
        config.min_interactions = check_count("min_interactions", m)?;
    }
    if let Some(i) = operator_interval_seconds {
        config.operator_interval_seconds = check_seconds("operator_interval_seconds", i)?;
    }
    CONFIG.save(deps.storage, &config)?;
    Ok(Response::new()
        .add_attribute("action", "update_config")
        .add_attribute("quorum", config.quorum.to_string())
        .add_attribute(
            "application_expiry_seconds",
            config.application_expiry_seconds.to_string(),
        )
        .add_attribute("threshold", config.threshold.to_string())
        .add_attribute("min_interactions", config.min_interactions.to_string())
        .add_attribute(
            "operator_interval_seconds",
            config.operator_interval_seconds.to_string(),
        ))
}
