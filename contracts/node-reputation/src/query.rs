//! One function per query message.

use cosmwasm_std::{to_json_binary, Addr, Binary, Deps, Env, Order, StdError, StdResult};
use cw_storage_plus::Bound;
use spectrum_types::node_reputation::{
    AddressesResponse, ApplicationResponse, ApplicationStatus, ApplicationsResponse,
    ConfigResponse, NodeResponse, NodeScore, PairResponse, QualificationResponse, QueryMsg,
    TopNodesResponse,
};
use spectrum_types::pagination::{clamp_limit, page, start_after_addr};

use crate::score::{eq5, inverse_score, node_score};
use crate::state::{
    Application, Node, APPLICATIONS, APPLICATIONS_BY_STATUS, AUTHORIZED, AUTHORIZED_COUNT, CONFIG,
    NODES, PAIRS, REPORTERS, REPORTER_COUNT, TOP_NODES,
};

pub fn query(deps: Deps, env: Env, msg: QueryMsg) -> StdResult<Binary> {
    let now = env.block.time.seconds();
    match msg {
        QueryMsg::Config {} => to_json_binary(&query_config(deps)?),
        QueryMsg::Qualification { address } => {
            to_json_binary(&query_qualification(deps, now, address)?)
        }
        QueryMsg::Node { address } => to_json_binary(&query_node(deps, now, address)?),
        QueryMsg::Application { address } => {
            let addr = deps.api.addr_validate(&address)?;
            let app = APPLICATIONS.load(deps.storage, &addr)?;
            to_json_binary(&application_response(addr, app, now))
        }
        QueryMsg::Applications {
            status,
            start_after,
            limit,
        } => to_json_binary(&query_applications(deps, now, status, start_after, limit)?),
        QueryMsg::Pair { operator, node } => to_json_binary(&query_pair(deps, operator, node)?),
        QueryMsg::TopNodes { start_after, limit } => {
            to_json_binary(&query_top_nodes(deps, start_after, limit)?)
        }
        QueryMsg::Reporters { start_after, limit } => {
            to_json_binary(&list_addresses(deps, &REPORTERS, start_after, limit)?)
        }
        QueryMsg::Authorized { start_after, limit } => {
            to_json_binary(&list_addresses(deps, &AUTHORIZED, start_after, limit)?)
        }
        QueryMsg::Ownership {} => to_json_binary(&cw_ownable::get_ownership(deps.storage)?),
    }
}

fn query_config(deps: Deps) -> StdResult<ConfigResponse> {
    let config = CONFIG.load(deps.storage)?;
    Ok(ConfigResponse {
        admin: cw_ownable::get_ownership(deps.storage)?.owner,
        quorum: config.quorum,
        application_expiry_seconds: config.application_expiry_seconds,
        phi: config.phi,
        threshold: config.threshold,
        min_interactions: config.min_interactions,
        operator_interval_seconds: config.operator_interval_seconds,
        authorized_count: AUTHORIZED_COUNT.load(deps.storage)?,
        reporter_count: REPORTER_COUNT.load(deps.storage)?,
    })
}

fn load_node(deps: Deps, address: &str) -> StdResult<(Addr, Node)> {
    let addr = deps.api.addr_validate(address)?;
    let node = NODES.may_load(deps.storage, &addr)?.unwrap_or_default();
    Ok((addr, node))
}

fn query_qualification(deps: Deps, now: u64, address: String) -> StdResult<QualificationResponse> {
    let resp = query_node(deps, now, address)?;
    Ok(QualificationResponse {
        qualified: resp.status == spectrum_types::node_reputation::NodeStatus::Approved,
        score: resp.score,
        status: resp.status,
    })
}

fn query_node(deps: Deps, now: u64, address: String) -> StdResult<NodeResponse> {
    let config = CONFIG.load(deps.storage)?;
    let (address, node) = load_node(deps, &address)?;
    let (reputation, score) = node_score(
        node.trusted_sum,
        node.indefinite_sum,
        node.raters,
        config.phi,
    )?;
    Ok(NodeResponse {
        address,
        status: node.status_at(now),
        kind: node.kind,
        score,
        reputation,
        raters: node.raters,
        trusted_sum: node.trusted_sum,
        indefinite_sum: node.indefinite_sum,
        positive: node.positive,
        negative: node.negative,
    })
}

fn application_response(applicant: Addr, app: Application, now: u64) -> ApplicationResponse {
    ApplicationResponse {
        applicant,
        kind: app.kind,
        status: app.status_at(now),
        metadata: app.metadata,
        submitted_at: app.submitted_at,
        expires_at: app.expires_at,
        approvals: app.approvals,
        rejections: app.rejections,
    }
}

