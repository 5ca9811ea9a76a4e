//! Pagination shared by every list query: `start_after` is exclusive, `limit`
//! defaults to [`DEFAULT_LIMIT`] and is capped at [`MAX_LIMIT`].

use cosmwasm_std::{Addr, Api, Order, StdResult, Storage};
use cw_storage_plus::{Bound, KeyDeserialize, Map, PrimaryKey};
use serde::{de::DeserializeOwned, Serialize};

/// Items returned when a query names no `limit`.
pub const DEFAULT_LIMIT: u32 = 10;
/// The most items one page returns, whatever `limit` asks for.
pub const MAX_LIMIT: u32 = 30;

/// The number of items to return for a requested `limit`.
pub fn clamp_limit(limit: Option<u32>) -> usize {
    limit.unwrap_or(DEFAULT_LIMIT).min(MAX_LIMIT) as usize
}

/// One page of any ascending range: `range` gets the exclusive lower bound made from
/// `start_after` and the order, and at most [`clamp_limit`]`(limit)` items are taken. It
/// serves maps, their prefixes and their key-only iterators alike:
/// `page(start_after, limit, |min, order| BIDS.prefix(id).range(store, min, None, order))`.
pub fn page<'a, K, I>(
    start_after: Option<K>,
    limit: Option<u32>,
    range: impl FnOnce(Option<Bound<'a, K>>, Order) -> I,
) -> std::iter::Take<I>
where
    K: PrimaryKey<'a>,
    I: Iterator,
{
    range(start_after.map(Bound::exclusive), Order::Ascending).take(clamp_limit(limit))
}

/// A `start_after` address, validated (a list query keyed by address).
pub fn start_after_addr(api: &dyn Api, start_after: Option<String>) -> StdResult<Option<Addr>> {
    start_after.map(|a| api.addr_validate(&a)).transpose()
}

/// One page of `map` in ascending key order, starting after `start_after`.
pub fn paginate<'a, K, V>(
    store: &dyn Storage,
    map: &Map<K, V>,
    start_after: Option<K>,
    limit: Option<u32>,
) -> StdResult<Vec<(K::Output, V)>>
where
    K: PrimaryKey<'a> + KeyDeserialize,
    K::Output: 'static,
    V: Serialize + DeserializeOwned,
{
    page(start_after, limit, |min, order| {
        map.range(store, min, None, order)
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use cosmwasm_std::testing::MockStorage;

    const ITEMS: Map<u64, u64> = Map::new("items");

    #[test]
    fn limit_defaults_and_is_capped() {
        assert_eq!(clamp_limit(None), 10);
        assert_eq!(clamp_limit(Some(3)), 3);
        assert_eq!(clamp_limit(Some(1_000_000)), 30);
        assert_eq!(clamp_limit(Some(0)), 0);
    }

    #[test]
    fn pages_walk_the_map_without_gaps_or_repeats() {
        let mut store = MockStorage::new();
        for i in 1..=45u64 {
            ITEMS.save(&mut store, i, &(i * 10)).unwrap();
        }
        let first = paginate(&store, &ITEMS, None, None).unwrap();
        assert_eq!(first.len(), 10);
        assert_eq!(first[0], (1, 10));
        let second = paginate(&store, &ITEMS, Some(10), Some(100)).unwrap();
        assert_eq!(second.len(), 30);
        assert_eq!(second[0].0, 11);
        let last = paginate(&store, &ITEMS, Some(40), None).unwrap();
        assert_eq!(
            last.iter().map(|(k, _)| *k).collect::<Vec<_>>(),
            vec![41, 42, 43, 44, 45]
        );
        assert!(paginate(&store, &ITEMS, Some(45), None).unwrap().is_empty());
    }

    #[test]
    fn pages_of_keys_and_prefixes() {
        const PAIRS: Map<(u64, u64), ()> = Map::new("pairs");
        let mut store = MockStorage::new();
        for (a, b) in [(1, 1), (1, 2), (1, 3), (2, 1)] {
            PAIRS.save(&mut store, (a, b), &()).unwrap();
        }
        let keys: Vec<u64> = page(Some(1), Some(5), |min, order| {
            PAIRS.prefix(1).keys(&store, min, None, order)
        })
        .collect::<StdResult<_>>()
        .unwrap();
        assert_eq!(keys, vec![2, 3]);
    }
}
