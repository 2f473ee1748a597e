pub mod bench;
pub mod lint;
pub mod simulate;

/// Output format shared by commands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Json,
    Text,
}
