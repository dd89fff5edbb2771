//! The search index as files of the static site.

use crate::diag::Diagnostic;
use crate::model::Kind;
use crate::output::{Artifact, Output, Rendered};
use crate::view::{Route, Views};

/// The search index files of each edition (the search page itself is an
/// HTML page, `view::search`).
pub struct SearchFiles;

impl Output for SearchFiles {
    fn routes(&self, views: &Views<'_>) -> Vec<Route> {
        let editions = &views.graph.site.editions;
        editions.iter().map(|&e| Route::SearchIndex(e)).collect()
    }

    fn render(&self, views: &Views<'_>, route: Route) -> Rendered {
        let Route::SearchIndex(e) = route else {
            return Rendered::failed(Diagnostic::error(format!(
                "{route:?} is not a search index"
            )));
        };
        let index = match views.search_index(e) {
            Ok(index) => index,
            Err(m) => {
                return Rendered::failed(Diagnostic::error(format!(
                    "cannot make the search index: {m}"
                )));
            }
        };
        let Some(files) = index.take_files() else {
            return Rendered::failed(Diagnostic::error(format!(
                "the search index of {e} was already written"
            )));
        };
        let dir = format!("{}/search/", e.dir());
        let mut files = files.into_iter().map(|f| Artifact {
            path: format!("{dir}{}", f.path),
            bytes: f.contents.into_bytes(),
        });
        let Some(first) = files.next() else {
            return Rendered::failed(Diagnostic::error("the search index has no files"));
        };
        // Every entity is in the index.
        let cx = views.cx(route);
        for kind in Kind::ALL {
            cx.read_all(kind);
        }
        let (deps, diags) = cx.finish();
        Rendered {
            artifact: Ok(first),
            more: files.collect(),
            deps,
            diags,
        }
    }
}
