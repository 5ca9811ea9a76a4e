//! Direct reads from the node's CometBFT RPC over plain HTTP, with no process started:
//! smart queries (`abci_query` on `/cosmwasm.wasm.v1.Query/SmartContractState` with a
//! hand-encoded protobuf request), the latest height (`/status`) and a transaction's
//! result (`/tx?hash=0x…`). Signing and broadcasting stay with the `wasmd` binary.
//!
//! The client is `std::net` and HTTP/1.0 (the server closes the connection after one
//! answer, so no chunked bodies and no keep-alive): no TLS, so an `https://` node is read
//! through `wasmd` instead (see [`Rpc::for_node`]).

use std::io::{Read, Write};
use std::net::{TcpStream, ToSocketAddrs};
use std::time::Duration;

use base64::engine::general_purpose::STANDARD as B64;
use base64::Engine;
use serde_json::Value;

/// The gRPC path of a smart query, as the node's ABCI query router knows it.
pub const SMART_QUERY_PATH: &str = "/cosmwasm.wasm.v1.Query/SmartContractState";

/// How long to wait for a connection to the node.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(5);
/// How long to wait for an answer.
const READ_TIMEOUT: Duration = Duration::from_secs(30);

/// Why an RPC read failed.
#[derive(Debug, PartialEq)]
pub enum RpcError {
    /// No answer: the node is down, unreachable, or answered no HTTP.
    Unreachable(String),
    /// The node answered with an error (`code != 0` of a query, or a JSON-RPC error): its log.
    Refused(String),
}

/// A node's RPC endpoint reached over plain HTTP.
#[derive(Clone, Debug, PartialEq)]
pub struct Rpc {
    /// `host:port`.
    pub host_port: String,
    /// Path prefix of the RPC (empty for a bare node).
    pub prefix: String,
}

impl Rpc {
    /// The plain-HTTP endpoint of a `--node` (`tcp://h:p`, `http://h:p[/prefix]`, `h:p`);
    /// `None` for `https://`, which this client cannot speak.
    pub fn for_node(node: &str) -> Option<Rpc> {
        if node.starts_with("https://") {
            return None;
        }
        let rest = node
            .strip_prefix("tcp://")
            .or_else(|| node.strip_prefix("http://"))
            .unwrap_or(node);
        let (host_port, prefix) = match rest.find('/') {
            Some(i) => (&rest[..i], rest[i..].trim_end_matches('/')),
            None => (rest, ""),
        };
        let host_port = if host_port.contains(':') {
            host_port.to_string()
        } else {
            format!("{host_port}:80")
        };
        Some(Rpc {
            host_port,
            prefix: prefix.to_string(),
        })
    }

    /// The JSON-RPC `result` of `GET /{method}?{query}`.
    fn call(&self, method: &str, query: &str) -> Result<Value, RpcError> {
        let path = format!("{}/{method}?{query}", self.prefix);
        let body = http_get(&self.host_port, &path).map_err(RpcError::Unreachable)?;
        let v: Value = serde_json::from_slice(&body).map_err(|e| {
            RpcError::Unreachable(format!(
                "the node answered no JSON-RPC ({e}): {}",
                String::from_utf8_lossy(&body[..body.len().min(200)])
            ))
        })?;
        if let Some(err) = v.get("error").filter(|e| !e.is_null()) {
            let data = err["data"].as_str().unwrap_or_default();
            let msg = err["message"].as_str().unwrap_or_default();
            return Err(RpcError::Refused(
                format!("{msg} {data}").trim().to_string(),
            ));
        }
        Ok(v["result"].clone())
    }

