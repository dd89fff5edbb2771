//! Stage 3, resolve: every reference between entities checked and turned
//! into edges both ways (relations.rs declares them, resolve.rs follows
//! them), ties merged (ties.rs), and the checks that are not lookups
//! (checks.rs). The `Graph` is the core every view reads; it knows nothing of
//! pages or URLs.

mod checks;
pub mod relations;
mod resolve;
pub mod ties;

use crate::diag::{Diagnostics, Outcome};
use crate::model::{Bodies, City, Council, Event, Id, Kind, Kinded, Site, Text};
use relations::{COUNCIL_PARENT, Link, MEMBERS, Rel};
use resolve::{Edges, Index};
pub use ties::Tie;

/// An entity of any kind: what a page links to or depends on.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct AnyId {
    pub kind: Kind,
    pub index: usize,
}

impl<K: Kinded> From<Id<K>> for AnyId {
    fn from(id: Id<K>) -> AnyId {
        AnyId {
            kind: K::KIND,
            index: id.index(),
        }
    }
}

/// The site with every reference resolved.
pub struct Graph {
    pub site: Site,
    index: Index,
    edges: Vec<Edges>,
    ties: Vec<Tie>,
    /// Per city, and per event where it was signed: positions in `ties`.
    ties_of: Vec<Vec<usize>>,
    signed_at: Vec<Vec<usize>>,
}

impl Graph {
    /// Index of the entity `kind/slug`.
    pub fn find(&self, kind: Kind, slug: &str) -> Option<usize> {
        self.index.find(kind, slug)
    }

    pub fn slug(&self, id: AnyId) -> &str {
        match id.kind {
            Kind::City => &self.site.cities[id.index].slug,
            Kind::Council => &self.site.councils[id.index].slug,
            Kind::Event => &self.site.events[id.index].slug,
        }
    }

    pub fn len(&self, kind: Kind) -> usize {
        match kind {
            Kind::City => self.site.cities.len(),
            Kind::Council => self.site.councils.len(),
            Kind::Event => self.site.events.len(),
        }
    }

    pub fn is_empty(&self) -> bool {
        Kind::ALL.iter().all(|&k| self.len(k) == 0)
    }

    /// Every entity of a kind.
    pub fn ids(&self, kind: Kind) -> impl Iterator<Item = AnyId> {
        (0..self.len(kind)).map(move |index| AnyId { kind, index })
    }

    pub fn city(&self, id: Id<City>) -> &crate::model::Entity<City, Bodies> {
        &self.site.cities[id.index()]
    }

    pub fn council(&self, id: Id<Council>) -> &crate::model::Entity<Council, Bodies> {
        &self.site.councils[id.index()]
    }

    pub fn event(&self, id: Id<Event>) -> &crate::model::Entity<Event, Bodies> {
        &self.site.events[id.index()]
    }

    /// The name of any entity (an event's title).
    pub fn name(&self, id: AnyId) -> &Text {
        match id.kind {
            Kind::City => &self.site.cities[id.index].data.name,
            Kind::Council => &self.site.councils[id.index].data.name,
            Kind::Event => &self.site.events[id.index].data.title,
        }
    }

    /// The bodies of any entity.
    pub fn bodies(&self, id: AnyId) -> &Bodies {
        match id.kind {
            Kind::City => &self.site.cities[id.index].bodies,
            Kind::Council => &self.site.councils[id.index].bodies,
            Kind::Event => &self.site.events[id.index].bodies,
        }
    }

    /// What `from` refers to through `link`, with the item of the field
    /// each reference was written in.
    pub fn targets<F, T>(
        &self,
        link: Link<F, T>,
        from: Id<F>,
    ) -> impl Iterator<Item = (Id<T>, usize)> + '_ {
        self.edges[link.rel as usize].forward[from.index()]
            .iter()
            .map(|e| (Id::new(e.index), e.item))
    }

    /// What refers to `to` through `link`: the back-links.
    pub fn sources<F, T>(
        &self,
        link: Link<F, T>,
        to: Id<T>,
    ) -> impl Iterator<Item = (Id<F>, usize)> + '_ {
        self.edges[link.rel as usize].back[to.index()]
            .iter()
            .map(|e| (Id::new(e.index), e.item))
    }

    /// The one target of a single-valued relation (`parent`, `seat`, `city`).
    pub fn target<F, T>(&self, link: Link<F, T>, from: Id<F>) -> Option<Id<T>> {
        self.targets(link, from).next().map(|(id, _)| id)
    }

    /// Every entity `id`'s own data refers to, through any relation.
    pub fn references(&self, id: AnyId) -> Vec<AnyId> {
        relations::RELATIONS
            .iter()
            .filter(|r| r.from == id.kind)
            .flat_map(|r| {
                self.edges[r.rel as usize].forward[id.index]
                    .iter()
                    .map(|e| AnyId {
                        kind: r.to,
                        index: e.index,
                    })
            })
            .collect()
    }

    /// Every tie, each once, in city order.
    pub fn all_ties(&self) -> &[Tie] {
        &self.ties
    }

    /// A city's ties, merged from both sides.
    pub fn ties(&self, city: Id<City>) -> impl Iterator<Item = &Tie> {
        self.ties_of[city.index()].iter().map(|&t| &self.ties[t])
    }

    /// The ties whose `event:` names this event.
    pub fn ties_signed(&self, event: Id<Event>) -> impl Iterator<Item = &Tie> {
        self.signed_at[event.index()].iter().map(|&t| &self.ties[t])
    }

    /// How many governments belong to a council, counting one with two roles once.
    pub fn member_count(&self, council: Id<Council>) -> usize {
        let mut cities: Vec<Id<City>> = self.targets(MEMBERS, council).map(|(c, _)| c).collect();
        cities.sort_unstable();
        cities.dedup();
        cities.len()
    }

    /// The committees of a council.
    pub fn committees(&self, council: Id<Council>) -> impl Iterator<Item = Id<Council>> + '_ {
        self.sources(COUNCIL_PARENT, council).map(|(c, _)| c)
    }
}

/// Resolves references. The graph is returned whenever the site could be
/// read; errors in the diagnostics mean it must not be rendered.
pub fn resolve(site: Site) -> Outcome<Graph> {
    let mut diags = Diagnostics::new();
    let index = Index::new(&site);
    let edges = resolve::edges(&site, &index, &mut diags);
    checks::countries(&site, &mut diags);
    checks::dates(&site, &mut diags);
    checks::cycles(
        "city",
        &site.cities,
        &edges[Rel::CityParent as usize],
        |c| c.parent.as_ref(),
        &mut diags,
    );
    checks::cycles(
        "council",
        &site.councils,
        &edges[Rel::CouncilParent as usize],
        |c| c.parent.as_ref(),
        &mut diags,
    );
    checks::body_links(&site, &index, &mut diags);
    checks::wikidata(&site, &mut diags);
    let ties = ties::merge(
        &site,
        &edges[Rel::Tie as usize],
        &edges[Rel::TieEvent as usize],
        &mut diags,
    );
    let mut ties_of = vec![Vec::new(); site.cities.len()];
    let mut signed_at = vec![Vec::new(); site.events.len()];
    for (i, t) in ties.iter().enumerate() {
        ties_of[t.a.index()].push(i);
        ties_of[t.b.index()].push(i);
        if let Some(e) = t.event {
            signed_at[e.index()].push(i);
        }
    }
    let graph = Graph {
        site,
        index,
        edges,
        ties,
        ties_of,
        signed_at,
    };
    Outcome::new(Some(graph), diags)
}
