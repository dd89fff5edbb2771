//! The generic resolver: one pass over every reference of every entity,
//! driven by the relation table. It looks each slug up, reports unknown ones
//! with a suggestion, and records the edge in both directions.

use std::collections::{BTreeSet, HashMap};
use std::path::Path;

use super::relations::{RELATIONS, Reference, References};
use crate::diag::{Diagnostic, Diagnostics, nearest};
use crate::model::{Entity, Kind, Site, pos_of};

/// The other end of an edge: the entity's index in its kind's list, and the
/// item of the referring field the edge comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct End {
    pub index: usize,
    pub item: usize,
}

/// One relation's edges, indexed by entity: `forward[from]`, `back[to]`.
#[derive(Clone, Debug, Default)]
pub struct Edges {
    pub forward: Vec<Vec<End>>,
    pub back: Vec<Vec<End>>,
}

/// Every entity's index by kind and slug, and the slugs for suggestions.
pub struct Index {
    pub by_slug: HashMap<(Kind, String), usize>,
    slugs: HashMap<Kind, Vec<String>>,
    broken: BTreeSet<(Kind, String)>,
}

impl Index {
    pub fn new(site: &Site) -> Index {
        let mut by_slug = HashMap::new();
        let mut slugs: HashMap<Kind, Vec<String>> = HashMap::new();
        let mut add = |kind: Kind, list: &mut dyn Iterator<Item = &str>| {
            for (i, slug) in list.enumerate() {
                by_slug.insert((kind, slug.to_owned()), i);
                slugs.entry(kind).or_default().push(slug.to_owned());
            }
        };
        add(Kind::City, &mut site.cities.iter().map(|e| e.slug.as_str()));
        add(
            Kind::Council,
            &mut site.councils.iter().map(|e| e.slug.as_str()),
        );
        add(
            Kind::Event,
            &mut site.events.iter().map(|e| e.slug.as_str()),
        );
        for (kind, slug) in &site.broken {
            slugs.entry(*kind).or_default().push(slug.clone());
        }
        Index {
            by_slug,
            slugs,
            broken: site.broken.clone(),
        }
    }

    pub fn find(&self, kind: Kind, slug: &str) -> Option<usize> {
        self.by_slug.get(&(kind, slug.to_owned())).copied()
    }

    /// Whether `slug` names an entity whose file did not parse: its own
    /// error is reported, references to it are not.
    pub fn is_broken(&self, kind: Kind, slug: &str) -> bool {
        self.broken.contains(&(kind, slug.to_owned()))
    }

    /// The known slug nearest to a mistyped one.
    pub fn suggest(&self, kind: Kind, slug: &str) -> Option<&str> {
        let candidates = self.slugs.get(&kind).map(Vec::as_slice).unwrap_or(&[]);
        nearest(slug, candidates.iter().map(String::as_str))
    }
}

fn what(kind: Kind) -> &'static str {
    match kind {
        Kind::City => "city",
        Kind::Council => "council",
        Kind::Event => "event",
    }
}

/// Looks up one reference, reporting it when unknown.
fn lookup(index: &Index, r: &Reference<'_>, file: &Path, diags: &mut Diagnostics) -> Option<usize> {
    let def = r.rel.def();
    let slug = r.slug.value.as_str();
    if let Some(i) = index.find(def.to, slug) {
        return Some(i);
    }
    if index.is_broken(def.to, slug) {
        return None;
    }
    let help = match index.suggest(def.to, slug) {
        Some(n) => format!("did you mean `{n}`?"),
        None => format!(
            "`{}` takes the slug of a file in content/{}/ (its name without .yaml)",
            def.field,
            def.to.dir()
        ),
    };
    diags.push(
        Diagnostic::error(format!(
            "unknown {} `{slug}` in `{}`",
            what(def.to),
            def.field
        ))
        .in_file(file)
        .at_pos(pos_of(r.slug))
        .help(help),
    );
    None
}

/// Resolves every reference of every entity. Back-links of relations from
/// events are in date order (then file order), all others in file order.
pub fn edges(site: &Site, index: &Index, diags: &mut Diagnostics) -> Vec<Edges> {
    let count = |kind: Kind| match kind {
        Kind::City => site.cities.len(),
        Kind::Council => site.councils.len(),
        Kind::Event => site.events.len(),
    };
    let mut all: Vec<Edges> = RELATIONS
        .iter()
        .map(|r| Edges {
            forward: vec![Vec::new(); count(r.from)],
            back: vec![Vec::new(); count(r.to)],
        })
        .collect();
    fn pass<D: References>(
        list: &[Entity<D, crate::model::Bodies>],
        index: &Index,
        all: &mut [Edges],
        diags: &mut Diagnostics,
    ) {
        for (from, entity) in list.iter().enumerate() {
            for r in entity.data.references() {
                if let Some(to) = lookup(index, &r, &entity.file, diags) {
                    let edges = &mut all[r.rel as usize];
                    edges.forward[from].push(End {
                        index: to,
                        item: r.item,
                    });
                    edges.back[to].push(End {
                        index: from,
                        item: r.item,
                    });
                }
            }
        }
    }
    pass(&site.cities, index, &mut all, diags);
    pass(&site.councils, index, &mut all, diags);
    pass(&site.events, index, &mut all, diags);
    for r in RELATIONS.iter().filter(|r| r.from == Kind::Event) {
        for list in &mut all[r.rel as usize].back {
            list.sort_by_key(|end| (site.events[end.index].data.date.value, end.index));
        }
    }
    all
}
