//! `iamplay bench`: how many decisions per second the engine makes on a
//! simulate input (one core, fast path, policies compiled once).

use crate::exit::Exit;
use crate::io::read_input;
use iam_wire::simulate::Simulation;
use std::time::{Duration, Instant};

#[derive(clap::Args)]
pub struct Args {
    /// A `simulate-custom-policy` input document (`-` for standard input).
    #[arg(long, short, value_name = "FILE")]
    input: String,
    /// How long to measure, in seconds (more than 0, at most a day).
    #[arg(long, default_value_t = 2.0, value_parser = seconds)]
    seconds: f64,
}

/// A measuring time: a finite number of seconds, more than 0 and at most a day
/// (`inf` or `1e300` would panic in `Duration::from_secs_f64`).
fn seconds(s: &str) -> Result<f64, SecondsError> {
    let v: f64 = s.trim().parse().map_err(|_| SecondsError::NotANumber(s.to_string()))?;
    if v.is_finite() && v > 0.0 && v <= 86_400.0 { Ok(v) } else { Err(SecondsError::OutOfRange(s.to_string())) }
}

/// Why `--seconds` was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
enum SecondsError {
    #[error("`{0}` is not a number of seconds")]
    NotANumber(String),
    #[error("`{0}`: give a number of seconds more than 0 and at most 86400")]
    OutOfRange(String),
}

pub fn run(args: &Args) -> Exit {
    let text = match read_input(&args.input) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let compile_start = Instant::now();
    let sim = match Simulation::from_json(&text) {
        Ok(s) => s,
        Err(e) => {
            eprintln!("error: {e}");
            return Exit::BadInput;
        }
    };
    let compile = compile_start.elapsed();
    let pairs = sim.prepared();
    let Ok(budget) = Duration::try_from_secs_f64(args.seconds.max(0.05)) else {
        eprintln!("error: --seconds {}: not a measuring time", args.seconds);
        return Exit::BadInput;
    };
    let start = Instant::now();
    let mut decisions: u64 = 0;
    let mut allowed: u64 = 0;
    while start.elapsed() < budget {
        for _ in 0..100 {
            for p in &pairs {
                allowed += u64::from(sim.decide(p) == iam_core::Decision::Allow);
                decisions += 1;
            }
        }
    }
    let secs = start.elapsed().as_secs_f64();
    let report = serde_json::json!({
        "pairs": pairs.len(),
        "decisions": decisions,
        "allowed": allowed,
        "seconds": secs,
        "decisions_per_second": decisions as f64 / secs,
        "compile_ms": compile.as_secs_f64() * 1000.0,
    });
    crate::outln!("{report}");
    Exit::Ok
}
