//! The site as `serve` keeps it: the last good build, written into a private
//! folder, and rebuilt incrementally when files change.

use std::collections::{BTreeSet, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::diag::Diagnostics;
use crate::load::{self, FileRole};
use crate::model::{Edition, Kind};
use crate::pipeline;
use crate::render::{PageId, Renderer, theme::Theme};
use crate::resolve::Graph;
use crate::write;

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
}

pub struct LiveSite {
    root: PathBuf,
    /// The served folder (inside a private temporary folder).
    dir: PathBuf,
    graph: Option<Graph>,
    /// Output paths of the pages of the last good build.
    pages: HashSet<String>,
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
            graph: None,
            pages: HashSet::new(),
        }
    }

    /// Whether any of `paths` matters to the site.
    pub fn is_relevant(&self, paths: &[PathBuf]) -> bool {
        paths.iter().any(|p| classify(&self.root, p).is_some())
    }

    /// Rebuilds after `changed` paths changed; an empty list means everything.
    pub fn rebuild(&mut self, changed: &[PathBuf]) -> Rebuild {
        self.rebuild_with(changed, &mut || ())
    }

    /// Like `rebuild`, calling `before_write` once the new build is known to
    /// be good and just before its pages are written, so the server can drop
    /// its error overlay before any new page can be requested.
    pub fn rebuild_with(&mut self, changed: &[PathBuf], before_write: &mut dyn FnMut()) -> Rebuild {
        let start = Instant::now();
        let changes: BTreeSet<Change> = if changed.is_empty() {
            BTreeSet::from([Change::Everything])
        } else {
            changed
                .iter()
                .filter_map(|p| classify(&self.root, p))
                .collect()
        };
        let (graph, mut diagnostics) = pipeline::check(&self.root);
        let check_time = start.elapsed();
        let Some(graph) = graph else {
            return self.failed(diagnostics, start);
        };
        let theme = match Theme::load(&self.root, &graph.site.yearbook.theme) {
            Ok(t) => t,
            Err(d) => {
                diagnostics.push(d);
                return self.failed(diagnostics, start);
            }
        };
        let renderer = match Renderer::new(&graph, &theme) {
            Ok(r) => r,
            Err(d) => {
                diagnostics.extend(d);
                return self.failed(diagnostics, start);
            }
        };
        let full = self.graph.is_none() || changes.contains(&Change::Everything);
        let ids = if full {
            renderer.all_pages()
        } else {
            let old = self
                .graph
                .as_ref()
                .expect("not full, so there is a previous build");
            affected_pages(old, &graph, &changes)
        };
        let render_start = Instant::now();
        let (mut pages, d) = renderer.render(&ids);
        let rendered = pages.len();
        diagnostics.extend(d);
        // The search index covers every entity: rebuilt on every change.
        match crate::search::from_graph::pages(&graph, &theme, &renderer) {
            Ok(search) => pages.extend(search),
            Err(d) => diagnostics.extend(d),
        }
        let render_time = render_start.elapsed();
        if diagnostics.has_errors() {
            return self.failed(diagnostics, start);
        }
        let new_paths: HashSet<String> = renderer
            .all_pages()
            .into_iter()
            .map(|id| renderer.path(id))
            .chain(pages[rendered..].iter().map(|p| p.path.clone()))
            .collect();
        before_write();
        let written = if full {
            write::write_site(&self.dir, &pages, theme.statics())
        } else {
            write::write_pages(&self.dir, &pages)
        };
        if let Err(d) = written {
            diagnostics.push(d);
            return self.failed(diagnostics, start);
        }
        // Pages of entities that no longer exist.
        let gone: Vec<&String> = self.pages.difference(&new_paths).collect();
        let removed = gone.len();
        if !full {
            for path in gone {
                let _ = std::fs::remove_file(self.dir.join(path));
            }
        }
        self.pages = new_paths;
        self.graph = Some(graph);
        diagnostics.sort();
        Rebuild {
            rendered,
            removed,
            full,
            elapsed: start.elapsed(),
            check_time,
            render_time,
            diagnostics,
        }
    }

    fn failed(&self, diagnostics: Diagnostics, start: Instant) -> Rebuild {
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

/// The pages a change to some entities touches: their own pages, every page
/// that shows them (before or after the change), and the home and index pages.
fn affected_pages(old: &Graph, new: &Graph, changes: &BTreeSet<Change>) -> Vec<PageId> {
    let changed: HashSet<(Kind, &str)> = changes
        .iter()
        .filter_map(|c| match c {
            Change::Entity(k, s) => Some((*k, s.as_str())),
            Change::Everything => None,
        })
        .collect();
    let mut entities: BTreeSet<(Kind, usize)> = BTreeSet::new();
    for &(kind, slug) in &changed {
        if let Some(i) = new.find(kind, slug) {
            entities.insert((kind, i));
        }
    }
    for graph in [old, new] {
        for kind in Kind::ALL {
            for i in 0..graph.len(kind) {
                let shows_changed = graph
                    .shown_on_page(kind, i)
                    .iter()
                    .any(|&(k, j)| changed.contains(&(k, graph.slug(k, j))));
                if shows_changed && let Some(n) = new.find(kind, graph.slug(kind, i)) {
                    entities.insert((kind, n));
                }
            }
        }
    }
    // Index pages that can show an entity of each changed kind: the events
    // index shows where each event took place; the homes show counts and
    // the latest events, and are small.
    let mut indexes: BTreeSet<Kind> = BTreeSet::new();
    for &(kind, _) in &changed {
        indexes.insert(kind);
        if kind == Kind::City {
            indexes.insert(Kind::Event);
        }
    }
    let editions: &[Edition] = &new.site.editions;
    let mut ids = Vec::new();
    for &e in editions {
        ids.push(PageId::Home(e));
        ids.extend(indexes.iter().map(|&k| PageId::Index(e, k)));
        ids.extend(entities.iter().map(|&(k, i)| PageId::Entity(e, k, i)));
    }
    ids
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
