//! `iamplay schema`: the scenario document's JSON Schema, for editors.

use crate::exit::Exit;

#[derive(clap::Args)]
pub struct Args {}

pub fn run(_: &Args) -> Exit {
    match serde_json::to_string_pretty(&iam_wire::scenario::json_schema()) {
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
