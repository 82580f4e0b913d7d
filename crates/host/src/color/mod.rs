//! Graph colouring: the `softmask color` command ([`cli`]).

pub mod cli;
