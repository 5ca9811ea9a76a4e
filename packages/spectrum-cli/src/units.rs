//! Human units: frequencies (`5MHz`), bands (`3550MHz..3560MHz`), durations (`1h30m`),
//! token amounts (`12.5BAND`), epochs (`7`, `now+3`) and times (`1767225600`, `now+10m`).
//!
//! Every parser returns a plain `String` error that names the input and what was wanted;
//! the command line turns it into exit code 2 before anything is signed.

use cosmwasm_std::Uint128;
use spectrum_types::Band;

/// Splits `12.5MHz` into (`12.5`, `MHz`).
fn split_number(s: &str) -> (&str, &str) {
    let end = s
        .find(|c: char| !(c.is_ascii_digit() || c == '.' || c == '_'))
        .unwrap_or(s.len());
    (&s[..end], s[end..].trim())
}

/// An exact decimal `int.frac` scaled by `10^scale`; refuses more than `scale` decimals.
fn scaled(number: &str, scale: u32, what: &str) -> Result<u128, String> {
    let number = number.replace('_', "");
    let (int, frac) = match number.split_once('.') {
        Some((i, f)) => (i, f),
        None => (number.as_str(), ""),
    };
    if int.is_empty() && frac.is_empty()
        || !int.chars().all(|c| c.is_ascii_digit())
        || !frac.chars().all(|c| c.is_ascii_digit())
        || (number.contains('.') && frac.is_empty())
    {
        return Err(format!("{what}: `{number}` is not a number"));
    }
    let frac = frac.trim_end_matches('0');
    if frac.len() > scale as usize {
        return Err(format!(
            "{what}: `{number}` has {} decimals, at most {scale} are possible here",
            frac.len()
        ));
    }
    let int: u128 = if int.is_empty() {
        0
    } else {
        int.parse()
            .map_err(|_| format!("{what}: `{number}` is too large"))?
    };
    let frac_val: u128 = if frac.is_empty() {
        0
    } else {
        frac.parse().expect("digits")
    };
    let pow = 10u128
        .checked_pow(scale)
        .ok_or_else(|| format!("{what}: scale too large"))?;
    int.checked_mul(pow)
        .and_then(|v| v.checked_add(frac_val * 10u128.pow(scale - frac.len() as u32)))
        .ok_or_else(|| format!("{what}: `{number}` is too large"))
}

/// A frequency or bandwidth: `20MHz`, `2.5GHz`, `800kHz`, `5000Hz`, `5000` (Hz).
/// Units are case-insensitive; the result must be a whole number of Hz.
pub fn parse_hz(s: &str) -> Result<u64, String> {
    let s = s.trim();
    let (num, unit) = split_number(s);
    let scale = match unit.to_ascii_lowercase().as_str() {
        "" | "hz" => 0,
        "khz" => 3,
        "mhz" => 6,
        "ghz" => 9,
        "thz" => 12,
        _ => {
            return Err(format!(
                "frequency `{s}`: unknown unit `{unit}` (use Hz, kHz, MHz, GHz or THz)"
            ))
        }
    };
    let hz = scaled(num, scale, &format!("frequency `{s}`"))?;
    u64::try_from(hz).map_err(|_| format!("frequency `{s}` is too large"))
}

/// A band `FROM..TO` (`3550MHz..3560MHz`; a unit on the upper edge only applies to both:
/// `3550..3560MHz`). Refuses from ≥ to.
pub fn parse_band(s: &str) -> Result<Band, String> {
    let (a, b) = s
        .split_once("..")
        .ok_or_else(|| format!("band `{s}`: expected FROM..TO, e.g. 3550MHz..3560MHz"))?;
    let (a, b) = (a.trim(), b.trim());
    let a_has_unit = !split_number(a).1.is_empty();
    let unit = split_number(b).1;
    let from = if a_has_unit || unit.is_empty() {
        parse_hz(a)?
    } else {
        parse_hz(&format!("{a}{unit}"))?
    };
    let to = parse_hz(b)?;
    Band::new(from, to).map_err(|e| format!("band `{s}`: {e}"))
}

/// Formats Hz in the largest unit that keeps it exact: `20MHz`, `2.5GHz`, `7Hz`.
pub fn fmt_hz(hz: u64) -> String {
    for (scale, unit) in [(9u32, "GHz"), (6, "MHz"), (3, "kHz")] {
        let p = 10u64.pow(scale);
        if hz >= p {
            return format!("{}{unit}", fmt_scaled(hz as u128, scale));
        }
    }
    format!("{hz}Hz")
}

/// A band as `3.55GHz..3.56GHz`.
pub fn fmt_band(b: &Band) -> String {
    format!("{}..{}", fmt_hz(b.from_hz), fmt_hz(b.to_hz))
}

