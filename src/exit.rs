//! Exit statuses, as in ripgrep: 0 answered, 1 nothing matched, 2 error. A module of their own
//! so that the subcommands (`cmd`) name them without depending on the top level (`app`).

pub const ANSWERED: u8 = 0;
pub const NO_MATCH: u8 = 1;
pub const ERROR: u8 = 2;
/// Stopped by Ctrl-C (128 + SIGINT, as shells report it).
pub const INTERRUPTED: u8 = 130;
