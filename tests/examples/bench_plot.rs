//! Plots the market's allocation throughput measured by `scripts/bench` in the shape of
//! the Bandcoin paper's Fig. 2: allocations committed per second against allocations per
//! transaction, with the paper's Sawtooth figures as reference bands.
//!
//! `cargo run -p spectrum-integration-tests --example bench_plot -- throughput.csv throughput.png`

use plotters::prelude::*;
use std::path::Path;

const FONT: &str = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf";
/// The paper's Sawtooth throughput (§6.4, Fig. 2), allocations per second.
const PAPER_SERIAL: (f64, f64) = (0.5, 1.0);
const PAPER_BULK: (f64, f64) = (10_000.0, 13_000.0);

/// One row of throughput.csv: mode, allocations per transaction, allocations per second.
struct Point {
    mode: String,
    per_tx: f64,
    per_second: f64,
}

fn read_csv(path: &Path) -> Vec<Point> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("a header").split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).expect(name);
    let (mode, per_tx, per_second) = (
        col("mode"),
        col("allocations_per_tx"),
        col("allocations_per_second"),
    );
    lines
        .map(|line| {
            let cells: Vec<&str> = line.split(',').collect();
            Point {
                mode: cells[mode].to_string(),
                per_tx: cells[per_tx].parse().expect("allocations_per_tx"),
                per_second: cells[per_second].parse().expect("allocations_per_second"),
            }
        })
        .collect()
}

/// 0.5, 1, 10, 1k, 10k, 1M: axis labels a reader takes in at a glance.
fn readable(v: f64) -> String {
    match v {
        v if v >= 1e6 => format!("{}M", v / 1e6),
        v if v >= 1e3 => format!("{}k", v / 1e3),
        v if v >= 1.0 => format!("{v}"),
        v => format!("{v:.1}"),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let (csv, png) = match args.as_slice() {
        [_, csv, png] => (Path::new(csv), Path::new(png)),
        _ => panic!("usage: bench_plot <throughput.csv> <throughput.png>"),
    };
    let font = std::fs::read(FONT)
        .unwrap_or_else(|e| panic!("{FONT}: {e}; install the Debian package fonts-dejavu-core"));
    plotters::style::register_font(
        "sans-serif",
        FontStyle::Normal,
        Box::leak(font.into_boxed_slice()),
    )
    .map_err(|_| "invalid font")
    .unwrap();
    let points = read_csv(csv);
    let x_max = points.iter().map(|p| p.per_tx).fold(10.0, f64::max) * 3.0;
    let y_max = points
        .iter()
        .map(|p| p.per_second)
        .fold(PAPER_BULK.1, f64::max)
        * 5.0;

    let root = BitMapBackend::new(png, (900, 560)).into_drawing_area();
    root.fill(&WHITE).unwrap();
    let mut chart = ChartBuilder::on(&root)
        .caption(
            "Allocations committed per second (wasmd, local node) vs the paper's Sawtooth",
            ("sans-serif", 19),
        )
        .margin(12)
        .x_label_area_size(44)
        .y_label_area_size(72)
        .build_cartesian_2d((0.7f64..x_max).log_scale(), (0.1f64..y_max).log_scale())
        .unwrap();
    chart
        .configure_mesh()
        .x_desc("allocations per transaction")
        .y_desc("allocations per second")
        .x_label_formatter(&|v| readable(*v))
        .y_label_formatter(&|v| readable(*v))
        .label_style(("sans-serif", 14))
        .draw()
        .unwrap();

    let band =
        |(low, high): (f64, f64), color: RGBColor, label: &str, chart: &mut ChartContext<_, _>| {
            chart
                .draw_series(std::iter::once(Rectangle::new(
                    [(0.7, low), (x_max, high)],
                    color.mix(0.25).filled(),
                )))
                .unwrap()
                .label(label.to_string())
                .legend(move |(x, y)| {
                    Rectangle::new([(x, y - 5), (x + 18, y + 5)], color.mix(0.25).filled())
                });
        };
    band(
        PAPER_SERIAL,
        RGBColor(127, 127, 127),
        "paper: serial (Sawtooth)",
        &mut chart,
    );
    band(
        PAPER_BULK,
        RGBColor(255, 127, 14),
        "paper: bulk up to 50,000 (Sawtooth)",
        &mut chart,
    );

    let series = [
        ("serial", RGBColor(0, 0, 0)),
        ("parallel", RGBColor(148, 103, 189)),
        ("explicit bulk", RGBColor(31, 119, 180)),
        ("committed bulk", RGBColor(214, 39, 40)),
    ];
    for (mode, color) in series {
        let data: Vec<(f64, f64)> = points
            .iter()
            .filter(|p| p.mode == mode)
            .map(|p| (p.per_tx, p.per_second))
            .collect();
        if data.is_empty() {
            continue;
        }
        chart
            .draw_series(LineSeries::new(data.clone(), color.stroke_width(2)))
            .unwrap();
        chart
            .draw_series(
                data.iter()
                    .map(|&(x, y)| Circle::new((x, y), 4, color.filled())),
            )
            .unwrap()
            .label(format!("this market: {mode}"))
            .legend(move |(x, y)| Circle::new((x + 9, y), 4, color.filled()));
    }
    chart
        .configure_series_labels()
        .position(SeriesLabelPosition::UpperLeft)
        .background_style(WHITE.mix(0.85))
        .border_style(BLACK)
        .label_font(("sans-serif", 13))
        .draw()
        .unwrap();
    root.present().unwrap();
    println!("wrote {}", png.display());
}
