//! The paper's experiment (paper 000, Fig. 2–4) reproduced by driving the real
//! unlicensed-pool contract through cw-multi-test, then n = 3, 5 and 10 operators with
//! mixed greedy and fair strategies.
//!
//! `cargo run -p unlicensed-pool --example simulate --release [-- OUT_DIR]` writes CSV files
//! and PNG plots to `contracts/unlicensed-pool/docs/` (or OUT_DIR) and prints, for each run,
//! the slot from which every operator's share stays within 5% of W/n.
//!
//! The strategies decide how much to claim; the contract decides what they get and moves the
//! tokens: every claim is a `Claim` message, and the plotted bandwidth and balances are read
//! back with the `ClaimsForSlot` and `Balances` queries. Floats appear only in the plotting.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use cosmwasm_std::{Addr, Uint128, Uint64};
use plotters::prelude::*;
use spectrum_testing::unlicensed_pool::{pool_setup, MHZ, PAPER_BANDWIDTH_HZ as PAPER_W, TOKEN};
use spectrum_testing::Suite;

/// 1800 tokens: the paper's supply.
const SUPPLY: u128 = 1800 * TOKEN;
/// The paper says the 1800 tokens buy the whole 540 MHz for one minute, so one token is worth
/// 540 MHz × 60 s / 1800 = 18 MHz·s in this experiment (see the README for why not 180 kHz·s).
const TOKEN_VALUE_HZ_S: u64 = 18_000_000;
/// The font the plots' text is drawn with (Debian package fonts-dejavu-core).
const FONT: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";

/// How an operator decides its claim for the coming slot.
#[derive(Clone, Copy, Debug)]
pub(crate) enum Strategy {
    /// Claims all the free bandwidth it can pay for.
    Greedy,
    /// Greedy for the first `slots` slots, then balancing with time constant `tau`.
    GreedyThenBalancing { slots: u32, tau: u128 },
    /// Balances its token flows: claims W/n plus 1/tau of its surplus over the fair balance
    /// M/n (less when it holds less), i.e. spends a surplus down over about tau slots.
    Balancing { tau: u128 },
    /// Claims the fair share W/n.
    Fair,
}

impl Strategy {
    fn is_greedy(&self, slot: u32) -> bool {
        match self {
            Strategy::Greedy => true,
            Strategy::GreedyThenBalancing { slots, .. } => slot < *slots,
            _ => false,
        }
    }

    fn label(&self) -> String {
        match self {
            Strategy::Greedy => "greedy".into(),
            Strategy::GreedyThenBalancing { slots, .. } => format!("greedy for {slots} s"),
            Strategy::Balancing { .. } => "balancing".into(),
            Strategy::Fair => "fair".into(),
        }
    }

    /// The bandwidth wanted, before the contract's limits (free bandwidth, balance).
    fn wanted(&self, slot: u32, n: u128, balance: u128) -> u128 {
        let w = u128::from(PAPER_W);
        match self {
            _ if self.is_greedy(slot) => w,
            Strategy::Greedy | Strategy::Fair => w / n,
            Strategy::GreedyThenBalancing { tau, .. } | Strategy::Balancing { tau } => {
                let fair_balance = SUPPLY / n;
                // Hz per micro-token for one one-second slot: TOKEN_VALUE / TOKEN.
                let to_hz = |micro: u128| micro * u128::from(TOKEN_VALUE_HZ_S) / TOKEN / tau;
                if balance >= fair_balance {
                    w / n + to_hz(balance - fair_balance)
                } else {
                    (w / n).saturating_sub(to_hz(fair_balance - balance))
                }
            }
        }
    }
}

/// What one run records per slot: each operator's bandwidth (Hz) and balance (micro-tokens)
/// after the slot's claims.
pub(crate) struct Trace {
    pub labels: Vec<String>,
    pub usage: Vec<Vec<u64>>,
    pub balances: Vec<Vec<u128>>,
}

