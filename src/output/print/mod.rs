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
use std::sync::Mutex;
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
    /// Held by a book too big to be laid out beside another one (see
    /// [`Book::estimated_memory`]): `build` renders routes in parallel, and
    /// two such books at once would run the machine out of memory. Smaller
    /// books do not wait for it: making them wait on the build's threads
    /// could deadlock (a thread lent to Typst's work may hold a small book
    /// lower in its stack), so one may still be laid out beside a big one.
    alone: Mutex<()>,
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
                alone: Mutex::new(()),
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
        let result = self.typeset_apart(&book, must_be_alone(book.estimated_memory()));
        let (pdf, warnings) = result.map_err(|err| error(&err))?;
        let warnings = warnings
            .into_iter()
            .map(|w| Diagnostic::warning(format!("print edition {}: {w}", e.tag())))
            .collect();
        Ok((pdf, warnings))
    }

    /// Typesets `book`; when `alone`, on threads of its own and after any
    /// other book that must be alone. The build's rayon thread that asked
    /// for such a book only waits for it: were the lock taken there, the
    /// thread, lent to other tasks while Typst's own parallel work ran,
    /// could start another book's task and wait for the lock it holds.
    /// (Small books stay on the build's threads: a second pool of threads
    /// beside it cost the sample's build 30 % more CPU.)
    fn typeset_apart(
        &self,
        book: &Book,
        alone: bool,
    ) -> Result<(Vec<u8>, Vec<String>), PrintError> {
        if !alone {
            return self.typeset_counted(book);
        }
        std::thread::scope(|s| {
            s.spawn(|| self.typeset_alone(book))
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
        })
    }

    /// On a thread that is not the build's: waits for the other books that
    /// must be alone, then lays `book` out on a thread pool of its own.
    fn typeset_alone(&self, book: &Book) -> Result<(Vec<u8>, Vec<String>), PrintError> {
        // A poisoned lock only means another book failed; this one can go on.
        let _alone = self.alone.lock().unwrap_or_else(|p| p.into_inner());
        // Without a pool of its own, Typst's parallel work would go to the
        // build's threads, which may all be waiting for books.
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(rayon::current_num_threads())
            .build()
            .map_err(|e| PrintError::Io(format!("no threads for a book laid out alone: {e}")))?;
        let result = pool.install(|| self.typeset_counted(book));
        // Smaller books may still be laid out, but this one's memo must not
        // stay for the next big book.
        release_caches();
        result
    }

    /// Typesets `book`, counted in `busy` while it is laid out (a book
    /// waiting for the `alone` lock is not), so what Typst memoized is
    /// freed as soon as no book is being laid out: a book that must be
    /// alone starts with what the one before it memoized given back.
    fn typeset_counted(&self, book: &Book) -> Result<(Vec<u8>, Vec<String>), PrintError> {
        self.busy.fetch_add(1, Ordering::SeqCst);
        let result = self.typeset(book);
        if self.busy.fetch_sub(1, Ordering::SeqCst) == 1 {
            release_caches();
        }
        result
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

/// Whether a book of `estimate` bytes is typeset alone: when two of it
/// would not fit in the memory left, or when `NIANJIAN_BOOKS_ALONE=1` asks
/// for every book to be made alone (docs/print.md).
fn must_be_alone(estimate: u64) -> bool {
    std::env::var_os("NIANJIAN_BOOKS_ALONE").is_some_and(|v| v == "1")
        || available_memory().is_some_and(|free| estimate.saturating_mul(2) > free)
}

/// Memory this process can still have, in bytes: `MemAvailable` of
/// `/proc/meminfo`, or less when a control group (a container) limits it;
/// `None` where neither is known.
fn available_memory() -> Option<u64> {
    let read = |path: &str| std::fs::read_to_string(path).ok();
    let number = |text: Option<String>| text?.trim().parse::<u64>().ok();
    let system = read("/proc/meminfo").and_then(|m| {
        let line = m.lines().find(|l| l.starts_with("MemAvailable:"))?;
        Some(line.split_whitespace().nth(1)?.parse::<u64>().ok()? * 1024)
    });
    // cgroup v2, then v1; "max" (v2) or a huge number (v1) is no limit.
    let group = [
        ("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory.current"),
        (
            "/sys/fs/cgroup/memory/memory.limit_in_bytes",
            "/sys/fs/cgroup/memory/memory.usage_in_bytes",
        ),
    ]
    .into_iter()
    .find_map(|(limit, usage)| Some(number(read(limit))?.saturating_sub(number(read(usage))?)));
    match (system, group) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
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
