//! The site as `serve` keeps it: the last good build, written into a private
//! folder, and rebuilt incrementally when files change.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use crate::build::incremental::{self, Record};
use crate::build::{Caches, Run, Theming, Written, all_routes, render_routes, write};
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::{self, FileRole};
use crate::model::Kind;
use crate::output::{Artifact, Output};
use crate::source::fingerprint;
use crate::view::{Route, Views};

/// What a rebuild did.
pub struct Rebuild {
    pub rendered: usize,
    pub removed: usize,
    pub full: bool,
    pub elapsed: Duration,
    /// From the start to the changed pages being written and servable (the
    /// search index can come after them).
    pub served: Duration,
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
            served: Duration::ZERO,
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
    /// Files as last parsed and entities as last normalised.
    caches: Caches,
    /// The files of the last search index.
    search: HashSet<String>,
    /// A hash of every file written, so that a file made again the same is
    /// not written again (most shards of a search index, after a rename).
    hashes: HashMap<String, u64>,
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
            caches: Caches::default(),
            search: HashSet::new(),
            hashes: HashMap::new(),
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
        self.rebuild_with(changed, &mut || (), &mut || ())
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
    /// its error overlay before any new page can be requested, and
    /// `pages_written` once the changed pages can be served.
    ///
    /// An incremental rebuild writes the changed pages first and the search
    /// index (with the search page, which carries the index's version)
    /// after them: every name is in the index, so a rename makes the whole
    /// index again, seconds for a large yearbook, and the page the author
    /// is looking at should not wait for it.
    pub fn rebuild_with(
        &mut self,
        changed: &[PathBuf],
        before_write: &mut dyn FnMut(),
        pages_written: &mut dyn FnMut(),
    ) -> Rebuild {
        let start = Instant::now();
        let changed = self.changed_entities(changed);
        self.run = Run::new(&self.root);
        let (graph, mut diagnostics) = match self.run.graph_cached(Some(&mut self.caches)).ok() {
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
        let routes = all_routes(&outputs, &views);
        // What the new build has: every route's file (a route can write more:
        // the shards of a search index, added as they are written).
        let mut now: HashSet<String> = routes.iter().map(|&(_, r)| views.urls.path(r)).collect();
        let incremental = self.record.as_ref().zip(changed.as_ref());
        let full = incremental.is_none();
        let (later, first): (Vec<_>, Vec<_>) = match incremental {
            Some((old, changed)) => incremental::affected(old, &views, routes, changed)
                .into_iter()
                .partition(|&(_, r)| matches!(r, Route::SearchIndex(_) | Route::Search(_))),
            None => (Vec::new(), routes),
        };
        let (files, mut written) = render_kept(&first, &views);
        let render_time = render_start.elapsed();
        diagnostics.extend(written.diags.clone());
        if diagnostics.has_errors() {
            return failed(diagnostics, start);
        }
        before_write();
        now.extend(files.iter().map(|f| f.path.clone()));
        let result = if full {
            self.write_full(&files, &theming, &now)
        } else {
            // The last index's shards stay until the new index is written.
            let kept: HashSet<String> = now.union(&self.search).cloned().collect();
            self.write_changed(&files, &kept)
        };
        let mut removed = match result {
            Ok(n) => n,
            Err(d) => {
                diagnostics.push(d);
                return failed(diagnostics, start);
            }
        };
        pages_written();
        let served = start.elapsed();
        let (index_files, index) = render_kept(&later, &views);
        diagnostics.extend(index.diags.clone());
        if !later.is_empty() {
            now.extend(index_files.iter().map(|f| f.path.clone()));
            match self.write_changed(&index_files, &now) {
                Ok(n) => removed += n,
                Err(d) => diagnostics.push(d),
            }
        }
        if diagnostics.has_errors() {
            // The pages are new and the index may be half old: start afresh.
            self.reset();
            return failed(diagnostics, start);
        }
        written.deps.extend(index.deps);
        if full || !later.is_empty() {
            self.search = search_paths(&written);
        }
        match &mut self.record {
            Some(record) if !full => record.update(&graph, &written),
            _ => self.record = Some(Record::new(&graph, &written)),
        }
        diagnostics.sort();
        Rebuild {
            rendered: files.len() + index_files.len(),
            removed,
            full,
            elapsed: start.elapsed(),
            served,
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
        &mut self,
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
        self.hashes = files
            .iter()
            .map(|f| (f.path.clone(), fingerprint(&f.bytes)))
            .collect();
        Ok(gone)
    }

    /// Each file that changed replaced in place; files the new build
    /// (`now`) does not have removed. Returns how many went away.
    fn write_changed(
        &mut self,
        files: &[Artifact],
        now: &HashSet<String>,
    ) -> Result<usize, Diagnostic> {
        let hashed: Vec<(&Artifact, u64)> =
            files.iter().map(|f| (f, fingerprint(&f.bytes))).collect();
        let different: Vec<&Artifact> = hashed
            .iter()
            .filter(|(f, h)| self.hashes.get(&f.path) != Some(h))
            .map(|&(f, _)| f)
            .collect();
        write::replace_files(&self.dir, &different)?;
        for (f, h) in hashed {
            self.hashes.insert(f.path.clone(), h);
        }
        let gone = self.gone(now);
        for path in &gone {
            let _ = std::fs::remove_file(self.dir.join(path));
            self.hashes.remove(path);
            if let Some(record) = &mut self.record {
                record.remove(path);
            }
        }
        Ok(gone.len())
    }
}

/// Renders `routes`, keeping their files.
fn render_kept(routes: &[(&dyn Output, Route)], views: &Views<'_>) -> (Vec<Artifact>, Written) {
    let files = Mutex::new(Vec::new());
    let written = render_routes(routes, views, |file: &Artifact| {
        files
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .push(file.clone());
        Ok(())
    });
    (
        files.into_inner().unwrap_or_else(|p| p.into_inner()),
        written,
    )
}

/// The files the search index routes of `written` made.
fn search_paths(written: &Written) -> HashSet<String> {
    written
        .deps
        .iter()
        .filter(|(r, _, _)| matches!(r, Route::SearchIndex(_)))
        .flat_map(|(_, paths, _)| paths.iter().cloned())
        .collect()
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
