//! Reading inputs: a path or `-` for standard input.

use std::io::Read;
use std::sync::atomic::{AtomicBool, Ordering};

/// Set once standard output's reader has gone away (`iamplay … | head`).
static STDOUT_CLOSED: AtomicBool = AtomicBool::new(false);

/// Reads a path, or standard input for `-`, as text: a leading byte-order
/// mark is dropped, and bytes that are not UTF-8 are invalid input (exit 2)
/// reported at their offset. On failure prints why and gives the exit status.
pub fn read_input(path: &str) -> Result<String, crate::exit::Exit> {
    let read = if path == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().read_to_end(&mut bytes).map(|_| bytes).map_err(|e| format!("cannot read standard input: {e}"))
    } else {
        std::fs::read(path).map_err(|e| format!("cannot read `{path}`: {e}"))
    };
    let bytes = read.map_err(|e| {
        eprintln!("error: {e}");
        crate::exit::Exit::Io
    })?;
    decode(path, bytes)
}

/// Input bytes as text ([`iam_wire::text::decode`]); exit 2 when they are not UTF-8.
pub fn decode(path: &str, bytes: Vec<u8>) -> Result<String, crate::exit::Exit> {
    iam_wire::text::decode(bytes).map_err(|e| {
        let name = if path == "-" { "standard input" } else { path };
        eprintln!("error: `{name}` is {e}");
        crate::exit::Exit::BadInput
    })
}

/// Writes to standard output. A closed pipe (`iamplay … | head`) is not a
/// panic, as with `println!`, nor an exit 0 that would hide a failure from
/// `set -o pipefail`: the rest of the output is dropped and the command still
/// ends with its own status (1 when a check failed).
pub fn write_out(args: std::fmt::Arguments<'_>) {
    use std::io::Write;
    write_out_with(|out| out.write_fmt(args));
}

/// [`write_out`] for bytes.
pub fn write_out_bytes(bytes: &[u8]) {
    use std::io::Write;
    write_out_with(|out| out.write_all(bytes));
}

fn write_out_with(write: impl FnOnce(&mut std::io::StdoutLock<'static>) -> std::io::Result<()>) {
    use std::io::Write;
    if STDOUT_CLOSED.load(Ordering::Relaxed) {
        return;
    }
    let mut out = std::io::stdout().lock();
    if let Err(e) = write(&mut out).and_then(|()| out.flush()) {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            STDOUT_CLOSED.store(true, Ordering::Relaxed);
            return;
        }
        eprintln!("error: cannot write the output: {e}");
        std::process::exit(3);
    }
}

/// Standard output as a [`std::io::Write`] with [`write_out`]'s rules, for
/// output written piece by piece (wrap it in a `BufWriter`).
pub struct Stdout;

impl std::io::Write for Stdout {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        write_out_bytes(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Standard output, buffered: pieces are written in blocks of 64 KiB.
pub fn stdout() -> std::io::BufWriter<Stdout> {
    std::io::BufWriter::with_capacity(64 * 1024, Stdout)
}

/// Opens a path, or standard input for `-`, to read line by line.
pub fn open_lines(path: &str) -> Result<Box<dyn std::io::BufRead>, crate::exit::Exit> {
    if path == "-" {
        return Ok(Box::new(std::io::BufReader::new(std::io::stdin())));
    }
    match std::fs::File::open(path) {
        Ok(f) => Ok(Box::new(std::io::BufReader::new(f))),
        Err(e) => {
            eprintln!("error: cannot read `{path}`: {e}");
            Err(crate::exit::Exit::Io)
        }
    }
}

/// `println!` that survives a closed pipe.
#[macro_export]
macro_rules! outln {
    () => { $crate::io::write_out(format_args!("\n")) };
    ($($arg:tt)*) => { $crate::io::write_out(format_args!("{}\n", format_args!($($arg)*))) };
}

/// `print!` that survives a closed pipe.
#[macro_export]
macro_rules! out {
    ($($arg:tt)*) => { $crate::io::write_out(format_args!($($arg)*)) };
}
