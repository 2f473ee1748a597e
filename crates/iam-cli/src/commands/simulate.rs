//! `iamplay simulate --input FILE`: `aws iam simulate-custom-policy`, offline.

use super::Format;
use crate::exit::Exit;
use crate::io::read_input;
use iam_wire::simulate::{SimulateError, Simulation, render_text};

#[derive(clap::Args)]
pub struct Args {
    /// The `--cli-input-json` document (`-` for standard input).
    #[arg(long, short, value_name = "FILE")]
    input: String,
    /// `json` prints the AWS response shape; `text` explains each decision.
    #[arg(long, value_enum, default_value = "json")]
    format: Format,
    /// Batch mode: every input line is one document; prints one compact JSON
    /// response per line (`{"Error": ...}` for a bad line) and keeps going.
    #[arg(long)]
    jsonl: bool,
}

pub fn run(args: &Args) -> Exit {
    let text = match read_input(&args.input) {
        Ok(t) => t,
        Err(code) => return code,
    };
    if args.jsonl {
        return run_lines(&text);
    }
    let sim = match Simulation::from_json(&text) {
        Ok(s) => s,
        Err(e) => {
            let what = match e {
                SimulateError::Input(_) => "invalid simulate input",
                SimulateError::Policies(_) => "invalid policy",
            };
            eprintln!("error: {what} in `{}`:\n{e}", args.input);
            return Exit::BadInput;
        }
    };
    match args.format {
        Format::Json => match serde_json::to_string_pretty(&sim.output()) {
            Ok(s) => crate::outln!("{s}"),
            Err(e) => {
                eprintln!("error: {e}");
                return Exit::Io;
            }
        },
        Format::Text => {
            let (results, next) = sim.run();
            crate::out!("{}", render_text(&sim, &results, next));
        }
    }
    Exit::Ok
}

fn run_lines(text: &str) -> Exit {
    let mut out = String::new();
    let mut bad = false;
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let value = match Simulation::from_json(line) {
            Ok(sim) => serde_json::to_value(sim.output()).unwrap_or_default(),
            Err(e) => {
                bad = true;
                serde_json::json!({ "Error": format!("line {}: {e}", n + 1) })
            }
        };
        out.push_str(&value.to_string());
        out.push('\n');
    }
    crate::out!("{out}");
    if bad { Exit::BadInput } else { Exit::Ok }
}