fn query_applications(
    deps: Deps,
    now: u64,
    status: Option<ApplicationStatus>,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<ApplicationsResponse> {
    let limit = clamp_limit(limit);
    let start = start_after
        .map(|a| deps.api.addr_validate(&a))
        .transpose()?;
    let Some(status) = status else {
        let applications = APPLICATIONS
            .range(
                deps.storage,
                start.as_ref().map(Bound::exclusive),
                None,
                Order::Ascending,
            )
            .take(limit)
            .map(|item| item.map(|(addr, app)| application_response(addr, app, now)))
            .collect::<StdResult<_>>()?;
        return Ok(ApplicationsResponse { applications });
    };
    // Index keys: (code, expires_at if pending else 0, applicant). Pending applications
    // are ordered by expiry, so "still open" and "expired" are two key ranges split at now.
    let (code, pending) = match status {
        ApplicationStatus::Pending | ApplicationStatus::Expired => (0u8, true),
        ApplicationStatus::Approved => (1, false),
        ApplicationStatus::Rejected => (2, false),
    };
    let after = match &start {
        Some(addr) => {
            let at = if pending {
                APPLICATIONS
                    .may_load(deps.storage, addr)?
                    .map(|a| a.expires_at)
                    .unwrap_or(0)
            } else {
                0
            };
            Some((at, addr.clone()))
        }
        None => None,
    };
    let empty = Addr::unchecked("");
    let mut min = after.as_ref().map(|(at, a)| Bound::exclusive((*at, a)));
    let mut max = None;
    if status == ApplicationStatus::Pending {
        // expires_at > now, i.e. keys from (now + 1, "").
        let open_from = now.saturating_add(1);
        if after.as_ref().map_or(true, |(at, _)| *at < open_from) {
            min = Some(Bound::inclusive((open_from, &empty)));
        }
    } else if status == ApplicationStatus::Expired {
        max = Some(Bound::exclusive((now.saturating_add(1), &empty)));
    }
    let applications = APPLICATIONS_BY_STATUS
        .sub_prefix(code)
        .keys(deps.storage, min, max, Order::Ascending)
        .take(limit)
        .map(|key| {
            let (_, addr) = key?;
            let app = APPLICATIONS.load(deps.storage, &addr)?;
            Ok(application_response(addr, app, now))
        })
        .collect::<StdResult<_>>()?;
    Ok(ApplicationsResponse { applications })
}

fn query_pair(deps: Deps, operator: String, node: String) -> StdResult<PairResponse> {
    let operator = deps.api.addr_validate(&operator)?;
    let node = deps.api.addr_validate(&node)?;
    let pair = PAIRS
        .may_load(deps.storage, (&node, &operator))?
        .unwrap_or_default();
    let e = eq5(pair.positive, pair.negative, pair.quality_sum)?;
    Ok(PairResponse {
        operator,
        node,
        positive: pair.positive,
        negative: pair.negative,
        quality: e.quality,
        trusted: e.trusted,
        untrusted: e.untrusted,
        indefinite: e.indefinite,
        last_operator_record_at: pair.last_operator_record_at,
    })
}

fn query_top_nodes(
    deps: Deps,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<TopNodesResponse> {
    let config = CONFIG.load(deps.storage)?;
    let score = |node: &Node| -> StdResult<_> {
        node_score(
            node.trusted_sum,
            node.indefinite_sum,
            node.raters,
            config.phi,
        )
        .map(|(_, s)| s)
    };
    let after = match start_after {
        Some(a) => {
            let (addr, node) = load_node(deps, &a)?;
            Some((inverse_score(score(&node)?), addr))
        }
        None => None,
    };
    let start = after.as_ref().map(|(inv, a)| (*inv, a));
    let nodes = page(start, limit, |min, order| {
        TOP_NODES.keys(deps.storage, min, None, order)
    })
    .map(|key| {
        let (_, address) = key?;
        let node = NODES.load(deps.storage, &address)?;
        Ok(NodeScore {
            score: score(&node)?,
            raters: node.raters,
            address,
        })
    })
    .collect::<StdResult<_>>()?;
    Ok(TopNodesResponse { nodes })
}

fn list_addresses(
    deps: Deps,
    map: &cw_storage_plus::Map<&Addr, ()>,
    start_after: Option<String>,
    limit: Option<u32>,
) -> StdResult<AddressesResponse> {
    let start = start_after_addr(deps.api, start_after)?;
    let addresses = page(start.as_ref(), limit, |min, order| {
        map.keys(deps.storage, min, None, order)
    })
    .collect::<StdResult<_>>()
    .map_err(|e: StdError| e)?;
    Ok(AddressesResponse { addresses })
}
