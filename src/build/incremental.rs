//! Incremental rebuilds for `serve`: which pages a change touches, found by
//! inverting what each page's view recorded it read (`view::Deps`), not by
//! a second description of what pages show.
//!
//! A change to an entity touches: its own pages; every page that showed it
//! in the last build; the pages of every entity it refers to, before and
//! after (their back-links change); and, when it was added or removed, every
//! page that lists its whole kind.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::sync::Arc;

use super::Written;
use crate::graph::{AnyId, Graph};
use crate::model::Kind;
use crate::output::Output;
use crate::view::{Route, Views};

/// An entity by kind and slug: stable across builds, unlike its index.
pub type Key = (Kind, String);

fn key(graph: &Graph, id: AnyId) -> Key {
    (id.kind, graph.slug(id).to_owned())
}

/// What one page showed.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Shows {
    entities: HashSet<Key>,
    kinds: BTreeSet<Kind>,
}

/// What `serve` keeps of the last good build.
#[derive(Default)]
pub struct Record {
    /// Output path → what the page showed (shared by the files of a route).
    pages: HashMap<String, Arc<Shows>>,
    /// Entity → the entities its data refers to.
    references: HashMap<Key, Vec<Key>>,
}

impl Record {
    /// Records a full build.
    pub fn new(graph: &Graph, written: &Written) -> Record {
        let mut r = Record::default();
        r.update(graph, written);
        r
    }

    /// Records the pages `written` made, and every entity's references.
    pub fn update(&mut self, graph: &Graph, written: &Written) {
        for (_, paths, deps) in &written.deps {
            let shows = Arc::new(Shows {
                entities: deps.entities.iter().map(|&id| key(graph, id)).collect(),
                kinds: deps.kinds.clone(),
            });
            for path in paths {
                self.pages.insert(path.clone(), shows.clone());
            }
        }
        self.references = Kind::ALL
            .iter()
            .flat_map(|&k| graph.ids(k))
            .map(|id| {
                let refs = graph
                    .references(id)
                    .into_iter()
                    .map(|r| key(graph, r))
                    .collect();
                (key(graph, id), refs)
            })
            .collect();
    }

    /// Forgets pages that no longer exist.
    pub fn remove(&mut self, path: &str) {
        self.pages.remove(path);
    }

    pub fn paths(&self) -> impl Iterator<Item = &String> {
        self.pages.keys()
    }
}

/// The files of the new build (of all `work`) that `changed` entities touch.
pub fn affected<'o>(
    old: &Record,
    views: &Views<'_>,
    work: Vec<(&'o dyn Output, Route)>,
    changed: &BTreeSet<Key>,
) -> Vec<(&'o dyn Output, Route)> {
    let graph = views.graph;
    let mut entities: HashSet<Key> = changed.clone().into_iter().collect();
    let mut added_or_removed: BTreeSet<Kind> = BTreeSet::new();
    for k in changed {
        match graph.find(k.0, &k.1) {
            Some(index) => {
                let id = AnyId { kind: k.0, index };
                entities.extend(graph.references(id).into_iter().map(|r| key(graph, r)));
            }
            None => {
                added_or_removed.insert(k.0);
            }
        }
        match old.references.get(k) {
            Some(refs) => entities.extend(refs.iter().cloned()),
            None => {
                added_or_removed.insert(k.0);
            }
        }
    }
    let mut paths: HashSet<&str> = HashSet::new();
    for (path, shows) in &old.pages {
        let touched = shows.entities.iter().any(|e| changed.contains(e))
            || shows.kinds.iter().any(|k| added_or_removed.contains(k));
        if touched {
            paths.insert(path);
        }
    }
    work.into_iter()
        .filter(|&(_, route)| {
            let own = match route {
                Route::Entity(_, id) => entities.contains(&key(graph, id)),
                _ => false,
            };
            let path = views.urls.path(route);
            // A page the last build did not have (a new year of the
            // chronicle, a new country) is made whatever changed.
            own || paths.contains(path.as_str()) || !old.pages.contains_key(&path)
        })
        .collect()
}
