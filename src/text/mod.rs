//! Language services, in one place: Markdown (every rule, one parse per
//! body), clean-up of damaged text, script conversion, collation, and what
//! is safe to publish (the URL policy, the raw-HTML sanitiser).

pub mod cleanup;
pub mod collate;
pub mod convert;
pub mod markdown;
pub mod sanitise;
pub mod url;
