//! The site as `serve` keeps it: the last good build, written into a private
//! folder, and rebuilt incrementally when files change.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::build::incremental::{self, Record};
use crate::build::{Run, Theming, all_routes, render_all, render_routes, write};
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::{self, FileRole};
use crate::model::Kind;
use crate::output::Artifact;
use crate::view::Views;

/// What a rebuild did.
pub struct Rebuild {
    pub rendered: usize,
    pub removed: usize,
    pub full: bool,
    pub elapsed: Duration,
    /// Time spent loading, normalising and resolving, and rendering.
    pub check_time: Duration,
    pub render_time: Duration,
    /// Errors when the build failed (the last good build stays served),
    /// and warnings either way.
    pub diagnostics: Diagnostics,
}

impl Rebuild {
    pub fn failed(&self) -> bool {
        self.diagnostics.has_errors()
    }

    /// A rebuild that stopped at `diagnostics`; the last good build stays.
    pub fn failure(diagnostics: Diagnostics, start: Instant) -> Rebuild {
        Rebuild {
            rendered: 0,
            removed: 0,
            full: false,
            elapsed: start.elapsed(),
            check_time: Duration::ZERO,
            render_time: Duration::ZERO,
            diagnostics,
        }
    }
}

pub struct LiveSite {
    root: PathBuf,
    /// The served folder (inside a private temporary folder).
    dir: PathBuf,
    /// What the last good build's pages showed; `None` before the first.
    record: Option<Record>,
    /// The last run, whose sources the diagnostics printer reads.
    pub run: Run,
}

/// What a changed path means for the rebuild.
#[derive(Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Change {
    Entity(Kind, String),
    Everything,
}

fn classify(root: &Path, path: &Path) -> Option<Change> {
    let rel = path.strip_prefix(root).unwrap_or(path);
    if rel.starts_with("themes") {
        return Some(Change::Everything);
    }
    let in_content = rel.strip_prefix("content").ok()?;
    let hidden = in_content
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'));
    if hidden {
        return None; // editor swap files
    }
    match load::classify(in_content) {
        Ok(Some(FileRole::Data(kind, slug) | FileRole::Body(kind, slug, _))) => {
            Some(Change::Entity(kind, slug))
        }
        // Site-wide files, folders (a renamed folder moves many files), and
        // misnamed files, which the rebuild reports.
        _ => Some(Change::Everything),
    }
}

impl LiveSite {
    pub fn new(root: &Path, dir: &Path) -> LiveSite {
        LiveSite {
            root: root.to_owned(),
            dir: dir.to_owned(),
            record: None,
            run: Run::new(root),
        }
    }

    /// Forgets what the last build showed (after a rebuild that did not
    /// finish): the next rebuild is a full one.
    pub fn reset(&mut self) {
        self.record = None;
    }

    /// Whether any of `paths` matters to the site.
    pub fn is_relevant(&self, paths: &[PathBuf]) -> bool {
        paths.iter().any(|p| classify(&self.root, p).is_some())
    }

