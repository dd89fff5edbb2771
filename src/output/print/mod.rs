//! The print edition: one PDF per edition, typeset with Typst used as a
//! library, made from the same typed views as the site (docs/print.md).
//!
//! `from_views` turns the views into a [`Book`] (plain data in the
//! edition's script and order); `typeset` lays it out with `book.typ`.
//! Typst sits behind the `pdf` cargo feature (on by default): without it
//! the output still exists and reports how to get it.

mod book;
mod from_views;
pub mod index;
pub mod markup;

#[cfg(feature = "pdf")]
mod fonts;
#[cfg(feature = "pdf")]
mod typeset;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

pub use book::*;
#[cfg(feature = "pdf")]
pub use fonts::FontSet;
pub use from_views::book;

use super::{Artifact, Output, Rendered};
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{Edition, Kind};
use crate::view::{Route, Views};

/// The print edition as an output: one route per edition, `Route::Pdf`.
pub struct Print {
    /// Fonts found once and shared by every book of a build.
    #[cfg(feature = "pdf")]
    fonts: FontSet,
    /// The site root, for `content/preface.<lang>.md`.
    root: PathBuf,
    /// Books being typeset now: Typst's memoized layouts are freed when the
    /// last one is done (each book is compiled once, so none is worth keeping).
    busy: AtomicUsize,
}

impl Print {
    /// Finds fonts: the system's and those in `font_paths`. Fails with a
    /// diagnostic naming the package to install when none can set Chinese.
    pub fn new(root: &Path, font_paths: &[PathBuf]) -> Result<Print, Diagnostic> {
        #[cfg(feature = "pdf")]
        {
            let fonts = FontSet::discover(font_paths).map_err(|e| {
                let d = Diagnostic::error(e.to_string());
                match e {
                    PrintError::NoCjkFont { .. } => {
                        d.help("on Debian or Ubuntu: sudo apt-get install fonts-noto-cjk")
                    }
                    _ => d,
                }
            })?;
            Ok(Print {
                fonts,
                root: root.to_owned(),
                busy: AtomicUsize::new(0),
            })
        }
        #[cfg(not(feature = "pdf"))]
        {
            let _ = (root, font_paths);
            Err(Diagnostic::error(PrintError::NotBuilt.to_string()))
        }
    }

    /// The PDF of one edition, and Typst's warnings.
    pub fn pdf(&self, views: &Views<'_>, e: Edition) -> Result<(Vec<u8>, Diagnostics), Diagnostic> {
        let error = |err: &dyn std::fmt::Display| {
            Diagnostic::error(format!("print edition {}: {err}", e.tag()))
        };
        let cx = views.cx(Route::Pdf(e));
        let preface = preface(&self.root, e).map_err(|m| error(&m))?;
        let book = from_views::book(&cx, preface.as_deref()).map_err(|m| error(&m))?;
        self.busy.fetch_add(1, Ordering::SeqCst);
        let result = self.typeset(&book);
        if self.busy.fetch_sub(1, Ordering::SeqCst) == 1 {
            release_caches();
        }
        let (pdf, warnings) = result.map_err(|err| error(&err))?;
        let warnings = warnings
            .into_iter()
            .map(|w| Diagnostic::warning(format!("print edition {}: {w}", e.tag())))
            .collect();
        Ok((pdf, warnings))
    }

    #[cfg(feature = "pdf")]
    fn typeset(&self, book: &Book) -> Result<(Vec<u8>, Vec<String>), PrintError> {
        typeset::typeset_with_warnings(book, &self.fonts)
    }

    #[cfg(not(feature = "pdf"))]
    fn typeset(&self, _book: &Book) -> Result<(Vec<u8>, Vec<String>), PrintError> {
        Err(PrintError::NotBuilt)
    }
}

#[cfg(feature = "pdf")]
fn release_caches() {
    typeset::release_caches();
}

#[cfg(not(feature = "pdf"))]
fn release_caches() {}

impl Output for Print {
    fn routes(&self, views: &Views<'_>) -> Vec<Route> {
        views
            .graph
            .site
            .editions
            .iter()
            .map(|&e| Route::Pdf(e))
            .collect()
    }

    fn render(&self, views: &Views<'_>, route: Route) -> Rendered {
        let Route::Pdf(e) = route else {
            return Rendered::failed(Diagnostic::error(format!(
                "the print edition has no route {route:?}"
            )));
        };
        match self.pdf(views, e) {
            Ok((bytes, diags)) => {
                // The book shows every entity and every list.
                let cx = views.cx(route);
                for kind in Kind::ALL {
                    cx.read_all(kind);
                }
                let (deps, _) = cx.finish();
                Rendered {
                    artifact: Ok(Artifact {
                        path: views.urls.path(route),
                        bytes,
                    }),
                    more: Vec::new(),
                    deps,
                    diags,
                }
            }
            Err(d) => Rendered::failed(d),
        }
    }
}

/// The editor's note for `e`, as Markdown: `content/preface.<tag>.md`; a
/// Chinese edition without its own takes the other script's or `zh`'s
/// (`from_views` converts it). English has only its own.
fn preface(root: &Path, e: Edition) -> Result<Option<String>, String> {
    let tags: &[&str] = match e {
        Edition::En => &["en"],
        Edition::ZhHans => &["zh-Hans", "zh-Hant", "zh"],
        Edition::ZhHant => &["zh-Hant", "zh-Hans", "zh"],
    };
    for tag in tags {
        let path = root.join("content").join(format!("preface.{tag}.md"));
        match std::fs::read_to_string(&path) {
            Ok(t) => return Ok(Some(t)),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => {}
            Err(err) => return Err(format!("cannot read {}: {err}", path.display())),
        }
    }
    Ok(None)
}

/// `nianjian pdf`: the PDF of one edition, written atomically to `output`.
pub fn write_one(
    print: &Print,
    views: &Views<'_>,
    e: Edition,
    output: &Path,
) -> Result<Diagnostics, Diagnostic> {
    let (pdf, warnings) = print.pdf(views, e)?;
    if let Some(dir) = output.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)
            .map_err(|err| Diagnostic::error(format!("cannot create {}: {err}", dir.display())))?;
    }
    crate::build::atomic::write(output, &pdf)
        .map_err(|err| Diagnostic::error(format!("cannot write {}: {err}", output.display())))?;
    Ok(warnings)
}