    /// A smart query of `contract`: the contract's JSON answer as bytes.
    pub fn smart_query(&self, contract: &str, query_json: &[u8]) -> Result<Vec<u8>, RpcError> {
        let data = encode_smart_query(contract, query_json);
        let q = format!(
            "path=%22{}%22&data=0x{}",
            SMART_QUERY_PATH,
            crate::keys::hex_encode(&data)
        );
        let r = self.call("abci_query", &q)?;
        let resp = &r["response"];
        if resp["code"].as_u64().unwrap_or(0) != 0 {
            return Err(RpcError::Refused(
                resp["log"].as_str().unwrap_or("query refused").to_string(),
            ));
        }
        let value = B64
            .decode(resp["value"].as_str().unwrap_or_default())
            .map_err(|e| RpcError::Unreachable(format!("abci_query value is no base64: {e}")))?;
        decode_bytes_field(&value, 1)
            .map(<[u8]>::to_vec)
            .ok_or_else(|| {
                RpcError::Unreachable("abci_query answer is no smart-query response".into())
            })
    }

    /// The latest block height.
    pub fn height(&self) -> Result<u64, RpcError> {
        let r = self.call("status", "")?;
        r["sync_info"]["latest_block_height"]
            .as_str()
            .and_then(|h| h.parse().ok())
            .ok_or_else(|| RpcError::Unreachable(format!("status without a height: {r}")))
    }

    /// A committed transaction's result (`height`, `tx_result` with code, log, gas and
    /// events), or `None` while it is not in a block.
    pub fn tx(&self, hash_hex: &str) -> Result<Option<Value>, RpcError> {
        match self.call("tx", &format!("hash=0x{hash_hex}")) {
            Ok(v) => Ok(Some(v)),
            Err(RpcError::Refused(m)) if m.contains("not found") => Ok(None),
            Err(e) => Err(e),
        }
    }
}

/// One HTTP/1.0 GET; the body of a 2xx or 5xx answer (CometBFT puts JSON-RPC errors in
/// 500 answers), else an error naming the status.
fn http_get(host_port: &str, path: &str) -> Result<Vec<u8>, String> {
    let mut s = connect(host_port)?;
    s.set_read_timeout(Some(READ_TIMEOUT)).ok();
    s.set_nodelay(true).ok();
    let req =
        format!("GET {path} HTTP/1.0\r\nHost: {host_port}\r\nAccept: application/json\r\n\r\n");
    s.write_all(req.as_bytes()).map_err(|e| e.to_string())?;
    let mut raw = vec![];
    s.read_to_end(&mut raw).map_err(|e| e.to_string())?;
    let split = raw
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .ok_or("the answer has no HTTP header")?;
    let head = String::from_utf8_lossy(&raw[..split]);
    let status: u16 = head
        .split_whitespace()
        .nth(1)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| format!("not an HTTP answer: {}", head.lines().next().unwrap_or("")))?;
    if !(200..300).contains(&status) && status != 500 {
        return Err(format!("HTTP {status} for {path}"));
    }
    let body = raw[split + 4..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        return dechunk(&body).ok_or_else(|| "a broken chunked body".to_string());
    }
    Ok(body)
}

/// A connection to the first address of `host_port` that accepts one (`localhost` may
/// resolve to `::1` before `127.0.0.1`, where the node listens).
fn connect(host_port: &str) -> Result<TcpStream, String> {
    let addrs = host_port
        .to_socket_addrs()
        .map_err(|e| format!("{host_port}: {e}"))?;
    let mut last = format!("{host_port}: no address");
    for addr in addrs {
        match TcpStream::connect_timeout(&addr, CONNECT_TIMEOUT) {
            Ok(s) => return Ok(s),
            Err(e) => last = e.to_string(),
        }
    }
    Err(last)
}