    /// Rebuilds after `changed` paths changed; an empty list means everything.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Rebuild {
        self.rebuild_with(changed, &mut || ())
    }

    /// The entities `changed` paths are about, or `None` for everything.
    fn changed_entities(&self, changed: &[PathBuf]) -> Option<BTreeSet<incremental::Key>> {
        let mut keys = BTreeSet::new();
        for p in changed {
            match classify(&self.root, p) {
                Some(Change::Entity(k, s)) => {
                    keys.insert((k, s));
                }
                Some(Change::Everything) => return None,
                None => {}
            }
        }
        (!changed.is_empty()).then_some(keys)
    }

    /// Like `rebuild`, calling `before_write` once the new build is known to
    /// be good and just before its pages are written, so the server can drop
    /// its error overlay before any new page can be requested.
    pub fn rebuild_with(&mut self, changed: &[PathBuf], before_write: &mut dyn FnMut()) -> Rebuild {
        let start = Instant::now();
        let changed = self.changed_entities(changed);
        self.run = Run::new(&self.root);
        let (graph, mut diagnostics) = match self.run.graph().ok() {
            Ok(ok) => ok,
            Err(d) => return failed(d, start),
        };
        let check_time = start.elapsed();
        let theming = match Theming::load(&self.root, &graph) {
            Ok(t) => t,
            Err(d) => return failed(with(diagnostics, d), start),
        };
        let views = match Views::new(&graph, &theming.strings) {
            Ok(v) => v,
            Err(d) => return failed(with(diagnostics, d.into()), start),
        };
        let render_start = Instant::now();
        let outputs = theming.outputs();
        let files = Mutex::new(Vec::new());
        let keep = |file: &Artifact| {
            files
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .push(file.clone());
            Ok(())
        };
        let incremental = self.record.as_ref().zip(changed.as_ref());
        let written = match incremental {
            Some((old, changed)) => {
                let work =
                    incremental::affected(old, &views, all_routes(&outputs, &views), changed);
                render_routes(&work, &views, keep)
            }
            None => render_all(&outputs, &views, keep),
        };
        let render_time = render_start.elapsed();
        diagnostics.extend(written.diags.clone());
        if diagnostics.has_errors() {
            return failed(diagnostics, start);
        }
        let files = files.into_inner().unwrap_or_else(|p| p.into_inner());
        before_write();
        let full = incremental.is_none();
        // What the new build has: every route's file, and every file written
        // (a route can write several: the shards of a search index).
        let now: HashSet<String> = all_routes(&outputs, &views)
            .into_iter()
            .map(|(_, r)| views.urls.path(r))
            .chain(files.iter().map(|f| f.path.clone()))
            .collect();
        let result = if full {
            self.write_full(&files, &theming, &now)
        } else {
            self.write_changed(&files, &now)
        };
        let removed = match result {
            Ok(removed) => removed,
            Err(d) => {
                diagnostics.push(d);
                return failed(diagnostics, start);
            }
        };
        match &mut self.record {
            Some(record) if !full => record.update(&graph, &written),
            _ => self.record = Some(Record::new(&graph, &written)),
        }
        diagnostics.sort();
        Rebuild {
            rendered: files.len(),
            removed,
            full,
            elapsed: start.elapsed(),
            check_time,
            render_time,
            diagnostics,
        }
    }

    /// Paths of the last good build that the new one (`now`) no longer has.
    fn gone(&self, now: &HashSet<String>) -> Vec<String> {
        let Some(record) = &self.record else {
            return Vec::new();
        };
        record
            .paths()
            .filter(|p| !now.contains(*p))
            .cloned()
            .collect()
    }

    /// A whole new folder, swapped in. Returns how many pages went away.
    fn write_full(
        &self,
        files: &[Artifact],
        theming: &Theming,
        now: &HashSet<String>,
    ) -> Result<usize, Diagnostic> {
        let staging = write::Staging::new(&self.dir)?;
        for f in files {
            staging.write(&f.path, &f.bytes)?;
        }
        for (path, bytes) in theming.theme.statics() {
            staging.write(&format!("static/{path}"), bytes)?;
        }
        let gone = self.gone(now).len();
        staging.commit()?;
        Ok(gone)
    }

    /// Each file replaced in place; pages of entities that no longer exist
    /// removed. Returns how many went away.
    fn write_changed(
        &mut self,
        files: &[Artifact],
        now: &HashSet<String>,
    ) -> Result<usize, Diagnostic> {
        write::replace_files(&self.dir, files)?;
        let gone = self.gone(now);
        for path in &gone {
            let _ = std::fs::remove_file(self.dir.join(path));
            if let Some(record) = &mut self.record {
                record.remove(path);
            }
        }
        Ok(gone.len())
    }
}

fn with(mut first: Diagnostics, more: Diagnostics) -> Diagnostics {
    first.extend(more);
    first.sort();
    first
}

fn failed(diagnostics: Diagnostics, start: Instant) -> Rebuild {
    Rebuild::failure(diagnostics, start)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changed_paths_are_classified_like_load_reads_them() {
        let root = Path::new("/site");
        let at = |p: &str| classify(root, &root.join(p));
        assert_eq!(
            at("content/cities/kr/seoul/gangnam-seoul.zh-Hans.md"),
            Some(Change::Entity(Kind::City, "gangnam-seoul".into()))
        );
        assert_eq!(
            at("content/events/2024/near-day-2024.yaml"),
            Some(Change::Entity(Kind::Event, "near-day-2024".into()))
        );
        // A folder is not an entity: whatever moved with it, rebuild all.
        assert_eq!(at("content/cities/kr"), Some(Change::Everything));
        assert_eq!(at("content/glossary.yaml"), Some(Change::Everything));
        assert_eq!(
            at("themes/default/static/style.css"),
            Some(Change::Everything)
        );
        assert_eq!(at("content/cities/.jinan.yaml.swp"), None);
        assert_eq!(at("output/index.html"), None);
    }
}
