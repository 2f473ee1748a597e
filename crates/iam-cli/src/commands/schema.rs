//! `iamplay schema [scenario|findings]`: a JSON Schema, for editors: the
//! scenario document's (default) or `iamplay findings`' output.

use crate::exit::Exit;

#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Which {
    Scenario,
    Findings,
}

#[derive(clap::Args)]
pub struct Args {
    #[arg(value_enum, default_value = "scenario")]
    which: Which,
}

pub fn run(args: &Args) -> Exit {
    let schema = match args.which {
        Which::Scenario => iam_wire::scenario::json_schema(),
        Which::Findings => iam_findings::findings::json_schema(),
    };
    match serde_json::to_string_pretty(&schema) {
        Ok(s) => {
            crate::outln!("{s}");
            Exit::Ok
        }
        Err(e) => {
            eprintln!("error: {e}");
            Exit::Io
        }
    }
}
