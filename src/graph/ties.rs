//! Ties are symmetric: a tie may be declared in either city's file, or in
//! both. Both declarations must agree; each may add what the other left out
//! (docs/content-format.md, "Cities").

use std::collections::BTreeMap;

use super::resolve::Edges;
use crate::diag::{Diagnostic, Diagnostics};
use crate::model::{City, Event, Id, PartialDate, Site, TieKind, pos_of};

/// A tie between two cities, `a` < `b`, after both declarations are merged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tie {
    pub a: Id<City>,
    pub b: Id<City>,
    pub kind: TieKind,
    pub since: Option<PartialDate>,
    pub event: Option<Id<Event>>,
}

impl Tie {
    /// The city at the other end from `city`.
    pub fn other(&self, city: Id<City>) -> Id<City> {
        if self.a == city { self.b } else { self.a }
    }
}

/// What one declaration says, beside the two cities.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Terms {
    pub kind: TieKind,
    pub since: Option<PartialDate>,
    pub event: Option<Id<Event>>,
}

/// The merge rule: the same kind, and `since` and `event` equal where both
/// sides give them. Returns the merged terms, or `None` when they disagree.
pub fn merge_terms(first: Terms, second: Terms) -> Option<Terms> {
    fn agree<T: PartialEq + Copy>(x: Option<T>, y: Option<T>) -> bool {
        x.is_none() || y.is_none() || x == y
    }
    (first.kind == second.kind
        && agree(first.since, second.since)
        && agree(first.event, second.event))
    .then(|| Terms {
        kind: first.kind,
        since: first.since.or(second.since),
        event: first.event.or(second.event),
    })
}

/// Merges every declared tie. `tie` and `tie_event` are the resolved edges
/// of `ties.city` and `ties.event`; their `item` is the tie's position.
pub fn merge(site: &Site, tie: &Edges, tie_event: &Edges, diags: &mut Diagnostics) -> Vec<Tie> {
    // (low, high) → (terms, declaring city).
    let mut merged: BTreeMap<(usize, usize), (Terms, usize)> = BTreeMap::new();
    for (i, city) in site.cities.iter().enumerate() {
        for end in &tie.forward[i] {
            let declared = &city.data.ties[end.item];
            let at = pos_of(&declared.city);
            let other = end.index;
            if other == i {
                diags.push(
                    Diagnostic::error("a city cannot have a tie with itself")
                        .in_file(&city.file)
                        .at_pos(at),
                );
                continue;
            }
            let event = tie_event.forward[i]
                .iter()
                .find(|e| e.item == end.item)
                .map(|e| Id::new(e.index));
            let terms = Terms {
                kind: declared.kind,
                since: declared.since,
                event,
            };
            let key = (i.min(other), i.max(other));
            let Some(&(first, declarer)) = merged.get(&key) else {
                merged.insert(key, (terms, i));
                continue;
            };
            let slug = &declared.city.value;
            if declarer == i {
                diags.push(
                    Diagnostic::error(format!("tie with `{slug}` is declared twice"))
                        .in_file(&city.file)
                        .at_pos(at),
                );
                continue;
            }
            match merge_terms(first, terms) {
                Some(both) => {
                    merged.insert(key, (both, declarer));
                }
                None => diags.push(
                    Diagnostic::error(format!(
                        "tie with `{slug}` disagrees with the one declared in {}",
                        site.cities[declarer].file.display()
                    ))
                    .in_file(&city.file)
                    .at_pos(at)
                    .help("a tie is symmetric: declare it on one side only, or give both sides the same kind, since and event"),
                ),
            }
        }
    }
    merged
        .into_iter()
        .map(|((a, b), (t, _))| Tie {
            a: Id::new(a),
            b: Id::new(b),
            kind: t.kind,
            since: t.since,
            event: t.event,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(since: Option<i32>, event: Option<usize>) -> Terms {
        Terms {
            kind: TieKind::Sister,
            since: since.map(|year| PartialDate {
                year,
                month: None,
                day: None,
            }),
            event: event.map(Id::new),
        }
    }

    #[test]
    fn both_sides_agree_and_fill_each_other_in() {
        let merged = merge_terms(terms(Some(2007), None), terms(None, Some(3))).unwrap();
        assert_eq!(merged, terms(Some(2007), Some(3)));
        assert_eq!(
            merge_terms(terms(Some(2007), Some(3)), terms(Some(2007), Some(3))),
            Some(terms(Some(2007), Some(3)))
        );
    }

    #[test]
    fn disagreement_is_refused() {
        assert_eq!(
            merge_terms(terms(Some(2007), None), terms(Some(2008), None)),
            None
        );
        assert_eq!(
            merge_terms(terms(None, Some(1)), terms(None, Some(2))),
            None
        );
        let mut other_kind = terms(None, None);
        other_kind.kind = TieKind::Friendship;
        assert_eq!(merge_terms(terms(None, None), other_kind), None);
    }
}