/// `value / 10^scale` exactly, without trailing zeros: 12500000, 6 → `12.5`.
pub fn fmt_scaled(value: u128, scale: u32) -> String {
    let p = 10u128.pow(scale);
    let (int, frac) = (value / p, value % p);
    if frac == 0 {
        return int.to_string();
    }
    let frac = format!("{frac:0width$}", width = scale as usize);
    format!("{int}.{}", frac.trim_end_matches('0'))
}

/// A duration: `1h30m`, `2h`, `90s`, `1d`, `1w`, `45` (seconds); parts add up.
pub fn parse_duration(s: &str) -> Result<u64, String> {
    let t = s.trim();
    if t.is_empty() {
        return Err("duration: empty".into());
    }
    if t.chars().all(|c| c.is_ascii_digit()) {
        return t
            .parse()
            .map_err(|_| format!("duration `{s}` is too large"));
    }
    let mut total: u64 = 0;
    let mut rest = t;
    while !rest.is_empty() {
        let digits = rest
            .find(|c: char| !c.is_ascii_digit())
            .unwrap_or(rest.len());
        if digits == 0 {
            return Err(format!(
                "duration `{s}`: expected a number before `{rest}` (e.g. 1h30m, 90s, 2d)"
            ));
        }
        let n: u64 = rest[..digits]
            .parse()
            .map_err(|_| format!("duration `{s}` is too large"))?;
        rest = &rest[digits..];
        let unit_len = rest
            .find(|c: char| c.is_ascii_digit())
            .unwrap_or(rest.len());
        let mult = match &rest[..unit_len] {
            "s" => 1,
            "m" | "min" => 60,
            "h" => 3_600,
            "d" => 86_400,
            "w" => 604_800,
            "" => {
                return Err(format!(
                    "duration `{s}`: a unit is missing after {n} (s, m, h, d, w)"
                ))
            }
            u => {
                return Err(format!(
                    "duration `{s}`: unknown unit `{u}` (s, m, h, d, w)"
                ))
            }
        };
        rest = &rest[unit_len..];
        total = n
            .checked_mul(mult)
            .and_then(|v| total.checked_add(v))
            .ok_or_else(|| format!("duration `{s}` is too large"))?;
    }
    Ok(total)
}

/// `3725` → `1h2m5s`.
pub fn fmt_duration(mut secs: u64) -> String {
    if secs == 0 {
        return "0s".into();
    }
    let mut out = String::new();
    for (unit, len) in [("d", 86_400), ("h", 3_600), ("m", 60), ("s", 1)] {
        if secs >= len {
            out.push_str(&format!("{}{unit}", secs / len));
            secs %= len;
        }
    }
    out
}

/// A token amount as typed: either whole base units (`2710`, `2710u`) or an amount in
/// the token's display unit (`12.5BAND`, scaled by its decimals). The denom of a native
/// coin (`100ustake`) is also taken as base units.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Amount {
    /// Base units, exact.
    Base(Uint128),
    /// A decimal in display units with the symbol written; scaled once decimals are known.
    Display { number: String, symbol: String },
}

impl Amount {
    /// Parses the syntax only (no decimals needed yet).
    pub fn parse(s: &str) -> Result<Self, String> {
        let t = s.trim();
        let (num, unit) = split_number(t);
        if num.is_empty() {
            return Err(format!(
                "amount `{s}`: expected a number, e.g. 2710 or 12.5BAND"
            ));
        }
        if unit.is_empty() || unit == "u" {
            if num.contains('.') {
                return Err(format!(
                    "amount `{s}`: a bare number is in base units and must be whole; write the token unit for decimals, e.g. {num}BAND"
                ));
            }
            let v = scaled(num, 0, &format!("amount `{s}`"))?;
            return Ok(Amount::Base(Uint128::new(v)));
        }
        if !unit.chars().all(|c| c.is_ascii_alphanumeric() || c == '/') {
            return Err(format!("amount `{s}`: bad unit `{unit}`"));
        }
        if unit.len() > 1
            && unit.starts_with('u')
            && unit[1..].chars().all(|c| c.is_ascii_lowercase())
        {
            // a native base denom such as ustake: base units
            if num.contains('.') {
                return Err(format!(
                    "amount `{s}`: {unit} is a base unit, it must be whole"
                ));
            }
            let v = scaled(num, 0, &format!("amount `{s}`"))?;
            return Ok(Amount::Base(Uint128::new(v)));
        }
        // check the number's syntax now (at its own number of decimals)
        let decimals = num.split_once('.').map_or(0, |(_, f)| f.len()).min(30) as u32;
        scaled(num, decimals, &format!("amount `{s}`"))?;
        Ok(Amount::Display {
            number: num.to_string(),
            symbol: unit.to_string(),
        })
    }

