//! The build as one orchestrator for every command: load → normalise →
//! resolve (the core), then views and outputs, written as they are made into
//! a staging folder that is swapped in at the end. `serve` reuses it through
//! `incremental`.

pub mod atomic;
pub mod incremental;
pub mod interrupt;
pub mod write;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diag::{Diagnostic, Diagnostics, Outcome};
use crate::graph::{self, Graph};
use crate::load;
use crate::model::Site;
use crate::normalise;
use crate::output::html::{Html, theme::Theme};
use crate::output::print::Print;
use crate::output::{Output, Rendered};
use crate::source::SourceMap;
use crate::text::convert::Converter;
use crate::view::{Deps, Route, Strings, Views};

/// One run over a site root. Every file it reads is kept in `sources`, so
/// its diagnostics can be shown without reading a file again.
pub struct Run {
    pub root: PathBuf,
    pub sources: SourceMap,
    /// The print edition: whether to make it besides `pdf:` in yearbook.yaml.
    pub print: PrintOptions,
}

/// What `build --pdf` and `--font-path` ask for.
#[derive(Clone, Debug, Default)]
pub struct PrintOptions {
    /// Make the print edition, whatever `pdf:` in yearbook.yaml says.
    pub pdf: bool,
    /// Folders with more fonts for it.
    pub font_paths: Vec<PathBuf>,
}

/// What a successful build did.
pub struct BuildReport {
    /// HTML pages written.
    pub pages: usize,
    /// Every file written: pages, feeds, data, static files.
    pub files: usize,
    /// Whether a sitemap was made (it needs a `base_url`).
    pub sitemap: bool,
    /// PDFs written (the print edition).
    pub pdfs: usize,
    pub output: PathBuf,
    pub elapsed: Duration,
    pub warnings: Diagnostics,
}

/// The theme, compiled, with its UI strings: what outputs need besides the graph.
pub struct Theming {
    pub theme: Theme,
    pub html: Html,
    pub strings: Strings,
    data: crate::output::data::Data,
}

impl Theming {
    pub fn load(root: &Path, graph: &Graph) -> Result<Theming, Diagnostics> {
        let site = &graph.site;
        let theme = Theme::load(root, site.yearbook.theme_name())?;
        let html = Html::new(&theme)?;
        let mut strings = Strings::new();
        let mut diags = Diagnostics::new();
        for &e in &site.editions {
            match theme.strings(e) {
                Ok(s) => {
                    strings.insert(e, s);
                }
                Err(d) => diags.push(d),
            }
        }
        if diags.has_errors() {
            return Err(diags);
        }
        Ok(Theming {
            theme,
            html,
            strings,
            data: Default::default(),
        })
    }

    /// Every output of a build: HTML pages and their siblings.
    pub fn outputs(&self) -> Vec<&dyn Output> {
        vec![
            &self.html,
            &crate::output::feeds::Feeds,
            &crate::output::sitemap::Sitemap,
            &crate::output::search::SearchFiles,
            &self.data,
        ]
    }
}

/// What `serve` keeps between rebuilds: files as last parsed and entities
/// as last normalised, for those whose text did not change.
#[derive(Default)]
pub struct Caches {
    pub parsed: load::cache::Cache,
    pub normalised: normalise::cache::Cache,
}

impl Run {
    pub fn new(root: &Path) -> Run {
        Run {
            root: root.to_owned(),
            sources: SourceMap::new(root),
            print: PrintOptions::default(),
        }
    }

    /// Load and normalise. The site is there whenever `content/` could be
    /// read; errors mean it must go no further than checking.
    pub fn site(&self) -> Outcome<Site> {
        self.site_cached(None)
    }

    /// `site`, taking unchanged files and entities from `caches` (`serve`).
    fn site_cached(&self, caches: Option<&mut Caches>) -> Outcome<Site> {
        let (parsed, mut entities) = match caches {
            Some(c) => (Some(&mut c.parsed), Some(&mut c.normalised)),
            None => (None, None),
        };
        let loaded = load::load_cached(&self.root, &self.sources, parsed);
        let mut diags = loaded.diags;
        let Some(mut content) = loaded.value else {
            return Outcome::failed(diags);
        };
        content.pins = normalise::name_pins(&content);
        let glossary = content.terms();
        let converter =
            match Converter::new(&content.yearbook.conversion, &glossary, content.groups) {
                Ok(c) => c,
                Err(m) => {
                    diags.push(Diagnostic::error(m));
                    return Outcome::failed(diags);
                }
            };
        if let Some(cache) = entities.as_deref_mut() {
            cache.prepare(&content.yearbook.conversion, content.groups, &glossary);
        }
        let normalised = normalise::normalise(content, &converter, &self.sources, entities);
        diags.extend(normalised.diags);
        Outcome::new(normalised.value, diags)
    }

    /// Load, normalise and resolve: everything but rendering.
    pub fn graph(&self) -> Outcome<Graph> {
        self.graph_cached(None)
    }

    /// `graph`, taking unchanged files and entities from `caches` (`serve`).
    pub fn graph_cached(&self, caches: Option<&mut Caches>) -> Outcome<Graph> {
        let site = self.site_cached(caches);
        let mut diags = site.diags;
        let Some(site) = site.value else {
            return Outcome::failed(sorted(diags));
        };
        let resolved = graph::resolve(site);
        diags.extend(resolved.diags);
        Outcome::new(resolved.value, sorted(diags))
    }

