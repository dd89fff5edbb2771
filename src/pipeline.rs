//! The build as one function per command: load → normalise → resolve →
//! render → write, with the diagnostics of every stage collected.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diag::Diagnostics;
use crate::load;
use crate::normalise::{self, Converter};
use crate::render::{Page, Renderer, theme::Theme};
use crate::resolve::{self, Graph};
use crate::write;

/// What a successful build did.
pub struct BuildReport {
    pub pages: usize,
    pub output: PathBuf,
    pub elapsed: Duration,
    pub warnings: Diagnostics,
}

/// Load and normalise. Returns the site when there were no errors, and all
/// diagnostics either way.
pub fn load_site(root: &Path) -> (Option<normalise::Site>, Diagnostics) {
    let (content, mut diags) = load::load(root);
    let Some(content) = content else {
        diags.sort();
        return (None, diags);
    };
    let converter = match Converter::new(&content.yearbook.conversion, &content.glossary) {
        Ok(c) => c,
        Err(m) => {
            diags.push(crate::diag::Diagnostic::error(m));
            return (None, diags);
        }
    };
    let (site, d) = normalise::normalise(content, &converter, root);
    diags.extend(d);
    diags.sort();
    if diags.has_errors() {
        return (None, diags);
    }
    (Some(site), diags)
}

/// Load, normalise and resolve: everything but rendering. Returns the graph
/// when there were no errors, and all diagnostics either way.
pub fn check(root: &Path) -> (Option<Graph>, Diagnostics) {
    let (site, mut diags) = load_site(root);
    let Some(site) = site else {
        return (None, diags);
    };
    let (graph, d) = resolve::resolve(site);
    diags.extend(d);
    diags.sort();
    if diags.has_errors() {
        return (None, diags);
    }
    (graph, diags)
}

/// `nianjian check`: load, normalise, resolve, and render in memory so
/// template errors show too. Nothing is written.
pub fn check_all(root: &Path) -> Diagnostics {
    let (graph, mut diags) = check(root);
    if let Some(graph) = graph {
        match render(root, &graph) {
            Ok((_, _, d)) | Err(d) => diags.extend(d),
        }
    }
    diags.sort();
    diags
}

/// Renders every page of a resolved site.
pub fn render(root: &Path, graph: &Graph) -> Result<(Vec<Page>, Theme, Diagnostics), Diagnostics> {
    let theme =
        Theme::load(root, &graph.site.yearbook.theme).map_err(|d| Diagnostics::from_iter([d]))?;
    let renderer = Renderer::new(graph, &theme)?;
    let (mut pages, diags) = renderer.render(&renderer.all_pages());
    if diags.has_errors() {
        return Err(diags);
    }
    pages.extend(crate::search::from_graph::pages(graph, &theme, &renderer)?);
    Ok((pages, theme, diags))
}

/// Builds the site in `root` into `output`. On any error nothing is written.
pub fn build(root: &Path, output: &Path) -> Result<BuildReport, Diagnostics> {
    let start = Instant::now();
    write::check_output(root, output).map_err(|d| Diagnostics::from_iter([d]))?;
    let (graph, mut diags) = check(root);
    let Some(graph) = graph else {
        return Err(diags);
    };
    let (pages, theme, d) = render(root, &graph).map_err(|mut d| {
        d.extend(diags.clone());
        d.sort();
        d
    })?;
    diags.extend(d);
    write::write_site(output, &pages, theme.statics()).map_err(|d| {
        let mut all = diags.clone();
        all.push(d);
        all
    })?;
    diags.sort();
    Ok(BuildReport {
        pages: pages.len(),
        output: output.to_owned(),
        elapsed: start.elapsed(),
        warnings: diags,
    })
}
