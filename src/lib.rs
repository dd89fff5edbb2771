//! nianjian: a static site generator for multilingual yearbooks of
//! local-government exchange. docs/design.md describes the layout:
//!
//! - core: [`model`], [`source`], [`text`], [`load`] → [`normalise`] → [`graph`];
//! - views: [`view`] (typed page views, routes and URLs);
//! - outputs: [`output`] (HTML through the theme, and siblings);
//! - [`build`] runs it all (and serve's incremental rebuilds), [`cmd`] and
//!   [`cli`] are the command line, [`serve`] the live preview.

pub mod build;
pub mod cli;
pub mod cmd;
pub mod diag;
pub mod graph;
pub mod load;
pub mod model;
pub mod normalise;
pub mod output;
pub mod pictures;
pub mod serve;
pub mod source;
pub mod status;
pub mod text;
pub mod view;
