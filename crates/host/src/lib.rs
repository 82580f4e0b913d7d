//! softmask host library.
