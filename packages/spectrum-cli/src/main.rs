//! `spectrum`: the operator command line of the spectrum market.

use spectrum_cli::{cli, output, run};

fn main() {
    let cli = cli::parse();
    let (json, print) = (cli.g.json, cli.g.print);
    let ctx_printed = std::cell::RefCell::new(vec![]);
    let result = run::run_with(cli, &ctx_printed);
    for line in ctx_printed.borrow().iter() {
        println!("{line}");
    }
    match result {
        Ok(v) => {
            if print {
                return;
            }
            if json {
                println!("{}", serde_json::to_string_pretty(&v).expect("json"));
            } else {
                print!("{}", output::render(&v));
            }
        }
        Err(e) => {
            if json {
                let (kind, reason, hint) = match &e {
                    spectrum_cli::chain::CliError::Input(m) => ("bad_input", m.clone(), None),
                    spectrum_cli::chain::CliError::Chain { reason, hint, .. } => {
                        ("refused", reason.clone(), hint.clone())
                    }
                    spectrum_cli::chain::CliError::Other(m) => ("error", m.clone(), None),
                };
                println!(
                    "{}",
                    serde_json::json!({"error": kind, "reason": reason, "hint": hint, "message": e.to_string()})
                );
            }
            eprintln!("{e}");
            std::process::exit(e.code());
        }
    }
}
