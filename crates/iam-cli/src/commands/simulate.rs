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
}

pub fn run(args: &Args) -> Exit {
    let text = match read_input(&args.input) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("error: {e}");
            return Exit::Io;
        }
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
    match args.format {
        Format::Json => match serde_json::to_string_pretty(&sim.output()) {
            Ok(s) => println!("{s}"),
            Err(e) => {
                eprintln!("error: {e}");
                return Exit::Io;
            }
        },
        Format::Text => {
            let (results, _) = sim.run();
            print!("{}", render_text(&sim, &results));
        }
    }
    Exit::Ok
}
