//! HTML pages: each route's view laid out by the theme's Tera template.

pub mod theme;

use std::collections::HashMap;

use tera::{Context, Tera};

use super::{Artifact, Output, Rendered};
use crate::diag::{Diagnostic, Diagnostics};
use crate::view::{self, Route, Views};
use theme::Theme;

pub struct Html {
    tera: Tera,
    /// Template name → the file to name in diagnostics.
    shown_paths: HashMap<String, String>,
}

impl Html {
    /// Compiles the theme's templates.
    pub fn new(theme: &Theme) -> Result<Html, Diagnostic> {
        let templates = theme.templates()?;
        let shown_paths: HashMap<String, String> = templates
            .iter()
            .map(|(name, _, f)| {
                let path = f.shown_path(&format!("templates/{name}"));
                (name.clone(), path.display().to_string())
            })
            .collect();
        let mut tera = Tera::new();
        let html = |tera| Html {
            tera,
            shown_paths: shown_paths.clone(),
        };
        match tera.add_raw_templates(templates.iter().map(|(n, t, _)| (n.as_str(), t.as_str()))) {
            Ok(()) => Ok(html(tera)),
            Err(e) => Err(html(Tera::new()).diagnostic(&e)),
        }
    }

    /// A Tera error as a diagnostic pointing at the template file.
    fn diagnostic(&self, e: &tera::Error) -> Diagnostic {
        let mut text = e.to_string();
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            text.push_str(&format!("\n{s}"));
            source = s.source();
        }
        // Tera 2 points at `--> template.html:line:column`; we point at the file.
        let location = text.lines().find_map(|l| {
            let spot = l.trim_start().strip_prefix("--> ")?;
            let mut parts = spot.rsplitn(3, ':');
            let column: usize = parts.next()?.trim().parse().ok()?;
            let line: usize = parts.next()?.trim().parse().ok()?;
            Some((parts.next()?.to_owned(), line, column))
        });
        let message = text
            .lines()
            .map(|l| l.trim().trim_start_matches("error:").trim())
            .find(|l| !l.is_empty())
            .unwrap_or("unknown error")
            .to_owned();
        let d = Diagnostic::error(format!("template error: {message}"));
        match location {
            Some((name, line, column)) => {
                let shown = self.shown_paths.get(&name).cloned().unwrap_or(name);
                d.in_file(shown).at(line, column)
            }
            None => d,
        }
    }
}

impl Output for Html {
    fn routes(&self, views: &Views<'_>) -> Vec<Route> {
        views.routes()
    }

    fn render(&self, views: &Views<'_>, route: Route) -> Rendered {
        let (Some(built), Some(template)) = (views.build(route), view::template(route)) else {
            return Rendered::failed(Diagnostic::error(format!("{route:?} is not an HTML page")));
        };
        let artifact = Context::from_serialize(&built.page)
            .and_then(|ctx| self.tera.render(template, &ctx))
            .map(|html| Artifact {
                path: views.urls.path(route),
                bytes: html.into_bytes(),
            })
            .map_err(|e| self.diagnostic(&e));
        Rendered {
            more: Vec::new(),
            artifact,
            deps: built.deps,
            diags: built.diags,
        }
    }
}

/// Renders every page of `views` in memory (for `check`): the diagnostics.
pub fn check(html: &Html, views: &Views<'_>) -> Diagnostics {
    use rayon::prelude::*;
    let results: Vec<Rendered> = html
        .routes(views)
        .par_iter()
        .map(|&r| html.render(views, r))
        .collect();
    let mut diags = Diagnostics::new();
    for r in results {
        diags.extend(r.diags);
        if let Err(d) = r.artifact {
            diags.push(d);
        }
    }
    diags
}
