//! The output floor (docs/design.md, "Adding an output"): each family of
//! files a reader gets sits behind one small trait and reads the same views
//! and routes. HTML pages through the theme's Tera templates are the first.

pub mod html;
pub mod print;
pub mod search;

use crate::diag::{Diagnostic, Diagnostics};
use crate::view::{Deps, Route, Views};

/// One file, at a `/`-separated path inside the output folder.
#[derive(Clone, Debug)]
pub struct Artifact {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// What rendering one route gave.
pub struct Rendered {
    pub artifact: Result<Artifact, Diagnostic>,
    /// More files the route makes beside its own (the shards of a search
    /// index).
    pub more: Vec<Artifact>,
    /// What the file shows, for incremental rebuilds.
    pub deps: Deps,
    /// Warnings found on the way.
    pub diags: Diagnostics,
}

impl Rendered {
    /// A file that could not be made.
    pub fn failed(d: Diagnostic) -> Rendered {
        Rendered {
            artifact: Err(d),
            more: Vec::new(),
            deps: Deps::default(),
            diags: Diagnostics::new(),
        }
    }
}

/// A family of output files.
pub trait Output: Sync {
    /// The files it makes for this site.
    fn routes(&self, views: &Views<'_>) -> Vec<Route>;
    /// Makes one of them.
    fn render(&self, views: &Views<'_>, route: Route) -> Rendered;
}
pub mod data;
pub mod feeds;
pub mod sitemap;
pub mod wikidata;
