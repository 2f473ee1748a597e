//! Exit statuses, distinct so scripts can tell outcomes apart.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[repr(u8)]
pub enum Exit {
    /// Ran and everything held.
    Ok = 0,
    /// Ran, and a check failed (an assertion, an ERROR finding).
    Failed = 1,
    /// The input was invalid (bad JSON, bad policy, unknown field).
    BadInput = 2,
    /// A file could not be read or written.
    Io = 3,
}