/// The largest bandwidth `balance` pays for during one one-second slot.
fn affordable_hz(balance: u128, token_value: u64) -> u128 {
    balance * u128::from(token_value) / TOKEN
}

/// A small deterministic generator (xorshift64*), so that runs are reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
}

fn new_pool(n: usize, slots: u32, supply: u128, token_value: u64) -> (Suite, Vec<Addr>) {
    let labels: Vec<String> = (0..n).map(|i| format!("operator{i}")).collect();
    let labels: Vec<&str> = labels.iter().map(String::as_str).collect();
    let (mut h, members) = pool_setup(&labels, |m| {
        m.initial_supply = Uint128::new(supply);
        m.token_value_hz_s = Some(Uint64::new(token_value));
        m.round_slots = Some(slots);
        m.max_slots_per_claim = Some(1);
    });
    h.pool_start_round().unwrap();
    (h, members)
}

/// Reads slot `slot` and the balances back from the contract.
fn record(h: &Suite, members: &[Addr], slot: u32, trace: &mut Trace) {
    let (used, claims) = h.pool_claims_for_slot(slot);
    assert!(used <= PAPER_W, "slot {slot} over W");
    let usage = members
        .iter()
        .map(|m| claims.iter().find(|(a, _)| a == m).map_or(0, |(_, hz)| *hz))
        .collect();
    let balances = members.iter().map(|m| h.pool_balance(m)).collect();
    trace.usage.push(usage);
    trace.balances.push(balances);
    h.assert_pool_supply_is(h.pool_config().initial_supply.u128());
}

/// (a) Random sharing without tokens: a supply so large that balances never bind; each slot
/// an operator chosen at random claims a uniformly random part of W and the other the rest.
pub(crate) fn random_sharing(slots: u32, seed: u64) -> Trace {
    let supply = 1_000_000_000 * TOKEN;
    let (mut h, members) = new_pool(2, slots, supply, TOKEN_VALUE_HZ_S);
    let mut rng = Rng(seed);
    let mut trace = Trace {
        labels: vec!["operator A".into(), "operator B".into()],
        usage: vec![],
        balances: vec![],
    };
    for slot in 0..slots {
        let first = (rng.next() % 2) as usize;
        let part = rng.next() % (PAPER_W + 1);
        for (who, bw) in [(first, part), (1 - first, PAPER_W - part)] {
            if bw > 0 {
                h.pool_claim(&members[who], bw, 1).unwrap();
            }
        }
        record(&h, &members, slot, &mut trace);
        h.pool_goto_slot_start(slot);
    }
    trace
}

/// The token pool with the given strategies: greedy operators claim first (as soon as the slot
/// opens, in a fixed order), then the others in an order that rotates every slot.
pub(crate) fn pool_run(strategies: &[Strategy], slots: u32) -> Trace {
    let n = strategies.len();
    let (mut h, members) = new_pool(n, slots, SUPPLY, TOKEN_VALUE_HZ_S);
    let mut trace = Trace {
        labels: strategies
            .iter()
            .enumerate()
            .map(|(i, s)| format!("{} ({})", operator_name(i), s.label()))
            .collect(),
        usage: vec![],
        balances: vec![],
    };
    for slot in 0..slots {
        // Greedy operators first, in a fixed order; the others in an order rotating each slot.
        let mut order: Vec<usize> = (0..n).filter(|i| strategies[*i].is_greedy(slot)).collect();
        order.extend(
            (0..n)
                .map(|i| (i + slot as usize) % n)
                .filter(|i| !strategies[*i].is_greedy(slot)),
        );
        let mut used: u128 = 0;
        for i in order {
            let balance = h.pool_balance(&members[i]);
            let free = u128::from(PAPER_W) - used;
            let bw = strategies[i]
                .wanted(slot, n as u128, balance)
                .min(free)
                .min(affordable_hz(balance, TOKEN_VALUE_HZ_S));
            if bw > 0 {
                h.pool_claim(&members[i], bw as u64, 1).unwrap();
                used += bw;
            }
        }
        record(&h, &members, slot, &mut trace);
        h.pool_goto_slot_start(slot);
    }
    trace
}