/// The body of a chunked transfer.
fn dechunk(mut b: &[u8]) -> Option<Vec<u8>> {
    let mut out = vec![];
    loop {
        let eol = b.windows(2).position(|w| w == b"\r\n")?;
        let size_text = std::str::from_utf8(&b[..eol]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        b = &b[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(b.get(..size)?);
        b = b.get(size + 2..)?;
    }
}

/// Appends a protobuf varint.
fn put_varint(out: &mut Vec<u8>, mut v: u64) {
    while v >= 0x80 {
        out.push((v as u8) | 0x80);
        v >>= 7;
    }
    out.push(v as u8);
}

/// Appends a length-delimited protobuf field.
fn put_bytes_field(out: &mut Vec<u8>, field: u32, bytes: &[u8]) {
    put_varint(out, ((field as u64) << 3) | 2);
    put_varint(out, bytes.len() as u64);
    out.extend_from_slice(bytes);
}

/// `QuerySmartContractStateRequest { address = 1; query_data = 2 }`.
pub fn encode_smart_query(contract: &str, query_json: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(contract.len() + query_json.len() + 8);
    put_bytes_field(&mut out, 1, contract.as_bytes());
    put_bytes_field(&mut out, 2, query_json);
    out
}

/// Reads a varint at the start of `b`: the value and its length.
fn get_varint(b: &[u8]) -> Option<(u64, usize)> {
    let mut v = 0u64;
    for (i, byte) in b.iter().enumerate().take(10) {
        v |= ((byte & 0x7f) as u64) << (7 * i);
        if byte & 0x80 == 0 {
            return Some((v, i + 1));
        }
    }
    None
}

/// The first length-delimited field `field` of a protobuf message (other fields skipped).
pub fn decode_bytes_field(mut b: &[u8], field: u32) -> Option<&[u8]> {
    while !b.is_empty() {
        let (tag, n) = get_varint(b)?;
        b = &b[n..];
        let len = match tag & 7 {
            0 => get_varint(b)?.1,
            1 => 8,
            5 => 4,
            2 => {
                let (l, n) = get_varint(b)?;
                b = &b[n..];
                if tag >> 3 == field as u64 {
                    return b.get(..l as usize);
                }
                l as usize
            }
            _ => return None,
        };
        b = b.get(len..)?;
    }
    // An empty answer (all fields default) has no field at all.
    (field == 1).then_some(&[][..])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_smart_query_request_is_two_length_delimited_fields() {
        let enc = encode_smart_query("wasm1c", br#"{"config":{}}"#);
        let mut want = vec![0x0a, 6];
        want.extend_from_slice(b"wasm1c");
        want.extend_from_slice(&[0x12, 13]);
        want.extend_from_slice(br#"{"config":{}}"#);
        assert_eq!(enc, want);
        assert_eq!(decode_bytes_field(&enc, 2), Some(&br#"{"config":{}}"#[..]));
        assert_eq!(decode_bytes_field(&enc, 1), Some(&b"wasm1c"[..]));
        // a 300-byte field needs a two-byte length
        let long = vec![b'x'; 300];
        let enc = encode_smart_query("a", &long);
        assert_eq!(&enc[3..6], &[0x12, 0xac, 0x02]);
        assert_eq!(decode_bytes_field(&enc, 2), Some(&long[..]));
    }

    #[test]
    fn node_urls_map_to_plain_http_endpoints() {
        let r = Rpc::for_node("tcp://127.0.0.1:26657").unwrap();
        assert_eq!(
            (r.host_port.as_str(), r.prefix.as_str()),
            ("127.0.0.1:26657", "")
        );
        let r = Rpc::for_node("http://rpc.example:8080/rpc/").unwrap();
        assert_eq!(
            (r.host_port.as_str(), r.prefix.as_str()),
            ("rpc.example:8080", "/rpc")
        );
        assert_eq!(
            Rpc::for_node("localhost").unwrap().host_port,
            "localhost:80"
        );
        assert_eq!(Rpc::for_node("https://rpc.example:443"), None);
    }

    #[test]
    fn chunked_bodies_are_reassembled() {
        assert_eq!(
            dechunk(b"4\r\n{\"a\"\r\n3\r\n:1}\r\n0\r\n\r\n").unwrap(),
            b"{\"a\":1}"
        );
        assert_eq!(dechunk(b"9\r\nshort"), None);
    }

    #[test]
    fn a_dead_node_is_unreachable() {
        // port 1 on loopback: nothing listens there
        let r = Rpc::for_node("tcp://127.0.0.1:1").unwrap();
        assert!(matches!(r.height(), Err(RpcError::Unreachable(_))));
    }
}