    /// True when turning it into base units needs the token's decimals.
    pub fn needs_decimals(&self) -> bool {
        matches!(self, Amount::Display { .. })
    }

    /// Base units, given the token's symbol and decimals. Refuses another symbol and
    /// more decimals than the token has.
    pub fn to_base(&self, symbol: &str, decimals: u32) -> Result<Uint128, String> {
        match self {
            Amount::Base(v) => Ok(*v),
            Amount::Display { number, symbol: s } => {
                if !s.eq_ignore_ascii_case(symbol) {
                    return Err(format!(
                        "amount `{number}{s}`: the payment token is {symbol}, not {s}"
                    ));
                }
                scaled(
                    number,
                    decimals,
                    &format!("amount `{number}{s}` ({symbol} has {decimals} decimals)"),
                )
                .map(Uint128::new)
            }
        }
    }
}

/// An epoch as typed: a number, `now`, or `now+N`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EpochArg {
    /// This epoch number.
    At(u64),
    /// The current epoch plus this many.
    Now(u64),
}

impl EpochArg {
    /// Parses `7`, `now`, `now+3`.
    pub fn parse(s: &str) -> Result<Self, String> {
        let t = s.trim();
        if let Some(rest) = t.strip_prefix("now") {
            let rest = rest.trim();
            if rest.is_empty() {
                return Ok(EpochArg::Now(0));
            }
            let n = rest
                .strip_prefix('+')
                .ok_or_else(|| format!("epoch `{s}`: expected now or now+N"))?;
            return n
                .trim()
                .parse()
                .map(EpochArg::Now)
                .map_err(|_| format!("epoch `{s}`: expected now+N with N a whole number"));
        }
        t.parse()
            .map(EpochArg::At)
            .map_err(|_| format!("epoch `{s}`: expected a number, now or now+N"))
    }

    /// The epoch number, given the current one.
    pub fn resolve(self, current: u64) -> Result<u64, String> {
        match self {
            EpochArg::At(e) => Ok(e),
            EpochArg::Now(n) => current
                .checked_add(n)
                .ok_or_else(|| "epoch overflows".to_string()),
        }
    }

    /// True when it needs the chain's current epoch.
    pub fn is_relative(self) -> bool {
        matches!(self, EpochArg::Now(_))
    }
}

/// A point in block time: unix seconds, `now`, or `now+DURATION` (`now+10m`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TimeArg {
    /// Unix seconds.
    At(u64),
    /// Block time now plus this many seconds.
    Now(u64),
}

impl TimeArg {
    /// Parses `1767225600`, `now`, `now+10m`.
    pub fn parse(s: &str) -> Result<Self, String> {
        let t = s.trim();
        if let Some(rest) = t.strip_prefix("now") {
            let rest = rest.trim();
            if rest.is_empty() {
                return Ok(TimeArg::Now(0));
            }
            let d = rest
                .strip_prefix('+')
                .ok_or_else(|| format!("time `{s}`: expected now or now+DURATION"))?;
            return parse_duration(d)
                .map(TimeArg::Now)
                .map_err(|e| format!("time `{s}`: {e}"));
        }
        t.parse().map(TimeArg::At).map_err(|_| {
            format!("time `{s}`: expected unix seconds, now or now+DURATION (e.g. now+10m)")
        })
    }

    /// Unix seconds, given block time now.
    pub fn resolve(self, now: u64) -> u64 {
        match self {
            TimeArg::At(t) => t,
            TimeArg::Now(d) => now.saturating_add(d),
        }
    }

    /// True when it needs block time.
    pub fn is_relative(self) -> bool {
        matches!(self, TimeArg::Now(_))
    }
}