fn operator_name(i: usize) -> String {
    if i < 26 {
        format!("operator {}", (b'A' + i as u8) as char)
    } else {
        format!("operator {i}")
    }
}

/// The first slot from which every operator's bandwidth stays within 5% of W/n to the end.
pub(crate) fn convergence_slot(trace: &Trace) -> Option<usize> {
    let n = trace.labels.len() as u64;
    let fair = PAPER_W / n;
    let within = |row: &Vec<u64>| row.iter().all(|u| u.abs_diff(fair) * 20 <= fair);
    let last_bad = trace.usage.iter().rposition(|row| !within(row));
    match last_bad {
        None => Some(0),
        Some(i) if i + 1 < trace.usage.len() => Some(i + 1),
        Some(_) => None,
    }
}

fn write_csv(path: &Path, trace: &Trace) {
    let mut out = String::from("slot");
    for l in &trace.labels {
        write!(out, ",{l} bandwidth_hz").unwrap();
    }
    for l in &trace.labels {
        write!(out, ",{l} balance_micro_tokens").unwrap();
    }
    out.push('\n');
    for (slot, (usage, balances)) in trace.usage.iter().zip(&trace.balances).enumerate() {
        write!(out, "{slot}").unwrap();
        for u in usage {
            write!(out, ",{u}").unwrap();
        }
        for b in balances {
            write!(out, ",{b}").unwrap();
        }
        out.push('\n');
    }
    std::fs::write(path, out).unwrap();
}

/// A line chart of one series per operator.
fn plot(
    path: &Path,
    title: &str,
    y_label: &str,
    labels: &[String],
    series: &[Vec<f64>],
    y_max: f64,
) {
    let root = BitMapBackend::new(path, (900, 520)).into_drawing_area();
    root.fill(&WHITE).unwrap();
    let slots = series.first().map_or(0, Vec::len) as f64;
    let mut chart = ChartBuilder::on(&root)
        .caption(title, ("sans-serif", 22))
        .margin(12)
        .x_label_area_size(42)
        .y_label_area_size(64)
        .build_cartesian_2d(0f64..slots, 0f64..y_max)
        .unwrap();
    chart
        .configure_mesh()
        .x_desc("time slot (s)")
        .y_desc(y_label)
        .label_style(("sans-serif", 14))
        .draw()
        .unwrap();
    let colors = [
        RGBColor(31, 119, 180),
        RGBColor(214, 39, 40),
        RGBColor(44, 160, 44),
        RGBColor(255, 127, 14),
        RGBColor(148, 103, 189),
        RGBColor(140, 86, 75),
        RGBColor(227, 119, 194),
        RGBColor(127, 127, 127),
        RGBColor(188, 189, 34),
        RGBColor(23, 190, 207),
    ];
    for (i, (label, values)) in labels.iter().zip(series).enumerate() {
        let color = colors[i % colors.len()];
        chart
            .draw_series(LineSeries::new(
                values.iter().enumerate().map(|(s, v)| (s as f64, *v)),
                color.stroke_width(2),
            ))
            .unwrap()
            .label(label.as_str())
            .legend(move |(x, y)| {
                PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(2))
            });
    }
    chart
        .configure_series_labels()
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font(("sans-serif", 13))
        .draw()
        .unwrap();
    root.present().unwrap();
}

fn mhz_series(trace: &Trace) -> Vec<Vec<f64>> {
    (0..trace.labels.len())
        .map(|k| {
            trace
                .usage
                .iter()
                .map(|row| row[k] as f64 / MHZ as f64)
                .collect()
        })
        .collect()
}

