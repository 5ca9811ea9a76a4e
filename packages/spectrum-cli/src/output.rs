//! Readable output: a summary of `key: value` lines, lists as tables, Hz and bands in
//! human units. `--json` prints the JSON itself.

use serde_json::Value;

use crate::units::{fmt_band, fmt_hz};

fn scalar(key: &str, v: &Value) -> String {
    let as_u64 = v
        .as_u64()
        .or_else(|| v.as_str().and_then(|s| s.parse().ok()));
    match v {
        Value::Object(o) if o.contains_key("from_hz") && o.contains_key("to_hz") => {
            match (o["from_hz"].as_u64(), o["to_hz"].as_u64()) {
                (Some(from_hz), Some(to_hz)) => fmt_band(&spectrum_types::Band { from_hz, to_hz }),
                _ => v.to_string(),
            }
        }
        _ if key.ends_with("_hz") && as_u64.is_some() => fmt_hz(as_u64.expect("some")),
        Value::String(s) => s.clone(),
        Value::Null => "-".into(),
        other => other.to_string(),
    }
}

fn is_flat(v: &Value) -> bool {
    match v {
        Value::Object(o) => o.contains_key("from_hz") && o.contains_key("to_hz"),
        Value::Array(a) => a.iter().all(|x| !x.is_object() && !x.is_array()),
        _ => true,
    }
}

fn table(rows: &[Value], indent: usize, out: &mut String) {
    let mut cols: Vec<String> = vec![];
    for r in rows {
        if let Value::Object(o) = r {
            for (k, v) in o {
                if is_flat(v) && !cols.contains(k) {
                    cols.push(k.clone());
                }
            }
        }
    }
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            cols.iter()
                .map(|c| r.get(c).map(|v| cell(c, v)).unwrap_or_default())
                .collect()
        })
        .collect();
    let widths: Vec<usize> = cols
        .iter()
        .enumerate()
        .map(|(i, c)| {
            cells
                .iter()
                .map(|r| r[i].chars().count())
                .chain([c.len()])
                .max()
                .unwrap_or(0)
        })
        .collect();
    let pad = " ".repeat(indent);
    let line = |vals: Vec<&str>| {
        vals.iter()
            .zip(&widths)
            .map(|(v, w)| format!("{v:<w$}"))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    out.push_str(&format!(
        "{pad}{}\n",
        line(cols.iter().map(String::as_str).collect())
    ));
    for r in &cells {
        out.push_str(&format!(
            "{pad}{}\n",
            line(r.iter().map(String::as_str).collect())
        ));
    }
}

fn cell(key: &str, v: &Value) -> String {
    match v {
        Value::Array(a) => a
            .iter()
            .map(|x| scalar(key, x))
            .collect::<Vec<_>>()
            .join(","),
        _ => scalar(key, v),
    }
}

fn render_into(v: &Value, indent: usize, out: &mut String) {
    let pad = " ".repeat(indent);
    match v {
        Value::Object(o) => {
            let width = o.keys().map(String::len).max().unwrap_or(0);
            for (k, x) in o {
                match x {
                    Value::Array(a) if a.iter().any(Value::is_object) => {
                        out.push_str(&format!("{pad}{k}: ({} entries)\n", a.len()));
                        table(a, indent + 2, out);
                    }
                    Value::Object(_) if !is_flat(x) => {
                        out.push_str(&format!("{pad}{k}:\n"));
                        render_into(x, indent + 2, out);
                    }
                    _ => out.push_str(&format!("{pad}{k:<width$}  {}\n", cell(k, x))),
                }
            }
        }
        Value::Array(a) if a.iter().any(Value::is_object) => table(a, indent, out),
        other => out.push_str(&format!("{pad}{}\n", cell("", other))),
    }
}

/// The readable rendering of a command's JSON.
pub fn render(v: &Value) -> String {
    let mut out = String::new();
    render_into(v, 0, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_summaries_and_tables_in_human_units() {
        let v = serde_json::json!({
            "offer_id": 7, "band": {"from_hz": 3_550_000_000u64, "to_hz": 3_560_000_000u64},
            "bandwidth_hz": 5_000_000, "qos": {"slice_id": "1"},
            "grants": [{"grant_id": 1, "units": 3}, {"grant_id": 2, "units": 1}]
        });
        let s = render(&v);
        assert!(s.contains("band          3.55GHz..3.56GHz"), "{s}");
        assert!(s.contains("bandwidth_hz  5MHz"), "{s}");
        assert!(
            s.contains("grants: (2 entries)\n  grant_id  units\n  1         3\n"),
            "{s}"
        );
        assert!(s.contains("qos:\n  slice_id  1"), "{s}");
    }
}