    /// `nianjian check`: everything, with pages rendered in memory so
    /// template errors show too. Nothing is written.
    pub fn check_all(&self) -> Diagnostics {
        let (graph, mut diags) = match self.graph().ok() {
            Ok(ok) => ok,
            Err(diags) => return diags,
        };
        match Theming::load(&self.root, &graph) {
            Ok(t) => match Views::new(&graph, &t.strings) {
                Ok(mut views) => {
                    views.index_search = false;
                    diags.extend(crate::output::html::check(&t.html, &views));
                }
                Err(d) => diags.push(d),
            },
            Err(d) => diags.extend(d),
        }
        sorted(diags)
    }

    /// Builds the site into `output`. On any error the output is untouched.
    pub fn build(&self, output: &Path) -> Result<BuildReport, Diagnostics> {
        let start = Instant::now();
        write::check_output(&self.root, output)?;
        let (graph, mut diags) = self.graph().ok()?;
        let theming = Theming::load(&self.root, &graph).map_err(|d| with(d, &diags))?;
        let mut views = Views::new(&graph, &theming.strings).map_err(|d| with(d.into(), &diags))?;
        let print = if self.print.pdf || graph.site.yearbook.pdf {
            let p = Print::new(&self.root, &self.print.font_paths);
            Some(p.map_err(|d| with(d.into(), &diags))?)
        } else {
            None
        };
        views.pdf = print.is_some();
        let mut outputs = theming.outputs();
        outputs.extend(print.as_ref().map(|p| p as &dyn Output));
        let staging = write::Staging::new(output).map_err(|d| with(d.into(), &diags))?;
        let written = render_all(&outputs, &views, |file| {
            staging.write(&file.path, &file.bytes)
        });
        diags.extend(written.diags);
        for (path, bytes) in theming.theme.statics() {
            if let Err(d) = staging.write(&format!("static/{path}"), bytes) {
                diags.push(d);
            }
        }
        if diags.has_errors() {
            return Err(sorted(diags));
        }
        staging.commit().map_err(|d| with(d.into(), &diags))?;
        let pages = written.deps.iter().filter(|(r, _, _)| r.is_page()).count();
        Ok(BuildReport {
            pages,
            files: written.files + theming.theme.statics().count(),
            sitemap: views.urls.has_base(),
            pdfs: written
                .deps
                .iter()
                .filter(|(r, _, _)| matches!(r, Route::Pdf(_)))
                .count(),
            output: output.to_owned(),
            elapsed: start.elapsed(),
            warnings: sorted(diags),
        })
    }
}

/// `more` followed by what was found before it.
fn with(mut more: Diagnostics, before: &Diagnostics) -> Diagnostics {
    more.extend(before.clone());
    sorted(more)
}

fn sorted(mut diags: Diagnostics) -> Diagnostics {
    diags.sort();
    diags
}

/// What rendering routes gave.
pub struct Written {
    pub files: usize,
    /// Every route rendered, with the files it wrote and what it showed.
    pub deps: Vec<(Route, Vec<String>, Deps)>,
    pub diags: Diagnostics,
}

/// Every route of every output, with the output that makes it.
pub fn all_routes<'o>(
    outputs: &[&'o dyn Output],
    views: &Views<'_>,
) -> Vec<(&'o dyn Output, Route)> {
    outputs
        .iter()
        .flat_map(|o| o.routes(views).into_iter().map(move |r| (*o, r)))
        .collect()
}

/// Renders every route of every output in parallel, handing each file to
/// `sink` as soon as it is made (so the site is never held in memory).
pub fn render_all(
    outputs: &[&dyn Output],
    views: &Views<'_>,
    sink: impl Fn(&crate::output::Artifact) -> Result<(), Diagnostic> + Sync,
) -> Written {
    render_routes(&all_routes(outputs, views), views, sink)
}

/// Renders the given routes, each by its output.
pub fn render_routes(
    work: &[(&dyn Output, Route)],
    views: &Views<'_>,
    sink: impl Fn(&crate::output::Artifact) -> Result<(), Diagnostic> + Sync,
) -> Written {
    // One task a route: rayon would otherwise hand a thread a run of
    // neighbouring routes, and the books of the print edition, which sit
    // together at the end and take seconds each, were made one after the
    // other while the other threads had nothing left to do.
    let results: Vec<(Route, Vec<String>, Deps, Diagnostics)> = work
        .par_iter()
        .with_max_len(1)
        .map(|&(output, route)| {
            let Rendered {
                artifact,
                more,
                deps,
                mut diags,
            } = output.render(views, route);
            let mut paths = Vec::new();
            match artifact {
                Ok(file) => {
                    for f in std::iter::once(file).chain(more) {
                        match sink(&f) {
                            Ok(()) => paths.push(f.path),
                            Err(d) => diags.push(d),
                        }
                    }
                }
                Err(d) => diags.push(d),
            }
            (route, paths, deps, diags)
        })
        .collect();
    let mut written = Written {
        files: 0,
        deps: Vec::with_capacity(results.len()),
        diags: Diagnostics::new(),
    };
    for (route, paths, deps, diags) in results {
        written.diags.extend(diags);
        written.files += paths.len();
        if !paths.is_empty() {
            written.deps.push((route, paths, deps));
        }
    }
    written
}
