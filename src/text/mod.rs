//! Language services, in one place: Markdown (every rule, one parse per
//! body), clean-up of damaged text, script conversion, and collation.

pub mod cleanup;
pub mod collate;
pub mod convert;
pub mod markdown;
