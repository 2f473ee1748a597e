//! `iamplay simulate --input FILE`: `aws iam simulate-custom-policy`, offline.

use super::Format;
use crate::exit::Exit;
use crate::io::read_input;
use iam_wire::simulate::{SimulateError, Simulation, render_result_text, render_truncated_text};
use std::io::Write;

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
    if args.jsonl {
        return match crate::io::open_lines(&args.input) {
            Ok(reader) => run_lines(reader),
            Err(code) => code,
        };
    }
    let text = match read_input(&args.input) {
        Ok(t) => t,
        Err(code) => return code,
    };
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
    drop(text);
    // Each result is written as it is evaluated: memory stays that of one result.
    let mut out = crate::io::stdout();
    let written = match args.format {
        Format::Json => sim.write_output(&mut out, true).and_then(|()| out.write_all(b"\n")),
        Format::Text => sim
            .results()
            .enumerate()
            .try_for_each(|(i, r)| out.write_all(render_result_text(&sim, i, &r).as_bytes()))
            .and_then(|()| out.write_all(render_truncated_text(sim.next_marker()).as_bytes())),
    };
    if let Err(e) = written.and_then(|()| out.flush()) {
        eprintln!("error: {e}");
        return Exit::Io;
    }
    Exit::Ok
}

/// `--jsonl`: reads one document per line as the lines arrive and answers
/// each before reading the next; a bad line (not JSON, not UTF-8, not a valid
/// input) gets an `{"Error": ...}` response and the rest go on.
fn run_lines(mut reader: Box<dyn std::io::BufRead>) -> Exit {
    let mut bad = false;
    let mut line = Vec::new();
    let mut out = crate::io::stdout();
    for n in 1.. {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                let _ = out.flush();
                eprintln!("error: cannot read line {n}: {e}");
                return Exit::Io;
            }
        }
        let answer = match iam_wire::text::decode(std::mem::take(&mut line)) {
            Err(e) => Err(format!("line {n}: {e}")),
            Ok(text) if text.trim().is_empty() => continue,
            Ok(text) => {
                Simulation::from_json(text.trim_end_matches(['\n', '\r'])).map_err(|e| format!("line {n}: {e}"))
            }
        };
        let written = match answer {
            Ok(sim) => sim.write_output(&mut out, false),
            Err(message) => {
                bad = true;
                out.write_all(serde_json::json!({ "Error": message }).to_string().as_bytes())
            }
        };
        if let Err(e) = written.and_then(|()| out.write_all(b"\n")) {
            eprintln!("error: {e}");
            return Exit::Io;
        }
    }
    if let Err(e) = out.flush() {
        eprintln!("error: {e}");
        return Exit::Io;
    }
    if bad { Exit::BadInput } else { Exit::Ok }
}
