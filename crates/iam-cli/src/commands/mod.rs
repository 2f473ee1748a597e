pub mod bench;
pub mod can;
pub mod check;
pub mod escalation;
pub mod findings;
pub mod import;
pub mod kms;
pub mod lint;
pub mod report;
pub mod schema;
pub mod simulate;
pub mod what_can;
pub mod who_can;

/// Output format shared by commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Text,
}
