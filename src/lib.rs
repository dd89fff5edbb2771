//! nianjian: a static site generator for multilingual yearbooks of
//! local-government exchange.
//!
//! The build is a pipeline, one module per stage:
//! [`load`] → [`normalise`] → [`resolve`] → [`render`] → [`write`],
//! run by [`pipeline`]. [`model`] holds the content types and [`diag`] the
//! diagnostics every stage reports.

pub mod cli;
pub mod diag;
pub mod load;
pub mod model;
pub mod normalise;
pub mod pipeline;
pub mod render;
pub mod resolve;
pub mod search;
pub mod serve;
pub mod status;
pub mod write;