/// A decimal fraction as typed: `0.9`, `90%`.
pub fn parse_fraction(s: &str) -> Result<cosmwasm_std::Decimal, String> {
    use std::str::FromStr;
    let t = s.trim();
    let d = if let Some(p) = t.strip_suffix('%') {
        let v = cosmwasm_std::Decimal::from_str(p.trim())
            .map_err(|_| format!("`{s}` is not a percentage"))?;
        v * cosmwasm_std::Decimal::percent(1)
    } else {
        cosmwasm_std::Decimal::from_str(t).map_err(|_| format!("`{s}` is not a decimal number"))?
    };
    Ok(d)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn frequencies() {
        assert_eq!(parse_hz("5MHz"), Ok(5_000_000));
        assert_eq!(parse_hz("2.5GHz"), Ok(2_500_000_000));
        assert_eq!(parse_hz("800khz"), Ok(800_000));
        assert_eq!(parse_hz("7"), Ok(7));
        assert_eq!(parse_hz("7 Hz"), Ok(7));
        assert_eq!(parse_hz("3THz"), Ok(3_000_000_000_000));
        assert!(parse_hz("1.5Hz").unwrap_err().contains("decimals"));
        assert!(parse_hz("5 MBz").unwrap_err().contains("unknown unit"));
        assert!(parse_hz("MHz").unwrap_err().contains("not a number"));
        assert!(parse_hz("1.2.3MHz").is_err());
        assert!(parse_hz("99999999999THz")
            .unwrap_err()
            .contains("too large"));
        assert_eq!(fmt_hz(20_000_000), "20MHz");
        assert_eq!(fmt_hz(3_555_000_000), "3.555GHz");
        assert_eq!(fmt_hz(7), "7Hz");
    }

    #[test]
    fn bands() {
        assert_eq!(
            parse_band("3550MHz..3560MHz"),
            Ok(Band {
                from_hz: 3_550_000_000,
                to_hz: 3_560_000_000
            })
        );
        assert_eq!(
            parse_band("3550..3560MHz").unwrap(),
            parse_band("3.55GHz..3.56GHz").unwrap()
        );
        assert!(parse_band("3560MHz..3550MHz")
            .unwrap_err()
            .contains("must be below"));
        assert!(parse_band("3550MHz..3550MHz").is_err());
        assert!(parse_band("3550MHz-3560MHz")
            .unwrap_err()
            .contains("FROM..TO"));
        assert_eq!(
            fmt_band(&parse_band("3550MHz..3560MHz").unwrap()),
            "3.55GHz..3.56GHz"
        );
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("1h30m"), Ok(5_400));
        assert_eq!(parse_duration("10s"), Ok(10));
        assert_eq!(parse_duration("45"), Ok(45));
        assert_eq!(parse_duration("2d1s"), Ok(172_801));
        assert_eq!(parse_duration("1w"), Ok(604_800));
        assert!(parse_duration("1h30")
            .unwrap_err()
            .contains("unit is missing"));
        assert!(parse_duration("1y").unwrap_err().contains("unknown unit"));
        assert!(parse_duration("h")
            .unwrap_err()
            .contains("expected a number"));
        assert!(parse_duration("").is_err());
        assert_eq!(fmt_duration(5_400), "1h30m");
        assert_eq!(fmt_duration(0), "0s");
    }

    #[test]
    fn amounts() {
        assert_eq!(Amount::parse("2710"), Ok(Amount::Base(Uint128::new(2710))));
        assert_eq!(
            Amount::parse("100ustake"),
            Ok(Amount::Base(Uint128::new(100)))
        );
        let a = Amount::parse("12.5BAND").unwrap();
        assert!(a.needs_decimals());
        assert_eq!(a.to_base("BAND", 6), Ok(Uint128::new(12_500_000)));
        assert_eq!(a.to_base("band", 6), Ok(Uint128::new(12_500_000)));
        assert_eq!(
            Amount::parse("0.000001BAND").unwrap().to_base("BAND", 6),
            Ok(Uint128::new(1))
        );
        assert!(Amount::parse("0.0000001BAND")
            .unwrap()
            .to_base("BAND", 6)
            .unwrap_err()
            .contains("7 decimals, at most 6"));
        assert!(Amount::parse("1BAND")
            .unwrap()
            .to_base("ATOM", 6)
            .unwrap_err()
            .contains("not BAND"));
        assert!(Amount::parse("1.5").unwrap_err().contains("base units"));
        assert!(Amount::parse("BAND").is_err());
        assert!(Amount::parse("1.BAND").is_err());
        assert_eq!(fmt_scaled(12_500_000, 6), "12.5");
        assert_eq!(fmt_scaled(3, 6), "0.000003");
    }

    #[test]
    fn epochs_and_times() {
        assert_eq!(EpochArg::parse("7"), Ok(EpochArg::At(7)));
        assert_eq!(EpochArg::parse("now"), Ok(EpochArg::Now(0)));
        assert_eq!(EpochArg::parse("now+3"), Ok(EpochArg::Now(3)));
        assert_eq!(EpochArg::parse("now+3").unwrap().resolve(10), Ok(13));
        assert!(EpochArg::parse("now-1").is_err());
        assert!(EpochArg::parse("soon").is_err());
        assert_eq!(TimeArg::parse("now+10m"), Ok(TimeArg::Now(600)));
        assert_eq!(TimeArg::parse("1767225600"), Ok(TimeArg::At(1_767_225_600)));
        assert_eq!(TimeArg::parse("now+1h").unwrap().resolve(100), 3_700);
        assert!(TimeArg::parse("tomorrow").is_err());
    }

    #[test]
    fn fractions() {
        assert_eq!(
            parse_fraction("0.9"),
            Ok(cosmwasm_std::Decimal::percent(90))
        );
        assert_eq!(
            parse_fraction("90%"),
            Ok(cosmwasm_std::Decimal::percent(90))
        );
        assert!(parse_fraction("x").is_err());
    }
}