fn token_series(trace: &Trace) -> Vec<Vec<f64>> {
    (0..trace.labels.len())
        .map(|k| {
            trace
                .balances
                .iter()
                .map(|row| row[k] as f64 / TOKEN as f64)
                .collect()
        })
        .collect()
}

fn report(name: &str, trace: &Trace) -> String {
    let n = trace.labels.len();
    let line = match convergence_slot(trace) {
        Some(slot) => format!(
            "{name}: every share within 5% of W/n = {} MHz from slot {slot} of {}",
            PAPER_W / n as u64 / MHZ,
            trace.usage.len()
        ),
        None => format!(
            "{name}: shares not within 5% of W/n = {} MHz by the last slot {}",
            PAPER_W / n as u64 / MHZ,
            trace.usage.len() - 1
        ),
    };
    println!("{line}");
    line
}

fn main() {
    let out: PathBuf = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("docs"));
    std::fs::create_dir_all(&out).unwrap();
    let font = std::fs::read(FONT)
        .unwrap_or_else(|e| panic!("{FONT}: {e}; install the Debian package fonts-dejavu-core"));
    plotters::style::register_font(
        "sans-serif",
        FontStyle::Normal,
        Box::leak(font.into_boxed_slice()),
    )
    .map_err(|_| "invalid font")
    .unwrap();
    let w_mhz = (PAPER_W / MHZ) as f64;
    let mut summary = vec![];

    // (a) Fig. 2: random sharing without tokens.
    let random = random_sharing(60, 0x5EED_0002);
    write_csv(&out.join("fig2_random_sharing.csv"), &random);
    plot(
        &out.join("fig2_random_sharing.png"),
        "Random sharing of 540 MHz without tokens (Fig. 2)",
        "bandwidth (MHz)",
        &random.labels,
        &mhz_series(&random),
        w_mhz * 1.05,
    );
    summary.push(report("fig2 random sharing, 2 operators", &random));

    // (b) Fig. 3 and 4: the pool, operator A greedy for the first 10 slots.
    let strategies = [
        Strategy::GreedyThenBalancing { slots: 10, tau: 4 },
        Strategy::Balancing { tau: 4 },
    ];
    let pool = pool_run(&strategies, 60);
    write_csv(&out.join("fig3_fig4_pool.csv"), &pool);
    plot(
        &out.join("fig3_pool_throughput.png"),
        "Token pool, 2 operators, A greedy at first (Fig. 3)",
        "bandwidth (MHz)",
        &pool.labels,
        &mhz_series(&pool),
        w_mhz * 1.05,
    );
    plot(
        &out.join("fig4_pool_balances.png"),
        "Token balances, 2 operators (Fig. 4)",
        "balance (tokens)",
        &pool.labels,
        &token_series(&pool),
        (SUPPLY / TOKEN) as f64 * 1.05,
    );
    summary.push(report("fig3/4 token pool, 2 operators", &pool));

    // n = 3, 5, 10: a third of the operators (at least one) greedy throughout, the rest fair.
    for n in [3usize, 5, 10] {
        let greedy = (n / 3).max(1);
        let strategies: Vec<Strategy> = (0..n)
            .map(|i| {
                if i < greedy {
                    Strategy::Greedy
                } else {
                    Strategy::Fair
                }
            })
            .collect();
        let trace = pool_run(&strategies, 120);
        write_csv(&out.join(format!("n{n}_mixed.csv")), &trace);
        plot(
            &out.join(format!("n{n}_mixed_throughput.png")),
            &format!("Token pool, {n} operators, {greedy} greedy"),
            "bandwidth (MHz)",
            &trace.labels,
            &mhz_series(&trace),
            w_mhz * 1.05,
        );
        summary.push(report(
            &format!("n = {n}, {greedy} greedy + {} fair", n - greedy),
            &trace,
        ));
    }
    std::fs::write(out.join("summary.txt"), summary.join("\n") + "\n").unwrap();
    println!("wrote {}", out.display());
}
