//! Reading order, computed once per build: every entity of a kind sorted the
//! way each edition's readers expect (pinyin, stroke order, alphabet; events
//! newest first, then by slug), so views sort their lists by comparing ranks instead of
//! collating names again.

use std::cmp::Ordering;
use std::collections::HashMap;

use crate::diag::Diagnostic;
use crate::graph::{AnyId, Graph};
use crate::model::{Edition, Kind};
use crate::text::collate::Collation;

pub struct Order {
    collations: HashMap<Edition, Collation>,
    /// Per edition and kind, entity indices in reading order.
    order: HashMap<(Edition, Kind), Vec<usize>>,
    /// The inverse of `order`: each entity's position.
    rank: HashMap<(Edition, Kind), Vec<usize>>,
}

impl Order {
    pub fn new(graph: &Graph) -> Result<Order, Diagnostic> {
        let mut collations = HashMap::new();
        for &e in &graph.site.editions {
            collations.insert(e, Collation::for_edition(e).map_err(Diagnostic::error)?);
        }
        let mut o = Order {
            collations,
            order: HashMap::new(),
            rank: HashMap::new(),
        };
        for &e in &graph.site.editions {
            for kind in Kind::ALL {
                let mut idx: Vec<usize> = (0..graph.len(kind)).collect();
                if kind == Kind::Event {
                    // Newest first; events of one date by slug, so every
                    // edition lists them in the same order.
                    let date = |i: usize| graph.site.events[i].data.date.value;
                    let slug = |i: usize| graph.site.events[i].slug.as_str();
                    idx.sort_by(|a, b| {
                        date(*b).cmp(&date(*a)).then_with(|| slug(*a).cmp(slug(*b)))
                    });
                } else {
                    // By name, then by index (so by file order) for equal names.
                    let name = |index| graph.name(AnyId { kind, index }).show(e).text;
                    idx.sort_by_cached_key(|&i| (o.key(e, name(i)), i));
                }
                let mut rank = vec![0; idx.len()];
                for (position, &i) in idx.iter().enumerate() {
                    rank[i] = position;
                }
                o.order.insert((e, kind), idx);
                o.rank.insert((e, kind), rank);
            }
        }
        Ok(o)
    }

    /// The edition's collation.
    pub fn collation(&self, e: Edition) -> Option<&Collation> {
        self.collations.get(&e)
    }

    /// Two texts in the edition's collation.
    pub fn collate(&self, e: Edition, a: &str, b: &str) -> Ordering {
        match self.collations.get(&e) {
            Some(c) => c.compare(a, b),
            None => a.cmp(b),
        }
    }

    /// A key of `text` in the edition's collation (see [`Collation::key`]);
    /// without one, its bytes, which order as `collate` does then.
    pub fn key(&self, e: Edition, text: &str) -> Vec<u8> {
        match self.collations.get(&e) {
            Some(c) => c.key(text),
            None => text.as_bytes().to_vec(),
        }
    }

    /// Every entity of a kind, in reading order.
    pub fn list(&self, e: Edition, kind: Kind) -> &[usize] {
        self.order.get(&(e, kind)).map_or(&[], Vec::as_slice)
    }

    /// Reading order of two entities of a kind.
    pub fn cmp(&self, e: Edition, kind: Kind, a: usize, b: usize) -> Ordering {
        match self.rank.get(&(e, kind)) {
            Some(rank) => rank[a].cmp(&rank[b]),
            None => a.cmp(&b),
        }
    }
}
